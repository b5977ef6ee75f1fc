"""The DCAT-AP 3.0.1 catalogue of everything published (published/catalog.jsonld and .ttl).

data.europa.eu finds open data by harvesting DCAT-AP. The catalogue is built from index.json: a
Dataset per package (its latest version), a Distribution per file with its download address, EU
file type, media type, size, SHA-256 checksum and licence, and the EU vocabularies' themes, place and
period. The base address downloads are under is configuration (EUCP_BASE_URL), not code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pycountry
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from pipelines.publish.files import atomic_text
from pipelines.publish.site import SITE
from schemas import TABLES
from schemas.packages import PACKAGES, PackageSpec

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
SHA256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")  # the https form the EU shape expects
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
ADMS_PUBLISHER = "http://purl.org/adms/publishertype/"
ADMS_LICENCE = "http://purl.org/adms/licencetype/"
SCHEMES = {
    ADMS_PUBLISHER + "1.0": "Publisher type",
    ADMS_LICENCE + "1.0": "Licence type",
    EU + "country": "Countries and territories",
    EU + "continent": "Continents",
    EU + "file-type": "File type",
    EU + "frequency": "Frequency",
    EU + "language": "Languages",
    EU + "planned-availability": "Planned availability",
    EU + "data-theme": "Data theme",
}
# ISO 3166-1 alpha-2 codes the EU country authority writes differently from ISO alpha-3
EU_COUNTRY = {"XK": "XKX"}
# Which column of which table says where the data is: members' countries; ClusterXchange's eligible countries
COUNTRY_COLUMNS = {
    "eu-cluster-partnerships": ("organisations", "country"),
    "clusterxchange": ("cosme_countries", "country"),
}
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "spdx": str(SPDX),
    "vcard": str(VCARD),
    "xsd": str(XSD),
    "dcatap": str(DCATAP),
}
# DCAT 3 terms; rdflib's DCAT namespace predates them
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
HAS_VERSION = URIRef("http://www.w3.org/ns/dcat#hasVersion")
HAS_CURRENT_VERSION = URIRef("http://www.w3.org/ns/dcat#hasCurrentVersion")
PREVIOUS_VERSION = URIRef("http://www.w3.org/ns/dcat#previousVersion")
DEFAULT_BASE_URL = "https://data.example.org/eu-cluster-partnerships"  # set EUCP_BASE_URL when releasing
FILE_TYPES = {"csv": "CSV", "parquet": "PARQUET", "json": "JSON", "md": "MARKDOWN"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
    "md": "text/markdown",
}
PUBLISHER = "EU cluster partnerships open data team"


def base_url() -> str:
    return os.environ.get("EUCP_BASE_URL", DEFAULT_BASE_URL).rstrip("/")


def _concept(g: Graph, iri: str, scheme: str, label: str, kind=None) -> URIRef:
    node = URIRef(iri)
    scheme_iri = URIRef(scheme if "://" in scheme else EU + scheme)
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((node, SKOS.inScheme, scheme_iri))
    g.add((scheme_iri, RDF.type, SKOS.ConceptScheme))
    g.add((scheme_iri, DCTERMS.title, Literal(SCHEMES.get(str(scheme_iri), scheme.rsplit("/", 1)[-1]), lang="en")))
    if kind is not None:
        g.add((node, RDF.type, kind))
    return node


def _document(g: Graph, iri: str) -> URIRef:
    g.add((URIRef(iri), RDF.type, FOAF.Document))
    return URIRef(iri)


def countries(root: Path | None, spec: PackageSpec, version: str) -> list[str]:
    """The ISO alpha-2 codes of the countries the version's data covers (none when root is not given)."""
    table, column = COUNTRY_COLUMNS.get(spec.name, (None, None))
    path = root / spec.name / version / "data" / f"{table}.parquet" if root and table else None
    if path is None or not path.exists():
        return []
    return sorted(pl.read_parquet(path, columns=[column])[column].drop_nulls().unique().to_list())


def _country(g: Graph, alpha2: str) -> URIRef:
    found = pycountry.countries.get(alpha_2=alpha2)
    alpha3 = EU_COUNTRY.get(alpha2) or found.alpha_3
    label = found.name if found else alpha2
    return _concept(g, EU + f"country/{alpha3}", "country", label, DCTERMS.Location)


def build(index: dict, base: str, root: Path | None = None) -> Graph:
    g = Graph()
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, ns)
    catalog = URIRef(f"{base}/catalog")
    publisher = URIRef(f"{base}/#publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(PUBLISHER, lang="en")))
    kind = _concept(g, ADMS_PUBLISHER + "NonProfitOrganisation", ADMS_PUBLISHER + "1.0", "Non-Profit Organisation")
    g.add((publisher, DCTERMS.type, kind))
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("EU cluster partnerships open data", lang="en")))
    g.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Sourced, versioned datasets on the European Commission's cluster partnership programmes "
                "(ESCP-4i, ESCP-4X, ESCP-S3, INNOSUP-01, Euroclusters) and ClusterXchange.",
                lang="en",
            ),
        )
    )
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, _document(g, f"{base}/")))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    g.add((URIRef(EU + "data-theme"), RDF.type, SKOS.ConceptScheme))
    g.add((URIRef(EU + "data-theme"), DCTERMS.title, Literal("Data theme", lang="en")))
    g.add(
        (catalog, DCTERMS.language, _concept(g, EU + "language/ENG", "language", "English", DCTERMS.LinguisticSystem))
    )
    licence = URIRef(EU + "licence/CC_BY_4_0")
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.type, _concept(g, ADMS_LICENCE + "Attribution", ADMS_LICENCE + "1.0", "Attribution")))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCTERMS.spatial, _concept(g, EU + "continent/EUROPE", "continent", "Europe", DCTERMS.Location)))
    released = []
    for spec in PACKAGES:
        entry = index["packages"].get(spec.name)
        if entry and entry.get("latest"):
            g.add((catalog, DCAT.dataset, _dataset(g, spec, entry, base, publisher, licence, root)))
            released += [v["created"] for v in entry["versions"].values() if v.get("created")]
    if released:
        g.add((catalog, DCTERMS.issued, Literal(min(released), datatype=XSD.dateTime)))
        g.add((catalog, DCTERMS.modified, Literal(max(released), datatype=XSD.dateTime)))
    return g


def _contact(g: Graph, base: str) -> URIRef:
    """The team, reached through the site (no shared mailbox exists)."""
    node = URIRef(f"{base}/#contact")
    g.add((node, RDF.type, VCARD.Kind))
    g.add((node, VCARD.fn, Literal(PUBLISHER, lang="en")))
    g.add((node, VCARD.hasURL, URIRef(f"{base}/index.html")))
    return node


def _describe(
    g: Graph, node: URIRef, spec: PackageSpec, version: str, release: dict, base: str, publisher, licence, root
):
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.title, Literal(spec.title, lang="en")))
    g.add((node, DCTERMS.description, Literal(spec.description, lang="en")))
    g.add((node, DCAT_VERSION, Literal(version)))
    g.add((node, DCTERMS.publisher, publisher))
    g.add((node, DCAT.contactPoint, _contact(g, base)))
    g.add((node, DCAT.landingPage, _document(g, f"{base}/{SITE}/{spec.name}/{version}/index.html")))
    g.add((node, DCTERMS.language, URIRef(EU + "language/ENG")))
    g.add((node, DCAT.theme, _concept(g, EU + "data-theme/ECON", "data-theme", "Economy and finance")))
    for alpha2 in countries(root, spec, version):
        g.add((node, DCTERMS.spatial, _country(g, alpha2)))
    g.add(
        (
            node,
            DCTERMS.accrualPeriodicity,
            _concept(g, EU + "frequency/IRREG", "frequency", "irregular", DCTERMS.Frequency),
        )
    )
    for keyword in spec.keywords:
        g.add((node, DCAT.keyword, Literal(keyword, lang="en")))
    if release.get("created"):
        g.add((node, DCTERMS.modified, Literal(release["created"], datatype=XSD.dateTime)))
    period = BNode(f"period-{spec.name}")
    g.add((node, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(spec.period[0], datatype=XSD.gYear)))
    g.add((period, DCAT.endDate, Literal(spec.period[1], datatype=XSD.gYear)))
    for f in release["files"]:
        if "format" in f:
            g.add((node, DCAT.distribution, _distribution(g, spec, version, f, base, licence)))


def _dataset(g: Graph, spec: PackageSpec, entry: dict, base: str, publisher, licence, root=None) -> URIRef:
    """The package (described as its latest version) and each version as a dataset of its own, linked."""
    latest = entry["latest"]
    dataset = URIRef(f"{base}/{spec.name}")
    _describe(g, dataset, spec, latest, entry["versions"][latest], base, publisher, licence, root)
    g.add((dataset, DCTERMS.identifier, Literal(spec.name)))
    for version, release in entry["versions"].items():
        node = URIRef(f"{base}/{spec.name}/{version}")
        _describe(g, node, spec, version, release, base, publisher, licence, root)
        g.add((node, DCTERMS.identifier, Literal(f"{spec.name}@{version}")))
        g.add((node, DCTERMS.isVersionOf, dataset))
        g.add((dataset, HAS_VERSION, node))
        if release.get("previous"):
            g.add((node, PREVIOUS_VERSION, URIRef(f"{base}/{spec.name}/{release['previous']}")))
    g.add((dataset, HAS_CURRENT_VERSION, URIRef(f"{base}/{spec.name}/{latest}")))
    return dataset


def _distribution(g: Graph, spec: PackageSpec, version: str, f: dict, base: str, licence: URIRef) -> URIRef:
    url = URIRef(f"{base}/{spec.name}/{version}/{f['path']}")
    node = URIRef(f"{base}/{spec.name}/{version}/{f['path']}#distribution")
    fmt = f["format"]
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(f"{f['name']} ({fmt.upper()})", lang="en")))
    table = f["name"].removesuffix(f"-{fmt}")
    g.add((node, DCTERMS.description, Literal(f"{TABLES[table].title}: {TABLES[table].description}", lang="en")))
    g.add(
        (node, DCATAP.availability, _concept(g, EU + "planned-availability/STABLE", "planned-availability", "stable"))
    )
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    g.add(
        (
            node,
            DCTERMS.format,
            _concept(g, EU + f"file-type/{FILE_TYPES[fmt]}", "file-type", FILE_TYPES[fmt], DCTERMS.MediaTypeOrExtent),
        )
    )
    media = URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}")
    g.add((media, RDF.type, DCTERMS.MediaType))
    g.add((node, DCAT.mediaType, media))
    g.add((node, DCAT.byteSize, Literal(f["bytes"], datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.license, licence))
    # one checksum node per file of each version: named per package and file only, the 1.0.0 and 2.0.0 files of a
    # table would share one node with two checksumValue (a violation of the DCAT-AP shapes)
    checksum = BNode(f"checksum-{spec.name}-{version}-{f['name']}")
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SHA256))
    g.add((SHA256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((checksum, SPDX.checksumValue, Literal(f["sha256"], datatype=XSD.hexBinary)))
    return node


_LAST: list = [None, None]  # the key and texts of the last catalogue rendered in this process


def render(index: dict, root: Path, base: str) -> tuple[str, str]:
    """The Turtle and JSON-LD texts of the catalogue. A release renders it twice with the same index.json
    (recovering, then after committing; a run with nothing new changes nothing between them), and rdflib
    takes about half a second a time; the second is the first's texts. The key is the whole index and
    the address: the only files read besides (countries from versions' Parquet) are immutable and hashed
    in the index."""
    key = (json.dumps(index, sort_keys=True), base, str(root.resolve()))
    if _LAST[0] != key:
        _LAST[:] = [key, _serialise(build(index, base, root))]
    return _LAST[1]


def _serialise(graph: Graph) -> tuple[str, str]:
    expanded = json.loads(graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    # rdflib lists nodes in set order; sorted, the same index gives the same bytes
    nodes = sorted(expanded.get("@graph", []), key=lambda node: node["@id"])
    nodes = [{k: sorted(v, key=json.dumps) if isinstance(v, list) else v for k, v in node.items()} for node in nodes]
    document = {"@context": CONTEXT, "@graph": nodes}
    return graph.serialize(format="turtle"), json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(index: dict, root: Path, base: str | None = None) -> list[Path]:
    """catalog.ttl and catalog.jsonld (compacted, with an @context), each written atomically."""
    turtle, jsonld = render(index, root, base or base_url())
    return [atomic_text(root / "catalog.ttl", turtle), atomic_text(root / "catalog.jsonld", jsonld)]
