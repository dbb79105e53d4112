"""The sheet's LaTeX prose and tables read back as data: text runs and math, for the web forms.

The sheet writes its words as LaTeX (escaped user text, $...$ and \\[...\\] math, a few text commands);
this module reads exactly that subset, so the web forms show the same words and the same math without
writing either twice. Math is kept as finished LaTeX for the math renderer; text becomes plain strings
that the HTML and Markdown writers escape. A command outside the subset is kept as math in \\text{...}
and reported in `unknown`, which the tests require to stay empty for everything the project writes."""
import re
from dataclasses import dataclass, field

STYLES = {"textbf": "bold", "texttt": "code", "emph": "italic", "textit": "italic", "textrm": ""}
CHARACTERS = {",": "\u2009", " ": " ", ";": "\u2002", "quad": "\u2003", "qquad": "\u2003\u2003", "enspace": "\u2002",
          "textbackslash": "\\", "ldots": "\u2026", "dots": "\u2026", "%": "%", "&": "&", "#": "#", "$": "$",
          "_": "_", "{": "{", "}": "}", "-": "", "/": ""}
LIGATURES = (("---", "\u2014"), ("--", "\u2013"), ("~", "\u00a0"))
# math that is only a symbol the text escape puts in math mode ($<$, $>$, $|$) reads as the character
SYMBOL_MATH = {"<": "<", ">": ">", "|": "|"}
_COMMAND = re.compile(r"\\([a-zA-Z]+|.)")
# \lr{...} (xepersian: left-to-right text inside right-to-left prose) reads as its content between the Unicode
# left-to-right isolate and its closing mark, which every browser and Markdown renderer lays out the same way
LTR_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


@dataclass(frozen=True)
class Text:
    """A run of plain text (not escaped: the writer escapes it), in a style: '', bold, code or italic."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Math:
    """Finished LaTeX math for the renderer, inline or displayed."""

    tex: str
    display: bool = False


@dataclass
class Prose:
    """A paragraph as text runs and math, and the LaTeX commands it did not know."""

    segments: list = field(default_factory=list)
    unknown: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.segments)


@dataclass
class Table:
    """A table read from a tabular: column alignments, header rows and body rows of Prose cells."""

    align: str
    head: list
    rows: list

    @property
    def unknown(self):
        return [u for row in [*self.head, *self.rows] for cell in row for u in cell.unknown]


def _math_end(src, start, closing):
    """Index of `closing` after `start`, skipping backslash pairs; the end of the text when missing."""
    i = start
    while i < len(src):
        if src[i] == "\\":
            if closing == r"\]" and src.startswith(closing, i):
                return i
            i += 2
            continue
        if closing == "$" and src[i] == "$":
            return i
        i += 1
    return len(src)


def _group(src, start):
    """(content, end) of the braced group at src[start] == '{', braces counted, escapes skipped."""
    depth, i = 0, start
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return src[start + 1:i], i + 1
        i += 1
    return src[start + 1:], len(src)


def prose(src):
    """Read one piece of the sheet's LaTeX prose."""
    out = Prose()
    _read(str(src), "", out)
    merged = []
    for seg in out.segments:  # adjacent runs of one style become one
        if merged and isinstance(seg, Text) and isinstance(merged[-1], Text) and merged[-1].style == seg.style:
            merged[-1] = Text(merged[-1].text + seg.text, seg.style)
        else:
            merged.append(seg)
    out.segments = [s for s in merged if not (isinstance(s, Text) and not s.text)]
    return out


def _read(src, style, out):
    text = []

    def flush():
        if text:
            out.segments.append(Text("".join(text), style))
            text.clear()

    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "$":
            end = _math_end(src, i + 1, "$")
            tex = src[i + 1:end].strip()
            if tex in SYMBOL_MATH:
                text.append(SYMBOL_MATH[tex])
            elif tex:
                flush()
                out.segments.append(Math(tex))
            i = end + 1
        elif src.startswith(r"\[", i):
            end = _math_end(src, i + 2, r"\]")
            flush()
            out.segments.append(Math(src[i + 2:end].strip(), display=True))
            i = end + 2
        elif ch == "\\":
            match = _COMMAND.match(src, i)
            name = match.group(1) if match else ""
            i = match.end() if match else i + 1
            if name in STYLES and i < len(src) and src[i] == "{":
                content, i = _group(src, i)
                char = re.fullmatch(r"\\char(\d+)", content)
                if char:  # a character the text escape sets in typewriter type (_ ^ ~ ") is that character
                    text.append(chr(int(char.group(1))))
                else:
                    flush()
                    _read(content, STYLES[name] or style, out)
            elif name == "lr" and i < len(src) and src[i] == "{":
                content, i = _group(src, i)
                text.append(LTR_ISOLATE)
                flush()
                _read(content, style, out)
                text.append(POP_ISOLATE)
            elif name == "char":
                number = re.match(r"\d+", src[i:])
                text.append(chr(int(number.group())) if number else "")
                i += number.end() if number else 0
            elif name == "\\":
                text.append("\n")
                i = _skip_length(src, i)
            elif name in CHARACTERS:
                text.append(CHARACTERS[name])
            else:
                arg = ""
                if i < len(src) and src[i] == "{":
                    content, i = _group(src, i)
                    arg = "{" + content + "}"
                flush()
                out.unknown.append("\\" + name)
                out.segments.append(Math(r"\text{\%s%s}" % (name, arg)))
            if name.isalpha() and src.startswith("{}", i):  # \textbackslash{} and the like
                i += 2
        elif ch in "{}":
            i += 1  # grouping braces (and the {} that break ligatures) print nothing
        elif ch in "\n\t":
            text.append(" ")
            i += 1
        else:
            ligature = next(((latex, char) for latex, char in LIGATURES if src.startswith(latex, i)), None)
            text.append(ligature[1] if ligature else ch)
            i += len(ligature[0]) if ligature else 1
    flush()


def _skip_length(src, i):
    """After \\\\ in a table: skip an optional [4pt]."""
    m = re.match(r"\s*\[[^\]]*\]", src[i:])
    return i + m.end() if m else i


def split_outside_math(src, separator):
    """src split at `separator` where it stands outside $...$ and outside braces."""
    parts, start, i, depth = [], 0, 0, 0
    while i < len(src):
        if src[i] == "\\" and not src.startswith(separator, i):
            i += 2
            continue
        if src[i] == "$":
            i = _math_end(src, i + 1, "$") + 1
            continue
        if src[i] == "{":
            depth += 1
        elif src[i] == "}":
            depth -= 1
        elif depth == 0 and src.startswith(separator, i):
            parts.append(src[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(src[start:])
    return parts


def cells(row):
    """One table row of LaTeX ('a & $b$ & c \\\\') as Prose cells."""
    row = re.sub(r"\\\\\s*(\[[^\]]*\])?\s*$", "", row.strip())
    return [prose(cell.strip()) for cell in split_outside_math(row, "&")]


def _rows(src):
    out = []
    for row in split_outside_math(src, "\\\\"):
        row = re.sub(r"^\s*\[[^\]]*\]", "", row).strip()
        if row:
            out.append(cells(row))
    return out


def table(src):
    """A tabular or longtable the sheet wrote (booktabs rules: head above \\midrule) as a Table."""
    m = re.match(r"\s*\\begin\{(tabular|longtable)\}", src)
    end = src.rfind(r"\end{")
    if not m or end < 0 or not src.startswith("{", m.end()):
        raise ValueError("not a table the sheet writes: " + src[:60])
    spec, start = _group(src, m.end())
    align = "".join(c for c in spec.replace("@{}", "") if c in "lrc")
    body = re.sub(r"\\addlinespace(\[[^\]]*\])?", "", src[start:end].replace(r"\toprule", "").replace(r"\bottomrule", ""))
    head, _, rows = body.partition(r"\midrule")
    if not rows:
        head, rows = "", head
    return Table(align, _rows(head), _rows(rows))
