"""A class in its learning platform: the Moodle XML export checked against Moodle's documented format (qformat_xml
and the Cloze syntax, read with xml.etree, nothing of Moodle imported), answers read back from Moodle's Responses
report and from a plain CSV, the gradebook files, and the class report of a simulated class with slips."""
import csv
import io
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from derive.classroom import moodle
from derive.marking.policy import Policy
from derive.pipeline import solve_file

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
# Moodle's Cloze parser (question/type/multianswer/questiontype.php): a NUMERICAL gap is {weight:NUMERICAL:=answer:
# tolerance}, the numbers of this form
NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
GAP = re.compile(r"\{(\d*):(NUMERICAL|NM):=(%s):(%s)\}" % (NUMBER, NUMBER))
ANY_CODE = re.compile(r"\{\d*:[A-Z_]+:")


def run(args, cwd, **kw):
    return subprocess.run([sys.executable, "-m", "derive", *args], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=900, **kw)


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


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_is_written_in_the_number_form_moodles_cloze_parser_reads_exactly(x):
    text = moodle.number(x)
    assert re.fullmatch(NUMBER, text) and float(text) == (0.0 if x == 0 else x)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 1e-9),
       st.integers(1, 8))
def test_a_gap_accepts_the_value_rounded_to_the_policys_digits_and_not_one_unit_further(value, digits):
    tolerance = Policy(min_digits=digits).tolerance(value)
    rounded = float(f"{value:.{digits}g}")
    assert abs(rounded - value) <= tolerance * (1 + 1e-9)
    if value:
        assert abs(value) * 10 ** -(digits - 1) >= 2 * tolerance * (1 - 1e-9)
