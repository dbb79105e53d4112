"""The derivation's data: a displayed equation (Line) and a titled list of them (Section)."""
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


def shape(rows, cols=1):
    """The LaTeX of a shape, rows x cols."""
    return r"%d \times %d" % (rows, cols)
