"""derive report: the class report (report.html with inline SVG plots, report.pdf) of a graded class."""
import sys
from pathlib import Path

from ..errors import InputError


def register(sub):
    """Add report to the CLI."""
    r = sub.add_parser("report", help="the class report of a graded class: report.html and report.pdf",
                       description="Write the class report of DIR (the folder derive variants wrote) graded into "
                                   "GRADES (derive grade's grades.csv, with its marks file beside it): the score "
                                   "distribution, every step's share of students correct, carried or wrong, the "
                                   "steps where first errors lie and the lowest scores, as OUTDIR/report.html "
                                   "(self-contained) and OUTDIR/report.pdf.")
    r.add_argument("variants", metavar="DIR", help="the folder derive variants wrote")
    r.add_argument("grades", metavar="GRADES", help="the grades file derive grade wrote")
    r.add_argument("-o", "--outdir", help="output folder (default: the grades file's folder)")
    r.add_argument("--lowest", type=int, default=5, metavar="N", help="list the N lowest scores (default: 5)")
    group = r.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="report.html only")
    r.set_defaults(func=report_command)


def report_command(args):
    from ..classroom import grading, pool
    from ..forms.outputs import check_outputs, write_outputs
    from ..classroom import gradebook
    from ..classroom.report import document, summary
    from ..errors import TexMissing
    from ..engine.pipeline import solve_file

    if not 0 <= args.lowest <= 1000:
        raise InputError("--lowest", None, "a whole number from 0 to 1000", args.lowest)
    bar = pool.progress(5, "report")
    try:
        made = [(student, problem) for student, problem, _ in grading.read_variants(args.variants) if problem]
        if not made:
            raise InputError(Path(args.variants) / "variants.csv", None, "at least one variant made", "none")
        outdir = Path(args.outdir or Path(args.grades).parent)
        inputs = [args.grades, gradebook.marks_path(args.grades), Path(args.variants) / "variants.csv"] + \
            [problem for _, problem in made]
        check_outputs([outdir / "report.html", outdir / "report.pdf"], inputs)  # before any work
        rows, verdicts = summary.read_grades(args.grades)
        trace = solve_file(made[0][1])  # the steps and their order: every variant has the same
        bar.update(1)
        found = summary.summarise(trace, rows, verdicts, args.lowest, made[0][0])
        code = trace.problem.language
        figs = document.figures(found, code)
        bar.update(1)
        files = {outdir / "report.html": document.html_page(found, figs, code)}
        bar.update(1)
        message = ""
        if args.pdf is not False:
            try:
                files[outdir / "report.pdf"] = document.pdf(found, figs, code)
            except TexMissing as err:
                if args.pdf:
                    print(f"derive: {err}", file=sys.stderr)
                    return 1
                message = str(err)
        bar.update(1)
        written = write_outputs(files, inputs)
        bar.update(1)
    finally:
        bar.close()
    for path in written:
        print(f"wrote {path}")
    if found.first_errors:
        name, n = found.first_errors[0]
        print(f"most frequent first error: {name} ({n} of {len(found.scores)} graded students)")
    if message:
        print(f"derive: {message}", file=sys.stderr)
    return 0
