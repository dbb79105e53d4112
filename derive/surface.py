"""A function of x and y from a small expression language, parsed by our own grammar into SymPy.

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("-" | "+") unary | power
    power  := atom (("^" | "**") unary)?        right-associative: 2^3^2 = 2^9; -x^2 = -(x^2)
    atom   := number | "x" | "y" | name "(" expr ")" | "(" expr ")"
    name   := exp | log | sqrt | sin | cos       number := 12, 0.5, .5, 1e-3, 2.5E+2

Nothing of the text is ever evaluated as Python: each token is matched here and turned into a SymPy
object by hand. `**` is accepted as a synonym of `^` (people write it from Python).
"""
import math
import re

import sympy as sp

from .errors import InputError

x, y = sp.symbols("x y", real=True)
EXPECTED = "an expression of x and y with + - * / ^ exp log sqrt sin cos"
MAX_LENGTH = 400
MAX_DEPTH = 40  # nested parentheses, functions, unary signs and powers
MAX_EXPONENT = 300  # a number raised to a number must stay within floating point (about 1e±300)
MAX_POWER = 10_000
FUNCTIONS = {"exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "sin": sp.sin, "cos": sp.cos}
VARIABLES = {"x": x, "y": y}

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^()])
""", re.VERBOSE | re.ASCII)


class _Refused(Exception):
    """What is wrong with the text, and where (0-based character offset)."""

    def __init__(self, what, at=None):
        super().__init__(what)
        self.what, self.at = what, at


def _describe(text):
    text = text if len(text) <= 20 else text[:17] + "..."
    return repr(text)


def tokens(text):
    """(kind, text, offset) for each token; anything the grammar does not know is refused."""
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise _Refused(f"the character {_describe(text[pos])}", pos)
        kind = m.lastgroup
        if kind == "name" and m.group() not in VARIABLES and m.group() not in FUNCTIONS:
            raise _Refused(f"the name {_describe(m.group())}", pos)
        if kind != "space":
            out.append((kind, m.group(), pos))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent over the token list; each rule returns a SymPy expression."""

    def __init__(self, toks):
        self.toks, self.i, self.depth = toks, 0, 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "", None)

    def take(self, *ops):
        kind, text, _ = self.peek()
        if kind == "op" and text in ops:
            self.i += 1
            return text
        return None

    def expect(self, op):
        if not self.take(op):
            kind, text, at = self.peek()
            raise _Refused(f"{_describe(text)} where {op!r} belongs" if kind != "end" else f"the end where {op!r} belongs",
                           at)

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"more than {MAX_DEPTH} levels of nesting", self.peek()[2])

    def expr(self):
        value = self.term()
        while (op := self.take("+", "-")):
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self):
        value = self.unary()
        while (op := self.take("*", "/")):
            at = self.peek()[2]
            right = self.unary()
            if op == "/" and right.is_zero:
                raise _Refused("a division by zero", at)
            value = value * right if op == "*" else value / right
        return value

    def unary(self):
        if (op := self.take("-", "+")):
            self.enter()
            value = self.unary()
            self.depth -= 1
            return -value if op == "-" else value
        return self.power()

    def power(self):
        base = self.atom()
        at = self.peek()[2]
        if self.take("^", "**"):
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return _power(base, exponent, at)
        return base

    def atom(self):
        kind, text, at = self.peek()
        if kind == "number":
            self.i += 1
            return _number(text, at)
        if kind == "name":
            self.i += 1
            if text in VARIABLES:
                return VARIABLES[text]
            if text in FUNCTIONS:  # tokens() let no other name through
                self.expect("(")
                self.enter()
                arg = self.expr()
                self.depth -= 1
                self.expect(")")
                return FUNCTIONS[text](arg)
        if self.take("("):
            self.enter()
            value = self.expr()
            self.depth -= 1
            self.expect(")")
            return value
        raise _Refused(f"{_describe(text)} where a number, x, y, a function or '(' belongs" if kind != "end"
                       else "the end where a number, x, y, a function or '(' belongs", at)


def _number(text, at):
    """A decimal number, exactly (0.1 is 1/10), if it fits in floating point."""
    value = float(text)
    if not math.isfinite(value) or (value == 0 and re.search("[1-9]", text.split("e")[0].split("E")[0])):
        raise _Refused(f"the number {_describe(text)}, beyond floating point", at)
    return sp.Rational(text)


def _float(value):
    """A SymPy number as a float; inf when it does not fit."""
    try:
        return abs(complex(value))
    except (OverflowError, TypeError, ValueError):
        return math.inf


def _power(base, exponent, at):
    """base ** exponent, refusing powers SymPy would compute exactly to thousands of digits."""
    if exponent.is_number and not base.is_number and _float(exponent) > MAX_POWER:
        raise _Refused(f"an exponent larger than {MAX_POWER}", at)
    if base.is_number and exponent.is_number and _float(base) not in (0.0, 1.0):
        size = _float(exponent) * abs(math.log10(_float(base)))
        if not math.isfinite(size) or size > MAX_EXPONENT:
            raise _Refused("a power too large or too small for floating point", at)
    return base ** exponent


def parse(text, file="<surface>", key="surface.f"):
    """The SymPy expression of `text`; an InputError naming the file and key when the text is not one."""
    if not isinstance(text, str):
        raise InputError(file, key, EXPECTED + " (as a string)", type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise InputError(file, key, EXPECTED + f", at most {MAX_LENGTH} characters", f"{len(text)} characters")
    try:
        parser = _Parser(tokens(text))
        if not parser.toks:
            raise _Refused("an empty expression")
        expr = parser.expr()
        kind, rest, at = parser.peek()
        if kind != "end":
            raise _Refused(f"{_describe(rest)} after a complete expression", at)
    except _Refused as err:
        where = f" at character {err.at + 1}" if err.at is not None else ""
        raise InputError(file, key, EXPECTED, err.what + where) from None
    if expr.has(sp.I, sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise InputError(file, key, EXPECTED + ", real and finite", "a constant that is not a finite real number")
    if any(_float(n) > 1e300 for n in expr.atoms(sp.Number)):
        raise InputError(file, key, EXPECTED + ", numbers within floating point", "a constant above 1e300")
    return expr
