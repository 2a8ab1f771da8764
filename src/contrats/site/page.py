"""A generated page (front matter + Markdown headings + raw HTML blocks) and the HTML building blocks pages share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import fmt, links
from .fmt import esc

# Front matter key marking a generated page: its body is raw HTML and `## Titre {#ancre}` headings, which the MkDocs
# hook (mkdocs_hooks.py) renders without Python-Markdown.
GENERATED_KEY = "html_genere"


@dataclass
class Page:
    """One page to write under docs/: its address, plain-text title and description, and its body."""

    url: str
    title: str
    description: str
    body: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    hide: list[str] = field(default_factory=list)
    indexed: bool = True
    extra_files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path → bytes (e.g. a JSON listing)
    search_meta: dict[str, str] = field(default_factory=dict)  # shown beside search results (famille, période)

    def href(self, target: str) -> str:
        """Relative link from this page to a site path."""
        return links.rel(self.url, target)

    def link(self, target: str, text: str, **attrs: str) -> str:
        """<a> to a site path; `text` is plain text (escaped here)."""
        extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
        return f'<a href="{esc(self.href(target))}"{extra}>{esc(text)}</a>'

    def h1(self, text: str, subtitle_html: str = "", search_title: str = "") -> None:
        """Page heading (raw HTML so that data titles stay escaped text); `search_title` renames it in search results."""
        meta = f' data-pagefind-meta="{esc("title:" + search_title)}"' if search_title else ""
        self.html(f"<h1{meta}>{esc(text)}</h1>" + (f"\n{subtitle_html}" if subtitle_html else ""))

    def section(self, title: str, anchor: str) -> None:
        """A level-2 heading in Markdown (listed in the table of contents); `title` must be a fixed label."""
        self.body.append(f"## {title} {{#{anchor}}}")

    def html(self, block: str) -> None:
        """A raw HTML block: must start with a block-level element; kept apart from Markdown by blank lines."""
        self.body.append(block.strip())

    def markdown(self) -> str:
        """Front matter and body, ready for docs/."""
        meta = [f"title: {fmt.yaml_str(esc(self.title))}", f"description: {fmt.yaml_str(esc(self.description))}",
                f"{GENERATED_KEY}: true"]
        if self.filters:
            meta.append("filtres:")
            meta += [f"  - {fmt.yaml_str(f)}" for f in self.filters]
        if self.hide:
            meta.append("hide:")
            meta += [f"  - {h}" for h in self.hide]
        if not self.indexed:
            meta.append("recherche: false")
        if self.search_meta:
            meta.append("recherche_meta:")
            meta += [f"  {k}: {fmt.yaml_str(v)}" for k, v in self.search_meta.items()]
        return "---\n" + "\n".join(meta) + "\n---\n\n" + "\n\n".join(self.body) + "\n"

    def write(self, docs: Path) -> tuple[str, bool]:
        """Write the page's Markdown file under `docs` unless it already holds these bytes; (path, written)."""
        rel = links.docs_path(self.url)
        written = write_if_changed(docs / rel, self.markdown().encode("utf-8"))
        for path, data in self.extra_files.items():
            written = write_if_changed(docs / path, data) or written
        return rel, written


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly these bytes (unchanged files keep their mtime, so
    `mkdocs build --dirty` skips them)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


# Rows per page of long listings (catalogue, documents, parties, a territory's or a party's contracts): keeps every
# HTML page well under 200 KB at thousands of contracts.
LIST_PAGE = 150


def chunks(items: list, size: int = LIST_PAGE) -> list[list]:
    """`items` cut into pages of `size` (one empty page when there is nothing)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def pager(page: Page, base: str, number: int, count: int) -> str:
    """Links to every page of a listing split in `count` pages (empty when there is one page)."""
    if count <= 1:
        return ""
    items = []
    for k in range(1, count + 1):
        if k == number:
            items.append(f'<li><span aria-current="page">{k}</span></li>')
        else:
            items.append(f"<li>{page.link(links.paged(base, k), str(k))}</li>")
    return (f'<nav class="pagination" aria-label="Pages de la liste (page {number} sur {count})">'
            f'<ul>{"".join(items)}</ul></nav>')


def add_paged(page: Page, base: str, number: int, count: int, body: str) -> None:
    """Append a listing's body between two page selectors (only the body when the listing has one page)."""
    nav = pager(page, base, number, count)
    for block in (nav, body, nav):
        if block:
            page.html(block)


def continuation_pages(base: str, index: tuple[str, str], label: str, description: Callable[[int, int], str],
                       count: int) -> list[Page]:
    """Pages 2…count of an entity's contract listing: not indexed, with a trail back to the index and the entity."""
    pages = []
    for k in range(2, count + 1):
        title = f"{label} : contrats (page {k} sur {count})"
        more = Page(links.paged(base, k), title, description(k, count))
        more.indexed = False
        more.html(f'<p class="fil">{more.link(index[0], index[1])} › {more.link(base, label)}</p>')
        more.h1(title)
        pages.append(more)
    return pages


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], caption: str = "", numeric: Iterable[int] = (),
          css_class: str = "", stack: bool = False) -> str:
    """A data table; headers are plain text, cells are HTML already escaped; `numeric` columns are right-aligned;
    `stack` makes its rows stack on phones."""
    num = set(numeric)
    right = ' class="nombre"'
    heads = list(headers)
    head = "".join(f'<th scope="col"{right if i in num else ""}>{esc(h)}</th>' for i, h in enumerate(heads))
    # Cells are separated by a space (search snippets read « a b », not « ab »); headers are left out of the index,
    # and each cell carries its header (data-label) for tables stacked on phones (css_class « empile »).
    body = "\n".join("<tr>" + " ".join(
        f'<td{right if i in num else ""} data-label="{esc(heads[i]) if i < len(heads) else ""}">{c}</td>'
        for i, c in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{caption}</caption>" if caption else ""
    cls = f' class="{css_class}"' if css_class else ""
    html = f"<table{cls}>{cap}\n<thead data-pagefind-ignore><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    # `stack`: on phones, each row becomes a block of labelled lines (no sideways scrolling to reach amounts).
    return f'<div class="empile">\n{html}\n</div>' if stack else html


def definitions(items: Iterable[tuple[str, str]]) -> str:
    """A description list of (plain-text term, HTML value) pairs, skipping empty values."""
    rows = "\n".join(f"<dt>{esc(k)}</dt> <dd>{v}</dd>" for k, v in items if v)
    return f'<dl class="fiche">\n{rows}\n</dl>'


def badge(text: str, kind: str = "") -> str:
    """A small label (plain text)."""
    return f'<span class="badge{" badge--" + kind if kind else ""}">{esc(text)}</span>'


def empty(text: str) -> str:
    """A muted note for an empty section (plain text)."""
    return f'<p class="vide">{esc(text)}</p>'


def bullet_list(items: Iterable[str], css_class: str = "") -> str:
    """A list of HTML items."""
    cls = f' class="{css_class}"' if css_class else ""
    return f"<ul{cls}>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"
