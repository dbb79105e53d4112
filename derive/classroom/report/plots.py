"""The class report's plots, drawn by matplotlib: each as SVG text (inlined in report.html) and PDF bytes
(included in report.pdf), the same figure for both."""
import io
from dataclasses import dataclass

from ...marking.check import CARRIED, CORRECT, WRONG
from ...errors import InputError
from .summary import BLANK, SHARES

COLOURS = {CORRECT: "#2e7d32", CARRIED: "#f9a825", WRONG: "#c62828", BLANK: "#bdbdbd"}
PHASE_SHADE = {"forward": "#e3f2fd", "backward": "#fce4ec", "update": "#f1f8e9"}
INSTALL = "the class report's plots need matplotlib: pip install 'derive[classroom]' (or ./setup.sh --with classroom)"


@dataclass
class Figure:
    """One plot in both forms."""

    svg: str
    pdf: bytes


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise InputError("derive report", None, INSTALL, "no matplotlib") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "pdf.fonttype": 42, "font.size": 9,
                         "svg.hashsalt": "derive", "path.simplify": False})
    return plt


def _both(fig):
    plt = _pyplot()
    svg, pdf = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    fig.savefig(pdf, format="pdf", bbox_inches="tight", metadata={"CreationDate": None})
    plt.close(fig)
    text = svg.getvalue()
    return Figure(text[text.index("<svg"):], pdf.getvalue())  # no XML declaration or DOCTYPE inside HTML


def histogram(summary, words):
    """The score distribution, with the mean and median marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 2.6))
    ax.hist(summary.scores, bins=[10 * n for n in range(11)], color="#1565c0", edgecolor="white")
    for value, style, label in ((summary.mean, "--", words["mean"]), (summary.median, ":", words["median"])):
        if value is not None:
            ax.axvline(value, color="black", linestyle=style, label=f"{label} {value:.1f}")
    ax.set_xlim(0, 100)
    ax.set_xlabel(words["score"])
    ax.set_ylabel(words["students"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    if summary.scores:
        ax.legend(frameon=False)
    return _both(fig)


def steps(summary, words):
    """Every step of the derivation, in the sheet's order, a row of bars per iteration: the share of students
    correct, carried, wrong or silent, over bands of the forward pass, the backward pass and the update."""
    plt = _pyplot()
    rows = {}
    for step in summary.steps:
        rows.setdefault(step.family.split(".", 1)[0], []).append(step)
    width = max(len(items) for items in rows.values()) if rows else 1
    fig, axes = plt.subplots(len(rows) or 1, 1, figsize=(max(6, 0.3 * width + 1.2), 2.6 * max(len(rows), 1)),
                             squeeze=False)
    for ax, (iteration, items) in zip(axes[:, 0], rows.items()):
        x = range(len(items))
        bottom = [0.0] * len(items)
        for what in SHARES:
            heights = [100 * s.share(what) for s in items]
            ax.bar(x, heights, bottom=bottom, color=COLOURS[what], width=0.8, label=words[what])
            bottom = [b + h for b, h in zip(bottom, heights)]
        start = 0
        for n in range(1, len(items) + 1):  # a band behind each run of steps of one phase
            if n == len(items) or items[n].phase != items[start].phase:
                ax.axvspan(start - 0.5, n - 0.5, color=PHASE_SHADE[items[start].phase], zorder=0)
                ax.text((start + n - 1) / 2, 103, words[items[start].phase], ha="center", va="bottom", fontsize=8)
                start = n
        ax.set_xticks(list(x), [s.family.split(".", 1)[1] for s in items], rotation=90, fontsize=7,
                      family="monospace")
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_ylim(0, 115)
        ax.set_ylabel(f"{iteration}: {words['share']}", fontsize=8)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, frameon=False, ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout()
    return _both(fig)


def first_errors(summary, words):
    """How many students' first error lies in each step (the most frequent first)."""
    plt = _pyplot()
    pairs = summary.first_errors[:12]
    fig, ax = plt.subplots(figsize=(6, 0.3 * max(len(pairs), 1) + 0.9))
    ax.barh(range(len(pairs)), [n for _, n in pairs], color=COLOURS[WRONG])
    ax.set_yticks(range(len(pairs)), [name for name, _ in pairs], family="monospace", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(words["students"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _both(fig)
