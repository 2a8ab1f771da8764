"""Helpers for the site tests: build the site once per test run, serve it locally, drive Debian's Chromium."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from contrats import paths

# Debian's chromium here and in CI; GitHub's Ubuntu runners ship Google Chrome instead. $CHROMIUM overrides.
BROWSERS = [os.environ.get("CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/chromium-browser"]
CHROMIUM = next((b for b in BROWSERS if b and Path(b).exists()), "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = paths.BUILD / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(folder: Path) -> tuple[str, ThreadingHTTPServer]:
    """Serve `folder` on 127.0.0.1 with a free port in a daemon thread; return its base URL and the server."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def build_into(datapackages: Path, workdir: Path, site_url: str | None = None) -> Path:
    """Render, build (MkDocs strict) and index (Pagefind) a site from `datapackages` into `workdir/site`."""
    from contrats.site.build import build_site

    return build_site(datapackages, workdir, site_url)


@functools.lru_cache(maxsize=1)
def built_site() -> Path:
    """The site under test, built once per run from datapackages/ (or $CONTRATS_SITE_DIR, already built by make site)."""
    prebuilt = os.environ.get("CONTRATS_SITE_DIR")
    if prebuilt:
        site = Path(prebuilt).resolve()
        if not (site / "pagefind").is_dir():
            pytest.fail(f"{site} n'est pas un site construit (lancer « make site »)")
        return site
    if not (paths.DATAPACKAGES / "catalogue" / "datapackage.json").exists():
        pytest.skip("datapackages/ absent : lancer « make data »")
    workdir = Path(tempfile.mkdtemp(prefix="contrats-site-"))
    atexit.register(shutil.rmtree, workdir, True)
    return build_into(paths.DATAPACKAGES, workdir)


@functools.lru_cache(maxsize=1)
def served_site() -> str:
    """Base URL of the site under test, served for the whole run."""
    url, server = serve(built_site())
    atexit.register(server.shutdown)
    return url


def launch(playwright):  # noqa: ANN001, ANN201
    """Chromium from Debian (Playwright never downloads a browser here), no network besides localhost."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium absent : lancer « make chromium » (ou définir CHROMIUM=/chemin/du/navigateur)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def contract_ids() -> list[str]:
    """Ids of the contracts whose pages the site has."""
    return sorted(p.name for p in (built_site() / "contrats").iterdir() if (p / "index.html").exists())


def watch_console(page) -> list[str]:  # noqa: ANN001
    """Collect console errors and uncaught exceptions of a page."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"exception: {e}"))
    return errors
