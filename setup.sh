#!/usr/bin/env bash
# Installs everything derive needs (Python packages; TeX from Debian's packages when missing),
# then writes the reference problem's answer sheet: build/hw2.pdf (and .tex, .json).
set -euo pipefail
cd "$(dirname "$0")"

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

need_tex=0
for cmd in latexmk pdflatex pdftotext kpsewhich; do
  command -v "$cmd" >/dev/null 2>&1 || need_tex=1
done
if [ "$need_tex" = 0 ]; then
  for sty in pgfplots.sty booktabs.sty bm.sty; do
    [ -n "$(kpsewhich "$sty" 2>/dev/null)" ] || need_tex=1
  done
fi
if [ "$need_tex" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "setup: installing TeX from Debian's packages (about 100 MB)..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    texlive-latex-extra texlive-pictures latexmk poppler-utils >/dev/null
fi

python3 -m derive solve problems/hw2.toml -o build --pdf
