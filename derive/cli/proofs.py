"""The `derive proofs` subcommand: verified derivations as build/proofs.tex and .pdf (a chosen few:
build/proofs-NAME+NAME.tex and .pdf, so that they never overwrite the whole set)."""
import sys

from .options import add_language_option
from ..errors import InputError, TexError, TexMissing
from ..language import LANGUAGES
from ..forms.tex import INSTALL_HINT, pdf_bytes
from ..proofs import PROOF_NAMES, ProofError, check_name, document_latex


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
    add_language_option(p, "the proofs")
    p.set_defaults(func=run)


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
    language = args.language or "en"
    engine = LANGUAGES[language].engine
    if not 1 <= args.digits <= 15:
        raise InputError("proofs", "--digits", "a whole number from 1 to 15", args.digits)
    try:
        source = document_latex(args.names, _settings(args), args.digits, language)
    except ProofError as err:
        print(f"derive: error: {err}", file=sys.stderr)
        return 1
    from ..forms.outputs import output_path, write_outputs

    files = {output_path(args.outdir, stem(args.names), ".tex"): source}
    if not args.no_pdf:  # compiled before anything is written: a failure leaves earlier outputs as they were
        try:
            files[output_path(args.outdir, stem(args.names), ".pdf")] = pdf_bytes(source, engine=engine)
        except TexMissing as err:
            if engine != "pdflatex":  # asking for Persian is asking for its PDF
                print(f"derive: {err}", file=sys.stderr)
                return 1
            print(INSTALL_HINT, file=sys.stderr)
            if args.pdf:
                return 1
        except TexError as err:
            print(f"derive: LaTeX failed:\n{err}", file=sys.stderr)
            return 1
    for path in write_outputs(files):
        print(f"wrote {path}")
    return 0
