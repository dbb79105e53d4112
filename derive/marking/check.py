"""Marking hand-worked numbers correct, carried (following from the student's own earlier numbers) or wrong."""
import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..display import numbers
from .claims import element_key
from ..network.formulas import ELEMENTWISE

CORRECT, CARRIED, WRONG = "correct", "carried", "wrong"
VERDICTS = (CORRECT, CARRIED, WRONG)
CORNER_LIMIT = 6  # enumerate every corner of an input box with at most this many uncertain numbers
SLACK = 1e-9  # relative: floating-point noise at the ends of an interval


@dataclass
class Mark:
    """One claimed number and its verdict."""

    key: str  # element key as reported: it1.W[1,2], or it1.loss for a one-number quantity
    quantity: str
    index: tuple  # in the quantity's exported shape
    claimed: float
    text: str  # the claim as written
    half: float  # the claim stands for [claimed - half, claimed + half]
    true: float
    carried: float  # from the student's numbers (None for given values)
    low: float  # the range the student's rounded numbers give
    high: float
    verdict: str = WRONG

    @property
    def decimals(self):
        """Decimals to show the true and carried values with: one more than the claim's."""
        return max(0, math.ceil(-math.log10(2 * self.half) - 1e-9)) + 1 if self.half > 0 else 6

    @property
    def carried_differs(self):
        """True when the carried value is worth showing: it reads differently from the true one."""
        return self.carried is not None and show(self.carried, self.decimals) != show(self.true, self.decimals)

    def export(self):
        shown = self.verdict != CORRECT and self.carried_differs and math.isfinite(self.carried)
        carried = self.carried if shown else None
        return {"key": self.key, "claimed": self.claimed, "true": self.true, "carried": carried,
                "verdict": self.verdict}


@dataclass
class Input:
    """One argument of a step as the student's world has it."""

    name: str  # the formula's symbol for it
    key: str
    value: np.ndarray  # exported shape
    source: str  # "yours" (claimed), "from yours" (worked out from claims) or "given"


@dataclass
class Step:
    """One claimed quantity: its marks, and what its formula gives from the student's numbers."""

    quantity: object
    marks: list
    inputs: list = field(default_factory=list)
    carried: np.ndarray = None  # exported shape; None for given values

    @property
    def key(self):
        return self.quantity.key

    @property
    def verdict(self):
        return max((m.verdict for m in self.marks), key=VERDICTS.index)

    @property
    def hint(self):
        """A wrong step starts a chain (what follows from it is carried) and gets a hint: its formula with the
        student's numbers in it."""
        return self.verdict == WRONG


@dataclass
class Report:
    """Every step and mark of a claims file, in computation order."""

    trace: object
    claims: object
    steps: list

    @property
    def marks(self):
        return [m for s in self.steps for m in s.marks]

    def counts(self):
        found = [m.verdict for m in self.marks]
        return {v: found.count(v) for v in VERDICTS}

    @property
    def first_error(self):
        return next((m for m in self.marks if m.verdict == WRONG), None)

    def export(self):
        return [m.export() for m in self.marks]


def mark(trace, claims):
    """Walk the trace with the student's numbers in place of the true ones and mark every claim."""
    point, low, high = {}, {}, {}
    untouched = set()  # keys whose numbers are the true ones, exactly: no claim before them changes them
    steps = []
    for key, q in trace.quantities.items():
        true = np.reshape(np.asarray(q.value, dtype=float), q.shape)
        if q.template is None:
            carried, lo, hi = None, true, true
        elif all(p in untouched for p in q.parents):  # the trace's own numbers: nothing to recompute
            carried, lo, hi = true, true, true
        else:
            args = [point[p] for p in q.parents]
            internal = [trace[p].value for p in q.parents]
            carried = _evaluate(q, args, internal)
            lo, hi = _extremes(q, args, [low[p] for p in q.parents], [high[p] for p in q.parents], internal)
        base = true if carried is None else carried
        qc = claims.quantities.get(key)
        if qc is None:
            point[key], low[key], high[key] = base, lo, hi
            if q.template is None or carried is true:
                untouched.add(key)
            continue
        mask = qc.mask
        # A number written exactly right was worked exactly (copied, or times 0), not rounded.
        exact = mask & np.isclose(qc.values, true, rtol=1e-12, atol=1e-300)
        half = np.where(exact, 0.0, qc.half)
        point[key] = np.where(exact, true, np.where(mask, qc.values, base))
        low[key] = np.where(mask, point[key] - half, lo)
        high[key] = np.where(mask, point[key] + half, hi)
        marks = [_judge(q, qc, idx, true, carried, lo, hi) for idx in zip(*np.nonzero(mask))] \
            if q.shape else [_judge(q, qc, (), true, carried, lo, hi)]
        inputs = [_input(trace, claims, a, p, point[p]) for a, p in zip(q.template.args, q.parents)] \
            if q.template is not None else []
        steps.append(Step(q, marks, inputs, carried))
    return Report(trace, claims, steps)


def _judge(q, qc, idx, true, carried, lo, hi):
    idx = tuple(int(i) for i in idx)
    c, h = float(qc.values[idx]), float(qc.half[idx])
    m = Mark(element_key(q.key, q.shape, idx), q.key, idx, c, qc.texts[idx], h, float(true[idx]),
             None if carried is None else float(carried[idx]), float(lo[idx]), float(hi[idx]))
    if _meets(c - h, c + h, m.true, m.true):
        m.verdict = CORRECT
    elif (carried is not None and math.isfinite(m.low) and math.isfinite(m.high)  # an overflow's range meets
          and _meets(c - h, c + h, m.low, m.high)):                               # every claim: never carried
        m.verdict = CARRIED
    return m


def _meets(a, b, lo, hi):
    """True when the closed intervals [a, b] and [lo, hi] share a point (up to floating-point noise)."""
    slack = SLACK * max(abs(a), abs(b), abs(lo), abs(hi), 1e-300)
    return a <= hi + slack and lo <= b + slack


def _input(trace, claims, arg, parent, value):
    qc = claims.quantities.get(parent)
    p = trace[parent]
    if qc is not None and qc.mask.any():
        source = "yours"
    elif p.template is None:
        source = "given"
    else:
        source = "from yours"
    return Input(_arg_name(arg), parent, value, source)


def _arg_name(arg):
    if isinstance(arg, sp.MatrixBase):
        names = [plain_name(s.name) for s in arg]
        return names[0] if len(names) == 1 else f"{names[0]}..{names[-1]}"
    return plain_name(arg.name)


def plain_name(name):
    """A template symbol's name as plain text (the labels are named ytrue only to sort after the outputs)."""
    return "y" + name[5:] if name.startswith("ytrue") else name


def _internal(value, shape, like=None):
    """An exported-shape array as the templates take it: vectors as columns (or as the trace keeps them, given
    `like`, a value of the trace: rows in the xW layout), scalars as floats."""
    if len(shape) == 0:
        return float(value)
    if len(shape) == 1:
        return np.asarray(value, dtype=float).reshape(np.shape(like) if like is not None else (-1, 1))
    return np.asarray(value, dtype=float)


def _evaluate(q, args, internal=None):
    """The quantity's formula at the given parent values (exported shapes); NaN where it is undefined.
    internal: the parents' values as the trace keeps them (their shapes are the templates')."""
    internal = internal or [None] * len(args)
    parents = [_internal(v, np.shape(v), like) for v, like in zip(args, internal)]
    try:
        with np.errstate(all="ignore"):
            out = q.template.evaluate(parents, q.consts)
    except (ArithmeticError, ValueError):
        return np.full(q.shape, np.nan)
    return np.reshape(np.asarray(out, dtype=float), q.shape)


def _extremes(q, points, lows, highs, internal=None):
    """The range of the formula over the box of its inputs' intervals.

    The pieces of these networks are monotone in each input over a small box, so the extremes sit at
    corners: for each output number, the corner its first differences (input at its top minus input at
    its bottom) point to, and the opposite one; with few uncertain inputs, every corner is tried too.
    """
    shapes = [np.shape(v) for v in points]
    if q.template.kind == ELEMENTWISE and len(set(shapes)) == 1:
        return _extremes_elementwise(q, points, lows, highs)
    sizes = [int(np.size(v)) for v in points]
    centre = np.concatenate([np.ravel(v) for v in points]) if points else np.zeros(0)
    lo = np.concatenate([np.ravel(v) for v in lows]) if points else centre
    hi = np.concatenate([np.ravel(v) for v in highs]) if points else centre

    def f(flat):
        parts = np.split(flat, np.cumsum(sizes)[:-1]) if sizes else []
        return np.ravel(_evaluate(q, [p.reshape(s) for p, s in zip(parts, shapes)], internal))

    base = f(centre)
    free = np.flatnonzero(hi > lo)
    if free.size == 0:
        return np.reshape(base, q.shape), np.reshape(base, q.shape)
    seen = [base]
    with np.errstate(all="ignore"):
        slopes = np.zeros((base.size, free.size))
        for n, j in enumerate(free):
            up, down = centre.copy(), centre.copy()
            up[j], down[j] = hi[j], lo[j]
            seen += [f(up), f(down)]
            slopes[:, n] = seen[-2] - seen[-1]
        corners = {tuple(np.sign(row)) for row in slopes} | {tuple(-np.sign(row)) for row in slopes}
    if free.size <= CORNER_LIMIT:
        corners |= set(itertools.product((-1.0, 1.0), repeat=free.size))
    for signs in corners:
        s = np.asarray(signs)
        x = centre.copy()
        x[free] = np.where(s > 0, hi[free], np.where(s < 0, lo[free], centre[free]))
        seen.append(f(x))
    stack = np.vstack(seen)  # fmin/fmax skip NaN (a formula undefined at some corner)
    return np.reshape(np.fmin.reduce(stack, axis=0), q.shape), np.reshape(np.fmax.reduce(stack, axis=0), q.shape)


def _extremes_elementwise(q, points, lows, highs):
    """_extremes for a formula applied element by element to inputs of one shape, with the same corners: each
    output element depends on the same element of each input only, so moving a whole input at once gives every
    element's slope in it (two evaluations per input, not per number)."""
    centre = [np.asarray(v, dtype=float) for v in points]
    lo = [np.asarray(v, dtype=float) for v in lows]
    hi = [np.asarray(v, dtype=float) for v in highs]
    base = np.ravel(_evaluate(q, centre))
    free = [int(np.count_nonzero(h > l)) for l, h in zip(lo, hi)]
    if not any(free):
        return np.reshape(base, q.shape), np.reshape(base, q.shape)
    seen, slopes = [base], []
    with np.errstate(all="ignore"):
        for n in range(len(centre)):
            if not free[n]:
                slopes.append(np.zeros(base.size))
                continue
            up, down = list(centre), list(centre)
            up[n], down[n] = hi[n], lo[n]
            seen += [np.ravel(_evaluate(q, up)), np.ravel(_evaluate(q, down))]
            slopes.append(seen[-2] - seen[-1])
        signs = np.sign(np.stack(slopes, axis=1))  # (elements, inputs): each element's corner
        for s in (signs, -signs):
            x = [np.where(s[:, n].reshape(c.shape) > 0, hi[n], np.where(s[:, n].reshape(c.shape) < 0, lo[n], c))
                 for n, c in enumerate(centre)]
            seen.append(np.ravel(_evaluate(q, x)))
    if sum(free) <= CORNER_LIMIT:
        for corner in itertools.product((-1.0, 1.0), repeat=len(centre)):
            seen.append(np.ravel(_evaluate(q, [hi[n] if c > 0 else lo[n] for n, c in enumerate(corner)])))
    stack = np.vstack(seen)
    return np.reshape(np.fmin.reduce(stack, axis=0), q.shape), np.reshape(np.fmax.reduce(stack, axis=0), q.shape)


def show(x, decimals, digits=1):
    """A true or carried value as text: to `decimals` decimal places, and at least `digits` significant digits."""
    if x is None:
        return ""
    if not math.isfinite(x):
        return numbers.plain(x)
    if x == 0:
        return "0"
    needed = decimals + 1 + math.floor(math.log10(abs(x)))
    return numbers.plain(x, min(max(needed, digits, 1), 15))
