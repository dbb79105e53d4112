"""The claims and check subcommands: a claims file to fill in; the marks as a table, JSON and a marked sheet."""
import os
import re
import sys
from pathlib import Path

import numpy as np
import sympy as sp

from . import numbers
from .check import CARRIED, CORRECT, WRONG, mark, show
from .claims import blank, load, section, section_title
from .commands import add_detail_option, add_language_option
from .language import messages
from .latex_text import escape

COLOURS = {CORRECT: "32", CARRIED: "33", WRONG: "31"}


def register(sub):
    """Add claims and check to the CLI."""
    c = sub.add_parser("claims", help="print a claims file to fill in: every key, commented out",
                       description="Print a claims file for the problem to standard output (redirect it to a file, "
                                   "e.g. `> mine.toml`): every key a student can claim, commented out, to fill in "
                                   "with hand-worked numbers. Writes no file itself.")
    c.add_argument("problem", nargs="?", help="problem file (default: the bundled problems/hw2.toml)")
    c.set_defaults(func=claims_command)

    k = sub.add_parser("check", help="mark a claims file: correct, carried or wrong, number by number",
                       description="Mark a claims file against the problem: a table in the terminal; with --json "
                                   "FILE the marks as JSON, with --tex/--pdf the marked sheet OUTDIR/CLAIMS-marked"
                                   ".tex/.pdf (CLAIMS: the claims file's name without .toml). Exit 1 when a "
                                   "number is wrong.")
    k.add_argument("problem", help="problem file (first; `derive claims PROBLEM` writes a claims file for it)")
    k.add_argument("claims", help="claims file (TOML): keys and the numbers you worked out")
    k.add_argument("--json", metavar="FILE", help="also write the marks as JSON")
    k.add_argument("--pdf", action="store_true", help="also write the marked sheet as PDF")
    k.add_argument("--tex", action="store_true", help="also write the marked sheet's LaTeX")
    k.add_argument("-o", "--outdir", default="build", help="folder of the marked sheet (default: build)")
    k.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the table (default: auto, when the output is a terminal)")
    add_language_option(k, "the marked sheet")
    add_detail_option(k)
    k.set_defaults(func=check_command)


def claims_command(args):
    from .pipeline import DEFAULT_PROBLEM, solve_file

    problem = args.problem or DEFAULT_PROBLEM
    trace = solve_file(problem)
    sys.stdout.write(blank(trace, Path(problem).name))
    return 0


def check_command(args):
    from . import limits, spec
    from .outputs import check_outputs, dumps, output_path, write_outputs
    from .pipeline import finite
    from .trace import build

    inputs = [args.problem, args.claims]
    sheet = {s: output_path(args.outdir, Path(args.claims).stem + "-marked", s) for s in (".tex", ".pdf")}
    check_outputs(([args.json] if args.json else []) + [sheet[".tex"]] * args.tex + [sheet[".pdf"]] * args.pdf,
                  inputs)
    problem = spec.load(args.problem, args.language, args.detail)
    limits.check_marking(problem)
    trace = finite(build(problem))
    report = mark(trace, load(args.claims, trace))
    files = {}
    if args.json:
        files[args.json] = dumps(report.export())
    if args.tex or args.pdf:
        source = marked_tex(report)
        if args.tex:
            files[sheet[".tex"]] = source
        if args.pdf:  # compiled before anything is written: a failure leaves earlier outputs as they were
            from . import tex
            from .errors import TexError, TexMissing
            from .language import LANGUAGES

            try:
                files[sheet[".pdf"]] = tex.pdf_bytes(source, engine=LANGUAGES[trace.problem.language].engine)
            except (TexError, TexMissing) as err:
                sys.stdout.write(table(report, _colour(args)))
                if isinstance(err, TexMissing):  # one line: what to install
                    print(f"derive: {err}", file=sys.stderr)
                else:
                    print(f"derive: the marked sheet did not compile, so nothing was written:\n{err}", file=sys.stderr)
                return 1
    written = write_outputs(files, inputs)
    sys.stdout.write(table(report, _colour(args)))
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 1 if report.counts()[WRONG] else 0


def _colour(args):
    return args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)


# --- the terminal table -----------------------------------------------------------------------------
def table(report, colour=False):
    """The marks as a text table, the hints for each wrong step, and a summary line."""
    paint = (lambda text, verdict: f"\033[{COLOURS[verdict]}m{text}\033[0m") if colour else (lambda text, _: text)
    if not report.marks:
        return summary(report) + "\n"
    digits = report.trace.problem.digits
    rows = [(m.key, m.text, show(m.true, m.decimals, digits),
             show(m.carried, m.decimals, digits) if m.verdict != CORRECT and m.carried_differs else "", m.verdict)
            for m in report.marks]
    head = ("key", "claimed", "true", "from yours", "verdict")
    widths = [max(len(r[n]) for r in rows + [head]) for n in range(4)]
    lines = ["  ".join([head[0].ljust(widths[0])] + [h.rjust(w) for h, w in zip(head[1:4], widths[1:])] + [head[4]])]
    for r in rows:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:4], widths[1:])]
        lines.append("  ".join(cells + [paint(r[4], r[4])]))
    hints = [hint_text(report, s) for s in report.steps if s.hint]
    if hints:
        lines += ["", "Where each error starts (the step's formula with your numbers):"] + hints
    lines += ["", summary(report, paint)]
    return "\n".join(lines) + "\n"


def summary(report, paint=lambda text, _: text):
    """One line: how many of each verdict and the first error."""
    counts = report.counts()
    total = sum(counts.values())
    if not total:
        return "No claims to check."
    parts = ", ".join(paint(f"{counts[v]} {v}", v) for v in (CORRECT, CARRIED, WRONG))
    first = report.first_error
    tail = f"; first error: {first.key}" if first else ""
    note = " (carried: not the true value, but what your own earlier numbers give)" if counts[CARRIED] else ""
    return f"{parts} of {total} numbers{tail}.{note}"


def hint_text(report, step):
    """A wrong step in plain text: its formula, the student's inputs, what they give and what was written."""
    q = step.quantity
    digits = report.trace.problem.digits
    wrote = _written(report.claims.quantities[q.key])
    if q.template is None:
        return f"  {q.key} is given in the problem: {_plain_array(np.reshape(q.value, q.shape), digits)}; " \
               f"you wrote {wrote}"
    lines = [f"  {q.key} = {_formula_text(q.template)}"]
    for i in step.inputs:
        lines.append(f"      {i.name} = {i.key} = {_plain_array(i.value, digits)}  ({i.source})")
    for c, v in zip(q.template.consts, q.consts):
        lines.append(f"      {c} = {numbers.plain(v, digits)}")
    lines.append(f"    gives {_plain_array(step.carried, digits)}; you wrote {wrote}")
    return "\n".join(lines)


def _formula_text(template):
    expr = template.expr
    if isinstance(expr, sp.MatrixBase):
        expr = expr[0] if len(expr) == 1 else list(expr)
    return re.sub(r"\bytrue(?=_\d+\b)", "y", sp.sstr(expr))


def _written(qc):
    """The claims of a quantity as written, '.' for an unclaimed element."""
    texts = np.where(qc.mask, qc.texts, ".")
    if texts.size == 1:
        return str(texts.reshape(-1)[0])
    if texts.ndim == 2 and texts.shape[0] > 1:
        return "[" + ", ".join("[" + ", ".join(row) + "]" for row in texts) + "]"
    return "[" + ", ".join(texts.reshape(-1)) + "]"


def _plain_array(value, digits):
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 2 and arr.shape[0] > 1:
        return "[" + ", ".join(_plain_array(row, digits) for row in arr) + "]"
    texts = ["undefined" if np.isnan(x) else numbers.plain(x, digits) for x in arr.reshape(-1)]
    return texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"


# --- the marked sheet --------------------------------------------------------------------------------
def marked_tex(report):
    """The marked sheet's LaTeX: every claimed step with its mark, the student's numbers and the right ones."""
    from .render import render

    trace = report.trace
    language = trace.problem.language
    msg = messages(language)
    sections, current = [], None
    for step in report.steps:
        head = section(step.quantity)
        if head != current:
            sections.append({"title": section_title(msg, step.quantity), "steps": []})
            current = head
        sections[-1]["steps"].append(_sheet_step(report, step))
    counts = report.counts()
    first = report.first_error
    return render(
        "check.tex.j2", language,
        title=escape(trace.problem.title, language), claims=escape(Path(report.claims.path).name, language),
        problem=escape(Path(trace.problem.path).name, language), counts=counts, total=sum(counts.values()),
        first=None if first is None else {"key": escape(first.key, language), "symbol": trace[first.quantity].symbol},
        sections=sections,
    )


def _sheet_step(report, step):
    q = step.quantity
    digits = report.trace.problem.digits
    by_index = {m.index: m for m in step.marks}
    yours, right = [], []
    for idx in np.ndindex(*q.shape):
        m = by_index.get(tuple(idx))
        if m is None:
            yours.append(r"\unclaimed")
            right.append(numbers.latex(np.reshape(q.value, q.shape)[idx], digits))
        else:
            yours.append(r"\mark%s{%s}" % (m.verdict, numbers.written_latex(m.text)))
            right.append(numbers.written_latex(show(m.true, m.decimals, 2)))  # narrow: a decimal beyond the claim
    out = {"verdict": step.verdict, "lhs": q.symbol, "key": escape(q.key, report.trace.problem.language),
           "formula": None, "yours": _tex_matrix(yours, np.shape(q.value)),
           "right": _tex_matrix(right, np.shape(q.value)), "hint": None}
    if q.template is not None:
        out["formula"] = q.template.latex(report.trace.formula_symbols(q.key))
    if step.hint and q.template is not None:
        values = [_internal(i.value, report.trace[i.key].value) for i in step.inputs]
        parts = [out["formula"]]
        sub = q.template.substituted(values, q.consts, digits)
        if sub:
            parts.append(sub)
        parts.append(numbers.bmatrix(_internal(step.carried, q.value), digits))
        out["hint"] = parts
    return out


def _internal(value, like=None):
    """An exported value in the shape the trace keeps it (`like`: vectors as rows in the xW layout), else a
    vector as a column."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 1:
        return arr.reshape(np.shape(like) if like is not None and np.size(like) == arr.size else (-1, 1))
    return arr


def _tex_matrix(cells, shape):
    if len(cells) == 1:
        return cells[0]
    rows = [cells] if len(shape) == 2 and shape[0] == 1 else \
        [[c] for c in cells] if len(shape) == 1 else \
        [cells[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"

