/*
** embed.c -- libkg embedded in a C program (examples): open a database
** read-only, prepare a query with a parameter, bind it, step through the rows
** and print them; every error goes through kg_errmsg().
**
**   embed DB [TARGET]      who attacked TARGET (default "Camp Taji"), with evidence
*/
#include <kg.h>
#include <stdio.h>

static const char *const QUERY =
    "MATCH (a)-[r:attacked]->(t {name: $target})\n"
    "RETURN a.name AS attacker, r.date AS first_reported, r.count AS documents, r.sentence AS sentence\n"
    "ORDER BY first_reported, attacker";

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: embed DB [TARGET]\n");
        return 2;
    }
    const char *target = argc == 3 ? argv[2] : "Camp Taji";
    kg_db *db = NULL;
    kg_stmt *st = NULL;
    int rc = kg_open(argv[1], KG_OPEN_READONLY, NULL, &db);
    if (rc != KG_OK) {
        fprintf(stderr, "embed: %s: %s\n", argv[1], db ? kg_errmsg(db) : kg_errstr(rc));
        kg_close(db);
        return 1;
    }
    rc = kg_prepare(db, QUERY, -1, &st, NULL);
    if (rc == KG_OK) rc = kg_bind_text(st, "target", target, -1);
    if (rc != KG_OK) {
        fprintf(stderr, "embed: %s (at byte %ld)\n", kg_errmsg(db), kg_erroffset(db));
        kg_finalize(st);
        kg_close(db);
        return 1;
    }
    printf("who attacked %s?\n", target);
    int rows = 0;
    while ((rc = kg_step(st)) == KG_ROW) {
        rows++;
        /* Borrowed text: used at once, before the next column call. */
        printf("- %s", kg_column_text(st, 0, NULL));
        printf(" (first reported %s", kg_column_text(st, 1, NULL));
        long long docs = (long long)kg_column_int(st, 2);
        printf(", %lld document%s)\n", docs, docs == 1 ? "" : "s");
        printf("  \"%s\"\n", kg_column_text(st, 3, NULL));
    }
    if (rc != KG_DONE) fprintf(stderr, "embed: %s\n", kg_errmsg(db));
    else if (!rows) printf("(nobody, or no such name)\n");
    kg_finalize(st);
    kg_close(db);
    return rc == KG_DONE ? 0 : 1;
}
