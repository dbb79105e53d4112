"""The Persian answer sheets of the bundled problems hold no English prose: every word outside math comes from
the Persian message table (Latin names stand in \\lr{...}, as the tables set them)."""
import re

import pytest

from conftest import ROOT
from derive.problem import spec
from derive.engine.pipeline import finite
from derive.forms.sheet import sheet_tex
from derive.engine.trace import build
from test_language import prose_and_math

PROBLEMS = sorted(p for p in (ROOT / "derive" / "problems").glob("*.toml") if "[surface]" not in p.read_text())
ENVIRONMENT = re.compile(r"\\(begin|end)\{[^{}]*\}")
LAYOUT = re.compile(r"\{[@{}lcrp|]*\}|\\\\\[[^\]]*\]")  # a table's column letters, a line break's \\[4pt]


def _without_latin_runs(text):
    """text with every \\lr{...} (balanced braces) left out."""
    out, k = [], 0
    while True:
        start = text.find(r"\lr{", k)
        if start < 0:
            return "".join(out) + text[k:]
        out.append(text[k:start])
        depth, j = 0, start + 3
        while True:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
            if depth == 0:
                break
        k = j


def english_words(source):
    prose, _ = prose_and_math(source)
    prose = LAYOUT.sub(" ", ENVIRONMENT.sub(" ", _without_latin_runs(prose)))
    prose = re.sub(r"\\[A-Za-z]+\*?(\[[^\]]*\])?", " ", prose)  # commands and their options
    return sorted(set(re.findall(r"[A-Za-z]{2,}", prose)))


@pytest.mark.parametrize("path", PROBLEMS, ids=[p.stem for p in PROBLEMS])
def test_no_english_prose_on_a_persian_sheet(path):
    tex = sheet_tex(finite(build(spec.load(path, language="fa"))))
    assert english_words(tex) == []


def test_the_check_finds_english():
    source = "\\begin{document}Layer 2 \\lr{\\texttt{BatchNorm1d}} لایه \\begin{tabular}{@{}lll@{}} a \\\\[4pt]"
    assert english_words(source) == ["Layer"]
