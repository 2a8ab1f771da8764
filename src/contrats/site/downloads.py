"""Download files: spreadsheet-friendly CSV, JSON, XLSX, zipped data package and a SQLite database.

Sizes matter at catalogue scale (thousands of contracts): every format is written compressed (zip, gzip or the
XLSX container), reproducibly (fixed timestamps), and with plain string building rather than pandas/openpyxl, which
were the slowest part of the site build (see scripts/README.md).

Per package (the catalogue, each contract):

- ``<stem>-paquet.zip``: the Frictionless package exactly as published (datapackage.json, CSV, document texts);
- ``<stem>-csv.zip``: one CSV per table for French spreadsheets (UTF-8 with BOM, « ; », decimal comma);
- ``<stem>.xlsx``: one sheet per table, plus « À propos »;
- ``<stem>.json.gz``: metadata and every table as a list of typed records (gzip);
- ``<stem>.sqlite.gz``: typed tables with their dictionary (catalogue only).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape as xml_escape

from .data import Package, Table
from .page import write_if_changed

# Fixed timestamp for zip entries so that rebuilding identical data gives identical files.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
FORMATS = {"csv": "CSV pour tableur (ZIP)", "json": "JSON (gzip)", "xlsx": "Excel (XLSX)",
           "zip": "Paquet de données (ZIP)", "sqlite": "Base SQLite (gzip)"}


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


def excel_csv(table: Table) -> bytes:
    """CSV for French spreadsheets: UTF-8 with BOM, « ; » separator, decimal comma, oui/non booleans."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    names = table.field_names
    w.writerow(names)
    w.writerows([_spreadsheet_cell(row.get(n)) for n in names] for row in table.rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def write_excel_csv(path: Path, table: Table) -> None:
    """Write excel_csv(table) to `path`."""
    path.write_bytes(excel_csv(table))


def _zip_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=6)


def _excel_csv_chunks(table: Table) -> Iterable[str]:
    names = table.field_names
    for start in range(-1, len(table.rows), 5000):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        if start < 0:
            buf.write("\ufeff")
            w.writerow(names)
        else:
            w.writerows([_spreadsheet_cell(row.get(n)) for n in names] for row in table.rows[start:start + 5000])
        yield buf.getvalue()


def csv_zip(package: Package, stem: str) -> bytes:
    """Every table as a spreadsheet CSV (same bytes as excel_csv), in one zip (folder `<stem>-csv/`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, table in package.tables.items():
            _zip_stream(zf, f"{stem}-csv/{name}.csv", _excel_csv_chunks(table))
    return out.getvalue()


def package_json(package: Package) -> dict:
    """The whole package as one JSON document: metadata and every table as a list of typed records."""
    meta = {k: v for k, v in package.descriptor.items() if k != "resources"}
    return {**meta, "tables": {name: [{n: row.get(n) for n in t.field_names} for row in t.rows]
                               for name, t in package.tables.items()}}


def _json_chunks(package: Package) -> Iterable[str]:
    """package_json serialised compactly, table by table (never the whole document in memory at once)."""
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
    """package_json as compact UTF-8 JSON, gzip-compressed with a fixed header (reproducible bytes)."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=6) as gz:
        for chunk in _json_chunks(package):
            gz.write(chunk.encode("utf-8"))
    return out.getvalue()


def write_json(path: Path, package: Package) -> None:
    """Write package_json as plain JSON (compact)."""
    with path.open("w", encoding="utf-8") as fh:
        for chunk in _json_chunks(package):
            fh.write(chunk)


# --- XLSX: a minimal SpreadsheetML writer (inline strings, one bold header row) --------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
       '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
       '{sheets}</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
         '</Relationships>')
_CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Contrats territoriaux ouverts</dc:creator>'
         '<dcterms:created xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:created>'
         '<dcterms:modified xsi:type="dcterms:W3CDTF">2020-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>')
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _column(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _text(value: str) -> str:
    value = _XML_ILLEGAL.sub("", value)[:32767]
    space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
    return f"<is><t{space}>{xml_escape(value)}</t></is>"


def _sheet_chunks(header: list[str], rows: Iterable[list[Any]], n_rows: int) -> Iterable[str]:
    """SpreadsheetML of one sheet, a few thousand rows at a time (a large catalogue never sits whole in memory)."""
    cols = [_column(i) for i in range(max(len(header), 1))]
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<dimension ref="A1:{cols[-1]}{n_rows + 1}"/><sheetData>'
           '<row r="1">' + "".join(f'<c r="{cols[i]}1" t="inlineStr" s="1">{_text(h)}</c>'
                                   for i, h in enumerate(header)) + "</row>")
    parts: list[str] = []
    for r, row in enumerate(rows, start=2):
        cells = []
        for i, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                cells.append(f'<c r="{cols[i]}{r}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{cols[i]}{r}"><v>{v!r}</v></c>')
            else:
                cells.append(f'<c r="{cols[i]}{r}" t="inlineStr">{_text(str(v))}</c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(parts) >= 5000:
            yield "".join(parts)
            parts = []
    parts.append("</sheetData></worksheet>")
    yield "".join(parts)


def _zip_stream(zf: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zf.open(info, "w", force_zip64=True) as fh:
        for chunk in chunks:
            fh.write(chunk.encode("utf-8"))


def xlsx_bytes(package: Package, about: list[tuple[str, str]]) -> bytes:
    """One sheet per table (plus « À propos » first), reproducible bytes."""
    sheets: list[tuple[str, Iterable[str]]] = [("À propos", _sheet_chunks(["Rubrique", "Valeur"], [list(a) for a in about],
                                                                          len(about)))]
    for name, table in package.tables.items():
        names = table.field_names
        sheets.append((name[:31], _sheet_chunks(names, ([row.get(n) for n in names] for row in table.rows), len(table.rows))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
                            f'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
        _zip_entry(zf, "[Content_Types].xml", _CT.format(sheets=overrides).encode())
        _zip_entry(zf, "_rels/.rels", _RELS.encode())
        _zip_entry(zf, "docProps/core.xml", _CORE.encode())
        _zip_entry(zf, "xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{xml_escape(n, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, (n, _) in enumerate(sheets, start=1))
            + "</sheets></workbook>").encode("utf-8"))
        _zip_entry(zf, "xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/styles" Target="styles.xml"/></Relationships>').encode())
        _zip_entry(zf, "xl/styles.xml", _STYLES.encode())
        for i, (_, chunks) in enumerate(sheets, start=1):
            _zip_stream(zf, f"xl/worksheets/sheet{i}.xml", chunks)
    return out.getvalue()


def write_xlsx(path: Path, package: Package, about: list[tuple[str, str]]) -> None:
    """Write xlsx_bytes to `path`."""
    path.write_bytes(xlsx_bytes(package, about))


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

    def put(name: str, fmt: str, label: str, data: bytes) -> None:
        write_if_changed(dest / name, data)
        out.append(Download(name, fmt, label, len(data)))

    if "zip" in only:
        texts = ", textes des documents" if (package.path / "documents").is_dir() else ""
        put(f"{stem}-paquet.zip", "zip", ZIP_LABEL + texts, package_zip(package.path))
    if "csv" in only:
        put(f"{stem}-csv.zip", "csv", "Une table par fichier CSV (UTF-8, séparateur « ; », virgule décimale) : "
            + ", ".join(package.tables), csv_zip(package, stem))
    if xlsx and "xlsx" in only:
        put(f"{stem}.xlsx", "xlsx", "Toutes les tables, une feuille par table", xlsx_bytes(package, about))
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
