"""Blocks shared by several pages: download lists, schema.org JSON-LD, contract tables, citation text."""

from __future__ import annotations

from .. import fmt
from ..context import LICENCE_NAME, LICENCE_URL, SITE_NAME, Context, citation_text
from ..data import Row
from ..downloads import FORMATS, MEDIA_TYPES, Download, size
from ..fmt import esc
from ..page import Page, table


def download_table(page: Page, folder: str, items: list[Download], caption: str = "") -> str:
    """Table of downloads: file link, format, content, size."""
    rows = [[page.link(folder + d.path, d.path.rsplit("/", 1)[-1], download=""), esc(FORMATS[d.format]),
             esc(d.label), esc(size(d.size))] for d in items]
    return table(["Fichier", "Format", "Contenu", "Taille"], rows, caption=caption, numeric=[3])


def jsonld_dataset(ctx: Context, page: Page, name: str, description: str, folder: str, items: list[Download],
                   extra: dict | None = None) -> str:
    """schema.org Dataset as a JSON-LD script block (every '<' escaped)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": ctx.absolute(page.url),
        "inLanguage": "fr",
        "isAccessibleForFree": True,
        "license": LICENCE_URL,
        "version": ctx.data.version,
        "creator": {"@type": "Organization", "name": SITE_NAME, "url": ctx.absolute("")},
        "distribution": [{"@type": "DataDownload", "name": d.path.rsplit("/", 1)[-1],
                          "encodingFormat": MEDIA_TYPES.get(d.format, "application/octet-stream"),
                          "contentUrl": ctx.absolute(folder + d.path)} for d in items],
        **(extra or {}),
    }
    return f'<script type="application/ld+json">\n{fmt.json_for_script(data)}\n</script>'


def citation_block(ctx: Context, page: Page, title: str) -> str:
    """How to cite a page of the catalogue (plain text in a <pre>-like block)."""
    text = citation_text(title, ctx.data.version, ctx.absolute(page.url))
    return (f'<div class="citer" data-pagefind-ignore="all">\n<p>Pour citer cette page :</p>\n'
            f'<blockquote class="citer__texte"><p>{esc(text)}</p></blockquote>\n'
            f'<p>Les données sont publiées sous <a href="{esc(LICENCE_URL)}">{esc(LICENCE_NAME)}</a> : '
            f'réutilisation libre, y compris commerciale, à condition de mentionner la source.</p>\n</div>')


def contract_territory_names(ctx: Context, contract_id: str) -> list[str]:
    """Names (with kind) of the territories a contract covers."""
    return [t.label for t in ctx.xref.contract_territories.get(contract_id, [])]


def contracts_table(ctx: Context, page: Page, rows: list[Row], notes: dict[str, str] | None = None,
                    note_header: str = "Lien avec la page") -> str:
    """Table of contracts: title, family, period, status, announced total (+ an optional note column)."""
    headers = ["Contrat", "Famille", "Période", "Statut", "Total annoncé"]
    if notes is not None:
        headers.append(note_header)
    out = []
    for c in rows:
        cells = [ctx.contract_link(page, c["id"]), esc(fmt.family(c["famille"])), esc(fmt.period(c["annee_debut"], c["annee_fin"])),
                 esc(fmt.STATUTS.get(c["statut"], c["statut"])), esc(fmt.amount(c, "total_"))]
        if notes is not None:
            cells.append(notes.get(c["id"], ""))
        out.append(cells)
    return table(headers, out, numeric=[4], stack=True)


def downloads_list(ctx: Context, page: Page, key: str, folder: str) -> str:
    """Compact « Télécharger » block: one line per file (excluded from the search index)."""
    items = ctx.downloads.get(key, [])
    lines = [f'<li>{page.link(folder + d.path, FORMATS[d.format], download="")} '
             f'<span class="petit">({esc(d.path)}, {esc(size(d.size))}) — {esc(d.label)}</span></li>' for d in items]
    return (f'<div class="telechargements" data-pagefind-ignore="all">\n<p>Toutes les tables de ce contrat :</p>\n'
            f'<ul>\n{"".join(lines)}\n</ul>\n</div>')
