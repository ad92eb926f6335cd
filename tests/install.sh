#!/bin/sh
# install.sh -- `cmake --install` into a temporary prefix (TAP): libkg shared
# and static, kg.h, kg.pc, the CMake package, the kg program and kg(1); then a
# tiny C program is built against the installed library with pkg-config
# (shared and static) and with find_package(kg), and run; the Python package
# kg is imported from PREFIX/KG_PYTHON_DIR and loads with the installed kg. Env: KG_BIN,
# KG_SRC, KG_BUILD (tests/CMakeLists.txt).
set -u
BUILD=${KG_BUILD:?KG_BUILD not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-install-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=$((fail + 1)); fi; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
t() { if "$@"; then echo 0; else echo 1; fi; }
echo "1..24"
P="$T/prefix"
CC=${CC:-cc}
# a sanitizer build's libkg needs the sanitizer runtime in the program too
SAN=""
grep -q '^KG_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2> /dev/null && SAN="-fsanitize=address,undefined"

cmake --install "$BUILD" --prefix "$P" > "$T/install.log" 2>&1; ok $? "cmake --install into a temporary prefix"
pc=$(find "$P" -name kg.pc | head -1)
libdir=$(dirname "$(dirname "$pc")")
ok $(t test -f "$P/include/kg.h") "kg.h installed"
ok $(t test -f "$libdir/libkg.so" -a -f "$libdir/libkg.a") "libkg.so and libkg.a installed"
ok $(t test -n "$pc") "kg.pc installed"
ok $(t test -f "$libdir/cmake/kg/kgConfig.cmake" -a -f "$libdir/cmake/kg/kgTargets.cmake") "CMake package installed"
ok $(t test -z "$(grep -l 'kg_flags\|internal_build_flags' "$libdir"/cmake/kg/*.cmake)") "the private build flags target is not exported"
ok $(t test -f "$P/share/man/man1/kg.1") "kg(1) installed"
"$P/bin/kg" --version > "$T/version" 2>&1; ok $? "the installed kg runs: $(cat "$T/version")"
if command -v nm > /dev/null; then
    # only the public API is exported from the shared library
    bad=$(nm -D --defined-only "$libdir/libkg.so" | awk '$2 ~ /^[TDBR]$/ && $3 !~ /^kg_/ && $3 !~ /^_/ { print $3 }' | head -3)
    ok $(t test -z "$bad") "libkg.so exports only kg_* symbols${bad:+ (also: $bad)}"
else skip "nm not installed"; fi

cat > "$T/hello.c" <<'C'
/* hello.c -- a tiny client of the installed libkg. */
#include <kg.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    kg_db *db;
    char *json = NULL;
    if (argc != 2) return 2;
    if (kg_open(argv[1], KG_OPEN_CREATE, NULL, &db) != KG_OK) {
        fprintf(stderr, "hello: %s: %s\n", argv[1], db ? kg_errmsg(db) : "cannot open");
        kg_close(db);
        return 1;
    }
    int rc = kg_query_json(db, "CREATE (:base {name: \"Camp Taji\"}); MATCH (b:base) RETURN b.name", NULL, &json);
    if (rc == KG_OK) printf("kg %s: %s\n", kg_version(), json);
    else fprintf(stderr, "hello: %s\n", kg_errmsg(db));
    kg_free(json);
    kg_close(db);
    return rc == KG_OK ? 0 : 1;
}
C
expect='{"columns":["b.name"],"rows":[["Camp Taji"]]}'
if command -v pkg-config > /dev/null; then
    export PKG_CONFIG_PATH="$libdir/pkgconfig"
    ok $(t test "$(pkg-config --modversion kg)" = "$("$P/bin/kg" --version | awk '{print $2}')") "pkg-config knows kg"
    $CC $SAN $(pkg-config --cflags kg) "$T/hello.c" -o "$T/hello-pc" $(pkg-config --libs kg) -Wl,-rpath,"$libdir" 2> "$T/cc1.log"
    ok $? "built with pkg-config (shared)"
    "$T/hello-pc" "$T/db1" > "$T/out1" 2>&1; grep -qF "$expect" "$T/out1"; ok $? "runs: $(cat "$T/out1")"
    ok $(t sh -c "ldd '$T/hello-pc' | grep -q '$libdir/libkg.so'") "linked to the installed libkg.so"
    $CC $SAN $(pkg-config --cflags kg) "$T/hello.c" -o "$T/hello-static" "$libdir/libkg.a" \
        $(pkg-config --static --libs kg | sed 's/-lkg\b//') 2> "$T/cc2.log"
    ok $? "built with pkg-config --static against libkg.a"
    "$T/hello-static" "$T/db2" > "$T/out2" 2>&1; grep -qF "$expect" "$T/out2"; ok $? "static build runs"
else skip "pkg-config not installed"; skip "pkg-config"; skip "pkg-config"; skip "pkg-config"; skip "pkg-config"; skip "pkg-config"; fi

mkdir -p "$T/consumer"
cp "$T/hello.c" "$T/consumer/"
cat > "$T/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(hello LANGUAGES C)
find_package(kg 0.1 REQUIRED)
add_executable(hello hello.c)
target_link_libraries(hello PRIVATE kg::kg)
add_executable(hello_static hello.c)
target_link_libraries(hello_static PRIVATE kg::kg_static)
CM
cmake -S "$T/consumer" -B "$T/consumer/build" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_FLAGS="$SAN" -DCMAKE_EXE_LINKER_FLAGS="$SAN" > "$T/cm.log" 2>&1 &&
    cmake --build "$T/consumer/build" > "$T/cmb.log" 2>&1
ok $? "built with find_package(kg) and kg::kg"
"$T/consumer/build/hello" "$T/db3" > "$T/out3" 2>&1; grep -qF "$expect" "$T/out3"; ok $? "find_package build runs"
"$T/consumer/build/hello_static" "$T/db4" > "$T/out4" 2>&1; grep -qF "$expect" "$T/out4"; ok $? "kg::kg_static build runs"
# kg_version.h: the version macros, generated from project(VERSION), agree with the library
ok $(t test -f "$P/include/kg_version.h") "kg_version.h installed"
cat > "$T/ver.c" <<'C'
#include <kg.h>
#include <kg_version.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    char mmp[64];
    snprintf(mmp, sizeof mmp, "%d.%d.%d", KG_VERSION_MAJOR, KG_VERSION_MINOR, KG_VERSION_PATCH);
    printf("%s %s %s\n", KG_VERSION_STRING, mmp, kg_version());
    return strcmp(KG_VERSION_STRING, kg_version()) || strcmp(mmp, kg_version());
}
C
$CC $SAN -I"$P/include" "$T/ver.c" -o "$T/ver" "$libdir/libkg.so" -Wl,-rpath,"$libdir" 2> "$T/cc3.log" &&
    "$T/ver" > "$T/out5" 2>&1
ok $? "KG_VERSION_STRING and KG_VERSION_MAJOR.MINOR.PATCH are kg_version(): $(cat "$T/out5")"
if command -v groff > /dev/null; then
    groff -man -Tutf8 -ww -z "$P/share/man/man1/kg.1" > "$T/groff.log" 2>&1
    ok $(t test ! -s "$T/groff.log") "kg(1) formats without warnings (groff -ww)"
else skip "groff not installed"; fi
# the Python package: `import kg` with PYTHONPATH=PREFIX/lib/python3.X/dist-packages
pyinit=$(find "$P" -path '*/kg/__init__.py' | head -1)
if [ -f "$BUILD/python/kg/__init__.py" ]; then
    ok $(t test -n "$pyinit") "the Python package is installed (${pyinit#$P/})"
    pydir=$(dirname "$(dirname "${pyinit:-/nonexistent/kg/x}")")
    PY=$(cat "$BUILD/python/interpreter" 2> /dev/null)
    [ -x "$PY" ] || PY=python3
    asan=$(ldd "$pydir"/kg/_kg*.so 2> /dev/null | awk '/libasan/ { print $3; exit }')
    (cd "$T" && env ${asan:+LD_PRELOAD=$asan} ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        PYTHONPATH="$pydir" PYTHONDONTWRITEBYTECODE=1 "$PY" -c 'import kg; print(kg.__file__, kg.version())') > "$T/py1" 2>&1
    ok $(t grep -q "^$pydir/kg/__init__.py $("$P/bin/kg" --version | awk '{print $2}')$" "$T/py1") "python3 -c 'import kg' from the prefix: $(head -1 "$T/py1")"
    (cd "$T" && env ${asan:+LD_PRELOAD=$asan} ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        PYTHONPATH="$pydir" PYTHONDONTWRITEBYTECODE=1 "$PY" - "$T/pydb" "$KG_SRC/examples/corpus" "$P/bin/kg") > "$T/py2" 2>&1 <<'PY'
import sys, kg
from kg import _paths
conn = kg.connect(sys.argv[1], create=True)
s = conn.load([sys.argv[2]])
n = conn.execute("MATCH (a)-[r:killed]->(v) RETURN count(r)").fetchone()[0]
print(_paths.KG_PROGRAM == sys.argv[3], s["documents"], n)
PY
    ok $(t grep -qx "True 14 4" "$T/py2") "the installed package loads with the installed kg and queries: $(tail -1 "$T/py2")"
else for i in 1 2 3; do skip "the Python package is not built (python3-dev missing)"; done; fi
[ "$fail" -eq 0 ]
