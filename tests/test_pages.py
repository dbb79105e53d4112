"""The page as a textbook sets it: the notation and number rules of the sheet, pinned on its LaTeX (the PDF's
text is in test_pages_pdf.py), and the detail modes ([sheet] detail, --detail)."""
import copy
import math
import re
import tomllib

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import HW2, ROOT, examples
from derive.display import numbers
from derive.engine import trace
from derive.problem import spec
from derive.errors import InputError
from derive.forms import detail
from derive.forms.sheet import SheetBuilder, sheet_tex
from derive.network.symbols import element_name

ADAM = ROOT / "derive" / "problems" / "adam232.toml"
ADAM_RAW = tomllib.loads(ADAM.read_text(encoding="utf-8"))
# an x W network without biases, a linear output and half the sum of squared errors
LINEAR = {
    "title": "linear output", "network": {"inputs": 2, "layout": "xW", "layers": [
        {"units": 2, "activation": "tanh", "bias": False}, {"units": 1, "activation": "linear", "bias": False}]},
    "loss": {"kind": "sse", "scale": 0.5}, "data": {"x": [[0.5, -1.0], [1.0, 0.25]], "y": [[0.3], [-0.2]]},
    "init": {"W1": [[0.2, -0.4], [0.5, 0.3]], "W2": [[0.3], [-0.5]]},
    "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 1},
}


def solved(raw, detail_mode=None):
    return trace.build(spec.parse(copy.deepcopy(raw), ADAM, detail=detail_mode))


@pytest.fixture(scope="module")
def adam():
    return solved(ADAM_RAW)


@pytest.fixture(scope="module")
def adam_tex(adam):
    return sheet_tex(adam)


# --- numbers ---------------------------------------------------------------------------------------------
def test_a_rounded_number_keeps_its_trailing_zeros_and_an_exact_one_stays_as_written():
    assert numbers.latex(math.tanh(0.6)) == "0.5370"
    assert numbers.latex(0.624, 4) == "0.624" and numbers.latex(0.5) == "0.5" and numbers.latex(-1) == "-1"
    assert numbers.latex(0.62400001) == "0.6240"
    assert numbers.latex(1e-8) == "10^{-8}" and numbers.latex(2.5e-8) == r"2.5 \times 10^{-8}"
    assert numbers.plain(0.53701) == "0.537"  # the terminal's text is as it was


def _formats(text):
    cells = re.findall(r"(?:\\begin\{bmatrix\}|&|\\\\)\s*(-?[0-9.]+(?: \\times 10\^\{-?\d+\})?)", text)
    return {"scientific" if "times" in c else "fixed" for c in cells if c not in ("0", "-0")}


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 1e-12),
                min_size=2, max_size=9), st.integers(min_value=2, max_value=6))
def test_one_matrix_has_one_number_format(values, digits):
    text = numbers.bmatrix(np.array(values).reshape(-1, 1), digits)
    assert len(_formats(text)) <= 1, text
    kind, power = numbers.matrix_format(values, digits)
    nonzero = [abs(float(f"{v:.{digits}g}")) for v in values if float(f"{v:.{digits}g}") != 0]
    if nonzero and math.log10(max(nonzero)) - math.log10(min(nonzero)) > numbers.SPAN + 1:
        assert kind == "scientific"
    if kind == "factor":  # the power of ten stands once, in front
        assert text.startswith("10^{%d} " % power) and "times" not in text


def test_the_issue_s_mixed_matrix_shares_a_power_of_ten():
    assert numbers.bmatrix([0.00001216, 2.202e-7]) == r"10^{-5} \begin{bmatrix}1.216 \\ 0.02202\end{bmatrix}"


# --- notation ------------------------------------------------------------------------------------------
def test_a_negative_argument_has_one_pair_of_parentheses(adam_tex):
    assert r"\left(\left(-" not in adam_tex and r"{\left(\left(-" not in adam_tex
    assert r"\tanh{\left(-0.25\right)}" in adam_tex
    assert r"\frac{1}{2}\left(-0.3847" not in adam_tex  # a mean's first term: no parentheses either


def test_softmax_is_written_out_with_exponentials(adam_tex):
    assert r"\operatorname{softmax}_{1}\left(0" not in adam_tex
    assert r"\frac{e^{0.2163}}{e^{0.2163} + e^{-0.2535}}" in adam_tex


def test_terms_that_vanish_and_factors_one_are_left_out(adam_tex):
    assert r"0 \cdot \log" not in adam_tex and r"1 \cdot \log" not in adam_tex
    assert r"L^{(1)} &= \fitpart{- {y_{1}}^{(1)}" in adam_tex and r"\fitpart{- \log{\left(0.6153 \right)}}" in adam_tex
    assert r"0.999 \cdot 0 +" not in adam_tex  # Adam's s^[0] = 0


def test_an_identity_step_is_not_written_and_equal_bars_share_a_line():
    text = sheet_tex(solved(LINEAR))
    assert r"\operatorname{id}\left({z_{2}}^{(1)}" not in text
    assert r"{a_{2}}^{(1)} = {z_{2}}^{(1)} &=" in text
    assert r"{\bar{z}_{2}}^{(1)} = {\bar{a}_{2}}^{(1)} &=" in text
    assert r"{\bar{z}_{2}}^{(1)} &=" not in text


def test_element_labels_of_subscripted_names_are_unambiguous(adam, adam_tex):
    assert element_name("W2", (2, 1)) == "W_{2}[2,1]" and element_name("W", (1, 2)) == "W_{12}"
    assert element_name("W", (10, 2)) == "W_{10,2}"
    assert "W_{2,21}" not in adam_tex and "W_{1,11}" not in adam_tex
    assert r"$W_{2}[2,1]$ &" in SheetBuilder(adam).gradcheck_section()["table"]


def test_a_copied_value_is_not_written_again_in_parentheses():
    steps = SheetBuilder(trace.build(spec.load(HW2))).iteration(trace.build(spec.load(HW2)).iterations[0])
    bbar = [s for b in steps["blocks"] for s in b.steps if s.lhs == r"{\bar{b}_{2}}^{(1)}"][0]
    assert bbar.parts == [r"\bar{f}^{(1)}", "-0.4657"]


def test_rows_of_fractions_have_room_and_table_rows_of_matrices_too(adam_tex):
    for matrix in re.findall(r"\\begin\{bmatrix\}.*?\\end\{bmatrix\}", adam_tex):
        if r"\frac" in matrix and r"\\" in matrix:
            assert r"\\[1.2ex]" in matrix and not re.search(r"\\\\ (?!\[)", matrix.split(r"\end")[0]), matrix
    summary = adam_tex[adam_tex.index(r"\section{Summary}"):]
    assert r"\\ \addlinespace[3pt]" in summary


def test_a_formula_stays_with_its_first_line_and_the_rule_on_one_page(adam_tex):
    assert r"{z_{1}}^{(1)} &= \fitpart{W_{1} x^{(1)} + b_{1}} \\* &=" in adam_tex
    rule = adam_tex[adam_tex.index(r"m^{[t]} &="):adam_tex.index(r"\section{Derivation}")]
    assert rule.count(r"\\*") >= 4 and not re.search(r"\\\\(?![*])", rule)


# --- detail modes --------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["full", "first", "summary"])
def test_each_detail_mode_writes_in_full_what_it_says(mode):
    tr = solved(ADAM_RAW, mode)
    builder = SheetBuilder(tr)
    written = [(it.t, b.sample) for it in tr.iterations for b in builder.iteration(it)["blocks"] if b.sample]
    # a sample written in full has two blocks: its forward pass and loss, and its backward pass
    expected = {"full": [(t, i) for t in (1, 2) for i in (1, 1, 2, 2)], "first": [(1, 1), (1, 1)],
                "summary": []}[mode]
    assert written == expected
    tables = [b.table for it in tr.iterations for b in builder.iteration(it)["blocks"] if b.table]
    assert (mode == "full") == (not tables)


def test_a_pass_table_has_every_quantity_of_the_sample_once(adam):
    rows = detail.pass_rows(adam, 2, (1, 2))
    assert [label for label, _ in rows][:5] == ["z_{1}", "a_{1}", "z_{2}", r"\hat{y}", "L"]
    assert len(rows) == len([k for k in adam.quantities if k.startswith("it2.s1.")])
    labels = [label for label, _ in detail.pass_rows(solved(LINEAR), 1, (1, 2))]
    assert "a_{2} = z_{2}" in labels and r"\bar{z}_{2} = \bar{a}_{2}" in labels and "a_{2}" not in labels


def test_the_detail_key_and_option_are_checked():
    bad = copy.deepcopy(ADAM_RAW) | {"sheet": {"detail": "brief"}}
    with pytest.raises(InputError, match=r"sheet\.detail: expected one of full, first, summary, got 'brief'"):
        spec.parse(bad, ADAM)
    with pytest.raises(InputError, match="--detail"):
        spec.parse(copy.deepcopy(ADAM_RAW), ADAM, detail="all")
    assert spec.parse(copy.deepcopy(ADAM_RAW) | {"sheet": {"detail": "summary"}}, ADAM, detail="first").detail == "first"


def test_a_linear_layer_before_batch_norm_writes_no_identity_and_no_zero_shift():
    text = sheet_tex(trace.build(spec.load(ROOT / "derive" / "problems" / "batchnorm.toml")))
    assert r"\operatorname{id}" not in text
    assert r"\bar{z}^{(1)} &= \fitpart{\bar{h}^{(1)}} \\* &=" in text
    assert r"+ 0\\" not in text and not re.search(r"\\left\(\\left\(-[0-9.]+\\right\)", text)
    assert r"\left(-0.2 - 0.0125\right)^{2}" in text  # a sum's first term: no parentheses of its own


def test_a_matrix_too_wide_for_the_line_is_written_element_by_element_not_scaled_down(adam_tex):
    from derive.network.formulas import LINE, _width

    assert r"\begin{array}{@{}l@{}}[1,1]\colon\ 0.999 \cdot" in adam_tex  # Adam's s of iteration 2
    for matrix in re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", adam_tex):
        rows = [r.split(" & ") for r in re.split(r" \\\\(?:\[[^\]]*\])? ", matrix)]
        assert sum(max(_width(r[c]) for r in rows if c < len(r)) for c in range(len(rows[0]))) <= LINE + 10, matrix
