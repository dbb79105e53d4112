"""Reading and validating a problem file (TOML) into a frozen Problem; every defect is an InputError. Each key is
read as model.py (and each layer kind's `keys`) declares it; what spans keys is checks.py."""
from pathlib import Path

from . import checks, file_kinds, files, limits
from ..network.layers import registry
from ..network.layers.dense import Layer  # noqa: F401  (spec.Layer: a dense layer)
from .model import (CHECK, CHECK_BOUNDS, DATA, DETAILS, DISPLAY, LOSS, NETWORK, OPTIMIZER, PROBLEM,  # noqa: F401
                    SECTIONS, SHEET, VARY, optimizer_settings)
from .reader import Reader
from .validated import LossOptions, Optimizer, Problem, batch_sizes  # noqa: F401  (spec.Problem, ...)


def load(path, language=None, detail=None):
    """Read and validate a problem file; raise InputError naming the file and key on any defect.
    language (e.g. --language fa) overrides the file's [sheet] language, detail its [sheet] detail."""
    path = Path(path)
    raw = files.read_toml(path, "problem file")
    file_kinds.expect(raw, path, "problem", "a problem file ([network], [loss], [data], [init], [optimizer])")
    return parse(raw, path, language, detail)


def _layers(r, network, inputs):
    """The [[network.layers]] tables, each read by its kind."""
    layer_tables = r.read(NETWORK.key("layers"), network, "network")
    layers, names = [], {}
    for l, table in enumerate(layer_tables, start=1):
        key = f"network.layers[{l}]"
        if not isinstance(table, dict):
            r.fail(key, "a table", r.describe(table))
        kind = r.text(table, "kind", key + ".kind", required=False, default="dense", choices=tuple(registry.KINDS))
        layers.append(registry.KINDS[kind].parse(r, table, key, l, layers[-1].units if layers else inputs))
        checks.name_apart(r, layers[-1], key, names)
    return layers


def _loss(r, raw):
    """[loss]: its kind and the options that kind takes."""
    table = r.read(LOSS, raw, "")
    kind = r.read(LOSS.key("kind"), table, "loss")
    r.only(LOSS, table, "loss")
    options = {}
    for decl in LOSS.keys[1:]:
        r.foreign(decl, table, "loss", kind)
        options[decl.name] = r.read(decl, table, "loss")
    return kind, LossOptions(**options)


def _optimizer(r, raw, params, n):
    """[optimizer]: the rule, its settings and options, the batches and what is frozen."""
    table = r.read(OPTIMIZER, raw, "")
    kind, lr, iterations = (r.read(OPTIMIZER.key(name), table, "optimizer") for name in ("kind", "lr", "iterations"))
    settings, options = optimizer_settings(r, table, "optimizer", kind)
    r.only(OPTIMIZER, table, "optimizer", kind)
    batch = r.read(OPTIMIZER.key("batch"), table, "optimizer")
    freeze = checks.frozen(r, r.read(OPTIMIZER.key("freeze"), table, "optimizer"), params)
    return Optimizer(kind=kind, lr=lr, iterations=iterations, settings=tuple(settings), batch=batch, freeze=freeze,
                     **options)


def _sheet(r, raw, detail):
    """[sheet]: the detail (--detail overrides it) and the proofs to append."""
    sheet = r.read(SHEET, raw, "")
    r.only(SHEET, sheet, "sheet")
    written = r.read(SHEET.key("detail"), sheet, "sheet")
    if detail is not None and detail not in DETAILS:
        r.fail("--detail", "one of " + ", ".join(DETAILS), repr(detail))
    return detail or written, r.read(SHEET.key("proofs"), sheet, "sheet")


def _check_policy(r, raw):
    """[check]: the precision a student must write, min_digits (significant) or min_decimals; not both."""
    table = r.read(CHECK, raw, "")
    r.only(CHECK, table, "check")
    if len(table) > 1:
        r.fail("check", "one of min_digits and min_decimals", "both")
    return {decl.name: r.read(decl, table, "check") for decl in CHECK.keys if decl.name in table}


def parse(raw, path=Path("<problem>"), language=None, detail=None):
    """Validate an already-parsed TOML dict."""
    path = Path(path)
    r = Reader(path)
    language = checks.language(r, raw, language)
    title = checks.title_of(r, raw, path, language)
    network = r.read(NETWORK, raw, "")
    inputs = r.read(NETWORK.key("inputs"), network, "network")
    r.only(NETWORK, network, "network")
    layout = r.read(NETWORK.key("layout"), network, "network")
    layers = _layers(r, network, inputs)
    checks.layers_fit(r, layers, layout)
    limits.check_network(path, inputs, layers)
    checks.printed_apart(r, inputs, layers, layout)

    loss, loss_options = _loss(r, raw)
    checks.loss_fits(r, layers, loss)

    data = r.read(DATA, raw, "")
    r.only(DATA, data, "data")
    if "x" not in data:
        r.fail("data.x", DATA.key("x").missing, "nothing")
    x, y = checks.samples(r, data, inputs, layers[-1], loss)
    init = checks.initial_values(r, r.read(PROBLEM.key("init"), raw, ""), inputs, layers, layout)

    optimizer = _optimizer(r, raw, [n for layer in layers for n in registry.params(layer)], len(x))
    sizes = batch_sizes(optimizer, len(x))
    for l, layer in enumerate(layers, start=1):
        registry.kind_of(layer).check_problem(r, layer, f"network.layers[{l}]", len(x), sizes)

    display = r.read(DISPLAY, raw, "")
    digits = r.read(DISPLAY.key("digits"), display, "display")
    r.only(DISPLAY, display, "display")
    detail, proofs = _sheet(r, raw, detail)
    r.finite_numbers(r.read(VARY, raw, ""), "vary")  # its rules are read by variants; its numbers reach every JSON
    check = _check_policy(r, raw)
    r.only(PROBLEM, raw, "")
    problem = Problem(path=path, name=path.stem, title=title, inputs=inputs, layers=tuple(layers), loss=loss,
                      x=x, y=y, init=init, optimizer=optimizer, digits=digits, proofs=tuple(proofs), raw=raw,
                      language=language, layout=layout, loss_options=loss_options, check=check, detail=detail)
    limits.check(problem)
    return problem
