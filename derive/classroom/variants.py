"""One student's variant: draw its numbers (redrawing degenerate draws, within a bound), solve it, and write
its problem file, question sheet, answer sheet, JSON and blank claims file together, all or nothing."""
from dataclasses import dataclass, fields
from pathlib import Path

from ..display import latex_text
from ..problem import limits, spec
from ..forms import tex
from ..marking.blank_claims import blank
from ..errors import InputError, TexError, TexMissing, one_line
from ..language import LANGUAGES, message
from ..forms.outputs import dumps, write_files
from ..proofs import appendices
from ..engine.pipeline import finite, trace_json
from ..forms.sheet import sheet_tex as answer_sheet
from ..network.model import shared
from ..engine.trace import build
from . import csv_files, degenerate, toml_text
from .questions import questions_tex
from .vary import draw, student_seed

OK = "ok"


@dataclass(frozen=True)
class Job:
    """What a worker needs to make one student's variant."""

    plan: object
    student: str
    outdir: Path
    sheets: bool  # write the question and answer sheets (LaTeX), else the problem file, JSON and claims only
    pdf: object  # True: PDFs required; None: PDFs if TeX exists; False: LaTeX only
    write: bool = True  # False (on a cluster's worker): the row carries the files, for deliver() to write


@dataclass
class Row:
    """One line of variants.csv; file names are relative to the variants folder."""

    id: str
    seed: int
    draw: int = 0  # which draw was kept (1 = the first)
    degenerate: str = ""  # why even the kept draw is degenerate, when every draw was
    problem: str = ""
    questions: str = ""
    answers: str = ""
    json: str = ""
    claims: str = ""
    status: str = OK
    message: str = ""  # for the terminal only (no TeX), not in the CSV
    files: dict = None  # path -> contents, when the job left the writing to deliver(); not in the CSV

    @classmethod
    def columns(cls):
        return [f.name for f in fields(cls) if f.name not in ("message", "files")]

    def cells(self):
        return [str(getattr(self, name)) for name in self.columns()]


def make(job):
    """Make one variant; every failure is a row saying so, so that the other variants still finish."""
    seed = student_seed(job.plan.seed, job.student)
    try:
        return _make(job, seed)
    except InputError as err:
        return Row(job.student, seed, status=f"failed: {err}")
    except TexError as err:
        return Row(job.student, seed, status=f"failed: LaTeX failed for {job.student}: {_one_line(err)}")
    except OSError as err:
        return Row(job.student, seed, status=f"failed: cannot write {err.filename or job.outdir}: {err.strerror}")
    except Exception as err:  # a bug of ours in one variant must not stop the class
        return Row(job.student, seed, status=f"failed: internal error ({type(err).__name__}: {_one_line(err)})")


def deliver(row):
    """Write the files a variant's row carries (made on a cluster's worker) all at once, here; the row."""
    files, row.files = row.files, None
    if files:
        try:
            write_files(files)
        except OSError as err:
            return Row(row.id, row.seed, status=f"failed: cannot write {err.filename or row.id}: {err.strerror}")
    return row


def crashed(job, err):
    """The row of a variant whose worker process died."""
    return Row(job.student, student_seed(job.plan.seed, job.student),
               status=f"failed: the worker process stopped ({type(err).__name__})")


def choose(plan, student, seed, path):
    """(draw number, tables, trace, reasons): the first usable draw, else the least degenerate of plan.draws."""
    best = None
    for attempt in range(plan.draws):
        raw = draw(plan, seed, attempt)
        raw["title"] = variant_title(raw.get("title", plan.path.stem), student, plan.language)
        try:
            problem = spec.parse(raw, path)
            trace = finite(build(problem, shared(problem)))
            found = degenerate.reasons(trace, plan.reject)
        except InputError as err:  # the draw overflows floating point (or the problem refuses it)
            trace, found = None, [f"{err.key}: expected {err.expected}, got {err.got}"]
        if trace is not None and (best is None or len(found) < len(best[3])):
            best = (attempt + 1, raw, trace, found)
        if trace is not None and not found:
            break
    if best is None:  # say why the last draw failed: an overflow, or a value the problem refuses
        raise InputError(plan.path, "vary", "numbers a variant can be solved with",
                         f"{plan.draws} draws for {student} that all fail ({found[0]})")
    return best


def warm(problem, sheets):
    """Build what every variant shares before the worker processes fork from this one."""
    shared(problem)
    if sheets:
        appendices(problem)


def paths(outdir, student):
    """Every file a student's variant may have: {what: path} (the sheets as .tex and as .pdf)."""
    folder = Path(outdir) / student
    out = {"problem": folder / f"{student}.toml", "json": folder / f"{student}-answers.json",
           "claims": folder / f"{student}-claims.toml"}
    for what in ("questions", "answers"):
        out[what + ".tex"], out[what + ".pdf"] = folder / f"{student}-{what}.tex", folder / f"{student}-{what}.pdf"
    return out


def _make(job, seed):
    student, planned = job.student, paths(job.outdir, job.student)
    path = planned["problem"]
    number, raw, trace, found = choose(job.plan, student, seed, path)
    row = Row(student, seed, number, "; ".join(found))
    header = (f"# Variant {student} of {one_line(job.plan.path.name)}: student seed {seed}, draw {number}.\n"
              f"# Written by derive variants: solve it with derive solve, mark claims with derive check.\n")
    files = {path: toml_text.dumps(raw, header)}
    names = {"problem": path}
    names["json"] = planned["json"]
    files[names["json"]] = dumps(trace_json(trace))
    names["claims"] = planned["claims"]
    files[names["claims"]] = blank(trace, path.name)
    if job.sheets:
        limits.check_sheet(trace.problem)
        sources = {"questions": questions_tex(trace, student, names["claims"].name),
                   "answers": sheet_tex(trace)}
        for what, source in sources.items():
            names[what] = planned[what + ".tex"]
            files[names[what]] = source
        if job.pdf is not False:
            try:
                for what, source in sources.items():
                    try:
                        pdf = tex.pdf_bytes(source, engine=LANGUAGES[trace.problem.language].engine,
                                             shared=True)  # the preamble and the proofs' pictures: once
                    except TexError as err:
                        raise TexError(f"the {what} sheet: {_one_line(err)}") from None
                    names[what] = planned[what + ".pdf"]
                    files[names[what]] = pdf
            except TexMissing as err:
                if job.pdf is True:
                    raise InputError("--pdf", None, "TeX to compile the sheets with", str(err)) from None
                row.message = str(err)
    if job.write:
        write_files(files)
    else:
        row.files = files
    for what, name in names.items():
        setattr(row, what, name.relative_to(job.outdir).as_posix())
    return row


def solved_for_marking(path):
    """A variant's trace, within check's bound on the numbers it recomputes from a student's (as derive check)."""
    problem = spec.load(path)
    limits.check_marking(problem)
    return finite(build(problem))


def sheet_tex(trace):
    """The answer sheet, with the appendices the problem asks for."""
    return answer_sheet(trace, appendices(trace.problem))


def variant_title(title, student, language="en"):
    """The title of a student's variant: the problem's, with the student's id (shortened to fit if need be)."""
    tail = message(language, "questions.variant", student=student)
    if len(title) + len(tail) > limits.MAX_TEXT:
        title = title[:limits.MAX_TEXT - len(tail) - 3].rstrip() + "..."
    text = title + tail
    return text if not latex_text.refusal(text, language=language) else title


def _one_line(err):
    return " ".join(str(err).split())[:300]


CSV_NAME = "variants.csv"


def csv_text(rows, columns=None):
    """A CSV file's text: the header (variants.csv's by default) and one line per row (its cells())."""
    return csv_files.csv_text(columns or Row.columns(), (row.cells() for row in rows))
