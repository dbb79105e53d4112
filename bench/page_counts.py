"""Pages of the answer sheet of every bundled problem in each detail mode ([sheet] detail, --detail), with
the CPU time each sheet took (building and compiling). Run from the repository's root:
    python bench/page_counts.py            # a Markdown table for the README
"""
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from derive.engine.pipeline import finite  # noqa: E402
from derive.engine.trace import build  # noqa: E402
from derive.forms import tex  # noqa: E402
from derive.forms.sheet import sheet_tex  # noqa: E402
from derive.language import LANGUAGES  # noqa: E402
from derive.problem import spec  # noqa: E402
from derive.proofs import appendices  # noqa: E402

PROBLEMS = Path(__file__).resolve().parent.parent / "derive" / "problems"
SHEETS = ("adam232", "hw2", "hw2_class", "xw", "batchnorm")  # quadratic and rosenbrock are trajectories files
MODES = spec.DETAILS


def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pages(path, mode):
    problem = spec.load(path, detail=mode)
    source = sheet_tex(finite(build(problem)), appendices(problem))
    pdf = tex.pdf_bytes(source, engine=LANGUAGES[problem.language].engine)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def main():
    print("| problem | " + " | ".join(f"`{m}`" for m in MODES) + " |")
    print("| --- |" + " ---: |" * len(MODES))
    for name in SHEETS:
        cells = []
        for mode in MODES:
            start_cpu, start = cpu(), time.perf_counter()
            count = pages(PROBLEMS / f"{name}.toml", mode)
            cells.append(f"{count}")
            print(f"  {name} {mode}: {count} pages, CPU {cpu() - start_cpu:.1f} s, wall {time.perf_counter() - start:.1f} s",
                  file=sys.stderr)
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
