"""The per-sample losses as a table of SymPy formulas of the output and label elements."""
import sympy as sp

from .functions import bce_slope, bce_term, ce_slope, ce_term

LOSSES = {  # their names for the sheet are in the message tables (loss.KIND)
    "bce": lambda yh, y: sum((-y[k] * sp.log(yh[k]) - (1 - y[k]) * sp.log(1 - yh[k]) for k in range(len(y))), sp.S.Zero),
    "mse": lambda yh, y: sum(((yh[k] - y[k]) ** 2 for k in range(len(y))), sp.S.Zero),
    "ce": lambda yh, y: sum((-y[k] * sp.log(yh[k]) for k in range(len(y))), sp.S.Zero),
    "sse": lambda yh, y: sum(((yh[k] - y[k]) ** 2 for k in range(len(y))), sp.S.Zero),
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


def factor(kind, options, outputs):
    """The number a sample's loss is multiplied by: sse's scale, 1/K for the mean over K outputs (exact where it
    is a short fraction, so that the sheet writes 1/2, not 0.5)."""
    value = sp.S.One
    if kind == "sse":
        value = _exact(options.scale)
    if options.reduce_outputs == "mean":
        value = value / outputs
    return value


def per_sample(kind, options, yh, y):
    """A sample's loss as SymPy: the table's formula times factor(), kept as written (1/2 (a + b), not a/2 + b/2)."""
    base = LOSSES[kind](yh, y)
    f = factor(kind, options, len(y))
    return base if f == 1 else sp.Mul(f, base, evaluate=False)


def describe(kind, options, outputs, msg):
    """The loss of one sample in words, with its options, in the language of msg (derive.language.messages)."""
    from ..display.numbers import plain

    text = msg(f"loss.{kind}")
    if kind == "sse" and options.scale != 1:
        text = msg("loss.scaled", scale=plain(options.scale, 12), loss=text)
    if options.reduce_outputs == "mean" and outputs > 1:
        text = (msg("loss.mse_mean_outputs", n=outputs) if kind == "mse"
                else msg("loss.mean_outputs", loss=text, n=outputs))
    return text


def _exact(number):
    r = sp.Rational(repr(float(number)))
    return r if r.q <= 1000 else sp.Float(number)
