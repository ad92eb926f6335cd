#!/bin/sh
# backup.sh -- kg backup and kg restore under concurrent writers (TAP).
# A text load is paused between two documents (KG_PAUSE_AT=doc:6, kg(1)
# ENVIRONMENT) and the database's answers at that point are recorded; a plain
# backup is taken there. A second writer (a CREATE) is then paused inside its
# write transaction, holding the writer lock (KG_PAUSE_AT=commit:1), and a
# compacting backup is taken: it must not wait for it and must not see the
# CREATE. A plain backup started then waits for that transaction and sees it.
# Both writers go on. Each backup restores (kg restore) to a database that
# checks clean and answers exactly as the original did at its backup point
# (facts, counts, the jsonl export, properties set with SET); the original
# has moved on. A restored database takes writes: the rest of the load gives
# what the original has. Refusals: a backup never replaces a file nor writes
# into a database directory, a restore never replaces a database nor leaves
# anything behind from a file that is no backup. Deterministic: the test waits
# on FIFOs, never on time (a hang guard only: timeout).
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-backup-XXXXXX")
trap 'exec 3>&- 4>&- 2> /dev/null; rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
yes_no() { if "$@"; then echo 0; else echo 1; fi; }
echo "1..42"

# what a database answers: facts, counts, the graph with ids, properties
PROPS='MATCH (p) WHERE p.rank IS NOT NULL OR p.born IS NOT NULL RETURN p.name, p.rank, p.born, p.seen ORDER BY p.name'
answers() { # DB OUT-PREFIX
    "$KG" export "$1" facts --format tsv | LC_ALL=C sort > "$2.facts"
    "$KG" stats "$1" | sed '/^map /d' > "$2.stats"
    "$KG" export "$1" graph --format jsonl > "$2.jsonl"
    "$KG" query "$1" "$PROPS" --format tsv > "$2.props"
}
same() { # PREFIX-A PREFIX-B: 0 when every answer is equal
    for k in facts stats jsonl props; do cmp -s "$1.$k" "$2.$k" || return 1; done
}

gen_docs "$T/all" 30
mkdir -p "$T/first" "$T/rest"
for i in $(seq -w 1 10); do mv "$T/all/doc-0$i.txt" "$T/first/"; done
mv "$T/all"/*.txt "$T/rest/"
"$KG" load "$T/db" "$T/first" --quiet
ok $? "a first load of 10 documents"
"$KG" query "$T/db" 'MATCH (p:person) WITH p ORDER BY p.name LIMIT 2 SET p.rank = "colonel", p.seen = date("2020-01-03")' > /dev/null &&
    "$KG" query "$T/db" 'CREATE (:person {name: "Innocent Bystander", born: 1970})' > /dev/null
ok $? "properties set with SET and CREATE"
is "$("$KG" query "$T/db" "$PROPS" --format tsv | wc -l)" 4 "three nodes with properties (and the header)"

# writer 1: a text load, paused before its 6th document (5 committed)
mkfifo "$T/fifo1" "$T/fifo2"
( KG_PAUSE_AT=doc:6 KG_PAUSE_FIFO="$T/fifo1" "$KG" load "$T/db" "$T/rest" --quiet 2> "$T/load.err"
  echo $? > "$T/load.rc"; exec 5<> "$T/fifo1" ) &
w1=$!
exec 3> "$T/fifo1" # returns once the load waits
[ ! -e "$T/load.rc" ]
ok $? "the load stopped between two documents"
answers "$T/db" "$T/at"
is "$("$KG" stats "$T/db" | awk '/^documents/ {print $2}')" 15 "15 documents at the backup point"
timeout 600 "$KG" backup "$T/db" "$T/plain.mdb" > "$T/plain.out" 2>&1
ok $? "a plain backup while the load is paused: $(cat "$T/plain.out")"

# writer 2: a CREATE paused inside its write transaction (it holds the writer lock)
( KG_PAUSE_AT=commit:1 KG_PAUSE_FIFO="$T/fifo2" "$KG" query "$T/db" 'CREATE (:person {name: "Late Arrival", born: 2001})' > /dev/null 2> "$T/create.err"
  echo $? > "$T/create.rc"; exec 5<> "$T/fifo2" ) 3>&- &
w2=$!
exec 4> "$T/fifo2"
[ ! -e "$T/create.rc" ]
ok $? "a CREATE stopped inside its write transaction"
timeout 600 "$KG" backup "$T/db" "$T/compact.mdb" --compact > "$T/compact.out" 2>&1
ok $? "a compacting backup does not wait for the open write transaction: $(cat "$T/compact.out")"
# (without the test's FIFO ends: a paused writer goes on when every writer of its FIFO has closed it)
timeout 600 "$KG" backup "$T/db" "$T/waited.mdb" > "$T/waited.out" 2>&1 3>&- 4>&- &
bw=$!
exec 4>&- # the CREATE commits; the plain backup (waiting for the lock, or not yet started) follows it
wait $w2
is "$(cat "$T/create.rc")" 0 "the CREATE committed $(cat "$T/create.err")"
wait $bw
ok $? "a plain backup started during the CREATE's transaction finished after it: $(cat "$T/waited.out")"
exec 3>&- # the load goes on
wait $w1
is "$(cat "$T/load.rc")" 0 "the load finished $(head -c 300 "$T/load.err")"
"$KG" check "$T/db" > /dev/null 2>&1
ok $? "the original checks clean"
answers "$T/db" "$T/end"
ok $(yes_no [ "$(wc -l < "$T/end.facts")" -gt "$(wc -l < "$T/at.facts")" ]) "the original moved on: $(wc -l < "$T/at.facts") facts at the backup point, $(wc -l < "$T/end.facts") now"

# restore each backup and compare
for b in plain compact; do
    "$KG" restore "$T/$b.mdb" "$T/r-$b" > "$T/r-$b.out" 2>&1
    ok $? "kg restore of the $b backup: $(tail -1 "$T/r-$b.out")"
    "$KG" check "$T/r-$b" > /dev/null 2>&1
    ok $? "the restored $b backup checks clean"
    answers "$T/r-$b" "$T/got-$b"
    same "$T/at" "$T/got-$b"
    ok $? "the restored $b backup answers as the original did at the backup point ($(wc -l < "$T/got-$b.facts") facts, $(wc -l < "$T/got-$b.jsonl") jsonl lines)"
    cmp -s "$T/at.props" "$T/got-$b.props"
    ok $? "properties set with SET are in the $b backup"
done
ok $(yes_no [ "$(stat -c %s "$T/compact.mdb")" -le "$(stat -c %s "$T/plain.mdb")" ]) "the compacted file is no larger ($(stat -c %s "$T/compact.mdb") vs $(stat -c %s "$T/plain.mdb") bytes)"
"$KG" restore "$T/waited.mdb" "$T/r-waited" > /dev/null 2>&1
ok $? "kg restore of the backup that waited"
is "$("$KG" query "$T/r-waited" 'MATCH (p:person {name: "Late Arrival"}) RETURN p.born' --format tsv | tail -1)" 2001 "it holds the CREATE it waited for"
is "$("$KG" query "$T/r-compact" 'MATCH (p:person {name: "Late Arrival"}) RETURN count(p)' --format tsv | tail -1)" 0 "the compacting backup does not"

# a restored database takes writes: the rest of the load gives the original
"$KG" query "$T/r-plain" 'CREATE (:person {name: "Late Arrival", born: 2001})' > /dev/null &&
    "$KG" load "$T/r-plain" "$T/rest" --quiet
ok $? "the restored database takes the CREATE and the rest of the load"
"$KG" export "$T/r-plain" facts --format tsv | LC_ALL=C sort > "$T/r-plain.after"
cmp -s "$T/end.facts" "$T/r-plain.after"
ok $? "and then has the original's facts"
"$KG" check "$T/r-plain" > /dev/null 2>&1
ok $? "and checks clean"

# refusals
cp "$T/plain.mdb" "$T/keep.mdb"
"$KG" backup "$T/db" "$T/plain.mdb" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && grep -q 'exists' "$T/err") "a backup never replaces a file (exit $rc: $(cat "$T/err"))"
cmp -s "$T/plain.mdb" "$T/keep.mdb"
ok $? "the file is untouched"
cp "$T/db/data.mdb" "$T/data.before"
"$KG" backup "$T/db" "$T/db/data.mdb" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && grep -q 'database directory' "$T/err") "a backup over the database's own data.mdb is refused (exit $rc)"
"$KG" backup "$T/db" "$T/db/copy.mdb" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/db/copy.mdb" ]) "a backup into a database directory is refused (exit $rc: $(cat "$T/err"))"
cmp -s "$T/db/data.mdb" "$T/data.before" && "$KG" check "$T/db" > /dev/null 2>&1
ok $? "the database is untouched and checks clean"
"$KG" backup "$T/db" "$T/nodir/x.mdb" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ]) "a backup into a missing directory fails (exit $rc: $(cat "$T/err"))"
ls "$T" | grep -q 'tmp-'
ok $(yes_no [ $? -ne 0 ]) "no temporary backup file is left behind"

"$KG" restore "$T/plain.mdb" "$T/r-compact" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && grep -q 'not empty' "$T/err") "a restore never replaces a database (exit $rc)"
"$KG" export "$T/r-compact" facts --format tsv | LC_ALL=C sort | cmp -s - "$T/got-compact.facts"
ok $? "the database is untouched"
mkdir "$T/empty"
"$KG" restore "$T/plain.mdb" "$T/empty" > /dev/null 2>&1
ok $? "a restore into an empty directory"
head -c 200000 /dev/urandom > "$T/junk.mdb"
"$KG" restore "$T/junk.mdb" "$T/r-junk" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/r-junk" ]) "a file that is no backup is refused (exit $rc: $(cat "$T/err"))"
ls "$T" | grep -q 'restore-'
ok $(yes_no [ $? -ne 0 ]) "and nothing is left behind"
"$KG" restore "$T/nothere.mdb" "$T/r-none" 2> /dev/null; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/r-none" ]) "a missing backup file is an error (exit $rc)"
"$KG" backup "$T/db" 2> /dev/null; rc=$?
is "$rc" 2 "kg backup without a file is a usage error"
