"""Browser and file tests of the territory hierarchy on the built site: catalogue filter, territory pages, per
inhabitant column, overseas insets on the maps."""

from __future__ import annotations

import csv
import re

import pytest

from contrats import paths
from sitekit import built_site, served_site


@pytest.fixture
def page(browser):
    """A fresh desktop page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    pg = context.new_page()
    yield pg
    context.close()


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#catalogue tbody tr:not([hidden]) td:first-child a", "as => as.map(a => a.getAttribute('href'))")


def test_choosing_hauts_de_france_shows_the_npdc_cper(page):
    """The territory filter follows the hierarchy: a current region shows the contracts of the regions merged into
    it in 2016 and of its départements; a département shows the contracts of its EPCI."""
    page.goto(f"{served_site()}contrats/")
    page.select_option("#f-territoire", label="Hauts-de-France")
    shown = " ".join(visible_ids(page))
    assert "cper-nord-pas-de-calais-2015-2020" in shown
    assert "cper-hauts-de-france-2021-2027" in shown
    assert "pacte-territorial-toulouse-metropole" not in shown
    page.select_option("#f-territoire", label="Haute-Garonne (31)")
    shown = " ".join(visible_ids(page))
    assert "pacte-territorial-toulouse-metropole" in shown and "accord-cadre-toulouse-montpellier-2016" in shown
    assert "cper-nord-pas-de-calais-2015-2020" not in shown
    page.select_option("#f-territoire", label="Occitanie")
    shown = " ".join(visible_ids(page))
    assert "pacte-territorial-toulouse-metropole" in shown
    assert "cper-midi-pyrenees-2014-2020" in shown  # names only its region before 2016, Midi-Pyrénées


def test_territory_pages_follow_the_hierarchy(page):
    base = served_site()
    page.goto(f"{base}territoires/departement-31/")
    text = page.locator("article").inner_text()
    assert "Pacte territorial de Toulouse Métropole" in text and "couvre une de ses intercommunalités" in text
    page.goto(f"{base}territoires/epci-243100518/")
    text = page.locator("article").inner_text()
    assert "Toulouse Métropole" in text and "243100518" in text and "Haute-Garonne" in text
    page.goto(f"{base}territoires/departement-59/")
    assert "Contrat de plan État-Région Hauts-de-France 2021-2027" in page.locator("article").inner_text()


def test_every_current_contract_is_placed() -> None:
    """Every contract with territories names them from the reference (no contract of a métropole is left out)."""
    with (paths.CATALOGUE_PKG / "territoires.csv").open(encoding="utf-8", newline="") as f:
        placed = {r["contrat_id"] for r in csv.DictReader(f) if r["nom"]}
    for cid in ("pacte-territorial-toulouse-metropole", "accord-cadre-toulouse-montpellier-2016",
                "contrat-reciprocite-toulouse-portes-de-gascogne"):
        assert cid in placed


def test_per_inhabitant_column() -> None:
    """Every contract with a stated total and a territory has its total per inhabitant and population vintage."""
    with (paths.CATALOGUE_PKG / "contrats.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (paths.CATALOGUE_PKG / "territoires.csv").open(encoding="utf-8", newline="") as f:
        with_territory = {r["contrat_id"] for r in csv.DictReader(f)}
    checked = 0
    for r in rows:
        if r["total_montant_eur"] and r["id"] in with_territory:
            population = int(r["population"])
            assert int(r["total_par_habitant_eur"]) == round(int(r["total_montant_eur"]) / population)
            assert r["millesime_population"]
            checked += 1
    assert checked >= 2
    npdc = next(r for r in rows if r["id"] == "cper-nord-pas-de-calais-2015-2020")
    with ((paths.DATAPACKAGES / "reference") / "departements.csv").open(encoding="utf-8", newline="") as f:
        deps = {(d["code"], d["millesime"]): int(d["population"] or 0) for d in csv.DictReader(f)}
    assert int(npdc["population"]) == deps[("59", "2019")] + deps[("62", "2019")]


def test_catalogue_shows_per_inhabitant_with_vintage(page):
    page.goto(f"{served_site()}contrats/")
    headers = page.eval_on_selector_all("#catalogue thead th", "ths => ths.map(t => t.innerText)")
    assert any("Par habitant" in h for h in headers)
    cells = page.eval_on_selector_all("#catalogue tbody td:last-child", "tds => tds.map(t => t.innerText)")
    assert any(re.search(r"\d\s?€ \(population 20\d\d\)", c) for c in cells), cells


def test_maps_show_overseas_insets() -> None:
    site = built_site()
    svg = (site / "cartes" / "regions.svg").read_text(encoding="utf-8")
    for name in ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte", "formes simplifiées"):
        assert name in svg, name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Mayotte" in home  # the national choropleth draws the overseas regions too
