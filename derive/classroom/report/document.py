"""The class report's two documents: report.html (self-contained, the plots as inline SVG) and report.pdf (LaTeX,
the same plots as PDF figures)."""
from ...language import LANGUAGES, digits, message
from ...display.latex_text import escape
from . import plots

WORDS = ("title", "scores", "steps", "steps_text", "first_errors", "first_errors_text", "no_errors", "lowest", "step",
         "student", "first_wrong", "mean", "median", "score", "students", "share", "correct", "carried", "wrong",
         "blank", "forward", "backward", "update")


def words(code):
    """The report's words as plain text in a language, from its message table."""
    from ...forms.web.view import plain

    return {w: plain(code, f"report.{w}") for w in WORDS}


def figures(summary, code):
    """{name: plots.Figure}; a right-to-left language's plots are labelled in English (matplotlib does not join
    Persian letters)."""
    labels = words("en" if LANGUAGES[code].rtl else code)
    return {"histogram": plots.histogram(summary, labels), "steps": plots.steps(summary, labels),
            "first_errors": plots.first_errors(summary, labels)}


def _number(x):
    return "" if x is None else f"{x:.1f}"


def html_page(summary, figs, code):
    """report.html: one page needing no other file, no network and no script."""
    from markupsafe import Markup

    from ...forms.web.html import environment

    svg = {name: Markup(f.svg) for name, f in figs.items()}  # matplotlib's own SVG of numbers and our own labels
    return environment().get_template("report.html.j2").render(
        L=words(code), title=summary.title, summary=summary, figures=svg, language=code, rtl=LANGUAGES[code].rtl,
        scores_text=words_text(code, summary))


def words_text(code, summary, tex=False):
    values = dict(graded=len(summary.scores), students=summary.students, mean=digits(code, _number(summary.mean)),
                  median=digits(code, _number(summary.median)))
    if tex:
        return message(code, "report.scores_text", **values)
    from ...forms.web.view import plain

    return plain(code, "report.scores_text", **values)


def tex_source(summary, code):
    """report.pdf's LaTeX: its figures are histogram.pdf, steps.pdf and first_errors.pdf beside it."""
    from ...display.render import render

    latin = lambda text: message(code, "latin", text=r"\texttt{%s}" % escape(text, code))  # noqa: E731
    return render("report.tex.j2", code, title=escape(summary.title, code), scores_text=words_text(code, summary, True),
                  first_errors=[(latin(name), n) for name, n in summary.first_errors],
                  lowest=[(latin(s.id) + (" " + escape(s.name, code) if s.name else ""), _number(s.score),
                           latin(s.first_wrong) if s.first_wrong else "") for s in summary.lowest])


def pdf(summary, figs, code):
    """report.pdf's bytes (TexMissing or TexError when LaTeX cannot make it)."""
    from ...forms import tex

    return tex.pdf_bytes(tex_source(summary, code), engine=LANGUAGES[code].engine,
                         files={f"{name}.pdf": f.pdf for name, f in figs.items()})
