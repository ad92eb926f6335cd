#!/bin/sh
# loads.sh -- load generations, re-extraction and kg watch (TAP): every kg
# load is numbered (kg loads lists it with its time and paths); a document is
# extracted again when what extracts it changed (a --dict file) or with
# --reextract, and says so; a relation keeps the load it was first seen in;
# kg watch prints only the rows it has not printed before. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-loads-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
echo "1..18"

mkdir -p day1 day2
cp "$SRC/tests/query/timeline.corpus/load1/"*.md day1/
cp "$SRC/tests/query/timeline.corpus/load2/"*.md day2/
SOURCE_DATE_EPOCH=1700000000 "$KG" load db day1 2> err1
grep -q '^kg: load: 2 documents loaded, 0 unchanged, .* (load 1)$' err1; ok $? "the summary names the load: $(cat err1)"
SOURCE_DATE_EPOCH=1700086400 "$KG" load db day1 2> err2
grep -q '^kg: load: 0 documents loaded, 2 unchanged, .* (load 2)$' err2; ok $? "loading the same again: unchanged, a new load"
"$KG" loads db > loads
is "$(sed -n 2p loads)" "1	2023-11-14 22:13:20	2	kg load day1" "kg loads: number, time (SOURCE_DATE_EPOCH), documents, paths"
is "$(sed -n 3p loads)" "2	2023-11-15 22:13:20	0	kg load day1" "the second load read no document"

# a better dictionary: every document is read again, the analyst's name is found
printf 'person Samir Haddad\n' > better.txt
"$KG" load db day1 --dict better.txt 2> err3
grep -q '^kg: load: 2 documents loaded (2 read again), 0 unchanged' err3; ok $? "a new dictionary: the documents are read again ($(cat err3))"
"$KG" query db 'MATCH (d:document) RETURN DISTINCT d.load, size(d.extractor) > 20' --format tsv > ex
is "$(tail -1 ex)" "3	true" "they record the load and the fingerprint that read them"
"$KG" load db day1 --dict better.txt 2> err4
grep -q '^kg: load: 0 documents loaded, 2 unchanged' err4; ok $? "the same dictionary again: unchanged"
"$KG" load db day1 2> err5
grep -q '(2 read again)' err5; ok $? "back to the built-in dictionary: read again"
"$KG" load db day1 --reextract 2> err6
grep -q '^kg: load: 2 documents loaded (2 read again)' err6; ok $? "--reextract reads unchanged documents again"
"$KG" query db 'MATCH (a)-[r]->(b) RETURN type(r), r.load' --format tsv > rl
is "$(tail -1 rl)" "attacked	1" "a relation read again keeps the load it was first seen in"
"$KG" check db > /dev/null; ok $? "kg check is clean"

# kg watch: the first run prints every row, then only new ones
printf '// attacks\nMATCH (a)-[r:attacked]->(b) RETURN a.name AS attacker, b.name AS target, r.date AS date ORDER BY date;\n' > q.kg
"$KG" watch db q.kg --once > w1; ok $? "kg watch --once runs"
is "$(sed -n 1p w1) / $(sed -n 2p w1) / $(wc -l < w1 | tr -d ' ')" "-- // attacks / attacker	target	date / 3" "the first run prints the question, a header and every row"
"$KG" watch db q.kg --once > w2
is "$(wc -c < w2 | tr -d ' ')" 0 "run again with nothing new: nothing printed"
"$KG" load db day2 --quiet
"$KG" watch db q.kg --once > w3
is "$(tail -n +3 w3)" "Iran	Erbil Air Base	2020-03-13" "after a load, only the new row"
"$KG" watch db q.kg --once --reset > w4
is "$(wc -l < w4 | tr -d ' ')" 4 "--reset prints every row again"
"$KG" watch db nosuch.kg --once 2> werr; rc=$?
[ $rc -eq 1 ] && grep -q 'nosuch.kg' werr; ok $? "a missing question file is an error naming it"
printf 'MATCH (a RETURN a;\n' > bad.kg
"$KG" watch db bad.kg --once 2> werr2; rc=$?
[ $rc -eq 1 ] && grep -q 'kg: watch: ' werr2; ok $? "a question that does not parse is an error"
