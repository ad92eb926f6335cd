/*
** docgraph.c -- documents and mentions in the graph, fingerprints and load
** generations through the C API (tests layer, format 5): a document's node
** and its properties, kg_mention_add and the hidden mentioned-in relation,
** KG_DOC_REREAD, the load a row keeps when its document is read again,
** kg_check, and the upgrades of format 4, 5 and 6 databases (tests/oldformat.h).
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

/* The rows of a query as JSON (static buffer), or the error. */
static const char *q(kg_db *db, const char *query)
{
    static char buf[4096];
    char *out = NULL;
    if (kg_query_json(db, query, NULL, &out) != KG_OK) {
        snprintf(buf, sizeof buf, "error: %s", kg_errmsg(db));
        return buf;
    }
    const char *rows = strstr(out, "\"rows\":");
    snprintf(buf, sizeof buf, "%s", rows ? rows + 7 : out);
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '}') buf[n - 1] = 0;
    kg_free(out);
    return buf;
}

/* The first evidence row of edge e. */
static int row_of(kg_txn *t, kg_id e, kg_evidence *out)
{
    kg_iter *it;
    if (kg_edge_evidence(t, e, &it)) return -1;
    int rc = kg_iter_evidence(it, out);
    kg_iter_close(it);
    return rc == KG_ROW ? 0 : -1;
}

static const char TEXT[] = "Alpha met Beta in Gamma. Alpha left.";

static void test_nodes_and_mentions(void)
{
    kg_db *db;
    kg_txn *t;
    kg_open(tmpdb("one"), KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc d = {0, "news/a.md", "A title", "A. Writer", 18000, TEXT, sizeof TEXT - 1, NULL,
                0, 0,           0};
    kg_id doc, a, b, e;
    int st;
    is_int(kg_doc_register(t, &d, &doc, &st), KG_OK, "register");
    kg_doc got;
    kg_doc_get(t, doc, &got);
    ok(got.node != 0, "the document has a node");
    kg_node n;
    kg_node_get(t, got.node, &n);
    ok(!strcmp(n.type, "document") && !strcmp(n.name, "news/a.md"),
       "of type document, named by its key");
    kg_node_get_or_create(t, "person", "Alpha", &a, NULL);
    kg_node_get_or_create(t, "person", "Beta", &b, NULL);
    kg_id x;
    is_int(kg_node_get_or_create(t, "document", "other.md", &x, NULL), KG_INVALID,
           "no document node without a document");
    is_int(kg_node_get_or_create(t, "document", "news/a.md", &x, NULL), KG_OK,
           "the document's own node is found");
    ok(x == got.node, "the same node");
    is_int(kg_mention_add(t, a, doc, 0, 5), KG_OK, "a mention");
    is_int(kg_mention_add(t, a, doc, 25, 30), KG_OK, "a second mention of the same entity");
    is_int(kg_mention_add(t, b, doc, 10, 14), KG_OK, "a mention of another");
    is_int(kg_mention_add(t, b, doc, 10, 400), KG_RANGE, "a span outside the text is refused");
    is_int(kg_mention_add(t, got.node, doc, 0, 5), KG_INVALID, "a document mentions no document");
    kg_evidence ev = {doc, 0, 24, 18000, 1.0f, "r", 0, 0, 0, 0, 0};
    is_int(kg_edge_add(t, a, "mentioned-in", got.node, &ev, NULL), KG_INVALID,
           "kg_edge_add refuses mentioned-in");
    is_int(kg_edge_add(t, a, "met", b, &ev, &e), KG_OK, "a relation");
    is_int(kg_node_delete(t, got.node, 1), KG_INVALID, "a document's node cannot be deleted");
    is_int(kg_commit(t), KG_OK, "commit");
    is_int(problems_of(db), 0, "kg check clean");

    is_str(
        q(db, "MATCH (d:document) RETURN d.name, d.title, d.author, d.date, d.load, size(d.hash)"),
        "[[\"news/a.md\",\"A title\",\"A. Writer\",\"2019-04-14\",0,32]]",
        "(d:document) with its properties");
    is_str(q(db, "MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name"),
           "[[\"Alpha\",\"met\",\"Beta\"]]", "a plain pattern does not see mentions");
    is_str(q(db, "MATCH (e)-[r:mentioned-in]->(d) RETURN e.name, d.name, size(evidence(r)) ORDER "
                 "BY e.name"),
           "[[\"Alpha\",\"news/a.md\",2],[\"Beta\",\"news/a.md\",1]]",
           "-[:mentioned-in]-> reaches them, one row per mention");
    is_str(q(db, "MATCH (e {name: \"Beta\"})-[r:mentioned-in]->(d) UNWIND evidence(r) AS m RETURN "
                 "m.sentence, m.rule"),
           "[[\"Beta\",\"mention\"]]", "a mention's evidence is the name's span");
    is_str(q(db, "MATCH (a)-[*1..3]-(b {name: \"Beta\"}) RETURN DISTINCT a.name"), "[[\"Alpha\"]]",
           "variable-length paths do not go through documents");
    kg_close(db);
}

static void test_reread_and_loads(void)
{
    kg_db *db;
    kg_txn *t;
    kg_open(tmpdb("two"), KG_OPEN_CREATE, NULL, &db);
    uint32_t g;
    is_int(kg_load_begin(db, 86400 * 10, "first load", &g), KG_OK, "a load begins");
    is_int(g, 1, "generation 1");
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc d = {0, "a.md", NULL, NULL, 18000, TEXT, sizeof TEXT - 1, "loader 1", 0, 0, 0};
    kg_id doc, a, b, c, e;
    int st;
    kg_doc_register(t, &d, &doc, &st);
    kg_node_get_or_create(t, "person", "Alpha", &a, NULL);
    kg_node_get_or_create(t, "person", "Beta", &b, NULL);
    kg_node_get_or_create(t, "place", "Gamma", &c, NULL);
    kg_evidence ev = {doc, 0, 24, 18000, 1.0f, "r", 0, 0, 18003, 0, 0};
    kg_edge_add(t, a, "met", b, &ev, &e);
    kg_mention_add(t, a, doc, 0, 5);
    kg_evidence got;
    row_of(t, e, &got);
    ok(got.load == 1 && got.event_date == 18003 && got.date == 18000,
       "a row keeps its load (%u), event date and report date", got.load);
    kg_commit(t);
    kg_load_end(db);

    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc_register(t, &d, &doc, &st);
    is_int(st, KG_DOC_SAME, "same text, same fingerprint: unchanged");
    d.fingerprint = NULL;
    kg_doc_register(t, &d, &doc, &st);
    is_int(st, KG_DOC_SAME, "no fingerprint given: compared by text");
    kg_commit(t);

    kg_load_begin(db, 86400 * 20, "second load", &g);
    is_int(g, 2, "generation 2");
    kg_begin(db, KG_TXN_WRITE, &t);
    d.fingerprint = "loader 2";
    kg_doc_register(t, &d, &doc, &st);
    is_int(st, KG_DOC_REREAD, "another fingerprint: read again");
    kg_stats s;
    kg_stats_get(t, &s);
    ok(s.edges == 0 && s.evidence == 0, "its relations and mentions went (%llu, %llu)",
       (unsigned long long)s.edges, (unsigned long long)s.evidence);
    kg_id e2;
    kg_edge_add(t, a, "met", b, &ev, &e);
    kg_edge_add(t, a, "visited", c, &ev, &e2);
    row_of(t, e, &got);
    is_int(got.load, 1, "a relation stated again keeps the load it was first seen in");
    row_of(t, e2, &got);
    is_int(got.load, 2, "a new one has the load it came in");
    kg_commit(t);
    kg_load_end(db);
    kg_begin(db, KG_TXN_WRITE, &t);
    d.flags = KG_DOC_FORCE;
    kg_doc_register(t, &d, &doc, &st);
    is_int(st, KG_DOC_REREAD, "KG_DOC_FORCE: read again");
    kg_abort(t);

    is_str(q(db, "MATCH (d:document) RETURN d.load, d.loaded, d.extractor"),
           "[[2,\"1970-01-21\",\"loader 2\"]]", "the document's load, its date and its extractor");
    kg_begin(db, KG_TXN_READ, &t);
    kg_load l;
    is_int(kg_load_get(t, 0, &l), KG_OK, "the last load");
    ok(l.id == 2 && l.time == 86400 * 20 && !strcmp(l.note, "second load"),
       "generation, time, note");
    kg_doc dg;
    kg_doc_get(t, doc, &dg);
    ok(dg.load == 2 && dg.fingerprint && !strcmp(dg.fingerprint, "loader 2"),
       "kg_doc_get gives its load and fingerprint");
    is_int(kg_load_get(t, 3, &l), KG_NOTFOUND, "no generation 3");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check clean");
    kg_close(db);
}

static void test_upgrade4(void)
{
    const char *p = tmpdb("four");
    kg_db *db;
    kg_txn *t;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc d = {0, "old.md", "Old", NULL, 18000, TEXT, sizeof TEXT - 1, NULL, 0, 0, 0};
    kg_id doc, a, b, e;
    int st;
    kg_doc_register(t, &d, &doc, &st);
    kg_node_get_or_create(t, "person", "Alpha", &a, NULL);
    kg_node_get_or_create(t, "person", "Beta", &b, NULL);
    for (int i = 0; i < 200; i++) {
        kg_evidence ev = {doc, (uint32_t)i,           (uint32_t)i + 9,    18000 + i, 0.5f,
                          "r", (uint8_t)(i % 3 == 1), i % 3 == 2 ? b : 0, 0,         0,
                          0};
        kg_edge_add(t, a, "met", b, &ev, &e);
    }
    kg_commit(t);
    kg_close(db);
    is_int(kgt_to_old_format(p, 4), 0, "format 4 written");

    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "format 4 opens read-only");
    kg_begin(db, KG_TXN_READ, &t);
    kg_doc got;
    kg_doc_get(t, doc, &got);
    ok(got.node == 0 && !strcmp(got.title, "Old"), "its documents have no node in their record");
    kg_evidence ev;
    row_of(t, e, &ev);
    ok(ev.event_date == KG_NODATE && ev.load == 0 && ev.date == 18000,
       "rows read: no event date, load 0");
    kg_load l;
    is_int(kg_load_get(t, 0, &l), KG_NOTFOUND, "no load generations");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check of the format 4 database is clean");
    kg_close(db);

    is_int(kg_open(p, 0, NULL, &db), KG_OK, "opened for writing: upgraded to format 5");
    kg_begin(db, KG_TXN_READ, &t);
    kg_doc_get(t, doc, &got);
    ok(got.node != 0, "every document has its node");
    kg_stats s;
    kg_stats_get(t, &s);
    ok(s.evidence == 200 && s.edges == 1, "every row kept (%llu)", (unsigned long long)s.evidence);
    kg_iter *it;
    int n = 0, same = 1;
    kg_edge_evidence(t, e, &it);
    while (kg_iter_evidence(it, &ev) == KG_ROW) {
        same &= ev.modality == (n % 3 == 1) && ev.claimant == (n % 3 == 2 ? b : 0) &&
                ev.start == (uint32_t)n && ev.event_date == KG_NODATE && ev.load == 0;
        n++;
    }
    kg_iter_close(it);
    ok(same && n == 200, "as they were, in order");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check clean after the upgrade");
    is_str(q(db, "MATCH (d:document) RETURN d.name, d.title"), "[[\"old.md\",\"Old\"]]",
           "the document's node is queried");
    kg_close(db);
    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "reopens read-only in format 5");
    kg_close(db);
}

/* Do edge e's rows equal a and b (in the table's order: the bare row first,
** its start is lower), every field? */
static int rows_are(kg_db *db, kg_id e, const kg_evidence *a, const kg_evidence *b)
{
    kg_txn *t;
    kg_iter *it;
    kg_evidence ev, want[2] = {*b, *a};
    int n = 0, same = 1;
    if (kg_begin(db, KG_TXN_READ, &t)) return 0;
    kg_edge_evidence(t, e, &it);
    while (kg_iter_evidence(it, &ev) == KG_ROW) {
        const kg_evidence *w = n < 2 ? &want[n] : NULL;
        same &= w && ev.doc == w->doc && ev.start == w->start && ev.end == w->end &&
                ev.date == w->date && ev.confidence == w->confidence &&
                !strcmp(ev.rule ? ev.rule : "", w->rule ? w->rule : "") &&
                ev.modality == w->modality && ev.claimant == w->claimant &&
                ev.event_date == (w->event_date ? w->event_date : KG_NODATE) && ev.load == 0 &&
                ev.event_month == w->event_month;
        n++;
    }
    kg_iter_close(it);
    kg_abort(t);
    return same && n == 2;
}

/* Format 5 -> 6: edges records of 32 bytes become varints (engine/store.c,
** upgrade6); a format 5 database is read as it is read-only. */
static void test_upgrade5(void)
{
    const char *p = tmpdb("five");
    kg_db *db;
    kg_txn *t;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc d = {0, "five.md", "Five", NULL, 18000, TEXT, sizeof TEXT - 1, NULL, 0, 0, 0};
    kg_id doc, a, b, c, e1, e2, e3;
    int st;
    kg_doc_register(t, &d, &doc, &st);
    kg_node_get_or_create(t, "person", "Alpha", &a, NULL);
    kg_node_get_or_create(t, "person", "Beta", &b, NULL);
    kg_node_get_or_create(t, "person", "Gamma", &c, NULL);
    kg_evidence ev = {doc, 1, 5, 18000, 0.5f, "r", KG_MOD_ASSERTED, 0, 0, 0, 0};
    kg_edge_add(t, a, "met", b, &ev, &e1);
    ev.start = 7;
    kg_edge_add(t, a, "met", b, &ev, &e1); /* two rows */
    ev.modality = KG_MOD_DENIED;
    kg_edge_add(t, b, "met", c, &ev, &e2);    /* hidden */
    kg_edge_add(t, c, "knows", a, NULL, &e3); /* no evidence */
    /* a row with every field away from its usual value (packed: all of them
    ** stored), and one with only its document (packed: 12 bytes) */
    kg_evidence full = {doc, 0x12345678, 0x12345680, -3, 0.25f, "rule-x", KG_MOD_CLAIMED,
                        a,   17000,      0,          1};
    kg_evidence bare = {doc, 0, 0, KG_NODATE, 1.0f, NULL, KG_MOD_ASSERTED, 0, 0, 0, 0};
    kg_id e4;
    kg_edge_add(t, c, "said", b, &full, &e4);
    kg_edge_add(t, c, "said", b, &bare, &e4);
    kg_commit(t);
    ok(rows_are(db, e4, &full, &bare), "the packed rows read back as written");
    kg_close(db);
    is_int(kgt_to_old_format(p, 5), 0, "format 5 written (32-byte edges records)");

    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "format 5 opens read-only");
    kg_begin(db, KG_TXN_READ, &t);
    kg_edge g;
    ok(kg_edge_get(t, e1, &g) == KG_OK && g.src == a && g.dst == b && !strcmp(g.rel, "met"),
       "its edges records are read");
    kg_abort(t);
    is_int(problems_of(db), 0, "kg check of the format 5 database is clean");
    is_str(q(db, "MATCH (x)-[r]->(y) RETURN x.name, type(r), y.name, r.count ORDER BY x.name"),
           "[[\"Alpha\",\"met\",\"Beta\",1],[\"Gamma\",\"knows\",\"Alpha\",0],"
           "[\"Gamma\",\"said\",\"Beta\",1]]",
           "queried as it is (the denied relation hidden)");
    kg_close(db);

    is_int(kg_open(p, 0, NULL, &db), KG_OK, "opened for writing: upgraded to format 6");
    kg_close(db);
    is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "reopens read-only in format 6");
    kg_begin(db, KG_TXN_READ, &t);
    int same = kg_edge_get(t, e1, &g) == KG_OK && g.src == a && g.dst == b && g.nevidence == 2;
    same &= kg_edge_get(t, e2, &g) == KG_OK && g.src == b && g.dst == c && g.nevidence == 1;
    same &= kg_edge_get(t, e3, &g) == KG_OK && g.src == c && g.dst == a && g.nevidence == 0 &&
            !strcmp(g.rel, "knows");
    ok(same, "every edges record as it was");
    kg_abort(t);
    ok(rows_are(db, e4, &full, &bare), "the rows packed by the upgrade read back as they were");
    is_int(problems_of(db), 0, "kg check clean after the upgrade");
    is_str(q(db, "MATCH (x)-[r]->(y) RETURN x.name, type(r), y.name, r.count ORDER BY x.name"),
           "[[\"Alpha\",\"met\",\"Beta\",1],[\"Gamma\",\"knows\",\"Alpha\",0],"
           "[\"Gamma\",\"said\",\"Beta\",1]]",
           "the same answers");
    kg_close(db);
    is_int(kgt_to_old_format(p, 5), 0, "and back to format 5: the records were varints");
}

/* The nodes named exactly `name` (WHERE n.name = ..., optionally typed) as
** "[id,id,...]" (static buffer), or the error. */
static const char *exact(kg_db *db, const char *type, const char *name)
{
    static char query[1024], out[256];
    snprintf(query, sizeof query, "MATCH (n%s%s) WHERE n.name = '%s' RETURN id(n) ORDER BY id(n)",
             type ? ":" : "", type ? type : "", name);
    const char *rows = q(db, query);
    size_t w = 0;
    for (const char *r = rows; *r && w + 1 < sizeof out; r++) /* [[1],[2]] -> [1,2] */
        if (*r != '[' && *r != ']') out[w++] = *r;
    out[w] = 0;
    return out;
}

/* Format 6 -> 7: the table canon (each node under its exact canonical name)
** is made by the first open for writing; opened read-only, a format 6
** database answers exact names from names and the nodes' records. One name
** under two types, two names with one normal form, and two names that share
** their first 480 bytes (one key in canon) are told apart by both. */
static void test_upgrade6(void)
{
    const char *p = tmpdb("six");
    static char longa[600], longb[600];
    memset(longa, 'q', sizeof longa - 1);
    memcpy(longb, longa, sizeof longb);
    longb[590] = 'r'; /* differs after the key's 480 bytes */
    kg_db *db;
    kg_txn *t;
    kg_id a, b, c, la, lb, gone, late;
    kg_open(p, KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_node_get_or_create(t, "person", "Dara Oslin", &a, NULL);
    kg_node_get_or_create(t, "place", "Dara Oslin", &b, NULL);
    kg_node_get_or_create(t, "person", "DARA OSLIN", &c, NULL);
    kg_node_get_or_create(t, "event", longa, &la, NULL);
    kg_node_get_or_create(t, "event", longb, &lb, NULL);
    kg_node_get_or_create(t, "person", "Brief Node", &gone, NULL);
    kg_node_delete(t, gone, 0);
    /* relations with 2 documents (3 rows), and with none */
    kg_doc d1 = {0, "six-1.md", NULL, NULL, 18000, TEXT, sizeof TEXT - 1, NULL, 0, 0, 0};
    kg_doc d2 = {0, "six-2.md", NULL, NULL, 18001, "Alpha met Beta.", 15, NULL, 0, 0, 0};
    kg_id doc1, doc2, e;
    int st;
    kg_doc_register(t, &d1, &doc1, &st);
    kg_doc_register(t, &d2, &doc2, &st);
    kg_evidence ev = {doc1, 0, 5, 18000, 0.5f, "r", KG_MOD_ASSERTED, 0, 0, 0, 0};
    kg_edge_add(t, a, "met", b, &ev, &e);
    ev.start = 6;
    kg_edge_add(t, a, "met", b, &ev, &e);
    ev.doc = doc2;
    kg_edge_add(t, a, "met", b, &ev, &e);
    kg_edge_add(t, b, "knows", a, NULL, &e);
    kg_commit(t);
    const char *counts = "[[\"knows\",0],[\"met\",2]]";
    const char *cq = "MATCH (x)-[r]->(y) WHERE type(r) <> 'mentioned-in' "
                     "RETURN type(r), r.count ORDER BY type(r)";
    char ab[64], ids[64];
    snprintf(ab, sizeof ab, "%llu,%llu", (unsigned long long)a, (unsigned long long)b);
    for (int round = 0; round < 3; round++) { /* format 7, 6 read-only, upgraded */
        const char *when[] = {"format 7", "format 6 read-only", "upgraded"};
        if (round == 1) {
            kg_close(db);
            is_int(kgt_to_old_format(p, 6), 0, "format 6 written (no canon table)");
            is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "format 6 opens read-only");
        } else if (round == 2) {
            kg_close(db);
            is_int(kg_open(p, 0, NULL, &db), KG_OK, "opened for writing: upgraded to format 7");
            kg_close(db);
            is_int(kg_open(p, KG_OPEN_READONLY, NULL, &db), KG_OK, "reopens read-only");
        }
        is_str(exact(db, NULL, "Dara Oslin"), ab, "%s: one name, two types", when[round]);
        snprintf(ids, sizeof ids, "%llu", (unsigned long long)a);
        is_str(exact(db, "person", "Dara Oslin"), ids, "%s: typed", when[round]);
        snprintf(ids, sizeof ids, "%llu", (unsigned long long)c);
        is_str(exact(db, NULL, "DARA OSLIN"), ids, "%s: same normal form, other name", when[round]);
        snprintf(ids, sizeof ids, "%llu", (unsigned long long)lb);
        is_str(exact(db, NULL, longb), ids, "%s: a name longer than a key", when[round]);
        is_str(exact(db, NULL, "Brief Node"), "", "%s: a deleted node is gone", when[round]);
        is_str(q(db, cq), counts, "%s: r.count", when[round]);
        is_int(problems_of(db), 0, "%s: kg check clean", when[round]);
    }
    kg_close(db);
    kg_open(p, 0, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_id f1 = 0, f2 = 0;
    ok(kg_node_find(t, "event", longa, &f1) == KG_OK && f1 == la &&
           kg_node_find(t, "person", "DARA OSLIN", &f2) == KG_OK && f2 == c,
       "kg_node_find reads canon");
    ok(kg_node_find(t, "place", "DARA OSLIN", &f1) == KG_NOTFOUND, "and checks the type");
    kg_node_get_or_create(t, "person", "Late Node", &late, NULL);
    kg_node_delete(t, c, 0);
    kg_doc d3 = {0, "six-3.md", NULL, NULL, 18002, "Alpha met Beta again.", 21, NULL, 0, 0, 0};
    kg_id doc3;
    kg_doc_register(t, &d3, &doc3, &st);
    ev.doc = doc3;
    kg_edge_add(t, a, "met", b, &ev, &e);
    kg_commit(t);
    is_str(q(db, cq), "[[\"knows\",0],[\"met\",3]]", "a third document: the count follows");
    kg_begin(db, KG_TXN_WRITE, &t);
    d2.text = "Beta stayed home.", d2.text_len = 17;
    kg_doc_register(t, &d2, &doc2, &st); /* changed: its rows go */
    ev.modality = KG_MOD_DENIED, ev.doc = doc3, ev.start = 9;
    kg_edge_add(t, b, "knows", a, &ev, &e); /* denied: hidden, count 1 */
    kg_commit(t);
    is_str(q(db, cq), "[[\"met\",2]]",
           "a document read again loses its rows: the count follows (knows is hidden now)");
    is_str(q(db, "MATCH (x)-[r {modality: 'denied'}]->(y) RETURN type(r), r.count"),
           "[[\"knows\",1]]", "the hidden relation's count");
    snprintf(ids, sizeof ids, "%llu", (unsigned long long)late);
    is_str(exact(db, NULL, "Late Node"), ids, "a node made after the upgrade is found");
    is_str(exact(db, NULL, "DARA OSLIN"), "", "one deleted after it is not");
    is_int(problems_of(db), 0, "kg check clean");
    kg_close(db);

    /* (15): kg check reports a node missing from canon */
    MDB_env *env;
    MDB_txn *mt;
    MDB_dbi canon;
    unsigned char idv[8];
    for (int i = 0; i < 8; i++)
        idv[i] = (unsigned char)(a >> (56 - 8 * i));
    MDB_val k = {10, "Dara Oslin"}, v = {8, idv};
    int rc = mdb_env_create(&env);
    if (!rc) mdb_env_set_maxdbs(env, 32), rc = mdb_env_open(env, p, 0, 0664);
    if (!rc) rc = mdb_txn_begin(env, NULL, 0, &mt);
    if (!rc) rc = mdb_dbi_open(mt, "canon", 0, &canon);
    if (!rc) rc = mdb_del(mt, canon, &k, &v);
    if (!rc) rc = mdb_txn_commit(mt);
    mdb_env_close(env);
    is_int(rc, 0, "a canon entry deleted behind kg's back");
    kg_open(p, KG_OPEN_READONLY, NULL, &db);
    is_int(problems_of(db), 2, "kg check reports the node and the count of entries");
    kg_close(db);

    /* (16): and an out entry whose count is not its record's */
    MDB_dbi out;
    MDB_cursor *oc;
    unsigned char key[12], val[16];
    for (int i = 0; i < 8; i++)
        key[i] = (unsigned char)(a >> (56 - 8 * i));
    rc = mdb_env_create(&env);
    if (!rc) mdb_env_set_maxdbs(env, 32), rc = mdb_env_open(env, p, 0, 0664);
    if (!rc) rc = mdb_txn_begin(env, NULL, 0, &mt);
    if (!rc) rc = mdb_dbi_open(mt, "out", MDB_DUPSORT | MDB_DUPFIXED, &out);
    if (!rc) rc = mdb_cursor_open(mt, out, &oc);
    k = (MDB_val){8, key};
    if (!rc) rc = mdb_cursor_get(oc, &k, &v, MDB_SET_RANGE); /* a's first out entry */
    if (!rc) {
        memcpy(key, k.mv_data, 12), memcpy(val, v.mv_data, 16);
        rc = mdb_cursor_del(oc, 0);
    }
    val[10] ^= 0x04; /* a bit of the count (bits 40-62 of the edge id after the node) */
    k = (MDB_val){12, key}, v = (MDB_val){16, val};
    if (!rc) rc = mdb_put(mt, out, &k, &v, 0);
    if (!rc) rc = mdb_txn_commit(mt);
    mdb_env_close(env);
    is_int(rc, 0, "an out entry's count changed behind kg's back");
    kg_open(p, KG_OPEN_READONLY, NULL, &db);
    is_int(problems_of(db), 2 + 3, "kg check reports it, and both twins as missing");
    kg_close(db);
}

/* A document without text keeps no doc_text entry and reads as empty, also
** when its text went on a later registration. */
static void test_textless(void)
{
    kg_db *db;
    kg_txn *t;
    kg_open(tmpdb("textless"), KG_OPEN_CREATE, NULL, &db);
    kg_begin(db, KG_TXN_WRITE, &t);
    kg_doc a = {0, "bare", NULL, NULL, KG_NODATE, NULL, 0, NULL, 0, 0, 0};
    kg_doc b = {0, "full", NULL, NULL, KG_NODATE, TEXT, sizeof TEXT - 1, NULL, 0, 0, 0};
    kg_id da, db_, again;
    int st;
    kg_doc_register(t, &a, &da, &st);
    kg_doc_register(t, &b, &db_, &st);
    b.text = NULL, b.text_len = 0;
    is_int(kg_doc_register(t, &b, &again, &st), KG_OK, "a document registered again, empty");
    ok(again == db_ && st == KG_DOC_CHANGED, "is the same document, changed");
    kg_doc got;
    ok(kg_doc_get(t, da, &got) == KG_OK && got.text_len == 0 && got.text && !*got.text,
       "a document without text reads as empty");
    ok(kg_doc_get(t, db_, &got) == KG_OK && got.text_len == 0 && got.text && !*got.text,
       "and one whose text went");
    kg_commit(t);
    is_int(problems_of(db), 0, "kg check clean");
    kg_close(db);
}

int main(void)
{
    plan(69 + 29 + 3 + 3 + 2);
    snprintf(dir, sizeof dir, "/tmp/kg-docgraph-test-%d", (int)getpid());
    mkdir(dir, 0775);
    test_nodes_and_mentions();
    test_reread_and_loads();
    test_upgrade4();
    test_upgrade5();
    test_upgrade6();
    test_textless();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (getenv("KEEP")) return done_testing();
    if (system(cmd)) diag("could not remove %s", dir);
    return done_testing();
}
