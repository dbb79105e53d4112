"""A function of x and y from a small expression language, parsed by our own grammar into SymPy.

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("-" | "+") unary | power
    power  := atom (("^" | "**") unary)?        right-associative: 2^3^2 = 2^9; -x^2 = -(x^2)
    atom   := number | "x" | "y" | name "(" expr ")" | "(" expr ")"
    name   := exp | log | sqrt | sin | cos       number := 12, 0.5, .5, 1e-3, 2.5E+2

Nothing of the text is ever evaluated as Python: each token is matched here and turned into a SymPy
object by hand. `**` is accepted as a synonym of `^` (people write it from Python). A number's exponent
is bounded before anything is computed, and every constant the expression holds must have a finite
real value in floating point (the value NumPy computes): no (-8)^(1/3), exp(exp(9)) or sin(10^20).
"""
import math
import re

import sympy as sp

from ..errors import InputError

x, y = sp.symbols("x y", real=True)
EXPECTED = "an expression of x and y with + - * / ^ exp log sqrt sin cos"
MAX_LENGTH = 400
MAX_DEPTH = 40  # nested parentheses, functions, unary signs and powers
MAX_EXPONENT = 300  # a number raised to a number must stay within floating point (about 1e±300)
MAX_POWER = 10_000
MAX_PERIODIC_ARGUMENT = 2.0 ** 53  # sin and cos of a larger constant would depend on its rounding
MIN_DECIMAL_EXPONENT, MAX_DECIMAL_EXPONENT = -324, 308  # floating point's range, as powers of ten
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
            at = self.peek()[2]
            right = self.term()
            value = _constant_checked(value + right if op == "+" else value - right, at)
        return value

    def term(self):
        value = self.unary()
        while (op := self.take("*", "/")):
            at = self.peek()[2]
            right = self.unary()
            if op == "/" and right.is_zero:
                raise _Refused("a division by zero", at)
            value = _constant_checked(value * right if op == "*" else value / right, at)
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
                return _constant_checked(FUNCTIONS[text](arg), at)
        if self.take("("):
            self.enter()
            value = self.expr()
            self.depth -= 1
            self.expect(")")
            return value
        raise _Refused(f"{_describe(text)} where a number, x, y, a function or '(' belongs" if kind != "end"
                       else "the end where a number, x, y, a function or '(' belongs", at)


def _number(text, at):
    """A decimal number, exactly (0.1 is 1/10), if it fits in floating point.

    The exponent is read as a bounded integer before anything is computed: 0e100000000 is 0 at once,
    and 1e100000000 is refused without computing 10^100000000."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return sp.Integer(0)
    shift = _bounded_int(exponent or "0") - len(fraction)
    magnitude = len(digits) - 1 + shift  # the power of ten of the first significant digit
    if not MIN_DECIMAL_EXPONENT <= magnitude <= MAX_DECIMAL_EXPONENT:
        raise _Refused(f"the number {_describe(text)}, beyond floating point", at)
    value = float(text)
    if not math.isfinite(value) or value == 0:
        raise _Refused(f"the number {_describe(text)}, beyond floating point", at)
    n = int(digits)
    return sp.Integer(n * 10 ** shift) if shift >= 0 else sp.Rational(n, 10 ** -shift)


def _bounded_int(text):
    """An exponent's integer, clamped far beyond any float exponent (a huge one is never computed)."""
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-").lstrip("0") or "0"
    return sign * (int(text) if len(text) <= 6 else 10 ** 6)


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
    if base.is_number and exponent.is_number and _float(exponent) > MAX_POWER and base not in (0, 1, -1):
        raise _Refused(f"an exponent larger than {MAX_POWER}", at)  # (1 + 1e-300)^(1e300): exact, it never ends
    return _constant_checked(base ** exponent, at)


_FLOAT_FUNCTIONS = {sp.exp: math.exp, sp.log: math.log, sp.sin: math.sin, sp.cos: math.cos}


class _NoFloat(Exception):
    """Why floating point has no finite real value for a constant."""


def float_value(expr):
    """The value of a constant expression in floating point, as NumPy computes it from the same formula;
    _NoFloat when there is no finite real one (beyond floating point, not real, sin of 10^20)."""
    if expr.is_Rational:
        try:
            value = expr.p / expr.q
        except OverflowError:
            raise _NoFloat("beyond floating point") from None
    elif expr.is_Float or expr.is_NumberSymbol:  # exp(1) is SymPy's E
        value = float(expr)
    elif expr.is_Add or expr.is_Mul:
        parts = [float_value(a) for a in expr.args]
        value = sum(parts) if expr.is_Add else math.prod(parts)
    elif expr.is_Pow:
        base, exponent = (float_value(a) for a in expr.args)
        if base < 0 and exponent != int(exponent):
            raise _NoFloat("not a real number (a negative number to a fractional power)")
        try:
            value = base ** exponent
        except ZeroDivisionError:
            raise _NoFloat("a division by zero (0 to a negative power)") from None
        except OverflowError:
            raise _NoFloat("beyond floating point") from None
    elif expr.func in _FLOAT_FUNCTIONS and len(expr.args) == 1:
        arg = float_value(expr.args[0])
        if expr.func in (sp.sin, sp.cos) and abs(arg) > MAX_PERIODIC_ARGUMENT:
            raise _NoFloat("sin or cos of a number beyond 2^53, which floating point holds only to "
                           "within many periods")
        if expr.func is sp.log and arg <= 0:
            raise _NoFloat("beyond floating point (log of 0)" if arg == 0 else "not a real number (log of a "
                           "negative number)")
        try:
            value = _FLOAT_FUNCTIONS[expr.func](arg)
        except OverflowError:
            raise _NoFloat("beyond floating point") from None
    else:  # I, zoo, nan, ...: nothing the grammar writes, but what SymPy may make of it
        raise _NoFloat("not a finite real number")
    if not math.isfinite(value):
        raise _NoFloat("beyond floating point")
    return value


def _constant_checked(expr, at=None, whole=False):
    """expr, when its constants have finite real values in floating point; else refused. The parser checks
    each constant it builds (whole=False: the children are checked already); whole=True walks every
    constant in expr, for those SymPy makes on its own ((-x^2)^(1/3) is (-1)^(1/3) |x|^(2/3))."""
    walk = sp.preorder_traversal(expr) if whole else (expr,)
    for sub in walk:
        if sub.is_number:
            try:
                float_value(sub)
            except _NoFloat as err:
                raise _Refused(f"a constant {err}", at) from None
            if whole:
                walk.skip()
    return expr


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
        _constant_checked(expr, whole=True)
    except _Refused as err:
        where = f" at character {err.at + 1}" if err.at is not None else ""
        raise InputError(file, key, EXPECTED, err.what + where) from None
    if expr.has(sp.I, sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise InputError(file, key, EXPECTED + ", real and finite", "a constant that is not a finite real number")
    if any(_float(n) > 1e300 for n in expr.atoms(sp.Number)):
        raise InputError(file, key, EXPECTED + ", numbers within floating point", "a constant above 1e300")
    return expr
