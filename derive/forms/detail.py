"""How much of each iteration a sheet writes out ([sheet] detail, --detail): "full" every pass with its numbers;
"first" the first sample of the first iteration in full and every other pass as a table of its values, each
formula with its numbers once; "summary" the formulas once and tables of values only."""
from dataclasses import dataclass

import numpy as np

from ..display import numbers
from ..problem.model import DETAILS

MODES = DETAILS
DEFAULT = "full"


@dataclass(frozen=True)
class Plan:
    """What one iteration writes in full: which samples' passes, and which parameter's mean and update."""

    mode: str
    t: int
    first_sample: int
    shown_param: str

    def full_sample(self, i):
        return self.mode == "full" or (self.mode == "first" and self.t == 1 and i == self.first_sample)

    def full_param(self, name):
        return self.mode == "full" or (self.mode == "first" and self.t == 1 and name == self.shown_param)

    @property
    def full_batch(self):
        """Whether passes that couple the samples (batch norm) are written in full."""
        return self.mode == "full" or (self.mode == "first" and self.t == 1)


def plan(problem, it):
    """The Plan of iteration `it` of `problem`."""
    trained = problem.trained
    smallest = min(trained, key=lambda n: int(np.prod(problem.param_shape(n))))  # its numbers take least room
    return Plan(problem.detail or DEFAULT, it.t, it.samples[0], smallest)


def _generic(q):
    """A per-sample quantity's symbol without its sample's superscript: z_1 for z_1^(2)."""
    mark = "^{(%d)}" % q.sample
    text = q.short[:-len(mark)] if q.sample and q.short.endswith(mark) else q.short
    return text[1:-1] if text.startswith("{") and _closing(text) == len(text) - 1 else text


def _closing(text):
    """The index of the brace closing text's first one."""
    depth = 0
    for k, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return k
    return -1


def pass_rows(trace, t, samples):
    """(label, keys per sample) for every per-sample quantity of iteration t, in the order computed; a quantity
    equal to the one before it by an identity (a = id(z), z-bar = a-bar of a linear layer) shares its row."""
    prefix = f"it{t}.s{samples[0]}."
    identities = {n for layer in trace.problem.layers if layer.kind == "dense" and layer.activation == "linear"
                  for n in (layer.post, "grad." + layer.pre)}
    rows = []
    for key in (k for k in trace.quantities if k.startswith(prefix)):
        suffix = key[len(prefix):]
        keys = [f"it{t}.s{i}.{suffix}" for i in samples]
        label = _generic(trace[key])
        if rows and suffix in identities and all(_equal(trace[a].value, trace[b].value) for a, b in zip(rows[-1][1], keys)):
            rows[-1] = ("%s = %s" % (label, rows[-1][0]), rows[-1][1])
            continue
        rows.append((label, keys))
    return rows


def _equal(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.array_equal(a, b)


def pass_table(trace, t, samples, digits, msg):
    """Each sample's values of the forward and backward pass, one column per sample."""
    head = msg("sheet.quantity") + "".join(" & %s %s" % (msg("sheet.sample"), msg.number(i)) for i in samples)
    body = ["$%s$ & %s \\\\" % (label, " & ".join("$%s$" % cell(trace[k].value, digits) for k in keys))
            for label, keys in pass_rows(trace, t, samples)]
    return tabular("l" * (1 + len(samples)), head + r" \\", body)


def batch_keys(trace, t):
    """The quantities of iteration t shared by its samples (batch statistics), in the order computed."""
    params = set(trace.problem.params)
    prefix = f"it{t}."
    return [k for k in trace.quantities if k.startswith(prefix) and "." not in k[len(prefix):]
            and k[len(prefix):] not in params and k[len(prefix):] != "loss"]


def values_table(trace, keys, digits, msg, per_row=2):
    """Quantities and their values, `per_row` pairs to a row."""
    cells = ["$%s$ & $%s$" % (trace[k].symbol, cell(trace[k].value, digits)) for k in keys]
    head = " & ".join([msg("sheet.quantity") + " & " + msg("sheet.value")] * min(per_row, len(cells)))
    body = [" & ".join(cells[k:k + per_row]) + r" \\" for k in range(0, len(cells), per_row)]
    return tabular("ll" * min(per_row, len(cells)), head + r" \\", body)


def cell(value, digits):
    """A value in a table: a vector on one line, (0.5370, -0.2449), as the statement writes the data; a matrix
    as a matrix."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0 or arr.size == 1 or min(arr.shape) > 1:
        return numbers.bmatrix(arr if arr.size > 1 else arr.reshape(()), digits)
    return numbers.tuple_latex(arr.reshape(-1), digits)


def tabular(cols, head, rows):
    """A booktabs table whose rows may hold matrices: room between the rows (\\\\[4pt] would not give it); a
    longtable, so that a page may end between its rows rather than leave the page's rest empty."""
    rows = [r + r" \addlinespace[3pt]" if "bmatrix" in r else r for r in rows[:-1]] + rows[-1:]
    return "\\begin{longtable}{@{}%s@{}}\n\\toprule\n%s\n\\midrule\n%s\n\\bottomrule\n\\end{longtable}" % (
        cols, head, "\n".join(rows))
