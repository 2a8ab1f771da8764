"""Command-line interface: check, build, validate, render, diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths


def _check(args: argparse.Namespace) -> int:
    from .build import load_and_check
    from .problems import errors, report

    corpus, _, problems = load_and_check(args.sources, args.root)
    report(problems, sys.stderr)
    n = len(errors(problems))
    print(f"{len(corpus.sources)} contrat(s) lus, {n} erreur(s)", file=sys.stderr)
    return 1 if n else 0


def _build(args: argparse.Namespace) -> int:
    from .build import build
    return build(args.datapackages, args.sources, args.root)


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate
    return validate(args.datapackages, args.report, args.sources, args.root)


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
    args = parser.parse_args(argv)
    return args.func(args)
