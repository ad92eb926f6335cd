#!/bin/sh
# kg serve: the JSON API and its refusals (tests/serve.py, TAP). Needs python3
# (installed by .ci/setup); skipped with a TAP skip line only where it is missing.
if ! command -v python3 > /dev/null; then
    echo "1..0 # SKIP python3 is not installed (.ci/setup installs it)"
    exit 0
fi
export KG_BIN KG_SRC KG_BUILD
exec python3 "$KG_SRC/tests/serve.py"
