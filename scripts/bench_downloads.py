"""Maintainer tool: time the download writers on a synthetic catalogue, the published hand-written XLSX writer
against XlsxWriter (issue 10), and report the size of each format.

    python scripts/bench_downloads.py --n 1000            # corpus in build/bench-downloads/1000 (made if absent)

Measures, on the same synthetic data packages (scripts/synth.py, then `contrats build`, not timed):

1. every writer alone, one process, over the catalogue and every contract (XLSX: the published hand-written
   SpreadsheetML writer, and XlsxWriter in constant-memory mode, kept below; measured when XlsxWriter is installed);
2. the whole `contrats render` (forked workers, as `make site` runs it) into a fresh docs/ with each XLSX writer;
3. `mkdocs build` and Pagefind once, so that the XLSX writer's cost reads as a share of the site build;
4. the size of each format (catalogue, and per contract: total and mean).

Writes <out>/bench-downloads-<N>.json and prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from contrats.site import downloads  # noqa: E402
from contrats.site.data import Package, load_package  # noqa: E402

# --- The XlsxWriter writer published before (issue 10), kept here to be measured against the hand-written one --------
# XlsxWriter is no longer a dependency: `pip install XlsxWriter==3.3.1` to measure it (skipped when absent).

XLSX_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                "strings_to_urls": False}


def xlsxwriter_bytes(package: Package, about: list[tuple[str, str]]) -> bytes:
    """The former XlsxWriter workbook (constant-memory mode): same sheets, formats and cells as downloads.xlsx_bytes."""
    import xlsxwriter

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "classeur.xlsx"
        wb = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
        wb.set_properties({"title": package.descriptor.get("title", ""), "author": downloads.SOURCE_NAME,
                           "created": datetime(2020, 1, 1), "comments": "Licence Ouverte 2.0"})
        header = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        quoted, day_fmt = wb.add_format({"quote_prefix": True}), wb.add_format({"num_format": "dd/mm/yyyy"})
        decimal, integer = wb.add_format({"num_format": "#,##0.0##"}), wb.add_format({"num_format": "#,##0"})

        def sheet(name: str, titles: list[str], kinds: list[str], rows: Iterable[list[Any]], sample: list[list[Any]]) -> None:
            ws = wb.add_worksheet(name)
            for i, title in enumerate(titles):
                ws.set_column(i, i, 11 if kinds[i] == "date" else downloads._width(title, (r[i] for r in sample)))
            ws.freeze_panes(1, 0)
            for i, title in enumerate(titles):
                ws.write_string(0, i, title, header)
            n = 0
            for n, row in enumerate(rows, start=1):
                for i, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    kind = kinds[i]
                    if kind == "boolean":
                        ws.write_boolean(n, i, bool(value))
                    elif kind in ("integer", "number") and isinstance(value, (int, float)):
                        ws.write_number(n, i, value, integer if isinstance(value, int) else decimal)
                    elif kind == "date" and (day := downloads._date(value)) is not None:
                        ws.write_datetime(n, i, day, day_fmt)
                    else:
                        text = str(value)
                        ws.write_string(n, i, text, quoted if downloads.needs_neutralising(text) else None)
            if titles:
                ws.autofilter(0, 0, max(n, 1), len(titles) - 1)

        about_rows = [list(a) for a in about]
        sheet(downloads.ABOUT_SHEET, ["Rubrique", "Valeur"], ["string", "string"], about_rows, about_rows)
        for name, table in package.tables.items():
            sample = [[r.get(n) for n in table.field_names] for r in table.rows[:downloads.WIDTH_SAMPLE]]
            sheet(name[:31], [f.get("title") or f["name"] for f in table.fields],
                  [f.get("type", "string") for f in table.fields], downloads._values(table), sample)
        words = downloads.dictionary_rows(package)
        sheet(downloads.DICTIONARY_SHEET, list(downloads.DICTIONARY_TITLES), ["string"] * 5, words, words)
        wb.close()
        return path.read_bytes()


# --- Measurements ------------------------------------------------------------------------------------------------

ABOUT = [("Titre", "banc d’essai"), ("Licence", "Licence Ouverte 2.0")]
WRITERS = {
    "xlsx écrit à la main (publié)": lambda p: downloads.xlsx_bytes(p, ABOUT),
    "xlsx XlsxWriter (constant_memory)": lambda p: xlsxwriter_bytes(p, ABOUT),
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


def time_render(datapackages: Path, docs: Path, library: bool) -> tuple[float, float]:
    """`contrats render` into a fresh docs/ (forked workers inherit the writer chosen here); wall and CPU seconds."""
    from contrats.site.render import Progress, render

    shutil.rmtree(docs, ignore_errors=True)
    saved = downloads.xlsx_bytes
    if library:
        downloads.xlsx_bytes = xlsxwriter_bytes
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
    if importlib.util.find_spec("xlsxwriter") is None:
        raise SystemExit("XlsxWriter absent : pip install XlsxWriter==3.3.1 pour le mesurer")
    work = args.out / str(args.n)
    work.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pagefind.yml", "overrides", "src"):  # the repository's real configuration
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    datapackages = corpus(work, args.n, args.seed)
    writers = time_writers(datapackages)
    render_legacy = time_render(datapackages, work / "docs", library=False)
    render_library = time_render(datapackages, work / "docs", library=True)
    mkdocs = time_command([str(BIN / "mkdocs"), "build", "--strict", "--quiet"], work)
    pagefind = time_command([sys.executable, "-m", "pagefind", "--site", "site"], work)
    # Share of the site build (render + mkdocs + pagefind), in wall time and in CPU time.
    share = {kind: round(100 * (render_library[k] - render_legacy[k])
                         / (render_library[k] + mkdocs[k] + pagefind[k]), 1) for k, kind in ((0, "mur"), (1, "cpu"))}
    result = {"n": args.n, "writers": writers,
              "render_s": {"xlsxwriter": render_library, "ecrit_a_la_main": render_legacy}, "mkdocs_s": mkdocs,
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
          f"{render_legacy[1]} s avec l’écrivain écrit à la main (publié) ; mkdocs build {mkdocs[0]} / {mkdocs[1]} s, pagefind "
          f"{pagefind[0]} / {pagefind[1]} s ; surcoût d’XlsxWriter : {share['mur']:+.1f} % de la construction du "
          f"site en temps écoulé, {share['cpu']:+.1f} % en temps CPU.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
