"""The HTML writer: one Jinja2 environment with autoescape (the one place HTML text is escaped), the page
and the notebook fragment, KaTeX inlined and run with trust off."""
import re
from dataclasses import replace
from functools import lru_cache

import jinja2
from markupsafe import Markup

from ...display.render import TEMPLATES
from . import assets
from .prose import Math, Text
from .view import sheet_view

STYLE_FILE = "web.css"
# added to a right-to-left page only, so that a left-to-right page stays as it was
RTL_STYLE_FILE, RTL_SCRIPT_FILE = "web_rtl.css", "web_rtl.js"
RENDER_FILE = "web_render.js"
# punctuation that must not start a line: kept on the line of the inline formula before it ("$m^{(1)}$, ...")
TRAILING = re.compile(r"[,.;:!?)\]\u060c\u061b\u061f\u00bb]+")


def glued(segments):
    """The prose's segments as (segment, tail) pairs: an inline formula takes the punctuation that follows it as its
    tail, to be set with it on one line (a browser may break after a formula, before its comma)."""
    out = []
    for seg in segments:
        previous = out[-1][0] if out else None
        if (isinstance(seg, Text) and seg.style == "" and isinstance(previous, Math) and not previous.display
                and TRAILING.match(seg.text)):
            tail = TRAILING.match(seg.text).group(0)
            out[-1] = (previous, tail)
            seg = replace(seg, text=seg.text[len(tail):])
            if not seg.text:
                continue
        out.append((seg, ""))
    return out


@lru_cache(maxsize=1)
def environment():
    """The HTML environment: standard delimiters, every value escaped unless it is our own Markup."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.tests["math"] = lambda seg: isinstance(seg, Math)
    env.filters["glued"] = glued
    return env


@lru_cache(maxsize=None)
def _own_file(name):
    """A style sheet or script of the project's own, from templates/, to inline verbatim."""
    text = (TEMPLATES / name).read_text("utf-8")
    tag = "style" if name.endswith(".css") else "script"
    if ("</" + tag) in text.lower():
        raise ValueError(f"{name} contains </{tag}")
    return text


def _inlined(rtl=False):
    """The inlined pieces (Markup: trusted files, checked to hold no closing tag) and the page's CSP; a right-to-left
    page also has its style sheet and script (a left-to-right page stays as it was)."""
    katex = assets.load()
    render = _own_file(RENDER_FILE)
    scripts = [katex.script_hash(), assets.csp_hash(render)]
    if rtl:
        scripts.append(assets.csp_hash(_own_file(RTL_SCRIPT_FILE)))
    policy = ("default-src 'none'; script-src %s; style-src 'unsafe-inline'; font-src data:; img-src data:; "
              "base-uri 'none'; form-action 'none'" % " ".join(scripts))
    return {"katex_style": Markup(katex.style), "katex_script": Markup(katex.script),
            "own_style": Markup(_own_file(STYLE_FILE)), "rtl_style": Markup(_own_file(RTL_STYLE_FILE)),
            "rtl_script": Markup(_own_file(RTL_SCRIPT_FILE)),
            "render_script": Markup(render),
            "katex_version": katex.version, "policy": policy}


def page(trace):
    """The whole sheet as one HTML document that needs no network."""
    view = sheet_view(trace)
    return environment().get_template("sheet.html.j2").render(sheet=view, **_inlined(view.rtl))


def fragment(trace):
    """The sheet as one <div> with its styles and scripts, for a notebook's output."""
    view = sheet_view(trace)
    return environment().get_template("sheet_fragment.html.j2").render(sheet=view, **_inlined(view.rtl))
