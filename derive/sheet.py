"""The answer sheet as data: statement, derivation, iteration steps, summary and appendices, turned
into the finished LaTeX pieces the template loops over."""
from dataclasses import dataclass, field

import numpy as np

from . import numbers
from .activations import ACTIVATIONS
from .derivation import Derivation
from .latex_text import escape
from .losses import LOSSES
from .numeric import gradcheck
from .optimizers import HYPER
from .render import render
from .symbols import latex_name

DETAIL_PARAMS = 40  # above this many parameters (or samples), the sheet shows formulas once and tables
DETAIL_SAMPLES = 12


@dataclass
class Step:
    """One displayed line: lhs = formula = numbers substituted = result."""

    lhs: str
    parts: list
    note: str = ""


@dataclass
class Block:
    """A titled group of steps inside an iteration."""

    title: str
    steps: list = field(default_factory=list)
    text: str = ""
    table: str = ""


def detailed(problem):
    """Whether every element and sample is shown (else formulas once and tables of values)."""
    return problem.n_params <= DETAIL_PARAMS and len(problem.x) <= DETAIL_SAMPLES


def _math(text):
    return "$%s$" % text


def _eq(symbol, value, digits):
    return "%s = %s" % (symbol, numbers.bmatrix(value, digits))


class SheetBuilder:
    """Turns a trace into the template's context."""

    def __init__(self, trace, appendices=()):
        self.trace = trace
        self.problem = trace.problem
        self.digits = self.problem.digits
        self.detailed = detailed(self.problem)
        self.appendices = list(appendices)

    # --- a trace node as a step -------------------------------------------------------------------
    def step(self, key, substitute=True, note=""):
        q = self.trace[key]
        shown = self.detailed or np.size(q.value) <= 16  # a large value is not written out: not formatted either
        result = numbers.bmatrix(q.value, self.digits) if shown or q.template is None else None
        if q.template is None:
            return Step(q.symbol, [result], note)
        parents = [self.trace[p] for p in q.parents]
        per_sample = q.sample != 0
        parts = [q.template.latex(self.trace.formula_symbols(key))]
        if substitute and self.detailed:
            sub = q.template.substituted([p.value for p in parents], q.consts, self.digits)
            if sub and sub != parts[0] and sub != result:
                parts.append(sub)
        if shown and result != parts[-1]:
            parts.append(result)
        return Step(q.short if per_sample else q.symbol, parts, note)

    # --- the problem statement --------------------------------------------------------------------
    def statement(self):
        p = self.problem
        layers = []
        fan_in = p.inputs
        for l, layer in enumerate(p.layers, start=1):
            act = ACTIVATIONS[layer.activation]
            layers.append([str(l), str(layer.units), escape(layer.activation),
                           _math(r"%s \in \mathbb{R}^{%d \times %d}" % (latex_name(layer.weight), layer.units, fan_in)),
                           _math(r"%s \in \mathbb{R}^{%d}" % (latex_name(layer.bias), layer.units)),
                           _math(r"%s,\ %s = %s" % (latex_name(layer.pre), latex_name(layer.post),
                                                    _act_call(act, latex_name(layer.pre)))),
                           ])
            fan_in = layer.units
        n = len(p.x)
        data_rows, data_head, data_cols = [], "", ""
        if n <= 40:
            data_head = "sample & " + _math(latex_name("x") + r"^{(i)}") + " & " + _math("y^{(i)}")
            data_cols = "lll"
            for i, (x, y) in enumerate(zip(p.x, p.y), start=1):
                data_rows.append("%d & %s & %s" % (i, _math(_row(x, self.digits)), _math(_row(y, self.digits))))
        init = []
        if p.n_params <= 200:
            init = _in_rows([_eq(latex_name(name), p.init[name] if p.init[name].ndim == 2 else p.init[name].reshape(-1, 1),
                        self.digits) for name in p.params])
        opt = p.optimizer
        settings = ", ".join(_math("%s = %s" % (latex_name_hyper(k), numbers.latex(v, self.digits)))
                             for k, v in (("lr", opt.lr), *opt.settings))
        rule = self.trace.rule
        batch = {"full": "each iteration is one step on the mean gradient over all %d samples" % n,
                 "sample": "each iteration is one step on a single sample, in order"}.get(
            opt.batch, "each iteration is one step on a mini-batch of %s samples, in order" % opt.batch)
        return {
            "network_text": "A network with %d input%s and %d layer%s, with $z = W a + b$ in each layer "
                            "(a weight has shape units $\\times$ inputs of the layer, as PyTorch's \\texttt{Linear}):"
                            % (p.inputs, "s" if p.inputs != 1 else "", len(p.layers), "s" if len(p.layers) != 1 else ""),
            "layers": layers,
            "loss_text": "Loss: %s of each sample; the loss of a batch is the mean of its samples' losses."
                         % LOSSES[p.loss][0],
            "data_text": "%d sample%s." % (n, "s" if n != 1 else "") + ("" if data_rows else " (listed in the JSON file)"),
            "data_rows": data_rows, "data_head": data_head, "data_cols": data_cols,
            "init": init,
            "init_text": "Listed in the problem file and the JSON file.",
            "optimizer_text": "%s with %s, for %d iteration%s; %s; all optimizer states start at $0$. %s" % (
                escape(rule.title[0].upper() + rule.title[1:]), settings, opt.iterations,
                "s" if opt.iterations != 1 else "", batch, rule.note),
        }

    # --- iterations -------------------------------------------------------------------------------
    def iteration(self, it):
        p, t = self.problem, it.t
        title = "Iteration %d" % t
        samples = ", ".join(str(i) for i in it.samples)
        intro = ("This iteration uses sample%s %s. " % ("s" if len(it.samples) > 1 else "", samples)
                 if len(it.samples) < len(p.x) else "")
        params = []
        if self.detailed:
            intro += ("The parameters used in this iteration are the initial values."
                      if t == 1 else "The parameters used in this iteration are those the update of iteration %d gave."
                      % (t - 1))
            params = _in_rows([_eq(self.trace[f"it{t}.{name}"].symbol, self.trace[f"it{t}.{name}"].value,
                                   self.digits) for name in p.params])
        blocks = []
        look = f"it{t}.lookahead.{p.params[0]}" in self.trace
        if look:
            blocks.append(Block("Look-ahead point", [self.step(f"it{t}.lookahead.{name}") for name in p.params],
                                text="The gradient of this iteration is taken at the look-ahead point "
                                     r"$\tilde\theta = \theta + \mu v$:"))
        if self.detailed:
            for i in it.samples:
                fwd = []
                for layer in p.layers:
                    fwd += [self.step(f"it{t}.s{i}.{layer.pre}"), self.step(f"it{t}.s{i}.{layer.post}")]
                fwd.append(self.step(f"it{t}.s{i}.loss"))
                blocks.append(Block("Sample %d: forward pass and loss" % i, fwd,
                                    text=_math("%s = %s,\\quad %s = %s" % (
                                        self.trace[f"data.s{i}.x"].symbol,
                                        numbers.bmatrix(self.trace[f"data.s{i}.x"].value, self.digits),
                                        self.trace[f"data.s{i}.y"].symbol,
                                        numbers.bmatrix(self.trace[f"data.s{i}.y"].value, self.digits)))))
                blocks.append(Block("Sample %d: backward pass" % i,
                                    [self.step(k) for k in self._backward_keys(t, i)]))
        else:
            blocks.append(Block("Samples", table=self._sample_table(it)))
        mean = [self.step(f"it{t}.loss")]
        if self.detailed:
            mean += [self.step(f"it{t}.grad.{name}") for name in p.params]
            blocks.append(Block("Mean over the batch", mean))
        else:
            blocks.append(Block("Mean over the batch", mean, table=self._grad_table(t)))
        update = []
        rule = self.trace.rule
        for name in (p.params if self.detailed else p.params[:1]):  # else the rule is shown for one parameter
            for slot in rule.slots:
                update.append(self.step(f"it{t}.state.{slot}.{name}"))
            new_key = f"final.{name}" if it.last else f"it{t + 1}.{name}"
            update.append(self.step(new_key))
        if self.detailed:
            blocks.append(Block("Update (%s)" % escape(rule.title), update))
        else:
            blocks.append(Block("Update (%s)" % escape(rule.title), update[:len(rule.slots) + 1],
                                text="The rule, shown for %s; every parameter is updated the same way, "
                                     "elementwise." % _math(latex_name(p.params[0]))))
        return {"title": title, "intro": intro, "params": params, "blocks": blocks}

    def _backward_keys(self, t, i):
        p = self.problem
        keys = [f"it{t}.s{i}.grad.{p.layers[-1].post}"]
        model = self.trace.model
        for lf in reversed(model.layers):
            layer = lf.layer
            keys += [f"it{t}.s{i}.grad.{layer.pre}", f"it{t}.s{i}.grad.{layer.weight}", f"it{t}.s{i}.grad.{layer.bias}"]
            if lf.index > 0:
                keys.append(f"it{t}.s{i}.grad.{lf.input_name}")
        return keys

    def _sample_table(self, it):
        t = it.t
        rows = ["%d & %s & %s \\\\" % (i, _math(numbers.latex(self.trace[f"it{t}.s{i}.loss"].value, self.digits)),
                                        _math(_row(self.trace[f"it{t}.s{i}.{self.problem.layers[-1].post}"].value,
                                                   self.digits)))
                for i in it.samples]
        head = "sample & $L^{(i)}$ & %s \\\\" % _math(latex_name(self.problem.layers[-1].post) + "^{(i)}")
        return _tabular("lll", head, rows)

    def _grad_table(self, t):
        rows = []
        for name in self.problem.params:
            g = np.asarray(self.trace[f"it{t}.grad.{name}"].value, dtype=float)
            rows.append("%s & %s & %s & %s \\\\" % (
                _math(latex_name(name)), "$%s$" % " \\times ".join(map(str, self.problem.param_shape(name))),
                _math(numbers.latex(np.linalg.norm(g), self.digits)), _math(numbers.latex(np.abs(g).max(), self.digits))))
        return _tabular("llll", r"parameter & shape & $\lVert g \rVert$ & $\max |g_{jk}|$ \\", rows)

    # --- summary and appendix ---------------------------------------------------------------------
    def summary(self):
        p = self.problem
        show_params = self.detailed
        head = r"iteration & $\mathcal{L}$" + "".join(" & $%s$" % latex_name(n) for n in p.params if show_params)
        rows = []
        for it in self.trace.iterations:
            t = it.t
            cells = [str(t), _math(numbers.latex(self.trace[f"it{t}.loss"].value, self.digits))]
            if show_params:
                cells += ["$%s$" % numbers.bmatrix(self.trace[f"it{t}.{n}"].value, self.digits) for n in p.params]
            rows.append(" & ".join(cells) + r" \\[4pt]")
        table = _tabular("l" * (2 + (len(p.params) if show_params else 0)), head + r" \\", rows)
        final = _in_rows([_eq(self.trace[f"final.{n}"].symbol, self.trace[f"final.{n}"].value, self.digits)
                          for n in p.params if np.size(self.trace[f"final.{n}"].value) <= 64])
        text = ("The loss is that of the parameters each iteration used; the parameters after the last update are:"
                if final else "The parameters after the last update are in the JSON file.")
        return table, text, final

    def gradcheck_section(self):
        rows = gradcheck(self.trace, 1)
        worst = max(rows, key=lambda r: r.abs_error)
        total = self.problem.n_params
        text = ("The gradient of iteration 1 from the symbolic formulas against central finite differences "
                r"$\bigl(\mathcal{L}(\theta + h) - \mathcal{L}(\theta - h)\bigr) / 2h$ of the mean loss, with "
                r"$h = 10^{-6}\max(1, |\theta|)$, for %s. The largest absolute difference is $%s$ (%s)." % (
                    "every parameter element" if len(rows) == total else
                    "%d of the %d parameter elements, spread evenly" % (len(rows), total),
                    numbers.latex(worst.abs_error, 2), _math(_element(worst.param, worst.index))))
        body = ["%s & %s & %s & %s \\\\" % (_math(_element(r.param, r.index)), _math(numbers.latex(r.symbolic, 8)),
                                            _math(numbers.latex(r.numeric, 8)), _math(numbers.latex(r.abs_error, 2)))
                for r in rows[:60]]
        if len(rows) > 60:
            text += " The table lists the first 60."
        return {"text": text, "table": _tabular("rrrr", r"element & symbolic & finite differences & difference \\", body,
                                                long=len(body) > 30)}

    def context(self):
        p = self.problem
        table, final_text, final = self.summary()
        note = ""
        if not self.detailed:
            note = ("This problem has %d parameters and %d samples, too many to show every element: the formulas "
                    "are derived once, and each iteration shows a table of the samples' losses and outputs, the "
                    "mean loss, the gradients' sizes and the update rule; every value is in the JSON file."
                    % (p.n_params, len(p.x)))
        return {
            "title": escape(p.title),
            "statement": self.statement(),
            "summary_note": note,
            "derivation": Derivation(self.trace.model).sections(),
            "iterations": [self.iteration(it) for it in self.trace.iterations],
            "summary_table": table, "final_text": final_text, "final_params": final,
            "gradcheck": self.gradcheck_section(),
            "appendices": self.appendices,
        }


def _in_rows(items, per_row=2):
    """Display equations grouped a few to a line, so that wide matrices do not run off the page."""
    return [r",\qquad ".join(items[k:k + per_row]) for k in range(0, len(items), per_row)]


def latex_name_hyper(setting):
    import sympy as sp

    return sp.latex(HYPER[setting])


def _act_call(act, z):
    return r"%s\left(%s\right)" % (act.latex_name, z) if act.name != "linear" else z


def _row(values, digits):
    arr = np.asarray(values, dtype=float).reshape(-1)
    if arr.size == 1:
        return numbers.latex(arr[0], digits)
    return r"\left(%s\right)" % ", ".join(numbers.latex(v, digits) for v in arr)


def _element(param, index):
    return latex_name(param, sub="".join(map(str, index)) if all(i < 10 for i in index) else ",".join(map(str, index)))


def _tabular(cols, head, rows, long=False):
    env = "longtable" if long else "tabular"
    return "\\begin{%s}{@{}%s@{}}\n\\toprule\n%s\n\\midrule\n%s\n\\bottomrule\n\\end{%s}" % (
        env, cols, head, "\n".join(rows), env)


def sheet_tex(trace, appendices=()):
    """The answer sheet's LaTeX source."""
    return render("sheet.tex.j2", **SheetBuilder(trace, appendices).context())
