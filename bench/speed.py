"""Speed of derive against the floor `python -c "import sympy, numpy, jinja2"`, measured in one run."""
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 5


def timed(cmd, cwd):
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def network_problem(path, sizes=(8, 16, 16, 3), samples=32, iterations=10, seed=0):
    """A softmax/CE network with the given layer sizes, written as a problem file."""
    rng = np.random.default_rng(seed)
    lines = ['title = "benchmark"', "[network]", f"inputs = {sizes[0]}"]
    for l, units in enumerate(sizes[1:], start=1):
        act = "softmax" if l == len(sizes) - 1 else "tanh"
        lines += ["[[network.layers]]", f"units = {units}", f'activation = "{act}"']
    x = rng.uniform(-1, 1, (samples, sizes[0])).round(3).tolist()
    y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], samples)].astype(int).tolist()
    lines += ["[loss]", 'kind = "ce"', "[data]", f"x = {json.dumps(x)}", f"y = {json.dumps(y)}", "[init]"]
    for l, (fan_in, units) in enumerate(zip(sizes, sizes[1:]), start=1):
        lines.append(f"W{l} = {json.dumps(rng.uniform(-0.5, 0.5, (units, fan_in)).round(3).tolist())}")
        lines.append(f"b{l} = {json.dumps([0.0] * units)}")
    lines += ["[optimizer]", 'kind = "momentum"', "lr = 0.1", f"iterations = {iterations}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def main():
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        floor = timed([py, "-c", "import sympy, numpy, jinja2"], tmp)
        hw2_file = ROOT / "problems" / "hw2.toml"
        hw2 = timed([py, "-m", "derive", "solve", str(hw2_file), "-o", "out", "--no-pdf"], tmp)
        bare = tmp / "hw2_bare.toml"  # the same problem without the [sheet] proof appendices
        bare.write_text(hw2_file.read_text().split("[sheet]")[0])
        hw2_bare = timed([py, "-m", "derive", "solve", str(bare), "-o", "out", "--no-pdf"], tmp)
        big = network_problem(tmp / "big.toml")
        big_t = timed([py, "-m", "derive", "solve", str(big), "-o", "out", "--json-only"], tmp)
        print(f"floor (import sympy, numpy, jinja2): {floor:.3f} s")
        print(f"hw2 (no proofs) to .tex and .json:   {hw2_bare:.3f} s  = {hw2_bare / floor:.2f} x floor (target <= 2)")
        print(f"hw2 as bundled, with the ema and adam-bias proofs: {hw2:.3f} s  = {hw2 / floor:.2f} x floor")
        print(f"8-16-16-3 softmax/CE, 32 x 10, .json: {big_t:.3f} s  = {big_t / floor:.2f} x floor (target <= 5)")
        print("growth with samples x iterations (8-16-16-3, .json only):")
        for samples, iterations in ((8, 5), (32, 10), (64, 20), (128, 40)):
            f = network_problem(tmp / f"g{samples}.toml", samples=samples, iterations=iterations)
            t = timed([py, "-m", "derive", "solve", str(f), "-o", "out", "--json-only"], tmp)
            print(f"  {samples:4d} samples x {iterations:3d} iterations = {samples * iterations:5d}: {t:.3f} s"
                  f"  ({(t - floor) / (samples * iterations) * 1e3:.2f} ms per sample-iteration above the floor)")


if __name__ == "__main__":
    main()
