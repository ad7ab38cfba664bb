#!/usr/bin/env bash
# Debian's Chromium for the browser tests: Playwright drives it through executable_path, so no
# browser is ever downloaded by a test tool. Installs it when missing; quick when present.
# CLEARPICTURE_CHROMIUM names another Chromium build to use instead (tests/harness.py).
set -euo pipefail
if [ -x "${CLEARPICTURE_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and this is not a Debian-like system: install chromium at /usr/bin/chromium" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
