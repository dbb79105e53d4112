"""Proof ema: the exponential moving average unrolled, its expectation, and its bias correction."""
import sympy as sp
from sympy import IndexedBase, Sum, Symbol, UnevaluatedExpr

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


def _induction():
    """Steps 1 and 2: the unrolled form, by induction on t."""
    base = Step(
        "Base case",
        ("Put ", eq(t, 1), " into the recurrence and use ", eq(s[0], 0),
         "; the sum of the claim has the single term ", eq(i, 0), "."),
        (chain(s[1], ("=", recurrence(1), "recurrence"), (1 - beta) * x[1], unrolled(1)),),
        given=((s[1], recurrence(1)), (s[0], 0)),
    )
    step = Step(
        "Inductive step",
        ("Let ", ge(t, 2), " and assume the claim for ", t - 1,
         " (the inductive hypothesis). Apply the recurrence once, move ", beta,
         " into the sum, shift the summation index by one, and recognise ", x[t],
         " as the term ", eq(i, 0), " of the sum."),
        (chain(s[t], ("=", recurrence(t), "recurrence"),
               ("=", plus(times(beta, unrolled(t - 1)), times(1 - beta, x[t])), "hypothesis"),
               (1 - beta) * (x[t] + Sum(beta**(i + 1) * x[t - 1 - i], (i, 0, t - 2))),
               ("=", (1 - beta) * (x[t] + Sum(beta**i * x[t - i], (i, 1, t - 1))), "shift the index"),
               unrolled(t)),),
        given=((s[t], recurrence(t)), (s[t - 1], unrolled(t - 1))),
        from_n=2,
    )
    return base, step


def _expectation():
    """Steps 3 to 5: E[s_t] and the corrected average."""
    means = ((x[WILD], mu),)
    linear = Step(
        "Expectation",
        ("Take expectations of the unrolled form. Expectation is linear, ", 1 - beta, " and ",
         beta**i, " are numbers, and ", eq(Expectation(x[t - i]), mu), " for every term."),
        (chain(Expectation(s[t]), (1 - beta) * Sum(beta**i * Expectation(x[t - i]), (i, 0, t - 1)),
               mu * (1 - beta) * Sum(beta**i, (i, 0, t - 1))),),
        given=((s[t], unrolled(t)),), means=means,
    )
    geometric = Step(
        "Geometric sum",
        ("The finite geometric series sums to ", eq(Sum(beta**i, (i, 0, t - 1)), (1 - beta**t) / (1 - beta)),
         " for ", ne(beta, 1), ", and the factor ", 1 - beta, " cancels."),
        (chain(mu * (1 - beta) * Sum(beta**i, (i, 0, t - 1)),
               mu * (1 - beta) * UnevaluatedExpr((1 - beta**t) / (1 - beta)), expected(t)),),
    )
    corrected = Step(
        "Bias correction",
        ("Divide by ", 1 - beta**t, ", a number that is not 0 for ", ge(t, 1),
         ": the corrected average has exactly the mean of the ", x[t], "."),
        (chain(Expectation(shat[t]), Expectation(s[t] / (1 - beta**t)),
               Expectation(s[t]) / (1 - beta**t), mu),),
        given=((shat[t], s[t] / (1 - beta**t)), (s[t], unrolled(t))), means=means,
    )
    return linear, geometric, corrected


def _instances():
    """Steps 6 to 8: Adam's two moments, and the course's momentum."""
    m, mhat, s2hat = (IndexedBase(n, real=True) for n in ("m", "mhat", "shat"))
    square = lambda n: g[n] ** 2  # noqa: E731
    adam = Step(
        "Both Adam moments are instances",
        ("Adam's first moment ", eq(m[t], recurrence(t, b1, g.__getitem__, m)), " is the average with ",
         eq(beta, b1), " and ", eq(x[t], g[t]), "; its second moment ",
         eq(s[t], recurrence(t, b2, square, s)), " is the average with ", eq(beta, b2),
         " and ", eq(x[t], g[t] ** 2), ". When the gradients' mean and mean square do not change, "
         "steps 3 to 5 give:"),
        (chain(Expectation(mhat[t]), Expectation(m[t]) / (1 - b1**t), E_G),
         chain(Expectation(s2hat[t]), Expectation(s[t]) / (1 - b2**t), E_G2)),
        given=((mhat[t], m[t] / (1 - b1**t)), (m[t], unrolled(t, b1, g.__getitem__)),
               (s2hat[t], s[t] / (1 - b2**t)), (s[t], unrolled(t, b2, square))),
        means=((g[WILD] ** 2, E_G2), (g[WILD], E_G)),
    )
    velocity = plus(times(beta, v[t - 1]), times(-1, eta, g[t]))
    scaled = Step(
        "Momentum is a scaled average",
        ("The course's momentum ", eq(v[t], velocity), " with ", eq(v[0], 0),
         " (the course writes its coefficient ", Symbol("mu"), "; here it is ", beta, ", since ", Symbol("mu"),
         " is the mean) is ", -eta / (1 - beta),
         " times the average of the gradients (", eq(x[t], g[t]), "): it holds at ", eq(t, 0),
         ", and if it holds at ", t - 1, " the two recurrences carry it to ", t, "."),
        (chain(v[0], 0, -eta * s[0] / (1 - beta)),
         chain(v[t], ("=", velocity, "recurrence"),
               ("=", -eta / (1 - beta) * recurrence(t, beta, g.__getitem__), "hypothesis"),
               -eta * s[t] / (1 - beta))),
        given=((v[0], 0), (s[0], 0), (v[t], velocity),
               (v[t - 1], -eta * s[t - 1] / (1 - beta)), (s[t], recurrence(t, beta, g.__getitem__))),
    )
    drift = Step(
        "Momentum's expected velocity",
        ("By steps 3, 4 and 7, the velocity's mean grows to ", -eta * E_G / (1 - beta),
         " by the same factor ", 1 - beta**t, "; momentum has no correction, so its first steps are short."),
        (chain(Expectation(v[t]), -eta * Expectation(s[t]) / (1 - beta),
               -eta * expected(t, beta, E_G) / (1 - beta)),),
        given=((v[t], -eta * s[t] / (1 - beta)), (s[t], unrolled(t, beta, g.__getitem__))),
        means=((g[WILD], E_G),),
    )
    return adam, scaled, drift


def _numbers(key, b, settings):
    """The last step: the problem's own decay rate (and learning rate) in numbers."""
    c = sp.Dummy("c")
    who = "the problem's" if key in settings.given else "a typical"
    name = "momentum coefficient" if key == "momentum" else "decay rate"
    percent, last = one_percent_chain(beta, b)
    chains = [chain(Shown(1 - beta, {beta: b}), Approx(1 - b)), percent]
    why = ["With ", who, f" {name} ", Shown(eq(beta, c), {c: b}), ", the first average carries only ",
           1 - beta, " of the mean, and the bias ", beta**t, " drops below 1% only at ", eq(t, last), "."]
    if key == "momentum":
        chains.append(chain(Shown(eta / (1 - beta), {eta: settings.lr, beta: b}), Approx(settings.lr / (1 - b))))
        why += [" With ", Shown(eq(eta, c), {c: settings.lr}), ", momentum's velocity settles at minus the "
                "last number times the mean gradient (step 8 as t grows)."]
    return Step("The numbers of this problem" if who != "a typical" else "Typical numbers",
                tuple(why), tuple(chains))


def _illustration(b, digits, config=Simulation()):
    """A seeded simulation of s_t and its correction against the closed form: one figure, one table."""
    run = ema_run(float(b), 1, config)
    c = sp.Dummy("c")
    title = "$" + tex(Shown(eq(beta, c), {c: b}), digits) + "$"
    figure = Figure(
        caption=(f"Means over {config.runs} seeded runs (", x[t], " normal with mean ",
                 Shown(eq(mu, c), {c: config.mean}), f" and standard deviation {config.sd:g}) against the "
                 "closed forms of steps 4 and 5."),
        axes=(illustrate.axis(run, title, s[t], expected(t), shat[t], mu),),
    )
    header = ("$t$", "$" + tex(expected(t)) + "$", words(("mean of ", s[t])), words(("mean of ", shat[t])))
    table = illustrate.table(
        (run,), (f"The simulation in numbers ({config.runs} runs; mean and standard error). The corrected "
                 "column stays at the mean from the first step on.",), header, digits)
    return {"figures": (figure,), "tables": (table,)}


def spec(settings, digits=4, msg=None):
    """The proof, with the problem's decay rate as the worked example."""
    key, b = decay(settings)
    statement = (
        ("Let ", eq(s[0], 0), " and, for every ", ge(t, 1), ",",
         Display(eq(s[t], recurrence(t))), "with ", Between(0, beta, 1), ". Then for every ", ge(t, 1), ":",
         Display(eq(s[t], unrolled(t)))),
        ("If moreover ", eq(Expectation(x[i]), mu), " for every ", i, ", then ", eq(Expectation(s[t]), expected(t)),
         ", so the corrected average ", eq(shat[t], s[t] / (1 - beta**t)), " is an unbiased estimate of ",
         mu, ". Steps 1 and 2 prove the first claim by induction on ", t, ", steps 3 to 5 the second; "
         "steps 6 to 8 apply it to Adam and to momentum."),
    )
    steps = (*_induction(), *_expectation(), *_instances(), _numbers(key, b, settings))
    return ProofSpec(
        name="ema", title="The exponential moving average, unrolled", statement=statement, steps=steps,
        var=t, ratios=(beta, b1, b2), **_illustration(b, digits),
    )
