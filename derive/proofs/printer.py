"""The one printer of proofs: SymPy's LaTeX with readable term order, numbers from derive.numbers."""
import sympy as sp
from sympy.printing.latex import LatexPrinter

from .. import numbers
from ..latex_text import escape
from .steps import Approx, Display, Shown

SETTINGS = {"mul_symbol": None, "fold_short_frac": False}
RELATIONS = {"=": "=", "<": "<", "<=": r"\le", "approx": r"\approx"}


class ProofPrinter(LatexPrinter):
    """LatexPrinter that writes t - i and 1 - beta, not -i + t and -beta + 1."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)
        return sorted(terms, key=lambda term: (term.could_extract_minus_sign(), term.is_number))


def number(value, digits):
    """An exact number as LaTeX: integers in full, anything else rounded by derive.numbers."""
    value = sp.sympify(value)
    if value.is_Integer:
        return str(int(value))
    return numbers.latex(float(value), digits)


def tex(expr, digits=4, **settings):
    """LaTeX of a SymPy expression, a Shown formula with its numbers, or a rounded Approx."""
    if isinstance(expr, Approx):
        return number(expr.exact, expr.digits or digits)
    if isinstance(expr, Shown):
        names = {}
        for sym, value in expr.values.items():
            text = number(value, digits)
            names[sym] = rf"\left({text}\right)" if sp.sympify(value) < 0 else text
        return tex(expr.expr, digits, symbol_names=names, mul_symbol="times")
    return ProofPrinter({**SETTINGS, **settings}).doprint(expr)


def words(parts, digits=4):
    """A paragraph: strings are escaped text, expressions become inline math, Display a display."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape(part))
        elif isinstance(part, Display):
            out.append(r"\[ " + tex(part.expr, digits) + r" \]")
        else:
            out.append("$" + tex(part, digits) + "$")
    return "".join(out)


def chain_rows(chain, digits=4):
    """The rows of an align* environment for one chain: first &rel second, then &rel third, ..."""
    first, links = chain[0], chain[1:]
    rows = []
    for n, link in enumerate(links):
        left = tex(first, digits) if n == 0 else ""
        row = f"{left} &{RELATIONS[link.rel]} {tex(link.expr, digits)}"
        if link.note:
            row += r" && \text{" + escape(link.note) + "}"
        rows.append(row)
    return rows


def claim(chains, digits=4):
    """The body of an align* environment holding all chains of a step."""
    rows = [row for c in chains for row in chain_rows(c, digits)]
    return " \\\\\n".join(rows)
