"""Generated pages skip Python-Markdown (mkdocs_hooks.py): the published site must be byte for byte the one MkDocs
builds with Markdown, and every generated page must actually take the fast path."""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from contrats.site import mkdocs_hooks
from contrats.site.build import mkdocs_build
from contrats.site.page import GENERATED_KEY
from sitekit import built_site


def _docs() -> Path:
    docs = built_site().parent / "docs"
    if not (docs / "index.md").exists():
        pytest.skip("pages Markdown du site testé introuvables")
    return docs


def _front_matter(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def _markdown_whitespace(html: bytes) -> bytes:
    """What Python-Markdown does to every line, raw HTML included (tabs to 4 spaces, blank lines emptied): the
    pass-through shows document texts exactly as held, the only difference it is allowed."""
    return re.sub(r"(?<=\n) +\n", "\n", html.decode("utf-8").expandtabs(4)).encode("utf-8")


def test_every_generated_page_skips_markdown():
    """Each page `contrats render` writes is marked as generated and is rendered by the hook, never by Markdown."""
    docs = _docs()
    generated = 0
    for path in sorted(docs.rglob("*.md")):
        meta, body = _front_matter(path.read_text(encoding="utf-8"))
        if path.name == "methodologie.md":
            assert not meta.get(GENERATED_KEY), "la page écrite à la main passe par Markdown"
            continue
        assert meta.get(GENERATED_KEY) is True, f"{path} : page générée sans « {GENERATED_KEY}: true »"
        assert mkdocs_hooks._passthrough(body, "t") is not None, f"{path} : la page repasserait par Markdown"
        generated += 1
    assert generated > 100


def test_passthrough_site_is_identical_to_markdown_site(monkeypatch: pytest.MonkeyPatch):
    """Every published file, HTML pages included, is the same with and without Python-Markdown."""
    docs = _docs()
    site = built_site()
    monkeypatch.setenv("CONTRATS_MARKDOWN", "1")
    with tempfile.TemporaryDirectory(prefix="contrats-markdown-") as tmp:
        reference = Path(tmp) / "site"
        mkdocs_build(docs, reference)
        compared = 0
        for path in sorted(reference.rglob("*")):
            if path.is_file():
                rel = path.relative_to(reference)
                assert (site / rel).is_file(), f"{rel} manque au site publié"
                ours, theirs = (site / rel).read_bytes(), path.read_bytes()
                if ours != theirs and path.suffix == ".html":
                    ours = _markdown_whitespace(ours)
                if ours != theirs:
                    at = next(i for i, (a, b) in enumerate(zip(ours + b"\0", theirs + b"\0")) if a != b)
                    pytest.fail(f"{rel} diffère du rendu Markdown à l’octet {at} : "
                                f"{ours[at - 80:at + 80]!r} au lieu de {theirs[at - 80:at + 80]!r}")
                compared += path.suffix == ".html"
        assert compared > 100


class _DocumentText(HTMLParser):
    """Text content of the page's « texte-document » element (marks and anchors inside it dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth:
            self.depth += tag == "div"
        elif tag == "div" and "texte-document" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def test_document_pages_show_texts_exactly_as_held():
    """A one-part document page shows its text as the published .txt holds it: blank lines, line-end spaces and all
    (no whitespace trimming inside the text)."""
    site = built_site()
    checked = 0
    for txt in sorted((site / "telechargements" / "documents").glob("*.txt")):
        folder = site / "documents" / txt.stem
        if (folder / "partie-2").exists() or not (folder / "index.html").exists():
            continue
        reader = _DocumentText()
        reader.feed((folder / "index.html").read_text(encoding="utf-8"))
        assert "".join(reader.parts) == txt.read_text(encoding="utf-8"), f"{folder} : texte modifié"
        checked += 1
    assert checked >= 3
