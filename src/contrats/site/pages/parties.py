"""Party pages (one organisation across its contracts, with amounts) and their index."""

from __future__ import annotations

from .. import fmt, links
from ..charts import Bar, ChartFiles, bar_chart, figure
from ..context import Context
from ..crossref import PartyGroup, commitments, organisations, primary_commitment
from ..evidence import evidence_link
from ..fmt import esc
from ..page import LIST_PAGE, Page, add_paged, chunks, continuation_pages, definitions, table

TOP = 12


def _by_generation(ctx: Context, g: PartyGroup) -> list[tuple[str, int, int]]:
    """An organisation's commitments summed within each generation only (same family and period; exact or approximate
    amounts, one line per contract): (label, total, number of contracts). Never a sum across periods."""
    sums: dict[tuple, list[int]] = {}
    for cid in g.contract_ids:
        c = ctx.data.contract(cid)
        if c is None:
            continue
        lines = [f for r in g.rows if r["contrat_id"] == cid for f in commitments(ctx.data, cid, r["partie_id"])]
        main = primary_commitment(lines)
        if main is None or main["montant_eur"] is None or not main["dans_somme_engagements"]:
            continue
        key = (fmt.family(c["famille"]), c["generation"] or 0, fmt.period(c["annee_debut"], c["annee_fin"]))
        sums.setdefault(key, []).append(main["montant_eur"])
    out = []
    for (family, _, period), values in sorted(sums.items(), key=lambda kv: (fmt.sort_key(kv[0][0]), kv[0][2])):
        out.append((f"{family} {period or '(période non indiquée)'}", sum(values), len(values)))
    return out


def _generation_text(items: list[tuple[str, int, int]]) -> str:
    return "<br>".join(f"{esc(label)} : {esc(fmt.euros_short(total))}" + (f" ({esc(fmt.plural(n, 'contrat'))})" if n > 1 else "")
                       for label, total, n in items)


def party_pages(ctx: Context, g: PartyGroup) -> list[Page]:
    """The page of one organisation (its contracts continue on more pages beyond LIST_PAGE)."""
    n = len(g.contract_ids)
    base = links.party(g.slug)
    page = Page(base, g.nom,
                f"{g.nom} ({fmt.TYPES_PARTIE.get(g.type, g.type)}) : {fmt.plural(n, 'contrat')} du catalogue, "
                "rôles, engagements financiers et représentants.")
    page.filters = ["rubrique:Parties"]
    first = g.rows[0]
    t = ctx.xref.territories.resolve(first["type_territoire"], first["code_insee"], first["millesime_cog"])
    generations = _by_generation(ctx, g)
    siren = ""
    if g.siren:
        siren = (f'{esc(g.siren)} (<a href="https://annuaire-entreprises.data.gouv.fr/entreprise/{esc(g.siren)}" '
                 f'rel="noopener">fiche de l’Annuaire des entreprises</a>)')
    page.html(f'<p class="fil">{page.link(links.PARTIES, "Parties")} › {esc(fmt.TYPES_PARTIE.get(g.type, g.type))}</p>')
    page.h1(g.nom)
    names = sorted({r["nom"] for r in g.rows} - {g.nom}, key=fmt.sort_key)
    shown_names = names[:20]
    other_names = ", ".join(shown_names) + (f" et {len(names) - 20} autres" if len(names) > 20 else "")
    page.html(definitions([
        ("Type", esc(fmt.TYPES_PARTIE.get(g.type, g.type))),
        ("SIREN", siren),
        ("Territoire", ctx.territory_link(page, t)),
        ("Autres noms dans les documents", esc(other_names)),
        ("Contrats", esc(fmt.plural(n, "contrat"))),
        ("Engagements par génération", _generation_text(generations) + '<br><span class="petit">sommes des montants '
         "exacts ou approchés, contrat par contrat, au sein d’une même famille et période : des contrats de périodes "
         "différentes ne s’additionnent pas</span>" if generations else ""),
    ]))
    page.section("Contrats", "contrats")
    bars = []
    for cid in g.contract_ids:  # one bar per contract: the organisation's primary commitment to it
        lines = [f for r in g.rows if r["contrat_id"] == cid for f in commitments(ctx.data, cid, r["partie_id"])]
        f = primary_commitment(lines)
        value = fmt.amount_value(f) if f else None
        if value is not None:
            bars.append(Bar(ctx.title(cid), value, fmt.amount_short(f), f["montant_min_eur"], f["montant_max_eur"],
                            f["qualificatif"] == "au_moins"))
    parts = chunks(g.rows)
    pages = [page] + continuation_pages(
        base, (links.PARTIES, "Parties"), g.nom,
        lambda k, count: f"{g.nom} : {fmt.plural(n, 'contrat')} du catalogue, page {k} sur {count}.", len(parts))
    for k, (p, rows) in enumerate(zip(pages, parts), start=1):
        add_paged(p, base, k, len(parts), _contracts_table(ctx, p, rows))
    if bars:
        bars.sort(key=lambda b: -(b.high or b.value or 0))
        caption = "Montants engagés pour l’ensemble de chaque contrat, tels que les documents les énoncent."
        if len(bars) > TOP:
            caption = f"Les {TOP} engagements les plus élevés sur {len(bars)}, tels que les documents les énoncent."
            bars = bars[:TOP]
        page.section("Engagements par contrat", "engagements")
        files = ChartFiles("engagements", ["contrat", "montant"], [[b.label, b.text] for b in bars])
        page.html(figure(bar_chart(bars, f"Engagements de {g.nom} par contrat"), esc(caption),
                         table(["Contrat", "Montant"], [[esc(b.label), esc(b.text)] for b in bars], numeric=[1]),
                         files=files, page=page))
    return pages


def _contracts_table(ctx: Context, page: Page, party_rows: list) -> str:
    rows = []
    for r in party_rows:
        cid = r["contrat_id"]
        c = ctx.data.contract(cid)
        roles = ", ".join(k for k in ("signataire", "financeur", "partenaire") if r[k])
        lines = commitments(ctx.data, cid, r["partie_id"])
        amounts = "<br>".join(f"{esc(fmt.amount(f))} {evidence_link(page.url, f)}" for f in lines)
        reps = [x for x in ctx.data.of(cid, "representants") if x["partie_id"] == r["partie_id"]]
        people = "<br>".join(esc(x["nom"] + (f", {x['fonction']}" if x["fonction"] else "")) for x in reps)
        period = fmt.period(c["annee_debut"], c["annee_fin"]) if c else ""
        rows.append([ctx.contract_link(page, cid), esc(period), esc(roles), amounts, people, evidence_link(page.url, r)])
    return table(["Contrat", "Période", "Rôles", "Engagement", "Représentants", "Participation"], rows, numeric=[3],
                 stack=True)


def parties_index(ctx: Context) -> list[Page]:
    """Index of every organisation party to a contract (several pages when there are many)."""
    groups = sorted(ctx.xref.parties.values(), key=lambda g: fmt.sort_key(g.nom))
    parts = chunks(groups, 4 * LIST_PAGE)
    pages = []
    for k, part in enumerate(parts, start=1):
        suffix = f" (page {k} sur {len(parts)})" if len(parts) > 1 else ""
        page = Page(links.paged(links.PARTIES, k), "Parties" + suffix,
                    "État, régions, départements, métropoles, intercommunalités et associations parties aux contrats."
                    + suffix)
        page.filters = ["rubrique:Parties"]
        page.indexed = k == 1
        page.h1("Parties" + suffix)
        n_orgs = len(organisations(ctx.xref.parties))
        n_groups = len(groups) - n_orgs
        groups_text = f", et {fmt.plural(n_groups, 'groupe')} de parties" if n_groups else ""
        page.html(f"<p>{esc(fmt.plural(n_orgs, 'organisation'))} {fmt.agree(n_orgs, 'est partie', 'sont parties')} "
                  f"aux contrats du catalogue{esc(groups_text)}. Une même "
                  "organisation est reconnue d’un contrat à l’autre par son numéro SIREN, à défaut par son nom.</p>")
        rows = []
        for g in part:
            rows.append([page.link(links.party(g.slug), g.nom), esc(fmt.TYPES_PARTIE.get(g.type, g.type)),
                         esc(str(len(g.contract_ids))), _generation_text(_by_generation(ctx, g))])
        add_paged(page, links.PARTIES, k, len(parts),
                  table(["Organisation", "Type", "Contrats", "Engagements par génération"], rows, numeric=[2],
                        stack=True))
        pages.append(page)
    return pages
