"""Batch norm, layer norm and dropout networks in PyTorch (float64), independent of derive
trained with torch.optim. Nothing here imports derive.

A dropout layer with a key torch_seed runs torch's own dropout from that seed (give derive the masks
torch_masks draws, without the key); else the layer's mask is applied as a * mask / (1 - p).

values(problem) returns {key: array} in derive's key scheme for what torch computes: layer values per
sample, batch statistics, per-sample losses, the mean loss, the gradients the update uses, the values
of the layers' bars (derivatives of the batch's summed loss), and the parameters after each update.
"""
import numpy as np
import torch
import torch.nn.functional as F

ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "swish": torch.nn.functional.silu,
       "silu": torch.nn.functional.silu, "softplus": torch.nn.functional.softplus, "linear": lambda z: z,
       "softmax": lambda z: torch.softmax(z, dim=1)}


def torch_masks(seed, samples, units, p):
    """A dropout mask per sample as torch's dropout draws it (its output on ones, rescaled to 0s and 1s)."""
    torch.manual_seed(seed)
    ones = torch.ones(samples, units, dtype=torch.float64)
    return (torch.nn.functional.dropout(ones, p, training=True) * (1 - p)).round().int().tolist()


def _names(layer, l):
    kind = layer.get("kind", "dense")
    if kind == "dense":
        return {"weight": layer.get("weight", f"W{l}"), "bias": layer.get("bias", f"b{l}"),
                "pre": layer.get("pre", f"z{l}"), "post": layer.get("post", f"a{l}")}
    if kind == "dropout":
        return {"mask": layer.get("mask_name", f"m{l}"), "post": layer.get("post", f"a{l}")}
    defaults = {"gamma": f"gamma{l}", "beta": f"beta{l}", "mean": f"mu{l}", "var": f"var{l}",
                "std": f"sigma{l}", "xhat": f"xhat{l}", "pre": f"ytilde{l}", "post": f"a{l}"}
    return {role: layer.get(role, d) for role, d in defaults.items()}


def _batches(n, batch, iterations):
    size = n if batch in (None, "full") else 1 if batch == "sample" else min(int(batch), n)
    groups = [list(range(s, min(s + size, n))) for s in range(0, n, size)]
    return [groups[t % len(groups)] for t in range(iterations)]


def _optimizer(opt, params):
    kind, lr = opt["kind"], opt["lr"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=opt.get("momentum", 0.9))
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(opt.get("beta1", 0.9), opt.get("beta2", 0.999)),
                                eps=opt.get("eps", 1e-8))
    raise ValueError(f"no torch reference for {kind}")


def values(problem):
    """Every value torch computes, by derive's keys (see the module docstring)."""
    net = problem["network"]
    layers = net["layers"]
    init = problem["init"]
    x_all = torch.tensor(problem["data"]["x"], dtype=torch.float64)
    y_all = torch.tensor(problem["data"]["y"], dtype=torch.float64).reshape(len(x_all), -1)
    names = [_names(layer, l) for l, layer in enumerate(layers, start=1)]
    modules, params = [], {}
    fan_in = net["inputs"]
    for layer, nm in zip(layers, names):
        kind = layer.get("kind", "dense")
        if kind == "dense":
            lin = torch.nn.Linear(fan_in, layer["units"]).double()
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(init[nm["weight"]], dtype=torch.float64))
                lin.bias.copy_(torch.tensor(init[nm["bias"]], dtype=torch.float64).reshape(-1))
            params[nm["weight"]], params[nm["bias"]] = lin.weight, lin.bias
            modules.append(lin)
            fan_in = layer["units"]
        elif kind == "dropout":
            modules.append(None)
        else:
            eps = layer.get("eps", 1e-5)
            mod = (torch.nn.BatchNorm1d(fan_in, eps=eps, momentum=None) if kind == "batchnorm"
                   else torch.nn.LayerNorm(fan_in, eps=eps)).double()
            mod.train()
            with torch.no_grad():
                mod.weight.copy_(torch.tensor(init.get(nm["gamma"], [1.0] * fan_in), dtype=torch.float64).reshape(-1))
                mod.bias.copy_(torch.tensor(init.get(nm["beta"], [0.0] * fan_in), dtype=torch.float64).reshape(-1))
            params[nm["gamma"]], params[nm["beta"]] = mod.weight, mod.bias
            modules.append(mod)
    opt = _optimizer(problem["optimizer"], list(params.values()))
    loss_kind = problem["loss"]["kind"]
    out = {}
    plan = _batches(len(x_all), problem["optimizer"].get("batch"), problem["optimizer"]["iterations"])
    for t, rows in enumerate(plan, start=1):
        for name, p in params.items():
            out[f"it{t}.{name}"] = p.detach().numpy().copy()
        a = x_all[rows]
        kept = {}
        for l, (layer, nm, mod) in enumerate(zip(layers, names, modules), start=1):
            kind = layer.get("kind", "dense")
            if kind == "dense":
                z = mod(a)
                kept[nm["pre"]] = z
                a = ACT[layer["activation"]](z)
            elif kind == "dropout" and "torch_seed" in layer:  # torch's own dropout; derive gets torch_masks
                torch.manual_seed(layer["torch_seed"])
                a = torch.nn.functional.dropout(a, layer["p"], training=True)
            elif kind == "dropout":
                mask = torch.tensor([layer["mask"][r] for r in rows], dtype=torch.float64).reshape(a.shape)
                a = a * mask / (1 - layer["p"])
            else:
                eps = layer.get("eps", 1e-5)
                if kind == "batchnorm":
                    mu, var = a.mean(0), a.var(0, unbiased=False)
                    for key, v in ((nm["mean"], mu), (nm["var"], var)):
                        out[f"it{t}.{key}"] = v.detach().numpy()
                else:
                    mu, var = a.mean(1), a.var(1, unbiased=False)
                    for j, r in enumerate(rows):
                        out[f"it{t}.s{r + 1}.{nm['mean']}"] = mu[j].item()
                        out[f"it{t}.s{r + 1}.{nm['var']}"] = var[j].item()
                kept[nm["xhat"] + ".input"] = a
                a.retain_grad()
                if kind == "batchnorm" and a.shape[0] == 1:  # BatchNorm1d refuses a batch of one in training
                    y = (a - mu) / torch.sqrt(var + eps) * mod.weight + mod.bias
                else:
                    y = mod(a)
                kept[nm["pre"]] = y
                a = ACT[layer.get("activation", "linear")](y)
            a.retain_grad()
            kept[nm["post"]] = a
        yhat = a
        if loss_kind == "bce":
            losses = torch.nn.functional.binary_cross_entropy(yhat, y_all[rows], reduction="none").sum(1)
        elif loss_kind == "mse":
            losses = ((yhat - y_all[rows]) ** 2).sum(1)
        else:
            losses = -(y_all[rows] * torch.log(yhat)).sum(1)
        for name, v in kept.items():
            v.retain_grad()
        opt.zero_grad()
        losses.sum().backward()  # the bars are derivatives of the summed loss
        loss = losses.mean()
        out[f"it{t}.loss"] = loss.item()
        for j, r in enumerate(rows):
            out[f"it{t}.s{r + 1}.loss"] = losses[j].item()
            for name, v in kept.items():
                if name.endswith(".input"):
                    continue
                out[f"it{t}.s{r + 1}.{name}"] = v[j].detach().numpy()
                out[f"it{t}.s{r + 1}.grad.{name}"] = v.grad[j].numpy().copy()
        for l, (layer, nm) in enumerate(zip(layers, names), start=1):
            if layer.get("kind", "dense") in ("batchnorm", "layernorm") and l > 1:
                inp = kept[nm["xhat"] + ".input"]
                prev = names[l - 2]["post"]
                for j, r in enumerate(rows):
                    out[f"it{t}.s{r + 1}.grad.{prev}"] = inp.grad[j].numpy().copy()
        n = len(rows)
        for name, p in params.items():
            p.grad /= n  # the update uses the mean loss's gradient
            out[f"it{t}.grad.{name}"] = p.grad.numpy().copy()
        opt.step()
    for name, p in params.items():
        out[f"final.{name}"] = p.detach().numpy().copy()
    return out


# --- every key of derive's JSON, for every option ---------------------------------------------------------
# Each parameter has one copy per sample of the batch (equal values): the derivative of the batch's summed loss
# with respect to sample i's copy is sample i's share of the gradient, which is derive's per-sample gradient;
# their sum (or mean) is the batch gradient autograd gives the parameter itself. The update rules, their states
# and Nesterov's look-ahead points are the NumPy reference's (tests/reference.py, checked against torch.optim).
def _layer_names(layer, l):
    names = _names(layer, l)
    if layer.get("kind", "dense") == "dense":
        bias = layer.get("bias", True)
        names["bias"] = None if bias is False else f"b{l}" if bias is True else bias
    return names


def _initial(problem):
    """name -> float64 array of every parameter, in the file's layout (weights as written)."""
    init, out, fan_in = problem["init"], {}, problem["network"]["inputs"]
    rows = problem["network"].get("layout", "Wx") == "xW"
    for l, layer in enumerate(problem["network"]["layers"], start=1):
        nm, kind = _layer_names(layer, l), layer.get("kind", "dense")
        units = layer.get("units", fan_in)
        if kind == "dense":
            shape = (fan_in, units) if rows else (units, fan_in)
            out[nm["weight"]] = np.asarray(init[nm["weight"]], dtype=float).reshape(shape)
            if nm["bias"] is not None:
                out[nm["bias"]] = np.asarray(init[nm["bias"]], dtype=float).reshape(units)
        elif kind in ("batchnorm", "layernorm"):
            out[nm["gamma"]] = np.asarray(init.get(nm["gamma"], [1.0] * units), dtype=float).reshape(units)
            out[nm["beta"]] = np.asarray(init.get(nm["beta"], [0.0] * units), dtype=float).reshape(units)
        fan_in = units
    return out


def _mask(layer, t, i, units):
    """Sample i's (0-based) dropout mask in iteration t, as the problem file gives or seeds it."""
    if "mask" in layer:
        return np.asarray(layer["mask"][i], dtype=float).reshape(units)
    if layer.get("p", 0.5) == 0:
        return np.ones(units)
    return (np.random.default_rng([layer["seed"], t, i + 1]).random(units) >= layer.get("p", 0.5)).astype(float)


def _pass(problem, point, t, rows, out):
    """One iteration's forward and backward pass at `point` (name -> array): fills out with the per-sample keys
    and returns (batch loss, batch gradients by name)."""
    net, loss_table = problem["network"], problem["loss"]
    xw = net.get("layout", "Wx") == "xW"
    n = len(rows)
    copies = {name: torch.tensor(np.repeat(value[None], n, axis=0), dtype=torch.float64, requires_grad=True)
              for name, value in point.items()}
    a = torch.tensor(np.asarray(problem["data"]["x"], dtype=float)[rows], dtype=torch.float64, requires_grad=True)
    kept, z = {}, None
    for l, layer in enumerate(net["layers"], start=1):
        nm, kind = _layer_names(layer, l), layer.get("kind", "dense")
        if kind == "dense":
            W = copies[nm["weight"]]
            z = torch.einsum("nji,nj->ni" if xw else "nij,nj->ni", W, a)
            if nm["bias"] is not None:
                z = z + copies[nm["bias"]]
            kept[nm["pre"]] = z
            a = ACT[layer["activation"]](z)
        elif kind == "dropout":
            p, units = layer.get("p", 0.5), a.shape[1]
            masks = np.stack([_mask(layer, t, i, units) for i in rows])
            for j, i in enumerate(rows):
                out[f"it{t}.s{i + 1}.{nm['mask']}"] = masks[j]
            a = a * torch.tensor(masks, dtype=torch.float64) / (1 - p)
        else:
            eps = layer.get("eps", 1e-5)
            if kind == "batchnorm":
                mu, var = a.mean(0), a.var(0, unbiased=False)
                # torch refuses a batch of one and eps = 0 in training: the formula itself there
                xhat = (F.batch_norm(a, None, None, training=True, eps=eps) if n > 1 and eps > 0
                        else (a - mu) / torch.sqrt(var + eps))
                for key, v in ((nm["mean"], mu), (nm["var"], var), (nm["std"], torch.sqrt(var + eps))):
                    out[f"it{t}.{key}"] = v.detach().numpy().copy()
            else:
                mu, var = a.mean(1), a.var(1, unbiased=False)
                xhat = (F.layer_norm(a, (a.shape[1],), eps=eps) if eps > 0
                        else (a - mu[:, None]) / torch.sqrt(var[:, None]))
                for j, i in enumerate(rows):
                    for key, v in ((nm["mean"], mu), (nm["var"], var), (nm["std"], torch.sqrt(var + eps))):
                        out[f"it{t}.s{i + 1}.{key}"] = v[j].item()
                kept[nm["xhat"]] = xhat
            if kind == "batchnorm":
                out.update({f"it{t}.s{i + 1}.{nm['xhat']}": xhat[j].detach().numpy().copy() for j, i in enumerate(rows)})
            z = copies[nm["gamma"]] * xhat + copies[nm["beta"]]
            kept[nm["pre"]] = z
            a = ACT[layer.get("activation", "linear")](z)
        kept[nm["post"]] = a
    y = torch.tensor(np.asarray(problem["data"]["y"], dtype=float).reshape(len(problem["data"]["x"]), -1)[rows],
                     dtype=torch.float64)
    per = _sample_losses(loss_table, z, a, y)
    for v in kept.values():
        v.retain_grad()
    per.sum().backward()  # bars: derivatives of the batch's summed loss
    for j, i in enumerate(rows):
        out[f"it{t}.s{i + 1}.loss"] = per[j].item()
        for name, v in kept.items():
            out[f"it{t}.s{i + 1}.{name}"] = v[j].detach().numpy().copy()
            out[f"it{t}.s{i + 1}.grad.{name}"] = v.grad[j].numpy().copy()
    summed = loss_table.get("batch", "mean") == "sum"
    grads = {}
    for name, c in copies.items():
        shares = c.grad.numpy()
        total = shares.sum(0)
        # a sum that cancels to rounding is 0 (a bias right before batch norm)
        total[np.abs(total) <= 1e-13 * np.abs(shares).sum(0)] = 0.0
        grads[name] = total if summed else total / n
        for j, i in enumerate(rows):
            out[f"it{t}.s{i + 1}.grad.{name}"] = shares[j].copy()
    batch = per.sum() if summed else per.mean()
    return batch.item(), grads


def _sample_losses(table, z, yhat, y):
    kind = table["kind"]
    if kind == "ce":  # through the softmax output, so that its bar is autograd's too
        return -(y * torch.log(yhat)).sum(1)
    elements = (F.binary_cross_entropy(yhat, y, reduction="none") if kind == "bce"
                else F.mse_loss(yhat, y, reduction="none"))
    per = elements.mean(dim=1) if table.get("reduce_outputs", "sum") == "mean" else elements.sum(dim=1)
    return table.get("scale", 1.0) * per if kind == "sse" else per


def every_key(problem):
    """{key: value} of every quantity derive's JSON holds for `problem` (any layers, layout and option)."""
    import reference as ref

    out = {}
    opt = ref.optimizer_settings(problem)
    opt["frozen"] = tuple(problem["optimizer"].get("freeze", ()))
    frozen = set(opt["frozen"])

    def evaluate(point, t):
        rows = ref.batch_indices(problem, t)
        loss, grads = _pass(problem, point, t, rows, out)
        for name in frozen:  # no gradient keys for a frozen parameter
            for i in rows:
                out.pop(f"it{t}.s{i + 1}.grad.{name}", None)
        return {"loss": loss, "grad": grads}

    records, final = ref.optimize(opt, _initial(problem), evaluate)
    slots = ref.OPTIMIZERS[opt["kind"]][1]
    decay = opt["weight_decay"] and opt["kind"] != "adamw"
    for rec in records:
        t = rec["t"]
        out[f"it{t}.loss"] = rec["loss"]
        for name, value in rec["params"].items():
            out[f"it{t}.{name}"] = value
            if name in frozen:
                continue
            out[f"it{t}.grad.{name}"] = rec["grad"][name]
            if "lookahead" in rec:
                out[f"it{t}.lookahead.{name}"] = rec["lookahead"][name]
            point = rec.get("lookahead", rec["params"])
            if decay:
                out[f"it{t}.state.g_wd.{name}"] = rec["grad"][name] + opt["weight_decay"] * point[name]
            for slot in slots:
                out[f"it{t}.state.{slot}.{name}"] = rec["state"][slot][name]
    for name, value in final.items():
        out[f"final.{name}"] = value
    return out
