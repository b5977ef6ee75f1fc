"""A map of Europe drawn as SVG at publish time: member organisations per country, shaded in classes.

Boundaries are Natural Earth's 1:110m countries (and from 1:50m the few that 1:110m leaves out) as
TopoJSON, from the npm package `world-atlas` pinned in package.json / package-lock.json and installed by
`make setup` (`npm ci`) into node_modules/: read from disk, never downloaded. The TopoJSON is decoded here
(delta-encoded quantised arcs), projected with the Lambert azimuthal equal-area projection centred on
Europe (as EPSG:3035, on a sphere), and written with coordinates rounded to a tenth of a pixel and points
closer than STEP pixels to the last one dropped, so the same counts give the same bytes. Countries wholly
outside the frame are left out. The SVG has a <title> and <desc> for screen readers, a <title> on each
country with its count, and a legend; the page puts the numbers in a table beside it.
"""

from __future__ import annotations

import json
import math
from functools import cache
from html import escape
from pathlib import Path

import pycountry

ATLAS_DIR = Path(__file__).resolve().parents[2] / "node_modules" / "world-atlas"
# 1:110m keeps the map light (about 45 KB); the few countries it leaves out (Malta, Andorra, Liechtenstein, …)
# come from 1:50m
ATLASES = ("countries-110m.json", "countries-50m.json")
WIDTH, HEIGHT = 640, 620
LON0, LAT0 = math.radians(10), math.radians(52)
# the frame, in projected units of the unit sphere: Iceland and Portugal to Cyprus and the Baltic
X_MIN, X_MAX, Y_MIN, Y_MAX = -0.40, 0.44, -0.40, 0.42
SHADES = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
NONE = "#f1f1f1"
STEP = 1.2  # pixels: a point closer than this to the last one kept is dropped
# Natural Earth names a few places without an ISO numeric code
BY_NAME = {"Kosovo": "XK", "N. Cyprus": None}


class MissingAtlas(RuntimeError):
    pass


def _decode(path: Path) -> list[tuple[str | None, str, list]]:
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    numeric = {c.numeric: c.alpha_2 for c in pycountry.countries}

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)
        return out

    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        code = numeric.get(g.get("id")) if g.get("id") else BY_NAME.get(name)
        if g["type"] == "Polygon":
            polygons = [[ring(r) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            polygons = [[ring(r) for r in p] for p in g["arcs"]]
        else:
            continue
        countries.append((code, name, polygons))
    return countries


@cache
def _atlas() -> tuple[tuple[str | None, str, list], ...]:
    paths = [ATLAS_DIR / name for name in ATLASES]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise MissingAtlas(
            f"{missing[0]} is missing: `make setup` installs the pinned Natural Earth boundaries (npm ci, world-atlas)"
        )
    countries = _decode(paths[0])
    names = {name for _, name, _ in countries}
    countries += [c for c in _decode(paths[1]) if c[1] not in names]
    return tuple(countries)


def _project(lon: float, lat: float) -> tuple[float, float] | None:
    lam, phi = math.radians(lon) - LON0, math.radians(lat)
    cos_c = math.sin(LAT0) * math.sin(phi) + math.cos(LAT0) * math.cos(phi) * math.cos(lam)
    if cos_c <= -0.9:
        return None
    k = math.sqrt(2 / (1 + cos_c))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(LAT0) * math.sin(phi) - math.sin(LAT0) * math.cos(phi) * math.cos(lam))
    return (x - X_MIN) / (X_MAX - X_MIN) * WIDTH, (Y_MAX - y) / (Y_MAX - Y_MIN) * HEIGHT


def _path(polygons) -> str:
    parts = []
    for polygon in polygons:
        for r in polygon:
            points = []
            for lon, lat in r:
                p = _project(lon, lat)
                if p is None:
                    continue
                q = (round(p[0], 1), round(p[1], 1))
                if not points or abs(q[0] - points[-1][0]) + abs(q[1] - points[-1][1]) >= STEP:
                    points.append(q)
            if len(points) < 3:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > HEIGHT:
                continue
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


def classes(peak: int) -> list[tuple[int, int]]:
    """Up to five classes of counts from 1 to `peak`, as (lowest, highest)."""
    if peak <= 0:
        return []
    bounds = sorted({max(1, round(peak * f)) for f in (0.1, 0.25, 0.5, 0.75, 1.0)})
    out, low = [], 1
    for b in bounds:
        if b >= low:
            out.append((low, b))
            low = b + 1
    return out[-len(SHADES) :]


def members_map(title: str, counts: dict[str, int], unit: str = "organisations") -> str:
    """An SVG map of Europe shading each country by its count; a legend below the map."""
    peak = max(counts.values(), default=0)
    bins = classes(peak)

    def shade(n: int) -> str:
        for i, (low, high) in enumerate(bins):
            if low <= n <= high:
                return SHADES[i + len(SHADES) - len(bins)]
        return NONE

    legend_top = HEIGHT + 10
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    shown = set()
    for code, name, polygons in _atlas():
        d = _path(polygons)
        if not d:
            continue
        n = counts.get(code, 0) if code else 0
        shown.add(code)
        label = f"{name}: {n} {unit}" if n else f"{name}: none named"
        body.append(
            f'<path d="{d}" fill="{shade(n)}" stroke="#6b7280" stroke-width="0.4"><title>{escape(label)}</title></path>'
        )
    # legend text large enough to read when the map is scaled down to a phone's width (about half size)
    body.append(f'<text x="10" y="{legend_top + 22}" font-size="22">{escape(unit.capitalize())} named:</text>')
    for i, (low, high) in enumerate([(0, 0), *bins]):
        colour = NONE if i == 0 else SHADES[i - 1 + len(SHADES) - len(bins)]
        label = "none" if i == 0 else (str(low) if low == high else f"{low}–{high}")
        x, y = 10 + i * 104, legend_top + 36
        body.append(
            f'<rect x="{x}" y="{y}" width="22" height="22" fill="{colour}" stroke="#6b7280" stroke-width="0.8"/>'
            f'<text x="{x + 28}" y="{y + 19}" font-size="22">{label}</text>'
        )
    missing = sorted(c for c in counts if c not in shown)
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    desc = (
        f"A map of Europe: {total} {unit} in {len(counts)} countries, darker where more are named. "
        + "; ".join(f"{c} {n}" for c, n in ranked)
        + (f". Not on the map: {', '.join(missing)}" if missing else "")
        + ". The numbers are in the table beside the map."
    )
    height = legend_top + 66
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
            'role="img" aria-labelledby="map-title map-desc" font-family="sans-serif">',
            f'<title id="map-title">{escape(title)}</title>',
            f'<desc id="map-desc">{escape(desc)}</desc>',
            *body,
            "</svg>",
            "",
        ]
    )
