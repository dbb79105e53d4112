"""A class in its learning platform: the Moodle XML export checked against Moodle's documented format (qformat_xml
and the Cloze syntax, read with xml.etree, nothing of Moodle imported), answers read back from Moodle's Responses
report and from a plain CSV, the gradebook files, and the class report of a simulated class with slips."""
import csv
import io
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cli_runner import derive_cli, derive_on_terminal, one_by_one
from conftest import requires, examples
from derive.classroom import moodle
from derive.marking.policy import Policy
from derive.engine.pipeline import solve_file

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
# Moodle's Cloze parser (question/type/multianswer/questiontype.php): a NUMERICAL gap is {weight:NUMERICAL:=answer:
# tolerance}, the numbers of this form
NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
GAP = re.compile(r"\{(\d*):(NUMERICAL|NM):=(%s):(%s)\}" % (NUMBER, NUMBER))
ANY_CODE = re.compile(r"\{\d*:[A-Z_]+:")


def run(args, cwd, **kw):
    """`derive ARGS` in this process (tests/cli_runner.py); the terminal's progress bar needs a real one. The class
    commands work one student after another: the pool is test_classroom's."""
    return derive_cli(one_by_one(args), cwd, ENV, **kw)


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """Three variants of the class problem (problem files, JSON and claims files) and a roster with names."""
    folder = tmp_path_factory.mktemp("class")
    roster = folder / "roster.csv"
    roster.write_text("id,First name,Last name,Email address,ID number,Section\n"
                      "s1,Ada,Lovelace,ada@example.org,1001,A\n"
                      "s2,Alan,Turing,alan@example.org,1002,A\n"
                      "s3,Grace,Hopper,grace@example.org,1003,B\n", encoding="utf-8")
    done = run(["variants", str(CLASS), "--roster", str(roster), "--json-only", "-o", str(folder / "v")], folder)
    assert done.returncode == 0, done.stderr
    return folder


def element(trace, key):
    """The true value of an element key (it1.W[1,2], or it1.loss), read from the trace's JSON export."""
    base, _, index = key.partition("[")
    values = np.asarray(trace[base].export(), dtype=float)
    if not index:
        return float(values.reshape(-1)[0])
    return float(values[tuple(int(i) - 1 for i in index.rstrip("]").split(","))])


def questions(xml_text):
    root = ET.fromstring(xml_text)
    assert root.tag == "quiz"
    return root, root.findall("question")


def test_moodle_xml_has_the_fields_moodles_importer_reads_and_every_gap_in_cloze_syntax(klass):
    out = klass / "quiz.xml"
    done = run(["export", "moodle", str(klass / "v"), "-o", str(out), "--keys", "it1.s1.*,it1.grad.*"], klass)
    assert done.returncode == 0, done.stderr
    root, found = questions(out.read_text("utf-8"))
    assert found[0].get("type") == "category"
    assert found[0].findtext("category/text") == "$course$/top/v"
    cloze = found[1:]
    assert [q.get("type") for q in cloze] == ["cloze"] * 3
    for q, student in zip(cloze, ("s1", "s2", "s3")):
        name = q.findtext("name/text")
        assert name == f"v:{student}"
        assert q.find("questiontext").get("format") == "html"
        text = q.findtext("questiontext/text")
        assert f"<code>{name}</code>" in text  # the variant's mark, read back from the Responses report
        assert "\\(" in text and "\\[" in text  # TeX for Moodle's MathJax filter
        trace = solve_file(klass / "v" / student / f"{student}.toml")
        expected = moodle.gaps(trace, ["it1.s1.*", "it1.grad.*"])
        assert expected and all(g.key.startswith(("it1.s1.", "it1.grad.")) for g in expected)
        gaps = GAP.findall(text)
        assert len(gaps) == len(ANY_CODE.findall(text)) == len(expected)
        policy = Policy.from_problem(trace.problem)
        for (weight, kind, answer, tolerance), gap in zip(gaps, expected):
            value = element(trace, gap.key)
            assert (weight, kind) == ("1", "NUMERICAL")
            assert float(answer) == value
            assert float(tolerance) == policy.tolerance(value) > 0
            assert f"<code>{gap.key}</code>" in text


def test_export_keys_that_match_nothing_are_one_line_and_exit_2(klass):
    out = klass / "none.xml"
    done = run(["export", "moodle", str(klass / "v"), "-o", str(out), "--keys", "it1.nothing.*"], klass)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "it1.nothing.*" in done.stderr
    assert not out.exists()


@settings(max_examples=examples(200), deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_is_written_in_the_number_form_moodles_cloze_parser_reads_exactly(x):
    text = moodle.number(x)
    assert re.fullmatch(NUMBER, text) and float(text) == (0.0 if x == 0 else x)


@settings(max_examples=examples(100), deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 1e-9),
       st.integers(1, 8))
def test_a_gap_accepts_the_value_rounded_to_the_policys_digits_and_not_one_unit_further(value, digits):
    tolerance = Policy(min_digits=digits).tolerance(value)
    rounded = float(f"{value:.{digits}g}")
    assert abs(rounded - value) <= tolerance * (1 + 1e-9)
    if value:
        assert abs(value) * 10 ** -(digits - 1) >= 2 * tolerance * (1 - 1e-9)


# --- answers read back, grades, gradebooks ----------------------------------------------------------------
def true_numbers(folder, student, slip=None, keys=None):
    """{element key: the number as a student who worked it right writes it (6 significant digits)}; `slip`, a
    quantity key, gets one slipped number (its first element plus 1)."""
    from derive.marking.claims import element_key
    from derive.classroom.questions import asked

    trace = solve_file(folder / "v" / student / f"{student}.toml")
    out = {}
    for key in asked(trace):
        q = trace[key]
        values = np.asarray(q.value, dtype=float).reshape(q.shape)
        for n, idx in enumerate(np.ndindex(q.shape)):
            name = element_key(key, q.shape, idx)
            if keys is None or name in keys:
                out[name] = f"{values[idx] + (1 if key == slip and n == 0 else 0):.6g}"
    return out


def write_claims(path, numbers):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f'"{k}" = "{v}"\n' for k, v in numbers.items()), encoding="utf-8")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


MOODLE_HEAD = ["Surname", "First name", "Email address", "State", "Started on", "Completed", "Time taken",
               "Grade/10.00", "Question 1", "Response 1", "Right answer 1"]


def test_a_moodle_responses_report_made_by_hand_round_trips_through_derives_marking(klass):
    """Moodle's quiz Responses report, as documented: one row per attempt, the Cloze response summarised as
    'part 1: ...; part 2: ...', the question's text (with the variant's name) beside it."""
    keys = ["it1.s1.*"]
    rows = [MOODLE_HEAD]
    attempts = {"s2": ("Lovelace", "Ada", "ada@example.org", None), "s3": ("Hopper", "Grace", "grace@example.org", 3)}
    for variant, (last, first, email, slip) in attempts.items():
        trace = solve_file(klass / "v" / variant / f"{variant}.toml")
        gaps = moodle.gaps(trace, keys)
        parts = "; ".join(f"part {n}: " + ("" if n == 2 else moodle.number(g.value + (1 if n == slip else 0)))
                          for n, g in enumerate(gaps, start=1))  # part 2 left empty
        question = f"v:{variant} Two iterations of SGD with momentum ... z_1 = _____ ..."
        rows.append([last, first, email, "Finished", "1 December 2026  10:00 AM", "1 December 2026  10:20 AM",
                     "20 mins", "8.00", question, parts, "part 1: 0.1; ..."])
    rows.append(["Nobody", "No", "no@example.org", "Finished", "", "", "", "0.00", "another quiz's question",
                 "part 1: 3", ""])
    responses = klass / "moodle-responses.csv"
    with open(responses, "w", newline="", encoding="utf-8-sig") as f:  # Moodle writes a byte order mark
        csv.writer(f).writerows(rows)
    out = klass / "m" / "grades.csv"
    done = run(["grade", str(klass / "v"), "--responses", str(responses), "--keys", ",".join(keys), "-o", str(out),
                "--gradebook", "moodle", "--gradebook", "canvas"], klass)
    assert done.returncode == 0, done.stderr
    graded = {r["id"]: r for r in csv.DictReader(open(out, encoding="utf-8"))}
    n = len(moodle.gaps(solve_file(klass / "v" / "s2" / "s2.toml"), keys))
    ada, grace = graded["s2"], graded["s3"]
    assert (ada["status"], ada["correct"], ada["wrong"], ada["asked"]) == ("graded", str(n - 1), "0", str(n))
    assert ada["Email address"] == "ada@example.org" and ada["First name"] == "Ada"
    assert ada["score"] == f"{100 * (n - 1) / n:.1f}"
    third = moodle.gaps(solve_file(klass / "v" / "s3" / "s3.toml"), keys)[2]
    assert grace["first_wrong"] == third.key and int(grace["wrong"]) >= 1
    assert graded["line 4"]["status"] == "no variant"
    book = read_rows(klass / "m" / "grades-moodle.csv")
    assert book[0] == ["First name", "Last name", "ID number", "Email address", "derive"]
    assert ["Ada", "Lovelace", "", "ada@example.org", ada["score"]] in book


def test_a_plain_responses_csv_is_graded_like_claims_files_and_rows_keep_the_roster(klass):
    numbers = {s: true_numbers(klass, s, slip="it1.s2.h" if s == "s1" else None) for s in ("s1", "s2")}
    keys = sorted(set(numbers["s1"]))
    text = io.StringIO()
    csv.writer(text).writerows([["id"] + keys] + [[s] + [numbers[s][k] for k in keys] for s in numbers])
    (klass / "plain.csv").write_text(text.getvalue(), encoding="utf-8")
    for s in numbers:
        write_claims(klass / "subs" / f"{s}.toml", numbers[s])
    by_csv = run(["grade", str(klass / "v"), "--responses", "plain.csv", "-o", "p/grades.csv"], klass)
    by_claims = run(["grade", str(klass / "v"), "--claims", "subs", "-o", "c/grades.csv", "--gradebook", "canvas"],
                    klass)
    assert by_csv.returncode == 0 and by_claims.returncode == 0, by_csv.stderr + by_claims.stderr
    plain = read_rows(klass / "p" / "grades.csv")
    claims = read_rows(klass / "c" / "grades.csv")
    derived = ["id", "status", "correct", "carried", "imprecise", "wrong", "unanswered", "asked", "score",
               "first_wrong", "unknown_keys", "reason", "marked", "other_variant"]
    assert plain[0] == claims[0] == derived + ["First name", "Last name", "Email address", "ID number", "Section"]
    n = len(derived)
    assert [r[:n - 4] for r in plain[1:3]] == [r[:n - 4] for r in claims[1:3]]  # the same marks either way
    first, second = (dict(zip(claims[0], r)) for r in claims[1:3])
    assert first["first_wrong"] == "it1.s2.h[1]" and second["score"] == "100.0"
    assert claims[1][n:] == ["Ada", "Lovelace", "ada@example.org", "1001", "A"]
    assert claims[3][1] == "missing"
    canvas = read_rows(klass / "c" / "grades-canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "derive"]
    assert canvas[1][0].strip() == "Points Possible" and canvas[1][5] == "100"
    assert canvas[2] == ["Lovelace, Ada", "", "1001", "ada@example.org", "A", first["score"]]


def test_a_moodle_gradebook_needs_an_email_or_id_number(tmp_path):
    from derive.classroom import gradebook
    from derive.classroom.grading import Grade
    from derive.errors import InputError

    with pytest.raises(InputError, match="email or ID number"):
        gradebook.gradebook_text("moodle", [Grade("s1", "graded", score="50.0")], [{"name": "Ann"}], "derive")


# --- the class report --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def slipped(tmp_path_factory):
    """A class of 8 simulated students: 5 slip once at it1.s1.grad.f, 2 at it1.s2.h, 1 works every number."""
    folder = tmp_path_factory.mktemp("report")
    done = run(["variants", str(CLASS), "--count", "8", "--json-only", "-o", str(folder / "v")], folder)
    assert done.returncode == 0, done.stderr
    slips = ["it1.s1.grad.f"] * 5 + ["it1.s2.h"] * 2 + [None]
    for n, slip in enumerate(slips, start=1):
        write_claims(folder / "subs" / f"v{n:03d}.toml", true_numbers(folder, f"v{n:03d}", slip))
    done = run(["grade", str(folder / "v"), "--claims", str(folder / "subs"), "-o", str(folder / "grades.csv")],
               folder)
    assert done.returncode == 0, done.stderr
    return folder


def test_the_class_report_names_the_step_of_the_slips_the_most_frequent_first_error(slipped):
    from derive.classroom.report import summary

    rows, verdicts = summary.read_grades(slipped / "grades.csv")
    trace = solve_file(slipped / "v" / "v001" / "v001.toml")
    found = summary.summarise(trace, rows, verdicts, student="v001")
    assert found.first_errors == [("it1.s*.grad.f", 5), ("it1.s*.h", 2)]
    step = next(s for s in found.steps if s.family == "it1.s*.grad.f")
    assert step.counts["wrong"] == 5 and step.counts["correct"] == 3
    assert [s.phase for s in found.steps].index("backward") > [s.phase for s in found.steps].index("forward")
    assert found.lowest[0].first_wrong.startswith("it1.s1.grad.f") and found.scores[-1] == 100.0
    assert found.title and "(variant" not in found.title


@requires("matplotlib")
def test_report_html_is_self_contained_with_inline_svg_plots(slipped):
    done = run(["report", str(slipped / "v"), str(slipped / "grades.csv"), "--no-pdf"], slipped)
    assert done.returncode == 0, done.stderr
    assert "most frequent first error: it1.s*.grad.f (5 of 8" in done.stdout
    html = (slipped / "report.html").read_text("utf-8")
    assert html.count("<svg") == 3 and "<script" not in html and "http://" not in html.split("<svg", 1)[0]
    assert not re.search(r"""(src|href)=["'](?!#|data:)""", html)  # nothing fetched from elsewhere
    assert html.index("it1.s*.grad.f") < html.index("it1.s*.h</code>")
    ET.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])  # well-formed SVG


@pytest.mark.slow
@pytest.mark.sample
@requires("matplotlib", "tex")
def test_report_pdf_compiles_with_the_same_plots(slipped):
    done = run(["report", str(slipped / "v"), str(slipped / "grades.csv"), "-o", str(slipped / "pdf"), "--pdf"],
               slipped)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(slipped / "pdf" / "report.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "Where the first error lies" in text and "it1.s*.grad.f" in text and "mean score" in text


@pytest.mark.parametrize("text, needle", [
    ("name,score\nann,3\n", "expected Moodle's Responses report (columns Response 1, ...) or a plain CSV with one "
                            "column id and one column per key"),
    ("Surname,First name,State,Response 1\nX,Y,Finished,part 1: 3\n", "Question 1: expected Moodle's Responses "
                                                                       "report with the question text included"),
    ("id,it1.nothing\ns1,3\n", None),  # an unknown key is listed with its closest keys, the rest graded
    ("", "expected a header row"),
])
def test_a_bad_responses_file_is_one_line_or_one_broken_row(klass, text, needle):
    (klass / "bad.csv").write_text(text, encoding="utf-8")
    out = klass / "bad" / "grades.csv"
    done = run(["grade", str(klass / "v"), "--responses", "bad.csv", "-o", str(out)], klass)
    if needle is None:
        assert done.returncode == 0, done.stderr
        row = next(csv.DictReader(open(out, encoding="utf-8")))
        assert row["status"] == "graded" and "it1.nothing" in row["unknown_keys"]
    else:
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and needle in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_grade_shows_a_progress_bar_with_the_time_left_on_a_terminal(klass):
    (klass / "prog.csv").write_text("id,it1.loss\ns1,0.5\ns2,0.5\ns3,0.5\n", encoding="utf-8")
    code, seen = derive_on_terminal(["grade", klass / "v", "--responses", "prog.csv", "-o", "prog/grades.csv",
                                     "--jobs", "1"], cwd=klass, env=ENV)
    assert code == 0
    assert b"grading: 100%" in seen and b"3/3" in seen and re.search(rb"\[\d\d:\d\d<\d\d:\d\d\]", seen)


def test_text_that_reads_as_a_cloze_code_stays_text_and_only_the_gaps_are_codes(tmp_path):
    import tomllib

    raw = CLASS.read_text("utf-8").replace('title = "', 'title = "{1:NUMERICAL:=5:1} {:SA:=x} ', 1)
    assert raw != CLASS.read_text("utf-8") and "{1:NUMERICAL:=5:1}" in tomllib.loads(raw)["title"]
    (tmp_path / "odd.toml").write_text(raw, encoding="utf-8")
    assert run(["variants", "odd.toml", "--count", "1", "--json-only", "-o", "v"], tmp_path).returncode == 0
    done = run(["export", "moodle", "v", "-o", "q.xml", "--keys", "it1.loss"], tmp_path)
    assert done.returncode == 0, done.stderr
    text = questions((tmp_path / "q.xml").read_text("utf-8"))[1][1].findtext("questiontext/text")
    assert len(ANY_CODE.findall(text)) == len(GAP.findall(text)) == 1
    assert "&#123;1:NUMERICAL:=5:1}" in text


def test_a_gradebook_keeps_each_students_best_attempt():
    from derive.classroom import gradebook
    from derive.classroom.grading import Grade

    ada = {"First name": "Ada", "Last name": "Lovelace", "Email address": "ada@example.org"}
    alan = {"First name": "Alan", "Last name": "Turing", "Email address": "alan@example.org"}
    grades = [Grade("s1", "graded", score="40.0"), Grade("s2", "graded", score="90.0"),
              Grade("s3", "graded", score="70.0"), Grade("s4", "missing")]
    rows = read_rows_text(gradebook.gradebook_text("moodle", grades, [ada, alan, ada, alan], "derive"))
    assert rows == [["First name", "Last name", "ID number", "Email address", "derive"],
                    ["Ada", "Lovelace", "", "ada@example.org", "70.0"], ["Alan", "Turing", "", "alan@example.org",
                                                                         "90.0"]]


def read_rows_text(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("text, chosen", [
    ("it2.W[1,2]", ["it2.W[1,2]"]),
    ("it1.loss,it1.grad.W[2,3], it1.s1.z[1]", ["it1.loss", "it1.grad.W[2,3]", "it1.s1.z[1]"]),
    ("it1.s1.*", None),
])
def test_keys_take_element_keys_with_their_commas_and_patterns(text, chosen):
    trace = solve_file(CLASS)
    found = [g.key for g in moodle.gaps(trace, moodle.patterns_of(text))]
    if chosen is None:
        assert found and all(k.startswith("it1.s1.") for k in found)
    else:
        assert found == [k for k in (g.key for g in moodle.gaps(trace)) if k in chosen] and len(found) == len(chosen)


def test_a_moodle_response_graded_with_other_keys_than_its_quiz_is_a_row_saying_so(klass):
    gaps = moodle.gaps(solve_file(klass / "v" / "s1" / "s1.toml"), ["it1.s1.*"])
    parts = "; ".join(f"part {n}: {moodle.number(g.value)}" for n, g in enumerate(gaps, start=1))
    rows = [MOODLE_HEAD, ["Lovelace", "Ada", "ada@example.org", "Finished", "", "", "", "10.00", "v:s1 ...", parts, ""]]
    with open(klass / "other.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    done = run(["grade", str(klass / "v"), "--responses", "other.csv", "-o", "o/grades.csv"], klass)  # no --keys
    assert done.returncode == 0, done.stderr
    row = next(csv.DictReader(open(klass / "o" / "grades.csv", encoding="utf-8")))
    assert row["status"] == "broken" and "--keys the quiz was exported with" in row["reason"]


@pytest.mark.slow  # a PDF beyond the default run's one compile; the marked sheet's .tex is test_marking.py's
@requires("tex")
def test_the_marked_sheet_names_the_student_from_the_roster(klass):
    numbers = true_numbers(klass, "s1")
    write_claims(klass / "named" / "s1.toml", numbers)
    done = run(["grade", str(klass / "v"), "--claims", "named", "-o", "n/grades.csv", "--marked", "n/m"], klass)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(klass / "n" / "m" / "s1-marked.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "s1" in text and "Lovelace, Ada" in text
