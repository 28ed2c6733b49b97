"""Each child's history, as recorded and as corrected."""
