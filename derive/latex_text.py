"""The one place that escapes user text for LaTeX, and the check that a text can be set literally."""
import re
import unicodedata

from .limits import MAX_TEXT

# Each replacement typesets the character itself and breaks TeX's ligatures (-- '' `` ?` !`), with OT1
# fonts only (TS1 symbols would need bitmap fonts made at compile time). ' and ` stay typographic: pdftotext
# reads them back as ’ and ‘.
_REPLACE = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\texttt{\char95}",
    "^": r"\texttt{\char94}",
    "~": r"\texttt{\char126}",
    "'": "'{}",
    "`": "{}`{}",
    '"': r"\texttt{\char34}",
    "-": "-{}",
    "<": r"$<$",
    ">": r"$>$",
    "|": r"$|$",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}

# Beyond ASCII: the letters and punctuation that pdflatex (utf8 input, OT1 fonts) sets with Type 1 fonts
# and pdftotext reads back as written (up to Unicode NFC), measured with this project's preamble.
EXTRA = (
    "¡¿–—‘’“”ßÆæŒœØøı"
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
    "ĀāĂăĆćĈĉĊċČčĎďĒēĔĕĖėĚěĜĝĞğĠġĢĤĥĨĩĪīĬĭİĴĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŴŵŶŷŸŹźŻżŽž"
)
SETTABLE = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset(EXTRA) | frozenset("\n\r\t")


def _describe(ch):
    return "%r (U+%04X %s)" % (ch, ord(ch), unicodedata.name(ch, "a control character"))


def refusal(text, limit=MAX_TEXT):
    """Why `text` cannot stand on a sheet as written (too long, or a character pdflatex cannot set), else None."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) > limit:
        return f"at most {limit} characters", f"{len(text)} characters"
    for ch in text:
        if ch not in SETTABLE:
            return ("text pdflatex can set: ASCII, Latin letters with accents, dashes and quotes "
                    "(no emoji, right-to-left or other scripts)"), _describe(ch)
    return None


def _settable(ch):
    """A character as LaTeX source: itself, or its code point in typewriter type when pdflatex cannot set it."""
    if ch in SETTABLE:
        return ch
    return r"\texttt{[U+%04X]}" % ord(ch)


def escape(text):
    """User text as LaTeX that typesets the text literally and can run nothing."""
    text = unicodedata.normalize("NFC", str(text))
    return "".join(_REPLACE.get(ch) or _settable(ch) for ch in text)
