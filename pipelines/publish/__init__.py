"""Layer 4, publish: package writer and verifier, releases (versions, index, lock), what changed, the
DCAT-AP catalogue, and the publish_* assets."""
