"""The command line end to end: solve, keys, gradcheck, the no-argument default, the console script.

Every test runs the real CLI with cwd a tmp folder, so nothing lands in the repo: in this process (the exit code
and messages are the same), and as a real process for the console script.
The PDF is compiled once (the no-argument run); every other solve uses --no-pdf or --json-only.
"""

import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from cli_runner import derive_cli
from conftest import derive_script, in_ci, need

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def run(args, cwd, program=None):
    """`derive ARGS` in this process; with program (a command), that program in a fresh process."""
    if program is None:
        return derive_cli(args, cwd)
    return subprocess.run([*program, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """`solve hw2.toml -o out --no-pdf` run twice in one folder; the bytes after each run."""
    cwd = tmp_path_factory.mktemp("solve")
    shutil.copy(HW2, cwd / "hw2.toml")
    first = run(["solve", "hw2.toml", "-o", "out", "--no-pdf"], cwd)
    assert first.returncode == 0, first.stderr
    first_bytes = {p: (cwd / "out" / p).read_bytes() for p in files_under(cwd / "out")}
    second = run(["solve", "hw2.toml", "-o", "out", "--no-pdf"], cwd)
    second_bytes = {p: (cwd / "out" / p).read_bytes() for p in files_under(cwd / "out")}
    return cwd, first, first_bytes, second, second_bytes


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    """`derive` with no arguments in an empty folder (the default run's one PDF compile); `python -m derive` as a
    process is test_fuzz's and test_safety's, the console script below."""
    cwd = tmp_path_factory.mktemp("default")
    return cwd, run([], cwd)


def test_solve_no_pdf_writes_json_and_tex(solved):
    cwd, first, first_bytes, _, _ = solved
    assert sorted(first_bytes) == ["hw2.json", "hw2.tex"]
    assert first.stdout.splitlines() == [f"wrote {Path('out', 'hw2.json')}", f"wrote {Path('out', 'hw2.tex')}"]
    assert "Traceback" not in first.stderr
    assert files_under(cwd) == ["hw2.toml", "out", "out/hw2.json", "out/hw2.tex"]
    tex = first_bytes["hw2.tex"].decode("utf-8")
    assert "\\documentclass" in tex and "\\end{document}" in tex


def test_json_holds_problem_and_quantities(solved):
    data = json.loads(solved[2]["hw2.json"])
    assert set(data) == {"problem", "quantities"}
    assert data["problem"] == tomllib.loads(HW2.read_text(encoding="utf-8"))
    q = data["quantities"]
    assert round(q["it1.loss"], 5) == 0.69968
    # weights are lists of rows, biases flat lists, per-sample losses plain numbers
    assert q["it1.W"] == [[0.8, 0.2, -0.5], [-0.3, 0.2, 0.1]]
    assert q["it1.u"] == [[0.1, -0.1]]
    assert q["it1.b1"] == [0.0, -0.1] and q["it1.b2"] == [0.1]
    for key in ("it2.grad.W", "final.W", "it1.state.v.W"):
        assert len(q[key]) == 2 and all(len(row) == 3 and all(isinstance(v, float) for v in row) for row in q[key])
    for key in ("it2.grad.b1", "final.b1", "final.b2"):
        assert isinstance(q[key], list) and all(isinstance(v, float) for v in q[key])
    for i in (1, 2, 3):
        assert isinstance(q[f"it1.s{i}.loss"], float)
    assert q["it1.loss"] == pytest.approx(sum(q[f"it1.s{i}.loss"] for i in (1, 2, 3)) / 3, rel=1e-12)
    assert not any(k.startswith("data.") for k in q)


def test_second_identical_run_is_byte_identical(solved):
    _, _, first_bytes, second, second_bytes = solved
    assert second.returncode == 0, second.stderr
    assert second_bytes == first_bytes


def test_json_only_writes_only_the_json(tmp_path):
    shutil.copy(HW2, tmp_path / "hw2.toml")
    result = run(["solve", "hw2.toml", "-o", "out", "--json-only"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path / "out") == ["hw2.json"]
    assert round(json.loads((tmp_path / "out" / "hw2.json").read_text())["quantities"]["it1.loss"], 5) == 0.69968


def test_keys_lists_keys_with_shapes(tmp_path):
    result = run(["keys", str(HW2)], tmp_path)
    assert result.returncode == 0, result.stderr
    shapes = dict(line.split("\t") for line in result.stdout.splitlines())
    assert shapes["it1.W"] == "2 x 3"
    assert shapes["it1.u"] == "1 x 2"
    assert shapes["it1.b1"] == "2"
    assert shapes["it1.s1.loss"] == "scalar"
    assert shapes["it1.loss"] == "scalar"
    assert shapes["it2.grad.W"] == "2 x 3"
    assert shapes["final.W"] == "2 x 3"
    assert shapes["it1.state.v.W"] == "2 x 3"
    assert not any(k.startswith(("data.", "it0.")) for k in shapes)
    assert files_under(tmp_path) == []


def test_gradcheck_agrees(tmp_path):
    result = run(["gradcheck", str(HW2)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert "gradients agree" in last, last
    for param in ("W", "b1", "u", "b2"):
        assert f"{param}  (iteration 1)" in result.stdout
    assert files_under(tmp_path) == []


def test_no_arguments_solves_bundled_hw2_into_build(default_run):
    cwd, result = default_run
    assert result.returncode == 0, result.stderr
    expected = ["build/hw2.json", "build/hw2.tex"]
    if in_ci():
        need("tex")  # CI must make the PDF
    if shutil.which("pdflatex"):
        expected.append("build/hw2.pdf")
        assert (cwd / "build" / "hw2.pdf").read_bytes().startswith(b"%PDF")
    assert [f for f in files_under(cwd) if f != "build"] == sorted(expected)
    assert "Traceback" not in result.stderr


def test_no_arguments_gives_the_same_json_and_tex_as_solve(default_run, solved):
    cwd, _ = default_run
    for name in ("hw2.json", "hw2.tex"):
        assert (cwd / "build" / name).read_bytes() == solved[2][name]


def test_console_script_does_what_python_m_derive_does(tmp_path, default_run):
    """The `derive` script from `pip install -e .`: the default solve (its JSON only: the sheet is the default run's)."""
    need("derive-script")
    script = derive_script()
    result = run(["solve", "--json-only"], tmp_path, program=(script,))
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path) == ["build", "build/hw2.json"]
    cwd, _ = default_run
    assert (tmp_path / "build" / "hw2.json").read_bytes() == (cwd / "build" / "hw2.json").read_bytes()


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("args", [["--help"], ["solve", "--help"], ["keys", "--help"], ["gradcheck", "--help"]])
def test_help_exits_0(tmp_path, args):
    result = run(args, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: derive")
    assert files_under(tmp_path) == []


def test_output_folder_that_cannot_be_made_is_one_line_exit_2(tmp_path):
    (tmp_path / "out").write_text("a file, not a folder\n")
    result = run(["solve", str(HW2), "-o", "out", "--no-pdf"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("derive: error: out: expected an output folder") and result.stderr.count("\n") == 1
    assert files_under(tmp_path) == ["out"]
    assert (tmp_path / "out").read_text() == "a file, not a folder\n"
