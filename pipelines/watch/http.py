"""A polite, bounded HTTP client for the source watch, on httpx.

Every request of the watch goes through `Fetcher.fetch`, which:

- resolves the host itself and refuses, before connecting, an address that is not globally routable
  (loopback, private, link-local and the cloud metadata addresses among them, shared and reserved ranges),
  unless a network is explicitly allowed (the tests' own local server); it then connects to the very address
  it checked, so a name cannot resolve to a public address for the check and a private one for the connection;
- bounds each exchange in time as a whole: a deadline covers connecting, the headers and the body of one
  response, so a server that drips a byte a second is cut at the deadline however often it sends;
- bounds the body in size (counted after decompression) and the redirects in number, and stops a loop;
- asks robots.txt first (RFC 9309: a 4xx means no rules, a 5xx or an unreachable robots.txt means stay away)
  and honours its Crawl-delay when longer than the pause;
- waits a pause between two requests to the same host, whichever thread asks;
- retries 429 and 503 with exponential backoff, or after the Retry-After the server asks for (if not too long);
- sends conditional requests (If-None-Match, If-Modified-Since) with the validators it saw last;
- identifies itself with a User-Agent naming the project and a contact address.

Nothing here raises on what a server does: every outcome is a `Fetched` with its error in words.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

AGENT = "eu-cluster-partnerships-watch"
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
RETRIED = (429, 503)


@dataclass(frozen=True)
class Settings:
    """How the watch fetches; `pipelines.watch.settings()` reads them from the environment."""

    contact: str
    connect_timeout: float = 5.0  # seconds to open a connection (no network at all: refused at once)
    read_timeout: float = 20.0  # seconds without a byte
    deadline: float = 60.0  # seconds for one response whole: connection, headers and body
    max_bytes: int = 50_000_000  # body bytes, decompressed
    robots_bytes: int = 500_000
    pause: float = 5.0  # seconds between two requests to one host
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay honoured up to this
    retries: int = 3  # on 429 and 503
    backoff: float = 2.0  # the first wait before a retry, doubled each time
    max_retry_after: float = 120.0  # a longer Retry-After is not waited for: the page is recorded unreachable
    max_redirects: int = 10
    workers: int = 8  # hosts watched at once (each host is still asked one request at a time)
    allow: tuple[str, ...] = ()  # networks allowed although not global (tests: their local server)

    @property
    def user_agent(self) -> str:
        return f"{AGENT}/1.0 (+{self.contact})"


class Refused(Exception):
    """An address the watch does not connect to."""


def _allowed(address: str, allow: Iterable[ipaddress._BaseNetwork]) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in net for net in allow):
        return True
    return ip.is_global and not ip.is_multicast


_deadline = threading.local()


def _remaining(timeout: float | None) -> float:
    """The smaller of a step's own timeout and what is left of the current response's deadline."""
    until = getattr(_deadline, "until", None)
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the response took longer than the watch's deadline")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A connection whose every read and write is bounded by the response's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Resolves, refuses what is not public (or allowed), connects to the address it checked."""

    def __init__(self, allow: tuple[str, ...]) -> None:
        self._allow = [ipaddress.ip_network(a, strict=False) for a in allow]
        self._sync = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from error
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        private = [a for a in addresses if not _allowed(a, self._allow)]
        if private:
            raise Refused(f"{host} resolves to {private[0]}, not a public address: refused")
        last: Exception | None = None
        for address in addresses:
            try:
                stream = self._sync.connect_tcp(address, port, _remaining(timeout), local_address, socket_options)
                return _Stream(stream)
            except httpcore.ConnectError as error:
                last = error
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, *args, **kwargs):
        raise Refused("unix sockets are not used by the watch")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Transport(httpx.HTTPTransport):
    """httpx's own transport on the guarded backend (httpx 0.28 takes no backend argument, so its connection
    pool is replaced by an equal one that has it; `tests/unit/test_watch.py` proves the guard holds)."""

    def __init__(self, allow: tuple[str, ...]) -> None:
        super().__init__(trust_env=False)
        ssl_context = httpx.create_ssl_context(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_connections=100, keepalive_expiry=5.0, network_backend=_Backend(allow)
        )


@dataclass
class Fetched:
    """What one address gave: the last response's status, where the redirects ended, the body (None unless
    200), the validators, and `error` in words when the page could not be read (None otherwise)."""

    url: str
    final_url: str | None = None
    http_status: int | None = None
    permanent: bool = False  # a 301 or 308 on the way
    content: bytes | None = None
    media_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    kind: str = "ok"  # ok, not_modified, http_error, refused, robots, network, timeout, too_large, redirects, bad
    requests: int = 0


class _TooLarge(Exception):
    pass


@dataclass(frozen=True)
class _Answer:
    """One response as read within the limits (the body only of a 200)."""

    status: int
    reason: str
    headers: httpx.Headers
    charset: str | None
    content: bytes = b""


@dataclass
class _Gate:
    """When each host may be asked next: a pause between two requests to it, whichever thread asks."""

    pause: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: dict[str, float] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)

    def wait(self, host: str) -> None:
        with self.lock:
            now = time.monotonic()
            at = max(now, self.next_at.get(host, 0.0))
            self.next_at[host] = at + max(self.pause, self.delays.get(host, 0.0))
        if at > now:
            time.sleep(at - now)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """One watch's client: a connection pool, the per-host gate and the robots.txt of each origin seen."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._client = httpx.Client(
            transport=_Transport(settings.allow),
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._gate = _Gate(settings.pause)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | Fetched] = {}
        self._robots_lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ one response

    def _once(self, url: str, headers: dict[str, str], limit: int, out: Fetched) -> _Answer | None:
        """One GET within the deadline; the body read (up to `limit` bytes) only for a 200. None on failure,
        with `out.kind` and `out.error` set."""
        host = urlsplit(url).hostname or ""
        self._gate.wait(host)
        out.requests += 1
        _deadline.until = time.monotonic() + self.settings.deadline
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                body = bytearray()
                if response.status_code == 200:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise _TooLarge
                status, reason = response.status_code, response.reason_phrase
                return _Answer(status, reason, response.headers, response.charset_encoding, bytes(body))
        except Refused as error:
            out.kind, out.error = "refused", str(error)
        except _TooLarge:
            out.kind, out.error = "too_large", f"the body is over {limit:,} bytes: cut there"
        except httpx.TimeoutException as error:
            out.kind = "timeout"
            out.error = f"timed out ({type(error).__name__}: {error or 'no answer in time'})"
        except httpx.DecodingError as error:
            out.kind, out.error = "bad", f"the body cannot be decoded ({error})"
        except (httpx.HTTPError, httpcore.ProxyError, OSError) as error:
            out.kind, out.error = "network", f"{type(error).__name__}: {error}"
        finally:
            _deadline.until = None
        return None

    def _get(self, url: str, headers: dict[str, str], limit: int, out: Fetched) -> _Answer | None:
        """A GET, retried on 429 and 503 after Retry-After or an exponential backoff."""
        s = self.settings
        for attempt in range(s.retries + 1):
            response = self._once(url, headers, limit, out)
            if response is None or response.status not in RETRIED or attempt == s.retries:
                return response
            wait = _retry_after(response.headers.get("Retry-After"))
            wait = s.backoff * 2**attempt if wait is None else wait
            if wait > s.max_retry_after:
                return response  # recorded with its status; not worth holding the watch for
            time.sleep(wait)
        return None  # not reached

    # ------------------------------------------------------------------ robots.txt

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | Fetched:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one thread fetches an origin's robots.txt; the others wait for it
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin, parts.hostname or "")
            return self._robots[origin]

    def _read_robots(self, origin: str, host: str) -> urllib.robotparser.RobotFileParser | Fetched:
        out = Fetched(f"{origin}/robots.txt")
        current = out.url
        for _ in range(5):  # RFC 9309: follow at least five redirects
            response = self._get(current, {}, self.settings.robots_bytes, out)
            if response is None:
                if out.kind == "too_large":
                    break  # RFC 9309: parse what fits; here, the rules are not read: no rules
                return out
            if response.status in REDIRECTS and response.headers.get("Location"):
                current = urljoin(current, response.headers["Location"])
                continue
            parser = urllib.robotparser.RobotFileParser(out.url)
            if response.status == 200:
                parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
                delay = parser.crawl_delay(AGENT)
                if delay:
                    with self._gate.lock:
                        self._gate.delays[host] = min(float(delay), self.settings.max_crawl_delay)
            elif 400 <= response.status < 500:
                parser.parse([])  # RFC 9309: robots.txt unavailable, any page may be read
            else:
                out.kind, out.http_status = "robots", response.status
                out.error = f"robots.txt answered {response.status}: the site is left alone (RFC 9309)"
                return out
            return parser
        parser = urllib.robotparser.RobotFileParser(out.url)
        parser.parse([])
        return parser

    # ------------------------------------------------------------------ a page

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The page at `url`, redirects followed (each hop checked like the first), conditionally when
        validators are given."""
        out = Fetched(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: list[str] = []
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https") or not urlsplit(current).hostname:
                out.kind, out.error = "bad", f"not an http(s) address: {current}"
                return out
            if current in seen:
                out.kind, out.error = "redirects", f"redirect loop: {' -> '.join([*seen, current])}"
                out.final_url = current
                return out
            seen.append(current)
            robots = self._robots_for(current)
            if isinstance(robots, Fetched):
                out.kind, out.error, out.http_status = robots.kind, f"robots.txt: {robots.error}", robots.http_status
                return out
            if not robots.can_fetch(AGENT, current):
                out.kind, out.error = "robots", f"robots.txt of {urlsplit(current).netloc} disallows {current}"
                out.final_url = current
                return out
            response = self._get(current, headers, self.settings.max_bytes, out)
            if response is None:
                out.final_url = current
                return out
            out.http_status = response.status
            out.final_url = current
            location = response.headers.get("Location")
            if response.status in REDIRECTS and location:
                out.permanent = out.permanent or response.status in PERMANENT
                current = urljoin(current, location)
                continue
            out.etag = response.headers.get("ETag")
            out.last_modified = response.headers.get("Last-Modified")
            if response.status == 304:
                out.kind = "not_modified"
            elif response.status == 200:
                out.content = response.content
                out.media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower() or None
                out.charset = response.charset
            else:
                out.kind, out.error = "http_error", f"HTTP {response.status} {response.reason}".strip()
            return out
        out.kind, out.error = "redirects", f"more than {self.settings.max_redirects} redirects from {url}"
        out.final_url = current
        return out
