"""Run the domain checks in-process on the mini contract (fast: no build, no files written), for rule tests."""

from __future__ import annotations

import copy
import functools
import hashlib
from pathlib import Path
from typing import Any

from contrats.checks import Ctx, check_one
from contrats.model import Contract
from contrats.problems import Problem
from contrats.quotes import Document as Text
from contrats.reference import load_reference
from contrats.sources import Corpus, Source
from contrats.yamlsrc import load_yaml

MINI = Path(__file__).parent / "fixtures" / "mini"
MINI_YML = MINI / "contrats" / "contrat-mini.yml"
MINI_TXT = (MINI / "documents" / "texte-mini.txt").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _mini_data() -> dict:
    return load_yaml(MINI_YML, "contrat-mini.yml").data


@functools.lru_cache(maxsize=1)
def reference():
    """The project's reference territories, read once."""
    return load_reference()


def mini() -> dict:
    """A fresh, editable copy of the mini contract's YAML data (dates and codes as strings)."""
    return copy.deepcopy(_mini_data())


class _NoLines:
    def line_of(self, loc: tuple) -> int:
        return 0


def problems(data: dict | None = None, text: str = MINI_TXT, extra_text: str = "", keep_sha: bool = False,
             stem: str = "contrat-mini") -> list[Problem]:
    """Every problem the checks report on the (edited) mini contract; `extra_text` is appended to its document,
    whose SHA-256 is updated to match (unless `keep_sha`); `stem` is the source file's name."""
    data = mini() if data is None else data
    body = text + extra_text
    raw = body.encode("utf-8")
    if not keep_sha:
        data["documents"][0]["sha256"] = hashlib.sha256(raw).hexdigest()
    contract = Contract.model_validate(data)
    path = MINI_YML.with_name(f"{stem}.yml")
    source = Source(path, f"sources/contrats/{path.name}", _NoLines(), contract)  # type: ignore[arg-type]
    corpus = Corpus(sources=[source])
    for doc in contract.documents:
        corpus.documents[doc.id] = (doc, source)
        corpus.texts[doc.id] = Text(body)
        corpus.raw_texts[doc.id] = raw
    return check_one(Ctx(source, corpus, []), reference())


def found(data: dict | None = None, **kw: Any) -> list[tuple[str, str, str, str]]:
    """(severity, rule, field, message) of every problem, in the order the checks report them."""
    return [(p.severity, p.rule, p.field, p.message) for p in problems(data, **kw)]


def errors(data: dict | None = None, **kw: Any) -> list[tuple[str, str]]:
    """(rule, field) of every error (not info) on the (edited) mini contract."""
    return [(p.rule, p.field) for p in problems(data, **kw) if p.severity == "erreur"]


def messages(data: dict | None = None, **kw: Any) -> dict[tuple[str, str], str]:
    """Each error's message by (rule, field)."""
    return {(p.rule, p.field): p.message for p in problems(data, **kw) if p.severity == "erreur"}
