#!/bin/sh
# reliability_jobs.sh -- crash safety of `kg load --jobs 2` (TAP): worker
# threads extract while the main thread writes in input order, putting the
# documents that are ready into one transaction. The load is stopped dead
# (SIGKILL, KG_CRASH_AT=POINT:N, engine/cli/testhook.c) at exact points:
# before the N-th document is written, at the N-th commit, at the fact
# file's first commit; for documents and for their kg extract stream. Which
# documents one transaction holds depends on how fast the workers were, so
# what is checked holds whatever they were: kg check is clean (or reports
# only the fact file as half-loaded), every document is whole or absent, the
# documents present are the first ones of the input (never a later one
# without an earlier one), at most the ones before the point, and loading
# again (--jobs 2) gives the uninterrupted load's facts.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-jobs-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }

# INPUT POINT MAX HALF: INPUT docs (the directory) or stream (its kg extract
# output); POINT is KG_CRASH_AT; MAX the most documents that can be there;
# HALF 1 when the fact file is left half-loaded.
# Order: doc-001..doc-059, doc-060-facts.tsv (the 60th, 4.3 MB: loaded in two
# commits, its document first), doc-060..doc-120. commit:N counts the load
# generation's first commit, then every transaction of documents: commit:2 is
# always one of documents before the fact file (a later one may be the fact
# file's, depending on how many documents the transactions before it held).
CASES='docs doc:1 0 0
docs doc:40 39 0
docs commit:2 121 0
docs doc:61 60 0
docs checkpoint:1 59 1
docs doc:100 99 0
stream doc:1 0 0
stream doc:75 74 0
stream commit:2 121 0
stream checkpoint:1 59 1'
ncases=$(echo "$CASES" | wc -l)
echo "1..$((ncases * 5 + 3))"

gen_docs "$T/docs" 120
gen_facts "$T/docs/doc-060-facts.tsv" 4300000 # large: its document commits first
"$KG" load "$T/ref" "$T/docs" --quiet
ok $? "reference load of 120 documents and a fact file (--jobs 1)"
"$KG" export "$T/ref" facts --format tsv | tail -n +2 | LC_ALL=C sort > "$T/ref.tsv"
cut -f1 "$T/ref.tsv" | LC_ALL=C sort -u > "$T/all.docs"
is "$(wc -l < "$T/all.docs" | tr -d ' ')" 121 "every reference document has facts"
"$KG" extract "$T/docs" --quiet > "$T/stream.jsonl"
ok $? "kg extract of the same documents"

# present DB: prints the number of documents with facts; 0 when each is whole
# (its rows equal the reference's rows of that document) and they are the
# first ones of the input, else 1
present() {
    "$KG" export "$1" facts --format tsv 2> "$T/export.err" | tail -n +2 | LC_ALL=C sort > "$T/got.tsv"
    cut -f1 "$T/got.tsv" | LC_ALL=C sort -u > "$T/got.docs"
    awk -F '\t' 'NR == FNR { d[$1]; next } ($1 in d)' "$T/got.docs" "$T/ref.tsv" > "$T/want.tsv"
    k=$(wc -l < "$T/got.docs" | tr -d ' ')
    echo "$k"
    cmp -s "$T/want.tsv" "$T/got.tsv" && head -n "$k" "$T/all.docs" | cmp -s - "$T/got.docs"
}

db="$T/db"
echo "$CASES" | while read -r input point max half; do
    rm -rf "$db"
    src="$T/docs"
    [ "$input" = stream ] && src="$T/stream.jsonl"
    KG_CRASH_AT=$point "$KG" load "$db" "$src" --quiet --jobs 2 2> "$T/load.err"
    is $? 137 "$input: load --jobs 2 stopped dead at $point"
    "$KG" check "$db" > "$T/check.out" 2>&1
    crc=$?
    if [ "$half" = 1 ]; then
        [ $crc -eq 1 ] && [ "$(grep -c '^problem' "$T/check.out")" = 1 ] &&
            grep -q "^problem: document [0-9]* 'doc-060-facts.tsv' is half-loaded" "$T/check.out"
        crc=$?
        ok $crc "$input $point: kg check reports the half-loaded fact file, and nothing else"
    else
        ok $crc "$input $point: kg check is clean"
    fi
    [ $crc -eq 0 ] || sed 's/^/#   /' "$T/check.out" | head -5
    got=$(present "$db")
    whole=$?
    ok $whole "$input $point: every document whole or absent, the first ones of the input ($got present)"
    [ $whole -eq 0 ] || diff "$T/want.tsv" "$T/got.tsv" | head -5 | sed 's/^/#   /'
    [ "$got" -le "$max" ]
    ok $? "$input $point: at most the $max documents before the point ($got)"
    "$KG" load "$db" "$src" --quiet --jobs 2 2> "$T/again.err" && "$KG" check "$db" > /dev/null &&
        [ "$(present "$db")" = 121 ] && cmp -s "$T/ref.tsv" "$T/got.tsv"
    ok $? "$input $point: loading again gives the uninterrupted load's facts, kg check clean"
done
