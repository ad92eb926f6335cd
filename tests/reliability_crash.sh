#!/bin/sh
# reliability_crash.sh -- crash safety of `kg load` (TAP), deterministic: the
# loader is stopped dead (SIGKILL) at exact points through the test hook
# KG_CRASH_AT=POINT:N (kg(1), ENVIRONMENT; engine/cli/testhook.c), never after
# a guessed delay, so the test does not depend on the machine's speed.
#
# The input is 240 generated news documents and, between them, a fact file
# of 8.7 MB (loaded in two commits: its document first, then its facts; its
# bulk load reserves 8 times its size, more than the 64 MiB a new map has, so
# the map grows there: the grow:1 case below). Each
# case stops a load at one point of one phase: before the first document,
# between documents, inside a document's write transaction before it
# commits, while the map grows, inside the fact file's bulk load between its
# two commits and inside its final transaction; some cases stop a load that
# resumes a killed one. After each stop: kg check is clean (a fact file whose
# facts never committed is reported as half-loaded, and only that), every
# document is wholly present (its exported facts equal those of an
# uninterrupted load) or wholly absent, exactly the documents before the point
# are there, and loading again gives the uninterrupted load's facts.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-crash-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }

# MODE POINT PRESENT HALF: MODE fresh starts from no database, resume goes on
# with the database the case before left; POINT is KG_CRASH_AT; PRESENT the
# documents whole afterwards; HALF 1 when the fact file is left half-loaded.
# File order: doc-001..doc-119, doc-120-facts.tsv (the 120th file), doc-120..doc-240.
# Counted per process: doc = files begun, commit = write transactions about
# to commit (the load generation's first, kg_load_begin; then one per new
# document; the fact file's facts are its one),
# checkpoint = the fact file's document committed, grow = map growths (the
# fact file's bulk load reserves map space before it registers its document).
CASES='fresh doc:1 0 0
fresh commit:1 0 0
fresh doc:50 49 0
resume commit:31 78 0
fresh commit:101 99 0
fresh grow:1 119 0
fresh checkpoint:1 119 1
resume checkpoint:1 119 1
resume commit:6 123 0
fresh commit:121 119 1
fresh commit:242 240 0'
ncases=$(echo "$CASES" | wc -l)
echo "1..$((ncases * 5 + 2))"

gen_docs "$T/docs" 240
gen_facts "$T/docs/doc-120-facts.tsv" 8700000
"$KG" load "$T/ref" "$T/docs" --quiet
ok $? "reference load of 240 documents and an 8.7 MB fact file"
"$KG" export "$T/ref" facts --format tsv | tail -n +2 | LC_ALL=C sort > "$T/ref.tsv"
is "$(cut -f1 "$T/ref.tsv" | sort -u | wc -l)" 241 "every reference document has facts"

# present DB: the number of documents with facts; 0 when each is whole (its
# rows equal the reference's rows of that document), else 1 (details on stdout)
present() {
    "$KG" export "$1" facts --format tsv 2> "$T/export.err" | tail -n +2 | LC_ALL=C sort > "$T/got.tsv"
    cut -f1 "$T/got.tsv" | sort -u > "$T/got.docs"
    awk -F '\t' 'NR == FNR { d[$1]; next } ($1 in d)' "$T/got.docs" "$T/ref.tsv" > "$T/want.tsv"
    wc -l < "$T/got.docs" | tr -d ' '
    cmp -s "$T/want.tsv" "$T/got.tsv"
}

db="$T/db"
echo "$CASES" | while read -r mode point want half; do
    [ "$mode" = fresh ] && rm -rf "$db"
    KG_CRASH_AT=$point "$KG" load "$db" "$T/docs" --quiet 2> "$T/load.err"
    is $? 137 "$mode load stopped dead at $point"
    "$KG" check "$db" > "$T/check.out" 2>&1
    crc=$?
    if [ "$half" = 1 ]; then
        [ $crc -eq 1 ] && [ "$(grep -c '^problem' "$T/check.out")" = 1 ] &&
            grep -q "^problem: document [0-9]* 'doc-120-facts.tsv' is half-loaded" "$T/check.out"
        crc=$?
        ok $crc "$point: kg check reports the half-loaded fact file, and nothing else"
    else
        ok $crc "$point: kg check is clean"
    fi
    [ $crc -eq 0 ] || sed 's/^/#   /' "$T/check.out" | head -5
    got=$(present "$db")
    whole=$?
    ok $whole "$point: every document whole or absent ($got present)"
    [ $whole -eq 0 ] || diff "$T/want.tsv" "$T/got.tsv" | head -5 | sed 's/^/#   /'
    docs=$("$KG" stats "$db" 2> /dev/null | awk '$1 == "documents" { print $2 }')
    is "$got/${docs:-none}" "$want/$((want + half))" "$point: documents with facts / registered"
    # a load from this state (a copy: the next case may resume this one) ends
    # in the uninterrupted load's state
    rm -rf "$T/again" && cp -r "$db" "$T/again"
    "$KG" load "$T/again" "$T/docs" --quiet 2> "$T/again.err" && "$KG" check "$T/again" > /dev/null &&
        [ "$(present "$T/again")" = 241 ] && cmp -s "$T/ref.tsv" "$T/got.tsv"
    ok $? "$point: loading again gives the uninterrupted load's facts, kg check clean"
done
