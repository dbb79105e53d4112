"""How long the README's test commands take: wall time, CPU time (user + system, all processes) and the load
average before and after, since the wall time on a shared machine depends on what else runs.

    python3 bench/test_suite_time.py            # the default run: fast tests and the sampled slow ones
    python3 bench/test_suite_time.py --all      # every test, as CI runs them
"""
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv):
    python = ROOT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else sys.executable), "-m", "pytest", "-q", "-n", "2",
               "-p", "no:cacheprovider", *argv]
    load_before = os.getloadavg()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_after = os.getloadavg()
    lines = result.stdout.strip().splitlines() or ["(no output)"]
    print(" ".join(command[1:]))
    for line in lines[:-1]:
        if line.startswith(("FAILED", "ERROR", "SKIPPED")):
            print(f"  {line}")
    print(f"  {lines[-1]}")
    print(f"  wall {wall:.1f} s, CPU {usage.ru_utime + usage.ru_stime:.1f} s (user {usage.ru_utime:.1f}, "
          f"system {usage.ru_stime:.1f}) on {os.cpu_count()} cores")
    print(f"  load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
