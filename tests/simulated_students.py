"""A simulated class, written apart from derive's marking: students who work a problem by hand in plain NumPy.

Every step is computed from the student's own written (rounded) earlier numbers, as people work on paper, and
written to the student's precision; a slip changes one step's numbers as the student writes them, and everything
after it follows from the slip. Reads the problem file with tomllib and nothing of derive.
Covers what the simulated problems use: dense layers (Wx or xW), batch norm, dropout with given masks, sigmoid,
tanh, relu, swish, linear and softmax, bce and ce, sgd, momentum (the course's form) and adam, full batches.
"""
import decimal
import math
import tomllib
from dataclasses import dataclass, field

import numpy as np

PERSIAN = str.maketrans("0123456789.-", "۰۱۲۳۴۵۶۷۸۹٫−")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


ACTIVATIONS = {  # f(z), f'(z) from z
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "swish": (lambda z: z * sigmoid(z), lambda z: sigmoid(z) * (1 + z * (1 - sigmoid(z)))),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
    "softmax": (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), None),
    "softplus": (lambda z: np.log1p(np.exp(z)), sigmoid),
}
ACTIVATIONS["silu"] = ACTIVATIONS["swish"]


def significant(x, digits):
    """x rounded to `digits` significant digits, as text with exactly that many ("-0.05400", "120")."""
    if x == 0:
        return "0." + "0" * digits
    return format(decimal.Decimal(f"{x:.{digits - 1}e}"), "f")


@dataclass
class Student:
    """How one student works: `digits` significant digits as they go (None: a calculator's full precision),
    `slip` (key, how the written value changes) or None, and whether they write Persian digits in quotes."""

    name: str
    digits: int = None
    slip: tuple = None
    persian: bool = False
    written: dict = field(default_factory=dict)  # key -> value as written (numpy, the file's layout)

    def write(self, key, value):
        """The number(s) the student writes for a step, which they work on from."""
        value = np.asarray(value, dtype=float)
        if self.slip and self.slip[0] == key:
            value = np.asarray(self.slip[1](value.copy(), self.written), dtype=float)
        if self.digits is not None:
            value = np.vectorize(lambda x: float(significant(x, self.digits)))(value) if value.size else value
        self.written[key] = value
        return value

    def text(self, value):
        """A written value as TOML: a number, a list or a list of rows."""
        if np.ndim(value) == 0:
            x = float(value)
            s = significant(x, self.digits) if self.digits is not None else repr(x)
            return f'"{s.translate(PERSIAN)}"' if self.persian else s
        return "[" + ", ".join(self.text(v) for v in value) + "]"

    def claims(self, keys=None):
        """The claims file: every written number (or those of `keys`)."""
        return "".join(f'"{k}" = {self.text(v)}\n' for k, v in self.written.items() if keys is None or k in keys)


class Network:
    """A problem file's network, data and optimizer, read as a student reads the statement."""

    def __init__(self, path):
        raw = tomllib.loads(open(path, encoding="utf-8").read())
        net = raw["network"]
        self.xw = net.get("layout", "Wx") == "xW"
        self.x = np.asarray(raw["data"]["x"], dtype=float)
        y = np.asarray(raw["data"]["y"], dtype=float)
        self.y = y.reshape(len(self.x), -1)
        self.loss = raw["loss"]["kind"]
        self.opt = raw["optimizer"]
        self.layers, self.init = [], {}
        fan_in = net["inputs"]
        for l, spec in enumerate(net["layers"], start=1):
            kind = spec.get("kind", "dense")
            layer = dict(spec, kind=kind, l=l)
            units = spec.get("units", fan_in)
            layer["units"] = units
            if kind == "dense":
                layer.update(weight=spec.get("weight", f"W{l}"), bias=spec.get("bias", f"b{l}"),
                             pre=spec.get("pre", f"z{l}"), post=spec.get("post", f"a{l}"))
                w = np.asarray(raw["init"][layer["weight"]], dtype=float)
                self.init[layer["weight"]] = w.T if self.xw else w  # kept as units x inputs
                self.init[layer["bias"]] = np.asarray(raw["init"][layer["bias"]], dtype=float)
            elif kind == "batchnorm":
                names = dict(gamma=f"gamma{l}", beta=f"beta{l}", mean=f"mu{l}", var=f"var{l}", std=f"sigma{l}",
                             xhat=f"xhat{l}", pre=f"ytilde{l}", post=f"a{l}")
                layer.update({k: spec.get(k, v) for k, v in names.items()})
                self.init[layer["gamma"]] = np.asarray(raw["init"].get(layer["gamma"], [1.0] * units), dtype=float)
                self.init[layer["beta"]] = np.asarray(raw["init"].get(layer["beta"], [0.0] * units), dtype=float)
            elif kind == "dropout":
                layer.update(post=spec.get("post", f"a{l}"), mask=np.asarray(spec["mask"], dtype=float))
            self.layers.append(layer)
            fan_in = units
        self.params = [n for layer in self.layers for n in
                       ((layer["weight"], layer["bias"]) if layer["kind"] == "dense" else
                        (layer["gamma"], layer["beta"]) if layer["kind"] == "batchnorm" else ())]

    def weight(self, name):
        return name in self.params and self.init[name].ndim == 2

    def export(self, name, value):
        """A parameter (or its gradient or state) in the file's layout."""
        return value.T if self.xw and self.weight(name) else value


def work(net, student):
    """The student works every iteration; their written numbers are in student.written."""
    params = {k: v.copy() for k, v in net.init.items()}
    state = {}
    iterations = net.opt["iterations"]
    for t in range(1, iterations + 1):
        grads = iteration(net, student, t, params)
        target = f"it{t + 1}" if t < iterations else "final"
        update(net, student, t, params, grads, state, target)
    return student


def iteration(net, s, t, params):
    """Forward and backward over the batch, layer by layer; the mean gradients."""
    n = len(net.x)
    w = s.write
    acts = [net.x[i] for i in range(n)]
    cache = []
    for layer in net.layers:
        kind = layer["kind"]
        if kind == "dense":
            W, b = params[layer["weight"]], params[layer["bias"]]
            zs = [w(f"it{t}.s{i + 1}.{layer['pre']}", W @ a + b) for i, a in enumerate(acts)]
            f = ACTIVATIONS[layer["activation"]][0]
            new = [w(f"it{t}.s{i + 1}.{layer['post']}", f(z)) for i, z in enumerate(zs)]
            cache.append((layer, acts, zs))
        elif kind == "batchnorm":
            h = np.array(acts)
            mu = w(f"it{t}.{layer['mean']}", h.mean(axis=0))
            var = w(f"it{t}.{layer['var']}", ((h - mu) ** 2).mean(axis=0))
            sigma = w(f"it{t}.{layer['std']}", np.sqrt(var + layer.get("eps", 1e-5)))
            xhat = [w(f"it{t}.s{i + 1}.{layer['xhat']}", (h[i] - mu) / sigma) for i in range(n)]
            g, beta = params[layer["gamma"]], params[layer["beta"]]
            zs = [w(f"it{t}.s{i + 1}.{layer['pre']}", g * xh + beta) for i, xh in enumerate(xhat)]
            f = ACTIVATIONS[layer.get("activation", "linear")][0]
            new = [w(f"it{t}.s{i + 1}.{layer['post']}", f(z)) for i, z in enumerate(zs)]
            cache.append((layer, acts, zs, xhat, sigma))
        else:
            p = layer.get("p", 0.5)
            new = [w(f"it{t}.s{i + 1}.{layer['post']}", layer["mask"][i] * a / (1 - p)) for i, a in enumerate(acts)]
            cache.append((layer, acts))
        acts = new
    out = net.layers[-1]
    yhat = acts
    losses = []
    bars = []
    for i in range(n):
        y, p = net.y[i], yhat[i]
        if net.loss == "bce":
            losses.append(w(f"it{t}.s{i + 1}.loss", np.sum(-(y * np.log(p) + (1 - y) * np.log(1 - p)))))
            w(f"it{t}.s{i + 1}.grad.{out['post']}", (1 - y) / (1 - p) - y / p)
        else:
            losses.append(w(f"it{t}.s{i + 1}.loss", -np.sum(y * np.log(p))))
            w(f"it{t}.s{i + 1}.grad.{out['post']}", -y / p)
        bars.append(w(f"it{t}.s{i + 1}.grad.{out['pre']}", p - y))  # sigmoid with bce, softmax with ce
    w(f"it{t}.loss", np.mean(losses))
    per_sample = {}  # param -> [gradient of each sample]
    for back, entry in enumerate(reversed(cache)):
        layer, inputs = entry[0], entry[1]
        prev = cache[len(cache) - back - 2][0] if back < len(cache) - 1 else None
        kind = layer["kind"]
        if kind == "dense":
            W = params[layer["weight"]]
            gw = [w(f"it{t}.s{i + 1}.grad.{layer['weight']}", net.export(layer["weight"], np.outer(bars[i], inputs[i])))
                  for i in range(n)]
            per_sample[layer["weight"]] = gw  # in the file's layout
            per_sample[layer["bias"]] = [w(f"it{t}.s{i + 1}.grad.{layer['bias']}", bars[i]) for i in range(n)]
            bars = [W.T @ bars[i] for i in range(n)] if prev else None
        elif kind == "batchnorm":
            g = params[layer["gamma"]]
            xhat, sigma = entry[3], entry[4]
            ggam = [w(f"it{t}.s{i + 1}.grad.{layer['gamma']}", bars[i] * xhat[i]) for i in range(n)]
            gbet = [w(f"it{t}.s{i + 1}.grad.{layer['beta']}", bars[i]) for i in range(n)]
            mg = w(f"it{t}.grad.{layer['gamma']}", np.mean(ggam, axis=0))
            mb = w(f"it{t}.grad.{layer['beta']}", np.mean(gbet, axis=0))
            per_sample[layer["gamma"]], per_sample[layer["beta"]] = None, None  # mean written above
            bars = [g / sigma * (bars[i] - mb - xhat[i] * mg) for i in range(n)]
        else:
            bars = [layer["mask"][i] * bars[i] / (1 - layer.get("p", 0.5)) for i in range(n)]
        if prev is None:
            break
        bars = [w(f"it{t}.s{i + 1}.grad.{prev['post']}", b) for i, b in enumerate(bars)]
        prev_entry = cache[len(cache) - back - 2]
        if prev["kind"] in ("dense", "batchnorm"):
            derivative = ACTIVATIONS[prev.get("activation", "linear")][1]
            bars = [w(f"it{t}.s{i + 1}.grad.{prev['pre']}", b * derivative(prev_entry[2][i]))
                    for i, b in enumerate(bars)]
    grads = {}
    for name in net.params:
        if per_sample.get(name) is not None:
            w(f"it{t}.grad.{name}", np.mean(per_sample[name], axis=0))
        grads[name] = net.export(name, s.written[f"it{t}.grad.{name}"])  # back to units x inputs
    return grads


def update(net, s, t, params, grads, state, target):
    """The optimizer's step for each parameter, with its state, from the written gradient."""
    opt = net.opt
    lr, kind = opt["lr"], opt["kind"]
    for name in net.params:
        g, theta = grads[name], params[name]
        ex = lambda v: net.export(name, v)  # noqa: E731
        back = lambda v: net.export(name, v)  # noqa: E731  (a transpose is its own inverse)
        if kind == "sgd":
            new = theta - lr * g
        elif kind == "momentum":
            v = state.get(("v", name), np.zeros_like(g))
            v = back(s.write(f"it{t}.state.v.{name}", ex(opt.get("momentum", 0.9) * v - lr * g)))
            state[("v", name)] = v
            new = theta + v
        elif kind == "adam":
            b1, b2, eps = opt.get("beta1", 0.9), opt.get("beta2", 0.999), opt.get("eps", 1e-8)
            m = back(s.write(f"it{t}.state.m.{name}", ex(b1 * state.get(("m", name), 0 * g) + (1 - b1) * g)))
            v = back(s.write(f"it{t}.state.s.{name}", ex(b2 * state.get(("s", name), 0 * g) + (1 - b2) * g ** 2)))
            state[("m", name)], state[("s", name)] = m, v
            m_hat = back(s.write(f"it{t}.state.m_hat.{name}", ex(m / (1 - b1 ** t))))
            s_hat = back(s.write(f"it{t}.state.s_hat.{name}", ex(v / (1 - b2 ** t))))
            new = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
        else:
            raise ValueError(kind)
        params[name] = back(s.write(f"{target}.{name}", ex(new)))


# --- slips: how a student's written value goes wrong (value: the step's right numbers; written: theirs so far) ---
def nudge(index, by):
    """A wrong number: one element off by `by`."""
    def slip(value, written):
        value.reshape(-1)[index] += by
        return value
    return slip


def sign(index):
    """A sign error in one element."""
    def slip(value, written):
        value.reshape(-1)[index] *= -1
        return value
    return slip


def transposed(value, written):
    """A square matrix written transposed."""
    return value.T.copy()


def derivative(wrong, bar, pre):
    """A wrong activation derivative: the incoming bar (key `bar`) times wrong'(z) of the student's own z (`pre`)."""
    def slip(value, written):
        return written[bar] * ACTIVATIONS[wrong][1](written[pre])
    return slip
