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


def evaluate_stacked(q, columns, kept=None):
    """evaluate at several points at once: columns[i] holds parent i's value at each point, a first axis of
    points before its exported shape; an array (points, *q.shape). One NumPy call for every point where the
    formula takes a stack, else point by point (NaN at a point where it is undefined)."""
    count = len(columns[0]) if columns else 1
    kept = kept or [None] * len(columns)
    parents = [_stacked_internal(c, like) for c, like in zip(columns, kept)]
    try:
        out = q.template.evaluate_stacked(parents, q.consts)
    except (ArithmeticError, ValueError):
        out = None
    if out is not None:
        return np.reshape(np.asarray(out, dtype=float), (count, *q.shape))
    return np.stack([np.reshape(evaluate(q, [c[n] for c in columns], kept), q.shape) for n in range(count)])


def _stacked_internal(column, like):
    """internal for a stack of values: the first axis the points'."""
    column = np.asarray(column, dtype=float)
    if column.ndim == 2:  # vectors
        return column.reshape((len(column), *(np.shape(like) if like is not None else (-1, 1))))
    return column


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
    free = np.flatnonzero(hi > lo)
    cuts = np.cumsum(sizes)[:-1]

    def at(rows):  # the formula at each row of flat inputs: (rows, outputs)
        columns = [part.reshape((len(rows), *s)) for part, s in zip(np.split(rows, cuts, axis=1), shapes)]
        return evaluate_stacked(q, columns, kept).reshape(len(rows), -1)

    probes = np.repeat(centre[None, :], 1 + 2 * free.size, axis=0)
    probes[1 + 2 * np.arange(free.size), free] = hi[free]  # input j at its top, then at its bottom
    probes[2 + 2 * np.arange(free.size), free] = lo[free]
    seen = at(probes)
    if free.size == 0:
        return np.reshape(seen[0], q.shape), np.reshape(seen[0], q.shape)
    with np.errstate(all="ignore"):
        slopes = (seen[1::2] - seen[2::2]).T  # (outputs, free inputs)
        corners = {tuple(np.sign(row)) for row in slopes} | {tuple(-np.sign(row)) for row in slopes}
    if free.size <= CORNER_LIMIT:
        corners |= set(itertools.product((-1.0, 1.0), repeat=free.size))
    signs = np.array(sorted(corners))
    x = np.repeat(centre[None, :], len(signs), axis=0)
    x[:, free] = np.where(signs > 0, hi[free], np.where(signs < 0, lo[free], centre[free]))
    stack = np.vstack([seen, at(x)])  # fmin/fmax skip NaN (a formula undefined at some corner)
    return np.reshape(np.fmin.reduce(stack, axis=0), q.shape), np.reshape(np.fmax.reduce(stack, axis=0), q.shape)


def extremes_elementwise(q, points, lows, highs):
    """extremes for a formula applied element by element to inputs of one shape, with the same corners: each
    output element depends on the same element of each input only, so moving a whole input at once gives every
    element's slope in it (two evaluations per input, not per number)."""
    centre = [np.asarray(v, dtype=float) for v in points]
    lo = [np.asarray(v, dtype=float) for v in lows]
    hi = [np.asarray(v, dtype=float) for v in highs]
    free = [int(np.count_nonzero(h > l)) for l, h in zip(lo, hi)]
    moved = [n for n in range(len(centre)) if free[n]]
    # the centre, then each uncertain input at its top and at its bottom with the others at the centre
    probes = [centre] + [[end if k == n else c for k, c in enumerate(centre)] for n in moved for end in (hi[n], lo[n])]
    seen = _stacked(q, probes)
    if not moved:
        return np.reshape(seen[0], q.shape), np.reshape(seen[0], q.shape)
    with np.errstate(all="ignore"):
        slopes = [np.zeros(seen.shape[1])] * len(centre)
        for i, n in enumerate(moved):
            slopes[n] = seen[1 + 2 * i] - seen[2 + 2 * i]
        signs = np.sign(np.stack(slopes, axis=1))  # (elements, inputs): each element's corner
        corners = [[np.where(s[:, n].reshape(c.shape) > 0, hi[n], np.where(s[:, n].reshape(c.shape) < 0, lo[n], c))
                    for n, c in enumerate(centre)] for s in (signs, -signs)]
    if sum(free) <= CORNER_LIMIT:
        corners += [[hi[n] if c > 0 else lo[n] for n, c in enumerate(corner)]
                    for corner in itertools.product((-1.0, 1.0), repeat=len(centre))]
    stack = np.vstack([seen, _stacked(q, corners)])
    return np.reshape(np.fmin.reduce(stack, axis=0), q.shape), np.reshape(np.fmax.reduce(stack, axis=0), q.shape)


def _stacked(q, points):
    """The formula at each point (a list of its inputs' values, as exported): (points, outputs)."""
    columns = [np.stack([p[n] for p in points]) for n in range(len(points[0]))] if points[0] else []
    return evaluate_stacked(q, columns).reshape(len(points), -1)
