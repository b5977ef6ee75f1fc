"""Country codes: ISO 3166-1 alpha-2, checked against pycountry's list.

EU documents write Greece as "EL" and the United Kingdom as "UK" (the EU's interinstitutional
style guide). The published data uses ISO codes throughout ("GR", "GB") so they join with every
other dataset; the EU forms are accepted in `raw/` and translated on the way in. "XK" (Kosovo,
user-assigned, used by the EU and by COSME participation lists) is accepted as well.
"""

import pycountry

EU_TO_ISO = {"EL": "GR", "UK": "GB"}

ISO_TITLE = "an ISO 3166-1 alpha-2 country code"
ISO_ALPHA2: tuple[str, ...] = tuple(sorted({c.alpha_2 for c in pycountry.countries} | {"XK"}))


def to_iso(code: str) -> str:
    """The ISO form of a country code as written in a source (trimmed, upper-cased, EL→GR, UK→GB)."""
    code = code.strip().upper()
    return EU_TO_ISO.get(code, code)
