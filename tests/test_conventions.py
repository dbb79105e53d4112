"""The course conventions (x·W layout, bias = false, freeze, sse and its scale, reduce_outputs, summed batches,
eps inside the root, weight_decay, adamw, momentum_form) against PyTorch in float64 at 1e-9 relative, and
against the NumPy reference where PyTorch has no such option; random problems included."""
import json
import subprocess
import zlib

import numpy as np
import pytest

import problem_factory as pf
import reference as ref
from cli_runner import derive_cli
from conftest import ROOT, need, seeds
from derive.engine import numeric, trace
from derive.problem import spec
from derive.forms.sheet import SheetBuilder

try:
    import torch_reference as torch_ref
except ImportError:  # torch: ./setup.sh --with torch; without it the comparisons skip (fail under CI=true)
    torch_ref = None


def needs_torch():
    need("torch")

RTOL = 1e-9
SMOOTH = ("sigmoid", "tanh", "swish", "softplus", "linear")  # no relu: its kink at 0 is a convention of its own


def seed_of(*parts):
    return zlib.crc32(repr(parts).encode())


def close(actual, expected):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float).reshape(actual.shape)
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=1e-12)


def solve(problem):
    return trace.build(spec.parse(problem))


def base_problem(seed, kind="sgd", loss=None, activations=None, iterations=3, batch="full"):
    rng = np.random.default_rng(seed)
    if activations is None:
        n_layers = int(rng.integers(1, 4))
        hidden = [pf._choice(rng, SMOOTH) for _ in range(n_layers - 1)]
        last = {"bce": "sigmoid", "ce": "softmax"}.get(loss) or pf._choice(rng, SMOOTH)
        activations = hidden + [last]
    return pf.random_problem(rng, activations=activations, loss=loss or "mse", optimizer=kind, batch=batch,
                             iterations=iterations, max_units=3)


def plain(problem, **options):
    """A problem with exactly the given convention options (every other option left out)."""
    keys = ("layout", "no_bias", "freeze", "scale", "reduce_outputs", "batch_loss", "weight_decay",
            "eps_placement", "momentum_form")
    given = {k: options.get(k) for k in keys}
    return pf.with_conventions(0, problem, **given)


def assert_matches_torch(problem):
    """derive's trace equals torch's: parameters, batch loss, gradients, per-sample losses, layer values and
    gradients of every iteration, and the final parameters."""
    needs_torch()
    tr = solve(problem)
    records, final = torch_ref.train(problem)
    opt = ref.optimizer_settings(problem)
    course_nesterov = opt["kind"] == "nesterov" and opt["momentum_form"] == "course"
    trained = ref.trained_names(problem)
    for rec in records:
        t = rec["t"]
        # PyTorch's Nesterov keeps the look-ahead point as its parameters (the sheet says so)
        where = f"it{t}.lookahead." if course_nesterov else f"it{t}."
        for name, value in rec["params"].items():
            close(tr.value((where if name in trained else f"it{t}.") + name), value)
        close(tr.value(f"it{t}.loss"), rec["loss"])
        for name, g in rec["grad"].items():
            close(tr.value(f"it{t}.grad.{name}"), g)
        for i, sample in rec["per_sample"].items():
            s = f"it{t}.s{i + 1}."
            close(tr.value(s + "loss"), sample["loss"])
            for name, v in sample["values"].items():
                close(tr.value(s + name), v)
            for name, g in sample["grad"].items():
                close(tr.value(s + "grad." + name), g)
        for name in set(ref.param_names(problem)) - set(trained):
            assert f"it{t}.grad.{name}" not in tr and f"it{t}.s{rec['samples'][0] + 1}.grad.{name}" not in tr
    T = len(records)
    for name, value in final.items():
        mine = np.asarray(tr.value(f"final.{name}"))
        if course_nesterov and name in trained:
            mine = mine + opt["momentum"] * np.asarray(tr.value(f"it{T}.state.v.{name}"))
        close(mine, value)
    return tr


def assert_matches_reference(problem):
    """derive's trace equals the NumPy reference's (for options PyTorch does not have)."""
    tr = solve(problem)
    records, final = ref.train(problem)
    trained = ref.trained_names(problem)
    for rec in records:
        t = rec["t"]
        close(tr.value(f"it{t}.loss"), rec["loss"])
        for name in trained:
            close(tr.value(f"it{t}.{name}"), rec["params"][name])
            close(tr.value(f"it{t}.grad.{name}"), rec["grad"][name])
            for slot, by_param in rec["state"].items():
                close(tr.value(f"it{t}.state.{slot}.{name}"), by_param[name])
    for name, value in final.items():
        close(tr.value(f"final.{name}"), value)
    return tr


KINDS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
LOSSES = ("mse", "bce", "ce", "sse")


# --- each option on its own, against torch ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("loss", LOSSES)
def test_xw_layout_matches_torch(kind, loss):
    problem = plain(base_problem(seed_of("xW", kind, loss), kind, loss), layout="xW")
    tr = assert_matches_torch(problem)
    first = ref.layers(problem)[0]
    assert tr[f"it1.{first['weight']}"].shape == (first["inputs"], first["units"])


@pytest.mark.parametrize("layout", ["Wx", "xW"])
@pytest.mark.parametrize("which", ["first", "last", "all"])
def test_layers_without_bias_match_torch(layout, which):
    problem = base_problem(seed_of("bias", layout, which), "momentum", activations=["tanh", "tanh", "sigmoid"])
    no_bias = {"first": [1], "last": [3], "all": [1, 2, 3]}[which]
    biases = [layer["bias"] for layer in ref.layers(problem)]
    problem = plain(problem, layout=layout, no_bias=no_bias)
    tr = assert_matches_torch(problem)
    for l, bias in enumerate(biases, start=1):
        assert (f"final.{bias}" in tr) == (l not in no_bias)
    assert set(tr.problem.params) == set(ref.param_names(problem))


@pytest.mark.parametrize("kind", KINDS)
def test_frozen_parameters_match_torch(kind):
    problem = base_problem(seed_of("freeze", kind), kind, activations=["tanh", "sigmoid"], loss="bce")
    first, second = ref.layers(problem)
    bias, weight = first["bias"], second["weight"]
    problem = plain(problem, freeze=[bias, weight])
    tr = assert_matches_torch(problem)
    for t in (1, 2, 3):
        close(tr.value(f"it{t}.{bias}"), problem["init"][bias])
    close(tr.value(f"final.{weight}"), problem["init"][weight])
    assert not any(k.endswith(f".{bias}") and (".state." in k or ".grad." in k) for k in tr.quantities)


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0, 0.1])
def test_sse_with_scale_matches_torch(scale):
    problem = plain(base_problem(seed_of("sse", scale), "sgd", "sse"), scale=scale)
    assert_matches_torch(problem)


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_mean_over_outputs_matches_torch(loss):
    problem = base_problem(seed_of("mean", loss), "adam", loss, activations=["tanh", "sigmoid"])
    assert_matches_torch(plain(problem, reduce_outputs="mean"))


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("batch", ["full", 2])
def test_summed_batches_match_torch(loss, batch):
    problem = plain(base_problem(seed_of("sum", loss, batch), "rmsprop", loss, batch=batch), batch_loss="sum")
    assert_matches_torch(problem)


@pytest.mark.parametrize("kind", KINDS[:-1])
def test_weight_decay_matches_torch(kind):
    problem = plain(base_problem(seed_of("wd", kind), kind, "bce", batch=2), weight_decay=0.1)
    tr = assert_matches_torch(problem)
    assert any(".state.g_wd." in k for k in tr.quantities)


@pytest.mark.parametrize("weight_decay", [None, 0.0, 0.1, 0.5])
def test_adamw_matches_torch(weight_decay):
    problem = plain(base_problem(seed_of("adamw", weight_decay), "adamw", "ce"), weight_decay=weight_decay)
    tr = assert_matches_torch(problem)
    assert not any(".state.g_wd." in k for k in tr.quantities)  # decoupled: nothing added to the gradient


@pytest.mark.parametrize("kind", ["momentum", "nesterov"])
@pytest.mark.parametrize("weight_decay", [None, 0.1])
def test_momentum_in_torch_form_matches_torch(kind, weight_decay):
    problem = base_problem(seed_of("torch-form", kind, weight_decay), kind, "mse", batch="sample")
    problem = plain(problem, momentum_form="torch", weight_decay=weight_decay)
    tr = assert_matches_torch(problem)
    assert "it1.lookahead." not in " ".join(tr.quantities)  # the gradient is taken at theta itself


def test_torch_form_and_course_form_momentum_give_the_same_iterates():
    problem = base_problem(seed_of("same-iterates"), "momentum", "mse", iterations=5)
    course, torch_form = solve(plain(problem, momentum_form="course")), solve(plain(problem, momentum_form="torch"))
    for name in ref.param_names(problem):
        close(torch_form.value(f"final.{name}"), course.value(f"final.{name}"))
    v_course, v_torch = course.value(f"it1.state.v.{ref.param_names(problem)[0]}"), \
        torch_form.value(f"it1.state.v.{ref.param_names(problem)[0]}")
    close(v_course, -problem["optimizer"]["lr"] * np.asarray(v_torch))  # v = -lr b


# --- eps inside the root: no such option in torch, the NumPy reference -------------------------------------------
@pytest.mark.parametrize("kind", ["adagrad", "rmsprop", "adam", "adamw"])
@pytest.mark.parametrize("layout", ["Wx", "xW"])
def test_eps_inside_matches_the_reference(kind, layout):
    problem = base_problem(seed_of("inside", kind, layout), kind, "bce")
    problem["optimizer"]["eps"] = 1e-2
    inside = assert_matches_reference(plain(problem, eps_placement="inside", layout=layout))
    outside = assert_matches_reference(plain(problem, eps_placement="outside", layout=layout))
    name = ref.param_names(problem)[0]
    assert not np.allclose(inside.value(f"final.{name}"), outside.value(f"final.{name}"), rtol=1e-6)


def test_eps_outside_is_torchs():
    problem = base_problem(seed_of("outside"), "adam", "bce")
    problem["optimizer"]["eps"] = 1e-2
    assert_matches_torch(plain(problem, eps_placement="outside"))


# --- random problems with random conventions --------------------------------------------------------------------
@pytest.mark.parametrize("seed", seeds(24))
def test_random_conventions_match_torch_and_the_reference(seed):
    rng = np.random.default_rng(seed_of("random", seed))
    kind = pf._choice(rng, KINDS)
    loss = pf._choice(rng, LOSSES)
    problem = base_problem(rng, kind, loss, batch=pf._choice(rng, ("full", "sample", 2)))
    problem = pf.with_conventions(rng, problem)
    assert_matches_reference(problem)
    if problem["optimizer"].get("eps_placement") != "inside":
        assert_matches_torch(problem)


@pytest.mark.parametrize("seed", seeds(8))
def test_random_conventions_pass_gradcheck(seed):
    rng = np.random.default_rng(seed_of("gradcheck", seed))
    problem = pf.with_conventions(rng, base_problem(rng, pf._choice(rng, KINDS), pf._choice(rng, LOSSES)))
    tr = solve(problem)
    rows = numeric.gradcheck(tr, 1)
    assert {r.param for r in rows} == set(ref.trained_names(problem))
    for r in rows:
        assert r.abs_error <= 1e-6 * max(1.0, abs(r.symbolic)), r


# --- the sheet speaks the file's convention -----------------------------------------------------------------------
def _sheet_text(problem):
    builder = SheetBuilder(solve(problem))
    ctx = builder.context()
    lines = [" = ".join([line.lhs, *line.parts]) + " " + line.note for sec in ctx["derivation"] for line in sec.lines]
    statement = ctx["statement"]
    rule = [" = ".join([s.lhs, *s.parts]) for s in statement["rule_lines"]]
    loss = [" = ".join([s.lhs, *s.parts]) for s in statement["loss_lines"]]
    return ctx, " ; ".join(lines), " ; ".join(rule), " ; ".join(loss)


def hw2_like(**changes):
    problem = {
        "title": "conventions",
        "network": {"inputs": 3, "layers": [
            {"units": 2, "activation": "sigmoid", "weight": "W", "bias": "b", "pre": "z", "post": "h"},
            {"units": 1, "activation": "sigmoid", "weight": "u", "bias": "c", "pre": "f", "post": "yhat"}]},
        "loss": {"kind": "bce"},
        "data": {"x": [[1, 0, 0.8], [0.1, 0.8, 1]], "y": [1, 0]},
        "init": {"W": [[0.8, 0.2, -0.5], [-0.3, 0.2, 0.1]], "b": [0, -0.1], "u": [[0.1, -0.1]], "c": [0.1]},
        "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 1},
    }
    for section, values in changes.items():
        if section in ("network", "init", "data"):  # a new network comes with its own values
            problem[section] = values
        else:
            problem[section].update(values)
    return problem


def test_the_xw_sheet_writes_rows_and_transposed_gradients():
    problem = pf.with_conventions(0, hw2_like(), layout="xW", no_bias=None, freeze=None, batch_loss=None,
                                  weight_decay=None, reduce_outputs=None)
    ctx, derivation, _, _ = _sheet_text(problem)
    assert "f = h u + c" in derivation and "z = x W + b" in derivation
    assert r"\bar{W} = x^{T} \bar{z}" in derivation
    assert r"\bar{h} = \bar{f} u^{T}" in derivation
    assert r"(3 \times 1)(1 \times 2) \to 3 \times 2" in derivation
    assert "rows" in ctx["statement"]["network_text"] and r"\mathbb{R}^{3 \times 2}" in ctx["statement"]["layers"][0][3]
    tr = solve(problem)
    assert tr["it1.W"].shape == (3, 2) and tr.value("it1.W") == problem["init"]["W"]
    step = SheetBuilder(tr).step("it1.s1.z")
    assert step.parts[1].startswith(r"\begin{bmatrix}1 & 0 & 0.8\end{bmatrix}")  # the sample as a row


def test_the_wx_sheet_is_unchanged_by_default():
    _, derivation, rule, loss = _sheet_text(hw2_like())
    assert "z = W x + b" in derivation and r"\bar{W} = \bar{z} x^{T}" in derivation
    assert r"\frac{1}{n} \sum_{i=1}^{n} L^{(i)}" in loss
    assert rule == r"\theta^{[t+1]} = \theta^{[t]} - \eta g^{[t]}"


def test_the_sheet_writes_each_option():
    sse = hw2_like(loss={"kind": "sse", "scale": 0.5, "batch": "sum"})
    ctx, derivation, _, loss = _sheet_text(sse)
    assert r"\frac{\left(\hat{y} - y\right)^{2}}{2}" in loss
    assert r"\sum_{i=1}^{n} L^{(i)}" in loss and r"\frac{1}{n}" not in loss
    assert "0.5 times the sum of squared errors" in ctx["statement"]["loss_text"]
    assert "the sum of its samples' losses" in ctx["statement"]["loss_text"]
    assert "Sum over the batch" in [b.title for b in ctx["iterations"][0]["blocks"]]

    mean = hw2_like(network={"inputs": 3, "layers": [
        {"units": 2, "activation": "sigmoid"}]}, loss={"kind": "mse", "reduce_outputs": "mean"},
        data={"x": [[1, 0, 0.8]], "y": [[1, 0]]}, init={"W1": [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], "b1": [0, 0]})
    _, _, _, loss = _sheet_text(mean)
    assert r"\frac{\left(a_{1,1} - y_{1}\right)^{2} + \left(a_{1,2} - y_{2}\right)^{2}}{2}" in loss

    inside = hw2_like(optimizer={"kind": "adam", "lr": 0.1, "iterations": 1, "eps_placement": "inside",
                                 "weight_decay": 0.1})
    ctx, _, rule, _ = _sheet_text(inside)
    assert r"\sqrt{\epsilon + \hat{s}^{[t]}}" in rule and r"\tilde{g}^{[t]} = g^{[t]} + \lambda \theta^{[t]}" in rule
    assert r"\lambda = 0.1" in ctx["statement"]["optimizer_text"]
    assert "inside" in ctx["statement"]["optimizer_text"]

    torch_form = hw2_like(optimizer={"kind": "momentum", "lr": 0.1, "iterations": 1, "momentum_form": "torch"})
    _, _, rule, _ = _sheet_text(torch_form)
    assert r"v^{[t]} = g^{[t]} + \mu v^{[t-1]}" in rule and r"\theta^{[t+1]} = \theta^{[t]} - \eta v^{[t]}" in rule

    adamw = hw2_like(optimizer={"kind": "adamw", "lr": 0.1, "iterations": 1})
    ctx, _, rule, _ = _sheet_text(adamw)
    assert r"= \theta^{[t]} \left(1 - \eta \lambda\right)" in rule
    assert r"\lambda = 0.01" in ctx["statement"]["optimizer_text"]

    frozen = hw2_like(optimizer={"kind": "sgd", "lr": 0.1, "iterations": 2, "freeze": ["b"]})
    ctx, derivation, _, _ = _sheet_text(frozen)
    assert "(frozen)" in ctx["statement"]["layers"][0][4] and "frozen" in ctx["statement"]["optimizer_text"]
    assert r"\bar{b}" not in derivation and "but the frozen $b$" in derivation
    assert all("it1.s1.grad.b" != s.lhs for b in ctx["iterations"][0]["blocks"] for s in b.steps)

    nobias = hw2_like()
    nobias["network"]["layers"][1]["bias"] = False
    del nobias["init"]["c"]
    ctx, derivation, _, _ = _sheet_text(nobias)
    assert "f = h u" in derivation.replace("u h", "h u") or "f = u h" in derivation
    assert ctx["statement"]["layers"][1][4] == "none"


# --- claims in the file's own layout -------------------------------------------------------------------------------
def test_check_accepts_claims_in_the_files_layout(tmp_path):
    problem = pf.with_conventions(0, hw2_like(optimizer={"kind": "momentum", "lr": 0.1, "iterations": 2,
                                                         "momentum_form": "torch"}),
                                  layout="xW", no_bias=[2], freeze=None, batch_loss="sum", weight_decay=None)
    path = pf.write_problem(tmp_path, problem)
    tr = solve(problem)
    W = np.asarray(tr.value("it1.s1.grad.W"))  # inputs x units
    assert W.shape == (3, 2)
    claims = {"it1.s1.grad.W": [[round(v, 6) for v in row] for row in W.tolist()],
              "it1.s1.z": [round(v, 6) for v in tr.value("it1.s1.z")],
              "it2.W[3,2]": round(tr.value("it2.W")[2][1], 6),
              "it2.u": [[round(tr.value("it2.u")[0][0], 6)], [round(tr.value("it2.u")[1][0] + 0.01, 6)]]}
    claims_path = tmp_path / "claims.toml"
    claims_path.write_text("\n".join(f'"{k}" = {json.dumps(v)}' for k, v in claims.items()) + "\n")
    out = tmp_path / "report.json"
    run = derive_cli(["check", path, claims_path, "--json", out], ROOT)
    assert run.returncode == 1, run.stderr  # one slip
    marks = {m["key"]: m["verdict"] for m in json.loads(out.read_text())}
    assert marks["it1.s1.grad.W[3,2]"] == "correct" and marks["it2.W[3,2]"] == "correct"
    assert marks["it1.s1.z[2]"] == "correct"
    assert marks["it2.u[1,1]"] == "correct" and marks["it2.u[2,1]"] == "wrong"


def test_keys_and_json_keep_the_files_layout(tmp_path):
    problem = pf.with_conventions(0, hw2_like(), layout="xW", no_bias=[2], freeze=["b"], batch_loss=None,
                                  weight_decay=None)
    path = pf.write_problem(tmp_path, problem)
    keys = derive_cli(["keys", path], ROOT).stdout
    assert "it1.W\t3 x 2" in keys and "it1.u\t2 x 1" in keys and "it1.c" not in keys
    assert "it1.grad.b" not in keys and "final.b\t2" in keys
    assert derive_cli(["solve", path, "-o", tmp_path, "--json-only"], ROOT).returncode == 0
    data = json.loads((tmp_path / "p.json").read_text())["quantities"]
    assert data["it1.W"] == problem["init"]["W"] and data["final.b"] == problem["init"]["b"]


# --- optimizer options on a surface (derive trajectories) -----------------------------------------------------
SURFACE = {"f": "x^2 + 3*y^2 + x*y + 0.5*x", "start": [1.5, -1.0], "steps": 25}
SURFACE_CASES = [
    {"kind": "sgd", "lr": 0.05, "weight_decay": 0.2},
    {"kind": "momentum", "lr": 0.05, "momentum_form": "torch", "weight_decay": 0.1},
    {"kind": "nesterov", "lr": 0.05, "momentum_form": "torch"},
    {"kind": "rmsprop", "lr": 0.05, "weight_decay": 0.1},
    {"kind": "adam", "lr": 0.1, "weight_decay": 0.05},
    {"kind": "adamw", "lr": 0.1, "weight_decay": 0.3},
]


def _surface_paths(*optimizers):
    from derive.trajectories import paths as trajectories

    surface = trajectories.parse_file({"surface": SURFACE, "optimizers": list(optimizers)})
    return trajectories.run_all(surface)


def _f_torch(p):
    x, y = p[0], p[1]
    return x ** 2 + 3 * y ** 2 + x * y + 0.5 * x


@pytest.mark.parametrize("case", SURFACE_CASES, ids=lambda c: c["kind"])
def test_trajectory_options_match_torch(case):
    needs_torch()
    (path,) = _surface_paths(case)
    settings = {k: v for k, v in case.items() if k not in ("kind",)}
    expected = torch_ref.surface_path(_f_torch, SURFACE["start"], case["kind"], SURFACE["steps"], **settings)
    close(path.points, expected)


def test_trajectory_eps_inside_matches_the_reference():
    case = {"kind": "adagrad", "lr": 0.3, "eps": 0.5, "eps_placement": "inside"}
    inside, outside = _surface_paths(case, dict(case, eps_placement="outside"))

    def evaluate(point, t):
        x, y = point["p"]
        return {"loss": 0.0, "grad": {"p": np.array([2 * x + y + 0.5, 6 * y + x])}}

    opt = dict(ref.optimizer_settings({"optimizer": dict(case, iterations=SURFACE["steps"])}), frozen=())
    records, final = ref.optimize(opt, {"p": np.array(SURFACE["start"])}, evaluate)
    close(inside.points, [r["params"]["p"] for r in records] + [final["p"]])
    assert not np.allclose(inside.points, outside.points, rtol=1e-6)


# --- the bundled x·W example and compiled sheets ----------------------------------------------------------------
XW_EXAMPLE = ROOT / "derive" / "problems" / "xw.toml"


def test_the_xw_example_gives_the_classic_hand_worked_numbers():
    tr = trace.build(spec.load(XW_EXAMPLE))
    assert tr.value("it1.loss") == pytest.approx(0.298371109, abs=5e-10)
    close(np.round(tr.value("final.W2"), 8), [[0.35891648, 0.51130127], [0.40866619, 0.56137012]])
    close(np.round(tr.value("final.W1"), 8), [[0.14978072, 0.24975114], [0.19956143, 0.29950229]])
    close(tr.value("final.b1"), [0.35, 0.35])
    import tomllib

    assert_matches_torch(tomllib.loads(XW_EXAMPLE.read_text(encoding="utf-8")))


SHEETS = {
    "xw": lambda: tomllib_load(XW_EXAMPLE),
    "sse-sum-nobias": lambda: _nobias(hw2_like(loss={"kind": "sse", "scale": 0.5, "batch": "sum"})),
    "adam-inside-decay-freeze": lambda: hw2_like(optimizer={"kind": "adam", "lr": 0.1, "iterations": 2,
                                                            "eps_placement": "inside", "weight_decay": 0.1,
                                                            "freeze": ["b"]}),
    "torch-nesterov": lambda: hw2_like(optimizer={"kind": "nesterov", "lr": 0.1, "iterations": 2,
                                                  "momentum_form": "torch"}),
    "adamw-mse-mean": lambda: pf.with_conventions(0, hw2_like(
        network={"inputs": 3, "layers": [{"units": 2, "activation": "tanh"}, {"units": 2, "activation": "sigmoid"}]},
        loss={"kind": "mse", "reduce_outputs": "mean"}, data={"x": [[1, 0, 0.8], [0.1, 0.8, 1]], "y": [[1, 0], [0, 1]]},
        init={"W1": [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], "b1": [0, 0], "W2": [[0.5, -0.5], [0.2, 0.1]], "b2": [0.1, 0]},
        optimizer={"kind": "adamw", "lr": 0.1, "iterations": 2}), layout="xW", no_bias=None, freeze=None,
        batch_loss=None, weight_decay=None),
}
EXPECTED_TEXT = {  # what the compiled sheet says of its convention (pdftotext)
    "xw": ["z = aW + b", "inputs × units", "frozen", "0.5 times the sum of squared errors", "W̄"],
    "sse-sum-nobias": ["0.5 times the sum of squared errors", "sum of its samples", "Sum over the batch", "none"],
    "adam-inside-decay-freeze": ["inside", "weight decay", "frozen", "λ = 0.1"],
    "torch-nesterov": ["PyTorch’s form", "nesterov=True"],
    "adamw-mse-mean": ["AdamW", "mean squared error over the 2 outputs", "z = aW + b"],
}


def tomllib_load(path):
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))


def _nobias(problem):
    problem["network"]["layers"][1]["bias"] = False
    del problem["init"]["c"]
    return problem


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("name", list(SHEETS))
def test_the_sheet_of_each_convention_solves_without_tex(name, tmp_path):
    path = pf.write_problem(tmp_path, SHEETS[name](), name)
    run = derive_cli(["solve", path, "-o", tmp_path, "--no-pdf"], ROOT)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / f"{name}.tex").read_text().count(r"\section") >= 3


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SHEETS))
def test_the_sheet_of_each_convention_compiles_and_reads_in_it(name, tmp_path):
    import shutil

    from derive.forms import tex

    need("tex")
    path = pf.write_problem(tmp_path, SHEETS[name](), name)
    run = derive_cli(["solve", path, "-o", tmp_path, "--pdf"], ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    for phrase in EXPECTED_TEXT[name]:
        assert phrase in flat, phrase


def test_the_marked_sheet_writes_xw_vectors_as_rows():
    from derive.marking import check, claims
    from derive.marking.marked_sheet import marked_tex

    tr = trace.build(spec.load(XW_EXAMPLE))
    report = check.mark(tr, claims.parse({"it1.s1.grad.W2[1,2]": 0.0227, "it1.s1.h": [0.5933, 0.5969]}, tr))
    assert [m.verdict for m in report.marks] == ["correct", "correct", "wrong"]
    source = marked_tex(report)
    assert r"\begin{bmatrix}0.5933 & 0.5969\end{bmatrix}^{T}" in source  # your h, a row, transposed
    assert r"\mark" in source and "from your numbers" in source


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("seed", seeds(12))
def test_random_conventions_write_a_sheet(seed):
    from derive.forms.sheet import sheet_tex

    rng = np.random.default_rng(seed_of("sheet", seed))
    problem = pf.with_conventions(rng, base_problem(rng, pf._choice(rng, KINDS), pf._choice(rng, LOSSES),
                                                    iterations=2, batch=pf._choice(rng, ("full", "sample"))))
    tr = solve(problem)
    source = sheet_tex(tr)
    assert ("as rows" in source) == (problem["network"].get("layout") == "xW")
    for name in set(ref.param_names(problem)) - set(ref.trained_names(problem)):
        assert "(frozen)" in source and f"it1.grad.{name}" not in tr
    assert ("Sum over the batch" in source) == (problem["loss"].get("batch") == "sum")
