"""MkDocs hooks (mkdocs.yml « hooks »): generated pages skip Python-Markdown, the whitespace Material's templates
leave in every page is trimmed, and pages are dated by their data rather than by the day of the build.

Generated pages (front matter « html_genere: true », written by `contrats render`) are raw HTML blocks and level-2
headings `## Titre {#ancre}`: Python-Markdown spent most of MkDocs' time re-reading HTML it leaves untouched. For
those pages the hook turns the headings into what the toc extension would write (same id, same « ¶ » link, same
table of contents) and passes the rest through as it is; a page holding anything else falls back to Markdown.
`CONTRATS_MARKDOWN=1` forces Markdown for every page (the benchmark's bare-MkDocs floor, and the test that both
paths give the same site).

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
from types import MethodType

from markdown import Markdown
from mkdocs.structure.toc import get_toc

from contrats.site.page import GENERATED_KEY

# (The document text's div carries more attributes than its class: data-pagefind-weight.)
_KEEP = re.compile(r'(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<div class="texte-document"[^>]*>.*?</div>)', re.S)
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


# A generated page body: blocks separated by blank lines; a heading block is exactly « ## title {#id} » with a plain
# title (nothing Markdown would change but « & », « < », « > », escaped as Markdown escapes them).
_HEADING = re.compile(r"\n\n## ([^\n*_`\\\[\]<>{}#]+?) \{#([A-Za-z0-9_-]+)\}(?=\n\n|\n?\Z)")
_BLOCK_TAGS = "|".join(sorted(Markdown().block_level_elements))
_RAW_BLOCK = re.compile(rf"</?(?:!--|(?:{_BLOCK_TAGS})[\s/>])")
_ID = re.compile(r' id="([^"]*)"')


def _passthrough(markdown: str, permalink_title: str) -> tuple[str, list[dict]] | None:
    """HTML and toc tokens of a generated page body, or None when it holds Markdown other than level-2 headings."""
    tokens: list[dict] = []
    parts = _KEEP.split("\n\n" + markdown)
    for i in range(0, len(parts), 2):
        def heading(m: re.Match) -> str:
            name = m.group(1).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            tokens.append({"level": 2, "id": m.group(2), "name": name, "children": []})
            return (f'\n\n<h2 id="{m.group(2)}">{name}<a class="headerlink" href="#{m.group(2)}" '
                    f'title="{permalink_title}">&para;</a></h2>')
        parts[i] = _HEADING.sub(heading, parts[i])
        # Every block must be raw HTML Markdown keeps as it is (a block-level element, or the end of one that holds a
        # blank line); the first block of a part after a preformatted region continues that region's block.
        blocks = parts[i].split("\n\n")
        if any(b.strip() and not _RAW_BLOCK.match(b.lstrip("\n")) for b in blocks[1 if i else 0:]):
            return None
    return "".join(parts)[2:], tokens


def _ready(page, html: str, tokens: list[dict]):  # noqa: ANN001, ANN202
    """A replacement for Page.render on one page: the content is already HTML."""
    def render(self, config, files) -> None:  # noqa: ANN001
        self.content = html
        self.toc = get_toc(tokens)
        self.present_anchor_ids = set(_ID.findall(html))
        self.links_to_anchors = {}
    return MethodType(render, page)


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ANN001 (MkDocs hook signature)
    """Generated pages: render them here, without Python-Markdown (unless CONTRATS_MARKDOWN=1)."""
    if not page.meta.get(GENERATED_KEY) or os.environ.get("CONTRATS_MARKDOWN") == "1":
        return markdown
    toc = (config.mdx_configs or {}).get("toc", {})
    done = _passthrough(markdown, toc.get("permalink_title", "Permanent link"))
    if done is not None:
        page.render = _ready(page, *done)
    return markdown
