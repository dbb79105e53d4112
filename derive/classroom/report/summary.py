"""The class report's numbers: scores, and for every step of the derivation (a key family, in the sheet's order)
the share of students correct, carried, wrong or silent, and where the first errors lie."""
import csv
import io
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...problem import files
from ...marking.check import CARRIED, CORRECT, VERDICTS, WRONG
from ...errors import InputError
from ..gradebook import marks_path
from ..grading import GRADED

BLANK = "blank"  # the student wrote no number of the step
SHARES = (CORRECT, CARRIED, WRONG, BLANK)
SAMPLE = re.compile(r"\.s\d+\.")


@dataclass
class Step:
    """One step of the derivation over the class: its key family, its phase and how many students did what."""

    family: str  # it1.s*.z: the quantity key with the sample left open
    phase: str  # forward, backward or update
    counts: dict = field(default_factory=lambda: dict.fromkeys(SHARES, 0))

    def share(self, what):
        total = sum(self.counts.values())
        return self.counts[what] / total if total else 0.0


@dataclass
class Student:
    """A graded row of grades.csv: id, score, first wrong key and its roster name, if any."""

    id: str
    score: float
    first_wrong: str
    name: str = ""


@dataclass
class ClassSummary:
    scores: list
    steps: list
    first_errors: list  # [(family, students)], most frequent first
    lowest: list  # the students with the lowest scores
    students: int  # rows of grades.csv
    title: str = ""

    @property
    def mean(self):
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self):
        return statistics.median(self.scores) if self.scores else None


def family(key):
    """it1.s2.z[1] -> it1.s*.z: a step of the derivation, whichever sample or element."""
    return SAMPLE.sub(".s*.", key.split("[", 1)[0])


def phase(q):
    """forward (layers and losses), backward (gradients) or update (new parameters and optimizer states)."""
    if q.role in ("param", "state"):
        return "update"
    return "backward" if ".grad." in q.key or q.key.endswith(".grad") else "forward"


def read_grades(path):
    """The rows of a grades.csv written by derive grade, and the verdicts of its marks file beside it."""
    data = files.read_bytes(path, "grades.csv (written by derive grade)")
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, None, "the grades.csv derive grade writes", type(err).__name__) from None
    if not rows or any(c not in rows[0] for c in ("id", "status", "score", "first_wrong")):
        raise InputError(path, None, "the columns id, status, score and first_wrong and a row per student",
                         "a file without them")
    marks = marks_path(path)
    raw = files.read_bytes(marks, "the marks file derive grade writes beside grades.csv")
    try:
        verdicts = [s["verdicts"] for s in json.loads(raw)["students"]]
    except (ValueError, KeyError, TypeError):
        raise InputError(marks, None, "the marks file derive grade writes", "another file") from None
    return rows, verdicts


def summarise(trace, rows, verdicts, lowest=5, student=""):
    """The class summary: `trace` (one variant, `student`'s) gives the steps' order; rows and verdicts come from
    read_grades."""
    from ...language import message
    from ..questions import asked

    steps = {}
    for key in asked(trace):
        steps.setdefault(family(key), Step(family(key), phase(trace[key])))
    for marks in verdicts:
        seen = {}
        for key, verdict in marks.items():
            if family(key) in steps and verdict in VERDICTS:
                worst = seen.get(family(key), CORRECT)
                seen[family(key)] = max(worst, verdict, key=VERDICTS.index)
        for name, step in steps.items():
            step.counts[seen.get(name, BLANK)] += 1
    graded = [r for r in rows if r["status"] == GRADED and r["score"] != ""]
    firsts = Counter(family(r["first_wrong"]) for r in graded if r["first_wrong"])
    order = {name: n for n, name in enumerate(steps)}
    first_errors = sorted(firsts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order))))
    people = [Student(r["id"], float(r["score"]), r["first_wrong"], _name(r)) for r in graded]
    people.sort(key=lambda s: (s.score, s.id))
    title, tail = str(trace.problem.title), message(trace.problem.language, "questions.variant", student=student)
    return ClassSummary([s.score for s in people], list(steps.values()), first_errors, people[:lowest], len(rows),
                        title[:-len(tail)] if student and title.endswith(tail) else title)


def _name(row):
    """A student's name from the roster's columns in grades.csv, if it has any."""
    lower = {k.lower().replace(" ", "").replace("_", ""): v for k, v in row.items() if k and v}
    first = lower.get("firstname", "")
    last = lower.get("lastname", lower.get("surname", ""))
    return " ".join(p for p in (first, last) if p) or lower.get("name", "")
