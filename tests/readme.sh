#!/bin/sh
# readme.sh -- the tour in README.md is real output (TAP). The tour's
# `$ kg load news.kg PATH...`, `$ kg query news.kg '...'`, `$ kg watch
# news.kg FILE --once` and `$ kg curate news.kg ...` lines are run in the
# order they appear (all but queries from the source tree, SOURCE_DATE_EPOCH
# fixed so load generations have one time) and each output compared with
# the lines under it (trailing
# blanks ignored; the seconds of a load summary are not compared; a block
# whose output is cut with "..." is compared up to that line).
# Env: KG_BIN, KG_SRC (tests/CMakeLists.txt).
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-readme-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
# split the README's indented blocks into command + expected output files
awk -v dir="$T" '
    /^    \$ kg query news\.kg '"'"'.*'"'"'( --format [a-z]+)?$/ || /^    \$ kg (load|watch|curate) news\.kg [^|>]*$/ {
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
    case "$cmd" in
    "kg load "* | "kg watch "* | "kg curate "*) # from the source tree, into the test's database
        verb=${cmd#kg }
        verb=${verb%% *}
        args=${cmd#kg $verb news.kg }
        (cd "$SRC" && eval "SOURCE_DATE_EPOCH=1700000000 \"\$KG\" $verb \"\$T/news.kg\" $args") > "got$i" 2>&1 ;;
    *) # the binary under test, output as on a terminal: table unless a format is given
        case "$cmd" in *"--format "*) fmt="" ;; *) fmt="--format table" ;; esac
        eval "\"\$KG\" ${cmd#kg } $fmt" > "got$i" 2>&1 ;;
    esac
    sed 's/[[:space:]]*$//; s/, [0-9.]* s (load/, _ s (load/' "got$i" > "g$i"
    sed 's/[[:space:]]*$//; s/, [0-9.]* s (load/, _ s (load/' "exp$i" > "e$i"
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
