"""The notation and number rules on the text of the compiled PDF (pdftotext writes minus signs as U+2212), and
the length of the compact sheets."""
import re
import subprocess
import sys

import pytest

from conftest import ROOT, requires

ADAM = ROOT / "derive" / "problems" / "adam232.toml"


def solve(tmp_path, *args):
    out = subprocess.run([sys.executable, "-m", "derive", "solve", str(ADAM), "-o", str(tmp_path), "--pdf", *args],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    pdf = tmp_path / "adam232.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split()), int(re.search(r"Pages:\s+(\d+)", info).group(1))


@requires("tex")
@pytest.mark.slow  # a PDF beyond the default run's one compile (test_cli.py); its .tex is test_pages.py's
def test_the_first_detail_sheet_reads_as_a_textbook_page_and_fits_eight_pages(tmp_path):
    text, pages = solve(tmp_path, "--detail", "first")
    assert pages <= 8
    assert "tanh (−0.25)" in text and "((−" not in text and "(( −" not in text
    assert "0.5370" in text  # tanh(0.6) = 0.53705 at four digits, its zero kept
    assert "= − log (0.6153)" in text and "0 · log" not in text  # the zero label's term left out
    assert "W2 [2, 1]" in text and "W2,21" not in text
    assert "10−8" in text.replace(" ", "") and "1 × 10−8" not in text  # epsilon as a power of ten
    assert "Forward and backward passes of sample 2" in text and "Sample 2: forward pass" not in text


@requires("tex")
@pytest.mark.slow
@pytest.mark.parametrize("mode,most", [("summary", 7), ("full", 21)])
def test_each_detail_mode_s_length(tmp_path, mode, most):
    text, pages = solve(tmp_path, "--detail", mode)
    assert pages <= most
    assert ("Sample 1: backward pass" in text) == (mode == "full")
