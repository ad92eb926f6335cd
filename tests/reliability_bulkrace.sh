#!/bin/sh
# reliability_bulkrace.sh -- other writers inside a bulk load's gap (TAP). A
# fact file of 4 MB or more is loaded in two write transactions: its document
# first, then its facts (kg_store_bulk_checkpoint). The load is paused exactly
# there (KG_PAUSE_AT=checkpoint:1, kg(1) ENVIRONMENT) while a shell statement
# creates a node and a text load adds a document; then it goes on. Every
# committed write must survive (the bulk load reads its counters and next ids
# again in its second transaction instead of overwriting what the others
# wrote), kg check is clean, and the result equals the same writes done one
# after another. Deterministic: the test waits on the FIFO, never on time.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-bulkrace-XXXXXX")
trap 'exec 3>&- 2> /dev/null; rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
echo "1..10"

gen_docs "$T/all" 41
mkdir -p "$T/first" "$T/facts" "$T/other"
for f in "$T"/all/doc-0[0-3]*.txt; do mv "$f" "$T/first/"; done
mv "$T/all/doc-040.txt" "$T/all/doc-041.txt" "$T/other/"
gen_facts "$T/facts/register.tsv" 4300000
CREATE='CREATE (:person {name: "Innocent Bystander"})'
"$KG" load "$T/db" "$T/first" --quiet
ok $? "a first load of 39 documents"
cp -r "$T/db" "$T/ref"

# the same writes one after another: the reference
"$KG" query "$T/ref" "$CREATE" > /dev/null && "$KG" load "$T/ref" "$T/other" --quiet &&
    "$KG" load "$T/ref" "$T/facts" --quiet
ok $? "reference: the shell's CREATE, the text load, then the fact file"

mkfifo "$T/fifo"
( KG_PAUSE_AT=checkpoint:1 KG_PAUSE_FIFO="$T/fifo" "$KG" load "$T/db" "$T/facts" --quiet 2> "$T/bulk.err"
  echo $? > "$T/bulk.rc"
  # if the load ended without pausing, the open below still waits for a
  # reader: be one (a read-write open of a FIFO does not block on Linux)
  exec 4<> "$T/fifo" ) &
bulk=$!
exec 3> "$T/fifo" # returns once the bulk load waits at its checkpoint
[ ! -e "$T/bulk.rc" ]
ok $? "the bulk load stopped between its document's commit and its facts"
"$KG" query "$T/db" "$CREATE" > /dev/null 2> "$T/create.err"
ok $? "meanwhile the shell creates a node $(cat "$T/create.err")"
"$KG" load "$T/db" "$T/other" --quiet 2> "$T/other.err"
ok $? "and a text load adds two documents $(cat "$T/other.err")"
exec 3>&- # the bulk load goes on
wait $bulk
is "$(cat "$T/bulk.rc")" 0 "the bulk load finished $(head -c 300 "$T/bulk.err")"

"$KG" check "$T/db" > "$T/check.out" 2>&1
ok $? "kg check is clean"
sed 's/^/#   /' "$T/check.out" | head -5 | grep -v '#   ok' || :
got=$("$KG" query "$T/db" 'MATCH (p:person {name: "Innocent Bystander"}) RETURN count(p)' --format tsv 2>&1 | tail -1)
is "$got" 1 "the node the shell created is there"
"$KG" export "$T/ref" facts --format tsv | LC_ALL=C sort > "$T/ref.tsv"
"$KG" export "$T/db" facts --format tsv | LC_ALL=C sort > "$T/got.tsv"
cmp -s "$T/ref.tsv" "$T/got.tsv"
ok $? "every fact of every load is there, as when the writes come one after another ($(wc -l < "$T/got.tsv") rows)"
"$KG" stats "$T/ref" | head -5 > "$T/ref.stats"
"$KG" stats "$T/db" | head -5 > "$T/got.stats"
cmp -s "$T/ref.stats" "$T/got.stats"
ok $? "and the same counts: $(tr -s ' \n' ' ' < "$T/got.stats")"
