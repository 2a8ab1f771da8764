"""MkDocs hooks (mkdocs.yml « hooks »): trim the whitespace Material's templates leave in every page, and date
pages by their data rather than by the day of the build.

Each page carried ~5 KB of indentation and blank lines from the theme's Jinja templates; at thousands of pages that
is tens of megabytes. Every run of whitespace that contains a line break becomes one line break, which HTML renders
identically, except inside elements whose whitespace is significant (pre, textarea, and the document texts shown
with « white-space: pre-wrap »), left untouched.

Reproducible builds: MkDocs stamps each page (sitemap « lastmod », sitemap.xml.gz header) with the day of the build
unless SOURCE_DATE_EPOCH is set. When it is not, pages take the date of the data instead, which the render stage
records in docs/.contrats-render.json (« date_donnees »): two builds of the same data give the same sitemap.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

_KEEP = re.compile(r'(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<div class="texte-document">.*?</div>)', re.S)
_BREAKS = re.compile(r"[ \t\r]*\n\s*")


def compact(html: str) -> str:
    """`html` with whitespace runs holding a line break reduced to one line break, outside preformatted text."""
    parts = _KEEP.split(html)
    return "".join(p if i % 2 else _BREAKS.sub("\n", p) for i, p in enumerate(parts))


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 (MkDocs hook signature)
    """Compact every rendered page."""
    return compact(output)


_DATE: dict[str, str] = {}


def on_config(config):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    """Read the date of the data from the render manifest (none when SOURCE_DATE_EPOCH is set or no manifest)."""
    _DATE.clear()
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            day = json.loads((Path(config.docs_dir) / ".contrats-render.json").read_text(encoding="utf-8"))
            if day.get("date_donnees"):
                _DATE["day"] = day["date_donnees"]
        except (OSError, ValueError):
            pass
    return config


def on_pre_page(page, config, files):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    """Date every page by its data (sitemap), not by the day of the build."""
    if "day" in _DATE:
        page.update_date = _DATE["day"]
    return page
