"""Document texts with every quote wrapped in <mark> at its published debut/fin offsets, and links to quotes.

Long texts are split into parts (one page each, so that no page grows past ~200 KB); a link to a quote must then
name the part holding it: `set_parts` records where each quote of a split document lands before pages are built.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from ..schemas import proof_label
from . import links
from .fmt import TABLES, esc

# A document text longer than this is shown on several pages (cut at a line end outside every quote).
PART_CHARS = 60_000
# Quotes of split documents: (contrat_id, preuve_id) → part number (2, 3…); absent means part 1.
_PART_OF: dict[tuple[str, str], int] = {}
# Described by one hidden element of every page (overrides/main.html): keeps each quote link short.
HELP_ID = "aide-preuve"


@dataclass(frozen=True)
class Span:
    """A quote's place in a document text and its HTML id."""

    start: int
    end: int
    anchor: str


def spans_for(preuves: list[dict], document_id: str, length: int) -> list[Span]:
    """Quote spans of one document from the preuves table (offsets checked against the text length)."""
    out = []
    for p in preuves:
        if p["document_id"] != document_id:
            continue
        start, end = int(p["debut"]), int(p["fin"])
        if 0 <= start < end <= length:
            out.append(Span(start, end, links.evidence_anchor(p["contrat_id"], p["preuve_id"])))
    return out


def marked_text(text: str, spans: list[Span], offset: int = 0) -> str:
    """Escaped text where each stretch covered by quotes is a <mark> listing them; ids sit where quotes start.

    Quotes may overlap or coincide, so the text is cut at every boundary; a stretch covered by several quotes is
    one <mark> whose data-preuves names all of them. The first mark of each quote carries its id (extra ids of
    quotes starting at the same place go on empty anchors just before it). `text` starts at `offset` in the
    document (spans use document offsets). One sweep over the boundaries: linear in text and quotes.
    """
    end_text = offset + len(text)
    spans = [s for s in spans if s.start < end_text and s.end > offset]
    cuts = sorted({offset, end_text} | {max(s.start, offset) for s in spans} | {min(s.end, end_text) for s in spans})
    starts: dict[int, list[str]] = {}
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.anchor)):
        if s.anchor not in starts.get(s.start, []):
            starts.setdefault(s.start, []).append(s.anchor)
    opening: dict[int, list[Span]] = defaultdict(list)
    closing: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        opening[max(s.start, offset)].append(s)
        closing[min(s.end, end_text)].append(s)
    active: dict[str, int] = {}
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        for s in closing.get(a, ()):
            active[s.anchor] -= 1
            if not active[s.anchor]:
                del active[s.anchor]
        for s in opening.get(a, ()):
            active[s.anchor] = active.get(s.anchor, 0) + 1
        piece = esc(text[a - offset:b - offset])
        if not active:
            out.append(piece)
            continue
        ids = starts.get(a, [])
        extra = "".join(f'<span class="ancre" id="{esc(i)}"></span>' for i in ids[1:])
        id_attr = f' id="{esc(ids[0])}"' if ids else ""
        out.append(f'{extra}<mark class="preuve"{id_attr} data-preuves="{esc(" ".join(sorted(active)))}">{piece}</mark>')
    return "".join(out)


def split_points(text: str, spans: list[Span], limit: int = PART_CHARS) -> list[int]:
    """Start offsets of the parts of a text (`[0]` when it fits on one page), cut after a line end outside quotes."""
    if len(text) <= limit:
        return [0]
    merged: list[list[int]] = []
    for s in sorted(spans, key=lambda s: s.start):
        if merged and s.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s.end)
        else:
            merged.append([s.start, s.end])
    starts_ = [m[0] for m in merged]

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(starts_, pos) - 1
        return i >= 0 and merged[i][0] < pos < merged[i][1]

    points = [0]
    while len(text) - points[-1] > limit:
        lo, hi = points[-1] + limit // 2, points[-1] + limit
        cut = -1
        pos = text.rfind("\n", lo, hi)
        while pos != -1:
            if not inside(pos + 1):
                cut = pos + 1
                break
            pos = text.rfind("\n", lo, pos)
        if cut == -1:
            cut = next((p for p in range(hi, lo, -1) if not inside(p)), hi)
        points.append(cut)
    return points


def part_of(points: list[int], position: int) -> int:
    """Part number (1-based) holding a text offset."""
    return bisect.bisect_right(points, position)


def set_parts(parts: dict[str, list[int]], preuves: list[dict]) -> None:
    """Record the part of every quote of the split documents (parts: document_id → split points)."""
    _PART_OF.clear()
    for p in preuves:
        points = parts.get(p["document_id"])
        if points and len(points) > 1:
            k = part_of(points, int(p["debut"]))
            if k > 1:
                _PART_OF[(p["contrat_id"], p["preuve_id"])] = k


def evidence_target(contract_id: str, preuve_id: str, document_id: str) -> str:
    """Site address of a quote, in the part of its document page that shows it."""
    return links.evidence(contract_id, preuve_id, document_id, _PART_OF.get((contract_id, preuve_id), 1))


def proved(preuve_id: str) -> str:
    """What a quote proves, in words, from its id (table:line:field): « montant (financement etat) »."""
    table, _, rest = preuve_id.partition(":")
    line, _, field = rest.rpartition(":")
    return f"{proof_label(table, field)} ({TABLES.get(table, table)} {line})".strip()


def evidence_link(page_url: str, row: dict, label: str = "citation", what: str = "") -> str:
    """Link from a figure to its quote highlighted in the document (empty when the row has no evidence); its
    accessible name says which value it proves (`what`, else derived from the quote's id)."""
    if not row.get("preuve_id") or not row.get("document_id"):
        return ""
    href = links.rel(page_url, evidence_target(row["contrat_id"], row["preuve_id"], row["document_id"]))
    name = f"{label} : {what or proved(row['preuve_id'])}"
    return (f'<a class="lien-preuve" href="{esc(href)}" aria-label="{esc(name)}" '
            f'aria-describedby="{HELP_ID}">{esc(label)}</a>')
