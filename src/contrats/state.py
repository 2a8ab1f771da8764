"""Incremental state, in one place: cache keys, the per-contract outcome cache, file manifests, the build record.

Everything here lives under build/ beside the packages folder (never versioned, never published):

- build/cache/contrats/<stem>.pkl — one checked contract (its problems and CSV lines), keyed by the digests of
  its YAML, of the documents it cites, of the reference data and of the code (CODE_MODULES);
- build/cache/<packages>-manifest.json — every published file: its stat key and SHA-256, as written;
- build/cache/<packages>-build.json — the build record: the digest of every input file under sources/ and of
  the code, for the packages folder the last successful build wrote;
- build/cache/<packages>-validation.json — digest of each package that Frictionless last found valid.

`package_digests` turns the manifest into one digest per package folder: the render stage keys each package's
downloads by it (docs/.contrats-render.json), so an unchanged package is neither read nor rewritten.

Validation trusts the record only when it was written on this machine: a fresh clone (CI) has none and checks
by rebuilding every file in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .problems import Problem

# Modules whose code shapes problems and rows: a change to any of them invalidates the per-contract cache.
CODE_MODULES = ("model", "derived", "checks", "tables", "frnum", "quotes", "schemas", "reference", "sources", "yamlsrc",
                "limits", "pipeline")
CACHE_FORMAT = 2
RECORD_FORMAT = 1
_PACKAGE = Path(__file__).parent


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def code_version() -> str:
    """Digest of the modules that shape the checked rows (the per-contract cache key)."""
    return sha256(b"".join((_PACKAGE / f"{m}.py").read_bytes() for m in CODE_MODULES) + bytes([CACHE_FORMAT]))


def build_code_version() -> str:
    """Digest of every data-side module (all but the site): anything that may shape a published byte."""
    parts = [p.name.encode() + b"\0" + p.read_bytes() for p in sorted(_PACKAGE.glob("*.py"))]
    return sha256(b"".join(parts) + bytes([RECORD_FORMAT]))


def cache_dir_for(target: Path) -> Path:
    """Per-contract cache of a packages folder: build/cache/contrats beside it (build/ is not versioned)."""
    return target.resolve().parent / "build" / "cache" / "contrats"


def manifest_for(target: Path) -> Path:
    """Stat manifest of a packages folder, kept beside the cache."""
    return target.resolve().parent / "build" / "cache" / f"{target.name}-manifest.json"


def record_for(target: Path) -> Path:
    """Build record of a packages folder (inputs and code of the build that wrote it)."""
    return manifest_for(target).with_name(f"{target.name}-build.json")


def validated_for(target: Path) -> Path:
    """Digests of the packages Frictionless last found valid."""
    return manifest_for(target).with_name(f"{target.name}-validation.json")


class Cache:
    """Pickled outcomes under build/cache/contrats/<file stem>.pkl; a missing or broken entry is a miss."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, stem: str) -> Any:
        """The cached outcome of a contract file, or None."""
        if self.folder is None:
            return None
        try:
            return pickle.loads((self.folder / f"{stem}.pkl").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
            return None

    def put(self, stem: str, outcome: Any) -> None:
        """Store a contract's outcome (atomically)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{stem}.tmp"
        tmp.write_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(self.folder / f"{stem}.pkl")


def stat_key(path: Path) -> list[int]:
    """[size, mtime_ns, ctime_ns, inode]: a file whose stat still matches its manifest entry is not read again.

    Any write changes the ctime, which no user call can set back: an edit that restores size and mtime still shows.
    """
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def known_digest(manifest: dict[str, list], rel: str, path: Path) -> str | None:
    """The recorded SHA-256 of a file whose stat matches its manifest entry, else None (it must be read)."""
    known = manifest.get(rel)
    if known and len(known) == 5 and known[:4] == stat_key(path):
        return known[4]
    return None


def manifest_entry(path: Path, digest: str) -> list:
    """A manifest entry: the file's stat key and the SHA-256 of its bytes."""
    return stat_key(path) + [digest]


def load_json(path: Path | None) -> dict:
    """A state file's content; empty when absent or unreadable (state is only ever a shortcut)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_json(path: Path, data: dict) -> None:
    """Write a state file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def input_digests(sources_dir: Path) -> dict[str, str]:
    """Digest of every file under sources/ that a build reads (a symbolic link is recorded as such, unread)."""
    out: dict[str, str] = {}
    for path in sorted(sources_dir.rglob("*")):
        rel = str(path.relative_to(sources_dir))
        if path.is_symlink():
            out[rel] = "lien:" + os.readlink(path)
        elif path.is_file():
            out[rel] = sha256(path.read_bytes())
    return out


def current_inputs(sources_dir: Path) -> dict[str, Any]:
    """What a build record holds about its inputs: the code version and every input file's digest."""
    return {"format": RECORD_FORMAT, "code": build_code_version(), "inputs": input_digests(sources_dir)}


def write_record(target: Path, inputs: dict[str, Any], manifest: dict[str, list], problems: list[Problem],
                 contracts: int) -> None:
    """Record a successful build (or a validation that found the packages fresh): inputs, files, findings."""
    save_json(manifest_for(target), manifest)
    save_json(record_for(target), dict(inputs, problems=[asdict(p) for p in problems], contracts=contracts))


def recorded_build(target: Path, inputs: dict[str, Any]) -> dict | None:
    """The build record, when it was made from exactly these inputs with this code; else None."""
    record = load_json(record_for(target))
    if not record or any(record.get(k) != v for k, v in inputs.items()):
        return None
    return record


def file_digests(target: Path, manifest: dict[str, list]) -> dict[str, str]:
    """SHA-256 of every file under the packages folder: from the manifest when the stat matches, else read.

    One directory walk with one lstat per entry; a symbolic link gets a digest no file can have.
    """
    out: dict[str, str] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, rel + "/")
                elif entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                    out[rel] = "lien"
                else:
                    st = entry.stat(follow_symlinks=False)
                    known = manifest.get(rel)
                    if known and len(known) == 5 and known[:4] == [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]:
                        out[rel] = known[4]
                    else:
                        with open(entry.path, "rb") as fh:
                            out[rel] = sha256(fh.read())

    if target.is_dir():
        walk(str(target), "")
    return out


def altered_outputs(manifest: dict[str, list], digests: dict[str, str]) -> list[str]:
    """Files of the packages folder (their `file_digests`) that differ from the manifest of the build that wrote
    them: changed, added or removed."""
    return sorted(rel for rel in set(manifest) | set(digests)
                  if rel not in manifest or rel not in digests or manifest[rel][-1] != digests[rel])


def package_digests(target: Path) -> dict[str, str]:
    """Digest of every package folder under a packages folder (`catalogue`, `reference`, `contrats/<id>`): its files'
    names and SHA-256, taken from the build manifest for files whose stat did not change (else read)."""
    digests = file_digests(target, load_json(manifest_for(target)))
    groups: dict[str, list[str]] = {}
    for rel in sorted(digests):
        parts = rel.split("/")
        if len(parts) < 2 or (parts[0] == "contrats" and len(parts) < 3):
            continue
        key = "/".join(parts[:2]) if parts[0] == "contrats" else parts[0]
        groups.setdefault(key, []).append(f"{rel[len(key) + 1:]}\0{digests[rel]}")
    return {key: sha256("\n".join(lines).encode("utf-8")) for key, lines in groups.items()}
