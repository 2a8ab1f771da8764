"""Catalogue page: every contract in one sortable, filterable table (assets/site/catalogue.js)."""

from __future__ import annotations

from .. import fmt, links
from ..context import Context
from ..fmt import esc
from ..page import Page
from .common import contract_territory_names

COLUMNS = [("Contrat", "texte"), ("Famille", "texte"), ("Territoires", "texte"), ("Période", "nombre"),
           ("Statut", "texte"), ("Total annoncé", "nombre")]


def _select(name: str, label: str, values: list[str], all_label: str) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return (f'<div class="filtres__champ"><label for="f-{name}">{esc(label)}</label>'
            f'<select id="f-{name}" data-filtre="{name}"><option value="">{esc(all_label)}</option>{options}</select></div>')


def catalogue_page(ctx: Context) -> Page:
    """Build the catalogue page."""
    contracts = sorted(ctx.data.contracts, key=lambda c: c["titre"].casefold())
    page = Page(links.CATALOGUE, "Catalogue des contrats",
                f"Les {len(contracts)} contrats territoriaux du catalogue : famille, territoire, période, statut "
                "et montant total annoncé, à trier et filtrer.", hide=["toc"])
    page.filters = ["rubrique:Catalogue"]
    page.h1("Catalogue des contrats")
    page.html(f"<p>Le catalogue réunit {esc(fmt.plural(len(contracts), 'contrat'))} : contrats de plan État-Région, "
              "pactes, contrats de réciprocité, accords. Cliquez sur un en-tête de colonne pour trier, utilisez les "
              "filtres pour restreindre la liste. Le total est celui que le document annonce, avec sa formulation "
              "(« au moins », « environ »).</p>")
    families = sorted({fmt.family(c["famille"]) for c in contracts})
    statuses = [s for s in fmt.STATUTS if any(c["statut"] == s for c in contracts)]
    territories = sorted({n for c in contracts for n in contract_territory_names(ctx, c["id"])}, key=str.casefold)
    years = [y for c in contracts for y in (c["annee_debut"], c["annee_fin"]) if y]
    year_range = f' min="{min(years)}" max="{max(years)}"' if years else ""
    page.html(
        '<form class="filtres" id="filtres-catalogue" hidden aria-label="Filtrer le catalogue">\n'
        '<div class="filtres__champ"><label for="f-texte">Titre contient</label>'
        '<input id="f-texte" type="search" data-filtre="texte" autocomplete="off"></div>\n'
        + _select("famille", "Famille", families, "Toutes") + "\n"
        + _select("territoire", "Territoire", territories, "Tous") + "\n"
        + _select("statut", "Statut", [fmt.STATUTS[s] for s in statuses], "Tous") + "\n"
        + f'<div class="filtres__champ"><label for="f-annee">En vigueur en</label>'
          f'<input id="f-annee" type="number" inputmode="numeric" data-filtre="annee"{year_range} placeholder="année"></div>\n'
        '<div class="filtres__champ filtres__action"><button type="reset" class="md-button">Tout afficher</button></div>\n'
        "</form>")
    page.html(f'<p id="compte-catalogue" class="compte" aria-live="polite">{esc(fmt.plural(len(contracts), "contrat"))}</p>')
    head = "".join(f'<th scope="col" data-type="{kind}" aria-sort="none"><button type="button" class="tri">{esc(label)}'
                   f'<span class="sr-only"> (trier)</span></button></th>' for label, kind in COLUMNS)
    rows = []
    for c in contracts:
        names = contract_territory_names(ctx, c["id"])
        status = fmt.STATUTS.get(c["statut"], c["statut"])
        total = fmt.amount_value(c, "total_")
        attrs = (f' data-famille="{esc(fmt.family(c["famille"]))}" data-statut="{esc(status)}" data-territoires="{esc("|".join(names))}"'
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
        right = ' class="nombre"'
        tds = "".join(f'<td data-valeur="{esc(v)}"{right if i == 5 else ""}>{h}</td>' for i, (v, h) in enumerate(cells))
        rows.append(f"<tr{attrs}>{tds}</tr>")
    page.html(f'<table id="catalogue">\n<caption class="sr-only">Contrats du catalogue</caption>\n'
              f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    return page
