"""SymPy formula templates of batch norm, layer norm and dropout, forward and backward, built once per
layer; the activation's derivative is SymPy's, and derivation.py has SymPy check the backward pass
through the statistics against the derivative of the composed formulas."""
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..activations import ACTIVATIONS
from ..formulas import ELEMENTWISE, EXPLICIT, Apply, Mean, Odot, Template
from .kinds import BatchNorm, Dropout

EPS = sp.Symbol("epsilon")  # printed \epsilon; its value is the layer's eps
P = sp.Symbol("p")  # the dropout rate
MEAN = sp.Symbol(r"\operatorname{mean}")  # display only: the mean over a sample's units


class Times(sp.Function):
    """Display only: Times(a, b) prints a ⊙ b, and a · b once numbers stand for a and b."""

    def _latex(self, printer, exp=None):
        numbers = printer._settings.get("mul_symbol") == "dot"
        return (r" \cdot " if numbers else r" \odot ").join(_factor(printer, a, numbers) for a in self.args)


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
        return r"%s + %s" % (printer._print(Times(g, x)), printer._print(b))


class RootOf(sp.Function):
    """Display only: RootOf(v, e) prints √(v + e) (in that order)."""

    def _latex(self, printer, exp=None):
        return r"\sqrt{%s + %s}" % (printer._print(self.args[0]), printer._print(self.args[1]))


def _elements(name, n):
    # a dot cannot be in a problem's names, so these never meet a name of the file
    return sp.Matrix([sp.Symbol(f"{name}.{k}") for k in range(1, n + 1)])


@dataclass(eq=False)
class NormFormulas:
    """Templates of a batch-norm or layer-norm layer: statistics, x̂, y = γ ⊙ x̂ + β, a = act(y), and back."""

    index: int
    layer: object
    fan_in: int
    input_name: str
    simplified: bool = False
    derivative: object = None  # act'(y) as SymPy
    _by_batch: dict = field(default_factory=dict)

    def __post_init__(self):
        L = self.layer
        x, mu, sd, xh = (sp.Symbol(n) for n in (self.input_name, L.mean, L.std, L.xhat))
        var, g, b, y = (sp.Symbol(n) for n in (L.var, L.gamma, L.beta, L.pre))
        self.batch = isinstance(L, BatchNorm)
        self.std = Template(ELEMENTWISE, sp.sqrt(var + EPS), (var,), consts=(EPS,), display=RootOf(var, EPS),
                            substitute_display=True)
        self.xhat = Template(ELEMENTWISE, (x - mu) / sd, (x, mu, sd), display=Over(x - mu, sd), substitute_display=True)
        self.pre = Template(ELEMENTWISE, g * xh + b, (g, xh, b), display=Affine(g, xh, b), substitute_display=True)
        act = ACTIVATIONS[L.activation]
        formula = act.formula(y)
        display = Apply(sp.Symbol(act.latex_name), y) if L.activation in ("swish", "linear") else None
        self.post = Template(ELEMENTWISE, formula, (y,), display=display)
        self.derivative = sp.diff(formula, y)
        abar, ybar = sp.Symbol(L.post + "bar"), sp.Symbol(L.pre + "bar")
        self.pre_bar = Template(ELEMENTWISE, abar * self.derivative, (abar, y),
                                display=Odot(abar, Apply(sp.Symbol(act.latex_name), y, 1)))
        self.gamma_grad = Template(ELEMENTWISE, ybar * xh, (ybar, xh), display=Times(ybar, xh), substitute_display=True)
        self.beta_grad = Template(ELEMENTWISE, ybar, (ybar,))
        if self.batch:
            gb, gg = sp.Symbol("mean." + L.beta), sp.Symbol("mean." + L.gamma)
            # the classic result: x̄ = γ/σ_B ⊙ (ȳ − mean ȳ − x̂ ⊙ mean(ȳ ⊙ x̂)), the means being g_β and g_γ
            self.input_bar = Template(ELEMENTWISE, g / sd * (ybar - gb - xh * gg), (g, sd, ybar, gb, xh, gg),
                                      display=Times(g / sd, ybar - gb - Times(xh, gg)), substitute_display=True)
            return
        H = L.units
        xs = _elements(self.input_name, H)
        X = sp.Symbol("whole." + self.input_name)
        self.mean = Template(EXPLICIT, sp.Add(*xs) / H, (xs,), display=Apply(MEAN, X), display_args=(X,))
        self.var = Template(EXPLICIT, sp.Add(*[(v - mu) ** 2 for v in xs]) / H, (xs, mu),
                            display=Apply(MEAN, (X - mu) ** 2), display_args=(X,))
        self.xhat_bar = Template(ELEMENTWISE, g * ybar, (g, ybar), display=Times(g, ybar), substitute_display=True)
        ds, hs = _elements(L.xhat + "bar", H), _elements(L.xhat, H)
        D, XH = sp.Symbol("whole." + L.xhat + "bar"), sp.Symbol("whole." + L.xhat)
        mean_d, mean_dx = sp.Add(*ds) / H, sp.Add(*[ds[k] * hs[k] for k in range(H)]) / H
        self.input_bar = Template(
            EXPLICIT, sp.Matrix([(ds[k] - mean_d - hs[k] * mean_dx) / sd for k in range(H)]), (ds, hs, sd),
            display=Times(1 / sd, D - Apply(MEAN, D) - Times(XH, Apply(MEAN, Times(D, XH)))), display_args=(D, XH))

    # --- batch norm: the statistics over a batch of n samples -------------------------------------
    def batch_mean(self, n):
        """μ_B = (1/n) Σ_j x^(j), elementwise."""
        return self._cached(("mean", n), lambda xs: Template(
            ELEMENTWISE, sp.Add(*xs) / n, tuple(xs), display=Mean(*xs) if n > 1 else xs[0],
            substitute_display=True))

    def batch_var(self, n):
        """σ²_B = (1/n) Σ_j (x^(j) − μ_B)², the biased variance, elementwise."""
        mu = sp.Symbol(self.layer.mean)

        def make(xs):
            squares = [(v - mu) ** 2 for v in xs]
            return Template(ELEMENTWISE, sp.Add(*squares) / n, (*xs, mu),
                            display=Mean(*squares) if n > 1 else squares[0], substitute_display=True)
        return self._cached(("var", n), make)

    def _cached(self, key, make):
        if key not in self._by_batch:
            self._by_batch[key] = make(sp.symbols(f"{self.input_name}.s1:{key[1] + 1}"))
        return self._by_batch[key]

    # --- the whole batch at once, for finite differences ------------------------------------------
    def forward_batch(self, a, params, masks=None):
        """(y, a) for inputs a of shape (units, samples), evaluated with the templates above."""
        L, n = self.layer, a.shape[1]
        cols = [a[:, [j]] for j in range(n)]
        if self.batch:
            mu = self.batch_mean(n).evaluate(cols)
            var = self.batch_var(n).evaluate([*cols, mu])
        else:
            mu = self.mean.evaluate([a])
            var = self.var.evaluate([a, mu])
        sd = self.std.evaluate([var], (L.eps,))
        xh = self.xhat.evaluate([a, mu, sd])
        y = self.pre.evaluate([params[L.gamma], xh, params[L.beta]])
        return y, self.post.evaluate([y])


@dataclass(eq=False)
class DropoutFormulas:
    """Templates of a dropout layer: a = m ⊙ h / (1 − p) and h̄ = m ⊙ ā / (1 − p)."""

    index: int
    layer: object
    fan_in: int
    input_name: str
    simplified: bool = False

    def __post_init__(self):
        m, h, abar = sp.Symbol(self.layer.mask), sp.Symbol(self.input_name), sp.Symbol(self.layer.post + "bar")
        self.post = Template(ELEMENTWISE, m * h / (1 - P), (m, h), consts=(P,), display=Over(Times(m, h), 1 - P),
                             substitute_display=True)
        self.input_bar = Template(ELEMENTWISE, m * abar / (1 - P), (m, abar), consts=(P,),
                                  display=Over(Times(m, abar), 1 - P), substitute_display=True)

    def forward_batch(self, a, params, masks):
        """(a, a) for inputs a of shape (units, samples) and the masks of those samples (same shape)."""
        out = self.post.evaluate([np.asarray(masks[self.layer.mask], dtype=float), a], (self.layer.p,))
        return out, out


def formulas(l, layer, fan_in, input_name):
    """The templates of layer l (0-based) of one of these kinds."""
    cls = DropoutFormulas if isinstance(layer, Dropout) else NormFormulas
    return cls(index=l, layer=layer, fan_in=fan_in, input_name=input_name)
