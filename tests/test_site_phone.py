"""Phone-first and truthful site (issue 14), in a real browser at 390 and 1366 px: no sideways scrolling on any
page type, the NPdC overview within four phone screens, readable charts with their downloads, one bar per party,
accessible « citation » links, skip link and focus, the Atom feed, error reports, counts and plurals."""

from __future__ import annotations

import csv
import io
import re
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from contrats import paths
from contrats.site import fmt
from contrats.site.data import load_site_data
from sitekit import SCREENSHOTS, built_site, contract_ids, served_site

NPDC = "cper-nord-pas-de-calais-2015-2020"
WIDTHS = [(390, 844), (1366, 900)]
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (local test server)
        return r.read()


def page_types() -> dict[str, str]:
    """One address per kind of page the site has."""
    site = built_site()
    first = lambda folder: next(p.parent.name for p in sorted((site / folder).glob("*/index.html"))  # noqa: E731
                                if p.parent.name != "page")
    types = {"accueil": "", "catalogue": "contrats/", "territoires": "territoires/", "parties": "parties/",
             "documents": "documents/", "donnees": "donnees/", "methodologie": "methodologie/",
             "contrat": f"contrats/{NPDC}/" if NPDC in contract_ids() else f"contrats/{contract_ids()[0]}/",
             "territoire": f"territoires/{first('territoires')}/", "partie": "parties/etat/"
             if (site / "parties" / "etat").is_dir() else f"parties/{first('parties')}/",
             "document": f"documents/{first('documents')}/"}
    if (site / "comparer" / "index.html").exists():
        types["comparer"] = "comparer/"
    return types


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w[0]}px")
def viewport(request, browser):
    context = browser.new_context(viewport={"width": request.param[0], "height": request.param[1]}, locale="fr-FR")
    pg = context.new_page()
    yield request.param, pg
    context.close()


def test_no_horizontal_scroll_on_any_page_type(viewport):
    """Every kind of page fits the screen width (tables scroll or stack inside); screenshots for review."""
    (width, height), pg = viewport
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for name, path in page_types().items():
        pg.goto(served_site() + path)
        pg.wait_for_load_state("networkidle")
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            wide.append(f"/{path}: {overflow}px")
        pg.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=False)
    assert wide == [], wide


def test_npdc_overview_within_four_phone_screens(viewport):
    """The summary (total, who pays, period, stage, evidence) and every section heading fit in four screens."""
    (width, height), pg = viewport
    if NPDC not in contract_ids():
        pytest.skip("CPER Nord-Pas-de-Calais absent")
    pg.goto(f"{served_site()}contrats/{NPDC}/")
    pg.wait_for_load_state("networkidle")
    summary = pg.locator("dl.synthese")
    assert summary.is_visible()
    text = summary.inner_text()
    for term in ("TOTAL ANNONCÉ", "PÉRIODE", "ÉTAPE ACTUELLE", "PREUVES"):
        assert term in text.upper(), text
    assert pg.locator("#en-bref ~ figure.graphique svg, #en-bref ~ * figure.graphique svg").count() >= 1
    bottoms = pg.eval_on_selector_all("article h2", "hs => hs.map(h => [h.id, h.getBoundingClientRect().bottom + window.scrollY])")
    ids = [i for i, _ in bottoms]
    for wanted in ("structure", "operations", "chronologie", "sources", "ecarts"):
        assert wanted in ids, ids
    last = max(b for i, b in bottoms if i not in ("telecharger", "citer"))
    assert last <= 4 * 844, f"{width}px : dernier intitulé de section à {last:.0f}px (> 4 écrans de téléphone)"
    # Details are closed, and open when their heading is the address's target.
    assert pg.locator("details.section[open]").count() == 0
    pg.screenshot(path=str(SCREENSHOTS / f"npdc-synthese-{width}.png"), full_page=False)
    pg.goto(f"{served_site()}contrats/{NPDC}/#operations")
    pg.wait_for_timeout(200)
    assert pg.locator('details.section[data-section="operations"]').get_attribute("open") is not None


def test_chart_text_stays_readable_on_a_phone(browser):
    """Chart text is drawn at 12 px or more at 390 px (SVG font size × rendered scale)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        for path in ("", f"contrats/{NPDC}/", "parties/etat/"):
            pg.goto(served_site() + path)
            pg.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
            sizes = pg.eval_on_selector_all("figure.graphique svg", """svgs => svgs.map(s => {
                const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
                return parseFloat(s.getAttribute('font-size')) * scale; })""")
            assert sizes, path
            assert min(sizes) >= 12, f"/{path}: texte de graphique à {min(sizes):.1f}px"
    finally:
        context.close()


def test_one_bar_per_party_and_chart_downloads(browser):
    """NPdC: one bar per party (two État lines, one bar); its SVG and CSV download and parse; a party page counts
    each contract once."""
    base = served_site()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(f"{base}contrats/{NPDC}/")
        links = pg.eval_on_selector_all("#en-bref ~ figure .graphique__telecharger a[download], "
                                        "#en-bref ~ * .graphique__telecharger a[download]", "as => as.map(a => a.href)")
        svg_url = next(h for h in links if h.endswith(".svg"))
        csv_url = next(h for h in links if h.endswith(".csv"))
        root = ET.fromstring(fetch(svg_url))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        rows = list(csv.DictReader(io.StringIO(fetch(csv_url).decode("utf-8-sig")), delimiter=";"))
        bars = [r["partie"] for r in rows if r["barre"] == "oui"]
        assert len(bars) == len(set(bars)), bars
        assert sum(r["partie"] == "État" for r in rows) >= 2, "NPdC : deux lignes de l'État attendues dans les données"
        rects = root.findall(".//{http://www.w3.org/2000/svg}rect")
        assert len(rects) - 1 == len(bars)  # the white background + one rect per bar
        # Labels are never cut: every party name is whole in the SVG text.
        svg_text = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
        for name in bars:
            assert all(word in svg_text for word in name.split()), name
        pg.goto(f"{base}parties/etat/")
        csv_link = pg.eval_on_selector_all(".graphique__telecharger a[href$='.csv']", "as => as.map(a => a.href)")
        contracts = [r["contrat"] for r in csv.DictReader(io.StringIO(fetch(csv_link[0]).decode("utf-8-sig")), delimiter=";")]
        assert len(contracts) == len(set(contracts)), contracts
        assert "cumulés" not in pg.locator("article").inner_text()
    finally:
        context.close()


def test_citation_links_are_24px_targets_named_after_their_figure(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        pg.goto(f"{served_site()}contrats/{NPDC}/")
        pg.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        boxes = pg.eval_on_selector_all("a.lien-preuve", """as => as.filter(a => a.offsetParent).map(a => {
            const r = a.getBoundingClientRect(); return [r.width, r.height, a.getAttribute('aria-label') || '']; })""")
        assert len(boxes) > 50
        small = [b for b in boxes if b[0] < 24 or b[1] < 24]
        assert small == [], small[:5]
        names = [b[2] for b in boxes]
        assert all(n.split(" : ")[0] in ("citation", "voir dans le document") and " : " in n for n in names), names[:5]
        assert len(set(names)) > 0.9 * len(names), "les liens « citation » doivent dire quel chiffre ils prouvent"
    finally:
        context.close()


def test_skip_link_and_visible_focus(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        pg.goto(f"{served_site()}contrats/")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
        assert pg.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
        pg.keyboard.press("Enter")
        assert pg.evaluate("location.hash") == "#contenu"
        field = pg.locator("form.filtres input").first
        field.focus()
        style = field.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
        assert not style.startswith("none") and not style.endswith(" 0px"), style
    finally:
        context.close()


def test_feed_parses_as_atom_and_contracts_show_their_dates(browser):
    """feed.xml is Atom (read back with ElementTree); each entry links to a contract page that says when it was added."""
    base = served_site()
    root = ET.fromstring(fetch(base + "feed.xml"))
    assert root.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None and root.find(f"{ATOM}{tag}").text
    entries = root.findall(f"{ATOM}entry")
    if not entries:
        pytest.skip("historique git absent ou superficiel : fil sans entrée")
    pg = browser.new_page()
    try:
        for entry in entries[:3]:
            assert re.match(r"\d{4}-\d\d-\d\dT", entry.find(f"{ATOM}updated").text)
            href = entry.find(f"{ATOM}link").get("href")
            path = urlparse(href).path
            pg.goto(urljoin(base, path.lstrip("/")))
            assert "ajouté le" in pg.locator("dl.synthese").inner_text()
        assert pg.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    finally:
        pg.close()


def test_report_link_opens_a_prefilled_issue(browser):
    data = load_site_data(paths.DATAPACKAGES)
    repo = data.catalogue.descriptor.get("contrats:depot")
    assert repo, "adresse du dépôt absente (sources/catalogue.yml « depot »)"
    pg = browser.new_page()
    try:
        pg.goto(f"{served_site()}contrats/{NPDC}/")
        hrefs = pg.eval_on_selector_all("a.signaler", "as => as.map(a => a.href)")
        assert len(hrefs) >= 2  # the contract, and its chart
        for h in hrefs:
            assert h.startswith(repo.rstrip("/") + "/issues/new?")
            query = parse_qs(urlparse(h).query)
            assert data.contract(NPDC)["titre"] in query["title"][0]
            assert NPDC in query["body"][0]
    finally:
        pg.close()


def test_counts_agree_and_plurals_agree():
    """The home page and the Parties page give the same number of organisations; no « 1 contrat … concernent »."""
    site = built_site()
    home = (site / "index.html").read_text(encoding="utf-8")
    parties = (site / "parties" / "index.html").read_text(encoding="utf-8")
    n_home = re.search(r'chiffres-cles__valeur">([\d\u202f]+)</span><span class="chiffres-cles__libelle">organisations? partie',
                       home).group(1)
    n_parties = re.search(r"<p>([\d\u202f]+) organisations? (?:est|sont) parties? aux contrats", parties).group(1)
    assert n_home == n_parties
    bad = []
    for page in site.rglob("*.html"):
        text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
        if re.search(r"(?<![\d\u202f])1 contrat du catalogue concernent", text):
            bad.append(str(page.relative_to(site)))
    assert bad == []


def test_french_collation():
    names = ["Provence-Alpes-Côte d'Azur", "Occitanie", "Île-de-France", "Œuvre", "Auvergne-Rhône-Alpes", "Écoles"]
    assert sorted(names, key=fmt.sort_key) == ["Auvergne-Rhône-Alpes", "Écoles", "Île-de-France", "Occitanie", "Œuvre",
                                               "Provence-Alpes-Côte d'Azur"]
    site = built_site()
    html = (site / "territoires" / "index.html").read_text(encoding="utf-8")
    if "Île-de-France" in html and "Provence" in html:
        assert html.index("Île-de-France") < html.index("Provence")


def test_operations_have_readable_names():
    """Every operation shown has a name starting with a capital letter, distinct from its quote when needed."""
    data = load_site_data(paths.DATAPACKAGES)
    ops = data.catalogue.rows("operations")
    assert ops
    lower = [o["nom"] for o in ops if next((ch for ch in o["nom"] if ch.isalpha()), "A").islower()]
    assert lower == []
    html = (built_site() / "contrats" / NPDC / "index.html").read_text(encoding="utf-8")
    assert "Rénovation de la RN2" in html


@pytest.mark.parametrize("width", [390, 1366])
def test_comparer_filter_and_download_match_the_rows_shown(browser, width):
    """Filtering the comparison narrows the rows; the CSV download holds exactly the rows shown; the aggregated
    downloads parse (CSV read back with the csv module, XLSX with openpyxl)."""
    import openpyxl

    base = served_site()
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True, locale="fr-FR")
    pg = context.new_page()
    try:
        pg.goto(base + "comparer/")
        pg.wait_for_load_state("networkidle")
        all_ids = pg.eval_on_selector_all("#table-comparer tbody tr", "rs => rs.map(r => JSON.parse(r.dataset.ligne)[0])")
        assert len(all_ids) >= 2
        periods = [o for o in pg.eval_on_selector_all("#cmp-periode option", "os => os.map(o => o.value)") if o]
        pg.select_option("#cmp-periode", periods[0])
        shown = pg.eval_on_selector_all("#table-comparer tbody tr:not([hidden])",
                                        "rs => rs.map(r => JSON.parse(r.dataset.ligne)[0])")
        assert 0 < len(shown) < len(all_ids)
        assert f"sur {len(all_ids)}" in pg.locator("#compte-comparer").inner_text()
        with pg.expect_download() as info:
            pg.click("#cmp-csv")
        body = Path(info.value.path()).read_bytes()
        assert body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        assert [r["contrat_id"] for r in rows] == shown
        assert all(r["periode"] == periods[0] for r in rows)
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        pg.screenshot(path=str(SCREENSHOTS / f"comparer-filtre-{width}.png"), full_page=True)
        for href in pg.eval_on_selector_all(".actions a[download]", "as => as.map(a => a.href)"):
            data = fetch(href)
            if href.endswith(".xlsx"):
                wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
                assert wb["comparaison"].max_row == len(all_ids) + 1
            else:
                table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
                assert table and "total_eur" in table[0]
    finally:
        context.close()
