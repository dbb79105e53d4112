"""The `derive proofs` subcommand: verified derivations as build/proofs.tex and .pdf (a chosen few:
build/proofs-NAME+NAME.tex and .pdf, so that they never overwrite the whole set)."""
import os
import sys
from pathlib import Path

from ..errors import InputError, TexError, TexMissing
from ..tex import INSTALL_HINT, compile_pdf
from . import PROOF_NAMES, ProofError, check_name, document_latex


def register(subparsers):
    """Add `proofs [NAME ...]` to the CLI."""
    p = subparsers.add_parser(
        "proofs", help="derivations checked by SymPy (EMA, Adam's bias correction, batch norm, dropout)",
        description="Write the chosen proofs to OUTDIR/proofs-NAME+NAME.tex and .pdf (all of them, when none is "
                    "named: OUTDIR/proofs.tex and OUTDIR/proofs.pdf); every step is verified by SymPy first.",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="proofs to write: " + ", ".join(PROOF_NAMES))
    p.add_argument("-o", "--outdir", default="build", help="output folder (default: build)")
    pdf = p.add_mutually_exclusive_group()
    pdf.add_argument("--no-pdf", action="store_true", help="write the .tex only")
    pdf.add_argument("--pdf", action="store_true", help="fail (exit 1) when TeX is missing")
    p.add_argument("--digits", type=int, default=4, help="significant digits of displayed numbers (default 4)")
    p.add_argument("--bn-inputs", type=int, help="inputs of the dense layer in bn-params (default 10)")
    p.add_argument("--bn-units", type=int, help="units of the dense layer in bn-params (default 20)")
    p.set_defaults(func=run)


def write_atomic(path, text):
    """Write text to path through a temporary file in the same folder and os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _settings(args):
    """The sizes given on the command line, as the settings dict the proofs take."""
    settings = {}
    for option, key in (("--bn-inputs", "bn_inputs"), ("--bn-units", "bn_units")):
        value = getattr(args, key)
        if value is not None:
            if value < 1:
                raise InputError("proofs", option, "a whole number of at least 1", value)
            settings[key] = value
    return settings


def stem(names):
    """The output file name (without suffix) of a set of proofs: proofs for all, proofs-ema+adam-bias for some."""
    chosen = list(dict.fromkeys(names))
    return "proofs-" + "+".join(chosen) if chosen else "proofs"


def run(args):
    """Build, verify and write the proofs; returns the exit code."""
    for name in args.names:
        check_name(name)
    if not 1 <= args.digits <= 15:
        raise InputError("proofs", "--digits", "a whole number from 1 to 15", args.digits)
    try:
        source = document_latex(args.names, _settings(args), args.digits)
    except ProofError as err:
        print(f"derive: error: {err}", file=sys.stderr)
        return 1
    out = Path(args.outdir) / stem(args.names)
    tex_path = write_atomic(out.with_suffix(".tex"), source)
    print(f"wrote {tex_path}")
    if args.no_pdf:
        return 0
    try:
        pdf_path = compile_pdf(source, out.with_suffix(".pdf"))
    except TexMissing:
        print(INSTALL_HINT, file=sys.stderr)
        return 1 if args.pdf else 0
    except TexError as err:
        print(f"derive: LaTeX failed:\n{err}", file=sys.stderr)
        return 1
    print(f"wrote {pdf_path}")
    return 0
