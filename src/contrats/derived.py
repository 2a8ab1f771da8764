"""Facts derived from a contract, each defined once: structure walk, whole-contract commitments, list counts.

Checks and published columns both call these; the site reads the published columns instead of recomputing them.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Contract, Element, Financing, Party

Loc = tuple  # a YAML location: keys and list indexes from the document root
SUMMABLE = ("exact", "environ")  # qualifiers whose amounts are added up; bounds and ranges are not
SUMMABLE_KINDS = (None, "contractualise")  # valorised, recovery-plan and outside-contract credits are never added in


def walk_elements(elements: list[Element], loc: Loc = ("structure",), parent: str | None = None,
                  depth: int = 1) -> Iterator[tuple[Element, Loc, str | None, int]]:
    """Every structure element, depth first, with its YAML location, parent id and depth."""
    for i, el in enumerate(elements):
        here = loc + (i,)
        yield el, here, parent, depth
        yield from walk_elements(el.elements, here + ("elements",), el.id, depth + 1)


def organisations(c: Contract) -> list[Party]:
    """The parties that are organisations: a group (« autres signataires ») only stands for its members."""
    return [p for p in c.parties if p.type != "groupe"]


def is_whole_contract(f: Financing) -> bool:
    """A party's commitment to the whole contract: a line naming a party, no element and no operation."""
    return f.partie is not None and f.element is None and f.operation is None


def whole_contract_lines(c: Contract) -> list[Financing]:
    """Whole-contract commitments that add up to the contract's sum: exact or approximate amounts of contracted (or
    unspecified) credits, a group's members not counted twice when the group commits for them, and no line that is
    part of another."""
    grouped = {m for p in c.parties for m in p.membres
               if any(f.partie == p.id and is_whole_contract(f) for f in c.financements)}
    return [f for f in c.financements if is_whole_contract(f) and f.qualificatif in SUMMABLE
            and f.partie not in grouped and f.fait_partie_de is None and f.nature in SUMMABLE_KINDS]


def commitments_sum(c: Contract) -> int | None:
    """Sum of the whole-contract commitments of parties, or None when there is none."""
    lines = whole_contract_lines(c)
    return sum(f.montant_eur for f in lines) if lines else None


def _matches(row: dict, filtre: dict[str, str]) -> bool:
    for key, want in filtre.items():
        got = row.get(key)
        if isinstance(got, (list, tuple, set)):
            if want not in got:
                return False
        elif got != want:
            return False
    return True


def _count_tables(c: Contract) -> dict[str, list[dict]]:
    return {
        "parties": [{"id": p.id, "type": p.type, "role": list(p.roles)} for p in organisations(c)],
        "operations": [{"id": o.id, "element": o.element,
                        "territoire": o.territoire.code if o.territoire else None} for o in c.operations],
        "structure": [{"id": el.id, "type": el.type, "parent": parent or "racine"}
                      for el, _, parent, _ in walk_elements(c.structure)],
    }


COUNT_FILTERS = {"parties": {"id", "type", "role"}, "operations": {"id", "element", "territoire"},
                 "structure": {"id", "type", "parent"}}


def count_rows(c: Contract, rule) -> int:
    """How many rows of the contract match a count rule."""
    return sum(_matches(r, rule.filtre) for r in _count_tables(c)[rule.table])
