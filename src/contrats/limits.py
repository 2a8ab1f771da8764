"""Limits on source inputs, declared once: file sizes, YAML expansion and depth, characters refused in YAML."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

MAX_YAML_BYTES = 2_000_000
"""Largest contract or catalogue YAML file (octets)."""

MAX_DOCUMENT_BYTES = 20_000_000
"""Largest document text under sources/documents/ (octets)."""

MAX_YAML_NODES = 200_000
"""Most values (keys, scalars, lists, mappings) a YAML file may hold once its aliases (*nom) are expanded."""

MAX_YAML_DEPTH = 40
"""Deepest nesting of lists and mappings in a YAML file."""

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidirectional-control characters: they can make a name or title display otherwise than it reads."""

BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")


def megabytes(n: int) -> str:
    """A byte count as shown in messages (« 2 Mo »)."""
    return f"{n / 1_000_000:g} Mo"


class LimitError(Exception):
    """A source file refused before it is read: the rule broken and a French message."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"[{rule}] {message}")
        self.rule, self.message = rule, message


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file no larger than `max_bytes`; symbolic links and special files are refused.

    The file is opened without following a final symbolic link and checked on the open descriptor, so what is
    checked is what is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise LimitError("fichier_absent", "fichier introuvable") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise LimitError("lien_symbolique", "lien symbolique refusé : le fichier lui-même doit être dans le "
                                                "dépôt") from None
        raise LimitError("lecture", f"fichier illisible ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise LimitError("fichier_special", "seul un fichier ordinaire est admis")
        if st.st_size > max_bytes:
            raise LimitError("taille", f"fichier de {megabytes(st.st_size)}, au-delà de la limite de "
                                       f"{megabytes(max_bytes)} (voir sources/CURATION.md)")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitError("taille", f"fichier au-delà de la limite de {megabytes(max_bytes)} (voir sources/CURATION.md)")
    return data
