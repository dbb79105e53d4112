"""The math renderer's files (KaTeX, shipped in derive/forms/web/katex/), read for inlining into a page.

The HTML sheet must open without a network, so KaTeX's script, its style sheet and its fonts (as data:
URLs) are copied into the page. They ship inside the package (derive/forms/web/katex/, copied out of the npm
tarball web/package-lock.json pins by web/refresh_katex.py, with KaTeX's licence and SOURCE.json beside
them), or come from a KaTeX dist folder named by DERIVE_KATEX_DIR."""
import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...errors import AssetsMissing

ENV = "DERIVE_KATEX_DIR"
SHIPPED = Path(__file__).resolve().parent / "katex"
SOURCE = "SOURCE.json"  # the shipped folder's record: KaTeX's version, the tarball's integrity, each file's sha512
FONT_SRC = re.compile(r"src:([^;}]*)")
FONT_URL = re.compile(r"url\((fonts/[A-Za-z0-9_-]+\.woff2)\)")


@dataclass(frozen=True)
class Assets:
    """What a page inlines: KaTeX's script, its style sheet with the fonts inside, and its version."""

    script: str
    style: str
    version: str

    def script_hash(self):
        """The CSP source for the script: 'sha256-...'."""
        return csp_hash(self.script)


def csp_hash(text):
    """The Content-Security-Policy hash source of an inline script."""
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def dist_folder():
    """The KaTeX dist folder derive reads: DERIVE_KATEX_DIR if set, else the one shipped in the package."""
    named = os.environ.get(ENV)
    return Path(named) if named else SHIPPED


def _missing(what):
    hint = (f"{ENV} names {dist_folder()}" if os.environ.get(ENV) else
            f"derive's installation is incomplete: reinstall derive (it ships KaTeX in {SHIPPED})")
    return AssetsMissing(f"--html needs the KaTeX files ({what} is missing): {hint}; --markdown works without them")


def _read(path, what):
    try:
        return path.read_bytes()
    except OSError:
        raise _missing(what) from None


def _no_closing_tag(text, tag, what):
    if re.search(r"</%s" % tag, text, re.I):  # inlined, it would end its element early
        raise _missing(f"a usable {what} (it contains </{tag})")
    return text


def _inline_fonts(css, folder):
    """Each @font-face's src as the woff2 font alone, as a data: URL (woff and ttf are fallbacks browsers
    no longer need)."""
    def replace(match):
        url = FONT_URL.search(match.group(1))
        if not url:
            raise _missing("a woff2 font in katex.min.css")
        data = _read(folder / url.group(1), url.group(1))
        return 'src:url(data:font/woff2;base64,%s) format("woff2")' % base64.b64encode(data).decode("ascii")

    return FONT_SRC.sub(replace, css)


def _version(folder):
    """KaTeX's version: from the shipped folder's SOURCE.json, or an npm dist folder's ../package.json."""
    for record in (folder / SOURCE, folder.parent / "package.json"):
        try:
            return str(json.loads(record.read_text("utf-8"))["version"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return "unknown"


@lru_cache(maxsize=4)
def _load(folder):
    folder = Path(folder)
    script = _read(folder / "katex.min.js", "katex.min.js").decode("utf-8")
    css = _read(folder / "katex.min.css", "katex.min.css").decode("utf-8")
    version = _version(folder)
    # the UMD wrapper registers with an AMD loader when a page has one (as some notebooks do); hiding
    # define/module/exports makes it always set window.katex
    script = "(function(define,module,exports){%s\n})();" % _no_closing_tag(script, "script", "katex.min.js")
    style = _no_closing_tag(_inline_fonts(css, folder), "style", "katex.min.css")
    return Assets(script, style, version)


def load():
    """KaTeX's files, ready to inline; AssetsMissing (one line naming the set-up step) when absent."""
    return _load(str(dist_folder()))


def available():
    """Whether the KaTeX files can be loaded."""
    try:
        load()
    except AssetsMissing:
        return False
    return True
