"""Formula templates: a SymPy formula of named arguments, compiled once and evaluated for every
sample and iteration; printed symbolically and with numbers substituted ("formula = numbers")."""
import re
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.numpy import NumPyPrinter

from ..display import numbers
from .functions import NUMERIC, smax

MATRIX, ELEMENTWISE, EXPLICIT = "matrix", "elementwise", "explicit"
SETTINGS = {"order": "none", "mul_symbol": None, "fold_short_frac": False, "mat_str": "bmatrix", "mat_delim": ""}


class Odot(sp.Function):
    """Display only: the elementwise product a ⊙ b."""

    def _latex(self, printer, exp=None):
        return r" \odot ".join(printer.parenthesize(a, 50) for a in self.args)


class Apply(sp.Function):
    """Display only: Apply(name, arg[, prime]) prints name(arg) or name'(arg), name a Symbol holding LaTeX."""

    def _latex(self, printer, exp=None):
        name = self.args[0].name + ("'" if len(self.args) > 2 and self.args[2] else "")
        return r"%s\left(%s\right)" % (name, printer._print(self.args[1]))


class JacobianT(sp.Function):
    """Display only: JacobianT(name, z, v) prints J_name(z)^T v."""

    def _latex(self, printer, exp=None):
        return r"J_{%s}\left(%s\right)^{T} %s" % (
            self.args[0].name, printer._print(self.args[1]), printer._print(self.args[2]))


class Mean(sp.Function):
    """Display only: Mean(a, b, ...) prints (1/n)(a + b + ...)."""

    def _latex(self, printer, exp=None):
        terms = [_unwrapped(printer._print(a)) for a in self.args]
        inner = terms[0] + "".join(" - " + t[1:] if t.startswith("-") else " + " + t for t in terms[1:])
        return r"\frac{1}{%d}\left(%s\right)" % (len(self.args), inner)


class ValuePrinter(LatexPrinter):
    """sympy.latex with argument symbols replaced by the LaTeX of their values."""

    def __init__(self, values, settings):
        super().__init__(settings)
        self._values = values

    def _print_Symbol(self, expr, style="plain"):
        if expr in self._values:
            return self._values[expr]
        return super()._print_Symbol(expr, style)

    _print_MatrixSymbol = _print_Symbol

    def _print_MatrixBase(self, expr):
        rows = [[self._print(expr[i, j]) for j in range(expr.cols)] for i in range(expr.rows)]
        if any(r"\frac" in cell for row in rows for cell in row):  # rows of fractions: room between them
            return _matrix(rows)
        return super()._print_MatrixBase(expr)


def _wrap_negative(text):
    return r"\left(%s\right)" % text if text.startswith("-") else text


_DOUBLE = re.compile(r"\\left\(\\left\((-[^()]*?)\\right\)\s*\\right\)")
_WRAPPED = re.compile(r"\\left\((-[^()]*)\\right\)")


def _unwrapped(text):
    """A negative number alone without the parentheses it needs inside a product."""
    whole = _WRAPPED.fullmatch(text)
    return whole.group(1) if whole else text


def _written_out(expr):
    """softmax_k(z) as e^{z_k} / sum_j e^{z_j}, so that the numbers show what is computed."""
    return expr.replace(lambda e: isinstance(e, smax),
                        lambda e: sp.exp(e.args[int(e.args[0])]) / sp.Add(*(sp.exp(z) for z in e.args[1:])))


def _vanished(expr, zeros, ones=()):
    """expr without the terms that the arguments whose value is 0 or 1 make 0 (-0 log(0.4642), 0.9 * 0,
    -(1 - 1) log(0.5)) and without factors 1 of a product (-1 log(0.5)); expr itself if that divides by 0."""
    known = {**{z: sp.S.Zero for z in zeros}, **{o: sp.S.One for o in ones}}
    if not known:
        return expr
    out = expr.replace(lambda e: e.is_Add, lambda e: sp.Add(*(t for t in e.args if t.xreplace(known) != 0)))
    out = out.xreplace({z: sp.S.Zero for z in zeros})
    if ones:  # a factor 1 of a product that keeps another factor than a number (not y in yhat - y)
        ones = set(ones)
        out = out.replace(
            lambda e: e.is_Mul and ones & set(e.args) and any(not a.is_Number for a in e.args if a not in ones),
            lambda e: sp.Mul(*(a for a in e.args if a not in ones)))
    return expr if out.has(sp.zoo, sp.nan, sp.oo, -sp.oo) else out


_COMPARED = re.compile(r"\\left\[\\left\((-[^()]*?)\\right\)(?= [<>])")
_LEADING = re.compile(r"(^|\\begin\{bmatrix\}|& |\\\\(?:\[[^\]]*\])? |\\left\()\\left\((-[^()]*?)\\right\)(?= \\cdot| \\begin| [-+] )")
_ADDED = re.compile(r"(?<=[\w})\]] )([+-]) \\left\(-([^()]*?)\\right\)(?!\^)")  # binary + or - only
_EXPONENT = re.compile(r"\^\{\\left\((-[^()]*?)\\right\)\}")


def _tidy(text):
    """Drop the parentheses a negative number needs in a product where they are not needed: inside a function's
    own, in an exponent, in a comparison, as the first factor, alone, or added (a + (-b) is a - b)."""
    text = _EXPONENT.sub(r"^{\1}", _DOUBLE.sub(r"\\left(\1\\right)", text))
    text = _LEADING.sub(r"\1\2", _COMPARED.sub(r"\\left[\1", text))
    text = _ADDED.sub(lambda m: ("- " if m.group(1) == "+" else "+ ") + m.group(2), text)  # a + (-b): a - b
    return _unwrapped(text)


@dataclass(frozen=True, eq=False)
class Template:
    """A formula with its arguments. kind: matrix (MatrixSymbols), elementwise (scalar symbols applied
    to each element), explicit (a scalar or Matrix of expressions over the arguments' element symbols)."""

    kind: str
    expr: object
    args: tuple
    consts: tuple = ()
    display: object = None
    display_args: tuple = ()  # for explicit templates: the symbols the display uses for whole arguments
    numeric: object = None  # an equal formula NumPy evaluates instead of expr (stable where expr overflows)
    substitute_display: bool = False  # numbers go into the display form (a mean: 1/n (a + b + c))
    _fn: list = field(default_factory=list, repr=False)
    _printed: dict = field(default_factory=dict, repr=False)  # LaTeX already printed, by its arguments' symbols

    @property
    def shown(self):
        shown = self.expr if self.display is None else self.display
        if isinstance(shown, sp.MatrixBase) and shown.shape == (1, 1):
            return shown[0, 0]
        return shown

    def _flat_args(self):
        if self.kind == EXPLICIT:
            return [s for a in self.args for s in (a if isinstance(a, sp.MatrixBase) else [a])]
        return list(self.args)

    def function(self):
        if not self._fn:
            expr = self.expr if self.numeric is None else self.numeric
            if self.kind == EXPLICIT and isinstance(expr, sp.MatrixBase):
                expr = list(expr)
            self._fn.append(compile_numeric(self._flat_args() + list(self.consts), expr))
        return self._fn[0]

    def stacked_function(self):
        """The formula's NumPy function for arguments stacked along a first axis (one entry a point), or None
        for a matrix formula holding an operation that does not take a stack (see _StackedCodePrinter)."""
        if len(self._fn) < 2:
            expr = self.expr if self.numeric is None else self.numeric
            stacked = None
            if self.kind != MATRIX:
                stacked = self.function()
            elif _stackable(expr):
                stacked = compile_numeric(self._flat_args() + list(self.consts), expr, _StackedCodePrinter)
            self._fn[1:] = [stacked]
        return self._fn[1]

    def evaluate_stacked(self, values, consts=()):
        """evaluate at several points at once: each value has a first axis, one entry a point, and so has the
        result (the numbers evaluate gives point by point); None when the formula cannot take a stack."""
        fn = self.stacked_function()
        if fn is None or not values:
            return None
        values = [np.asarray(v, dtype=float) for v in values]
        m = len(values[0])
        if self.kind == EXPLICIT:
            return self._explicit_stacked(fn, values, consts, m)
        if self.kind != MATRIX:  # element by element: each point's axes after the stack's, aligned at the end
            depth = max(v.ndim for v in values) - 1
            values = [v.reshape((m,) + (1,) * (depth - v.ndim + 1) + v.shape[1:]) for v in values]
        with np.errstate(all="ignore"):
            out = np.asarray(fn(*values, *consts), dtype=float)
        if self.kind == MATRIX:
            return out
        return np.broadcast_to(out, np.broadcast_shapes(*[v.shape for v in values])).copy()

    def _explicit_stacked(self, fn, values, consts, m):
        """An explicit formula's stack: the points side by side as more columns (see evaluate)."""
        rows = [v.reshape(m, len(a), -1) if isinstance(a, sp.MatrixBase) else v.reshape(m, 1, -1)
                for a, v in zip(self.args, values)]
        width = max(r.shape[2] for r in rows)
        flat = []
        for a, r in zip(self.args, rows):
            side = np.broadcast_to(r, r.shape[:2] + (width,)).transpose(1, 0, 2).reshape(r.shape[1], m * width)
            flat.extend(side if isinstance(a, sp.MatrixBase) else [side[0]])
        with np.errstate(all="ignore"):
            out = fn(*flat, *consts)
        if isinstance(self.expr, sp.MatrixBase):
            columns = np.array([np.broadcast_to(np.asarray(o, dtype=float).reshape(-1), (m * width,)) for o in out])
            return columns.reshape(len(columns), m, width).transpose(1, 0, 2)
        return np.broadcast_to(np.asarray(out, dtype=float).reshape(-1), (m * width,)).reshape(m, width).copy()

    def evaluate(self, values, consts=()):
        """Numeric value from the arguments' values (arrays as the arguments' shapes)."""
        fn = self.function()
        if self.kind == EXPLICIT:
            # each argument's rows become 1-D arrays: one column per sample when values hold several
            flat = []
            for a, v in zip(self.args, values):
                arr = np.asarray(v, dtype=float)
                flat.extend(arr.reshape(len(a), -1) if isinstance(a, sp.MatrixBase) else [arr.reshape(-1)])
            width = max(len(f) for f in flat) if flat else 1
            with np.errstate(all="ignore"):
                out = fn(*flat, *consts)
            if isinstance(self.expr, sp.MatrixBase):
                return np.array([np.broadcast_to(np.asarray(o, dtype=float).reshape(-1), (width,)) for o in out])
            out = np.broadcast_to(np.asarray(out, dtype=float).reshape(-1), (width,))
            return float(out[0]) if width == 1 else out.copy()
        with np.errstate(all="ignore"):
            out = fn(*values, *consts)
        if self.kind == ELEMENTWISE:
            shape = np.broadcast_shapes(*[np.shape(v) for v in values]) if values else ()
            return np.broadcast_to(np.asarray(out, dtype=float), shape).copy() if shape else float(out)
        return np.asarray(out, dtype=float)

    # --- printing ---------------------------------------------------------------------------------
    def _names(self, arg_symbols, const_symbols):
        names = {}
        for a, sym in zip(self.args, arg_symbols):
            if isinstance(a, sp.MatrixBase):
                for idx, s in enumerate(a):
                    names[s] = sym[idx] if isinstance(sym, (list, tuple)) else sym
            else:
                names[a] = sym
        names.update(zip(self.consts, const_symbols))
        for d, sym in zip(self.display_args, arg_symbols):
            names[d] = sym if isinstance(sym, str) else sym[0]
        return names

    def latex(self, arg_symbols, const_symbols=None):
        """The formula with each argument written as the given LaTeX symbol."""
        const_symbols = const_symbols or [sp.latex(c) for c in self.consts]
        key = ("latex", _frozen(arg_symbols), tuple(const_symbols))  # the same step in every iteration
        if key not in self._printed:
            self._printed[key] = _print(self.shown, self._names(arg_symbols, const_symbols), SETTINGS)
        return self._printed[key]

    def substituted(self, values, consts=(), digits=4, max_elements=12):
        """The formula with the arguments' values in place, or None when it would be too long to read;
        softmax written out with exponentials, the terms of an argument that is 0 left out."""
        const_text = [_wrap_negative(numbers.latex(c, digits)) for c in consts]
        settings = dict(SETTINGS, mul_symbol="dot")
        expr = self._once(("written", self.substitute_display),
                          lambda: _written_out(self.shown if self.substitute_display else self.expr))
        if self.kind == MATRIX or (self.kind == ELEMENTWISE and self._linear()):
            if any(np.size(v) > 3 * max_elements for v in values):
                return None
            texts = [_wrap_negative(numbers.bmatrix(v, digits)) for v in values]
            if self.kind == ELEMENTWISE:
                expr = self._vanished(expr, [a for a, v in zip(self.args, values) if not np.any(v)])
            return _tidy(self._filled(expr, texts, const_text, settings))
        if self.kind == EXPLICIT:
            if sum(np.size(v) for v in values) > 2 * max_elements:
                return None
            texts, zeros, ones = [], [], []
            for a, v in zip(self.args, values):
                flat = np.asarray(v, dtype=float).reshape(-1)
                texts.append([_wrap_negative(numbers.latex(e, digits)) for e in flat]
                             if isinstance(a, sp.MatrixBase) else _wrap_negative(numbers.latex(v, digits)))
                pairs = list(zip(a if isinstance(a, sp.MatrixBase) else [a], flat))
                zeros += [s for s, e in pairs if e == 0]
                ones += [s for s, e in pairs if e == 1]
            if isinstance(expr, sp.MatrixBase):
                cells = [_tidy(self._filled(self._vanished(e, zeros, ones), texts, const_text, settings)) for e in expr]
                return _column(cells) if len(cells) > 1 else cells[0]
            return _tidy(self._filled(self._vanished(expr, zeros, ones), texts, const_text, settings))
        shape = np.broadcast_shapes(*[np.shape(v) for v in values]) if values else ()
        if int(np.prod(shape)) > max_elements:
            return None
        arrays = [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in values]
        written = [numbers.alike(a, digits) if np.ndim(v) else None for a, v in zip(arrays, values)]  # one format
        cells = []
        for idx in np.ndindex(*shape) if shape else [()]:
            texts = [_wrap_negative(w[idx] if w is not None else numbers.latex(a[idx], digits))
                     for a, w in zip(arrays, written)]
            zeros = [s for s, a in zip(self.args, arrays) if a[idx] == 0]
            ones = [s for s, a in zip(self.args, arrays) if a[idx] == 1]
            cells.append(_tidy(self._filled(self._vanished(expr, zeros, ones), texts, const_text, settings)))
        if len(cells) == 1:
            return cells[0]
        rows = [cells[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]
        if len(shape) == 2 and shape[1] > 1 and sum(max(_width(r[c]) for r in rows) for c in range(shape[1])) > LINE:
            return _by_element(rows)  # too wide for a matrix: one element a line, never scaled down
        return _matrix(rows)

    def _once(self, key, make):
        """What make() gives, made once per key (the formula's parts that do not depend on the numbers)."""
        if key not in self._printed:
            self._printed[key] = make()
        return self._printed[key]

    def _vanished(self, expr, zeros, ones=()):
        """_vanished, once per formula and set of arguments that are 0 or 1."""
        return self._once(("vanished", expr, tuple(zeros), tuple(ones)), lambda: _vanished(expr, zeros, ones))

    def _filled(self, expr, texts, consts, settings):
        """expr with the values' LaTeX in place of its arguments: printed once with placeholders, then filled in.
        SymPy's printing depends on the arguments' text only where one starts with '-' (never, see
        _wrap_negative) or holds '^' (a power's base is then braced), and Mean's where one is a negative number
        (written as a subtraction): those are printed with their numbers."""
        pieces = [t for text in texts for t in (text if isinstance(text, list) else [text])] + list(consts)
        if any("^" in piece for piece in pieces) or self._once(("mean", expr), lambda: expr.has(Mean)):
            return _print(expr, self._names(texts, consts), settings)
        key = ("filled", expr, settings["mul_symbol"])
        if key not in self._printed:
            marks = iter(_PLACEHOLDER % n for n in range(len(pieces)))
            marked = [[next(marks) for _ in text] if isinstance(text, list) else next(marks) for text in texts]
            self._printed[key] = _print(expr, self._names(marked, [next(marks) for _ in consts]), settings)
        return _PLACEHOLDERS.sub(lambda m: pieces[int(m.group(1))], self._printed[key])

    def _linear(self):
        if "linear" not in self._printed:
            try:
                self._printed["linear"] = sp.Poly(self.expr, *self.args).total_degree() <= 1
            except sp.PolynomialError:
                self._printed["linear"] = False
        return self._printed["linear"]


class _CodePrinter(NumPyPrinter):
    """NumPy code for a formula; the course's own functions are called by name (see functions.NUMERIC)."""

    def _print_Function(self, expr):
        return "%s(%s)" % (expr.func.__name__, ", ".join(self._print(a) for a in expr.args))

    def _print_Integer(self, expr):
        # NumPy cannot take a Python integer beyond int64 (numpy.log(10**20) fails): such a one is a float
        return super()._print_Integer(expr) if abs(expr.p) < 2 ** 63 else repr(float(expr.p))


class _StackedCodePrinter(_CodePrinter):
    """The code of a matrix formula for matrices stacked along a first axis: products and transposes of the
    last two axes (numpy.dot and .T take every axis)."""

    def _print_MatMul(self, expr):
        coeff, factors = expr.as_coeff_matrices()
        text = self._print(factors[0])
        for factor in factors[1:]:
            text = "numpy.matmul(%s, %s)" % (text, self._print(factor))
        return text if coeff == 1 else "(%s)*%s" % (self._print(coeff), text)

    def _print_Transpose(self, expr):
        return "numpy.swapaxes(%s, -1, -2)" % self._print(expr.arg)


def _stackable(expr):
    """True when a matrix formula holds only what _StackedCodePrinter's code computes right on a stack."""
    if isinstance(expr, (sp.MatrixSymbol, sp.Number, sp.Symbol)):
        return True
    return isinstance(expr, (sp.MatMul, sp.MatAdd, sp.Transpose, sp.HadamardProduct, sp.Mul, sp.Add, sp.Pow)) and \
        all(_stackable(a) for a in expr.args)


def compile_numeric(args, expr, printer_class=None):
    """A Python function of `args` computing `expr` with NumPy (what lambdify does, without its set-up cost)."""
    names = [f"_a{i}" for i in range(len(args))]
    renamed = {a: (sp.MatrixSymbol(n, *a.shape) if isinstance(a, sp.MatrixSymbol) else sp.Symbol(n))
               for a, n in zip(args, names)}
    printer = (printer_class or _CodePrinter)({"fully_qualified_modules": True, "allow_unknown_functions": True})
    if isinstance(expr, list):
        code = "[" + ", ".join(printer.doprint(sp.sympify(e).xreplace(renamed)) for e in expr) + "]"
    else:
        code = printer.doprint(expr.xreplace(renamed))
    namespace = {"numpy": np, **NUMERIC}
    exec(f"def _formula({', '.join(names)}):\n    return {code}\n", namespace)  # code printed by SymPy from our own formulas
    return namespace["_formula"]


_PLACEHOLDER = "\x00%d\x00"
_PLACEHOLDERS = re.compile("\x00(\\d+)\x00")


def _frozen(symbols):
    """Argument symbols (strings, or lists of strings for element-wise arguments) as a dictionary key."""
    return tuple(tuple(s) if isinstance(s, (list, tuple)) else s for s in symbols)


LINE = 72  # about the characters of math a line holds beside its left-hand side (see _width)


def _width(latex):
    """About how many characters wide a piece of LaTeX prints: commands count as one, a fraction as most of its
    wider part, an exponent as half."""
    text = re.sub(r"\\(left|right)\b", "", latex)
    text = re.sub(r"\^\{([^{}]*)\}", lambda m: "x" * (len(m.group(1)) // 2 + 1), text)
    text = re.sub(r"\\sqrt\{([^{}]*)\}", r"x\1", text)
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}",  # a fraction in a matrix is set smaller
                  lambda m: "x" * int(0.7 * max(_width(m.group(1)), _width(m.group(2)))), text)
    text = re.sub(r"\\[A-Za-z]+", "x", text)
    return len(re.sub(r"[{}\s]", "", text)) + 2 * latex.count(" + ") + 2 * latex.count(" - ")


def _by_element(rows):
    """The cells of a matrix one to a line, each with its [row, column]."""
    lines = [r"[%d,%d]\colon\ %s" % (r + 1, c + 1, cell) for r, row in enumerate(rows) for c, cell in enumerate(row)]
    return r"\begin{array}{@{}l@{}}" + r" \\[0.6ex] ".join(lines) + r"\end{array}"


def _column(cells):
    return _matrix([[c] for c in cells])


def _matrix(rows):
    """A bmatrix of cells; rows of fractions get room between them (a numerator never meets a root above)."""
    gap = r" \\[1.2ex] " if any(r"\frac" in c for row in rows for c in row) else r" \\ "
    return r"\begin{bmatrix}" + gap.join(" & ".join(row) for row in rows) + r"\end{bmatrix}"


def _print(expr, names, settings):
    return ValuePrinter(names, settings).doprint(expr)


def latex_with(expr, names):
    """sympy.latex with the project's settings and symbols written as the given LaTeX."""
    return _print(expr, names, SETTINGS)
