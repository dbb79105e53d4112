"""derive variants and derive grade on a Dask cluster (--scheduler): a LocalCluster of 2 workers in this process,
the real CLI as a client; the files are byte for byte those of a run made one by one and in the local pool."""
import csv
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, requires

CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
pytestmark = requires("cluster")


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "derive", *args], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=1800)


def all_bytes(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scheduler():
    """A cluster of 2 workers (threads of this process, over TCP so that the CLI can reach them)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None,
                      host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


def made_three_ways(tmp_path, scheduler, *options):
    """The variants' files made one by one, in the local pool of 2 processes and on the cluster."""
    folders = {}
    for name, how in (("one", ["--jobs", "1"]), ("pool", ["--jobs", "2"]), ("cluster", ["--scheduler", scheduler])):
        made = run(["variants", str(CLASS), "--count", "4", "-o", name, *options, *how], tmp_path)
        assert made.returncode == 0, made.stderr
        folders[name] = all_bytes(tmp_path / name)
    return folders


@pytest.mark.slow
@pytest.mark.sample
def test_json_variants_on_a_cluster_are_those_made_here(tmp_path, scheduler):
    folders = made_three_ways(tmp_path, scheduler, "--json-only")
    assert len(folders["one"]) == 4 * 3 + 1
    assert folders["one"] == folders["pool"] == folders["cluster"]


@pytest.mark.slow
@requires("tex")
def test_sheets_and_marked_sheets_on_a_cluster_are_those_made_here(tmp_path, scheduler):
    folders = made_three_ways(tmp_path, scheduler)
    assert sum(name.endswith(".pdf") for name in folders["one"]) == 4 * 2
    assert folders["one"] == folders["pool"] == folders["cluster"]
    subs = tmp_path / "subs"
    subs.mkdir()
    for student in ("v001", "v003"):
        (subs / f"{student}.toml").write_text('"it1.loss" = 0.5\n')
    (subs / "v004.toml").write_text("[[[\n")  # broken, not TOML: its reason names the file
    graded = {}
    for name, how in (("here", ["--jobs", "1"]), ("there", ["--scheduler", scheduler])):
        # absolute paths, as the workers of a real cluster need (they read the files): the same reasons here
        result = run(["grade", str(tmp_path / "one"), "--claims", str(subs), "-o", f"{name}.csv", "--marked", name,
                      *how], tmp_path)
        assert result.returncode == 0, result.stderr
        graded[name] = (tmp_path / f"{name}.csv").read_text().replace(f"{name}/", ""), all_bytes(tmp_path / name)
    assert graded["here"] == graded["there"] and sorted(graded["here"][1]) == ["v001-marked.pdf", "v003-marked.pdf"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(graded["there"][0]))}
    assert rows["v004"]["status"] == "broken" and rows["v004"]["reason"].startswith(f"{subs}/v004.toml")


def test_a_scheduler_nobody_runs_is_one_line(tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for address in (f"tcp://127.0.0.1:{port}", "no-port-here"):
        result = run(["variants", str(CLASS), "--count", "2", "-o", "v", "--json-only", "--scheduler", address],
                     tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.startswith("derive: error: --scheduler: expected the address of a running Dask "
                                        "scheduler") and len(result.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "v").exists()


@pytest.mark.slow
def test_workers_running_other_code_are_refused(tmp_path):
    """A worker importing a copy of derive with one line changed: its files could differ, so none are made."""
    from distributed import Client, LocalCluster

    from conftest import fresh_copy

    other = fresh_copy(tmp_path / "other")
    vary = other / "derive" / "classroom" / "vary.py"
    vary.write_text(vary.read_text() + "\n# another version\n")
    with LocalCluster(n_workers=0, processes=False, protocol="tcp", dashboard_address=None,
                      host="127.0.0.1") as cluster:
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
                                   "--nthreads", "1", "--no-nanny", "--no-dashboard"], cwd=other,
                                  env=dict(os.environ, PYTHONPATH=str(other)), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            with Client(cluster.scheduler_address) as client:
                client.wait_for_workers(1, timeout=300)
            result = run(["variants", str(CLASS), "--count", "2", "-o", "v", "--json-only", "--scheduler",
                          cluster.scheduler_address], tmp_path)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("derive: error: --scheduler: expected workers that run this derive")
    assert not (tmp_path / "v").exists()
