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
    "adamw": Rule(
        "adamw", "AdamW (Adam with decoupled weight decay)",
        (("m", b1 * prev("m") + (1 - b1) * g), ("s", b2 * prev("s") + (1 - b2) * g ** 2),
         ("m_hat", new("m") / (1 - b1 ** t)), ("s_hat", new("s") / (1 - b2 ** t))),
        theta * (1 - eta * lam) - eta * new("m_hat") / (sp.sqrt(new("s_hat")) + eps),
        note=(r"The decay $\eta\lambda\theta$ is taken from the parameter itself, not added to the gradient; "
              r"PyTorch's AdamW(betas=($\beta_1, \beta_2$), eps=$\epsilon$, weight\_decay=$\lambda$) gives the "
              r"same iterates.")),
}

# momentum_form = "torch": the rules as PyTorch's SGD documentation writes them (dampening 0), with the same numbers
TORCH_FORM = {
    "momentum": Rule(
        "momentum", "gradient descent with momentum (PyTorch's form)", (("v", mu * prev("v") + g),),
        theta - eta * new("v"),
        note=r"This is PyTorch's SGD(momentum=$\mu$) as its documentation writes it: the same iterates."),
    "nesterov": Rule(
        "nesterov", "Nesterov's accelerated gradient (PyTorch's form)", (("v", mu * prev("v") + g),),
        theta - eta * (g + mu * new("v")),
        note=(r"This is PyTorch's SGD(momentum=$\mu$, nesterov=True) as its documentation writes it: the "
              r"gradient is taken at $\theta$ itself, and the iterates are PyTorch's.")),
}
EPS_INSIDE_NOTE = {  # eps_placement = "inside": the sentence that replaces the rule's PyTorch note
    "adagrad": r"PyTorch's Adagrad adds $\epsilon$ outside the square root; here it is inside, $\sqrt{r + \epsilon}$, "
               r"so the iterates differ from PyTorch's where $\epsilon$ is not negligible against $r$.",
    "rmsprop": r"PyTorch's RMSprop adds $\epsilon$ outside the square root; here it is inside, $\sqrt{r + \epsilon}$, "
               r"so the iterates differ from PyTorch's where $\epsilon$ is not negligible against $r$.",
    "adam": r"PyTorch's Adam adds $\epsilon$ outside the square root; here it is inside, "
            r"$\sqrt{\hat{s} + \epsilon}$, so the iterates differ from PyTorch's where $\epsilon$ is not "
            r"negligible against $\hat{s}$.",
    "adamw": r"PyTorch's AdamW adds $\epsilon$ outside the square root; here it is inside, "
             r"$\sqrt{\hat{s} + \epsilon}$, so the iterates differ from PyTorch's where $\epsilon$ is not "
             r"negligible against $\hat{s}$.",
}
WEIGHT_DECAY_NOTE = (r" The weight decay adds $\lambda\theta$ to the gradient (the gradient of "
                     r"$\frac{\lambda}{2}\lVert\theta\rVert^2$) before the rule uses it, as PyTorch's "
                     r"weight\_decay=$\lambda$ does.")


@lru_cache(maxsize=None)
def rule_for(kind, eps_placement="outside", weight_decay=False, momentum_form="course"):
    """The update rule of an optimizer with its options: eps inside the square root, the L2 term added to the
    gradient (a first step g_wd = g + lambda theta, taken at the look-ahead point for Nesterov), PyTorch's
    form of momentum."""
    rule = TORCH_FORM[kind] if momentum_form == "torch" else RULES[kind]
    steps, update, note = list(rule.steps), rule.update, rule.note
    if eps_placement == "inside":
        inside = {sp.sqrt(new(slot)) + eps: sp.sqrt(new(slot) + eps) for slot in rule.slots}
        update, note = update.xreplace(inside), EPS_INSIDE_NOTE[kind]
    if weight_decay and kind != "adamw":
        at = lookahead_point if rule.lookahead is not None else theta
        gd = {g: new(DECAYED)}
        steps = [(DECAYED, g + lam * at)] + [(slot, e.xreplace(gd)) for slot, e in steps]
        update = update.xreplace(gd)
        note += WEIGHT_DECAY_NOTE
    return Rule(rule.name, rule.title, tuple(steps), update, rule.lookahead, note)


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
