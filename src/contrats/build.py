"""Build stage: sources/ → datapackages/ (a package per contract, the catalogue, the reference), atomically."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from . import paths
from .model import CatalogueMeta
from .output import all_files, swap_in, write_tree
from .pipeline import Processed, process
from .problems import Problem, errors, report

def check_minimums(counts: dict[str, int], meta: CatalogueMeta) -> list[Problem]:
    """Minimum row counts declared in sources/catalogue.yml."""
    out = []
    for table, minimum in sorted(meta.minimums.items()):
        n = counts.get(table, 0)
        if n < minimum:
            out.append(Problem("sources/catalogue.yml", 1, f"minimums.{table}", "minimum",
                               f"{n} ligne(s) dans {table}, {minimum} attendue(s) au moins"))
    return out


def cache_dir_for(target: Path) -> Path:
    """Per-contract cache of a packages folder: build/cache/contrats beside it (build/ is not versioned)."""
    return target.resolve().parent / "build" / "cache" / "contrats"


def manifest_for(target: Path) -> Path:
    """Stat manifest of a packages folder, kept beside the cache."""
    return target.resolve().parent / "build" / "cache" / f"{target.name}-manifest.json"


def progress(message: str) -> None:
    """A progress line on stderr, except in CI logs."""
    import os
    if not os.environ.get("CI"):
        print(message, file=sys.stderr)


def generate(dest: Path, processed: Processed, reference_dir: Path = paths.REFERENCE_SRC,
             previous: Path | None = None, manifest: Path | None = None) -> dict[str, int]:
    """Write every package under `dest`, reusing identical files of `previous`; return the catalogue's row counts."""
    counts: dict[str, int] = {}
    written, reused = write_tree(all_files(processed, reference_dir, counts), dest, previous, manifest)
    progress(f"  fichiers : {written} écrits, {reused} inchangés")
    return counts


def build(target: Path = paths.DATAPACKAGES, sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT) -> int:
    """Build all packages into a temporary folder and swap it in only when everything succeeded."""
    start = time.perf_counter()
    processed = process(sources_dir, root, cache_dir_for(target))
    problems = processed.problems
    progress(f"build : {len(processed.outcomes)} contrat(s) contrôlé(s) ({processed.reused} repris du cache) "
             f"en {time.perf_counter() - start:.1f} s")
    if errors(problems) or processed.meta is None:
        report(problems, sys.stderr)
        print(f"échec : {len(errors(problems))} erreur(s) ; {target.name}/ n'a pas été modifié", file=sys.stderr)
        return 1
    tmp = target.parent / f".{target.name}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        catalogue = generate(tmp, processed, sources_dir / "reference", target if target.exists() else None,
                             manifest_for(target))
        minimum_problems = check_minimums(catalogue, processed.meta)
        if minimum_problems:
            report(minimum_problems, sys.stderr)
            shutil.rmtree(tmp)
            print(f"échec : comptes minimaux non atteints ; {target.name}/ n'a pas été modifié", file=sys.stderr)
            return 1
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap_in(tmp, target)
    print(f"{len(processed.outcomes)} contrat(s) → {target.name}/ ({sum(catalogue.values())} "
          f"lignes au catalogue) en {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0
