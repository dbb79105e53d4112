"""The class list: a roster CSV with an id column (or N numbered variants), each id checked to be a safe name."""
import csv
import io
import re

from ..problem import files
from ..errors import InputError

# An id names the student's folder and files and stands on their sheets: a safe file name pdflatex can set.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}\Z")
ID_TEXT = "an id of 1 to 64 letters, digits and . _ @ + - (starting with a letter or digit)"
MAX_STUDENTS = 100_000
RESERVED = ("variants.csv", "roster.csv")


def read(path, column="id"):
    """The ids of a roster CSV, in its order; a missing column, an empty, duplicate or unsafe id is an InputError."""
    ids, _, _ = table(path, column)
    return ids


def table(path, column="id"):
    """(ids, header, rows) of a roster CSV: every column is kept, for the grade and gradebook files."""
    data = files.read_bytes(path, "roster (CSV)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, None, "UTF-8 text", "bytes that are not UTF-8") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise InputError(path, None, "a CSV file", f"a syntax error ({err})") from None
    if not rows:
        raise InputError(path, None, f"a header row with a column {column}", "an empty file")
    header = [h.strip() for h in rows[0]]
    found = [n for n, h in enumerate(header) if h.lower() == column.lower()]
    if len(found) != 1:
        got = "the columns " + ", ".join(repr(h) for h in header[:8]) if not found else f"{len(found)} such columns"
        raise InputError(path, column, f"one column named {column} (one row per student)", got)
    at = found[0]
    ids, seen, kept = [], {}, []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        student = row[at].strip() if at < len(row) else ""
        ids.append(check_id(path, f"{column} (line {line})", student, seen, line))
        if len(ids) > MAX_STUDENTS:
            raise InputError(path, None, f"at most {MAX_STUDENTS} students", "more")
        kept.append([c.strip() for c in row[:len(header)]] + [""] * (len(header) - len(row)))
    if not ids:
        raise InputError(path, column, "at least one student", "a header row alone")
    return ids, header, kept


def check_id(path, where, student, seen, line):
    """`student` when it is a safe id not in `seen` (lower-cased id -> line, which this fills): the one rule for
    every id read from any file (a roster, variants.csv). An InputError names the file and where in it."""
    if not isinstance(student, str) or not STUDENT_ID.match(student):
        raise InputError(path, where, ID_TEXT, repr(student[:40]) if student else "an empty cell")
    if student.lower() == "variants.csv":  # the folder's own list
        raise InputError(path, where, ID_TEXT + ", other than variants.csv", repr(student))
    if student.lower() in seen:  # ids name folders: S1 and s1 are one folder on some file systems
        raise InputError(path, where, "a different id on every row (letter case aside)",
                         f"{student!r} again (line {seen[student.lower()]})")
    seen[student.lower()] = line
    return student


def numbered(count):
    """The ids of --count N: v001, v002, ... (a variant's id, so its numbers, do not depend on N)."""
    return [f"v{n:03d}" for n in range(1, count + 1)]
