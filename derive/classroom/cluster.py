"""Running a class's jobs on a Dask distributed cluster (the optional extra derive[cluster]): the workers compute,
this process writes what they return, so the outputs are those of a run on this machine, byte for byte."""
import hashlib
import socket
from pathlib import Path

from ..errors import InputError

CONNECT_SECONDS = 20
CHUNK = 8  # jobs per task: the scheduler's work per task is paid once per chunk, and results still stream back
INSTALL = "dask.distributed, which derive[cluster] installs (pip install 'derive[cluster]')"


def client(address):
    """A Dask client of the scheduler at `address` (tcp://host:8786), or an InputError naming --scheduler."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler", None, INSTALL, "not installed") from None
    try:
        _reachable(address)
        return Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        raise InputError("--scheduler", None, "the address of a running Dask scheduler, such as tcp://host:8786",
                         f"{address!r} ({type(err).__name__}: {' '.join(str(err).split())[:200]})") from None


def _reachable(address):
    """Raise OSError at once when nothing listens at a TCP address (Dask's client would retry until its timeout)."""
    from distributed.comm import parse_address, parse_host_port

    scheme, location = parse_address(address)
    if scheme in ("tcp", "tls"):
        socket.create_connection(parse_host_port(location), timeout=CONNECT_SECONDS).close()


def fingerprint():
    """A digest of derive's own code, as this process imported it: the workers must run the same code."""
    from ..display.render import TEMPLATES

    digest = hashlib.sha256()
    for folder in dict.fromkeys((Path(__file__).resolve().parent.parent, TEMPLATES)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _same_code(dask):
    """InputError unless every worker imports the derive this process runs (else the outputs would differ)."""
    here = fingerprint()
    try:
        there = dask.run(fingerprint)
    except Exception as err:  # a worker without derive, or with one that has no such function
        raise InputError("--scheduler", None, "workers that run this derive (install the same version on them)",
                         f"workers that cannot run it ({type(err).__name__}: {' '.join(str(err).split())[:200]})")
    if not there:
        raise InputError("--scheduler", None, "a Dask scheduler with workers", "a scheduler without any")
    others = sorted(worker for worker, digest in there.items() if digest != here)
    if others:
        raise InputError("--scheduler", None, "workers that run this derive (install the same version on them)",
                         f"{len(others)} of {len(there)} workers with other code ({others[0]})")


def run(work, jobs, crashed, address, bar, deliver):
    """[deliver(work(job)) for job in jobs], each work(job) on a worker of the cluster, deliver on this machine,
    in the jobs' order; a job whose worker died (or that the cluster lost) gives crashed(job, error)."""
    from distributed import as_completed

    results = [None] * len(jobs)
    chunks = [range(start, min(start + CHUNK, len(jobs))) for start in range(0, len(jobs), CHUNK)]
    with client(address) as dask:
        _same_code(dask)
        # every chunk runs, even two with equal arguments (pure=False)
        futures = dask.map(each, [work] * len(chunks), [[jobs[n] for n in chunk] for chunk in chunks], pure=False)
        index = {future.key: chunk for future, chunk in zip(futures, chunks)}
        try:
            for future in as_completed(futures):
                chunk = index[future.key]
                try:
                    done = future.result()
                except Exception as err:  # the worker died, or the scheduler gave up on the chunk (KilledWorker)
                    done = [crashed(jobs[n], err) for n in chunk]
                else:
                    done = [deliver(result) for result in done]
                for n, result in zip(chunk, done):
                    results[n] = result
                future.release()  # its files are written: the cluster may forget them
                bar.update(len(chunk))
        except BaseException:
            dask.cancel(futures)
            raise
    return results


def each(work, jobs):
    """[work(job) for job in jobs]: one task of the cluster."""
    return [work(job) for job in jobs]
