"""Render stage: datapackages/ → docs/ (generated pages and downloads), leaving hand-written pages alone.

Built for thousands of contracts on a small machine (see scripts/README.md for the measurements):

- the data are read once; pages and downloads are produced by a pool of forked workers that share them;
- a file is written only when its bytes change, so unchanged pages keep their mtime and `mkdocs build --dirty`
  rebuilds only what changed;
- downloads (the costly part) are skipped when their inputs did not change: the manifest
  ``docs/.contrats-render.json`` records, per package, the digest of its files (from ``state.package_digests``,
  which trusts the build's own manifest for files whose stat did not change: unchanged packages are not read);
  it also lists every generated file, so that files no longer produced (a contract removed) are deleted;
- what every contract shares is written once: the Table Schemas (``telechargements/schemas/<table>.json``), which
  each contract's package references by address.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import paths, state
from . import evidence, links
from .context import LICENCE_NAME, LICENCE_URL, SITE_NAME, Context, citation_text
from .crossref import build_crossref
from .data import GEO_LAYERS, Package, latest_date, load_package, load_site_data
from .downloads import CATALOGUE_FORMATS, CONTRACT_FORMATS, FORMATS, MEDIA_TYPES, SCHEMA_FOLDER, Download, shared_schema_bytes, write_package_downloads
from .history import load_history
from .maps import BASE_FOLDER, Layers, base_file
from .page import Page, write_if_changed
from .pages.catalogue import catalogue_pages
from .pages.compare import compare_page
from .pages.contract import contract_page
from .pages.coverage import coverage_page
from .pages.data import data_page
from .pages.documents import document_pages, documents_index
from .pages.home import home_page
from .pages.parties import parties_index, party_pages
from .pages.territories import territories_index, territory_pages

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# Everything below docs/ that this stage owns; the rest is hand-written and committed.
MANIFEST = ".contrats-render.json"  # dot file: MkDocs never publishes it
GENERATED = ("index.md", "donnees.md", "couverture.md", "contrats", "territoires", "parties", "documents",
             "telechargements", "cartes", "accueil", "feed.xml", "comparer.md", "comparer", MANIFEST)
HAND_WRITTEN = ("methodologie.md", "assets")
# Below this many contracts everything runs in this process (forking costs more than it saves).
PARALLEL_FROM = 24
CHUNK = 50  # contracts (or documents, territories, parties) per job
SITE_CODE = Path(__file__).parent


@dataclass
class RenderResult:
    """What a rendering run produced."""

    pages: int
    downloads: int
    docs: Path
    written: int = 0
    downloads_rebuilt: int = 0


def site_url() -> str:
    """Public address of the site: $SITE_URL (as mkdocs.yml reads it) or the local preview address."""
    url = os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def quiet() -> bool:
    """Progress lines are off in CI logs ($CI=true) and when $CONTRATS_QUIET is set."""
    return os.environ.get("CI", "").lower() in ("true", "1") or bool(os.environ.get("CONTRATS_QUIET"))


class Progress:
    """Per-step lines on stderr with counts and timings (« rendu : … »), silent in CI."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = (not quiet()) if enabled is None else enabled
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"rendu [{time.perf_counter() - self.start:6.1f} s] {message}", file=sys.stderr, flush=True)


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
        files = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file()) if src.is_dir() else []
        for f in files:
            write_if_changed(docs / f.relative_to(source), f.read_bytes())


def _about(package: Package, version: str, url: str, dictionary_url: str = "") -> list[tuple[str, str]]:
    """Rows of the « À propos » sheet: what, from where, under which licence, of when, and how to cite it; with
    `dictionary_url`, where the shared dictionary is (the workbook has no « Dictionnaire » sheet then)."""
    title = package.descriptor.get("title", package.path.name)
    day = latest_date(package)
    return [("Titre", title),
            ("Source", f"{SITE_NAME}, d’après les documents publics listés dans la feuille « documents » ; chaque "
                       "valeur est adossée à une citation vérifiée (feuille « preuves » : document, position)."),
            ("Adresse", url),
            ("Licence", f"{LICENCE_NAME} — {LICENCE_URL}"),
            ("Version du catalogue", version),
            ("Date des données", f"{day} (date la plus récente des données de ce fichier)" if day else "—"),
            ("Comment citer", citation_text(title, version, url)),
            ("Feuilles", "Une feuille par table, titres des colonnes en français ; la feuille « Dictionnaire » donne "
                         "le nom de champ de chaque colonne (celui des CSV, du JSON et de la base SQLite), son type et "
                         "sa description.") if not dictionary_url else
            ("Feuilles", "Une feuille par table, titres des colonnes en français. Le dictionnaire des données (nom de "
                         "champ de chaque colonne, celui des CSV, son type et sa description), commun à tous les "
                         "contrats, est publié une seule fois : voir « Dictionnaire »."),
            *([("Dictionnaire", dictionary_url)] if dictionary_url else []),
            ("Textes protégés", "Un texte commençant par = + - @, une tabulation ou un retour chariot est enregistré "
                                "comme texte (préfixe ') : il s’affiche tel quel et n’est jamais calculé.")]


def _salt(ctx: Context, shared: dict[str, tuple[str, dict]]) -> str:
    """What every download depends on besides its package: the writer's code, the version, the address and the
    shared schemas a contract's package references."""
    code = b"".join((SITE_CODE / name).read_bytes() for name in ("downloads.py", "data.py", "render.py", "context.py"))
    refs = json.dumps(shared, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(code + refs + f"|{ctx.data.version}|{ctx.site_url}".encode(), digest_size=16).hexdigest()


def shared_schemas(ctx: Context) -> dict[str, tuple[str, dict]]:
    """The catalogue's Table Schemas, each with the address of its shared file (telechargements/schemas/<table>.json)."""
    return {name: (ctx.absolute(f"{links.DOWNLOADS}{SCHEMA_FOLDER}/{name}.json"), t.resource["schema"])
            for name, t in ctx.data.catalogue.tables.items() if isinstance(t.resource.get("schema"), dict)}


# --- Jobs (run in forked workers, or inline for small catalogues) ---------------------------------------------------

_CTX: Context | None = None
_DOCS: Path | None = None
_OLD: dict = {}
_SALT = ""
_SHARED: dict[str, tuple[str, dict]] = {}
_DIGESTS: dict[str, str] = {}  # package folder (relative to the packages folder) → digest of its files
_ROOT = ""  # the packages folder


def _package_downloads(key: str, folder: Path, dest: Path, stem: str, page_url: str, package: Package | None = None,
                       shared: bool = False, **options) -> tuple[list[Download], str, bool]:
    """Downloads of one package, reused from the manifest when its files did not change; (files, hash, rebuilt)."""
    files_digest = _DIGESTS.get(folder.as_posix()[len(_ROOT) + 1:] if folder.as_posix().startswith(_ROOT + "/") else "")
    digest = state.sha256(f"{files_digest}|{_SALT}|{shared}|{json.dumps(options, sort_keys=True)}".encode())
    old = _OLD.get("downloads", {}).get(key)
    if files_digest and old and old["hash"] == digest and all((dest / f[0]).exists() for f in old["files"]):
        return [Download(*f) for f in old["files"]], digest, False
    package = package or load_package(folder)
    about = _about(package, _CTX.data.version, _CTX.absolute(page_url),
                   _CTX.absolute(links.DONNEES + "#dictionnaire") if shared else "")
    files = write_package_downloads(package, dest, stem, about, shared=_SHARED if shared else None, **options)
    return files, digest, True


# The catalogue's downloads are the largest files: written by three jobs that run side by side.
CATALOGUE_PARTS = (("zip", "csv", "json"), ("xlsx",), ("sqlite",))


def _job_catalogue(formats: tuple[str, ...] | None) -> dict:
    root = _DOCS / "telechargements"
    data = _CTX.data
    out: dict = {"downloads": {}, "hashes": {}, "rebuilt": 0}
    if formats is None:
        todo = [("reference", data.reference, "referentiel-territoires", {"xlsx": False})]
    else:
        todo = [("catalogue:" + ",".join(formats), data.catalogue, "catalogue", {"sqlite": True, "only": formats})]
    for key, package, stem, options in todo:
        files, digest, rebuilt = _package_downloads(key, package.path, root / key.split(":")[0], stem, links.DONNEES,
                                                    package, **options)
        out["downloads"][key], out["hashes"][key] = files, digest
        out["rebuilt"] += rebuilt
    return out


def _write(pages: list[Page]) -> tuple[list[str], int]:
    files, written = [], 0
    for page in pages:
        rel, changed = page.write(_DOCS)
        files.append(rel)
        files += list(page.extra_files)
        written += changed
    return files, written


def _job_contracts(ids: list[str]) -> dict:
    ctx = _CTX
    out: dict = {"downloads": {}, "hashes": {}, "rebuilt": 0, "files": [], "written": 0}
    for cid in ids:
        folder = ctx.data.contract_dirs.get(cid)
        if folder is not None:
            files, digest, rebuilt = _package_downloads(cid, folder, _DOCS / "telechargements" / "contrats" / cid, cid,
                                                        links.contract(cid), shared=True, only=CONTRACT_FORMATS)
            ctx.downloads[cid] = files
            out["downloads"][cid], out["hashes"][cid] = files, digest
            out["rebuilt"] += rebuilt
        c = ctx.data.contract(cid)
        if c is not None:
            f, w = _write([contract_page(ctx, c)])
            out["files"] += f
            out["written"] += w
    return out


def _job_documents(ids: list[str]) -> dict:
    ctx = _CTX
    docs = ctx.data.documents
    pages = [p for d in ids for p in document_pages(ctx, docs[d], ctx.data.catalogue.texts[d])]
    files, written = _write(pages)
    return {"files": files, "written": written}


def _job_territories(keys: list[str]) -> dict:
    ctx = _CTX
    files, written = _write([p for k in keys for p in territory_pages(ctx, ctx.xref.territories.by_key[k])])
    return {"files": files, "written": written}


def _job_parties(slugs: list[str]) -> dict:
    ctx = _CTX
    files, written = _write([p for s in slugs for p in party_pages(ctx, ctx.xref.parties[s])])
    return {"files": files, "written": written}


def _job_texts(_: object) -> dict:
    """Raw document texts and the shared Table Schemas offered for download (written only when changed)."""
    data = _CTX.data
    texts = _DOCS / "telechargements" / "documents"
    files, downloads, schemas = [], [], []
    for name, (_, schema) in _SHARED.items():
        body = shared_schema_bytes(schema)
        write_if_changed(_DOCS / links.DOWNLOADS / SCHEMA_FOLDER / f"{name}.json", body)
        files.append(f"{links.DOWNLOADS}{SCHEMA_FOLDER}/{name}.json")
        title = data.catalogue.tables[name].resource.get("title", name)
        schemas.append(Download(f"{name}.json", "schema", f"Schéma de la table « {title} »", len(body),
                                hashlib.sha256(body).hexdigest()))
    for layer in GEO_LAYERS:
        write_if_changed(_DOCS / BASE_FOLDER / f"{layer}.svg", base_file(_CTX.layers, layer))
        files.append(f"{BASE_FOLDER}{layer}.svg")
    for d in data.catalogue.rows("documents"):
        name = d["fichier"].rsplit("/", 1)[-1]
        body = (data.catalogue.path / d["fichier"]).read_bytes()
        write_if_changed(texts / name, body)
        files.append(f"telechargements/documents/{name}")
        downloads.append(Download(name, "txt", d["titre"], len(body), hashlib.sha256(body).hexdigest()))
    return {"files": files, "written": 0, "texts": downloads, "schemas": schemas}


DOWNLOAD_INDEX = "telechargements/index.json"


def download_index(ctx: Context, texts: list[Download], schemas: list[Download] = ()) -> bytes:
    """telechargements/index.json: every file offered for download, package by package, with its format, size and
    SHA-256, and the row count of each table of the package.

    A file's `chemin` is relative to the index itself (resolve it against the index's address); formats (label,
    media type) are described once. One package per line: the file stays small and readable at thousands."""
    def package(key: str, folder: str, items: list[Download]) -> dict:
        entry: dict = {"paquet": key, "dossier": folder}
        if items and items[0].tables:
            entry["tables"] = items[0].tables
        entry["fichiers"] = [{"chemin": folder + d.path, "format": d.format, "taille_octets": d.size,
                              "sha256": d.sha256} for d in items]
        return entry

    keys = ["catalogue", "reference"] + sorted(k for k in ctx.downloads if k not in ("catalogue", "reference"))
    packages = [package(key, ("contrats/" if key in ctx.data.contract_dirs else "") + key + "/", ctx.downloads[key])
                for key in keys if ctx.downloads.get(key)]
    if schemas:
        packages.append(package("schemas", f"{SCHEMA_FOLDER}/", list(schemas)))
    packages.append(package("documents", "documents/", sorted(texts, key=lambda d: d.path)))
    head = {"titre": f"Fichiers à télécharger — {SITE_NAME}", "version": ctx.data.version,
            "date_donnees": latest_date(ctx.data.catalogue), "licence": {"nom": LICENCE_NAME, "url": LICENCE_URL},
            "adresse": ctx.absolute(links.DOWNLOADS),
            "formats": {k: {"libelle": FORMATS[k], "type_media": MEDIA_TYPES[k]} for k in FORMATS}}
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = ",\n".join(dump(p) for p in packages)
    return (dump(head)[:-1] + ',\n"paquets":[\n' + lines + "\n]}\n").encode("utf-8")


def _chunks(items: list[str], size: int = CHUNK) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _prepare(ctx: Context) -> None:
    """Context facts every page needs before any is built: territory pages, parts of long documents."""
    ctx.territory_keys = {t.key for t in ctx.xref.territory_pages()}
    for d in ctx.data.catalogue.rows("documents"):
        text = ctx.data.catalogue.texts[d["document_id"]]
        points = evidence.split_points(text, evidence.spans_for(ctx.data.quotes_in(d["document_id"]), d["document_id"],
                                                                len(text)))
        if len(points) > 1:
            ctx.document_parts[d["document_id"]] = points
    evidence.set_parts(ctx.document_parts, [p for d in ctx.document_parts for p in ctx.data.quotes_in(d)])


def _load_manifest(docs: Path) -> dict:
    try:
        return json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def render(datapackages: Path = paths.DATAPACKAGES, docs: Path = paths.DOCS, url: str | None = None,
           workers: int | None = None, progress: Progress | None = None) -> RenderResult:
    """Regenerate docs/ from the data packages only (never sources/), rewriting only what changed."""
    global _CTX, _DOCS, _OLD, _SALT, _SHARED, _DIGESTS, _ROOT
    say = progress or Progress()
    data = load_site_data(datapackages)
    ctx = Context(data, build_crossref(data), Layers(data.geo), url or site_url())
    ctx.history = load_history(paths.ROOT, {c["id"]: c["fichier_source"] for c in data.contracts})
    say(f"données lues : {len(data.contracts)} contrats, {len(data.catalogue.rows('documents'))} documents, "
        f"{sum(len(t.rows) for t in data.catalogue.tables.values())} lignes")
    docs.mkdir(parents=True, exist_ok=True)
    old = _load_manifest(docs)
    if not old:
        clean(docs)  # first run here (or an older layout): start from a clean slate
    copy_hand_written(docs)
    _prepare(ctx)
    shared = shared_schemas(ctx)
    _CTX, _DOCS, _OLD, _SALT, _SHARED = ctx, docs, old, _salt(ctx, shared), shared
    _DIGESTS, _ROOT = state.package_digests(datapackages), datapackages.as_posix().rstrip("/")

    contract_ids = [c["id"] for c in data.contracts]
    doc_ids = [d["document_id"] for d in data.catalogue.rows("documents")]
    territory_keys = sorted(t.key for t in ctx.xref.territory_pages())
    party_slugs = list(ctx.xref.parties)
    n = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if len(contract_ids) < PARALLEL_FROM:
        n = 1
    jobs: list[tuple] = [(_job_catalogue, part) for part in CATALOGUE_PARTS] + [(_job_catalogue, None), (_job_texts, None)]
    jobs += [(_job_contracts, c) for c in _chunks(contract_ids)]
    jobs += [(_job_documents, c) for c in _chunks(doc_ids)]
    jobs += [(_job_territories, c) for c in _chunks(territory_keys)]
    jobs += [(_job_parties, c) for c in _chunks(party_slugs, 4 * CHUNK)]

    results: list[dict] = []
    if n > 1:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            futures: list[Future] = [pool.submit(fn, arg) for fn, arg in jobs]
            done = 0
            step = max(1, len(futures) // 10)
            for f in futures:
                results.append(f.result())
                done += 1
                if done % step == 0 or done == len(futures):
                    say(f"téléchargements et pages : {done}/{len(futures)} lots")
    else:
        results = [fn(arg) for fn, arg in jobs]
    hashes: dict[str, str] = {}
    files: list[str] = []
    written = rebuilt = 0
    for r in results:
        ctx.downloads.update(r.get("downloads", {}))
        hashes.update(r.get("hashes", {}))
        files += r.get("files", [])
        written += r.get("written", 0)
        rebuilt += r.get("rebuilt", 0)
    # The catalogue's parts, back in one list (formats in their usual order).
    order = {f: i for i, f in enumerate(CATALOGUE_FORMATS)}
    parts = [k for k in ctx.downloads if k.startswith("catalogue:")]
    ctx.downloads["catalogue"] = sorted((d for k in parts for d in ctx.downloads[k]), key=lambda d: order[d.format])
    manifest_downloads = {k: ctx.downloads.pop(k) for k in parts}
    say(f"téléchargements : {rebuilt} paquet(s) refaits sur {len(hashes)}")
    index = [home_page(ctx), *catalogue_pages(ctx), compare_page(ctx), data_page(ctx), coverage_page(ctx),
             territories_index(ctx, ctx.xref.territory_pages()), *parties_index(ctx), *documents_index(ctx)]
    f, w = _write(index)
    files += f
    written += w
    for key, items in ctx.downloads.items():
        folder = "contrats/" + key if key in data.contract_dirs else key
        files += [f"telechargements/{folder}/{d.path}" for d in items]
    texts = [d for r in results for d in r.get("texts", [])]
    schemas = [d for r in results for d in r.get("schemas", [])]
    write_if_changed(docs / DOWNLOAD_INDEX, download_index(ctx, texts, schemas))
    files.append(DOWNLOAD_INDEX)
    n_pages = sum(1 for x in files if x.endswith(".md"))
    # Files generated last time and not this time (a contract removed, a listing shorter) are deleted.
    stale = set(old.get("files", [])) - set(files)
    for rel in sorted(stale):
        (docs / rel).unlink(missing_ok=True)
    for folder in sorted({(docs / rel).parent for rel in stale}, key=lambda f: -len(f.parts)):
        if folder != docs and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()  # a removed contract's downloads folder
    manifest = {"date_donnees": latest_date(data.catalogue), "files": sorted(files),
                "downloads": {k: {"hash": hashes[k], "files": [d.record() for d in v]}
                              for k, v in {**ctx.downloads, **manifest_downloads}.items() if k in hashes}}
    write_if_changed(docs / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=0).encode("utf-8"))
    say(f"{n_pages} pages ({written} fichier(s) réécrits), {len(stale)} fichier(s) périmés supprimés")
    _CTX, _OLD, _DIGESTS = None, {}, {}
    n_downloads = sum(len(v) for v in ctx.downloads.values()) + len(doc_ids)
    return RenderResult(n_pages, n_downloads, docs, written, rebuilt)


def main(datapackages: Path, docs: Path) -> int:
    """CLI entry: render and report in French on stderr."""
    if not (datapackages / "catalogue" / "datapackage.json").exists():
        print(f"échec : aucun paquet dans {datapackages} ; lancer « make data »", file=sys.stderr)
        return 1
    result = render(datapackages, docs)
    print(f"{result.pages} page(s) et {result.downloads} fichier(s) à télécharger → {docs} "
          f"({result.written} page(s) réécrite(s), {result.downloads_rebuilt} paquet(s) de téléchargements refaits)",
          file=sys.stderr)
    return 0
