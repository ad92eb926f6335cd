/*
** fuzz_query.c -- fuzz target (2): prepare and execute arbitrary query text
** against the small news fixture (tests/query/news.kg), under limits
** (max_seconds, max_rows, max_memory, path length). Text that may write
** runs on a fresh copy of the fixture so that every input sees the same
** graph; the rest runs on a shared read-only handle. Parameters the
** statement names are bound to a value chosen from the input's length.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "fuzz_db.h"
#include "kg.h"

#ifndef KG_SOURCE_DIR
#define KG_SOURCE_DIR "."
#endif

static char fixture[300];

static void limits(kg_db *db)
{
    kg_limits lim = {0};
    lim.max_path_length = 6;
    lim.max_rows = 2000;
    lim.max_seconds = 1.0;
    lim.max_memory = 32u << 20;
    lim.max_depth = 100;
    kg_set_limits(db, &lim);
}

/* Run every statement of text; returns the number of statements run. */
static int run_all(kg_db *db, const char *text, size_t len, int bindsel, int max)
{
    const char *p = text, *end = text + len;
    int n = 0;
    while (p < end && n < max) {
        kg_stmt *st = NULL;
        const char *tail = NULL;
        int rc = kg_prepare(db, p, (long)(end - p), &st, &tail);
        (void)kg_errmsg(db), (void)kg_erroffset(db);
        if (rc != KG_OK || !st) {
            if (rc && getenv("KG_FUZZ_DEBUG")) fprintf(stderr, "fuzz_query: %s\n", kg_errmsg(db));
            kg_finalize(st);
            break;
        }
        n++;
        for (int i = 0; i < kg_param_count(st); i++) {
            const char *name = kg_param_name(st, i);
            switch ((bindsel + i) % 5) {
            case 0:
                kg_bind_int(st, name, 1);
                break;
            case 1:
                kg_bind_text(st, name, "Iran", -1);
                break;
            case 2:
                kg_bind_null(st, name);
                break;
            case 3:
                kg_bind_double(st, name, -0.5);
                break;
            default:
                kg_bind_date(st, name, 18262);
                break;
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            int rows = 0;
            while ((rc = kg_step(st)) == KG_ROW && rows++ < 5000) {
                int nc = kg_column_count(st);
                for (int c = 0; c < nc; c++) {
                    size_t l;
                    (void)kg_column_name(st, c);
                    (void)kg_column_type(st, c);
                    (void)kg_column_int(st, c);
                    (void)kg_column_double(st, c);
                    (void)kg_column_text(st, c, &l);
                    (void)kg_column_json(st, c, &l);
                }
            }
            if (getenv("KG_FUZZ_DEBUG"))
                fprintf(stderr, "fuzz_query: %d rows, %s: %s\n", rows, kg_errstr(rc),
                        kg_errmsg(db));
            if (pass == 0 && kg_reset(st) != KG_OK) break;
            if (len > 64) break; /* long inputs: one pass is enough */
        }
        kg_finalize(st);
        if (!tail || tail <= p) break;
        p = tail;
    }
    return n;
}

static void build_fixture(void)
{
    snprintf(fixture, sizeof fixture, "%s/fixture", kg_fuzz_dir());
    char path[512];
    snprintf(path, sizeof path, "%s/tests/query/news.kg", KG_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz_query: cannot read %s\n", path);
        abort();
    }
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    kg_db *db;
    if (kg_open(fixture, KG_OPEN_CREATE | KG_OPEN_NOSYNC, NULL, &db)) abort();
    if (run_all(db, text, len, 0, 1000) < 30) abort(); /* the fixture must load whole */
    kg_close(db);
}

/* Does the text contain a word that can make a statement write? */
static int may_write(const char *s, size_t n)
{
    static const char *const words[] = {"create", "delete", "set", "merge", "remove", "alias"};
    for (size_t i = 0; i < n; i++)
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            size_t l = strlen(words[w]);
            if (i + l <= n && !strncasecmp(s + i, words[w], l)) return 1;
        }
    return 0;
}

int kg_fuzz_query(const uint8_t *data, size_t size)
{
    static kg_db *ro;
    static unsigned serial;
    if (!fixture[0]) build_fixture();
    const char *text = (const char *)data;
    if (may_write(text, size)) {
        char path[400];
        snprintf(path, sizeof path, "%s/w%u", kg_fuzz_dir(), serial++ % 4);
        mkdir(path, 0700);
        if (kg_fuzz_copy(fixture, path)) abort();
        kg_db *db;
        if (kg_open(path, KG_OPEN_NOSYNC, NULL, &db)) abort();
        limits(db);
        run_all(db, text, size, (int)size, 16);
        uint64_t problems = 0;
        if (kg_check(db, NULL, NULL, &problems) != KG_OK || problems) {
            fprintf(stderr, "fuzz_query: kg_check found %llu problem(s) after a write\n",
                    (unsigned long long)problems);
            abort();
        }
        kg_close(db);
        return 0;
    }
    if (!ro) {
        if (kg_open(fixture, KG_OPEN_READONLY, NULL, &ro)) abort();
        limits(ro);
    }
    run_all(ro, text, size, (int)size, 16);
    return 0;
}

KG_FUZZ_MAIN(kg_fuzz_query)
