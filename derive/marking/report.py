"""The marks as text: a table with a summary line, and each wrong step's hint (its formula with the student's
numbers)."""
import re

import numpy as np
import sympy as sp

from ..display import numbers
from .check import CARRIED, CORRECT, WRONG, show

COLOURS = {CORRECT: "32", CARRIED: "33", WRONG: "31"}


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


