"""Grading a class: each student's claims file marked against their own variant, one row of grades.csv each;
a missing or broken submission is a row with its reason."""
import csv
import io
import math
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import InputError, TexError, TexMissing
from ..forms import tex
from ..forms.outputs import stage
from ..language import LANGUAGES
from ..marking.check import CARRIED, CORRECT, IMPRECISE, UNANSWERED, VERDICTS, WEIGHTS, WRONG, mark
from ..marking.claims import load, parse
from ..marking.marked_sheet import marked_tex
from ..marking.policy import Policy
from ..problem import files
from . import swapped
from .roster import MAX_STUDENTS, check_id
from .variants import CSV_NAME, OK, solved_for_marking

GRADED, MISSING, BROKEN, NO_VARIANT = "graded", "missing", "broken", "no variant"
SUBMISSION_NAMES = ("{id}.toml", "{id}-claims.toml")  # what a student hands in: ID.toml, or the file handed out


@dataclass
class Grade:
    """One line of grades.csv."""

    id: str
    status: str
    correct: int = None  # counts of the asked numbers: only for a graded submission; they add up to asked
    carried: int = None
    imprecise: int = None
    wrong: int = None
    unanswered: int = None
    asked: int = None  # numbers the question sheet asks for
    score: str = ""  # percent of the asked numbers, weighted by verdict
    first_wrong: str = ""
    unknown_keys: str = ""  # keys the problem does not have, each with its closest keys: "it1.gard.W (it1.grad.W)"
    reason: str = ""
    marked: str = ""  # the marked sheet's PDF, when asked for
    other_variant: str = ""  # the id of another student whose variant the claims match better (swapped.py)
    verdicts: dict = None  # {quantity: its worst verdict} of a graded submission, for the class report; not a column
    files: dict = None  # the marked sheet, when the job left the writing to deliver(); not in the CSV

    @classmethod
    def columns(cls):
        return [f.name for f in fields(cls) if f.name not in ("verdicts", "files")]

    def cells(self):
        return ["" if getattr(self, name) is None else str(getattr(self, name)) for name in self.columns()]


@dataclass(frozen=True)
class Job:
    """What a worker needs to grade one student."""

    student: str
    problem: Path  # the student's variant, or None when it was not made
    claims: Path  # the folder of the submissions (answers read back: the responses file and line, for messages)
    weights: tuple  # ((verdict, weight), ...)
    marked: Path = None  # folder of the marked PDFs, or None
    why_no_variant: str = ""
    policy: tuple = (None, None)  # --min-digits, --min-decimals (None: the variant's [check], else the default)
    answers: tuple = None  # ((key, number as typed), ...) read back from a platform, in place of a claims file
    asked: tuple = None  # the element keys a platform's quiz asked, when not every key of the question sheet
    name: str = ""  # the student's name from the class's roster, for the marked sheet's header
    write: bool = True  # False (on a cluster's worker): the row carries the marked sheet, for deliver() to write


def weights_of(text):
    """--weights correct=1,carried=0.5,imprecise=0.5,wrong=0: any verdict left out keeps its default."""
    weights = dict(WEIGHTS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in VERDICTS:
            raise InputError("--weights", name or part, "correct=, carried=, imprecise= or wrong= with a number",
                             repr(part))
        try:
            weights[name] = float(value)
        except ValueError:
            raise InputError("--weights", name, "a number", repr(value.strip())) from None
        if not math.isfinite(weights[name]) or abs(weights[name]) > 100:
            raise InputError("--weights", name, "a number from -100 to 100", repr(value.strip()))
    if weights[CORRECT] <= 0:
        raise InputError("--weights", CORRECT, "a weight > 0 (a full mark)", repr(weights[CORRECT]))
    return weights


def read_variants(folder):
    """(id, problem file or None, why not) of every student in FOLDER/variants.csv, in its order."""
    path = Path(folder) / CSV_NAME
    if not Path(folder).is_dir():
        raise InputError(folder, None, "a folder written by derive variants", "no such folder")
    data = files.read_bytes(path, f"{CSV_NAME} (written by derive variants)")
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        needed = ("id", "problem", "status")
        if any(c not in (reader.fieldnames or ()) for c in needed):
            raise InputError(path, None, "the columns " + ", ".join(needed) + " and a row per student",
                             "a file without them")
        out, seen = [], {}
        for row in reader:
            if len(out) >= MAX_STUDENTS:
                raise InputError(path, None, f"at most {MAX_STUDENTS} students", "more")
            out.append(_student(folder, path, row, check_id(path, f"id (line {reader.line_num})", row["id"], seen,
                                                            reader.line_num)))
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, None, f"the {CSV_NAME} derive variants writes", type(err).__name__) from None
    if not out:
        raise InputError(path, None, "a row per student", "a header row alone")
    return out


def submissions(folder, student):
    """The files of a student's submission in `folder`: ID.toml and ID-claims.toml, those that exist."""
    paths = [folder / name.format(id=student) for name in SUBMISSION_NAMES]
    return [path for path in paths if path.exists()]


def _student(folder, path, row, student):
    """(id, problem file or None, why not) of one row of variants.csv."""
    problem = row["problem"]
    if row["status"] != OK or not problem:
        return student, None, row["status"] or "its variant was not made"
    if Path(problem).is_absolute() or ".." in Path(problem).parts or not files.inside(folder, Path(folder) / problem):
        raise InputError(path, f"problem ({student})", "a file inside the folder", repr(problem))
    return student, Path(folder) / problem, ""


def grade(job):
    """Mark one student's claims against their own variant; never raises for a student's file."""
    if job.problem is None:
        return Grade(job.student, NO_VARIANT, reason=job.why_no_variant)
    if job.answers is None:
        found = submissions(job.claims, job.student)
        if not found:
            return Grade(job.student, MISSING, reason="no file " + " or ".join(n.format(id=job.student)
                                                                              for n in SUBMISSION_NAMES))
        if len(found) > 1:
            return Grade(job.student, BROKEN, reason="two submissions, " + " and ".join(p.name for p in found)
                         + ": keep one")
        if not files.inside(job.claims, found[0]):
            return Grade(job.student, BROKEN,
                         reason=f"{found[0].name} is a link to a file outside the submissions folder")
    try:
        trace = solved_for_marking(job.problem)
        policy = Policy.from_problem(trace.problem).with_overrides(*job.policy)
    except InputError as err:
        return Grade(job.student, NO_VARIANT, reason=_one_line(err))
    try:
        claims = load(found[0], trace) if job.answers is None else parse(dict(job.answers), trace, job.claims)
        report = mark(trace, claims, policy)
    except InputError as err:
        return Grade(job.student, BROKEN, reason=_one_line(err))
    except RecursionError:
        return Grade(job.student, BROKEN, reason="nested too deeply")
    weights = dict(job.weights)
    counts, asked_numbers, got = report.counts(), report.asked, report.score(weights)
    if job.asked is not None:  # a platform's quiz asked these element keys only: they are what is counted
        chosen = set(job.asked)
        found = [m.verdict for m in report.marks if m.counted and m.key in chosen]
        counts = {v: found.count(v) for v in VERDICTS}
        counts[UNANSWERED] = asked_numbers = len(chosen)
        counts[UNANSWERED] -= len(found)
        got = 100 * sum(weights[v] for v in found) / (weights[CORRECT] * len(chosen)) if chosen else None
    first = report.first_error
    row = Grade(job.student, GRADED, counts[CORRECT], counts[CARRIED], counts[IMPRECISE], counts[WRONG],
                counts[UNANSWERED], asked_numbers, "" if got is None else f"{got:.1f}", first.key if first else "",
                unknown_keys(report.claims), "" if report.marks else "no claims in the file",
                verdicts={step.key: step.verdict for step in report.steps})
    if job.answers is None:
        row.submission = found[0]  # for swapped.py (not a column)
        swapped.sign(row, trace, report.claims)
    if job.marked is not None:
        target = job.marked / f"{job.student}-marked.pdf"
        try:
            engine = LANGUAGES[trace.problem.language].engine  # a Persian variant's marked sheet needs XeLaTeX
            source = marked_tex(report, student=job.student, name=job.name or None, weights=weights)
            pdf = tex.pdf_bytes(source, engine=engine, shared=True)
            if job.write:
                stage(target, pdf)  # moved into place with grades.csv
            else:
                row.files = {target: pdf}
            row.marked = str(target)
        except (TexError, TexMissing) as err:
            row.reason = f"marked sheet not written: {_one_line(err)}"
        except OSError as err:
            row.reason = f"marked sheet not written: {err.strerror}"
    return row


def unknown_keys(claims):
    """The unknown keys of a claims file for grades.csv, each with its closest keys: 'it1.gard.W (it1.grad.W)'."""
    return "; ".join(key + (f" ({', '.join(close)})" if close else "") for key, close in claims.unknown)


def deliver(row):
    """Stage the marked sheet a row carries (made on a cluster's worker), here; the row."""
    files, row.files = row.files, None
    if files:
        try:
            for path, data in files.items():
                stage(path, data)  # moved into place with grades.csv
        except OSError as err:
            row.marked, row.reason = "", f"marked sheet not written: {err.strerror}"
    return row


def crashed(job, err):
    return Grade(job.student, BROKEN, reason=f"the worker process stopped ({type(err).__name__})")


def csv_text(rows):
    """grades.csv: the header and one line per student (the CSV writing of variants.csv)."""
    from .variants import csv_text as table

    return table(rows, Grade.columns())


def _one_line(err):
    return " ".join(str(err).split())[:300]
