"""One iteration's passes through a network with batch norm, layer norm or dropout, layer by layer over
the batch: batch norm needs every sample's input before any sample's output, and every sample's ȳ
before any sample's x̄. Keys, symbols and roles of dense layers are those of trace._sample."""
from ..network.symbols import latex_name
from ..network.layers.kinds import BatchNorm, Dropout, special


def passes(tr, model, params, t, samples):
    """Forward passes, losses and backward passes of the samples of iteration t."""
    inputs = {i: f"data.s{i}.x" for i in samples}
    for lf in model.layers:
        _forward(lf)(tr, lf, params, t, samples, inputs)
        inputs = {i: f"it{t}.s{i}.{lf.layer.post}" for i in samples}
    for i in samples:
        _loss(tr, model, t, i)
    for lf in reversed(model.layers):
        _backward(lf)(tr, model, lf, params, t, samples)


def _info(t, i, name, role):
    return {"role": role, "iteration": t, "sample": i, "name": name}


def _forward(lf):
    if not special(lf.layer):
        return _dense_forward
    return {"batchnorm": _batchnorm_forward, "layernorm": _layernorm_forward, "dropout": _dropout_forward}[
        lf.layer.kind]


def _backward(lf):
    if not special(lf.layer):
        return _dense_backward
    return _dropout_backward if isinstance(lf.layer, Dropout) else _norm_backward


# --- dense, as trace._sample ------------------------------------------------------------------------
def _dense_forward(tr, lf, params, t, samples, inputs):
    layer = lf.layer
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        tr.compute(pre + layer.pre, lf.pre, [params[layer.weight], inputs[i], params[layer.bias]], (layer.units,),
                   latex_name(layer.pre, sup=sup), **_info(t, i, layer.pre, "pre"))
        tr.compute(pre + layer.post, lf.post, [pre + layer.pre], (layer.units,),
                   latex_name(layer.post, sup=sup), **_info(t, i, layer.post, "post"))


def _loss(tr, model, t, i):
    pre, sup = f"it{t}.s{i}.", f"({i})"
    out = model.layers[-1].layer
    loss_parents = [pre + out.post, f"data.s{i}.y", pre + out.pre][:len(model.loss.args)]
    tr.compute(pre + "loss", model.loss, loss_parents, (), f"L^{{{sup}}}", **_info(t, i, "loss", "loss"))
    tr.compute(pre + "grad." + out.post, model.loss_grad, loss_parents, (out.units,),
               latex_name(out.post, bar=True, sup=sup), **_info(t, i, out.post, "bar"))


def _dense_backward(tr, model, lf, params, t, samples):
    layer = lf.layer
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        if lf.simplified:
            parents = [pre + layer.post, f"data.s{i}.y"]
        else:
            parents = [pre + "grad." + layer.post, pre + layer.pre]
        zbar = tr.compute(pre + "grad." + layer.pre, lf.pre_bar, parents, (layer.units,),
                          latex_name(layer.pre, bar=True, sup=sup), **_info(t, i, layer.pre, "bar"))
        a = f"data.s{i}.x" if lf.index == 0 else pre + lf.input_name
        tr.compute(pre + "grad." + layer.weight, lf.weight_grad, [zbar, a], (layer.units, lf.fan_in),
                   latex_name(layer.weight, bar=True, sup=sup), **_info(t, i, layer.weight, "grad"))
        tr.compute(pre + "grad." + layer.bias, lf.bias_grad, [zbar], (layer.units,),
                   latex_name(layer.bias, bar=True, sup=sup), **_info(t, i, layer.bias, "grad"))
        if lf.index > 0:
            tr.compute(pre + "grad." + lf.input_name, lf.post_bar, [params[layer.weight], zbar], (lf.fan_in,),
                       latex_name(lf.input_name, bar=True, sup=sup), **_info(t, i, lf.input_name, "bar"))


# --- batch norm and layer norm ------------------------------------------------------------------------
def var_symbol(layer, sup=None):
    """σ² of a norm layer: the square of its σ's symbol."""
    base = latex_name(layer.std)
    return "{%s}^{2}" % base if sup is None else "{%s}^{2\\,%s}" % (base, sup)


def _batchnorm_forward(tr, lf, params, t, samples, inputs):
    L, n, shape = lf.layer, len(samples), (lf.layer.units,)
    xs = [inputs[i] for i in samples]
    mu = tr.compute(f"it{t}.{L.mean}", lf.batch_mean(n), xs, shape, latex_name(L.mean),
                    **_info(t, 0, L.mean, "stat"))
    var = tr.compute(f"it{t}.{L.var}", lf.batch_var(n), [*xs, mu], shape, var_symbol(L),
                     **_info(t, 0, L.var, "stat"))
    sd = tr.compute(f"it{t}.{L.std}", lf.std, [var], shape, latex_name(L.std), consts=(L.eps,),
                    **_info(t, 0, L.std, "stat"))
    for i in samples:
        _affine(tr, lf, params, t, i, inputs[i], mu, sd)


def _layernorm_forward(tr, lf, params, t, samples, inputs):
    L = lf.layer
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        mu = tr.compute(pre + L.mean, lf.mean, [inputs[i]], (), latex_name(L.mean, sup=sup),
                        **_info(t, i, L.mean, "stat"))
        var = tr.compute(pre + L.var, lf.var, [inputs[i], mu], (), var_symbol(L, sup),
                         **_info(t, i, L.var, "stat"))
        sd = tr.compute(pre + L.std, lf.std, [var], (), latex_name(L.std, sup=sup), consts=(L.eps,),
                        **_info(t, i, L.std, "stat"))
        _affine(tr, lf, params, t, i, inputs[i], mu, sd)


def _affine(tr, lf, params, t, i, x, mu, sd):
    """x̂, y = γ ⊙ x̂ + β and a = act(y) of sample i."""
    L, pre, sup, shape = lf.layer, f"it{t}.s{i}.", f"({i})", (lf.layer.units,)
    xh = tr.compute(pre + L.xhat, lf.xhat, [x, mu, sd], shape, latex_name(L.xhat, sup=sup),
                    **_info(t, i, L.xhat, "post"))
    y = tr.compute(pre + L.pre, lf.pre, [params[L.gamma], xh, params[L.beta]], shape, latex_name(L.pre, sup=sup),
                   **_info(t, i, L.pre, "pre"))
    tr.compute(pre + L.post, lf.post, [y], shape, latex_name(L.post, sup=sup), **_info(t, i, L.post, "post"))


def _norm_backward(tr, model, lf, params, t, samples):
    L, shape = lf.layer, (lf.layer.units,)
    ybars = {}
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        ybars[i] = tr.compute(pre + "grad." + L.pre, lf.pre_bar, [pre + "grad." + L.post, pre + L.pre], shape,
                              latex_name(L.pre, bar=True, sup=sup), **_info(t, i, L.pre, "bar"))
        tr.compute(pre + "grad." + L.gamma, lf.gamma_grad, [ybars[i], pre + L.xhat], shape,
                   latex_name(L.gamma, bar=True, sup=sup), **_info(t, i, L.gamma, "grad"))
        tr.compute(pre + "grad." + L.beta, lf.beta_grad, [ybars[i]], shape,
                   latex_name(L.beta, bar=True, sup=sup), **_info(t, i, L.beta, "grad"))
        if not isinstance(L, BatchNorm):
            tr.compute(pre + "grad." + L.xhat, lf.xhat_bar, [params[L.gamma], ybars[i]], shape,
                       latex_name(L.xhat, bar=True, sup=sup), **_info(t, i, L.xhat, "bar"))
    if isinstance(L, BatchNorm):
        # the batch means of γ̄ and β̄ (the gradients the update uses) enter every sample's x̄; the trace's
        # mean-gradient step recomputes them later with the same template, in place
        n = len(samples)
        for p in (L.gamma, L.beta):
            tr.compute(f"it{t}.grad.{p}", model.mean_grad(n), [f"it{t}.s{i}.grad.{p}" for i in samples], shape,
                       "g_{%s}^{[%d]}" % (latex_name(p), t), "g_{%s}" % latex_name(p),
                       **_info(t, 0, p, "mean_grad"))
    if lf.index == 0:
        return
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        if isinstance(L, BatchNorm):
            parents = [params[L.gamma], f"it{t}.{L.std}", ybars[i], f"it{t}.grad.{L.beta}", pre + L.xhat,
                       f"it{t}.grad.{L.gamma}"]
        else:
            parents = [pre + "grad." + L.xhat, pre + L.xhat, pre + L.std]
        tr.compute(pre + "grad." + lf.input_name, lf.input_bar, parents, (lf.fan_in,),
                   latex_name(lf.input_name, bar=True, sup=sup), **_info(t, i, lf.input_name, "bar"))


# --- dropout --------------------------------------------------------------------------------------------
def _dropout_forward(tr, lf, params, t, samples, inputs):
    L, shape = lf.layer, (lf.layer.units,)
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        m = tr.given(pre + L.mask, L.mask_for(t, i), shape, latex_name(L.mask, sup=sup),
                     **_info(t, i, L.mask, "mask"))
        tr.compute(pre + L.post, lf.post, [m, inputs[i]], shape, latex_name(L.post, sup=sup), consts=(L.p,),
                   **_info(t, i, L.post, "post"))


def _dropout_backward(tr, model, lf, params, t, samples):
    L = lf.layer
    if lf.index == 0:
        return
    for i in samples:
        pre, sup = f"it{t}.s{i}.", f"({i})"
        tr.compute(pre + "grad." + lf.input_name, lf.input_bar, [pre + L.mask, pre + "grad." + L.post],
                   (lf.fan_in,), latex_name(lf.input_name, bar=True, sup=sup), consts=(L.p,),
                   **_info(t, i, lf.input_name, "bar"))
