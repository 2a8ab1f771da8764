"""French number, amount, percentage, count and date parsing."""

from decimal import Decimal

import pytest

from contrats import frnum


@pytest.mark.parametrize("text,euros,qualifier", [
    ("pour l’Etat : 893,486 millions d’euros,", 893_486_000, "exact"),
    ("pour un montant de 43.35M€.", 43_350_000, "exact"),
    ("une enveloppe globale de plus de 2,7 milliards d’euros sur 7 ans", 2_700_000_000, "au_moins"),
    ("sera ainsi de l’ordre de 2 milliards d’euros.", 2_000_000_000, "environ"),
    ("un minimum de 750 M€ de crédits nouveaux", 750_000_000, "au_moins"),
    ("une enveloppe de 20 Millions d’euros est mobilisable", 20_000_000, "exact"),
    ("chaque Département à hauteur de 25% (37.5M€ chacun)", 37_500_000, "exact"),
    ("à hauteur maximale de 400 €/prise", 400, "au_plus"),
    ("1 250 000 € au total", 1_250_000, "exact"),
    ("plus de cinq milliards d’euros", 5_000_000_000, "au_moins"),
    ("deux milliards d’euros", 2_000_000_000, "exact"),
    ("plus d'un milliard d'euros", 1_000_000_000, "au_moins"),
])
def test_amounts(text: str, euros: int, qualifier: str) -> None:
    found = [f for f in frnum.amounts_in(text) if f.upper is None]
    assert [(f.value, f.qualifier) for f in found] == [(Decimal(euros), qualifier)]


def test_range_keeps_both_bounds() -> None:
    (found,) = frnum.amounts_in("un montant estimatif compris entre 150 et 170 M€ auxquels")
    assert (found.value, found.upper, found.qualifier) == (150_000_000, 170_000_000, "fourchette")


def test_precision_follows_written_digits() -> None:
    assert frnum.amounts_in("2,7 milliards d’euros")[0].precision == Decimal(50_000_000)
    assert frnum.amounts_in("893,486 millions d’euros")[0].precision == Decimal(500)


@pytest.mark.parametrize("text,values", [
    ("Axe 2 – 57,3% des crédits", ["57.3"]),
    ("État : 994 M€ (36) %;", ["36"]),
    ("Région 995 M€ (36 %)", ["36"]),
    ("14,8 % des crédits et 8,8% aussi", ["14.8", "8.8"]),
])
def test_percents(text: str, values: list[str]) -> None:
    assert [f.value for f in frnum.percents_in(text)] == [Decimal(v) for v in values]


def test_counts_digits_and_words() -> None:
    found = [int(f.value) for f in frnum.counts_in("neuf signataires, 170 communes du Gers, 80 000 habitants")]
    assert found == [9, 170, 80000]


@pytest.mark.parametrize("text,iso", [
    ("Fait à Paris, le 28 juin 2021", "2021-06-28"),
    ("le 1er juillet 2015, pour procéder", "2015-07-01"),
    ("signé ce lundi 9 janvier à la préfecture", "--01-09"),
    ("Octobre 2014", "2014-10"),
    ("26.01.2023", "2023-01-26"),
])
def test_dates(text: str, iso: str) -> None:
    assert [d.iso() for d in frnum.dates_in(text)] == [iso]


def test_unreadable_number_is_an_error() -> None:
    with pytest.raises(ValueError):
        frnum.parse_number("1.2.3")


@pytest.mark.parametrize("text,low,high", [
    ("un montant estimatif compris entre 150 et 170 M€ auxquels", 150_000_000, 170_000_000),
    ("estimé entre 1,5 et 2 millions d'euros", 1_500_000, 2_000_000),
    ("entre 100 000 € et 200 000 €", 100_000, 200_000),
])
def test_ranges(text: str, low: int, high: int) -> None:
    (found,) = frnum.amounts_in(text)
    assert (found.value, found.upper, found.qualifier) == (low, high, "fourchette")


@pytest.mark.parametrize("text,values", [
    ("neuf signataires, 170 communes du Gers, 80 000 habitants", [9, 170, 80000]),
    ("autour de quatre priorités", [4]),
])
def test_counts(text: str, values: list[int]) -> None:
    assert [int(f.value) for f in frnum.counts_in(text)] == values


def test_francs_are_read_apart_from_euros() -> None:
    """« milliards de francs » is an amount in francs, never mistaken for euros."""
    text = "164,9 milliards de francs ; 77,3 milliards de francs (47 %) ; 1 117 MF"
    assert [f.value for f in frnum.francs_in(text)] == [Decimal("164.9e9"), Decimal("77.3e9"), Decimal("1117e6")]
    assert frnum.amounts_in(text) == []
