"""Load a source YAML file strictly, remembering the line of every value for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limits

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
_NO_KEY = object()


def _scalar(loader: yaml.SafeLoader, event: yaml.ScalarEvent) -> Any:
    """Build a scalar from its resolved tag, with fast paths for the common plain cases."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value
    if tag == _INT and event.value.lstrip("-").isdigit() and not event.value.lstrip("-").startswith("0"):
        return int(event.value)
    if tag == _NULL:
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return loader.construct_object(node, deep=True)


class _Frame:
    """An open list or mapping while the event stream is read."""

    __slots__ = ("value", "loc", "key", "key_line", "anchor", "start")

    def __init__(self, value: Any, loc: Loc, anchor: str | None, start: int) -> None:
        self.value, self.loc, self.anchor, self.start = value, loc, anchor, start
        self.key: Any = _NO_KEY
        self.key_line = 0


def _build(loader: yaml.SafeLoader, out: LoadedYaml) -> Any:
    """Build plain data from the parser's events, recording the line of every value and key.

    Reading events rather than a composed node tree bounds the work before it is done: nesting deeper than
    MAX_YAML_DEPTH and more than MAX_YAML_NODES values once aliases are expanded stop with a located error
    (libyaml's composer recurses in C and crashes on deep nesting; expanding aliases can take exponential
    memory). Duplicate keys, merge keys and non-text keys are refused.
    """
    anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, how many values it holds)
    stack: list[_Frame] = []
    nodes = 0
    root: Any = None
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # document start
    while True:
        event = loader.get_event()
        line = event.start_mark.line + 1
        cls = type(event)
        if cls is yaml.SequenceEndEvent or cls is yaml.MappingEndEvent:
            frame = stack.pop()
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.value, nodes - frame.start + 1)
            value, done = frame.value, True
        else:
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.value, dict) and parent.key is _NO_KEY:
                if cls is not yaml.ScalarEvent:
                    raise SourceError(out.file, line, loc_to_str(parent.loc), "cle", "une clé doit être un simple texte")
                if event.value == "<<":
                    raise SourceError(out.file, line, loc_to_str(parent.loc), "cle",
                                      "les fusions YAML (<<) ne sont pas acceptées")
                if event.value in parent.value:
                    raise SourceError(out.file, line, loc_to_str(parent.loc + (event.value,)), "cle_dupliquee",
                                      f"la clé « {event.value} » apparaît deux fois")
                parent.key, parent.key_line = event.value, line
                continue
            if parent is None:
                loc: Loc = ()
            elif isinstance(parent.value, dict):
                loc = parent.loc + (parent.key,)
            else:
                loc = parent.loc + (len(parent.value),)
            out.lines[loc] = line
            nodes += 1
            if cls is yaml.ScalarEvent:
                value, done = _scalar(loader, event), True
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
            elif cls is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise SourceError(out.file, line, loc_to_str(loc), "alias_yaml",
                                      f"alias *{event.anchor} sans ancre &{event.anchor} complète avant lui")
                value, size = anchors[event.anchor]
                nodes += size - 1
                done = True
            else:
                if len(stack) >= limits.MAX_YAML_DEPTH:
                    where = loc_to_str(loc[:4]) + "…"
                    raise SourceError(out.file, line, where, "profondeur_yaml",
                                      f"plus de {limits.MAX_YAML_DEPTH} niveaux de listes ou d'objets imbriqués")
                container: Any = {} if cls is yaml.MappingStartEvent else []
                stack.append(_Frame(container, loc, event.anchor, nodes))
                done = False
            if nodes > limits.MAX_YAML_NODES:
                raise SourceError(out.file, line, loc_to_str(loc), "taille_yaml",
                                  f"plus de {limits.MAX_YAML_NODES} valeurs une fois les alias (*) développés")
        if not done:
            continue
        if not stack:
            root = value
            break
        parent = stack[-1]
        if isinstance(parent.value, dict):
            parent.value[parent.key] = value
            out.lines[parent.loc + (parent.key,)] = parent.key_line
            parent.key = _NO_KEY
        else:
            parent.value.append(value)
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        mark = loader.peek_event().start_mark
        raise SourceError(out.file, mark.line + 1, "(fichier)", "syntaxe_yaml", "un seul document YAML par fichier")
    return root


def load_yaml(path: Path, display: str | None = None) -> LoadedYaml:
    """Read a UTF-8 (no BOM) YAML file into plain data plus a line map; raise SourceError when unreadable."""
    name = display or str(path)
    try:
        raw = limits.read_regular(path, limits.MAX_YAML_BYTES)
    except limits.LimitError as exc:
        raise SourceError(name, 1, "(fichier)", exc.rule, exc.message) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(name, 1, "(fichier)", "encodage", "le fichier commence par un BOM : enregistrer en UTF-8 sans BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(name, line, "(fichier)", "encodage", f"octet non UTF-8 à la position {exc.start}") from None
    bidi = limits.BIDI_RE.search(text)
    if bidi:
        line = text.count("\n", 0, bidi.start()) + 1
        raise SourceError(name, line, "(fichier)", "bidi",
                          f"caractère de contrôle bidirectionnel U+{ord(bidi.group()):04X} refusé (il change l'ordre "
                          "d'affichage des noms et titres)")
    out = LoadedYaml(None, name)
    try:
        loader = _Loader(text)
        try:
            out.data = _build(loader, out)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:  # raised by both the C and the Python parser
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourceError(name, line, "(fichier)", "syntaxe_yaml", f"{exc.problem or exc}") from None
    return out
