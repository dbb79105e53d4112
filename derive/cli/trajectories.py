"""The `trajectories` subcommand and its document: optimizer paths on a surface f(x, y) as a PDF
(contour picture, table of final points, rules with their first steps), its .tex and the JSON."""
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sympy as sp

from ..display import numbers
from ..display.latex_text import escape
from ..errors import TexError, TexMissing
from ..forms import tex
from ..forms.statement import rule_words
from ..language import LANGUAGES, messages
from ..network.formulas import EXPLICIT, Template, latex_with
from ..network.optimizers import HYPER, RULES, const_values, lookahead_point, new, prev, rule_of, template, theta
from ..network.optimizers import g as g_symbol
from ..network.optimizers import t as t_symbol
from ..network.symbols import latex_name
from ..problem.validated import Optimizer
from .. import trajectories
from ..trajectories import Numeric, contours, name, window
from ..trajectories.surface import x, y
from .options import add_language_option

DEFAULT_FILE = Path(__file__).parent.parent / "problems" / "quadratic.toml"
WORKED_STEPS = 2  # steps of each path written out as formula = numbers = result
DRAWN_POINTS = 600  # at most this many points of a path go into the picture (the JSON has all)


def register(sub):
    """Add `trajectories FILE [-o OUTDIR] [--pdf|--no-pdf]` to the CLI."""
    p = sub.add_parser("trajectories", help="optimizer paths on a surface f(x, y): contour picture, table, JSON",
                       description="Run the optimizers of a trajectories file on its surface and write "
                                   "OUTDIR/NAME.json (every point, gradient and state), OUTDIR/NAME.tex and "
                                   "OUTDIR/NAME.pdf (contour picture, table, worked steps), NAME being the file's "
                                   "name without .toml. The PDF is made when TeX is installed.")
    p.add_argument("file", nargs="?", default=str(DEFAULT_FILE),
                   help="a trajectories file with [surface] and [[optimizers]] "
                        "(default: the bundled problems/quadratic.toml)")
    p.add_argument("-o", "--outdir", default="build", help="output folder (default: build)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="write .tex and .json only")
    add_language_option(p, "the document")
    p.set_defaults(func=command)


def write(path, outdir="build", pdf=None, language=None):
    """Compute the paths of `path` and write OUTDIR/NAME.json, .tex and (pdf: True, False, None = if TeX
    exists) .pdf, in `language` (None: the file's [sheet] language). Returns (files written, message for the user,
    failed)."""
    from ..forms.outputs import check_outputs, dumps, output_path, write_outputs
    from ..display.render import render

    surface = trajectories.load(path, language)
    names = {suffix: output_path(outdir, surface.name, suffix) for suffix in (".json", ".tex", ".pdf")}
    check_outputs(names.values(), [path])
    numeric = trajectories.Numeric.of(surface)
    paths = trajectories.run_all(surface, numeric)
    files = {names[".json"]: dumps(as_json(surface, paths))}
    files[names[".tex"]] = tex_text = render("trajectories.tex.j2", surface.language,
                                             **context(surface, paths, numeric))
    message = ""
    if pdf is not False:  # compiled before anything is written: a failure leaves earlier outputs as they were
        engine = LANGUAGES[surface.language].engine
        try:
            files[names[".pdf"]] = tex.pdf_bytes(tex_text, engine=engine)
        except TexMissing as err:
            if pdf is True or engine != "pdflatex":  # asking for Persian is asking for its PDF (as solve does)
                return [], str(err), True
            message = str(err)
    return write_outputs(files, inputs=[path]), message, False


def command(args):
    """Run `derive trajectories`; the exit code."""
    try:
        written, message, failed = write(args.file, args.outdir, args.pdf, args.language)
    except TexError as err:
        print(f"derive: LaTeX failed for {args.file}:\n{err}", file=sys.stderr)
        return 1
    for f in written:
        print(f"wrote {f}")
    if message:
        print(f"derive: {message}", file=sys.stderr)
    return 1 if failed else 0


# --- the document ----------------------------------------------------------------------------------
@dataclass
class Line:
    """One displayed line: lhs = formula = numbers substituted = result."""

    lhs: str
    parts: list
    note: str = ""


def _coords(points, digits=6):
    return " ".join("(%s,%s)" % (numbers.plain(px, digits), numbers.plain(py, digits)) for px, py in points)


def _drawn(points, ranges):
    """The points the picture draws: up to the first far outside the window, thinned; and that step or None."""
    (x0, x1), (y0, y1) = ranges
    w, h = x1 - x0, y1 - y0
    far = ((points[:, 0] < x0 - 2 * w) | (points[:, 0] > x1 + 2 * w)
           | (points[:, 1] < y0 - 2 * h) | (points[:, 1] > y1 + 2 * h))
    leaves = int(np.argmax(far)) if far.any() else None
    kept = points[:leaves + 1] if leaves is not None else points
    step = max(1, math.ceil(len(kept) / DRAWN_POINTS))
    index = list(range(0, len(kept), step))
    if index[-1] != len(kept) - 1:
        index.append(len(kept) - 1)
    return kept[index], step, leaves


def _settings_text(opt, digits, msg):
    values = (("lr", opt.lr), *opt.settings)
    return msg("list_separator").join("$%s = %s$" % (sp.latex(HYPER[k]), numbers.latex(v, digits)) for k, v in values)


def _symbol(slot, t):
    base = latex_name({"m_hat": "mhat", "s_hat": "shat", "g_wd": "gtilde"}.get(slot, slot))
    return "%s_{%d}" % (base, t)


def rule_lines(kind, optimizer=None):
    """The rule of one optimizer (with its options, given the Optimizer) for a point theta_t of the plane."""
    rule = rule_of(optimizer) if optimizer is not None else RULES[kind]
    names = {theta: r"\theta_{t-1}", g_symbol: "g_t", t_symbol: "t", lookahead_point: r"\tilde\theta_t"}
    for slot in rule.slots:
        base = latex_name({"m_hat": "mhat", "s_hat": "shat", "g_wd": "gtilde"}.get(slot, slot))
        names[new(slot)], names[prev(slot)] = base + "_t", base + "_{t-1}"
    lines = []
    if rule.lookahead is not None:
        lines.append(Line(r"\tilde\theta_t", [latex_with(rule.lookahead, names)]))
        lines.append(Line("g_t", [r"\nabla f(\tilde\theta_t)"]))
    else:
        lines.append(Line("g_t", [r"\nabla f(\theta_{t-1})"]))
    lines += [Line(names[new(slot)], [latex_with(expr, names)]) for slot, expr in rule.steps]
    lines.append(Line(r"\theta_t", [latex_with(rule.update, names)]))
    return lines


def worked_lines(surface, path, digits):
    """The first steps of a path, each line formula = numbers = result (2-vectors as columns)."""
    rule, opt = rule_of(path.contender.optimizer), path.contender.optimizer
    gradient = Template(EXPLICIT, sp.Matrix(list(surface.gradient)), (x, y))
    lines = []
    state = {s: np.zeros(2) for s in rule.persistent}
    for t in range(1, min(WORKED_STEPS, path.taken) + 1):
        values = {"theta": path.points[t - 1], **{f"{s}_prev": state[s] for s in rule.persistent}}
        names = {"theta": r"\theta_{%d}" % (t - 1), "g": "g_{%d}" % t, lookahead_point.name: r"\tilde\theta_{%d}" % t,
                 **{f"{s}_prev": _symbol(s, t - 1) for s in rule.persistent},
                 **{s: _symbol(s, t) for s in rule.slots}}
        where, where_name = path.points[t - 1], names["theta"]
        if rule.lookahead is not None:
            where, where_name = path.lookahead[t - 1], r"\tilde\theta_{%d}" % t
            lines.append(_worked(template(rule.lookahead), where_name, values, names, opt, t, where, digits))
        g = path.gradients[t - 1]
        parts = [r"\nabla f(%s)" % where_name]
        sub = gradient.substituted([where[0], where[1]], (), digits)
        if sub:
            parts.append(sub)
        parts.append(numbers.bmatrix(g.reshape(2, 1), digits))
        lines.append(Line(names["g"], parts))
        values["g"], values[lookahead_point.name] = g, where
        for slot, expr in rule.steps:
            values[slot] = path.states[slot][t - 1]
            lines.append(_worked(template(expr), names[slot], values, names, opt, t, values[slot], digits))
        lines.append(_worked(template(rule.update), r"\theta_{%d}" % t, values, names, opt, t, path.points[t],
                             digits))
        state = {s: values[s] for s in rule.persistent}
    return lines


def _worked(tmpl, lhs, values, names, opt, t, result, digits):
    consts = const_values(tmpl.consts, opt, t)
    parts = [tmpl.latex([names[a.name] for a in tmpl.args])]
    sub = tmpl.substituted([np.reshape(values[a.name], (2, 1)) for a in tmpl.args], consts, digits)
    result_text = numbers.bmatrix(np.reshape(result, (2, 1)), digits)
    if sub and sub not in (parts[0], result_text):
        parts.append(sub)
    if result_text != parts[-1]:
        parts.append(result_text)
    return Line(lhs, parts)


def context(surface, paths, numeric=None):
    """Everything the template shows, as finished LaTeX and plain numbers."""
    numeric = numeric or Numeric.of(surface)
    d, code = surface.digits, surface.language
    msg = messages(code)
    ranges = window(surface, paths)
    levels = contours(surface, numeric, ranges)
    names = {x: "x", y: "y"}
    gx, gy = surface.gradient
    drawn = []
    rows = []
    for k, p in enumerate(paths, start=1):
        pts, every, leaves = _drawn(p.points, ranges)
        notes = [p.stopped(code)] if p.stop else []
        if leaves is not None:
            notes.append(msg("trajectories.leaves", t=leaves))
        drawn.append({"index": k, "label": escape(p.contender.label, code), "coords": _coords(pts),
                      "end": _coords(pts[-1:]),
                      "mark_every": max(1, math.ceil(len(pts) / 30))})
        final = p.points[-1]
        rows.append({"index": k, "label": escape(p.contender.label, code),
                     "settings": _settings_text(p.contender.optimizer, d, msg), "steps": msg.number(p.taken),
                     "x": numbers.latex(final[0], d), "y": numbers.latex(final[1], d),
                     "f": numbers.latex(p.values[-1], d), "note": msg("trajectories.notes_separator").join(notes)})
    rules = []
    for p in paths:
        opt = p.contender.optimizer
        title, note = rule_words(msg, opt)
        label = p.contender.label[:1].upper() + p.contender.label[1:]
        same = label.lower() in (title.lower(), rule_words(messages("en"), opt)[0].lower(), name(opt.kind).lower(),
                                 name(opt.kind, code).lower())
        # a rule's title is plain text (as the answer sheet escapes it): in Persian its Latin names go left to right
        heading = escape(title[:1].upper() + title[1:] if same else title, code)
        if not same:
            heading = msg("trajectories.heading", label=escape(label, code), title=heading)
        rules.append({"heading": heading + msg("list_separator") + _settings_text(opt, d, msg),
                      "lines": rule_lines(opt.kind, opt), "note": note, "worked": worked_lines(surface, p, d)})
    count = len(levels)
    return {
        "title": escape(surface.title, code),
        "f": latex_with(surface.expr, names),
        "intro": msg("trajectories.intro", text=msg.latin(r"\texttt{%s}" % escape(surface.text)),
                     start=r"\theta_0 = (%s, %s)" % (numbers.latex(surface.start[0], d), numbers.latex(surface.start[1], d)),
                     value=numbers.latex(paths[0].values[0], d), steps=msg.count("trajectories.steps", surface.steps)),
        "gradient": r"\begin{bmatrix} %s \\ %s \end{bmatrix}" % (latex_with(gx, names), latex_with(gy, names)),
        "xmin": numbers.plain(ranges[0][0], 6), "xmax": numbers.plain(ranges[0][1], 6),
        "ymin": numbers.plain(ranges[1][0], 6), "ymax": numbers.plain(ranges[1][1], 6),
        "contours": [{"shade": (1000 * k) // max(count - 1, 1), "lines": [_coords(line) for line in lines if len(line) > 1]}
                     for k, (level, lines) in enumerate(levels)],
        "levels_text": msg("list_separator").join("$%s$" % numbers.latex(level, 3) for level, _ in levels),
        "start_coords": _coords([surface.start]),
        "minimum": _coords([surface.minimum]) if surface.minimum else "",
        "minimum_text": msg("trajectories.minimum", point="$(%s, %s)$" % (
            numbers.latex(surface.minimum[0], d), numbers.latex(surface.minimum[1], d))) if surface.minimum else "",
        "paths": drawn,
        "rows": rows,
        "rules": rules,
        "worked_steps": WORKED_STEPS,
        "side": "r" if msg.rtl else "l",  # the table's cells start where its lines are read from
    }


def as_json(surface, paths):
    """The JSON export: the file as given and every path's points, values, gradients and states."""
    out = []
    for p in paths:
        opt = p.contender.optimizer
        entry = {"label": p.contender.label, "kind": opt.kind, "settings": dict((("lr", opt.lr), *opt.settings)),
                 **{k: getattr(opt, k) for k in ("eps_placement", "momentum_form")
                    if getattr(opt, k) != Optimizer.__dataclass_fields__[k].default},
                 "steps": p.taken, "stopped": p.stopped() or None,
                 "points": p.points.tolist(), "values": p.values.tolist(), "gradients": p.gradients.tolist(),
                 "states": {s: v.tolist() for s, v in p.states.items()},
                 "final": {"x": float(p.points[-1][0]), "y": float(p.points[-1][1]), "f": float(p.values[-1])}}
        if p.lookahead is not None:
            entry["lookahead"] = p.lookahead.tolist()
        out.append(entry)
    return {"surface": surface.raw, "f": str(surface.expr), "gradient": [str(e) for e in surface.gradient],
            "paths": out}
