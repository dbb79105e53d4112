"""Telling the kinds of input file apart (problem, trajectories, claims), so that a file given to the wrong
command is refused with the command that reads it, not with a missing key."""
import re

from ..errors import InputError

_CLAIM_KEY = re.compile(r"(it\d+|final)(\.|\[|$)")


def _is_problem(raw):
    return "network" in raw


def _is_trajectories(raw):
    return "surface" in raw or "optimizers" in raw


def _is_claims(raw):
    return any(_CLAIM_KEY.match(str(key)) for key in raw)


# kind -> (does a parsed file look like one, what it is called, the command that reads it); the first that
# matches names a file's kind
KINDS = {
    "problem": (_is_problem, "a problem file", "derive solve {file}"),
    "trajectories": (_is_trajectories, "a trajectories file", "derive trajectories {file}"),
    "claims": (_is_claims, "a claims file", "derive check PROBLEM {file}"),
}


def kind_of(raw):
    """The kind of a parsed TOML file ("problem", "trajectories", "claims"), or None when it looks like none."""
    if not isinstance(raw, dict):
        return None
    return next((kind for kind, (looks, _, _) in KINDS.items() if looks(raw)), None)


def expect(raw, path, kind, expected, commands=None):
    """Nothing when `raw` may be a file of `kind`; an InputError naming the kind it is and its command when it
    is plainly another kind of file (it lacks what `kind` needs and has what the other has). `commands`
    replaces the command named for a kind ({kind: "derive ... {file}"})."""
    looks, _, _ = KINDS[kind]
    if not isinstance(raw, dict) or looks(raw):
        return
    other = kind_of(raw)
    if other is None:
        return
    _, name, command = KINDS[other]
    command = (commands or {}).get(other, command)
    raise InputError(path, None, expected, f"{name}; `{command.format(file=path)}` reads it")
