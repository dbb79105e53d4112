"""Options of the problem file used together: norm layers with frozen parameters, the x·W layout with norm layers."""
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np

from derive.problem import spec
from derive.engine.pipeline import solve_file

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

