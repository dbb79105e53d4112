"""The one place that rounds numbers for display (LaTeX and plain text)."""
import math

import numpy as np


def _rounded(x, digits):
    """x rounded to `digits` significant digits."""
    return float(f"{float(x):.{digits}g}")


def plain(x, digits=4):
    """A number as text, `digits` significant digits, no trailing zeros, no '-0'."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    r = _rounded(x, digits)
    if r == 0:
        return "0"
    exp = math.floor(math.log10(abs(r)))
    if -5 <= exp < 6:
        decimals = max(digits - 1 - exp, 0)
        text = f"{r:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "0") else text
    mant, exp = f"{r:.{digits - 1}e}".split("e")
    mant = mant.rstrip("0").rstrip(".") if "." in mant else mant
    return f"{mant}e{int(exp)}"


def latex(x, digits=4):
    """A number as LaTeX: plain() with 'e' exponents written as a power of ten."""
    text = plain(x, digits)
    if text in ("inf", "-inf", "nan"):
        return {"inf": r"\infty", "-inf": r"-\infty", "nan": r"\mathrm{NaN}"}[text]
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return text


def written_latex(text):
    """A number as someone wrote it (its own digits kept), as LaTeX: an exponent as a power of ten."""
    if "e" in text.lower():
        mant, exp = text.lower().split("e")
        return r"%s \times 10^{%d}" % (mant, int(exp))
    return text


def bmatrix(value, digits=4):
    """A scalar, vector (a column) or matrix as LaTeX; vectors and matrices as bmatrix."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return latex(arr, digits)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.size == 1:
        return latex(arr.item(), digits)
    rows = [" & ".join(latex(v, digits) for v in row) for row in arr]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
