"""Hostile input against solve, gradcheck and the Markdown form (issue 20): huge numbers, nan in [vary], a
gradient check near zero, links in user text. CLI tests run the real CLI."""
import os
from pathlib import Path

import pytest

from cli_runner import derive_cli

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def run(args, cwd):
    """`derive ARGS` in this process (tests/cli_runner.py)."""
    return derive_cli(args, cwd, ENV)


def one_line_exit_2(done, *words):
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_a_huge_loss_scale_is_bad_input_naming_the_key(tmp_path):
    path = tmp_path / "scale.toml"
    path.write_text(HW2.read_text().replace('kind = "bce"', 'kind = "sse"\nscale = 1e308'))
    done = run(["solve", path, "--json-only", "-o", tmp_path / "out"], tmp_path)
    one_line_exit_2(done, "scale.toml", "loss.scale")
    assert not (tmp_path / "out").exists()


def test_nan_in_vary_names_the_file_and_key_and_does_not_blame_overflow(tmp_path):
    path = tmp_path / "nan.toml"
    path.write_text(HW2.read_text() + "\n[vary]\nseed = 1\ndata.x = {uniform = [nan, 1]}\n")
    done = run(["solve", path, "--json-only", "-o", tmp_path / "out"], tmp_path)
    one_line_exit_2(done, "nan.toml", "vary.data.x.uniform[1]")
    assert "overflow" not in done.stderr


# --- 16: gradcheck near zero ------------------------------------------------------------------------------
def _small_gradient_problem(tmp_path):
    """batchnorm.toml with a tiny output weight: beta's gradient is about 8e-7, and the central differences'
    rounding (about eps |loss| / h = 1.5e-10) is 3e-5 of it."""
    import tomllib

    from derive.classroom import toml_text

    raw = tomllib.loads((ROOT / "derive" / "problems" / "batchnorm.toml").read_text())
    raw["init"]["u"] = [[-0.000896, -0.0001909, -0.000603]]
    raw["init"]["W"] = [[-0.88, -0.33], [-0.7, -0.1], [0.59, -0.54]]
    raw["data"]["x"] = [[-0.82, 0.16], [-0.4, 0.34], [-0.6, 0.88], [-0.27, -0.79]]
    path = tmp_path / "small.toml"
    path.write_text(toml_text.dumps(raw))
    return path


def test_gradcheck_through_batch_norm_allows_the_finite_differences_rounding(tmp_path):
    done = run(["gradcheck", _small_gradient_problem(tmp_path)], tmp_path)
    assert done.returncode == 0 and "gradients agree" in done.stdout, done.stdout[-400:]


def test_gradcheck_still_catches_a_wrong_small_gradient(tmp_path):
    from derive.engine import numeric, pipeline

    rows = numeric.gradcheck(pipeline.solve_file(_small_gradient_problem(tmp_path)))
    beta = next(r for r in rows if r.param == "beta")
    assert beta.agrees and abs(beta.symbolic) < 1e-6 and beta.rel_error > numeric.RTOL
    for wrong in (beta.symbolic * 1.01, beta.symbolic + 10 * beta.floor, -beta.symbolic):
        assert not numeric.Row(beta.param, beta.index, wrong, beta.numeric, beta.floor).agrees


# --- 17: no link from user text under GitHub's renderer ---------------------------------------------------
LINKY = ["https://evil.example/x?a=1", "HTTP://EVIL.EXAMPLE", "ftp://x.y", "www.evil.example", "WwW.x.org",
         "me@evil.example", "mailto:me@evil.example", "xmpp:foo@bar.baz", "<https://a.b>", "[a](https://a.b)"]


def _github_html(markdown):
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _shown(html):
    import html as html_module
    import re

    return html_module.unescape(re.sub(r"<!--.*?-->|<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("title", LINKY)
def test_markdown_text_makes_no_link_under_githubs_renderer(title):
    from derive.forms.web.markdown import text

    html = _github_html("before " + text(title) + " after")
    assert "<a " not in html, html
    assert _shown(html) == f"before {title} after"


def test_a_title_with_urls_and_addresses_is_no_link_in_the_markdown_sheet(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(HW2.read_text().replace('title = "', 'title = "see https://evil.example, www.x.org and a@b.co: '))
    done = run(["solve", path, "--markdown", "--no-pdf", "-o", tmp_path / "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    html = _github_html((tmp_path / "out" / "t.md").read_text())
    assert "<a " not in html and "see https://evil.example, www.x.org and a@b.co:" in _shown(html)


from hypothesis import given, strategies as st  # noqa: E402


@given(st.lists(st.sampled_from(LINKY + [" ", ".", ":", "@", "w", "x", "a.b", "\n", "*", "_"]), max_size=8).map("".join))
def test_drawn_text_makes_no_link(value):
    from derive.forms.web.markdown import text

    html = _github_html("x " + text(value))
    assert "<a " not in html, (value, html)


# --- 9: the detailed sheet's passes within what pdflatex sets in 60 s of CPU ------------------------------
def test_a_detailed_sheet_of_396_passes_is_refused_before_any_work(tmp_path):
    from derive.problem import limits

    text = HW2.read_text().replace("iterations = 2", "iterations = 33")
    text = text.replace("x = [[1, 0, 0.8], [0.1, 0.8, 1], [0, 1, 0.6]]", "x = " + str([[1, 0, 0.8]] * 12))
    text = text.replace("y = [1, 0, 0]", "y = " + str([1] * 12))
    path = tmp_path / "passes.toml"
    path.write_text(text)
    done = run(["solve", path, "--no-pdf", "-o", tmp_path / "out"], tmp_path)
    one_line_exit_2(done, "optimizer.iterations", f"at most {limits.MAX_SHEET_PASSES} per-sample passes")
    assert not (tmp_path / "out").exists()


def test_a_trace_of_five_million_numbers_is_refused_before_any_work(tmp_path):
    """50 samples x 1000 iterations of a 4-8-1 network took 62 s of CPU to JSON: beyond the 60 s promised."""
    import numpy as np

    from derive.errors import InputError
    from derive.problem import limits, spec

    rng = np.random.default_rng(0)
    lines = ["[network]", "inputs = 4", "[[network.layers]]", "units = 8", 'activation = "tanh"',
             "[[network.layers]]", "units = 1", 'activation = "sigmoid"', "[loss]", 'kind = "bce"', "[data]",
             f"x = {rng.uniform(-1, 1, (50, 4)).round(2).tolist()}", f"y = {rng.integers(0, 2, 50).tolist()}",
             "[init]", f"W1 = {rng.uniform(-1, 1, (8, 4)).round(2).tolist()}", f"b1 = {[0.0] * 8}",
             f"W2 = {rng.uniform(-1, 1, (1, 8)).round(2).tolist()}", "b2 = [0.0]",
             "[optimizer]", 'kind = "adam"', "lr = 0.01", "iterations = 1000"]
    path = tmp_path / "json.toml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=f"at most {limits.MAX_VALUES} numbers") as err:
        spec.load(path)
    assert err.value.key == "optimizer.iterations" and limits.MAX_VALUES <= 4_000_000
