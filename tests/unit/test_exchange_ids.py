"""Exchange ids are the first 12 hex digits of SHA-256 of their facts: stable across library versions."""

import hashlib

import polars as pl

from pipelines.core.exchanges import sha256_prefix


def _hashes(keys: pl.Series) -> pl.Series:
    return keys.to_frame().select(sha256_prefix(pl.col(keys.name)))[keys.name]


def test_ids_are_sha256_of_the_key_computed_vectorised():
    keys = ["CLUSTERS4GOOD|Synthetic a|Synthetic b|2024-01-01", "Ünïcode|é", "x"]
    expected = [hashlib.sha256(k.encode("utf-8")).hexdigest()[:12] for k in keys]
    assert _hashes(pl.Series("k", keys)).to_list() == expected


def test_ids_keep_row_order_and_missing_keys():
    keys = pl.Series("k", [f"key {i}" for i in range(50_000)] + [None])
    out = _hashes(keys)
    assert out[-1] is None
    assert out[49_999] == hashlib.sha256(b"key 49999").hexdigest()[:12]
    assert out.name == "k"


def test_an_empty_key_has_the_hash_of_no_bytes():
    assert _hashes(pl.Series("k", [""])).to_list() == [hashlib.sha256(b"").hexdigest()[:12]]
