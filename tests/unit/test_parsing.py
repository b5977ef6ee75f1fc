"""Raw text becomes typed values, and every cell that does not parse is reported where it is."""

import datetime as dt
from decimal import Decimal

import polars as pl

from pipelines.core.parsing import (
    Column,
    country,
    country_list,
    integer,
    money,
    parse,
    partial_date,
    precision_of,
    slug,
    text_list,
)


def _raw(**columns) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)).with_columns(
        raw_file=pl.lit("registers/x.csv"), raw_sheet=pl.lit(None, pl.String), raw_row=pl.int_range(2, n + 2)
    )


def test_partial_dates_keep_their_precision():
    typed, problems = parse(
        _raw(d=["2018", "2018-01", "2018-01-15", None]),
        {"date": Column("d", partial_date), "precision": Column("d", precision_of)},
    )
    assert problems == []
    assert typed["date"].to_list() == [dt.date(2018, 1, 1), dt.date(2018, 1, 1), dt.date(2018, 1, 15), None]
    assert typed["precision"].to_list() == ["year", "month", "day", None]


def test_eu_country_codes_become_iso():
    typed, _ = parse(
        _raw(c=["el", " UK", "FR"], l=["EL; uk", "de;;", None]),
        {"c": Column("c", country), "l": Column("l", country_list)},
    )
    assert typed["c"].to_list() == ["GR", "GB", "FR"]
    assert typed["l"].to_list() == [["GR", "GB"], ["DE"], None]


def test_money_is_exact_to_the_cent():
    typed, problems = parse(_raw(m=["4997882.50", "448815"]), {"m": Column("m", money)})
    assert problems == []
    assert typed["m"].to_list() == [Decimal("4997882.50"), Decimal("448815.00")]


def test_lists_drop_blank_items_and_empty_cells_are_null():
    typed, _ = parse(_raw(s=["packaging; materials", " ; ", ""]), {"s": Column("s", text_list)})
    assert typed["s"].to_list() == [["packaging", "materials"], None, None]


def test_every_unparseable_cell_is_reported_with_its_place():
    _, problems = parse(
        _raw(n=["17", "seventeen", "3"], d=["2020-13", "2020-02", "soon"]),
        {"n": Column("n", integer), "d": Column("d", partial_date)},
    )
    assert sorted((p.row, p.column, p.rule) for p in problems) == [(2, "d", "type"), (3, "n", "type"), (4, "d", "type")]
    assert (
        str(sorted(problems)[0])
        == "registers/x.csv, row 2, column 'd': [type] '2020-13' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
    )


def test_ids_are_stable_ascii_slugs_of_names():
    assert slug("AdPack²") == "adpack2"
    assert slug("Mov'eo / NextMove") == "moveo-nextmove"
    assert slug("EU KETs4DUAL-USE") == "eu-kets4dual-use"
    assert slug("Eurasanté") == "eurasante"


def test_every_parser_a_definition_may_name_is_implemented():
    from pipelines.core.parsing import PARSERS as IMPLEMENTED
    from schemas.kinds import PARSERS as NAMED

    assert set(NAMED) - {"choice"} == set(IMPLEMENTED)  # choice is made per field, from its enum
    for name, kinds in NAMED.items():
        assert kinds, name
