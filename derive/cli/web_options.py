"""The web forms on the command line: `derive solve ... --html` and `--markdown`."""

FORMATS = ("html", "markdown")  # in the order they are written


def register(sub):
    """Add --html and --markdown to the solve subcommand."""
    solve = sub.choices["solve"]
    group = solve.add_argument_group("web forms (added to what the other options write)")
    group.add_argument("--html", action="store_true",
                       help="also write NAME.html: the whole sheet as one self-contained page that opens "
                            "offline (KaTeX inlined)")
    group.add_argument("--markdown", action="store_true",
                       help="also write NAME.md: the sheet as Markdown with $-math, for pages that render math")


def chosen(args):
    """The web formats the options ask for."""
    return tuple(f for f in FORMATS if getattr(args, f, False))
