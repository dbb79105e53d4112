"""The class report: who went wrong where, as report.html (inline SVG plots) and report.pdf."""
