"""Find verbatim quotes in document texts, tolerant of whitespace, line breaks and hyphenation only."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_TOKEN = re.compile(r"(-[ \t\u00a0\u202f]*\r?\n\s*)|(\s+)|([^\s-]+|-)")
_HYPHEN_BREAK = re.compile(r"-[ \t\u00a0\u202f]*\r?\n\s*")
_SPACES = re.compile(r"\s+")
MODES = ("keep", "join", "drop")  # what a hyphen at a line break becomes: "- ", "-" (compound word), "" (hyphenation)


def collapse(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space and strip."""
    return " ".join(text.split())


def _flat(text: str, mode: str) -> str:
    """The normalised text alone (no offsets), for loose containment tests."""
    if mode != "keep":
        text = _HYPHEN_BREAK.sub("-" if mode == "join" else "", text)
    return _SPACES.sub(" ", text).strip()


@dataclass
class _Reading:
    """One normalised reading of a text, with segments mapping it back to original offsets."""

    text: str
    norm_starts: list[int]
    segments: list[tuple[int, int, bool]]  # (original start, original end, literal)

    def to_original(self, pos: int) -> int:
        i = bisect_right(self.norm_starts, pos) - 1
        orig_start, _, literal = self.segments[i]
        return orig_start + (pos - self.norm_starts[i]) if literal else orig_start


def _reading(text: str, mode: str) -> _Reading:
    parts: list[str] = []
    norm_starts: list[int] = []
    segments: list[tuple[int, int, bool]] = []
    n = 0
    last_space = True
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:  # hyphen at a line break
            piece, literal = {"keep": "- ", "join": "-", "drop": ""}[mode], False
            if mode == "keep" and last_space:
                piece = "-"
        elif m.group(2) is not None:  # whitespace run
            if last_space:
                continue
            piece, literal = " ", False
        else:
            piece, literal = m.group(3), True
        if not piece:
            continue
        if literal or len(piece) == 1:
            parts.append(piece)
            norm_starts.append(n)
            segments.append((m.start(), m.end(), literal))
        else:  # "- " from a kept hyphen: the hyphen maps to itself, the space to the break
            parts.append(piece)
            norm_starts += [n, n + 1]
            segments += [(m.start(), m.start() + 1, True), (m.start() + 1, m.end(), False)]
        n += len(piece)
        last_space = piece.endswith(" ")
    return _Reading("".join(parts).rstrip(), norm_starts, segments)


@dataclass
class Document:
    """A document text prepared (lazily) for quote search under three hyphenation readings."""

    text: str
    _readings: dict[str, _Reading] = field(default_factory=dict, repr=False)

    def reading(self, mode: str) -> _Reading:
        """The normalised reading for one hyphenation mode, computed once."""
        if mode not in self._readings:
            self._readings[mode] = _reading(self.text, mode)
        return self._readings[mode]

    def find(self, quote: str) -> tuple[int, int] | None:
        """Offsets (start, end) in the original text of the first occurrence of `quote`, or None."""
        needle = collapse(quote)
        if not needle:
            return None
        # Fast paths on the raw text: the quote as written, then with any whitespace run and a line break
        # after a hyphen allowed (a regex compiled only when needed: compiling costs more than searching).
        pos = self.text.find(needle)
        if pos >= 0:
            return pos, pos + len(needle)
        m = _pattern(needle).search(self.text)
        if m:
            return m.start(), m.end()
        for mode in MODES:
            r = self.reading(mode)
            pos = r.text.find(needle)
            if pos >= 0:
                return r.to_original(pos), r.to_original(pos + len(needle) - 1) + 1
        return None


def _pattern(needle: str) -> re.Pattern[str]:
    """Regex for a collapsed quote: spaces match any whitespace run, a hyphen may be followed by a line break."""
    words = [re.escape(w).replace(r"\-", r"-[ \t\u00a0\u202f]*(?:\r?\n\s*)?") for w in needle.split(" ")]
    return re.compile(r"\s+".join(words))


def contains_text(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack`, ignoring case, whitespace runs and hyphenation at line breaks."""
    folded = collapse(needle).casefold()
    return bool(folded) and any(folded in _flat(haystack, mode).casefold() for mode in MODES)
