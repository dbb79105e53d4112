"""Copies the KaTeX files derive ships (derive/forms/web/katex/) out of the npm package web/package-lock.json pins.

    python web/refresh_katex.py                 fetch the pinned tarball with `npm pack` and refresh the folder
    python web/refresh_katex.py --tarball T.tgz the same from a tarball at hand (checked against the lock too)
    python web/refresh_katex.py --into DIR      write elsewhere (the tests compare that with the shipped folder)

To move to another KaTeX: change the version in web/package.json, `npm install --package-lock-only --prefix web`,
run this script, commit the lock and the folder together. The tarball's sha512 must equal the lock's integrity;
SOURCE.json records it, the version and each copied file's sha512 (tests/test_katex_files.py checks them)."""
import argparse
import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

WEB = Path(__file__).resolve().parent
LOCK = WEB / "package-lock.json"
SHIPPED = WEB.parent / "derive" / "forms" / "web" / "katex"
SOURCE = "SOURCE.json"
# what a page inlines (derive/forms/web/assets.py): the script, the style sheet and its woff2 fonts; and the licence
WANTED = ("package/LICENSE", "package/dist/katex.min.js", "package/dist/katex.min.css")
FONTS = "package/dist/fonts/"


def pinned(lock=LOCK):
    """(version, integrity) of KaTeX in the npm lock."""
    entry = json.loads(Path(lock).read_text("utf-8"))["packages"]["node_modules/katex"]
    return entry["version"], entry["integrity"]


def sri(data, algorithm="sha512"):
    """A Subresource Integrity string ('sha512-<base64>'), as npm writes a lock's integrity."""
    return "%s-%s" % (algorithm, base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii"))


def fetch(version, folder):
    """The tarball of katex@version, by npm's own client (its cache first)."""
    done = subprocess.run(["npm", "pack", f"katex@{version}", "--pack-destination", str(folder), "--prefer-offline",
                           "--silent"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"npm pack katex@{version} failed: {done.stderr.strip()}")
    return Path(folder) / f"katex-{version}.tgz"


def files_of(tarball_bytes):
    """{name in the folder: bytes} of the wanted files in the tarball."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tarball_bytes), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            if member.isfile() and (name in WANTED or (name.startswith(FONTS) and name.endswith(".woff2"))):
                out[name.removeprefix("package/dist/").removeprefix("package/")] = tar.extractfile(member).read()
    missing = [w for w in WANTED if w.removeprefix("package/dist/").removeprefix("package/") not in out]
    if missing or not any(n.startswith("fonts/") for n in out):
        sys.exit(f"the tarball lacks {missing or 'the woff2 fonts'}")
    return out


def write(folder, version, integrity, files):
    """The folder, replaced whole: the files and SOURCE.json."""
    folder = Path(folder)
    staging = Path(tempfile.mkdtemp(prefix=".katex-", dir=folder.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would go into the wheel
    for name, data in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
    record = {"package": "katex", "version": version, "integrity": integrity,
              "files": {name: sri(data) for name, data in sorted(files.items())}}
    (staging / SOURCE).write_text(json.dumps(record, indent=1) + "\n", "utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="a katex-<version>.tgz at hand instead of npm pack")
    parser.add_argument("--into", type=Path, default=SHIPPED, help="the folder to write (default: %(default)s)")
    args = parser.parse_args(argv)
    version, integrity = pinned()
    with tempfile.TemporaryDirectory() as tmp:
        data = (args.tarball or fetch(version, tmp)).read_bytes()
    if sri(data) != integrity:
        sys.exit(f"the tarball's {sri(data)} is not the lock's {integrity} (katex {version})")
    files = files_of(data)
    write(args.into, version, integrity, files)
    print(f"wrote {len(files)} files of katex {version} to {args.into}")


if __name__ == "__main__":
    main()
