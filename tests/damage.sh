#!/bin/sh
# damage.sh -- damaged data.mdb files (TAP). A data.mdb truncated by one page,
# to half its size or to 0 bytes is refused at open with a clear error by
# every command (its size against the last page its meta page names), never
# a crash, and never written to (an empty one is not made into a new
# database by kg load). A zeroed page at the root of a table is reported by
# kg check (it walks the file's pages with bounds checks before its other
# checks) instead of aborting in LMDB, and kg export fails on it instead of
# writing an incomplete file. Random byte flips at fixed seeds never
# make kg check, a query or an export die of a signal. What cannot be
# detected (LMDB keeps no page checksums) is listed in engine/store.c.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
. "${KG_SRC:?KG_SRC not set}/tests/reliability/gen.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-damage-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
yes_no() { if "$@"; then echo 0; else echo 1; fi; }
echo "1..33"

gen_docs "$T/docs" 40
"$KG" load "$T/db" "$T/docs" --quiet && "$KG" check "$T/db" > /dev/null
ok $? "a database of 40 documents, clean"
size=$(stat -c %s "$T/db/data.mdb")

# exit status of a command, 128+N when killed by signal N
run() { "$@" > "$T/out" 2> "$T/err"; }

for cut in one half zero; do
    rm -rf "$T/c" && cp -r "$T/db" "$T/c"
    case $cut in
    one) truncate -s $((size - 4096)) "$T/c/data.mdb"; what="truncated by one page"; want='truncated' ;;
    half) truncate -s $((size / 2)) "$T/c/data.mdb"; what="truncated to half"; want='truncated' ;;
    zero) : > "$T/c/data.mdb"; what="of 0 bytes"; want='empty (0 bytes)' ;;
    esac
    before=$(stat -c %s "$T/c/data.mdb")
    run "$KG" check "$T/c"; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && grep -q "$want" "$T/err") "data.mdb $what: kg check fails with a clear error (exit $rc: $(head -c 160 "$T/err"))"
    run "$KG" query "$T/c" 'MATCH (n) RETURN count(n)'; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && grep -q "$want" "$T/err") "data.mdb $what: kg query refuses it (exit $rc)"
    run "$KG" export "$T/c" facts; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && grep -q "$want" "$T/err") "data.mdb $what: kg export refuses it (exit $rc)"
    run "$KG" load "$T/c" "$T/docs/doc-001.txt"; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && grep -q "$want" "$T/err") "data.mdb $what: kg load refuses it (exit $rc: $(head -c 160 "$T/err"))"
    ok $(yes_no [ "$(stat -c %s "$T/c/data.mdb")" -eq "$before" ]) "data.mdb $what: the file is untouched ($before bytes)"
    run "$KG" backup "$T/c" "$T/c-$cut.mdb"; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/c-$cut.mdb" ]) "data.mdb $what: no backup is made of it (exit $rc)"
done
# a damaged backup is not restored
"$KG" backup "$T/db" "$T/b.mdb" > /dev/null && truncate -s $(($(stat -c %s "$T/b.mdb") / 2)) "$T/b.mdb"
"$KG" restore "$T/b.mdb" "$T/r" 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/r" ] && grep -q truncated "$T/err") "a truncated backup is not restored (exit $rc: $(head -c 200 "$T/err"))"

# root page of a table, from the meta page with the highest transaction id
root() {
    perl -e '
        my ($db, $want) = @ARGV;
        open(my $f, "<:raw", "$db/data.mdb") or die "$db: $!";
        my $ps = 4096; my ($best, $bt) = (undef, -1);
        for my $i (0, 1) {
            seek($f, $i * $ps, 0); read($f, my $m, $ps);
            my ($magic) = unpack("V", substr($m, 16, 4)); my ($txn) = unpack("Q<", substr($m, 144, 8));
            ($best, $bt) = ($m, $txn) if $magic == 0xBEEFC0DE && $txn > $bt;
        }
        my ($mroot) = unpack("Q<", substr($best, 16 + 72 + 40, 8));
        seek($f, $mroot * $ps, 0); read($f, my $p, $ps);
        my ($lower) = unpack("v", substr($p, 12, 2));
        for my $i (0 .. ($lower - 16) / 2 - 1) {
            my ($off) = unpack("v", substr($p, 16 + 2 * $i, 2));
            my ($ks) = unpack("v", substr($p, $off + 6, 2));
            next unless substr($p, $off + 8, $ks) eq $want;
            print unpack("Q<", substr($p, $off + 8 + $ks + 40, 8)), "\n"; exit 0;
        }
        exit 1' "$1" "$2"
}
for table in nodes edges evrows doc_text; do
    pg=$(root "$T/db" $table)
    rm -rf "$T/z" && cp -r "$T/db" "$T/z"
    dd if=/dev/zero of="$T/z/data.mdb" bs=4096 seek="$pg" count=1 conv=notrunc 2> /dev/null
    run "$KG" check "$T/z"; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && grep -q "damaged file: table '$table': page $pg .*zeroed" "$T/out") "a zeroed page at the root of '$table' (page $pg): kg check reports it (exit $rc: $(head -1 "$T/out"))"
    run "$KG" export "$T/z" jsonl --output "$T/z.jsonl"; rc=$?
    ok $(yes_no [ $rc -eq 1 ] && [ ! -e "$T/z.jsonl" ]) "and kg export fails instead of writing an incomplete file (exit $rc: $(head -c 200 "$T/err"))"
done

# random byte flips at fixed seeds: nothing dies of a signal
flips=0 reported=0 died=""
for seed in $(seq 1 60); do
    rm -rf "$T/f" && cp -r "$T/db" "$T/f"
    perl -e 'my ($file, $seed, $size) = @ARGV; srand($seed);
        open(my $f, "+<:raw", $file) or die; my $off = 8192 + int(rand($size - 8192));
        seek($f, $off, 0); read($f, my $b, 1); seek($f, $off, 0);
        print $f chr(ord($b) ^ (1 << int(rand(8)))); close $f' "$T/f/data.mdb" "$seed" "$size"
    flips=$((flips + 1))
    run "$KG" check "$T/f"; rc=$?
    [ $rc -gt 1 ] && died="$died check:$seed:$rc"
    [ $rc -eq 1 ] && reported=$((reported + 1))
    if [ $rc -eq 0 ]; then
        run "$KG" query "$T/f" 'MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.count'; rc=$?
        [ $rc -gt 1 ] && died="$died query:$seed:$rc"
        run "$KG" export "$T/f" jsonl; rc=$?
        [ $rc -gt 1 ] && died="$died export:$seed:$rc"
    fi
done
ok $(yes_no [ -z "$died" ]) "$flips single-bit flips: kg check, a query and an export never die of a signal ($died)"

# a damaged node pointer in a leaf page, queried: LMDB asserts on it (IS_LEAF
# in mdb_cursor_first) and used to abort the process; the step ends with
# KG_CORRUPT instead and the handle refuses everything after it. The case is
# one bit of the generated database (found by a seeded search of leaf pages'
# pointer arrays; again for format 6, whose smaller tables moved it, and for
# format 7 and the loader's later rules); the first check fails loudly if the
# layout ever changes.
rm -rf "$T/f" && cp -r "$T/db" "$T/f"
perl -e 'my ($file) = @ARGV; open(my $f, "+<:raw", $file) or die;
    seek($f, 115 * 4096, 0); read($f, my $h, 12); my ($pg, $pad, $flags) = unpack("Q<S<S<", $h);
    exit 3 unless $pg == 115 && $flags == 2;
    seek($f, 115 * 4096 + 16, 0); read($f, my $b, 1); seek($f, 115 * 4096 + 16, 0);
    print $f chr(ord($b) ^ 2); close $f' "$T/f/data.mdb"
ok $? "page 115 of the generated database is a leaf page (the layout this case was made for)"
run "$KG" query "$T/f" 'MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.count; MATCH (n) RETURN count(n)'; rc=$?
ok $(yes_no [ $rc -eq 1 ] && grep -q "the database file is damaged (LMDB: .*Assertion" "$T/err" &&
    [ "$(grep -c "the database file is damaged" "$T/err")" -eq 2 ]) \
    "a query LMDB would abort on ends with a clear error, and the next statement on the handle is refused (exit $rc: $(head -c 200 "$T/err"))"
ok $(yes_no [ "$reported" -gt 0 ]) "and kg check reports damage for some of them ($reported of $flips; the others hit free pages or bytes of values)"
"$KG" check "$T/db" > /dev/null
ok $? "the original still checks clean"
