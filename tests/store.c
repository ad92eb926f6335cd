/*
** store.c -- TAP tests of the storage layer through the public API:
** persistence, invariants, rollback, aliases, evidence, documents, iterators,
** read-only refusal, bad opens, concurrent writer and readers.
*/
#include "kg.h"
#include "oldformat.h"
#include "tap.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static char *tmpdb(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static uint64_t problems_of(kg_db *db)
{
    uint64_t n = 99;
    if (kg_check(db, NULL, NULL, &n) != KG_OK) return 999;
    return n;
}

static void test_persistence(void)
{
    kg_db *db;
    kg_txn *t;
    kg_id a, b, c, e, e2;
    int created;
    const char *p = tmpdb("persist");
    is_int(kg_open(p, KG_OPEN_CREATE, NULL, &db), KG_OK, "create a database");
    is_int(kg_begin(db, KG_TXN_WRITE, &t), KG_OK, "begin write");
    is_int(kg_node_get_or_create(t, "person", "Qasem Soleimani", &a, &created), KG_OK,
           "create a person");
    ok(created == 1, "reported as created");
    is_int(kg_node_get_or_create(t, "person", "Qasem Soleimani", &b, &created), KG_OK,
           "get the same person");
    ok(a == b && created == 0, "same id, not created");
    kg_node_get_or_create(t, "organisation", "Quds Force", &c, NULL);
    is_int(kg_alias_add(t, a, "Suleimani"), KG_OK, "add alias");
    is_int(kg_alias_add(t, a, "Suleimani"), KG_OK, "adding it again is fine");
    kg_evidence ev = {0, 0, 10, 18000, 0.9f, "test.leads", 0, 0, 0, 0, 0};
    is_int(kg_edge_add(t, a, "leads", c, &ev, &e), KG_OK, "add relation");
    is_int(kg_edge_add(t, a, "leads", c, &ev, &e2), KG_OK, "same relation again");
    ok(e == e2, "one edge for the same triple");
    kg_value v = {KG_TEXT, 0, 0, "commander", 9};
    is_int(kg_node_set_prop(t, a, "role", &v), KG_OK, "set property");
    is_int(kg_commit(t), KG_OK, "commit");
    kg_close(db);

    is_int(kg_open(p, 0, NULL, &db), KG_OK, "reopen");
    is_int(kg_begin(db, KG_TXN_READ, &t), KG_OK, "begin read");
    kg_node n;
    is_int(kg_node_get(t, a, &n), KG_OK, "node persists");
    is_str(n.name, "Qasem Soleimani", "name persists");
    is_str(n.type, "person", "type persists");
    kg_id ids[4];
    size_t nids;
    is_int(kg_resolve(t, "suleimani", NULL, ids, 4, &nids), KG_OK, "alias resolves (case)");
    ok(nids == 1 && ids[0] == a, "to the person");
    is_int(kg_resolve(t, "Qassem Suleimani", "person", ids, 4, &nids), KG_OK,
           "transliteration variant resolves through the skeleton");
    ok(nids == 1 && ids[0] == a, "to the same person");
    is_int(kg_resolve(t, "Qassem Suleimani", "base", ids, 4, &nids), KG_NOTFOUND,
           "type check refuses a base");
    is_int(kg_resolve(t, "Soleimani", "actor", ids, 4, &nids), KG_OK,
           "a variant of an alias (Suleimani) resolves through its skeleton");
    is_int(kg_resolve(t, "Hajizadeh", NULL, ids, 4, &nids), KG_NOTFOUND,
           "a name never added is not found");
    kg_edge ed;
    is_int(kg_edge_get(t, e, &ed), KG_OK, "edge persists");
    ok(ed.src == a && ed.dst == c && !strcmp(ed.rel, "leads") && ed.nevidence == 1,
       "edge fields (one evidence row, duplicate not added)");
    kg_value out;
    is_int(kg_node_get_prop(t, a, "role", &out), KG_OK, "property persists");
    ok(out.type == KG_TEXT && out.len == 9 && !memcmp(out.s, "commander", 9), "property value");
    kg_iter *it;
    kg_id nb, eid;
    int cnt = 0;
    kg_neighbors(t, c, NULL, KG_IN, &it);
    while (kg_iter_next(it, &nb, &eid) == KG_ROW)
        cnt += nb == a && eid == e;
    kg_iter_close(it);
    is_int(cnt, 1, "in-neighbour walk finds the leader");
    kg_abort(t);
    is_int(problems_of(db), 0, "check finds nothing wrong");
    kg_close(db);
}

static void test_rollback_and_delete(void)
{
    kg_db *db;
    kg_txn *t;
    kg_id a, b, e;
    kg_stats s0, s1;
    kg_open(tmpdb("rollback"), KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "base", "Ain al-Asad", &a, NULL);
    kg_commit(t);
    kg_begin(db, KG_TXN_READ, &t);
    kg_stats_get(t, &s0);
    kg_abort(t);

    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "country", "Iran", &b, NULL);
    kg_edge_add(t, b, "attacked", a, NULL, &e);
    kg_alias_add(t, a, "Ayn al-Assad");
    kg_abort(t);
    kg_begin(db, KG_TXN_READ, &t);
    kg_stats_get(t, &s1);
    ok(s1.nodes == s0.nodes && s1.edges == s0.edges && s1.aliases == s0.aliases,
       "abort leaves no trace in the counts");
    kg_id ids[2];
    size_t n;
    is_int(kg_resolve(t, "Ayn al-Assad", "base", ids, 2, &n), KG_OK,
           "skeleton still finds the base");
    is_int(kg_node_find(t, "country", "Iran", ids), KG_NOTFOUND, "aborted node is gone");
    kg_abort(t);
    is_int(problems_of(db), 0, "check after rollback");

    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "country", "Iran", &b, NULL);
    kg_edge_add(t, b, "attacked", a, NULL, &e);
    is_int(kg_node_delete(t, a, 0), KG_EXISTS, "delete refuses a node with relations");
    ok(strstr(kg_errmsg(db), "DETACH") != NULL, "and says to detach");
    is_int(kg_node_delete(t, a, 1), KG_OK, "detach delete");
    is_int(kg_edge_get(t, e, &(kg_edge){0}), KG_NOTFOUND, "its relation went with it");
    is_int(kg_commit(t), KG_OK, "commit the delete");
    is_int(problems_of(db), 0, "check after delete");
    kg_begin(db, KG_TXN_READ, &t);
    is_int(kg_resolve(t, "Ain al-Asad", NULL, ids, 2, &n), KG_NOTFOUND, "aliases went too");
    kg_abort(t);
    kg_close(db);
}

static void test_documents(void)
{
    kg_db *db;
    kg_txn *t;
    kg_id d1, d2, a, b, c, e1, e2;
    int st;
    kg_open(tmpdb("docs"), KG_OPEN_CREATE, NULL, &db);
    kg_doc doc = {0,  "one.txt", "Title", "Author", 18000, "Alpha killed Beta. Gamma too.",
                  29, NULL,      0,       0,        0};
    kg_begin(db, KG_TXN_WRITE, &t);
    is_int(kg_doc_register(t, &doc, &d1, &st), KG_OK, "register a document");
    is_int(st, KG_DOC_NEW, "new");
    kg_node_get_or_create(t, "person", "Alpha", &a, NULL);
    kg_node_get_or_create(t, "person", "Beta", &b, NULL);
    kg_node_get_or_create(t, "person", "Gamma", &c, NULL);
    kg_evidence ev = {d1, 0, 18, 18000, 1.0f, "r1", 0, 0, 0, 0, 0};
    kg_edge_add(t, a, "killed", b, &ev, &e1);
    ev.start = 19, ev.end = 29;
    kg_edge_add(t, a, "killed", c, &ev, &e2);
    kg_doc other = {0, "two.txt", NULL, NULL, KG_NODATE, "Alpha killed Gamma.", 19, NULL, 0, 0, 0};
    kg_id dd;
    kg_doc_register(t, &other, &dd, &st);
    kg_evidence ev2 = {dd, 0, 19, KG_NODATE, 0.5f, "r2", 0, 0, 0, 0, 0};
    kg_edge_add(t, a, "killed", c, &ev2, NULL);
    is_int(kg_commit(t), KG_OK, "commit");
    kg_begin(db, KG_TXN_WRITE, &t);
    is_int(kg_doc_register(t, &doc, &d2, &st), KG_OK, "register the same content again");
    ok(st == KG_DOC_SAME && d1 == d2, "same: nothing to do, same id");
    doc.text = "Alpha met Beta.";
    doc.text_len = 15;
    is_int(kg_doc_register(t, &doc, &d2, &st), KG_OK, "register changed content");
    ok(st == KG_DOC_CHANGED && d1 == d2, "changed, same id");
    is_int(kg_edge_get(t, e1, &(kg_edge){0}), KG_NOTFOUND,
           "a relation only the old version supported is gone");
    kg_edge ed;
    is_int(kg_edge_get(t, e2, &ed), KG_OK, "a relation another document supports stays");
    ok(ed.nevidence == 1 && ed.ndocs == 1, "with only the other document's evidence");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "check after document replacement");
    kg_begin(db, KG_TXN_READ, &t);
    kg_doc g;
    is_int(kg_doc_get(t, d1, &g), KG_OK, "read document");
    ok(g.text_len == 15 && !memcmp(g.text, "Alpha met Beta.", 15) && !strcmp(g.key, "one.txt") &&
           !strcmp(g.title, "Title"),
       "document fields");
    kg_iter *it;
    kg_evidence out;
    kg_edge_evidence(t, e2, &it);
    is_int(kg_iter_evidence(it, &out), KG_ROW, "evidence row");
    ok(out.doc == dd && out.end == 19 && out.rule && !strcmp(out.rule, "r2"), "evidence fields");
    is_int(kg_iter_evidence(it, &out), KG_DONE, "only one");
    kg_iter_close(it);
    kg_abort(t);
    kg_close(db);
}

static void test_readonly_and_bad_opens(void)
{
    kg_db *db;
    kg_txn *t;
    is_int(kg_open(tmpdb("persist"), KG_OPEN_READONLY, NULL, &db), KG_OK, "open read-only");
    is_int(kg_begin(db, KG_TXN_WRITE, &t), KG_READONLY, "write transaction refused");
    ok(strstr(kg_errmsg(db), "read-only") != NULL, "message says read-only");
    kg_begin(db, KG_TXN_READ, &t);
    kg_id id;
    is_int(kg_node_get_or_create(t, "person", "X", &id, NULL), KG_READONLY,
           "write in a read transaction refused");
    kg_abort(t);
    kg_close(db);

    is_int(kg_open(tmpdb("missing/deeper"), 0, NULL, &db), KG_NOTFOUND, "missing directory");
    ok(strstr(kg_errmsg(db), "no database") != NULL, "message: %s", kg_errmsg(db));
    kg_close(db);
    FILE *f = fopen(tmpdb("afile"), "w");
    fputs("hello", f);
    fclose(f);
    is_int(kg_open(tmpdb("afile"), KG_OPEN_CREATE, NULL, &db), KG_NOTADB, "a plain file");
    ok(strstr(kg_errmsg(db), "not a kg database") != NULL, "message: %s", kg_errmsg(db));
    kg_close(db);
    mkdir(tmpdb("garbage"), 0775);
    f = fopen(tmpdb("garbage/data.mdb"), "w");
    for (int i = 0; i < 5000; i++)
        fputs("not lmdb ", f);
    fclose(f);
    is_int(kg_open(tmpdb("garbage"), 0, NULL, &db), KG_NOTADB, "garbage data.mdb");
    kg_close(db);
    mkdir(tmpdb("busy"), 0775);
    f = fopen(tmpdb("busy/notes.txt"), "w");
    fclose(f);
    is_int(kg_open(tmpdb("busy"), KG_OPEN_CREATE, NULL, &db), KG_NOTADB,
           "a directory with other files is not taken over");
    kg_close(db);

    /* an LMDB environment that is not kg, and a kg database of another version */
    MDB_env *env;
    MDB_txn *mt;
    MDB_dbi dbi;
    mkdir(tmpdb("plainlmdb"), 0775);
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 4);
    mdb_env_open(env, tmpdb("plainlmdb"), 0, 0664);
    mdb_txn_begin(env, NULL, 0, &mt);
    mdb_dbi_open(mt, NULL, 0, &dbi);
    MDB_val k = {3, "abc"}, v = {3, "def"};
    mdb_put(mt, dbi, &k, &v, 0);
    mdb_txn_commit(mt);
    mdb_env_close(env);
    is_int(kg_open(tmpdb("plainlmdb"), 0, NULL, &db), KG_NOTADB, "LMDB but not kg");
    kg_close(db);

    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 32);
    mdb_env_open(env, tmpdb("persist"), 0, 0664);
    mdb_txn_begin(env, NULL, 0, &mt);
    mdb_dbi_open(mt, "meta", 0, &dbi);
    unsigned char ver[8] = {0, 0, 0, 0, 0, 0, 0, 99};
    k.mv_size = 7, k.mv_data = "version", v.mv_size = 8, v.mv_data = ver;
    mdb_put(mt, dbi, &k, &v, 0);
    mdb_txn_commit(mt);
    mdb_env_close(env);
    is_int(kg_open(tmpdb("persist"), 0, NULL, &db), KG_VERSION, "newer format version refused");
    ok(strstr(kg_errmsg(db), "version 99") != NULL, "message: %s", kg_errmsg(db));
    kg_close(db);

    if (geteuid() != 0) {
        mkdir(tmpdb("noperm"), 0775);
        kg_open(tmpdb("noperm"), KG_OPEN_CREATE, NULL, &db);
        kg_close(db);
        chmod(tmpdb("noperm"), 0);
        is_int(kg_open(tmpdb("noperm"), 0, NULL, &db), KG_PERM, "permission denied");
        kg_close(db);
        chmod(tmpdb("noperm"), 0775);
    } else {
        ok(1, "# SKIP permission test needs a non-root user");
    }
}

/* One writer process adds nodes in small transactions while readers check that
** what they see is consistent and never goes backwards. */
static void test_concurrency(void)
{
    const char *p = tmpdb("conc");
    kg_db *db;
    kg_open(p, KG_OPEN_CREATE, &(kg_options){1 << 20, 0, 0}, &db);
    kg_close(db);
    pid_t w = fork();
    if (w == 0) {
        kg_db *d;
        if (kg_open(p, 0, NULL, &d)) _exit(3);
        for (int i = 0; i < 300; i++) {
            kg_txn *t;
            kg_id a, b;
            char name[64];
            if (kg_begin(d, KG_TXN_WRITE, &t)) _exit(4);
            snprintf(name, sizeof name, "Person %d", i);
            kg_node_get_or_create(t, "person", name, &a, NULL);
            snprintf(name, sizeof name, "Place %d", i % 7);
            kg_node_get_or_create(t, "place", name, &b, NULL);
            kg_edge_add(t, a, "located-at", b, NULL, NULL);
            if (kg_commit(t)) _exit(5);
        }
        kg_close(d);
        _exit(0);
    }
    pid_t r[3];
    for (int j = 0; j < 3; j++) {
        r[j] = fork();
        if (r[j] == 0) {
            kg_db *d;
            if (kg_open(p, KG_OPEN_READONLY, NULL, &d)) _exit(3);
            uint64_t last = 0;
            for (int i = 0; i < 200; i++) {
                kg_txn *t;
                kg_stats s;
                if (kg_begin(d, KG_TXN_READ, &t)) _exit(4);
                kg_stats_get(t, &s);
                if (s.edges < last) _exit(6);
                if (s.nodes < s.edges) _exit(7); /* each edge brought a new person */
                last = s.edges;
                kg_abort(t);
            }
            uint64_t n = 0;
            if (kg_check(d, NULL, NULL, &n) || n) _exit(8);
            kg_close(d);
            _exit(0);
        }
    }
    int status, bad = 0;
    waitpid(w, &status, 0);
    is_int(WIFEXITED(status) ? WEXITSTATUS(status) : 100, 0, "writer process finished cleanly");
    for (int j = 0; j < 3; j++) {
        waitpid(r[j], &status, 0);
        bad += !WIFEXITED(status) || WEXITSTATUS(status);
    }
    is_int(bad, 0, "three readers saw consistent, monotonic snapshots");
    kg_open(p, 0, NULL, &db);
    kg_txn *t;
    kg_stats s;
    kg_begin(db, KG_TXN_READ, &t);
    kg_stats_get(t, &s);
    kg_abort(t);
    is_int(s.edges, 300, "all writes arrived");
    is_int(problems_of(db), 0, "check after concurrent use");
    kg_close(db);
}

static void test_names(void)
{
    char *a, *b, *c;
    kg_skeleton("Ain al-Asad", 11, &a);
    kg_skeleton("Ayn al-Assad", 12, &b);
    kg_skeleton("Bashar al-Assad", 15, &c);
    is_str(a, b, "Ain al-Asad and Ayn al-Assad share a skeleton");
    ok(strcmp(a, c) != 0, "Bashar al-Assad does not");
    kg_free(a), kg_free(b), kg_free(c);
    kg_normalize("Kata\xe2\x80\x99ib  Hezbollah", 20, &a);
    is_str(a, "kataib hezbollah", "curly apostrophe dropped, spaces collapsed");
    kg_free(a);
    kg_normalize("Mevl\xc3\xbc"
                 "t \xc3\x87"
                 "avu\xc5\x9f"
                 "o\xc4\x9f"
                 "lu",
                 20, &a);
    is_str(a, "mevlut cavusoglu", "accents stripped");
    kg_free(a);
    is_int(kg_normalize("bad \xff", 5, &a), KG_INVALID, "invalid UTF-8 refused");
    int32_t d;
    char buf[11];
    is_int(kg_date_parse("2020-01-03", 10, &d), KG_OK, "parse a date");
    kg_date_format(d, buf);
    is_str(buf, "2020-01-03", "date round trip");
    is_int(kg_date_parse("2019-02-29", 10, &d), KG_INVALID, "no 29 February in 2019");
}

/* The skel entries of key k: the node ids (up to 4) into ids, their count returned. */
static int skel_ids(const char *path, const char *k, uint64_t ids[4])
{
    MDB_env *env;
    MDB_txn *t;
    MDB_dbi d;
    MDB_cursor *c;
    int n = 0;
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 32);
    if (mdb_env_open(env, path, MDB_RDONLY, 0664) || mdb_txn_begin(env, NULL, MDB_RDONLY, &t)) {
        mdb_env_close(env);
        return -1;
    }
    if (!mdb_dbi_open(t, "skel", 0, &d) && !mdb_cursor_open(t, d, &c)) {
        MDB_val key = {strlen(k), (void *)k}, v;
        for (int g = mdb_cursor_get(c, &key, &v, MDB_SET); g == 0 && n < 4;
             g = mdb_cursor_get(c, &key, &v, MDB_NEXT_DUP)) {
            const unsigned char *p = v.mv_data;
            uint64_t id = 0;
            for (int i = 0; i < 8; i++)
                id = id << 8 | p[i];
            ids[n++] = id;
        }
        mdb_cursor_close(c);
    }
    mdb_txn_abort(t);
    mdb_env_close(env);
    return n;
}

/* Name keys never merge different numbers: a skeleton keeps every digit
** (format 3); a format 2 database, whose skeletons collapsed doubled digits,
** is read as it is when opened read-only and upgraded when opened for writing. */
static void test_digit_names(void)
{
    char *a, *b;
    kg_skeleton("Brigade 4990", 12, &a);
    kg_skeleton("Brigade 4490", 12, &b);
    ok(a && b && strcmp(a, b) != 0,
       "Brigade 4990 and Brigade 4490 have different skeletons (%s, %s)", a, b);
    kg_free(a), kg_free(b);
    kg_skeleton("Resolution 234", 14, &a);
    kg_skeleton("Resolution 2334", 15, &b);
    ok(a && b && strcmp(a, b) != 0, "Resolution 234 and Resolution 2334 too (%s, %s)", a, b);
    kg_free(a), kg_free(b);
    kg_skeleton("Qassem 11th", 11, &a);
    is_str(a, "ksm 11t", "letters still collapse, digits do not");
    kg_free(a);

    const char *p = tmpdb("digits");
    kg_db *db;
    kg_txn *t;
    kg_id b4990, b490, ids[4];
    size_t n = 9;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "organisation", "Brigade 4990", &b4990, NULL);
    kg_node_get_or_create(t, "organisation", "Brigade 490", &b490, NULL);
    is_int(kg_resolve(t, "Brigade 4490", "organisation", ids, 4, &n), KG_NOTFOUND,
           "Brigade 4490 resolves to neither Brigade 4990 nor Brigade 490");
    is_int(kg_commit(t), KG_OK, "commit");
    kg_close(db);

    /* make it a format 2 database: version 2, and Brigade 4990's skeleton as 2 wrote it */
    MDB_env *env;
    MDB_txn *mt;
    MDB_dbi meta, skel;
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 32);
    mdb_env_open(env, p, 0, 0664);
    mdb_txn_begin(env, NULL, 0, &mt);
    mdb_dbi_open(mt, "meta", 0, &meta);
    mdb_dbi_open(mt, "skel", 0, &skel);
    unsigned char v8[8] = {0, 0, 0, 0, 0, 0, 0, 2}, id8[8];
    for (int i = 0; i < 8; i++)
        id8[i] = (unsigned char)(b4990 >> (56 - 8 * i));
    MDB_val vk = {7, "version"}, vv = {8, v8}, k3 = {9, "brgd 4990"}, k2 = {8, "brgd 490"},
            idv = {8, id8};
    ok(!mdb_put(mt, meta, &vk, &vv, 0) && !mdb_del(mt, skel, &k3, &idv) &&
           !mdb_put(mt, skel, &k2, &idv, 0) && !mdb_txn_commit(mt),
       "database turned into format version 2");
    mdb_env_close(env);
    is_int(kgt_to_old_format(p, 2), 0, "and its evidence tables as format 2 had them");

    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "format 2 opens read-only");
    kg_begin(db, KG_TXN_READ, &t);
    n = 0;
    kg_resolve(t, "Brigade 4490", "organisation", ids, 4, &n);
    is_int(n, 2, "read with its own (format 2) skeletons, as before");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check of the format 2 database is clean");
    kg_close(db);
    uint64_t got[4];
    is_int(skel_ids(p, "brgd 490", got), 2, "a read-only open changed nothing");

    is_int(kg_open(p, 0, NULL, &db), KG_OK, "format 2 opened for writing: upgraded");
    kg_begin(db, KG_TXN_WRITE, &t);
    is_int(kg_resolve(t, "Brigade 4490", "organisation", ids, 4, &n), KG_NOTFOUND,
           "after the upgrade Brigade 4490 resolves to nothing");
    n = 0;
    kg_resolve(t, "Brigadde 4990", "organisation", ids, 4, &n);
    ok(n == 1 && ids[0] == b4990,
       "a spelling variant of Brigade 4990 finds it through its new key");
    is_int(kg_node_delete(t, b4990, 1), KG_OK, "delete Brigade 4990");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "kg check is clean (no skel entry left pointing at it)");
    kg_close(db);
    is_int(skel_ids(p, "brgd 490", got), 1, "brgd 490 keeps Brigade 490 only");
    ok(got[0] == b490, "and it is Brigade 490");
    is_int(skel_ids(p, "brgd 4990", got), 0, "no brgd 4990 entry left after the delete");
    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "reopens as format 3");
    kg_close(db);
}

/* A handle keeps the read transaction a statement or kg_abort ended and
** renews it for the next read (store.c, "the spare read transaction"): the
** renewed one sees every commit made since, by this handle and by another,
** and starts with nothing of the old one (kg_check tallies in it). */
static void test_spare_read(void)
{
    kg_db *db;
    kg_txn *t;
    kg_id ids[2];
    size_t n;
    uint64_t ids0;
    const char *p = tmpdb("spare");
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_READ, &t);
    is_int(kg_resolve(t, "Camp Taji", NULL, ids, 2, &n), KG_NOTFOUND, "spare: nothing yet");
    kg_abort(t);      /* kept as the spare, its names cursor with it */
    pid_t w = fork(); /* another process writes */
    if (w == 0) {
        kg_db *d;
        kg_txn *x;
        kg_id a;
        if (kg_open(p, 0, NULL, &d) || kg_begin(d, KG_TXN_WRITE, &x)) _exit(3);
        if (kg_node_get_or_create(x, "base", "Camp Taji", &a, NULL) || kg_commit(x)) _exit(4);
        kg_close(d);
        _exit(0);
    }
    int status = -1;
    waitpid(w, &status, 0);
    kg_begin(db, KG_TXN_READ, &t);
    ok(status == 0 && kg_resolve(t, "Camp Taji", NULL, ids, 2, &n) == KG_OK && n == 1,
       "spare: the renewed read sees another process's commit");
    kg_id a = ids[0];
    kg_abort(t);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_delete(t, a, 1);
    kg_commit(t);
    kg_begin(db, KG_TXN_READ, &t);
    is_int(kg_resolve(t, "Camp Taji", NULL, ids, 2, &n), KG_NOTFOUND,
           "spare: and its own handle's delete");
    kg_abort(t);
    is_int(problems_of(db), 0, "spare: check is clean");
    is_int(problems_of(db), 0, "spare: and clean again on the renewed transaction");
    kg_begin(db, KG_TXN_READ, &t);
    kg_stats s;
    kg_stats_get(t, &s);
    ids0 = s.nodes;
    kg_abort(t);
    ok(ids0 == 0, "spare: no nodes left");
    kg_close(db);
}

int main(void)
{
    plan(85 + 21 + 6);
    snprintf(dir, sizeof dir, "/tmp/kg-store-test-%d", (int)getpid());
    mkdir(dir, 0775);
    test_persistence();
    test_rollback_and_delete();
    test_documents();
    test_readonly_and_bad_opens();
    test_concurrency();
    test_names();
    test_digit_names();
    test_spare_read();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) diag("could not remove %s", dir);
    return done_testing();
}
