"""Download files: spreadsheet-friendly CSV, JSON, XLSX, zipped data package and a SQLite database.

Per package, at stable addresses (``telechargements/contrats/<id>/<id>.xlsx``…):

- ``<stem>-paquet.zip``: the Frictionless package as published (datapackage.json, CSV, document texts); in a
  contract's package each Table Schema is referenced by the address of the shared file
  ``telechargements/schemas/<table>.json`` (written once for the whole site) instead of being repeated;
- ``<stem>-csv.zip``: one CSV per table for French spreadsheets (UTF-8 with BOM, « ; », decimal comma);
- ``<stem>.xlsx``: « À propos », one sheet per table (French column titles, typed cells), « Dictionnaire »;
- ``<stem>.json.gz``: metadata and every table as a list of typed records (gzip);
- ``<stem>.sqlite.gz``: typed tables with their dictionary.

The catalogue gets every format (CATALOGUE_FORMATS), a contract only its package and workbook (CONTRACT_FORMATS:
the catalogue has the rest, see the data page). Every format is compressed and reproducible (fixed timestamps). In
the two spreadsheet formats only, text that a spreadsheet would run as a formula is neutralised (see
``neutralise``); the Frictionless CSV stay exact.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .data import Package, Table
from .page import write_if_changed

# Fixed timestamp for zip entries so that rebuilding identical data gives identical files.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
FORMATS = {"csv": "CSV pour tableur (ZIP)", "json": "JSON (gzip)", "xlsx": "Excel (XLSX)",
           "zip": "Paquet de données (ZIP)", "sqlite": "Base SQLite (gzip)", "txt": "Texte brut",
           "schema": "Schéma de table (Table Schema, JSON)"}
MEDIA_TYPES = {"csv": "application/zip", "json": "application/gzip", "zip": "application/zip",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "sqlite": "application/gzip", "txt": "text/plain", "schema": "application/json"}
# Formats of the catalogue (all of them, in this order) and of each contract (see the data page for why).
CATALOGUE_FORMATS = ("zip", "csv", "xlsx", "json", "sqlite")
CONTRACT_FORMATS = ("zip", "xlsx")
SCHEMA_FOLDER = "schemas"  # telechargements/schemas/<table>.json: each Table Schema, written once
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


# --- XLSX (hand-written SpreadsheetML, streamed into the zip; XlsxWriter cost +45 % CPU of the site build, issue 10) --

WIDTH_SAMPLE = 2000  # rows looked at to size a column
MIN_WIDTH, MAX_WIDTH = 8, 60
EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 of the 1900 date system (serials are right from 1900-03-01 on)
FIRST_SERIAL_DAY = date(1900, 3, 1)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Cell styles (index into cellXfs below): header, neutralised text, date, decimal, integer.
S_HEADER, S_QUOTED, S_DATE, S_DECIMAL, S_INTEGER = 1, 2, 3, 4, 5
STYLES = (XML_HEAD + f'<styleSheet xmlns="{NS_MAIN}">'
          '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
          '<numFmt numFmtId="165" formatCode="#,##0.0##"/></numFmts>'
          '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
          '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
          '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
          '<alignment vertical="top" wrapText="1"/></xf>'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
          '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
ROOT_RELS = (XML_HEAD + f'<Relationships xmlns="{NS_PKG_REL}">'
             f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
             f'<Relationship Id="rId2" Type="{NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
             '</Relationships>')


def _width(title: str, values: Iterable[Any]) -> float:
    longest = max((len(v) if isinstance(v, str) else len(str(v)) for v in values if v is not None), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(title) + 2, longest + 1)))


def _column(i: int) -> str:
    """Column letters of 0-based index i (0 → A, 26 → AA)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _xml(text: str) -> str:
    """Text as XML character data: illegal characters dropped, & < > escaped, carriage returns kept as &#13;."""
    return xml_escape(XML_ILLEGAL.sub("", text)).replace("\r", "&#13;")


def _attr(text: str) -> str:
    return _xml(text).replace('"', "&quot;")


def _inline(ref: str, text: str, style: int = 0) -> str:
    """An inline-string cell; `ref` is its ' r="B7"' attribute, or "" when it follows the previous cell of its row."""
    text = text[:32767]  # Excel's cell limit
    space = ' xml:space="preserve"' if text != text.strip() else ""
    s = f' s="{style}"' if style else ""
    return f'<c{ref} t="inlineStr"{s}><is><t{space}>{_xml(text)}</t></is></c>'


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _cell(ref: str, kind: str, value: Any) -> str:
    """One typed cell: boolean, number (integer or decimal format), date serial, else inline text."""
    if kind == "boolean":
        return f'<c{ref} t="b"><v>{int(bool(value))}</v></c>'
    if kind in ("integer", "number") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int):
            return f'<c{ref} s="{S_INTEGER}"><v>{value}</v></c>'
        return f'<c{ref} s="{S_DECIMAL}"><v>{value!r}</v></c>'
    if kind == "date" and (day := _date(value)) is not None and day >= FIRST_SERIAL_DAY:
        return f'<c{ref} s="{S_DATE}"><v>{(day - EXCEL_EPOCH).days}</v></c>'
    text = str(value)
    return _inline(ref, text, S_QUOTED if needs_neutralising(text) else 0)


def _row_cells(cols: list[str], kinds: list[str], row: list[Any], r: int) -> str:
    """The cells of row `r`, empty values left out. SpreadsheetML's cell and row references are optional (a cell
    without one follows the previous cell, a row the previous row): only a cell after a gap names its place, which
    keeps each contract's workbook about a fifth smaller."""
    out = []
    gap = False
    for i, v in enumerate(row):
        if v is None or v == "":
            gap = True
            continue
        out.append(_cell(f' r="{cols[i]}{r}"' if gap else "", kinds[i], v))
        gap = False
    return "".join(out)


def _sheet_chunks(titles: list[str], kinds: list[str], rows: Iterable[list[Any]], n_rows: int,
                  sample: list[list[Any]], first: bool) -> Iterable[str]:
    """SpreadsheetML of one sheet: frozen bold header of titles, sized columns, typed cells, autofilter;
    a few thousand rows at a time (a large catalogue never sits whole in memory)."""
    cols = [_column(i) for i in range(max(len(titles), 1))]
    last = f"{cols[-1]}{n_rows + 1}"
    widths = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{11.0 if kinds[i] == "date" else _width(t, (r[i] for r in sample))}" '
                     'customWidth="1"/>' for i, t in enumerate(titles))
    selected = 'tabSelected="1" ' if first else ""
    yield (XML_HEAD + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><dimension ref="A1:{last}"/>'
           f'<sheetViews><sheetView {selected}workbookViewId="0">'
           '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
           '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{widths}</cols>" if widths else "") + "<sheetData>"
           '<row r="1">' + "".join(_inline("", t, S_HEADER) for t in titles) + "</row>")
    parts: list[str] = []
    for r, row in enumerate(rows, start=2):
        parts.append(f"<row>{_row_cells(cols, kinds, row, r)}</row>")
        if len(parts) >= 5000:
            yield "".join(parts)
            parts = []
    parts.append("</sheetData>")
    if titles:
        parts.append(f'<autoFilter ref="A1:{cols[-1]}{max(n_rows, 1) + 1}"/>')
    parts.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    yield "".join(parts)


def dictionary_rows(package: Package) -> list[list[Any]]:
    """One row per column of every table: sheet, column title, field name, type, description."""
    return [[name, f.get("title", f["name"]), f["name"], f.get("type", "string"), f.get("description", "")]
            for name, table in package.tables.items() for f in table.fields]


def _workbook_parts(names: list[str], filters: list[str], title: str) -> dict[str, str]:
    """The fixed parts of a workbook of sheets `names` (filters: each sheet's autofilter range, or "")."""
    n = len(names)
    quoted = ["'" + name.replace("'", "''") + "'" for name in names]
    defined = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                      f'{_xml(quoted[i])}!{ref}</definedName>' for i, ref in enumerate(filters) if ref)
    return {
        "[Content_Types].xml": XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT_SHEET}"/>' for i in range(1, n + 1))
        + "</Types>",
        "_rels/.rels": ROOT_RELS,
        "docProps/core.xml": XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_xml(title)}</dc:title><dc:creator>{SOURCE_NAME}</dc:creator>"
        "<dc:description>Licence Ouverte 2.0</dc:description>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{XLSX_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{XLSX_DATE}</dcterms:modified></cp:coreProperties>',
        "xl/workbook.xml": XML_HEAD + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>'
        + "".join(f'<sheet name="{_attr(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, start=1))
        + "</sheets>" + (f"<definedNames>{defined}</definedNames>" if defined else "") + "</workbook>",
        "xl/_rels/workbook.xml.rels": XML_HEAD + f'<Relationships xmlns="{NS_PKG_REL}">'
        + "".join(f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                  for i in range(1, n + 1))
        + f'<Relationship Id="rId{n + 1}" Type="{NS_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": STYLES,
    }


XLSX_DATE = "2020-01-01T00:00:00Z"  # document properties: fixed, so that identical data give identical bytes


def _values(table: Table) -> Iterable[list[Any]]:
    """The rows of `table` as lists of values in field order (names bound here, per table: a generator expression
    in the caller's loop would read the last table's names)."""
    names = table.field_names
    return ([row.get(n) for n in names] for row in table.rows)


def _write_workbook(target: Path | io.BytesIO, package: Package, about: list[tuple[str, str]],
                    dictionary: bool = True) -> None:
    about_rows = [list(a) for a in about]
    sheets: list[tuple[str, list[str], list[str], Iterable[list[Any]], int, list[list[Any]]]] = [
        (ABOUT_SHEET, ["Rubrique", "Valeur"], ["string", "string"], about_rows, len(about_rows), about_rows)]
    for name, table in package.tables.items():
        names = table.field_names
        rows = table.rows
        sheets.append((name[:31], [f.get("title") or f["name"] for f in table.fields],
                       [f.get("type", "string") for f in table.fields],
                       _values(table), len(rows),
                       [[r.get(n) for n in names] for r in rows[:WIDTH_SAMPLE]]))
    if dictionary:
        words = dictionary_rows(package)
        sheets.append((DICTIONARY_SHEET, list(DICTIONARY_TITLES), ["string"] * len(DICTIONARY_TITLES), words,
                       len(words), words))
    filters = [f"$A$1:${_column(len(s[1]) - 1)}${max(s[4], 1) + 1}" if s[1] else "" for s in sheets]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for part, text in _workbook_parts([s[0] for s in sheets], filters,
                                          str(package.descriptor.get("title", ""))).items():
            _zip_entry(zf, part, text.encode("utf-8"))
        for i, (_, titles, kinds, rows, n_rows, sample) in enumerate(sheets, start=1):
            _zip_stream(zf, f"xl/worksheets/sheet{i}.xml", _sheet_chunks(titles, kinds, rows, n_rows, sample, i == 1))


def write_xlsx(path: Path, package: Package, about: list[tuple[str, str]]) -> None:
    """Workbook: « À propos », one sheet per table (French column titles, typed cells), then « Dictionnaire »."""
    _write_workbook(path, package, about)


def xlsx_bytes(package: Package, about: list[tuple[str, str]], dictionary: bool = True) -> bytes:
    """write_xlsx in memory (without « Dictionnaire » when `dictionary` is false: a contract's workbook points to the
    shared one from « À propos »); reproducible bytes (fixed zip timestamps and document dates)."""
    out = io.BytesIO()
    _write_workbook(out, package, about, dictionary)
    return out.getvalue()


def shared_schema_bytes(schema: dict) -> bytes:
    """A Table Schema as the shared file ``schemas/<table>.json`` holds it (indented UTF-8 JSON)."""
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_references(descriptor: dict, shared: dict[str, tuple[str, dict]]) -> dict:
    """The descriptor with each resource's inline schema replaced by the address of the shared file holding exactly
    that schema (`shared`: table name → (address, schema)); a schema that differs stays inline."""
    out = dict(descriptor)
    resources = []
    for r in descriptor.get("resources", []):
        ref = shared.get(r.get("name", ""))
        resources.append(dict(r, schema=ref[0]) if ref and r.get("schema") == ref[1] else r)
    out["resources"] = resources
    return out


def package_zip(folder: Path, shared: dict[str, tuple[str, dict]] | None = None) -> bytes:
    """Zip a data package folder as published (original comma-separated CSV, datapackage.json, texts); with `shared`,
    its datapackage.json references the shared Table Schemas by address (schema_references)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            rel = p.relative_to(folder).as_posix()
            body = p.read_bytes()
            if shared and rel == "datapackage.json":
                descriptor = schema_references(json.loads(body), shared)
                body = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            _zip_entry(zf, f"{folder.name}/{rel}", body)
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
SHARED_LABEL = " ; schémas des tables par adresse (telechargements/schemas/)"


def write_package_downloads(package: Package, dest: Path, stem: str, about: list[tuple[str, str]],
                            sqlite: bool = False, xlsx: bool = True, only: tuple[str, ...] = CATALOGUE_FORMATS,
                            shared: dict[str, tuple[str, dict]] | None = None) -> list[Download]:
    """Write every download of one package under `dest` (a docs/ folder); return them, paths relative to dest.

    `only` restricts the formats written (a large catalogue's formats are written by parallel jobs; a contract gets
    CONTRACT_FORMATS); `shared`: schemas the package zip references instead of holding them — the workbook then
    leaves out « Dictionnaire » too, shared as well (`about` must say where). Files whose bytes did not change are
    left untouched (their mtime too).
    """
    out: list[Download] = []
    counts = {name: len(t.rows) for name, t in package.tables.items()}

    def put(name: str, fmt: str, label: str, data: bytes) -> None:
        write_if_changed(dest / name, data)
        out.append(Download(name, fmt, label, len(data), hashlib.sha256(data).hexdigest(), counts))

    if "zip" in only:
        texts = ", textes des documents" if (package.path / "documents").is_dir() else ""
        put(f"{stem}-paquet.zip", "zip", ZIP_LABEL + texts + (SHARED_LABEL if shared else ""),
            package_zip(package.path, shared))
    if "csv" in only:
        put(f"{stem}-csv.zip", "csv", "Une table par fichier CSV (UTF-8, séparateur « ; », virgule décimale) : "
            + ", ".join(package.tables), csv_zip(package, stem))
    if xlsx and "xlsx" in only:
        put(f"{stem}.xlsx", "xlsx", "Toutes les tables, une feuille par table (titres des colonnes en français), "
            "avec « À propos »" + (" (lien vers le dictionnaire des données)" if shared else " et « Dictionnaire »"),
            xlsx_bytes(package, about, dictionary=not shared))
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
