"""Typed access to an input file's tables, driven by the key declarations, with errors that name the file and
the key: what was expected and what was found (one InputError)."""
import math
import re

import numpy as np

from ..errors import InputError
from ..network.declarations import Choice, Name, Names, Number, Table, Tables, Text, Whole, WholeOrChoice

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}\Z")
# zbar is z's gradient, ytrue_k a label element, it1.s1 a sample: names the keys would confuse
COLLIDING = re.compile(r"ytrue|s[0-9]+$|.*bar$")
NAME_RULE = "a name: a letter, then letters, digits or single underscores, at most 16 characters"


def finite(value):
    """True for a number that is a finite float; TOML integers beyond float range are not."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def shape_text(shape):
    if len(shape) == 1:
        return f"a list of {shape[0]} numbers"
    if len(shape) == 2:
        return f"{shape[0]} rows of {shape[1]} numbers"
    return f"an array of shape {shape}"


def takes(decl, kind):
    """Whether a key is one the table's kind takes."""
    return not decl.kinds or kind in decl.kinds


class Reader:
    """Typed access to the TOML tables of one file; every defect is an InputError naming the file and key."""

    def __init__(self, path):
        self.path = path

    def fail(self, key, expected, got=None):
        raise InputError(self.path, key, expected, got)

    def describe(self, value):
        if isinstance(value, str):
            text = value if len(value) <= 40 else value[:37] + "..."
            return repr(text)
        if isinstance(value, (list, dict)):
            return "a list" if isinstance(value, list) else "a table"
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."

    # --- by declaration ---------------------------------------------------------------------------------------
    def read(self, decl, parent, prefix, default=None, kind=None, l=None):
        """The value of key `decl` of table `parent` (whose key is `prefix`), checked as declared; `default`
        replaces the declared one, `kind` picks a kind's own default, `l` fills a name's pattern."""
        key = f"{prefix}.{decl.name}" if prefix else decl.name
        if default is None:
            default = decl.kind_defaults.get(kind, decl.default) if isinstance(decl, Number) else decl.default
        if isinstance(decl, Number):
            return self.number(parent, decl.name, key, decl.required, default, bounds=decl)
        if isinstance(decl, Whole):
            return self.integer(parent, decl.name, key, decl.required, default, decl.low, decl.high)
        if isinstance(decl, Choice):
            return self.text(parent, decl.name, key, decl.required, default, choices=decl.choices)
        if isinstance(decl, Text):
            return self.text(parent, decl.name, key, decl.required, default)
        if isinstance(decl, Name):
            value = parent.get(decl.name, True)
            if decl.switch and value is False:  # false: the layer has none
                return None
            given = {} if decl.switch and value is True else parent  # true: the default name
            return self.identifier(given, decl.name, key, default.format(l=l))
        if isinstance(decl, Names):
            value = parent.get(decl.name, [])
            if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
                self.fail(key, decl.what, self.describe(value))
            return value
        if isinstance(decl, WholeOrChoice):
            value = parent.get(decl.name, default)
            if value not in decl.choices and (isinstance(value, bool) or not isinstance(value, int) or value < decl.low):
                self.fail(key, ", ".join(f'"{c}"' for c in decl.choices) + f" or a whole number >= {decl.low}",
                          self.describe(value))
            return value
        if isinstance(decl, Table):
            return self.table(parent, decl.name, key, decl.required)
        if isinstance(decl, Tables):
            value = parent.get(decl.name)
            if not isinstance(value, list) or len(value) < decl.at_least:
                self.fail(key, f"at least one [[{key}]] table", "nothing" if value is None else self.describe(value))
            return value
        raise TypeError(f"no reading for {type(decl).__name__}")

    def only(self, decl, table, prefix, kind=None):
        """Refuse a key the declared table does not have (a misspelt key would otherwise be ignored in silence);
        with a kind, only the keys that kind takes are known."""
        known = tuple(k.name for k in decl.keys if kind is None or takes(k, kind))
        for extra in table:
            if extra not in known:
                listed = ", ".join(sorted(known)) if "{sorted}" in decl.unknown else ", ".join(known)
                self.fail(f"{prefix}.{extra}" if prefix else extra,
                          decl.unknown.format(keys=listed, sorted=listed, kind=kind or decl.name), repr(extra))

    def foreign(self, decl, table, prefix, kind):
        """Refuse an option given to a kind that has no use for it, naming the kinds it is for."""
        if decl.name in table and not takes(decl, kind):
            name = decl.name
            self.fail(f"{prefix}.{name}", f"no {name} for {kind} ({name} is for " + ", ".join(decl.kinds) + ")",
                      self.describe(table[name]))

    # --- by type ----------------------------------------------------------------------------------------------
    def table(self, parent, name, key, required=True):
        value = parent.get(name)
        if value is None:
            if required:
                self.fail(key, "a [" + key + "] section" if "." not in key else "a table", "nothing")
            return {}
        if not isinstance(value, dict):
            self.fail(key, "a table", self.describe(value))
        return value

    def number(self, parent, name, key, required=True, default=None, positive=False, minimum=None, maximum=None,
               bounds=None):
        """A finite number; bounds: a Number declaration, else the bounds given as arguments."""
        if name not in parent:
            if required:
                self.fail(key, "a number", "nothing")
            return default
        value = parent[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, "a number", self.describe(value))
        if not finite(value):
            self.fail(key, "a finite number", self.describe(value))
        if bounds is None:
            bounds = Number(name, low=0 if positive else minimum, high=maximum, low_open=positive, interval=False)
        if bounds.below(value):
            self.fail(key, f"{bounds.noun} {bounds.bound_text('low')}", self.describe(value))
        if bounds.above(value):
            self.fail(key, f"{bounds.noun} {bounds.bound_text('high')}", self.describe(value))
        return float(value)

    def integer(self, parent, name, key, required=True, default=None, minimum=1, maximum=None):
        if name not in parent:
            if required:
                self.fail(key, "a whole number", "nothing")
            return default
        value = parent[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"a whole number >= {minimum}", self.describe(value))
        if value < minimum or (maximum is not None and value > maximum):
            self.fail(key, "a whole number " + Whole(name, low=minimum, high=maximum).bound_text(), self.describe(value))
        return value

    def text(self, parent, name, key, required=True, default=None, choices=None):
        if name not in parent:
            if required:
                self.fail(key, "a string" if not choices else "one of " + ", ".join(choices), "nothing")
            return default
        value = parent[name]
        if not isinstance(value, str):
            self.fail(key, "a string", self.describe(value))
        if choices is not None and value not in choices:
            self.fail(key, "one of " + ", ".join(choices), self.describe(value))
        return value

    def identifier(self, parent, name, key, default):
        value = parent.get(name, default)
        if not isinstance(value, str) or not IDENTIFIER.match(value) or "__" in value:
            self.fail(key, NAME_RULE, self.describe(value))
        if COLLIDING.match(value):
            self.fail(key, "a name not ending in 'bar' (gradients), not starting with 'ytrue' (labels) "
                      "and not s1, s2, ... (samples)", self.describe(value))
        return value

    def shape_text(self, shape):
        return shape_text(shape)

    def matrix(self, value, key, shape, what="numbers"):
        """A nested list of finite numbers with exactly `shape` (rows, cols) or (n,)."""
        expected = shape_text(shape)
        try:
            arr = np.array(value, dtype=object)
        except ValueError:
            self.fail(key, expected, "rows of unequal length")
        if arr.shape != tuple(shape):
            got = shape_text(arr.shape) if all(s > 0 for s in arr.shape) else self.describe(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                got = "a single number"
            self.fail(key, expected, got)
        for idx, v in np.ndenumerate(arr):
            where = key + "[" + ",".join(str(i + 1) for i in idx) + "]"
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                self.fail(where, "a number", self.describe(v))
            if not finite(v):
                self.fail(where, "a finite number", self.describe(v))
        return arr.astype(float)

    def finite_numbers(self, value, key):
        """Refuse an inf or nan anywhere in a table no other check reads number by number, naming its key."""
        if isinstance(value, float) and not finite(value):
            self.fail(key, "a finite number", self.describe(value))
        items = value.items() if isinstance(value, dict) else enumerate(value, 1) if isinstance(value, list) else ()
        for name, item in items:
            self.finite_numbers(item, f"{key}[{name}]" if isinstance(name, int) else f"{key}.{name}")
