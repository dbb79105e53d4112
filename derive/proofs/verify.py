"""Checking every (in)equality of a proof with SymPy: symbolically where it can, else for n = 1..20."""
from dataclasses import dataclass

import sympy as sp

from .steps import Approx, Expectation, Shown
from .sums import align_sums

EXACT_UP_TO = 20
SYMBOLIC, EXACT, ARITHMETIC = "symbolic", "exact", "arithmetic"


class ProofError(Exception):
    """A step SymPy could not verify: the proof, the step's number and the reason."""

    def __init__(self, proof, step, reason):
        self.proof, self.step, self.reason = proof, step, reason
        super().__init__(str(self))

    def __str__(self):
        return f"proof {self.proof}, step {self.step}: {self.reason}"


@dataclass(frozen=True)
class Outcome:
    """How one link was verified: the method and what SymPy did on the way."""

    method: str
    did: frozenset = frozenset()
    from_n: int = None         # the identity holds for every n >= from_n; None: no integer variable


class _Fail(Exception):
    """A link that does not hold (or that SymPy cannot decide); the message says why."""


def _value(item):
    """The SymPy expression a chain item stands for."""
    if isinstance(item, Shown):
        return item.value()
    if isinstance(item, Approx):
        return sp.sympify(item.exact)
    return sp.sympify(item)


def _substitute(expr, given, did):
    """expr with the step's definitions and earlier results put in until nothing changes."""
    mapping = {k: sp.sympify(v) for k, v in given}
    for _ in range(16):
        new = expr.xreplace(mapping)
        if new == expr:
            return expr
        did.add("given")
        expr = new
    raise _Fail("its definitions refer to each other without end")


def _expect(arg, means):
    """E[arg] by linearity: arg must be affine in the random atoms, each replaced by its mean."""
    marker = sp.Dummy("X")
    probe = arg
    for pattern, _ in means:
        probe = probe.replace(pattern, marker)
    if not probe.has(marker):
        return None
    if sp.expand(sp.diff(probe, marker, 2).doit()) != 0:
        raise _Fail(f"E[{arg}] is not linear in the random quantities, so linearity does not apply")
    for pattern, mean in means:
        arg = arg.replace(pattern, mean)
    return arg


def _expectations(expr, means, did):
    """expr with every expectation of random atoms taken by linearity; others (E[g]) stay as unknowns."""
    def evaluate(arg):
        value = _expect(arg, means)
        if value is None:
            return Expectation(arg)
        did.add("expectation")
        return value
    return expr.replace(Expectation, evaluate) if expr.has(Expectation) else expr


def _prepare(item, step, did):
    """A chain item as the expression SymPy compares: numbers, definitions, expectations put in."""
    expr = _substitute(_value(item), step.given, did)
    return _expectations(expr, step.means, did)


def _reduce(expr, assume, did):
    """expr with sums, products, limits and derivatives done and sums aligned; 0 when it vanishes."""
    done = expr.doit()
    if done != expr and (expr.has(sp.Sum) or expr.has(sp.Product)):
        did.add("closed form")
    if done.has(sp.Piecewise) and assume is not True:
        done = sp.refine(done, assume)
    aligned = align_sums(done)
    if aligned.has(sp.Sum) and sp.expand(aligned) != sp.expand(done):
        did.add("reindexed")
    if sp.expand(aligned) == 0:
        return 0
    if not aligned.has(sp.Sum):
        simple = sp.simplify(aligned)
        if simple == 0:
            return 0
        return simple
    return aligned


def _at(expr, var, n):
    """expr with var = n, every sum written out: an exact value (a rational function at worst)."""
    return sp.cancel(sp.expand(expr.xreplace({var: n}).doit()))


def _equal(lhs, rhs, spec, step, did):
    """The outcome of checking lhs = rhs, or _Fail with a residue or a counterexample."""
    numbers = {}
    for item in (lhs, rhs):
        if isinstance(item, Shown):
            numbers.update({k: sp.nsimplify(v) for k, v in item.values.items()})
    a, b = (_prepare(item, step, did).xreplace(numbers) for item in (lhs, rhs))
    for kind in (sp.Limit, sp.Derivative):
        if a.has(kind) or b.has(kind):
            did.add(kind.__name__.lower())
    free = a.free_symbols | b.free_symbols
    var = spec.var
    general = var is not None and var in free
    residue = _reduce(a - b, spec.assume, did)
    if residue == 0:
        method = SYMBOLIC if free else ARITHMETIC
        return Outcome(method, frozenset(did), step.from_n if general else None)
    if not general:
        raise _Fail(f"SymPy reduces left - right to {residue}, not 0")
    for n in range(max(step.from_n, 1), EXACT_UP_TO + 1):
        left, right = _at(a, var, n), _at(b, var, n)
        if sp.cancel(left - right) != 0:
            raise _Fail(f"it fails at {var} = {n}: the left side is {left} but the right side is {right}"
                        f" (SymPy reduces left - right to {residue}, not 0)")
    return Outcome(EXACT, frozenset(did), step.from_n)


def _ordered(lhs, rel, rhs, step):
    """The outcome of checking lhs < rhs or lhs <= rhs in exact arithmetic."""
    a, b = _prepare(lhs, step, set()), _prepare(rhs, step, set())
    diff = sp.nsimplify(sp.simplify(a - b))
    if not diff.is_number:
        raise _Fail(f"{a} {rel} {b} is not a comparison of numbers")
    holds = diff < 0 if rel == "<" else diff <= 0
    if not bool(holds):
        raise _Fail(f"{a} {rel} {b} is false")
    return Outcome(ARITHMETIC)


def check_link(lhs, link, spec, step):
    """The outcome of one link of a chain (raises _Fail)."""
    if link.rel in ("=", "approx"):
        return _equal(lhs, link.expr, spec, step, set())
    if link.rel in ("<", "<="):
        return _ordered(lhs, link.rel, link.expr, step)
    raise _Fail(f"unknown relation {link.rel!r}")


def check_step(spec, number, step):
    """The outcomes of every link of a step; ProofError names the step that fails."""
    outcomes = []
    for c in step.chains:
        prev = c[0]
        for k, link in enumerate(c[1:], start=1):
            try:
                outcomes.append(check_link(prev, link, spec, step))
            except _Fail as err:
                raise ProofError(spec.name, number, f"'{step.title}', relation {k} of its claim: {err}") from None
            prev = link.expr
    if not outcomes:
        raise ProofError(spec.name, number, f"'{step.title}' asserts nothing SymPy can check")
    return outcomes


_DID = (  # what SymPy did, in the order a reader would do it
    ("given", "put in the definitions and earlier steps"),
    ("expectation", "took expectations by linearity"),
    ("closed form", "summed in closed form"),
    ("reindexed", "re-indexed and aligned the sums"),
    ("derivative", "differentiated"),
    ("limit", "took the limit"),
)


def describe(outcomes, var):
    """How a step was verified, as words and expressions for the sheet's small print."""
    methods = {o.method for o in outcomes}
    starts = [o.from_n for o in outcomes if o.from_n is not None]
    if EXACT in methods:
        lo = min(starts)
        parts = ["checked exactly for every ", var, f" from {lo} to {EXACT_UP_TO}"]
        if SYMBOLIC in methods:
            parts.append(" (the other relations symbolically)")
    elif SYMBOLIC in methods:
        parts = ["symbolic identity"]
        if starts:
            parts += [" for every integer ", sp.Ge(var, max(starts), evaluate=False)]
        if ARITHMETIC in methods:
            parts.append(", numbers in exact arithmetic")
    else:
        parts = ["exact arithmetic"]
    did = set().union(*(o.did for o in outcomes))
    steps = [text for key, text in _DID if key in did]
    if steps:
        parts.append("; SymPy " + ", ".join(steps))
    return tuple(parts)
