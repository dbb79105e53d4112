"""The checks of a problem file that span keys: names, the last layer against the loss, the data's and the
initial values' shapes against the network, what may be frozen; and the title and language every file has."""
import numpy as np

from ..display import latex_text
from ..network import symbols
from ..network.layers import registry
from .model import PROBLEM, RESERVED, SHEET


def language(r, raw, override):
    """The sheets' language: the override (--language), else [sheet] language, else English."""
    choices = SHEET.key("language").choices
    if override is not None:
        if override not in choices:
            r.fail("--language", "one of " + ", ".join(choices), repr(override))
        return override
    sheet = raw.get("sheet")
    if not isinstance(sheet, dict) or "language" not in sheet:
        return "en"
    return r.read(SHEET.key("language"), sheet, "sheet")


def title_of(r, raw, path, language):
    """A file's title: its `title`, else the file's name; refused when the language's TeX cannot set it."""
    title = r.read(PROBLEM.key("title"), raw, "", default=path.stem)
    if latex_text.refusal(title, language=language):
        expected, got = latex_text.refusal(title, language=language)
        r.fail("title", expected + ("" if "title" in raw else " (the title defaults to the file name)"), got)
    return title


def name_apart(r, layer, key, names):
    """A layer's names differ from the earlier layers' (`names`, which it joins) and from the keys' own words."""
    for role in layer.NAMES:
        name = getattr(layer, role)
        if name is None:  # a dense layer with bias = false
            continue
        if name in names or name in RESERVED:
            r.fail(f"{key}.{role}", "a name not used elsewhere in the network (nor x, y, loss, grad, state, lookahead)",
                   repr(name))
        names[name] = role


def layers_fit(r, layers, layout):
    """Softmax only last; the xW layout only with kinds that take it."""
    for l, layer in enumerate(layers[:-1], start=1):
        if layer.activation == "softmax":
            r.fail(f"network.layers[{l}].activation", "softmax only at the last layer", "'softmax'")
    if layout == "xW" and not all(registry.kind_of(layer).row_layout for layer in layers):
        others = registry.without_rows()
        r.fail("network.layout", '"Wx" for a network with %s layers' % (
            ", ".join(others[:-1]) + " or " + others[-1] if len(others) > 1 else others[0]), "'xW'")


def printed_apart(r, inputs, layers, layout):
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


def loss_fits(r, layers, loss):
    """The last layer is one the loss can follow."""
    last = layers[-1]
    registry.kind_of(last).check_last(r, last, loss, f"network.layers[{len(layers)}]")
    if loss == "bce" and last.activation != "sigmoid":
        r.fail("loss.kind", "bce with a sigmoid last layer", f"a {last.activation} last layer")
    if loss == "ce" and last.activation != "softmax":
        r.fail("loss.kind", "ce with a softmax last layer", f"a {last.activation} last layer")
    if last.activation == "softmax" and loss == "bce":
        r.fail("loss.kind", "ce, mse or sse after softmax", "'bce'")


def samples(r, data, inputs, last, loss):
    """x (samples x inputs) and y (samples x outputs) of [data], labels as the loss needs them."""
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
    return x, y


def initial_values(r, init_table, inputs, layers, layout):
    """Every parameter's initial value from [init], in its shape; no value for anything else."""
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
    return init


def frozen(r, freeze, params):
    """The parameters to freeze: the network's, each once, not all of them."""
    for name in freeze:
        if name not in params:
            r.fail("optimizer.freeze", "names of the network's parameters: " + ", ".join(params), repr(name))
        if freeze.count(name) > 1:
            r.fail("optimizer.freeze", "each parameter at most once", repr(name) + " twice")
    if len(freeze) == len(params):
        r.fail("optimizer.freeze", "at least one parameter left to train", "every parameter frozen")
    return tuple(name for name in params if name in freeze)
