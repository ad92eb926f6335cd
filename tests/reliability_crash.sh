#!/bin/sh
# reliability_crash.sh -- crash safety of `kg load` (TAP). Loads 240
# generated documents, kills the loader with SIGKILL at random moments and,
# after each kill, checks that the database opens, `kg check` is clean and
# every document is wholly present (its exported facts equal those of an
# uninterrupted load) or wholly absent. Reloading ends in exactly the state
# of an uninterrupted load. Env: KG_BIN, KG_SRC; KG_CRASH_KILLS (kills,
# default 5; use 20+ for a real run), KG_CRASH_SEED (random seed).
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
KILLS=${KG_CRASH_KILLS:-5}
SEED=${KG_CRASH_SEED:-$$}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-crash-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
echo "1..$((KILLS * 3 + 5))"
echo "# seed $SEED, $KILLS kills"

gen_docs "$T/docs" 240
start=$(date +%s.%N)
"$KG" load "$T/ref" "$T/docs" --quiet; rc=$?
end=$(date +%s.%N)
ok $rc "reference load of 240 documents"
"$KG" export "$T/ref" facts --format tsv > "$T/ref.tsv"
ndocs=$(tail -n +2 "$T/ref.tsv" | cut -f1 | sort -u | wc -l)
ok $([ "$ndocs" -eq 240 ] && echo 0 || echo 1) "every reference document has facts ($ndocs)"
# kill moments: uniform over the reference load time (at least 0.3 s)
span=$(awk -v a="$start" -v b="$end" 'BEGIN { d = b - a; if (d < 0.3) d = 0.3; print d }')
echo "# reference load took $span s"

# Per document: rows of a document present in got equal the reference rows.
# Prints the number of documents present, or "BAD doc" for the first torn one.
compare() {
    awk -F '\t' 'FNR == 1 { next }
        FILENAME == ARGV[1] { ref[$1] = ref[$1] $0 "\n"; next }
        { got[$1] = got[$1] $0 "\n" }
        END { n = 0
              for (d in got) { if (got[d] != ref[d]) { print "BAD " d; exit } n++ }
              print n }' "$1" "$2"
}

kills=0 tries=0 i=0
db="$T/db"
while [ $kills -lt "$KILLS" ] && [ $tries -lt $((KILLS * 4)) ]; do
    tries=$((tries + 1))
    # every other round starts afresh; the others resume a killed database
    if [ $((tries % 2)) -eq 1 ]; then rm -rf "$db"; fi
    delay=$(awk -v s="$SEED" -v t="$tries" -v span="$span" 'BEGIN { srand(s + t * 7919); print rand() * span }')
    "$KG" load "$db" "$T/docs" --quiet 2> "$T/load.err" &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2> /dev/null
    wait $pid 2> /dev/null
    st=$?
    if [ $st -ne 137 ]; then continue; fi # finished before the kill
    kills=$((kills + 1))
    "$KG" check "$db" > "$T/check.out" 2>&1
    crc=$?
    if [ $crc -ne 0 ] && grep -q "no kg database\|no database at" "$T/check.out"; then
        # killed before the database was created: it is absent, and loads from scratch
        ok 0 "kill $kills (after ${delay}s): no database yet ($(head -1 "$T/check.out"))"
        ok 0 "kill $kills: every document absent"
        "$KG" load "$db" "$T/docs" --quiet 2> /dev/null
        ok $? "kill $kills: a later load creates the database"
        continue
    fi
    ok $crc "kill $kills (after ${delay}s): kg check is clean"
    [ $crc -eq 0 ] || sed 's/^/#   /' "$T/check.out" | head -5
    "$KG" export "$db" facts --format tsv > "$T/got.tsv" 2> "$T/export.err"
    res=$(compare "$T/ref.tsv" "$T/got.tsv")
    case $res in
    BAD*|'') ok 1 "kill $kills: every document whole or absent ($res)" ;;
    *) ok 0 "kill $kills: every document whole or absent ($res of 240 present)" ;;
    esac
    # the document count agrees with the documents that have facts
    docs=$("$KG" stats "$db" 2> /dev/null | awk '$1 == "documents" { print $2 }')
    ok $([ "${docs:-x}" = "$res" ] && echo 0 || echo 1) "kill $kills: $docs documents registered, $res with facts"
done
ok $([ $kills -eq "$KILLS" ] && echo 0 || echo 1) "$kills of $KILLS kills landed during a load ($tries tries)"

# reload after the last kill: the state of an uninterrupted load
"$KG" load "$db" "$T/docs" --quiet
"$KG" export "$db" facts --format tsv > "$T/final.tsv"
cmp -s "$T/ref.tsv" "$T/final.tsv"; ok $? "reloading after a kill gives the uninterrupted load's facts"
"$KG" check "$db" > /dev/null; ok $? "kg check is clean after the reload"
