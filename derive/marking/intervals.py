"""Interval arithmetic over written precisions: the range a step's formula takes over the box of its inputs."""
import itertools

import numpy as np

from ..network.formulas import ELEMENTWISE

CORNER_LIMIT = 6  # enumerate every corner of an input box with at most this many uncertain numbers
SLACK = 1e-9  # relative: floating-point noise at the ends of an interval
FLOOR = 1e-12  # absolute: below it a number is floating-point noise (a gradient that is 0 in exact arithmetic)


def meets(a, b, lo, hi):
    """True when the closed intervals [a, b] and [lo, hi] share a point (up to floating-point noise)."""
    slack = max(SLACK * max(abs(a), abs(b), abs(lo), abs(hi)), FLOOR)
    return a <= hi + slack and lo <= b + slack


def internal(value, shape, like=None):
    """An exported-shape array as the templates take it: vectors as columns (or as the trace keeps them, given
    `like`, a value of the trace: rows in the xW layout), scalars as floats."""
    if len(shape) == 0:
        return float(value)
    if len(shape) == 1:
        return np.asarray(value, dtype=float).reshape(np.shape(like) if like is not None else (-1, 1))
    return np.asarray(value, dtype=float)


def evaluate(q, args, kept=None):
    """The quantity's formula at the given parent values (exported shapes); NaN where it is undefined.
    kept: the parents' values as the trace keeps them (their shapes are the templates')."""
    kept = kept or [None] * len(args)
    parents = [internal(v, np.shape(v), like) for v, like in zip(args, kept)]
    try:
        with np.errstate(all="ignore"):
            out = q.template.evaluate(parents, q.consts)
    except (ArithmeticError, ValueError):
        return np.full(q.shape, np.nan)
    return np.reshape(np.asarray(out, dtype=float), q.shape)


def extremes(q, points, lows, highs, kept=None):
    """The range of the formula over the box of its inputs' intervals.

    The pieces of these networks are monotone in each input over a small box, so the extremes sit at
    corners: for each output number, the corner its first differences (input at its top minus input at
    its bottom) point to, and the opposite one; with few uncertain inputs, every corner is tried too.
    """
    shapes = [np.shape(v) for v in points]
    if q.template.kind == ELEMENTWISE and len(set(shapes)) == 1:
        return extremes_elementwise(q, points, lows, highs)
    sizes = [int(np.size(v)) for v in points]
    centre = np.concatenate([np.ravel(v) for v in points]) if points else np.zeros(0)
    lo = np.concatenate([np.ravel(v) for v in lows]) if points else centre
    hi = np.concatenate([np.ravel(v) for v in highs]) if points else centre

    def f(flat):
        parts = np.split(flat, np.cumsum(sizes)[:-1]) if sizes else []
        return np.ravel(evaluate(q, [p.reshape(s) for p, s in zip(parts, shapes)], kept))

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


def extremes_elementwise(q, points, lows, highs):
    """extremes for a formula applied element by element to inputs of one shape, with the same corners: each
    output element depends on the same element of each input only, so moving a whole input at once gives every
    element's slope in it (two evaluations per input, not per number)."""
    centre = [np.asarray(v, dtype=float) for v in points]
    lo = [np.asarray(v, dtype=float) for v in lows]
    hi = [np.asarray(v, dtype=float) for v in highs]
    base = np.ravel(evaluate(q, centre))
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
            seen += [np.ravel(evaluate(q, up)), np.ravel(evaluate(q, down))]
            slopes.append(seen[-2] - seen[-1])
        signs = np.sign(np.stack(slopes, axis=1))  # (elements, inputs): each element's corner
        for s in (signs, -signs):
            x = [np.where(s[:, n].reshape(c.shape) > 0, hi[n], np.where(s[:, n].reshape(c.shape) < 0, lo[n], c))
                 for n, c in enumerate(centre)]
            seen.append(np.ravel(evaluate(q, x)))
    if sum(free) <= CORNER_LIMIT:
        for corner in itertools.product((-1.0, 1.0), repeat=len(centre)):
            seen.append(np.ravel(evaluate(q, [hi[n] if c > 0 else lo[n] for n, c in enumerate(corner)])))
    stack = np.vstack(seen)
    return np.reshape(np.fmin.reduce(stack, axis=0), q.shape), np.reshape(np.fmax.reduce(stack, axis=0), q.shape)
