"""French number and date reading, edge by edge: what make mutation needs to tell each rule of frnum.py apart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contrats import frnum


def values(found) -> list:
    return [f.value for f in found]


def test_a_run_of_words_that_is_not_one_number_is_read_word_by_word() -> None:
    found = frnum.counts_in("deux trois")
    assert [(f.value, f.start, f.end) for f in found] == [(2, 0, 4), (3, 5, 10)]


def test_word_numbers_keep_their_span_and_marker() -> None:
    (f,) = frnum.counts_in("environ vingt-deux sites")
    assert (f.value, f.start, f.end, f.qualifier) == (22, 8, 18, "environ")


def test_multiplier_words_after_digits_are_not_read_again() -> None:
    found = frnum.counts_in("4 millions d’habitants et neuf sites, 3 mille km")
    assert [(f.value, f.start, f.end) for f in found] == [(4_000_000, 0, 10), (9, 26, 30), (3000, 38, 45)]


def test_decimal_counts_are_not_counts() -> None:
    assert values(frnum.counts_in("2,5 sites et 3 lieux")) == [3]


@pytest.mark.parametrize("text,iso", [
    ("le 9 janvier 2023 puis mars 2024", ["2023-01-09", "2024-03"]),
    ("publié le 2023-01-26 ; révisé en 2014-10", ["2023-01-26", "2014-10"]),
    ("le 26/01/2023", ["2023-01-26"]),
    ("le 1er février", ["--02-01"]),
])
def test_dates_as_written(text: str, iso: list[str]) -> None:
    assert [d.iso() for d in frnum.dates_in(text)] == iso


def test_date_spans() -> None:
    text = "Fait le 9 janvier 2023 et publié en mars 2024, puis le 26.01.2025 et le 2026-02-03."
    assert [(d.iso(), text[a:b]) for d, a, b in frnum.date_spans_in(text)] == [
        ("2023-01-09", "9 janvier 2023"), ("2024-03", "mars 2024"), ("2025-01-26", "26.01.2025"),
        ("2026-02-03", "2026-02-03")]


@pytest.mark.parametrize("text,years", [
    ("prévu en 2023", {2023}), ("dès 2015", {2015}), ("depuis 2012", {2012}), ("courant 2016", {2016}),
    ("début 2017", {2017}), ("fin 2014", {2014}), ("mi-2014", {2014}), ("à l’automne 2016", {2016}),
    ("au printemps 2018", {2018}), ("l’été 2019", {2019}), ("l’hiver 2020", {2020}), ("l’année 2021", {2021}),
    ("en l’an 2000", {2000}), ("au cours de l’année 2022", {2022}),
    ("le CPER 2007-2013", set()), ("FEDER 2014/2020", set()), ("à l'horizon 2020", set()), ("en 2015 – 2016", set()),
    ("les 20150 habitants", set()), ("Octobre 2014", {2014}), ("le 26.01.2023", {2023}),
])
def test_years_stated_as_dates(text: str, years: set[int]) -> None:
    assert frnum.stated_years(text) == years


def test_years_in_any_position() -> None:
    assert frnum.years_in("2015-2020, 1899, 2100, 19999 et 1982") == [2015, 2020, 1982]


@pytest.mark.parametrize("text,value,precision", [
    ("70.000 €", 70000, Decimal("0.5")), ("1.250.000,5 €", Decimal("1250000.5"), Decimal("0.05")),
    ("43.35 M€", 43_350_000, 5000), ("2 M€", 2_000_000, 500_000),
])
def test_amount_values_and_precision(text: str, value, precision) -> None:
    (f,) = frnum.amounts_in(text)
    assert (f.value, f.precision) == (value, precision)


def test_marker_must_be_just_before() -> None:
    assert frnum.percents_in("à peine 20 %")[0].qualifier == "au_plus"
    far = "à peine, selon les relevés de l'agence de l'eau de l'année passée, 20 %"
    assert frnum.percents_in(far)[0].qualifier == "exact"


def test_words_value() -> None:
    assert frnum.words_value("Quatre-Vingt-Dix") == 90
    assert frnum.words_value("deux trois") is None
