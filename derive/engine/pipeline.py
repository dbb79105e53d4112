"""Solving a problem file: problem file -> spec -> model -> trace, and the trace as JSON."""
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..network.model import shared
from ..problem import spec
from .trace import build

BUNDLED = Path(__file__).parent.parent / "problems"
DEFAULT_PROBLEM = BUNDLED / "hw2.toml"


def solve_file(path, language=None, detail=None):
    """Read, validate and solve a problem file (its sheets in `language`, else the file's; `detail` overrides its
    [sheet] detail); returns the trace. Its model's templates are those of every problem of its structure this
    process solved (grading a class)."""
    problem = spec.load(path, language, detail)
    return finite(build(problem, shared(problem)))


def finite(trace):
    """The trace, if every value is finite; else an InputError naming the first quantity that overflowed."""
    for key, q in trace.quantities.items():
        value = np.asarray(q.value, dtype=float)
        if not np.all(np.isfinite(value)):
            zero = _zero_divisor(trace, q)
            why = (f"0/0: {zero} is 0, a variance of 0 with eps = 0; give the layer an eps > 0" if zero else
                   "the problem's numbers overflow floating point: scale the data or initial values down")
            raise InputError(trace.problem.path, key, f"a finite value ({why})",
                             "nan" if np.isnan(value).any() else "inf")
    return trace


def _zero_divisor(trace, q):
    """The parent holding an exact 0 of a nan computed from finite parents (0/0), else None."""
    parents = [trace[p] for p in q.parents]
    values = [np.asarray(p.value, dtype=float) for p in parents]
    if not np.isnan(np.asarray(q.value, dtype=float)).any() or not all(np.isfinite(v).all() for v in values):
        return None
    return next((p.key for p, v in zip(parents, values) if (v == 0).any() and p.role == "stat"), None)


def trace_json(trace):
    """The JSON export: the problem as given and every quantity by key."""
    return {"problem": trace.problem.raw, "quantities": trace.as_json()}
