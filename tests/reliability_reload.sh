#!/bin/sh
# reliability_reload.sh -- reloading a changed large fact file (TAP). A fact
# file of 4 MB or more commits its document before its facts (when replacing
# its old version deletes no relation: here another file, base.tsv, holds the
# same facts); a reload that is
# refused for a bad line must leave the previous version whole (every line is
# checked before the old version is touched), and a reload stopped dead
# between its two commits (KG_CRASH_AT=checkpoint:1, kg(1) ENVIRONMENT) leaves
# the document half-loaded: kg check reports it, and the next load repairs it.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-reload-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
facts() { "$KG" export "$1" facts --format tsv | LC_ALL=C sort; }
echo "1..13"

mkdir -p "$T/in" "$T/v2"
gen_facts "$T/v1.tsv" 4300000
cp "$T/v1.tsv" "$T/in/register.tsv"
{ cat "$T/v1.tsv"; echo "# the same facts"; } > "$T/in/base.tsv"
cp "$T/in/base.tsv" "$T/v2/"
"$KG" load "$T/db" "$T/in" --quiet
ok $? "load two 4.3 MB fact files"
facts "$T/db" > "$T/before.tsv"
rows=$(wc -l < "$T/before.tsv")

# a changed version with one bad line near the end
awk 'NR == 30000 { sub(/\tperson\t/, "\tpersn\t") } { print }' "$T/v1.tsv" > "$T/in/register.tsv"
"$KG" load "$T/db" "$T/in" 2> "$T/err"
is $? 1 "a reload with a bad line is refused"
grep -q "register.tsv:30000: column 'subject_type': unknown type 'persn'" "$T/err"
ok $? "naming the file, line and reason: $(head -1 "$T/err")"
facts "$T/db" > "$T/after.tsv"
cmp -s "$T/before.tsv" "$T/after.tsv"
ok $? "the previous version is whole ($(wc -l < "$T/after.tsv") of $rows rows)"
"$KG" check "$T/db" > /dev/null
ok $? "kg check is clean"

# a good changed version, killed between the document's commit and its facts
awk 'NR % 3 == 0 { sub(/Record/, "Entry"); sub(/\tcommanded\t/, "\tsupplied\t") } { print }' "$T/v1.tsv" > "$T/in/register.tsv"
cp "$T/in/register.tsv" "$T/v2/register.tsv"
"$KG" load "$T/fresh" "$T/v2" --quiet
facts "$T/fresh" > "$T/want.tsv"
KG_CRASH_AT=checkpoint:1 "$KG" load "$T/db" "$T/in" --quiet
is $? 137 "a reload of a changed version stopped dead between its two commits"
"$KG" check "$T/db" > "$T/check.out"
is $? 1 "kg check fails"
is "$(grep -c '^problem' "$T/check.out")" 1 "with one problem"
grep -q "^problem: document [0-9]* 'register.tsv' is half-loaded" "$T/check.out"
ok $? "the half-loaded document: $(head -1 "$T/check.out")"
"$KG" load "$T/db" "$T/in" --quiet
ok $? "the next load of the file"
"$KG" check "$T/db" > /dev/null
ok $? "repairs it: kg check is clean"
facts "$T/db" > "$T/got.tsv"
cmp -s "$T/want.tsv" "$T/got.tsv"
ok $? "and the facts are the new version's, as loaded into a fresh database"
docs=$("$KG" stats "$T/db" | awk '$1 == "documents" { print $2 }')
is "$docs" 2 "two documents"
