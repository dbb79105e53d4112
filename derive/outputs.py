"""Writing output files atomically (a temporary file in the same folder, then a rename), and stable JSON."""
import json
import math
import os
from pathlib import Path

from .errors import InputError


def _temporary(path):
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write(tmp, data):
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def write_files(contents):
    """Write {path: text or bytes} so that each file is its old or its new version, never a part of one.

    Every file is written to a temporary first; only when all are written are they renamed into place,
    so a failure while writing (a full disk, a missing permission) leaves all the old files as they were.
    """
    staged = []
    try:
        for path, data in contents.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(path)
            staged.append((tmp, path))
            _write(tmp, data.encode("utf-8") if isinstance(data, str) else data)
        for _, path in staged:  # the one way a rename in the same folder fails: a folder in the way
            if path.is_dir():
                raise IsADirectoryError(21, "a folder has the output's name", str(path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return [path for _, path in staged]


def write_text(path, text):
    """Write text to path so that a reader sees the old file or the new one, never a part."""
    return write_files({path: text})[0]


def dumps(data):
    """Stable JSON: keys in the order given, floats as repr, UTF-8; inf or nan is an InputError naming where."""
    try:
        return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False, default=str) + "\n"
    except ValueError:
        where = _first_non_finite(data)
        if where is None:
            raise
        raise InputError("JSON output", where[0], "a finite number (JSON has no inf or nan; the problem's numbers "
                         "overflow floating point)", where[1]) from None


def _first_non_finite(value, where=""):
    """(path, value) of the first inf or nan in nested dicts and lists, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return where or "value", repr(value)
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    for key, item in items:
        found = _first_non_finite(item, f"{where}[{key + 1}]" if isinstance(key, int) else
                                  f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None
