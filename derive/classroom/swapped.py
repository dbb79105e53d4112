"""Submissions under the wrong id: a claims file that matches another student's variant better than its own.

Cheap: each graded submission carries two signatures, its own variant's first asked numbers and the claims' for
the same keys (rounded to SIGNATURE_DECIMALS); only a submission whose claimed signature is another variant's is
marked again, against that variant, and named in grades.csv when it earns more correct marks there."""
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..marking.check import CORRECT, mark
from ..marking.claims import load
from ..errors import InputError
from .questions import asked
from .variants import solved_for_marking

SIGNATURE_KEYS = 3  # the first asked quantities (the first numbers a student works out)
SIGNATURE_DECIMALS = 2  # coarse: a student's own rounding still gives the variant's signature
MAX_SUSPECTS = 1  # other variants a submission is marked against: grade's cost at most doubles


def sign(row, trace, claims):
    """Put the signatures of the variant and of the claims on a grade row (not columns of grades.csv)."""
    keys = asked(trace)[:SIGNATURE_KEYS]
    own = tuple((k, _rounded(trace[k].export())) for k in keys)
    claimed = tuple((k, _rounded(claims.quantities[k].values)) for k in keys if k in claims.quantities
                    and not np.isnan(np.asarray(claims.quantities[k].values, dtype=float)).any())
    row.signatures = (own, claimed)


def _rounded(values):
    return tuple(round(float(v), SIGNATURE_DECIMALS) + 0.0 for v in np.ravel(np.asarray(values, dtype=float)))


@dataclass(frozen=True)
class Suspect:
    """A submission to mark against another student's variant."""

    row: int  # its row in grades.csv
    claims: Path
    other: str  # the other student's id
    problem: Path  # the other student's variant
    correct: int  # the correct marks it earned against its own


def suspects(rows, jobs):
    """The submissions whose claimed signature is another variant's, each with the MAX_SUSPECTS others it
    matches most."""
    index = {}
    for n, row in enumerate(rows):
        for part in getattr(row, "signatures", ((), ()))[0]:
            index.setdefault(part, []).append(n)
    found = []
    for n, row in enumerate(rows):
        own, claimed = getattr(row, "signatures", ((), ()))
        if set(claimed) <= set(own):
            continue
        others = Counter(m for part in claimed if part not in own for m in index.get(part, []) if m != n)
        found += [Suspect(n, row.submission, rows[m].id, jobs[m].problem, row.correct or 0)
                  for m, _ in others.most_common(MAX_SUSPECTS)]
    return found


def correct_against(suspect):
    """How many correct marks the submission earns against the other variant (-1: it cannot be marked so)."""
    try:
        trace = solved_for_marking(suspect.problem)
        return mark(trace, load(suspect.claims, trace)).counts()[CORRECT]
    except (InputError, RecursionError):
        return -1


def name_others(rows, jobs, workers=None):
    """Fill the column other_variant of each submission that matches another variant better than its own."""
    from . import pool

    found = suspects(rows, jobs)
    counts = pool.run(correct_against, found, lambda job, err: -1, workers, "cross-checking") if found else []
    for suspect, correct in zip(found, counts):
        row = rows[suspect.row]
        if correct > max(suspect.correct, getattr(row, "_best", -1)):
            row.other_variant, row._best = suspect.other, correct
