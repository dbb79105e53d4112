"""The dense layer, z = W a + b (or z = a W + b) and a = activation(z): its table, its templates (the
derivatives are SymPy's), its trace steps, its derivation lines and its sheet rows."""
from dataclasses import dataclass
from typing import ClassVar

import sympy as sp

from ..activations import ACTIVATIONS
from ..formulas import ELEMENTWISE, EXPLICIT, MATRIX, Apply, JacobianT, Odot, Template, latex_with
from ...display.latex_text import escape
from ..symbols import element, latex_name
from ..declarations import Choice, Name, Whole
from .base import KIND_KEY, LayerKind, LayerSteps, info, named
from ...display.lines import Line, shape_text as shape

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "swish", "silu", "softplus", "linear", "softmax")
ACTIVATION_NOTES = {"swish": "z·σ(z)", "silu": "= swish", "softmax": "last layer only"}
KEYS = (
    KIND_KEY,
    Whole("units", "the layer's units", required=True, high=10_000),
    Choice("activation", "a = activation(z)", required=True, choices=ACTIVATION_NAMES, notes=ACTIVATION_NOTES),
    Name("weight", "the weight's name", default="W{l}"),
    Name("bias", "the bias's name; `false`: the layer has no bias", default="b{l}", switch=True),
    Name("pre", "the name of z", default="z{l}"),
    Name("post", "the name of a", default="a{l}"),
)


@dataclass(frozen=True)
class Layer:
    """One dense layer: z = W a + b (or z = a W + b), a' = activation(z); bias None: the layer has none."""

    units: int
    activation: str
    weight: str
    bias: str  # None with bias = false
    pre: str
    post: str
    kind: ClassVar[str] = "dense"
    NAMES: ClassVar[tuple] = ("weight", "bias", "pre", "post")

    @property
    def params(self):
        return tuple(n for n in (self.weight, self.bias) if n is not None)


def elements(name, n):
    """Scalar symbols name_1..name_n for the elements of a vector (symbols.element)."""
    return sp.Matrix([element(name, k) for k in range(1, n + 1)])


class DenseKind(LayerKind):
    name = "dense"
    row_layout = True
    keys = KEYS
    unknown = "only the keys {keys}"
    doc = "z = W a + b (as PyTorch's `Linear`; z = a W + b with `layout = \"xW\"`), a = activation(z)"

    def parse(self, r, table, key, l, fan_in):
        r.only(self.table(), table, key)
        units, activation, bias = (r.read(self.key(name), table, key, l=l) for name in ("units", "activation", "bias"))
        return Layer(units=units, activation="swish" if activation == "silu" else activation,
                     weight=r.read(self.key("weight"), table, key, l=l), bias=bias,
                     pre=r.read(self.key("pre"), table, key, l=l), post=r.read(self.key("post"), table, key, l=l))

    def params(self, layer):
        return layer.params

    def param_shape(self, layer, name, fan_in, layout):
        if name == layer.weight:
            return (fan_in, layer.units) if layout == "xW" else (layer.units, fan_in)
        if name == layer.bias and name is not None:
            return (layer.units,)
        raise KeyError(name)

    def n_params(self, layer, fan_in):
        return layer.units * (fan_in + (layer.bias is not None))

    def printed(self, layer, fan_in, layout):
        weight = (fan_in, layer.units) if layout == "xW" else (layer.units, fan_in)
        return [("weight", weight), ("bias", (layer.units,)), ("pre", (layer.units,)), ("post", (layer.units,))]

    def initial(self, r, layer, init_table, fan_in, layout):
        out = {}
        for name in layer.params:
            shape_ = self.param_shape(layer, name, fan_in, layout)
            if name not in init_table:
                r.fail(f"init.{name}", f"initial values of {name}: {r.shape_text(shape_)}", "nothing")
            value = init_table[name]
            if shape_[0] == 1 and len(shape_) == 1 and not isinstance(value, list):
                value = [value]
            out[name] = r.matrix(value, f"init.{name}", shape_)
        return out

    def formulas(self, model, l, layer, fan_in, input_name):
        return DenseSteps(self, model, l, layer, fan_in, input_name)


class DenseSteps(LayerSteps):
    """The templates of one dense layer: forward (pre, post) and backward (pre-bar, post-bar, weight, bias)."""

    scalar_chain = True
    weighted = True

    def __init__(self, kind, model, l, layer, fan_in, input_name):
        super().__init__(kind, l, layer, fan_in, input_name)
        self.rows = model.rows
        self.post_bar = self.weight_grad = self.bias_grad = self.pre_bar = None
        self.shift = layer.bias if layer.activation == "linear" else None
        self.identity_activation = layer.activation == "linear"
        W, a = model.weight_symbol(layer, fan_in), model.vector_symbol(input_name, fan_in)
        product = a * W if self.rows else W * a
        if layer.bias is None:
            self.pre = Template(MATRIX, product, (W, a))
        else:
            b = model.vector_symbol(layer.bias, layer.units)
            self.pre = Template(MATRIX, sp.MatAdd(product, b), (W, a, b))
        act = ACTIVATIONS[layer.activation]
        self.z = z = sp.Symbol(layer.pre)  # the scalar symbol of the pre-activation, for derivations
        if act.vector:
            zs = elements(layer.pre, layer.units)
            expr = sp.Matrix([act.formula(k, list(zs)) for k in range(1, layer.units + 1)])
            self.post = Template(EXPLICIT, expr, (zs,), display=Apply(sp.Symbol(act.latex_name), z),
                                 display_args=(z,))
        else:
            formula = act.formula(z)
            display = Apply(sp.Symbol(act.latex_name), z) if layer.activation in ("swish", "linear") else None
            self.post = Template(ELEMENTWISE, formula, (z,), display=display)
            self.derivative = sp.diff(formula, z)  # activation'(z) as SymPy

    def backward_templates(self, model, last):
        layer, n = self.layer, self.layer.units
        zbar = model.vector_symbol(layer.pre + "bar", n)
        a = model.vector_symbol(self.input_name, self.fan_in)
        self.weight_grad = Template(MATRIX, a.T * zbar if self.rows else zbar * a.T, (zbar, a))
        self.bias_grad = Template(MATRIX, zbar, (zbar,)) if layer.bias is not None else None
        if self.index > 0:
            W = model.weight_symbol(layer, self.fan_in)
            self.post_bar = Template(MATRIX, zbar * W.T if self.rows else W.T * zbar, (W, zbar))
        act = ACTIVATIONS[layer.activation]
        z, abar = self.z, sp.Symbol(layer.post + "bar")
        if last and model.output_combined is not None:
            self.simplified = True
            self.pre_bar = Template(EXPLICIT, model.output_combined, (model.yhat, model.y))
        elif act.vector:
            zs, abars = elements(layer.pre, n), elements(layer.post + "bar", n)
            outs = [act.formula(k, list(zs)) for k in range(1, n + 1)]
            expr = sp.Matrix([sum(abars[j] * sp.diff(outs[j], zs[k]) for j in range(n)) for k in range(n)])
            display = JacobianT(sp.Symbol(act.latex_name), z, abar)
            self.pre_bar = Template(EXPLICIT, expr, (abars, zs), display=display, display_args=(abar, z))
        else:
            display = Odot(abar, Apply(sp.Symbol(act.latex_name), z, 1))
            self.pre_bar = Template(ELEMENTWISE, abar * self.derivative, (abar, z), display=display)

    # --- the trace ---------------------------------------------------------------------------------------
    def forward(self, tr, ps, inputs):
        layer, t = self.layer, ps.t
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            args = [ps.params[layer.weight], inputs[i]] + ([ps.params[layer.bias]] if layer.bias is not None else [])
            tr.compute(pre + layer.pre, self.pre, args, (layer.units,), named(layer.pre, i),
                       **info(t, i, layer.pre, "pre"))
            tr.compute(pre + layer.post, self.post, [pre + layer.pre], (layer.units,), named(layer.post, i),
                       **info(t, i, layer.post, "post"))
        return {i: f"it{t}.s{i}.{layer.post}" for i in ps.samples}

    def backward(self, tr, ps):
        layer, t = self.layer, ps.t
        for i in ps.samples:
            pre = f"it{t}.s{i}."
            if self.simplified:
                parents = [pre + layer.post, f"data.s{i}.y"]
            else:
                parents = [pre + "grad." + layer.post, pre + layer.pre]
            zbar = tr.compute(pre + "grad." + layer.pre, self.pre_bar, parents, (layer.units,),
                              named(layer.pre, i, bar=True), **info(t, i, layer.pre, "bar"))
            a = f"data.s{i}.x" if self.index == 0 else pre + self.input_name
            if layer.weight in ps.trained:
                tr.compute(pre + "grad." + layer.weight, self.weight_grad, [zbar, a], tr.problem.param_shape(layer.weight),
                           named(layer.weight, i, bar=True), **info(t, i, layer.weight, "grad"))
            if layer.bias in ps.trained:
                tr.compute(pre + "grad." + layer.bias, self.bias_grad, [zbar], (layer.units,),
                           named(layer.bias, i, bar=True), **info(t, i, layer.bias, "grad"))
            if self.index > 0:
                tr.compute(pre + "grad." + self.input_name, self.post_bar, [ps.params[layer.weight], zbar],
                           (self.fan_in,), named(self.input_name, i, bar=True), **info(t, i, self.input_name, "bar"))

    def forward_batch(self, a, params, masks, rows):
        layer = self.layer
        z = self.pre.evaluate([params[layer.weight], a] + ([params[layer.bias]] if layer.bias is not None else []))
        if rows and self.post.kind == "explicit":  # explicit templates take one column per sample
            return z, self.post.evaluate([z.T]).T
        return z, self.post.evaluate([z])

    # --- the derivation -----------------------------------------------------------------------------------
    def equation_lines(self, d):
        layer, msg = self.layer, d.msg
        args = [latex_name(layer.weight), latex_name(self.input_name)]
        args += [latex_name(layer.bias)] if layer.bias is not None else []
        w_shape = shape(self.fan_in, layer.units) if d.rows else shape(layer.units, self.fan_in)
        lines = [Line(latex_name(layer.pre), [self.pre.latex(args)],
                      r"$%s \in \mathbb{R}^{%s}$, $%s \in \mathbb{R}^{%s}$%s" % (
                          latex_name(layer.weight), w_shape, latex_name(layer.pre),
                          shape(1, layer.units) if d.rows else layer.units,
                          "" if layer.bias is not None else msg("derivation.no_bias")))]
        act = ACTIVATIONS[layer.activation]
        z = latex_name(layer.pre)
        if act.vector:
            rhs = sp.exp(sp.Symbol("z_k")) / sp.Sum(sp.exp(sp.Symbol("z_j")), (sp.Symbol("j"), 1, layer.units))
            lines.append(Line(latex_name(layer.post, sub="k"), [
                self.post.latex([z]), latex_with(rhs, {sp.Symbol("z_k"): latex_name(layer.pre, sub="k"),
                                                       sp.Symbol("z_j"): latex_name(layer.pre, sub="j")})],
                msg("derivation.each_output")))
        elif layer.activation == "linear":  # a = z, not a = id(z) = z
            lines.append(Line(latex_name(layer.post), [z]))
        else:
            parts = [self.post.latex([z])]
            plain = Template(self.post.kind, self.post.expr, self.post.args).latex([z])
            if plain != parts[0]:
                parts.append(plain)
            lines.append(Line(latex_name(layer.post), parts, msg("derivation.elementwise") if layer.units > 1 else ""))
        return lines

    def local_lines(self, d):
        layer = self.layer
        act = ACTIVATIONS[layer.activation]
        z = latex_name(layer.pre)
        if self.derivative is not None and layer.activation != "linear":
            return [Line(r"%s'\left(%s\right)" % (act.latex_name, z), [latex_with(self.derivative, {self.z: z})])]
        if act.vector:
            return [Line(r"\frac{\partial %s}{\partial %s}" % (latex_name(layer.post, sub="j"),
                                                               latex_name(layer.pre, sub="k")),
                         [r"%s\left(\delta_{jk} - %s\right)" % (latex_name(layer.post, sub="j"),
                                                                latex_name(layer.post, sub="k"))],
                         d.msg("derivation.kronecker"))]
        return []

    def backward_lines(self, d):
        layer, n, trained = self.layer, self.layer.units, d.problem.trained
        vector = "$%s$" % (shape(1, n) if d.rows else shape(n))
        if self.simplified:
            # the same formula for every element: written once for the whole vector
            whole = Template(EXPLICIT, self.pre_bar.expr[0], self.pre_bar.args)
            rhs = [whole.latex([latex_name(d.problem.layers[-1].post), latex_name("y")])]
        elif layer.activation == "linear":  # z-bar = a-bar, not a-bar times id'(z)
            rhs = [latex_name(layer.post, bar=True)]
        else:
            rhs = [self.pre_bar.latex([latex_name(layer.post, bar=True), latex_name(layer.pre)])]
        lines = [Line(latex_name(layer.pre, bar=True), rhs, vector)]
        zb, a = latex_name(layer.pre, bar=True), latex_name(self.input_name)
        if layer.weight in trained:
            shapes = (((self.fan_in, 1), (1, n), (self.fan_in, n)) if d.rows
                      else ((n, 1), (1, self.fan_in), (n, self.fan_in)))
            lines.append(Line(latex_name(layer.weight, bar=True), [self.weight_grad.latex([zb, a])],
                              r"$(%s)(%s) \to %s$" % tuple(shape(*sh) for sh in shapes)))
        if layer.bias in trained:
            lines.append(Line(latex_name(layer.bias, bar=True), [self.bias_grad.latex([zb])], vector))
        if self.post_bar is not None:
            shapes = (((1, n), (n, self.fan_in), (1, self.fan_in)) if d.rows
                      else ((self.fan_in, n), (n, 1), (self.fan_in, 1)))
            lines.append(Line(latex_name(self.input_name, bar=True),
                              [self.post_bar.latex([latex_name(layer.weight), zb])],
                              r"$(%s)(%s) \to %s$" % tuple(shape(*sh) for sh in shapes)))
        return lines

    # --- the sheet ----------------------------------------------------------------------------------------
    def layer_row(self, sb, l, mark):
        layer, msg, rows = self.layer, sb.msg, sb.problem.layout == "xW"
        act = ACTIVATIONS[layer.activation]
        call = r"%s\left(%s\right)" % (act.latex_name, latex_name(layer.pre)) if act.name != "linear" \
            else latex_name(layer.pre)
        return [msg.number(l), msg.number(layer.units), msg.latin(escape(layer.activation)),
                "$%s \\in \\mathbb{R}^{%d \\times %d}$" % (
                    (latex_name(layer.weight),) + ((self.fan_in, layer.units) if rows else (layer.units, self.fan_in)))
                + mark(layer.weight),
                msg("sheet.no_bias") if layer.bias is None else
                "$%s \\in \\mathbb{R}^{%s}$" % (latex_name(layer.bias), r"1 \times %d" % layer.units if rows
                                                else layer.units) + mark(layer.bias),
                r"$%s,\ %s = %s$" % (latex_name(layer.pre), latex_name(layer.post), call)]

    def convention_note(self, sb):
        if self.layer.bias is not None:
            return ""
        return sb.msg("sheet.convention.no_bias", z="a W" if sb.problem.layout == "xW" else "W a")

    def forward_keys(self, t, i):
        return [f"it{t}.s{i}.{self.layer.pre}", f"it{t}.s{i}.{self.layer.post}"]

    def forward_blocks(self, sb, t, samples, block):
        if self.layer.activation != "linear":
            return super().forward_blocks(sb, t, samples, block)
        # a = id(z): one line, both names on its left
        steps = [sb.merged(f"it{t}.s{i}.{self.layer.post}", sb.step(f"it{t}.s{i}.{self.layer.pre}")) for i in samples]
        return [block(sb.msg("layer.forward", l=self.index + 1, kind=self.title(sb.msg)), steps)]

    def backward_blocks(self, sb, t, samples, block):
        blocks = super().backward_blocks(sb, t, samples, block)
        if self.layer.activation == "linear":  # z-bar = a-bar (written above), not a-bar times id'(z)
            trace = sb.trace
            for step in (s for b in blocks for s in b.steps):
                i = next((i for i in samples if step.lhs == trace[f"it{t}.s{i}.grad.{self.layer.pre}"].short), None)
                if i is not None:
                    step.parts = [trace[f"it{t}.s{i}.grad.{self.layer.post}"].short, step.parts[-1]]
        return blocks

    def backward_keys(self, t, i, trace):
        layer = self.layer
        names = [layer.pre, *(n for n in (layer.weight, layer.bias) if n in trace.problem.trained)]
        names += [self.input_name] if self.index > 0 else []
        return [f"it{t}.s{i}.grad.{n}" for n in names]


KIND = DenseKind()
