#!/bin/sh
# roundtrip.sh -- kg export DB facts loads back (TAP): the export of the
# example corpus is a fact file kg load accepts (tsv and jsonl), and loading
# it into a new database gives the same facts -- subjects, relations,
# objects, their types, modality, claimant and its type, report and event
# dates, confidence, rule and the evidence sentence (each relation's first
# row); rows of several documents become rows of the one fact file. An
# edited export (a wrong fact deleted, a name corrected) loads as edited,
# and loading it again changes nothing. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-roundtrip-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
echo "1..14"

"$KG" load one.kg "$SRC/examples/corpus" --quiet; ok $? "the example corpus loads"
"$KG" export one.kg facts --format tsv --ids > facts.tsv; ok $? "kg export facts --ids"
head -1 facts.tsv | grep -q "subject_type	object_type	claimant_type	event_date	confidence	rule	subject_id	object_id$"
ok $? "the export names types, event dates, confidence, rule and (--ids) node ids"

# load it back into a new database
"$KG" load two.kg facts.tsv 2> err; rc=$?
is "$rc" 0 "the export loads as a fact file ($(cat err))"
"$KG" export two.kg facts --format tsv > facts2.tsv
# the facts: everything but the document, the sentence, the dates, confidence, rule and ids
tuples() { tail -n +2 "$1" | awk -F '\t' -v OFS='\t' '{ print $2, $3, $4, $7, $8, $9, $10, $11 }' | LC_ALL=C sort -u; }
tuples facts.tsv > t1
tuples facts2.tsv > t2
cmp -s t1 t2; ok $? "the same facts: $(wc -l < t1) (subject, relation, object, modality, claimant, their types)"
# each fact's first row: the document sorting first in the export
firsts() { tail -n +2 "$1" | LC_ALL=C sort -t '	' -k2,4 -k7,11 -k1,1 | awk -F '\t' -v OFS='\t' '
    { k = $2 FS $3 FS $4 FS $7 FS $8; if (k != last) print $2, $3, $4, $7, $8, $5, $6, $12, $13, $14; last = k }' | LC_ALL=C sort; }
firsts facts.tsv > f1
tail -n +2 facts2.tsv | awk -F '\t' -v OFS='\t' '{ print $2, $3, $4, $7, $8, $5, $6, $12, $13, $14 }' | LC_ALL=C sort > f2
cmp -s f1 f2; ok $? "and their evidence: sentence, report date, event date, confidence, rule"
[ -n "$(awk -F '\t' '$12 != ""' facts2.tsv)" ] && [ -n "$(awk -F '\t' '$7 == "reported" && $8 != ""' facts2.tsv)" ]
ok $? "event dates and claimants are among them"
"$KG" check two.kg > /dev/null; ok $? "kg check is clean"

# JSON Lines too
"$KG" export one.kg facts --format jsonl > facts.jsonl
"$KG" load three.kg facts.jsonl --quiet; ok $? "the jsonl export loads as a fact file"
"$KG" export three.kg facts --format tsv > facts3.tsv
tuples facts3.tsv > t3
cmp -s t1 t3; ok $? "with the same facts"

# export, edit, reload
grep -v "	Iran	attacked	Ain al-Asad Air Base	" facts.tsv | sed "s/Kata'ib Hezbollah/Kataib Hezbollah Brigades/g" > edited.tsv
"$KG" load four.kg edited.tsv --quiet; ok $? "an edited export loads"
q() { "$KG" query four.kg "$1" --format tsv | tail -n +2; }
is "$(q 'MATCH (a {name: "Iran"})-[r:attacked]->(b {name: "Ain al-Asad Air Base"}) RETURN count(r)')" 0 "the deleted fact is gone"
want=$("$KG" query one.kg 'MATCH (a:organisation {name: "Kata'"'"'ib Hezbollah"})-[r]->(b) RETURN count(r)' --format tsv | tail -1)
is "$(q 'MATCH (a:organisation {name: "Kataib Hezbollah Brigades"})-[r]->(b) RETURN count(r)')" "$want" "the corrected name holds its facts"
"$KG" load four.kg edited.tsv 2> again
grep -q "0 documents loaded, 1 unchanged" again; ok $? "loading it again changes nothing"
