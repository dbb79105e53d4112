"""Moodle XML (the qformat_xml import): a category and one Cloze question per variant, each number asked a
NUMERICAL gap whose tolerance is the marking policy's."""
import fnmatch
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from ..marking.claims import element_key
from ..errors import InputError
from ..marking.policy import Policy
from .questions import asked

PENALTY = "0.3333333"  # Moodle's default penalty for each wrong try
MAX_IDNUMBER = 100  # Moodle's question idnumber column


@dataclass(frozen=True)
class Gap:
    """One number asked: its element key, LaTeX symbol, true value and the tolerance the policy allows."""

    key: str
    quantity: str
    symbol: str
    value: float
    tolerance: float

    @property
    def cloze(self):
        """The Cloze code of the gap: full marks for the value within the tolerance."""
        return "{1:NUMERICAL:=%s:%s}" % (number(self.value), number(self.tolerance))


def number(x):
    """A float as Moodle's Cloze parser reads it (digits, a point, an exponent): the shortest exact form."""
    text = repr(float(x))
    return "0" if text in ("0.0", "-0.0") else text


def patterns_of(text):
    """--keys it1.s1.*,it1.grad.*,it1.W[1,2]: keys or shell-style patterns (a comma inside [...] is an element's),
    or None for every asked key."""
    found = [p.strip() for p in re.split(r",(?![^\[\]]*\])", text or "") if p.strip()]
    return found or None


def matches(key, pattern):
    """True when a key fits a pattern of --keys: * and ? are wildcards; brackets are an element's index."""
    return fnmatch.fnmatchcase(key, pattern.replace("[", "[[]"))


def gaps(trace, patterns=None, policy=None):
    """Every number the question sheet asks for whose quantity or element key matches one of `patterns`."""
    policy = policy or Policy.from_problem(trace.problem)
    out = []
    for key in asked(trace):
        q = trace[key]
        values = np.asarray(q.value, dtype=float).reshape(q.shape)
        symbols = np.asarray(q.element_symbols(), dtype=object).reshape(q.shape)
        for idx in np.ndindex(q.shape):
            name = element_key(key, q.shape, idx)
            if patterns and not any(matches(k, p) for p in patterns for k in (key, name)):
                continue
            value = float(values[idx])
            out.append(Gap(name, key, symbols[idx], value, policy.tolerance(value)))
    return out


def unmatched(patterns, gap_lists):
    """The patterns of --keys that match no number of any question (a typo)."""
    return [p for p in patterns or () if not any(matches(k, p) for gs in gap_lists for g in gs
                                                  for k in (g.key, g.quantity))]


def question_name(problem_name, student):
    """The question's name: problem and variant, which the responses read back are matched by."""
    return f"{problem_name}:{student}"


# The opening of a Cloze code anywhere in the question text: only the gaps' own may be read as one
CODE = re.compile(r"\{(?=\d*:[A-Za-z_]+:)")
SLOT = "\ue000{}\ue001"  # where a gap goes while the rest of the text is made safe (private-use characters)


def question_html(trace, name, question_gaps):
    """The question text: the statement as HTML with TeX math, then a table of gaps; a brace in the problem's
    own text that Moodle's Cloze parser would read as a code is written as &#123; (the same brace on the page)."""
    from ..forms.web.html import environment
    from ..forms.web.view import labels, plain, sheet_view

    code = trace.problem.language
    view = sheet_view(trace)
    slots = [SimpleNamespace(symbol=g.symbol, key=g.key, cloze=SLOT.format(n)) for n, g in enumerate(question_gaps)]
    html = environment().get_template("moodle_question.html.j2").render(
        name=name, title=str(trace.problem.title), s=view.statement, L=labels(code),
        compute=plain(code, "questions.compute"), gaps=slots, rtl=view.rtl)
    html = CODE.sub("&#123;", html)
    for n, g in enumerate(question_gaps):
        html = html.replace(SLOT.format(n), g.cloze)
    return html


def _text(parent, tag, text, **attrs):
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = text
    return element


def quiz_xml(category, questions):
    """The Moodle XML file: [(name, question text HTML)] as Cloze questions in `category`."""
    quiz = ET.Element("quiz")
    head = ET.SubElement(quiz, "question", type="category")
    _text(head, "category", f"$course$/top/{category}")
    _text(head, "info", "", format="html")
    for name, html in questions:
        q = ET.SubElement(quiz, "question", type="cloze")
        _text(q, "name", name)
        _text(q, "questiontext", html, format="html")
        _text(q, "generalfeedback", "", format="html")
        ET.SubElement(q, "penalty").text = PENALTY
        ET.SubElement(q, "hidden").text = "0"
        if len(name) <= MAX_IDNUMBER:
            ET.SubElement(q, "idnumber").text = name
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"



@dataclass(frozen=True)
class Job:
    """What a worker needs to write one variant's question."""

    student: str
    problem: object  # the variant's problem file
    category: str
    patterns: tuple


def question(job):
    """(name, question text, gaps) of one variant; a variant that cannot be solved is an InputError's text."""
    from ..engine.pipeline import solve_file

    try:
        trace = solve_file(job.problem)
    except InputError as err:
        return job.student, None, str(err)
    name = question_name(job.category, job.student)
    found = gaps(trace, job.patterns)
    return name, question_html(trace, name, found), found


def crashed(job, err):
    return job.student, None, f"the worker process stopped ({type(err).__name__})"
