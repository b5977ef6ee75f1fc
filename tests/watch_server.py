"""A local HTTP server with every case the source watch must survive, for the tests and the watch benchmark.

It binds 127.0.0.1 on an ephemeral port, answers from a table of routes, records the requests it saw (path and
headers), and every slow or endless answer stops by itself (a bounded loop) or when the client hangs up.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

QUOTE = "The partnership brings together five cluster organisations from four countries"
PAGE = f"<html><head><title>A page</title></head><body><h1>News</h1><p>{QUOTE}.</p></body></html>"


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"\0" * 20_000_000, compresslevel=6)


class Handler(BaseHTTPRequestHandler):
    server: WatchServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        s = self.server
        with s.lock:
            s.seen.append((self.path, dict(self.headers)))
        if s.delay:
            time.sleep(s.delay)
        path = self.path.split("?", 1)[0]
        route = getattr(self, "route_" + re.sub(r"[^a-z0-9]", "_", path.strip("/")), None)
        if route is None:
            return self._send(404, b"<html><body>Not found</body></html>")
        route()

    # robots.txt: one folder is closed to every agent
    def route_robots_txt(self) -> None:
        self._send(200, b"User-agent: *\nDisallow: /private\n", {"Content-Type": "text/plain"})

    def route_private(self) -> None:
        self._send(200, PAGE.encode())

    def route_page(self) -> None:
        """The page with its quote, ETag and Last-Modified; 304 to a request that has seen this version."""
        version = self.server.version
        etag = f'"v{version}"'
        body = PAGE if version == 1 else PAGE.replace("<h1>News</h1>", f"<h1>News {version}</h1>")
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", {"ETag": etag})
        self._send(200, body.encode(), {"ETag": etag, "Last-Modified": "Mon, 07 Dec 2026 06:00:00 GMT"})

    def route_rewritten(self) -> None:
        self._send(200, b"<html><body><p>This project has ended. Thank you.</p></body></html>")

    def route_gone(self) -> None:
        self._send(410, b"gone")

    def route_moved(self) -> None:
        self._send(301, b"", {"Location": "/page"})

    def route_temporary(self) -> None:
        self._send(302, b"", {"Location": "/page"})

    def route_loop_a(self) -> None:
        self._send(302, b"", {"Location": "/loop-b"})

    def route_loop_b(self) -> None:
        self._send(302, b"", {"Location": "/loop-a"})

    def route_to_private(self) -> None:
        self._send(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})

    def route_busy(self) -> None:
        """503 twice (Retry-After 0), then the page."""
        s = self.server
        with s.lock:
            s.busy += 1
            n = s.busy
        if n <= 2:
            return self._send(503, b"busy", {"Retry-After": "0"})
        self.route_page()

    def route_throttled(self) -> None:
        self._send(429, b"slow down", {"Retry-After": "0"})

    def route_drip(self) -> None:
        """Headers, then one byte every 0.2 s for up to 30 s (or until the client hangs up)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "150")
        self.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(150):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)

    def route_drip_headers(self) -> None:
        """The status line and headers themselves a byte every 0.2 s (for up to 30 s)."""
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 130 + b"\r\n\r\n"
        with contextlib.suppress(OSError):
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        self.close_connection = True

    def route_huge(self) -> None:
        """An endless body (no length), 64 KB at a time, up to 200 MB or until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"a" * 65_530 + b"</p>"
        with contextlib.suppress(OSError):
            for _ in range(200 * 16):
                self.wfile.write(chunk)
        self.close_connection = True

    def route_bomb(self) -> None:
        """A small gzip body (20 KB) that inflates to 20 MB."""
        self._send(200, _bomb(), {"Content-Encoding": "gzip"})

    def route_bad_gzip(self) -> None:
        self._send(200, b"this is not gzip at all", {"Content-Encoding": "gzip"})

    def route_bad_utf8(self) -> None:
        self._send(200, b"caf\xe9 \xff\xfe " + QUOTE.encode(), {"Content-Type": "text/plain; charset=utf-8"})

    def route_bad_charset(self) -> None:
        self._send(200, PAGE.encode(), {"Content-Type": "text/html; charset=x-no-such-charset"})

    def route_html_bad_bytes(self) -> None:
        self._send(200, PAGE.encode().replace(b"News", b"N\xffws"))

    def route_image(self) -> None:
        self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, {"Content-Type": "image/png"})

    def route_forbidden(self) -> None:
        self._send(403, b"no")


class WatchServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.seen: list[tuple[str, dict]] = []
        self.version = 1
        self.busy = 0
        self.delay = delay
        _bomb()  # made before any request waits for it

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests(self, path: str) -> list[dict]:
        with self.lock:
            return [h for p, h in self.seen if p == path]


@contextlib.contextmanager
def serving(delay: float = 0.0) -> Iterator[WatchServer]:
    server = WatchServer(delay)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
