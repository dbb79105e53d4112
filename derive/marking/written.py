"""A TOML file's numbers as written: the text of every number (0.5370 keeps its zero), read with tomlkit."""
import tomlkit
from tomlkit.exceptions import TOMLKitError


class Written(str):
    """A TOML number (not a string in quotes) as it is written in the file: '0.5370', '6.503e-04', '1_000'."""


def as_written(text):
    """The document's tables, arrays and strings as tomllib gives them, its numbers as Written texts; None when
    tomlkit cannot read it (the caller then has only the values)."""
    try:
        return _plain(tomlkit.parse(text))
    except (TOMLKitError, RecursionError, ValueError):
        return None


def _plain(item):
    if isinstance(item, dict):
        return {str(k): _plain(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_plain(v) for v in item]
    if isinstance(item, (tomlkit.items.Integer, tomlkit.items.Float)):
        return Written(item.as_string().strip())
    if isinstance(item, tomlkit.items.String):
        return str(item)
    if isinstance(item, tomlkit.items.Item):
        return item.unwrap()
    return item
