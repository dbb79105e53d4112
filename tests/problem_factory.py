"""Random, valid problem dicts (the tomllib shape of a problem file) and a tiny TOML writer."""

import json
import math
import numbers
import re
from pathlib import Path

import numpy as np

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "swish", "silu", "softplus", "linear")
LOSS_KINDS = ("bce", "mse", "ce")
OPTIMIZER_KINDS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
# accepted when asked for by name (random choices keep to the lists above, so seeds give the same problems)
EXTRA_LOSS_KINDS = ("sse",)
EXTRA_OPTIMIZER_KINDS = ("adamw",)

# Custom names: disjoint pools that never look like a default name (W1, b2, z3, a1, ...) and
# avoid SymPy's special one-letter names (E, I, N, O, Q, S).
NAME_POOLS = {
    "weight": ("W", "U", "V", "w", "u", "Theta"),
    "bias": ("c", "d", "bias", "k"),
    "pre": ("f", "g", "net", "p"),
    "post": ("h", "o", "out", "yhat", "r1"),
}
DEFAULT_NAMES = {"weight": "W{}", "bias": "b{}", "pre": "z{}", "post": "a{}"}

# Learning rates that move the parameters visibly without blowing anything up.
_LEARNING_RATES = {
    "sgd": (0.05, 0.1, 0.2, 0.5), "momentum": (0.05, 0.1, 0.2), "nesterov": (0.05, 0.1, 0.2),
    "adagrad": (0.01, 0.05, 0.1), "rmsprop": (0.01, 0.05, 0.1), "adam": (0.01, 0.05, 0.1),
    "adamw": (0.01, 0.05, 0.1),
}
# Optional hyperparameters: (key, choices); each is written with probability 1/2.
_HYPERPARAMETERS = {
    "momentum": (("momentum", (0.5, 0.8, 0.9, 0.95)),),
    "nesterov": (("momentum", (0.5, 0.8, 0.9, 0.95)),),
    "adagrad": (("eps", (1e-8, 1e-6)),),
    "rmsprop": (("rho", (0.8, 0.9, 0.99)), ("eps", (1e-8, 1e-6))),
    "adam": (("beta1", (0.8, 0.9)), ("beta2", (0.99, 0.999)), ("eps", (1e-8, 1e-6))),
    "adamw": (("beta1", (0.8, 0.9)), ("beta2", (0.99, 0.999)), ("eps", (1e-8, 1e-6)),
              ("weight_decay", (0.0, 0.01, 0.1))),
    "sgd": (),
}


def _value(rng, low=-1.0, high=1.0):
    """A moderate number with two decimals, as a plain Python float."""
    return float(round(rng.uniform(low, high), 2))


def _choice(rng, options):
    """One element of ``options`` as a plain Python object (not a NumPy scalar)."""
    return options[int(rng.integers(len(options)))]


def _activations_and_loss(rng, activations, loss, max_layers):
    """Resolve the per-layer activations and the loss kind, checking they fit together."""
    if loss is not None and loss not in LOSS_KINDS + EXTRA_LOSS_KINDS:
        raise ValueError(f"unknown loss {loss!r}")
    if activations is None or isinstance(activations, str):
        n_layers = int(rng.integers(1, max_layers + 1))
        loss = loss or _choice(rng, LOSS_KINDS)
        last = {"bce": "sigmoid", "ce": "softmax"}.get(loss) or _choice(rng, HIDDEN_ACTIVATIONS)
        hidden = [activations or _choice(rng, HIDDEN_ACTIVATIONS) for _ in range(n_layers - 1)]
        activations = hidden + [last]
    activations = list(activations)
    if not activations:
        raise ValueError("at least one layer is needed")
    if "softmax" in activations[:-1]:
        raise ValueError("softmax is only allowed in the last layer")
    last = activations[-1]
    if loss is None:
        loss = {"softmax": "ce"}.get(last) or (
            _choice(rng, ("bce", "mse")) if last == "sigmoid" else "mse")
    allowed = {"bce": ("sigmoid",), "ce": ("softmax",), "mse": (*HIDDEN_ACTIVATIONS, "softmax"),
               "sse": (*HIDDEN_ACTIVATIONS, "softmax")}[loss]
    if last not in allowed:
        raise ValueError(f"loss {loss!r} does not go with a {last!r} output")
    return activations, loss


def _names(rng, n_layers):
    """Per-layer names: each of weight/bias/pre/post is custom with probability 1/2."""
    pools = {role: list(pool) for role, pool in NAME_POOLS.items()}
    names = []
    for l in range(1, n_layers + 1):
        layer = {}
        for role in ("weight", "bias", "pre", "post"):
            if pools[role] and rng.random() < 0.5:
                layer[role] = pools[role].pop(int(rng.integers(len(pools[role]))))
        names.append(layer)
    return names


def random_problem(rng, *, activations=None, loss=None, optimizer="sgd", batch="full",
                   max_layers=3, max_units=4, max_inputs=4, max_samples=5, iterations=2):
    """A random, valid problem dict.

    rng: a numpy Generator (or an int seed). activations: None (random), a string (every hidden
    layer uses it; the last layer follows the loss), or a sequence with one activation per layer.
    loss: "bce" (sigmoid output, 0/1 labels), "ce" (softmax output, one-hot rows), "mse", or None
    (inferred from a given last activation, else random). optimizer: a kind or None (random).
    batch: "full" (the key is then written or left out at random), "sample", an int, or None
    (random). Values are two-decimal numbers in [-1, 1], so nothing saturates.
    """
    rng = np.random.default_rng(rng)
    activations, loss = _activations_and_loss(rng, activations, loss, max_layers)
    n_layers = len(activations)
    n_inputs = int(rng.integers(1, max_inputs + 1))
    n_samples = int(rng.integers(1, max_samples + 1))

    units = [int(rng.integers(1, max_units + 1)) for _ in range(n_layers)]
    if loss == "ce":
        units[-1] = int(rng.integers(2, max(2, max_units) + 1))

    names = _names(rng, n_layers)
    network_layers, init = [], {}
    fan_in = n_inputs
    for l, (activation, n_units, custom) in enumerate(zip(activations, units, names), start=1):
        layer = {"units": n_units, "activation": activation, **custom}
        network_layers.append(layer)
        weight = custom.get("weight", DEFAULT_NAMES["weight"].format(l))
        bias = custom.get("bias", DEFAULT_NAMES["bias"].format(l))
        init[weight] = [[_value(rng) for _ in range(fan_in)] for _ in range(n_units)]
        init[bias] = [_value(rng) for _ in range(n_units)]
        fan_in = n_units

    x = [[_value(rng) for _ in range(n_inputs)] for _ in range(n_samples)]
    n_out = units[-1]
    if loss == "bce":
        rows = [[int(rng.integers(2)) for _ in range(n_out)] for _ in range(n_samples)]
    elif loss == "ce":
        rows = [[int(k == c) for k in range(n_out)]
                for c in (int(rng.integers(n_out)) for _ in range(n_samples))]
    else:
        rows = [[_value(rng) for _ in range(n_out)] for _ in range(n_samples)]
    y = [row[0] for row in rows] if n_out == 1 else rows

    kind = optimizer or _choice(rng, OPTIMIZER_KINDS)
    if kind not in OPTIMIZER_KINDS + EXTRA_OPTIMIZER_KINDS:
        raise ValueError(f"unknown optimizer {kind!r}")
    opt = {"kind": kind, "lr": float(_choice(rng, _LEARNING_RATES[kind])),
           "iterations": int(iterations)}
    for key, choices in _HYPERPARAMETERS[kind]:
        if rng.random() < 0.5:
            opt[key] = float(_choice(rng, choices))
    if batch is None:
        batch = _choice(rng, ("full", "sample", int(rng.integers(1, n_samples + 1))))
    if batch != "full" or rng.random() < 0.5:
        opt["batch"] = batch if isinstance(batch, str) else int(batch)

    return {
        "title": f"A random {n_layers}-layer {loss} problem with {kind}",
        "network": {"inputs": n_inputs, "layers": network_layers},
        "loss": {"kind": loss},
        "data": {"x": x, "y": y},
        "init": init,
        "optimizer": opt,
    }


# Options of the course conventions, for with_conventions.
EPS_KINDS = ("adagrad", "rmsprop", "adam", "adamw")
MOMENTUM_KINDS = ("momentum", "nesterov")
_RANDOM = object()


def with_conventions(rng, problem, *, layout=_RANDOM, no_bias=_RANDOM, freeze=_RANDOM, scale=_RANDOM,
                     reduce_outputs=_RANDOM, batch_loss=_RANDOM, weight_decay=_RANDOM, eps_placement=_RANDOM,
                     momentum_form=_RANDOM):
    """A copy of a random_problem dict with the course conventions' options, each given or drawn at random:
    layout ("Wx"/"xW": weights transposed to inputs x units), no_bias (layer numbers, 1-based, with
    bias = false), freeze (parameter names), scale (sse only), reduce_outputs (mse/bce), batch_loss
    ("mean"/"sum"), weight_decay, eps_placement (adagrad/rmsprop/adam/adamw), momentum_form
    (momentum/nesterov). None leaves an option out of the file."""
    rng = np.random.default_rng(rng)
    problem = json.loads(json.dumps(problem))  # a deep copy
    net, init, opt, loss = problem["network"], problem["init"], problem["optimizer"], problem["loss"]
    layers = net["layers"]
    kind = loss["kind"]

    def draw(value, options):
        return _choice(rng, options) if value is _RANDOM else value

    layout = draw(layout, (None, "Wx", "xW", "xW"))
    if no_bias is _RANDOM:
        no_bias = [l for l in range(1, len(layers) + 1) if rng.random() < 0.3]
    names = []
    for l, layer in enumerate(layers, start=1):
        weight, bias = layer.get("weight", f"W{l}"), layer.get("bias", f"b{l}")
        if layout == "xW":
            init[weight] = [list(col) for col in zip(*init[weight])]
        if l in (no_bias or ()):
            del init[bias]
            layer["bias"] = False
            bias = None
        names += [n for n in (weight, bias) if n is not None]
    if layout is not None:
        net["layout"] = layout
    if freeze is _RANDOM:
        freeze = [n for n in names if rng.random() < 0.25][:len(names) - 1]
    if freeze:
        opt["freeze"] = list(freeze)
    if kind == "sse":
        scale = draw(scale, (None, 0.5, 0.5, 1.0, 2.0))
        if scale is not None:
            loss["scale"] = scale
    if kind in ("mse", "bce"):
        reduce_outputs = draw(reduce_outputs, (None, "sum", "mean"))
        if reduce_outputs is not None:
            loss["reduce_outputs"] = reduce_outputs
    batch_loss = draw(batch_loss, (None, "mean", "sum"))
    if batch_loss is not None:
        loss["batch"] = batch_loss
    weight_decay = draw(weight_decay, (None, 0.0, 0.01, 0.1))
    if weight_decay is not None:
        opt["weight_decay"] = weight_decay
    if opt["kind"] in EPS_KINDS:
        eps_placement = draw(eps_placement, (None, "outside", "inside"))
        if eps_placement is not None:
            opt["eps_placement"] = eps_placement
            if eps_placement == "inside" and "eps" not in opt:
                opt["eps"] = 1e-3  # large enough that inside and outside differ visibly
    if opt["kind"] in MOMENTUM_KINDS:
        momentum_form = draw(momentum_form, (None, "course", "torch"))
        if momentum_form is not None:
            opt["momentum_form"] = momentum_form
    return problem


# --------------------------------------------------------------------------------------------
# A tiny TOML writer: enough for problem dicts (tables, arrays of tables, inline arrays,
# strings, booleans, integers, floats).
# --------------------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key):
    """A bare key when TOML allows one, else a quoted one."""
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text):
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _scalar(value):
    """One TOML value written inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        value = float(value)
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _is_table_array(value):
    """A non-empty list whose items are all dicts: written as [[path]] sections."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _write_table(lines, path, table, header):
    """Append ``table``: its plain values first (under ``header``), then sub-tables."""
    if header is not None:
        if lines:
            lines.append("")
        lines.append(header)
    for key, value in table.items():
        if not isinstance(value, dict) and not _is_table_array(value):
            lines.append(f"{_key(key)} = {_scalar(value)}")
    for key, value in table.items():
        sub = path + [_key(key)]
        if isinstance(value, dict):
            _write_table(lines, sub, value, "[" + ".".join(sub) + "]")
        elif _is_table_array(value):
            for item in value:
                _write_table(lines, sub, item, "[[" + ".".join(sub) + "]]")


def to_toml(problem):
    """TOML text that ``tomllib.loads`` turns back into ``problem``."""
    lines = []
    _write_table(lines, [], problem, None)
    return "\n".join(lines) + "\n"


def write_problem(tmp_path, problem, name="p"):
    """Write ``problem`` to tmp_path/<name>.toml and return that path."""
    path = Path(tmp_path) / f"{name}.toml"
    path.write_text(to_toml(problem), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Networks with batch norm, layer norm and dropout layers.
# --------------------------------------------------------------------------------------------
NORM_KINDS = ("batchnorm", "layernorm")
NORM_ACTIVATIONS = ("linear", "relu", "tanh", "sigmoid", "swish", "softplus")


def random_layered_problem(rng, *, kinds=("batchnorm", "layernorm", "dropout"), loss=None, optimizer="sgd",
                           batch="full", blocks=2, max_units=4, max_inputs=3, min_samples=2, max_samples=5,
                           iterations=2, masks="given"):
    """A random, valid problem dict whose hidden part is `blocks` dense layers, each followed at random by
    a norm layer (of `kinds`) and a dropout layer, then a dense output layer for the loss.

    masks: "given" (a random 0/1 row per sample in the file) or "seeded" (a seed in the file). Norm layers
    get random eps, activations and, half the time, initial gamma and beta (else PyTorch's 1 and 0).
    """
    rng = np.random.default_rng(rng)
    loss = loss or _choice(rng, LOSS_KINDS)
    n_inputs = int(rng.integers(1, max_inputs + 1))
    n_samples = int(rng.integers(min_samples, max_samples + 1))
    layers, init = [], {}
    fan_in, l = n_inputs, 0
    norms = [k for k in kinds if k in NORM_KINDS]

    def add_dense(units, activation):
        nonlocal fan_in, l
        l += 1
        layers.append({"units": units, "activation": activation})
        init[f"W{l}"] = [[_value(rng) for _ in range(fan_in)] for _ in range(units)]
        init[f"b{l}"] = [_value(rng) for _ in range(units)]
        fan_in = units

    for _ in range(blocks):
        add_dense(int(rng.integers(1, max_units + 1)), _choice(rng, HIDDEN_ACTIVATIONS))
        if norms and rng.random() < 0.7:
            l += 1
            kind = _choice(rng, norms)
            if kind == "layernorm" and fan_in == 1:
                kind = "batchnorm" if "batchnorm" in norms else None
            if kind:
                layer = {"kind": kind, "activation": _choice(rng, NORM_ACTIVATIONS),
                         "eps": float(_choice(rng, (1e-5, 1e-3, 0.1)))}
                layers.append(layer)
                if rng.random() < 0.5:
                    init[f"gamma{l}"] = [_value(rng, 0.5, 1.5) for _ in range(fan_in)]
                    init[f"beta{l}"] = [_value(rng) for _ in range(fan_in)]
            else:
                l -= 1
        if "dropout" in kinds and rng.random() < 0.6:
            l += 1
            p = float(_choice(rng, (0.0, 0.2, 0.5)))
            layer = {"kind": "dropout", "p": p}
            if masks == "seeded":
                layer["seed"] = int(rng.integers(1000))
            else:
                layer["mask"] = [[int(rng.random() >= p) for _ in range(fan_in)] for _ in range(n_samples)]
            layers.append(layer)
    n_out = int(rng.integers(2, max_units + 1)) if loss == "ce" else int(rng.integers(1, max_units + 1))
    add_dense(n_out, {"bce": "sigmoid", "ce": "softmax"}.get(loss) or _choice(rng, HIDDEN_ACTIVATIONS))
    x = [[_value(rng) for _ in range(n_inputs)] for _ in range(n_samples)]
    if loss == "bce":
        rows = [[int(rng.integers(2)) for _ in range(n_out)] for _ in range(n_samples)]
    elif loss == "ce":
        rows = [[int(k == c) for k in range(n_out)] for c in (int(rng.integers(n_out)) for _ in range(n_samples))]
    else:
        rows = [[_value(rng) for _ in range(n_out)] for _ in range(n_samples)]
    opt = {"kind": optimizer, "lr": float(_choice(rng, _LEARNING_RATES[optimizer])), "iterations": int(iterations)}
    if batch != "full":
        opt["batch"] = batch
    return {
        "title": f"A random {loss} problem with norm and dropout layers",
        "network": {"inputs": n_inputs, "layers": layers},
        "loss": {"kind": loss},
        "data": {"x": x, "y": [row[0] for row in rows] if n_out == 1 else rows},
        "init": init,
        "optimizer": opt,
    }
