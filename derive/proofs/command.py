"""The `derive proofs` subcommand: verified derivations as build/proofs.tex and build/proofs.pdf."""
import os
import sys
from pathlib import Path

from ..commands import add_language_option
from ..errors import InputError, TexError, TexMissing
from ..language import LANGUAGES
from ..outputs import write_files
from ..tex import INSTALL_HINT, compile_pdf, pdf_bytes
from . import PROOF_NAMES, ProofError, check_name, document_latex


def register(subparsers):
    """Add `proofs [NAME ...]` to the CLI."""
    p = subparsers.add_parser(
        "proofs", help="derivations checked by SymPy (EMA, Adam's bias correction, batch norm, dropout)",
        description="Write the chosen proofs (default: all) to OUTDIR/proofs.tex and OUTDIR/proofs.pdf; "
                    "every step is verified by SymPy first.",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="proofs to write: " + ", ".join(PROOF_NAMES))
    p.add_argument("-o", "--outdir", default="build", help="output folder (default: build)")
    pdf = p.add_mutually_exclusive_group()
    pdf.add_argument("--no-pdf", action="store_true", help="write the .tex only")
    pdf.add_argument("--pdf", action="store_true", help="fail (exit 1) when TeX is missing")
    p.add_argument("--digits", type=int, default=4, help="significant digits of displayed numbers (default 4)")
    p.add_argument("--bn-inputs", type=int, help="inputs of the dense layer in bn-params (default 10)")
    p.add_argument("--bn-units", type=int, help="units of the dense layer in bn-params (default 20)")
    add_language_option(p, "the proofs")
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


def run(args):
    """Build, verify and write the proofs; returns the exit code."""
    for name in args.names:
        check_name(name)
    language = args.language or "en"
    engine = LANGUAGES[language].engine
    if not 1 <= args.digits <= 15:
        raise InputError("proofs", "--digits", "a whole number from 1 to 15", args.digits)
    try:
        source = document_latex(args.names, _settings(args), args.digits, language)
    except ProofError as err:
        print(f"derive: error: {err}", file=sys.stderr)
        return 1
    if engine != "pdflatex" and not args.no_pdf:  # asking for Persian is asking for its PDF: check before writing
        try:
            pdf = pdf_bytes(source, engine=engine)
        except TexMissing as err:
            print(f"derive: {err}", file=sys.stderr)
            return 1
        except TexError as err:
            print(f"derive: LaTeX failed:\n{err}", file=sys.stderr)
            return 1
        written = write_files({Path(args.outdir) / "proofs.tex": source, Path(args.outdir) / "proofs.pdf": pdf})
        for path in written:
            print(f"wrote {path}")
        return 0
    tex_path = write_atomic(Path(args.outdir) / "proofs.tex", source)
    print(f"wrote {tex_path}")
    if args.no_pdf:
        return 0
    try:
        pdf_path = compile_pdf(source, Path(args.outdir) / "proofs.pdf")
    except TexMissing:
        print(INSTALL_HINT, file=sys.stderr)
        return 1 if args.pdf else 0
    except TexError as err:
        print(f"derive: LaTeX failed:\n{err}", file=sys.stderr)
        return 1
    print(f"wrote {pdf_path}")
    return 0
