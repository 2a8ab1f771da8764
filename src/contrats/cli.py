"""Command-line interface: check, build, validate, render, diff."""

from __future__ import annotations

import argparse
import sys

from . import paths


def _check(args: argparse.Namespace) -> int:
    from .checks import check_corpus
    from .problems import errors, report
    from .reference import load_reference
    from .sources import load_corpus

    corpus, problems = load_corpus()
    problems += check_corpus(corpus, load_reference())
    report(problems, sys.stderr)
    n = len(errors(problems))
    print(f"{len(corpus.sources)} contrat(s) lus, {n} erreur(s)", file=sys.stderr)
    return 1 if n else 0


def _build(args: argparse.Namespace) -> int:
    from .build import build
    return build(paths.DATAPACKAGES)


def _validate(args: argparse.Namespace) -> int:
    from .validate import validate
    return validate(paths.DATAPACKAGES, paths.VALIDATION_REPORT)


def main(argv: list[str] | None = None) -> int:
    """Run one pipeline stage; exit code 0 on success."""
    parser = argparse.ArgumentParser(prog="contrats", description="Contrats territoriaux ouverts")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="contrôler les sources (sans rien écrire)").set_defaults(func=_check)
    sub.add_parser("build", help="construire datapackages/ depuis sources/").set_defaults(func=_build)
    sub.add_parser("validate", help="valider datapackages/ et les sources").set_defaults(func=_validate)
    args = parser.parse_args(argv)
    return args.func(args)
