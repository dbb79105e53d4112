"""The answer-sheet subcommands: solve, keys, gradcheck."""
import math
import sys

from ..display import numbers

from .options import DEFAULT_HELP, add_detail_option, add_language_option


def register(sub):
    """Add solve, keys and gradcheck to the CLI."""
    p = sub.add_parser("solve", help="solve a problem: JSON trace, LaTeX sheet and PDF",
                       description="Solve a problem file and write OUTDIR/NAME.json (every quantity by key), "
                                   "OUTDIR/NAME.tex and OUTDIR/NAME.pdf (the answer sheet), NAME being the "
                                   "problem file's name without .toml. The PDF is made when TeX is installed.")
    p.add_argument("problem", nargs="?", help=DEFAULT_HELP)
    p.add_argument("-o", "--outdir", default="build", help="output folder (default: build)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="write .tex and .json only")
    group.add_argument("--json-only", action="store_true", help="write the .json trace only")
    add_language_option(p)
    add_detail_option(p)
    p.set_defaults(func=solve)

    k = sub.add_parser("keys", help="list every quantity key with its shape",
                       description="Print every key of the problem's trace (the names claims files and the JSON "
                                   "use) with its shape, one a line; writes no file.")
    k.add_argument("problem", nargs="?", help=DEFAULT_HELP)
    k.set_defaults(func=keys)

    g = sub.add_parser("gradcheck", help="symbolic against finite-difference gradients, a table per parameter",
                       description="Compare the symbolic gradient of every parameter with central finite "
                                   "differences, a table per parameter; exit 1 when they disagree. Writes no file.")
    g.add_argument("problem", nargs="?", help=DEFAULT_HELP)
    g.add_argument("--iteration", type=int, default=1, help="which iteration's gradient (default 1)")
    g.set_defaults(func=gradcheck)


def solve(args):
    from ..engine.pipeline import DEFAULT_PROBLEM
    from ..forms.answer import solve_to
    from ..errors import TexError
    from .web_options import chosen

    path = args.problem or DEFAULT_PROBLEM
    try:
        outcome = solve_to(path, args.outdir, pdf=False if getattr(args, "json_only", False) else args.pdf,
                           write_tex=not getattr(args, "json_only", False), language=getattr(args, "language", None),
                           web=chosen(args), detail=getattr(args, "detail", None))
    except TexError as err:
        print(f"derive: LaTeX failed for {path}:\n{err}", file=sys.stderr)
        return 1
    for f in outcome.written:
        print(f"wrote {f}")
    if outcome.message:
        print(f"derive: {outcome.message}", file=sys.stderr)
    return 1 if outcome.failed else 0


def keys(args):
    from ..engine.pipeline import DEFAULT_PROBLEM, solve_file

    trace = solve_file(args.problem or DEFAULT_PROBLEM)
    for key, q in trace.quantities.items():
        if key.startswith(("data.", "it0.")):
            continue
        shape = "scalar" if q.shape == () else " x ".join(map(str, q.shape))
        print(f"{key}\t{shape}")
    return 0


def gradcheck(args):
    from ..errors import InputError
    from ..engine.numeric import RTOL, gradcheck as compare
    from ..engine.pipeline import DEFAULT_PROBLEM, solve_file

    args.problem = args.problem or DEFAULT_PROBLEM
    trace = solve_file(args.problem)
    if not 1 <= args.iteration <= len(trace.iterations):
        raise InputError(args.problem, "--iteration", f"a number from 1 to {len(trace.iterations)}", args.iteration)
    rows = compare(trace, args.iteration)
    worst = 0.0
    for param in trace.problem.trained:
        mine = [r for r in rows if r.param == param]
        print(f"{param}  (iteration {args.iteration})")
        print(f"  {'element':<10}{'symbolic':>18}{'finite diff.':>18}{'abs. error':>12}{'rel. error':>12}")
        for r in mine:
            idx = "[" + ",".join(map(str, r.index)) + "]"
            print(f"  {idx:<10}{numbers.plain(r.symbolic, 10):>18}{numbers.plain(r.numeric, 10):>18}"
                  f"{numbers.plain(r.abs_error, 2):>12}"
                  f"{numbers.plain(r.rel_error, 2):>12}")
            worst = max(worst, r.abs_error / r.tolerance if r.tolerance else math.inf * bool(r.abs_error))
        print()
    floor = rows[0].floor if rows else 0.0
    verdict = "agree" if worst <= 1 else "DISAGREE"
    print(f"largest error {numbers.plain(worst, 2)} times its tolerance (a relative error of {numbers.plain(RTOL, 2)} "
          f"plus an absolute {numbers.plain(floor, 2)}, the finite differences' rounding): symbolic and numeric "
          f"gradients {verdict}")
    return 0 if worst <= 1 else 1
