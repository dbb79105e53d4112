"""The answer sheet for the web forms (HTML, Markdown, notebooks), as data: the LaTeX sheet's own steps,
prose and tables (derive.sheet, derive.derivation, derive.proofs) read back into text runs and math."""
from dataclasses import dataclass, field

from .. import proofs as proof_module
from ..pipeline import proof_settings
from ..sheet import SheetBuilder
from . import figures
from .prose import Math, Prose, Table, Text, cells, prose, table

FOLD_AFTER = 6  # more per-sample passes (samples x iterations) than this: per-sample sections start folded
LABELS = {  # the headings and words the LaTeX template writes itself
    "byline": "Worked solution",
    "problem": "The problem",
    "layers": ("layer", "units", "activation", "weight", "bias", "values"),
    "data": "Data",
    "init": "Initial values",
    "optimizer": "Optimizer",
    "layout": "How this sheet is laid out",
    "derivation": "Derivation",
    "summary": "Summary",
    "gradcheck": "Symbolic and numeric gradients",
    "appendix": "Appendix",
    "claim": "Claim.",
    "proof": "Proof.",
    "proof_intro": "Every relation below was checked by SymPy when this document was built.",
    "step": "Step",
    "verified": "verified by SymPy:",
    "not_verified": "not verified",
    "figure": "Figure",
    "figure_elsewhere": "(The figure is drawn in the HTML and PDF sheets.)",
    "table": "Table",
    "contents": "Contents",
    "generator": "derive",
}


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
    labels: dict = field(default_factory=lambda: LABELS)

    def unknown(self):
        """LaTeX commands of the sheet's prose the web forms could not read (the tests keep this empty)."""
        found = []

        def walk(item):
            if isinstance(item, (Prose, Table)):
                found.extend(item.unknown)
            elif isinstance(item, dict):
                for v in item.values():
                    walk(v)
            elif isinstance(item, (list, tuple)):
                for v in item:
                    walk(v)
            elif hasattr(item, "__dataclass_fields__"):
                for name in item.__dataclass_fields__:
                    walk(getattr(item, name))

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
            elif isinstance(item, dict):
                for v in item.values():
                    walk(v)
            elif isinstance(item, (list, tuple)):
                for v in item:
                    walk(v)
            elif hasattr(item, "__dataclass_fields__"):
                for name in item.__dataclass_fields__:
                    walk(getattr(item, name))

        walk([self.statement, self.layout_note, self.derivation, self.iterations, self.summary, self.final_text,
              self.final_params, self.gradcheck_text, self.gradcheck_table, self.proofs])
        return found


def _displays(lines):
    """Display equations of the sheet (gathered lines of finished LaTeX math)."""
    return [Math(line, display=True) for line in lines]


def _statement(s):
    layers = Table("llllll", [[Prose([Text(h)]) for h in LABELS["layers"]]],
                   [[prose(cell) for cell in row] for row in s["layers"]])
    data = None
    if s["data_rows"]:
        data = Table(s["data_cols"], [cells(s["data_head"])], [cells(row) for row in s["data_rows"]])
    return {
        "network": prose(s["network_text"]), "layers": layers, "loss": prose(s["loss_text"]),
        "data_text": prose(s["data_text"]), "data": data,
        "init": _displays(s["init"]), "init_text": prose(s["init_text"]) if not s["init"] else Prose(),
        "optimizer": prose(s["optimizer_text"]),
    }


def _iteration(it):
    blocks = [BlockView(prose(b.title), prose(b.text), [StepView.of(st) for st in b.steps],
                        table(b.table) if b.table else None, b.sample) for b in it["blocks"]]
    return SectionView(prose(it["title"]), prose(it["intro"]), displays=_displays(it["params"]), blocks=blocks)


def _proof(p):
    read = prose
    steps = [ProofStepView(s.number, s.title, read(s.why), r"\begin{aligned}%s\end{aligned}" % s.claim, read(s.how),
                           s.verified) for s in p.steps]
    figs = [{"caption": read(f["caption"]), "panels": [figures.panel(a, read) for a in f["axes"]]} for f in p.figures]
    tabs = [{"caption": read(t["caption"]), "table": Table(t["align"] or "r" * len(t["header"]),
                                                         [[read(h) for h in t["header"]]],
                                                         [[read(c) for c in row] for row in t["rows"]])}
            for t in p.tables]
    return ProofView(p.name, p.title, [read(par) for par in p.statement], steps, figs, tabs)


def proof_views(problem):
    """The proofs the problem asks for, verified by SymPy (as for the PDF), as views."""
    if not problem.proofs:
        return []
    names, settings = proof_settings(problem)
    return [_proof(proof_module.build(name, settings, problem.digits)) for name in dict.fromkeys(names)]


def sheet_view(trace):
    """The web sheet of a solved trace (built once per trace: a notebook asks for it in several forms)."""
    cached = getattr(trace, "_web_sheet_view", None)
    if cached is not None:
        return cached
    ctx = SheetBuilder(trace).context()
    problem = trace.problem
    passes = sum(len(it.samples) for it in trace.iterations)
    derivation = [SectionView(prose(sec.title), prose(sec.intro), [StepView.of(line) for line in sec.lines],
                              prose(sec.outro), anchor="derivation-%d" % n)
                  for n, sec in enumerate(ctx["derivation"], start=1)]
    iterations = [_iteration(it) for it in ctx["iterations"]]
    for n, it in enumerate(iterations, start=1):
        it.anchor = "iteration-%d" % n
    view = SheetView(
        title=str(problem.title), statement=_statement(ctx["statement"]), layout_note=prose(ctx["summary_note"]),
        derivation=derivation, iterations=iterations, summary=table(ctx["summary_table"]),
        final_text=prose(ctx["final_text"]), final_params=_displays(ctx["final_params"]),
        gradcheck_text=prose(ctx["gradcheck"]["text"]), gradcheck_table=table(ctx["gradcheck"]["table"]),
        proofs=proof_views(problem), fold_samples=passes > FOLD_AFTER,
    )
    trace._web_sheet_view = view
    return view
