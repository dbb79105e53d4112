"""Proofs as plain data: steps holding SymPy expressions, the links of their chains, and words."""
from dataclasses import dataclass

import sympy as sp


class Between(sp.Function):
    """Display only: lo < x < hi."""

    nargs = 3

    def _latex(self, printer, exp=None):
        return " < ".join(printer._print(a) for a in self.args)


class Expectation(sp.Function):
    """E[arg]: evaluated by linearity during verification, printed as a blackboard E."""

    nargs = 1

    def _latex(self, printer, exp=None):
        tex = r"\mathbb{E}\left[%s\right]" % printer._print(self.args[0])
        return tex if exp is None else r"%s^{%s}" % (tex, exp)


def exact(value):
    """A given number as an exact rational: a float as the decimal it prints as (0.999 -> 999/1000)."""
    if isinstance(value, bool):
        return sp.Integer(int(value))
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        return sp.Rational(repr(value))
    if isinstance(value, sp.Rational):
        return value
    return sp.nsimplify(value)


@dataclass(frozen=True)
class Shown:
    """An expression printed with numbers in place of some symbols (formula = numbers = result)."""

    expr: object
    values: dict

    def value(self):
        """The exact value SymPy checks: the expression with the numbers put in."""
        return self.expr.xreplace({k: exact(v) for k, v in self.values.items()})


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


class Display:
    """Displayed equations inside a paragraph of words, side by side."""

    def __init__(self, *exprs):
        self.exprs = exprs


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
    """A whole proof before checking: statement, steps, illustrations."""

    name: str
    title: str
    statement: tuple           # paragraphs, each a tuple of words / expressions / Display
    steps: tuple
    var: object = None         # the integer the exact fallback runs over (t, N, ...), or None
    ratios: tuple = ()         # symbols between 0 and 1 (decay rates): geometric sums, square roots
    figures: tuple = ()
    tables: tuple = ()


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


def frac(numerator, denominator):
    """numerator / denominator kept as written (SymPy would cancel or move factors)."""
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


def root(radicand):
    """The square root kept as written (SymPy would pull positive factors out)."""
    return sp.Pow(radicand, sp.Rational(1, 2), evaluate=False)


def plus(*terms):
    """A sum printed in the order written (gamma x + beta, not beta + gamma x)."""
    return sp.Add(*terms, evaluate=False)


def times(*factors):
    """A product printed in the order written (m_j h_j, not h_j m_j)."""
    return sp.Mul(*factors, evaluate=False)


def eq(a, b):
    """a = b as written, never evaluated to True or False."""
    return sp.Eq(a, b, evaluate=False)


def ge(a, b):
    """a >= b as written."""
    return sp.GreaterThan(a, b, evaluate=False)


def gt(a, b):
    """a > b as written."""
    return sp.StrictGreaterThan(a, b, evaluate=False)


def lt(a, b):
    """a < b as written."""
    return sp.StrictLessThan(a, b, evaluate=False)


def ne(a, b):
    """a != b as written."""
    return sp.Ne(a, b, evaluate=False)
