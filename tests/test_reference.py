"""The NumPy reference is right: finite differences, optimizer steps by hand, hw2, TOML."""

import sys
import tomllib
import zlib
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import problem_factory as pf  # noqa: E402
import reference as ref  # noqa: E402
from conftest import covering, seeds  # noqa: E402

HW2 = Path(__file__).resolve().parent.parent / "derive" / "problems" / "hw2.toml"

# Every (hidden activation, loss, output activation) combination the format allows.
COMBINATIONS = [
    (hidden, loss, last)
    for hidden in pf.HIDDEN_ACTIVATIONS
    for loss, lasts in (("bce", ("sigmoid",)), ("ce", ("softmax",)), ("mse", pf.HIDDEN_ACTIVATIONS))
    for last in lasts
]


def near_relu_kink(problem, params, samples, margin=1e-4):
    """True when some relu layer's pre-activation is within ``margin`` of 0 for a sample."""
    x = ref.inputs(problem)
    for i in samples:
        values = ref.forward(problem, params, x[i])
        for layer in ref.layers(problem):
            if layer["activation"] == "relu" and np.any(np.abs(values[layer["pre"]]) < margin):
                return True
    return False


def assert_close_to_scale(actual, expected, rtol=1e-6):
    """Every array in ``actual`` agrees with ``expected`` to rtol relative to the largest value."""
    assert actual.keys() == expected.keys()
    scale = max([1.0] + [float(np.max(np.abs(v))) for v in expected.values()])
    for name in expected:
        assert actual[name].shape == expected[name].shape, name
        np.testing.assert_allclose(actual[name], expected[name], rtol=rtol, atol=rtol * scale,
                                   err_msg=name)


def random_cases(seed, count, **kwargs):
    """``count`` random (problem, params, samples) triples away from relu kinks."""
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < count:
        problem = pf.random_problem(rng, **kwargs)
        params = ref.params_from_init(problem)
        n = len(problem["data"]["x"])
        samples = sorted(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False).tolist())
        if not near_relu_kink(problem, params, samples):
            cases.append((problem, params, samples))
    return cases


# ----------------------------------------------------------------------------------------------
# Gradients against central finite differences
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden,loss,last", covering(COMBINATIONS))
def test_parameter_gradients_match_finite_differences(hidden, loss, last):
    seed = zlib.crc32(f"{hidden}/{loss}/{last}".encode())  # stable across runs
    rng = np.random.default_rng(seed)
    for n_layers in (1, 2, 2, 3, 3, 3):
        activations = [hidden] * (n_layers - 1) + [last]
        for problem, params, samples in random_cases(rng, 1, activations=activations, loss=loss):
            mean_loss, grads = ref.batch_loss_and_grads(problem, params, samples)
            assert np.isfinite(mean_loss)
            assert mean_loss == pytest.approx(ref.batch_loss(problem, params, samples), rel=1e-12)
            assert_close_to_scale(grads, ref.finite_difference_grads(problem, params, samples))


def _loss_from(problem, params, y, start, role, value):
    """The per-sample loss when layer ``start``'s pre or post value is replaced by ``value``."""
    net = ref.layers(problem)
    a = ref.ACTIVATIONS[net[start]["activation"]][0](value) if role == "pre" else value
    for layer in net[start + 1:]:
        z = params[layer["weight"]] @ a + params[layer["bias"]]
        a = ref.ACTIVATIONS[layer["activation"]][0](z)
    return ref.LOSSES[problem["loss"]["kind"]][0](a, y)


@pytest.mark.parametrize("seed", seeds(12))
def test_value_gradients_match_finite_differences(seed):
    h = 1e-6
    for problem, params, _ in random_cases(seed, 3, max_layers=4):
        x, y = ref.inputs(problem), ref.labels(problem)
        for i in range(len(x)):
            if near_relu_kink(problem, params, [i], margin=1e-3):
                continue
            loss, _, value_grads = ref.backprop(problem, params, x[i], y[i])
            values = ref.forward(problem, params, x[i], y[i])
            assert loss == values["loss"]
            for l, layer in enumerate(ref.layers(problem)):
                for role in ("pre", "post"):
                    name = layer[role]
                    numeric = np.zeros_like(values[name])
                    for j in range(len(numeric)):
                        up, down = values[name].copy(), values[name].copy()
                        up[j] += h
                        down[j] -= h
                        numeric[j] = (_loss_from(problem, params, y[i], l, role, up)
                                      - _loss_from(problem, params, y[i], l, role, down)) / (2 * h)
                    assert_close_to_scale({name: value_grads[name]}, {name: numeric})


def test_softmax_backward_uses_the_full_jacobian():
    z = np.array([0.3, -1.2, 0.5])
    jacobian = ref.ACTIVATIONS["softmax"][1](z)
    numeric = np.column_stack([
        (ref.softmax(z + 1e-6 * e) - ref.softmax(z - 1e-6 * e)) / 2e-6 for e in np.eye(3)
    ])
    np.testing.assert_allclose(jacobian, numeric, atol=1e-9)
    assert not np.allclose(jacobian, np.diag(np.diag(jacobian)))


def test_relu_derivative_is_zero_at_zero_and_swish_is_silu():
    z = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(np.diag(ref.ACTIVATIONS["relu"][1](z)), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(ref.ACTIVATIONS["swish"][0](z), ref.ACTIVATIONS["silu"][0](z))
    np.testing.assert_allclose(ref.ACTIVATIONS["softplus"][0](z), np.log(1 + np.exp(z)))


# ----------------------------------------------------------------------------------------------
# Optimizers on the quadratic L = sum_i b_i^2 (a linear layer fed x = 0, mse against y = 0)
# ----------------------------------------------------------------------------------------------


def quadratic(kind, b0=(1.0,), iterations=2, **settings):
    """A problem whose mean loss is sum(b_i^2): gradient 2 b, and 0 for the weight."""
    n = len(b0)
    return {
        "title": "quadratic",
        "network": {"inputs": 1, "layers": [{"units": n, "activation": "linear", "bias": "b"}]},
        "loss": {"kind": "mse"},
        "data": {"x": [[0.0]], "y": [0.0] if n == 1 else [[0.0] * n]},
        "init": {"W1": [[0.0]] * n, "b": list(b0)},
        "optimizer": {"kind": kind, "iterations": iterations, **settings},
    }


def b_path(problem):
    """The bias values used at t = 1, 2, ... followed by the final one."""
    records, final = ref.train(problem)
    return [r["params"]["b"] for r in records] + [final["b"]], records


def test_sgd_by_hand():
    path, records = b_path(quadratic("sgd", lr=0.1))
    np.testing.assert_allclose(np.ravel(path), [1.0, 0.8, 0.64])
    assert records[0]["loss"] == pytest.approx(1.0)
    assert records[0]["state"] == {}


def test_momentum_second_iterate_by_hand():
    # v1 = -0.1*2 = -0.2, b = 0.8; v2 = 0.9*(-0.2) - 0.1*1.6 = -0.34, b = 0.46
    path, records = b_path(quadratic("momentum", lr=0.1, momentum=0.9))
    np.testing.assert_allclose(np.ravel(path), [1.0, 0.8, 0.46])
    np.testing.assert_allclose([r["state"]["v"]["b"][0] for r in records], [-0.2, -0.34])


def test_momentum_default_is_point_nine_and_matches_pytorch_form():
    # PyTorch: buf <- mu buf + g; theta <- theta - lr buf. Same iterates at a constant lr.
    problem = pf.random_problem(np.random.default_rng(7), optimizer="momentum", iterations=5,
                                activations=["tanh", "sigmoid"], loss="bce")
    problem["optimizer"].pop("momentum", None)
    records, final = ref.train(problem)
    lr = problem["optimizer"]["lr"]
    theta = ref.params_from_init(problem)
    buf = {k: np.zeros_like(v) for k, v in theta.items()}
    for record in records:
        for k in theta:
            np.testing.assert_allclose(record["params"][k], theta[k], atol=1e-14)
        _, g = ref.batch_loss_and_grads(problem, theta, record["samples"])
        buf = {k: 0.9 * buf[k] + g[k] for k in theta}
        theta = {k: theta[k] - lr * buf[k] for k in theta}
    for k in theta:
        np.testing.assert_allclose(final[k], theta[k], atol=1e-14)


def test_nesterov_by_hand():
    # t=1: lookahead 1, g 2, v -0.2, b 0.8; t=2: lookahead 0.8 - 0.18 = 0.62, g 1.24,
    # v = -0.18 - 0.124 = -0.304, b = 0.496
    path, records = b_path(quadratic("nesterov", lr=0.1, momentum=0.9))
    np.testing.assert_allclose(np.ravel(path), [1.0, 0.8, 0.496])
    np.testing.assert_allclose([r["lookahead"]["b"][0] for r in records], [1.0, 0.62])
    np.testing.assert_allclose([r["grad"]["b"][0] for r in records], [2.0, 1.24])
    np.testing.assert_allclose([r["loss"] for r in records], [1.0, 0.62**2])
    np.testing.assert_allclose([r["params_loss"] for r in records], [1.0, 0.64])


def test_adagrad_by_hand():
    path, records = b_path(quadratic("adagrad", lr=0.1))
    b2 = 0.9 - 0.1 * 1.8 / (np.sqrt(4.0 + 1.8**2) + 1e-8)
    np.testing.assert_allclose(np.ravel(path), [1.0, 0.9, b2], rtol=1e-7)
    np.testing.assert_allclose(records[1]["state"]["r"]["b"], [4.0 + 1.8**2])


def test_rmsprop_first_step_by_hand():
    path, records = b_path(quadratic("rmsprop", lr=0.1, iterations=1))
    # r = 0.1 * 4; step = 0.1 * 2 / sqrt(0.4) = 0.1 / sqrt(0.1)
    np.testing.assert_allclose(np.ravel(path), [1.0, 1.0 - 0.1 / np.sqrt(0.1)], rtol=1e-7)
    np.testing.assert_allclose(records[0]["state"]["r"]["b"], [0.4])


def test_adam_first_step_is_lr_in_every_coordinate():
    path, records = b_path(quadratic("adam", b0=(1.0, -3.0, 0.25), lr=0.01, iterations=1))
    np.testing.assert_allclose(path[1], [0.99, -2.99, 0.24], rtol=1e-6)
    state = records[0]["state"]
    assert set(state) == {"m", "s", "m_hat", "s_hat"}
    np.testing.assert_allclose(state["m_hat"]["b"], [2.0, -6.0, 0.5])  # = g at t = 1
    np.testing.assert_allclose(state["s_hat"]["b"], [4.0, 36.0, 0.25])  # = g^2 at t = 1
    np.testing.assert_array_equal(records[0]["grad"]["W1"], 0.0)  # x = 0: the weight stays put
    np.testing.assert_array_equal(state["m"]["W1"], 0.0)


def test_adam_second_step_by_hand():
    b1, b2, lr = 0.9, 0.999, 0.1
    path, _ = b_path(quadratic("adam", lr=lr, iterations=2))
    g1 = 2.0
    first = 1.0 - lr * g1 / (abs(g1) + 1e-8)  # m_hat = g, s_hat = g^2 at t = 1
    g2 = 2.0 * first
    m = (1 - b1) * g2 + b1 * (1 - b1) * g1
    s = (1 - b2) * g2**2 + b2 * (1 - b2) * g1**2
    expected = first - lr * (m / (1 - b1**2)) / (np.sqrt(s / (1 - b2**2)) + 1e-8)
    np.testing.assert_allclose(path[2], [expected], rtol=1e-12)


# ----------------------------------------------------------------------------------------------
# Batches
# ----------------------------------------------------------------------------------------------


def five_samples(batch, iterations):
    problem = pf.random_problem(np.random.default_rng(1), optimizer="sgd", iterations=iterations,
                                max_samples=1)
    problem["data"]["x"] = [[0.1 * i] * problem["network"]["inputs"] for i in range(5)]
    problem["data"]["y"] = [problem["data"]["y"][0]] * 5
    problem["optimizer"]["batch"] = batch
    return problem


@pytest.mark.parametrize("batch,expected", [
    ("full", [[0, 1, 2, 3, 4]] * 3),
    (2, [[0, 1], [2, 3], [4], [0, 1], [2, 3]]),
    (5, [[0, 1, 2, 3, 4]] * 2),
    (7, [[0, 1, 2, 3, 4]] * 2),
    ("sample", [[0], [1], [2], [3], [4], [0], [1]]),
])
def test_batches(batch, expected):
    problem = five_samples(batch, len(expected))
    records, _ = ref.train(problem)
    assert [r["samples"] for r in records] == expected
    for record in records:
        loss, grads = ref.batch_loss_and_grads(problem, record["params"], record["samples"])
        assert record["loss"] == pytest.approx(loss)
        for name, g in grads.items():
            np.testing.assert_allclose(record["grad"][name], g)
        assert sorted(record["per_sample"]) == record["samples"]


def test_records_chain_and_hold_copies():
    for kind in pf.OPTIMIZER_KINDS:
        problem = pf.random_problem(np.random.default_rng(3), optimizer=kind, iterations=3)
        records, final = ref.train(problem)
        assert len(records) == 3 and [r["t"] for r in records] == [1, 2, 3]
        assert set(records[0]["state"]) == set(ref.OPTIMIZERS[kind][1])
        nexts = [r["params"] for r in records[1:]] + [final]
        for record, following in zip(records, nexts):
            assert record["params"] is not following
            changed = any(not np.array_equal(record["params"][k], following[k]) for k in final)
            assert changed, kind
            if kind == "nesterov":
                mu = problem["optimizer"].get("momentum", 0.9)
                for k in final:  # theta_{t+1} = theta_t + v_t
                    np.testing.assert_allclose(following[k],
                                               record["params"][k] + record["state"]["v"][k])
                    assert record["lookahead"][k].shape == final[k].shape
                assert mu > 0


# ----------------------------------------------------------------------------------------------
# The reference problem
# ----------------------------------------------------------------------------------------------


def test_hw2_first_iteration_loss():
    problem = tomllib.loads(HW2.read_text(encoding="utf-8"))
    records, final = ref.train(problem)
    assert len(records) == 2
    assert round(records[0]["loss"], 5) == 0.69968
    assert records[0]["samples"] == [0, 1, 2]
    assert set(records[0]["per_sample"][0]["values"]) == {"z", "h", "f", "yhat", "loss"}
    assert set(final) == {"W", "b1", "u", "b2"}
    assert final["W"].shape == (2, 3) and final["u"].shape == (1, 2) and final["b2"].shape == (1,)
    assert records[1]["loss"] < records[0]["loss"]
    params = ref.params_from_init(problem)
    _, grads = ref.batch_loss_and_grads(problem, params, [0, 1, 2])
    assert_close_to_scale(grads, ref.finite_difference_grads(problem, params, [0, 1, 2]))


# ----------------------------------------------------------------------------------------------
# The factory and its TOML writer
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", seeds(40))
def test_random_problems_are_valid_and_round_trip(seed, tmp_path):
    rng = np.random.default_rng(seed)
    problem = pf.random_problem(rng, optimizer=None, batch=None, max_layers=4)
    text = pf.to_toml(problem)
    assert tomllib.loads(text) == problem
    assert tomllib.loads(pf.write_problem(tmp_path, problem).read_text(encoding="utf-8")) == problem

    net = ref.layers(problem)
    names = [layer[role] for layer in net for role in ("weight", "bias", "pre", "post")]
    assert len(names) == len(set(names))
    assert all(layer["activation"] != "softmax" for layer in net[:-1])
    params = ref.params_from_init(problem)  # shapes fit
    assert set(params) == set(problem["init"])
    y = ref.labels(problem)
    assert y.shape == (len(problem["data"]["x"]), net[-1]["units"])
    kind = problem["loss"]["kind"]
    if kind == "bce":
        assert net[-1]["activation"] == "sigmoid" and set(np.unique(y)) <= {0.0, 1.0}
    if kind == "ce":
        assert net[-1]["activation"] == "softmax" and net[-1]["units"] >= 2
        np.testing.assert_array_equal(y.sum(axis=1), 1.0)
    if net[-1]["units"] == 1:
        assert all(not isinstance(v, list) for v in problem["data"]["y"])
    for record in ref.train(problem)[0]:
        assert np.isfinite(record["loss"])


def test_factory_mixes_custom_and_default_names():
    custom = default = 0
    for seed in range(20):
        for layer in pf.random_problem(np.random.default_rng(seed))["network"]["layers"]:
            for role in ("weight", "bias", "pre", "post"):
                custom += role in layer
                default += role not in layer
    assert custom > 10 and default > 10


def test_factory_rejects_invalid_combinations():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        pf.random_problem(rng, activations=["softmax", "sigmoid"])
    with pytest.raises(ValueError):
        pf.random_problem(rng, activations=["relu"], loss="bce")
    with pytest.raises(ValueError):
        pf.random_problem(rng, activations=["sigmoid"], loss="ce")
    assert pf.random_problem(rng, activations=["tanh", "softmax"])["loss"]["kind"] == "ce"


def test_toml_strings_and_odd_keys_round_trip():
    problem = {
        "title": 'quote " backslash \\ newline \n tab \t unicode é 😀 del \x7f',
        "flag": True, "numbers": [1, -2.5, 1e-08, 1e16, -0.0],
        "odd key": {"a.b": 1, "nested": {"deep": "x"}},
        "rows": [{"k": 1}, {"k": 2, "sub": {"z": [[1, 2], [3]]}}],
        "empty": [],
    }
    assert tomllib.loads(pf.to_toml(problem)) == problem
