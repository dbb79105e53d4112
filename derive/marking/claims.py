"""Claims files: a student's numbers for trace keys (TOML), read and validated against a trace."""
import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..problem import file_kinds, files
from ..problem.limits import detailed
from .claimed_number import describe, read_number
from .written import as_written

KEY = re.compile(r"(?P<base>[^\[\]\s]+?)(?:\[(?P<index>[^\]]*)\])?\Z")
SETTINGS = ("decimals", "rtol")
MAX_DECIMALS = 12


@dataclass
class QuantityClaims:
    """What a claims file says about one quantity, element by element in its exported shape."""

    key: str
    shape: tuple
    values: np.ndarray  # claimed numbers (NaN where unclaimed)
    half: np.ndarray  # half-width of each claim's interval
    texts: np.ndarray  # each claimed number as written (normalised), "" where unclaimed

    @property
    def mask(self):
        return self.texts != ""


@dataclass
class Claims:
    """A validated claims file: per-quantity claims in trace order and the [check] settings."""

    path: Path
    quantities: dict = field(default_factory=dict)
    decimals: int = None
    rtol: float = 0.0
    unknown: list = field(default_factory=list)  # (key as written, [closest keys]) of keys the problem has not
    given: list = field(default_factory=list)  # keys of given values (data, initial parameters): not marked

    def __len__(self):
        return sum(int(c.mask.sum()) for c in self.quantities.values())


def claimable(trace):
    """The keys a student can claim: everything but the data, the zero initial states and dropout's masks."""
    return [k for k, q in trace.quantities.items() if not k.startswith(("data.", "it0.")) and q.role != "mask"]


def asked(trace):
    """The keys the question sheet asks for: every worked value (the given ones are in the statement); a problem
    too large for a detailed sheet is asked only for each iteration's loss, mean gradients and updates."""
    full = detailed(trace.problem)
    return [k for k in claimable(trace) if trace[k].template is not None and (full or not trace[k].sample)]


# --- reading ----------------------------------------------------------------------------------------
def load(path, trace):
    """Read and validate a claims file against a trace; every defect is an InputError naming the key."""
    path = Path(path)
    raw = files.read_toml(path, "claims file", toml="a TOML claims file")
    file_kinds.expect(raw, path, "claims", "a claims file (keys such as \"it1.loss\" and your numbers)",
                      commands={"problem": "derive check {file} CLAIMS (the problem file comes first)"})
    text = files.read_bytes(path, "claims file").decode("utf-8").removeprefix("\ufeff")
    try:
        return parse(raw, trace, path, as_written(text))
    except RecursionError:
        raise InputError(path, None, "a TOML claims file", "arrays or tables nested too deeply") from None


def parse(raw, trace, path=Path("<claims>"), written=None):
    """Validate an already-parsed claims dict; `written` is the same file with its numbers as written (as_written),
    None to read each plain number as Python writes it. An unknown key is listed with its closest keys, a given
    value (data, initial parameters) listed as given: neither is marked, and the rest of the file is."""
    path = Path(path)
    settings = raw.get("check", {})
    if not isinstance(settings, dict):
        raise InputError(path, "check", "a [check] table with decimals or rtol", describe(settings))
    claims = Claims(path, decimals=_decimals_setting(settings, path), rtol=_rtol_setting(settings, path))
    keys = set(claimable(trace))
    source = raw if written is None else written
    for key_text, value in _flatten({k: v for k, v in source.items() if k != "check"}):
        m = KEY.match(key_text)
        base = m.group("base") if m else key_text
        if base in trace.quantities and (base not in keys or trace[base].template is None):
            claims.given.append(key_text)
            continue
        if not m or base not in keys:
            claims.unknown.append((key_text, closest(base, keys)))
            continue
        q = trace[base]
        qc = claims.quantities.setdefault(base, _empty(base, q.shape))
        if m.group("index") is None:
            _whole(qc, key_text, value, claims, path)
        else:
            _element(qc, key_text, m.group("index"), value, claims, path)
    order = {k: n for n, k in enumerate(trace.quantities)}
    claims.quantities = dict(sorted(claims.quantities.items(), key=lambda kv: order[kv[0]]))
    return claims


def _flatten(table, prefix=""):
    """(key, value) pairs; TOML tables ([it1.s1] or bare dotted keys) join their names with dots.
    Without recursion: a dotted key may have thousands of parts."""
    stack = [(prefix, iter(table.items()))]
    while stack:
        prefix, items = stack[-1]
        for k, v in items:
            if isinstance(v, dict):
                stack.append((prefix + k + ".", iter(v.items())))
                break
            yield prefix + k, v
        else:
            stack.pop()


def closest(base, keys, n=3):
    """The keys most like an unknown one, letter case aside (grad.w2 finds grad.W2)."""
    by_lower = {}
    for k in sorted(keys):
        by_lower.setdefault(k.lower(), k)
    found = difflib.get_close_matches(base.lower(), list(by_lower), n=n, cutoff=0.6)
    return [by_lower[k] for k in found]


def _empty(key, shape):
    return QuantityClaims(key, tuple(shape), np.full(shape, np.nan), np.zeros(shape), np.full(shape, "", dtype=object))


def _whole(qc, written, value, claims, path):
    """A claim of a whole quantity: a number, a list or a list of rows matching its shape."""
    arr = _array(value)
    if arr is None:
        raise InputError(path, written, _shape_text(qc.shape), "rows of unequal length")
    if _squeezed(arr.shape) != _squeezed(qc.shape):
        raise InputError(path, written, _shape_text(qc.shape), _shape_text(arr.shape))
    indices = list(np.ndindex(*qc.shape))
    keys = [element_key(written, qc.shape, idx) for idx in indices]
    for idx, k, v in zip(indices, keys, arr.reshape(-1)):
        _set(qc, idx, k, *read_number(v, k, path), claims, path)


def _array(value):
    """A claimed value as an object array, or None when its rows are ragged."""
    if not isinstance(value, list):
        return np.array(value, dtype=object)
    try:
        arr = np.array(value, dtype=object)
    except ValueError:
        return None
    if any(isinstance(v, list) for v in arr.reshape(-1)):
        return None
    return arr


def _element(qc, written, index_text, value, claims, path):
    """A claim of one element, key[i] or key[i,j], 1-based."""
    try:
        index = tuple(int(s) for s in index_text.split(","))
    except ValueError:
        raise InputError(path, written, "an element index such as [1] or [1,2]", f"[{index_text}]") from None
    idx = _resolve(index, qc.shape)
    if idx is None:
        raise InputError(path, written, f"an element index within {_dims(qc.shape)} (1-based)", f"[{index_text}]")
    if isinstance(value, list):
        raise InputError(path, written, "one number for one element", "a list")
    _set(qc, idx, written, *read_number(value, written, path), claims, path)


def _resolve(index, shape):
    """The exported index an element index names: the full shape's, or the shape without its 1s."""
    if shape == ():
        return () if index in ((1,), (1, 1)) else None
    if len(shape) == 1 and len(index) == 2 and index[1] == 1:  # a vector is a column
        index = index[:1]
    if len(index) == len(shape):
        full = index
    else:
        long_dims = [d for d, n in enumerate(shape) if n > 1]
        if len(index) != max(len(long_dims), 1) or len(index) > len(shape):
            return None
        full = [1] * len(shape)
        for d, i in zip(long_dims or [0], index):
            full[d] = i
    if all(1 <= i <= n for i, n in zip(full, shape)):
        return tuple(i - 1 for i in full)
    return None


def _set(qc, idx, written, number, decimals, text, claims, path):
    """Record one claimed number, read as rounded to the decimals it is written with (or [check] decimals)."""
    if qc.texts[idx] != "":
        raise InputError(path, written, "one claim per number", "a second claim of the same element")
    if claims.decimals is not None:
        decimals = claims.decimals
        if 0 <= decimals <= MAX_DECIMALS and "e" not in text:
            text = f"{number:.{decimals}f}"
    qc.values[idx] = number
    qc.half[idx] = max(0.5 * 10.0 ** -decimals, claims.rtol * abs(number))
    qc.texts[idx] = text


def _decimals_setting(settings, path):
    unknown = [k for k in settings if k not in SETTINGS]
    if unknown:
        raise InputError(path, f"check.{unknown[0]}", "only decimals or rtol in [check]", repr(unknown[0]))
    value = settings.get("decimals")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise InputError(path, "check.decimals", f"a whole number from 0 to {MAX_DECIMALS}", describe(value))
    return value


def _rtol_setting(settings, path):
    value = settings.get("rtol", 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise InputError(path, "check.rtol", "a number from 0 up to 1", describe(value))
    return float(value)


def _squeezed(shape):
    return tuple(n for n in shape if n != 1)


def _dims(shape):
    return "x".join(str(n) for n in shape) if shape else "a single number"


def _shape_text(shape):
    if math.prod(shape) == 0:
        return "an empty list"
    if shape == () or math.prod(shape) == 1:
        return "a single number"
    if len(shape) == 1:
        return f"a list of {shape[0]} numbers"
    if len(shape) == 2 and shape[0] == 1:
        return f"a list of {shape[1]} numbers"
    if len(shape) == 2:
        return f"{shape[0]} rows of {shape[1]} numbers"
    return f"an array of shape {shape}"


def _suffix(shape, idx):
    """The element key suffix ([i] or [i,j], 1-based) of an exported index; none for one-number quantities."""
    if math.prod(shape) <= 1:
        return ""
    return "[" + ",".join(str(i + 1) for i in idx) + "]"


def element_key(key, shape, idx):
    """The key of one element as reports write it."""
    return key + _suffix(shape, idx)
