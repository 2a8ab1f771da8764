"""Territories of the reference package: page keys, names, successors (2016 merger), départements of regions, and
the EPCI and communes the catalogue names (commune → EPCI → département → région)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fmt
from .data import Package

LAST_OLD_VINTAGE = 2015


@dataclass(frozen=True)
class Territory:
    """A region (current or before 2016) or a département, as the site shows it."""

    key: str
    type: str
    code: str
    nom: str
    ancien: bool = False
    successeur: str | None = None
    region: str | None = None
    region_avant_2016: str | None = None
    departement: str | None = None  # EPCI (main département) and commune
    epci: str | None = None  # commune
    zone: str = "metro"

    @property
    def layer(self) -> str:
        """GeoJSON layer that draws this territory."""
        if self.type in ("departement", "epci", "commune"):
            return "departements"
        return "regions-2015" if self.ancien else "regions"

    @property
    def kind(self) -> str:
        """French kind label: région, région (avant 2016), département."""
        if self.type == "departement":
            return "collectivité d’outre-mer" if self.zone == "com" else "département"
        if self.type == "epci":
            return "intercommunalité (EPCI)"
        if self.type == "commune":
            return "commune"
        return "région d’avant 2016" if self.ancien else "région"

    @property
    def label(self) -> str:
        """Name with its kind, unambiguous across the 2016 merger."""
        if self.type in ("departement", "commune"):
            return f"{self.nom} ({self.code})"
        if self.type == "epci":
            return self.nom
        return f"{self.nom} (avant 2016)" if self.ancien else self.nom


def region_key(code: str, old: bool) -> str:
    """Page key of a region."""
    return f"region-{code}-avant-2016" if old else f"region-{code}"


def departement_key(code: str) -> str:
    """Page key of a département."""
    return f"departement-{code.lower()}"


def epci_key(siren: str) -> str:
    """Page key of an EPCI."""
    return f"epci-{siren}"


def commune_key(code: str) -> str:
    """Page key of a commune."""
    return f"commune-{code.lower()}"


@dataclass
class Territories:
    """All reference territories by key, with lookups by INSEE code and COG vintage. EPCI and communes enter
    `by_key` only when the data names them (resolve), from the reference's rows of the nearest vintage."""

    by_key: dict[str, Territory] = field(default_factory=dict)
    epci_rows: dict[str, dict[int, dict]] = field(default_factory=dict)
    commune_rows: dict[str, dict] = field(default_factory=dict)

    def _epci(self, code: str) -> Territory | None:
        key = epci_key(code)
        if key not in self.by_key:
            rows = self.epci_rows.get(code)
            if not rows:
                return None
            r = rows[max(rows)]  # the page shows the latest name and département
            dep = self.by_key.get(departement_key(r["code_departement"])) if r["code_departement"] else None
            self.by_key[key] = Territory(key, "epci", code, r["nom"], departement=dep.key if dep else None,
                                         region=dep.region if dep else None, zone=dep.zone if dep else "metro")
        return self.by_key[key]

    def _commune(self, code: str) -> Territory | None:
        key = commune_key(code)
        if key not in self.by_key:
            r = self.commune_rows.get(code)
            if r is None:
                return None
            dep = self.by_key.get(departement_key(r["code_departement"])) if r["code_departement"] else None
            epci = self._epci(r["siren_epci"]) if r["siren_epci"] else None
            self.by_key[key] = Territory(key, "commune", code, r["nom"], departement=dep.key if dep else None,
                                         region=dep.region if dep else None, epci=epci.key if epci else None,
                                         zone=dep.zone if dep else "metro")
        return self.by_key[key]

    def resolve(self, type_: str | None, code: str | None, millesime: int | None) -> Territory | None:
        """The territory a (type, code, vintage) triple of the data designates."""
        if not type_ or not code:
            return None
        if type_ == "departement":
            return self.by_key.get(departement_key(code))
        if type_ == "epci":
            return self._epci(code)
        if type_ == "commune":
            return self._commune(code)
        old = millesime is not None and millesime <= LAST_OLD_VINTAGE
        return self.by_key.get(region_key(code, old)) or self.by_key.get(region_key(code, not old))

    def regions(self, old: bool) -> list[Territory]:
        """Current regions, or regions before 2016, sorted by name."""
        return sorted((t for t in self.by_key.values() if t.type == "region" and t.ancien == old), key=lambda t: fmt.sort_key(t.nom))

    def departements(self) -> list[Territory]:
        """Départements sorted by code."""
        return sorted((t for t in self.by_key.values() if t.type == "departement"), key=lambda t: t.code)

    def predecessors(self, key: str) -> list[Territory]:
        """Regions before 2016 merged into this current region."""
        return [t for t in self.regions(True) if t.successeur == key]

    def ancestors(self, t: Territory) -> list[Territory]:
        """The territories containing this one: its EPCI, département, region, and for a current region none."""
        keys = [t.epci, t.departement, t.region] if t.type in ("commune", "epci") else \
            [t.region] if t.type == "departement" else []
        return [self.by_key[k] for k in dict.fromkeys(keys) if k and k in self.by_key]

    def epcis(self) -> list[Territory]:
        """EPCI the data names, sorted by name."""
        return sorted((t for t in self.by_key.values() if t.type == "epci"), key=lambda t: t.nom)

    def departements_of(self, key: str) -> list[Territory]:
        """Départements of a region (current or before 2016)."""
        t = self.by_key[key]
        attr = "region_avant_2016" if t.ancien else "region"
        return [d for d in self.departements() if getattr(d, attr) == key]


def load_territories(reference: Package) -> Territories:
    """Build the territories from the reference package: regions before 2016, and the last vintage's regions and
    départements (overseas collectivities included)."""
    out = Territories()
    regions = reference.rows("regions")
    latest = max(int(r["millesime"]) for r in regions)
    for r in regions:
        year = int(r["millesime"])
        old = year <= LAST_OLD_VINTAGE
        if not old and year != latest:
            continue
        successor = region_key(r["code_successeur"], False) if old and r.get("code_successeur") else None
        t = Territory(region_key(r["code"], old), "region", r["code"], r["nom"], old, successor)
        out.by_key[t.key] = t
    for d in reference.rows("departements"):
        if int(d["millesime"]) != latest:
            continue
        t = Territory(departement_key(d["code"]), "departement", d["code"], d["nom"],
                      region=region_key(d["code_region"], False) if d.get("code_region") else None,
                      region_avant_2016=region_key(d["code_region_avant_2016"], True)
                      if d.get("code_region_avant_2016") else None, zone=d.get("zone") or "metro")
        out.by_key[t.key] = t
    if "epci" in reference.tables:
        for e in reference.rows("epci"):
            out.epci_rows.setdefault(e["siren"], {})[int(e["millesime"])] = e
    if "communes" in reference.tables:
        out.commune_rows = {c["code"]: c for c in reference.rows("communes")}
    return out
