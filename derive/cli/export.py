"""derive export moodle: every variant of a class as a Cloze question of one Moodle XML file."""
import sys
from pathlib import Path

from ..errors import InputError
from .options import add_jobs_option


def register(sub):
    """Add export to the CLI."""
    e = sub.add_parser("export", help="the class's variants for a learning platform: a Moodle XML question file",
                       description="Write one Moodle XML file (Moodle's question import, format Moodle XML) with a "
                                   "category and one Cloze (embedded answers) question per variant in DIR: the "
                                   "problem statement and a NUMERICAL gap for every number asked, its tolerance "
                                   "half a unit in the last digit the marking policy requires.")
    e.add_argument("platform", choices=["moodle"], help="the platform (moodle)")
    e.add_argument("variants", metavar="DIR", help="the folder derive variants wrote")
    e.add_argument("-o", "--output", default="quiz.xml", help="the XML file (default: quiz.xml)")
    e.add_argument("--keys", default="", metavar="PATTERNS",
                   help="ask only these numbers: comma-separated keys or patterns, e.g. 'it1.s1.*,it1.grad.*' "
                        "(default: every number the question sheet asks for)")
    e.add_argument("--category", metavar="NAME", help="the question category (default: the folder's name)")
    add_jobs_option(e)
    e.set_defaults(func=export_command)


def export_command(args):
    from ..classroom import grading, moodle, pool
    from ..forms.outputs import check_outputs, write_outputs
    from .options import check_jobs

    students = grading.read_variants(args.variants)
    category = args.category or Path(args.variants).resolve().name
    if not category.strip() or "/" in category:
        raise InputError("--category", None, "a category name without /", repr(category))
    check_jobs(args.jobs)
    inputs = [Path(args.variants) / "variants.csv"] + [problem for _, problem, _ in students if problem]
    check_outputs([args.output], inputs)  # before any work, as every command
    patterns = moodle.patterns_of(args.keys)
    jobs = [moodle.Job(student, problem, category, tuple(patterns or ()))
            for student, problem, _ in students if problem is not None]
    if not jobs:
        raise InputError(Path(args.variants) / "variants.csv", None, "at least one variant made", "none")
    results = pool.run(moodle.question, jobs, moodle.crashed, args.jobs, "questions")
    made = [(name, html) for name, html, _ in results if html is not None]
    for student, html, why in results:
        if html is None:
            print(f"derive: variant {student}: {why}", file=sys.stderr)
    missing = moodle.unmatched(patterns, [g for _, html, g in results if html is not None])
    if missing:
        raise InputError("--keys", missing[0], "a pattern matching keys the question sheet asks for "
                                               "(such as it1.s1.* or it1.grad.*)", "no key of any variant")
    asked = {len(g) for _, html, g in results if html is not None}
    write_outputs({args.output: moodle.quiz_xml(category, made)}, inputs)
    print(f"wrote {args.output}: {len(made)} Cloze questions in category {category}; "
          f"gaps per question: {'/'.join(map(str, sorted(asked)))}")
    return 1 if len(made) < len(students) else 0
