"""The web forms without a browser: the HTML text (whole sheet, math from the sheet's own steps, escaping,
self-contained, content security policy), Markdown, the notebook objects, the CLI options and a missing KaTeX.
The browser and notebook runs are in test_web_browser.py (slow)."""
import base64
import hashlib
import json
import re

import markupsafe
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import derive
import derive.forms.web.notebook
import problem_factory
from conftest import examples
import reference
from derive.display import numbers
from derive.display.latex_text import SETTABLE, escape, refusal
from derive.engine.pipeline import solve_file
from derive.forms.sheet import SheetBuilder
from derive.forms.web import assets, figures, markdown as md
from derive.forms.web.prose import Math, Text, prose, table
from derive.forms.web.view import aligned, sheet_view
from derive.language import message
from web_support import HOSTILE_TITLES, HW2, ENV, page_parts, problem_with_title, run



@pytest.fixture(scope="module")
def hw2():
    return solve_file(HW2)


@pytest.fixture(scope="module")
def hw2_page(hw2):
    return derive.forms.web.html_page(hw2)


# --- reading the sheet's prose back ---------------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from(sorted(SETTABLE - set("\n\r\t"))), max_size=80)


@settings(max_examples=examples(300), deadline=None)
@given(_TEXT)
def test_escaped_user_text_reads_back_as_the_same_text(text):
    read = prose(escape(text))
    assert read.unknown == []
    assert "".join(s.text for s in read.segments) == text
    assert all(isinstance(s, Text) for s in read.segments)


@pytest.mark.parametrize("latex, segments", [
    (r"with $z = W a + b$ each", [Text("with "), Math("z = W a + b"), Text(" each")]),
    (r"as PyTorch's \texttt{Linear}:", [Text("as PyTorch's "), Text("Linear", "code"), Text(":")]),
    (r"Let $t$,\[ s_t = 1 \]with", [Text("Let "), Math("t"), Text(","), Math("s_t = 1", display=True),
                                    Text("with")]),
    (r"\textbf{all} 1\% of 2--3", [Text("all", "bold"), Text(" 1% of 2\u20133")]),
    (r"a $<$ b $\|$", [Text("a < b "), Math(r"\|")]),
])
def test_prose_reads_text_runs_and_math(latex, segments):
    read = prose(latex)
    assert read.segments == segments and read.unknown == []


def test_an_unknown_command_is_reported_and_kept_as_math():
    read = prose(r"see \cite{x} here")
    assert read.unknown == [r"\cite"]
    assert Math(r"\text{\cite{x}}") in read.segments


def test_tables_read_cells_without_splitting_matrices(hw2):
    ctx = SheetBuilder(hw2).context()
    summary = table(ctx["summary_table"])
    assert len(summary.rows) == 2 and all(len(r) == 2 + len(hw2.problem.params) for r in summary.rows)
    assert summary.rows[0][2].segments == [Math(numbers.bmatrix(hw2["it1.W"].value, 4))]
    grad = table(ctx["gradcheck"]["table"])
    assert grad.align == "rrrr" and len(grad.rows) == hw2.problem.n_params


def _problems():
    rng = np.random.default_rng(12)
    out = [problem_factory.random_problem(rng, optimizer=kind) for kind in problem_factory.OPTIMIZER_KINDS]
    out += [problem_factory.random_problem(rng, loss=loss, batch="sample") for loss in problem_factory.LOSS_KINDS]
    big = problem_factory.random_problem(rng, max_layers=2, max_units=8, max_inputs=8, max_samples=14)
    return out + [big]


def test_the_hw2_sheet_and_its_proofs_read_without_unknown_commands(hw2):
    view = sheet_view(hw2)
    assert view.unknown() == [] and [p.name for p in view.proofs] == ["ema", "adam-bias"]


@pytest.mark.slow
def test_every_sheet_and_proof_reads_without_unknown_commands(tmp_path):
    for n, problem in enumerate(_problems()):
        problem["sheet"] = {"proofs": list(derive.proofs.PROOF_NAMES)} if n == 0 else {}
        path = problem_factory.write_problem(tmp_path, problem, name=f"p{n}")
        assert sheet_view(solve_file(path)).unknown() == [], path.read_text()


# --- the HTML page --------------------------------------------------------------------------------------

def test_page_holds_every_step_of_the_latex_sheet(hw2, hw2_page):
    """No mathematics is written twice: every formula of the LaTeX sheet's steps is a .tex element of the page."""
    parts = page_parts(hw2_page)
    tex = set(parts.tex)
    ctx = SheetBuilder(hw2).context()
    steps = [s for it in ctx["iterations"] for b in it["blocks"] for s in b.steps]
    steps += [line for sec in ctx["derivation"] for line in sec.lines]
    steps += ctx["statement"]["loss_lines"] + ctx["statement"]["rule_lines"]
    assert len(steps) > 100
    for s in steps:
        joined = "\n".join(tex)
        assert s.lhs in joined and all(part in joined for part in s.parts), s
    assert len(parts.tex) == len(sheet_view(hw2).math())


def test_page_has_the_whole_sheet(hw2, hw2_page):
    parts = page_parts(hw2_page)
    ids = {attrs.get("id") for _, attrs in parts.tags}
    assert {"problem", "derivation", "iteration-1", "iteration-2", "summary", "gradcheck",
            "proof-ema", "proof-adam-bias"} <= ids
    details = [a for t, a in parts.tags if t == "details"]
    assert len(details) == 2 * 3 * 2  # forward and backward, 3 samples, 2 iterations
    assert sum(1 for t, _ in parts.tags if t == "svg") == 3  # ema: one panel, adam-bias: two
    words = " ".join(parts.text)
    assert "Sample 3: backward pass" in words and "Gradient descent with momentum" in words
    assert "verified by SymPy" in words


def test_text_outside_math_holds_no_tex(hw2_page):
    outside = "".join(page_parts(hw2_page).text)
    assert "\\" not in outside and "$" not in outside


def test_page_is_self_contained_and_only_its_own_scripts_run(hw2_page):
    parts = page_parts(hw2_page)
    for tag, attrs in parts.tags:
        assert "src" not in attrs or tag in ("img",) and attrs["src"].startswith("data:"), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs
    assert not [u for u in re.findall(r"url\(([^)]*)\)", "".join(parts.styles)) if not u.startswith("data:")]
    assert len(parts.scripts) == 2
    policy = next(a["content"] for t, a in parts.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    for script in parts.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "trust: false" in parts.scripts[1]


def test_page_is_deterministic(hw2, hw2_page):
    assert derive.forms.web.html_page(solve_file(HW2)) == hw2_page


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_text_in_html_and_markdown(tmp_path, title):
    assert refusal(title) is None  # titles the LaTeX sheet accepts: the web forms must show them literally
    path = problem_with_title(tmp_path, title)
    result = run(["solve", str(path), "-o", "out", "--json-only", "--html", "--markdown"], tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "hostile.html").read_text(encoding="utf-8")
    parts = page_parts(page)
    assert len(parts.scripts) == 2 and sum(1 for t, _ in parts.tags if t == "script") == 2
    assert not any(t in ("img", "textarea", "iframe", "object", "embed", "form") for t, _ in parts.tags)
    assert all(a.get("href", "").startswith("#") for t, a in parts.tags if t == "a")
    assert not any(k.startswith("on") for _, attrs in parts.tags for k in attrs)
    assert parts.text.count(title) == 2  # the text of <title> and <h1>, exactly as written
    assert page.count(str(markupsafe.escape(title))) == 2
    assert not any(title in tex or "javascript" in tex or "passwd" in tex for tex in parts.tex)
    text = (tmp_path / "out" / "hostile.md").read_text(encoding="utf-8")
    heading = text.splitlines()[0]
    assert heading == "# " + md.text(title)
    assert "<" not in heading and "](" not in heading and not re.search(r"(?<!\\)\$", heading)


# --- Markdown --------------------------------------------------------------------------------------------

def test_markdown_text_escapes_everything_markdown_would_read():
    assert md.text("<b>") == "&lt;b&gt;"
    assert md.text("$x$ *a* _b_ [c](d) `e` |") == r"\$x\$ \*a\* \_b\_ \[c\]\(d\) \`e\` \|"
    assert md.text("- item") == r"\- item" and md.text("1. item") == r"1\. item" and md.text("# h") == r"\# h"


def test_markdown_holds_the_sheet_with_dollar_math(hw2):
    text = derive.forms.web.markdown_page(hw2)
    view = sheet_view(hw2)
    drawn = {s.tex for p in view.proofs for f in p.figures for panel in f["panels"]
             for s in [*panel.title.segments, *(seg for series in panel.series for seg in series.legend.segments)]
             if isinstance(s, Math)}  # the figures' own labels: Markdown has captions, not drawings
    for tex in view.math():
        if tex in drawn:
            continue
        assert " ".join(tex.split()) in text or tex.strip() in text
    assert text.count("\n$$\n") % 2 == 0
    for heading in ("## The problem", "## Derivation", "## Iteration 1", "## Iteration 2", "## Summary",
                    "### Sample 3: backward pass", "## Appendix: Adam's bias correction"):
        assert heading in text, heading
    assert "| element | symbolic | finite differences | difference |" in text


def _statement_steps(trace):
    """The loss and update-rule lines of the LaTeX sheet's statement (what its page 1 shows)."""
    st = SheetBuilder(trace).context()["statement"]
    return st["loss_lines"] + st["rule_lines"]


@pytest.mark.parametrize("optimizer", problem_factory.OPTIMIZER_KINDS + problem_factory.EXTRA_OPTIMIZER_KINDS)
def test_the_web_statement_shows_the_loss_and_the_update_rule(tmp_path, optimizer):
    problem = problem_factory.random_problem(np.random.default_rng(21), optimizer=optimizer)
    trace = solve_file(problem_factory.write_problem(tmp_path, problem))
    view, text = sheet_view(trace), derive.forms.web.markdown_page(trace)
    shown = [s.tex for s in view.statement["loss_steps"] + view.statement["rule_steps"]]
    steps = _statement_steps(trace)
    assert len(steps) >= 3 and steps[-1].lhs == r"\theta^{[t+1]}"
    assert shown == [aligned(s.lhs, s.parts) for s in steps]
    assert all(tex.strip() in text for tex in shown)
    assert md.prose(prose(message("en", "sheet.rule_intro"))) in text


def test_the_web_statement_refuses_a_part_of_the_latex_statement_it_does_not_show(hw2, monkeypatch):
    from derive.forms.web import view

    builder = SheetBuilder.statement
    monkeypatch.setattr(SheetBuilder, "statement", lambda self: {**builder(self), "new_part": "x"})
    with pytest.raises(ValueError, match="new_part"):
        view.sheet_view(solve_file(HW2))


def test_a_bar_in_the_math_of_a_markdown_table_does_not_split_the_cell():
    t = table("\\begin{tabular}{@{}lr@{}}\n\\toprule\na & $\\max |g|$ \\\\\n\\midrule\n"
              "1 & $\\|x\\|$ \\\\\n\\bottomrule\n\\end{tabular}")
    assert md.table(t).splitlines() == ["| a | $\\max \\vert{}g\\vert{}$ |", "| :-- | --: |",
                                        "| 1 | $\\Vert{}x\\Vert{}$ |"]


# --- notebooks --------------------------------------------------------------------------------------------

def test_solve_returns_an_object_that_displays_itself(hw2):
    trace = derive.solve(str(HW2))
    fragment = trace._repr_html_()
    assert fragment.startswith('<div class="derive-sheet tex2jax_ignore mathjax_ignore">')
    assert len(page_parts(fragment).tex) == len(sheet_view(hw2).math())
    assert trace._repr_markdown_() == derive.forms.web.markdown_page(hw2)
    assert repr(trace).startswith("<derive trace of 'Two iterations")


def test_html_display_falls_back_to_markdown_without_katex(monkeypatch, tmp_path):
    monkeypatch.setenv(assets.ENV, str(tmp_path))
    trace = derive.solve(str(HW2))
    assert trace._repr_html_() is None and trace._repr_markdown_().startswith("# Two iterations")


def test_show_prints_formula_numbers_result(hw2, capsys):
    hw2.show("it1.grad.W")
    line = capsys.readouterr().out.strip()
    records, _ = reference.train(reference_problem())
    expected = numbers.bmatrix(records[0]["grad"]["W"], 4)  # the NumPy reference's gradient, rounded for display
    lhs, formula, substituted, result = line.split(": ", 1)[1].split(" = ")
    assert lhs == hw2["it1.grad.W"].symbol and r"\frac{1}{3}" in formula
    assert substituted.count(r"\begin{bmatrix}") == 3 and result == expected
    markdown = derive.forms.web.notebook.step_display(hw2, "it1.grad.W")._repr_markdown_()
    assert expected in markdown and markdown.startswith("`it1.grad.W`")


def test_show_names_the_closest_keys(hw2):
    with pytest.raises(KeyError, match="it1.grad.W"):
        hw2.show("it1.grad.w")


def reference_problem():
    import tomllib

    return tomllib.loads(HW2.read_text(encoding="utf-8"))


# --- figures ---------------------------------------------------------------------------------------------

def test_figure_points_and_ticks():
    assert figures.points("(1,0.5) (2,-1e-3)") == [(1.0, 0.5), (2.0, -0.001)]
    assert figures.ticks(0, 1) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert figures.ticks(1, 40) == pytest.approx([10, 20, 30, 40])
    assert figures.ticks(0, 0.53, 4) == pytest.approx([0, 0.2, 0.4])


def test_a_panel_draws_every_point_inside_its_frame():
    axis = {"title": "$x$", "series": [{"legend": "a", "style": "raw", "coords": "(1,0) (5,2)"},
                                       {"legend": "b", "style": "target", "coords": "(1,1) (5,1)"}]}
    p = figures.panel(axis, prose)
    raw, target = p.series
    assert raw.points[0] == (p.left, p.bottom) and raw.points[1][0] == p.right and p.top < raw.points[1][1]
    assert target.path.startswith("M") and target.dashed and not target.points


# --- the command line --------------------------------------------------------------------------------------

def test_cli_html_and_markdown_beside_the_other_outputs(tmp_path):
    result = run(["solve", str(HW2), "-o", "out", "--no-pdf", "--html", "--markdown"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["hw2.html", "hw2.json", "hw2.md", "hw2.tex"]
    assert (tmp_path / "out" / "hw2.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_missing_katex_fails_html_in_one_line_and_writes_nothing(tmp_path):
    env = dict(ENV, DERIVE_KATEX_DIR=str(tmp_path / "no-katex"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "hw2.json").write_text("old", encoding="utf-8")
    result = run(["solve", str(HW2), "-o", "out", "--no-pdf", "--html", "--markdown"], tmp_path, env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "KaTeX" in lines[0] and "--markdown works without them" in lines[0]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["hw2.json"]
    assert (tmp_path / "out" / "hw2.json").read_text(encoding="utf-8") == "old"
    result = run(["solve", str(HW2), "-o", "out", "--json-only", "--markdown"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "hw2.md").read_text(encoding="utf-8").startswith("# Two iterations")


def test_missing_shipped_katex_says_the_installation_is_incomplete(monkeypatch, tmp_path):
    monkeypatch.delenv(assets.ENV, raising=False)
    monkeypatch.setattr(assets, "SHIPPED", tmp_path / "katex")
    with pytest.raises(derive.errors.AssetsMissing, match="reinstall derive"):
        assets.load()


def test_the_page_inlines_the_shipped_katex_and_names_its_version(hw2_page):
    record = json.loads((assets.SHIPPED / assets.SOURCE).read_text("utf-8"))
    assert assets.load().version == record["version"] and record["version"] in hw2_page
    assert (assets.SHIPPED / "katex.min.js").read_text("utf-8") in hw2_page


def test_help_lists_the_web_options(tmp_path):
    out = run(["solve", "--help"], tmp_path).stdout
    assert "--html" in out and "--markdown" in out


def test_an_inline_formula_keeps_the_punctuation_after_it():
    from derive.forms.web.html import glued

    read = prose(r"masks $m^{(1)} = (1, 0)$, $m^{(2)}$; and \[ x \], then $y$ so")
    pairs = glued(read.segments)
    assert pairs[:4] == [(Text("masks "), ""), (Math("m^{(1)} = (1, 0)"), ","), (Text(" "), ""), (Math("m^{(2)}"), ";")]
    assert (Math("x", display=True), "") in pairs and (Math("y"), "") in pairs  # display math and a word: no tail
    assert "".join(s.text if isinstance(s, Text) else s.tex + tail for s, tail in pairs) == \
        "".join(s.text if isinstance(s, Text) else s.tex for s in read.segments)  # nothing lost or moved
