"""The Persian words of every document (Latin text in prose, list separator); ¦ is a ZWNJ (see __init__.py)."""

MESSAGES = {
    "latin": "\\lr{{{text}}}",
    "list_separator": "، ",
}
