/*
** backup.c -- `kg backup` and `kg restore` (kg program, cli layer).
**
**   kg backup DB FILE [--compact]   a consistent copy of DB, taken while other
**                                   processes read and write it (kg_backup)
**   kg restore FILE DB              a new database DB from a backup file
**
** A backup file is a data.mdb. Restoring copies it into a new directory
** beside DB (DB.restore-XXXXXX), opens it read-only, runs kg check's checks
** (kg_check) and only when they pass renames the directory to DB. DB must not
** exist or be an empty directory: a restore never replaces a database.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kg.h"

int kg_cli_backup(int argc, char **argv)
{
    const char *db_path = NULL, *file = NULL;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--compact"))
            flags |= KG_BACKUP_COMPACT;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr,
                    "kg: backup: unknown option '%s'\nusage: kg backup DB FILE [--compact]\n",
                    argv[i]);
            return 2;
        } else if (!db_path)
            db_path = argv[i];
        else if (!file)
            file = argv[i];
        else
            db_path = NULL, i = argc; /* too many: usage below */
    }
    if (!db_path || !file) {
        fprintf(stderr, "usage: kg backup DB FILE [--compact]\n");
        return 2;
    }
    kg_db *db;
    int rc = kg_open(db_path, KG_OPEN_READONLY, NULL, &db);
    if (!rc) rc = kg_backup(db, file, flags);
    if (rc) {
        fprintf(stderr, "kg: backup: %s\n", db ? kg_errmsg(db) : kg_errstr(rc));
        kg_close(db);
        return 1;
    }
    kg_close(db);
    struct stat st;
    printf("%s: backup of %s, %lld bytes%s\n", file, db_path,
           stat(file, &st) == 0 ? (long long)st.st_size : -1LL,
           flags & KG_BACKUP_COMPACT ? " (compacted)" : "");
    return 0;
}

/* ---------------------------------------------------------------- restore */

static void report(const char *msg, void *ctx)
{
    (void)ctx;
    printf("problem: %s\n", msg);
}

/* Does dir hold anything (other than . and ..)? 1 yes, 0 no, -1 unreadable. */
static int dir_has_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    int any = 0;
    while (!any && (e = readdir(d)))
        any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return any;
}

/* Copy the file src into the new file dst (flushed); 0 or an errno. */
static int copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY), e = 0;
    if (in < 0) return errno;
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0664);
    if (out < 0) {
        e = errno;
        close(in);
        return e;
    }
    static char buf[1 << 20];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            e = errno;
            break;
        }
        if (n == 0) break;
        for (ssize_t w = 0; w < n;) {
            ssize_t k = write(out, buf + w, (size_t)(n - w));
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) {
                e = errno;
                break;
            }
            w += k;
        }
        if (e) break;
    }
    if (!e && fsync(out) != 0) e = errno;
    if (close(out) != 0 && !e) e = errno;
    close(in);
    return e;
}

/* Remove the restore's temporary directory and what it holds. */
static void remove_tmp(const char *tmp)
{
    static const char *const files[] = {"data.mdb", "lock.mdb"};
    for (int i = 0; i < 2; i++) {
        char *p = malloc(strlen(tmp) + 10);
        if (!p) continue;
        sprintf(p, "%s/%s", tmp, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(tmp);
}

int kg_cli_restore(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: kg restore FILE DB\n");
        return 2;
    }
    const char *file = argv[1];
    struct stat st;
    if (stat(file, &st) != 0) {
        fprintf(stderr, "kg: restore: %s: %s\n", file, strerror(errno));
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr,
                "kg: restore: %s is not a file (a backup is the data.mdb file kg backup "
                "wrote)\n",
                file);
        return 1;
    }
    /* DB without trailing slashes: its temporary sibling is DB.restore-XXXXXX */
    size_t n = strlen(argv[2]);
    while (n > 1 && argv[2][n - 1] == '/')
        n--;
    char *dbp = strndup(argv[2], n), *tmp = malloc(n + 32);
    if (!dbp || !tmp) {
        fprintf(stderr, "kg: restore: out of memory\n");
        free(dbp), free(tmp);
        return 1;
    }
    int status = 1;
    kg_db *db = NULL;
    kg_txn *t = NULL;
    char *data = NULL;
    if (lstat(dbp, &st) == 0) {
        int has = S_ISDIR(st.st_mode) ? dir_has_entries(dbp) : 1;
        if (has) {
            fprintf(stderr,
                    "kg: restore: %s exists%s: a restore makes a new database and never "
                    "replaces one (remove it, or restore to another path)\n",
                    dbp, S_ISDIR(st.st_mode) ? " and is not empty" : " and is not a directory");
            goto out;
        }
    } else if (errno != ENOENT) {
        fprintf(stderr, "kg: restore: %s: %s\n", dbp, strerror(errno));
        goto out;
    }
    sprintf(tmp, "%s.restore-XXXXXX", dbp);
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "kg: restore: cannot create a directory beside %s: %s\n", dbp,
                strerror(errno));
        goto out;
    }
    mode_t mask = umask(0); /* mkdtemp made it 0700: a database directory as kg load makes it */
    umask(mask);
    chmod(tmp, 0775 & ~mask);
    data = malloc(strlen(tmp) + 10);
    if (!data) goto fail;
    sprintf(data, "%s/data.mdb", tmp);
    int e = copy_file(file, data);
    if (e) {
        fprintf(stderr, "kg: restore: cannot copy %s: %s\n", file, strerror(e));
        goto fail;
    }
    int rc = kg_open(tmp, KG_OPEN_READONLY, NULL, &db);
    if (rc) {
        /* the message names the temporary directory: say the file instead */
        const char *msg = db ? kg_errmsg(db) : kg_errstr(rc);
        size_t tl = strlen(tmp);
        if (!strncmp(msg, tmp, tl) && !strncmp(msg + tl, ": ", 2)) msg += tl + 2;
        fprintf(stderr, "kg: restore: %s is not a usable backup: %s\n", file, msg);
        goto fail;
    }
    uint64_t problems = 0;
    rc = kg_check(db, report, NULL, &problems);
    if (rc) {
        fprintf(stderr, "kg: restore: the check of %s failed: %s\n", file, kg_errmsg(db));
        goto fail;
    }
    if (problems) {
        printf("%llu problem(s) found\n", (unsigned long long)problems);
        fprintf(stderr, "kg: restore: %s does not check clean: nothing restored\n", file);
        goto fail;
    }
    kg_stats s;
    memset(&s, 0, sizeof s);
    if (!kg_begin(db, KG_TXN_READ, &t)) kg_stats_get(t, &s);
    kg_abort(t);
    kg_close(db);
    db = NULL;
    sprintf(data, "%s/lock.mdb", tmp);
    unlink(data); /* nobody else has it open: the first open makes a new one */
    if (rename(tmp, dbp) != 0) {
        fprintf(stderr, "kg: restore: cannot put the database at %s: %s\n", dbp,
                errno == ENOTEMPTY || errno == EEXIST ? "it was created meanwhile"
                                                      : strerror(errno));
        goto fail;
    }
    char *slash = strrchr(dbp, '/');
    int dfd = slash ? (slash == dbp ? open("/", O_RDONLY | O_DIRECTORY)
                                    : (*slash = 0, open(dbp, O_RDONLY | O_DIRECTORY)))
                    : open(".", O_RDONLY | O_DIRECTORY);
    if (slash) *slash = '/';
    if (dfd >= 0) fsync(dfd), close(dfd);
    printf("ok: restored %s from %s (%llu nodes, %llu relations, %llu documents)\n", dbp, file,
           (unsigned long long)s.nodes, (unsigned long long)s.edges, (unsigned long long)s.docs);
    status = 0;
    goto out;
fail:
    kg_close(db);
    db = NULL;
    remove_tmp(tmp);
out:
    free(data), free(tmp), free(dbp);
    return status;
}

/* ---------------------------------------------------------------- import
** kg import DUMP DB: a new database DB from `kg export DB dump` (export.c,
** "dump"), built in a new directory beside DB like a restore, checked, then
** renamed to DB. Documents, nodes (aliases, properties) and relations with
** every evidence row go in through the library's calls, so every index and
** count is rebuilt; ids are new (old ids are mapped as the lines are read). */
#include <json-c/json.h>

typedef struct idmap {
    kg_id *k, *v; /* open addressing, key 0 = empty */
    size_t cap, n;
} idmap;

static size_t idmap_slot(const idmap *m, kg_id k)
{
    uint64_t x = k * 0x9E3779B97F4A7C15ULL;
    size_t h = (size_t)(x ^ x >> 29) & (m->cap - 1);
    while (m->k[h] && m->k[h] != k)
        h = (h + 1) & (m->cap - 1);
    return h;
}

static int idmap_put(idmap *m, kg_id k, kg_id v)
{
    if (2 * (m->n + 1) > m->cap) {
        idmap o = *m;
        m->cap = o.cap ? 2 * o.cap : 1024, m->n = 0;
        m->k = calloc(m->cap, sizeof *m->k), m->v = calloc(m->cap, sizeof *m->v);
        if (!m->k || !m->v) return -1;
        for (size_t i = 0; i < o.cap; i++)
            if (o.k[i]) {
                size_t h = idmap_slot(m, o.k[i]);
                m->k[h] = o.k[i], m->v[h] = o.v[i], m->n++;
            }
        free(o.k), free(o.v);
    }
    size_t h = idmap_slot(m, k);
    if (!m->k[h]) m->n++;
    m->k[h] = k, m->v[h] = v;
    return 0;
}

static kg_id idmap_get(const idmap *m, kg_id k)
{
    if (!m->cap || !k) return 0;
    size_t h = idmap_slot(m, k);
    return m->k[h] == k ? m->v[h] : 0;
}

/* A string member (NULL when absent or null; *bad set when of another type
** or holding a NUL byte, which names and keys cannot). */
static const char *jstr(json_object *o, const char *key, int *bad)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !v) return NULL;
    if (!json_object_is_type(v, json_type_string)) {
        *bad = 1;
        return NULL;
    }
    const char *s = json_object_get_string(v);
    if (strlen(s) != (size_t)json_object_get_string_len(v)) *bad = 1;
    return s;
}

static int jdate(json_object *o, const char *key, int32_t *d, int *bad)
{
    const char *s = jstr(o, key, bad);
    *d = KG_NODATE;
    if (s && kg_date_parse(s, strlen(s), d) != KG_OK) *bad = 1;
    return 0;
}

static double jnum(json_object *v, int *bad)
{
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        if (!strcmp(s, "NaN")) return NAN;
        if (!strcmp(s, "Infinity")) return INFINITY;
        if (!strcmp(s, "-Infinity")) return -INFINITY;
        *bad = 1;
        return 0;
    }
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
        *bad = 1;
    return json_object_get_double(v);
}

/* One line of a dump into the transaction; 0, or -1 with *why set. */
static int import_line(kg_txn *t, json_object *o, idmap *docs, idmap *nodes, const char **why)
{
    int bad = 0, rc = KG_OK;
    const char *kind = jstr(o, "kind", &bad);
    json_object *v;
    kg_id old = json_object_object_get_ex(o, "id", &v) ? (kg_id)json_object_get_int64(v) : 0;
    if (!kind) return *why = "no \"kind\"", -1;
    if (!strcmp(kind, "kg-dump")) {
        return json_object_object_get_ex(o, "version", &v) && json_object_get_int(v) == 1
                   ? 0
                   : (*why = "a dump of another version", -1);
    } else if (!strcmp(kind, "document")) {
        kg_doc d;
        memset(&d, 0, sizeof d);
        d.key = jstr(o, "key", &bad), d.title = jstr(o, "title", &bad);
        d.author = jstr(o, "author", &bad);
        d.fingerprint = jstr(o, "fingerprint", &bad);
        jdate(o, "date", &d.date, &bad);
        if (!json_object_object_get_ex(o, "text", &v) || !json_object_is_type(v, json_type_string))
            bad = 1;
        else
            d.text = json_object_get_string(v), d.text_len = (size_t)json_object_get_string_len(v);
        if (bad || !d.key || !old) return *why = "a document needs id, key and text", -1;
        kg_id id;
        int status;
        if ((rc = kg_doc_register(t, &d, &id, &status))) return -2;
        if (status != KG_DOC_NEW) return *why = "two documents with one key or one text", -1;
        return idmap_put(docs, old, id) ? (*why = "out of memory", -1) : 0;
    } else if (!strcmp(kind, "node")) {
        const char *type = jstr(o, "type", &bad), *name = jstr(o, "name", &bad);
        if (bad || !type || !name || !old) return *why = "a node needs id, type and name", -1;
        kg_id id;
        int created = 0, docnode = !strcmp(type, "document");
        /* a document's node is made with its document (a line before) */
        if (docnode ? (rc = kg_node_find(t, type, name, &id)) == KG_NOTFOUND : 0)
            return *why = "a document's node before its document", -1;
        if (rc || (!docnode && (rc = kg_node_get_or_create(t, type, name, &id, &created))))
            return -2;
        if (!docnode && !created) return *why = "two nodes with one type and name", -1;
        if (idmap_put(nodes, old, id)) return *why = "out of memory", -1;
        if (json_object_object_get_ex(o, "aliases", &v) && json_object_is_type(v, json_type_array))
            for (size_t i = 0; i < json_object_array_length(v); i++) {
                json_object *a = json_object_array_get_idx(v, i);
                if (!json_object_is_type(a, json_type_string) ||
                    strlen(json_object_get_string(a)) != (size_t)json_object_get_string_len(a))
                    return *why = "an alias that is not a string", -1;
                if ((rc = kg_alias_add(t, id, json_object_get_string(a)))) return -2;
            }
        if (json_object_object_get_ex(o, "properties", &v) &&
            json_object_is_type(v, json_type_array))
            for (size_t i = 0; i < json_object_array_length(v); i++) {
                json_object *p = json_object_array_get_idx(v, i), *pv;
                if (!json_object_is_type(p, json_type_array) || json_object_array_length(p) != 3)
                    return *why = "a property is not [key, type, value]", -1;
                const char *key = json_object_get_string(json_object_array_get_idx(p, 0));
                const char *ty = json_object_get_string(json_object_array_get_idx(p, 1));
                pv = json_object_array_get_idx(p, 2);
                kg_value val;
                memset(&val, 0, sizeof val);
                if (!key || !ty || !pv) return *why = "a property is not [key, type, value]", -1;
                if (docnode && (!strcmp(key, "load") || !strcmp(key, "loaded")))
                    continue; /* load generations are not in a dump: the import is none */
                if (!strcmp(ty, "int"))
                    val.type = KG_INT, val.i = json_object_get_int64(pv);
                else if (!strcmp(ty, "bool"))
                    val.type = KG_BOOL, val.i = json_object_get_boolean(pv);
                else if (!strcmp(ty, "float"))
                    val.type = KG_FLOAT, val.f = jnum(pv, &bad);
                else if (!strcmp(ty, "text"))
                    val.type = KG_TEXT, val.s = json_object_get_string(pv),
                    val.len = (size_t)json_object_get_string_len(pv);
                else if (!strcmp(ty, "date")) {
                    int32_t d;
                    const char *ds = json_object_get_string(pv);
                    if (kg_date_parse(ds, strlen(ds), &d)) bad = 1;
                    val.type = KG_DATE, val.i = d;
                } else
                    bad = 1;
                if (bad) return *why = "a property value of the wrong type", -1;
                if ((rc = kg_node_set_prop(t, id, key, &val))) return -2;
            }
        return 0;
    } else if (!strcmp(kind, "edge")) {
        const char *rel = jstr(o, "relation", &bad);
        kg_id src = json_object_object_get_ex(o, "source", &v)
                        ? idmap_get(nodes, (kg_id)json_object_get_int64(v))
                        : 0;
        kg_id dst = json_object_object_get_ex(o, "target", &v)
                        ? idmap_get(nodes, (kg_id)json_object_get_int64(v))
                        : 0;
        if (bad || !rel || !src || !dst)
            return *why = "a relation needs a relation name and known source and target nodes", -1;
        if (!json_object_object_get_ex(o, "evidence", &v) ||
            !json_object_is_type(v, json_type_array))
            return *why = "a relation needs an evidence list", -1;
        size_t ne = json_object_array_length(v);
        if (ne == 0) return kg_edge_add(t, src, rel, dst, NULL, NULL) ? -2 : 0;
        for (size_t i = 0; i < ne; i++) {
            json_object *e = json_object_array_get_idx(v, i), *x;
            kg_evidence ev;
            memset(&ev, 0, sizeof ev);
            if (json_object_object_get_ex(e, "doc", &x) && x &&
                !(ev.doc = idmap_get(docs, (kg_id)json_object_get_int64(x))))
                return *why = "evidence names an unknown document", -1;
            if (json_object_object_get_ex(e, "claimant", &x) && x &&
                !(ev.claimant = idmap_get(nodes, (kg_id)json_object_get_int64(x))))
                return *why = "evidence names an unknown claimant", -1;
            ev.start =
                json_object_object_get_ex(e, "start", &x) ? (uint32_t)json_object_get_int64(x) : 0;
            ev.end =
                json_object_object_get_ex(e, "end", &x) ? (uint32_t)json_object_get_int64(x) : 0;
            jdate(e, "date", &ev.date, &bad);
            jdate(e, "event_date", &ev.event_date, &bad);
            ev.confidence =
                json_object_object_get_ex(e, "confidence", &x) ? (float)jnum(x, &bad) : 1.0f;
            ev.rule = jstr(e, "rule", &bad);
            const char *m = jstr(e, "modality", &bad);
            if (bad || (m && kg_modality_parse(m, &ev.modality)))
                return *why = "an evidence row with a field of the wrong type", -1;
            if (!strcmp(rel, KG_MENTION_REL) ? kg_mention_add(t, src, ev.doc, ev.start, ev.end)
                                             : kg_edge_add(t, src, rel, dst, &ev, NULL))
                return -2;
        }
        return 0;
    }
    return *why = "an unknown kind of line", -1;
}

int kg_cli_import(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: kg import DUMP DB\n");
        return 2;
    }
    const char *file = argv[1];
    FILE *in = strcmp(file, "-") ? fopen(file, "r") : stdin;
    if (!in) {
        fprintf(stderr, "kg: import: %s: %s\n", file, strerror(errno));
        return 1;
    }
    size_t n = strlen(argv[2]);
    while (n > 1 && argv[2][n - 1] == '/')
        n--;
    char *dbp = strndup(argv[2], n), *tmp = malloc(n + 32);
    int status = 1;
    kg_db *db = NULL;
    kg_txn *t = NULL;
    char *line = NULL;
    size_t cap = 0;
    idmap docs = {0}, nodes = {0};
    struct stat st;
    if (!dbp || !tmp) goto out;
    if (lstat(dbp, &st) == 0 && (!S_ISDIR(st.st_mode) || dir_has_entries(dbp))) {
        fprintf(stderr,
                "kg: import: %s exists and is not an empty directory: an import makes a new "
                "database and never adds to one\n",
                dbp);
        goto out;
    }
    sprintf(tmp, "%s.import-XXXXXX", dbp);
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "kg: import: cannot create a directory beside %s: %s\n", dbp,
                strerror(errno));
        goto out;
    }
    rmdir(tmp); /* the name is ours: kg_open creates it again, as a new database */
    if (kg_open(tmp, KG_OPEN_CREATE | KG_OPEN_NOSYNC, NULL, &db)) {
        fprintf(stderr, "kg: import: %s\n", db ? kg_errmsg(db) : "cannot create the database");
        goto fail;
    }
    long lineno = 0, inlines = 0;
    ssize_t len;
    int header = 0;
    while ((len = getline(&line, &cap, in)) > 0) {
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (!len) continue;
        json_tokener *tok = json_tokener_new();
        json_object *o = tok ? json_tokener_parse_ex(tok, line, (int)len) : NULL;
        int perr = !tok || json_tokener_get_error(tok) != json_tokener_success ||
                   json_tokener_get_parse_end(tok) != (size_t)len;
        if (tok) json_tokener_free(tok);
        const char *why = NULL;
        int rc = -1;
        if (perr || !json_object_is_type(o, json_type_object))
            why = "not a JSON object";
        else if (!header) {
            json_object *k;
            if (json_object_object_get_ex(o, "kind", &k) &&
                !strcmp(json_object_get_string(k), "kg-dump"))
                header = 1, rc = import_line(t, o, &docs, &nodes, &why);
            else
                why = "not a kg dump (kg export DB dump): no header line";
        } else {
            if (!t && kg_begin(db, KG_TXN_WRITE, &t))
                rc = -2;
            else
                rc = import_line(t, o, &docs, &nodes, &why);
        }
        json_object_put(o);
        if (rc) {
            fprintf(stderr, "kg: import: %s:%ld: %s\n", file, lineno,
                    rc == -2 ? kg_errmsg(db) : why);
            goto fail;
        }
        if (t && ++inlines % 1000 == 0) { /* commit as it goes: the directory is new and private */
            int crc = kg_commit(t);
            t = NULL;
            if (crc) {
                fprintf(stderr, "kg: import: %s\n", kg_errmsg(db));
                goto fail;
            }
        }
    }
    if (ferror(in) || !header) {
        fprintf(stderr, "kg: import: %s: %s\n", file,
                ferror(in) ? strerror(errno) : "empty: not a kg dump");
        goto fail;
    }
    if (t) {
        int crc = kg_commit(t);
        t = NULL;
        if (crc) {
            fprintf(stderr, "kg: import: %s\n", kg_errmsg(db));
            goto fail;
        }
    }
    kg_close(db);
    db = NULL;
    /* flushed and checked on a fresh read-only handle */
    if (kg_open(tmp, KG_OPEN_READONLY, NULL, &db)) {
        fprintf(stderr, "kg: import: %s\n", db ? kg_errmsg(db) : "cannot open the new database");
        goto fail;
    }
    uint64_t problems = 0;
    if (kg_check(db, report, NULL, &problems) || problems) {
        fprintf(stderr,
                "kg: import: the imported database does not check clean: nothing imported\n");
        goto fail;
    }
    kg_stats s;
    memset(&s, 0, sizeof s);
    if (!kg_begin(db, KG_TXN_READ, &t)) kg_stats_get(t, &s);
    kg_abort(t);
    t = NULL;
    kg_close(db);
    db = NULL;
    { /* NOSYNC above: flush the file before it becomes the database */
        char *p = malloc(strlen(tmp) + 10);
        if (p) {
            sprintf(p, "%s/data.mdb", tmp);
            int fd = open(p, O_RDONLY);
            if (fd >= 0) fsync(fd), close(fd);
            sprintf(p, "%s/lock.mdb", tmp);
            unlink(p);
            free(p);
        }
    }
    if (rename(tmp, dbp) != 0) {
        fprintf(stderr, "kg: import: cannot put the database at %s: %s\n", dbp, strerror(errno));
        goto fail;
    }
    printf("ok: imported %s from %s (%llu nodes, %llu relations, %llu documents)\n", dbp, file,
           (unsigned long long)s.nodes, (unsigned long long)s.edges, (unsigned long long)s.docs);
    status = 0;
    goto out;
fail:
    kg_abort(t);
    t = NULL;
    kg_close(db);
    db = NULL;
    remove_tmp(tmp);
out:
    if (in && in != stdin) fclose(in);
    free(line), free(docs.k), free(docs.v), free(nodes.k), free(nodes.v);
    free(tmp), free(dbp);
    return status;
}
