"""Writing output files atomically (a temporary file in the same folder, then a rename), the one rule for
where outputs go and what they may not replace, and stable JSON."""
import json
import math
import os
import stat
from pathlib import Path

from ..errors import InputError


def _temporary(path):
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write(tmp, data):
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def write_files(contents, staged_paths=()):
    """Write {path: text or bytes} so that each file is its old or its new version, never a part of one.

    Every file is written to a temporary first; only when all are written are they renamed into place,
    so a failure while writing (a full disk, a missing permission) leaves all the old files as they were.
    staged_paths: outputs other processes already wrote to their staged() names, moved into place together.
    """
    pending = [(staged(path), Path(path)) for path in staged_paths]
    try:
        for path, data in contents.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(path)
            pending.append((tmp, path))
            _write(tmp, data.encode("utf-8") if isinstance(data, str) else data)
        for _, path in pending:  # the one way a rename in the same folder fails: a folder in the way
            if path.is_dir():
                raise IsADirectoryError(21, "a folder has the output's name", str(path))
        for tmp, path in pending:
            os.replace(tmp, path)
    finally:
        for tmp, _ in pending:
            if tmp.exists():
                tmp.unlink()
    return [path for _, path in pending]


def output_path(outdir, name, suffix):
    """OUTDIR/NAME+SUFFIX: how every command names an output. The whole name is kept (hw.v1 gives hw.v1.json,
    never hw.json) and the file is always inside OUTDIR (a name '.' or '..' gives ..json, not the folder)."""
    name = str(name)
    if not name or "/" in name or os.sep in name or "\0" in name:
        raise ValueError(f"an output name must be a file name, not {name!r}")
    return Path(outdir) / (name + suffix)


def write_outputs(contents, inputs=(), staged_paths=()):
    """Write a command's outputs ({path: text or bytes}, or (path, data) pairs) all or nothing (write_files).

    Refused first, with nothing written: an output that is one of the command's input files, or two outputs
    in one file. A folder that cannot be made or a file that cannot be written is an InputError naming it."""
    pairs = list(contents.items() if isinstance(contents, dict) else contents)
    try:
        check_outputs([path for path, _ in pairs] + list(staged_paths), inputs)
    except InputError:
        for path in staged_paths:  # refused: the staged outputs go too
            staged(path).unlink(missing_ok=True)
        raise
    try:
        return write_files(dict(pairs), staged_paths)
    except OSError as err:
        where = Path(err.filename) if err.filename else Path(pairs[0][0])
        names = {_temporary(Path(p)): Path(p) for p, _ in pairs} | {staged(p): Path(p) for p in staged_paths}
        where = names.get(where, where)  # name the output, not its temporary
        folder = any(where == parent for p, _ in pairs for parent in Path(p).parents)
        got = ("a file" if isinstance(err, FileExistsError) else "a folder" if isinstance(err, IsADirectoryError)
               else err.strerror or str(err))
        raise InputError(where, None, "an output folder derive can create and write to" if folder else
                         "an output file derive can write", got) from None


def check_outputs(paths, inputs=()):
    """Refuse (InputError) an output path that is one of the input files, a folder, or two outputs in one
    file: a command calls this before its work, and write_outputs again before writing. Linear in the paths
    (a class's hundreds of thousands of files): each output is looked at once, each folder resolved once."""
    given = {}
    for path in inputs:
        try:
            st = os.stat(path)
        except OSError:
            continue  # an input that is not there cannot be replaced
        given[(st.st_dev, st.st_ino)] = path
    seen, folders = {}, {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise InputError(path, None, "an output file", "a folder of that name")
        if st is not None and (st.st_dev, st.st_ino) in given:
            raise InputError(path, None, "an output that is not one of the command's input files",
                             f"the input file {given[(st.st_dev, st.st_ino)]}")
        folder, name = os.path.split(os.path.abspath(path))
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        where = os.path.join(folders[folder], name)
        if where in seen:
            raise InputError(path, None, "one file for each output", f"the same file as the output {seen[where]}")
        seen[where] = path


def staged(path):
    """The name under which a worker process writes the output `path` for write_outputs(staged=...) to move
    into place with the command's other outputs (or remove, when the command fails)."""
    path = Path(path)
    return path.with_name(f".{path.name}.staged")


def stage(path, data):
    """Write the output `path` to its staged name (see staged), not yet in place."""
    tmp = staged(path)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    _write(tmp, data)
    return tmp


def write_text(path, text):
    """Write text to path so that a reader sees the old file or the new one, never a part."""
    return write_files({path: text})[0]


def dumps(data):
    """Stable JSON: keys in the order given, floats as repr, UTF-8; inf or nan is an InputError naming where."""
    try:
        return _encode(data, "\n") + "\n"
    except ValueError:
        where = _first_non_finite(data)
        if where is None:
            raise
        raise InputError("JSON output", where[0], "a finite number (JSON has no inf or nan)", where[1]) from None


def _encode(value, newline):
    """json.dumps(value, indent=1, ensure_ascii=False, allow_nan=False, default=str), byte for byte, with lists
    of plain numbers joined at once: the standard encoder with an indent is pure Python, about 10 us a number."""
    kind = type(value)
    if kind is dict:
        if not value or not all(type(k) is str for k in value):
            return _standard(value, newline)
        inner = newline + " "
        return "{" + inner + ("," + inner).join(
            json.dumps(k, ensure_ascii=False) + ": " + _encode(v, inner) for k, v in value.items()) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + " "
        if all(type(v) is float for v in value):
            text = ("," + inner).join(map(float.__repr__, value))
            if "n" in text:  # inf or nan: the standard encoder raises the ValueError
                return _standard(value, newline)
        elif all(type(v) is int for v in value):
            text = ("," + inner).join(map(int.__repr__, value))
        else:
            text = ("," + inner).join(_encode(v, inner) for v in value)
        return "[" + inner + text + newline + "]"
    return _standard(value, newline)


def _standard(value, newline):
    """The standard encoder's text for `value`, indented as if it stood where `newline` leads."""
    text = json.dumps(value, indent=1, ensure_ascii=False, allow_nan=False, default=str)
    return text.replace("\n", newline) if newline != "\n" else text


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
