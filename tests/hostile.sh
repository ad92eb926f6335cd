#!/bin/sh
# hostile.sh -- `kg load` on hostile input (TAP): invalid UTF-8, NUL bytes,
# binary and empty files, directory symlink loops, a 1 MB name, a file of
# KG_HOSTILE_MB (default 100) MB with no newline, and a 1 MB run-on sentence. Each
# gives a clear error or a correct result in bounded time and memory, the
# other files still load, and the exit status says when something failed.
# Markdown links nested 200,000 deep and a line of 2,000,000 '[' load (link
# markup is cleaned in linear time without recursion: the checks are on the
# facts that come out, the time limit only guards against a hang); a file
# name cannot forge kg load's summary line; names with terminal escape
# sequences are shown escaped in table output; NaN and infinity are null in
# JSON output.
# Env: KG_BIN, KG_SRC; KG_HOSTILE_MB. Big files are made in $TMPDIR, never committed.
set -u
KG=${KG_BIN:?KG_BIN not set}
DATA=${KG_SRC:?KG_SRC not set}/tests/loader
MB=${KG_HOSTILE_MB:-100}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-hostile-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then printf "ok %d - %s\n" $n "$2"; else printf "not ok %d - %s\n" $n "$2"; fi; }
yes_no() { if "$@"; then echo 0; else echo 1; fi; }
# run CMD... under a hang guard (600 s whatever the command: a guard against a
# hang, not a speed test, so a busy machine cannot fail it), recording
# seconds and peak KB in $T/usage
TIMEF=""
[ -x /usr/bin/time ] && TIMEF="/usr/bin/time -f %e_%M -o $T/usage"
limited() { secs=$1; shift; : > "$T/usage"; timeout "$secs" $TIMEF "$@"; }
usage() { cat "$T/usage" 2>/dev/null | tail -1 | tr '_' ' '; }
echo "1..33"

mkdir -p "$T/in/sub/deeper"
cp "$DATA/story.txt" "$T/in/story.txt"
printf 'Camp Taji was attacked by \377\376 Kata'"'"'ib Hezbollah.\n' > "$T/in/bad-utf8.txt"
printf 'The Brevik Brigade\000 attacked Camp Ostrava.\n' > "$T/in/nul.txt"
head -c 65536 /dev/urandom > "$T/in/random.bin"
: > "$T/in/empty.txt"
ln -s .. "$T/in/sub/up"
ln -s . "$T/in/sub/self"
ln -s ../.. "$T/in/sub/deeper/top"
{ printf 'Zorvan '; head -c 1000000 /dev/zero | tr '\0' 'k'; printf ' Keltis attacked Camp Brevik.\n'; } > "$T/in/sub/long-name.txt"
{ printf 'subject\tsubject_type\trelation\tobject\tobject_type\nZ'; head -c 1000000 /dev/zero | tr '\0' 'q'
  printf '\tperson\tattacked\tCamp Brevik\tbase\n'; } > "$T/in/sub/long-name.tsv"

limited 600 "$KG" load "$T/db" "$T/in" --quiet 2> "$T/err"; rc=$?
ok $(yes_no [ $rc -eq 1 ]) "mixed directory: exit status 1 when some files failed (got $rc; $(usage) s/KB)"
grep -q 'bad-utf8.txt: invalid UTF-8' "$T/err"; ok $? "invalid UTF-8 named with its reason"
grep -q 'nul.txt: binary' "$T/err"; ok $? "NUL bytes named with their reason"
! grep -q 'random.bin' "$T/err"; ok $? "a file of a directory that is no document is skipped, not an error (--quiet: not listed)"
grep -q 'empty.txt: empty' "$T/err"; ok $? "an empty file named with its reason"
ok $(yes_no [ "$(grep -c 'story.txt\|long-name\|symbolic' "$T/err")" -eq 0 ]) "no error for good files or symlink loops"
"$KG" export "$T/db" facts --format tsv > "$T/out"
grep -q "^story.txt	Kata'ib Hezbollah	attacked	Camp Taji	" "$T/out"; ok $? "the good files still load"
ok $(yes_no [ "$(grep -c '^story.txt	' "$T/out")" -eq "$(sort -u "$T/out" | grep -c '^story.txt	')" ]) "symlink loops read each file once"
grep -q "^sub/long-name.tsv	Zqqqqqqqqq*	attacked	Camp Brevik	" "$T/out"; ok $? "a 1 MB name in a fact file is stored whole"
awk -F '\t' '$1 == "sub/long-name.tsv" && length($2) == 1000001 { f = 1 } END { exit !f }' "$T/out"; ok $? "and exported whole"
"$KG" check "$T/db" > /dev/null; ok $? "kg check is clean"

# a loop of two symlinks to the same directory: read once, in bounded time
mkdir -p "$T/loop/a"
cp "$DATA/story.txt" "$T/loop/a/"
for l in x y z; do ln -s . "$T/loop/a/$l"; done
limited 600 "$KG" load "$T/db2" "$T/loop" --quiet 2> "$T/err2"; rc=$?
ok $(yes_no [ $rc -eq 0 ]) "three self-links in one directory load in bounded time (exit $rc; $(usage) s/KB)"

# MB megabytes without a newline
head -c $((MB * 1000000)) /dev/zero | tr '\0' 'a' > "$T/big.txt"
limited 600 "$KG" load "$T/db3" "$T/big.txt" --quiet 2> "$T/err3"; rc=$?
set -- $(usage)
ok $(yes_no [ $rc -eq 0 ] || [ $rc -eq 1 ]) "$MB MB with no newline: finished with exit $rc in ${1:-?} s, ${2:-?} KB peak"
[ $rc -eq 1 ] && sed 's/^/#   /' "$T/err3" | head -3
ok $(yes_no [ "${2:-0}" -lt 4000000 ]) "$MB MB with no newline: peak memory under 4 GB"
rm -f "$T/big.txt"
"$KG" check "$T/db3" > /dev/null 2>&1; ok $? "kg check is clean after it"

# a run-on sentence: one sentence of 1 MB of words, no full stop. The loader
# cuts sentences at 2,000 bytes (KGL_MAX_SENTENCE), so extraction is linear:
# a generous time limit guards against a hang, and the checks count what came
# out (every evidence span at most 2,000 bytes, the facts of every piece).
yes 'the Brevik Brigade attacked Camp Ostrava and Maro Telvane said' | tr '\n' ' ' | head -c 1000000 > "$T/runon.txt"
limited 600 "$KG" load "$T/db4" "$T/runon.txt" --quiet 2> /dev/null; rc=$?
set -- $(usage)
ok $(yes_no [ $rc -eq 0 ]) "a 1 MB run-on sentence loads (exit $rc in ${1:-?} s, ${2:-?} KB peak)"
ok $(yes_no [ "${2:-0}" -lt 1000000 ]) "a 1 MB run-on sentence: peak memory under 1 GB"
"$KG" check "$T/db4" > /dev/null 2>&1 || [ ! -e "$T/db4/data.mdb" ]; ok $? "the database is clean or absent after it"
"$KG" export "$T/db4" facts --format tsv > "$T/out4" 2> /dev/null
grep -q "^runon.txt	Brevik Brigade	attacked	Camp Ostrava	" "$T/out4"; ok $? "its facts are exported"
awk -F '\t' 'NR > 1 && length($5) > 2000 { bad++ } END { exit bad > 0 }' "$T/out4"; ok $? "no evidence sentence is longer than 2,000 bytes"
# statements are clauses of one piece: one per distinct clause, a few hundred, not one per word
st=$(awk -F '\t' '$3 == "said"' "$T/out4" | wc -l)
ok $(yes_no [ "$st" -ge 50 ] && [ "$st" -le 5000 ]) "statements of the pieces: $st (50..5000)"

# markdown links nested 200,000 deep around a name: the fact, with the clean sentence
{ printf 'The Brevik Brigade attacked '; head -c 200000 /dev/zero | tr '\0' '['; printf 'Camp Ostrava'
  i=0; while [ $i -lt 200 ]; do head -c 1000 /dev/zero | tr '\0' '\1' | sed 's/\x01/](u)/g'; i=$((i + 1)); done
  printf ' on Monday.\n'; } > "$T/nested.md"
limited 600 "$KG" load "$T/db5" "$T/nested.md" --quiet 2> "$T/err5"; rc=$?
ok $(yes_no [ $rc -eq 0 ]) "200,000 nested markdown links load (exit $rc; $(usage) s/KB; $(head -c 200 "$T/err5"))"
"$KG" export "$T/db5" facts --format tsv 2> /dev/null > "$T/out5"
grep -q "^nested.md	Brevik Brigade	attacked	Camp Ostrava	The Brevik Brigade attacked Camp Ostrava on Monday.	" "$T/out5"
ok $? "the link text is read without its markup"
# 2,000,000 '[' (no link) after a sentence: linear (quadratic took 10 s per 200 KB)
{ printf 'The Brevik Brigade attacked Camp Ostrava.\n\nMaro Telvane said '; head -c 2000000 /dev/zero | tr '\0' '['; printf '\n'; } > "$T/brackets.md"
limited 600 "$KG" load "$T/db6" "$T/brackets.md" --quiet 2> "$T/err6"; rc=$?
ok $(yes_no [ $rc -eq 0 ]) "a line of 2,000,000 '[' loads (exit $rc; $(usage) s/KB)"
"$KG" export "$T/db6" facts --format tsv 2> /dev/null | grep -q "^brackets.md	Brevik Brigade	attacked	Camp Ostrava	"
ok $? "and the facts before it are read"

# a file name that tries to forge kg load's summary line (and clear the screen)
mkdir -p "$T/forge"
: > "$T/forge/$(printf 'x\nkg: load: 99 documents loaded, 0 unchanged\033[2J.txt')"
"$KG" load "$T/db7" "$T/forge" 2> "$T/err7"; rc=$?
ok $(yes_no [ $rc -eq 1 ] && [ "$(grep -c 'documents loaded' "$T/err7")" -eq 1 ] && grep -q '^kg: load: 0 documents loaded' "$T/err7") "a file name cannot forge the summary line (exit $rc)"
grep -q 'x\\nkg: load: 99 documents loaded, 0 unchanged\\x1b\[2J.txt: empty file' "$T/err7" && ! grep -q "$(printf '\033')" "$T/err7"
ok $? "it is printed with its newline and escape as \\n and \\x1b: $(head -1 "$T/err7")"

# terminal escape sequences in a name: escaped in table output, kept in the data
"$KG" load "$T/db8" "$DATA/story.txt" --quiet 2> /dev/null
"$KG" query "$T/db8" 'CREATE (:person {name: $n})' --param n="$(printf 'Evil\033]0;pwned\007\033[31mRed \302\233x')" > /dev/null
ok $? "a name with escape sequences is stored"
"$KG" query "$T/db8" 'MATCH (p:person) WHERE p.name STARTS WITH "Evil" RETURN p.name' --format table > "$T/t8"
grep -q 'Evil\\x1b\]0;pwned\\x07\\x1b\[31mRed \\u009bx' "$T/t8" && ! grep -q "$(printf '\033')" "$T/t8"
ok $? "table output shows it escaped, no raw control character: $(sed -n 3p "$T/t8")"
"$KG" query "$T/db8" 'MATCH (p:person) WHERE p.name STARTS WITH "Evil" RETURN p.name' --format tsv | tail -1 | grep -q "$(printf '\033')\[31mRed"
ok $? "tsv keeps the data as it is"

# NaN and infinity: null in JSON (which has no number for them), words in a table
"$KG" query "$T/db8" 'RETURN 0.0/0.0 AS nan, 1e308*10 AS inf, -1e308*10 AS ninf, [1.5, 0.0/0.0] AS l, {x: 0.0/0.0} AS m' --format json > "$T/j8"
grep -qx '\[{"nan":null,"inf":null,"ninf":null,"l":\[1.5,null\],"m":{"x":null}}\]' "$T/j8"
ok $? "JSON: NaN and infinity are null: $(cat "$T/j8")"
if command -v python3 > /dev/null; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]), parse_constant=lambda c: 1/0)' "$T/j8"; ok $? "and it parses as strict JSON (python3)"
else ok 0 "# skip python3 not installed"; fi
"$KG" query "$T/db8" 'RETURN 0.0/0.0 AS nan, 1e308*10 AS inf, -1e308*10 AS ninf' --format table | sed -n 3p | grep -q '^NaN *| Infinity | -Infinity$'
ok $? "table: NaN, Infinity, -Infinity"
