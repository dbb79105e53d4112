"""The one printer of proofs: SymPy's LaTeX with readable term order, numbers from derive.numbers."""
import re

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..display import numbers
from ..display.latex_text import escape
from .steps import Approx, Display, Shown, exact

SETTINGS = {"mul_symbol": None, "fold_short_frac": False, "order": "none"}  # none: keep plus() order
RELATIONS = {"=": "=", "<": "<", "<=": r"\le", "approx": r"\approx"}
INLINE = {"fold_short_frac": True}  # a/b rather than a tiny \frac inside a line of text
ONE_ROW = 60  # a chain whose parts are about this many characters wide or less stays on one row


class ProofPrinter(LatexPrinter):
    """LatexPrinter that writes t - i and 1 - beta, not -i + t and -beta + 1."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)
        return sorted(terms, key=lambda term: (term.could_extract_minus_sign(), term.is_number))


def number(value, digits):
    """An exact number as LaTeX: integers in full (up to 15 digits), anything else rounded by derive.numbers."""
    value = sp.sympify(value)
    if value.is_Integer and abs(value) < 10**15:
        return str(int(value))
    return numbers.latex(float(value), digits)


def given_number(value, digits):
    """A number the user gave (a setting, a size): exactly as given when a decimal shows it exactly."""
    value = exact(value)
    if value.is_Rational:
        for d in range(digits, 16):
            if sp.Rational(numbers.plain(float(value), d)) == value:
                return number(value, d)
    return number(value, digits)


def tex(expr, digits=4, **settings):
    """LaTeX of a SymPy expression, a Shown formula with its numbers, or a rounded Approx."""
    if isinstance(expr, Approx):
        return number(expr.exact, expr.digits or digits)
    if isinstance(expr, Shown):
        names = {}
        for sym, value in expr.values.items():
            text = given_number(value, digits)
            names[sym] = rf"\left({text}\right)" if sp.sympify(value) < 0 else text
        return tex(expr.expr, digits, symbol_names=names, mul_symbol="times")
    return ProofPrinter({**SETTINGS, **settings}).doprint(expr)


def words(parts, digits=4, language="en"):
    """A paragraph: strings are escaped text, expressions become inline math, Display a display."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape(part, language))
        elif isinstance(part, Display):
            out.append(r"\[ " + r", \qquad ".join(tex(e, digits) for e in part.exprs) + r" \]")
        else:
            out.append("$" + tex(part, digits, **INLINE) + "$")
    return "".join(out)


def _width(latex):
    """About how many characters wide a piece of LaTeX prints (commands count as one)."""
    latex = re.sub(r"\\(left|right)\b", "", latex)
    latex = re.sub(r"\\[a-zA-Z]+", "x", latex)
    return len(re.sub(r"[{}_^ &]", "", latex))


def chain_rows(chain, digits=4, language="en"):
    """align* rows for one chain: on one row when short, else first &rel second, then &rel third, ..."""
    first, links = tex(chain[0], digits), chain[1:]
    parts = [(RELATIONS[link.rel], tex(link.expr, digits), link.note) for link in links]
    if not any(note for _, _, note in parts) and _width(first + "".join(p for _, p, _ in parts)) <= ONE_ROW:
        rest = " ".join(f"{rel} {part}" for rel, part, _ in parts[1:])
        return [f"{first} &{parts[0][0]} {parts[0][1]} {rest}".rstrip()]
    rows = []
    for n, (rel, part, note) in enumerate(parts):
        row = f"{first if n == 0 else ''} &{rel} {part}"
        if note:
            row += r" && \text{(" + escape(note, language) + ")}"
        rows.append(row)
    return rows


def claim(chains, digits=4, language="en"):
    """The body of an align* environment holding all chains of a step."""
    rows = [row for c in chains for row in chain_rows(c, digits, language)]
    return " \\\\\n".join(rows)
