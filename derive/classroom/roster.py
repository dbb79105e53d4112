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


def read(path, column="id"):
    """The ids of a roster CSV, in its order; a missing column, an empty, duplicate or unsafe id is an InputError."""
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
    ids, seen = [], {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        student = row[at].strip() if at < len(row) else ""
        where = f"{column} (line {line})"
        if not STUDENT_ID.match(student):
            raise InputError(path, where, ID_TEXT, repr(student[:40]) if student else "an empty cell")
        if student.lower() == "variants.csv":  # the folder's own list
            raise InputError(path, where, ID_TEXT + ", other than variants.csv", repr(student))
        if student.lower() in seen:  # ids name folders: S1 and s1 are one folder on some file systems
            raise InputError(path, where, "a different id on every row (letter case aside)",
                             f"{student!r} again (line {seen[student.lower()]})")
        seen[student.lower()] = line
        ids.append(student)
    if not ids:
        raise InputError(path, column, "at least one student", "a header row alone")
    if len(ids) > MAX_STUDENTS:
        raise InputError(path, None, f"at most {MAX_STUDENTS} students", f"{len(ids)}")
    return ids


def numbered(count):
    """The ids of --count N: v001, v002, ... (a variant's id, so its numbers, do not depend on N)."""
    return [f"v{n:03d}" for n in range(1, count + 1)]
