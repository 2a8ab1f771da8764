"""Source document pages: metadata, the quotes taken from it, and the full text with every quote highlighted."""

from __future__ import annotations

from ...schemas import proof_label
from .. import fmt, links
from ..context import Context
from ..evidence import marked_text, spans_for
from ..fmt import esc
from ..page import LIST_PAGE, Page, add_paged, chunks, definitions, table

TEXTS = f"{links.DOWNLOADS}documents/"


def _passages(ctx: Context, page: Page, preuves: list[dict]) -> str:
    """What each quote of the page proves, linked to its highlighted passage in the text below (the passage itself
    is not repeated: the text already shows it)."""
    contracts = list(dict.fromkeys(p["contrat_id"] for p in preuves))
    single = len(contracts) == 1  # the usual case: the contract column would repeat one link on every row
    rows = []
    for p in preuves:
        anchor = links.evidence_anchor(p["contrat_id"], p["preuve_id"])
        field = f"{fmt.TABLES.get(p['table'], p['table'])} « {p['ligne_id']} », {proof_label(p['table'], p['champ'])}"
        rows.append([f'<a href="#{esc(anchor)}">{esc(field)}</a>']
                    + ([] if single else [ctx.contract_link(page, p["contrat_id"])]))
    who = f"<p>Passages tous cités par {ctx.contract_link(page, contracts[0])}.</p>\n" if single else ""
    # Not indexed: the same passages are in the text just below (the search would count them twice).
    return (f'{who}<details class="preuves" data-pagefind-ignore="all">\n<summary>Les {esc(str(len(rows)))} passages cités, dans l’ordre du texte'
            f"</summary>\n" + table(["Valeur prouvée"] + ([] if single else ["Contrat"]), rows)
            + "\n</details>")


def document_pages(ctx: Context, doc: dict, text: str) -> list[Page]:
    """The page of one source document: metadata, quotes and full text (a long text continues on more pages)."""
    doc_id = doc["document_id"]
    preuves = sorted(ctx.data.quotes_in(doc_id), key=lambda p: (p["debut"], p["contrat_id"], p["preuve_id"]))
    spans = spans_for(preuves, doc_id, len(text))
    points = ctx.document_parts.get(doc_id) or [0]
    n_parts = len(points)
    bounds = list(zip(points, points[1:] + [len(text)]))
    pages = []
    for k, (start, end) in enumerate(bounds, start=1):
        suffix = f" — partie {k} sur {n_parts}" if n_parts > 1 else ""
        page = Page(links.document_part(doc_id, k), f"{doc['titre']} (texte intégral{suffix})",
                    f"Texte intégral de « {doc['titre']} » ({doc['editeur']}){suffix}, avec les passages cités par le "
                    "catalogue surlignés.")
        page.filters = ["rubrique:Documents"]
        page.html(f'<p class="fil">{page.link(links.DOCUMENTS, "Documents")} › {esc(doc["type"])}</p>')
        page.h1(doc["titre"] + suffix, search_title=f"Texte intégral : {doc['titre']}{suffix}")
        parts_nav = ""
        if n_parts > 1:
            items = "".join(f'<li><span aria-current="page">partie {i}</span></li>' if i == k else
                            f"<li>{page.link(links.document_part(doc_id, i), f'partie {i}')}</li>"
                            for i in range(1, n_parts + 1))
            parts_nav = (f'<nav class="pagination" aria-label="Parties du texte ({k} sur {n_parts})"><ul>{items}</ul></nav>')
        if k == 1:
            page.html(_identity(ctx, page, doc))
        mine = [p for p in preuves if start <= p["debut"] < end] if n_parts > 1 else preuves
        page.section("Passages cités", "passages")
        if mine:
            page.html(_passages(ctx, page, mine))
        else:
            page.html('<p class="vide">Aucun passage de cette partie du document n’est encore cité.</p>' if n_parts > 1
                      else '<p class="vide">Aucun passage de ce document n’est encore cité.</p>')
        page.section("Texte intégral", "texte")
        note = ('<p class="petit">Texte tel qu’extrait du document d’origine. Les passages cités par le catalogue '
                'sont <mark class="preuve">surlignés</mark> ; un lien « citation » d’une fiche mène directement au '
                "passage concerné.")
        if n_parts > 1:
            note += f" Le texte, long, est présenté en {n_parts} parties."
        page.html(note + "</p>")
        if parts_nav:
            page.html(parts_nav)
        page.html(f'<div class="texte-document" data-pagefind-weight="0.2">{marked_text(text[start:end], spans, start)}</div>')
        if parts_nav:
            page.html(parts_nav)
        pages.append(page)
    return pages


def _identity(ctx: Context, page: Page, doc: dict) -> str:
    original = f'<a href="{esc(doc["url"])}" rel="noopener">{esc(doc["url"])}</a>' if doc["url"] else ""
    file_name = doc["fichier"].rsplit("/", 1)[-1]
    citing = ctx.xref.citing.get(doc["document_id"], [])
    shown = citing[:LIST_PAGE]
    cited_by = ", ".join(ctx.contract_link(page, c) for c in shown)
    if len(citing) > len(shown):
        cited_by += esc(f" et {fmt.plural(len(citing) - len(shown), 'autre contrat')}")
    return definitions([
        ("Éditeur", esc(doc["editeur"])),
        ("Date", esc(fmt.date(doc["date"]))),
        ("Type", esc(doc["type"])),
        ("Licence", esc(doc["licence"])),
        ("Adresse d’origine", original),
        ("Cité par", cited_by),
        ("Longueur", esc(fmt.plural(doc["nb_caracteres"], "caractère"))),
        ("Empreinte SHA-256", f'<code class="empreinte">{esc(doc["sha256"])}</code>'),
        ("Texte brut", page.link(TEXTS + file_name, file_name, download="")),
        ("Note", esc(doc["note"] or "")),
    ])


def documents_index(ctx: Context) -> list[Page]:
    """Index of the source documents (several pages when the catalogue is large)."""
    counts: dict[str, int] = {}
    for p in ctx.data.catalogue.rows("preuves"):
        counts[p["document_id"]] = counts.get(p["document_id"], 0) + 1
    docs = sorted(ctx.data.catalogue.rows("documents"), key=lambda d: fmt.sort_key(d["titre"]))
    parts = chunks(docs)
    pages = []
    for k, part in enumerate(parts, start=1):
        suffix = f" (page {k} sur {len(parts)})" if len(parts) > 1 else ""
        page = Page(links.paged(links.DOCUMENTS, k), "Documents sources" + suffix,
                    "Les documents publics dont le catalogue cite des passages : textes des contrats, communiqués, fiches."
                    + suffix)
        page.filters = ["rubrique:Documents"]
        page.indexed = k == 1
        page.h1("Documents sources" + suffix)
        page.html(f"<p>Chaque chiffre du catalogue est tiré de l’un de ces {esc(fmt.plural(len(docs), 'document'))} "
                  "publics. Leur texte intégral est consultable ici, passages cités surlignés, et la recherche du site "
                  "porte aussi sur ces textes.</p>")
        rows = []
        for d in part:
            citing = ctx.xref.citing.get(d["document_id"], [])
            cell = ", ".join(ctx.contract_link(page, c) for c in citing[:5])
            if len(citing) > 5:
                cell += esc(f" et {fmt.plural(len(citing) - 5, 'autre')}")
            rows.append([page.link(links.document(d["document_id"]), d["titre"]), esc(d["editeur"]), esc(fmt.date(d["date"])),
                         esc(d["type"]), esc(str(counts.get(d["document_id"], 0))), cell])
        add_paged(page, links.DOCUMENTS, k, len(parts),
                  table(["Document", "Éditeur", "Date", "Type", "Passages cités", "Contrats"], rows, numeric=[4]))
        pages.append(page)
    return pages
