"""derive's CLI for the tests: in this process (fast, the default) or as a real `python -m derive` process.

`derive_cli(args, cwd)` calls derive.cli.main in this process with cwd, stdout, stderr, stdin and the
environment as a fresh process would have them, and returns the same CompletedProcess (exit code, stdout,
stderr) the subprocess gives; a run costs milliseconds instead of a Python start-up (about 1 s of CPU).
Use `derive_process` only where the test is about the process itself: the console script, `python -m`,
signals, a time limit, the interpreter's own messages."""
import contextlib
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

from derive.cli import main

ROOT = Path(__file__).resolve().parent.parent
# the environment of a derive subprocess: this project's derive first on the import path
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


@contextlib.contextmanager
def _environment(env):
    """os.environ replaced by env (if given) for the block."""
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _fresh_warnings():
    """The warning filters of a fresh interpreter, each warning printed to (the redirected) sys.stderr."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.simplefilter("ignore", category)
        warnings.simplefilter("default")
        warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
        yield


POOLED = ("variants", "grade", "export")  # the commands that start a pool of processes unless given --jobs


def one_by_one(args):
    """args with `--jobs 1` for a class command not given --jobs: its students one after another in this process,
    for the tests that are not about the pool (it gives the same files: see test_classroom.py)."""
    args = [str(a) for a in args]
    return args + ["--jobs", "1"] if args and args[0] in POOLED and "--jobs" not in args else args


def derive_cli(args, cwd=None, env=None, input=None, **_ignored):
    """`derive ARGS` in this process, in folder cwd: a CompletedProcess as subprocess.run(text=True) returns it.

    env (a whole environment, as for subprocess) replaces os.environ during the run; input is stdin's text.
    Keyword arguments meant for subprocess.run (timeout, ...) are accepted and ignored."""
    args = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(input or "")
    here = os.getcwd()
    code = None
    with _environment(env), _fresh_warnings():
        saved_stdin = sys.stdin
        sys.stdin = stdin
        try:
            if cwd is not None:
                os.chdir(cwd)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(args)
                except SystemExit as done:  # argparse: --help, --version, a usage error
                    code = done.code
        finally:
            sys.stdin = saved_stdin
            os.chdir(here)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        err.write(f"{code}\n")
        code = 1
    return subprocess.CompletedProcess(["derive", *args], code, out.getvalue(), err.getvalue())


def derive_process(args, cwd=None, env=None, timeout=300, **kw):
    """`python -m derive ARGS` in a fresh process (this project's derive): for tests about the process itself."""
    return subprocess.run([sys.executable, "-m", "derive", *map(str, args)], cwd=cwd, env=env or ENV,
                          capture_output=True, text=True, timeout=timeout, **kw)


def derive_on_terminal(args, cwd=None, env=None, timeout=300):
    """`python -m derive ARGS` with its stderr on a pseudo-terminal of 100 columns (as a user's shell has it):
    (exit code, every byte written to the terminal)."""
    import fcntl
    import pty
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "derive", *map(str, args)], cwd=cwd, env=env or ENV,
                            stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=timeout)
    os.close(primary)
    return proc.returncode, seen
