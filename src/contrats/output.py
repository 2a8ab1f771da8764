"""Package files in memory, and writing them to a folder that reuses (hard-links) every unchanged file."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from .model import CatalogueMeta
from .pipeline import Processed
from .reference import PACKAGE, load_reference, reference_rows
from .schemas import REFERENCE_TABLES, SCHEMA_VERSION, TABLES, table_schema
from .state import known_digest, manifest_entry, sha256
from .tables import Row, csv_bytes, csv_header, document_rows_from

Files = Iterator[tuple[str, bytes]]


def _resource(name: str, spec: dict, path: str) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": spec["title"], "description": spec["description"],
            "schema": table_schema(spec)}


_RESOURCE_TEXT: dict[tuple[str, str], str] = {}


def _resource_text(name: str, spec: dict) -> str:
    """A table resource serialised as it sits in a descriptor's resources list (computed once per table)."""
    key = (name, spec["title"])
    if key not in _RESOURCE_TEXT:
        text = json.dumps(_resource(name, spec, f"{name}.csv"), ensure_ascii=False, indent=2)
        _RESOURCE_TEXT[key] = "\n".join("    " + line for line in text.splitlines())
    return _RESOURCE_TEXT[key]


def descriptor_bytes(descriptor: dict, tables: list[tuple[str, dict]], extra: list[dict]) -> bytes:
    """datapackage.json with pre-serialised table resources; the same bytes as json.dumps(indent=2)."""
    head = json.dumps(dict(descriptor, resources=[]), ensure_ascii=False, indent=2)
    tail = '"resources": []\n}'
    assert head.endswith(tail)
    items = [_resource_text(name, spec) for name, spec in tables]
    items += ["\n".join("    " + line for line in json.dumps(r, ensure_ascii=False, indent=2).splitlines()) for r in extra]
    body = '"resources": [\n' + ",\n".join(items) + "\n  ]\n}" if items else tail
    return (head[: -len(tail)] + body + "\n").encode("utf-8")


def package_files(prefix: str, descriptor: dict, csvs: dict[str, bytes], documents: list[Row],
                  texts: dict[str, bytes]) -> Files:
    """Every file of one contract or catalogue package: a CSV per table, the document texts, datapackage.json."""
    extra = []
    specs = TABLES
    for name in specs:
        yield f"{prefix}/{name}.csv", csvs[name] if name in csvs else \
            csv_bytes([fl["name"] for fl in specs[name]["fields"]], documents)
    for doc in documents:
        raw = texts[doc["document_id"]]
        yield f"{prefix}/{doc['fichier']}", raw
        extra.append({"name": f"texte-{doc['document_id']}", "path": doc["fichier"], "format": "txt",
                      "mediatype": "text/plain", "encoding": "utf-8", "title": doc["titre"],
                      "hash": f"sha256:{doc['sha256']}", "bytes": len(raw)})
    yield f"{prefix}/datapackage.json", descriptor_bytes(descriptor, list(specs.items()), extra)


def base_descriptor(meta: CatalogueMeta) -> dict:
    """Descriptor properties shared by every package."""
    return {
        "profile": "data-package",
        "version": meta.version,
        "licenses": [{"name": meta.licence.nom, "title": meta.licence.titre, "path": meta.licence.url}],
        "homepage": meta.site,
        "keywords": ["contrats territoriaux", "CPER", "collectivités territoriales", "finances publiques"],
        "contrats:schema_version": SCHEMA_VERSION,
        **({"contrats:depot": meta.depot} if meta.depot else {}),
    }


def all_files(processed: Processed, reference_dir: Path, counts: dict[str, int]) -> Files:
    """Every file of every package; fills `counts` with the catalogue's row count per table on the way.

    A contract's CSV lines come ready-made from the pipeline (and its cache); the catalogue's tables are their
    concatenation, in contract order, under one header.
    """
    meta = processed.meta
    assert meta is not None
    base = base_descriptor(meta)
    bodies: dict[str, list[bytes]] = {name: [] for name in TABLES if name != "documents"}
    for o in processed.outcomes:
        assert o.csv is not None, "only contracts without errors reach the output"
        docs = document_rows_from(processed.documents, processed.raw_texts, set(o.doc_ids))
        for name, body in o.csv.items():
            bodies[name].append(body)
            counts[name] = counts.get(name, 0) + o.counts[name]
        csvs = {name: csv_header(name) + body for name, body in o.csv.items()}
        descriptor = dict(base, name=o.id, title=o.titre,
                          description=f"{o.famille} — données extraites des documents sources, chaque valeur adossée à une citation.",
                          sources=[{"title": d["titre"], "path": d["fichier"]} for d in docs])
        yield from package_files(f"contrats/{o.id}", descriptor, csvs, docs, processed.raw_texts)
    documents = document_rows_from(processed.documents, processed.raw_texts, None)
    counts["documents"] = len(documents)
    descriptor = dict(base, name=meta.nom, title=meta.titre, description=meta.description,
                      sources=[{"title": d["titre"], "path": d["fichier"]} for d in documents])
    csvs = {name: csv_header(name) + b"".join(parts) for name, parts in bodies.items()}
    yield from package_files("catalogue", descriptor, csvs, documents, processed.raw_texts)
    yield from reference_files(base, reference_dir)


def reference_files(base: dict, reference_dir: Path) -> Files:
    """The reference package: official COG vintages and pre-2016 regions, their GeoJSON outlines, a README."""
    ref = load_reference(reference_dir)
    tables = reference_rows(ref)
    versions = ", ".join(f"{y} : {PACKAGE}@{v}" for y, v in ref.versions.items())
    descriptor = dict(
        base, name="reference-territoires",
        title="Référentiel des territoires (régions, départements, EPCI, communes)",
        description="Régions, départements et collectivités d'outre-mer, EPCI à fiscalité propre et communes, par "
                    f"millésime du Code officiel géographique (millésimes {', '.join(map(str, ref.vintages))}), avec "
                    "leur SIREN et leur population ; régions d'avant 2016 reliées à celles qui leur succèdent ; "
                    "contours simplifiés (GeoJSON). Voir README.md pour les sources et licences.",
        licenses=[{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
                   "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}],
        sources=[{"title": f"Découpage administratif, Etalab ({PACKAGE}, code sous licence MIT ; données INSEE sous "
                           f"Licence Ouverte) — {versions}",
                  "path": "https://github.com/etalab/decoupage-administratif"},
                 {"title": "Code officiel géographique et populations légales, INSEE (Licence Ouverte)",
                  "path": "https://www.insee.fr/fr/information/2560452"},
                 {"title": "SIREN des régions et départements : répertoire SIRENE, INSEE (Licence Ouverte)",
                  "path": "https://www.sirene.fr/"},
                 {"title": "Régions d'avant 2016 et contours simplifiés : données du projet, d'après INSEE et IGN "
                           "(Licence Ouverte)"}])
    extra = []
    for name, spec in REFERENCE_TABLES.items():
        yield f"reference/{name}.csv", csv_bytes([fl["name"] for fl in spec["fields"]], tables[name])
    for src in sorted((reference_dir / "geo").glob("*.geojson")):
        raw = src.read_bytes()
        yield f"reference/geo/{src.name}", raw
        extra.append({"name": src.stem, "path": f"geo/{src.name}", "format": "geojson",
                      "mediatype": "application/geo+json", "encoding": "utf-8",
                      "title": f"Contours : {src.stem}", "bytes": len(raw)})
    readme = (reference_dir / "README.md").read_bytes()
    yield "reference/README.md", readme
    extra.append({"name": "readme", "path": "README.md", "format": "md", "mediatype": "text/markdown",
                  "encoding": "utf-8", "title": "Sources, licences et choix du référentiel", "bytes": len(readme)})
    yield "reference/datapackage.json", descriptor_bytes(descriptor, list(REFERENCE_TABLES.items()), extra)


def unchanged(folder: Path, rel: str, data: bytes, manifest: dict[str, list]) -> bool:
    """Whether folder/rel already holds `data` (by manifest and stat when possible, else by reading it)."""
    path = folder / rel
    try:
        known = known_digest(manifest, rel, path)
        if known is not None:
            return known == sha256(data)
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_tree(files: Files, dest: Path, previous: Path | None, manifest: dict[str, list]) -> tuple[int, int, dict]:
    """Write files under `dest` (a new folder), hard-linking those identical in `previous` (per its manifest).

    Returns (written, reused, SHA-256 of every file by relative path).
    """
    if previous is None:
        manifest = {}
    digests: dict[str, str] = {}
    written = reused = 0
    made: set[Path] = set()
    for rel, data in files:
        target = dest / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is not None and unchanged(previous, rel, data, manifest):
            os.link(previous / rel, target)
            reused += 1
        else:
            target.write_bytes(data)
            written += 1
        digests[rel] = sha256(data)
    return written, reused, digests


def stale_against(files: Files, folder: Path, manifest: dict[str, list], fresh: dict[str, list]) -> list[str]:
    """Relative paths whose content differs between `files` and `folder` (added, removed or changed).

    `fresh` receives the manifest entry of every file found identical.
    """
    expected: set[str] = set()
    stale = []
    for rel, data in files:
        expected.add(rel)
        if unchanged(folder, rel, data, manifest):
            fresh[rel] = manifest_entry(folder / rel, sha256(data))
        else:
            stale.append(rel)
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()
    return sorted(set(stale) | (on_disk - expected))


def swap_in(tmp: Path, target: Path) -> None:
    """Replace `target` by `tmp` (two renames), then delete the old tree."""
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
