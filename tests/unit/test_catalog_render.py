"""The catalogue is rendered once per index.json: a release's second rendering of the same index reuses it."""

import json

from pipelines.publish import catalog


def test_the_same_index_is_rendered_once_and_another_again(tmp_path, monkeypatch):
    index = {"packages": {}}
    first = catalog.render(index, tmp_path, "https://example.org/a")
    assert "dcat:Catalog" in first[0] and json.loads(first[1])["@graph"]
    built = []
    monkeypatch.setattr(catalog, "build", lambda *args: built.append(args) or catalog.Graph())
    assert catalog.render(json.loads(json.dumps(index)), tmp_path, "https://example.org/a") == first
    assert built == []
    catalog.render(index, tmp_path, "https://example.org/b")  # another address: rendered again
    assert len(built) == 1


def test_writing_twice_gives_the_same_bytes(tmp_path):
    index = {"packages": {}}
    ttl, jsonld = catalog.write(index, tmp_path, "https://example.org/a")
    before = (ttl.read_bytes(), jsonld.read_bytes())
    catalog.write(index, tmp_path, "https://example.org/a")
    assert (ttl.read_bytes(), jsonld.read_bytes()) == before
