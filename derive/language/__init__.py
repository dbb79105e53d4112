"""The languages a sheet can be written in: one message table per language and one lookup."""
import re
from dataclasses import dataclass
from functools import lru_cache

from . import en, fa

PLACEHOLDER = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")


@dataclass(frozen=True)
class Language:
    """A language of the sheets: its messages, its digits, its direction and how TeX sets it."""

    code: str
    name: str
    messages: dict
    digits: str = "0123456789"  # the digits of prose (math keeps Latin digits)
    rtl: bool = False
    engine: str = "pdflatex"  # the TeX engine (derive.tex.ENGINES)
    letters: str = ""  # characters beyond pdflatex's that user text may hold in this language


LANGUAGES = {
    "en": Language("en", "English", en.MESSAGES),
    "fa": Language("fa", "Persian", fa.MESSAGES, digits="۰۱۲۳۴۵۶۷۸۹", rtl=True, engine="xelatex",
                   letters=fa.LETTERS),
}
DEFAULT = "en"


def language(code=None):
    """The Language of a code (None: English); KeyError for a code not in LANGUAGES."""
    return LANGUAGES[code or DEFAULT]


def digits(code, text):
    """text with its Latin digits written in the language's digits (prose only, never math)."""
    lang = language(code)
    return str(text) if lang.digits == "0123456789" else str(text).translate(str.maketrans("0123456789", lang.digits))


def message(code, key, /, **values):
    """The message `key` of a language with {{name}} filled in; whole numbers among values in its digits."""
    template = language(code).messages[key]
    shown = {name: digits(code, v) if isinstance(v, int) and not isinstance(v, bool) else str(v)
             for name, v in values.items()}

    def fill(match):
        name = match.group(1)
        if name not in shown:
            raise KeyError(f"message {key!r} of {code!r} needs a value for {name!r}")
        return shown[name]
    return PLACEHOLDER.sub(fill, template)


def message_parts(code, key, /, **values):
    """The message as a tuple of text and objects: a value that is not text or a whole number (a SymPy
    expression, say) stands between the text pieces where its {{name}} is, for the proofs' words()."""
    template = language(code).messages[key]
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(template):
        value = values[match.group(1)]
        parts.append(template[last:match.start()])
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            parts[-1] += digits(code, value) if isinstance(value, int) else value
        else:
            parts.append(value)
        last = match.end()
    parts.append(template[last:])
    merged = []
    for part in parts:  # adjacent text pieces joined, empty ones dropped
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif not (isinstance(part, str) and not part):
            merged.append(part)
    return tuple(merged)


def placeholders(template):
    """The {{names}} a message expects."""
    return set(PLACEHOLDER.findall(template))


class Messages:
    """One language's lookup, bound: msg(key, **values), msg.count(key, n), msg.number(n), msg.latin(tex)."""

    def __init__(self, code=None):
        self.language = language(code)
        self.code = self.language.code

    @property
    def rtl(self):
        return self.language.rtl

    def __call__(self, key, /, **values):
        return message(self.code, key, **values)

    def count(self, key, n, /, **values):
        """The message key.one when n is 1, else key.other, with {{n}} filled in."""
        return message(self.code, f"{key}.{'one' if n == 1 else 'other'}", n=n, **values)

    def number(self, n):
        """A whole number (or text of digits) in the language's prose digits."""
        return digits(self.code, n)

    def parts(self, key, /, **values):
        """The message as text and objects (message_parts)."""
        return message_parts(self.code, key, **values)

    def latin(self, tex):
        """LaTeX of left-to-right Latin text (a name, a file, a key) inside this language's prose."""
        return message(self.code, "latin", text=tex)


@lru_cache(maxsize=None)
def messages(code=None):
    """The bound lookup of a language (None: English)."""
    return Messages(code)
