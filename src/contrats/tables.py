"""Flatten validated contracts into the rows of the published tables, as schemas.py declares them."""

from __future__ import annotations

import csv
import functools
import io
from decimal import Decimal
from typing import Any

from .model import Evidence, as_evidence
from .reference import Reference
from .schemas import PUBLISHED, TABLES, Item, proof_items, walk
from .sources import Corpus, Source

Row = dict[str, Any]
NO_PROOF = {"preuve_id": None, "document_id": None, "preuve_citation": None}


def contract_rows(source: Source, corpus: Corpus, reference: Reference, reconciliation: str) -> dict[str, list[Row]]:
    """All rows of every table for one contract."""
    c = source.contract
    tables: dict[str, list[Row]] = {}
    preuves = PUBLISHED["preuves"]
    root = Item(c, (), c, None, {"reference": reference, "rapprochement": reconciliation,
                                 "fichier_source": source.display})
    for table, item in walk(root):
        item.extra["preuve"] = NO_PROOF
        for proof, champ, raw, *_ in proof_items(table, item):
            ev: Evidence | None = as_evidence(raw)
            if ev is None:
                continue
            line_id = table.line_id(item)
            preuve_id = f"{table.name}:{line_id}:{champ}"
            doc_id, span = None, (None, None)
            if ev.tier == 1:  # a tier-2 expression comes from a public page the project does not hold: no offsets
                doc_id = ev.document or c.document_principal
                span = corpus.texts[doc_id].find(ev.citation)
                assert span is not None, "checks guarantee every quote is found"
            ev_item = Item(ev, (), c, item, {"preuve_id": preuve_id, "table": table.name, "ligne_id": line_id,
                                             "champ": champ, "document_id": doc_id, "debut": span[0], "fin": span[1]})
            tables.setdefault("preuves", []).append(preuves.row(ev_item))
            if proof.inline:
                item.extra["preuve"] = {"preuve_id": preuve_id, "document_id": doc_id, "preuve_citation": ev.citation}
        tables.setdefault(table.name, []).append(table.row(item))
    return tables


def document_rows_from(documents: dict, raw_texts: dict[str, bytes], ids: set[str] | None) -> list[Row]:
    """Rows of the documents table from a registry of Document models and their raw texts."""
    table = PUBLISHED["documents"]
    rows = []
    for doc_id in sorted(documents):
        if ids is not None and doc_id not in ids:
            continue
        item = Item(documents[doc_id], (), None, None, {"nb_caracteres": len(raw_texts[doc_id].decode("utf-8"))})
        rows.append(table.row(item))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def csv_bytes(fields: list[str], rows: list[Row]) -> bytes:
    """Rows as UTF-8 CSV, fixed column order, '\\n' line ends, byte-stable."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for row in rows:
        w.writerow([_cell(row.get(name)) for name in fields])
    return buf.getvalue().encode("utf-8")


@functools.cache
def csv_header(table: str) -> bytes:
    """The header line of a published table's CSV."""
    return csv_bytes([f["name"] for f in TABLES[table]["fields"]], [])


def csv_body(table: str, rows: list[Row]) -> bytes:
    """A published table's CSV lines for `rows`, without the header."""
    return csv_bytes([f["name"] for f in TABLES[table]["fields"]], rows)[len(csv_header(table)):]
