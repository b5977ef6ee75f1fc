"""The source watch: every source's address fetched, its text read, its quotes looked for; one record per run.

A run reads raw/sources.yaml and the evidence (raw/evidence/*.csv) and writes one file,
raw/watch/<YYYY-MM-DD>.csv (a second run on a day replaces that day's file), a row per source:

    unchanged     the text is the one the last run read (or the server answered 304 Not Modified)
    changed       the text differs from the last run's, and every quote from the source is still in it
    first check   no earlier text to compare with, every quote found
    quote missing a quote from the source is no longer in its text: the value it backs cannot be checked
    moved         a permanent redirect (301, 308) on the way; final_url says where to
    gone          404 or 410
    unreachable   no answer to read (the error says why: network, timeout, size, redirect loop, refused
                  address, HTTP status, unreadable body)
    not checked   the source has no address, or its robots.txt disallows the page

Nothing else in raw/ is written: a curator reads the report and decides. The text of each page is kept in
build/cache/watch/ by its SHA-256 (not in the repository), so that a 304 answer can still be checked against
quotes added since; without it the request is not conditional.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.core.matchers import fold, passages
from pipelines.problems import InvalidData
from pipelines.raw.curated import read_register
from pipelines.raw.documents import READERS, html_text, normalise
from pipelines.raw.limits import check_file
from pipelines.raw.manifest import read_sources
from pipelines.resources import REPO
from pipelines.watch.http import Fetched, Fetcher, Settings
from schemas import TABLES
from schemas.tables.source_checks import COLUMNS, NEEDS_ATTENTION, STATUSES

FOLDER = "watch"  # under raw/
# After this many pages of one host in a row time out or cannot connect, its other pages are not asked: a host
# that hangs would otherwise cost the deadline for each of its pages.
GIVE_UP_AFTER = 3
_SILENT = ("timeout", "network")
CACHE = REPO / "build" / "cache" / "watch"
# Media types → the documents layer's reader (by the suffix it reads).
MEDIA_SUFFIX = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
assert set(STATUSES) >= set(NEEDS_ATTENTION)


@dataclass(frozen=True)
class Source:
    source_id: str
    url: str | None
    quotes: tuple[str, ...]  # every distinct quote the evidence takes from it


@dataclass(frozen=True)
class Evidence:
    table: str
    key: str
    field: str
    source_id: str
    quote: str


def load(raw_dir: Path) -> tuple[list[Source], list[Evidence]]:
    """The sources and the evidence as curated (read with the raw layer's readers, uninterpreted)."""
    sources = read_sources(raw_dir).frame
    evidence = read_register(raw_dir, TABLES["statements"]).frame
    by_ref = {u: i for i, u in sources.select("id", "url").drop_nulls().rows()}
    by_ref |= {i: i for i in sources["id"].drop_nulls()}
    rows = []
    for table, key, field_name, ref, quote in evidence.select("table", "key", "field", "source", "quote").rows():
        source_id = by_ref.get((ref or "").strip())
        if source_id and quote and quote.strip():
            rows.append(Evidence(table or "", key or "", field_name or "", source_id, quote.strip()))
    quotes: dict[str, dict[str, None]] = {}
    for e in rows:
        quotes.setdefault(e.source_id, {})[e.quote] = None
    listed = [
        Source(i, (u or "").strip() or None, tuple(sorted(quotes.get(i, {}))))
        for i, u in sources.select("id", "url").rows()
        if i
    ]
    return sorted(listed, key=lambda s: s.source_id), rows


def text_of(fetched: Fetched) -> tuple[str | None, str | None]:
    """The page's normalised text through the documents layer's readers, or why it cannot be read."""
    content = fetched.content or b""
    media = fetched.media_type or ""
    suffix = MEDIA_SUFFIX.get(media)
    if suffix is None:
        path = urlsplit(fetched.final_url or fetched.url).path.lower()
        suffix = next((s for s in READERS if path.endswith(s)), None)
        if content.startswith(b"%PDF-"):
            suffix = ".pdf"
        elif suffix is None and media.startswith("text/"):
            suffix = ".txt"
    if suffix is None:
        return None, f"cannot read {media or 'a body without a media type'}"
    try:
        if suffix == ".html":
            if fetched.charset:
                try:
                    return _checked(normalise(html_text(content.decode(fetched.charset, errors="replace"))))
                except LookupError:  # an unknown charset: let the parser find the encoding
                    pass
            return _checked(normalise(html_text(content)))
        if suffix == ".txt":
            encoding = fetched.charset or "utf-8-sig"
            try:
                return _checked(normalise(content.decode(encoding)))
            except LookupError:
                return _checked(normalise(content.decode("utf-8-sig")))
        with tempfile.TemporaryDirectory(prefix="eucp-watch-") as tmp:
            path = Path(tmp) / f"page{suffix}"
            path.write_bytes(content)
            check_file(path, path.name)
            return _checked(normalise(READERS[suffix][1](path)))
    except UnicodeDecodeError as error:
        return None, f"not readable as {error.encoding}: invalid byte at {error.start}"
    except InvalidData as refused:
        return None, f"not readable: {refused.problems[0].message}"
    except Exception as error:  # each library fails its own way; all mean the page cannot be read
        return None, f"not a readable {media or suffix} body ({type(error).__name__}: {error})"


def _checked(text: str) -> tuple[str | None, str | None]:
    return (text, None) if text else (None, "the page has no text")


def found(quote: str, text: str) -> bool:
    """Whether every passage of the quote is in the text, case, accents, quotes, dashes and spaces folded
    (a live page is compared as a name is: its words, not its typography)."""
    page = fold(text)
    return all(fold(p) in page for p in passages(quote))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cached(cache: Path, sha: str | None) -> str | None:
    if not sha:
        return None
    try:
        text = (cache / f"{sha}.txt").read_text(encoding="utf-8")
    except OSError:
        return None
    return text if _sha(text) == sha else None


def _keep(cache: Path, text: str, sha: str) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".{sha}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cache / f"{sha}.txt")
    except OSError:
        pass  # a cache that cannot be written makes the next request unconditional, nothing worse


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check(fetcher: Fetcher, source: Source, before: dict | None, cache: Path) -> dict:
    """One source's row of the record."""
    row = dict.fromkeys(COLUMNS, "") | {"source_id": source.source_id, "url": source.url or ""}
    row["quotes"] = str(len(source.quotes))
    if not source.url:
        return row | {"checked_at": now(), "status": "not checked", "error": "the source has no address"}
    same_page = before is not None and before.get("url") == source.url
    previous_text = _cached(cache, before.get("text_sha256")) if same_page else None
    validators = (before.get("etag"), before.get("last_modified")) if previous_text else (None, None)
    fetched = fetcher.fetch(source.url, *validators)
    row["_kind"] = fetched.kind  # not recorded: tells the host's queue whether the host answers
    row |= {
        "checked_at": now(),
        "http_status": "" if fetched.http_status is None else str(fetched.http_status),
        "final_url": fetched.final_url or "",
        "etag": fetched.etag or "",
        "last_modified": fetched.last_modified or "",
    }
    if fetched.kind == "robots" and fetched.http_status is None:
        return row | {"status": "not checked", "error": fetched.error}
    if fetched.kind == "http_error" and fetched.http_status in (404, 410):
        return row | {"status": "gone", "error": fetched.error}
    text, error = None, fetched.error
    if fetched.kind == "not_modified":
        text = previous_text
    elif fetched.kind == "ok":
        text, error = text_of(fetched)
    if text is None:
        return row | {"status": "unreachable", "error": error or "no text"}
    sha = _sha(text)
    _keep(cache, text, sha)
    missing = [q for q in source.quotes if not found(q, text)]
    row |= {
        "text_sha256": sha,
        "quotes_found": str(len(source.quotes) - len(missing)),
        "missing_quotes": "\n".join(missing),
    }
    if missing:
        status = "quote missing"
    elif fetched.permanent:
        status = "moved"
    elif before is None or not before.get("text_sha256"):
        status = "first check"
    else:
        status = "unchanged" if before["text_sha256"] == sha else "changed"
    return row | {"status": status}


def records(watch_dir: Path) -> list[Path]:
    return sorted(p for p in watch_dir.glob("*.csv") if p.is_file()) if watch_dir.is_dir() else []


def read_record(path: Path) -> dict[str, dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return {r["source_id"]: r for r in csv.DictReader(f) if r.get("source_id")}


def write_record(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: r["source_id"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # whole or not at all
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class Watch:
    record: Path | None  # the file written (None when asked not to write)
    rows: list[dict]
    previous: Path | None  # the record compared with
    report: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def run(
    raw_dir: Path,
    settings: Settings,
    day: str | None = None,
    cache: Path = CACHE,
    write: bool = True,
    only: Callable[[Source], bool] | None = None,
    progress: Callable[[dict], None] | None = None,
) -> Watch:
    """Check every source (hosts in parallel, one request at a time per host) and record the run."""
    import time

    started = time.monotonic()
    sources, evidence = load(raw_dir)
    if only is not None:
        sources = [s for s in sources if only(s)]
    day = day or datetime.now(UTC).strftime("%Y-%m-%d")
    watch_dir = raw_dir / FOLDER
    target = watch_dir / f"{day}.csv"
    earlier = records(watch_dir)
    previous = earlier[-1] if earlier else None  # the latest record (today's, when a run already wrote one)
    before = read_record(previous) if previous else {}
    by_host: dict[str, list[Source]] = {}
    for s in sources:
        by_host.setdefault((urlsplit(s.url).hostname or "") if s.url else "", []).append(s)
    rows: list[dict] = []

    def host(batch: list[Source]) -> list[dict]:
        out, silent = [], 0
        for s in batch:
            if silent >= GIVE_UP_AFTER:
                row = dict.fromkeys(COLUMNS, "") | {"source_id": s.source_id, "url": s.url or "", "checked_at": now()}
                error = f"not asked: the host's last {silent} pages timed out or could not be reached"
                row |= {"status": "unreachable", "quotes": str(len(s.quotes)), "error": error}
            else:
                row = check(fetcher, s, before.get(s.source_id), cache)
                silent = silent + 1 if row.pop("_kind", None) in _SILENT else 0
            if progress:
                progress(row)
            out.append(row)
        return out

    with Fetcher(settings) as fetcher, ThreadPoolExecutor(max(1, settings.workers)) as pool:
        # the hosts with most pages first, so the longest queue starts at once
        for batch in pool.map(host, sorted(by_host.values(), key=len, reverse=True)):
            rows += batch
    rows.sort(key=lambda r: r["source_id"])
    if write:
        write_record(target, rows)
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUSES}
    text = report(rows, before, evidence, previous.name if previous else None)
    return Watch(target if write else None, rows, previous, text, counts, time.monotonic() - started)


def lost_values(rows: list[dict], evidence: list[Evidence]) -> list[tuple[Evidence, str]]:
    """Values every quote of which is now missing from its page, or on a page that is gone: (one piece of
    its evidence, why) for each. A value with one quote still found elsewhere keeps its words."""
    by_source = {r["source_id"]: r for r in rows}
    values: dict[tuple[str, str, str], list[tuple[Evidence, str | None]]] = {}
    for e in evidence:
        r = by_source.get(e.source_id)
        why = None
        if r is not None and r["status"] == "gone":
            why = f"{e.source_id} is gone ({r['error']})"
        elif r is not None and r["status"] == "quote missing" and e.quote in r["missing_quotes"].split("\n"):
            why = f"the words are no longer on {e.source_id}"
        values.setdefault((e.table, e.key, e.field), []).append((e, why))
    return [
        (pieces[0][0], "; ".join(dict.fromkeys(w for _, w in pieces if w)))
        for _, pieces in sorted(values.items())
        if all(w for _, w in pieces)
    ]


def report(rows: list[dict], before: dict[str, dict], evidence: list[Evidence], previous: str | None) -> str:
    """The curators' report, Markdown: counts, what changed since the last run, the sources needing
    attention and the values that lost their words."""
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUSES}
    lines = [
        f"# Source watch, {rows[0]['checked_at'][:10] if rows else 'no sources'}",
        "",
        f"{len(rows)} sources: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n) + ".",
        f"Compared with {previous}." if previous else "No earlier record: this is the first watch.",
        "",
        "## Changed since the last run",
        "",
    ]
    moved = [
        r
        for r in rows
        if r["source_id"] in before
        and (
            before[r["source_id"]].get("status") != r["status"]
            or (r["text_sha256"] and before[r["source_id"]].get("text_sha256") != r["text_sha256"])
        )
    ]
    lines += [
        f"- `{r['source_id']}`: {before[r['source_id']].get('status') or '?'} → {r['status']}"
        + (f" ({r['error']})" if r["error"] else "")
        for r in moved
    ] or ["Nothing." if previous else "Everything is new."]
    lines += ["", "## Sources needing attention", ""]
    attention = [r for r in rows if r["status"] in NEEDS_ATTENTION]
    for r in attention:
        detail = r["error"] or (f"now at {r['final_url']}" if r["status"] == "moved" else "")
        if r["status"] == "quote missing":
            detail = f"{int(r['quotes']) - int(r['quotes_found'] or 0)} of {r['quotes']} quotes not found"
        lines.append(f"- **{r['status']}** `{r['source_id']}` {r['url']}" + (f": {detail}" if detail else ""))
    lines += [] if attention else ["None."]
    lost = lost_values(rows, evidence)
    lines += ["", f"## Values that lost their words ({len(lost)})", ""]
    lines += [f"- {e.table} `{e.key}` {e.field}: {why}" for e, why in lost] or ["None."]
    unreachable = {r["source_id"] for r in rows if r["status"] == "unreachable"}
    if unreachable:
        hanging = {(e.table, e.key, e.field) for e in evidence if e.source_id in unreachable}
        lines += [
            "",
            f"{len(hanging)} values have evidence on one of the {len(unreachable)} unreachable pages; not counted as "
            "lost, since an unreachable page may come back (the next run will tell).",
        ]
    return "\n".join(lines) + "\n"
