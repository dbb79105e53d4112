"""What batch norm and layer norm share: x̂ = (x − μ)/σ with σ = √(σ² + ε), y = γ ⊙ x̂ + β, a = activation(y);
their table, templates, per-sample steps, derivation lines (SymPy's local derivatives, the chain rule through
the statistics and SymPy's check of it) and sheet rows. batchnorm.py and layernorm.py say where the
statistics come from."""
from functools import lru_cache
from dataclasses import dataclass
from typing import ClassVar

import sympy as sp

from ...display import numbers
from ..activations import ACTIVATIONS
from ..formulas import ELEMENTWISE, Apply, Odot, Template, latex_with
from ..symbols import latex_name
from ..declarations import Choice, Name, Number, Whole
from .base import KIND_KEY, LayerKind, LayerSteps, info, named
from .notation import EPS, Affine, Over, RootOf, Times
from ...display.lines import Line, Section, shape_text as shape

NORM_ACTIVATIONS = ("sigmoid", "tanh", "relu", "swish", "silu", "softplus", "linear")
EPS_DEFAULT = 1e-5  # as PyTorch's BatchNorm1d and LayerNorm
CHECK_LIMIT = 6  # samples (batch norm) or units (layer norm) up to which SymPy checks the composed derivative
KEYS = (
    KIND_KEY,
    Whole("units", "the layer's units: those of its input", default_doc="the input's", high=10_000),
    Choice("activation", "a = activation(y)", default="linear", choices=NORM_ACTIVATIONS, notes={"silu": "= swish"}),
    Number("eps", "ε in σ = √(σ² + ε)", default=EPS_DEFAULT, low=0),
    Name("gamma", "γ's name", default="gamma{l}"),
    Name("beta", "β's name", default="beta{l}"),
    Name("mean", "μ's name", default="mu{l}"),
    Name("var", "σ²'s name", default="var{l}"),
    Name("std", "σ's name", default="sigma{l}"),
    Name("xhat", "x̂'s name", default="xhat{l}"),
    Name("pre", "the name of y = γ ⊙ x̂ + β (ỹ, since y is the label)", default="ytilde{l}"),
    Name("post", "the name of a", default="a{l}"),
)


@dataclass(frozen=True)
class Norm:
    """A normalization layer: x̂ = (x − μ)/σ with σ = √(σ² + ε), y = γ ⊙ x̂ + β, a = activation(y)."""

    units: int
    activation: str
    gamma: str
    beta: str
    eps: float
    mean: str
    var: str
    std: str
    xhat: str
    pre: str
    post: str
    kind: str = "batchnorm"
    NAMES: ClassVar[tuple] = ("gamma", "beta", "mean", "var", "std", "xhat", "pre", "post")

    @property
    def params(self):
        return (self.gamma, self.beta)


def p_text(x):
    return numbers.latex(x, 6)


def var_symbol(layer, sup=None):
    """σ² of a norm layer: the square of its σ's symbol."""
    base = latex_name(layer.std)
    return "{%s}^{2}" % base if sup is None else "{%s}^{2\\,%s}" % (base, sup)


class NormKind(LayerKind):
    """Reading a norm layer's table; the subclass names the kind and its steps."""

    steps = None  # the NormSteps subclass

    keys = KEYS

    def parse(self, r, table, key, l, fan_in):
        r.only(self.table(), table, key)
        units = r.read(self.key("units"), table, key, default=fan_in)
        if units != fan_in:
            r.fail(key + ".units", f"the size of the layer's input ({fan_in}) for a {self.name} layer", str(units))
        activation, eps = (r.read(self.key(name), table, key) for name in ("activation", "eps"))
        chosen = {role: r.read(self.key(role), table, key, l=l) for role in Norm.NAMES}
        return Norm(units=units, activation="swish" if activation == "silu" else activation, eps=eps,
                    kind=self.name, **chosen)

    def params(self, layer):
        return layer.params

    def param_shape(self, layer, name, fan_in, layout):
        if name in layer.params:
            return (layer.units,)
        raise KeyError(name)

    def n_params(self, layer, fan_in):
        return 2 * layer.units

    def initial(self, r, layer, init_table, fan_in, layout):
        """γ and β from [init]; PyTorch's defaults (γ = 1, β = 0) where they are not given."""
        out = {}
        for name, default in ((layer.gamma, 1.0), (layer.beta, 0.0)):
            value = init_table.get(name, [default] * layer.units)
            if layer.units == 1 and not isinstance(value, list):
                value = [value]
            out[name] = r.matrix(value, f"init.{name}", (layer.units,))
        return out

    def check_last(self, r, layer, loss, key):
        if loss == "ce" or (loss == "bce" and layer.activation != "sigmoid"):
            need = "a sigmoid layer" if loss == "bce" else "a dense softmax layer"
            r.fail("loss.kind", f"{loss} after {need}",
                   f"a {layer.kind} last layer with {layer.activation} activation")

    def formulas(self, model, l, layer, fan_in, input_name):
        return self.steps(self, model, l, layer, fan_in, input_name)


class NormSteps(LayerSteps):
    """Templates and steps of a norm layer; `batch`: the statistics are over the batch (else over a sample)."""

    by_layer = True
    batch = False

    def __init__(self, kind, model, l, layer, fan_in, input_name):
        super().__init__(kind, l, layer, fan_in, input_name)
        L = layer
        self.summed = model.problem.loss_options.batch == "sum"
        self.shift = L.beta if L.activation == "linear" else None
        self.identity_activation = layer.activation == "linear"
        x, mu, sd, xh = (sp.Symbol(n) for n in (input_name, L.mean, L.std, L.xhat))
        var, g, b, y = (sp.Symbol(n) for n in (L.var, L.gamma, L.beta, L.pre))
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

    # --- the trace ---------------------------------------------------------------------------------------
    def affine(self, tr, ps, i, x, mu, sd):
        """x̂, y = γ ⊙ x̂ + β and a = act(y) of sample i."""
        L, t, pre, shape_ = self.layer, ps.t, f"it{ps.t}.s{i}.", (self.layer.units,)
        xh = tr.compute(pre + L.xhat, self.xhat, [x, mu, sd], shape_, named(L.xhat, i), **info(t, i, L.xhat, "post"))
        y = tr.compute(pre + L.pre, self.pre, [ps.params[L.gamma], xh, ps.params[L.beta]], shape_, named(L.pre, i),
                       **info(t, i, L.pre, "pre"))
        tr.compute(pre + L.post, self.post, [y], shape_, named(L.post, i), **info(t, i, L.post, "post"))

    def backward(self, tr, ps):
        L, t, shape_ = self.layer, ps.t, (self.layer.units,)
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            ybar = tr.compute(pre + "grad." + L.pre, self.pre_bar, [pre + "grad." + L.post, pre + L.pre], shape_,
                              named(L.pre, i, bar=True), **info(t, i, L.pre, "bar"))
            if L.gamma in ps.trained:
                tr.compute(pre + "grad." + L.gamma, self.gamma_grad, [ybar, pre + L.xhat], shape_,
                           named(L.gamma, i, bar=True), **info(t, i, L.gamma, "grad"))
            if L.beta in ps.trained:
                tr.compute(pre + "grad." + L.beta, self.beta_grad, [ybar], shape_, named(L.beta, i, bar=True),
                           **info(t, i, L.beta, "grad"))
            self.after_pre_bar(tr, ps, i)
        self.input_bars(tr, ps)

    def after_pre_bar(self, tr, ps, i):
        """A step of sample i right after its ȳ (layer norm: x̄̂)."""

    def input_bars(self, tr, ps):
        raise NotImplementedError

    # --- the derivation -----------------------------------------------------------------------------------
    def own(self, role, s="(i)", bar=False):
        """The LaTeX of one of the layer's quantities for sample s (or the batch's, for batch statistics)."""
        name = getattr(self.layer, role)
        if role == "var":
            return var_symbol(self.layer, None if self.batch else s) if not bar else r"\overline{%s}" % var_symbol(self.layer)
        if role in ("mean", "std") and self.batch:
            return latex_name(name, bar=bar)
        if role in ("gamma", "beta"):
            return latex_name(name, bar=bar, sup=s if bar else None)
        return latex_name(name, bar=bar, sup=s)

    def x(self, s="(i)", bar=False):
        return latex_name(self.input_name, bar=bar, sup=s)

    def statistic_lines(self, d):
        raise NotImplementedError

    def equation_lines(self, d):
        L, msg = self.layer, d.msg
        var, sd = self.own("var"), self.own("std")
        return self.statistic_lines(d) + [
            Line(sd, [self.std.latex([var])], r"$\epsilon = %s$" % p_text(L.eps)),
            Line(self.own("xhat"), [self.xhat.latex([self.x(), self.own("mean"), sd])], msg("derivation.elementwise")),
            Line(self.own("pre"), [self.pre.latex([self.own("gamma", None), self.own("xhat"), self.own("beta", None)])],
                 msg("layer.norm.trained", what=r"$%s, %s \in \mathbb{R}^{%d}$" % (
                     latex_name(L.gamma), latex_name(L.beta), L.units))),
            Line(self.own("post"), [self.post.latex([self.own("pre")])], msg("derivation.elementwise")),
        ]

    def local_lines(self, d):
        """SymPy's derivatives of x̂, μ and σ² with respect to their arguments."""
        L, msg = self.layer, d.msg
        x, mu, var = (sp.Symbol(n) for n in ("x", "mu", "var"))
        names = {x: self.x(), mu: self.own("mean"), var: self.own("var"), EPS: r"\epsilon"}
        xhat = (x - mu) / sp.sqrt(var + EPS)
        lines = []
        sd_pos = sp.Symbol("sd", positive=True)
        names[sd_pos] = self.own("std")
        for wrt, label in ((x, self.x()), (mu, self.own("mean")), (var, self.own("var"))):
            dx = sp.factor(sp.diff(xhat, wrt))
            in_sd = dx.subs(var, sd_pos ** 2 - EPS)  # the same in σ = √(σ² + ε)
            lines.append(Line(r"\frac{\partial %s}{\partial %s}" % (self.own("xhat"), label),
                              [latex_with(dx, names), latex_with(in_sd, names)], msg("derivation.elementwise")))
        n, H = sp.Symbol("n"), L.units
        xs = sp.symbols("x1:4")
        count = n if self.batch else sp.Integer(H)
        mean = sp.Add(*xs) / count
        square = sp.Add(*[(s - mu) ** 2 for s in xs]) / count
        first = self.x("(i)") if self.batch else latex_name(self.input_name, sup="(i)", sub="k")
        over = ("n", "j", self.x("(j)")) if self.batch else (str(H), "l", latex_name(self.input_name, sup="(i)", sub="l"))
        lines += [
            Line(r"\frac{\partial %s}{\partial %s}" % (self.own("mean"), first),
                 [latex_with(sp.diff(mean, xs[0]), {n: "n"})],
                 msg("layer.batchnorm.each_sample" if self.batch else "layer.layernorm.each_unit")),
            Line(r"\frac{\partial %s}{\partial %s}" % (self.own("var"), first),
                 [latex_with(sp.factor(sp.diff(square, xs[0])), {xs[0]: first, mu: self.own("mean"), n: "n"})],
                 msg("layer.norm.held", what="$%s$" % self.own("mean"))),
            Line(r"\frac{\partial %s}{\partial %s}" % (self.own("var"), self.own("mean")),
                 [r"-\frac{2}{%s} \sum_{%s} \left(%s - %s\right)" % (over[0], over[1], over[2], self.own("mean")), "0"],
                 msg("layer.norm.deviations")),
        ]
        if L.activation != "linear":
            act = ACTIVATIONS[L.activation]
            lines.append(Line(r"%s'\left(%s\right)" % (act.latex_name, self.own("pre")),
                              [latex_with(self.derivative, {sp.Symbol(L.pre): self.own("pre")})]))
        return lines

    def backward_lines(self, d):
        L, trained = self.layer, d.problem.trained
        ybar, vector = self.own("pre", bar=True), "$%s$" % shape(L.units)
        lines = [Line(ybar, [self.pre_bar.latex([self.own("post", bar=True), self.own("pre")])], vector)]
        if L.gamma in trained:
            lines.append(Line(self.own("gamma", bar=True), [self.gamma_grad.latex([ybar, self.own("xhat")])], vector))
        if L.beta in trained:
            lines.append(Line(self.own("beta", bar=True), [self.beta_grad.latex([ybar])], vector))
        return lines + self.input_bar_lines(d)

    def input_bar_lines(self, d):
        return []

    def sections(self, d):
        """The chain rule through μ, σ² and x̂, and SymPy's check of the result."""
        if self.index == 0:
            return []
        L, msg, batch = self.layer, d.msg, self.batch
        mu, var, sd = self.own("mean"), self.own("var"), self.own("std")
        xhb = (lambda s: latex_name(L.xhat, sup=s, bar=True)) if batch else \
            (lambda s: latex_name(L.xhat, sup="(i)", bar=True, sub=s))
        x = (lambda s: self.x(s)) if batch else (lambda s: latex_name(self.input_name, sup="(i)", sub=s))
        xh = (lambda s: latex_name(L.xhat, sup=s)) if batch else (lambda s: latex_name(L.xhat, sup="(i)", sub=s))
        yb = (lambda s: latex_name(L.pre, sup=s, bar=True)) if batch else \
            (lambda s: latex_name(L.pre, sup="(i)", bar=True, sub=s))
        g = latex_name(L.gamma) if batch else latex_name(L.gamma, sub="k")
        i, j, count = ("(i)", "(j)", "n") if batch else ("k", "l", str(L.units))
        sum_j = r"\sum_{j=1}^{n}" if batch else r"\sum_{l=1}^{%d}" % L.units
        varbar = r"\overline{%s}" % var
        mubar = latex_name(L.mean, bar=True) if batch else latex_name(L.mean, sup="(i)", bar=True)
        sec = Section(msg(f"layer.{self.kind.name}.section", l=self.index + 1), self.section_intro(msg))
        sec.lines = [
            Line(xhb(j), [r"%s %s" % (latex_name(L.gamma) if batch else latex_name(L.gamma, sub="l"), yb(j))],
                 msg("layer.norm.from", formula="$%s$" % self.pre.latex(
                     [latex_name(L.gamma), latex_name(L.xhat), latex_name(L.beta)]))),
            Line(varbar, [r"%s %s \frac{\partial %s}{\partial %s}" % (sum_j, xhb(j), xh(j), var),
                          r"-\frac{1}{2 {%s}^{3}} %s %s \left(%s - %s\right)" % (sd, sum_j, xhb(j), x(j), mu)]),
            Line(mubar, [r"%s %s \frac{\partial %s}{\partial %s} + %s \frac{\partial %s}{\partial %s}" % (
                sum_j, xhb(j), xh(j), mu, varbar, var, mu), r"-\frac{1}{%s} %s %s" % (sd, sum_j, xhb(j))],
                r"$\partial %s / \partial %s = 0$" % (var, mu)),
            Line(self.x(bar=True) if batch else latex_name(self.input_name, sup="(i)", bar=True, sub="k"),
                 [r"\frac{%s}{%s} + %s \frac{2\left(%s - %s\right)}{%s} + \frac{%s}{%s}" % (
                     xhb(i), sd, varbar, x(i), mu, count, mubar, count),
                  (r"\frac{%s}{n %s} \left(n %s - %s %s - %s %s %s %s\right)" % (
                      g, sd, yb(i), sum_j, yb(j), xh(i), sum_j, yb(j), xh(j)) if batch else
                   r"\frac{1}{%s} \left(%s - \frac{1}{%s} %s %s - %s \frac{1}{%s} %s %s %s\right)" % (
                       sd, xhb(i), count, sum_j, xhb(j), xh(i), count, sum_j, xhb(j), xh(j)))],
                 msg("layer.batchnorm.classic" if batch else "layer.layernorm.each_unit_k")),
        ]
        sec.lines += self.section_gradient_lines(d, yb(j), sum_j)
        sec.outro = self.check(d, yb(j), latex_name(L.pre, sup=j if batch else "(i)", sub=None if batch else j))
        return sec and [sec]

    def section_intro(self, msg):
        raise NotImplementedError

    def section_gradient_lines(self, d, ybar_j, sum_j):
        return []

    def check_sizes(self, d):
        """The batch sizes (batch norm) or unit counts (layer norm) SymPy checks the composed derivative for."""
        raise NotImplementedError

    def check(self, d, ybar, y):
        """SymPy's check: the derivative of the composed layer (one unit of a batch of n, or one sample's units)
        with respect to its first input equals the classic formula, for each batch size (unit count) used."""
        msg, checked, failed = d.msg, [], []
        for n in self.check_sizes(d):
            if n > CHECK_LIMIT:
                continue
            (failed if not composed_matches(n, self.batch) else checked).append(n)
        prefix = f"layer.{self.kind.name}"
        if failed:
            return msg(prefix + ".check_failed", sizes=", ".join(map(str, failed)))
        if not checked:
            return ""
        # batch sizes stand in math ($n = 2, 4$), a layer's unit count in prose (in the language's digits)
        sizes = checked[0] if len(checked) == 1 and not self.batch else ", ".join(map(str, checked))
        return msg(prefix + ".check", sizes=sizes, ybar=ybar, y=y)

    # --- the sheet ----------------------------------------------------------------------------------------
    def layer_row(self, sb, l, mark):
        L, msg = self.layer, sb.msg
        act = ACTIVATIONS[L.activation]
        post = (r"%s = %s\left(%s\right)" % (latex_name(L.post), act.latex_name, latex_name(L.pre))
                if L.activation != "linear" else r"%s = %s" % (latex_name(L.post), latex_name(L.pre)))
        kind = self.title(msg) + ("" if L.activation == "linear" else msg("list_separator") + msg.latin(L.activation))
        return [msg.number(l), msg.number(L.units), kind,
                r"$%s \in \mathbb{R}^{%d}$" % (latex_name(L.gamma), L.units) + mark(L.gamma),
                r"$%s \in \mathbb{R}^{%d}$" % (latex_name(L.beta), L.units) + mark(L.beta),
                r"$%s,\ %s,\ %s$" % (latex_name(L.xhat), latex_name(L.pre), post)]

    def statement_text(self, sb, l):
        L = self.layer
        return sb.msg(f"layer.{self.kind.name}.statement", l=l, units=L.units, eps=p_text(L.eps),
                      gamma=latex_name(L.gamma), beta=latex_name(L.beta))


@lru_cache(maxsize=None)  # a pure function of (n, batch): each sheet of a batch-norm network asks again
def composed_matches(n, batch=True):
    """True when SymPy's derivative of Σ_j ȳ_j (γ_j x̂_j + β_j) with respect to x_1 equals the classic formula.
    Batch norm: one unit, n samples, one γ; layer norm: one sample, n units, a γ per unit."""
    xs, ys = sp.symbols(f"x1:{n + 1}"), sp.symbols(f"ybar1:{n + 1}")
    gs = sp.symbols(f"gamma1:{n + 1}") if not batch else (sp.Symbol("gamma"),) * n
    eps = sp.Symbol("epsilon", positive=True)
    mu = sp.Add(*xs) / n
    sd = sp.sqrt(sp.Add(*[(x - mu) ** 2 for x in xs]) / n + eps)
    xh = [(x - mu) / sd for x in xs]
    S = sp.Add(*[ys[j] * (gs[j] * xh[j] + sp.Symbol(f"beta{j}")) for j in range(n)])
    d = [gs[j] * ys[j] for j in range(n)]  # x̂-bars
    classic = (d[0] - sp.Add(*d) / n - xh[0] * sp.Add(*[d[j] * xh[j] for j in range(n)]) / n) / sd
    return sp.simplify(sp.diff(S, xs[0]) - classic) == 0
