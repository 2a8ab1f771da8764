"""Flatten validated contracts into the rows of the published tables."""

from __future__ import annotations

import csv
import functools
import io
from decimal import Decimal
from typing import Any

from .checks import commitments_sum, walk_elements
from .model import Contract, Evidence, as_evidence
from .reference import Territory, lookup
from .schemas import TABLES
from .sources import Corpus, Source

Row = dict[str, Any]


class _Rows:
    """Accumulates rows per table for one contract, recording each evidence in the preuves table."""

    def __init__(self, source: Source, corpus: Corpus) -> None:
        self.source, self.corpus = source, corpus
        self.c: Contract = source.contract
        self.tables: dict[str, list[Row]] = {}

    def add(self, table: str, row: Row) -> Row:
        self.tables.setdefault(table, []).append(row)
        return row

    def evidence(self, table: str, line_id: str, field: str, raw: Any) -> dict[str, Any]:
        """Record a preuves row; return the inline evidence columns."""
        ev: Evidence | None = as_evidence(raw)
        if ev is None:
            return {"preuve_id": None, "document_id": None, "preuve_citation": None}
        doc_id = ev.document or self.c.document_principal
        span = self.corpus.texts[doc_id].find(ev.citation)
        assert span is not None, "checks guarantee every quote is found"
        preuve_id = f"{table}:{line_id}:{field}"
        self.add("preuves", {
            "preuve_id": preuve_id, "contrat_id": self.c.id, "table": table, "ligne_id": line_id, "champ": field,
            "document_id": doc_id, "citation": ev.citation, "contexte": ev.contexte, "debut": span[0], "fin": span[1],
        })
        return {"preuve_id": preuve_id, "document_id": doc_id, "preuve_citation": ev.citation}


def _amount(a: Any) -> Row:
    if a is None:
        return {"qualificatif": None, "montant_eur": None, "montant_min_eur": None, "montant_max_eur": None, "part_pct": None}
    return {"qualificatif": a.qualificatif, "montant_eur": a.montant_eur, "montant_min_eur": a.montant_min_eur,
            "montant_max_eur": a.montant_max_eur, "part_pct": a.part_pct}


def _territory(t: Any) -> Row:
    if t is None:
        return {"type_territoire": None, "code_insee": None, "millesime_cog": None}
    return {"type_territoire": t.type, "code_insee": t.code, "millesime_cog": t.millesime}


def contract_rows(source: Source, corpus: Corpus, reference: list[Territory], reconciliation: str) -> dict[str, list[Row]]:
    """All rows of every table for one contract."""
    r = _Rows(source, corpus)
    c = r.c
    total = c.montant_total
    total_cols = {f"total_{k}": v for k, v in _amount(total).items()}
    r.add("contrats", {
        "id": c.id, "titre": c.titre, "famille": c.famille, "generation": c.generation,
        "annee_debut": c.periode.debut if c.periode else None, "annee_fin": c.periode.fin if c.periode else None,
        "statut": c.statut.valeur, "date_statut": c.statut.date_observation,
        "date_signature": c.signature.date if c.signature else None,
        "lieu_signature": c.signature.lieu if c.signature else None,
        **total_cols, "total_perimetre": total.perimetre if total else None,
        "somme_engagements_eur": commitments_sum(c), "rapprochement": reconciliation,
        "nb_parties": sum(p.type != "groupe" for p in c.parties), "nb_operations": len(c.operations),
        "codes_territoires": ";".join(f"{t.type}:{t.code}@{t.millesime}" for t in c.territoires) or None,
        "resume": c.resume, "notes": " | ".join(c.notes) or None, "document_principal": c.document_principal, "fichier_source": source.display,
    })
    if c.periode:
        r.evidence("contrats", c.id, "periode", c.periode.preuve)
    if c.generation_preuve is not None:
        r.evidence("contrats", c.id, "generation", c.generation_preuve)
    r.evidence("contrats", c.id, "statut", c.statut.preuve)
    if c.signature:
        r.evidence("contrats", c.id, "signature", c.signature.preuve)
    if total:
        r.evidence("contrats", c.id, "montant_total", total.preuve)
    for t in c.territoires:
        ref = lookup(reference, t.type, t.code, t.millesime)
        r.add("territoires", {"contrat_id": c.id, **_territory(t), "nom": ref.nom if ref else None})
    for p in c.parties:
        r.add("parties", {
            "contrat_id": c.id, "partie_id": p.id, "nom": p.nom, "type": p.type, "siren": p.siren,
            "signataire": "signataire" in p.roles, "financeur": "financeur" in p.roles,
            "partenaire": "partenaire" in p.roles, **_territory(p.territoire),
            "membres": ";".join(p.membres) or None, **r.evidence("parties", p.id, "participation", p.preuve),
        })
        for k, rep in enumerate(p.representants, start=1):
            r.add("representants", {"contrat_id": c.id, "partie_id": p.id, "rang": k, "nom": rep.nom,
                                    "fonction": rep.fonction,
                                    **r.evidence("representants", f"{p.id}-{k}", "nom", rep.preuve)})
    for order, (el, _, parent, depth) in enumerate(walk_elements(c.structure), start=1):
        if el.montant:
            r.evidence("structure", el.id, "montant", el.montant.preuve)
        r.add("structure", {"contrat_id": c.id, "element_id": el.id, "parent_id": parent, "niveau": depth,
                            "ordre": order, "type": el.type, "numero": el.numero, "titre": el.titre,
                            **_amount(el.montant), **r.evidence("structure", el.id, "titre", el.preuve)})
    for o in c.operations:
        r.add("operations", {"contrat_id": c.id, "operation_id": o.id, "element_id": o.element, "titre": o.titre,
                             "maitre_ouvrage": o.maitre_ouvrage, **_territory(o.territoire),
                             **r.evidence("operations", o.id, "titre", o.preuve)})
    for fl in c.financements:
        r.add("financements", {"contrat_id": c.id, "ligne_id": fl.id, "partie_id": fl.partie, "element_id": fl.element,
                               "operation_id": fl.operation, "libelle": fl.libelle, **_amount(fl),
                               **r.evidence("financements", fl.id, "montant", fl.preuve)})
    from .checks import count_rows
    for fig in c.chiffres:
        value: Any = fig.valeur
        if isinstance(value, float) and value == int(value) and fig.unite != "pct":
            value = int(value)
        r.add("chiffres", {"contrat_id": c.id, "chiffre_id": fig.id, "libelle": fig.libelle,
                           "valeur": Decimal(str(value)) if isinstance(value, float) else value,
                           "unite": fig.unite, "qualificatif": fig.qualificatif,
                           "compte_table": fig.compte.table if fig.compte else None,
                           "compte_constate": count_rows(c, fig.compte) if fig.compte else None,
                           **r.evidence("chiffres", fig.id, "valeur", fig.preuve)})
    for j in c.jalons:
        r.add("jalons", {"contrat_id": c.id, "jalon_id": j.id, "date": j.date, "type": j.type, "libelle": j.libelle,
                         "partie_id": j.partie, **r.evidence("jalons", j.id, "date", j.preuve)})
    for k, rel in enumerate(c.relations, start=1):
        r.add("relations", {"contrat_id": c.id, "rang": k, "type": rel.type, "cible_id": rel.cible,
                            "cible_libelle": rel.cible_libelle, "note": rel.note, **r.evidence("relations", str(k), "relation", rel.preuve)})
    for e in c.ecarts:
        for k, ev in enumerate(e.preuves, start=1):
            r.evidence("ecarts", e.id, f"preuve-{k}", ev)
        r.add("ecarts", {"contrat_id": c.id, "ecart_id": e.id, "type": e.type, "description": e.description,
                         "controle": e.controle, "nb_preuves": len(e.preuves)})
    return r.tables


def document_rows_from(documents: dict, raw_texts: dict[str, bytes], ids: set[str] | None) -> list[Row]:
    """Rows of the documents table from a registry of Document models and their raw texts."""
    rows = []
    for doc_id in sorted(documents):
        if ids is not None and doc_id not in ids:
            continue
        doc = documents[doc_id]
        rows.append({"document_id": doc.id, "titre": doc.titre, "editeur": doc.editeur, "date": doc.date,
                     "type": doc.type, "fichier": f"documents/{doc.fichier}", "sha256": doc.sha256,
                     "nb_caracteres": len(raw_texts[doc_id].decode("utf-8")), "licence": doc.licence,
                     "url": doc.url, "note": doc.note})
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


@functools.lru_cache(maxsize=None)
def csv_header(table: str) -> bytes:
    """The header line of a published table's CSV."""
    return csv_bytes([f["name"] for f in TABLES[table]["fields"]], [])


def csv_body(table: str, rows: list[Row]) -> bytes:
    """A published table's CSV lines for `rows`, without the header."""
    return csv_bytes([f["name"] for f in TABLES[table]["fields"]], rows)[len(csv_header(table)):]
