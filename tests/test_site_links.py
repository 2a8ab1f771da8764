"""Static checks of the built site: no broken internal link or anchor, no external asset, metadata on every page."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitekit import built_site

LINK_ASSETS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon", "preconnect"}
ASSET_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
              "embed": "src", "object": "data"}


class PageScan(HTMLParser):
    """Collects links, asset references, ids and head metadata of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.lang = ""
        self.title = ""
        self.description = ""
        self.jsonld: list[str] = []
        self._in_title = False
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "title":
            self._in_title = True
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content", "")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link" and "href" in a:
            self.links.append(a["href"])
            if set(a.get("rel", "").split()) & LINK_ASSETS:
                self.assets.append((tag, a["href"]))
        if tag in ASSET_TAGS and ASSET_TAGS[tag] in a:
            self.assets.append((tag, a[ASSET_TAGS[tag]]))
            self.links.append(a[ASSET_TAGS[tag]])
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_jsonld:
            self.jsonld[-1] += data


def url_of(site: Path, file: Path) -> str:
    """Site path of an HTML file ('' for the home page, 'a/b/' for a/b/index.html)."""
    rel = file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def target_file(site: Path, base_url: str, href: str) -> tuple[Path, str] | None:
    """File and fragment an internal link points to (None for external or special links)."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//") or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    base_dir = base_url if base_url.endswith("/") or not base_url else posixpath.dirname(base_url) + "/"
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(base_dir, path)) if path else base_url
    if joined in (".", ""):
        joined = ""
    if path.endswith("/") and joined:
        joined += "/"
    target = site / joined
    if joined == "" or joined.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.fixture(scope="module")
def scans() -> dict[Path, PageScan]:
    """Every HTML page of the site, parsed once."""
    site = built_site()
    out = {}
    for f in sorted(site.rglob("*.html")):
        scan = PageScan()
        scan.feed(f.read_text(encoding="utf-8"))
        out[f] = scan
    return out


def test_no_broken_internal_link_or_anchor(scans):
    """Every relative link resolves to a file of the site, and every #fragment to an id of its page."""
    site = built_site()
    broken = []
    for f, scan in scans.items():
        if f.name == "404.html":
            continue  # served at any address: its links are absolute (site_url)
        base = url_of(site, f)
        for href in scan.links:
            assert not href.startswith("/") or href.startswith("//"), f"{f}: lien absolu {href} (casse les sous-chemins)"
            found = target_file(site, base, href)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{base or '/'} → {href}")
            elif fragment and target.suffix == ".html":
                page = scans.get(target)
                if page is not None and fragment not in page.ids:
                    broken.append(f"{base or '/'} → {href} (ancre absente)")
    assert broken == [], "\n".join(broken[:30])


def test_no_external_asset(scans):
    """Nothing is loaded from another host (no CDN, no Google Fonts); links to sources in the text are allowed."""
    site = built_site()
    external = [f"{f.relative_to(site)}: <{tag}> {src}" for f, scan in scans.items() for tag, src in scan.assets
                if urlsplit(src).scheme in ("http", "https") or src.startswith("//")]
    assert external == [], "\n".join(external[:20])
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), f"{css}: ressource externe dans la feuille de style"
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), f"{css}: @import externe"
    for f, scan in scans.items():
        html = f.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, f


def test_every_page_has_french_metadata(scans):
    """lang="fr", a title and a description on every page; valid JSON-LD wherever there is some."""
    site = built_site()
    for f, scan in scans.items():
        rel = f.relative_to(site)
        assert scan.lang == "fr", rel
        assert scan.title.strip(), rel
        if f.name != "404.html":
            assert scan.description.strip(), rel
        for block in scan.jsonld:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org", rel
            assert "</" not in block, rel


def test_sitemap_lists_contract_pages():
    """MkDocs' sitemap.xml lists the contract pages at the configured address."""
    site = built_site()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    contracts = [p.name for p in (site / "contrats").iterdir() if (p / "index.html").exists()]
    assert contracts
    for cid in contracts:
        assert f"/contrats/{cid}/</loc>" in sitemap, cid


class NavLinks(HTMLParser):
    """Links inside Material's primary navigation (the sidebar)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.depth:
            if tag == "nav":
                self.depth += 1
            if tag == "a" and "href" in a:
                self.links.append(a["href"])
        elif tag == "nav" and "md-nav--primary" in a.get("class", ""):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1


def test_generated_pages_are_not_in_the_sidebar():
    """The sidebar lists the index pages only, never one entry per contract, party or document."""
    site = built_site()
    allowed = {"", "contrats/", "comparer/", "couverture/", "territoires/", "parties/", "documents/", "donnees/",
               "methodologie/"}
    for path in ("index.html", "contrats/index.html", "donnees/index.html"):
        nav = NavLinks()
        nav.feed((site / path).read_text(encoding="utf-8"))
        base = url_of(site, site / path)
        targets = set()
        for href in nav.links:
            if href.startswith("#"):
                continue
            target, _ = target_file(site, base, href)
            targets.add(url_of(site, target))
        assert targets == allowed, f"{path}: {sorted(targets)}"
