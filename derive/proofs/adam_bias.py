"""Proof adam-bias: why Adam's moments start biased towards 0, the correction, and the first step."""
import math

import sympy as sp
from sympy import IndexedBase, Limit, Symbol, oo, sqrt

from . import illustrate
from .ema import E_G, E_G2, WILD, b1, b2, g, i, recurrence, t, unrolled
from .printer import tex, words
from .simulate import Simulation, ema_run, gradients
from .steps import Approx, Display, Expectation, Figure, ProofSpec, Shown, Step, Table, chain, eq, frac, gt, plus, root
from .worked import one_percent_chain, result

eta = Symbol("eta", positive=True)
eps = Symbol("epsilon", positive=True)
m, s, mhat, shat = (IndexedBase(n, real=True) for n in ("m", "s", "mhat", "shat"))
gp = IndexedBase("g", positive=True)      # a first gradient taken positive: for g_1 < 0 signs flip
gc = Symbol("g", positive=True)           # a constant gradient
step1 = Symbol(r"\Delta\theta_{1}")
raw1 = Symbol(r"\Delta\theta_{1}^{\mathrm{raw}}")
step_t = Symbol(r"\Delta\theta_{t}")
RATIO_STEPS = (1, 2, 5, 10, 100, 1000, 10000)
square = lambda n: g[n] ** 2  # noqa: E731


def _bias():
    """Steps 1 and 2: the moments' means, raw and corrected."""
    means = ((g[WILD] ** 2, E_G2), (g[WILD], E_G))
    given = ((m[t], unrolled(t, b1, g.__getitem__)), (s[t], unrolled(t, b2, square)),
             (mhat[t], m[t] / (1 - b1**t)), (shat[t], s[t] / (1 - b2**t)))
    biased = Step(
        "Both moments start biased towards 0",
        ("Both averages start at ", eq(m[0], 0), " and ", eq(s[0], 0), ", and each step lets in only ",
         1 - b1, " (or ", 1 - b2, ") of the new gradient, so early on they are mostly the zero they "
         "started from. By the unrolled average (proof ema, steps 3 and 4) with ", eq(Symbol("x"), Symbol("g")),
         " and with the squared gradient, their means fall short by the factor ", 1 - Symbol("beta") ** t, ":"),
        (chain(Expectation(m[t]), (1 - b1) * sp.Sum(b1**i * Expectation(g[t - i]), (i, 0, t - 1)),
               (1 - b1**t) * E_G),
         chain(Expectation(s[t]), (1 - b2) * sp.Sum(b2**i * Expectation(g[t - i] ** 2), (i, 0, t - 1)),
               (1 - b2**t) * E_G2)),
        given=given, means=means,
    )
    corrected = Step(
        "The corrected moments are unbiased",
        ("Divide by the known numbers ", 1 - b1**t, " and ", 1 - b2**t, ", as Adam does:"),
        (chain(Expectation(mhat[t]), Expectation(m[t]) / (1 - b1**t), E_G),
         chain(Expectation(shat[t]), Expectation(s[t]) / (1 - b2**t), E_G2)),
        given=given, means=means,
    )
    return biased, corrected


def _first_step():
    """Steps 3 and 4: the first update with and without the correction."""
    given = ((mhat[1], m[1] / (1 - b1)), (shat[1], s[1] / (1 - b2)),
             (m[1], recurrence(1, b1, gp.__getitem__, m)), (s[1], recurrence(1, b2, lambda n: gp[n] ** 2, s)),
             (m[0], 0), (s[0], 0),
             (step1, -eta * mhat[1] / plus(sqrt(shat[1]), eps)), (raw1, -eta * m[1] / plus(sqrt(s[1]), eps)))
    with_correction = Step(
        "The first step with the correction",
        ("At ", eq(t, 1), " the corrected moments are the first gradient and its square. Take ",
         gt(gp[1], 0), " (for a negative gradient every sign flips). Each parameter moves by about ", eta,
         " whatever the scale of its gradient, as long as ", gp[1], " is much larger than ", eps, ":"),
        (chain(mhat[1], m[1] / (1 - b1), gp[1]),
         chain(shat[1], s[1] / (1 - b2), gp[1] ** 2),
         chain(step1, -eta * mhat[1] / plus(sqrt(shat[1]), eps), -eta * gp[1] / plus(gp[1], eps)),
         chain(Limit(-step1, eps, 0, "+"), eta)),
        given=given,
    )
    without = Step(
        "The first step without it",
        ("Had Adam used the raw moments ", eq(m[1], (1 - b1) * gp[1]), " and ", eq(s[1], (1 - b2) * gp[1] ** 2),
         ", the first step would be larger by the factor ", (1 - b1) / sqrt(1 - b2),
         ", because the square root shrinks the second moment's bias less than the first's:"),
        (chain(raw1, -eta * m[1] / plus(sqrt(s[1]), eps), -eta * (1 - b1) * gp[1] / plus(sqrt(1 - b2) * gp[1], eps)),
         chain(Limit(-raw1, eps, 0, "+"), eta * (1 - b1) / sqrt(1 - b2))),
        given=given,
    )
    return with_correction, without


def _numbers(settings, digits):
    """Step 5: the factor and the first step with the problem's own numbers."""
    values = {b1: settings.beta1, b2: settings.beta2, eps: settings.eps, eta: settings.lr}
    adam = settings.kind == "adam"
    factor = (1 - b1) / sqrt(1 - b2)
    exact = factor.xreplace(values)
    first = [Shown(factor, values)]
    if not exact.is_Rational:
        first.append(sp.nsimplify(exact))
    first.append(result(exact, digits))
    c = sp.Dummy("c")
    lr = Shown(eq(eta, c), {c: settings.lr})
    if adam:
        source = ("With the problem's own settings and ", lr)
    elif settings.kind:
        source = (f"The problem's optimizer ({settings.kind}) has no bias correction; with Adam's default ",
                  b1, " and ", b2, " and the problem's ", lr)
    else:
        source = ("With Adam's defaults, ", lr)
    why = (*source, ", the raw first step is the first number below times ", eta,
           ", where the corrected step is about ", eta, " itself. The raw step's approximation needs ",
           gp[1], " to be much larger than the last number.")
    return Step(
        "The numbers of this problem" if adam or "lr" in settings.given else "Typical numbers", why,
        (chain(*first),
         chain(Shown(eta * factor, values), result((eta * factor).xreplace(values), digits)),
         chain(Shown(eps / sqrt(1 - b2), values), result((eps / sqrt(1 - b2)).xreplace(values), digits))),
    )


def _fading(settings):
    """Steps 6 and 7: a constant gradient, and why the correction matters less as t grows."""
    const = Step(
        "A constant gradient",
        ("If every gradient equals the same ", gt(gc, 0), ", the raw moments are ",
         "the closed forms of step 1 without expectations, and with ", eq(eps, 0),
         " the raw step is this multiple of ", eta, " (the corrected step is exactly ", eta, "):"),
        (chain(m[t], (1 - b1) * sp.Sum(b1**i * gc, (i, 0, t - 1)), (1 - b1**t) * gc),
         chain(m[t] / sqrt(s[t]), frac((1 - b1**t) * gc, root(sp.Mul(1 - b2**t, gc**2, evaluate=False))), (1 - b1**t) / sqrt(1 - b2**t))),
        given=((m[t], unrolled(t, b1, lambda n: gc)), (s[t], unrolled(t, b2, lambda n: gc**2))),
    )
    values = {b1: settings.beta1, b2: settings.beta2}
    p1, last1 = one_percent_chain(b1, settings.beta1)
    p2, last2 = one_percent_chain(b2, settings.beta2)
    fading = Step(
        "The correction fades with time",
        ("The correction factors ", 1 / (1 - b1**t), " and ", 1 / (1 - b2**t), " tend to 1, since ",
         b1**t, " and ", b2**t, " tend to 0; they are within 1% of 1 once ", b1**t, " and ", b2**t,
         " are below 0.01, from ", eq(t, last1), " and from ", eq(t, last2), " on. The second moment's correction "
         "lasts far longer, and the table below shows the raw step of step 6 is too large not only at ",
         eq(t, 1), "."),
        (chain(Shown(Limit(1 / (1 - b1**t), t, oo), values), 1),
         chain(Shown(Limit(1 / (1 - b2**t), t, oo), values), 1), p1, p2),
    )
    return const, fading


def _ratio_table(settings, digits):
    """The raw step of step 6 and the correction factors at a few t (floating point: a table, not a claim)."""
    rows = []
    for n in RATIO_STEPS:
        c1, c2 = 1 - float(settings.beta1) ** n, 1 - float(settings.beta2) ** n
        cells = (1 / c1, 1 / c2, c1 / math.sqrt(c2))
        rows.append((str(n), *("$" + tex(Approx(v), digits) + "$" for v in cells)))
    header = ("$t$", words(("factor for ", mhat[t])), words(("factor for ", shat[t])), words(("raw step / ", eta)))
    return Table(caption=("The correction factors ", 1 / (1 - b1**t), " and ", 1 / (1 - b2**t),
                          ", and the raw step of step 6 in units of ", eta, " (a constant gradient, ",
                          eq(eps, 0), "), with this problem's ", b1, " and ", b2, "."),
                 header=header, rows=tuple(rows), align="rrrr")


def _illustration(settings, digits, config=Simulation()):
    """A seeded simulation of both moments, raw and corrected: two panels and a table."""
    draws = gradients(config)
    first = ema_run(float(settings.beta1), 1, config, draws)
    second = ema_run(float(settings.beta2), 2, config, draws)
    c = sp.Dummy("c")
    axes = (
        illustrate.axis(first, "$" + tex(Shown(eq(b1, c), {c: settings.beta1}), digits) + "$",
                        m[t], (1 - b1**t) * E_G, mhat[t], E_G),
        illustrate.axis(second, "$" + tex(Shown(eq(b2, c), {c: settings.beta2}), digits) + "$",
                        s[t], (1 - b2**t) * E_G2, shat[t], E_G2),
    )
    figure = Figure(
        caption=(f"Means over {config.runs} seeded runs of Adam's moments (gradients normal with mean ",
                 Shown(eq(E_G, c), {c: config.mean}), f" and standard deviation {config.sd:g}, so ",
                 Shown(eq(E_G2, c), {c: config.moment(2)}), ") against step 1; the corrected moments sit "
                 "on the true values from the first step."),
        axes=axes,
    )
    header = ("$t$", "$" + tex((1 - b1**t) * E_G) + "$", words(("mean of ", m[t])), words(("mean of ", mhat[t])),
              "$" + tex((1 - b2**t) * E_G2) + "$", words(("mean of ", s[t])), words(("mean of ", shat[t])))
    table = illustrate.table((first, second), ("The simulation in numbers (mean and standard error).",),
                             header, digits)
    return {"figures": (figure,), "tables": (table, _ratio_table(settings, digits))}


def spec(settings, digits=4, msg=None):
    """The proof, worked with the problem's optimizer settings when it has them."""
    statement = (
        ("Adam keeps two exponential moving averages of the gradient, from ", eq(m[0], 0), " and ",
         eq(s[0], 0), ":", Display(eq(m[t], recurrence(t, b1, g.__getitem__, m)),
         eq(s[t], recurrence(t, b2, square, s))),
         "and moves each parameter by", Display(eq(step_t, -eta * mhat[t] / plus(sqrt(shat[t]), eps))),
         "with the corrected moments", Display(eq(mhat[t], m[t] / (1 - b1**t)), eq(shat[t], s[t] / (1 - b2**t))),
         "Below: why the raw moments are biased, what the correction changes at the first step, and why it "
         "matters less as t grows."),
    )
    return ProofSpec(
        name="adam-bias", title="Adam's bias correction", statement=statement,
        steps=(*_bias(), *_first_step(), _numbers(settings, digits), *_fading(settings)),
        var=t, ratios=(b1, b2), **_illustration(settings, digits),
    )
