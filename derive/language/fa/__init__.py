"""The Persian message table (en's keys, one module per area) and the characters Persian user text may hold."""
from ..tables import table

Z = "\u200c"  # the zero-width non-joiner inside Persian words (می‌شود), written out so that it can be seen

# Persian letters and diacritics, Persian and Arabic-Indic digits, Persian punctuation, guillemets and the ZWNJ.
LETTERS = ("".join(chr(c) for c in range(0x0621, 0x063B)) + "".join(chr(c) for c in range(0x0640, 0x0653))
           + "\u0654\u0670\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
           + "".join(chr(c) for c in range(0x06F0, 0x06FA)) + "".join(chr(c) for c in range(0x0660, 0x066D))
           + "\u060c\u061b\u061f\u00ab\u00bb" + Z)


def _z(text):
    """A message with its ZWNJs written as '¦' in the area modules (a broken bar, unused by Persian and LaTeX)."""
    return text.replace("¦", Z)


MESSAGES = table(__name__, each=_z)
