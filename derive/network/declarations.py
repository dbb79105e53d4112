"""The keys of a problem file declared as data: each key's type, bounds, default, the kinds that take it and a
short description, read by the validator (problem/reader.py), the JSON Schema (problem/schema.py) and the key
documentation (problem/keydoc.py).

Our own small classes, not a validation library: the core install stays sympy, numpy and jinja2; layer kinds
(network/layers, below problem/ in the pipeline, which is why these classes live here) and plug-in kinds bring
their keys at run time through the registry; the messages keep their exact text and their order of checking;
and importing them costs nothing at start-up."""
from dataclasses import dataclass, field


def number_text(value):
    """A bound or default as the messages and the docs write it (0, 1, 1e+06, 1e-08)."""
    return f"{value:g}"


@dataclass(frozen=True)
class Key:
    """One key of a table. kinds: the values of the table's `kind` that take it (() every kind); foreign:
    "named" refuses it for another kind as "no KEY for KIND (KEY is for ...)", "unknown" as an unknown key."""

    name: str
    doc: str = ""
    required: bool = False
    default: object = None
    kinds: tuple = ()
    foreign: str = "named"
    default_doc: str = ""  # a default that is no value of the file (the file's name, the input's size, W{l})


@dataclass(frozen=True)
class Number(Key):
    """A finite number, with bounds: low/high, open or closed; `interval` names both bounds in one message."""

    low: float = None
    high: float = None
    low_open: bool = False
    high_open: bool = False
    interval: bool = True
    noun: str = "a number"
    kind_defaults: dict = field(default_factory=dict)  # a default of its own for some kinds (adamw's decay)
    rule_kinds: tuple = None  # the kinds whose update rule always has it (None: every kind that takes it)

    def bound_text(self, side=None):
        """'> 0', 'in [0, 1)', '<= 1e+06': both bounds (an interval), or the side a value broke."""
        if self.low is not None and self.high is not None and self.interval:
            return "in %s%s, %s%s" % ("(" if self.low_open else "[", number_text(self.low),
                                      number_text(self.high), ")" if self.high_open else "]")
        if self.low is not None and side != "high":
            return (">" if self.low_open else ">=") + " " + number_text(self.low)
        if self.high is not None:
            return ("<" if self.high_open else "<=") + " " + number_text(self.high)
        return ""

    def below(self, value):
        return self.low is not None and (value <= self.low if self.low_open else value < self.low)

    def above(self, value):
        return self.high is not None and (value >= self.high if self.high_open else value > self.high)


@dataclass(frozen=True)
class Whole(Key):
    """A whole number from low to high (high None: no upper bound)."""

    low: int = 1
    high: int = None

    def bound_text(self):
        return f"from {self.low} to {self.high}" if self.high is not None else f">= {self.low}"


@dataclass(frozen=True)
class Choice(Key):
    """One of a few strings; notes: what some of them mean ({choice: phrase})."""

    choices: tuple = ()
    notes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Text(Key):
    """Free text (a title, a label)."""


@dataclass(frozen=True)
class Name(Key):
    """A name of a quantity (letters, digits, single underscores); the default is a pattern of the layer's
    number l ("W{l}"); `switch`: false leaves the quantity out (a dense layer's bias)."""

    switch: bool = False


@dataclass(frozen=True)
class Names(Key):
    """A list of names (parameters to freeze, proofs to append); `what` is the message's noun."""

    what: str = "a list of names"


@dataclass(frozen=True)
class Matrix(Key):
    """Numbers whose shape other keys decide: a number, a list, or a list of rows (checked by code);
    `missing`: what the message says is expected when it is absent."""

    missing: str = ""
    values: str = "numbers"  # "0 or 1": a mask


@dataclass(frozen=True)
class WholeOrChoice(Key):
    """One of a few strings, or a whole number >= low (an optimizer's batch)."""

    choices: tuple = ()
    low: int = 1


@dataclass(frozen=True)
class Table(Key):
    """A table of declared keys, in the order they are checked. unknown: the message for a key it does not
    have ({keys}: the known keys as declared, {sorted}: alphabetically, {kind}: the kind whose keys they are);
    entries: the value of every key of a table whose keys are free (init: a Matrix per parameter), else None."""

    keys: tuple = ()
    unknown: str = "only the keys {keys}"
    entries: Key = None
    kind_key: str = None  # the key naming the kind whose options the table takes ("kind")
    exactly_one: tuple = ()  # keys of which the table gives exactly one (checked by code; the schema says it)
    at_most_one: tuple = ()  # keys of which the table gives at most one

    def key(self, name):
        return next(k for k in self.keys if k.name == name)

    def names(self):
        return tuple(k.name for k in self.keys)


@dataclass(frozen=True)
class Tables(Key):
    """A list of tables (the layers): each one of `alternatives`, chosen by its kind; `at_least` tables."""

    at_least: int = 1
