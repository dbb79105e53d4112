"""The precision policy: how many significant digits (or decimals) a student must write for a number to count."""
import math
from dataclasses import dataclass

from ..errors import InputError

from ..problem.model import CHECK_BOUNDS as BOUNDS  # the whole numbers [check] min_digits and min_decimals may be
SLACK = 1e-9  # relative: a half unit computed in floating point compared with another


@dataclass(frozen=True)
class Policy:
    """What precision a student must write: significant digits or decimals (one of them)."""

    min_digits: int | None = 3  # significant digits a number must be written to (the default policy)
    min_decimals: int | None = None  # or: decimals after the point (then min_digits is None)

    @classmethod
    def from_problem(cls, problem) -> "Policy":
        """The problem file's [check] table (validated by the spec as problem.check), else the default."""
        return cls.from_settings(getattr(problem, "check", None) or {})

    @classmethod
    def from_settings(cls, settings) -> "Policy":
        """A policy from a validated {"min_digits": n} or {"min_decimals": n} (empty: the default)."""
        if not settings:
            return cls()
        return cls(settings.get("min_digits"), settings.get("min_decimals"))

    def with_overrides(self, min_digits=None, min_decimals=None) -> "Policy":
        """The policy with --min-digits or --min-decimals in place of the file's (giving both is an error)."""
        if min_digits is not None and min_decimals is not None:
            raise InputError("--min-digits", None, "one of --min-digits and --min-decimals", "both")
        if min_digits is None and min_decimals is None:
            return self
        name, value = ("min_digits", min_digits) if min_digits is not None else ("min_decimals", min_decimals)
        low, high = BOUNDS
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InputError("--" + name.replace("_", "-"), None, f"a whole number from {low} to {high}", repr(value))
        return Policy(min_digits, min_decimals)

    def tolerance(self, value: float) -> float:
        """Half a unit in the last place the policy requires of `value` (0 with min_digits: 0.5 * 10**-d)."""
        if self.min_decimals is not None:
            return 0.5 * 10.0 ** -self.min_decimals
        if value == 0 or not math.isfinite(value):
            return 0.5 * 10.0 ** -self.min_digits
        return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - self.min_digits + 1)

    def precise(self, half, value) -> bool:
        """True when a number written to within +-half of `value` meets the policy."""
        return half <= self.tolerance(value) * (1 + SLACK)

    def settings(self) -> dict:
        """The policy as the problem file's [check] table writes it."""
        return {"min_digits": self.min_digits} if self.min_digits is not None else {"min_decimals": self.min_decimals}
