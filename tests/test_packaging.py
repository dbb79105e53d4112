"""The package as installed: every subpackage listed in pyproject.toml, the templates and bundled problems in the
wheel, and a wheel installed in a fresh virtual environment that solves hw2 to PDF from another folder (slow)."""
import fnmatch
import importlib.util
import os
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, fresh_copy, requires

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def source_folder(package):
    """The folder a listed package is built from (package-dir, else its dotted path under the project)."""
    return ROOT / SETUPTOOLS.get("package-dir", {}).get(package, package.replace(".", "/"))


def test_every_subpackage_of_derive_is_listed_in_pyproject():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "derive").rglob("__init__.py")}
    found = {name for name in found if "__pycache__" not in name}
    listed = set(SETUPTOOLS["packages"])
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"derive", "derive.templates"} <= listed
    for package in listed:
        assert (source_folder(package) / "__init__.py").is_file(), package
    # a folder of Python files without __init__.py would not be installed at all
    for folder in {p.parent for p in (ROOT / "derive").rglob("*.py")}:
        assert (folder / "__init__.py").is_file(), f"{folder.relative_to(ROOT)} has no __init__.py"


def test_every_template_and_bundled_problem_matches_the_package_data():
    data = SETUPTOOLS["package-data"]
    for package, folder in (("derive.templates", ROOT / "templates"), ("derive", ROOT / "derive" / "problems"),
                            ("derive.forms.web", ROOT / "derive" / "forms" / "web" / "katex")):
        files = [p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
        assert files, folder
        for path in files:
            relative = str(path.relative_to(source_folder(package)))
            assert any(fnmatch.fnmatch(relative, pattern) for pattern in data[package]), \
                f"{relative} is not shipped: add its pattern to package-data[{package!r}] in pyproject.toml"


def _can_build_wheels():
    """True when this Python has setuptools that can build a wheel (setuptools 70.1 or newer, or the wheel package)."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    if importlib.util.find_spec("wheel") is not None:
        return True
    from importlib.metadata import version

    return tuple(int(n) for n in version("setuptools").split(".")[:2]) >= (70, 1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a fresh copy of the project (the project's own folders stay untouched)."""
    work = tmp_path_factory.mktemp("wheel")
    project = fresh_copy(work / "project")
    # with setuptools and its bdist_wheel here, no isolated build environment (and no download) is needed
    isolation = ["--no-build-isolation"] if _can_build_wheels() else []
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", str(work / "dist"),
                            str(project)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = (work / "dist").glob("derive-*.whl")
    return path


@pytest.mark.slow
def test_the_wheel_holds_the_templates_and_problems_and_no_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(p.name for p in (ROOT / "templates").iterdir() if p.suffix in (".j2", ".css", ".js"))
    assert sorted(Path(n).name for n in names if n.startswith("derive/templates/") and Path(n).suffix in
                  (".j2", ".css", ".js")) == templates
    assert "derive/problems/hw2.toml" in names and "derive/templates/__init__.py" in names
    katex = ROOT / "derive" / "forms" / "web" / "katex"
    assert sorted(n for n in names if n.startswith("derive/forms/web/katex/")) == sorted(
        "derive/forms/web/katex/" + str(p.relative_to(katex)) for p in katex.rglob("*") if p.is_file())
    assert not [n for n in names if n.startswith(("tests/", "templates/", "bench/"))]


@pytest.mark.slow
@requires("tex")
def test_the_wheel_in_a_fresh_venv_solves_hw2_to_pdf_and_html_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # derive's dependencies from this interpreter (no download), after the venv's own site-packages
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "dependencies-of-the-test.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import derive, importlib.metadata as m; "
                                               "print(derive.__file__); print(m.version('derive'))"],
                           cwd=elsewhere, capture_output=True, text=True, env=env)
    location, version = where.stdout.split()
    assert Path(location).is_relative_to(venv), location  # the wheel's derive, not the project's
    script = venv / "bin" / "derive"
    assert subprocess.run([str(script), "--version"], capture_output=True, text=True, env=env).stdout == \
        f"derive {version}\n"
    solved = subprocess.run([str(script), "solve", "--pdf"], cwd=elsewhere, capture_output=True, text=True,
                            env=env, timeout=600)
    assert solved.returncode == 0, solved.stderr
    assert sorted(p.name for p in (elsewhere / "build").iterdir()) == ["hw2.json", "hw2.pdf", "hw2.tex"]
    assert (elsewhere / "build" / "hw2.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["build"]
    # --html with the KaTeX the wheel ships: nothing on PATH but the venv (no npm, no node)
    web = subprocess.run([str(script), "solve", "--no-pdf", "--html", "-o", "web"], cwd=elsewhere,
                         capture_output=True, text=True, env=dict(env, PATH=str(venv / "bin")), timeout=600)
    assert web.returncode == 0, web.stderr
    page = (elsewhere / "web" / "hw2.html").read_text(encoding="utf-8")
    shipped = ROOT / "derive" / "forms" / "web" / "katex"
    assert (shipped / "katex.min.js").read_text(encoding="utf-8") in page and "@font-face" in page
