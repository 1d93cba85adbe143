#!/bin/sh
# Install the Debian packages a task needs, only when they are missing.
#   venv  - Python's venv module (python3-venv on Debian)
#   pdf   - what WeasyPrint prints with: Pango, Debian's Noto CJK fonts and the Liberation fonts for Latin text
#   test  - Chromium for browser tests, Node.js and npm for Lighthouse, poppler-utils for PDF checks, and the pdf group
set -eu

need=""
has_lib() {
  for file in /usr/lib/*/"$1" /usr/lib/"$1"; do [ -e "$file" ] && return 0; done
  return 1
}
for group in "$@"; do
  case "$group" in
    venv)
      python3 -c 'import ensurepip, venv' 2>/dev/null || need="$need python3-venv" ;;
    pdf|test)
      { command -v fc-list >/dev/null 2>&1 && fc-list ':family=Noto Serif CJK SC' | grep -q .; } || need="$need fonts-noto-cjk fontconfig"
      { command -v fc-list >/dev/null 2>&1 && fc-list ':family=Liberation Serif' | grep -q .; } || need="$need fonts-liberation2"
      has_lib libpangoft2-1.0.so.0 || need="$need libpango-1.0-0 libpangoft2-1.0-0"
      if [ "$group" = test ]; then
        [ -x /usr/bin/chromium ] || need="$need chromium"
        { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || need="$need nodejs npm"
        command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
      fi ;;
    *)
      echo "unknown package group: $group" >&2; exit 2 ;;
  esac
done
[ -n "$need" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing Debian packages:$need"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need
