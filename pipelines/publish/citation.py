"""How to cite a version: one line and a BibTeX entry, the same in the package README and on the site."""

from __future__ import annotations

AUTHOR = "EU cluster partnerships open data team"


def year(created: str | None) -> str:
    """The year the data was last known true (the version's `created`), not the build date."""
    return created[:4] if created else "n.d."


def line(title: str, name: str, version: str, created: str | None, url: str | None = None) -> str:
    where = f" {url}" if url else ""
    return f"{AUTHOR} ({year(created)}). {title} (`{name}`), version {version} [Data set]. CC-BY-4.0.{where}"


def bibtex(title: str, name: str, version: str, created: str | None, url: str | None = None) -> str:
    key = f"{name.replace('-', '_')}_{version.replace('.', '_')}"
    fields = [
        f"  author    = {{{{{AUTHOR}}}}}",
        f"  title     = {{{{{title}}}}}",
        f"  year      = {{{year(created)}}}",
        f"  version   = {{{version}}}",
        "  note      = {Data set, licence CC-BY-4.0}",
    ]
    if url:
        fields.append(f"  url       = {{{url}}}")
    return "@misc{" + key + ",\n" + ",\n".join(fields) + "\n}\n"
