/*
** load.c -- `kg load DB PATH... [--source NAME] [--dict F] [--rules F] [--jobs N]
** [--reextract] [--quiet]` and `kg extract PATH... [--source NAME] [--dict F]
** [--rules F] [--jobs N] [--quiet]` (kg program): read files, directories
** (recursively, in name order) and `-` (stdin), extract facts with the loader
** (loader/kgl.h); kg load writes each document in a write transaction, kg
** extract prints it as a record of the extraction stream (loader/stream.c)
** instead, without a database, and kg load reads such streams back (a .jsonl
** file or stdin whose first line is a record), so documents can be extracted
** on many machines and written by one. Unreadable files are reported with
** their name and reason; the others still load and the exit status is 1.
**
** Document identity: a document's key is its path relative to the argument
** it was found under (`kg load DB corpus/` reads corpus/2020/01/a.md as
** `2020/01/a.md`); a file argument is keyed by its name, stdin by `stdin`;
** a record of a stream by the key written in it; `--source NAME` puts `NAME/`
** before every key. All inputs are listed before the database is opened: two
** different files with one key are refused with both paths named and nothing
** is stored (the second would replace the first); a stream's document whose
** key another input of the load has is refused when it is reached. A
** directory walk takes document files only (text, markdown, HTML and fact
** files, by extension; not a collection's README, SOURCES, LICENSE...) and
** lists the others as skipped, not as errors.
**
** Every run is a numbered load generation (kg_load_begin: its time, from
** SOURCE_DATE_EPOCH when set, and the paths as its note); each document
** records the fingerprint of what extracted it (kgl_fingerprint: the loader's
** version, sources and data, and the --dict/--rules files; a record carries
** its extractor's), and one whose fingerprint changed is extracted again
** though its text did not (counted as "read again"); --reextract forces that
** for every document. At the end the curation steps (kg curate) are
** re-applied, so corrections survive reloads.
**
** --jobs N (N > 1): a reader thread lists the inputs and the lines of streams
** in order, N worker threads read and extract them (kgl_extract is
** thread-safe: the lexicon is read-only once finished) or parse the records,
** and the main thread writes (or prints) them in input order, so the graph
** and the output are those of --jobs 1. The writer puts the documents that
** are ready into one write transaction (at most BATCH_DOCS documents or
** BATCH_BYTES bytes of text) and commits before it would wait for a worker,
** so it never holds the write lock idle; each document is still whole or
** absent. --jobs 1 reads, extracts and writes one document after the other,
** one transaction each.
*/
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
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

#define MAX_JOBS 64
#define BATCH_DOCS 64           /* documents in one write transaction, at most (--jobs) */
#define BATCH_BYTES (16u << 20) /* bytes of their text, at most */

/* One unit of work, in input order: a file, or a line of a stream. */
typedef struct item {
    /* what to read */
    const char *path; /* the file, or the stream the line is from */
    const char *key;  /* the file's key; NULL for a stream's line */
    char *raw;        /* bytes read ahead (stdin's text, a stream's line), owned; NULL: read path */
    size_t len;       /* bytes in raw */
    long line;        /* the stream's line number; 0 for a file */
    /* what came of it */
    int what;       /* IT_DOC, IT_FACTS, IT_ERR */
    kgl_record rec; /* IT_DOC: key, fingerprint, r; IT_FACTS: key, raw, len, jsonl */
    char *where;    /* IT_ERR: file or file:line */
    char *why;      /* IT_ERR: the reason */
    int done;       /* processed (under the pipeline's lock) */
} item;
enum { IT_NONE, IT_DOC, IT_FACTS, IT_ERR };

typedef struct loadctx {
    kg_db *db;   /* kg load: the database; NULL for kg extract */
    kgl_lex *lx; /* the lexicon, read-only once finished (shared by the workers) */
    kgl_counts n;
    int quiet, tty;
    int extract;     /* kg extract: print records instead of writing */
    const char *cmd; /* "load" or "extract", for messages */
    uint64_t seen;
    struct stat *dirs;  /* directories already read: each is read once (symbolic link loops) */
    size_t ndirs;       /* entries in dirs */
    const char *source; /* --source NAME: prefix of every key, or NULL */
    char *fingerprint;  /* what extracts the documents (kgl_fingerprint) */
    int force;          /* --reextract */
    int jobs;           /* --jobs N */
    struct input *in;   /* the documents to load, in the order found */
    size_t nin;         /* entries in in */
    uint64_t nskipped;  /* files of directories that are not documents */
    uint64_t nfacts;    /* kg extract: facts printed */
    int outerr;         /* kg extract: writing stdout failed */
    /* keys of this load (file keys first, then the streams' documents as written) */
    kgl_hidx keyidx;
    char **keys;
    char **keyfrom; /* where each came from */
    size_t nkeys;
    /* the writer's open transaction (--jobs) and the documents in it */
    kg_txn *txn;
    struct pending *pend; /* the documents of the open transaction */
    size_t npend, cappend, pendbytes;
    /* the pipeline (--jobs N > 1) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    item *ring;     /* window of items */
    size_t wsize;   /* slots in ring */
    size_t pushed;  /* items the reader listed */
    size_t taken;   /* items a worker took */
    size_t written; /* items the writer finished (their slots are free) */
    int listed;     /* the reader is done */
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
    fprintf(stderr, "kg: %s: ", c->cmd);
    put_path(path);
    fputs(": ", stderr);
    put_path(why); /* a reason may quote the file's text */
    fputc('\n', stderr);
    c->n.errors++;
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
        fprintf(stderr, "kg: %s: ", c->cmd);
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
                fprintf(stderr, "kg: %s: ", c->cmd);
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
        fprintf(stderr, "kg: %s: ", c->cmd);
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
static int add_file(loadctx *c, const char *path, int dict, uint64_t *files)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "kg: %s: %s: %s\n", c->cmd, path, strerror(errno));
        return -1;
    }
    size_t len;
    char *t = slurp_fp(f, &len);
    fclose(f);
    char err[1024], why[256];
    if (!t || kgl_check_text(t, len, why, sizeof why)) {
        fprintf(stderr, "kg: %s: %s: %s\n", c->cmd, path, t ? why : "read error");
        free(t);
        return -1;
    }
    int rc = dict ? kgl_lex_add_dict(c->lx, path, t, len, err, sizeof err)
                  : kgl_lex_add_rules(c->lx, path, t, len, err, sizeof err);
    *files = kgl_hash(t, len, kgl_hash(dict ? "dict" : "rules", dict ? 4 : 5, *files + 1));
    free(t);
    if (rc) fprintf(stderr, "kg: %s: %s\n", c->cmd, err);
    return rc;
}

/* ---------------------------------------------------------------- items */

static void item_fail(item *it, const char *where, const char *why)
{
    it->what = IT_ERR;
    it->where = kgl_strndup(where, strlen(where));
    it->why = kgl_strndup(why, strlen(why));
}

static void item_clear(item *it)
{
    free(it->raw);
    kgl_record_free(&it->rec);
    free(it->where);
    free(it->why);
    memset(it, 0, sizeof *it);
}

/* Where an item is, for messages: the file, or file:line of a stream. Caller frees. */
static char *item_where(const item *it)
{
    kgl_buf b = {0};
    if (it->line)
        kgl_buf_printf(&b, "%s:%ld", it->path, it->line);
    else
        kgl_buf_puts(&b, it->path);
    return b.p;
}

/* A fact file's "line N: reason" as "where:N: reason" (as compilers print
** it; a fact file inside a stream's record: "where: fact file 'KEY' line N"). */
static void facts_fail(item *it, const char *err)
{
    int line = 0, off = 0;
    char *w = item_where(it);
    kgl_buf b = {0};
    if (sscanf(err, "line %d: %n", &line, &off) == 1 && off > 0) {
        if (it->line) {
            kgl_buf_printf(&b, "%s: fact file '%s' line %d", w, it->rec.key, line);
        } else
            kgl_buf_printf(&b, "%s:%d", w, line);
        item_fail(it, b.p, err + off);
    } else
        item_fail(it, w, err);
    kgl_buf_free(&b);
    free(w);
}

/* Read and extract one file, or parse one line of a stream (any thread:
** reads only the context's lexicon, fingerprint and options). */
static void process(loadctx *c, item *it)
{
    char why[512];
    if (it->line) {
        char *w = item_where(it);
        if (kgl_stream_parse(it->raw, it->len, &it->rec, why, sizeof why)) {
            item_fail(it, w, why);
            free(w);
            return;
        }
        free(w);
        free(it->raw), it->raw = NULL;
        if (c->source) { /* --source NAME: NAME/ before the record's key too */
            kgl_buf k = {0};
            kgl_buf_printf(&k, "%s/%s", c->source, it->rec.key);
            free(it->rec.key);
            it->rec.key = k.p;
        }
        it->what = it->rec.kind == KGL_REC_DOC ? IT_DOC : IT_FACTS;
    } else {
        size_t len = it->len;
        char *raw = it->raw;
        it->raw = NULL;
        if (!raw) {
            FILE *f = fopen(it->path, "rb");
            if (!f) {
                char eb[256];
                item_fail(it, it->path, strerror_r(errno, eb, sizeof eb));
                return;
            }
            raw = slurp_fp(f, &len);
            fclose(f);
            if (!raw) {
                item_fail(it, it->path, "read error");
                return;
            }
        }
        if (kgl_check_text(raw, len, why, sizeof why)) {
            item_fail(it, it->path, why);
            free(raw);
            return;
        }
        it->rec.key = kgl_strndup(it->key, strlen(it->key));
        if (ends_with(it->path, ".tsv") || ends_with(it->path, ".jsonl")) {
            /* a curated fact file: kg load puts it in through the bulk path */
            it->what = IT_FACTS;
            it->rec.kind = KGL_REC_FACTS;
            it->rec.raw = raw, it->rec.len = len;
            it->rec.jsonl = ends_with(it->path, ".jsonl");
        } else {
            kgl_result *r = kgl_extract(c->lx, raw, len);
            free(raw);
            if (!r) {
                item_fail(it, it->path, "out of memory");
                return;
            }
            it->what = IT_DOC;
            it->rec.kind = KGL_REC_DOC;
            it->rec.r = r;
            it->rec.fingerprint = kgl_strndup(c->fingerprint, strlen(c->fingerprint));
        }
    }
    if (c->extract && it->what == IT_FACTS) { /* kg extract checks what kg load would refuse */
        kgl_result *r = NULL;
        char err[512];
        if (kgl_facts_parse(it->rec.raw, it->rec.len, it->rec.jsonl, &r, err, sizeof err))
            facts_fail(it, err);
        kgl_result_free(r);
    }
}

/* ---------------------------------------------------------------- keys */

/* Claim a document key for this load: 1 when another input already has it
** (reported: the later one is refused, never silently replacing the first). */
static int key_taken(loadctx *c, const item *it, const char *key)
{
    uint64_t h = kgl_hash(key, strlen(key), 0);
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&c->keyidx, h, &pos)) >= 0;)
        if (!strcmp(c->keys[i], key)) {
            char *w = item_where(it);
            kgl_buf why = {0};
            kgl_buf_printf(&why,
                           "document key '%s' is already in this %s (%s): one would replace the "
                           "other; give each collection its own --source NAME",
                           key, c->cmd, c->keyfrom[i]);
            report(c, w, why.p);
            kgl_buf_free(&why);
            free(w);
            return 1;
        }
    c->keys = kgl_xrealloc(c->keys, (c->nkeys + 1) * sizeof *c->keys);
    c->keyfrom = kgl_xrealloc(c->keyfrom, (c->nkeys + 1) * sizeof *c->keyfrom);
    c->keys[c->nkeys] = kgl_strndup(key, strlen(key));
    c->keyfrom[c->nkeys] = item_where(it);
    kgl_hidx_put(&c->keyidx, h, (int)c->nkeys++);
    return 0;
}

/* ---------------------------------------------------------------- the writer */

static void doc_done(loadctx *c, int status, const char *key)
{
    if (status == KG_DOC_SAME)
        c->n.skipped++;
    else
        c->n.docs++;
    c->seen++;
    if (c->tty && !c->quiet) {
        fprintf(stderr, "\rkg: %s: %llu documents  ", c->cmd, (unsigned long long)c->seen);
        put_path(key);
        fputs("\033[K", stderr);
    }
}

static void add_counts(kgl_counts *to, const kgl_counts *n)
{
    to->entities += n->entities, to->statements += n->statements, to->relations += n->relations;
    to->mentions += n->mentions, to->reread += n->reread;
}

/* A document of the open batch: its record until the batch commits. */
typedef struct pending {
    kgl_record rec;
    char *where;
    int status;
    kgl_counts n;
} pending;

/* Write each document of the batch in a transaction of its own (the batch's
** transaction failed: every document that can be written still is). */
static void batch_redo(loadctx *c)
{
    pending *p = c->pend;
    for (size_t i = 0; i < c->npend; i++) {
        char err[512];
        int status = 0;
        int rc =
            kgl_write_doc(c->db, p[i].rec.key, p[i].rec.fingerprint, c->force ? KG_DOC_FORCE : 0,
                          p[i].rec.r, &status, &c->n, err, sizeof err);
        if (rc)
            report(c, p[i].where, err);
        else
            doc_done(c, status, p[i].rec.key);
        kgl_record_free(&p[i].rec);
        free(p[i].where);
    }
    c->npend = 0, c->pendbytes = 0;
}

static void batch_commit(loadctx *c)
{
    if (!c->txn) return;
    int rc = kg_commit(c->txn);
    c->txn = NULL;
    if (rc) {
        batch_redo(c);
        return;
    }
    pending *p = c->pend;
    for (size_t i = 0; i < c->npend; i++) {
        add_counts(&c->n, &p[i].n);
        doc_done(c, p[i].status, p[i].rec.key);
        kgl_record_free(&p[i].rec);
        free(p[i].where);
    }
    c->npend = 0, c->pendbytes = 0;
}

/* Write one document into the open batch (--jobs), committing when full. */
static void batch_add(loadctx *c, item *it)
{
    char err[512];
    int rc = c->txn ? KG_OK : kg_begin(c->db, KG_TXN_WRITE, &c->txn);
    pending p = {0};
    if (!rc)
        rc = kgl_write_txn(c->txn, it->rec.key, it->rec.fingerprint, c->force ? KG_DOC_FORCE : 0,
                           it->rec.r, &p.status, &p.n, err, sizeof err);
    else
        snprintf(err, sizeof err, "%s", kg_errmsg(c->db));
    char *where = item_where(it);
    if (rc) { /* the transaction is lost: the batch again, one by one, then this one's error */
        kg_abort(c->txn);
        c->txn = NULL;
        batch_redo(c);
        report(c, where, err);
        free(where);
        return;
    }
    if (c->npend == c->cappend) {
        c->cappend = c->cappend ? c->cappend * 2 : BATCH_DOCS;
        c->pend = kgl_xrealloc(c->pend, c->cappend * sizeof(pending));
    }
    p.rec = it->rec;
    memset(&it->rec, 0, sizeof it->rec);
    p.where = where;
    c->pend[c->npend++] = p;
    c->pendbytes += p.rec.r->doc ? p.rec.r->doc->len : 0;
    if (c->npend >= BATCH_DOCS || c->pendbytes >= BATCH_BYTES) batch_commit(c);
}

/* kg extract: print the record. */
static void print_item(loadctx *c, item *it)
{
    kgl_buf o = {0};
    if (it->what == IT_DOC) {
        kgl_stream_doc(&o, it->rec.key, it->rec.fingerprint, it->rec.r);
        c->nfacts += (uint64_t)it->rec.r->nfact;
        c->n.entities += (uint64_t)it->rec.r->nent;
    } else
        kgl_stream_facts(&o, it->rec.key, it->rec.jsonl, it->rec.raw, it->rec.len);
    if (!c->outerr && fwrite(o.p, 1, o.len, stdout) != o.len) {
        c->outerr = 1;
        fprintf(stderr, "kg: extract: writing the output: %s\n", strerror(errno));
        c->n.errors++;
    }
    kgl_buf_free(&o);
    doc_done(c, KG_DOC_NEW, it->rec.key);
}

/* The writer: one item, in input order (the main thread). */
static void write_item(loadctx *c, item *it)
{
    if (c->jobs > 1) kg_cli_point("doc");
    if (it->what == IT_ERR) {
        report(c, it->where, it->why);
        return;
    }
    if (key_taken(c, it, it->rec.key)) return;
    if (c->extract) {
        print_item(c, it);
        return;
    }
    if (it->what == IT_FACTS) { /* fact files go straight in through the bulk path (kg_bulk_*) */
        batch_commit(c);
        char err[512];
        int status = 0;
        int rc = kgl_facts_load(c->db, it->rec.key, it->rec.raw, it->rec.len, it->rec.jsonl,
                                &status, &c->n, err, sizeof err);
        if (rc) {
            facts_fail(it, err);
            report(c, it->where, it->why);
            return;
        }
        doc_done(c, status, it->rec.key);
        return;
    }
    if (c->jobs > 1) {
        batch_add(c, it);
        return;
    }
    char err[512];
    int status = 0;
    int rc = kgl_write_doc(c->db, it->rec.key, it->rec.fingerprint, c->force ? KG_DOC_FORCE : 0,
                           it->rec.r, &status, &c->n, err, sizeof err);
    if (rc) {
        char *w = item_where(it);
        report(c, w, err);
        free(w);
        return;
    }
    doc_done(c, status, it->rec.key);
}

/* ---------------------------------------------------------------- the pipeline */

/* Hand one item on: --jobs 1 processes and writes it at once; else it goes
** into the window for the workers (waiting while the window is full). */
static void emit(loadctx *c, item *it)
{
    if (c->jobs <= 1) {
        kg_cli_point("doc");
        if (it->what == IT_NONE) process(c, it);
        write_item(c, it);
        item_clear(it);
        return;
    }
    pthread_mutex_lock(&c->mu);
    while (c->pushed - c->written >= c->wsize)
        pthread_cond_wait(&c->cv, &c->mu);
    item *slot = &c->ring[c->pushed % c->wsize];
    *slot = *it;
    slot->done = 0;
    c->pushed++;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    memset(it, 0, sizeof *it);
}

static int blank(const char *s, ssize_t n)
{
    for (ssize_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* List every item in input order: files as they are, and the lines of a
** stream (a .jsonl file or stdin whose first line that is not blank is a
** record of kg extract) each as an item. */
static void list_items(loadctx *c)
{
    for (size_t i = 0; i < c->nin; i++) {
        input *in = &c->in[i];
        if (!in->path[0]) continue; /* the same file found twice: read once */
        item it = {0};
        it.path = in->path, it.key = in->key;
        int isstdin = !strcmp(in->path, "-");
        if (!isstdin && !ends_with(in->path, ".jsonl")) {
            emit(c, &it);
            continue;
        }
        FILE *f = isstdin ? stdin : fopen(in->path, "rb");
        if (!f) {
            char eb[256];
            item_fail(&it, in->path, strerror_r(errno, eb, sizeof eb));
            emit(c, &it);
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        long ln = 0;
        kgl_buf head = {0}; /* blank lines before the first one that says what the input is */
        while ((n = getline(&line, &cap, f)) >= 0 && (++ln, blank(line, n)))
            kgl_buf_put(&head, line, (size_t)n);
        if (n >= 0 && kgl_stream_is_record(line, (size_t)n)) {
            do {
                if (blank(line, n)) continue;
                item li = {0};
                li.path = in->path, li.line = ln;
                li.raw = kgl_strndup(line, (size_t)n), li.len = (size_t)n;
                emit(c, &li);
            } while ((n = getline(&line, &cap, f)) >= 0 && ++ln);
            if (ferror(f)) {
                item_fail(&it, in->path, "read error");
                emit(c, &it);
            }
        } else if (isstdin) { /* a document on stdin: what was read, then the rest */
            if (n > 0) kgl_buf_put(&head, line, (size_t)n);
            size_t rest = 0;
            char *more = slurp_fp(f, &rest);
            if (!more) {
                item_fail(&it, in->path, "read error");
            } else {
                kgl_buf_put(&head, more, rest);
                free(more);
                if (!head.p) kgl_buf_put(&head, "", 0);
                it.raw = head.p, it.len = head.len;
                head.p = NULL;
            }
            emit(c, &it);
        } else
            emit(c, &it); /* a curated fact file: read again as a whole */
        kgl_buf_free(&head);
        free(line);
        if (!isstdin) fclose(f);
    }
}

static void *reader_main(void *arg)
{
    loadctx *c = arg;
    list_items(c);
    pthread_mutex_lock(&c->mu);
    c->listed = 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static void *worker_main(void *arg)
{
    loadctx *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (c->taken == c->pushed && !c->listed)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->taken == c->pushed) break; /* listed, and every item taken */
        item *it = &c->ring[c->taken++ % c->wsize];
        pthread_mutex_unlock(&c->mu);
        if (it->what == IT_NONE) process(c, it);
        pthread_mutex_lock(&c->mu);
        it->done = 1;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* Read, extract and write every input: one after the other (--jobs 1), or
** with a reader, c->jobs workers and this thread as the writer. */
static void run(loadctx *c)
{
    if (c->jobs <= 1) {
        list_items(c);
        return;
    }
    c->wsize = 4 * (size_t)c->jobs + 8;
    c->ring = calloc(c->wsize, sizeof *c->ring);
    pthread_t wk[MAX_JOBS], rd;
    int nw = 0, have_rd = 0;
    if (c->ring && !pthread_mutex_init(&c->mu, NULL)) {
        pthread_cond_init(&c->cv, NULL);
        while (nw < c->jobs && !pthread_create(&wk[nw], NULL, worker_main, c))
            nw++;
        have_rd = nw && !pthread_create(&rd, NULL, reader_main, c);
        if (!have_rd) { /* no threads: stop the workers, go on alone */
            pthread_mutex_lock(&c->mu);
            c->listed = 1;
            pthread_cond_broadcast(&c->cv);
            pthread_mutex_unlock(&c->mu);
            for (int i = 0; i < nw; i++)
                pthread_join(wk[i], NULL);
            pthread_cond_destroy(&c->cv);
            pthread_mutex_destroy(&c->mu);
        }
    }
    if (!have_rd) {
        fprintf(stderr, "kg: %s: cannot start %d threads: reading one document after the other\n",
                c->cmd, c->jobs);
        free(c->ring);
        c->ring = NULL;
        c->jobs = 1;
        list_items(c);
        return;
    }
    pthread_mutex_lock(&c->mu);
    for (;;) {
        item *it = c->written < c->pushed ? &c->ring[c->written % c->wsize] : NULL;
        if (!it && c->listed) break;
        if (!it || !it->done) {
            if (c->txn) { /* never wait for a worker holding the write lock */
                pthread_mutex_unlock(&c->mu);
                batch_commit(c);
                pthread_mutex_lock(&c->mu);
                continue;
            }
            pthread_cond_wait(&c->cv, &c->mu);
            continue;
        }
        pthread_mutex_unlock(&c->mu);
        write_item(c, it);
        item_clear(it);
        pthread_mutex_lock(&c->mu);
        c->written++;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    batch_commit(c);
    pthread_join(rd, NULL);
    for (int i = 0; i < nw; i++)
        pthread_join(wk[i], NULL);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c->ring);
    c->ring = NULL;
}

/* The options both commands take; 0, or the exit status of a usage error. */
static int options(loadctx *c, int argc, char **argv, const char **dbpath, char **paths, int *np,
                   uint64_t *files)
{
    const char *usage =
        c->extract ? "usage: kg extract PATH... [--source NAME] [--dict FILE] [--rules "
                     "FILE] [--jobs N] [--quiet]\n"
                   : "usage: kg load DB PATH... [--source NAME] [--dict FILE] [--rules FILE] "
                     "[--jobs N] [--reextract] [--quiet]\n";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
            c->quiet = 1;
        else if (!strcmp(argv[i], "--reextract") && !c->extract)
            c->force = 1;
        else if (!strcmp(argv[i], "--jobs") || !strcmp(argv[i], "-j")) {
            char *end = NULL;
            long n = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
            if (!end || *end || n < 1 || n > MAX_JOBS) {
                fprintf(stderr, "kg: %s: --jobs needs a number from 1 to %d\n", c->cmd, MAX_JOBS);
                return 2;
            }
            c->jobs = (int)n;
            i++;
        } else if (!strcmp(argv[i], "--source")) {
            size_t sl = i + 1 < argc ? strlen(argv[i + 1]) : 0;
            while (sl && argv[i + 1][sl - 1] == '/')
                sl--;
            if (!sl) {
                fprintf(stderr, "kg: %s: --source needs a name\n", c->cmd);
                return 2;
            }
            argv[i + 1][sl] = 0;
            c->source = argv[++i];
        } else if (!strcmp(argv[i], "--dict") || !strcmp(argv[i], "--rules")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "kg: %s: %s needs a file\n", c->cmd, argv[i]);
                return 2;
            }
            if (add_file(c, argv[i + 1], argv[i][2] == 'd', files)) return 1;
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "kg: %s: unknown option '%s'\n%s", c->cmd, argv[i], usage);
            return 2;
        } else if (!c->extract && !*dbpath)
            *dbpath = argv[i];
        else
            paths[(*np)++] = argv[i];
    }
    if ((!c->extract && !*dbpath) || !*np) {
        fputs(usage, stderr);
        return 2;
    }
    char err[1024];
    if (kgl_lex_finish(c->lx, err, sizeof err)) {
        fprintf(stderr, "kg: %s: %s\n", c->cmd, err);
        return 1;
    }
    /* every input and its key first: a clash of keys stores nothing */
    for (int i = 0; i < *np; i++)
        collect(c, paths[i], "", 0);
    if (check_keys(c)) return 1;
    c->fingerprint = kgl_fingerprint(*files);
    c->tty = isatty(2);
    return 0;
}

static void cleanup(loadctx *c)
{
    free(c->fingerprint);
    for (size_t i = 0; i < c->nin; i++)
        free(c->in[i].path), free(c->in[i].key);
    free(c->in);
    free(c->dirs);
    for (size_t i = 0; i < c->nkeys; i++)
        free(c->keys[i]), free(c->keyfrom[i]);
    free(c->keys), free(c->keyfrom);
    kgl_hidx_free(&c->keyidx);
    free(c->pend);
    kg_close(c->db);
    kgl_lex_free(c->lx);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* What kg load and kg extract begin with: the built-in lexicon, then the
** options (paths has room for argc entries). 0, or the exit status; either
** way the caller ends with cleanup() and free(paths). */
static int begin(loadctx *c, int argc, char **argv, const char **dbpath, char **paths, int *np,
                 uint64_t *files)
{
    char err[1024];
    c->jobs = 1;
    c->lx = kgl_lex_default(err, sizeof err);
    if (!c->lx) {
        fprintf(stderr, "kg: %s: built-in lexicon: %s\n", c->cmd, err);
        return 1;
    }
    return options(c, argc, argv, dbpath, paths, np, files);
}

int kg_cli_load(int argc, char **argv)
{
    loadctx c = {0};
    c.cmd = "load";
    const char *dbpath = NULL;
    char **paths = kgl_xrealloc(NULL, (argc + 1) * sizeof *paths);
    int np = 0;
    uint64_t files = 0; /* hash of the --dict and --rules files, for the fingerprint */
    int rc = begin(&c, argc, argv, &dbpath, paths, &np, &files);
    if (rc) goto out;
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
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run(&c);
    double secs = seconds_since(&t0);
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
    cleanup(&c);
    free(paths);
    return rc;
}

int kg_cli_extract(int argc, char **argv)
{
    loadctx c = {0};
    c.cmd = "extract";
    c.extract = 1;
    const char *dbpath = NULL;
    char **paths = kgl_xrealloc(NULL, (argc + 1) * sizeof *paths);
    int np = 0;
    uint64_t files = 0;
    int rc = begin(&c, argc, argv, &dbpath, paths, &np, &files);
    if (rc) goto out;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run(&c);
    if (fflush(stdout) && !c.outerr) {
        fprintf(stderr, "kg: extract: writing the output: %s\n", strerror(errno));
        c.n.errors++;
    }
    double secs = seconds_since(&t0);
    if (c.tty && !c.quiet && c.seen) fputc('\n', stderr);
    char skips[48] = "";
    if (c.nskipped) snprintf(skips, sizeof skips, "%llu skipped, ", (unsigned long long)c.nskipped);
    if (!c.quiet)
        fprintf(stderr,
                "kg: extract: %llu documents, %llu entities, %llu facts, %llu errors, %s%.2f s\n",
                (unsigned long long)c.n.docs, (unsigned long long)c.n.entities,
                (unsigned long long)c.nfacts, (unsigned long long)c.n.errors, skips, secs);
    rc = c.n.errors ? 1 : 0;
out:
    cleanup(&c);
    free(paths);
    return rc;
}
