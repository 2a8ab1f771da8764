"""Domain checks over the loaded sources: identifiers, references, evidence, totals, shares, dates, counts."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from . import frnum
from .derived import COUNT_FILTERS, count_rows, is_whole_contract, walk_elements, whole_contract_lines
from .model import Contract, Element, Evidence, Financing, Party, as_evidence
from .problems import Problem
from .quotes import contains_text, quote_hint
from .reference import COLLECTIVITY_TYPES, Reference, collectivity_name, contract_year, lookup, vintage_note
from .schemas import Item, proof_items, walk
from .sources import Corpus, Source
from .yamlsrc import Loc, loc_to_str

ENVIRON_DEFAULT = Decimal("0.10")  # "de l'ordre de": ±10 % unless the source declares a tolerance


def siren_ok(siren: str) -> bool:
    """Luhn checksum of a SIREN number."""
    total = 0
    for i, ch in enumerate(reversed(siren)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


@dataclass
class Ctx:
    """What a check needs about one source file."""

    source: Source
    corpus: Corpus
    problems: list[Problem]
    explained: set[str] = field(default_factory=set)  # discrepancy keys whose check fired and was documented

    @property
    def contract(self) -> Contract:
        return self.source.contract

    def add(self, loc: Loc, rule: str, message: str, severity: str = "erreur") -> None:
        self.problems.append(Problem(self.source.display, self.source.yaml.line_of(loc), loc_to_str(loc),
                                     rule, message, severity))


# --- evidence -------------------------------------------------------------------------------------

def _resolve(ctx: Ctx, ev: Evidence, loc: Loc) -> bool:
    """Check the quote is in its document (tier 1) or the page is declared (tier 2): whether its value can be read."""
    if ev.tier == 2:
        if ev.source not in {s.id for s in ctx.contract.sources_publiques}:
            ctx.add(loc, "preuve_source", f"page « {ev.source} » non déclarée dans sources_publiques du contrat")
            return False
        return True
    doc_id = ev.document or ctx.contract.document_principal
    if doc_id is None:
        ctx.add(loc, "preuve_document", "citation sans document : donner document ou document_principal")
        return False
    if doc_id not in ctx.corpus.documents:
        ctx.add(loc, "preuve_document", f"document « {doc_id} » non déclaré dans sources/contrats")
        return False
    text = ctx.corpus.texts.get(doc_id)
    if text is None:
        return False  # unreadable document already reported
    missing = [(part, quote) for part, quote in (("citation", ev.citation), ("contexte", ev.contexte))
               if quote is not None and text.find(quote) is None]
    for part, quote in missing:
        ctx.add(loc, "preuve_introuvable",
                f"{part} absente du document « {doc_id} » (copier le texte mot pour mot) : « {quote[:120]} » ; "
                + quote_hint(text.text, quote))
    return not missing


def _qualifier_problem(found: frnum.Found, qualifier: str, what: str) -> str | None:
    if found.qualifier == qualifier:
        return None
    said = {"exact": "sans approximation", "environ": "une valeur approchée", "au_moins": "un minimum (« plus de »)",
            "au_plus": "un maximum (« jusqu'à »)", "fourchette": "une fourchette"}[found.qualifier]
    return f"la citation donne {what} comme {said} : qualificatif attendu « {found.qualifier} », pas « {qualifier} »"


def _euros(value) -> str:
    """Whole euros with spaces between thousands: « 58 000 000 € »."""
    return f"{value:,.0f} €".replace(",", " ")


def find_amount(quote: str, value: int | None, low: int | None, high: int | None) -> frnum.Found | None:
    """The amount (or range) written in the quote equal to the given euros, if any."""
    for f in frnum.amounts_in(quote):
        if low is not None and high is not None:
            if f.upper is not None and f.value == low and f.upper == high:
                return f
        elif value is not None and f.upper is None and f.value == value:
            return f
    return None


def find_percent(quote: str, pct: float) -> frnum.Found | None:
    """The percentage written in the quote equal to `pct`, if any."""
    target = Decimal(str(pct))
    return next((f for f in frnum.percents_in(quote) if f.value == target), None)


def check_amount(ctx: Ctx, amount, loc: Loc, quote: str) -> None:
    """The amount fields of `amount` must be what the quote says, with the same qualifier."""
    q = amount.qualificatif
    if q != "part":
        found = find_amount(quote, amount.montant_eur, amount.montant_min_eur, amount.montant_max_eur)
        if found is None:
            written = ", ".join(_euros(f.value) for f in frnum.amounts_in(quote)) or "aucun"
            field = "montant_eur" if q != "fourchette" else "montant_min_eur"
            ctx.add(loc + (field,), "valeur_preuve",
                    f"le montant ne correspond pas à la citation (montants lus dans la citation : {written})")
        else:
            msg = _qualifier_problem(found, q, "ce montant")
            if msg:
                ctx.add(loc + ("qualificatif",), "qualificatif_preuve", msg)
    if amount.part_pct is not None and find_percent(quote, amount.part_pct) is None:
        written = ", ".join(f"{f.value} %" for f in frnum.percents_in(quote)) or "aucune"
        ctx.add(loc + ("part_pct",), "valeur_preuve",
                f"la part ne correspond pas à la citation (parts lues : {written})")


def check_date(ctx: Ctx, value: str, loc: Loc, ev: Evidence, quote: str) -> None:
    """A date (AAAA, AAAA-MM or AAAA-MM-JJ) must be written in the quote as a date; a year missing from a written
    day and month comes from the context, which must state it as a date too (« 26.01.2023 », « en 2023 »)."""
    parts = [int(p) for p in value.split("-")]
    context_years = frnum.stated_years(ev.contexte) if ev.contexte else set()
    page_date = _page_date(ctx, ev)
    if page_date:  # tier 2: the page's own date dates what it reports (« 9 janvier » on a page of 2021-01)
        context_years = context_years | {int(page_date[:4])}
    if len(parts) == 1:
        ok = parts[0] in frnum.stated_years(quote)
        if ev.tier == 2:  # an expression is only the figure as written: a bare year, or the page's date
            ok = ok or re.fullmatch(rf"\D*{parts[0]}\D*", quote) is not None or page_date[:4] == value
    else:
        ok = any(parts[0] in ({d.year} if d.year is not None else context_years) and d.month == parts[1]
                 and (len(parts) == 2 or d.day == parts[2]) for d in frnum.dates_in(quote))
    if not ok:
        written = ", ".join(d.iso() for d in frnum.dates_in(quote)) or "aucune"
        hint = " (année absente de la citation : la donner dans « contexte »)" if not ev.contexte and any(
            d.year is None for d in frnum.dates_in(quote)) else ""
        if len(parts) == 1:
            hint = " (l'année doit y être écrite comme une date : « en 2023 », « le 9 janvier 2023 »)"
        ctx.add(loc, "valeur_preuve", f"la date {value} ne correspond pas à la citation (dates lues : {written}){hint}")


def check_date_not_after_document(ctx: Ctx, value: str, loc: Loc, ev: Evidence) -> None:
    """A date cannot be later than the document that reports it (compared at the precision both share); called once
    the evidence is resolved (its document is declared)."""
    if ev.tier == 2:
        return  # a page's date is when it was last published, not when it reported: planned dates are common there
    doc = ctx.corpus.documents[ev.document or ctx.contract.document_principal][0]
    if doc.date is None:
        return
    n = min(len(value), len(doc.date))
    if value[:n] > doc.date[:n]:
        ctx.add(loc, "date_document",
                f"la date {value} est postérieure au document « {doc.id} » ({doc.date}) qui la rapporte : "
                "citer un document plus récent, ou corriger la date")


def check_text(ctx: Ctx, value: str | None, loc: Loc, quote: str) -> None:
    """A name or title must appear in its quote (case and whitespace aside)."""
    if value and not contains_text(quote, value):
        ctx.add(loc, "valeur_preuve", f"« {value[:80]} » n'apparaît pas dans la citation")


def evidence_items(c: Contract) -> Iterator[tuple[str, object, Loc, Loc, object]]:
    """(check, owner object, YAML location of the owner, YAML location of the evidence, evidence field) for every
    evidence of a contract, as the published tables declare them (schemas.py)."""
    root = Item(c, (), c)
    for table, item in walk(root):
        for proof, _, raw, owner, owner_loc, ev_loc in proof_items(table, item):
            if raw is not None:
                yield proof.check, owner, owner_loc, ev_loc, raw


def _verify_amount(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_amount(ctx, owner, loc, quote)
    if isinstance(owner, Financing) and owner.partie:
        check_party_named(ctx, owner.partie, loc + ("partie",), ev)


def _verify_period(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    years = frnum.years_in(quote)
    for f in ("debut", "fin"):
        if getattr(owner, f) not in years:
            ctx.add(loc + (f,), "valeur_preuve", f"l'année {getattr(owner, f)} n'est pas dans la citation")


def _verify_generation(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    if owner.generation is None:
        ctx.add(loc + ("generation_preuve",), "valeur_preuve", "generation_preuve sans generation")
    elif Decimal(owner.generation) not in [f.value for f in frnum.counts_in(quote)]:
        ctx.add(loc + ("generation",), "valeur_preuve", f"la génération {owner.generation} n'est pas dans la citation")


def _page_date(ctx: Ctx, ev: Evidence) -> str:
    """The date of a tier-2 evidence's page (ISO, possibly partial; the page is declared, see _resolve), or an empty
    string for a quote or an undated page."""
    if ev.tier != 2:
        return ""
    return next(p.date for p in ctx.contract.sources_publiques if p.id == ev.source) or ""


def _dating_text(ctx: Ctx, ev: Evidence, quote: str) -> str:
    """What dates an observation: the quote, its context, and (public page) the page's own date."""
    return " ".join(part for part in (quote, ev.contexte, _page_date(ctx, ev)) if part)


def _verify_status(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_date(ctx, owner.date_observation, loc + ("date_observation",), ev, _dating_text(ctx, ev, quote))
    check_date_not_after_document(ctx, owner.date_observation, loc + ("date_observation",), ev)


def _verify_signature(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    if owner.date:
        check_date(ctx, owner.date, loc + ("date",), ev, quote)
        check_date_not_after_document(ctx, owner.date, loc + ("date",), ev)
    check_text(ctx, owner.lieu, loc + ("lieu",), quote)


def _verify_signature_date(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    """A corroborating source of a signature confirms its date (the place is the main evidence's)."""
    if owner.date:
        check_date(ctx, owner.date, loc + ("date",), ev, quote)


def _verify_representative(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_text(ctx, owner.nom, loc + ("nom",), quote)
    check_text(ctx, owner.fonction, loc + ("fonction",), quote)


def _verify_title(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_text(ctx, owner.titre, loc + ("titre",), quote)


def _verify_milestone(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_date(ctx, owner.date, loc + ("date",), ev, quote)
    check_date_not_after_document(ctx, owner.date, loc + ("date",), ev)


def _verify_figure(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_figure(ctx, owner, loc, quote)


def _verify_execution(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    check_amount(ctx, owner, loc, quote)
    check_date(ctx, owner.date, loc + ("date",), ev, _dating_text(ctx, ev, quote))


def _verify_found(ctx: Ctx, owner, loc: Loc, ev: Evidence, quote: str) -> None:
    """The quote only shows the row exists (a party takes part, a relation, a discrepancy): finding it suffices."""


# What each Proof.check verifies (schemas.py names a key of this table for every evidence field).
VERIFY = {
    "montant": _verify_amount, "periode": _verify_period, "generation": _verify_generation, "statut": _verify_status,
    "signature": _verify_signature, "date_signature": _verify_signature_date, "representant": _verify_representative, "titre": _verify_title,
    "jalon": _verify_milestone, "chiffre": _verify_figure, "trouve": _verify_found, "execution": _verify_execution,
}


def check_evidence(ctx: Ctx) -> None:
    """Every quote is in its document and states the value it backs."""
    for check, owner, loc, ev_loc, raw in evidence_items(ctx.contract):
        ev = as_evidence(raw)
        if _resolve(ctx, ev, ev_loc):
            VERIFY[check](ctx, owner, loc, ev, ev.text)


def check_figure(ctx: Ctx, fig, loc: Loc, quote: str) -> None:
    """A figure's value (euros, percentage or count) and qualifier must be what the quote says."""
    value = Decimal(str(fig.valeur))
    if fig.unite == "eur":
        if value != value.to_integral_value():
            ctx.add(loc + ("valeur",), "type", "un montant en euros doit être entier")
            return
        candidates = [f for f in frnum.amounts_in(quote) if f.upper is None]
    elif fig.unite == "frf":
        if value != value.to_integral_value():
            ctx.add(loc + ("valeur",), "type", "un montant en francs doit être entier")
            return
        candidates = frnum.francs_in(quote)
    elif fig.unite == "pct":
        candidates = frnum.percents_in(quote)
    else:
        candidates = frnum.counts_in(quote)
    match = next((f for f in candidates if f.value == value), None)
    if match is None:
        written = ", ".join(str(f.value) for f in candidates) or "aucune"
        ctx.add(loc + ("valeur",), "valeur_preuve", f"la valeur ne correspond pas à la citation (valeurs lues : {written})")
        return
    if fig.qualificatif in ("exact", "environ", "au_moins", "au_plus"):
        msg = _qualifier_problem(match, fig.qualificatif, "ce chiffre")
        if msg:
            ctx.add(loc + ("qualificatif",), "qualificatif_preuve", msg)


# --- structure and references ---------------------------------------------------------------------

def check_ids(ctx: Ctx) -> dict[str, set[str]]:
    """Ids are unique within each list; returns the id sets for reference checks."""
    c = ctx.contract
    groups: dict[str, list[tuple[str, Loc]]] = {
        "parties": [(p.id, ("parties", i, "id")) for i, p in enumerate(c.parties)],
        "structure": [(el.id, loc + ("id",)) for el, loc, _, _ in walk_elements(c.structure)],
        "financements": [(f.id, ("financements", i, "id")) for i, f in enumerate(c.financements)],
        "operations": [(o.id, ("operations", i, "id")) for i, o in enumerate(c.operations)],
        "chiffres": [(f.id, ("chiffres", i, "id")) for i, f in enumerate(c.chiffres)],
        "jalons": [(j.id, ("jalons", i, "id")) for i, j in enumerate(c.jalons)],
        "ecarts": [(e.id, ("ecarts", i, "id")) for i, e in enumerate(c.ecarts)],
        "execution": [(x.id, ("execution", i, "id")) for i, x in enumerate(c.execution)],
        "sources_publiques": [(p.id, ("sources_publiques", i, "id")) for i, p in enumerate(c.sources_publiques)],
    }
    for name, items in groups.items():
        seen: set[str] = set()
        for id_, loc in items:
            if id_ in seen:
                ctx.add(loc, "id_duplique", f"l'identifiant « {id_} » est déjà utilisé dans {name}")
            seen.add(id_)
    return {name: {i for i, _ in items} for name, items in groups.items()}


def check_references(ctx: Ctx, ids: dict[str, set[str]]) -> None:
    """Every id a row points to exists."""
    c = ctx.contract

    def need(value: str | None, group: str, loc: Loc) -> None:
        if value is not None and value not in ids[group]:
            ctx.add(loc, "reference", f"« {value} » n'existe pas dans {group}")

    for i, f in enumerate(c.financements):
        need(f.partie, "parties", ("financements", i, "partie"))
        need(f.element, "structure", ("financements", i, "element"))
        need(f.operation, "operations", ("financements", i, "operation"))
    for i, o in enumerate(c.operations):
        need(o.element, "structure", ("operations", i, "element"))
    for i, j in enumerate(c.jalons):
        need(j.partie, "parties", ("jalons", i, "partie"))
    for i, p in enumerate(c.parties):
        for k, m in enumerate(p.membres):
            need(m, "parties", ("parties", i, "membres", k))
        if p.membres and p.type != "groupe":
            ctx.add(("parties", i, "membres"), "membres", "seul un groupe (type: groupe) a des membres")
        if p.siren and not siren_ok(p.siren):
            ctx.add(("parties", i, "siren"), "siren", f"SIREN {p.siren} invalide (clé de Luhn)")
    for i, r in enumerate(c.relations):
        if r.cible == c.id:
            ctx.add(("relations", i, "cible"), "reference", "un contrat ne peut pas être lié à lui-même")
    if c.document_principal is not None and c.document_principal not in ctx.corpus.documents:
        ctx.add(("document_principal",), "reference", f"document « {c.document_principal} » non déclaré")
    if c.document_principal is None and not c.sources_publiques:
        ctx.add(("document_principal",), "reference", "un contrat cite un document principal ou des sources_publiques")
    for i, x in enumerate(c.execution):
        need(x.partie, "parties", ("execution", i, "partie"))
    for i, fig in enumerate(c.chiffres):
        if fig.compte and fig.unite != "nombre":
            ctx.add(("chiffres", i, "compte"), "compte", "seul un nombre (unite: nombre) peut être comparé à une liste")


def check_documents(ctx: Ctx) -> None:
    """Declared documents' texts match their SHA-256."""
    for i, doc in enumerate(ctx.contract.documents):
        raw = ctx.corpus.raw_texts.get(doc.id)
        registered = ctx.corpus.documents[doc.id][0]  # every declared id is registered, to its first declaration
        if raw is not None and registered is doc:  # a duplicate declaration is reported elsewhere
            digest = hashlib.sha256(raw).hexdigest()
            if digest != doc.sha256:
                ctx.add(("documents", i, "sha256"), "empreinte",
                        f"le texte {doc.fichier} a changé : SHA-256 {digest}")


def check_territories(ctx: Ctx, reference: Reference) -> None:
    """Territory codes exist in the reference for their type and COG vintage (or the nearest one held)."""
    c = ctx.contract
    refs = [(t, ("territoires", i)) for i, t in enumerate(c.territoires)]
    refs += [(p.territoire, ("parties", i, "territoire")) for i, p in enumerate(c.parties) if p.territoire]
    refs += [(o.territoire, ("operations", i, "territoire")) for i, o in enumerate(c.operations) if o.territoire]
    for t, loc in refs:
        if lookup(reference, t.type, t.code, t.millesime) is None:
            ctx.add(loc + ("code",), "code_cog",
                    f"aucun(e) {t.type} de code « {t.code} » au COG {t.millesime}"
                    f"{vintage_note(reference, t.type, t.millesime)} (voir datapackages/reference/)")
    year = contract_year(c)
    for i, p in enumerate(c.parties):
        kind = COLLECTIVITY_TYPES.get(p.type)
        if not p.nom and collectivity_name(reference, p) is None:
            ctx.add(("parties", i), "nom_partie",
                    "nom manquant : écrire le nom de l'organisation, ou, pour une collectivité (region, departement, "
                    "epci, commune), son territoire du même type, dont la construction reprend le nom et le SIREN")
        if p.territoire and kind == p.territoire.type:
            found = lookup(reference, p.territoire.type, p.territoire.code, p.territoire.millesime)
            if found and found.siren and p.siren and p.siren != found.siren:
                ctx.add(("parties", i, "siren"), "siren_reference",
                        f"SIREN {p.siren} différent de celui de {found.nom} au référentiel ({found.siren}, COG "
                        f"{reference.resolve(p.territoire.type, p.territoire.millesime)}) : retirer le SIREN saisi, "
                        "la construction le reprend du référentiel")
        elif not p.territoire and kind == "epci" and p.siren and siren_ok(p.siren):
            if lookup(reference, "epci", p.siren, year) is None:
                ctx.add(("parties", i, "siren"), "siren_reference",
                        f"aucun EPCI de SIREN {p.siren} au COG {year}{vintage_note(reference, 'epci', year)}, "
                        "millésime de la date du contrat")


def fold(text: str) -> str:
    """Text without accents, with dashes, apostrophes and whitespace runs as one space (case kept)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[-‐‑–—'’]", " ", bare).split())


def _names_in(text: str, names: list[str]) -> bool:
    folded = fold(text).casefold()
    return any(re.search(rf"(?<!\w){re.escape(fold(n).casefold())}(?!\w)", folded) for n in names if fold(n))


def names_party(party: Party, text: str) -> bool:
    """Whether the text names the party: its name or one of its declared aliases (accents, case, dashes aside)."""
    return _names_in(text, [n for n in (party.nom, *party.alias) if n])


def check_party_named(ctx: Ctx, party_id: str, loc: Loc, ev: Evidence) -> None:
    """The quote of a party's commitment (or its context) names that party, so an amount is not pinned on the
    wrong one."""
    party = next((p for p in ctx.contract.parties if p.id == party_id), None)
    if party is None:
        return  # unknown party: reported by check_references
    if ev.tier == 2:
        return  # a tier-2 expression is a few words by design; which party a page's figure is for is the curator's reading
    if not any(names_party(party, passage) for passage in (ev.citation, ev.contexte) if passage):
        ctx.add(loc, "partie_preuve",
                f"la citation (ni son contexte) ne nomme pas la partie « {party.nom or party.id} » : citer le passage qui la nomme "
                "dans « contexte », ou déclarer le nom employé par le document dans alias")


def _per_reference(build):
    """Cache a function of the reference by the reference object's identity: hashing its 10,000 territories at each
    call, as functools.lru_cache does, cost most of the time of the checks of a contract."""
    cache: dict[int, tuple[Reference, object]] = {}  # pragma: no mutate (runs at import, before any mutant is chosen)

    @functools.wraps(build)  # pragma: no mutate
    def cached(reference: Reference):
        hit = cache.get(id(reference))  # pragma: no mutate
        if hit is None or hit[0] is not reference:  # pragma: no mutate
            hit = cache[id(reference)] = (reference, build(reference))  # pragma: no mutate
        return hit[1]  # pragma: no mutate
    return cached


@_per_reference
def _territory_names(reference: Reference) -> tuple[re.Pattern[str], dict[str, set[tuple[str, str]]]]:
    """One regex matching every reference name (longest first), and each folded name's (type, code) pairs."""
    by_name: dict[str, set[tuple[str, str]]] = {}
    for t in reference:
        by_name.setdefault(fold(t.nom).casefold(), set()).add((t.type, t.code))
    alternatives = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), by_name


def territories_named(text: str, reference: Reference) -> set[tuple[str, str]]:
    """(type, code) of the reference territories a title or name names, capitalised, longest name first
    (« Pays de la Loire » names the region, not the département of the Loire)."""
    pattern, by_name = _territory_names(reference)
    out: set[tuple[str, str]] = set()
    for m in pattern.finditer(fold(text)):
        if m.group(0)[0].isupper():
            out |= by_name[m.group(0).casefold()]
    return out


def check_territory_names(ctx: Ctx, reference: Reference) -> None:
    """A territory code designates the region or département that the contract's title and parties name: when
    they name some of that type, the code must be one of theirs (53 is not the Pays de la Loire)."""
    c = ctx.contract
    named = territories_named(" \n ".join([c.titre, *(n for p in c.parties for n in (p.nom, *p.alias) if n)]), reference)
    refs = [(t, ("territoires", i), named) for i, t in enumerate(c.territoires)]
    refs += [(p.territoire, ("parties", i, "territoire"), territories_named(" \n ".join([p.nom or "", *p.alias]), reference))
             for i, p in enumerate(c.parties) if p.territoire]
    for t, loc, names in refs:
        ref = lookup(reference, t.type, t.code, t.millesime)
        same_type = sorted(code for type_, code in names if type_ == t.type)
        if ref is None or not same_type or t.code in same_type:
            continue
        said = ", ".join(sorted({r.nom for r in reference if r.type == t.type and r.code in same_type}))
        ctx.add(loc + ("code",), "code_nom",
                f"le code {t.type} « {t.code} » désigne {ref.nom}, mais le texte nomme : {said}")


# --- arithmetic -----------------------------------------------------------------------------------

def _explained(ctx: Ctx, key: str) -> bool:
    return any(e.controle == key for e in ctx.contract.ecarts)


def _flag(ctx: Ctx, key: str, loc: Loc, rule: str, message: str) -> None:
    if _explained(ctx, key):
        ctx.explained.add(key)
        ctx.add(loc, rule, f"{message} — écart documenté ({key})", severity="info")
    else:
        ctx.add(loc, rule, f"{message} ; si le document se contredit, le consigner dans ecarts avec controle: {key}")


def _precision(amount) -> Decimal:
    ev = as_evidence(amount.preuve)
    found = find_amount(ev.text, amount.montant_eur, amount.montant_min_eur, amount.montant_max_eur)
    return found.precision if found else Decimal(0)


def reconcile_total(c: Contract) -> tuple[str, str]:
    """Compare whole-contract party commitments with the stated total: (status, explanation).

    Status is 'sans_objet' (nothing to compare), 'concordant', or 'discordant'.
    """
    total = c.montant_total
    lines = whole_contract_lines(c)
    if total is None or not lines:
        return "sans_objet", ""
    s = Decimal(sum(f.montant_eur for f in lines))
    prec = _precision(total) + sum((_precision(f) for f in lines), Decimal(0))
    q = total.qualificatif
    if total.tolerance_eur is not None:
        tol = Decimal(total.tolerance_eur)
    elif q == "environ":
        tol = Decimal(total.montant_eur) * ENVIRON_DEFAULT
    else:
        tol = prec
    if q in ("exact", "environ"):
        ok = abs(s - total.montant_eur) <= tol
    elif q == "au_moins":
        ok = s >= total.montant_eur - tol
    elif q == "au_plus":
        ok = s <= total.montant_eur + tol
    elif q == "fourchette":
        ok = total.montant_min_eur - tol <= s <= total.montant_max_eur + tol
    else:
        return "sans_objet", ""
    def eur(v) -> str:
        return f"{v:,.0f} €".replace(",", "\u202f")
    announced = (f"{eur(total.montant_min_eur)} à {eur(total.montant_max_eur)}" if q == "fourchette"
                 else eur(total.montant_eur))
    msg = (f"la somme des engagements des parties ({eur(s)} = " + " + ".join(f"{f.id} {eur(f.montant_eur)}" for f in lines)
           + f") ne concorde pas avec le total annoncé ({announced}, {q}, tolérance {eur(tol)} ; "
           f"écart {eur(s - Decimal(total.montant_eur if q != 'fourchette' else total.montant_min_eur))})")
    return ("concordant" if ok else "discordant"), msg


def reconciliation(c: Contract) -> str:
    """Published reconciliation status: concordant, ecart_documente or sans_objet."""
    status, _ = reconcile_total(c)
    if status == "discordant":
        return "ecart_documente" if any(e.controle == "total" for e in c.ecarts) else "discordant"
    return status


def check_totals(ctx: Ctx) -> None:
    """Party lines for the whole contract against the stated total, within the declared or written rounding."""
    c = ctx.contract
    total = c.montant_total
    for i, f in enumerate(c.financements):
        if total and total.montant_eur and f.montant_eur and f.element is None and f.montant_eur > total.montant_eur * 2:
            ctx.add(("financements", i, "montant_eur"), "montant_absurde",
                    "la ligne dépasse le double du total du contrat")
    status, msg = reconcile_total(c)
    if status == "discordant":
        _flag(ctx, "total", ("montant_total",), "total", msg)


def check_parts_of_lines(ctx: Ctx, ids: dict[str, set[str]]) -> None:
    """A line that is part of another (fait_partie_de) points to an existing line, without a cycle, and the parts
    of a line add up to no more than it (within the rounding written)."""
    c = ctx.contract
    lines = {f.id: f for f in c.financements}
    for i, f in enumerate(c.financements):
        if f.fait_partie_de is None:
            continue
        loc = ("financements", i, "fait_partie_de")
        if f.fait_partie_de not in ids["financements"]:
            ctx.add(loc, "reference", f"« {f.fait_partie_de} » n'existe pas dans financements")
            continue
        seen, cur = {f.id}, f.fait_partie_de
        while cur is not None and cur in lines and cur not in seen:
            seen.add(cur)
            cur = lines[cur].fait_partie_de
        if cur is not None and cur in seen:
            ctx.add(loc, "fait_partie_de", f"la ligne « {f.id} » fait partie d'elle-même (cycle par « {cur} »)")
    for i, parent in enumerate(c.financements):
        parts = [f for f in c.financements if f.fait_partie_de == parent.id and f.montant_eur is not None
                 and f.qualificatif in ("exact", "environ")]
        if not parts or parent.montant_eur is None or parent.qualificatif not in ("exact", "environ", "au_plus"):
            continue
        total = sum(f.montant_eur for f in parts)
        tol = _precision(parent) + sum((_precision(f) for f in parts), Decimal(0))
        if total > parent.montant_eur + tol:
            ctx.add(("financements", i, "montant_eur"), "somme_parties",
                    f"les lignes qui font partie de « {parent.id} » totalisent {_euros(total)}, plus que ses "
                    f"{_euros(parent.montant_eur)}")


def _check_share_group(ctx: Ctx, key: str, loc: Loc, shares: list[tuple[float, Decimal]], complete: bool) -> None:
    if len(shares) < 2:
        return
    s = sum(Decimal(str(v)) for v, _ in shares)
    tol = sum(p for _, p in shares)
    if s > 100 + tol or (complete and s < 100 - tol):
        _flag(ctx, key, loc, "somme_parts", f"les parts totalisent {s} % (tolérance d'arrondi {tol} points)")


def check_shares(ctx: Ctx) -> None:
    """Shares of sibling elements, and of parties in the whole contract, sum to 100 % within rounding."""
    c = ctx.contract

    def prec(amount) -> Decimal:
        found = find_percent(as_evidence(amount.preuve).text, amount.part_pct)
        return found.precision if found else Decimal(0)

    def visit(elements: list[Element], loc: Loc, key: str) -> None:
        shares = [(el.montant.part_pct, prec(el.montant)) for el in elements
                  if el.montant and el.montant.part_pct is not None]
        complete = len(shares) == len(elements)
        _check_share_group(ctx, f"parts:structure:{key}", loc, shares, complete)
        for i, el in enumerate(elements):
            visit(el.elements, loc + (i, "elements"), el.id)

    visit(c.structure, ("structure",), "racine")
    lines = [f for f in c.financements if is_whole_contract(f) and f.part_pct is not None]
    _check_share_group(ctx, "parts:parties", ("financements",), [(f.part_pct, prec(f)) for f in lines], True)


def check_names(ctx: Ctx) -> None:
    """An operation shows a readable name: a title as written that is not one (lower-case fragment) needs a `nom`,
    and a `nom` starts with a capital letter."""
    def lower(text: str) -> bool:  # the first letter is lower-case (a name without letters has nothing to capitalise)
        return next((ch.islower() for ch in text if ch.isalpha()), False)

    for i, o in enumerate(ctx.contract.operations):
        if o.nom is not None and lower(o.nom):
            ctx.add(("operations", i, "nom"), "nom_lisible", f"le nom « {o.nom} » doit commencer par une majuscule")
        elif o.nom is None and lower(o.titre):
            ctx.add(("operations", i, "titre"), "nom_lisible",
                    f"l'intitulé « {o.titre} » n'est pas un nom : ajouter un « nom » lisible (groupe nominal "
                    "court, capitalisé, rédigé d'après le document)")


def check_dates(ctx: Ctx) -> None:
    """Signature within reach of the period; status observed after signature."""
    c = ctx.contract
    if c.signature and c.signature.date and c.periode:
        year = int(c.signature.date[:4])
        if not (c.periode.debut - 2 <= year <= c.periode.fin):
            ctx.add(("signature", "date"), "date_periode",
                    f"signature en {year} hors de la période {c.periode.debut}-{c.periode.fin}")
    if c.signature and c.signature.date and c.statut.valeur in ("signé", "en cours", "clos"):
        if c.statut.date_observation < c.signature.date[: len(c.statut.date_observation)]:
            ctx.add(("statut", "date_observation"), "date_statut", "statut observé avant la signature")
    if c.statut.valeur in ("signé", "en cours", "clos") and c.signature is None and not c.jalons:
        ctx.add(("statut",), "date_statut", "un contrat signé devrait avoir une signature ou des jalons", "info")


def check_counts(ctx: Ctx) -> None:
    """A count the document announces equals the number of rows it describes, unless the gap is documented."""
    c = ctx.contract
    for i, fig in enumerate(c.chiffres):
        if not fig.compte:
            continue
        unknown = sorted(set(fig.compte.filtre) - COUNT_FILTERS[fig.compte.table])
        if unknown:
            ctx.add(("chiffres", i, "compte", "filtre"), "compte",
                    f"filtre inconnu : {', '.join(unknown)} (admis : {', '.join(sorted(COUNT_FILTERS[fig.compte.table]))})")
            continue
        n = count_rows(c, fig.compte)
        if Decimal(str(fig.valeur)) != n:
            _flag(ctx, f"compte:{fig.id}", ("chiffres", i, "valeur"), "compte",
                  f"le document annonce {fig.valeur} mais la liste en compte {n}")


def check_unused_controls(ctx: Ctx) -> None:
    """A discrepancy that names a check which did not fire is reported (info), so stale keys get noticed."""
    for i, e in enumerate(ctx.contract.ecarts):
        if e.controle and e.controle not in ctx.explained:
            ctx.add(("ecarts", i, "controle"), "controle_inutile",
                    f"le contrôle « {e.controle} » ne signale rien : l'écart reste publié, sa clé de contrôle est sans effet",
                    severity="info")


def _publisher(c: Contract, ev: Evidence) -> str:
    """Who stands behind an evidence: a page's publisher (tier 2) or the cited document (tier 1)."""
    if ev.tier == 2:
        return next((p.editeur for p in c.sources_publiques if p.id == ev.source), ev.source)  # undeclared: its id
    return f"document:{ev.document or c.document_principal}"


def check_public_sources(ctx: Ctx) -> None:
    """Pages are declared once per contract and used; a discrepancy between sources names two publishers."""
    c = ctx.contract
    used = {as_evidence(raw).source for *_, raw in evidence_items(c)}
    seen: dict[str, str] = {}
    for i, p in enumerate(c.sources_publiques):
        if p.url in seen:
            ctx.add(("sources_publiques", i, "url"), "source_dupliquee", f"page déjà déclarée sous l'id « {seen[p.url]} »")
        seen.setdefault(p.url, p.id)
        if p.id not in used:
            ctx.add(("sources_publiques", i, "id"), "source_inutilisee", f"la page « {p.id} » n'est citée par aucune preuve",
                    severity="info")
    for i, e in enumerate(c.ecarts):
        if e.type == "sources" and len({_publisher(c, as_evidence(raw)) for raw in e.preuves}) < 2:
            ctx.add(("ecarts", i, "preuves"), "ecart_sources",
                    "un écart entre sources cite au moins deux sources d'éditeurs différents")


def check_corroboration(ctx: Ctx) -> None:
    """Corroborating evidence (autres_preuves) comes from other publishers than the main evidence: independent."""
    c = ctx.contract
    for _, owner, _, ev_loc, raw in evidence_items(c):
        if "autres_preuves" not in ev_loc:
            continue
        main = _publisher(c, as_evidence(owner.preuve))
        others = [_publisher(c, as_evidence(r)) for r in owner.autres_preuves[:ev_loc[-1]]]
        if _publisher(c, as_evidence(raw)) in [main, *others]:
            ctx.add(ev_loc, "recoupement", "cette preuve vient d'un éditeur déjà cité pour la même valeur : "
                                          "pas de recoupement indépendant")


def check_one(ctx: Ctx, reference: Reference) -> list[Problem]:
    """Every check that concerns one contract alone (identifiers across files are checked by the pipeline)."""
    c, source = ctx.contract, ctx.source
    if c.id != source.path.stem:
        ctx.add(("id",), "id_fichier", f"l'id « {c.id} » doit être le nom du fichier ({source.path.stem}.yml)")
    ids = check_ids(ctx)
    check_references(ctx, ids)
    check_documents(ctx)
    check_territories(ctx, reference)
    check_territory_names(ctx, reference)
    check_parts_of_lines(ctx, ids)
    check_evidence(ctx)
    check_totals(ctx)
    check_shares(ctx)
    check_dates(ctx)
    check_names(ctx)
    check_counts(ctx)
    check_public_sources(ctx)
    check_corroboration(ctx)
    check_unused_controls(ctx)
    return ctx.problems
