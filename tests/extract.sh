#!/bin/sh
# extract.sh -- kg extract, the extraction stream and kg load --jobs (TAP):
# kg extract prints the same bytes every time and with any --jobs; loading
# its output (a file, stdin, with --jobs) gives the database loading the
# documents gives (the same kg export dump, kg check clean), with --source,
# fact files among the documents, re-extraction by fingerprint and
# --reextract; kg load --jobs 2 gives the database --jobs 1 gives; bad
# records are refused with the file, the line and the key, the good ones
# still load and nothing stored is lost; a document key two inputs share is
# refused. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-extract-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
same() { cmp -s "$1" "$2"; ok $? "$3"; }
dump() { "$KG" export "$1" dump > "$1.dump" && "$KG" check "$1" > /dev/null; }
echo "1..38"

C="$SRC/examples/corpus"
# -- kg extract: deterministic, the same with any --jobs
"$KG" extract "$C" > s1.jsonl 2> e1; ok $? "kg extract examples/corpus exits 0"
grep -q '^kg: extract: 14 documents, [0-9]* entities, 122 facts, 0 errors' e1; ok $? "it says what it read: $(cat e1)"
is "$(wc -l < s1.jsonl | tr -d ' ')" 14 "one line per document"
"$KG" extract "$C" --quiet > s2.jsonl
same s1.jsonl s2.jsonl "the same bytes the second time"
"$KG" extract "$C" --jobs 3 --quiet > s3.jsonl
same s1.jsonl s3.jsonl "the same bytes with --jobs 3"
head -1 s1.jsonl | grep -q '^{"kg":"doc","v":1,"key":"01-k1-rocket-attack.md","extractor":"kg [^"]*","title":"[^"]*","author":"[^"]*","date":"2019-12-28","hash":"[0-9a-f]\{32\}","text":"'
ok $? "a record starts with the key, extractor, title, author, date, hash and text"
grep -q '"relation":"killed","object":"Qasem Soleimani","object_type":"person","start":[0-9]*,"end":[0-9]*,"sentence":"' s1.jsonl
ok $? "facts carry the fact file's keys and their span"
grep -q '"modality":"claimed","claimant":"Saraya Awliya al-Dam","claimant_type":"organisation"' s1.jsonl
ok $? "a claim carries its modality and claimant"
grep -q '"mentions":\[\[' s1.jsonl; ok $? "records carry the mentions"

# -- loading the stream gives the database loading the documents gives
"$KG" load ref.kg "$C" --quiet && dump ref.kg; ok $? "reference: kg load of the documents, checked"
"$KG" load f.kg s1.jsonl 2> ef && dump f.kg; ok $? "kg load of the stream file, checked"
grep -q '^kg: load: 14 documents loaded, 0 unchanged, 61 entities, 122 relations, 70 statements, 0 errors' ef
ok $? "its summary is the documents' ($(cat ef))"
same ref.kg.dump f.kg.dump "the stream file gives the same dump as the documents"
"$KG" load i.kg - --quiet --jobs 2 < s1.jsonl && dump i.kg; ok $? "kg load of the stream on stdin with --jobs 2"
same ref.kg.dump i.kg.dump "the same dump"
"$KG" extract "$C" --quiet | "$KG" load p.kg - --quiet && dump p.kg; ok $? "kg extract | kg load DB -"
same ref.kg.dump p.kg.dump "the same dump"
"$KG" load j.kg "$C" --quiet --jobs 2 && dump j.kg; ok $? "kg load --jobs 2 of the documents"
same ref.kg.dump j.kg.dump "--jobs 2 gives the dump of --jobs 1"
"$KG" export ref.kg facts --format tsv > ref.facts
"$KG" export j.kg facts --format tsv > j.facts
same ref.facts j.facts "and the same exported facts"

# --source, fact files among the documents
mkdir mixed && cp "$C"/0[1-3]-*.md mixed/
printf 'subject\tsubject_type\trelation\tobject\tobject_type\tsentence\tdate\nAnn Reyes\tperson\tmember-of\tBlue Harbour Patrol\torganisation\tAnn Reyes joined the patrol.\t2021-02-03\n' > mixed/notes.tsv
"$KG" load ref2.kg mixed --source desk --quiet && dump ref2.kg
"$KG" extract mixed --quiet > mixed.jsonl
grep -q '^{"kg":"facts","v":1,"key":"notes.tsv","format":"tsv","text":"subject' mixed.jsonl
ok $? "a fact file becomes a facts record"
"$KG" load m.kg mixed.jsonl --source desk --quiet && dump m.kg
same ref2.kg.dump m.kg.dump "kg load --source NAME of the stream: the documents' dump with NAME/ keys"
"$KG" extract mixed --source desk --quiet | "$KG" load m2.kg - --quiet --jobs 2 && dump m2.kg
same ref2.kg.dump m2.kg.dump "kg extract --source NAME: the same"

# re-extraction: the record's fingerprint, --reextract
"$KG" load f.kg s1.jsonl 2> ef2
grep -q '^kg: load: 0 documents loaded, 14 unchanged' ef2; ok $? "the stream again: unchanged"
"$KG" load f.kg s1.jsonl --reextract --jobs 2 2> ef3
grep -q '^kg: load: 14 documents loaded (14 read again), 0 unchanged' ef3; ok $? "--reextract: read again"
"$KG" extract "$C" --dict "$SRC/examples/analyst.txt" --quiet > sd.jsonl
"$KG" load f.kg sd.jsonl 2> ef4
grep -q '^kg: load: 14 documents loaded (14 read again)' ef4; ok $? "records of another extractor (a --dict): read again"
"$KG" load f.kg "$C" --dict "$SRC/examples/analyst.txt" 2> ef5
grep -q '^kg: load: 0 documents loaded, 14 unchanged' ef5; ok $? "the documents with that --dict: unchanged, as the records said"

# -- bad records: refused with file:line and the key; the others load; nothing is lost
sed -n 1,3p s1.jsonl > bad.jsonl
sed -n 4p s1.jsonl | cut -c1-300 >> bad.jsonl
sed -n 5p s1.jsonl | sed 's/"text":"\(.\)/"text":"X\1/' >> bad.jsonl
sed -n 6p s1.jsonl | sed 's/"v":1/"v":7/' >> bad.jsonl
sed -n 7p s1.jsonl | sed 's/"start":\([0-9]*\),"end":\([0-9]*\)/"start":\2,"end":\1/' >> bad.jsonl
sed -n 8p s1.jsonl >> bad.jsonl
"$KG" load b.kg "$C/01-k1-rocket-attack.md" --quiet
"$KG" load b.kg bad.jsonl --quiet 2> eb; rc=$?
is "$rc" 1 "a stream with bad records: exit status 1"
grep -q '^kg: load: bad.jsonl:4: JSON: the line ends inside its object' eb; ok $? "a cut line: file:line and why"
grep -q "^kg: load: bad.jsonl:5: key 'hash': the text's hash is" eb; ok $? "a changed text: the hash says so"
grep -q "^kg: load: bad.jsonl:6: key 'v': not version 1" eb; ok $? "another version: refused"
grep -q "^kg: load: bad.jsonl:7: fact [0-9]*: key 'start' is after key 'end'" eb; ok $? "a bad span: the fact and the key"
is "$("$KG" query b.kg 'MATCH (d:document) RETURN count(d)' --format tsv | tail -1)" 4 "the good records loaded, the document stored before kept"
"$KG" check b.kg > /dev/null; ok $? "kg check is clean"

# -- one key, two inputs: the second is refused, the first kept
sed -n 2p s1.jsonl > one.jsonl
sed -n 2p s1.jsonl > two.jsonl
"$KG" load k.kg one.jsonl two.jsonl --quiet --jobs 2 2> ek; rc=$?
[ $rc -eq 1 ] && grep -q "^kg: load: two.jsonl:1: document key '02-[^']*' is already in this load (one.jsonl:1)" ek
ok $? "a key two streams share: the second refused, both named"
is "$("$KG" query k.kg 'MATCH (d:document) RETURN count(d)' --format tsv | tail -1)" 1 "the first kept"

# -- usage
"$KG" load u.kg "$C" --jobs 0 2> eu; rc=$?
[ $rc -eq 2 ] && grep -q 'jobs needs a number' eu; ok $? "--jobs 0 is a usage error"
"$KG" extract "$C/01-k1-rocket-attack.md" nosuch.md > out.jsonl 2> ex; rc=$?
[ $rc -eq 1 ] && grep -q '^kg: extract: nosuch.md: No such file' ex && [ "$(wc -l < out.jsonl | tr -d ' ')" = 1 ]
ok $? "kg extract: a missing file is an error, the others are printed"
