"""The class list beside the grades: roster.csv (every roster column, kept by derive variants), grades.csv with
those columns, and the gradebook files Moodle's and Canvas's CSV imports read."""
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..problem import files
from ..errors import InputError
from .variants import csv_text

ROSTER_NAME = "roster.csv"
# a gradebook's column -> the roster headers (compared in lower case, without spaces, _ and -) that fill it
FIELDS = {
    "first": ("firstname", "givenname", "first"),
    "last": ("lastname", "surname", "familyname", "last"),
    "name": ("name", "fullname", "student", "studentname"),
    "email": ("emailaddress", "email", "mail"),
    "number": ("idnumber", "studentnumber", "studentid", "sisuserid", "matriculationnumber"),
    "login": ("sisloginid", "login", "username", "loginid"),
    "section": ("section", "group"),
    "canvas": ("canvasid", "canvasuserid"),
}
GRADEBOOKS = ("moodle", "canvas")


@dataclass
class Line:
    """A row of cells for the one CSV writer (variants.csv_text)."""

    values: list

    def cells(self):
        return ["" if v is None else str(v) for v in self.values]


def roster_text(ids, header, rows, column):
    """DIR/roster.csv: the id column first (named id), then every other column of the roster as it was."""
    at = [h.lower() for h in header].index(column.lower())
    keep = [n for n in range(len(header)) if n != at]
    lines = [Line([student] + [row[n] for n in keep]) for student, row in zip(ids, rows)]
    return csv_text(lines, ["id"] + [header[n] for n in keep])


def read_roster(folder):
    """(header without id, {id: {column: cell}}) of DIR/roster.csv, or ([], {}) when the class had no roster."""
    path = Path(folder) / ROSTER_NAME
    if not path.is_file():
        return [], {}
    try:
        rows = list(csv.reader(io.StringIO(files.read_bytes(path, "roster.csv").decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, None, "the roster.csv derive variants writes", type(err).__name__) from None
    if not rows or not rows[0] or rows[0][0] != "id":
        raise InputError(path, None, "the roster.csv derive variants writes (an id column first)", "another file")
    header = rows[0][1:]
    return header, {r[0]: dict(zip(header, r[1:])) for r in rows[1:] if r}


def grades_text(grades, columns, people):
    """grades.csv: derive's columns (Grade.columns()), then every roster column of each student (`people`: one
    {column: cell} per grade, in the order of the `columns` header)."""
    lines = [Line(g.cells() + [person.get(c, "") for c in columns]) for g, person in zip(grades, people)]
    header = grades[0].columns() if grades else []
    return csv_text(lines, header + [c for c in columns if c not in header])


def _field(person, name):
    """The roster's cell for a gradebook field, by the usual names of such a column; "" when it has none."""
    for column, cell in person.items():
        if column.lower().replace(" ", "").replace("_", "").replace("-", "") in FIELDS[name] and cell.strip():
            return cell.strip()
    return ""


def person_name(person):
    """A roster row's name as a gradebook writes it: 'Last, First', else its name column, else ''."""
    last, first = _field(person, "last"), _field(person, "first")
    if last or first:
        return ", ".join(p for p in (last, first) if p)
    return _field(person, "name")


def _best(grades, people):
    """One (grade, person) per person: of several attempts, the highest score (Moodle's default grading method)."""
    best = {}
    for g, p in zip(grades, people):
        if g.score == "":
            continue
        who = _field(p, "email") or _field(p, "number") or person_name(p) or g.id
        if who not in best or float(g.score) > float(best[who][0].score):
            best[who] = (g, p)
    return list(best.values())


def gradebook_text(kind, grades, people, assignment):
    """The gradebook CSV of `kind` (moodle or canvas): one row per graded student (their best attempt), the score
    in percent."""
    people = [p or {} for p in people]
    if kind == "moodle":
        if not any(_field(p, "email") or _field(p, "number") for p in people):
            raise InputError("--gradebook moodle", None, "a roster with an email or ID number column (Moodle's "
                                                         "import maps students by one of them)", "neither")
        lines = [Line([_field(p, "first"), _field(p, "last"), _field(p, "number"), _field(p, "email"), g.score])
                 for g, p in _best(grades, people)]
        return csv_text(lines, ["First name", "Last name", "ID number", "Email address", assignment])
    if kind == "canvas":
        lines = [Line(["    Points Possible", "", "", "", "", "100"])]
        lines += [Line([person_name(p) or g.id, _field(p, "canvas"), _field(p, "number") or g.id, _field(p, "login")
                        or _field(p, "email"), _field(p, "section"), g.score])
                  for g, p in _best(grades, people)]
        return csv_text(lines, ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
    raise ValueError(kind)


def gradebook_path(output, kind):
    """grades.csv -> grades-moodle.csv (or -canvas.csv), beside it."""
    output = Path(output)
    return output.with_name(f"{output.stem}-{kind}.csv")


def marks_path(output):
    """grades.csv -> grades-marks.json, beside it: each student's verdict of every quantity, for derive report."""
    output = Path(output)
    return output.with_name(f"{output.stem}-marks.json")


def marks_json(grades):
    """{id: {quantity: verdict}} of the graded rows (an id graded twice, as two attempts, keeps both in order)."""
    from ..forms.outputs import dumps

    return dumps({"students": [{"id": g.id, "verdicts": g.verdicts} for g in grades if g.verdicts is not None]})
