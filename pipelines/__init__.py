"""The Dagster pipeline that turns raw/ into the published data packages."""
