"""Maintainer tool: benchmark the whole pipeline on synthetic catalogues of N contracts (issue 5).

    python scripts/bench.py                 # N = 100, 1000 and 5000
    python scripts/bench.py --n 1000        # one size (make bench N=1000)
    python scripts/bench.py --n 5 --no-browser --out /tmp/b   # smoke run (tests/test_bench.py)

For each N: a synthetic corpus in <out>/bench/<N>/sources (scripts/synth.py, not timed as a stage), then each
stage as a child process — build, validate, render, mkdocs build (strict), pagefind — with its wall time, its CPU
time (user + system of the child and of every process it waited for: workers, Pagefind's binary), its peak memory
(os.wait4 of the child: the largest resident set among the child and its own workers) and the load average before
and after it; then, in the same run, the floor: a bare `mkdocs build` of the same generated Markdown with the same
mkdocs.yml into a fresh folder (same measures); the site's size, its compressed size (sum of each file's gzip -6
size, as a web server would send it) its HTML page count and largest page; the bytes Pagefind downloads to answer
one query (Chromium, counting /pagefind/ responses); and an incremental run after editing one contract (its title,
a field the catalogue, territory and party listings show): build, validate, render, `mkdocs build --dirty`,
pagefind.

Verdicts are computed from CPU time, which follows the code rather than the machine's load (wall times are
reported beside it, with the load average). Writes <out>/bench-<N>.json per size and <out>/bench.md, a table of
every size measured so far with each target of issue 16 (and the remaining ones of issue 5), the measured figure,
met / not met and, when not met, what the figures say about why; the per-contract CPU slope between sizes comes
from every bench-<N>.json present (run `--n 1000` then `--n 5000`: both count).
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
import zlib
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
# Targets of issue 16 (CPU time; memory and size at N = 5,000), then those of issue 5 still reported.
TARGETS = {"cpu_over_floor": 1.0, "peak_mb": 2000, "site_mb": 300, "incremental_cpu_pct": 10, "slope_growth": 1.25,
           "page_kb": 200, "search_kb": 500, "bench_min": 15}
STAGES = ["build", "validate", "render", "mkdocs", "pagefind"]


def quiet() -> bool:
    """No progress lines in CI logs."""
    return os.environ.get("CI", "").lower() in ("true", "1")


def say(message: str) -> None:
    """One progress line on stderr."""
    if not quiet():
        print(f"bench: {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: Path, log: Path, env: dict | None = None) -> dict:
    """Run one child process; wall time (s), CPU time (s), peak resident memory (MB, largest process of its tree)
    and the 1-minute load average before and after it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "CONTRATS_QUIET": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    load_before = os.getloadavg()[0]
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
    return {"s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_mb": round(usage.ru_maxrss * 1024 / MB, 1),
            "load": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


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


def gzip_size(path: Path) -> int:
    """Bytes of the file once gzip-compressed at level 6 (what a web server sends; compressed downloads stay as is)."""
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    n = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            n += len(comp.compress(block))
    return n + len(comp.flush())


def site_stats(site: Path) -> dict:
    """Apparent and compressed size of the site, its HTML pages, the largest one and how many exceed the page target."""
    total = compressed = 0
    pages: list[tuple[int, str]] = []
    by_top: dict[str, int] = {}
    for p in site.rglob("*"):
        if p.is_file():
            size = p.stat().st_size
            total += size
            compressed += gzip_size(p)
            top = p.relative_to(site).parts[0]
            by_top[top] = by_top.get(top, 0) + size
            if p.suffix == ".html":
                pages.append((size, p.relative_to(site).as_posix()))
    pages.sort(reverse=True)
    limit = TARGETS["page_kb"] * 1000
    return {"site_mb": round(total / MB, 1), "site_gzip_mb": round(compressed / MB, 1), "html_pages": len(pages),
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
        say(f"N = {n} : {name:8s} {full[name]['s']:7.1f} s  {full[name]['cpu_s']:7.1f} s CPU  "
            f"{full[name]['peak_mb']:7.0f} Mo  charge {full[name]['load'][1]}")
    # The floor is MkDocs as it comes: Python-Markdown on every page (the hook's pass-through turned off).
    floor = run([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", "site-floor"], work, logs / "floor.log",
                env={"CONTRATS_MARKDOWN": "1"})
    say(f"N = {n} : plancher (mkdocs build seul) {floor['s']:.1f} s, {floor['cpu_s']:.1f} s CPU")
    shutil.rmtree(work / "site-floor", ignore_errors=True)
    stats = site_stats(work / "site")
    say(f"N = {n} : site {stats['site_mb']} Mo ({stats['site_gzip_mb']} Mo compressé), {stats['html_pages']} pages HTML, plus grande "
        f"{stats['largest_page']['kb'] if stats['largest_page'] else 0} ko")
    search = search_bytes(work / "site") if browser else {"skipped": True}
    if browser:
        say(f"N = {n} : recherche « {QUERY} » : {search.get('kb')} ko téléchargés")
    edited = edit_one_contract(work)
    cmds["mkdocs"] = cmds["mkdocs"][:2] + ["--dirty"] + cmds["mkdocs"][2:]
    incremental: dict[str, dict] = {}
    for name in STAGES:
        incremental[name] = run(cmds[name], work, logs / f"{name}-incremental.log")
        say(f"N = {n} : incrémental {name:8s} {incremental[name]['s']:7.1f} s  {incremental[name]['cpu_s']:7.1f} s CPU")
    page = (work / "site" / "contrats" / edited / "index.html").read_text(encoding="utf-8")
    catalogue = (work / "site" / "contrats" / "index.html").read_text(encoding="utf-8")
    catalogue_json = work / "site" / "contrats" / "catalogue.json"
    listed = "(modifié)" in catalogue or (catalogue_json.exists() and "(modifié)" in catalogue_json.read_text("utf-8"))
    total = sum(s["s"] for s in full.values())
    ours = sum(full[s]["s"] for s in STAGES if s != "mkdocs")
    inc_total = sum(s["s"] for s in incremental.values())
    cpu = sum(s["cpu_s"] for s in full.values())
    inc_cpu = sum(s["cpu_s"] for s in incremental.values())
    result = {
        "n": n, "seed": seed, "cpus": os.cpu_count(), "python": platform.python_version(),
        "machine": platform.machine(), "synth_s": synth_s,
        "stages": full, "pipeline_s": round(total, 2), "pipeline_cpu_s": round(cpu, 2),
        "peak_mb": max(s["peak_mb"] for s in full.values()),
        "floor_mkdocs_s": floor["s"], "floor_cpu_s": floor["cpu_s"], "floor_peak_mb": floor["peak_mb"],
        "floor_load": floor["load"], "ours_s": round(ours, 2),
        "ours_over_floor": round(ours / floor["s"], 2) if floor["s"] else None,
        "cpu_over_floor": round(cpu / floor["cpu_s"], 2) if floor["cpu_s"] else None,
        **stats, "search": search,
        "incremental": {"edited": edited, "stages": incremental, "total_s": round(inc_total, 2),
                        "pct_of_full": round(100 * inc_total / total, 1) if total else None,
                        "cpu_s": round(inc_cpu, 2), "cpu_pct_of_full": round(100 * inc_cpu / cpu, 1) if cpu else None,
                        "page_updated": "(modifié)" in page, "catalogue_updated": listed},
    }
    (out / f"bench-{n}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


# --- Report -----------------------------------------------------------------------------------------------------


def _fmt(x: float | None, unit: str = "", digits: int = 1) -> str:
    if x is None:
        return "—"
    text = f"{x:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}{unit}"


def _dominant(stages: dict[str, dict], names: list[str], key: str = "cpu_s") -> str:
    top = max(names, key=lambda s: stages[s][key])
    total = sum(stages[s][key] for s in names) or 1
    unit = " s CPU" if key == "cpu_s" else " s"
    return f"{top} : {_fmt(stages[top][key], unit)} ({round(100 * stages[top][key] / total)} %)"


def slopes(runs: dict[int, dict]) -> list[dict]:
    """Per-contract CPU cost between consecutive measured sizes (whole pipeline and each stage), ms per contract."""
    sizes = sorted(runs)
    out = []
    for a, b in zip(sizes, sizes[1:]):
        ra, rb = runs[a], runs[b]
        out.append({"from": a, "to": b,
                    "ms": 1000 * (rb["pipeline_cpu_s"] - ra["pipeline_cpu_s"]) / (b - a),
                    "mean_ms_at_from": 1000 * ra["pipeline_cpu_s"] / a,
                    "stages_ms": {s: 1000 * (rb["stages"][s]["cpu_s"] - ra["stages"][s]["cpu_s"]) / (b - a)
                                  for s in STAGES}})
    return out


def _has_cpu(r: dict) -> bool:
    return "pipeline_cpu_s" in r and "floor_cpu_s" in r


def targets(r: dict, runs: dict[int, dict], bench_min: float | None) -> list[tuple[str, str, str, bool | None, str]]:
    """(target, limit, measured, met, reason when not met) for one size: the targets of issue 16, then those of
    issue 5 that still apply (largest page, search bytes, bench duration)."""
    out = []
    st = r["stages"]
    ratio = r.get("cpu_over_floor")
    met = ratio is not None and ratio <= TARGETS["cpu_over_floor"]
    out.append(("Chaîne complète / `mkdocs build` seul (plancher), en temps CPU",
                f"≤ {_fmt(TARGETS['cpu_over_floor'])}",
                f"{_fmt(ratio, '', 2)} ({_fmt(r.get('pipeline_cpu_s'), ' s')} / {_fmt(r.get('floor_cpu_s'), ' s')} CPU ; "
                f"temps écoulé {_fmt(r['pipeline_s'], ' s')} / {_fmt(r['floor_mkdocs_s'], ' s')})", met,
                "" if met else f"étape la plus coûteuse {_dominant(st, STAGES)}"))
    met = r["peak_mb"] <= TARGETS["peak_mb"]
    top = max(STAGES, key=lambda s: st[s]["peak_mb"])
    out.append(("Mémoire maximale (plus gros processus d’une étape)", f"≤ {_fmt(TARGETS['peak_mb'], ' Mo', 0)}",
                f"{_fmt(r['peak_mb'], ' Mo')} ({top})", met, "" if met else f"étape {top}"))
    met = r["site_mb"] <= TARGETS["site_mb"]
    folders = ", ".join(f"{k} {_fmt(v, ' Mo')}" for k, v in list(r["largest_folders_mb"].items())[:4])
    out.append(("Taille du site", f"≤ {_fmt(TARGETS['site_mb'], ' Mo', 0)}",
                f"{_fmt(r['site_mb'], ' Mo')} (compressé gzip : {_fmt(r.get('site_gzip_mb'), ' Mo')})", met,
                "" if met else f"{r['html_pages']} pages HTML ({_fmt(r['html_mb'], ' Mo')}) ; dossiers : {folders}"))
    inc = r["incremental"]
    pct = inc.get("cpu_pct_of_full")
    updated = inc["page_updated"] and inc["catalogue_updated"]
    met = pct is not None and pct <= TARGETS["incremental_cpu_pct"] and updated
    reason = ""
    if not met:
        reason = f"étape la plus coûteuse {_dominant(inc['stages'], STAGES)}" if pct is not None else "CPU non mesuré"
        if not updated:
            reason += " ; modification absente du site !"
    out.append(("Reconstruction après modification d’un contrat, en temps CPU",
                f"≤ {TARGETS['incremental_cpu_pct']} % du complet",
                f"{_fmt(pct, ' %')} ({_fmt(inc.get('cpu_s'), ' s')} CPU ; temps écoulé {_fmt(inc['pct_of_full'], ' %')})",
                met, reason))
    steps = [x for x in slopes({n: v for n, v in runs.items() if _has_cpu(v)}) if x["to"] <= r["n"]]
    if steps:
        last = steps[-1]
        linear = last["ms"] <= TARGETS["slope_growth"] * last["mean_ms_at_from"]
        growing = max(STAGES, key=lambda s: last["stages_ms"][s] - runs[last["from"]]["stages"][s]["cpu_s"] * 1000 / last["from"])
        measured = "; ".join(f"{x['from']} → {x['to']} : {_fmt(x['ms'], ' ms')}" for x in steps)
        out.append(("Coût linéaire en N (pente CPU par contrat)",
                    f"pente ≤ {_fmt(TARGETS['slope_growth'], '', 2)} × coût moyen par contrat à la taille inférieure",
                    f"{measured} par contrat (moyenne à {last['from']} : {_fmt(last['mean_ms_at_from'], ' ms')})", linear,
                    "" if linear else f"le coût par contrat croît avec N ; étape qui croît le plus : {growing} "
                    f"({_fmt(last['stages_ms'][growing], ' ms')} par contrat)"))
    else:
        out.append(("Coût linéaire en N (pente CPU par contrat)", "linéaire", "une seule taille mesurée", None,
                    "lancer aussi une autre taille (`make bench N=1000`, puis `N=5000`)"))
    lp = r["largest_page"] or {"kb": 0, "path": ""}
    met = r["pages_over_limit"] == 0
    out.append(("Plus grande page HTML (issue 5)", f"≤ {TARGETS['page_kb']} ko", f"{_fmt(lp['kb'], ' ko')} ({lp['path']})",
                met, "" if met else f"{r['pages_over_limit']} page(s) au-delà"))
    s = r.get("search", {})
    if "kb" in s:
        met = s["kb"] <= TARGETS["search_kb"]
        kinds = ", ".join(f"{k} {_fmt(v, ' ko')}" for k, v in sorted(s["by_kind_kb"].items(), key=lambda kv: -kv[1])[:4])
        out.append((f"Recherche « {s['query']} » : octets téléchargés (issue 5)", f"≤ {TARGETS['search_kb']} ko",
                    f"{_fmt(s['kb'], ' ko')} ({s['requests']} requêtes)", met, "" if met else kinds))
    else:
        out.append(("Recherche : octets téléchargés (issue 5)", f"≤ {TARGETS['search_kb']} ko", "non mesuré", None,
                    s.get("error", "navigateur non lancé (--no-browser)")))
    if bench_min is not None:
        met = bench_min <= TARGETS["bench_min"]
        out.append(("Durée de make bench (issue 5)", f"≤ {TARGETS['bench_min']} min", _fmt(bench_min, " min"), met,
                    "" if met else "somme des tailles mesurées"))
    return out


def _load(x: dict) -> str:
    load = x.get("load")
    return f"{_fmt(load[0])}→{_fmt(load[1])}" if load else "—"


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
    lines = ["# Banc d’essai de la chaîne (issues 5 et 16)", "",
             f"Machine : {runs[sizes[-1]]['cpus'] if sizes else '?'} cœurs, Python "
             f"{runs[sizes[-1]]['python'] if sizes else '?'}. Corpus synthétique (`scripts/synth.py`), "
             "chaque étape mesurée comme processus enfant : temps écoulé, temps CPU (utilisateur + système de l’étape "
             "et de ses processus enfants), mémoire (plus gros processus de l’étape), charge moyenne sur 1 minute "
             "avant → après l’étape. Les verdicts se lisent en temps CPU, qui suit le code et non la charge de la "
             "machine.", "",
             "## Mesures par étape (temps écoulé / temps CPU · mémoire · charge)", "",
             "| N | " + " | ".join(STAGES) + " | chaîne | mkdocs seul (plancher) | chaîne / plancher (CPU) | "
             "mémoire max | site (compressé) | pages HTML | plus grande page | recherche | incrémental (CPU) |",
             "|---" * (len(STAGES) + 10) + "|"]
    for n in sizes:
        r = runs[n]
        st = r["stages"]
        cells = [f"{_fmt(st[s]['s'], ' s')} / {_fmt(st[s].get('cpu_s'), ' s')} · {_fmt(st[s]['peak_mb'], ' Mo')} · "
                 f"{_load(st[s])}" for s in STAGES]
        s = r.get("search", {})
        inc = r["incremental"]
        lines.append(f"| {n} | " + " | ".join(cells)
                     + f" | {_fmt(r['pipeline_s'], ' s')} / {_fmt(r.get('pipeline_cpu_s'), ' s')} | "
                     f"{_fmt(r['floor_mkdocs_s'], ' s')} / {_fmt(r.get('floor_cpu_s'), ' s')} · "
                     f"{_fmt(r.get('floor_peak_mb'), ' Mo')} · {_load({'load': r.get('floor_load')})} | "
                     f"{_fmt(r.get('cpu_over_floor'), '', 2)} | {_fmt(r['peak_mb'], ' Mo')} | "
                     f"{_fmt(r['site_mb'], ' Mo')} ({_fmt(r.get('site_gzip_mb'), ' Mo')}) | "
                     f"{r['html_pages']} | {_fmt((r['largest_page'] or {}).get('kb'), ' ko')} | "
                     f"{_fmt(s.get('kb'), ' ko') if 'kb' in s else '—'} | "
                     f"{_fmt(inc.get('cpu_s'), ' s')} ({_fmt(inc.get('cpu_pct_of_full'), ' %')}) |")
    lines += ["", "Incrémental : après modification du titre d’un contrat (champ affiché par le catalogue, les pages "
              "de territoire et de partie), build + validate + render + `mkdocs build --dirty` + pagefind "
              "(temps écoulé / CPU).", ""]
    for n in sizes:
        r = runs[n]
        inc = r["incremental"]["stages"]
        lines.append(f"- N = {n} : " + ", ".join(f"{s} {_fmt(inc[s]['s'], ' s')} / {_fmt(inc[s].get('cpu_s'), ' s')}"
                                                 for s in STAGES)
                     + f" ; page du contrat à jour : {'oui' if r['incremental']['page_updated'] else 'NON'}, "
                     f"catalogue à jour : {'oui' if r['incremental']['catalogue_updated'] else 'NON'}")
    steps = slopes({n: v for n, v in runs.items() if _has_cpu(v)})
    if steps:
        lines += ["", "## Pentes (temps CPU par contrat entre deux tailles)", "",
                  "| de → à | chaîne | " + " | ".join(STAGES) + " | coût moyen par contrat à la plus petite taille |",
                  "|---" * (len(STAGES) + 3) + "|"]
        for x in steps:
            lines.append(f"| {x['from']} → {x['to']} | {_fmt(x['ms'], ' ms')} | "
                         + " | ".join(_fmt(x["stages_ms"][s], " ms") for s in STAGES)
                         + f" | {_fmt(x['mean_ms_at_from'], ' ms')} |")
    for ref in sizes[::-1][:1] + ([1000] if 1000 in runs and sizes[-1] != 1000 else []):
        scope = "" if ref == 5000 else (", la plus grande taille mesurée" if ref == sizes[-1] else "")
        lines += ["", f"## Objectifs (à N = {ref}{scope})", "",
                  "| objectif | cible | mesure | atteint | raison si non atteint |", "|---|---|---|---|---|"]
        for name, limit, measured, met, reason in targets(runs[ref], runs, bench_min if ref == sizes[-1] else None):
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
