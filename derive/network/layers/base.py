"""What every layer kind provides, with the defaults most kinds share; the engine and the forms ask these,
never a kind's name."""
from ..declarations import Key, Table
from ..symbols import latex_name

KIND_KEY = Key("kind", "the layer's kind (left out: dense)", default="dense")


class LayerKind:
    """A kind of layer: its table's keys (declared in `keys`) and reading them (parse), its parameters, and its
    templates (formulas), whose object holds the trace steps, derivation lines and sheet blocks of one layer."""

    name = ""  # the value of `kind` in a [[network.layers]] table
    row_layout = False  # takes the xW layout (z = a W + b)
    keys = None  # the declarations of its table's keys (network/declarations.py), KIND_KEY first; None: undeclared
    unknown = "only the keys of a {kind} layer: {keys}"  # the message for a key the table does not have
    doc = ""  # what the layer computes, for the README's table of kinds
    exactly_one = ()  # keys of which its table gives exactly one (dropout: mask or seed)

    def table(self):
        """The declaration of the kind's [[network.layers]] table (its keys None: keys not declared)."""
        return Table(self.name, self.doc, keys=self.keys, unknown=self.unknown, exactly_one=self.exactly_one)

    def key(self, name):
        return next(k for k in self.keys if k.name == name)

    def parse(self, r, table, key, l, fan_in):
        """The layer of table `key` (layer l, 1-based) from its keys; r is the spec's reader (problem/reader.py),
        whose read(declaration, table, key) reads a key as declared."""
        raise NotImplementedError

    def params(self, layer):
        return ()

    def param_shape(self, layer, name, fan_in, layout):
        raise KeyError(name)

    def n_params(self, layer, fan_in):
        return 0

    def printed(self, layer, fan_in, layout):
        """(role, shape) of every name the layer brings, for the check that names print apart."""
        return [(role, (layer.units,)) for role in layer.NAMES]

    def initial(self, r, layer, init_table, fan_in, layout):
        """The layer's parameters' initial values from [init], by name."""
        return {}

    def check_last(self, r, layer, loss, key):
        """Refuse what the layer cannot be as the last layer (before `loss`)."""

    def check_problem(self, r, layer, key, n_samples, batch_sizes):
        """Refuse what the layer needs of the rest of the problem."""

    def formulas(self, model, l, layer, fan_in, input_name):
        """The object of layer l (0-based) that holds its templates and steps (a LayerSteps)."""
        raise NotImplementedError


class LayerSteps:
    """One layer of a model: its templates, and its steps in the trace, the derivation and the sheet."""

    by_layer = False  # the trace and the sheet go layer by layer over the batch (else sample by sample)
    centers_batch = False  # the input bars of a batch sum to 0 (the layer removes the batch's mean)
    scalar_chain = False  # the derivation's element-by-element chain rule knows this layer
    weighted = False  # z = W a + b (the statement's convention is said of these layers)
    shift = None  # a parameter added per unit right before a linear output (its batch gradient may vanish)
    simplified = False  # output layer: d loss / d pre-activation written in the output's terms
    derivative = None
    identity_activation = False  # a = id(z): the sheet writes z and a (and their bars) as one step each

    def __init__(self, kind, index, layer, fan_in, input_name):
        self.kind, self.index, self.layer, self.fan_in, self.input_name = kind, index, layer, fan_in, input_name

    def backward_templates(self, model, last):
        """Templates that need the model's loss (built after every layer's forward templates)."""

    # --- the trace: ps is the engine's Pass (t, samples, params, trained, batch_gradient) --------------
    def forward(self, tr, ps, inputs):
        """Compute the layer's values for every sample of the pass; return {i: key of sample i's output}."""
        raise NotImplementedError

    def backward(self, tr, ps):
        """Compute the bars of the layer's values, its trained parameters' per-sample gradients, and the bar
        of its input (from the second layer on), for every sample of the pass."""
        raise NotImplementedError

    def forward_batch(self, a, params, masks, rows):
        """(pre, post) of inputs a (units x samples, samples x units in the xW layout), for finite
        differences."""
        raise NotImplementedError

    # --- the derivation ------------------------------------------------------------------------------
    def equation_lines(self, d):
        return []

    def local_lines(self, d):
        return []

    def backward_lines(self, d):
        return []

    def sections(self, d):
        return []

    def backward_note(self):
        """A message key said once under the backward pass of a network with this layer, or None."""
        return None

    # --- the sheet ------------------------------------------------------------------------------------
    def title(self, msg):
        return msg(f"layer.{self.kind.name}.title")

    def layer_row(self, sb, l, mark):
        """The statement's layer-table row: layer, units, kind, parameters (2 cells), values."""
        raise NotImplementedError

    def statement_text(self, sb, l):
        """What the layer table does not say about the layer ("" for nothing)."""
        return ""

    def convention_note(self, sb):
        """A note on the network's convention this layer needs ("" for none)."""
        return ""

    def forward_keys(self, t, i):
        """The keys of sample i's forward steps, for the sheet's per-sample blocks."""
        return []

    def backward_keys(self, t, i, trace):
        return []

    def forward_blocks(self, sb, t, samples, block):
        """The sheet's blocks of the layer's forward step over the batch."""
        steps = [sb.step(k) for i in samples for k in self.forward_keys(t, i)]
        return [block(sb.msg("layer.forward", l=self.index + 1, kind=self.title(sb.msg)), steps)]

    def backward_blocks(self, sb, t, samples, block):
        steps = [sb.step(k) for i in samples for k in self.backward_keys(t, i, sb.trace)]
        if not steps:
            return []
        return [block(sb.msg("layer.backward", l=self.index + 1, kind=self.title(sb.msg)), steps)]


def info(t, i, name, role):
    """The Quantity fields of a step: its role, iteration, sample (0 for the batch) and name."""
    return {"role": role, "iteration": t, "sample": i, "name": name}


def named(name, i, bar=False):
    """The LaTeX of a quantity of sample i (its symbol with the sample as superscript)."""
    return latex_name(name, bar=bar, sup=f"({i})")
