"""A whole class end to end with real TeX: 30 students' variants from a roster with question and answer PDFs,
30 submissions graded (correct, with slips, missing, broken), reproducible outputs; a TeX failure in one variant."""
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derive.display import numbers
from conftest import requires

ROOT = Path(__file__).resolve().parent.parent
CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
pytestmark = [pytest.mark.slow, requires("tex")]


def run(args, cwd, env=ENV):
    return subprocess.run([sys.executable, "-m", "derive", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=3600)


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def claims(quantities, change=None):
    change = change or {}
    return "".join(f'"{k}" = {json.dumps(change.get(k, v))}\n' for k, v in quantities.items())


def test_a_class_of_thirty(tmp_path):
    ids = [f"s{n:02d}" for n in range(1, 31)]
    (tmp_path / "roster.csv").write_text("name,id\n" + "".join(f"Student {i},{i}\n" for i in ids))
    made = run(["variants", str(CLASS), "--roster", "roster.csv", "-o", "class"], tmp_path)
    assert made.returncode == 0, made.stderr
    assert "wrote 30 of 30 variants (question and answer sheets (PDF))" in made.stdout
    table = rows_of(tmp_path / "class" / "variants.csv")
    assert list(table) == ids
    answers = {}
    for i in ids:
        row = table[i]
        assert row["status"] == "ok" and not row["degenerate"]
        for column in ("questions", "answers"):
            assert row[column] == f"{i}/{i}-{column}.pdf"
            assert (tmp_path / "class" / row[column]).read_bytes().startswith(b"%PDF")
        answers[i] = json.loads((tmp_path / "class" / row["json"]).read_text())["quantities"]
    # a question sheet: the student's own numbers, what to compute, no results; the answer sheet has them
    questions, worked = (pdf_text(tmp_path / "class" / table["s07"][c]) for c in ("questions", "answers"))
    assert "Questions for s07" in questions and "What to compute" in questions and "it2.grad.W" in questions
    assert "(variant s07)" in questions and "(variant s07)" in worked
    for key in ("it1.loss", "it2.loss"):
        assert numbers.plain(answers["s07"][key], 4) in worked
        assert numbers.plain(answers["s07"][key], 4) not in questions

    subs = tmp_path / "submissions"
    subs.mkdir()
    correct, slips, missing, broken = ids[:12], ids[12:20], ids[20:25], ids[25:]
    for i in correct:
        (subs / f"{i}.toml").write_text(claims(answers[i]))
    for i in slips:
        (subs / f"{i}.toml").write_text(claims(answers[i], {"it2.loss": answers[i]["it2.loss"] + 0.5}))
    for n, i in enumerate(broken):
        (subs / f"{i}.toml").write_text(["[[[\n", '"it1.loss" = "abc"\n', '"it1.W" = 1\n', '"nope" = 1\n',
                                         "\xff\n"][n])
    graded = run(["grade", "class", "--claims", "submissions", "-o", "grades.csv"], tmp_path)
    assert graded.returncode == 0, graded.stderr
    # of the five odd files, a key the problem does not have and a given value are listed and the rest graded
    unreadable, listed = [broken[0], broken[1], broken[4]], [broken[2], broken[3]]
    assert "graded 22 of 30 students (5 missing, 3 broken)" in graded.stdout
    grades = rows_of(tmp_path / "grades.csv")
    assert list(grades) == ids
    for i in correct:
        assert (grades[i]["status"], grades[i]["wrong"], grades[i]["score"]) == ("graded", "0", "100.0")
    for i in slips:
        assert (grades[i]["wrong"], grades[i]["first_wrong"]) == ("1", "it2.loss")
        assert float(grades[i]["score"]) < 100
    for i in missing:
        assert grades[i]["status"] == "missing" and grades[i]["reason"] == f"no file {i}.toml or {i}-claims.toml"
    for i in unreadable:
        assert grades[i]["status"] == "broken" and grades[i]["reason"].startswith(f"submissions/{i}.toml")
    for i in listed:
        assert grades[i]["status"] == "graded" and grades[i]["score"] == "0.0"
    assert "nope" in grades[broken[3]]["unknown_keys"]

    # reproducible: a smaller roster in another order gives the same students byte-identical files
    (tmp_path / "again.csv").write_text("id\ns21\ns02\n")
    again = run(["variants", str(CLASS), "--roster", "again.csv", "-o", "again", "--jobs", "1"], tmp_path)
    assert again.returncode == 0, again.stderr
    for i in ("s02", "s21"):
        for path in sorted((tmp_path / "again" / i).iterdir()):
            assert path.read_bytes() == (tmp_path / "class" / i / path.name).read_bytes(), path.name
    # marked sheets on request
    marked = run(["grade", "again", "--claims", "submissions", "-o", "g.csv", "--marked", "marked"], tmp_path)
    assert marked.returncode == 0, marked.stderr
    assert (tmp_path / "marked" / "s02-marked.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "marked" / "s21-marked.pdf").exists()  # s21 handed nothing in
    assert "Marked:" in pdf_text(tmp_path / "marked" / "s02-marked.pdf")


def test_a_tex_failure_in_one_variant_names_it_and_the_others_finish(tmp_path):
    """pdflatex, wrapped to fail on the sheets of v002 only (a real failure of the real program otherwise)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "pdflatex"
    wrapper.write_text(f"#!/bin/sh\nif grep -q 'variant v002' sheet.tex; then echo '! Emergency stop.' > sheet.log; "
                       f"exit 12; fi\nexec {shutil.which('pdflatex')} \"$@\"\n")
    wrapper.chmod(0o755)
    env = dict(ENV, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = run(["variants", str(CLASS), "--count", "3", "-o", "v"], tmp_path, env=env)
    assert result.returncode == 1
    assert "variant v002 failed: LaTeX failed for v002: the questions sheet: ! Emergency stop." in result.stderr
    table = rows_of(tmp_path / "v" / "variants.csv")
    assert table["v002"]["status"].startswith("failed: LaTeX failed for v002") and table["v002"]["problem"] == ""
    assert not (tmp_path / "v" / "v002").exists()  # nothing half-written for it
    for i in ("v001", "v003"):
        assert table[i]["status"] == "ok" and (tmp_path / "v" / table[i]["answers"]).read_bytes().startswith(b"%PDF")
    assert "wrote 2 of 3 variants" in result.stdout
