"""Proof adam-bias: why Adam's moments start biased towards 0, the correction, and the first step."""
import math

import sympy as sp
from sympy import IndexedBase, Limit, Symbol, oo, sqrt

from ..language import messages
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


def _bias(msg):
    """Steps 1 and 2: the moments' means, raw and corrected."""
    means = ((g[WILD] ** 2, E_G2), (g[WILD], E_G))
    given = ((m[t], unrolled(t, b1, g.__getitem__)), (s[t], unrolled(t, b2, square)),
             (mhat[t], m[t] / (1 - b1**t)), (shat[t], s[t] / (1 - b2**t)))
    biased = Step(
        msg("proof.adam.biased"),
        msg.parts("proof.adam.biased.why", m0=eq(m[0], 0), s0=eq(s[0], 0), share1=1 - b1, share2=1 - b2,
                  x=eq(Symbol("x"), Symbol("g")), factor=1 - Symbol("beta") ** t),
        (chain(Expectation(m[t]), (1 - b1) * sp.Sum(b1**i * Expectation(g[t - i]), (i, 0, t - 1)),
               (1 - b1**t) * E_G),
         chain(Expectation(s[t]), (1 - b2) * sp.Sum(b2**i * Expectation(g[t - i] ** 2), (i, 0, t - 1)),
               (1 - b2**t) * E_G2)),
        given=given, means=means,
    )
    corrected = Step(
        msg("proof.adam.corrected"),
        msg.parts("proof.adam.corrected.why", first=1 - b1**t, second=1 - b2**t),
        (chain(Expectation(mhat[t]), Expectation(m[t]) / (1 - b1**t), E_G),
         chain(Expectation(shat[t]), Expectation(s[t]) / (1 - b2**t), E_G2)),
        given=given, means=means,
    )
    return biased, corrected


def _first_step(msg):
    """Steps 3 and 4: the first update with and without the correction."""
    given = ((mhat[1], m[1] / (1 - b1)), (shat[1], s[1] / (1 - b2)),
             (m[1], recurrence(1, b1, gp.__getitem__, m)), (s[1], recurrence(1, b2, lambda n: gp[n] ** 2, s)),
             (m[0], 0), (s[0], 0),
             (step1, -eta * mhat[1] / plus(sqrt(shat[1]), eps)), (raw1, -eta * m[1] / plus(sqrt(s[1]), eps)))
    with_correction = Step(
        msg("proof.adam.with"),
        msg.parts("proof.adam.with.why", t1=eq(t, 1), positive=gt(gp[1], 0), eta=eta, g1=gp[1], eps=eps),
        (chain(mhat[1], m[1] / (1 - b1), gp[1]),
         chain(shat[1], s[1] / (1 - b2), gp[1] ** 2),
         chain(step1, -eta * mhat[1] / plus(sqrt(shat[1]), eps), -eta * gp[1] / plus(gp[1], eps)),
         chain(Limit(-step1, eps, 0, "+"), eta)),
        given=given,
    )
    without = Step(
        msg("proof.adam.without"),
        msg.parts("proof.adam.without.why", m1=eq(m[1], (1 - b1) * gp[1]), s1=eq(s[1], (1 - b2) * gp[1] ** 2),
                  factor=(1 - b1) / sqrt(1 - b2)),
        (chain(raw1, -eta * m[1] / plus(sqrt(s[1]), eps), -eta * (1 - b1) * gp[1] / plus(sqrt(1 - b2) * gp[1], eps)),
         chain(Limit(-raw1, eps, 0, "+"), eta * (1 - b1) / sqrt(1 - b2))),
        given=given,
    )
    return with_correction, without


def _numbers(settings, digits, msg):
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
        source = msg.parts("proof.adam.numbers.own", lr=lr)
    elif settings.kind:
        source = msg.parts("proof.adam.numbers.other", kind=settings.kind, b1=b1, b2=b2, lr=lr)
    else:
        source = msg.parts("proof.adam.numbers.defaults", lr=lr)
    why = (*source, *msg.parts("proof.adam.numbers.why", eta=eta, g1=gp[1]))
    return Step(
        msg("proof.numbers.problem") if adam or "lr" in settings.given else msg("proof.numbers.typical"), why,
        (chain(*first),
         chain(Shown(eta * factor, values), result((eta * factor).xreplace(values), digits)),
         chain(Shown(eps / sqrt(1 - b2), values), result((eps / sqrt(1 - b2)).xreplace(values), digits))),
    )


def _fading(settings, msg):
    """Steps 6 and 7: a constant gradient, and why the correction matters less as t grows."""
    const = Step(
        msg("proof.adam.constant"),
        msg.parts("proof.adam.constant.why", g=gt(gc, 0), eps0=eq(eps, 0), eta=eta),
        (chain(m[t], (1 - b1) * sp.Sum(b1**i * gc, (i, 0, t - 1)), (1 - b1**t) * gc),
         chain(m[t] / sqrt(s[t]), frac((1 - b1**t) * gc, root(sp.Mul(1 - b2**t, gc**2, evaluate=False))), (1 - b1**t) / sqrt(1 - b2**t))),
        given=((m[t], unrolled(t, b1, lambda n: gc)), (s[t], unrolled(t, b2, lambda n: gc**2))),
    )
    values = {b1: settings.beta1, b2: settings.beta2}
    p1, last1 = one_percent_chain(b1, settings.beta1)
    p2, last2 = one_percent_chain(b2, settings.beta2)
    fading = Step(
        msg("proof.adam.fading"),
        msg.parts("proof.adam.fading.why", factor1=1 / (1 - b1**t), factor2=1 / (1 - b2**t), power1=b1**t,
                  power2=b2**t, last1=eq(t, last1), last2=eq(t, last2), t1=eq(t, 1)),
        (chain(Shown(Limit(1 / (1 - b1**t), t, oo), values), 1),
         chain(Shown(Limit(1 / (1 - b2**t), t, oo), values), 1), p1, p2),
    )
    return const, fading


def _ratio_table(settings, digits, msg):
    """The raw step of step 6 and the correction factors at a few t (floating point: a table, not a claim)."""
    rows = []
    for n in RATIO_STEPS:
        c1, c2 = 1 - float(settings.beta1) ** n, 1 - float(settings.beta2) ** n
        cells = (1 / c1, 1 / c2, c1 / math.sqrt(c2))
        rows.append((str(n), *("$" + tex(Approx(v), digits) + "$" for v in cells)))
    header = ("$t$", words(msg.parts("proof.adam.factor_for", q=mhat[t]), language=msg.code),
              words(msg.parts("proof.adam.factor_for", q=shat[t]), language=msg.code),
              words(msg.parts("proof.adam.raw_step", eta=eta), language=msg.code))
    return Table(caption=msg.parts("proof.adam.ratio_table", factor1=1 / (1 - b1**t), factor2=1 / (1 - b2**t),
                                   eta=eta, eps0=eq(eps, 0), b1=b1, b2=b2),
                 header=header, rows=tuple(rows), align="rrrr")


def _illustration(settings, digits, msg, config=Simulation()):
    """A seeded simulation of both moments, raw and corrected: two panels and a table."""
    draws = gradients(config)
    first = ema_run(float(settings.beta1), 1, config, draws)
    second = ema_run(float(settings.beta2), 2, config, draws)
    c = sp.Dummy("c")
    axes = (
        illustrate.axis(first, "$" + tex(Shown(eq(b1, c), {c: settings.beta1}), digits) + "$",
                        m[t], (1 - b1**t) * E_G, mhat[t], E_G, msg),
        illustrate.axis(second, "$" + tex(Shown(eq(b2, c), {c: settings.beta2}), digits) + "$",
                        s[t], (1 - b2**t) * E_G2, shat[t], E_G2, msg),
    )
    figure = Figure(
        caption=msg.parts("proof.adam.figure", runs=config.runs, mean=Shown(eq(E_G, c), {c: config.mean}),
                          sd=msg.number(f"{config.sd:g}"), square=Shown(eq(E_G2, c), {c: config.moment(2)})),
        axes=axes,
    )
    mean_of = lambda q: words(msg.parts("proof.mean_of", q=q), language=msg.code)  # noqa: E731
    header = ("$t$", "$" + tex((1 - b1**t) * E_G) + "$", mean_of(m[t]), mean_of(mhat[t]),
              "$" + tex((1 - b2**t) * E_G2) + "$", mean_of(s[t]), mean_of(shat[t]))
    table = illustrate.table((first, second), (msg("proof.adam.table"),), header, digits)
    return {"figures": (figure,), "tables": (table, _ratio_table(settings, digits, msg))}


def spec(settings, digits=4, msg=messages()):
    """The proof, worked with the problem's optimizer settings when it has them (its words from msg's language)."""
    statement = (
        msg.parts("proof.adam.statement", m0=eq(m[0], 0), s0=eq(s[0], 0),
                  moments=Display(eq(m[t], recurrence(t, b1, g.__getitem__, m)), eq(s[t], recurrence(t, b2, square, s))),
                  step=Display(eq(step_t, -eta * mhat[t] / plus(sqrt(shat[t]), eps))),
                  corrected=Display(eq(mhat[t], m[t] / (1 - b1**t)), eq(shat[t], s[t] / (1 - b2**t)))),
    )
    return ProofSpec(
        name="adam-bias", title=msg("proof.adam.title"), statement=statement,
        steps=(*_bias(msg), *_first_step(msg), _numbers(settings, digits, msg), *_fading(settings, msg)),
        var=t, ratios=(b1, b2), **_illustration(settings, digits, msg),
    )
