"""Render stage: datapackages/ → docs/ (generated pages and downloads), leaving hand-written pages alone."""

from __future__ import annotations

import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .context import LICENCE_NAME, LICENCE_URL, SITE_NAME, Context
from .crossref import build_crossref
from .data import load_package, load_site_data
from .downloads import Download, write_package_downloads
from .maps import Layers
from .page import Page
from .pages.catalogue import catalogue_page
from .pages.contract import contract_page
from .pages.data import data_page
from .pages.documents import document_page, documents_index
from .pages.home import home_page
from .pages.parties import parties_index, party_page
from .pages.territories import territories_index, territory_page

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# Everything below docs/ that this stage owns (and deletes before writing); the rest is hand-written and committed.
GENERATED = ("index.md", "donnees.md", "contrats", "territoires", "parties", "documents", "telechargements")
HAND_WRITTEN = ("methodologie.md", "assets")
# Per-contract downloads (XLSX above all) are written by a process pool once the catalogue is this large.
PARALLEL_FROM = 24


@dataclass
class RenderResult:
    """What a rendering run produced."""

    pages: int
    downloads: int
    docs: Path


def site_url() -> str:
    """Public address of the site: $SITE_URL (as mkdocs.yml reads it) or the local preview address."""
    url = os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def clean(docs: Path) -> None:
    """Remove previously generated pages and downloads from docs/."""
    for name in GENERATED:
        target = docs / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def copy_hand_written(docs: Path, source: Path = paths.DOCS) -> None:
    """Copy the committed hand-written pages and assets into another docs folder (temporary builds, tests)."""
    if docs.resolve() == source.resolve():
        return
    for name in HAND_WRITTEN:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, docs / name, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy2(src, docs / name)


def _about(version: str, url: str, title: str) -> list[tuple[str, str]]:
    return [("Titre", title), ("Source", SITE_NAME), ("Version du catalogue", version),
            ("Licence", f"{LICENCE_NAME} — {LICENCE_URL}"), ("Site", url),
            ("Note", "Chaque valeur est adossée à une citation : voir la feuille « preuves » (document, position).")]


def _contract_downloads(job: tuple[str, str, str, str, str]) -> tuple[str, list[Download]]:
    """Downloads of one contract package (runs in a worker process for large catalogues)."""
    contract_id, folder, dest, version, url = job
    package = load_package(Path(folder))
    about = _about(version, url, package.descriptor.get("title", contract_id))
    return contract_id, write_package_downloads(package, Path(dest), contract_id, about)


def write_downloads(ctx: Context, docs: Path) -> int:
    """Write every download under docs/telechargements/ and record them in the context."""
    root = docs / "telechargements"
    data = ctx.data
    ctx.downloads["catalogue"] = write_package_downloads(
        data.catalogue, root / "catalogue", "catalogue",
        _about(data.version, ctx.site_url, data.catalogue.descriptor.get("title", "")), sqlite=True)
    jobs = [(cid, str(folder), str(root / "contrats" / cid), data.version, ctx.site_url)
            for cid, folder in data.contract_dirs.items()]
    workers = min(os.cpu_count() or 1, 8)
    if workers > 1 and len(jobs) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_contract_downloads, jobs, chunksize=4))
    else:
        results = [_contract_downloads(job) for job in jobs]
    ctx.downloads.update(dict(results))
    ctx.downloads["reference"] = write_package_downloads(
        data.reference, root / "reference", "referentiel-territoires",
        _about(data.version, ctx.site_url, data.reference.descriptor.get("title", "")), xlsx=False)
    texts = root / "documents"
    texts.mkdir(parents=True, exist_ok=True)
    for d in data.catalogue.rows("documents"):
        shutil.copyfile(data.catalogue.path / d["fichier"], texts / d["fichier"].rsplit("/", 1)[-1])
    return sum(len(v) for v in ctx.downloads.values()) + len(data.catalogue.rows("documents"))


def build_pages(ctx: Context) -> list[Page]:
    """Every generated page."""
    territory_pages = ctx.xref.territory_pages()
    ctx.territory_keys = {t.key for t in territory_pages}
    pages = [home_page(ctx), catalogue_page(ctx), data_page(ctx), territories_index(ctx, territory_pages),
             parties_index(ctx), documents_index(ctx)]
    pages += [contract_page(ctx, c) for c in ctx.data.contracts]
    pages += [territory_page(ctx, t) for t in sorted(territory_pages, key=lambda t: t.key)]
    pages += [party_page(ctx, g) for g in ctx.xref.parties.values()]
    pages += [document_page(ctx, d, ctx.data.catalogue.texts[d["document_id"]])
              for d in ctx.data.catalogue.rows("documents")]
    return pages


def render(datapackages: Path = paths.DATAPACKAGES, docs: Path = paths.DOCS, url: str | None = None) -> RenderResult:
    """Regenerate docs/ from the data packages only (never sources/)."""
    data = load_site_data(datapackages)
    ctx = Context(data, build_crossref(data), Layers(data.geo), url or site_url())
    docs.mkdir(parents=True, exist_ok=True)
    clean(docs)
    copy_hand_written(docs)
    n_downloads = write_downloads(ctx, docs)
    pages = build_pages(ctx)
    for page in pages:
        page.write(docs)
    return RenderResult(len(pages), n_downloads, docs)


def main(datapackages: Path, docs: Path) -> int:
    """CLI entry: render and report in French on stderr."""
    if not (datapackages / "catalogue" / "datapackage.json").exists():
        print(f"échec : aucun paquet dans {datapackages} ; lancer « make data »", file=sys.stderr)
        return 1
    result = render(datapackages, docs)
    print(f"{result.pages} page(s) et {result.downloads} fichier(s) à télécharger → {docs}", file=sys.stderr)
    return 0
