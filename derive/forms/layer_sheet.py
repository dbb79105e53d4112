"""The answer sheet's parts for networks with batch norm, layer norm or dropout: their rows of the layer
table, the masks and conventions under it, and each iteration's passes layer by layer over the batch."""
from ..display import numbers
from ..network.activations import ACTIVATIONS
from ..network.symbols import latex_name
from ..network.layers.kinds import BatchNorm, Dropout, LayerNorm, special


def _math(text):
    return "$%s$" % text


def layer_row(l, layer):
    """The layer table's row of a layer of these kinds: layer, units, kind, parameters, values."""
    if isinstance(layer, Dropout):
        return [str(l), str(layer.units), "dropout, $p = %s$" % numbers.latex(layer.p, 6), "", "",
                _math(r"%s = %s \odot \text{input} / (1 - p)" % (latex_name(layer.post), latex_name(layer.mask)))]
    act = ACTIVATIONS[layer.activation]
    post = (r"%s = %s\left(%s\right)" % (latex_name(layer.post), act.latex_name, latex_name(layer.pre))
            if layer.activation != "linear" else r"%s = %s" % (latex_name(layer.post), latex_name(layer.pre)))
    return [str(l), str(layer.units), layer.title + ("" if layer.activation == "linear" else ", " + layer.activation),
            _math(r"%s \in \mathbb{R}^{%d}" % (latex_name(layer.gamma), layer.units)),
            _math(r"%s \in \mathbb{R}^{%d}" % (latex_name(layer.beta), layer.units)),
            _math(r"%s,\ %s,\ %s" % (latex_name(layer.xhat), latex_name(layer.pre), post))]


def statement(st, problem):
    """The problem statement with what the layer table does not say about these kinds (layers_text)."""
    st["layers_text"] = statement_text(problem)
    if any(special(layer) for layer in problem.layers):
        st["network_text"] = st["network_text"].replace("in each layer", "in each dense layer")
    return st


def statement_text(problem):
    """What the layer table does not say: how each norm or dropout layer computes, and the masks."""
    parts = []
    for l, layer in enumerate(problem.layers, start=1):
        if isinstance(layer, BatchNorm):
            parts.append(r"Layer %d normalizes each unit over the samples of the iteration's batch with the batch's "
                         r"mean and biased variance (PyTorch's \texttt{BatchNorm1d} in training mode), "
                         r"$\epsilon = %s$; $%s$ and $%s$ are trained." % (
                             l, numbers.latex(layer.eps, 6), latex_name(layer.gamma), latex_name(layer.beta)))
        elif isinstance(layer, LayerNorm):
            parts.append(r"Layer %d normalizes each sample over its %d units (PyTorch's \texttt{LayerNorm}), "
                         r"$\epsilon = %s$; $%s$ and $%s$ are trained." % (
                             l, layer.units, numbers.latex(layer.eps, 6), latex_name(layer.gamma),
                             latex_name(layer.beta)))
        elif isinstance(layer, Dropout):
            text = (r"Layer %d is inverted dropout with rate $p = %s$: a unit is kept where the mask $%s$ is $1$ and "
                    r"scaled by $1/(1-p)$. " % (l, numbers.latex(layer.p, 6), latex_name(layer.mask)))
            if layer.masks is not None:
                rows = ", ".join(_math("%s = (%s)" % (latex_name(layer.mask, sup="(%d)" % i),
                                                     ", ".join("%d" % v for v in row)))
                                 for i, row in enumerate(layer.masks, start=1))
                text += "The masks are given, one per sample, the same in every iteration: %s." % rows
            else:
                text += (r"Each pass draws its own mask from the seed %d (sample $i$ of iteration $t$: NumPy's "
                         r"\texttt{default\_rng([%d, t, i])}, unit $k$ kept where its $k$-th uniform number is "
                         r"at least $p$); each is printed where it is used." % (layer.seed, layer.seed))
            parts.append(text)
    return " ".join(parts)


def pass_blocks(builder, it, Block):
    """The iteration's forward passes, losses and backward passes, one block per layer over the batch."""
    trace, t, samples = builder.trace, it.t, it.samples
    model = trace.model
    step = builder.step
    blocks = []
    for lf in model.layers:
        layer, l = lf.layer, lf.index + 1
        keys = lambda names: [step(f"it{t}.s{i}.{n}") for i in samples for n in names]
        if not special(layer):
            blocks.append(Block("Layer %d (dense): forward" % l, keys([layer.pre, layer.post])))
        elif isinstance(layer, BatchNorm):
            blocks.append(Block("Layer %d (batch norm): the batch statistics" % l,
                                [step(f"it{t}.{n}") for n in (layer.mean, layer.var, layer.std)],
                                text="Per unit, over the %d samples of this iteration:" % len(samples)))
            blocks.append(Block("Layer %d (batch norm): normalized, scaled and shifted" % l,
                                keys([layer.xhat, layer.pre, layer.post])))
        elif isinstance(layer, LayerNorm):
            blocks.append(Block("Layer %d (layer norm): forward" % l,
                                keys([layer.mean, layer.var, layer.std, layer.xhat, layer.pre, layer.post]),
                                text="Per sample, over its %d units:" % layer.units))
        else:
            blocks.append(Block("Layer %d (dropout): forward" % l, keys([layer.mask, layer.post]),
                                text="Each sample's mask, then the kept units scaled by $1/(1-p)$:"))
    out = model.layers[-1].layer.post
    blocks.append(Block("Losses", [step(f"it{t}.s{i}.{n}") for i in samples for n in ("loss", "grad." + out)]))
    for lf in reversed(model.layers):
        layer, l = lf.layer, lf.index + 1
        keys = lambda names: [step(f"it{t}.s{i}.grad.{n}") for i in samples for n in names
                              if f"it{t}.s{i}.grad.{n}" in trace]
        inp = [lf.input_name] if lf.index > 0 else []
        if not special(layer):
            blocks.append(Block("Layer %d (dense): backward" % l, keys([layer.pre, layer.weight, layer.bias, *inp])))
        elif isinstance(layer, BatchNorm):
            blocks.append(Block("Layer %d (batch norm): backward" % l, keys([layer.pre, layer.gamma, layer.beta])))
            if inp:
                means = [step(f"it{t}.grad.{p}") for p in (layer.gamma, layer.beta)]
                blocks.append(Block("Layer %d (batch norm): backward through the batch statistics" % l,
                                    means + keys(inp),
                                    text="The mean gradients of %s and %s, which every sample's %s uses:" % (
                                        _math(latex_name(layer.gamma)), _math(latex_name(layer.beta)),
                                        _math(latex_name(lf.input_name, bar=True)))))
        elif isinstance(layer, LayerNorm):
            blocks.append(Block("Layer %d (layer norm): backward" % l,
                                keys([layer.pre, layer.gamma, layer.beta, layer.xhat, *inp])))
        elif inp:
            blocks.append(Block("Layer %d (dropout): backward" % l, keys(inp)))
    return blocks
