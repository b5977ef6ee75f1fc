"""Command line: `python -m pipelines publish` runs the whole pipeline and publishes the packages.

It prints a line per finished step, then either a summary of what was published or every problem
found (file, sheet, row, column, rule), exiting non-zero and publishing nothing. When raw/, the code and
published/ are what the last publish saw, it says so without running anything (`pipelines.fingerprint`);
the heavy imports (Dagster, Polars, the schemas) are deferred so that answer takes well under a second.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from pipelines import fingerprint
from pipelines.fingerprint import REPO

LANGUAGES = ("en", "fr", "de", "es", "it", "fi")  # schemas.tables.exchanges.LANGUAGES; a test keeps them equal


def failures(result) -> list[str]:
    """What went wrong in a run, as the steps and checks reported it."""
    out = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            data = event.step_failure_data
            if data.error and data.error.cls_name == "DagsterAssetCheckFailedError":
                continue  # the failed check's own evaluation, below, says what failed
            user = data.user_failure_data
            error = data.error.cause or data.error  # an unexpected exception: say what it was
            out.append(f"step {event.step_key} failed: {user.description if user else error.to_string().strip()}")
        elif event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
            data = event.event_specific_data
            if getattr(data.severity, "value", None) == "WARN":  # dagster is imported lazily here
                continue  # a warning, printed as such while the run went on; it fails nothing
            out.append(f"check {data.asset_key.to_user_string()}:{data.check_name} failed: {data.description}")
    return out


def run(
    raw_dir: Path,
    published: Path,
    problems: Path = REPO / "build" / "problems",
    store: Path = fingerprint.STORE,
    force: bool = False,
    allow_shrink: bool = False,
) -> int:
    seen = fingerprint.inputs(raw_dir)
    if not force and fingerprint.unchanged(raw_dir, published, seen, store):
        print(f"Nothing changed: {raw_dir}, the code and {published} are as the last publish left them.")
        return 0
    fingerprint.forget(raw_dir, published, store)
    import dagster as dg

    from pipelines.definitions import ALL, build_definitions

    print(f"Running the pipeline on {raw_dir} …", file=sys.stderr)
    shutil.rmtree(problems, ignore_errors=True)  # reports describe this run only
    with tempfile.TemporaryDirectory(prefix="eucp-") as tmp:
        defs = build_definitions(raw_dir, published, Path(tmp) / "warehouse.duckdb", problems, allow_shrink)
        result = defs.resolve_job_def(ALL).execute_in_process(
            run_config={"loggers": {"progress": {}}},
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
        )
    if not result.success:
        print("\nNothing was published; the previous release is untouched.\n", file=sys.stderr)
        for text in failures(result) or ["the run failed without a step failure; see the log above"]:
            print(text, file=sys.stderr)
        reports = sorted(problems.glob("*.csv")) if problems.is_dir() else []
        if reports:
            print("\nEvery problem, one per row:", *(f"  {p}" for p in reports), sep="\n", file=sys.stderr)
        return 1
    print("\nPublished:")
    for event in result.get_asset_materialization_events():
        meta = {k: v.value for k, v in event.materialization.metadata.items()}
        if "version" not in meta:
            continue
        rows = {k.removeprefix("rows/"): v for k, v in meta.items() if k.startswith("rows/")}
        news = (
            f"new version {meta['version']} ({meta['bump']})"
            if meta["new_version"]
            else f"unchanged: {meta['version']} stays the latest"
        )
        print(f"  {meta['path']}  {news}; {len(rows)} tables, {sum(rows.values())} rows")
        for name, n in rows.items():
            print(f"    {name:<28} {n:>8} rows")
    try:
        fingerprint.remember(raw_dir, published, seen, store)
    except OSError as e:  # published whole; only the no-change shortcut of the next run is lost
        print(f"{store}: [write_failed] the no-change fingerprint could not be kept ({e.strerror})", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("publish", help="run the whole pipeline and publish the data packages")
    p.add_argument(
        "--raw", dest="raw_dir", type=Path, default=REPO / "raw", help="folder of curated inputs (default: raw/)"
    )
    p.add_argument("--out", type=Path, default=REPO / "published", help="where packages go (default: published/)")
    p.add_argument("--force", action="store_true", help="run the pipeline even if nothing changed since the last")
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="allow a release that empties a table or removes over half its rows (also EUCP_ALLOW_SHRINK=1)",
    )
    t = sub.add_parser("template", help="write the exchange register template from the schema")
    t.add_argument(
        "--raw", dest="raw_dir", type=Path, default=REPO / "raw", help="folder of curated inputs (default: raw/)"
    )
    s = sub.add_parser("synthetic", help="write a synthetic exchange register (tests, benchmarks; never raw/)")
    s.add_argument("path", type=Path, help="file to write: .csv, .xlsx or .ods")
    s.add_argument("--rows", type=int, default=1000)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--violations", type=float, default=0.0, help="share of rows breaking one rule each")
    s.add_argument("--language", default="en", choices=LANGUAGES, help="language of the headers and mode words")
    s.add_argument("--dates", default="mixed", choices=("iso", "dayfirst", "serial", "mixed"))
    e = sub.add_parser(
        "evidence", help="check raw/evidence/ against the registers without publishing: every value and its quotes"
    )
    e.add_argument(
        "--raw", dest="raw_dir", type=Path, default=REPO / "raw", help="folder of curated inputs (default: raw/)"
    )
    e.add_argument("--match", default="", help="show only problems whose place or message contains this text")
    w = sub.add_parser(
        "watch", help="fetch every source's address; record what changed, moved or disappeared in raw/watch/"
    )
    w.add_argument(
        "--raw", dest="raw_dir", type=Path, default=REPO / "raw", help="folder of curated inputs (default: raw/)"
    )
    w.add_argument("--only", nargs="+", metavar="SOURCE_ID", help="check only these sources (nothing is written)")
    w.add_argument("--dry-run", action="store_true", help="print the report without writing raw/watch/")
    args = parser.parse_args(argv)
    if args.command == "watch":
        return watch(args.raw_dir.resolve(), args.only, args.dry_run)
    if args.command == "evidence":
        return evidence(args.raw_dir.resolve(), args.match)
    if args.command == "template":
        from pipelines.tools.template import TEMPLATE, write_template

        print(write_template(args.raw_dir, args.raw_dir / TEMPLATE))
        return 0
    if args.command == "synthetic":
        return synthetic(args)
    return run(args.raw_dir.resolve(), args.out.resolve(), force=args.force, allow_shrink=args.allow_shrink)


def evidence(raw_dir: Path, match: str = "") -> int:
    """Run the pipeline into a scratch folder and say, for the evidence alone, what does not hold."""
    import contextlib
    import csv
    import io

    problems = REPO / "build" / "evidence"
    log = io.StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="eucp-evidence-") as out,
        contextlib.redirect_stderr(log),
        contextlib.redirect_stdout(log),
    ):
        code = run(raw_dir, Path(out) / "published", problems=problems, force=True)
    report = problems / "core_statements.csv"
    if not report.is_file():
        if code:
            print(log.getvalue()[-5000:], file=sys.stderr)
            print("The run failed before the evidence was checked (see above).", file=sys.stderr)
            return 1
        print("Every value has evidence that states it.")
        return 0
    with report.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if match in " ".join(r.values())]
    for r in rows:
        place = ", ".join(
            x
            for x in (
                r["file"],
                r["sheet"] and f"sheet {r['sheet']}",
                r["row"] and f"row {r['row']}",
                r["column"] and f"column {r['column']!r}",
            )
            if x
        )
        print(f"{place}: [{r['rule']}] {r['message']}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["rule"]] = counts.get(r["rule"], 0) + 1
    print(
        f"{len(rows)} problem(s)"
        + (f" matching {match!r}" if match else "")
        + ": "
        + ", ".join(f"{n} {rule}" for rule, n in sorted(counts.items())),
        file=sys.stderr,
    )
    return 1 if rows else 0


def watch(raw_dir: Path, only: list[str] | None = None, dry_run: bool = False) -> int:
    """The source watch from the command line: a line per source as it is checked, then the report."""
    from pipelines.watch import check, settings

    def progress(row: dict) -> None:
        print(f"  {row['status']:<13} {row['source_id']}  {row['error']}".rstrip(), file=sys.stderr, flush=True)

    wanted = set(only or ())
    result = check.run(
        raw_dir,
        settings(),
        write=not (dry_run or only),
        only=(lambda s: s.source_id in wanted) if only else None,
        progress=progress,
    )
    print(result.report)
    where = f"recorded in {result.record}" if result.record else "nothing written"
    print(f"{len(result.rows)} sources checked in {result.seconds:.1f} s; {where}.", file=sys.stderr)
    return 0


def synthetic(args: argparse.Namespace) -> int:
    if (REPO / "raw") in args.path.resolve().parents or (REPO / "published") in args.path.resolve().parents:
        print("synthetic registers never go into raw/ or published/", file=sys.stderr)
        return 2
    from pipelines.raw.curated import read_register
    from pipelines.tools.synthetic import generate, write
    from schemas import TABLES

    cosme = read_register(REPO / "raw", TABLES["cosme_countries"]).frame
    countries = cosme.filter(status="participating")["country"].to_list()
    partnerships = read_register(REPO / "raw", TABLES["exchange_partnerships"]).frame["partnership"].to_list()
    made = generate(
        args.rows,
        partnerships=partnerships,
        countries=countries,
        seed=args.seed,
        violation_share=args.violations,
        language=args.language,
        dates=args.dates,
    )
    print(write(made, args.path, args.language), f"({args.rows} rows, {len(made.violations)} breaking a rule)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
