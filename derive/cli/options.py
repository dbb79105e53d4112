"""Options several commands share: the problem file argument's help and --language."""

DEFAULT_HELP = "problem file (default: the bundled problems/hw2.toml)"


def add_language_option(parser, what="the sheet"):
    """--language CODE: the language of the sheet (overrides the problem file's [sheet] language)."""
    from ..language import LANGUAGES

    parser.add_argument("--language", choices=tuple(LANGUAGES), default=None,
                        help=f"language of {what}: " + ", ".join(f"{c} ({l.name})" for c, l in LANGUAGES.items())
                        + " (default: the problem file's [sheet] language, else en)")
