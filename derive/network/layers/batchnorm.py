"""Batch norm: μ_B and σ²_B per unit over the samples of the iteration's batch (the biased variance, PyTorch's
BatchNorm1d in training mode), then norm.py's x̂, y = γ ⊙ x̂ + β, a = activation(y). Its backward pass
couples the batch: every sample's x̄ needs every sample's ȳ (the classic result)."""
import sympy as sp

from ..formulas import ELEMENTWISE, Mean, Template
from ..symbols import latex_name
from .base import info, named
from .notation import Times
from ...display.lines import Line
from .norm import NormKind, NormSteps, var_symbol


class BatchNormSteps(NormSteps):
    """Batch norm's statistics over the batch, and x̄ from the batch's sums of ȳ and ȳ ⊙ x̂."""

    batch = True
    centers_batch = True  # Σ_i x̄⁽ⁱ⁾ = γ/σ ⊙ (Σ ȳ − Σ ȳ − Σ x̂ ⊙ …) = 0, as Σ_i x̂⁽ⁱ⁾ = 0

    def __init__(self, kind, model, l, layer, fan_in, input_name):
        super().__init__(kind, model, l, layer, fan_in, input_name)
        self._by_batch = {}
        # x̄ from the gradients the update uses (g_β, g_γ: means, or sums with [loss] batch = "sum"); with γ or β
        # frozen there are none, and x̄ sums over the batch's ȳ and x̂ itself
        self.from_gradients = all(p in model.problem.trained for p in layer.params)

    # --- templates over a batch of n samples --------------------------------------------------------------
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

    def input_bar(self, n):
        """x̄⁽ⁱ⁾ = γ/σ_B ⊙ (ȳ⁽ⁱ⁾ − g_β − x̂⁽ⁱ⁾ ⊙ g_γ) with the batch's mean gradients; with their sums,
        γ/(n σ_B) ⊙ (n ȳ⁽ⁱ⁾ − g_β − x̂⁽ⁱ⁾ ⊙ g_γ); without them, the sums over the batch written out. n: the batch
        size, or the symbol n for the derivation."""
        key = ("bar", n if self.summed or not self.from_gradients else None)
        if key not in self._by_batch:
            self._by_batch[key] = self._input_bar(n)
        return self._by_batch[key]

    def _input_bar(self, n):
        L = self.layer
        g, sd, ybar, xh = (sp.Symbol(s) for s in (L.gamma, L.std, L.pre + "bar", L.xhat))
        if self.from_gradients:
            gb, gg = sp.Symbol("mean." + L.beta), sp.Symbol("mean." + L.gamma)
            args = (g, sd, ybar, gb, xh, gg)
            if not self.summed:
                return Template(ELEMENTWISE, g / sd * (ybar - gb - xh * gg), args,
                                display=Times(g / sd, ybar - gb - Times(xh, gg)), substitute_display=True)
            return Template(ELEMENTWISE, g / (n * sd) * (n * ybar - gb - xh * gg), args,
                            display=Times(g / (n * sd), n * ybar - gb - Times(xh, gg)), substitute_display=True)
        ys, hs = sp.symbols(f"{L.pre}.bar1:{n + 1}"), sp.symbols(f"{L.xhat}.s1:{n + 1}")
        sum_y, sum_yx = sp.Add(*ys), sp.Add(*[a * b for a, b in zip(ys, hs)])
        shown = sp.Add(*[Times(a, b) for a, b in zip(ys, hs)])
        return Template(ELEMENTWISE, g / (n * sd) * (n * ybar - sum_y - xh * sum_yx), (g, sd, ybar, xh, *ys, *hs),
                        display=Times(g / (n * sd), n * ybar - sum_y - Times(xh, shown)), substitute_display=True)

    def _cached(self, key, make):
        if key not in self._by_batch:
            self._by_batch[key] = make(sp.symbols(f"{self.input_name}.s1:{key[1] + 1}"))
        return self._by_batch[key]

    # --- the trace ---------------------------------------------------------------------------------------
    def forward(self, tr, ps, inputs):
        L, t, n, shape_ = self.layer, ps.t, len(ps.samples), (self.layer.units,)
        xs = [inputs[i] for i in ps.samples]
        mu = tr.compute(f"it{t}.{L.mean}", self.batch_mean(n), xs, shape_, latex_name(L.mean),
                        **info(t, 0, L.mean, "stat"))
        var = tr.compute(f"it{t}.{L.var}", self.batch_var(n), [*xs, mu], shape_, var_symbol(L),
                         **info(t, 0, L.var, "stat"))
        sd = tr.compute(f"it{t}.{L.std}", self.std, [var], shape_, latex_name(L.std), consts=(L.eps,),
                        **info(t, 0, L.std, "stat"))
        for i in ps.samples:
            self.affine(tr, ps, i, inputs[i], mu, sd)
        return {i: f"it{t}.s{i}.{L.post}" for i in ps.samples}

    def input_bars(self, tr, ps):
        L, t, n = self.layer, ps.t, len(ps.samples)
        if self.from_gradients:
            for p in (L.gamma, L.beta):  # the batch's gradients enter every sample's x̄
                ps.batch_gradient(p)
        if self.index == 0:
            return
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            head = [ps.params[L.gamma], f"it{t}.{L.std}", pre + "grad." + L.pre]
            if self.from_gradients:
                parents = head + [f"it{t}.grad.{L.beta}", pre + L.xhat, f"it{t}.grad.{L.gamma}"]
            else:
                parents = head + [pre + L.xhat] + [f"it{t}.s{j}.grad.{L.pre}" for j in ps.samples] + \
                    [f"it{t}.s{j}.{L.xhat}" for j in ps.samples]
            tr.compute(pre + "grad." + self.input_name, self.input_bar(n), parents, (self.fan_in,),
                       named(self.input_name, i, bar=True), **info(t, i, self.input_name, "bar"))

    def forward_batch(self, a, params, masks, rows):
        L, n = self.layer, a.shape[1]
        cols = [a[:, [j]] for j in range(n)]
        mu = self.batch_mean(n).evaluate(cols)
        var = self.batch_var(n).evaluate([*cols, mu])
        sd = self.std.evaluate([var], (L.eps,))
        y = self.pre.evaluate([params[L.gamma], self.xhat.evaluate([a, mu, sd]), params[L.beta]])
        return y, self.post.evaluate([y])

    # --- the derivation -----------------------------------------------------------------------------------
    def statistic_lines(self, d):
        mu = self.own("mean")
        return [Line(mu, [r"\frac{1}{n} \sum_{j=1}^{n} %s" % self.x("(j)")], d.msg("layer.batchnorm.mean_note")),
                Line(self.own("var"), [r"\frac{1}{n} \sum_{j=1}^{n} \left(%s - %s\right)^{2}" % (self.x("(j)"), mu)],
                     d.msg("layer.batchnorm.var_note"))]

    def _gradient_names(self):
        return "g_{%s}" % latex_name(self.layer.beta), "g_{%s}" % latex_name(self.layer.gamma)

    def _classic(self, sum_j, yb_j, i="(i)"):
        L = self.layer
        return r"\frac{%s}{n %s} \left(n %s - %s %s - %s %s %s %s\right)" % (
            latex_name(L.gamma), self.own("std"), latex_name(L.pre, sup=i, bar=True), sum_j, yb_j,
            latex_name(L.xhat, sup=i), sum_j, yb_j, latex_name(L.xhat, sup="(j)"))

    def input_bar_lines(self, d):
        if self.index == 0:
            return []
        L, ybar = self.layer, self.own("pre", bar=True)
        if not self.from_gradients:
            return [Line(self.x(bar=True), [self._classic(r"\sum_{j=1}^{n}", latex_name(L.pre, sup="(j)", bar=True))],
                         d.msg("layer.batchnorm.input_bar_sums"))]
        gb, gg = self._gradient_names()
        args = [self.own("gamma", None), self.own("std"), ybar, gb, self.own("xhat"), gg]
        return [Line(self.x(bar=True), [self.input_bar(sp.Symbol("n")).latex(args)],
                     d.msg("layer.batchnorm.input_bar", ybar=latex_name(L.pre, bar=True, sup="(j)"), gb=gb, gg=gg))]

    def section_intro(self, msg):
        return msg("layer.batchnorm.section_intro", xhat=latex_name(self.layer.xhat, sup="(j)"), x=self.x("(j)"),
                   mu=self.own("mean"), var=self.own("var"))

    def section_gradient_lines(self, d, yb_j, sum_j):
        if not self.from_gradients:
            return []
        L, msg = self.layer, d.msg
        gb, gg = self._gradient_names()
        mean = "" if self.summed else r"\frac{1}{n} "
        return [
            Line(self.x(bar=True), [self.input_bar(sp.Symbol("n")).latex([latex_name(L.gamma), self.own("std"), self.own("pre", bar=True),
                                                            gb, latex_name(L.xhat, sup="(i)"), gg])],
                 msg("layer.batchnorm.in_sums" if self.summed else "layer.batchnorm.in_means")),
            Line(gb, [r"%s%s %s" % (mean, sum_j, latex_name(L.beta, bar=True, sup="(j)")),
                      r"%s%s %s" % (mean, sum_j, yb_j)]),
            Line(gg, [r"%s%s %s" % (mean, sum_j, latex_name(L.gamma, bar=True, sup="(j)")),
                      r"%s%s %s \odot %s" % (mean, sum_j, yb_j, latex_name(L.xhat, sup="(j)"))])]

    def check_sizes(self, d):
        return d.batch_sizes

    def backward_note(self):
        return "derivation.backward_batchnorm"

    # --- the sheet ----------------------------------------------------------------------------------------
    def forward_blocks(self, sb, t, samples, block):
        L, msg, l, kind = self.layer, sb.msg, self.index + 1, self.title(sb.msg)
        return [block(msg("layer.batchnorm.statistics", l=l, kind=kind), [sb.step(f"it{t}.{n}") for n in (L.mean, L.var, L.std)],
                      text=msg("layer.batchnorm.statistics_text", n=len(samples))),
                block(msg("layer.batchnorm.normalized", l=l, kind=kind),
                      [sb.step(f"it{t}.s{i}.{n}") for i in samples for n in (L.xhat, L.pre, L.post)])]

    def backward_keys(self, t, i, trace):
        L = self.layer
        return [f"it{t}.s{i}.grad.{n}" for n in (L.pre, L.gamma, L.beta) if n == L.pre or n in trace.problem.trained]

    def backward_blocks(self, sb, t, samples, block):
        blocks = super().backward_blocks(sb, t, samples, block)
        if self.index == 0:
            return blocks
        L, msg = self.layer, sb.msg
        bars = [sb.step(f"it{t}.s{i}.grad.{self.input_name}") for i in samples]
        what = dict(gamma="$%s$" % latex_name(L.gamma), beta="$%s$" % latex_name(L.beta),
                    bar="$%s$" % latex_name(self.input_name, bar=True))
        if self.from_gradients:
            means = [sb.step(f"it{t}.grad.{p}") for p in (L.gamma, L.beta)]
            text = msg("layer.batchnorm.sums_text" if self.summed else "layer.batchnorm.means_text", **what)
        else:
            means, text = [], msg("layer.batchnorm.direct_text", **what)
        return blocks + [block(msg("layer.batchnorm.backward_statistics", l=self.index + 1, kind=self.title(msg)),
                               means + bars, text=text)]


class BatchNormKind(NormKind):
    name = "batchnorm"
    doc = ("μ_B and σ²_B over the samples of the iteration's batch (the biased variance: PyTorch's `BatchNorm1d` in "
           "training mode), σ_B = √(σ²_B + ε), x̂ = (x − μ_B)/σ_B, y = γ ⊙ x̂ + β, a = activation(y)")
    steps = BatchNormSteps

    def check_problem(self, r, layer, key, n_samples, batch_sizes):
        if layer.eps == 0 and min(batch_sizes) == 1:
            r.fail(key + ".eps", "eps > 0 for batch norm with a batch of one sample (its variance is 0)", "0")


KIND = BatchNormKind()
