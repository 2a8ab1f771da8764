"""Download files: spreadsheet-friendly CSV, JSON, XLSX, zipped data package and a SQLite database."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data import Package, Table

# Fixed timestamp for zip entries so that rebuilding identical data gives identical files.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
FORMATS = {"csv": "CSV (tableur, «\u00a0;\u00a0»)", "json": "JSON", "xlsx": "Excel (XLSX)", "zip": "Paquet de données (ZIP)",
           "sqlite": "Base SQLite"}


@dataclass(frozen=True)
class Download:
    """One file offered for download: site path, format key, human label, size in bytes."""

    path: str
    format: str
    label: str
    size: int


def _spreadsheet_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def write_excel_csv(path: Path, table: Table) -> None:
    """CSV for French spreadsheets: UTF-8 with BOM, « ; » separator, decimal comma, oui/non booleans."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(table.field_names)
    for row in table.rows:
        w.writerow([_spreadsheet_cell(row.get(n)) for n in table.field_names])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def package_json(package: Package) -> dict:
    """The whole package as one JSON document: metadata and every table as a list of typed records."""
    meta = {k: v for k, v in package.descriptor.items() if k != "resources"}
    return {**meta, "tables": {name: [{n: row.get(n) for n in t.field_names} for row in t.rows]
                               for name, t in package.tables.items()}}


def write_json(path: Path, package: Package) -> None:
    """Write package_json deterministically."""
    path.write_text(json.dumps(package_json(package), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite an XLSX (zip) with fixed entry timestamps and a fixed « modified » property (reproducible bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2020-01-01T00:00:00Z\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


def write_xlsx(path: Path, package: Package, about: list[tuple[str, str]]) -> None:
    """One sheet per table (plus « À propos »), via pandas and openpyxl, with reproducible bytes."""
    import datetime as dt

    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        pd.DataFrame(about, columns=["Rubrique", "Valeur"]).to_excel(writer, sheet_name="À propos", index=False)
        for name, table in package.tables.items():
            frame = pd.DataFrame([[row.get(n) for n in table.field_names] for row in table.rows],
                                 columns=table.field_names, dtype=object)
            frame.to_excel(writer, sheet_name=name[:31], index=False)
        fixed = dt.datetime(2020, 1, 1)
        writer.book.properties.created = fixed
        writer.book.properties.modified = fixed
        writer.book.properties.creator = "Contrats territoriaux ouverts"
    path.write_bytes(_normalise_zip(buf.getvalue()))


def write_zip(path: Path, folder: Path) -> None:
    """Zip a data package folder as published (original comma-separated CSV, datapackage.json, texts)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            info = zipfile.ZipInfo(f"{folder.name}/{p.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, p.read_bytes())


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value


def write_sqlite(path: Path, package: Package) -> None:
    """SQLite database: one typed table per resource (primary keys kept), plus metadata and dictionary tables."""
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    try:
        for name, table in package.tables.items():
            cols = [f'"{f["name"]}" {SQL_TYPES.get(f["type"], "TEXT")}' for f in table.fields]
            pk = table.resource["schema"].get("primaryKey")
            if pk:
                cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in pk) + ")")
            con.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
            marks = ", ".join("?" for _ in table.field_names)
            con.executemany(f'INSERT INTO "{name}" VALUES ({marks})',
                            [[_sql_value(r.get(n)) for n in table.field_names] for r in table.rows])
        con.execute("CREATE TABLE _metadonnees (cle TEXT PRIMARY KEY, valeur TEXT)")
        meta = {k: v for k, v in package.descriptor.items() if k != "resources"}
        con.executemany("INSERT INTO _metadonnees VALUES (?, ?)",
                        [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in meta.items()])
        con.execute("CREATE TABLE _dictionnaire (table_nom TEXT, champ TEXT, titre TEXT, type TEXT, description TEXT, "
                    "PRIMARY KEY (table_nom, champ))")
        con.executemany("INSERT INTO _dictionnaire VALUES (?, ?, ?, ?, ?)",
                        [(name, f["name"], f.get("title"), f.get("type"), f.get("description"))
                         for name, table in package.tables.items() for f in table.fields])
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def write_package_downloads(package: Package, dest: Path, stem: str, about: list[tuple[str, str]],
                            sqlite: bool = False, xlsx: bool = True) -> list[Download]:
    """Write every download of one package under `dest` (a docs/ folder); return them, paths relative to dest."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "csv").mkdir(exist_ok=True)
    out: list[Download] = []
    for name, table in package.tables.items():
        p = dest / "csv" / f"{name}.csv"
        write_excel_csv(p, table)
        out.append(Download(f"csv/{name}.csv", "csv", table.resource.get("title", name), p.stat().st_size))
    p = dest / f"{stem}.json"
    write_json(p, package)
    out.append(Download(p.name, "json", "Toutes les tables", p.stat().st_size))
    if xlsx:
        p = dest / f"{stem}.xlsx"
        write_xlsx(p, package, about)
        out.append(Download(p.name, "xlsx", "Toutes les tables, une feuille par table", p.stat().st_size))
    p = dest / f"{stem}-paquet.zip"
    write_zip(p, package.path)
    out.append(Download(p.name, "zip", "Paquet Frictionless : datapackage.json, CSV d’origine (séparateur « , »)"
                        + (", textes des documents" if (package.path / "documents").is_dir() else ""),
                        p.stat().st_size))
    if sqlite:
        p = dest / f"{stem}.sqlite"
        write_sqlite(p, package)
        out.append(Download(p.name, "sqlite", "Toutes les tables, avec dictionnaire des champs", p.stat().st_size))
    return out


def size(n: int) -> str:
    """Human file size in French: 12,3 ko, 1,2 Mo."""
    from .fmt import number
    if n < 1000:
        return f"{n}\u00a0o"
    if n < 1_000_000:
        return f"{number(round(n / 1000, 1))}\u00a0ko"
    return f"{number(round(n / 1_000_000, 1))}\u00a0Mo"

