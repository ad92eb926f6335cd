/*
** export.c -- `kg export DB facts [--format tsv]` (kg program): one row per
** (document, relation): doc key, subject, relation, object (for `said` the
** statement text), the evidence sentence and its date, sorted on every
** column so that the output is deterministic.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kg.h"
#include "kgl.h"

typedef struct row {
    char *f[6]; /* doc subject relation object sentence date */
} row;

static int row_cmp(const void *a, const void *b)
{
    const row *x = a, *y = b;
    for (int i = 0; i < 6; i++) {
        int c = strcmp(x->f[i], y->f[i]);
        if (c) return c;
    }
    return 0;
}

static char *clean(const char *s, size_t n)
{
    char *p = kgl_strndup(s, n);
    for (char *q = p; *q; q++)
        if (*q == '\t' || *q == '\n' || *q == '\r') *q = ' ';
    return p;
}

int kg_cli_export(int argc, char **argv)
{
    const char *dbpath = NULL, *what = NULL, *format = "tsv";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
        else if (!strncmp(argv[i], "--format=", 9)) format = argv[i] + 9;
        else if (!dbpath) dbpath = argv[i];
        else if (!what) what = argv[i];
        else {
            fprintf(stderr, "usage: kg export DB facts [--format tsv]\n");
            return 2;
        }
    }
    if (!dbpath || !what || strcmp(what, "facts") || strcmp(format, "tsv")) {
        fprintf(stderr, "usage: kg export DB facts [--format tsv]\n");
        return 2;
    }
    kg_db *db = NULL;
    if (kg_open(dbpath, KG_OPEN_READONLY, NULL, &db) != KG_OK) {
        fprintf(stderr, "kg: export: %s: %s\n", dbpath, db ? kg_errmsg(db) : "cannot open");
        kg_close(db);
        return 1;
    }
    kg_txn *txn = NULL;
    kg_iter *it = NULL;
    row *rows = NULL;
    size_t nrows = 0, cap = 0;
    int rc = kg_begin(db, KG_TXN_READ, &txn);
    if (!rc) rc = kg_edges(txn, &it);
    kg_id nbr, eid;
    while (!rc && ((rc = kg_iter_next(it, &nbr, &eid)) == KG_ROW || rc == KG_OK)) {
        rc = KG_OK;
        kg_edge e;
        kg_node s, o;
        if (kg_edge_get(txn, eid, &e) || kg_node_get(txn, e.src, &s)) continue;
        char *rel = kgl_strndup(e.rel, strlen(e.rel));
        char *sn = clean(s.name, s.name_len);
        if (kg_node_get(txn, e.dst, &o)) {
            free(rel), free(sn);
            continue;
        }
        char *on = clean(o.name, o.name_len);
        kg_iter *ev = NULL;
        kg_id lastdoc = 0;
        if (kg_edge_evidence(txn, eid, &ev) == KG_OK) {
            kg_evidence x;
            int erc;
            while ((erc = kg_iter_evidence(ev, &x)) == KG_ROW || erc == KG_OK) {
                if (x.doc == lastdoc && lastdoc) continue; /* one row per document: its first evidence */
                lastdoc = x.doc;
                kg_doc d;
                char *key = NULL, *sent = NULL;
                if (x.doc && kg_doc_get(txn, x.doc, &d) == KG_OK) {
                    key = kgl_strndup(d.key, strlen(d.key));
                    if (x.end > x.start && x.end <= d.text_len) sent = clean(d.text + x.start, x.end - x.start);
                }
                char date[11] = "";
                if (x.date != KG_NODATE) kg_date_format(x.date, date);
                if (nrows == cap) {
                    cap = cap ? cap * 2 : 256;
                    rows = kgl_xrealloc(rows, cap * sizeof *rows);
                }
                row *r = &rows[nrows++];
                r->f[0] = key ? key : kgl_strndup("", 0);
                r->f[1] = kgl_strndup(sn, strlen(sn));
                r->f[2] = kgl_strndup(rel, strlen(rel));
                r->f[3] = kgl_strndup(on, strlen(on));
                r->f[4] = sent ? sent : kgl_strndup("", 0);
                r->f[5] = kgl_strndup(date, strlen(date));
            }
            kg_iter_close(ev);
        }
        free(rel), free(sn), free(on);
    }
    if (rc == KG_DONE) rc = KG_OK;
    if (rc) fprintf(stderr, "kg: export: %s\n", kg_errmsg(db));
    kg_iter_close(it);
    kg_abort(txn);
    qsort(rows, nrows, sizeof *rows, row_cmp);
    fputs("doc\tsubject\trelation\tobject\tsentence\tdate\n", stdout);
    for (size_t i = 0; i < nrows; i++) {
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", rows[i].f[0], rows[i].f[1], rows[i].f[2], rows[i].f[3], rows[i].f[4],
               rows[i].f[5]);
        for (int k = 0; k < 6; k++) free(rows[i].f[k]);
    }
    free(rows);
    kg_close(db);
    return rc ? 1 : 0;
}
