"""Source documents the pipeline reads itself; built from the manifest and the files it points to."""

from schemas.fields import LANGUAGE_PATTERN, source_id
from schemas.kinds import INTEGER, STRING, URL
from schemas.model import Field, ForeignKey, Table

MEDIA_TYPES = (
    "text/plain",
    "text/markdown",
    "text/html",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)

TABLE = Table(
    name="documents",
    title="Source documents",
    description="Source documents the pipeline reads itself (articles, programme pages), so that the quotes of "
    "claims can be checked against their text. Offsets in claims count characters of the normalised text: "
    "Unicode NFC, every run of white space turned into one space, trimmed.",
    fields=(
        source_id.but(
            name="document_id", title="Document id", unique=True, description="The document's id in the sources table."
        ),
        Field("title", STRING, "Title", "Title of the document, where recorded."),
        Field("url", URL, "Address", "Where the document was published; empty where it is not known."),
        Field("file", STRING, "File", "Path of the copy in the repository's raw/ folder.", required=True),
        Field("media_type", STRING, "Media type", "Format of the copy.", required=True, enum=MEDIA_TYPES),
        Field(
            "language",
            STRING,
            "Language",
            "ISO 639-1 code of the language, as the manifest declares it or, where it does not, as identified.",
            required=True,
            pattern=LANGUAGE_PATTERN,
        ),
        Field(
            "identified_language",
            STRING,
            "Identified language",
            "The language py3langid identifies in the text.",
            required=True,
            pattern=LANGUAGE_PATTERN,
        ),
        Field("sha256", STRING, "SHA-256", "SHA-256 of the file's bytes.", required=True, pattern=r"^[0-9a-f]{64}$"),
        Field("characters", INTEGER, "Characters", "Length of the normalised text.", required=True, minimum=1),
        Field("licence", STRING, "Licence", "Licence of the document, where known."),
        Field(
            "text",
            STRING,
            "Text",
            "The normalised text, published only where the licence allows it (CC0, CC-BY, CC-BY-SA, public domain).",
        ),
    ),
    primary_key=("document_id",),
    foreign_keys=(ForeignKey(("document_id",), "sources", ("source_id",)),),
)
