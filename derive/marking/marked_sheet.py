"""The marked sheet's LaTeX: who and the score, then every claimed step with its mark, the student's numbers and
the right ones (a wide matrix in blocks, yours above the right one), and the keys not marked."""
from pathlib import Path

import numpy as np

from ..display import numbers
from ..display.latex_text import escape
from ..display.render import render
from ..language import messages
from .check import show
from .sections import section, section_title

WIDE = 2  # a matrix of more columns stands on rows of its own on the marked sheet, yours above the right one
BLOCK = 6  # columns of a matrix on one line of the marked sheet: a wider one is broken into blocks


def marked_tex(report, student=None, name=None, weights=None):
    """The marked sheet's LaTeX: who (the student's id and name, else the claims file), the score and the counts,
    then every claimed step with its mark, the student's numbers and the right ones; unknown keys at the end."""
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
    got = report.score(weights)
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
        score=None if got is None else msg.number(f"{got:.1f}"), counts=counts, total=report.asked, rule=rule,
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

