"""The claims and check subcommands: a claims file to fill in; the marks as a table, JSON and a marked sheet."""
import math
import os
import re
import sys
from pathlib import Path

import numpy as np
import sympy as sp

from . import numbers
from .check import CARRIED, CORRECT, IMPRECISE, UNANSWERED, VERDICTS, WRONG, mark, show
from .claims import blank, load, section, section_title
from .commands import add_language_option
from .language import messages
from .latex_text import escape

COLOURS = {CORRECT: "32", CARRIED: "33", IMPRECISE: "35", WRONG: "31"}
WIDE = 2  # a matrix of more columns stands on rows of its own on the marked sheet, yours above the right one
BLOCK = 6  # columns of a matrix on one line of the marked sheet: a wider one is broken into blocks


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
    add_policy_options(k)
    add_language_option(k, "the marked sheet")
    k.set_defaults(func=check_command)


def add_policy_options(parser):
    """--min-digits N | --min-decimals N: the precision a number must be written to (overrides [check])."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--min-digits", type=int, metavar="N",
                       help="significant digits a number must be written to, else it is imprecise (default: the "
                            "problem file's [check], else 3)")
    group.add_argument("--min-decimals", type=int, metavar="N", help="or: decimals a number must be written to")


def policy_of(problem, args):
    """The precision policy: the problem file's [check], with --min-digits or --min-decimals in its place."""
    from .marking.policy import Policy

    return Policy.from_problem(problem).with_overrides(args.min_digits, args.min_decimals)


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
    problem = spec.load(args.problem, args.language)
    policy = policy_of(problem, args)
    limits.check_marking(problem)
    trace = finite(build(problem))
    report = mark(trace, load(args.claims, trace), policy)
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
    return 1 if report.counts()[WRONG] or report.claims.unknown else 0


def _colour(args):
    return args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)


# --- the terminal table -----------------------------------------------------------------------------
def table(report, colour=False):
    """The marks as a text table, the hints for each wrong step, and a summary line."""
    paint = (lambda text, verdict: f"\033[{COLOURS[verdict]}m{text}\033[0m") if colour else (lambda text, _: text)
    if not report.marks:
        return "\n".join(notes(report)[1:] + [summary(report)]) + "\n"
    digits = report.trace.problem.digits
    rows = [(m.key, m.text, show(m.true, m.decimals + 1, digits),
             show(m.carried, m.decimals + 1, digits) if m.verdict in (CARRIED, WRONG) and m.carried_differs else "",
             m.verdict) for m in report.marks]
    head = ("key", "claimed", "true", "from yours", "verdict")
    widths = [max(len(r[n]) for r in rows + [head]) for n in range(4)]
    lines = ["  ".join([head[0].ljust(widths[0])] + [h.rjust(w) for h, w in zip(head[1:4], widths[1:])] + [head[4]])]
    for r in rows:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:4], widths[1:])]
        lines.append("  ".join(cells + [paint(r[4], r[4])]))
    hints = [hint_text(report, s) for s in report.steps if s.hint]
    if hints:
        lines += ["", "Where each error starts (the step's formula with your numbers):"] + hints
    lines += notes(report)
    lines += ["", summary(report, paint)]
    return "\n".join(lines) + "\n"


def notes(report):
    """Lines on what was not marked: unknown keys (with the closest keys) and given values."""
    lines = []
    for key, close in report.claims.unknown:
        lines.append(f"  {key}: not a key of this problem" + (f" (closest: {', '.join(close)})" if close else ""))
    if lines:
        lines.insert(0, "\nNot marked (unknown keys):")
    if report.claims.given:
        lines += ["", "Not marked (given in the problem): " + ", ".join(report.claims.given)]
    return lines


def summary(report, paint=lambda text, _: text):
    """One line: how many asked numbers got each verdict (they add up to the asked), and the first error."""
    counts = report.counts()
    if not report.marks and not report.claims.unknown:
        return "No claims to check." if not report.claims.given else "No claims to mark."
    parts = ", ".join(paint(f"{counts[v]} {v}", v) if v in COLOURS else f"{counts[v]} {v}"
                      for v in VERDICTS + (UNANSWERED,))
    first = report.first_error
    tail = f"; first error: {first.key}" if first else ""
    note = " (carried: not the true value, but what your own earlier wrong number gives)" if counts[CARRIED] else ""
    policy = report.policy
    rule = (f"{policy.min_digits} significant digits" if policy.min_digits is not None
            else f"{policy.min_decimals} decimals")
    imprecise = f" (imprecise: written to fewer than {rule})" if counts[IMPRECISE] else ""
    return f"{parts} of {report.asked} asked numbers{tail}.{note}{imprecise}"


def score(report, weights):
    """The percent of the asked numbers earned, each verdict weighted (`weights`: verdict -> weight)."""
    if not report.asked:
        return None
    earned = sum(weights[m.verdict] for m in report.marks if m.counted)
    return 100 * earned / (weights[CORRECT] * report.asked)


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
    lines.append(f"    gives {_gives(report.claims.quantities[q.key], step.carried, digits)}; you wrote {wrote}")
    return "\n".join(lines)


def _gives(qc, carried, digits):
    """What the student's numbers give, each element at the precision the student wrote it with (the display
    digits where they wrote nothing): never more or fewer digits than the number it is set beside."""
    values = np.reshape(np.asarray(carried, dtype=float), qc.shape)
    texts = np.empty(qc.shape, dtype=object)
    for idx in np.ndindex(*qc.shape):
        x = float(values[idx])
        if np.isnan(x):
            texts[idx] = "undefined"
        elif qc.mask[idx]:
            texts[idx] = numbers.like_written(x, qc.texts[idx])
        else:
            texts[idx] = numbers.plain(x, digits)
    return _layout(texts)


def _formula_text(template):
    expr = template.expr
    if isinstance(expr, sp.MatrixBase):
        expr = expr[0] if len(expr) == 1 else list(expr)
    return re.sub(r"\bytrue(?=_\d+\b)", "y", sp.sstr(expr))


def _written(qc):
    """The claims of a quantity as written, '.' for an unclaimed element."""
    return _layout(np.where(qc.mask, qc.texts, "."))


def _layout(texts):
    """Texts of a quantity's elements as a number, a list or a list of rows."""
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
def marked_tex(report, student=None, name=None, weights=None):
    """The marked sheet's LaTeX: who (the student's id and name, else the claims file), the score and the counts,
    then every claimed step with its mark, the student's numbers and the right ones; unknown keys at the end."""
    from .check import WEIGHTS
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
    got = score(report, weights or WEIGHTS)
    who = msg.latin(r"\texttt{%s}" % escape(student, language)) if student else None
    if who and name:
        who += " (" + escape(name, language) + ")"
    policy = report.policy
    rule = msg("check.rule_digits", n=policy.min_digits) if policy.min_digits is not None else \
        msg("check.rule_decimals", n=policy.min_decimals)
    unknown = [{"key": msg.latin(r"\texttt{%s}" % escape(k, language)),
                "closest": ", ".join(msg.latin(r"\texttt{%s}" % escape(c, language)) for c in close)}
               for k, close in report.claims.unknown]
    return render(
        "check.tex.j2", language,
        title=escape(trace.problem.title, language), claims=msg.latin(escape(Path(report.claims.path).name, language)),
        problem=msg.latin(escape(Path(trace.problem.path).name, language)), student=who,
        score=None if got is None else f"{got:.1f}", counts=counts, total=report.asked, rule=rule,
        first=None if first is None else {"key": escape(first.key, language), "symbol": trace[first.quantity].symbol},
        sections=sections, unknown=unknown,
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
            right.append(numbers.written_latex(show(m.true, m.decimals + 1, 2)))  # a decimal beyond the claim
    shape = np.shape(q.value)
    wide = len(shape) == 2 and shape[1] > WIDE
    out = {"verdict": step.verdict, "lhs": q.symbol, "key": escape(q.key, report.trace.problem.language),
           "formula": None, "wide": wide, "yours": _tex_blocks(yours, shape) if wide else _tex_matrix(yours, shape),
           "right": _tex_blocks(right, shape) if wide else _tex_matrix(right, shape), "hint": None}
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


def _tex_blocks(cells, shape):
    """A wide matrix as blocks of at most BLOCK columns, each with its first and last column (1-based), so
    that it breaks across lines instead of running off the page."""
    rows, cols = shape
    grid = [cells[r * cols:(r + 1) * cols] for r in range(rows)]
    return [{"first": start + 1, "last": min(start + BLOCK, cols),
             "matrix": _tex_matrix([c for row in grid for c in row[start:start + BLOCK]],
                                   (rows, min(BLOCK, cols - start)))}
            for start in range(0, cols, BLOCK)]


def _tex_matrix(cells, shape):
    if len(cells) == 1:
        return cells[0]
    rows = [cells] if len(shape) == 2 and shape[0] == 1 else \
        [[c] for c in cells] if len(shape) == 1 else \
        [cells[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"

