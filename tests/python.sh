#!/bin/sh
# The Python package kg (tests/python.py, TAP): run with the interpreter the
# package was built for, from BUILD/python. Skipped with a TAP skip line only
# where the package could not be built (no python3-dev; .ci/setup installs it).
PYDIR="$KG_BUILD/python"
if [ ! -f "$PYDIR/kg/__init__.py" ] || ! ls "$PYDIR"/kg/_kg*.so > /dev/null 2>&1; then
    echo "1..0 # SKIP the Python package is not built (Python 3 headers, python3-dev, are missing)"
    exit 0
fi
PY=$(cat "$PYDIR/interpreter" 2> /dev/null)
[ -x "$PY" ] || PY=$(command -v python3)
# a sanitizer build's extension needs the ASan runtime loaded first; the
# interpreter's own allocations are not ours to leak-check
asan=$(ldd "$PYDIR"/kg/_kg*.so 2> /dev/null | awk '/libasan/ { print $3; exit }')
if [ -n "$asan" ]; then
    export LD_PRELOAD="$asan"
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
export KG_SRC KG_PROGRAM="$KG_BIN" PYTHONPATH="$PYDIR" PYTHONDONTWRITEBYTECODE=1
exec "$PY" "$KG_SRC/tests/python.py"
