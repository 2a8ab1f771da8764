"""Read the published data packages (catalogue, one per contract, reference) into typed rows."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

Row = dict[str, Any]
_INT = re.compile(r"^-?\d+$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def cast(value: str, spec: dict) -> Any:
    """Convert one CSV cell to the Python value its Table Schema field describes ('' → None)."""
    if value == "":
        return None
    kind = spec.get("type", "string")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return int(value) if _INT.match(value) else float(value)
    if kind == "boolean":
        return value in spec.get("trueValues", ["true"])
    return value


@dataclass
class Table:
    """One tabular resource: its descriptor (title, schema) and typed rows."""

    name: str
    resource: dict
    rows: list[Row]

    @property
    def fields(self) -> list[dict]:
        """Field descriptors of the table's schema."""
        return self.resource["schema"]["fields"]

    @property
    def field_names(self) -> list[str]:
        """Column names in schema order."""
        return [f["name"] for f in self.fields]


@dataclass
class Package:
    """A Frictionless data package read from disk."""

    path: Path
    descriptor: dict
    tables: dict[str, Table]
    texts: dict[str, str] = field(default_factory=dict)

    def rows(self, name: str) -> list[Row]:
        """Rows of a table (empty when the package has no such table)."""
        table = self.tables.get(name)
        return table.rows if table else []


def latest_date(package: Package) -> str:
    """Date of a package's data: the most recent full ISO date in its fields named date* ('' when none).

    It changes only with the data, so that rebuilding the same data gives the same files (sitemap, « À propos »)."""
    dates = [v for t in package.tables.values() for f in t.field_names if f.startswith("date")
             for v in (row.get(f) for row in t.rows) if isinstance(v, str) and _FULL_DATE.match(v)]
    return max(dates, default="")


def read_text(path: Path) -> str:
    """A document text exactly as published (UTF-8, line ends kept) so quote offsets stay valid."""
    return path.read_bytes().decode("utf-8")


def load_package(path: Path, with_texts: bool = False) -> Package:
    """Load datapackage.json and every CSV resource of a package (and the document texts if asked)."""
    descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    tables: dict[str, Table] = {}
    texts: dict[str, str] = {}
    for resource in descriptor.get("resources", []):
        if resource.get("format") == "csv" and "schema" in resource:
            specs = {f["name"]: f for f in resource["schema"]["fields"]}
            with (path / resource["path"]).open(encoding="utf-8", newline="") as fh:
                rows = [{k: cast(v, specs.get(k, {})) for k, v in row.items()} for row in csv.DictReader(fh)]
            tables[resource["name"]] = Table(resource["name"], resource, rows)
    if with_texts:
        for row in tables["documents"].rows if "documents" in tables else []:
            texts[row["document_id"]] = read_text(path / row["fichier"])
    return Package(path, descriptor, tables, texts)


@dataclass
class SiteData:
    """Everything the site shows, read from datapackages/ only."""

    root: Path
    catalogue: Package
    reference: Package
    contract_dirs: dict[str, Path]
    geo: dict[str, dict]
    by_contract: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    by_id: dict[str, Row] = field(default_factory=dict)
    by_document: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Version of the published catalogue (datapackage.json)."""
        return str(self.catalogue.descriptor.get("version", ""))

    @property
    def contracts(self) -> list[Row]:
        """Rows of the contrats table."""
        return self.catalogue.rows("contrats")

    def contract(self, contract_id: str) -> Row | None:
        """The contrats row of one contract."""
        return self.by_id.get(contract_id)

    def quotes_in(self, document_id: str) -> list[Row]:
        """Rows of the preuves table that cite one document."""
        return self.by_document.get(document_id, [])

    def of(self, contract_id: str, table: str) -> list[Row]:
        """Rows of a catalogue table that belong to one contract."""
        return self.by_contract.get(contract_id, {}).get(table, [])

    @cached_property
    def documents(self) -> dict[str, Row]:
        """Documents rows by id."""
        return {d["document_id"]: d for d in self.catalogue.rows("documents")}


GEO_LAYERS = {
    "regions": "regions-version-simplifiee.geojson",
    "regions-2015": "regions-avant-redecoupage-2015.geojson",
    "departements": "departements-version-simplifiee.geojson",
}


def load_site_data(root: Path) -> SiteData:
    """Read datapackages/ (catalogue with texts, reference with contours, per-contract folders)."""
    catalogue = load_package(root / "catalogue", with_texts=True)
    reference = load_package(root / "reference")
    contract_dirs = {p.parent.name: p.parent for p in sorted((root / "contrats").glob("*/datapackage.json"))}
    geo = {}
    for layer, name in GEO_LAYERS.items():
        path = root / "reference" / "geo" / name
        geo[layer] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"features": []}
    data = SiteData(root, catalogue, reference, contract_dirs, geo)
    grouped: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name, table in catalogue.tables.items():
        for row in table.rows:
            if "contrat_id" in row:
                grouped[row["contrat_id"]][name].append(row)
    data.by_contract = {k: dict(v) for k, v in grouped.items()}
    data.by_id = {c["id"]: c for c in catalogue.rows("contrats")}
    quotes: dict[str, list[Row]] = defaultdict(list)
    for p in catalogue.rows("preuves"):
        if p["document_id"]:  # tier 2 (public pages) has no document text
            quotes[p["document_id"]].append(p)
    data.by_document = dict(quotes)
    return data
