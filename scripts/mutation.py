"""Mutation testing of the rule modules with mutmut (make mutation): one module per run, report in build/.

Each module is mutated and tested on its own (mutmut runs, for every mutant, only the fast rule tests that reach
the mutated function; see [tool.mutmut] in pyproject.toml). Surviving mutants that cannot change behaviour are
listed, with the reason, in scripts/mutation-equivalents.txt and counted apart. The report gives, per module,
killed / survived / equivalent mutants and the score killed ÷ (total − equivalent).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("frnum", "quotes", "checks", "derived", "model", "validate")
EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.txt"
TARGET = 0.90


def equivalents() -> dict[str, str]:
    """Mutant name → why it cannot change behaviour (one per line: name, spaces, reason; # starts a comment)."""
    out = {}
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def statuses(module: str) -> dict[str, str]:
    """Each mutant of a module and its status, as mutmut recorded them."""
    from mutmut.stats import status_by_exit_code

    meta = ROOT / "mutants" / "src" / "contrats" / f"{module}.py.meta"
    if not meta.exists():
        return {}
    data = json.loads(meta.read_text(encoding="utf-8"))
    return {name: status_by_exit_code[code] for name, code in sorted(data["exit_code_by_key"].items())}


def link_reference() -> None:
    """The tests read the pinned official territories from node_modules/: mutmut's copy of the project
    (mutants/) sees them through a link instead of a 100 MB copy (package.json is copied: see also_copy)."""
    link = ROOT / "mutants" / "node_modules"
    link.parent.mkdir(exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(ROOT / "node_modules", target_is_directory=True)


def run(module: str, jobs: int) -> float:
    """Run mutmut over one module; return the wall time."""
    link_reference()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), f"contrats.{module}.*"],
                   cwd=ROOT, check=False)
    return time.perf_counter() - start


def summary(module: str, seen: dict[str, str], known: dict[str, str]) -> dict:
    """Counts for one module; surviving mutants listed as equivalent are counted apart."""
    counts: dict[str, int] = {}
    survivors = []
    for name, status in seen.items():
        if status == "survived" and name in known:
            status = "equivalent"
        elif status == "survived":
            survivors.append(name)
        counts[status] = counts.get(status, 0) + 1
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    scored = len(seen) - counts.get("equivalent", 0)
    return {"module": module, "total": len(seen), "killed": killed, "survived": counts.get("survived", 0),
            "equivalent": counts.get("equivalent", 0), "other": {k: v for k, v in counts.items()
                                                                 if k not in ("killed", "timeout", "survived", "equivalent")},
            "score": round(killed / scored, 4) if scored else None, "survivors": survivors}


def write_report(rows: list[dict], times: dict[str, float], known: dict[str, str]) -> None:
    """build/mutation.json and build/mutation.md."""
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    total = {k: sum(r[k] for r in rows) for k in ("total", "killed", "survived", "equivalent")}
    scored = total["total"] - total["equivalent"]
    total["score"] = round(total["killed"] / scored, 4) if scored else None
    (build / "mutation.json").write_text(json.dumps({"modules": rows, "total": total, "seconds": times,
                                                     "equivalents": known}, indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    lines = ["# Test de mutation des modules de règles", "",
             "Commande : `make mutation` (un module : `make mutation MODULE=frnum`). Outil : mutmut (version figée "
             "dans requirements-mutation.txt). Score = tués ÷ (total − équivalents).", "",
             "| Module | Mutants | Tués | Survivants | Équivalents | Autres | Score | Durée (s) |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    for r in rows:
        score = f"{r['score']:.1%}" if r["score"] is not None else "—"
        other = ", ".join(f"{k} {v}" for k, v in r["other"].items()) or ""
        lines.append(f"| {r['module']} | {r['total']} | {r['killed']} | {r['survived']} | {r['equivalent']} | "
                     f"{other} | {score} | {times.get(r['module'], 0):.0f} |")
    score = f"{total['score']:.1%}" if total["score"] is not None else "—"
    lines += [f"| **total** | {total['total']} | {total['killed']} | {total['survived']} | {total['equivalent']} | "
              f"| **{score}** | |", "", "## Survivants", ""]
    for r in rows:
        lines += [f"- `{name}`" for name in r["survivors"]]
    lines += ["", "Voir `mutmut show <nom>` pour le détail d'un mutant ; les équivalents et leur raison sont dans "
              "scripts/mutation-equivalents.txt.", ""]
    (build / "mutation.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    """Command line: --module (repeatable; default: every rule module), --jobs, --report-only."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=MODULES)
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested in parallel (the machine is shared)")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the last runs")
    args = parser.parse_args()
    known = equivalents()
    times_path = ROOT / "build" / "mutation.json"
    times = json.loads(times_path.read_text(encoding="utf-8"))["seconds"] if times_path.exists() else {}
    for module in ([] if args.report_only else (args.module or MODULES)):
        times[module] = run(module, args.jobs)
    # A module counts once mutmut has tested at least one of its mutants; untested ones are reported as such.
    rows = [summary(m, statuses(m), known) for m in MODULES
            if any(status != "not checked" for status in statuses(m).values())]
    write_report(rows, times, known)
    print((ROOT / "build" / "mutation.md").read_text(encoding="utf-8"))
    untested = [m for m in (args.module or MODULES) if m not in {r["module"] for r in rows}]
    if untested and not args.report_only:
        print(f"aucun mutant testé (mutmut a échoué, voir plus haut) : {', '.join(untested)}", file=sys.stderr)
        return 1
    below = [r["module"] for r in rows if r["score"] is not None and r["score"] < TARGET]
    if below:
        print(f"sous {TARGET:.0%} de mutants tués : {', '.join(below)}", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
