"""Running TeX safely in a fresh folder: no shell escape, a time limit, as many passes as it asks."""
import os
import re
import signal
import subprocess
import time

from ..errors import TexError

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


def compile_in(program, source, options, work, extra_env, time_limit):
    """The PDF of `source` compiled in `work`, pass after pass while the log asks for one."""
    (work / "sheet.tex").write_text(source, encoding="utf-8")
    env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", HOME=str(work), **extra_env)
    cmd = [program, *options, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "sheet.tex"]
    deadline = time.monotonic() + time_limit
    log = work / "sheet.log"
    for _ in range(MAX_PASSES):
        returncode, output = run_tex(cmd, work, env, deadline, time_limit)
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else output.decode(errors="replace")
        if returncode != 0 or not (work / "sheet.pdf").exists():
            raise TexError(_log_excerpt(text))
        if not needs_another_pass(text, source):
            break
    return (work / "sheet.pdf").read_bytes()


def run_tex(cmd, work, env, deadline, time_limit):
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
