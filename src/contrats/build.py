"""Build stage: sources/ → datapackages/ (a package per contract, the catalogue, the reference), atomically."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from . import paths, state
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


def progress(message: str) -> None:
    """A progress line on stderr, except in CI logs."""
    if not os.environ.get("CI"):
        print(message, file=sys.stderr)


def generate(dest: Path, processed: Processed, reference_dir: Path = paths.REFERENCE_SRC, previous: Path | None = None,
             manifest: dict[str, list] | None = None) -> tuple[dict[str, int], dict[str, str]]:
    """Write every package under `dest`, reusing identical files of `previous`; the catalogue's row counts and
    the SHA-256 of every file written."""
    counts: dict[str, int] = {}
    written, reused, digests = write_tree(all_files(processed, reference_dir, counts), dest, previous, manifest or {})
    progress(f"  fichiers : {written} écrits, {reused} inchangés")
    return counts, digests


def build(target: Path = paths.DATAPACKAGES, sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT) -> int:
    """Build all packages into a temporary folder and swap it in only when everything succeeded."""
    start = time.perf_counter()
    inputs = state.current_inputs(sources_dir)  # before reading: an edit during the build leaves the record stale
    processed = process(sources_dir, root, state.cache_dir_for(target))
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
        catalogue, digests = generate(tmp, processed, sources_dir / "reference", target if target.exists() else None,
                                       state.load_json(state.manifest_for(target)))
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
    manifest = {rel: state.manifest_entry(target / rel, digest) for rel, digest in digests.items()}
    state.write_record(target, inputs, manifest, problems, len(processed.outcomes))
    print(f"{len(processed.outcomes)} contrat(s) → {target.name}/ ({sum(catalogue.values())} "
          f"lignes au catalogue) en {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0
