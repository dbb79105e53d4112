"""Proofs that SymPy checks: the unrolled EMA, Adam's bias correction, batch norm and dropout."""
from dataclasses import dataclass
from functools import lru_cache

from ..errors import InputError
from ..language import messages
from ..display.render import render
from . import adam_bias, batchnorm, dropout, ema
from .printer import claim, words
from .settings import Settings, normalize
from .verify import ProofError, check_step, describe

__all__ = ["PROOF_NAMES", "Proof", "CheckedStep", "ProofError", "build", "appendix_latex", "document_latex"]

SPECS = {  # proof name -> spec(settings, digits), in the order of the sheet
    "ema": ema.spec,
    "adam-bias": adam_bias.spec,
    "bn-params": batchnorm.params_spec,
    "bn-batch-one": batchnorm.batch_one_spec,
    "dropout": dropout.spec,
}
PROOF_NAMES = tuple(SPECS)


@dataclass(frozen=True)
class CheckedStep:
    """A verified step as the sheet prints it: LaTeX claim (align* rows), words, how it was checked."""

    number: int
    title: str
    claim: str
    why: str
    how: str
    verified: bool
    spec: object


@dataclass(frozen=True)
class Proof:
    """A built proof: every step verified, every piece finished LaTeX for the templates."""

    name: str
    title: str
    statement: tuple
    steps: tuple
    figures: tuple
    tables: tuple
    spec: object


def check_name(name):
    """name if it is a proof's name, else InputError."""
    if name not in SPECS:
        raise InputError("proofs", name, "one of " + ", ".join(PROOF_NAMES))
    return name


def from_spec(spec, digits=4, language="en"):
    """Verify every step of a spec (ProofError names the first that fails) and finish its LaTeX."""
    steps = []
    for number, step in enumerate(spec.steps, start=1):
        outcomes = check_step(spec, number, step)
        steps.append(CheckedStep(
            number=number, title=step.title, claim=claim(step.chains, digits, language),
            why=words(step.why, digits, language),
            how=words(describe(outcomes, spec.var, language), digits, language), verified=True, spec=step,
        ))
    figures = tuple({"caption": words(f.caption, digits, language), "axes": f.axes} for f in spec.figures)
    tables = tuple({"caption": words(t.caption, digits, language), "header": t.header, "rows": t.rows,
                    "align": t.align} for t in spec.tables)
    return Proof(
        name=spec.name, title=spec.title, statement=tuple(words(p, digits, language) for p in spec.statement),
        steps=tuple(steps), figures=figures, tables=tables, spec=spec,
    )


@lru_cache(maxsize=64)
def _build(name, settings, digits, language="en"):
    """The proof for exact settings (cached: a sheet and its appendix ask for the same proofs)."""
    return from_spec(SPECS[name](settings, digits, messages(language)), digits, language)


def build(name, settings=None, digits=4, language="en"):
    """The proof `name`, verified, with the problem's settings (a plain dict, None: defaults), in `language`."""
    check_name(name)
    exact = settings if isinstance(settings, Settings) else normalize(settings)
    return _build(name, exact, digits, language)


def _proofs(names, settings, digits, language="en"):
    """The chosen proofs (all when names is empty), each once, in the order given."""
    names = list(dict.fromkeys(names or PROOF_NAMES))
    for name in names:
        check_name(name)
    exact = normalize(settings)
    return [build(name, exact, digits, language) for name in names]


def appendix_latex(names=None, settings=None, digits=4, language="en"):
    """The LaTeX body (sections, no preamble) of the chosen proofs, for a sheet's appendix."""
    return render("proofs_body.tex.j2", language, proofs=_proofs(names, settings, digits, language))


def document_latex(names=None, settings=None, digits=4, language="en"):
    """A whole LaTeX document of the chosen proofs."""
    return render("proofs.tex.j2", language, proofs=_proofs(names, settings, digits, language))


def proof_settings(problem):
    """The proofs the problem asks for in [sheet] proofs (each checked to exist) and the optimizer settings
    they are worked with."""
    for name in problem.proofs:
        if name not in PROOF_NAMES:
            raise InputError(problem.path, "sheet.proofs", "proof names among " + ", ".join(PROOF_NAMES),
                             repr(name))
    return list(problem.proofs), dict(problem.optimizer.settings, kind=problem.optimizer.kind, lr=problem.optimizer.lr)


def appendices(problem):
    """LaTeX appendices the problem asks for in [sheet] proofs."""
    if not problem.proofs:
        return []
    names, settings = proof_settings(problem)
    return [appendix_latex(names, settings, problem.digits, problem.language)]
