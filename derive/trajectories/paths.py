"""Optimizer paths on a surface f(x, y): the file's validation, the paths (the rules of optimizers.py
with theta = (x, y) and g = grad f) and the contour lines of the picture."""
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sympy as sp

from ..problem import file_kinds, files
from ..display import latex_text, numbers
from ..errors import InputError
from ..language import message, messages
from ..network.formulas import compile_numeric
from ..network.optimizers import const_values, lookahead_point, rule_of, template
from ..problem.checks import language as _language, title_of
from ..problem.model import DISPLAY, OPTIMIZER, kind_keys, optimizer_settings
from ..problem.reader import Reader
from ..problem.validated import Optimizer
from .surface import parse, x, y

MAX_STEPS = 20_000  # about 5 s for five optimizers
MAX_OPTIMIZERS = 8  # one colour and marker each
SECTIONS = ("title", "surface", "optimizers", "plot", "display", "sheet")
GRID = 321  # contour grid points per axis
SMOOTH = 1e-3  # contour points closer than this (a fraction of the window) to the line through the others go
PLOT_LIMIT = 1e300  # the picture lies within +-PLOT_LIMIT: its width, margins and grid stay within floating point


@dataclass(frozen=True)
class Contender:
    """One optimizer of the comparison: its label and its settings (iterations = the surface's steps)."""

    label: str
    optimizer: Optimizer


@dataclass(frozen=True, eq=False)
class Surface:
    """A validated trajectories file."""

    path: Path
    name: str
    title: str
    text: str  # f as written
    expr: object  # f as SymPy
    start: tuple
    steps: int
    contenders: tuple
    x_range: tuple = None  # None: fitted to the paths
    y_range: tuple = None
    levels: object = 12  # a count (spaced geometrically above the minimum) or a tuple of values
    minimum: tuple = None  # a point to mark
    digits: int = 4
    raw: dict = field(default_factory=dict)
    language: str = "en"  # the document's language: [sheet] language, or --language

    @property
    def gradient(self):
        return (sp.diff(self.expr, x), sp.diff(self.expr, y))


@dataclass(eq=False)
class Trajectory:
    """One optimizer's path: points[0] is the start, points[t] the point after step t."""

    contender: Contender
    points: np.ndarray  # (steps taken + 1, 2)
    values: np.ndarray  # f at each point
    gradients: np.ndarray  # (steps taken, 2): the gradient step t used
    lookahead: np.ndarray = None  # nesterov: (steps taken, 2), where step t took its gradient
    states: dict = field(default_factory=dict)  # slot -> (steps taken, 2), after each step
    stop: tuple = ()  # why the path ended before the last step: (message key, step), or () when it did not

    @property
    def taken(self):
        return len(self.points) - 1

    def stopped(self, code="en"):
        """Why the path ended early, in a language ("" when it did not)."""
        return message(code, self.stop[0], t=self.stop[1]) if self.stop else ""


# --- reading the file ------------------------------------------------------------------------------
def load(path, language=None):
    """Read and validate a trajectories file; an InputError names the file and the key of any defect. language
    (--language) overrides the file's [sheet] language."""
    path = Path(path)
    raw = files.read_toml(path, "trajectories file")
    file_kinds.expect(raw, path, "trajectories", "a trajectories file ([surface], [[optimizers]])")
    return parse_file(raw, path, language)


def parse_file(raw, path=Path("<trajectories>"), language=None):
    """Validate an already-parsed TOML dict."""
    path = Path(path)
    r = Reader(path)
    for section in raw:
        if section not in SECTIONS:
            r.fail(section, "only title, [surface], [[optimizers]], [plot], [display], [sheet]", repr(section))
    sheet = r.table(raw, "sheet", "sheet", required=False)
    for extra in sheet:
        if extra != "language":
            r.fail(f"sheet.{extra}", "only language", repr(extra))
    language = _language(r, raw, language)
    title = title_of(r, raw, path, language)
    table = r.table(raw, "surface", "surface")
    for extra in table:
        if extra not in ("f", "start", "steps"):
            r.fail(f"surface.{extra}", "only f, start, steps", repr(extra))
    text = r.text(table, "f", "surface.f")
    expr = parse(text, path, "surface.f")
    if "start" not in table:
        r.fail("surface.start", "a list of 2 numbers", "nothing")
    start = tuple(float(v) for v in r.matrix(table["start"], "surface.start", (2,)))
    steps = r.integer(table, "steps", "surface.steps", maximum=MAX_STEPS)

    tables = raw.get("optimizers")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        r.fail("optimizers", "one or more [[optimizers]] tables", "nothing" if tables is None else r.describe(tables))
    if len(tables) > MAX_OPTIMIZERS:
        r.fail("optimizers", f"at most {MAX_OPTIMIZERS} [[optimizers]] tables", str(len(tables)))
    contenders = [_contender(r, t, f"optimizers[{k}]", steps, language) for k, t in enumerate(tables, start=1)]
    contenders = _unique_labels(contenders, language)

    plot = r.table(raw, "plot", "plot", required=False)
    for extra in plot:
        if extra not in ("x", "y", "levels", "minimum"):
            r.fail(f"plot.{extra}", "only x, y, levels, minimum", repr(extra))
    ranges = {}
    for axis in ("x", "y"):
        if axis in plot:
            lo, hi = r.matrix(plot[axis], f"plot.{axis}", (2,))
            if not lo < hi:
                r.fail(f"plot.{axis}", "[low, high] with low < high", f"[{numbers.plain(lo)}, {numbers.plain(hi)}]")
            if not -PLOT_LIMIT <= lo < hi <= PLOT_LIMIT:
                r.fail(f"plot.{axis}", f"[low, high] within -{numbers.plain(PLOT_LIMIT)} and {numbers.plain(PLOT_LIMIT)}",
                       f"[{numbers.plain(lo)}, {numbers.plain(hi)}]")
            ranges[axis] = (float(lo), float(hi))
    levels = plot.get("levels", 12)
    if isinstance(levels, list):
        levels = tuple(float(v) for v in r.matrix(levels, "plot.levels", (len(levels),)))
        if not levels or len(levels) > 40 or any(b <= a for a, b in zip(levels, levels[1:])):
            r.fail("plot.levels", "1 to 40 increasing numbers, or a count", r.describe(plot["levels"]))
    else:
        levels = r.integer(plot, "levels", "plot.levels", required=False, default=12, maximum=40)
    minimum = tuple(r.matrix(plot["minimum"], "plot.minimum", (2,))) if "minimum" in plot else None

    display = r.table(raw, "display", "display", required=False)
    for extra in display:
        if extra != "digits":
            r.fail(f"display.{extra}", "only digits", repr(extra))
    digits = r.read(DISPLAY.key("digits"), display, "display")
    return Surface(path=path, name=path.stem, title=title, text=text, expr=expr, start=start, steps=steps,
                   contenders=tuple(contenders), x_range=ranges.get("x"), y_range=ranges.get("y"), levels=levels,
                   minimum=minimum, digits=digits, raw=raw, language=language)


def _contender(r, table, key, steps, language):
    """One [[optimizers]] table: the settings and defaults of a problem file's [optimizer]."""
    kind, lr = (r.read(OPTIMIZER.key(name), table, key) for name in ("kind", "lr"))
    settings, options = optimizer_settings(r, table, key, kind)
    known = {"kind", "lr", "label", *kind_keys(kind)}
    for extra in table:
        if extra not in known:
            r.fail(f"{key}.{extra}", f"a setting of {kind}: " + ", ".join(sorted(known)), repr(extra))
    label = r.text(table, "label", key + ".label", required=False, default="")
    if len(label) > 40:
        r.fail(key + ".label", "at most 40 characters", f"{len(label)} characters")
    if latex_text.refusal(label, language=language):
        r.fail(key + ".label", *latex_text.refusal(label, language=language))
    return Contender(label, Optimizer(kind=kind, lr=lr, iterations=steps, settings=tuple(settings), **options))


def name(kind, code="en"):
    """An optimizer's short name (plain text), the default label of its path."""
    return message(code, f"rule.{kind}.name")


def _unique_labels(contenders, code):
    """Default labels: the rule's name, with its learning rate when two would read the same."""
    plain = [c.label or name(c.optimizer.kind, code) for c in contenders]
    out = []
    for c, label in zip(contenders, plain):
        if not c.label and plain.count(label) > 1:
            label = message(code, "trajectories.label_lr", name=label, lr=messages(code).number(numbers.plain(c.optimizer.lr)))
        out.append(Contender(label, c.optimizer))
    return out


# --- the paths -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Numeric:
    """f and its gradient as NumPy functions of (x, y)."""

    f: object
    grad: object

    @classmethod
    def of(cls, surface):
        return cls(compile_numeric([x, y], surface.expr), compile_numeric([x, y], list(surface.gradient)))

    def value(self, px, py):
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(self.f(px, py), dtype=float), np.shape(px)).copy()

    def gradient(self, point):
        # NumPy scalars, not Python floats: (-1.0) ** 1.5 is a complex number in Python, nan in NumPy
        with np.errstate(all="ignore"):
            return np.array([float(v) for v in self.grad(np.float64(point[0]), np.float64(point[1]))])


def run(surface, contender, numeric=None):
    """The path of one optimizer from the start, with the update rules of optimizers.py."""
    numeric = numeric or Numeric.of(surface)
    opt, rule = contender.optimizer, rule_of(contender.optimizer)
    point = np.array(surface.start, dtype=float)
    state = {s: np.zeros(2) for s in rule.persistent}
    points, values, grads, looks = [point], [float(numeric.value(*point))], [], []
    states = {s: [] for s in rule.slots}
    stop = ()
    for t in range(1, surface.steps + 1):
        keys = {"theta": point, **{f"{s}_prev": state[s] for s in rule.persistent}}
        where = point
        if rule.lookahead is not None:
            where = _apply(template(rule.lookahead), keys, opt, t)
        g = numeric.gradient(where)
        if not np.all(np.isfinite(where)) or not np.all(np.isfinite(g)):
            stop = ("trajectories.stopped.gradient", t)
            break
        keys["g"], keys[lookahead_point.name] = g, where
        for slot, expr in rule.steps:
            keys[slot] = _apply(template(expr), keys, opt, t)
        after = _apply(template(rule.update), keys, opt, t)
        value = float(numeric.value(*after))
        if not (np.all(np.isfinite(after)) and math.isfinite(value)
                and all(np.all(np.isfinite(keys[s])) for s in rule.slots)):
            stop = ("trajectories.stopped.value", t)
            break
        if rule.lookahead is not None:
            looks.append(where)
        grads.append(g)
        for s in rule.slots:
            states[s].append(keys[s])
        state = {s: keys[s] for s in rule.persistent}
        point = after
        points.append(point)
        values.append(value)
    return Trajectory(contender, np.array(points), np.array(values), np.array(grads).reshape(-1, 2),
                      np.array(looks).reshape(-1, 2) if rule.lookahead is not None else None,
                      {s: np.array(v).reshape(-1, 2) for s, v in states.items()}, stop)


def _apply(tmpl, keys, opt, t):
    return np.asarray(tmpl.evaluate([keys[a.name] for a in tmpl.args], const_values(tmpl.consts, opt, t)),
                      dtype=float)


def run_all(surface, numeric=None):
    """Every optimizer's path; an InputError when f or its gradient is not finite at the start."""
    numeric = numeric or Numeric.of(surface)
    start = np.array(surface.start)
    if not (np.isfinite(numeric.value(*start)) and np.all(np.isfinite(numeric.gradient(start)))):
        raise InputError(surface.path, "surface.start", "a point where f and its gradient are finite numbers",
                         "(%s, %s)" % (numbers.plain(start[0]), numbers.plain(start[1])))
    return [run(surface, c, numeric) for c in surface.contenders]


# --- the picture -----------------------------------------------------------------------------------
def window(surface, paths):
    """The plotted ranges: as given, else the box of the paths' points that are not worse than the start
    by much (a diverging path leaves the picture instead of stretching it), with a margin."""
    if surface.x_range and surface.y_range:
        return surface.x_range, surface.y_range
    start = np.array(surface.start)
    f0 = float(paths[0].values[0]) if paths else 0.0
    best = min((float(p.values.min()) for p in paths), default=f0)
    limit = f0 + 0.5 * abs(f0 - best) + 1e-12
    pts = [start] + [p.points[p.values <= limit] for p in paths]
    if surface.minimum:
        pts.append(np.array(surface.minimum))
    box = np.vstack([np.reshape(q, (-1, 2)) for q in pts])
    ranges = []
    for k, given in enumerate((surface.x_range, surface.y_range)):
        if given:
            ranges.append(given)
            continue
        # a path thrown to 1e308 leaves a picture that stays within floating point, instead of widening it to inf
        lo, hi = (float(np.clip(v, -PLOT_LIMIT, PLOT_LIMIT)) for v in (box[:, k].min(), box[:, k].max()))
        pad = max(0.1 * (hi - lo), 0.5 if hi == lo else 0.0)
        ranges.append((lo - pad, hi + pad))
    return tuple(ranges)


def contour_levels(surface, z):
    """The contour values: as given, or `levels` values spaced geometrically above the grid's minimum."""
    if isinstance(surface.levels, tuple):
        return list(surface.levels)
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return []
    low = float(finite.min())
    above = finite - low
    top, bottom = float(np.quantile(above, 0.9)), float(np.quantile(above, 0.002))
    if top <= 0:
        return []
    bottom = max(bottom, top * 1e-4)
    if bottom >= top:
        bottom = top / 100
    return [low + float(numbers.plain(v, 2)) for v in np.geomspace(bottom, top, surface.levels)]


def marching_squares(xs, ys, z, level):
    """The contour lines of z (rows along ys, columns along xs) at `level`, as lists of (x, y) points."""
    above = z > level
    ok = np.isfinite(z)
    segments = []
    ny, nx = z.shape
    cells = ok[:-1, :-1] & ok[1:, :-1] & ok[:-1, 1:] & ok[1:, 1:]
    code = (above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8)
    for i, j in zip(*np.nonzero(cells & (code != 0) & (code != 15))):
        corners = ((i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j))  # counter-clockwise from bottom left
        c = int(code[i, j])
        crossing = [k for k in range(4) if ((c >> k) & 1) != ((c >> ((k + 1) % 4)) & 1)]
        ids = [_edge(corners[k], corners[(k + 1) % 4]) for k in crossing]
        if len(ids) == 2:
            segments.append(tuple(ids))
        else:  # a saddle: join the crossings so that the centre's side stays connected
            centre_above = z[i:i + 2, j:j + 2].mean() > level
            first = 0 if bool(c & 1) == centre_above else 1
            ordered = ids[first:] + ids[:first]
            segments += [(ordered[0], ordered[1]), (ordered[2], ordered[3])]
    lines = _join(segments)

    def point(e):
        (i0, j0), (i1, j1) = e
        z0, z1 = z[i0, j0], z[i1, j1]
        w = (level - z0) / (z1 - z0)
        return (float(xs[j0] + w * (xs[j1] - xs[j0])), float(ys[i0] + w * (ys[i1] - ys[i0])))

    return [[point(e) for e in line] for line in lines]


def _edge(a, b):
    return (a, b) if a < b else (b, a)


def _join(segments):
    """Chain segments sharing an edge crossing into polylines."""
    touching = {}
    for n, (a, b) in enumerate(segments):
        touching.setdefault(a, []).append(n)
        touching.setdefault(b, []).append(n)
    used, lines = set(), []
    ends = [e for e, ns in touching.items() if len(ns) == 1]
    for first in ends + list(touching):
        for n in touching[first]:
            if n in used:
                continue
            line, here = [first], first
            while True:
                nxt = next((m for m in touching[here] if m not in used), None)
                if nxt is None:
                    break
                used.add(nxt)
                a, b = segments[nxt]
                here = b if a == here else a
                line.append(here)
            lines.append(line)
    return lines


def contours(surface, numeric, ranges):
    """(level, lines) for each contour level over the plotted window."""
    xs = np.linspace(*ranges[0], GRID)
    ys = np.linspace(*ranges[1], GRID)
    gx, gy = np.meshgrid(xs, ys)
    z = numeric.value(gx, gy)
    scale = np.array([ranges[0][1] - ranges[0][0], ranges[1][1] - ranges[1][0]])
    return [(level, [simplify(np.array(line), scale) for line in marching_squares(xs, ys, z, level)])
            for level in contour_levels(surface, z)]


def simplify(line, scale, tolerance=SMOOTH):
    """Ramer-Douglas-Peucker: the points of a polyline that keep it within `tolerance` (of `scale`)."""
    if len(line) < 3:
        return line
    pts = line / scale
    keep = np.zeros(len(pts), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        chord = pts[b] - pts[a]
        rel = pts[a + 1:b] - pts[a]
        length = np.hypot(*chord)
        dist = (np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]) / length if length > 0
                else np.hypot(rel[:, 0], rel[:, 1]))
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[a + 1 + k] = True
            stack += [(a, a + 1 + k), (a + 1 + k, b)]
    return line[keep]
