"""Convention options that make no sense: one line `derive: error: FILE: KEY: expected ..., got ...`, exit 2,
no traceback, nothing written. Each case is hw2 with one edit, run through the real CLI."""
import copy
import tomllib

import pytest

from conftest import HW2
from cli_runner import derive_cli
from problem_factory import to_toml

HW2_DICT = tomllib.loads(HW2.read_text(encoding="utf-8"))


def edit(**sections):
    """hw2 with the given tables updated (a None value deletes the key)."""
    def make():
        d = copy.deepcopy(HW2_DICT)
        for section, changes in sections.items():
            for key, value in changes.items():
                if value is None:
                    d[section].pop(key, None)
                else:
                    d[section][key] = value
        return d
    return make


def no_bias_layer_2(keep_init=True, **extra):
    def make():
        d = edit(**extra)()
        d["network"]["layers"][1]["bias"] = False
        if not keep_init:
            del d["init"]["b2"]
        return d
    return make


CASES = {
    "layout-unknown": (edit(network={"layout": "WX"}), "network.layout", "one of Wx, xW"),
    "layout-not-text": (edit(network={"layout": 1}), "network.layout", "a string"),
    "xw-with-wx-init": (edit(network={"layout": "xW"}), "init.W", "3 rows of 2 numbers"),
    "bias-false-with-init": (no_bias_layer_2(), "init.b2", "layer 2 has no bias (bias = false)"),
    "bias-not-name": (lambda: _layer_bias(3), "network.layers[2].bias", "a name"),
    "freeze-unknown": (edit(optimizer={"freeze": ["W", "b3"]}), "optimizer.freeze",
                       "names of the network's parameters: W, b1, u, b2"),
    "freeze-twice": (edit(optimizer={"freeze": ["W", "W"]}), "optimizer.freeze", "each parameter at most once"),
    "freeze-all": (edit(optimizer={"freeze": ["W", "b1", "u", "b2"]}), "optimizer.freeze",
                   "at least one parameter left to train"),
    "freeze-not-list": (edit(optimizer={"freeze": "W"}), "optimizer.freeze", "a list of parameter names"),
    "freeze-no-bias": (no_bias_layer_2(keep_init=False, optimizer={"freeze": ["b2"]}), "optimizer.freeze",
                       "names of the network's parameters: W, b1, u,"),
    "sse-scale-zero": (edit(loss={"kind": "sse", "scale": 0}), "loss.scale", "a number > 0"),
    "scale-for-bce": (edit(loss={"scale": 0.5}), "loss.scale", "no scale for bce (scale is for sse)"),
    "reduce-for-sse": (edit(loss={"kind": "sse", "reduce_outputs": "mean"}), "loss.reduce_outputs",
                       "no reduce_outputs for sse"),
    "reduce-unknown": (edit(loss={"reduce_outputs": "avg"}), "loss.reduce_outputs", "one of sum, mean"),
    "batch-unknown": (edit(loss={"batch": "total"}), "loss.batch", "one of mean, sum"),
    "loss-key-unknown": (edit(loss={"reduction": "sum"}), "loss.reduction", "only the keys kind, scale"),
    "eps-placement-sgd": (edit(optimizer={"kind": "sgd", "momentum": None, "eps_placement": "inside"}),
                          "optimizer.eps_placement", "no eps_placement for sgd"),
    "eps-placement-momentum": (edit(optimizer={"eps_placement": "outside"}), "optimizer.eps_placement",
                               "no eps_placement for momentum"),
    "eps-placement-unknown": (edit(optimizer={"kind": "adam", "momentum": None, "eps_placement": "under"}),
                              "optimizer.eps_placement", "one of outside, inside"),
    "momentum-form-adam": (edit(optimizer={"kind": "adam", "momentum": None, "momentum_form": "torch"}),
                           "optimizer.momentum_form", "no momentum_form for adam"),
    "momentum-form-unknown": (edit(optimizer={"momentum_form": "keras"}), "optimizer.momentum_form",
                              "one of course, torch"),
    "weight-decay-negative": (edit(optimizer={"weight_decay": -0.1}), "optimizer.weight_decay", "a number >= 0"),
    "adamw-decay-negative": (edit(optimizer={"kind": "adamw", "momentum": None, "weight_decay": -1}),
                             "optimizer.weight_decay", "a number >= 0"),
    "adamw-momentum": (edit(optimizer={"kind": "adamw"}), "optimizer.momentum", "a setting of adamw"),
}


def _layer_bias(value):
    d = copy.deepcopy(HW2_DICT)
    d["network"]["layers"][1]["bias"] = value
    return d


def _run(name, tmp):
    make = CASES[name][0]
    folder = tmp / name
    folder.mkdir()
    (folder / "p.toml").write_text(to_toml(make()), encoding="utf-8")
    return derive_cli(["solve", "p.toml", "-o", "out", "--no-pdf"], folder), folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory, request):
    """The selected cases only (the default run samples one), each derive's CLI in this process."""
    selected = [item.callspec.params["name"] for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec") and "name" in item.callspec.params]
    tmp = tmp_path_factory.mktemp("bad")
    return {name: _run(name, tmp) for name in selected}


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("name", list(CASES))
def test_one_line_exit_2_nothing_written(runs, name):
    (result, folder), (_, key, expected) = runs[name], CASES[name]
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"derive: error: p.toml: {key}: expected "), lines[0]
    assert expected in lines[0], lines[0]
    assert not (folder / "out").exists()


def test_bias_true_keeps_the_default_name(tmp_path):
    d = _layer_bias(True)
    (tmp_path / "p.toml").write_text(to_toml(d), encoding="utf-8")
    d["init"]["b2"] = d["init"].pop("b2")
    result = derive_cli(["keys", "p.toml"], tmp_path)
    assert result.returncode == 0 and "final.b2" in result.stdout
