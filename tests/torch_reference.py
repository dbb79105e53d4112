"""The course conventions in PyTorch (float64): a problem dict trained by torch.optim, independent of derive.

Only the problem's names, shapes, data and batches are read with tests/reference.py's helpers; the
forward pass, the losses, the gradients (autograd) and the updates (torch.optim) are PyTorch's own.
"""
import numpy as np
import torch
import torch.nn.functional as F

import reference as ref

ACTIVATIONS = {
    "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "swish": F.silu, "silu": F.silu,
    "softplus": F.softplus, "linear": lambda z: z, "softmax": lambda z: torch.softmax(z, dim=-1),
}


def forward(problem, params, x):
    """Every layer's pre and post values for the rows of x (samples as rows); F.linear for z = W a + b."""
    values, a = {}, x
    for layer in ref.layers(problem):
        W = params[layer["weight"]]
        b = params[layer["bias"]] if layer["bias"] is not None else None
        if ref.row_layout(problem):
            z = a @ W if b is None else a @ W + b
        else:
            z = F.linear(a, W, b)
        a = ACTIVATIONS[layer["activation"]](z)
        values[layer["pre"]], values[layer["post"]] = z, a
    return values, z, a


def sample_losses(problem, z, yhat, y):
    """The per-sample losses (a vector) with PyTorch's loss functions and the [loss] options."""
    table = problem["loss"]
    kind = table["kind"]
    if kind == "ce":
        return F.cross_entropy(z, y, reduction="none")  # probabilities as targets: -sum y log softmax(z)
    if kind == "bce":
        elements = F.binary_cross_entropy(yhat, y, reduction="none")
    else:
        elements = F.mse_loss(yhat, y, reduction="none")
    per = elements.mean(dim=1) if table.get("reduce_outputs", "sum") == "mean" else elements.sum(dim=1)
    return table.get("scale", 1.0) * per if kind == "sse" else per


def batch_loss(problem, per):
    return per.sum() if problem["loss"].get("batch", "mean") == "sum" else per.mean()


def optimizer(problem, params):
    """The problem's [optimizer] as a torch.optim optimizer over the trained parameters."""
    opt = ref.optimizer_settings(problem)
    kind, lr, wd = opt["kind"], opt["lr"], opt["weight_decay"]
    if opt["eps_placement"] == "inside":
        raise ValueError("PyTorch has no eps inside the square root")
    if kind in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=0.0 if kind == "sgd" else opt["momentum"],
                               nesterov=kind == "nesterov", weight_decay=wd)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=opt["eps"], weight_decay=wd)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=opt["rho"], eps=opt["eps"], weight_decay=wd)
    betas = (opt["beta1"], opt["beta2"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=opt["eps"], weight_decay=wd)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=opt["eps"], weight_decay=wd)
    raise ValueError(kind)


def train(problem):
    """Train with torch.optim. Returns (records, final): per iteration t the parameters torch holds, the batch
    loss, the per-sample losses, the gradients of the batch loss and each sample's layer values and parameter
    gradients (numpy arrays, names as in the problem); final: the parameters after the last step."""
    frozen = set(problem["optimizer"].get("freeze", ()))
    params = {name: torch.tensor(value, dtype=torch.float64, requires_grad=name not in frozen)
              for name, value in ref.params_from_init(problem).items()}
    trained = [p for name, p in params.items() if name not in frozen]
    opt = optimizer(problem, trained)
    x = torch.tensor(ref.inputs(problem), dtype=torch.float64)
    y = torch.tensor(ref.labels(problem), dtype=torch.float64)
    records = []
    for t in range(1, problem["optimizer"]["iterations"] + 1):
        samples = ref.batch_indices(problem, t)
        record = {"t": t, "samples": samples, "params": {k: v.detach().numpy().copy() for k, v in params.items()}}
        values, z, yhat = forward(problem, params, x[samples])
        per = sample_losses(problem, z, yhat, y[samples])
        record["per_sample"] = {}
        for row, i in enumerate(samples):
            grads = torch.autograd.grad(per[row], trained, retain_graph=True)
            record["per_sample"][i] = {
                "loss": float(per[row].detach()),
                "values": {k: v[row].detach().numpy().copy() for k, v in values.items()},
                "grad": {name: g.numpy().copy() for name, g in zip([n for n in params if n not in frozen], grads)},
            }
        opt.zero_grad()
        loss = batch_loss(problem, per)
        loss.backward()
        record["loss"] = float(loss.detach())
        record["grad"] = {name: p.grad.numpy().copy() for name, p in params.items() if name not in frozen}
        opt.step()
        records.append(record)
    return records, {k: v.detach().numpy().copy() for k, v in params.items()}


def surface_path(f, start, kind, steps, **settings):
    """An optimizer's points on a surface f(theta) of a 2-vector with torch.optim (start first)."""
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    problem = {"optimizer": {"kind": kind, "iterations": steps, **settings}}
    opt = optimizer(problem, [point])
    points = [point.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        f(point).backward()
        opt.step()
        points.append(point.detach().numpy().copy())
    return np.array(points)
