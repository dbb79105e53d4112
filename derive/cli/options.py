"""Options several commands share: the problem file argument's help, --language and --detail."""

DEFAULT_HELP = "problem file (default: the bundled problems/hw2.toml)"


def add_language_option(parser, what="the sheet"):
    """--language CODE: the language of the sheet (overrides the problem file's [sheet] language)."""
    from ..language import LANGUAGES

    parser.add_argument("--language", choices=tuple(LANGUAGES), default=None,
                        help=f"language of {what}: " + ", ".join(f"{c} ({l.name})" for c, l in LANGUAGES.items())
                        + " (default: the problem file's [sheet] language, else en)")


def add_detail_option(parser):
    """--detail MODE: how much of each iteration the answer sheet writes out (overrides [sheet] detail)."""
    from ..problem.model import DETAILS

    parser.add_argument("--detail", choices=DETAILS, default=None,
                        help="how much the answer sheet writes out: full (every pass with its numbers), first (the "
                             "first sample of iteration 1 in full, every other pass as a table of its values), "
                             "summary (the formulas and tables of values) (default: the problem file's [sheet] "
                             "detail, else full)")


def add_jobs_option(parser):
    """--jobs N: the processes a class command uses (checked by check_jobs)."""
    parser.add_argument("--jobs", type=int, metavar="N", help="processes to use (default: every core)")


def check_jobs(jobs):
    """--jobs N: a whole number from 1 to 256 (processes beyond the cores are capped at the cores)."""
    from ..errors import InputError

    if jobs is not None and not 1 <= jobs <= 256:
        raise InputError("--jobs", None, "a whole number from 1 to 256", jobs)
