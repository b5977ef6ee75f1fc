"""Building Dagster definitions whose inputs come from table definitions.

Dagster wires inputs to a function by its parameter names. A check or publish step whose inputs
depend on the tables involved (a foreign key's targets, a package's resources) is written once with
`**inputs`; `with_parameters` gives it the explicit signature Dagster reads.
"""

import inspect
from collections.abc import Callable, Iterable


def with_parameters(fn: Callable, names: Iterable[str]) -> Callable:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    fn.__signature__ = inspect.Signature([inspect.Parameter(n, kind) for n in names])
    return fn


def asset_name(table_name: str) -> str:
    """The asset that produces a table: core tables are core_<name>, aggregates out_<name>."""
    from schemas import AGGREGATE_TABLES

    return ("out_" if table_name in {t.name for t in AGGREGATE_TABLES} else "core_") + table_name
