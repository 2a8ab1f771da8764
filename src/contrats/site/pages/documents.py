"""Source document pages: metadata, the quotes taken from it, and the full text with every quote highlighted."""

from __future__ import annotations

from .. import fmt, links
from ..context import Context
from ..evidence import marked_text, spans_for
from ..fmt import esc
from ..page import Page, definitions, table

TEXTS = f"{links.DOWNLOADS}documents/"


def document_page(ctx: Context, doc: dict, text: str) -> Page:
    """Build the page of one source document."""
    doc_id = doc["document_id"]
    page = Page(links.document(doc_id), f"{doc['titre']} (texte intégral)",
                f"Texte intégral de « {doc['titre']} » ({doc['editeur']}), avec les passages cités par le catalogue surlignés.")
    page.filters = ["rubrique:Documents"]
    citing = ctx.xref.citing.get(doc_id, [])
    preuves = ctx.data.quotes_in(doc_id)
    original = f'<a href="{esc(doc["url"])}" rel="noopener">{esc(doc["url"])}</a>' if doc["url"] else ""
    file_name = doc["fichier"].rsplit("/", 1)[-1]
    page.html(f'<p class="fil">{page.link(links.DOCUMENTS, "Documents")} › {esc(doc["type"])}</p>')
    page.h1(doc["titre"], search_title=f"Texte intégral : {doc['titre']}")
    page.html(definitions([
        ("Éditeur", esc(doc["editeur"])),
        ("Date", esc(fmt.date(doc["date"]))),
        ("Type", esc(doc["type"])),
        ("Licence", esc(doc["licence"])),
        ("Adresse d’origine", original),
        ("Cité par", ", ".join(ctx.contract_link(page, c) for c in citing)),
        ("Longueur", esc(fmt.plural(doc["nb_caracteres"], "caractère"))),
        ("Empreinte SHA-256", f'<code class="empreinte">{esc(doc["sha256"])}</code>'),
        ("Texte brut", page.link(TEXTS + file_name, file_name, download="")),
        ("Note", esc(doc["note"] or "")),
    ]))
    page.section("Passages cités", "passages")
    if preuves:
        rows = []
        for p in sorted(preuves, key=lambda p: (p["debut"], p["contrat_id"], p["preuve_id"])):
            anchor = links.evidence_anchor(p["contrat_id"], p["preuve_id"])
            field = f"{fmt.TABLES.get(p['table'], p['table'])} « {p['ligne_id']} », {fmt.CHAMPS.get(p['champ'], p['champ'])}"
            rows.append([f'<a href="#{esc(anchor)}">{esc(fmt.truncate(p["citation"], 140))}</a>',
                         ctx.contract_link(page, p["contrat_id"]), esc(field)])
        page.html(f'<details class="preuves">\n<summary>Les {esc(str(len(rows)))} passages cités, dans l’ordre du texte'
                  f"</summary>\n" + table(["Passage", "Contrat", "Valeur prouvée"], rows) + "\n</details>")
    else:
        page.html('<p class="vide">Aucun passage de ce document n’est encore cité.</p>')
    page.section("Texte intégral", "texte")
    page.html('<p class="petit">Texte tel qu’extrait du document d’origine. Les passages cités par le catalogue '
              'sont <mark class="preuve">surlignés</mark> ; un lien « citation » d’une fiche mène directement au '
              "passage concerné.</p>")
    spans = spans_for(preuves, doc_id, len(text))
    page.html(f'<div class="texte-document">{marked_text(text, spans)}</div>')
    return page


def documents_index(ctx: Context) -> Page:
    """Index of the source documents."""
    page = Page(links.DOCUMENTS, "Documents sources",
                "Les documents publics dont le catalogue cite des passages : textes des contrats, communiqués, fiches.")
    page.filters = ["rubrique:Documents"]
    page.h1("Documents sources")
    page.html("<p>Chaque chiffre du catalogue est tiré de l’un de ces documents publics. Leur texte intégral est "
              "consultable ici, passages cités surlignés, et la recherche du site porte aussi sur ces textes.</p>")
    counts: dict[str, int] = {}
    for p in ctx.data.catalogue.rows("preuves"):
        counts[p["document_id"]] = counts.get(p["document_id"], 0) + 1
    rows = []
    for d in sorted(ctx.data.catalogue.rows("documents"), key=lambda d: d["titre"].casefold()):
        rows.append([page.link(links.document(d["document_id"]), d["titre"]), esc(d["editeur"]), esc(fmt.date(d["date"])),
                     esc(d["type"]), esc(str(counts.get(d["document_id"], 0))),
                     ", ".join(ctx.contract_link(page, c) for c in ctx.xref.citing.get(d["document_id"], []))])
    page.html(table(["Document", "Éditeur", "Date", "Type", "Passages cités", "Contrats"], rows, numeric=[4]))
    return page
