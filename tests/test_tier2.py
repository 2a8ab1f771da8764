"""Tier-2 evidence (figures published on public pages): parsed from the expression, refused when mistyped,
corroborated or in discrepancy between sources, and shown as such in the published data and pages."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from conftest import edit
from contrats.build import build
from contrats.model import EXPRESSION_MAX
from sitekit import build_into
from test_bad_input import expect_failure, run

FILE = "sources/contrats/cct-exemple-2019-2022.yml"

TIER2 = """\
id: cct-exemple-2019-2022
famille: contrat de convergence
titre: Contrat de convergence et de transformation d’exemple 2019-2022
statut:
  valeur: signé
  date_observation: "2023-05-31"
  preuve: {source: prefecture, expression: "8 juillet 2019"}
signature:
  date: "2019-07-08"
  preuve: {source: prefecture, expression: "8 juillet 2019"}
  autres_preuves:
    - {source: iedom, expression: "8 juillet 2019"}
sources_publiques:
  - id: prefecture
    url: https://www.example.gouv.fr/cct-avenant-2023
    editeur: Préfecture d’exemple
    date: "2023-05-31"
    consulte_le: "2026-12-03"
  - id: iedom
    url: https://www.example.fr/iedom/juillet-2019
    editeur: IEDOM
    date: "2019-07"
    consulte_le: "2026-12-03"
parties:
  - {id: etat, nom: État, type: etat, roles: [signataire, financeur]}
  - {id: ctm, nom: Collectivité territoriale, type: region, roles: [signataire, financeur]}
  - {id: epci, nom: Intercommunalités, type: epci, roles: [signataire, financeur]}
montant_total:
  montant_eur: 473900000
  preuve: {source: prefecture, expression: "473,9 millions d’euros"}
  autres_preuves:
    - {source: iedom, expression: "473,9 millions d’euros"}
financements:
  - id: etat
    partie: etat
    montant_eur: 182400000
    preuve: {source: prefecture, expression: "182,4 M€"}
  - id: ctm
    partie: ctm
    montant_eur: 268500000
    preuve: {source: prefecture, expression: "268,5 M€"}
  - id: epci
    partie: epci
    montant_eur: 23000000
    preuve: {source: prefecture, expression: "23 M€"}
  - id: relance
    partie: etat
    montant_eur: 100000000
    qualificatif: au_moins
    libelle: Crédits de relance
    nature: relance
    preuve: {source: iedom, expression: "plus de 100 millions"}
ecarts:
  - id: part-epci
    type: sources
    description: La part des intercommunalités vaut 23 M€ pour la préfecture et 4,1 M€ pour l’IEDOM.
    preuves:
      - {source: prefecture, expression: "23 M€"}
      - {source: iedom, expression: "4,1 M€"}
"""


@pytest.fixture
def tier2(mini: Path) -> Path:
    """The mini sources plus one contract documented by public pages only."""
    (mini / FILE).write_text(TIER2, encoding="utf-8")
    assert run(mini, "build") == 0
    return mini


def rows(root: Path, table: str) -> list[dict[str, str]]:
    """A published table of the catalogue, read back with the csv module."""
    text = (root / "datapackages" / "catalogue" / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_tier2_values_are_published_with_their_page(tier2: Path, capsys) -> None:
    assert run(tier2, "validate") == 0, capsys.readouterr().err
    proofs = {p["preuve_id"]: p for p in rows(tier2, "preuves") if p["contrat_id"] == "cct-exemple-2019-2022"}
    total = proofs["contrats:cct-exemple-2019-2022:montant_total"]
    assert (total["niveau"], total["source_id"], total["expression"]) == ("2", "prefecture", "473,9 millions d’euros")
    assert total["document_id"] == total["citation"] == total["debut"] == ""
    assert proofs["contrats:cct-exemple-2019-2022:montant_total~1"]["source_id"] == "iedom"
    assert {p["niveau"] for p in rows(tier2, "preuves") if p["contrat_id"] == "contrat-mini"} == {"1"}
    pages = {s["source_id"]: s for s in rows(tier2, "sources_publiques")}
    assert pages["iedom"]["url"] == "https://www.example.fr/iedom/juillet-2019"
    assert pages["iedom"]["editeur"] == "IEDOM" and pages["iedom"]["consulte_le"] == "2026-12-03"
    lines = {f["ligne_id"]: f for f in rows(tier2, "financements") if f["contrat_id"] == "cct-exemple-2019-2022"}
    assert (lines["relance"]["qualificatif"], lines["relance"]["montant_eur"]) == ("au_moins", "100000000")
    assert lines["relance"]["nature"] == "relance"


def test_mistyped_value_is_refused(tier2: Path, capsys) -> None:
    edit(tier2 / FILE, "  montant_eur: 182400000", "  montant_eur: 184200000")
    expect_failure(tier2, capsys, "valeur_preuve", f"{FILE}:")


def test_qualifier_comes_from_the_expression(tier2: Path, capsys) -> None:
    edit(tier2 / FILE, "    qualificatif: au_moins\n", "")
    expect_failure(tier2, capsys, "qualificatif_preuve", f"{FILE}:")


def test_expression_is_a_few_words_not_a_sentence(tier2: Path, capsys) -> None:
    long = "la préfecture annonce que l’État apportera au contrat 182,4 M€ sur la période"
    assert len(long) > EXPRESSION_MAX
    edit(tier2 / FILE, 'expression: "182,4 M€"', f'expression: "{long}"')
    expect_failure(tier2, capsys, "string_too_long", f"{FILE}:")


def test_undeclared_page_is_refused(tier2: Path, capsys) -> None:
    edit(tier2 / FILE, '{source: prefecture, expression: "182,4 M€"}', '{source: inconnue, expression: "182,4 M€"}')
    expect_failure(tier2, capsys, "preuve_source", f"{FILE}:")


def test_corroboration_needs_another_publisher(tier2: Path, capsys) -> None:
    edit(tier2 / FILE, '    - {source: iedom, expression: "473,9 millions d’euros"}',
         '    - {source: prefecture, expression: "473,9 millions d’euros"}')
    expect_failure(tier2, capsys, "recoupement", f"{FILE}:")


def test_discrepancy_between_sources_needs_two_publishers(tier2: Path, capsys) -> None:
    edit(tier2 / FILE, '      - {source: iedom, expression: "4,1 M€"}', '      - {source: prefecture, expression: "23 M€"}')
    expect_failure(tier2, capsys, "ecart_sources", f"{FILE}:")


def test_page_shows_tiers_corroboration_and_discrepancy(tier2: Path, tmp_path: Path) -> None:
    packages = tmp_path / "datapackages"
    assert build(packages, tier2 / "sources", tier2) == 0
    site = build_into(packages, tmp_path / "work")
    html = (site / "contrats" / "cct-exemple-2019-2022" / "index.html").read_text(encoding="utf-8")
    assert "chiffre publié par IEDOM" in html and "chiffre publié par Préfecture d’exemple" in html
    assert 'href="https://www.example.fr/iedom/juillet-2019"' in html
    assert "recoupé" in html
    ecarts = html[html.index('id="ecarts"'):]
    assert "« 23 M€ »" in ecarts and "« 4,1 M€ »" in ecarts, "both sides of the discrepancy are shown"
    assert "Écart entre sources" in ecarts
    mini = (site / "contrats" / "contrat-mini" / "index.html").read_text(encoding="utf-8")
    assert "chiffre publié par" not in mini.split('id="sources"')[0]


def test_coverage_matrix_matches_the_catalogue() -> None:
    """The coverage page's region cells agree with the published catalogue, read back with the csv module."""
    from contrats import paths
    from contrats.site.pages.coverage import GENERATION_BY_START
    from sitekit import built_site

    cat = paths.DATAPACKAGES / "catalogue"

    def read(name: str) -> list[dict[str, str]]:
        with (cat / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    contracts = {c["id"]: c for c in read("contrats") if c["famille"] == "CPER"}
    lines = {(f["contrat_id"]) for f in read("financements") if f["partie_id"] and f["engagement_global"] == "true"}
    expected: dict[str, str] = {}
    for t in read("territoires"):
        c = contracts.get(t["contrat_id"])
        if c is None or t["type_territoire"] != "region":
            continue
        start = int(c["annee_debut"]) if c["annee_debut"] else int(c["titre"].split("-")[-2][-4:])
        generation = int(c["generation"]) if c["generation"] else GENERATION_BY_START[start]
        key = f"{t['code_insee']}@{'ancienne' if int(t['millesime_cog']) <= 2015 else 'actuelle'}:{generation}"
        status = "documente" if c["total_qualificatif"] and c["id"] in lines else "partiel"
        if expected.get(key) != "documente":
            expected[key] = status
    html = (built_site() / "couverture" / "index.html").read_text(encoding="utf-8")
    cells = dict(re.findall(r'data-cellule="([^"]+@[^"]+)" data-statut="([a-z]+)"', html))
    assert cells, "the coverage page shows a region matrix"
    shown = {k: v for k, v in cells.items() if v != "manquant"}
    assert shown == {k: v for k, v in expected.items() if k in cells}, "documented cells"
    assert set(expected) <= set(cells), "every region CPER of the catalogue has its cell"
    # Every current metropolitan region but Corse (no public source) and Bourgogne-Franche-Comté (press only) has its
    # CPER 2021-2027 with a stated total.
    missing = sorted(k for k, v in cells.items() if k.endswith("@actuelle:7") and v == "manquant")
    assert missing == ["27@actuelle:7", "94@actuelle:7"]
    with_total = {k for k, c in ((k, v) for k, v in expected.items()) if k.endswith("@actuelle:7")}
    assert len(with_total) == 11
