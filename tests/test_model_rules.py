"""The model's own validators: evidence tiers, real calendar dates, coherent amounts, ordered periods, unique roles, relation targets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from contrats.model import EXPRESSION_MAX, Evidence, Financing, Party, Period, Relation, Signature


def message(exc: pytest.ExceptionInfo) -> str:
    (err,) = exc.value.errors()
    return err["msg"].removeprefix("Value error, ")


@pytest.mark.parametrize("date", ["2023-02-28", "2024-02-29", "2023-12-31", "2023-01-01"])
def test_real_dates_pass(date: str) -> None:
    assert Signature(date=date, preuve="q").date == date


@pytest.mark.parametrize("date", ["2023-02-29", "2023-02-30", "2023-04-31"])
def test_impossible_dates_are_refused(date: str) -> None:
    with pytest.raises(ValidationError):
        Signature(date=date, preuve="q")


def line(**kw) -> Financing:
    return Financing(id="l", preuve="q", **kw)


def test_amount_kinds_that_hold() -> None:
    assert line(montant_eur=5).montant_eur == 5
    assert line(qualificatif="fourchette", montant_min_eur=1, montant_max_eur=2).montant_max_eur == 2
    assert line(qualificatif="fourchette", montant_min_eur=2, montant_max_eur=2).montant_min_eur == 2
    assert line(qualificatif="part", part_pct=10).part_pct == 10
    assert line(qualificatif="environ", montant_eur=5, part_pct=10).part_pct == 10


@pytest.mark.parametrize("kw,expected", [
    ({"qualificatif": "fourchette", "montant_min_eur": 1}, "une fourchette demande montant_min_eur et montant_max_eur, sans montant_eur"),
    ({"qualificatif": "fourchette", "montant_max_eur": 1}, "une fourchette demande montant_min_eur et montant_max_eur, sans montant_eur"),
    ({"qualificatif": "fourchette", "montant_min_eur": 1, "montant_max_eur": 2, "montant_eur": 1},
     "une fourchette demande montant_min_eur et montant_max_eur, sans montant_eur"),
    ({"qualificatif": "fourchette", "montant_min_eur": 3, "montant_max_eur": 2}, "montant_min_eur dépasse montant_max_eur"),
    ({"qualificatif": "part"}, "le qualificatif « part » demande part_pct et aucun montant"),
    ({"qualificatif": "part", "part_pct": 5, "montant_eur": 1}, "le qualificatif « part » demande part_pct et aucun montant"),
    ({"qualificatif": "au_moins"}, "le qualificatif « au_moins » demande montant_eur"),
    ({"montant_eur": 1, "montant_min_eur": 1}, "montant_min_eur et montant_max_eur ne servent qu'aux fourchettes"),
    ({"montant_eur": 1, "montant_max_eur": 1}, "montant_min_eur et montant_max_eur ne servent qu'aux fourchettes"),
])
def test_incoherent_amounts_are_refused(kw: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as exc:
        line(**kw)
    assert message(exc) == expected


def test_period_order() -> None:
    assert Period(debut=2015, fin=2015, preuve="q").fin == 2015
    with pytest.raises(ValidationError) as exc:
        Period(debut=2016, fin=2015, preuve="q")
    assert message(exc) == "la fin de période précède son début"


def test_roles_are_unique() -> None:
    assert Party(id="p", nom="P", type="etat", roles=["signataire", "financeur"]).roles == ["signataire", "financeur"]
    with pytest.raises(ValidationError) as exc:
        Party(id="p", nom="P", type="etat", roles=["signataire", "signataire"])
    assert message(exc) == "rôle répété"


def test_relation_needs_a_target() -> None:
    assert Relation(type="cite", cible="x").cible == "x"
    assert Relation(type="cite", cible_libelle="X").cible_libelle == "X"
    with pytest.raises(ValidationError) as exc:
        Relation(type="cite")
    assert message(exc) == "une relation demande cible ou cible_libelle"


def test_evidence_tiers_that_hold() -> None:
    assert Evidence(citation="q").tier == 1
    assert Evidence(citation="q", document="d", contexte="c").text == "q"
    tier2 = Evidence(source="s", expression="2 M€", contexte="x" * EXPRESSION_MAX)
    assert (tier2.tier, tier2.text) == (2, "2 M€")


@pytest.mark.parametrize("kw,expected", [
    ({"source": "s"}, "une preuve de niveau 2 demande source et expression"),
    ({"expression": "2 M€"}, "une preuve de niveau 2 demande source et expression"),
    ({"source": "s", "expression": "2 M€", "citation": "q"},
     "une preuve cite soit un document (citation), soit une page publique (source et expression)"),
    ({"source": "s", "expression": "2 M€", "document": "d"},
     "une preuve cite soit un document (citation), soit une page publique (source et expression)"),
    ({"source": "s", "expression": "2 M€", "contexte": "x" * (EXPRESSION_MAX + 1)},
     f"le contexte d'une preuve de niveau 2 ne dépasse pas {EXPRESSION_MAX} caractères"),
    ({}, "une preuve demande une citation (niveau 1) ou une source et une expression (niveau 2)"),
    ({"document": "d", "contexte": "c"}, "une preuve demande une citation (niveau 1) ou une source et une expression (niveau 2)"),
])
def test_incoherent_evidence_is_refused(kw: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Evidence(**kw)
    assert message(exc) == expected
