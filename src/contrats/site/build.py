"""Whole-site build: render pages, run MkDocs (strict) and index the result with Pagefind."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from .render import render
from .search import index_site

MKDOCS_CONFIG = paths.ROOT / "mkdocs.yml"


def mkdocs_build(docs: Path, site: Path, site_url: str | None = None) -> None:
    """Run `mkdocs build --strict` on `docs` into `site` with the project's mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    options = {"docs_dir": str(docs), "site_dir": str(site), "strict": True}
    if site_url:
        options["site_url"] = site_url
    config = load_config(str(MKDOCS_CONFIG), **options)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def pagefind(site: Path) -> None:
    """Build the Pagefind index into site/pagefind/ (settings from pagefind.yml at the repository root), from scratch,
    in parts merged by the UI (search.py)."""
    index_site(site)


def build_site(datapackages: Path, workdir: Path, site_url: str | None = None) -> Path:
    """Render into workdir/docs, build into workdir/site, index it; return the site folder."""
    docs, site = workdir / "docs", workdir / "site"
    render(datapackages, docs, site_url)
    mkdocs_build(docs, site, site_url)
    pagefind(site)
    return site
