"""The problem file declared once: every section and key with its type, bounds, default, the kinds that take it
and a short description. The validator (spec.py), the JSON Schema (schema.py) and the README's key tables
(keydoc.py) read these declarations; the layer kinds declare their own keys (network/layers, `keys`)."""
from ..language import LANGUAGES
from ..network.declarations import (Choice, Key, Matrix, Name, Names, Number, Table, Tables, Text, Whole,
                                    WholeOrChoice)
from ..network.losses import LOSSES
from ..network.optimizers import RULES

MAX_DIGITS = 12
MAX_LOSS_SCALE = 1e6  # SymPy keeps the scale exact: 1e308 times the loss's own factors is beyond any float
RESERVED = ("x", "y", "loss", "grad", "state", "lookahead")  # names the keys use themselves
DETAILS = ("full", "first", "summary")  # [sheet] detail: how much of each iteration the sheet writes out
LAYOUTS = ("Wx", "xW")  # z = W a + b with vectors as columns, or z = a W + b with samples and values as rows
ADAPTIVE = ("adagrad", "rmsprop", "adam", "adamw")
MOMENTUM = ("momentum", "nesterov")

NETWORK = Table("network", "the network: its inputs, its layers and their layout", required=True, keys=(
    Whole("inputs", "the number of inputs of the first layer", required=True, high=10_000),
    Tables("layers", "the layers, first to last: one table each, with `kind` and the keys of that kind (the table of "
                     "layer kinds in Batch norm, layer norm and dropout; `kind` left out: a dense layer)",
           required=True),
    Choice("layout", "how the network is written", default="Wx", choices=LAYOUTS, notes={
        "Wx": "z = W a + b, vectors as columns",
        "xW": "z = a W + b, samples and layer values as rows, weights inputs × units; dense layers only"}),
))

LOSS = Table("loss", "the loss of one sample and of a batch", required=True, kind_key="kind", keys=(
    Choice("kind", "the per-sample loss", required=True, choices=tuple(LOSSES), notes={
        "bce": "binary cross-entropy: a sigmoid output, labels 0 or 1",
        "mse": "the sum over the outputs of (ŷ − y)²",
        "ce": "cross-entropy: a softmax output, one-hot rows",
        "sse": "Σ(ŷ − y)² times `scale`"}),
    Number("scale", "the factor of sse (`scale = 0.5` is ½·SSE)", default=1.0, kinds=("sse",), low=0,
           low_open=True, high=MAX_LOSS_SCALE, interval=False),
    Choice("reduce_outputs", "the sum or the mean over the outputs (mse with `\"mean\"` is PyTorch's `MSELoss`)",
           default="sum", choices=("sum", "mean"), kinds=("mse", "bce")),
    Choice("batch", "the batch loss, and the gradient the update uses, is the mean or the sum of the samples'",
           default="mean", choices=("mean", "sum")),
))

DATA = Table("data", "the samples", required=True, keys=(
    Matrix("x", "the inputs, one row per sample", required=True, missing="rows of inputs"),
    Matrix("y", "the labels, one per sample: a number each for one output, else a row each", required=True,
           missing="labels, one per sample"),
))

INIT = Table("init", "the initial values, by parameter name: every weight (units × inputs of the layer; inputs × "
                     "units with `layout = \"xW\"`) and bias (none for a layer with `bias = false`); a norm layer's "
                     "γ and β (default 1 and 0)", required=True,
             entries=Matrix("", "a parameter's initial value: a number, a list or a list of rows"))

OPTIMIZER = Table("optimizer", "the training loop: the update rule, its settings, iterations and batches",
                  required=True, kind_key="kind", unknown="a setting of {kind}: {sorted}", keys=(
    Choice("kind", "the update rule", required=True, choices=tuple(RULES), notes={
        "momentum": "v ← μv − ηg, θ ← θ + v (the course's form, v₀ = 0)",
        "nesterov": "the gradient at the look-ahead point θ + μv"}),
    Number("lr", "the learning rate η", required=True, low=0, low_open=True),
    Whole("iterations", "the number of updates", required=True, high=100_000),
    WholeOrChoice("batch", "the samples of an update: all (`\"full\"`), one at a time (`\"sample\"`) or "
                           "mini-batches of a size, in order", default="full", choices=("full", "sample")),
    Names("freeze", "parameters used but never updated", default=(), what="a list of parameter names"),
    Number("momentum", "μ", default=0.9, kinds=MOMENTUM, foreign="unknown", low=0, high=1, high_open=True),
    Number("rho", "ρ, the decay of the mean square", default=0.9, kinds=("rmsprop",), foreign="unknown", low=0,
           high=1, high_open=True),
    Number("beta1", "β₁, the decay of the first moment", default=0.9, kinds=("adam", "adamw"), foreign="unknown",
           low=0, high=1, high_open=True),
    Number("beta2", "β₂, the decay of the second moment", default=0.999, kinds=("adam", "adamw"), foreign="unknown",
           low=0, high=1, high_open=True),
    Number("eps", "ε", default=1e-8, kinds=ADAPTIVE, foreign="unknown", low=0, low_open=True),
    Number("weight_decay", "λ: λθ added to the gradient, as PyTorch's `weight_decay`; adamw: decoupled, as "
                           "`torch.optim.AdamW`", default=0.0, foreign="unknown", low=0, kind_defaults={"adamw": 0.01},
           rule_kinds=("adamw",)),
    Choice("eps_placement", "where ε goes", default="outside", choices=("outside", "inside"), kinds=ADAPTIVE, notes={
        "outside": "η/(√s + ε), PyTorch's", "inside": "η/√(s + ε)"}),
    Choice("momentum_form", "how momentum is written", default="course", choices=("course", "torch"), kinds=MOMENTUM,
           notes={"course": "v ← μv − ηg", "torch": "v ← μv + g, θ ← θ − ηv, PyTorch's documentation"}),
))

DISPLAY = Table("display", "how numbers are shown", keys=(
    Whole("digits", "the significant digits the sheet shows", default=4, high=MAX_DIGITS),
))

SHEET = Table("sheet", "what the sheets hold", keys=(
    Names("proofs", "proofs to append (see `derive proofs`)", default=(), what="a list of proof names"),
    Choice("language", "the sheets' language (`--language` overrides it)", default="en", choices=tuple(LANGUAGES),
           notes={"fa": "Persian"}),
    Choice("detail", "how much of each iteration the sheet writes out (see Use; `--detail` overrides it)",
           default_doc="`\"full\"`", choices=DETAILS),
))

VARY = Table("vary", "which numbers vary per student, and the seed (see Teaching a class); other commands ignore "
                     "it", entries=Key("", "a rule or a setting of derive variants"))

CHECK = Table("check", "the precision policy of `derive check` and `grade`: one of its keys, not both",
              at_most_one=("min_digits", "min_decimals"), keys=(
    Whole("min_digits", "significant digits a number must have", default_doc="3", high=15),
    Whole("min_decimals", "decimals a number must have", high=15),
))
CHECK_BOUNDS = (CHECK.keys[0].low, CHECK.keys[0].high)

SECTION_KEYS = (
    Text("title", "the sheet's title", default_doc="the file's name"),
    NETWORK, LOSS, DATA, INIT, OPTIMIZER, DISPLAY, SHEET, VARY, CHECK,
)
PROBLEM = Table("", "a problem file", keys=SECTION_KEYS, unknown="only " + ", ".join(
    f"[{k.name}]" if isinstance(k, Table) else k.name for k in SECTION_KEYS))
SECTIONS = PROBLEM.names()


def settings_of(kind):
    """The numeric settings of an optimizer kind's update rule, in the rule's order (weight_decay only where
    the rule has it: adamw)."""
    return tuple(k.name for k in OPTIMIZER.keys if isinstance(k, Number) and k.name != "lr" and kind in rule_kinds(k))


def rule_kinds(decl):
    return decl.rule_kinds if decl.rule_kinds is not None else decl.kinds


def kind_keys(kind):
    """The settings and options an optimizer kind takes (its rule's settings, weight_decay, its options)."""
    return tuple(k.name for k in OPTIMIZER.keys if (k.kinds or isinstance(k, Number) and k.name != "lr")
                 and (not k.kinds or kind in k.kinds))


def optimizer_settings(r, table, key, kind):
    """An optimizer table's numeric settings ((name, value), ...) with defaults, in the rule's order, and its
    options as keywords of Optimizer; an option the kind has no use for is refused."""
    settings = []
    for decl in OPTIMIZER.keys:
        if isinstance(decl, Number) and decl.name != "lr" and (not decl.kinds or kind in decl.kinds):
            value = r.read(decl, table, key, kind=kind)
            if kind in rule_kinds(decl) or value:
                settings.append((decl.name, value))
    options = {}
    for decl in OPTIMIZER.keys:
        if decl.foreign == "named" and decl.kinds:
            r.foreign(decl, table, key, kind)
            options[decl.name] = r.read(decl, table, key)
    return settings, options
