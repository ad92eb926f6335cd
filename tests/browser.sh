#!/bin/sh
# kg serve's page in headless Chromium (tests/browser.py, TAP); also takes the
# README's screenshot of the explorer. Needs chromium and python3 (.ci/setup
# installs both); skipped with a TAP skip line only where one is missing.
KG_CHROMIUM=$(command -v chromium || command -v chromium-browser || :)
if [ -z "$KG_CHROMIUM" ]; then
    echo "1..0 # SKIP chromium is not installed (.ci/setup installs it)"
    exit 0
fi
if ! command -v python3 > /dev/null; then
    echo "1..0 # SKIP python3 is not installed (.ci/setup installs it)"
    exit 0
fi
export KG_BIN KG_SRC KG_BUILD KG_CHROMIUM
exec python3 "$KG_SRC/tests/browser.py"
