/*
** load.c -- `kg load DB PATH... [--dict F] [--rules F] [--quiet]` (kg program):
** reads files, directories (recursively, in name order) and `-` (stdin),
** extracts facts with the loader (loader/kgl.h) and writes each document in
** one write transaction. Unreadable files are reported with their name and
** reason; the others still load and the exit status is 1.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "kg.h"
#include "kgl.h"

typedef struct loadctx {
    kg_db *db;
    kgl_lex *lx;
    kgl_counts n;
    int quiet, tty;
    uint64_t seen;
    struct stat *dirs; /* directories already read: each is read once (symbolic link loops) */
    size_t ndirs;      /* entries in dirs */
} loadctx;

static char *slurp_fp(FILE *f, size_t *len)
{
    kgl_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) kgl_buf_put(&b, tmp, n);
    if (ferror(f)) {
        kgl_buf_free(&b);
        return NULL;
    }
    if (!b.p) kgl_buf_put(&b, "", 0);
    *len = b.len;
    return b.p;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcasecmp(s + a - b, suf);
}

static void report(loadctx *c, const char *path, const char *why)
{
    if (c->tty && !c->quiet) fputc('\n', stderr);
    fprintf(stderr, "kg: load: %s: %s\n", path, why);
    c->n.errors++;
}

static void load_one(loadctx *c, const char *path)
{
    kg_cli_point("doc");
    size_t len = 0;
    char *raw;
    if (!strcmp(path, "-")) raw = slurp_fp(stdin, &len);
    else {
        FILE *f = fopen(path, "rb");
        if (!f) {
            report(c, path, strerror(errno));
            return;
        }
        raw = slurp_fp(f, &len);
        fclose(f);
    }
    if (!raw) {
        report(c, path, "read error");
        return;
    }
    char why[512];
    if (kgl_check_text(raw, len, why, sizeof why)) {
        report(c, path, why);
        free(raw);
        return;
    }
    const char *key = strcmp(path, "-") ? strrchr(path, '/') : NULL;
    key = !strcmp(path, "-") ? "stdin" : key ? key + 1 : path;
    kgl_result *r = NULL;
    int status = 0;
    char err[512];
    if (ends_with(path, ".tsv") || ends_with(path, ".jsonl")) {
        /* fact files go straight in through the bulk path (kg_bulk_*) */
        int rc = kgl_facts_load(c->db, key, raw, len, ends_with(path, ".jsonl"), &status, &c->n,
                                err, sizeof err);
        free(raw);
        if (rc) {
            /* "line N: reason" -> "path:N: reason", as compilers print it */
            int line = 0, off = 0;
            if (sscanf(err, "line %d: %n", &line, &off) == 1 && off > 0) {
                char where[4096];
                snprintf(where, sizeof where, "%s:%d", path, line);
                report(c, where, err + off);
            } else
                report(c, path, err);
            return;
        }
        if (status == KG_DOC_SAME) c->n.skipped++;
        else c->n.docs++;
        c->seen++;
        return;
    } else
        r = kgl_extract(c->lx, raw, len);
    free(raw);
    if (!r) {
        report(c, path, "out of memory");
        return;
    }
    int rc = kgl_write(c->db, key, r, &status, &c->n, err, sizeof err);
    kgl_result_free(r);
    if (rc) {
        report(c, path, err);
        return;
    }
    if (status == KG_DOC_SAME) c->n.skipped++;
    else c->n.docs++;
    c->seen++;
    if (c->tty && !c->quiet) fprintf(stderr, "\rkg: load: %llu documents  %s\033[K", (unsigned long long)c->seen, key);
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void load_path(loadctx *c, const char *path, int depth)
{
    struct stat st;
    if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (depth > 64) {
            report(c, path, "directories nested too deep");
            return;
        }
        for (size_t i = 0; i < c->ndirs; i++)
            if (c->dirs[i].st_dev == st.st_dev && c->dirs[i].st_ino == st.st_ino) {
                if (!c->quiet)
                    fprintf(stderr, "%skg: load: %s: directory already read (symbolic link loop), skipped\n",
                            c->tty ? "\n" : "", path);
                return;
            }
        c->dirs = kgl_xrealloc(c->dirs, (c->ndirs + 1) * sizeof *c->dirs);
        c->dirs[c->ndirs++] = st;
        DIR *d = opendir(path);
        if (!d) {
            report(c, path, strerror(errno));
            return;
        }
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            names = kgl_xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = kgl_strndup(e->d_name, strlen(e->d_name));
        }
        closedir(d);
        qsort(names, n, sizeof *names, name_cmp);
        for (size_t i = 0; i < n; i++) {
            kgl_buf p = {0};
            kgl_buf_printf(&p, "%s/%s", path, names[i]);
            load_path(c, p.p, depth + 1);
            kgl_buf_free(&p);
            free(names[i]);
        }
        free(names);
        return;
    }
    load_one(c, path);
}

static int add_file(kgl_lex *lx, const char *path, int dict)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "kg: load: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t len;
    char *t = slurp_fp(f, &len);
    fclose(f);
    char err[1024], why[256];
    if (!t || kgl_check_text(t, len, why, sizeof why)) {
        fprintf(stderr, "kg: load: %s: %s\n", path, t ? why : "read error");
        free(t);
        return -1;
    }
    int rc = dict ? kgl_lex_add_dict(lx, path, t, len, err, sizeof err) : kgl_lex_add_rules(lx, path, t, len, err, sizeof err);
    free(t);
    if (rc) fprintf(stderr, "kg: load: %s\n", err);
    return rc;
}

int kg_cli_load(int argc, char **argv)
{
    loadctx c = {0};
    const char *dbpath = NULL;
    char **paths = kgl_xrealloc(NULL, (argc + 1) * sizeof *paths);
    int np = 0;
    char err[1024];
    c.lx = kgl_lex_default(err, sizeof err);
    if (!c.lx) {
        fprintf(stderr, "kg: load: built-in lexicon: %s\n", err);
        free(paths);
        return 1;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) c.quiet = 1;
        else if (!strcmp(argv[i], "--dict") || !strcmp(argv[i], "--rules")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "kg: load: %s needs a file\n", argv[i]);
                rc = 2;
                goto out;
            }
            if (add_file(c.lx, argv[i + 1], argv[i][2] == 'd')) {
                rc = 1;
                goto out;
            }
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "kg: load: unknown option '%s'\nusage: kg load DB PATH... [--dict FILE] [--rules FILE] [--quiet]\n", argv[i]);
            rc = 2;
            goto out;
        } else if (!dbpath)
            dbpath = argv[i];
        else
            paths[np++] = argv[i];
    }
    if (!dbpath || !np) {
        fprintf(stderr, "usage: kg load DB PATH... [--dict FILE] [--rules FILE] [--quiet]\n");
        rc = 2;
        goto out;
    }
    if (kgl_lex_finish(c.lx, err, sizeof err)) {
        fprintf(stderr, "kg: load: %s\n", err);
        rc = 1;
        goto out;
    }
    if (kg_open(dbpath, KG_OPEN_CREATE, NULL, &c.db) != KG_OK) {
        const char *msg = c.db ? kg_errmsg(c.db) : "cannot open";
        if (strstr(msg, dbpath)) fprintf(stderr, "kg: load: %s\n", msg); /* it names the path */
        else fprintf(stderr, "kg: load: %s: %s\n", dbpath, msg);
        rc = 1;
        goto out;
    }
    kg_cli_test_hook(c.db);
    c.tty = isatty(2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < np; i++) load_path(&c, paths[i], 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (c.tty && !c.quiet && c.seen) fputc('\n', stderr);
    if (!c.quiet)
        fprintf(stderr,
                "kg: load: %llu documents loaded, %llu unchanged, %llu entities, %llu relations, %llu statements, %llu errors, %.2f s\n",
                (unsigned long long)c.n.docs, (unsigned long long)c.n.skipped, (unsigned long long)c.n.entities,
                (unsigned long long)c.n.relations, (unsigned long long)c.n.statements,
                (unsigned long long)c.n.errors, secs);
    rc = c.n.errors ? 1 : 0;
out:
    free(c.dirs);
    kg_close(c.db);
    kgl_lex_free(c.lx);
    free(paths);
    return rc;
}
