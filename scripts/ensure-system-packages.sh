#!/bin/sh
# Install the Debian packages a task needs, only when they are missing.
#   venv  - Python's venv module (python3-venv on Debian)
#   test  - Chromium for browser tests, a CJK font, poppler-utils for PDF checks
set -eu

need=""
for group in "$@"; do
  case "$group" in
    venv)
      python3 -c 'import ensurepip, venv' 2>/dev/null || need="$need python3-venv" ;;
    test)
      [ -x /usr/bin/chromium ] || need="$need chromium"
      { command -v fc-list >/dev/null 2>&1 && fc-list ':lang=zh' | grep -q .; } || need="$need fonts-noto-cjk fontconfig"
      command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils" ;;
    *)
      echo "unknown package group: $group" >&2; exit 2 ;;
  esac
done
[ -n "$need" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing Debian packages:$need"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need
