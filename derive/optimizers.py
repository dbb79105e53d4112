"""The optimizers of the course as a table of SymPy update rules, applied elementwise per parameter."""
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from .formulas import ELEMENTWISE, Template

theta, g, t = sp.symbols("theta g t")
HYPER = {  # setting name in the problem file -> the symbol the sheet writes
    "lr": sp.Symbol("eta"),
    "momentum": sp.Symbol("mu"),
    "rho": sp.Symbol("rho"),
    "beta1": sp.Symbol("beta1"),
    "beta2": sp.Symbol("beta2"),
    "eps": sp.Symbol("epsilon"),
}
eta, mu, rho, b1, b2, eps = (HYPER[k] for k in ("lr", "momentum", "rho", "beta1", "beta2", "eps"))


def prev(slot):
    """The symbol of a state slot's value before this iteration's update."""
    return sp.Symbol(slot + "_prev")


def new(slot):
    """The symbol of a state slot's value after this iteration's update."""
    return sp.Symbol(slot)


@dataclass(frozen=True)
class Rule:
    """An update rule: state steps in order, then the parameter update; symbols theta, g, slot, slot_prev."""

    name: str
    title: str
    steps: tuple  # ((slot, expr), ...)
    update: object
    lookahead: object = None  # nesterov: where the gradient is taken
    note: str = ""

    @property
    def slots(self):
        return tuple(s for s, _ in self.steps)

    @property
    def persistent(self):
        """Slots whose previous value a later iteration reads (the others are recomputed: m_hat, s_hat)."""
        used = set()
        for _, e in self.steps:
            used |= {s.name[:-5] for s in e.free_symbols if s.name.endswith("_prev")}
        if self.lookahead is not None:
            used |= {s.name[:-5] for s in self.lookahead.free_symbols if s.name.endswith("_prev")}
        return tuple(s for s in self.slots if s in used)


RULES = {
    "sgd": Rule("sgd", "gradient descent", (), theta - eta * g,
                note="This is PyTorch's SGD without momentum."),
    "momentum": Rule(
        "momentum", "gradient descent with momentum", (("v", mu * prev("v") - eta * g),), theta + new("v"),
        note=(r"PyTorch's SGD(momentum=$\mu$) writes $b \leftarrow \mu b + g$, "
              r"$\theta \leftarrow \theta - \eta b$; with a constant $\eta$ this is $v = -\eta b$, "
              r"so the iterates are the same.")),
    "nesterov": Rule(
        "nesterov", "Nesterov's accelerated gradient", (("v", mu * prev("v") - eta * g),), theta + new("v"),
        lookahead=theta + mu * prev("v"),
        note=(r"PyTorch's SGD(nesterov=True) keeps the parameters at the look-ahead point "
              r"($\tilde\theta$ here) and evaluates the gradient there; its iterates are this rule's "
              r"$\tilde\theta$, not $\theta$, so the two sequences differ by $\mu v$.")),
    "adagrad": Rule(
        "adagrad", "AdaGrad", (("r", prev("r") + g ** 2),), theta - eta * g / (sp.sqrt(new("r")) + eps),
        note=(r"PyTorch's Adagrad with its defaults (no decay, initial accumulator 0) and eps "
              r"$=\epsilon$ gives the same iterates.")),
    "rmsprop": Rule(
        "rmsprop", "RMSProp", (("r", rho * prev("r") + (1 - rho) * g ** 2),),
        theta - eta * g / (sp.sqrt(new("r")) + eps),
        note=r"PyTorch's RMSprop(alpha=$\rho$, eps=$\epsilon$) gives the same iterates."),
    "adam": Rule(
        "adam", "Adam",
        (("m", b1 * prev("m") + (1 - b1) * g), ("s", b2 * prev("s") + (1 - b2) * g ** 2),
         ("m_hat", new("m") / (1 - b1 ** t)), ("s_hat", new("s") / (1 - b2 ** t))),
        theta - eta * new("m_hat") / (sp.sqrt(new("s_hat")) + eps),
        note=r"PyTorch's Adam(betas=($\beta_1, \beta_2$), eps=$\epsilon$) gives the same iterates."),
}


@lru_cache(maxsize=None)
def template(expr):
    """An elementwise template of an update expression: arguments are its non-setting symbols."""
    hypers = set(HYPER.values()) | {t}
    args = tuple(sorted((s for s in expr.free_symbols if s not in hypers), key=lambda s: s.name))
    consts = tuple(sorted((s for s in expr.free_symbols if s in hypers), key=lambda s: s.name))
    return Template(ELEMENTWISE, expr, args, consts=consts)


def const_values(consts, optimizer, iteration):
    """The numbers of a template's setting symbols for one iteration."""
    values = dict(optimizer.settings, lr=optimizer.lr)
    by_symbol = {HYPER[k]: v for k, v in values.items()}
    by_symbol[t] = float(iteration)
    return tuple(by_symbol[c] for c in consts)
