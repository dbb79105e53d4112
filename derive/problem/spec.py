"""Reading and validating a problem file (TOML) into a frozen Problem; every defect is an InputError."""
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import file_kinds, files, limits
from ..display import latex_text
from ..errors import InputError
from ..network import symbols
from ..network.layers import registry
from ..network.layers.dense import Layer  # noqa: F401  (spec.Layer: a dense layer)

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}\Z")
LOSSES = ("bce", "mse", "ce", "sse")
LAYOUTS = ("Wx", "xW")  # z = W a + b with vectors as columns, or z = a W + b with samples and values as rows
# hyperparameters each optimizer accepts, with defaults (lr and iterations are required for all)
OPTIMIZER_SETTINGS = {
    "sgd": {},
    "momentum": {"momentum": 0.9},
    "nesterov": {"momentum": 0.9},
    "adagrad": {"eps": 1e-8},
    "rmsprop": {"rho": 0.9, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}
# options beyond the numeric settings: (choices, default, the kinds that take it)
OPTIMIZER_OPTIONS = {
    "eps_placement": (("outside", "inside"), "outside", ("adagrad", "rmsprop", "adam", "adamw")),
    "momentum_form": (("course", "torch"), "course", ("momentum", "nesterov")),
}
# [loss] options: (the kinds that take it, choices or None for a number > 0, default)
LOSS_OPTIONS = {
    "scale": (("sse",), None, 1.0),
    "reduce_outputs": (("mse", "bce"), ("sum", "mean"), "sum"),
    "batch": (LOSSES, ("mean", "sum"), "mean"),
}
MAX_DIGITS = 12
RESERVED = ("x", "y", "loss", "grad", "state", "lookahead")  # names the keys use themselves
SECTIONS = ("title", "network", "loss", "data", "init", "optimizer", "display", "sheet", "vary", "check")
CHECK_SETTINGS = ("min_digits", "min_decimals")  # the precision policy of derive check and grade
CHECK_BOUNDS = (1, 15)
MAX_LOSS_SCALE = 1e6  # SymPy keeps the scale exact: 1e308 times the loss's own factors is beyond any float


@dataclass(frozen=True)
class LossOptions:
    """How the per-sample loss is scaled and reduced: scale (sse), the mean or sum over outputs, over samples."""

    scale: float = 1.0
    reduce_outputs: str = "sum"
    batch: str = "mean"


DETAILS = ("full", "first", "summary")  # [sheet] detail: how much of each iteration the sheet writes out


@dataclass(frozen=True)
class Optimizer:
    """The training loop: rule, its settings, iterations and batching."""

    kind: str
    lr: float
    iterations: int
    settings: tuple  # ((name, value), ...) in the rule's own order
    batch: object = "full"  # "full", "sample" or an int
    eps_placement: str = "outside"  # eta g / (sqrt(s) + eps), or "inside": eta g / sqrt(s + eps)
    momentum_form: str = "course"  # v <- mu v - eta g, theta <- theta + v; "torch": v <- mu v + g, theta -= eta v
    freeze: tuple = ()  # parameters used but never updated

    def setting(self, name):
        return dict(self.settings)[name]

    @property
    def weight_decay(self):
        return dict(self.settings).get("weight_decay", 0.0)

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
    language: str = "en"  # the sheets' language: [sheet] language, or --language
    layout: str = "Wx"  # "xW": z = a W + b, samples and layer values as rows, weights (inputs, units)
    loss_options: LossOptions = LossOptions()
    check: dict = field(default_factory=dict)  # [check]: {"min_digits": n} or {"min_decimals": n} (marking policy)
    detail: str = None  # [sheet] detail or --detail: "full", "first" or "summary" (None: full)

    @property
    def params(self):
        """Parameter names in network order (weight, bias per layer)."""
        return tuple(n for layer in self.layers for n in registry.params(layer))

    @property
    def trained(self):
        """The parameters the optimizer updates (all but the frozen ones), in network order."""
        return tuple(n for n in self.params if n not in self.optimizer.freeze)

    def param_shape(self, name):
        for l, layer in enumerate(self.layers):
            if name in registry.params(layer):
                fan_in = self.inputs if l == 0 else self.layers[l - 1].units
                return registry.kind_of(layer).param_shape(layer, name, fan_in, self.layout)
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

    def number(self, parent, name, key, required=True, default=None, positive=False, minimum=None, maximum=None):
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
        if maximum is not None and value > maximum:
            self.fail(key, f"a number <= {maximum:g}", self.describe(value))
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

    def shape_text(self, shape):
        return _shape_text(shape)

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


def _finite_numbers(r, value, key):
    """Refuse an inf or nan anywhere in a table no other check reads number by number, naming its key."""
    if isinstance(value, float) and not _finite(value):
        r.fail(key, "a finite number", r.describe(value))
    items = value.items() if isinstance(value, dict) else enumerate(value, 1) if isinstance(value, list) else ()
    for name, item in items:
        _finite_numbers(r, item, f"{key}[{name}]" if isinstance(name, int) else f"{key}.{name}")


def _finite(value):
    """True for a number that is a finite float; TOML integers beyond float range are not."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _printed_apart(r, inputs, layers, layout):
    """Refuse a name the sheet would print like another quantity or one of its elements (b_2 and b2 are
    both b_2; W_1 is written like W's elements W_{1,1}; x1 like the input's x_1; the loss is L)."""
    quantities, keys = [("L", ()), ("x", (inputs,)), ("y", (layers[-1].units,))], {}
    fan_in = inputs
    for l, layer in enumerate(layers, start=1):
        for role, shape in registry.kind_of(layer).printed(layer, fan_in, layout):
            if getattr(layer, role) is None:  # a dense layer with bias = false
                continue
            quantities.append((getattr(layer, role), shape))
            keys[getattr(layer, role)] = f"network.layers[{l}].{role}"
        fan_in = layer.units
    alike = symbols.first_alike(quantities)
    if alike:
        name, other, printed = alike
        whose = "the loss" if other == "L" else "the input x" if other == "x" else \
            "the labels y" if other == "y" else repr(other)
        r.fail(keys[name], "a name the sheet prints unlike every other name and element",
               f"{name!r}, which prints like {whose} or one of its elements (as ${printed}$)")


def title_of(r, raw, path, language):
    """A file's title: its `title`, else the file's name; refused when the language's TeX cannot set it."""
    title = r.text(raw, "title", "title", required=False, default=path.stem)
    if latex_text.refusal(title, language=language):
        expected, got = latex_text.refusal(title, language=language)
        r.fail("title", expected + ("" if "title" in raw else " (the title defaults to the file name)"), got)
    return title


def batch_sizes(optimizer, n):
    """The sizes of the batches the iterations may use."""
    size = optimizer.batch_size(n)
    return {min(size, n - s) for s in range(0, n, size)}


def _check_policy(r, raw):
    """[check]: the precision a student must write, min_digits (significant) or min_decimals; not both."""
    table = r.table(raw, "check", "check", required=False)
    _only(r, table, CHECK_SETTINGS, "check")
    if len(table) > 1:
        r.fail("check", "one of min_digits and min_decimals", "both")
    low, high = CHECK_BOUNDS
    return {name: r.integer(table, name, f"check.{name}", minimum=low, maximum=high) for name in table}


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


def _optional_keys(kind):
    """The optional keys a kind takes beyond its settings: weight_decay (every kind) and its options."""
    return ("weight_decay", *(name for name, (_, _, takers) in OPTIMIZER_OPTIONS.items() if kind in takers))


def optimizer_settings(r, table, key, kind):
    """An optimizer table's numeric settings ((name, value), ...) with defaults, and its options as keywords
    of Optimizer; an option the kind has no use for is refused."""
    settings = []
    for name, default in OPTIMIZER_SETTINGS[kind].items():
        value = r.number(table, name, f"{key}.{name}", required=False, default=default)
        if name == "eps" and value <= 0:
            r.fail(f"{key}.eps", "a number > 0", r.describe(table[name]))
        if name in ("momentum", "rho", "beta1", "beta2") and not 0 <= value < 1:
            r.fail(f"{key}.{name}", "a number in [0, 1)", r.describe(table[name]))
        if name == "weight_decay" and value < 0:
            r.fail(f"{key}.weight_decay", "a number >= 0", r.describe(table[name]))
        settings.append((name, value))
    if "weight_decay" not in OPTIMIZER_SETTINGS[kind]:
        decay = r.number(table, "weight_decay", f"{key}.weight_decay", required=False, default=0.0, minimum=0)
        if decay:
            settings.append(("weight_decay", decay))
    options = {}
    for name, (choices, default, takers) in OPTIMIZER_OPTIONS.items():
        if name in table and kind not in takers:
            r.fail(f"{key}.{name}", f"no {name} for {kind} ({name} is for " + ", ".join(takers) + ")",
                   r.describe(table[name]))
        options[name] = r.text(table, name, f"{key}.{name}", required=False, default=default, choices=choices)
    return settings, options


def load(path, language=None, detail=None):
    """Read and validate a problem file; raise InputError naming the file and key on any defect.
    language (e.g. --language fa) overrides the file's [sheet] language, detail its [sheet] detail."""
    path = Path(path)
    raw = files.read_toml(path, "problem file")
    file_kinds.expect(raw, path, "problem", "a problem file ([network], [loss], [data], [init], [optimizer])")
    return parse(raw, path, language, detail)


def _language(r, raw, override):
    """The sheets' language: the override, else [sheet] language, else English."""
    from ..language import LANGUAGES

    sheet = raw.get("sheet")
    if override is not None:
        if override not in LANGUAGES:
            r.fail("--language", "one of " + ", ".join(LANGUAGES), repr(override))
        return override
    if not isinstance(sheet, dict) or "language" not in sheet:
        return "en"
    return r.text(sheet, "language", "sheet.language", choices=tuple(LANGUAGES))


def parse(raw, path=Path("<problem>"), language=None, detail=None):
    """Validate an already-parsed TOML dict."""
    path = Path(path)
    r = _Reader(path)
    language = _language(r, raw, language)
    title = title_of(r, raw, path, language)
    network = r.table(raw, "network", "network")
    inputs = r.integer(network, "inputs", "network.inputs", maximum=10_000)
    _only(r, network, ("inputs", "layers", "layout"), "network")
    layout = r.text(network, "layout", "network.layout", required=False, default="Wx", choices=LAYOUTS)
    layer_tables = network.get("layers")
    if not isinstance(layer_tables, list) or not layer_tables:
        r.fail("network.layers", "at least one [[network.layers]] table",
               "nothing" if layer_tables is None else r.describe(layer_tables))
    layers, names = [], {}
    for l, table in enumerate(layer_tables, start=1):
        key = f"network.layers[{l}]"
        if not isinstance(table, dict):
            r.fail(key, "a table", r.describe(table))
        kind = r.text(table, "kind", key + ".kind", required=False, default="dense", choices=tuple(registry.KINDS))
        layer = registry.KINDS[kind].parse(r, table, key, l, layers[-1].units if layers else inputs)
        for role in layer.NAMES:
            name = getattr(layer, role)
            if name is None:  # a dense layer with bias = false
                continue
            if name in names or name in RESERVED:
                r.fail(f"{key}.{role}", "a name not used elsewhere in the network (nor x, y, loss, grad, state, lookahead)",
                       repr(name))
            names[name] = role
        layers.append(layer)
    for l, layer in enumerate(layers[:-1], start=1):
        if layer.activation == "softmax":
            r.fail(f"network.layers[{l}].activation", "softmax only at the last layer", "'softmax'")
    if layout == "xW" and not all(registry.kind_of(layer).row_layout for layer in layers):
        others = registry.without_rows()
        r.fail("network.layout", '"Wx" for a network with %s layers' % (
            ", ".join(others[:-1]) + " or " + others[-1] if len(others) > 1 else others[0]), "'xW'")
    limits.check_network(path, inputs, layers)
    _printed_apart(r, inputs, layers, layout)
    last = layers[-1]

    loss_table = r.table(raw, "loss", "loss")
    loss = r.text(loss_table, "kind", "loss.kind", choices=LOSSES)
    _only(r, loss_table, ("kind", *LOSS_OPTIONS), "loss")
    loss_options = {}
    for name, (takers, choices, default) in LOSS_OPTIONS.items():
        if name in loss_table and loss not in takers:
            r.fail(f"loss.{name}", "no " + name + " for " + loss + " (" + name + " is for " + ", ".join(takers) + ")",
                   r.describe(loss_table[name]))
        if choices is None:
            loss_options[name] = r.number(loss_table, name, f"loss.{name}", required=False, default=default,
                                          positive=True, maximum=MAX_LOSS_SCALE)
        else:
            loss_options[name] = r.text(loss_table, name, f"loss.{name}", required=False, default=default,
                                        choices=choices)
    registry.kind_of(last).check_last(r, last, loss, f"network.layers[{len(layers)}]")
    if loss == "bce" and last.activation != "sigmoid":
        r.fail("loss.kind", "bce with a sigmoid last layer", f"a {last.activation} last layer")
    if loss == "ce" and last.activation != "softmax":
        r.fail("loss.kind", "ce with a softmax last layer", f"a {last.activation} last layer")
    if last.activation == "softmax" and loss == "bce":
        r.fail("loss.kind", "ce, mse or sse after softmax", "'bce'")

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
        init.update(registry.kind_of(layer).initial(r, layer, init_table, fan_in, layout))
    for extra in init_table:
        if extra not in init:
            for l, layer in enumerate(layers, start=1):
                if getattr(layer, "bias", "") is None and extra == f"b{l}":
                    r.fail(f"init.{extra}", f"no initial value for {extra}: layer {l} has no bias (bias = false)",
                           repr(extra))
            r.fail(f"init.{extra}", "only the network's weights and biases: " + ", ".join(init), repr(extra))

    opt = r.table(raw, "optimizer", "optimizer")
    kind = r.text(opt, "kind", "optimizer.kind", choices=tuple(OPTIMIZER_SETTINGS))
    lr = r.number(opt, "lr", "optimizer.lr", positive=True)
    iterations = r.integer(opt, "iterations", "optimizer.iterations", maximum=100_000)
    settings, options = optimizer_settings(r, opt, "optimizer", kind)
    known = {"kind", "lr", "iterations", "batch", "freeze", *OPTIMIZER_SETTINGS[kind], *_optional_keys(kind)}
    for extra in opt:
        if extra not in known:
            r.fail(f"optimizer.{extra}", f"a setting of {kind}: " + ", ".join(sorted(known)), repr(extra))
    batch = opt.get("batch", "full")
    if batch not in ("full", "sample") and (isinstance(batch, bool) or not isinstance(batch, int) or batch < 1):
        r.fail("optimizer.batch", '"full", "sample" or a whole number >= 1', r.describe(batch))
    params = [n for layer in layers for n in registry.params(layer)]
    freeze = opt.get("freeze", [])
    if not isinstance(freeze, list) or not all(isinstance(n, str) for n in freeze):
        r.fail("optimizer.freeze", "a list of parameter names", r.describe(freeze))
    for name in freeze:
        if name not in params:
            r.fail("optimizer.freeze", "names of the network's parameters: " + ", ".join(params), repr(name))
        if freeze.count(name) > 1:
            r.fail("optimizer.freeze", "each parameter at most once", repr(name) + " twice")
    if len(freeze) == len(params):
        r.fail("optimizer.freeze", "at least one parameter left to train", "every parameter frozen")
    optimizer = Optimizer(kind=kind, lr=lr, iterations=iterations, settings=tuple(settings), batch=batch,
                          freeze=tuple(name for name in params if name in freeze), **options)
    sizes = batch_sizes(optimizer, n)
    for l, layer in enumerate(layers, start=1):
        registry.kind_of(layer).check_problem(r, layer, f"network.layers[{l}]", n, sizes)

    display = r.table(raw, "display", "display", required=False)
    digits = r.integer(display, "digits", "display.digits", required=False, default=4, maximum=MAX_DIGITS)
    _only(r, display, ("digits",), "display")
    sheet = r.table(raw, "sheet", "sheet", required=False)
    _only(r, sheet, ("proofs", "language", "detail"), "sheet")
    written = r.text(sheet, "detail", "sheet.detail", required=False, default=None, choices=DETAILS)
    if detail is not None and detail not in DETAILS:
        r.fail("--detail", "one of " + ", ".join(DETAILS), repr(detail))
    detail = detail or written
    proofs = sheet.get("proofs", [])
    if not isinstance(proofs, list) or not all(isinstance(p, str) for p in proofs):
        r.fail("sheet.proofs", "a list of proof names", r.describe(proofs))
    vary = r.table(raw, "vary", "vary", required=False)  # which numbers vary per student: derive/classroom/vary.py
    _finite_numbers(r, vary, "vary")  # its rules are read by variants; its numbers go to every JSON output now
    check = _check_policy(r, raw)
    for section in raw:
        if section not in SECTIONS:
            r.fail(section, "only title, [network], [loss], [data], [init], [optimizer], [display], [sheet], [vary], "
                            "[check]", repr(section))
    problem = Problem(path=path, name=path.stem, title=title, inputs=inputs, layers=tuple(layers), loss=loss,
                      x=x, y=y, init=init, optimizer=optimizer, digits=digits, proofs=tuple(proofs), raw=raw,
                      language=language, layout=layout, loss_options=LossOptions(**loss_options),
                      check=check, detail=detail)
    limits.check(problem)
    return problem
