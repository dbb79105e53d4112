"""Shared test set-up: the tests folder on sys.path (reference, problem_factory), common paths, the default
selection (slow tests sampled; `--all` runs everything) and requires(PART) for tests that need an optional install.

A test that needs something beyond the core set-up says so with `@requires("xelatex")` (or `requires(...)`
as a module's `pytestmark`, or `need("xelatex")` inside a fixture or test). Where the part is missing it is
skipped with one line naming the set-up flag that installs it; with CI=true it fails instead, so that CI
can never pass by skipping. A new part: one row in PARTS below (and the flag in setup.sh's PARTS)."""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"


def _commands(*names):
    return lambda: all(shutil.which(n) for n in names)


def _tex_file(name):
    """True when kpsewhich finds a TeX file (a package of TeX Live)."""
    kpsewhich = shutil.which("kpsewhich")
    if not kpsewhich:
        return False
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True)
    return found.returncode == 0 and bool(found.stdout.strip())


def _module(name):
    return lambda: importlib.util.find_spec(name) is not None


def fresh_copy(target):
    """Copy the project's files as a fresh clone has them (git's tracked files, as in the working tree)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("needs the project as a git checkout")
    for name in filter(None, listed.stdout.split("\0")):
        source, copy = ROOT / name, Path(target) / name
        if source.is_symlink() or source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), copy)
            else:
                shutil.copy2(source, copy)
    return Path(target)


def derive_script():
    """The `derive` console script of this Python (beside it, as in a venv) or on PATH; None if there is none."""
    beside = Path(sys.executable).with_name("derive")
    return str(beside) if beside.is_file() else shutil.which("derive")


@dataclass(frozen=True)
class Part:
    """Something a test can need: what it is, the setup.sh command that installs it, and how to tell it is there."""

    what: str
    setup: str
    present: object  # () -> bool


# name -> Part; `setup` is what the skip message tells the user to run.
PARTS = {
    "tex": Part("TeX (pdflatex, pdftotext)", "./setup.sh",
                _commands("pdflatex", "pdftotext")),
    "derive-script": Part("the `derive` console script", "./setup.sh", lambda: derive_script() is not None),
    "torch": Part("PyTorch", "./setup.sh --with torch", _module("torch")),
    "chromium": Part("Debian's chromium and chromium-driver", "./setup.sh --with web",
                     _commands("chromium", "chromedriver")),
    "xelatex": Part("xelatex with xepersian", "./setup.sh --with persian",
                    lambda: _commands("xelatex", "pdftotext")() and _tex_file("xepersian.sty")),
    "matplotlib": Part("matplotlib, for the class report's plots", "./setup.sh --with classroom", _module("matplotlib")),
    "cluster": Part("dask.distributed", "./setup.sh --with cluster", _module("distributed")),
    "playwright": Part("Playwright, nbclient and ipykernel", "./setup.sh --with web",
                       lambda: all(_module(m)() for m in ("playwright", "nbclient", "nbformat", "ipykernel"))),
}
_FOUND = {}


def in_ci():
    """True when the environment says this is CI (CI=true, as .ci/run is run)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(*names):
    """The parts among `names` that are not installed (each checked once per run)."""
    for name in names:
        if name not in PARTS:
            raise ValueError(f"requires({name!r}): not a part of tests/conftest.py's PARTS ({', '.join(PARTS)})")
    for name in names:
        if name not in _FOUND:
            _FOUND[name] = bool(PARTS[name].present())
    return [n for n in names if not _FOUND[n]]


def reason(names):
    """One line: what is missing and the set-up command that installs it."""
    parts = [PARTS[n] for n in names]
    setups = " ".join(dict.fromkeys(p.setup for p in parts))
    return f"needs {', '.join(p.what for p in parts)}: run {setups}"


def need(*names):
    """Skip the running test (fail it under CI=true) unless every named part is installed."""
    absent = missing(*names)
    if absent:
        if in_ci():
            pytest.fail(f"{reason(absent)} (CI=true: CI must install every part, so this fails instead of skipping)",
                        pytrace=False)
        pytest.skip(reason(absent))


def requires(*names):
    """A mark: the test needs these parts (see PARTS); checked when the test runs, see need()."""
    missing_names = [n for n in names if n not in PARTS]
    if missing_names or not names:
        raise ValueError(f"requires{names!r}: parts are among {', '.join(PARTS)}")
    return pytest.mark.requires(*names)


# --- the default selection: fast tests and a sample of the slow ones; --all runs everything --------------
def pytest_addoption(parser):
    parser.addoption("--all", action="store_true", dest="derive_all",
                     help="derive: run every test, the slow ones too (the default run keeps only the slow tests "
                          "marked `sample`)")


EVERYTHING = False  # --all given (set before the test modules are collected)


def examples(n):
    """A drawn test's number of examples: n with --all, a fifth of it (at least 10) in the default run, where more
    random cases are repetition."""
    return n if EVERYTHING else max(10, n // 5)


def repeats(n):
    """How many random cases a test that draws several in a loop draws: n with --all, one in the default run."""
    return n if EVERYTHING else 1


def pytest_configure(config):
    global EVERYTHING
    EVERYTHING = bool(config.getoption("derive_all"))
    if not EVERYTHING:  # the default run draws the same examples every time, 20 unless a test says (examples(n)):
        # its time and its result repeat; --all (CI) draws 100 new ones each run (a test that sets derandomize or a
        # seed keeps its own)
        from hypothesis import settings

        settings.register_profile("derive-default-run", derandomize=True, database=None, max_examples=20)
        settings.load_profile("derive-default-run")
    # the CLI tests start derive hundreds of times: let those runs keep derive's compiled modules
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    config.addinivalue_line("markers", "requires(*parts): needs optional parts of the set-up (tests/conftest.py PARTS)")


def pytest_report_header(config):
    if config.getoption("derive_all") or config.option.markexpr:
        return None
    return "derive: slow tests sampled (those marked `sample`); `--all` runs every test"


def _named(config):
    """Node ids given on the command line with `::` (relative to the project): a test named so always runs."""
    named = []
    for arg in config.args:
        if "::" in arg:
            path, rest = arg.split("::", 1)
            try:
                path = str(Path(path).resolve().relative_to(config.rootpath))
            except ValueError:
                pass
            named.append(path.replace(os.sep, "/") + "::" + rest)
    return named


def pytest_collection_modifyitems(config, items):
    """Deselect the slow tests but those marked sample (of a parametrized one, its first case)."""
    if config.getoption("derive_all") or config.option.markexpr:
        return  # everything, or an explicit -m expression decides
    named = _named(config)
    keep, drop, sampled_functions = [], [], set()
    for item in items:
        function = item.nodeid.split("[", 1)[0]
        if item.get_closest_marker("slow") is None:
            kept = True
        elif item.get_closest_marker("sample") is not None:
            kept = function not in sampled_functions
            sampled_functions.add(function)
        else:
            kept = False
        explicit = any(item.nodeid.startswith(n) for n in named)
        (keep if kept or explicit else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def covering(cases):
    """A parametrized test's cases, one tuple of values each, as pytest params: the first case to bring a value
    (at its position) not seen yet runs in the default run, the others are repetition and marked slow (`--all`)."""
    seen, params = set(), []
    for case in cases:
        values = case if isinstance(case, tuple) else (case,)
        new = set(enumerate(values)) - seen
        seen |= new
        params.append(pytest.param(*values, marks=() if new else pytest.mark.slow))
    return params


def seeds(n, kept=3):
    """Seeds 0 .. n-1 of a test of random cases as pytest params: the first `kept` in the default run, the others
    (more random cases: repetition) marked slow, run by `--all`."""
    return [pytest.param(seed, marks=() if seed < kept else pytest.mark.slow) for seed in range(n)]


def pytest_runtest_setup(item):
    for mark in item.iter_markers("requires"):
        need(*mark.args)


_SETUP_IN_REASON = re.compile(r"needs .*?: run (\./setup\.sh.*)$")  # reason()'s line


def pytest_terminal_summary(terminalreporter):
    """One line for the tests skipped because optional parts are missing: the set-up commands that would run them."""
    counts = {}
    for report in terminalreporter.stats.get("skipped", []):
        text = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        found = _SETUP_IN_REASON.search(text.strip())
        if found:
            parts = ",".join(sorted(set(re.findall(r"--with (\S+)", found.group(1)))))
            command = f"./setup.sh --with {parts}" if parts else "./setup.sh"
            counts[command] = counts.get(command, 0) + 1
    if counts:
        total = sum(counts.values())
        each = ", ".join(f"{command} ({n})" for command, n in sorted(counts.items(), key=lambda c: -c[1]))
        terminalreporter.write_line(f"derive: {total} tests skipped for optional parts not installed; run them with "
                                    f"{each} or all with ./setup.sh --all")


# --- shared results: what several tests only read is computed once per session -----------------------------
@pytest.fixture(scope="session")
def solved():
    """solved(name, language=None): the trace of the bundled problem NAME (derive/problems/NAME.toml), solved once
    per session. Only for tests that read the trace: a test that changes it must solve its own."""
    from derive.engine.pipeline import BUNDLED, solve_file

    traces = {}

    def get(name, language=None):
        if (name, language) not in traces:
            traces[name, language] = solve_file(BUNDLED / f"{name}.toml", language)
        return traces[name, language]

    return get


@pytest.fixture(scope="session")
def compiled_hw2(tmp_path_factory):
    """A folder with hw2.json, hw2.tex and hw2.pdf written once per session by `derive solve hw2.toml --pdf`, for
    the tests that only read the bundled problem's PDF (a test of how the PDF is made compiles its own)."""
    from cli_runner import derive_cli

    need("tex")
    folder = tmp_path_factory.mktemp("compiled-hw2")
    done = derive_cli(["solve", HW2, "-o", folder, "--pdf"], folder)
    assert done.returncode == 0, done.stderr
    return folder
