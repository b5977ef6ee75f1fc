"""publish_* assets: one per data package, the last step; they run only when every check passed."""

import dagster as dg
import polars as pl

from pipelines.publish import write_package
from pipelines.wiring import asset_name, with_parameters
from schemas.packages import PACKAGES, PackageSpec


def publish(spec: PackageSpec) -> dg.AssetsDefinition:
    inputs = [asset_name(t.name) for t in spec.tables]

    def run(context: dg.AssetExecutionContext, **frames: pl.DataFrame) -> dg.MaterializeResult:
        published = write_package(
            spec, {t.name: frames[asset_name(t.name)] for t in spec.tables}, context.resources.publish_target.path
        )
        return dg.MaterializeResult(
            metadata={"path": str(published.path), "files": published.files}
            | {f"rows/{name}": n for name, n in published.rows.items()}
        )

    return dg.asset(
        name="publish_" + spec.name.replace("-", "_"),
        group_name="publish",
        ins={name: dg.AssetIn() for name in inputs},
        required_resource_keys={"publish_target"},
        description=f"Writes published/{spec.name}/: {spec.title}, as a Frictionless data package of CSV and "
        "Parquet files with its data dictionary, verified in staging before it replaces the previous release.",
    )(with_parameters(run, ["context", *inputs]))


ASSETS = [publish(spec) for spec in PACKAGES]
