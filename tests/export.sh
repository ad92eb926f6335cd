#!/bin/sh
# export.sh -- script tests of `kg export` (TAP): every format's structure on
# the example corpus, --around/--depth, --output, and the errors. Env: KG_BIN,
# KG_SRC, KG_BUILD (tests/CMakeLists.txt).
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-export-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=$((fail + 1)); fi; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
t() { if "$@"; then echo 0; else echo 1; fi; }
echo "1..48"

"$KG" load "$T/db" "$SRC/examples/corpus" --quiet; ok $? "example corpus loads"

# facts tsv: the loader's scoring format: its six columns unchanged, modality and claimant after
"$KG" export "$T/db" facts --format tsv > "$T/facts.tsv"; ok $? "facts tsv runs"
ok $(t test "$(head -1 "$T/facts.tsv")" = "$(printf 'doc\tsubject\trelation\tobject\tsentence\tdate\tmodality\tclaimant\tsubject_type\tobject_type\tclaimant_type\tevent_date\tconfidence\trule')") "facts tsv header"
ok $(t grep -q "^03-soleimani-killed.md	United States	killed	Qasem Soleimani	.*	2020-01-03	[a-z]*	" "$T/facts.tsv") "facts tsv row with sentence, date and modality"
ok $(t awk -F'\t' 'NF != 14 || (NR > 1 && $7 !~ /^(asserted|reported|claimed|denied)$/) { exit 1 }' "$T/facts.tsv") "facts tsv: fourteen fields on every line, a modality word in the seventh"
"$KG" export "$T/db" facts > "$T/facts2.tsv"; ok $(t cmp -s "$T/facts.tsv" "$T/facts2.tsv") "facts default format is tsv"
"$KG" export "$T/db" facts --format csv > "$T/facts.csv"
ok $(t test "$(head -1 "$T/facts.csv")" = "doc,subject,relation,object,sentence,date,modality,claimant,subject_type,object_type,claimant_type,event_date,confidence,rule") "facts csv header"
"$KG" export "$T/db" facts --format jsonl > "$T/facts.jsonl"
ok $(t test $(wc -l < "$T/facts.jsonl") -eq $(($(wc -l < "$T/facts.tsv") - 1))) "facts jsonl: one line per tsv row"

# jsonl
"$KG" export "$T/db" jsonl > "$T/g.jsonl"; ok $? "jsonl runs"
nodes=$(grep -c '^{"kind":"node"' "$T/g.jsonl"); edges=$(grep -c '^{"kind":"edge"' "$T/g.jsonl")
ok $(t test "$((nodes + edges))" -eq "$(wc -l < "$T/g.jsonl")") "jsonl: every line is a node or an edge ($nodes nodes, $edges edges)"
ok $(t grep -q '"source_name":"United States","target_name":"Qasem Soleimani","relation":"killed","documents":[0-9]*,"evidence":\[{"doc":"03-soleimani-killed.md","date":"2020-01-03"' "$T/g.jsonl") "jsonl: edge with evidence"
if command -v python3 > /dev/null; then
    python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$T/g.jsonl"; ok $? "jsonl: every line parses as JSON (python3)"
else skip "python3 not installed"; fi
"$KG" export "$T/db" --format jsonl > "$T/g2.jsonl"; ok $(t cmp -s "$T/g.jsonl" "$T/g2.jsonl") "--format jsonl is the same as the word jsonl"
# properties set with SET are in the jsonl nodes, typed; NaN and infinity as null
ok $(t grep -q '"name":"Mark Esper","aliases":\[[^]]*\],"properties":{}}$' "$T/g.jsonl") "jsonl: a node without properties has an empty object"
cp -r "$T/db" "$T/pdb"
"$KG" query "$T/pdb" 'MATCH (p:person {name: "Esper"}) SET p.rank = "secretary", p.x = 1.5, p.n = 3, p.d = date("2020-01-01"), p.b = true, p.big = 1e300, p.nan = 0.0/0.0, p.q = "say \"hi\""' > /dev/null
ok $? "SET stores properties"
"$KG" export "$T/pdb" jsonl > "$T/p.jsonl"
ok $(t grep -q '"name":"Mark Esper",.*"properties":{"b":true,"big":1e+300,"d":"2020-01-01","n":3,"nan":null,"q":"say \\"hi\\"","rank":"secretary","x":1.5}}$' "$T/p.jsonl") "jsonl: properties sorted by key, typed, NaN as null: $(grep -o '"properties":{[^}]*}' "$T/p.jsonl" | grep -v '{}$' | head -1)"
if command -v python3 > /dev/null; then
    python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l, parse_constant=lambda c: 1/0)' "$T/p.jsonl"; ok $? "jsonl with properties parses as strict JSON (python3)"
else skip "python3 not installed"; fi

# csv (neo4j-admin import)
"$KG" export "$T/db" csv --output "$T/csv"; ok $? "csv --output DIR runs"
ok $(t test "$(head -1 "$T/csv/nodes.csv")" = ":ID,name,:LABEL,aliases:string[]") "nodes.csv header"
ok $(t test "$(head -1 "$T/csv/relationships.csv")" = ":START_ID,:END_ID,:TYPE,documents:int,evidence:int,date:date,doc,sentence") "relationships.csv header"
ok $(t test "$(($(wc -l < "$T/csv/nodes.csv") - 1))" -eq "$nodes") "nodes.csv has one row per node"
ids=$(cut -d, -f1 "$T/csv/nodes.csv" | tail -n +2 | sort -u | wc -l)
ok $(t test "$ids" -eq "$nodes") "nodes.csv ids are unique"
tail -n +2 "$T/csv/nodes.csv" | cut -d, -f1 | sort > "$T/ids"
tail -n +2 "$T/csv/relationships.csv" | cut -d, -f1,2 | tr , '\n' | sort -u > "$T/ends"
ok $(t test -z "$(comm -13 "$T/ids" "$T/ends")") "every relationship end is a node id"
"$KG" export "$T/db" nodes > "$T/nodes.csv"; ok $(t cmp -s "$T/nodes.csv" "$T/csv/nodes.csv") "nodes alone to stdout is nodes.csv"

# graphml
"$KG" export "$T/db" graphml --output "$T/g.graphml"; ok $? "graphml --output FILE runs"
if command -v xmllint > /dev/null; then
    xmllint --noout "$T/g.graphml"; ok $? "graphml is well-formed XML (xmllint)"
else
    ok $(t grep -q '</graphml>' "$T/g.graphml") "graphml ends (no xmllint)"
fi
ok $(t test "$(grep -c '<node id=' "$T/g.graphml")" -eq "$nodes") "graphml: one node element per node"
ok $(t test "$(grep -c '<edge id=' "$T/g.graphml")" -eq "$edges") "graphml: one edge element per relation"

# dot and --around
"$KG" export "$T/db" dot --around "Qasem Soleimani" --depth 1 > "$T/s.dot"; ok $? "dot --around runs"
ok $(t grep -q '^digraph kg {' "$T/s.dot") "dot: a digraph"
ok $(t grep -q 'label="Quds Force"' "$T/s.dot") "dot --around: a neighbour is in"
ok $(t sh -c "! grep -q 'label=\"Camp Taji\"' '$T/s.dot'") "dot --around: a far node is out"
"$KG" export "$T/db" dot --around "Suleimani" --depth 1 > "$T/s2.dot"; tail -n +2 "$T/s.dot" > "$T/s1b"; tail -n +2 "$T/s2.dot" > "$T/s2b"
ok $(t cmp -s "$T/s1b" "$T/s2b") "--around resolves aliases and spelling variants"
if command -v dot > /dev/null; then
    dot -Tsvg "$T/s.dot" > "$T/s.svg" && grep -q '<svg' "$T/s.svg"; ok $? "dot -Tsvg renders it (graphviz)"
    "$KG" export "$T/db" dot | dot -Tsvg > /dev/null; ok $? "the whole graph renders too"
else skip "graphviz not installed"; skip "graphviz not installed"; fi
"$KG" export "$T/db" jsonl --around "Qasem Soleimani" --depth 0 > "$T/d0"
ok $(t test "$(grep -c . "$T/d0")" -eq 1) "--depth 0 is the node alone"

"$KG" export "$T/db" facts --around "Camp Taji" > "$T/taji.tsv"
ok $(t awk -F'\t' 'NR > 1 && $2 != "Camp Taji" && $4 != "Camp Taji" && $2 != "United States Armed Forces" && $2 != "Kata'"'"'ib Hezbollah" { bad = 1 } END { exit bad }' "$T/taji.tsv") "facts --around: only the neighbourhood's relations"
"$KG" export "$T/db" jsonl --around "Camp Taji" --type base > /dev/null; ok $? "--type base finds the base"
"$KG" export "$T/db" jsonl --around "Camp Taji" --type person 2> "$T/e6"; rc=$?
ok $(t sh -c "[ $rc -eq 1 ] && grep -q \"no node named 'Camp Taji' of type person\" '$T/e6'") "--type restricts the name"

# errors
"$KG" export "$T/db" --format pdf 2> "$T/e1"; rc=$?
ok $(t sh -c "[ $rc -eq 2 ] && grep -q \"unknown format 'pdf'\" '$T/e1'") "unknown format: status 2 and its name"
"$KG" export "$T/db" dot --around "Nobody Atall" 2> "$T/e2"; rc=$?
ok $(t sh -c "[ $rc -eq 1 ] && grep -q \"no node named 'Nobody Atall'\" '$T/e2'") "unknown name: status 1 and the name"
"$KG" export "$T/db" csv 2> "$T/e3"; rc=$?
ok $(t sh -c "[ $rc -eq 2 ] && grep -q 'give --output DIRECTORY' '$T/e3'") "csv to stdout refused with a hint"
"$KG" export "$T/nodb" jsonl 2> "$T/e4"; rc=$?
ok $(t sh -c "[ $rc -eq 1 ] && grep -q '$T/nodb' '$T/e4'") "missing database: status 1 and its path"
"$KG" export "$T/db" graphml --output "$T/no/such/dir/g.graphml" 2> "$T/e5"; rc=$?
ok $(t sh -c "[ $rc -eq 1 ] && grep -q \"cannot write '$T/no/such/dir/g.graphml'\" '$T/e5'") "unwritable output: status 1 and its path"
# an output inside a database directory is refused before anything is written
cp "$T/db/data.mdb" "$T/data.before"
"$KG" export "$T/db" jsonl --output "$T/db/data.mdb" 2> "$T/e7"; rc=$?
ok $(t sh -c "[ $rc -eq 1 ] && grep -q \"will not write '$T/db/data.mdb': its directory is a database directory\" '$T/e7'") "--output DB/data.mdb refused: $(cat "$T/e7")"
ok $(t cmp -s "$T/db/data.mdb" "$T/data.before") "the database file is untouched"
"$KG" check "$T/db" > /dev/null; ok $? "kg check is clean"
"$KG" export "$T/db" csv --output "$T/db" 2> "$T/e8"; rc=$?
ok $(t sh -c "[ $rc -eq 1 ] && grep -q 'is a database directory' '$T/e8' && [ ! -e '$T/db/nodes.csv' ]") "csv --output DB refused"
[ "$fail" -eq 0 ]
