"""Checking every (in)equality of a proof with SymPy: symbolically where it can, else for n = 1..20."""
from dataclasses import dataclass

import sympy as sp

from ..language import messages
from .steps import Approx, Expectation, Shown, exact
from .sums import align_sums, split_sums

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
    expr = _substitute(_rebuild(_value(item)), step.given, did)
    return _expectations(expr, step.means, did)


def _generic(expr, ratios):
    """expr with each Piecewise replaced by its branch for ratios, which are not 1 (geometric sums)."""
    known = {sp.Eq(r, 1): sp.false for r in ratios}

    def pick(*branches):
        for value, condition in branches:
            if condition.xreplace(known) == sp.true:
                return value
        return sp.Piecewise(*branches)
    return expr.replace(sp.Piecewise, pick)


def _in_unit_interval(expr, ratios):
    """expr with each ratio r written 1/(1 + q), q > 0, so SymPy knows 0 < r < 1 (square roots)."""
    return expr.xreplace({r: 1 / (1 + sp.Dummy("q", positive=True)) for r in ratios})


def _rebuild(expr):
    """expr rebuilt bottom-up, so that what was kept as written (frac, root, plus) evaluates."""
    if isinstance(expr, sp.UnevaluatedExpr):
        return _rebuild(expr.args[0])
    if not expr.args or isinstance(expr, (sp.Sum, sp.Derivative, sp.Limit, sp.Product)):
        return expr.func(*[_rebuild(a) for a in expr.args]) if expr.args else expr
    return expr.func(*[_rebuild(a) for a in expr.args])


def _limit(lim):
    """A limit: the value at the point where the expression is continuous there (the rational and algebraic
    expressions of the proofs, whose denominators do not vanish), else SymPy's limit algorithm."""
    expr, var, point = lim.args[0], lim.args[1], lim.args[2]
    if point is sp.oo:  # r^t -> 0 for a number |r| < 1, then continuity as below
        vanishing = {p: 0 for p in expr.atoms(sp.Pow) if p.exp == var and p.base.is_number and abs(p.base) < 1}
        expr, var, point = expr.xreplace(vanishing), sp.Dummy(), sp.S.Zero
        if lim.args[1] in expr.free_symbols:
            return lim.doit()
    if not expr.has(sp.Piecewise, sp.floor, sp.ceiling, sp.sign) and point.is_finite:
        at = expr.xreplace({var: point})
        if not at.has(sp.nan, sp.zoo, sp.oo, -sp.oo) and at.is_finite is not False:
            denominators = [sp.denom(term) for term in sp.Add.make_args(sp.together(expr))]
            if all(d.xreplace({var: point}) != 0 for d in denominators):
                return at
    return lim.doit()


def _evaluate(expr, did):
    """Derivatives, limits, products and sums done (sums over sequences only split by linearity)."""
    expr = _rebuild(expr)
    for _ in range(4):
        new = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda d: sp.diff(d.expr, *d.variable_count))
        new = new.replace(lambda e: isinstance(e, sp.Limit), _limit)
        new = new.replace(lambda e: isinstance(e, sp.Product), lambda e: e.doit())
        new = split_sums(new, did)
        if new == expr:
            break
        expr = new
    return expr


def _reduce(expr, ratios, did):
    """expr with sums, products, limits and derivatives done and sums aligned; 0 when it vanishes."""
    if expr.has(sp.Product):
        did.add("closed form")
    done = _evaluate(expr, did)
    if done.has(sp.Piecewise) and ratios:
        done = _generic(done, ratios)
    aligned = align_sums(done)
    if aligned.has(sp.Sum) and sp.expand(aligned) != sp.expand(done):
        did.add("reindexed")
    if sp.expand(aligned) == 0:
        return 0
    if not aligned.has(sp.Sum):
        if sp.cancel(aligned) == 0:  # rational functions: much cheaper than simplify
            return 0
        simple = sp.simplify(aligned)
        if simple != 0 and simple.free_symbols & set(ratios):
            if sp.simplify(_in_unit_interval(simple, ratios)) == 0:
                return 0
        return simple
    return aligned


def _short(expr, limit=160):
    """An expression as text for a message, cut short when it is long (huge numbers rounded)."""
    try:
        text = str(expr)
    except ValueError:  # integers beyond Python's conversion limit, e.g. exact 0.999^4603
        text = str(sp.N(expr, 8))
    return text if len(text) <= limit else text[: limit - 5] + " ..."


def _at(expr, var, n):
    """expr with var = n, every sum written out: an exact value (a rational function at worst)."""
    return sp.cancel(sp.expand(expr.xreplace({var: n}).doit()))


def _equal(lhs, rhs, spec, step, did):
    """The outcome of checking lhs = rhs, or _Fail with a residue or a counterexample."""
    numbers = {}
    for item in (lhs, rhs):
        if isinstance(item, Shown):
            numbers.update({k: exact(v) for k, v in item.values.items()})
    a, b = (_prepare(item, step, did).xreplace(numbers) for item in (lhs, rhs))
    for kind in (sp.Limit, sp.Derivative):
        if a.has(kind) or b.has(kind):
            did.add(kind.__name__.lower())
    free = a.free_symbols | b.free_symbols
    shown = any(isinstance(item, (Shown, Approx)) for item in (lhs, rhs))
    var = spec.var
    general = var is not None and var in free
    residue = _reduce(a - b, spec.ratios, did)
    if residue == 0:
        method = ARITHMETIC if shown or not (_value(lhs).free_symbols | _value(rhs).free_symbols) else SYMBOLIC
        return Outcome(method, frozenset(did), step.from_n if general else None)
    if not general:
        raise _Fail(f"SymPy reduces left - right to {_short(residue)}, not 0")
    for n in range(max(step.from_n, 1), EXACT_UP_TO + 1):
        left, right = _at(a, var, n), _at(b, var, n)
        if sp.cancel(left - right) != 0:
            raise _Fail(f"it fails at {var} = {n}: the left side is {_short(left)} but the right side is "
                        f"{_short(right)}"
                        f" (SymPy reduces left - right to {_short(residue)}, not 0)")
    return Outcome(EXACT, frozenset(did), step.from_n)


def _ordered(lhs, rel, rhs, step):
    """The outcome of checking lhs < rhs or lhs <= rhs in exact arithmetic."""
    a, b = _prepare(lhs, step, set()), _prepare(rhs, step, set())
    diff = a - b
    if not diff.is_Rational:
        diff = sp.nsimplify(sp.simplify(diff))
    if not diff.is_number:
        raise _Fail(f"{_short(a)} {rel} {_short(b)} is not a comparison of numbers")
    holds = diff < 0 if rel == "<" else diff <= 0
    if not bool(holds):
        raise _Fail(f"{_short(a)} {rel} {_short(b)} is false")
    return Outcome(ARITHMETIC)


def check_link(lhs, link, spec, step):
    """The outcome of one link of a chain (raises _Fail)."""
    if link.rel in ("=", "approx"):
        return _equal(lhs, link.expr, spec, step, set())
    if link.rel in ("<", "<="):
        return _ordered(lhs, link.rel, link.expr, step)
    raise _Fail(f"unknown relation {link.rel!r}")


_CHECKED = {}  # what a step's check reads -> its outcomes: a proof's relations are the same in every language
_CHECKED_MAX = 512


def _checked_key(spec, step):
    """Everything checking `step` reads (not its words), hashable; None when a part of it is not."""
    def part(item):
        return ("shown", item.expr, tuple(sorted(item.values.items(), key=repr))) if isinstance(item, Shown) else item

    key = (spec.var, spec.ratios, step.given, step.means, step.from_n,
           tuple((part(c[0]), *((link.rel, part(link.expr)) for link in c[1:])) for c in step.chains))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def check_step(spec, number, step):
    """The outcomes of every link of a step; ProofError names the step that fails. A step whose relations were
    checked before in this process (the same proof in another language) is not checked again."""
    key = _checked_key(spec, step)
    if key is not None and key in _CHECKED:
        return list(_CHECKED[key])
    outcomes = _check_links(spec, number, step)
    if key is not None:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = tuple(outcomes)
    return outcomes


def _check_links(spec, number, step):
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


_DID = ("given", "expectation", "closed form", "reindexed", "derivative", "limit")  # in the order a reader
# would do them; each is the message verify.did.<name with _ for spaces>


def describe(outcomes, var, language="en"):
    """How a step was verified, as words and expressions for the sheet's small print."""
    msg = messages(language)
    methods = {o.method for o in outcomes}
    starts = [o.from_n for o in outcomes if o.from_n is not None]
    if EXACT in methods:
        parts = list(msg.parts("verify.exact", var=var, start=min(starts), end=EXACT_UP_TO))
    elif SYMBOLIC in methods:
        parts = [msg("verify.symbolic")]
        if starts:
            parts += msg.parts("verify.every_integer", bound=sp.GreaterThan(var, max(starts), evaluate=False))
    else:
        parts = [msg("verify.arithmetic")]
    if ARITHMETIC in methods and methods != {ARITHMETIC}:
        parts.append(msg("verify.with_arithmetic"))
    did = set().union(*(o.did for o in outcomes))
    steps = [msg("verify.did." + key.replace(" ", "_")) for key in _DID if key in did]
    if steps:
        parts.append(msg("verify.did", steps=msg("verify.did_separator").join(steps)))
    return tuple(parts)
