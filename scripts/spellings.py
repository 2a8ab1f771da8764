"""Write the table of number and date spellings the parser reads into sources/CURATION.md, from its own tests.

The rows are the parametrized cases of tests/test_frnum.py (amounts, percentages, dates): the table cannot
drift from what the parser is tested to read. `python scripts/spellings.py --check` fails when it is stale.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "sources" / "CURATION.md"
BEGIN = "<!-- graphies: début (généré par scripts/spellings.py depuis tests/test_frnum.py, ne pas modifier) -->"
END = "<!-- graphies: fin -->"
QUALIFIERS = {"exact": "exact", "environ": "environ", "au_moins": "au_moins", "au_plus": "au_plus",
              "fourchette": "fourchette"}


def _cases(module, name: str) -> list[tuple]:
    """The argument tuples of a parametrized test function."""
    marks = [m for m in getattr(getattr(module, name), "pytestmark", []) if m.name == "parametrize"]
    return [tuple(c.values) if hasattr(c, "values") else tuple(c) for m in marks for c in m.args[1]]


def _cell(text: str) -> str:
    return "« " + text.replace("|", "\\|") + " »"


def table() -> str:
    """The Markdown table, one row per tested spelling."""
    spec = importlib.util.spec_from_file_location("test_frnum", ROOT / "tests" / "test_frnum.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "src"))
    spec.loader.exec_module(module)
    rows = ["| Écrit dans le document | Lu comme | Saisie YAML |", "|---|---|---|"]
    for text, euros, qualifier in _cases(module, "test_amounts"):
        rows.append(f"| {_cell(text)} | montant, {QUALIFIERS[qualifier]} | `montant_eur: {euros}`"
                    + ("" if qualifier == "exact" else f", `qualificatif: {qualifier}`") + " |")
    for text, low, high in _cases(module, "test_ranges"):
        rows.append(f"| {_cell(text)} | fourchette | `qualificatif: fourchette`, `montant_min_eur: {low}`, "
                    f"`montant_max_eur: {high}` |")
    for text, values in _cases(module, "test_percents"):
        shown = ", ".join(format(Decimal(v), "f") for v in values)
        rows.append(f"| {_cell(text)} | part(s) en % | `part_pct: {shown}` |")
    for text, values in _cases(module, "test_counts"):
        rows.append(f"| {_cell(text)} | nombre(s) | `valeur: {', '.join(map(str, values))}`, `unite: nombre` |")
    for text, iso in _cases(module, "test_dates"):
        how = ("date sans année : l’année vient de `contexte`" if iso.startswith("--") else
               "mois et année" if len(iso) == 7 else "date")
        value = f"`date: \"AAAA{iso[1:]}\"` + `contexte`" if iso.startswith("--") else f"`date: \"{iso}\"`"
        rows.append(f"| {_cell(text)} | {how} | {value} |")
    return "\n".join(rows)


def updated(current: str) -> str:
    """CURATION.md with the generated block replaced (appended when absent)."""
    block = f"{BEGIN}\n{table()}\n{END}"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return current.rstrip("\n") + "\n\n" + block + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the table, or with --check exit 1 when it is out of date."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    current = TARGET.read_text(encoding="utf-8")
    new = updated(current)
    if args.check:
        if new != current:
            print("sources/CURATION.md : table des graphies périmée ; lancer python scripts/spellings.py",
                  file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
