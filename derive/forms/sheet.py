"""The answer sheet as data: a trace turned into the finished LaTeX pieces its template loops over."""
import numpy as np

from ..display import numbers
from ..display.latex_text import escape
from ..display.render import render
from ..language import messages
from ..network.symbols import latex_name
from ..problem.limits import detailed
from . import detail
from .derivation import Derivation
from .iterations import iteration_page
from .statement import loss_lines, problem_statement
from .blocks import Step, math, same
from .summary import gradcheck_appendix, summary_table


class SheetBuilder:
    """Turns a trace into the template's context; the layer kinds and the parts of the sheet ask it for steps."""

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
            if sub and not same(sub, parts[0]) and not same(sub, result):
                parts.append(sub)
        if shown and not same(result, parts[-1]):
            parts.append(result)
        return Step(q.short if per_sample else q.symbol, parts, note)

    def merged(self, key, step):
        """The step of a quantity equal to the one before it (z-bar = a-bar at a linear output, a = id(z)):
        one line, both names on its left."""
        return Step("%s = %s" % (self.trace[key].short, step.lhs), step.parts, step.note)

    # --- the parts of the sheet -------------------------------------------------------------------
    def statement(self):
        return problem_statement(self)

    def iteration(self, it):
        return iteration_page(self, it)

    def summary(self):
        return summary_table(self)

    def gradcheck_section(self):
        return gradcheck_appendix(self)

    def _derivation(self):
        sections = Derivation(self.trace.model).sections()
        if self.detailed and self.problem.detail in ("first", "summary"):  # the statement wrote the loss lines
            sections[0].lines = sections[0].lines[:-len(loss_lines(self.trace))]
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
                            param=math(latex_name(first.shown_param)))
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


def sheet_tex(trace, appendices=()):
    """The answer sheet's LaTeX source."""
    return render("sheet.tex.j2", language=trace.problem.language, **SheetBuilder(trace, appendices).context())
