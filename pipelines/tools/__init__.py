"""Tools that are not pipeline steps: the exchange register template and synthetic registers."""
