"""Draws a class should not get: each check reads a solved trace and names what makes it degenerate."""
import numpy as np

from ..display import numbers

# An activation is saturated when its output is this close to one of its bounds (its slope has all but gone).
SATURATION_MARGIN = 0.01
BOUNDS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def saturated(trace):
    """A sigmoid or tanh output within SATURATION_MARGIN of its bound, in any sample and iteration."""
    for it in trace.iterations:
        for i in it.samples:
            for layer in trace.problem.layers:
                if layer.activation not in BOUNDS:
                    continue
                key = f"it{it.t}.s{i}.{layer.post}"
                value = np.ravel(trace[key].value)
                low, high = BOUNDS[layer.activation]
                near = np.flatnonzero(np.minimum(value - low, high - value) < SATURATION_MARGIN)
                if near.size:
                    return f"saturated {layer.activation}: {_element(trace, key, near[0])}"
    return None


def dead_relu(trace):
    """A ReLU layer whose every unit is at or below 0 for every sample of an iteration: nothing below it learns."""
    for it in trace.iterations:
        for l, layer in enumerate(trace.problem.layers, start=1):
            if layer.activation != "relu":
                continue
            if all(np.all(np.ravel(trace[f"it{it.t}.s{i}.{layer.pre}"].value) <= 0) for i in it.samples):
                return f"dead ReLU layer {l} in iteration {it.t}: {layer.pre} <= 0 for every sample"
    return None


def zero_gradient(trace):
    """An element of a mean gradient that reads 0 when written to the sheet's digits as decimal places."""
    digits = trace.problem.digits
    for it in trace.iterations:
        for p in trace.problem.trained:  # a frozen parameter has no gradient
            key = f"it{it.t}.grad.{p}"
            value = np.ravel(trace[key].value)
            small = np.flatnonzero(np.abs(value) < 0.5 * 10.0 ** -digits)
            if small.size:
                return f"a gradient that rounds to zero at {digits} decimals: {_element(trace, key, small[0])}"
    return None


CHECKS = {"saturated": saturated, "dead-relu": dead_relu, "zero-gradient": zero_gradient}


def reasons(trace, names=tuple(CHECKS)):
    """What makes the trace degenerate, one text per failed check (empty when the draw is usable)."""
    return [found for found in (CHECKS[name](trace) for name in names) if found]


def _element(trace, key, flat):
    q = trace[key]
    value = np.ravel(q.value)[flat]
    if int(np.prod(q.shape)) > 1:
        idx = np.unravel_index(flat, q.shape)
        key += "[" + ",".join(str(int(i) + 1) for i in idx) + "]"
    return f"{key} = {numbers.plain(value, 4)}"
