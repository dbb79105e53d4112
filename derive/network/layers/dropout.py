"""Inverted dropout, a = m ⊙ h / (1 − p), with a mask m of 0s and 1s per sample, given or seeded: its table,
templates, trace steps, derivation lines and sheet rows."""
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import sympy as sp

from ..formulas import ELEMENTWISE, Template, latex_with
from ..symbols import latex_name
from ..declarations import Matrix, Name, Number, Whole
from .base import KIND_KEY, LayerKind, LayerSteps, info, named
from .notation import P, Over, Times
from ...display.lines import Line, shape_text as shape
from .norm import p_text


@dataclass(frozen=True)
class Dropout:
    """Inverted dropout: a = m ⊙ h / (1 − p), with a mask m of 0s and 1s per sample, given or seeded."""

    units: int
    p: float
    mask: str  # the name of the mask quantity
    post: str
    masks: tuple = None  # given: one tuple of 0/1 per sample, used in every iteration
    seed: int = None  # else: each pass draws its own mask (see mask_for)
    activation: ClassVar[str] = "linear"
    kind: ClassVar[str] = "dropout"
    NAMES: ClassVar[tuple] = ("mask", "post")
    params: ClassVar[tuple] = ()

    def mask_for(self, t, i):
        """The mask of sample i (1-based) in iteration t: the given row, or a draw of NumPy's
        default_rng([seed, t, i]) keeping unit k where random(units)[k] >= p."""
        if self.masks is not None:
            return np.array(self.masks[i - 1], dtype=float)
        if self.p == 0:
            return np.ones(self.units)
        return (np.random.default_rng([self.seed, t, i]).random(self.units) >= self.p).astype(float)


KEYS = (
    KIND_KEY,
    Whole("units", "the layer's units: those of its input", default_doc="the input's", high=10_000),
    Number("p", "the rate of dropped units", default=0.5, low=0, high=1, high_open=True, noun="a rate p"),
    Matrix("mask", "the masks: one row of 0s and 1s per sample, used in every iteration (or `seed`)",
           values="0 or 1"),
    Whole("seed", "the masks drawn from this seed (or `mask`): the mask of sample i in iteration t keeps unit k "
                  "where `numpy.random.default_rng([seed, t, i]).random(units)[k] >= p`", low=0, high=2**63 - 1),
    Name("mask_name", "the masks' name", default="m{l}"),
    Name("post", "the name of a", default="a{l}"),
)


class DropoutKind(LayerKind):
    name = "dropout"
    keys = KEYS
    exactly_one = ("mask", "seed")
    doc = "a = m ⊙ input / (1 − p) (inverted dropout), with a mask m of 0s and 1s per sample, given or seeded"

    def parse(self, r, table, key, l, fan_in):
        r.only(self.table(), table, key)
        units = r.read(self.key("units"), table, key, default=fan_in)
        if units != fan_in:
            r.fail(key + ".units", f"the size of the layer's input ({fan_in}) for a dropout layer", str(units))
        p = r.read(self.key("p"), table, key)
        mask_name, post = (r.read(self.key(name), table, key, l=l) for name in ("mask_name", "post"))
        if ("mask" in table) == ("seed" in table):
            r.fail(key, "either mask (one row of 0s and 1s per sample) or seed (a whole number)",
                   "both" if "mask" in table else "neither")
        if "seed" in table:
            seed = r.read(self.key("seed"), table, key)
            return Dropout(units=units, p=p, mask=mask_name, post=post, seed=seed)
        rows = table["mask"]
        if not isinstance(rows, list) or not rows:
            r.fail(key + ".mask", "one row of 0s and 1s per sample", r.describe(rows))
        rows = [row if isinstance(row, list) else [row] for row in rows] if units == 1 else rows
        arr = r.matrix(rows, key + ".mask", (len(rows), units))
        bad = np.argwhere(~np.isin(arr, (0.0, 1.0)))
        if bad.size:
            i, k = bad[0] + 1
            r.fail(f"{key}.mask[{i},{k}]", "0 (dropped) or 1 (kept)", r.describe(arr[i - 1, k - 1].item()))
        if p == 0 and not arr.all():
            r.fail(key + ".mask", "a mask of ones when p = 0 (nothing is dropped)", "a 0 in the mask")
        return Dropout(units=units, p=p, mask=mask_name, post=post, masks=tuple(tuple(row) for row in arr.tolist()))

    def check_last(self, r, layer, loss, key):
        r.fail(key + ".kind", "a dense or norm layer last (dropout on the output makes the prediction random)",
               "'dropout'")

    def check_problem(self, r, layer, key, n_samples, batch_sizes):
        if layer.masks is not None and len(layer.masks) != n_samples:
            r.fail(key + ".mask", f"one row per sample: {n_samples} rows of {layer.units} numbers",
                   f"{len(layer.masks)} rows")

    def formulas(self, model, l, layer, fan_in, input_name):
        return DropoutSteps(self, l, layer, fan_in, input_name)


class DropoutSteps(LayerSteps):
    """Templates of a dropout layer: a = m ⊙ h / (1 − p) and h̄ = m ⊙ ā / (1 − p)."""

    by_layer = True

    def __init__(self, kind, l, layer, fan_in, input_name):
        super().__init__(kind, l, layer, fan_in, input_name)
        m, h, abar = sp.Symbol(layer.mask), sp.Symbol(input_name), sp.Symbol(layer.post + "bar")
        self.post = Template(ELEMENTWISE, m * h / (1 - P), (m, h), consts=(P,), display=Over(Times(m, h), 1 - P),
                             substitute_display=True)
        self.input_bar = Template(ELEMENTWISE, m * abar / (1 - P), (m, abar), consts=(P,),
                                  display=Over(Times(m, abar), 1 - P), substitute_display=True)

    def forward(self, tr, ps, inputs):
        L, t, shape_ = self.layer, ps.t, (self.layer.units,)
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            m = tr.given(pre + L.mask, L.mask_for(t, i), shape_, named(L.mask, i), **info(t, i, L.mask, "mask"))
            tr.compute(pre + L.post, self.post, [m, inputs[i]], shape_, named(L.post, i), consts=(L.p,),
                       **info(t, i, L.post, "post"))
        return {i: f"it{t}.s{i}.{L.post}" for i in ps.samples}

    def backward(self, tr, ps):
        if self.index == 0:
            return
        L, t = self.layer, ps.t
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            tr.compute(pre + "grad." + self.input_name, self.input_bar, [pre + L.mask, pre + "grad." + L.post],
                       (self.fan_in,), named(self.input_name, i, bar=True), consts=(L.p,),
                       **info(t, i, self.input_name, "bar"))

    def forward_batch(self, a, params, masks, rows):
        out = self.post.evaluate([np.asarray(masks[self.layer.mask], dtype=float), a], (self.layer.p,))
        return out, out

    # --- the derivation -----------------------------------------------------------------------------------
    def equation_lines(self, d):
        L = self.layer
        a = latex_name(L.post, sup="(i)")
        h = latex_name(self.input_name, sup="(i)")
        return [Line(a, [self.post.latex([latex_name(L.mask, sup="(i)"), h], ["p"])],
                     d.msg("layer.dropout.equation", p=r"$p = %s$" % p_text(L.p),
                           expectation=r"$\mathrm{E}[%s] = %s$" % (a, h)))]

    def local_lines(self, d):
        L = self.layer
        m, h = sp.Symbol("m"), sp.Symbol("h")
        dh = sp.diff(self.post.expr.subs({sp.Symbol(L.mask): m, sp.Symbol(self.input_name): h}), h)
        return [Line(r"\frac{\partial %s}{\partial %s}" % (latex_name(L.post, sub="k"), latex_name(self.input_name, sub="k")),
                     [latex_with(dh, {m: latex_name(L.mask, sub="k"), P: "p"})], d.msg("layer.dropout.each_unit"))]

    def backward_lines(self, d):
        if self.index == 0:
            return []
        L = self.layer
        return [Line(latex_name(self.input_name, bar=True),
                     [self.input_bar.latex([latex_name(L.mask), latex_name(L.post, bar=True)], ["p"])],
                     "$%s$" % shape(L.units))]

    # --- the sheet ----------------------------------------------------------------------------------------
    def layer_row(self, sb, l, mark):
        L, msg = self.layer, sb.msg
        return [msg.number(l), msg.number(L.units), msg("layer.dropout.row", p="$p = %s$" % p_text(L.p)), "", "",
                r"$%s = %s \odot %s / (1 - p)$" % (latex_name(L.post), latex_name(L.mask), msg("layer.dropout.input"))]

    def statement_text(self, sb, l):
        L, msg = self.layer, sb.msg
        text = msg("layer.dropout.statement", l=l, p=p_text(L.p), mask=latex_name(L.mask))
        if L.masks is not None:
            rows = msg("list_separator").join("$%s = (%s)$" % (latex_name(L.mask, sup="(%d)" % i),
                                                               ", ".join("%d" % v for v in row))
                                              for i, row in enumerate(L.masks, start=1))
            return text + msg("layer.dropout.given", masks=rows)
        return text + msg("layer.dropout.seeded", seed=str(L.seed))

    def forward_keys(self, t, i):
        return [f"it{t}.s{i}.{self.layer.mask}", f"it{t}.s{i}.{self.layer.post}"]

    def forward_blocks(self, sb, t, samples, block):
        return [block(sb.msg("layer.forward", l=self.index + 1, kind=self.title(sb.msg)),
                      [sb.step(k) for i in samples for k in self.forward_keys(t, i)],
                      text=sb.msg("layer.dropout.forward_text"))]

    def backward_keys(self, t, i, trace):
        return [f"it{t}.s{i}.grad.{self.input_name}"] if self.index > 0 else []


KIND = DropoutKind()
