"""Which organisation is a member of which partnership, as sources name them."""

from schemas.fields import organisation_id, partnership_id, sourced
from schemas.kinds import STRING
from schemas.model import Field, ForeignKey, Register, Table

ROLES = ("coordinator", "partner")

TABLE = Table(
    name="partnership_members",
    title="Partnership members",
    description="Which organisation is a member of which partnership, as sources name them. Lists are "
    "partial: a partnership's other members may not be named by any source we have.",
    fields=(
        partnership_id.but(raw="partnership", parse="slug"),
        organisation_id.but(raw="organisation", parse="slug"),
        Field(
            "role",
            STRING,
            "Role",
            "'coordinator' (also where the source says lead or leader) or 'partner'; empty where not stated.",
            enum=ROLES,
            states="role",
        ),
        Field("role_detail", STRING, "Role detail", "Further tasks as the source states them, e.g. a work package."),
        Field("name_in_source", STRING, "Name in source", "How the source names the organisation.", required=True),
        *sourced(notes_field=None),
    ),
    primary_key=("partnership_id", "organisation_id"),
    register=Register("registers/partnership_members.csv"),
    foreign_keys=(
        ForeignKey(("partnership_id",), "partnerships", ("partnership_id",)),
        ForeignKey(("organisation_id",), "organisations", ("organisation_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
)
