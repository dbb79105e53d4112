"""The whole pipeline in one place: problem file -> spec -> model -> trace -> sheet, JSON, PDF."""
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import limits, spec, tex
from .errors import InputError, TexMissing
from .language import LANGUAGES
from .model import shared
from .outputs import check_outputs, dumps, output_path, write_outputs
from .trace import build

BUNDLED = Path(__file__).parent / "problems"
DEFAULT_PROBLEM = BUNDLED / "hw2.toml"


def solve_file(path, language=None):
    """Read, validate and solve a problem file (its sheets in `language`, else the file's); returns the trace.
    Its model's templates are those of every problem of its structure this process solved (grading a class)."""
    problem = spec.load(path, language)
    return finite(build(problem, shared(problem)))


def finite(trace):
    """The trace, if every value is finite; else an InputError naming the first quantity that overflowed."""
    for key, q in trace.quantities.items():
        value = np.asarray(q.value, dtype=float)
        if not np.all(np.isfinite(value)):
            raise InputError(trace.problem.path, key,
                             "a finite value (the problem's numbers overflow floating point: scale the data or "
                             "initial values down)", "nan" if np.isnan(value).any() else "inf")
    return trace


def trace_json(trace):
    """The JSON export: the problem as given and every quantity by key."""
    return {"problem": trace.problem.raw, "quantities": trace.as_json()}


def proof_settings(problem):
    """The proofs the problem asks for in [sheet] proofs (each checked to exist) and the optimizer settings
    they are worked with."""
    from . import proofs

    for name in problem.proofs:
        if name not in proofs.PROOF_NAMES:
            raise InputError(problem.path, "sheet.proofs", "proof names among " + ", ".join(proofs.PROOF_NAMES),
                             repr(name))
    return list(problem.proofs), dict(problem.optimizer.settings, kind=problem.optimizer.kind, lr=problem.optimizer.lr)


def appendices(problem):
    """LaTeX appendices the problem asks for in [sheet] proofs."""
    if not problem.proofs:
        return []
    from . import proofs

    names, settings = proof_settings(problem)
    return [proofs.appendix_latex(names, settings, problem.digits, problem.language)]


@dataclass
class Outcome:
    """What a solve wrote, and a message for the user when the PDF could not be made."""

    written: list
    message: str = ""
    failed: bool = False


def solve_to(path, outdir="build", pdf=None, write_tex=True, language=None, web=()):
    """Solve `path` and write OUTDIR/NAME.json, .tex and .pdf. pdf: True (required), False, None (if TeX exists).
    language overrides the file's [sheet] language; a sheet not in English needs its TeX unless pdf is False.
    web: the web forms to write as well ("html": NAME.html, "markdown": NAME.md).

    Everything is computed, the PDF compiled, before any file is written; then all are written at once, so
    a failure (bad input, LaTeX, a missing TeX with pdf=True) leaves the outputs of an earlier run as they were."""
    if web:
        from . import web as web_forms

        web_forms.ready(web)  # before any work: a missing KaTeX is one line, nothing written
    problem = spec.load(path, language)
    check_outputs([output_path(outdir, problem.name, s) for s in (".json", ".tex", ".pdf", ".html", ".md")], [path])
    if write_tex or web:
        limits.check_sheet(problem)
    trace = finite(build(problem))
    files = {output_path(outdir, problem.name, ".json"): dumps(trace_json(trace))}
    message = ""
    if write_tex:
        from .sheet import sheet_tex

        files[output_path(outdir, problem.name, ".tex")] = tex_text = sheet_tex(trace, appendices(problem))
        if pdf is not False:
            engine = LANGUAGES[problem.language].engine
            try:
                files[output_path(outdir, problem.name, ".pdf")] = tex.pdf_bytes(tex_text, engine=engine)
            except TexMissing as err:
                if pdf is True or engine != "pdflatex":  # asking for Persian is asking for its PDF
                    return Outcome([], str(err), failed=True)
                message = str(err)
    for suffix, text in (web_forms.documents(trace, web).items() if web else ()):
        files[output_path(outdir, problem.name, suffix)] = text
    return Outcome(write_outputs(files, inputs=[path]), message)
