"""Batch norm, layer norm and dropout networks in PyTorch (float64), independent of derive
trained with torch.optim. Nothing here imports derive.

A dropout layer with a key torch_seed runs torch's own dropout from that seed (give derive the masks
torch_masks draws, without the key); else the layer's mask is applied as a * mask / (1 - p).

values(problem) returns {key: array} in derive's key scheme for what torch computes: layer values per
sample, batch statistics, per-sample losses, the mean loss, the gradients the update uses, the values
of the layers' bars (derivatives of the batch's summed loss), and the parameters after each update.
"""
import torch

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
