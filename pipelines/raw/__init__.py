"""Layer 1, raw: readers that turn files in raw/ into frames of text cells with provenance (file, sheet,
row), and the raw_* assets. They interpret nothing; typing is the core layer's job."""
