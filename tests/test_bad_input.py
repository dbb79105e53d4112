"""Bad problem files: one line naming the file, the key and what was expected; exit 2; no traceback; nothing written.

Every case runs derive's CLI (`derive solve FILE -o out --no-pdf`, in this process: tests/cli_runner.py) in a
fresh tmp folder. Each broken file is the bundled hw2 problem (or a ce / mse variant of it) with one edit; the
unedited bases solve cleanly (control tests), so each failure comes from its edit. The runs of the module are made
once, by a fixture, and read by its tests.
"""

import copy
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from problem_factory import to_toml  # noqa: E402
from cli_runner import derive_cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
HW2_TEXT = HW2.read_text(encoding="utf-8")
HW2_DICT = tomllib.loads(HW2_TEXT)


def _ce_variant():
    """hw2 with a 2-unit softmax output and cross-entropy: one-hot label rows."""
    d = copy.deepcopy(HW2_DICT)
    d["network"]["layers"][1].update(units=2, activation="softmax")
    d["loss"]["kind"] = "ce"
    d["data"]["y"] = [[1, 0], [0, 1], [0, 1]]
    d["init"]["u"] = [[0.1, -0.1], [0.2, 0.3]]
    d["init"]["b2"] = [0.1, -0.2]
    return d


def _mse_variant():
    """hw2 with a 2-unit linear output and mean squared error: label rows of 2 numbers."""
    d = copy.deepcopy(HW2_DICT)
    d["network"]["layers"][1].update(units=2, activation="linear")
    d["loss"]["kind"] = "mse"
    d["data"]["y"] = [[1.0, 0.5], [0.0, -0.5], [0.2, 0.0]]
    d["init"]["u"] = [[0.1, -0.1], [0.2, 0.3]]
    d["init"]["b2"] = [0.1, -0.2]
    return d


BASES = {"hw2": HW2_DICT, "ce": _ce_variant(), "mse": _mse_variant()}


def run(args, cwd):
    return derive_cli(args, cwd)


# ---- builders: each writes the broken input into tmp_path and returns the name to pass to the CLI

def edit(change, base="hw2"):
    """A problem dict from `base`, changed in place by `change`, written with the TOML writer."""

    def build(tmp_path):
        d = copy.deepcopy(BASES[base])
        change(d)
        (tmp_path / "p.toml").write_text(to_toml(d), encoding="utf-8")
        return "p.toml"

    return build


def replace(old, new):
    """The hw2 text with one literal replacement (for things the dict writer cannot express)."""
    assert HW2_TEXT.count(old) == 1, old

    def build(tmp_path):
        (tmp_path / "p.toml").write_text(HW2_TEXT.replace(old, new), encoding="utf-8")
        return "p.toml"

    return build


def raw_bytes(data, name="p.toml"):
    def build(tmp_path):
        (tmp_path / name).write_bytes(data)
        return name

    return build


def missing_file(tmp_path):
    return "missing.toml"


def directory(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    return "folder.toml"


def delete(*path):
    def change(d):
        for k in path[:-1]:
            d = d[k]
        del d[path[-1]]

    return change


def put(value, *path):
    def change(d):
        for k in path[:-1]:
            d = d[k]
        d[path[-1]] = value

    return change


def layer(l, **values):
    """Set keys of layer l (1-based)."""
    return lambda d: d["network"]["layers"][l - 1].update(values)


# (id, builder, what must appear in the message after the file name: "<key>: expected")
CASES = [
    # missing sections and keys
    ("missing-network", edit(delete("network")), "network: expected"),
    ("missing-loss", edit(delete("loss")), "loss: expected"),
    ("missing-data", edit(delete("data")), "data: expected"),
    ("missing-init", edit(delete("init")), "init: expected"),
    ("missing-optimizer", edit(delete("optimizer")), "optimizer: expected"),
    ("missing-init.W", edit(delete("init", "W")), "init.W: expected"),
    ("missing-optimizer.lr", edit(delete("optimizer", "lr")), "optimizer.lr: expected"),
    ("missing-activation", edit(lambda d: d["network"]["layers"][1].pop("activation")),
     "network.layers[2].activation: expected"),
    # wrong shapes
    ("W-wrong-shape", edit(put([[0.8, 0.2], [-0.3, 0.2], [0.1, 0.0]], "init", "W")), "init.W: expected 2 rows of 3"),
    ("W-ragged-rows", edit(put([[0.8, 0.2, -0.5], [-0.3, 0.2]], "init", "W")), "init.W: expected 2 rows of 3"),
    ("x-wrong-columns", edit(put([[1, 0], [0.1, 0.8], [0, 1]], "data", "x")), "data.x: expected 3 rows of 3"),
    # not a number, NaN, infinity, bool
    ("string-in-W", edit(put([[0.8, "0.2", -0.5], [-0.3, 0.2, 0.1]], "init", "W")), "init.W[1,2]: expected a number"),
    ("string-lr", edit(put("0.1", "optimizer", "lr")), "optimizer.lr: expected a number"),
    ("nan-lr", edit(put(float("nan"), "optimizer", "lr")), "optimizer.lr: expected a finite number"),
    ("inf-in-x", edit(put([[1, 0, 0.8], [0.1, 0.8, float("inf")], [0, 1, 0.6]], "data", "x")),
     "data.x[2,3]: expected a finite number"),
    ("bool-lr", edit(put(True, "optimizer", "lr")), "optimizer.lr: expected a number"),
    ("bool-in-W", edit(put([[True, 0.2, -0.5], [-0.3, 0.2, 0.1]], "init", "W")), "init.W[1,1]: expected a number"),
    ("huge-integer-lr", replace("lr = 0.1", "lr = 1" + "0" * 400), "optimizer.lr: expected a finite number"),
    ("overflow-in-computation", edit(put([[1.7e308, 1.7e308, -1.7e308], [0.1, 0.8, 1], [0, 1, 0.6]], "data", "x")),
     "it1.s1.z: expected a finite value"),
    # activations and losses
    ("unknown-activation", edit(layer(1, activation="gelu")), "network.layers[1].activation: expected one of"),
    ("unknown-loss", edit(put("hinge", "loss", "kind")), "loss.kind: expected one of"),
    ("softmax-on-hidden-layer", edit(layer(1, activation="softmax")),
     "network.layers[1].activation: expected softmax only at the last layer"),
    ("ce-after-sigmoid", edit(put("ce", "loss", "kind")), "loss.kind: expected ce with a softmax"),
    # labels that do not fit the loss
    ("bce-label-2", edit(put([1, 2, 0], "data", "y")), "data.y[2]: expected a label 0 or 1"),
    ("ce-not-one-hot", edit(put([[1, 0], [0.5, 0.5], [0, 1]], "data", "y"), "ce"), "data.y[2]: expected a one-hot row"),
    ("mse-row-too-long", edit(put([[1.0, 0.5], [0.0, -0.5, 1.0], [0.2, 0.0]], "data", "y"), "mse"),
     "data.y: expected 3 rows of 2"),
    ("mse-rows-too-short", edit(put([[1.0], [0.0], [0.2]], "data", "y"), "mse"), "data.y: expected 3 rows of 2"),
    # optimizer settings
    ("iterations-0", edit(put(0, "optimizer", "iterations")), "optimizer.iterations: expected a whole number"),
    ("lr-0", edit(put(0, "optimizer", "lr")), "optimizer.lr: expected a number > 0"),
    ("lr-minus-1", edit(put(-1, "optimizer", "lr")), "optimizer.lr: expected a number > 0"),
    ("momentum-1.5", edit(put(1.5, "optimizer", "momentum")), "optimizer.momentum: expected a number in [0, 1)"),
    ("batch-0", edit(put(0, "optimizer", "batch")), "optimizer.batch: expected"),
    ("unknown-optimizer", edit(put("lbfgs", "optimizer", "kind")), "optimizer.kind: expected one of"),
    ("unknown-optimizer-setting", edit(put(0.9, "optimizer", "beta1")), "optimizer.beta1: expected a setting of momentum"),
    # names
    ("duplicate-layer-name", edit(layer(2, weight="W")), "network.layers[2].weight: expected a name not used"),
    ("identifier-with-dash", edit(layer(1, weight="W-1")), "network.layers[1].weight: expected a name"),
    ("identifier-latex-command", edit(layer(1, pre="\\input")), "network.layers[1].pre: expected a name"),
    ("unknown-init-parameter", edit(put([1.0], "init", "c")), "init.c: expected only the network's weights"),
    ("unknown-top-level-section", edit(put({"a": 1}, "extra")), "extra: expected only title"),
    # the file itself
    ("file-does-not-exist", missing_file, "missing.toml: expected a readable problem file"),
    ("file-is-a-directory", directory, "folder.toml: expected a readable problem file"),
    ("non-utf8-bytes", raw_bytes(HW2_TEXT.encode("utf-8").replace(b"Two", b"T\xff\xfeo")), "p.toml: expected UTF-8"),
    ("toml-syntax-error", replace("lr = 0.1", "lr = = 0.1"), "p.toml: expected a TOML file"),
]


def files_under(folder):
    """The files (not folders) under folder: a failed run may leave an empty output folder, no file."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


def assert_one_line_error(result, name, needle):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.rstrip("\n")
    assert line.startswith("derive: error: "), line
    assert line.startswith(f"derive: error: {name}: "), line
    assert needle in line, line


def _jobs(tmp):
    """Every CLI run of this module: (id, folder, file name passed, argv), each in its own folder."""
    jobs = []
    for base in sorted(BASES):
        folder = tmp / f"base-{base}"
        folder.mkdir()
        edit(lambda d: None, base)(folder)
        jobs.append((f"base-{base}", folder, "p.toml", ["solve", "p.toml", "-o", "out", "--json-only"]))
    for case_id, build, _ in CASES:
        folder = tmp / case_id
        folder.mkdir()
        name = build(folder)
        jobs.append((case_id, folder, name, ["solve", name, "-o", "out", "--no-pdf"]))
    for command, case_id in OTHER_COMMANDS:
        folder = tmp / f"{command}-{case_id}"
        folder.mkdir()
        name = next(c for c in CASES if c[0] == case_id)[1](folder)
        jobs.append((f"{command}-{case_id}", folder, name, [command, name]))
    folder = tmp / "previous-output"
    folder.mkdir()
    edit(put(0, "optimizer", "lr"))(folder)
    (folder / "out").mkdir()
    for name, data in PREVIOUS.items():
        (folder / "out" / name).write_bytes(data)
    jobs.append(("previous-output", folder, "p.toml", ["solve", "p.toml", "-o", "out"]))
    return jobs


OTHER_COMMANDS = [("keys", "lr-0"), ("gradcheck", "softmax-on-hidden-layer")]
PREVIOUS = {"p.json": b'{"earlier": "run"}\n', "p.tex": b"\\documentclass{article}\r\n\xff"}


def _job_of(item):
    """The id of the job a test of this module reads."""
    params = item.callspec.params if hasattr(item, "callspec") else {}
    if "base" in params:
        return f"base-{params['base']}"
    if "case_id" in params:
        return params["case_id"]
    if "command" in params:
        return f"{params['command']}-{params['case']}"
    return "previous-output"


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory):
    """Run the jobs of the selected tests, each in its own folder."""
    needed = {_job_of(item) for item in request.session.items if item.module is request.module}
    jobs = [job for job in _jobs(tmp_path_factory.mktemp("bad_input")) if job[0] in needed]
    before = {job[0]: files_under(job[1]) for job in jobs}
    results = {job[0]: run(job[3], job[1]) for job in jobs}
    return {job[0]: Run(job[1], job[2], before[job[0]], results[job[0]]) for job in jobs}


@dataclass
class Run:
    folder: Path
    name: str  # the file name given to the CLI
    before: list  # the folder's files before the run
    result: subprocess.CompletedProcess


@pytest.mark.parametrize("base", sorted(BASES))
def test_unedited_bases_solve(runs, base):
    """Control: the files the cases break are valid as they are."""
    r = runs[f"base-{base}"]
    assert r.result.returncode == 0, r.result.stderr
    assert (r.folder / "out" / "p.json").is_file()


@pytest.mark.parametrize("case_id, needle", [(c[0], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_exit_2_nothing_written(runs, case_id, needle):
    r = runs[case_id]
    assert_one_line_error(r.result, r.name, needle)
    out = r.folder / "out"
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))
    assert files_under(r.folder) == r.before


def test_previous_output_is_left_untouched(runs):
    """A failed solve leaves the files of an earlier run exactly as they were."""
    r = runs["previous-output"]
    assert_one_line_error(r.result, "p.toml", "optimizer.lr: expected a number > 0")
    out = r.folder / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted(PREVIOUS)
    for name, data in PREVIOUS.items():
        assert (out / name).read_bytes() == data
    assert files_under(r.folder) == r.before


@pytest.mark.parametrize("command, case", OTHER_COMMANDS)
def test_other_commands_report_bad_input_the_same_way(runs, command, case):
    r = runs[f"{command}-{case}"]
    assert_one_line_error(r.result, r.name, next(c[2] for c in CASES if c[0] == case))
    assert files_under(r.folder) == r.before
