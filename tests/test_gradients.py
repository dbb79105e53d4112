"""The symbolic tool against an independent NumPy backprop and finite differences, on many random
networks with every activation, loss, optimizer and batch mode (the default run: each value at least once)."""
import zlib

import numpy as np
import pytest

import problem_factory as pf
import reference as ref
from conftest import covering, repeats
from derive.problem import spec
from derive.engine import trace

HIDDEN = ["sigmoid", "tanh", "relu", "swish", "silu", "softplus", "linear"]
CASES = ([(h, "bce", "sigmoid") for h in HIDDEN] + [(h, "ce", "softmax") for h in HIDDEN]
         + [(h, "mse", last) for h in HIDDEN for last in ("sigmoid", "tanh", "linear", "softplus", "swish", "relu")]
         + [("tanh", "mse", "softmax")])
OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def seed_of(*parts):
    return zlib.crc32(repr(parts).encode())


def solve(problem_dict):
    return trace.build(spec.parse(problem_dict))


def close(a, b, scale=1.0):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, (a.shape, b.shape)
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-11 * max(scale, 1.0))


def layer_names(problem_dict):
    return [(l.pre, l.post) for l in spec.parse(problem_dict).layers]


@pytest.mark.parametrize("hidden,loss,last", covering(CASES))
def test_every_quantity_matches_numpy_backprop(hidden, loss, last):
    for k in range(repeats(3)):
        rng = np.random.default_rng(seed_of(hidden, loss, last, k))
        n_layers = int(rng.integers(1, 4))
        acts = [hidden] * (n_layers - 1) + [last]
        p = pf.random_problem(rng, activations=acts, loss=loss, optimizer="sgd", iterations=2)
        tr = solve(p)
        records, final = ref.train(p)
        for rec in records:
            t = rec["t"]
            close(tr.value(f"it{t}.loss"), rec["loss"])
            for name, g in rec["grad"].items():
                close(tr.value(f"it{t}.grad.{name}"), g)
            for i, sample in rec["per_sample"].items():
                s = f"it{t}.s{i + 1}."
                close(tr.value(s + "loss"), sample["values"]["loss"])
                for pre, post in layer_names(p):
                    close(tr.value(s + pre), sample["values"][pre])
                    close(tr.value(s + post), sample["values"][post])
                    close(tr.value(s + "grad." + pre), sample["value_grads"][pre])
                    close(tr.value(s + "grad." + post), sample["value_grads"][post])
                for name, g in sample["grad"].items():
                    close(tr.value(s + "grad." + name), g)
        for name, v in final.items():
            close(tr.value(f"final.{name}"), v)


@pytest.mark.parametrize("hidden,loss,last", covering(CASES[::3]))
def test_gradients_match_finite_differences(hidden, loss, last):
    rng = np.random.default_rng(seed_of("fd", hidden, loss, last))
    p = pf.random_problem(rng, activations=[hidden, last], loss=loss, iterations=1)
    tr = solve(p)
    params = ref.params_from_init(p)
    samples = list(range(len(p["data"]["x"])))
    fd = ref.finite_difference_grads(p, params, samples)
    for name, g in fd.items():
        np.testing.assert_allclose(tr.value(f"it1.grad.{name}"), g, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("optimizer, batch", covering(
    [(optimizer, batch) for batch in ["full", "sample", 2] for optimizer in OPTIMIZERS]))
def test_optimizer_trajectories_match_numpy(optimizer, batch):
    for k in range(repeats(2)):
        rng = np.random.default_rng(seed_of(optimizer, batch, k))
        p = pf.random_problem(rng, optimizer=optimizer, batch=batch, iterations=4, max_samples=5)
        tr = solve(p)
        records, final = ref.train(p)
        for rec in records:
            t = rec["t"]
            assert tuple(i + 1 for i in rec["samples"]) == tr.iterations[t - 1].samples
            for name, v in rec["params"].items():
                close(tr.value(f"it{t}.{name}"), v)
            if optimizer == "nesterov":
                for name, v in rec["lookahead"].items():
                    close(tr.value(f"it{t}.lookahead.{name}"), v)
            close(tr.value(f"it{t}.loss"), rec["loss"])
            for slot, per_param in rec["state"].items():
                for name, v in per_param.items():
                    close(tr.value(f"it{t}.state.{slot}.{name}"), v)
        for name, v in final.items():
            close(tr.value(f"final.{name}"), v)


def test_hw2_numbers():
    import tomllib
    from conftest import HW2

    p = tomllib.loads(HW2.read_text())
    tr = solve(p)
    assert round(tr.value("it1.loss"), 5) == 0.69968
    records, final = ref.train(p)
    close(tr.value("it2.loss"), records[1]["loss"])
    close(tr.value("final.W"), final["W"])
    # the seed sheet's first forward values, which the scan shows right
    assert round(tr.value("it1.s1.yhat")[0], 3) == 0.534
    assert [round(v, 2) for v in tr.value("it1.s1.z")] == [0.4, -0.32]
