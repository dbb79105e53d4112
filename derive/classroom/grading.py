"""Grading a class: each student's claims file marked against their own variant, one row of grades.csv each;
a missing or broken submission is a row with its reason."""
import csv
import io
import math
from dataclasses import dataclass, fields
from pathlib import Path

from ..engine.pipeline import solve_file
from ..errors import InputError, TexError, TexMissing
from ..forms import tex
from ..forms.outputs import write_files
from ..language import LANGUAGES
from ..marking.check import CARRIED, CORRECT, IMPRECISE, UNANSWERED, VERDICTS, WEIGHTS, WRONG, mark
from ..marking.claims import load
from ..marking.marked_sheet import marked_tex
from ..marking.policy import Policy
from ..problem import files
from .variants import CSV_NAME, OK

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

    @classmethod
    def columns(cls):
        return [f.name for f in fields(cls)]

    def cells(self):
        return ["" if getattr(self, name) is None else str(getattr(self, name)) for name in self.columns()]


@dataclass(frozen=True)
class Job:
    """What a worker needs to grade one student."""

    student: str
    problem: Path  # the student's variant, or None when it was not made
    claims: Path  # the folder of the submissions
    weights: tuple  # ((verdict, weight), ...)
    marked: Path = None  # folder of the marked PDFs, or None
    why_no_variant: str = ""
    policy: tuple = (None, None)  # --min-digits, --min-decimals (None: the variant's [check], else the default)


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
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, None, f"the {CSV_NAME} derive variants writes", type(err).__name__) from None
    needed = ("id", "problem", "status")
    if not rows or any(c not in rows[0] for c in needed):
        raise InputError(path, None, "the columns " + ", ".join(needed) + " and a row per student",
                         "a file without them")
    out = []
    for row in rows:
        problem = row["problem"]
        if row["status"] != OK or not problem:
            out.append((row["id"], None, row["status"] or "its variant was not made"))
        elif Path(problem).is_absolute() or ".." in Path(problem).parts:
            raise InputError(path, f"problem ({row['id']})", "a file inside the folder", repr(problem))
        else:
            out.append((row["id"], Path(folder) / problem, ""))
    return out


def submissions(folder, student):
    """The files of a student's submission in `folder`: ID.toml and ID-claims.toml, those that exist."""
    paths = [folder / name.format(id=student) for name in SUBMISSION_NAMES]
    return [path for path in paths if path.exists()]


def grade(job):
    """Mark one student's claims against their own variant; never raises for a student's file."""
    if job.problem is None:
        return Grade(job.student, NO_VARIANT, reason=job.why_no_variant)
    found = submissions(job.claims, job.student)
    if not found:
        return Grade(job.student, MISSING, reason="no file " + " or ".join(n.format(id=job.student)
                                                                          for n in SUBMISSION_NAMES))
    if len(found) > 1:
        return Grade(job.student, BROKEN, reason="two submissions, " + " and ".join(p.name for p in found)
                     + ": keep one")
    try:
        trace = solve_file(job.problem)
        policy = Policy.from_problem(trace.problem).with_overrides(*job.policy)
    except InputError as err:
        return Grade(job.student, NO_VARIANT, reason=_one_line(err))
    try:
        report = mark(trace, load(found[0], trace), policy)
    except InputError as err:
        return Grade(job.student, BROKEN, reason=_one_line(err))
    except RecursionError:
        return Grade(job.student, BROKEN, reason="nested too deeply")
    weights = dict(job.weights)
    counts = report.counts()
    first = report.first_error
    got = report.score(weights)
    row = Grade(job.student, GRADED, counts[CORRECT], counts[CARRIED], counts[IMPRECISE], counts[WRONG],
                counts[UNANSWERED], report.asked, "" if got is None else f"{got:.1f}", first.key if first else "",
                unknown_keys(report.claims), "" if report.marks else "no claims in the file")
    if job.marked is not None:
        target = job.marked / f"{job.student}-marked.pdf"
        try:
            engine = LANGUAGES[trace.problem.language].engine  # a Persian variant's marked sheet needs XeLaTeX
            source = marked_tex(report, student=job.student, weights=weights)
            write_files({target: tex.pdf_bytes(source, engine=engine)})
            row.marked = str(target)
        except (TexError, TexMissing) as err:
            row.reason = f"marked sheet not written: {_one_line(err)}"
        except OSError as err:
            row.reason = f"marked sheet not written: {err.strerror}"
    return row


def unknown_keys(claims):
    """The unknown keys of a claims file for grades.csv, each with its closest keys: 'it1.gard.W (it1.grad.W)'."""
    return "; ".join(key + (f" ({', '.join(close)})" if close else "") for key, close in claims.unknown)


def crashed(job, err):
    return Grade(job.student, BROKEN, reason=f"the worker process stopped ({type(err).__name__})")


def csv_text(rows):
    """grades.csv: the header and one line per student (the CSV writing of variants.csv)."""
    from .variants import csv_text as table

    return table(rows, Grade.columns())


def _one_line(err):
    return " ".join(str(err).split())[:300]
