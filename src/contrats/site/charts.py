"""Inline SVG charts (horizontal bars, timeline), each in a figure with a caption and a data table."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import fmt
from .fmt import esc

WIDTH = 720
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


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Split a label into at most `lines` lines of about `width` characters (the last one truncated)."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1 and len(rest) > width:
        cut = rest[: width + 1].rfind(" ")
        cut = cut if cut > width // 3 else width
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(fmt.truncate(rest, width))
    return out


def bar_chart(bars: list[Bar], label: str, unit: str = "eur") -> str:
    """Horizontal bar chart as an SVG string (role="img", aria-label = `label`); `unit` is eur or pct."""
    labels = [wrap(b.label, 30) for b in bars]
    left, right, top_pad = 250, 110, 12
    row = 48 if any(len(x) > 1 for x in labels) else 34
    plot = WIDTH - left - right
    top = max([b.high or b.value or 0 for b in bars] + [1])
    step = _nice_step(top)
    axis_max = step * math.ceil(top / step)
    height = top_pad + row * len(bars) + 34
    x = lambda v: left + plot * (v / axis_max)  # noqa: E731
    parts = [f'<svg class="graphique__svg" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="14" font-family="system-ui, sans-serif">',
             f"<title>{esc(label)}</title>"]
    tick = 0.0
    while tick <= axis_max + 1e-9:
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top_pad - 4}" y2="{height - 28}" stroke="{GRID}"/>')
        parts.append(f'<text x="{tx:.1f}" y="{height - 10}" text-anchor="middle" fill="{MUTED}">'
                     f"{esc(_tick(tick, unit))}</text>")
        tick += step
    for i, b in enumerate(bars):
        y = top_pad + i * row + (row - 34) // 2
        lines = labels[i]
        first = y + 21 - 8 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{left - 10}" y="{first + 17 * k}">{esc(line)}</tspan>' for k, line in enumerate(lines))
        parts.append(f'<text text-anchor="end" fill="{INK}">{spans}</text>')
        end = left
        if b.low is not None and b.high is not None:
            parts.append(f'<rect x="{x(b.low):.1f}" y="{y + 6}" width="{max(x(b.high) - x(b.low), 2):.1f}" height="20" '
                         f'fill="{RANGE}" stroke="{BAR}" stroke-width="1.5"/>')
            end = x(b.high)
        elif b.value is not None:
            end = x(b.value)
            parts.append(f'<rect x="{left}" y="{y + 6}" width="{max(end - left, 2):.1f}" height="20" fill="{BAR}"/>')
            if b.open_ended:
                parts.append(f'<path d="M{end + 2:.1f} {y + 8} l8 8 l-8 8 z" fill="{BAR}"/>')
                end += 10
        parts.append(f'<text x="{end + 6:.1f}" y="{y + 21}" fill="{INK}">{esc(b.text)}</text>')
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
    """Vertical timeline as an SVG string: one row per event, in date order."""
    row, top_pad, axis = 30, 14, 150
    height = top_pad * 2 + row * max(len(events), 1) - 10
    parts = [f'<svg class="graphique__svg" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="14" font-family="system-ui, sans-serif">',
             f"<title>{esc(label)}</title>",
             f'<line x1="{axis}" x2="{axis}" y1="{top_pad - 4}" y2="{height - top_pad + 4}" stroke="{GRID}" stroke-width="3"/>']
    for i, ev in enumerate(sorted(events, key=lambda e: e.key)):
        y = top_pad + i * row + 6
        parts.append(f'<text x="{axis - 14}" y="{y + 5}" text-anchor="end" fill="{MUTED}">{esc(fmt.date(ev.date))}</text>')
        fill = BAR if ev.strong else "#ffffff"
        parts.append(f'<circle cx="{axis}" cy="{y}" r="7" fill="{fill}" stroke="{BAR}" stroke-width="2.5"/>')
        parts.append(f'<text x="{axis + 16}" y="{y + 5}" fill="{INK}">{esc(fmt.truncate(ev.label, 72))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def figure(svg: str, caption: str, table: str, css_class: str = "graphique") -> str:
    """A chart or map with its caption and its data as a table (the text alternative)."""
    return (f'<figure class="{css_class}">\n{svg}\n<figcaption>{caption}</figcaption>\n'
            f'<details class="graphique__donnees"><summary>Données du graphique</summary>\n{table}\n</details>\n</figure>')
