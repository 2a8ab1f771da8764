"""Browser tests of the built site: contract pages, downloads, catalogue filters, keyboard, screenshots."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitekit import SCREENSHOTS, built_site, contract_ids, served_site, watch_console


@pytest.fixture
def page(browser):
    """A fresh desktop page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    pg = context.new_page()
    yield pg
    context.close()


def showcase_contract() -> str:
    """A contract with figures quoted from a held text, for screenshots and evidence links (a CPER when there is one)."""
    ids = contract_ids()
    quoted = [c for c in ids if 'class="lien-preuve"' in (built_site() / "contrats" / c / "index.html").read_text(encoding="utf-8")]
    return next((c for c in quoted if c.startswith("cper-")), quoted[0] if quoted else ids[0])


def fetch(url: str) -> tuple[int, bytes]:
    """GET a URL of the local site."""
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (local test server)
        return r.status, r.read()


def check_download(url: str, body: bytes) -> None:
    """Each download format must parse (gzip-compressed files once decompressed; ZIPs of CSV member by member)."""
    if url.endswith(".gz"):
        import gzip
        check_download(url[:-3], gzip.decompress(body))
    elif url.endswith("-csv.zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            assert zf.testzip() is None
            members = [n for n in zf.namelist() if n.endswith(".csv")]
            assert members, url
            for name in members:
                check_download(f"{url}/{name}", zf.read(name))
    elif url.endswith(".csv"):
        assert body.startswith(b"\xef\xbb\xbf"), f"{url}: BOM UTF-8 attendu"
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        assert rows and len(rows[0]) > 1, f"{url}: en-tête à plusieurs colonnes (séparateur « ; ») attendu"
        assert all(len(r) == len(rows[0]) for r in rows), f"{url}: lignes de longueurs différentes"
    elif url.endswith(".json"):
        data = json.loads(body)
        assert data["tables"] and all(isinstance(v, list) for v in data["tables"].values()), url
        assert any(data["tables"].values()), f"{url}: toutes les tables sont vides"
    elif url.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        assert "contrats" in wb.sheetnames and wb["contrats"].max_row >= 2
    elif url.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            names = zf.namelist()
            assert zf.testzip() is None
            descriptor = next(n for n in names if n.endswith("/datapackage.json"))
            json.loads(zf.read(descriptor))
            assert any(n.endswith(".csv") for n in names)
    elif url.endswith(".sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "db.sqlite"
            path.write_bytes(body)
            con = sqlite3.connect(path)
            try:
                assert con.execute("SELECT COUNT(*) FROM contrats").fetchone()[0] > 0
                assert con.execute("SELECT COUNT(*) FROM _dictionnaire").fetchone()[0] > 0
            finally:
                con.close()
    elif url.endswith(".txt"):
        assert body.decode("utf-8")
    else:
        pytest.fail(f"format de téléchargement inattendu : {url}")


def test_every_contract_page_loads_cleanly_with_a_visible_chart(page):
    """No console error, a visible chart, the reconciliation badge, JSON-LD and every download link working."""
    base = served_site()
    ids = contract_ids()
    assert ids, "aucune page de contrat"
    errors = watch_console(page)
    for cid in ids:
        start = len(errors)
        page.goto(f"{base}contrats/{cid}/")
        page.wait_for_load_state("networkidle")
        assert errors[start:] == [], f"{cid}: {errors[start:]}"
        page.eval_on_selector_all("details.section", "ds => ds.forEach(d => d.open = true)")
        chart = page.locator("figure.graphique svg[role=img]").first
        assert chart.is_visible(), f"{cid}: graphique invisible"
        assert chart.get_attribute("aria-label")
        assert page.locator("figure.graphique figcaption").first.inner_text().strip()
        assert page.locator("h1").inner_text().strip()
        ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert ld["@type"] == "Dataset" and ld["distribution"]
        links = page.eval_on_selector_all("#telecharger ~ .telechargements a[download]", "els => els.map(e => e.href)")
        for suffix in ("-paquet.zip", ".xlsx"):
            assert any(h.endswith(suffix) for h in links), f"{cid}: {suffix} absent de {links}"
        for href in links:
            status, body = fetch(href)
            assert status == 200, href
            check_download(href, body)


def test_data_page_downloads_all_work(page):
    """Every file linked from the data page answers 200 and parses (catalogue, contracts, reference, texts)."""
    base = served_site()
    page.goto(f"{base}donnees/")
    links = sorted(set(page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)")))
    assert any(h.endswith("catalogue.sqlite.gz") for h in links)
    assert any(h.endswith("catalogue.xlsx") for h in links)
    for href in links:
        status, body = fetch(href)
        assert status == 200, href
        check_download(href, body)
    assert "Licence Ouverte" in page.locator("article").inner_text()
    assert page.locator("#dictionnaire").count() == 1
    ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert ld["@type"] == "Dataset" and ld["version"]


def test_evidence_link_opens_the_highlighted_quote(page):
    """A « citation » link lands on a <mark> in the document text, highlighted."""
    base = served_site()
    page.goto(f"{base}contrats/{showcase_contract()}/")
    link = page.locator("a.lien-preuve").first
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    page.goto(urljoin(page.url, href))
    page.wait_for_load_state("networkidle")
    target = page.locator(f'[id="{anchor}"]')
    assert target.count() == 1
    assert page.locator("mark.preuve--active").count() >= 1
    assert page.locator("mark.preuve--active").first.is_visible()


def test_catalogue_filter_and_sort(page):
    """Choosing a family narrows the table; sorting by total puts the largest first."""
    base = served_site()
    page.goto(f"{base}contrats/")
    rows = page.locator("#catalogue tbody tr")
    total = rows.count()
    assert total >= 2
    families = page.eval_on_selector_all("#catalogue tbody tr", "rs => rs.map(r => r.dataset.famille)")
    family = min(set(families), key=families.count)
    page.select_option("#f-famille", family)
    visible = page.locator("#catalogue tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert set(page.eval_on_selector_all("#catalogue tbody tr:not([hidden])",
                                         "rs => rs.map(r => r.dataset.famille)")) == {family}
    assert "sur" in page.locator("#compte-catalogue").inner_text()
    page.click("#filtres-catalogue button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('#catalogue tbody tr:not([hidden])').length === {total}")
    page.fill("#f-texte", "zzzz-introuvable")
    assert visible.count() == 0
    page.fill("#f-texte", "")
    header = page.locator("#catalogue thead th").nth(5)
    header.locator("button").click()
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = page.eval_on_selector_all("#catalogue tbody tr td:nth-child(6)", "tds => tds.map(t => t.dataset.valeur)")
    numbers = [float(v) for v in values if v]
    assert numbers == sorted(numbers, reverse=True)


def test_keyboard_reaches_search_and_content(page):
    """Tab reaches the search field and then the main content; « / » focuses the search field."""
    base = served_site()
    page.goto(f"{base}contrats/")
    page.wait_for_selector("#recherche input")
    seen_search = seen_content = False
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
            const el = document.activeElement;
            return {search: !!el.closest('#recherche') && el.tagName === 'INPUT',
                    content: !!el.closest('article.md-content__inner')};
        }""")
        seen_search = seen_search or where["search"]
        if where["content"]:
            seen_content = True
            break
    assert seen_search, "la tabulation n'atteint pas le champ de recherche"
    assert seen_content, "la tabulation n'atteint pas le contenu principal"
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.closest('#recherche') !== null")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.closest('#recherche') !== null")


@pytest.mark.parametrize("width,height,name", [(1280, 800, "bureau"), (390, 844, "mobile")])
def test_screenshots(browser, width, height, name):
    """Screenshots of the home page and a contract page (build/screenshots/, a test artefact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = served_site()
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    pg = context.new_page()
    try:
        for label, path in (("accueil", ""), ("contrat", f"contrats/{showcase_contract()}/")):
            pg.goto(base + path)
            pg.wait_for_load_state("networkidle")
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{label} {name}: la page déborde horizontalement de {overflow}px"
            pg.screenshot(path=str(SCREENSHOTS / f"{label}-{name}.png"), full_page=False)
    finally:
        context.close()
