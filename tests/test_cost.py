"""The cost of the largest inputs within the bounds stays linear: counted work, not wall-clock time."""
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_runner import derive_cli
from conftest import examples, seeds
from derive.marking import check, intervals
from derive.network import formulas
from derive.problem import limits, spec
from derive.marking.claims import parse as parse_claims
from derive.forms.derivation import Derivation, expanded_terms, tree_size
from derive.network.model import Model
from derive.forms.outputs import dumps
from derive.engine.trace import build
from strategies import drawn_trace, problems

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "problems" / "hw2.toml"


def network(inputs, units, activations, loss="bce", samples=2, iterations=1, seed=0):
    """A validated problem with the given layers and random data and initial values."""
    rng = np.random.default_rng(seed)
    layers, init, fan_in = [], {}, inputs
    for l, (n, act) in enumerate(zip(units, activations), start=1):
        layers.append({"units": n, "activation": act})
        init[f"W{l}"] = rng.uniform(-0.5, 0.5, (n, fan_in)).round(2).tolist()
        init[f"b{l}"] = rng.uniform(-0.1, 0.1, n).round(2).tolist()
        fan_in = n
    k = units[-1]
    y = (np.eye(k, dtype=int)[rng.integers(0, k, samples)] if loss == "ce" else rng.integers(0, 2, (samples, k)))
    raw = {"network": {"inputs": inputs, "layers": layers}, "loss": {"kind": loss},
           "data": {"x": rng.uniform(-1, 1, (samples, inputs)).round(2).tolist(),
                    "y": (y[:, 0] if k == 1 else y).tolist()},
           "init": init, "optimizer": {"kind": "adam", "lr": 0.01, "iterations": iterations}}
    return spec.parse(raw)


def deep(depth, units=3, loss="bce"):
    last = "softmax" if loss == "ce" else "sigmoid"
    return network(3, [units] * depth, ["swish"] * (depth - 1) + [last], loss)


class PrintCounter:
    """Counts the SymPy printer's calls (one per node printed) while it is installed."""

    def __init__(self, monkeypatch):
        self.calls = 0
        original = formulas.ValuePrinter._print

        def counted(printer, expr, **kwargs):
            self.calls += 1
            return original(printer, expr, **kwargs)

        monkeypatch.setattr(formulas.ValuePrinter, "_print", counted)


def _scalar_section(problem):
    sections = Derivation(Model(problem)).sections()
    return next(s for s in sections if s.title.startswith("One element"))


# --- the derivation -----------------------------------------------------------------------------------
def test_scalar_formulas_grow_linearly_with_depth(monkeypatch):
    """Each layer adds the same printing work: before, a layer tripled it (3 units, each summing the 3 above)."""
    counter = PrintCounter(monkeypatch)
    calls, sizes = {}, {}
    for depth in (3, 6, 9):
        counter.calls = 0
        sec = _scalar_section(deep(depth))
        calls[depth] = counter.calls
        sizes[depth] = sum(len(p) for line in sec.lines for p in line.parts)
    assert calls[9] - calls[6] <= 1.2 * (calls[6] - calls[3])
    assert sizes[9] - sizes[6] <= 1.2 * (sizes[6] - sizes[3])


def test_deepest_network_derivation_has_a_stated_size(monkeypatch):
    """20 layers x 3 units (the layer bound): the scalar formulas take under 200 characters a parameter, and
    each is written in terms of its layer's bar."""
    counter = PrintCounter(monkeypatch)
    problem = deep(limits.MAX_LAYERS)
    sec = _scalar_section(problem)
    text = sum(len(p) for line in sec.lines for p in line.parts)
    assert text < 200 * len(problem.params)
    assert counter.calls < 10_000
    named = [line for line in sec.lines if line.note.startswith("with $\\bar{")]
    assert len(named) >= 2 * (limits.MAX_LAYERS - 3)


def test_small_scalar_formulas_stay_whole():
    """hw2's formulas are small: written out in the inputs' terms, with no bar named."""
    problem = spec.load(HW2)
    sec = _scalar_section(problem)
    assert [line.note for line in sec.lines] == [""] * 4
    assert "u_{11} x_{1}" in sec.lines[0].parts[0]


def test_composed_check_runs_where_its_expansion_is_small():
    problem = spec.load(HW2)
    outro = _scalar_section(problem).outro
    assert "both routes agree" in outro


@pytest.mark.parametrize("loss", ["ce", "bce"])
def test_composed_check_agrees_with_the_chain_rule_and_names_a_planted_slip(monkeypatch, loss):
    """The one-hot targets of ce sum to 1 (the check uses it); a chain-rule element made wrong is named."""
    units, activations = ([2, 3], ["tanh", "softmax"]) if loss == "ce" else ([2, 1], ["tanh", "sigmoid"])
    outro = _scalar_section(network(2, units, activations, loss)).outro
    assert "both routes agree" in outro and ("y_k = 1" in outro) == (loss == "ce")
    original = Derivation._composed_check

    def slipped(self, grads, *rest):
        grads = dict(grads, W1=grads["W1"].copy())
        grads["W1"][1] = 2 * grads["W1"][1]
        return original(self, grads, *rest)

    monkeypatch.setattr(Derivation, "_composed_check", slipped)
    outro = _scalar_section(network(2, units, activations, loss, seed=1)).outro
    assert "W1[2]" in outro and "both routes agree" not in outro


def test_composed_check_is_left_out_for_a_deep_network():
    """8 layers of one swish unit: 16 parameters, but an expansion of about 3^8 terms."""
    problem = network(1, [1] * 8, ["swish"] * 7 + ["sigmoid"])
    assert problem.n_params <= 40
    outro = _scalar_section(problem).outro
    assert "not differentiated here" in outro and "grows exponentially" in outro


@pytest.mark.parametrize("text", ["(a + b)*(c + d)", "(a + b)**2*(c - d) + e", "a*(b + c*(d + e))",
                                  "(a + b + c)**3", "sigmoid(a + b)*(c + d)", "x"])
def test_expanded_terms_counts_sympys_terms(text):
    """The estimate is exact where nothing cancels: compared with SymPy's own expansion."""
    from derive.network.functions import sigmoid

    expr = sp.sympify(text, locals={"sigmoid": sigmoid})
    expanded = sp.expand(expr)
    assert expanded_terms(expr, {}, {}) == (len(expanded.args) if expanded.is_Add else 1)


def test_expanded_terms_of_named_parts():
    a, b, u = sp.symbols("a b u")
    assert expanded_terms(u * (a + b), {u: 5}, {}) == 10


def test_tree_size_counts_every_node_as_printed():
    x, y = sp.symbols("x y")
    shared = (x + y) * sp.sin(x)
    expr = shared + shared ** 2 + sp.cos(shared)
    assert tree_size(expr) == sum(1 for _ in sp.preorder_traversal(expr))


def test_tree_size_of_a_deep_shared_expression_is_quick():
    """2^60 nodes as printed, 120 distinct: counted without walking the tree."""
    e = sp.Symbol("x")
    for _ in range(60):
        e = sp.Function("f")(e) + sp.Function("g")(e)
    assert tree_size(e) > 2 ** 60


# --- printing -------------------------------------------------------------------------------------------
def _values(rng, arg, negative_scalar):
    shape = arg.shape
    if shape == (1, 1) and negative_scalar:
        return np.array([[-rng.uniform(0.1, 2)]])
    return rng.uniform(-2, 2, shape).round(3)


@pytest.mark.parametrize("seed", seeds(6))
def test_matrix_formulas_filled_in_as_printed_directly(seed):
    """The matrix formulas printed once with placeholders give exactly what printing each time gives."""
    rng = np.random.default_rng(seed)
    problem = network(3, [2, 3, 1], ["tanh", "swish", "sigmoid"])
    model = Model(problem)
    templates = [t for lf in model.layers for t in (lf.pre, lf.weight_grad, lf.bias_grad, lf.post_bar)
                 if t is not None and t.kind == formulas.MATRIX]
    settings = dict(formulas.SETTINGS, mul_symbol="dot")
    for t in templates:
        values = [_values(rng, a, seed % 2) for a in t.args]
        values = [v * 1e-7 if seed == 5 else v for v in values]  # exponents: 10^{-7} holds '^'
        got = t.substituted(values, digits=4)
        texts = [formulas._wrap_negative(formulas.numbers.bmatrix(v, 4)) for v in values]
        direct = formulas._tidy(formulas._print(t.expr, t._names(texts, []), settings))
        assert got == direct


def test_formula_latex_printed_once_per_arguments(monkeypatch):
    """A per-sample step names its arguments alike in every iteration: its formula is printed once, so more
    iterations print only the formulas of the per-iteration steps (means and updates) again."""
    from derive.forms.sheet import sheet_tex

    printed = []
    original = formulas._print
    monkeypatch.setattr(formulas, "_print", lambda expr, names, settings: (
        printed.append(settings["mul_symbol"]) or original(expr, names, settings)))
    counts = {}
    for iterations in (2, 8):
        trace = build(network(3, [2, 1], ["swish", "sigmoid"], samples=3, iterations=iterations))
        printed.clear()
        sheet_tex(trace)
        counts[iterations] = printed.count(None)  # the symbolic formulas (numbers are printed with a dot)
    per_iteration = sum(1 for q in trace.quantities.values() if q.iteration == 2 and q.template is not None)
    whole_batch = sum(1 for q in trace.quantities.values()
                      if q.iteration == 2 and q.template is not None and not q.sample)
    assert counts[8] - counts[2] <= 6 * whole_batch < 6 * per_iteration


# --- JSON -------------------------------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=examples(300), deadline=None)
@given(json_values)
def test_dumps_is_the_standard_encoders_text(value):
    assert dumps(value) == json.dumps(value, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def test_dumps_of_hw2_matches_the_standard_encoder():
    from derive.engine.pipeline import trace_json

    data = trace_json(build(spec.load(HW2)))
    assert dumps(data) == json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False, default=str) + "\n"


# --- check --------------------------------------------------------------------------------------------
class EvaluationCounter:
    """Counts the points at which check's interval search evaluates a formula (several in one NumPy call)."""

    def __init__(self, monkeypatch):
        self.calls = 0
        original = intervals.evaluate_stacked

        def counted(q, columns, *rest):
            self.calls += len(columns[0]) if columns else 1
            return original(q, columns, *rest)

        monkeypatch.setattr(intervals, "evaluate_stacked", counted)


def _claim_all(trace, keys):
    return parse_claims({k: np.round(np.asarray(trace[k].export(), dtype=float), 4).tolist() for k in keys}, trace)


def test_check_recomputes_only_after_the_first_claim(monkeypatch):
    """A claim in the last iteration: the steps before it are the trace's own and are not recomputed."""
    trace = build(network(3, [3, 1], ["tanh", "sigmoid"], samples=4, iterations=6))
    counter = EvaluationCounter(monkeypatch)
    report = check.mark(trace, _claim_all(trace, ["it6.s1.z1"]))
    assert report.counts()["correct"] == 3
    late = [k for k in trace.quantities if k.startswith(("it6.", "final."))]
    assert counter.calls < 30 * len(late)
    counter.calls = 0
    check.mark(trace, _claim_all(trace, ["final.b2"]))
    assert counter.calls == 0  # its inputs are all the true numbers: nothing to recompute


def test_check_work_per_claim_of_an_elementwise_step(monkeypatch):
    """A mean gradient over 4 samples of a 30 x 10 weight: evaluations per input, not per number (was 2 x 1200)."""
    trace = build(network(10, [30, 1], ["tanh", "sigmoid"], samples=4, iterations=1))
    keys = [f"it1.s{i}.grad.W1" for i in range(1, 5)] + ["it1.grad.W1"]
    claims = _claim_all(trace, keys)
    counter = EvaluationCounter(monkeypatch)
    check.mark(trace, claims)
    assert counter.calls < 60


@pytest.mark.parametrize("seed", seeds(8))
def test_elementwise_extremes_agree_with_the_general_search(seed):
    """The shortcut for elementwise steps finds the same ranges as the corner search over every number."""
    rng = np.random.default_rng(seed)
    trace = build(network(2, [3, 1], ["swish", "sigmoid"], samples=3, iterations=2, seed=seed))
    steps = [q for q in trace.quantities.values() if q.template is not None and q.template.kind == formulas.ELEMENTWISE
             and len({q2.shape for q2 in (trace[p] for p in q.parents)}) == 1]
    assert steps
    for q in steps:
        points = [np.reshape(np.asarray(trace[p].value, dtype=float), trace[p].shape) for p in q.parents]
        half = [rng.choice([0.0, 5e-4, 5e-2], size=np.shape(v)) for v in points]
        lows = [v - h for v, h in zip(points, half)]
        highs = [v + h for v, h in zip(points, half)]
        fast = intervals.extremes_elementwise(q, points, lows, highs)
        general = _general_extremes(q, points, lows, highs)
        np.testing.assert_allclose(fast[0], general[0], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(fast[1], general[1], rtol=1e-12, atol=1e-15)


@settings(max_examples=examples(60), deadline=None)
@given(problems(), st.integers(0, 2**32 - 1))
def test_a_stack_of_points_gives_each_points_own_numbers(raw, seed):
    """Every formula of a drawn problem (every layer kind, loss and option), evaluated at several points in one
    call as the interval search does, gives what it gives at each point alone."""
    trace = drawn_trace(raw)
    rng = np.random.default_rng(seed)
    for q in trace.quantities.values():
        if q.template is None:
            continue
        assert q.template.stacked_function() is not None, q.key  # every formula of the layer kinds takes a stack
        parents = [np.reshape(np.asarray(trace[p].value, dtype=float), trace[p].shape) for p in q.parents]
        kept = [trace[p].value for p in q.parents]
        points = [[v + rng.uniform(-0.05, 0.05, np.shape(v)) for v in parents] for _ in range(3)]
        alone = np.stack([np.reshape(intervals.evaluate(q, p, kept), q.shape) for p in points])
        columns = [np.stack([p[n] for p in points]) for n in range(len(parents))]
        np.testing.assert_allclose(intervals.evaluate_stacked(q, columns, kept), alone, rtol=1e-12, atol=1e-15,
                                   err_msg=f"{q.key} ({q.template.kind})")


def test_a_stack_of_explicit_points_holding_several_samples_each():
    """An explicit formula's values may hold a column per sample: a stack of such points keeps each point's
    columns, and a scalar argument of one column is used for every column of its point."""
    a, b, c = sp.symbols("a b c")
    vector = formulas.Template(formulas.EXPLICIT, sp.Matrix([a * c - b, sp.exp(b) / (1 + c ** 2)]),
                               (sp.Matrix([a, b]), c))
    scalar = formulas.Template(formulas.EXPLICIT, a * b + c, (sp.Matrix([a, b]), c))
    rng = np.random.default_rng(5)
    matrices, cs = rng.normal(size=(4, 2, 3)), rng.normal(size=(4, 1))  # 4 points of 3 samples, c one number each
    for template in (vector, scalar):
        alone = np.stack([template.evaluate([m, c]) for m, c in zip(matrices, cs)])
        np.testing.assert_allclose(template.evaluate_stacked([matrices, cs]), alone, rtol=1e-14)


def _general_extremes(q, points, lows, highs):
    """intervals.extremes with its elementwise shortcut switched off."""
    kind = q.template.kind
    object.__setattr__(q.template, "kind", "none")  # frozen dataclass: restored below
    try:
        return intervals.extremes(q, points, lows, highs)
    finally:
        object.__setattr__(q.template, "kind", kind)


def test_check_refuses_a_trace_beyond_its_bound(tmp_path):
    from problem_factory import write_problem

    raw = {"network": {"inputs": 4, "layers": [{"units": 4, "activation": "tanh"},
                                                {"units": 1, "activation": "sigmoid"}]},
           "loss": {"kind": "bce"}, "data": {"x": [[0.1, 0.2, 0.3, 0.4]] * 50, "y": [1] * 50},
           "init": {"W1": [[0.1] * 4] * 4, "b1": [0.0] * 4, "W2": [[0.1] * 4], "b2": [0.0]},
           "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 1000}}
    path = write_problem(tmp_path, raw)
    claims = tmp_path / "mine.toml"
    claims.write_text('"final.b2" = 0.1\n')
    proc = derive_cli(["check", path, claims], ROOT)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert f"optimizer.iterations: expected a trace of at most {limits.MAX_CHECK_VALUES} numbers for check" \
        in proc.stderr


def test_detailed_sheet_of_a_deep_network_is_bounded_by_passes_times_layers(tmp_path):
    """20 layers of one unit are detailed (40 parameters); 48 passes of them would be 960 pass-layers."""
    from problem_factory import write_problem

    layers = [{"units": 1, "activation": "swish"}] * 19 + [{"units": 1, "activation": "sigmoid"}]
    init = {k: v for l in range(1, 21) for k, v in ((f"W{l}", [[0.5]]), (f"b{l}", [0.1]))}
    raw = {"network": {"inputs": 1, "layers": layers}, "loss": {"kind": "bce"},
           "data": {"x": [[0.1 * i] for i in range(12)], "y": [i % 2 for i in range(12)]},
           "init": init, "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 4}}
    problem = spec.parse(raw)
    assert problem.n_params == 40 and len(problem.x) == 12  # the detailed layout
    path = write_problem(tmp_path, raw)
    out = tmp_path / "out"
    proc = derive_cli(["solve", path, "-o", out, "--no-pdf"], ROOT)
    assert proc.returncode == 2 and not out.exists()
    assert (f"optimizer.iterations: expected at most {limits.MAX_SHEET_LAYER_PASSES} per-sample passes x layers"
            in proc.stderr) and "got 4 x 12 passes x 20 layers" in proc.stderr
    proc = derive_cli(["solve", path, "-o", out, "--json-only"], ROOT)
    assert proc.returncode == 0 and (out / "p.json").exists()
