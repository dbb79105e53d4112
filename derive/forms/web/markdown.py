"""The Markdown writer: $-math for pages that render math themselves (Jupyter, GitHub, many LMSs).

Every value the template prints is escaped for Markdown (the one place: `text`) unless it is a piece this
module wrote itself (`Written`): math between dollars, tables, emphasis around escaped text."""
import re
from functools import lru_cache

import jinja2

from ...display.render import TEMPLATES
from .prose import Math, Prose
from .view import sheet_view

# backslash-escaped anywhere: what CommonMark (and GFM, and $-math) gives a meaning inside a line; < > & become
# entities (HTML stays text); at the start of a line also what starts a list, heading or rule
SPECIAL = set("\\`*_{}[]()!|$~^")
LINE_START = re.compile(r"(\s*)(\d*)([-+=#.])")
ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;",
            "@": "<!-- -->@"}  # an e-mail address is linked whatever its escapes; an empty comment splits it
# GitHub's renderer links http://x, https://x, ftp://x and www.x in plain text: escape the ':' or the '.'
AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=www)\.")


class Written(str):
    """Markdown this module wrote; printed as it is."""


def text(value):
    """Any text as Markdown that shows it literally: no emphasis, links (GitHub's autolinks included), HTML or
    math can come of it. Line breaks become spaces, so only the text's own start can stand at the start of a line."""
    out = []
    for ch in str(value).replace("\r", " ").replace("\n", " "):
        out.append(ENTITIES.get(ch) or ("\\" + ch if ch in SPECIAL else ch))
    out = AUTOLINK.sub(lambda m: "\\" + m.group(), "".join(out))
    start = LINE_START.match(out)
    if start and (start.group(3) != "." or start.group(2)):  # - + = # at the start, or 1. (an ordered list)
        out = out[:start.start(3)] + "\\" + out[start.start(3):]
    return out


def _finalize(value):
    return value if isinstance(value, Written) else text(value)


def _inline_math(tex, in_table=False):
    tex = " ".join(tex.split())
    if in_table:  # a bare | would end the table cell; \vert is the same symbol
        tex = tex.replace(r"\|", r"\Vert{}").replace("|", r"\vert{}")
    return "$%s$" % tex


def display(tex):
    """Display math on lines of its own."""
    return Written("\n$$\n%s\n$$\n" % tex.strip())


def prose(p, in_table=False):
    """A paragraph of text runs and math as Markdown."""
    if p is None:
        return Written("")
    out = []
    for seg in p.segments:
        if isinstance(seg, Math):
            out.append(_inline_math(seg.tex, in_table) if in_table or not seg.display else display(seg.tex))
        elif seg.style == "code":
            fence = "`" * (1 + max([0] + [len(run) for run in _runs(seg.text, "`")]))
            out.append("%s %s %s" % (fence, seg.text, fence) if "`" in seg.text else "`%s`" % seg.text)
        elif seg.style in ("bold", "italic") and seg.text.strip():
            mark = "**" if seg.style == "bold" else "*"
            core = seg.text.strip()
            lead, trail = seg.text[:len(seg.text) - len(seg.text.lstrip())], seg.text[len(seg.text.rstrip()):]
            out.append(lead + mark + text(core) + mark + trail)
        else:
            out.append(text(seg.text))
    return Written("".join(out))


def _runs(value, ch):
    """Lengths of the runs of `ch` in value."""
    runs, n = [], 0
    for c in value:
        n = n + 1 if c == ch else 0
        if n:
            runs.append(n)
    return runs


def table(t):
    """A Table as a pipe table: the first header row (or an empty one), a rule, the body rows."""
    width = max([len(r) for r in [*t.head, *t.rows]] or [0])
    rule = {"l": ":--", "r": "--:", "c": ":-:"}

    def line(cells):
        cells = list(cells) + [Prose()] * (width - len(cells))
        return "| " + " | ".join(prose(c, in_table=True) for c in cells) + " |"

    head = line(t.head[0]) if t.head else "|" + " |" * width
    align = "| " + " | ".join(rule.get(t.align[k] if k < len(t.align) else "l", ":--") for k in range(width)) + " |"
    return Written("\n".join([head, align, *(line(r) for r in [*t.head[1:], *t.rows])]) + "\n")


@lru_cache(maxsize=1)
def environment():
    """The Markdown environment: everything printed is escaped unless this module wrote it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, finalize=_finalize,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    env.filters.update(prose=prose, table=table, display=display)
    return env


def document(trace):
    """The whole sheet as Markdown."""
    return environment().get_template("sheet.md.j2").render(sheet=sheet_view(trace))


def step_markdown(lhs, parts):
    """One step, lhs = formula = numbers = result, as display math."""
    from .view import aligned

    return display(aligned(lhs, parts))
