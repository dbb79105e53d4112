"""SymPy functions of the course (sigma, relu, softplus, softmax) with derivatives in their own terms
and numerically stable NumPy implementations used when formulas are evaluated."""
import numpy as np
import sympy as sp


class _Written(sp.Function):
    """A function of one argument printed as its `form` (a LaTeX pattern with %s for the argument)."""

    form = "%s"

    def _latex(self, printer, exp=None):
        base = self.form % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)


class sigmoid(_Written):
    """sigma(z) = 1 / (1 + e^-z); sigma' = sigma (1 - sigma)."""

    form = r"\sigma\left(%s\right)"

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))


class step(_Written):
    """The unit step 1[z > 0], relu's derivative (taken as 0 at z = 0, as PyTorch does)."""

    form = r"\mathbf{1}\left[%s > 0\right]"

    def fdiff(self, argindex=1):
        return sp.S.Zero


class relu(_Written):
    """relu(z) = max(0, z)."""

    form = r"\operatorname{relu}\left(%s\right)"

    def fdiff(self, argindex=1):
        return step(self.args[0])


class softplus(_Written):
    """softplus(z) = log(1 + e^z); its derivative is sigma(z)."""

    form = r"\operatorname{softplus}\left(%s\right)"

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])


class smax(sp.Function):
    """softmax_k(z_1..z_K) = e^{z_k} / sum_j e^{z_j}, written smax(k, z_1, ..., z_K) (k 1-based)."""

    def fdiff(self, argindex=1):
        if argindex == 1:
            return sp.S.Zero
        k, zs = self.args[0], self.args[1:]
        j = argindex - 1
        return smax(k, *zs) * ((1 if int(k) == j else 0) - smax(j, *zs))

    def _latex(self, printer, exp=None):
        base = r"\operatorname{softmax}_{%s}\left(%s\right)" % (
            printer._print(self.args[0]), ", ".join(printer._print(a) for a in self.args[1:]))
        return base if exp is None else r"%s^{%s}" % (base, exp)


def _np_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _np_smax(k, *zs):
    z = np.array(zs, dtype=float)
    e = np.exp(z - z.max(axis=0))
    return e[int(k) - 1] / e.sum(axis=0)


# --- the losses as NumPy evaluates them --------------------------------------------------------------
# sigma(z) is 1.0 in float64 for z > 37 and softmax_k underflows to 0, so log(yhat) and 1/yhat would give
# inf or nan where the true value is finite. These numeric-only functions take the output layer's
# pre-activation z as well and use it where yhat is within SATURATED of 0 or 1; elsewhere they are the
# textbook formulas of yhat (so a student's own yhat is what the checker carries forward).
SATURATED = 1e-6
bce_term = sp.Function("bce_term")  # bce_term(yhat, y, z) = -y log(yhat) - (1 - y) log(1 - yhat)
bce_slope = sp.Function("bce_slope")  # its derivative in yhat: -y / yhat + (1 - y) / (1 - yhat)
ce_term = sp.Function("ce_term")  # ce_term(k, yhat_k, y_k, z_1, ..., z_K) = -y_k log(yhat_k)
ce_slope = sp.Function("ce_slope")  # its derivative in yhat_k: -y_k / yhat_k


def _floats(*arrays):
    return np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))


def _saturated(yh):
    return ~((yh >= SATURATED) & (yh <= 1 - SATURATED))


def _np_bce_term(yh, y, z):
    yh, y, z = _floats(yh, y, z)
    textbook = -(y * np.log(yh) + (1 - y) * np.log1p(-yh))
    logits = y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z)
    return np.where(_saturated(yh), logits, textbook)


def _np_bce_slope(yh, y, z):
    yh, y, z = _floats(yh, y, z)
    textbook = -y / yh + (1 - y) / (1 - yh)
    # 1/sigma(z) = 1 + e^-z and 1/(1 - sigma(z)) = 1 + e^z; a label of 0 or 1 drops one side exactly
    logits = np.where(y != 0, -y * (1 + np.exp(-z)), 0.0) + np.where(y != 1, (1 - y) * (1 + np.exp(z)), 0.0)
    return np.where(_saturated(yh), logits, textbook)


def _minus_log_softmax(k, zs):
    """-log softmax_k(z) = log sum_j e^(z_j - z_k), with log1p where z_k is the largest."""
    z = np.array(np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in zs)))
    top = z.max(axis=0)
    e = np.exp(z - top)
    largest = np.arange(len(z)).reshape((-1,) + (1,) * (z.ndim - 1)) == z.argmax(axis=0)
    rest = np.where(largest, 0.0, e).sum(axis=0)
    return (top - z[int(k) - 1]) + np.log1p(rest)


def _np_ce_term(k, yh, y, *zs):
    yh, y = _floats(yh, y)
    textbook = -y * np.log(yh)
    logits = y * _minus_log_softmax(k, zs)
    return np.where(y == 0, 0.0, np.where(_saturated(yh), logits, textbook))


def _np_ce_slope(k, yh, y, *zs):
    yh, y = _floats(yh, y)
    textbook = -y / yh
    logits = -y * np.exp(_minus_log_softmax(k, zs))
    return np.where(y == 0, 0.0, np.where(yh < SATURATED, logits, textbook))


NUMERIC = {
    "sigmoid": _np_sigmoid,
    "step": lambda z: (np.asarray(z, dtype=float) > 0).astype(float),
    "relu": lambda z: np.maximum(np.asarray(z, dtype=float), 0.0),
    "softplus": lambda z: np.logaddexp(0.0, z),
    "smax": _np_smax,
    "bce_term": _np_bce_term,
    "bce_slope": _np_bce_slope,
    "ce_term": _np_ce_term,
    "ce_slope": _np_ce_slope,
}
