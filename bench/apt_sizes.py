"""What each part of setup.sh makes apt install (packages, download and disk size), measured on this machine;
an optional part is measured on top of the core set-up.

Debian's apt is asked to simulate each part's install against a copy of the package database from which the
packages of every part are removed (as on a machine that has none of them), so the figures hold for a fresh
machine of this kind even where the parts are installed already. Run: python3 bench/apt_sizes.py
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# the Debian packages of setup.sh's core TeX and of its optional parts (keep in step with setup.sh)
PARTS = {
    "core (TeX)": ["texlive-latex-extra", "texlive-pictures", "poppler-utils"],
    "web": ["chromium", "chromium-driver"],
    "persian": ["texlive-xetex", "texlive-lang-arabic", "fonts-farsiweb"],
}
STATUS = Path("/var/lib/dpkg/status")


def status_without(packages):
    """The dpkg status text with the stanzas of `packages` removed."""
    stanzas = STATUS.read_text(encoding="utf-8").split("\n\n")
    kept = []
    for stanza in stanzas:
        m = re.match(r"Package: (\S+)", stanza)
        if m and m.group(1) in packages:
            continue
        kept.append(stanza)
    return "\n\n".join(kept)


def installed_by_parts():
    """The packages that the apt-get commands installing the parts' packages installed (from apt's history)."""
    log = Path("/var/log/apt/history.log")
    if not log.exists():
        sys.exit("bench/apt_sizes.py: needs /var/log/apt/history.log (what apt installed for the parts)")
    ours = set()
    for block in log.read_text(encoding="utf-8").split("\n\n"):
        cmd = re.search(r"Commandline: (.*)", block)
        inst = re.search(r"Install: (.*)", block)
        if cmd and inst and any(p in cmd.group(1).split() for pkgs in PARTS.values() for p in pkgs):
            ours |= set(re.findall(r"([\w.+-]+):\w+ \(", inst.group(1)))
    return ours


def simulate(packages, status):
    """The packages apt would install, with download and installed sizes in bytes."""
    out = subprocess.run(["apt-get", "-s", "-o", f"Dir::State::status={status}", "install", "--no-install-recommends",
                          *packages], capture_output=True, text=True, check=True).stdout
    names = re.findall(r"^Inst (\S+)", out, re.M)
    show = subprocess.run(["apt-cache", "show", "--no-all-versions", *names], capture_output=True, text=True).stdout
    download = sum(int(x) for x in re.findall(r"^Size: (\d+)", show, re.M))
    disk = sum(int(x) * 1024 for x in re.findall(r"^Installed-Size: (\d+)", show, re.M))
    return names, download, disk


def main():
    ours = installed_by_parts()
    with tempfile.TemporaryDirectory() as tmp:
        status = Path(tmp) / "status"
        status.write_text(status_without(ours), encoding="utf-8")
        core = PARTS["core (TeX)"]
        core_names, core_download, core_disk = simulate(core, status)
        for part, packages in PARTS.items():
            names, download, disk = simulate(packages if packages is core else core + packages, status)
            if packages is not core:  # an optional part comes on top of the core set-up
                names = set(names) - set(core_names)
                download, disk = download - core_download, disk - core_disk
            print(f"{part:12} {len(names):4d} packages  {download / 1e6:6.0f} MB download  {disk / 1e6:6.0f} MB on disk")
    return 0


if __name__ == "__main__":
    sys.exit(main())
