"""The layer kinds' notation: display-only SymPy functions (a ⊙ b, fractions, √(σ² + ε)) and symbols."""
import sympy as sp

EPS = sp.Symbol("epsilon")  # printed \epsilon; its value is the layer's eps
P = sp.Symbol("p")  # the dropout rate
MEAN = sp.Symbol(r"\operatorname{mean}")  # display only: the mean over a sample's units


class Times(sp.Function):
    """Display only: Times(a, b) prints a ⊙ b, and a · b once numbers stand for a and b."""

    def _latex(self, printer, exp=None):
        numbers = printer._settings.get("mul_symbol") == "dot"
        factors = [a for a in self.args if a != 1] or [sp.S.One]  # a factor 1 (a number put in) is not written
        return (r" \cdot " if numbers else r" \odot ").join(_factor(printer, a, numbers) for a in factors)


def _factor(printer, a, numbers):
    """One factor of a product: a sum in parentheses; with numbers, a fraction as (a/b), legible in a matrix."""
    if isinstance(a, sp.Add):
        return r"\left(%s\right)" % printer._print(a)
    num, den = sp.fraction(a)
    if numbers and den != 1:
        return r"\left(%s / %s\right)" % (printer._print(num), printer._print(den))
    return printer._print(a)


class Over(sp.Function):
    """Display only: Over(a, b) prints a fraction, and (a) / (b) once numbers stand for a and b."""

    def _latex(self, printer, exp=None):
        num, den = self.args
        if printer._settings.get("mul_symbol") != "dot":
            return r"\frac{%s}{%s}" % (printer._print(num), printer._print(den))
        wrap = lambda a: r"\left(%s\right)" % printer._print(a) if isinstance(a, sp.Add) else printer._print(a)
        return r"%s / %s" % (wrap(num), wrap(den))


class Affine(sp.Function):
    """Display only: Affine(g, x, b) prints g ⊙ x + b (in that order)."""

    def _latex(self, printer, exp=None):
        g, x, b = self.args
        if b == 0:  # a shift 0 (a number put in) is not written
            return printer._print(Times(g, x))
        return r"%s + %s" % (printer._print(Times(g, x)), printer._print(b))


class RootOf(sp.Function):
    """Display only: RootOf(v, e) prints √(v + e) (in that order)."""

    def _latex(self, printer, exp=None):
        return r"\sqrt{%s + %s}" % (printer._print(self.args[0]), printer._print(self.args[1]))


def symbols(name, n):
    """Scalar symbols name.1..name.n; a dot cannot be in a problem's names, so these never meet a name of the file."""
    return sp.Matrix([sp.Symbol(f"{name}.{k}") for k in range(1, n + 1)])
