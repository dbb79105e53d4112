"""The question sheet: the problem statement the answer sheet has, then what to compute, with blanks."""
import math

from ..marking.claims import asked
from ..marking.sections import section, section_title
from ..language import messages
from ..display.latex_text import escape
from ..display.render import render
from ..forms.sheet import SheetBuilder
from ..problem.limits import detailed

MAX_BLANK_CELLS = 24  # a larger value gets one line to write on, and its shape in words
MAX_BLANK_COLUMNS = 8


def questions_tex(trace, student=None, claims_file=None):
    """The question sheet's LaTeX: statement, instructions, and every number to work out under its key."""
    problem = trace.problem
    code, msg = problem.language, messages(problem.language)
    side = "r" if msg.rtl else "l"  # the columns' alignment: towards the symbol and key of the row (its start)
    groups = {}
    for key in asked(trace):
        q = trace[key]
        wide = len(q.shape) == 2 and q.shape[1] > 2
        # a wide matrix spans the columns of the right half too, so that it does not widen the left half
        cell = r"$%s$ & %s & %s{%s}" % (q.symbol, msg.latin(r"\texttt{%s}" % escape(key)),
                                        r"\multicolumn{4}{%s}" % side if wide else "",
                                        msg("questions.answer", blank=blank(q.shape)))
        groups.setdefault(section(q), (section_title(msg, q), []))[1].append((cell, wide))
    sections = [{"title": title, "rows": _rows(cells)} for title, cells in groups.values()]
    claims = msg.latin(escape(claims_file)) if claims_file else msg("questions.claims_default")
    return render(
        "questions.tex.j2", code,
        title=escape(problem.title, code),
        author=msg("questions.author_for", student=msg.latin(r"\texttt{%s}" % escape(student)))
        if student else msg("questions.author"),
        statement=SheetBuilder(trace).statement(),
        digits=problem.digits, claims=claims, per_sample=detailed(problem), sections=sections, side=side,
    )


def _rows(cells):
    """The table's rows, in order: two numbers to a row, a matrix of more than two columns on a row of its own."""
    rows, pending = [], []
    for cell, wide in cells:
        if wide or len(pending) == 2:
            rows += [" & ".join(pending + [" & &"] * (2 - len(pending)))] if pending else []
            pending = []
        pending.append(cell)
        if wide:
            rows.append(cell)
            pending = []
    if pending:
        rows.append(" & ".join(pending + [" & &"] * (2 - len(pending))))
    return rows


def blank(shape):
    """Empty boxes in the value's shape: a number, a column vector or a matrix."""
    n = math.prod(shape)
    if n == 1:
        return r"\blank"
    rows, cols = (shape[0], 1) if len(shape) == 1 else shape
    if n > MAX_BLANK_CELLS or cols > MAX_BLANK_COLUMNS:
        return r"\blankline\ \text{(%d $\times$ %d)}" % (rows, cols)
    row = " & ".join([r"\blank"] * cols)
    return r"\begin{bmatrix}" + r" \\ ".join([row] * rows) + r"\end{bmatrix}"
