"""The pass engine: one iteration's forward passes, losses and backward passes over the layers of any network.
It walks the layers and asks each for its steps; it knows no kind by name. A network with a layer that works
over the whole batch (batch norm) is walked layer by layer over the batch, any other sample by sample; both
give every sample the same keys and formulas."""
from dataclasses import dataclass

import numpy as np

from ..network.symbols import latex_name


@dataclass(frozen=True)
class Pass:
    """What a layer's step needs: the iteration, its samples (1-based), the parameters' keys, which are
    trained, and the batch gradient of a parameter on demand."""

    t: int
    samples: tuple
    params: dict
    trained: tuple
    batch_gradient: object  # name -> key of it{t}.grad.{name}, computed once


def passes(tr, model, params, t, samples):
    """Forward passes, losses and backward passes of the samples of iteration t."""
    grad = lambda name: batch_gradient(tr, model, name, t, samples)  # noqa: E731
    groups = [tuple(samples)] if any(lf.by_layer for lf in model.layers) else [(i,) for i in samples]
    for group in groups:
        ps = Pass(t, group, params, tr.problem.trained, grad)
        inputs = {i: f"data.s{i}.x" for i in group}
        for lf in model.layers:
            inputs = lf.forward(tr, ps, inputs)
        for i in group:
            _loss(tr, model, t, i)
        for lf in reversed(model.layers):
            lf.backward(tr, ps)


def _loss(tr, model, t, i):
    pre, sup = f"it{t}.s{i}.", f"({i})"
    out = model.layers[-1].layer
    loss_parents = [pre + out.post, f"data.s{i}.y", pre + out.pre][:len(model.loss.args)]  # z: see Model
    tr.compute(pre + "loss", model.loss, loss_parents, (), f"L^{{{sup}}}", role="loss", iteration=t, sample=i,
               name="loss")
    tr.compute(pre + "grad." + out.post, model.loss_grad, loss_parents, (out.units,),
               latex_name(out.post, bar=True, sup=sup), role="bar", iteration=t, sample=i, name=out.post)


def batch_gradient(tr, model, name, t, samples):
    """The gradient the update uses: the mean (or sum) of the samples' gradients of a trained parameter, once.
    Where the model shows it is identically 0 (a shift right before batch norm), it is exactly 0."""
    key = f"it{t}.grad.{name}"
    if key in tr:
        return key
    tr.compute(key, model.mean_grad(len(samples)), [f"it{t}.s{i}.grad.{name}" for i in samples],
               tr.problem.param_shape(name), "g_{%s}^{[%d]}" % (latex_name(name), t), "g_{%s}" % latex_name(name),
               role="mean_grad", iteration=t, name=name)
    if name in model.vanishing:  # the per-sample terms cancel exactly; floating point leaves ~1e-17 of them
        tr[key].value = np.zeros_like(tr[key].value)
    return key
