#!/bin/sh
# reliability_valgrind.sh -- a basic shell session under valgrind (TAP):
# no memory errors and no leaks. SKIPs when valgrind is not installed.
# Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
if ! command -v valgrind > /dev/null 2>&1; then echo "1..0 # SKIP valgrind not installed"; exit 0; fi
# a sanitizer build cannot run under valgrind
if nm "$KG" 2> /dev/null | grep -q __asan_init; then echo "1..0 # SKIP kg is built with AddressSanitizer"; exit 0; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-vg-XXXXXX")
trap 'rm -rf "$T"' EXIT
echo "1..2"
"$KG" load "$T/db" "$KG_SRC/tests/loader/story.txt" --quiet 2> /dev/null
cat > "$T/script" <<'Q'
CREATE (:person {name: "Ann Smith", aliases: ["Annie"]});
MATCH (a {name: "Ann Smith"}), (b:organisation) CREATE (a)-[:member-of]->(b);
MATCH (p:person) RETURN p.name ORDER BY p.name;
MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name LIMIT 5;
MATCH (a)-[r:nosuchrel]->(b) RETURN a;
MATCH p = shortestPath((a {name: "Ann Smith"})-[*..4]-(b)) RETURN length(p) LIMIT 3;
RETURN 1 +;
SHOW TYPES;
EXPLAIN MATCH (a)-[:attacked]->(b) RETURN a, b;
Q
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$KG" "$T/db" < "$T/script" > "$T/out" 2> "$T/vg"; rc=$?
ok=0; [ $rc -eq 99 ] && ok=1
echo "$([ $ok -eq 0 ] && echo ok || echo 'not ok') 1 - shell session under valgrind: no memory errors or leaks (exit $rc)"
[ $ok -eq 0 ] || grep '==[0-9]*==' "$T/vg" | head -30 | sed 's/^/#   /'
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$KG" load "$T/db" "$KG_SRC/tests/loader" --quiet > /dev/null 2> "$T/vg2"; rc=$?
echo "$([ $rc -ne 99 ] && echo ok || echo 'not ok') 2 - kg load under valgrind: no memory errors or leaks (exit $rc)"
[ $rc -ne 99 ] || grep '==[0-9]*==' "$T/vg2" | head -30 | sed 's/^/#   /'
