"""Property tests: generated problem files, valid and broken, through the real CLI. Every run ends with its
outputs or with exit 2 and one line naming the key, never a traceback; valid problems' JSON gradients
agree with central finite differences of an independent NumPy reference.

DERIVE_FUZZ_EXAMPLES=500 runs more (random) examples; by default the examples are fixed (derandomized)."""
import copy
import io
import json
import math
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import reference
from conftest import ROOT
from derive.cli import main
from problem_factory import OPTIMIZER_KINDS, random_problem, to_toml

EXAMPLES = int(os.environ.get("DERIVE_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 300, derandomize=not EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def run_cli(argv):
    """derive's CLI in this process: (exit code, stdout, stderr); an exception it does not report escapes."""
    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get("DERIVE_DEBUG")
    os.environ["DERIVE_DEBUG"] = "1"  # an unreported exception is raised here, not turned into a line
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(argv)
    finally:
        if before is None:
            del os.environ["DERIVE_DEBUG"]
        else:
            os.environ["DERIVE_DEBUG"] = before
    return code, out.getvalue(), err.getvalue()


@st.composite
def problems(draw, max_units=3):
    """A random valid problem dict (tests/problem_factory.py) of a small network."""
    return random_problem(draw(st.integers(0, 2**32 - 1)), optimizer=draw(st.sampled_from(OPTIMIZER_KINDS)),
                          batch=draw(st.sampled_from(["full", "sample", None])), max_layers=2,
                          max_units=max_units, max_inputs=3, max_samples=3, iterations=draw(st.integers(1, 2)))


def _paths(value, path=()):
    """Every (path, value) inside nested dicts and lists, the root excluded."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield path + (key,), item
        yield from _paths(item, path + (key,))


def _key(path):
    """The key a message names for a path: network.layers[1].units, or init.W1 for an element of W1."""
    text = ""
    for prev, part in zip((None,) + path, path):
        if isinstance(part, str):
            text += ("." if text else "") + part
        elif prev == "layers":
            text += f"[{part + 1}]"
        else:
            break
    return text


def _set(d, path, value):
    for part in path[:-1]:
        d = d[part]
    if value is _DELETE:
        del d[path[-1]]
    else:
        d[path[-1]] = value


_DELETE = object()
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_NUMBERS = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True))
_HUGE = st.sampled_from([1e308, -1e308, 1e300, 3e200, 1e-320, 10**400, -(10**400), 2**64, 1e20, 7e2])


def _other_type(value):
    """Values of a type other than value's (a number for a list, a string for a number, ...)."""
    deep = st.integers(2, 60).map(lambda n: json.loads("[" * n + "]" * n))
    choices = {
        str: st.one_of(_NUMBERS, st.booleans(), st.lists(_NUMBERS, max_size=3), st.dictionaries(_TEXT, _NUMBERS, max_size=2)),
        list: st.one_of(_TEXT, st.booleans(), _NUMBERS, st.dictionaries(_TEXT, _TEXT, max_size=2)),
        dict: st.one_of(_TEXT, _NUMBERS, st.lists(_TEXT, max_size=3), deep),
    }
    kind = str if isinstance(value, str) else list if isinstance(value, list) else dict if isinstance(value, dict) \
        else None
    return choices.get(kind, st.one_of(_TEXT, st.booleans(), st.lists(_NUMBERS, max_size=2), deep))


@st.composite
def broken(draw):
    """(file bytes, the key the error must name or None, what was done) for a random defect of a valid problem."""
    d = draw(problems())
    paths = list(_paths(d))
    how = draw(st.sampled_from(["delete", "type", "shape", "empty", "duplicate", "huge", "bytes", "syntax", "deep"]))
    key = None
    if how == "delete":
        path, _ = draw(st.sampled_from(paths))
        _set(d, path, _DELETE)
    elif how == "type":
        path, value = draw(st.sampled_from(paths))
        _set(d, path, draw(_other_type(value)))
        key = _key(path)
    elif how == "shape":
        path, value = draw(st.sampled_from([(p, v) for p, v in paths if isinstance(v, list) and v
                                            and not isinstance(v[0], dict)]))
        _set(d, path, draw(st.sampled_from([value[:-1], value + value[-1:], [value], [[v] for v in value]])))
        key = "data." if path[:2] == ("data", "x") else _key(path)  # fewer rows of x: y has too many
    elif how == "empty":
        path = draw(st.sampled_from([("data", "x"), ("data", "y"), ("init",), ("network", "layers")]))
        _set(d, path, {} if path == ("init",) else [])
        key = _key(path) if path != ("init",) else "init."
    elif how == "duplicate":
        layers = d["network"]["layers"]
        roles = [(l, r) for l in range(len(layers)) for r in ("weight", "bias", "pre", "post")]
        (l1, r1), (l2, r2) = draw(st.permutations(roles))[:2]
        layers[l2][r2] = layers[l1].get(r1, {"weight": "W{}", "bias": "b{}", "pre": "z{}", "post": "a{}"}[r1].format(l1 + 1))
        key = "network.layers["
    elif how == "huge":
        path, _ = draw(st.sampled_from([(p, v) for p, v in paths if isinstance(v, (int, float))
                                        and not isinstance(v, bool)]))
        _set(d, path, draw(_HUGE))
    text = to_toml(d).encode("utf-8")
    if how == "bytes":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\x80abc", b"\xed\xa0\x80"])) + text[at:]
    elif how == "syntax":
        at = draw(st.integers(0, len(text)))
        text = draw(st.sampled_from([text[:at], text[:at] + draw(st.sampled_from([b"=", b"[", b"]]", b'"', b"{",
                                                                                  b"\nx =", b"\n[data]\n"])) + text[at:]]))
    elif how == "deep":
        n = draw(st.integers(100, 3000))
        text = text.replace(b"[network]", b"deep = " + b"[" * n + b"]" * n + b"\n[network]", 1)
    return text, key, how


def _check_run(code, out, err, folder, outdir, name):
    """The run wrote complete outputs (exit 0) or one line naming the file (exit 2) and nothing."""
    assert "Traceback" not in out + err
    if code == 0:
        data = json.loads((outdir / f"{name}.json").read_text(encoding="utf-8"))
        assert all(np.isfinite(np.asarray(v, dtype=float)).all() for v in data["quantities"].values())
        assert "NaN" not in (outdir / f"{name}.tex").read_text(encoding="utf-8")
        return None
    assert code == 2, (code, err)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith(f"derive: error: {folder / name}.toml") or err.startswith("derive: error: the input"), err
    assert not outdir.exists()
    return err


@FUZZ
@given(broken())
@pytest.mark.slow
def test_broken_problem_files_end_in_outputs_or_one_line_naming_the_key(case):
    text, key, how = case
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "p.toml").write_bytes(text)
        outdir = folder / "out"
        code, out, err = run_cli(["solve", str(folder / "p.toml"), "-o", str(outdir), "--no-pdf"])
        err_line = _check_run(code, out, err, folder, outdir, "p")
    event(f"{how}: exit {code}")
    if err_line is not None and key is not None:
        assert f"p.toml: {key}" in err_line, (how, key, err_line)
    if how in ("bytes",):
        assert code == 2 and "UTF-8" in err_line
    if how == "deep" and code == 2:
        assert "nested too deeply" in err_line or "deep" in err_line


@settings(FUZZ, max_examples=EXAMPLES or 150)
@given(broken(), st.sampled_from(["keys", "gradcheck", "claims"]))
@pytest.mark.slow
def test_every_command_that_reads_a_problem_file_reports_the_same_way(case, command):
    text, key, how = case
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.toml"
        path.write_bytes(text)
        code, out, err = run_cli([command, str(path)])
    assert "Traceback" not in out + err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("derive: error: "), err
    else:
        assert code in ((0, 1) if command == "gradcheck" else (0,)), (code, err)


@settings(FUZZ, max_examples=EXAMPLES or 100)
@given(problems())
@pytest.mark.slow
def test_json_gradients_agree_with_finite_differences_of_a_reference(problem):
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.toml"
        path.write_text(to_toml(problem), encoding="utf-8")
        code, out, err = run_cli(["solve", str(path), "-o", str(Path(tmp) / "out"), "--json-only"])
        assert code == 0, err
        quantities = json.loads((Path(tmp) / "out" / "p.json").read_text(encoding="utf-8"))["quantities"]
    t = problem["optimizer"]["iterations"]
    where = "lookahead." if problem["optimizer"]["kind"] == "nesterov" else ""
    params = {p: np.array(quantities[f"it{t}.{where}{p}"], dtype=float) for p in reference.param_names(problem)}
    samples = reference.batch_indices(problem, t)
    for layer in reference.layers(problem):  # central differences are wrong across relu's kink
        if layer["activation"] == "relu":
            assume(all(np.min(np.abs(quantities[f"it{t}.s{i + 1}.{layer['pre']}"])) > 1e-4 for i in samples))
    numeric = reference.finite_difference_grads(problem, params, samples)
    for p in params:
        np.testing.assert_allclose(np.array(quantities[f"it{t}.grad.{p}"]).reshape(params[p].shape), numeric[p],
                                   rtol=1e-5, atol=1e-7, err_msg=p)


@pytest.mark.parametrize("command, content", [
    ("solve", bytes(range(256)) * 4),
    ("keys", b"title = " + b"[" * 5000 + b"]" * 5000),
    ("gradcheck", b"title = 1979-05-27T07:32:00Z\n[network]\ninputs = 1e400\n"),
], ids=["binary", "deep", "datetime"])
@pytest.mark.slow
@pytest.mark.sample
def test_a_real_process_given_garbage_prints_one_line_and_exits_2(tmp_path, command, content):
    (tmp_path / "p.toml").write_bytes(content)
    run = subprocess.run([sys.executable, "-m", "derive", command, "p.toml"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("derive: error: "), run.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "p.toml"]


def test_toml_dates_and_times_are_refused_where_text_or_numbers_belong(tmp_path):
    base = to_toml(random_problem(1, max_layers=1))
    for old, new, key in (('title = "', 'title = 1979-05-27T07:32:00Z\nx_title = "', "title"),
                          ("lr = ", "lr = 07:32:00\nx_lr = ", "optimizer.lr")):
        path = tmp_path / "p.toml"
        path.write_text(base.replace(old, new, 1), encoding="utf-8")
        code, _, err = run_cli(["solve", str(path), "-o", str(tmp_path / "out"), "--json-only"])
        assert code == 2 and f"p.toml: {key}: expected" in err


def test_the_reference_copy_is_untouched():
    """The property tests work on copies: the factory's problems stay valid for other tests."""
    d = random_problem(3)
    e = copy.deepcopy(d)
    list(_paths(d))
    assert d == e and math.isfinite(d["optimizer"]["lr"])
