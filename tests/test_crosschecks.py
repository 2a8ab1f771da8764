"""Cross-checks: territory codes against the names written, the party a commitment's quote names, dates written as
dates and not after their document, press-style and worded numbers, lines that are part of other lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contrats import frnum
from contrats.checks import territories_named
from contrats.derived import commitments_sum
from contrats.model import Contract
from rulekit import errors, messages, reference
from rulekit import mini as mini_data


def test_mini_is_clean() -> None:
    assert errors() == []


# --- territory codes against the names of the title and parties ---------------------------------------

def test_region_code_must_be_the_region_its_party_names() -> None:
    data = mini_data()
    data["parties"][1]["nom"] = "Région Pays de la Loire"  # code 32 is the Hauts-de-France
    msg = messages(data)
    assert ("code_nom", "parties[1].territoire.code") in msg
    assert "Hauts-de-France" in msg[("code_nom", "parties[1].territoire.code")]
    assert "Pays de la Loire" in msg[("code_nom", "parties[1].territoire.code")]
    assert ("code_nom", "territoires[0].code") in msg  # the contract's own list, named through its parties


def test_named_region_with_its_own_code_passes() -> None:
    data = mini_data()
    data["parties"][1]["nom"] = "Région Hauts-de-France"
    data["titre"] = "Contrat de démonstration Hauts-de-France"
    assert errors(data) == []


def test_a_name_inside_a_longer_name_is_not_named() -> None:
    ref = reference()
    assert territories_named("Région Pays de la Loire", ref) == {("region", "52")}  # not the Loire (42)
    assert territories_named("Contrat de plan État-Région Nord – Pas-de-Calais 2015-2020", ref) == {("region", "31")}
    assert ("departement", "59") in territories_named("Département du Nord", ref)
    assert territories_named("le nord de la région", ref) == set()  # a common word, not a name


# --- the quote of a party's commitment names that party ------------------------------------------------

def test_commitment_quote_must_name_its_party() -> None:
    data = mini_data()
    data["financements"][0]["partie"] = "region"  # "pour l’Etat : 893,486 millions d’euros"
    msg = messages(data)
    assert ("partie_preuve", "financements[0].partie") in msg
    assert "Région Exemple" in msg[("partie_preuve", "financements[0].partie")]


def test_a_declared_alias_names_the_party() -> None:
    data = mini_data()
    data["parties"][1]["alias"] = []  # "pour la Région : …" names the Région Exemple only through its alias
    assert ("partie_preuve", "financements[1].partie") in errors(data)


def test_the_context_can_name_the_party() -> None:
    data = mini_data()
    data["parties"][1]["alias"] = []
    data["financements"][1]["preuve"] = {"citation": "pour la Région : 846,607 millions d’euros",
                                         "contexte": "et la Région Exemple, représentée par son président"}
    assert errors(data) == []


def test_party_names_compare_without_accents_case_or_dashes() -> None:
    data = mini_data()
    data["parties"][0]["nom"] = "ÉTAT"  # the quote writes « l’Etat »
    assert errors(data) == []


# --- dates --------------------------------------------------------------------------------------------

def _milestone(date: str, quote, **kw) -> dict:
    data = mini_data()
    data["jalons"].append({"id": "essai", "date": date, "type": "autre", "libelle": "Essai", "preuve": quote})
    return data


def test_year_only_date_is_not_matched_by_a_year_of_a_span() -> None:
    assert ("valeur_preuve", "jalons[1].date") in errors(_milestone("2021", "Contrat de démonstration 2021-2027"))


def test_year_only_date_written_as_a_date_passes() -> None:
    assert errors(_milestone("2023", "Une révision est prévue en 2023."),
                  extra_text="Une révision est prévue en 2023.\n") == []


def test_context_must_state_the_year_as_a_date() -> None:
    data = mini_data()
    data["signature"]["preuve"] = {"citation": "Signé ce lundi 9 janvier à Lille",
                                   "contexte": "Programme 2023-2024"}
    assert ("valeur_preuve", "signature.date") in errors(data, extra_text="Programme 2023-2024\n")
    data["signature"]["preuve"]["contexte"] = "Publié le 26.01.2023"
    assert errors(data, extra_text="Programme 2023-2024\n") == []


def test_date_after_its_document_is_refused() -> None:
    data = mini_data()
    data["documents"][0]["date"] = "2023-01-05"  # signature on 2023-01-09, jalon too
    msg = messages(data)
    assert ("date_document", "signature.date") in msg and ("date_document", "jalons[0].date") in msg
    assert "2023-01-05" in msg[("date_document", "signature.date")]


def test_date_compared_at_the_precision_both_share() -> None:
    data = mini_data()
    data["documents"][0]["date"] = "2023"
    assert errors(data) == []
    data["documents"][0]["date"] = "2022"
    assert ("date_document", "statut.date_observation") in errors(data)


def test_a_later_document_can_report_the_date() -> None:
    data = mini_data()
    data["documents"][0]["date"] = "2023-01-26"  # the status is observed on the document's own day: not after
    assert errors(data) == []


# --- numbers ------------------------------------------------------------------------------------------

def _figure(value, quote: str, unit: str = "nombre", **kw) -> dict:
    data = mini_data()
    data["chiffres"].append({"id": "essai", "libelle": "Essai", "valeur": value, "unite": unit, "preuve": quote, **kw})
    return data


@pytest.mark.parametrize("text,value", [
    ("70.000 étudiants", 70000), ("1.250.000 habitants", 1250000), ("80 000 habitants", 80000),
    ("vingt-deux projets", 22), ("quatre-vingt-dix sites", 90), ("deux cent trente communes", 230),
    ("soixante et onze lycées", 71), ("4 millions d’habitants", 4000000), ("quatre millions d’habitants", 4000000),
])
def test_counts_read_as_written(text: str, value: int) -> None:
    assert [f.value for f in frnum.counts_in(text)] == [Decimal(value)]


def test_press_thousands_in_a_figure() -> None:
    line = "La région accueille 70.000 étudiants.\n"
    assert errors(_figure(70000, "70.000 étudiants"), extra_text=line) == []
    assert ("valeur_preuve", "chiffres[1].valeur") in errors(_figure(70, "70.000 étudiants"), extra_text=line)


def test_compound_number_words_in_a_figure() -> None:
    line = "Vingt-deux communes sont concernées.\n"
    assert errors(_figure(22, "Vingt-deux communes"), extra_text=line) == []
    for wrong in (20, 2):
        assert ("valeur_preuve", "chiffres[1].valeur") in errors(_figure(wrong, "Vingt-deux communes"), extra_text=line)


def test_millions_of_inhabitants_are_millions() -> None:
    line = "La région compte 4 millions d’habitants.\n"
    assert errors(_figure(4000000, "compte 4 millions d’habitants"), extra_text=line) == []
    assert ("valeur_preuve", "chiffres[1].valeur") in errors(_figure(4, "compte 4 millions d’habitants"), extra_text=line)


def test_a_peine_is_an_upper_bound() -> None:
    line = "à peine de 20 % des cours d'eau sont en bon état.\n"
    assert [f.qualifier for f in frnum.percents_in(line)] == ["au_plus"]
    assert ("qualificatif_preuve", "chiffres[1].qualificatif") in errors(
        _figure(20, "à peine de 20 % des cours d'eau", unit="pct"), extra_text=line)
    assert errors(_figure(20, "à peine de 20 % des cours d'eau", unit="pct", qualificatif="au_plus"), extra_text=line) == []


def test_decimal_dot_still_decimal() -> None:
    assert frnum.amounts_in("43.35M€")[0].value == Decimal("43350000")
    assert frnum.parse_number("70.000") == 70000 and frnum.parse_number("37.5") == Decimal("37.5")


# --- lines that are part of other lines ------------------------------------------------------------

def _parts(*lines: dict) -> dict:
    data = mini_data()
    data["financements"] += list(lines)
    return data


PARENT = {"id": "total-volet", "partie": "etat", "element": "volet-numerique", "montant_eur": 55000000,
          "preuve": "55 M€ dédiés au volet, dont 38 M€ pour l’Etat"}
PART_A = {"id": "part-a", "partie": "etat", "element": "volet-numerique", "montant_eur": 38000000,
          "fait_partie_de": "total-volet", "preuve": "dont 38 M€ pour l’Etat"}
PART_B = {"id": "part-b", "partie": "etat", "element": "volet-numerique", "montant_eur": 17000000,
          "fait_partie_de": "total-volet", "preuve": "et 17 M€ pour l’Etat"}
TEXT = "Le volet reçoit 55 M€ dédiés au volet, dont 38 M€ pour l’Etat et 17 M€ pour l’Etat.\n"


def test_parts_within_their_line_pass() -> None:
    assert errors(_parts(PARENT, PART_A, PART_B), extra_text=TEXT) == []


def test_parts_exceeding_their_line_are_refused() -> None:
    parent = dict(PARENT, montant_eur=38000000, preuve="dont 38 M€ pour l’Etat")  # 38 + 17 > 38
    part_a = dict(PART_A, preuve="dont 38 M€ pour l’Etat")
    msg = messages(_parts(parent, part_a, PART_B), extra_text=TEXT)
    assert ("somme_parties", "financements[4].montant_eur") in msg
    assert "55 000 000" in msg[("somme_parties", "financements[4].montant_eur")]


def test_part_of_an_unknown_line() -> None:
    assert ("reference", "financements[5].fait_partie_de") in errors(
        _parts(PARENT, dict(PART_A, fait_partie_de="inconnue")), extra_text=TEXT)


def test_part_of_itself() -> None:
    assert ("fait_partie_de", "financements[4].fait_partie_de") in errors(
        _parts(dict(PARENT, fait_partie_de="part-a"), PART_A), extra_text=TEXT)


def test_whole_contract_sum_skips_a_line_that_is_part_of_another() -> None:
    data = mini_data()
    base = commitments_sum(Contract.model_validate(data))
    data["financements"].append({"id": "etat-dont", "partie": "etat", "montant_eur": 893486000,
                                 "fait_partie_de": "etat", "preuve": "pour l’Etat : 893,486 millions d’euros"})
    assert commitments_sum(Contract.model_validate(data)) == base
    assert errors(data) == []
