"""German numbers, amounts, periods and quarters, formatted and parsed in one place.

``numbers`` (1.234,5; 250.000 €; the one number parser), ``periods`` ("2023",
"2023-Q1" of indicator values) and ``quarters`` ("2019-Q3" of measures, "III/2019").
"""
