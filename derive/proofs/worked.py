"""Worked numbers shared by the proofs: chains of exact arithmetic with rounded results."""
import math

import sympy as sp

from ..display import numbers
from .steps import Approx, Link, Shown, chain

ONE_PERCENT = sp.Rational(1, 100)


def steps_to_one_percent(b):
    """The first t with b^t <= 1/100 (b an exact number in (0, 1))."""
    n = max(1, math.ceil(math.log(0.01) / math.log(float(b))))
    while b**n > ONE_PERCENT:
        n += 1
    while n > 1 and b ** (n - 1) <= ONE_PERCENT:
        n -= 1
    return n


def one_percent_chain(symbol, b):
    """b^T ~ ... <= 0.01 < b^(T-1) ~ ...: when the bias b^t drops below 1%."""
    n = sp.Symbol("n")
    last = steps_to_one_percent(b)
    digits = _distinguishing_digits(b**last, b ** (last - 1))
    links = [result(b**last, digits), Link("<=", Approx(ONE_PERCENT, digits))]
    if last > 1:
        links += [Link("<", Shown(symbol**n, {symbol: b, n: last - 1})), result(b ** (last - 1), digits)]
    return chain(Shown(symbol**n, {symbol: b, n: last}), *links), last


def _distinguishing_digits(*values):
    """The fewest digits (3 or more) that print none of the values as 0.01."""
    for digits in range(3, 12):
        if all(numbers.plain(float(v), digits) != "0.01" for v in values):
            return digits
    return 12


def result(exact, digits):
    """The link '= value' when `digits` digits show the exact value, else '~ value'."""
    exact = sp.sympify(exact)
    if exact.is_Integer and abs(exact) < 10**15:
        return Link("=", Approx(exact, digits))  # integers print in full
    shown = sp.Rational(numbers.plain(float(exact), digits))
    return Link("=" if exact.is_Rational and shown == exact else "approx", Approx(exact, digits))
