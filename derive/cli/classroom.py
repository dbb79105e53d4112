"""The class subcommands: questions (a question sheet), variants (one per student) and grade (every submission)."""
import sys
from pathlib import Path

from .options import add_language_option
from ..errors import InputError
from ..forms.outputs import write_files

# The heavy modules (SymPy, the sheets) are imported by the command that runs, not when the CLI starts.


def register(sub):
    """Add questions, variants and grade to the CLI."""
    q = sub.add_parser("questions", help="the question sheet: the problem, what to compute and blanks, no solution",
                       description="Write the question sheet of a problem file: the problem statement (as on the "
                                   "answer sheet), then every number to work out with its key and blanks in its "
                                   "shape, and no solution: OUTDIR/NAME-questions.tex and .pdf.")
    q.add_argument("problem", help="problem file")
    q.add_argument("-o", "--outdir", default="build", help="output folder (default: build)")
    group = q.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="write the .tex only")
    add_language_option(q, "the question sheet")
    q.set_defaults(func=questions_command)

    v = sub.add_parser("variants", description="Write a variant of a problem file with a [vary] table for every "
                                               "student of a roster (or --count N): DIR/ID/ holds the variant's "
                                               "problem file, question and answer sheets, JSON and a claims file to "
                                               "fill in; DIR/variants.csv lists them. The same roster and seed give "
                                               "the same files.",
                       help="a variant of the problem for every student: problem file, question and "
                                        "answer sheets, JSON, a claims file to fill, and variants.csv")
    v.add_argument("problem", help="problem file with a [vary] table")
    who = v.add_mutually_exclusive_group(required=True)
    who.add_argument("--roster", metavar="CSV", help="the class list: a CSV file with an id column")
    who.add_argument("--count", type=int, metavar="N", help="N variants, with the ids v001, v002, ...")
    v.add_argument("--id-column", default="id", metavar="NAME", help="the roster's id column (default: id)")
    v.add_argument("-o", "--outdir", default="build/variants", help="output folder (default: build/variants)")
    v.add_argument("--seed", type=int, help="the problem's seed, in place of [vary] seed")
    v.add_argument("--jobs", type=int, metavar="N", help="processes to use (default: every core)")
    add_scheduler_option(v)
    group = v.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="the sheets' .tex, no PDF")
    group.add_argument("--json-only", action="store_true", help="problem files, JSON and claims files; no sheets")
    v.set_defaults(func=variants_command)

    g = sub.add_parser("grade", help="mark every student's claims file against their own variant: grades.csv",
                       description="Mark SUBMISSIONS_DIR/ID.toml of every student in DIR/variants.csv against "
                                   "that student's own variant, as derive check does, and write one row per "
                                   "student (status, correct, carried and wrong counts, score, first wrong key, "
                                   "reason) to the grades file.")
    g.add_argument("variants", metavar="DIR", help="the folder derive variants wrote")
    g.add_argument("--claims", required=True, metavar="SUBMISSIONS_DIR",
                   help="folder of the students' claims files, named ID.toml")
    g.add_argument("-o", "--output", default="grades.csv", help="the grades file (default: grades.csv)")
    g.add_argument("--weights", default="", metavar="W",
                   help="score weights, e.g. correct=1,carried=0.5,wrong=0 (these are the defaults)")
    g.add_argument("--marked", metavar="FOLDER", help="also write each student's marked sheet, FOLDER/ID-marked.pdf")
    g.add_argument("--jobs", type=int, metavar="N", help="processes to use (default: every core)")
    add_scheduler_option(g)
    g.set_defaults(func=grade_command)


def add_scheduler_option(parser):
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on the Dask cluster of this scheduler (tcp://host:8786; needs derive[cluster]) "
                             "instead of this machine's cores; the files are written here, as a local run writes them")


def questions_command(args):
    from ..problem import limits, spec
    from ..forms import tex
    from ..errors import TexError, TexMissing
    from ..language import LANGUAGES
    from ..engine.pipeline import solve_file
    from ..classroom.questions import questions_tex

    problem = spec.load(args.problem, args.language)
    limits.check_sheet(problem)
    source = questions_tex(solve_file(args.problem, args.language))
    stem = Path(args.outdir) / f"{problem.name}-questions"
    files = {stem.with_suffix(".tex"): source}
    message = ""
    if args.pdf is not False:
        engine = LANGUAGES[problem.language].engine
        try:
            files[stem.with_suffix(".pdf")] = tex.pdf_bytes(source, engine=engine)
        except TexMissing as err:
            if args.pdf or engine != "pdflatex":  # as derive solve: asking for Persian is asking for its PDF
                print(f"derive: {err}", file=sys.stderr)
                return 1
            message = str(err)
        except TexError as err:
            print(f"derive: LaTeX failed for {args.problem}:\n{err}", file=sys.stderr)
            return 1
    for path in _write(files, args.outdir):
        print(f"wrote {path}")
    if message:
        print(f"derive: {message}", file=sys.stderr)
    return 0


def variants_command(args):
    from ..problem import limits, spec
    from ..forms import tex
    from ..language import LANGUAGES
    from ..classroom import pool, roster, variants
    from ..classroom.vary import MAX_SEED, plan_of

    problem = spec.load(args.problem)
    if args.seed is not None and not 0 <= args.seed <= MAX_SEED:
        raise InputError("--seed", None, f"a whole number from 0 to {MAX_SEED}", args.seed)
    plan = plan_of(problem, args.seed)
    if args.roster:
        ids = roster.read(args.roster, args.id_column)
    elif not 1 <= args.count <= roster.MAX_STUDENTS:
        raise InputError("--count", None, f"a whole number from 1 to {roster.MAX_STUDENTS}", args.count)
    else:
        ids = roster.numbered(args.count)
    _jobs_option(args.jobs)
    sheets = not args.json_only
    if sheets:
        limits.check_sheet(problem)
    engine = LANGUAGES[problem.language].engine
    _, installed, hint, _ = tex.ENGINES[engine]
    # as derive solve: a missing TeX with --pdf, or a missing XeLaTeX for sheets in Persian, stops before any work
    if sheets and args.pdf is not False and (args.pdf or engine != "pdflatex") and not installed():
        print(f"derive: {hint}", file=sys.stderr)
        return 1
    outdir = Path(args.outdir)
    local = args.scheduler is None
    if local:
        variants.warm(problem, sheets)  # before the worker processes fork from this one
    jobs = [variants.Job(plan, student, outdir, sheets, False if args.json_only else args.pdf, write=local)
            for student in ids]
    rows = pool.run(variants.make, jobs, variants.crashed, args.jobs, "variants", args.scheduler, variants.deliver)
    written = _write({outdir / variants.CSV_NAME: variants.csv_text(rows)}, outdir)
    failed = [r for r in rows if r.status != variants.OK]
    redrawn = [r for r in rows if r.status == variants.OK and r.draw > 1]
    stuck = [r for r in rows if r.status == variants.OK and r.degenerate]
    for r in failed:
        print(f"derive: variant {r.id} {r.status}", file=sys.stderr)
    for r in stuck:
        print(f"derive: variant {r.id}: every one of {plan.draws} draws is degenerate; kept draw {r.draw}: "
              f"{r.degenerate}", file=sys.stderr)
    notes = {r.message for r in rows if r.message}
    for note in sorted(notes):
        print(f"derive: {note}", file=sys.stderr)
    made = len(rows) - len(failed)
    what = "problem files, JSON and claims files" if args.json_only else \
        "question and answer sheets" + ("" if notes or args.pdf is False else " (PDF)")
    print(f"wrote {made} of {len(rows)} variants ({what}) to {outdir}/; {written[0]} lists them"
          + (f"; {len(redrawn)} redrawn for degenerate numbers" if redrawn else ""))
    return 1 if failed else 0


def grade_command(args):
    from ..classroom import grading, pool, variants

    weights = grading.weights_of(args.weights)
    students = grading.read_variants(args.variants)
    claims = Path(args.claims)
    if not claims.is_dir():
        raise InputError(claims, None, "a folder of claims files named ID.toml", "no such folder")
    _jobs_option(args.jobs)
    marked = Path(args.marked) if args.marked else None
    local = args.scheduler is None
    if not local:  # the cluster's workers read the files: by paths that do not depend on this process's folder
        claims = claims.resolve()
        students = [(student, problem and problem.resolve(), why) for student, problem, why in students]
    jobs = [grading.Job(student, problem, claims / f"{student}.toml", tuple(weights.items()), marked, why, write=local)
            for student, problem, why in students]
    rows = pool.run(grading.grade, jobs, grading.crashed, args.jobs, "grading", args.scheduler, grading.deliver)
    known = {j.claims.name for j in jobs}
    for extra in sorted(p.name for p in claims.glob("*.toml") if p.name not in known):
        print(f"derive: {claims / extra}: no student of that id in {args.variants}/{variants.CSV_NAME}; not graded",
              file=sys.stderr)
    _write({args.output: grading.csv_text(rows)}, Path(args.output).parent)
    counts = {s: sum(r.status == s for r in rows) for s in (grading.GRADED, grading.MISSING, grading.BROKEN,
                                                            grading.NO_VARIANT)}
    others = ", ".join(f"{n} {s}" for s, n in counts.items() if n and s != grading.GRADED)
    print(f"graded {counts[grading.GRADED]} of {len(rows)} students" + (f" ({others})" if others else "")
          + f"; wrote {args.output}")
    unmarked = [r for r in rows if r.reason.startswith("marked sheet not written")]
    for r in unmarked:
        print(f"derive: {r.id}: {r.reason}", file=sys.stderr)
    return 1 if unmarked else 0


def _jobs_option(jobs):
    if jobs is not None and not 1 <= jobs <= 256:
        raise InputError("--jobs", None, "a whole number from 1 to 256", jobs)


def _write(files, outdir):
    try:
        return write_files(files)
    except OSError as err:
        raise InputError(outdir, None, "an output folder derive can create and write to",
                         err.strerror or str(err)) from None
