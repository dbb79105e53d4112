"""The [vary] table of a problem file: which numbers vary per student and how, validated; and the draws.

    [vary]
    seed = 2026                                  # the problem's seed; each student's is derived from it
    init.W = {uniform = [-0.5, 0.5], decimals = 1}
    data.x = {uniform = [-1, 1], decimals = 1}   # every element drawn on its own
    "init.b1[2]" = {choices = [0, 0.1, -0.1]}    # one element
    optimizer.lr = {choices = [0.1, 0.05]}
    draws = 20                                   # at most this many draws per student (degenerate ones are redrawn)
    reject = ["saturated", "dead-relu", "zero-gradient"]

Draws are hashes (BLAKE2b) of the student's seed, the draw's number, the key and the element: the same
on every machine and Python version, and one student's numbers do not depend on anyone else's.
"""
import copy
import decimal
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..problem import limits, model, spec
from ..errors import InputError
from .degenerate import CHECKS

SETTINGS = ("seed", "draws", "reject")
RULE_KEYS = ("uniform", "choices", "decimals")
DEFAULT_DECIMALS = 2
MAX_DECIMALS = 6
MAX_CHOICES = 100
DEFAULT_DRAWS = 20
MAX_DRAWS = 1000
MAX_SEED = 2**63 - 1
MAX_GRID = 10**15  # grid points of a uniform rule: far below the hash's 2^128, so every point is as likely
TARGET = re.compile(r"(?P<section>data|init|optimizer)\.(?P<name>[A-Za-z][A-Za-z0-9_]*)"
                    r"(?:\[(?P<index>\d+(?:,\d+)?)\])?\Z")
EXAMPLE = "a rule such as {uniform = [-0.5, 0.5], decimals = 1} or {choices = [0.1, 0.05]}"


@dataclass(frozen=True)
class Rule:
    """How one number, or every element of one value, varies: uniform on a grid of decimals, or choices."""

    target: str  # as written: init.W or init.W[1,2]
    section: str
    name: str
    index: tuple  # 0-based element, or None for every element
    shape: tuple  # the value's shape in the problem file
    choices: tuple  # the values to pick from; for uniform, None
    low: int = 0  # uniform: the grid low/10^decimals .. high/10^decimals
    high: int = 0
    decimals: int = 0

    def cells(self):
        """The elements this rule draws, in order."""
        return [self.index] if self.index is not None else list(np.ndindex(*self.shape))

    def value(self, *parts):
        """The number drawn for the hash inputs `parts`."""
        if self.choices is not None:
            return self.choices[_pick(len(self.choices), *parts)]
        return _grid(self.low + _pick(self.high - self.low + 1, *parts), self.decimals)

    def extremes(self):
        """Every value the rule can give, or its two ends and the grid points next to them: the problem's checks
        are bounds, or whole numbers (a label 0 or 1, a one-hot row) that a point between the ends breaks."""
        if self.choices is not None:
            return list(dict.fromkeys(self.choices))
        points = [self.low, min(self.low + 1, self.high), max(self.high - 1, self.low), self.high]
        return list(dict.fromkeys(_grid(k, self.decimals) for k in points))


@dataclass(frozen=True)
class Plan:
    """A problem's [vary] table, validated against the problem."""

    path: Path
    raw: dict  # the problem file's tables without [vary]
    seed: int
    draws: int
    reject: tuple
    rules: tuple
    language: str = "en"  # the sheets' language ([sheet] language), which the variants keep


def student_seed(seed, student_id):
    """A student's seed: a hash of the problem's seed and the student's id alone (63 bits)."""
    digest = hashlib.blake2b(f"derive-variant/{seed}/{student_id}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def draw(plan, seed, attempt):
    """The problem file's tables of draw `attempt` (0-based) for the student seed `seed`."""
    raw = copy.deepcopy(plan.raw)
    for rule in plan.rules:
        section = raw.setdefault(rule.section, {})
        if not rule.shape:
            section[rule.name] = rule.value(seed, attempt, rule.target, 0)
            continue
        cells = np.array(section[rule.name], dtype=object)
        for n, idx in enumerate(rule.cells()):
            cells[idx] = rule.value(seed, attempt, rule.target, n)
        section[rule.name] = cells.tolist()
    return raw


def _pick(n, *parts):
    digest = hashlib.blake2b("/".join(map(str, parts)).encode("utf-8"), digest_size=16).digest()
    return int.from_bytes(digest, "big") % n


def _grid(k, decimals):
    """k / 10^decimals as the number a problem file would say: an integer for 0 decimals."""
    return int(k) if decimals == 0 else float(decimal.Decimal(k).scaleb(-decimals))


# --- reading and validating [vary] ----------------------------------------------------------------
def plan_of(problem, seed=None):
    """The validated [vary] table of `problem`; `seed` overrides its seed. Every defect is an InputError."""
    path = problem.path
    table = problem.raw.get("vary")
    if not table:
        raise InputError(path, "vary", "a [vary] table saying which numbers vary (see README: Teaching a class)",
                         "nothing")
    if seed is None:
        if "seed" not in table:
            raise InputError(path, "vary.seed", "a seed: a whole number from 0", "nothing")
        seed = table["seed"]
        _whole(path, "vary.seed", seed, 0, MAX_SEED)
    draws = table.get("draws", DEFAULT_DRAWS)
    _whole(path, "vary.draws", draws, 1, MAX_DRAWS)
    limits.check_draws(problem, draws)
    reject = table.get("reject", list(CHECKS))
    if not isinstance(reject, list) or not all(isinstance(r, str) and r in CHECKS for r in reject):
        raise InputError(path, "vary.reject", "a list of checks among " + ", ".join(CHECKS), _describe(reject))
    base = {k: v for k, v in problem.raw.items() if k != "vary"}
    rules = []
    for target, entry in _entries(path, table):
        rules.append(_rule(problem, base, target, entry))
    if not rules:
        raise InputError(path, "vary", "at least one number that varies, with " + EXAMPLE, "none")
    _no_overlap(path, rules)
    for rule in rules:
        _accepted(problem, base, rule)
    return Plan(path, base, int(seed), draws, tuple(dict.fromkeys(reject)), tuple(rules), problem.language)


def _entries(path, table):
    """(target, rule table) pairs: nested tables (init.W = ...) and quoted keys ("init.W[1,2]" = ...) alike."""
    stack = [("", {k: v for k, v in table.items() if k not in SETTINGS})]
    found = []
    while stack:
        prefix, items = stack.pop(0)
        for key, value in items.items():
            target = prefix + key
            if isinstance(value, dict) and value and not any(k in RULE_KEYS for k in value):
                stack.append((target + ".", value))
            elif isinstance(value, dict) and value:
                found.append((target, value))
            else:
                raise InputError(path, f"vary.{target}", EXAMPLE if TARGET.match(target) else
                                 "seed, draws, reject, or a number of the problem with " + EXAMPLE, _describe(value))
    return found


def _targets(problem):
    kind = problem.optimizer.kind
    return {"data": ("x", "y"), "init": problem.params,
            "optimizer": ("lr", "iterations", *model.settings_of(kind))}


def _rule(problem, base, target, entry):
    path, key = problem.path, f"vary.{target}"
    m = TARGET.match(target)
    names = _targets(problem)
    if not m or m.group("name") not in names[m.group("section")]:
        listed = ", ".join(f"{s}.{n}" for s, ns in names.items() for n in ns)
        raise InputError(path, key, f"a number of the problem that can vary ({listed})", "a key that does not exist")
    section, name = m.group("section"), m.group("name")
    value = base.get(section, {}).get(name, dict(problem.optimizer.settings).get(name))
    shape = np.shape(np.array(value, dtype=object))
    index = None
    if m.group("index"):
        parts = m.group("index").split(",")  # an index of thousands of digits is refused, not converted
        index = tuple(int(i) - 1 if len(i) <= 9 else -1 for i in parts)
        if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape)):
            dims = "x".join(map(str, shape)) if shape else "a single number (no index)"
            raise InputError(path, key, f"an element within {dims} (1-based)", _describe(f"[{m.group('index')}]"))
    for extra in entry:
        if extra not in RULE_KEYS:
            raise InputError(path, f"{key}.{extra}", "only uniform, choices and decimals", repr(extra))
    if ("uniform" in entry) == ("choices" in entry):
        raise InputError(path, key, "one of uniform = [low, high] or choices = [...]",
                         "both" if "uniform" in entry else "neither")
    if "choices" in entry:
        if "decimals" in entry:
            raise InputError(path, f"{key}.decimals", "decimals with uniform only (choices are used as written)",
                             _describe(entry["decimals"]))
        choices = entry["choices"]
        if not isinstance(choices, list) or not 1 <= len(choices) <= MAX_CHOICES \
                or not all(_number(c) for c in choices):
            raise InputError(path, f"{key}.choices", f"a list of 1 to {MAX_CHOICES} finite numbers", _describe(choices))
        return Rule(target, section, name, index, shape, tuple(choices))
    bounds = entry["uniform"]
    if not isinstance(bounds, list) or len(bounds) != 2 or not all(_number(b) for b in bounds):
        raise InputError(path, f"{key}.uniform", "[low, high]: two finite numbers", _describe(bounds))
    if bounds[0] > bounds[1]:
        raise InputError(path, f"{key}.uniform", "[low, high] with low <= high", _describe(bounds))
    decimals = entry.get("decimals", DEFAULT_DECIMALS)
    _whole(path, f"{key}.decimals", decimals, 0, MAX_DECIMALS)
    low = _scaled(bounds[0], decimals, decimal.ROUND_CEILING)
    high = _scaled(bounds[1], decimals, decimal.ROUND_FLOOR)
    if low > high:
        raise InputError(path, f"{key}.uniform", f"a range holding a number with {decimals} decimals",
                         _describe(bounds))
    if high - low + 1 > MAX_GRID:  # the 128-bit hash draws uniformly from at most this many grid points
        raise InputError(path, f"{key}.uniform", f"at most {MAX_GRID:.0e} numbers with {decimals} decimals "
                         "between low and high (a narrower range or fewer decimals)", _describe(bounds))
    return Rule(target, section, name, index, shape, None, low, high, decimals)


def _scaled(bound, decimals, rounding):
    return int(decimal.Decimal(repr(bound)).scaleb(decimals).to_integral_value(rounding))


def _no_overlap(path, rules):
    seen = {}
    for rule in rules:
        whole = (rule.section, rule.name)
        for earlier in seen.get(whole, []):
            if rule.index is None or earlier.index is None or rule.index == earlier.index:
                raise InputError(path, f"vary.{rule.target}", "one rule for each number",
                                 f"a second rule for numbers of vary.{earlier.target}")
        seen.setdefault(whole, []).append(rule)


def _accepted(problem, base, rule):
    """Refuse a rule that can draw a value the problem file would refuse (a negative lr, a label 2, ...)."""
    for value in rule.extremes():
        trial = copy.deepcopy(base)
        section = trial.setdefault(rule.section, {})
        if rule.shape:
            cells = np.array(section[rule.name], dtype=object)
            for idx in rule.cells():
                cells[idx] = value
            section[rule.name] = cells.tolist()
        else:
            section[rule.name] = value
        try:
            spec.parse(trial, problem.path)
        except InputError as err:
            raise InputError(problem.path, f"vary.{rule.target}",
                             f"values the problem accepts ({err.key}: expected {err.expected})",
                             f"a rule that can draw {value!r}") from None


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e300


def _whole(path, key, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(path, key, f"a whole number from {low} to {high}", _describe(value))


def _describe(value):
    if isinstance(value, dict):
        return "a table"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
