/*
** reliability.c -- robustness of the storage surface (tests layer): an
** interrupted database creation, a full map, read-only handles, databases of
** a newer format version (API and kg program), and the absence of any file
** access from query code. LMDB is included here only to forge on-disk states
** the library itself never writes.
*/
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kg.h"
#include "tap.h"

static char tmp[256];

static void path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmp, name);
}

/* Run a shell command, capture its output (stdout and stderr) into buf. */
static int run(const char *cmd, char *buf, size_t n)
{
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t len = fread(buf, 1, n - 1, p);
    buf[len] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static uint64_t count_nodes(kg_db *db)
{
    kg_txn *t;
    kg_stats s = {0};
    if (kg_begin(db, KG_TXN_READ, &t)) return (uint64_t)-1;
    kg_stats_get(t, &s);
    kg_abort(t);
    return s.nodes;
}

static uint64_t check(kg_db *db)
{
    uint64_t problems = 99;
    if (kg_check(db, NULL, NULL, &problems)) return 98;
    return problems;
}

/* 1. killed between mdb_env_open and the first commit: data.mdb exists, empty */
static void interrupted_creation(void)
{
    char p[300];
    path(p, sizeof p, "half");
    mkdir(p, 0775);
    MDB_env *env;
    mdb_env_create(&env);
    ok(mdb_env_open(env, p, 0, 0664) == 0, "an empty LMDB environment is made (as if killed)");
    mdb_env_close(env);
    kg_db *db;
    int rc = kg_open(p, KG_OPEN_READONLY, NULL, &db);
    is_int(rc, KG_NOTFOUND, "read-only open of an unfinished creation: no database yet");
    diag("%s", kg_errmsg(db));
    kg_close(db);
    rc = kg_open(p, KG_OPEN_CREATE, NULL, &db);
    is_int(rc, KG_OK, "open with KG_OPEN_CREATE finishes the creation");
    ok(db && check(db) == 0, "and the database checks clean");
    kg_close(db);

    /* an LMDB database that holds something else is still refused */
    path(p, sizeof p, "foreign");
    mkdir(p, 0775);
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 4);
    mdb_env_open(env, p, 0, 0664);
    MDB_txn *t;
    MDB_dbi d;
    mdb_txn_begin(env, NULL, 0, &t);
    mdb_dbi_open(t, "other", MDB_CREATE, &d);
    MDB_val k = {3, "key"}, v = {5, "value"};
    mdb_put(t, d, &k, &v, 0);
    mdb_txn_commit(t);
    mdb_env_close(env);
    rc = kg_open(p, KG_OPEN_CREATE, NULL, &db);
    is_int(rc, KG_NOTADB, "an LMDB database of another program is refused");
    kg_close(db);
}

/* 2. a tiny map: KG_FULL with a message, and what was committed survives */
static void full_map(void)
{
    char p[300];
    path(p, sizeof p, "full");
    kg_options opt = {0};
    opt.map_initial = 64 << 10;
    opt.map_max = 512 << 10;
    kg_db *db;
    ok(kg_open(p, KG_OPEN_CREATE, &opt, &db) == KG_OK, "open with map_max 512 KiB");
    char name[400];
    int rc = KG_OK, committed = 0, batches = 0;
    const char *msg = "";
    static char saved[512];
    while (rc == KG_OK && batches < 1000) {
        kg_txn *t;
        if ((rc = kg_begin(db, KG_TXN_WRITE, &t))) break;
        for (int i = 0; i < 20 && rc == KG_OK; i++) {
            snprintf(name, sizeof name, "Person %d of a long and wordy name padded out %0300d",
                     batches * 20 + i, 0);
            kg_id id;
            rc = kg_node_get_or_create(t, "person", name, &id, NULL);
        }
        if (rc == KG_OK)
            rc = kg_commit(t);
        else
            kg_abort(t);
        if (rc == KG_OK)
            committed += 20;
        else
            snprintf(saved, sizeof saved, "%s", kg_errmsg(db)), msg = saved;
        batches++;
    }
    is_int(rc, KG_FULL, "writing past map_max gives KG_FULL");
    ok(strstr(msg, "full") != NULL, "with a message that says so: %s", msg);
    ok(committed > 0, "%d nodes were committed before", committed);
    is_int(count_nodes(db), committed, "the handle still reads exactly the committed nodes");
    kg_close(db);
    ok(kg_open(p, 0, &opt, &db) == KG_OK, "the database opens again");
    is_int(count_nodes(db), committed, "with every committed node and no part of the failed batch");
    is_int(check(db), 0, "kg_check is clean after KG_FULL");
    kg_close(db);
}

/* 3. read-only handles refuse every write */
static void read_only(void)
{
    char p[300];
    path(p, sizeof p, "ro");
    kg_db *db;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    char *json = NULL;
    kg_query_json(db, "CREATE (:person {name: \"Ann Smith\"})", NULL, &json);
    kg_free(json);
    kg_close(db);
    ok(kg_open(p, KG_OPEN_READONLY, NULL, &db) == KG_OK, "read-only open");
    kg_txn *t = NULL;
    is_int(kg_begin(db, KG_TXN_WRITE, &t), KG_READONLY, "a write transaction is refused");
    kg_stmt *st = NULL;
    int rc = kg_prepare(db, "CREATE (:person {name: \"Bob Jones\"})", -1, &st, NULL);
    if (rc == KG_OK) rc = kg_step(st);
    kg_finalize(st);
    is_int(rc, KG_READONLY, "query CREATE on a read-only handle gives KG_READONLY");
    rc = kg_prepare(db, "MATCH (p:person) DETACH DELETE p", -1, &st, NULL);
    if (rc == KG_OK) rc = kg_step(st);
    kg_finalize(st);
    is_int(rc, KG_READONLY, "query DELETE on a read-only handle gives KG_READONLY");
    json = NULL;
    is_int(kg_query_json(db, "MATCH (p:person) SET p.age = 3", NULL, &json), KG_READONLY,
           "kg_query_json SET on a read-only handle gives KG_READONLY");
    kg_free(json);
    is_int(count_nodes(db), 1, "nothing was written");
    kg_close(db);
}

/* 4. a database written by a newer format version */
static void newer_version(void)
{
    char p[300], cmd[1200], out[4096];
    path(p, sizeof p, "newer");
    kg_db *db;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_close(db);
    MDB_env *env;
    MDB_txn *t;
    MDB_dbi d;
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 32);
    mdb_env_open(env, p, 0, 0664);
    mdb_txn_begin(env, NULL, 0, &t);
    mdb_dbi_open(t, "meta", 0, &d);
    unsigned char v8[8] = {0, 0, 0, 0, 0, 0, 0, KG_FORMAT_VERSION + 1};
    MDB_val k = {7, "version"}, v = {8, v8};
    ok(mdb_put(t, d, &k, &v, 0) == 0 && mdb_txn_commit(t) == 0, "format version set to %d",
       KG_FORMAT_VERSION + 1);
    mdb_env_close(env);
    int rc = kg_open(p, 0, NULL, &db);
    is_int(rc, KG_VERSION, "kg_open refuses it with KG_VERSION");
    ok(db && strstr(kg_errmsg(db), "upgrade kg"), "message: %s", db ? kg_errmsg(db) : "(none)");
    kg_close(db);
    static const char *const cmds[] = {"check %s", "query %s 'MATCH (n) RETURN n'", "stats %s",
                                       "export %s facts", "load %s %s/tests/loader/story.txt"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char sub[600];
        snprintf(sub, sizeof sub, cmds[i], p, KG_SOURCE_DIR);
        snprintf(cmd, sizeof cmd, "'%s/engine/kg' %s 2>&1 </dev/null", KG_BINARY_DIR, sub);
        rc = run(cmd, out, sizeof out);
        char *nl = strchr(out, '\n');
        if (nl) *nl = 0;
        char want[40];
        snprintf(want, sizeof want, "format version %d", KG_FORMAT_VERSION + 1);
        ok(rc != 0 && strstr(out, want), "kg %.*s: exit %d, '%s'", (int)strcspn(cmds[i], " "),
           cmds[i], rc, out);
    }
}

/* 5. query code has no way to touch files */
static void no_file_access(void)
{
    char p[300];
    path(p, sizeof p, "ro");
    kg_db *db;
    kg_open(p, KG_OPEN_READONLY, NULL, &db);
    static const char *const q[] = {
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "RETURN readFile('/etc/passwd')",
        "RETURN load('/etc/passwd')",
        "RETURN file('/etc/passwd')",
        "CALL apoc.load.json('file:///etc/passwd')",
        "RETURN system('id')",
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        kg_stmt *st = NULL;
        int rc = kg_prepare(db, q[i], -1, &st, NULL);
        if (rc == KG_OK && st) rc = kg_step(st);
        kg_finalize(st);
        ok(rc != KG_ROW && rc != KG_DONE && rc != KG_OK, "refused (%s): %s", kg_errstr(rc), q[i]);
    }
    kg_close(db);
    /* and no source file of the query engine or the grammar calls a file API */
    char cmd[1200], out[4096];
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && grep -nE "
        "'\\<(fopen|freopen|open|openat|creat|popen|system|dlopen|execv|execl|execvp|"
        "unlink|remove|rename|opendir)[[:space:]]*\\(' "
        "$(ls engine/*.c grammar/*.c grammar/*.l grammar/*.y | grep -v '^engine/store.c$') 2>&1",
        KG_SOURCE_DIR);
    int rc = run(cmd, out, sizeof out);
    ok(rc == 1 && !out[0], "no file-access call outside engine/store.c (the database directory)");
    if (out[0]) diag("%s", out);
}

int main(void)
{
    snprintf(tmp, sizeof tmp, "%s/kg-reliability-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp)) return perror("mkdtemp"), 1;
    plan(34);
    interrupted_creation();
    full_map();
    read_only();
    newer_version();
    no_file_access();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd)) diag("cannot remove %s", tmp);
    (void)done_testing;
    return tap_failed_ ? 1 : 0;
}
