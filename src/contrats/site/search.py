"""Search index of the built site: Pagefind run once per part of the site, each part a bundle the UI merges.

Pagefind keeps a whole index in memory until it writes it (about 0.33 MB per indexed page): one index of every page
passed 3.4 GB at 5,000 contracts. The contract pages and the document texts, the two big groups, get bundles of
their own (site/pagefind/<part>/) and everything else the main bundle (site/pagefind/, with the UI); the runs are
sequential, so the peak is that of the largest part. site/pagefind/parties.json lists the parts that hold pages:
assets/site/recherche.js merges them (Pagefind's mergeIndex) into one list of results.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .. import paths

BUNDLE = "pagefind"
MANIFEST = "parties.json"
# Top-level folders of the site indexed apart, each in site/pagefind/<folder>/.
PARTS = ("contrats", "documents")
# Top-level entries that hold no page to index (Pagefind's own output, theme assets, downloads).
_SKIP = {BUNDLE, f".{BUNDLE}-nouveau", "assets", "telechargements", "404.html"}


def _has_pages(folder: Path) -> bool:
    return next(folder.rglob("*.html"), None) is not None


def _pagefind(site: Path, glob: str, subdir: str) -> None:
    # Settings from pagefind.yml at the repository root (the working directory).
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", glob, "--output-subdir", subdir],
                   check=True, cwd=paths.ROOT, stdout=subprocess.DEVNULL)


def main_glob(site: Path) -> str:
    """Pagefind glob of the pages of the main bundle: every top-level page or folder but the parts."""
    names = sorted(p.name for p in site.iterdir() if p.name not in _SKIP and p.name not in PARTS
                   and (p.suffix == ".html" or (p.is_dir() and _has_pages(p))))
    globs = [n if n.endswith(".html") else f"{n}/**/*.html" for n in names]
    return globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"


def index_site(site: Path) -> list[str]:
    """Build the search index of `site` from scratch into a new folder, then put it in place of the earlier one (which
    stays whole if Pagefind fails; Pagefind itself never deletes its old files); return the parts merged into the
    main bundle."""
    site = site.resolve()  # Pagefind runs from the repository root
    new = f".{BUNDLE}-nouveau"
    shutil.rmtree(site / new, ignore_errors=True)
    merged = [part for part in PARTS if (site / part).is_dir() and _has_pages(site / part)]
    try:
        _pagefind(site, main_glob(site), new)
        for part in merged:
            _pagefind(site, f"{part}/**/*.html", f"{new}/{part}")
    except BaseException:
        shutil.rmtree(site / new, ignore_errors=True)
        raise
    (site / new / MANIFEST).write_text(json.dumps([f"{part}/" for part in merged]) + "\n", encoding="utf-8")
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    (site / new).rename(site / BUNDLE)
    return merged
