"""derive: worked solutions of neural-network training problems, from SymPy to a PDF answer sheet."""

__version__ = "0.1.0"


def solve(path):
    """Solve a problem file and return its trace (the named quantities with their values)."""
    from .forms.web import notebook  # noqa: F401  (the trace's notebook displays register themselves)
    from .engine.pipeline import solve_file

    return solve_file(path)
