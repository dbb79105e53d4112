"""The README's tables of a problem file's keys and of the layer kinds, written as Markdown from the declarations
(model.py, each kind's `keys`); `python -m derive.problem.keydoc --write README.md` puts them between their
marker comments, and a test checks that the README holds what this writes."""
import sys
from pathlib import Path

from ..network.declarations import Choice, Matrix, Name, Names, Number, Table, Tables, Text, Whole, WholeOrChoice
from ..network.layers import registry
from .model import PROBLEM

REGENERATE = "python -m derive.problem.keydoc --write README.md"


def number(value):
    """1e-05 as 1e-5, 1e+06 as 1e6, 0.9 as 0.9."""
    text = f"{value:g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def quoted(choices):
    items = [f'`"{c}"`' for c in choices]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def value_text(decl):
    """What a key's value is: 'number > 0', 'whole number from 1 to 10000', '"Wx" or "xW"', ..."""
    if isinstance(decl, Number):
        bounds = decl.bound_text() if decl.interval else ", ".join(
            t for t in (decl.bound_text("low"), decl.bound_text("high")) if t)
        text = "number " + bounds.replace("1e+06", "10⁶")
    elif isinstance(decl, Whole):
        text = "whole number " + decl.bound_text().replace(str(2**63 - 1), "2⁶³ − 1")
    elif isinstance(decl, Choice):
        text = quoted(decl.choices)
    elif isinstance(decl, WholeOrChoice):
        text = quoted(decl.choices) + f" or a whole number >= {decl.low}"
    elif isinstance(decl, Name):
        text = "name" + (" or `false`" if decl.switch else "")
    elif isinstance(decl, Names):
        text = "list of names"
    elif isinstance(decl, Matrix):
        text = "rows of 0s and 1s" if decl.values == "0 or 1" else "rows of numbers"
    elif isinstance(decl, Tables):
        text = f"tables, at least {decl.at_least}"
    elif isinstance(decl, Table):
        text = "table"
    elif isinstance(decl, Text):
        text = "text"
    else:
        text = ""
    return text + (", required" if decl.required else "")


def default_text(decl):
    if decl.default_doc:
        return decl.default_doc
    if decl.default is None or decl.default == ():
        return ""
    if isinstance(decl, Name):
        return f"`{decl.default}`"
    if isinstance(decl, (Choice, WholeOrChoice)) and isinstance(decl.default, str):
        return f'`"{decl.default}"`'
    if isinstance(decl, Number):
        own = "".join(f" ({kind}: {number(v)})" for kind, v in decl.kind_defaults.items())
        return number(decl.default) + own
    return str(decl.default)


def meaning(decl):
    """The key's phrase, the kinds that take it and what its choices mean."""
    text = decl.doc
    if isinstance(decl, Choice) and decl.notes:
        text += "; " + ", ".join(f"`{c}` ({decl.notes[c]})" for c in decl.choices if c in decl.notes)
    if decl.kinds:
        text = "(" + ", ".join(decl.kinds) + ") " + text
    return text


def escape(text):
    return text.replace("|", "\\|")


def problem_table():
    """The table of every section and key of a problem file, a row each."""
    rows = ["| key | value | default | what it is |", "| --- | --- | --- | --- |"]
    for section in PROBLEM.keys:
        if isinstance(section, Table):
            rows.append(f"| `[{section.name}]` | {value_text(section)} | | {escape(section.doc)} |")
            if section.entries is None:
                for decl in section.keys:
                    name = f"[[{section.name}.{decl.name}]]" if isinstance(decl, Tables) else f"{section.name}.{decl.name}"
                    rows.append(f"| `{name}` | {escape(value_text(decl))} | {escape(default_text(decl))} | "
                                f"{escape(meaning(decl))} |")
        else:
            rows.append(f"| `{section.name}` | {value_text(section)} | {escape(default_text(section))} | "
                        f"{escape(meaning(section))} |")
    return "\n".join(rows) + "\n"


def key_item(decl):
    """One key of a layer kind, in its table's cell: `eps` (number >= 0; default 1e-5): ε in ..."""
    parts = [value_text(decl)] + ([f"default {default_text(decl)}"] if default_text(decl) else [])
    return f"`{decl.name}` ({'; '.join(parts)}): {meaning(decl)}"


def kinds_table():
    """The table of the registered layer kinds: their keys and what they compute."""
    rows = ["| kind | keys | computes, per unit |", "| --- | --- | --- |"]
    seen = []  # (keys, kind): a kind with the keys of an earlier one says so
    for name, kind in registry.KINDS.items():
        keys = kind.keys[1:] if kind.keys else ()
        same = next((other for earlier, other in seen if earlier == keys), None)
        if same:
            cell = f"as `{same}`"
        else:
            seen.append((keys, name))
            cell = "<br>".join(key_item(decl) for decl in keys)  # a key a line
            if kind.exactly_one:
                cell += "<br>exactly one of " + " and ".join(f"`{k}`" for k in kind.exactly_one)
        rows.append(f"| `{name}` | {escape(cell)} | {escape(kind.doc)} |")
    return "\n".join(rows) + "\n"


BLOCKS = {"problem keys": problem_table, "layer kinds": kinds_table}


def markers(name):
    return (f"<!-- {name}: written by `{REGENERATE}` from the declarations; do not edit -->\n",
            f"<!-- end of {name} -->\n")


def markdown():
    """Both tables, as `derive schema --markdown` prints them."""
    return "\n".join(make() for make in BLOCKS.values())


def rewrite(text):
    """The README's text with each block between its markers written anew."""
    for name, make in BLOCKS.items():
        start, end = markers(name)
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + start + make() + end + after
    return text


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "--write":
        print(f"usage: {REGENERATE}", file=sys.stderr)
        return 2
    path = Path(argv[1])
    path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
