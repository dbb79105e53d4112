"""Holes a hostile-input review found: number literals that hang, outputs that are not all or nothing,
output paths, bad input reported as internal errors, wrong results accepted, and messages.

Each test runs the real CLI (in this process, tests/cli_runner.py; a fresh process where a time limit or the
interpreter's warnings on stderr are the point) or the module that owns the rule."""
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from cli_runner import derive_cli
from conftest import HW2, ROOT, requires
from derive.marking import claims as claims_module
from derive.problem import spec
from derive.trajectories import surface
from derive.network import symbols
from derive.marking.check import CARRIED, mark
from derive.errors import InputError
from derive.engine.trace import build
from problem_factory import to_toml

QUADRATIC = ROOT / "derive" / "problems" / "quadratic.toml"
QUADRATIC_TEXT = QUADRATIC.read_text(encoding="utf-8")
HW2_TEXT = HW2.read_text(encoding="utf-8")
HW2_DICT = tomllib.loads(HW2_TEXT)
CLAIMS = ROOT / "tests" / "data" / "hw2_claims.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def derive(*args, cwd=ROOT, env=None):
    """`derive ARGS` in this process (tests/cli_runner.py), with the environment env if given."""
    return derive_cli(args, cwd, env)


def derive_process(*args, cwd=ROOT, env=None, timeout=120):
    """`python -m derive ARGS` in a fresh process: where a time limit or the interpreter's warnings are the point."""
    return subprocess.run([sys.executable, "-m", "derive", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env or ENV, timeout=timeout)


def one_line_error(run, *needles):
    """Exit 2 and exactly one line `derive: error: ...` holding every needle."""
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.startswith("derive: error: ") and run.stderr.count("\n") == 1, run.stderr
    for needle in needles:
        assert needle in run.stderr, run.stderr


def surface_file(path, f=None, **plot):
    """quadratic.toml with another f and/or other [plot] lines, written to path."""
    text = QUADRATIC_TEXT
    if f is not None:
        text = text.replace('f = "0.5*x^2 + 10*y^2"', "f = " + json.dumps(f))
    for key, value in plot.items():
        old = next(line for line in text.splitlines() if line.startswith(f"{key} = "))
        text = text.replace(old, f"{key} = {value}")
    path.write_text(text, encoding="utf-8")
    return path


def no_tex(tmp_path):
    """An environment whose PATH has no TeX (the python running the tests is called by its full path)."""
    return dict(ENV, PATH=str(tmp_path / "no-tex-here"))


def failing_tex(tmp_path):
    """An environment whose latexmk and pdflatex exist and fail, as a broken TeX installation does."""
    bin_dir = tmp_path / "broken-tex"
    bin_dir.mkdir(exist_ok=True)
    for name in ("latexmk", "pdflatex"):
        script = bin_dir / name
        script.write_text("#!/bin/sh\necho '! Emergency stop.' >&2\nexit 1\n")
        script.chmod(0o755)
    return dict(ENV, PATH=str(bin_dir))


# --- 1. number literals with huge exponents --------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("literal", ["0e100000000", "0.0e-100000000", "0.000e+99999999999999999999"])
def test_a_zero_with_a_huge_exponent_is_read_at_once(tmp_path, literal):
    path = surface_file(tmp_path / "s.toml", f=f"{literal} + 0.5*x^2 + 10*y^2")
    run = derive_process("trajectories", path, "-o", tmp_path / "out", "--no-pdf", timeout=60)
    assert run.returncode == 0, run.stderr
    assert surface.parse(f"{literal} + x") == surface.x


@pytest.mark.parametrize("literal", ["1e100000000", "5e-100000000", "0.1e310", "10e-330", "1" + "0" * 350])
def test_a_number_beyond_floating_point_is_refused_at_once(literal):
    with pytest.raises(InputError) as err:
        surface.parse(f"{literal} + x")
    assert "beyond floating point" in str(err.value)


def test_number_literals_are_exact_within_floating_point():
    assert surface.parse("0.1") == surface.sp.Rational(1, 10)
    assert surface.parse("2.5E+2") == 250 and surface.parse("1e-300") == surface.sp.Rational(1, 10 ** 300)
    assert surface.parse("12.50e-1") == surface.sp.Rational(5, 4) and surface.parse(".5") == surface.sp.Rational(1, 2)


# --- 3. every command all or nothing -----------------------------------------------------------------------
def _earlier(folder, names):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(f"earlier {name}")


def _untouched(folder, names):
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert all((folder / n).read_text() == f"earlier {n}" for n in names)


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("tex", ["missing", "failing"])
def test_trajectories_pdf_without_a_working_tex_leaves_earlier_outputs(tmp_path, tex):
    out, names = tmp_path / "out", ["quadratic.json", "quadratic.tex", "quadratic.pdf"]
    _earlier(out, names)
    env = no_tex(tmp_path) if tex == "missing" else failing_tex(tmp_path)
    run = derive("trajectories", QUADRATIC, "-o", out, "--pdf", env=env)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    _untouched(out, names)


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("tex", ["missing", "failing"])
def test_check_pdf_without_a_working_tex_leaves_earlier_outputs(tmp_path, tex):
    out, names = tmp_path / "out", ["marks.json", "hw2_claims-marked.tex", "hw2_claims-marked.pdf"]
    _earlier(out, names)
    env = no_tex(tmp_path) if tex == "missing" else failing_tex(tmp_path)
    run = derive("check", HW2, CLAIMS, "--json", out / "marks.json", "--tex", "--pdf", "-o", out, env=env)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    _untouched(out, names)


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("tex", ["missing", "failing"])
def test_proofs_pdf_without_a_working_tex_leaves_earlier_outputs(tmp_path, tex):
    out, names = tmp_path / "out", ["proofs-ema.tex", "proofs-ema.pdf"]
    _earlier(out, names)
    env = no_tex(tmp_path) if tex == "missing" else failing_tex(tmp_path)
    run = derive("proofs", "ema", "-o", out, "--pdf", env=env)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    _untouched(out, names)


def test_without_pdf_the_tex_and_json_are_still_written_when_tex_is_missing(tmp_path):
    out = tmp_path / "out"
    run = derive("trajectories", QUADRATIC, "-o", out, env=no_tex(tmp_path))
    assert run.returncode == 0 and "no TeX found" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["quadratic.json", "quadratic.tex"]
    run = derive("proofs", "ema", "-o", out, env=no_tex(tmp_path))
    assert run.returncode == 0 and (out / "proofs-ema.tex").is_file() and not (out / "proofs-ema.pdf").exists()


# --- 4. output paths ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.sample
def test_outputs_are_named_after_the_whole_file_name(tmp_path):
    out, runs = tmp_path / "out", []
    for version in ("v1", "v2"):
        (tmp_path / f"hw.{version}.toml").write_text(HW2_TEXT)
        surface_file(tmp_path / f"s.{version}.toml")
        (tmp_path / f"mine.{version}.toml").write_text(CLAIMS.read_text())
        runs += [("solve", tmp_path / f"hw.{version}.toml", "-o", out, "--no-pdf"),
                 ("trajectories", tmp_path / f"s.{version}.toml", "-o", out, "--no-pdf"),
                 ("check", HW2, tmp_path / f"mine.{version}.toml", "--tex", "-o", out)]
    results = [derive(*args) for args in runs]
    for args, run in zip(runs, results):
        assert run.returncode == (1 if args[0] == "check" else 0), run.stderr  # the claims have wrong numbers
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}.{v}{ext}" for v in ("v1", "v2")
        for stem, ext in (("hw", ".json"), ("hw", ".tex"), ("s", ".json"), ("s", ".tex"), ("mine", "-marked.tex")))


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("outdir", ["out", "."])
def test_a_file_named_dot_dot_toml_writes_inside_the_output_folder(tmp_path, outdir):
    work = tmp_path / "work"
    work.mkdir()
    (work / "..toml").write_text(HW2_TEXT)
    run = derive("solve", "..toml", "-o", outdir, "--no-pdf", cwd=work)
    assert run.returncode == 0, run.stderr
    folder = work / outdir
    assert sorted(p.name for p in folder.iterdir() if p.name != "..toml") == ["..json", "..tex"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_solve_never_overwrites_its_own_problem_file(tmp_path):
    (tmp_path / "same.json").write_text(HW2_TEXT)
    run = derive("solve", "same.json", "-o", ".", "--json-only", cwd=tmp_path)
    one_line_error(run, "same.json", "not one of the command's input files")
    assert (tmp_path / "same.json").read_text() == HW2_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.json"]


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("which", ["claims", "problem"])
def test_check_never_overwrites_its_own_inputs(tmp_path, which):
    (tmp_path / "p.toml").write_text(HW2_TEXT)
    (tmp_path / "mine.toml").write_text(CLAIMS.read_text())
    target = "mine.toml" if which == "claims" else "p.toml"
    run = derive("check", "p.toml", "mine.toml", "--json", target, "--tex", "-o", ".", cwd=tmp_path)
    one_line_error(run, target, "not one of the command's input files")
    assert (tmp_path / "mine.toml").read_text() == CLAIMS.read_text()
    assert (tmp_path / "p.toml").read_text() == HW2_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml", "p.toml"]


def test_trajectories_never_overwrites_its_own_file(tmp_path):
    surface_file(tmp_path / "s.json")
    run = derive("trajectories", "s.json", "-o", ".", "--no-pdf", cwd=tmp_path)
    one_line_error(run, "s.json", "not one of the command's input files")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


# --- 5. bad input, not internal errors ---------------------------------------------------------------------
@pytest.mark.parametrize("claim, needle", [("1" + "0" * 400, "a finite number"),
                                           ('"0e400"', "within floating point"),
                                           ('"1e-400"', "within floating point"),
                                           ('"1e400"', "a finite number")])
@pytest.mark.slow
@pytest.mark.sample
def test_claims_beyond_floating_point_are_bad_input(tmp_path, claim, needle):
    path = tmp_path / "mine.toml"
    path.write_text(f'"it1.loss" = {claim}\n')
    one_line_error(derive("check", HW2, path), f"{path}: it1.loss: expected", needle)


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("kind", ["problem", "claims", "trajectories"])
def test_a_toml_integer_of_thousands_of_digits_is_bad_input_in_every_file(tmp_path, kind):
    big = "7" * 5000
    if kind == "problem":
        path = tmp_path / "p.toml"
        path.write_text(HW2_TEXT.replace("iterations = 2", f"iterations = {big}"))
        run = derive("solve", path, "-o", tmp_path / "out", "--no-pdf")
    elif kind == "claims":
        path = tmp_path / "mine.toml"
        path.write_text(f'"it1.loss" = {big}\n')
        run = derive("check", HW2, path)
    else:
        path = surface_file(tmp_path / "s.toml", steps=big)
        run = derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    one_line_error(run, f"{path}: expected a TOML", "an integer of more than")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("f, needle", [("sin(10^299) + x^2 + y^2", "beyond 2^53"),
                                       ("sin(exp(exp(exp(9)))) + x^2 + y^2", "beyond floating point"),
                                       ("x*sin(exp(exp(exp(9)))) + y^2", "beyond floating point"),
                                       ("exp(exp(800)) + x^2", "beyond floating point"),
                                       ("exp(-exp(exp(9))) + x^2", "beyond floating point"),
                                       ("log(0*x + 0) + x^2", "surface.f")])
@pytest.mark.slow
@pytest.mark.sample
def test_constants_floating_point_cannot_compute_are_bad_input(tmp_path, f, needle):
    path = surface_file(tmp_path / "s.toml", f=f)
    one_line_error(derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf"), "surface.f: expected", needle)


def test_a_large_exact_constant_is_computed_in_floating_point(tmp_path):
    path = surface_file(tmp_path / "s.toml", f="log(10^20) + 10^20/10^20*x^2 + y^2")
    run = derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    assert run.returncode == 0 and run.stderr == "", run.stderr
    values = json.loads((tmp_path / "out" / "s.json").read_text())["paths"][0]["values"]
    assert values[0] == pytest.approx(20 * np.log(10) + 81 + 2.25, rel=1e-14)


@pytest.mark.slow
@pytest.mark.sample
def test_proofs_output_folder_that_is_a_file_or_unwritable_is_bad_input(tmp_path):
    (tmp_path / "afile").write_text("mine")
    one_line_error(derive("proofs", "ema", "-o", tmp_path / "afile", "--no-pdf"), str(tmp_path / "afile"))
    one_line_error(derive("proofs", "ema", "-o", tmp_path / "afile" / "sub", "--no-pdf"), "afile")
    one_line_error(derive("proofs", "ema", "-o", "/proc/derive-cannot-write-here", "--no-pdf"), "/proc/")
    assert (tmp_path / "afile").read_text() == "mine"


# --- 6. wrong results accepted -----------------------------------------------------------------------------
@pytest.mark.parametrize("f", ["(-8)^(1/3) + x^2 + y^2", "(-x^2)^(1/3) + y^2", "x^2 + y^2 + (-1/8)^0.5",
                               "x^2 + (-2)^(-1/3)*y^2"])
@pytest.mark.slow
@pytest.mark.sample
def test_a_non_real_constant_is_refused_without_a_complex_warning(tmp_path, f):
    path = surface_file(tmp_path / "s.toml", f=f)
    run = derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    one_line_error(run, "surface.f: expected", "real")
    assert "ComplexWarning" not in run.stderr


def test_real_powers_of_negative_constants_stay_accepted():
    assert surface.parse("(-8)^2 + (-2)^(-1)*x") == 64 - surface.x / 2
    assert surface.parse("(-8)^(1/3)^0 + x") == surface.x - 8  # (1/3)^0 = 1


def _overflowing_claims(tmp_path):
    """Claims whose recomputation overflows: grad.u = grad.f h^T from the student's 1.7e308s is infinite."""
    path = tmp_path / "mine.toml"
    path.write_text('"it1.s1.h" = [1.7e308, 1.7e308]\n"it1.s1.grad.f" = 1.7e308\n"it1.s1.grad.u" = [1.0, 2.0]\n')
    return path


def test_an_overflow_from_the_students_numbers_is_never_carried(tmp_path):
    trace = build(spec.load(HW2))
    report = mark(trace, claims_module.load(_overflowing_claims(tmp_path), trace))
    verdicts = {m.key: m.verdict for m in report.marks}
    assert verdicts["it1.s1.grad.u[1,1]"] == verdicts["it1.s1.grad.u[1,2]"] == "wrong" != CARRIED
    run = derive("check", HW2, _overflowing_claims(tmp_path), "--json", tmp_path / "marks.json")
    assert run.returncode == 1 and "Traceback" not in run.stderr and "5 wrong" in run.stdout, run.stdout
    marks = {m["key"]: m for m in json.loads((tmp_path / "marks.json").read_text())}
    assert marks["it1.s1.grad.u[1,2]"]["verdict"] == "wrong"


@pytest.mark.parametrize("changes, key", [
    ({(0, "bias"): "b_2"}, "network.layers[2].bias"),             # b_2 and b2 both print b_2
    ({(0, "bias"): "W_1"}, "network.layers[1].bias"),             # W_1 is how W's elements are written
    ({(1, "bias"): "b1_2"}, "network.layers[2].bias"),            # b1_2 prints b_{1,2}: element 2 of b1
    ({(0, "pre"): "x1"}, "network.layers[1].pre"),                # x1 prints like the input's element x_1
    ({(1, "pre"): "y_1"}, "network.layers[2].pre"),               # y_1 prints like a label's element
    ({(1, "pre"): "h_k"}, "network.layers[2].pre"),               # h_k: how the sheet writes an element of h
])
@pytest.mark.slow
@pytest.mark.sample
def test_names_that_print_alike_are_refused(tmp_path, changes, key):
    d = json.loads(json.dumps(HW2_DICT))
    for (layer, role), name in changes.items():
        old = d["network"]["layers"][layer][role]
        d["network"]["layers"][layer][role] = name
        if role in ("weight", "bias"):
            d["init"][name] = d["init"].pop(old)
    with pytest.raises(InputError) as err:
        spec.parse(d, Path("p.toml"))
    assert err.value.key == key and "prints like" in str(err.value.got), str(err.value)
    path = tmp_path / "p.toml"
    path.write_text(to_toml(d))
    one_line_error(derive("solve", path, "-o", tmp_path / "out", "--no-pdf"), key)


@pytest.mark.parametrize("weight, bias", [("W", "W_in"), ("V", "c"), ("Theta", "theta"), ("W1", "bias")])
def test_names_that_print_differently_stay_accepted(weight, bias):
    d = json.loads(json.dumps(HW2_DICT))
    d["network"]["layers"][0].update(weight=weight, bias=bias)
    d["init"][weight], d["init"][bias] = d["init"].pop("W"), d["init"].pop("b1")
    spec.parse(d, Path("p.toml"))


def test_element_symbols_of_distinct_names_never_collide():
    pairs = [(("W", 1, 1), ("W_1", 1)), (("b1", 1), ("b", 11)), (("W", 1, 11), ("W", 11, 1)), (("b_2", 1), ("b2", 1))]
    for a, b in pairs:
        assert symbols.element(*a) != symbols.element(*b)
    assert symbols.element("W", 1, 2) == symbols.element("W", 1, 2)


@pytest.mark.parametrize("written, value", [("۰٫۵۳۴۳", 0.5343), ("٠.٥٣٤٣", 0.5343), ("０.５３４３", 0.5343),
                                            ("−۰٫۴۶۵۷", -0.4657), ("۵۳۴۳e-۴", 0.5343)])
def test_claims_in_persian_arabic_and_fullwidth_digits_are_read_as_their_numbers(tmp_path, written, value):
    trace = build(spec.load(HW2))
    path = tmp_path / "mine.toml"
    key = "it1.s1.yhat" if value > 0 else "it1.s1.grad.f"
    path.write_text(f'"{key}" = "{written}"\n', encoding="utf-8")
    claims = claims_module.load(path, trace)
    qc = claims.quantities[key]
    assert float(qc.values.reshape(-1)[0]) == value and qc.half.reshape(-1)[0] == pytest.approx(5e-5)
    assert qc.texts.reshape(-1)[0].isascii()
    report = mark(trace, claims)
    assert report.marks[0].verdict == "correct"
    from derive.marking.marked_sheet import marked_tex
    assert marked_tex(report).isascii()


@pytest.mark.parametrize("written", ["۰٫۵٫۳", "٥,٣", "0.5.3", "½", "५"])
def test_claims_that_are_no_number_in_any_digits_are_refused(tmp_path, written):
    path = tmp_path / "mine.toml"
    path.write_text(f'"it1.s1.yhat" = "{written}"\n', encoding="utf-8")
    trace = build(spec.load(HW2))
    if written == "५":  # Devanagari five: a decimal digit too, read as 5
        assert claims_module.load(path, trace).quantities["it1.s1.yhat"].values.reshape(-1)[0] == 5
        return
    with pytest.raises(InputError) as err:
        claims_module.load(path, trace)
    assert err.value.key == "it1.s1.yhat"


# --- 7. messages -------------------------------------------------------------------------------------------
def test_check_json_to_a_folder_is_the_one_line_form(tmp_path):
    run = derive("check", HW2, CLAIMS, "--json", tmp_path)
    one_line_error(run, f"derive: error: {tmp_path}: expected")


def test_a_file_name_with_a_newline_gives_one_line(tmp_path):
    path = tmp_path / "bad\nname.toml"
    path.write_text(HW2_TEXT.replace("lr = 0.1", "lr = -1"))
    run = derive("solve", path, "-o", tmp_path / "out", "--no-pdf")
    one_line_error(run, "bad\\nname.toml: optimizer.lr: expected")
    err = InputError("a\nb\r\x1b[31m.toml", "k\ney", "x", "got\u2028it")
    assert "\n" not in str(err) and "\x1b" not in str(err) and "\u2028" not in str(err) and "a\\nb" in str(err)


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("kind", ["problem", "claims", "trajectories"])
def test_a_utf8_byte_order_mark_is_accepted(tmp_path, kind):
    bom = "\ufeff"
    if kind == "problem":
        path = tmp_path / "p.toml"
        path.write_text(bom + HW2_TEXT, encoding="utf-8")
        run = derive("solve", path, "-o", tmp_path / "out", "--json-only")
        assert run.returncode == 0, run.stderr
    elif kind == "claims":
        path = tmp_path / "mine.toml"
        path.write_text(bom + CLAIMS.read_text(encoding="utf-8"), encoding="utf-8")
        run = derive("check", HW2, path)
        assert run.returncode == 1 and "4 wrong" in run.stdout, run.stderr
    else:
        path = tmp_path / "s.toml"
        path.write_text(bom + QUADRATIC_TEXT, encoding="utf-8")
        run = derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
        assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("plot", [{"x": "[-1.7e308, 1.7e308]"}, {"y": "[-1.79e308, 1e308]"},
                                  {"x": "[1.6e308, 1.7e308]"}])
@pytest.mark.slow
@pytest.mark.sample
def test_plot_ranges_beyond_floating_point_are_refused_without_warnings(tmp_path, plot):
    path = surface_file(tmp_path / "s.toml", **plot)
    run = derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    one_line_error(run, f"plot.{next(iter(plot))}: expected")
    assert "Warning" not in run.stderr


def test_paths_far_out_fit_a_window_floating_point_can_draw(tmp_path):
    """Paths thrown to -1.7e308 and +1.7e308 (Adam's steps are lr, whatever the slope) do not widen the window
    to inf (pgfplots would get xmin=-inf)."""
    path = tmp_path / "s.toml"
    path.write_text('[surface]\nf = "x/(1 + x^2) - y/(1 + y^2)"\nstart = [0, 0]\nsteps = 3\n'
                    '[[optimizers]]\nkind = "adam"\nlr = 1.7e308\n[[optimizers]]\nkind = "sgd"\nlr = 0.1\n')
    run = derive("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    assert run.returncode == 0 and "Warning" not in run.stderr, run.stderr
    tex = (tmp_path / "out" / "s.tex").read_text()
    window = re.search(r"xmin=(\S+), xmax=(\S+), ymin=(\S+), ymax=(\S+),", tex).groups()
    assert all(np.isfinite(float(v)) and abs(float(v)) <= 2e300 for v in window), window
    assert not re.search(r"[(,](-?inf|nan)[),]", tex)


@pytest.mark.slow
@requires("tex")
def test_the_marked_sheet_of_persian_digit_claims_compiles(tmp_path):
    path = tmp_path / "تمرین.toml"  # a Persian file name too: the sheet names the claims file
    path.write_text('"it1.s1.yhat" = "۰٫۵۳۴۳"\n"it1.s1.f" = "٠.٩٩٩٩"\n"it1.s1.loss" = "０.６２６８"\n', encoding="utf-8")
    run = derive("check", HW2, path, "--pdf", "-o", tmp_path / "out")
    assert run.returncode == 1 and "2 correct" in run.stdout and "1 wrong" in run.stdout, run.stdout + run.stderr
    pdf = tmp_path / "out" / "تمرین-marked.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "0.5343" in text and "0.9999" in text and "0.6268" in text
