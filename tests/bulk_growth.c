/*
** bulk_growth.c -- TAP test (tests layer): a bulk load grows the map as it
** goes and registers its documents in bulk (store.c, "bulk writes").
**  1. A load far larger than its size hint and than the map it starts in
**     (1 MiB) commits: the write phase is written again after each growth,
**     kg check is clean, and the database equals that of a load with a good
**     hint (every relation with its evidence, every document and its node).
**  2. A fact file's large text is not journaled: the map grows for it, the
**     checkpoint commits it and the load grows on; a load without that
**     checkpoint that fills the map fails with KG_FULL saying why.
**  3. Documents registered in bulk keep kg_doc_register's answers (new, same,
**     changed, read again), kg_doc_find and kg_doc_get see them before the
**     commit, and their nodes carry the properties an ordinary registration
**     gives them.
**  4. A map that cannot grow (kg_options.map_max) ends the load with KG_FULL
**     and a clear message; what was stored before is all there, checks clean,
**     and the handle goes on writing.
** All names and documents are invented for the test.
*/
#include "kg.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[256];

static void path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmp, name);
}

static int grows; /* map growths seen by the test hook */

static void hook(const char *point, void *ctx)
{
    (void)ctx;
    if (!strcmp(point, "grow")) grows++;
}

static kg_db *open_db(const char *name, size_t initial, size_t max)
{
    char p[300];
    path(p, sizeof p, name);
    kg_options opt = {0};
    opt.map_initial = initial, opt.map_max = max;
    kg_db *db = NULL;
    if (kg_open(p, KG_OPEN_CREATE | KG_OPEN_NOSYNC, &opt, &db)) {
        diag("open %s: %s", name, db ? kg_errmsg(db) : "");
        return NULL;
    }
    kg_set_test_hook(db, hook, NULL);
    return db;
}

static uint64_t problems(kg_db *db)
{
    uint64_t n = 99;
    if (kg_check(db, NULL, NULL, &n)) return 98;
    return n;
}

static kg_stats stats(kg_db *db)
{
    kg_txn *t;
    kg_stats s = {0};
    if (kg_begin(db, KG_TXN_READ, &t) == KG_OK) kg_stats_get(t, &s), kg_abort(t);
    return s;
}

/* The answer of query q as JSON (caller frees), "" on error. */
static char *answer(kg_db *db, const char *q)
{
    char *out = NULL;
    if (kg_query_json(db, q, NULL, &out)) {
        diag("query failed: %s", kg_errmsg(db));
        return strdup("");
    }
    return out;
}

static const char *const types[] = {"person", "organisation", "place", "base"};
static const char *const rels[] = {"attacked", "member-of", "located-at", "leads"};

/* A bulk load of `ndocs` documents, `nnodes` nodes and `nrels` relations,
** each relation's evidence in one of the documents. */
static int load(kg_db *db, size_t hint, int ndocs, int nnodes, int nrels)
{
    kg_bulk *b;
    int rc = kg_bulk_begin(db, hint, &b);
    if (rc) return rc;
    kg_id *doc = calloc((size_t)ndocs, sizeof *doc), *node = calloc((size_t)nnodes, sizeof *node);
    char key[64], name[96];
    for (int i = 0; i < ndocs && !rc; i++) {
        snprintf(key, sizeof key, "report %05d", i);
        kg_doc d = {0};
        d.key = key, d.title = i % 3 ? "Weekly report" : NULL, d.date = 18000 + i % 700;
        d.text = key, d.text_len = strlen(key);
        int st;
        rc = kg_doc_register(kg_bulk_txn(b), &d, &doc[i], &st);
    }
    for (int i = 0; i < nnodes && !rc; i++) {
        int n = snprintf(name, sizeof name, "Tarvel Ostrun Mekka %06d", i);
        rc = kg_bulk_node(b, types[i % 4], name, (size_t)n, 0, &node[i]);
    }
    for (int i = 0; i < nrels && !rc; i++) {
        kg_evidence ev = {doc[i % ndocs],  0, 6, 18000, 0.9f, "curated",
                          KG_MOD_ASSERTED, 0, 0, 0,     0};
        int s = i % nnodes, d = (s + 1 + (i / nnodes) * 37 + i % 11) % nnodes;
        if (s == d) d = (d + 1) % nnodes;
        rc = kg_bulk_edge(b, node[s], rels[i % 4], node[d], &ev);
    }
    free(doc), free(node);
    if (rc) {
        kg_bulk_abort(b);
        return rc;
    }
    return kg_bulk_commit(b, NULL, NULL);
}

static const char *const Q_RELS =
    "MATCH (a)-[r]->(b) UNWIND evidence(r) AS e RETURN a.name, type(r), b.name, e.doc, e.date "
    "ORDER BY a.name, type(r), b.name, e.doc";
static const char *const Q_DOCS =
    "MATCH (d:document) RETURN d.name, d.title, d.date, d.hash, d.load ORDER BY d.name";

/* 1. a low hint and a small map */
static void low_hint(void)
{
    kg_db *ref = open_db("ref", 0, 0), *db = open_db("low", 1 << 20, 0);
    if (!ref || !db) return;
    is_int(load(ref, 64 << 20, 3000, 6000, 40000), KG_OK, "reference load with a good hint");
    grows = 0;
    int rc = load(db, 1, 3000, 6000, 40000);
    is_int(rc, KG_OK, "a load of about 10 MB with a 1-byte hint in a 1 MiB map commits");
    if (rc) diag("%s", kg_errmsg(db));
    ok(grows >= 3, "the map grew as it went (%d times)", grows);
    kg_stats s = stats(db), r = stats(ref);
    ok(s.map_size > (4u << 20), "to %zu bytes", s.map_size);
    is_int(problems(db), 0, "kg check is clean");
    ok(s.nodes == r.nodes && s.edges == r.edges && s.evidence == r.evidence && s.docs == r.docs &&
           s.aliases == r.aliases,
       "the counts equal the reference's (%llu nodes, %llu edges, %llu rows, %llu documents)",
       (unsigned long long)s.nodes, (unsigned long long)s.edges, (unsigned long long)s.evidence,
       (unsigned long long)s.docs);
    char *a = answer(db, Q_RELS), *b = answer(ref, Q_RELS);
    ok(*a && !strcmp(a, b), "every relation and evidence row equals the reference's");
    free(a), free(b);
    a = answer(db, Q_DOCS), b = answer(ref, Q_DOCS);
    ok(*a && !strcmp(a, b), "every document node equals the reference's");
    free(a), free(b);
    kg_close(db), kg_close(ref);
}

/* A bulk load in db with hint 1: `before` (may be NULL) registered first,
** then `big` (len bytes of text), 3000 nodes, `after` (may be NULL) and 30000
** relations with evidence in the documents. */
static int load_text(kg_db *db, const char *before, const char *big, const char *text, size_t len,
                     const char *after)
{
    kg_bulk *b;
    int rc = kg_bulk_begin(db, 1, &b), st;
    kg_id doc[3] = {0}, node[3000];
    const char *keys[3] = {before, big, after};
    for (int i = 0; i < 3 && !rc; i++) {
        if (i == 2) /* the first node: the checkpoint, when it comes */
            for (int j = 0; j < 3000 && !rc; j++) {
                char name[64];
                int n = snprintf(name, sizeof name, "Harl Vesto Amrun %05d", j);
                rc = kg_bulk_node(b, types[j % 4], name, (size_t)n, 0, &node[j]);
            }
        if (!keys[i] || rc) continue;
        kg_doc d = {0};
        d.key = keys[i], d.date = KG_NODATE;
        if (i == 1) d.text = text, d.text_len = len;
        rc = kg_doc_register(kg_bulk_txn(b), &d, &doc[i], &st);
    }
    for (int i = 0; i < 30000 && !rc; i++) {
        kg_evidence ev = {doc[1 + (i % 2 && after)],
                          (uint32_t)i,
                          (uint32_t)i + 4,
                          KG_NODATE,
                          1.0f,
                          NULL,
                          KG_MOD_ASSERTED,
                          0,
                          0,
                          0,
                          0};
        int s = i % 3000, d = (s + 1 + i / 3000 * 7) % 3000;
        rc = kg_bulk_edge(b, node[s], rels[i % 4], node[d], &ev);
    }
    if (rc) {
        kg_bulk_abort(b);
        return rc;
    }
    return kg_bulk_commit(b, NULL, NULL);
}

/* 2. a large document (a fact file): not journaled, the map grown for it;
** committed by the checkpoint, after which the map grows on; without the
** checkpoint a full map ends the load, saying why */
static void large_document(void)
{
    kg_db *db = open_db("large", 1 << 20, 0);
    if (!db) return;
    size_t len = 5 << 20;
    char *text = malloc(len);
    for (size_t i = 0; i < len; i++)
        text[i] = "Nothing happened in Vel Arrun that week. "[i % 41];
    grows = 0;
    int rc = load_text(db, NULL, "long report", text, len, "short report");
    is_int(rc, KG_OK, "a 5 MB document and 30000 relations with a 1-byte hint in a 1 MiB map");
    if (rc) diag("%s", kg_errmsg(db));
    ok(grows >= 3, "the map grew for the text and as the relations were written (%d times)", grows);
    ok(stats(db).map_size >= (16u << 20), "past the room made for the text (map %zu bytes)",
       stats(db).map_size);
    is_int(problems(db), 0, "kg check is clean (no document half-loaded)");
    kg_txn *t;
    kg_doc got = {0};
    kg_id id = 0;
    kg_begin(db, KG_TXN_READ, &t);
    rc = kg_doc_find(t, "long report", &id);
    if (!rc) rc = kg_doc_get(t, id, &got);
    ok(rc == KG_OK && got.text_len == len && !memcmp(got.text, text, len),
       "the large document's text is whole");
    kg_abort(t);
    char *a = answer(db, "MATCH ()-[r]->() RETURN count(*), sum(r.count)");
    is_str(a, "{\"columns\":[\"count(*)\",\"sum(r.count)\"],\"rows\":[[30000,30000]]}",
           "every relation is there with its evidence");
    free(a);
    kg_close(db);
    /* a document waiting for the commit is registered first: no checkpoint */
    db = open_db("large2", 1 << 20, 0);
    if (!db) return;
    kg_stats before = stats(db);
    rc = load_text(db, "first note", "long report", text, len, NULL);
    is_int(rc, KG_FULL, "without the checkpoint a full map ends the load");
    ok(strstr(kg_errmsg(db), "size hint") != NULL, "saying so: %s", kg_errmsg(db));
    kg_stats s = stats(db);
    ok(s.nodes == before.nodes && s.docs == before.docs && s.edges == before.edges,
       "nothing of it was stored");
    is_int(problems(db), 0, "kg check is clean");
    kg_close(db);
    free(text);
}

/* 3. kg_doc_register's answers inside a bulk load */
static void registration(void)
{
    kg_db *db = open_db("docs", 0, 0), *ref = open_db("docs-ref", 0, 0);
    if (!db || !ref) return;
    uint32_t gen;
    kg_load_begin(db, 1700000000, "bulk", &gen), kg_load_begin(ref, 1700000000, "one by one", &gen);
    kg_bulk *b;
    if (kg_bulk_begin(db, 0, &b)) return;
    kg_txn *t = kg_bulk_txn(b), *rt;
    kg_begin(ref, KG_TXN_WRITE, &rt);
    kg_doc d = {0};
    d.key = "Harbour bulletin", d.title = "First", d.author = "Lia Moren", d.date = 18500;
    d.text = "Ships left.", d.text_len = 11, d.fingerprint = "reader 1";
    kg_id id = 0, again = 0, found = 0, rid;
    int st = 0, rst;
    is_int(kg_doc_register(t, &d, &id, &st), KG_OK, "register a document in bulk");
    is_int(st, KG_DOC_NEW, "it is new");
    kg_doc_register(rt, &d, &rid, &rst);
    is_int(kg_doc_register(t, &d, &again, &st), KG_OK, "register it again");
    ok(st == KG_DOC_SAME && again == id, "the same (status %d)", st);
    d.title = "Second", d.text = "Ships left port.", d.text_len = 16;
    kg_doc_register(t, &d, &again, &st);
    ok(st == KG_DOC_CHANGED && again == id, "new text: changed (status %d)", st);
    kg_doc_register(rt, &d, &rid, &rst);
    d.fingerprint = "reader 2";
    kg_doc_register(t, &d, &again, &st);
    ok(st == KG_DOC_REREAD && again == id, "another fingerprint: read again (status %d)", st);
    kg_doc_register(rt, &d, &rid, &rst);
    d.flags = KG_DOC_FORCE;
    kg_doc_register(t, &d, &again, &st);
    ok(st == KG_DOC_REREAD, "forced: read again (status %d)", st);
    kg_doc_register(rt, &d, &rid, &rst);
    ok(kg_doc_find(t, "Harbour bulletin", &found) == KG_OK && found == id,
       "kg_doc_find sees it before the commit");
    kg_doc got = {0};
    ok(kg_doc_get(t, id, &got) == KG_OK && !strcmp(got.key, "Harbour bulletin") && got.title &&
           !strcmp(got.title, "Second") && got.text_len == 16 &&
           !memcmp(got.text, "Ships left port.", 16) && got.fingerprint &&
           !strcmp(got.fingerprint, "reader 2") && got.node != 0,
       "kg_doc_get sees its last registration");
    kg_id x, y, dn = 0;
    is_int(kg_bulk_node(b, "document", "Harbour bulletin", 16, 0, &dn), KG_OK,
           "kg_bulk_node finds the node of a document registered in the load");
    ok(dn == got.node, "the document's own node");
    is_int(kg_bulk_node(b, "document", "Harbour gazette", 15, 0, &dn), KG_INVALID,
           "but makes no document node without a document (invariant 11): %s", kg_errmsg(db));
    kg_bulk_node(b, "person", "Lia Moren", 9, 0, &x);
    kg_bulk_node(b, "place", "Port Sallow", 11, 0, &y);
    kg_evidence ev = {id, 0, 5, 18500, 1.0f, NULL, KG_MOD_ASSERTED, 0, 0, 0, 0};
    kg_bulk_edge(b, x, "located-at", y, &ev);
    is_int(kg_bulk_commit(b, NULL, NULL), KG_OK, "the load commits");
    kg_commit(rt);
    is_int(problems(db), 0, "kg check is clean");
    const char *q = "MATCH (d:document) RETURN d.name, d.title, d.author, d.date, d.hash, "
                    "d.extractor, d.load, d.loaded";
    char *a = answer(db, q), *r = answer(ref, q);
    ok(*a && !strcmp(a, r), "its node's properties equal an ordinary registration's");
    free(a), free(r);
    /* registered again in a later bulk load: the stored document answers */
    if (kg_bulk_begin(db, 0, &b)) return;
    d.flags = 0;
    is_int(kg_doc_register(kg_bulk_txn(b), &d, &again, &st), KG_OK, "a later bulk load");
    ok(st == KG_DOC_SAME && again == id, "finds it the same (status %d)", st);
    ok(kg_bulk_node(b, "document", "Harbour bulletin", 16, 0, &dn) == KG_OK && dn == got.node,
       "kg_bulk_node finds a stored document's node");
    kg_bulk_abort(b);
    kg_load_end(db), kg_load_end(ref);
    kg_close(db), kg_close(ref);
}

/* 4. a map that cannot grow */
static void cannot_grow(void)
{
    kg_db *db = open_db("full", 1 << 20, 4 << 20);
    if (!db) return;
    int rc = load(db, 1, 100, 400, 2000);
    is_int(rc, KG_OK, "a small load commits in a map limited to 4 MiB");
    kg_stats before = stats(db);
    char *q0 = answer(db, Q_RELS), *d0 = answer(db, Q_DOCS);
    rc = load(db, 1, 5000, 10000, 60000);
    is_int(rc, KG_FULL, "a load larger than the limit fails with KG_FULL");
    const char *msg = kg_errmsg(db);
    ok(strstr(msg, "full") && strstr(msg, "limit"), "saying so: %s", msg);
    kg_stats s = stats(db);
    ok(s.nodes == before.nodes && s.edges == before.edges && s.evidence == before.evidence &&
           s.docs == before.docs && s.aliases == before.aliases,
       "nothing of it was stored and nothing was lost");
    is_int(problems(db), 0, "kg check is clean");
    char *q1 = answer(db, Q_RELS), *d1 = answer(db, Q_DOCS);
    ok(*q1 && !strcmp(q0, q1) && !strcmp(d0, d1), "every stored relation and document is there");
    free(q1), free(d1);
    is_int(load(db, 1, 10, 20, 30), KG_OK, "the handle goes on writing");
    kg_close(db);
    db = open_db("full", 1 << 20, 4 << 20);
    is_int(db ? problems(db) : 99, 0, "and the database opens again clean");
    kg_close(db);
    free(q0), free(d0);
}

int main(void)
{
    plan(44);
    snprintf(tmp, sizeof tmp, "%s/kg-bulkgrowth-%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid());
    if (mkdir(tmp, 0700) != 0) {
        diag("cannot make %s", tmp);
        return 1;
    }
    low_hint();
    large_document();
    registration();
    cannot_grow();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd)) diag("could not remove %s", tmp);
    return done_testing();
}
