#!/bin/sh
# pipeline.sh -- kg in a shell pipeline: load the example corpus into a
# temporary database, query it as TSV and JSON Lines, and summarise the rows
# with sort, uniq and awk.
#
#   sh examples/pipeline.sh [CORPUS]     (the kg program from $KG, else PATH)
set -eu
export LC_ALL=C
KG=${KG:-kg}
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=${1:-$HERE/corpus}
DB=$(mktemp -d "${TMPDIR:-/tmp}/kg-pipeline-XXXXXX")
trap 'rm -rf "$DB"' EXIT

"$KG" load "$DB/news.kg" "$CORPUS" --quiet

echo "== statements per speaker and month (tsv | awk | sort | uniq -c)"
"$KG" query "$DB/news.kg" 'MATCH (p)-[r:said]->(s:statement) RETURN p.name, r.date' --format tsv |
    tail -n +2 | awk -F'\t' '{ print substr($2, 1, 7) "\t" $1 }' | sort | uniq -c |
    sort -k1,1nr -k2,2 | head -8

echo "== attacks per target type (tsv | cut | sort | uniq -c)"
"$KG" query "$DB/news.kg" 'MATCH (a)-[:attacked]->(t) RETURN a.name, t.name, type(t)' --format tsv |
    tail -n +2 | cut -f3 | sort | uniq -c | sort -k1,1nr -k2,2

echo "== words most used in quotes about Iraq (jsonl | awk | sort | uniq -c)"
"$KG" query "$DB/news.kg" 'MATCH (p)-[:said]->(s) WHERE s.name CONTAINS "Iraq" RETURN s.name AS text' --format jsonl |
    awk '{ sub(/^\{"text":"/, ""); sub(/"\}$/, ""); print tolower($0) }' | tr -cs "a-z'" '\n' |
    awk 'length($0) > 5' | sort | uniq -c | sort -k1,1nr -k2,2 | head -5

echo "== documents per relation (export facts | awk)"
"$KG" export "$DB/news.kg" facts --format tsv |
    awk -F'\t' 'NR > 1 { n[$3]++ } END { for (r in n) printf "%-12s %d\n", r, n[r] }' | sort
