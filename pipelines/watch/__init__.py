"""The source watch: a job of its own, apart from publishing, that fetches every source's address and records
what it finds in raw/watch/ (`check`), through a polite, bounded HTTP client (`http`).

Its settings come from the environment, so the schedule, the command line and the tests share them:

    EUCP_WATCH_CONTACT    contact address in the User-Agent (default: the site, EUCP_BASE_URL/index.html)
    EUCP_WATCH_PAUSE      seconds between two requests to one host (default 5; robots.txt may ask for more)
    EUCP_WATCH_DEADLINE   seconds for one response whole, headers and body (default 60)
    EUCP_WATCH_MAX_BYTES  bytes of one body, decompressed (default 50,000,000)
    EUCP_WATCH_WORKERS    hosts watched at once (default 8)
"""

from __future__ import annotations

import os
from dataclasses import replace

from pipelines.watch.http import Settings


def settings(**overrides) -> Settings:
    from pipelines.publish.catalog import base_url

    env = os.environ.get
    made = Settings(
        contact=env("EUCP_WATCH_CONTACT") or f"{base_url()}/index.html",
        pause=float(env("EUCP_WATCH_PAUSE", "5")),
        deadline=float(env("EUCP_WATCH_DEADLINE", "60")),
        max_bytes=int(env("EUCP_WATCH_MAX_BYTES", "50000000")),
        workers=int(env("EUCP_WATCH_WORKERS", "8")),
    )
    return replace(made, **overrides)
