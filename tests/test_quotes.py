"""Quote search tolerates whitespace, line breaks and hyphenation only."""

from contrats.quotes import Document

TEXT = "Le Département du Pas-\n\nde-Calais finance le développe-\nment des\n\n  réseaux ; l’Etat aussi."


def test_whitespace_and_line_breaks() -> None:
    doc = Document(TEXT)
    span = doc.find("finance le")
    assert span is not None and TEXT[span[0]:span[1]] == "finance le"
    assert doc.find("des réseaux") is not None


def test_hyphen_at_line_break_kept_or_dropped() -> None:
    doc = Document(TEXT)
    assert doc.find("du Pas-de-Calais finance") is not None  # compound word split at its hyphen
    assert doc.find("le développement des réseaux") is not None  # word split by hyphenation


def test_offsets_point_at_the_original_text() -> None:
    doc = Document(TEXT)
    start, end = doc.find("développement des réseaux")
    assert TEXT[start:end].startswith("développe-") and TEXT[start:end].endswith("réseaux")


def test_other_differences_are_not_tolerated() -> None:
    doc = Document(TEXT)
    assert doc.find("l'Etat aussi") is None  # straight apostrophe instead of the typographic one
    assert doc.find("l’État aussi") is None  # accent added
    assert doc.find("le departement") is None  # case and accent
    assert doc.find("   ") is None
