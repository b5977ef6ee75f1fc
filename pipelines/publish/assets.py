"""publish_* assets, the last step: a new version of each package when its data changed, then the
catalogue. They run only when every blocking check passed."""

import dagster as dg
import polars as pl

from pipelines.publish import catalog, site
from pipelines.publish.releases import Releases
from schemas import asset_name
from schemas.packages import PACKAGES, PackageSpec

GROUP = "publish"


def publish(spec: PackageSpec) -> dg.AssetsDefinition:
    @dg.asset(
        name="publish_" + spec.name.replace("-", "_"),
        group_name=GROUP,
        ins={asset_name(t.name): dg.AssetIn() for t in spec.tables},
        required_resource_keys={"publish_target"},
        description=f"published/{spec.name}/: {spec.title}. Writes a new immutable version (Frictionless data "
        "package of CSV and Parquet, data dictionary, changelog) when the data changed, verified in staging "
        "before it is entered in published/index.json.",
    )
    def _publish(context: dg.AssetExecutionContext, **frames: pl.DataFrame) -> dg.MaterializeResult:
        target = context.resources.publish_target
        tables = {t.name: frames[asset_name(t.name)] for t in spec.tables}
        outcome = Releases(target.path, target.lock_timeout).publish(spec, tables)
        if outcome.bump:
            context.log.info(f"{spec.name}: version {outcome.version} ({outcome.bump})")
        else:
            context.log.info(f"{spec.name}: unchanged, {outcome.version} stays the latest")
        metadata = {
            "path": str(outcome.path),
            "version": outcome.version,
            "new_version": outcome.bump is not None,
            "bump": outcome.bump or "none",
        }
        return dg.MaterializeResult(metadata=metadata | {f"rows/{name}": n for name, n in outcome.rows.items()})

    return _publish


PACKAGE_ASSETS = [publish(spec) for spec in PACKAGES]


@dg.asset(
    group_name=GROUP,
    deps=PACKAGE_ASSETS,
    required_resource_keys={"publish_target"},
    description="published/catalog.jsonld and catalog.ttl: the DCAT-AP 3.0.1 catalogue of the latest version of "
    "every package, for data.europa.eu to harvest.",
)
def publish_catalog(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    target = context.resources.publish_target
    releases = Releases(target.path, target.lock_timeout)
    with releases.lock():
        paths = catalog.write(releases.index(), target.path, target.base_url or None)
    base_url = target.base_url or catalog.base_url()
    return dg.MaterializeResult(metadata={"files": ", ".join(p.name for p in paths), "base_url": base_url})


@dg.asset(
    group_name=GROUP,
    deps=PACKAGE_ASSETS,
    required_resource_keys={"publish_target"},
    description="published/index.html and published/site/: the static data website (a page per package version "
    "and per table, SVG charts, downloads with sizes and SHA-256, citation), rebuilt from what is published.",
)
def publish_site(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    target = context.resources.publish_target
    releases = Releases(target.path, target.lock_timeout)
    with releases.lock():
        paths = site.write(releases.index(), target.path, target.base_url or catalog.base_url())
    return dg.MaterializeResult(metadata={"files": ", ".join(p.name for p in paths)})


ASSETS = [*PACKAGE_ASSETS, publish_catalog, publish_site]
