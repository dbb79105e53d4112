"""Steps and blocks of steps, the data of a sheet's parts, and the small LaTeX around them."""
from dataclasses import dataclass, field

import numpy as np

from ..display import numbers


@dataclass
class Step:
    """One displayed line: lhs = formula = numbers substituted = result."""

    lhs: str
    parts: list
    note: str = ""


@dataclass
class Block:
    """A titled group of steps inside an iteration."""

    title: str
    steps: list = field(default_factory=list)
    text: str = ""
    table: str = ""
    sample: int = 0  # the sample a per-sample block is about (the web forms fold these), else 0


def math(text):
    return "$%s$" % text


def equation(symbol, value, digits):
    return "%s = %s" % (symbol, numbers.bmatrix(value, digits))


def same(a, b):
    """Whether two pieces of LaTeX print alike (they differ only in spaces)."""
    return a is not None and b is not None and a.replace(" ", "") == b.replace(" ", "")


def in_rows(items, per_row=2):
    """Display equations grouped a few to a line, so that wide matrices do not run off the page."""
    return [r",\qquad ".join(items[k:k + per_row]) for k in range(0, len(items), per_row)]


def row(values, digits):
    arr = np.asarray(values, dtype=float).reshape(-1)
    if arr.size == 1:
        return numbers.latex(arr[0], digits)
    return r"\left(%s\right)" % ", ".join(numbers.latex(v, digits) for v in arr)


def tabular(cols, head, rows, long=False):
    env = "longtable" if long else "tabular"
    return "\\begin{%s}{@{}%s@{}}\n\\toprule\n%s\n\\midrule\n%s\n\\bottomrule\n\\end{%s}" % (
        env, cols, head, "\n".join(rows), env)
