"""A blank claims file to fill: every key a student may claim, commented out, with the shape to write."""
import math

from ..errors import one_line
from .claims import claimable
from .sections import section

HEADER = """\
# Claims for {name}: your hand-worked numbers, checked by `derive check {name} THIS_FILE`.
# Uncomment the lines you worked and replace each ... by your number, as you wrote it.
# A number is read as rounded to the digits written: 0.537 means 0.5365 to 0.5375, and trailing zeros
# count (0.5370 has four decimals; 6.503e-04 four significant digits). A whole number has no decimals:
# 1 stands for 0.5 to 1.5 (write 1.000 for more). Write at least as many digits as the problem asks.
# One element alone: "it1.W[1,2]" = 0.2 (1-based row, column).
"""


def blank(trace, name):
    """A claims file to fill: every claimable key, commented out, with the shape to write."""
    lines = [HEADER.format(name=one_line(name))]  # a name's newline would end the comment
    groups = {}  # a network with batch norm is traced layer by layer: each sample's keys still come together
    for key in claimable(trace):
        groups.setdefault(section(trace[key]), []).append(key)
    for head, keys in groups.items():
        lines.append(f"\n# --- {head}")
        lines += [f'# "{key}" = {_placeholder(trace[key].shape)}' for key in keys]
    lines.append("\n# [check]\n# decimals = 4    # read every claim as rounded to this many decimals"
                 "\n# rtol = 0.001    # also accept a number within this relative distance\n")
    return "\n".join(lines)


def _placeholder(shape):
    if math.prod(shape) == 1:
        return "..."
    if len(shape) == 1 or shape[0] == 1:
        return "[" + ", ".join(["..."] * shape[-1]) + "]"
    row = "[" + ", ".join(["..."] * shape[1]) + "]"
    return "[" + ", ".join([row] * shape[0]) + "]"
