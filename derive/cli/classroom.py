"""The class subcommands: questions (a question sheet), variants (one per student) and grade (every submission)."""
import dataclasses
import sys
from pathlib import Path

from .check import add_policy_options
from .options import add_detail_option, add_jobs_option, add_language_option, check_jobs
from ..errors import InputError
from ..forms.outputs import check_outputs, write_outputs

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
    add_detail_option(q)
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
    add_jobs_option(v)
    add_scheduler_option(v)
    group = v.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="the sheets' .tex, no PDF")
    group.add_argument("--json-only", action="store_true", help="problem files, JSON and claims files; no sheets")
    add_detail_option(v)
    v.set_defaults(func=variants_command)

    g = sub.add_parser("grade", help="mark every student's claims file against their own variant: grades.csv",
                       description="Mark SUBMISSIONS_DIR/ID.toml (or ID-claims.toml, the file handed out) of every "
                                   "student in DIR/variants.csv (or each attempt of --responses) against that student's own variant, as derive check "
                                   "does, and write one row per student (status, the correct, carried, imprecise, "
                                   "wrong and unanswered counts of the asked numbers, score, first wrong key, "
                                   "unknown keys, reason, then the roster's columns) to the grades file.")
    g.add_argument("variants", metavar="DIR", help="the folder derive variants wrote")
    given = g.add_mutually_exclusive_group(required=True)
    given.add_argument("--claims", metavar="SUBMISSIONS_DIR",
                       help="folder of the students' claims files, named ID.toml or ID-claims.toml")
    given.add_argument("--responses", metavar="CSV", help="answers read back: Moodle's quiz Responses report (with "
                       "the question text) or a CSV with an id column and one column per key")
    g.add_argument("--keys", default="", metavar="PATTERNS", help="the --keys the Moodle quiz was exported with")
    g.add_argument("--gradebook", action="append", choices=["moodle", "canvas"], default=[],
                   help="also write GRADES-moodle.csv or GRADES-canvas.csv for the platform's gradebook import")
    g.add_argument("--assignment", default="derive", metavar="NAME",
                   help="the gradebook's grade column (default: derive)")
    g.add_argument("-o", "--output", default="grades.csv", help="the grades file (default: grades.csv)")
    g.add_argument("--weights", default="", metavar="W",
                   help="score weights, e.g. correct=1,carried=0.5,imprecise=0.5,wrong=0 (these are the defaults; "
                        "an unanswered number earns 0)")
    g.add_argument("--marked", metavar="FOLDER", help="also write each student's marked sheet, FOLDER/ID-marked.pdf")
    add_jobs_option(g)
    add_policy_options(g)
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

    problem = spec.load(args.problem, args.language, args.detail)
    limits.check_sheet(problem)
    stem = Path(args.outdir) / f"{problem.name}-questions"
    check_outputs([stem.with_suffix(".tex"), stem.with_suffix(".pdf")], [args.problem])  # before any work
    source = questions_tex(solve_file(args.problem, args.language, args.detail))
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
    for path in write_outputs(files, [args.problem]):
        print(f"wrote {path}")
    if message:
        print(f"derive: {message}", file=sys.stderr)
    return 0


def variants_command(args):
    from ..problem import limits, spec
    from ..forms import tex
    from ..language import LANGUAGES
    from ..classroom import gradebook, pool, roster, variants
    from ..classroom.vary import MAX_SEED, plan_of

    problem = spec.load(args.problem, detail=args.detail)
    if args.seed is not None and not 0 <= args.seed <= MAX_SEED:
        raise InputError("--seed", None, f"a whole number from 0 to {MAX_SEED}", args.seed)
    plan = plan_of(problem, args.seed)
    if args.detail:  # every variant's problem file says so, and its answer sheet follows it
        plan = dataclasses.replace(plan, raw={**plan.raw, "sheet": {**plan.raw.get("sheet", {}), "detail": args.detail}})
    kept = {}
    if args.roster:
        ids, header, people = roster.table(args.roster, args.id_column)
        kept[Path(args.outdir) / gradebook.ROSTER_NAME] = gradebook.roster_text(ids, header, people, args.id_column)
    elif not 1 <= args.count <= roster.MAX_STUDENTS:
        raise InputError("--count", None, f"a whole number from 1 to {roster.MAX_STUDENTS}", args.count)
    else:
        ids = roster.numbered(args.count)
    check_jobs(args.jobs)
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
    # the output rule of every command, before any work: no output may be an input (the problem file, the
    # roster) or a folder (variants.csv); each student's files are then written all at once, and the list last
    inputs = [args.problem] + ([args.roster] if args.roster else [])
    check_outputs([outdir / variants.CSV_NAME, *kept] + [path for student in ids for path in
                                                  variants.paths(outdir, student).values()], inputs)
    local = args.scheduler is None
    if local:
        variants.warm(problem, sheets)  # before the worker processes fork from this one
    jobs = [variants.Job(plan, student, outdir, sheets, False if args.json_only else args.pdf, write=local)
            for student in ids]
    rows = pool.run(variants.make, jobs, variants.crashed, args.jobs, "variants", args.scheduler, variants.deliver)
    written = write_outputs({outdir / variants.CSV_NAME: variants.csv_text(rows), **kept}, inputs)
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
    from ..forms import tex
    from ..classroom import gradebook, grading, moodle, pool, responses, swapped, variants
    from ..marking.policy import Policy

    weights = grading.weights_of(args.weights)
    Policy().with_overrides(args.min_digits, args.min_decimals)  # a bad --min-digits stops before any work
    students = grading.read_variants(args.variants)
    columns, roster = gradebook.read_roster(args.variants)
    check_jobs(args.jobs)
    marked = Path(args.marked) if args.marked else None
    policy = (args.min_digits, args.min_decimals)
    local = args.scheduler is None
    if not local:  # the cluster's workers read the files: by paths that do not depend on this process's folder
        students = [(student, problem and problem.resolve(), why) for student, problem, why in students]
    inputs = [Path(args.variants) / variants.CSV_NAME] + [problem for _, problem, _ in students if problem]
    if args.responses:
        jobs, people = responses.jobs(args.responses, students, moodle.patterns_of(args.keys),
                                      tuple(weights.items()), marked)
        jobs = [dataclasses.replace(j, policy=policy, write=local) if isinstance(j, grading.Job) else j for j in jobs]
        columns = list(dict.fromkeys(c for p in people for c in p)) or columns
        people = [p or roster.get(j.student, {}) for p, j in zip(people, jobs)]
        inputs.append(Path(args.responses))
    else:
        claims = Path(args.claims) if local else Path(args.claims).resolve()
        if not claims.is_dir():
            raise InputError(claims, None, "a folder of claims files named ID.toml or ID-claims.toml",
                             "no such folder")
        jobs = [grading.Job(student, problem, claims, tuple(weights.items()), marked, why, policy, write=local,
                            name=gradebook.person_name(roster.get(student, {})))
                for student, problem, why in students]
        people = [roster.get(student, {}) for student, _, _ in students]
        inputs += [claims / name.format(id=j.student) for j in jobs for name in grading.SUBMISSION_NAMES]
    outputs = [args.output, gradebook.marks_path(args.output)] + \
        [gradebook.gradebook_path(args.output, kind) for kind in dict.fromkeys(args.gradebook)]
    sheets = [marked / f"{j.student}-marked.pdf" for j in jobs if isinstance(j, grading.Job)] if marked else []
    check_outputs(outputs + sheets, inputs)  # before any work, as every command
    if marked and not tex.available():  # as variants: no marked sheet can be made, so nothing is written
        print(f"derive: {tex.INSTALL_HINT}", file=sys.stderr)
        return 1
    work = [j for j in jobs if isinstance(j, grading.Job)]  # the others are rows already: attempts not gradable
    done = iter(pool.run(grading.grade, work, grading.crashed, args.jobs, "grading", args.scheduler, grading.deliver))
    rows = [next(done) if isinstance(j, grading.Job) else j for j in jobs]
    if not args.responses:
        swapped.name_others(rows, jobs, args.jobs)
        known = {name.format(id=j.student) for j in jobs for name in grading.SUBMISSION_NAMES}
        for extra in sorted(p.name for p in claims.glob("*.toml") if p.name not in known):
            print(f"derive: {claims / extra}: no student of that id in {args.variants}/{variants.CSV_NAME}; "
                  "not graded", file=sys.stderr)
    out = {args.output: gradebook.grades_text(rows, columns, people),
           gradebook.marks_path(args.output): gradebook.marks_json(rows)}
    for kind in dict.fromkeys(args.gradebook):
        out[gradebook.gradebook_path(args.output, kind)] = gradebook.gradebook_text(kind, rows, people,
                                                                                   args.assignment)
    # the grades files and every marked sheet (staged by the workers) go into place together, or none of them
    write_outputs(out, inputs, [r.marked for r in rows if r.marked])
    counts = {s: sum(r.status == s for r in rows) for s in (grading.GRADED, grading.MISSING, grading.BROKEN,
                                                            grading.NO_VARIANT)}
    others = ", ".join(f"{n} {s}" for s, n in counts.items() if n and s != grading.GRADED)
    print(f"graded {counts[grading.GRADED]} of {len(rows)} students" + (f" ({others})" if others else "")
          + f"; wrote {args.output}")
    for r in rows:
        if r.other_variant:
            print(f"derive: {r.id}: the claims match {r.other_variant}'s variant better than {r.id}'s own "
                  "(grades.csv: other_variant)", file=sys.stderr)
    unmarked = [r for r in rows if r.reason.startswith("marked sheet not written")]
    for r in unmarked:
        print(f"derive: {r.id}: {r.reason}", file=sys.stderr)
    return 1 if unmarked else 0
