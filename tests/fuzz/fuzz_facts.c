/*
** fuzz_facts.c -- fuzz target (4): curated fact files. The input is checked
** as kg load checks it, parsed as TSV and as JSON Lines, and each result
** that parses is written (kgl_write) into a scratch database under one key,
** so that replacement of a changed document is exercised too.
*/
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "fuzz_db.h"
#include "kgl.h"

static kg_db *scratch(void)
{
    static kg_db *db;
    if (!db) {
        char path[300];
        snprintf(path, sizeof path, "%s/facts", kg_fuzz_dir());
        if (kg_open(path, KG_OPEN_CREATE | KG_OPEN_NOSYNC, NULL, &db)) {
            fprintf(stderr, "fuzz_facts: %s\n", db ? kg_errmsg(db) : "cannot open");
            abort();
        }
    }
    return db;
}

int kg_fuzz_facts(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    char why[256];
    if (kgl_check_text(raw, size, why, sizeof why)) return 0;
    for (int jsonl = 0; jsonl < 2; jsonl++) {
        kgl_result *r = NULL;
        char err[512];
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
        kgl_write(scratch(), jsonl ? "fuzz.jsonl" : "fuzz.tsv", r, &status, &n, err, sizeof err);
        kgl_result_free(r);
    }
    return 0;
}

KG_FUZZ_MAIN(kg_fuzz_facts)
