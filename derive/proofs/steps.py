"""Proofs as plain data: steps holding SymPy expressions, the links of their chains, and words."""
from dataclasses import dataclass, field

import sympy as sp


class Expectation(sp.Function):
    """E[arg]: evaluated by linearity during verification, printed as a blackboard E."""

    nargs = 1

    def _latex(self, printer, exp=None):
        tex = r"\mathbb{E}\left[%s\right]" % printer._print(self.args[0])
        return tex if exp is None else r"%s^{%s}" % (tex, exp)


@dataclass(frozen=True)
class Shown:
    """An expression printed with numbers in place of some symbols (formula = numbers = result)."""

    expr: object
    values: dict

    def value(self):
        """The exact value SymPy checks: the expression with the numbers put in."""
        return self.expr.xreplace({k: sp.nsimplify(v) for k, v in self.values.items()})


@dataclass(frozen=True)
class Approx:
    """An exact value printed rounded by derive.numbers (to `digits`, else the document's digits)."""

    exact: object
    digits: int = None


@dataclass(frozen=True)
class Link:
    """One relation of a chain: `rel` (=, <, <=, approx) to `expr`, with an optional short note."""

    rel: str
    expr: object
    note: str = ""


@dataclass(frozen=True)
class Display:
    """A displayed equation inside a paragraph of words."""

    expr: object


@dataclass(frozen=True)
class Step:
    """One numbered step: chains of (in)equalities, the reason in words, and what SymPy may use."""

    title: str
    why: tuple                 # words and SymPy expressions, in reading order
    chains: tuple              # each chain: (first expression, Link, Link, ...)
    given: tuple = ()          # (symbol, meaning) pairs: definitions and earlier results
    means: tuple = ()          # (random atom pattern, its mean) for expectations by linearity
    from_n: int = 1            # the step holds for every n >= from_n (n: the proof's integer variable)


@dataclass(frozen=True)
class Figure:
    """A pgfplots figure: axes side by side, each a list of series; numbers already formatted."""

    caption: tuple
    axes: tuple                # each: dict(title, ylabel, series=[dict(legend, style, coords)])


@dataclass(frozen=True)
class Table:
    """A booktabs table: LaTeX header cells and rows of LaTeX cells."""

    caption: tuple
    header: tuple
    rows: tuple
    align: str = ""


@dataclass(frozen=True)
class ProofSpec:
    """A whole proof before checking: statement, steps, closing words, illustrations."""

    name: str
    title: str
    statement: tuple           # paragraphs, each a tuple of words / expressions / Display
    steps: tuple
    var: object = None         # the integer the exact fallback runs over (t, N, ...), or None
    assume: object = True      # a SymPy assumption used to pick Piecewise branches (e.g. beta != 1)
    closing: tuple = ()        # paragraphs after the steps
    figures: tuple = ()
    tables: tuple = ()
    notes: tuple = field(default=())  # short remarks, each a paragraph


def chain(first, *links):
    """A chain from (rel, expr[, note]) tuples; a bare expression means '='."""
    out = [first]
    for item in links:
        if isinstance(item, Link):
            out.append(item)
        elif isinstance(item, tuple):
            out.append(Link(*item))
        else:
            out.append(Link("=", item))
    return tuple(out)
