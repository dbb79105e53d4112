"""LaTeX runs as few passes as a document needs, and a class's pictures are compiled once: the PDFs are those
latexmk's passes make (byte for byte), and pages drawn with the shared pictures look as those drawn in place."""
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, requires
from derive.classroom.questions import questions_tex
from derive.engine.pipeline import solve_file
from derive.forms import tex
from derive.forms.sheet import sheet_tex
from derive.proofs import appendices

HW2 = ROOT / "derive" / "problems" / "hw2.toml"
PACKAGE_LINES = ("Package: rerunfilecheck 2022-07-10 v1.10 Rerun checks for auxiliary files (HO)\n"
                 "Package rerunfilecheck Info: File `sheet.out' has not changed.\n")


@pytest.mark.parametrize("log, source, again", [
    (PACKAGE_LINES, r"\section{A}", False),  # a package's name is no request
    ("LaTeX Warning: Label(s) may have changed. Rerun to get cross-references right.\n", r"\label{a}", False),
    ("LaTeX Warning: Label(s) may have changed. Rerun to get cross-references right.\n", r"see \ref{a}", True),
    ("Package longtable Warning: Table widths have changed. Rerun LaTeX.\n", "", True),
    ("(rerunfilecheck)                Rerun to get outlines right\n", "", True),
    ("Package hyperref Warning: Rerun to get /PageLabels entry.\n", "", True),
])
def test_another_pass_only_when_the_log_asks_for_one_the_document_needs(log, source, again):
    assert tex.needs_another_pass(log, source) is again


def latexmk_pdf(source, folder):
    """The PDF latexmk makes of `source` with its own idea of the passes needed (as derive compiled before)."""
    folder.mkdir()
    (folder / "sheet.tex").write_text(source, encoding="utf-8")
    subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-quiet", "sheet.tex"], cwd=folder,
                   capture_output=True, check=True, timeout=600)
    return (folder / "sheet.pdf").read_bytes()


def hw2_sheet():
    trace = solve_file(HW2)
    return sheet_tex(trace, appendices(trace.problem))


@pytest.mark.slow
@requires("tex")
def test_one_pass_makes_the_pdf_latexmk_makes(tmp_path):
    if not shutil.which("latexmk"):
        pytest.skip("needs latexmk to compare with")
    source = hw2_sheet()
    assert tex.pdf_bytes(source) == latexmk_pdf(source, tmp_path / "latexmk")


@pytest.mark.slow
@requires("tex")
def test_a_document_that_reads_its_labels_gets_its_second_pass(tmp_path):
    if not shutil.which("latexmk"):
        pytest.skip("needs latexmk to compare with")
    source = (r"\documentclass{article}\pdfinfoomitdate=1\pdftrailerid{}\begin{document}"
              r"\section{A}\label{a} Section \ref{a}, page \pageref{a}.\end{document}")
    pdf = tex.pdf_bytes(source)
    assert pdf == latexmk_pdf(source, tmp_path / "latexmk")
    assert b"??" not in subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout


def pages(pdf, folder, name):
    """The pages of a PDF as grey images (pdftoppm, 60 dpi)."""
    from PIL import Image

    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-gray", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return [np.asarray(Image.open(p), dtype=int) for p in sorted(folder.glob(f"{name}-*.pgm"))]


@pytest.mark.slow
@requires("tex")
def test_shared_pictures_are_drawn_as_in_place_and_compiled_once(tmp_path):
    pytest.importorskip("PIL")
    source = hw2_sheet()
    assert source.count(r"\begin{tikzpicture}") >= 2
    tex._PICTURES.clear()
    shared = tex.pdf_bytes(source, shared=True)
    again = tex.pdf_bytes(source.replace(r"\title{", r"\title{Another: ", 1), shared=True)
    assert len(tex._PICTURES) == 1 and shared != again  # another sheet, the same pictures: compiled once
    in_place, drawn = pages(tex.pdf_bytes(source), tmp_path, "in-place"), pages(shared, tmp_path, "shared")
    assert len(in_place) == len(drawn)
    for page, (a, b) in enumerate(zip(in_place, drawn), start=1):
        assert a.shape == b.shape
        assert (np.abs(a - b) > 96).mean() < 1e-3, f"page {page} differs"  # edges anti-aliased a little apart


@pytest.mark.slow  # the default run's one compile (test_cli.py) starts from the format too
@requires("tex")
def test_a_sheet_started_from_the_preamble_format_is_byte_identical():
    source = questions_tex(solve_file(HW2))
    tex._FORMATS.clear()
    started = tex.pdf_bytes(source, shared=True)
    assert [entry is not None for entry in tex._FORMATS.values()] == [True]  # the format passed its probe
    assert started == tex.pdf_bytes(source)
