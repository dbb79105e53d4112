"""Hostile and extreme input: LaTeX injection, the compile sandbox and its time limit, numbers near
overflow, size limits and atomic outputs. LaTeX tests really compile (skipped without latexmk)."""
import copy
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from conftest import HW2, ROOT, requires
from derive.problem import limits, spec
from derive.forms import tex
from derive.cli import main
from derive.errors import InputError, TexError
from derive.display.latex_text import escape, refusal
from derive.forms.outputs import dumps, write_files
from derive.engine.pipeline import finite, trace_json
from derive.forms.answer import solve_to
from derive.display.render import render
from derive.forms.sheet import sheet_tex
from derive.engine.trace import build
from problem_factory import to_toml
from cli_runner import derive_cli

needs_tex = requires("tex")
HW2_DICT = tomllib.loads(HW2.read_text(encoding="utf-8"))
PASSWD = Path("/etc/passwd").read_text(errors="replace").splitlines()[0] if Path("/etc/passwd").exists() else "root:x:0:0"

# Titles an attacker (or an unlucky student) might write; {marker} is a file a shell command would create.
ACCEPTED = [
    r"\input{/etc/passwd}",
    r"\include{/etc/passwd}",
    r"\openin1=/etc/passwd \read1 to \x \x",
    r"\immediate\write18{touch {marker}}",
    r"\write18{touch {marker}} \ShellEscape{touch {marker}}",
    r"^^5cinput{/etc/passwd} ^^5c^^5c",
    r"\catcode`\^^5c=0 \catcode`\{=1 \catcode`\}=2",
    r"\csname input\endcsname{/etc/passwd}",
    r"\def\x{\x}\x \loop\iftrue\repeat",
    r"\end{document} \\ \par",
    "{{{ unbalanced",
    "}} closing first {",
    "100% of # $5 ~ & _x^2",
    "dashes -- and --- quotes `` '' ?` !` <b> | \"q\"",
    "Übung 3: réseau à deux couches — Škoda, “quoted” and ‘single’, ¿qué? ¡sí!",
    " ".join(["word"] * 39) + " last",  # 200 characters: the bound
]
REFUSED = [
    ("x" * 201, "at most 200 characters"),
    ("تمرین شبکه عصبی", "U+062A ARABIC LETTER TEH"),
    ("שיעורי בית", "U+05E9 HEBREW LETTER SHIN"),
    ("Homework 🤖 2", "U+1F916 ROBOT FACE"),
    ("神经网络", "U+795E CJK UNIFIED IDEOGRAPH-795E"),
    ("bell\x07", "U+0007"),
    ("Łódź", "U+0141 LATIN CAPITAL LETTER L WITH STROKE"),
]


def _norm(text):
    """Text as compared with what pdftotext reads: NFC, TeX's quotes as typed, whitespace collapsed."""
    text = re.sub("ı(?=[\u0300-\u036f])", "i", text)  # pdftotext writes í as dotless ı + a combining accent
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "`")
    return " ".join(text.split())


def _pdf_text(pdf):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _problem(**changes):
    d = copy.deepcopy(HW2_DICT)
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        table = d
        for k in path:
            table = table[k]
        table[last] = value
    return d


@pytest.fixture
def marker():
    """A short path (a long one would run off the page) that a shell command in a title would create."""
    path = Path(tempfile.gettempdir()) / f"dv{os.getpid()}"
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


# --- user text ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("title, needle", REFUSED, ids=[f"refused-{n}" for n in range(len(REFUSED))])
def test_titles_pdflatex_cannot_set_literally_are_refused_naming_the_title(title, needle):
    with pytest.raises(InputError) as err:
        spec.parse(_problem(title=title), Path("p.toml"))
    assert err.value.key == "title" and needle in str(err.value)
    assert len(str(err.value).splitlines()) == 1


def test_accepted_titles_pass_validation_and_escape_to_no_command_of_theirs():
    for title in ACCEPTED:
        assert refusal(title) is None, title
        text = escape(title)
        # every backslash the escape writes starts one of its own few commands
        assert set(re.findall(r"\\[A-Za-z]+", text)) <= {r"\textbackslash", r"\texttt", r"\char"}, text
        assert "^^" not in text and "%" not in text.replace(r"\%", "")


def test_a_title_defaulting_to_the_file_name_is_checked_too():
    d = _problem()
    del d["title"]
    with pytest.raises(InputError) as err:
        spec.parse(d, Path("تمرین.toml"))
    assert err.value.key == "title" and "defaults to the file name" in str(err.value)


@pytest.mark.parametrize("name", ["Wbar", "ytrue", "ytrue2", "s1", "s12", "W__1", "1W", "W-1", "\\input", "a" * 17,
                                  "x", "loss"])
def test_names_that_are_not_safe_identifiers_are_refused(name):
    d = _problem()
    d["network"]["layers"][0]["pre"] = name
    with pytest.raises(InputError) as err:
        spec.parse(d, Path("p.toml"))
    assert err.value.key == "network.layers[1].pre"


@needs_tex
@pytest.mark.slow
def test_corpus_titles_typeset_literally_and_run_nothing(marker, tmp_path):
    """Every accepted title, through the real escape and preamble, in one real compile."""
    titles = [t.replace("{marker}", str(marker)) for t in ACCEPTED]
    body = "\n".join(r"\par\noindent BEGIN%d:%s:END%d" % (n, escape(t), n) for n, t in enumerate(titles))
    source = render("preamble.tex.j2") + "\\begin{document}\n" + body + "\n\\end{document}\n"
    text = _pdf_text(tex.compile_pdf(source, tmp_path / "corpus.pdf"))
    for n, title in enumerate(titles):
        found = re.search(r"BEGIN%d:(.*?):END%d" % (n, n), text, re.S)
        assert found and _norm(found.group(1)) == _norm(title), (title, found and found.group(1))
    assert PASSWD not in text and not marker.exists()


@needs_tex
@pytest.mark.slow
def test_a_hostile_title_end_to_end_through_the_cli(marker, tmp_path):
    title = r"\input{/etc/passwd} ^^5cinput{/etc/passwd} \immediate\write18{touch %s} {unbalanced %% # $ ~" % marker
    problem = tmp_path / "hostile.toml"
    problem.write_text(to_toml(_problem(title=title)), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "derive", "solve", str(problem), "-o", str(tmp_path / "out"), "--pdf"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    text = _pdf_text(tmp_path / "out" / "hostile.pdf")
    assert _norm(title) in _norm(text)
    assert PASSWD not in text and not marker.exists()


# --- the compile sandbox -----------------------------------------------------------------------------
@needs_tex
@pytest.mark.slow
@pytest.mark.sample
def test_raw_latex_cannot_read_write_or_run_outside_its_folder(marker, tmp_path):
    """Even LaTeX that is not escaped at all cannot reach outside the compile's fresh folder."""
    leak = tmp_path / "leak.txt"
    with pytest.raises(TexError) as err:
        tex.compile_pdf(r"\documentclass{article}\begin{document}\input{/etc/passwd}\end{document}", tmp_path / "a.pdf")
    assert PASSWD not in str(err.value)
    reads = (r"\documentclass{article}\begin{document}\newread\r \immediate\openin\r=/etc/passwd "
             r"\ifeof\r NOTREAD\else\read\r to\x READ:\x\fi\ \immediate\write18{touch %s}\end{document}" % marker)
    text = _pdf_text(tex.compile_pdf(reads, tmp_path / "b.pdf"))
    assert "NOTREAD" in text and PASSWD not in text and not marker.exists()
    for target in (str(leak), "../leak.txt"):
        with pytest.raises(TexError):
            tex.compile_pdf(r"\documentclass{article}\begin{document}\newwrite\w \immediate\openout\w=%s "
                            r"\immediate\write\w{x}\immediate\closeout\w hi\end{document}" % target, tmp_path / "c.pdf")
    assert not leak.exists()


@needs_tex
def test_no_latexmkrc_from_the_users_folders_runs(tmp_path, monkeypatch):
    marker = tmp_path / "perlran"
    rc = f'system("touch {marker}");\n'
    (tmp_path / "latexmkrc").write_text(rc)
    (tmp_path / ".latexmkrc").write_text(rc)
    (tmp_path / ".config" / "latexmk").mkdir(parents=True)
    (tmp_path / ".config" / "latexmk" / "latexmkrc").write_text(rc)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    tex.compile_pdf(r"\documentclass{article}\begin{document}hi\end{document}", tmp_path / "d.pdf")
    assert not marker.exists()


def _processes_in(folder):
    """Processes whose working folder is inside `folder` (Linux /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and os.readlink(proc / "cwd").startswith(str(folder)):
                found.append(proc.name)
        except OSError:
            pass
    return found


@needs_tex
@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux /proc")
@pytest.mark.slow
def test_a_runaway_compile_is_stopped_at_its_time_limit_with_every_process(tmp_path, monkeypatch):
    work = tmp_path / "tex-work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # the compile's fresh folder goes here, to be watched
    dest = tmp_path / "loop.pdf"
    dest.write_bytes(b"previous")
    start = time.monotonic()
    with pytest.raises(TexError) as err:
        tex.compile_pdf(r"\documentclass{article}\begin{document}\loop\iftrue\repeat\end{document}", dest, time_limit=3)
    assert "did not finish within 3 s" in str(err.value)
    assert time.monotonic() - start < 20
    assert dest.read_bytes() == b"previous"
    time.sleep(0.2)
    assert _processes_in(work) == [] and list(work.iterdir()) == []


# --- numbers -----------------------------------------------------------------------------------------
def _one_layer(kind, x, y, units=1):
    if kind == "bce":
        layers, init = [{"units": 1, "activation": "sigmoid"}], {"W1": [[1.0]], "b1": [0.0]}
    else:
        layers = [{"units": units, "activation": "softmax"}]
        init = {"W1": [[1.0], [0.0], [-1.0]], "b1": [0.0, 0.0, 0.0]}
    return {"network": {"inputs": 1, "layers": layers}, "loss": {"kind": kind}, "data": {"x": x, "y": y},
            "init": init, "optimizer": {"kind": "sgd", "lr": 0.1, "iterations": 1}}


def test_bce_where_sigmoid_rounds_to_0_or_1_is_finite_and_right():
    """sigma(600) is 1.0 in float64, yet the loss softplus(600) = 600 and its slope 1 + e^600 are finite."""
    tr = finite(build(spec.parse(_one_layer("bce", [[40.0], [-40.0], [600.0], [-600.0]], [1, 0, 0, 1]))))
    assert tr.value("it1.s3.a1") == [1.0]
    for i, z, y in ((1, 40.0, 1), (2, -40.0, 0), (3, 600.0, 0), (4, -600.0, 1)):
        softplus = max(z, 0) + math.log1p(math.exp(-abs(z)))
        assert tr.value(f"it1.s{i}.loss") == pytest.approx(softplus if y == 0 else softplus - z, rel=1e-12)
        assert tr.value(f"it1.s{i}.grad.z1") == pytest.approx([1 / (1 + math.exp(-z)) - y], abs=1e-15)
    assert tr.value("it1.s3.grad.a1") == pytest.approx([1 + math.exp(600)], rel=1e-12)
    text = sheet_tex(tr)
    assert "NaN" not in text and r"\infty" not in text
    dumps(trace_json(tr))


def test_ce_with_a_softmax_output_that_underflows_is_finite_and_right():
    """softmax_3(400, 0, -400) is 0.0 in float64: -0 log 0 is 0 for a label 0, not nan."""
    tr = finite(build(spec.parse(_one_layer("ce", [[400.0], [20.0]], [[1, 0, 0], [0, 0, 1]], units=3))))
    assert tr.value("it1.s1.a1")[2] == 0.0
    assert tr.value("it1.s1.loss") == pytest.approx(math.exp(-400), rel=1e-12)
    assert tr.value("it1.s1.grad.a1") == pytest.approx([-1.0, 0.0, 0.0])
    assert tr.value("it1.s2.loss") == pytest.approx(40 + math.log1p(math.exp(-20) + math.exp(-40)), rel=1e-14)
    assert tr.value("it1.s2.grad.z1") == pytest.approx([1.0, 0.0, -1.0], abs=1e-8)
    assert "NaN" not in sheet_tex(tr)


def test_hw2_with_inputs_scaled_by_1000_solves_with_finite_values(tmp_path, capsys):
    x = (np.array(HW2_DICT["data"]["x"]) * 1000).tolist()
    path = tmp_path / "big.toml"
    d = _problem(data__x=x)
    d.pop("sheet", None)  # its proofs write \infty in limits
    path.write_text(to_toml(d), encoding="utf-8")
    assert main(["solve", str(path), "-o", str(tmp_path / "out"), "--no-pdf"]) == 0
    text = (tmp_path / "out" / "big.tex").read_text()
    assert "NaN" not in text and r"\infty" not in text
    quantities = __import__("json").loads((tmp_path / "out" / "big.json").read_text())["quantities"]
    assert all(np.isfinite(v).all() for v in map(np.asarray, quantities.values()))


def test_a_value_beyond_floating_point_is_one_line_naming_it(tmp_path, capsys):
    """1 + e^800 (d loss / d yhat at z = 800, y = 0) exceeds float64: refused, nothing written."""
    path = tmp_path / "inf.toml"
    path.write_text(to_toml(_one_layer("bce", [[800.0]], [0])), encoding="utf-8")
    assert main(["solve", str(path), "-o", str(tmp_path / "out"), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "it1.s1.grad.a1: expected a finite value" in err and "got inf" in err
    assert not (tmp_path / "out").exists()


def test_json_refuses_nan_with_one_line_naming_where():
    with pytest.raises(InputError) as err:
        dumps({"quantities": {"it1.W": [[1.0, float("nan")]]}})
    assert "quantities.it1.W[1][2]" in str(err.value) and "nan" in str(err.value)


# --- size ----------------------------------------------------------------------------------------------
def _wide(inputs, units):
    d = _problem()
    d["network"] = {"inputs": inputs, "layers": [{"units": units, "activation": "tanh"},
                                                 {"units": 1, "activation": "sigmoid"}]}
    d["data"]["x"] = [[0.01] * inputs] * 3
    d["init"] = {"W1": [[0.01] * inputs] * units, "b1": [0.0] * units, "W2": [[0.01] * units], "b2": [0.0]}
    return d


def test_a_network_beyond_the_parameter_bound_is_refused_before_its_data_is_read():
    d = _problem()
    d["network"] = {"inputs": 1000, "layers": [{"units": 200, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]}
    with pytest.raises(InputError) as err:
        spec.parse(d, Path("p.toml"))  # its data and init do not fit: the size is what is reported
    assert err.value.key == "network" and f"at most {limits.MAX_PARAMS} parameters" in str(err.value)


def test_a_long_run_is_refused_before_any_work_with_the_bound_and_a_way_around():
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        spec.parse(_problem(optimizer__iterations=100_000), Path("p.toml"))
    assert time.monotonic() - start < 5
    assert err.value.key == "optimizer.iterations" and str(limits.MAX_STEPS) in str(err.value)
    assert "fewer iterations" in str(err.value)


def test_the_sheet_bounds_point_to_json_only_which_works(tmp_path, capsys):
    for name, d, key in (("long", _problem(optimizer__iterations=limits.MAX_SHEET_ITERATIONS + 1), "optimizer.iterations"),
                         ("wide", _wide(60, 90), "network")):
        path, out = tmp_path / f"{name}.toml", tmp_path / f"out-{name}"
        path.write_text(to_toml(d), encoding="utf-8")
        assert main(["solve", str(path), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"{key}: expected at most" in err and "--json-only" in err and err.count("\n") == 1
        assert not out.exists()
        assert main(["solve", str(path), "-o", str(out), "--json-only"]) == 0
        assert (out / f"{name}.json").exists()


def test_nesting_too_deep_for_the_toml_parser_is_one_line(tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text("title = " + "[" * 5000 + "]" * 5000 + "\n")
    assert main(["keys", str(path)]) == 2
    assert "nested too deeply" in capsys.readouterr().err


# --- outputs -------------------------------------------------------------------------------------------
def test_a_failed_write_leaves_every_earlier_file_as_it_was(tmp_path):
    (tmp_path / "p.json").write_text("old json")
    (tmp_path / "p.tex").mkdir()  # a folder in the way of the second file
    with pytest.raises(OSError):
        write_files({tmp_path / "p.json": "new json", tmp_path / "p.tex": "new tex"})
    assert (tmp_path / "p.json").read_text() == "old json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json", "p.tex"]


@pytest.mark.slow
def test_solve_writes_json_tex_and_pdf_together_or_not_at_all(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("hw2.json", "hw2.tex", "hw2.pdf"):
        (out / name).write_text("earlier")
    env = dict(os.environ, PATH=str(tmp_path / "no-tex-here"))
    run = subprocess.run([sys.executable, "-m", "derive", "solve", str(HW2), "-o", str(out), "--pdf"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert all((out / n).read_text() == "earlier" for n in ("hw2.json", "hw2.tex", "hw2.pdf"))
    outcome = solve_to(HW2, out, pdf=False)
    assert sorted(p.name for p in outcome.written) == ["hw2.json", "hw2.tex"]
    assert (out / "hw2.pdf").read_text() == "earlier" and not list(out.glob(".*tmp"))


# --- input files: problem, claims and trajectories alike ---------------------------------------------
CLAIMS = ROOT / "tests" / "data" / "hw2_claims.toml"
SURFACE_TEXT = (ROOT / "derive" / "problems" / "quadratic.toml").read_text(encoding="utf-8")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")


def _command(kind, tmp_path, problem=HW2, claims=CLAIMS, surface=None):
    """The real CLI's arguments for one input file; every output goes under tmp_path/out."""
    out = tmp_path / "out"
    if kind == "solve":
        return ["solve", problem, "-o", out, "--no-pdf"]
    if kind == "check":
        return ["check", problem, claims, "--json", out / "marks.json", "--tex", "-o", out]
    return ["trajectories", surface, "-o", out, "--no-pdf"]


def _refused(tmp_path, args, *needles, timeout=None):
    """Run derive ARGS: exit 2, one line 'derive: error: ...' naming the needles, nothing written. In this process,
    or, with a timeout (a file that could block the read), as `python -m derive` stopped at that time."""
    if timeout is None:
        run = derive_cli(args, ROOT)
    else:
        run = subprocess.run([sys.executable, "-m", "derive", *map(str, args)], capture_output=True, text=True,
                             timeout=timeout, cwd=ROOT)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("derive: error: ") and run.stderr.count("\n") == 1, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    for needle in needles:
        assert needle in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()
    return run.stderr


def _input(kind, tmp_path, name, write):
    """The CLI arguments with the `kind` input file (problem, claims or surface) at tmp_path/name, made by write."""
    path = tmp_path / name
    write(path)
    command = {"problem": "solve", "claims": "check", "surface": "trajectories"}[kind]
    return path, _command(command, tmp_path, **{kind: path})


INPUT_KINDS = ["problem", "claims", "surface"]
WHAT = {"problem": "problem file", "claims": "claims file", "surface": "trajectories file"}


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.slow
@pytest.mark.sample
def test_an_input_file_over_the_size_bound_is_refused_naming_it_and_the_bound(tmp_path, kind):
    def sparse(path):  # the bound + 1 bytes, without writing them
        with open(path, "wb") as f:
            f.truncate(limits.MAX_FILE_BYTES + 1)
    path, args = _input(kind, tmp_path, "big.toml", sparse)
    _refused(tmp_path, args, f"{path}: expected a {WHAT[kind]} of at most {limits.MAX_FILE_BYTES} bytes",
             "a larger file")


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.parametrize("nesting", ["arrays", "inline tables"])
@pytest.mark.slow
@pytest.mark.sample
def test_an_input_file_nested_too_deeply_for_the_toml_parser_names_the_file(tmp_path, kind, nesting):
    opening, closing = ("[", "]") if nesting == "arrays" else ("{a = ", "}")
    text = "deep = " + opening * 5000 + "1" * (nesting != "arrays") + closing * 5000 + "\n"
    path, args = _input(kind, tmp_path, "deep.toml", lambda p: p.write_text(text))
    _refused(tmp_path, args, f"{path}: expected a TOML", "nested too deeply")


def test_a_claims_key_with_thousands_of_dotted_parts_is_one_line_naming_the_file(tmp_path):
    path, args = _input("claims", tmp_path, "dotted.toml", lambda p: p.write_text(".".join(["it1"] * 5000) + " = 1\n"))
    run = derive_cli(args, ROOT)
    # an unknown key is listed, not refused (the rest of a file is marked): no traceback, exit 1
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "it1.it1.it1" in run.stdout and "not a key of this problem" in run.stdout


@pytest.mark.parametrize("title, needle", REFUSED, ids=[f"refused-{n}" for n in range(len(REFUSED))])
@pytest.mark.slow
@pytest.mark.sample
def test_a_trajectories_title_pdflatex_cannot_set_is_refused_naming_the_title(tmp_path, title, needle):
    text = SURFACE_TEXT.replace('title = "Momentum overshoots, Nesterov damps: an elongated quadratic"',
                                "title = " + json.dumps(title, ensure_ascii=False))
    assert text != SURFACE_TEXT
    path, args = _input("surface", tmp_path, "titled.toml", lambda p: p.write_text(text, encoding="utf-8"))
    _refused(tmp_path, args, f"{path}: title: expected", needle)


def test_a_trajectories_title_defaulting_to_the_file_name_is_checked_too(tmp_path):
    text = "\n".join(line for line in SURFACE_TEXT.splitlines() if not line.startswith("title ="))
    path, args = _input("surface", tmp_path, "تمرین.toml", lambda p: p.write_text(text, encoding="utf-8"))
    _refused(tmp_path, args, "title: expected", "defaults to the file name", "U+062A ARABIC LETTER TEH")


@needs_fifo
@pytest.mark.parametrize("kind, command", [("problem", "solve"), ("problem", "check"), ("claims", "check"),
                                           ("surface", "trajectories")])
@pytest.mark.slow
@pytest.mark.sample
def test_a_fifo_given_as_an_input_file_is_refused_instead_of_blocking(tmp_path, kind, command):
    """Opening a named pipe for reading waits for a writer: a regression times out and fails, not hangs."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    args = _command(command, tmp_path, **{kind: fifo})
    _refused(tmp_path, args, f"{fifo}: expected a readable {WHAT[kind]}", "named pipe", timeout=30)


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.slow
@pytest.mark.sample
def test_a_device_given_as_an_input_file_is_refused(tmp_path, kind):
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    args = _command({"problem": "solve", "claims": "check", "surface": "trajectories"}[kind], tmp_path,
                    **{kind: Path("/dev/zero")})
    _refused(tmp_path, args, f"/dev/zero: expected a readable {WHAT[kind]}", "a character device", timeout=30)
