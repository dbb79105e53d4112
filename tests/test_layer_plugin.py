"""A layer kind from outside derive: a tiny identity layer, one class pair and one register() line, solved end
to end (JSON and the sheet's LaTeX) with no change to derive; the README's "How it works" counts its lines."""
import json
import tomllib
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest
import sympy as sp

from conftest import ROOT
from derive.problem import spec
from derive.network.formulas import ELEMENTWISE, Template
from derive.network.layers import registry
from derive.network.layers.base import LayerKind, LayerSteps, info, named
from derive.display.lines import Line
from derive.engine.numeric import gradcheck
from derive.engine.pipeline import finite
from derive.forms.answer import solve_to
from derive.network.symbols import latex_name
from derive.engine.trace import build
from problem_factory import write_problem


# --- the plug-in: everything an identity layer is (PLUGIN START) ---------------------------------------------
@dataclass(frozen=True)
class Identity:
    """a = h: the layer passes its input on."""

    units: int
    post: str
    activation: ClassVar[str] = "linear"
    kind: ClassVar[str] = "identity"
    NAMES: ClassVar[tuple] = ("post",)
    params: ClassVar[tuple] = ()


class IdentityKind(LayerKind):
    name = "identity"
    row_layout = True

    def parse(self, r, table, key, l, fan_in):
        return Identity(units=fan_in, post=r.identifier(table, "post", key + ".post", f"a{l}"))

    def formulas(self, model, l, layer, fan_in, input_name):
        return IdentitySteps(self, l, layer, fan_in, input_name)


class IdentitySteps(LayerSteps):
    def __init__(self, kind, l, layer, fan_in, input_name):
        super().__init__(kind, l, layer, fan_in, input_name)
        self.post = Template(ELEMENTWISE, sp.Symbol(input_name), (sp.Symbol(input_name),))
        self.input_bar = Template(ELEMENTWISE, sp.Symbol(layer.post + "bar"), (sp.Symbol(layer.post + "bar"),))

    def forward(self, tr, ps, inputs):
        for i in ps.samples:
            tr.compute(f"it{ps.t}.s{i}.{self.layer.post}", self.post, [inputs[i]], (self.layer.units,),
                       named(self.layer.post, i), **info(ps.t, i, self.layer.post, "post"))
        return {i: f"it{ps.t}.s{i}.{self.layer.post}" for i in ps.samples}

    def backward(self, tr, ps):
        for i in ps.samples if self.index > 0 else ():
            tr.compute(f"it{ps.t}.s{i}.grad.{self.input_name}", self.input_bar, [f"it{ps.t}.s{i}.grad.{self.layer.post}"],
                       (self.fan_in,), named(self.input_name, i, bar=True), **info(ps.t, i, self.input_name, "bar"))

    def forward_batch(self, a, params, masks, rows):
        return a, a

    def equation_lines(self, d):
        return [Line(latex_name(self.layer.post), [self.post.latex([latex_name(self.input_name)])])]

    def layer_row(self, sb, l, mark):
        return [sb.msg.number(l), sb.msg.number(self.layer.units), self.title(sb.msg), "", "",
                "$%s = %s$" % (latex_name(self.layer.post), latex_name(self.input_name))]

    def forward_keys(self, t, i):
        return [f"it{t}.s{i}.{self.layer.post}"]

    def backward_keys(self, t, i, trace):
        return [f"it{t}.s{i}.grad.{self.input_name}"] if self.index > 0 else []


MESSAGES = {"en": {"layer.identity.title": "identity"}, "fa": {"layer.identity.title": "همانی"}}
# (PLUGIN END) ---------------------------------------------------------------------------------------------


@pytest.fixture
def identity():
    registry.register(IdentityKind(), MESSAGES)  # the one registration line
    yield
    registry.KINDS.pop("identity")


def hw2_with_identity():
    raw = tomllib.loads((ROOT / "derive" / "problems" / "hw2.toml").read_text(encoding="utf-8"))
    plain = tomllib.loads((ROOT / "derive" / "problems" / "hw2.toml").read_text(encoding="utf-8"))
    raw["network"]["layers"].insert(1, {"kind": "identity", "post": "g"})
    return raw, plain


def test_an_identity_layer_plugs_in_and_changes_no_number(identity, tmp_path):
    raw, plain = hw2_with_identity()
    with_layer, without = finite(build(spec.parse(raw))), finite(build(spec.parse(plain)))
    assert "it1.s1.g" in with_layer and "it1.s1.grad.h" in with_layer
    np.testing.assert_array_equal(with_layer.value("it1.s1.g"), with_layer.value("it1.s1.h"))
    for key in without.quantities:
        if not key.startswith(("data.", "it0.")) and ".grad.h" not in key:
            np.testing.assert_allclose(with_layer.value(key), without.value(key), rtol=1e-12, atol=1e-15, err_msg=key)
    assert all(row.abs_error < 1e-6 for row in gradcheck(with_layer))


@pytest.mark.parametrize("language", ["en", "fa"])
def test_an_identity_layer_is_solved_end_to_end(identity, tmp_path, language):
    """JSON and the sheet's LaTeX through derive's own writer, in both languages."""
    raw, _ = hw2_with_identity()
    path = write_problem(tmp_path, raw, "hw2id")
    solve_to(path, tmp_path / "out", pdf=False, language=language)
    quantities = json.loads((tmp_path / "out" / "hw2id.json").read_text(encoding="utf-8"))["quantities"]
    assert "it2.s1.g" in quantities and "it1.s2.grad.h" in quantities
    tex = (tmp_path / "out" / "hw2id.tex").read_text(encoding="utf-8")
    assert ("identity" if language == "en" else "همانی") in tex
    assert "g^{(1)}" in tex and "g = h" in tex


def test_the_plugin_is_small():
    """The whole kind is the lines between the markers above, plus one registration line."""
    text = open(__file__, encoding="utf-8").read()
    lines = text[text.index("(PLUGIN START)"):text.index("(PLUGIN END)")].splitlines()
    assert len(lines) < 80
