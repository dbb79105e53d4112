"""The `trajectories` subcommand: optimizer paths on a surface f(x, y) as a PDF picture, its .tex and JSON."""
import sys
from pathlib import Path

from .errors import InputError, TexError, TexMissing


def register(sub):
    """Add `trajectories FILE [-o OUTDIR] [--pdf|--no-pdf]` to the CLI."""
    p = sub.add_parser("trajectories", help="optimizer paths on a surface f(x, y): contour picture, table, JSON")
    p.add_argument("file", help="a trajectories file with [surface] and [[optimizers]] (see problems/quadratic.toml)")
    p.add_argument("-o", "--outdir", default="build", help="output folder (default: build)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--pdf", dest="pdf", action="store_true", default=None, help="a missing TeX is an error")
    group.add_argument("--no-pdf", dest="pdf", action="store_false", help="write .tex and .json only")
    p.set_defaults(func=trajectories)


def write(path, outdir="build", pdf=None):
    """Compute the paths of `path` and write OUTDIR/NAME.json, .tex and (pdf: True, False, None = if TeX
    exists) .pdf. Returns (files written, message for the user, failed)."""
    from . import tex, trajectories
    from .outputs import dumps, write_text
    from .render import render

    surface = trajectories.load(path)
    numeric = trajectories.Numeric.of(surface)
    paths = trajectories.run_all(surface, numeric)
    json_text = dumps(trajectories.as_json(surface, paths))
    tex_text = render("trajectories.tex.j2", **trajectories.context(surface, paths, numeric))
    stem = Path(outdir) / surface.name
    try:
        written = [write_text(stem.with_suffix(".json"), json_text), write_text(stem.with_suffix(".tex"), tex_text)]
    except OSError as err:
        raise InputError(outdir, None, "an output folder derive can create and write to",
                         err.strerror or str(err)) from None
    if pdf is False:
        return written, "", False
    try:
        written.append(tex.compile_pdf(tex_text, stem.with_suffix(".pdf")))
    except TexMissing as err:
        return written, str(err), pdf is True
    return written, "", False


def trajectories(args):
    try:
        written, message, failed = write(args.file, args.outdir, args.pdf)
    except TexError as err:
        print(f"derive: LaTeX failed for {args.file}:\n{err}", file=sys.stderr)
        return 1
    for f in written:
        print(f"wrote {f}")
    if message:
        print(f"derive: {message}", file=sys.stderr)
    return 1 if failed else 0
