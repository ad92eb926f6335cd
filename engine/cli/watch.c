/*
** watch.c -- `kg loads DB` and `kg watch DB QUERYFILE [--once] [--reset]
** [--interval S]` (kg program, cli layer).
**
** kg loads lists the load generations (kg_load_begin): number, time (UTC),
** the documents each last (re)read, and its note (the paths loaded).
**
** kg watch runs the saved questions of QUERYFILE (statements ending in ';',
** as in the shell) and prints, per question, only the rows it has not printed
** before for that question (the database remembers them: kg_watch_mark), as
** tab-separated lines under a "-- " line naming the question and a header.
** Then it waits for the next load generation (checking every --interval
** seconds, default 2) and runs them again; --once stops after the first run
** (for a script after kg load). --reset forgets what was printed first.
** A question is known by its text: editing it makes a new question.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "kg.h"
#include "kgl.h"

static void fmt_time(int64_t t, char buf[24])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(buf, 24, "%Y-%m-%d %H:%M:%S", &tm)) snprintf(buf, 24, "?");
}

int kg_cli_loads(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: kg loads DB\n");
        return 2;
    }
    kg_db *db;
    kg_txn *t = NULL;
    if (kg_open(argv[1], KG_OPEN_READONLY, NULL, &db) || kg_begin(db, KG_TXN_READ, &t)) {
        fprintf(stderr, "kg: loads: %s\n", kg_errmsg(db));
        kg_close(db);
        return 1;
    }
    kg_load l;
    uint32_t last = kg_load_get(t, 0, &l) == KG_OK ? l.id : 0;
    /* documents per generation: the load that last read each */
    uint64_t *docs = calloc(last + 1, sizeof *docs);
    kg_iter *it = NULL;
    kg_id id, e;
    if (docs && kg_nodes(t, "document", &it) == KG_OK)
        while (kg_iter_next(it, &id, &e) == KG_ROW) {
            kg_value v;
            if (kg_node_get_prop(t, id, "load", &v) == KG_OK && v.type == KG_INT && v.i >= 0 &&
                (uint64_t)v.i <= last)
                docs[v.i]++;
        }
    kg_iter_close(it);
    printf("load\ttime\tdocuments\tnote\n");
    int rc = 0;
    for (uint32_t g = 1; g <= last; g++) {
        if (kg_load_get(t, g, &l)) {
            fprintf(stderr, "kg: loads: %s\n", kg_errmsg(db));
            rc = 1;
            break;
        }
        char when[24];
        fmt_time(l.time, when);
        char *note = kg_cli_visible(l.note, strlen(l.note), NULL);
        printf("%u\t%s\t%llu\t%s\n", g, when, (unsigned long long)(docs ? docs[g] : 0),
               note ? note : "");
        free(note);
    }
    free(docs);
    kg_abort(t);
    kg_close(db);
    return rc;
}

/* One question: run it, keep its rows' text, then mark them and print the new
** ones. 0 ok, 1 failed (the message printed). */
static int watch_one(kg_db *db, const char *q, size_t qlen, int *printed)
{
    char *question = kgl_strndup(q, qlen);
    kg_stmt *st = NULL;
    int rc = kg_prepare(db, question, -1, &st, NULL);
    if (rc || !st) {
        if (rc) fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
        free(question);
        return rc ? 1 : 0;
    }
    kgl_buf header = {0};
    int nc = kg_column_count(st);
    for (int i = 0; i < nc; i++)
        kgl_buf_printf(&header, "%s%s", i ? "\t" : "", kg_column_name(st, i));
    char **rows = NULL;
    size_t nrows = 0;
    while ((rc = kg_step(st)) == KG_ROW) {
        kgl_buf b = {0};
        for (int i = 0; i < nc; i++) {
            size_t n;
            const char *s = kg_column_text(st, i, &n);
            char *v = kg_cli_visible(s ? s : "", s ? n : 0, NULL);
            kgl_buf_printf(&b, "%s%s", i ? "\t" : "", v ? v : "");
            free(v);
        }
        if (!b.p) kgl_buf_puts(&b, "");
        rows = kgl_xrealloc(rows, (nrows + 1) * sizeof *rows);
        rows[nrows++] = b.p;
    }
    int bad = rc != KG_DONE;
    if (bad) fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
    kg_finalize(st);
    kg_txn *t = NULL;
    if (!bad && kg_begin(db, KG_TXN_WRITE, &t)) {
        fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
        bad = 1;
    }
    char *fresh = calloc(nrows ? nrows : 1, 1);
    for (size_t i = 0; !bad && i < nrows; i++) {
        int seen = 0;
        if (kg_watch_mark(t, question, rows[i], strlen(rows[i]), &seen)) {
            fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
            bad = 1;
        }
        fresh[i] = !seen;
    }
    if (t && (bad ? (kg_abort(t), 0) : kg_commit(t))) {
        fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
        bad = 1;
    }
    int shown = 0;
    for (size_t i = 0; !bad && i < nrows; i++) {
        if (!fresh[i]) continue;
        if (!shown++) {
            char *first = question;
            while (*first == ' ' || *first == '\n' || *first == '\t')
                first++;
            size_t fl = strcspn(first, "\n");
            printf("-- %.*s%s\n%s\n", (int)(fl > 200 ? 200 : fl), first, fl > 200 ? "..." : "",
                   header.p ? header.p : "");
        }
        printf("%s\n", rows[i]);
    }
    *printed += shown;
    for (size_t i = 0; i < nrows; i++)
        free(rows[i]);
    free(rows);
    free(fresh);
    kgl_buf_free(&header);
    free(question);
    fflush(stdout);
    return bad;
}

/* Every question of the file; 0 ok, 1 one failed. */
static int watch_all(kg_db *db, const char *text, int reset)
{
    int bad = 0, printed = 0;
    const char *p = text;
    while (*p) {
        kg_stmt *st = NULL;
        const char *tail = NULL;
        int rc = kg_prepare(db, p, -1, &st, &tail);
        if (rc) {
            fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
            return 1;
        }
        int empty = !st; /* only blanks and comments */
        kg_finalize(st);
        if (!tail || tail == p) tail = p + strlen(p);
        size_t n = (size_t)(tail - p);
        while (n && (p[n - 1] == ';' || p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\t'))
            n--;
        const char *s = p;
        while (n && (*s == ' ' || *s == '\n' || *s == '\t'))
            s++, n--;
        if (n && reset) {
            char *q = kgl_strndup(s, n);
            kg_txn *t;
            if (kg_begin(db, KG_TXN_WRITE, &t) || kg_watch_forget(t, q) || kg_commit(t)) {
                fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
                bad = 1;
            }
            free(q);
        }
        if (n && !empty) bad |= watch_one(db, s, n, &printed);
        p = tail;
    }
    return bad;
}

int kg_cli_watch(int argc, char **argv)
{
    const char *dbpath = NULL, *file = NULL;
    int once = 0, reset = 0;
    double interval = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--once"))
            once = 1;
        else if (!strcmp(argv[i], "--reset"))
            reset = 1;
        else if (!strcmp(argv[i], "--interval") && i + 1 < argc)
            interval = atof(argv[++i]);
        else if (argv[i][0] == '-' && argv[i][1])
            dbpath = NULL, file = NULL, i = argc;
        else if (!dbpath)
            dbpath = argv[i];
        else if (!file)
            file = argv[i];
        else
            dbpath = NULL, i = argc;
    }
    if (!dbpath || !file || !(interval > 0)) {
        fprintf(stderr, "usage: kg watch DB QUERYFILE [--once] [--reset] [--interval SECONDS]\n");
        return 2;
    }
    FILE *f = fopen(file, "rb");
    if (!f) {
        perror(file);
        return 1;
    }
    kgl_buf text = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        kgl_buf_put(&text, buf, n);
    fclose(f);
    if (!text.p) kgl_buf_puts(&text, "");
    kg_db *db;
    if (kg_open(dbpath, 0, NULL, &db)) {
        fprintf(stderr, "kg: watch: %s\n", kg_errmsg(db));
        kg_close(db);
        kgl_buf_free(&text);
        return 1;
    }
    int rc = 0;
    uint32_t seen = 0;
    for (int first = 1;; first = 0) {
        kg_txn *t;
        kg_load l;
        uint32_t last = 0;
        if (kg_begin(db, KG_TXN_READ, &t) == KG_OK) {
            if (kg_load_get(t, 0, &l) == KG_OK) last = l.id;
            kg_abort(t);
        }
        if (first || last != seen) {
            seen = last;
            rc = watch_all(db, text.p, first && reset);
            if (once) break;
        }
        struct timespec ts = {(time_t)interval, (long)((interval - (time_t)interval) * 1e9)};
        nanosleep(&ts, NULL);
    }
    kg_close(db);
    kgl_buf_free(&text);
    return rc;
}
