"""What users download: the committed published/, every version index.json lists, against the standards.

The integration tests check a release built in a fixture (one version per package); these read the committed
files themselves, so a catalogue that is valid for one version but not for two (finding 8 of issue 23: the
checksum nodes of 1.0.0 and 2.0.0 were one node with two values) cannot pass. They run no pipeline.
"""

import hashlib
import json

import jsonschema
import pytest
from frictionless import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from pipelines.publish import catalog
from tests.conftest import REPO, profile_errors, shacl_results

PUBLISHED = REPO / "published"
INDEX = json.loads((PUBLISHED / "index.json").read_text(encoding="utf-8"))
VERSIONS = [(name, version) for name, entry in INDEX["packages"].items() for version in entry["versions"]]
PUBLISHER = " http://purl.org/dc/terms/publisher: "  # the EU corporate-body restriction on dct:publisher


def _graphs() -> dict[str, Graph]:
    return {
        "catalog.ttl": Graph().parse(PUBLISHED / "catalog.ttl", format="turtle"),
        "catalog.jsonld": Graph().parse(PUBLISHED / "catalog.jsonld", format="json-ld"),
    }


def test_every_package_has_several_versions_so_these_tests_see_a_catalogue_of_several():
    assert all(len(entry["versions"]) >= 2 for entry in INDEX["packages"].values())


@pytest.mark.parametrize("shapes", ["shapes.ttl", "range.ttl"])
def test_a_catalogue_of_every_committed_version_has_no_violation(shapes):
    """Built by today's code from the committed index.json: fails on code that shares nodes between versions."""
    graph = catalog.build(INDEX, catalog.DEFAULT_BASE_URL, PUBLISHED)
    assert shacl_results(graph, shapes)[0] == []


@pytest.mark.parametrize("shapes", ["shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"])
def test_the_committed_catalogue_passes_the_dcat_ap_shapes(shapes):
    """0 violations; of mdr-vocabularies.shape.ttl only the warning that the publisher is not in the EU
    corporate-body list (the team is not an EU institution, so no entry of that list can name it)."""
    for name, graph in _graphs().items():
        violations, warnings = shacl_results(graph, shapes)
        assert violations == [], (name, len(violations), violations[:3])
        if shapes == "mdr-vocabularies.shape.ttl":
            assert all(PUBLISHER in w for w in warnings), (name, warnings)


def test_the_committed_catalogue_lists_every_version_with_the_checksums_of_index_json():
    graph = _graphs()["catalog.jsonld"]
    base = catalog.DEFAULT_BASE_URL
    query = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?sum WHERE { ?d dcat:downloadURL ?url ; spdx:checksum [ spdx:checksumValue ?sum ] }"""
    sums: dict[str, set[str]] = {}
    for row in graph.query(query):
        sums.setdefault(str(row.url), set()).add(str(row.sum))
    for name, version in VERSIONS:
        node = URIRef(f"{base}/{name}/{version}")
        assert (URIRef(f"{base}/{name}"), DCAT.hasVersion, node) in graph, (name, version)
        for f in INDEX["packages"][name]["versions"][version]["files"]:
            if "format" in f:
                assert sums[f"{base}/{name}/{version}/{f['path']}"] == {f["sha256"]}, (name, version, f["path"])


@pytest.mark.parametrize(("name", "version"), VERSIONS)
def test_every_committed_file_has_the_size_and_hash_index_json_records(name, version):
    folder = PUBLISHED / name / version
    files = INDEX["packages"][name]["versions"][version]["files"]
    for f in files:
        data = (folder / f["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (f["bytes"], f["sha256"]), f["path"]
    listed = {f["path"] for f in files} | {"datapackage.json", "README.md", "LICENSE.md", "views.sql"}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert present <= listed, present - listed


def test_no_version_folder_is_left_out_of_index_json():
    for name, entry in INDEX["packages"].items():
        folders = {p.name for p in (PUBLISHED / name).iterdir() if p.is_dir() and not p.is_symlink()}
        assert folders == set(entry["versions"]), name


@pytest.mark.parametrize(("name", "version"), VERSIONS)
def test_every_committed_version_passes_the_v2_profile_and_frictionless(name, version):
    """Every version but the first declares only table resources. 1.0.0 declared its Parquet copies as resources
    of type "file", which the v2 profile does not allow: versions are never rewritten, so those errors, and only
    those, are expected of it."""
    path = PUBLISHED / name / version / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    profile = json.loads((REPO / "tests/standards/datapackage-2.0/datapackage.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(profile)
    tables = [r for r in descriptor["resources"] if r.get("type") != "file"]
    if version == "1.0.0":  # its errors are those of its "file" resources: without them it passes
        assert len(tables) < len(descriptor["resources"]) and profile_errors(validator, descriptor)
    assert profile_errors(validator, descriptor | {"resources": tables}) == []
    assert version == "1.0.0" or tables == descriptor["resources"]
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
