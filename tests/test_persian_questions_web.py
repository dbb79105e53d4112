"""Persian question sheets, Persian variants and the Persian web forms: every word from the message tables, English
unchanged, no English label on a Persian page; compiled with XeLaTeX and read back (slow)."""
import html.parser
import re
import shutil
import subprocess

import pytest

import derive.forms.web
from derive.problem import spec
from derive.forms import tex
from derive.engine import trace
from derive.marking.claims import section, section_title
from derive.classroom.questions import asked, questions_tex
from derive.classroom.variants import variant_title
from derive.language import LANGUAGES, message, messages
from derive.display.latex_text import escape
from derive.forms.web import assets
from derive.forms.web.prose import LTR_ISOLATE, POP_ISOLATE
from derive.forms.web.view import LABELS, labels, sheet_view
from test_language import HW2, ENV, path_without_xelatex, pdf_text, words
from conftest import requires
from cli_runner import derive_cli

PERSIAN = re.compile("[\u0600-\u06ff]")
HAS_XELATEX = tex.xelatex_available() and shutil.which("pdftotext") is not None
# The English question sheet's instructions as the template wrote them before they moved into the message table.
ENGLISH_INSTRUCTIONS = r"""\section*{What to compute}
Work out every number below, keeping full precision between the steps and writing each result to
4 significant digits. Then type your numbers into the claims file of \texttt{derive claims} under the key each row gives
(\texttt{derive check} marks them: a number that follows from your own earlier, wrong one counts as
carried, not wrong).
"""
# The web labels as they were written in derive.forms.web.view before they came from the message tables.
ENGLISH_LABELS = {
    "byline": "Worked solution", "problem": "The problem",
    "layers": ("layer", "units", "activation", "weight", "bias", "values"), "data": "Data", "init": "Initial values",
    "optimizer": "Optimizer", "layout": "How this sheet is laid out", "derivation": "Derivation", "summary": "Summary",
    "gradcheck": "Symbolic and numeric gradients", "appendix": "Appendix", "claim": "Claim.", "proof": "Proof.",
    "proof_intro": "Every relation below was checked by SymPy when this document was built.",
    "verified": "verified by SymPy:", "not_verified": "not verified", "figure": "Figure",
    "figure_elsewhere": "(The figure is drawn in the HTML and PDF sheets.)", "table": "Table", "contents": "Contents",
}


def run(args, cwd, env=ENV):
    return derive_cli(args, cwd, env)


def solved(code):
    return trace.build(spec.load(HW2, code))


def without_latin_runs(tex_source):
    """A Persian LaTeX body with its math, its \\lr{...} runs (braces counted) and its commands taken out."""
    body = tex_source.split(r"\begin{document}", 1)[1]
    body = re.sub(r"(?<!\\)\$.*?(?<!\\)\$|\\begin\{(bmatrix|gather\*|align\*)\}.*?\\end\{\1\}", " ", body, flags=re.S)
    body = re.sub(r"\\begin\{(longtable|tabular)\}[^\n]*|\\multicolumn\{\d+\}\{[lrc]\}", " ", body)  # column specs
    out, i = [], 0
    while i < len(body):
        if body.startswith(r"\lr{", i):
            depth, i = 1, i + 4
            while i < len(body) and depth:
                depth += {"{": 1, "}": -1}.get(body[i], 0)
                i += 1
        else:
            out.append(body[i])
            i += 1
    body = re.sub(r"\\\\\[[0-9.]+pt\]", " ", "".join(out))  # \\[3pt]
    return re.sub(r"\\[a-zA-Z]+\*?(\[[^\]]*\])?(\{[lrc@{}\\a-zA-Z]*\})?", " ", body)


# --- the question sheet ------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "fa"])
def test_question_sheet_words_come_from_the_table(code):
    tr = solved(code)
    msg = messages(code)
    source = questions_tex(tr)
    for key in ("questions.author", "questions.compute", "sheet.problem"):
        assert msg(key) in source, key
    assert msg("questions.instructions", digits=4, claims=msg("questions.claims_default")) in source
    for key in asked(tr):
        assert section_title(msg, tr[key]) in source
        assert msg.latin(r"\texttt{%s}" % key.replace("_", r"\texttt{\char95}")) in source
    named = questions_tex(tr, "v001", "v001-claims.toml")
    assert msg("questions.author_for", student=msg.latin(r"\texttt{v001}")) in named
    assert msg.latin(escape("v001-claims.toml")) in named
    if code == "en":
        assert ENGLISH_INSTRUCTIONS in source and not PERSIAN.search(source)
        assert r"\author{Questions for \texttt{v001}}" in named
    else:
        rest = without_latin_runs(source)
        assert not re.search("[A-Za-z]{2,}", rest), re.findall(".{20}[A-Za-z]{2,}.{20}", rest)[:5]
        assert r"\usepackage[mathdigits=default]{xepersian}" in source and "پیمایش ۱، نمونه‌ی ۲" in source


def test_a_large_problem_asks_less_in_both_languages():
    raw = spec.load(HW2).raw
    raw = dict(raw, network=dict(raw["network"]))
    raw["network"]["layers"] = [dict(raw["network"]["layers"][0], units=30), raw["network"]["layers"][1]]
    raw["init"] = dict(raw["init"], W=[[0.01 * ((i + j) % 7 - 3) for j in range(3)] for i in range(30)],
                       b1=[0.0] * 30, u=[[0.01 * (j % 5 - 2) for j in range(30)]])
    for code in ("en", "fa"):
        source = questions_tex(trace.build(spec.parse(raw, HW2, language=code)))
        assert message(code, "questions.too_large") in source
    assert ("This problem is too large to work every sample by hand: only each iteration's loss, mean gradients and\n"
            "updates are asked for.\n") in questions_tex(trace.build(spec.parse(raw, HW2)))


def test_variant_titles_in_the_sheets_language():
    assert variant_title("HW 2", "v001") == "HW 2 (variant v001)"
    assert variant_title("تمرین ۲", "v001", "fa") == "تمرین ۲ (نسخه‌ی v001)"


def test_questions_command_language_option_and_sheet_setting(tmp_path):
    done = run(["questions", str(HW2), "--language", "fa", "--no-pdf", "-o", "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "آنچه باید حساب کنید" in (tmp_path / "out" / "hw2-questions.tex").read_text(encoding="utf-8")
    problem = tmp_path / "p.toml"
    problem.write_text(HW2.read_text(encoding="utf-8").replace("[sheet]\n", '[sheet]\nlanguage = "fa"\n'),
                       encoding="utf-8")
    done = run(["questions", str(problem), "--no-pdf", "-o", "out"], tmp_path)
    assert done.returncode == 0 and "پرسش‌ها" in (tmp_path / "out" / "p-questions.tex").read_text(encoding="utf-8")
    done = run(["questions", str(problem), "--no-pdf", "--language", "en", "-o", "en"], tmp_path)
    assert done.returncode == 0 and not PERSIAN.search((tmp_path / "en" / "p-questions.tex").read_text("utf-8"))


def test_missing_xelatex_stops_persian_questions_and_variants(tmp_path):
    env = path_without_xelatex(tmp_path)
    problem = tmp_path / "class.toml"
    problem.write_text((HW2.parent / "hw2_class.toml").read_text(encoding="utf-8")
                       .replace("[sheet]\n", '[sheet]\nlanguage = "fa"\n'), encoding="utf-8")
    for args in (["questions", str(HW2), "--language", "fa", "-o", "out"],
                 ["variants", str(problem), "--count", "2", "-o", "out"]):
        done = run(args, tmp_path, env)
        lines = [line for line in done.stderr.splitlines() if line.startswith("derive:")]
        assert done.returncode == 1, (args, done.stderr)
        assert len(lines) == 1 and lines[0] == "derive: " + tex.XELATEX_HINT, done.stderr
        assert not (tmp_path / "out").exists(), args
    done = run(["variants", str(problem), "--count", "2", "--no-pdf", "-o", "out"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    questions = (tmp_path / "out" / "v002" / "v002-questions.tex").read_text(encoding="utf-8")
    answers = (tmp_path / "out" / "v002" / "v002-answers.tex").read_text(encoding="utf-8")
    assert "آنچه باید حساب کنید" in questions and "نسخه‌ی" in questions and "پاسخ تشریحی" in answers
    assert 'language = "fa"' in (tmp_path / "out" / "v002" / "v002.toml").read_text(encoding="utf-8")


# --- the web forms -------------------------------------------------------------------------------------------
def test_web_labels_come_from_the_tables():
    assert labels("en") == ENGLISH_LABELS
    assert set(labels("fa")) == set(LABELS)
    for name, key in LABELS.items():
        for code in LANGUAGES:
            assert key in LANGUAGES[code].messages
            value = labels(code)[name]
            assert value and (name != "layers" or len(value) == 6)
        if name != "layers":
            assert PERSIAN.search(labels("fa")[name]), name


class VisibleText(html.parser.HTMLParser):
    """The text a reader sees outside formulas, scripts, styles and the user's title."""

    SKIP = {"script", "style", "title", "h1"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag not in ("meta", "br", "circle", "line", "rect", "path"):
            self.stack.append(tag in self.SKIP or "tex" in classes)

    def handle_endtag(self, tag):
        if tag not in ("meta", "br", "circle", "line", "rect", "path") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.text.append(data)


def outside_isolates(text):
    return re.sub(LTR_ISOLATE + "[^" + POP_ISOLATE + "]*" + POP_ISOLATE, " ", text)


def test_persian_page_is_right_to_left_and_has_no_english_word():
    tr = solved("fa")
    page = derive.forms.web.html_page(tr)
    assert '<html lang="fa" dir="rtl">' in page and "web_rtl" not in page
    reader = VisibleText()
    reader.feed(page)
    seen = outside_isolates(" ".join(reader.text))
    assert not re.search("[A-Za-z]{2,}", seen), re.findall(".{20}[A-Za-z]{2,}.{20}", seen)[:5]
    shown = ("byline", "problem", "layers", "data", "init", "optimizer", "derivation", "summary", "gradcheck", "claim",
             "proof", "proof_intro", "verified", "contents")  # the labels hw2's page shows
    for name in shown:
        label = labels("fa")[name]
        for text in (label if name == "layers" else (label,)):
            assert text in page, name
    english = derive.forms.web.html_page(solved("en"))
    assert '<html lang="en">' in english and 'dir="rtl"' not in english and LTR_ISOLATE not in english
    fragment = derive.forms.web.html.fragment(tr)
    assert 'lang="fa" dir="rtl"' in fragment and "katex.render = function" in fragment


def test_persian_markdown_is_right_to_left_and_has_no_english_label():
    text = derive.forms.web.markdown_page(solved("fa"))
    assert text.startswith('<div dir="rtl" lang="fa">\n\n# ') and text.endswith("\n</div>\n")
    seen = outside_isolates(re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text.split("\n", 3)[3], flags=re.S))
    assert not re.search("[A-Za-z]{2,}", seen.replace("dir=\"rtl\"", "").replace("</div>", "")), \
        re.findall(".{20}[A-Za-z]{2,}.{20}", seen)[:5]
    english = derive.forms.web.markdown_page(solved("en"))
    assert english.startswith("# ") and "<div" not in english


def test_persian_web_view_reads_every_command_and_proof_in_persian():
    view = sheet_view(solved("fa"))
    assert view.unknown() == [] and view.rtl and view.language == "fa"
    assert view.proofs and all(PERSIAN.search(st.heading) and st.heading.startswith("گام ")
                               for p in view.proofs for st in p.steps)
    assert not any("\\lr" in m for m in view.math())


# --- compiled --------------------------------------------------------------------------------------------------
@pytest.mark.slow
@requires("xelatex")
def test_persian_question_sheet_compiles_and_reads_back(tmp_path):
    done = run(["questions", str(HW2), "--language", "fa", "--pdf", "-o", "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "out" / "hw2-questions.pdf")
    flat = words(re.sub("[\u202a-\u202e]", "", text))  # pdftotext's embedding marks
    for phrase in ("پرسش‌ها", "صورت مسئله", "آنچه باید حساب کنید", "رقم معنادار", "پیمایش", "نمونه‌ی", "بروزرسانی",
                   "derive check", "derive claims"):
        assert words(phrase) in flat, phrase
    for key in ("it1.s1.z", "it1.s3.grad.b1", "it2.grad.W", "final.b2"):
        assert key in text, key
    assert "What to compute" not in text and "Iteration" not in text
    assert_equals_beside_the_keys(tmp_path / "out" / "hw2-questions.pdf", "fa")


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def assert_equals_beside_the_keys(pdf, code):
    """Every "=" of an answer stands at the start of its blank, on the side the line is read from: so the "="s of one
    table's column line up (at their right edge in a right-to-left sheet, at their left edge otherwise) whatever the
    blank's shape (a number's line, a vector's or a matrix's brackets)."""
    tr = solved(code)
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    tables = {}  # the table (section of the keys) -> the edges the blanks start at, of its answers' "="s
    for page in layout.split("<page ")[1:]:
        page_words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
        keys = [((b + d) / 2, w) for a, b, c, d, w in page_words if w in tr.quantities]
        for x0, y0, x1, y1, w in page_words:
            line = [key for middle, key in keys if abs((y0 + y1) / 2 - middle) < 6]
            if w == "=" and line:
                tables.setdefault(section(tr[line[0]]), []).append(x1 if code == "fa" else x0)
    assert sum(map(len, tables.values())) == len(asked(tr))
    for edges in tables.values():
        edges = sorted(edges)
        assert 1 + sum(1 for a, b in zip(edges, edges[1:]) if b - a > 1.5) <= 2, edges  # a column in each half


@pytest.mark.parametrize("code", ["en", "fa"])
def test_the_equals_sign_stands_between_the_key_and_the_blank_in_the_reading_direction(code):
    answers = re.findall(r"\\texttt\{[^{}]*\}\}? & (?:\\multicolumn\{4\}\{[lr]\})?\{\$(.*?)\$\}", questions_tex(solved(code)))
    assert len(answers) == len(asked(solved(code)))
    for answer in answers:  # math runs left to right: in Persian the "=" ends the math, beside the key
        assert answer.endswith(" =") if code == "fa" else answer.startswith(r"= \b"), answer
