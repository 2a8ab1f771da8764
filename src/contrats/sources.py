"""Read sources/: every contract YAML through the model, and the document texts they declare."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import limits
from .model import Contract, Document
from .problems import Problem
from .quotes import Document as Text
from .yamlsrc import LoadedYaml, SourceError, load_yaml, loc_to_str

# French wording for the pydantic error types contributors meet most.
_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "clé inconnue (voir src/contrats/model.py pour les clés admises)",
    "int_type": "nombre entier attendu (montants en euros entiers, sans guillemets)",
    "float_type": "nombre attendu",
    "string_type": "texte attendu (mettre les codes et dates entre guillemets si besoin)",
    "list_type": "liste attendue",
    "bool_type": "vrai/faux attendu",
    "literal_error": "valeur non admise",
    "string_pattern_mismatch": "format non admis",
    "greater_than_equal": "valeur trop petite (négative ?)",
    "less_than_equal": "valeur trop grande (absurde ?)",
    "too_short": "liste ou texte trop court",
    "string_too_long": "texte trop long",
    "model_type": "objet attendu (clé: valeur)",
    "dict_type": "objet attendu (clé: valeur)",
    "value_error": "valeur incohérente",
}


class Lines:
    """Line numbers of a source file's values, read again from the file only when a message needs one."""

    def __init__(self, path: Path, display: str) -> None:
        self.path, self.display = path, display
        self._loaded: LoadedYaml | None = None

    def line_of(self, loc: tuple) -> int:
        """Line of the value at `loc` (see LoadedYaml.line_of)."""
        if self._loaded is None:
            self._loaded = load_yaml(self.path, self.display)
        return self._loaded.line_of(loc)


@dataclass
class Source:
    """One contract source: where it lives, the line numbers of its values, and the validated model."""

    path: Path
    display: str
    yaml: Lines
    contract: Contract


@dataclass
class Corpus:
    """Everything read from sources/: contracts, declared documents and their texts."""

    sources: list[Source] = field(default_factory=list)
    documents: dict[str, tuple[Document, Source]] = field(default_factory=dict)
    texts: dict[str, Text] = field(default_factory=dict)
    raw_texts: dict[str, bytes] = field(default_factory=dict)


def display_path(path: Path, root: Path) -> str:
    """Path as shown in messages: relative to the repository root when possible."""
    try:  # the last component stays as written: a symbolic link is named, not followed
        return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _yaml_loc(data: Any, loc: tuple) -> tuple:
    """Keep only the parts of a pydantic error location that exist in the YAML data."""
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not out[-1:] == [part]:
            # a missing or unknown key: name it, it has no line of its own
            if part not in ("str", "Evidence", "function-after", "constrained-str") and not part.startswith("function"):
                out.append(part)
                node = None
    return tuple(out)


def _pydantic_problems(exc: ValidationError, loaded: LoadedYaml) -> list[Problem]:
    problems = []
    seen = set()
    for err in exc.errors():
        loc = _yaml_loc(loaded.data, tuple(err["loc"]))
        # A union (quote text or quote object) reports one error per member: keep the first.
        key = (loc, err["type"] if len(err["loc"]) == len(loc) else "union")
        if key in seen:
            continue
        seen.add(key)
        base = _MESSAGES.get(err["type"], err["type"])
        detail = err["msg"].removeprefix("Value error, ")
        ctx = err.get("ctx") or {}
        if err["type"] == "literal_error" and "expected" in ctx:
            detail = f"attendu : {ctx['expected']}"
        elif err["type"] == "string_pattern_mismatch" and "pattern" in ctx:
            detail = f"motif attendu : {ctx['pattern']}"
        line = loaded.line_of(loc)
        problems.append(Problem(loaded.file, line, loc_to_str(loc), err["type"], f"{base} — {detail}"))
    return problems


REVIEW_MARK = "# À VÉRIFIER"  # left by `contrats draft` / `contrats new` on what a person must still decide


def review_marks(path: Path, display: str) -> list[Problem]:
    """One error per review mark left in a source file: what the contributor must still decide."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return []
    return [Problem(display, n, "(relecture)", "a_verifier",
                    line.strip().removeprefix(REVIEW_MARK).lstrip(" :") + " — puis retirer la marque « À VÉRIFIER »")
            for n, line in enumerate(lines, 1) if line.lstrip().startswith(REVIEW_MARK)]


def load_contract(path: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    """Parse and validate one contract file; problems instead of exceptions."""
    display = display_path(path, root)
    try:
        loaded = load_yaml(path, display)
    except SourceError as exc:
        return None, [Problem(exc.file, exc.line, exc.field, exc.rule, exc.message)]
    if not isinstance(loaded.data, dict):
        return None, [Problem(display, 1, "(document)", "structure", "le fichier doit décrire un contrat (clé: valeur)")]
    try:
        contract = Contract.model_validate(loaded.data)
    except ValidationError as exc:
        return None, _pydantic_problems(exc, loaded)
    # Keep no parse tree: it would cost more to carry between processes than to re-read on an error.
    return Source(path, display, Lines(path, display), contract), []


def read_text(path: Path, root: Path, display: str, line_of, index: int) -> tuple[bytes, Text] | Problem:
    """Read a declared document's text (a regular UTF-8 file, no BOM, within the size limit) or return the problem.

    Every problem is located at the declaration (documents[index].fichier), so that it names the YAML line.
    """
    def problem(rule: str, message: str) -> Problem:
        return Problem(display, line_of(("documents", index, "fichier")), f"documents[{index}].fichier", rule,
                       f"{display_path(path, root)} : {message}")

    folder = path.parent
    if folder.is_symlink() or not folder.is_dir():
        return problem("document_absent" if not folder.is_symlink() else "lien_symbolique",
                       "le dossier sources/documents/ doit exister dans le dépôt (pas de lien symbolique)")
    try:
        raw = limits.read_regular(path, limits.MAX_DOCUMENT_BYTES)
    except limits.LimitError as exc:
        return problem("document_absent" if exc.rule == "fichier_absent" else exc.rule, exc.message)
    if raw.startswith(b"\xef\xbb\xbf"):
        return problem("encodage", "le texte commence par un BOM : enregistrer en UTF-8 sans BOM")
    try:
        return raw, Text(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return problem("encodage", f"octet non UTF-8 à la ligne {line} du texte (position {exc.start}) : "
                                   "enregistrer en UTF-8")
