"""Catalogue page: every contract in one sortable, filterable table (assets/site/catalogue.js)."""

from __future__ import annotations

import json

from .. import fmt, links
from ..context import Context
from ..fmt import esc
from ..page import Page, add_paged, chunks, pager
from .common import contract_territory_names

COLUMNS = [("Contrat", "texte"), ("Famille", "texte"), ("Territoires", "texte"), ("Période", "nombre"),
           ("Statut", "texte"), ("Total annoncé", "nombre"), ("Par habitant", "nombre")]


def _per_inhabitant(c: dict) -> list[str]:
    """Sort value and text of the derived total per inhabitant, with its population vintage."""
    value = c.get("total_par_habitant_eur")
    if value in (None, ""):
        return ["", ""]
    q = fmt.QUALIFICATIFS.get(c.get("total_qualificatif") or "exact", "")
    return [str(value), f"{q}{fmt.euros(int(value))} (population {c.get('millesime_population')})"]


def _select(name: str, label: str, values: list[str], all_label: str) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return (f'<div class="filtres__champ"><label for="f-{name}">{esc(label)}</label>'
            f'<select id="f-{name}" data-filtre="{name}"><option value="">{esc(all_label)}</option>{options}</select></div>')


def _row(ctx: Context, page: Page, c: dict) -> str:
    names = contract_territory_names(ctx, c["id"])
    status = fmt.STATUTS.get(c["statut"], c["statut"])
    total = fmt.amount_value(c, "total_")
    attrs = (f' data-famille="{esc(fmt.family(c["famille"]))}" data-statut="{esc(status)}" data-territoires="{esc("|".join(ctx.xref.filter_labels(c["id"])))}"'
             f' data-debut="{esc(c["annee_debut"] or "")}" data-fin="{esc(c["annee_fin"] or "")}"'
             f' data-texte="{esc(c["titre"] + " " + c["id"])}"')
    cells = [
        (c["titre"], ctx.contract_link(page, c["id"])),
        (fmt.family(c["famille"]), esc(fmt.family(c["famille"]))),
        (", ".join(names), ", ".join(ctx.territory_link(page, t) for t in ctx.xref.contract_territories.get(c["id"], []))
         or '<span class="vide">—</span>'),
        (str(c["annee_debut"] or ""), esc(fmt.period(c["annee_debut"], c["annee_fin"])) or '<span class="vide">—</span>'),
        (status, esc(status)),
        ("" if total is None else f"{total:.0f}", esc(fmt.amount(c, "total_")) or '<span class="vide">non indiqué</span>'),
    ]
    per_value, per_text = _per_inhabitant(c)
    cells.append((per_value, esc(per_text) or '<span class="vide">—</span>'))
    right = ' class="nombre"'
    tds = "".join(f'<td data-valeur="{esc(v)}"{right if i >= 5 else ""}>{h}</td>' for i, (v, h) in enumerate(cells))
    return f"<tr{attrs}>{tds}</tr>"


def _json_row(ctx: Context, c: dict) -> list:
    """Compact row of catalogue.json, from which assets/site/catalogue.js rebuilds the same <tr> as _row."""
    total = fmt.amount_value(c, "total_")
    terr = [[t.label, t.key if t.key in ctx.territory_keys else ""] for t in ctx.xref.contract_territories.get(c["id"], [])]
    return [c["id"], c["titre"], fmt.family(c["famille"]), fmt.STATUTS.get(c["statut"], c["statut"]), terr,
            c["annee_debut"] or "", c["annee_fin"] or "", fmt.period(c["annee_debut"], c["annee_fin"]),
            "" if total is None else f"{total:.0f}", fmt.amount(c, "total_"), ctx.xref.filter_labels(c["id"]),
            *_per_inhabitant(c)]


JSON_FILE = "catalogue.json"


def catalogue_pages(ctx: Context) -> list[Page]:
    """The catalogue: one filterable, sortable table; beyond LIST_PAGE contracts, the rows are split across
    several static pages and the first page's script loads them all from contrats/catalogue.json."""
    contracts = sorted(ctx.data.contracts, key=lambda c: fmt.sort_key(c["titre"]))
    parts = chunks(contracts)
    pages = [catalogue_page(ctx, contracts, parts[0], len(parts))]
    for k, part in enumerate(parts[1:], start=2):
        page = Page(links.paged(links.CATALOGUE, k), f"Catalogue des contrats (page {k} sur {len(parts)})",
                    f"Les {len(contracts)} contrats territoriaux du catalogue, page {k} sur {len(parts)}.", hide=["toc"])
        page.indexed = False
        page.h1(f"Catalogue des contrats (page {k} sur {len(parts)})")
        head = "".join(f'<th scope="col">{esc(label)}</th>' for label, _ in COLUMNS)
        add_paged(page, links.CATALOGUE, k, len(parts),
                  f'<div class="empile"><table class="catalogue-page">\n<caption class="sr-only">Contrats du catalogue, '
                  f"page {k}</caption>\n<thead data-pagefind-ignore><tr>{head}</tr></thead>\n<tbody>\n"
                  + "\n".join(_row(ctx, page, c) for c in part) + "\n</tbody>\n</table></div>")
        pages.append(page)
    return pages


def catalogue_page(ctx: Context, contracts: list[dict] | None = None, shown: list[dict] | None = None,
                   n_pages: int = 1) -> Page:
    """Build the catalogue page (its first page when the catalogue is split)."""
    if contracts is None:
        contracts = sorted(ctx.data.contracts, key=lambda c: fmt.sort_key(c["titre"]))
    shown = contracts if shown is None else shown
    page = Page(links.CATALOGUE, "Catalogue des contrats",
                f"Les {len(contracts)} contrats territoriaux du catalogue : famille, territoire, période, statut "
                "et montant total annoncé, à trier et filtrer.", hide=["toc"])
    page.filters = ["rubrique:Catalogue"]
    page.h1("Catalogue des contrats")
    page.html(f"<p>Le catalogue réunit {esc(fmt.plural(len(contracts), 'contrat'))} : contrats de plan État-Région, "
              "pactes, contrats de réciprocité, accords. Cliquez sur un en-tête de colonne pour trier, utilisez les "
              "filtres pour restreindre la liste. Le total est celui que le document annonce, avec sa formulation "
              "(« au moins », « environ ») ; le montant par habitant est calculé par le projet (total ÷ population "
              "des territoires couverts au millésime indiqué, référentiel INSEE). Choisir un territoire montre aussi "
              "les contrats de ce qu’il contient : ses départements, intercommunalités et communes, et pour une "
              "région actuelle les régions d’avant 2016 fusionnées en elle.</p>")
    families = sorted({fmt.family(c["famille"]) for c in contracts}, key=fmt.sort_key)
    statuses = [s for s in fmt.STATUTS if any(c["statut"] == s for c in contracts)]
    territories = sorted({n for c in contracts for n in ctx.xref.filter_labels(c["id"])}, key=fmt.sort_key)
    years = [y for c in contracts for y in (c["annee_debut"], c["annee_fin"]) if y]
    year_range = f' min="{min(years)}" max="{max(years)}"' if years else ""
    page.html(
        '<form class="filtres" id="filtres-catalogue" hidden aria-label="Filtrer le catalogue">\n'
        '<div class="filtres__champ"><label for="f-texte">Titre contient</label>'
        '<input id="f-texte" type="search" data-filtre="texte" autocomplete="off"></div>\n'
        + _select("famille", "Famille", families, "Toutes") + "\n"
        + _select("territoire", "Territoire (et ce qu’il contient)", territories, "Tous") + "\n"
        + _select("statut", "Statut", [fmt.STATUTS[s] for s in statuses], "Tous") + "\n"
        + f'<div class="filtres__champ"><label for="f-annee">En vigueur en</label>'
          f'<input id="f-annee" type="number" inputmode="numeric" data-filtre="annee"{year_range} placeholder="année"></div>\n'
        '<div class="filtres__champ filtres__action"><button type="reset" class="md-button">Tout afficher</button></div>\n'
        "</form>")
    count = fmt.plural(len(contracts), "contrat")
    if n_pages > 1:
        count += f" ({len(shown)} sur cette page)"
    page.html(f'<p id="compte-catalogue" class="compte" aria-live="polite">{esc(count)}</p>')
    nav = pager(page, links.CATALOGUE, 1, n_pages)
    if nav:
        page.html(nav)
    head = "".join(f'<th scope="col" data-type="{kind}" aria-sort="none"><button type="button" class="tri">{esc(label)}'
                   f'<span class="sr-only"> (trier)</span></button></th>' for label, kind in COLUMNS)
    source = ""
    if n_pages > 1:
        source = f' data-source="{JSON_FILE}" data-territoires="{esc(links.rel(links.CATALOGUE, links.TERRITOIRES))}"'
        rows = [_json_row(ctx, c) for c in contracts]
        page.extra_files["contrats/" + JSON_FILE] = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    page.html(f'<div class="empile"><table id="catalogue"{source}>\n<caption class="sr-only">Contrats du catalogue</caption>\n'
              f"<thead data-pagefind-ignore><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(_row(ctx, page, c) for c in shown)
              + "\n</tbody>\n</table></div>")
    if nav:
        page.html(nav)
    return page
