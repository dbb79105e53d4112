"""The answer sheet for every optimizer and batch mode: its steps as data (formula = numbers = result,
the look-ahead point, the samples of each iteration, the PyTorch note) and the compiled PDF."""
import re
import subprocess
import sys
import tomllib

import pytest

import problem_factory as pf
from conftest import HW2, ROOT, requires
from derive.language import messages
from derive.display import numbers
from derive.problem import spec
from derive.engine import trace
from derive.display.latex_text import escape
from derive.network.optimizers import RULES
from derive.forms.sheet import SheetBuilder

CASES = [("sgd", "full"), ("momentum", "sample"), ("nesterov", 2), ("nesterov", "full"), ("adagrad", 2),
         ("rmsprop", "full"), ("adam", "sample"), ("adam", 2)]


def hw2_with(kind, batch):
    """hw2 (3 samples, 2 iterations) with another optimizer and batch."""
    raw = tomllib.loads(HW2.read_text(encoding="utf-8"))
    raw["title"] = f"hw2 with {kind}, batch {batch}"
    raw["optimizer"] = {"kind": kind, "lr": 0.1, "iterations": 2, "batch": batch}
    return raw


def ident(case):
    return f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("kind,batch", CASES, ids=map(ident, CASES))
def test_each_update_reads_formula_numbers_result(kind, batch):
    tr = trace.build(spec.parse(hw2_with(kind, batch)))
    builder = SheetBuilder(tr)
    rule = RULES[kind]
    for it in tr.iterations:
        blocks = {b.title: b for b in builder.iteration(it)["blocks"]}
        update = blocks[f"Update ({escape(messages('en')(f'rule.{kind}.title'))})"].steps
        assert len(update) == len(tr.problem.params) * (len(rule.slots) + 1)
        for step in update:
            formula, *middle, result = step.parts
            assert middle, f"{step.lhs}: no line with the numbers substituted"
            greek = re.compile(r"\\(eta|mu|beta|rho|epsilon)\b")
            assert not re.search(r"\d\.\d", formula)  # symbols only
            assert re.search(r"\d\.\d", middle[0]) and not greek.search(middle[0])  # numbers only
            assert re.search(r"\d", result) and not greek.search(result)


@pytest.mark.parametrize("kind,batch", CASES, ids=map(ident, CASES))
def test_the_sheet_says_which_samples_and_shows_the_look_ahead(kind, batch):
    tr = trace.build(spec.parse(hw2_with(kind, batch)))
    builder = SheetBuilder(tr)
    expected = {"full": [(1, 2, 3), (1, 2, 3)], "sample": [(1,), (2,)], 2: [(1, 2), (3,)]}[batch]
    assert [it.samples for it in tr.iterations] == expected
    for it, samples in zip(tr.iterations, expected):
        page = builder.iteration(it)
        if batch == "full":
            assert "uses sample" not in page["intro"]
        else:
            word = "samples" if len(samples) > 1 else "sample"
            assert f"This iteration uses {word} {', '.join(map(str, samples))}." in page["intro"]
        titles = [b.title for b in page["blocks"]]
        assert ("Look-ahead point" in titles) == (kind == "nesterov")
        assert [t for t in titles if t.startswith("Sample")] == [
            f"Sample {i}: {part}" for i in samples for part in ("forward pass and loss", "backward pass")]
        if kind == "nesterov":
            look = page["blocks"][0].steps
            assert [s.lhs for s in look] == [tr[f"it{it.t}.lookahead.{p}"].symbol for p in tr.problem.params]
            # formula, numbers, result; in iteration 1 the velocity is 0 and its term is left out: theta-tilde = theta
            assert all(len(s.parts) == (2 if it.t == 1 else 3) for s in look)
            assert r"\tilde{b}_{1}" in look[1].lhs  # b1's look-ahead is b-tilde with subscript 1


@pytest.mark.parametrize("kind", sorted(RULES))
def test_the_pytorch_note_is_one_sentence_in_the_statement(kind):
    note = messages("en")(f"rule.{kind}.note")
    assert "PyTorch" in note and note.endswith(".") and ". " not in note.replace("e.g. ", "")
    tr = trace.build(spec.parse(hw2_with(kind, "full")))
    assert note in SheetBuilder(tr).statement()["optimizer_text"]


def pdf_text(pdf):
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.replace("\u2212", "-")


@requires("tex")
@pytest.mark.parametrize("kind,batch", CASES, ids=map(ident, CASES))
@pytest.mark.slow
def test_the_sheet_compiles_and_shows_the_loss_of_iteration_2(tmp_path, kind, batch):
    raw = hw2_with(kind, batch)
    path = tmp_path / f"{kind}.toml"
    path.write_text(pf.to_toml(raw), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "derive", "solve", str(path), "-o", str(tmp_path / "out"), "--pdf"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    text = pdf_text(tmp_path / "out" / f"{kind}.pdf")
    tr = trace.build(spec.parse(raw))
    assert numbers.plain(tr.value("it2.loss"), 4) in text
    assert "Iteration 2" in text and "PyTorch" in text
    assert ("Look-ahead point" in text) == (kind == "nesterov")
    if batch != "full":
        assert "This iteration uses sample" in text
