/*
** load.c -- `kg load DB PATH... [--source NAME] [--dict F] [--rules F] [--quiet]`
** (kg program): reads files, directories (recursively, in name order) and
** `-` (stdin), extracts facts with the loader (loader/kgl.h) and writes each
** document in one write transaction. Unreadable files are reported with their
** name and reason; the others still load and the exit status is 1.
**
** Document identity: a document's key is its path relative to the argument
** it was found under (`kg load DB corpus/` reads corpus/2020/01/a.md as
** `2020/01/a.md`); a file argument is keyed by its name, stdin by `stdin`;
** `--source NAME` puts `NAME/` before every key. All inputs are listed
** before the database is opened: two different files with one key are
** refused with both paths named and nothing is stored (the second would
** replace the first). A directory walk takes document files only (text,
** markdown, HTML and fact files, by extension; not a collection's README,
** SOURCES, LICENSE...) and lists the others as skipped, not as errors.
**
** Every run is a numbered load generation (kg_load_begin: its time, from
** SOURCE_DATE_EPOCH when set, and the paths as its note); each document
** records the fingerprint of what extracted it (kgl_fingerprint: the loader's
** version, sources and data, and the --dict/--rules files), and one whose
** fingerprint changed is extracted again though its text did not (counted as
** "read again"); --reextract forces that for every document. At the end the
** curation steps (kg curate) are re-applied, so corrections survive reloads.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
    struct stat *dirs;  /* directories already read: each is read once (symbolic link loops) */
    size_t ndirs;       /* entries in dirs */
    const char *source; /* --source NAME: prefix of every key, or NULL */
    char *fingerprint;  /* what extracts the documents (kgl_fingerprint) */
    int force;          /* --reextract */
    struct input *in;   /* the documents to load, in the order found */
    size_t nin;         /* entries in in */
    uint64_t nskipped;  /* files of directories that are not documents */
} loadctx;

/* One document to load: where it is read from and its key. */
typedef struct input {
    char *path; /* as given or found ("-" for stdin) */
    char *key;  /* document key */
} input;

static char *slurp_fp(FILE *f, size_t *len)
{
    kgl_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        kgl_buf_put(&b, tmp, n);
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

/* A path (or a reason) as printed: its control characters as escapes (a file name with a
** newline cannot forge a line of kg's, nor send terminal sequences). */
static void put_path(const char *path)
{
    char *v = kg_cli_visible(path, strlen(path), NULL);
    fputs(v ? v : "?", stderr);
    free(v);
}

static void report(loadctx *c, const char *path, const char *why)
{
    if (c->tty && !c->quiet) fputc('\n', stderr);
    fputs("kg: load: ", stderr);
    put_path(path);
    fputs(": ", stderr);
    put_path(why); /* a reason may quote the file's text */
    fputc('\n', stderr);
    c->n.errors++;
}

static void load_one(loadctx *c, const char *path, const char *key)
{
    kg_cli_point("doc");
    size_t len = 0;
    char *raw;
    if (!strcmp(path, "-"))
        raw = slurp_fp(stdin, &len);
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
        if (status == KG_DOC_SAME)
            c->n.skipped++;
        else
            c->n.docs++;
        c->seen++;
        return;
    } else
        r = kgl_extract(c->lx, raw, len);
    free(raw);
    if (!r) {
        report(c, path, "out of memory");
        return;
    }
    int rc = kgl_write_doc(c->db, key, c->fingerprint, c->force ? KG_DOC_FORCE : 0, r, &status,
                           &c->n, err, sizeof err);
    kgl_result_free(r);
    if (rc) {
        report(c, path, err);
        return;
    }
    if (status == KG_DOC_SAME)
        c->n.skipped++;
    else
        c->n.docs++;
    c->seen++;
    if (c->tty && !c->quiet) {
        fprintf(stderr, "\rkg: load: %llu documents  ", (unsigned long long)c->seen);
        put_path(key);
        fputs("\033[K", stderr);
    }
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is a file found in a directory a document? By extension: text, markdown,
** HTML, fact files. A collection's own files (README, SOURCES, LICENSE...)
** are not, whatever their extension. NULL when it is one, else the reason. */
static const char *not_document(const char *name)
{
    static const char *const exts[] = {".txt", ".text",  ".md",  ".markdown", ".html",
                                       ".htm", ".xhtml", ".tsv", ".jsonl",    NULL};
    static const char *const own[] = {"readme",  "sources",   "license", "licence",
                                      "copying", "changelog", "changes", "contributing",
                                      "notice",  "authors",   "install", NULL};
    const char *dot = strrchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : strlen(name);
    for (int i = 0; own[i]; i++)
        if (stem == strlen(own[i]) && !strncasecmp(name, own[i], stem))
            return "a collection's own file, not a document";
    if (!dot || dot == name)
        return "not a document (no extension of text, markdown, HTML or facts)";
    for (int i = 0; exts[i]; i++)
        if (!strcasecmp(dot, exts[i])) return NULL;
    return "not a document (no extension of text, markdown, HTML or facts)";
}

static void add_input(loadctx *c, const char *path, const char *rel)
{
    kgl_buf k = {0};
    if (c->source) kgl_buf_printf(&k, "%s/", c->source);
    kgl_buf_puts(&k, rel);
    c->in = kgl_xrealloc(c->in, (c->nin + 1) * sizeof *c->in);
    c->in[c->nin].path = kgl_strndup(path, strlen(path));
    c->in[c->nin].key = k.p;
    c->nin++;
}

static void skipped(loadctx *c, const char *path, const char *why)
{
    if (!c->quiet) {
        fputs("kg: load: ", stderr);
        put_path(path);
        fprintf(stderr, ": skipped (%s)\n", why);
    }
    c->nskipped++;
}

/* List the documents under `path`; `rel` is its path relative to the
** argument it was found under ("" for the argument itself). */
static void collect(loadctx *c, const char *path, const char *rel, int depth)
{
    struct stat st;
    if (depth == 0 && !strcmp(path, "-")) {
        add_input(c, path, "stdin");
        return;
    }
    if (stat(path, &st) != 0) {
        report(c, path, strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (depth == 0) { /* named on the command line: read whatever it is, keyed by its name */
            const char *base = strrchr(path, '/');
            add_input(c, path, base && base[1] ? base + 1 : path);
        } else if (!S_ISREG(st.st_mode))
            skipped(c, path, "not a regular file");
        else {
            const char *why = not_document(strrchr(path, '/') + 1);
            if (why)
                skipped(c, path, why);
            else
                add_input(c, path, rel);
        }
        return;
    }
    if (depth > 64) {
        report(c, path, "directories nested too deep");
        return;
    }
    for (size_t i = 0; i < c->ndirs; i++)
        if (c->dirs[i].st_dev == st.st_dev && c->dirs[i].st_ino == st.st_ino) {
            if (!c->quiet) {
                fputs("kg: load: ", stderr);
                put_path(path);
                fputs(": directory already read (symbolic link loop), skipped\n", stderr);
            }
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
    size_t pl = strlen(path);
    while (pl > 1 && path[pl - 1] == '/')
        pl--; /* "coll/" reads as "coll" */
    for (size_t i = 0; i < n; i++) {
        kgl_buf p = {0}, r = {0};
        kgl_buf_printf(&p, "%.*s/%s", (int)pl, path, names[i]);
        kgl_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        collect(c, p.p, r.p, depth + 1);
        kgl_buf_free(&p);
        kgl_buf_free(&r);
        free(names[i]);
    }
    free(names);
}

static int input_cmp(const void *a, const void *b)
{
    const input *x = a, *y = b;
    int k = strcmp(x->key, y->key);
    return k ? k : x < y ? -1 : x > y;
}

/* Two inputs with one key: the same file found twice is read once; two
** different files are refused, both named. Returns the number refused. */
static size_t check_keys(loadctx *c)
{
    input *s = kgl_xrealloc(NULL, (c->nin ? c->nin : 1) * sizeof *s);
    memcpy(s, c->in, c->nin * sizeof *s);
    qsort(s, c->nin, sizeof *s, input_cmp);
    size_t bad = 0;
    for (size_t i = 1; i < c->nin; i++) {
        if (strcmp(s[i - 1].key, s[i].key)) continue;
        struct stat a, b;
        if (strcmp(s[i].path, "-") && strcmp(s[i - 1].path, "-") && !stat(s[i - 1].path, &a) &&
            !stat(s[i].path, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
            s[i].path[0] = 0; /* the same file found twice: c->in shares the string, read once */
            s[i].path = s[i - 1].path;
            continue;
        }
        fputs("kg: load: ", stderr);
        put_path(s[i - 1].path);
        fputs(" and ", stderr);
        put_path(s[i].path);
        fputs(": same document key '", stderr);
        put_path(s[i].key);
        fputs("' (one would replace the other): load their common directory, or each collection "
              "with its own --source NAME\n",
              stderr);
        bad++;
    }
    free(s);
    return bad;
}

/* Add a --dict or --rules file to the lexicon and to the hash `files` of the
** fingerprint. */
static int add_file(kgl_lex *lx, const char *path, int dict, uint64_t *files)
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
    int rc = dict ? kgl_lex_add_dict(lx, path, t, len, err, sizeof err)
                  : kgl_lex_add_rules(lx, path, t, len, err, sizeof err);
    *files = kgl_hash(t, len, kgl_hash(dict ? "dict" : "rules", dict ? 4 : 5, *files + 1));
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
    uint64_t files = 0; /* hash of the --dict and --rules files, for the fingerprint */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
            c.quiet = 1;
        else if (!strcmp(argv[i], "--reextract"))
            c.force = 1;
        else if (!strcmp(argv[i], "--source")) {
            size_t sl = i + 1 < argc ? strlen(argv[i + 1]) : 0;
            while (sl && argv[i + 1][sl - 1] == '/')
                sl--;
            if (!sl) {
                fprintf(stderr, "kg: load: --source needs a name\n");
                rc = 2;
                goto out;
            }
            argv[i + 1][sl] = 0;
            c.source = argv[++i];
        } else if (!strcmp(argv[i], "--dict") || !strcmp(argv[i], "--rules")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "kg: load: %s needs a file\n", argv[i]);
                rc = 2;
                goto out;
            }
            if (add_file(c.lx, argv[i + 1], argv[i][2] == 'd', &files)) {
                rc = 1;
                goto out;
            }
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr,
                    "kg: load: unknown option '%s'\nusage: kg load DB PATH... [--source NAME] "
                    "[--dict FILE] [--rules FILE] [--reextract] [--quiet]\n",
                    argv[i]);
            rc = 2;
            goto out;
        } else if (!dbpath)
            dbpath = argv[i];
        else
            paths[np++] = argv[i];
    }
    if (!dbpath || !np) {
        fprintf(stderr, "usage: kg load DB PATH... [--source NAME] [--dict FILE] [--rules FILE] "
                        "[--reextract] [--quiet]\n");
        rc = 2;
        goto out;
    }
    if (kgl_lex_finish(c.lx, err, sizeof err)) {
        fprintf(stderr, "kg: load: %s\n", err);
        rc = 1;
        goto out;
    }
    /* every input and its key first: a clash of keys stores nothing */
    for (int i = 0; i < np; i++)
        collect(&c, paths[i], "", 0);
    if (check_keys(&c)) {
        rc = 1;
        goto out;
    }
    if (kg_open(dbpath, KG_OPEN_CREATE, NULL, &c.db) != KG_OK) {
        const char *msg = c.db ? kg_errmsg(c.db) : "cannot open";
        if (strstr(msg, dbpath))
            fprintf(stderr, "kg: load: %s\n", msg); /* it names the path */
        else
            fprintf(stderr, "kg: load: %s: %s\n", dbpath, msg);
        rc = 1;
        goto out;
    }
    kg_cli_test_hook(c.db);
    c.fingerprint = kgl_fingerprint(files);
    /* the load generation: its time (SOURCE_DATE_EPOCH for reproducible runs) and its paths */
    kgl_buf note = {0};
    kgl_buf_puts(&note, "kg load");
    for (int i = 0; i < np; i++)
        kgl_buf_printf(&note, " %s", paths[i]);
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    uint32_t gen = 0;
    int lrc = kg_load_begin(c.db, epoch && *epoch ? strtoll(epoch, NULL, 10) : 0, note.p, &gen);
    kgl_buf_free(&note);
    if (lrc) {
        fprintf(stderr, "kg: load: %s: %s\n", dbpath, kg_errmsg(c.db));
        rc = 1;
        goto out;
    }
    c.tty = isatty(2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t i = 0; i < c.nin; i++)
        if (c.in[i].path[0]) load_one(&c, c.in[i].path, c.in[i].key);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (c.tty && !c.quiet && c.seen) fputc('\n', stderr);
    /* the analyst's corrections (kg curate, a query's ALIAS and DELETE) hold again */
    uint64_t steps = 0, changed = 0;
    kg_txn *ct = NULL;
    int crc = kg_begin(c.db, KG_TXN_WRITE, &ct);
    if (!crc) crc = kg_curate_apply(ct, &steps, &changed);
    if (!crc) crc = kg_commit(ct), ct = NULL;
    if (crc) {
        fprintf(stderr, "kg: load: re-applying the curation steps: %s\n", kg_errmsg(c.db));
        kg_abort(ct);
        c.n.errors++;
    } else if (steps && !c.quiet) {
        fprintf(stderr, "kg: load: %llu curation step%s re-applied, %llu changed the graph\n",
                (unsigned long long)steps, steps == 1 ? "" : "s", (unsigned long long)changed);
    }
    kg_load_end(c.db);
    char skips[48] = "", reread[48] = "";
    if (c.nskipped) snprintf(skips, sizeof skips, "%llu skipped, ", (unsigned long long)c.nskipped);
    if (c.n.reread)
        snprintf(reread, sizeof reread, " (%llu read again)", (unsigned long long)c.n.reread);
    if (!c.quiet)
        fprintf(stderr,
                "kg: load: %llu documents loaded%s, %llu unchanged, %llu entities, %llu relations, "
                "%llu statements, %llu errors, %s%.2f s (load %u)\n",
                (unsigned long long)c.n.docs, reread, (unsigned long long)c.n.skipped,
                (unsigned long long)c.n.entities, (unsigned long long)c.n.relations,
                (unsigned long long)c.n.statements, (unsigned long long)c.n.errors, skips, secs,
                gen);
    rc = c.n.errors ? 1 : 0;
out:
    free(c.fingerprint);
    for (size_t i = 0; i < c.nin; i++)
        free(c.in[i].path), free(c.in[i].key);
    free(c.in);
    free(c.dirs);
    kg_close(c.db);
    kgl_lex_free(c.lx);
    free(paths);
    return rc;
}
