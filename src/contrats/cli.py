"""Command-line interface: check, build, validate, render, index, diff, draft, new, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths


def _check(args: argparse.Namespace) -> int:
    from .pipeline import process
    from .problems import errors, report

    processed = process(args.sources, args.root)
    problems = processed.problems
    report(problems, sys.stderr)
    n = len(errors(problems))
    print(f"{len(processed.outcomes)} contrat(s) lus, {n} erreur(s)", file=sys.stderr)
    return 1 if n else 0


def _build(args: argparse.Namespace) -> int:
    from .build import build
    return build(args.datapackages, args.sources, args.root)


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate
    return validate(args.datapackages, args.report, args.sources, args.root)


def _diff(args: argparse.Namespace) -> int:
    import os

    from .diff import report_against_dir, report_against_git
    catalogue = args.datapackages / "catalogue"
    text = report_against_dir(args.old, catalogue) if args.old else report_against_git(args.base, catalogue, args.root)
    print(text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


def _render(args: argparse.Namespace) -> int:
    from .site.render import main as render_main
    return render_main(args.datapackages, args.docs)


def _index(args: argparse.Namespace) -> int:
    import subprocess

    from .site.render import quiet
    from .site.search import index_site
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: [site] pas de site construit (lancer mkdocs build avant l'index)", file=sys.stderr)
        return 1
    try:
        parts = index_site(args.site)
    except subprocess.CalledProcessError as exc:
        print(f"{args.site}: [pagefind] échec de l'indexation (code {exc.returncode}) ; l'index précédent reste en place",
              file=sys.stderr)
        return 1
    if not quiet():
        print(f"index de recherche : {args.site / 'pagefind'} (parties fusionnées : {', '.join(parts) or 'aucune'})",
              file=sys.stderr)
    return 0


def _draft(args: argparse.Namespace) -> int:
    from .draft import draft_text
    try:
        sys.stdout.write(draft_text(args.document, sources=args.sources))
    except (OSError, UnicodeError) as exc:
        print(f"{args.document}: [lecture] {exc}", file=sys.stderr)
        return 1
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, scaffold
    try:
        out = scaffold(args.document, args.sources, contract_id=args.id, url=args.url, editeur=args.editeur,
                       date=args.date, titre=args.titre, kind=args.type)
    except (ScaffoldError, OSError) as exc:
        print(f"[nouveau] {exc}", file=sys.stderr)
        return 1
    from .sources import display_path, review_marks
    shown = display_path(out, args.root)
    n = len(review_marks(out, shown))
    print(f"{shown} créé ({n} point(s) « À VÉRIFIER ») ; puis : make validate", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .scaffold import json_schema
    text = json_schema()
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one pipeline stage; exit code 0 on success."""
    parser = argparse.ArgumentParser(prog="contrats", description="Contrats territoriaux ouverts")
    parser.add_argument("--sources", type=Path, default=paths.SOURCES, help="dossier des sources (défaut : sources/)")
    parser.add_argument("--datapackages", type=Path, default=paths.DATAPACKAGES, help="dossier des paquets")
    parser.add_argument("--report", type=Path, default=paths.VALIDATION_REPORT, help="rapport JSON de validation")
    parser.add_argument("--root", type=Path, default=paths.ROOT, help="racine pour l'affichage des chemins")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="contrôler les sources (sans rien écrire)").set_defaults(func=_check)
    sub.add_parser("build", help="construire datapackages/ depuis sources/").set_defaults(func=_build)
    sub.add_parser("validate", help="valider datapackages/ et les sources").set_defaults(func=_validate)
    d = sub.add_parser("diff", help="rapport des modifications du catalogue par rapport à une révision git")
    d.add_argument("--base", default="origin/main", help="révision git de référence (défaut : origin/main)")
    d.add_argument("--old", type=Path, help="dossier d'un ancien catalogue, au lieu d'une révision git")
    d.set_defaults(func=_diff)
    render = sub.add_parser("render", help="générer les pages du site (docs/) depuis datapackages/")
    render.add_argument("--docs", type=Path, default=paths.DOCS, help="dossier des pages MkDocs (défaut : docs/)")
    render.set_defaults(func=_render)
    ix = sub.add_parser("index", help="construire l'index de recherche Pagefind du site (en parties fusionnées)")
    ix.add_argument("--site", type=Path, default=paths.SITE, help="dossier du site construit (défaut : site/)")
    ix.set_defaults(func=_index)
    dr = sub.add_parser("draft", help="proposer un brouillon de contrat (YAML) depuis un texte de document")
    dr.add_argument("document", type=Path, help="texte du document (UTF-8)")
    dr.set_defaults(func=_draft)
    nw = sub.add_parser("new", help="créer sources/contrats/<id>.yml depuis un texte de document")
    nw.add_argument("document", type=Path, help="texte du document (UTF-8), copié dans sources/documents/ si besoin")
    nw.add_argument("--id", help="identifiant du contrat (défaut : nom du fichier)")
    nw.add_argument("--url", help="adresse d'origine du document")
    nw.add_argument("--editeur", help="qui publie le document")
    nw.add_argument("--date", help="date du document (AAAA, AAAA-MM ou AAAA-MM-JJ)")
    nw.add_argument("--titre", help="titre du document")
    nw.add_argument("--type", help="type du document (texte du contrat, communiqué, fiche, page web, annexe, autre)")
    nw.set_defaults(func=_new)
    sc = sub.add_parser("schema", help="exporter le modèle des sources en JSON Schema")
    sc.add_argument("-o", "--output", type=Path, help="fichier à écrire (défaut : sortie standard)")
    sc.set_defaults(func=_schema)
    args = parser.parse_args(argv)
    return args.func(args)
