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
    """One normalised reading of a text, with where each of its pieces starts in the original text."""

    text: str
    norm_starts: list[int]
    orig_starts: list[int]

    def to_original(self, pos: int) -> int:
        i = bisect_right(self.norm_starts, pos) - 1
        # A piece that is not literal (a space, a hyphen at a break) maps character for character to the start of
        # what it replaces: « - » to the hyphen and the line break after it.
        return self.orig_starts[i] + (pos - self.norm_starts[i])


def _reading(text: str, mode: str) -> _Reading:
    parts: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    n = 0
    last_space = True
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:  # hyphen at a line break
            piece = "-" if mode == "keep" and last_space else {"keep": "- ", "join": "-", "drop": ""}[mode]
        elif m.group(2) is not None:  # whitespace run
            if last_space:
                continue
            piece = " "
        else:
            piece = m.group(3)
        if not piece:
            continue
        parts.append(piece)
        norm_starts.append(n)  # a kept hyphen « - »: the hyphen maps to itself, the space to the line break
        orig_starts.append(m.start())
        n += len(piece)
        last_space = piece.endswith(" ")
    return _Reading("".join(parts).rstrip(), norm_starts, orig_starts)


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


CONFUSABLES = {
    "'": "apostrophe droite '", "’": "apostrophe typographique ’", "‘": "guillemet simple ‘", "ʼ": "apostrophe ʼ",
    "-": "trait d'union -", "–": "tiret demi-cadratin –", "—": "tiret cadratin —", "‑": "trait d'union insécable ‑",
    "−": "signe moins −", "\u00a0": "espace insécable", "\u202f": "espace fine insécable", " ": "espace",
    '"': 'guillemet droit "', "«": "guillemet «", "»": "guillemet »", "“": "guillemet “", "”": "guillemet ”",
    "…": "points de suspension …", "œ": "ligature œ", "\u00ad": "trait d'union conditionnel (invisible)",
}


def _name(ch: str) -> str:
    return CONFUSABLES.get(ch, f"« {ch} »" if ch.isprintable() else f"U+{ord(ch):04X}")


def _prefix(needle: str, text: str, j: int) -> tuple[int, int]:
    """How far `needle` matches `text` from offset j: (chars of needle matched, offset reached in text).
    Whitespace runs count as one space; a hyphen at a line break may be dropped (hyphenation)."""
    i = 0
    while i < len(needle) and j < len(text):
        if needle[i].isspace() and text[j].isspace():
            i += 1
            while j < len(text) and text[j].isspace():
                j += 1
            continue
        if text[j] in "-\u00ad" and text[j + 1:j + 2] == "\n" and needle[i] not in "-\u00ad":
            j += 1
            while j < len(text) and text[j].isspace():
                j += 1
            continue
        if needle[i] != text[j]:
            break
        i += 1
        j += 1
    return i, j


def quote_hint(text: str, quote: str) -> str:
    """How a quote not found differs from the closest passage of the document: the passage, its line, and the
    first differing character (naming confusables such as ’ vs ', non-breaking spaces and dashes)."""
    from rapidfuzz import fuzz

    needle = collapse(quote)
    if not needle or not text.strip():
        return ""
    al = fuzz.partial_ratio_alignment(needle, text, processor=None)
    if al is None or al.score < 50:
        return "aucun passage proche dans le document"
    # The aligned window may start a few characters off: keep the start that matches the longest prefix.
    start, end = al.dest_start, al.dest_end
    best = max(range(max(0, start - 40), min(len(text), start + 40)), key=lambda s: (_prefix(needle, text, s)[0], -abs(s - start)))
    start = best
    i, j = _prefix(needle, text, start)
    line = text.count("\n", 0, start) + 1
    passage = collapse(text[start:max(end, j + 1, start + len(needle))])
    msg = f"passage le plus proche (ligne {line}) : « {passage[:160]} »"
    if i >= len(needle):
        return msg
    got = text[j] if j < len(text) else ""
    where = f"après « {needle[max(0, i - 20):i]} »" if i else "dès le début"
    if not got:
        return f"{msg} ; le document s'arrête {where}"
    wanted = needle[i]
    detail = f"la citation a {_name(wanted)} où le document a {_name(got)}"
    if wanted.casefold() == got.casefold():
        detail += " (majuscule/minuscule)"
    return f"{msg} ; premier écart {where} : {detail}"
