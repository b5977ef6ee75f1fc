"""The publish step, last: one release of every package (a new version of each whose data changed) and the
catalogue, committed together. It runs only when every blocking check passed.

One multi-asset rather than an asset per package, because a release is all or nothing: a package must
never be published while another of the same run fails (see releases.py).
"""

import time

import dagster as dg
import polars as pl

from pipelines.publish import catalog, site
from pipelines.publish.files import write_failed
from pipelines.publish.releases import Releases
from pipelines.raw.fingerprint import raw_fingerprint as fingerprint_of
from schemas import asset_name
from schemas.packages import PACKAGES

GROUP = "publish"
CATALOG = "publish_catalog"


def package_key(name: str) -> str:
    return "publish_" + name.replace("-", "_")


SPECS = [
    *(
        dg.AssetSpec(
            package_key(spec.name),
            group_name=GROUP,
            deps=[*(asset_name(t.name) for t in spec.tables), "raw_fingerprint"],
            description=f"published/{spec.name}/: {spec.title}. A new immutable version (Frictionless data package "
            "of CSV and Parquet, data dictionary, changelog) when the data changed, verified in staging and "
            "committed with every other package by one rename of published/index.json.",
        )
        for spec in PACKAGES
    ),
    dg.AssetSpec(
        CATALOG,
        group_name=GROUP,
        deps=sorted({asset_name(t.name) for spec in PACKAGES for t in spec.tables}),
        description="published/catalog.jsonld and catalog.ttl: the DCAT-AP 3.0.1 catalogue of the latest version of "
        "every package, for data.europa.eu to harvest, derived from published/index.json.",
    ),
]
TABLE_INS = {asset_name(t.name): dg.AssetIn() for spec in PACKAGES for t in spec.tables}


@dg.multi_asset(
    specs=SPECS,
    ins={**TABLE_INS, "raw_fingerprint": dg.AssetIn()},
    required_resource_keys={"publish_target", "raw_dir", "problem_reports"},
    can_subset=False,
)
def publish_release(context: dg.AssetExecutionContext, raw_fingerprint: str, **frames: pl.DataFrame):
    with context.resources.problem_reports.kept("publish_release"):
        yield from _release(context, raw_fingerprint, frames)


def _release(context: dg.AssetExecutionContext, raw_fingerprint: str, frames: dict[str, pl.DataFrame]):
    target = context.resources.publish_target
    raw_dir = context.resources.raw_dir.path
    releases = Releases(
        target.path,
        target.lock_timeout,
        base_url=target.base_url,
        allow_shrink=target.allow_shrink,
        raw_now=lambda: fingerprint_of(raw_dir),
    )
    packages = [(spec, {t.name: frames[asset_name(t.name)] for t in spec.tables}) for spec in PACKAGES]
    for outcome in releases.release(packages, read_fingerprint=raw_fingerprint):
        if outcome.bump:
            context.log.info(f"{outcome.package}: version {outcome.version} ({outcome.bump})")
        else:
            context.log.info(f"{outcome.package}: unchanged, {outcome.version} stays the latest")
        metadata = {
            "path": str(outcome.path),
            "version": outcome.version,
            "new_version": outcome.bump is not None,
            "bump": outcome.bump or "none",
        }
        rows = {f"rows/{name}": n for name, n in outcome.rows.items()}
        yield dg.MaterializeResult(asset_key=package_key(outcome.package), metadata=metadata | rows)
    yield dg.MaterializeResult(asset_key=CATALOG, metadata={"files": "catalog.ttl, catalog.jsonld"})


@dg.asset(
    group_name=GROUP,
    deps=[spec.key for spec in SPECS],
    required_resource_keys={"publish_target", "problem_reports"},
    description="published/index.html and published/site/: the static data website (a page per package version "
    "and per table, a page per partnership, organisation, call, programme and source of the latest release with "
    "every value linked to its evidence, search, the map and SVG charts, downloads with sizes and SHA-256, "
    "citation), rebuilt from what is published (index.json), like every view of a release.",
)
def publish_site(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    target = context.resources.publish_target
    releases = Releases(target.path, target.lock_timeout)
    started = time.time_ns()
    with context.resources.problem_reports.kept("publish_site"):
        try:
            with releases.lock():
                paths = site.write(releases.index(), target.path, target.base_url or catalog.base_url())
        except TimeoutError:
            raise
        except OSError as e:  # the release is committed; the pages are rewritten whole by the next run
            raise write_failed(e, target.path, started, committed=True) from None
    return dg.MaterializeResult(metadata={"files": ", ".join(p.name for p in paths)})


ASSETS = [publish_release, publish_site]
