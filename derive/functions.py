"""SymPy functions of the course (sigma, relu, softplus, softmax) with derivatives in their own terms
and numerically stable NumPy implementations used when formulas are evaluated."""
import numpy as np
import sympy as sp


class sigmoid(sp.Function):
    """sigma(z) = 1 / (1 + e^-z); sigma' = sigma (1 - sigma)."""

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _latex(self, printer, exp=None):
        base = r"\sigma\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))


class step(sp.Function):
    """The unit step 1[z > 0], relu's derivative (taken as 0 at z = 0, as PyTorch does)."""

    def fdiff(self, argindex=1):
        return sp.S.Zero

    def _latex(self, printer, exp=None):
        base = r"\mathbf{1}\left[%s > 0\right]" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)


class relu(sp.Function):
    """relu(z) = max(0, z)."""

    def fdiff(self, argindex=1):
        return step(self.args[0])

    def _latex(self, printer, exp=None):
        base = r"\operatorname{relu}\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)


class softplus(sp.Function):
    """softplus(z) = log(1 + e^z); its derivative is sigma(z)."""

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _latex(self, printer, exp=None):
        base = r"\operatorname{softplus}\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)


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


NUMERIC = {
    "sigmoid": _np_sigmoid,
    "step": lambda z: (np.asarray(z, dtype=float) > 0).astype(float),
    "relu": lambda z: np.maximum(np.asarray(z, dtype=float), 0.0),
    "softplus": lambda z: np.logaddexp(0.0, z),
    "smax": _np_smax,
}
