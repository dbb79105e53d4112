"""Speed of `derive variants` on hw2_class.toml: variants with question and answer PDFs (seconds per variant)
and JSON-only variants (variants per second), each one run of the CLI over every core.

    python3 bench/classroom_bench.py [PDF_COUNT] [JSON_COUNT]     (defaults 200 and 200)
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = ROOT / "derive" / "problems" / "hw2_class.toml"


def timed(args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "derive", *args], cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    pdfs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    jsons = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        seconds = timed(["variants", str(PROBLEM), "--count", str(jsons), "-o", "json", "--json-only"], tmp)
        print(f"{jsons} JSON-only variants: {seconds:.1f} s, {jsons / seconds:.1f} variants per second "
              f"({cores} cores, start-up included)")
        if pdfs:
            seconds = timed(["variants", str(PROBLEM), "--count", str(pdfs), "-o", "pdf"], tmp)
            print(f"{pdfs} variants with question and answer PDFs: {seconds:.1f} s, "
                  f"{seconds / pdfs:.2f} s per variant ({cores} cores)")


if __name__ == "__main__":
    main()
