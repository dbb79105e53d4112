"""What a new user meets first: help for every command and argument, --version, the same default problem for
every command that reads one, distinct names for proof subsets, a hint when a file of another kind is given,
and every output file name in the README. The CLI runs in this process (tests/cli_runner.py)."""
import argparse
import re
import shutil
import tomllib
from pathlib import Path

import pytest

import derive
from cli_runner import derive_cli
from conftest import HW2, ROOT
from derive.cli import build_parser

PROBLEMS = ROOT / "derive" / "problems"
QUADRATIC = PROBLEMS / "quadratic.toml"
CLAIMS = ROOT / "tests" / "data" / "hw2_claims.toml"
FILES = {"hw2.toml": HW2, "quadratic.toml": QUADRATIC, "hw2_claims.toml": CLAIMS}

# job -> the commands run one after another in a folder of its own holding copies of FILES
JOBS = {
    "keys": [["keys"]],
    "claims": [["claims"]],
    "gradcheck": [["gradcheck"]],
    "trajectories": [["trajectories", "--no-pdf"]],
    "solve": [["solve", "--no-pdf"]],
    "proofs": [["proofs", "--no-pdf"], ["proofs", "ema", "--no-pdf"], ["proofs", "ema", "adam-bias", "--no-pdf"]],
    "check": [["check", "hw2.toml", "hw2_claims.toml", "--tex", "--json", "build/marks.json"]],
    "solve-a-trajectories-file": [["solve", "quadratic.toml", "--no-pdf"]],
    "solve-a-claims-file": [["solve", "hw2_claims.toml", "--no-pdf"]],
    "trajectories-a-problem-file": [["trajectories", "hw2.toml", "--no-pdf"]],
    "check-a-trajectories-file": [["check", "hw2.toml", "quadratic.toml"]],
    "check-swapped": [["check", "hw2_claims.toml", "hw2.toml"]],
    "version": [["--version"]],
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every job of the module, once: job -> (folder, [CompletedProcess, ...])."""

    def job(name):
        folder = tmp_path_factory.mktemp(name)
        for target, source in FILES.items():
            shutil.copy(source, folder / target)
        return folder, [derive_cli(argv, folder) for argv in JOBS[name]]

    return {name: job(name) for name in JOBS}


def wrote(results):
    """The files the runs say they wrote (`wrote PATH` on stdout or stderr)."""
    return [line.split(" ", 1)[1] for r in results for line in (r.stdout + r.stderr).splitlines()
            if line.startswith("wrote ")]


# --- help and version ----------------------------------------------------------------------------------------
def _subparsers(parser):
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_command_has_a_description_and_every_argument_a_help_text():
    commands = _subparsers(build_parser())
    assert {"solve", "keys", "gradcheck", "claims", "check", "trajectories", "proofs"} <= set(commands)
    for name, sub in commands.items():
        assert sub.description and len(sub.description) > 40, f"`derive {name} --help` has no description"
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                label = "/".join(action.option_strings) or action.dest
                assert action.help, f"`derive {name}`: {label} has no help text"


def test_version_is_the_packages_one(runs):
    (result,) = runs["version"][1]
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"derive {derive.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", derive.__version__)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # one place: the metadata's version is read from derive.__version__ when the package is built
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "derive.__version__"}


# --- one default problem ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["keys", "claims", "gradcheck"])
def test_commands_that_read_a_problem_default_to_the_bundled_hw2(runs, command, capsys):
    from derive.cli import main

    folder, (result,) = runs[command]
    assert result.returncode == 0, result.stderr
    assert main([command, str(HW2)]) == 0
    assert result.stdout == capsys.readouterr().out
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)  # nothing written


def test_solve_and_trajectories_default_to_their_bundled_files(runs):
    for job, name in (("solve", "hw2"), ("trajectories", "quadratic")):
        folder, (result,) = runs[job]
        assert result.returncode == 0, result.stderr
        assert wrote([result]) == [f"build/{name}.json", f"build/{name}.tex"]
        assert (folder / "build" / f"{name}.json").is_file()


# --- proof subsets ---------------------------------------------------------------------------------------------
def test_a_subset_of_the_proofs_does_not_overwrite_the_whole_set(runs):
    folder, results = runs["proofs"]
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert wrote(results) == ["build/proofs.tex", "build/proofs-ema.tex", "build/proofs-ema+adam-bias.tex"]
    sections = {p.name: p.read_text(encoding="utf-8").count(r"\section{") for p in (folder / "build").iterdir()}
    assert sections == {"proofs.tex": 5, "proofs-ema.tex": 1, "proofs-ema+adam-bias.tex": 2}


# --- a file of another kind ------------------------------------------------------------------------------------
@pytest.mark.parametrize("job, needle", [
    ("solve-a-trajectories-file", "quadratic.toml: expected a problem file ([network], [loss], [data], [init], "
                                  "[optimizer]), got a trajectories file; `derive trajectories quadratic.toml`"),
    ("solve-a-claims-file", "hw2_claims.toml: expected a problem file ([network], [loss], [data], [init], "
                            "[optimizer]), got a claims file; `derive check PROBLEM hw2_claims.toml`"),
    ("trajectories-a-problem-file", "hw2.toml: expected a trajectories file ([surface], [[optimizers]]), "
                                    "got a problem file; `derive solve hw2.toml`"),
    ("check-a-trajectories-file", "quadratic.toml: expected a claims file"),
    ("check-swapped", "hw2_claims.toml: expected a problem file"),
])
def test_a_file_of_another_kind_names_the_command_that_reads_it(runs, job, needle):
    folder, (result,) = runs[job]
    assert result.returncode == 2
    assert result.stderr.startswith("derive: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)


# --- the README names every output file ------------------------------------------------------------------------
def readme_outputs():
    """The file names in README.md's "Output files" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Output files\n", 1)[1].split("\n## ", 1)[0]
    return section


def test_the_readme_names_every_file_each_command_writes(runs):
    section = readme_outputs()
    written = [w for job in ("solve", "trajectories", "proofs", "check") for w in wrote(runs[job][1])]
    assert len(written) == 9, written
    for path in written:
        name = Path(path).name
        for shown in {name, name.replace(".tex", ".pdf")}:  # the PDF of each .tex too (not compiled here)
            assert shown in section, f"README.md's Output files section does not name {shown}"
    for pattern in ("NAME.json", "NAME.tex", "NAME.pdf", "proofs-NAME+NAME", "CLAIMS-marked.tex", "CLAIMS-marked.pdf"):
        assert pattern in section, pattern


def test_bundled_problem_files_mention_only_files_that_exist():
    for problem in PROBLEMS.glob("*.toml"):
        comments = [line for line in problem.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
        for path in re.findall(r"[\w./-]+/[\w.-]+\.(?:toml|md|py|json|pdf|tex)", "\n".join(comments)):
            assert (ROOT / path).exists() or (PROBLEMS / path).exists(), f"{problem.name} mentions {path}"
