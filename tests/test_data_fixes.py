"""Defects found by hand in the curated data stay fixed in the published packages (read back with the csv module)."""

from __future__ import annotations

import csv

from contrats import paths

NPDC = "cper-nord-pas-de-calais-2015-2020"
HDF = "cper-hauts-de-france-2021-2027"


def rows(contract: str, table: str) -> list[dict[str, str]]:
    with (paths.DATAPACKAGES / "contrats" / contract / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def by_id(contract: str, table: str, key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in rows(contract, table)}


def test_population_is_in_inhabitants() -> None:
    fig = by_id(NPDC, "chiffres", "chiffre_id")["population-region"]
    assert (fig["valeur"], fig["unite"]) == ("4000000", "nombre")
    assert "4 millions d’habitants" in fig["preuve_citation"]


def test_a_peine_is_not_exact() -> None:
    fig = by_id(NPDC, "chiffres", "chiffre_id")["cours-eau-bon-etat"]
    assert "à peine" in fig["preuve_citation"] and fig["qualificatif"] == "au_plus"


def test_hdf_succeeds_both_merged_regions_with_evidence() -> None:
    rels = [r for r in rows(HDF, "relations") if r["type"] == "succede_a"]
    assert {r["cible_id"] or r["cible_libelle"] for r in rels} == {
        NPDC, "Contrat de plan État-Région Picardie 2015-2020"}
    assert all(r["preuve_citation"] and r["note"] for r in rels)


def test_lines_contained_in_another_are_recorded_as_parts() -> None:
    lines = by_id(NPDC, "financements", "ligne_id")
    parent = lines["usine-du-futur-etat"]
    parts = [r for r in lines.values() if r["fait_partie_de"] == "usine-du-futur-etat"]
    assert {r["ligne_id"] for r in parts} == {"usine-du-futur-prets-etat", "usine-du-futur-prets-numeriques-etat"}
    assert sum(int(r["montant_eur"]) for r in parts) == int(parent["montant_eur"]) == 55_000_000


def test_state_share_of_the_regional_list_is_not_a_discrepancy() -> None:
    assert "montant-annonce-liste-regionale" not in by_id(NPDC, "ecarts", "ecart_id")
    fig = by_id(NPDC, "chiffres", "chiffre_id")["npnru-liste-regionale-montant-annonce"]
    assert fig["valeur"] == "100000000" and "part de l’État" in fig["libelle"]


def test_dated_events_of_2012_2014_are_milestones() -> None:
    jalons = by_id(NPDC, "jalons", "jalon_id")
    expected = {
        "grande-conference-sociale": "2012-07", "bassin-minier-unesco": "2012-06-30",
        "schema-regional-enseignement-superieur-recherche": "2012-11", "syndicat-mixte-tres-haut-debit": "2013-07",
        "pacte-egalite-professionnelle": "2013-07", "sraddt": "2013-09-26",
        "strategie-specialisation-intelligente": "2013-10-07", "loi-ville-cohesion-urbaine": "2014-02-21",
        "canal-seine-nord-engagement": "2014-09", "crefop": "2014-12-11", "dossier-tres-haut-debit": "2014-12",
        "convention-etat-bpifrance": "2014-12-19",
    }
    assert {k: jalons[k]["date"] for k in expected if k in jalons} == expected
    assert all(jalons[k]["preuve_citation"] for k in expected)


def test_commitments_quote_their_party() -> None:
    """Every party commitment's quote (or its context) was checked to name its party: the contexts are published."""
    preuves = {r["preuve_id"]: r for r in rows(NPDC, "preuves")}
    assert "Département du Nord" in preuves["financements:thd-departement-nord:montant"]["contexte"]
