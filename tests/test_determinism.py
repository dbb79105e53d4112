"""Reproducible outputs: the same problem gives byte-identical .tex and .json on every run, whatever the hash
seed, the working folder or the output folder; the PDF too (it holds no date, no ID and no path)."""
import os
import subprocess
import sys

import pytest

from conftest import HW2, ROOT, requires
from derive.forms.answer import solve_to
from problem_factory import random_problem, write_problem


def _outputs(folder, stem, suffixes=(".json", ".tex")):
    return {s: (folder / f"{stem}{s}").read_bytes() for s in suffixes}


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    """hw2 and a random softmax/Adam/mini-batch problem with custom names (two units a layer: SymPy's check of a
    wider softmax's composed loss takes seconds, and is not what this module is about)."""
    folder = tmp_path_factory.mktemp("problems")
    other = random_problem(7, activations=["tanh", "softmax"], loss="ce", optimizer="adam", batch=2, iterations=3,
                           max_units=2, max_inputs=2)
    return [HW2, write_problem(folder, other, name="other")]


@pytest.mark.parametrize("which", [pytest.param(0, marks=pytest.mark.slow), 1],  # hw2's twice: test_cli.py too
                         ids=["hw2", "other"])
def test_two_runs_write_identical_bytes(tmp_path, problems, which):
    for path in problems[which:which + 1]:
        first = solve_to(path, tmp_path / "a", pdf=False)
        solve_to(path, tmp_path / "b", pdf=False)
        assert len(first.written) == 2
        a, b = _outputs(tmp_path / "a", path.stem), _outputs(tmp_path / "b", path.stem)
        assert a == b
        for data in a.values():  # no trace of where the files were
            assert str(tmp_path).encode() not in data and str(path.parent).encode() not in data


@pytest.mark.slow
def test_hash_seed_and_folders_do_not_change_a_byte(tmp_path, problems):
    path = problems[1]
    runs = []
    for seed, cwd in (("0", tmp_path), ("4242", ROOT)):
        out = tmp_path / f"out-{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        run = subprocess.run([sys.executable, "-m", "derive", "solve", str(path), "-o", str(out), "--no-pdf"],
                             cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        runs.append(_outputs(out, path.stem))
    solve_to(path, tmp_path / "in-process", pdf=False)
    assert runs[0] == runs[1] == _outputs(tmp_path / "in-process", path.stem)


@requires("tex")
@pytest.mark.slow
def test_the_pdf_is_byte_identical_too(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    solve_to(HW2, tmp_path / "a", pdf=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the PDF holds no date at all
    solve_to(HW2, tmp_path / "b", pdf=True)
    a, b = (_outputs(tmp_path / d, "hw2", (".pdf",))[".pdf"] for d in "ab")
    assert a == b
    assert b"/CreationDate" not in a and b"/ID" not in a and b"derive-tex-" not in a
