#!/bin/sh
# examples.sh -- everything under examples/ runs and gives the recorded output
# (TAP): the corpus loads, every examples/queries/NN-name.kg gives its .out
# (`kg query DB "$(cat file)" --format tsv`), embed.c, the Python package's example,
# pipeline.sh, the picture and the README's claims. Env: KG_BIN, KG_SRC,
# KG_BUILD (tests/CMakeLists.txt).
#
# After a deliberate change of the loader or the engine, rewrite the .out
# files with:  KG_UPDATE=1 build/tests/examples.t   (then review the git diff)
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
BUILD=${KG_BUILD:?KG_BUILD not set}
EX="$SRC/examples"
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-examples-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=$((fail + 1)); fi; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
t() { if "$@"; then echo 0; else echo 1; fi; }
nq=$(ls "$EX"/queries/*.kg | wc -l)

# the corpus
ndocs=$(ls "$EX"/corpus/*.md | wc -l)
ok $(t test "$ndocs" -ge 8 -a "$ndocs" -le 15) "8 to 15 example documents ($ndocs)"
bad=0
for f in "$EX"/corpus/*.md; do
    head -1 "$f" | grep -q '^# ' && sed -n 3p "$f" | grep -q '^By ' && sed -n 5p "$f" | grep -qE ', [A-Z][a-z]+ [0-9]{1,2}, 20[0-9]{2}$' || { echo "# bad header: $f"; bad=1; }
done
ok $bad "every document has a title, a byline and a date line"
"$KG" load "$T/news.kg" "$EX/corpus" > "$T/load.out" 2>&1; ok $? "kg load examples/corpus"
ok $(t grep -q "$ndocs documents loaded, 0 unchanged, .* 0 errors" "$T/load.out") "load summary: $(sed 's/, [0-9.]* s$//' "$T/load.out")"
"$KG" check "$T/news.kg" > /dev/null; ok $? "kg check passes on the loaded example"
for rel in killed attacked located-at denied said leads member-of voted; do
    "$KG" export "$T/news.kg" facts | cut -f3 | grep -qx "$rel" || { echo "# no '$rel' fact"; bad=1; }
done
ok $bad "the corpus gives facts of every relation"

# the analyst questions
ok $(t test "$nq" -ge 15) "at least 15 questions ($nq)"
for q in "$EX"/queries/*.kg; do
    out="${q%.kg}.out"
    name=$(basename "$q" .kg)
    "$KG" query "$T/news.kg" "$(cat "$q")" --format tsv > "$T/got" 2>&1
    if [ -n "${KG_UPDATE:-}" ]; then cp "$T/got" "$out"; fi
    if cmp -s "$T/got" "$out"; then ok 0 "query $name"; else
        ok 1 "query $name"; diff "$out" "$T/got" | head -10 | sed 's/^/# /'; fi
done

# embed.c
E="$BUILD/examples/embed"
if [ -x "$E" ]; then
    "$E" "$T/news.kg" > "$T/embed.out" 2>&1; ok $? "embed runs"
    ok $(t grep -q "^- Kata'ib Hezbollah (first reported 2020-03-12, 2 documents)$" "$T/embed.out") "embed: bound parameter, rows printed"
    "$E" "$T/news.kg" "Ayn al-Assad" > "$T/embed2.out" 2>&1
    ok $(t grep -q "^- Iran (first reported 2020-01-08" "$T/embed2.out") "embed: a spelling variant resolves"
    "$E" "$T/missing.kg" 2> "$T/embed.err"; rc=$?
    ok $(t sh -c "[ $rc -eq 1 ] && grep -q 'missing.kg' '$T/embed.err'") "embed: a missing database is an error naming it"
else for i in 1 2 3 4; do skip "examples/embed not built (KG_BUILD_EXAMPLES=OFF)"; done; fi

# Python: examples/python/example.py with the package kg built into BUILD/python
# (a sanitizer build's extension needs the ASan runtime loaded first)
PY=$(cat "$BUILD/python/interpreter" 2> /dev/null)
if [ ! -f "$BUILD/python/kg/__init__.py" ] || [ ! -x "$PY" ]; then for i in 1 2 3 4; do skip "the Python package is not built (python3-dev)"; done
else
    asan=$(ldd "$BUILD"/python/kg/_kg*.so 2> /dev/null | awk '/libasan/ { print $3; exit }')
    env ${asan:+LD_PRELOAD=$asan} ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" PYTHONDONTWRITEBYTECODE=1 \
        PYTHONPATH="$BUILD/python" "$PY" "$EX/python/example.py" "$T/news.kg" > "$T/py.out" 2>&1; ok $? "python example runs"
    ok $(t grep -q "Donald Trump  *killed Qasem Soleimani  *on 2020-01-03 (date)" "$T/py.out") "python: a date parameter, dates back as datetime.date"
    ok $(t grep -q "^  2020-01-24 08-sadr-march.md: The United States killed Qasem Soleimani" "$T/py.out") "python: evidence"
    ok $(t grep -q "^ProgrammingError at byte 32: unknown function 'lenght'" "$T/py.out") "python: errors with their byte offset"
fi

# pipeline.sh
KG="$KG" sh "$EX/pipeline.sh" > "$T/pipe.out" 2>&1; ok $? "pipeline.sh runs"
ok $(t grep -q "^attacked  *14$" "$T/pipe.out") "pipeline.sh: facts counted with awk"

# the picture and the README
ok $(t sh -c "head -c 8 '$EX/soleimani.png' | od -An -c | grep -q 'P   N   G'") "examples/soleimani.png is a PNG"
ok $(t test "$(wc -c < "$EX/soleimani.png")" -lt 200000) "the PNG is small"
missing=""
for q in "$EX"/queries/*.kg; do grep -q "$(basename "$q")" "$EX/README.md" || missing="$missing $(basename "$q")"; done
ok $(t test -z "$missing") "examples/README.md mentions every query${missing:+ (not:$missing)}"
ok $(t sh -c "! grep -rn '/work/\|/home/\|/tmp/' '$EX' --include=*.md --include=*.kg --include=*.py --include=*.sh --include=*.c | grep -v 'TMPDIR:-/tmp'") "no absolute paths of a machine in examples/"
echo "1..$n"  # the plan at the end (valid TAP): one test per query file
[ "$fail" -eq 0 ]
