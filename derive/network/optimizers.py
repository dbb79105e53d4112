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
    "weight_decay": sp.Symbol("lambda"),
}
eta, mu, rho, b1, b2, eps = (HYPER[k] for k in ("lr", "momentum", "rho", "beta1", "beta2", "eps"))
lam = HYPER["weight_decay"]
lookahead_point = sp.Symbol("thetatilde")  # in a rule's steps: the look-ahead point (Nesterov's), where g is taken
DECAYED = "g_wd"  # the slot of the gradient with the L2 term (weight_decay) added


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
    steps: tuple  # ((slot, expr), ...)
    update: object
    lookahead: object = None  # nesterov: where the gradient is taken

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


RULES = {  # their names and notes for the sheet are in the message tables (rule.KIND.title, rule.KIND.note)
    "sgd": Rule("sgd", (), theta - eta * g),
    "momentum": Rule("momentum", (("v", mu * prev("v") - eta * g),), theta + new("v")),
    "nesterov": Rule("nesterov", (("v", mu * prev("v") - eta * g),), theta + new("v"), lookahead=theta + mu * prev("v")),
    "adagrad": Rule("adagrad", (("r", prev("r") + g ** 2),), theta - eta * g / (sp.sqrt(new("r")) + eps)),
    "rmsprop": Rule("rmsprop", (("r", rho * prev("r") + (1 - rho) * g ** 2),),
                    theta - eta * g / (sp.sqrt(new("r")) + eps)),
    "adam": Rule("adam",
                 (("m", b1 * prev("m") + (1 - b1) * g), ("s", b2 * prev("s") + (1 - b2) * g ** 2),
                  ("m_hat", new("m") / (1 - b1 ** t)), ("s_hat", new("s") / (1 - b2 ** t))),
                 theta - eta * new("m_hat") / (sp.sqrt(new("s_hat")) + eps)),
    "adamw": Rule("adamw",
                  (("m", b1 * prev("m") + (1 - b1) * g), ("s", b2 * prev("s") + (1 - b2) * g ** 2),
                   ("m_hat", new("m") / (1 - b1 ** t)), ("s_hat", new("s") / (1 - b2 ** t))),
                  theta * (1 - eta * lam) - eta * new("m_hat") / (sp.sqrt(new("s_hat")) + eps)),
}

# momentum_form = "torch": the rules as PyTorch's SGD documentation writes them (dampening 0), with the same numbers
TORCH_FORM = {
    "momentum": Rule("momentum", (("v", mu * prev("v") + g),), theta - eta * new("v")),
    "nesterov": Rule("nesterov", (("v", mu * prev("v") + g),), theta - eta * (g + mu * new("v"))),
}


@lru_cache(maxsize=None)
def rule_for(kind, eps_placement="outside", weight_decay=False, momentum_form="course"):
    """The update rule of an optimizer with its options: eps inside the square root, the L2 term added to the
    gradient (a first step g_wd = g + lambda theta, taken at the look-ahead point for Nesterov), PyTorch's
    form of momentum."""
    rule = TORCH_FORM[kind] if momentum_form == "torch" else RULES[kind]
    steps, update = list(rule.steps), rule.update
    if eps_placement == "inside":
        inside = {sp.sqrt(new(slot)) + eps: sp.sqrt(new(slot) + eps) for slot in rule.slots}
        update = update.xreplace(inside)
    if weight_decay and kind != "adamw":
        at = lookahead_point if rule.lookahead is not None else theta
        gd = {g: new(DECAYED)}
        steps = [(DECAYED, g + lam * at)] + [(slot, e.xreplace(gd)) for slot, e in steps]
        update = update.xreplace(gd)
    return Rule(rule.name, tuple(steps), update, rule.lookahead)


def rule_of(optimizer):
    """The rule of a validated Optimizer (spec.Optimizer)."""
    return rule_for(optimizer.kind, optimizer.eps_placement, optimizer.weight_decay != 0 and optimizer.kind != "adamw",
                    optimizer.momentum_form)


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
