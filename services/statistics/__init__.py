"""Statistics releases and open data: EES files, CSV writing, census report inputs and
chart.
"""
