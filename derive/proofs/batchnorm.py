"""Proofs bn-params and bn-batch-one: counting a dense + batch-norm layer, and a batch of one."""
import sympy as sp
from sympy import Derivative, IndexedBase, MatrixSymbol, Sum, Symbol, UnevaluatedExpr, sqrt

from ..language import messages
from .steps import Display, ProofSpec, Shown, Step, chain, eq, plus, times

n_in = Symbol(r"n_{\mathrm{in}}", integer=True, positive=True)
n_out = Symbol(r"n_{\mathrm{out}}", integer=True, positive=True)
m = Symbol("m", integer=True, positive=True)
q, r = (Symbol(n, integer=True, positive=True) for n in ("q", "r"))
gamma, shift = Symbol("gamma", real=True), Symbol("beta", real=True)
eps = Symbol("epsilon", positive=True)
bias = Symbol("b", real=True)
x, z, xhat, y = (IndexedBase(n, real=True) for n in ("x", "z", "xhat", "y"))
mean_b, var_b = Symbol("mu_B", real=True), Symbol("sigma_B^2", nonnegative=True)
P_dense, P_bn, P, P_buffers = (Symbol(rf"P_{{\mathrm{{{n}}}}}") for n in ("dense", "BN", "total", "buffers"))
COUNT_LIMIT = 5000  # SymPy builds the layer and counts its symbols only up to this many weights


def _mean(values, n):
    """(1/n) sum_{q=1}^{n} values(q)."""
    return times(UnevaluatedExpr(1 / n), Sum(values(q), (q, 1, n)))


def _shapes():
    """The parameter counts read off the shapes of SymPy matrix symbols."""
    W, b = MatrixSymbol("W", n_out, n_in), MatrixSymbol("b", n_out, 1)
    g, s = MatrixSymbol("gamma", n_out, 1), MatrixSymbol("beta", n_out, 1)
    size = lambda a: a.shape[0] * a.shape[1]  # noqa: E731
    return {P_dense: size(W) + size(b), P_bn: size(g) + size(s)}


def _counted(inputs, units):
    """The distinct parameter symbols SymPy finds in BN(W x + b) built for these sizes, two samples."""
    W = sp.Matrix(units, inputs, lambda a, c: Symbol(f"W_{a}_{c}"))
    b = sp.Matrix(units, 1, lambda a, c: Symbol(f"b_{a}"))
    g = sp.Matrix(units, 1, lambda a, c: Symbol(f"gamma_{a}"))
    s = sp.Matrix(units, 1, lambda a, c: Symbol(f"beta_{a}"))
    samples = [sp.Matrix(inputs, 1, lambda a, c: Symbol(f"x{n}_{a}")) for n in (1, 2)]
    zs = [W * xs + b for xs in samples]
    parts = []
    for unit in range(units):
        mu = (zs[0][unit] + zs[1][unit]) / 2
        var = ((zs[0][unit] - mu) ** 2 + (zs[1][unit] - mu) ** 2) / 2
        parts += [zs[0][unit], zs[1][unit], g[unit] * (zs[0][unit] - mu) / sqrt(var + eps) + s[unit]]
    # The layer's values z count too: in the output alone b cancels (that is step 4).
    symbols = set().union(*(p.free_symbols for p in parts))
    return len({v for v in symbols if not v.name.startswith("x") and v != eps})


def params_spec(settings, digits=4, msg=messages()):
    """Proof bn-params for the sizes given (the homework's 10 -> 20 by default), its words from msg's language."""
    sizes = {n_in: settings.bn_inputs, n_out: settings.bn_units}
    counts = _shapes()
    total = n_out * (n_in + 3)
    dense = Step(
        msg("proof.bn.dense"),
        msg.parts("proof.bn.dense.why", z=eq(Symbol("z"), plus(times(Symbol("W"), Symbol("x")), bias)), W=Symbol("W"),
                  n=n_in),
        (chain(P_dense, plus(times(n_out, n_in), n_out), times(n_out, n_in + 1), Shown(times(n_out, n_in + 1), sizes),
               n_out.subs(sizes) * (n_in.subs(sizes) + 1)),),
        given=tuple(counts.items()),
    )
    bn = Step(
        msg("proof.bn.bn"),
        msg.parts("proof.bn.bn.why", gamma=gamma, beta=shift, n=n_out),
        (chain(P_bn, 2 * n_out, Shown(2 * n_out, sizes), 2 * n_out.subs(sizes)),),
        given=tuple(counts.items()),
    )
    value = total.subs(sizes)
    total_chains = [chain(P, plus(P_dense, P_bn), plus(times(n_out, n_in + 1), 2 * n_out), total,
                          Shown(total, sizes), value)]
    why = [msg("proof.bn.total.why")]
    if settings.bn_inputs * settings.bn_units <= COUNT_LIMIT:
        counted = Symbol(r"\#\{\text{%s}\}" % msg("proof.bn.counted"))
        total_chains.append(chain(counted, value))
        why.append(msg("proof.bn.total.check"))
    total_step = Step(
        msg("proof.bn.total"), tuple(why), tuple(total_chains),
        given=(*counts.items(), (P, P_dense + P_bn),
               *(((counted, _counted(settings.bn_inputs, settings.bn_units)),) if len(total_chains) > 1 else ())),
    )
    batch = lambda f: _mean(f, m)  # noqa: E731
    redundant = Step(
        msg("proof.bn.redundant"),
        msg.parts("proof.bn.redundant.why", m=m, b=bias, z=z[q], beta=shift),
        (chain(plus(z[r], bias, times(-1, batch(lambda k: plus(z[k], bias)))),
               plus(z[r], times(-1, batch(lambda k: z[k])))),
         chain(Derivative(y[r], bias), 0),
         chain(P - n_out, n_out * (n_in + 2), Shown(n_out * (n_in + 2), sizes), (n_out * (n_in + 2)).subs(sizes))),
        given=((y[r], gamma * (z[r] + bias - batch(lambda k: z[k] + bias))
                / sqrt(batch(lambda k: (z[k] + bias - batch(lambda j: z[j] + bias)) ** 2) + eps) + shift),
               *counts.items(), (P, P_dense + P_bn)),
    )
    buffers = Step(
        msg("proof.bn.buffers"),
        msg.parts("proof.bn.buffers.why", P=P),
        (chain(P_buffers, 2 * n_out, Shown(2 * n_out, sizes), 2 * n_out.subs(sizes)),),
        given=((P_buffers, 2 * n_out),),
    )
    statement = (
        msg.parts("proof.bn.statement", n_in=n_in, n_out=n_out, total=Display(eq(P, total)), value=value,
                  inputs=Shown(eq(n_in, Symbol("c")), {Symbol("c"): settings.bn_inputs}),
                  units=Shown(eq(n_out, Symbol("c")), {Symbol("c"): settings.bn_units})),
    )
    return ProofSpec(name="bn-params", title=msg("proof.bn.title"),
                     statement=statement, steps=(dense, bn, total_step, redundant, buffers))


def batch_one_spec(settings, digits=4, msg=messages()):
    """Proof bn-batch-one: with one sample per batch the normalised value is 0 and the output is beta."""
    defs = ((mean_b, _mean(lambda k: x[k], m)), (var_b, _mean(lambda k: (x[k] - mean_b) ** 2, m)),
            (xhat[r], (x[r] - mean_b) / sqrt(plus(var_b, eps))), (y[r], plus(gamma * xhat[r], shift)))
    one = tuple((lhs.subs({m: 1, r: 1}), rhs.subs({m: 1, r: 1})) for lhs, rhs in defs)
    steps = (
        Step(msg("proof.bn1.mean"), msg.parts("proof.bn1.mean.why", m1=eq(m, 1)),
             (chain(mean_b, Sum(x[q], (q, 1, 1)), x[1]),), given=one),
        Step(msg("proof.bn1.variance"), (msg("proof.bn1.variance.why"),),
             (chain(var_b, (x[1] - mean_b) ** 2, 0),), given=one),
        Step(msg("proof.bn1.normalised"), msg.parts("proof.bn1.normalised.why", root=sqrt(eps), eps=eps),
             (chain(xhat[1], (x[1] - mean_b) / sqrt(plus(var_b, eps)), 0),), given=one),
        Step(msg("proof.bn1.output"), msg.parts("proof.bn1.output.why", gamma=gamma, beta=shift),
             (chain(y[1], plus(gamma * xhat[1], shift), shift),), given=one),
        Step(msg("proof.bn1.gradient"), msg.parts("proof.bn1.gradient.why", gamma=gamma, beta=shift),
             (chain(Derivative(y[1], x[1]), 0), chain(Derivative(y[1], gamma), 0),
              chain(Derivative(y[1], shift), 1)), given=one),
    )
    statement = (
        msg.parts("proof.bn1.statement", m=m, x=x[r], mean=Display(*(eq(lhs, rhs) for lhs, rhs in defs[:2])),
                  normalised=Display(*(eq(lhs, rhs) for lhs, rhs in defs[2:])), m1=eq(m, 1), xhat=eq(xhat[1], 0),
                  y=eq(y[1], shift)),
    )
    return ProofSpec(name="bn-batch-one", title=msg("proof.bn1.title"), statement=statement,
                     steps=steps)
