"""Cross-references between tables: territories ↔ contracts, parties across contracts, commitments of each party."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import fmt
from .data import Row, SiteData
from .territories import Territories, Territory, load_territories

# Why a contract appears on a territory page, strongest first.
COUVRE = "couvre ce territoire"
DEPARTEMENT = "couvre un de ses départements"
REGION = "couvre sa région"
PREDECESSEUR = "couvre une région fusionnée dans celle-ci en 2016"
SUCCESSEUR = "couvre la région issue de la fusion de 2016"
PARTIE = "a pour partie une collectivité de ce territoire"
EPCI = "couvre une de ses intercommunalités"
COMMUNE = "couvre une de ses communes"
DEPARTEMENT_PARENT = "couvre son département"
# Reasons that place a contract inside a territory: the catalogue's territory filter follows them (choosing a region
# shows the contracts of its départements, EPCI and communes, and of the regions merged into it in 2016).
INSIDE = (COUVRE, DEPARTEMENT, PREDECESSEUR, EPCI, COMMUNE)
OPERATION = "y situe des opérations"


@dataclass
class PartyGroup:
    """One organisation across every contract it takes part in."""

    slug: str
    nom: str
    type: str
    siren: str | None
    rows: list[Row] = field(default_factory=list)

    @property
    def contract_ids(self) -> list[str]:
        """Contracts the organisation is party to, in catalogue order."""
        return list(dict.fromkeys(r["contrat_id"] for r in self.rows))


@dataclass
class CrossRef:
    """Every derived index the pages need."""

    territories: Territories
    contract_territories: dict[str, list[Territory]]
    territory_links: dict[str, dict[str, list[str]]]
    parties: dict[str, PartyGroup]
    party_slug: dict[tuple[str, str], str]
    incoming: dict[str, list[Row]]
    citing: dict[str, list[str]]
    cited: dict[str, list[str]] = field(default_factory=dict)  # contrat_id → documents it cites, in citing order
    within: dict[str, list[Territory]] = field(default_factory=dict)  # contrat_id → territories it lies within

    def filter_labels(self, contract_id: str) -> list[str]:
        """Labels of every territory the contract lies within (the catalogue's hierarchical filter)."""
        return [t.label for t in self.within.get(contract_id, [])]

    def region_counts(self) -> dict[str, int]:
        """Contracts covering all or part of each current region (itself, its départements, its pre-2016 regions)."""
        out = {}
        for t in self.territories.regions(False):
            linked = self.territory_links.get(t.key, {})
            out[t.code] = sum(any(r in INSIDE for r in reasons) for reasons in linked.values())
        return out

    def territory_pages(self) -> list[Territory]:
        """Territories that get a page: every region, and départements, EPCI and communes linked to a contract."""
        return [t for t in self.territories.by_key.values()
                if t.type == "region" or self.territory_links.get(t.key)]


def commitments(data: SiteData, contract_id: str, party_id: str) -> list[Row]:
    """Whole-contract commitments of one party, as the package marks them (financements.engagement_global)."""
    return [f for f in data.of(contract_id, "financements") if f["partie_id"] == party_id and f["engagement_global"]]


def primary_commitment(lines: list[Row]) -> Row | None:
    """The one line that stands for a party's commitment to a whole contract (one bar per party, a contract counted
    once): the line counted in the sum of commitments (financements.dans_somme_engagements), else the first line with an amount; the others are its details
    (« dont au moins … de crédits nouveaux »)."""
    priced = [f for f in lines if f["montant_eur"] is not None or f["montant_min_eur"] is not None]
    return next((f for f in priced if f.get("dans_somme_engagements")), priced[0] if priced else None)


def organisations(groups: dict[str, PartyGroup]) -> list[PartyGroup]:
    """Organisations party to contracts (groups of parties, such as « Toulouse et Montpellier », left out): the one
    count every page gives."""
    return [g for g in groups.values() if g.type != "groupe"]


def _party_key(row: Row) -> str:
    return f"siren:{row['siren']}" if row.get("siren") else f"nom:{fmt.slugify(row['nom'])}"


def _group_parties(data: SiteData) -> tuple[dict[str, PartyGroup], dict[tuple[str, str], str]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in data.catalogue.rows("parties"):
        groups[_party_key(row)].append(row)
    out: dict[str, PartyGroup] = {}
    by_row: dict[tuple[str, str], str] = {}
    for key in sorted(groups, key=lambda k: (fmt.slugify(groups[k][0]["nom"]), k)):
        rows = groups[key]
        first = rows[0]
        slug = fmt.slugify(first["nom"])
        if first["type"] == "groupe":
            slug = f"{slug}-{first['contrat_id']}"
        base, n = slug, 2
        while slug in out:
            slug, n = f"{base}-{n}", n + 1
        out[slug] = PartyGroup(slug, first["nom"], first["type"], first.get("siren"), rows)
        for r in rows:
            by_row[(r["contrat_id"], r["partie_id"])] = slug
    return out, by_row


def build_crossref(data: SiteData) -> CrossRef:
    """Compute territory, party, relation and citation indexes from the catalogue."""
    terr = load_territories(data.reference)
    contract_territories: dict[str, list[Territory]] = defaultdict(list)
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def link(t: Territory | None, contract_id: str, why: str) -> None:
        if t is not None and why not in links[t.key][contract_id]:
            links[t.key][contract_id].append(why)

    for row in data.catalogue.rows("territoires"):
        t = terr.resolve(row["type_territoire"], row["code_insee"], row["millesime_cog"])
        if t is None:
            continue
        cid = row["contrat_id"]
        contract_territories[cid].append(t)
        link(t, cid, COUVRE)
        if t.type == "departement":
            link(terr.by_key.get(t.region or ""), cid, DEPARTEMENT)
            link(terr.by_key.get(t.region_avant_2016 or ""), cid, DEPARTEMENT)
        elif t.type in ("epci", "commune"):
            for up in terr.ancestors(t):
                link(up, cid, EPCI if t.type == "epci" else COMMUNE)
        elif t.ancien:
            link(terr.by_key.get(t.successeur or ""), cid, PREDECESSEUR)
        else:
            for old in terr.predecessors(t.key):
                link(old, cid, SUCCESSEUR)
        if t.type == "region":
            for d in terr.departements_of(t.key):
                link(d, cid, REGION)
    # Named EPCI and communes also list the contracts of their département and region.
    for t in [t for t in terr.by_key.values() if t.type in ("epci", "commune")]:
        for up in terr.ancestors(t):
            for cid, reasons in list(links.get(up.key, {}).items()):
                if COUVRE in reasons:
                    link(t, cid, REGION if up.type == "region" else DEPARTEMENT_PARENT if up.type == "departement"
                         else EPCI)
    for row in data.catalogue.rows("parties"):
        link(terr.resolve(row["type_territoire"], row["code_insee"], row["millesime_cog"]), row["contrat_id"], PARTIE)
    for row in data.catalogue.rows("operations"):
        link(terr.resolve(row["type_territoire"], row["code_insee"], row["millesime_cog"]), row["contrat_id"], OPERATION)

    parties, party_slug = _group_parties(data)
    incoming: dict[str, list[Row]] = defaultdict(list)
    for rel in data.catalogue.rows("relations"):
        if rel["cible_id"]:
            incoming[rel["cible_id"]].append(rel)
    citing: dict[str, list[str]] = defaultdict(list)
    for p in data.catalogue.rows("preuves"):
        if p["document_id"] and p["contrat_id"] not in citing[p["document_id"]]:
            citing[p["document_id"]].append(p["contrat_id"])
    for c in data.contracts:
        if c["document_principal"] and c["id"] not in citing[c["document_principal"]]:
            citing[c["document_principal"]].append(c["id"])
    cited: dict[str, list[str]] = defaultdict(list)
    for doc_id, contract_ids in citing.items():
        for cid in contract_ids:
            cited[cid].append(doc_id)
    within: dict[str, list[Territory]] = defaultdict(list)
    for key, contracts in links.items():
        for cid, reasons in contracts.items():
            if any(r in INSIDE for r in reasons):
                within[cid].append(terr.by_key[key])
    for cid in within:
        within[cid].sort(key=lambda t: t.label.casefold())
    return CrossRef(terr, dict(contract_territories), {k: dict(v) for k, v in links.items()}, parties, party_slug,
                    dict(incoming), dict(citing), dict(cited), dict(within))
