"""Download files: spreadsheet-friendly CSV, JSON, XLSX, zipped data package and a SQLite database.

Per package (the catalogue, each contract), at stable addresses (``telechargements/contrats/<id>/<id>.xlsx``…):

- ``<stem>-paquet.zip``: the Frictionless package exactly as published (datapackage.json, CSV, document texts);
- ``<stem>-csv.zip``: one CSV per table for French spreadsheets (UTF-8 with BOM, « ; », decimal comma);
- ``<stem>.xlsx``: « À propos », one sheet per table (French column titles, typed cells), « Dictionnaire »;
- ``<stem>.json.gz``: metadata and every table as a list of typed records (gzip);
- ``<stem>.sqlite.gz``: typed tables with their dictionary (catalogue only).

Every format is compressed and reproducible (fixed timestamps). In the two spreadsheet formats only, text that a
spreadsheet would run as a formula is neutralised (see ``neutralise``); the Frictionless CSV stay exact.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from .data import Package, Table
from .page import write_if_changed

# Fixed timestamp for zip entries so that rebuilding identical data gives identical files.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
FORMATS = {"csv": "CSV pour tableur (ZIP)", "json": "JSON (gzip)", "xlsx": "Excel (XLSX)",
           "zip": "Paquet de données (ZIP)", "sqlite": "Base SQLite (gzip)", "txt": "Texte brut"}
MEDIA_TYPES = {"csv": "application/zip", "json": "application/gzip", "zip": "application/zip",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "sqlite": "application/gzip", "txt": "text/plain"}
SOURCE_NAME = "Contrats territoriaux ouverts"
ABOUT_SHEET, DICTIONARY_SHEET = "À propos", "Dictionnaire"
DICTIONARY_TITLES = ("Feuille", "Colonne", "Nom du champ", "Type", "Description")
# A cell a spreadsheet would run as a formula starts with one of these (OWASP, « CSV injection »).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Download:
    """One file offered for download: path (relative to its folder), format key, label, size, SHA-256, row counts."""

    path: str
    format: str
    label: str
    size: int
    sha256: str = ""
    tables: dict[str, int] = field(default_factory=dict, hash=False)

    def record(self) -> list:
        """The download as a JSON-ready list (render's manifest)."""
        return [self.path, self.format, self.label, self.size, self.sha256, self.tables]


def needs_neutralising(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula, or when it already starts with the neutralising
    apostrophe before such a character (so that `neutralise` can always be undone)."""
    rest = text.lstrip("'")
    return rest != "" and rest[0] in FORMULA_START


def neutralise(text: str) -> str:
    """Spreadsheet text: an apostrophe before text that would run as a formula (undo: drop one leading
    apostrophe when what follows the apostrophes starts with = + - @ tab or carriage return)."""
    return "'" + text if needs_neutralising(text) else text


def _decimal(value: float) -> str:
    """A float with a decimal comma and never an exponent (1e-05 → 0,00001)."""
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text.replace(".", ",")


def _csv_converter(spec: dict) -> Callable[[Any], str]:
    kind = spec.get("type", "string")
    if kind == "boolean":
        return lambda v: "" if v is None else ("oui" if v else "non")
    if kind in ("integer", "number"):
        return lambda v: "" if v is None else _decimal(v) if isinstance(v, float) else str(v)
    if kind in ("date", "year"):
        return lambda v: "" if v is None else str(v)
    return lambda v: "" if v is None else neutralise(str(v))


def _excel_csv_chunks(table: Table, rows_per_chunk: int = 5000) -> Iterable[str]:
    """The spreadsheet CSV of one table (BOM, header of field names, then every row), a few thousand rows at a time."""
    names = table.field_names
    converters = [_csv_converter(f) for f in table.fields]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    buf.write("\ufeff")
    w.writerow(names)
    for start in range(0, len(table.rows), rows_per_chunk):
        w.writerows([conv(row.get(n)) for n, conv in zip(names, converters)]
                    for row in table.rows[start:start + rows_per_chunk])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def excel_csv(table: Table) -> bytes:
    """CSV for French spreadsheets: UTF-8 with BOM, « ; » separator, decimal comma, oui/non booleans."""
    return "".join(_excel_csv_chunks(table)).encode("utf-8")


def write_excel_csv(path: Path, table: Table) -> None:
    """Write excel_csv(table) to `path`."""
    path.write_bytes(excel_csv(table))


def _zip_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=6)


def _zip_stream(zf: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zf.open(info, "w", force_zip64=True) as fh:
        for chunk in chunks:
            fh.write(chunk.encode("utf-8"))


def csv_zip(package: Package, stem: str) -> bytes:
    """Every table as a spreadsheet CSV (same bytes as excel_csv), in one zip (folder `<stem>-csv/`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, table in package.tables.items():
            _zip_stream(zf, f"{stem}-csv/{name}.csv", _excel_csv_chunks(table))
    return out.getvalue()


def _json_chunks(package: Package) -> Iterable[str]:
    """The whole package as one compact JSON document (metadata and every table as a list of typed records),
    serialised table by table: never the whole document in memory at once."""
    meta = {k: v for k, v in package.descriptor.items() if k != "resources"}
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = dump(meta)
    yield head[:-1] + (',"tables":{' if meta else '"tables":{')
    for i, (name, t) in enumerate(package.tables.items()):
        names = t.field_names
        yield ("," if i else "") + dump(name) + ":["
        for start in range(0, len(t.rows), 2000):
            chunk = [{n: row.get(n) for n in names} for row in t.rows[start:start + 2000]]
            yield ("," if start else "") + dump(chunk)[1:-1]
        yield "]"
    yield "}}\n"


def json_gz(package: Package) -> bytes:
    """The package as compact UTF-8 JSON (see _json_chunks), gzip-compressed with a fixed header (reproducible bytes)."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=6) as gz:
        for chunk in _json_chunks(package):
            gz.write(chunk.encode("utf-8"))
    return out.getvalue()


# --- XLSX (XlsxWriter, constant-memory mode: rows go to disk as they are written) ------------------------------

XLSX_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                "strings_to_urls": False}
XLSX_DATE = datetime(2020, 1, 1)  # document properties: fixed, so that identical data give identical bytes
WIDTH_SAMPLE = 2000  # rows looked at to size a column
MIN_WIDTH, MAX_WIDTH = 8, 60


def _width(title: str, values: Iterable[Any]) -> float:
    longest = max((len(v) if isinstance(v, str) else len(str(v)) for v in values if v is not None), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(title) + 2, longest + 1)))


class _Sheets:
    """Cell formats of one workbook and the writing of a typed, titled sheet."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.header = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        self.text = wb.add_format({"quote_prefix": True})  # text that would otherwise read as a formula
        self.date = wb.add_format({"num_format": "dd/mm/yyyy"})
        self.decimal = wb.add_format({"num_format": "#,##0.0##"})
        self.integer = wb.add_format({"num_format": "#,##0"})

    def sheet(self, name: str, titles: list[str], kinds: list[str], rows: list[list[Any]] | Iterable[list[Any]],
              sample: list[list[Any]]) -> None:
        """One sheet: bold frozen header of titles, filters, sized columns, one typed cell per value."""
        ws = self.wb.add_worksheet(name)
        for i, title in enumerate(titles):
            kind_width = 11 if kinds[i] == "date" else None
            ws.set_column(i, i, kind_width or _width(title, (r[i] for r in sample)))
        ws.freeze_panes(1, 0)
        for i, title in enumerate(titles):
            ws.write_string(0, i, title, self.header)
        n = 0
        for n, row in enumerate(rows, start=1):
            for i, value in enumerate(row):
                if value is None or value == "":
                    continue
                kind = kinds[i]
                if kind == "boolean":
                    ws.write_boolean(n, i, bool(value))
                elif kind in ("integer", "number") and isinstance(value, (int, float)):
                    ws.write_number(n, i, value, self.integer if isinstance(value, int) else self.decimal)
                elif kind == "date" and (day := _date(value)) is not None:
                    ws.write_datetime(n, i, day, self.date)
                else:
                    text = str(value)
                    ws.write_string(n, i, text, self.text if needs_neutralising(text) else None)
        if titles:
            ws.autofilter(0, 0, max(n, 1), len(titles) - 1)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def dictionary_rows(package: Package) -> list[list[Any]]:
    """One row per column of every table: sheet, column title, field name, type, description."""
    return [[name, f.get("title", f["name"]), f["name"], f.get("type", "string"), f.get("description", "")]
            for name, table in package.tables.items() for f in table.fields]


def write_xlsx(path: Path, package: Package, about: list[tuple[str, str]]) -> None:
    """Workbook: « À propos », one sheet per table (French column titles, typed cells), then « Dictionnaire »."""
    wb = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    wb.set_properties({"title": package.descriptor.get("title", ""), "author": SOURCE_NAME,
                       "created": XLSX_DATE, "comments": "Licence Ouverte 2.0"})
    sheets = _Sheets(wb)
    about_rows = [list(a) for a in about]
    sheets.sheet(ABOUT_SHEET, ["Rubrique", "Valeur"], ["string", "string"], about_rows, about_rows)
    for name, table in package.tables.items():
        names = table.field_names
        kinds = [f.get("type", "string") for f in table.fields]
        titles = [f.get("title") or f["name"] for f in table.fields]
        rows = table.rows
        sample = [[r.get(n) for n in names] for r in rows[:WIDTH_SAMPLE]]
        sheets.sheet(name[:31], titles, kinds, ([r.get(n) for n in names] for r in rows), sample)
    words = dictionary_rows(package)
    sheets.sheet(DICTIONARY_SHEET, list(DICTIONARY_TITLES), ["string"] * len(DICTIONARY_TITLES), words, words)
    wb.close()


def xlsx_bytes(package: Package, about: list[tuple[str, str]]) -> bytes:
    """write_xlsx through a temporary file; reproducible bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "classeur.xlsx"
        write_xlsx(path, package, about)
        return path.read_bytes()


def package_zip(folder: Path) -> bytes:
    """Zip a data package folder as published (original comma-separated CSV, datapackage.json, texts)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            _zip_entry(zf, f"{folder.name}/{p.relative_to(folder).as_posix()}", p.read_bytes())
    return out.getvalue()


def write_zip(path: Path, folder: Path) -> None:
    """Write package_zip(folder) to `path`."""
    path.write_bytes(package_zip(folder))


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
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        for name, table in package.tables.items():
            cols = [f'"{f["name"]}" {SQL_TYPES.get(f["type"], "TEXT")}' for f in table.fields]
            pk = table.resource["schema"].get("primaryKey")
            if pk:
                cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in pk) + ")")
            con.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
            marks = ", ".join("?" for _ in table.field_names)
            con.executemany(f'INSERT INTO "{name}" VALUES ({marks})',
                            ([_sql_value(r.get(n)) for n in table.field_names] for r in table.rows))
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


def sqlite_gz(package: Package) -> bytes:
    """write_sqlite into a temporary file, gzip-compressed with a fixed header."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db.sqlite"
        write_sqlite(db, package)
        out = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=6) as gz, db.open("rb") as fh:
            while block := fh.read(1 << 20):
                gz.write(block)
        return out.getvalue()


ZIP_LABEL = "Paquet Frictionless : datapackage.json, CSV d’origine (séparateur « , »)"


ALL_FORMATS = ("zip", "csv", "xlsx", "json", "sqlite")


def write_package_downloads(package: Package, dest: Path, stem: str, about: list[tuple[str, str]],
                            sqlite: bool = False, xlsx: bool = True, only: tuple[str, ...] = ALL_FORMATS) -> list[Download]:
    """Write every download of one package under `dest` (a docs/ folder); return them, paths relative to dest.

    `only` restricts the formats written (a large catalogue's formats are written by parallel jobs). Files whose
    bytes did not change are left untouched (their mtime too).
    """
    out: list[Download] = []
    counts = {name: len(t.rows) for name, t in package.tables.items()}

    def put(name: str, fmt: str, label: str, data: bytes) -> None:
        write_if_changed(dest / name, data)
        out.append(Download(name, fmt, label, len(data), hashlib.sha256(data).hexdigest(), counts))

    if "zip" in only:
        texts = ", textes des documents" if (package.path / "documents").is_dir() else ""
        put(f"{stem}-paquet.zip", "zip", ZIP_LABEL + texts, package_zip(package.path))
    if "csv" in only:
        put(f"{stem}-csv.zip", "csv", "Une table par fichier CSV (UTF-8, séparateur « ; », virgule décimale) : "
            + ", ".join(package.tables), csv_zip(package, stem))
    if xlsx and "xlsx" in only:
        put(f"{stem}.xlsx", "xlsx", "Toutes les tables, une feuille par table (titres des colonnes en français), "
            "avec « À propos » et « Dictionnaire »", xlsx_bytes(package, about))
    if "json" in only:
        put(f"{stem}.json.gz", "json", "Toutes les tables, en un document JSON compressé (gzip)", json_gz(package))
    if sqlite and "sqlite" in only:
        put(f"{stem}.sqlite.gz", "sqlite", "Toutes les tables, avec dictionnaire des champs (base SQLite compressée, gzip)",
            sqlite_gz(package))
    return out


def size(n: int) -> str:
    """Human file size in French: 12,3 ko, 1,2 Mo."""
    from .fmt import number
    if n < 1000:
        return f"{n}\u00a0o"
    if n < 1_000_000:
        return f"{number(round(n / 1000, 1))}\u00a0ko"
    return f"{number(round(n / 1_000_000, 1))}\u00a0Mo"
