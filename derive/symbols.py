"""The one mapping from the problem's identifiers (W, b1, yhat, x_in) to LaTeX symbols."""
import re

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
