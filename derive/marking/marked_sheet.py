"""The marked sheet's LaTeX: every claimed step with its mark, the student's numbers and the right ones."""
from pathlib import Path

import numpy as np

from ..display import numbers
from ..display.latex_text import escape
from ..display.render import render
from ..language import messages
from .check import show
from .claims import section, section_title


def marked_tex(report):
    """The marked sheet's LaTeX: every claimed step with its mark, the student's numbers and the right ones."""
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

