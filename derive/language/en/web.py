"""The English words of the web forms' own words (web.*)."""

MESSAGES = {
    # --- the web forms' own words (derive/forms/web/view.py; their other labels are the sheets' messages) ---
    "web.appendix": "Appendix",
    "web.contents": "Contents",
    "web.figure_elsewhere": "(The figure is drawn in the HTML and PDF sheets.)",
}
