"""CITATION.cff and the published descriptors against their official JSON Schemas (vendored in tests/standards)."""

import json

import jsonschema
import pytest
import yaml

from tests.conftest import REPO, profile_errors

STANDARDS = REPO / "tests" / "standards"
LATEST = sorted((REPO / "published").glob("*/latest/datapackage.json"))


def _validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((STANDARDS / name).read_text(encoding="utf-8")))


def test_citation_cff_is_valid_cff_1_2_0():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    errors = [e.message for e in _validator("cff-1.2.0/schema.json").iter_errors(cff)]
    assert errors == []
    assert cff["license"] == "MIT" and (REPO / "LICENSE").read_text().startswith("MIT License")


def test_the_validator_rejects_an_invalid_citation():
    assert list(_validator("cff-1.2.0/schema.json").iter_errors({"cff-version": "1.2.0", "title": "x"}))


@pytest.mark.parametrize("path", LATEST, ids=lambda p: p.parent.parent.name)
def test_published_descriptors_pass_the_data_package_v2_profile(path):
    """The latest versions (1.0.0 and 2.0.0 declared their Parquet files as type "file", which v2 rejects; published
    versions are never rewritten)."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    errors = profile_errors(_validator("datapackage-2.0/datapackage.json"), descriptor)
    assert errors == []


def test_the_v2_profile_rejects_a_parquet_resource_typed_file():
    descriptor = {"name": "x", "resources": [{"name": "t", "path": "t.parquet", "type": "file"}]}
    assert list(_validator("datapackage-2.0/datapackage.json").iter_errors(descriptor))
