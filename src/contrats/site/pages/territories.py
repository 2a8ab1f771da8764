"""Territory pages (regions before and after 2016, départements) and their index with a map."""

from __future__ import annotations

from .. import crossref, fmt, links
from ..charts import figure
from ..context import Context
from ..crossref import commitments
from ..evidence import evidence_link
from ..fmt import esc
from ..maps import BASE_FOLDER, choropleth, france_map
from ..page import LIST_PAGE, Page, add_paged, bullet_list, chunks, continuation_pages, definitions, empty, table
from ..territories import Territory
from .common import contracts_table

REASON_ORDER = [crossref.COUVRE, crossref.DEPARTEMENT, crossref.EPCI, crossref.COMMUNE, crossref.DEPARTEMENT_PARENT,
                crossref.REGION, crossref.PREDECESSEUR, crossref.SUCCESSEUR, crossref.PARTIE, crossref.OPERATION]


def _identity(ctx: Context, page: Page, t: Territory) -> str:
    terr = ctx.xref.territories
    items = [("Type", esc(t.kind))] + ([] if t.type == "epci" else [("Code INSEE", esc(t.code))])
    if t.type == "region" and t.ancien:
        items.append(("Existence", "jusqu’au 31 décembre 2015 (réforme territoriale du 1er janvier 2016)"))
        successor = terr.by_key.get(t.successeur or "")
        if successor is not None:
            verb = "devenue" if successor.nom == t.nom else "fusionnée dans"
            items.append(("Région actuelle", f"{verb} {ctx.territory_link(page, successor)}"))
    elif t.type == "region":
        olds = terr.predecessors(t.key)
        if olds and not (len(olds) == 1 and olds[0].nom == t.nom):
            items.append(("Issue de la fusion de", ", ".join(ctx.territory_link(page, o) for o in olds)))
        elif olds:
            items.append(("Avant 2016", ctx.territory_link(page, olds[0], "même région, pages d’avant 2016")))
    elif t.type in ("epci", "commune"):
        if t.type == "epci":
            items.append(("SIREN", esc(t.code)))
        else:
            items.append(("Intercommunalité", ctx.territory_link(page, terr.by_key.get(t.epci or ""))))
        items.append(("Département", ctx.territory_link(page, terr.by_key.get(t.departement or ""))))
        items.append(("Région", ctx.territory_link(page, terr.by_key.get(t.region or ""))))
    else:
        items.append(("Région", ctx.territory_link(page, terr.by_key.get(t.region or ""))
                      or "aucune (collectivité d’outre-mer)"))
        old = terr.by_key.get(t.region_avant_2016 or "")
        if old is not None and old.nom != terr.by_key.get(t.region or "", old).nom:
            items.append(("Région avant 2016", ctx.territory_link(page, old)))
    if t.type == "region":
        deps = terr.departements_of(t.key)
        items.append(("Départements", ", ".join(ctx.territory_link(page, d) for d in deps)))
    return definitions(items)


def _map(ctx: Context, page: Page, t: Territory) -> str:
    base = "regions-2015" if t.ancien else "regions"
    shown = t
    if t.type in ("epci", "commune"):  # no outline below the département: its département is drawn
        shown = ctx.xref.territories.by_key.get(t.departement or "") or t
    svg = france_map(ctx.layers, [(shown.layer, shown.code)], f"Carte : {t.label} en France", base,
                     base_href=page.href(f"{BASE_FOLDER}{base}.svg"))
    where = "" if shown is t else f", dans son département ({shown.label})"
    return figure(svg, esc(f"{t.label} ({t.kind}) sur la carte de France{where} ; outre-mer en médaillons, formes "
                           "simplifiées hors échelle."),
                  table(["Territoire", "Type", "Code"], [[esc(t.label), esc(t.kind), esc(t.code)]]), "carte")


def _parties_by_territory(ctx: Context) -> dict[str, list[dict]]:
    """Party rows by the key of the territory they belong to (computed once per run)."""
    cached = getattr(ctx, "_parties_by_territory", None)
    if cached is None:
        cached = {}
        for p in ctx.data.catalogue.rows("parties"):
            pt = ctx.xref.territories.resolve(p["type_territoire"], p["code_insee"], p["millesime_cog"])
            if pt is not None:
                cached.setdefault(pt.key, []).append(p)
        ctx._parties_by_territory = cached
    return cached


def _local_commitments(ctx: Context, page: Page, t: Territory) -> str:
    rows = []
    for p in _parties_by_territory(ctx).get(t.key, []):
        for f in commitments(ctx.data, p["contrat_id"], p["partie_id"]):
            rows.append([ctx.party_link(page, p["contrat_id"], p["partie_id"], p["nom"]),
                         ctx.contract_link(page, p["contrat_id"]), esc(fmt.amount(f)),
                         evidence_link(page.url, f)])
    if not rows:
        return ""
    note = ""
    if len(rows) > LIST_PAGE:
        note = (f'<p class="petit">Les {LIST_PAGE} premiers engagements sur {esc(fmt.group_digits(len(rows)))} ; '
                "la page de chaque collectivité les donne tous.</p>")
        rows = rows[:LIST_PAGE]
    return table(["Collectivité", "Contrat", "Engagement", "Source"], rows, numeric=[2], stack=True) + note


def territory_pages(ctx: Context, t: Territory) -> list[Page]:
    """The page of one territory (its list of contracts continues on more pages beyond LIST_PAGE)."""
    linked = ctx.xref.territory_links.get(t.key, {})
    contracts = [c for c in (ctx.data.contract(cid) for cid in linked) if c is not None]
    contracts.sort(key=lambda c: (min(REASON_ORDER.index(r) for r in linked[c["id"]]), c["titre"].casefold()))
    base = links.territory(t.key)
    page = Page(base, t.label,
                f"{t.label}, {t.kind} (code INSEE {t.code}) : contrats territoriaux du catalogue qui le concernent, "
                "montants annoncés et engagements.")
    page.filters = ["rubrique:Territoires", f"territoire:{t.label}"]
    page.html(f'<p class="fil">{page.link(links.TERRITOIRES, "Territoires")} › {esc(t.kind)}</p>')
    page.h1(t.label)
    page.html(_identity(ctx, page, t))
    page.section("Contrats", "contrats")
    pages = [page]
    if contracts:
        notes = {cid: esc("\u00a0; ".join(sorted(reasons, key=REASON_ORDER.index))) for cid, reasons in linked.items()}
        page.html(f"<p>{esc(fmt.plural(len(contracts), 'contrat'))} du catalogue "
                  f"{fmt.agree(len(contracts), 'concerne', 'concernent')} ce territoire.</p>")
        parts = chunks(contracts)
        pages += continuation_pages(
            base, (links.TERRITOIRES, "Territoires"), t.label,
            lambda k, count: f"Contrats du catalogue qui concernent {t.label}, page {k} sur {count}.", len(parts))
        for k, (p, rows) in enumerate(zip(pages, parts), start=1):
            add_paged(p, base, k, len(parts), contracts_table(ctx, p, rows, notes, "Pourquoi ici"))
    else:
        page.html(empty("Aucun contrat du catalogue ne concerne ce territoire pour l’instant."))
    local = _local_commitments(ctx, page, t)
    if local:
        page.section("Engagements des collectivités du territoire", "engagements")
        page.html(local)
    page.section("Carte", "carte")
    page.html(_map(ctx, page, t))
    return pages


def territories_index(ctx: Context, pages: list[Territory]) -> Page:
    """Index of territories: map of covered territories and lists of regions and départements."""
    page = Page(links.TERRITOIRES, "Territoires",
                "Régions (avant et après 2016) et départements : les contrats du catalogue qui les concernent.")
    page.filters = ["rubrique:Territoires"]
    page.h1("Territoires")
    page.html("<p>Chaque région et chaque département concerné a sa page. Les régions d’avant la réforme de 2016 "
              "gardent la leur, avec un lien vers la région qui leur a succédé : un contrat signé en 2015 par le "
              "Nord-Pas-de-Calais reste rattaché au Nord-Pas-de-Calais.</p>")
    counts = ctx.xref.region_counts()
    svg = choropleth(ctx.layers, counts, "Carte du nombre de contrats par région")
    regions = sorted(ctx.xref.territories.regions(False), key=lambda t: (-counts.get(t.code, 0), fmt.sort_key(t.nom)))
    rows = [[ctx.territory_link(page, t), esc(str(counts.get(t.code, 0)))] for t in regions]
    page.html(figure(svg, "Nombre de contrats qui couvrent tout ou partie de chaque région actuelle (la région, "
                          "l’un de ses départements ou une région d’avant 2016 fusionnée en elle).",
                     table(["Région", "Contrats"], rows, numeric=[1]), "carte"))

    def listing(items: list[Territory]) -> str:
        out = []
        for t in items:
            n = len(ctx.xref.territory_links.get(t.key, {}))
            out.append(f"{ctx.territory_link(page, t, t.nom if t.type == 'region' else t.label)} "
                       f'<span class="petit">({esc(fmt.plural(n, "contrat")) if n else "aucun contrat"})</span>')
        return bullet_list(out, "colonnes")

    page.section("Régions", "regions")
    page.html(listing(ctx.xref.territories.regions(False)))
    page.section("Régions d’avant 2016", "regions-avant-2016")
    page.html(listing(ctx.xref.territories.regions(True)))
    page.section("Départements", "departements")
    deps = sorted((t for t in pages if t.type == "departement"), key=lambda t: t.code)
    page.html(listing(deps) if deps else empty("Aucun département n’est encore concerné."))
    page.html('<p class="petit">Seuls les départements concernés par au moins un contrat ont une page.</p>')
    epcis = sorted((t for t in pages if t.type in ("epci", "commune")), key=lambda t: t.nom)
    if epcis:
        page.section("Intercommunalités et communes", "intercommunalites")
        page.html(listing(epcis))
    return page
