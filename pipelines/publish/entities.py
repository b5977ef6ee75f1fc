"""Entity pages of the latest release: one page per partnership, organisation, call, programme and source,
under published/site/<kind>/<id>.html, with an index page per kind and the search index.

Every value on an entity page links to its evidence, listed at the foot of the same page: the source's words
(where recorded), the source (its page here and its own address), the date it was read and the basis of the
value, all read from `statements` by (table_name, row_key, field_name). The columns are read defensively: the
statements of older releases have `origin`, later ones `basis` and `read`; a column a release lacks is not
shown. A value that no statement covers (a derived id, a row of a table whose values are not traced) has the
row's own source as its evidence.

Everything is read from the published Parquet files of the latest versions, never from the pipeline's frames,
and sorted, so the same release gives the same bytes. The exchanges may have millions of rows: they are read
through DuckDB, a bounded number per partnership.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from pathlib import Path

import duckdb
import polars as pl

from pipelines.publish.html import BROWSE, anchor, file_name, page, table, text

EXCHANGES_PER_PARTNERSHIP = 50  # rows listed on a partnership page; the count says how many there are in all
KINDS = dict(BROWSE)
KEY = {
    "partnerships": "partnership_id",
    "organisations": "organisation_id",
    "calls": "call_id",
    "programmes": "programme_id",
    "sources": "source_id",
}
MAIN, CXC = "eu-cluster-partnerships", "clusterxchange"


def _country_names() -> dict[str, str]:
    import pycountry

    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    return names | {"XK": "Kosovo"}


COUNTRY = _country_names()


def country(code: str | None) -> str:
    return "" if code is None else f"{escape(COUNTRY.get(code, code))} ({escape(code)})"


def _rows(folder: Path | None, name: str) -> list[dict]:
    if folder is None:
        return []
    path = folder / "data" / f"{name}.parquet"
    return pl.read_parquet(path).to_dicts() if path.exists() else []


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def number(value) -> str:
    """A number as a reader writes it: thousands separated, no trailing zeros (100.00 is 100)."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


def fmt(value, name: str = "", row: dict | None = None) -> str:
    """A value as a reader meets it: money with thousands, a date as precise as it is stated, countries named."""
    if value is None:
        return ""
    if name.endswith("_eur"):
        return escape(f"EUR {number(value)}")
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return escape(number(value))
    if name.endswith("_date") and row is not None and hasattr(value, "year"):
        precision = row.get(f"{name}_precision")
        if precision == "month":
            return f'<time datetime="{value:%Y-%m}">{MONTHS[value.month - 1]} {value.year}</time>'
        if precision == "year":
            return f'<time datetime="{value:%Y}">{value.year}</time>'
        return f'<time datetime="{value:%Y-%m-%d}">{value:%Y-%m-%d}</time>'
    if name in ("country", "host_country", "visiting_country"):
        return country(value)
    if name == "target_countries" and isinstance(value, list):
        return "; ".join(country(c) for c in value)
    return escape(text(value))


@dataclass
class Latest:
    """The latest release's tables, indexed for the pages."""

    main: Path | None
    cxc: Path | None
    base: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    evidence: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)
    statement_columns: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, root: Path, index: dict, base: str) -> Latest:
        def folder(pkg: str) -> Path | None:
            entry = index["packages"].get(pkg) or {}
            return root / pkg / entry["latest"] if entry.get("latest") else None

        self = cls(folder(MAIN), folder(CXC), base)
        for name in (
            "programmes",
            "calls",
            "generations",
            "partnerships",
            "organisations",
            "partnership_members",
            "claims",
            "claim_conflicts",
            "coverage",
        ):
            self.tables[name] = _rows(self.main, name)
        for name in ("exchange_events", "exchange_partnerships"):
            self.tables[name] = _rows(self.cxc, name)
        sources = {r["source_id"]: r for r in _rows(self.cxc, "sources")}
        sources |= {r["source_id"]: r for r in _rows(self.main, "sources")}
        self.tables["sources"] = [sources[k] for k in sorted(sources)]
        statements = _rows(self.main, "statements")
        self.statement_columns = set(statements[0]) if statements else set()
        grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for s in statements:
            grouped[(s["table_name"], s["row_key"], s["field_name"])].append(s)
        self.evidence = {k: sorted(v, key=lambda s: (s["source_id"], s.get("quote") or "")) for k, v in grouped.items()}
        self.by_source: dict[str, list[dict]] = defaultdict(list)
        for s in statements:
            self.by_source[s["source_id"]].append(s)
        self.sources = sources
        self.exchanges, self.exchange_counts = self._exchanges()
        return self

    def _exchanges(self) -> tuple[dict[str, list[dict]], dict[str, int]]:
        path = self.cxc / "data" / "exchanges.parquet" if self.cxc else None
        if path is None or not path.exists():
            return {}, {}
        con = duckdb.connect()
        try:
            # a count and the first few ids per partnership in one hash aggregate (a window over 10M rows took
            # 24 s; this 0.6 s and little memory), then those rows alone
            con.execute("SET threads TO 2")
            con.execute("SET memory_limit = '512MB'")
            firsts = con.execute(
                "SELECT partnership_id, count(*), min_by(exchange_id, (start_date, exchange_id), ?) "
                "FROM read_parquet(?) WHERE partnership_id IS NOT NULL GROUP BY ALL",
                [EXCHANGES_PER_PARTNERSHIP, str(path)],
            ).fetchall()
            counts = {pid: n for pid, n, _ in firsts}
            wanted = sorted(i for _, _, ids in firsts for i in ids)
            cursor = con.execute(
                "SELECT * FROM read_parquet(?) WHERE exchange_id IN (SELECT unnest(?)) "
                "ORDER BY partnership_id, start_date NULLS LAST, exchange_id",
                [str(path), wanted],
            )
            columns = [d[0] for d in cursor.description]
            listed = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
        finally:
            con.close()
        grouped: dict[str, list[dict]] = defaultdict(list)
        for r in listed:
            grouped[r["partnership_id"]].append(r)
        return grouped, counts

    def ids(self, kind: str) -> set[str]:
        return {r[KEY[kind]] for r in self.tables[kind]}


def href(kind: str, key: str, to_site: str) -> str:
    return f"{to_site}{kind}/{file_name(key)}.html"


class Refs:
    """The evidence of one page: numbered entries, one per piece of evidence (a source, its words, its basis,
    its date), each listing the values it supports; every value links to its entries."""

    def __init__(self, latest: Latest, to_site: str):
        self.latest, self.to_site = latest, to_site
        self.items: list[tuple[dict, list[tuple[str, str]]]] = []
        self.numbers: dict[tuple, int] = {}

    def link(self, label: str, value: str, table_name: str, key: str, name: str, row: dict | None = None) -> str:
        """Links to the evidence of one value: its statements, or else its row's source."""
        statements = self.latest.evidence.get((table_name, key, name))
        if not statements and row is not None and row.get("source_id"):
            statements = [
                {
                    "source_id": row["source_id"],
                    "source_url": row.get("source_url"),
                    "quote": row.get("quote"),
                    "basis": "the row's source (no statement names this value)",
                }
            ]
        out = []
        for s in statements or []:
            k = tuple(str(s.get(c)) for c in ("source_id", "source_url", "quote", "basis", "origin", "read", "notes"))
            if k not in self.numbers:
                self.numbers[k] = len(self.items) + 1
                self.items.append((s, []))
            n = self.numbers[k]
            supported = self.items[n - 1][1]
            if (label, value) not in supported:
                supported.append((label, value))
            out.append(f'<a class="ev" href="#ev{n}">[{n}]<span class="vh"> evidence for {escape(label)}</span></a>')
        return "".join(out)

    def section(self) -> list[str]:
        if not self.items:
            return []
        out = [
            '<h2 id="evidence">Evidence</h2>',
            "<p>Each value above links here: the source's words where they are recorded, the source, when it was "
            "read, and the basis of the value.</p>",
            '<ol class="evidence">',
        ]
        for n, (s, supported) in enumerate(self.items, 1):
            source = self.latest.sources.get(s["source_id"], {})
            meta = [f'<a href="{href("sources", s["source_id"], self.to_site)}">{escape(_title(source, s))}</a>']
            url = s.get("source_url") or source.get("url")
            if url:
                meta.append(f'<a href="{escape(url)}" rel="external">the page itself</a>')
            if s.get("read"):
                meta.append(f"read {escape(str(s['read']))}")
            elif source.get("accessed"):
                meta.append(f"accessed {escape(str(source['accessed']))}")
            basis = _basis(s)
            if basis:
                meta.append(f"basis: {basis}")
            out.append(f'<li id="ev{n}"><p>{" · ".join(meta)}</p>')
            if s.get("quote"):
                out.append(f"<blockquote>{escape(s['quote'])}</blockquote>")
            else:
                out.append('<p class="meta">No words of the source are recorded for these values.</p>')
            values = "; ".join(f"{escape(label)}: {value}" for label, value in supported)
            out.append(f'<p class="meta">For {values}</p>')
            if s.get("notes"):
                out.append(f"<p>{escape(s['notes'])}</p>")
            out.append("</li>")
        out.append("</ol>")
        return out


def _title(source: dict, s: dict | None = None) -> str:
    return source.get("title") or source.get("url") or (s or {}).get("source_id") or source.get("source_id", "")


def _basis(s: dict) -> str:
    basis = s.get("basis")
    if basis:
        if basis.startswith("inferred:"):
            return f"inferred ({escape(basis.removeprefix('inferred:'))})"
        return escape(basis)
    origin = s.get("origin")
    if origin == "row":
        return "stated by the row's source"
    if origin == "statement":
        return "stated (a statement names this source)"
    return ""


def summary(items: list[tuple[str, str, str]]) -> str:
    """A summary list: (label, value HTML, evidence links), rows without a value left out."""
    rows = [f"<dt>{escape(label)}</dt><dd>{value}{links}</dd>" for label, value, links in items if value]
    return f'<dl class="summary">{"".join(rows)}</dl>' if rows else "<p>No value is stated.</p>"


class Pages:
    """Writes the entity pages of the latest release into site/ and returns the search index entries."""

    def __init__(self, latest: Latest):
        self.l = latest
        t = latest.tables
        self.programmes = {r["programme_id"]: r for r in t["programmes"]}
        self.calls = {r["call_id"]: r for r in t["calls"]}
        self.partnerships = {r["partnership_id"]: r for r in t["partnerships"]}
        self.organisations = {r["organisation_id"]: r for r in t["organisations"]}
        self.generations = {r["generation_id"]: r for r in t["generations"]}
        self.members_of: dict[str, list[dict]] = defaultdict(list)
        self.partnerships_of: dict[str, list[dict]] = defaultdict(list)
        for m in t["partnership_members"]:
            self.members_of[m["partnership_id"]].append(m)
            self.partnerships_of[m["organisation_id"]].append(m)
        self.exchange_partnership = {r["partnership_id"]: r for r in t["exchange_partnerships"] if r["partnership_id"]}
        self.events: dict[str, list[dict]] = defaultdict(list)
        for e in t["exchange_events"]:
            if e.get("partnership_id"):
                self.events[e["partnership_id"]].append(e)
        # the rows that name a source's address among their further sources, by address
        self.further: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for name, kind in (("partnerships", "partnerships"), ("organisations", "organisations"), ("calls", "calls"),
                           ("partnership_members", "partnerships"), ("exchange_events", "partnerships")):  # fmt: skip
            for r in t[name]:
                key = r.get(KEY[kind])
                for url in sorted(set(r.get("further_source_urls") or [])):
                    if key is not None and (name, kind, key) not in self.further[url]:
                        self.further[url].append((name, kind, key))

    # ------------------------------------------------------------ links between pages

    def link(self, kind: str, key: str | None, to_site: str, label: str | None = None) -> str:
        if key is None:
            return ""
        known = {
            "partnerships": self.partnerships,
            "organisations": self.organisations,
            "calls": self.calls,
            "programmes": self.programmes,
            "sources": self.l.sources,
        }[kind]
        shown = escape(label if label is not None else key)
        return f'<a href="{href(kind, key, to_site)}">{shown}</a>' if key in known else shown

    def row_page(self, table_name: str, row_key: str) -> tuple[str, str] | None:
        """The entity page (kind, key) that shows a row of `table_name`, by its key."""
        first = row_key.split("|", 1)[0]
        kind = {
            "partnerships": "partnerships",
            "partnership_members": "partnerships",
            "exchange_partnerships": "partnerships",
            "organisations": "organisations",
            "calls": "calls",
            "programmes": "programmes",
            "sources": "sources",
        }.get(table_name)
        if table_name == "generations" and first in self.generations:
            return "programmes", self.generations[first]["programme_id"]
        if kind and first in self.l.ids(kind):
            return kind, first
        return None

    def entity_of(self, table_name: str, row: dict) -> tuple[str, str] | None:
        """The entity page a row of any published table belongs to (for the table pages' links)."""
        if table_name == "statements":
            return self.row_page(row["table_name"], row["row_key"])
        if table_name in KEY and row.get(KEY[table_name]) is not None:
            return table_name, row[KEY[table_name]]
        if table_name == "generations":
            return "programmes", row["programme_id"]
        for kind in ("partnerships", "organisations", "calls", "programmes", "sources"):
            key = row.get(KEY[kind])
            if key is not None and key in self.l.ids(kind):
                return kind, key
        return None

    # ------------------------------------------------------------ pages

    def write(self, site: Path) -> list[list]:
        entries: list[list] = []
        to_site, to_root = "../", "../../"
        for kind in KEY:
            (site / kind).mkdir(parents=True, exist_ok=True)
        for p in self.l.tables["partnerships"]:
            self._write(site, "partnerships", p["partnership_id"], *self.partnership(p, to_site, to_root))
            terms = [p["acronym"], p.get("name"), p["partnership_id"], p.get("grant_id")]
            entries.append([_label(p["acronym"], p.get("name")), f"partnership, {p['programme_id']}", terms,
                            f"partnerships/{file_name(p['partnership_id'])}.html"])  # fmt: skip
        for o in self.l.tables["organisations"]:
            self._write(site, "organisations", o["organisation_id"], *self.organisation(o, to_site, to_root))
            names = [o["name"], *(o.get("alternative_names") or [])]
            names += [m.get("name_in_source") for m in self.partnerships_of.get(o["organisation_id"], [])]
            entries.append([o["name"], f"organisation, {o.get('country') or 'country not stated'}", names,
                            f"organisations/{file_name(o['organisation_id'])}.html"])  # fmt: skip
        for c in self.l.tables["calls"]:
            self._write(site, "calls", c["call_id"], *self.call(c, to_site, to_root))
            entries.append([f"{c['call_id']}: {c.get('title') or ''}".rstrip(": "), "call",
                            [c["call_id"], *(c.get("alternative_ids") or []), c.get("title")],
                            f"calls/{file_name(c['call_id'])}.html"])  # fmt: skip
        for p in self.l.tables["programmes"]:
            self._write(site, "programmes", p["programme_id"], *self.programme(p, to_site, to_root))
            entries.append([_label(p["programme_id"], p.get("name")), "programme", [p["programme_id"], p.get("name")],
                            f"programmes/{file_name(p['programme_id'])}.html"])  # fmt: skip
        for s in self.l.tables["sources"]:
            self._write(site, "sources", s["source_id"], *self.source(s, to_site, to_root))
            entries.append([_title(s), "source", [s["source_id"], s.get("title"), s.get("url")],
                            f"sources/{file_name(s['source_id'])}.html"])  # fmt: skip
        for kind in KEY:
            (site / kind / "index.html").write_text(self.kind_index(kind, to_site, to_root), encoding="utf-8")
        for e in entries:
            e[2] = sorted({_norm(t) for t in e[2] if t})
        return entries

    def _write(self, site: Path, kind: str, key: str, title: str, body: list[str]) -> None:
        (site / kind / f"{file_name(key)}.html").write_text(page(title, "../../", body), encoding="utf-8")

    def _head(self, kind: str, heading: str, to_site: str) -> list[str]:
        singular = {"partnerships": "Partnership", "organisations": "Organisation", "calls": "Call",
                    "programmes": "Programme", "sources": "Source"}[kind]  # fmt: skip
        return [
            f'<p class="meta"><a href="{to_site}{kind}/index.html">{KINDS[kind]}</a> · {singular} in the latest '
            "release</p>",
            f"<h1>{heading}</h1>",
        ]

    def partnership(self, p: dict, to_site: str, to_root: str) -> tuple[str, list[str]]:
        refs = Refs(self.l, to_site)
        key = p["partnership_id"]

        def v(label: str, name: str, shown: str | None = None) -> tuple[str, str, str]:
            value = shown if shown is not None else fmt(p.get(name), name, p)
            if not value:
                return label, "", ""
            return label, value, refs.link(label, value, "partnerships", key, name, p)

        gen = p.get("generation")
        gen_html = ""
        if gen:
            gen_html = escape(gen)
            if p.get("generation_id") in self.generations:
                gen_html = (
                    f'<a href="{href("programmes", p["programme_id"], to_site)}#{anchor("gen", p["generation_id"])}">'
                    f"{escape(gen)}</a>"
                )
        body = self._head("partnerships", escape(_label(p["acronym"], p.get("name"))), to_site)
        body.append(
            summary(
                [
                    v("Acronym", "acronym"),
                    v("Name", "name"),
                    v("Programme", "programme_id", self.link("programmes", p["programme_id"], to_site)),
                    v("Generation", "generation", gen_html),
                    v("Call", "call_id", self.link("calls", p.get("call_id"), to_site)),
                    v("Funding status", "funding_status"),
                    v("Start", "start_date"),
                    v("End", "end_date"),
                    v("Duration (months)", "duration_months"),
                    v("EU contribution", "eu_contribution_eur"),
                    v("Total budget", "total_budget_eur"),
                    v("Target countries", "target_countries"),
                    v("Sectors", "sectors"),
                    v("Grant id", "grant_id"),
                ]
            )
        )
        if p.get("notes"):
            body.append(f"<p><strong>Curators' note:</strong> {escape(p['notes'])}</p>")
        members = sorted(
            self.members_of.get(key, []),
            key=lambda m: (
                m["role"] != "coordinator",
                self.organisations.get(m["organisation_id"], {}).get("name", ""),
            ),
        )
        body.append(f'<h2 id="members">Members ({len(members)})</h2>')
        if members:
            rows = []
            for m in members:
                org = self.organisations.get(m["organisation_id"], {})
                mkey = f"{key}|{m['organisation_id']}"
                name = org.get("name") or m["organisation_id"]
                rows.append(
                    [
                        self.link("organisations", m["organisation_id"], to_site, name)
                        + refs.link(f"{name}: member", escape(name), "partnership_members", mkey, "name_in_source", m),
                        country(org.get("country"))
                        + (
                            refs.link(
                                f"{name}: country",
                                country(org.get("country")),
                                "organisations",
                                m["organisation_id"],
                                "country",
                                org,
                            )  # fmt: skip
                            if org.get("country")
                            else ""
                        ),
                        escape(m["role"] or "")
                        + (
                            refs.link(f"{name}: role", escape(m["role"]), "partnership_members", mkey, "role", m)
                            if m.get("role")
                            else ""
                        ),  # fmt: skip
                        escape(m.get("role_detail") or "")
                        + (
                            refs.link(
                                f"{name}: role detail",
                                escape(m["role_detail"]),
                                "partnership_members",
                                mkey,
                                "role_detail",
                                m,
                            )  # fmt: skip
                            if m.get("role_detail")
                            else ""
                        ),
                        escape(m.get("name_in_source") or ""),
                    ]
                )
            body.append(
                table(["Organisation", "Country", "Role", "Role detail", "Name in the source"], rows, label="Members")
            )
        else:
            body.append("<p>No source names a member.</p>")
        body += self._exchanges(p, refs, to_site)
        body += self._sources_used(refs, p, to_site)
        body += refs.section()
        return f"{p['acronym']}: partnership", body

    def _exchanges(self, p: dict, refs: Refs, to_site: str) -> list[str]:
        key = p["partnership_id"]
        out = []
        ep = self.exchange_partnership.get(key)
        exchanges = self.l.exchanges.get(key, [])
        events = sorted(self.events.get(key, []), key=lambda e: (str(e.get("start_date")), e["event_id"]))
        if not (ep or exchanges or events):
            return out
        out.append('<h2 id="exchanges">ClusterXchange</h2>')
        if ep:
            planned = fmt(ep.get("planned_exchanges"))
            line = "Sources say this partnership runs ClusterXchange exchanges"
            line += refs.link("Runs exchanges", "yes", "exchange_partnerships", key, "acronym", ep)
            if planned:
                line += f"; it planned {planned}" + refs.link(
                    "Planned exchanges", planned, "exchange_partnerships", key, "planned_exchanges", ep
                )
            out.append(f"<p>{line}.</p>")
        count = self.l.exchange_counts.get(key, 0)
        if exchanges:
            shown = f"the first {len(exchanges)} of {count}" if count > len(exchanges) else f"{count}"
            out.append(f"<h3>Exchanges ({shown})</h3>")
            rows = []
            for e in exchanges:
                ek = e["exchange_id"]
                rows.append(
                    [
                        escape(e.get("visiting_organisation") or "")
                        + refs.link(
                            f"Exchange {ek}",
                            escape(e.get("visiting_organisation") or ek),
                            "exchanges",
                            ek,
                            "visiting_organisation",
                            e,
                        ),  # fmt: skip
                        escape(e.get("host_organisation") or ""),
                        fmt(e.get("start_date"), "start_date", e),
                        escape(text(e.get("working_days"))),
                        escape(e.get("mode") or ""),
                    ]
                )
            out.append(
                table(["Visiting organisation", "Host", "Start", "Working days", "Mode"], rows, label="Exchanges")
            )
        if events:
            out.append(f"<h3>Exchange events ({len(events)})</h3>")
            rows = []
            for e in events:
                rows.append(
                    [
                        escape(e.get("event") or e["event_id"])
                        + refs.link(
                            f"Event {e['event_id']}",
                            escape(e.get("event") or ""),
                            "exchange_events",
                            e["event_id"],
                            "event",
                            e,
                        ),  # fmt: skip
                        fmt(e.get("start_date"), "start_date", e),
                        country(e.get("host_country")),
                        escape(text(e.get("visitors"))),
                        escape(e.get("status") or ""),
                    ]
                )
            out.append(table(["Event", "Start", "Host country", "Visitors", "Status"], rows, label="Exchange events"))
        return out

    def _sources_used(self, refs: Refs, row: dict, to_site: str) -> list[str]:
        """The sources behind the page's values, then the row's further sources (by address)."""
        ids = sorted({s["source_id"] for s, _ in refs.items} | ({row["source_id"]} if row.get("source_id") else set()))
        by_url = {r.get("url"): k for k, r in self.l.sources.items() if r.get("url")}
        further = [u for u in sorted(set(row.get("further_source_urls") or [])) if by_url.get(u) not in ids]
        if not ids and not further:
            return []
        items = [
            f"<li>{self.link('sources', i, to_site, _title(self.l.sources.get(i, {'source_id': i})))}</li>" for i in ids
        ]
        for url in further:
            if url in by_url:
                items.append(f"<li>{self.link('sources', by_url[url], to_site, _title(self.l.sources[by_url[url]]))} "
                             "(a further source)</li>")  # fmt: skip
            else:
                items.append(f'<li><a href="{escape(url)}" rel="external">{escape(url)}</a> (a further source)</li>')
        return ["<h2>Sources</h2>", f"<ul>{''.join(items)}</ul>"]

    def organisation(self, o: dict, to_site: str, to_root: str) -> tuple[str, list[str]]:
        refs = Refs(self.l, to_site)
        key = o["organisation_id"]
        alt = o.get("alternative_names") or []
        body = self._head("organisations", escape(o["name"]), to_site)
        body.append(
            summary(
                [
                    ("Name", escape(o["name"]), refs.link("Name", escape(o["name"]), "organisations", key, "name", o)),
                    (
                        "Former and other names",
                        escape("; ".join(alt)),
                        refs.link(
                            "Former and other names",
                            escape("; ".join(alt)),
                            "organisations",
                            key,
                            "alternative_names",
                            o,
                        )
                        if alt
                        else "",  # fmt: skip
                    ),
                    (
                        "Country",
                        country(o.get("country")),
                        refs.link("Country", country(o.get("country")), "organisations", key, "country", o)
                        if o.get("country")
                        else "",
                    ),
                    ("Identifier", f"<code>{escape(key)}</code>", ""),
                ]
            )
        )
        if o.get("notes"):
            body.append(f"<p><strong>Curators' note:</strong> {escape(o['notes'])}</p>")
        member = sorted(self.partnerships_of.get(key, []), key=lambda m: m["partnership_id"])
        body.append(f"<h2>Partnerships ({len(member)})</h2>")
        rows = []
        for m in member:
            p = self.partnerships.get(m["partnership_id"], {})
            mkey = f"{m['partnership_id']}|{key}"
            rows.append(
                [
                    self.link("partnerships", m["partnership_id"], to_site, p.get("acronym"))
                    + refs.link(
                        f"Member of {p.get('acronym')}",
                        escape(m.get("name_in_source") or ""),
                        "partnership_members",
                        mkey,
                        "name_in_source",
                        m,
                    ),  # fmt: skip
                    self.link("programmes", p.get("programme_id"), to_site),
                    escape(p.get("generation") or ""),
                    escape(m.get("role") or "")
                    + (
                        refs.link(
                            f"Role in {p.get('acronym')}", escape(m["role"]), "partnership_members", mkey, "role", m
                        )
                        if m.get("role")
                        else ""
                    ),  # fmt: skip
                    escape(m.get("name_in_source") or ""),
                ]
            )
        body.append(
            table(["Partnership", "Programme", "Generation", "Role", "Name in the source"], rows, label="Partnerships")
            if rows
            else "<p>None named.</p>"
        )
        body += self._sources_used(refs, o, to_site)
        body += refs.section()
        return f"{o['name']}: organisation", body

    def call(self, c: dict, to_site: str, to_root: str) -> tuple[str, list[str]]:
        refs = Refs(self.l, to_site)
        key = c["call_id"]

        def v(label: str, name: str, shown: str | None = None) -> tuple[str, str, str]:
            value = shown if shown is not None else fmt(c.get(name), name, c)
            return (label, value, refs.link(label, value, "calls", key, name, c)) if value else (label, "", "")

        body = self._head("calls", f"Call <code>{escape(key)}</code>", to_site)
        body.append(
            summary(
                [
                    v("Title", "title"),
                    v("Programme", "programme_id", self.link("programmes", c.get("programme_id"), to_site)),
                    v(
                        "Official id",
                        "official_id",
                        "yes"
                        if c.get("official_id")
                        else "no (a label, not the id)"
                        if c.get("official_id") is not None
                        else "",
                    ),  # fmt: skip
                    v("Other ids", "alternative_ids"),
                    v("Opening", "opening_date"),
                    v("Deadline", "deadline_date"),
                    v("Second-stage deadline", "second_stage_deadline_date"),
                    v("Budget", "budget_eur"),
                    v("Smallest grant", "min_grant_eur"),
                    v("Largest grant", "max_grant_eur"),
                    v("Largest grant is", "max_grant_qualifier"),
                    v("Projects expected", "expected_funded"),
                    v("Projects expected is", "expected_funded_qualifier"),
                    v("Funding rate (%)", "funding_rate_pct"),
                ]
            )
        )
        if c.get("notes"):
            body.append(f"<p><strong>Curators' note:</strong> {escape(c['notes'])}</p>")
        gens = sorted(
            (g for g in self.l.tables["generations"] if g.get("call_id") == key), key=lambda g: g["generation_id"]
        )
        body.append(f"<h2>Generations ({len(gens)})</h2>")
        if gens:
            items = [
                f'<li><a href="{href("programmes", g["programme_id"], to_site)}#{anchor("gen", g["generation_id"])}">'
                f"{escape(g['programme_id'])}: {escape(g.get('name') or g['generation_id'])}</a>"
                + refs.link(
                    f"Generation {g.get('name')}: call", escape(key), "generations", g["generation_id"], "call_id", g
                )  # fmt: skip
                + "</li>"
                for g in gens
            ]
            body.append(f"<ul>{''.join(items)}</ul>")
        else:
            body.append("<p>No generation names this call.</p>")
        parts = sorted(
            (p for p in self.l.tables["partnerships"] if p.get("call_id") == key), key=lambda p: p["acronym"]
        )
        body.append(f"<h2>Partnerships ({len(parts)})</h2>")
        body.append(self._partnership_list(parts, refs, to_site, "call_id"))
        body += self._sources_used(refs, c, to_site)
        body += refs.section()
        return f"{key}: call", body

    def _partnership_list(self, parts: list[dict], refs: Refs, to_site: str, via: str) -> str:
        if not parts:
            return "<p>None named.</p>"
        rows = [
            [
                self.link("partnerships", p["partnership_id"], to_site, p["acronym"])
                + refs.link(
                    f"{p['acronym']}: {via}", escape(str(p.get(via))), "partnerships", p["partnership_id"], via, p
                ),
                escape(p.get("name") or ""),
                escape(p.get("generation") or ""),
                fmt(p.get("start_date"), "start_date", p),
                escape(str(len(self.members_of.get(p["partnership_id"], [])))),
            ]
            for p in parts
        ]
        return table(["Acronym", "Name", "Generation", "Start", "Members named"], rows, {4}, label="Partnerships")

    def programme(self, p: dict, to_site: str, to_root: str) -> tuple[str, list[str]]:
        refs = Refs(self.l, to_site)
        key = p["programme_id"]

        def v(label: str, name: str) -> tuple[str, str, str]:
            value = fmt(p.get(name), name, p)
            return (label, value, refs.link(label, value, "programmes", key, name, p)) if value else (label, "", "")

        body = self._head("programmes", escape(_label(key, p.get("name"))), to_site)
        body.append(
            summary(
                [
                    v("Name", "name"),
                    v("Framework", "framework"),
                    v("First year", "first_year"),
                    v("Last year", "last_year"),
                    v("Description", "description"),
                ]  # fmt: skip
            )
        )
        gens = sorted(
            (g for g in self.l.tables["generations"] if g["programme_id"] == key), key=lambda g: g["generation_id"]
        )
        body.append(f"<h2>Generations ({len(gens)})</h2>")
        for g in gens:
            gk = g["generation_id"]

            def gv(label: str, name: str, shown: str | None = None, g=g, gk=gk) -> tuple[str, str, str]:
                value = shown if shown is not None else fmt(g.get(name), name, g)
                if not value:
                    return label, "", ""
                return label, value, refs.link(f"{g.get('name')}: {label}", value, "generations", gk, name, g)

            body.append(f'<h3 id="{anchor("gen", gk)}">{escape(g.get("name") or gk)}</h3>')
            body.append(
                summary(
                    [
                        gv("Name", "name"),
                        gv("Call", "call_id", self.link("calls", g.get("call_id"), to_site)),
                        gv("First year", "first_year"),
                        gv("Last year", "last_year"),
                    ]  # fmt: skip
                )
            )
        parts = sorted(
            (x for x in self.l.tables["partnerships"] if x["programme_id"] == key), key=lambda x: x["acronym"]
        )
        body.append(f"<h2>Partnerships ({len(parts)})</h2>")
        body.append(self._partnership_list(parts, refs, to_site, "programme_id"))
        coverage = [
            r for r in self.l.tables["coverage"] if r["programme_id"] == key and r.get("stated_max") is not None
        ]
        body.append("<h2>Stated totals beside what is held</h2>")
        if coverage:
            rows = [
                [
                    escape(r.get("generation") or ""),
                    escape(r["metric"]),
                    escape(text(r.get("stated_min"))),
                    escape(text(r.get("stated_max"))),
                    escape(text(r.get("registered"))),
                    "" if r.get("ratio") is None else f"{r['ratio']:.2f}",
                ]  # fmt: skip
                for r in coverage
            ]
            body.append(
                table(
                    ["Generation", "Metric", "Stated (least)", "Stated (most)", "Held here", "Ratio"],
                    rows,
                    {2, 3, 4, 5},
                    label="Stated totals beside what is held",
                )  # fmt: skip
            )
        else:
            body.append("<p>No source states a total for this programme.</p>")
        conflicts = [r for r in self.l.tables["claim_conflicts"] if r["programme_id"] == key]
        body.append(f"<h2>Conflicts between sources ({len(conflicts)})</h2>")
        if conflicts:
            rows = []
            for r in conflicts:
                sides = []
                for side in ("a", "b"):
                    value = escape(r.get(f"value_text_{side}") or "") or fmt(r.get(f"value_{side}"))
                    quote = f"<blockquote>{escape(r[f'quote_{side}'])}</blockquote>" if r.get(f"quote_{side}") else ""
                    sid = r[f"source_id_{side}"]
                    src = self.link("sources", sid, to_site, _title(self.l.sources.get(sid, {"source_id": sid})))
                    sides.append(f"{value} ({escape(r.get(f'qualifier_{side}') or '')}) {quote}{src}")
                rows.append(
                    [escape(r.get("generation") or ""), escape(r["metric"]), *sides, escape(r.get("kind") or "")]
                )
            body.append(table(["Generation", "Metric", "One source", "Another", "Kind"], rows, label="Conflicts"))
        body += self._sources_used(refs, p, to_site)
        body += refs.section()
        return f"{key}: programme", body

    def source(self, s: dict, to_site: str, to_root: str) -> tuple[str, list[str]]:
        key = s["source_id"]
        body = self._head("sources", escape(_title(s)), to_site)
        url = s.get("url")
        items = [
            ("Address", f'<a href="{escape(url)}" rel="external">{escape(url)}</a>' if url else "", ""),
            ("Title", escape(s.get("title") or ""), ""),
            ("Publisher", escape(s.get("publisher") or ""), ""),
            ("Language", escape(s.get("language") or ""), ""),
            ("Accessed", escape(text(s.get("accessed"))), ""),
            ("Licence", escape(s.get("licence") or ""), ""),
            ("Identifier", f"<code>{escape(key)}</code>", ""),
        ]
        body.append(summary(items))
        if s.get("notes"):
            body.append(f"<p><strong>Curators' note:</strong> {escape(s['notes'])}</p>")
        stated = sorted(self.l.by_source.get(key, []), key=lambda r: (r["table_name"], r["row_key"], r["field_name"]))
        body.append(f"<h2>Values it states ({len(stated)})</h2>")
        if stated:
            rows = []
            for r in stated:
                where = self.row_page(r["table_name"], r["row_key"])
                row = escape(r["row_key"])
                if where:
                    row = f'<a href="{href(*where, to_site)}">{row}</a>'
                words = f"<blockquote>{escape(r['quote'])}</blockquote>" if r.get("quote") else ""
                rows.append(
                    [
                        escape(r["table_name"]),
                        row,
                        f"<code>{escape(r['field_name'])}</code>",
                        escape(r["value"] if len(r["value"]) < 300 else r["value"][:297] + "…") + words,
                        _basis(r),
                    ]  # fmt: skip
                )
            body.append(table(["Table", "Row", "Field", "Value and words", "Basis"], rows, label="Values it states"))
        else:
            body.append("<p>No value of the curated tables is credited to this source.</p>")
        claims = sorted((c for c in self.l.tables["claims"] if c["source_id"] == key), key=lambda c: c["claim_id"])
        if claims:
            body.append(f"<h2>Figures it states ({len(claims)})</h2>")
            rows = [
                [
                    self.link("programmes", c.get("programme_id"), to_site),
                    escape(c.get("generation") or ""),
                    escape(c["metric"]),
                    escape(c.get("value_text") or "") or fmt(c.get("value")),
                    escape(c.get("qualifier") or ""),
                    escape(c.get("quote") or ""),
                    "yes" if c.get("verified") else "no",
                ]  # fmt: skip
                for c in claims
            ]
            body.append(
                table(
                    ["Programme", "Generation", "Metric", "Value", "Qualifier", "Words", "Verified in the document"],
                    rows,
                    label="Figures it states",
                )  # fmt: skip
            )
        events = sorted(
            (e for e in self.l.tables["exchange_events"] if e["source_id"] == key), key=lambda e: e["event_id"]
        )
        if events:
            body.append(f"<h2>Exchange events it reports ({len(events)})</h2>")
            items = [
                f"<li>{self.link('partnerships', e.get('partnership_id'), to_site)} {escape(e.get('event') or '')}"
                + (f"<blockquote>{escape(e['quote'])}</blockquote>" if e.get("quote") else "")
                + "</li>"
                for e in events
            ]
            body.append(f"<ul>{''.join(items)}</ul>")
        further = self.further.get(s.get("url") or "", [])
        if further:
            body.append(f"<h2>Rows that cite it as a further source ({len(further)})</h2>")
            items = [f"<li>{escape(t)}: {self.link(kind, k, to_site)}</li>" for t, kind, k in further]
            body.append(f"<ul>{''.join(items)}</ul>")
        return f"{_title(s)}: source", body

    def kind_index(self, kind: str, to_site: str, to_root: str) -> str:
        rows: list[list[str]] = []
        if kind == "partnerships":
            headers = ["Acronym", "Name", "Programme", "Generation", "Members"]
            for p in sorted(self.l.tables["partnerships"], key=lambda p: p["acronym"].casefold()):
                rows.append([self.link(kind, p["partnership_id"], to_site, p["acronym"]), escape(p.get("name") or ""),
                             escape(p["programme_id"]), escape(p.get("generation") or ""),
                             str(len(self.members_of.get(p["partnership_id"], [])))])  # fmt: skip
        elif kind == "organisations":
            headers = ["Name", "Former and other names", "Country", "Partnerships"]
            for o in sorted(self.l.tables["organisations"], key=lambda o: o["name"].casefold()):
                rows.append([self.link(kind, o["organisation_id"], to_site, o["name"]),
                             escape("; ".join(o.get("alternative_names") or [])), country(o.get("country")),
                             str(len(self.partnerships_of.get(o["organisation_id"], [])))])  # fmt: skip
        elif kind == "calls":
            headers = ["Call", "Title", "Programme", "Deadline"]
            for c in sorted(self.l.tables["calls"], key=lambda c: c["call_id"]):
                rows.append([self.link(kind, c["call_id"], to_site), escape(c.get("title") or ""),
                             escape(c.get("programme_id") or ""), escape(text(c.get("deadline_date")))])  # fmt: skip
        elif kind == "programmes":
            headers = ["Programme", "Name", "Framework", "Partnerships"]
            for p in sorted(self.l.tables["programmes"], key=lambda p: p["programme_id"]):
                n = sum(1 for x in self.l.tables["partnerships"] if x["programme_id"] == p["programme_id"])
                rows.append([self.link(kind, p["programme_id"], to_site), escape(p.get("name") or ""),
                             escape(p.get("framework") or ""), str(n)])  # fmt: skip
        else:
            headers = ["Source", "Publisher", "Values it states"]
            for s in self.l.tables["sources"]:
                rows.append([self.link(kind, s["source_id"], to_site, _title(s)), escape(s.get("publisher") or ""),
                             str(len(self.l.by_source.get(s["source_id"], [])))])  # fmt: skip
        numeric = {len(headers) - 1}
        body = [
            f"<h1>{KINDS[kind]} <small>({len(rows)})</small></h1>",
            f"<p>Every {kind[:-1]} of the latest release, one page each. Filter or sort the table when script runs; "
            "the search box above finds any of them by name.</p>",
            table(headers, rows, numeric, label=KINDS[kind], sortable=True),
        ]
        return page(f"{KINDS[kind]}: EU cluster partnerships open data", to_root, body, sortable=True)


def _label(short: str, long: str | None) -> str:
    return f"{short}: {long}" if long and long != short else short


def _norm(term: str) -> str:
    decomposed = unicodedata.normalize("NFD", str(term))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def search_index(entries: list[list]) -> str:
    entries = sorted(entries, key=lambda e: e[3])
    body = ",\n".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries)
    return f"window.EUCP_SEARCH=[\n{body}\n];\n"
