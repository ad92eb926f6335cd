#!/bin/sh
# reliability_lockfile.sh -- lock.mdb deleted under a running writer (TAP).
# LMDB serialises writers with a mutex in lock.mdb. A text load is paused
# inside a write transaction (KG_PAUSE_AT=commit:2: its first document's
# transaction is open), lock.mdb is deleted, and a second process writes: it
# makes a new lock.mdb, so only kg's own flock on data.mdb keeps it from
# committing beside the paused load (one commit would overwrite the other's,
# and kg check would not see it). Every write must survive. The result does
# not depend on timing: with the lock the second writer waits for the load
# whenever it starts. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-lockfile-XXXXXX")
trap 'exec 3>&- 2> /dev/null; rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
echo "1..9"

gen_docs "$T/all" 6
mkdir -p "$T/first" "$T/later"
mv "$T"/all/doc-00[1-3].txt "$T/first/"
mv "$T"/all/doc-00[4-6].txt "$T/later/"
"$KG" load "$T/db" "$T/first" --quiet
ok $? "a first load of 3 documents"

mkfifo "$T/fifo"
( KG_PAUSE_AT=commit:2 KG_PAUSE_FIFO="$T/fifo" "$KG" load "$T/db" "$T/later" --quiet 2> "$T/load.err"
  echo $? > "$T/load.rc"
  exec 4<> "$T/fifo" ) &
load=$!
exec 3> "$T/fifo" # returns once the load waits inside its write transaction
[ ! -e "$T/load.rc" ]
ok $? "the load stopped inside a write transaction"
rm -f "$T/db/lock.mdb"
( exec 3>&- # not a writer of the FIFO: the load must see its end
  "$KG" query "$T/db" 'CREATE (:person {name: "Second Writer"})' > /dev/null 2> "$T/create.err"
  echo $? > "$T/create.rc" ) &
create=$!
# give the second writer every chance to run before the load goes on: these
# read-only commands take no writer lock
"$KG" stats "$T/db" > /dev/null 2>&1
"$KG" query "$T/db" 'MATCH (d:document) RETURN count(d)' > /dev/null 2>&1
exec 3>&- # the load goes on
wait $load
wait $create
# Which writer LMDB's split lock files leave behind depends on who opened
# first; what must hold every time: each write is either stored or refused
# with a message that says why, never lost in silence.
refused=$(grep -c "lock.mdb was deleted or replaced" "$T/load.err")
load_rc=$(cat "$T/load.rc") create_rc=$(cat "$T/create.rc")
ok $({ [ "$load_rc" -eq 0 ] && [ "$refused" -eq 0 ]; } || { [ "$load_rc" -eq 1 ] && [ "$refused" -gt 0 ]; } && echo 0 || echo 1) \
    "the load either stored every document or says which it refused (rc $load_rc, $refused refused)"
ok $({ [ "$create_rc" -eq 0 ] || grep -q "lock.mdb was deleted or replaced" "$T/create.err"; } && echo 0 || echo 1) \
    "the second writer either wrote or says why it did not (rc $create_rc: $(head -c 200 "$T/create.err"))"
"$KG" check "$T/db" > "$T/check.out" 2>&1
ok $? "kg check is clean"
got=$("$KG" query "$T/db" 'MATCH (d:document) RETURN count(d)' --format tsv 2>&1 | tail -1)
is "$got" $((6 - refused)) "every document the load did not refuse is there"
got=$("$KG" query "$T/db" 'MATCH (p:person {name: "Second Writer"}) RETURN count(p)' --format tsv 2>&1 | tail -1)
is "$got" $([ "$create_rc" -eq 0 ] && echo 1 || echo 0) "and the second writer's node exactly when it said it wrote"
"$KG" load "$T/db" "$T/later" --quiet && "$KG" query "$T/db" 'MERGE (:person {name: "Second Writer"})' > /dev/null
ok $? "once those processes have ended, writes go through again"
got=$("$KG" query "$T/db" 'MATCH (d:document) RETURN count(d)' --format tsv 2>&1 | tail -1)
is "$got" 6 "and the refused documents load"
