"""Layer norm: μ and σ² of each sample over the layer's units (PyTorch's LayerNorm), then norm.py's
x̂, y = γ ⊙ x̂ + β, a = activation(y); its backward pass stays within one sample."""
import sympy as sp

from ..formulas import ELEMENTWISE, EXPLICIT, Apply, Template
from ..symbols import latex_name
from .base import info, named
from .notation import MEAN, Times, symbols
from ...display.lines import Line, shape_text as shape
from .norm import NormKind, NormSteps


class LayerNormSteps(NormSteps):
    """Layer norm's statistics of one sample, and x̄ through x̂'s bar."""

    def __init__(self, kind, model, l, layer, fan_in, input_name):
        super().__init__(kind, model, l, layer, fan_in, input_name)
        L, H = layer, layer.units
        mu, sd = sp.Symbol(L.mean), sp.Symbol(L.std)
        g, ybar = sp.Symbol(L.gamma), sp.Symbol(L.pre + "bar")
        xs = symbols(input_name, H)
        X = sp.Symbol("whole." + input_name)
        self.mean = Template(EXPLICIT, sp.Add(*xs) / H, (xs,), display=Apply(MEAN, X), display_args=(X,))
        self.var = Template(EXPLICIT, sp.Add(*[(v - mu) ** 2 for v in xs]) / H, (xs, mu),
                            display=Apply(MEAN, (X - mu) ** 2), display_args=(X,))
        self.xhat_bar = Template(ELEMENTWISE, g * ybar, (g, ybar), display=Times(g, ybar), substitute_display=True)
        ds, hs = symbols(L.xhat + "bar", H), symbols(L.xhat, H)
        D, XH = sp.Symbol("whole." + L.xhat + "bar"), sp.Symbol("whole." + L.xhat)
        mean_d, mean_dx = sp.Add(*ds) / H, sp.Add(*[ds[k] * hs[k] for k in range(H)]) / H
        self.input_bar = Template(
            EXPLICIT, sp.Matrix([(ds[k] - mean_d - hs[k] * mean_dx) / sd for k in range(H)]), (ds, hs, sd),
            display=Times(1 / sd, D - Apply(MEAN, D) - Times(XH, Apply(MEAN, Times(D, XH)))), display_args=(D, XH))

    # --- the trace ---------------------------------------------------------------------------------------
    def forward(self, tr, ps, inputs):
        L, t = self.layer, ps.t
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            mu = tr.compute(pre + L.mean, self.mean, [inputs[i]], (), named(L.mean, i), **info(t, i, L.mean, "stat"))
            var = tr.compute(pre + L.var, self.var, [inputs[i], mu], (), self.own("var", f"({i})"),
                             **info(t, i, L.var, "stat"))
            sd = tr.compute(pre + L.std, self.std, [var], (), named(L.std, i), consts=(L.eps,),
                            **info(t, i, L.std, "stat"))
            self.affine(tr, ps, i, inputs[i], mu, sd)
        return {i: f"it{t}.s{i}.{L.post}" for i in ps.samples}

    def after_pre_bar(self, tr, ps, i):
        L, pre = self.layer, f"it{ps.t}.s{i}."
        tr.compute(pre + "grad." + L.xhat, self.xhat_bar, [ps.params[L.gamma], pre + "grad." + L.pre], (L.units,),
                   named(L.xhat, i, bar=True), **info(ps.t, i, L.xhat, "bar"))

    def input_bars(self, tr, ps):
        if self.index == 0:
            return
        L, t = self.layer, ps.t
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            tr.compute(pre + "grad." + self.input_name, self.input_bar, [pre + "grad." + L.xhat, pre + L.xhat, pre + L.std],
                       (self.fan_in,), named(self.input_name, i, bar=True), **info(t, i, self.input_name, "bar"))

    def forward_batch(self, a, params, masks, rows):
        L = self.layer
        mu = self.mean.evaluate([a])
        var = self.var.evaluate([a, mu])
        sd = self.std.evaluate([var], (L.eps,))
        y = self.pre.evaluate([params[L.gamma], self.xhat.evaluate([a, mu, sd]), params[L.beta]])
        return y, self.post.evaluate([y])

    # --- the derivation -----------------------------------------------------------------------------------
    def statistic_lines(self, d):
        L, mu = self.layer, self.own("mean")
        k = latex_name(self.input_name, sup="(i)", sub="k")
        return [Line(mu, [r"\frac{1}{%d} \sum_{k=1}^{%d} %s" % (L.units, L.units, k)],
                     d.msg("layer.layernorm.mean_note", units=L.units)),
                Line(self.own("var"), [r"\frac{1}{%d} \sum_{k=1}^{%d} \left(%s - %s\right)^{2}" % (L.units, L.units, k, mu)],
                     d.msg("layer.layernorm.var_note"))]

    def input_bar_lines(self, d):
        L, vector = self.layer, "$%s$" % shape(self.layer.units)
        lines = [Line(self.own("xhat", bar=True), [self.xhat_bar.latex([self.own("gamma", None), self.own("pre", bar=True)])],
                      vector)]
        if self.index > 0:
            lines.append(Line(self.x(bar=True), [self.input_bar.latex([self.own("xhat", bar=True), self.own("xhat"),
                                                                       self.own("std")])],
                              d.msg("layer.layernorm.input_bar", units=L.units)))
        return lines

    def section_intro(self, msg):
        return msg("layer.layernorm.section_intro", xhat=latex_name(self.layer.xhat, sup="(i)", sub="l"),
                   mu=self.own("mean"), var=self.own("var"))

    def check_sizes(self, d):
        return [self.layer.units]

    # --- the sheet ----------------------------------------------------------------------------------------
    def forward_blocks(self, sb, t, samples, block):
        L, msg = self.layer, sb.msg
        keys = [f"it{t}.s{i}.{n}" for i in samples for n in (L.mean, L.var, L.std, L.xhat, L.pre, L.post)]
        return [block(msg("layer.forward", l=self.index + 1, kind=self.title(msg)), [sb.step(k) for k in keys],
                      text=msg("layer.layernorm.forward_text", units=L.units))]

    def backward_keys(self, t, i, trace):
        L = self.layer
        names = [L.pre, *(n for n in (L.gamma, L.beta) if n in trace.problem.trained), L.xhat]
        return [f"it{t}.s{i}.grad.{n}" for n in names + ([self.input_name] if self.index > 0 else [])]


class LayerNormKind(NormKind):
    name = "layernorm"
    doc = "μ and σ² of each sample over the layer's units (PyTorch's `LayerNorm`), then as batchnorm"
    steps = LayerNormSteps

    def check_problem(self, r, layer, key, n_samples, batch_sizes):
        if layer.eps == 0 and layer.units == 1:
            r.fail(key + ".eps", "eps > 0 for layer norm of one unit (its variance is 0)", "0")


KIND = LayerNormKind()
