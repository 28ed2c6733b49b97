"""Movement statistics and their disclosure control (suppression, rounding, the exact
audit), and the research extract.
"""
