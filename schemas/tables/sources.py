"""Every source once, as raw/sources.yaml lists it."""

from schemas.fields import LANGUAGE_PATTERN, notes, source_id
from schemas.kinds import DATE, STRING, URL
from schemas.model import Field, Register, Table

TABLE = Table(
    name="sources",
    title="Sources",
    description="Every page and document the data was taken from, once, as listed in raw/sources.yaml.",
    fields=(
        source_id.but(
            unique=True, description="Identifier of the source, chosen by the curators.", raw="id", parse="text"
        ),
        Field("url", URL, "Address", "Where the source was published; empty where it is not known.", unique=True),
        Field("title", STRING, "Title", "Title as the source gives it; empty where not recorded."),
        Field("publisher", STRING, "Publisher", "Who published the source; empty where not known."),
        Field(
            "language",
            STRING,
            "Language",
            "ISO 639-1 code of the source's language; empty where not recorded.",
            pattern=LANGUAGE_PATTERN,
        ),
        Field("accessed", DATE, "Accessed", "When the source was read; empty where the copy's date is not known."),
        Field(
            "licence", STRING, "Licence", "Licence of the source, where known (an SPDX identifier such as CC-BY-4.0)."
        ),
        Field(
            "copy_sha256",
            STRING,
            "Copy SHA-256",
            "SHA-256 of the copy of the page kept in raw/documents/ as it was read (see documents), where its "
            "licence allows a copy; every quote from the source is checked to be in it. Empty where only quotes "
            "are kept.",
            pattern=r"^[0-9a-f]{64}$",
            derived=True,
        ),
        Field(
            "archived_url",
            URL,
            "Archived copy",
            "The Internet Archive's copy of the address nearest to the day it was read "
            "(https://web.archive.org/web/<accessed as YYYYMMDD>/<url>), where both are known. The Wayback "
            "Machine answers with its nearest capture, or offers to save the page where it holds none.",
            derived=True,
        ),
        notes.but(description="How the source was obtained, and what is uncertain about it."),
    ),
    primary_key=("source_id",),
    register=Register("sources.yaml"),
)
