"""Running one job per student in a pool of processes over every core (or on a Dask cluster), with a progress bar
on a terminal."""
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed


def cores():
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(work, jobs, crashed, workers=None, label="", scheduler=None, deliver=None):
    """[work(job) for job in jobs], computed in `workers` processes (default and at most: every core), in the
    jobs' order (more processes than cores would only share them, each with its own memory).

    `work` reports its own failures in its result; a worker process that dies (killed, out of memory) gives
    crashed(job, error) for its job, and the other jobs still finish. With `scheduler` (a Dask scheduler's
    address) the jobs run on that cluster instead, and deliver(result) does on this machine what the job left
    to it (writing its files), returning the result."""
    bar = progress(len(jobs), label)
    if scheduler is not None:
        from . import cluster

        try:
            return cluster.run(work, jobs, crashed, scheduler, bar, deliver or (lambda result: result))
        finally:
            bar.close()
    workers = max(1, min(workers or cores(), cores(), len(jobs)))
    results = [None] * len(jobs)
    try:
        if workers == 1:
            for n, job in enumerate(jobs):
                results[n] = work(job)
                bar.update(1)
            return results
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(work, job): n for n, job in enumerate(jobs)}
            try:
                for future in as_completed(futures):
                    n = futures[future]
                    try:
                        results[n] = future.result()
                    except Exception as err:  # the process died: BrokenProcessPool
                        results[n] = crashed(jobs[n], err)
                    bar.update(1)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        return results
    finally:
        bar.close()


class _Silent:
    """No progress bar: the output is not a terminal (or tqdm, a core dependency, is missing from a bare copy)."""

    def update(self, n=1):
        pass

    def close(self):
        pass


def progress(total, label):
    """A tqdm bar on stderr when stderr is a terminal, else nothing at all."""
    if total < 2 or not sys.stderr.isatty():
        return _Silent()
    try:
        from tqdm import tqdm
    except ImportError:
        return _Silent()
    return tqdm(total=total, desc=label, unit="", file=sys.stderr, dynamic_ncols=True,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]")
