"""The source watch against a local server: every status, conditional requests, robots.txt, and every way a
server can try to hang or flood it. Nothing here leaves 127.0.0.1 (the no-network run fakes the resolver)."""

from __future__ import annotations

import csv
import socket
import time
from pathlib import Path

import pytest

from pipelines.watch import check, settings
from pipelines.watch.http import Fetcher
from tests.conftest import REPO
from tests.watch_server import QUOTE, serving

LOCAL = ("127.0.0.1/32",)


def _settings(**changes):
    base = {
        "contact": "mailto:watch@example.org",
        "pause": 0.0,
        "deadline": 1.5,
        "read_timeout": 1.0,
        "connect_timeout": 1.0,
        "max_bytes": 1_000_000,
        "backoff": 0.01,
        "allow": LOCAL,
    }
    return settings(**(base | changes))


@pytest.fixture
def server():
    with serving() as s:
        yield s


def _fetch(url: str, **changes):
    with Fetcher(_settings(**changes)) as fetcher:
        started = time.monotonic()
        out = fetcher.fetch(url)
        return out, time.monotonic() - started


def test_a_page_is_read_with_an_identifying_user_agent(server):
    out, _ = _fetch(f"{server.base}/page")
    assert out.kind == "ok" and out.http_status == 200 and QUOTE.encode() in out.content
    agent = server.requests("/page")[0]["User-Agent"]
    assert agent.startswith("eu-cluster-partnerships-watch/") and "mailto:watch@example.org" in agent
    assert server.requests("/robots.txt"), "robots.txt is asked first"


def test_robots_txt_disallow_is_obeyed(server):
    out, _ = _fetch(f"{server.base}/private")
    assert out.kind == "robots" and "disallows" in out.error
    assert server.requests("/private") == []


def test_a_dripping_body_is_cut_at_the_deadline(server):
    out, took = _fetch(f"{server.base}/drip")
    assert out.kind == "timeout" and took < 3.5


def test_dripping_headers_are_cut_at_the_deadline(server):
    out, took = _fetch(f"{server.base}/drip-headers")
    assert out.kind == "timeout" and took < 3.5


def test_a_huge_body_is_cut_at_the_size_limit(server):
    out, took = _fetch(f"{server.base}/huge")
    assert out.kind == "too_large" and "1,000,000 bytes" in out.error and took < 3


def test_a_compression_bomb_is_cut_at_the_size_limit(server):
    out, _ = _fetch(f"{server.base}/bomb")
    assert out.kind == "too_large"


def test_a_redirect_loop_is_stopped(server):
    out, _ = _fetch(f"{server.base}/loop-a")
    assert out.kind == "redirects" and "redirect loop" in out.error and out.requests == 2  # a and b (robots.txt apart)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/page",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.2:9/page",  # loopback, but not the address the tests allow
        "http://[::1]:9/page",
        "http://100.100.100.200/",  # a cloud metadata address in shared address space
        "http://192.168.1.1/",
    ],
)
def test_a_private_address_is_refused_before_connecting(url):
    out, took = _fetch(url)
    assert out.kind == "refused" and "not a public address" in out.error and took < 0.5


def test_a_private_address_is_refused_without_the_tests_allowance(server):
    out, _ = _fetch(f"{server.base}/page", allow=())
    assert out.kind == "refused" and server.seen == []


def test_a_redirect_to_a_private_address_is_refused(server):
    out, _ = _fetch(f"{server.base}/to-private")
    assert out.kind == "refused" and "169.254.169.254" in out.error


def test_503_is_retried_with_backoff(server):
    out, _ = _fetch(f"{server.base}/busy")
    assert out.kind == "ok" and len(server.requests("/busy")) == 3


def test_429_is_retried_then_recorded(server):
    out, _ = _fetch(f"{server.base}/throttled", retries=2)
    assert out.kind == "http_error" and out.http_status == 429 and len(server.requests("/throttled")) == 3


def test_the_pause_between_requests_to_one_host_is_kept(server):
    with Fetcher(_settings(pause=0.3)) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            fetcher.fetch(f"{server.base}/page")
        took = time.monotonic() - started
    assert took >= 0.9  # robots.txt and three pages: three pauses at least


# ---------------------------------------------------------------- whole runs


def _raw(tmp_path: Path, base: str, pages: dict[str, str], quotes: dict[str, str]) -> Path:
    raw = tmp_path / "raw"
    (raw / "evidence").mkdir(parents=True)
    lines = ["sources:"]
    for source_id, path in pages.items():
        lines.append(f"  - id: {source_id}")
        if path:
            lines.append(f'    url: "{base}{path}"')
    (raw / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (raw / "evidence" / "test.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["table", "key", "field", "source", "quote", "basis", "notes"])
        for n, (source_id, quote) in enumerate(quotes.items()):
            w.writerow(["partnerships", f"p{n}", "name", source_id, quote, "stated", ""])
    return raw


CASES = {
    "page": "/page",
    "rewritten": "/rewritten",
    "gone": "/gone",
    "missing": "/nowhere",
    "moved": "/moved",
    "temporary": "/temporary",
    "loop": "/loop-a",
    "drip": "/drip",
    "huge": "/huge",
    "private": "/private",
    "forbidden": "/forbidden",
    "bad-utf8": "/bad-utf8",
    "bad-charset": "/bad-charset",
    "html-bad-bytes": "/html-bad-bytes",
    "bad-gzip": "/bad-gzip",
    "image": "/image",
    "to-private": "/to-private",
    "no-address": "",
}
EXPECTED = {
    "page": "first check",
    "rewritten": "quote missing",
    "gone": "gone",
    "missing": "gone",
    "moved": "moved",
    "temporary": "first check",
    "loop": "unreachable",
    "drip": "unreachable",
    "huge": "unreachable",
    "private": "not checked",
    "forbidden": "unreachable",
    "bad-utf8": "unreachable",
    "bad-charset": "first check",
    "html-bad-bytes": "first check",
    "bad-gzip": "unreachable",
    "image": "unreachable",
    "to-private": "unreachable",
    "no-address": "not checked",
}


def test_each_status_is_recorded_and_the_second_run_asks_conditionally(server, tmp_path):
    quotes = dict.fromkeys(CASES, QUOTE)
    raw = _raw(tmp_path, server.base, CASES, quotes)
    cache = tmp_path / "cache"
    first = check.run(raw, _settings(workers=4), day="2026-12-01", cache=cache)
    got = {r["source_id"]: r["status"] for r in first.rows}
    assert got == EXPECTED
    rows = {r["source_id"]: r for r in first.rows}
    assert rows["moved"]["final_url"] == f"{server.base}/page" and rows["moved"]["http_status"] == "200"
    assert rows["rewritten"]["missing_quotes"] == QUOTE and rows["rewritten"]["quotes_found"] == "0"
    assert rows["page"]["quotes_found"] == "1" and len(rows["page"]["text_sha256"]) == 64
    assert rows["gone"]["http_status"] == "410" and rows["missing"]["http_status"] == "404"
    assert "redirect loop" in rows["loop"]["error"] and "timed out" in rows["drip"]["error"]
    assert "1,000,000 bytes" in rows["huge"]["error"] and "HTTP 403" in rows["forbidden"]["error"]
    assert "utf-8" in rows["bad-utf8"]["error"] and "image/png" in rows["image"]["error"]
    assert "not a public address" in rows["to-private"]["error"]
    assert (raw / "watch" / "2026-12-01.csv").is_file()
    assert "## Values that lost their words (3)" in first.report  # rewritten, 404 and 410

    before = len(server.requests("/page"))
    second = check.run(raw, _settings(workers=4), day="2026-12-08", cache=cache)
    asked = server.requests("/page")[before:]
    assert any(h.get("If-None-Match") == '"v1"' for h in asked)
    assert any(h.get("If-Modified-Since") == "Mon, 07 Dec 2026 06:00:00 GMT" for h in asked)
    statuses = {r["source_id"]: r["status"] for r in second.rows}
    assert statuses["page"] == "unchanged" and statuses["temporary"] == "unchanged"
    assert second.previous.name == "2026-12-01.csv"

    server.version = 2  # the page is rewritten, its quote kept
    third = check.run(raw, _settings(workers=4), day="2026-12-15", cache=cache)
    statuses = {r["source_id"]: r["status"] for r in third.rows}
    assert statuses["page"] == "changed" and "`page`: unchanged → changed" in third.report


def test_the_watch_rewrites_nothing_in_raw_but_its_record(server, tmp_path):
    raw = _raw(tmp_path, server.base, {"page": "/page"}, {"page": QUOTE})
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    check.run(raw, _settings(), day="2026-12-01", cache=tmp_path / "cache")
    after = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    assert set(after) - set(before) == {raw / "watch" / "2026-12-01.csv"}
    assert all(after[p] == b for p, b in before.items())


def test_without_any_network_every_source_is_unreachable_quickly(monkeypatch, tmp_path):
    """The real sources, the resolver failing as it does on a machine without network."""

    def no_network(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr("pipelines.watch.http.socket.getaddrinfo", no_network)
    started = time.monotonic()
    result = check.run(REPO / "raw", _settings(pause=5.0, allow=()), cache=tmp_path / "cache", write=False)
    took = time.monotonic() - started
    statuses = {r["status"] for r in result.rows if r["url"]}
    assert statuses == {"unreachable"} and len(result.rows) > 200
    assert {r["status"] for r in result.rows if not r["url"]} <= {"not checked"}
    assert took < 20, took


# ---------------------------------------------------------------- Dagster and the published table


def test_the_watch_job_has_its_own_schedule_and_the_publish_job_never_fetches():
    import dagster as dg

    from pipelines.definitions import ALL, defs

    schedule = defs.resolve_schedule_def("weekly_watch")
    assert schedule.job_name == "watch" and schedule.cron_schedule == "0 4 * * 1"
    watch = defs.resolve_job_def("watch")
    publish = defs.resolve_job_def(ALL)
    assert watch.executor_def is dg.in_process_executor
    assert {k.to_user_string() for k in watch.asset_layer.executable_asset_keys} == {"watch_sources"}
    published = {k.to_user_string() for k in publish.asset_layer.executable_asset_keys}
    everything = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert "watch_sources" not in published and published == everything - {"watch_sources"}
    assert defs.resolve_schedule_def("weekly_publish").job_name == ALL


def test_the_watch_job_runs_in_dagster_with_the_report_in_its_metadata(server, tmp_path, monkeypatch):
    import dagster as dg

    from pipelines.definitions import build_definitions

    raw = _raw(tmp_path, server.base, {"page": "/page", "gone": "/gone"}, {"page": QUOTE, "gone": QUOTE})
    monkeypatch.setattr("pipelines.watch.assets.settings", lambda: _settings())
    defs = build_definitions(raw, tmp_path / "published", tmp_path / "w.duckdb", tmp_path / "problems")
    result = defs.resolve_job_def("watch").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), run_config={"loggers": {"progress": {}}}
    )
    assert result.success
    (event,) = result.get_asset_materialization_events()
    meta = {k: v.value for k, v in event.materialization.metadata.items()}
    assert meta["status/gone"] == 1 and meta["status/first check"] == 1
    assert "## Sources needing attention" in meta["report"] and "**gone** `gone`" in meta["report"]
    assert len(list((raw / "watch").glob("*.csv"))) == 1


def test_source_checks_publishes_the_latest_record_of_listed_sources(tmp_path):
    from pipelines.core.build import build_source_checks
    from pipelines.core.validation import check_table
    from pipelines.raw.curated import read_register
    from schemas import TABLES

    raw = _raw(tmp_path, "https://example.org", {"a": "/a", "b": "/b"}, {"a": QUOTE})
    old = [{"source_id": "a", "url": "https://example.org/a", "checked_at": "2026-11-30T04:00:00Z"}]
    old[0] |= {"status": "first check", "quotes": "1", "quotes_found": "1"}
    check.write_record(raw / "watch" / "2026-11-30.csv", [dict.fromkeys(check.COLUMNS, "") | old[0]])
    new = [
        {"source_id": "a", "status": "quote missing", "quotes_found": "0", "missing_quotes": f"{QUOTE}\nx; y"},
        {"source_id": "b", "status": "gone", "http_status": "404", "error": "HTTP 404 Not Found", "quotes_found": ""},
        {"source_id": "removed-since", "status": "unchanged", "quotes_found": "0"},
    ]
    rows = [
        dict.fromkeys(check.COLUMNS, "")
        | {"url": f"https://example.org/{r['source_id']}", "checked_at": "2026-12-07T04:00:00Z", "quotes": "1"}
        | r
        for r in new
    ]
    check.write_record(raw / "watch" / "2026-12-07.csv", rows)
    sources = read_register(raw, TABLES["sources"]).frame.rename({"id": "source_id"})
    table, problems = build_source_checks(read_register(raw, TABLES["source_checks"]).frame, sources)
    assert problems == [] and check_table(TABLES["source_checks"], table) == []
    assert table["source_id"].to_list() == ["a", "b"] and set(table["raw_file"]) == {"watch/2026-12-07.csv"}
    assert table["missing_quotes"].to_list()[0] == [QUOTE, "x; y"] and table["http_status"].to_list() == [None, 404]


def test_without_a_watch_record_source_checks_is_empty(tmp_path):
    from pipelines.core.build import build_source_checks
    from pipelines.raw.curated import read_register
    from schemas import TABLES

    raw = _raw(tmp_path, "https://example.org", {"a": "/a"}, {})
    sources = read_register(raw, TABLES["sources"]).frame.rename({"id": "source_id"})
    table, problems = build_source_checks(read_register(raw, TABLES["source_checks"]).frame, sources)
    assert problems == [] and table.height == 0 and table.columns == TABLES["source_checks"].column_names


def test_a_host_that_hangs_costs_three_deadlines_not_one_per_page(server, tmp_path):
    pages = {f"d{n}": f"/drip?{n}" for n in range(6)}
    raw = _raw(tmp_path, server.base, pages, {})
    started = time.monotonic()
    result = check.run(raw, _settings(deadline=1.0), day="2026-12-01", cache=tmp_path / "cache")
    took = time.monotonic() - started
    errors = [r["error"] for r in result.rows]
    assert [r["status"] for r in result.rows] == ["unreachable"] * 6
    assert sum(e.startswith("timed out") for e in errors) == check.GIVE_UP_AFTER and took < 6
    assert sum(e.startswith("not asked: the host's last 3 pages") for e in errors) == 6 - check.GIVE_UP_AFTER
