"""The one place that escapes user text for LaTeX, and the check that a text can be set literally
(in English with pdflatex's characters; in a right-to-left language with its script as well)."""
import unicodedata


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


def _letters(language):
    """The characters beyond SETTABLE that a sheet in `language` sets (its script), as a set."""
    if language in (None, "en"):
        return frozenset()
    from ..language import language as find

    return frozenset(find(language).letters)


MAX_TEXT = 200  # characters of a title (a bound of the problem file; limits.py lists it with the others)


def refusal(text, limit=MAX_TEXT, language="en"):
    """Why `text` cannot stand on a sheet as written (too long, or a character the language's TeX cannot set),
    else None."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) > limit:
        return f"at most {limit} characters", f"{len(text)} characters"
    extra = _letters(language)
    for ch in text:
        if ch not in SETTABLE and ch not in extra:
            if extra:
                return ("text a Persian sheet can set: Persian letters, digits and punctuation, ASCII, Latin "
                        "letters with accents, dashes and quotes (no emoji or other scripts)"), _describe(ch)
            return ("text pdflatex can set: ASCII, Latin letters with accents, dashes and quotes "
                    "(no emoji, right-to-left or other scripts; a Persian title needs [sheet] language = \"fa\")"), \
                _describe(ch)
    return None


def _settable(ch, extra=frozenset()):
    """A character as LaTeX source: itself, or its code point in typewriter type when pdflatex cannot set it."""
    if ch in SETTABLE or ch in extra:
        return ch
    return r"\texttt{[U+%04X]}" % ord(ch)


def escape(text, language="en"):
    """User text as LaTeX that typesets the text literally and can run nothing (in a right-to-left language,
    each run of Latin text is set left to right)."""
    text = unicodedata.normalize("NFC", str(text))
    extra = _letters(language)
    if not extra:
        return "".join(_REPLACE.get(ch) or _settable(ch) for ch in text)
    out = []
    for run, latin in _runs(text, extra):
        piece = "".join(_REPLACE.get(ch) or _settable(ch, extra) for ch in run)
        out.append(r"\lr{%s}" % piece if latin else piece)
    return "".join(out)


_OPENERS, _CLOSERS = "([{<", ")]}>"


def _is_latin(ch):
    return ch.isalpha() and ch in SETTABLE


def _runs(text, rtl_letters):
    """text cut into (piece, is_latin) pieces: a Latin piece runs from a Latin letter to the last Latin letter
    or digit before the next right-to-left letter, with a bracket it opens or closes."""
    pieces, n, i = [], len(text), 0
    while i < n:
        if not _is_latin(text[i]):
            j = i
            while j < n and not _is_latin(text[j]):
                j += 1
            pieces.append([text[i:j], False])
            i = j
            continue
        end, j = i + 1, i + 1
        while j < n and not (text[j].isalpha() and text[j] in rtl_letters):
            if _is_latin(text[j]) or text[j].isdigit() and text[j] in SETTABLE:
                end = j + 1
            j += 1
        start = i
        for opener, closer in zip(_OPENERS, _CLOSERS):
            run = text[start:end]
            while run.count(opener) > run.count(closer) and end < n and text[end] == closer:
                end += 1
                run = text[start:end]
            while run.count(closer) > run.count(opener) and pieces and pieces[-1][0].endswith(opener):
                pieces[-1][0] = pieces[-1][0][:-1]
                start -= 1
                run = text[start:end]
        pieces.append([text[start:end], True])
        i = end
    return [(piece, latin) for piece, latin in pieces if piece]
