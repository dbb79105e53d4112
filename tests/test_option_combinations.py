"""Options of the problem file used together: norm layers with frozen parameters, the x·W layout with norm layers."""
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from conftest import requires
from derive import spec
from derive.pipeline import solve_file

ROOT = Path(__file__).resolve().parent.parent
BATCHNORM = ROOT / "derive" / "problems" / "batchnorm.toml"


def _write(tmp_path, raw_text, name="p.toml"):
    path = tmp_path / name
    path.write_text(raw_text)
    return path


def test_frozen_parameters_beside_a_dropout_mask_and_batch_norm(tmp_path):
    """freeze names do not stand in for the sample count the masks are checked against; frozen γ and b stay."""
    text = BATCHNORM.read_text().replace('kind = "sgd"', 'kind = "sgd"\nfreeze = ["gamma", "b"]', 1)
    assert "freeze" in text
    problem = spec.load(_write(tmp_path, text))
    assert problem.optimizer.freeze == ("b", "gamma")
    trace = solve_file(_write(tmp_path, text))
    raw = tomllib.loads(text)
    np.testing.assert_array_equal(trace.value("final.gamma"), np.asarray(raw["init"]["gamma"], dtype=float))
    np.testing.assert_array_equal(trace.value("final.b"), trace.value("it1.b"))
    assert not np.allclose(trace.value("final.beta"), trace.value("it1.beta"))


def test_row_layout_with_a_norm_layer_is_refused(tmp_path):
    text = BATCHNORM.read_text().replace("[network]\n", '[network]\nlayout = "xW"\n', 1)
    assert 'layout = "xW"' in text
    path = _write(tmp_path, text)
    out = subprocess.run([sys.executable, "-m", "derive", "solve", str(path), "-o", str(tmp_path / "out"), "--json-only"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "network.layout" in out.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@requires("tex")
def test_a_weight_wider_than_thirty_columns_compiles(tmp_path):
    """A 39-input layer: its 1 x 39 weight is printed as one matrix row in the statement and the steps."""
    import problem_factory as pf

    raw = {"title": "A wide input", "network": {"inputs": 39, "layers": [
        {"units": 1, "activation": "sigmoid", "weight": "W", "bias": "b"}]},
        "loss": {"kind": "bce"}, "data": {"x": [[0.1 * (k % 5) for k in range(39)]], "y": [1]},
        "init": {"W": [[0.01 * (k % 7 - 3) for k in range(39)]], "b": [0.0]},
        "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 1}}
    path = pf.write_problem(tmp_path, raw, "wide")
    out = subprocess.run([sys.executable, "-m", "derive", "solve", str(path), "-o", str(tmp_path / "out"), "--pdf"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out" / "wide.pdf").read_bytes().startswith(b"%PDF")
