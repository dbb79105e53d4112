"""The command-line interface: `derive [solve|keys|gradcheck|...]`; bad input is one line and exit 2."""
import argparse
import functools
import importlib
import os
import sys

from .. import __version__
from ..errors import AssetsMissing, InputError, TexError, TexMissing
from ..proofs.verify import ProofError

# Each module registers its own subcommand: register(subparsers) sets args.func(args) -> exit code.
COMMAND_MODULES = ["derive.cli.solve", "derive.cli.check", "derive.cli.trajectories", "derive.cli.proofs",
                   "derive.cli.web_options",  # the web forms add --html and --markdown to solve
                   "derive.cli.classroom", "derive.cli.export", "derive.cli.report", "derive.cli.schema"]


@functools.cache
def build_parser():
    """The argument parser with every subcommand (built once: parsing leaves it as it is)."""
    parser = argparse.ArgumentParser(
        prog="derive", description="Worked solutions of neural-network training problems: symbolic gradients, "
                                   "numbers and a LaTeX/PDF answer sheet. Without a command: `derive solve` "
                                   "(the bundled problems/hw2.toml into build/).",
        epilog="`derive COMMAND --help` describes a command; README.md lists every output file.")
    parser.add_argument("--version", action="version", version=f"derive {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv=None):
    """Run the CLI; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        argv = ["solve"]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except InputError as err:
        print(f"derive: error: {err}", file=sys.stderr)
        return 2
    except ProofError as err:
        print(f"derive: a proof failed its SymPy check, so it is not rendered: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error of ours
        return 0
    except KeyboardInterrupt:
        print("derive: interrupted", file=sys.stderr)
        return 130
    except (TexError, TexMissing) as err:
        print(f"derive: LaTeX failed:\n{err}", file=sys.stderr)
        return 1
    except AssetsMissing as err:
        print(f"derive: {err}", file=sys.stderr)
        return 1
    except (RecursionError, MemoryError) as err:
        print(f"derive: error: the input is too large or nested too deeply ({type(err).__name__})", file=sys.stderr)
        return 2
    except Exception as err:  # a bug of ours: one line; DERIVE_DEBUG=1 shows the traceback
        if os.environ.get("DERIVE_DEBUG"):
            raise
        text = " ".join(str(err).split())[:300]
        print(f"derive: internal error ({type(err).__name__}: {text}); DERIVE_DEBUG=1 shows where", file=sys.stderr)
        return 1
