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

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from schemas import TABLES
from schemas.packages import PACKAGES, PackageSpec

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's DCAT namespace predates it
EU = "http://publications.europa.eu/resource/authority/"
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
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((node, SKOS.inScheme, URIRef(EU + scheme)))
    if kind is not None:
        g.add((node, RDF.type, kind))
    return node


def _document(g: Graph, iri: str) -> URIRef:
    g.add((URIRef(iri), RDF.type, FOAF.Document))
    return URIRef(iri)


def build(index: dict, base: str) -> Graph:
    g = Graph()
    g.bind("dcat", DCAT), g.bind("dct", DCTERMS), g.bind("foaf", FOAF), g.bind("spdx", SPDX), g.bind("skos", SKOS)
    catalog = URIRef(f"{base}/catalog")
    publisher = URIRef(f"{base}/#publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(PUBLISHER, lang="en")))
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
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCTERMS.spatial, _concept(g, EU + "continent/EUROPE", "continent", "Europe", DCTERMS.Location)))
    released = []
    for spec in PACKAGES:
        entry = index["packages"].get(spec.name)
        if entry and entry.get("latest"):
            g.add((catalog, DCAT.dataset, _dataset(g, spec, entry, base, publisher, licence)))
            released += [v["created"] for v in entry["versions"].values() if v.get("created")]
    if released:
        g.add((catalog, DCTERMS.issued, Literal(min(released), datatype=XSD.dateTime)))
        g.add((catalog, DCTERMS.modified, Literal(max(released), datatype=XSD.dateTime)))
    return g


def _dataset(g: Graph, spec: PackageSpec, entry: dict, base: str, publisher: URIRef, licence: URIRef) -> URIRef:
    version = entry["latest"]
    release = entry["versions"][version]
    dataset = URIRef(f"{base}/{spec.name}")
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal(spec.title, lang="en")))
    g.add((dataset, DCTERMS.description, Literal(spec.description, lang="en")))
    g.add((dataset, DCTERMS.identifier, Literal(spec.name)))
    g.add((dataset, DCAT_VERSION, Literal(version)))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCAT.landingPage, _document(g, f"{base}/{spec.name}/{version}/README.md")))
    g.add((dataset, DCTERMS.language, URIRef(EU + "language/ENG")))
    g.add((dataset, DCAT.theme, _concept(g, EU + "data-theme/ECON", "data-theme", "Economy and finance")))
    g.add((dataset, DCTERMS.spatial, _concept(g, EU + "continent/EUROPE", "continent", "Europe", DCTERMS.Location)))
    g.add(
        (
            dataset,
            DCTERMS.accrualPeriodicity,
            _concept(g, EU + "frequency/IRREG", "frequency", "irregular", DCTERMS.Frequency),
        )
    )
    for keyword in spec.keywords:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    if release.get("created"):
        g.add((dataset, DCTERMS.modified, Literal(release["created"], datatype=XSD.dateTime)))
    period = BNode(f"period-{spec.name}")
    g.add((dataset, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(spec.period[0], datatype=XSD.gYear)))
    g.add((period, DCAT.endDate, Literal(spec.period[1], datatype=XSD.gYear)))
    for f in release["files"]:
        if "format" in f:
            g.add((dataset, DCAT.distribution, _distribution(g, spec, version, f, base, licence)))
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
    checksum = BNode(f"checksum-{spec.name}-{f['name']}")
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(f["sha256"], datatype=XSD.hexBinary)))
    return node


def write(index: dict, root: Path, base: str | None = None) -> list[Path]:
    """catalog.ttl and catalog.jsonld, each written atomically."""
    from pipelines.publish.releases import atomic_text

    graph = build(index, base or base_url())
    # rdflib's JSON-LD lists nodes in set order; sorted, the same index gives the same bytes
    nodes = sorted(json.loads(graph.serialize(format="json-ld")), key=lambda node: node["@id"])
    nodes = [{k: sorted(v, key=json.dumps) if isinstance(v, list) else v for k, v in node.items()} for node in nodes]
    return [
        atomic_text(root / "catalog.ttl", graph.serialize(format="turtle")),
        atomic_text(root / "catalog.jsonld", json.dumps(nodes, indent=2, sort_keys=True, ensure_ascii=False) + "\n"),
    ]
