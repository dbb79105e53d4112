"""Whether a change moved any output byte: solve every bundled problem (JSON, LaTeX, HTML, Markdown; English
and Persian; trajectories with their PDF) at this working tree and at a git revision, and list what differs.

    python bench/same_outputs.py REV        # e.g. HEAD~1, or main before a reorganisation

Exit 0 when every file is byte-identical, 1 otherwise. A reorganisation (a moved module, a renamed function)
must keep it at 0; a change meant to alter the sheets lists exactly the files it meant to alter."""
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def outputs(tree, out):
    """Solve every bundled problem of the project at `tree` into `out`; the files written."""
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}
    # both trees use this tree's KaTeX: the one it ships, or (an older checkout) its npm install
    for katex in (ROOT / "derive" / "forms" / "web" / "katex", ROOT / "web" / "node_modules" / "katex" / "dist"):
        if (katex / "katex.min.js").is_file():
            env["DERIVE_KATEX_DIR"] = str(katex)
            break
    for problem in sorted((tree / "derive" / "problems").glob("*.toml")):
        text = problem.read_text(encoding="utf-8")
        if "[surface]" in text:
            runs = [["trajectories", str(problem), "-o", str(out / "trajectories")]]
        else:
            runs = [["solve", str(problem), "-o", str(out / language), "--no-pdf", "--html", "--markdown",
                     "--language", language] for language in ("en", "fa")]
        for args in runs:
            subprocess.run([sys.executable, "-m", "derive", *args], cwd=tree, env=env, capture_output=True)
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def main(rev):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["git", "worktree", "add", "--detach", str(tmp / "old"), rev], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            before = outputs(tmp / "old", tmp / "before")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tmp / "old")], cwd=ROOT, capture_output=True)
        after = outputs(ROOT, tmp / "after")
    differ = sorted(str(k) for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    print(f"{len(after)} files at the working tree, {len(before)} at {rev}; {len(differ)} differ")
    for name in differ:
        print("  differs:", name)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "HEAD"))
