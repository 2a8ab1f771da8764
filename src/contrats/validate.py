"""Validate stage: domain checks on sources, freshness of datapackages/, Frictionless on every package."""

from __future__ import annotations

import filecmp
import sys
import time
from pathlib import Path

from . import paths
from .build import cache_dir_for, check_minimums, manifest_for
from .output import all_files, stale_against
from .pipeline import process
from .problems import Problem, errors, report, to_json
from .sources import display_path


def stale_files(built: Path, committed: Path) -> list[str]:
    """Relative paths that differ between two package folders (added, removed or changed)."""
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()

    a, b = files(built), files(committed)
    changed = [rel for rel in sorted(a & b) if not filecmp.cmp(built / rel, committed / rel, shallow=False)]
    return sorted((a ^ b) | set(changed))


def frictionless_problems(package: Path, root: Path = paths.ROOT) -> list[Problem]:
    """Run Frictionless on one datapackage.json; each error located by file and row."""
    from frictionless import Package, system

    problems = []
    with system.use_context(trusted=False):
        result = Package(str(package)).validate()
    for task in result.tasks:
        place = package.parent / task.place if task.place else package
        for err in task.errors:
            line = getattr(err, "row_number", None) or 1
            field = getattr(err, "field_name", None) or task.name
            problems.append(Problem(display_path(place, root), line, field, f"frictionless:{err.type}", err.message))
    for err in result.errors:
        problems.append(Problem(display_path(package, root), 1, "(paquet)", f"frictionless:{err.type}", err.message))
    return problems


FULL_LIMIT = 50  # up to this many contracts, Frictionless runs on every per-contract package
SAMPLE = 20


def packages_to_validate(target: Path) -> list[Path]:
    """The catalogue and reference packages, and every per-contract package (a spread sample above FULL_LIMIT).

    A per-contract package holds, byte for byte, what the build derives from the same rows as the catalogue,
    with the same Table Schemas (the freshness check proves the bytes): Frictionless on the whole catalogue
    therefore covers every row, and the sample checks the per-contract descriptors and their document files.
    """
    if not target.exists():
        return []
    main = [p for p in (target / "catalogue" / "datapackage.json", target / "reference" / "datapackage.json") if p.exists()]
    contracts = sorted((target / "contrats").glob("*/datapackage.json"))
    if len(contracts) > FULL_LIMIT:
        step = len(contracts) / SAMPLE
        contracts = [contracts[int(i * step)] for i in range(SAMPLE)]
    return main + contracts


def validate(target: Path = paths.DATAPACKAGES, report_path: Path = paths.VALIDATION_REPORT,
             sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT) -> int:
    """Run every check; print located errors, write a JSON report, exit non-zero on any error."""
    start = time.perf_counter()
    processed = process(sources_dir, root, cache_dir_for(target))
    problems = processed.problems
    if not errors(problems) and processed.meta is not None:
        catalogue: dict = {}
        stale = stale_against(all_files(processed, sources_dir / "reference", catalogue), target, manifest_for(target))
        problems += check_minimums(catalogue, processed.meta)
        for rel in stale[:20]:
            problems.append(Problem(display_path(target / rel, root), 1, "(fichier)", "perime",
                                    f"{target.name}/ ne correspond plus à sources/ : lancer « make data » et committer"))
    packages = packages_to_validate(target)
    if not packages:
        problems.append(Problem(display_path(target, root), 1, "(dossier)", "absent", "aucun paquet : lancer « make data »"))
    for package in packages:
        problems += frictionless_problems(package, root)
    report(problems, sys.stderr)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(to_json(problems), encoding="utf-8")
    n = len(errors(problems))
    print(f"validation : {len(processed.outcomes)} contrat(s), Frictionless sur {len(packages)} paquet(s), "
          f"{n} erreur(s) en {time.perf_counter() - start:.1f} s — rapport {display_path(report_path, root)}",
          file=sys.stderr)
    return 1 if n else 0
