#!/bin/sh
# bench_shared.sh -- the benchmark kit ../shared/bench (beside the repository)
# at its tiny scale T, for answer equality (TAP): the kit generates its graph
# (2,000 entities, 20,000 relations), loads it into the in-memory CSR (the
# reference answers), the hand-written LMDB program, SQLite and kg (built
# against this build's libkg.a through kg.h; in the sanitizer build only kg
# and the CSR, with the sanitizers), runs W1-W8 on each and
# cross-checks every answer (report.py). One TAP line per system and
# workload: its answers equal the reference's, and every query ran. Times
# are not checked (the kit prints them; tests/bench/README.md says where the
# S figures come from).
#
# The kit is read-only: it is copied to a scratch folder and run there. When
# there is no ../shared/bench the test is skipped. Its kg program counts
# kg_stats.nodes as the kit's entities; since format 5 every document is a
# node too, so the scratch copy counts nodes - docs (a one-line change, said
# in a TAP comment; the kit's own copy should take it).
# Env: KG_SRC, KG_BUILD (tests/CMakeLists.txt).
set -u
SRC=${KG_SRC:?KG_SRC not set}
BUILD=${KG_BUILD:?KG_BUILD not set}
KIT="$SRC/../shared/bench"
if [ ! -f "$KIT/run.sh" ]; then
    echo "1..0 # SKIP no benchmark kit at ../shared/bench beside the repository"
    exit 0
fi
if [ ! -f "$BUILD/engine/libkg.a" ]; then
    echo "1..0 # SKIP no libkg.a in the build"
    exit 0
fi
for tool in bash make python3 cc; do
    if ! command -v $tool > /dev/null; then
        echo "1..0 # SKIP $tool is not installed"
        exit 0
    fi
done
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-benchkit-XXXXXX")
trap 'rm -rf "$T"' EXIT
cp -R "$KIT" "$T/kit" && chmod -R u+w "$T/kit" || {
    echo "1..1"
    echo "not ok 1 - copy the kit to a scratch folder"
    exit 0
}
k="$T/kit/src/kg_kg.c"
if grep -q '^    \*ents = s\.nodes;' "$k"; then
    sed -i 's/^    \*ents = s\.nodes;/    *ents = s.nodes - s.docs; \/* document nodes are not kit entities *\//' "$k"
    echo "# scratch copy: kg_kg.c counts kg_stats.nodes - docs as entities (every document is a node)"
fi
# kg.h includes kg_version.h, which the build generates beside its engine/
# flags: the kit's own, an include path for that header, and the sanitizers
# when the build has them (libkg.a then needs their run time)
flags="-O2 -g -Wall -Wextra -Wno-unused-function -Wno-format-truncation -I$BUILD/engine"
systems="kg sqlite lmdb csr"
if grep -q '^KG_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2> /dev/null; then
    flags="$flags -fsanitize=address,undefined"
    systems="kg csr" # the peers were checked by the plain build's run
    echo "# sanitizer build: kg and the CSR reference only, built with -fsanitize=address,undefined"
fi
n=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
(cd "$T/kit" && CFLAGS="$flags" KG_SRC="$SRC" KG_BUILD="$BUILD" ASAN_OPTIONS=detect_leaks=0 \
    ./run.sh T $systems) > "$T/run.log" 2>&1
rc=$?
ok $rc "run.sh T $systems exits 0 (report.py finds no mismatch)"
[ $rc -eq 0 ] || sed -e 's/^/# /' "$T/run.log" | tail -40
tsv="$T/kit/results/T.tsv"
[ -f "$tsv" ]
ok $? "the run wrote results/T.tsv"
# every system and workload that ran: its answers are the reference's and every query ran
if [ -f "$tsv" ]; then
    tail -n +2 "$tsv" > "$T/rows"
    while IFS="	" read -r sys w done total secs ops us rss check note; do
        [ "$check" = ok ] || [ "$check" = ref ]
        c1=$?
        [ "$done" = "$total" ]
        c2=$?
        ok $((c1 + c2)) "$sys $w: answers $check, $done of $total queries"
    done < "$T/rows"
    # each system ran W1-W8 (a system that stopped early leaves rows out)
    for sys in $systems; do
        got=$(awk -F'\t' -v s="$sys" '$1 == s && $2 ~ /^W[1-8]$/' "$T/rows" | wc -l)
        [ "$got" -eq 8 ]
        ok $? "$sys ran all of W1-W8 (got $got)"
    done
fi
echo "1..$n"
