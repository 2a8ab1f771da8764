"""The one error type every stage reports: file, line, field, rule, message."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A located finding; severity 'erreur' stops the pipeline, 'info' documents an explained discrepancy."""

    file: str
    line: int
    field: str
    rule: str
    message: str
    severity: str = "erreur"

    def __str__(self) -> str:
        tag = "" if self.severity == "erreur" else f" ({self.severity})"
        return f"{self.file}:{self.line}: {self.field}: [{self.rule}]{tag} {self.message}"

    def github_annotation(self) -> str:
        """GitHub Actions workflow command that annotates the YAML line."""
        level = "error" if self.severity == "erreur" else "notice"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = f"{self.rule} ({self.field})".replace(",", "%2C").replace("::", ": :")
        return f"::{level} file={self.file},line={self.line},title={title}::{msg}"


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that stop the pipeline."""
    return [p for p in problems if p.severity == "erreur"]


def report(problems: list[Problem], stream) -> None:
    """Print problems, plus GitHub annotations when running under GitHub Actions."""
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in sorted(problems):
        print(str(p), file=stream)
        if annotate:
            print(p.github_annotation(), file=stream)


def to_json(problems: list[Problem]) -> str:
    """JSON report of the problems, stable order."""
    items = [asdict(p) for p in sorted(problems)]
    return json.dumps({"erreurs": sum(p.severity == "erreur" for p in problems), "problemes": items},
                      ensure_ascii=False, indent=2) + "\n"
