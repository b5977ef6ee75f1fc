"""`.venv/bin/duckdb` (made by `make setup`): the project's DuckDB command line, on the duckdb library itself.

No `duckdb-cli` wheel matches the duckdb 2.0 library (the newest, 1.5.6, cannot open a 2.0 database), so this
small wrapper stands in for it: same storage version as the library, `-c` for a statement, `.read FILE` to
run a SQL file (a package's views.sql), an optional database file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb


def run(con: duckdb.DuckDBPyConnection, statement: str) -> None:
    statement = statement.strip()
    if statement.startswith(".read "):
        con.execute(Path(statement.removeprefix(".read ").strip()).read_text(encoding="utf-8"))
        return
    relation = con.sql(statement)
    if relation is not None:
        relation.show(max_rows=1000, max_width=200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="duckdb", description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=":memory:", help="a DuckDB file (default: in memory)")
    parser.add_argument("-c", dest="commands", action="append", default=[], help="a statement or `.read FILE`")
    args = parser.parse_args(argv)
    con = duckdb.connect(args.database)
    commands = args.commands or [line for line in sys.stdin.read().split(";\n") if line.strip()]
    for command in commands:
        run(con, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
