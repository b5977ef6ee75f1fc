"""Claims, without a pipeline run: figures as each language writes them, quote location, periods, ids."""

import re
from decimal import Decimal

import polars as pl
import pytest

from pipelines.core.claims import build_claims, claim_id, figures, locate, period_bounds


@pytest.mark.parametrize(
    "quote, language, value",
    [
        ("käytiin joulukuussa 2020 (7,5 milj €).", "fi", "7500000"),
        ("Haussa oli 6 milj. euroa jaossa", "fi", "6000000"),
        ("mukana 78 klusteria 20 maasta.", "fi", "78"),
        ("mukana 78 klusteria 20 maasta.", "fi", "20"),
        ("vähintään 75% hankkeiden budjetista", "fi", "75"),
        ("lyhimmillään olla kolmen päivän pituinen", "fi", "3"),
        ("a budget of EUR 1,500,000 and 2.5 million", "en", "1500000"),
        ("a budget of EUR 1,500,000 and 2.5 million", "en", "2500000"),
        ("yhteensä 1 500 000 euroa", "fi", "1500000"),
    ],
)
def test_figures_are_read_as_the_language_writes_them(quote, language, value):
    assert Decimal(value) in figures(quote, language)


def test_a_finnish_decimal_comma_is_not_a_thousands_separator():
    assert Decimal("7500") not in figures("7,5 milj €", "fi")
    assert Decimal("75") not in figures("7,5 milj €", "fi")


def test_quotes_are_located_whatever_their_white_space():
    assert locate("on   muodostettu\n9", "ESCP-S3 on muodostettu 9 klusterikumppanuutta") == (8, 24)
    assert locate("on muodostettu 10", "ESCP-S3 on muodostettu 9") is None


def test_periods_are_intervals_of_whole_days():
    assert [str(d) for d in period_bounds("2016/2017")] == ["2016-01-01", "2017-12-31"]
    assert [str(d) for d in period_bounds("2020-02")] == ["2020-02-01", "2020-02-29"]
    assert [str(d) for d in period_bounds("2022-02/2024")] == ["2022-02-01", "2024-12-31"]


def test_claim_ids_do_not_depend_on_the_value_but_on_what_is_claimed():
    """A corrected value keeps its claim's id; any other identifying part gives a new one."""
    parts = ("src", "ESCP-4i", "2nd generation (2018-2019)", "partnerships", None, "2018-02")
    first = _built_ids([{"value": "23"}, {"value": "25", "period": "2018-03"}])
    corrected = _built_ids([{"value": "25"}, {"value": "25", "period": "2018-03"}])
    assert first == corrected and len(set(first)) == 2
    assert all(re.fullmatch(r"c-[0-9a-f]{12}", i) for i in first)
    base = claim_id(*parts)
    for i in range(len(parts)):
        changed = list(parts)
        changed[i] = "other"
        assert claim_id(*changed) != base, f"part {i} does not reach the id"


def _built_ids(rows: list[dict]) -> list[str]:
    """The claim ids build_claims gives rows of a claims register that differ as `rows` say."""
    row = {
        "source": "src",
        "quote": None,
        "programme_id": "ESCP-4i",
        "generation": "2nd generation (2018-2019)",
        "metric": "partnerships",
        "dimension": None,
        "value": None,
        "value_text": None,
        "qualifier": "exact",
        "period": "2018-02",
        "notes": None,
        "raw_file": "registers/claims.csv",
        "raw_sheet": None,
    }
    records = [row | r | {"raw_row": n} for n, r in enumerate(rows, start=2)]
    raw = pl.DataFrame(records, schema={c: pl.Int64 if c == "raw_row" else pl.String for c in records[0]})
    sources = pl.DataFrame(
        {"source_id": ["src"], "url": [None], "language": ["en"]}, schema_overrides={"url": pl.String}
    )
    documents = pl.DataFrame(
        schema={"document_id": pl.String, "text": pl.String, "file": pl.String, "identified_language": pl.String}
    )
    claims, problems = build_claims(raw, sources, documents)
    assert problems == []
    return claims.sort("raw_row")["claim_id"].to_list()
