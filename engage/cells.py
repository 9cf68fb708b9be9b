"""Spreadsheet cells that stay text: shared by the exports and the administrators' response tools."""

# Spreadsheet programs run a text cell that starts with one of these as a formula, even after
# spaces or line breaks; a leading tab or carriage return is refused too (OWASP's CSV injection advice:
# some programs drop it and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@")
CELL_BREAKS = ("\t", "\r")
