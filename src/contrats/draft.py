"""Draft a contract source from a document text: figures, dates, parties and people, each with a verbatim quote."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import frnum, paths
from .checks import find_amount, find_percent
from .quotes import Document, collapse, contains_text
from .reference import load_reference

REVIEW = "À VÉRIFIER"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_SENT_END = re.compile(r"(?<=[.!?])[ \t\u00a0]+(?=[A-ZÀ-ÝÉ«\"])|(?<=;)[ \t\u00a0]+")
_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d+\s*[).])\s")
_WORD_AFTER = re.compile(r"\s*(?:\(|\))?[ \u00a0\u202f]*([a-zà-ÿœ’'-]{2,})", re.IGNORECASE)
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})[ \u00a0]*[-–/][ \u00a0]*((?:19|20)\d{2})(?!\d)")
_YEAR_EVENT = re.compile(
    r"\b(en|depuis|dès|d'ici|d’ici|année|printemps|été|automne|hiver|fin|début|courant|semestre|trimestre|exercice)\s+(?:de\s+l['’]année\s+|l['’]année\s+)?"
    r"((?:19|20)\d{2})(?![\d-])", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?:(?:ce|le)\s+)?(" + "|".join(WEEKDAYS) + r")\b(?!\s+\d)|\b(hier|avant-hier)\b"
    r"|\b(\d{1,2}(?:er)?\s+(?:" + "|".join(frnum.MONTHS) + r"))\s+(dernier|prochain)\b", re.IGNORECASE)
_NOT_COUNT_BEFORE = re.compile(r"(?:n°|no|article|art\.|axe|volet|fiche|loi|décret|circulaire|page|p\.|priorité|"
                               r"objectif|action|mesure|annexe|chapitre|titre|tome|lot|étape|phase|point)\s*$",
                               re.IGNORECASE)
_NOT_COUNT_NOUN = set(frnum.MONTHS) | {"euros", "euro", "millions", "million", "milliards", "milliard", "pour",
                                       "heures", "heure", "ème", "eme", "ère", "ere", "bis", "sur", "mds", "meur",
                                       "keur", "et", "ou", "er", "re", "nd", "en", "à", "au", "aux", "de", "des", "du", "le", "la", "les"}
_FUNCTIONS = (r"(?:Premier\s+ministre|[Mm]inistre|[Pp]r[ée]sidente?|[Pp]r[ée]f[èe]te?|[Mm]aire|[Vv]ice-pr[ée]sidente?|"
              r"[Dd]irect(?:eur|rice)|[Ss]ecr[ée]taire|[Cc]ommissaire|[Dd][ée]l[ée]gu[ée]e?|[Ss]ous-pr[ée]f[èe]te?|"
              r"[Rr]ecteur|[Rr]ectrice|[Cc]onseill[eè]re?)")
_NAME = r"(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)(?:[ \u00a0](?:de[ \u00a0]|d['’]|du[ \u00a0]|le[ \u00a0])?[A-ZÀ-Ý][A-Za-zÀ-ÿ'’-]+){1,2}"
_REPRESENTED = re.compile(
    r"représenté(?:e)?s?\s+par\s+(?:(?P<art>son|sa|le|la)\s+(?P<f1>[^,\n]{3,80}?),\s*(?P<n1>" + _NAME + r")"
    r"|(?:M\.|Mme|Monsieur|Madame)?\s*(?P<n2>" + _NAME + r"),\s*(?P<f2>[^,\n]*(?:[ \t]*\n\s*[^,\n]{1,80})?))", re.UNICODE)
_NAME_FUNCTION = re.compile(
    r"(?:(?:M\.|Mme|Monsieur|Madame)\s+)?(?P<n>" + _NAME + r"),\s*(?P<f>" + _FUNCTIONS + r"[^,.;\n()]{0,90})")
_SIGN_BLOCK = re.compile(r"^[ \t]*(?P<n>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?[ \u00a0]+[A-ZÀ-Ý][A-ZÀ-Ý' -]+)[ \t]*\n"
                         r"(?:[ \t]*\n)*(?P<f>[ \t]*" + _FUNCTIONS + r".*(?:\n(?![ \t]*\n).+)*)", re.MULTILINE)
_SIGN_BLOCK_REV = re.compile(r"^[ \t]*(?P<f>(?:(?:Le|La|Les)\s+)?" + _FUNCTIONS + r"[^\n]{0,160})\n(?:[ \t]*\n)*"
                             r"[ \t]*(?P<n>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?(?:[ \u00a0]+[A-ZÀ-Ý][A-Za-zÀ-ÿ'’-]+){1,2})"
                             r"[ \t]*$", re.MULTILINE)
_TOTAL_WORDS = re.compile(r"\b(?:total|globale?|au\s+total|ensemble|enveloppe|mobilise|s['’]él[eè]ve|représente)", re.I)

MILESTONE_WORDS = [
    ("circulaire", "circulaire"), ("mandat", "mandat"), ("protocole", "protocole"), ("avis", "avis"),
    ("délibération", "deliberation"), ("avenant", "revision"), ("révision", "revision"),
    ("lanc", "lancement"), ("sign", "signature"), ("conclu", "signature"), ("paraph", "signature"),
    ("fait à", "signature"),
]


@dataclass
class Item:
    """One proposal of the draft: where it goes, its fields, its quote, and what a person must check."""

    section: str
    fields: dict
    quote: str
    context: str | None = None
    review: list[str] = field(default_factory=list)
    pos: int = 0


@dataclass
class Party:
    """A party recognised in the text."""

    id: str
    nom: str
    type: str
    quote: str
    pos: int
    territoire: dict | None = None
    siren: str | None = None
    review: list[str] = field(default_factory=list)
    representants: list[Item] = field(default_factory=list)
    alias: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """Everything proposed for one document."""

    doc_id: str
    title: str | None
    doc_date: str | None
    doc_date_quote: str | None
    url: str | None
    items: list[Item]
    parties: list[Party]
    notes: list[str]


def slug(text: str, limit: int = 60) -> str:
    """ASCII lower-case slug."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", slug(text, 500))


# --- segmentation ---------------------------------------------------------------------------------

def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences: a line ending a sentence, a short line (title, list item) or a bullet stops one."""
    spans: list[tuple[int, int]] = []
    start = None
    lines = list(re.finditer(r"[^\n]*\n?", text))
    for i, m in enumerate(lines):
        line = m.group().rstrip("\n")
        stripped = line.strip()
        if not stripped:
            continue
        if start is not None and _BULLET.match(line):
            spans.append((start, lines[i - 1].end() if i else m.start()))
            start = None
        if start is None:
            start = m.start() + (len(line) - len(line.lstrip()))
        nxt = next((ln.group().strip() for ln in lines[i + 1:] if ln.group().strip()), "")
        ends = stripped.endswith((".", "!", "?", ";", ":", "»", "*")) or (
            len(stripped) < 50 and not (nxt[:1].islower() and stripped[-1:].isalnum()))
        if ends:
            spans.append((start, m.start() + len(line.rstrip())))
            start = None
    if start is not None:
        spans.append((start, len(text.rstrip())))
    out = []
    for a, b in spans:
        seg = text[a:b]
        cuts = [0] + [mm.end() for mm in _SENT_END.finditer(seg)] + [len(seg)]
        for x, y in zip(cuts, cuts[1:]):
            piece = seg[x:y]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((a + x + lead, a + x + len(piece.rstrip())))
    return out


_CLAUSE = re.compile(r"[,;:()\n]|\s[-–]\s")


def quote_for(text: str, sent: tuple[int, int], start: int, end: int, before: int = 60, after: int = 40) -> str:
    """A short verbatim quote around [start, end) inside the sentence: clause-bounded, whole words."""
    a, b = sent
    lo = max(a, start - before)
    if lo > a:  # begin at a clause boundary or a word start
        window = text[lo:start]
        cut = [m.end() for m in _CLAUSE.finditer(window)]
        if cut and start - (lo + cut[0]) >= 45:
            lo = lo + cut[0]
        else:
            sp = window.find(" ")
            lo = lo + sp + 1 if sp >= 0 else lo
    hi = min(b, end + after)
    if hi < b:
        window = text[end:hi]
        m = _CLAUSE.search(window)
        if m:
            hi = end + m.start()
        else:
            sp = window.rfind(" ")
            hi = end + sp if sp >= 0 else hi
    return collapse(text[lo:hi]).strip(" ,;:–-(")


# --- reference names ------------------------------------------------------------------------------

@dataclass
class _Known:
    """Names the drafter recognises: reference territories and the parties already in the catalogue."""

    regions: list[tuple[str, str, int]]  # (folded name, code, millesime)
    departements: list[tuple[str, str]]
    parties: dict[str, dict]  # folded name -> party fields from sources/contrats


def _known(sources: Path) -> _Known:
    import yaml

    ref = load_reference(sources / "reference")
    regions = [(_fold(t.nom), t.code, 2015 if t.millesime_fin < 2016 else 2024) for t in ref if t.type == "region"]
    deps = [(_fold(t.nom), t.code) for t in ref if t.type == "departement" and t.millesime_fin >= 2016]
    parties: dict[str, dict] = {}
    for path in sorted((sources / "contrats").glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeError):
            continue
        for p in (data or {}).get("parties", []) if isinstance(data, dict) else []:
            if isinstance(p, dict) and p.get("type") != "groupe" and p.get("nom"):
                parties.setdefault(_fold(p["nom"]), p)
    return _Known(regions, deps, parties)


_PARTY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("etat", re.compile(r"\bl['’]\s?(?:É|E)tat\b|\b[Pp]réfecture\s+(?:de\s+(?:la\s+)?région|du|de\s+la|de\s+l['’]|des|de)\b|"
                        r"\bDREAL\b|\b[Mm]inistère\s+(?:de|des|du)\b|^[ \t]*(?:[•*·–-][ \t]*)?(?:É|E)tat[ \t]*:", re.MULTILINE)),
    ("region", re.compile(r"\b(?:Conseil régional|Région|région)(?:\s+(?:de\s+|d['’]|des\s+|du\s+)?"
                          r"(?P<name>[A-ZÀ-Ý][\w’'-]*(?:[ \u00a0]*[-–][ \u00a0]*[A-ZÀ-Ý][\w’'-]*|\s(?:de|d['’])\s?[A-ZÀ-Ý][\w’'-]*"
                          r"|[ \u00a0][A-ZÀ-Ý][\w’'-]*)*))")),
    ("departement", re.compile(r"\b(?:Département|Conseil départemental|Conseil général)\s+(?:du|de la|de l['’]|des|de)\s*"
                               r"(?P<name>[A-ZÀ-Ý][\w’'-]*(?:[ -][A-ZÀ-Ý][\w’'-]*)*)")),
    ("metropole", re.compile(r"\b(?P<full>(?:[A-ZÀ-Ý][\w’'-]+\s+)?(?:Méditerranée\s+)?Métropole(?:\s+européenne)?"
                             r"(?:\s+(?:de|du|d['’])\s?[A-ZÀ-Ý][\w’'-]+(?:[ -][A-ZÀ-Ý][\w’'-]+)*|"
                             r"\s+[A-ZÀ-Ý][\w’'-]+(?:[ -][A-ZÀ-Ý][\w’'-]+)*)?)")),
    ("epci", re.compile(r"\b(?P<full>[Cc]ommunauté\s+(?:d['’]agglomération|de\s+communes|urbaine)\s+"
                        r"(?:de\s+la\s+|de\s+l['’]|des\s+|de\s+|du\s+|d['’])?"
                        r"[A-ZÀ-Ý][\w’'-]+(?:\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[A-ZÀ-Ý][\w’'-]+"
                        r"|[ -](?:[A-ZÀ-Ý][\w’'-]+|métropole))*)")),
    ("operateur", re.compile(r"\b(?P<full>ADEME|Ademe|Agence de l['’]eau(?:[ \u00a0]+[A-ZÀ-Ý][\w’'-]+)+|Banque des [Tt]erritoires|"
                             r"Caisse des [Dd]épôts(?: et [Cc]onsignations)?|ANCT|ANRU|Bpifrance|Cerema|VNF|SNCF Réseau|"
                             r"Voies navigables de France|Établissement public foncier(?:[ \u00a0]+[\w’'-]+){0,4}|"
                             r"Agence nationale (?:de la cohésion des territoires|pour la rénovation urbaine))\b")),
    ("pays", re.compile(r"\b(?P<full>(?:Pays|PETR)\s+(?:(?:des?|du|d['’]|de\s+la)\s*)?[A-ZÀ-Ý][\w’'-]+"
                        r"(?:[ \u00a0]+(?:(?:des?|du|d['’]|de\s+la)\s*)?[A-ZÀ-Ý][\w’'-]+){0,3})")),
    ("association", re.compile(r"\b(?P<full>[Aa]ssociation\s+[^()\n.;:]{3,100}?\s*\((?P<abbr>[A-Z]{2,8})\))")),
    ("association", re.compile(r"\b(?P<full>[Aa]ssociation\s+(?:(?:du|de\s+la|des|de\s+l['’]|de)\s*)?[A-ZÀ-Ý][\w’'-]+"
                               r"(?:[ \u00a0]+(?:(?:des?|du|d['’]|de\s+la)\s*)?[A-ZÀ-Ý][\w’'-]+){0,4})")),
]
_ARTICLES = re.compile(r"^(?:la|le|les|l['’])\s*", re.IGNORECASE)


def find_parties(text: str, sents: list[tuple[int, int]], known: _Known) -> list[Party]:
    """Organisations named in the text, recognised against the reference and the catalogue's parties."""
    found: dict[str, Party] = {}

    def sentence_of(pos: int) -> tuple[int, int]:
        return next((s for s in sents if s[0] <= pos < s[1]), (pos, pos + 80))

    for kind, rx in _PARTY_PATTERNS:
        for m in rx.finditer(text):
            s = sentence_of(m.start())
            quote = quote_for(text, s, m.start(), m.end(), before=30, after=30)
            review: list[str] = []
            terr = None
            siren = None
            if kind == "etat":
                pid, nom = "etat", "État"
            elif kind == "region":
                name = m.group("name")
                hit = _match_name(name, known.regions, "region") if name else None
                if not hit:
                    continue
                code, mill, ref_name = hit
                pid, nom = f"region-{slug(ref_name)}", f"Région {ref_name}"
                terr = {"code": code, "type": "region", "millesime": mill}
            elif kind == "departement":
                hit = _match_name(m.group("name"), [(n, c, 2024) for n, c in known.departements], "departement")
                if not hit:
                    continue
                code, _, ref_name = hit
                pid, nom = f"departement-{slug(ref_name)}", f"Département {_de(ref_name)}"
                terr = {"code": code, "type": "departement", "millesime": 2024}
            else:
                nom = _ARTICLES.sub("", collapse(m.group("full"))).rstrip(" ,.")
                if len(nom.split()) < 2 and kind != "operateur" or nom.lower() in ("métropole européenne", "pays des", "pays de"):
                    continue
                pid = slug(nom)
                review.append(f"nom et type de « {nom} » à confirmer")
            known_party = known.parties.get(_fold(nom))
            if known_party:
                pid = known_party.get("id", pid)
                nom = known_party.get("nom", nom)
                siren = known_party.get("siren")
                terr = known_party.get("territoire", terr)
                review = []
            folded = _fold(nom)
            if pid in found or any(_fold(p.nom).startswith(folded) or folded.startswith(_fold(p.nom))
                                   for p in found.values() if p.type == kind and kind not in ("region", "departement")):
                continue
            found[pid] = Party(pid, nom, kind, quote, m.start(), terr, siren, review)
    return sorted(found.values(), key=lambda p: p.pos)


def _de(name: str) -> str:
    first = name[0].lower()
    if name.endswith("s") and name.split()[0].endswith("s") and "-" not in name.split()[0]:
        return f"des {name}"
    if first in "aeiouyéèâîôh":
        return f"de l’{name}"
    return f"du {name}" if not name.endswith("e") else f"de la {name}"


def _match_name(name: str, refs: list[tuple[str, str, int]], kind: str) -> tuple[str, int, str] | None:
    """The reference entry whose folded name starts the folded candidate (longest match wins)."""
    folded = _fold(name)
    best = None
    for ref_fold, code, mill in refs:
        if folded.startswith(ref_fold) and (best is None or len(ref_fold) > len(best[0])
                                            or len(ref_fold) == len(best[0]) and mill > best[2]):
            best = (ref_fold, code, mill)
    if not best:
        return None
    return best[1], best[2], _REF_NAMES.get((kind, best[1], best[2]), name)


_REF_NAMES: dict[tuple[str, str, int], str] = {}


# --- figures, dates, people -----------------------------------------------------------------------

def _amount_items(text: str, sents, doc: Document) -> list[Item]:
    items: list[Item] = []
    total_taken = False
    for a, b in sents:
        sent = text[a:b]
        amounts = frnum.amounts_in(sent)
        percents = frnum.percents_in(sent)
        used_pct: set[int] = set()
        for f in amounts:
            start, end = a + f.start, a + f.end
            pct = next((p for p in percents if 0 <= p.start - f.end <= 6), None)
            if pct is not None:
                end = a + pct.end
                used_pct.add(p_id(pct))
            quote = _verified_quote(text, (a, b), start, end, doc,
                                    lambda q, f=f: _amount_ok(q, f))
            if quote is None:
                continue
            fields: dict = {}
            if f.upper is not None:
                fields.update(qualificatif="fourchette", montant_min_eur=int(f.value), montant_max_eur=int(f.upper))
            else:
                if f.qualifier != "exact":
                    fields["qualificatif"] = f.qualifier
                fields["montant_eur"] = int(f.value)
            if pct is not None and find_percent(quote, float(pct.value)) is not None:
                fields["part_pct"] = _num(pct.value)
            if f.value != f.value.to_integral_value():
                continue
            before = sent[:f.start]
            party = _party_before(before) or _party_after(sent[f.end:f.end + 45])
            review = []
            if not total_taken and _TOTAL_WORDS.search(before[-80:]) and party is None:
                section = "montant_total"
                total_taken = True
                review.append("total du contrat ? préciser « perimetre » si le total exclut une partie")
            elif party is not None:
                section = "financements"
                fields = {"partie": party, **fields}
                review.append(f"partie « {party} » et libellé à confirmer")
            elif "montant_eur" in fields:
                section = "chiffres"
                q = fields.pop("qualificatif", None)
                fields = {"valeur": fields.pop("montant_eur"), "unite": "eur", **({"qualificatif": q} if q else {}),
                          **fields}
                fields.pop("part_pct", None)
                review.append("libellé à écrire ; ou ligne de financement, ou montant d’un volet ?")
            else:
                section = "financements"
                review.append("fourchette : partie, volet ou opération concernés, libellé à écrire")
            items.append(Item(section, fields, quote, review=review, pos=start))
        for p in percents:
            if p_id(p) in used_pct:
                continue
            start, end = a + p.start, a + p.end
            quote = _verified_quote(text, (a, b), start, end, doc,
                                    lambda q, p=p: find_percent(q, float(p.value)) is not None)
            if quote is None:
                continue
            fields = {"valeur": _num(p.value), "unite": "pct"}
            if p.qualifier != "exact":
                fields["qualificatif"] = p.qualifier
            items.append(Item("chiffres", fields, quote, review=["libellé à écrire ; part d’un volet ?"], pos=start))
    return items


def p_id(f: frnum.Found) -> int:
    return f.start


def _num(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)


def _amount_ok(quote: str, f: frnum.Found) -> bool:
    got = find_amount(quote, None if f.upper is not None else int(f.value),
                      int(f.value) if f.upper is not None else None, int(f.upper) if f.upper is not None else None)
    return got is not None and got.qualifier == f.qualifier


def _verified_quote(text: str, sent, start: int, end: int, doc: Document, ok) -> str | None:
    """The shortest candidate quote that the project's quote search finds and whose value parses back."""
    for before, after in ((60, 30), (90, 60), (160, 100), (10_000, 10_000)):
        q = quote_for(text, sent, start, end, before, after)
        if q and len(q) <= 2000 and doc.find(q) is not None and ok(q):
            return q
    return None


_PARTY_WORDS = [
    (re.compile(r"(?:É|E)tat\b"), "etat"),
    (re.compile(r"\bRégion\b|Conseil régional"), "region"),
    (re.compile(r"Autres signataires", re.I), "autres-signataires"),
    (re.compile(r"Conseil départ\w+\s+(?:du|de la|de l['’]|des)\s*([A-ZÀ-Ý][\w-]+(?:[ -][A-ZÀ-Ý][\w-]+)*)"), "departement"),
    (re.compile(r"\bDépartement\b"), "departement"),
    (re.compile(r"ADEME|Agence de l['’]eau|Banque des [Tt]erritoires|Caisse des [Dd]épôts|ANCT|ANRU|Bpifrance"), "operateur"),
    (re.compile(r"[Cc]ommunauté (?:de communes|d['’]agglomération|urbaine)|intercommunalité"), "epci"),
    (re.compile(r"Métropole[\w ’'-]*"), "metropole"),
]


def _party_before(before: str) -> str | None:
    """A party named just before an amount ('pour l'Etat :', 'Région 995 M€'), as a provisional id."""
    tail = before[-70:]
    if not re.search(r"(?:^|\n|pour|[-•])\s*(?:la|le|l['’])?\s*[^\n]{0,60}?[:]?\s*$", tail):
        return None
    clause = re.split(r"[,;\n(]|\s[-–]\s", tail)[-1]
    if len(clause) > 65:
        return None
    for rx, pid in _PARTY_WORDS:
        m = rx.search(clause)
        if m:
            if pid == "departement" and m.groups() and m.group(1):
                return "departement-" + slug(m.group(1))
            if pid == "metropole":
                return slug(_ARTICLES.sub("", m.group().strip()))
            return pid
    return None


def _party_after(after: str) -> str | None:
    """A party named just after an amount ('95 M€ apportés par l'État', '80 M€ par la Région')."""
    m = re.match(r"\s*(?:\([^)]*\)\s*)?(?:(?:apportée?s?|versée?s?|financée?s?|engagée?s?|mobilisée?s?)\s+)?"
                 r"(?:par|de)\s+(l['’]\s?(?:É|E)tat|la\s+Région|le\s+Département|la\s+Métropole[\w ’'-]*)", after)
    return _party_before(m.group(1)) if m else None


def _count_items(text: str, sents, doc: Document, taken: list[tuple[int, int]]) -> list[Item]:
    items = []
    for a, b in sents:
        sent = text[a:b]
        for f in frnum.counts_in(sent):
            start, end = a + f.start, a + f.end
            if any(x <= start < y or x < end <= y for x, y in taken):
                continue
            word = sent[f.start:f.end].lower()
            if word in ("un", "une"):
                continue
            if 1900 <= f.value <= 2100 and word.isdigit():
                continue
            if re.match(r"\s*[).]", sent[f.end:]) and (f.start == 0 or sent[f.start - 1] in "(\n"):
                continue  # list numbering: « 1 ) emploi », « (2) »
            m = _WORD_AFTER.match(sent, f.end)
            if m and m.group(1).lower() in ("ème", "eme", "e") and sent[m.end():m.end() + 1].isspace():
                m = _WORD_AFTER.match(sent, m.end())  # an ordinal: « 6ème génération »
            if re.search(r"(?:limitée?s?|fixée?s?|portée?s?|plafonnée?s?|au\s+nombre\s+de)\s+(?:à\s+)?$", sent[:f.start]):
                m = re.compile(r"()").match(sent, f.end)  # « limitées à 5 »: the noun is before the number
            elif not m or m.group(1).lower() in _NOT_COUNT_NOUN or sent[f.end:f.end + 1] in "/-.,":
                continue
            if _NOT_COUNT_BEFORE.search(sent[:f.start].rstrip()):
                continue
            noun_end = a + m.end()
            quote = _verified_quote(text, (a, b), start, noun_end, doc,
                                    lambda q, f=f: Decimal(f.value) in [c.value for c in frnum.counts_in(q)])
            if quote is None:
                continue
            fields = {"valeur": _num(f.value), "unite": "nombre"}
            if f.qualifier != "exact":
                fields["qualificatif"] = f.qualifier
            items.append(Item("chiffres", fields, quote, pos=start,
                              review=[f"libellé à écrire (nombre de {m.group(1).lower() or '…'}) ; ajouter « compte » s’il "
                                      "se vérifie dans une table"]))
    return items


def _date_spans(text: str) -> list[tuple[frnum.FoundDate, int, int]]:
    return frnum.date_spans_in(text)


def _doc_date(text: str) -> tuple[frnum.FoundDate, str] | None:
    """The document's own date: the first date written in its first lines (header)."""
    head = text[:700]
    def line_len(pos: int) -> int:
        a, b = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
        return len(text[a:b if b >= 0 else len(text)].strip())
    spans = [d for d in _date_spans(head) if d[0].year and line_len(d[1]) < 60]
    if not spans:
        return None
    d, s, e = min(spans, key=lambda x: x[1])
    return d, collapse(head[s:e]), s


def _date_items(text: str, sents, doc: Document, doc_date) -> tuple[list[Item], list[tuple[int, int]], list[str]]:
    items: list[Item] = []
    taken: list[tuple[int, int]] = []
    notes: list[str] = []
    signature_done = ""
    for a, b in sents:
        sent = text[a:b]
        for d, s, e in frnum.date_spans_in(sent):
            start, end = a + s, a + e
            taken.append((start, end))
            if doc_date and start == doc_date[2] and not re.search(r"séance|réuni|délibér|sign", sent, re.I):
                continue  # the document's own (publication) date is not an event of the contract
            review: list[str] = []
            context = None
            iso = d.iso()
            later = re.match(r"[^.;\n]{0,40}?\b\d{1,2}(?:er)?\s+\w+\s+((?:19|20)\d{2})\b", sent[e:])
            if d.year is None and later:
                year, context = int(later.group(1)), collapse(sent[e:e + later.end()]).lstrip(" ,et")
                iso = f"{year:04d}-{d.month:02d}-{d.day:02d}"
                review.append(f"année {year} lue plus loin dans la phrase (contexte)")
            elif d.year is None:
                year, context = _year_for(text, start, doc_date, d)
                if year is None:
                    notes.append(f"date sans année « {collapse(sent[s:e])} » : année introuvable dans le document")
                    continue
                iso = f"{year:04d}-{d.month:02d}-{d.day:02d}"
                review.append(f"année {year} déduite de « {context} » (contexte)")

            def ok(q: str, iso=iso, context=context) -> bool:
                years = set(frnum.years_in(context or ""))
                return any(x.month == d.month and x.day == d.day and (x.year == d.year or x.year is None and
                                                                       int(iso[:4]) in years)
                           for x in frnum.dates_in(q))
            quote = _verified_quote(text, (a, b), start, end, doc, ok)
            if quote is None:
                continue
            low = sent[max(0, s - 70):e + 30].lower()  # the words around the date say what it dates
            kind = next((t for w, t in MILESTONE_WORDS if w in low), "autre")
            if kind == "signature" and len(iso) == 10 and (not signature_done or
                                                           "fait à" in low and "fait à" not in signature_done):
                if signature_done:  # a « Fait à …, le … » line wins over an earlier mention
                    first = next(i for i in items if i.section == "signature")
                    first.section, first.fields = "jalons", {"date": first.fields["date"], "type": "signature"}
                    first.review = ["type et libellé à confirmer"]
                signature_done = low
                lieu = re.search(r"(?:Fait|signée?s?)\s+(?:ce\s+\w+\s+\d+\s+\w+\s+)?à\s+(?:la\s+|l['’])?"
                                 r"([A-ZÀ-Ýa-zé][\w’' -]{2,40}?)(?=[,.]|\s+(?:le|par|en|avec|pour|entre)\b|$)",
                                 collapse(quote))
                fields = {"date": iso}
                if lieu:
                    fields["lieu"] = lieu.group(1).strip()
                    review.append("lieu à confirmer")
                items.append(Item("signature", fields, quote, context, review, start))
            else:
                rel = _RELATIVE.search(sent[s:min(len(sent), e + 12)])
                if rel and rel.group(4):
                    review.append(f"date relative (« {rel.group(4)} ») : année déduite de la date du document")
                items.append(Item("jalons", {"date": iso, "type": kind}, quote, context,
                                  review + ["type et libellé à confirmer"], start))
        for m in _YEAR_EVENT.finditer(sent):
            start, end = a + m.start(), a + m.end()
            if any(x <= start < y or x < end <= y for x, y in taken) or _PERIOD.match(sent, m.start(2)):
                continue
            taken.append((start, end))
            year = int(m.group(2))
            quote = _verified_quote(text, (a, b), start, end, doc, lambda q, y=year: y in frnum.years_in(q))
            if quote:
                low = sent.lower()
                kind = next((t for w, t in MILESTONE_WORDS if w in low), "autre")
                items.append(Item("jalons", {"date": str(year), "type": kind}, quote, None,
                                  ["événement daté de l’année seule : libellé et type à confirmer"], start))
        for m in _RELATIVE.finditer(sent):
            if m.group(4):
                continue
            word = (m.group(1) or m.group(2)).lower()
            ref = doc_date[0].iso() if doc_date else "inconnue"
            notes.append(f"date relative « {collapse(m.group())} » ({quote_for(text, (a, b), a + m.start(), a + m.end())}) :"
                         f" dépend de la date de référence du document ({ref}) ; "
                         + ("jour de semaine sans quantième : " if word in WEEKDAYS else "")
                         + "la validation ne peut pas la prouver, chercher une date écrite ailleurs")
    return items, taken, notes


def _year_for(text: str, pos: int, doc_date, d: frnum.FoundDate) -> tuple[int | None, str | None]:
    """Year of a date written without one: the document's date, or the nearest full date before it."""
    if doc_date and doc_date[0].year:
        ref = doc_date[0]
        year = ref.year
        if ref.month and (d.month, d.day or 1) > (ref.month, ref.day or 31):
            year -= 1  # a past event in a dated text: the most recent such day
        return year, doc_date[1]
    before = [x for x in frnum.date_spans_in(text[:pos]) if x[0].year]
    if before:
        x, s, e = before[-1]
        return x.year, collapse(text[s:e])
    return None, None


def _period_item(text: str, sents, doc: Document) -> Item | None:
    counts: dict[tuple[int, int], list[int]] = {}
    for m in _PERIOD.finditer(text):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if 0 < y2 - y1 <= 10:
            counts.setdefault((y1, y2), []).append(m.start())
    if not counts:
        return None
    (y1, y2), where = max(counts.items(), key=lambda kv: (len(kv[1]), -kv[1][0]))
    pos = where[0]
    s = next((x for x in sents if x[0] <= pos < x[1]), (pos, pos + 9))
    quote = _verified_quote(text, s, pos, pos + 9, doc, lambda q: y1 in frnum.years_in(q) and y2 in frnum.years_in(q))
    if not quote:
        return None
    review = [] if len(counts) == 1 else ["autres périodes citées : " + ", ".join(f"{a}-{b}" for a, b in counts if (a, b) != (y1, y2))]
    return Item("periode", {"debut": y1, "fin": y2}, quote, review=review, pos=pos)


def _other_periods(text: str, sents, doc: Document, main: Item | None) -> list[Item]:
    """Periods other than the contract's (« la durée du mandat 2020 – 2026 »): their first and last years."""
    items = []
    for m in _PERIOD.finditer(text):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if main and (y1, y2) == (main.fields["debut"], main.fields["fin"]) or not 0 < y2 - y1 <= 10:
            continue
        s = next((x for x in sents if x[0] <= m.start() < x[1]), (m.start(), m.end()))
        quote = _verified_quote(text, s, m.start(), m.end(), doc,
                                lambda q: y1 in frnum.years_in(q) and y2 in frnum.years_in(q))
        if quote:
            for y, what in ((y1, "première"), (y2, "dernière")):
                items.append(Item("chiffres", {"valeur": y, "unite": "nombre"}, quote, pos=m.start(),
                                  review=[f"{what} année d’une période autre que celle du contrat : libellé à écrire, "
                                          "ou supprimer"]))
    return items


def _people(text: str, sents, doc: Document, parties: list[Party]) -> list[tuple[Item, str | None]]:
    """Representatives with their function: 'représenté par', 'Name, fonction', signature blocks."""
    out: list[tuple[Item, str | None]] = []
    seen: set[str] = set()

    def add(name: str, function: str | None, start: int, end: int, party: str | None, review: list[str]) -> None:
        name = collapse(name)
        if name in seen:
            return
        quote = collapse(text[start:end]).rstrip(" ,;.")
        if doc.find(quote) is None or not contains_text(quote, name):
            return
        if function:
            function = collapse(function).rstrip(" ,;.")
            if not contains_text(quote, function):
                function = None
        seen.add(name)
        fields = {"nom": name}
        if function:
            fields["fonction"] = function
        out.append((Item("representants", fields, quote, review=review, pos=start), party))

    for m in _REPRESENTED.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        owner_text = re.split(r"[.;]\s|,\s+et\s|\bet\s+(?=l['’]|la\s|le\s)", text[line_start:m.start()])[-1]
        line_start = m.start() - len(owner_text)
        party = _party_of(owner_text, parties)
        if m.group("n1"):
            add(m.group("n1"), m.group("f1"), line_start, m.end("n1"), party, [] if party else ["partie à choisir"])
        else:
            func = m.group("f2")
            func_end = m.start("f2") + len(func.rstrip())
            add(m.group("n2"), func, line_start, func_end, party, [] if party else ["partie à choisir"])
    for m in _SIGN_BLOCK.finditer(text):
        func = collapse(m.group("f"))
        party = _party_of(func, parties) or ("etat" if re.match(r"(?:Premier\s+)?[Mm]inistre|[Pp]r[ée]f", func) else None)
        add(m.group("n"), func, m.start("n"), m.end("f"), party, ["partie et fonction à confirmer (bloc de signature)"])
    for m in _SIGN_BLOCK_REV.finditer(text):  # « Le préfet de région » then, lines below, the name
        func = collapse(m.group("f"))
        before = text[max(0, m.start() - 120):m.start()]
        party = _party_of(before.rsplit("Pour", 1)[-1], parties) if "Pour" in before else None
        party = party or _party_of(func, parties)
        add(m.group("n"), func, m.start("f"), m.end("n"), party, ["partie et fonction à confirmer (bloc de signature)"])
    for m in _NAME_FUNCTION.finditer(text):
        if re.match(r"(?:Vu|Le|La|Les|Pour|Dans|Par|Au|En)\b", m.group("n")):
            continue
        func = m.group("f")
        party = _party_of(func, parties) or ("etat" if re.match(r"(?:Premier\s+)?[Mm]inistre|[Pp]r[ée]f", func) else None)
        add(m.group("n"), func, m.start("n"), m.end("f"), party, ["nom, fonction et partie à confirmer"])
    return out


def _party_of(text: str, parties: list[Party]) -> str | None:
    """The party whose name (or a recognisable part of it) is written in `text`."""
    folded = _fold(text)
    best = None
    for p in parties:
        keys = {_fold(p.nom)}
        if p.type == "etat":
            keys |= {"letat", "etat"}
        if p.type in ("region", "departement") and p.territoire:
            keys.add(_fold(p.nom.split(" ", 1)[-1]))
        for k in keys:
            if k and k in folded and (best is None or len(k) > best[0]):
                best = (len(k), p.id)
    for word, kind in (("Région", "region"), ("Conseil régional", "region"), ("Département", "departement"),
                       ("Métropole", "metropole"), ("association", "association"), ("Association", "association")):
        same = [p for p in parties if p.type == kind]
        if best is None and word in text and len(same) == 1:
            return same[0].id
    if best is None and re.search(r"\b(?:É|E)tat\b|Préfet|Ministre", text):
        return "etat" if any(p.id == "etat" for p in parties) else None
    return best[1] if best else None


# --- the draft ------------------------------------------------------------------------------------

def make_draft(text: str, doc_id: str, sources: Path = paths.SOURCES) -> Draft:
    """Every figure, date, party and representative the text states, each with a verified quote."""
    global _REF_NAMES
    ref = load_reference(sources / "reference")
    _REF_NAMES = {(t.type, t.code, 2015 if t.millesime_fin < 2016 else 2024): t.nom for t in ref}
    known = _known(sources)
    doc = Document(text)
    sents = sentences(text)
    doc_date = _doc_date(text)
    items: list[Item] = []
    period = _period_item(text, sents, doc)
    if period:
        items.append(period)
    items += _other_periods(text, sents, doc, period)
    date_items, taken, notes = _date_items(text, sents, doc, doc_date)
    items += date_items
    amount_items = _amount_items(text, sents, doc)
    items += amount_items
    for a, b in sents:
        sent = text[a:b]
        taken += [(a + f.start, a + f.end) for f in frnum.amounts_in(sent) + frnum.percents_in(sent)]
        taken += [(a + m.start(), a + m.end()) for m in _PERIOD.finditer(sent)]
    items += _count_items(text, sents, doc, taken)
    parties = find_parties(text, sents, known)
    for rep, party_id in _people(text, sents, doc, parties):
        owner = next((p for p in parties if p.id == party_id), None)
        if owner is None:
            owner = next((p for p in parties if p.id == "a-identifier"), None)
            if owner is None:
                owner = Party("a-identifier", "Partie à identifier", "autre", rep.quote, rep.pos,
                              review=["partie non reconnue : nom, type et identifiant à écrire"])
                parties.append(owner)
        owner.representants.append(rep)
    for it in items:  # financing lines name provisional party ids: map them onto recognised parties
        if it.section == "financements":
            pid = it.fields.get("partie")
            if pid is None:
                continue
            match = next((p.id for p in parties if p.id == pid or p.id.startswith(pid) or pid.startswith(p.id)
                          or (pid in ("region", "departement", "epci", "operateur") and p.type == pid
                              and sum(q.type == pid for q in parties) == 1)), None)
            if match:
                it.fields["partie"] = match
                _alias_from_quote(next(p for p in parties if p.id == match), it.quote + " " + (it.context or ""))
    title = _title(text)
    return Draft(doc_id, title, doc_date[0].iso() if doc_date else None, doc_date[1] if doc_date else None,
                 _url(text), sorted(items, key=lambda i: i.pos), parties, notes)


def _alias_from_quote(party: Party, quote: str) -> None:
    """When a commitment's quote names its party only by a generic word (« la communauté de communes »), record
    that word as an alias of the party, as validation requires the quote to name the party (checks.py)."""
    from .checks import fold

    if fold(party.nom).casefold() in fold(quote).casefold():
        return
    for rx, _ in _PARTY_WORDS:
        m = rx.search(quote)
        if m and m.group() not in party.alias:
            party.alias.append(m.group().strip())
            return


def _title(text: str) -> str | None:
    """A title from the header: a markdown heading, or the first line naming a contract or accord."""
    for line in text.splitlines()[:40]:
        s = line.strip().strip("#*_ ").strip()
        if 8 <= len(s) <= 150 and re.search(r"\b(?:contrat|accord|pacte|convention|protocole|CPER|CRTE)\b", s, re.I):
            return collapse(s)
    return None


def _url(text: str) -> str | None:
    m = re.search(r"https?://[^\s<>\"')]+", text[:1500])
    return m.group().rstrip(".,;") if m else None


# --- YAML output ----------------------------------------------------------------------------------

def _scalar(value) -> str:
    import yaml

    out = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return out.removesuffix("\n...").removesuffix("...").strip()


def _q(text: str) -> str:
    """A double-quoted YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _preuve(item: Item, indent: str) -> list[str]:
    if item.context:
        return [f"{indent}preuve:", f"{indent}  citation: {_q(item.quote)}", f"{indent}  contexte: {_q(item.context)}"]
    return [f"{indent}preuve: {_q(item.quote)}"]


def _review(reasons: list[str], indent: str) -> list[str]:
    return [f"{indent}# {REVIEW}: {r}" for r in reasons]


def _fields(fields: dict, indent: str, first: str = "") -> list[str]:
    lines = []
    for i, (k, v) in enumerate(fields.items()):
        if isinstance(v, dict):
            inner = ", ".join(f"{kk}: {_scalar(vv)}" for kk, vv in v.items())
            val = "{" + inner + "}"
        else:
            val = _scalar(v)
        lines.append(f"{indent if i or not first else first}{k}: {val}")
    return lines


def render(draft: Draft, header: list[str] | None = None, documents: list[str] | None = None) -> str:
    """The draft as source YAML: proposals with their quotes, review marks as comments."""
    out: list[str] = list(header or [])
    by = {s: [i for i in draft.items if i.section == s] for s in
          ("periode", "signature", "montant_total", "financements", "chiffres", "jalons")}
    out += [f"id: {draft.doc_id}",
            f"# {REVIEW}: famille (CPER, CPIER, pacte territorial, contrat de réciprocité, accord-cadre, "
            "accord de partenariat, CRTE, autre)",
            "famille: autre",
            f"titre: {_q(draft.title or draft.doc_id)}"]
    if not draft.title:
        out.insert(len(out) - 1, f"# {REVIEW}: titre du contrat")
    if by["periode"]:
        p = by["periode"][0]
        out += _review(p.review, "")
        out += ["periode:"] + _fields(p.fields, "  ") + _preuve(p, "  ")
    sig = by["signature"][0] if by["signature"] else None
    out.append(f"# {REVIEW}: statut et date d’observation (souvent la date du document)")
    out.append("statut:")
    if sig:
        out += ["  valeur: signé", f"  date_observation: {_q(sig.fields['date'])}"] + _preuve(sig, "  ")
    elif draft.doc_date:
        q = draft.doc_date_quote or ""
        out += ["  valeur: projet", f"  date_observation: {_q(draft.doc_date)}", f"  preuve: {_q(q)}"]
    else:
        out += ["  valeur: projet", '  date_observation: "2000"', '  preuve: "À COMPLÉTER"']
    if sig:
        out += _review(sig.review, "")
        out += ["signature:"] + _fields(sig.fields, "  ") + _preuve(sig, "  ")
    out.append(f"document_principal: {draft.doc_id}")
    out += documents or []
    out.append("")
    if draft.parties:
        out.append("parties:")
        for p in draft.parties:
            out += _review(p.review + [f"rôles de « {p.nom} » (signataire, financeur, partenaire)"], "  ")
            out += [f"  - id: {p.id}", f"    nom: {_q(p.nom)}", f"    type: {p.type}", "    roles: [signataire]"]
            if p.alias:
                out.append(f"    alias: [{', '.join(_q(a) for a in p.alias)}]")
            if p.siren:
                out.append(f"    siren: {_q(p.siren)}")
            if p.territoire:
                t = p.territoire
                out.append(f"    territoire: {{code: {_q(str(t['code']))}, type: {t['type']}, millesime: {t['millesime']}}}")
            out.append(f"    preuve: {_q(p.quote)}")
            if p.representants:
                out.append("    representants:")
                for r in p.representants:
                    out += _review(r.review, "      ")
                    out += _fields(r.fields, "        ", "      - ") + _preuve(r, "        ")
        out.append("")
    if by["montant_total"]:
        t = by["montant_total"][0]
        lines = [i.fields["montant_eur"] for i in by["financements"]
                 if i.fields.get("partie") and i.fields.get("qualificatif", "exact") == "exact" and "montant_eur" in i.fields]
        total = t.fields.get("montant_eur")
        if lines and total and abs(sum(lines) - total) > total * 0.01:
            t.review.append(f"les lignes des parties font {sum(lines):,} € pour ce total de {total:,} € ".replace(",", " ")
                            + ": lignes partielles (« dont ») ou total d'un autre périmètre ? sinon consigner un écart "
                            "(ecarts, controle: total)")
        out += _review(t.review, "")
        out += ["montant_total:"] + _fields(t.fields, "  ") + _preuve(t, "  ") + [""]
    for section in ("financements", "chiffres", "jalons"):
        if not by[section]:
            continue
        out.append(f"{section}:")
        used: set[str] = set()
        for n, it in enumerate(by[section], 1):
            fid = _item_id(section, it, used)
            out += _review(it.review, "  ")
            fields = dict(it.fields)
            if section == "chiffres":
                fields = {"libelle": "À COMPLÉTER", **fields}
            if section == "jalons":
                fields = {**fields, "libelle": "À COMPLÉTER"}
            out += _fields({"id": fid, **fields}, "    ", "  - ") + _preuve(it, "    ")
        out.append("")
    if draft.notes:
        out += [f"# {REVIEW}: {n}" for n in draft.notes]
    return "\n".join(out).rstrip() + "\n"


def _item_id(section: str, it: Item, used: set[str]) -> str:
    f = it.fields
    if section == "financements":
        base = f.get("partie") or "ligne"
    elif section == "jalons":
        base = f"{f['type']}-{f['date']}"
    elif f.get("unite") == "pct":
        base = f"part-{str(f['valeur']).replace('.', '-')}"
    elif f.get("unite") == "nombre":
        base = f"nombre-{f['valeur']}"
    else:
        v = f.get("montant_eur") or f.get("montant_min_eur") or 0
        base = f"montant-{v}"
    base = slug(str(base))
    fid, k = base, 2
    while fid in used:
        fid, k = f"{base}-{k}", k + 1
    used.add(fid)
    return fid


def draft_text(path: Path, doc_id: str | None = None, sources: Path = paths.SOURCES) -> str:
    """Draft YAML for a document file."""
    text = path.read_text(encoding="utf-8")
    return render(make_draft(text, doc_id or slug(path.stem), sources))


def today() -> str:
    """Today's date (ISO), for scaffolds."""
    return dt.date.today().isoformat()
