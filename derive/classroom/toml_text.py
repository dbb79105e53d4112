"""A problem file's tables as TOML text (tomllib only reads): strings, numbers, booleans, lists and tables."""
import json
import math
import re
import tomllib

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def dumps(raw, header=""):
    """TOML text that tomllib reads back as `raw`; `header` (comment lines) goes first."""
    lines = [header.rstrip("\n")] if header else []
    _table(lines, [], raw)
    text = "\n".join(lines).strip("\n") + "\n"
    if tomllib.loads(text) != raw:  # a guard on this writer, not on the input
        raise ValueError("the TOML writer did not reproduce its input")
    return text


def _is_table(value):
    return isinstance(value, dict)


def _is_table_array(value):
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(lines, path, table):
    for key, value in table.items():
        if not _is_table(value) and not _is_table_array(value):
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in table.items():
        header = ".".join(_key(k) for k in [*path, key])
        if _is_table(value):
            lines += ["", f"[{header}]"]
            _table(lines, [*path, key], value)
        elif _is_table_array(value):
            for item in value:
                lines += ["", f"[[{header}]]"]
                _table(lines, [*path, key], item)


def _key(key):
    return key if BARE_KEY.match(key) else _string(key)


def _string(text):
    # JSON's escapes are TOML's, but for DEL, which TOML wants escaped too
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return {math.inf: "inf", -math.inf: "-inf"}.get(value, "nan")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"a value a problem file does not hold: {type(value).__name__}")
