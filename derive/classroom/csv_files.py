"""The one CSV writer of derive (variants.csv, grades.csv, ...): every cell a spreadsheet would run as a
formula is neutralised, as OWASP recommends for CSV injection."""
import csv
import io
import re

# A spreadsheet runs a cell that starts with one of these (=HYPERLINK(...), =cmd|' /C calc'!A0, @SUM(...))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")


def cell(value):
    """The text of one cell: None is empty; a text a spreadsheet would run gets a leading ' (a plain number,
    such as -0.5, is left as it is: a spreadsheet reads it as the number)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_text(header, rows):
    """A CSV file's text: the header and one line per row (a list of cells), every cell through cell()."""
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)  # the plain one leaves a CR unquoted
    for row in [header, *rows]:
        cells = [cell(c) for c in row]
        (quoted if any("\r" in c for c in cells) else plain).writerow(cells)
    return out.getvalue()
