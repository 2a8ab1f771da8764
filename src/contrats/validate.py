"""Validate stage: domain checks on sources, freshness of datapackages/, Frictionless on every package."""

from __future__ import annotations

import csv
import hashlib
import sys
import time
from pathlib import Path
from typing import Any

from . import paths, state
from .build import check_minimums
from .output import all_files, stale_against
from .parallel import fork_map
from .pipeline import Outcome, process
from .problems import Problem, errors, report, to_json
from .sources import display_path
from .yamlsrc import SourceError, load_yaml, loc_to_str


def frictionless_problems(package: Path, root: Path = paths.ROOT) -> list[Problem]:
    """Run Frictionless on one datapackage.json; each error located by file and row."""
    from frictionless import FrictionlessException, Package, system

    problems = []
    try:
        with system.use_context(trusted=False):
            result = Package(str(package)).validate()
    except FrictionlessException as exc:  # a descriptor Frictionless cannot even open (hand-edited, truncated)
        return [Problem(display_path(package, root), 1, "(paquet)", f"frictionless:{exc.error.type}", exc.error.message)]
    for task in result.tasks:
        place = package.parent / task.place if task.place else package
        for err in task.errors:
            line = getattr(err, "row_number", None) or 1
            field = getattr(err, "field_name", None) or task.name
            problems.append(Problem(display_path(place, root), line, field, f"frictionless:{err.type}", err.message))
    for err in result.errors:
        problems.append(Problem(display_path(package, root), 1, "(paquet)", f"frictionless:{err.type}", err.message))
    return problems


# Published table → (YAML list of a contract file, column holding the item's id there).
_YAML_LISTS = {"parties": ("parties", "partie_id"), "operations": ("operations", "operation_id"),
               "financements": ("financements", "ligne_id"), "chiffres": ("chiffres", "chiffre_id"),
               "jalons": ("jalons", "jalon_id"), "ecarts": ("ecarts", "ecart_id"),
               "structure": ("structure", "element_id"), "documents": ("documents", "document_id")}


def _find_item(node: Any, item_id: str, loc: tuple) -> tuple | None:
    """YAML location of the mapping whose `id` is item_id, searched depth first (structure elements nest)."""
    if isinstance(node, dict):
        if node.get("id") == item_id:
            return loc
        node = node.get("elements")
        loc = loc + ("elements",)
    if isinstance(node, list):
        for i, child in enumerate(node):
            found = _find_item(child, item_id, loc + (i,))
            if found:
                return found
    return None


def _csv_row(path: Path, row_number: int | None) -> dict[str, str] | None:
    """Row `row_number` of a CSV as Frictionless counts (the header is row 1; None or below 2: no data row)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                if n == row_number:
                    return row
    except (OSError, UnicodeError, csv.Error):
        return None
    return None


def to_source(problem: Problem, outcomes: list[Outcome], root: Path) -> Problem:
    """Locate a Frictionless error of a generated CSV on the YAML value it was built from, when that is known.

    The message keeps the CSV file and row; an error that no source value explains stays on the CSV.
    """
    path = root / problem.file
    if path.suffix != ".csv":
        return problem
    row = _csv_row(path, problem.line)
    if row is None:
        return problem
    table = path.stem
    files = {o.id: o.display for o in outcomes}
    if table == "documents":
        owner = next((o.display for o in outcomes
                      if any(d.id == row.get("document_id") for d in o.declared)), None)
        display, key = owner, ("documents", "document_id")
    else:
        display, key = files.get(row.get("contrat_id") or row.get("id")), _YAML_LISTS.get(table)
    if display is None:
        return problem
    try:
        loaded = load_yaml(root / display, display)
    except SourceError:
        return problem
    loc: tuple | None = None
    if key is not None and isinstance(loaded.data, dict):
        loc = _find_item(loaded.data.get(key[0]), row.get(key[1]) or "", (key[0],))
    elif table == "contrats":
        loc = ()
    if loc is None:
        return problem
    item = loaded.data
    for part in loc:
        item = item[part]
    if isinstance(item, dict) and problem.field in item:
        loc = loc + (problem.field,)
    where = f"{problem.file}, ligne {problem.line}, colonne {problem.field}"
    return Problem(display, loaded.line_of(loc), loc_to_str(loc), problem.rule, f"{problem.message} ({where})",
                   problem.severity)


FULL_LIMIT = 50  # up to this many contract packages to check, Frictionless runs on each of them
SAMPLE = 8


def package_digests(files: dict[str, str]) -> dict[str, str]:
    """Digest of each package folder (catalogue, reference, contrats/<id>) from its files' digests."""
    groups: dict[str, list[str]] = {}
    for rel in files:
        parts = rel.split("/")
        folder = "/".join(parts[:2]) if parts[0] == "contrats" and len(parts) > 2 else parts[0]
        groups.setdefault(folder, []).append(rel)
    out = {}
    for folder, rels in groups.items():
        if f"{folder}/datapackage.json" not in files:
            continue
        h = hashlib.sha256()
        for rel in sorted(rels):
            h.update(f"{rel[len(folder) + 1:]}\0{files[rel]}\n".encode())
        out[folder] = h.hexdigest()
    return out


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


def _freshness(target: Path, sources_dir: Path, root: Path) -> tuple[list[Problem], int, str, dict[str, str] | None]:
    """Whether the packages are what a build of the current sources writes: (problems, contracts, how decided,
    the digest of every published file when it was computed on the way).

    With a build record made from exactly the current inputs and code, freshness is decided from it: only the
    published files are compared with the manifest of that build (a file whose stat still matches is not read).
    Without one (a fresh clone, sources changed since, new code), every file is rebuilt in memory and compared;
    when they all match, the record is written so that the next validation takes the short path.
    """
    inputs = state.current_inputs(sources_dir)
    record = state.recorded_build(target, inputs)
    if record is not None:
        problems = [Problem(**p) for p in record.get("problems", [])]
        manifest = state.load_json(state.manifest_for(target))
        files = state.file_digests(target, manifest)
        for rel in state.altered_outputs(manifest, files)[:20]:
            problems.append(Problem(display_path(target / rel, root), 1, "(fichier)", "perime",
                                    "fichier différent de ce que la dernière construction a écrit (modifié à la main ?)"
                                    " : lancer « make data »"))
        return problems, int(record.get("contracts", 0)), "enregistrement de la construction", files
    processed = process(sources_dir, root, state.cache_dir_for(target))
    problems = processed.problems
    if not errors(problems) and processed.meta is not None:
        catalogue: dict = {}
        fresh: dict[str, list] = {}
        stale = stale_against(all_files(processed, sources_dir / "reference", catalogue), target,
                              state.load_json(state.manifest_for(target)), fresh)
        problems += check_minimums(catalogue, processed.meta)
        for rel in stale[:20]:
            problems.append(Problem(display_path(target / rel, root), 1, "(fichier)", "perime",
                                    f"{target.name}/ ne correspond plus à sources/ : lancer « make data » et committer"))
        if not errors(problems):
            state.write_record(target, inputs, fresh, problems, len(processed.outcomes))
    return problems, len(processed.outcomes), "reconstruction en mémoire", None


def validate(target: Path = paths.DATAPACKAGES, report_path: Path = paths.VALIDATION_REPORT,
             sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT) -> int:
    """Run every check; print located errors, write a JSON report, exit non-zero on any error."""
    start = time.perf_counter()
    problems, contracts, how, files = _freshness(target, sources_dir, root)
    vcache = state.validated_for(target)
    validated = state.load_json(vcache)
    if files is None:
        files = state.file_digests(target, state.load_json(state.manifest_for(target)))
    digests = package_digests(files)
    if not digests:
        problems.append(Problem(display_path(target, root), 1, "(dossier)", "absent", "aucun paquet : lancer « make data »"))
    digests["catalogue/datapackage.json"] = files.get("catalogue/datapackage.json", "") if "catalogue" in digests else ""
    packages = packages_to_validate(target, digests, validated)
    found = [p for ps in fork_map(_frictionless_one, [(p, root) for p in packages], min_items=2) for p in ps]
    if found:  # locating them on the YAML needs the contracts' files and declared documents
        outcomes = process(sources_dir, root, state.cache_dir_for(target)).outcomes
        problems += [to_source(p, outcomes, root) for p in found]
    report(problems, sys.stderr)
    if not errors(problems):
        state.save_json(vcache, digests)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(to_json(problems), encoding="utf-8")
    n = len(errors(problems))
    print(f"validation : {contracts} contrat(s) ({how}), Frictionless sur {len(packages)} paquet(s) modifié(s), "
          f"{n} erreur(s) en {time.perf_counter() - start:.1f} s — rapport {display_path(report_path, root)}",
          file=sys.stderr)
    return 1 if n else 0
