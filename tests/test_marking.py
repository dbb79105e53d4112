"""Fair marking: a simulated class (tests/simulated_students.py, plain NumPy) graded by derive grade; precision as
written; the policy; partial submissions; the marked sheet; hypothesis over random problems and rounding."""
import csv
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import problem_factory as pf
import simulated_students as ss
from conftest import HW2, ROOT
from derive import cli
from derive.engine import trace
from derive.marking import check, claims
from derive.problem import spec
from derive.marking.policy import Policy

BATCHNORM = ROOT / "problems" / "batchnorm.toml"
XW_ADAM = """title = "x W, softmax and cross-entropy, two steps of Adam"

[network]
inputs = 2
layout = "xW"

[[network.layers]]
units = 2
activation = "tanh"

[[network.layers]]
units = 3
activation = "softmax"

[loss]
kind = "ce"

[data]
x = [[0.5, -0.2], [0.1, 0.9]]
y = [[1, 0, 0], [0, 0, 1]]

[init]
W1 = [[0.3, -0.4], [0.2, 0.6]]
b1 = [0.1, -0.1]
W2 = [[0.5, -0.3, 0.2], [-0.6, 0.4, 0.1]]
b2 = [0.0, 0.1, -0.1]

[optimizer]
kind = "adam"
lr = 0.1
iterations = 2
"""


def problem_files(folder):
    """hw2, the x W softmax/CE Adam problem and batch norm with two iterations, as files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xwadam.toml").write_text(XW_ADAM)
    (folder / "bn2.toml").write_text(BATCHNORM.read_text().replace("iterations = 1", "iterations = 2"))
    shutil.copy(HW2, folder / "hw2.toml")
    return {"hw2": folder / "hw2.toml", "xwadam": folder / "xwadam.toml", "bn2": folder / "bn2.toml"}


# Slips of each kind, where each can be: forward, backward, mean gradient, optimizer state, iteration 2.
SLIPS = {
    "hw2": {"forward": ("it1.s2.z", ss.nudge(0, 0.1)), "sign": ("it1.s1.grad.f", ss.sign(0)),
            "derivative": ("it1.s1.grad.z", ss.derivative("sigmoid", "it1.s1.grad.h", "it1.s1.z")),
            "mean": ("it1.grad.W", ss.nudge(4, 0.01)), "state": ("it1.state.v.u", ss.sign(1)),
            "iteration2": ("it2.s3.h", ss.nudge(1, 0.05))},
    "xwadam": {"transposed": ("it1.s2.grad.W1", ss.transposed),
               "derivative": ("it1.s1.grad.z1", ss.derivative("sigmoid", "it1.s1.grad.a1", "it1.s1.z1")),
               "state": ("it1.state.m.W2", ss.nudge(2, 0.01)), "iteration2": ("it2.s1.grad.z2", ss.sign(0)),
               "forward": ("it1.s2.a1", ss.nudge(1, 0.1))},
    "bn2": {"forward": ("it1.var_B", ss.nudge(1, 0.05)), "backward": ("it1.s3.grad.h", ss.nudge(0, 0.02)),
            "derivative": ("it1.s2.grad.v", ss.derivative("linear", "it1.s2.grad.r", "it1.s2.v")),
            "mean": ("it1.grad.gamma", ss.nudge(0, 0.01)), "iteration2": ("it2.s1.zhat", ss.sign(2))},
}


def make_class(tmp_path, path, students):
    """A variants folder whose students all have `path` as their problem, and their submissions: every other
    student hands in the file under the name it was handed out (ID-claims.toml), the others as ID.toml."""
    from derive.classroom.variants import OK

    variants, subs = tmp_path / "class", tmp_path / "subs"
    variants.mkdir()
    subs.mkdir()
    shutil.copy(path, variants / "problem.toml")
    rows = ["id,problem,status"] + [f"{s.name},problem.toml,{OK}" for s in students]
    (variants / "variants.csv").write_text("\n".join(rows) + "\n")
    for n, s in enumerate(students):
        (subs / (f"{s.name}.toml" if n % 2 else f"{s.name}-claims.toml")).write_text(s.claims(), encoding="utf-8")
    return variants, subs


def grade(variants, subs, out, *options):
    code = cli.main(["grade", str(variants), "--claims", str(subs), "-o", str(out), "--jobs", "1", *options])
    with open(out, newline="", encoding="utf-8") as f:
        return code, {row["id"]: row for row in csv.DictReader(f)}


def counts_add_up(row):
    return sum(int(row[v]) for v in ("correct", "carried", "imprecise", "wrong", "unanswered")) == int(row["asked"])


def worked(path, name, digits=None, slip=None, persian=False):
    return ss.work(ss.Network(path), ss.Student(name, digits, slip, persian))


def slipped(tr, path, digits, key, slip):
    """The elements a slip changed: what the student writes with it and without it differ."""
    clean = worked(path, "clean", digits).written[key]
    wrong = worked(path, "slip", digits, (key, slip)).written[key]
    return [check.element_key(key, tr[key].shape, idx) for idx in np.ndindex(*tr[key].shape)
            if clean[idx] != wrong[idx]]


# --- the simulated students are right -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["hw2", "xwadam", "bn2"])
def test_the_simulated_students_work_the_problems_as_derive_does(tmp_path, name):
    path = problem_files(tmp_path)[name]
    tr = trace.build(spec.load(path))
    written = worked(path, "exact").written
    assert sorted(written) == sorted(claims.asked(tr))
    for key, value in written.items():
        np.testing.assert_allclose(value, np.reshape(tr[key].value, tr[key].shape), rtol=1e-9, atol=1e-12)


# --- the class, graded --------------------------------------------------------------------------------------------
def run_class(tmp_path, name, digits_list=(None, 2, 3, 4, 5, 6), slip_digits=(3, 4, 6)):
    path = problem_files(tmp_path / "problems")[name]
    tr = trace.build(spec.load(path))
    honest = [worked(path, f"d{d or 'x'}", d) for d in digits_list]
    honest.append(worked(path, "fa4", 4, persian=True))
    slips = [(worked(path, f"{kind}{d}", d, SLIPS[name][kind]), d, kind) for kind in SLIPS[name] for d in slip_digits]
    variants, subs = make_class(tmp_path, path, honest + [s for s, _, _ in slips])
    code, rows = grade(variants, subs, tmp_path / "grades.csv")
    assert code == 0
    assert all(row["status"] == "graded" and counts_add_up(row) for row in rows.values()), rows
    for s in honest:
        row = rows[s.name]
        assert int(row["wrong"]) == int(row["carried"]) == int(row["unanswered"]) == 0, row
        if s.digits is None or s.digits >= 3:
            assert row["score"] == "100.0", row  # rounding as they go costs nothing
        else:
            assert int(row["imprecise"]) > 0, row  # two digits are fewer than the default policy's three
    for s, d, kind in slips:
        row = rows[s.name]
        key, slip = SLIPS[name][kind]
        changed = slipped(tr, path, d, key, slip)
        assert changed and int(row["wrong"]) == len(changed) and row["first_wrong"] == changed[0], (kind, row)
        assert int(row["imprecise"]) == 0 and int(row["carried"]) > 0, (kind, row)
        if kind not in ("transposed", "derivative"):
            assert int(row["wrong"]) == 1, (kind, row)  # one slip, one wrong number
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("name", ["hw2", "xwadam", "bn2"])
def test_a_simulated_class_is_graded_fairly(tmp_path, name):
    run_class(tmp_path, name)


@pytest.mark.slow
@pytest.mark.sample
def test_a_simulated_class_sample(tmp_path):
    run_class(tmp_path, "hw2", digits_list=(3,), slip_digits=(4,))  # 2 digits: the policy test below


@pytest.mark.slow
@pytest.mark.parametrize("name, kind", [pytest.param(n, k, marks=[pytest.mark.sample] if (n, k) == ("bn2", "backward")
                                                      else []) for n in SLIPS for k in SLIPS[n]])
def test_every_slip_gives_exactly_the_slipped_numbers_wrong(tmp_path, name, kind):
    """In process (no grade run): each kind of slip, at 3 and 6 digits; what follows from it is carried."""
    path = problem_files(tmp_path)[name]
    tr = trace.build(spec.load(path))
    key, slip = SLIPS[name][kind]
    for digits in (3, 6):
        student = worked(path, "s", digits, (key, slip))
        report = check.mark(tr, claims.parse(_raw(student), tr, written=_written(student)))
        wrong = [m.key for m in report.marks if m.verdict == check.WRONG]
        assert wrong == slipped(tr, path, digits, key, slip), (kind, digits, wrong)
        assert not [m for m in report.marks if m.verdict == check.IMPRECISE]


def _written(student):
    from derive.marking.written import as_written

    return as_written(student.claims())


def _raw(student):
    import tomllib

    return tomllib.loads(student.claims())


# --- precision as written -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hw2():
    return trace.build(spec.load(HW2))


def load_text(tmp_path, tr, text):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return claims.load(path, tr)


def test_each_number_has_the_precision_it_is_written_with(tmp_path, hw2):
    c = load_text(tmp_path, hw2, '"it1.s2.h" = [-0.1132, 0.06922]\n"it1.s1.z" = [0.5370, 6.503e-04]\n'
                                 '"it1.loss" = "۰٫۶۹۹۶"\n"it1.s1.f" = 1_0.0\n')
    h, z = c.quantities["it1.s2.h"], c.quantities["it1.s1.z"]
    np.testing.assert_allclose(h.half, [5e-5, 5e-6])
    assert list(h.texts) == ["-0.1132", "0.06922"]
    np.testing.assert_allclose(z.half, [5e-5, 5e-8])
    assert list(z.texts) == ["0.5370", "6.503e-04"]
    assert float(c.quantities["it1.loss"].values) == 0.6996 and float(c.quantities["it1.loss"].half) == 5e-5
    assert c.quantities["it1.s1.f"].half.reshape(-1)[0] == 0.05


def test_true_values_at_four_significant_digits_are_all_correct_and_hints_agree(tmp_path, capsys, hw2):
    fmt = lambda x: ss.significant(x, 4)  # noqa: E731
    lines = [f'"{k}" = {_value(np.reshape(hw2[k].value, hw2[k].shape), fmt)}\n' for k in claims.asked(hw2)]
    (tmp_path / "m.toml").write_text("".join(lines))
    code = cli.main(["check", str(HW2), str(tmp_path / "m.toml"), "--color", "never"])
    out = capsys.readouterr().out
    assert code == 0 and "212 correct, 0 carried, 0 imprecise, 0 wrong, 0 unanswered of 212" in out
    # one number off: the hint shows each number at the precision it is written with
    lines = [line.replace("[-0.1132, 0.06922]", "[-0.1532, 0.06922]") for line in lines]
    assert any("-0.1532" in line for line in lines)
    (tmp_path / "m.toml").write_text("".join(lines))
    cli.main(["check", str(HW2), str(tmp_path / "m.toml"), "--color", "never"])
    out = capsys.readouterr().out
    assert "gives [-0.1132, 0.06922]; you wrote [-0.1532, 0.06922]" in out


def _value(value, fmt):
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return fmt(float(arr))
    return "[" + ", ".join(_value(v, fmt) for v in arr) + "]"


# --- the policy ---------------------------------------------------------------------------------------------------
def test_policy_tolerance_and_overrides():
    assert Policy() == Policy(3, None)
    assert Policy().tolerance(0.5370) == pytest.approx(5e-4)
    assert Policy().tolerance(6.5e-4) == pytest.approx(5e-7)
    assert Policy().tolerance(0) == pytest.approx(5e-4)
    assert Policy(None, 4).tolerance(123.0) == pytest.approx(5e-5)
    assert Policy().with_overrides(min_decimals=2) == Policy(None, 2)
    assert Policy(None, 2).with_overrides(min_digits=5) == Policy(5, None)


@pytest.mark.parametrize("table, words", [
    ("[check]\nmin_digits = 0\n", ["check.min_digits", "from 1 to 15"]),
    ("[check]\nmin_digits = 3\nmin_decimals = 2\n", ["check", "one of min_digits and min_decimals"]),
    ("[check]\ndigits = 3\n", ["check.digits"]),
    ("[check]\nmin_decimals = \"4\"\n", ["check.min_decimals"]),
])
def test_a_bad_check_table_is_one_line_and_exit_2(tmp_path, capsys, table, words):
    path = tmp_path / "p.toml"
    path.write_text(HW2.read_text() + "\n" + table)
    code = cli.main(["solve", str(path), "--json-only", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    for w in words:
        assert w in err


def test_the_policy_marks_too_few_digits_imprecise(tmp_path, capsys):
    path = problem_files(tmp_path)["xwadam"]
    tr = trace.build(spec.load(path))
    two_decimals = ss.Student("d2")
    ss.work(ss.Network(path), two_decimals)
    # as a student who writes 2 decimals everywhere (Adam's tiny states as 0.00) would
    text = "".join(f'"{k}" = {_value(v, lambda x: f"{x:.2f}")}\n' for k, v in two_decimals.written.items())
    (tmp_path / "m.toml").write_text(text)
    report = check.mark(tr, claims.load(tmp_path / "m.toml", tr))
    counts = report.counts()
    assert counts["imprecise"] > 0 and counts["wrong"] == 0
    assert any(m.key.startswith("it1.state.s.") and m.verdict == "imprecise" for m in report.marks)
    lenient = check.mark(tr, claims.load(tmp_path / "m.toml", tr), Policy(None, 2))
    assert lenient.counts()["imprecise"] == 0
    (tmp_path / "p.toml").write_text(XW_ADAM + "\n[check]\nmin_decimals = 2\n")
    code = cli.main(["check", str(tmp_path / "p.toml"), str(tmp_path / "m.toml"), "--color", "never"])
    assert " 0 imprecise" in capsys.readouterr().out and code in (0, 1)
    cli.main(["check", str(tmp_path / "p.toml"), str(tmp_path / "m.toml"), "--color", "never", "--min-digits", "3"])
    assert " 0 imprecise" not in capsys.readouterr().out


# --- partial submissions, file names, what is asked ---------------------------------------------------------------
def test_partial_submissions_unknown_keys_and_two_files(tmp_path):
    path = problem_files(tmp_path / "problems")["hw2"]
    good = worked(path, "s1", 4)
    typo = worked(path, "s2", 4)
    both = worked(path, "s3", 4)
    variants, subs = make_class(tmp_path, path, [good, typo, both])
    given = '"it1.W" = [[0.8, 0.2, -0.5], [-0.3, 0.2, 0.1]]\n'  # a given value: listed, not counted
    (subs / "s2.toml").write_text(typo.claims().replace("it1.s1.grad.W", "it1.s1.gard.W")
                                  .replace('"it1.s2.grad.u"', '"it1.s2.grad.U"') + given)
    (subs / "s3.toml").write_text(both.claims())
    code, rows = grade(variants, subs, tmp_path / "grades.csv")
    assert rows["s1"]["status"] == "graded" and rows["s1"]["score"] == "100.0"
    row = rows["s2"]
    assert row["status"] == "graded" and counts_add_up(row) and int(row["unanswered"]) == 6 + 2
    assert int(row["correct"]) == int(row["asked"]) - 8  # the given it1.W is not counted
    assert "it1.s1.gard.W (it1.s1.grad.W" in row["unknown_keys"]
    assert "it1.s2.grad.U (it1.s2.grad.u" in row["unknown_keys"]  # letter case aside
    assert rows["s3"]["status"] == "broken" and "s3.toml and s3-claims.toml" in rows["s3"]["reason"]


# --- the marked sheet ---------------------------------------------------------------------------------------------
def test_the_marked_sheet_has_the_student_the_score_and_breaks_wide_matrices(tmp_path):
    from derive.marking.marked_sheet import marked_tex

    path = problem_files(tmp_path)["bn2"]
    tr = trace.build(spec.load(path))
    student = worked(path, "s24003", 4, SLIPS["bn2"]["backward"])
    report = check.mark(tr, claims.parse(_raw(student), tr, written=_written(student)))
    source = marked_tex(report, student="s24003", name="Ada Lovelace")
    assert r"Student \texttt{s24003} (Ada Lovelace)" in source and "checked against" not in source
    assert r"Score: " in source and "of 552" in source
    wide = pf.random_problem(3, activations=["tanh", "sigmoid"], loss="bce")
    wide["network"]["inputs"] = 9
    wide["init"]["W1"] = [[0.1 * ((i + j) % 5 - 2) for j in range(9)] for i in range(len(wide["init"]["W1"]))]
    wide["data"]["x"] = [[0.1 * ((i + j) % 7) for j in range(9)] for i in range(len(wide["data"]["x"]))]
    wtr = trace.build(spec.load(pf.write_problem(tmp_path, wide)))
    key = next(k for k in claims.asked(wtr) if wtr[k].shape[-1:] == (9,))
    c = claims.parse({key: np.round(np.reshape(wtr[key].value, wtr[key].shape), 4).tolist()}, wtr)
    source = marked_tex(check.mark(wtr, c))
    assert "columns 1--6" in source and "columns 7--9" in source


# --- properties over random problems and random rounding ----------------------------------------------------------
@st.composite
def random_class(draw):
    seed = draw(st.integers(0, 10_000))
    problem = pf.random_problem(seed, loss=draw(st.sampled_from(["bce", "ce"])),
                                optimizer=draw(st.sampled_from(["sgd", "momentum", "adam"])), batch="full",
                                max_layers=3, max_units=3, max_inputs=3, max_samples=3, iterations=2)
    problem["optimizer"].pop("batch", None)
    if draw(st.booleans()):
        problem = pf.with_conventions(seed, problem, layout="xW", no_bias=None, freeze=None, scale=None,
                                      reduce_outputs=None, batch_loss=None, weight_decay=None, eps_placement=None,
                                      momentum_form=None)
    return problem, draw(st.integers(3, 6)), draw(st.integers(0, 10_000))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(random_class())
def test_random_problems_error_free_students_score_full_and_a_slip_is_one_wrong(tmp_path_factory, drawn):
    check_random_class(tmp_path_factory.mktemp("p"), *drawn)


@pytest.mark.sample
@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(random_class())
def test_random_problems_sample(tmp_path_factory, drawn):
    check_random_class(tmp_path_factory.mktemp("p"), *drawn)


def test_a_slip_that_makes_a_later_value_near_zero_leaves_it_carried_not_imprecise(tmp_path):
    """Found by the drawn classes: after a slip in z1, the student's own it1.grad.d is 0 (true: -1.6e-5); written
    0.000 at 3 digits it follows from their numbers and is carried, not marked short of digits."""
    problem = {"title": "A random 3-layer bce problem with sgd",
               "network": {"inputs": 2, "layers": [
                   {"units": 1, "activation": "swish", "weight": "W", "bias": "d", "post": "yhat"},
                   {"units": 2, "activation": "tanh", "weight": "U"},
                   {"units": 1, "activation": "sigmoid", "weight": "Theta", "pre": "g"}]},
               "loss": {"kind": "bce"},
               "data": {"x": [[0.3, -0.55], [0.09, 0.29], [0.54, 0.32]], "y": [1, 1, 0]},
               "init": {"W": [[-0.85, 0.41]], "d": [-0.07], "U": [[0.08], [0.39]], "b2": [-0.57, 0.83],
                        "Theta": [[0.61, -0.18]], "b3": [0.91]},
               "optimizer": {"kind": "sgd", "lr": 0.05, "iterations": 2}}
    path = pf.write_problem(tmp_path, problem)
    tr = trace.build(spec.load(path))
    student = worked(path, "s", 3, ("it1.s1.z1", ss.nudge(0, 0.3 * 0.5505 + 0.05)))
    mark = next(m for m in check.mark(tr, claims.parse(_raw(student), tr, written=_written(student))).marks
                if m.key == "it1.grad.d")
    assert mark.text == "0.000" and abs(mark.true) > 1e-5 and mark.verdict == check.CARRIED, mark


def check_random_class(folder, problem, digits, pick):
    path = pf.write_problem(folder, problem)
    tr = trace.build(spec.load(path))
    honest = worked(path, "h", digits)
    report = check.mark(tr, claims.parse(_raw(honest), tr, written=_written(honest)))
    assert report.counts() == {"correct": report.asked, "carried": 0, "imprecise": 0, "wrong": 0, "unanswered": 0}
    keys = [k for k in honest.written if np.all(np.abs(honest.written[k]) > 1e-6)]
    key = keys[pick % len(keys)]
    index = pick % honest.written[key].size
    slip = ss.nudge(index, 0.3 * abs(honest.written[key].reshape(-1)[index]) + 0.05)
    student = worked(path, "s", digits, (key, slip))
    report = check.mark(tr, claims.parse(_raw(student), tr, written=_written(student)))
    assert [m.key for m in report.marks if m.verdict == check.WRONG] == slipped(tr, path, digits, key, slip)
    counts = report.counts()
    assert sum(counts.values()) == report.asked and counts["imprecise"] == 0
