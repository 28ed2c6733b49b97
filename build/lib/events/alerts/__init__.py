"""Safeguarding alerts: rules over the event stream (one module each under rules/,
thresholds in thresholds.json, all asked by rulebook.py) and the Alert aggregate."""
