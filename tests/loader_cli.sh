#!/bin/sh
# loader.sh -- script tests of `kg load` and `kg export` (TAP). Env: KG_BIN
# (the kg program), KG_SRC (source tree), KG_BUILD (build tree).
set -u
KG=${KG_BIN:?KG_BIN not set}
DATA=${KG_SRC:?KG_SRC not set}/tests/loader
T=$(mktemp -d "${TMPDIR:-/tmp}/kgl-sh-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
echo "1..16"

mkdir -p "$T/in/sub"
cp "$DATA/story.txt" "$T/in/story.txt"
cp "$DATA/facts.tsv" "$DATA/facts.jsonl" "$T/in/sub/"
printf 'ab\000cd' > "$T/in/binary.txt"
printf 'caf\303(\n' > "$T/in/bad-utf8.txt"
: > "$T/in/empty.txt"

"$KG" load "$T/db" "$T/in" --quiet 2> "$T/err"; rc=$?
ok $([ $rc -eq 1 ] && echo 0 || echo 1) "bad files give exit status 1 (got $rc)"
grep -q 'binary.txt: binary file' "$T/err"; ok $? "binary file reported with its name"
grep -q 'bad-utf8.txt: invalid UTF-8' "$T/err"; ok $? "invalid UTF-8 reported with its name"
grep -q 'empty.txt: empty file' "$T/err"; ok $? "empty file reported with its name"

"$KG" export "$T/db" facts --format tsv > "$T/out1"; ok $? "export runs"
head -1 "$T/out1" | grep -q "^doc	subject	relation	object	sentence	date	modality	claimant	subject_type	object_type	claimant_type	event_date	confidence	rule$"; ok $? "export header"
grep -q "^story.txt	Kata'ib Hezbollah	attacked	Camp Taji	" "$T/out1"; ok $? "the other files still load (story facts)"
grep -q "^sub/facts.tsv	Ann Smith	member-of	Badr Organization	" "$T/out1"; ok $? "TSV fact file loaded"
grep -q "^sub/facts.jsonl	Ann Smith	leads	Badr Organization	" "$T/out1"; ok $? "JSON Lines fact file loaded"
grep -q "	said	We will respond in due time	" "$T/out1"; ok $? "quote exported as said with the statement text"

"$KG" load "$T/db" "$T/in" --quiet 2> /dev/null; "$KG" export "$T/db" facts --format tsv > "$T/out2"
cmp -s "$T/out1" "$T/out2"; ok $? "loading the same content twice changes nothing"

sed 's/Camp Taji on Monday/Balad Air Base on Monday/' "$DATA/story.txt" > "$T/in/story.txt"
"$KG" load "$T/db" "$T/in/story.txt" --quiet; "$KG" export "$T/db" facts --format tsv > "$T/out3"
grep -q "^story.txt	Kata'ib Hezbollah	attacked	Balad Air Base" "$T/out3" && ! grep -q "^story.txt	Kata'ib Hezbollah	attacked	Camp Taji" "$T/out3"
ok $? "a changed document replaces its facts"

printf 'person Ann Smith\nweapon Foo\n' > "$T/bad.dict"
"$KG" load "$T/db2" "$T/in/story.txt" --dict "$T/bad.dict" 2> "$T/err2"; rc=$?
grep -q "bad.dict:2: unknown type 'weapon'" "$T/err2" && [ $rc -ne 0 ]; ok $? "malformed dictionary refused with file:line"
printf 'verb killed k1 @nothing\n' > "$T/bad.rules"
"$KG" load "$T/db2" "$T/in/story.txt" --rules "$T/bad.rules" 2> "$T/err3"
grep -q "bad.rules:1: undefined word set" "$T/err3"; ok $? "malformed rules refused with file:line"

# a bad fact line: file:line, the column and the reason; padded names are one entity
printf 'subject\tsubject_type\trelation\tobject\tobject_type\nAnn Smith\tperson\tleads\tBadr Organization\torganisation\nAnn Smith\tperson\t \tBadr Organization\torganisation\n' > "$T/bad-facts.tsv"
"$KG" load "$T/db3" "$T/bad-facts.tsv" 2> "$T/err4"
grep -q "bad-facts.tsv:3: column 'relation' is empty" "$T/err4"; ok $? "a bad fact line is reported as file:line: column and reason"
printf 'subject\tsubject_type\trelation\tobject\tobject_type\nAnn Smith \tperson\tleads\tBadr Organization\torganisation\nAnn Smith\tperson\tmember-of\t Badr Organization\torganisation\n' > "$T/padded.tsv"
"$KG" load "$T/db4" "$T/padded.tsv" --quiet 2> /dev/null
[ "$("$KG" export "$T/db4" facts --format tsv | cut -f2 | sort -u | grep -c 'Ann Smith')" -eq 1 ]; ok $? "padded fact values are trimmed (one entity)"
