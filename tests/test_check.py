"""derive claims / derive check: rounding intervals, errors carried forward, reports, bad input."""
import json
import subprocess
import sys
import tomllib

import numpy as np
import pytest

import problem_factory as pf
from cli_runner import derive_cli
from conftest import HW2, ROOT, requires, seeds
from derive.marking import check, claims, intervals
from derive import cli
from derive.marking.policy import Policy
from derive.problem import spec
from derive.engine import trace

DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def hw2(solved):
    return solved("hw2")


def derive(*args):
    """The CLI in this process (tests/cli_runner.py): a CompletedProcess."""
    return derive_cli(args, ROOT)


def derive_process(*args):
    """The CLI in a fresh process."""
    return subprocess.run([sys.executable, "-m", "derive", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def run(capsys, *args):
    """The CLI in this process (fast): exit code, stdout, stderr."""
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def write_claims(path, entries, check_table=""):
    """A claims file from {key: TOML value text}."""
    path.write_text("".join(f'"{k}" = {v}\n' for k, v in entries.items()) + check_table, encoding="utf-8")
    return path


def toml_value(value, fmt):
    """A number, list or list of rows as TOML, each number written by fmt."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return fmt(float(arr))
    return "[" + ", ".join(toml_value(row, fmt) for row in arr) + "]"


def exported(q):
    return np.reshape(np.asarray(q.value, dtype=float), q.shape)


def student_claims(tr, decimals, slips=None, skip=()):
    """Claims of a student who rounds every step to `decimals` and works on from their own rounded numbers."""
    slips = slips or {}
    world, out = {}, {}
    for key, q in tr.quantities.items():
        value = exported(q) if q.template is None else intervals.evaluate(q, [world[p] for p in q.parents])
        if key in slips:
            value = slips[key](value)
        if key in claims.claimable(tr) and key not in skip and np.all(np.isfinite(value)):
            value = np.round(value, decimals)
            out[key] = toml_value(value, lambda x: f'"{x:.{decimals}f}"')
        world[key] = np.asarray(value, dtype=float)
    return out


def verdicts(report_json):
    return {e["key"]: e["verdict"] for e in report_json}


# --- correct, carried, wrong -------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("decimals", range(1, 7))
@pytest.mark.parametrize("form", ["string", "number"])
def test_rounded_true_values_are_all_correct(tmp_path, capsys, hw2, decimals, form):
    fmt = (lambda x: f'"{x:.{decimals}f}"') if form == "string" else (lambda x: repr(round(x, decimals)))
    entries = {k: toml_value(exported(hw2[k]), fmt) for k in claims.claimable(hw2)}
    path = write_claims(tmp_path / "mine.toml", entries)
    policy = decimals if form == "string" else 1  # TOML keeps no trailing zero: round(0.120, 3) is written 0.12
    code, out, _ = run(capsys, "check", HW2, path, "--json", tmp_path / "r.json", "--min-decimals", policy)
    report = json.loads((tmp_path / "r.json").read_text())
    assert code == 0
    assert len(report) == sum(int(np.prod(hw2[k].shape)) for k in claims.asked(hw2))  # given values: not marked
    assert {e["verdict"] for e in report} == {"correct"}
    assert all(e["carried"] is None for e in report)
    assert f"{len(report)} correct, 0 carried, 0 imprecise, 0 wrong, 0 unanswered of {len(report)}" in out


@pytest.mark.parametrize("decimals", [2, 3, 4, 6])
def test_a_perturbed_early_value_makes_what_follows_carried_not_wrong(tmp_path, capsys, hw2, decimals):
    entries = student_claims(hw2, decimals, {"it1.s1.z": lambda v: v + np.array([0.1, 0.0])})
    code, out, _ = run(capsys, "check", HW2, write_claims(tmp_path / "m.toml", entries), "--json", tmp_path / "r.json",
                       "--min-decimals", decimals)
    report = json.loads((tmp_path / "r.json").read_text())
    found = verdicts(report)
    assert code == 1
    assert [k for k, v in found.items() if v == "wrong"] == ["it1.s1.z[1]"]
    # a later number that no longer rounds to the true value is carried (it follows from the slip) or correct
    # (it follows from correct numbers, rounding included); one that does is correct
    for e in (e for e in report if e["key"] != "it1.s1.z[1]"):
        off = abs(e["claimed"] - e["true"]) > 0.5 * 10 ** -decimals * (1 + 1e-9)
        assert e["verdict"] in (("carried", "correct") if off else ("correct",)), e
    assert found["it1.s1.h[1]"] == "carried"
    assert found["it1.s2.z[1]"] == found["it1.s3.yhat"] == "correct"  # other samples do not use it
    assert "first error: it1.s1.z[1]" in out


def test_a_value_that_follows_from_nothing_is_wrong(tmp_path, capsys, hw2):
    entries = {k: toml_value(exported(hw2[k]), lambda x: f'"{x:.4f}"') for k in claims.claimable(hw2)}
    entries["it1.s2.f"] = "0.7311"
    code, out, _ = run(capsys, "check", HW2, write_claims(tmp_path / "m.toml", entries), "--json", tmp_path / "r.json",
                       "--min-decimals", "4")
    found = verdicts(json.loads((tmp_path / "r.json").read_text()))
    assert code == 1
    assert [k for k, v in found.items() if v != "correct"] == ["it1.s2.f"]
    assert found["it1.s2.f"] == "wrong"
    assert "it1.s2.f = b2 + u*h" in out and "gives 0.0818; you wrote 0.7311" in out  # at the written precision


def test_a_student_who_only_rounds_is_all_correct(tmp_path, capsys, hw2):
    entries = student_claims(hw2, 3)
    code, out, _ = run(capsys, "check", HW2, write_claims(tmp_path / "m.toml", entries), "--json", tmp_path / "r.json",
                       "--min-decimals", "3")
    found = verdicts(json.loads((tmp_path / "r.json").read_text()))
    assert code == 0 and set(found.values()) == {"correct"}  # rounding as they go is not an error


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("seed", seeds(8))
def test_random_problems_exact_claims_correct_one_slip_wrong_the_rest_not(tmp_path, seed):
    from derive.marking.marked_sheet import marked_tex

    problem = pf.random_problem(seed, optimizer=None, batch=None)
    tr = trace.build(spec.load(pf.write_problem(tmp_path, problem)))
    exact = {k: toml_value(exported(tr[k]), lambda x: f'"{x:.5f}"') for k in claims.claimable(tr)}
    report = check.mark(tr, claims.load(write_claims(tmp_path / "exact.toml", exact), tr), Policy(None, 5))
    assert report.counts()["correct"] == len(report.marks) > 0
    slip = f"it1.s{tr.iterations[0].samples[0]}.{tr.problem.layers[0].pre}"
    worked = student_claims(tr, 4, {slip: lambda v: v + 0.2})
    report = check.mark(tr, claims.load(write_claims(tmp_path / "worked.toml", worked), tr), Policy(None, 4))
    assert {m.quantity for m in report.marks if m.verdict == "wrong"} == {slip}
    assert r"\end{document}" in marked_tex(report)


def test_an_empty_claims_file_checks_nothing(tmp_path, capsys):
    code, out, _ = run(capsys, "check", HW2, write_claims(tmp_path / "m.toml", {}))
    assert code == 0 and out == "No claims to check.\n"


# --- the rounding interval at its edges --------------------------------------------------------------
def edge_problem(tmp_path, z1):
    """hw2 with W11 such that sample 1's z1 = W11 - 0.4 is `z1` (a worked number; W is given)."""
    w11 = repr(round(float(z1) + 0.4, 10))
    text = HW2.read_text().replace("W = [[0.8, 0.2, -0.5]", f"W = [[{w11}, 0.2, -0.5]")
    path = tmp_path / "edge.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("w11, claim, verdict", [
    ("0.5365", '"0.537"', "correct"),  # 0.537 stands for [0.5365, 0.5375]: the lower end is in
    ("0.5365", '"0.536"', "correct"),  # and [0.5355, 0.5365]: the upper end too
    ("0.5375", "0.537", "correct"),
    ("0.53649", "0.537", "wrong"),
    ("0.53751", "0.537", "wrong"),
    ("0.5365", '"0.5370"', "wrong"),  # four decimals: [0.53695, 0.53705]
    ("0.5365", "0.54", "correct"),
])
def test_rounding_interval_edges(tmp_path, capsys, w11, claim, verdict):
    problem = edge_problem(tmp_path, w11)
    path = write_claims(tmp_path / "m.toml", {"it1.s1.z[1]": claim})
    code, _, _ = run(capsys, "check", problem, path, "--json", tmp_path / "r.json", "--min-decimals", "2")
    assert verdicts(json.loads((tmp_path / "r.json").read_text())) == {"it1.s1.z[1]": verdict}
    assert code == (0 if verdict == "correct" else 1)


@pytest.mark.parametrize("claim, verdict", [
    ('"0.35"', "carried"),  # from the wrong z1 = 0.5, in [0.45, 0.55], h1 = z1 sigma(z1) lies in [0.2748, 0.3488]
    ('"0.3488"', "carried"),  # [0.34875, 0.34885] meets it
    ('"0.3490"', "wrong"),  # [0.34895, 0.34905] does not
    ('"0.2748"', "carried"),
    ('"0.2746"', "wrong"),
    ('"0.3112"', "carried"),  # what the wrong z1 gives
    ('"0.2395"', "correct"),  # what the right z1 = 0.4 gives
])
def test_carried_when_the_claim_interval_meets_the_range_of_the_students_inputs(tmp_path, capsys, hw2, claim, verdict):
    path = write_claims(tmp_path / "m.toml", {"it1.s1.z[1]": '"0.5"', "it1.s1.h[1]": claim})
    run(capsys, "check", HW2, path, "--json", tmp_path / "r.json", "--min-decimals", "1")
    found = verdicts(json.loads((tmp_path / "r.json").read_text()))
    assert found == {"it1.s1.z[1]": "wrong", "it1.s1.h[1]": verdict}


def test_decimals_and_rtol_settings(tmp_path, capsys):
    problem = edge_problem(tmp_path, "0.5365")
    key = "it1.s1.z[1]"
    path = write_claims(tmp_path / "m.toml", {key: "0.5"}, "[check]\ndecimals = 1\n")
    run(capsys, "check", problem, path, "--json", tmp_path / "r.json", "--min-decimals", "1")
    assert verdicts(json.loads((tmp_path / "r.json").read_text())) == {key: "correct"}
    path = write_claims(tmp_path / "m.toml", {key: "0.5"}, "[check]\ndecimals = 2\n")
    run(capsys, "check", problem, path, "--json", tmp_path / "r.json", "--min-decimals", "1")
    assert verdicts(json.loads((tmp_path / "r.json").read_text())) == {key: "wrong"}
    path = write_claims(tmp_path / "m.toml", {key: '"0.53654"'}, "[check]\nrtol = 0.001\n")
    run(capsys, "check", problem, path, "--json", tmp_path / "r.json", "--min-decimals", "1")
    assert verdicts(json.loads((tmp_path / "r.json").read_text())) == {key: "correct"}


def test_numbers_in_a_list_keep_their_own_decimals(tmp_path, hw2):
    # as written: 0.0160 has four decimals, 0 none (a whole number), 0.016 three; a string keeps its own too
    path = tmp_path / "m.toml"
    path.write_text('"it1.s1.grad.W" = [[-0.0324, 0, -0.0259], [0.0160, 0.0000, 0.016]]\n'
                    '"it1.s1.grad.h" = ["-0.05", 0.0466]\n"it1.loss" = 0.7\n')
    c = claims.load(path, hw2)
    w = c.quantities["it1.s1.grad.W"]
    np.testing.assert_allclose(w.half, [[5e-5, 0.5, 5e-5], [5e-5, 5e-5, 5e-4]])
    assert list(w.texts[1]) == ["0.0160", "0.0000", "0.016"]
    assert np.allclose(c.quantities["it1.s1.grad.h"].half, [0.005, 0.00005])
    assert float(c.quantities["it1.loss"].half) == pytest.approx(0.05)


# --- the claims file ----------------------------------------------------------------------------------
def test_claims_command_lists_every_key_and_filled_in_it_checks_correct(tmp_path, hw2):
    out = derive("claims", HW2)
    assert out.returncode == 0, out.stderr
    assert tomllib.loads(out.stdout) == {}
    listed = [line.split('"')[1] for line in out.stdout.splitlines() if line.startswith('# "')]
    assert listed == claims.claimable(hw2)
    filled = []
    for line in out.stdout.splitlines():
        if line.startswith('# "'):
            key = line.split('"')[1]
            line = f'"{key}" = ' + toml_value(exported(hw2[key]), lambda x: f'"{x:.3f}"')
        filled.append(line)
    path = tmp_path / "filled.toml"
    path.write_text("\n".join(filled))
    checked = derive("check", HW2, path, "--color", "never", "--min-decimals", "3")
    assert checked.returncode == 0, checked.stderr
    assert "0 carried, 0 imprecise, 0 wrong, 0 unanswered" in checked.stdout


def test_element_keys_tables_and_one_row_matrices(tmp_path, capsys, hw2):
    path = tmp_path / "m.toml"
    path.write_text('"it1.u[2]" = -0.1\n"it1.s1.z[2,1]" = -0.32\n"it1.s2.grad.u[2]" = 0.0360\n'
                    '[it1.s1]\nyhat = 0.534\nf = [0.137]\n')
    code, out, _ = run(capsys, "check", HW2, path, "--json", tmp_path / "r.json", "--min-decimals", "2")
    found = verdicts(json.loads((tmp_path / "r.json").read_text()))
    assert code == 0
    assert found == {"it1.s1.z[2]": "correct", "it1.s1.f": "correct", "it1.s1.yhat": "correct",
                     "it1.s2.grad.u[1,2]": "correct"}
    assert "Not marked (given in the problem): it1.u[2]" in out


# --- the realistic hand derivation --------------------------------------------------------------------
def test_hw2_hand_derivation_with_slips_matches_expected_report(tmp_path):
    out = derive("check", HW2, DATA / "hw2_claims.toml", "--json", tmp_path / "r.json", "--color", "never",
                 "--min-decimals", "4")
    assert out.returncode == 1, out.stderr
    got = json.loads((tmp_path / "r.json").read_text())
    expected = json.loads((DATA / "hw2_claims.expected.json").read_text())
    assert [(e["key"], e["verdict"]) for e in got] == [(e["key"], e["verdict"]) for e in expected]
    for g, e in zip(got, expected):
        assert g["claimed"] == e["claimed"] and g["true"] == pytest.approx(e["true"], rel=1e-9, abs=1e-12)
        assert (g["carried"] is None) == (e["carried"] is None)
        if e["carried"] is not None:
            assert g["carried"] == pytest.approx(e["carried"], rel=1e-9, abs=1e-12)
    wrong = [e["key"] for e in got if e["verdict"] == "wrong"]
    assert wrong == ["it1.s1.grad.z[1]", "it1.s1.grad.z[2]", "it1.s2.grad.f", "it1.loss"]
    # what the slips lead to is carried, not wrong
    assert verdicts(got)["it1.s1.grad.W[1,1]"] == verdicts(got)["it1.s2.grad.u[1,1]"] == "carried"
    assert verdicts(got)["final.b2"] == verdicts(got)["it2.loss"] == "carried"
    assert "first error: it1.s1.grad.z[1]" in out.stdout
    assert "gives 0.5204; you wrote -0.5204" in out.stdout
    assert "gives 0.6996; you wrote 1.0494" in out.stdout
    assert "\033[" not in out.stdout


def test_colour_always_and_never(tmp_path, capsys):
    path = DATA / "hw2_claims.toml"
    assert "\033[31mwrong\033[0m" in run(capsys, "check", HW2, path, "--color", "always")[1]
    assert "\033[" not in run(capsys, "check", HW2, path, "--color", "never")[1]


@requires("tex")
@pytest.mark.slow
def test_marked_sheet_compiles(tmp_path):
    out = derive("check", HW2, DATA / "hw2_claims.toml", "--pdf", "--tex", "-o", tmp_path)
    assert out.returncode == 1, out.stderr
    pdf = tmp_path / "hw2_claims-marked.pdf"
    assert pdf.exists() and (tmp_path / "hw2_claims-marked.tex").exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "First error" in text and "from your numbers" in text and "ecf" in text
    assert "47 of 212" in text and "0.5204" in text and "Score" in text


def test_marked_sheet_source_marks_each_step(hw2):
    from derive.marking.marked_sheet import marked_tex

    report = check.mark(hw2, claims.load(DATA / "hw2_claims.toml", hw2))
    source = marked_tex(report)
    assert source.count("\\cross& ") == 3  # the three wrong steps
    assert r"\markwrong{-0.5204}" in source and r"\markcarried{-0.0465}" in source
    assert r"\bar{h}^{(1)} \odot \operatorname{swish}'\left(z^{(1)}\right)" in source


# --- bad input ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [
    ('"it1.s1.z" = [0.4, -0.32, 1]\n', ["it1.s1.z", "a list of 2 numbers", "got a list of 3 numbers"]),
    ('"it1.grad.W" = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]\n', ["2 rows of 3 numbers", "a list of 6 numbers"]),
    ('"it1.grad.W" = [[0.1, 0.2, 0.3], [0.4]]\n', ["rows of unequal length"]),
    ('"it1.loss" = "about 0.7"\n', ["it1.loss", "a number", "'about 0.7'"]),
    ('"it1.loss" = true\n', ["it1.loss", "a number", "True"]),
    ('"it1.s1.z" = [0.4, "x"]\n', ["it1.s1.z[2]", "a number"]),
    ('"it1.loss" = nan\n', ["a finite number"]),
    ('"it1.grad.W[3,1]" = 0.5\n', ["it1.grad.W[3,1]", "within 2x3"]),
    ('"it1.grad.W[0,1]" = 0.5\n', ["it1.grad.W[0,1]", "1-based"]),
    ('"it1.s1.z[a]" = 0.5\n', ["element index"]),
    ('"it1.grad.W[1,1]" = [0.5]\n', ["one number"]),
    ('"it1.s1.z" = [0.4, -0.32]\n"it1.s1.z[1]" = 0.4\n', ["it1.s1.z[1]", "one claim per number"]),
    ('"it1.loss" = 0.7\n[check]\ndecimals = -1\n', ["check.decimals"]),
    ('"it1.loss" = 0.7\n[check]\nrtol = "big"\n', ["check.rtol"]),
    ('"it1.loss" = 0.7\n[check]\ndigits = 3\n', ["check.digits", "decimals or rtol"]),
    ('"it1.loss" = \n', ["a TOML claims file", "syntax error"]),
    ('# "it1.s1.z" = [..., ...]\n"it1.s1.yhat" = ...\n', ["a TOML claims file"]),
])
def test_bad_claims_are_one_line_and_exit_2(tmp_path, capsys, text, words):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    code, out, err = run(capsys, "check", HW2, path)
    assert code == 2 and out == ""
    assert err.startswith("derive: error: ") and err.count("\n") == 1
    for w in words:
        assert w in err


def test_missing_claims_file_and_unwritable_json(tmp_path, capsys):
    code, _, err = run(capsys, "check", HW2, tmp_path / "none.toml")
    assert code == 2 and "a readable claims file" in err
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(capsys, "check", HW2, DATA / "hw2_claims.toml", "--json", blocker / "r.json")
    assert code == 2 and err.startswith("derive: error: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow  # a real process given bad input: the default run's is test_fuzz's
def test_a_real_subprocess_reports_bad_input_without_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('"it1.s1.yhat" = "about 0.5"\n')
    out = derive_process("check", HW2, path)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "it1.s1.yhat" in out.stderr


def test_unknown_keys_are_listed_with_the_closest_and_the_rest_is_marked(tmp_path, capsys):
    path = write_claims(tmp_path / "m.toml", {"it1.s1.yht": "0.5", "it1.GRAD.w": "0.5", "it1.s1.yhat": '"0.534"',
                                              "data.s1.x": "[1, 0, 0.8]"})
    code, out, _ = run(capsys, "check", HW2, path, "--color", "never")
    assert code == 1  # something is not right: an unknown key
    assert "it1.s1.yht: not a key of this problem (closest: it1.s1.yhat" in out
    assert "it1.GRAD.w: not a key of this problem (closest: it1.grad.W" in out  # letter case aside
    assert "Not marked (given in the problem): data.s1.x" in out
    assert "1 correct, 0 carried, 0 imprecise, 0 wrong, 211 unanswered of 212 asked numbers" in out


def test_a_number_is_exact_by_numpys_isclose_rule_on_numbers_and_arrays():
    """check's exactness test (a copied number is not rounded) is numpy.isclose with relative 1e-12 and equal
    infinities, or a 0 where the value is floating-point noise: the same on single numbers as on arrays."""
    edge = [0.0, -0.0, 1e-13, -1e-13, 1.0, 1.0 + 1e-12, 1.0 + 2e-12, 1 - 1e-12, np.inf, -np.inf, np.nan, 1e-300,
            5e-324, 2.5, -2.5, 1e12, 1e12 + 1]
    claimed, value = (np.array(pair) for pair in zip(*[(a, b) for a in edge for b in edge]))
    expected = np.isclose(claimed, value, rtol=1e-12, atol=0) | ((claimed == 0) & (np.abs(value) <= intervals.FLOOR))
    assert np.array_equal(check._same(claimed, value), expected)
    assert [bool(check._same(float(a), float(b))) for a, b in zip(claimed, value)] == expected.tolist()
