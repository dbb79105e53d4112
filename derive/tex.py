"""Compiling LaTeX to PDF safely: latexmk + pdflatex, no shell escape, a fresh folder, a time limit."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import TexError, TexMissing
from .limits import TEX_TIME_LIMIT
from .outputs import write_files

INSTALL_HINT = (
    "no TeX found: install it with 'apt-get install -y --no-install-recommends "
    "texlive-latex-extra texlive-pictures latexmk poppler-utils' (or run ./setup.sh)"
)
TIME_LIMIT = TEX_TIME_LIMIT


def available():
    """True when latexmk and pdflatex are on PATH."""
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


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


def pdf_bytes(tex_source, time_limit=TIME_LIMIT):
    """Compile tex_source in a fresh folder and return the PDF; raise TexMissing or TexError."""
    if not available():
        raise TexMissing(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="derive-tex-") as work:
        work = Path(work)
        (work / "sheet.tex").write_text(tex_source, encoding="utf-8")
        # An empty latexmkrc of our own stops latexmk from reading one from the user's folders.
        (work / "latexmkrc").write_text("", encoding="utf-8")
        env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", HOME=str(work))
        cmd = [
            "latexmk", "-pdf", "-norc", "-r", str(work / "latexmkrc"), "-interaction=nonstopmode",
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


def compile_pdf(tex_source, dest_pdf, time_limit=TIME_LIMIT):
    """Compile tex_source and write dest_pdf atomically; raise TexMissing or TexError (dest_pdf untouched)."""
    return write_files({dest_pdf: pdf_bytes(tex_source, time_limit)})[0]
