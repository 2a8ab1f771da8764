"""Maps of France as inline SVG: metropolitan GeoJSON contours projected and simplified in Python, and the five
overseas départements and regions as insets drawn with simple shapes (no outline of them is held by the project)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .fmt import esc

WIDTH, HEIGHT, PAD = 460, 440, 8  # HEIGHT: the metropolitan frame; the overseas insets sit below it
INSET_H = 86
TOTAL_HEIGHT = HEIGHT + INSET_H
# Overseas départements (and their regions): département code, region code, name, simple outline in a unit box
# (x right, y down). Schematic shapes, not to scale: the legend says so.
OVERSEAS = [
    ("971", "01", "Guadeloupe", [(.08, .45), (.2, .22), (.36, .2), (.45, .38), (.44, .7), (.3, .9), (.14, .8),
                                  (.08, .62), (.5, .36), (.62, .18), (.8, .1), (.95, .22), (.85, .42), (.62, .48)]),
    ("972", "02", "Martinique", [(.2, .08), (.42, .1), (.6, .3), (.8, .45), (.86, .7), (.72, .92), (.5, .8),
                                  (.3, .72), (.18, .5), (.26, .3)]),
    ("973", "03", "Guyane", [(.22, .05), (.55, .08), (.85, .35), (.78, .6), (.62, .9), (.32, .95), (.2, .7),
                              (.16, .35)]),
    ("974", "04", "La Réunion", [(.2, .3), (.42, .12), (.68, .15), (.86, .38), (.84, .66), (.62, .88), (.34, .86),
                                  (.16, .62)]),
    ("976", "06", "Mayotte", [(.4, .08), (.58, .15), (.62, .4), (.7, .62), (.58, .9), (.42, .82), (.44, .55),
                               (.34, .3)]),
]
INSET_NOTE = "Outre-mer : formes simplifiées, hors échelle"
LON0, LAT0 = 2.5, 46.5
BOUNDS = (-5.3, 41.3, 9.7, 51.2)  # lon/lat box of metropolitan France, Corsica included
BASE_FILL, BASE_STROKE = "#eceff4", "#9aa3b2"
HIGHLIGHT_FILL, HIGHLIGHT_STROKE = "#3949ab", "#1a237e"
SECONDARY_FILL = "#9fa8da"


def _xy(lon: float, lat: float) -> tuple[float, float]:
    return (lon - LON0) * math.cos(math.radians(LAT0)), lat


def _frame() -> tuple[float, float, float, float]:
    x0, y0 = _xy(BOUNDS[0], BOUNDS[1])
    x1, y1 = _xy(BOUNDS[2], BOUNDS[3])
    scale = min((WIDTH - 2 * PAD) / (x1 - x0), (HEIGHT - 2 * PAD) / (y1 - y0))
    return x0, y1, scale, (WIDTH - 2 * PAD - scale * (x1 - x0)) / 2


_X0, _Y1, _SCALE, _OFFSET = _frame()


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude → SVG coordinates (equirectangular, scaled at 46.5° N)."""
    x, y = _xy(lon, lat)
    return PAD + _OFFSET + (x - _X0) * _SCALE, PAD + (_Y1 - y) * _SCALE


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker simplification of a ring (iterative)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy) or 1e-12
        best, index = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if (dx or dy) else math.hypot(px - ax, py - ay)
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def ring_path(ring: list[list[float]], tolerance: float = 0.7) -> str:
    """SVG path data of one GeoJSON ring, projected, simplified and rounded."""
    pts = _simplify([project(lon, lat) for lon, lat, *_ in ring], tolerance)
    if len(pts) < 3:
        return ""
    out, last = [], None
    for x, y in pts:
        cur = (round(x, 1), round(y, 1))
        if cur != last:
            out.append(f"{cur[0]:g} {cur[1]:g}")
            last = cur
    return "M" + "L".join(out) + "Z"


def geometry_path(geometry: dict) -> str:
    """SVG path data of a Polygon or MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return "".join(ring_path(ring) for poly in polygons for ring in poly)


def _inset_box(k: int) -> tuple[float, float, float, float]:
    """x, y, width, height of the k-th overseas inset."""
    w = (WIDTH - 2 * PAD) / len(OVERSEAS)
    return PAD + k * w + 3, HEIGHT + 4, w - 6, INSET_H - 38


def _inset_path(k: int, outline: list[tuple[float, float]]) -> str:
    x, y, w, h = _inset_box(k)
    side = min(w, h)
    ox, oy = x + (w - side) / 2, y
    pts = [f"{ox + px * side:.1f} {oy + py * side:.1f}" for px, py in outline]
    if k == 0:  # Guadeloupe: two islands
        return "M" + "L".join(pts[:8]) + "Z" + "M" + "L".join(pts[8:]) + "Z"
    return "M" + "L".join(pts) + "Z"


def inset_frames() -> str:
    """Frames and names of the overseas insets, and the note that their shapes are schematic."""
    parts = []
    for k, (_, _, nom, _) in enumerate(OVERSEAS):
        x, y, w, h = _inset_box(k)
        parts.append(f'<rect x="{x:.1f}" y="{y - 2:.1f}" width="{w:.1f}" height="{h + 4:.1f}" fill="none" '
                     f'stroke="{BASE_STROKE}" stroke-width="0.5" stroke-dasharray="2 2"/>'
                     f'<text x="{x + w / 2:.1f}" y="{y + h + 13:.1f}" text-anchor="middle">{esc(nom)}</text>')
    parts.append(f'<text x="{WIDTH / 2:.0f}" y="{TOTAL_HEIGHT - 4}" text-anchor="middle" font-style="italic">'
                 f'{esc(INSET_NOTE)}</text>')
    return (f'<g class="carte__outremer" fill="#1f2328" stroke="none" font-family="system-ui, sans-serif" font-size="10">'
            f'{"".join(parts)}</g>')


@dataclass(frozen=True)
class Shape:
    """One territory of a GeoJSON layer as SVG path data."""

    code: str
    nom: str
    d: str


class Layers:
    """Projected contours by layer ('regions', 'regions-2015', 'departements') and INSEE code."""

    def __init__(self, geo: dict[str, dict]) -> None:
        self._geo = geo
        self._cache: dict[str, dict[str, Shape]] = {}

    def layer(self, name: str) -> dict[str, Shape]:
        """Shapes of a layer, computed once."""
        if name not in self._cache:
            shapes = {}
            for feat in self._geo.get(name, {}).get("features", []):
                props = feat.get("properties", {})
                code = str(props.get("code", ""))
                shapes[code] = Shape(code, str(props.get("nom", "")), geometry_path(feat["geometry"]))
            if name in self._geo:  # overseas insets: département codes on the départements layer, else regions
                for k, (dep, region, nom, outline) in enumerate(OVERSEAS):
                    code = dep if name == "departements" else region
                    shapes.setdefault(code, Shape(code, nom, _inset_path(k, outline)))
            self._cache[name] = shapes
        return self._cache[name]

    @lru_cache(maxsize=4)
    def base(self, name: str) -> str:
        """The whole layer as a light background group."""
        paths = "".join(f'<path d="{s.d}"/>' for s in self.layer(name).values())
        return (f'<g fill="{BASE_FILL}" stroke="{BASE_STROKE}" stroke-width="0.6" stroke-linejoin="round">{paths}'
                f'{inset_frames()}</g>')


# Base layers shared by every map page, written once by the render stage (docs/cartes/<layer>.svg).
BASE_FOLDER = "cartes/"
BASE_ID = "fond"


def base_file(layers: Layers, name: str) -> bytes:
    """A standalone SVG holding one base layer as <g id="fond">, referenced by <use> from the pages' maps."""
    group = layers.base(name).replace("<g ", f'<g id="{BASE_ID}" ', 1)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {TOTAL_HEIGHT}">{group}</svg>\n').encode()


def france_map(layers: Layers, highlights: list[tuple[str, str]], label: str, base: str = "regions",
               secondary: list[tuple[str, str]] | None = None, base_href: str | None = None) -> str:
    """SVG map: `base` layer in grey, `secondary` (layer, code) in light indigo, `highlights` in indigo.

    With `base_href` (the page's relative address of cartes/<base>.svg) the grey layer, ~35 KB, is not repeated
    in the page but drawn by <use> from that shared file.
    """
    background = f'<use href="{esc(base_href)}#{BASE_ID}"/>' if base_href else layers.base(base)
    parts = [f'<svg class="carte__svg" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {TOTAL_HEIGHT}" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{esc(label)}</title>", background]
    for items, fill, stroke in ((secondary or [], SECONDARY_FILL, HIGHLIGHT_FILL),
                                (highlights, HIGHLIGHT_FILL, HIGHLIGHT_STROKE)):
        paths = []
        for layer, code in items:
            shape = layers.layer(layer).get(code)
            if shape and shape.d:
                paths.append(f'<path d="{shape.d}"><title>{esc(shape.nom)}</title></path>')
        if paths:
            parts.append(f'<g fill="{fill}" fill-opacity="0.85" stroke="{stroke}" stroke-width="0.9" '
                         f'stroke-linejoin="round">{"".join(paths)}</g>')
    parts.append("</svg>")
    return "".join(parts)


SHADES = ["#c5cae9", "#7986cb", "#3949ab", "#1a237e"]


def classes(maximum: int) -> list[tuple[int, int]]:
    """Up to four count classes (low, high) covering 1..maximum."""
    if maximum <= len(SHADES):
        return [(k, k) for k in range(1, maximum + 1)]
    bounds = [0] + [round(maximum * k / len(SHADES)) for k in range(1, len(SHADES) + 1)]
    return [(bounds[k] + 1, bounds[k + 1]) for k in range(len(SHADES)) if bounds[k + 1] > bounds[k]]


def class_label(low: int, high: int) -> str:
    """« 1 contrat », « 2 à 5 contrats »."""
    if low == high:
        return f"{low} contrat{'s' if low > 1 else ''}"
    return f"{low} à {high} contrats"


def choropleth(layers: Layers, counts: dict[str, int], label: str, layer: str = "regions") -> str:
    """SVG map of `layer` shaded by a count per INSEE code (contracts per region), with its legend."""
    top = max(counts.values(), default=0)
    bins = classes(top)
    parts = [f'<svg class="carte__svg" role="img" aria-label="{esc(label)}" viewBox="0 0 {WIDTH} {TOTAL_HEIGHT}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">',
             f"<title>{esc(label)}</title>", layers.base(layer)]
    for k, (low, high) in enumerate(bins):
        shade = SHADES[k if len(bins) == len(SHADES) else min(k, len(SHADES) - 1)]
        paths = [f'<path d="{s.d}"><title>{esc(s.nom)} : {esc(class_label(counts[c], counts[c]))}</title></path>'
                 for c, s in layers.layer(layer).items() if low <= counts.get(c, 0) <= high and s.d]
        if paths:
            parts.append(f'<g fill="{shade}" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">{"".join(paths)}</g>')
    for k, (low, high) in enumerate(bins):
        y = HEIGHT - 18 * (len(bins) - k) - 4
        shade = SHADES[k if len(bins) == len(SHADES) else min(k, len(SHADES) - 1)]
        parts.append(f'<rect x="{PAD}" y="{y}" width="14" height="14" fill="{shade}"/>'
                     f'<text x="{PAD + 20}" y="{y + 11}" fill="#1f2328">{esc(class_label(low, high))}</text>')
    parts.append("</svg>")
    return "".join(parts)
