"""Reading an input file (problem, claims, trajectories) safely: a regular file only, within a size bound,
as UTF-8 TOML; every defect, nesting too deep for the parser included, is an InputError naming the file."""
import os
import stat
import sys
import tomllib

from . import limits
from ..errors import InputError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _not_regular(mode):
    """What a file that is not a regular file is, for the message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path, what, limit=limits.MAX_FILE_BYTES):
    """The bytes of the regular file `path` (a `what` such as "problem file"), at most `limit` of them.

    A FIFO, device or directory is refused before it is opened (reading one could block or never end);
    the file is opened without blocking and checked again, in case it was swapped in between."""
    readable = f"a readable {what} (a regular file)"
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind:
            raise InputError(path, None, readable, kind)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb", closefd=True) as f:
            kind = _not_regular(os.fstat(f.fileno()).st_mode)
            if kind:
                raise InputError(path, None, readable, kind)
            data = f.read(limit + 1)
    except OSError as err:
        raise InputError(path, None, f"a readable {what}", err.strerror or str(err)) from None
    if len(data) > limit:
        raise InputError(path, None, f"a {what} of at most {limit} bytes", "a larger file")
    return data


def read_toml(path, what, toml="a TOML file", limit=limits.MAX_FILE_BYTES):
    """The parsed TOML of `path` (see read_bytes); `toml` is what a syntax error says was expected.
    A UTF-8 byte-order mark (some Windows editors write one) is skipped."""
    data = read_bytes(path, what, limit)
    try:
        return tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        raise InputError(path, None, "UTF-8 text", "bytes that are not UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(path, None, toml, f"a syntax error ({err})") from None
    except ValueError as err:  # Python's bound on the digits of an integer it converts (int("7" * 5000))
        got = (f"an integer of more than {sys.get_int_max_str_digits()} digits" if "digits" in str(err)
               else f"a value TOML cannot hold ({err})")
        raise InputError(path, None, toml, got) from None
    except RecursionError:
        raise InputError(path, None, toml, "arrays or tables nested too deeply") from None


def inside(folder, path):
    """True when `path`, its links followed, is within `folder` (its links followed too): a file named by
    an input (an id, a path in a CSV file) or a link in an input folder may not lead out of it."""
    folder = os.path.realpath(folder)
    return os.path.commonpath([folder, os.path.realpath(path)]) == folder
