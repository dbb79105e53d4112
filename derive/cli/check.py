"""The claims and check subcommands: a claims file to fill in; the marks as a table, JSON and a marked sheet."""
import os
import sys
from pathlib import Path

from ..marking.check import WRONG, mark
from ..marking.blank_claims import blank
from ..marking.claims import load
from ..marking.marked_sheet import marked_tex
from ..marking.report import table
from .options import add_detail_option, add_language_option


def register(sub):
    """Add claims and check to the CLI."""
    c = sub.add_parser("claims", help="print a claims file to fill in: every key, commented out",
                       description="Print a claims file for the problem to standard output (redirect it to a file, "
                                   "e.g. `> mine.toml`): every key a student can claim, commented out, to fill in "
                                   "with hand-worked numbers. Writes no file itself.")
    c.add_argument("problem", nargs="?", help="problem file (default: the bundled problems/hw2.toml)")
    c.set_defaults(func=claims_command)

    k = sub.add_parser("check", help="mark a claims file: correct, carried or wrong, number by number",
                       description="Mark a claims file against the problem: a table in the terminal; with --json "
                                   "FILE the marks as JSON, with --tex/--pdf the marked sheet OUTDIR/CLAIMS-marked"
                                   ".tex/.pdf (CLAIMS: the claims file's name without .toml). Exit 1 when a "
                                   "number is wrong.")
    k.add_argument("problem", help="problem file (first; `derive claims PROBLEM` writes a claims file for it)")
    k.add_argument("claims", help="claims file (TOML): keys and the numbers you worked out")
    k.add_argument("--json", metavar="FILE", help="also write the marks as JSON")
    k.add_argument("--pdf", action="store_true", help="also write the marked sheet as PDF")
    k.add_argument("--tex", action="store_true", help="also write the marked sheet's LaTeX")
    k.add_argument("-o", "--outdir", default="build", help="folder of the marked sheet (default: build)")
    k.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the table (default: auto, when the output is a terminal)")
    add_policy_options(k)
    add_language_option(k, "the marked sheet")
    add_detail_option(k)
    k.set_defaults(func=check_command)


def add_policy_options(parser):
    """--min-digits N | --min-decimals N: the precision a number must be written to (overrides [check])."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--min-digits", type=int, metavar="N",
                       help="significant digits a number must be written to, else it is imprecise (default: the "
                            "problem file's [check], else 3)")
    group.add_argument("--min-decimals", type=int, metavar="N", help="or: decimals a number must be written to")


def policy_of(problem, args):
    """The precision policy: the problem file's [check], with --min-digits or --min-decimals in its place."""
    from ..marking.policy import Policy

    return Policy.from_problem(problem).with_overrides(args.min_digits, args.min_decimals)


def claims_command(args):
    from ..engine.pipeline import DEFAULT_PROBLEM, solve_file

    problem = args.problem or DEFAULT_PROBLEM
    trace = solve_file(problem)
    sys.stdout.write(blank(trace, Path(problem).name))
    return 0


def check_command(args):
    from ..problem import limits, spec
    from ..forms.outputs import check_outputs, dumps, output_path, write_outputs
    from ..engine.pipeline import finite
    from ..engine.trace import build

    inputs = [args.problem, args.claims]
    sheet = {s: output_path(args.outdir, Path(args.claims).stem + "-marked", s) for s in (".tex", ".pdf")}
    check_outputs(([args.json] if args.json else []) + [sheet[".tex"]] * args.tex + [sheet[".pdf"]] * args.pdf,
                  inputs)
    problem = spec.load(args.problem, args.language, args.detail)
    policy = policy_of(problem, args)
    limits.check_marking(problem)
    trace = finite(build(problem))
    report = mark(trace, load(args.claims, trace), policy)
    files = {}
    if args.json:
        files[args.json] = dumps(report.export())
    if args.tex or args.pdf:
        source = marked_tex(report)
        if args.tex:
            files[sheet[".tex"]] = source
        if args.pdf:  # compiled before anything is written: a failure leaves earlier outputs as they were
            from ..forms import tex
            from ..errors import TexError, TexMissing
            from ..language import LANGUAGES

            try:
                files[sheet[".pdf"]] = tex.pdf_bytes(source, engine=LANGUAGES[trace.problem.language].engine)
            except (TexError, TexMissing) as err:
                sys.stdout.write(table(report, _colour(args)))
                if isinstance(err, TexMissing):  # one line: what to install
                    print(f"derive: {err}", file=sys.stderr)
                else:
                    print(f"derive: the marked sheet did not compile, so nothing was written:\n{err}", file=sys.stderr)
                return 1
    written = write_outputs(files, inputs)
    sys.stdout.write(table(report, _colour(args)))
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 1 if report.counts()[WRONG] or report.claims.unknown else 0


def _colour(args):
    return args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
