"""The problem file described once: the JSON Schema `derive schema` prints (and the package ships) agrees with
derive's own parser on valid files and on files broken at one key, and the README's key tables are what the
declarations write."""
import copy
import json
import re
import tomllib

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from jsonschema import Draft202012Validator

from cli_runner import derive_cli
from conftest import ROOT, examples
from derive.errors import InputError
from derive.network.declarations import (Choice, Key, Matrix, Name, Names, Number, Table, Tables, Text, Whole,
                                         WholeOrChoice)
from derive.network.layers import registry
from derive.network.layers.base import KIND_KEY
from derive.problem import file_kinds, keydoc, model, schema, spec
from derive.problem.reader import Reader
from problem_factory import random_layered_problem, random_problem, with_conventions
from strategies import problems
from test_layer_plugin import MESSAGES, Identity, IdentityKind, hw2_with_identity

PROBLEMS = ROOT / "derive" / "problems"
SHIPPED = PROBLEMS / "problem.schema.json"
FIRST_LINE = "#:schema ./problem.schema.json\n"


_VALIDATORS = {}  # by the registered kinds: a plug-in kind changes the schema


def validator():
    kinds = tuple(registry.KINDS.items())
    if kinds not in _VALIDATORS:
        _VALIDATORS[kinds] = Draft202012Validator(schema.problem_schema())
    return _VALIDATORS[kinds]


def schema_errors(raw):
    return [f"{e.json_path}: {e.message}"[:200] for e in validator().iter_errors(raw)]


def bundled(kind):
    """The bundled files of a kind ("problem" or "trajectories"), with their text."""
    found = []
    for path in sorted(PROBLEMS.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        if file_kinds.kind_of(tomllib.loads(text)) == kind:
            found.append((path, text))
    return found


def refusal(raw):
    """derive's InputError for a problem dict, or None when it takes it."""
    try:
        spec.parse(copy.deepcopy(raw))
    except InputError as err:
        return err
    return None


# --- the schema, as shipped and as printed -------------------------------------------------------------------
def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema.problem_schema())
    assert schema.problem_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_shipped_schema_is_what_derive_schema_prints(tmp_path):
    printed = derive_cli(["schema"], cwd=tmp_path)
    assert printed.returncode == 0 and printed.stderr == ""
    assert printed.stdout == SHIPPED.read_text(encoding="utf-8"), \
        "run `derive schema -o derive/problems/problem.schema.json`"
    written = derive_cli(["schema", "-o", "sub/p.schema.json"], cwd=tmp_path)
    assert written.returncode == 0 and (tmp_path / "sub" / "p.schema.json").read_text(encoding="utf-8") == printed.stdout
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["p.schema.json"]  # no temporary left


def test_the_schema_cannot_replace_a_folder(tmp_path):
    (tmp_path / "taken").mkdir()
    result = derive_cli(["schema", "-o", "taken"], cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "taken" in result.stderr


def test_every_bundled_problem_file_names_the_schema_and_is_valid():
    files = bundled("problem")
    assert len(files) >= 5
    for path, text in files:
        assert text.startswith(FIRST_LINE), path.name
        assert schema_errors(tomllib.loads(text)) == [], path.name
    for path, text in bundled("trajectories"):  # another kind of file: no problem schema
        assert "#:schema" not in text, path.name


def test_a_broken_file_is_rejected_where_it_is_broken():
    raw = tomllib.loads((PROBLEMS / "hw2.toml").read_text(encoding="utf-8"))
    raw["network"]["layers"][0]["wieght"] = "W"
    raw["optimizer"]["lr"] = -0.1
    raw["optimizer"]["beta1"] = 0.9  # momentum takes no beta1
    raw["loss"]["scale"] = 2.0  # bce takes no scale
    errors = schema_errors(raw)
    assert any("$.optimizer.lr" in e for e in errors), errors
    assert any("$.network.layers[0]" in e for e in errors), errors
    assert len([e for e in errors if e.startswith("$.optimizer")]) >= 2, errors
    assert any(e.startswith("$.loss") for e in errors), errors


def test_the_problem_files_the_tests_write_are_valid():
    """The factories' problems (plain, with every course convention, with norm and dropout layers)."""
    drawn = [random_problem(seed, optimizer=None, batch=None) for seed in range(12)]
    drawn += [with_conventions(seed, random_problem(seed, optimizer=None)) for seed in range(12)]
    drawn += [random_layered_problem(seed, masks=masks, optimizer=kind) for seed in range(8)
              for masks, kind in (("given", "adam"), ("seeded", "momentum"))]
    for raw in drawn:
        if refusal(raw) is None:
            assert schema_errors(raw) == [], raw


# --- drawn: valid files, and files broken at one key ---------------------------------------------------------
def _sites(raw):
    """(where in raw, its declaration, the kind its options depend on) of every declared table of a valid file."""
    sites = [((), model.PROBLEM, None)]
    for section in model.PROBLEM.keys:
        if isinstance(section, Table) and section.entries is None:
            table = raw.get(section.name, {})
            sites.append(((section.name,), section, table.get(section.kind_key) if section.kind_key else None))
    for l, layer in enumerate(raw["network"]["layers"]):
        kind = registry.KINDS[layer.get("kind", "dense")]
        sites.append((("network", "layers", l), kind.table(), None))
    return sites


def _at(raw, where, create=False):
    node = raw
    for step in where:
        if create and isinstance(step, str) and step not in node:
            node[step] = {}
        node = node[step]
    return node


def _key(where, name):
    parts = []
    for step in where:
        if isinstance(step, int):
            parts[-1] += f"[{step + 1}]"
        else:
            parts.append(step)
    return ".".join(parts + [name])


def _wrong_type(decl):
    if isinstance(decl, (Number, Whole, Matrix)):
        return "7"
    if isinstance(decl, (Choice, Text, Name, Names, Table, Tables)):
        return 7
    if isinstance(decl, WholeOrChoice):
        return [1]
    return None


def _out_of_bounds(decl):
    """Values just beyond the declared bounds."""
    values = []
    if isinstance(decl, Number):
        if decl.low is not None:
            values.append(decl.low if decl.low_open else decl.low - 0.5)
        if decl.high is not None:
            values.append(decl.high if decl.high_open else decl.high * 2)
    if isinstance(decl, Whole):
        values.append(decl.low - 1)
        if decl.high is not None:
            values.append(decl.high + 1)
    if isinstance(decl, WholeOrChoice):
        values.append(decl.low - 1)
    return values


def mutations(raw):
    """Every one-key mutation of a valid file the declarations describe: (key, where, name, value); broken()
    makes the file."""
    out = []

    def changed(where, name, value):
        out.append((_key(where, name), where, name, value))

    for where, decl, kind in _sites(raw):
        table = _at(raw, where) if not where or where[0] in raw else {}
        changed(where, "zzz", 1)  # a key the table does not have
        for key in decl.keys:
            if key.kinds and kind not in key.kinds and kind is not None:  # an option for a kind that has no use for it
                changed(where, key.name, key.default)
                continue
            if key.kinds and kind is None:
                continue
            if key.name in getattr(decl, "exactly_one", ()) and key.name not in table:
                continue  # giving both of mask and seed names the layer, not the key
            if key.name == "kind" and where[:2] == ("network", "layers"):
                changed(where, "kind", "zzz")
                continue
            if type(key) is Key or (isinstance(key, Matrix) and key.name not in table):
                continue
            wrong = _wrong_type(key)
            if wrong is not None:
                changed(where, key.name, wrong)
            for value in _out_of_bounds(key):
                changed(where, key.name, value)
            if isinstance(key, (Choice, WholeOrChoice)):
                changed(where, key.name, "zzz")
    return out


def broken(raw, mutation):
    """A copy of raw with one key changed (its table made when the file has none)."""
    _, where, name, value = mutation
    new = copy.deepcopy(raw)
    _at(new, where, create=True)[name] = value
    return new


def valid_problems():
    """Drawn problem files derive takes (the draws of tests/strategies.py, over every option)."""
    return problems().filter(lambda raw: refusal(raw) is None)


DRAWS = settings(deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                        HealthCheck.data_too_large])


def check_valid(raw):
    assert schema_errors(raw) == [], raw


def check_mutation(raw, mutation):
    key, changed = mutation[0], broken(raw, mutation)
    err = refusal(changed)
    assert err is not None, (key, changed)
    assert str(err).startswith(f"<problem>: {key}:"), (key, str(err))
    assert schema_errors(changed) != [], (key, changed)


@given(valid_problems(), st.integers(0, 10_000))
@settings(DRAWS, max_examples=examples(75))
def test_drawn_files_and_their_one_key_mutations(raw, index):
    check_valid(raw)
    options = mutations(raw)
    check_mutation(raw, options[index % len(options)])


@pytest.mark.slow
def test_many_drawn_files_and_every_one_key_mutation():
    @given(valid_problems())
    @settings(DRAWS, max_examples=50)
    def check(raw):
        check_valid(raw)
        for mutation in mutations(raw):
            check_mutation(raw, mutation)

    check()


def test_every_kind_of_mutation_is_drawn():
    """The mutations of hw2 break every declared section in each of the ways (the draws above rely on it)."""
    raw = tomllib.loads((PROBLEMS / "hw2.toml").read_text(encoding="utf-8"))
    keys = [mutation[0] for mutation in mutations(raw)]
    for expected in ("zzz", "network.zzz", "network.layers[1].zzz", "loss.scale", "optimizer.beta1",
                     "optimizer.eps_placement", "optimizer.lr", "check.min_digits", "sheet.detail",
                     "network.layers[2].kind", "display.digits"):
        assert expected in keys, expected
    for mutation in mutations(raw):
        check_mutation(raw, mutation)


@given(st.text(alphabet="abrsty_019AZ\n_", max_size=20) | st.sampled_from(("zbar", "ytrue_1", "s12", "W__1", "s1x")))
@settings(DRAWS, max_examples=examples(200))
def test_a_name_is_valid_in_the_schema_exactly_when_derive_takes_it(name):
    layer = {"units": 2, "activation": "tanh", "weight": name}
    takes = True
    try:
        Reader("p.toml").identifier(layer, "weight", "weight", "W1")
    except InputError:
        takes = False
    assert (re.search(schema.NAME_PATTERN, name) is not None) == takes, name


# --- the README and plug-in kinds ---------------------------------------------------------------------------
def test_the_readme_key_tables_are_what_the_declarations_write():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in keydoc.BLOCKS:
        assert all(marker in text for marker in keydoc.markers(name)), name
    assert keydoc.rewrite(text) == text, f"run `{keydoc.REGENERATE}`"
    markdown = derive_cli(["schema", "--markdown"]).stdout
    assert "| `optimizer.eps_placement` |" in markdown and "| `dropout` |" in markdown


def test_a_plugin_layer_kind_is_in_the_schema(request):
    def layers():
        return schema.problem_schema()["properties"]["network"]["properties"]["layers"]["items"]

    assert "identity" not in layers()["properties"]["kind"]["enum"]
    raw, _ = hw2_with_identity()
    assert any("identity" in e for e in schema_errors(raw))  # an unknown kind
    registry.register(IdentityKind(), MESSAGES)
    request.addfinalizer(lambda: registry.KINDS.pop("identity"))
    assert "identity" in layers()["properties"]["kind"]["enum"]
    assert {"if": {"properties": {"kind": {"const": "identity"}}, "required": ["kind"]},
            "then": {"title": "a identity layer", "type": "object"}} in layers()["allOf"]
    assert schema_errors(raw) == [] and refusal(raw) is None


class Declared(IdentityKind):
    """A plug-in kind that declares its keys: the schema and the validator take them from it."""

    name = "declared"
    keys = (KIND_KEY, Name("post", "the name of a", default="a{l}"))

    def parse(self, r, table, key, l, fan_in):
        r.only(self.table(), table, key)
        return Identity(units=fan_in, post=r.read(self.key("post"), table, key, l=l))


def test_a_plugin_kind_that_declares_its_keys_is_checked_by_them(request):
    registry.register(Declared())
    request.addfinalizer(lambda: registry.KINDS.pop("declared"))
    raw = tomllib.loads((PROBLEMS / "hw2.toml").read_text(encoding="utf-8"))
    raw["network"]["layers"].insert(1, {"kind": "declared", "post": "g", "p": 0.5})
    assert str(refusal(raw)).startswith("<problem>: network.layers[2].p: expected only the keys of a declared layer: "
                                        "kind, post")
    assert any("network.layers[1]" in e for e in schema_errors(raw))
    del raw["network"]["layers"][1]["p"]
    assert schema_errors(raw) == []


@pytest.mark.slow
@pytest.mark.sample
def test_the_schema_line_changes_no_output_byte(tmp_path):
    text = (PROBLEMS / "adam232.toml").read_text(encoding="utf-8")
    assert text.startswith(FIRST_LINE)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "p.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "p.toml").write_text(text[len(FIRST_LINE):], encoding="utf-8")
    for folder in ("a", "b"):
        result = derive_cli(["solve", "p.toml", "-o", "out", "--no-pdf", "--markdown"], cwd=tmp_path / folder)
        assert result.returncode == 0, result.stderr
    for name in ("p.json", "p.tex", "p.md"):
        assert (tmp_path / "a" / "out" / name).read_bytes() == (tmp_path / "b" / "out" / name).read_bytes(), name
    assert json.loads((tmp_path / "a" / "out" / "p.json").read_text(encoding="utf-8"))["quantities"]
