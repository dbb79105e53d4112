"""setup.sh and the test set-up: the command line of setup.sh (parts, --all, errors), a set-up from a fresh copy
that a second run does not redo (slow), and tests/conftest.py's default selection and requires(PART)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time

from pathlib import Path

import pytest

from conftest import PARTS, ROOT, fresh_copy

SETUP = ROOT / "setup.sh"


def setup_parts():
    """The optional parts setup.sh knows (its PARTS=(...) line)."""
    return re.search(r"^PARTS=\(([^)]*)\)", SETUP.read_text(encoding="utf-8"), re.M).group(1).split()


def dry_run(tmp_path, *args):
    """setup.sh --dry-run from a folder holding only setup.sh and pyproject.toml; (result, files after)."""
    for name in ("setup.sh", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    result = subprocess.run(["bash", str(tmp_path / "setup.sh"), "--dry-run", *args], capture_output=True,
                            text=True, timeout=120, env=dict(os.environ, PYTHON=sys.executable))
    return result, sorted(p.name for p in tmp_path.iterdir())


# --- setup.sh's command line ---------------------------------------------------------------------------------
def test_the_parts_are_torch_web_persian_classroom_cluster_and_each_conftest_flag_names_one():
    assert setup_parts() == ["torch", "web", "persian", "classroom", "cluster"]
    for name, part in PARTS.items():
        flag = re.fullmatch(r"\./setup\.sh(?: --with (\w+))?", part.setup)
        assert flag, f"tests/conftest.py PARTS[{name!r}].setup is not a setup.sh command: {part.setup}"
        assert flag.group(1) is None or flag.group(1) in setup_parts(), part.setup


def test_the_core_alone_plans_a_venv_and_no_part(tmp_path):
    result, files = dry_run(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "setup: parts: core"
    assert any(line.startswith("setup: Python: .venv (a virtual environment of") for line in lines)
    assert "setup: pip: derive[test], editable, to install" in lines
    assert lines[-1] == "setup: dry run: nothing changed"
    assert files == ["pyproject.toml", "setup.sh"]  # nothing made


def test_with_takes_a_list_repeated_flags_and_keeps_the_parts_order(tmp_path):
    result, files = dry_run(tmp_path, "--with", "persian, torch", "--with=web", "--with", "torch")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "setup: parts: core torch web persian"
    assert "setup: pip: derive[test,torch,web], editable, to install" in lines  # torch, web: pip extras of pyproject
    for part in ("torch", "web", "persian"):
        assert any(line.startswith(f"setup: {part}: ") for line in lines), part
    assert any("chromium chromium-driver" in line for line in lines if line.startswith("setup: web: "))
    assert files == ["pyproject.toml", "setup.sh"]


def test_all_is_every_part(tmp_path):
    result, _ = dry_run(tmp_path, "--all", "--system")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "setup: parts: core " + " ".join(setup_parts())
    assert "no virtual environment (--system)" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--with", "tensorflow"], "setup: error: unknown part 'tensorflow' (the parts: torch web persian classroom cluster)"),
    (["--with"], "setup: error: --with needs a comma-separated list of parts: torch web persian classroom cluster"),
    (["--with="], "setup: error: --with needs a comma-separated list of parts: torch web persian classroom cluster"),
    (["--fast"], "setup: error: unknown option '--fast'"),
])
def test_a_bad_flag_is_one_line_and_exit_2(tmp_path, args, message):
    result, files = dry_run(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == message
    assert result.stdout == "" and files == ["pyproject.toml", "setup.sh"]


def test_help_lists_every_part_and_the_test_command():
    result = subprocess.run(["bash", str(SETUP), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("usage: ./setup.sh")
    for part in setup_parts():
        assert re.search(rf"^ +{part} +\S", result.stdout, re.M), part
    assert ".venv/bin/python -m pytest -n 2" in result.stdout


def test_ci_sets_up_every_part_and_runs_every_test():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in run.splitlines() if line and not line.startswith(("#", "set ", "cd ", "export "))]
    assert commands == ["bash setup.sh --all", ".venv/bin/python -m pytest -q -n 2 --all"]
    assert 'export CI="${CI:-true}"' in run


def test_the_readme_starts_with_the_set_up_and_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```\n", 2)[1].splitlines()
    assert [line.split("#")[0].strip() for line in first] == ["./setup.sh", ".venv/bin/python -m pytest -n 2"]
    assert ".venv/bin/python -m pytest -n 2 --all" in readme


# --- a set-up from a fresh copy ------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_fresh_copy_sets_up_writes_the_sheet_and_a_second_run_installs_nothing(tmp_path):
    project = tmp_path / "derive"
    fresh_copy(project)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHON"] = sys.executable
    first = subprocess.run(["./setup.sh"], cwd=project, capture_output=True, text=True, timeout=1200, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "setup: pip: derive[test], editable, to install" in first.stdout
    assert re.search(r"^setup:   done in \d+ s$", first.stdout, re.M)
    assert (project / "build" / "hw2.pdf").read_bytes().startswith(b"%PDF")
    assert (project / ".venv" / ".derive-setup").is_file()

    second = subprocess.run(["./setup.sh", "--no-sheet"], cwd=project, capture_output=True, text=True, timeout=300,
                            env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "setup: pip: derive[test] is up to date (pyproject.toml unchanged), nothing to install" in second.stdout
    assert "installing" not in second.stdout

    version = subprocess.run([str(project / ".venv" / "bin" / "derive"), "--version"], cwd=tmp_path,
                             capture_output=True, text=True, env=env)
    assert version.returncode == 0 and version.stdout.startswith("derive ")
    tests = subprocess.run([str(project / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-n", "2",
                            "-p", "no:cacheprovider", "tests/test_setup.py", "-k", "bad_flag"],
                           cwd=project, capture_output=True, text=True, timeout=600, env=env)
    assert tests.returncode == 0 and re.search(r"^4 passed", tests.stdout.splitlines()[-1]), tests.stdout


# --- tests/conftest.py: the default selection and requires(PART) ---------------------------------------------
SAMPLE_TESTS = textwrap.dedent('''
    import pytest
    from conftest import PARTS, Part, requires

    PARTS["never"] = Part("a part that is never there", "./setup.sh --with never", lambda: False)
    PARTS["always"] = Part("a part that is always there", "./setup.sh", lambda: True)

    def test_fast():
        pass

    @pytest.mark.slow
    def test_slow():
        pass

    @pytest.mark.slow
    @pytest.mark.sample
    @pytest.mark.parametrize("n", [1, 2, 3])
    def test_sampled(n):
        pass

    @requires("never")
    def test_needs_a_missing_part():
        pass

    @requires("always")
    def test_needs_a_present_part():
        pass
''')


def pytest_in(folder, *args, ci=None):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rsf", *args],
                          cwd=folder, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def sample_suite(tmp_path):
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_sample.py").write_text(SAMPLE_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    slow: slow\n    sample: sampled\n")
    return tmp_path


def test_the_default_run_keeps_fast_tests_and_the_first_case_of_a_sampled_slow_one(sample_suite):
    result = pytest_in(sample_suite, "-v")
    ran = re.findall(r"test_sample\.py::(\S+) (PASSED|SKIPPED|FAILED)", result.stdout)
    assert [name for name, _ in ran] == ["test_fast", "test_sampled[1]", "test_needs_a_missing_part",
                                         "test_needs_a_present_part"], result.stdout
    assert "3 deselected" in result.stdout
    assert "derive: slow tests sampled" in result.stdout


@pytest.mark.slow
def test_all_and_an_explicit_name_or_marker_run_the_slow_tests(sample_suite):
    everything = pytest_in(sample_suite, "--all")
    assert re.search(r"\b6 passed, 1 skipped", everything.stdout.splitlines()[-1]), everything.stdout
    named = pytest_in(sample_suite, "test_sample.py::test_slow", "test_sample.py::test_sampled[3]")
    assert re.search(r"= 2 passed in", named.stdout.splitlines()[-1]), named.stdout
    marked = pytest_in(sample_suite, "-m", "slow")
    assert re.search(r"\b4 passed, 3 deselected", marked.stdout.splitlines()[-1]), marked.stdout


def test_a_missing_part_skips_naming_the_set_up_flag_and_fails_under_ci(sample_suite):
    skipped = pytest_in(sample_suite, "-k", "part")
    assert skipped.returncode == 0, skipped.stdout
    assert "needs a part that is never there: run ./setup.sh --with never" in skipped.stdout
    assert re.search(r"\b1 passed, 1 skipped, 5 deselected", skipped.stdout.splitlines()[-1]), skipped.stdout
    failed = pytest_in(sample_suite, "-k", "part", ci="true")
    assert failed.returncode == 1, failed.stdout
    assert "needs a part that is never there: run ./setup.sh --with never (CI=true" in failed.stdout
    assert re.search(r"\b1 passed, 5 deselected, 1 error", failed.stdout.splitlines()[-1]), failed.stdout


def test_requires_refuses_a_part_it_does_not_know():
    from conftest import requires

    with pytest.raises(ValueError, match="parts are among tex, derive-script, torch, chromium, xelatex"):
        requires("tensorflow")


# --- setup.sh's Debian steps, on a stand-in system ---------------------------------------------------------------
# apt-get, dpkg-query, sudo and id are stand-ins that log how they were called (TeX cannot be installed for a
# test on a machine that has it); .venv/bin/python stands in for the virtual environment. Everything else
# (bash, coreutils, this Python for pyproject.toml) is the real thing.
FAKE_APT = r'''#!/bin/bash
echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND uid=$(id -u)" >> "$SETUP_LOG"
case "$*" in
  update) echo "Reading package lists..." ;;
  *--assume-no*) echo "0 upgraded, 27 newly installed, 0 to remove and 0 not upgraded."
                 echo "Need to get 91.3 MB of archives."
                 echo "After this operation, 323 MB of additional disk space will be used."
                 echo "Abort."; exit 1 ;;
  *) [ -n "$APT_FAILS" ] && { echo "E: Unable to locate package $APT_FAILS"; exit 100; }
     [ -n "$APT_HANGS" ] && { echo $$ > "$APT_HANGS"; sleep 300; }
     for n in 1 2 3 4 5 6; do echo "Unpacking texlive-part$n (1.0) ..."; sleep 0.25; done
     for n in 1 2 3 4 5 6; do echo "Setting up texlive-part$n (1.0) ..."; done ;;
esac
'''
FAKES = {
    "apt-get": FAKE_APT,
    "dpkg-query": "#!/bin/bash\nexit 1\n",  # nothing is installed
    "sudo": '#!/bin/bash\necho "sudo $*" >> "$SETUP_LOG"\n[ "$1" = -v ] && exit 0\nexport FAKE_UID=0\nexec "$@"\n',
    "id": '#!/bin/bash\necho "${FAKE_UID:-0}"\n',
}
TOOLS = ["bash", "env", "dirname", "grep", "sed", "tr", "tail", "sleep", "mktemp", "rm", "mkdir", "cat", "cut",
         "sha256sum"]


def stand_in_system(tmp_path, uid, sudo=True, apt_fails="", start=False):
    """Run setup.sh (core, --no-sheet) with only the stand-ins and the tools above on PATH; (result, log).
    start: return the running process instead, with apt-get's install hanging (its pid in tmp_path/apt.pid)."""
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True)
    for name in ("setup.sh", "pyproject.toml"):
        shutil.copy(ROOT / name, project / name)
    fake_python = project / ".venv" / "bin" / "python"
    fake_python.write_text('#!/bin/bash\necho "venv python $*" >> "$SETUP_LOG"\n')
    fake_python.chmod(0o755)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in FAKES.items():
        if name == "sudo" and not sudo:
            continue
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    for tool in TOOLS:
        os.symlink(shutil.which(tool), bin_dir / tool)
    log = tmp_path / "calls.log"
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "PYTHON": sys.executable, "SETUP_LOG": str(log),
           "FAKE_UID": str(uid), "SETUP_PROGRESS_EVERY": "1", "APT_FAILS": apt_fails, "TMPDIR": str(tmp_path),
           "APT_HANGS": str(tmp_path / "apt.pid") if start else ""}
    if start:
        return subprocess.Popen([shutil.which("bash"), str(project / "setup.sh"), "--no-sheet"], cwd=tmp_path,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True,  # its process groups are never the tests' own
                                # as from a terminal: a test runner's worker may ignore SIGINT, and a shell
                                # started with a signal ignored cannot trap it
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    result = subprocess.run([shutil.which("bash"), str(project / "setup.sh"), "--no-sheet"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    return result, (log.read_text() if log.exists() else "").splitlines()


TEX = "texlive-latex-extra texlive-pictures poppler-utils"


@pytest.mark.slow
@pytest.mark.sample
@pytest.mark.parametrize("uid", [0, 1000])
def test_tex_is_installed_after_apt_get_update_with_sizes_and_progress_as_root_or_through_sudo(tmp_path, uid):
    result, calls = stand_in_system(tmp_path, uid)
    assert result.returncode == 0, result.stdout + result.stderr
    apt = [c for c in calls if c.startswith("apt-get ")]
    assert apt == [f"apt-get {args} DEBIAN_FRONTEND=noninteractive uid=0" for args in (
        "update", f"install --assume-no --no-install-recommends {TEX}",
        f"install -y --no-install-recommends -o Dpkg::Use-Pty=0 {TEX}")]
    sudo = [c for c in calls if c.startswith("sudo ")]
    assert sudo == ([] if uid == 0 else ["sudo -v"] + [f"sudo env DEBIAN_FRONTEND=noninteractive {c.split(' DEB')[0]}"
                                                      for c in apt])
    out = result.stdout
    assert f"setup: TeX: missing, to install: {TEX}" in out
    assert ("setup: TeX (about 90 MB to download, 320 MB on disk): 27 Debian packages. Need to get 91.3 MB of "
            "archives. After this operation, 323 MB of additional disk space will be used.") in out
    assert re.search(r"^setup: installing TeX \(about 90 MB to download, 320 MB on disk\) \(usually 1 to 2 minutes\)"
                     r"\.\.\.$", out, re.M)
    progress = re.findall(r"^setup:   \.\.\. \d+ s, (\d) of 27 packages unpacked, \d set up$", out, re.M)
    assert progress and progress == sorted(progress), out  # a line every second here (10 s by default)
    assert calls[-1] == "venv python -m pip install --disable-pip-version-check --progress-bar off -e .[test]"


def test_without_root_or_sudo_it_says_what_is_needed(tmp_path):
    result, calls = stand_in_system(tmp_path, 1000, sudo=False)
    assert result.returncode == 1
    assert "setup: error: installing Debian packages needs root: run ./setup.sh as root, or install sudo" in \
        result.stderr
    assert not [c for c in calls if c.startswith("apt-get install -y")]


def test_a_failed_install_shows_the_end_of_its_output_and_stops(tmp_path):
    result, calls = stand_in_system(tmp_path, 0, apt_fails="poppler-utils")
    assert result.returncode == 1
    assert "E: Unable to locate package poppler-utils" in result.stderr
    assert re.search(r"setup: error: failed: installing TeX .* \(exit 100; the whole output is in .*\)", result.stderr)
    assert not any(c.startswith("venv python") for c in calls)


def test_an_interrupt_stops_the_running_step_with_everything_it_started(tmp_path):
    process = stand_in_system(tmp_path, 0, start=True)
    pid_file = tmp_path / "apt.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.2)
    apt = int(pid_file.read_text())
    process.send_signal(signal.SIGINT)
    try:
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130 and out.rstrip().endswith("setup: interrupted")
    deadline = time.monotonic() + 10
    while _alive(apt) and time.monotonic() < deadline:
        time.sleep(0.2)
    still = _alive(apt)
    if still:  # leave nothing behind
        os.killpg(os.getpgid(apt), signal.SIGKILL)
    assert not still, "apt-get is still running after setup.sh was interrupted"


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):  # gone between our look and our read: the read fails either way
        return False
