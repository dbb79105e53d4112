"""The marks in the terminal: a table, the hints for each wrong step, what was not marked, a summary line."""
import re

import numpy as np
import sympy as sp

from ..display import numbers
from .check import CARRIED, CORRECT, IMPRECISE, UNANSWERED, VERDICTS, WRONG, show

COLOURS = {CORRECT: "32", CARRIED: "33", IMPRECISE: "35", WRONG: "31"}


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
