#!/usr/bin/env bash
# Sets derive up on a Debian or Ubuntu machine and writes the reference problem's answer sheet, build/hw2.pdf.
#
#   ./setup.sh                       the core: .venv with derive and its test tools; TeX from Debian if missing
#   ./setup.sh --with torch,persian  and optional parts (see --help); --all installs every part (CI does)
#   ./setup.sh --system              into the python3 on PATH instead of .venv (a container, a CI image)
#   ./setup.sh --dry-run ...         say what would be installed, change nothing
#
# A second run with nothing changed installs nothing (.venv/.derive-setup keeps pyproject.toml's hash and the
# parts). Run it as yourself: apt-get runs through sudo when you are not root.
#
# A new optional part NAME: add NAME to PARTS with a line in part_what; its Debian packages in part_debs;
# its pip packages as the extra NAME in pyproject.toml's [project.optional-dependencies] (installed with the
# core's); anything else in a function part_step_NAME; and a row in tests/conftest.py's PARTS so
# that tests can say requires(...). .ci/run needs no change: --all takes every part.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive

PARTS=(torch web persian classroom cluster)
TEX_DEBS=(texlive-latex-extra texlive-pictures poppler-utils)  # 26 packages, 91 MB, 322 MB on disk (bench/apt_sizes.py)
TEX_SECONDS="1 to 2 minutes"
VENV=.venv
STAMP="$VENV/.derive-setup"

part_what() {
  case $1 in
    torch) echo "PyTorch 2.13.0, CPU (pip; about 750 MB in the venv), for the tests against torch" ;;
    classroom) echo "matplotlib (pip), for the plots of derive report (the class report)" ;;
    web) echo "Debian's chromium and chromium-driver (24 packages, 133 MB, 440 MB on disk), for the browser tests and notebooks" ;;
    persian) echo "XeLaTeX with xepersian and the FarsiWeb fonts (7 packages, 72 MB, 162 MB on disk)" ;;
    cluster) echo "dask.distributed (pip), for derive variants and grade --scheduler on a Dask cluster" ;;
  esac
}

part_debs() {
  case $1 in
    web) echo "chromium chromium-driver" ;;
    persian) echo "texlive-xetex texlive-lang-arabic fonts-farsiweb" ;;
    *) echo "" ;;
  esac
}

usage() {
  cat <<EOF
usage: ./setup.sh [--with PART[,PART...]] [--all] [--system] [--no-sheet] [--dry-run] [--help]

Sets derive up and writes build/hw2.pdf. The core: a virtual environment .venv with derive (editable) and its
test tools, and TeX Live from Debian's packages when pdflatex, pdftotext or a needed TeX package is
missing (${TEX_DEBS[*]}: 26 Debian packages with what they need, about 90 MB
to download and 320 MB on disk, $TEX_SECONDS).

  --with PARTS  also install these optional parts (comma-separated, or repeat --with):
EOF
  for p in "${PARTS[@]}"; do printf '                  %-8s %s\n' "$p" "$(part_what "$p")"; done
  cat <<EOF
  --all         every optional part (what CI installs)
  --system      install into the python3 on PATH (or \$PYTHON) instead of creating .venv
  --no-sheet    do not write build/hw2.pdf at the end
  --dry-run     print what would be installed and change nothing
  -h, --help    this text

Run the tests afterwards with:  .venv/bin/python -m pytest -n 2        (--all: every test, as CI)
EOF
}

say() { echo "setup: $*"; }
die() { echo "setup: error: $1" >&2; exit "${2:-1}"; }

# --- the command line ------------------------------------------------------------------------------------
SELECTED=()
SYSTEM=0
DRY=0
SHEET=1
add_parts() {
  local list=$1 p known q
  [ -n "$list" ] || die "--with needs a comma-separated list of parts: ${PARTS[*]}" 2
  IFS=, read -r -a items <<<"$list"
  for p in "${items[@]}"; do
    p=${p// /}
    [ -n "$p" ] || continue
    known=0
    for q in "${PARTS[@]}"; do [ "$p" = "$q" ] && known=1; done
    [ "$known" = 1 ] || die "unknown part '$p' (the parts: ${PARTS[*]})" 2
    for q in "${SELECTED[@]+"${SELECTED[@]}"}"; do [ "$p" = "$q" ] && continue 2; done
    SELECTED+=("$p")
  done
}
while [ $# -gt 0 ]; do
  case $1 in
    --with) [ $# -ge 2 ] || die "--with needs a comma-separated list of parts: ${PARTS[*]}" 2
            add_parts "$2"; shift ;;
    --with=*) add_parts "${1#--with=}" ;;
    --all) add_parts "$(IFS=,; echo "${PARTS[*]}")" ;;
    --system) SYSTEM=1 ;;
    --no-sheet) SHEET=0 ;;
    --dry-run) DRY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup: error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
# in the order of PARTS, whatever the order given
ORDERED=()
for q in "${PARTS[@]}"; do
  for p in "${SELECTED[@]+"${SELECTED[@]}"}"; do [ "$p" = "$q" ] && ORDERED+=("$p"); done
done
SELECTED=("${ORDERED[@]+"${ORDERED[@]}"}")

# --- long steps: their output to a log, a progress line every 10 s, the log's end if they fail ------------
STEP_PID=""
trap 'if [ -n "$STEP_PID" ]; then kill -TERM -- "-$STEP_PID" 2>/dev/null || kill -TERM "$STEP_PID" 2>/dev/null || true; fi
      echo; say "interrupted"; exit 130' INT TERM

# run_long WHAT ESTIMATE COMMAND...   (PROGRESS, if set, names a function that prints a count from the log)
PROGRESS=""
PROGRESS_EVERY=${SETUP_PROGRESS_EVERY:-10}  # seconds between progress lines
run_long() {
  local what=$1 estimate=$2 log start last status=0
  shift 2
  log=$(mktemp "${TMPDIR:-/tmp}/derive-setup.XXXXXX")
  say "$what (usually $estimate)..."
  start=$SECONDS
  last=$SECONDS
  set -m  # the step gets a process group of its own, so that an interrupt can stop all of it
  "$@" >"$log" 2>&1 &
  STEP_PID=$!
  set +m
  while kill -0 "$STEP_PID" 2>/dev/null; do
    sleep 0.2  # a step that ends is seen within 0.2 s; progress is said every PROGRESS_EVERY seconds
    if [ $((SECONDS - last)) -ge "$PROGRESS_EVERY" ]; then
      last=$SECONDS
      say "  ... $((SECONDS - start)) s${PROGRESS:+, $($PROGRESS "$log")}"
    fi
  done
  wait "$STEP_PID" || status=$?
  STEP_PID=""
  if [ "$status" != 0 ]; then
    tail -n 25 "$log" >&2
    die "failed: $what (exit $status; the whole output is in $log)"
  fi
  rm -f "$log"
  say "  done in $((SECONDS - start)) s"
}

# --- Debian packages ---------------------------------------------------------------------------------------
deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then
    env DEBIAN_FRONTEND=noninteractive "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo env DEBIAN_FRONTEND=noninteractive "$@"
  else
    die "installing Debian packages needs root: run ./setup.sh as root, or install sudo"
  fi
}

APT_UPDATED=0
APT_TOTAL=0
apt_progress() {
  local unpacked set_up
  unpacked=$(grep -c '^Unpacking ' "$1" || true)
  set_up=$(grep -c '^Setting up ' "$1" || true)
  echo "$unpacked of $APT_TOTAL packages unpacked, $set_up set up"
}

# apt_install WHAT ESTIMATE PACKAGE...: apt-get update (once), sizes from apt, the install with progress
apt_install() {
  local what=$1 estimate=$2 summary
  shift 2
  command -v apt-get >/dev/null 2>&1 ||
    die "no apt-get here: install $* with your system's package manager, then run ./setup.sh again"
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
    sudo -v || die "sudo is needed to install Debian packages"  # asks for the password here, not in a background step
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    run_long "updating Debian's package lists (apt-get update)" "10 to 30 s" as_root apt-get update
    APT_UPDATED=1
  fi
  summary=$(as_root apt-get install --assume-no --no-install-recommends "$@" 2>/dev/null || true)
  APT_TOTAL=$(sed -n 's/^.* \([0-9][0-9]*\) newly installed.*$/\1/p' <<<"$summary")
  APT_TOTAL=${APT_TOTAL:-?}
  local sizes
  sizes=$(grep -E '^(Need to get|After this operation)' <<<"$summary" | tr '\n' ' ' || true)
  say "$what: $APT_TOTAL Debian packages. ${sizes:-}"
  PROGRESS=apt_progress
  run_long "installing $what" "$estimate" \
    as_root apt-get install -y --no-install-recommends -o Dpkg::Use-Pty=0 "$@"
  PROGRESS=""
}

tex_missing() {
  local cmd sty
  for cmd in pdflatex pdftotext kpsewhich; do
    command -v "$cmd" >/dev/null 2>&1 || return 0
  done
  for sty in pgfplots.sty booktabs.sty bm.sty; do
    [ -n "$(kpsewhich "$sty" 2>/dev/null)" ] || return 0
  done
  return 1
}

# --- the plan ---------------------------------------------------------------------------------------------
BASE_PYTHON=${PYTHON:-python3}
command -v "$BASE_PYTHON" >/dev/null 2>&1 || die "no $BASE_PYTHON on PATH: install Python 3.11 or newer"
"$BASE_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  die "derive needs Python 3.11 or newer; $BASE_PYTHON is $("$BASE_PYTHON" -V 2>&1)"

if [ "$SYSTEM" = 1 ]; then PY=$BASE_PYTHON; STAMP="build/.derive-setup"; else PY="$VENV/bin/python"; fi

# pip extras: test, and each selected part that pyproject.toml has an extra for
EXTRAS=$("$BASE_PYTHON" - "${SELECTED[@]+"${SELECTED[@]}"}" <<'EOF'
import sys, tomllib
extras = tomllib.load(open("pyproject.toml", "rb"))["project"].get("optional-dependencies", {})
print(",".join(["test"] + [p for p in sys.argv[1:] if p in extras]))
EOF
)
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1) extras=$EXTRAS python=$("$BASE_PYTHON" -c 'import sys; print(sys.version.split()[0])')"
# up to date: the stamp matches and derive is installed (its metadata: `import derive` alone would find ./derive)
pip_current() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] &&
    "$PY" -c "import importlib.metadata as m; m.version('derive')" 2>/dev/null
}

DEBS=()
need_tex=0
if tex_missing; then need_tex=1; DEBS+=("${TEX_DEBS[@]}"); fi
for p in "${SELECTED[@]+"${SELECTED[@]}"}"; do
  for d in $(part_debs "$p"); do deb_installed "$d" || DEBS+=("$d"); done
done

say "parts: core${SELECTED[*]:+ ${SELECTED[*]}}"
if [ "$SYSTEM" = 1 ]; then say "Python: $BASE_PYTHON ($("$BASE_PYTHON" -V 2>&1)), no virtual environment (--system)"
else say "Python: $VENV (a virtual environment of $BASE_PYTHON, $("$BASE_PYTHON" -V 2>&1))"; fi
if pip_current; then say "pip: derive[$EXTRAS] is up to date (pyproject.toml unchanged), nothing to install"
else say "pip: derive[$EXTRAS], editable, to install"; fi
if [ "$need_tex" = 1 ]; then say "TeX: missing, to install: ${TEX_DEBS[*]}"; else say "TeX: found (pdflatex, pdftotext)"; fi
for p in "${SELECTED[@]+"${SELECTED[@]}"}"; do
  debs=$(part_debs "$p")
  if [ -z "$debs" ]; then say "$p: $(part_what "$p")"
  else
    todo=""
    for d in $debs; do deb_installed "$d" || todo="$todo $d"; done
    say "$p: $(part_what "$p"); Debian packages $debs: ${todo:+to install:$todo}${todo:-installed}"
  fi
done
if [ "$DRY" = 1 ]; then say "dry run: nothing changed"; exit 0; fi

# --- the work ---------------------------------------------------------------------------------------------
if [ "${#DEBS[@]}" -gt 0 ]; then
  what="Debian packages"
  [ "$need_tex" = 1 ] && what="TeX and other Debian packages"
  [ "$need_tex" = 1 ] && [ "${#DEBS[@]}" = "${#TEX_DEBS[@]}" ] && what="TeX (about 90 MB to download, 320 MB on disk)"
  apt_install "$what" "$TEX_SECONDS" "${DEBS[@]}"
fi

if [ "$SYSTEM" = 0 ] && [ ! -x "$PY" ]; then
  if ! "$BASE_PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    say "python3 cannot make a virtual environment here; installing Debian's python3-venv"
    apt_install "python3-venv" "30 s" python3-venv
    "$BASE_PYTHON" -m venv "$VENV" || die "could not create $VENV"
  fi
  say "created the virtual environment $VENV"
fi
pip_progress() {  # pip's latest step, shortened
  grep -E '^ *(Collecting|Downloading|Building|Installing|Successfully)' "$1" | tail -n 1 | cut -c1-70 | sed 's/^ *//' || true
}
if ! pip_current; then
  rm -f "$STAMP"
  PROGRESS=pip_progress
  run_long "installing derive[$EXTRAS] and what it needs with pip" "30 s to a minute; torch: a few minutes" \
    "$PY" -m pip install --disable-pip-version-check --progress-bar off -e ".[$EXTRAS]"
  PROGRESS=""
  mkdir -p "$(dirname "$STAMP")"
  echo "$WANT" >"$STAMP"
fi

for p in "${SELECTED[@]+"${SELECTED[@]}"}"; do
  if declare -F "part_step_$p" >/dev/null; then "part_step_$p"; fi
done

if [ "$SHEET" = 1 ]; then
  say "writing the reference answer sheet (a few seconds)"
  "$PY" -m derive solve derive/problems/hw2.toml -o build --pdf
fi
say "done. Run the tests with:  $PY -m pytest -n 2     (every test, as CI: add --all)"
