"""Parse French number, amount, percentage, count and date writing found in quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import text2num

SPACE = "[ \u00a0\u202f]"
# Thousands grouped by spaces (« 80 000 ») or, press style, by dots (« 70.000 ») — a dot followed by exactly three
# digits is a thousands separator; a decimal part is written with a comma (or a dot followed by other than 3 digits).
NUMBER = (rf"\d{{1,3}}(?:{SPACE}\d{{3}})+(?:[,.]\d+)?|\d{{1,3}}(?:\.\d{{3}})+(?![\d])(?:,\d+)?"
          rf"|\d+(?:[,.]\d+)?")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
APOS = "['’]"

# Unit spellings, longest first, mapped to their multiplier in euros.
_UNITS: list[tuple[str, int]] = [
    (rf"milliards?{SPACE}*d{APOS}\s*euros", 1_000_000_000),
    (r"milliards?\s*€", 1_000_000_000),
    (r"milliards?", 1_000_000_000),
    (r"mds?\s*€|md€", 1_000_000_000),
    (rf"millions?{SPACE}*d{APOS}\s*euros", 1_000_000),
    (r"millions?\s*€", 1_000_000),
    (r"millions?", 1_000_000),
    (r"m\s*€|m€|meur", 1_000_000),
    (rf"milliers?{SPACE}*d{APOS}\s*euros", 1_000),
    (r"k\s*€|k€|keur", 1_000),
    (r"euros?|€", 1),
]
UNIT = "|".join(f"(?:{u})" for u, _ in _UNITS)

NOT_FRANCS = r"(?![a-zà-ÿ])(?!\s+de\s+francs)"  # « 164,9 milliards de francs » is no amount in euros
_AMOUNT_RE = re.compile(rf"(?<![\d,.])({NUMBER})\s*({UNIT}){NOT_FRANCS}", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"(?:entre|de)\s+({NUMBER})\s*(?:({UNIT})\s*)?(?:et|à)\s+({NUMBER})\s*({UNIT})(?![a-zà-ÿ])",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(rf"(?<![\d,.])({NUMBER})\s*\)?\s*(?:%|pour{SPACE}?cent)", re.IGNORECASE)
_INT_RE = re.compile(rf"(?<![\d,.])({NUMBER})(?![\d])")

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_RE = re.compile(rf"\b(\d{{1,2}})(?:er|ᵉʳ)?\s+({_MONTH_ALT})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_MONTH_YEAR_RE = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{4}})\b", re.IGNORECASE)
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")

# French number words; a run of them (« vingt-deux », « quatre-vingt-dix », « deux cent trente », « quatre
# millions ») is read as one number by text2num.
NUMBER_WORDS = ("un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
                "douze", "treize", "quatorze", "quinze", "seize", "vingts?", "trente", "quarante", "cinquante",
                "soixante", "cents?", "mille", "millions?", "milliards?")
_WORD = "(?:" + "|".join(NUMBER_WORDS) + ")"
_WORD_RE = re.compile(rf"(?<![\w-]){_WORD}(?:(?:-et-|{SPACE}+et{SPACE}+|-|{SPACE}+){_WORD})*(?![\w-])", re.IGNORECASE)
_SINGLE_WORD_RE = re.compile(rf"(?<![\w-]){_WORD}(?![\w-])", re.IGNORECASE)
# A multiplier word after digits: « 4 millions d'habitants » is 4,000,000 (euros are read by amounts_in).
_MULTIPLIERS = {"mille": 1_000, "million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000,
                "milliards": 1_000_000_000}
_MULTIPLIER_RE = re.compile(rf"{SPACE}*(milliards?|millions?|mille)(?![\w-])", re.IGNORECASE)
# An amount whose number is written in words: « deux milliards d’euros », « plus d’un milliard ».
_WORD_AMOUNT_RE = re.compile(rf"(?<![\w-])({_WORD})\s+({UNIT}){NOT_FRANCS}", re.IGNORECASE)

# Words that, placed just before a figure, change what the figure means.
MARKERS: list[tuple[str, str]] = [
    (r"de\s+l['’]ordre\s+de", "environ"),
    (r"environ", "environ"),
    (r"près\s+de", "environ"),
    (r"quelque", "environ"),
    (r"approximativement", "environ"),
    (r"estimée?s?\s+à", "environ"),
    (r"plus\s+de", "au_moins"),
    (r"plus\s+d['’]", "au_moins"),
    (r"au\s+moins", "au_moins"),
    (r"minimum\s+de", "au_moins"),
    (r"au\s+minimum", "au_moins"),
    (r"au-delà\s+de", "au_moins"),
    (r"jusqu['’]à", "au_plus"),
    (r"maximum\s+de", "au_plus"),
    (r"au\s+plus", "au_plus"),
    (r"au\s+maximum", "au_plus"),
    (r"maximale\s+de", "au_plus"),
    (r"moins\s+de", "au_plus"),
    (r"à\s+peine(?:\s+de)?", "au_plus"),
]
MARKER_WINDOW = 40  # characters before a figure searched for a marker
_MARKER_RE = [(re.compile(rf"(?:{p})\s*(?:[:à]\s*)?(?:hauteur\s+(?:de\s+)?)?$", re.IGNORECASE), q) for p, q in MARKERS]


@dataclass(frozen=True)
class Found:
    """A figure found in a quote: its value, the qualifier implied by the words before it, and its span."""

    value: Decimal
    qualifier: str
    start: int
    end: int
    upper: Decimal | None = None  # set for ranges ("entre 150 et 170 M€")
    precision: Decimal = Decimal(0)  # half of the last written digit, in the value's unit


def _clean(text: str) -> str:
    """Digits with '.' as the only decimal mark: thousands spaces and thousands dots removed."""
    cleaned = re.sub(SPACE, "", text.strip())
    if _DOT_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    return cleaned.replace(",", ".")


def parse_number(text: str) -> Decimal:
    """Parse a French-written number: '893,486', '43.35', '137 000', '70.000', '1 234,5'."""
    cleaned = _clean(text)
    if cleaned.count(".") > 1:
        raise ValueError(f"nombre illisible : {text!r}")
    return Decimal(cleaned)


def _precision(text: str, scale: int) -> Decimal:
    cleaned = _clean(text)
    decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
    return (Decimal(1).scaleb(-decimals) / 2) * scale


def words_value(words: str) -> int | None:
    """The number a run of French number words writes (« vingt-deux » → 22), or None if it is not one number."""
    try:
        return text2num(" ".join(words.split()), "fr")  # text2num ignores case
    except ValueError:
        return None


def _scale(unit: str) -> int:
    for pattern, mult in _UNITS:
        if re.fullmatch(pattern, unit.strip(), re.IGNORECASE):
            return mult
    raise ValueError(f"unité inconnue : {unit!r}")


def _marker_before(text: str, pos: int) -> str:
    window = text[max(0, pos - MARKER_WINDOW):pos]  # each marker pattern ends with \s*…$: trailing spaces match
    for regex, qualifier in _MARKER_RE:
        if regex.search(window):
            return qualifier
    return "exact"


def amounts_in(text: str) -> list[Found]:
    """Every euro amount written in the text, scaled to euros, with ranges kept as ranges."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE_RE.finditer(text):
        low_unit = m.group(2) or m.group(4)
        low = parse_number(m.group(1)) * _scale(low_unit)
        high = parse_number(m.group(3)) * _scale(m.group(4))
        found.append(Found(low, "fourchette", m.start(), m.end(), upper=high,
                           precision=_precision(m.group(3), _scale(m.group(4)))))
        taken.append((m.start(), m.end()))
    for m in _AMOUNT_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        scale = _scale(m.group(2))
        number = m.group(1)
        if scale >= 1_000_000 and re.fullmatch(r"\d{1,3}\.\d{3}", number):
            number = number.replace(".", ",")  # « 1.658 milliard »: a dot before a scale word is a decimal mark
        found.append(Found(parse_number(number) * scale, _marker_before(text, m.start()),
                           m.start(), m.end(), precision=_precision(number, scale)))
    for m in _WORD_AMOUNT_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):  # ranges and amounts in digits are in found
            continue
        scale = _scale(m.group(2))
        if scale < 1_000_000:  # « un euro », « mille euros » read as words are not amounts of a contract
            continue
        value = words_value(m.group(1))
        if value is None:
            continue
        found.append(Found(Decimal(value) * scale, _marker_before(text, m.start()),
                           m.start(), m.end(), precision=Decimal(scale) / 2))
    return sorted(found, key=lambda f: f.start)


_FRANC_UNITS: list[tuple[str, int]] = [
    (r"milliards?\s+de\s+francs", 1_000_000_000), (r"millions?\s+de\s+francs", 1_000_000),
    (r"mdf|mds?\s*f", 1_000_000_000), (r"mf", 1_000_000), (r"francs?|f", 1),
]
_FRANC_RE = re.compile(rf"(?<![\d,.])({NUMBER})\s*(" + "|".join(f"(?:{u})" for u, _ in _FRANC_UNITS) + r")(?![a-zà-ÿ])",
                       re.IGNORECASE)


def francs_in(text: str) -> list[Found]:
    """Every amount in French francs written in the text (« 164,9 milliards de francs », « 1 117 MF »), in francs."""
    found = []
    for m in _FRANC_RE.finditer(text):
        scale = next(mult for pattern, mult in _FRANC_UNITS if re.fullmatch(pattern, m.group(2), re.IGNORECASE))
        found.append(Found(parse_number(m.group(1)) * scale, _marker_before(text, m.start()), m.start(), m.end(),
                           precision=_precision(m.group(1), scale)))
    return found


def percents_in(text: str) -> list[Found]:
    """Every percentage written in the text ('57,3%', '(36) %', '50 pour cent')."""
    return [
        Found(parse_number(m.group(1)), _marker_before(text, m.start()), m.start(), m.end(),
              precision=_precision(m.group(1), 1))
        for m in _PERCENT_RE.finditer(text)
    ]


def counts_in(text: str) -> list[Found]:
    """Every whole number written in digits or in French words ('neuf', '170', '80 000', '70.000', 'vingt-deux',
    '4 millions')."""
    found = []
    for m in _INT_RE.finditer(text):
        value = parse_number(m.group(1))  # NUMBER never matches two decimal marks
        end = m.end()
        mult = _MULTIPLIER_RE.match(text, end)
        if mult:
            value, end = value * _MULTIPLIERS[mult.group(1).lower()], mult.end()
        if value == value.to_integral_value():
            found.append(Found(value, _marker_before(text, m.start()), m.start(), end))
    taken = [(f.start, f.end) for f in found]
    for m in _WORD_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue  # the multiplier of a number written in digits
        whole = words_value(m.group(0))
        parts = [(m.start(), m.end(), whole)] if whole is not None else [
            (w.start(), w.end(), words_value(w.group(0))) for w in _SINGLE_WORD_RE.finditer(text, m.start(), m.end())]
        for start, end, value in parts:
            if value is not None:
                found.append(Found(Decimal(value), _marker_before(text, start), start, end))
    return sorted(found, key=lambda f: f.start)


@dataclass(frozen=True)
class FoundDate:
    """A date found in a quote; parts not written (year, day) are None."""

    year: int | None
    month: int | None
    day: int | None

    def iso(self) -> str:
        """ISO 8601 form at the precision written ('2021-06-28', '2014-10', '--01-09')."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def dates_in(text: str) -> list[FoundDate]:
    """Every date written in the text: 'le 28 juin 2021', '1er juillet 2015', 'lundi 9 janvier', 'Octobre 2014', '26.01.2023'."""
    return [d for d, _, _ in date_spans_in(text)]


def date_spans_in(text: str) -> list[tuple[FoundDate, int, int]]:
    """Every date written in the text with its span (start, end)."""
    found: list[tuple[FoundDate, int, int]] = []
    spans: list[tuple[int, int]] = []
    for m in _DAY_MONTH_RE.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        found.append((FoundDate(year, MONTHS[m.group(2).lower()], int(m.group(1))), m.start(), m.end()))
        spans.append((m.start(), m.end()))
    for m in _MONTH_YEAR_RE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        found.append((FoundDate(int(m.group(2)), MONTHS[m.group(1).lower()], None), m.start(), m.end()))
    for m in _NUMERIC_DATE_RE.finditer(text):
        found.append((FoundDate(int(m.group(3)), int(m.group(2)), int(m.group(1))), m.start(), m.end()))
    for m in _ISO_DATE_RE.finditer(text):
        found.append((FoundDate(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None),
                      m.start(), m.end()))
    return found


def years_in(text: str) -> list[int]:
    """Every four-digit year (1900-2099) written in the text."""
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]


# A year written as the date of something: « en 2023 », « à l'automne 2016 », « depuis 2012 », « fin 2014 » — not a
# year of a span (« 2015-2020 », « 2014/2020 ») nor one named in passing (« le CPER 2007-2013 », « horizon 2020 »).
_YEAR_AS_DATE_RE = re.compile(
    r"\b(?:en|dès|depuis|courant|début|fin|mi-|automne|printemps|été|hiver|année|l['’]an)"
    r"(?:\s+de\s+l['’]année|\s+d['’]année)?\s*((?:19|20)\d{2})(?![\d])(?!\s*[-–/]\s*\d)", re.IGNORECASE)


def stated_years(text: str) -> set[int]:
    """Years the text states as dates: those of written dates, and years introduced as a time (« en 2023 »)."""
    years = {d.year for d in dates_in(text) if d.year is not None}
    return years | {int(m.group(1)) for m in _YEAR_AS_DATE_RE.finditer(text)}
