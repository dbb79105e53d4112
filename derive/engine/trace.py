"""The trace: every named quantity of a solved problem (key, LaTeX symbol, formula, shape, value),
built once by evaluating the model's and the optimizer's templates for each sample and iteration."""
from dataclasses import dataclass, field

import numpy as np

from ..network.model import shared
from ..network.optimizers import const_values, lookahead_point, rule_of, template
from ..network.symbols import latex_name
from .passes import batch_gradient, passes


@dataclass(eq=False)
class Quantity:
    """One node of the trace."""

    key: str
    symbol: str  # LaTeX, with its iteration or sample marked
    short: str  # LaTeX as written inside one iteration's per-sample lines
    shape: tuple  # as exported: () scalar, (n,) vector, (m, n) matrix
    value: object  # float, or an array: vectors as columns (n, 1)
    template: object = None  # None for given values (data, initial parameters and states)
    parents: tuple = ()
    consts: tuple = ()
    role: str = ""
    iteration: int = 0
    sample: int = 0
    name: str = ""

    def export(self):
        """The value as JSON-ready numbers or nested lists in the exported shape."""
        if self.shape == ():
            return float(np.asarray(self.value).reshape(()))
        return np.asarray(self.value, dtype=float).reshape(self.shape).tolist()

    def element_symbols(self):
        """LaTeX of each element (for formulas written element by element)."""
        n = int(np.prod(self.shape)) if self.shape else 1
        if n == 1:
            return [self.short]
        sup = f"({self.sample})" if self.sample else None
        return [latex_name(self.name, bar=self.role == "bar", sup=sup, sub=str(k)) for k in range(1, n + 1)]


@dataclass(frozen=True)
class Iteration:
    """One optimizer step: which samples it used (1-based) and its keys."""

    t: int
    samples: tuple
    last: bool


@dataclass(eq=False, repr=False)
class Trace:
    """The ordered quantities of a solved problem."""

    problem: object
    model: object
    rule: object
    quantities: dict = field(default_factory=dict)
    iterations: list = field(default_factory=list)

    def __getitem__(self, key):
        return self.quantities[key]

    def __contains__(self, key):
        return key in self.quantities

    def value(self, key):
        return self.quantities[key].export()

    @property
    def rows(self):
        """True in the xW layout: vectors (per-sample values, biases) are rows internally, else columns."""
        return getattr(self.problem, "layout", "Wx") == "xW"

    def given(self, key, value, shape, symbol, short=None, **info):
        q = Quantity(key, symbol, short or symbol, tuple(shape), _internal(value, shape, self.rows), **info)
        self.quantities[key] = q
        return key

    def compute(self, key, template, parents, shape, symbol, short=None, consts=(), **info):
        values = [self.quantities[p].value for p in parents]
        value = template.evaluate(values, consts)
        if len(shape) == 1 and self.rows:  # an explicit template's vector comes out as a column
            value = _internal(value, shape, True)
        q = Quantity(key, symbol, short or symbol, tuple(shape), value, template, tuple(parents), tuple(consts), **info)
        self.quantities[key] = q
        return key

    def formula_symbols(self, key):
        """The LaTeX symbols the formula of `key` names its arguments by: per-sample steps use the symbols
        written inside an iteration; a vector's elements are named one by one where the formula is written
        element by element (unless it displays the whole vector, as softmax does)."""
        q = self.quantities[key]
        symbols = []
        for arg, parent_key in zip(q.template.args, q.parents):
            parent = self.quantities[parent_key]
            by_element = (q.template.kind == "explicit" and hasattr(arg, "shape") and len(arg) > 1
                          and not q.template.display_args)
            symbols.append(parent.element_symbols() if by_element else parent.short if q.sample else parent.symbol)
        return symbols

    def as_json(self):
        return {k: q.export() for k, q in self.quantities.items() if not k.startswith(("data.", "it0."))}

    # --- in a notebook: the forms that render a trace sit above it, so they register themselves here ---
    def show(self, key):
        """Display the step that computes `key` as formula = numbers = result (in Jupyter, typeset)."""
        if not NOTEBOOK:
            raise RuntimeError("trace.show needs derive.forms.web.notebook imported (derive.solve does it)")
        NOTEBOOK[0].show(self, key)

    def _repr_html_(self):
        return NOTEBOOK[0].sheet_html(self) if NOTEBOOK else None

    def _repr_markdown_(self):
        return NOTEBOOK[0].sheet_markdown(self) if NOTEBOOK else None

    def __repr__(self):
        return "<derive trace of %r: %d quantities, %d iterations>" % (
            str(self.problem.title), len(self.quantities), len(self.iterations))


NOTEBOOK = []  # derive.forms.web.notebook appends itself when imported (derive.solve imports it)


def _internal(value, shape, rows=False):
    arr = np.asarray(value, dtype=float)
    if len(shape) == 0:
        return float(arr.reshape(()))
    if len(shape) == 1:
        return arr.reshape((1, -1) if rows else (-1, 1)).copy()
    return arr.reshape(shape).copy()


def batches(problem):
    """The 1-based sample indices each iteration uses."""
    n = len(problem.x)
    size = problem.optimizer.batch_size(n)
    groups = [tuple(range(s + 1, min(s + size, n) + 1)) for s in range(0, n, size)]
    return [groups[(t - 1) % len(groups)] for t in range(1, problem.optimizer.iterations + 1)]


def build(problem, model=None):
    """Solve a problem: every quantity of every sample and iteration, in computation order. The model's templates
    are those of every problem of the same structure in this process (network.model.shared) unless one is given."""
    model = model or shared(problem)
    rule = rule_of(problem.optimizer)
    tr = Trace(problem, model, rule)
    last = problem.layers[-1]
    for i, (x, y) in enumerate(zip(problem.x, problem.y), start=1):
        tr.given(f"data.s{i}.x", x, (problem.inputs,), f"x^{{({i})}}", role="input", sample=i, name="x")
        tr.given(f"data.s{i}.y", y, (last.units,), f"y^{{({i})}}", role="label", sample=i, name="y")
    params = {}
    for p in problem.params:
        shape = problem.param_shape(p)
        params[p] = tr.given(f"it1.{p}", problem.init[p], shape, latex_name(p, sup="[1]"), latex_name(p),
                             role="param", iteration=1, name=p)
    state = {slot: {p: tr.given(f"it0.state.{slot}.{p}", np.zeros(problem.param_shape(p)), problem.param_shape(p),
                                _slot_symbol(slot, p, 0), role="state", iteration=0, name=p)
                    for p in problem.trained}
             for slot in rule.persistent}
    plan = batches(problem)
    trained = problem.trained
    for t, samples in enumerate(plan, start=1):
        tr.iterations.append(Iteration(t, samples, t == len(plan)))
        used = params
        if rule.lookahead is not None:
            look = template(rule.lookahead)
            used = dict(params)
            for p in trained:
                keys = {"theta": params[p], **{f"{s}_prev": state[s][p] for s in rule.persistent}}
                used[p] = tr.compute(
                    f"it{t}.lookahead.{p}", look, [keys[a.name] for a in look.args], problem.param_shape(p),
                    latex_name(p + "tilde", sup=f"[{t}]"), latex_name(p + "tilde"),
                    consts=const_values(look.consts, problem.optimizer, t), role="lookahead", iteration=t, name=p)
        passes(tr, model, used, t, samples)
        n = len(samples)
        tr.compute(f"it{t}.loss", model.mean_loss(n), [f"it{t}.s{i}.loss" for i in samples], (),
                   rf"\mathcal{{L}}^{{[{t}]}}", r"\mathcal{L}", role="mean_loss", iteration=t, name="loss")
        grads = {p: batch_gradient(tr, model, p, t, samples) for p in trained}
        new_state = {}
        for p in problem.params:
            if p not in trained:  # frozen: the same given value in every iteration
                key = f"final.{p}" if t == len(plan) else f"it{t + 1}.{p}"
                params[p] = tr.given(key, problem.init[p], problem.param_shape(p), latex_name(p, sup=f"[{t + 1}]"),
                                     latex_name(p), role="param", iteration=t + 1, name=p)
                continue
            shape = problem.param_shape(p)
            keys = {"theta": params[p], "g": grads[p], lookahead_point.name: used[p],
                    **{f"{s}_prev": state[s][p] for s in rule.persistent}}
            for slot, expr in rule.steps:
                tmpl = template(expr)
                keys[slot] = tr.compute(
                    f"it{t}.state.{slot}.{p}", tmpl, [keys[a.name] for a in tmpl.args], shape,
                    _slot_symbol(slot, p, t), consts=const_values(tmpl.consts, problem.optimizer, t),
                    role="state", iteration=t, name=p)
            new_state[p] = keys
            tmpl = template(rule.update)
            key = f"final.{p}" if t == len(plan) else f"it{t + 1}.{p}"
            params[p] = tr.compute(
                key, tmpl, [keys[a.name] for a in tmpl.args], shape, latex_name(p, sup=f"[{t + 1}]"), latex_name(p),
                consts=const_values(tmpl.consts, problem.optimizer, t), role="param", iteration=t + 1, name=p)
        state = {slot: {p: new_state[p][slot] for p in trained} for slot in rule.persistent}
    return tr


def _slot_symbol(slot, p, t):
    base = {"m_hat": "mhat", "s_hat": "shat", "g_wd": "gtilde"}.get(slot, slot)
    return "%s_{%s}^{[%d]}" % (latex_name(base), latex_name(p), t)
