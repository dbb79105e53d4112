"""The answer sheet in a browser, in Markdown and in Jupyter: one page with KaTeX inlined, $-math Markdown,
and the displays of a solved trace, all from the LaTeX sheet's own step data."""

SUFFIXES = {"html": ".html", "markdown": ".md"}


def ready(formats):
    """Check, before any work, that the chosen formats can be written (HTML needs KaTeX's files)."""
    if "html" in formats:
        from .assets import load

        load()


def html_page(trace):
    """The whole sheet as one self-contained HTML page (KaTeX's script, style and fonts inlined)."""
    from .html import page

    return page(trace)


def markdown_page(trace):
    """The whole sheet as Markdown with $-math."""
    from .markdown import document

    return document(trace)


def documents(trace, formats):
    """{suffix: text} of the chosen web forms of a solved trace."""
    writers = {"html": html_page, "markdown": markdown_page}
    return {SUFFIXES[f]: writers[f](trace) for f in formats}
