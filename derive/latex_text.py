"""The one place that escapes user text for LaTeX."""
import re
import unicodedata

_REPLACE = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\texttt{\char95}",
    "^": r"\texttt{\char94}",
    "~": r"\texttt{\char126}",
    "<": r"$<$",
    ">": r"$>$",
    "|": r"$|$",
    '"': r"\texttt{\char34}",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}
_PATTERN = re.compile("|".join(re.escape(c) for c in _REPLACE))


def _printable(ch):
    """Characters pdflatex can set from T1/utf8 input; others become a visible placeholder."""
    if ord(ch) < 128:
        return ch if ch.isprintable() or ch in "\n\r\t" else "?"
    cat = unicodedata.category(ch)
    if cat.startswith("L") and unicodedata.name(ch, "").startswith("LATIN"):
        return ch
    return "?"


def escape(text):
    """User text as LaTeX that typesets the text literally and can run nothing."""
    text = "".join(_printable(ch) for ch in str(text))
    return _PATTERN.sub(lambda m: _REPLACE[m.group(0)], text)
