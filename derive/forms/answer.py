"""Writing a problem's answer sheet: the JSON, the LaTeX and its PDF, the web forms, all at once."""
from dataclasses import dataclass

from ..proofs import appendices
from ..errors import TexMissing
from ..language import LANGUAGES
from ..problem import limits, spec
from ..engine.pipeline import finite, trace_json
from ..engine.trace import build
from . import tex
from .outputs import check_outputs, dumps, output_path, write_outputs


@dataclass
class Outcome:
    """What a solve wrote, and a message for the user when the PDF could not be made."""

    written: list
    message: str = ""
    failed: bool = False


def solve_to(path, outdir="build", pdf=None, write_tex=True, language=None, web=(), detail=None):
    """Solve `path` and write OUTDIR/NAME.json, .tex and .pdf. pdf: True (required), False, None (if TeX exists).
    language overrides the file's [sheet] language, detail its [sheet] detail; a sheet not in English needs its
    TeX unless pdf is False.
    web: the web forms to write as well ("html": NAME.html, "markdown": NAME.md).

    Everything is computed, the PDF compiled, before any file is written; then all are written at once, so
    a failure (bad input, LaTeX, a missing TeX with pdf=True) leaves the outputs of an earlier run as they were."""
    if web:
        from . import web as web_forms

        web_forms.ready(web)  # before any work: a missing KaTeX is one line, nothing written
    problem = spec.load(path, language, detail)
    check_outputs([output_path(outdir, problem.name, s) for s in (".json", ".tex", ".pdf", ".html", ".md")], [path])
    if write_tex or web:
        limits.check_sheet(problem)
    trace = finite(build(problem))
    files = {output_path(outdir, problem.name, ".json"): dumps(trace_json(trace))}
    message = ""
    if write_tex:
        from ..forms.sheet import sheet_tex

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
