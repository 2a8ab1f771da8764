"""Tier-2 evidence (figures published on public pages): parsed from the expression, refused when mistyped,
corroborated or in discrepancy between sources, and shown as such in the published data and pages."""

from __future__ import annotations

import csv
import io
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
