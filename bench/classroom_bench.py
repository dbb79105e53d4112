"""Speed of `derive variants` on hw2_class.toml: variants with question and answer PDFs (seconds per variant)
and JSON-only variants (variants per second), each one run of the CLI over every core.

    python3 bench/classroom_bench.py [PDF_COUNT] [JSON_COUNT]     (defaults 200 and 200)
"""
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = ROOT / "derive" / "problems" / "hw2_class.toml"


def timed(args, cwd):
    """(wall seconds, CPU seconds of derive and every process it started): on a machine shared with other work
    the CPU seconds over the cores estimate the wall time the machine alone would take."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "derive", *args], cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    pdfs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    jsons = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{cores} cores, load average {os.getloadavg()[0]:.1f} at the start")
        if jsons:
            wall, cpu = timed(["variants", str(PROBLEM), "--count", str(jsons), "-o", "json", "--json-only"], tmp)
            print(f"{jsons} JSON-only variants: {wall:.1f} s, {jsons / wall:.1f} variants per second, start-up "
                  f"included (CPU {cpu:.1f} s: {jsons / (cpu / cores):.1f} per second on idle cores)")
        if pdfs:
            wall, cpu = timed(["variants", str(PROBLEM), "--count", str(pdfs), "-o", "pdf"], tmp)
            print(f"{pdfs} variants with question and answer PDFs: {wall:.1f} s, {wall / pdfs:.2f} s per variant "
                  f"(CPU {cpu:.1f} s: {cpu / cores / pdfs:.2f} s per variant on idle cores)")


if __name__ == "__main__":
    main()
