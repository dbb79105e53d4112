"""The KaTeX derive ships (derive/forms/web/katex/): the files SOURCE.json records, from the tarball web/package-lock.json
pins, with KaTeX's licence beside them; and (slow, with npm) the same bytes as the pinned tarball's."""
import importlib.util
import json
import re
import shutil

import pytest

from conftest import ROOT
from derive.forms.web import assets

FOLDER = assets.SHIPPED
RECORD = json.loads((FOLDER / assets.SOURCE).read_text("utf-8"))


def _refresh_module():
    spec = importlib.util.spec_from_file_location("refresh_katex", ROOT / "web" / "refresh_katex.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


refresh = _refresh_module()


def shipped_files():
    return {str(p.relative_to(FOLDER)) for p in FOLDER.rglob("*") if p.is_file()} - {assets.SOURCE}


def test_the_record_names_the_version_and_tarball_the_npm_lock_pins():
    assert (RECORD["package"], RECORD["version"], RECORD["integrity"]) == ("katex", *refresh.pinned())


def test_every_shipped_file_has_the_sha512_the_record_gives_and_nothing_else_ships():
    assert shipped_files() == set(RECORD["files"])
    for name, integrity in RECORD["files"].items():
        assert refresh.sri((FOLDER / name).read_bytes()) == integrity, f"{name} differs from the pinned KaTeX's"


def test_the_licence_and_every_font_the_style_sheet_uses_are_shipped():
    assert (FOLDER / "LICENSE").read_text("utf-8").startswith("The MIT License")
    used = set(re.findall(r"url\((fonts/[^)]+\.woff2)\)", (FOLDER / "katex.min.css").read_text("utf-8")))
    assert used and used <= shipped_files()


def test_a_changed_file_is_caught(tmp_path):
    data = bytearray((FOLDER / "katex.min.js").read_bytes())
    data[100] ^= 1
    assert refresh.sri(bytes(data)) != RECORD["files"]["katex.min.js"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="needs npm, which only a maintainer refreshing KaTeX uses")
def test_the_shipped_folder_is_what_the_script_copies_out_of_the_pinned_tarball(tmp_path):
    """npm fetches the tarball (its cache first); the script refuses it unless its sha512 is the lock's."""
    refresh.main(["--into", str(tmp_path / "katex")])
    fresh = tmp_path / "katex"
    assert sorted(p.relative_to(fresh) for p in fresh.rglob("*")) == sorted(p.relative_to(FOLDER)
                                                                           for p in FOLDER.rglob("*"))
    for path in fresh.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (FOLDER / path.relative_to(fresh)).read_bytes(), path


def test_the_script_refuses_a_tarball_that_is_not_the_pinned_one(tmp_path):
    fake = tmp_path / "katex.tgz"
    fake.write_bytes(b"not katex")
    with pytest.raises(SystemExit, match="is not the lock's"):
        refresh.main(["--tarball", str(fake), "--into", str(tmp_path / "out")])
    assert not (tmp_path / "out").exists()
