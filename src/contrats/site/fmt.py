"""HTML escaping and French formatting of amounts, shares, dates and coded values."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

from .. import model
from ..schemas import PUBLISHED

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]

# Labels of coded values are declared with the values in model.py.
STATUTS = model.STATUSES
TYPES_PARTIE = model.PARTY_TYPES
TYPES_ELEMENT = model.ELEMENT_TYPES
TYPES_RELATION = model.RELATION_TYPES
TYPES_RELATION_INVERSE = {"fait_partie_de": "comprend", "succede_a": "a pour successeur", "modifie": "est modifié par",
                          "cite": "est cité par"}
TYPES_JALON = model.MILESTONE_TYPES
TYPES_ECART = model.DISCREPANCY_TYPES
RAPPROCHEMENTS = {
    "concordant": ("Total concordant", "Le total annoncé et la somme des engagements des parties concordent, "
                                       "aux arrondis près."),
    "ecart_documente": ("Écart documenté", "Le total annoncé et la somme des engagements ne concordent pas ; "
                                          "l’écart est consigné, citations à l’appui, dans la section « Écarts »."),
    "sans_objet": ("Rapprochement sans objet", "Les documents ne donnent pas à la fois un total et les engagements "
                                               "de chaque partie : il n’y a rien à rapprocher."),
}
UNITES = {"eur": "€", "frf": "F", "pct": "%", "nombre": ""}
QUALIFICATIFS = {"exact": "", "environ": "environ ", "au_moins": "au moins ", "au_plus": "au plus "}
TABLES = {name: table.label for name, table in PUBLISHED.items()}  # singular names, declared in schemas.py


def family(value: str | None) -> str:
    """Family as displayed: « Accord-cadre », « CPER », « Pacte territorial »."""
    return "" if not value else value[0].upper() + value[1:]


def esc(value: Any) -> str:
    """HTML-escape any value coming from data (None → empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def slugify(text: str) -> str:
    """Lower-case ASCII slug (accents removed, runs of other characters → one hyphen)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})


def sort_key(text: str | None) -> tuple[str, str]:
    """French collation key, independent of the system locale: accents, case and ligatures ignored first
    (« Île-de-France » before « Provence »), then the exact text to break ties deterministically."""
    raw = text or ""
    folded = unicodedata.normalize("NFKD", raw.translate(_LIGATURES)).encode("ascii", "ignore").decode("ascii")
    return folded.casefold(), raw


def group_digits(n: int) -> str:
    """Integer with French thousands separators (narrow no-break spaces)."""
    return f"{n:,}".replace(",", NNBSP)


def number(value: float | int, decimals: int = 1) -> str:
    """A number in French notation: decimal comma, thousands separated, trailing zeros dropped."""
    if isinstance(value, int) or float(value).is_integer():
        return group_digits(int(value))
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", NNBSP)


def euros(value: int | None) -> str:
    """Full amount in euros: 2 700 000 000 €."""
    return "" if value is None else f"{group_digits(int(value))}{NBSP}€"


def euros_short(value: float | None) -> str:
    """Rounded amount for charts: 2,7 Md€, 994 M€, 73,7 M€, 150 k€."""
    if value is None:
        return ""
    v = float(value)
    for size, unit in ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€")):
        if abs(v) >= size:
            scaled = v / size
            return f"{number(round(scaled, 1 if scaled < 100 else 0))}{NBSP}{unit}"
    return f"{number(v)}{NBSP}€"


def pct(value: float | None) -> str:
    """A share: 57,3 %."""
    return "" if value is None else f"{number(value, 2)}{NBSP}%"


def amount(row: dict, prefix: str = "") -> str:
    """An amount as the document states it (qualifier, range or share), e.g. « au moins 2 700 000 000 € »."""
    q = row.get(f"{prefix}qualificatif")
    value, low, high = row.get(f"{prefix}montant_eur"), row.get(f"{prefix}montant_min_eur"), row.get(f"{prefix}montant_max_eur")
    share = row.get(f"{prefix}part_pct")
    if q is None and value is None and share is None:
        return ""
    if q == "fourchette":
        text = f"entre {euros(low)} et {euros(high)}"
    elif q == "part" or value is None:
        return pct(share)
    else:
        text = QUALIFICATIFS.get(q or "exact", "") + euros(value)
    if share is not None:
        text += f" ({pct(share)})"
    return text


def amount_short(row: dict, prefix: str = "") -> str:
    """Short form of an amount for chart labels."""
    q = row.get(f"{prefix}qualificatif")
    if q == "fourchette":
        return f"{euros_short(row.get(f'{prefix}montant_min_eur'))} à {euros_short(row.get(f'{prefix}montant_max_eur'))}"
    if row.get(f"{prefix}montant_eur") is None:
        return pct(row.get(f"{prefix}part_pct"))
    return QUALIFICATIFS.get(q or "exact", "") + euros_short(row.get(f"{prefix}montant_eur"))


def amount_value(row: dict, prefix: str = "") -> float | None:
    """A single number standing for the amount (middle of a range), for sorting and bars."""
    value = row.get(f"{prefix}montant_eur")
    if value is not None:
        return float(value)
    low, high = row.get(f"{prefix}montant_min_eur"), row.get(f"{prefix}montant_max_eur")
    if low is not None and high is not None:
        return (low + high) / 2
    return None


def date(value: str | None) -> str:
    """ISO date of variable precision in words: 9 janvier 2023, juillet 2016, 2016."""
    if not value:
        return ""
    parts = str(value).split("-")
    try:
        if len(parts) == 3:
            day = int(parts[2])
            return f"{'1er' if day == 1 else day} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return str(value)
    return parts[0]


def period(start: int | None, end: int | None) -> str:
    """Years covered: 2015-2020 (en dash)."""
    if start is None and end is None:
        return ""
    if start == end or end is None:
        return str(start)
    if start is None:
        return f"jusqu’en {end}"
    return f"{start}–{end}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """« 1 contrat », « 3 contrats » (French: 0 and 1 take the singular)."""
    return f"{group_digits(n)} {one if n <= 1 else (many or one + 's')}"


def agree(n: int, one: str, many: str) -> str:
    """The form agreeing with a count: agree(1, "concerne", "concernent") → « concerne »."""
    return one if n <= 1 else many


def json_for_script(data: Any) -> str:
    """JSON safe inside <script>: no « </ », « <!-- » or raw '<', '>' and '&'."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def truncate(text: str, limit: int) -> str:
    """Cut text at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
