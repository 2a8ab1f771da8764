"""Home page: what the site is, key figures, commitments chart, map, most recent contracts."""

from __future__ import annotations

from .. import crossref, fmt, links
from ..charts import Bar, ChartFiles, bar_chart, figure
from ..context import Context
from ..feed import atom_feed
from ..fmt import esc
from ..maps import choropleth
from ..page import Page, bullet_list, empty, table


def _key_figures(ctx: Context) -> str:
    cat = ctx.data.catalogue
    covered = {k for k, v in ctx.xref.territory_links.items() if any(crossref.COUVRE in r for r in v.values())}
    figures = [
        (len(ctx.data.contracts), "contrat", "contrats", links.CATALOGUE),
        (len(crossref.organisations(ctx.xref.parties)), "organisation partie", "organisations parties",
         links.PARTIES),
        (len(covered), "territoire couvert", "territoires couverts", links.TERRITOIRES),
        (len(cat.rows("operations")), "opération nommée", "opérations nommées", links.CATALOGUE),
        (sum(p["niveau"] == 1 for p in cat.rows("preuves")), "citation vérifiée", "citations vérifiées",
         links.METHODOLOGIE),
        (sum(p["niveau"] == 2 for p in cat.rows("preuves")), "chiffre publié repris", "chiffres publiés repris",
         links.COUVERTURE),
        (len(cat.rows("documents")), "document source", "documents sources", links.DOCUMENTS),
    ]
    return '<ul class="chiffres-cles">\n' + "\n".join(
        f'<li><a href="{esc(links.rel(links.HOME, url))}"><span class="chiffres-cles__valeur">{esc(fmt.group_digits(n))}</span>'
        f'<span class="chiffres-cles__libelle">{esc(one if n == 1 else many)}</span></a></li>'
        for n, one, many, url in figures) + "\n</ul>"


TOP = 12


def _amounts_chart(ctx: Context, page: Page) -> str:
    rows = []
    for c in ctx.data.contracts:
        if c["total_qualificatif"] and fmt.amount_value(c, "total_") is not None:
            bar = Bar(c["titre"], fmt.amount_value(c, "total_"), fmt.amount_short(c, "total_"),
                      c["total_montant_min_eur"], c["total_montant_max_eur"], c["total_qualificatif"] == "au_moins")
            rows.append((bar, [ctx.contract_link(page, c["id"]), esc(fmt.amount(c, "total_")), esc(c["total_perimetre"] or "")]))
        elif c["somme_engagements_eur"]:
            bar = Bar(c["titre"], c["somme_engagements_eur"], fmt.euros_short(c["somme_engagements_eur"]) + " (somme)")
            rows.append((bar, [ctx.contract_link(page, c["id"]), esc(fmt.euros(c["somme_engagements_eur"])),
                               "somme des engagements des parties"]))
    if not rows:
        return empty("Aucun contrat du catalogue n’annonce encore de montant.")
    rows.sort(key=lambda r: (-(r[0].high or r[0].value or 0), r[0].label))
    shown = rows[:TOP]
    svg = bar_chart([b for b, _ in shown], "Montants totaux annoncés par contrat")
    files = ChartFiles("montants", ["contrat", "montant"], [[b.label, b.text] for b, _ in shown])
    caption = ("Montants totaux annoncés par les contrats du catalogue, tels que les documents les énoncent ; "
               "la flèche signale un minimum (« au moins »).")
    if len(rows) > TOP:
        caption = (f"Les {TOP} montants totaux les plus élevés parmi les {len(rows)} contrats chiffrés du catalogue, "
                   "tels que les documents les énoncent ; la flèche signale un minimum. Le catalogue permet de trier "
                   "tous les contrats par montant.")
    return figure(svg, esc(caption), table(["Contrat", "Montant annoncé", "Périmètre"], [r for _, r in shown], numeric=[1]),
                  files=files, page=page)


def _map(ctx: Context, page: Page) -> str:
    counts = ctx.xref.region_counts()
    if not any(counts.values()):
        return empty("Aucun territoire n’est encore renseigné.")
    svg = choropleth(ctx.layers, counts, "Carte du nombre de contrats par région")
    regions = sorted(ctx.xref.territories.regions(False), key=lambda t: (-counts.get(t.code, 0), fmt.sort_key(t.nom)))
    rows = [[ctx.territory_link(page, t), esc(str(counts.get(t.code, 0)))] for t in regions if counts.get(t.code)]
    return figure(svg, "Nombre de contrats du catalogue qui couvrent tout ou partie de chaque région actuelle "
                       "(la région elle-même, l’un de ses départements ou une région d’avant 2016 fusionnée en elle).",
                  table(["Région", "Contrats"], rows, numeric=[1]), "carte")


def _recent(ctx: Context, page: Page) -> str:
    def latest(c: dict) -> str:
        return max(d for d in (c["date_signature"] or "", c["date_statut"] or "") if d is not None)

    items = []
    for c in sorted(ctx.data.contracts, key=latest, reverse=True)[:5]:
        when = fmt.date(c["date_signature"]) if c["date_signature"] == latest(c) else \
            f"statut constaté {fmt.date(c['date_statut'])}"
        what = "signé le " + when if c["date_signature"] == latest(c) else when
        items.append(f"{ctx.contract_link(page, c['id'])} <span class=\"petit\">({esc(fmt.family(c['famille']))}, {esc(what)})</span>")
    return bullet_list(items, "recents")


def home_page(ctx: Context) -> Page:
    """Build the home page."""
    page = Page(links.HOME, "Accueil",
                "Contrats de plan État-Région, pactes territoriaux, contrats de réciprocité : les engagements "
                "des contrats territoriaux, chaque chiffre relié à sa citation dans le document source.")
    page.filters = ["rubrique:Accueil"]
    page.extra_files["feed.xml"] = atom_feed(ctx)
    page.h1("Contrats territoriaux ouverts")
    page.html('<p class="intro">Ce site rassemble les <strong>contrats territoriaux</strong> passés entre l’État et les '
              "collectivités — contrats de plan État-Région (CPER), pactes territoriaux, contrats de réciprocité, "
              "accords de partenariat — et les présente sous forme de données ouvertes : qui signe, qui s’engage "
              "pour combien, sur quels axes, pour quelles opérations. <strong>Chaque chiffre renvoie au passage du "
              "document public qui l’établit</strong>, surligné dans le texte intégral.</p>")
    page.html(_key_figures(ctx))
    page.html(f'<p class="actions">{page.link(links.CATALOGUE, "Parcourir le catalogue", class_="md-button md-button--primary")} '
              f'{page.link(links.DONNEES, "Télécharger les données", class_="md-button")} '
              f'{page.link(links.METHODOLOGIE, "Comprendre la méthode", class_="md-button")}</p>')
    page.section("Montants annoncés", "montants")
    page.html(_amounts_chart(ctx, page))
    page.section("Territoires couverts", "carte")
    page.html(_map(ctx, page))
    page.section("Contrats les plus récents", "recents")
    page.html("<p>Classés selon leur date de signature ou, à défaut, la date à laquelle leur statut a été constaté.</p>")
    page.html(_recent(ctx, page))
    page.html(f'<p class="petit">Catalogue en version {esc(ctx.data.version)} — '
              f'{page.link(links.DONNEES, "données sous Licence Ouverte 2.0")} — '
              f'{page.link("feed.xml", "fil Atom des contrats ajoutés ou modifiés")}.</p>')
    return page
