"""Unit tests of the site renderer: formatting, links, quote marks, charts, maps, downloads, determinism."""

from __future__ import annotations

import csv
import filecmp
import html as html_lib
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from contrats import paths
from contrats.cli import main as cli_main
from contrats.site import fmt, links
from contrats.site.charts import Bar, Event, bar_chart, timeline, wrap
from contrats.site.data import load_package
from contrats.site.downloads import write_excel_csv, write_sqlite, write_xlsx, write_zip
from contrats.site.evidence import Span, marked_text
from contrats.site.maps import HEIGHT, WIDTH, project
from contrats.site.render import GENERATED, render

NNBSP, NBSP = "\u202f", "\u00a0"
needs_data = pytest.mark.skipif(not (paths.DATAPACKAGES / "catalogue" / "datapackage.json").exists(),
                                reason="datapackages/ absent : lancer « make data »")


def test_french_amounts_and_dates():
    """Amounts keep the document's wording; dates read in French."""
    assert fmt.euros(2700000000) == f"2{NNBSP}700{NNBSP}000{NNBSP}000{NBSP}€"
    assert fmt.euros_short(2700000000) == f"2,7{NBSP}Md€"
    assert fmt.euros_short(994000000) == f"994{NBSP}M€"
    assert fmt.euros_short(73740000) == f"73,7{NBSP}M€"
    assert fmt.pct(57.3) == f"57,3{NBSP}%"
    assert fmt.amount({"qualificatif": "au_moins", "montant_eur": 2700000000}).startswith("au moins 2")
    assert fmt.amount({"qualificatif": "fourchette", "montant_min_eur": 150000000, "montant_max_eur": 170000000}) \
        .startswith("entre 150")
    assert fmt.amount({"qualificatif": "part", "part_pct": 60}) == f"60{NBSP}%"
    assert fmt.date("2023-01-09") == "9 janvier 2023"
    assert fmt.date("2015-07-01") == "1er juillet 2015"
    assert fmt.date("2016-07") == "juillet 2016"
    assert fmt.date("2016") == "2016"
    assert fmt.period(2015, 2020) == "2015–2020"
    assert fmt.slugify("Métropole européenne de Lille") == "metropole-europeenne-de-lille"


def test_json_for_script_cannot_close_the_script():
    """JSON-LD never contains '</' or raw '<'."""
    text = fmt.json_for_script({"name": "</script><script>alert(1)</script><!--"})
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"].startswith("</script>")


@pytest.mark.parametrize("src,dst,expected", [
    ("contrats/x/", "", "../../"),
    ("contrats/x/", "contrats/", "../"),
    ("contrats/x/", "contrats/x/", "./"),
    ("", "contrats/x/", "contrats/x/"),
    ("donnees/", "telechargements/catalogue/catalogue.zip", "../telechargements/catalogue/catalogue.zip"),
    ("contrats/x/", "documents/d/#preuve-a", "../../documents/d/#preuve-a"),
    ("contrats/", "#f", "#f"),
])
def test_relative_links(src, dst, expected):
    """Every internal link is relative, so the site works under any sub-path."""
    assert links.rel(src, dst) == expected


def test_evidence_anchor_is_unique_per_contract():
    """preuve ids repeat across contracts; anchors depend on the contract id too, avoid ':' and stay short (every
    « citation » link names one)."""
    a = links.evidence_anchor("c1", "relations:1:relation")
    b = links.evidence_anchor("c2", "relations:1:relation")
    assert a != b and ":" not in a and len(a) <= 12
    assert a == links.evidence_anchor("c1", "relations:1:relation")


def test_marked_text_handles_overlaps_and_escapes():
    """Overlapping quotes: stretches marked with every quote covering them, one id per quote, text escaped."""
    text = "avant <b>un</b> deux trois après"
    spans = [Span(6, 20, "preuve-a"), Span(6, 14, "preuve-b"), Span(16, 26, "preuve-c")]
    html = marked_text(text, spans)
    assert "<b>" not in html and "&lt;b&gt;" in html
    for anchor in ("preuve-a", "preuve-b", "preuve-c"):
        assert html.count(f'id="{anchor}"') == 1
    assert 'data-preuves="preuve-a preuve-c"' in html
    assert html_lib.unescape(re.sub(r"</?(mark|span)[^>]*>", "", html)) == text


def test_charts_are_accessible_svg():
    """Charts carry role=img and an escaped aria-label; long labels wrap on two lines."""
    svg = bar_chart([Bar("Total <annoncé>", 2.7e9, "au moins 2,7 Md€", open_ended=True),
                     Bar("Région", None, "150 à 170 M€", 1.5e8, 1.7e8)], 'Engagements "x"')
    assert 'role="img"' in svg and 'aria-label="Engagements &quot;x&quot;"' in svg
    assert "Total &lt;annoncé&gt;" in svg
    assert wrap("Contrat de plan État-Région Nord – Pas-de-Calais 2015-2020", 30) == \
        ["Contrat de plan État-Région", "Nord – Pas-de-Calais 2015-2020"]
    tl = timeline([Event("2023", "Avenant"), Event("2023-01-09", "Signature", True)], "Chronologie")
    assert tl.index("Signature") < tl.index("Avenant")


def test_projection_fits_france():
    """Metropolitan France's extreme points fall inside the map."""
    for lon, lat in ((-4.8, 48.4), (8.2, 48.9), (2.5, 51.1), (9.5, 41.4), (-1.8, 43.4)):
        x, y = project(lon, lat)
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT


@needs_data
def test_downloads_parse_and_are_reproducible(tmp_path: Path):
    """Spreadsheet CSV (BOM, ';'), XLSX, ZIP and SQLite of a real package; XLSX and ZIP byte-identical when rebuilt."""
    package = load_package(paths.CATALOGUE_PKG)
    write_excel_csv(tmp_path / "c.csv", package.tables["contrats"])
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(package.rows("contrats"))
    for name in ("a", "b"):
        write_xlsx(tmp_path / f"{name}.xlsx", package, [("Titre", "test")])
        write_zip(tmp_path / f"{name}.zip", package.path)
    assert filecmp.cmp(tmp_path / "a.xlsx", tmp_path / "b.xlsx", shallow=False)
    assert filecmp.cmp(tmp_path / "a.zip", tmp_path / "b.zip", shallow=False)
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        original = zf.read("catalogue/contrats.csv")
    assert original == (paths.CATALOGUE_PKG / "contrats.csv").read_bytes()
    write_sqlite(tmp_path / "c.sqlite", package)
    con = sqlite3.connect(tmp_path / "c.sqlite")
    try:
        n = con.execute("SELECT COUNT(*) FROM preuves").fetchone()[0]
        assert n == len(package.rows("preuves"))
        assert con.execute("SELECT valeur FROM _metadonnees WHERE cle = 'version'").fetchone()[0]
    finally:
        con.close()


@needs_data
def test_render_is_deterministic_and_leaves_hand_written_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The API and `contrats render` give identical pages; hand-written pages are copied, never generated."""
    a, b = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv("SITE_URL", "https://example.org/depot/")
    render(paths.DATAPACKAGES, a)
    assert cli_main(["render", "--docs", str(b)]) == 0
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    different = [str(p) for p in files_a if not filecmp.cmp(a / p, b / p, shallow=False)]
    assert different == []
    assert (a / "methodologie.md").read_bytes() == (paths.DOCS / "methodologie.md").read_bytes()
    assert {p.parts[0] for p in files_a} - {"methodologie.md", "assets"} <= set(GENERATED)
    contract = next((a / "contrats").glob("*.md")).read_text(encoding="utf-8")
    assert contract.startswith("---\ntitle: ") and "https://example.org/depot/contrats/" in contract


@needs_data
def test_render_rewrites_only_what_changed(tmp_path: Path):
    """A second run writes nothing; after one contract's title changes, only pages showing it and the downloads
    of that contract and of the catalogue are redone, and unchanged files keep their mtime."""
    import shutil

    from contrats.site.render import CATALOGUE_PARTS, MANIFEST, Progress

    data = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, data)
    docs = tmp_path / "docs"
    first = render(data, docs, "https://example.org/", progress=Progress(False))
    assert first.written == first.pages and (docs / MANIFEST).exists()
    again = render(data, docs, "https://example.org/", progress=Progress(False))
    assert again.written == 0 and again.downloads_rebuilt == 0
    contract = sorted((data / "contrats").iterdir())[0].name
    title = next(r for r in csv.DictReader((data / "catalogue" / "contrats.csv").open(encoding="utf-8"))
                 if r["id"] == contract)["titre"]
    untouched = next(p.stem for p in sorted((docs / "contrats").glob("*.md"))
                     if p.stem not in ("index", contract) and title not in p.read_text(encoding="utf-8"))
    stamp = (docs / "contrats" / f"{untouched}.md").stat().st_mtime_ns
    untouched_files = sorted((docs / "telechargements" / "contrats" / untouched).iterdir())
    stamps = [f.stat().st_mtime_ns for f in untouched_files]
    for f in [data / "catalogue" / "contrats.csv", data / "contrats" / contract / "contrats.csv"]:
        text = f.read_text(encoding="utf-8")
        assert title in text
        f.write_text(text.replace(title, title + " (modifié)"), encoding="utf-8")
    third = render(data, docs, "https://example.org/", progress=Progress(False))
    assert third.downloads_rebuilt == len(CATALOGUE_PARTS) + 1  # the catalogue (in parts) and this contract
    assert 2 <= third.written < first.pages / 2
    assert "(modifié)" in (docs / "contrats" / f"{contract}.md").read_text(encoding="utf-8")
    assert "(modifié)" in (docs / "contrats" / "index.md").read_text(encoding="utf-8")
    assert (docs / "contrats" / f"{untouched}.md").stat().st_mtime_ns == stamp
    # Downloads: the unchanged contract's files are left alone, the changed contract's carry the new title.
    assert [f.stat().st_mtime_ns for f in untouched_files] == stamps
    import openpyxl
    sheet = openpyxl.load_workbook(docs / "telechargements" / "contrats" / contract / f"{contract}.xlsx")["contrats"]
    assert title + " (modifié)" in [c.value for row in sheet.iter_rows() for c in row]
    with zipfile.ZipFile(docs / "telechargements" / "contrats" / contract / f"{contract}-paquet.zip") as zf:
        assert "(modifié)" in zf.read(f"{contract}/contrats.csv").decode("utf-8")
    # A contract that disappears takes its downloads (and its line of the index) with it.
    shutil.rmtree(data / "contrats" / untouched)
    render(data, docs, "https://example.org/", progress=Progress(False))
    assert not (docs / "telechargements" / "contrats" / untouched).exists()
    index = json.loads((docs / "telechargements" / "index.json").read_text(encoding="utf-8"))
    assert untouched not in {e["paquet"] for e in index["paquets"]}
    assert contract in {e["paquet"] for e in index["paquets"]}
