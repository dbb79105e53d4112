"""The message tables put together from their area modules: a key defined twice is refused, and each key lives
in the area module its first part names."""
import importlib
import pkgutil
import sys

import pytest

from derive.language import LANGUAGES
from derive.language.tables import table

AREA_OF = {"latin": "shared", "list_separator": "shared", "layer": "layers", "loss": "losses", "rule": "optimizers",
           "check": "marking", "questions": "classroom", "report": "classroom", "verify": "proofs", "proof": "proofs"}


def test_a_key_two_areas_define_is_refused(tmp_path, monkeypatch):
    package = tmp_path / "twice_defined"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text('MESSAGES = {"a.b": "x", "a.c": "y"}\n')
    (package / "two.py").write_text('MESSAGES = {"a.c": "z"}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="'a.c' is defined in both one and two"):
        table("twice_defined")
    (package / "two.py").write_text('MESSAGES = {"a.d": "z"}\n')
    importlib.invalidate_caches()
    monkeypatch.delitem(sys.modules, "twice_defined.two")
    assert table("twice_defined", each=str.upper) == {"a.b": "X", "a.c": "Y", "a.d": "Z"}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_each_key_is_in_the_area_module_its_first_part_names(code):
    package = importlib.import_module(f"derive.language.{code}")
    for area in pkgutil.iter_modules(package.__path__):
        for key in importlib.import_module(f"{package.__name__}.{area.name}").MESSAGES:
            first = key.split(".")[0]
            assert AREA_OF.get(first, first) == area.name, (code, key, area.name)
