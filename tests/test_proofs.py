"""derive.proofs: every step verified by SymPy, wrong steps caught, numbers from the sizes, PDF compiles."""
import dataclasses
import shutil
import subprocess

import numpy as np
import pytest
import sympy as sp

from derive import cli
from derive.forms import tex as latex_build
from derive.errors import InputError
from derive.proofs import PROOF_NAMES, SPECS, ProofError, appendix_latex, build, document_latex, from_spec
from derive.proofs import batchnorm, ema
from derive.proofs.printer import tex
from derive.proofs.settings import normalize
from derive.proofs.simulate import Simulation, ema_run, gradients
from derive.proofs.steps import Between, Expectation, Link, ProofSpec, Shown, Step, chain
from conftest import requires

HW2 = {"kind": "momentum", "lr": 0.1, "momentum": 0.9}
needs_tex = requires("tex")


def _spec(name, settings=None):
    """The unchecked spec of a proof."""
    return SPECS[name](normalize(settings), 4)


def _replace_link(spec, title, chain_index, link_index, expr):
    """spec with one link of one step's chain pointing at another expression."""
    steps = list(spec.steps)
    k = next(n for n, s in enumerate(steps) if s.title == title)
    chains = [list(c) for c in steps[k].chains]
    old = chains[chain_index][link_index]
    chains[chain_index][link_index] = Link(old.rel, expr, old.note)
    steps[k] = dataclasses.replace(steps[k], chains=tuple(tuple(c) for c in chains))
    return dataclasses.replace(spec, steps=tuple(steps)), k + 1


# --- every proof builds, and its steps are data a test can walk ---------------------------------

@pytest.mark.parametrize("name", PROOF_NAMES)
def test_every_proof_builds_with_every_step_verified(name):
    proof = build(name, HW2)
    assert proof.name == name and proof.steps
    assert [s.number for s in proof.steps] == list(range(1, len(proof.steps) + 1))
    for step in proof.steps:
        assert step.verified
        assert "&" in step.claim and step.why and step.how


@pytest.mark.parametrize("name", PROOF_NAMES)
def test_steps_are_plain_data(name):
    spec = _spec(name)
    for step in spec.steps:
        assert isinstance(step, Step) and step.title and step.why
        for c in step.chains:
            assert len(c) >= 2 and all(isinstance(link, Link) for link in c[1:])


def test_names_are_the_interface():
    assert PROOF_NAMES == ("ema", "adam-bias", "bn-params", "bn-batch-one", "dropout")


# --- wrong steps are caught, and the error says which ------------------------------------------

def test_the_seed_sheets_exponent_is_caught():
    spec = _spec("ema")
    wrong, number = _replace_link(spec, "Geometric sum", 0, 2, ema.mu * (1 - ema.beta ** (ema.t - 1)))
    with pytest.raises(ProofError) as err:
        from_spec(wrong)
    assert err.value.proof == "ema" and err.value.step == number == 4
    assert "Geometric sum" in str(err.value) and "t = 1" in str(err.value)


def test_a_wrong_inductive_step_is_caught():
    spec = _spec("ema")
    short = (1 - ema.beta) * sp.Sum(ema.beta**ema.i * ema.x[ema.t - ema.i], (ema.i, 0, ema.t - 2))
    wrong, number = _replace_link(spec, "Inductive step", 0, 5, short)
    with pytest.raises(ProofError) as err:
        from_spec(wrong)
    assert err.value.step == number == 2


def test_the_seed_sheets_460_is_caught():
    wrong, number = _replace_link(_spec("bn-params"), "All trainable parameters", 0, 5, sp.Integer(460))
    with pytest.raises(ProofError, match="step 3"):
        from_spec(wrong)


def test_expectation_refuses_a_nonlinear_argument():
    x, mu = ema.x, ema.mu
    step = Step("Not linear", ("",), (chain(Expectation(x[1] * x[2]), mu**2),), means=((x[ema.WILD], mu),))
    with pytest.raises(ProofError, match="not linear"):
        from_spec(ProofSpec(name="test", title="test", statement=(), steps=(step,)))


def test_without_a_symbolic_proof_small_cases_are_checked_exactly():
    t, i = ema.t, ema.i
    fib = Step("Fibonacci", ("",), (chain(sp.Sum(sp.fibonacci(i), (i, 1, t)), sp.fibonacci(t + 2) - 1),))
    proof = from_spec(ProofSpec(name="test", title="test", statement=(), steps=(fib,), var=t))
    assert "checked exactly for every" in proof.steps[0].how and "to 20" in proof.steps[0].how
    off = dataclasses.replace(fib, chains=(chain(sp.Sum(sp.fibonacci(i), (i, 1, t)), sp.fibonacci(t + 2)),))
    with pytest.raises(ProofError, match="fails at t = 1"):
        from_spec(ProofSpec(name="test", title="test", statement=(), steps=(off,), var=t))


def test_a_false_inequality_between_huge_exact_numbers_is_caught_and_reported():
    b, n = sp.Symbol("b"), sp.Symbol("n")
    wrong = Step("Too early", ("",), (chain(Shown(b**n, {b: sp.Rational(999, 1000), n: 4602}),
                                            Link("<=", sp.Rational(1, 100))),))
    with pytest.raises(ProofError, match="is false"):
        from_spec(ProofSpec(name="test", title="test", statement=(), steps=(wrong,)))


def test_the_induction_is_proved_symbolically_not_by_examples():
    how = {s.title: s.how for s in build("ema").steps}
    assert how["Inductive step"].startswith("symbolic identity for every integer $t \\geq 2$")
    assert how["Geometric sum"].startswith("symbolic identity")


# --- numbers follow the sizes and settings given -------------------------------------------------

@pytest.mark.parametrize("inputs, units", [(10, 20), (3, 5), (784, 128)])
def test_bn_params_follow_the_sizes(inputs, units):
    proof = build("bn-params", {"bn_inputs": inputs, "bn_units": units})
    total = units * inputs + units + 2 * units  # weights, dense biases, gamma and beta
    claims = {s.title: s.claim for s in proof.steps}
    assert f"= {units * (inputs + 1)}" in claims["The dense layer"]
    assert f"= {2 * units}" in claims["Batch norm"]
    assert f"= {total}" in claims["All trainable parameters"]
    assert f"= {total - units}" in claims["The dense bias is redundant"]
    if inputs * units <= batchnorm.COUNT_LIMIT:
        assert r"\#\{\text{parameter symbols of the layer}\} &= " + str(total) in claims["All trainable parameters"]


def test_the_homework_layer_has_260_parameters():
    assert batchnorm._counted(10, 20) == 260
    assert "260" in build("bn-params").statement[0]


def test_adam_bias_works_with_the_problems_own_settings():
    claims = " ".join(s.claim for s in build("adam-bias", {"kind": "adam", "lr": 0.01, "beta1": 0.8,
                                                            "beta2": 0.99}).steps)
    assert r"\frac{1 - 0.8}{\sqrt{1 - 0.99}} &= 2" in claims       # (1 - b1) / sqrt(1 - b2)
    assert r"&= 0.02" in claims                                    # times lr


def test_adam_bias_defaults_give_about_3_16_times_lr():
    claims = " ".join(s.claim for s in build("adam-bias", HW2).steps)
    assert r"\sqrt{10} \approx 3.162" in claims
    assert r"\frac{0.1 \times \left(1 - 0.9\right)}{\sqrt{1 - 0.999}} &\approx 0.3162" in claims


def test_digits_change_the_display_only():
    coarse = " ".join(s.claim for s in build("adam-bias", HW2, digits=2).steps)
    assert r"\approx 3.2" in coarse


@pytest.mark.parametrize("bad", [{"beta1": 1.2}, {"beta2": 0}, {"bn_units": 0}, {"keep": 0}, {"lr": -1},
                                 {"bn_inputs": 2.5}, {"momentum": "high"}])
def test_settings_out_of_range_are_input_errors(bad):
    with pytest.raises(InputError):
        build("ema", bad)


# --- the simulation ------------------------------------------------------------------------------

@pytest.mark.parametrize("beta, power", [(0.9, 1), (0.999, 2), (0.5, 1), (0.99, 2)])
def test_simulation_agrees_with_the_closed_form_within_its_sampling_error(beta, power):
    run = ema_run(beta, power)
    z_raw = (run.mean - run.closed_form()) / run.se
    z_corrected = (run.corrected - run.target) / run.corrected_se
    assert np.max(np.abs(z_raw)) < 4.5
    assert np.max(np.abs(z_corrected)) < 4.5
    # The raw average is biased: far from the mean early on, by many standard errors.
    assert abs(run.mean[0] - run.target) / run.se[0] > 10


def test_simulation_is_seeded():
    assert np.array_equal(gradients(), gradients())
    assert not np.array_equal(gradients(), gradients(Simulation(seed=1)))


# --- printing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("expr, expected", [
    (ema.x[ema.t - ema.i], "{x}_{t - i}"),
    (1 - ema.beta, r"1 - \beta"),
    (ema.s[ema.t - 1], "{s}_{t - 1}"),
    (Between(0, ema.beta, 1), r"0 < \beta < 1"),
    (Expectation(ema.x[1]), r"\mathbb{E}\left[{x}_{1}\right]"),
    (Shown(1 - ema.beta, {ema.beta: sp.Rational(-1, 2)}), r"1 - \left(-0.5\right)"),
])
def test_printer(expr, expected):
    assert tex(expr) == expected


def test_build_is_deterministic():
    from derive.proofs import _build
    first = document_latex()
    _build.cache_clear()
    assert document_latex() == first


# --- the LaTeX: body for an appendix, whole document for the command --------------------------------

def test_appendix_is_a_body_with_the_problems_numbers():
    body = appendix_latex(["ema", "adam-bias"], HW2)
    assert r"\documentclass" not in body and r"\begin{document}" not in body
    assert body.count(r"\section{") == 2
    assert r"\label{proof:ema}" in body and r"\label{proof:adam-bias}" in body
    assert r"\beta = 0.9" in body and r"\eta = 0.1" in body


def test_unknown_names_are_input_errors():
    with pytest.raises(InputError, match="one of ema, adam-bias"):
        appendix_latex(["ema", "nope"])


@needs_tex
@pytest.mark.slow
def test_every_proof_compiles_to_pdf(tmp_path):
    pdf = latex_build.compile_pdf(document_latex(None, HW2), tmp_path / "proofs.pdf")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        steps = sum(len(build(name, HW2).steps) for name in PROOF_NAMES)
        assert text.count("verified by SymPy") == steps


@needs_tex
@pytest.mark.slow
def test_appendix_compiles_with_only_the_packages_it_names(tmp_path):
    source = "\n".join([
        r"\documentclass{article}", r"\usepackage{amsmath,amssymb,booktabs}", r"\usepackage{pgfplots}",
        r"\pgfplotsset{compat=1.18}", r"\begin{document}", r"\appendix",
        appendix_latex(["ema", "bn-batch-one"], HW2), r"\end{document}",
    ])
    assert latex_build.compile_pdf(source, tmp_path / "appendix.pdf").exists()


# --- the command ------------------------------------------------------------------------------------

@pytest.fixture
def run_cli(capsys):
    def run(*argv):
        code = cli.main(["proofs", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_cli_writes_the_tex(run_cli, tmp_path):
    code, out, _ = run_cli("ema", "bn-params", "--bn-inputs", "3", "--bn-units", "5", "--no-pdf",
                           "-o", str(tmp_path))
    assert code == 0 and "proofs-ema+bn-params.tex" in out
    source = (tmp_path / "proofs-ema+bn-params.tex").read_text()
    assert r"\documentclass" in source and source.count(r"\section{") == 2 and "= 30" in source
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proofs-ema+bn-params.tex"]  # no temporary files left


@pytest.mark.parametrize("argv, message", [
    (["nope"], "one of ema, adam-bias, bn-params, bn-batch-one, dropout"),
    (["--digits", "0"], "--digits"),
    (["--bn-units", "0"], "--bn-units"),
])
def test_cli_bad_input_exits_2(run_cli, tmp_path, argv, message):
    code, _, err = run_cli(*argv, "--no-pdf", "-o", str(tmp_path))
    assert code == 2 and message in err and not list(tmp_path.iterdir())


def test_cli_without_tex_writes_the_tex_and_says_how_to_install(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run_cli("bn-batch-one", "-o", str(tmp_path))
    assert code == 0 and latex_build.INSTALL_HINT in err and (tmp_path / "proofs-bn-batch-one.tex").exists()
    code, _, _ = run_cli("bn-batch-one", "--pdf", "-o", str(tmp_path))
    assert code == 1


@needs_tex
@pytest.mark.slow
def test_cli_writes_the_pdf(run_cli, tmp_path):
    code, out, _ = run_cli("bn-batch-one", "dropout", "-o", str(tmp_path))
    assert code == 0 and (tmp_path / "proofs-bn-batch-one+dropout.pdf").exists() and "proofs-bn-batch-one+dropout.pdf" in out


def test_limits_by_continuity_agree_with_sympy():
    import sympy as sp
    from derive.proofs.verify import _limit

    x, t, e, a = sp.symbols("x t epsilon a", positive=True)
    cases = [sp.Limit(sp.sin(x) / x, x, 0, "+"),               # 0/0: SymPy's own limit
             sp.Limit(a / (e + a), e, 0, "+"),                  # continuous: the value there
             sp.Limit(1 / (1 - sp.Rational(9, 10) ** t), t, sp.oo),
             sp.Limit(t * sp.Rational(1, 2) ** t, t, sp.oo),    # t stays: SymPy's own limit
             sp.Limit(1 / e, e, 0, "+")]
    for lim in cases:
        mine, theirs = _limit(lim), lim.doit()
        assert mine == theirs or sp.simplify(mine - theirs) == 0
