"""Static SVG charts for the data website, drawn as plain SVG text at build time.

Hand-written rather than matplotlib or altair: a few bar and matrix charts need no dependency, the
same rows give the same bytes (no timestamps, ids or hash salts to pin), each file is a few KB, and
every chart carries <title> and <desc> for screen readers. Zero rows draw a labelled empty chart.
"""

from __future__ import annotations

from html import escape

WIDTH = 720
LABEL_WIDTH = 270
LABEL_CHARS = 42  # about what fits in LABEL_WIDTH at 12 px; the full label is in each bar's tooltip
BAR = 18
GAP = 6
TOP = 40
COLOURS = ("#2b6cb0", "#dd6b20", "#2f855a", "#805ad5", "#c53030", "#718096")


def _svg(title: str, desc: str, height: int, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">'
    )
    return "\n".join(
        [
            head,
            f'<title id="t">{escape(title)}</title>',
            f'<desc id="d">{escape(desc)}</desc>',
            f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
            *body,
            "</svg>",
            "",
        ]
    )


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _empty(title: str, note: str) -> str:
    return _svg(
        title,
        f"No rows yet: {note}",
        90,
        [
            '<rect x="0" y="30" width="720" height="50" fill="#f7fafc" stroke="#cbd5e0"/>',
            f'<text x="360" y="60" text-anchor="middle" fill="#4a5568">No rows yet: {escape(note)}</text>',
        ],
    )


def bars(title: str, rows: list[tuple[str, list[float]]], series: list[str], empty_note: str) -> str:
    """Horizontal bars, one group per label and one bar per series (a legend when there are several)."""
    if not rows:
        return _empty(title, empty_note)
    top = max((max(values) for _, values in rows if values), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - 60) / top
    group = BAR * len(series) + GAP
    legend = 22 if len(series) > 1 else 0
    body = []
    for i, name in enumerate(series if len(series) > 1 else []):
        x = LABEL_WIDTH + i * 160
        body.append(f'<rect x="{x}" y="{TOP - 12}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>')
        body.append(f'<text x="{x + 16}" y="{TOP - 2}">{escape(name)}</text>')
    for r, (label, values) in enumerate(rows):
        y = TOP + legend + r * group
        middle = y + BAR * len(series) / 2 + 4
        body.append(f'<text x="{LABEL_WIDTH - 6}" y="{middle:g}" text-anchor="end">{escape(_short(label))}</text>')
        for s, value in enumerate(values):
            w = value * scale
            yy = y + s * BAR
            colour = COLOURS[s % len(COLOURS)]
            tip = f"{label}, {series[s]}: {_num(value)}"
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{yy}" width="{w:.1f}" height="{BAR - 2}" fill="{colour}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            body.append(f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{yy + BAR - 5}">{_num(value)}</text>')
    height = TOP + legend + len(rows) * group + 10
    total = sum(sum(v) for _, v in rows)
    desc = f"{title}: {len(rows)} bars, total {_num(total)}. " + "; ".join(
        f"{label} {', '.join(_num(v) for v in values)}" for label, values in rows[:40]
    )
    return _svg(title, desc, height, body)


def matrix(title: str, cells: dict[tuple[str, str], float], empty_note: str, symmetric: bool = False) -> str:
    """A shaded grid: rows and columns are countries, a cell the count for that pair."""
    if not cells:
        return _empty(title, empty_note)
    if symmetric:
        cells = cells | {(b, a): v for (a, b), v in cells.items()}
    rows = sorted({a for a, _ in cells})
    cols = sorted({b for _, b in cells})
    size = max(10, min(24, (WIDTH - 50) // max(len(cols), 1)))
    top = TOP + 30
    body = []
    for j, c in enumerate(cols):
        x = 40 + j * size + size / 2
        body.append(f'<text x="{x:g}" y="{top - 6}" text-anchor="middle" font-size="9">{escape(c)}</text>')
    peak = max(cells.values()) or 1
    for i, r in enumerate(rows):
        y = top + i * size
        body.append(f'<text x="34" y="{y + size / 2 + 3:g}" text-anchor="end" font-size="9">{escape(r)}</text>')
        for j, c in enumerate(cols):
            value = cells.get((r, c))
            if not value:
                continue
            shade = 0.2 + 0.8 * value / peak
            body.append(
                f'<rect x="{40 + j * size}" y="{y}" width="{size - 1}" height="{size - 1}" fill="#2b6cb0" '
                f'fill-opacity="{shade:.2f}"><title>{escape(r)}–{escape(c)}: {_num(value)}</title></rect>'
            )
    height = top + len(rows) * size + 10
    desc = (
        f"{title}: {len(cells)} pairs among {len(set(rows) | set(cols))} countries; the highest count is {_num(peak)}."
    )
    return _svg(title, desc, height, body)
