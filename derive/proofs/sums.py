"""Sums over an indexed sequence brought to one shape, so that SymPy can see two of them agree."""
import sympy as sp
from sympy import Add, Indexed, Mul, Sum

_K = sp.Dummy("k", integer=True)


def _by_subscript(s):
    """The sum re-indexed so that the sequence's subscript is the summation variable."""
    if len(s.limits) != 1:
        return s
    var = s.limits[0][0]
    for atom in s.function.atoms(Indexed):
        for index in atom.indices:
            slope = sp.diff(index, var)
            if slope in (1, -1) and var not in (index - slope * var).free_symbols:
                # var -> slope * (k - offset) makes the subscript exactly k.
                offset = sp.expand(index - slope * var)
                return s.change_index(var, slope * (var - offset), _K)
    return s


def _split(term):
    """(factor, sum) when the term is a product holding exactly one sum, else None."""
    factors = Mul.make_args(term)
    sums = [f for f in factors if isinstance(f, Sum)]
    if len(sums) != 1 or any(f.has(Sum) for f in factors if f is not sums[0]):
        return None
    return Mul(*[f for f in factors if f is not sums[0]]), sums[0]


def align_sums(expr):
    """expr with every sum re-indexed by subscript and moved onto one range; boundary terms explicit."""
    expr = sp.expand(expr)
    if not expr.has(Sum):
        return expr
    expr = sp.expand(expr.xreplace({s: _by_subscript(s) for s in expr.atoms(Sum)}))
    plain, summands, common = [], [], None
    for term in Add.make_args(expr):
        if not term.has(Sum):
            plain.append(term)
            continue
        split = _split(term)
        if split is None or len(split[1].limits) != 1:
            return expr
        factor, s = split
        var, lo, hi = s.limits[0]
        f = s.function.xreplace({var: _K})
        if common is None:
            common = (lo, hi)
        d_lo, d_hi = sp.expand(lo - common[0]), sp.expand(hi - common[1])
        if not (d_lo.is_Integer and d_hi.is_Integer):
            return expr
        # Karr's convention makes this split right whatever the signs of d_lo and d_hi.
        edges = Sum(f, (_K, common[1] + 1, hi)).doit() - Sum(f, (_K, common[0], lo - 1)).doit()
        plain.append(factor * edges)
        summands.append(factor * f)
    body = sp.expand(Add(*summands))
    constant = Add(*[term for term in Add.make_args(body) if not term.has(_K)])
    varying = body - constant
    # Karr's convention again: a constant summed over lo..hi is (hi - lo + 1) times it.
    plain.append(constant * (common[1] - common[0] + 1))
    merged = Sum(varying, (_K, *common)) if varying != 0 else 0
    return sp.expand(Add(*plain)) + merged


def _indexed_in(f, var):
    """True when f holds a sequence element whose subscript depends on var (x_{t-i}, z_q)."""
    return any(var in index.free_symbols for atom in f.atoms(Indexed) for index in atom.indices)


def split_sums(expr, did=None):
    """Sums split by linearity; constants pulled out; sums of plain terms summed in closed form.

    Sums over sequence elements (x_{t-i}) stay: SymPy's own doit would try hypergeometric methods on
    them, slowly and to no end.
    """
    did = set() if did is None else did

    def split(f, *limits):
        if len(limits) != 1:
            return Sum(f, *limits)
        var, lo, hi = limits[0]
        if (hi - lo).is_Integer and hi - lo < 200:
            did.add("closed form")
            return Sum(f, *limits).doit()
        out = []
        for term in Add.make_args(sp.expand(f)):
            const, dep = term.as_independent(var, as_Add=False)
            if dep == 1:
                out.append(const * (hi - lo + 1))  # Karr: right for empty ranges too
            elif _indexed_in(dep, var):
                out.append(const * Sum(dep, (var, lo, hi)))
            else:
                did.add("closed form")
                out.append(const * Sum(dep, (var, lo, hi)).doit())
        return Add(*out)

    return expr.replace(lambda e: isinstance(e, Sum), lambda s: split(s.function, *s.limits))
