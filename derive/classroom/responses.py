"""Answers typed into a platform, read back: Moodle's quiz Responses report (one row per attempt, the Cloze
response per question) or a plain CSV (one row per student, one column per key); each becomes a claims table."""
import csv
import io
import re
from dataclasses import dataclass

from ..problem import files
from ..errors import InputError
from .roster import STUDENT_ID

# Moodle's summary of a Cloze response (qtype_multianswer: 'part {i}: {response}' joined by '; '); the word "part"
# is in the site's language, so any word is read
PART = re.compile(r"(?:^|;\s*)[^\s:;]+\s*(\d+)\s*:\s*([^;]*)")
MARK = re.compile(r"(?<![^\s(\[])([^\s:]+):([A-Za-z0-9][A-Za-z0-9._@+-]{0,63})(?![A-Za-z0-9._@+-])")
RESPONSE = re.compile(r"Response (\d+)\Z")
MOODLE_FIRST_SKIPPED = ("State", "Status")  # the identity columns of an attempt end before this one


@dataclass
class Attempt:
    """One row read back: who (their columns), which variant, and their numbers by part or by key."""

    line: int
    person: dict
    variant: str  # "" when the row names none of the class's variants
    parts: dict  # Moodle: {part number: text}; a plain CSV: {key: text}
    why: str = ""
    by_part: bool = False  # Moodle's Cloze parts, numbered in the order of the question's gaps


def read(path, known):
    """Attempts of a Moodle Responses report or a plain responses CSV; `known` is the class's variant ids."""
    data = files.read_bytes(path, "responses (CSV)")
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except UnicodeDecodeError:
        raise InputError(path, None, "UTF-8 text", "bytes that are not UTF-8") from None
    except csv.Error as err:
        raise InputError(path, None, "a CSV file", f"a syntax error ({err})") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(path, None, "a header row and a row per attempt", "an empty file")
    header = [h.strip() for h in rows[0]]
    if any(RESPONSE.match(h) for h in header):
        return _moodle(path, header, rows[1:], set(known))
    return _plain(path, header, rows[1:], set(known))


def _moodle(path, header, rows, known):
    questions = {m.group(1): n for n, h in enumerate(header) if (m := re.match(r"Question (\d+)\Z", h))}
    answers = {m.group(1): n for n, h in enumerate(header) if (m := RESPONSE.match(h))}
    if not questions:
        raise InputError(path, "Question 1", "Moodle's Responses report with the question text included (its "
                                             "option 'Question text'): each attempt's variant is read from it",
                         "no Question column")
    end = next((n for n, h in enumerate(header) if h in MOODLE_FIRST_SKIPPED), len(header))
    out = []
    for line, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))
        person = {header[n]: row[n].strip() for n in range(end)}
        found = [(q, m.group(2)) for q in sorted(questions, key=int) for m in MARK.finditer(row[questions[q]])
                 if m.group(2) in known and q in answers]
        if not found:
            out.append(Attempt(line, person, "", {}, "no question of this class's variants in the attempt", True))
            continue
        number, variant = found[0]
        parts = {int(m.group(1)): m.group(2).strip() for m in PART.finditer(row[answers[number]])}
        out.append(Attempt(line, person, variant, parts, by_part=True))
    return out


def _plain(path, header, rows, known):
    ids = [n for n, h in enumerate(header) if h.lower() == "id"]
    if len(ids) != 1:
        raise InputError(path, "id", "Moodle's Responses report (columns Response 1, ...) or a plain CSV with "
                                     "one column id and one column per key", "neither")
    at = ids[0]
    out = []
    for line, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))
        student = row[at].strip()
        if not STUDENT_ID.match(student):
            raise InputError(path, f"id (line {line})", "a student's id", repr(student[:40]))
        parts = {header[n]: row[n].strip() for n in range(len(header)) if n != at and row[n].strip()}
        out.append(Attempt(line, {}, student if student in known else "", parts,
                           "" if student in known else f"no variant {student} in the class"))
    return out


def claims_of(attempt, keys):
    """The claims table of an attempt: {element key: number as typed}; a Moodle attempt's parts follow `keys`,
    the element keys of its question's gaps in order (Moodle lists every part, answered or not). Returns (table,
    why not)."""
    if attempt.by_part:
        if attempt.parts and max(attempt.parts) != len(keys):
            return None, (f"the response has {max(attempt.parts)} parts, the question {len(keys)} gaps: give "
                          f"derive grade the --keys the quiz was exported with")
        return {keys[n - 1]: _number(text) for n, text in attempt.parts.items() if text}, ""
    return dict(attempt.parts), ""


def _number(text):
    """A number as Moodle keeps it: a decimal comma read as a point."""
    text = text.strip()
    return text.replace(",", ".") if "," in text and "." not in text else text


def jobs(path, students, patterns, weights, marked):
    """(grading jobs, the person of each) of a responses file: one per attempt, each against its own variant; an
    attempt that cannot be graded is its grades.csv row already (a Grade, not a Job)."""
    from pathlib import Path

    from ..engine.pipeline import solve_file
    from .grading import BROKEN, NO_VARIANT, Grade, Job
    from .moodle import gaps

    problems = {student: problem for student, problem, _ in students if problem is not None}
    attempts = read(path, problems)
    keys = []
    if any(a.by_part and a.variant for a in attempts):
        # the gaps of every variant have the same keys (a variant draws numbers, not another network)
        keys = [g.key for g in gaps(solve_file(next(iter(problems.values()))), patterns)]
    out = []
    for a in attempts:
        if not a.variant:
            out.append(Grade(f"line {a.line}", NO_VARIANT, reason=a.why))
            continue
        table, why = claims_of(a, keys)
        if table is None:
            out.append(Grade(a.variant, BROKEN, reason=why))
            continue
        out.append(Job(a.variant, problems[a.variant], Path(Path(path).name + f" (line {a.line})"), weights, marked,
                       answers=tuple(table.items()), asked=tuple(keys) if a.by_part else None))
    return out, [a.person for a in attempts]
