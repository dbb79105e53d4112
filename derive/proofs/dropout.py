"""Proof dropout: 2^N subnetworks, the mean of a dropped-out unit, and test-time scaling."""
import sympy as sp
from sympy import IndexedBase, Product, Sum, Symbol, binomial

from .printer import tex
from .steps import Expectation, ProofSpec, Shown, Step, Table, chain, eq, frac, times
from .worked import result

N = Symbol("N", integer=True, positive=True)
k, j = Symbol("k", integer=True, nonnegative=True), Symbol("j", integer=True, positive=True)
p = Symbol("p", positive=True)
mask, h, w, htilde = (IndexedBase(n, real=True) for n in ("m", "h", "w", "htilde"))
z, z_test = Symbol("z", real=True), Symbol(r"z_{\mathrm{test}}", real=True)
count = Symbol(r"\#\{\text{subnetworks}\}")
TABLE_UP_TO = 12
WILD = sp.Wild("a")


def _counting(units, digits):
    """Steps 1 and 2: the number of subnetworks, in general and for the problem's N."""
    general = Step(
        "Counting subnetworks",
        ("A subnetwork is fixed by which units are kept. Each of the ", N, " units is kept or dropped "
         "independently of the others, which gives the product; grouping the subnetworks by the number ",
         k, " of kept units, there are ", binomial(N, k), " ways to choose them, which gives the sum. "
         "Both count the full network and the empty one."),
        (chain(count, Product(2, (j, 1, N)), 2**N), chain(Sum(binomial(N, k), (k, 0, N)), 2**N)),
        given=((count, Product(2, (j, 1, N))),),
    )
    if units is None:
        return (general,)
    worked = Step(
        "The number for this problem",
        ("With the problem's ", Shown(eq(N, Symbol("c")), {Symbol("c"): units}), " units:"),
        (chain(Shown(2**N, {N: units}), result(sp.Integer(2) ** units, digits)),),
    )
    return general, worked


def _expectation(keep, digits):
    """Steps 3 to 6: the mean of a dropped-out unit, scaling at test time, inverted dropout, the limit."""
    means = ((mask[WILD], p),)
    unit = Step(
        "The mean of a dropped-out unit",
        ("During training ", eq(htilde[j], times(mask[j], h[j])), " where the mask ", mask[j],
         " is 1 with probability ", p, " (the keep probability) and 0 otherwise, so ",
         eq(Expectation(mask[j]), p), "; the unit's value ", h[j], " is held fixed."),
        (chain(Expectation(htilde[j]), Expectation(times(mask[j], h[j])), times(Expectation(mask[j]), h[j]),
               times(p, h[j])),),
        given=((htilde[j], mask[j] * h[j]),), means=means,
    )
    scaled = Step(
        "Scaling at test time",
        ("The next layer sums the dropped-out units. At test time no unit is dropped, so its input would be ",
         1 / p, " times too large on average; multiplying the units (or their outgoing weights) by ", p,
         " restores the training-time mean:"),
        (chain(Expectation(z), Sum(times(w[j], Expectation(mask[j]), h[j]), (j, 1, N)),
               times(p, Sum(times(w[j], h[j]), (j, 1, N))), times(p, z_test)),),
        given=((z, Sum(times(w[j], mask[j], h[j]), (j, 1, N))), (z_test, Sum(times(w[j], h[j]), (j, 1, N)))),
        means=means,
    )
    inverted = Step(
        "Inverted dropout",
        ("The common alternative divides by ", p, " during training instead, so that nothing changes at test "
         "time. (PyTorch's Dropout takes the drop probability, ", eq(Symbol("q"), 1 - p),
         ", and divides by ", 1 - Symbol("q"), ".)"),
        (chain(Expectation(frac(times(mask[j], h[j]), p)), frac(times(Expectation(mask[j]), h[j]), p), h[j]),),
        means=means,
    )
    z1 = times(w[1], mask[1], h[1])
    limit = Step(
        "Exact only before the nonlinearity",
        ("The scaling matches means, and means pass through sums but not through a nonlinearity. The "
         "simplest case, one unit and a square: since ", eq(mask[1] ** 2, mask[1]),
         ", the mean of the square exceeds the square of the mean by the mask's variance. So the scaled "
         "network only approximates the average over the subnetworks after a nonlinearity."),
        (chain(Expectation(sp.Pow(z1, 2, evaluate=False)) - Expectation(z1) ** 2,
               times(p, 1 - p, w[1] ** 2, h[1] ** 2)),),
        given=((mask[1] ** 2, mask[1]),), means=means,
    )
    c = sp.Dummy("c")
    worked = Step(
        "The numbers of this problem" if keep[1] else "Typical numbers",
        ("With the keep probability ", Shown(eq(p, c), {c: keep[0]}),
         ": test-time outputs are multiplied by ", p, ", or training-time outputs by ", 1 / p, "."),
        (chain(Shown(1 / p, {p: keep[0]}), result(1 / keep[0], digits)),),
    )
    return unit, scaled, inverted, limit, worked


def _table(units, digits):
    """k against C(N, k) for a small N: the subnetworks counted by size."""
    rows = tuple((str(n), str(sp.binomial(units, n))) for n in range(units + 1))
    rows += ((r"\textbf{all}", r"\textbf{" + str(2**units) + "}"),)
    return Table(caption=("The ", Shown(2**N, {N: units}), " subnetworks of ", Shown(eq(N, Symbol("c")),
                          {Symbol("c"): units}), " units, by the number ", k, " of units kept."),
                 header=("$" + tex(k) + "$", "$" + tex(binomial(N, k)) + "$"), rows=rows, align="rr")


def spec(settings, digits=4, msg=None):
    """The proof, with the problem's number of units and keep probability when it gives them."""
    units = settings.dropout_units
    statement = (
        ("Dropout keeps each of ", N, " units independently with probability ", p, " during training. "
         "Then there are ", 2**N, " subnetworks, a dropped-out unit has mean ", p, " times its value, and "
         "scaling by ", p, " at test time (or by ", 1 / p, " during training) makes the next layer's input "
         "right on average."),
    )
    example = units if units is not None and units <= TABLE_UP_TO else (None if units else 4)
    return ProofSpec(
        name="dropout", title="Dropout: subnetworks and test-time scaling", statement=statement,
        steps=(*_counting(units, digits), *_expectation((settings.keep, "keep" in settings.given), digits)),
        var=N,
        tables=(_table(example, digits),) if example else (),
    )
