"""The errors the tool reports to a user as one line, never as a traceback."""


class InputError(Exception):
    """A problem, claims or surface file that does not say what it must (exit code 2)."""

    def __init__(self, file, key, expected, got=None):
        self.file, self.key, self.expected, self.got = str(file), key, expected, got
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.file}: {self.key}" if self.key else self.file
        tail = f", got {self.got}" if self.got is not None else ""
        return f"{where}: expected {self.expected}{tail}"


class TexError(Exception):
    """LaTeX failed: the message holds the few log lines that say why (exit code 1)."""


class TexMissing(Exception):
    """No latexmk/pdflatex on this machine."""


class AssetsMissing(Exception):
    """The math renderer's files (KaTeX) that an HTML page inlines are not installed (exit code 1)."""
