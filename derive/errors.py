"""The errors the tool reports to a user as one line, never as a traceback."""
import unicodedata

# Characters that would break the one line or play tricks in a terminal: control characters (newline,
# escape, ...), line and paragraph separators, and the bidirectional overrides and isolates.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(text):
    """text with every such character written as an escape (\\n, \\x1b, \\u2028): a message stays one line."""
    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in ("Cc", "Zl", "Zp")
                   or ch in _BIDI else ch for ch in str(text))


class InputError(Exception):
    """A problem, claims or surface file that does not say what it must (exit code 2)."""

    def __init__(self, file, key, expected, got=None):
        self.file, self.key, self.expected, self.got = str(file), key, expected, got
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.file}: {self.key}" if self.key else self.file
        tail = f", got {self.got}" if self.got is not None else ""
        return one_line(f"{where}: expected {self.expected}{tail}")


class TexError(Exception):
    """LaTeX failed: the message holds the few log lines that say why (exit code 1)."""


class TexMissing(Exception):
    """No pdflatex (or XeLaTeX, for a Persian sheet) on this machine."""


class AssetsMissing(Exception):
    """The math renderer's files (KaTeX) that an HTML page inlines are not installed (exit code 1)."""
