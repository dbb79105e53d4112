"""The sizes derive accepts, checked before any work: each bound, what it protects, and the way around it.

Measured on a 2-core machine (bench/worst_cases.py), every input within these bounds finishes in under 60 s
of CPU time and 2 GB, the PDF included: a 5000-parameter sheet in about 10 s, 20 layers in about 3 s; the
trace holds about a million numbers per second (about 30 bytes each in the JSON: 5 million numbers took
62 s of CPU and 1.15 GB on a loaded machine, hence 4 million), pdflatex sets a few per-sample passes of the
detailed sheet per second
(fewer for a deep network, hence the bound on passes x layers), and `check` recomputes about 5 000 of the
trace's numbers per second from a student's numbers (each with its rounding interval).
"""
from ..display.latex_text import MAX_TEXT  # noqa: F401  (characters of a title)
from ..errors import InputError

MAX_FILE_BYTES = 64 * 2**20  # a problem file (the largest accepted network with its data is far smaller)
MAX_LAYERS = 20
MAX_SOFTMAX_UNITS = 20  # SymPy's softmax Jacobian has units^2 entries
MAX_PARAMS = 100_000  # parameter elements of the network
MAX_STEPS = 50_000  # per-sample passes: iterations x samples per iteration (each keeps ~15 quantities)
MAX_VALUES = 4_000_000  # numbers in the trace, so in the JSON (~120 MB)
MAX_SHEET_PARAMS = 5_000  # the LaTeX sheet derives the chain rule element by element
MAX_SHEET_ITERATIONS = 100  # one section each
MAX_SHEET_PASSES = 200  # per-sample passes the detailed sheet writes out (about a page, 0.25 s of pdflatex each)
MAX_SHEET_LAYER_PASSES = 800  # passes x layers: each layer adds its lines to every pass (20 layers: 40 passes)
MAX_CHECK_VALUES = 100_000  # numbers in the trace `check` recomputes from a student's numbers, with intervals
MAX_DRAW_VALUES = MAX_VALUES  # draws x numbers in the trace: the draws of a variant, all degenerate, are all solved
DETAIL_PARAMS = 40  # above this many parameters (or samples), the sheet shows formulas once and tables
DETAIL_SAMPLES = 12
TEX_TIME_LIMIT = 120  # seconds for one LaTeX compile (latexmk and every pdflatex run it starts)


def n_params(inputs, layers):
    """Parameter elements of a network: each layer's weight (units x fan-in) and bias."""
    from ..network.layers.registry import kind_of

    total, fan_in = 0, inputs
    for layer in layers:
        total += kind_of(layer).n_params(layer, fan_in)
        fan_in = layer.units
    return total


def steps(problem):
    """Per-sample forward and backward passes the trace makes: iterations x samples per iteration."""
    return problem.optimizer.iterations * problem.optimizer.batch_size(len(problem.x))


def values(problem):
    """About how many numbers the trace holds: each pass's layer values and gradients, each update's states."""
    units = sum(layer.units for layer in problem.layers)
    per_pass = problem.n_params + 4 * units + problem.inputs + 2
    per_update = 7 * problem.n_params  # mean gradient, up to five optimizer states, the new value
    return steps(problem) * per_pass + problem.optimizer.iterations * per_update


def check_network(path, inputs, layers):
    """InputError when a network is too large to solve, before its data and initial values are read."""
    if len(layers) > MAX_LAYERS:
        _raise(path, "network.layers", f"at most {MAX_LAYERS} layers", f"{len(layers)}")
    last = layers[-1]
    if last.activation == "softmax" and last.units > MAX_SOFTMAX_UNITS:
        _raise(path, f"network.layers[{len(layers)}].units",
               f"at most {MAX_SOFTMAX_UNITS} units in a softmax layer (SymPy differentiates its units^2 entries)",
               f"{last.units}")
    if n_params(inputs, layers) > MAX_PARAMS:
        _raise(path, "network", f"at most {MAX_PARAMS} parameters", f"{n_params(inputs, layers)}")


def check(problem):
    """InputError naming the key to change when a problem's training run is too long for any output."""
    if steps(problem) > MAX_STEPS:
        _raise(problem.path, "optimizer.iterations",
               f"at most {MAX_STEPS} per-sample passes (iterations x samples per iteration); use fewer "
               "iterations or a smaller batch",
               f"{problem.optimizer.iterations} x {problem.optimizer.batch_size(len(problem.x))}")
    if values(problem) > MAX_VALUES:
        _raise(problem.path, "optimizer.iterations",
               f"a trace of at most {MAX_VALUES} numbers; use fewer iterations, a smaller batch or a smaller "
               "network", f"about {values(problem)}")


def check_marking(problem):
    """InputError when `check` would take too long: it recomputes every number after the first claim, with intervals."""
    if values(problem) > MAX_CHECK_VALUES:
        _raise(problem.path, "optimizer.iterations",
               f"a trace of at most {MAX_CHECK_VALUES} numbers for check (it recomputes each from your numbers); "
               "use fewer iterations, a smaller batch or a smaller network", f"about {values(problem)}")


def check_draws(problem, draws):
    """InputError when the draws of one variant, all degenerate, would solve too many numbers in all."""
    if draws * values(problem) > MAX_DRAW_VALUES:
        _raise(problem.path, "vary.draws",
               f"draws x numbers in the trace of at most {MAX_DRAW_VALUES} (each degenerate draw is solved "
               f"again); at most {max(1, MAX_DRAW_VALUES // values(problem))} draws for this problem",
               f"{draws} x about {values(problem)}")


def detailed(problem):
    """Whether the sheet shows every element and sample (else formulas once and tables of values)."""
    return problem.n_params <= DETAIL_PARAMS and len(problem.x) <= DETAIL_SAMPLES


def check_sheet(problem):
    """InputError when the LaTeX sheet would take too long to derive or compile (--json-only has no sheet)."""
    way = "; --json-only writes the JSON without a sheet"
    if problem.n_params > MAX_SHEET_PARAMS:
        _raise(problem.path, "network", f"at most {MAX_SHEET_PARAMS} parameters for a LaTeX sheet{way}",
               f"{problem.n_params}")
    if problem.optimizer.iterations > MAX_SHEET_ITERATIONS:
        _raise(problem.path, "optimizer.iterations", f"at most {MAX_SHEET_ITERATIONS} iterations for a LaTeX "
               f"sheet{way}", f"{problem.optimizer.iterations}")
    if detailed(problem) and steps(problem) > MAX_SHEET_PASSES:
        _raise(problem.path, "optimizer.iterations",
               f"at most {MAX_SHEET_PASSES} per-sample passes (iterations x samples per iteration) written out "
               f"on a LaTeX sheet{way}",
               f"{problem.optimizer.iterations} x {problem.optimizer.batch_size(len(problem.x))}")
    if detailed(problem) and steps(problem) * len(problem.layers) > MAX_SHEET_LAYER_PASSES:
        _raise(problem.path, "optimizer.iterations",
               f"at most {MAX_SHEET_LAYER_PASSES} per-sample passes x layers written out on a LaTeX sheet{way}",
               f"{problem.optimizer.iterations} x {problem.optimizer.batch_size(len(problem.x))} passes x "
               f"{len(problem.layers)} layers")


def _raise(path, key, expected, got):
    raise InputError(path, key, expected, got)
