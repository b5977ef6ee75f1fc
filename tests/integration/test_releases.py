"""Releases people can rely on: versions, changelogs, a publish that never half-happens, the catalogue."""

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from filelock import FileLock
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from pipelines.publish import catalog
from pipelines.publish.package import write_csv
from pipelines.publish.releases import PublishLocked, Releases
from schemas import TABLES
from schemas.packages import CLUSTERXCHANGE, PARTNERSHIPS
from tests.conftest import REPO, edit_csv, find_row, run_pipeline, shacl_results


@pytest.fixture(scope="module")
def frames(release) -> dict[str, pl.DataFrame]:
    """The tables of the real partnerships package, as published."""
    data = release.published / PARTNERSHIPS.name / "latest" / "data"
    return {t.name: pl.read_parquet(data / f"{t.name}.parquet") for t in PARTNERSHIPS.tables}


def _publish(root: Path, tables: dict[str, pl.DataFrame]):
    return Releases(root, lock_timeout=1).publish(PARTNERSHIPS, tables)


def _changes(root: Path, version: str) -> list[dict]:
    with (root / PARTNERSHIPS.name / version / "changes.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_unchanged_data_publishes_one_version(tmp_path, frames):
    first, second = _publish(tmp_path, frames), _publish(tmp_path, frames)
    assert (first.version, first.bump) == ("1.0.0", "initial")
    assert (second.version, second.bump) == ("1.0.0", None)
    index = json.loads((tmp_path / "index.json").read_text())
    assert list(index["packages"][PARTNERSHIPS.name]["versions"]) == ["1.0.0"]
    assert os.readlink(tmp_path / PARTNERSHIPS.name / "latest") == "1.0.0"


def test_a_corrected_value_is_a_patch_naming_the_row_and_field(tmp_path, frames):
    _publish(tmp_path, frames)
    fixed = dict(
        frames,
        partnerships=frames["partnerships"].with_columns(
            pl.when(pl.col("partnership_id") == "ec2i")
            .then(pl.lit("corrected"))
            .otherwise(pl.col("notes"))
            .alias("notes")
        ),
    )
    outcome = _publish(tmp_path, fixed)
    assert (outcome.version, outcome.bump) == ("1.0.1", "patch")
    assert _changes(tmp_path, "1.0.1") == [
        {"resource": "partnerships", "change": "changed", "key": "ec2i", "fields": "notes"}
    ]
    log = (tmp_path / PARTNERSHIPS.name / "1.0.1" / "CHANGELOG.md").read_text()
    assert "Changes since 1.0.0 (patch: 1 row(s) changed in partnerships)" in log
    assert "| `partnerships` | 0 | 0 | 1 |" in log
    versions = json.loads((tmp_path / PARTNERSHIPS.name / "versions.json").read_text())
    assert [v["version"] for v in versions["versions"]] == ["1.0.0", "1.0.1"] and versions["latest"] == "1.0.1"
    assert (tmp_path / PARTNERSHIPS.name / "1.0.0" / "data" / "partnerships.csv").exists()  # old versions stay


def test_added_rows_are_a_minor_version(tmp_path, frames):
    _publish(tmp_path, frames)
    extra = (
        frames["sources"].head(1).with_columns(source_id=pl.lit("a-new-source"), url=pl.lit("https://example.org/new"))
    )
    outcome = _publish(tmp_path, dict(frames, sources=pl.concat([frames["sources"], extra])))
    assert (outcome.version, outcome.bump) == ("1.1.0", "minor")
    assert {"resource": "sources", "change": "added", "key": "a-new-source", "fields": ""} in _changes(
        tmp_path, "1.1.0"
    )


def test_a_renamed_key_is_a_major_version(tmp_path, frames):
    _publish(tmp_path, frames)
    pointed_to = set(frames["partnership_members"]["partnership_id"])
    alone = sorted(set(frames["partnerships"]["partnership_id"]) - pointed_to)[0]  # no foreign key names it
    renamed = frames["partnerships"].with_columns(
        partnership_id=pl.when(pl.col("partnership_id") == alone).then(pl.lit(f"{alone}-2")).otherwise("partnership_id")
    )
    outcome = _publish(tmp_path, dict(frames, partnerships=renamed))
    assert (outcome.version, outcome.bump) == ("2.0.0", "major")
    changes = _changes(tmp_path, "2.0.0")
    assert {"resource": "partnerships", "change": "removed", "key": alone, "fields": ""} in changes
    assert {"resource": "partnerships", "change": "added", "key": f"{alone}-2", "fields": ""} in changes


def test_moving_a_row_in_raw_is_no_change(tmp_path, frames):
    _publish(tmp_path, frames)
    moved = dict(frames, calls=frames["calls"].with_columns(pl.col("raw_row") + 100))
    assert _publish(tmp_path, moved).bump is None


@pytest.mark.parametrize(
    "edit, reason",
    [
        (lambda fields: fields.append({"name": "legacy", "type": "string"}), "partnerships.legacy removed or renamed"),
        (
            lambda fields: next(f for f in fields if f["name"] == "duration_months").update(type="string"),
            "partnerships.duration_months changed type from string to integer",
        ),
    ],
)
def test_a_removed_or_retyped_field_is_a_major_version(tmp_path, frames, edit, reason):
    _publish(tmp_path, frames)
    descriptor = tmp_path / PARTNERSHIPS.name / "1.0.0" / "datapackage.json"
    data = json.loads(descriptor.read_text())
    fields = next(r for r in data["resources"] if r["name"] == "partnerships")["schema"]["fields"]
    edit(fields)  # as if the previous release had had this schema
    descriptor.write_text(json.dumps(data))
    index = json.loads((tmp_path / "index.json").read_text())  # recorded so, or the edit is refused as tampering
    for f in index["packages"][PARTNERSHIPS.name]["versions"]["1.0.0"]["files"]:
        if f["path"] == "datapackage.json":
            f["sha256"] = hashlib.sha256(descriptor.read_bytes()).hexdigest()
    (tmp_path / "index.json").write_text(json.dumps(index))
    outcome = _publish(tmp_path, frames)
    assert (outcome.version, outcome.bump) == ("2.0.0", "major")
    assert (
        reason
        in json.loads((tmp_path / "index.json").read_text())["packages"][PARTNERSHIPS.name]["versions"]["2.0.0"][
            "reasons"
        ]
    )


def test_a_second_publish_waits_then_fails_clearly_while_one_holds_the_lock(tmp_path, frames):
    with FileLock(str(tmp_path / ".publish.lock")):
        start = time.monotonic()
        with pytest.raises(
            PublishLocked, match="another publish into .* has held .publish.lock for over 1 s; nothing was published"
        ):
            _publish(tmp_path, frames)
        assert time.monotonic() - start >= 1
    assert not (tmp_path / "index.json").exists()


def test_index_lists_every_file_with_size_hash_and_rows(release):
    index = json.loads((release.published / "index.json").read_text())
    version = index["packages"][PARTNERSHIPS.name]["versions"]["1.0.0"]
    assert version["result"] == "valid" and version["bump"] == "initial" and version["created"].endswith("T00:00:00Z")
    files = {f["path"]: f for f in version["files"]}
    calls = files["data/calls.csv"]
    path = release.published / PARTNERSHIPS.name / "1.0.0" / "data" / "calls.csv"
    assert calls["bytes"] == path.stat().st_size and calls["rows"] == 13
    import hashlib

    assert calls["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {"datapackage.json", "README.md", "CHANGELOG.md", "changes.csv"} <= set(files)
    assert set(index["packages"]) == {PARTNERSHIPS.name, CLUSTERXCHANGE.name}


@pytest.mark.parametrize("point", ["renamed"])  # every other step: tests/integration/test_release_safety.py
def test_a_publish_killed_midway_leaves_the_previous_release_untouched(tmp_path, point):
    raw = Path(shutil.copytree(REPO / "raw", tmp_path / "raw"))
    out = tmp_path / "published"
    assert run_pipeline(raw, out).success
    before = {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != ".publish.lock"
    }
    edit_csv(
        raw / "registers/partnerships.csv",
        find_row(raw / "registers/partnerships.csv", "acronym", "EPIX"),
        notes="Changed.",
    )
    flag = tmp_path / "paused"
    env = dict(os.environ, EUCP_PAUSE_AT=point, EUCP_PAUSE_FLAG=str(flag))
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "publish", "--raw", str(raw), "--out", str(out)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while not flag.exists():
            assert process.poll() is None and time.monotonic() < deadline, "the publish never reached the pause point"
            time.sleep(0.2)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    after = {k: (out / k).read_bytes() for k in before}
    assert after == before  # the previous release and index.json, byte for byte
    assert os.readlink(out / PARTNERSHIPS.name / "latest") == "1.0.0"
    # the next publish clears what the killed one left and publishes the change properly
    assert run_pipeline(raw, out).success
    assert os.readlink(out / PARTNERSHIPS.name / "latest") == "1.0.1"
    assert sorted(p.name for p in (out / PARTNERSHIPS.name).iterdir()) == ["1.0.0", "1.0.1", "latest", "versions.json"]
    assert not list(out.glob(".staging-*"))


def test_formula_like_text_is_neutralised_in_csv_only(tmp_path, frames):
    risky = ['=HYPERLINK("http://x")', "+cmd", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "plain"]
    table = TABLES["partnerships"]
    rows = (
        frames["partnerships"]
        .head(len(risky))
        .with_columns(notes=pl.Series(risky), duration_months=pl.Series([-1] + [24] * 6))
    )
    write_csv(table, rows, tmp_path / "p.csv")
    with (tmp_path / "p.csv").open(newline="", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert [r["notes"] for r in written] == ["'" + v for v in risky[:-1]] + ["plain"]
    assert written[0]["duration_months"] == "-1"  # numbers stay numbers


@pytest.mark.parametrize("shapes", ["shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"])
def test_catalogue_has_no_violation_of_the_official_shapes(release, shapes):
    data = Graph().parse(release.published / "catalog.jsonld", format="json-ld")
    violations, warnings = shacl_results(data, shapes)
    assert violations == []
    if shapes == "mdr-vocabularies.shape.ttl":
        # the only warning: the publisher is not an EU institution, so not in the EU corporate-body list
        assert warnings and all(" http://purl.org/dc/terms/publisher: " in w for w in warnings), warnings


def test_recommended_properties_are_missing_only_where_the_information_does_not_exist(release):
    data = Graph().parse(release.published / "catalog.ttl")
    violations, warnings = shacl_results(data, "shapes_recommended.ttl")
    print("\n".join(["DCAT-AP recommended properties missing:", *warnings]))  # reported, not required
    assert violations == []
    # No geometry of the countries is at hand: bounding box and centroid of each place are all that is missing
    assert warnings and all(w.split()[1].rstrip(":") in (str(DCAT.bbox), str(DCAT.centroid)) for w in warnings), (
        warnings
    )


def test_catalogue_links_versions_and_names_the_covered_countries(release):
    jsonld = json.loads((release.published / "catalog.jsonld").read_text())
    assert jsonld["@context"]["dcat"] == "http://www.w3.org/ns/dcat#" and "@graph" in jsonld
    graph = Graph().parse(release.published / "catalog.jsonld", format="json-ld")
    base = catalog.base_url()
    package = URIRef(f"{base}/{PARTNERSHIPS.name}")
    latest = os.readlink(release.published / PARTNERSHIPS.name / "latest")
    assert (package, DCAT.hasVersion, URIRef(f"{base}/{PARTNERSHIPS.name}/{latest}")) in graph
    assert (package, DCAT.landingPage, URIRef(f"{base}/site/{PARTNERSHIPS.name}/{latest}/index.html")) in graph
    places = {str(o) for o in graph.objects(package, DCTERMS.spatial)}
    assert "http://publications.europa.eu/resource/authority/country/GRC" in places  # GR in ISO, EL in EU texts
    assert len(places) > 10
    checksum_algorithms = set(graph.objects(None, URIRef("http://spdx.org/rdf/terms#algorithm")))
    assert checksum_algorithms == {URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")}


def test_catalogue_lists_each_file_with_checksum_and_configurable_address(release):
    index = json.loads((release.published / "index.json").read_text())
    graph = catalog.build(index, "https://downloads.example.net/eucp")
    query = """
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?size ?sum ?format WHERE {
            ?d dcat:downloadURL ?url ; dcat:byteSize ?size ; <http://purl.org/dc/terms/format> ?format ;
               spdx:checksum [ spdx:checksumValue ?sum ] }"""
    rows = {str(r.url): (int(r.size), str(r.sum), str(r.format)) for r in graph.query(query)}
    csv_file = next(
        f for f in index["packages"][PARTNERSHIPS.name]["versions"]["1.0.0"]["files"] if f["path"] == "data/calls.csv"
    )
    assert rows["https://downloads.example.net/eucp/eu-cluster-partnerships/1.0.0/data/calls.csv"] == (
        csv_file["bytes"],
        csv_file["sha256"],
        "http://publications.europa.eu/resource/authority/file-type/CSV",
    )
    assert len(rows) == 2 * (len(PARTNERSHIPS.tables) + len(CLUSTERXCHANGE.tables))
    jsonld = json.loads((release.published / "catalog.jsonld").read_text())
    assert any(node.get("@type") == "dcat:Catalog" for node in jsonld["@graph"])
