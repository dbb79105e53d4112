"""Figures and tables of a simulation, every number formatted by derive.numbers."""
from ..display import numbers
from ..language import messages
from .printer import number, tex, words
from .steps import Table

PLOT_DIGITS = 6
TABLE_STEPS = (1, 2, 3, 5, 10, 20, 40)


def _coords(ts, values):
    """pgfplots coordinates '(t,v) ...' with plain numbers."""
    return " ".join(f"({int(t)},{numbers.plain(v, PLOT_DIGITS)})" for t, v in zip(ts, values))


def axis(run, title, raw, closed, corrected, target, msg=messages()):
    """One panel: simulated means of the raw and corrected EMA against the proof's closed forms."""
    return {
        "title": title,
        "series": (
            {"legend": words(msg.parts("proof.mean_of", q=raw), language=msg.code), "style": "raw",
             "coords": _coords(run.t, run.mean)},
            {"legend": "$" + tex(closed) + "$", "style": "closed", "coords": _coords(run.t, run.closed_form())},
            {"legend": words(msg.parts("proof.mean_of", q=corrected), language=msg.code), "style": "corrected",
             "coords": _coords(run.t, run.corrected)},
            {"legend": "$" + tex(target) + "$", "style": "target",
             "coords": _coords(run.t[[0, -1]], [run.target] * 2)},
        ),
    }


def _pm(mean, se, digits):
    """mean +- standard error as LaTeX."""
    return number(mean, digits) + r" \pm " + number(se, 2)


def table(runs, caption, header, digits=4, steps=TABLE_STEPS):
    """Rows t | closed form | simulated mean | simulated corrected mean, for each run side by side."""
    rows = []
    for t in steps:
        if t > len(runs[0].t):
            continue
        k = t - 1
        row = [str(t)]
        for run in runs:
            row += [
                "$" + number(run.closed_form()[k], digits) + "$",
                "$" + _pm(run.mean[k], run.se[k], digits) + "$",
                "$" + _pm(run.corrected[k], run.corrected_se[k], digits) + "$",
            ]
        rows.append(tuple(row))
    return Table(caption=caption, header=tuple(header), rows=tuple(rows), align="r" * len(header))
