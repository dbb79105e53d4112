"""`derive trajectories` in the document's language: [sheet] language in the trajectories file or --language, every
word of the Persian document from the Persian message table (default labels and notes too), compiled with XeLaTeX."""
import json
import re

import pytest

from conftest import requires
from derive import trajectories
from derive.errors import InputError
from derive.language import LANGUAGES, message
from test_language import PERSIAN, path_without_xelatex, pdf_text, words
from test_persian_questions_web import without_latin_runs
from test_trajectories import QUADRATIC, cli

KINDS = ("sgd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")


def every_kind(tmp_path, language=None):
    """A trajectories file with every optimizer kind unlabelled (two sgds: their labels name their learning rates), a
    path that leaves the picture and then stops (its gradient overflows), and a [sheet] language if given."""
    lines = ['title = "every rule"', "[surface]", 'f = "x^4 + y^2"', "start = [3.0, 1.0]", "steps = 30"]
    for n, kind in enumerate(KINDS):
        lines += ["[[optimizers]]", f'kind = "{kind}"', "lr = %s" % ("1.0" if n == 0 else "0.01")]
    lines += ["[plot]", "x = [-4.0, 4.0]", "y = [-2.0, 2.0]", "minimum = [0.0, 0.0]"]
    if language:
        lines += ["[sheet]", f'language = "{language}"']
    path = tmp_path / "every.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def prose(tex_source):
    """The document's words: the picture's drawing commands and the cross references taken out, legends kept."""
    def picture(match):
        return " ".join(re.findall(r"\\addlegendentry\{(.*)\}", match.group(0)))

    body = re.sub(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", picture, tex_source, flags=re.S)
    return re.sub(r"\\(ref|label)\{[^{}]*\}", " ", body)


def test_the_language_comes_from_the_sheet_table_or_the_option(tmp_path):
    path = every_kind(tmp_path, "fa")
    assert trajectories.load(path).language == "fa"
    assert trajectories.load(path, "en").language == "en"
    assert trajectories.load(every_kind(tmp_path)).language == "en"
    assert trajectories.load(every_kind(tmp_path), "fa").language == "fa"
    raw = {"surface": {"f": "x^2 + y^2", "start": [1.0, 1.0], "steps": 3}, "optimizers": [{"kind": "sgd", "lr": 0.1}]}
    for sheet, key in (({"language": "de"}, "sheet.language"), ({"proofs": ["ema"]}, "sheet.proofs"),
                       ("fa", "sheet")):
        with pytest.raises(InputError, match=re.escape(key)):
            trajectories.parse_file({**raw, "sheet": sheet})


def test_a_persian_title_needs_the_persian_language(tmp_path):
    path = every_kind(tmp_path, "fa")
    path.write_text(path.read_text(encoding="utf-8").replace("every rule", "همه‌ی قاعده‌ها"), encoding="utf-8")
    assert trajectories.load(path).title == "همه‌ی قاعده‌ها"
    with pytest.raises(InputError, match="title"):
        trajectories.load(path, "en")


@pytest.mark.parametrize("code", ["en", "fa"])
def test_every_word_of_the_document_comes_from_the_languages_table(tmp_path, code):
    done = cli("trajectories", every_kind(tmp_path, code), "-o", tmp_path / "out", "--no-pdf")
    assert done.returncode == 0, done.stderr
    source = (tmp_path / "out" / "every.tex").read_text(encoding="utf-8")
    surface = trajectories.load(every_kind(tmp_path, code))
    paths = trajectories.run_all(surface)
    for key in ("trajectories.author", "trajectories.function", "trajectories.ends", "trajectories.rules",
                "trajectories.rule", "trajectories.first_steps", "trajectories.start", "trajectories.table_head"):
        assert message(code, key) in source, key
    for kind in set(KINDS) - {"sgd"}:
        assert trajectories.name(kind, code) in source, kind
    assert message(code, "trajectories.leaves", t=1) in source  # lr 1.0 on x^4 throws the point out at once
    assert paths[0].stop and paths[0].stopped(code) in source
    assert message(code, "trajectories.label_lr", name=trajectories.name("sgd", code), lr=LANGUAGES[code].digits[1])
    json_paths = json.loads((tmp_path / "out" / "every.json").read_text(encoding="utf-8"))["paths"]
    assert json_paths[0]["stopped"] == paths[0].stopped("en")  # the JSON's note is English in either language
    side = "r" if code == "fa" else "l"  # the table's cells start on the side its lines are read from
    assert "\\begin{tabular}{@{}%s@{}}" % (side * 7) in source and "\\multicolumn{6}{@{}%s@{}}" % side in source
    if code == "en":
        assert not PERSIAN.search(source)
    else:
        rest = without_latin_runs(prose(source))
        assert not re.search("[A-Za-z]{2,}", rest), re.findall(".{20}[A-Za-z]{2,}.{20}", rest)[:5]
        assert r"\usepackage[mathdigits=default]{xepersian}" in source


@pytest.mark.slow  # a PATH of links to every command, and two runs
def test_persian_without_xelatex_stops_in_one_line_and_writes_nothing(tmp_path):
    env = path_without_xelatex(tmp_path)
    done = cli("trajectories", QUADRATIC, "--language", "fa", "-o", tmp_path / "out", env=env)
    lines = [line for line in done.stderr.splitlines() if line.startswith("derive:")]
    assert done.returncode == 1 and len(lines) == 1 and "texlive-xetex" in lines[0], done.stderr
    assert not (tmp_path / "out").exists()
    done = cli("trajectories", QUADRATIC, "--language", "fa", "-o", tmp_path / "out", "--no-pdf", env=env)
    assert done.returncode == 0 and (tmp_path / "out" / "quadratic.tex").exists()


@pytest.mark.slow
@requires("xelatex")
def test_the_quadratic_in_persian_compiles_with_xelatex_and_reads_back(tmp_path):
    done = cli("trajectories", QUADRATIC, "--language", "fa", "-o", tmp_path / "out", "--pdf")
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "out" / "quadratic.pdf")
    flat = words(re.sub("[\u202a-\u202e]", "", text))
    for key in ("trajectories.author", "trajectories.ends", "trajectories.rules", "trajectories.start",
                "rule.momentum.name", "rule.nesterov.name"):
        assert words(message("fa", key)) in flat, key
    assert "۶۰" in text and "gradient descent" in text  # the steps in Persian digits; the file's own label as written
    assert "Where each optimizer ends" not in text and "The rule" not in text
