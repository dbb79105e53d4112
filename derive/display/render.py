"""The Jinja2 environment for LaTeX templates: nbconvert-style delimiters, no autoescape."""
from functools import lru_cache
from pathlib import Path

import jinja2

from ..language import messages
from .latex_text import escape


def _templates_folder():
    """derive/templates in an installed package; the project's top-level templates/ in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


TEMPLATES = _templates_folder()


@lru_cache(maxsize=1)
def environment():
    """The one Jinja2 environment: ((* block *)), ((( variable ))), ((= comment =))."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        block_start_string="((*", block_end_string="*))",
        variable_start_string="(((", variable_end_string=")))",
        comment_start_string="((=", comment_end_string="=))",
        autoescape=False, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    env.filters["escape_tex"] = escape
    return env


def render(template_name, language=None, **context):
    """Fill a template from templates/ with finished LaTeX pieces; `t` is the language's message lookup."""
    msg = messages(language)
    return environment().get_template(template_name).render(t=msg, rtl=msg.rtl, **context)
