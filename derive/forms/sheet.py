"""The answer sheet as data: statement, derivation, iteration steps, summary and appendices, turned
into the finished LaTeX pieces the template loops over."""
from dataclasses import dataclass, field

import numpy as np

from ..display import numbers
from ..display.latex_text import escape
from ..display.render import render
from ..engine.numeric import gradcheck
from ..language import messages
from ..network.formulas import latex_with
from ..network.losses import describe
from ..network.optimizers import HYPER, g, lookahead_point, new, prev, theta
from ..network.symbols import element_name, latex_name
from ..problem.limits import detailed
from . import detail
from .derivation import Derivation


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
    sample: int = 0  # the sample a per-sample block is about (the web forms fold these), else 0


def _math(text):
    return "$%s$" % text


def _eq(symbol, value, digits):
    return "%s = %s" % (symbol, numbers.bmatrix(value, digits))


def rule_words(msg, optimizer):
    """The title and the PyTorch note of an optimizer's rule with its options, in the sheet's language."""
    kind = optimizer.kind
    torch_form = optimizer.momentum_form == "torch"
    title = msg(f"rule.{kind}.title" + (".torch" if torch_form else ""))
    note = msg(f"rule.{kind}.note" + (".torch" if torch_form else ".eps_inside" if optimizer.eps_placement == "inside"
                                      else ""))
    if optimizer.weight_decay and kind != "adamw":
        note += msg("rule.weight_decay_note")
    return title, note


class SheetBuilder:
    """Turns a trace into the template's context."""

    def __init__(self, trace, appendices=()):
        self.trace = trace
        self.problem = trace.problem
        self.digits = self.problem.digits
        self.detailed = detailed(self.problem)
        self.appendices = list(appendices)
        self.msg = messages(self.problem.language)

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
            if sub and not _same(sub, parts[0]) and not _same(sub, result):
                parts.append(sub)
        if shown and not _same(result, parts[-1]):
            parts.append(result)
        return Step(q.short if per_sample else q.symbol, parts, note)

    def merged(self, key, step):
        """The step of a quantity equal to the one before it (z-bar = a-bar at a linear output, a = id(z)):
        one line, both names on its left."""
        return Step("%s = %s" % (self.trace[key].short, step.lhs), step.parts, step.note)

    # --- the problem statement --------------------------------------------------------------------
    def statement(self):
        p, msg = self.problem, self.msg
        layers = []
        rows = p.layout == "xW"
        frozen = [n for n in p.params if n not in p.trained]
        mark = lambda name: msg("sheet.frozen_mark") if name in frozen else ""  # noqa: E731
        steps = self.trace.model.layers
        layers = [lf.layer_row(self, l, mark) for l, lf in enumerate(steps, start=1)]
        n = len(p.x)
        data_rows, data_head, data_cols = [], "", ""
        if n <= 40:
            data_head = msg("sheet.sample") + " & " + _math(latex_name("x") + r"^{(i)}") + " & " + _math("y^{(i)}")
            data_cols = "lll"
            for i, (x, y) in enumerate(zip(p.x, p.y), start=1):
                data_rows.append("%s & %s & %s" % (msg.number(i), _math(_row(x, self.digits)), _math(_row(y, self.digits))))
        init = []
        if p.n_params <= 200:
            init = _in_rows([_eq(latex_name(name), p.init[name] if p.init[name].ndim == 2 else
                                 p.init[name].reshape((1, -1) if rows else (-1, 1)), self.digits) for name in p.params])
        opt = p.optimizer
        settings = msg("list_separator").join(_math("%s = %s" % (latex_name_hyper(k), numbers.latex(v, self.digits)))
                             for k, v in (("lr", opt.lr), *opt.settings))
        summed = p.loss_options.batch == "sum"
        batch = (msg("sheet.batch.full_sum" if summed else "sheet.batch.full", n=n) if opt.batch == "full" else msg("sheet.batch.sample")
                 if opt.batch == "sample" else msg("sheet.batch.size", size=opt.batch))
        title, note = rule_words(msg, opt)
        network = msg(("sheet.convention.xW" if rows else "sheet.convention.Wx")
                      + ("" if all(lf.weighted for lf in steps) else ".some"))
        network += "".join(dict.fromkeys(lf.convention_note(self) for lf in steps))
        frozen_text = ""
        if frozen:
            names = msg("list_separator").join(_math(latex_name(n)) for n in frozen)
            frozen_text = " " + msg.count("sheet.frozen", len(frozen), names=names)
        return {
            "network_text": msg("sheet.network", inputs=msg.count("sheet.inputs", p.inputs),
                                layers=msg.count("sheet.layers", len(p.layers)), convention=network),
            "layers": layers,
            "loss_text": msg("sheet.loss" if p.loss_options.batch == "mean" else "sheet.loss_sum",
                             loss=describe(p.loss, p.loss_options, p.layers[-1].units, msg)),
            "loss_lines": self._loss_lines(),
            "rule_lines": self._rule_lines(),
            "data_text": msg.count("sheet.samples", n) + ("" if data_rows else msg("sheet.samples_in_json")),
            "data_rows": data_rows, "data_head": data_head, "data_cols": data_cols,
            "init": init,
            "init_text": msg("sheet.init_in_files"),
            "optimizer_text": msg("sheet.optimizer", rule=escape(title[0].upper() + title[1:], p.language), settings=settings,
                                  iterations=msg.count("sheet.iterations", opt.iterations), batch=batch,
                                  note=note) + frozen_text,
            "layers_text": " ".join(filter(None, (lf.statement_text(self, l) for l, lf in enumerate(steps, start=1)))),
        }

    def _loss_lines(self):
        """The loss of one sample and of a batch, as SymPy writes them (the options' factors included)."""
        return [Step(s.lhs, s.parts, s.note) for s in Derivation(self.trace.model).equations().lines[-2:]]

    def _rule_lines(self):
        """The update rule for a parameter theta with gradient g, symbolically, as the iterations apply it."""
        rule = self.trace.rule
        names = {theta: r"\theta^{[t]}", g: r"g^{[t]}", lookahead_point: r"\tilde\theta^{[t]}"}
        for slot in rule.slots:
            base = latex_name({"m_hat": "mhat", "s_hat": "shat", "g_wd": "gtilde"}.get(slot, slot))
            names[new(slot)], names[prev(slot)] = base + "^{[t]}", base + "^{[t-1]}"
        names.update({s: sp_latex(s) for s in HYPER.values()})
        lines = []
        if rule.lookahead is not None:
            lines.append(Step(r"\tilde\theta^{[t]}", [latex_with(rule.lookahead, names)], self.msg("sheet.where_g")))
        lines += [Step(names[new(slot)], [latex_with(expr, names)]) for slot, expr in rule.steps]
        lines.append(Step(r"\theta^{[t+1]}", [latex_with(rule.update, names)]))
        return lines

    # --- iterations -------------------------------------------------------------------------------
    def iteration(self, it):
        p, t, msg = self.problem, it.t, self.msg
        title = msg("sheet.iteration", t=t)
        samples = msg("list_separator").join(msg.number(i) for i in it.samples)
        intro = (msg("sheet.uses_samples.one" if len(it.samples) == 1 else "sheet.uses_samples.other", samples=samples)
                 if len(it.samples) < len(p.x) else "")
        params = []
        trained = p.trained
        plan = detail.plan(p, it)
        if self.detailed:
            intro += (msg("sheet.params_initial") if t == 1 else msg("sheet.params_updated", t=t - 1))
            if len(trained) < len(p.params):
                intro += " " + msg("sheet.frozen_keep")
            if plan.mode == "full":  # else the statement or the update table just above holds them
                params = _in_rows([_eq(self.trace[f"it{t}.{name}"].symbol, self.trace[f"it{t}.{name}"].value,
                                       self.digits) for name in trained])
        blocks = []
        look = f"it{t}.lookahead.{trained[0]}" in self.trace
        if look:
            blocks.append(self._block(msg("sheet.lookahead"), [f"it{t}.lookahead.{name}" for name in trained],
                                      plan.full_batch or not self.detailed, text=msg("sheet.lookahead_text")))
        by_layer = any(lf.by_layer for lf in self.trace.model.layers)
        if self.detailed and by_layer and plan.full_batch:
            blocks += self._layer_blocks(it)  # batch norm couples the samples: layer by layer over the batch
        elif self.detailed:
            for i in [i for i in it.samples if plan.full_sample(i)]:
                blocks += self._sample_blocks(t, i)
            rest = [i for i in it.samples if not plan.full_sample(i)]
            if by_layer and detail.batch_keys(self.trace, t):
                blocks.append(Block(msg("sheet.batch_values"),
                                    table=detail.values_table(self.trace, detail.batch_keys(self.trace, t),
                                                              self.digits, msg)))
            if rest:
                samples = msg("list_separator").join(msg.number(i) for i in rest)
                blocks.append(Block(msg("sheet.passes" if len(rest) == 1 else "sheet.passes.other", samples=samples),
                                    text=msg("sheet.passes_text"),
                                    table=detail.pass_table(self.trace, t, rest, self.digits, msg)))
        else:
            blocks.append(Block(msg("sheet.samples_block"), table=self._sample_table(it)))
        over = msg("sheet.sum" if p.loss_options.batch == "sum" else "sheet.mean")
        if self.detailed:
            shown = [name for name in trained if plan.full_param(name)]
            mean = [f"it{t}.loss"] + [f"it{t}.grad.{name}" for name in trained]
            # the mean's formula with its numbers once: for the loss (every parameter's too in full)
            full = [k for k in mean if k == f"it{t}.loss" and plan.full_batch or plan.mode == "full"]
            blocks.append(self._block(over, mean, full))
        else:
            blocks.append(Block(over, [self.step(f"it{t}.loss")], table=self._grad_table(t)))
        rule = self.trace.rule
        heading = msg("sheet.update", rule=escape(rule_words(msg, p.optimizer)[0], p.language))
        if self.detailed:
            # a table of values holds the state a later iteration reads (m, s), not what is recomputed (m-hat)
            keys = {name: [f"it{t}.state.{slot}.{name}" for slot in rule.slots
                           if plan.full_param(name) or slot in rule.persistent]
                    + [f"final.{name}" if it.last else f"it{t + 1}.{name}"] for name in trained}
            blocks.append(self._block(heading, [k for name in trained for k in keys[name]],
                                      [k for name in shown for k in keys[name]]))
            if shown and len(shown) < len(trained):
                blocks[-1].text = msg("sheet.rule_once", param=_math(latex_name(shown[0])))
        else:
            update = [self.step(f"it{t}.state.{slot}.{trained[0]}") for slot in rule.slots]
            update.append(self.step(f"final.{trained[0]}" if it.last else f"it{t + 1}.{trained[0]}"))
            blocks.append(Block(heading, update, text=msg("sheet.rule_once", param=_math(latex_name(trained[0])))))
        return {"title": title, "intro": intro, "params": params, "blocks": blocks}

    def _block(self, title, keys, full, text=""):
        """A block of steps: those of `full` (True: all) with their formulas and numbers, the others as a table."""
        written = [k for k in keys if full is True or k in full]
        rest = [k for k in keys if k not in written]
        return Block(title, [self.step(k) for k in written], text=text,
                     table=detail.values_table(self.trace, rest, self.digits, self.msg) if rest else "")

    def _sample_blocks(self, t, i):
        """One sample's forward pass and loss, and its backward pass, every step with its numbers."""
        msg = self.msg
        fwd = []
        for lf in self.trace.model.layers:
            for k in lf.forward_keys(t, i):
                same = lf.identity_activation and k == f"it{t}.s{i}.{lf.layer.post}"
                fwd.append(self.merged(k, fwd.pop()) if same else self.step(k))
        fwd.append(self.step(f"it{t}.s{i}.loss"))
        data = self.trace[f"data.s{i}.x"], self.trace[f"data.s{i}.y"]
        text = _math("%s = %s,\\quad %s = %s" % (data[0].symbol, numbers.bmatrix(data[0].value, self.digits),
                                                   data[1].symbol, numbers.bmatrix(data[1].value, self.digits)))
        return [Block(msg("sheet.forward", i=i), fwd, text=text, sample=i),
                Block(msg("sheet.backward", i=i), self._backward_steps(t, i), sample=i)]

    def _backward_steps(self, t, i):
        steps = [self.step(f"it{t}.s{i}.grad.{self.problem.layers[-1].post}")]
        for lf in reversed(self.trace.model.layers):
            for k in lf.backward_keys(t, i, self.trace):
                same = lf.identity_activation and k == f"it{t}.s{i}.grad.{lf.layer.pre}"
                steps.append(self.merged(k, steps.pop()) if same else self.step(k))
        return steps

    def _layer_blocks(self, it):
        """The iteration's forward passes, losses and backward passes, one block per layer over the batch."""
        t, samples, layers = it.t, it.samples, self.trace.model.layers
        blocks = [b for lf in layers for b in lf.forward_blocks(self, t, samples, Block)]
        out = layers[-1].layer.post
        blocks.append(Block(self.msg("sheet.losses"),
                            [self.step(f"it{t}.s{i}.{n}") for i in samples for n in ("loss", "grad." + out)]))
        return blocks + [b for lf in reversed(layers) for b in lf.backward_blocks(self, t, samples, Block)]

    def _sample_table(self, it):
        t = it.t
        rows = ["%s & %s & %s \\\\" % (self.msg.number(i), _math(numbers.latex(self.trace[f"it{t}.s{i}.loss"].value, self.digits)),
                                        _math(_row(self.trace[f"it{t}.s{i}.{self.problem.layers[-1].post}"].value,
                                                   self.digits)))
                for i in it.samples]
        head = self.msg("sheet.sample") + " & $L^{(i)}$ & %s \\\\" % _math(latex_name(self.problem.layers[-1].post) + "^{(i)}")
        return _tabular("lll", head, rows)

    def _grad_table(self, t):
        rows = []
        for name in self.problem.trained:
            g = np.asarray(self.trace[f"it{t}.grad.{name}"].value, dtype=float)
            rows.append("%s & %s & %s & %s \\\\" % (
                _math(latex_name(name)), "$%s$" % " \\times ".join(map(str, self.problem.param_shape(name))),
                _math(numbers.latex(np.linalg.norm(g), self.digits)), _math(numbers.latex(np.abs(g).max(), self.digits))))
        return _tabular("llll", self.msg("sheet.grad_table_head") + r" & $\lVert g \rVert$ & $\max |g_{jk}|$ \\", rows)

    # --- summary and appendix ---------------------------------------------------------------------
    def summary(self):
        p = self.problem
        show_params = self.detailed and p.detail not in ("first", "summary")  # else the update tables hold them
        head = self.msg("sheet.iteration_column") + r" & $\mathcal{L}$" + "".join(
            " & $%s$" % latex_name(n) for n in p.trained if show_params)
        rows = []
        for it in self.trace.iterations:
            t = it.t
            cells = [self.msg.number(t), _math(numbers.latex(self.trace[f"it{t}.loss"].value, self.digits))]
            if show_params:
                cells += ["$%s$" % numbers.bmatrix(self.trace[f"it{t}.{n}"].value, self.digits) for n in p.trained]
            rows.append(" & ".join(cells) + r" \\")
        if show_params:  # matrices in a table's rows: room between them (\\[4pt] would not give it)
            rows = [r + r" \addlinespace[3pt]" for r in rows[:-1]] + rows[-1:]
        table = _tabular("l" * (2 + (len(p.trained) if show_params else 0)), head + r" \\", rows)
        final = _in_rows([_eq(self.trace[f"final.{n}"].symbol, self.trace[f"final.{n}"].value, self.digits)
                          for n in p.trained if np.size(self.trace[f"final.{n}"].value) <= 64])
        if final and not show_params and self.detailed:  # the last update's table holds them
            return table, self.msg("sheet.final_in_update"), []
        text = self.msg("sheet.final" if final else "sheet.final_in_json")
        return table, text, final

    def gradcheck_section(self):
        rows = gradcheck(self.trace, 1)
        worst = max(rows, key=lambda r: r.abs_error)
        total = sum(int(np.prod(self.problem.param_shape(n))) for n in self.problem.trained)
        msg = self.msg
        text = msg("sheet.gradcheck", elements=msg("sheet.gradcheck_all") if len(rows) == total else
                   msg("sheet.gradcheck_some", shown=len(rows), total=total),
                   difference=numbers.latex(worst.abs_error, 2), element=_math(_element(worst.param, worst.index)),
                   loss=msg("sheet.gradcheck.summed_loss" if self.problem.loss_options.batch == "sum"
                            else "sheet.gradcheck.mean_loss"))
        listed = rows[:60]
        if self.problem.detail in ("first", "summary"):  # a compact sheet lists each parameter's largest difference
            listed = [max((r for r in rows if r.param == n), key=lambda r: r.abs_error)
                      for n in dict.fromkeys(r.param for r in rows)]
            text += msg("sheet.gradcheck_worst")
        elif len(rows) > 60:
            text += msg("sheet.gradcheck_first", n=60)
        body = ["%s & %s & %s & %s \\\\" % (_math(_element(r.param, r.index)), _math(numbers.latex(r.symbolic, 8)),
                                            _math(numbers.latex(r.numeric, 8)), _math(numbers.latex(r.abs_error, 2)))
                for r in listed]
        return {"text": text, "table": _tabular("rrrr", msg("sheet.gradcheck_head") + r" \\", body,
                                                long=len(body) > 30)}

    def _derivation(self):
        sections = Derivation(self.trace.model).sections()
        if self.detailed and self.problem.detail in ("first", "summary"):  # the statement wrote the loss lines
            sections[0].lines = sections[0].lines[:-len(self._loss_lines())]
        return sections

    def context(self):
        p = self.problem
        table, final_text, final = self.summary()
        note = ""
        if not self.detailed:
            note = self.msg("sheet.summary_note", params=p.n_params, samples=len(p.x), loss=self.msg(
                "sheet.gradcheck.summed_loss" if p.loss_options.batch == "sum" else "sheet.gradcheck.mean_loss"))
        elif p.detail in ("first", "summary"):
            first = detail.plan(p, self.trace.iterations[0])
            note = self.msg("sheet.detail_note." + p.detail, sample=self.msg.number(first.first_sample),
                            param=_math(latex_name(first.shown_param)))
        return {
            "title": escape(p.title, p.language),
            "statement": self.statement(),
            "summary_note": note,
            "derivation": self._derivation(),
            "iterations": [self.iteration(it) for it in self.trace.iterations],
            "summary_table": table, "final_text": final_text, "final_params": final,
            "gradcheck": self.gradcheck_section(),
            "appendices": self.appendices,
        }


def _same(a, b):
    """Whether two pieces of LaTeX print alike (they differ only in spaces)."""
    return a is not None and b is not None and a.replace(" ", "") == b.replace(" ", "")


def _in_rows(items, per_row=2):
    """Display equations grouped a few to a line, so that wide matrices do not run off the page."""
    return [r",\qquad ".join(items[k:k + per_row]) for k in range(0, len(items), per_row)]


def sp_latex(symbol):
    import sympy as sp

    return sp.latex(symbol)


def latex_name_hyper(setting):
    import sympy as sp

    return sp.latex(HYPER[setting])


def _row(values, digits):
    arr = np.asarray(values, dtype=float).reshape(-1)
    if arr.size == 1:
        return numbers.latex(arr[0], digits)
    return r"\left(%s\right)" % ", ".join(numbers.latex(v, digits) for v in arr)


def _element(param, index):
    return element_name(param, index)


def _tabular(cols, head, rows, long=False):
    env = "longtable" if long else "tabular"
    return "\\begin{%s}{@{}%s@{}}\n\\toprule\n%s\n\\midrule\n%s\n\\bottomrule\n\\end{%s}" % (
        env, cols, head, "\n".join(rows), env)


def sheet_tex(trace, appendices=()):
    """The answer sheet's LaTeX source."""
    return render("sheet.tex.j2", language=trace.problem.language, **SheetBuilder(trace, appendices).context())
