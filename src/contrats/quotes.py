"""Find verbatim quotes in document texts, tolerant of whitespace, line breaks and hyphenation only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HYPHEN_BREAK = re.compile(r"-[ \t\u00a0\u202f]*\r?\n\s*")


def collapse(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space and strip."""
    return " ".join(text.split())


def _normalise(text: str, hyphen_breaks: str) -> tuple[str, list[int]]:
    """Collapse whitespace, treating a hyphen at a line break per `hyphen_breaks` ('keep', 'join', 'drop').

    Returns the normalised text and, for each of its characters, the offset in `text`.
    """
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "-" and hyphen_breaks != "keep":
            m = _HYPHEN_BREAK.match(text, i)
            if m:
                if hyphen_breaks == "join":
                    out.append("-")
                    index.append(i)
                i = m.end()
                continue
        if c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            i += 1
            continue
        out.append(c)
        index.append(i)
        i += 1
    return "".join(out), index


@dataclass
class Document:
    """A document text prepared for quote search (three hyphenation readings)."""

    text: str
    _variants: list[tuple[str, list[int]]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._variants = [_normalise(self.text, mode) for mode in ("keep", "join", "drop")]

    def find(self, quote: str) -> tuple[int, int] | None:
        """Offsets (start, end) in the original text of the first occurrence of `quote`, or None."""
        needle = collapse(quote)
        if not needle:
            return None
        for norm, index in self._variants:
            pos = norm.find(needle)
            if pos >= 0:
                return index[pos], index[pos + len(needle) - 1] + 1
        return None

    def count(self, quote: str) -> int:
        """How many times `quote` occurs (in the reading where it occurs most)."""
        needle = collapse(quote)
        return max((norm.count(needle) for norm, _ in self._variants), default=0) if needle else 0

    def contains_loosely(self, needle: str) -> bool:
        """Whether `needle` occurs, ignoring case as well as whitespace and hyphenation."""
        folded = collapse(needle).casefold()
        return bool(folded) and any(folded in norm.casefold() for norm, _ in self._variants)


def contains_text(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack`, ignoring case, whitespace runs and hyphenation at line breaks."""
    return Document(haystack).contains_loosely(needle)
