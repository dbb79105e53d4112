"""One language's message table put together from its package's area modules, each key defined once."""
import importlib
import pkgutil


def table(package, each=None):
    """The MESSAGES of every module of `package` (a language: one module per area) merged into one dict, with
    `each` applied to every text; a key two areas define is an error."""
    merged, where = {}, {}
    for area in sorted(info.name for info in pkgutil.iter_modules(importlib.import_module(package).__path__)):
        for key, text in importlib.import_module(f"{package}.{area}").MESSAGES.items():
            if key in merged:
                raise ValueError(f"message {key!r} is defined in both {where[key]} and {area} of {package}")
            merged[key], where[key] = each(text) if each else text, area
    return merged
