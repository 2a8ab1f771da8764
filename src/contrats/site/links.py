"""Site addresses: where each page and download lives, and relative links between them."""

from __future__ import annotations

import hashlib
import posixpath

HOME = ""
CATALOGUE = "contrats/"
TERRITOIRES = "territoires/"
PARTIES = "parties/"
DOCUMENTS = "documents/"
DONNEES = "donnees/"
METHODOLOGIE = "methodologie/"
COMPARER = "comparer/"
COUVERTURE = "couverture/"
DOWNLOADS = "telechargements/"


def contract(contract_id: str) -> str:
    """Page of one contract."""
    return f"contrats/{contract_id}/"


def territory(key: str) -> str:
    """Page of one territory (key from territories.territory_key)."""
    return f"territoires/{key}/"


def party(slug: str) -> str:
    """Page of one party."""
    return f"parties/{slug}/"


def document(document_id: str) -> str:
    """Page showing the full text of one source document."""
    return f"documents/{document_id}/"


def evidence_anchor(contract_id: str, preuve_id: str) -> str:
    """HTML id of a quote in its document page: « p- » and 10 hex digits of a hash of the contract and preuve ids
    (unique per contract), short because every « citation » link and every highlighted stretch names it; stable
    as long as the quote keeps its id (assets/site/preuves.js recognises the prefix)."""
    digest = hashlib.blake2b(f"{contract_id}\n{preuve_id}".encode(), digest_size=5).hexdigest()
    return f"p-{digest}"


def document_part(document_id: str, part: int = 1) -> str:
    """Page showing part `part` (1-based) of a long document text."""
    return document(document_id) if part <= 1 else f"{document(document_id)}partie-{part}/"


def evidence(contract_id: str, preuve_id: str, document_id: str, part: int = 1) -> str:
    """Address of a quote highlighted in its document page (or the part of it that shows the quote)."""
    return f"{document_part(document_id, part)}#{evidence_anchor(contract_id, preuve_id)}"


def paged(url: str, number: int) -> str:
    """Page `number` (1-based) of a long listing whose first page is `url` (later pages: url + 'page/N/')."""
    return url if number <= 1 else f"{url}page/{number}/"


def contract_downloads(contract_id: str) -> str:
    """Folder of a contract's downloads."""
    return f"{DOWNLOADS}contrats/{contract_id}/"


CATALOGUE_DOWNLOADS = f"{DOWNLOADS}catalogue/"
REFERENCE_DOWNLOADS = f"{DOWNLOADS}reference/"


def docs_path(url: str) -> str:
    """Markdown source (relative to docs/) of a page address, with use_directory_urls."""
    if url == "":
        return "index.md"
    if url in (CATALOGUE, TERRITOIRES, PARTIES, DOCUMENTS):
        return url + "index.md"
    return url.rstrip("/") + ".md"


def rel(from_url: str, to: str) -> str:
    """Relative link from the page at `from_url` to the site path `to` (page, file or page#anchor)."""
    if to.startswith("#"):
        return to
    path, _, anchor = to.partition("#")
    base = [p for p in (from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/").split("/") if p]
    target = [p for p in path.split("/") if p]
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    out = "/".join(parts)
    if path == "" or path.endswith("/"):
        out = out + "/" if out else "./"
    elif not out:
        out = posixpath.basename(path)
    return out + (f"#{anchor}" if anchor else "")
