"""Territories of the reference package: page keys, names, successors (2016 merger) and départements of regions."""

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

    @property
    def layer(self) -> str:
        """GeoJSON layer that draws this territory."""
        if self.type == "departement":
            return "departements"
        return "regions-2015" if self.ancien else "regions"

    @property
    def kind(self) -> str:
        """French kind label: région, région (avant 2016), département."""
        if self.type == "departement":
            return "département"
        return "région d’avant 2016" if self.ancien else "région"

    @property
    def label(self) -> str:
        """Name with its kind, unambiguous across the 2016 merger."""
        if self.type == "departement":
            return f"{self.nom} ({self.code})"
        return f"{self.nom} (avant 2016)" if self.ancien else self.nom


def region_key(code: str, old: bool) -> str:
    """Page key of a region."""
    return f"region-{code}-avant-2016" if old else f"region-{code}"


def departement_key(code: str) -> str:
    """Page key of a département."""
    return f"departement-{code.lower()}"


@dataclass
class Territories:
    """All reference territories by key, with lookups by INSEE code and COG vintage."""

    by_key: dict[str, Territory] = field(default_factory=dict)

    def resolve(self, type_: str | None, code: str | None, millesime: int | None) -> Territory | None:
        """The territory a (type, code, vintage) triple of the data designates."""
        if not type_ or not code:
            return None
        if type_ == "departement":
            return self.by_key.get(departement_key(code))
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
                      if d.get("code_region_avant_2016") else None)
        out.by_key[t.key] = t
    return out
