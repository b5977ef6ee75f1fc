"""One module per table: its fields, keys, rules and, for a core table, its register in raw/."""
