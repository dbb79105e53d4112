"""The answer sheet as data: statement, derivation, iteration steps, summary and appendices, turned
into the finished LaTeX pieces the template loops over."""
from dataclasses import dataclass, field

import numpy as np

from ..display import numbers
from ..network.activations import ACTIVATIONS
from .derivation import Derivation
from ..language import messages
from . import layer_sheet
from ..network.layers.kinds import any_special, special
from ..display.latex_text import escape
from ..network.formulas import latex_with
from ..network.losses import describe
from ..engine.numeric import gradcheck
from ..network.optimizers import HYPER, g, lookahead_point, new, prev, theta
from ..display.render import render
from ..problem.limits import detailed
from ..network.symbols import latex_name

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
            if sub and sub != parts[0] and sub != result:
                parts.append(sub)
        if shown and result != parts[-1]:
            parts.append(result)
        return Step(q.short if per_sample else q.symbol, parts, note)

    # --- the problem statement --------------------------------------------------------------------
    def statement(self):
        p, msg = self.problem, self.msg
        layers = []
        fan_in = p.inputs
        rows = p.layout == "xW"
        frozen = [n for n in p.params if n not in p.trained]
        mark = lambda name: msg("sheet.frozen_mark") if name in frozen else ""  # noqa: E731
        for l, layer in enumerate(p.layers, start=1):
            if special(layer):
                layers.append(layer_sheet.layer_row(l, layer))
                fan_in = layer.units
                continue
            act = ACTIVATIONS[layer.activation]
            layers.append([msg.number(l), msg.number(layer.units), msg.latin(escape(layer.activation)),
                           _math(r"%s \in \mathbb{R}^{%d \times %d}" % (
                               (latex_name(layer.weight),) + ((fan_in, layer.units) if rows else (layer.units, fan_in))))
                           + mark(layer.weight),
                           msg("sheet.no_bias") if layer.bias is None else
                           _math(r"%s \in \mathbb{R}^{%s}" % (latex_name(layer.bias),
                                                               r"1 \times %d" % layer.units if rows else layer.units))
                           + mark(layer.bias),
                           _math(r"%s,\ %s = %s" % (latex_name(layer.pre), latex_name(layer.post),
                                                    _act_call(act, latex_name(layer.pre)))),
                           ])
            fan_in = layer.units
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
        batch = (msg("sheet.batch.full", n=n) if opt.batch == "full" else msg("sheet.batch.sample")
                 if opt.batch == "sample" else msg("sheet.batch.size", size=opt.batch))
        title, note = rule_words(msg, opt)
        network = msg("sheet.convention.xW" if rows else "sheet.convention.Wx")
        if any(not special(layer) and layer.bias is None for layer in p.layers):
            network += msg("sheet.convention.no_bias", z="a W" if rows else "W a")
        frozen_text = ""
        if frozen:
            names = msg("list_separator").join(_math(latex_name(n)) for n in frozen)
            frozen_text = " " + msg.count("sheet.frozen", len(frozen), names=names)
        return layer_sheet.statement({
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
        }, p)

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
        if self.detailed:
            intro += (msg("sheet.params_initial") if t == 1 else msg("sheet.params_updated", t=t - 1))
            if len(trained) < len(p.params):
                intro += " " + msg("sheet.frozen_keep")
            params = _in_rows([_eq(self.trace[f"it{t}.{name}"].symbol, self.trace[f"it{t}.{name}"].value,
                                   self.digits) for name in trained])
        blocks = []
        look = f"it{t}.lookahead.{trained[0]}" in self.trace
        if look:
            blocks.append(Block(msg("sheet.lookahead"), [self.step(f"it{t}.lookahead.{name}") for name in trained],
                                text=msg("sheet.lookahead_text")))
        if self.detailed and any_special(p):  # batch norm couples the samples: layer by layer over the batch
            blocks += layer_sheet.pass_blocks(self, it, Block)
        elif self.detailed:
            for i in it.samples:
                fwd = []
                for layer in p.layers:
                    fwd += [self.step(f"it{t}.s{i}.{layer.pre}"), self.step(f"it{t}.s{i}.{layer.post}")]
                fwd.append(self.step(f"it{t}.s{i}.loss"))
                blocks.append(Block(msg("sheet.forward", i=i), fwd,
                                    text=_math("%s = %s,\\quad %s = %s" % (
                                        self.trace[f"data.s{i}.x"].symbol,
                                        numbers.bmatrix(self.trace[f"data.s{i}.x"].value, self.digits),
                                        self.trace[f"data.s{i}.y"].symbol,
                                        numbers.bmatrix(self.trace[f"data.s{i}.y"].value, self.digits))),
                                    sample=i))
                blocks.append(Block(msg("sheet.backward", i=i),
                                    [self.step(k) for k in self._backward_keys(t, i)], sample=i))
        else:
            blocks.append(Block(msg("sheet.samples_block"), table=self._sample_table(it)))
        mean = [self.step(f"it{t}.loss")]
        over = msg("sheet.sum" if p.loss_options.batch == "sum" else "sheet.mean")
        if self.detailed:
            mean += [self.step(f"it{t}.grad.{name}") for name in trained]
            blocks.append(Block(over, mean))
        else:
            blocks.append(Block(over, mean, table=self._grad_table(t)))
        update = []
        rule = self.trace.rule
        for name in (trained if self.detailed else trained[:1]):  # else the rule is shown for one parameter
            for slot in rule.slots:
                update.append(self.step(f"it{t}.state.{slot}.{name}"))
            new_key = f"final.{name}" if it.last else f"it{t + 1}.{name}"
            update.append(self.step(new_key))
        heading = msg("sheet.update", rule=escape(rule_words(msg, p.optimizer)[0], p.language))
        if self.detailed:
            blocks.append(Block(heading, update))
        else:
            blocks.append(Block(heading, update[:len(rule.slots) + 1],
                                text=msg("sheet.rule_once", param=_math(latex_name(trained[0])))))
        return {"title": title, "intro": intro, "params": params, "blocks": blocks}

    def _backward_keys(self, t, i):
        p = self.problem
        keys = [f"it{t}.s{i}.grad.{p.layers[-1].post}"]
        model = self.trace.model
        for lf in reversed(model.layers):
            layer = lf.layer
            keys += [f"it{t}.s{i}.grad.{layer.pre}"]
            keys += [f"it{t}.s{i}.grad.{n}" for n in (layer.weight, layer.bias) if n in p.trained]
            if lf.index > 0:
                keys.append(f"it{t}.s{i}.grad.{lf.input_name}")
        return keys

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
        show_params = self.detailed
        head = self.msg("sheet.iteration_column") + r" & $\mathcal{L}$" + "".join(
            " & $%s$" % latex_name(n) for n in p.trained if show_params)
        rows = []
        for it in self.trace.iterations:
            t = it.t
            cells = [self.msg.number(t), _math(numbers.latex(self.trace[f"it{t}.loss"].value, self.digits))]
            if show_params:
                cells += ["$%s$" % numbers.bmatrix(self.trace[f"it{t}.{n}"].value, self.digits) for n in p.trained]
            rows.append(" & ".join(cells) + r" \\[4pt]")
        table = _tabular("l" * (2 + (len(p.trained) if show_params else 0)), head + r" \\", rows)
        final = _in_rows([_eq(self.trace[f"final.{n}"].symbol, self.trace[f"final.{n}"].value, self.digits)
                          for n in p.trained if np.size(self.trace[f"final.{n}"].value) <= 64])
        text = self.msg("sheet.final" if final else "sheet.final_in_json")
        return table, text, final

    def gradcheck_section(self):
        rows = gradcheck(self.trace, 1)
        worst = max(rows, key=lambda r: r.abs_error)
        total = sum(int(np.prod(self.problem.param_shape(n))) for n in self.problem.trained)
        msg = self.msg
        text = msg("sheet.gradcheck", elements=msg("sheet.gradcheck_all") if len(rows) == total else
                   msg("sheet.gradcheck_some", shown=len(rows), total=total),
                   difference=numbers.latex(worst.abs_error, 2), element=_math(_element(worst.param, worst.index)))
        body = ["%s & %s & %s & %s \\\\" % (_math(_element(r.param, r.index)), _math(numbers.latex(r.symbolic, 8)),
                                            _math(numbers.latex(r.numeric, 8)), _math(numbers.latex(r.abs_error, 2)))
                for r in rows[:60]]
        if len(rows) > 60:
            text += msg("sheet.gradcheck_first", n=60)
        return {"text": text, "table": _tabular("rrrr", msg("sheet.gradcheck_head") + r" \\", body,
                                                long=len(body) > 30)}

    def context(self):
        p = self.problem
        table, final_text, final = self.summary()
        note = ""
        if not self.detailed:
            note = self.msg("sheet.summary_note", params=p.n_params, samples=len(p.x))
        return {
            "title": escape(p.title, p.language),
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


def sp_latex(symbol):
    import sympy as sp

    return sp.latex(symbol)


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
    return render("sheet.tex.j2", language=trace.problem.language, **SheetBuilder(trace, appendices).context())
