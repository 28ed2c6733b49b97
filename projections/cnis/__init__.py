"""The register of children not in school, as a read model of the movement log."""
