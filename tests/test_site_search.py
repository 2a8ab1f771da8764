"""Pagefind search in the built site: French queries (stemming, accents), filters, what is and is not indexed."""

from __future__ import annotations

import json

import pytest

from contrats import paths
from contrats.site.data import load_site_data
from sitekit import build_into, built_site, serve, served_site, watch_console

# Pagefind's JS API with every part of the index merged, as the header's search does (assets/site/recherche.js).
MERGED = """const pf = await import("/pagefind/pagefind.js");
    if (!window.__parts) {
        await pf.options({baseUrl: "/"});
        window.__parts = await (await fetch("/pagefind/parties.json")).json();
        for (const part of window.__parts) await pf.mergeIndex("/pagefind/" + part, {baseUrl: "/"});
    }"""
SEARCH_JS = """async ([query, filters]) => {
    """ + MERGED + """
    const r = await pf.search(query, filters ? {filters} : {});
    const data = await Promise.all(r.results.map(x => x.data()));
    return data.map(d => ({url: d.url, title: d.meta.title}));
}"""
FILTERS_JS = """async () => {
    """ + MERGED + """
    return await pf.filters();
}"""


@pytest.fixture(scope="module")
def page(browser):
    """A page of the served site from which Pagefind's JS API is called."""
    pg = browser.new_page()
    pg.goto(served_site())
    yield pg
    pg.close()


def search(page, query: str, filters: dict | None = None) -> list[dict]:  # noqa: ANN001
    """Results (url, title) of a Pagefind query run in the page, best first."""
    return page.evaluate(SEARCH_JS, [query, filters])


@pytest.fixture(scope="module")
def data():
    """The published data the site was built from."""
    built_site()
    return load_site_data(paths.DATAPACKAGES)


def documents_containing(data, needle: str) -> set[str]:  # noqa: ANN001
    """Document pages whose text contains `needle` (case-insensitive)."""
    return {f"/documents/{d}/" for d, text in data.catalogue.texts.items() if needle.casefold() in text.casefold()}


@pytest.mark.parametrize("query", ["délibérations", "deliberation"])
def test_deliberations_finds_documents_with_the_word(page, data, query):
    """Plural and accent-free forms find « délibération » (French stemming, diacritics folded)."""
    expected = documents_containing(data, "délibération")
    assert expected, "aucun document ne contient « délibération »"
    urls = {r["url"] for r in search(page, query)}
    assert expected & urls, f"{query!r} → {sorted(urls)[:10]}"


def test_seine_nord_finds_the_contract_and_its_text(page, data):
    """« Seine Nord » finds the contract naming the canal and the document text."""
    contracts = {f"/contrats/{o['contrat_id']}/" for o in data.catalogue.rows("operations") if "seine nord" in o["titre"].casefold()}
    expected = contracts | documents_containing(data, "Seine Nord")
    assert expected
    urls = [r["url"] for r in search(page, "Seine Nord")]
    assert set(urls[:10]) & expected, urls[:10]
    assert contracts <= set(urls), f"pages de contrat attendues : {contracts}"


def test_metropole_europeenne_without_accents_finds_the_party(page):
    """« metropole europeenne » (no accents) finds the Métropole européenne de Lille's page."""
    results = search(page, "metropole europeenne")
    parties = [r for r in results[:10] if r["url"].startswith("/parties/")]
    assert any("Métropole européenne" in r["title"] for r in parties), results[:10]


def test_filters_are_declared(page):
    """Family, territory and period filters exist and narrow results."""
    filters = page.evaluate(FILTERS_JS)
    for key in ("famille", "territoire", "période", "rubrique"):
        assert filters.get(key), f"filtre {key} absent : {sorted(filters)}"
    assert "CPER" in filters["famille"]
    cper = search(page, "contrat", {"famille": "CPER"})
    assert cper and all(r["url"].startswith("/contrats/") for r in cper)
    assert len(cper) < len(search(page, "contrat"))


def test_chrome_and_404_are_not_indexed(page):
    """Navigation labels are not indexed on every page; the 404 page is not indexed at all."""
    pages = len(list(built_site().rglob("index.html")))
    hits = search(page, "Méthodologie")
    assert hits and len(hits) < pages / 3, f"{len(hits)} résultats sur {pages} pages : la navigation est indexée ?"
    assert not any("404" in r["url"] for r in search(page, "introuvable"))


def test_header_search_ui(page):
    """Typing in the header's search field shows results linking to the expected page."""
    page.goto(served_site() + "contrats/")
    field = page.locator("#recherche input")
    field.fill("Seine Nord")
    page.wait_for_selector("#recherche .pagefind-ui__result-link", timeout=10_000)
    hrefs = page.eval_on_selector_all("#recherche .pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
    assert any(h.startswith("/contrats/") or h.startswith("/documents/") for h in hrefs), hrefs
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelectorAll('#recherche .pagefind-ui__result').length === 0")


def test_header_search_merges_every_part_of_the_index(page):
    """The index is built in parts (contract pages, document texts, the rest); the header's results draw on each."""
    site = built_site()
    parts = json.loads((site / "pagefind" / "parties.json").read_text(encoding="utf-8"))
    assert parts == ["contrats/", "documents/"]
    for part in parts:
        assert (site / "pagefind" / part / "pagefind-entry.json").is_file(), part
    seen: set[str] = set()
    for query in ("Seine Nord", "délibérations", "Métropole européenne de Lille"):
        page.goto(served_site() + "contrats/")
        page.locator("#recherche input").fill(query)
        page.wait_for_selector("#recherche .pagefind-ui__result-link", timeout=10_000)
        hrefs = page.eval_on_selector_all("#recherche .pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
        seen |= {h.strip("/").split("/")[0] for h in hrefs}
    assert {"contrats", "documents"} <= seen and seen & {"parties", "territoires"}, seen


def test_search_works_under_a_sub_path(browser, tmp_path):
    """Published under /depot/ (GitHub Pages): results link inside the sub-path, pages and assets load."""

    root = tmp_path / "www"
    root.mkdir()
    site = build_into(paths.DATAPACKAGES, tmp_path / "work", "https://example.org/depot/")
    (root / "depot").symlink_to(site, target_is_directory=True)
    assert "https://example.org/depot/contrats/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    url, server = serve(root)
    pg = browser.new_page()
    try:
        errors = watch_console(pg)
        pg.goto(url + "depot/contrats/")
        pg.locator("#recherche input").fill("Seine Nord")
        pg.wait_for_selector("#recherche .pagefind-ui__result-link", timeout=10_000)
        hrefs = pg.eval_on_selector_all("#recherche .pagefind-ui__result-link", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("/depot/") for h in hrefs), hrefs
        pg.goto(url + hrefs[0].lstrip("/"))
        pg.wait_for_load_state("networkidle")
        assert pg.locator("article h1").count() == 1
        assert errors == []
    finally:
        pg.close()
        server.shutdown()


def test_contract_pages_rank_above_document_texts_and_show_family_and_period(page, data):
    """For words both a contract page and its document text hold, the contract page comes first; its result
    carries the family and period (data-pagefind-meta), which the header's results show beside the title."""
    pf_meta = """async (query) => {
        """ + MERGED + """
        const r = await pf.search(query);
        const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
        return data.map(d => ({url: d.url, meta: d.meta, excerpt: d.excerpt}));
    }"""
    for query in ("Seine Nord", "Métropole européenne de Lille"):
        results = page.evaluate(pf_meta, query)
        urls = [r["url"] for r in results]
        contract = next(i for i, u in enumerate(urls) if u.startswith("/contrats/"))
        document = next((i for i, u in enumerate(urls) if u.startswith("/documents/")), len(urls))
        assert contract < document, f"{query!r}: {urls}"
        meta = results[contract]["meta"]
        assert meta.get("famille") and meta.get("periode"), meta
        # Snippets come from readable text: no glued table headers.
        for r in results:
            assert "ContratFamille" not in r["excerpt"] and "PartieType" not in r["excerpt"], r["excerpt"]
    page.goto(served_site() + "contrats/")
    page.locator("#recherche input").fill("Seine Nord")
    page.wait_for_selector("#recherche .pagefind-ui__result-link", timeout=10_000)
    titles = page.eval_on_selector_all("#recherche .pagefind-ui__result-link", "as => as.map(a => a.textContent)")
    assert any(" — CPER" in t for t in titles), titles


def test_index_refuses_a_folder_without_a_site(tmp_path, capsys):
    """`contrats index` on a folder MkDocs has not built: a clear error naming the folder, no traceback."""
    from contrats.cli import main

    assert main(["index", "--site", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "mkdocs build" in err
    assert not (tmp_path / "pagefind").exists()
