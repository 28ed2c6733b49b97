"""One module per alert rule, each with its stable id, basis and thresholds."""
