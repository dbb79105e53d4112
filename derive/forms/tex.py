"""Compiling LaTeX to a PDF: the TeX engines, whether they are installed, and a document's PDF."""
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import TexMissing
from ..problem.limits import TEX_TIME_LIMIT
from .outputs import write_files
from .shared_preamble import with_format, with_shared_pictures
from .tex_passes import compile_in

INSTALL_HINT = (
    "no TeX found: install it with 'apt-get install -y --no-install-recommends "
    "texlive-latex-extra texlive-pictures poppler-utils' (or run ./setup.sh)"
)
XELATEX_HINT = (
    "a Persian sheet needs XeLaTeX, xepersian and the Nazli font: install them with 'apt-get install -y "
    "--no-install-recommends texlive-xetex texlive-lang-arabic fonts-farsiweb' (README: Persian sheets)"
)
TIME_LIMIT = TEX_TIME_LIMIT


def available():
    """True when pdflatex is on PATH."""
    return shutil.which("pdflatex") is not None


def _found(cmd):
    """True when the command runs and succeeds with some output (kpsewhich, fc-list)."""
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


def xelatex_available():
    """True when xelatex, xepersian and the Nazli font (fonts-farsiweb) are installed."""
    return (shutil.which("xelatex") is not None
            and _found(["kpsewhich", "xepersian.sty"]) and _found(["fc-list", "Nazli"]))


# engine -> (the program, the check that it is installed, the message when it is not, extra environment)
ENGINES = {
    "pdflatex": ("pdflatex", available, INSTALL_HINT, {}),
    # xdvipdfmx takes the PDF's dates (and so its /ID) from SOURCE_DATE_EPOCH: the same source, the same bytes.
    "xelatex": ("xelatex", xelatex_available, XELATEX_HINT, {"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}),
}


def pdf_bytes(tex_source, time_limit=TIME_LIMIT, engine="pdflatex", files=None, shared=False):
    """Compile tex_source in a fresh folder with `engine` (ENGINES), as many passes as it needs, and return the
    PDF; raise TexMissing or TexError. `files` ({plain file name: bytes}, such as figures) are put beside the
    source. shared: the document is one of many with the same preamble (a class's sheets), so this process
    compiles that preamble once (a format, see with_format) and the pictures (tikzpicture) once, into a PDF
    whose pages the document includes (see with_shared_pictures)."""
    program, installed, hint, extra_env = ENGINES[engine]
    if not installed():
        raise TexMissing(hint)
    with tempfile.TemporaryDirectory(prefix="derive-tex-") as work:
        work, options = Path(work), []
        for name, data in (files or {}).items():
            if Path(name).name != name or name.startswith(".") or name in ("sheet.tex", "pictures.pdf"):
                raise ValueError(f"not a plain file name for the LaTeX folder: {name!r}")
            (work / name).write_bytes(data)
        if shared and engine == "pdflatex":
            tex_source = with_shared_pictures(tex_source, work, time_limit)
            tex_source, options = with_format(tex_source, work, time_limit)
        return compile_in(program, tex_source, options, work, extra_env, time_limit)


def compile_pdf(tex_source, dest_pdf, time_limit=TIME_LIMIT, engine="pdflatex"):
    """Compile tex_source and write dest_pdf atomically; raise TexMissing or TexError (dest_pdf untouched)."""
    return write_files({dest_pdf: pdf_bytes(tex_source, time_limit, engine)})[0]
