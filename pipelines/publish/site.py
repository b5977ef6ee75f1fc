"""The static data website in published/: index.html at the top, pages under published/site/.

Where pages live: outside the version folders. A version folder is immutable and its files are hashed
in index.json; the site around it (links to newer versions, the home page) changes with every release.
So every page is rebuilt at each publish from what is published (index.json, each version's
datapackage.json, CHANGELOG.md and Parquet files), never from the pipeline's frames: an old version's
page shows that version's own data dictionary, rows and files. Links are relative, so the folder works
from any host, any base path and from file://. Charts are static SVG (`charts`), the map of members per
country too (`worldmap`). Script only enhances: search suggestions (search.js over a static index) and sorting
and filtering a table (tables.js); without it every page and link works. The latest release also has a page
per partnership, organisation, call, programme and source (`entities`), and its table pages list every row.
The same published/ gives the same bytes.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from markdown_it import MarkdownIt

from pipelines.publish import charts, citation, entities, html, watch_page, worldmap
from pipelines.publish.html import SITE
from schemas.packages import PACKAGES

PREVIEW_ROWS = 10  # rows an older version's table page shows (the latest shows every row)
ROWS_PER_PAGE = 500  # rows per page of a latest table; a table is split into pages of this many
MAX_BROWSED_ROWS = 5_000  # rows of one table the pages hold; a larger table (exchanges) shows its first ones


def _page(title: str, to_root: str, body: list[str], sortable: bool = False) -> str:
    return html.page(title, to_root, body, sortable=sortable)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset(), label: str = "Table") -> str:
    return html.table(headers, rows, numeric, label=label)


_size = html.size
_cell = html.cell


def _version_key(v: str) -> list[int]:
    return [int(x) for x in v.split(".")]


# ---------------------------------------------------------------- charts


def _frame(folder: Path, table: str) -> pl.DataFrame | None:
    path = folder / "data" / f"{table}.parquet"
    return pl.read_parquet(path) if path.exists() else None


def _preview(folder: Path, table: str) -> tuple[int, pl.DataFrame | None]:
    """The table's row count (from the Parquet footer) and its first rows, never the whole table: the
    exchanges may have millions of rows."""
    path = folder / "data" / f"{table}.parquet"
    if not path.exists():
        return 0, None
    return pq.ParquetFile(path).metadata.num_rows, pl.scan_parquet(path).head(PREVIEW_ROWS).collect()


def _col(frame: pl.DataFrame, *names: str) -> str | None:
    return next((n for n in names if n in frame.columns), None)


def _label(row: dict, *names: str) -> str:
    return " · ".join(str(row[n]) for n in names if n and row.get(n) is not None)


def _chart_specs(folder: Path) -> list[tuple[str, str, str]]:
    """(file name, caption, SVG) for every chart whose table this version holds."""
    out = []
    f = _frame(folder, "partnerships_by_programme")
    if f is not None:
        gen = _col(f, "generation", "generation_id")
        rows = [(_label(r, "programme_id", gen), [float(r["partnerships"] or 0)]) for r in f.iter_rows(named=True)]
        title = "Named partnerships per programme and generation"
        out.append(("partnerships.svg", title, charts.bars(title, rows, ["partnerships"], "no partnership named")))
    f = _frame(folder, "country_pairs")
    if f is not None:
        cells = {(r["country_a"], r["country_b"]): float(r["partnerships"]) for r in f.iter_rows(named=True)}
        title = "Countries in the same partnership (number of partnerships)"
        out.append(("country-pairs.svg", title, charts.matrix(title, cells, "no pair of countries", symmetric=True)))
    f = _frame(folder, "coverage")
    if f is not None:
        gen = _col(f, "generation", "generation_id")
        stated = f.filter(pl.col("stated_max").is_not_null())
        rows = [
            (_label(r, "programme_id", gen, "metric"), [float(r["registered"] or 0), float(r["stated_max"])])
            for r in stated.iter_rows(named=True)
        ]
        title = "Coverage: registered here vs stated by sources"
        out.append(("coverage.svg", title, charts.bars(title, rows, ["registered", "stated (max)"], "no stated total")))
    f = _frame(folder, "exchanges_by_year_mode")
    if f is not None:
        rows = [
            (_label(r, "year", "mode"), [float(r["exchanges"] or 0)])
            for r in f.sort(["year", "mode"]).iter_rows(named=True)
        ]
        title = "Exchanges per year and mode"
        out.append(("exchanges-by-year.svg", title, charts.bars(title, rows, ["exchanges"], "no public register yet")))
    f = _frame(folder, "exchange_flows")
    if f is not None:
        cells = {(r["visiting_country"], r["host_country"]): float(r["exchanges"]) for r in f.iter_rows(named=True)}
        title = "Exchange flows: visiting country (rows) to host country (columns)"
        out.append(("exchange-flows.svg", title, charts.matrix(title, cells, "no public register yet")))
    return out


# ---------------------------------------------------------------- pages


def _downloads(pkg: str, version: str, files: list[dict], to_root: str, names: set[str] | None = None) -> str:
    rows = []
    for f in files:
        table = f["name"].removesuffix("-parquet")
        if names is not None and table not in names:
            continue
        href = f"{to_root}{pkg}/{version}/{f['path']}"
        rows.append(
            [
                f'<a href="{escape(href)}">{escape(f["path"])}</a>',
                escape(f.get("format", f["path"].rsplit(".", 1)[-1])),
                str(f["rows"]) if "rows" in f else "",
                _size(f["bytes"]),
                f'<span class="hash">{f["sha256"]}</span>',
            ]
        )
    return _table(["File", "Format", "Rows", "Size", "SHA-256"], rows, {2, 3}, label="Downloads")


def _licence(pkg: str, version: str, release: dict, to_root: str) -> str:
    """A link to the licence text where the version holds one (from 1.1.0 on)."""
    if any(f["path"] == "LICENSE.md" for f in release["files"]):
        return f'<a href="{to_root}{pkg}/{version}/LICENSE.md">CC-BY-4.0</a>'
    return "CC-BY-4.0 (Creative Commons Attribution 4.0 International)"


def _cite(spec, version: str, created: str | None, url: str) -> list[str]:
    return [
        "<h2>How to cite</h2>",
        f"<p>{escape(citation.line(spec.title, spec.name, version, created, url))}</p>",
        f"<pre>{escape(citation.bibtex(spec.title, spec.name, version, created, url))}</pre>",
    ]


def _version_page(spec, version: str, entry: dict, folder: Path, specs: list, base: str) -> str:
    to_root = "../../../"
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    release = entry["versions"][version]
    rows = {f["name"]: f.get("rows") for f in release["files"]}
    tables = [r for r in described["resources"] if r.get("format") == "csv"]
    body = [
        f"<h1>{escape(spec.title)} <small>version {escape(version)}</small></h1>",
        f"<p>{escape(described.get('description', ''))}</p>",
        f"<p>Licence: {_licence(spec.name, version, release, to_root)}. "
        f"Data as of {escape((release.get('created') or 'n.d.')[:10])}. "
        f'<a href="{to_root}{spec.name}/{version}/README.md">README</a> (data dictionary and guide).</p>',
    ]
    if version != entry["latest"]:
        body.append(
            f'<p><strong>An older version.</strong> The latest is <a href="../{entry["latest"]}/index.html">'
            f"{escape(entry['latest'])}</a>.</p>"
        )
    body += ["<h2>Tables</h2>"]
    body.append(
        _table(
            ["Table", "Title", "Rows"],
            [
                [
                    f'<a href="{escape(t["name"])}.html">{escape(t["name"])}</a>',
                    escape(t.get("title", "")),
                    str(rows.get(t["name"], "")),
                ]
                for t in tables
            ],
            {2},
            label="Tables",
        )
    )
    body += _map(folder)
    body += ["<h2>Charts</h2>"]
    for name, caption, _ in specs:
        body.append(
            f'<figure><img src="charts/{name}" alt="{escape(caption)} (chart; the rows are in the tables above)">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    body += ["<h2>Downloads</h2>", _downloads(spec.name, version, release["files"], to_root)]
    body += _cite(spec, version, release.get("created"), f"{base}/{SITE}/{spec.name}/{version}/index.html")
    changelog = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    rendered = (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .render(changelog)
        .replace("<h1>", "<h3>")
        .replace("</h1>", "</h3>")
        .replace("</table>", "</table></div>")
    )
    # each changelog table in a keyboard-reachable scrolling region with a name of its own
    parts = rendered.split("<table>")
    rendered = parts[0] + "".join(
        f'<div class="scroll" role="region" aria-label="Changes, table {n}" tabindex="0"><table>{part}'
        for n, part in enumerate(parts[1:], 1)
    )
    body += ["<h2>Changelog</h2>", rendered]
    body += ["<h2>All versions</h2>", "<ul>"]
    for v in sorted(entry["versions"], key=_version_key, reverse=True):
        e = entry["versions"][v]
        label = f"{v} ({e['bump']}, data as of {(e.get('created') or 'n.d.')[:10]})"
        body.append(f'<li><a href="../{v}/index.html">{escape(label)}</a></li>')
    body.append("</ul>")
    return _page(f"{spec.title} {version}", to_root, body)


def _map(folder: Path) -> list[str]:
    """The map of member organisations per country, drawn inline, with its numbers in a table beside it."""
    f = _frame(folder, "members_by_country")
    if f is None:
        return []
    by = (
        f.group_by("country")
        .agg(pl.col("organisations").sum())
        .sort(["organisations", "country"], descending=[True, False])
    )
    counts = {r["country"]: int(r["organisations"]) for r in by.iter_rows(named=True)}
    title = "Member organisations by country"
    rows = [[entities.country(c), str(n)] for c, n in counts.items()]
    return [
        '<h2 id="map">Members per country</h2>',
        "<p>Member organisations named per country, summed over programmes (an organisation in two programmes "
        "counts in each). Hover over a country for its count; the numbers are in the table.</p>",
        '<div class="columns">',
        f"<figure>{worldmap.members_map(title, counts)}<figcaption>{escape(title)} (Natural Earth boundaries)"
        "</figcaption></figure>",
        html.table(["Country", "Organisations"], rows, {1}, label="Member organisations by country")
        if rows
        else "<p>No member named yet.</p>",
        "</div>",
    ]


def _queries(spec, version: str, name: str, base: str) -> list[str]:
    """How to read the table in place: DuckDB by full address and by relative path, pandas and Polars."""
    relative = f"data/{name}.parquet"
    remote = f"{base}/{spec.name}/{version}/{relative}"
    duck = f"select * from '{relative}' limit 10;"
    pandas = (
        f'import pandas as pd\n\nframe = pd.read_parquet("{relative}", dtype_backend="pyarrow")\nprint(frame.head())'
    )
    polars = f'import polars as pl\n\nframe = pl.read_parquet("{relative}")\nprint(frame.head())'
    return [
        '<h2 id="query">Query it in place</h2>',
        f"<p>From the version folder (<code>{escape(spec.name)}/{escape(version)}/</code>, after downloading it), "
        "with the <code>duckdb</code> command or library:</p>",
        f'<pre><code data-run="duckdb">{escape(duck)}</code></pre>',
        "<p>Over the web, by its full address (DuckDB's <code>httpfs</code> extension):</p>",
        f"<pre><code>install httpfs; load httpfs;\nselect * from '{escape(remote)}' limit 10;</code></pre>",
        "<p>In Python, from the same folder (pandas keeps nullable integers and lists with the pyarrow backend):</p>",
        f'<pre><code data-run="python">{escape(pandas)}</code></pre>',
        f'<pre><code data-run="python">{escape(polars)}</code></pre>',
    ]


def _dictionary(resource: dict) -> list[str]:
    schema = resource["schema"]
    out = [f"<p>Primary key: {', '.join(f'<code>{escape(k)}</code>' for k in schema.get('primaryKey', []))}.</p>"]
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        out.append(
            f"<p>Foreign key: {', '.join(fk['fields'])} → "
            f'<a href="{escape(ref["resource"])}.html">{escape(ref["resource"])}</a> ({", ".join(ref["fields"])}).</p>'
        )
    out.append('<h2 id="dictionary">Data dictionary</h2>')
    fields = []
    for f in schema["fields"]:
        kind = f["type"] + (f" of {f['itemType']}" if "itemType" in f else "")
        cons = "; ".join(
            f"{k}: {escape(json.dumps(v, ensure_ascii=False))}" for k, v in f.get("constraints", {}).items()
        )
        fields.append([f"<code>{escape(f['name'])}</code>", escape(kind), cons, escape(f.get("description", ""))])
    out.append(html.table(["Field", "Type", "Constraints", "Description"], fields, label="Data dictionary"))
    return out


def _page_name(name: str, n: int) -> str:
    return f"{name}.html" if n == 0 else f"{name}-{n + 1}.html"


def _table_pages(
    spec, version: str, entry: dict, folder: Path, resource: dict, base: str, pages
) -> list[tuple[str, str]]:
    """A table's pages: the first with its data dictionary, queries and downloads, and every row of the latest
    version (ROWS_PER_PAGE a page, with a link to each row's entity page); an older version shows its first rows."""
    to_root = "../../../"
    name = resource["name"]
    latest = pages is not None
    path = folder / "data" / f"{name}.parquet"
    total = pq.ParquetFile(path).metadata.num_rows if path.exists() else 0
    shown = min(total, MAX_BROWSED_ROWS) if latest else min(total, PREVIEW_ROWS)
    frame = pl.scan_parquet(path).head(shown).collect() if path.exists() and shown else None
    chunks = max(1, -(-shown // ROWS_PER_PAGE)) if latest else 1
    head = [
        f"<h1>Table <code>{escape(name)}</code>: {escape(resource.get('title', ''))}</h1>",
        f'<p><a href="index.html">{escape(spec.title)} {escape(version)}</a></p>',
        f"<p>{escape(resource.get('description', ''))}</p>",
    ]
    key = resource["schema"].get("primaryKey", [])
    out = []
    for n in range(chunks):
        body = list(head)
        if n == 0:
            body.append(
                '<p>On this page: <a href="#dictionary">data dictionary</a> · <a href="#query">query it in place</a>'
                ' · <a href="#rows">rows</a> · <a href="#downloads">downloads</a></p>'
            )
            body += _dictionary(resource)
            body += _queries(spec, version, name, base)
        rows_title = "Rows" if latest else "First rows"
        body.append(f'<h2 id="rows">{rows_title}</h2>')
        lo, hi = n * ROWS_PER_PAGE, min(shown, (n + 1) * ROWS_PER_PAGE)
        if not latest:
            body.append(
                f"<p>{total} rows in all; the first {shown}. The latest version's table page lists every row "
                f'(<a href="../{entry["latest"]}/{escape(name)}.html">{escape(entry["latest"])}</a>).</p>'
            )
        elif total > shown:
            body.append(
                f"<p>{total} rows in all; these pages list the first {shown} (download the file for the rest).</p>"
            )
        else:
            body.append(f"<p>{total} rows in all.</p>")
        if chunks > 1:
            links = []
            for i in range(chunks):
                label = f"rows {i * ROWS_PER_PAGE + 1}–{min(shown, (i + 1) * ROWS_PER_PAGE)}"
                current = ' aria-current="page"' if i == n else ""
                links.append(f'<li><a href="{_page_name(name, i)}#rows"{current}>{label}</a></li>')
            body.append(f'<nav aria-label="Pages of rows"><ul class="pages">{"".join(links)}</ul></nav>')
        if frame is not None and frame.height:
            part = frame.slice(lo, hi - lo)
            headers = [f"<code>{escape(c)}</code>" for c in part.columns]
            cells = [[_cell(v) for v in r] for r in part.iter_rows()]
            ids = None
            if latest:
                headers = ["Page", *headers]
                ids = []
                for r, row in zip(part.iter_rows(named=True), cells):
                    where = pages.entity_of(name, r)
                    link = f'<a href="{entities.href(*where, "../../")}">{escape(where[0][:-1])}</a>' if where else ""
                    row.insert(0, link)
                    ids.append(html.anchor("row", *(html.text(r.get(k)) for k in key)) if key else f"row-{lo}")
            body.append(html.table(headers, cells, label=f"Rows of {name}", sortable=latest, row_ids=ids))
        else:
            body.append("<p>No rows in this version.</p>")
        if n == 0:
            body += [
                '<h2 id="downloads">Downloads</h2>',
                _downloads(spec.name, version, entry["versions"][version]["files"], to_root, {name}),
            ]
        out.append((_page_name(name, n), _page(f"{name}: {spec.title} {version}", to_root, body, sortable=latest)))
    return out


def _home(index: dict, root: Path, base: str, counts: dict[str, int]) -> str:
    body = [
        "<h1>EU cluster partnerships open data</h1>",
        "<p>The first machine-readable, sourced and versioned data on the European Commission's cluster partnership "
        "programmes (ESCP-4i, ESCP-4X, ESCP-S3, INNOSUP-01, Euroclusters) and ClusterXchange. Every row names the "
        "page that states it; what no source states is left empty rather than guessed.</p>",
        "<p>For researchers and analysts of EU cluster and SME policy, journalists, cluster organisations and the "
        "Commission's services: anyone who wants to download, cite or query the facts.</p>",
        "<h2>Packages</h2>",
    ]
    rows = []
    for spec in PACKAGES:
        entry = index["packages"].get(spec.name)
        if not entry or not entry.get("latest"):
            continue
        v = entry["latest"]
        rows.append(
            [
                f'<a href="{SITE}/{spec.name}/{v}/index.html">{escape(spec.title)}</a>',
                escape(v),
                escape((entry["versions"][v].get("created") or "n.d.")[:10]),
                str(len(entry["versions"])),
            ]
        )
    body.append(_table(["Package", "Latest version", "Data as of", "Versions"], rows, {3}, label="Packages"))
    if counts:
        body.append("<h2>Browse the latest release</h2>")
        items = "".join(
            f'<li><a href="{SITE}/{kind}/index.html">{label}</a> ({counts.get(kind, 0)})</li>'
            for kind, label in html.BROWSE
        )
        body.append(
            f"<ul>{items}</ul><p>A page for each, where every value links to the words of the page that states it. "
            "The search box at the top of every page finds a partnership by acronym, an organisation by any of its "
            "names and a call by its id.</p>"
        )
    body.append(
        '<p>Machine-readable: <a href="index.json">index.json</a> (every file with size and SHA-256), the DCAT-AP '
        'catalogue <a href="catalog.jsonld">catalog.jsonld</a> and <a href="catalog.ttl">catalog.ttl</a>.</p>'
    )
    body.append(
        f'<p>The sources are watched weekly: <a href="{SITE}/{watch_page.PAGE}">sources needing attention</a> '
        "(pages changed, moved or gone, and the values whose words are no longer found).</p>"
    )
    main = next((s for s in PACKAGES if index["packages"].get(s.name, {}).get("latest")), None)
    if main is not None:
        v = index["packages"][main.name]["latest"]
        body += _map(root / main.name / v)
        coverage = _frame(root / main.name / v, "coverage")
        if coverage is not None:
            gen = _col(coverage, "generation", "generation_id")
            stated = coverage.filter(pl.col("stated_max").is_not_null())
            body += [
                "<h2>Coverage overview</h2>",
                "<p>No source lists every partnership, so the registers are partial. Stated totals beside what the "
                "registers name (ratio = registered / largest stated figure):</p>",
                f'<figure><img src="{SITE}/{main.name}/{v}/charts/coverage.svg" alt="Coverage chart: registered versus '
                'stated totals (the same figures are in the table below)"><figcaption>Registered vs stated totals'
                "</figcaption></figure>",
                _table(
                    ["Programme", "Generation", "Metric", "Stated", "Registered", "Ratio"],
                    [
                        [
                            escape(r["programme_id"]),
                            _cell(r[gen]),
                            escape(r["metric"]),
                            _cell(r["stated_max"]),
                            _cell(r["registered"]),
                            "" if r["ratio"] is None else f"{r['ratio']:.2f}",
                        ]
                        for r in stated.iter_rows(named=True)
                    ],
                    {3, 4, 5},
                    label="Coverage",
                ),
            ]
    body.append("<h2>How to cite</h2>")
    for spec in PACKAGES:
        entry = index["packages"].get(spec.name)
        if entry and entry.get("latest"):
            v = entry["latest"]
            created = entry["versions"][v].get("created")
            url = f"{base}/{SITE}/{spec.name}/{v}/index.html"
            body.append(f"<p>{escape(citation.line(spec.title, spec.name, v, created, url))}</p>")
            body.append(f"<pre>{escape(citation.bibtex(spec.title, spec.name, v, created, url))}</pre>")
    body.append("<p>Code: MIT licence. Data: CC-BY-4.0; cite the version you used.</p>")
    return _page("EU cluster partnerships open data", "", body)


def _watch_page(index: dict, root: Path) -> str:
    """The sources needing attention, from the latest version of the package that holds source_checks."""
    spec = next((s for s in PACKAGES if "source_checks" in s.table_names), None)
    latest = index["packages"].get(spec.name, {}).get("latest") if spec else None
    folder = root / spec.name / latest if latest else None
    to_version = f"{spec.name}/{latest}/" if latest else ""
    return _page(watch_page.TITLE, "../", watch_page.body(folder, _table, to_version))


def _search_page() -> str:
    body = [
        "<h1>Search</h1>",
        "<p>Type into the search box above: matching partnerships, organisations, calls, programmes and sources "
        "appear as you type, and Enter opens the first.</p>",
        "<noscript><p>Search needs JavaScript. Without it, browse the lists:</p></noscript>",
        "<ul>",
        *(f'<li><a href="{kind}/index.html">{label}</a></li>' for kind, label in html.BROWSE),
        "</ul>",
    ]
    return _page("Search: EU cluster partnerships open data", "../", body).replace("<body>", "<body data-search-page>")


def write(index: dict, root: Path, base: str) -> list[Path]:
    """Rebuild published/index.html and published/site/ from what is published."""
    site = root / SITE
    staging = root / f".{SITE}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for asset in ("style.css", "search.js", "tables.js"):
        shutil.copyfile(html.WEB / asset, staging / asset)
    latest = entities.Latest.load(root, index, base)
    pages = entities.Pages(latest)
    entries = pages.write(staging) if latest.main is not None else []
    (staging / "search-index.js").write_text(entities.search_index(entries), encoding="utf-8")
    (staging / "search.html").write_text(_search_page(), encoding="utf-8")
    counts = {kind: len(latest.tables.get(kind, [])) for kind, _ in html.BROWSE} if latest.main else {}
    written = []
    for spec in PACKAGES:
        entry = index["packages"].get(spec.name)
        if not entry or not entry.get("latest"):
            continue
        for version in entry["versions"]:
            folder = root / spec.name / version
            out = staging / spec.name / version
            (out / "charts").mkdir(parents=True)
            specs = _chart_specs(folder)
            for name, _, svg in specs:
                (out / "charts" / name).write_text(svg, encoding="utf-8")
            (out / "index.html").write_text(_version_page(spec, version, entry, folder, specs, base), encoding="utf-8")
            described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
            linked = pages if version == entry["latest"] else None
            for resource in (r for r in described["resources"] if r.get("format") == "csv"):
                for file, text in _table_pages(spec, version, entry, folder, resource, base, linked):
                    (out / file).write_text(text, encoding="utf-8")
    (staging / watch_page.PAGE).write_text(_watch_page(index, root), encoding="utf-8")
    shutil.rmtree(site, ignore_errors=True)
    staging.rename(site)
    home = root / "index.html"
    home.write_text(_home(index, root, base, counts), encoding="utf-8")
    written += [home, site]
    return written
