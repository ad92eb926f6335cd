#!/bin/sh
# dump.sh -- kg export DB dump and kg import DUMP DB (TAP): the dump holds
# everything (documents with their text, nodes with aliases and properties
# set with SET, relations with every evidence row: spans, dates, confidence,
# rule, modality, claimant; relations a statement created, whose evidence
# names no document; nodes without relations), and an
# import of it is a database that checks clean and answers as the original:
# the same facts, counts and properties, the same dump (ids aside: an import
# numbers from 1), documents that a reload finds unchanged. Refusals: an
# import never adds to a database, and a file that is no dump, or a dump cut
# short, imports nothing and leaves nothing behind.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
. "$SRC/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-dump-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then printf 'ok %d - %s\n' $n "$2"; else printf 'not ok %d - %s\n' $n "$2"; fi; }
yes_no() { if "$@"; then echo 0; else echo 1; fi; }
echo "1..17"

gen_docs "$T/docs" 20
gen_facts "$T/facts.tsv" 200000
"$KG" load "$T/db" "$T/docs" "$T/facts.tsv" "$SRC/examples/corpus" --quiet
ok $? "documents, a fact file and the example corpus (claims, denials, claimants) load"
"$KG" query "$T/db" 'MATCH (p:person) WITH p ORDER BY p.name LIMIT 2 SET p.rank = "colonel", p.seen = date("2020-01-03"), p.x = 0.1, p.n = 0.0/0.0, p.ok = true, p.big = 12345678901234' > /dev/null &&
    "$KG" query "$T/db" 'CREATE (:person {name: "Lonely Node", born: 1970, aliases: ["L. Node"]}), (:base {name: "Camp Nowhere"}), (:base {name: "Camp Gone"})' > /dev/null &&
    "$KG" query "$T/db" 'MATCH (a:person {name: "Lonely Node"}), (b:base {name: "Camp Nowhere"}) CREATE (a)-[:visited]->(b)' > /dev/null &&
    "$KG" query "$T/db" 'MATCH (b:base {name: "Camp Gone"}) DETACH DELETE b' > /dev/null
ok $? "properties (text, date, float, NaN, bool, integer), a node and a relation made by statements, a deleted node"

"$KG" export "$T/db" dump --output "$T/d.jsonl"
ok $? "kg export DB dump runs ($(wc -l < "$T/d.jsonl") lines)"
"$KG" import "$T/d.jsonl" "$T/db2" > "$T/imp.out" 2>&1
ok $? "kg import: $(cat "$T/imp.out")"
"$KG" check "$T/db2" > /dev/null 2>&1
ok $? "the import checks clean"
"$KG" export "$T/db" facts | LC_ALL=C sort > "$T/f1"
"$KG" export "$T/db2" facts | LC_ALL=C sort > "$T/f2"
cmp -s "$T/f1" "$T/f2"
ok $? "the same facts ($(wc -l < "$T/f2") rows, modality and claimant included)"
"$KG" stats "$T/db" | sed '/^map /d' > "$T/s1"
"$KG" stats "$T/db2" | sed '/^map /d' > "$T/s2"
cmp -s "$T/s1" "$T/s2"
ok $? "the same counts: $(head -4 "$T/s2" | tr -s ' \n' ' ')"
P='MATCH (p) WHERE p.rank IS NOT NULL OR p.born IS NOT NULL RETURN p.name, p.rank, p.seen, p.x, p.n, p.ok, p.big, p.born ORDER BY p.name'
"$KG" query "$T/db" "$P" --format tsv > "$T/p1"
"$KG" query "$T/db2" "$P" --format tsv > "$T/p2"
cmp -s "$T/p1" "$T/p2" && [ "$(wc -l < "$T/p2")" -eq 4 ]
ok $? "the same properties, typed: $(sed -n 2p "$T/p2")"
"$KG" query "$T/db2" 'MATCH (a {name: "L. Node"})-[r:visited]->(b) RETURN a.name, b.name, r.count' --format tsv | tail -1 | grep -q '^Lonely Node	Camp Nowhere	1$'
ok $? "the node a statement made, its alias and its relation (evidence without a document)"
"$KG" export "$T/db2" dump --output "$T/d2.jsonl"
noids() { sed 's/"id":[0-9]*,//; s/"source":[0-9]*,"target":[0-9]*,//; s/"doc":[0-9]*/"doc":D/g; s/"claimant":[0-9]*/"claimant":C/g' "$1" | LC_ALL=C sort; }
noids "$T/d.jsonl" > "$T/n1"
noids "$T/d2.jsonl" > "$T/n2"
cmp -s "$T/n1" "$T/n2"
ok $? "the import's dump is the original's, ids aside"
ok $(yes_no [ "$(grep -c '"kind":"document"' "$T/d2.jsonl")" -eq 35 ]) "every document is in the dump, with its text"
"$KG" load "$T/db2" "$T/docs" "$T/facts.tsv" 2> "$T/reload"
grep -q '0 documents loaded, 21 unchanged' "$T/reload"
ok $? "a reload of the same files finds them unchanged: $(cat "$T/reload")"

# refusals
"$KG" import "$T/d.jsonl" "$T/db" 2> "$T/e1"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && grep -q 'never adds' "$T/e1") "an import into an existing database is refused (exit $rc)"
"$KG" export "$T/db" facts > "$T/facts.out"
"$KG" import "$T/facts.out" "$T/db3" 2> "$T/e2"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/db3" ]) "a file that is no dump imports nothing (exit $rc: $(cat "$T/e2"))"
head -c $(($(stat -c %s "$T/d.jsonl") * 2 / 3)) "$T/d.jsonl" > "$T/cut.jsonl"
"$KG" import "$T/cut.jsonl" "$T/db4" 2> "$T/e3"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/db4" ]) "a dump cut short imports nothing (exit $rc: $(cat "$T/e3"))"
ls "$T" | grep -q 'import-'
ok $(yes_no [ $? -ne 0 ]) "and nothing is left behind"
"$KG" export "$T/db" dump --around "Lonely Node" > /dev/null 2>&1; rc=$?
ok $(yes_no [ $rc -eq 2 ]) "a dump is the whole database: --around is a usage error (exit $rc)"
