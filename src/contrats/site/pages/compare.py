"""Comparer: CPER, CPIER and overseas contracts side by side, by region and generation (table, map, bar chart,
downloads of the rows shown and of the table aggregated by generation)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...derived import SUMMABLE
from .. import fmt, links
from ..charts import Bar, ChartFiles, bar_chart, figure
from ..context import Context
from ..crossref import commitments, primary_commitment
from ..data import Package, Table
from ..downloads import excel_csv, xlsx_bytes
from ..fmt import esc
from ..maps import TOTAL_HEIGHT, WIDTH
from ..page import Page, empty, table
from ..territories import Territory
from .contract import evidence_tier

COMPARED = ("CPER", "CPIER")  # and every family naming overseas convergence contracts (see compared())
# A contract's announced total (not a financing line) compares as a number only when stated exactly or approximately;
# otherwise (« au moins », range, share) the sum of the parties' commitments stands in for it.
NUMERIC_TOTAL = frozenset(SUMMABLE)  # the qualifiers whose amounts add up (derived.py), defined once
SHADES = ["#c5cae9", "#7986cb", "#3949ab", "#1a237e"]
# Columns of the downloads: name, French title, type.
COLUMNS = [("contrat_id", "Identifiant du contrat", "string"), ("contrat", "Contrat", "string"),
           ("famille", "Famille", "string"), ("generation", "Génération", "integer"), ("periode", "Période", "string"),
           ("region", "Région(s)", "string"), ("total_eur", "Total (euros)", "integer"),
           ("total_forme", "Total tel qu'énoncé", "string"), ("etat_eur", "Part de l'État (euros)", "integer"),
           ("region_eur", "Part de la Région (euros)", "integer"), ("population", "Population", "integer"),
           ("par_habitant_eur", "Total par habitant (euros)", "integer"), ("niveau_preuve", "Niveau de preuve", "integer"),
           ("evolution_pct", "Évolution depuis la génération précédente (%)", "number"),
           ("contrat_precedent", "Contrat de la génération précédente", "string")]


def compared(family: str | None) -> bool:
    """Families the comparison covers: CPER, CPIER and overseas convergence contracts."""
    return bool(family) and (family in COMPARED or "convergence" in family.casefold() or "outre-mer" in family.casefold())


@dataclass
class Line:
    """One compared contract."""

    c: dict
    regions: list[Territory]
    current: tuple[str, ...]  # current regions it covers (pre-2016 regions mapped to their successor)
    total: int | None
    etat: int | None
    region: int | None
    population: int | None
    tier: int
    previous: str = ""
    change: float | None = None
    change_note: str = ""

    @property
    def per_head(self) -> int | None:
        """Total per inhabitant: as published with the contract (total_par_habitant_eur), else computed here."""
        published = self.c.get("total_par_habitant_eur")
        if published is not None:
            return int(published)
        return round(self.total / self.population) if self.total and self.population else None


def _population(ctx: Context, t: Territory, year: int | None) -> int | None:
    """Population of a region from the reference table: a region before 2016 its own row (sum of its départements),
    a current region the row of the vintage nearest to `year`."""
    rows = [r for r in ctx.data.reference.rows("regions") if r["code"] == t.code and r.get("population")
            and (int(r["millesime"]) <= 2015) == t.ancien]
    if not rows:
        return None
    target = year if year is not None else max(int(r["millesime"]) for r in rows)
    best = min(rows, key=lambda r: (abs(int(r["millesime"]) - target), int(r["millesime"])))
    return int(best["population"])


def _share(ctx: Context, cid: str, kind: str) -> int | None:
    values = []
    for p in ctx.data.of(cid, "parties"):
        if p["type"] == kind:
            main = primary_commitment(commitments(ctx.data, cid, p["partie_id"]))
            if main is not None and main["montant_eur"] is not None:
                values.append(main["montant_eur"])
    return sum(values) if values else None


def compare_lines(ctx: Context) -> list[Line]:
    """Compared contracts with their figures and the change from the previous generation of the same regions."""
    out = []
    for c in ctx.data.contracts:
        if not compared(c["famille"]):
            continue
        cid = c["id"]
        regions = [t for t in ctx.xref.contract_territories.get(cid, []) if t.type == "region"]
        current = tuple(sorted({(t.successeur or t.key) if t.ancien else t.key for t in regions}))
        total = c["total_montant_eur"] if c["total_qualificatif"] in NUMERIC_TOTAL else None
        if total is None:
            total = c["somme_engagements_eur"]
        population = c.get("population")  # published with the contract when the reference has it
        if population is None:
            pops = [_population(ctx, t, c["annee_debut"]) for t in regions]
            population = sum(pops) if pops and all(p is not None for p in pops) else None
        out.append(Line(c, regions, current, total, _share(ctx, cid, "etat"), _share(ctx, cid, "region"), population,
                        evidence_tier(ctx, cid)))
    for line in out:
        start = line.c["annee_debut"]
        if start is None:  # a contract without a stated period has no place in the sequence of generations
            continue
        earlier = [x for x in out if x.c["famille"] == line.c["famille"] and x.c["annee_debut"] is not None
                   and x.c["annee_debut"] < start and set(x.current) & set(line.current)]
        if not earlier or not line.total:
            continue
        last = max(x.c["annee_debut"] or 0 for x in earlier)
        prev = [x for x in earlier if (x.c["annee_debut"] or 0) == last]
        line.previous = ", ".join(x.c["id"] for x in prev)
        # The previous generation must cover the same territory: every pre-2016 region merged into this one.
        needed = {t.key for key in line.current for t in ctx.xref.territories.predecessors(key)} or set(line.current)
        covered = {t.key for x in prev for t in x.regions}
        before = sum(x.total or 0 for x in prev)
        if not needed <= covered | set(line.current) or any(x.total is None for x in prev):
            missing = len(needed - covered)
            line.change_note = (f"non calculée : la génération précédente n’est connue que pour une partie du "
                                f"territoire ({fmt.plural(missing, 'région')} d’avant 2016 sans contrat au catalogue)")
        elif before:
            line.change = round(100 * (line.total - before) / before, 1)
    return sorted(out, key=lambda x: (fmt.sort_key(", ".join(t.nom for t in x.regions)), x.c["annee_debut"] or 0))


def _record(line: Line) -> dict:
    c = line.c
    return {"contrat_id": c["id"], "contrat": c["titre"], "famille": c["famille"], "generation": c["generation"],
            "periode": fmt.period(c["annee_debut"], c["annee_fin"]), "region": ", ".join(t.nom for t in line.regions),
            "total_eur": line.total, "total_forme": fmt.amount(c, "total_") or "", "etat_eur": line.etat,
            "region_eur": line.region, "population": line.population, "par_habitant_eur": line.per_head,
            "niveau_preuve": line.tier, "evolution_pct": line.change, "contrat_precedent": line.previous}


def _aggregate(lines: list[Line]) -> list[dict]:
    """Sums within each family and generation only (never across periods)."""
    groups: dict[tuple, list[Line]] = {}
    for x in lines:
        groups.setdefault((x.c["famille"], x.c["generation"] or 0, fmt.period(x.c["annee_debut"], x.c["annee_fin"])),
                          []).append(x)
    out = []
    for (family, gen, period), xs in sorted(groups.items(), key=lambda kv: (fmt.sort_key(kv[0][0]), kv[0][1], kv[0][2])):
        total = [x.total for x in xs if x.total is not None]
        out.append({"famille": family, "generation": gen or None, "periode": period, "contrats": len(xs),
                    "contrats_chiffres": len(total), "total_eur": sum(total) if total else None,
                    "etat_eur": sum(x.etat for x in xs if x.etat is not None) or None,
                    "region_eur": sum(x.region for x in xs if x.region is not None) or None})
    return out


AGGREGATE_COLUMNS = [("famille", "Famille", "string"), ("generation", "Génération", "integer"),
                     ("periode", "Période", "string"), ("contrats", "Contrats", "integer"),
                     ("contrats_chiffres", "Contrats chiffrés", "integer"), ("total_eur", "Total (euros)", "integer"),
                     ("etat_eur", "État (euros)", "integer"), ("region_eur", "Régions (euros)", "integer")]


def _table(name: str, title: str, columns: list[tuple[str, str, str]], rows: list[dict]) -> Table:
    fields = [{"name": n, "title": t, "type": k} for n, t, k in columns]
    return Table(name, {"name": name, "title": title, "schema": {"fields": fields}}, rows)


def _map(ctx: Context, lines: list[Line]) -> str:
    """Choropleth of the current regions by total per inhabitant (latest generation of each region)."""
    latest: dict[str, Line] = {}
    for x in lines:
        if x.per_head is None or len(x.current) != 1:
            continue
        key = x.current[0]
        if key not in latest or (x.c["annee_debut"] or 0) > (latest[key].c["annee_debut"] or 0):
            latest[key] = x
    if not latest:
        return empty("Carte par habitant indisponible : les populations des régions ne sont pas encore publiées "
                     "dans le référentiel des territoires.")
    values = sorted(x.per_head for x in latest.values())
    bounds = [values[min(len(values) - 1, round(k * (len(values) - 1) / 3))] for k in range(4)]

    def shade(v: int) -> str:
        return SHADES[max(k for k in range(4) if v >= bounds[k])]

    shapes = ctx.layers.layer("regions")
    paths = []
    for key, x in sorted(latest.items()):
        code = ctx.xref.territories.by_key[key].code
        s = shapes.get(code)
        if s and s.d:
            paths.append(f'<path d="{s.d}" fill="{shade(x.per_head)}"><title>{esc(s.nom)} : '
                         f'{esc(fmt.euros(x.per_head))} par habitant</title></path>')
    label = "Carte : total par habitant du dernier contrat de chaque région"
    svg = (f'<svg class="carte__svg" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {TOTAL_HEIGHT}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{esc(label)}</title>{ctx.layers.base("regions")}'
           f'<g stroke="#ffffff" stroke-width="0.8">{"".join(paths)}</g></svg>')
    legend = "".join(f'<li><span class="legende__case" style="background:{SHADES[k]}"></span> '
                     f'{esc("à partir de " + fmt.euros(bounds[k]))}</li>' for k in range(4) if k == 0 or bounds[k] != bounds[k - 1])
    rows = [[esc(ctx.xref.territories.by_key[k].nom), esc(x.c["titre"]), esc(fmt.euros(x.per_head))]
            for k, x in sorted(latest.items(), key=lambda kv: fmt.sort_key(ctx.xref.territories.by_key[kv[0]].nom))]
    return figure(svg, "Total du contrat le plus récent de chaque région, divisé par sa population. Outre-mer : voir le "
                  "tableau.", table(["Région", "Contrat", "Par habitant"], rows, numeric=[2]), "carte",
                  extra=f'<ul class="legende">{legend}</ul>')


def compare_page(ctx: Context) -> Page:
    """The Comparer page."""
    page = Page(links.COMPARER, "Comparer les contrats de plan",
                "CPER, CPIER et contrats des outre-mer comparés par région et par génération : total, part de l’État "
                "et de la Région, montant par habitant, niveau de preuve, évolution d’une génération à l’autre.")
    page.filters = ["rubrique:Comparer"]
    page.hide = ["toc"]  # the table needs the width
    page.h1("Comparer les contrats de plan")
    lines = compare_lines(ctx)
    page.html("<p>Les contrats de plan État-Région (CPER), interrégionaux (CPIER) et des outre-mer du catalogue, "
              "région par région et génération par génération. Les montants sont ceux que les documents énoncent ; "
              "les sommes ne portent jamais sur des contrats de périodes différentes. Filtrez, triez, puis "
              "téléchargez exactement les lignes affichées.</p>")
    if not lines:
        page.html(empty("Aucun contrat de plan n’est encore au catalogue."))
        return page
    records = [_record(x) for x in lines]
    folder = links.COMPARER
    rows_table = _table("comparaison", "Comparaison des contrats de plan", COLUMNS, records)
    agg_table = _table("par_generation", "Totaux par famille et génération", AGGREGATE_COLUMNS, _aggregate(lines))
    about = [("Source", "Contrats territoriaux ouverts"), ("Version du catalogue", ctx.data.version),
             ("Note", "Totaux par habitant : total énoncé divisé par la population légale de la région.")]
    page.extra_files[f"{folder}comparaison.csv"] = excel_csv(rows_table)
    page.extra_files[f"{folder}comparaison-par-generation.csv"] = excel_csv(agg_table)
    page.extra_files[f"{folder}comparaison.xlsx"] = xlsx_bytes(
        Package(ctx.data.root, {}, {"comparaison": rows_table, "par_generation": agg_table}), about)
    families = sorted({x.c["famille"] for x in lines}, key=fmt.sort_key)
    gens = sorted({fmt.period(x.c["annee_debut"], x.c["annee_fin"]) for x in lines})
    options = lambda values: "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)  # noqa: E731
    page.html(
        '<form class="filtres" id="filtres-comparer" role="search" aria-label="Filtrer la comparaison">\n'
        '<div class="filtres__champ"><label for="cmp-texte">Région ou contrat</label>'
        '<input id="cmp-texte" type="search" autocomplete="off"></div>\n'
        f'<div class="filtres__champ"><label for="cmp-famille">Famille</label><select id="cmp-famille">'
        f'<option value="">Toutes</option>{options(families)}</select></div>\n'
        f'<div class="filtres__champ"><label for="cmp-periode">Période</label><select id="cmp-periode">'
        f'<option value="">Toutes</option>{options(gens)}</select></div>\n'
        '<div class="filtres__champ filtres__action"><button type="reset" class="md-button">Tout afficher</button></div>\n'
        "</form>")
    page.html(f'<p id="compte-comparer" class="compte" aria-live="polite">{esc(fmt.plural(len(lines), "contrat"))}</p>')
    page.html('<p class="actions" data-pagefind-ignore="all">'
              '<button type="button" class="md-button md-button--primary" id="cmp-csv">Télécharger les lignes affichées '
              '(CSV)</button> '
              f'{page.link(folder + "comparaison.xlsx", "Tableau complet (XLSX)", class_="md-button", download="")} '
              f'{page.link(folder + "comparaison-par-generation.csv", "Totaux par génération (CSV)", class_="md-button", download="")}'
              "</p>")
    headers = ["Région(s)", "Contrat", "Période", "Total", "État", "Région", "Par habitant", "Preuves", "Évolution"]
    body = []
    for x, rec in zip(lines, records):
        change = (f"{'+' if x.change > 0 else ''}{fmt.number(x.change)}\u00a0%" if x.change is not None else
                  ("n.c." if x.change_note else "—"))
        cells = [
            (rec["region"], esc(rec["region"]) or '<span class="vide">—</span>'),
            (x.c["titre"], page.link(links.contract(x.c["id"]), x.c["titre"])),
            (rec["periode"], esc(rec["periode"])),
            (x.total or "", esc(fmt.euros_short(x.total)) if x.total else '<span class="vide">non indiqué</span>'),
            (x.etat or "", esc(fmt.euros_short(x.etat))), (x.region or "", esc(fmt.euros_short(x.region))),
            (x.per_head or "", esc(fmt.euros(x.per_head)) if x.per_head else '<span class="vide">—</span>'),
            (x.tier, esc(f"niveau {x.tier}")),
            (x.change if x.change is not None else "", esc(change) + (f'<br><span class="petit">{esc(x.change_note)}</span>'
                                                                      if x.change_note else "")),
        ]
        num = ' class="nombre"'
        tds = " ".join(f'<td data-label="{esc(h)}" data-valeur="{esc(v)}"{num if i >= 3 and i != 7 else ""}>'
                       f"{html}</td>" for i, (h, (v, html)) in enumerate(zip(headers, cells)))
        body.append(f'<tr data-famille="{esc(x.c["famille"])}" data-periode="{esc(rec["periode"])}" '
                    f'data-texte="{esc(rec["region"] + " " + x.c["titre"])}" '
                    f'data-ligne="{esc(json.dumps([rec[n] for n, _, _ in COLUMNS], ensure_ascii=False))}">{tds}</tr>')
    head = "".join(f'<th scope="col"><button type="button" class="tri">{esc(h)}</button></th>' for h in headers)
    columns = esc(json.dumps([n for n, _, _ in COLUMNS]))
    page.html(f'<div class="empile"><table id="table-comparer" data-colonnes="{columns}">\n<thead data-pagefind-ignore>'
              f'<tr>{head}</tr></thead>\n<tbody>\n' + "\n".join(body) + "\n</tbody>\n</table></div>")
    page.section("Total par contrat", "graphique")
    bars = [Bar(f"{', '.join(t.nom for t in x.regions) or x.c['titre']} {fmt.period(x.c['annee_debut'], x.c['annee_fin'])}",
                x.total, fmt.euros_short(x.total)) for x in sorted(lines, key=lambda x: -(x.total or 0)) if x.total]
    if bars:
        page.html(figure(bar_chart(bars, "Total des contrats de plan comparés"),
                         "Totaux énoncés par les documents (ou somme des engagements des parties), par région et période.",
                         table(["Contrat", "Total"], [[esc(b.label), esc(b.text)] for b in bars], numeric=[1]),
                         files=ChartFiles("totaux", ["contrat", "total"], [[b.label, b.value] for b in bars]), page=page))
    page.section("Carte par habitant", "carte")
    page.html(_map(ctx, lines))
    return page
