"""One iteration of the sheet: its passes (sample by sample, layer by layer, or as tables), its mean and its update."""
import numpy as np

from ..display import numbers
from ..display.latex_text import escape
from ..network.symbols import latex_name
from . import detail
from .statement import rule_words
from .blocks import Block, equation, in_rows, math, row, tabular


def iteration_page(sb, it):
    """The title, intro, parameters and blocks of iteration `it`, from a SheetBuilder."""
    p, t, msg = sb.problem, it.t, sb.msg
    title = msg("sheet.iteration", t=t)
    samples = msg("list_separator").join(msg.number(i) for i in it.samples)
    intro = (msg("sheet.uses_samples.one" if len(it.samples) == 1 else "sheet.uses_samples.other", samples=samples)
             if len(it.samples) < len(p.x) else "")
    params = []
    trained = p.trained
    plan = detail.plan(p, it)
    if sb.detailed:
        intro += (msg("sheet.params_initial") if t == 1 else msg("sheet.params_updated", t=t - 1))
        if len(trained) < len(p.params):
            intro += " " + msg("sheet.frozen_keep")
        if plan.mode == "full":  # else the statement or the update table just above holds them
            params = in_rows([equation(sb.trace[f"it{t}.{name}"].symbol, sb.trace[f"it{t}.{name}"].value,
                                       sb.digits) for name in trained])
    blocks = []
    look = f"it{t}.lookahead.{trained[0]}" in sb.trace
    if look:
        blocks.append(_block(sb, msg("sheet.lookahead"), [f"it{t}.lookahead.{name}" for name in trained],
                             plan.full_batch or not sb.detailed, text=msg("sheet.lookahead_text")))
    by_layer = any(lf.by_layer for lf in sb.trace.model.layers)
    if sb.detailed and by_layer and plan.full_batch:
        blocks += _layer_blocks(sb, it)  # batch norm couples the samples: layer by layer over the batch
    elif sb.detailed:
        for i in [i for i in it.samples if plan.full_sample(i)]:
            blocks += _sample_blocks(sb, t, i)
        rest = [i for i in it.samples if not plan.full_sample(i)]
        if by_layer and detail.batch_keys(sb.trace, t):
            blocks.append(Block(msg("sheet.batch_values"),
                                table=detail.values_table(sb.trace, detail.batch_keys(sb.trace, t),
                                                          sb.digits, msg)))
        if rest:
            samples = msg("list_separator").join(msg.number(i) for i in rest)
            blocks.append(Block(msg("sheet.passes" if len(rest) == 1 else "sheet.passes.other", samples=samples),
                                text=msg("sheet.passes_text"),
                                table=detail.pass_table(sb.trace, t, rest, sb.digits, msg)))
    else:
        blocks.append(Block(msg("sheet.samples_block"), table=_sample_table(sb, it)))
    over = msg("sheet.sum" if p.loss_options.batch == "sum" else "sheet.mean")
    if sb.detailed:
        shown = [name for name in trained if plan.full_param(name)]
        mean = [f"it{t}.loss"] + [f"it{t}.grad.{name}" for name in trained]
        # the mean's formula with its numbers once: for the loss (every parameter's too in full)
        full = [k for k in mean if k == f"it{t}.loss" and plan.full_batch or plan.mode == "full"]
        blocks.append(_block(sb, over, mean, full))
    else:
        blocks.append(Block(over, [sb.step(f"it{t}.loss")], table=_grad_table(sb, t)))
    rule = sb.trace.rule
    heading = msg("sheet.update", rule=escape(rule_words(msg, p.optimizer)[0], p.language))
    if sb.detailed:
        # a table of values holds the state a later iteration reads (m, s), not what is recomputed (m-hat)
        keys = {name: [f"it{t}.state.{slot}.{name}" for slot in rule.slots
                       if plan.full_param(name) or slot in rule.persistent]
                + [f"final.{name}" if it.last else f"it{t + 1}.{name}"] for name in trained}
        blocks.append(_block(sb, heading, [k for name in trained for k in keys[name]],
                             [k for name in shown for k in keys[name]]))
        if shown and len(shown) < len(trained):
            blocks[-1].text = msg("sheet.rule_once", param=math(latex_name(shown[0])))
    else:
        update = [sb.step(f"it{t}.state.{slot}.{trained[0]}") for slot in rule.slots]
        update.append(sb.step(f"final.{trained[0]}" if it.last else f"it{t + 1}.{trained[0]}"))
        blocks.append(Block(heading, update, text=msg("sheet.rule_once", param=math(latex_name(trained[0])))))
    return {"title": title, "intro": intro, "params": params, "blocks": blocks}


def _block(sb, title, keys, full, text=""):
    """A block of steps: those of `full` (True: all) with their formulas and numbers, the others as a table."""
    written = [k for k in keys if full is True or k in full]
    rest = [k for k in keys if k not in written]
    return Block(title, [sb.step(k) for k in written], text=text,
                 table=detail.values_table(sb.trace, rest, sb.digits, sb.msg) if rest else "")


def _sample_blocks(sb, t, i):
    """One sample's forward pass and loss, and its backward pass, every step with its numbers."""
    msg = sb.msg
    fwd = []
    for lf in sb.trace.model.layers:
        for k in lf.forward_keys(t, i):
            same = lf.identity_activation and k == f"it{t}.s{i}.{lf.layer.post}"
            fwd.append(sb.merged(k, fwd.pop()) if same else sb.step(k))
    fwd.append(sb.step(f"it{t}.s{i}.loss"))
    data = sb.trace[f"data.s{i}.x"], sb.trace[f"data.s{i}.y"]
    text = math("%s = %s,\\quad %s = %s" % (data[0].symbol, numbers.bmatrix(data[0].value, sb.digits),
                                            data[1].symbol, numbers.bmatrix(data[1].value, sb.digits)))
    return [Block(msg("sheet.forward", i=i), fwd, text=text, sample=i),
            Block(msg("sheet.backward", i=i), _backward_steps(sb, t, i), sample=i)]


def _backward_steps(sb, t, i):
    steps = [sb.step(f"it{t}.s{i}.grad.{sb.problem.layers[-1].post}")]
    for lf in reversed(sb.trace.model.layers):
        for k in lf.backward_keys(t, i, sb.trace):
            same = lf.identity_activation and k == f"it{t}.s{i}.grad.{lf.layer.pre}"
            steps.append(sb.merged(k, steps.pop()) if same else sb.step(k))
    return steps


def _layer_blocks(sb, it):
    """The iteration's forward passes, losses and backward passes, one block per layer over the batch."""
    t, samples, layers = it.t, it.samples, sb.trace.model.layers
    blocks = [b for lf in layers for b in lf.forward_blocks(sb, t, samples, Block)]
    out = layers[-1].layer.post
    blocks.append(Block(sb.msg("sheet.losses"),
                        [sb.step(f"it{t}.s{i}.{n}") for i in samples for n in ("loss", "grad." + out)]))
    return blocks + [b for lf in reversed(layers) for b in lf.backward_blocks(sb, t, samples, Block)]


def _sample_table(sb, it):
    t = it.t
    rows = ["%s & %s & %s \\\\" % (sb.msg.number(i), math(numbers.latex(sb.trace[f"it{t}.s{i}.loss"].value, sb.digits)),
                                    math(row(sb.trace[f"it{t}.s{i}.{sb.problem.layers[-1].post}"].value, sb.digits)))
            for i in it.samples]
    head = sb.msg("sheet.sample") + " & $L^{(i)}$ & %s \\\\" % math(latex_name(sb.problem.layers[-1].post) + "^{(i)}")
    return tabular("lll", head, rows)


def _grad_table(sb, t):
    rows = []
    for name in sb.problem.trained:
        g = np.asarray(sb.trace[f"it{t}.grad.{name}"].value, dtype=float)
        rows.append("%s & %s & %s & %s \\\\" % (
            math(latex_name(name)), "$%s$" % " \\times ".join(map(str, sb.problem.param_shape(name))),
            math(numbers.latex(np.linalg.norm(g), sb.digits)), math(numbers.latex(np.abs(g).max(), sb.digits))))
    return tabular("llll", sb.msg("sheet.grad_table_head") + r" & $\lVert g \rVert$ & $\max |g_{jk}|$ \\", rows)
