/*
** fuzz_facts.c -- fuzz target (4): curated fact files. The input is checked
** as kg load checks it, parsed as TSV and as JSON Lines (kgl_facts_parse,
** then kgl_write), and loaded through the bulk path kg load uses
** (kgl_facts_load), each into a fresh scratch database that must then pass
** kg_check. Loading twice under one key exercises KG_DOC_SAME.
*/
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "fuzz_db.h"
#include "kgl.h"

static kg_db *fresh_db(void)
{
    char path[300], cmd[400];
    snprintf(path, sizeof path, "%s/facts", kg_fuzz_dir());
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd)) abort();
    kg_db *db;
    if (kg_open(path, KG_OPEN_CREATE | KG_OPEN_NOSYNC, NULL, &db)) {
        fprintf(stderr, "fuzz_facts: %s\n", db ? kg_errmsg(db) : "cannot open");
        abort();
    }
    return db;
}

static void report(const char *msg, void *ctx)
{
    fprintf(stderr, "fuzz_facts: kg_check: %s\n", msg);
}

static void check(kg_db *db, const char *what)
{
    uint64_t problems = 0;
    if (kg_check(db, report, NULL, &problems) != KG_OK || problems) {
        fprintf(stderr, "fuzz_facts: kg_check: %llu problem(s) after %s\n",
                (unsigned long long)problems, what);
        abort();
    }
}

int kg_fuzz_facts(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    char why[256], err[512];
    if (kgl_check_text(raw, size, why, sizeof why)) return 0;
    kg_db *db = NULL;
    for (int jsonl = 0; jsonl < 2; jsonl++) {
        kgl_result *r = NULL;
        if (kgl_facts_parse(raw, size, jsonl, &r, err, sizeof err)) {
            if (r) abort(); /* contract: no result on error */
            continue;
        }
        if (!r) abort();
        kgl_buf out = {0};
        kgl_result_tsv(r, "fuzz.tsv", &out);
        kgl_buf_free(&out);
        int status = 0;
        kgl_counts n = {0};
        if (!db) db = fresh_db();
        kgl_write(db, jsonl ? "fuzz.jsonl" : "fuzz.tsv", r, &status, &n, err, sizeof err);
        kgl_result_free(r);
        check(db, "kgl_write");
        for (int again = 0, rc = KG_OK; again < 2 && rc == KG_OK; again++) {
            status = 0;
            rc = kgl_facts_load(db, jsonl ? "bulk.jsonl" : "bulk.tsv", raw, size, jsonl, &status,
                                &n, err, sizeof err);
            if (again && rc == KG_OK && status != KG_DOC_SAME) {
                fprintf(stderr, "fuzz_facts: second bulk load of the same file was not SAME\n");
                abort();
            }
        }
        check(db, "kgl_facts_load");
    }
    kg_close(db);
    return 0;
}

KG_FUZZ_MAIN(kg_fuzz_facts)
