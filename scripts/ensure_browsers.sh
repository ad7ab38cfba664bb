#!/usr/bin/env bash
# Debian's Chromium and Firefox ESR for the browser tests: Playwright drives Chromium through
# executable_path, and marionette-driver drives Firefox over its built-in Marionette protocol, so
# no browser (and no geckodriver) is ever downloaded by a test tool. Installs what is missing in
# one apt-get run; quick when both are there. CLEARPICTURE_CHROMIUM and CLEARPICTURE_FIREFOX name
# other builds to use instead (tests/harness.py, tests/browser/drivers/firefox.py).
set -euo pipefail
missing=()
[ -x "${CLEARPICTURE_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${CLEARPICTURE_FIREFOX:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing ${missing[*]} and this is not a Debian-like system: install chromium at" \
    "/usr/bin/chromium and firefox-esr at /usr/bin/firefox-esr" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
for browser in "${missing[@]}"; do "/usr/bin/$browser" --version; done
