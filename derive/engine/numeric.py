"""Numeric checks: the model's loss evaluated for perturbed parameters, central finite differences,
and the comparison table of symbolic against numeric gradients."""
from dataclasses import dataclass

import numpy as np

MAX_CHECKED = 200  # parameter elements compared at most (spread evenly over each parameter)
RTOL = 1e-5  # the relative error at which symbolic and numeric gradients disagree
# central differences of a loss L with step h carry a rounding error of about eps |L| / h: an element near 0
# (a gradient of 1e-6) cannot agree to RTOL, so each element may also be off by NOISE |L| / h, scaled to the loss
NOISE = 10 * float(np.finfo(float).eps)


def mean_loss(model, params, x, y, masks=None):
    """Mean loss over the samples (rows of x, y), evaluated with the model's own templates, all samples at once
    (the sum with [loss] batch = "sum"). Values are columns of samples, rows in the xW layout; masks: dropout
    masks by name, (units, samples)."""
    rows = model.problem.layout == "xW"
    a = np.asarray(x, dtype=float) if rows else np.asarray(x, dtype=float).T
    for lf in model.layers:
        z, a = lf.forward_batch(a, params, masks, rows)
    if rows:
        a, z = a.T, z.T
    losses = model.loss.evaluate([a, np.asarray(y, dtype=float).T, z][:len(model.loss.args)])
    reduce = np.sum if model.problem.loss_options.batch == "sum" else np.mean
    return float(reduce(losses))


@dataclass(frozen=True)
class Row:
    """One compared parameter element."""

    param: str
    index: tuple  # 1-based
    symbolic: float
    numeric: float
    floor: float = 0.0  # the absolute error any element of the comparison may have (see tolerance)

    @property
    def tolerance(self):
        """The absolute error this element may have: RTOL of its size, plus the comparison's floor."""
        return RTOL * max(abs(self.symbolic), abs(self.numeric)) + self.floor

    @property
    def agrees(self):
        return self.abs_error <= self.tolerance

    @property
    def abs_error(self):
        return abs(self.symbolic - self.numeric)

    @property
    def rel_error(self):
        scale = max(abs(self.symbolic), abs(self.numeric), 1e-12)
        return self.abs_error / scale


def _checked_indices(shape, budget):
    indices = list(np.ndindex(*shape))
    if len(indices) <= budget:
        return indices
    step = len(indices) / budget
    return [indices[int(k * step)] for k in range(budget)]


def gradcheck(trace, t=1, h=1e-6):
    """Symbolic gradients of iteration t against central differences of the mean loss over its batch."""
    problem, model = trace.problem, trace.model
    it = trace.iterations[t - 1]
    rows_x = problem.x[[i - 1 for i in it.samples]]
    rows_y = problem.y[[i - 1 for i in it.samples]]
    where = "lookahead" if f"it{t}.lookahead.{problem.trained[0]}" in trace else None
    params = {p: np.array(trace[f"it{t}.{where}.{p}" if where and p in problem.trained else f"it{t}.{p}"].value,
                          dtype=float)
              for p in problem.params}
    masks = _masks(trace, t)
    budget = max(MAX_CHECKED // len(problem.trained), 1)
    rows = []
    for p in problem.trained:
        symbolic = np.asarray(trace[f"it{t}.grad.{p}"].value, dtype=float)
        for idx in _checked_indices(params[p].shape, budget):
            orig = params[p][idx]
            step = h * max(1.0, abs(orig))
            params[p][idx] = orig + step
            up = mean_loss(model, params, rows_x, rows_y, masks)
            params[p][idx] = orig - step
            down = mean_loss(model, params, rows_x, rows_y, masks)
            params[p][idx] = orig
            export_idx = idx if len(problem.param_shape(p)) == 2 else idx[:1]
            rows.append(Row(p, tuple(i + 1 for i in export_idx), float(symbolic[idx]), (up - down) / (2 * step)))
    return with_floor(rows, mean_loss(model, params, rows_x, rows_y, masks), h)


def with_floor(rows, loss, h):
    """The rows with their floor: the rounding noise of the central differences, NOISE |loss| / h."""
    floor = NOISE * abs(loss) / h
    return [Row(r.param, r.index, r.symbolic, r.numeric, floor) for r in rows]


def _masks(trace, t):
    """The dropout masks iteration t used, by name, as (units, samples)."""
    it = trace.iterations[t - 1]
    names = dict.fromkeys(q.name for q in trace.quantities.values() if q.role == "mask" and q.iteration == t)
    return {m: np.hstack([trace[f"it{t}.s{i}.{m}"].value for i in it.samples]) for m in names}
