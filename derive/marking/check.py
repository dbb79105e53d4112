"""Marking hand-worked numbers: correct (follows from correct numbers, rounding included), carried (follows
from an earlier wrong number), imprecise (written with less precision than the policy asks) or wrong."""
import math
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..display import numbers
from .claims import asked, element_key
from .intervals import FLOOR, evaluate, extremes, meets
from .policy import Policy

CORRECT, CARRIED, IMPRECISE, WRONG = "correct", "carried", "imprecise", "wrong"
VERDICTS = (CORRECT, CARRIED, IMPRECISE, WRONG)  # in order of severity: a step shows its worst
UNANSWERED = "unanswered"
WEIGHTS = {CORRECT: 1.0, CARRIED: 0.5, IMPRECISE: 0.5, WRONG: 0.0}  # the score's default weights (unanswered: 0)


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
    carried: float  # what the student's own numbers give
    low: float  # the range the student's rounded numbers give
    high: float
    verdict: str = WRONG
    counted: bool = True  # an asked number (the question sheet's); claims of others are marked, not counted
    follows: bool = False  # within the range correct numbers give (correct, or imprecise but correct)

    @property
    def decimals(self):
        """Decimals the claim is written with: true and carried values are shown with as many."""
        return max(0, math.ceil(-math.log10(2 * self.half) - 1e-9)) if self.half > 0 else 6

    @property
    def carried_differs(self):
        """True when the carried value is worth showing: it reads differently from the true one."""
        return self.carried is not None and show(self.carried, self.decimals + 1) != show(self.true, self.decimals + 1)

    def export(self):
        shown = self.verdict not in (CORRECT, IMPRECISE) and self.carried_differs and math.isfinite(self.carried)
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
    carried: np.ndarray = None  # exported shape: the formula at the student's numbers

    @property
    def key(self):
        return self.quantity.key

    @property
    def verdict(self):
        return max((m.verdict for m in self.marks), key=VERDICTS.index)

    @property
    def hint(self):
        """A wrong step gets a hint: its formula with the student's numbers in it, and what they give."""
        return self.verdict == WRONG


@dataclass
class Report:
    """Every step and mark of a claims file, in computation order, and what was asked."""

    trace: object
    claims: object
    steps: list
    policy: Policy = Policy()
    asked: int = 0  # the numbers the question sheet asks for

    @property
    def marks(self):
        return [m for s in self.steps for m in s.marks]

    def counts(self):
        """How many asked numbers got each verdict, and how many were not answered: they add up to `asked`."""
        found = [m.verdict for m in self.marks if m.counted]
        counts = {v: found.count(v) for v in VERDICTS}
        counts[UNANSWERED] = self.asked - len(found)
        return counts

    @property
    def first_error(self):
        return next((m for m in self.marks if m.verdict == WRONG), None)

    def export(self):
        return [m.export() for m in self.marks]

    def score(self, weights=None):
        """The percent of the asked numbers earned, each verdict weighted (default WEIGHTS); None if none asked."""
        weights = weights or WEIGHTS
        if not self.asked:
            return None
        earned = sum(weights[m.verdict] for m in self.marks if m.counted)
        return 100 * earned / (weights[CORRECT] * self.asked)


@dataclass
class World:
    """A quantity's numbers in one world, in its exported shape: a point and the range around it."""

    point: np.ndarray
    low: np.ndarray
    high: np.ndarray


def mark(trace, claims, policy=None):
    """Mark every claim. Two worlds are walked through the trace: the student's (their numbers where they wrote
    them, else what their numbers give) and the correct one (their numbers where these are correct, else what
    the correct ones give). A number within its correct world's range is correct; within its own world's
    range only (it follows from an earlier wrong number) carried; else wrong."""
    policy = policy or Policy.from_problem(trace.problem)
    asked_keys = set(asked(trace))
    yours, right = {}, {}
    untouched = set()  # keys whose numbers are the trace's own, exactly: no claim before them changes them
    steps = []
    for key, q in trace.quantities.items():
        true = np.reshape(np.asarray(q.value, dtype=float), q.shape)
        qc = claims.quantities.get(key)
        if q.template is None or all(p in untouched for p in q.parents):
            mine = correct = World(true, true, true)
            if qc is None:
                untouched.add(key)
        else:
            mine = _step(q, yours, trace)
            correct = mine if all(yours[p] is right[p] for p in q.parents) else _step(q, right, trace)
        if qc is None or q.template is None:  # a given value is the problem's, whatever a claims file says
            yours[key], right[key] = mine, correct
            continue
        mask = qc.mask
        exact = mask & _same(qc.values, true)  # copied, or times 0: not rounded
        half = np.where(exact, 0.0, qc.half)
        point = np.where(mask, np.where(exact, true, qc.values), mine.point)
        yours[key] = World(point, np.where(mask, point - half, mine.low), np.where(mask, point + half, mine.high))
        marks = [_judge(q, qc, tuple(int(i) for i in idx), true, mine, correct, policy, key in asked_keys)
                 for idx in np.ndindex(*q.shape) if mask[idx]]
        follows = np.zeros(q.shape, dtype=bool)
        for m in marks:
            follows[m.index] = m.follows
        if follows[mask].all() and correct is mine:
            right[key] = yours[key]
        else:
            right[key] = World(np.where(follows, point, correct.point), np.where(follows, yours[key].low, correct.low),
                               np.where(follows, yours[key].high, correct.high))
        inputs = [_input(trace, claims, a, p, yours[p].point) for a, p in zip(q.template.args, q.parents)]
        steps.append(Step(q, marks, inputs, mine.point))
    numbers_asked = sum(math.prod(trace[k].shape) for k in asked_keys)
    return Report(trace, claims, steps, policy, numbers_asked)


def _step(q, world, trace):
    """What the step's formula gives in a world: at its inputs' points, and its range over their ranges."""
    parents = [world[p] for p in q.parents]
    kept = [trace[p].value for p in q.parents]
    point = evaluate(q, [p.point for p in parents], kept)
    low, high = extremes(q, [p.point for p in parents], [p.low for p in parents], [p.high for p in parents], kept)
    return World(point, low, high)


def _judge(q, qc, idx, true, mine, correct, policy, counted):
    c, h = float(qc.values[idx]), float(qc.half[idx])
    m = Mark(element_key(q.key, q.shape, idx), q.key, idx, c, qc.texts[idx], h, float(true[idx]),
             float(mine.point[idx]), float(mine.low[idx]), float(mine.high[idx]), counted=counted)
    exact = bool(_same(c, m.true))
    width = 0.0 if exact else h
    if meets(c - width, c + width, float(correct.low[idx]), float(correct.high[idx])) or \
            meets(c - width, c + width, m.true, m.true):  # the true value itself, worked at full precision
        m.verdict, m.follows, reference = CORRECT, True, float(correct.point[idx])
    elif math.isfinite(m.low) and math.isfinite(m.high) and meets(c - width, c + width, m.low, m.high):
        m.verdict, reference = CARRIED, m.carried  # an overflow's range meets every claim: never carried
    else:
        return m
    if not exact and \
            not policy.precise(h, max(abs(c), abs(reference) if math.isfinite(reference) else 0.0)):
        if m.verdict == CORRECT and _written_as_own(m, c, width, h, policy):
            m.verdict, m.follows = CARRIED, False
        else:
            m.verdict = IMPRECISE
    return m


def _written_as_own(m, claimed, width, half, policy):
    """True when a number too short for the true value is the student's own value (worked from their earlier,
    slipped numbers) written to the digits asked of it: their value is far from the true one in size (a true
    1.6e-5 where their own is 0), so the true value asks for decimals their own does not. Such a number is carried,
    never imprecise: a student loses nothing for rounding their own work."""
    return (math.isfinite(m.low) and math.isfinite(m.high) and meets(claimed - width, claimed + width, m.low, m.high)
            and policy.precise(half, max(abs(claimed), abs(m.carried))))


def _same(claimed, value):
    """A number written exactly (copied, or a 0 where the value is 0 up to floating-point noise): not rounded.
    Numbers or arrays; numpy.isclose's rule (relative 1e-12, equal infinities), in plain arithmetic, which on
    one number costs a tenth of it."""
    with np.errstate(invalid="ignore"):  # inf - inf
        near = (abs(claimed - value) <= 1e-12 * abs(value)) & (abs(value) < math.inf)
        return (claimed == value) | near | ((claimed == 0) & (abs(value) <= FLOOR))


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
