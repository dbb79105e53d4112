"""The layer kinds by name. A kind is one module with a KIND (a base.LayerKind); adding one is that module and
one line here (or one register() call, as tests/test_layer_plugin.py does)."""
from . import batchnorm, dense, dropout, layernorm

KINDS = {}


def register(kind, messages=None):
    """Make a kind known by its name; `messages` ({language: {key: text}}) adds the words its sheet needs to
    the message tables (never replacing one)."""
    KINDS[kind.name] = kind
    if messages:
        from ...language import LANGUAGES

        for code, table in messages.items():
            for key, text in table.items():
                LANGUAGES[code].messages.setdefault(key, text)
    return kind


for _module in (dense, batchnorm, layernorm, dropout):
    register(_module.KIND)


def kind_of(layer):
    """The kind of a parsed layer."""
    return KINDS[layer.kind]


def params(layer):
    return kind_of(layer).params(layer)


def without_rows():
    """The kinds that do not take the xW layout, by name."""
    return [name for name, kind in KINDS.items() if not kind.row_layout]
