"""What the variants of a class share: one model (SymPy templates, compiled code, printed LaTeX) per structure,
and nothing of one problem's numbers or settings reaching another's sheet or JSON."""
import copy
import tomllib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from problem_factory import random_layered_problem, random_problem, with_conventions
from derive.engine.pipeline import finite, trace_json
from derive.engine.trace import build
from derive.forms.sheet import sheet_tex
from derive.network.model import Model, Structure, shared
from derive.problem import spec
from conftest import ROOT


def renumbered(raw, seed):
    """The same network and loss with other numbers and settings: data, initial values, optimizer, title."""
    rng = np.random.default_rng(seed)
    other = copy.deepcopy(raw)
    vary = lambda v: np.round(np.asarray(v, dtype=float) + rng.uniform(-0.3, 0.3, np.shape(v)), 2).tolist()
    other["data"]["x"] = vary(raw["data"]["x"])
    for name, value in raw["init"].items():
        other["init"][name] = vary(value)
    other["optimizer"]["lr"] = float(rng.choice([0.01, 0.05, 0.1]))
    other["optimizer"]["iterations"] = int(rng.integers(1, 4))
    n = len(raw["data"]["x"])
    other["optimizer"]["batch"] = ["full", "sample", int(rng.integers(1, n + 1))][int(rng.integers(3))]
    other["title"] = f"another problem {seed}"
    other.setdefault("display", {})["digits"] = int(rng.integers(3, 6))
    other.setdefault("sheet", {})["language"] = ["en", "fa"][int(rng.integers(2))]
    return other


def outputs(problem, model):
    trace = finite(build(problem, model))
    return trace_json(trace), sheet_tex(trace, [])


def raw_problem(seed, layered):
    rng = np.random.default_rng(seed)
    if layered:
        return random_layered_problem(rng, iterations=int(rng.integers(1, 4)))
    return with_conventions(rng, random_problem(rng, optimizer=None, batch=None))


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), layered=st.booleans())
def test_a_shared_model_gives_what_a_model_of_its_own_gives(tmp_path_factory, seed, layered):
    raw = raw_problem(seed, layered)
    path = tmp_path_factory.mktemp("p") / "p.toml"
    first, second = spec.parse(raw, path), spec.parse(renumbered(raw, seed), path)
    assert Structure.of(first) == Structure.of(second)
    alone = outputs(second, Model(second))
    outputs(first, shared(first))  # the first problem's work fills the shared templates' caches
    assert outputs(second, shared(second)) == alone
    assert shared(first).layers is shared(second).layers  # the templates were built once


@pytest.mark.parametrize("name", ["hw2", "batchnorm"])
def test_a_bundled_problem_after_another_of_its_structure(tmp_path, name):
    path = ROOT / "derive" / "problems" / f"{name}.toml"
    raw = tomllib.loads(path.read_text())
    first, second = spec.parse(raw, path), spec.parse(renumbered(raw, 3), path)
    alone = outputs(second, Model(second))
    outputs(first, shared(first))
    assert outputs(second, shared(second)) == alone


def test_the_structure_is_all_a_model_reads():
    """A Model is built from the Structure alone: reading anything else of a problem would fail here."""
    problem = spec.parse(random_layered_problem(7), "p.toml")
    model = Model(Structure.of(problem))
    assert [lf.layer for lf in model.layers] == list(problem.layers)
