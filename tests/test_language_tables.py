"""The message tables put together from their area modules: a key defined twice is refused, and each key lives
in the area module its first part names."""
import importlib
import pkgutil

import pytest

from derive.language import LANGUAGES
from derive.language.tables import table

AREA_OF = {"latin": "shared", "list_separator": "shared", "layer": "layers", "loss": "losses", "rule": "optimizers",
           "check": "marking", "questions": "classroom", "report": "classroom", "verify": "proofs", "proof": "proofs"}


def _language_package(folder, name, areas):
    package = folder / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for area, messages in areas.items():
        (package / f"{area}.py").write_text(f"MESSAGES = {messages!r}\n")
    return name


def test_a_key_two_areas_define_is_refused(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    twice = _language_package(tmp_path, "twice_defined", {"one": {"a.b": "x", "a.c": "y"}, "two": {"a.c": "z"}})
    with pytest.raises(ValueError, match="'a.c' is defined in both one and two of twice_defined"):
        table(twice)
    once = _language_package(tmp_path, "once_defined", {"one": {"a.b": "x", "a.c": "y"}, "two": {"a.d": "z"}})
    assert table(once, each=str.upper) == {"a.b": "X", "a.c": "Y", "a.d": "Z"}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_each_key_is_in_the_area_module_its_first_part_names(code):
    package = importlib.import_module(f"derive.language.{code}")
    for area in pkgutil.iter_modules(package.__path__):
        for key in importlib.import_module(f"{package.__name__}.{area.name}").MESSAGES:
            first = key.split(".")[0]
            assert AREA_OF.get(first, first) == area.name, (code, key, area.name)
