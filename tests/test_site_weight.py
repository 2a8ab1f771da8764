"""Lighter pages: document pages show each quoted passage once (in the highlighted text), evidence anchors are short,
and every « citation » link still lands on its passage."""

from __future__ import annotations

import csv
import html
import re
from urllib.parse import urljoin, urlsplit

from contrats import paths
from sitekit import built_site

TAG = re.compile(r"<[^>]+>")


def _visible_text(page: str) -> str:
    """Text of a document page from its list of passages to the end of the text, tags dropped and entities decoded
    (an independent reading of the HTML; the title above may well be a quote)."""
    body = page[page.index('id="passages"'):page.index("</article>")]
    return html.unescape(TAG.sub("", body))


def test_document_pages_show_each_quote_once():
    """A quote shows in its document page as often as the text holds it: the list of passages does not repeat it."""
    site = built_site()
    with (paths.DATAPACKAGES / "catalogue" / "preuves.csv").open(encoding="utf-8") as fh:
        quotes = [r for r in csv.DictReader(fh) if r["document_id"] and len(r["citation"]) >= 40]
    checked = 0
    for q in quotes[:200]:
        folder = site / "documents" / q["document_id"]
        if (folder / "partie-2").exists() or not (folder / "index.html").exists():
            continue
        text = (site / "telechargements" / "documents" / f"{q['document_id']}.txt").read_text(encoding="utf-8")
        shown = _visible_text((folder / "index.html").read_text(encoding="utf-8"))
        assert shown.count(q["citation"]) == text.count(q["citation"]), (q["document_id"], q["citation"])
        checked += 1
    assert checked >= 20


def test_evidence_links_are_short_and_land_on_their_passage():
    """Every « citation » link of every contract page names a short anchor that its document page holds."""
    site = built_site()
    ids: dict[str, set[str]] = {}
    links = 0
    for page in sorted((site / "contrats").glob("*/index.html")):
        for href in re.findall(r'<a class="lien-preuve" href="([^"]+)"', page.read_text(encoding="utf-8")):
            target = urljoin(f"/{page.relative_to(site).as_posix()}", html.unescape(href))
            path, anchor = urlsplit(target).path, urlsplit(target).fragment
            assert re.fullmatch(r"p-[0-9a-f]{10}", anchor), href
            if path not in ids:
                ids[path] = set(re.findall(r' id="([^"]+)"', (site / path.strip("/") / "index.html").read_text("utf-8")))
            assert anchor in ids[path], f"{page}: {href}"
            links += 1
    assert links > 100
