#!/bin/sh
# documents.sh -- document identity and what a directory load reads (TAP):
# a document's key is its path relative to the argument it was found under
# (optionally prefixed by --source NAME); two inputs with one key are refused
# with both paths named and nothing stored; a directory load takes document
# files only and lists the others as skipped. Env: KG_BIN, KG_SRC.
set -u
KG=${KG_BIN:?KG_BIN not set}
SRC=${KG_SRC:?KG_SRC not set}
T=$(mktemp -d "${TMPDIR:-/tmp}/kg-docs-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { [ "$1" = "$2" ]; ok $? "$3 (got '$1', want '$2')"; }
echo "1..23"

# two articles with one base name in two directories
mkdir -p coll/a coll/b
cp "$SRC/tests/loader/story.txt" coll/a/article.md
sed 's/Camp Taji/Balad Air Base/g; s/Mike Pompeo/Mark Esper/' "$SRC/tests/loader/story.txt" > coll/b/article.md

# the silent loss of issue 13: both were "article.md", the second replaced the first
"$KG" load one.kg coll/a coll/b 2> err; rc=$?
[ $rc -ne 0 ]; ok $? "two inputs with one key are refused (status $rc)"
grep -q "coll/a/article.md" err && grep -q "coll/b/article.md" err; ok $? "the refusal names both paths"
grep -q "article.md" err && grep -q "same document key" err; ok $? "the refusal says why"
[ ! -e one.kg/data.mdb ] || [ "$("$KG" stats one.kg | sed -n 's/^documents *//p')" = 0 ]; ok $? "nothing is stored"

# loaded from their common directory, they are two documents
"$KG" load two.kg coll --quiet; ok $? "loading the directory works"
is "$("$KG" stats two.kg | sed -n 's/^documents *//p')" 2 "both documents are stored"
"$KG" export two.kg facts --format tsv | cut -f1 | sort -u | grep -v '^doc$' > keys
is "$(tr '\n' ' ' < keys)" "a/article.md b/article.md " "keys are paths relative to the argument"
"$KG" export two.kg facts --format tsv > facts
grep -q "^a/article.md	Kata'ib Hezbollah	attacked	Camp Taji" facts; ok $? "the first article's facts are kept"
grep -q "^b/article.md	Kata'ib Hezbollah	attacked	Balad Air Base" facts; ok $? "the second article's facts are there"
"$KG" check two.kg > /dev/null; ok $? "kg check passes"

# the same directory from elsewhere, and with a trailing slash, gives the same keys
(cd coll && "$KG" load ../two.kg . --quiet 2> ../err2); ok $? "loading '.' from inside works"
"$KG" load two.kg coll/ --quiet 2> err3
is "$("$KG" stats two.kg | sed -n 's/^documents *//p')" 2 "same keys from '.', 'coll' and 'coll/' (no new documents)"

# --source NAME prefixes the keys: two collections with one layout stay apart
mkdir -p other/a
cp coll/b/article.md other/a/article.md
"$KG" load three.kg coll/a --source wire --quiet && "$KG" load three.kg other --source blog --quiet; ok $? "--source loads"
"$KG" export three.kg facts --format tsv | cut -f1 | sort -u | grep -v '^doc$' | tr '\n' ' ' > keys3
is "$(cat keys3)" "blog/a/article.md wire/article.md " "--source prefixes the relative key"

# a file named on the command line is keyed by its base name (as before)
"$KG" load four.kg coll/a/article.md --quiet
is "$("$KG" export four.kg facts --format tsv | cut -f1 | sort -u | grep -v '^doc$')" "article.md" "a file argument is keyed by its name"
"$KG" load five.kg coll/a/article.md coll/b/article.md 2> err5; rc=$?
[ $rc -ne 0 ] && grep -q "coll/a/article.md" err5 && grep -q "coll/b/article.md" err5; ok $? "two file arguments with one name are refused too"

# a directory load reads documents only; the rest is listed as skipped, not an error
mkdir -p mixed/corpus
cp "$SRC/examples/corpus/01-k1-rocket-attack.md" mixed/corpus/
cp "$SRC/examples/embed.c" "$SRC/examples/soleimani.png" mixed/
cp "$SRC/examples/python/example.py" mixed/
printf 'Sources: https://example.org/a\n' > mixed/SOURCES.md
printf 'The files of this collection.\n' > mixed/README.md
cp "$SRC/tests/loader/facts.tsv" mixed/
"$KG" load six.kg mixed 2> err6; rc=$?
is "$rc" 0 "a directory with other files loads with status 0"
for f in embed.c soleimani.png example.py SOURCES.md README.md; do
    grep -q "mixed/$f: skipped" err6 || echo "missing $f" >> miss6
done
[ ! -s miss6 ]; ok $? "every skipped file is listed with its path ($(cat miss6 2>/dev/null | tr '\n' ' '))"
grep -q "5 skipped" err6; ok $? "the summary counts the skipped files"
is "$("$KG" stats six.kg | sed -n 's/^documents *//p')" 2 "only the article and the fact file are documents"
"$KG" export six.kg facts --format tsv | cut -f1 | sort -u | grep -v '^doc$' | tr '\n' ' ' > keys6
is "$(cat keys6)" "corpus/01-k1-rocket-attack.md facts.tsv " "their keys"
# a file named explicitly is read whatever its name
"$KG" load seven.kg mixed/README.md --quiet; ok $? "an explicitly named file is loaded"

# mentions are made by loading documents: a fact file cannot state one
printf 'subject\tsubject_type\trelation\tobject\tobject_type\nAnn Smith\tperson\tmentioned-in\tx.md\tplace\n' > m.tsv
"$KG" load eight.kg m.tsv 2> err8
grep -q "m.tsv:2: column 'relation': 'mentioned-in' is made by loading documents" err8; ok $? "a fact file cannot state a mention"
