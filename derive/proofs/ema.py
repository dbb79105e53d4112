"""Proof ema: the exponential moving average unrolled, its expectation, and its bias correction."""
import sympy as sp
from sympy import IndexedBase, Sum, Symbol, UnevaluatedExpr

from ..language import messages
from . import illustrate
from .printer import tex, words
from .settings import decay
from .simulate import Simulation, ema_run
from .steps import Approx, Display, Expectation, Figure, ProofSpec, Shown, Step, chain, Between, eq, ge, ne, plus, times
from .worked import one_percent_chain

t = Symbol("t", integer=True, positive=True)
i = Symbol("i", integer=True, nonnegative=True)
beta = Symbol("beta", positive=True)
eta = Symbol("eta", positive=True)
mu = Symbol("mu", real=True)
x = IndexedBase("x", real=True)
g = IndexedBase("g", real=True)
s = IndexedBase("s", real=True)
v = IndexedBase("v", real=True)
shat = IndexedBase("shat", real=True)
WILD = sp.Wild("k")
b1, b2 = sp.symbols("beta1 beta2", positive=True)
E_G, E_G2 = Expectation(Symbol("g")), Expectation(Symbol("g") ** 2)


def recurrence(n, b=beta, term=x.__getitem__, ema=s):
    """b ema_{n-1} + (1 - b) term(n): one step of the moving average."""
    return plus(times(b, ema[n - 1]), times(1 - b, term(n)))


def unrolled(n, b=beta, term=x.__getitem__):
    """(1 - b) sum_{i=0}^{n-1} b^i term(n - i): the moving average written out."""
    return (1 - b) * Sum(b**i * term(n - i), (i, 0, n - 1))


def expected(n, b=beta, mean=mu):
    """mean (1 - b^n): what the proof shows E[s_n] to be."""
    return mean * (1 - b**n)


def _induction(msg):
    """Steps 1 and 2: the unrolled form, by induction on t."""
    base = Step(
        msg("proof.ema.base"),
        msg.parts("proof.ema.base.why", t1=eq(t, 1), s0=eq(s[0], 0), i0=eq(i, 0)),
        (chain(s[1], ("=", recurrence(1), msg("proof.note.recurrence")), (1 - beta) * x[1], unrolled(1)),),
        given=((s[1], recurrence(1)), (s[0], 0)),
    )
    step = Step(
        msg("proof.ema.step"),
        msg.parts("proof.ema.step.why", t2=ge(t, 2), previous=t - 1, beta=beta, xt=x[t], i0=eq(i, 0)),
        (chain(s[t], ("=", recurrence(t), msg("proof.note.recurrence")),
               ("=", plus(times(beta, unrolled(t - 1)), times(1 - beta, x[t])), msg("proof.note.hypothesis")),
               (1 - beta) * (x[t] + Sum(beta**(i + 1) * x[t - 1 - i], (i, 0, t - 2))),
               ("=", (1 - beta) * (x[t] + Sum(beta**i * x[t - i], (i, 1, t - 1))), msg("proof.note.shift")),
               unrolled(t)),),
        given=((s[t], recurrence(t)), (s[t - 1], unrolled(t - 1))),
        from_n=2,
    )
    return base, step


def _expectation(msg):
    """Steps 3 to 5: E[s_t] and the corrected average."""
    means = ((x[WILD], mu),)
    linear = Step(
        msg("proof.ema.expectation"),
        msg.parts("proof.ema.expectation.why", share=1 - beta, weight=beta**i, mean=eq(Expectation(x[t - i]), mu)),
        (chain(Expectation(s[t]), (1 - beta) * Sum(beta**i * Expectation(x[t - i]), (i, 0, t - 1)),
               mu * (1 - beta) * Sum(beta**i, (i, 0, t - 1))),),
        given=((s[t], unrolled(t)),), means=means,
    )
    geometric = Step(
        msg("proof.ema.geometric"),
        msg.parts("proof.ema.geometric.why", sum=eq(Sum(beta**i, (i, 0, t - 1)), (1 - beta**t) / (1 - beta)),
                  condition=ne(beta, 1), factor=1 - beta),
        (chain(mu * (1 - beta) * Sum(beta**i, (i, 0, t - 1)),
               mu * (1 - beta) * UnevaluatedExpr((1 - beta**t) / (1 - beta)), expected(t)),),
    )
    corrected = Step(
        msg("proof.ema.correction"),
        msg.parts("proof.ema.correction.why", divisor=1 - beta**t, t1=ge(t, 1), xt=x[t]),
        (chain(Expectation(shat[t]), Expectation(s[t] / (1 - beta**t)),
               Expectation(s[t]) / (1 - beta**t), mu),),
        given=((shat[t], s[t] / (1 - beta**t)), (s[t], unrolled(t))), means=means,
    )
    return linear, geometric, corrected


def _instances(msg):
    """Steps 6 to 8: Adam's two moments, and the course's momentum."""
    m, mhat, s2hat = (IndexedBase(n, real=True) for n in ("m", "mhat", "shat"))
    square = lambda n: g[n] ** 2  # noqa: E731
    adam = Step(
        msg("proof.ema.adam"),
        msg.parts("proof.ema.adam.why", first=eq(m[t], recurrence(t, b1, g.__getitem__, m)), beta1=eq(beta, b1),
                  x1=eq(x[t], g[t]), second=eq(s[t], recurrence(t, b2, square, s)), beta2=eq(beta, b2),
                  x2=eq(x[t], g[t] ** 2)),
        (chain(Expectation(mhat[t]), Expectation(m[t]) / (1 - b1**t), E_G),
         chain(Expectation(s2hat[t]), Expectation(s[t]) / (1 - b2**t), E_G2)),
        given=((mhat[t], m[t] / (1 - b1**t)), (m[t], unrolled(t, b1, g.__getitem__)),
               (s2hat[t], s[t] / (1 - b2**t)), (s[t], unrolled(t, b2, square))),
        means=((g[WILD] ** 2, E_G2), (g[WILD], E_G)),
    )
    velocity = plus(times(beta, v[t - 1]), times(-1, eta, g[t]))
    scaled = Step(
        msg("proof.ema.momentum"),
        msg.parts("proof.ema.momentum.why", velocity=eq(v[t], velocity), v0=eq(v[0], 0), mu=Symbol("mu"), beta=beta,
                  factor=-eta / (1 - beta), x=eq(x[t], g[t]), t0=eq(t, 0), previous=t - 1, t=t),
        (chain(v[0], 0, -eta * s[0] / (1 - beta)),
         chain(v[t], ("=", velocity, msg("proof.note.recurrence")),
               ("=", -eta / (1 - beta) * recurrence(t, beta, g.__getitem__), msg("proof.note.hypothesis")),
               -eta * s[t] / (1 - beta))),
        given=((v[0], 0), (s[0], 0), (v[t], velocity),
               (v[t - 1], -eta * s[t - 1] / (1 - beta)), (s[t], recurrence(t, beta, g.__getitem__))),
    )
    drift = Step(
        msg("proof.ema.velocity"),
        msg.parts("proof.ema.velocity.why", limit=-eta * E_G / (1 - beta), factor=1 - beta**t),
        (chain(Expectation(v[t]), -eta * Expectation(s[t]) / (1 - beta),
               -eta * expected(t, beta, E_G) / (1 - beta)),),
        given=((v[t], -eta * s[t] / (1 - beta)), (s[t], unrolled(t, beta, g.__getitem__))),
        means=((g[WILD], E_G),),
    )
    return adam, scaled, drift


def _numbers(key, b, settings, msg):
    """The last step: the problem's own decay rate (and learning rate) in numbers."""
    c = sp.Dummy("c")
    who = "problem" if key in settings.given else "typical"
    name = "momentum" if key == "momentum" else "decay"
    percent, last = one_percent_chain(beta, b)
    chains = [chain(Shown(1 - beta, {beta: b}), Approx(1 - b)), percent]
    why = list(msg.parts("proof.ema.numbers.why", setting=msg(f"proof.ema.numbers.{who}_{name}"),
                         value=Shown(eq(beta, c), {c: b}), share=1 - beta, bias=beta**t, last=eq(t, last)))
    if key == "momentum":
        chains.append(chain(Shown(eta / (1 - beta), {eta: settings.lr, beta: b}), Approx(settings.lr / (1 - b))))
        why += msg.parts("proof.ema.numbers.momentum", lr=Shown(eq(eta, c), {c: settings.lr}))
    return Step(msg("proof.numbers.problem") if who == "problem" else msg("proof.numbers.typical"),
                tuple(why), tuple(chains))


def _illustration(b, digits, msg, config=Simulation()):
    """A seeded simulation of s_t and its correction against the closed form: one figure, one table."""
    run = ema_run(float(b), 1, config)
    c = sp.Dummy("c")
    title = "$" + tex(Shown(eq(beta, c), {c: b}), digits) + "$"
    figure = Figure(
        caption=msg.parts("proof.ema.figure", runs=config.runs, x=x[t], mean=Shown(eq(mu, c), {c: config.mean}),
                          sd=msg.number(f"{config.sd:g}")),
        axes=(illustrate.axis(run, title, s[t], expected(t), shat[t], mu, msg),),
    )
    header = ("$t$", "$" + tex(expected(t)) + "$", words(msg.parts("proof.mean_of", q=s[t]), language=msg.code),
              words(msg.parts("proof.mean_of", q=shat[t]), language=msg.code))
    table = illustrate.table((run,), msg.parts("proof.ema.table", runs=config.runs), header, digits)
    return {"figures": (figure,), "tables": (table,)}


def spec(settings, digits=4, msg=messages()):
    """The proof, with the problem's decay rate as the worked example (its words from msg's language)."""
    key, b = decay(settings)
    statement = (
        msg.parts("proof.ema.statement", s0=eq(s[0], 0), t1=ge(t, 1), recurrence=Display(eq(s[t], recurrence(t))),
                  range=Between(0, beta, 1), unrolled=Display(eq(s[t], unrolled(t)))),
        msg.parts("proof.ema.statement2", mean=eq(Expectation(x[i]), mu), i=i, expected=eq(Expectation(s[t]), expected(t)),
                  corrected=eq(shat[t], s[t] / (1 - beta**t)), mu=mu, t=t),
    )
    steps = (*_induction(msg), *_expectation(msg), *_instances(msg), _numbers(key, b, settings, msg))
    return ProofSpec(
        name="ema", title=msg("proof.ema.title"), statement=statement, steps=steps,
        var=t, ratios=(beta, b1, b2), **_illustration(b, digits, msg),
    )
