"""A seeded Monte Carlo run of EMAs of random gradients: mean and standard error at every step."""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Simulation:
    """Gradients g_t ~ Normal(mean, sd) i.i.d.; `runs` independent sequences of `steps` steps."""

    seed: int = 20240214
    runs: int = 4000
    steps: int = 40
    mean: float = 0.5
    sd: float = 1.0

    def moment(self, power):
        """E[g] (power 1) or E[g^2] (power 2) of the simulated gradients."""
        return self.mean if power == 1 else self.mean**2 + self.sd**2


@dataclass(frozen=True)
class EmaRun:
    """Per step t = 1..T: mean and standard error of s_t and of s_t / (1 - beta^t) over the runs."""

    beta: float
    target: float              # E[x], what the corrected estimate should average to
    t: np.ndarray
    mean: np.ndarray
    se: np.ndarray
    corrected: np.ndarray
    corrected_se: np.ndarray

    def closed_form(self):
        """The proof's E[s_t] = mu (1 - beta^t) at every simulated t."""
        return self.target * (1 - self.beta**self.t)


def gradients(config=Simulation()):
    """The seeded gradient draws, shape (runs, steps)."""
    rng = np.random.default_rng(config.seed)
    return rng.normal(config.mean, config.sd, size=(config.runs, config.steps))


def ema_run(beta, power=1, config=Simulation(), draws=None):
    """EMAs s_t = beta s_{t-1} + (1 - beta) g_t^power from s_0 = 0 over every run."""
    x = (gradients(config) if draws is None else draws) ** power
    s = np.zeros(config.runs)
    path = np.empty_like(x)
    for step in range(config.steps):
        s = beta * s + (1 - beta) * x[:, step]
        path[:, step] = s
    t = np.arange(1, config.steps + 1)
    corrected = path / (1 - beta**t)
    root = np.sqrt(config.runs)
    return EmaRun(
        beta=beta, target=config.moment(power), t=t,
        mean=path.mean(axis=0), se=path.std(axis=0, ddof=1) / root,
        corrected=corrected.mean(axis=0), corrected_se=corrected.std(axis=0, ddof=1) / root,
    )
