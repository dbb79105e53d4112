"""The answer sheet for the web forms (HTML, Markdown, notebooks), as data: the LaTeX sheet's own steps,
prose and tables (derive.sheet, derive.derivation, derive.proofs) read back into text runs and math."""
from dataclasses import dataclass, field
from functools import lru_cache

from ... import proofs as proof_module
from ...language import LANGUAGES, message, message_parts
from ...display.latex_text import escape
from ..sheet import SheetBuilder
from . import figures
from .prose import Math, Prose, Table, Text, cells, prose, split_outside_math, table

FOLD_AFTER = 6  # more per-sample passes (samples x iterations) than this: per-sample sections start folded
LABELS = {  # the headings and words the LaTeX templates write themselves: the message each is read from
    "byline": "sheet.author",
    "problem": "sheet.problem",
    "layers": "sheet.layer_table_head",  # a row of column heads, split at &
    "data": "sheet.data",  # the LaTeX sheet's run-in headings end in a full stop; the web's headings do not
    "init": "sheet.initial_values",
    "optimizer": "sheet.optimizer_heading",
    "layout": "sheet.layout",
    "derivation": "sheet.derivation",
    "summary": "sheet.summary",
    "gradcheck": "sheet.gradients_appendix",
    "appendix": "web.appendix",
    "claim": "proofs.claim",
    "proof": "proofs.proof",
    "proof_intro": "proofs.proof_text",
    "verified": "proofs.verified",
    "not_verified": "proofs.not_verified",
    "figure": "proofs.figure",
    "figure_elsewhere": "web.figure_elsewhere",
    "table": "proofs.table",
    "contents": "web.contents",
}
HEADINGS = ("data", "init", "optimizer", "layout")  # run-in headings in the LaTeX sheet: their full stop dropped


class Verbatim:
    """A value put into a message as it is (plain text the web writer escapes), not read as LaTeX."""

    def __init__(self, text):
        self.text = str(text)


def _text(latex, what):
    """LaTeX text of a message as plain text: \\lr{...} becomes a left-to-right isolate; math is refused."""
    segments = prose(latex).segments
    if not all(isinstance(s, Text) for s in segments):
        raise ValueError(f"{what} holds math; a label must be text")
    return "".join(s.text for s in segments)


def _words(code, text):
    """Plain text of the sheet (a proof's title) in a right-to-left language: its Latin runs as isolates, as the
    LaTeX escape sets them in \\lr{...}."""
    return _text(escape(text, code), "a title") if LANGUAGES[code].rtl else text


def plain(code, key, /, **values):
    """A message of the language as plain text; a Verbatim value stands as written."""
    return "".join(part.text if isinstance(part, Verbatim) else _text(part, f"message {key!r} of {code!r}")
                   for part in message_parts(code, key, **values))


@lru_cache(maxsize=None)
def labels(code=None):
    """The web forms' labels in a language, from its message table."""
    code = code or "en"
    found = {name: plain(code, key) for name, key in LABELS.items() if name != "layers"}
    found["layers"] = tuple(_text(cell.strip(), LABELS["layers"])
                            for cell in split_outside_math(message(code, LABELS["layers"]), "&"))
    for name in HEADINGS:
        found[name] = found[name].rstrip(".")
    return found


@dataclass
class StepView:
    """One displayed step: lhs = formula = numbers = result as one piece of display math, and a note."""

    tex: str
    note: Prose

    @classmethod
    def of(cls, step):
        """From a sheet Step or a derivation Line (lhs, parts, note: finished LaTeX)."""
        return cls(aligned(step.lhs, step.parts), prose(step.note))


def aligned(lhs, parts):
    """lhs = part = part ... as display math: one line for one part, else one '= part' per row."""
    if len(parts) == 1:
        return "%s = %s" % (lhs, parts[0])
    return r"\begin{aligned}%s &= %s\end{aligned}" % (lhs, r" \\ &= ".join(parts))


@dataclass
class BlockView:
    """A titled group of steps; per-sample blocks fold."""

    title: Prose
    text: Prose
    steps: list
    table: object
    sample: int


@dataclass
class SectionView:
    """A titled section of the derivation, or an iteration."""

    title: Prose
    intro: Prose
    steps: list = field(default_factory=list)
    outro: Prose = field(default_factory=Prose)
    displays: list = field(default_factory=list)  # display Math lines (parameters of an iteration)
    blocks: list = field(default_factory=list)
    anchor: str = ""


@dataclass
class ProofStepView:
    """One verified step of a proof: title, reason, the claim (display math) and how SymPy checked it."""

    number: int
    title: str
    heading: str  # "Step 1: title" in the sheet's language (plain text)
    why: Prose
    claim: str
    how: Prose
    verified: bool


@dataclass
class ProofView:
    """A proof: title, statement paragraphs, steps, figure panels with captions, tables with captions."""

    name: str
    title: str
    statement: list
    steps: list
    figures: list
    tables: list


@dataclass
class SheetView:
    """The whole sheet for the web forms."""

    title: str  # the user's text as written: each writer escapes it for its own format
    statement: dict
    layout_note: Prose
    derivation: list
    iterations: list
    summary: Table
    final_text: Prose
    final_params: list
    gradcheck_text: Prose
    gradcheck_table: Table
    proofs: list
    fold_samples: bool
    labels: dict = field(default_factory=labels)
    language: str = "en"  # the page's lang
    rtl: bool = False  # a right-to-left page (dir="rtl"); formulas stay left to right

    def unknown(self):
        """LaTeX commands of the sheet's prose the web forms could not read (the tests keep this empty)."""
        found = []

        def walk(item):
            if isinstance(item, (Prose, Table)):
                found.extend(item.unknown)
            else:
                for inner in _parts(item):
                    walk(inner)

        walk([self.statement, self.layout_note, self.derivation, self.iterations, self.summary, self.final_text,
              self.gradcheck_text, self.gradcheck_table, self.proofs])
        return found

    def math(self):
        """Every piece of math the sheet shows (what the renderer must typeset), in reading order."""
        found = []

        def walk(item):
            if isinstance(item, StepView):
                found.append(item.tex)
                walk(item.note)
            elif isinstance(item, ProofStepView):
                walk(item.why)
                found.append(item.claim)
                walk(item.how)
            elif isinstance(item, Math):
                found.append(item.tex)
            elif isinstance(item, Prose):
                found.extend(s.tex for s in item.segments if hasattr(s, "tex"))
            elif isinstance(item, Table):
                walk(item.head)
                walk(item.rows)
            else:
                for inner in _parts(item):
                    walk(inner)

        walk([self.statement, self.layout_note, self.derivation, self.iterations, self.summary, self.final_text,
              self.final_params, self.gradcheck_text, self.gradcheck_table, self.proofs])
        return found


def _displays(lines):
    """Display equations of the sheet (gathered lines of finished LaTeX math)."""
    return [Math(line, display=True) for line in lines]


# what the web statement makes of each part of the LaTeX statement (SheetBuilder.statement): a part the
# LaTeX sheet shows and this table does not name would be left out of the web forms, so _statement refuses it
STATEMENT_PARTS = {
    "network_text": "network", "layers": "layers", "layers_text": "layers_text", "loss_text": "loss",
    "loss_lines": "loss_steps", "data_text": "data_text", "data_rows": "data", "data_head": "data",
    "data_cols": "data", "init": "init", "init_text": "init_text", "optimizer_text": "optimizer",
    "rule_lines": "rule_steps",
}


def _statement(s, words, code):
    """The problem statement as the LaTeX sheet writes it (statement.tex.j2), every part of it."""
    unread = set(s) - set(STATEMENT_PARTS)
    if unread:
        raise ValueError(f"the web statement does not show {sorted(unread)}: add them to STATEMENT_PARTS")
    layers = Table("llllll", [[Prose([Text(h)]) for h in words["layers"]]],
                   [[prose(cell) for cell in row] for row in s["layers"]])
    data = None
    if s["data_rows"]:
        data = Table(s["data_cols"], [cells(s["data_head"])], [cells(row) for row in s["data_rows"]])
    return {
        "network": prose(s["network_text"]), "layers": layers, "layers_text": prose(s.get("layers_text", "")),
        "loss": prose(s["loss_text"]), "loss_steps": [StepView.of(st) for st in s["loss_lines"]],
        "data_text": prose(s["data_text"]), "data": data,
        "init": _displays(s["init"]), "init_text": prose(s["init_text"]) if not s["init"] else Prose(),
        "optimizer": prose(s["optimizer_text"]), "rule_intro": prose(message(code, "sheet.rule_intro")),
        "rule_steps": [StepView.of(st) for st in s["rule_lines"]],
    }


def _iteration(it):
    blocks = [BlockView(prose(b.title), prose(b.text), [StepView.of(st) for st in b.steps],
                        table(b.table) if b.table else None, b.sample) for b in it["blocks"]]
    return SectionView(prose(it["title"]), prose(it["intro"]), displays=_displays(it["params"]), blocks=blocks)


def _proof(p, code):
    read = prose
    steps = [ProofStepView(s.number, s.title,
                           plain(code, "proofs.step", n=s.number, title=Verbatim(_words(code, s.title))), read(s.why),
                           r"\begin{aligned}%s\end{aligned}" % s.claim, read(s.how), s.verified)
             for s in p.steps]
    figs = [{"caption": read(f["caption"]), "panels": [figures.panel(a, read) for a in f["axes"]]} for f in p.figures]
    tabs = [{"caption": read(t["caption"]), "table": Table(t["align"] or "r" * len(t["header"]),
                                                         [[read(h) for h in t["header"]]],
                                                         [[read(c) for c in row] for row in t["rows"]])}
            for t in p.tables]
    return ProofView(p.name, _words(code, p.title), [read(par) for par in p.statement], steps, figs, tabs)


def proof_views(problem):
    """The proofs the problem asks for, verified by SymPy (as for the PDF), as views."""
    if not problem.proofs:
        return []
    names, settings = proof_module.proof_settings(problem)
    return [_proof(proof_module.build(name, settings, problem.digits, problem.language), problem.language)
            for name in dict.fromkeys(names)]


def sheet_view(trace):
    """The web sheet of a solved trace (built once per trace: a notebook asks for it in several forms)."""
    cached = getattr(trace, "_web_sheet_view", None)
    if cached is not None:
        return cached
    ctx = SheetBuilder(trace).context()
    problem = trace.problem
    words = labels(problem.language)
    passes = sum(len(it.samples) for it in trace.iterations)
    derivation = [SectionView(prose(sec.title), prose(sec.intro), [StepView.of(line) for line in sec.lines],
                              prose(sec.outro), anchor="derivation-%d" % n)
                  for n, sec in enumerate(ctx["derivation"], start=1)]
    iterations = [_iteration(it) for it in ctx["iterations"]]
    for n, it in enumerate(iterations, start=1):
        it.anchor = "iteration-%d" % n
    view = SheetView(
        title=str(problem.title), statement=_statement(ctx["statement"], words, problem.language), layout_note=prose(ctx["summary_note"]),
        derivation=derivation, iterations=iterations, summary=table(ctx["summary_table"]),
        final_text=prose(ctx["final_text"]), final_params=_displays(ctx["final_params"]),
        gradcheck_text=prose(ctx["gradcheck"]["text"]), gradcheck_table=table(ctx["gradcheck"]["table"]),
        proofs=proof_views(problem), fold_samples=passes > FOLD_AFTER,
        labels=words, language=problem.language, rtl=LANGUAGES[problem.language].rtl,
    )
    trace._web_sheet_view = view
    return view


def _parts(item):
    """What a dict, list, tuple or dataclass of the view holds (nothing for anything else)."""
    if isinstance(item, dict):
        return list(item.values())
    if isinstance(item, (list, tuple)):
        return list(item)
    if hasattr(item, "__dataclass_fields__"):
        return [getattr(item, name) for name in item.__dataclass_fields__]
    return []
