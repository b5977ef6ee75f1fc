"""Countries that may take part in ClusterXchange, with their source."""

from schemas.fields import country, sourced
from schemas.kinds import STRING
from schemas.model import Field, ForeignKey, Register, Table

GROUPS = ("EU member state", "COSME associated country")
STATUSES = ("participating", "unsure")

TABLE = Table(
    name="cosme_countries",
    title="COSME participating countries",
    description="Countries whose organisations may take part in ClusterXchange (participants must come from "
    "COSME countries). Where a source leaves a country's status in doubt it is 'unsure': exchanges with it "
    "are published with a warning, not rejected.",
    fields=(
        country.but(required=True, unique=True, description="ISO 3166-1 alpha-2 code of the country."),
        Field("name", STRING, "Name", "English short name of the country.", required=True),
        Field(
            "country_group",
            STRING,
            "Group",
            "Why the country takes part.",
            required=True,
            enum=GROUPS,
            raw="group",
            states="choice",
        ),
        Field(
            "status",
            STRING,
            "Status",
            "'participating', or 'unsure' where sources leave it in doubt.",
            required=True,
            enum=STATUSES,
            states="choice",
        ),
        *sourced(),
    ),
    primary_key=("country",),
    register=Register("registers/cosme_countries.csv"),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
)
