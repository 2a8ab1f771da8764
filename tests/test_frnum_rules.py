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


def spans(found) -> list[tuple]:
    return [(f.value, f.qualifier, f.start, f.end, f.precision, f.upper) for f in found]


def test_amount_spans_precisions_and_ranges() -> None:
    assert spans(frnum.amounts_in("entre 150 et 170 M€ de réseaux")) == [
        (150_000_000, "fourchette", 0, 19, 500_000, 170_000_000)]
    assert spans(frnum.amounts_in("près de deux milliards d’euros")) == [
        (2_000_000_000, "environ", 8, 30, 500_000_000, None)]
    assert spans(frnum.amounts_in("soit 2 M€, puis 3 M€")) == [
        (2_000_000, "exact", 5, 9, 500_000, None), (3_000_000, "exact", 16, 20, 500_000, None)]


def test_an_amount_inside_a_range_is_not_read_again() -> None:
    assert values(frnum.amounts_in("de 2 M€ à 3 M€")) == [2_000_000]
    assert values(frnum.amounts_in("entre 2 M€ et 3 M€, puis 4 M€")) == [2_000_000, 4_000_000]


def test_a_dot_before_a_scale_word_is_a_decimal_mark() -> None:
    assert spans(frnum.amounts_in("1.658 milliard €")) == [(1_658_000_000, "exact", 0, 16, 500_000, None)]
    assert spans(frnum.amounts_in("1.658 M€")) == [(1_658_000, "exact", 0, 8, 500, None)]
    assert spans(frnum.amounts_in("1.658 k€")) == [(1_658_000, "exact", 0, 8, 500, None)]  # thousands dot


def test_small_amounts_in_words_are_not_amounts() -> None:
    assert frnum.amounts_in("un euro symbolique, mille euros") == []
    assert values(frnum.amounts_in("un million d’euros")) == [1_000_000]
    assert frnum.amounts_in("trois zéro millions €") == []  # not one number: no amount


def test_franc_spans_and_precision() -> None:
    assert spans(frnum.francs_in("plus de 1 117 MF et 164,9 milliards de francs")) == [
        (1_117_000_000, "au_moins", 8, 16, 500_000, None), (164_900_000_000, "exact", 20, 45, 50_000_000, None)]


def test_percent_spans_and_precision() -> None:
    assert spans(frnum.percents_in("57,3 % et (36) %")) == [
        (Decimal("57.3"), "exact", 0, 6, Decimal("0.05"), None), (36, "exact", 11, 16, Decimal("0.5"), None)]


def test_single_words_are_read_within_their_run_only() -> None:
    assert [(f.value, f.start, f.end) for f in frnum.counts_in("deux trois et cinq")] == [(2, 0, 4), (3, 5, 10), (5, 14, 18)]


def test_the_marker_window() -> None:
    pad = " " * (frnum.MARKER_WINDOW - len("plus de"))
    assert frnum.percents_in("plus de" + pad + "20 %")[0].qualifier == "au_moins"
    assert frnum.percents_in("plus de " + pad + "20 %")[0].qualifier == "exact"
    assert frnum.percents_in("à hauteur de  20 %")[0].qualifier == "exact"
    assert frnum.percents_in("jusqu’à hauteur de \n 20 %")[0].qualifier == "au_plus"


def test_unreadable_numbers_and_units_are_named() -> None:
    with pytest.raises(ValueError, match=r"^nombre illisible : '1,2,3'$"):
        frnum.parse_number("1,2,3")
    with pytest.raises(ValueError, match=r"^unité inconnue : 'livres'$"):
        frnum._scale("livres")


def test_reading_goes_on_after_a_skipped_figure() -> None:
    assert values(frnum.amounts_in("entre 1 et 2 M€3 M€")) == [1_000_000, 3_000_000]  # glued to a range's end
    assert values(frnum.amounts_in("2 millions € et trois millions €")) == [2_000_000, 3_000_000]
    assert values(frnum.amounts_in("un euro, puis deux millions d’euros")) == [2_000_000]
    assert values(frnum.counts_in("deux trois, cinq")) == [2, 3, 5]  # each run read on its own
