"""Proof dropout: 2^N subnetworks, the mean of a dropped-out unit, and test-time scaling."""
import sympy as sp
from sympy import IndexedBase, Product, Sum, Symbol, binomial

from ..language import messages
from .printer import tex
from .steps import Expectation, ProofSpec, Shown, Step, Table, chain, eq, frac, times
from .worked import result

N = Symbol("N", integer=True, positive=True)
k, j = Symbol("k", integer=True, nonnegative=True), Symbol("j", integer=True, positive=True)
p = Symbol("p", positive=True)
mask, h, w, htilde = (IndexedBase(n, real=True) for n in ("m", "h", "w", "htilde"))
z, z_test = Symbol("z", real=True), Symbol(r"z_{\mathrm{test}}", real=True)
COUNT = r"\#\{\text{%s}\}"  # the symbol of the number of subnetworks, named in the sheet's language
TABLE_UP_TO = 12
WILD = sp.Wild("a")


def _counting(units, digits, msg):
    """Steps 1 and 2: the number of subnetworks, in general and for the problem's N."""
    count = Symbol(COUNT % msg("proof.dropout.subnetworks"))
    general = Step(
        msg("proof.dropout.counting"),
        msg.parts("proof.dropout.counting.why", N=N, k=k, ways=binomial(N, k)),
        (chain(count, Product(2, (j, 1, N)), 2**N), chain(Sum(binomial(N, k), (k, 0, N)), 2**N)),
        given=((count, Product(2, (j, 1, N))),),
    )
    if units is None:
        return (general,)
    worked = Step(
        msg("proof.dropout.number"),
        msg.parts("proof.dropout.number.why", N=Shown(eq(N, Symbol("c")), {Symbol("c"): units})),
        (chain(Shown(2**N, {N: units}), result(sp.Integer(2) ** units, digits)),),
    )
    return general, worked


def _expectation(keep, digits, msg):
    """Steps 3 to 6: the mean of a dropped-out unit, scaling at test time, inverted dropout, the limit."""
    means = ((mask[WILD], p),)
    unit = Step(
        msg("proof.dropout.mean"),
        msg.parts("proof.dropout.mean.why", htilde=eq(htilde[j], times(mask[j], h[j])), mask=mask[j], p=p,
                  mean=eq(Expectation(mask[j]), p), h=h[j]),
        (chain(Expectation(htilde[j]), Expectation(times(mask[j], h[j])), times(Expectation(mask[j]), h[j]),
               times(p, h[j])),),
        given=((htilde[j], mask[j] * h[j]),), means=means,
    )
    scaled = Step(
        msg("proof.dropout.scaling"),
        msg.parts("proof.dropout.scaling.why", factor=1 / p, p=p),
        (chain(Expectation(z), Sum(times(w[j], Expectation(mask[j]), h[j]), (j, 1, N)),
               times(p, Sum(times(w[j], h[j]), (j, 1, N))), times(p, z_test)),),
        given=((z, Sum(times(w[j], mask[j], h[j]), (j, 1, N))), (z_test, Sum(times(w[j], h[j]), (j, 1, N)))),
        means=means,
    )
    inverted = Step(
        msg("proof.dropout.inverted"),
        msg.parts("proof.dropout.inverted.why", p=p, q=eq(Symbol("q"), 1 - p), keep=1 - Symbol("q")),
        (chain(Expectation(frac(times(mask[j], h[j]), p)), frac(times(Expectation(mask[j]), h[j]), p), h[j]),),
        means=means,
    )
    z1 = times(w[1], mask[1], h[1])
    limit = Step(
        msg("proof.dropout.nonlinear"),
        msg.parts("proof.dropout.nonlinear.why", square=eq(mask[1] ** 2, mask[1])),
        (chain(Expectation(sp.Pow(z1, 2, evaluate=False)) - Expectation(z1) ** 2,
               times(p, 1 - p, w[1] ** 2, h[1] ** 2)),),
        given=((mask[1] ** 2, mask[1]),), means=means,
    )
    c = sp.Dummy("c")
    worked = Step(
        msg("proof.numbers.problem") if keep[1] else msg("proof.numbers.typical"),
        msg.parts("proof.dropout.numbers.why", keep=Shown(eq(p, c), {c: keep[0]}), p=p, inverse=1 / p),
        (chain(Shown(1 / p, {p: keep[0]}), result(1 / keep[0], digits)),),
    )
    return unit, scaled, inverted, limit, worked


def _table(units, digits, msg):
    """k against C(N, k) for a small N: the subnetworks counted by size."""
    rows = tuple((str(n), str(sp.binomial(units, n))) for n in range(units + 1))
    rows += ((r"\textbf{%s}" % msg("proof.dropout.all"), r"\textbf{" + str(2**units) + "}"),)
    return Table(caption=msg.parts("proof.dropout.table", count=Shown(2**N, {N: units}),
                                   N=Shown(eq(N, Symbol("c")), {Symbol("c"): units}), k=k),
                 header=("$" + tex(k) + "$", "$" + tex(binomial(N, k)) + "$"), rows=rows, align="rr")


def spec(settings, digits=4, msg=messages()):
    """The proof, with the problem's number of units and keep probability when it gives them (words from msg)."""
    units = settings.dropout_units
    statement = (msg.parts("proof.dropout.statement", N=N, p=p, count=2**N, inverse=1 / p),)
    example = units if units is not None and units <= TABLE_UP_TO else (None if units else 4)
    return ProofSpec(
        name="dropout", title=msg("proof.dropout.title"), statement=statement,
        steps=(*_counting(units, digits, msg), *_expectation((settings.keep, "keep" in settings.given), digits, msg)),
        var=N,
        tables=(_table(example, digits, msg),) if example else (),
    )
