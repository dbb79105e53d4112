"""Compiling LaTeX to PDF safely: latexmk + pdflatex (or XeLaTeX), no shell escape, a fresh folder, a time limit."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import TexError, TexMissing
from ..problem.limits import TEX_TIME_LIMIT
from .outputs import write_files

INSTALL_HINT = (
    "no TeX found: install it with 'apt-get install -y --no-install-recommends "
    "texlive-latex-extra texlive-pictures latexmk poppler-utils' (or run ./setup.sh)"
)
XELATEX_HINT = (
    "a Persian sheet needs XeLaTeX, xepersian and the Nazli font: install them with 'apt-get install -y "
    "--no-install-recommends texlive-xetex texlive-lang-arabic fonts-farsiweb' (README: Persian sheets)"
)
TIME_LIMIT = TEX_TIME_LIMIT


def available():
    """True when latexmk and pdflatex are on PATH."""
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


def _found(cmd):
    """True when the command runs and succeeds with some output (kpsewhich, fc-list)."""
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


def xelatex_available():
    """True when latexmk, xelatex, xepersian and the Nazli font (fonts-farsiweb) are installed."""
    return (shutil.which("latexmk") is not None and shutil.which("xelatex") is not None
            and _found(["kpsewhich", "xepersian.sty"]) and _found(["fc-list", "Nazli"]))


# engine -> (latexmk's option, the check that it is installed, the message when it is not, extra environment)
ENGINES = {
    "pdflatex": ("-pdf", available, INSTALL_HINT, {}),
    # xdvipdfmx takes the PDF's dates (and so its /ID) from SOURCE_DATE_EPOCH: the same source, the same bytes.
    "xelatex": ("-xelatex", xelatex_available, XELATEX_HINT, {"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}),
}


def _log_excerpt(log_text, limit=8):
    """The few lines of a LaTeX log that say what went wrong."""
    lines = log_text.splitlines()
    picked = []
    for n, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^l\.\d+ ", line) or "Fatal error" in line:
            picked.append(line.strip())
            if line.startswith("!") and n + 1 < len(lines) and lines[n + 1].strip():
                picked.append(lines[n + 1].strip())
        if len(picked) >= limit:
            break
    return "\n".join(dict.fromkeys(picked)) or "\n".join(lines[-limit:])


def _stop(proc):
    """Kill latexmk and every pdflatex it started (they share the process group of the new session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def pdf_bytes(tex_source, time_limit=TIME_LIMIT, engine="pdflatex", files=None):
    """Compile tex_source in a fresh folder with `engine` (ENGINES) and return the PDF; raise TexMissing or
    TexError. `files` ({plain file name: bytes}, such as figures) are put beside the source."""
    option, installed, hint, extra_env = ENGINES[engine]
    if not installed():
        raise TexMissing(hint)
    with tempfile.TemporaryDirectory(prefix="derive-tex-") as work:
        work = Path(work)
        (work / "sheet.tex").write_text(tex_source, encoding="utf-8")
        for name, data in (files or {}).items():
            if Path(name).name != name or name.startswith(".") or name in ("sheet.tex", "latexmkrc"):
                raise ValueError(f"not a plain file name for the LaTeX folder: {name!r}")
            (work / name).write_bytes(data)
        # An empty latexmkrc of our own stops latexmk from reading one from the user's folders.
        (work / "latexmkrc").write_text("", encoding="utf-8")
        env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", HOME=str(work), **extra_env)
        cmd = [
            "latexmk", option, "-norc", "-r", str(work / "latexmkrc"), "-interaction=nonstopmode",
            "-halt-on-error", "-no-shell-escape", "-quiet", "sheet.tex",
        ]
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            output, _ = proc.communicate(timeout=time_limit)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise TexError(f"LaTeX did not finish within {time_limit} s and was stopped") from None
        except BaseException:  # an interrupt: no pdflatex may outlive us
            _stop(proc)
            raise
        pdf = work / "sheet.pdf"
        if proc.returncode != 0 or not pdf.exists():
            log = work / "sheet.log"
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else output.decode(errors="replace")
            raise TexError(_log_excerpt(text))
        return pdf.read_bytes()


def compile_pdf(tex_source, dest_pdf, time_limit=TIME_LIMIT, engine="pdflatex"):
    """Compile tex_source and write dest_pdf atomically; raise TexMissing or TexError (dest_pdf untouched)."""
    return write_files({dest_pdf: pdf_bytes(tex_source, time_limit, engine)})[0]
