"""Reference territories (regions before/after 2016, départements) read from sources/reference/."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from . import paths


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


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_reference(root: Path = paths.REFERENCE_SRC) -> list[Territory]:
    """All reference territories, regions first."""
    out = [Territory("region", r["code"], r["nom"], int(r["millesime_debut"]), int(r["millesime_fin"]),
                     code_successeur=r["code_successeur"]) for r in _read(root / "regions.csv")]
    out += [Territory("departement", d["code"], d["nom"], int(d["millesime_debut"]), int(d["millesime_fin"]),
                      code_region=d["code_region"]) for d in _read(root / "departements.csv")]
    return out


def lookup(reference: list[Territory], type_: str, code: str, millesime: int) -> Territory | None:
    """The reference territory with this type and code valid in the given COG vintage, if any."""
    for t in reference:
        if t.type == type_ and t.code == code and t.millesime_debut <= millesime <= t.millesime_fin:
            return t
    return None
