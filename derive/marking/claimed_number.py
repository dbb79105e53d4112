"""One claimed number: read from what the student wrote (any script's digits), with the precision it is written to."""
import decimal
import math
import re
import unicodedata

from ..errors import InputError
from .written import Written

NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z", re.ASCII)
# Beyond ASCII, a number in quotes may be written as typed on a Persian or Arabic keyboard (or in
# fullwidth forms): any script's decimal digits, the Arabic decimal separator and the minus sign.
SEPARATORS = {"\u066b": ".", "\u2212": "-"}
MIN_EXPONENT = -308  # a claim's precision 10^-decimals must be a float, and so must its value


def read_number(value, where, path):
    """(value, decimals, text) of one claimed number: its precision is what is written (0.5370: 4 decimals,
    6.503e-04: 7), in quotes or not; a value without its text (parse without `written`) as Python writes it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InputError(path, where, "a number, or a number in quotes such as \"0.50\"", describe(value))
    if isinstance(value, Written):
        text = value.replace("_", "")
        try:
            dec = decimal.Decimal(text)
        except decimal.InvalidOperation:  # 0x1f, 0o17, 0b101: whole numbers
            text = str(int(text, 0))
            dec = decimal.Decimal(text)
    elif isinstance(value, str):
        text = ascii_number(value.strip())
        if not NUMBER.match(text):
            raise InputError(path, where, "a number, or a number in quotes such as \"0.50\"", describe(value))
        dec = decimal.Decimal(text)
    else:
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(path, where, "a finite number", describe(value))
        text = repr(value)
        dec = decimal.Decimal(text) if isinstance(value, float) else decimal.Decimal(value)
    number = float(dec) if dec.is_finite() else math.inf  # inf beyond floating point, 0.0 below it
    if not math.isfinite(number):
        raise InputError(path, where, "a finite number", describe(value))
    decimals = -dec.as_tuple().exponent
    if (number == 0 and dec != 0) or decimals < MIN_EXPONENT:
        raise InputError(path, where, "a number within floating point (not so small that it reads as 0, and "
                         "a precision no coarser than 1e308)", describe(value))
    return number, decimals, _normalise(text)


def ascii_number(text):
    """A number written in any script's decimal digits (Persian ۰٫۵, Arabic-Indic ٠.٥, fullwidth ０.５) in ASCII."""
    text = unicodedata.normalize("NFKC", text)  # fullwidth forms and other compatibility characters
    return "".join(SEPARATORS.get(ch) or (str(unicodedata.decimal(ch, "")) or ch if not ch.isascii() else ch)
                   for ch in text)


def _normalise(text):
    """A claimed number's text, as written but without a plus sign or a leading-dot shorthand."""
    text = text.lstrip("+")
    for sign in ("-", ""):
        if text.startswith(sign + "."):
            text = sign + "0" + text[len(sign):]
    return text.replace("E", "e")


def describe(value):
    if isinstance(value, Written):
        return str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
