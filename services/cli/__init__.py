"""`pmr`: the command line (serve, tokens, import, simulate, operations)."""
