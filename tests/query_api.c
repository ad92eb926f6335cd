/*
** query_api.c -- the statement API and hostile inputs of the query path
** (tests layer): prepare/bind/step/column/reset/finalize, column names and
** types, bind and parameter errors, kg_query_json, streaming under LIMIT,
** the memory limit of materialising operators, and inputs meant to hurt
** (huge ranges, lists, nesting, names, invalid UTF-8).
*/
#include "kg.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Run a statement that returns nothing interesting; returns kg_step's end code. */
static int exec(kg_db *db, const char *q)
{
    kg_stmt *st;
    int rc = kg_prepare(db, q, -1, &st, NULL);
    if (rc) return rc;
    while ((rc = kg_step(st)) == KG_ROW) {
    }
    kg_finalize(st);
    return rc == KG_DONE ? KG_OK : rc;
}

/* The PROFILE row count of the operator whose name is `op` (first match). */
static long profile_rows(kg_db *db, const char *q, const char *op)
{
    kg_stmt *st;
    long rows = -1;
    if (kg_prepare(db, q, -1, &st, NULL)) return -2;
    while (kg_step(st) == KG_ROW)
        if (rows < 0 && strstr(kg_column_text(st, 1, NULL), op)) rows = (long)kg_column_int(st, 3);
    kg_finalize(st);
    return rows;
}

/* The first line of the handle's message (TAP descriptions are one line). */
static const char *msg1(kg_db *db)
{
    static char b[300];
    snprintf(b, sizeof b, "%s", kg_errmsg(db));
    b[strcspn(b, "\n")] = 0;
    return b;
}

static void api_tests(kg_db *db)
{
    kg_stmt *st;
    const char *tail;
    /* prepare, columns, types */
    int rc =
        kg_prepare(db,
                   "MATCH (p:person) WHERE p.name STARTS WITH $prefix RETURN p.name AS name, "
                   "p.born AS born, p.height AS h, p.score AS s, p AS node ORDER BY name; RETURN 1",
                   -1, &st, &tail);
    is_int(rc, KG_OK, "prepare");
    is_str(tail, " RETURN 1", "tail points at the next statement");
    is_int(kg_column_count(st), 5, "column count");
    is_str(kg_column_name(st, 0), "name", "column name from AS");
    ok(kg_column_name(st, 5) == NULL, "column name out of range is NULL");
    is_int(kg_param_count(st), 1, "one parameter");
    is_str(kg_param_name(st, 0), "prefix", "parameter name without $");
    /* unbound parameter */
    rc = kg_step(st);
    is_int(rc, KG_MISUSE, "step with an unbound parameter");
    ok(strstr(kg_errmsg(db), "parameter $prefix is not bound at line 1, column 43") != NULL,
       "the error names the parameter and its place: %s", msg1(db));
    /* bind errors */
    is_int(kg_bind_text(st, "nope", "x", -1), KG_RANGE, "bind an unknown name");
    ok(strstr(kg_errmsg(db), "no parameter $nope") != NULL, "bind error says which: %s", msg1(db));
    is_int(kg_bind_text(st, "prefix", "\xff\xfe", 2), KG_INVALID, "bind invalid UTF-8 text");
    is_int(kg_bind_text(NULL, "prefix", "x", -1), KG_MISUSE, "bind on NULL");
    /* bind, step, columns */
    is_int(kg_bind_text(st, "$prefix", "A", -1), KG_OK, "bind with a leading $");
    kg_reset(st);
    is_int(kg_step(st), KG_ROW, "first row");
    is_str(kg_column_text(st, 0, NULL), "Ada Quill", "text column");
    is_int(kg_column_type(st, 0), KG_TEXT, "text type");
    is_int(kg_column_type(st, 1), KG_DATE, "date type");
    is_str(kg_column_text(st, 1, NULL), "1815-12-10", "date renders as text");
    is_int(kg_column_type(st, 2), KG_INT, "int type");
    is_int(kg_column_int(st, 2), 165, "int value");
    is_int(kg_column_type(st, 3), KG_FLOAT, "float type");
    ok(kg_column_double(st, 3) == 2.5, "float value");
    is_int(kg_column_type(st, 4), KG_NODE, "node type");
    size_t n;
    const char *js = kg_column_json(st, 4, &n);
    ok(js && strstr(js, "\"name\":\"Ada Quill\"") && n == strlen(js), "node as JSON: %s", js);
    is_int(kg_step(st), KG_ROW, "second row");
    is_str(kg_column_text(st, 0, NULL), "Alan Reed", "second row text");
    is_int(kg_column_type(st, 1), KG_NULL, "missing property is null");
    is_int(kg_step(st), KG_DONE, "done after two rows");
    is_int(kg_step(st), KG_DONE, "done stays done");
    /* reset, rebind, re-step */
    is_int(kg_reset(st), KG_OK, "reset");
    is_int(kg_bind_text(st, "prefix", "Al", -1), KG_OK, "rebind");
    is_int(kg_step(st), KG_ROW, "row after rebind");
    is_str(kg_column_text(st, 0, NULL), "Alan Reed", "rebound value used");
    is_int(kg_step(st), KG_DONE, "one row after rebind");
    kg_reset(st);
    is_int(kg_step(st), KG_ROW, "reset keeps bindings");
    is_str(kg_column_text(st, 0, NULL), "Alan Reed", "same row again");
    /* reset in the middle of a run */
    kg_reset(st);
    kg_bind_text(st, "prefix", "", -1);
    is_int(kg_step(st), KG_ROW, "first of several");
    kg_reset(st);
    int rows = 0;
    while (kg_step(st) == KG_ROW)
        rows++;
    is_int(rows, 3, "a full run after a reset mid-way");
    kg_finalize(st);
    kg_finalize(NULL);
    /* other binds */
    rc = kg_prepare(db, "RETURN $i AS i, $d AS d, $f AS f, $n AS n", -1, &st, NULL);
    is_int(rc, KG_OK, "prepare with four parameters");
    kg_bind_int(st, "i", -7);
    kg_bind_date(st, "d", 18264);
    kg_bind_double(st, "f", 0.25);
    kg_bind_null(st, "n");
    is_int(kg_step(st), KG_ROW, "row of bound values");
    is_int(kg_column_int(st, 0), -7, "int parameter");
    is_str(kg_column_text(st, 1, NULL), "2020-01-03", "date parameter");
    ok(kg_column_double(st, 2) == 0.25, "double parameter");
    is_int(kg_column_type(st, 3), KG_NULL, "null parameter");
    kg_finalize(st);
    /* prepare errors */
    rc = kg_prepare(db, "MATCH (a:person) RETURN b", -1, &st, NULL);
    is_int(rc, KG_SEMANTIC, "unknown variable is a semantic error");
    is_int(kg_erroffset(db), 24, "error offset");
    ok(st == NULL, "no statement on error");
    /* a type the database does not have: no error, a warning, no rows */
    rc = kg_prepare(db, "MATCH (a:persn) RETURN a", -1, &st, NULL);
    is_int(rc, KG_OK, "an unknown type is no error (openCypher)");
    ok(st && kg_stmt_warning(st) && strstr(kg_stmt_warning(st), "did you mean 'person'"),
       "a warning with a near miss: %s", st && kg_stmt_warning(st) ? kg_stmt_warning(st) : "none");
    is_int(st ? kg_step(st) : -1, KG_DONE, "and no rows");
    kg_finalize(st);
    rc = kg_prepare(db, "MATCH (a:person) RETURN a", -1, &st, NULL);
    ok(rc == KG_OK && kg_stmt_warning(st) == NULL, "no warning when every name is known");
    kg_finalize(st);
    rc = kg_prepare(db, "MATCH (a RETURN a", -1, &st, NULL);
    is_int(rc, KG_SYNTAX, "syntax error");
    rc = kg_prepare(db, "  // only a comment\n", -1, &st, NULL);
    ok(rc == KG_OK && st == NULL, "blank text gives no statement");
    rc = kg_prepare(db, "RETURN 1 AS a", 8, &st, NULL);
    ok(rc == KG_OK && kg_column_count(st) == 1, "explicit length stops the text");
    is_str(kg_column_name(st, 0), "1", "the column is named by the text within the length");
    kg_finalize(st);
    /* kg_query_json */
    char *out = NULL;
    rc = kg_query_json(db, "MATCH (p:person {name: $n}) RETURN p.name AS name, p.height AS h",
                       "{\"n\": \"Ada Quill\"}", &out);
    is_int(rc, KG_OK, "kg_query_json with params");
    is_str(out, "{\"columns\":[\"name\",\"h\"],\"rows\":[[\"Ada Quill\",165]]}", "JSON rows");
    kg_free(out);
    out = NULL;
    rc = kg_query_json(db, "RETURN $n AS n, $b AS b, $z AS z",
                       "{\"n\": 1.5, \"b\": true, \"z\": null}", &out);
    is_str(out, "{\"columns\":[\"n\",\"b\",\"z\"],\"rows\":[[1.5,true,null]]}",
           "JSON numbers, booleans and null");
    kg_free(out);
    out = (char *)1;
    rc = kg_query_json(db, "RETURN $n AS n", "{\"n\": 1,", &out);
    is_int(rc, KG_INVALID, "malformed params JSON");
    ok(out == NULL, "no output on error");
    ok(strstr(kg_errmsg(db), "parameters are not a JSON object") != NULL, "says why: %s", msg1(db));
    rc = kg_query_json(db, "RETURN $n AS n", "[1]", &out);
    is_int(rc, KG_INVALID, "params that are not an object");
    rc = kg_query_json(db, "RETURN $n AS n", "{}", &out);
    is_int(rc, KG_MISUSE, "a parameter missing from the JSON");
    ok(strstr(kg_errmsg(db), "$n") != NULL, "names the parameter: %s", msg1(db));
    rc = kg_query_json(db, "RETURN $n AS n", "{\"n\": [1, {\"a\": [2]}]}", &out);
    is_str(out, "{\"columns\":[\"n\"],\"rows\":[[[1,{\"a\":[2]}]]]}",
           "list and map parameters are taken (as kg_bind_json does)");
    kg_free(out);
    rc = kg_query_json(db, "RETURN 1 AS a; RETURN 2 AS b", NULL, &out);
    is_str(out, "{\"columns\":[\"b\"],\"rows\":[[2]]}", "the last statement's rows");
    kg_free(out);
    rc = kg_query_json(db, "MATCH (x:nothing) RETURN y", NULL, &out);
    is_int(rc, KG_SEMANTIC, "query error through kg_query_json");
    ok(strstr(kg_errmsg(db), "unknown variable 'y' at line 1, column 26") != NULL,
       "with the position: %s", msg1(db));
}

/* Borrowed strings: each column keeps its own text buffer, and the storage
** calls keep theirs per function, so two of them can be used together. */
static void lifetime_tests(kg_db *db)
{
    kg_stmt *st;
    kg_prepare(db,
               "MATCH (a:person {name: \"Ada Quill\"}), (b:person {name: \"Bea Stone\"}) "
               "RETURN a.name, b.name, a.born",
               -1, &st, NULL);
    is_int(kg_step(st), KG_ROW, "lifetime: a row");
    const char *a = kg_column_text(st, 0, NULL), *b = kg_column_text(st, 1, NULL);
    const char *d = kg_column_text(st, 2, NULL);
    ok(a && b && d && !strcmp(a, "Ada Quill") && !strcmp(b, "Bea Stone") &&
           !strcmp(d, "1815-12-10"),
       "lifetime: three columns' texts are valid together");
    kg_finalize(st);
    kg_txn *t;
    kg_begin(db, KG_TXN_READ, &t);
    kg_id ids[2];
    size_t n;
    kg_resolve(t, "Ada Quill", NULL, ids, 2, &n);
    kg_node nd;
    kg_value v;
    kg_node_get(t, ids[0], &nd);
    kg_node_get_prop(t, ids[0], "height", &v);
    kg_iter *it;
    const char *al;
    kg_aliases(t, ids[0], &it);
    kg_iter_alias(it, &al, NULL);
    ok(!strcmp(nd.name, "Ada Quill") && !strcmp(nd.type, "person") && v.i == 165 &&
           !strcmp(al, "Ada Quill"),
       "lifetime: node name, type and alias are valid together");
    kg_iter_close(it);
    kg_abort(t);
}

static void hostile_tests(kg_db *db)
{
    kg_stmt *st;
    char *out = NULL;
    double t0;
    /* a huge range */
    int rc = kg_prepare(db, "MATCH (a)-[*1..1000000]->(b) RETURN b", -1, &st, NULL);
    is_int(rc, KG_LIMIT, "*1..1000000 is a limit error");
    ok(strstr(kg_errmsg(db), "over the limit of 16 hops") != NULL, "%s", msg1(db));
    /* a million-item IN list */
    size_t cap = 9 * 1000000 + 200;
    char *q = malloc(cap);
    size_t k = (size_t)sprintf(q, "MATCH (p:person) WHERE p.height IN [");
    for (int i = 0; i < 1000000; i++)
        k += (size_t)sprintf(q + k, "%s%d", i ? "," : "", i);
    sprintf(q + k, "] RETURN p.name AS n");
    t0 = now();
    rc = kg_query_json(db, q, NULL, &out);
    is_int(rc, KG_OK, "an IN list of a million items works");
    is_str(out, "{\"columns\":[\"n\"],\"rows\":[[\"Ada Quill\"]]}", "and finds the row");
    diag("took %.2fs (a figure, not a test: speed is the benchmarks' job)", now() - t0);
    kg_free(out);
    free(q);
    /* 100,000 nested parentheses */
    q = malloc(200100 + 64);
    k = (size_t)sprintf(q, "RETURN ");
    for (int i = 0; i < 100000; i++)
        q[k++] = '(';
    q[k++] = '1';
    for (int i = 0; i < 100000; i++)
        q[k++] = ')';
    strcpy(q + k, " AS x");
    t0 = now();
    rc = kg_prepare(db, q, -1, &st, NULL);
    is_int(rc, KG_SYNTAX, "100,000 nested parentheses: depth error");
    ok(strstr(kg_errmsg(db), "nesting deeper than the limit of 200 levels") != NULL, "%.80s",
       msg1(db));
    ok(strlen(kg_errmsg(db)) < 600, "the message shows a window, not the whole line");
    diag("took %.2fs (a figure, not a test: speed is the benchmarks' job)", now() - t0);
    free(q);
    /* a 1 MB name, inline and as a parameter */
    size_t big = 1 << 20;
    char *name = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        name[i] = (char)('a' + i % 26);
    name[big] = 0;
    q = malloc(big + 100);
    sprintf(q, "MATCH (p {name: \"%s\"}) RETURN count(*) AS n", name);
    t0 = now();
    rc = kg_query_json(db, q, NULL, &out);
    ok(rc == KG_OK && out && strstr(out, "[[0]]"), "a 1 MB name finds nothing: %d %.60s", rc,
       rc ? msg1(db) : out);
    kg_free(out);
    rc = kg_prepare(db, "MATCH (p {name: $n}) RETURN count(*) AS n", -1, &st, NULL);
    kg_bind_text(st, "n", name, (long)big);
    rc = kg_step(st);
    ok(rc == KG_ROW && kg_column_int(st, 0) == 0, "a 1 MB name parameter finds nothing");
    kg_finalize(st);
    diag("took %.2fs (a figure, not a test: speed is the benchmarks' job)", now() - t0);
    sprintf(q, "DESCRIBE \"%s\"", name);
    rc = kg_query_json(db, q, NULL, &out);
    is_int(rc, KG_NOTFOUND, "DESCRIBE a 1 MB name: not found");
    ok(strlen(kg_errmsg(db)) < 1200, "with a short message");
    free(q);
    free(name);
    /* invalid UTF-8 in a parameter, through the API and through JSON */
    rc = kg_prepare(db, "MATCH (p {name: $n}) RETURN p", -1, &st, NULL);
    rc = kg_bind_text(st, "n", "Ada \xc3\x28", -1);
    is_int(rc, KG_INVALID, "invalid UTF-8 parameter refused");
    ok(strstr(kg_errmsg(db), "not valid UTF-8") != NULL, "%s", msg1(db));
    kg_finalize(st);
    rc = kg_query_json(db, "RETURN $n AS n", "{\"n\": \"\\udc00\"}", &out);
    ok(rc == KG_OK || rc == KG_INVALID, "a lone surrogate in JSON is refused or replaced (%d)", rc);
    if (!rc) kg_free(out);
}

static void scale_tests(kg_db *db)
{
    /* 200,000 relations from one hub, written through the C API */
    kg_txn *t;
    kg_id hub, n;
    int rc = kg_begin(db, KG_TXN_WRITE, &t);
    rc = rc ? rc : kg_node_get_or_create(t, "place", "Hub", &hub, NULL);
    char nm[32];
    for (int i = 0; i < 200000 && !rc; i++) {
        snprintf(nm, sizeof nm, "spoke %d", i);
        rc = kg_node_get_or_create(t, "place", nm, &n, NULL);
        if (!rc) rc = kg_edge_add(t, hub, "road", n, NULL, NULL);
    }
    rc = rc ? rc : kg_commit(t);
    is_int(rc, KG_OK, "200,000 relations written");
    /* streaming: LIMIT 1 pulls one row through every operator */
    long r = profile_rows(
        db, "PROFILE MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN s.name LIMIT 1", "Expand");
    is_int(r, 1, "LIMIT 1 over 200,000 relations expands one");
    r = profile_rows(db, "PROFILE MATCH (h:place)-[:road]->(s) RETURN s.name LIMIT 1", "NodeScan");
    is_int(r, 1, "LIMIT 1 scans one node");
    r = profile_rows(db, "PROFILE MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN count(*) AS n",
                     "Expand");
    is_int(r, 200000, "without LIMIT every relation is expanded");
    /* the memory limit stops materialising operators */
    kg_limits lim = {0};
    lim.max_memory = 1 << 20;
    kg_set_limits(db, &lim);
    kg_stmt *st;
    kg_prepare(db, "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN s.name ORDER BY s.name", -1, &st,
               NULL);
    while ((rc = kg_step(st)) == KG_ROW) {
    }
    is_int(rc, KG_LIMIT, "ORDER BY over 200,000 rows hits a 1 MiB memory limit");
    ok(strstr(kg_errmsg(db), "memory limit") != NULL, "%s", msg1(db));
    kg_finalize(st);
    kg_prepare(db, "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN collect(s.name) AS all", -1, &st,
               NULL);
    rc = kg_step(st);
    is_int(rc, KG_LIMIT, "collect over 200,000 rows hits the memory limit");
    kg_finalize(st);
    kg_prepare(db, "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN DISTINCT s.name", -1, &st, NULL);
    while ((rc = kg_step(st)) == KG_ROW) {
    }
    is_int(rc, KG_LIMIT, "DISTINCT over 200,000 rows hits the memory limit");
    kg_finalize(st);
    kg_prepare(db, "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN s.name LIMIT 3", -1, &st, NULL);
    int rows = 0;
    while ((rc = kg_step(st)) == KG_ROW)
        rows++;
    ok(rc == KG_DONE && rows == 3, "streaming queries are not limited by it");
    kg_finalize(st);
    lim.max_memory = (size_t)1 << 30;
    lim.max_rows = 5;
    kg_set_limits(db, &lim);
    kg_prepare(db, "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN s.name", -1, &st, NULL);
    rows = 0;
    while ((rc = kg_step(st)) == KG_ROW)
        rows++;
    ok(rc == KG_LIMIT && rows == 5, "max_rows stops after 5 rows (%d, %d)", rc, rows);
    kg_finalize(st);
    lim.max_rows = 0;
    kg_set_limits(db, &lim);
    /* the memory limit counts the text rows hold, not only their slots:
    ** 200,000 rows of 1 kB strings are 200 MB, over a 64 MiB limit */
    static char q[1400];
    char pad[1001];
    memset(pad, 'x', 1000), pad[1000] = 0;
    lim.max_memory = (size_t)64 << 20;
    kg_set_limits(db, &lim);
    snprintf(q, sizeof q,
             "MATCH (h {name: \"Hub\"})-[:road]->(s) WITH s.name + \"%s\" AS t RETURN t "
             "ORDER BY t",
             pad);
    kg_prepare(db, q, -1, &st, NULL);
    while ((rc = kg_step(st)) == KG_ROW) {
    }
    is_int(rc, KG_LIMIT, "ORDER BY of 200 MB of text hits a 64 MiB limit (its strings count)");
    kg_finalize(st);
    snprintf(q, sizeof q,
             "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN collect(s.name + \"%s\") AS all", pad);
    kg_prepare(db, q, -1, &st, NULL);
    rc = kg_step(st);
    is_int(rc, KG_LIMIT, "collect() of 200 MB of text hits the limit too");
    kg_finalize(st);
    lim.max_memory = (size_t)1 << 30;
    kg_set_limits(db, &lim);
}

/* kg_interrupt and the progress handler: driven from the handler itself, at
** an exact call, so nothing depends on the machine's speed. */
static int progress_calls, progress_stop_at, progress_interrupt;
static kg_db *progress_db;
static int on_progress(void *ctx)
{
    (void)ctx;
    progress_calls++;
    if (progress_interrupt && progress_calls == progress_stop_at) kg_interrupt(progress_db);
    return !progress_interrupt && progress_calls == progress_stop_at;
}

static void interrupt_tests(kg_db *db)
{
    const char *count = "MATCH (h {name: \"Hub\"})-[:road]->(s) RETURN count(*) AS n";
    kg_stmt *st;
    progress_db = db;
    kg_progress_handler(db, on_progress, NULL);
    progress_calls = 0, progress_stop_at = 3, progress_interrupt = 0;
    kg_prepare(db, count, -1, &st, NULL);
    int rc = kg_step(st);
    ok(rc == KG_INTERRUPT && progress_calls == 3, "a progress handler returning 1 stops the query");
    ok(strstr(kg_errmsg(db), "interrupted by the progress handler") != NULL, "%s", msg1(db));
    kg_finalize(st);
    progress_calls = 0, progress_stop_at = 2, progress_interrupt = 1;
    kg_prepare(db, count, -1, &st, NULL);
    rc = kg_step(st);
    is_int(rc, KG_INTERRUPT, "kg_interrupt during a step makes it return KG_INTERRUPT");
    is_str(kg_errmsg(db), "interrupted", "with the message 'interrupted'");
    kg_finalize(st);
    progress_calls = 0, progress_stop_at = 5, progress_interrupt = 1;
    rc = exec(db, "MATCH (h {name: \"Hub\"})-[:road]->(s) SET s.seen = 1");
    is_int(rc, KG_INTERRUPT, "an interrupted write returns KG_INTERRUPT");
    kg_progress_handler(db, NULL, NULL);
    kg_prepare(db, "MATCH (s) WHERE s.seen = 1 RETURN count(*) AS n", -1, &st, NULL);
    rc = kg_step(st);
    ok(rc == KG_ROW && kg_column_int(st, 0) == 0, "and stores nothing of it (%lld rows set)",
       (long long)kg_column_int(st, 0));
    kg_finalize(st);
    kg_interrupt(db); /* nothing runs: the next statement is not affected */
    kg_prepare(db, count, -1, &st, NULL);
    rc = kg_step(st);
    ok(rc == KG_ROW && kg_column_int(st, 0) == 200000,
       "an interrupt when no statement runs does not stop the next one");
    kg_finalize(st);
}

/* kg_stmt_readonly: from the parsed statement, not from its words. */
static void readonly_tests(kg_db *db)
{
    static const struct {
        const char *q;
        int ro;
    } c[] = {{"RETURN 'CREATE (x) SET x.a = 1 DELETE x' AS s", 1},
             {"MATCH (p:person) WHERE p.name <> 'MERGE' RETURN p.name", 1},
             {"CREATE (:place {name: 'Nowhere'})", 0},
             {"MATCH (p:person {name: 'Bea Stone'}) SET p.score = 1", 0},
             {"MATCH (p:person {name: 'Nobody'}) DETACH DELETE p", 0},
             {"EXPLAIN CREATE (:place {name: 'Nowhere'})", 1}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        kg_stmt *st = NULL;
        int rc = kg_prepare(db, c[i].q, -1, &st, NULL);
        ok(rc == KG_OK && kg_stmt_readonly(st) == c[i].ro, "kg_stmt_readonly = %d: %s", c[i].ro,
           c[i].q);
        kg_finalize(st);
    }
}

/* kg_bind_json: lists and maps as parameters, and a clear error otherwise. */
static void bind_json_tests(kg_db *db)
{
    kg_stmt *st = NULL;
    kg_prepare(db, "RETURN $x AS x, size($x) AS n", -1, &st, NULL);
    int rc = kg_bind_json(st, "x", "[1, 2.5, \"a b\", null, [true], {\"k\": 1}] ", -1);
    is_int(rc, KG_OK, "a nested JSON array binds");
    rc = kg_step(st);
    size_t n;
    const char *j = rc == KG_ROW ? kg_column_json(st, 0, &n) : NULL;
    is_str(j, "[1,2.5,\"a b\",null,[true],{\"k\":1}]", "and comes back as the same list");
    ok(rc == KG_ROW && kg_column_int(st, 1) == 6, "of 6 items");
    kg_reset(st);
    rc = kg_bind_json(st, "x", "[1, 2] 3", -1);
    ok(rc == KG_INVALID && strstr(kg_errmsg(db), "text after it at byte"), "trailing text: %s",
       msg1(db));
    kg_stmt *one = NULL;
    kg_prepare(db, "RETURN $x AS x", -1, &one, NULL);
    rc = kg_bind_json(one, "x", "12", -1);
    ok(rc == KG_OK && kg_step(one) == KG_ROW && kg_column_int(one, 0) == 12,
       "a bare number binds (json-c wants a delimiter after it)");
    kg_reset(one);
    rc = kg_bind_json(one, "x", "true", 4);
    ok(rc == KG_OK && kg_step(one) == KG_ROW && kg_column_type(one, 0) == KG_BOOL, "so does true");
    kg_finalize(one);
    kg_reset(st);
    rc = kg_bind_json(st, "x", "{\"a\": ", -1);
    ok(rc == KG_INVALID && strstr(kg_errmsg(db), "not one JSON value"), "cut short: %s", msg1(db));
    kg_finalize(st);
}

int main(void)
{
    plan(120);
    char dir[128];
    snprintf(dir, sizeof dir, "/tmp/kg-query-api-%d", (int)getpid());
    kg_db *db;
    int rc = kg_open(dir, KG_OPEN_CREATE | KG_OPEN_NOSYNC, NULL, &db);
    is_int(rc, KG_OK, "open");
    rc = exec(db,
              "CREATE (:person {name: \"Ada Quill\", born: 1815-12-10, height: 165, score: 2.5}),"
              " (:person {name: \"Alan Reed\"}), (:person {name: \"Bea Stone\"})");
    is_int(rc, KG_OK, "fixture");
    api_tests(db);
    lifetime_tests(db);
    hostile_tests(db);
    scale_tests(db);
    readonly_tests(db);
    interrupt_tests(db);
    bind_json_tests(db);
    kg_close(db);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) diag("cannot remove %s", dir);
    return done_testing();
}
