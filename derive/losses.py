"""The per-sample losses as a table of SymPy formulas of the output and label elements."""
import sympy as sp

from .functions import bce_slope, bce_term, ce_slope, ce_term

LOSSES = {
    "bce": (
        "binary cross-entropy",
        lambda yh, y: sum((-y[k] * sp.log(yh[k]) - (1 - y[k]) * sp.log(1 - yh[k]) for k in range(len(y))), sp.S.Zero),
    ),
    "mse": ("squared error", lambda yh, y: sum(((yh[k] - y[k]) ** 2 for k in range(len(y))), sp.S.Zero)),
    "ce": ("cross-entropy", lambda yh, y: sum((-y[k] * sp.log(yh[k]) for k in range(len(y))), sp.S.Zero)),
}

# The same losses and their derivatives in yhat as NumPy evaluates them, also given the output layer's
# pre-activation z (see functions.SATURATED): (loss(yh, y, z), [d loss / d yh_k]).
NUMERIC_FORMS = {
    "bce": (
        lambda yh, y, z: sp.Add(*(bce_term(yh[k], y[k], z[k]) for k in range(len(y)))),
        lambda yh, y, z: [bce_slope(yh[k], y[k], z[k]) for k in range(len(y))],
    ),
    "ce": (
        lambda yh, y, z: sp.Add(*(ce_term(k + 1, yh[k], y[k], *z) for k in range(len(y)))),
        lambda yh, y, z: [ce_slope(k + 1, yh[k], y[k], *z) for k in range(len(y))],
    ),
}
