"""The one mapping from the problem's identifiers (W, b1, yhat, x_in) to LaTeX symbols and to the SymPy
symbols of their elements, and the rule that keeps distinct names from printing alike."""
import re
from functools import lru_cache

import sympy as sp

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
ACCENTS = ("hat", "bar", "tilde", "dot")


def _base(word):
    if word in GREEK:
        return "\\" + word
    for accent in ACCENTS:
        if word.endswith(accent) and len(word) > len(accent):
            return "\\%s{%s}" % (accent, _base(word[: -len(accent)]))
    if len(word) == 1:
        return word
    return r"\mathrm{%s}" % word


def parts(name):
    """(base, subscript or None) of an identifier: b1 -> ('b', '1'), x_in -> ('x', 'in'), yhat -> ('\\hat{y}', None)."""
    head, _, tail = name.partition("_")
    m = re.fullmatch(r"([A-Za-z]+?)(\d+)(%s)?" % "|".join(ACCENTS), head)  # b1tilde: b~ with subscript 1
    sub = []
    if m:
        head = m.group(1) + (m.group(3) or "")
        sub.append(m.group(2))
    if tail:
        sub.append(tail.replace("_", ","))
    return _base(head), (",".join(sub) if sub else None)


@lru_cache(maxsize=4096)  # a trace names every quantity of every sample and iteration: the same few names
def latex_name(name, bar=False, sup=None, sub=None):
    """LaTeX for identifier `name`, optionally barred (a gradient), with a superscript and an extra subscript."""
    base, own_sub = parts(name)
    if bar:
        base = r"\bar{%s}" % base
    subs = ",".join(s for s in (own_sub, sub) if s)
    text = base
    if subs:
        text += "_{%s}" % (subs if not re.fullmatch(r"[A-Za-z]{2,}", subs) else r"\mathrm{%s}" % subs)
    if sup:
        text = "{%s}^{%s}" % (text, sup) if subs else "%s^{%s}" % (text, sup)
    return text


def element_name(name, index):
    """LaTeX of one element, 1-based: W_{12} (W_{10,2} past 9); a name with its own subscript takes the index in
    brackets when it has two (W_{2}[2,1], never the ambiguous W_{2,21})."""
    index = tuple(int(i) for i in index)
    if parts(name)[1] and len(index) > 1:
        return "%s[%s]" % (latex_name(name), ",".join(map(str, index)))
    return latex_name(name, sub="".join(map(str, index)) if all(i < 10 for i in index) else ",".join(map(str, index)))


def element(name, *index):
    """The SymPy symbol of one element of quantity `name`, 1-based: W_1_2, b1_2. The name's own underscores
    are doubled (W_1 gives W__1_1), so distinct (name, index) pairs never share a symbol: W_1's element 1
    is not W's element (1, 1). Names without underscores keep the plain form, and SymPy's term order."""
    return sp.Symbol("_".join([name.replace("_", "__"), *(str(i) for i in index)]))


GENERIC = ("j", "k")  # the sheet writes a vector's element as z_k or z_j too
_POSITIVE = re.compile(r"[1-9][0-9]*\Z")


def printed(name, shape):
    """Every subscript the sheets print quantity `name` of `shape` with (with its base, parts(name)[0]): the
    name's own (None for none), a vector's elements 1, ..., k, j, a matrix's as 12 and as 1,2."""
    own = parts(name)[1]
    yield own
    prefix = own + "," if own else ""
    if len(shape) == 1:
        indices = [str(k) for k in range(1, shape[0] + 1)] + list(GENERIC)
    elif len(shape) == 2:
        indices = [form for j in range(1, shape[0] + 1) for k in range(1, shape[1] + 1)
                   for form in (f"{j}{k}", f"{j},{k}")]
    else:
        indices = []
    for index in indices:
        yield prefix + index


def _prints(name, shape, sub):
    """True when printed(name, shape) holds the subscript `sub`, found without listing them all."""
    own = parts(name)[1]
    if sub == own:
        return True
    prefix = own + "," if own else ""
    if sub is None or not sub.startswith(prefix):
        return False
    rest = sub[len(prefix):]
    if len(shape) == 1:
        return rest in GENERIC or (bool(_POSITIVE.match(rest)) and int(rest) <= shape[0])
    if len(shape) == 2:
        pieces = rest.split(",") if "," in rest else [(rest[:n], rest[n:]) for n in range(1, len(rest))]
        pairs = [pieces] if "," in rest else pieces
        return any(len(pair) == 2 and all(_POSITIVE.match(i) for i in pair)
                   and int(pair[0]) <= shape[0] and int(pair[1]) <= shape[1] for pair in pairs)
    return False


def _alike(a, b):
    """A subscript both quantities (name, shape) print with, or False; a and b have the same base."""
    own_a, own_b = parts(a[0])[1], parts(b[0])[1]
    for one, other in ((a, b), (b, a)):
        if _prints(*one, parts(other[0])[1]):
            return parts(other[0])[1]
    prefix_a, prefix_b = (own_a + "," if own_a else ""), (own_b + "," if own_b else "")
    if not (prefix_a.startswith(prefix_b) or prefix_b.startswith(prefix_a)):
        return False  # b1's and b2's subscripts begin 1, and 2,: they never meet
    smaller, larger = sorted((a, b), key=lambda q: _size(q[1]))
    return next((sub for sub in printed(*smaller) if _prints(*larger, sub)), False)


def _size(shape):
    return shape[0] * (shape[1] if len(shape) == 2 else 1) if shape else 1


def first_alike(quantities):
    """The first (name, other, printed LaTeX) where quantity `name` or an element of it prints like `other` or
    one of its elements; quantities: (name, shape) pairs in order. None when all print apart."""
    seen = []
    for name, shape in quantities:
        base = parts(name)[0]
        for other, other_shape in seen:
            if parts(other)[0] == base:
                sub = _alike((other, other_shape), (name, shape))
                if sub is not False:
                    return name, other, base + ("_{%s}" % sub if sub else "")
        seen.append((name, shape))
    return None
