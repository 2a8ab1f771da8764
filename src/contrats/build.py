"""Build stage: sources/ → datapackages/ (one package per contract, the catalogue, the reference), atomically."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import paths
from .checks import check_corpus, reconciliation
from .model import CatalogueMeta
from .problems import Problem, errors, report
from .reference import load_reference
from .schemas import REFERENCE_TABLES, SCHEMA_VERSION, TABLES, table_schema
from .sources import Corpus, load_corpus
from .tables import Row, contract_rows, document_rows
from .yamlsrc import SourceError, load_yaml

TABLE_ORDER = list(TABLES)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def write_csv(path: Path, fields: list[str], rows: list[Row]) -> None:
    """Write rows as UTF-8 CSV, fixed column order, '\\n' line ends, byte-stable."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for row in rows:
        w.writerow([_cell(row.get(name)) for name in fields])
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_json(path: Path, data: Any) -> None:
    """Write JSON deterministically (UTF-8, indented, trailing newline)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


_RESOURCE_TEXT: dict[tuple[str, str], str] = {}


def _resource_text(name: str, spec: dict) -> str:
    """A table resource serialised as it sits in a descriptor's resources list (computed once per table)."""
    key = (name, spec["title"])
    if key not in _RESOURCE_TEXT:
        text = json.dumps(_resource(name, spec, f"{name}.csv"), ensure_ascii=False, indent=2)
        _RESOURCE_TEXT[key] = "\n".join("    " + line for line in text.splitlines())
    return _RESOURCE_TEXT[key]


def write_descriptor(path: Path, descriptor: dict, tables: list[tuple[str, dict]], extra: list[dict]) -> None:
    """Write a datapackage.json whose table resources come pre-serialised; same bytes as json.dumps(indent=2)."""
    head = json.dumps(dict(descriptor, resources=[]), ensure_ascii=False, indent=2)
    assert head.endswith('"resources": []\n}')
    items = [_resource_text(name, spec) for name, spec in tables]
    items += ["\n".join("    " + line for line in json.dumps(r, ensure_ascii=False, indent=2).splitlines()) for r in extra]
    body = '"resources": [\n' + ",\n".join(items) + "\n  ]\n}" if items else '"resources": []\n}'
    path.write_text(head[: -len('"resources": []\n}')] + body + "\n", encoding="utf-8")


def load_meta(path: Path = paths.SOURCES / "catalogue.yml") -> tuple[CatalogueMeta | None, list[Problem]]:
    """Read the catalogue metadata."""
    loaded = None
    try:
        loaded = load_yaml(path, "sources/catalogue.yml")
        return CatalogueMeta.model_validate(loaded.data), []
    except SourceError as exc:
        return None, [Problem(exc.file, exc.line, exc.field, exc.rule, exc.message)]
    except ValidationError as exc:
        return None, [Problem("sources/catalogue.yml", loaded.line_of(tuple(e["loc"])), ".".join(map(str, e["loc"])),
                              e["type"], e["msg"]) for e in exc.errors()]


def _resource(name: str, spec: dict, path: str) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": spec["title"], "description": spec["description"],
            "schema": table_schema(spec)}


def _package(dest: Path, descriptor: dict, tables: dict[str, list[Row]], specs: dict[str, dict],
             documents: list[Row], corpus: Corpus | None) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    resources: list[dict] = []
    for name, spec in specs.items():
        rows = tables.get(name, [])
        write_csv(dest / f"{name}.csv", [fl["name"] for fl in spec["fields"]], rows)
    if corpus is not None and documents:
        (dest / "documents").mkdir(exist_ok=True)
        for doc in documents:
            target = dest / doc["fichier"]
            target.write_bytes(corpus.raw_texts[doc["document_id"]])
            resources.append({"name": f"texte-{doc['document_id']}", "path": doc["fichier"], "format": "txt",
                              "mediatype": "text/plain", "encoding": "utf-8", "title": doc["titre"],
                              "hash": f"sha256:{doc['sha256']}", "bytes": target.stat().st_size})
    write_descriptor(dest / "datapackage.json", descriptor, list(specs.items()), resources)


def _base_descriptor(meta: CatalogueMeta) -> dict:
    return {
        "profile": "data-package",
        "version": meta.version,
        "licenses": [{"name": meta.licence.nom, "title": meta.licence.titre, "path": meta.licence.url}],
        "homepage": meta.site,
        "keywords": ["contrats territoriaux", "CPER", "collectivités territoriales", "finances publiques"],
        "contrats:schema_version": SCHEMA_VERSION,
    }


def generate(dest: Path, corpus: Corpus, meta: CatalogueMeta,
             reference_dir: Path = paths.REFERENCE_SRC) -> dict[str, list[Row]]:
    """Write every package under `dest`; return the catalogue tables."""
    reference = load_reference(reference_dir)
    catalogue: dict[str, list[Row]] = {name: [] for name in TABLES}
    base = _base_descriptor(meta)
    for source in sorted(corpus.sources, key=lambda s: s.contract.id):
        c = source.contract
        tables = contract_rows(source, corpus, reference, reconciliation(c))
        doc_ids = {row["document_id"] for row in tables.get("preuves", [])} | {c.document_principal}
        docs = document_rows(corpus, doc_ids)
        tables["documents"] = docs
        for name in TABLES:
            if name != "documents":
                catalogue[name].extend(tables.get(name, []))
        descriptor = dict(base, name=c.id, title=c.titre,
                          description=f"{c.famille} — données extraites des documents sources, chaque valeur adossée à une citation.",
                          sources=[{"title": d["titre"], "path": d["fichier"]} for d in docs])
        _package(dest / "contrats" / c.id, descriptor, tables, TABLES, docs, corpus)
    catalogue["documents"] = document_rows(corpus)
    descriptor = dict(base, name=meta.nom, title=meta.titre, description=meta.description,
                      sources=[{"title": d["titre"], "path": d["fichier"]} for d in catalogue["documents"]])
    _package(dest / "catalogue", descriptor, catalogue, TABLES, catalogue["documents"], corpus)
    _reference_package(dest / "reference", base, reference_dir)
    return catalogue


def _reference_package(dest: Path, base: dict, reference_dir: Path) -> None:
    tables = {}
    for name in REFERENCE_TABLES:
        with (reference_dir / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    descriptor = dict(base, name="reference-territoires", title="Référentiel des territoires (régions, départements)",
                      description="Régions avant et après 2016 et départements, avec leurs codes INSEE (COG) et millésimes, "
                                  "et leurs contours simplifiés (GeoJSON). Source : INSEE et IGN, Licence Ouverte.",
                      sources=[{"title": "Code officiel géographique, INSEE"},
                               {"title": "Contours simplifiés des régions et départements, IGN/INSEE (Licence Ouverte)"}])
    _package(dest, descriptor, tables, REFERENCE_TABLES, [], None)
    geo = dest / "geo"
    geo.mkdir(exist_ok=True)
    desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    for src in sorted((reference_dir / "geo").glob("*.geojson")):
        shutil.copyfile(src, geo / src.name)
        desc["resources"].append({"name": src.stem, "path": f"geo/{src.name}", "format": "geojson",
                                  "mediatype": "application/geo+json", "encoding": "utf-8",
                                  "title": f"Contours : {src.stem}", "bytes": src.stat().st_size})
    write_json(dest / "datapackage.json", desc)


def check_minimums(catalogue: dict[str, list[Row]], meta: CatalogueMeta) -> list[Problem]:
    """Minimum row counts declared in sources/catalogue.yml."""
    out = []
    for table, minimum in sorted(meta.minimums.items()):
        n = len(catalogue.get(table, []))
        if n < minimum:
            out.append(Problem("sources/catalogue.yml", 1, f"minimums.{table}", "minimum",
                               f"{n} ligne(s) dans {table}, {minimum} attendue(s) au moins"))
    return out


def load_and_check(sources_dir: Path = paths.SOURCES,
                   root: Path = paths.ROOT) -> tuple[Corpus, CatalogueMeta | None, list[Problem]]:
    """Read sources and run every domain check."""
    meta, problems = load_meta(sources_dir / "catalogue.yml")
    corpus, found = load_corpus(sources_dir, root)
    problems += found
    problems += check_corpus(corpus, load_reference(sources_dir / "reference"))
    return corpus, meta, problems


def build(target: Path = paths.DATAPACKAGES, sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT) -> int:
    """Build all packages into a temporary folder and swap it in only when everything succeeded."""
    corpus, meta, problems = load_and_check(sources_dir, root)
    if errors(problems) or meta is None:
        report(problems, sys.stderr)
        print(f"échec : {len(errors(problems))} erreur(s) ; {target.name}/ n'a pas été modifié", file=sys.stderr)
        return 1
    tmp = target.parent / f".{target.name}.tmp"
    old = target.parent / f".{target.name}.old"
    for leftover in (tmp, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        catalogue = generate(tmp, corpus, meta, sources_dir / "reference")
        minimum_problems = check_minimums(catalogue, meta)
        if minimum_problems:
            report(minimum_problems, sys.stderr)
            shutil.rmtree(tmp)
            print(f"échec : comptes minimaux non atteints ; {target.name}/ n'a pas été modifié", file=sys.stderr)
            return 1
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    n = len(corpus.sources)
    print(f"{n} contrat(s) → {target.name}/ ({sum(len(v) for v in catalogue.values())} lignes au catalogue)", file=sys.stderr)
    return 0
