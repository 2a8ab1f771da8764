"""Inline SVG charts (horizontal bars, timeline), each in a figure with a caption, a data table and downloads.

Charts are drawn for a phone first: 400 units wide, labels on their own lines above the bars, so that the 15-unit
text stays at 12 px or more on a 390 px screen (the SVG is never shown wider than its natural width). Labels wrap
on as many lines as they need and are never cut.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from . import fmt
from .downloads import neutralise
from .fmt import esc

WIDTH = 400
FONT = 15
LINE = 18           # height of one text line
CHARS = 46          # characters per label line (system-ui averages ~8 units per character at 15 units)
INK = "#1f2328"
GRID = "#d0d4dc"
BAR = "#3949ab"       # indigo: 8.7:1 against white
RANGE = "#9fa8da"
MUTED = "#5c6370"


@dataclass
class Bar:
    """One bar: a value, or a range (low–high); `text` is the label printed after the bar."""

    label: str
    value: float | None
    text: str
    low: float | None = None
    high: float | None = None
    open_ended: bool = False


def _nice_step(top: float) -> float:
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _tick(value: float, unit: str) -> str:
    if not value:
        return "0"
    return fmt.pct(value) if unit == "pct" else fmt.euros_short(value)


def wrap(text: str, width: int = CHARS) -> list[str]:
    """Split a label into lines of at most about `width` characters, at spaces; nothing is cut off."""
    out: list[str] = []
    rest = text.strip()
    while len(rest) > width:
        cut = rest[: width + 1].rfind(" ")
        cut = cut if cut > width // 3 else width
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(rest)
    return out or [""]


def _text_width(text: str) -> float:
    return len(text) * FONT * 0.56


def _open(label: str, height: int) -> str:
    return (f'<svg class="graphique__svg" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}" '
            f'font-family="system-ui, sans-serif"><title>{esc(label)}</title>'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>')


def bar_chart(bars: list[Bar], label: str, unit: str = "eur") -> str:
    """Horizontal bar chart as an SVG string (role="img", aria-label = `label`); `unit` is eur or pct."""
    labels = [wrap(b.label) for b in bars]
    pad, right = 4, 4
    plot = WIDTH - pad - right
    top = max([b.high or b.value or 0 for b in bars] + [1])
    step = _nice_step(top)
    axis_max = step * math.ceil(top / step)
    x = lambda v: pad + plot * (v / axis_max)  # noqa: E731
    rows: list[str] = []
    y = 6
    for b, lines in zip(bars, labels):
        spans = "".join(f'<tspan x="{pad}" y="{y + LINE * (k + 1) - 4}">{esc(line)}</tspan>' for k, line in enumerate(lines))
        rows.append(f'<text fill="{INK}">{spans}</text>')
        y += LINE * len(lines) + 2
        end = pad
        if b.low is not None and b.high is not None:
            rows.append(f'<rect x="{x(b.low):.1f}" y="{y}" width="{max(x(b.high) - x(b.low), 2):.1f}" height="20" '
                        f'fill="{RANGE}" stroke="{BAR}" stroke-width="1.5"/>')
            start, end = x(b.low), x(b.high)
        elif b.value is not None:
            start, end = pad, x(b.value)
            rows.append(f'<rect x="{pad}" y="{y}" width="{max(end - pad, 2):.1f}" height="20" fill="{BAR}"/>')
            if b.open_ended:
                rows.append(f'<path d="M{end + 2:.1f} {y + 2} l8 8 l-8 8 z" fill="{BAR}"/>')
                end += 10
        else:
            start = pad
        width = _text_width(b.text)
        if end + 6 + width <= WIDTH:
            rows.append(f'<text x="{end + 6:.1f}" y="{y + 15}" fill="{INK}" font-weight="700">{esc(b.text)}</text>')
        else:  # no room after the bar: the value goes inside it, in white (a long bar has room for it)
            inside = b.value is not None and b.low is None
            rows.append(f'<text x="{max(end - 6, start + width + 4):.1f}" y="{y + 15}" text-anchor="end" '
                        f'fill="{"#ffffff" if inside else INK}" font-weight="700">{esc(b.text)}</text>')
        y += 20 + 12
    grid_top, grid_bottom = 2, y
    height = y + 24
    parts = [_open(label, height)]
    tick = 0.0
    while tick <= axis_max + 1e-9:
        tx = x(tick)
        anchor = "start" if tick == 0 else "end" if tick >= axis_max - 1e-9 else "middle"
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{grid_top}" y2="{grid_bottom}" stroke="{GRID}"/>')
        parts.append(f'<text x="{tx:.1f}" y="{height - 6}" text-anchor="{anchor}" fill="{MUTED}">'
                     f"{esc(_tick(tick, unit))}</text>")
        tick += step
    parts += rows
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Event:
    """A dated event of a timeline."""

    date: str
    label: str
    strong: bool = False
    early: bool = False

    @property
    def key(self) -> str:
        """Sort key: a date without day or month goes after the precise dates of its year (before, if `early`)."""
        missing = 3 - len(self.date.split("-"))
        return self.date + ("-00" if self.early else "-99") * missing


def timeline(events: list[Event], label: str) -> str:
    """Vertical timeline as an SVG string: one entry per event in date order, its date above its full label."""
    axis, text_x = 12, 30
    parts: list[str] = []
    y = 8
    for ev in sorted(events, key=lambda e: e.key):
        lines = wrap(ev.label, CHARS - 4)
        fill = BAR if ev.strong else "#ffffff"
        parts.append(f'<circle cx="{axis}" cy="{y + 10}" r="7" fill="{fill}" stroke="{BAR}" stroke-width="2.5"/>')
        parts.append(f'<text x="{text_x}" y="{y + 15}" fill="{MUTED}" font-weight="700">{esc(fmt.date(ev.date))}</text>')
        spans = "".join(f'<tspan x="{text_x}" y="{y + 15 + LINE * (k + 1)}">{esc(line)}</tspan>'
                        for k, line in enumerate(lines))
        parts.append(f'<text fill="{INK}">{spans}</text>')
        y += LINE * (len(lines) + 1) + 12
    height = y
    line = f'<line x1="{axis}" x2="{axis}" y1="4" y2="{height - 4}" stroke="{GRID}" stroke-width="3"/>'
    return _open(label, height) + line + "".join(parts) + "</svg>"


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """A chart's data as CSV (UTF-8 with BOM, « ; »), text cells neutralised against spreadsheet formulas."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([neutralise(v) if isinstance(v, str) else v for v in r])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


@dataclass
class ChartFiles:
    """A chart offered for download: file stem (next to the page), SVG, and its data as CSV rows."""

    stem: str
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)


def figure(svg: str, caption: str, table: str, css_class: str = "graphique", files: ChartFiles | None = None,
           page=None, extra: str = "") -> str:  # noqa: ANN001 (page: Page, imported lazily to avoid a cycle)
    """A chart or map with its caption, its data as a table (the text alternative) and, given `files` and the
    `page`, links to download the chart as SVG and its data as CSV (written beside the page)."""
    downloads = ""
    extra = extra if extra.strip(" ·") else ""
    if files is not None and page is not None:
        folder = page.url.rstrip("/") or "accueil"
        base = f"{folder}/{files.stem}"
        page.extra_files[f"{base}.svg"] = ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")
        page.extra_files[f"{base}.csv"] = csv_bytes(files.header, files.rows)
        downloads = (f'<p class="graphique__telecharger" data-pagefind-ignore="all">Télécharger : '
                     f'{page.link(base + ".svg", "image SVG", download="")} · '
                     f'{page.link(base + ".csv", "données CSV", download="")}{extra}</p>')
    elif extra:
        downloads = f'<p class="graphique__telecharger" data-pagefind-ignore="all">{extra.lstrip(" ·")}</p>'
    return (f'<figure class="{css_class}">\n{svg}\n<figcaption>{caption}</figcaption>\n{downloads}\n'
            f'<details class="graphique__donnees"><summary>Données du graphique</summary>\n{table}\n</details>\n</figure>')
