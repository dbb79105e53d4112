"""The one place that rounds numbers for display (LaTeX and plain text)."""
import math

import numpy as np

FIXED_EXPONENTS = range(-5, 6)  # a number from 10^-5 to below 10^6 is written without a power of ten
MATRIX_FIXED = range(-3, 5)  # a matrix is written fixed when all its entries are from 10^-3 to below 10^5
SPAN = 3  # decades the entries of one matrix may span and still share one fixed format (with a power factored out)


def _rounded(x, digits):
    """x rounded to `digits` significant digits."""
    return float(f"{float(x):.{digits}g}")


def _exact(x, digits):
    """Whether x has no more than `digits` significant digits (a datum or a setting, not a rounded result)."""
    return math.isclose(_rounded(x, digits), x, rel_tol=1e-12, abs_tol=0.0)


def _exponent(x, digits):
    """The power of ten of x once rounded (None for 0)."""
    r = _rounded(x, digits)
    return None if r == 0 else math.floor(math.log10(abs(r)))


def _special(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return None


def _fixed(x, digits, zeros, scale=0):
    """x / 10^scale written without a power of ten, at x's `digits` significant digits."""
    r = _rounded(x, digits) / 10.0 ** scale
    if r == 0:
        return "0"
    decimals = max(digits - 1 - (_exponent(x, digits) - scale), 0)
    text = f"{r:.{decimals}f}"
    if "." in text and not (zeros and not _exact(x, digits)):
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def _scientific(x, digits, zeros):
    r = _rounded(x, digits)
    if r == 0:
        return "0"
    mant, exp = f"{r:.{digits - 1}e}".split("e")
    if "." in mant and not (zeros and not _exact(x, digits)):
        mant = mant.rstrip("0").rstrip(".")
    return f"{mant}e{int(exp)}"


def plain(x, digits=4, zeros=False):
    """A number as text, `digits` significant digits, no '-0'; a rounded number keeps its trailing zeros when
    `zeros` (0.5370), an exact one never does (0.5)."""
    x = float(x)
    special = _special(x)
    if special:
        return special
    exp = _exponent(x, digits)
    if exp is None:
        return "0"
    return _fixed(x, digits, zeros) if exp in FIXED_EXPONENTS else _scientific(x, digits, zeros)


def _as_latex(text, bare_power=True):
    if text in ("inf", "-inf", "nan"):
        return {"inf": r"\infty", "-inf": r"-\infty", "nan": r"\mathrm{NaN}"}[text]
    if "e" in text:
        mant, exp = text.split("e")
        if bare_power and mant in ("1", "-1"):  # an exact power of ten alone: 10^{-8}, not 1 x 10^{-8}
            return rf"{mant[:-1]}10^{{{int(exp)}}}"
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return text


def latex(x, digits=4):
    """A number as LaTeX at `digits` significant digits with its trailing zeros; a power of ten as such."""
    return _as_latex(plain(x, digits, zeros=True))


def written_latex(text):
    """A number as someone wrote it (its own digits kept), as LaTeX: an exponent as a power of ten."""
    if "e" in text.lower():
        mant, exp = text.lower().split("e")
        return r"%s \times 10^{%d}" % (mant, int(exp))
    return text


def matrix_format(values, digits=4):
    """One format for all entries of a matrix: ("fixed", 0), ("scientific", 0), or ("factor", p) for entries
    written fixed once divided by 10^p."""
    arr = np.asarray(values, dtype=float).reshape(-1)
    finite = arr[np.isfinite(arr)]
    exps = [e for e in (_exponent(v, digits) for v in finite) if e is not None]
    if not exps:
        return ("fixed", 0)
    low, high = min(exps), max(exps)
    if high - low > SPAN:
        return ("scientific", 0)
    if low in MATRIX_FIXED and high in MATRIX_FIXED:
        return ("fixed", 0)
    return ("factor", high)


def entries(values, digits=4):
    """The LaTeX of each entry of a matrix in its one format, and the power of ten factored out (0 for none)."""
    arr = np.asarray(values, dtype=float)
    kind, power = matrix_format(arr, digits)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        special = _special(v)
        if special:
            out[idx] = _as_latex(special)
        elif kind == "scientific":
            out[idx] = _as_latex(_scientific(v, digits, True), bare_power=False)  # like its neighbours
        elif kind == "factor":
            out[idx] = _fixed(v, digits, True, power)
        else:
            out[idx] = _fixed(v, digits, True)
    return out, power


def bmatrix(value, digits=4):
    """A scalar, vector (a column) or matrix as LaTeX; vectors and matrices as bmatrix in one number format."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return latex(arr, digits)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.size == 1:
        return latex(arr.item(), digits)
    cells, power = entries(arr, digits)
    body = r"\begin{bmatrix}" + r" \\ ".join(" & ".join(row) for row in cells) + r"\end{bmatrix}"
    return body if power == 0 else r"10^{%d} %s" % (power, body)


def tuple_latex(values, digits=4):
    """A vector on one line in one number format: (0.5370, -0.2449), or 10^{-4} (1.216, 0.02202)."""
    cells, power = entries(np.asarray(values, dtype=float).reshape(-1), digits)
    text = r"\left(%s\right)" % ", ".join(cells)
    return text if power == 0 else r"10^{%d} %s" % (power, text)


def alike(values, digits=4):
    """Each entry of a matrix as LaTeX standing alone (in a formula written element by element), all in one format:
    fixed, or scientific where the matrix's own format is scientific or a factored power of ten."""
    arr = np.asarray(values, dtype=float)
    kind, _ = matrix_format(arr, digits)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        special = _special(v)
        out[idx] = (_as_latex(special) if special else _fixed(v, digits, True) if kind == "fixed"
                    else _as_latex(_scientific(v, digits, True), bare_power=False))
    return out


def like_written(x, text):
    """x rounded to the last place of a number someone wrote as `text` ('0.5370', '6.503e-04', '120'), in the same
    notation: a value set beside what was written, with as many digits."""
    import decimal

    written = decimal.Decimal(text)
    mantissa, exponent = text.lower().split("e") if "e" in text.lower() else (text, None)
    if exponent is not None:
        places = max(-decimal.Decimal(mantissa).as_tuple().exponent, 0)
        return f"{x / 10.0 ** int(exponent):.{places}f}e{exponent}"
    places = -written.as_tuple().exponent
    return f"{x:.{places}f}" if places >= 0 else str(int(round(x, places)))
