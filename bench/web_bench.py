"""The web forms of hw2: time to write the HTML page and the Markdown beside the LaTeX sheet, their sizes,
and (when Chromium and Playwright are present) how long the page takes to typeset in headless Chromium."""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HW2 = ROOT / "derive" / "problems" / "hw2.toml"
REPEATS = 5
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def cli(*args, cwd):
    """Median wall time of `derive solve hw2 ...` as a subprocess."""
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "derive", "solve", str(HW2), "-o", "out", *args], cwd=cwd,
                       check=True, capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def browser_ms(page_file):
    """Median time from navigation to every formula typeset, in ms (None without Playwright/Chromium)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    runs = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", args=ARGS,
                                                    headless=True)
        page = ctx.new_page()
        for _ in range(REPEATS):
            start = time.perf_counter()
            page.goto(Path(page_file).as_uri())
            page.wait_for_function("document.querySelectorAll('.tex:not(.tex-done)').length === 0")
            runs.append((time.perf_counter() - start) * 1000)
        ctx.close()
    return statistics.median(runs)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        base = cli("--json-only", cwd=tmp)
        html = cli("--json-only", "--html", cwd=tmp)
        md = cli("--json-only", "--markdown", cwd=tmp)
        tex = cli("--no-pdf", cwd=tmp)
        out = Path(tmp) / "out"
        sizes = {p.suffix: p.stat().st_size for p in out.iterdir()}
        ms = browser_ms(out / "hw2.html")
    print(f"derive solve hw2 --json-only            {base:6.2f} s (median of {REPEATS})")
    print(f"  + --html                              {html:6.2f} s  (+{html - base:.2f} s)")
    print(f"  + --markdown                          {md:6.2f} s  (+{md - base:.2f} s)")
    print(f"  --no-pdf (the .tex, for comparison)   {tex:6.2f} s  (+{tex - base:.2f} s)")
    print(f"hw2.html {sizes['.html'] / 1024:.0f} KiB (KaTeX script, style and fonts inlined), "
          f"hw2.md {sizes['.md'] / 1024:.0f} KiB, hw2.tex {sizes['.tex'] / 1024:.0f} KiB")
    if ms is not None:
        print(f"headless Chromium: load to every formula typeset {ms:.0f} ms (median of {REPEATS})")


if __name__ == "__main__":
    main()
