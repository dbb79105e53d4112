"""The derivation's lines for batch norm, layer norm and dropout: their equations, SymPy's local
derivatives, the backward pass in matrix form, and the backward pass through the statistics with
SymPy's check that it is the derivative of the composed formulas."""
import sympy as sp

from ..network.activations import ACTIVATIONS
from ..display.lines import Line, Section, shape_text
from ..network.formulas import latex_with
from ..network.symbols import latex_name
from ..engine.trace import batches
from ..network.layers.formulas import EPS, P
from ..network.layers.kinds import BatchNorm, Dropout, LayerNorm
from ..engine.layer_passes import var_symbol

CHECK_LIMIT = 6  # samples (batch norm) or units (layer norm) up to which SymPy checks the composed derivative


def _n(name, sup=None, bar=False, sub=None):
    return latex_name(name, bar=bar, sup=sup, sub=sub)


class Names:
    """The LaTeX of a norm or dropout layer's quantities: per sample i (or j), or whole."""

    def __init__(self, lf):
        self.lf, self.L = lf, lf.layer
        self.batch = isinstance(self.L, BatchNorm)

    def x(self, s="(i)", bar=False):
        return _n(self.lf.input_name, s, bar)

    def own(self, role, s="(i)", bar=False):
        name = getattr(self.L, role)
        if role == "var":
            return var_symbol(self.L, None if self.batch else s) if not bar else r"\overline{%s}" % var_symbol(self.L)
        if role in ("mean", "std") and self.batch:
            return _n(name, bar=bar)
        if role in ("gamma", "beta"):
            return _n(name, bar=bar, sup=s if bar else None)
        return _n(name, s, bar)


# --- equations --------------------------------------------------------------------------------------
def equation_lines(lf):
    """The layer's forward formulas, sample i."""
    L = lf.layer
    if isinstance(L, Dropout):
        a = _n(L.post, "(i)")
        return [Line(a, [lf.post.latex([_n(L.mask, "(i)"), _n(lf.input_name, "(i)")], ["p"])],
                     r"inverted dropout, $p = %s$, so $\mathrm{E}[%s] = %s$" % (_p(L.p), a, _n(lf.input_name, "(i)")))]
    v = Names(lf)
    mu, var, sd = v.own("mean"), v.own("var"), v.own("std")
    if v.batch:
        lines = [
            Line(mu, [r"\frac{1}{n} \sum_{j=1}^{n} %s" % v.x("(j)")],
                 r"per unit, over the batch's $n$ samples"),
            Line(var, [r"\frac{1}{n} \sum_{j=1}^{n} \left(%s - %s\right)^{2}" % (v.x("(j)"), mu)],
                 "biased, as BatchNorm1d in training"),
        ]
    else:
        k = _n(lf.input_name, "(i)", sub="k")
        lines = [
            Line(mu, [r"\frac{1}{%d} \sum_{k=1}^{%d} %s" % (L.units, L.units, k)],
                 "per sample, over the layer's %d units" % L.units),
            Line(var, [r"\frac{1}{%d} \sum_{k=1}^{%d} \left(%s - %s\right)^{2}" % (L.units, L.units, k, mu)],
                 "biased, as LayerNorm"),
        ]
    lines += [
        Line(sd, [lf.std.latex([var])], r"$\epsilon = %s$" % _p(L.eps)),
        Line(v.own("xhat"), [lf.xhat.latex([v.x(), mu, sd])], "elementwise"),
        Line(v.own("pre"), [lf.pre.latex([v.own("gamma", None), v.own("xhat"), v.own("beta", None)])],
             r"$%s, %s \in \mathbb{R}^{%d}$ are trained" % (_n(L.gamma), _n(L.beta), L.units)),
        Line(v.own("post"), [lf.post.latex([v.own("pre")])], "elementwise"),
    ]
    return lines


def _p(x):
    from ..display import numbers

    return numbers.latex(x, 6)


# --- local derivatives ----------------------------------------------------------------------------------
def local_lines(lf):
    """SymPy's derivatives of the layer's formulas with respect to their arguments."""
    L = lf.layer
    if isinstance(L, Dropout):
        m, h = sp.Symbol("m"), sp.Symbol("h")
        d = sp.diff(lf.post.expr.subs({sp.Symbol(L.mask): m, sp.Symbol(lf.input_name): h}), h)
        return [Line(r"\frac{\partial %s}{\partial %s}" % (_n(L.post, sub="k"), _n(lf.input_name, sub="k")),
                     [latex_with(d, {m: _n(L.mask, sub="k"), P: "p"})], "for each unit $k$ of a sample")]
    v = Names(lf)
    x, mu, var, sd = (sp.Symbol(n) for n in ("x", "mu", "var", "sd"))
    names = {x: v.x(), mu: v.own("mean"), var: v.own("var"), EPS: r"\epsilon"}
    xhat = (x - mu) / sp.sqrt(var + EPS)
    lines = []
    sd_pos = sp.Symbol("sd", positive=True)
    names[sd_pos] = v.own("std")
    for wrt, label in ((x, v.x()), (mu, v.own("mean")), (var, v.own("var"))):
        d = sp.factor(sp.diff(xhat, wrt))
        in_sd = d.subs(var, sd_pos ** 2 - EPS)  # the same in σ = √(σ² + ε)
        lines.append(Line(r"\frac{\partial %s}{\partial %s}" % (v.own("xhat"), label),
                          [latex_with(d, names), latex_with(in_sd, names)], "elementwise"))
    n, H = sp.Symbol("n"), L.units
    xs = sp.symbols("x1:4")
    count = n if v.batch else sp.Integer(H)
    mean = sp.Add(*xs) / count
    square = sp.Add(*[(s - mu) ** 2 for s in xs]) / count
    first = v.x("(i)") if v.batch else _n(lf.input_name, "(i)", sub="k")
    over = ("n", "j", v.x("(j)")) if v.batch else (str(H), "l", _n(lf.input_name, "(i)", sub="l"))
    lines += [
        Line(r"\frac{\partial %s}{\partial %s}" % (v.own("mean"), first), [latex_with(sp.diff(mean, xs[0]), {n: "n"})],
             "each sample of the batch" if v.batch else "each unit $k$"),
        Line(r"\frac{\partial %s}{\partial %s}" % (v.own("var"), first),
             [latex_with(sp.factor(sp.diff(square, xs[0])), {xs[0]: first, mu: v.own("mean"), n: "n"})],
             "with %s held" % ("$%s$" % v.own("mean"))),
        Line(r"\frac{\partial %s}{\partial %s}" % (v.own("var"), v.own("mean")),
             [r"-\frac{2}{%s} \sum_{%s} \left(%s - %s\right)" % (over[0], over[1], over[2], v.own("mean")), "0"],
             "the deviations from the mean sum to $0$"),
    ]
    if L.activation != "linear":
        act = ACTIVATIONS[L.activation]
        lines.append(Line(r"%s'\left(%s\right)" % (act.latex_name, v.own("pre")),
                          [latex_with(lf.derivative, {sp.Symbol(L.pre): v.own("pre")})]))
    return lines


# --- backward in matrix form --------------------------------------------------------------------------
def backward_lines(lf):
    """The layer's backward formulas in matrix form, sample i."""
    L = lf.layer
    if isinstance(L, Dropout):
        if lf.index == 0:
            return []
        return [Line(_n(lf.input_name, bar=True), [lf.input_bar.latex([_n(L.mask), _n(L.post, bar=True)], ["p"])],
                     "$%s$" % shape_text(L.units))]
    v = Names(lf)
    ybar = v.own("pre", bar=True)
    lines = [
        Line(ybar, [lf.pre_bar.latex([v.own("post", bar=True), v.own("pre")])], "$%s$" % shape_text(L.units)),
        Line(v.own("gamma", bar=True), [lf.gamma_grad.latex([ybar, v.own("xhat")])], "$%s$" % shape_text(L.units)),
        Line(v.own("beta", bar=True), [lf.beta_grad.latex([ybar])], "$%s$" % shape_text(L.units)),
    ]
    if not v.batch:
        lines.append(Line(v.own("xhat", bar=True), [lf.xhat_bar.latex([v.own("gamma", None), ybar])],
                          "$%s$" % shape_text(L.units)))
    if lf.index > 0:
        if v.batch:
            args = [v.own("gamma", None), v.own("std"), ybar, "g_{%s}" % _n(L.beta), v.own("xhat"),
                    "g_{%s}" % _n(L.gamma)]
            note = r"every sample's $%s$ enters through $%s$ and $%s$ (below)" % (
                _n(L.pre, bar=True, sup="(j)"), "g_{%s}" % _n(L.beta), "g_{%s}" % _n(L.gamma))
        else:
            args = [v.own("xhat", bar=True), v.own("xhat"), v.own("std")]
            note = r"$\operatorname{mean}$ over the %d units (below)" % L.units
        lines.append(Line(v.x(bar=True), [lf.input_bar.latex(args)], note))
    return lines


# --- the backward pass through the statistics ------------------------------------------------------------
def sections(model):
    """A section for each norm layer: the chain rule through μ, σ² and x̂, and SymPy's check of the result."""
    return [_through_statistics(lf, model) for lf in model.layers if isinstance(lf.layer, (BatchNorm, LayerNorm))
            and lf.index > 0]


def _through_statistics(lf, model):
    L, v = lf.layer, Names(lf)
    batch = v.batch
    mu, var, sd, ybar = v.own("mean"), v.own("var"), v.own("std"), v.own("pre", bar=True)
    xhb = (lambda s: _n(L.xhat, s, bar=True)) if batch else (lambda s: _n(L.xhat, "(i)", bar=True, sub=s))
    x = (lambda s: v.x(s)) if batch else (lambda s: _n(lf.input_name, "(i)", sub=s))
    xh = (lambda s: _n(L.xhat, s)) if batch else (lambda s: _n(L.xhat, "(i)", sub=s))
    yb = (lambda s: _n(L.pre, s, bar=True)) if batch else (lambda s: _n(L.pre, "(i)", bar=True, sub=s))
    g = _n(L.gamma) if batch else _n(L.gamma, sub="k")
    i, j, count = ("(i)", "(j)", "n") if batch else ("k", "l", str(L.units))
    sum_j = r"\sum_{j=1}^{n}" if batch else r"\sum_{l=1}^{%d}" % L.units
    varbar = r"\overline{%s}" % var
    mubar = _n(L.mean, bar=True) if batch else _n(L.mean, "(i)", bar=True)
    title = ("Batch norm (layer %d): the backward pass through the batch statistics" if batch else
             "Layer norm (layer %d): the backward pass through the statistics") % (lf.index + 1)
    intro = ((r"Every sample's $%s$ depends on every $%s$ of the batch through $%s$ and $%s$, so the bars "
              r"upstream of the layer are derivatives of the batch's summed loss $\sum_j L^{(j)}$ (its mean's, "
              r"times $n$), and a sample's gradient is its share of that sum. The chain rule through "
              r"$%s$, $%s$ and $%s$, with the local derivatives above (products elementwise, sums over the "
              r"samples $j$ of the batch):") % (_n(L.xhat, "(j)"), v.x("(j)"), mu, var, _n(L.xhat, "(j)"), var, mu)
             if batch else
             (r"Within one sample, every $%s$ depends on every input unit through $%s$ and $%s$. The chain rule "
              r"through them, with the local derivatives above (sums over the layer's units $l$):")
             % (_n(L.xhat, "(i)", sub="l"), mu, var))
    sec = Section(title, intro)
    sec.lines = [
        Line(xhb(j), [r"%s %s" % (_n(L.gamma) if batch else _n(L.gamma, sub="l"), yb(j))],
             "from $%s$" % lf.pre.latex([_n(L.gamma), _n(L.xhat), _n(L.beta)])),
        Line(varbar, [r"%s %s \frac{\partial %s}{\partial %s}" % (sum_j, xhb(j), xh(j), var),
                      r"-\frac{1}{2 {%s}^{3}} %s %s \left(%s - %s\right)" % (sd, sum_j, xhb(j), x(j), mu)]),
        Line(mubar, [r"%s %s \frac{\partial %s}{\partial %s} + %s \frac{\partial %s}{\partial %s}" % (
            sum_j, xhb(j), xh(j), mu, varbar, var, mu), r"-\frac{1}{%s} %s %s" % (sd, sum_j, xhb(j))],
            r"$\partial %s / \partial %s = 0$" % (var, mu)),
        Line(v.x(bar=True) if batch else _n(lf.input_name, "(i)", bar=True, sub="k"),
             [r"\frac{%s}{%s} + %s \frac{2\left(%s - %s\right)}{%s} + \frac{%s}{%s}" % (
                 xhb(i), sd, varbar, x(i), mu, count, mubar, count),
              (r"\frac{%s}{n %s} \left(n %s - %s %s - %s %s %s %s\right)" % (g, sd, yb(i), sum_j, yb(j), xh(i),
                                                                           sum_j, yb(j), xh(j)) if batch else
               r"\frac{1}{%s} \left(%s - \frac{1}{%s} %s %s - %s \frac{1}{%s} %s %s %s\right)" % (
                   sd, xhb(i), count, sum_j, xhb(j), xh(i), count, sum_j, xhb(j), xh(j)))],
             "the classic result" if batch else "for each unit $k$"),
    ]
    if batch:
        gb, gg = "g_{%s}" % _n(L.beta), "g_{%s}" % _n(L.gamma)
        sec.lines += [
            Line(v.x(bar=True), [lf.input_bar.latex([_n(L.gamma), sd, ybar, gb, _n(L.xhat, "(i)"), gg])],
                 "in the batch's mean gradients:"),
            Line(gb, [r"\frac{1}{n} %s %s" % (sum_j, _n(L.beta, bar=True, sup="(j)")), r"\frac{1}{n} %s %s" % (
                sum_j, yb(j))]),
            Line(gg, [r"\frac{1}{n} %s %s" % (sum_j, _n(L.gamma, bar=True, sup="(j)")),
                      r"\frac{1}{n} %s %s \odot %s" % (sum_j, yb(j), xh(j))])]
    sec.outro = _check(lf, model, yb(j), _n(L.pre, j if batch else "(i)", sub=None if batch else j))
    return sec


def _check(lf, model, ybar, y):
    """SymPy's check: the derivative of the composed layer (one unit of a batch of n, or one sample's units)
    with respect to its first input equals the classic formula, for each batch size (unit count) used."""
    L = lf.layer
    if isinstance(L, BatchNorm):
        sizes = sorted({len(samples) for samples in batches(model.problem)})
    else:
        sizes = [L.units]
    checked, failed = [], []
    for n in sizes:
        if n > CHECK_LIMIT:
            continue
        (failed if not composed_matches(n, isinstance(L, BatchNorm)) else checked).append(n)
    what = "samples" if isinstance(L, BatchNorm) else "units"
    if failed:
        return r"SymPy's check failed for %s = %s." % (what, ", ".join(map(str, failed)))
    if not checked:
        return ""
    where = ("one unit of a batch of $n = %s$ samples" if isinstance(L, BatchNorm) else "the %s units of one sample") % (
        ", ".join(map(str, checked)))
    return (r"Check: SymPy wrote the layer for %s with $\mu$ and $\sigma^2$ in terms of the inputs, "
            r"differentiated $%s %s\, %s$ (the bars held) with respect to the first input, and the difference "
            r"from the classic result simplifies to $0$." % (where, r"\sum_j" if isinstance(L, BatchNorm) else r"\sum_l",
                                                            ybar, y))


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
