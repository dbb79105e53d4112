"""The English words of every document (Latin text in prose, list separator)."""

MESSAGES = {
    "latin": "{{text}}",  # left-to-right Latin text (names, files, keys) inside the prose
    "list_separator": ", ",
}
