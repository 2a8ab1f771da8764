"""When each contract entered the catalogue and last changed: the git history of its source file.

Dates are commit dates (committer date, UTC), so they are the same for every build of a given commit. A shallow
clone (CI's default checkout) only knows its last commits: then no date is given rather than a wrong one
(the publication workflow fetches the whole history). Without git or outside a repository, no date either.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Change:
    """One commit touching a contract's source file."""

    date: str       # YYYY-MM-DD (UTC)
    commit: str
    subject: str
    added: bool


@dataclass
class History:
    """A contract's history, oldest change first."""

    changes: list[Change] = field(default_factory=list)

    @property
    def added(self) -> str:
        """Date the source file first appeared."""
        return self.changes[0].date

    @property
    def modified(self) -> str:
        """Date of the last commit that changed it."""
        return self.changes[-1].date


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                             env={"TZ": "UTC", "PATH": "/usr/bin:/bin:/usr/local/bin", "LC_ALL": "C"})
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout


def load_history(root: Path, files: dict[str, str]) -> dict[str, History]:
    """History of each contract (id → source file relative to `root`) from one `git log` run; {} when the
    history is unavailable or shallow."""
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if not files or shallow is None or shallow.strip() == "true":
        return {}
    by_file = {f: cid for cid, f in files.items() if f}
    log = _git(root, "log", "--format=%x00%H%x09%cd%x09%s", "--date=format-local:%Y-%m-%d", "--name-status",
               "--no-renames", "--", "sources/contrats/")
    if log is None:
        return {}
    out: dict[str, History] = {}
    for entry in log.split("\0")[1:]:
        head, _, body = entry.partition("\n")
        commit, date, subject = (head.split("\t", 2) + ["", ""])[:3]
        for line in body.splitlines():
            status, _, path = line.partition("\t")
            cid = by_file.get(path)
            if cid is None or not status:
                continue
            if status.startswith("D"):
                continue
            out.setdefault(cid, History()).changes.insert(0, Change(date, commit, subject, status.startswith("A")))
    return out
