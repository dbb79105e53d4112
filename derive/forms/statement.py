"""The problem as the sheet states it: network, data, initial values, loss, and the optimizer's rule and words."""
from ..display import numbers
from ..display.latex_text import escape
from ..network.formulas import latex_with
from ..network.losses import describe
from ..network.optimizers import HYPER, g, lookahead_point, new, prev, theta
from ..network.symbols import latex_name
from .derivation import Derivation
from .blocks import Step, equation, in_rows, math, row


def rule_words(msg, optimizer):
    """The title and the PyTorch note of an optimizer's rule with its options, in the sheet's language."""
    kind = optimizer.kind
    torch_form = optimizer.momentum_form == "torch"
    title = msg(f"rule.{kind}.title" + (".torch" if torch_form else ""))
    note = msg(f"rule.{kind}.note" + (".torch" if torch_form else ".eps_inside" if optimizer.eps_placement == "inside"
                                      else ""))
    if optimizer.weight_decay and kind != "adamw":
        note += msg("rule.weight_decay_note")
    return title, note


def problem_statement(sb):
    """The statement's parts for the template, from a SheetBuilder."""
    p, msg = sb.problem, sb.msg
    layers = []
    rows = p.layout == "xW"
    frozen = [n for n in p.params if n not in p.trained]
    mark = lambda name: msg("sheet.frozen_mark") if name in frozen else ""  # noqa: E731
    steps = sb.trace.model.layers
    layers = [lf.layer_row(sb, l, mark) for l, lf in enumerate(steps, start=1)]
    n = len(p.x)
    data_rows, data_head, data_cols = [], "", ""
    if n <= 40:
        data_head = msg("sheet.sample") + " & " + math(latex_name("x") + r"^{(i)}") + " & " + math("y^{(i)}")
        data_cols = "lll"
        for i, (x, y) in enumerate(zip(p.x, p.y), start=1):
            data_rows.append("%s & %s & %s" % (msg.number(i), math(row(x, sb.digits)), math(row(y, sb.digits))))
    init = []
    if p.n_params <= 200:
        init = in_rows([equation(latex_name(name), p.init[name] if p.init[name].ndim == 2 else
                                 p.init[name].reshape((1, -1) if rows else (-1, 1)), sb.digits) for name in p.params])
    opt = p.optimizer
    settings = msg("list_separator").join(math("%s = %s" % (_hyper_latex(k), numbers.latex(v, sb.digits)))
                                          for k, v in (("lr", opt.lr), *opt.settings))
    summed = p.loss_options.batch == "sum"
    batch = (msg("sheet.batch.full_sum" if summed else "sheet.batch.full", n=n) if opt.batch == "full" else msg("sheet.batch.sample")
             if opt.batch == "sample" else msg("sheet.batch.size", size=opt.batch))
    title, note = rule_words(msg, opt)
    network = msg(("sheet.convention.xW" if rows else "sheet.convention.Wx")
                  + ("" if all(lf.weighted for lf in steps) else ".some"))
    network += "".join(dict.fromkeys(lf.convention_note(sb) for lf in steps))
    frozen_text = ""
    if frozen:
        names = msg("list_separator").join(math(latex_name(n)) for n in frozen)
        frozen_text = " " + msg.count("sheet.frozen", len(frozen), names=names)
    return {
        "network_text": msg("sheet.network", inputs=msg.count("sheet.inputs", p.inputs),
                            layers=msg.count("sheet.layers", len(p.layers)), convention=network),
        "layers": layers,
        "loss_text": msg("sheet.loss" if p.loss_options.batch == "mean" else "sheet.loss_sum",
                         loss=describe(p.loss, p.loss_options, p.layers[-1].units, msg)),
        "loss_lines": loss_lines(sb.trace),
        "rule_lines": rule_lines(sb.trace, msg),
        "data_text": msg.count("sheet.samples", n) + ("" if data_rows else msg("sheet.samples_in_json")),
        "data_rows": data_rows, "data_head": data_head, "data_cols": data_cols,
        "init": init,
        "init_text": msg("sheet.init_in_files"),
        "optimizer_text": msg("sheet.optimizer", rule=escape(title[0].upper() + title[1:], p.language), settings=settings,
                              iterations=msg.count("sheet.iterations", opt.iterations), batch=batch,
                              note=note) + frozen_text,
        "layers_text": " ".join(filter(None, (lf.statement_text(sb, l) for l, lf in enumerate(steps, start=1)))),
    }


def loss_lines(trace):
    """The loss of one sample and of a batch, as SymPy writes them (the options' factors included)."""
    return [Step(s.lhs, s.parts, s.note) for s in Derivation(trace.model).equations().lines[-2:]]


def rule_lines(trace, msg):
    """The update rule for a parameter theta with gradient g, symbolically, as the iterations apply it."""
    rule = trace.rule
    names = {theta: r"\theta^{[t]}", g: r"g^{[t]}", lookahead_point: r"\tilde\theta^{[t]}"}
    for slot in rule.slots:
        base = latex_name({"m_hat": "mhat", "s_hat": "shat", "g_wd": "gtilde"}.get(slot, slot))
        names[new(slot)], names[prev(slot)] = base + "^{[t]}", base + "^{[t-1]}"
    names.update({s: _sympy_latex(s) for s in HYPER.values()})
    lines = []
    if rule.lookahead is not None:
        lines.append(Step(r"\tilde\theta^{[t]}", [latex_with(rule.lookahead, names)], msg("sheet.where_g")))
    lines += [Step(names[new(slot)], [latex_with(expr, names)]) for slot, expr in rule.steps]
    lines.append(Step(r"\theta^{[t+1]}", [latex_with(rule.update, names)]))
    return lines


def _sympy_latex(symbol):
    import sympy as sp

    return sp.latex(symbol)


def _hyper_latex(setting):
    import sympy as sp

    return sp.latex(HYPER[setting])
