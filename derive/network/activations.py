"""The activations as a table: each one's SymPy formula; derivatives come from SymPy, not from here."""
from dataclasses import dataclass

import sympy as sp

from .functions import relu, sigmoid, smax, softplus


@dataclass(frozen=True)
class Activation:
    """An activation: its name as written on the sheet and its formula per element."""

    name: str
    latex_name: str
    formula: object  # scalar activations: f(z) -> expr; softmax: f(k, zs) -> expr of element k
    vector: bool = False  # True when an element depends on the whole vector (softmax)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", r"\sigma", lambda z: sigmoid(z)),
    "tanh": Activation("tanh", r"\tanh", lambda z: sp.tanh(z)),
    "relu": Activation("relu", r"\operatorname{relu}", lambda z: relu(z)),
    "swish": Activation("swish", r"\operatorname{swish}", lambda z: z * sigmoid(z)),
    "softplus": Activation("softplus", r"\operatorname{softplus}", lambda z: softplus(z)),
    "linear": Activation("linear", r"\operatorname{id}", lambda z: z),
    "softmax": Activation("softmax", r"\operatorname{softmax}", lambda k, zs: smax(k, *zs), vector=True),
}
