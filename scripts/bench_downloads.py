"""Maintainer tool: time the download writers on a synthetic catalogue, XlsxWriter against the former hand-written
XLSX writer (issue 10), and report the size of each format.

    python scripts/bench_downloads.py --n 1000            # corpus in build/bench-downloads/1000 (made if absent)

Measures, on the same synthetic data packages (scripts/synth.py, then `contrats build`, not timed):

1. every writer alone, one process, over the catalogue and every contract (XLSX: XlsxWriter in constant-memory mode
   as published, and the former hand-written SpreadsheetML writer, kept below with its column bug fixed);
2. the whole `contrats render` (forked workers, as `make site` runs it) into a fresh docs/ with each XLSX writer;
3. `mkdocs build` and Pagefind once, so that the XLSX writer's cost reads as a share of the site build;
4. the size of each format (catalogue, and per contract: total and mean).

Writes <out>/bench-downloads-<N>.json and prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from contrats.site import downloads  # noqa: E402
from contrats.site.data import Package, Table, load_package  # noqa: E402
from contrats.site.downloads import ZIP_DATE, _zip_entry  # noqa: E402

# --- The former hand-written XLSX writer (inline strings, one bold header row), column binding fixed -------------

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


def _table_rows(table: Table) -> Iterable[list[Any]]:
    names = table.field_names  # bound per table (the published bug: every sheet used the last table's names)
    return ([row.get(n) for n in names] for row in table.rows)


def legacy_xlsx_bytes(package: Package, about: list[tuple[str, str]]) -> bytes:
    """One sheet per table (plus « À propos » first), reproducible bytes."""
    sheets: list[tuple[str, Iterable[str]]] = [("À propos", _sheet_chunks(["Rubrique", "Valeur"], [list(a) for a in about],
                                                                          len(about)))]
    for name, table in package.tables.items():
        sheets.append((name[:31], _sheet_chunks(table.field_names, _table_rows(table), len(table.rows))))
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




# --- Measurements ------------------------------------------------------------------------------------------------

ABOUT = [("Titre", "banc d’essai"), ("Licence", "Licence Ouverte 2.0")]
WRITERS = {
    "xlsx (XlsxWriter)": lambda p: downloads.xlsx_bytes(p, ABOUT),
    "xlsx (ancien, écrit à la main)": lambda p: legacy_xlsx_bytes(p, ABOUT),
    "csv pour tableur (zip)": lambda p: downloads.csv_zip(p, "x"),
    "json (gzip)": downloads.json_gz,
    "paquet (zip)": lambda p: downloads.package_zip(p.path),
    "sqlite (gzip)": downloads.sqlite_gz,
}


def corpus(work: Path, n: int, seed: int) -> Path:
    """Synthetic data packages of n contracts (made once)."""
    datapackages = work / "datapackages"
    if not (datapackages / "catalogue" / "datapackage.json").exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--n", str(n), "--out", str(work),
                        "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([str(BIN / "contrats"), "--sources", str(work / "sources"), "--root", str(work),
                        "--datapackages", str(datapackages), "--report", str(work / "validation.json"), "build"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return datapackages


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children (the machine is shared: wall time alone
    measures the neighbours too)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def time_writers(datapackages: Path) -> dict[str, dict[str, float]]:
    """Each writer alone over the catalogue and every contract package (one process); seconds and bytes."""
    catalogue = load_package(datapackages / "catalogue")
    contracts = [load_package(p) for p in sorted((datapackages / "contrats").iterdir())]
    out: dict[str, dict[str, float]] = {}
    for name, write in WRITERS.items():
        start, c0 = time.perf_counter(), cpu()
        cat = len(write(catalogue))
        mid, c1 = time.perf_counter(), cpu()
        sizes = [len(write(p)) for p in contracts]
        end, c2 = time.perf_counter(), cpu()
        out[name] = {"catalogue_s": round(mid - start, 2), "contrats_s": round(end - mid, 2),
                     "total_s": round(end - start, 2), "catalogue_cpu_s": round(c1 - c0, 2),
                     "contrats_cpu_s": round(c2 - c1, 2), "catalogue_octets": cat, "contrats_octets": sum(sizes),
                     "contrat_moyen_octets": round(sum(sizes) / max(len(sizes), 1))}
    return out


def time_render(datapackages: Path, docs: Path, legacy: bool) -> tuple[float, float]:
    """`contrats render` into a fresh docs/ (forked workers inherit the writer chosen here); wall and CPU seconds."""
    from contrats.site.render import Progress, render

    shutil.rmtree(docs, ignore_errors=True)
    saved = downloads.xlsx_bytes
    if legacy:
        downloads.xlsx_bytes = legacy_xlsx_bytes
    try:
        start, c0 = time.perf_counter(), cpu()
        render(datapackages, docs, "http://127.0.0.1:8000/", progress=Progress(False))
        return round(time.perf_counter() - start, 2), round(cpu() - c0, 2)
    finally:
        downloads.xlsx_bytes = saved


def time_command(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """A child process; wall and CPU seconds."""
    start, c0 = time.perf_counter(), cpu()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return round(time.perf_counter() - start, 2), round(cpu() - c0, 2)


def main(argv: list[str] | None = None) -> int:
    """Command line: --n, --seed, --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-downloads")
    args = parser.parse_args(argv)
    work = args.out / str(args.n)
    work.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pagefind.yml", "overrides", "src"):  # the repository's real configuration
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    datapackages = corpus(work, args.n, args.seed)
    writers = time_writers(datapackages)
    render_legacy = time_render(datapackages, work / "docs", legacy=True)
    render_library = time_render(datapackages, work / "docs", legacy=False)
    mkdocs = time_command([str(BIN / "mkdocs"), "build", "--strict", "--quiet"], work)
    pagefind = time_command([sys.executable, "-m", "pagefind", "--site", "site"], work)
    # Share of the site build (render + mkdocs + pagefind), in wall time and in CPU time.
    share = {kind: round(100 * (render_library[k] - render_legacy[k])
                         / (render_library[k] + mkdocs[k] + pagefind[k]), 1) for k, kind in ((0, "mur"), (1, "cpu"))}
    result = {"n": args.n, "writers": writers,
              "render_s": {"xlsxwriter": render_library, "ancien": render_legacy}, "mkdocs_s": mkdocs,
              "pagefind_s": pagefind, "xlsxwriter_cost_pct_of_site_build": share}
    (args.out / f"bench-downloads-{args.n}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                                              encoding="utf-8")
    print(f"## Écrivains des téléchargements, N = {args.n} (secondes : temps écoulé / temps CPU)\n")
    print("| écrivain | catalogue (s) | tous les contrats (s) | catalogue (octets) | contrat moyen (octets) |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in writers.items():
        print(f"| {name} | {r['catalogue_s']} / {r['catalogue_cpu_s']} | {r['contrats_s']} / {r['contrats_cpu_s']} "
              f"| {r['catalogue_octets']:,} | {r['contrat_moyen_octets']:,} |".replace(",", "\u202f"))
    print(f"\n`contrats render` : {render_library[0]} / {render_library[1]} s avec XlsxWriter, {render_legacy[0]} / "
          f"{render_legacy[1]} s avec l’ancien écrivain ; mkdocs build {mkdocs[0]} / {mkdocs[1]} s, pagefind "
          f"{pagefind[0]} / {pagefind[1]} s ; surcoût d’XlsxWriter : {share['mur']:+.1f} % de la construction du "
          f"site en temps écoulé, {share['cpu']:+.1f} % en temps CPU.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
