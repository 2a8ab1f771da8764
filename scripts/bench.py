"""Maintainer tool: benchmark the whole pipeline on synthetic catalogues of N contracts (issue 5).

    python scripts/bench.py                 # N = 100, 1000 and 5000
    python scripts/bench.py --n 1000        # one size (make bench N=1000)
    python scripts/bench.py --n 5 --no-browser --out /tmp/b   # smoke run (tests/test_bench.py)

For each N: a synthetic corpus in <out>/bench/<N>/sources (scripts/synth.py, not timed as a stage), then each
stage as a child process — build, validate, render, mkdocs build (strict), pagefind — with its wall time and peak
memory (os.wait4 of the child: the largest resident set among the child and its own workers); then, in the same
run, the floor: a bare `mkdocs build` of the same generated Markdown with the same mkdocs.yml into a fresh folder;
the site's size, HTML page count and largest page; the bytes Pagefind downloads to answer one query (Chromium,
counting /pagefind/ responses); and an incremental run after editing one contract (its title, a field the
catalogue, territory and party listings show): build, validate, render, `mkdocs build --dirty`, pagefind.

Writes <out>/bench-<N>.json per size and <out>/bench.md, a table of every size measured so far with each target of
issue 5, the measured figure, met / not met and, when not met, what the figures say about why.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_SIZES = [100, 1000, 5000]
QUERY = "mobilités"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
BROWSERS = [os.environ.get("CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/chromium-browser"]
MB = 1_000_000
# Targets of issue 5, at N = 5,000 on 2 cores.
TARGETS = {"pipeline_s": 90, "peak_mb": 2000, "ours_over_floor": 0.5, "site_mb": 200, "page_kb": 200,
           "search_kb": 500, "incremental_pct": 20, "bench_min": 15}
STAGES = ["build", "validate", "render", "mkdocs", "pagefind"]


def quiet() -> bool:
    """No progress lines in CI logs."""
    return os.environ.get("CI", "").lower() in ("true", "1")


def say(message: str) -> None:
    """One progress line on stderr."""
    if not quiet():
        print(f"bench: {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: Path, log: Path, env: dict | None = None) -> dict:
    """Run one child process; wall time (s), CPU time (s) and peak resident memory (MB, largest process of its tree)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "CONTRATS_QUIET": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"échec de {' '.join(map(str, cmd))} (code {proc.returncode}) :\n{tail}")
    # CPU time (user + system) of the child and the workers it waited for: steadier than wall time on a shared machine.
    cpu = usage.ru_utime + usage.ru_stime
    return {"s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_mb": round(usage.ru_maxrss * 1024 / MB, 1)}


def prepare(work: Path, n: int, seed: int) -> float:
    """Fresh synthetic sources and a working folder that sees the repository's mkdocs.yml, theme and hooks."""
    for name in ("sources", "datapackages", "build", "docs", "site", "site-floor", "logs"):  # build/: the cache
        shutil.rmtree(work / name, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    # The very same mkdocs.yml (paths in it are relative: docs/, site/, overrides/, src/…), pagefind.yml too.
    for name in ("mkdocs.yml", "pagefind.yml", "overrides", "src"):
        link = work / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(ROOT / name)
    start = time.perf_counter()
    run([sys.executable, str(ROOT / "scripts" / "synth.py"), "--n", str(n), "--out", str(work), "--seed", str(seed)],
        work, work / "logs" / "synth.log")
    # The hand-written pages (methodology, assets) come with the render stage, as in a fresh clone.
    return round(time.perf_counter() - start, 2)


def stage_commands(work: Path) -> dict[str, list[str]]:
    """The pipeline, as `make site` runs it, on the working folder."""
    contrats = [str(BIN / "contrats"), "--sources", str(work / "sources"), "--root", str(work),
                "--datapackages", str(work / "datapackages"), "--report", str(work / "validation.json")]
    return {
        "build": contrats + ["build"],
        "validate": contrats + ["validate"],
        "render": contrats + ["render", "--docs", str(work / "docs")],
        "mkdocs": [str(BIN / "mkdocs"), "build", "--strict", "--quiet"],
        "pagefind": contrats + ["index", "--site", str(work / "site")],  # Pagefind, in parts (site/search.py)
    }


def site_stats(site: Path) -> dict:
    """Apparent size of the site, its HTML pages, the largest one and how many exceed the page target."""
    total = 0
    pages: list[tuple[int, str]] = []
    by_top: dict[str, int] = {}
    for p in site.rglob("*"):
        if p.is_file():
            size = p.stat().st_size
            total += size
            top = p.relative_to(site).parts[0]
            by_top[top] = by_top.get(top, 0) + size
            if p.suffix == ".html":
                pages.append((size, p.relative_to(site).as_posix()))
    pages.sort(reverse=True)
    limit = TARGETS["page_kb"] * 1000
    return {"site_mb": round(total / MB, 1), "html_pages": len(pages),
            "largest_page": {"path": pages[0][1], "kb": round(pages[0][0] / 1000, 1)} if pages else None,
            "pages_over_limit": sum(1 for s, _ in pages if s > limit),
            "html_mb": round(sum(s for s, _ in pages) / MB, 1),
            "largest_folders_mb": {k: round(v / MB, 1) for k, v in sorted(by_top.items(), key=lambda kv: -kv[1])[:6]}}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def search_bytes(site: Path, query: str = QUERY) -> dict:
    """Bytes of /pagefind/ responses for one query typed in the header search box (Chromium, Playwright)."""
    browser_path = next((b for b in BROWSERS if b and Path(b).exists()), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright absent"}
    if browser_path is None:
        return {"error": "Chromium absent"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    got: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            page = browser.new_page()

            def on_response(response) -> None:  # noqa: ANN001
                if "/pagefind/" in response.url:
                    try:
                        got.append((response.url, len(response.body())))
                    except Exception:  # noqa: BLE001 (a response without a body)
                        pass

            page.on("response", on_response)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            before = sum(n for _, n in got)
            page.locator("#recherche input").fill(query)
            page.wait_for_selector("#recherche .pagefind-ui__result-link", timeout=30_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            results = page.locator("#recherche .pagefind-ui__result").count()
            browser.close()
    finally:
        server.shutdown()
    total = sum(n for _, n in got)
    kinds: dict[str, int] = {}
    for url, n in got:
        kind = re.sub(r"^.*/pagefind/", "", url).split("/")[0].split(".")[0]
        kinds[kind] = kinds.get(kind, 0) + n
    return {"query": query, "kb": round(total / 1000, 1), "kb_before_typing": round(before / 1000, 1),
            "requests": len(got), "results_shown": results, "by_kind_kb": {k: round(v / 1000, 1) for k, v in kinds.items()}}


def edit_one_contract(work: Path) -> str:
    """Change the title of one contract (the middle one): a field every listing shows. Returns its id."""
    files = sorted((work / "sources" / "contrats").glob("*.yml"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"^(titre: .*)$", r"\1 (modifié)", text, count=1, flags=re.M)
    assert count == 1, path
    path.write_text(new, encoding="utf-8")
    return path.stem


def bench_one(n: int, out: Path, seed: int, browser: bool) -> dict:
    """Every measurement for one catalogue size."""
    work = out / "bench" / str(n)
    say(f"N = {n} : corpus synthétique…")
    synth_s = prepare(work, n, seed)
    say(f"N = {n} : corpus prêt en {synth_s} s")
    cmds = stage_commands(work)
    logs = work / "logs"
    full: dict[str, dict] = {}
    for name in STAGES:
        full[name] = run(cmds[name], work, logs / f"{name}.log")
        say(f"N = {n} : {name:8s} {full[name]['s']:7.1f} s  {full[name]['peak_mb']:7.0f} Mo")
    # The floor is MkDocs as it comes: Python-Markdown on every page (the hook's pass-through turned off).
    floor = run([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", "site-floor"], work, logs / "floor.log",
                env={"CONTRATS_MARKDOWN": "1"})
    say(f"N = {n} : plancher (mkdocs build seul) {floor['s']:.1f} s")
    shutil.rmtree(work / "site-floor", ignore_errors=True)
    stats = site_stats(work / "site")
    say(f"N = {n} : site {stats['site_mb']} Mo, {stats['html_pages']} pages HTML, plus grande "
        f"{stats['largest_page']['kb'] if stats['largest_page'] else 0} ko")
    search = search_bytes(work / "site") if browser else {"skipped": True}
    if browser:
        say(f"N = {n} : recherche « {QUERY} » : {search.get('kb')} ko téléchargés")
    edited = edit_one_contract(work)
    cmds["mkdocs"] = cmds["mkdocs"][:2] + ["--dirty"] + cmds["mkdocs"][2:]
    incremental: dict[str, dict] = {}
    for name in STAGES:
        incremental[name] = run(cmds[name], work, logs / f"{name}-incremental.log")
        say(f"N = {n} : incrémental {name:8s} {incremental[name]['s']:7.1f} s")
    page = (work / "site" / "contrats" / edited / "index.html").read_text(encoding="utf-8")
    catalogue = (work / "site" / "contrats" / "index.html").read_text(encoding="utf-8")
    catalogue_json = work / "site" / "contrats" / "catalogue.json"
    listed = "(modifié)" in catalogue or (catalogue_json.exists() and "(modifié)" in catalogue_json.read_text("utf-8"))
    total = sum(s["s"] for s in full.values())
    ours = sum(full[s]["s"] for s in STAGES if s != "mkdocs")
    inc_total = sum(s["s"] for s in incremental.values())
    result = {
        "n": n, "seed": seed, "cpus": os.cpu_count(), "python": platform.python_version(),
        "machine": platform.machine(), "synth_s": synth_s,
        "stages": full, "pipeline_s": round(total, 2), "peak_mb": max(s["peak_mb"] for s in full.values()),
        "floor_mkdocs_s": floor["s"], "floor_peak_mb": floor["peak_mb"], "ours_s": round(ours, 2),
        "ours_over_floor": round(ours / floor["s"], 2) if floor["s"] else None,
        **stats, "search": search,
        "incremental": {"edited": edited, "stages": incremental, "total_s": round(inc_total, 2),
                        "pct_of_full": round(100 * inc_total / total, 1) if total else None,
                        "page_updated": "(modifié)" in page, "catalogue_updated": listed},
    }
    (out / f"bench-{n}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


# --- Report -----------------------------------------------------------------------------------------------------


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "—"
    text = f"{x:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}{unit}"


def _dominant(stages: dict[str, dict], names: list[str]) -> str:
    top = max(names, key=lambda s: stages[s]["s"])
    total = sum(stages[s]["s"] for s in names) or 1
    return f"{top} : {_fmt(stages[top]['s'], ' s')} ({round(100 * stages[top]['s'] / total)} %)"


def targets(r: dict, runs: dict[int, dict], bench_min: float | None) -> list[tuple[str, str, str, bool | None, str]]:
    """(target, limit, measured, met, reason when not met) for one size."""
    out = []
    st = r["stages"]
    met = r["pipeline_s"] <= TARGETS["pipeline_s"]
    out.append(("Chaîne complète (build → pagefind)", f"≤ {TARGETS['pipeline_s']} s", _fmt(r["pipeline_s"], " s"), met,
                "" if met else f"étape dominante {_dominant(st, STAGES)}"))
    met = r["peak_mb"] <= TARGETS["peak_mb"]
    top = max(STAGES, key=lambda s: st[s]["peak_mb"])
    out.append(("Mémoire maximale (plus gros processus)", f"≤ {TARGETS['peak_mb']} Mo", _fmt(r["peak_mb"], " Mo"), met,
                "" if met else f"étape {top}"))
    ratio = r["ours_over_floor"]
    met = ratio is not None and ratio <= TARGETS["ours_over_floor"]
    ours = [s for s in STAGES if s != "mkdocs"]
    out.append(("Nos étapes / mkdocs build seul", f"≤ {TARGETS['ours_over_floor']}".replace(".", ","),
                f"{_fmt(ratio)} ({_fmt(r['ours_s'], ' s')} / {_fmt(r['floor_mkdocs_s'], ' s')})", met,
                "" if met else f"la plus lourde de nos étapes : {_dominant(st, ours)}"))
    met = r["site_mb"] <= TARGETS["site_mb"]
    folders = ", ".join(f"{k} {_fmt(v, ' Mo')}" for k, v in list(r["largest_folders_mb"].items())[:4])
    out.append(("Taille du site", f"≤ {TARGETS['site_mb']} Mo", _fmt(r["site_mb"], " Mo"), met,
                "" if met else f"{r['html_pages']} pages HTML ({_fmt(r['html_mb'], ' Mo')}) ; dossiers : {folders}"))
    lp = r["largest_page"] or {"kb": 0, "path": ""}
    met = r["pages_over_limit"] == 0
    out.append(("Plus grande page HTML", f"≤ {TARGETS['page_kb']} ko", f"{_fmt(lp['kb'], ' ko')} ({lp['path']})", met,
                "" if met else f"{r['pages_over_limit']} page(s) au-delà"))
    s = r.get("search", {})
    if "kb" in s:
        met = s["kb"] <= TARGETS["search_kb"]
        kinds = ", ".join(f"{k} {_fmt(v, ' ko')}" for k, v in sorted(s["by_kind_kb"].items(), key=lambda kv: -kv[1])[:4])
        out.append((f"Recherche « {s['query']} » : octets téléchargés", f"≤ {TARGETS['search_kb']} ko",
                    f"{_fmt(s['kb'], ' ko')} ({s['requests']} requêtes)", met, "" if met else kinds))
    else:
        out.append(("Recherche : octets téléchargés", f"≤ {TARGETS['search_kb']} ko", "non mesuré", None,
                    s.get("error", "navigateur non lancé (--no-browser)")))
    inc = r["incremental"]
    met = inc["pct_of_full"] is not None and inc["pct_of_full"] <= TARGETS["incremental_pct"] \
        and inc["page_updated"] and inc["catalogue_updated"]
    reason = ""
    if not met:
        reason = f"étape dominante {_dominant(inc['stages'], STAGES)}"
        if not (inc["page_updated"] and inc["catalogue_updated"]):
            reason += " ; modification absente du site !"
    out.append(("Reconstruction après modification d’un contrat", f"≤ {TARGETS['incremental_pct']} % du complet",
                f"{_fmt(inc['pct_of_full'], ' %')} ({_fmt(inc['total_s'], ' s')})", met, reason))
    if 1000 in runs and 5000 in runs:
        a, b = runs[1000], runs[5000]
        slope = (b["pipeline_s"] - a["pipeline_s"]) / 4000
        per_a, per_b = a["pipeline_s"] / 1000, b["pipeline_s"] / 5000
        linear = per_b <= 1.25 * per_a
        out.append(("Coût linéaire en N (pente 1 000 → 5 000)", "linéaire",
                    f"{_fmt(slope * 1000, ' ms')} par contrat ; {_fmt(per_a * 1000, ' ms')} → {_fmt(per_b * 1000, ' ms')} "
                    "par contrat en moyenne", linear,
                    "" if linear else "le coût par contrat croît avec N"))
    if bench_min is not None:
        met = bench_min <= TARGETS["bench_min"]
        out.append(("Durée de make bench", f"≤ {TARGETS['bench_min']} min", _fmt(bench_min, " min"), met,
                    "" if met else "somme des tailles mesurées"))
    return out


def report(out: Path, bench_min: float | None) -> str:
    """build/bench.md from every bench-<N>.json present."""
    runs = {}
    for p in out.glob("bench-*.json"):
        try:
            r = json.loads(p.read_text(encoding="utf-8"))
            runs[r["n"]] = r
        except (ValueError, KeyError):
            continue
    sizes = sorted(runs)
    lines = ["# Banc d’essai de la chaîne (issue 5)", "",
             f"Machine : {runs[sizes[-1]]['cpus'] if sizes else '?'} cœurs, Python "
             f"{runs[sizes[-1]]['python'] if sizes else '?'}. Corpus synthétique (`scripts/synth.py`), "
             "chaque étape mesurée comme processus enfant (temps écoulé ; mémoire : plus gros processus de l’étape).", "",
             "## Mesures par étape", "",
             "| N | " + " | ".join(STAGES) + " | chaîne | mkdocs seul (plancher) | nos étapes / plancher | mémoire max | "
             "site | pages HTML | plus grande page | recherche | incrémental |",
             "|---" * (len(STAGES) + 10) + "|"]
    for n in sizes:
        r = runs[n]
        cells = [f"{_fmt(r['stages'][s]['s'], ' s')} · {_fmt(r['stages'][s]['peak_mb'], ' Mo')}" for s in STAGES]
        s = r.get("search", {})
        lines.append(f"| {n} | " + " | ".join(cells) + f" | {_fmt(r['pipeline_s'], ' s')} | {_fmt(r['floor_mkdocs_s'], ' s')} | "
                     f"{_fmt(r['ours_over_floor'])} | {_fmt(r['peak_mb'], ' Mo')} | {_fmt(r['site_mb'], ' Mo')} | "
                     f"{r['html_pages']} | {_fmt((r['largest_page'] or {}).get('kb'), ' ko')} | "
                     f"{_fmt(s.get('kb'), ' ko') if 'kb' in s else '—'} | "
                     f"{_fmt(r['incremental']['total_s'], ' s')} ({_fmt(r['incremental']['pct_of_full'], ' %')}) |")
    lines += ["", "Incrémental : après modification du titre d’un contrat (champ affiché par le catalogue, les pages "
              "de territoire et de partie), build + validate + render + `mkdocs build --dirty` + pagefind.", ""]
    for n in sizes:
        r = runs[n]
        inc = r["incremental"]["stages"]
        lines.append(f"- N = {n} : " + ", ".join(f"{s} {_fmt(inc[s]['s'], ' s')}" for s in STAGES)
                     + f" ; page du contrat à jour : {'oui' if r['incremental']['page_updated'] else 'NON'}, "
                     f"catalogue à jour : {'oui' if r['incremental']['catalogue_updated'] else 'NON'}")
    ref = 5000 if 5000 in runs else (sizes[-1] if sizes else None)
    if ref is not None:
        lines += ["", f"## Objectifs (à N = {ref}{'' if ref == 5000 else ', la plus grande taille mesurée'})", "",
                  "| objectif | cible | mesure | atteint | raison si non atteint |", "|---|---|---|---|---|"]
        for name, limit, measured, met, reason in targets(runs[ref], runs, bench_min):
            mark = "oui" if met else ("—" if met is None else "**non**")
            lines.append(f"| {name} | {limit} | {measured} | {mark} | {reason} |")
    text = "\n".join(lines) + "\n"
    (out / "bench.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each requested size, then write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="*", default=DEFAULT_SIZES, help="tailles (défaut : 100 1000 5000)")
    parser.add_argument("--out", type=Path, default=ROOT / "build", help="dossier des résultats (défaut : build/)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="ne pas mesurer la recherche dans Chromium")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for n in args.n:
        bench_one(n, args.out.resolve(), args.seed, not args.no_browser)
    minutes = (time.perf_counter() - start) / 60
    all_sizes = sorted(args.n) == DEFAULT_SIZES
    text = report(args.out, round(minutes, 1) if all_sizes else None)
    say(f"rapport : {args.out / 'bench.md'} ({minutes:.1f} min)")
    if not quiet():
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
