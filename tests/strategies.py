"""hypothesis strategies the tests share: problem dicts drawn over the whole option space of the problem file."""
import numpy as np
from hypothesis import assume, strategies as st

SMOOTH = ("sigmoid", "tanh", "swish", "softplus", "linear")  # relu's kink at 0 is a convention of its own
KINDS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
# two decimals away from 0: a weight of 0 or equal samples make a batch's variance or gradient 0 up to rounding,
# which adaptive optimizers then divide by (derive and torch round differently there)
ROUNDED = st.integers(10, 90).flatmap(lambda k: st.sampled_from((k / 100, -k / 100)))


def _values(draw, shape):
    return np.array([draw(ROUNDED) for _ in range(int(np.prod(shape)))]).reshape(shape).tolist()


@st.composite
def problems(draw):
    """A problem dict over the whole option space (some combinations the format refuses)."""
    loss = draw(st.sampled_from(("mse", "sse", "bce", "ce")))
    inputs, n = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    dense = draw(st.integers(1, 3))
    out_units = draw(st.integers(2, 3)) if loss == "ce" else draw(st.integers(1, 2))
    layers = [{"units": draw(st.integers(1, 3)), "activation": draw(st.sampled_from(SMOOTH))}
              for _ in range(dense - 1)]
    last_act = {"bce": "sigmoid", "ce": "softmax"}.get(loss) or draw(st.sampled_from(SMOOTH))
    layers.append({"units": out_units, "activation": last_act})
    specials = draw(st.integers(0, 2))
    for _ in range(specials):  # norm and dropout layers anywhere, the last place now and then
        kind = draw(st.sampled_from(("batchnorm", "layernorm", "dropout")))
        last = draw(st.integers(0, 4)) == 0
        layers.insert(len(layers) if last else draw(st.integers(0, len(layers) - 1)), {"kind": kind})
    # the xW layout (refused beside these layers) now and then with them, half the time without
    layout = draw(st.sampled_from(("Wx", "xW") if not specials else ("Wx",) * 4 + ("xW",)))
    raw = {"network": {"inputs": inputs, "layers": layers}, "loss": {"kind": loss},
           "data": {"x": [[v + 0.37 * i for v in row] for i, row in enumerate(_values(draw, (n, inputs)))]},
           "init": {}, "optimizer": {}}
    if layout == "xW":
        raw["network"]["layout"] = layout
    fan_in, params = inputs, []
    for l, layer in enumerate(layers, start=1):
        kind = layer.get("kind", "dense")
        if kind == "dense":
            shape = (fan_in, layer["units"]) if layout == "xW" else (layer["units"], fan_in)
            raw["init"][f"W{l}"] = _values(draw, shape)
            params.append(f"W{l}")
            if draw(st.booleans()) and draw(st.booleans()):
                layer["bias"] = False
            else:
                raw["init"][f"b{l}"] = _values(draw, (layer["units"],))
                params.append(f"b{l}")
            fan_in = layer["units"]
        elif kind == "dropout":
            layer["p"] = draw(st.sampled_from((0.0, 0.25, 0.5)))
            if draw(st.booleans()):
                layer["seed"] = draw(st.integers(0, 99))
            else:
                layer["mask"] = [[float(draw(st.booleans()) or layer["p"] == 0) for _ in range(fan_in)]
                                 for _ in range(n)]
        else:
            layer["activation"] = draw(st.sampled_from(SMOOTH))
            layer["eps"] = draw(st.sampled_from((1e-5, 0.01, 0.0)))
            if draw(st.booleans()):
                raw["init"][f"gamma{l}"] = [1 + v for v in _values(draw, (fan_in,))]
            params += [f"gamma{l}", f"beta{l}"]
    if loss == "bce":
        raw["data"]["y"] = [[float(draw(st.booleans())) for _ in range(out_units)] for _ in range(n)]
    elif loss == "ce":
        raw["data"]["y"] = [[float(k == c) for k in range(out_units)] for c in
                            [draw(st.integers(0, out_units - 1)) for _ in range(n)]]
    else:
        raw["data"]["y"] = _values(draw, (n, out_units))
    options = raw["loss"]
    if loss == "sse" and draw(st.booleans()):
        options["scale"] = draw(st.sampled_from((0.5, 2.0)))
    if loss in ("mse", "bce") and draw(st.booleans()):
        options["reduce_outputs"] = "mean"
    options["batch"] = draw(st.sampled_from(("mean", "sum")))
    kind = draw(st.sampled_from(KINDS))
    opt = raw["optimizer"]
    opt.update(kind=kind, lr=draw(st.sampled_from((0.01, 0.05, 0.1))), iterations=draw(st.integers(1, 3)),
               batch=draw(st.sampled_from(("full", "sample", 2, 3))))
    if draw(st.booleans()):
        opt["weight_decay"] = draw(st.sampled_from((0.01, 0.1)))
    if kind in ("adagrad", "rmsprop", "adam", "adamw") and draw(st.booleans()):
        opt["eps_placement"] = draw(st.sampled_from(("outside", "inside")))
    if kind in ("momentum", "nesterov") and draw(st.booleans()):
        opt["momentum_form"] = draw(st.sampled_from(("course", "torch")))
    frozen = [p for p in params if draw(st.integers(0, 4)) == 0]
    if frozen:
        opt["freeze"] = frozen
    _no_constant_normalization(raw, n)
    return raw


def _no_constant_normalization(raw, n):
    """eps = 0 where a norm layer normalizes two numbers: x̂ is then ±1 whatever its input, every gradient before
    it is 0 up to rounding, and adaptive optimizers scale that rounding up (differently in derive and torch)."""
    batch = raw["optimizer"]["batch"]
    size = n if batch == "full" else 1 if batch == "sample" else min(batch, n)
    sizes = {min(size, n - s) for s in range(0, n, size)}
    fan_in = raw["network"]["inputs"]
    for layer in raw["network"]["layers"]:
        pairs = 2 in sizes if layer.get("kind") == "batchnorm" else fan_in == 2
        if layer.get("eps") == 0 and pairs:
            layer["eps"] = 1e-5
        fan_in = layer.get("units", fan_in)


def drawn_trace(raw):
    """The trace of a drawn problem; a combination the format refuses is not an example (hypothesis.assume)."""
    from derive.engine.trace import build
    from derive.errors import InputError
    from derive.problem import spec

    try:
        return build(spec.parse(raw))
    except InputError:
        assume(False)
