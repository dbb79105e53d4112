"""The `derive schema` subcommand: the JSON Schema of a problem file (or the README's key tables), built from the
key declarations."""
import sys


def register(subparsers):
    """Add `schema [-o FILE] [--markdown]` to the CLI."""
    p = subparsers.add_parser(
        "schema", help="the JSON Schema of a problem file (for editors: a `#:schema` line)",
        description="Print the JSON Schema (draft 2020-12) of a problem file, built from the declarations of its "
                    "keys and of every layer kind; `-o FILE` writes it instead (all at once). A problem file whose "
                    "first line is `#:schema ./problem.schema.json` gets completion and validation in editors "
                    "that read TOML schemas (Taplo, Even Better TOML).")
    p.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE instead of printing it")
    p.add_argument("--markdown", action="store_true",
                   help="the README's tables of the problem file's keys and of the layer kinds, as Markdown")
    p.set_defaults(func=run)


def run(args):
    """Print or write the schema (or the Markdown); returns the exit code."""
    if args.markdown:
        from ..problem.keydoc import markdown as text
    else:
        from ..problem.schema import schema_text as text
    if args.output is None:
        sys.stdout.write(text())
        return 0
    from ..forms.outputs import write_outputs

    for path in write_outputs({args.output: text()}):
        print(f"wrote {path}")
    return 0
