"""Readers turn raw files into frames of text cells with provenance; they interpret nothing."""
