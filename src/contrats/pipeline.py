"""Turn sources/ into checked per-contract outcomes (problems and table rows), reusing a content-keyed cache."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import limits, paths
from .checks import Ctx, check_one, evidence_items, reconciliation
from .model import CatalogueMeta, Document, as_evidence
from .parallel import fork_map
from .problems import Problem
from .reference import Reference, load_reference
from .schemas import TABLES
from .sources import Corpus, Lines, Source, display_path, load_contract, read_text, review_marks
from .state import Cache, code_version, sha256
from .tables import contract_rows, csv_body
from .yamlsrc import SourceError, load_yaml


@dataclass
class Outcome:
    """Everything later stages need about one contract, without its parsed model."""

    stem: str
    display: str
    id: str
    titre: str
    famille: str
    document_principal: str | None
    declared: list[Document]
    cited: list[str]
    relations: list[str | None]
    problems: list[Problem]
    csv: dict[str, bytes] | None  # per table, this contract's CSV lines without the header
    counts: dict[str, int] = field(default_factory=dict)
    doc_ids: list[str] = field(default_factory=list)  # documents its package carries
    key: tuple = ()


@dataclass
class Processed:
    """The checked corpus: outcomes sorted by id, the document registry and texts, metadata, problems."""

    outcomes: list[Outcome] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    raw_texts: dict[str, bytes] = field(default_factory=dict)
    meta: CatalogueMeta | None = None
    problems: list[Problem] = field(default_factory=list)
    reused: int = 0


def cited_documents(source: Source) -> list[str]:
    """Ids of every document a contract declares or cites, sorted."""
    c = source.contract
    ids = {c.document_principal} | {d.id for d in c.documents}
    for *_, raw in evidence_items(c):
        ev = as_evidence(raw)
        if ev.tier == 1:
            ids.add(ev.document or c.document_principal)
    return sorted(i for i in ids if i is not None)


_STATE: dict = {}  # set before forking: workers read the corpus without pickling it


def _process_one(index: int) -> Outcome:
    corpus: Corpus = _STATE["corpus"]
    reference: Reference = _STATE["reference"]
    source = corpus.sources[index]
    c = source.contract
    problems = check_one(Ctx(source, corpus, []), reference)
    cited = cited_documents(source)
    # A cited document whose text could not be read is reported once, at its declaration; no rows without it.
    unreadable = any(d in corpus.documents and d not in corpus.texts for d in cited)
    has_errors = unreadable or any(p.severity == "erreur" for p in problems)
    outcome = Outcome(source.path.stem, source.display, c.id, c.titre, c.famille, c.document_principal,
                      list(c.documents), cited, [r.cible for r in c.relations], problems, None)
    if not has_errors:
        rows = contract_rows(source, corpus, reference, reconciliation(c))
        outcome.csv = {name: csv_body(name, rows.get(name, [])) for name in TABLES if name != "documents"}
        outcome.counts = {name: len(rows.get(name, [])) for name in TABLES if name != "documents"}
        outcome.doc_ids = sorted(({r.get("document_id") for r in rows.get("preuves", [])} | {c.document_principal}) - {None})
    return outcome


def load_meta(path: Path = paths.SOURCES / "catalogue.yml") -> tuple[CatalogueMeta | None, list[Problem]]:
    """Read the catalogue metadata."""
    loaded = None
    try:
        loaded = load_yaml(path, "sources/catalogue.yml")
        return CatalogueMeta.model_validate(loaded.data), []
    except SourceError as exc:
        return None, [Problem(exc.file, exc.line, exc.field, exc.rule, exc.message)]
    except ValidationError as exc:
        return None, [Problem("sources/catalogue.yml", loaded.line_of(tuple(e["loc"])) if loaded else 1,
                              ".".join(map(str, e["loc"])), e["type"], e["msg"]) for e in exc.errors()]



def process(sources_dir: Path = paths.SOURCES, root: Path = paths.ROOT, cache_dir: Path | None = None) -> Processed:
    """Check every contract (only those whose inputs changed when a cache is given) and produce their rows."""
    out = Processed()
    out.meta, out.problems = load_meta(sources_dir / "catalogue.yml")
    reference = load_reference(sources_dir / "reference")
    ref_sha = reference.fingerprint
    code = code_version()
    cache = Cache(cache_dir)
    contracts_dir = sources_dir / "contrats"
    listed = sorted(p for p in contracts_dir.iterdir() if p.is_file() or p.is_symlink()) \
        if contracts_dir.is_dir() else []
    yaml_sha: dict[Path, str] = {}
    for path in listed:
        if path.suffix not in (".yml", ".yaml"):
            out.problems.append(Problem(display_path(path, root), 1, "(fichier)", "extension",
                                        "seuls des fichiers .yml sont admis dans sources/contrats"))
            continue
        try:  # size and file type are checked before anything is parsed or taken from the cache
            yaml_sha[path] = sha256(limits.read_regular(path, limits.MAX_YAML_BYTES))
        except limits.LimitError as exc:
            out.problems.append(Problem(display_path(path, root), 1, "(fichier)", exc.rule, exc.message))
            continue
        # what a drafted contract still leaves to decide, whatever the cache holds
        out.problems += review_marks(path, display_path(path, root))
    files = list(yaml_sha)
    cached = {p: cache.get(p.stem) for p in files}
    hits = {p: o for p, o in cached.items() if o is not None and o.key[:3] == (yaml_sha[p], code, ref_sha)}
    parsed: dict[Path, Source] = {}

    def parse(batch: list[Path]) -> None:
        for path, (source, found) in zip(batch, fork_map(functools.partial(load_contract, root=root), batch)):
            if source is None:
                out.problems.extend(found)
            else:
                parsed[path] = source

    parse([p for p in files if p not in hits])
    # Document registry: declarations from parsed models and from cached outcomes.
    corpus = Corpus()
    declarations: list[tuple[Document, str, Path, int]] = []
    for path in files:
        if path in parsed:
            declarations += [(d, parsed[path].display, path, i) for i, d in enumerate(parsed[path].contract.documents)]
        elif path in hits:
            declarations += [(d, hits[path].display, path, i) for i, d in enumerate(hits[path].declared)]
    owners: dict[str, str] = {}
    owner_paths: dict[str, Path] = {}
    for doc, display, path, i in declarations:
        if doc.id in owners:
            out.problems.append(Problem(display, Lines(path, display).line_of(("documents", i, "id")),
                                        f"documents[{i}].id", "document_duplique",
                                        f"le document « {doc.id} » est déjà déclaré dans {owners[doc.id]}"))
            continue
        owners[doc.id], owner_paths[doc.id] = display, path
        corpus.documents[doc.id] = (doc, None)  # type: ignore[assignment]
        found = read_text(sources_dir / "documents" / doc.fichier, root, display,
                          Lines(path, display).line_of, i)
        if isinstance(found, Problem):
            out.problems.append(found)
        else:
            corpus.raw_texts[doc.id], corpus.texts[doc.id] = found
    doc_sha = {d: sha256(b) for d, b in corpus.raw_texts.items()}

    def full_key(path: Path, cited: list[str]) -> tuple:
        return (yaml_sha[path], code, ref_sha, tuple((d, doc_sha.get(d)) for d in cited))

    stale = [p for p, o in hits.items() if o.key != full_key(p, o.cited)]
    for p in stale:
        del hits[p]
    parse(stale)
    for path, source in parsed.items():  # the registry points at the parsed declarations, which the checks use
        for doc in source.contract.documents:
            if owner_paths.get(doc.id) == path:
                corpus.documents[doc.id] = (doc, source)
    order = sorted(parsed)
    corpus.sources = [parsed[p] for p in order]
    _STATE.update(corpus=corpus, reference=reference)
    try:
        fresh = fork_map(_process_one, range(len(order)))
    finally:
        _STATE.clear()
    outcomes: dict[Path, Outcome] = dict(hits)
    for path, outcome in zip(order, fresh):
        outcome.key = full_key(path, outcome.cited)
        outcomes[path] = outcome
        cache.put(outcome.stem, outcome)
    out.reused = len(hits)
    # Checks across files.
    counts = Counter(o.id for o in outcomes.values())
    for path, o in sorted(outcomes.items()):
        lines = Lines(path, o.display)
        if counts[o.id] > 1:
            out.problems.append(Problem(o.display, lines.line_of(("id",)), "id", "id_duplique",
                                        f"l'id « {o.id} » est utilisé par plusieurs fichiers"))
        for i, target in enumerate(o.relations):
            if target is not None and target not in counts:
                out.problems.append(Problem(o.display, lines.line_of(("relations", i, "cible")), f"relations[{i}].cible",
                                            "reference", f"le contrat « {target} » n'est pas au catalogue"))
        out.problems.extend(o.problems)
    out.outcomes = sorted(outcomes.values(), key=lambda o: o.id)
    out.documents = {d: corpus.documents[d][0] for d in sorted(corpus.documents)}
    out.raw_texts = corpus.raw_texts
    return out
