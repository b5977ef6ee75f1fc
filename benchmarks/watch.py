"""How long a watch of every source takes: against a local server with realistic delays, the hosts kept apart.

    .venv/bin/python benchmarks/watch.py [--pause 5] [--min-delay 0.2] [--max-delay 1.0] [--workers 8]

A copy of raw/ (in a temporary folder) has every source's address rewritten to http://<its host>:<port>/<path>,
and the watch's resolver answers 127.0.0.1 for every name: each real host stays a host of its own for the pause,
robots.txt and the workers, while every request goes to one local server that answers each page after a delay
drawn (seeded by its path) between --min-delay and --max-delay seconds. The watch runs twice, the second with
conditional requests (304). It prints both times beside the bound politeness sets: the busiest host's pages times
the pause.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.watch import check, settings  # noqa: E402


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    min_delay = 0.2
    max_delay = 1.0

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        host = self.headers.get("Host", "")
        if self.path == "/robots.txt":
            body, headers = b"User-agent: *\nDisallow: /wp-admin/\n", {"Content-Type": "text/plain"}
        else:
            time.sleep(random.Random(host + self.path).uniform(self.min_delay, self.max_delay))
            etag = f'"{abs(hash(host + self.path))}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            text = f"<html><body><h1>{host}{self.path}</h1>" + "<p>Some news of a cluster partnership.</p>" * 200
            body, headers = text.encode(), {"Content-Type": "text/html; charset=utf-8", "ETag": etag}
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=5.0)
    parser.add_argument("--min-delay", type=float, default=0.2)
    parser.add_argument("--max-delay", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    Handler.min_delay, Handler.max_delay = args.min_delay, args.max_delay
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def local(host, port_, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]

    import pipelines.watch.http as http

    http.socket.getaddrinfo = local  # every name is the local server; hosts stay apart by name
    with tempfile.TemporaryDirectory(prefix="eucp-watch-bench-") as tmp:
        raw = Path(shutil.copytree(REPO / "raw", Path(tmp) / "raw", ignore=shutil.ignore_patterns("watch")))
        pattern = re.compile(r"https?://([A-Za-z0-9.-]+)(?::\d+)?")
        for path in [raw / "sources.yaml", *(raw / "evidence").glob("*.csv")]:
            path.write_text(pattern.sub(rf"http://\1:{port}", path.read_text(encoding="utf-8")), encoding="utf-8")
        sources, _ = check.load(raw)
        hosts = Counter(urlsplit(s.url).hostname for s in sources if s.url)
        busiest, pages = hosts.most_common(1)[0]
        made = settings(pause=args.pause, workers=args.workers, allow=("127.0.0.1/32",), contact="bench")
        cache = Path(tmp) / "cache"
        print(
            f"{len(sources)} sources on {len(hosts)} hosts; busiest {busiest} with {pages} pages; pause "
            f"{args.pause} s, delays {args.min_delay}-{args.max_delay} s, {args.workers} hosts at once"
        )
        for label in ("first run", "second run (conditional)"):
            result = check.run(raw, made, day="2026-12-07", cache=cache)
            counts = ", ".join(f"{n} {s}" for s, n in result.counts.items() if n)
            print(f"  {label}: {result.seconds:.1f} s ({counts})")
        bound = pages * args.pause  # robots.txt then each page, a pause apart
        print(f"  bound set by politeness: the busiest host's {pages} pages x {args.pause} s = {bound:.0f} s")
    with contextlib.suppress(Exception):
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
