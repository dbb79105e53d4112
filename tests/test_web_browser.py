"""The HTML sheet in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), and the
notebook display in a notebook executed by nbclient: every formula typeset, no console errors, no network,
hostile titles inert. Screenshots go to each test's tmp folder."""
import json
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

import reference
from derive.display import numbers
from derive.engine.pipeline import solve_file
from derive.forms.web import assets, html_page
from derive.forms.web.view import sheet_view
from conftest import requires
from web_support import HOSTILE_TITLES, HW2, ROOT, problem_with_title, run

try:
    from playwright import sync_api
except ImportError:  # ./setup.sh --with web; the tests then skip (fail under CI=true) through requires()
    sync_api = None

pytestmark = [pytest.mark.slow, requires("chromium", "playwright")]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# text nodes outside typeset math (and outside the header, which shows the title as written) that still hold TeX
RAW_TEX = """() => {
  const root = document.querySelector('.derive-sheet');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.katex, script, style, header')) continue;  // header: the user's title, as written
    if (/\\\\[a-zA-Z]|\\$/.test(node.nodeValue)) found.push(node.nodeValue.slice(0, 80));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    with sync_api.sync_playwright() as pw:
        profile = tmp_path_factory.mktemp("chromium-profile")
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1100, "height": 1000})
        yield context
        context.close()


def open_page(context, path):
    """Load a file; returns the page and what it did: console messages, page errors, requests, dialogs."""
    page = context.new_page()
    seen = {"console": [], "errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(Path(path).as_uri())
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page, seen


def typeset(page):
    """(.tex elements, typeset ones, error nodes, raw TeX left in the text)."""
    return (page.locator(".tex").count(), page.locator(".tex.tex-done > .katex, .tex.tex-done > .katex-display").count(),
            page.locator(".katex-error").count(), page.evaluate(RAW_TEX))


def test_hw2_renders_fully_in_chromium(chromium, tmp_path):
    shutil.copy(HW2, tmp_path / "hw2.toml")
    result = run(["solve", "hw2.toml", "-o", "out", "--json-only", "--html"], tmp_path)
    assert result.returncode == 0, result.stderr
    page, seen = open_page(chromium, tmp_path / "out" / "hw2.html")
    total, done, errors, raw = typeset(page)
    assert total == len(sheet_view(solve_file(HW2)).math()) and total > 400
    assert done == total and errors == 0 and raw == []
    assert seen["console"] == [] and seen["errors"] == [] and seen["dialogs"] == []
    assert all(url.startswith(("file:", "data:")) for url in seen["requests"]), seen["requests"]
    assert page.evaluate("document.fonts.check('16px KaTeX_Main') && document.fonts.check('16px KaTeX_Math')")
    assert page.locator("details.sample").count() == 12 and page.locator(".panel svg").count() == 3
    assert page.title() == "Two iterations of SGD with momentum on a 3-2-1 swish network"
    page.screenshot(path=str(tmp_path / "hw2-top.png"))
    page.locator("#iteration-1").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#iteration-1').scrollIntoView()")
    page.screenshot(path=str(tmp_path / "hw2-iteration-1.png"))
    page.screenshot(path=str(tmp_path / "hw2-full.png"), full_page=True)
    for name in ("hw2-top.png", "hw2-iteration-1.png", "hw2-full.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and (tmp_path / name).stat().st_size > 20000
    print("screenshots:", tmp_path)


# formulas whose boxes do not run left to right (KaTeX's .katex-base boxes, each a piece between relations), and prose
# headings whose text does not start at the right edge of the sheet
LEFT_TO_RIGHT = """() => {
  const backwards = [];
  for (const html of document.querySelectorAll('.derive-sheet .katex-html')) {
    const bases = [...html.children].filter(b => b.matches('.base, .katex-base') && b.getBoundingClientRect().width > 0);
    for (let k = 1; k < bases.length; k++) {
      const a = bases[k - 1].getBoundingClientRect(), b = bases[k].getBoundingClientRect();
      if (Math.abs(a.top - b.top) < 2 && b.left < a.left) { backwards.push(html.parentElement.textContent.slice(0, 60)); break; }
    }
  }
  return backwards;
}"""
STARTS_RIGHT = """() => {
  const main = document.querySelector('.derive-sheet').getBoundingClientRect();
  return [...document.querySelectorAll('.derive-sheet h2')].filter(h => {
    const range = document.createRange(); range.selectNodeContents(h);
    return Math.abs(range.getBoundingClientRect().right - h.getBoundingClientRect().right) > 2; }).map(h => h.textContent);
}"""


def test_persian_page_reads_right_to_left_with_formulas_left_to_right(chromium, tmp_path):
    shutil.copy(HW2, tmp_path / "hw2.toml")
    result = run(["solve", "hw2.toml", "--language", "fa", "-o", "out", "--json-only", "--html"], tmp_path)
    assert result.returncode == 0, result.stderr
    page, seen = open_page(chromium, tmp_path / "out" / "hw2.html")
    total, done, errors, raw = typeset(page)
    assert total == len(sheet_view(solve_file(HW2, "fa")).math()) and total > 400
    assert done == total and errors == 0 and raw == []
    assert seen["console"] == [] and seen["errors"] == [] and seen["dialogs"] == []
    assert all(url.startswith(("file:", "data:")) for url in seen["requests"]), seen["requests"]
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["fa", "rtl"]
    assert page.evaluate("getComputedStyle(document.querySelector('.derive-sheet p')).direction") == "rtl"
    assert page.evaluate("[...document.querySelectorAll('.katex')].every(k => getComputedStyle(k).direction "
                         "=== 'ltr')")
    assert page.evaluate(LEFT_TO_RIGHT) == [] and page.evaluate(STARTS_RIGHT) == []
    assert page.locator("h2").first.inner_text() == "صورت مسئله"
    page.screenshot(path=str(tmp_path / "hw2-fa-top.png"))
    page.evaluate("document.querySelector('#iteration-1').scrollIntoView()")
    page.screenshot(path=str(tmp_path / "hw2-fa-iteration-1.png"))
    page.evaluate("document.querySelector('.proof').scrollIntoView()")
    page.screenshot(path=str(tmp_path / "hw2-fa-proof.png"))
    for name in ("hw2-fa-top.png", "hw2-fa-iteration-1.png", "hw2-fa-proof.png"):
        assert (tmp_path / name).stat().st_size > 20000
    print("screenshots:", tmp_path)


# every formula box that can scroll: (scrolls, its typeset formula is wider than the box's content area (more than
# half a pixel: widths are fractional), its TeX)
SCROLLBARS = """() => [...document.querySelectorAll('.derive-sheet .tex.display')].filter(box => {
    const style = getComputedStyle(box); return style.overflowX === 'auto' || style.overflowX === 'scroll'; }).map(box => {
  const style = getComputedStyle(box);
  const room = box.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const parts = [...box.querySelector('.katex-html').children].map(b => b.getBoundingClientRect());
  const formula = Math.max(...parts.map(r => r.right)) - Math.min(...parts.map(r => r.left));
  return [box.scrollWidth > box.clientWidth, formula > room + 0.5, box.textContent.slice(-60)];
})"""


@pytest.mark.sample
@pytest.mark.parametrize("language, width", [("en", 1100), ("fa", 1100), ("en", 480), ("fa", 480)])
def test_a_formula_scrolls_only_when_it_is_wider_than_its_column(chromium, tmp_path, language, width):
    """KaTeX's index boxes end 2px past a formula: no 1-3 px scrollbars on short formulas (the box's padding takes
    them in), and a formula wider than a narrow window still scrolls."""
    shutil.copy(HW2, tmp_path / "hw2.toml")
    result = run(["solve", "hw2.toml", "--language", language, "-o", "out", "--json-only", "--html"], tmp_path)
    assert result.returncode == 0, result.stderr
    page, _ = open_page(chromium, tmp_path / "out" / "hw2.html")
    page.set_viewport_size({"width": width, "height": 1000})
    boxes = page.evaluate(SCROLLBARS)
    assert len(boxes) > 100
    assert [b for b in boxes if b[0] != b[1]] == []
    scrolling = sum(1 for b in boxes if b[0])
    assert scrolling == 0 if width > 1000 else scrolling > 5


# inline formulas whose next character is punctuation set on another line than the formula's end
PUNCTUATION_ALONE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('.derive-sheet .tex:not(.display)')) {
    let node = el, text = null;
    while (node && !text) {  // the first text node after the formula in document order, outside it
      if (node.nextSibling) { node = node.nextSibling; while (node.firstChild && node.nodeType !== 3) node = node.firstChild; }
      else { node = node.parentNode; continue; }
      if (node.nodeType === 3 && node.nodeValue.length) text = node;
    }
    if (!text || !/^[,.;:)\u060c\u061b]/.test(text.nodeValue)) continue;
    const range = document.createRange(); range.setStart(text, 0); range.setEnd(text, 1);
    const mark = range.getBoundingClientRect(), rects = el.getClientRects(), end = rects[rects.length - 1];
    if (mark.top >= end.bottom - 1 || mark.bottom <= end.top + 1) found.push(el.textContent.slice(-30) + text.nodeValue.slice(0, 5));
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["en", "fa"])
def test_punctuation_after_an_inline_formula_stays_on_its_line(chromium, tmp_path, language):
    problem = ROOT / "derive" / "problems" / "batchnorm.toml"
    shutil.copy(problem, tmp_path / "batchnorm.toml")
    result = run(["solve", "batchnorm.toml", "--language", language, "-o", "out", "--json-only", "--html"], tmp_path)
    assert result.returncode == 0, result.stderr
    page, _ = open_page(chromium, tmp_path / "out" / "batchnorm.html")
    for width in range(420, 1260, 40):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(PUNCTUATION_ALONE) == [], width


def test_hostile_titles_are_inert_in_chromium(chromium, tmp_path):
    for n, title in enumerate(HOSTILE_TITLES):
        path = tmp_path / f"hostile{n}.html"
        path.write_text(html_page(solve_file(problem_with_title(tmp_path, title, f"hostile{n}"))), encoding="utf-8")
        page, seen = open_page(chromium, path)
        assert page.title() == title and page.inner_text("h1") == title
        total, done, errors, raw = typeset(page)
        assert done == total and errors == 0 and raw == [], title
        assert seen["console"] == [] and seen["errors"] == [] and seen["dialogs"] == [], (title, seen)
        assert page.locator("script").count() == 2 and page.locator("img, iframe, textarea").count() == 0
        assert page.evaluate("[...document.querySelectorAll('a')].every(a => a.getAttribute('href').startsWith('#'))")
        if n == 0:
            page.screenshot(path=str(tmp_path / "hostile-title.png"))
        page.close()


def test_katex_runs_with_trust_off(chromium, tmp_path):
    """TeX that would make links, classes or includes with trust on makes none on the page."""
    path = tmp_path / "trust.html"
    path.write_text(html_page(solve_file(problem_with_title(tmp_path, "trust"))), encoding="utf-8")
    page, seen = open_page(chromium, path)
    render = (ROOT / "templates" / "web_render.js").read_text(encoding="utf-8")
    hostile = [r"\href{javascript:alert(1)}{x}", r"\url{javascript:alert(2)}", r"\htmlClass{evil}{x}",
               r"\htmlData{foo=bar}{x}", r"\includegraphics{http://example.invalid/x.png}"]
    page.evaluate("""(items) => { const main = document.querySelector('.derive-sheet');
        for (const tex of items) { const s = document.createElement('span'); s.className = 'tex hostile';
                                   s.textContent = tex; main.appendChild(s); } }""", hostile)
    page.evaluate(render)
    assert page.locator(".hostile.tex-done").count() == len(hostile)
    assert page.locator(".hostile a, .hostile img, .hostile .evil, .hostile [data-foo]").count() == 0
    assert seen["dialogs"] == [] and all(url.startswith(("file:", "data:")) for url in seen["requests"])


def _notebook(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nimport derive\n"
                                  f"trace = derive.solve({str(HW2)!r})"),
        nbformat.v4.new_code_cell("trace"),
        nbformat.v4.new_code_cell('trace.show("it1.grad.W")'),
    ]
    return nb


def test_notebook_displays_the_sheet_and_one_step(chromium, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    nb = _notebook(tmp_path)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    nbformat.write(nb, str(tmp_path / "executed.ipynb"))
    outputs = [cell.outputs for cell in nb.cells]
    assert not [o for cell in outputs for o in cell if o.output_type == "error"]
    (sheet,) = outputs[1]
    assert sheet.output_type == "execute_result"
    assert {"text/html", "text/markdown", "text/plain"} <= set(sheet.data)
    assert sheet.data["text/html"].startswith('<div class="derive-sheet tex2jax_ignore mathjax_ignore">')
    assert sheet.data["text/markdown"].startswith("# Two iterations of SGD with momentum")
    assert sheet.data["text/plain"].startswith("<derive trace of")
    (step,) = outputs[2]
    assert step.output_type == "display_data" and "text/markdown" in step.data
    records, _ = reference.train(tomllib.loads(HW2.read_text(encoding="utf-8")))
    result = numbers.bmatrix(records[0]["grad"]["W"], 4)
    assert step.data["text/markdown"].rstrip().endswith("&= %s\\end{aligned}\n$$" % result)
    assert step.data["text/plain"].startswith("it1.grad.W: g_{W}^{[1]} = ")
    # the notebook's HTML output, put in a page as a notebook front end would, typesets fully
    page_file = tmp_path / "notebook-output.html"
    page_file.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>output</title></head><body>"
                         + sheet.data["text/html"] + "</body></html>", encoding="utf-8")
    page, seen = open_page(chromium, page_file)
    total, done, errors, raw = typeset(page)
    assert total > 400 and done == total and errors == 0 and raw == []
    assert seen["console"] == [] and seen["errors"] == []
    page.screenshot(path=str(tmp_path / "notebook-output.png"))
    print("executed notebook and screenshot:", tmp_path, json.dumps(sorted(sheet.data)), sys.executable)
