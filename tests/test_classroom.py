"""A class: [vary] draws and seeds, variants per student (independent of the roster, reproducible, degenerate
draws redrawn), question sheets sharing the answer sheet's statement, grading every submission, bad input.

CLI tests run the real CLI in this process (a real process for the terminal's progress bar); numbers are checked against tests/reference.py (plain NumPy)."""
import csv
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

import reference
from cli_runner import derive_cli, derive_on_terminal, one_by_one
from problem_factory import random_problem
from derive.problem import spec
from derive.classroom import degenerate, toml_text
from derive.classroom.vary import draw, plan_of, student_seed

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def run(args, cwd, pool=False, **kw):
    """`derive ARGS` in this process (tests/cli_runner.py); a real process only where the test needs one. The class
    commands work one student after another (--jobs 1) unless `pool`: the pool is what the tests with pool=True are
    about, and gives the same files (test_variants_are_reproducible_and_independent_of_the_roster)."""
    return derive_cli(args if pool else one_by_one(args), cwd, **kw)


def class_raw(**vary):
    raw = tomllib.loads(CLASS.read_text())
    raw["vary"].update(vary)
    return raw


def plan_for(raw, path=Path("p.toml")):
    return plan_of(spec.parse(raw, path))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def all_bytes(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def write_roster(path, ids, column="id"):
    path.write_text(f"{column},name\n" + "".join(f"{i},Student {n}\n" for n, i in enumerate(ids)), encoding="utf-8")
    return path


# --- seeds and draws ------------------------------------------------------------------------------
def test_student_seed_depends_on_problem_seed_and_id_only():
    code = "from derive.classroom.vary import student_seed; print(student_seed(2026, 's001'))"
    # a process with another hash seed than this one's (random, unless PYTHONHASHSEED fixes it): the same seed
    seed = "1" if os.environ.get("PYTHONHASHSEED") == "0" else "0"
    other = subprocess.run([sys.executable, "-c", code], env=dict(ENV, PYTHONHASHSEED=seed), capture_output=True,
                           text=True, check=True).stdout
    assert other == f"{student_seed(2026, 's001')}\n"
    seeds = {student_seed(2026, f"s{n:03d}") for n in range(200)} | {student_seed(2027, "s001")}
    assert len(seeds) == 201 and all(0 <= s < 2**63 for s in seeds)


def test_draws_lie_on_the_rules_grid_and_cover_it():
    plan = plan_for(class_raw())
    seen_w, seen_lr = set(), set()
    for n in range(200):
        raw = draw(plan, n, 0)
        w = np.array(raw["init"]["W"])
        assert w.shape == (2, 3) and np.all(np.abs(w) <= 0.9)
        assert np.allclose(w * 10, np.round(w * 10))  # one decimal
        x = np.array(raw["data"]["x"])
        assert x.shape == (3, 3) and x.min() >= 0 and x.max() <= 1
        assert raw["data"]["y"] == [1, 0, 0] and raw["init"]["b2"] == [0.1]  # not varied: as in the file
        seen_w |= set(w.ravel().tolist())
        seen_lr.add(raw["optimizer"]["lr"])
        spec.parse(raw)
    assert seen_w == {round(k / 10, 1) for k in range(-9, 10)} and seen_lr == {0.1, 0.2}
    assert draw(plan, 7, 0) == draw(plan, 7, 0) and draw(plan, 7, 0) != draw(plan, 7, 1)


def test_one_element_and_integer_rules():
    raw = class_raw()
    raw["vary"] = {"seed": 1, "init": {"b1[2]": {"choices": [0.3, -0.3]}},
                   "optimizer": {"iterations": {"uniform": [1, 3], "decimals": 0}}}
    plan = plan_for(raw)
    found = set()
    for n in range(60):
        drawn = draw(plan, n, 0)
        assert drawn["init"]["b1"][0] == 0 and drawn["init"]["b1"][1] in (0.3, -0.3)
        assert isinstance(drawn["optimizer"]["iterations"], int)
        found.add(drawn["optimizer"]["iterations"])
    assert found == {1, 2, 3}


def test_toml_writer_reads_back_as_written():
    for seed in range(40):
        raw = random_problem(seed)
        raw["title"] = 'a "quoted" title \\ with é and\ttab'
        assert tomllib.loads(toml_text.dumps(raw, "# header")) == raw


# --- degenerate draws -----------------------------------------------------------------------------
def small_problem(activation="relu", w=(( -0.5, -0.4), (-0.3, -0.6)), x=((1.0, 0.5), (0.5, 1.0))):
    return {"network": {"inputs": 2, "layers": [{"units": 2, "activation": activation},
                                                {"units": 1, "activation": "sigmoid"}]},
            "loss": {"kind": "bce"}, "data": {"x": [list(r) for r in x], "y": [1, 0]},
            "init": {"W1": [list(r) for r in w], "b1": [0.0, 0.0], "W2": [[0.5, -0.5]], "b2": [0.1]},
            "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 1}}


def trace_of(raw):
    from derive.engine.pipeline import finite
    from derive.engine.trace import build
    return finite(build(spec.parse(raw)))


def test_degenerate_checks_against_a_plain_computation():
    dead = small_problem()  # negative weights, positive inputs: every hidden z < 0
    ref = reference.forward(dead, reference.params_from_init(dead), dead["data"]["x"][0])
    assert np.all(ref["z1"] <= 0)
    assert any("dead ReLU layer 1" in r for r in degenerate.reasons(trace_of(dead)))

    hot = small_problem("tanh", w=((3.0, 3.0), (-3.0, -3.0)))
    ref = reference.forward(hot, reference.params_from_init(hot), hot["data"]["x"][0])
    assert np.max(np.abs(ref["a1"])) > 0.99
    assert any(r.startswith("saturated tanh") for r in degenerate.reasons(trace_of(hot)))

    flat = small_problem("tanh", w=((0.5, -0.4), (0.3, 0.6)), x=((1.0, 0.0), (0.5, 0.0)))  # input 2 is always 0
    _, grads = reference.batch_loss_and_grads(flat, reference.params_from_init(flat), [0, 1])
    assert np.all(grads["W1"][:, 1] == 0)
    assert any("it1.grad.W1[1,2]" in r for r in degenerate.reasons(trace_of(flat)))

    fine = small_problem("tanh", w=((0.7, -0.2), (-0.4, 0.9)))
    _, grads = reference.batch_loss_and_grads(fine, reference.params_from_init(fine), [0, 1])
    assert min(np.abs(g).min() for g in grads.values()) > 0.01
    assert degenerate.reasons(trace_of(fine)) == []


def test_degenerate_draws_are_redrawn(tmp_path):
    """hw2_class redraws about one draw in five (a gradient that rounds to zero); every kept draw is usable,
    by an independent computation of its numbers."""
    result = run(["variants", str(CLASS), "--count", "25", "-o", "v", "--json-only"], tmp_path)
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp_path / "v" / "variants.csv")
    assert len(rows) == 25 and any(int(r["draw"]) > 1 for r in rows) and not any(r["degenerate"] for r in rows)
    assert "redrawn for degenerate numbers" in result.stdout
    for r in rows:
        problem = tomllib.loads((tmp_path / "v" / r["problem"]).read_text())
        records, _ = reference.train(problem)
        exported = json.loads((tmp_path / "v" / r["json"]).read_text())["quantities"]
        for record in records:
            t = record["t"]
            assert np.isclose(exported[f"it{t}.loss"], record["loss"], rtol=1e-12)
            for name, g in record["grad"].items():
                assert np.all(np.abs(g) >= 0.5e-4), (r["id"], t, name)
                assert np.allclose(exported[f"it{t}.grad.{name}"], g.reshape(np.shape(exported[f"it{t}.grad.{name}"])),
                                   rtol=1e-10, atol=1e-14)
            for i, sample in record["per_sample"].items():
                assert 0.01 <= sample["values"]["yhat"][0] <= 0.99


@pytest.mark.slow
def test_draws_that_stay_degenerate_are_kept_and_said(tmp_path):
    raw = small_problem()  # a dead ReLU layer whatever the learning rate
    raw["vary"] = {"seed": 5, "draws": 3, "optimizer": {"lr": {"choices": [0.1, 0.2]}}}
    (tmp_path / "dead.toml").write_text(toml_text.dumps(raw))
    result = run(["variants", "dead.toml", "--count", "2", "-o", "v", "--json-only"], tmp_path)
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp_path / "v" / "variants.csv")
    assert all("dead ReLU layer 1" in r["degenerate"] and r["draw"] == "1" for r in rows)
    assert "every one of 3 draws is degenerate" in result.stderr and "v001" in result.stderr
    raw["vary"]["reject"] = ["saturated"]  # the check is switched off: no complaint
    (tmp_path / "dead.toml").write_text(toml_text.dumps(raw))
    result = run(["variants", "dead.toml", "--count", "2", "-o", "w", "--json-only"], tmp_path)
    assert result.returncode == 0 and "degenerate" not in result.stderr
    assert not any(r["degenerate"] for r in read_csv(tmp_path / "w" / "variants.csv"))


# --- variants: reproducible, independent of the roster ----------------------------------------------
def test_variants_are_reproducible_and_independent_of_the_roster(tmp_path):
    write_roster(tmp_path / "a.csv", ["s001", "s002", "s003"])
    write_roster(tmp_path / "b.csv", ["new1", "s003", "s001", "new2"], column="ID")
    first = run(["variants", str(CLASS), "--roster", "a.csv", "-o", "one", "--json-only"], tmp_path, pool=True)
    again = run(["variants", str(CLASS), "--roster", "a.csv", "-o", "two", "--json-only", "--jobs", "1"], tmp_path)
    other = run(["variants", str(CLASS), "--roster", "b.csv", "-o", "three", "--json-only"], tmp_path)
    assert first.returncode == again.returncode == other.returncode == 0, first.stderr + other.stderr
    one, two, three = (all_bytes(tmp_path / d) for d in ("one", "two", "three"))
    assert one == two
    assert sorted(one) == ["roster.csv", "s001/s001-answers.json", "s001/s001-claims.toml", "s001/s001.toml",
                           "s002/s002-answers.json", "s002/s002-claims.toml", "s002/s002.toml",
                           "s003/s003-answers.json", "s003/s003-claims.toml", "s003/s003.toml", "variants.csv"]
    for name, data in one.items():
        if name.startswith(("s001/", "s003/")):
            assert three[name] == data, name
    assert read_csv(tmp_path / "three" / "roster.csv")[0] == {"id": "new1", "name": "Student 0"}  # columns kept
    rows = {r["id"]: r for r in read_csv(tmp_path / "one" / "variants.csv")}
    assert rows["s001"] == {r["id"]: r for r in read_csv(tmp_path / "three" / "variants.csv")}["s001"]
    assert rows["s001"]["seed"] == str(student_seed(2026, "s001"))
    variant = tomllib.loads((tmp_path / "one" / "s001" / "s001.toml").read_text())
    assert "vary" not in variant and variant["title"].endswith("(variant s001)")
    assert variant != tomllib.loads((tmp_path / "one" / "s002" / "s002.toml").read_text())
    # the variant's file solves to its JSON with the ordinary solve command
    solved = run(["solve", str(tmp_path / "one" / "s001" / "s001.toml"), "-o", "solo", "--json-only"], tmp_path)
    assert solved.returncode == 0, solved.stderr
    assert json.loads((tmp_path / "solo" / "s001.json").read_text()) == \
        json.loads(one["s001/s001-answers.json"])


@pytest.mark.slow
def test_a_new_seed_gives_new_variants(tmp_path):
    assert run(["variants", str(CLASS), "--count", "2", "-o", "a", "--json-only"], tmp_path).returncode == 0
    assert run(["variants", str(CLASS), "--count", "2", "-o", "b", "--json-only", "--seed", "7"],
               tmp_path).returncode == 0
    assert (tmp_path / "a/v001/v001.toml").read_bytes() != (tmp_path / "b/v001/v001.toml").read_bytes()


def test_no_progress_bar_when_the_output_is_not_a_terminal(tmp_path):
    piped = run(["variants", str(CLASS), "--count", "2", "-o", "p", "--json-only"], tmp_path)
    assert piped.returncode == 0 and "\r" not in piped.stderr and "%" not in piped.stderr


@pytest.mark.slow  # a real terminal and the pool of processes: the default run's is test_platform's grade bar
def test_progress_bar_only_on_a_terminal(tmp_path):
    piped = run(["variants", str(CLASS), "--count", "4", "-o", "p", "--json-only"], tmp_path)
    assert piped.returncode == 0 and "\r" not in piped.stderr and "%" not in piped.stderr
    code, seen = derive_on_terminal(["variants", CLASS, "--count", "4", "-o", "t", "--json-only"], cwd=tmp_path,
                                    env=ENV)
    assert code == 0
    assert b"100%" in seen and b"4/4" in seen
    assert all_bytes(tmp_path / "p") == all_bytes(tmp_path / "t")


# --- the question sheet -----------------------------------------------------------------------------
def statement_of(tex):
    start = tex.index(r"\section*{The problem}")
    return tex[start:tex.index(r"\paragraph{Optimizer.}", start)]


def test_question_sheet_shares_the_statement_and_holds_no_solution(tmp_path):
    assert run(["questions", str(HW2), "-o", "q", "--no-pdf"], tmp_path).returncode == 0
    assert run(["solve", str(HW2), "-o", "a", "--no-pdf"], tmp_path).returncode == 0
    questions = (tmp_path / "q" / "hw2-questions.tex").read_text()
    answers = (tmp_path / "a" / "hw2.tex").read_text()
    assert statement_of(questions) == statement_of(answers)
    assert questions.count(r"\texttt{it1.s1.z}") == 1 and r"\texttt{final.W}" in questions
    exported = json.loads((tmp_path / "a" / "hw2.json").read_text())["quantities"]
    from derive.display import numbers
    for key in ("it1.loss", "it2.loss", "it1.s2.yhat"):
        shown = numbers.plain(np.ravel(exported[key])[0], 4)
        assert shown in answers and shown not in questions, key
    assert r"\section{Derivation}" not in questions and "\\blank" in questions


# --- grading ----------------------------------------------------------------------------------------
def claims_text(quantities, keys=None, change=None):
    lines = []
    for key, value in quantities.items():
        if keys is not None and key not in keys:
            continue
        if change and key in change:
            value = change[key]
        lines.append(f'"{key}" = {json.dumps(value)}')
    return "\n".join(lines) + "\n"


def grading_setup(tmp_path, ids):
    write_roster(tmp_path / "roster.csv", ids)
    made = run(["variants", str(CLASS), "--roster", "roster.csv", "-o", "v", "--json-only"], tmp_path)
    assert made.returncode == 0, made.stderr
    (tmp_path / "subs").mkdir()
    return {i: json.loads((tmp_path / "v" / i / f"{i}-answers.json").read_text())["quantities"] for i in ids}


@pytest.mark.slow
@pytest.mark.sample
def test_grading_rows(tmp_path):
    answers = grading_setup(tmp_path, ["ann", "bob", "cy", "dee", "eve", "fay"])
    subs = tmp_path / "subs"
    (subs / "ann.toml").write_text(claims_text(answers["ann"]))  # everything, at full precision
    # bob: a slip in z of sample 1, and h worked from it: h = z sigma(z) of his own z, so carried
    q = answers["bob"]
    z = [q["it1.s1.z"][0] + 0.25, q["it1.s1.z"][1]]
    h = [round(float(v * reference.sigmoid(np.float64(v))), 6) for v in z]
    (subs / "bob.toml").write_text(claims_text(q, ["it1.s1.z", "it1.s1.h", "it1.loss"], {"it1.s1.z": z, "it1.s1.h": h}))
    (subs / "cy.toml").write_text("[[ not toml\n")
    (subs / "dee.toml").write_text('"it1.s1.zz" = 1\n')
    # eve's file is missing; fay hands in ann's answers (another variant's numbers)
    (subs / "fay.toml").write_text(claims_text(answers["ann"], ["it1.s1.z", "it1.loss"]))
    (subs / "stranger.toml").write_text("")
    result = run(["grade", "v", "--claims", "subs", "-o", "grades.csv", "--weights", "carried=1"], tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["id"]: r for r in read_csv(tmp_path / "grades.csv")}
    assert list(rows) == ["ann", "bob", "cy", "dee", "eve", "fay"]
    asked = int(rows["ann"]["asked"])
    assert rows["ann"]["status"] == "graded" and rows["ann"]["wrong"] == "0" and rows["ann"]["carried"] == "0"
    assert rows["ann"]["score"] == "100.0" and int(rows["ann"]["correct"]) == asked  # the given values: not counted
    assert asked == sum(np.size(v) for k, v in answers["ann"].items() if not k.startswith(("it1.W", "it1.b", "it1.u")))
    assert (rows["bob"]["correct"], rows["bob"]["carried"], rows["bob"]["wrong"]) == ("3", "1", "1")  # z[2], h[2], loss
    assert rows["bob"]["first_wrong"] == "it1.s1.z[1]"
    assert rows["bob"]["score"] == f"{100 * 4 / asked:.1f}"  # carried weighs 1 here
    assert rows["cy"]["status"] == "broken" and "syntax error" in rows["cy"]["reason"]
    assert rows["dee"]["status"] == "graded" and rows["dee"]["unknown_keys"].startswith("it1.s1.zz (it1.s1.z")
    assert rows["dee"]["unanswered"] == rows["dee"]["asked"] and rows["dee"]["score"] == "0.0"
    assert rows["eve"]["status"] == "missing" and rows["eve"]["reason"] == "no file eve.toml or eve-claims.toml"
    assert rows["eve"]["score"] == ""
    assert rows["fay"]["status"] == "graded" and rows["fay"]["wrong"] != "0"
    assert "stranger.toml" in result.stderr and "not graded" in result.stderr
    assert "graded 4 of 6 students (1 missing, 1 broken)" in result.stdout
    default = run(["grade", "v", "--claims", "subs", "-o", "g2.csv"], tmp_path)
    assert default.returncode == 0
    bob = {r["id"]: r for r in read_csv(tmp_path / "g2.csv")}["bob"]
    assert bob["score"] == f"{100 * (3 + 0.5 * 1) / asked:.1f}"  # carried weighs 0.5 by default
    assert run(["grade", "v", "--claims", "subs", "-o", "g2.csv"], tmp_path).stdout == default.stdout
    assert (tmp_path / "g2.csv").read_bytes() == (tmp_path / "g2.csv").read_bytes()


# --- bad input: one line, exit 2, nothing written ----------------------------------------------------
def bad_vary(tmp_path, vary):
    raw = tomllib.loads(HW2.read_text())
    raw["vary"] = vary
    (tmp_path / "p.toml").write_text(toml_text.dumps(raw))
    return run(["variants", "p.toml", "--count", "2", "-o", "out", "--json-only"], tmp_path)


@pytest.mark.parametrize("vary, needle", [
    ({"seed": 1, "init": {"Q": {"uniform": [0, 1]}}}, "vary.init.Q: expected a number of the problem that can vary"),
    ({"seed": 1, "init": {"W": {"uniform": [1, 0]}}}, "vary.init.W.uniform: expected [low, high] with low <= high"),
    ({"seed": 1, "init": {"W": {"uniform": [0.01, 0.04], "decimals": 1}}}, "a range holding a number with 1 decimals"),
    ({"seed": 1, "init": {"W": {"uniform": [0, "a"]}}}, "vary.init.W.uniform: expected [low, high]"),
    ({"seed": 1, "init": {"W": {"choices": []}}}, "vary.init.W.choices: expected a list of 1 to 100"),
    ({"seed": 1, "init": {"W": {"uniform": [0, 1], "choices": [1]}}}, "vary.init.W: expected one of uniform"),
    ({"seed": 1, "init": {"W": {"uniform": [0, 1], "step": 1}}}, "vary.init.W.step: expected only uniform"),
    ({"seed": 1, "optimizer": {"lr": {"uniform": [-0.1, 0.1]}}}, "vary.optimizer.lr: expected values the problem accepts (optimizer.lr: expected a number > 0)"),
    ({"seed": 1, "data": {"y": {"choices": [0, 2]}}}, "vary.data.y: expected values the problem accepts"),
    ({"seed": 1, "optimizer": {"iterations": {"uniform": [1, 3], "decimals": 1}}}, "vary.optimizer.iterations"),
    ({"seed": 1, "init": {"W[3,1]": {"choices": [1]}}}, "vary.init.W[3,1]: expected an element within 2x3"),
    ({"seed": 1, "init": {"W": {"choices": [1]}, "W[1,1]": {"choices": [2]}}}, "expected one rule for each number"),
    ({"seed": 1, "lr": 0.1}, "vary.lr: expected seed, draws, reject, or a number of the problem"),
    ({"init": {"W": {"choices": [1]}}}, "vary.seed: expected a seed"),
    ({"seed": -1, "init": {"W": {"choices": [1]}}}, "vary.seed: expected a whole number from 0"),
    ({"seed": 1, "draws": 0, "init": {"W": {"choices": [1]}}}, "vary.draws: expected a whole number from 1"),
    ({"seed": 1, "reject": ["boring"], "init": {"W": {"choices": [1]}}}, "vary.reject: expected a list of checks"),
    ({"seed": 1}, "vary: expected at least one number that varies"),
    (3, "vary: expected a table, got 3"),
])
@pytest.mark.slow
@pytest.mark.sample
def test_bad_vary_is_one_line(tmp_path, vary, needle):
    result = bad_vary(tmp_path, vary)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("derive: error: p.toml: ")
    assert needle in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_problem_without_vary(tmp_path):
    result = run(["variants", str(HW2), "--count", "2", "-o", "out"], tmp_path)
    assert result.returncode == 2 and "vary: expected a [vary] table" in result.stderr


@pytest.mark.parametrize("roster, needle", [
    ("name,email\nann,a@x\n", "roster.csv: id: expected one column named id (one row per student), got the columns 'name', 'email'"),
    ("id,name\ns1,a\ns2,b\ns1,c\n", "roster.csv: id (line 4): expected a different id on every row (letter case aside), got 's1' again (line 2)"),
    ("id\nS1\ns1\n", "got 's1' again (line 2)"),
    ("id,name\n,ann\n", "roster.csv: id (line 2): expected an id of 1 to 64 letters"),
    ("id\n../etc\n", "roster.csv: id (line 2): expected an id"),
    ("id\n", "roster.csv: id: expected at least one student"),
    ("", "roster.csv: expected a header row"),
])
@pytest.mark.slow
@pytest.mark.sample
def test_bad_roster_is_one_line(tmp_path, roster, needle):
    (tmp_path / "roster.csv").write_text(roster)
    result = run(["variants", str(CLASS), "--roster", "roster.csv", "-o", "out", "--json-only"], tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, needle", [
    (["variants", str(CLASS), "--count", "0"], "--count: expected a whole number from 1"),
    (["variants", str(CLASS), "--count", "2", "--jobs", "0"], "--jobs: expected a whole number from 1 to 256"),
    (["variants", str(CLASS), "--roster", "nothere.csv"], "nothere.csv: expected a readable roster"),
    (["grade", "nothere", "--claims", "."], "nothere: expected a folder written by derive variants"),
    (["grade", ".", "--claims", "."], "variants.csv: expected a readable variants.csv"),
    (["grade", ".", "--claims", ".", "--weights", "right=1"], "--weights: right: expected correct=, carried=, imprecise= or wrong="),
    (["grade", ".", "--claims", ".", "--weights", "correct=0"], "--weights: correct: expected a weight > 0"),
    (["grade", ".", "--claims", ".", "--weights", "wrong=x"], "--weights: wrong: expected a number"),
])
@pytest.mark.slow
@pytest.mark.sample
def test_bad_options_are_one_line(tmp_path, args, needle):
    result = run(args, tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr, result.stderr


def test_solve_accepts_a_problem_with_vary(tmp_path):
    assert run(["solve", str(CLASS), "-o", "out", "--json-only"], tmp_path).returncode == 0
    assert run(["solve", str(HW2), "-o", "base", "--json-only"], tmp_path).returncode == 0
    solved = json.loads((tmp_path / "out" / "hw2_class.json").read_text())
    base = json.loads((tmp_path / "base" / "hw2.json").read_text())
    assert solved["quantities"] == base["quantities"]  # [vary] changes nothing of the problem's own numbers


def test_a_large_problem_is_asked_per_iteration_only():
    from derive.classroom.questions import asked, questions_tex
    raw = random_problem(3, activations=("tanh", "sigmoid"), loss="bce", max_samples=1)
    raw["data"]["x"] = [[round(0.1 * ((i * 7 + j) % 9) - 0.4, 1) for j in range(len(raw["data"]["x"][0]))]
                        for i in range(14)]
    raw["data"]["y"] = [i % 2 for i in range(14)]
    trace = trace_of(raw)
    keys = asked(trace)
    assert keys and not any(trace[k].sample for k in keys) and "it1.loss" in keys and "final." + trace.problem.params[0] in keys
    tex = questions_tex(trace)
    assert "too large to work every sample by hand" in tex and r"\texttt{it1.s1." not in tex
