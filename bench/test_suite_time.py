"""How long the README's test command takes in a fresh clone: the runs one after another in a new copy of the
project's tracked files (tests/conftest.py fresh_copy: no bytecode, no build/, no caches before the first run;
--fresh-each: each run in a copy of its own), with its wall time, CPU time (user +
system, every process), the load average before and after, and the machine's speed just before (the CPU time of
`import sympy, numpy`), since the wall time on a shared machine depends on what else runs on it.

    python3 bench/test_suite_time.py              # the default run, three times
    python3 bench/test_suite_time.py --runs 1 --all   # every test, as CI runs them
    python3 bench/test_suite_time.py --python PY  # the Python (with pytest, pytest-xdist) that runs the tests

Arguments after the options go to pytest. The Python is the project's .venv if it has one, else this one.
"""
import argparse
import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def reference_cpu(python, times=3):
    """The least CPU time `import sympy, numpy` takes in a new process: the machine's speed at the moment (a
    shared virtual machine's varies by a third between minutes), to read a run's time beside."""
    best = float("inf")
    for _ in range(times):
        user0, sys0 = children_cpu()
        subprocess.run([python, "-c", "import sympy, numpy"], check=True)
        user1, sys1 = children_cpu()
        best = min(best, user1 - user0 + sys1 - sys0)
    return best


def one_run(python, pytest_args, project):
    """The README's command in `project`: (wall s, user s, system s, last lines of pytest's output, exit code)."""
    command = [python, "-m", "pytest", "-q", "-n", "2", *pytest_args]
    user0, sys0 = children_cpu()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    wall = time.perf_counter() - start
    user1, sys1 = children_cpu()
    return wall, user1 - user0, sys1 - sys0, result.stdout.strip().splitlines() or ["(no output)"], result.returncode


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    own = ROOT / ".venv" / "bin" / "python"
    parser.add_argument("--python", default=str(own if own.exists() else sys.executable))
    parser.add_argument("--fresh-each", action="store_true",
                        help="each run in a new copy (no bytecode, no pytest cache from the run before)")
    options, pytest_args = parser.parse_known_args(argv)
    print(f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {os.cpu_count()} cores, {options.python}")
    print("pytest -n 2 " + " ".join(pytest_args) + " in a fresh copy of the project"
          + (", each run in its own" if options.fresh_each else ", run after run"))
    code = 0
    from conftest import fresh_copy

    with tempfile.TemporaryDirectory(prefix="derive-suite-") as folder:
        project = None
        for n in range(1, options.runs + 1):
            if project is None or options.fresh_each:
                project = fresh_copy(Path(folder) / f"derive-{n}")
            load_before = os.getloadavg()[0]
            speed = reference_cpu(options.python)
            wall, user, system, lines, returncode = one_run(options.python, pytest_args, project)
            code = code or returncode
            for line in lines[:-1]:
                if line.startswith(("FAILED", "ERROR", "derive: ")):
                    print(f"  {line}")
            print(f"  run {n}: {lines[-1]}")
            print(f"  run {n}: wall {wall:.1f} s, CPU {user + system:.1f} s (user {user:.1f}, system {system:.1f}); "
                  f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
                  f"`import sympy, numpy` took {speed:.2f} s of CPU just before")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
