"""Timing of `derive proofs`: SymPy import, each proof's build and verification, the LaTeX render."""
import time

t0 = time.perf_counter()
import sympy  # noqa: E402,F401

t1 = time.perf_counter()
from derive.proofs import PROOF_NAMES, _build, build, document_latex  # noqa: E402

t2 = time.perf_counter()
print(f"import sympy            {t1 - t0:6.3f} s")
print(f"import derive.proofs    {t2 - t1:6.3f} s")
total = 0.0
for name in PROOF_NAMES:
    start = time.perf_counter()
    proof = build(name, {"kind": "momentum", "lr": 0.1, "momentum": 0.9})
    took = time.perf_counter() - start
    total += took
    print(f"build {name:<16} {took:6.3f} s  ({len(proof.steps)} steps)")
print(f"all proofs              {total:6.3f} s")
start = time.perf_counter()
document_latex(None, {"kind": "momentum", "lr": 0.1, "momentum": 0.9})
print(f"render (cached proofs)  {time.perf_counter() - start:6.3f} s")
_build.cache_clear()
start = time.perf_counter()
document_latex()
print(f"defaults, from scratch  {time.perf_counter() - start:6.3f} s")
