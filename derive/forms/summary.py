"""The sheet's closing parts: the table of every iteration's loss, the final parameters, and the gradient check."""
import numpy as np

from ..display import numbers
from ..engine.numeric import gradcheck
from ..network.symbols import element_name, latex_name
from .blocks import equation, in_rows, math, tabular


def summary_table(sb):
    """(table, text, final parameters' equations) of the summary, from a SheetBuilder."""
    p = sb.problem
    show_params = sb.detailed and p.detail not in ("first", "summary")  # else the update tables hold them
    head = sb.msg("sheet.iteration_column") + r" & $\mathcal{L}$" + "".join(
        " & $%s$" % latex_name(n) for n in p.trained if show_params)
    rows = []
    for it in sb.trace.iterations:
        t = it.t
        cells = [sb.msg.number(t), math(numbers.latex(sb.trace[f"it{t}.loss"].value, sb.digits))]
        if show_params:
            cells += ["$%s$" % numbers.bmatrix(sb.trace[f"it{t}.{n}"].value, sb.digits) for n in p.trained]
        rows.append(" & ".join(cells) + r" \\")
    if show_params:  # matrices in a table's rows: room between them (\\[4pt] would not give it)
        rows = [r + r" \addlinespace[3pt]" for r in rows[:-1]] + rows[-1:]
    table = tabular("l" * (2 + (len(p.trained) if show_params else 0)), head + r" \\", rows)
    final = in_rows([equation(sb.trace[f"final.{n}"].symbol, sb.trace[f"final.{n}"].value, sb.digits)
                     for n in p.trained if np.size(sb.trace[f"final.{n}"].value) <= 64])
    if final and not show_params and sb.detailed:  # the last update's table holds them
        return table, sb.msg("sheet.final_in_update"), []
    text = sb.msg("sheet.final" if final else "sheet.final_in_json")
    return table, text, final


def gradcheck_appendix(sb):
    """The appendix comparing iteration 1's symbolic gradient with finite differences, from a SheetBuilder."""
    rows = gradcheck(sb.trace, 1)
    worst = max(rows, key=lambda r: r.abs_error)
    total = sum(int(np.prod(sb.problem.param_shape(n))) for n in sb.problem.trained)
    msg = sb.msg
    text = msg("sheet.gradcheck", elements=msg("sheet.gradcheck_all") if len(rows) == total else
               msg("sheet.gradcheck_some", shown=len(rows), total=total),
               difference=numbers.latex(worst.abs_error, 2), element=math(element_name(worst.param, worst.index)),
               loss=msg("sheet.gradcheck.summed_loss" if sb.problem.loss_options.batch == "sum"
                        else "sheet.gradcheck.mean_loss"))
    listed = rows[:60]
    if sb.problem.detail in ("first", "summary"):  # a compact sheet lists each parameter's largest difference
        listed = [max((r for r in rows if r.param == n), key=lambda r: r.abs_error)
                  for n in dict.fromkeys(r.param for r in rows)]
        text += msg("sheet.gradcheck_worst")
    elif len(rows) > 60:
        text += msg("sheet.gradcheck_first", n=60)
    body = ["%s & %s & %s & %s \\\\" % (math(element_name(r.param, r.index)), math(numbers.latex(r.symbolic, 8)),
                                        math(numbers.latex(r.numeric, 8)), math(numbers.latex(r.abs_error, 2)))
            for r in listed]
    return {"text": text, "table": tabular("rrrr", msg("sheet.gradcheck_head") + r" \\", body, long=len(body) > 30)}
