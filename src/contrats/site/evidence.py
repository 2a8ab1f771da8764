"""Document texts with every quote wrapped in <mark> at its published debut/fin offsets, and links to quotes."""

from __future__ import annotations

from dataclasses import dataclass

from . import links
from .fmt import esc


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


def marked_text(text: str, spans: list[Span]) -> str:
    """Escaped text where each stretch covered by quotes is a <mark> listing them; ids sit where quotes start.

    Quotes may overlap or coincide, so the text is cut at every boundary; a stretch covered by several quotes is
    one <mark> whose data-preuves names all of them. The first mark of each quote carries its id (extra ids of
    quotes starting at the same place go on empty anchors just before it).
    """
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starts: dict[int, list[str]] = {}
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.anchor)):
        if s.anchor not in starts.get(s.start, []):
            starts.setdefault(s.start, []).append(s.anchor)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted({s.anchor for s in spans if s.start <= a and b <= s.end})
        piece = esc(text[a:b])
        if not covering:
            out.append(piece)
            continue
        ids = starts.get(a, [])
        extra = "".join(f'<span class="ancre" id="{esc(i)}"></span>' for i in ids[1:])
        id_attr = f' id="{esc(ids[0])}"' if ids else ""
        out.append(f'{extra}<mark class="preuve"{id_attr} data-preuves="{esc(" ".join(covering))}">{piece}</mark>')
    return "".join(out)


def evidence_link(page_url: str, row: dict, label: str = "citation") -> str:
    """Small link from a figure to its quote highlighted in the document (empty when the row has no evidence)."""
    if not row.get("preuve_id") or not row.get("document_id"):
        return ""
    href = links.rel(page_url, links.evidence(row["contrat_id"], row["preuve_id"], row["document_id"]))
    quote = row.get("preuve_citation") or row.get("citation") or ""
    return (f'<a class="lien-preuve" href="{esc(href)}" title="« {esc(quote)} »" data-pagefind-ignore>'
            f'{esc(label)}<span class="sr-only"> : voir le passage dans le document</span></a>')
