"""Independent plain-NumPy reference for derive's problems: forward, backprop, optimizers, training.

Nothing here imports sympy or the ``derive`` package: the test-suite compares the symbolic tool
against these hand-written formulas, and tests/test_reference.py checks these formulas against
central finite differences. Everything is float64; clarity wins over speed (micrograd spirit).

A *problem* is the dict that ``tomllib.load`` returns for a problem file (see problems/hw2.toml).
*params* is a dict name -> np.ndarray (weights 2-D of shape (units, inputs of the layer), biases
1-D of length units). A layer computes ``pre = W @ a_prev + b`` and ``post = activation(pre)``.

The course conventions a problem may choose: ``[network] layout = "xW"`` (weights stored (inputs, units),
``pre = a_prev @ W + b``), a layer's ``bias = false`` (no bias), ``[loss]`` ``scale`` (sse),
``reduce_outputs = "mean"`` and ``batch = "sum"``, and in ``[optimizer]`` ``freeze``, ``weight_decay``,
``eps_placement = "inside"``, ``momentum_form = "torch"`` and the kind ``adamw``.
"""

import numpy as np

# --------------------------------------------------------------------------------------------
# Activations. Each entry gives the value and the Jacobian d post / d pre (a square matrix), so
# the backward pass is the same chain rule for every activation: d pre = J^T @ d post.
# Element-wise activations have a diagonal Jacobian; softmax has a full one.
# --------------------------------------------------------------------------------------------


def sigmoid(z):
    """1 / (1 + e^-z)."""
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    """e^z / sum(e^z), shifted by max(z) for stability (the shift cancels)."""
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def _diag(derivative):
    """Jacobian of an element-wise activation whose derivative is ``derivative``."""
    return lambda z: np.diag(derivative(z))


def _softmax_jacobian(z):
    """d softmax_i / d z_j = s_i (delta_ij - s_j)."""
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


def _swish(z):
    """z * sigmoid(z)."""
    return z * sigmoid(z)


def _swish_derivative(z):
    """sigmoid(z) + z sigmoid(z) (1 - sigmoid(z))."""
    s = sigmoid(z)
    return s + z * s * (1.0 - s)


ACTIVATIONS = {
    # name: (value, jacobian)
    "sigmoid": (sigmoid, _diag(lambda z: sigmoid(z) * (1.0 - sigmoid(z)))),
    "tanh": (np.tanh, _diag(lambda z: 1.0 - np.tanh(z) ** 2)),
    "relu": (lambda z: np.where(z > 0, z, 0.0), _diag(lambda z: np.where(z > 0, 1.0, 0.0))),
    "swish": (_swish, _diag(_swish_derivative)),
    "silu": (_swish, _diag(_swish_derivative)),
    # softplus = log(1 + e^z), whose derivative is sigmoid(z)
    "softplus": (lambda z: np.logaddexp(0.0, z), _diag(sigmoid)),
    "linear": (lambda z: np.array(z, dtype=float), _diag(lambda z: np.ones_like(z))),
    "softmax": (softmax, _softmax_jacobian),
}

# --------------------------------------------------------------------------------------------
# Per-sample losses: value and gradient with respect to the network output yhat.
# --------------------------------------------------------------------------------------------

LOSSES = {
    # kind: (loss(yhat, y), dloss/dyhat(yhat, y))
    "bce": (
        lambda yhat, y: float(np.sum(-y * np.log(yhat) - (1.0 - y) * np.log(1.0 - yhat))),
        lambda yhat, y: -y / yhat + (1.0 - y) / (1.0 - yhat),
    ),
    "mse": (
        lambda yhat, y: float(np.sum((yhat - y) ** 2)),
        lambda yhat, y: 2.0 * (yhat - y),
    ),
    "ce": (
        lambda yhat, y: float(-np.sum(y * np.log(yhat))),
        lambda yhat, y: -y / yhat,
    ),
    "sse": (
        lambda yhat, y: float(np.sum((yhat - y) ** 2)),
        lambda yhat, y: 2.0 * (yhat - y),
    ),
}


def loss_factor(problem):
    """What a sample's loss is multiplied by: sse's scale, 1/K for reduce_outputs = "mean" over K outputs."""
    table = problem["loss"]
    factor = float(table.get("scale", 1.0))
    if table.get("reduce_outputs", "sum") == "mean":
        factor /= layers(problem)[-1]["units"]
    return factor


def sample_loss(problem, yhat, y):
    """(loss, dloss/dyhat) of one sample, with the [loss] options."""
    value, gradient = LOSSES[problem["loss"]["kind"]]
    f = loss_factor(problem)
    return f * value(yhat, y), f * gradient(yhat, y)


def summed(problem):
    """True when the batch loss is the sum of the samples' losses ([loss] batch = "sum"), not their mean."""
    return problem["loss"].get("batch", "mean") == "sum"


def row_layout(problem):
    """True for [network] layout = "xW": weights (inputs, units), pre = a_prev @ W + b."""
    return problem["network"].get("layout", "Wx") == "xW"


# --------------------------------------------------------------------------------------------
# Reading a problem dict.
# --------------------------------------------------------------------------------------------


def layers(problem):
    """The layers with every name resolved: list of dicts with keys
    units, activation, inputs, weight, bias, pre, post (names default to W{l}, b{l}, z{l}, a{l})."""
    result = []
    inputs = int(problem["network"]["inputs"])
    for l, layer in enumerate(problem["network"]["layers"], start=1):
        units = int(layer["units"])
        result.append(
            {
                "units": units,
                "activation": layer["activation"],
                "inputs": inputs,
                "weight": layer.get("weight", f"W{l}"),
                "bias": None if layer.get("bias") is False else layer.get("bias", f"b{l}"),
                "pre": layer.get("pre", f"z{l}"),
                "post": layer.get("post", f"a{l}"),
            }
        )
        inputs = units
    return result


def param_names(problem):
    """Parameter names in layer order: weight then bias of layer 1, of layer 2, ..."""
    return [name for layer in layers(problem) for name in (layer["weight"], layer["bias"]) if name is not None]


def trained_names(problem):
    """Parameter names the optimizer updates: all but [optimizer] freeze."""
    frozen = problem["optimizer"].get("freeze", [])
    return [name for name in param_names(problem) if name not in frozen]


def params_from_init(problem):
    """The ``[init]`` values as float64 arrays: name -> np.ndarray (weights 2-D, biases 1-D)."""
    init = problem["init"]
    params = {}
    for layer in layers(problem):
        weight = np.array(init[layer["weight"]], dtype=float)
        shape = ((layer["inputs"], layer["units"]) if row_layout(problem)
                 else (layer["units"], layer["inputs"]))
        # A one-unit layer's weight may be written flat; anything else must already fit.
        if weight.size != layer["units"] * layer["inputs"]:
            raise ValueError(f"{layer['weight']}: {weight.shape} does not fit {shape}")
        params[layer["weight"]] = weight.reshape(shape)
        if layer["bias"] is None:
            continue
        bias = np.array(init[layer["bias"]], dtype=float)
        if bias.size != layer["units"]:
            raise ValueError(f"{layer['bias']}: {bias.shape} does not fit ({layer['units']},)")
        params[layer["bias"]] = bias.reshape(layer["units"])
    return params


def inputs(problem):
    """The data's inputs as a float64 array of shape (samples, network inputs)."""
    return np.array(problem["data"]["x"], dtype=float).reshape(len(problem["data"]["x"]), -1)


def labels(problem):
    """The data's labels as a float64 array of shape (samples, outputs); a flat list is one
    output per sample."""
    y = np.array(problem["data"]["y"], dtype=float)
    return y.reshape(len(problem["data"]["y"]), -1)


def optimizer_settings(problem):
    """The ``[optimizer]`` table with every default filled in."""
    opt = problem["optimizer"]
    return {
        "kind": opt["kind"],
        "lr": float(opt["lr"]),
        "iterations": int(opt["iterations"]),
        "momentum": float(opt.get("momentum", 0.9)),
        "rho": float(opt.get("rho", 0.9)),
        "beta1": float(opt.get("beta1", 0.9)),
        "beta2": float(opt.get("beta2", 0.999)),
        "eps": float(opt.get("eps", 1e-8)),
        "batch": opt.get("batch", "full"),
        "weight_decay": float(opt.get("weight_decay", 0.01 if opt["kind"] == "adamw" else 0.0)),
        "eps_placement": opt.get("eps_placement", "outside"),
        "momentum_form": opt.get("momentum_form", "course"),
    }


# --------------------------------------------------------------------------------------------
# Forward and backward pass for one sample.
# --------------------------------------------------------------------------------------------


def forward(problem, params, x_row, y_row=None):
    """Run one sample through the network.

    Returns a dict: every layer's pre and post value (1-D arrays) under the layer's names, and,
    when ``y_row`` is given, the per-sample loss (a float) under "loss".
    """
    values = {}
    a = np.asarray(x_row, dtype=float).reshape(-1)
    for layer in layers(problem):
        W = params[layer["weight"]]
        z = a @ W if row_layout(problem) else W @ a
        if layer["bias"] is not None:
            z = z + params[layer["bias"]]
        a = ACTIVATIONS[layer["activation"]][0](z)
        values[layer["pre"]] = z
        values[layer["post"]] = a
    if y_row is not None:
        y = np.asarray(y_row, dtype=float).reshape(-1)
        values["loss"] = sample_loss(problem, a, y)[0]
    return values


def backprop(problem, params, x_row, y_row):
    """Loss and gradients of one sample by a hand-written backward pass.

    Returns (loss, param_grads, value_grads): param_grads maps every parameter name to
    dL/dparam (same shape as the parameter); value_grads maps every layer's pre and post name to
    dL/dvalue (1-D).
    """
    x = np.asarray(x_row, dtype=float).reshape(-1)
    y = np.asarray(y_row, dtype=float).reshape(-1)
    net = layers(problem)
    values = forward(problem, params, x, y)

    param_grads, value_grads = {}, {}
    d_post = sample_loss(problem, values[net[-1]["post"]], y)[1]  # dL/dyhat
    for index in reversed(range(len(net))):
        layer = net[index]
        a_prev = x if index == 0 else values[net[index - 1]["post"]]
        jacobian = ACTIVATIONS[layer["activation"]][1](values[layer["pre"]])
        d_pre = jacobian.T @ d_post  # dL/dz_j = sum_i dL/da_i da_i/dz_j
        value_grads[layer["post"]] = d_post
        value_grads[layer["pre"]] = d_pre
        if row_layout(problem):  # z_j = sum_i a_i W_ij + b_j
            param_grads[layer["weight"]] = np.outer(a_prev, d_pre)
            d_post = params[layer["weight"]] @ d_pre
        else:
            param_grads[layer["weight"]] = np.outer(d_pre, a_prev)  # z_i = sum_j W_ij a_j + b_i
            d_post = params[layer["weight"]].T @ d_pre  # dL/da_prev
        if layer["bias"] is not None:
            param_grads[layer["bias"]] = d_pre
    return values["loss"], param_grads, value_grads


def batch_loss_and_grads(problem, params, sample_indices):
    """Mean per-sample loss and mean gradients over the 0-based ``sample_indices``.

    Returns (mean_loss, {param_name: mean gradient})."""
    x, y = inputs(problem), labels(problem)
    total_loss = 0.0
    total = {name: np.zeros_like(value) for name, value in params.items()}
    for i in sample_indices:
        loss, grads, _ = backprop(problem, params, x[i], y[i])
        total_loss += loss
        for name in total:
            total[name] = total[name] + grads[name]
    n = 1 if summed(problem) else len(sample_indices)
    return total_loss / n, {name: g / n for name, g in total.items()}


def batch_loss(problem, params, sample_indices):
    """Mean per-sample loss over the 0-based ``sample_indices`` (forward passes only)."""
    x, y = inputs(problem), labels(problem)
    return sum(forward(problem, params, x[i], y[i])["loss"] for i in sample_indices) / (
        1 if summed(problem) else len(sample_indices)
    )


def finite_difference_grads(problem, params, sample_indices, h=1e-6):
    """Central differences (L(p + h) - L(p - h)) / 2h of the mean loss, one element at a time."""
    grads = {}
    for name, value in params.items():
        grad = np.zeros_like(value, dtype=float)
        for index in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][index] += h
            minus[name][index] -= h
            grad[index] = (batch_loss(problem, plus, sample_indices)
                           - batch_loss(problem, minus, sample_indices)) / (2.0 * h)
        grads[name] = grad
    return grads


# --------------------------------------------------------------------------------------------
# Optimizers: one update rule per kind, applied to each parameter array separately.
# A rule takes (theta, g, state, t, opt) where state maps slot -> this parameter's array, and
# returns (new theta, new state). All states start at 0.
# --------------------------------------------------------------------------------------------


def _sgd(theta, g, state, t, opt):
    """theta <- theta - lr g."""
    return theta - opt["lr"] * g, {}


def _momentum(theta, g, state, t, opt):
    """v <- mu v - lr g; theta <- theta + v. (Nesterov uses the same rule with g taken at the
    lookahead point theta + mu v.) momentum_form "torch": v <- mu v + g; theta <- theta - lr v."""
    if opt["momentum_form"] == "torch":
        v = opt["momentum"] * state["v"] + g
        return theta - opt["lr"] * v, {"v": v}
    v = opt["momentum"] * state["v"] - opt["lr"] * g
    return theta + v, {"v": v}


def _torch_nesterov(theta, g, state, t, opt):
    """momentum_form "torch": v <- mu v + g; theta <- theta - lr (g + mu v), g taken at theta."""
    v = opt["momentum"] * state["v"] + g
    return theta - opt["lr"] * (g + opt["momentum"] * v), {"v": v}


def _root(s, opt):
    """sqrt(s) + eps, or sqrt(s + eps) for eps_placement "inside"."""
    return np.sqrt(s + opt["eps"]) if opt["eps_placement"] == "inside" else np.sqrt(s) + opt["eps"]


def _adagrad(theta, g, state, t, opt):
    """r <- r + g^2; theta <- theta - lr g / (sqrt(r) + eps)."""
    r = state["r"] + g**2
    return theta - opt["lr"] * g / _root(r, opt), {"r": r}


def _rmsprop(theta, g, state, t, opt):
    """r <- rho r + (1 - rho) g^2; theta <- theta - lr g / (sqrt(r) + eps)."""
    r = opt["rho"] * state["r"] + (1.0 - opt["rho"]) * g**2
    return theta - opt["lr"] * g / _root(r, opt), {"r": r}


def _adam(theta, g, state, t, opt):
    """m <- b1 m + (1 - b1) g; s <- b2 s + (1 - b2) g^2; bias-corrected m_hat, s_hat (t 1-based);
    theta <- theta - lr m_hat / (sqrt(s_hat) + eps)."""
    b1, b2 = opt["beta1"], opt["beta2"]
    m = b1 * state["m"] + (1.0 - b1) * g
    s = b2 * state["s"] + (1.0 - b2) * g**2
    m_hat = m / (1.0 - b1**t)
    s_hat = s / (1.0 - b2**t)
    return theta - opt["lr"] * m_hat / _root(s_hat, opt), {
        "m": m, "s": s, "m_hat": m_hat, "s_hat": s_hat,
    }


def _adamw(theta, g, state, t, opt):
    """Adam on the plain gradient, the decay taken from theta itself: theta (1 - lr wd) - lr m_hat / (...)."""
    decayed = theta * (1.0 - opt["lr"] * opt["weight_decay"])
    new_theta, new_state = _adam(theta, g, state, t, opt)
    return decayed + (new_theta - theta), new_state


OPTIMIZERS = {
    # kind: (update rule, state slots)
    "sgd": (_sgd, ()),
    "momentum": (_momentum, ("v",)),
    "nesterov": (_momentum, ("v",)),
    "adagrad": (_adagrad, ("r",)),
    "rmsprop": (_rmsprop, ("r",)),
    "adam": (_adam, ("m", "s", "m_hat", "s_hat")),
    "adamw": (_adamw, ("m", "s", "m_hat", "s_hat")),
}


def _copy(params):
    """A deep copy of a name -> array dict."""
    return {name: np.array(value, dtype=float) for name, value in params.items()}


def optimize(opt, params, evaluate, iterations=None):
    """Run the update rule of ``opt`` (see optimizer_settings) from ``params``.

    ``evaluate(point, t)`` returns a dict with at least "loss" and "grad" (name -> array) at
    ``point``; its entries are copied into the iteration's record. For nesterov, ``point`` is the
    lookahead theta + mu v, otherwise the current params.

    Returns (records, final_params); each record has "t" (1-based), "params" (the values used
    in the iteration), for nesterov "lookahead", the entries of ``evaluate`` and "state"
    ({slot: {param: array}} after the update).
    """
    opt = {"weight_decay": 0.0, "eps_placement": "outside", "momentum_form": "course", "frozen": (), **opt}
    rule, slots = OPTIMIZERS[opt["kind"]]
    torch_nesterov = opt["kind"] == "nesterov" and opt["momentum_form"] == "torch"
    if torch_nesterov:
        rule = _torch_nesterov
    iterations = opt["iterations"] if iterations is None else iterations
    theta = _copy(params)
    state = {slot: {name: np.zeros_like(value) for name, value in theta.items()} for slot in slots}
    records = []
    for t in range(1, iterations + 1):
        record = {"t": t, "params": _copy(theta)}
        point = theta
        if opt["kind"] == "nesterov" and not torch_nesterov:
            point = {name: theta[name] + opt["momentum"] * state["v"][name] for name in theta}
            record["lookahead"] = _copy(point)
        record.update(evaluate(point, t))
        new_theta = {}
        for name in theta:
            if name in opt["frozen"]:
                new_theta[name] = theta[name]
                continue
            g = record["grad"][name]
            if opt["weight_decay"] and opt["kind"] != "adamw":  # L2: lambda theta at the point g is taken at
                g = g + opt["weight_decay"] * point[name]
            own_state = {slot: state[slot][name] for slot in slots}
            new_theta[name], new_state = rule(theta[name], g, own_state, t, opt)
            for slot in slots:
                state[slot][name] = new_state[slot]
        theta = new_theta
        record["state"] = {slot: _copy(state[slot]) for slot in slots}
        records.append(record)
    return records, _copy(theta)


def batch_indices(problem, t):
    """0-based sample indices of iteration t (1-based): all samples for batch "full"; otherwise
    the data in order cut into consecutive batches of size k (the last may be shorter; "sample"
    means k = 1), iteration t taking batch number (t - 1) mod number_of_batches."""
    n = len(problem["data"]["x"])
    batch = optimizer_settings(problem)["batch"]
    if batch == "full":
        return list(range(n))
    k = 1 if batch == "sample" else int(batch)
    batches = [list(range(start, min(start + k, n))) for start in range(0, n, k)]
    return batches[(t - 1) % len(batches)]


def train(problem):
    """Train as the problem's ``[optimizer]`` says, starting from ``[init]``.

    Returns (records, final_params). Each record (one per iteration) holds:
      "t": 1-based iteration; "params": the parameters used in the iteration; "lookahead"
      (nesterov only): theta + mu v, where the forward/backward pass is run; "samples": the
      0-based indices of the batch; "loss": mean batch loss and "grad": mean gradients, both at
      the point where the gradient is taken (the lookahead for nesterov); "params_loss": mean
      batch loss at "params" (differs from "loss" only for nesterov); "per_sample":
      {index: {"values": forward() dict incl. "loss", "grad": param grads,
      "value_grads": dL/d(layer value)}} at that same point; "state": {slot: {param: array}}
      after the update (v; r; m, s, m_hat, s_hat).
    """
    opt = optimizer_settings(problem)
    x, y = inputs(problem), labels(problem)

    def evaluate(point, t):
        samples = batch_indices(problem, t)
        per_sample = {}
        for i in samples:
            loss, grads, value_grads = backprop(problem, point, x[i], y[i])
            per_sample[i] = {"values": forward(problem, point, x[i], y[i]), "grad": grads,
                             "value_grads": value_grads}
        n = 1 if summed(problem) else len(samples)
        loss = sum(per_sample[i]["values"]["loss"] for i in samples) / n
        grad = {name: sum(per_sample[i]["grad"][name] for i in samples) / n for name in point}
        return {"samples": samples, "loss": loss, "grad": grad, "per_sample": per_sample,
                "params_loss": loss}

    opt["frozen"] = tuple(problem["optimizer"].get("freeze", ()))
    records, final = optimize(opt, params_from_init(problem), evaluate)
    if opt["kind"] == "nesterov":
        for record in records:
            record["params_loss"] = batch_loss(problem, record["params"], record["samples"])
    return records, final
