#!/bin/sh
# reliability_concurrency.sh -- one `kg load` while four processes query and
# check continuously (TAP): no errors, every reader sees a consistent
# snapshot (kg check from a reader is clean, counts never go backwards), and
# two writers started at once both finish (the second waits for the writer
# lock) or one fails cleanly; nothing is corrupted. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-conc-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
echo "1..8"

gen_docs "$T/docs" 240
mkdir -p "$T/first" && mv "$T/docs/doc-001.txt" "$T/first/"
"$KG" load "$T/db" "$T/first" --quiet
"$KG" load "$T/db" "$T/docs" --quiet 2> "$T/load.err" &
loader=$!

# reader: until the loader is gone, count nodes and relations, check now and then
reader() {
    last_nodes=0 last_rels=0 i=0 bad=0
    while kill -0 $loader 2> /dev/null || [ $i -lt 3 ]; do
        i=$((i + 1))
        out=$("$KG" query "$T/db" 'MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r)' --format tsv 2>&1) || { echo "query failed: $out"; bad=1; break; }
        set -- $(echo "$out" | tail -1)
        if [ "$1" -lt "$last_nodes" ] || [ "$2" -lt "$last_rels" ]; then
            echo "went backwards: $last_nodes/$last_rels then $1/$2"; bad=1; break
        fi
        last_nodes=$1 last_rels=$2
        if [ $((i % 4)) -eq 0 ]; then
            "$KG" check "$T/db" > "$T/check.$$" 2>&1 || { echo "check failed: $(head -2 "$T/check.$$")"; bad=1; break; }
        fi
    done
    echo "reads $i bad $bad last $last_nodes/$last_rels"
}
for r in 1 2 3 4; do reader > "$T/reader$r" 2>&1 & eval "r$r=\$!"; done
wait $loader; lrc=$?
wait $r1 $r2 $r3 $r4
ok $lrc "the loader finished cleanly while four readers ran"
bad=0 reads=""
for r in 1 2 3 4; do
    grep -q "bad 0" "$T/reader$r" || { bad=1; sed 's/^/#   /' "$T/reader$r"; }
    reads="$reads $(awk '/^reads/ { print $2 }' "$T/reader$r")"
done
ok $bad "readers: no errors, counts never went backwards, kg check clean (reads:$reads)"
"$KG" check "$T/db" > /dev/null; ok $? "kg check is clean after the load"

# two writers at once, on disjoint documents
gen_docs "$T/more" 60
mkdir -p "$T/w1" "$T/w2"
for f in "$T"/more/doc-0[0-2]*.txt; do mv "$f" "$T/w1/a-$(basename "$f")"; done
for f in "$T"/more/*.txt; do mv "$f" "$T/w2/b-$(basename "$f")"; done
"$KG" load "$T/db" "$T/w1" --quiet 2> "$T/w1.err" & p1=$!
"$KG" load "$T/db" "$T/w2" --quiet 2> "$T/w2.err" & p2=$!
wait $p1; c1=$?
wait $p2; c2=$?
ok $([ $c1 -eq 0 ] || grep -qi 'busy\|lock' "$T/w1.err"; echo $?) "first writer: done or failed cleanly (exit $c1)"
ok $([ $c2 -eq 0 ] || grep -qi 'busy\|lock' "$T/w2.err"; echo $?) "second writer: done or failed cleanly (exit $c2)"
"$KG" check "$T/db" > /dev/null; ok $? "kg check is clean after two writers"
"$KG" export "$T/db" facts --format tsv > "$T/out"
want=0
[ $c1 -eq 0 ] && want=$((want + $(ls "$T/w1" | wc -l)))
[ $c2 -eq 0 ] && want=$((want + $(ls "$T/w2" | wc -l)))
got=$(grep -c '^[ab]-doc' "$T/out" | awk '{ print $1 / 4 }')
ok $([ "$got" = "$want" ]; echo $?) "every document of a writer that succeeded is there ($got of $want)"
ok $([ "$(tail -n +2 "$T/out" | cut -f1 | sort -u | wc -l)" -eq $((240 + want)) ]; echo $?) "and the first load's documents are all still there"
