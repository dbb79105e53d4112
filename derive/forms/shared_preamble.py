"""A class's documents of one preamble: its format made and its pictures compiled once per process."""
import atexit
import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from ..errors import TexError
from .tex_passes import compile_in, run_tex

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


def with_shared_pictures(source, work, time_limit):
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
        with tempfile.TemporaryDirectory(prefix="derive-tex-") as folder:
            _PICTURES[key] = compile_in("pdflatex", document, [], Path(folder), {}, time_limit)
    (work / "pictures.pdf").write_bytes(_PICTURES[key])
    pages = iter(range(1, len(pictures) + 1))
    trim = " ".join([_MARGIN] * 4)
    return _PICTURE.sub(lambda m: "\\includegraphics[page=%d,trim=%s]{pictures.pdf}" % (next(pages), trim), source)


def with_format(source, work, time_limit):
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
        returncode, _ = run_tex(cmd, folder, env, time.monotonic() + time_limit, time_limit)
        if returncode != 0 or not (folder / "preamble.fmt").exists():
            return None
        prelude = "".join(line for line in preamble.splitlines(True) if line.startswith("\\pdf")) + _REPLAY
        with tempfile.TemporaryDirectory(prefix="derive-tex-") as whole, \
                tempfile.TemporaryDirectory(prefix="derive-tex-") as started:
            expected = compile_in("pdflatex", preamble + _PROBE, [], Path(whole), {}, time_limit)
            _link(folder / "preamble.fmt", Path(started) / "preamble.fmt")
            got = compile_in("pdflatex", prelude + _PROBE, ["-fmt=preamble"], Path(started), {}, time_limit)
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
