"""Data is text, never markup: a hostile title renders as visible text and runs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import contract_file, edit
from contrats.build import build
from sitekit import build_into, launch, serve

playwright_api = pytest.importorskip("playwright.sync_api")

TITLE = "<script>alert(1)</script> et {{ x }}"
PARTY = 'Région <img src=x onerror="alert(2)"> Exemple'


@pytest.fixture
def hostile_site(mini: Path, tmp_path: Path) -> Path:
    """A one-contract site whose title and party name contain HTML and template syntax."""
    source = contract_file(mini)
    edit(source, "titre: Contrat de démonstration", f"titre: '{TITLE}'")
    edit(source, "nom: Région Exemple", f"nom: '{PARTY}'")
    packages = tmp_path / "datapackages"
    assert build(packages, mini / "sources", mini) == 0
    return build_into(packages, tmp_path / "work")


def test_hostile_values_are_escaped_in_the_html(hostile_site: Path):
    """The generated HTML holds the values escaped, nowhere as live tags; {{ x }} is left as is."""
    pages = list(hostile_site.rglob("*.html"))
    assert pages
    for f in pages:
        html = f.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, f
        assert '<img src=x onerror="alert(2)">' not in html, f
    contract = (hostile_site / "contrats" / "contrat-mini" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; et {{ x }}" in contract


def test_hostile_values_show_as_text_and_fire_no_dialog(hostile_site: Path):
    """In the browser: the title reads literally, the party name too, and no alert ever opens."""
    url, server = serve(hostile_site)
    dialogs: list[str] = []
    try:
        with playwright_api.sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in ("", "contrats/", "contrats/contrat-mini/", "parties/", "donnees/"):
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
            page.goto(url + "contrats/contrat-mini/")
            assert page.locator("article h1").inner_text().strip() == TITLE
            assert TITLE in page.title()
            assert PARTY in page.locator("#parties + details table").first.text_content()
            # Only JSON-LD may carry the title, as data with every '<' escaped.
            assert page.evaluate("""() => [...document.scripts].every(s =>
                s.type === 'application/ld+json' ? !s.textContent.includes('<') : !s.textContent.includes('alert('))""")
            assert page.locator("img[src=x]").count() == 0
            page.goto(url + "contrats/")
            assert TITLE in page.locator("#catalogue").inner_text()
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []
