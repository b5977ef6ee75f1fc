"""Assets in layers: raw → core → out → publish."""
