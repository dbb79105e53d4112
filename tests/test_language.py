"""Sheets in Persian: one message table per language, right-to-left prose with left-to-right math, Persian
digits in prose only, Persian titles allowed only under fa, XeLaTeX for Persian and pdflatex for English.

The fast tests read the .tex; the slow ones compile with XeLaTeX and read the PDF back with pdftotext."""
import os
import re
import shutil
import tempfile
import subprocess
import tomllib
import unicodedata
from pathlib import Path

import pytest

from cli_runner import derive_cli
from conftest import HW2, ROOT, requires
from derive.problem import spec
from derive.forms import tex
from derive.engine import trace
from derive.marking.check import mark
from derive.marking.marked_sheet import marked_tex
from derive.marking.claims import load as load_claims
from derive.errors import InputError, TexError
from derive.language import LANGUAGES, message, message_parts, messages, placeholders
from derive.display.latex_text import escape, refusal
from derive.proofs import PROOF_NAMES, document_latex
from derive.forms.sheet import sheet_tex

ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
CLAIMS = ROOT / "tests" / "data" / "hw2_claims.toml"
PERSIAN = re.compile("[\u0600-\u06ff]")
PERSIAN_DIGITS = re.compile("[\u06f0-\u06f9]")
HAS_XELATEX = tex.xelatex_available() and shutil.which("pdftotext") is not None
TITLE = "تمرین دوم: دو پیمایش SGD با momentum روی شبکه‌ی ۳-۲-۱"


def run(args, cwd, env=ENV):
    """`derive ARGS` in this process (tests/cli_runner.py) with the environment env."""
    return derive_cli(args, cwd, env)


def hw2_raw(**changes):
    raw = tomllib.loads(HW2.read_text(encoding="utf-8"))
    raw.update(changes)
    return raw


def persian_trace(**changes):
    return trace.build(spec.parse(hw2_raw(**changes), HW2, language="fa"))


# --- the tables -------------------------------------------------------------------------------------
def test_every_message_key_is_in_every_table_with_the_same_placeholders():
    english = LANGUAGES["en"].messages
    for code, lang in LANGUAGES.items():
        assert set(lang.messages) == set(english), (code, set(english) ^ set(lang.messages))
        for key, text in lang.messages.items():
            assert placeholders(text) == placeholders(english[key]), (code, key)


def test_persian_messages_are_persian_and_use_persian_digits():
    english = LANGUAGES["en"].messages
    for key, text in LANGUAGES["fa"].messages.items():
        words = re.sub(r"\$[^$]*\$|\\lr\{[^{}]*\}|\\[a-zA-Z]+|\{\{[A-Za-z0-9_]+\}\}", "", text)
        prose = re.sub(r"\$[^$]*\$|\\[a-zA-Z]+|\{\{[A-Za-z0-9_]+\}\}|SymPy|PyTorch|JSON", "", english[key])
        names = key in ("check.ecf",) or key.startswith("rule.") and key.endswith((".title", ".name"))  # AdaGrad, Adam
        if re.search("[A-Za-z]{3}", prose) and not names:
            assert PERSIAN.search(text), key  # translated, not copied
        words = re.sub("[A-Za-z][A-Za-z0-9]*", "", words)  # a Latin name (BatchNorm1d) keeps its digits
        assert not re.search("[0-9]", words), (key, text)  # digits of prose are Persian


def test_lookup_fills_values_with_the_languages_digits():
    assert message("en", "sheet.iteration", t=12) == "Iteration 12"
    assert message("fa", "sheet.iteration", t=12) == "پیمایش ۱۲"
    assert messages("fa").count("sheet.samples", 3) == "۳ نمونه."
    assert messages("en").count("sheet.samples", 1) == "1 sample."
    assert messages("fa").latin("W[1]") == r"\lr{W[1]}" and messages("en").latin("W[1]") == "W[1]"
    x = object()
    assert message_parts("en", "verify.exact", var=x, start=1, end=20) == ("checked exactly for every ", x,
                                                                           " from 1 to 20")
    assert message_parts("fa", "verify.exact", var=x, start=1, end=20)[-1].endswith("۱ تا ۲۰")
    with pytest.raises(KeyError):
        message("fa", "sheet.iteration")


# --- English stays English ----------------------------------------------------------------------------
def test_english_tex_has_no_persian_and_needs_no_xepersian():
    tr = trace.build(spec.load(HW2))
    report = mark(tr, load_claims(CLAIMS, tr))
    for source in (sheet_tex(tr), marked_tex(report), document_latex()):
        assert not PERSIAN.search(source)
        assert "xepersian" not in source and r"\lr{" not in source and r"\pdfinfoomitdate=1" in source


def test_persian_tex_uses_xepersian_and_no_pdflatex_primitives():
    source = sheet_tex(persian_trace())
    assert r"\usepackage[mathdigits=default]{xepersian}" in source and r"\settextfont{Nazli}" in source
    assert r"\pdfinfoomitdate" not in source and "inputenc" not in source
    for phrase in ("صورت مسئله", "پیمایش ۱", "پیمایش ۲", "انتشار رو به جلو", "بروزرسانی", "خلاصه"):
        assert phrase in source, phrase


# --- titles --------------------------------------------------------------------------------------------
def test_persian_title_is_accepted_under_fa_and_refused_under_en():
    problem = spec.parse(hw2_raw(title=TITLE), HW2, language="fa")
    assert problem.title == TITLE and problem.language == "fa"
    with pytest.raises(InputError, match=r"title: .*\[sheet\] language = \"fa\".*U\+062A"):
        spec.parse(hw2_raw(title=TITLE), HW2)
    raw = hw2_raw(title=TITLE)
    raw["sheet"] = {"language": "fa"}
    assert spec.parse(raw, HW2).language == "fa"
    with pytest.raises(InputError, match=r"title: .*U\+062A"):
        spec.parse(raw, HW2, language="en")  # --language en overrides the file


def test_persian_text_is_escaped_as_english_is_and_latin_runs_are_left_to_right():
    assert refusal("تمرین ۲", language="fa") is None and refusal("تمرین ۲") is not None
    assert refusal("تمرین 😀", language="fa")[1].startswith("'😀'")
    assert refusal("\u202eabc", language="fa") is not None  # bidi overrides are refused
    assert escape("تمرین $x$ \\input{a}", "fa") == r"تمرین \$\lr{x\$ \textbackslash{}input\{a\}}"
    assert escape("روش (momentum) و SGD با lr", "fa") == r"روش (\lr{momentum}) و \lr{SGD} با \lr{lr}"
    assert escape("HW 2 (momentum) تمرین", "fa") == r"\lr{HW 2 (momentum)} تمرین"
    assert escape("a_b", "fa") == r"\lr{a\texttt{\char95}b}"
    assert escape("plain & simple", "en") == escape("plain & simple") == r"plain \& simple"


def test_sheet_language_is_checked():
    raw = hw2_raw()
    raw["sheet"] = {"language": "de"}
    with pytest.raises(InputError, match="sheet.language: expected one of en, fa"):
        spec.parse(raw, HW2)


# --- digits: Persian in prose, Latin in math ------------------------------------------------------------
MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$|\\\[.*?\\\]|\\begin\{(align\*|gather\*|bmatrix)\}.*?\\end\{\1\}", re.S)


def prose_and_math(source):
    """The source's math segments, and the rest (the preamble dropped)."""
    body = source.split(r"\begin{document}", 1)[1]
    return MATH.sub(" ", body), [m.group(0) for m in MATH.finditer(body)]


def persian_sources():
    tr = persian_trace(title=TITLE)
    report = mark(tr, load_claims(CLAIMS, tr))
    return {"sheet": sheet_tex(tr), "marked": marked_tex(report), "proofs": document_latex(language="fa")}


def test_persian_digits_in_prose_only():
    for name, source in persian_sources().items():
        prose, math = prose_and_math(source)
        assert math and not any(PERSIAN_DIGITS.search(m) for m in math), name
        assert PERSIAN_DIGITS.search(prose), name
        # no Latin number beside a Persian word ("پیمایش 1", "3 نمونه")
        bare = re.sub(r"\\lr\{[^{}]*\}", " ", prose)
        assert not re.search("[\u0600-\u06ff] ?[0-9]|[0-9] ?[\u0600-\u06ff]", bare), \
            (name, re.search(".{30}[\u0600-\u06ff] ?[0-9].{30}|.{30}[0-9] ?[\u0600-\u06ff].{30}", bare))


def test_persian_sheet_of_every_optimizer_and_of_a_large_problem_renders():
    for kind, batch in (("sgd", "full"), ("nesterov", 2), ("adagrad", "sample"), ("rmsprop", 2), ("adam", "full")):
        source = sheet_tex(persian_trace(optimizer={"kind": kind, "lr": 0.1, "iterations": 2, "batch": batch}))
        assert message("fa", "rule.%s.note" % kind) in source
    raw = hw2_raw()
    raw["network"]["layers"][0]["units"] = 30
    raw["init"]["W"] = [[0.01 * ((i + j) % 7 - 3) for j in range(3)] for i in range(30)]
    raw["init"]["b1"] = [0.0] * 30
    raw["init"]["u"] = [[0.01 * (j % 5 - 2) for j in range(30)]]
    source = sheet_tex(trace.build(spec.parse(raw, HW2, language="fa")))
    assert "این مسئله ۱۵۱ پارامتر و ۳ نمونه دارد" in source


def test_persian_proofs_render_every_proof():
    source = document_latex(list(PROOF_NAMES), language="fa")
    assert "اثبات" in source and "گام ۱:" in source


# --- the command line ------------------------------------------------------------------------------------
def path_without_xelatex(tmp_path):
    """A PATH with pdflatex and the rest of the system's commands but no xelatex."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for program in Path(folder).glob("*") if Path(folder).is_dir() else ():
            target = bin_dir / program.name
            if program.name not in ("xelatex", "xetex") and not target.exists():
                target.symlink_to(program)
    return dict(ENV, PATH=str(bin_dir))


def test_missing_xelatex_is_one_line_exit_1_and_nothing_written(tmp_path):
    env = path_without_xelatex(tmp_path)
    for args in (["solve", str(HW2), "--language", "fa", "-o", "out"],
                 ["proofs", "ema", "--language", "fa", "-o", "out"],
                 ["check", str(HW2), str(CLAIMS), "--language", "fa", "--pdf", "--tex", "-o", "out"]):
        done = run(args, tmp_path, env)
        lines = [line for line in done.stderr.splitlines() if line.startswith("derive:")]
        assert done.returncode == 1, (args, done.stderr)
        assert len(lines) == 1 and "apt-get install" in lines[0] and "texlive-xetex" in lines[0], done.stderr
        assert not (tmp_path / "out").exists(), args
    done = run(["solve", str(HW2), "--language", "fa", "-o", "out", "--no-pdf"], tmp_path, env)
    assert done.returncode == 0 and (tmp_path / "out" / "hw2.tex").exists()


def test_language_option_and_sheet_setting(tmp_path):
    problem = tmp_path / "p.toml"
    problem.write_text(HW2.read_text(encoding="utf-8").replace('title = "Two', 'title = "تمرین: Two')
                       .replace("[sheet]\n", '[sheet]\nlanguage = "fa"\n'), encoding="utf-8")
    done = run(["solve", str(problem), "-o", "out", "--no-pdf"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "پاسخ تشریحی" in (tmp_path / "out" / "p.tex").read_text(encoding="utf-8")
    done = run(["solve", str(problem), "-o", "out", "--no-pdf", "--language", "en"], tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "title" in done.stderr
    done = run(["solve", str(HW2), "-o", "out", "--no-pdf", "--language", "de"], tmp_path)
    assert done.returncode == 2 and "invalid choice" in done.stderr


# --- compiled ------------------------------------------------------------------------------------------
def pdf_text(pdf):
    """pdftotext's text, with the Arabic presentation forms and the font's Arabic yeh and kaf read as Persian."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    return text.translate(str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}))


def words(text):
    """The text without ZWNJs and with single spaces (pdftotext writes neither as typed)."""
    return " ".join(text.replace("\u200c", "").split())


@pytest.mark.slow
@requires("xelatex")
def test_hw2_in_persian_compiles_and_reads_back(tmp_path):
    done = run(["solve", str(HW2), "--language", "fa", "-o", "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "out" / "hw2.pdf")
    flat = words(text)
    for phrase in ("صورت مسئله", "پاسخ تشریحی", "پیمایش", "انتشار رو به جلو و هزینه", "انتشار رو به عقب",
                   "میانگین روی دسته", "گرادیان کاهشی با مومنتوم", "خلاصه", "گرادیان نمادین و عددی", "اثبات"):
        assert words(phrase) in flat, phrase
    for digit in "۱۲۳":
        assert digit in text
    # the numbers: the losses of the two iterations, the final parameters (minus signs become U+2212)
    for number in ("0.6997", "0.6953", "0.803", "0.1962", "\u22120.5007", "\u22120.09573", "0.04477", "\u22120.114"):
        assert number in text, number
    assert not re.search("[\u06f0-\u06f9]\\.[\u06f0-\u06f9]{3}", text)  # no number in Persian digits


@pytest.mark.slow
@requires("xelatex")
def test_persian_title_marked_sheet_and_proofs_compile(tmp_path):
    problem = tmp_path / "hw2.toml"
    problem.write_text(HW2.read_text(encoding="utf-8").replace(
        'title = "Two iterations of SGD with momentum on a 3-2-1 swish network"', f'title = "{TITLE}"'),
        encoding="utf-8")
    done = run(["check", str(problem), str(CLAIMS), "--language", "fa", "--pdf", "-o", "out"], tmp_path)
    assert done.returncode == 1 and "wrote" in done.stderr, done.stderr  # 1: the claims hold wrong numbers
    text = pdf_text(tmp_path / "out" / "hw2_claims-marked.pdf")
    assert words("تمرین دوم") in words(text) and "SGD" in text and "momentum" in text
    assert words("نخستین خطا") in words(text) and "0.5343" in text
    done = run(["proofs", "--language", "fa", "-o", "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert words("اثبات") in words(pdf_text(tmp_path / "out" / "proofs.pdf"))


# --- XeLaTeX in the same sandbox as pdflatex ------------------------------------------------------------
PASSWD = Path("/etc/passwd").read_text(errors="replace").splitlines()[0] if Path("/etc/passwd").exists() else "root:x"
HOSTILE = [
    r"\input{/etc/passwd} تمرین",
    r"تمرین \immediate\write18{touch {marker}} دوم",
    r"^^5cinput{/etc/passwd} {{{ نامتوازن } $5 ~ & _x^2 %",
    "«تمرین ۲»، شبکه‌ی عصبی؛ SGD (momentum) و Adam؟",
]


@pytest.mark.slow
@requires("xelatex")
def test_xelatex_runs_sandboxed_and_persian_text_typesets_literally(tmp_path):
    from derive.display.render import render

    # a short path: a long one (pytest-xdist's tmp folders) makes a line too wide to set, and RTL overflow
    # pushes its first words off the page
    short = Path(tempfile.mkdtemp(prefix="fa"))
    marker = short / "shell-ran"
    titles = [t.replace("{marker}", str(marker)) for t in HOSTILE]
    body = "\n".join(r"\par\noindent \lr{BEGIN%d:}%s\lr{:END%d}" % (n, escape(t, "fa"), n) for n, t in enumerate(titles))
    source = render("preamble.tex.j2", "fa") + "\\begin{document}\n" + body + "\n\\end{document}\n"
    text = pdf_text(tex.compile_pdf(source, tmp_path / "corpus.pdf", engine="xelatex"))
    for n, title in enumerate(titles):
        assert f"BEGIN{n}:" in text and f":END{n}" in text
    flat = words(text)
    for piece in ("تمرین", "نامتوازن", "شبکهی عصبی", "momentum", "Adam", "/etc/passwd", "write18"):
        assert words(piece) in flat, piece
    assert PASSWD not in text and not marker.exists()
    short.rmdir()
    with pytest.raises(TexError) as err:  # raw LaTeX, not escaped: still no file outside the folder
        tex.pdf_bytes(r"\documentclass{article}\begin{document}\input{/etc/passwd}\end{document}", engine="xelatex")
    assert PASSWD not in str(err.value)
    with pytest.raises(TexError, match="did not finish within 3 s"):
        tex.pdf_bytes(r"\documentclass{article}\begin{document}\loop\iftrue\repeat\end{document}", time_limit=3,
                      engine="xelatex")
