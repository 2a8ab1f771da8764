"""One declaration per published field: every model field reaches a column or the evidence table, and derived facts
are published once (financements.engagement_global / dans_somme_engagements) and consistent in the packages."""

from __future__ import annotations

import csv
import json
import types
import typing
from pathlib import Path

import pandas as pd
from pydantic import BaseModel

from contrats import model, paths
from contrats.checks import VERIFY
from contrats.schemas import CONTRACT_TABLES, NOT_PUBLISHED, PUBLISHED

CATALOGUE = paths.DATAPACKAGES / "catalogue"


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """Pydantic model classes named anywhere in a field's type (Optional, Union, list…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _all_models(root: type[BaseModel] = model.Contract) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for info in cls.model_fields.values():
            todo += _models_in(info.annotation)
    return seen


def _mark(covered: set, cls: type[BaseModel], path: str) -> None:
    """Mark every (model, field) along a dotted path as reaching the publication."""
    for name in path.split("."):
        assert name in cls.model_fields, f"{cls.__name__} has no field {name!r} (declared path {path!r})"
        covered.add((cls, name))
        inner = _models_in(cls.model_fields[name].annotation)
        cls = inner[0] if inner else cls


def _coverage() -> tuple[set, set]:
    """(fields published by a column or a table, evidence fields declared as proofs)."""
    published: set = set()
    proofs: set = set()
    for table in CONTRACT_TABLES:
        if table.model is None:
            continue
        if table.source:
            parent = PUBLISHED[table.parent].model if table.parent else model.Contract
            _mark(published, parent, table.source)
        for col in table.fields:
            for path in col.sources():
                _mark(published, table.model, path)
        for proof in table.proofs:
            _mark(published, table.model, proof.src)
            owner_path, _, name = proof.src.rpartition(".")
            owner = table.model
            for step in filter(None, owner_path.split(".")):
                owner = _models_in(owner.model_fields[step].annotation)[0]
            proofs.add((owner, name))
    return published, proofs


def _exempt(cls: type, name: str) -> bool:
    return any(issubclass(cls, base) and name == field for base, field in NOT_PUBLISHED)


def _is_evidence(annotation: object) -> bool:
    return model.Evidence in _models_in(annotation)


def test_every_model_field_is_published_or_declared_unpublished() -> None:
    """Adding a field to the model alone fails here until schemas.py publishes it (or says why not)."""
    published, _ = _coverage()
    missing = [f"{cls.__name__}.{name}" for cls in _all_models() for name in cls.model_fields
               if (cls, name) not in published and not _exempt(cls, name)]
    assert missing == [], ("model fields neither published nor declared unpublished (declare them in schemas.py: "
                           f"a column with src=…, a Proof, or NOT_PUBLISHED with the reason): {missing}")


def test_every_evidence_field_is_a_checked_proof() -> None:
    """An evidence field reaches the preuves table and a verification only through a Proof of schemas.py."""
    _, proofs = _coverage()
    evidence_fields = [(cls, name) for cls in _all_models() for name, info in cls.model_fields.items()
                       if _is_evidence(info.annotation) and cls is not model.Evidence]
    assert evidence_fields, "the model has evidence fields"
    missing = [f"{cls.__name__}.{name}" for cls, name in evidence_fields if (cls, name) not in proofs]
    assert missing == [], f"evidence fields without a Proof in schemas.py: {missing}"
    unknown = [(t.name, p.champ, p.check) for t in CONTRACT_TABLES for p in t.proofs if p.check not in VERIFY]
    assert unknown == [], f"proofs naming no verification of checks.VERIFY: {unknown}"


def test_published_schemas_hold_every_declared_column() -> None:
    """The committed catalogue, read as plain JSON and CSV, has exactly the declared columns and proof kinds."""
    descriptor = json.loads((CATALOGUE / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for table in CONTRACT_TABLES:
        declared = [c.name for c in table.fields]
        assert [f["name"] for f in by_name[table.name]["schema"]["fields"]] == declared, table.name
        with (CATALOGUE / f"{table.name}.csv").open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == declared, table.name
    champs = {(t.name, p.champ.split("{")[0]) for t in CONTRACT_TABLES for p in t.proofs}
    with (CATALOGUE / "preuves.csv").open(encoding="utf-8", newline="") as fh:
        seen = {(r["table"], r["champ"].rstrip("0123456789") if r["champ"].startswith("preuve-") or "~" in r["champ"]
                 else r["champ"]) for r in csv.DictReader(fh)}
    assert seen <= champs, seen - champs


def test_whole_contract_commitments_are_published_once() -> None:
    """The derived columns agree with the contract sum and with their definition, read back with pandas."""
    fin = pd.read_csv(CATALOGUE / "financements.csv", dtype={"partie_id": str, "element_id": str, "operation_id": str})
    contracts = pd.read_csv(CATALOGUE / "contrats.csv").set_index("id")
    assert fin["engagement_global"].dtype == bool and fin["dans_somme_engagements"].dtype == bool
    whole = fin["partie_id"].notna() & fin["element_id"].isna() & fin["operation_id"].isna()
    assert (fin["engagement_global"] == whole).all()
    assert not (fin["dans_somme_engagements"] & ~fin["engagement_global"]).any()
    assert fin.loc[fin["dans_somme_engagements"], "qualificatif"].isin(["exact", "environ"]).all()
    sums = fin[fin["dans_somme_engagements"]].groupby("contrat_id")["montant_eur"].sum()
    for cid, row in contracts.iterrows():
        expected = row["somme_engagements_eur"]
        if pd.isna(expected):
            assert cid not in sums.index
        else:
            assert sums[cid] == expected, cid
    # At least one whole-contract line is left out of the sum (a minimum « au moins »), so the two columns differ.
    assert (fin["engagement_global"] & ~fin["dans_somme_engagements"]).any()


def test_site_reads_the_published_commitment_flags() -> None:
    """The site's commitment helpers use the published flags, not their own definition."""
    root = Path(__file__).parents[1] / "src" / "contrats" / "site"
    code = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    assert '"engagement_global"' in code and '"dans_somme_engagements"' in code
    assert '("exact", "environ")' not in code and 'not f["element_id"] and not f["operation_id"]' not in code


def _scalar(annotation: object) -> tuple[set, list]:
    """(Python types, metadata) of a field's value, Optional, Annotated and Literal unwrapped."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        kinds, inner = _scalar(base)
        return kinds, inner + meta
    if typing.get_origin(annotation) is typing.Literal:
        return {"literal"}, [list(typing.get_args(annotation))]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds, meta = set(), []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                k, m = _scalar(arg)
                kinds |= k
                meta += m
        return kinds, meta
    return {annotation}, []


def _field_of(cls: type[BaseModel], path: str):
    for step in path.split(".")[:-1]:
        cls = _models_in(cls.model_fields[step].annotation)[0]
    return cls.model_fields[path.split(".")[-1]]


SCHEMA_TYPES = {int: "integer", float: "number", str: "string", bool: "boolean"}


def test_column_types_and_enums_agree_with_the_model() -> None:
    """A column that publishes one model field as is has the field's type, enum and pattern (no drift between the
    model and the Table Schema)."""
    problems = []
    for table in CONTRACT_TABLES:
        for col in table.fields:
            if table.model is None or col.get is not None or not isinstance(col.src, str):
                continue
            info = _field_of(table.model, col.src)
            kinds, meta = _scalar(info.annotation)
            where = f"{table.name}.{col.name}"
            if kinds == {"literal"}:
                if col.constraints.get("enum") != meta[0]:
                    problems.append(f"{where}: enum {col.constraints.get('enum')} ≠ model {meta[0]}")
                continue
            expected = {SCHEMA_TYPES.get(k) for k in kinds}
            if expected == {"integer", "number"}:
                expected = {"number"}
            if col.type not in expected and not (col.type == "date" and expected == {"string"}):
                problems.append(f"{where}: type {col.type} ≠ model {kinds}")
            patterns = [m.pattern for m in meta + list(info.metadata) if getattr(m, "pattern", None)]
            if patterns and col.constraints.get("pattern") not in patterns and col.type != "date":
                problems.append(f"{where}: pattern {col.constraints.get('pattern')} ≠ model {patterns}")
    assert problems == [], problems
