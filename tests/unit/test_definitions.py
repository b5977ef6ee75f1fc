"""A table definition checks itself when built: a wrong one fails at import, naming table and field.

And one definition is enough: a throwaway table gets all five exports without another line.
"""

import duckdb
import polars as pl
import pytest

from schemas import check_references
from schemas.export import to_arrow, to_duckdb_ddl, to_frictionless, to_markdown, to_pandera
from schemas.fields import sourced
from schemas.kinds import DATE, INTEGER, STRING
from schemas.model import DefinitionError, Field, ForeignKey, Register, Rule, Table

NAME = Field("name", STRING, "Name", "A name.", required=True, unique=True)
SIZE = Field("size", INTEGER, "Size", "A size.", minimum=0)


def _table(**changes) -> Table:
    definition = {"name": "things", "title": "Things", "description": "Test things.", "fields": (NAME, SIZE)}
    return Table(**(definition | {"primary_key": ("name",)} | changes))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"primary_key": ("id",)}, "table 'things': primary key names 'id', which is not a field"),
        ({"primary_key": ()}, "table 'things': has no primary key"),
        (
            {"fields": (NAME, Field("label", STRING, "Label", "A label.", minimum=1))},
            "table 'things': field 'label': a minimum needs a number or date field, not string",
        ),
        (
            {"fields": (NAME, Field("n", INTEGER, "N", "A count.", enum=("1", "2")))},
            "table 'things': field 'n': an enum needs a text field, not integer",
        ),
        (
            {"fields": (NAME, Field("n", INTEGER, "N", "A count.", pattern="^[0-9]+$"))},
            "table 'things': field 'n': a pattern needs a text field, not integer",
        ),
        (
            {"fields": (NAME, Field("n", INTEGER, "N", "A count.", minimum=5, maximum=1))},
            "table 'things': field 'n': minimum 5 is above maximum 1",
        ),
        (
            {"rules": (Rule("ordered", "stop >= size", "Stops after its size.", ("size", "stop")),)},
            "table 'things': rule 'ordered' names 'stop', which is not a field",
        ),
        (
            {"rules": (Rule("positive", "size > 0", "Positive.", ("name",)),)},
            "table 'things': rule 'positive' lists 'name', which its SQL does not use",
        ),
        (
            {"foreign_keys": (ForeignKey(("owner",), "owners", ("owner_id",)),)},
            "table 'things': foreign key to 'owners' names 'owner', which is not a field",
        ),
        ({"fields": (NAME, NAME)}, "table 'things': field 'name' is defined more than once"),
        (
            {"fields": (NAME, SIZE.but(parse="partial_date"))},
            "table 'things': field 'size': parse 'partial_date' makes date, not integer",
        ),
        (
            {"fields": (NAME, SIZE.but(parse="roman_numerals"))},
            "table 'things': field 'size': parse 'roman_numerals' is not one of",
        ),
        (
            {"fields": (NAME, SIZE.but(raw="size_in_raw", derived=True))},
            "table 'things': field 'size': a derived field is not read, so it takes no raw column or parser",
        ),
        (
            {
                "fields": (
                    NAME,
                    Field("mode", STRING, "Mode", "How.", enum=("a", "b"), value_aliases={"fr": {"x": "c"}}),
                )
            },
            "table 'things': field 'mode': value alias 'x' maps to 'c', which is not an allowed value",
        ),
        (
            {"register": Register("registers/things.csv", sheet="things")},
            "table 'things': register raw/registers/things.csv is not a workbook, so it has no sheet 'things'",
        ),
        (
            {"register": Register("spreadsheets/things.xlsx")},
            "table 'things': register raw/spreadsheets/things.xlsx is a workbook: name its sheet",
        ),
        (
            {
                "fields": (NAME.but(aliases={"en": ("thing",)}), SIZE.but(aliases={"en": ("Thing",)})),
                "register": Register("things", holders=True),
            },
            "table 'things': header 'Thing' would name both 'name' and 'size'",
        ),
    ],
)
def test_a_wrong_definition_fails_when_built_naming_table_and_field(changes, message):
    with pytest.raises(DefinitionError) as error:
        _table(**changes)
    assert str(error.value).startswith(message)


def test_a_foreign_key_to_a_missing_table_or_field_fails_when_the_tables_are_assembled():
    owner = Field("owner", STRING, "Owner", "Who owns it.")
    things = _table(fields=(NAME, owner), foreign_keys=(ForeignKey(("owner",), "owners", ("owner_id",)),))
    with pytest.raises(DefinitionError, match="table 'things': foreign key to 'owners', which is not a table"):
        check_references((things,))
    owners = Table("owners", "Owners", "Owners.", (Field("id", STRING, "Id", "Id.", required=True),), ("id",))
    with pytest.raises(DefinitionError, match="foreign key to 'owners' names 'owner_id', not a field there"):
        check_references((things, owners))


def test_a_throwaway_table_gets_all_five_exports_from_one_definition():
    """The guide's promise: a new sourced table is one definition; every export follows from it."""
    table = Table(
        name="visits",
        title="Visits",
        description="Visits made.",
        fields=(
            Field("visit_id", STRING, "Visit", "Its id.", required=True, unique=True, pattern=r"^v[0-9]+$"),
            Field("day", DATE, "Day", "When."),
            Field("people", INTEGER, "People", "How many.", minimum=1),
            *sourced(further=False),
        ),
        primary_key=("visit_id",),
        rules=(Rule("people_after_2020", "day >= DATE '2020-01-01'", "Visits since 2020.", ("day",)),),
        register=Register("registers/visits.csv"),
    )
    names = ["visit_id", "day", "people", "notes", "source_id", "source_url", "raw_file", "raw_sheet", "raw_row"]
    assert list(to_pandera(table).columns) == names
    assert [f["name"] for f in to_frictionless(table)["fields"]] == names
    assert to_frictionless(table)["fields"][2]["constraints"] == {"minimum": 1}
    assert to_arrow(table).names == names
    assert table.raw_columns == ("visit_id", "day", "people", "notes", "source")
    markdown = to_markdown(table)
    assert "### `visits`: Visits" in markdown and "Rule `people_after_2020`: Visits since 2020." in markdown
    con = duckdb.connect()
    con.execute(to_duckdb_ddl(table))
    con.execute("INSERT INTO visits VALUES ('v1', DATE '2021-05-01', 3, NULL, 'src', NULL, 'f.csv', NULL, 2)")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO visits VALUES ('v2', DATE '2021-05-01', 0, NULL, 'src', NULL, 'f.csv', NULL, 3)")
    values = {"visit_id": ["v1", "x"], "day": [None] * 2, "people": [2, 2], "notes": [None] * 2}
    values |= {"source_id": ["src"] * 2, "source_url": [None] * 2, "raw_file": ["f.csv"] * 2}
    values |= {"raw_sheet": [None] * 2, "raw_row": [2, 3]}
    frame = pl.DataFrame(values, schema={n: f.kind.polars for n, f in zip(names, table.all_fields)})
    with pytest.raises(Exception, match="str_matches"):
        to_pandera(table).validate(frame)
