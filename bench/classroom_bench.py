"""Speed of `derive variants` on hw2_class.toml, each figure beside one `derive solve` of the same file:
variants with question and answer PDFs (seconds per variant), JSON-only variants (variants per second), both
one run of the CLI over every core, and JSON-only variants on a Dask LocalCluster (needs derive[cluster]).

    python3 bench/classroom_bench.py [--count 200] [--json-count 1000] [--cluster-count 1000] [--workers 2]

A count of 0 skips that measurement. Wall times are what a user waits; CPU seconds (user + system, of derive and
every process it starts, TeX included) over the cores estimate the wall time on an idle machine, since the
machine may be shared with other work: the load average is printed at the start and the end.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
sys.path.insert(0, str(ROOT))  # the LocalCluster's worker processes (which get this path) import this derive


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args, cwd):
    """(wall seconds, CPU seconds of derive and every process it started) of one run of the CLI."""
    before, start = children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "derive", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"derive {' '.join(args[:1])} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return time.perf_counter() - start, children_cpu() - before


def worker_cpu(client):
    """CPU seconds the cluster's worker processes have used so far."""
    def used():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    return sum(client.run(used).values())


def line(what, value, unit, wall, cpu, cores, solve):
    print(f"  {what:<44} {value:8.2f} {unit:<16} wall {wall:7.1f} s   CPU {cpu:7.1f} s "
          f"(CPU / {cores} cores: {cpu / cores:6.1f} s)   one derive solve beside it: wall {solve[0]:.1f} s, "
          f"CPU {solve[1]:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="variants with question and answer PDFs")
    parser.add_argument("--json-count", type=int, default=1000, help="JSON-only variants on this machine")
    parser.add_argument("--cluster-count", type=int, default=1000, help="JSON-only variants on a LocalCluster")
    parser.add_argument("--workers", type=int, default=2, help="the LocalCluster's worker processes")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"derive variants of {PROBLEM.name} on {cores} cores; load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        solve = lambda: timed(["solve", str(PROBLEM), "-o", "solo"], tmp)
        if args.count:
            beside = solve()
            wall, cpu = timed(["variants", str(PROBLEM), "--count", str(args.count), "-o", "pdf"], tmp)
            line(f"{args.count} variants with question and answer PDFs", wall / args.count, "s per variant", wall,
                 cpu, cores, beside)
            print(f"  {'':<44} {cpu / cores / args.count:8.2f} s per variant on idle cores (CPU / cores)")
        if args.json_count:
            beside = solve()
            wall, cpu = timed(["variants", str(PROBLEM), "--count", str(args.json_count), "-o", "json",
                               "--json-only"], tmp)
            line(f"{args.json_count} JSON-only variants", args.json_count / wall, "variants per s", wall, cpu,
                 cores, beside)
            print(f"  {'':<44} {args.json_count / (cpu / cores):8.2f} variants per s on idle cores (CPU / cores)")
        if args.cluster_count:
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                beside = solve()
                before = worker_cpu(client)
                wall, cpu = timed(["variants", str(PROBLEM), "--count", str(args.cluster_count), "-o", "cluster",
                                   "--json-only", "--scheduler", cluster.scheduler_address], tmp)
                cpu += worker_cpu(client) - before
            line(f"{args.cluster_count} JSON-only variants, LocalCluster of {args.workers}", args.cluster_count / wall,
                 "variants per s", wall, cpu, cores, beside)
            print(f"  {'':<44} {args.cluster_count / (cpu / cores):8.2f} variants per s on idle cores (CPU / cores; "
                  f"the workers' start-up not included)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
