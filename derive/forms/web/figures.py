"""The proofs' figures as SVG geometry: the same series the PDF's pgfplots axes draw, scaled to a panel."""
import math
import re
from dataclasses import dataclass

from ...display import numbers

WIDTH, HEIGHT = 340, 220
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 8, 28
POINT = re.compile(r"\(([^,()]+),([^,()]+)\)")
STYLES = {  # pgfplots style of proofs_body.tex.j2 -> how the panel draws it
    "raw": {"marks": "filled", "line": False, "colour": "#1f4e9c"},
    "closed": {"marks": "", "line": True, "colour": "#111111"},
    "corrected": {"marks": "open", "line": False, "colour": "#b3261e"},
    "target": {"marks": "", "line": True, "colour": "#777777", "dashed": True},
}


@dataclass
class Series:
    """One series in panel coordinates, with its legend (Prose) and drawing style."""

    legend: object
    points: list
    path: str
    marks: str
    colour: str
    dashed: bool


@dataclass
class Panel:
    """One axis: title (Prose), series, tick positions and labels, the plot area."""

    title: object
    series: list
    xticks: list
    yticks: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def points(coords):
    """pgfplots coordinates '(1,0.5) (2,0.7)' as (x, y) floats."""
    return [(float(x), float(y)) for x, y in POINT.findall(coords)]


def ticks(low, high, count=5):
    """About `count` round tick values covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if step * m >= raw)
    first = math.ceil(low / step - 1e-9) * step
    return [first + k * step for k in range(int((high - first) / step + 1e-9) + 1)]


def panel(axis, read_prose):
    """An axis dict of a proof's figure (title, series with legend, style, coords) as a Panel; y from 0."""
    data = [(s, points(s["coords"])) for s in axis["series"]]
    xs = [x for _, pts in data for x, _ in pts] or [0, 1]
    ys = [y for _, pts in data for _, y in pts] or [0, 1]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)  # ymin=0, as the PDF's axes
    y1 += 0.05 * (y1 - y0 or 1)
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1
    p = Panel(read_prose(axis["title"]), [], [], [])

    def sx(x):
        return p.left + (x - x0) / (x1 - x0) * (p.right - p.left)

    def sy(y):
        return p.bottom - (y - y0) / (y1 - y0) * (p.bottom - p.top)

    for s, pts in data:
        style = STYLES[s["style"]]
        scaled = [(round(sx(x), 2), round(sy(y), 2)) for x, y in pts]
        path = "M" + " L".join("%s %s" % xy for xy in scaled) if style["line"] and scaled else ""
        p.series.append(Series(read_prose(s["legend"]), scaled if style["marks"] else [], path, style["marks"],
                               style["colour"], style.get("dashed", False)))
    p.xticks = [(round(sx(t), 2), numbers.plain(t, 4)) for t in ticks(x0, x1) if x0 <= t <= x1 + 1e-9]
    p.yticks = [(round(sy(t), 2), numbers.plain(t, 4)) for t in ticks(y0, y1, 4) if y0 <= t <= y1 + 1e-9]
    return p
