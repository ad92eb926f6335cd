#!/bin/sh
# readme.sh -- the tour in README.md is real output (TAP). Every one-line
# `$ kg query news.kg '...'` in the tour is run against the example corpus and
# its output compared with the lines under it (trailing blanks ignored; a
# block whose output is cut with "..." is compared up to that line).
# Env: KG_BIN, KG_SRC (tests/CMakeLists.txt).
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-readme-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
"$KG" load news.kg "$SRC/examples/corpus" >/dev/null 2>&1
# split the README's indented blocks into command + expected output files
awk -v dir="$T" '
    /^    \$ kg query news\.kg '"'"'.*'"'"'( --format [a-z]+)?$/ {
        n++; cf = dir "/cmd" n; ef = dir "/exp" n
        line = substr($0, 7); print line > cf; close(cf); inblock = 1; printf "" > ef; next }
    inblock && /^    / { if ($0 ~ /^    \.\.\.$/) { inblock = 0; next } print substr($0, 5) > ef; next }
    { inblock = 0 }
    END { print n > (dir "/count") }
' "$SRC/README.md"
count=$(cat count)
echo "1..$count"
fail=0
i=1
while [ "$i" -le "$count" ]; do
    cmd=$(cat "cmd$i")
    # run with the binary under test, output as on a terminal: table unless a format is given
    case "$cmd" in *"--format "*) fmt="" ;; *) fmt="--format table" ;; esac
    eval "\"\$KG\" ${cmd#kg } $fmt" > "got$i" 2>&1
    sed 's/[[:space:]]*$//' "got$i" > "g$i"
    sed 's/[[:space:]]*$//' "exp$i" > "e$i"
    lines=$(wc -l < "e$i")
    head -n "$lines" "g$i" > "gh$i"
    if cmp -s "gh$i" "e$i"; then
        echo "ok $i - README: ${cmd%%\'*}'$(sed -n 1p "cmd$i" | cut -c 19-60)..."
    else
        echo "not ok $i - README: $cmd"
        diff "e$i" "gh$i" | sed 's/^/# /'
        fail=1
    fi
    i=$((i + 1))
done
exit $fail
