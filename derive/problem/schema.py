"""The JSON Schema (draft 2020-12) of a problem file, built from the key declarations (model.py and every
registered layer kind's `keys`), for editors that validate and complete TOML (Taplo, Even Better TOML)."""
import json

from ..network.declarations import (Choice, Matrix, Name, Names, Number, Table, Tables, Text, Whole, WholeOrChoice,
                                    number_text)
from ..network.layers import registry
from ..network.layers.base import KIND_KEY
from .model import PROBLEM
from .reader import COLLIDING, IDENTIFIER

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# reader.identifier's rule: a letter, then letters, digits or single underscores (16 at most), none that collides;
# (?![\s\S]) is the end of the text in ECMA's and Python's regular expressions alike (Python's $ also matches before
# a final newline)
NAME_PATTERN = f"^(?!{COLLIDING.pattern})(?!.*__)" + IDENTIFIER.pattern.replace(r"\Z", r"(?![\s\S])")
NUMBER = {"type": "number"}


def describe(decl):
    """The key's description: its phrase, its choices' notes, the kinds that take it and a default that is no
    value of the file."""
    parts = [decl.doc] if decl.doc else []
    if isinstance(decl, Choice) and decl.notes:
        parts.append("; ".join(f"{c}: {decl.notes[c]}" for c in decl.choices if c in decl.notes))
    if decl.kinds:
        parts.append("for " + ", ".join(decl.kinds))
    if isinstance(decl, Number) and decl.kind_defaults:
        parts.append("default " + ", ".join(f"{number_text(v)} for {k}" for k, v in decl.kind_defaults.items())
                     + f", else {number_text(decl.default)}")
    if decl.default_doc:
        parts.append("default " + decl.default_doc.replace("`", ""))
    elif isinstance(decl, Name):
        parts.append(f"default {decl.default} (l: the layer's number)")
    return "; ".join(parts).replace("`", "")


def value_schema(decl):
    """The schema of one key's value (without its description)."""
    if isinstance(decl, Number):
        out = dict(NUMBER)
        if decl.low is not None:
            out["exclusiveMinimum" if decl.low_open else "minimum"] = decl.low
        if decl.high is not None:
            out["exclusiveMaximum" if decl.high_open else "maximum"] = decl.high
        return out
    if isinstance(decl, Whole):
        return {"type": "integer", "minimum": decl.low, **({"maximum": decl.high} if decl.high is not None else {})}
    if isinstance(decl, Choice):
        return {"type": "string", "enum": list(decl.choices)}
    if isinstance(decl, Text):
        return {"type": "string"}
    if isinstance(decl, Name):
        name = {"type": "string", "pattern": NAME_PATTERN}
        return {"anyOf": [name, {"type": "boolean"}]} if decl.switch else name
    if isinstance(decl, Names):
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(decl, Matrix):
        item = {"enum": [0, 1]} if decl.values == "0 or 1" else NUMBER
        return {"anyOf": [item, {"type": "array", "items": {"anyOf": [item, {"type": "array", "items": item}]}}]}
    if isinstance(decl, WholeOrChoice):
        return {"anyOf": [{"type": "string", "enum": list(decl.choices)}, {"type": "integer", "minimum": decl.low}]}
    if isinstance(decl, Table):
        return table_schema(decl)
    if isinstance(decl, Tables):
        return {"type": "array", "minItems": decl.at_least, "items": layer_schema()}
    return {}


def key_schema(decl):
    out = {"description": describe(decl)} if describe(decl) else {}
    out.update(value_schema(decl))
    if decl.default is not None and not isinstance(decl, (Name, Table)):
        out["default"] = list(decl.default) if isinstance(decl.default, tuple) else decl.default
    return out


def table_schema(decl, kind=None):
    """A table: its declared keys and no other (`additionalProperties: false`); a key that only some kinds take
    is allowed only beside those kinds (if it is there, then `kind` is one of them)."""
    out = {"type": "object"}
    if decl.entries is not None:
        out["additionalProperties"] = value_schema(decl.entries)
        return out
    if decl.keys is None:  # a layer kind that declares no keys (a plug-in may): any key beside its kind
        return {"type": "object"}
    out["properties"] = {k.name: key_schema(k) for k in decl.keys}
    required = [k.name for k in decl.keys if k.required]
    if kind is not None:
        out["properties"]["kind"] = {"const": kind, "description": describe(decl.keys[0])}
        required = ["kind", *required] if kind != KIND_KEY.default else required
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    conditions = [{"if": {"required": [k.name]}, "then": {"properties": {decl.kind_key: {"enum": list(k.kinds)}}}}
                  for k in decl.keys if k.kinds]
    if decl.exactly_one:
        conditions.append({"oneOf": [{"required": [name]} for name in decl.exactly_one]})
    if decl.at_most_one:
        conditions.append({"not": {"required": list(decl.at_most_one)}})
    if conditions:
        out["allOf"] = conditions
    return out


def layer_schema():
    """A [[network.layers]] table: `kind` one of the registered kinds (left out: dense), then the keys of that
    kind, one `if kind is K then K's table` per kind (so that an editor names the key that is wrong)."""
    default = KIND_KEY.default
    out = {"type": "object", "properties": {"kind": {"description": describe(KIND_KEY), "enum": list(registry.KINDS),
                                                     "default": default}}, "allOf": []}
    for name, kind in registry.KINDS.items():
        test = {"properties": {"kind": {"const": name}}, "required": ["kind"]}
        if name == default:
            test = {"anyOf": [{"not": {"required": ["kind"]}}, test]}
        then = {"title": f"a {name} layer", **({"description": describe_kind(kind)} if kind.doc else {}),
                **table_schema(kind.table(), kind=name)}
        out["allOf"].append({"if": test, "then": then})
    return out


def describe_kind(kind):
    return kind.doc.replace("`", "")


def problem_schema():
    """The whole schema of a problem file, as a dict."""
    return {"$schema": DRAFT, "title": "derive problem file",
            "description": "A neural-network training problem for derive (README: The problem file).",
            **table_schema(PROBLEM)}


def schema_text():
    """The schema as the text `derive schema` prints and the bundled problem.schema.json holds."""
    return json.dumps(problem_schema(), indent=2, ensure_ascii=False) + "\n"
