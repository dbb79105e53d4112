"""The Persian words of the web forms' own words (web.*); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    # --- the web forms' own words -------------------------------------------------------------------------
    "web.appendix": "پیوست",
    "web.contents": "فهرست",
    "web.figure_elsewhere": "(شکل در برگه¦های \\lr{HTML} و \\lr{PDF} کشیده شده است.)",
}
