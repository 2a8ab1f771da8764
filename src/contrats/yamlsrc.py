"""Load a source YAML file strictly, remembering the line of every value for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class SourceError(Exception):
    """An error located in a source file: file, line, field and the rule broken."""

    def __init__(self, file: str, line: int, field: str, rule: str, message: str) -> None:
        super().__init__(f"{file}:{line}: {field}: [{rule}] {message}")
        self.file, self.line, self.field, self.rule, self.message = file, line, field, rule, message


@dataclass
class LoadedYaml:
    """A parsed YAML document with the line (1-based) of each value, keyed by its path."""

    data: Any
    file: str
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """Line of the value at `loc`, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def loc_to_str(loc: Loc) -> str:
    """Render a path like ('financements', 3, 'montant_eur') as 'financements[3].montant_eur'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster at composing.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text: the model checks them, and partial dates stay as written."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_STR, _INT, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """Build a scalar from its resolved tag, with fast paths for the common plain cases."""
    if node.tag == _STR:
        return node.value
    if node.tag == _INT and node.value.lstrip("-").isdigit() and not node.value.lstrip("-").startswith("0"):
        return int(node.value)
    if node.tag == _NULL:
        return None
    return loader.construct_object(node, deep=True)


def _walk(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, out: LoadedYaml) -> Any:
    """Build plain data from a node tree, recording the line of every value and key; refuse duplicate keys."""
    out.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(out.file, line, loc_to_str(loc), "cle", "une clé doit être un simple texte")
            key = key_node.value
            if key == "<<":
                raise SourceError(out.file, line, loc_to_str(loc), "cle", "les fusions YAML (<<) ne sont pas acceptées")
            if key in result:
                raise SourceError(out.file, line, loc_to_str(loc + (key,)), "cle_dupliquee",
                                  f"la clé « {key} » apparaît deux fois")
            result[key] = _walk(loader, value_node, loc + (key,), out)
            out.lines[loc + (key,)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, loc + (i,), out) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


def load_yaml(path: Path, display: str | None = None) -> LoadedYaml:
    """Read a UTF-8 (no BOM) YAML file into plain data plus a line map; raise SourceError when unreadable."""
    name = display or str(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(name, 1, "(fichier)", "encodage", "le fichier commence par un BOM : enregistrer en UTF-8 sans BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(name, line, "(fichier)", "encodage", f"octet non UTF-8 à la position {exc.start}") from None
    out = LoadedYaml(None, name)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            out.data = _walk(loader, node, (), out) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:  # raised by both the C and the Python parser
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourceError(name, line, "(fichier)", "syntaxe_yaml", f"{exc.problem or exc}") from None
    return out
