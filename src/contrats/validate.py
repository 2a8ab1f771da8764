"""Validate stage: domain checks on sources, freshness of datapackages/, Frictionless on every package."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

from . import paths
from .build import cache_dir_for, check_minimums, manifest_for
from .output import all_files, load_manifest, stale_against
from .parallel import fork_map
from .pipeline import process
from .problems import Problem, errors, report, to_json
from .sources import display_path


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


FULL_LIMIT = 50  # up to this many contract packages to check, Frictionless runs on each of them
SAMPLE = 8


def _digest_of(target: Path, folder: Path, manifest: dict[str, list]) -> str:
    """Digest of a package folder's files (stat-matched manifest digests, else the bytes)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = str(path.relative_to(target))
        st = path.stat()
        known = manifest.get(rel)
        sha = known[3] if known and known[:3] == [st.st_size, st.st_mtime_ns, st.st_ino] else \
            hashlib.sha256(path.read_bytes()).hexdigest()
        h.update(f"{path.relative_to(folder)}\0{sha}\n".encode())
    return h.hexdigest()


def packages_to_validate(target: Path, digests: dict[str, str], validated: dict[str, str]) -> list[Path]:
    """Which packages Frictionless must check, given their digests and those of the last successful run.

    Unchanged packages are skipped. A per-contract package holds, byte for byte, what the build derives from
    the same rows as the catalogue with the same Table Schemas (the freshness check proves the bytes), and every
    key and reference of the catalogue stays within one contract (contrat_id is part of each key) or points at
    the documents table. So when the catalogue's descriptor is unchanged and every changed contract package is
    checked here, the catalogue is valid without reading it again; otherwise it is checked whole. Above
    FULL_LIMIT changed contract packages, a spread sample of them is checked and the catalogue is checked whole.
    """
    def changed(rel: str) -> bool:
        return digests[rel] != validated.get(rel)

    contracts = [rel for rel in digests if rel.startswith("contrats/") and changed(rel)]
    out = [rel for rel in ("reference",) if rel in digests and changed(rel)]
    if len(contracts) > FULL_LIMIT:
        step = len(contracts) / SAMPLE
        contracts = [contracts[int(i * step)] for i in range(SAMPLE)]
        catalogue_whole = True
    else:
        catalogue_whole = validated.get("catalogue/datapackage.json") != digests.get("catalogue/datapackage.json")
    if "catalogue" in digests and changed("catalogue") and catalogue_whole:
        out.insert(0, "catalogue")
    return [target / rel / "datapackage.json" for rel in out + contracts]


def _frictionless_one(args: tuple[Path, Path]) -> list[Problem]:
    return frictionless_problems(*args)


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
    vcache = manifest_for(target).with_name(f"{target.name}-validation.json")
    validated = json.loads(vcache.read_text(encoding="utf-8")) if vcache.exists() else {}
    manifest = load_manifest(manifest_for(target))
    folders = ([target / "catalogue", target / "reference"] + sorted((target / "contrats").glob("*"))) \
        if target.exists() else []
    digests = {str(f.relative_to(target)): _digest_of(target, f, manifest) for f in folders if (f / "datapackage.json").exists()}
    digests["catalogue/datapackage.json"] = hashlib.sha256(
        (target / "catalogue" / "datapackage.json").read_bytes()).hexdigest() if "catalogue" in digests else ""
    packages = packages_to_validate(target, digests, validated)
    if not digests:
        problems.append(Problem(display_path(target, root), 1, "(dossier)", "absent", "aucun paquet : lancer « make data »"))
    for found in fork_map(_frictionless_one, [(p, root) for p in packages], min_items=2):
        problems += found
    report(problems, sys.stderr)
    if not errors(problems):
        vcache.parent.mkdir(parents=True, exist_ok=True)
        vcache.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(to_json(problems), encoding="utf-8")
    n = len(errors(problems))
    print(f"validation : {len(processed.outcomes)} contrat(s), Frictionless sur {len(packages)} paquet(s) modifié(s), "
          f"{n} erreur(s) en {time.perf_counter() - start:.1f} s — rapport {display_path(report_path, root)}",
          file=sys.stderr)
    return 1 if n else 0
