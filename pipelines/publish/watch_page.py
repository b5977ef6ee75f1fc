"""The site's page of sources needing attention, from the published source_checks table (the latest watch).

Like every page of the site it is built from what is published (a version's Parquet files), never from the
pipeline's frames, so the same release gives the same bytes. `site.write` places it at
published/site/sources-attention.html and links it from the home page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import polars as pl

from schemas.tables.source_checks import NEEDS_ATTENTION, STATUSES

PAGE = "sources-attention.html"
TITLE = "Sources needing attention"


def _read(folder: Path, table: str) -> pl.DataFrame | None:
    path = folder / "data" / f"{table}.parquet"
    return pl.read_parquet(path) if path.exists() else None


def _link(url: str | None, text: str | None = None) -> str:
    """A link to a source's page or its archived copy: outside the site, so marked rel="external" (the browser
    test follows every other link and requires it to stay inside the site)."""
    if not url:
        return ""
    return f'<a rel="external" href="{escape(url)}">{escape(text or url)}</a>'


def body(folder: Path | None, table: Callable[..., str], to_version: str = "") -> list[str]:
    """The page's content for the package version in `folder` (its source_checks, sources and statements);
    `table(headers, rows, numeric)` renders a table as the site does; `to_version` is the relative link to
    that version's pages."""
    out = [f"<h1>{TITLE}</h1>"]
    checks = _read(folder, "source_checks") if folder else None
    if checks is None or checks.height == 0:
        return out + [
            "<p>No watch of the sources has been recorded yet. The watch (<code>python -m pipelines watch</code>, "
            "or the <code>watch</code> job in Dagster, weekly) fetches every source's address and records what "
            "changed, moved or disappeared; the next release publishes it here.</p>"
        ]
    sources = _read(folder, "sources")
    statements = _read(folder, "statements")
    when = checks["checked_at"].max()
    counts = {s: checks.filter(pl.col("status") == s).height for s in STATUSES}
    out += [
        f"<p>The latest watch of the {checks.height} sources, finished {escape(when[:10])} "
        f'(<code>source_checks</code>, <a href="{escape(to_version)}source_checks.html">the table</a>): '
        + ", ".join(f"{n} {escape(s)}" for s, n in counts.items() if n)
        + ". A watch changes no data: a curator decides what to do with each source below.</p>",
        "<p>What each status means: <strong>quote missing</strong>, the words a value rests on are no longer on the "
        "page (the value cannot be checked there any more); <strong>gone</strong>, 404 or 410; <strong>moved</strong>,"
        " a permanent redirect; <strong>unreachable</strong>, no text could be read (the error says why; it may "
        "come back); <strong>not checked</strong>, no address, or robots.txt closes the page to the watch. The "
        "archived copy is the Internet Archive's capture nearest to the day the page was read.</p>",
    ]
    meta = (
        sources.select("source_id", "title", "archived_url")
        if sources is not None and "archived_url" in sources.columns
        else pl.DataFrame(schema={"source_id": pl.String, "title": pl.String, "archived_url": pl.String})
    )
    attention = (
        checks.filter(pl.col("status").is_in(NEEDS_ATTENTION))
        .join(meta, on="source_id", how="left")
        .with_columns(rank=pl.col("status").replace_strict(STATUSES, range(len(STATUSES)), return_dtype=pl.Int64))
        .sort("rank", "source_id")
    )
    out.append(f"<h2>{attention.height} sources needing attention</h2>")
    rows = []
    for r in attention.iter_rows(named=True):
        what = r["error"] or ""
        if r["status"] == "quote missing":
            what = f"{(r['quotes'] or 0) - (r['quotes_found'] or 0)} of {r['quotes']} quotes not found"
        if r["status"] == "moved":
            what = f"now at {_link(r['final_url'])}"
        else:
            what = escape(what)
        rows.append(
            [
                escape(r["status"]),
                f"<code>{escape(r['source_id'])}</code>" + (f"<br>{escape(r['title'])}" if r["title"] else ""),
                _link(r["url"]),
                "" if r["http_status"] is None else str(r["http_status"]),
                what,
                _link(r["archived_url"], "archived copy"),
            ]
        )
    out.append(
        table(["Status", "Source", "Address", "HTTP", "What was found", "Archive"], rows, {3})
        if rows
        else "<p>None: every source was read and every quote found.</p>"
    )
    out.append("<h2>Values whose words are no longer found</h2>")
    if statements is None:
        return out + ["<p>This version has no statements table.</p>"]
    missing = checks.select("source_id", quote=pl.col("missing_quotes")).explode("quote").drop_nulls("quote")
    gone = checks.filter(pl.col("status") == "gone").select("source_id")
    pieces = statements.select("table_name", "row_key", "field_name", "value", "source_id", "quote")
    lost_here = pl.concat(
        [
            pieces.join(missing, on=["source_id", "quote"], how="semi").with_columns(why=pl.lit("quote missing")),
            pieces.join(gone, on="source_id", how="semi").with_columns(why=pl.lit("page gone")),
        ]
    )
    key = ["table_name", "row_key", "field_name"]
    evidence = pieces.group_by(key).agg(pl.len().alias("pieces"))
    lost = (
        lost_here.group_by(key)
        .agg(pl.col("value").first(), pl.col("source_id").unique().sort(), pl.col("why").unique().sort(), pl.len())
        .join(evidence, on=key)
        .with_columns(all_lost=pl.col("len") >= pl.col("pieces"))
        .sort("all_lost", *key, descending=[True, False, False, False])
    )
    if lost.height == 0:
        return out + ["<p>None.</p>"]
    out.append(
        "<p>Each value whose evidence (see <code>statements</code>) is on a page that is gone or no longer carries "
        "the quote; <em>unverifiable</em> where none of its evidence is left, <em>weakened</em> where another page "
        "still states it.</p>"
    )
    out.append(
        table(
            ["Table", "Row", "Field", "Value", "Sources", "Why", "State"],
            [
                [
                    escape(r["table_name"]),
                    f"<code>{escape(r['row_key'])}</code>",
                    escape(r["field_name"]),
                    escape(r["value"] if len(r["value"]) <= 120 else r["value"][:117] + "…"),
                    ", ".join(escape(s) for s in r["source_id"]),
                    ", ".join(escape(w) for w in r["why"]),
                    "unverifiable" if r["all_lost"] else "weakened",
                ]
                for r in lost.iter_rows(named=True)
            ],
        )
    )
    return out
