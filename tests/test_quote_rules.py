"""Quote search and quote hints, edge by edge: what make mutation needs to tell each rule of quotes.py apart."""

from __future__ import annotations

import pytest

from contrats.quotes import Document, collapse, contains_text, quote_hint

TEXT = "Le Département du Pas-\n\nde-Calais finance le développe-\nment des\n\n  réseaux ; l’Etat aussi."


def test_collapse() -> None:
    assert collapse("  a \u00a0 b\n\tc  ") == "a b c"
    assert collapse("") == ""


@pytest.mark.parametrize("quote,original", [
    ("Le Département", "Le Département"),
    ("du Pas-de-Calais finance", "du Pas-\n\nde-Calais finance"),
    ("le développement des réseaux", "le développe-\nment des\n\n  réseaux"),
    ("développe- ment des", "développe-\nment des"),
    ("des réseaux ; l’Etat", "des\n\n  réseaux ; l’Etat"),
    ("aussi.", "aussi."),
])
def test_found_span_is_the_original_passage(quote: str, original: str) -> None:
    doc = Document(TEXT)
    start, end = doc.find(quote)
    assert TEXT[start:end] == original


def test_only_line_break_hyphens_are_tolerated() -> None:
    doc = Document("le Pas-de-Calais et le Nord")
    assert doc.find("le Pas de Calais") is None
    assert doc.find("le PasdeCalais") is None
    assert doc.find("Nord") == (23, 27)


def test_reading_offsets_under_every_mode() -> None:
    doc = Document("ab-\n  cd ef")
    assert doc.find("abcd ef") == (0, 11)   # hyphenation dropped
    assert doc.find("ab-cd") == (0, 8)      # compound word kept whole
    assert doc.find("ab- cd") == (0, 8)     # hyphen then a space
    assert doc.find("cd ef") == (6, 11)


def test_a_hyphen_after_a_space_at_a_line_break() -> None:
    doc = Document("liste :\n -\n élément")
    assert doc.find(": - élément") is not None


def test_readings_are_computed_once() -> None:
    doc = Document("ab-\ncd")
    assert doc.reading("drop") is doc.reading("drop")
    assert doc.reading("drop").text == "abcd" and doc.reading("join").text == "ab-cd"
    assert doc.reading("keep").text == "ab- cd"


def test_contains_text_ignores_case_spaces_and_hyphenation() -> None:
    assert contains_text("Le Département du Pas-\nde-Calais", "département du pas-de-calais")
    assert contains_text("le dévelop-\npement", "DÉVELOPPEMENT")
    assert not contains_text("le dévelop-\npement", "enveloppement")
    assert not contains_text("texte", "   ")


HDF = "Outre l’État et la Région, il a été également signé\npar les cinq Conseils départementaux.\nFin."


def test_hint_names_the_first_difference_and_its_line() -> None:
    hint = quote_hint(HDF, "par les cinq Conseils departementaux")
    assert hint.startswith("passage le plus proche (ligne 2) : « par les cinq Conseils d")
    assert hint.endswith("premier écart après «  les cinq Conseils d » : la citation a « e » où le document a « é »")


@pytest.mark.parametrize("quote,detail", [
    ("Outre l'État et la Région", "la citation a apostrophe droite ' où le document a apostrophe typographique ’"),
    ("Outre l’État et la région", "après « Outre l’État et la  » : la citation a « r » où le document a « R » (majuscule/minuscule)"),
    ("Outre l’État – et la Région", "après « Outre l’État  » : la citation a tiret demi-cadratin – où le document a « e »"),
    ("Outre l’État et la Région\x07", "la citation a U+0007 où le document a « , »"),
])
def test_hint_names_confusables(quote: str, detail: str) -> None:
    assert quote_hint(HDF, quote).endswith(detail)


def test_hint_when_the_document_ends() -> None:
    hint = quote_hint("Fin du texte", "Fin du texte et plus")
    assert hint == "passage le plus proche (ligne 1) : « Fin du texte » ; le document s'arrête après « Fin du texte »"


def test_hint_for_a_quote_that_is_there() -> None:
    assert quote_hint(HDF, "la Région, il a") == "passage le plus proche (ligne 1) : « la Région, il a »"


def test_no_hint_without_text_or_close_passage() -> None:
    assert quote_hint(HDF, "   ") == ""
    assert quote_hint("  \n ", "une citation") == ""
    assert quote_hint(HDF, "zzzz qqqq wwww xxxx") == "aucun passage proche dans le document"
