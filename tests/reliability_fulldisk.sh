#!/bin/sh
# reliability_fulldisk.sh -- `kg load` onto a 3 MB tmpfs that fills up (TAP):
# a clear error and a non-zero exit, then the database still opens, checks
# clean and holds no half-loaded document. Needs root (mount); SKIPs when
# mounting is not permitted. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-full-XXXXXX")
mkdir -p "$T/mnt"
if ! mount -t tmpfs -o size=3m tmpfs "$T/mnt" 2> /dev/null; then
    rm -rf "$T"
    echo "1..0 # SKIP cannot mount a tmpfs (needs root)"
    exit 0
fi
trap 'umount "$T/mnt"; rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
echo "1..6"
gen_docs "$T/docs" 999
# pad every document with 4 KB of text that holds no facts, so that 3 MB fill up
yes 'Nothing much happened in the quiet town that week, residents said.' | head -60 > "$T/pad"
for f in "$T"/docs/*.txt; do cat "$T/pad" >> "$f"; done
"$KG" load "$T/ref" "$T/docs" --quiet
"$KG" export "$T/ref" facts --format tsv > "$T/ref.tsv"
timeout 300 "$KG" load "$T/mnt/db" "$T/docs" --quiet 2> "$T/err"; rc=$?
ok $([ $rc -eq 1 ]; echo $?) "a load that fills the disk exits 1 (got $rc)"
# LMDB may see a short write as EIO: the store checks the free space and says the disk is full
grep -qi 'disk is full\|disk full\|no space left' "$T/err"; ok $? "with a clear message: $(head -1 "$T/err" | sed "s|$T|...|")"
"$KG" check "$T/mnt/db" > "$T/check" 2>&1; ok $? "the database opens and checks clean"
"$KG" export "$T/mnt/db" facts --format tsv > "$T/got.tsv"; ok $? "and exports"
res=$(awk -F '\t' 'FNR == 1 { next } FILENAME == ARGV[1] { ref[$1] = ref[$1] $0 "\n"; next }
    { got[$1] = got[$1] $0 "\n" } END { n = 0; for (d in got) { if (got[d] != ref[d]) { print "BAD " d; exit } n++ } print n }' "$T/ref.tsv" "$T/got.tsv")
case $res in BAD*|'') ok 1 "no half-loaded document ($res)" ;; *) ok 0 "no half-loaded document ($res of 999 whole)" ;; esac
docs=$("$KG" stats "$T/mnt/db" | awk '$1 == "documents" { print $2 }')
ok $([ "$docs" = "$res" ]; echo $?) "$docs documents registered, $res with facts"
