"""Coverage page: which contracts the catalogue documents, region by generation, and how (tier of evidence)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .. import fmt, links
from ..context import Context
from ..data import Row
from ..fmt import esc
from ..page import Page, badge, table
from ..territories import LAST_OLD_VINTAGE

# Generations shown as columns: CPER of current regions (since 2016) and of former regions (until 2015).
CURRENT_GENERATIONS = {7: "2021-2027"}
FORMER_GENERATIONS = {6: "2015-2020", 5: "2007-2013"}
# Overseas territories have no row in the metropolitan reference (yet): matched by their COG region code or their name.
OVERSEAS = {"01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte"}
OTHER_FAMILIES = {"CPIER": "Contrats de plan interrégionaux (CPIER)", "pacte territorial": "Pactes territoriaux",
                  "CRTE": "Contrats de relance et de transition écologique (CRTE)",
                  "contrat de réciprocité": "Contrats de réciprocité", "accord-cadre": "Accords-cadres",
                  "accord de partenariat": "Accords de partenariat", "autre": "Autres contrats et conventions"}
# Generation of a CPER that does not state it, from its first year (the 2015-2020 generation began in 2014 in places).
GENERATION_BY_START = {1984: 1, 1989: 2, 1994: 3, 2000: 4, 2007: 5, 2014: 6, 2015: 6, 2021: 7}
STATUS_LABELS = {"documente": ("documenté", "ok"), "partiel": ("partiellement documenté", "alerte"),
                 "manquant": ("manquant", "neutre")}


@dataclass(frozen=True)
class Cell:
    """What the catalogue holds for one coverage cell: its contracts, their status and evidence tiers."""

    contracts: tuple[str, ...]
    status: str  # documente, partiel or manquant
    tiers: tuple[int, ...]


def contract_status(ctx: Context, c: Row) -> str:
    """documente: a stated total and at least one party's amount or share; partiel: anything less."""
    lines = [f for f in ctx.data.of(c["id"], "financements") if f["partie_id"] and f["engagement_global"]]
    return "documente" if c["total_qualificatif"] and lines else "partiel"


def contract_tiers(ctx: Context, cid: str) -> tuple[int, ...]:
    """Evidence tiers used by a contract (1: quotes from held documents, 2: public pages)."""
    return tuple(sorted({int(p["niveau"]) for p in ctx.data.of(cid, "preuves")}))


def cell(ctx: Context, contracts: list[Row]) -> Cell:
    """The coverage of a group of contracts: the best status among them."""
    if not contracts:
        return Cell((), "manquant", ())
    statuses = {contract_status(ctx, c) for c in contracts}
    tiers = sorted({t for c in contracts for t in contract_tiers(ctx, c["id"])})
    return Cell(tuple(c["id"] for c in contracts), "documente" if "documente" in statuses else "partiel", tuple(tiers))


def generation_of(c: Row) -> int | None:
    """A contract's generation as stated, else derived from its first year (covered period, else title)."""
    if c["generation"]:
        return c["generation"]
    start = c["annee_debut"] or next((int(y) for y in re.findall(r"\b((?:19|20)\d\d)-(?:19|20)\d\d\b", c["titre"])), None)
    return GENERATION_BY_START.get(start)


def _regions(ctx: Context, contract_id: str) -> set[tuple[str, int]]:
    return {(t["code_insee"], t["millesime_cog"]) for t in ctx.data.of(contract_id, "territoires")
            if t["type_territoire"] == "region"}


def region_matrix(ctx: Context) -> tuple[list[tuple[Row, dict[int, Cell]]], list[tuple[Row, dict[int, Cell]]]]:
    """(current regions × CURRENT_GENERATIONS, former regions × FORMER_GENERATIONS) from the catalogue's CPERs."""
    by_key: dict[tuple[str, bool, int], list[Row]] = defaultdict(list)
    for c in ctx.data.contracts:
        generation = generation_of(c)
        if c["famille"] != "CPER" or generation is None:
            continue
        for code, vintage in _regions(ctx, c["id"]):
            by_key[(code, vintage <= 2015, generation)].append(c)
    current, former = [], []
    rows = [r for r in ctx.data.reference.rows("regions") if r.get("zone", "metro") == "metro"]
    latest = max(int(r["millesime"]) for r in rows)
    for r in sorted(rows, key=lambda r: r["nom"]):
        old = int(r["millesime"]) <= LAST_OLD_VINTAGE
        if not old and int(r["millesime"]) != latest:
            continue  # one row per current region: its latest vintage
        gens = FORMER_GENERATIONS if old else CURRENT_GENERATIONS
        (former if old else current).append((r, {g: cell(ctx, by_key.get((r["code"], old, g), [])) for g in gens}))
    return current, former


def overseas_rows(ctx: Context) -> list[tuple[str, list[Row]]]:
    """Overseas territories with the contracts that name them (by COG region code, else by name in the title)."""
    out = []
    for code, name in OVERSEAS.items():
        found = [c for c in ctx.data.contracts
                 if any(k == code for k, _ in _regions(ctx, c["id"])) or name.lower() in c["titre"].lower()]
        out.append((name, found))
    return out


def _cell_html(ctx: Context, page: Page, cl: Cell, key: str) -> str:
    label, kind = STATUS_LABELS[cl.status]
    tiers = {(1,): "niveau 1", (2,): "niveau 2", (1, 2): "niveaux 1 et 2"}.get(cl.tiers, "")
    links_ = "<br>".join(ctx.contract_link(page, cid) for cid in cl.contracts)
    extra = f' <span class="petit">({esc(tiers)})</span>' if tiers else ""
    return (f'<span class="couverture" data-cellule="{esc(key)}" data-statut="{esc(cl.status)}">'
            f'{badge(label, kind)}{extra}</span>' + (f"<br>{links_}" if links_ else ""))


def _list(ctx: Context, page: Page, contracts: list[Row], key: str) -> str:
    rows = []
    for c in sorted(contracts, key=lambda c: (c["annee_debut"] or 0, c["generation"] or 0, c["titre"])):
        rows.append([ctx.contract_link(page, c["id"]), esc(str(c["generation"] or "")),
                     _cell_html(ctx, page, cell(ctx, [c]), f"{key}:{c['id']}").split("<br>")[0]])
    return table(["Contrat", "Génération", "Couverture"], rows)


def coverage_page(ctx: Context) -> Page:
    """Build the coverage page."""
    page = Page(links.COUVERTURE, "Couverture du catalogue",
                "Ce que le catalogue documente : contrats de plan État-Région par région et par génération, contrats "
                "interrégionaux, outre-mer, pactes ; documenté, partiellement documenté ou manquant.")
    page.filters = ["rubrique:Couverture"]
    page.h1("Couverture du catalogue")
    page.html("<p>Pour chaque région et chaque génération de contrats de plan, ce que le catalogue contient : "
              "<strong>documenté</strong> (un total annoncé et l’engagement d’au moins une partie), "
              "<strong>partiellement documenté</strong> (le contrat est connu, mais il manque le total ou les "
              "engagements), ou <strong>manquant</strong>. Le niveau de preuve dit d’où viennent les chiffres : "
              "niveau 1, citations vérifiées dans le texte d’un document que le projet détient ; niveau 2, chiffres "
              "publiés sur des pages publiques, repris tels qu’écrits avec l’adresse de la page. Une case manquante "
              "est une invitation à contribuer.</p>")
    current, former = region_matrix(ctx)
    page.section("Régions actuelles", "regions-actuelles")
    page.html(table(["Région"] + [f"CPER {v}" for v in CURRENT_GENERATIONS.values()],
                    [[esc(r["nom"])] + [_cell_html(ctx, page, cl, f"{r['code']}@actuelle:{g}")
                                        for g, cl in cells.items()] for r, cells in current],
                    css_class="tableau-couverture"))
    page.section("Anciennes régions (avant 2016)", "anciennes-regions")
    page.html(table(["Région"] + [f"CPER {v}" for v in FORMER_GENERATIONS.values()],
                    [[esc(r["nom"])] + [_cell_html(ctx, page, cl, f"{r['code']}@ancienne:{g}") for g, cl in cells.items()]
                     for r, cells in former], css_class="tableau-couverture"))
    page.section("Outre-mer", "outre-mer")
    page.html(table(["Territoire", "Contrats"], [
        [esc(name), _cell_html(ctx, page, cell(ctx, found), f"outre-mer:{name}")] for name, found in overseas_rows(ctx)],
        css_class="tableau-couverture"))
    national = [c for c in ctx.data.contracts if c["famille"] == "CPER" and not _regions(ctx, c["id"])
                and not any(n.lower() in c["titre"].lower() for n in OVERSEAS.values())]
    if national:
        page.section("Séries nationales", "series-nationales")
        page.html(_list(ctx, page, national, "national"))
    for family, heading in OTHER_FAMILIES.items():
        found = [c for c in ctx.data.contracts if c["famille"] == family]
        if found:
            page.section(heading, "famille-" + fmt.slugify(family))
            page.html(_list(ctx, page, found, family))
    return page
