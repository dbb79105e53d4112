"""The answer sheet: its symbolic derivation (walked as data), the compiled PDF, and the TeX paths."""
import os
import subprocess

import pytest
import sympy as sp
from hypothesis import given, settings


from cli_runner import derive_cli
from conftest import HW2, requires
from derive.problem import spec
from derive.forms.derivation import Derivation
from derive.network.functions import sigmoid
from derive.network.model import Model
from derive.forms.sheet import SheetBuilder, sheet_tex
from derive.errors import TexError
from derive.forms import tex
from derive.network import formulas
from conftest import examples
from strategies import drawn_trace, problems


@pytest.fixture(scope="module")
def hw2_trace(solved):
    return solved("hw2")


def test_swish_derivative_and_output_simplification_come_from_sympy():
    model = Model(spec.load(HW2))
    hidden, out = model.layers
    z = hidden.z
    assert sp.simplify(hidden.derivative - (sigmoid(z) + z * sigmoid(z) * (1 - sigmoid(z)))) == 0
    assert out.simplified
    assert sp.expand(model.output_combined[0] - (model.yhat[0] - model.y[0])) == 0


def test_softmax_ce_simplifies_to_yhat_minus_y():
    p = spec.load(HW2).raw | {}
    p = dict(p, network={"inputs": 3, "layers": [{"units": 2, "activation": "tanh"},
                                                  {"units": 3, "activation": "softmax"}]},
             loss={"kind": "ce"}, data={"x": [[1, 0, 0.5]], "y": [[0, 1, 0]]},
             init={"W1": [[0.1, 0.2, 0.3], [0.3, -0.2, 0.1]], "b1": [0, 0],
                   "W2": [[0.1, 0.2], [0.3, -0.2], [0.0, 0.5]], "b2": [0, 0, 0]})
    model = Model(spec.parse(p))
    for k in range(3):
        assert sp.expand(model.output_combined[k] - (model.yhat[k] - model.y[k])) == 0


@settings(max_examples=examples(50), deadline=None)
@given(problems())
def test_a_formula_printed_once_and_filled_with_numbers_reads_as_printed_with_them(raw):
    """Each step's "formula = numbers" is printed once per formula with placeholders and filled in with each
    iteration's numbers: every step of a drawn problem (every layer kind, loss and option) reads as it does
    printed with the numbers in place."""
    trace = drawn_trace(raw)

    def steps():
        builder = SheetBuilder(trace)
        return [builder.step(key) for key, q in trace.quantities.items() if q.template is not None]

    filled = steps()

    def printed(template, expr, texts, consts, settings):
        return formulas._print(expr, template._names(texts, consts), settings)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formulas.Template, "_filled", printed)
        assert steps() == filled


def test_derivation_sections_walk(hw2_trace):
    sections = Derivation(hw2_trace.model).sections()
    titles = [s.title for s in sections]
    assert titles[:3] == ["The model", "Local derivatives", "Backward pass in matrix form"]
    backward = {line.lhs: line for line in sections[2].lines}
    assert r"\bar{W}" in backward and "x^{T}" in backward[r"\bar{W}"].parts[0]
    assert r"2 \times 3" in backward[r"\bar{W}"].note
    assert "both routes agree" in sections[3].outro


def test_iteration_steps_show_formula_numbers_result(hw2_trace):
    it = SheetBuilder(hw2_trace).iteration(hw2_trace.iterations[0])
    forward = it["blocks"][0].steps
    z = forward[0]
    assert z.lhs == "z^{(1)}" and z.parts[0] == r"W x^{(1)} + b_{1}"
    assert len(z.parts) == 3 and "bmatrix" in z.parts[1] and "0.4" in z.parts[2]


def test_sheet_has_no_nan_and_every_iteration(hw2_trace):
    text = sheet_tex(hw2_trace)
    assert "nan" not in text.lower().replace("\\mathrm{nan}", "")
    assert r"\section{Iteration 1}" in text and r"\section{Iteration 2}" in text
    assert r"\appendix" in text


@requires("tex")
@pytest.mark.slow
def test_pdf_compiles_and_shows_the_loss_of_iteration_2(compiled_hw2, hw2_trace):
    pdf = compiled_hw2 / "hw2.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    loss2 = f"{hw2_trace.value('it2.loss'):.4f}"
    assert loss2 == "0.6953"
    assert loss2 in text
    assert "Iteration 2" in text


@requires("tex")
def test_latex_error_is_short_and_keeps_the_previous_pdf(tmp_path):
    dest = tmp_path / "sheet.pdf"
    dest.write_bytes(b"previous")
    broken = "\\documentclass{article}\n\\begin{document}\n\\undefinedmacro\n\\end{document}\n"
    with pytest.raises(TexError) as err:
        tex.compile_pdf(broken, dest)
    assert "Undefined control sequence" in str(err.value)
    assert len(str(err.value).splitlines()) <= 8
    assert dest.read_bytes() == b"previous"


def test_without_tex_the_tex_and_json_are_written(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    run = derive_cli(["solve", HW2, "-o", tmp_path / "out"], env=env)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "hw2.tex").exists() and (tmp_path / "out" / "hw2.json").exists()
    assert not (tmp_path / "out" / "hw2.pdf").exists()
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install" in lines[0]
    asked = derive_cli(["solve", HW2, "-o", tmp_path / "out2", "--pdf"], env=env)
    assert asked.returncode == 1 and "Traceback" not in asked.stderr
