"""HTML building blocks shared by the site's pages (site.py) and its entity pages (entities.py).

Semantic HTML that works without script: one h1, landmarks, tables with headers and a caption or a label,
a scrolling table container that a keyboard can reach (tabindex and a name), text that wraps on a 375-pixel
screen. Script only enhances (search suggestions, sorting and filtering a table).
"""

from __future__ import annotations

import re
from hashlib import sha256
from html import escape
from pathlib import Path

SITE = "site"
WEB = Path(__file__).with_name("web")  # style.css, search.js, tables.js: copied into published/site/


def page(title: str, to_root: str, body: list[str], *, sortable: bool = False) -> str:
    """A whole page. `to_root` is the relative path from the page to published/ ("" for index.html)."""
    site = f"{to_root}{SITE}/"
    scripts = [f'<script src="{site}search.js" defer></script>']
    if sortable:
        scripts.append(f'<script src="{site}tables.js" defer></script>')
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f'<link rel="stylesheet" href="{site}style.css">',
            '<link rel="icon" href="data:,">',
            *scripts,
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to the content</a>',
            "<header>",
            f'<p class="brand"><a href="{to_root}index.html">EU cluster partnerships open data</a></p>',
            '<nav aria-label="Browse">',
            "<ul>",
            *(f'<li><a href="{site}{kind}/index.html">{label}</a></li>' for kind, label in BROWSE),
            "</ul>",
            "</nav>",
            f'<form id="search" role="search" action="{site}search.html" method="get" data-site="{site}">',
            '<label for="q">Search partnerships, organisations, calls</label>',
            '<span class="search-row"><input id="q" name="q" type="search" autocomplete="off" '
            'aria-describedby="search-hint"><button type="submit">Search</button></span>',
            '<span id="search-hint" class="hint">Acronym, name, former name or call id; Enter opens the first '
            "match.</span>",
            '<ul id="search-results" aria-live="polite"></ul>',
            "</form>",
            "</header>",
            '<main id="main">',
            *body,
            "</main>",
            "<footer><p>Data: CC-BY-4.0. Code: MIT. Every value links to the words of the page that states it."
            "</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


BROWSE = (
    ("partnerships", "Partnerships"),
    ("organisations", "Organisations"),
    ("calls", "Calls"),
    ("programmes", "Programmes"),
    ("sources", "Sources"),
)


def table(
    headers: list[str],
    rows: list[list[str]],
    numeric: set[int] = frozenset(),
    *,
    label: str,
    sortable: bool = False,
    row_ids: list[str] | None = None,
) -> str:
    """A table in a scrolling container a keyboard can reach (a named region with tabindex)."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = []
    for n, r in enumerate(rows):
        rid = f' id="{row_ids[n]}"' if row_ids else ""
        cells = "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        body.append(f"<tr{rid}>{cells}</tr>")
    attrs = ' data-sortable=""' if sortable else ""
    return (
        f'<div class="scroll" role="region" aria-label="{escape(label)}" tabindex="0">'
        f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def text(value) -> str:
    """A value as text: lists joined by '; ', None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell(value, limit: int = 120) -> str:
    t = text(value)
    return escape(t if len(t) <= limit else t[: limit - 3] + "…")


_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")


def file_name(key: str) -> str:
    """A file name for an id: the id itself where it is plain, otherwise a slug and a short hash (stable)."""
    if _SAFE.fullmatch(key) and not key.endswith("."):
        return key
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", key).strip("-.")[:60] or "id"
    return f"{slug}-{sha256(key.encode()).hexdigest()[:8]}"


def anchor(*parts: str) -> str:
    """An id attribute value from parts (stable, HTML-safe)."""
    raw = "-".join(parts)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-")[:60]
    return f"{slug}-{sha256(raw.encode()).hexdigest()[:6]}" if slug != raw else slug
