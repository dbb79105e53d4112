"""derive report: the class report (report.html with inline SVG plots, report.pdf) of a graded class."""


def register(sub):
    """Add report to the CLI."""
