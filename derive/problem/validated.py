"""The validated problem as frozen dataclasses: the network, loss, data, initial values and optimizer."""
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..network.layers import registry
from .model import DISPLAY, LOSS, NETWORK, OPTIMIZER, SHEET


@dataclass(frozen=True)
class LossOptions:
    """How the per-sample loss is scaled and reduced: scale (sse), the mean or sum over outputs, over samples."""

    scale: float = LOSS.key("scale").default  # the defaults are the declarations' (model.py)
    reduce_outputs: str = LOSS.key("reduce_outputs").default
    batch: str = LOSS.key("batch").default


@dataclass(frozen=True)
class Optimizer:
    """The training loop: rule, its settings, iterations and batching."""

    kind: str
    lr: float
    iterations: int
    settings: tuple  # ((name, value), ...) in the rule's own order
    batch: object = OPTIMIZER.key("batch").default  # "full", "sample" or an int
    eps_placement: str = OPTIMIZER.key("eps_placement").default  # "outside": eta g / (sqrt(s) + eps), or "inside"
    momentum_form: str = OPTIMIZER.key("momentum_form").default  # "course": v <- mu v - eta g, theta += v; or "torch"
    freeze: tuple = ()  # parameters used but never updated

    def setting(self, name):
        return dict(self.settings)[name]

    @property
    def weight_decay(self):
        return dict(self.settings).get("weight_decay", 0.0)

    def batch_size(self, n_samples):
        if self.batch == "full":
            return n_samples
        if self.batch == "sample":
            return 1
        return min(int(self.batch), n_samples)


@dataclass(frozen=True, eq=False)
class Problem:
    """A validated problem: network, loss, data, initial values, optimizer, display settings."""

    path: Path
    name: str
    title: str
    inputs: int
    layers: tuple
    loss: str
    x: np.ndarray  # (samples, inputs)
    y: np.ndarray  # (samples, outputs)
    init: dict  # name -> array, weights (units, inputs), biases (units,)
    optimizer: Optimizer
    digits: int = DISPLAY.key("digits").default
    proofs: tuple = ()
    raw: dict = field(default_factory=dict)
    language: str = SHEET.key("language").default  # the sheets' language: [sheet] language, or --language
    layout: str = NETWORK.key("layout").default  # "xW": z = a W + b, samples and values as rows, W (inputs, units)
    loss_options: LossOptions = LossOptions()
    check: dict = field(default_factory=dict)  # [check]: {"min_digits": n} or {"min_decimals": n} (marking policy)
    detail: str = None  # [sheet] detail or --detail: "full", "first" or "summary" (None: full)

    @property
    def params(self):
        """Parameter names in network order (weight, bias per layer)."""
        return tuple(n for layer in self.layers for n in registry.params(layer))

    @property
    def trained(self):
        """The parameters the optimizer updates (all but the frozen ones), in network order."""
        return tuple(n for n in self.params if n not in self.optimizer.freeze)

    def param_shape(self, name):
        for l, layer in enumerate(self.layers):
            if name in registry.params(layer):
                fan_in = self.inputs if l == 0 else self.layers[l - 1].units
                return registry.kind_of(layer).param_shape(layer, name, fan_in, self.layout)
        raise KeyError(name)

    @property
    def n_params(self):
        return sum(math.prod(self.param_shape(p)) for p in self.params)


def batch_sizes(optimizer, n):
    """The sizes of the batches the iterations may use."""
    size = optimizer.batch_size(n)
    return {min(size, n - s) for s in range(0, n, size)}
