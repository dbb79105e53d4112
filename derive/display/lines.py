"""The sheet's displayed equations as data: a line (lhs = parts, with a note) and a titled section of lines."""
from dataclasses import dataclass, field


@dataclass
class Line:
    """One displayed equation: lhs = rhs (the rhs may chain several '= ...' parts), with a note."""

    lhs: str
    parts: list
    note: str = ""


@dataclass
class Section:
    """A titled list of lines, with an optional paragraph before them."""

    title: str
    intro: str = ""
    lines: list = field(default_factory=list)
    outro: str = ""


def shape_text(rows, cols=1):
    """A matrix shape as LaTeX: rows × cols."""
    return r"%d \times %d" % (rows, cols)
