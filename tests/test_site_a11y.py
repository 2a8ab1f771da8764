"""Accessibility: axe-core finds no serious or critical violation on the main kinds of pages."""

from __future__ import annotations

import pytest
from axe_playwright_python import sync_playwright as axe_api

from sitekit import contract_ids, served_site


def pages_to_check() -> list[str]:
    """Home, catalogue, a contract page (a CPER when there is one), data page."""
    ids = contract_ids()
    contract = next((c for c in ids if c.startswith("cper-")), ids[0])
    return ["", "contrats/", f"contrats/{contract}/", "donnees/", "comparer/", "parties/"]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violation(browser, width):
    """axe-core on the four pages, desktop and mobile widths."""
    axe = axe_api.Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    problems = []
    try:
        for path in pages_to_check():
            page.goto(served_site() + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.lang") == "fr"
            results = axe.run(page)
            for v in results.response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"][:3]]
                    problems.append(f"/{path} [{v['impact']}] {v['id']}: {v['help']} {targets}")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
