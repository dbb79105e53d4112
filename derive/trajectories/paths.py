"""Optimizer paths on a surface f(x, y): the rules of optimizers.py with theta = (x, y) and g = grad f."""
import math
from dataclasses import dataclass, field

import numpy as np

from ..display import numbers
from ..errors import InputError
from ..language import message
from ..network.formulas import compile_numeric
from ..network.optimizers import const_values, lookahead_point, rule_of, template
from .file import Contender
from .surface import x, y


@dataclass(eq=False)
class Trajectory:
    """One optimizer's path: points[0] is the start, points[t] the point after step t."""

    contender: Contender
    points: np.ndarray  # (steps taken + 1, 2)
    values: np.ndarray  # f at each point
    gradients: np.ndarray  # (steps taken, 2): the gradient step t used
    lookahead: np.ndarray = None  # nesterov: (steps taken, 2), where step t took its gradient
    states: dict = field(default_factory=dict)  # slot -> (steps taken, 2), after each step
    stop: tuple = ()  # why the path ended before the last step: (message key, step), or () when it did not

    @property
    def taken(self):
        return len(self.points) - 1

    def stopped(self, code="en"):
        """Why the path ended early, in a language ("" when it did not)."""
        return message(code, self.stop[0], t=self.stop[1]) if self.stop else ""


@dataclass(frozen=True)
class Numeric:
    """f and its gradient as NumPy functions of (x, y)."""

    f: object
    grad: object

    @classmethod
    def of(cls, surface):
        return cls(compile_numeric([x, y], surface.expr), compile_numeric([x, y], list(surface.gradient)))

    def value(self, px, py):
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(self.f(px, py), dtype=float), np.shape(px)).copy()

    def gradient(self, point):
        # NumPy scalars, not Python floats: (-1.0) ** 1.5 is a complex number in Python, nan in NumPy
        with np.errstate(all="ignore"):
            return np.array([float(v) for v in self.grad(np.float64(point[0]), np.float64(point[1]))])


def run(surface, contender, numeric=None):
    """The path of one optimizer from the start, with the update rules of optimizers.py."""
    numeric = numeric or Numeric.of(surface)
    opt, rule = contender.optimizer, rule_of(contender.optimizer)
    point = np.array(surface.start, dtype=float)
    state = {s: np.zeros(2) for s in rule.persistent}
    points, values, grads, looks = [point], [float(numeric.value(*point))], [], []
    states = {s: [] for s in rule.slots}
    stop = ()
    for t in range(1, surface.steps + 1):
        keys = {"theta": point, **{f"{s}_prev": state[s] for s in rule.persistent}}
        where = point
        if rule.lookahead is not None:
            where = _apply(template(rule.lookahead), keys, opt, t)
        g = numeric.gradient(where)
        if not np.all(np.isfinite(where)) or not np.all(np.isfinite(g)):
            stop = ("trajectories.stopped.gradient", t)
            break
        keys["g"], keys[lookahead_point.name] = g, where
        for slot, expr in rule.steps:
            keys[slot] = _apply(template(expr), keys, opt, t)
        after = _apply(template(rule.update), keys, opt, t)
        value = float(numeric.value(*after))
        if not (np.all(np.isfinite(after)) and math.isfinite(value)
                and all(np.all(np.isfinite(keys[s])) for s in rule.slots)):
            stop = ("trajectories.stopped.value", t)
            break
        if rule.lookahead is not None:
            looks.append(where)
        grads.append(g)
        for s in rule.slots:
            states[s].append(keys[s])
        state = {s: keys[s] for s in rule.persistent}
        point = after
        points.append(point)
        values.append(value)
    return Trajectory(contender, np.array(points), np.array(values), np.array(grads).reshape(-1, 2),
                      np.array(looks).reshape(-1, 2) if rule.lookahead is not None else None,
                      {s: np.array(v).reshape(-1, 2) for s, v in states.items()}, stop)


def _apply(tmpl, keys, opt, t):
    return np.asarray(tmpl.evaluate([keys[a.name] for a in tmpl.args], const_values(tmpl.consts, opt, t)),
                      dtype=float)


def run_all(surface, numeric=None):
    """Every optimizer's path; an InputError when f or its gradient is not finite at the start."""
    numeric = numeric or Numeric.of(surface)
    start = np.array(surface.start)
    if not (np.isfinite(numeric.value(*start)) and np.all(np.isfinite(numeric.gradient(start)))):
        raise InputError(surface.path, "surface.start", "a point where f and its gradient are finite numbers",
                         "(%s, %s)" % (numbers.plain(start[0]), numbers.plain(start[1])))
    return [run(surface, c, numeric) for c in surface.contenders]
