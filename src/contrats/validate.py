"""Validate stage: domain checks on sources, freshness of datapackages/, Frictionless on every package."""

from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

from . import paths
from .build import check_minimums, generate, load_and_check
from .problems import Problem, errors, report, to_json
from .sources import display_path


def stale_files(built: Path, committed: Path) -> list[str]:
    """Relative paths that differ between a fresh build and the committed packages (added, removed or changed)."""
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


def validate(target: Path = paths.DATAPACKAGES, report_path: Path = paths.VALIDATION_REPORT,
             sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT) -> int:
    """Run every check; print located errors, write a JSON report, exit non-zero on any error."""
    corpus, meta, problems = load_and_check(sources_dir, root)
    if not errors(problems) and meta is not None:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "datapackages"
            catalogue = generate(fresh, corpus, meta, sources_dir / "reference")
            problems += check_minimums(catalogue, meta)
            for rel in stale_files(fresh, target)[:20]:
                problems.append(Problem(display_path(target / rel, root), 1, "(fichier)", "perime",
                                        f"{target.name}/ ne correspond plus à sources/ : lancer « make data » et committer"))
    packages = sorted(target.rglob("datapackage.json")) if target.exists() else []
    if not packages:
        problems.append(Problem(display_path(target, root), 1, "(dossier)", "absent", "aucun paquet : lancer « make data »"))
    for package in packages:
        problems += frictionless_problems(package, root)
    report(problems, sys.stderr)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(to_json(problems), encoding="utf-8")
    n = len(errors(problems))
    print(f"validation : {len(packages)} paquet(s), {len(corpus.sources)} contrat(s), {n} erreur(s) "
          f"— rapport {display_path(report_path, root)}", file=sys.stderr)
    return 1 if n else 0



