"""Change report: contracts and rows added, removed and changed between two versions of the catalogue."""

from __future__ import annotations

import csv
import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .schemas import TABLES

Key = tuple[str, ...]
Table = dict[Key, dict[str, str]]
FIGURE_FIELDS = ("montant_eur", "montant_min_eur", "montant_max_eur", "part_pct", "valeur", "qualificatif",
                 "date", "date_signature", "date_statut", "statut", "total_montant_eur", "titre", "nom")
MAX_LINES = 60


def parse_csv(text: str, key_fields: list[str]) -> Table:
    """Rows of a CSV text keyed by their primary key."""
    return {tuple(row[k] for k in key_fields): row for row in csv.DictReader(io.StringIO(text))}


def read_git(ref: str, rel: str, repo: Path = paths.ROOT) -> str | None:
    """A file's text at a git ref, or None when it does not exist there."""
    result = subprocess.run(["git", "-C", str(repo), "show", f"{ref}:{rel}"], capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def read_dir(folder: Path, table: str) -> str | None:
    """A catalogue table's text from a folder, or None."""
    path = folder / f"{table}.csv"
    return path.read_text(encoding="utf-8") if path.is_file() else None


@dataclass
class TableDiff:
    """Rows added, removed and changed in one table, with field-level changes."""

    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    changed: dict[Key, dict[str, tuple[str, str]]] = field(default_factory=dict)


def diff_table(old: Table, new: Table) -> TableDiff:
    """Compare two keyed tables."""
    d = TableDiff(added=sorted(new.keys() - old.keys()), removed=sorted(old.keys() - new.keys()))
    for key in sorted(old.keys() & new.keys()):
        changes = {f: (old[key].get(f, ""), new[key].get(f, "")) for f in new[key] if old[key].get(f, "") != new[key].get(f, "")}
        if changes:
            d.changed[key] = changes
    return d


def diff_catalogues(read_old, read_new) -> dict[str, TableDiff]:
    """Diff every catalogue table given two readers (table name → CSV text or None)."""
    out = {}
    for name, spec in TABLES.items():
        keys = spec["primaryKey"]
        out[name] = diff_table(parse_csv(read_old(name) or "", keys), parse_csv(read_new(name) or "", keys))
    return out


def _contract_of(table: str, key: Key) -> str:
    if table == "contrats":
        return key[0]
    return key[TABLES[table]["primaryKey"].index("contrat_id")] if "contrat_id" in TABLES[table]["primaryKey"] else ""


def render_markdown(diffs: dict[str, TableDiff], base_label: str) -> str:
    """French Markdown report of the differences."""
    c = diffs["contrats"]
    touched = {_contract_of(t, k) for t, d in diffs.items() if t not in ("contrats", "documents")
               for k in [*d.added, *d.removed, *d.changed]} - {""}
    changed_contracts = sorted((touched | {k[0] for k in c.changed}) - {k[0] for k in c.added} - {k[0] for k in c.removed})
    lines = [f"## Rapport de modifications des données (par rapport à `{base_label}`)", ""]
    if not any(d.added or d.removed or d.changed for d in diffs.values()):
        return "\n".join(lines + ["Aucune modification des données.", ""])
    lines += [f"- Contrats ajoutés : {len(c.added)}" + (" — " + ", ".join(f"`{k[0]}`" for k in c.added) if c.added else ""),
              f"- Contrats retirés : {len(c.removed)}" + (" — " + ", ".join(f"`{k[0]}`" for k in c.removed) if c.removed else ""),
              f"- Contrats modifiés : {len(changed_contracts)}" + (" — " + ", ".join(f"`{x}`" for x in changed_contracts) if changed_contracts else ""),
              "", "| Table | Lignes ajoutées | Lignes retirées | Lignes modifiées |", "| --- | ---: | ---: | ---: |"]
    for name, d in diffs.items():
        if d.added or d.removed or d.changed:
            lines.append(f"| {name} | {len(d.added)} | {len(d.removed)} | {len(d.changed)} |")
    detail = []
    for name, d in diffs.items():
        if name == "preuves":
            continue
        for key, changes in d.changed.items():
            for f, (a, b) in changes.items():
                if f in FIGURE_FIELDS:
                    detail.append(f"| {name} | `{' / '.join(key)}` | {f} | {a or '∅'} → {b or '∅'} |")
    if detail:
        lines += ["", "### Valeurs modifiées", "", "| Table | Ligne | Champ | Avant → après |", "| --- | --- | --- | --- |"]
        lines += detail[:MAX_LINES]
        if len(detail) > MAX_LINES:
            lines.append(f"| … | {len(detail) - MAX_LINES} autres modifications | | |")
    return "\n".join(lines) + "\n"


def report_against_git(base: str, catalogue: Path = paths.CATALOGUE_PKG, repo: Path = paths.ROOT) -> str:
    """Markdown report of the working tree's catalogue against a git ref."""
    rel = catalogue.resolve().relative_to(repo.resolve())
    return render_markdown(diff_catalogues(lambda t: read_git(base, f"{rel}/{t}.csv", repo),
                                           lambda t: read_dir(catalogue, t)), base)


def report_against_dir(old: Path, catalogue: Path = paths.CATALOGUE_PKG) -> str:
    """Markdown report of a catalogue folder against an older catalogue folder."""
    return render_markdown(diff_catalogues(lambda t: read_dir(old, t), lambda t: read_dir(catalogue, t)), str(old))
