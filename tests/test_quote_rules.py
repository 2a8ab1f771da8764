"""Quote search and quote hints, edge by edge: what make mutation needs to tell each rule of quotes.py apart."""

from __future__ import annotations

import pytest

from contrats.quotes import Document, _prefix, collapse, contains_text, quote_hint

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


@pytest.mark.parametrize("needle,text,start,expected", [
    ("abc", "ab-\ncd", 0, (3, 5)),            # a hyphen at a line break is hyphenation
    ("abc", "ab\u00ad\n  c", 0, (3, 7)),      # so is a soft hyphen, with the spaces after the break
    ("ab-cd", "ab-\ncd", 0, (3, 3)),          # a hyphen the quote writes is matched as a hyphen
    ("ab", "a-b", 0, (1, 1)),                 # a hyphen not at a line break is a difference
    ("a b", "a \n  b", 0, (3, 6)),            # a whitespace run is one space
    ("a b", "a  ", 0, (2, 3)),                # the text ends in whitespace
    ("ab", "xab", 1, (2, 3)),
    ("ab", "aX\nb", 0, (1, 1)),               # only hyphens are dropped at a line break
    ("aX", "a-\nX", 0, (2, 4)),
    ("ab", "a-\n", 0, (1, 3)),                # the text ends after the break
])
def test_prefix_matching(needle: str, text: str, start: int, expected: tuple[int, int]) -> None:
    assert _prefix(needle, text, start) == expected


def test_hint_across_a_hyphenation_break() -> None:
    text = "Le dévelop-\npement durable des réseaux."
    assert quote_hint(text, "Le développement durable des routes") == (
        "passage le plus proche (ligne 1) : « Le dévelop- pement durable des rése » ; premier écart après "
        "« pement durable des r » : la citation a « o » où le document a « é »")


def test_hint_when_the_first_character_differs_keeps_the_aligned_passage() -> None:
    text = "Préambule du texte, sans rapport avec la suite de la phrase ici. " + HDF
    assert quote_hint(text, "Xutre l’État et la Région, il a été") == (
        "passage le plus proche (ligne 1) : « utre l’État et la Région, il a été » ; premier écart dès le début : "
        "la citation a « X » où le document a « u »")


def test_hint_line_counts_a_leading_line_break() -> None:
    assert quote_hint("\nFin du texte", "Fin du texte et plus").startswith("passage le plus proche (ligne 2)")


def test_hint_passage_is_cut_at_160_characters() -> None:
    long = "Le contrat de plan engage l’État et la Région sur des opérations nombreuses, " * 4
    hint = quote_hint("Intro.\n" + long, long.strip())
    assert hint == f"passage le plus proche (ligne 2) : « {long[:160]} »"


def test_hint_threshold_of_closeness() -> None:
    assert quote_hint("azzd", "abcd").startswith("passage le plus proche (ligne 1) : « azzd »")  # score 50: kept
    assert quote_hint("azzzzb", "abcd") == "aucun passage proche dans le document"  # score 40


def test_keep_reading_only_matches_a_hyphen_then_a_space() -> None:
    assert contains_text("le dévelop-\npement", "dévelop- pement")
    assert not contains_text("le dévelop-pement", "dévelop- pement")


def test_readings_skip_leading_whitespace() -> None:
    assert Document("  ab-\ncd").reading("drop").text == "abcd"
    assert Document("-\nab").reading("keep").text == "-ab"
    assert Document("  ab-\ncd").find("abcd") == (2, 8)


def test_hint_passage_reaches_the_first_difference() -> None:
    assert quote_hint("Fin   du   texte   là-bas", "Fin du texte ici").startswith(
        "passage le plus proche (ligne 1) : « Fin du texte l » ; premier écart après « Fin du texte  »")


def test_the_first_occurrence_is_found() -> None:
    assert Document("a b, a b").find("a b") == (0, 3)
    assert Document("a\nb, a\nb").find("a b") == (0, 3)
    assert Document("ab-\ncd ab-\ncd").find("abcd") == (0, 6)


def test_readings_after_a_space_and_at_the_end() -> None:
    assert Document(":\n -\n élément").reading("keep").text == ": -élément"
    assert Document("ab-\ncd \n").reading("keep").text == "ab- cd"
    assert Document("ab-\ncd").reading("keep").to_original(3) == 3  # the space of « - » is the line break


QUOTE = "ABCDEFGHIJ abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize("text,passage,got", [
    ("AB" + "Z" * 38 + "XBCDEFGHIJ abcdefghijklmnopqrstuvwxyz", "BCDEFGHIJ abcdefghijklmnopqrstuvwxyz", "B"),
    ("XBCDEFGHIJ abcdefghijklmnopqrstuvwxyzZZZAB", "XBCDEFGHIJ abcdefghijklmnopqrstuvwxyz", "X"),
])
def test_hint_looks_for_its_start_within_40_characters_of_the_passage(text: str, passage: str, got: str) -> None:
    """A start that matches more of the quote (« AB ») 41 characters before or 40 after the aligned passage is not
    taken: the hint stays on the passage that resembles the quote."""
    assert quote_hint(text, QUOTE) == (f"passage le plus proche (ligne 1) : « {passage} » ; premier écart dès le début : "
                                       f"la citation a « A » où le document a « {got} »")
