"""The trajectories file: [surface], [[optimizers]], [plot], [display] and [sheet] validated into a Surface."""
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from ..display import latex_text, numbers
from ..language import message, messages
from ..problem import file_kinds, files
from ..problem.checks import language as _language, title_of
from ..problem.model import DISPLAY, OPTIMIZER, kind_keys, optimizer_settings
from ..problem.reader import Reader
from ..problem.validated import Optimizer
from .surface import parse, x, y

MAX_STEPS = 20_000  # about 5 s for five optimizers
MAX_OPTIMIZERS = 8  # one colour and marker each
SECTIONS = ("title", "surface", "optimizers", "plot", "display", "sheet")
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
