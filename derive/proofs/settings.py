"""The numbers a proof works with: the problem's optimizer settings and sizes, else the defaults."""
import math
import operator
from dataclasses import dataclass

import sympy as sp

from ..errors import InputError

DEFAULTS = {
    "lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum": 0.9, "rho": 0.9,
    "bn_inputs": 10, "bn_units": 20, "dropout_units": None, "keep": 0.5,
}
_FRACTIONS = ("beta1", "beta2", "momentum", "rho")
_MAX_SIZE = {"bn_inputs": 10**6, "bn_units": 10**6, "dropout_units": 1000}  # 2^1000 still fits a float


@dataclass(frozen=True)
class Settings:
    """Exact (rational) settings; `given` names the keys the problem or the user supplied."""

    kind: str = None
    lr: object = None
    beta1: object = None
    beta2: object = None
    eps: object = None
    momentum: object = None
    rho: object = None
    bn_inputs: int = 10
    bn_units: int = 20
    dropout_units: int = None
    keep: object = None
    given: frozenset = frozenset()


def _exact(key, value):
    """A setting as an exact rational (0.9 -> 9/10), or InputError."""
    if isinstance(value, (bool, str)):
        raise InputError("proofs", key, "a number", repr(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError("proofs", key, "a number", repr(value)) from None
    if not math.isfinite(number):
        raise InputError("proofs", key, "a finite number", repr(value))
    return sp.Rational(repr(number))


def _check(key, value):
    """The setting, checked against its range."""
    if key in _MAX_SIZE:
        try:
            whole = None if isinstance(value, bool) else operator.index(value)
        except TypeError:
            whole = None
        if whole is None or not 1 <= whole <= _MAX_SIZE[key]:
            raise InputError("proofs", key, f"a whole number from 1 to {_MAX_SIZE[key]}", repr(value))
        return whole
    exact = _exact(key, value)
    if key in _FRACTIONS and not 0 < exact < 1:
        raise InputError("proofs", key, "a number between 0 and 1 (both excluded)", repr(value))
    if key == "keep" and not 0 < exact <= 1:
        raise InputError("proofs", key, "a keep probability in (0, 1]", repr(value))
    if key in ("lr", "eps") and not exact > 0:
        raise InputError("proofs", key, "a number > 0", repr(value))
    return exact


def normalize(settings=None):
    """Settings from a plain dict (None: every default); unknown keys are ignored."""
    settings = dict(settings or {})
    values, given = {}, set()
    for key, default in DEFAULTS.items():
        value = settings.get(key)
        if value is None:
            values[key] = None if default is None else _check(key, default)
        else:
            values[key] = _check(key, value)
            given.add(key)
    kind = settings.get("kind")
    return Settings(kind=None if kind is None else str(kind), given=frozenset(given), **values)


def decay(settings):
    """The EMA decay the problem's own optimizer uses, and its setting's name."""
    key = {"adam": "beta1", "rmsprop": "rho", "momentum": "momentum", "nesterov": "momentum"}.get(
        settings.kind, "beta1")
    return key, getattr(settings, key)
