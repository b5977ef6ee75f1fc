"""The latest source watch: for every source, what its address gave when last fetched (raw/watch/)."""

from schemas.fields import source_id
from schemas.kinds import INTEGER, STRING, STRING_LIST, URL
from schemas.model import Field, ForeignKey, Register, Table

# What a check finds, in order of how much a curator should worry (pipelines/watch/check.py says when each is).
STATUSES = (
    "quote missing",
    "gone",
    "moved",
    "unreachable",
    "not checked",
    "changed",
    "first check",
    "unchanged",
)
NEEDS_ATTENTION = ("quote missing", "gone", "moved", "unreachable", "not checked")

TABLE = Table(
    name="source_checks",
    title="Source checks",
    description="The latest watch of the sources (raw/watch/, the newest record): for every source, when its "
    "address was last fetched, what it answered, where its redirects ended, a hash of its text and how many of the "
    "quotes the evidence takes from it are still in that text. status: 'unchanged' (the text the previous watch "
    "read, or 304 Not Modified), 'changed' (another text, every quote still found), 'first check' (no earlier "
    "text, every quote found), 'quote missing' (a quote is no longer on the page: the values it backs cannot be "
    "checked there any more), 'moved' (a permanent redirect), 'gone' (404 or 410), 'unreachable' (no text to "
    "read; error says why), 'not checked' (no address, or robots.txt disallows the page). The data itself is not "
    "changed by a watch: curators decide. Empty before a first watch is recorded.",
    fields=(
        source_id.but(description="The source checked.", raw="source_id"),
        Field("url", URL, "Address", "The address fetched (the source's url when checked).", raw="url"),
        Field(
            "checked_at",
            STRING,
            "Checked at",
            "When the address was fetched, UTC, ISO 8601 to the second.",
            required=True,
            pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
        ),
        Field(
            "status",
            STRING,
            "Status",
            "What the check found (see the table's description).",
            required=True,
            enum=STATUSES,
        ),
        Field(
            "http_status",
            INTEGER,
            "HTTP status",
            "The status of the last response; empty where none came.",
            minimum=100,
            maximum=599,
        ),
        Field("final_url", URL, "Final address", "Where the redirects ended (the address itself when none)."),
        Field(
            "text_sha256",
            STRING,
            "Text SHA-256",
            "SHA-256 of the page's text as read (normalised: NFC, white space runs as one space); empty where no "
            "text was read.",
            pattern=r"^[0-9a-f]{64}$",
        ),
        Field(
            "quotes", INTEGER, "Quotes", "Distinct quotes the evidence takes from the source.", required=True, minimum=0
        ),
        Field(
            "quotes_found",
            INTEGER,
            "Quotes found",
            "Of those, how many are in the page's text (case, accents, "
            "quotes, dashes and spaces folded); empty where no text was read.",
            minimum=0,
        ),
        Field(
            "missing_quotes",
            STRING_LIST,
            "Missing quotes",
            "The quotes no longer found, exactly as in statements.quote (join on source_id and quote). A list in "
            "Parquet; in CSV joined by ';', which a quote may itself contain: use the Parquet file to split them.",
            parse="lines",
        ),
        Field("error", STRING, "Error", "Why the page could not be read or checked, in words."),
    ),
    primary_key=("source_id",),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    rules=(),
    register=Register("watch/*.csv"),
)

# The columns of a record in raw/watch/: the fields above and the validators the next watch sends back
# (ETag, Last-Modified) for a conditional request, which are not published.
COLUMNS = (*(f.raw_column for f in TABLE.fields), "etag", "last_modified")
