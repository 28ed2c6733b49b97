"""The simulator of a year's movements, and the published rates it draws on."""
