"""Scaffold a new contract source from a document text (`contrats new`) and export the model's JSON Schema."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from . import paths
from .draft import REVIEW, make_draft, render, slug
from .model import Contract

_PUBLISHER = re.compile(r"^\s*[#*_ ]*((?:Préfecture|PREFECTURE|Préfet|PREFET|Région|Conseil|Ministère|Gouvernement|"
                        r"GOUVERNEMENT|Communauté|Métropole|Département|Ville|Mairie|Agence)\b[^\n|–—]{0,80})",
                        re.MULTILINE)


def json_schema() -> str:
    """The contract model as JSON Schema (French descriptions from the model's docstrings), as committed."""
    schema = Contract.model_json_schema()
    # Class docstrings are code documentation (English); visitors and editors get the French field docstrings.
    schema.pop("description", None)
    for definition in schema.get("$defs", {}).values():
        definition.pop("description", None)
    schema["title"] = "Contrat territorial (source YAML, sources/contrats/<id>.yml)"
    schema["description"] = ("Fiche d'un contrat : chaque chiffre, date, nom porte une preuve citée mot pour mot "
                             "(voir sources/CURATION.md). Généré par « contrats schema » depuis src/contrats/model.py.")
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "contrat.schema.json", **schema}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


class ScaffoldError(Exception):
    """A scaffold that cannot be written (file exists, bad text)."""


def scaffold(document: Path, sources: Path = paths.SOURCES, *, contract_id: str | None = None,
             url: str | None = None, editeur: str | None = None, date: str | None = None,
             titre: str | None = None, kind: str | None = None) -> Path:
    """Write sources/contrats/<id>.yml from a document (copied into sources/documents/ if needed)."""
    raw = document.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ScaffoldError(f"{document} : retirer le BOM (UTF-8 sans BOM attendu)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{document} : texte non UTF-8 ({exc.reason} à l'octet {exc.start})") from None
    doc_id = slug(document.stem)
    cid = contract_id or doc_id
    target_doc = sources / "documents" / f"{doc_id}.txt"
    if target_doc.resolve() != document.resolve():
        if target_doc.exists() and target_doc.read_bytes() != raw:
            raise ScaffoldError(f"{target_doc} existe déjà avec un autre contenu")
        target_doc.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(document, target_doc)
    out = sources / "contrats" / f"{cid}.yml"
    if out.exists():
        raise ScaffoldError(f"{out} existe déjà : choisir un autre identifiant (--id)")
    draft = make_draft(text, doc_id, sources)
    draft.doc_id = doc_id
    publisher = editeur
    if publisher is None:
        m = _PUBLISHER.search(text[:800])
        publisher = m.group(1).strip(" *_#") if m else None
    doc_date = date or draft.doc_date
    kind = kind or ("texte du contrat" if re.search(r"\b(?:Article\s+1|Fait à|Il est convenu)", text) else "page web")
    schema = Path("../../schemas/contrat.schema.json")
    header = [f"# yaml-language-server: $schema={schema.as_posix()}",
              f"# Brouillon créé par « contrats new » depuis {document.name} : chaque ligne « # {REVIEW} » est",
              "# listée par « make validate » tant qu'elle reste ; décider, corriger, puis retirer la marque."]
    docs = ["documents:", f"  - id: {doc_id}"]
    docs += ([f"    # {REVIEW}: titre du document"] if not (titre or draft.title) else [])
    docs += [f"    titre: {_q(titre or draft.title or doc_id)}"]
    docs += ([f"    # {REVIEW}: éditeur du document (qui le publie)"] if not editeur else [])
    docs += [f"    editeur: {_q(publisher or 'À COMPLÉTER')}"]
    if doc_date:
        docs += ([f"    # {REVIEW}: date du document lue dans l'en-tête « {draft.doc_date_quote} »"] if not date else [])
        docs += [f"    date: {_q(doc_date)}"]
    docs += [f"    # {REVIEW}: type (texte du contrat, communiqué, fiche, page web, annexe, autre)",
             f"    type: {kind}",
             f"    fichier: {doc_id}.txt",
             f"    sha256: {hashlib.sha256(raw).hexdigest()}",
             f"    # {REVIEW}: licence ou statut de réutilisation",
             "    licence: Document administratif public, réutilisation libre avec mention de la source "
             "(CRPA, art. L321-1 et suivants)"]
    if url or draft.url:
        docs += ([f"    # {REVIEW}: adresse lue dans le texte"] if not url else []) + [f"    url: {url or draft.url}"]
    body = render(draft, header, documents=docs).replace(f"id: {doc_id}\n", f"id: {cid}\n", 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
