"""The layer kinds beside dense: batch norm, layer norm and dropout as frozen dataclasses, read from a
[[network.layers]] table and checked against the data; every defect is an InputError."""
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

NORM_ACTIVATIONS = ("sigmoid", "tanh", "relu", "swish", "silu", "softplus", "linear")
RESERVED = ("x", "y", "loss", "grad", "state", "lookahead")
EPS_DEFAULT = 1e-5  # as PyTorch's BatchNorm1d and LayerNorm


@dataclass(frozen=True)
class Norm:
    """A normalization layer: x̂ = (x − μ)/σ with σ = √(σ² + ε), y = γ ⊙ x̂ + β, a = activation(y)."""

    units: int
    activation: str
    gamma: str
    beta: str
    eps: float
    mean: str
    var: str
    std: str
    xhat: str
    pre: str
    post: str
    NAMES: ClassVar[tuple] = ("gamma", "beta", "mean", "var", "std", "xhat", "pre", "post")

    @property
    def params(self):
        return (self.gamma, self.beta)

    def param_shape(self, name):
        return (self.units,)


@dataclass(frozen=True)
class BatchNorm(Norm):
    """Batch normalization: μ and σ² per unit over the samples of the iteration's batch (biased variance)."""

    kind: ClassVar[str] = "batchnorm"
    title: ClassVar[str] = "batch norm"


@dataclass(frozen=True)
class LayerNorm(Norm):
    """Layer normalization: μ and σ² per sample over the layer's units."""

    kind: ClassVar[str] = "layernorm"
    title: ClassVar[str] = "layer norm"


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
    title: ClassVar[str] = "dropout"
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


KINDS = {"batchnorm": BatchNorm, "layernorm": LayerNorm, "dropout": Dropout}
SPECIAL = (BatchNorm, LayerNorm, Dropout)


def special(layer):
    """True for a layer of one of these kinds (not dense)."""
    return isinstance(layer, SPECIAL)


def kind_of(layer):
    return layer.kind if special(layer) else "dense"


def any_special(problem):
    return any(special(layer) for layer in problem.layers)


def has_batchnorm(problem):
    return any(isinstance(layer, BatchNorm) for layer in problem.layers)


# --- reading ---------------------------------------------------------------------------------------
def parse(r, table, key, l, fan_in, names):
    """One [[network.layers]] table of kind batchnorm, layernorm or dropout; `names` collects the names used."""
    kind = table["kind"]
    if kind == "dropout":
        known = ("kind", "units", "p", "mask", "seed", "mask_name", "post")
    else:
        known = ("kind", "units", "activation", "eps", *(n for n in Norm.NAMES))
    for extra in table:
        if extra not in known:
            r.fail(f"{key}.{extra}", f"only the keys of a {kind} layer: " + ", ".join(known), repr(extra))
    units = r.integer(table, "units", key + ".units", required=False, default=fan_in, maximum=10_000)
    if units != fan_in:
        r.fail(key + ".units", f"the size of the layer's input ({fan_in}) for a {kind} layer", str(units))
    if kind == "dropout":
        layer = _dropout(r, table, key, l, units)
    else:
        activation = r.text(table, "activation", key + ".activation", required=False, default="linear",
                            choices=NORM_ACTIVATIONS)
        eps = r.number(table, "eps", key + ".eps", required=False, default=EPS_DEFAULT, minimum=0)
        defaults = {"gamma": f"gamma{l}", "beta": f"beta{l}", "mean": f"mu{l}", "var": f"var{l}",
                    "std": f"sigma{l}", "xhat": f"xhat{l}", "pre": f"ytilde{l}", "post": f"a{l}"}
        chosen = {role: r.identifier(table, role, f"{key}.{role}", defaults[role]) for role in Norm.NAMES}
        layer = KINDS[kind](units=units, activation="swish" if activation == "silu" else activation, eps=eps,
                            **chosen)
    for role in layer.NAMES:
        name = getattr(layer, role)
        if name in names or name in RESERVED:
            r.fail(f"{key}.{role}", "a name not used elsewhere in the network (nor x, y, loss, grad, state, lookahead)",
                   repr(name))
        names[name] = role
    return layer


def _dropout(r, table, key, l, units):
    p = r.number(table, "p", key + ".p", required=False, default=0.5)
    if not 0 <= p < 1:
        r.fail(key + ".p", "a rate p in [0, 1)", r.describe(table["p"]))
    mask_name = r.identifier(table, "mask_name", key + ".mask_name", f"m{l}")
    post = r.identifier(table, "post", key + ".post", f"a{l}")
    if ("mask" in table) == ("seed" in table):
        r.fail(key, "either mask (one row of 0s and 1s per sample) or seed (a whole number)",
               "both" if "mask" in table else "neither")
    if "seed" in table:
        seed = r.integer(table, "seed", key + ".seed", minimum=0, maximum=2**63 - 1)
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


def initial(r, layer, init_table):
    """γ and β of a norm layer from [init]; PyTorch's defaults (γ = 1, β = 0) where they are not given."""
    out = {}
    for name, default in ((getattr(layer, "gamma", None), 1.0), (getattr(layer, "beta", None), 0.0)):
        if name is None:
            continue
        value = init_table.get(name, [default] * layer.units)
        if layer.units == 1 and not isinstance(value, list):
            value = [value]
        out[name] = r.matrix(value, f"init.{name}", (layer.units,))
    return out


def check_problem(r, layers, n_samples, optimizer):
    """What the layers require of the rest of the problem: masks for every sample, a positive ε where a
    variance can be 0."""
    for l, layer in enumerate(layers, start=1):
        key = f"network.layers[{l}]"
        if isinstance(layer, Dropout):
            if layer.masks is not None and len(layer.masks) != n_samples:
                r.fail(key + ".mask", f"one row per sample: {n_samples} rows of {layer.units} numbers",
                       f"{len(layer.masks)} rows")
        elif special(layer) and layer.eps == 0:
            if isinstance(layer, BatchNorm) and min(_batch_sizes(optimizer, n_samples)) == 1:
                r.fail(key + ".eps", "eps > 0 for batch norm with a batch of one sample (its variance is 0)", "0")
            if isinstance(layer, LayerNorm) and layer.units == 1:
                r.fail(key + ".eps", "eps > 0 for layer norm of one unit (its variance is 0)", "0")


def check_last(r, layers, loss):
    """A layer of these kinds last: dropout never; a norm layer before bce only with a sigmoid, never before ce."""
    last = layers[-1]
    key = f"network.layers[{len(layers)}]"
    if isinstance(last, Dropout):
        r.fail(key + ".kind", "a dense or norm layer last (dropout on the output makes the prediction random)",
               "'dropout'")
    if special(last) and (loss == "ce" or (loss == "bce" and last.activation != "sigmoid")):
        need = "a sigmoid layer" if loss == "bce" else "a dense softmax layer"
        r.fail("loss.kind", f"{loss} after {need}", f"a {last.kind} last layer with {last.activation} activation")


def _batch_sizes(optimizer, n):
    size = optimizer.batch_size(n)
    return {min(size, n - s) for s in range(0, n, size)}


def n_params(layer):
    """Parameter elements of a layer of these kinds: γ and β of a norm layer, none for dropout."""
    return 2 * layer.units if isinstance(layer, Norm) else 0
