"""Reference territories: the official COG vintages (pinned npm package) plus the project's pre-2016 regions."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

LAST_OLD_VINTAGE = 2015  # regions and départements up to this COG vintage come from sources/reference/
PACKAGE = "@etalab/decoupage-administratif"
ALIAS_PREFIX = "cog-"  # package.json aliases: "cog-2024": "npm:@etalab/decoupage-administratif@4.1.0"
OVERSEAS_REGIONS = {"01", "02", "03", "04", "06"}
# Party type → territory type of the reference that holds its SIREN (a métropole is an EPCI).
COLLECTIVITY_TYPES = {"region": "region", "departement": "departement", "epci": "epci", "metropole": "epci",
                      "commune": "commune"}


@dataclass(frozen=True)
class Territory:
    """A territory row of the reference with the COG vintages it is valid for."""

    type: str
    code: str
    nom: str
    millesime_debut: int
    millesime_fin: int
    code_region: str = ""
    code_successeur: str = ""
    code_departement: str = ""
    siren: str = ""
    population: int | None = None
    millesime_population: int | None = None
    zone: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # per-type columns (EPCI type, member count…)

    def get(self, name: str) -> str:
        """An extra column by name ('' when absent)."""
        return dict(self.extra).get(name, "")


@dataclass
class Reference:
    """All reference territories, indexed by (type, code) and vintage."""

    territories: list[Territory] = field(default_factory=list)
    vintages: tuple[int, ...] = ()  # official COG vintages, ascending
    versions: dict[int, str] = field(default_factory=dict)  # vintage → package version
    index: dict[tuple[str, str], list[Territory]] = field(default_factory=dict)
    communes: dict[int, dict[str, tuple]] = field(default_factory=dict)  # kept compact: ~35,000 per vintage
    fingerprint: str = ""

    def add(self, t: Territory) -> None:
        self.territories.append(t)
        self.index.setdefault((t.type, t.code), []).append(t)

    def nearest(self, millesime: int) -> int:
        """The pinned official vintage nearest to a year (the earlier one on a tie)."""
        return min(self.vintages, key=lambda v: (abs(v - millesime), v))

    def resolve(self, type_: str, millesime: int) -> int:
        """The vintage whose data checks a code of this type said to belong to COG `millesime`."""
        if type_ in ("region", "departement") and millesime <= LAST_OLD_VINTAGE:
            return millesime
        return self.nearest(millesime)

    def find(self, type_: str, code: str, millesime: int) -> Territory | None:
        """The territory with this type and code in the resolved vintage, if any."""
        year = self.resolve(type_, millesime)
        if type_ == "commune":
            row = self.communes.get(year, {}).get(code)
            return commune_territory(code, year, row) if row else None
        for t in self.index.get((type_, code), ()):
            if t.millesime_debut <= year <= t.millesime_fin:
                return t
        return None

    def __iter__(self):
        """Regions, départements and EPCI of every vintage (communes are reached through find/of_type)."""
        return iter(self.territories)

    def of_type(self, type_: str, millesime: int | None = None) -> list[Territory]:
        """Territories of a type (in one vintage when given), in reference order."""
        if type_ == "commune":
            years = [millesime] if millesime is not None else list(self.vintages)
            return [commune_territory(code, y, row) for y in years for code, row in sorted(self.communes.get(y, {}).items())]
        return [t for t in self.territories if t.type == type_
                and (millesime is None or t.millesime_debut <= millesime <= t.millesime_fin)]


def commune_territory(code: str, year: int, row: tuple) -> Territory:
    """A commune of one vintage as a Territory."""
    nom, region, dep, siren, pop, zone, epci = row
    zone = _zone("departement", dep, zone)
    return Territory("commune", code, nom, year, year, code_region="" if zone == "com" else region,
                     code_departement=dep, siren=siren, population=pop,
                     millesime_population=year if pop is not None else None, zone=zone, extra=(("siren_epci", epci),))


def vintage_note(reference: Reference, type_: str, millesime: int) -> str:
    """' (millésime le plus proche de N disponible)' when a code is checked against another vintage, else ''."""
    used = reference.resolve(type_, millesime)
    return "" if used == millesime else f" (COG {used}, millésime le plus proche de {millesime} disponible au référentiel)"


def lookup(reference: Reference, type_: str, code: str, millesime: int) -> Territory | None:
    """The reference territory with this type and code valid in the given COG vintage (or nearest), if any."""
    return reference.find(type_, code, millesime)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pinned_vintages(root: Path = paths.ROOT) -> dict[int, str]:
    """COG vintage → package version, from the npm aliases of package.json."""
    spec = json.loads((root / "package.json").read_text(encoding="utf-8"))
    out = {}
    for name, target in spec.get("dependencies", {}).items():
        if name.startswith(ALIAS_PREFIX) and target.startswith(f"npm:{PACKAGE}@"):
            out[int(name[len(ALIAS_PREFIX):])] = target.rsplit("@", 1)[1]
    return dict(sorted(out.items()))


def _json(root: Path, vintage: int, name: str) -> list[dict]:
    path = root / "node_modules" / f"{ALIAS_PREFIX}{vintage}" / "data" / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(f"{path.relative_to(root)} manquant : lancer « npm ci » (ou make data) pour installer "
                         f"{PACKAGE}, référentiel officiel des territoires") from None


def _populations(communes_by_vintage: dict[int, list[dict]], key) -> dict[int, dict[str, int | None]]:
    """Per vintage, the summed municipal population of each group (None when a commune lacks its figure)."""
    out: dict[int, dict[str, int | None]] = {}
    for year, communes in communes_by_vintage.items():
        sums: dict[str, int | None] = defaultdict(int)
        for c in communes:
            k = key(c)
            if k is None:
                continue
            if "population" not in c or sums[k] is None:
                sums[k] = None
            else:
                sums[k] += c["population"]  # type: ignore[operator]
        out[year] = dict(sums)
    return out


def _population_at(pops: dict[int, dict[str, int | None]], code: str, year: int) -> tuple[int | None, int | None]:
    """The population of a group at a vintage, or at the nearest vintage that has it complete."""
    for y in sorted(pops, key=lambda v: (abs(v - year), v)):
        value = pops[y].get(code)
        if value:
            return value, y
    return None, None


def _com_code(c: dict) -> str | None:
    com = c.get("collectiviteOutremer")
    return com["code"] if isinstance(com, dict) else None


def _dep_of(c: dict) -> str | None:
    return c.get("departement") or _com_code(c)


def _zone(type_: str, code: str, given: str | None) -> str:
    if given:
        return given
    if type_ == "region":
        return "drom" if code in OVERSEAS_REGIONS else "metro"
    return "drom" if code.startswith("97") and code < "977" else ("com" if len(code) == 3 else "metro")


def build_reference(sources: Path = paths.REFERENCE_SRC, root: Path = paths.ROOT) -> Reference:
    """Read the pinned official vintages from node_modules and the project's own rows from sources/reference."""
    ref = Reference()
    ref.versions = pinned_vintages(root)
    ref.vintages = tuple(ref.versions)
    collectivites = _read(sources / "collectivites.csv")
    sirens = {(r["type"], r["code"]): r for r in collectivites}

    def siren_of(type_: str, code: str, year: int) -> str:
        r = sirens.get((type_, code))
        return r["siren"] if r and (not r["depuis"] or int(r["depuis"]) <= year) else ""

    def collectivity(type_: str, code: str, year: int) -> tuple[tuple[str, str], ...]:
        r = sirens.get((type_, code))
        return (("nom_collectivite", r["nom"]),) if siren_of(type_, code, year) and r else ()

    communes = {y: [c for c in _json(root, y, "communes") if c.get("type") == "commune-actuelle"]
                for y in ref.vintages}
    dep_pop = _populations(communes, _dep_of)
    reg_pop = _populations(communes, lambda c: c.get("region"))
    departements_src = _read(sources / "departements.csv")
    old_region_of = {d["code"]: d["code_region_avant_2016"] for d in departements_src}
    first = ref.vintages[0]
    # Regions before 2016 (project data): population = sum of their départements at the first official vintage.
    for r in _read(sources / "regions.csv"):
        members = [d["code"] for d in departements_src if d["code_region_avant_2016"] == r["code"]]
        figures = [_population_at(dep_pop, d, first) for d in members]
        pop = sum(p for p, _ in figures) if figures and all(p for p, _ in figures) else None
        ref.add(Territory("region", r["code"], r["nom"], int(r["millesime_debut"]), int(r["millesime_fin"]),
                          code_successeur=r["code_successeur"], population=pop,
                          millesime_population=max(y for _, y in figures) if pop else None,
                          zone=_zone("region", r["code"], None)))
    for d in departements_src:  # départements before 2016 (COG vintages up to 2015)
        ref.add(Territory("departement", d["code"], d["nom"], int(d["millesime_debut"]), LAST_OLD_VINTAGE,
                          code_region=d["code_region_avant_2016"], zone=_zone("departement", d["code"], None)))
    for y in ref.vintages:
        regions = _json(root, y, "regions")
        for r in sorted(regions, key=lambda r: r["code"]):
            if r.get("zone") == "com":
                continue  # overseas collectivities are listed with the départements
            pop, py = _population_at(reg_pop, r["code"], y)
            ref.add(Territory("region", r["code"], r["nom"], y, y, siren=siren_of("region", r["code"], y),
                              population=pop, millesime_population=py, zone=_zone("region", r["code"], r.get("zone")),
                              extra=collectivity("region", r["code"], y)))
        for d in sorted(_json(root, y, "departements"), key=lambda d: d["code"]):
            zone = _zone("departement", d["code"], d.get("zone"))
            pop, py = _population_at(dep_pop, d["code"], y)
            ref.add(Territory("departement", d["code"], d["nom"], y, y,
                              code_region="" if zone == "com" else d["region"],
                              code_successeur=old_region_of.get(d["code"], ""),
                              siren=siren_of("departement", d["code"], y), population=pop,
                              millesime_population=py, zone=zone, extra=collectivity("departement", d["code"], y)))
        dep_of_commune = {c["code"]: _dep_of(c) for c in communes[y]}
        reg_of_dep = {d["code"]: d.get("region", "") for d in _json(root, y, "departements")}
        epci_of_commune: dict[str, str] = {}
        for e in sorted(_json(root, y, "epci"), key=lambda e: e["code"]):
            weights: dict[str, int] = defaultdict(int)
            for m in e["membres"]:
                epci_of_commune[m["code"]] = e["code"]
                dep = dep_of_commune.get(m["code"]) or ""
                weights[dep] += m.get("populationMunicipale") or 1
            main = max(sorted(weights), key=lambda k: weights[k]) if weights else ""
            ref.add(Territory("epci", e["code"], e["nom"], y, y, code_region=reg_of_dep.get(main, ""),
                              code_departement=main, siren=e["code"], population=e.get("populationMunicipale"),
                              millesime_population=y if e.get("populationMunicipale") else None,
                              zone=_zone("departement", main, None) if main else "",
                              extra=(("type_epci", e["type"]), ("mode_financement", e.get("modeFinancement", "")),
                                     ("codes_departements", ";".join(sorted(k for k in weights if k))),
                                     ("nombre_communes", str(len(e["membres"]))),
                                     ("population_totale", str(e.get("populationTotale", ""))))))
        ref.communes[y] = {c["code"]: (c["nom"], c.get("region", ""), _dep_of(c) or "", c.get("siren", ""),
                                       c.get("population"), c.get("zone") or "", epci_of_commune.get(c["code"], ""))
                           for c in communes[y]}
    return ref


def _fingerprint(sources: Path, root: Path) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for p in [root / "package.json", root / "package-lock.json"] + sorted(sources.glob("*.csv")):
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _cached(sources: Path, root: Path, fingerprint: str) -> Reference:
    """Built once per input fingerprint, pickled under build/cache/ (not versioned) for the next processes."""
    cache = paths.BUILD / "cache" / f"reference-{fingerprint[:16]}.pkl"
    try:
        ref = pickle.loads(cache.read_bytes())
        if isinstance(ref, Reference) and ref.fingerprint == fingerprint:
            return ref
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    ref = build_reference(sources, root)
    ref.fingerprint = fingerprint
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("reference-*.pkl"):
            old.unlink()
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(ref, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cache)
    except OSError:
        pass
    return ref


def load_reference(root: Path = paths.REFERENCE_SRC, project_root: Path = paths.ROOT) -> Reference:
    """All reference territories (built once per set of inputs, then read from the cache)."""
    return _cached(root.resolve(), project_root.resolve(), _fingerprint(root, project_root))


def _pop(t: Territory) -> dict:
    return {"population": t.population, "millesime_population": t.millesime_population}


def reference_rows(ref: Reference) -> dict[str, list[dict]]:
    """The published reference tables (communes of the last pinned vintage only), in a stable order."""
    latest = ref.vintages[-1]
    regions = sorted((t for t in ref.territories if t.type == "region"), key=lambda t: (t.millesime_fin, t.code))
    deps = sorted((t for t in ref.territories if t.type == "departement" and t.millesime_debut == t.millesime_fin),
                  key=lambda t: (t.millesime_debut, t.code))
    epcis = sorted((t for t in ref.territories if t.type == "epci"), key=lambda t: (t.millesime_debut, t.code))
    return {
        "regions": [{"code": t.code, "nom": t.nom, "millesime": t.millesime_fin, "zone": t.zone, "siren": t.siren,
                     "code_successeur": t.code_successeur, **_pop(t)} for t in regions],
        "departements": [{"code": t.code, "nom": t.nom, "millesime": t.millesime_debut, "zone": t.zone,
                          "code_region": t.code_region, "code_region_avant_2016": t.code_successeur,
                          "siren": t.siren, **_pop(t)} for t in deps],
        "epci": [{"siren": t.code, "nom": t.nom, "millesime": t.millesime_debut, "type_epci": t.get("type_epci"),
                  "mode_financement": t.get("mode_financement"), "code_departement": t.code_departement,
                  "codes_departements": t.get("codes_departements"), "code_region": t.code_region,
                  "nombre_communes": int(t.get("nombre_communes")), **_pop(t),
                  "population_totale": int(t.get("population_totale")) if t.get("population_totale") else None}
                 for t in epcis],
        "communes": [{"code": t.code, "nom": t.nom, "millesime": latest, "code_departement": t.code_departement,
                      "code_region": t.code_region, "siren": t.siren, "siren_epci": t.get("siren_epci"), **_pop(t)}
                     for t in ref.of_type("commune", latest)],
    }


def collectivity(reference: Reference, party) -> Territory | None:
    """The reference territory of a collectivity party (its territory, when of the same kind as the party)."""
    t = party.territoire
    if t is None or COLLECTIVITY_TYPES.get(party.type) != t.type:
        return None
    return reference.find(t.type, t.code, t.millesime)


def collectivity_siren(reference: Reference, party) -> str | None:
    """The SIREN the reference gives a collectivity party through its territory."""
    found = collectivity(reference, party)
    return found.siren if found and found.siren else None


def collectivity_name(reference: Reference, party) -> str | None:
    """The name the reference gives a collectivity party: « Région Hauts-de-France », « Toulouse Métropole »."""
    found = collectivity(reference, party)
    if found is None:
        return None
    return found.get("nom_collectivite") or (f"Commune de {found.nom}" if found.type == "commune" else found.nom)


def contract_year(c) -> int:
    """The year whose COG vintage a contract's SIRENs are checked against: signature, else start, else observation."""
    if c.signature and c.signature.date:
        return int(str(c.signature.date)[:4])
    if c.periode:
        return c.periode.debut
    return int(str(c.statut.date_observation)[:4])


def _ancestors(t: Territory) -> set[tuple[str, str]]:
    """The territories of the hierarchy commune → EPCI → département → région that contain this one."""
    out: set[tuple[str, str]] = set()
    if t.type == "commune" and t.get("siren_epci"):
        out.add(("epci", t.get("siren_epci")))
    if t.type in ("commune", "epci") and t.code_departement:
        out.add(("departement", t.code_departement))
    if t.type in ("commune", "epci", "departement") and t.code_region:
        out.add(("region", t.code_region))
    return out


def _population_near(reference: Reference, t: Territory, year: int) -> tuple[int | None, int | None]:
    """A territory's population at the vintage nearest to `year` (a former region: its own, summed in 2019)."""
    if t.millesime_debut != t.millesime_fin and t.population is not None:
        return t.population, t.millesime_population
    near = reference.nearest(year)
    if t.type == "commune":
        same = reference.find("commune", t.code, near)
    else:
        same = next((x for x in reference.index.get((t.type, t.code), ()) if x.millesime_debut == x.millesime_fin == near), None)
    chosen = same or t
    return chosen.population, chosen.millesime_population


def contract_population(reference: Reference, c) -> tuple[int | None, int | None]:
    """Population of the territories a contract covers, at the vintage of its date: the sum over the covered
    territories that no other covered territory contains; (None, None) when one is missing."""
    found = [reference.find(t.type, t.code, t.millesime) for t in c.territoires]
    if not found or any(t is None for t in found):
        return None, None
    keys = {(t.type, t.code) for t in found}
    tops = [t for t in found if not (_ancestors(t) & keys)]
    year = contract_year(c)
    figures = [_population_near(reference, t, year) for t in dict.fromkeys(tops)]
    if any(p is None for p, _ in figures):
        return None, None
    return sum(p for p, _ in figures), max(y for _, y in figures)


def per_inhabitant(amount: int | None, population: int | None) -> int | None:
    """Euros per inhabitant, rounded half up to the euro."""
    if amount is None or not population:
        return None
    return (2 * amount + population) // (2 * population)
