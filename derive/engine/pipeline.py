"""Solving a problem file: problem file -> spec -> model -> trace, and the trace as JSON."""
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..network.model import shared
from ..problem import spec
from .trace import build

BUNDLED = Path(__file__).parent.parent / "problems"
DEFAULT_PROBLEM = BUNDLED / "hw2.toml"


def solve_file(path, language=None):
    """Read, validate and solve a problem file (its sheets in `language`, else the file's); returns the trace.
    Its model's templates are those of every problem of its structure this process solved (grading a class)."""
    problem = spec.load(path, language)
    return finite(build(problem, shared(problem)))


def finite(trace):
    """The trace, if every value is finite; else an InputError naming the first quantity that overflowed."""
    for key, q in trace.quantities.items():
        value = np.asarray(q.value, dtype=float)
        if not np.all(np.isfinite(value)):
            raise InputError(trace.problem.path, key,
                             "a finite value (the problem's numbers overflow floating point: scale the data or "
                             "initial values down)", "nan" if np.isnan(value).any() else "inf")
    return trace


def trace_json(trace):
    """The JSON export: the problem as given and every quantity by key."""
    return {"problem": trace.problem.raw, "quantities": trace.as_json()}
