"""Maintainer tool: the two ways of skipping Python-Markdown for generated pages, side by side (issue 16).

    python scripts/bench_pages.py build/bench/1000     # a bench folder whose docs/ is rendered (make bench N=1000)

In that folder (it sees the repository's mkdocs.yml, overrides/ and src/ through symbolic links, as bench.py sets it
up), measures the CPU time and peak memory of:
- `mkdocs build --strict` with Python-Markdown on every page (CONTRATS_MARKDOWN=1, the bare-MkDocs floor);
- `mkdocs build --strict` with the hook's pass-through (kept: lever a);
- lever b's bound: the theme's own main.html rendered with Jinja2 and MkDocs' context for every page, in one
  process, after the pages are read and passed through — what rendering final pages with Jinja2 from the theme's
  templates cannot go below, without the static files, the writing or the compaction;
and whether both builds give the same files.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system, children included) and peak resident memory (MB) of one command."""
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"échec : {' '.join(cmd)}")
    return round(usage.ru_utime + usage.ru_stime, 2), round(usage.ru_maxrss / 1024, 1)


def jinja_bound() -> None:
    """Lever b's bound, printed as one line (run in the bench folder, in a child process)."""
    from mkdocs.commands import build as mk
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    config = load_config("mkdocs.yml", site_dir="site-jinja")
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    pages = [f.page for f in files.documentation_pages()]
    start = time.process_time()
    for page in pages:
        mk._populate_page(page, config, files)
    prepared = time.process_time()
    template = env.get_template("main.html")
    doc_files = files.documentation_pages()
    for page in pages:
        page.active = True
        template.render(mk.get_context(nav, doc_files, config, page))
        page.active = False
    done = time.process_time()
    print(f"levier b (borne) : {len(pages)} pages, préparation {prepared - start:.2f} s CPU, "
          f"rendu Jinja des gabarits du thème {done - prepared:.2f} s CPU")


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="dossier de banc (docs/ déjà rendu)")
    parser.add_argument("--jinja", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.jinja:
        jinja_bound()
        return
    work = args.folder.resolve()
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir"]
    results = {}
    for name, env in (("markdown", {"CONTRATS_MARKDOWN": "1"}), ("crochet", {})):
        shutil.rmtree(work / f"site-{name}", ignore_errors=True)
        results[name] = timed(mkdocs + [f"site-{name}"], work, env)
        print(f"mkdocs build, {name} : {results[name][0]} s CPU, {results[name][1]} Mo")
    print(f"rapport crochet / markdown : {results['crochet'][0] / results['markdown'][0]:.2f}")
    cpu, _ = timed([sys.executable, __file__, "--jinja"], work, {})
    print(f"(processus de la borne du levier b : {cpu} s CPU, démarrage compris)")
    a, b = work / "site-markdown", work / "site-crochet"
    differ = [p.relative_to(a).as_posix() for p in a.rglob("*")
              if p.is_file() and not ((b / p.relative_to(a)).is_file() and filecmp.cmp(p, b / p.relative_to(a), False))]
    print(f"fichiers différents entre les deux builds : {len(differ)}" + (f" ({', '.join(differ[:5])}…)" if differ else ""))
    for name in ("site-markdown", "site-crochet", "site-jinja"):
        shutil.rmtree(work / name, ignore_errors=True)


if __name__ == "__main__":
    main()
