"""The per-sample losses as a table of SymPy formulas of the output and label elements."""
import sympy as sp

LOSSES = {
    "bce": (
        "binary cross-entropy",
        lambda yh, y: sum((-y[k] * sp.log(yh[k]) - (1 - y[k]) * sp.log(1 - yh[k]) for k in range(len(y))), sp.S.Zero),
    ),
    "mse": ("squared error", lambda yh, y: sum(((yh[k] - y[k]) ** 2 for k in range(len(y))), sp.S.Zero)),
    "ce": ("cross-entropy", lambda yh, y: sum((-y[k] * sp.log(yh[k]) for k in range(len(y))), sp.S.Zero)),
}
