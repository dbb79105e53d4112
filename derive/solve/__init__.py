"""Solving a problem: the pass engine over layer kinds, the trace and the numeric checks.

Importing this package makes `derive.solve` name it instead of derive's function solve(path) (Python sets a
package's submodules as its attributes); so the package itself can be called as that function."""
import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, path):
        """Solve a problem file and return its trace (derive.solve(path), as documented)."""
        from ..pipeline import solve_file

        return solve_file(path)


sys.modules[__name__].__class__ = _CallablePackage
