"""Compiling LaTeX to PDF safely: pdflatex (or XeLaTeX) as many passes as the document needs, no shell escape,
a fresh folder, a time limit."""
import atexit
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
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
MAX_PASSES = 5  # as latexmk's default limit

# A pass asks for another when its log says "Rerun" (longtable's widths, an outline, labels). LaTeX's
# "Label(s) may have changed" concerns only a document that reads its labels: the sheets set \label but
# never read one, so they take one pass, as the outline does with the bookmark package (see preamble.tex.j2).
_RERUN = re.compile(r"^.*(?:Rerun to get|Rerun LaTeX|[Pp]lease rerun).*$", re.MULTILINE)
_LABELS_CHANGED = "Label(s) may have changed"
_READS_LABELS = re.compile(r"\\(?:ref|pageref|eqref|autoref|nameref|cref|Cref|cite|tableofcontents|listoffigures"
                           r"|listoftables)\b")


def needs_another_pass(log_text, source):
    """True when the log of a pass asks for another one that could change the PDF."""
    reads_labels = _READS_LABELS.search(source) is not None
    return any(reads_labels or _LABELS_CHANGED not in line for line in _RERUN.findall(log_text))


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
    """Kill the TeX program and anything it started (they share the process group of the new session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def pdf_bytes(tex_source, time_limit=TIME_LIMIT, engine="pdflatex", files=None, shared=False):
    """Compile tex_source in a fresh folder with `engine` (ENGINES), as many passes as it needs, and return the
    PDF; raise TexMissing or TexError. `files` ({plain file name: bytes}, such as figures) are put beside the
    source. shared: the document is one of many with the same preamble (a class's sheets), so this process
    compiles that preamble once (a format, see _with_format) and the pictures (tikzpicture) once, into a PDF
    whose pages the document includes (see _with_shared_pictures)."""
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
            tex_source = _with_shared_pictures(tex_source, work, time_limit)
            tex_source, options = _with_format(tex_source, work, time_limit)
        return _compile(program, tex_source, options, work, extra_env, time_limit)


def _compile(program, source, options, work, extra_env, time_limit):
    """The PDF of `source` compiled in `work`, pass after pass while the log asks for one."""
    (work / "sheet.tex").write_text(source, encoding="utf-8")
    env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", HOME=str(work), **extra_env)
    cmd = [program, *options, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "sheet.tex"]
    deadline = time.monotonic() + time_limit
    log = work / "sheet.log"
    for _ in range(MAX_PASSES):
        returncode, output = _run(cmd, work, env, deadline, time_limit)
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else output.decode(errors="replace")
        if returncode != 0 or not (work / "sheet.pdf").exists():
            raise TexError(_log_excerpt(text))
        if not needs_another_pass(text, source):
            break
    return (work / "sheet.pdf").read_bytes()


PREAMBLE_END = "% derive: end of the shared preamble"  # the last line of templates/preamble.tex.j2
_PICTURE = re.compile(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", re.DOTALL)
# Each picture is a page reaching this far beyond its box, so that a stroke on the box's edge is not cut; the
# page is included trimmed by as much, a box of the picture's own size, drawn in full.
_MARGIN = "4bp"
_PICTURES = {}  # sha256 of the pictures' document -> its PDF, per process
_MAX_PICTURES = 32
# A format holds TeX's memory after the preamble, not pdfTeX's colour stack: xcolor's last act on loading,
# \color{black}, pushes on that stack, so a document started from the format does it again (the probe in
# _make_format checks that the two ways give the same bytes). The preamble's \pdf... settings are set again.
_REPLAY = "\\color{black}%\n"
_PROBE = ("\\title{T}\\author{A}\\date{}\n\\begin{document}\n\\maketitle\n\\section{S}\\label{s} "
          "$x^{2} = \\frac{a}{b}$ \\textcolor{red}{r}\n\\end{document}\n")
_FORMATS = {}  # sha256 of a preamble -> its format file and prelude, or None where a format changes the PDF
_FORMAT_FOLDER = []  # the folder of this process's formats, removed when it exits


def _with_shared_pictures(source, work, time_limit):
    """The source with each picture replaced by its page of PICTURES.pdf (written into `work`), a document of
    the pictures alone with the source's shared preamble, at the text's width as the sheets set them."""
    pictures = _PICTURE.findall(source)
    end = source.find(PREAMBLE_END)
    if not pictures or end < 0:
        return source
    preamble = source[:end]
    document = (preamble + "\\usepackage[active,tightpage]{preview}\n\\setlength{\\PreviewBorder}{%s}\n"
                "\\PreviewEnvironment{tikzpicture}\n\\begin{document}\n%s\n\\end{document}\n"
                % (_MARGIN, "\n\n".join(pictures)))
    key = hashlib.sha256(document.encode("utf-8")).hexdigest()
    if key not in _PICTURES:
        if len(_PICTURES) >= _MAX_PICTURES:
            _PICTURES.pop(next(iter(_PICTURES)))
        _PICTURES[key] = pdf_bytes(document, time_limit)
    (work / "pictures.pdf").write_bytes(_PICTURES[key])
    pages = iter(range(1, len(pictures) + 1))
    trim = " ".join([_MARGIN] * 4)
    return _PICTURE.sub(lambda m: "\\includegraphics[page=%d,trim=%s]{pictures.pdf}" % (next(pages), trim), source)


def _with_format(source, work, time_limit):
    """(source, options): the source started from its preamble's format (made once per process) when it has
    the shared preamble and the format gives the same PDF, else the source as it is."""
    end = source.find(PREAMBLE_END)
    if end < 0:
        return source, []
    preamble = source[:end]
    key = hashlib.sha256(preamble.encode("utf-8")).hexdigest()
    if key not in _FORMATS:
        _FORMATS[key] = _make_format(preamble, time_limit)
    if _FORMATS[key] is None:
        return source, []
    path, prelude = _FORMATS[key]
    _link(path, work / "preamble.fmt")
    return prelude + source[end:], ["-fmt=preamble"]


def _make_format(preamble, time_limit):
    """(format file, prelude) of a preamble, or None when pdflatex cannot dump it or a probe document compiled
    from it differs by a byte from the probe compiled as a whole."""
    if not _FORMAT_FOLDER:
        _FORMAT_FOLDER.append(Path(tempfile.mkdtemp(prefix="derive-formats-")))
        atexit.register(_remove_formats, os.getpid())
    folder = Path(tempfile.mkdtemp(dir=_FORMAT_FOLDER[0]))
    (folder / "preamble.tex").write_text(preamble + "\\dump\n", encoding="utf-8")
    env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", HOME=str(folder))
    cmd = ["pdflatex", "-ini", "-jobname=preamble", "-interaction=nonstopmode", "-halt-on-error",
           "-no-shell-escape", "&pdflatex", "preamble.tex"]
    try:
        returncode, _ = _run(cmd, folder, env, time.monotonic() + time_limit, time_limit)
        if returncode != 0 or not (folder / "preamble.fmt").exists():
            return None
        prelude = "".join(line for line in preamble.splitlines(True) if line.startswith("\\pdf")) + _REPLAY
        with tempfile.TemporaryDirectory(prefix="derive-tex-") as whole, \
                tempfile.TemporaryDirectory(prefix="derive-tex-") as started:
            expected = _compile("pdflatex", preamble + _PROBE, [], Path(whole), {}, time_limit)
            _link(folder / "preamble.fmt", Path(started) / "preamble.fmt")
            got = _compile("pdflatex", prelude + _PROBE, ["-fmt=preamble"], Path(started), {}, time_limit)
    except TexError:
        return None
    return (folder / "preamble.fmt", prelude) if got == expected else None


def _link(path, to):
    try:
        os.link(path, to)
    except OSError:  # another file system
        shutil.copyfile(path, to)


def _remove_formats(pid):
    if os.getpid() == pid:  # not in a worker process forked from this one
        shutil.rmtree(_FORMAT_FOLDER[0], ignore_errors=True)


def _run(cmd, work, env, deadline, time_limit):
    """One pass: (return code, output), stopped with TexError at the deadline."""
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise TexError(f"LaTeX did not finish within {time_limit} s and was stopped") from None
    except BaseException:  # an interrupt: no pdflatex may outlive us
        _stop(proc)
        raise
    return proc.returncode, output


def compile_pdf(tex_source, dest_pdf, time_limit=TIME_LIMIT, engine="pdflatex"):
    """Compile tex_source and write dest_pdf atomically; raise TexMissing or TexError (dest_pdf untouched)."""
    return write_files({dest_pdf: pdf_bytes(tex_source, time_limit, engine)})[0]
