/*
** modality.c -- evidence modality and claimant through the C API (tests
** layer): rows and their defaults, a relation's modality as rows come and
** go (kg_edge_add, document replacement, kg_node_delete), the claims index,
** the bulk path, kg_check, and the reading and upgrade of databases of
** formats 2 and 3 (tests/oldformat.h writes their layout).
*/
#include "kg.h"
#include "oldformat.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static const char *tmpdb(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void report(const char *msg, void *ctx)
{
    (void)ctx;
    diag("check: %s", msg);
}

static uint64_t problems_of(kg_db *db)
{
    uint64_t n = 99;
    if (kg_check(db, report, NULL, &n) != KG_OK) return 999;
    return n;
}

static int modality_of(kg_txn *t, kg_id e)
{
    kg_edge ed;
    return kg_edge_get(t, e, &ed) == KG_OK ? ed.modality : -1;
}

/* Neighbours of n by rel (KG_OUT): how many (kg_neighbors sees hidden ones too). */
static int nbr_count(kg_txn *t, kg_id n, const char *rel)
{
    kg_iter *it;
    int c = 0;
    if (kg_neighbors(t, n, rel, KG_OUT, &it)) return -1;
    while (kg_iter_next(it, NULL, NULL) == KG_ROW)
        c++;
    kg_iter_close(it);
    return c;
}

/* The rows of edge e: count, and the modality and claimant of the first. */
static int rows_of(kg_txn *t, kg_id e, kg_evidence *first)
{
    kg_iter *it;
    kg_evidence ev;
    int n = 0;
    if (kg_edge_evidence(t, e, &it)) return -1;
    while (kg_iter_evidence(it, &ev) == KG_ROW)
        if (n++ == 0 && first) *first = ev;
    kg_iter_close(it);
    return n;
}

static void test_names(void)
{
    uint8_t m = 9;
    is_str(kg_modality_name(KG_MOD_ASSERTED), "asserted", "modality 0 is asserted");
    is_str(kg_modality_name(KG_MOD_REPORTED), "reported", "1 reported");
    is_str(kg_modality_name(KG_MOD_CLAIMED), "claimed", "2 claimed");
    is_str(kg_modality_name(KG_MOD_DENIED), "denied", "3 denied");
    ok(kg_modality_name(4) == NULL && kg_modality_name(-1) == NULL, "no name out of range");
    ok(kg_modality_parse("denied", &m) == KG_OK && m == KG_MOD_DENIED, "parse denied");
    is_int(kg_modality_parse("Denied", &m), KG_INVALID, "words are lower case");
    is_int(kg_modality_parse("negated", &m), KG_INVALID, "negated is not stored");
}

static void test_rows(void)
{
    kg_db *db;
    kg_txn *t;
    kg_id iran, us, base, kh, e, e2;
    int st;
    is_int(kg_open(tmpdb("rows"), KG_OPEN_CREATE, NULL, &db), KG_OK, "create");
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "country", "Iran", &iran, NULL);
    kg_node_get_or_create(t, "country", "United States", &us, NULL);
    kg_node_get_or_create(t, "base", "Camp Taji", &base, NULL);
    kg_node_get_or_create(t, "organisation", "Kataib Hezbollah", &kh, NULL);
    kg_doc d1 = {0,  "one.txt", NULL, NULL, KG_NODATE, "KH attacked Camp Taji, the US said.",
                 35, NULL,      0,    0,    0};
    kg_doc d2 = {0,  "two.txt", NULL, NULL, KG_NODATE, "KH denied attacking Camp Taji.",
                 30, NULL,      0,    0,    0};
    kg_id doc1, doc2;
    kg_doc_register(t, &d1, &doc1, &st);
    kg_doc_register(t, &d2, &doc2, &st);

    /* defaults: an initialiser naming the first six fields is asserted, no claimant */
    kg_evidence a = {doc1, 0, 35, KG_NODATE, 0.9f, "r", 0, 0, 0, 0, 0};
    is_int(kg_edge_add(t, iran, "attacked", base, &a, &e), KG_OK, "asserted row");
    is_int(modality_of(t, e), KG_MOD_ASSERTED, "relation asserted");

    /* a denial only: hidden, denied, claimant kept */
    kg_evidence dn = {doc2, 0, 30, KG_NODATE, 0.8f, "deny", KG_MOD_DENIED, kh, 0, 0, 0};
    is_int(kg_edge_add(t, kh, "attacked", base, &dn, &e2), KG_OK, "denied row");
    is_int(modality_of(t, e2), KG_MOD_DENIED, "relation denied");
    kg_evidence got;
    memset(&got, 0, sizeof got);
    is_int(rows_of(t, e2, &got), 1, "one row");
    ok(got.modality == KG_MOD_DENIED && got.claimant == kh, "row keeps modality and claimant");
    is_int(nbr_count(t, kh, "attacked"), 1, "kg_neighbors sees the hidden relation");

    /* the same row again is one row; the same fields with another modality are two */
    is_int(kg_edge_add(t, kh, "attacked", base, &dn, NULL), KG_OK, "identical row again");
    is_int(rows_of(t, e2, NULL), 1, "still one row");
    kg_evidence cl = dn;
    cl.modality = KG_MOD_CLAIMED, cl.claimant = us;
    is_int(kg_edge_add(t, kh, "attacked", base, &cl, NULL), KG_OK, "a claim with the same span");
    is_int(rows_of(t, e2, NULL), 2, "another row: modality and claimant are part of a row");
    is_int(modality_of(t, e2), KG_MOD_CLAIMED, "claimed comes before denied");
    kg_evidence rp = {doc1, 0, 35, KG_NODATE, 0.6f, "hearsay", KG_MOD_REPORTED, us, 0, 0, 0};
    is_int(kg_edge_add(t, kh, "attacked", base, &rp, NULL), KG_OK, "a report");
    is_int(modality_of(t, e2), KG_MOD_REPORTED, "reported comes before claimed: visible again");

    /* refused rows */
    kg_evidence bad = a;
    bad.modality = 4;
    is_int(kg_edge_add(t, us, "attacked", base, &bad, NULL), KG_INVALID, "modality 4 refused");
    bad.modality = KG_MOD_CLAIMED, bad.claimant = 999;
    is_int(kg_edge_add(t, us, "attacked", base, &bad, NULL), KG_NOTFOUND,
           "a missing claimant refused");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "kg check clean");

    /* replacing a document recomputes the modality */
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc d1b = {0, "one.txt", NULL, NULL, KG_NODATE, "Nothing here.", 13, NULL, 0, 0, 0};
    is_int(kg_doc_register(t, &d1b, &doc1, &st), KG_OK, "replace one.txt");
    is_int(st, KG_DOC_CHANGED, "changed");
    is_int(modality_of(t, e2), KG_MOD_CLAIMED, "the report went: claimed again");
    is_int(kg_edge_get(t, e, &(kg_edge){0}), KG_NOTFOUND, "Iran's only row went with its edge");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "kg check clean");

    /* a claimant cannot go without DETACH; with it, its rows go */
    kg_begin(db, KG_TXN_WRITE, &t);
    is_int(kg_node_delete(t, us, 0), KG_EXISTS, "the claimant is refused without detach");
    ok(strstr(kg_errmsg(db), "claimant") != NULL, "and the message says why: %s", kg_errmsg(db));
    is_int(kg_node_delete(t, us, 1), KG_OK, "detach delete");
    is_int(rows_of(t, e2, &got), 1, "its claim went, the denial stays");
    is_int(modality_of(t, e2), KG_MOD_DENIED, "denied again");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "kg check clean");

    /* the claimant's own node deleted with detach takes the relation too */
    kg_begin(db, KG_TXN_WRITE, &t);
    is_int(kg_node_delete(t, kh, 1), KG_OK, "delete Kataib Hezbollah");
    is_int(kg_edge_get(t, e2, &(kg_edge){0}), KG_NOTFOUND, "its relation is gone");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "kg check clean");
    kg_close(db);
}

static void test_bulk(void)
{
    kg_db *db;
    kg_bulk *b;
    kg_txn *t;
    kg_id x, y, z, c, e;
    is_int(kg_open(tmpdb("bulk"), KG_OPEN_CREATE, NULL, &db), KG_OK, "create");
    is_int(kg_bulk_begin(db, 0, &b), KG_OK, "bulk begin");
    kg_bulk_node(b, "country", "Iran", 4, 0, &x);
    kg_bulk_node(b, "base", "Ain al-Asad", 11, 0, &y);
    kg_bulk_node(b, "country", "Iraq", 4, 0, &z);
    kg_bulk_node(b, "organisation", "Tasnim", 6, 0, &c);
    kg_evidence a = {0, 1, 2, KG_NODATE, 1.0f, "f", KG_MOD_CLAIMED, c, 0, 0, 0};
    is_int(kg_bulk_edge(b, x, "attacked", y, &a), KG_OK, "a claim");
    a.modality = KG_MOD_DENIED, a.claimant = z;
    is_int(kg_bulk_edge(b, z, "attacked", y, &a), KG_OK, "a denial");
    a.modality = KG_MOD_REPORTED, a.claimant = 0;
    is_int(kg_bulk_edge(b, x, "killed", z, &a), KG_OK, "a report");
    a.modality = 7;
    is_int(kg_bulk_edge(b, x, "killed", y, &a), KG_INVALID, "modality 7 refused");
    a.modality = 0, a.claimant = 12345;
    is_int(kg_bulk_edge(b, x, "killed", y, &a), KG_NOTFOUND, "a missing claimant refused");
    is_int(kg_bulk_commit(b, NULL, NULL), KG_OK, "bulk commit");
    is_int(problems_of(db), 0, "kg check clean (claims, hidden marks and counts)");
    kg_begin(db, KG_TXN_READ, &t);
    kg_iter *it;
    kg_neighbors(t, x, "attacked", KG_OUT, &it);
    ok(kg_iter_next(it, NULL, &e) == KG_ROW, "Iran attacked: one relation");
    kg_iter_close(it);
    is_int(modality_of(t, e), KG_MOD_CLAIMED, "claimed");
    kg_evidence got;
    rows_of(t, e, &got);
    ok(got.claimant == c && got.modality == KG_MOD_CLAIMED, "its row names Tasnim");
    kg_abort(t);
    /* a second bulk adds to an existing hidden edge through the ordinary path */
    is_int(kg_bulk_begin(db, 0, &b), KG_OK, "bulk begin");
    kg_evidence s = {0, 5, 9, KG_NODATE, 1.0f, "g", KG_MOD_ASSERTED, 0, 0, 0, 0};
    is_int(kg_bulk_edge(b, x, "attacked", y, &s), KG_OK, "an assertion of the claimed relation");
    is_int(kg_bulk_commit(b, NULL, NULL), KG_OK, "bulk commit");
    kg_begin(db, KG_TXN_READ, &t);
    is_int(modality_of(t, e), KG_MOD_ASSERTED, "asserted now");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check clean");
    kg_close(db);
}

/* A database written by this kg, turned into formats 2 and 3 by tests/oldformat.h. */
static void test_upgrade(int version)
{
    char name[32];
    snprintf(name, sizeof name, "old%d", version);
    const char *p = tmpdb(name);
    kg_db *db;
    kg_txn *t;
    kg_id a, b, c, e;
    int st;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "person", "Alpha", &a, NULL);
    kg_node_get_or_create(t, "person", "Beta", &b, NULL);
    kg_node_get_or_create(t, "person", "Gamma", &c, NULL);
    kg_doc d = {0,  "d.txt", NULL, NULL, KG_NODATE, "Alpha killed Beta. Alpha met Gamma.",
                35, NULL,    0,    0,    0};
    kg_id doc;
    kg_doc_register(t, &d, &doc, &st);
    char rule[16];
    for (int i = 0; i < 300; i++) { /* several pages of rows */
        snprintf(rule, sizeof rule, "r%d", i % 7);
        kg_evidence ev = {doc, (uint32_t)i, (uint32_t)i + 18, 18000 + i, 0.5f, rule, 0, 0, 0, 0, 0};
        kg_edge_add(t, a, "killed", b, &ev, &e);
        if (i % 3 == 0) kg_edge_add(t, a, "met", c, &ev, NULL);
    }
    kg_commit(t);
    kg_close(db);
    is_int(kgt_to_old_format(p, version), 0, "format %d written", version);

    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "format %d opens read-only", version);
    kg_begin(db, KG_TXN_READ, &t);
    kg_evidence got;
    is_int(rows_of(t, e, &got), 300, "every row read");
    ok(got.modality == KG_MOD_ASSERTED && got.claimant == 0 && got.start == 0 && got.end == 18 &&
           got.date == 18000 && got.rule && !strcmp(got.rule, "r0"),
       "rows as they were, asserted, no claimant");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check of the old database is clean");
    is_int(kg_begin(db, KG_TXN_WRITE, &t), KG_READONLY, "no writes on it read-only");

    /* another process (here: handle) upgrades it while the read-only one is open */
    kg_db *w;
    is_int(kg_open(p, 0, NULL, &w), KG_OK, "format %d opened for writing: upgraded", version);
    is_int(kg_begin(db, KG_TXN_READ, &t), KG_VERSION, "the read-only handle asks to be reopened");
    kg_close(db);
    kg_begin(w, KG_TXN_WRITE, &t);
    is_int(rows_of(t, e, &got), 300, "every row kept");
    ok(got.modality == KG_MOD_ASSERTED && got.claimant == 0 && got.end == 18 &&
           !strcmp(got.rule, "r0"),
       "as they were");
    kg_evidence cl = {doc, 19, 35, KG_NODATE, 0.4f, "claim", KG_MOD_CLAIMED, c, 0, 0, 0};
    is_int(kg_edge_add(t, b, "killed", a, &cl, NULL), KG_OK, "a claim in the upgraded database");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(w), 0, "kg check clean after the upgrade");
    kg_stats s;
    kg_begin(w, KG_TXN_READ, &t);
    kg_stats_get(t, &s);
    kg_abort(t);
    ok(s.evidence == 300 + 100 + 1 && s.edges == 3, "counts: %llu rows, %llu edges",
       (unsigned long long)s.evidence, (unsigned long long)s.edges);
    kg_close(w);
    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "reopens read-only in format 4");
    kg_close(db);
}

/* An upgrade that does not fit in the map at first: grown and run again. */
static void test_upgrade_grows(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s", tmpdb("grow"));
    kg_db *db;
    kg_txn *t;
    kg_id a, b;
    kg_options o = {65536 * 4, 0, 0};
    kg_open(p, KG_OPEN_CREATE, &o, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "person", "A", &a, NULL);
    for (int i = 0; i < 3000; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "B%d", i);
        kg_node_get_or_create(t, "person", nm, &b, NULL);
        kg_evidence ev = {0, (uint32_t)i, (uint32_t)i + 1, KG_NODATE, 1.0f, "x", 0, 0, 0, 0, 0};
        kg_edge_add(t, a, "knows", b, &ev, NULL);
        ev.start++;
        kg_edge_add(t, a, "knows", b, &ev, NULL);
    }
    is_int(kg_commit(t), KG_OK, "6000 rows");
    kg_close(db);
    is_int(kgt_to_old_format(p, 3), 0, "format 3 written");
    struct stat sb;
    char f[600];
    snprintf(f, sizeof f, "%s/data.mdb", p);
    stat(f, &sb);
    kg_options small = {(size_t)sb.st_size, 0, 0};
    is_int(kg_open(p, 0, &small, &db), KG_OK, "upgraded with a map just the file's size");
    is_int(problems_of(db), 0, "kg check clean");
    kg_close(db);
}

int main(void)
{
    plan(95);
    snprintf(dir, sizeof dir, "/tmp/kg-modality-test-%d", (int)getpid());
    mkdir(dir, 0775);
    test_names();
    test_rows();
    test_bulk();
    test_upgrade(2);
    test_upgrade(3);
    test_upgrade_grows();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (getenv("KEEP")) return done_testing();
    if (system(cmd)) diag("could not remove %s", dir);
    return done_testing();
}
