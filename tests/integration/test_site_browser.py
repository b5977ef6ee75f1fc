"""The data website in a real browser: headless Chromium (Debian's, driven by Playwright) reads every page
from a local HTTP server under a sub-path, as a static host would serve published/.

`make test` installs chromium when /usr/bin/chromium is missing; without it this test fails, it does not skip.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import REPO, add_register, run_pipeline, synthetic

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO / "build" / "screenshots"
BASE_PATH = "/some/base/path/"  # any base path: every link is relative


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


def test_every_page_loads_without_errors_and_every_link_and_chart_resolves(site, browser):
    root, published = site
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"{page.url}: failed {r.url}"))
    todo, seen, checked, charts = [root + "index.html"], set(), {}, 0
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.ok, url
        assert page.locator("h1").count() == 1, f"{url}: one h1"
        for img in page.locator("img").all():
            assert img.get_attribute("alt"), f"{url}: an image without alt text"
            assert img.evaluate("i => i.complete && i.naturalWidth > 0"), f"{url}: {img.get_attribute('src')}"
        for th in page.locator("table").all():
            assert th.locator("th").count() > 0, f"{url}: a table without headers"
        for a in page.locator("a[rel~=external]").all():  # a source's page or its archived copy, not the site's
            assert a.get_attribute("href").startswith(("https://", "http://")), f"{url}: {a.get_attribute('href')}"
        links = [a.get_attribute("href") for a in page.locator("a[href]:not([rel~=external])").all()]
        links += [i.get_attribute("src") for i in page.locator("img[src]").all()]
        links += [css.get_attribute("href") for css in page.locator("link[rel=stylesheet]").all()]
        for href in links:
            target = urldefrag(urljoin(url, href)).url
            assert target.startswith(root), f"{url} links outside the site: {href}"
            if target.endswith(".html"):
                todo.append(target)
            if target not in checked:
                got = page.request.get(target)
                assert got.ok, f"{url}: {href} → {got.status}"
                checked[target] = got.body()
                if target.endswith(".svg"):
                    charts += 1
                    svg = checked[target].decode()
                    assert svg.startswith("<svg") and "<title" in svg and ("<rect" in svg or "<text" in svg), target
        if url.endswith(f"site/clusterxchange/{_latest(published, 'clusterxchange')}/index.html"):
            assert "No rows yet" not in _chart(checked, url, "exchanges-by-year.svg")
    assert not errors, errors
    assert charts >= 6
    pages = [u for u in seen if u.endswith(".html")]
    assert len(pages) > 20, pages


def _latest(published: Path, package: str) -> str:
    import os

    return os.readlink(published / package / "latest")


def _chart(checked: dict, page_url: str, name: str) -> str:
    return checked[urljoin(page_url, f"charts/{name}")].decode()


def test_screenshots_of_the_home_and_a_package_page(site, browser):
    root, published = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(root + "index.html")
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
    version = _latest(published, "eu-cluster-partnerships")
    page.goto(f"{root}site/eu-cluster-partnerships/{version}/index.html")
    page.screenshot(path=str(SCREENSHOTS / "package.png"), full_page=True)
    assert (SCREENSHOTS / "home.png").stat().st_size > 10_000
    assert (SCREENSHOTS / "package.png").stat().st_size > 10_000


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
    assert not errors, errors
