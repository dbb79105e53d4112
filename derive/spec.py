"""Reading and validating a problem file (TOML) into a frozen Problem; every defect is an InputError."""
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import file_kinds, files, latex_text, limits
from .errors import InputError

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}\Z")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "swish", "silu", "softplus", "linear", "softmax")
LOSSES = ("bce", "mse", "ce")
# hyperparameters each optimizer accepts, with defaults (lr and iterations are required for all)
OPTIMIZER_SETTINGS = {
    "sgd": {},
    "momentum": {"momentum": 0.9},
    "nesterov": {"momentum": 0.9},
    "adagrad": {"eps": 1e-8},
    "rmsprop": {"rho": 0.9, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
MAX_DIGITS = 12


@dataclass(frozen=True)
class Layer:
    """One dense layer: z = W a + b, a' = activation(z)."""

    units: int
    activation: str
    weight: str
    bias: str
    pre: str
    post: str


@dataclass(frozen=True)
class Optimizer:
    """The training loop: rule, its settings, iterations and batching."""

    kind: str
    lr: float
    iterations: int
    settings: tuple  # ((name, value), ...) in the rule's own order
    batch: object = "full"  # "full", "sample" or an int

    def setting(self, name):
        return dict(self.settings)[name]

    def batch_size(self, n_samples):
        if self.batch == "full":
            return n_samples
        if self.batch == "sample":
            return 1
        return min(int(self.batch), n_samples)


@dataclass(frozen=True, eq=False)
class Problem:
    """A validated problem: network, loss, data, initial values, optimizer, display settings."""

    path: Path
    name: str
    title: str
    inputs: int
    layers: tuple
    loss: str
    x: np.ndarray  # (samples, inputs)
    y: np.ndarray  # (samples, outputs)
    init: dict  # name -> array, weights (units, inputs), biases (units,)
    optimizer: Optimizer
    digits: int = 4
    proofs: tuple = ()
    raw: dict = field(default_factory=dict)

    @property
    def params(self):
        """Parameter names in network order (weight, bias per layer)."""
        return tuple(n for layer in self.layers for n in (layer.weight, layer.bias))

    def param_shape(self, name):
        for l, layer in enumerate(self.layers):
            fan_in = self.inputs if l == 0 else self.layers[l - 1].units
            if name == layer.weight:
                return (layer.units, fan_in)
            if name == layer.bias:
                return (layer.units,)
        raise KeyError(name)

    @property
    def n_params(self):
        return sum(math.prod(self.param_shape(p)) for p in self.params)


class _Reader:
    """Typed access to the TOML tables with errors that name the file and the key."""

    def __init__(self, path):
        self.path = path

    def fail(self, key, expected, got=None):
        raise InputError(self.path, key, expected, got)

    def describe(self, value):
        if isinstance(value, str):
            text = value if len(value) <= 40 else value[:37] + "..."
            return repr(text)
        if isinstance(value, (list, dict)):
            return "a list" if isinstance(value, list) else "a table"
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."

    def table(self, parent, name, key, required=True):
        value = parent.get(name)
        if value is None:
            if required:
                self.fail(key, "a [" + key + "] section" if "." not in key else "a table", "nothing")
            return {}
        if not isinstance(value, dict):
            self.fail(key, "a table", self.describe(value))
        return value

    def number(self, parent, name, key, required=True, default=None, positive=False, minimum=None):
        if name not in parent:
            if required:
                self.fail(key, "a number", "nothing")
            return default
        value = parent[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, "a number", self.describe(value))
        if not _finite(value):
            self.fail(key, "a finite number", self.describe(value))
        if positive and value <= 0:
            self.fail(key, "a number > 0", self.describe(value))
        if minimum is not None and value < minimum:
            self.fail(key, f"a number >= {minimum}", self.describe(value))
        return float(value)

    def integer(self, parent, name, key, required=True, default=None, minimum=1, maximum=None):
        if name not in parent:
            if required:
                self.fail(key, "a whole number", "nothing")
            return default
        value = parent[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"a whole number >= {minimum}", self.describe(value))
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
            self.fail(key, f"a whole number {bound}", self.describe(value))
        return value

    def text(self, parent, name, key, required=True, default=None, choices=None):
        if name not in parent:
            if required:
                self.fail(key, "a string" if not choices else "one of " + ", ".join(choices), "nothing")
            return default
        value = parent[name]
        if not isinstance(value, str):
            self.fail(key, "a string", self.describe(value))
        if choices is not None and value not in choices:
            self.fail(key, "one of " + ", ".join(choices), self.describe(value))
        return value

    def identifier(self, parent, name, key, default):
        value = parent.get(name, default)
        if not isinstance(value, str) or not IDENTIFIER.match(value) or "__" in value:
            self.fail(key, "a name: a letter, then letters, digits or single underscores, at most 16 characters",
                      self.describe(value))
        if value.endswith("bar") or value.startswith("ytrue") or re.fullmatch(r"s\d+", value):
            # zbar is z's gradient, ytrue_k a label element, it1.s1 a sample: such names would collide
            self.fail(key, "a name not ending in 'bar' (gradients), not starting with 'ytrue' (labels) "
                      "and not s1, s2, ... (samples)", self.describe(value))
        return value

    def matrix(self, value, key, shape, what="numbers"):
        """A nested list of finite numbers with exactly `shape` (rows, cols) or (n,)."""
        expected = _shape_text(shape)
        try:
            arr = np.array(value, dtype=object)
        except ValueError:
            self.fail(key, expected, "rows of unequal length")
        if arr.shape != tuple(shape):
            got = _shape_text(arr.shape) if all(s > 0 for s in arr.shape) else self.describe(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                got = "a single number"
            self.fail(key, expected, got)
        for idx, v in np.ndenumerate(arr):
            where = key + "[" + ",".join(str(i + 1) for i in idx) + "]"
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                self.fail(where, "a number", self.describe(v))
            if not _finite(v):
                self.fail(where, "a finite number", self.describe(v))
        return arr.astype(float)


def _finite(value):
    """True for a number that is a finite float; TOML integers beyond float range are not."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _only(r, table, known, key):
    """Refuse keys a table does not have (a misspelt key would otherwise be ignored in silence)."""
    for extra in table:
        if extra not in known:
            r.fail(f"{key}.{extra}" if key else extra, "only the keys " + ", ".join(known), repr(extra))


def _shape_text(shape):
    if len(shape) == 1:
        return f"a list of {shape[0]} numbers"
    if len(shape) == 2:
        return f"{shape[0]} rows of {shape[1]} numbers"
    return f"an array of shape {shape}"


def load(path):
    """Read and validate a problem file; raise InputError naming the file and key on any defect."""
    path = Path(path)
    raw = files.read_toml(path, "problem file")
    file_kinds.expect(raw, path, "problem", "a problem file ([network], [loss], [data], [init], [optimizer])")
    return parse(raw, path)


def parse(raw, path=Path("<problem>")):
    """Validate an already-parsed TOML dict."""
    path = Path(path)
    r = _Reader(path)
    title = r.text(raw, "title", "title", required=False, default=path.stem)
    if latex_text.refusal(title):
        expected, got = latex_text.refusal(title)
        r.fail("title", expected + ("" if "title" in raw else " (the title defaults to the file name)"), got)
    network = r.table(raw, "network", "network")
    inputs = r.integer(network, "inputs", "network.inputs", maximum=10_000)
    _only(r, network, ("inputs", "layers"), "network")
    layer_tables = network.get("layers")
    if not isinstance(layer_tables, list) or not layer_tables:
        r.fail("network.layers", "at least one [[network.layers]] table",
               "nothing" if layer_tables is None else r.describe(layer_tables))
    layers, names = [], {}
    for l, table in enumerate(layer_tables, start=1):
        key = f"network.layers[{l}]"
        if not isinstance(table, dict):
            r.fail(key, "a table", r.describe(table))
        _only(r, table, ("units", "activation", "weight", "bias", "pre", "post"), key)
        units = r.integer(table, "units", key + ".units", maximum=10_000)
        activation = r.text(table, "activation", key + ".activation", choices=ACTIVATIONS)
        if activation == "silu":
            activation = "swish"
        layer = Layer(
            units=units, activation=activation,
            weight=r.identifier(table, "weight", key + ".weight", f"W{l}"),
            bias=r.identifier(table, "bias", key + ".bias", f"b{l}"),
            pre=r.identifier(table, "pre", key + ".pre", f"z{l}"),
            post=r.identifier(table, "post", key + ".post", f"a{l}"),
        )
        for role in ("weight", "bias", "pre", "post"):
            name = getattr(layer, role)
            if name in names or name in ("x", "y", "loss", "grad", "state", "lookahead"):
                r.fail(f"{key}.{role}", "a name not used elsewhere in the network (nor x, y, loss, grad, state, lookahead)",
                       repr(name))
            names[name] = role
        layers.append(layer)
    for l, layer in enumerate(layers[:-1], start=1):
        if layer.activation == "softmax":
            r.fail(f"network.layers[{l}].activation", "softmax only at the last layer", "'softmax'")
    limits.check_network(path, inputs, layers)
    last = layers[-1]

    loss_table = r.table(raw, "loss", "loss")
    loss = r.text(loss_table, "kind", "loss.kind", choices=LOSSES)
    _only(r, loss_table, ("kind",), "loss")
    if loss == "bce" and last.activation != "sigmoid":
        r.fail("loss.kind", "bce with a sigmoid last layer", f"a {last.activation} last layer")
    if loss == "ce" and last.activation != "softmax":
        r.fail("loss.kind", "ce with a softmax last layer", f"a {last.activation} last layer")
    if last.activation == "softmax" and loss == "bce":
        r.fail("loss.kind", "ce or mse after softmax", "'bce'")

    data = r.table(raw, "data", "data")
    _only(r, data, ("x", "y"), "data")
    if "x" not in data:
        r.fail("data.x", "rows of inputs", "nothing")
    xs = data["x"]
    if not isinstance(xs, list) or not xs:
        r.fail("data.x", "a non-empty list of rows", r.describe(xs))
    n = len(xs)
    if n > 100_000:
        r.fail("data.x", "at most 100000 samples", f"{n}")
    x = r.matrix(xs, "data.x", (n, inputs))
    if "y" not in data:
        r.fail("data.y", "labels, one per sample", "nothing")
    ys = data["y"]
    if not isinstance(ys, list):
        r.fail("data.y", f"a list of {n} labels", r.describe(ys))
    if last.units == 1 and ys and not isinstance(ys[0], list):
        y = r.matrix(ys, "data.y", (n,)).reshape(n, 1)
    else:
        y = r.matrix(ys, "data.y", (n, last.units))
    if loss == "bce" and not np.isin(y, (0.0, 1.0)).all():
        bad = int(np.argwhere(~np.isin(y, (0.0, 1.0)))[0][0]) + 1
        r.fail(f"data.y[{bad}]", "a label 0 or 1 for bce", r.describe(ys[bad - 1]))
    if loss == "ce":
        for i, row in enumerate(y, start=1):
            if not (np.isin(row, (0.0, 1.0)).all() and row.sum() == 1):
                r.fail(f"data.y[{i}]", f"a one-hot row of {last.units} numbers for ce", r.describe(ys[i - 1]))

    init_table = r.table(raw, "init", "init")
    init = {}
    for l, layer in enumerate(layers):
        fan_in = inputs if l == 0 else layers[l - 1].units
        for name, shape in ((layer.weight, (layer.units, fan_in)), (layer.bias, (layer.units,))):
            if name not in init_table:
                r.fail(f"init.{name}", f"initial values of {name}: {_shape_text(shape)}", "nothing")
            value = init_table[name]
            if shape[0] == 1 and len(shape) == 1 and not isinstance(value, list):
                value = [value]
            init[name] = r.matrix(value, f"init.{name}", shape)
    for extra in init_table:
        if extra not in init:
            r.fail(f"init.{extra}", "only the network's weights and biases: " + ", ".join(init), repr(extra))

    opt = r.table(raw, "optimizer", "optimizer")
    kind = r.text(opt, "kind", "optimizer.kind", choices=tuple(OPTIMIZER_SETTINGS))
    lr = r.number(opt, "lr", "optimizer.lr", positive=True)
    iterations = r.integer(opt, "iterations", "optimizer.iterations", maximum=100_000)
    settings = []
    for name, default in OPTIMIZER_SETTINGS[kind].items():
        value = r.number(opt, name, f"optimizer.{name}", required=False, default=default)
        if name == "eps" and value <= 0:
            r.fail("optimizer.eps", "a number > 0", r.describe(opt[name]))
        if name in ("momentum", "rho", "beta1", "beta2") and not 0 <= value < 1:
            r.fail(f"optimizer.{name}", "a number in [0, 1)", r.describe(opt[name]))
        settings.append((name, value))
    known = {"kind", "lr", "iterations", "batch", *OPTIMIZER_SETTINGS[kind]}
    for extra in opt:
        if extra not in known:
            r.fail(f"optimizer.{extra}", f"a setting of {kind}: " + ", ".join(sorted(known)), repr(extra))
    batch = opt.get("batch", "full")
    if batch not in ("full", "sample") and (isinstance(batch, bool) or not isinstance(batch, int) or batch < 1):
        r.fail("optimizer.batch", '"full", "sample" or a whole number >= 1', r.describe(batch))
    optimizer = Optimizer(kind=kind, lr=lr, iterations=iterations, settings=tuple(settings), batch=batch)

    display = r.table(raw, "display", "display", required=False)
    digits = r.integer(display, "digits", "display.digits", required=False, default=4, maximum=MAX_DIGITS)
    _only(r, display, ("digits",), "display")
    sheet = r.table(raw, "sheet", "sheet", required=False)
    _only(r, sheet, ("proofs",), "sheet")
    proofs = sheet.get("proofs", [])
    if not isinstance(proofs, list) or not all(isinstance(p, str) for p in proofs):
        r.fail("sheet.proofs", "a list of proof names", r.describe(proofs))
    for section in raw:
        if section not in ("title", "network", "loss", "data", "init", "optimizer", "display", "sheet"):
            r.fail(section, "only title, [network], [loss], [data], [init], [optimizer], [display], [sheet]",
                   repr(section))
    problem = Problem(path=path, name=path.stem, title=title, inputs=inputs, layers=tuple(layers), loss=loss,
                      x=x, y=y, init=init, optimizer=optimizer, digits=digits, proofs=tuple(proofs), raw=raw)
    limits.check(problem)
    return problem
