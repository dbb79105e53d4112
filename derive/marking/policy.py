"""The marking precision policy: how many significant digits (or decimals) a student's number must have.

A stand-in with the interface of /work/wt/POLICY_API.md (issue 19 writes the real module): [check] of the problem
file, when the spec keeps one, else three significant digits."""
import math
from dataclasses import dataclass, replace

DEFAULT_DIGITS = 3


@dataclass(frozen=True)
class Policy:
    """What precision a student must write: significant digits or decimals (one of them)."""

    min_digits: int | None = DEFAULT_DIGITS
    min_decimals: int | None = None

    @classmethod
    def from_problem(cls, problem) -> "Policy":
        """The problem file's [check] table, else the default."""
        check = getattr(problem, "check", None)
        if isinstance(check, Policy):
            return check
        if isinstance(check, dict) and (check.get("min_digits") or check.get("min_decimals")):
            return cls().with_overrides(check.get("min_digits"), check.get("min_decimals"))
        return cls()

    def with_overrides(self, min_digits=None, min_decimals=None) -> "Policy":
        """--min-digits or --min-decimals in place of the problem's policy."""
        if min_decimals is not None:
            return replace(self, min_digits=None, min_decimals=min_decimals)
        if min_digits is not None:
            return replace(self, min_digits=min_digits, min_decimals=None)
        return self

    def tolerance(self, value: float) -> float:
        """Half a unit in the last place the policy requires of `value`."""
        if self.min_decimals is not None:
            return 0.5 * 10.0 ** (-self.min_decimals)
        if value == 0:
            return 0.5 * 10.0 ** (-self.min_digits)
        return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - self.min_digits + 1)
