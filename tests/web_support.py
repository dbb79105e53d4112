"""Shared helpers of the web tests: hostile titles, problem files with them, reading a page's parts."""
import html.parser
import os
import tomllib
from pathlib import Path

from cli_runner import derive_cli

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))

HOSTILE_TITLES = [
    "<script>alert('title')</script>",
    "</textarea></title></style><img src=x onerror=alert(1)>",
    r"$\input{/etc/passwd}$ and \input{/etc/passwd}",
    r"$\href{javascript:alert(1)}{click}$ \url{javascript:alert(2)}",
    r"$$\htmlClass{x}{y}$$ \[ \def\x{\x}\x \] {{ 7*7 }} {% raw %}",
    "# heading * _emph_ [link](javascript:alert(3)) | pipe ` tick &amp; &lt;b&gt;",
]


def run(args, cwd, env=None):
    """derive's CLI in this process (tests/cli_runner.py), with env as the whole environment if given."""
    return derive_cli(args, cwd, env)


def problem_with_title(folder, title, name="hostile", proofs=False):
    """hw2 with another title (a TOML basic string), without its proof appendices unless asked for."""
    text = HW2.read_text(encoding="utf-8")
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    lines = [('title = "%s"' % escaped) if line.startswith("title = ") else line for line in text.splitlines()
             if proofs or not line.startswith("proofs = ")]
    path = Path(folder) / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["title"] == title
    return path


class PageParts(html.parser.HTMLParser):
    """A page read into its parts: the TeX of each .tex element, the text outside them, tags and attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tex, self.text, self.tags, self.scripts, self.styles = [], [], [], [], []
        self._stack, self._tex, self._raw = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._raw = (tag, [])
        classes = (attrs.get("class") or "").split()
        self._stack.append((tag, "tex" in classes))
        if "tex" in classes and self._tex is None:
            self._tex = []

    def handle_endtag(self, tag):
        if self._raw and tag == self._raw[0]:
            (self.scripts if tag == "script" else self.styles).append("".join(self._raw[1]))
            self._raw = None
        while self._stack:
            name, is_tex = self._stack.pop()
            if is_tex and self._tex is not None:
                self.tex.append("".join(self._tex))
                self._tex = None
            if name == tag:
                break

    def handle_data(self, data):
        if self._raw:
            self._raw[1].append(data)
        elif self._tex is not None:
            self._tex.append(data)
        else:
            self.text.append(data)


def page_parts(page):
    parts = PageParts()
    parts.feed(page)
    parts.close()
    return parts
