"""Jupyter displays of a solved trace: the whole sheet (HTML with KaTeX, or Markdown) and one step."""
import difflib
import sys

from ...errors import AssetsMissing
from ...engine import trace as trace_module
from ..sheet import SheetBuilder


def sheet_html(trace):
    """The sheet as a notebook's HTML output, or None without KaTeX's files (the notebook then shows the
    Markdown form, whose math it renders itself)."""
    from .html import fragment

    try:
        return fragment(trace)
    except AssetsMissing:
        return None


def sheet_markdown(trace):
    """The sheet as Markdown with $-math."""
    from .markdown import document

    return document(trace)


class StepDisplay:
    """One step of a trace, shown as formula = numbers = result: Markdown with $$-math in a notebook
    (the notebook's own math renderer), the LaTeX as text elsewhere."""

    def __init__(self, key, lhs, parts):
        self.key, self.lhs, self.parts = key, lhs, list(parts)

    def latex(self):
        """lhs = formula = numbers = result, on one line of LaTeX."""
        return " = ".join([self.lhs, *self.parts])

    def _repr_markdown_(self):
        from .markdown import step_markdown, text

        label = "`%s`" % self.key if "`" not in self.key else text(self.key)
        return "%s\n%s" % (label, step_markdown(self.lhs, self.parts))

    def __repr__(self):
        return "%s: %s" % (self.key, self.latex())


def step_display(trace, key):
    """The step that computes `key`, as the answer sheet writes it; KeyError naming the closest keys."""
    if key not in trace:
        close = difflib.get_close_matches(str(key), [k for k in trace.quantities if not k.startswith("data.")], n=3)
        raise KeyError("%r is not a key of this problem%s" % (key, "; closest: " + ", ".join(close) if close else ""))
    step = SheetBuilder(trace).step(key)
    return StepDisplay(key, step.lhs, step.parts)


def show(trace, key):
    """Display one step: in IPython/Jupyter through its display system, else printed."""
    shown = step_display(trace, key)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(shown)
    else:
        print(repr(shown))


trace_module.NOTEBOOK[:] = [sys.modules[__name__]]  # a trace's _repr_html_, _repr_markdown_ and show
