"""The pass engine over every layer kind: the defects of summed batches with batch norm and of a dense layer
without bias beside norm layers, the frozen-key rule in every network, exact zeros where the symbolic
gradient vanishes, and eps = 0 with a zero variance."""
import tomllib

import pytest

from conftest import ROOT
from cli_runner import derive_cli
from derive.problem import spec
from derive.engine.numeric import gradcheck
from derive.engine.pipeline import finite
from derive.engine.trace import build

BATCHNORM = tomllib.loads((ROOT / "derive" / "problems" / "batchnorm.toml").read_text(encoding="utf-8"))


def solve(raw):
    return finite(build(spec.parse(raw)))


def variant(**changes):
    """The bundled batch-norm problem with some tables changed (table -> {key: value}, None deletes)."""
    raw = tomllib.loads((ROOT / "derive" / "problems" / "batchnorm.toml").read_text(encoding="utf-8"))
    for table, values in changes.items():
        target = raw[table] if not table.startswith("layer") else raw["network"]["layers"][int(table[5:]) - 1]
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return raw


def assert_gradcheck_agrees(trace, t=1):
    """Every symbolic gradient of iteration t equals central differences of the batch loss."""
    for row in gradcheck(trace, t):
        assert row.abs_error <= 1e-6 * max(1.0, abs(row.numeric)), (row.param, row.index, row.symbolic, row.numeric)


@pytest.mark.parametrize("iterations", [1, 3])
def test_summed_batch_through_batch_norm_has_the_gradients_of_the_summed_loss(iterations):
    """[loss] batch = "sum" with batch norm: g_β and g_γ are sums, the x̄ formula needs their means (issue 18)."""
    trace = solve(variant(loss={"batch": "sum"}, optimizer={"iterations": iterations}))
    for t in range(1, iterations + 1):
        assert_gradcheck_agrees(trace, t)
        # a bias right before batch norm cannot change the loss: its gradient is exactly 0
        assert trace.value(f"it{t}.grad.b") == [0.0, 0.0, 0.0]


def test_mean_batch_bias_before_batch_norm_is_exactly_zero():
    trace = solve(BATCHNORM)
    assert trace.value("it1.grad.b") == [0.0, 0.0, 0.0]
    assert trace.value("final.b") == trace.value("it1.b")


def test_dense_layer_without_bias_before_batch_norm_solves():
    """bias = false beside a norm layer crashed with KeyError: None (issue 18)."""
    raw = variant(layer1={"bias": False}, init={"b": None})
    trace = solve(raw)
    assert not [key for key in trace.quantities if key.endswith(".b")]
    assert_gradcheck_agrees(trace)


def test_dense_layer_without_bias_before_batch_norm_from_the_cli(tmp_path):
    text = (ROOT / "derive" / "problems" / "batchnorm.toml").read_text(encoding="utf-8")
    text = text.replace('bias = "b"', "bias = false").replace("b = [0, 0, 0]\n", "")
    path = tmp_path / "nobias.toml"
    path.write_text(text, encoding="utf-8")
    out = derive_cli(["solve", path, "-o", tmp_path, "--no-pdf"], ROOT)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "nobias.json").exists()


@pytest.mark.parametrize("frozen", [["gamma"], ["beta"], ["gamma", "beta", "b"], ["W"]])
def test_frozen_parameters_have_no_gradient_keys_beside_batch_norm(frozen):
    trace = solve(variant(optimizer={"freeze": frozen}))
    for name in frozen:
        assert not [key for key in trace.quantities if key.endswith(f"grad.{name}")], name
    assert_gradcheck_agrees(trace)


def test_eps_zero_with_a_zero_variance_says_zero_over_zero(tmp_path):
    """A variance of 0 in the data with eps = 0 is 0/0, not an overflow (issue 18)."""
    text = (ROOT / "derive" / "problems" / "batchnorm.toml").read_text(encoding="utf-8")
    text = text.replace('kind = "batchnorm"\n', 'kind = "batchnorm"\neps = 0\n', 1)
    text = text.replace("x = [[1, 0.5], [0, 1], [-1, 0.5], [0.5, -1]]", "x = [[1, 0.5], [1, 0.5], [1, 0.5], [1, 0.5]]")
    path = tmp_path / "flat.toml"
    path.write_text(text, encoding="utf-8")
    out = derive_cli(["solve", path, "-o", tmp_path / "out", "--no-pdf"], ROOT)
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert "0/0: it1.sigma_B is 0" in out.stderr and "eps > 0" in out.stderr and "overflow" not in out.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("language, words", [
    ("en", ("one step on the summed gradient over all 4 samples", "of the summed loss",
            "The summed gradients of")),
    ("fa", ("یک گام با مجموع گرادیان روی همه\u200cی ۴ نمونه", "از مجموع هزینه", "مجموع گرادیان\u200cهای")),
])
def test_a_summed_batch_is_called_a_sum_on_the_sheet(language, words):
    from derive.forms.sheet import sheet_tex

    raw = variant(loss={"batch": "sum"})
    tex = sheet_tex(finite(build(spec.parse(raw, language=language))))
    for text in words:
        assert text in tex, text
    assert "mean gradient over" not in tex and "of the mean loss" not in tex


def test_variants_of_a_problem_with_a_frozen_parameter(tmp_path):
    """The zero-gradient check of a class's draws read a frozen parameter's gradient, which has no key."""
    text = (ROOT / "derive" / "problems" / "hw2_class.toml").read_text(encoding="utf-8")
    text = text.replace('kind = "momentum"\n', 'kind = "momentum"\nfreeze = ["b1"]\n', 1)
    path = tmp_path / "frozen.toml"
    path.write_text(text, encoding="utf-8")
    out = derive_cli(["variants", path, "--count", "1", "-o", tmp_path / "class", "--json-only", "--jobs", "1"], ROOT)
    assert out.returncode == 0 and "internal error" not in out.stderr, out.stderr
