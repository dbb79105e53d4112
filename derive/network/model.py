"""The symbolic network: one formula template per layer step, forward and backward, built once per
problem from the activation and loss tables; derivatives are SymPy's."""
import copy
from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy as sp

from .activations import ACTIVATIONS
from .formulas import ELEMENTWISE, EXPLICIT, Mean, Template
from .losses import NUMERIC_FORMS, factor, per_sample
from .layers.dense import elements  # noqa: F401  (the derivation's scalar symbols, from here)
from .layers.registry import kind_of


class Model:
    """Templates for every step of a problem's network, loss and backward pass."""

    def __init__(self, problem):
        self.problem = problem
        self._templates = {}  # the batch means, by batch size (see _cached)
        self.rows = problem.layout == "xW"  # samples and layer values as rows: z = a W + b
        self.layers = []
        fan_in, input_name = problem.inputs, "x"
        for l, layer in enumerate(problem.layers):
            self.layers.append(kind_of(layer).formulas(self, l, layer, fan_in, input_name))
            fan_in, input_name = layer.units, layer.post
        self._loss_templates()
        for lf in reversed(self.layers):
            lf.backward_templates(self, lf is self.layers[-1])
        # parameters whose batch gradient is identically 0: a shift right before a layer whose input bars
        # sum to 0 over the batch (a bias before batch norm)
        self.vanishing = {before.shift for before, lf in zip(self.layers, self.layers[1:])
                          if lf.centers_batch and before.shift is not None}

    def once(self, key, make):
        """make(), built once for every problem of this model's Structure that shares it (see shared)."""
        return _cached(self, key, make)

    # --- forward ----------------------------------------------------------------------------------
    def weight_symbol(self, layer, fan_in):
        """A layer's weight: units x inputs (z = W a + b), or inputs x units in the xW layout."""
        return sp.MatrixSymbol(layer.weight, *((fan_in, layer.units) if self.rows else (layer.units, fan_in)))

    def vector_symbol(self, name, n):
        """A per-sample vector (or a bias): a column, or a row in the xW layout."""
        return sp.MatrixSymbol(name, *((1, n) if self.rows else (n, 1)))

    def _loss_templates(self):
        last = self.problem.layers[-1]
        K = last.units
        self.yhat = elements(last.post, K)
        self.y = elements("ytrue", K)  # named to sort after the outputs: sympy prints yhat - y
        options = self.problem.loss_options
        self.loss_expr = per_sample(self.problem.loss, options, list(self.yhat), list(self.y))
        grad = sp.Matrix([sp.diff(self.loss_expr, v) for v in self.yhat])
        forms = NUMERIC_FORMS.get(self.problem.loss)
        if forms is None:
            self.loss = Template(EXPLICIT, self.loss_expr, (self.yhat, self.y))
            self.loss_grad = Template(EXPLICIT, grad, (self.yhat, self.y))
            return
        # evaluated with the output layer's pre-activation too: finite where yhat rounds to 0 or 1
        zs = elements(last.pre, K)
        args = (self.yhat, self.y, zs)
        f = factor(self.problem.loss, options, K)
        self.loss = Template(EXPLICIT, self.loss_expr, args, numeric=f * forms[0](*args))
        self.loss_grad = Template(EXPLICIT, grad, args, numeric=f * sp.Matrix(forms[1](*args)))

    # --- backward ---------------------------------------------------------------------------------
    @cached_property
    def output_combined(self):
        """d loss / d z_k of the output layer, written in the output's terms when SymPy can (else None)."""
        lf = self.layers[-1]
        layer, K = lf.layer, lf.layer.units
        zs = elements(layer.pre, K)
        act = ACTIVATIONS[layer.activation]
        outs = ([act.formula(k, list(zs)) for k in range(1, K + 1)] if act.vector
                else [act.formula(zk) for zk in zs])
        # outputs and their symbols swapped as whole nodes (xreplace: subs would also search for them algebraically)
        composed = self.loss_expr.xreplace(dict(zip(self.yhat, outs)))
        named = dict(zip(outs, self.yhat))
        result = []
        for k in range(K):
            d = sp.expand(sp.diff(composed, zs[k]).xreplace(named))
            if self.problem.loss == "ce":  # one-hot labels: the y_k sum to 1
                d = sp.collect(d, self.yhat[k]).subs(sum(self.y), 1)
            if d.free_symbols & set(zs):
                return None
            result.append(sp.factor(d))
        return sp.Matrix(result)

    # --- batch means ------------------------------------------------------------------------------
    def mean_loss(self, n):
        """(1/n) sum of n per-sample losses ([loss] batch = "sum": their sum)."""
        ls = sp.symbols(f"L1:{n + 1}") if n > 1 else (sp.Symbol("L1"),)
        if self.problem.loss_options.batch == "sum":
            return _cached(self, ("loss-sum", n), lambda: Template(EXPLICIT, sp.Add(*ls), tuple(ls)))
        return _cached(self, ("loss", n), lambda: Template(
            EXPLICIT, sp.Add(*ls) / n, tuple(ls), display=Mean(*ls) if n > 1 else ls[0], substitute_display=True))

    def mean_grad(self, n):
        """(1/n) sum of n per-sample gradients, elementwise, for a parameter of any shape (or their sum)."""
        def make():
            gs = sp.symbols(f"G1:{n + 1}") if n > 1 else (sp.Symbol("G1"),)
            if self.problem.loss_options.batch == "sum":
                return Template(ELEMENTWISE, sp.Add(*gs), tuple(gs))
            return Template(ELEMENTWISE, sp.Add(*gs) / n, tuple(gs), display=Mean(*gs) if n > 1 else gs[0],
                            substitute_display=True)
        return _cached(self, ("grad", self.problem.loss_options.batch, n), make)


def _cached(model, key, make):
    if key not in model._templates:
        model._templates[key] = make()
    return model._templates[key]


@dataclass(frozen=True)
class Structure:
    """All a Model is built from: a problem's network, loss and trained parameters, without its numbers (data,
    initial values, the optimizer's settings, title, language); a class's variants share one structure."""

    inputs: int
    layers: tuple
    loss: str
    loss_options: object
    layout: str
    trained: tuple  # the parameters the optimizer updates (not frozen): batch norm's x̄ is written from their means

    @classmethod
    def of(cls, problem):
        return cls(problem.inputs, problem.layers, problem.loss, problem.loss_options, problem.layout, problem.trained)


@lru_cache(maxsize=16)
def _templates_of(structure):
    # built from the Structure itself, so that a Model reading anything but the structure fails at once
    return Model(structure)


def shared(problem):
    """The problem's Model, its templates (SymPy formulas, compiled code, printed LaTeX) built once per process
    for every problem of the same Structure: a copy holding `problem` itself, so that what reads model.problem
    (the derivation, the batch sizes) sees this problem's numbers and settings, never another's."""
    model = copy.copy(_templates_of(Structure.of(problem)))
    model.problem = problem
    return model
