"""The January census: spike report, its measures and queries, exit statistics,
published rates.
"""
