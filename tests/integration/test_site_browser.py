"""The data website in a real browser: headless Chromium (Debian's, driven by Playwright) reads every page
from a local HTTP server under a sub-path, as a static host would serve published/.

Every page is visited once, in one page object, at 375 pixels wide: one h1, no console error, every link and
asset resolving, nothing wider than the screen, and axe-core (pinned in package-lock.json, injected from
node_modules/) reporting no serious or critical violation on any page of the latest release. Screenshots of a
page of each kind at 1280 and 375 pixels go to build/screenshots/ for review.

`make test` installs chromium when /usr/bin/chromium is missing, and axe-core with `npm ci`; without them this
test fails, it does not skip.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import duckdb
import polars as pl
import pytest
from playwright.sync_api import sync_playwright

from pipelines.publish import site as site_module
from pipelines.publish.html import file_name
from tests.conftest import REPO, add_register, run_pipeline, synthetic

CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "build" / "screenshots"
BASE_PATH = "/some/base/path/"  # any base path: every link is relative
BASE_URL = "https://data.example.org/eu-cluster-partnerships"
KINDS = {
    "partnerships": "partnership_id",
    "organisations": "organisation_id",
    "calls": "call_id",
    "programmes": "programme_id",
    "sources": "source_id",
}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real raw/ plus a synthetic exchange register, published, and served on 127.0.0.1 (random port)."""
    base = tmp_path_factory.mktemp("site")
    raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
    add_register(raw, synthetic(120, seed=3), "SYNTHETIC-site.csv")
    served = base / "www"
    run = run_pipeline(raw, served / BASE_PATH.strip("/"))
    assert run.success, run.report
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}", run.published
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "chromium is missing: `make test` installs it (apt-get install -y chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _latest(published: Path, package: str) -> str:
    return os.readlink(published / package / "latest")


def _rows(published: Path, table: str, package: str = "eu-cluster-partnerships") -> pl.DataFrame:
    return pl.read_parquet(published / package / "latest" / "data" / f"{table}.parquet")


def _is_latest(rel: str, published: Path) -> bool:
    """A page of the latest release: the home page, entity pages and lists, search, the latest versions' pages."""
    parts = rel.split("/")
    if parts[0] != "site" or len(parts) <= 3:
        return True
    return parts[2] == _latest(published, parts[1])


PROBE = """() => ({
    h1: document.querySelectorAll('h1').length,
    width: document.documentElement.scrollWidth,
    links: [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.rel])
        .concat([...document.querySelectorAll('form[action]')].map(f => [f.getAttribute('action'), ''])),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    images: [...document.querySelectorAll('img')].map(i => [i.alt, i.complete && i.naturalWidth > 0]),
    bare: [...document.querySelectorAll('table')].filter(t => !t.querySelector('th')).length,
})"""


def _visit(root: str, rels: list[str], published: Path, axe: str, out: dict, errors: list[str]) -> None:
    """Visit pages in a browser of its own (one page object, 375 pixels wide), axe-core run on the latest ones."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.add_init_script(script=axe)  # compiled once per process, not parsed again on every page
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.on("requestfailed", lambda r: errors.append(f"{page.url}: failed {r.url}"))
        page.on("response", lambda r: errors.append(f"{page.url}: {r.status} {r.url}") if r.status >= 400 else None)
        for rel in rels:
            response = page.goto(root + rel)
            assert response is not None and response.ok, rel
            found = page.evaluate(PROBE)
            found["violations"] = []
            if _is_latest(rel, published):
                result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
                found["violations"] = [
                    f"{v['id']} ({v['impact']}) {v['nodes'][0]['target']}"
                    for v in result["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
            out[rel] = found
        browser.close()


def test_every_page_is_accessible_fits_a_phone_and_every_link_resolves(site):
    """Every page of the site, in two browsers at once (two cores): one h1, no console error or failed request,
    no serious or critical axe-core violation on the latest release's pages, nothing wider than 375 pixels,
    every internal link and anchor resolving, and every page reachable from the home page."""
    root, published = site
    assert AXE.exists(), "axe-core is missing: `make setup` installs it (npm ci)"
    assert Path(CHROMIUM).exists(), "chromium is missing: `make test` installs it (apt-get install -y chromium)"
    axe = AXE.read_text(encoding="utf-8")
    rels = ["index.html", *sorted(p.relative_to(published).as_posix() for p in (published / "site").rglob("*.html"))]
    found: dict[str, dict] = {}
    errors: list[str] = []
    workers = [
        threading.Thread(target=_visit, args=(root, rels[i::2], published, axe, found, errors)) for i in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(found) == len(rels), "a browser stopped early (see the output above)"
    assert not errors, errors[:20]
    problems, reached, todo = [], set(), ["index.html"]
    for rel, f in found.items():
        if f["h1"] != 1:
            problems.append(f"{rel}: {f['h1']} h1")
        if f["bare"]:
            problems.append(f"{rel}: a table without headers")
        if not all(alt and ok for alt, ok in f["images"]):
            problems.append(f"{rel}: an image without alt text or not loading")
        if f["width"] > 375:
            problems.append(f"{rel}: {f['width']} px wide at 375")
        problems += [f"{rel}: {v}" for v in f["violations"]]
    while todo:
        rel = todo.pop()
        if rel in reached:
            continue
        reached.add(rel)
        url = root + rel
        for href, kind in found[rel]["links"]:
            target, fragment = urldefrag(urljoin(url, href))
            if kind == "external":
                if urlparse(target).scheme not in ("http", "https"):
                    problems.append(f"{rel}: {href}")
                continue
            if not target.startswith(root):
                problems.append(f"{rel} links outside the site: {href}")
                continue
            to = target.removeprefix(root)
            if not (published / to).is_file():
                problems.append(f"{rel}: {href} does not resolve")
            elif to.endswith(".html"):
                todo.append(to)
                if fragment and fragment not in found[to]["ids"]:
                    problems.append(f"{rel}: {href} points at no element")
    assert not problems, problems[:20]
    unreached = sorted(set(rels) - reached)
    assert not unreached, unreached[:10]
    for kind, key in KINDS.items():
        ids = _rows(published, kind)[key].to_list()
        missing = [i for i in ids if f"site/{kind}/{file_name(i)}.html" not in found]
        assert not missing, f"{kind} without a page: {missing[:5]}"
    latest = [r for r in rels if _is_latest(r, published)]
    assert len(latest) > 500, len(latest)
    print(f"\n{len(rels)} pages, {len(latest)} of the latest release checked by axe-core")


class _Values(HTMLParser):
    """The values of a partnership page: each summary value (dd) and member row, with its evidence links."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, list[str]]] = []
        self.ids: set[str] = set()
        self.evidence: dict[str, str] = {}
        self._in: str | None = None
        self._text: list[str] = []
        self._links: list[str] = []
        self._section = ""
        self._ev: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "h2":
            self._section = a.get("id", "")
        if tag == "dd" or (tag == "tr" and self._section == "members"):
            self._in, self._text, self._links = tag, [], []
        if tag == "a" and self._in and "ev" in (a.get("class") or "").split():
            self._links.append(a["href"])
        if tag == "li" and a.get("id", "").startswith("ev"):
            self._ev = a["id"]
            self.evidence[self._ev] = ""
        if tag == "a" and self._ev and a.get("href", "").startswith("../sources/"):
            self.evidence[self._ev] += a["href"]

    def handle_endtag(self, tag):
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            if text and not (tag == "tr" and not self._links and "Organisation" in text):
                self.values.append((text, self._links))
            self._in = None
        if tag == "li" and self._ev:
            self._ev = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def test_every_value_of_every_partnership_page_links_to_its_evidence(site):
    _, published = site
    ids = _rows(published, "partnerships")["partnership_id"].to_list()
    assert len(ids) > 50
    checked = 0
    for pid in ids:
        path = published / "site" / "partnerships" / f"{file_name(pid)}.html"
        parser = _Values()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.values, pid
        for text, links in parser.values:
            assert links, f"{pid}: {text!r} has no link to its evidence"
            for link in links:
                target = link.removeprefix("#")
                assert target in parser.ids, f"{pid}: {link} points nowhere"
                assert parser.evidence.get(target), f"{pid}: evidence {link} names no source page"
            checked += 1
    assert checked > 500, checked


def test_search_finds_an_acronym_a_former_name_and_a_call_id(site, browser):
    root, published = site
    orgs = _rows(published, "organisations").filter(pl.col("alternative_names").list.len() > 0).sort("organisation_id")
    former = orgs.row(0, named=True)
    name = former["alternative_names"][0]
    calls = _rows(published, "calls").sort("call_id")
    call = calls["call_id"][0]
    cases = [
        ("BLUES", "site/partnerships/blues.html"),
        (name, f"site/organisations/{file_name(former['organisation_id'])}.html"),
        (call, f"site/calls/{file_name(call)}.html"),
    ]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for start in (root, (published / "index.html").as_uri().removesuffix("index.html")):
        for typed, expected in cases:
            page.goto(
                start + "site/eu-cluster-partnerships/" + _latest(published, "eu-cluster-partnerships") + "/index.html"
            )
            page.fill("#q", typed)
            offered = page.locator("#search-results a").first
            offered.wait_for()
            assert offered.get_attribute("href").endswith(expected.removeprefix("site/")), (typed, offered.inner_text())
            page.press("#q", "Enter")
            page.wait_for_url(start + expected)
            assert page.locator("h1").count() == 1
    page.close()
    # without JavaScript the pages and their links still work, search falls back to the lists
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(root + "site/partnerships/blues.html")
    plain.click("header nav >> text=Organisations")
    assert plain.url.endswith("site/organisations/index.html")
    assert plain.locator("tbody tr").count() == _rows(published, "organisations").height
    plain.fill("#q", "BLUES")
    plain.press("#q", "Enter")
    assert "site/search.html" in plain.url and plain.locator("main a").count() >= 5
    context.close()


def test_tables_list_every_row_and_can_be_filtered_and_sorted(site, browser):
    root, published = site
    version = _latest(published, "eu-cluster-partnerships")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{root}site/eu-cluster-partnerships/{version}/partnerships.html")
    rows = page.locator("table[data-sortable] tbody tr")
    assert rows.count() == _rows(published, "partnerships").height
    assert page.locator("table[data-sortable] tbody tr a[href*='partnerships/blues.html']").count() == 1
    page.fill(".filter input", "BLUES")
    assert 1 <= page.locator("table[data-sortable] tbody tr:not([hidden])").count() < rows.count()
    page.fill(".filter input", "")
    page.locator("table[data-sortable] thead th button", has_text="acronym").click()
    assert page.locator("table[data-sortable] thead th[aria-sort=ascending]").count() == 1
    statements = _rows(published, "statements").height
    listed = 0
    folder = published / "site" / "eu-cluster-partnerships" / version
    for path in folder.glob("statements*.html"):
        listed += path.read_text(encoding="utf-8").count("<tr id=")
    assert listed == statements
    page.close()


def test_the_queries_shown_on_table_pages_run(site, monkeypatch):
    _, published = site
    for package in ("eu-cluster-partnerships", "clusterxchange"):
        version = _latest(published, package)
        folder = published / package / version
        monkeypatch.chdir(folder)
        for path in sorted((published / "site" / package / version).glob("*.html")):
            text = path.read_text(encoding="utf-8")
            for kind, code in re.findall(r'<code data-run="(\w+)">(.*?)</code>', text, re.S):
                from html import unescape

                code = unescape(code)
                if kind == "duckdb":
                    con = duckdb.connect()
                    con.execute(code).fetchall()
                    con.close()
                else:
                    exec(compile(code, str(path), "exec"), {})
        assert f"{BASE_URL}/{package}/{version}/data/" in (
            published / "site" / package / version / "sources.html"
        ).read_text(encoding="utf-8")


def test_the_site_is_rebuilt_byte_for_byte(site):
    _, published = site

    def snapshot() -> dict[str, bytes]:
        files = [published / "index.html", *(p for p in (published / "site").rglob("*") if p.is_file())]
        return {p.relative_to(published).as_posix(): p.read_bytes() for p in files}

    before = snapshot()
    index = json.loads((published / "index.json").read_text(encoding="utf-8"))
    site_module.write(index, published, BASE_URL)
    after = snapshot()
    assert before.keys() == after.keys()
    assert [k for k in before if before[k] != after[k]] == []


def test_screenshots_of_a_page_of_each_kind_at_both_widths(site, browser):
    root, published = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    version = _latest(published, "eu-cluster-partnerships")
    pages = {
        "home": "index.html",
        "package": f"site/eu-cluster-partnerships/{version}/index.html",
        "table": f"site/eu-cluster-partnerships/{version}/partnerships.html",
        "partnership": "site/partnerships/blues.html",
        "organisation": f"site/organisations/{file_name(_rows(published, 'organisations')['organisation_id'][0])}.html",
        "call": "site/calls/COS-CLUSTER-2020-3-03.html",
        "programme": "site/programmes/ESCP-4i.html",
        "source": f"site/sources/{file_name(_rows(published, 'sources')['source_id'][0])}.html",
        "partnerships": "site/partnerships/index.html",
    }
    page = browser.new_page()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name, rel in pages.items():
            page.goto(root + rel)
            path = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000, path
        page.goto(root + "index.html")
        page.fill("#q", "BLUES")
        page.locator("#search-results a").first.wait_for()
        page.screenshot(path=str(SCREENSHOTS / f"search-{width}.png"))


def test_the_site_works_from_the_file_system(site, browser):
    _, published = site
    page = browser.new_page()
    errors: list[str] = []
    page.on("requestfailed", lambda r: errors.append(r.url))
    page.goto((published / "index.html").as_uri())
    page.locator("a[href^='site/eu-cluster-partnerships']").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("EU cluster partnerships")
    assert page.locator("img").first.evaluate("i => i.naturalWidth > 0")
    page.click("header nav a[href$='partnerships/index.html']")
    page.wait_for_load_state()
    assert page.url.endswith("site/partnerships/index.html")
    assert not errors, errors
