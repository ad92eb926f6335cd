/*
** export.c -- `kg export` (kg program, cli layer): the graph or its facts,
** whole or the neighbourhood of one node, as JSON Lines, CSV for bulk import
** (Neo4j admin import headers), GraphML, Graphviz DOT, or the facts table.
**
**   kg export DB [WHAT] [--format F] [--around NAME [--type T] [--depth N]] [--output PATH]
**
** WHAT is `graph` (default format jsonl), `facts` (tsv), `nodes` / `edges`
** (csv), or a graph format used as a word: `jsonl`, `csv`, `graphml`, `dot`.
** Output formats, exactly:
**
**   facts tsv   header `doc subject relation object sentence date modality
**               claimant subject_type object_type claimant_type event_date
**               confidence rule` (tabs; --ids adds subject_id object_id,
**               the kg node ids, to name an entity exactly), one row per
**               (document, relation, modality, claimant): the first evidence
**               row of each; date is the report date, event_date the event's
**               or empty; modality is asserted, reported, claimed or denied,
**               claimant the claimant's canonical name or empty; tabs and newlines in
**               fields become spaces; sorted on every column. Mentions are no
**               facts and are left out. `kg load` reads the tsv and jsonl
**               forms back as a fact file (loader/facts.c): an export can be
**               edited and loaded. The loader's scoring reads this: keep the
**               first six columns stable (new ones go after).
**   facts csv   the same columns and rows, RFC 4180 quoting.
**   facts jsonl one object per row with the same keys.
**   jsonl       nodes then edges, ids ascending, one object a line:
**               {"kind":"node","id":N,"type":T,"name":S,"aliases":[S...],
**                "properties":{K:V...}}  (what SET stored, keys sorted: numbers,
**                text, true/false, dates as "YYYY-MM-DD", null for NaN/infinity)
**               {"kind":"edge","id":N,"source":N,"target":N,"source_name":S,
**                "target_name":S,"relation":R,"documents":N,"evidence":[
**                {"doc":S,"date":"YYYY-MM-DD"|null,"sentence":S,"rule":S|null,
**                 "confidence":F,"modality":M,"claimant":S|null}...],
**                "modality":M}   (M: the row's / the relation's modality)
**   csv         two files in the --output directory (Neo4j admin import):
**               nodes.csv          :ID,name,:LABEL,aliases:string[]
**               relationships.csv  :START_ID,:END_ID,:TYPE,documents:int,
**                                  evidence:int,date:date,doc,sentence
**               ids are kg node ids; :LABEL is the kg type; aliases are joined
**               by ';' (neo4j-admin's default array delimiter); date, doc and
**               sentence are those of the edge's first evidence row (lowest
**               document id). `nodes`/`edges` write one of them to stdout.
**   graphml     GraphML 1.0: node keys type, name, aliases; edge keys
**               relation, documents, evidence, date, doc, sentence (as csv);
**               node ids "n<id>", edge ids "e<id>".
**   dot         `digraph kg`, one node per kg node (label = name, shape and
**               colour by type, statements cut to 60 characters), one edge per
**               relation labelled with its name (and the number of documents
**               when more than one).
**
**   dump        everything, for kg import (cli/backup.c) to rebuild the
**               database: see write_dump below.
**
** --around NAME resolves NAME like a query does (aliases, then transliteration
** skeleton; --type restricts it) and keeps the nodes within --depth hops
** (default 1, either direction) and every relation among them.
*/
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kg.h"
#include "kgl.h"

#define EXPORT_USAGE                                                                               \
    "usage: kg export DB [graph|facts|nodes|edges|dump|jsonl|csv|graphml|dot] [--format F]\n"      \
    "                    [--around NAME [--type TYPE] [--depth N]] [--output PATH] [--ids]\n"

/* ---------------------------------------------------------------- id sets */
typedef struct idset {
    kg_id *slot; /* open addressing, 0 = empty (0 is never an id) */
    size_t cap;  /* power of two */
    size_t n;    /* ids held */
} idset;

static size_t id_hash(kg_id x, size_t cap)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x & (cap - 1);
}

/* Add x; returns 1 when it was new. */
static int idset_add(idset *s, kg_id x)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        kg_id *ns = kgl_xrealloc(NULL, nc * sizeof *ns);
        memset(ns, 0, nc * sizeof *ns);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) {
                size_t h = id_hash(s->slot[i], nc);
                while (ns[h])
                    h = (h + 1) & (nc - 1);
                ns[h] = s->slot[i];
            }
        free(s->slot);
        s->slot = ns, s->cap = nc;
    }
    size_t h = id_hash(x, s->cap);
    while (s->slot[h]) {
        if (s->slot[h] == x) return 0;
        h = (h + 1) & (s->cap - 1);
    }
    s->slot[h] = x;
    s->n++;
    return 1;
}

static int idset_has(const idset *s, kg_id x)
{
    if (!s->cap) return 0;
    size_t h = id_hash(x, s->cap);
    while (s->slot[h]) {
        if (s->slot[h] == x) return 1;
        h = (h + 1) & (s->cap - 1);
    }
    return 0;
}

typedef struct idvec {
    kg_id *v;   /* ids */
    size_t n;   /* used */
    size_t cap; /* allocated */
} idvec;

static void idvec_push(idvec *a, kg_id x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->v = kgl_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

static int id_cmp(const void *a, const void *b)
{
    kg_id x = *(const kg_id *)a, y = *(const kg_id *)b;
    return x < y ? -1 : x > y;
}

/* ---------------------------------------------------------------- the selection */
typedef struct sel {
    idvec nodes; /* selected node ids, ascending */
    idvec edges; /* selected edge ids, ascending */
} sel;

static int iter_done(int rc)
{
    return rc == KG_DONE ? KG_OK : rc;
}

/* A read that failed part-way (a damaged page: LMDB says MDB_CORRUPTED) makes
** the whole export fail (exit 1) instead of writing an incomplete file that
** looks whole. read_ok: is this a row (a failure other than the end is noted);
** read_failed: did this read fail (noted). */
static int export_failed;
static int read_ok(int rc)
{
    if (rc != KG_ROW && rc != KG_DONE) export_failed = 1;
    return rc == KG_ROW;
}
static int read_failed(int rc)
{
    if (rc) export_failed = 1;
    return rc != 0;
}

/* Every node and edge. */
static int select_all(kg_txn *t, sel *s)
{
    kg_iter *it = NULL;
    kg_id a, b;
    int rc = kg_nodes(t, NULL, &it);
    while (!rc && (rc = kg_iter_next(it, &a, &b)) == KG_ROW)
        rc = (idvec_push(&s->nodes, a), KG_OK);
    kg_iter_close(it);
    it = NULL;
    if ((rc = iter_done(rc))) return rc;
    rc = kg_edges(t, &it);
    while (!rc && (rc = kg_iter_next(it, &a, &b)) == KG_ROW)
        rc = (idvec_push(&s->edges, b), KG_OK);
    kg_iter_close(it);
    return iter_done(rc);
}

/* Nodes within `depth` hops of `start` (either direction) and every edge
** between two of them. */
/* Is edge e a mention (mentioned-in: an entity and a document's node)? */
static int is_mention(kg_txn *t, kg_id e)
{
    kg_edge ed;
    return kg_edge_get(t, e, &ed) == KG_OK && !strcmp(ed.rel, KG_MENTION_REL);
}

/* The nodes within depth hops of start and the relations among them. Like a
** query's paths, the walk does not go through documents: mentions are
** followed only out of a document named as the start. */
static int select_around(kg_txn *t, kg_id start, unsigned depth, sel *s)
{
    idset seen = {0};
    idvec frontier = {0}, next = {0};
    int rc = KG_OK;
    kg_node sn;
    int from_doc = kg_node_get(t, start, &sn) == KG_OK && !strcmp(sn.type, "document");
    idset_add(&seen, start);
    idvec_push(&s->nodes, start);
    idvec_push(&frontier, start);
    for (unsigned d = 0; d < depth && frontier.n && !rc; d++) {
        next.n = 0;
        for (size_t i = 0; i < frontier.n && !rc; i++) {
            kg_iter *it = NULL;
            kg_id nbr, e;
            rc = kg_neighbors(t, frontier.v[i], NULL, KG_BOTH, &it);
            while (!rc && (rc = kg_iter_next(it, &nbr, &e)) == KG_ROW) {
                rc = KG_OK;
                if ((d > 0 || !from_doc) && is_mention(t, e)) continue;
                if (idset_add(&seen, nbr)) idvec_push(&s->nodes, nbr), idvec_push(&next, nbr);
            }
            kg_iter_close(it);
            rc = iter_done(rc);
        }
        idvec tmp = frontier;
        frontier = next, next = tmp;
    }
    idset edges = {0};
    for (size_t i = 0; i < s->nodes.n && !rc; i++) {
        kg_iter *it = NULL;
        kg_id nbr, e;
        rc = kg_neighbors(t, s->nodes.v[i], NULL, KG_OUT, &it);
        while (!rc && (rc = kg_iter_next(it, &nbr, &e)) == KG_ROW) {
            rc = KG_OK;
            if (idset_has(&seen, nbr) && (from_doc || !is_mention(t, e)) && idset_add(&edges, e))
                idvec_push(&s->edges, e);
        }
        kg_iter_close(it);
        rc = iter_done(rc);
    }
    if (s->nodes.n)
        qsort(s->nodes.v, s->nodes.n, sizeof *s->nodes.v, id_cmp); /* never qsort(NULL, 0) */
    if (s->edges.n) qsort(s->edges.v, s->edges.n, sizeof *s->edges.v, id_cmp);
    free(seen.slot), free(edges.slot), free(frontier.v), free(next.v);
    return rc;
}

/* ---------------------------------------------------------------- escaping */
static void put_json(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fputc('\\', f), fputc(c, f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void put_json_or_null(FILE *f, const char *s)
{
    if (s && *s)
        put_json(f, s, strlen(s));
    else
        fputs("null", f);
}

/* RFC 4180: quoted when the field holds a comma, quote, CR or LF (also used
** by the shell's csv mode). */
void kg_cli_put_csv(FILE *f, const char *s, size_t n)
{
    if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

/* XML character data and attribute values; C0 controls other than tab, LF, CR
** are not allowed in XML 1.0 and become spaces. */
static void put_xml(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&')
            fputs("&amp;", f);
        else if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '"')
            fputs("&quot;", f);
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            fputc(' ', f);
        else
            fputc(c, f);
    }
}

/* A DOT double-quoted string body, at most `max` characters (UTF-8 aware;
** 0 = no limit) with "..." when cut. */
static void put_dot(FILE *f, const char *s, size_t n, size_t max)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80 && max && ++chars > max) {
            fputs("...", f);
            return;
        }
        if (c == '"' || c == '\\')
            fputc('\\', f), fputc(c, f);
        else if (c == '\n' || c == '\r' || c == '\t')
            fputc(' ', f);
        else
            fputc(c, f);
    }
}

/* ---------------------------------------------------------------- reading
** kg_node_get, kg_doc_get and the iterators hand out strings that the next
** call of the same kind may overwrite (engine scratch slots), so everything
** kept across calls is copied at once into caller-owned memory. */
typedef struct node_info {
    kg_id id;   /* node id */
    char *type; /* owned copy */
    char *name; /* owned copy */
    size_t len; /* bytes in name */
} node_info;

static int node_read(kg_txn *t, kg_id id, node_info *out)
{
    kg_node n;
    int rc = kg_node_get(t, id, &n);
    if (rc) return rc;
    out->id = id;
    out->type = kgl_strndup(n.type, strlen(n.type));
    out->name = kgl_strndup(n.name, n.name_len);
    out->len = n.name_len;
    return KG_OK;
}

static void node_free(node_info *n)
{
    free(n->type), free(n->name);
}

typedef struct ev_info {
    char *doc;      /* owned: document key, NULL when none */
    char *sentence; /* owned: evidence sentence, "" when none */
    size_t len;     /* bytes in sentence */
    char date[11];  /* YYYY-MM-DD or "" */
    char *rule;     /* owned: rule id or NULL */
    float conf;     /* confidence */
} ev_info;

static void ev_read(kg_txn *t, const kg_evidence *x, ev_info *out)
{
    kg_doc d;
    memset(out, 0, sizeof *out);
    out->rule = x->rule ? kgl_strndup(x->rule, strlen(x->rule)) : NULL;
    out->conf = x->confidence;
    if (x->date != KG_NODATE) kg_date_format(x->date, out->date);
    if (x->doc && kg_doc_get(t, x->doc, &d) == KG_OK) {
        out->doc = kgl_strndup(d.key, strlen(d.key));
        if (x->end > x->start && x->end <= d.text_len) out->len = x->end - x->start;
        out->sentence = kgl_strndup(d.text + x->start, out->len);
    } else {
        out->sentence = kgl_strndup("", 0);
    }
}

static void ev_free(ev_info *e)
{
    free(e->doc), free(e->sentence), free(e->rule);
}

typedef struct edge_info {
    kg_id id;           /* edge id */
    char *rel;          /* owned: relation name */
    uint32_t ndocs;     /* distinct documents */
    uint32_t nevidence; /* evidence rows */
    node_info src, dst; /* its ends */
    ev_info first;      /* first evidence row (lowest document id) */
    uint8_t modality;   /* the relation's modality (kg.h) */
} edge_info;

static int edge_read(kg_txn *t, kg_id id, edge_info *out)
{
    kg_edge e;
    memset(out, 0, sizeof *out);
    int rc = kg_edge_get(t, id, &e);
    if (rc) return rc;
    out->id = id, out->ndocs = e.ndocs, out->nevidence = e.nevidence, out->modality = e.modality;
    out->rel = kgl_strndup(e.rel, strlen(e.rel));
    kg_id src = e.src, dst = e.dst;
    if ((rc = node_read(t, src, &out->src))) return free(out->rel), rc;
    if ((rc = node_read(t, dst, &out->dst))) return free(out->rel), node_free(&out->src), rc;
    kg_iter *it = NULL;
    kg_evidence x;
    if (kg_edge_evidence(t, id, &it) == KG_OK && read_ok(kg_iter_evidence(it, &x)))
        ev_read(t, &x, &out->first);
    else
        out->first.sentence = kgl_strndup("", 0);
    kg_iter_close(it);
    return KG_OK;
}

static void edge_free(edge_info *e)
{
    free(e->rel);
    node_free(&e->src), node_free(&e->dst);
    ev_free(&e->first);
}

/* ---------------------------------------------------------------- writers */
static void put_aliases_json(FILE *f, kg_txn *t, const node_info *n)
{
    kg_iter *it = NULL;
    const char *a;
    size_t len;
    int first = 1;
    fputc('[', f);
    if (!read_failed(kg_aliases(t, n->id, &it)))
        while (read_ok(kg_iter_alias(it, &a, &len))) {
            if (len == n->len && !memcmp(a, n->name, len)) continue;
            if (!first) fputc(',', f);
            put_json(f, a, len);
            first = 0;
        }
    kg_iter_close(it);
    fputc(']', f);
}

/* Aliases other than the canonical name joined by `sep`, through `put`. */
static void put_aliases_joined(FILE *f, kg_txn *t, const node_info *n, const char *sep,
                               void (*put)(FILE *, const char *, size_t))
{
    kgl_buf b = {0};
    kg_iter *it = NULL;
    const char *a;
    size_t len;
    if (!read_failed(kg_aliases(t, n->id, &it)))
        while (read_ok(kg_iter_alias(it, &a, &len))) {
            if (len == n->len && !memcmp(a, n->name, len)) continue;
            if (b.len) kgl_buf_puts(&b, sep);
            kgl_buf_put(&b, a, len);
        }
    kg_iter_close(it);
    put(f, b.p ? b.p : "", b.len);
    kgl_buf_free(&b);
}

static char *node_name(kg_txn *t, kg_id id);

/* A node's properties as a JSON object, keys sorted: numbers, text, true or
** false, dates as "YYYY-MM-DD"; a float that is not finite (NaN, infinity)
** is null, as in every JSON kg writes. */
typedef struct prop_item {
    char *key;  /* property name */
    kg_value v; /* value; v.s owned */
} prop_item;

static int prop_cmp(const void *a, const void *b)
{
    return strcmp(((const prop_item *)a)->key, ((const prop_item *)b)->key);
}

static void put_props_json(FILE *f, kg_txn *t, kg_id id)
{
    prop_item *items = NULL;
    size_t n = 0, cap = 0;
    kg_iter *it = NULL;
    const char *key;
    kg_value v;
    if (!read_failed(kg_node_props(t, id, &it)))
        while (read_ok(kg_iter_prop(it, &key, &v))) {
            if (n == cap) cap = cap ? 2 * cap : 8, items = kgl_xrealloc(items, cap * sizeof *items);
            size_t kl = strlen(key);
            items[n].key = kgl_xrealloc(NULL, kl + 1);
            memcpy(items[n].key, key, kl + 1);
            items[n].v = v;
            if (v.type == KG_TEXT) {
                char *s = kgl_xrealloc(NULL, v.len + 1);
                memcpy(s, v.s, v.len), s[v.len] = 0;
                items[n].v.s = s;
            }
            n++;
        }
    kg_iter_close(it);
    if (n) qsort(items, n, sizeof *items, prop_cmp);
    fputc('{', f);
    for (size_t i = 0; i < n; i++) {
        const kg_value *x = &items[i].v;
        if (i) fputc(',', f);
        put_json(f, items[i].key, strlen(items[i].key));
        fputc(':', f);
        char buf[40];
        switch (x->type) {
        case KG_INT:
            fprintf(f, "%lld", (long long)x->i);
            break;
        case KG_BOOL:
            fputs(x->i ? "true" : "false", f);
            break;
        case KG_FLOAT:
            if (!isfinite(x->f)) {
                fputs("null", f);
                break;
            }
            for (int prec = 15; prec <= 17; prec++) { /* the shortest that reads back the same */
                snprintf(buf, sizeof buf, "%.*g", prec, x->f);
                if (strtod(buf, NULL) == x->f) break;
            }
            if (!strpbrk(buf, ".eE")) strcat(buf, ".0");
            fputs(buf, f);
            break;
        case KG_DATE:
            kg_date_format((int32_t)x->i, buf);
            put_json(f, buf, strlen(buf));
            break;
        case KG_TEXT:
            put_json(f, x->s, x->len);
            break;
        default:
            fputs("null", f);
            break;
        }
        if (x->type == KG_TEXT) free((char *)x->s);
        free(items[i].key);
    }
    fputc('}', f);
    free(items);
}

static void write_jsonl(FILE *f, kg_txn *t, const sel *s, int nodes, int edges)
{
    for (size_t i = 0; nodes && i < s->nodes.n; i++) {
        node_info n;
        if (read_failed(node_read(t, s->nodes.v[i], &n))) continue;
        fprintf(f, "{\"kind\":\"node\",\"id\":%llu,\"type\":", (unsigned long long)n.id);
        put_json(f, n.type, strlen(n.type));
        fputs(",\"name\":", f);
        put_json(f, n.name, n.len);
        fputs(",\"aliases\":", f);
        put_aliases_json(f, t, &n);
        fputs(",\"properties\":", f);
        put_props_json(f, t, n.id);
        fputs("}\n", f);
        node_free(&n);
    }
    for (size_t i = 0; edges && i < s->edges.n; i++) {
        edge_info ei;
        if (read_failed(edge_read(t, s->edges.v[i], &ei))) continue;
        fprintf(f,
                "{\"kind\":\"edge\",\"id\":%llu,\"source\":%llu,\"target\":%llu,\"source_name\":",
                (unsigned long long)ei.id, (unsigned long long)ei.src.id,
                (unsigned long long)ei.dst.id);
        put_json(f, ei.src.name, ei.src.len);
        fputs(",\"target_name\":", f);
        put_json(f, ei.dst.name, ei.dst.len);
        fputs(",\"relation\":", f);
        put_json(f, ei.rel, strlen(ei.rel));
        fprintf(f, ",\"documents\":%u,\"evidence\":[", ei.ndocs);
        kg_iter *it = NULL;
        kg_evidence x;
        int first = 1;
        if (!read_failed(kg_edge_evidence(t, ei.id, &it)))
            while (read_ok(kg_iter_evidence(it, &x))) {
                ev_info ev;
                ev_read(t, &x, &ev);
                fputs(first ? "{\"doc\":" : ",{\"doc\":", f);
                put_json_or_null(f, ev.doc);
                fputs(",\"date\":", f);
                put_json_or_null(f, ev.date);
                fputs(",\"sentence\":", f);
                put_json(f, ev.sentence, ev.len);
                fputs(",\"rule\":", f);
                put_json_or_null(f, ev.rule);
                fprintf(f, ",\"confidence\":%.3g,\"modality\":\"%s\",\"claimant\":", ev.conf,
                        kg_modality_name(x.modality));
                char *cl = x.claimant ? node_name(t, x.claimant) : NULL;
                put_json_or_null(f, cl);
                free(cl);
                fputc('}', f);
                ev_free(&ev);
                first = 0;
            }
        kg_iter_close(it);
        fprintf(f, "],\"modality\":\"%s\"}\n", kg_modality_name(ei.modality));
        edge_free(&ei);
    }
}

/* ---------------------------------------------------------------- dump
** Everything a database holds, for `kg import` (cli/import.c) to rebuild it:
** a header line, the documents with their text, the nodes with aliases and
** typed properties, the relations with every evidence row as stored (spans,
** dates, confidence, rule, modality, claimant by node id). Numbers are
** written so that they read back exactly; a float that is not finite is a
** string ("NaN", "Infinity", "-Infinity"). Relations without evidence keep
** an empty list. Ids are the database's; import gives new ones. */

static void put_exact(FILE *f, double x, int single)
{
    if (!isfinite(x)) {
        fputs(isnan(x) ? "\"NaN\"" : x > 0 ? "\"Infinity\"" : "\"-Infinity\"", f);
        return;
    }
    char buf[40];
    snprintf(buf, sizeof buf, single ? "%.9g" : "%.17g", x);
    if (!strpbrk(buf, ".eEn")) strcat(buf, ".0");
    fputs(buf, f);
}

static void put_date_or_null(FILE *f, int32_t d)
{
    char buf[11];
    if (d == KG_NODATE) {
        fputs("null", f);
        return;
    }
    kg_date_format(d, buf);
    put_json(f, buf, strlen(buf));
}

static void write_dump(FILE *f, kg_txn *t, const sel *s)
{
    fputs("{\"kind\":\"kg-dump\",\"version\":1}\n", f);
    /* documents: ids are given in order from 1 (a replaced document keeps its id) */
    kg_stats st;
    uint64_t found = 0, misses = 0;
    if (read_failed(kg_stats_get(t, &st))) return;
    for (kg_id id = 1; found < st.docs && misses < 1000000; id++) {
        kg_doc d;
        int rc = kg_doc_get(t, id, &d);
        if (rc == KG_NOTFOUND) {
            misses++;
            continue;
        }
        if (read_failed(rc)) return;
        found++, misses = 0;
        fprintf(f, "{\"kind\":\"document\",\"id\":%llu,\"key\":", (unsigned long long)id);
        put_json(f, d.key, strlen(d.key));
        fputs(",\"title\":", f);
        put_json_or_null(f, d.title);
        fputs(",\"author\":", f);
        put_json_or_null(f, d.author);
        fputs(",\"date\":", f);
        put_date_or_null(f, d.date);
        if (d.fingerprint) {
            fputs(",\"fingerprint\":", f);
            put_json(f, d.fingerprint, strlen(d.fingerprint));
        }
        fputs(",\"text\":", f);
        put_json(f, d.text, d.text_len);
        fputs("}\n", f);
    }
    if (found < st.docs) export_failed = 1;
    for (size_t i = 0; i < s->nodes.n; i++) {
        node_info n;
        if (read_failed(node_read(t, s->nodes.v[i], &n))) continue;
        fprintf(f, "{\"kind\":\"node\",\"id\":%llu,\"type\":", (unsigned long long)n.id);
        put_json(f, n.type, strlen(n.type));
        fputs(",\"name\":", f);
        put_json(f, n.name, n.len);
        fputs(",\"aliases\":", f);
        put_aliases_json(f, t, &n);
        fputs(",\"properties\":[", f);
        kg_iter *it = NULL;
        const char *key;
        kg_value v;
        int first = 1;
        if (!read_failed(kg_node_props(t, n.id, &it)))
            while (read_ok(kg_iter_prop(it, &key, &v))) {
                static const char *const tn[] = {"null", "int", "float", "text", "bool", "date"};
                if (v.type < KG_INT || v.type > KG_DATE) continue;
                if (!strcmp(n.type, "document") && (!strcmp(key, "load") || !strcmp(key, "loaded")))
                    continue; /* load generations are not in a dump */
                fputs(first ? "[" : ",[", f);
                put_json(f, key, strlen(key));
                fprintf(f, ",\"%s\",", tn[v.type]);
                if (v.type == KG_FLOAT)
                    put_exact(f, v.f, 0);
                else if (v.type == KG_TEXT)
                    put_json(f, v.s, v.len);
                else if (v.type == KG_DATE)
                    put_date_or_null(f, (int32_t)v.i);
                else if (v.type == KG_BOOL)
                    fputs(v.i ? "true" : "false", f);
                else
                    fprintf(f, "%lld", (long long)v.i);
                fputc(']', f);
                first = 0;
            }
        kg_iter_close(it);
        fputs("]}\n", f);
        node_free(&n);
    }
    for (size_t i = 0; i < s->edges.n; i++) {
        kg_edge e;
        if (read_failed(kg_edge_get(t, s->edges.v[i], &e))) continue;
        fprintf(f, "{\"kind\":\"edge\",\"id\":%llu,\"source\":%llu,\"target\":%llu,\"relation\":",
                (unsigned long long)e.id, (unsigned long long)e.src, (unsigned long long)e.dst);
        put_json(f, e.rel, strlen(e.rel));
        fputs(",\"evidence\":[", f);
        kg_iter *it = NULL;
        kg_evidence x;
        int first = 1;
        if (!read_failed(kg_edge_evidence(t, e.id, &it)))
            while (read_ok(kg_iter_evidence(it, &x))) {
                fputs(first ? "{\"doc\":" : ",{\"doc\":", f);
                if (x.doc)
                    fprintf(f, "%llu", (unsigned long long)x.doc);
                else
                    fputs("null", f);
                fprintf(f, ",\"start\":%u,\"end\":%u,\"date\":", x.start, x.end);
                put_date_or_null(f, x.date);
                if (x.event_date != KG_NODATE) {
                    fputs(",\"event_date\":", f);
                    put_date_or_null(f, x.event_date);
                }
                fputs(",\"confidence\":", f);
                put_exact(f, x.confidence, 1);
                fputs(",\"rule\":", f);
                put_json_or_null(f, x.rule);
                fprintf(f, ",\"modality\":\"%s\",\"claimant\":", kg_modality_name(x.modality));
                if (x.claimant)
                    fprintf(f, "%llu}", (unsigned long long)x.claimant);
                else
                    fputs("null}", f);
                first = 0;
            }
        kg_iter_close(it);
        fputs("]}\n", f);
    }
}

static void write_csv_nodes(FILE *f, kg_txn *t, const sel *s)
{
    fputs(":ID,name,:LABEL,aliases:string[]\n", f);
    for (size_t i = 0; i < s->nodes.n; i++) {
        node_info n;
        if (read_failed(node_read(t, s->nodes.v[i], &n))) continue;
        fprintf(f, "%llu,", (unsigned long long)n.id);
        kg_cli_put_csv(f, n.name, n.len);
        fputc(',', f);
        kg_cli_put_csv(f, n.type, strlen(n.type));
        fputc(',', f);
        put_aliases_joined(f, t, &n, ";", kg_cli_put_csv);
        fputc('\n', f);
        node_free(&n);
    }
}

static void write_csv_edges(FILE *f, kg_txn *t, const sel *s)
{
    fputs(":START_ID,:END_ID,:TYPE,documents:int,evidence:int,date:date,doc,sentence\n", f);
    for (size_t i = 0; i < s->edges.n; i++) {
        edge_info ei;
        if (read_failed(edge_read(t, s->edges.v[i], &ei))) continue;
        fprintf(f, "%llu,%llu,", (unsigned long long)ei.src.id, (unsigned long long)ei.dst.id);
        kg_cli_put_csv(f, ei.rel, strlen(ei.rel));
        fprintf(f, ",%u,%u,%s,", ei.ndocs, ei.nevidence, ei.first.date);
        if (ei.first.doc) kg_cli_put_csv(f, ei.first.doc, strlen(ei.first.doc));
        fputc(',', f);
        kg_cli_put_csv(f, ei.first.sentence, ei.first.len);
        fputc('\n', f);
        edge_free(&ei);
    }
}

static void write_graphml(FILE *f, kg_txn *t, const sel *s)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
          "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
          "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
          "  <key id=\"aliases\" for=\"node\" attr.name=\"aliases\" attr.type=\"string\"/>\n"
          "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
          "  <key id=\"documents\" for=\"edge\" attr.name=\"documents\" attr.type=\"int\"/>\n"
          "  <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"int\"/>\n"
          "  <key id=\"date\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n"
          "  <key id=\"doc\" for=\"edge\" attr.name=\"doc\" attr.type=\"string\"/>\n"
          "  <key id=\"sentence\" for=\"edge\" attr.name=\"sentence\" attr.type=\"string\"/>\n"
          "  <graph id=\"kg\" edgedefault=\"directed\">\n",
          f);
    for (size_t i = 0; i < s->nodes.n; i++) {
        node_info n;
        if (read_failed(node_read(t, s->nodes.v[i], &n))) continue;
        fprintf(f, "    <node id=\"n%llu\"><data key=\"type\">", (unsigned long long)n.id);
        put_xml(f, n.type, strlen(n.type));
        fputs("</data><data key=\"name\">", f);
        put_xml(f, n.name, n.len);
        fputs("</data><data key=\"aliases\">", f);
        put_aliases_joined(f, t, &n, "; ", put_xml);
        fputs("</data></node>\n", f);
        node_free(&n);
    }
    for (size_t i = 0; i < s->edges.n; i++) {
        edge_info ei;
        if (read_failed(edge_read(t, s->edges.v[i], &ei))) continue;
        fprintf(f,
                "    <edge id=\"e%llu\" source=\"n%llu\" target=\"n%llu\"><data key=\"relation\">",
                (unsigned long long)ei.id, (unsigned long long)ei.src.id,
                (unsigned long long)ei.dst.id);
        put_xml(f, ei.rel, strlen(ei.rel));
        fprintf(f, "</data><data key=\"documents\">%u</data><data key=\"evidence\">%u</data>",
                ei.ndocs, ei.nevidence);
        if (ei.first.date[0]) fprintf(f, "<data key=\"date\">%s</data>", ei.first.date);
        if (ei.first.doc) {
            fputs("<data key=\"doc\">", f);
            put_xml(f, ei.first.doc, strlen(ei.first.doc));
            fputs("</data>", f);
        }
        if (ei.first.len) {
            fputs("<data key=\"sentence\">", f);
            put_xml(f, ei.first.sentence, ei.first.len);
            fputs("</data>", f);
        }
        fputs("</edge>\n", f);
        edge_free(&ei);
    }
    fputs("  </graph>\n</graphml>\n", f);
}

static const struct {
    const char *type;  /* kg node type */
    const char *shape; /* Graphviz shape */
    const char *fill;  /* fill colour */
} dot_styles[] = {
    {"person", "ellipse", "#fde2c4"}, {"organisation", "box", "#d6e6f5"},
    {"country", "box", "#d9ead3"},    {"base", "house", "#f4cccc"},
    {"place", "ellipse", "#eeeeee"},  {"event", "diamond", "#fff2cc"},
    {"statement", "note", "#ffffff"},
};

static const char *dot_edge_colour(const char *rel)
{
    if (!strcmp(rel, "killed")) return "#c00000";
    if (!strcmp(rel, "attacked")) return "#e06000";
    if (!strcmp(rel, "said") || !strcmp(rel, "denied")) return "#707070";
    return "#303030";
}

static void write_dot(FILE *f, kg_txn *t, const sel *s, const char *around, unsigned depth,
                      kg_id start)
{
    fputs("// kg export: ", f);
    if (around) {
        fputs("neighbourhood of ", f);
        put_dot(f, around, strlen(around), 0);
        fprintf(f, ", depth %u\n", depth);
    } else {
        fputs("whole graph\n", f);
    }
    fputs("digraph kg {\n"
          "  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false, splines=true];\n"
          "  node [fontname=\"Helvetica\", fontsize=11, style=filled];\n"
          "  edge [fontname=\"Helvetica\", fontsize=9];\n",
          f);
    for (size_t i = 0; i < s->nodes.n; i++) {
        node_info n;
        if (read_failed(node_read(t, s->nodes.v[i], &n))) continue;
        const char *shape = "ellipse", *fill = "#ffffff";
        for (size_t k = 0; k < sizeof dot_styles / sizeof dot_styles[0]; k++)
            if (!strcmp(n.type, dot_styles[k].type))
                shape = dot_styles[k].shape, fill = dot_styles[k].fill;
        int is_stmt = !strcmp(n.type, "statement");
        fprintf(f, "  n%llu [label=\"%s", (unsigned long long)n.id, is_stmt ? "\\\"" : "");
        put_dot(f, n.name, n.len, is_stmt ? 60 : 0);
        fprintf(f, "%s\", shape=%s, fillcolor=\"%s\"%s, tooltip=\"", is_stmt ? "\\\"" : "", shape,
                fill, n.id == start ? ", penwidth=2.5" : "");
        put_dot(f, n.type, strlen(n.type), 0);
        fputs("\"];\n", f);
        node_free(&n);
    }
    for (size_t i = 0; i < s->edges.n; i++) {
        kg_edge e;
        if (kg_edge_get(t, s->edges.v[i], &e)) continue;
        fprintf(f, "  n%llu -> n%llu [label=\"", (unsigned long long)e.src,
                (unsigned long long)e.dst);
        put_dot(f, e.rel, strlen(e.rel), 0);
        if (e.ndocs > 1) fprintf(f, " (%u)", e.ndocs);
        fprintf(f, "\", color=\"%s\"];\n", dot_edge_colour(e.rel));
    }
    fputs("}\n", f);
}

/* ---------------------------------------------------------------- facts */
#define NFACT 16
typedef struct row {
    char *f[NFACT]; /* the columns of fact_cols */
} row;

static const char *const fact_cols[NFACT] = {
    "doc",        "subject",  "relation",     "object",      "sentence",      "date",
    "modality",   "claimant", "subject_type", "object_type", "claimant_type", "event_date",
    "confidence", "rule",     "subject_id",   "object_id"};

/* The type of node id ("" for 0 or a missing node), owned. */
static char *node_type(kg_txn *t, kg_id id)
{
    kg_node n;
    if (!id || kg_node_get(t, id, &n)) return kgl_strndup("", 0);
    return kgl_strndup(n.type, strlen(n.type));
}

static char *printed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *printed(const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return kgl_strndup(buf, strlen(buf));
}

static int row_cmp(const void *a, const void *b)
{
    const row *x = a, *y = b;
    for (int i = 0; i < NFACT; i++) {
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

/* The canonical name of node id ("" for 0 or a missing node), owned. */
static char *node_name(kg_txn *t, kg_id id)
{
    kg_node n;
    if (!id || kg_node_get(t, id, &n)) return kgl_strndup("", 0);
    return clean(n.name, n.name_len);
}

/* One row per (document, edge, modality, claimant): the first evidence row of
** each (rows without a document each give one). */
static void write_facts(FILE *f, kg_txn *t, const sel *s, const char *format, int ids)
{
    row *rows = NULL;
    size_t nrows = 0, cap = 0;
    for (size_t i = 0; i < s->edges.n; i++) {
        edge_info ei;
        if (read_failed(edge_read(t, s->edges.v[i], &ei))) continue;
        if (!strcmp(ei.rel, KG_MENTION_REL)) { /* mentions are no facts */
            edge_free(&ei);
            continue;
        }
        kg_iter *it = NULL;
        kg_id lastdoc = 0, seen[8][2]; /* this document's (modality, claimant) pairs */
        size_t nseen = 0;
        kg_evidence x;
        if (!read_failed(kg_edge_evidence(t, ei.id, &it)))
            while (read_ok(kg_iter_evidence(it, &x))) {
                if (x.doc != lastdoc || !x.doc) nseen = 0;
                lastdoc = x.doc;
                size_t k = 0;
                while (k < nseen && (seen[k][0] != x.modality || seen[k][1] != x.claimant))
                    k++;
                if (k < nseen) continue;
                if (nseen < 8) seen[nseen][0] = x.modality, seen[nseen][1] = x.claimant, nseen++;
                ev_info ev;
                ev_read(t, &x, &ev);
                if (nrows == cap) {
                    cap = cap ? cap * 2 : 256;
                    rows = kgl_xrealloc(rows, cap * sizeof *rows);
                }
                row *r = &rows[nrows++];
                r->f[0] = clean(ev.doc ? ev.doc : "", ev.doc ? strlen(ev.doc) : 0);
                r->f[1] = clean(ei.src.name, ei.src.len);
                r->f[2] = clean(ei.rel, strlen(ei.rel));
                r->f[3] = clean(ei.dst.name, ei.dst.len);
                r->f[4] = clean(ev.sentence, ev.len);
                r->f[5] = kgl_strndup(ev.date, strlen(ev.date));
                const char *mn = kg_modality_name(x.modality);
                r->f[6] = kgl_strndup(mn ? mn : "", mn ? strlen(mn) : 0);
                r->f[7] = node_name(t, x.claimant);
                r->f[8] = kgl_strndup(ei.src.type, strlen(ei.src.type));
                r->f[9] = kgl_strndup(ei.dst.type, strlen(ei.dst.type));
                r->f[10] = node_type(t, x.claimant);
                char ed[11] = "";
                if (x.event_date != KG_NODATE) kg_date_format(x.event_date, ed);
                r->f[11] = kgl_strndup(ed, strlen(ed));
                r->f[12] = printed("%.6g", (double)x.confidence);
                r->f[13] = clean(ev.rule ? ev.rule : "", ev.rule ? strlen(ev.rule) : 0);
                r->f[14] = printed("%llu", (unsigned long long)ei.src.id);
                r->f[15] = printed("%llu", (unsigned long long)ei.dst.id);
                ev_free(&ev);
            }
        kg_iter_close(it);
        edge_free(&ei);
    }
    if (nrows) qsort(rows, nrows, sizeof *rows, row_cmp);
    int tsv = !strcmp(format, "tsv"), csv = !strcmp(format, "csv");
    int nc = ids ? NFACT : NFACT - 2; /* the ids are the last two columns */
    for (int k = 0; k < nc && (tsv || csv); k++)
        fprintf(f, "%s%c", fact_cols[k], k < nc - 1 ? (tsv ? '\t' : ',') : '\n');
    for (size_t i = 0; i < nrows; i++) {
        for (int k = 0; k < nc; k++) {
            const char *v = rows[i].f[k];
            if (tsv)
                fprintf(f, "%s%c", v, k < nc - 1 ? '\t' : '\n');
            else if (csv)
                kg_cli_put_csv(f, v, strlen(v)), fputc(k < nc - 1 ? ',' : '\n', f);
            else {
                fprintf(f, "%s\"%s\":", k ? "," : "{", fact_cols[k]);
                put_json(f, v, strlen(v));
                if (k == nc - 1) fputs("}\n", f);
            }
        }
        for (int k = 0; k < NFACT; k++)
            free(rows[i].f[k]);
    }
    free(rows);
}

/* ---------------------------------------------------------------- the command */
typedef struct opts {
    const char *db;     /* database directory */
    const char *what;   /* graph facts nodes edges */
    const char *format; /* output format */
    const char *around; /* --around NAME or NULL */
    const char *type;   /* --type TYPE or NULL */
    unsigned depth;     /* --depth N (default 1) */
    int ids;            /* --ids: facts name their subject's and object's node ids */
    const char *output; /* --output PATH or NULL (stdout) */
} opts;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("kg: export: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(EXPORT_USAGE, stderr);
    return 2;
}

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list)) return 1;
    return 0;
}

/* Parse argv into o; returns 0 or the exit status of a usage error. */
static int parse_args(int argc, char **argv, opts *o)
{
    static const char *const graph_formats[] = {"jsonl", "csv", "graphml", "dot", NULL};
    const char *depth = NULL;
    memset(o, 0, sizeof *o);
    o->depth = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        static const char *const valued[] = {"--format", "--around", "--type",
                                             "--depth",  "--output", NULL};
        const char *name = NULL;
        for (const char *const *p = valued; *p; p++) {
            size_t n = strlen(*p);
            if (!strncmp(a, *p, n) && (a[n] == 0 || a[n] == '=')) {
                name = *p;
                if (a[n] == '=')
                    v = a + n + 1;
                else if (i + 1 < argc)
                    v = argv[++i];
                else
                    return usage_error("option %s needs a value", name);
            }
        }
        if (!name && !strcmp(a, "-o")) {
            name = "--output";
            if (i + 1 < argc)
                v = argv[++i];
            else
                return usage_error("option %s needs a value", "-o");
        }
        if (!name && !strcmp(a, "--ids")) {
            o->ids = 1;
            continue;
        }
        if (name) {
            if (!strcmp(name, "--format"))
                o->format = v;
            else if (!strcmp(name, "--around"))
                o->around = v;
            else if (!strcmp(name, "--type"))
                o->type = v;
            else if (!strcmp(name, "--depth"))
                depth = v;
            else
                o->output = v;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!o->db) {
            o->db = a;
        } else if (!o->what) {
            o->what = a;
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
    }
    if (!o->db) return usage_error("%s", "no database given");
    if (o->ids && (!o->what || strcmp(o->what, "facts")))
        return usage_error("%s", "--ids is an option of kg export DB facts");
    if (depth) {
        char *end;
        errno = 0;
        long d = strtol(depth, &end, 10);
        if (!*depth || *end || errno || d < 0 || d > 1000)
            return usage_error("--depth wants a number from 0 to 1000, not '%s'", depth);
        o->depth = (unsigned)d;
        if (!o->around) return usage_error("%s", "--depth needs --around NAME");
    }
    if (o->type && !o->around) return usage_error("%s", "--type needs --around NAME");
    if (!o->what) o->what = o->format ? "graph" : NULL;
    if (!o->what)
        return usage_error("%s",
                           "say what to export (graph, facts, nodes, edges) or give --format");
    if (in_list(o->what, graph_formats)) {
        if (o->format && strcmp(o->format, o->what))
            return usage_error("'%s' conflicts with --format", o->what);
        o->format = o->what;
        o->what = "graph";
    }
    if (!strcmp(o->what, "graph")) {
        if (!o->format) o->format = "jsonl";
        if (!in_list(o->format, graph_formats))
            return usage_error(
                "unknown format '%s' for the graph (expected jsonl, csv, graphml or dot)",
                o->format);
        if (!strcmp(o->format, "csv") && !o->output)
            return usage_error(
                "%s",
                "csv writes two files (nodes.csv, relationships.csv): give --output DIRECTORY, "
                "or export nodes or edges alone");
    } else if (!strcmp(o->what, "dump")) {
        if (o->format && strcmp(o->format, "jsonl"))
            return usage_error("a dump is JSON Lines, not '%s'", o->format);
        o->format = "jsonl";
        if (o->around) return usage_error("%s", "a dump is the whole database: no --around");
    } else if (!strcmp(o->what, "facts")) {
        static const char *const ff[] = {"tsv", "csv", "jsonl", NULL};
        if (!o->format) o->format = "tsv";
        if (!in_list(o->format, ff))
            return usage_error("unknown format '%s' for facts (expected tsv, csv or jsonl)",
                               o->format);
    } else if (!strcmp(o->what, "nodes") || !strcmp(o->what, "edges")) {
        static const char *const nf[] = {"csv", "jsonl", NULL};
        if (!o->format) o->format = "csv";
        if (!in_list(o->format, nf))
            return usage_error("unknown format '%s' for nodes or edges (expected csv or jsonl)",
                               o->format);
    } else {
        return usage_error("unknown export '%s' (expected graph, facts, nodes, edges, dump, jsonl, "
                           "csv, graphml or dot)",
                           o->what);
    }
    return 0;
}

/* Find the start node of --around; prints the error. */
static int resolve_around(kg_txn *t, const opts *o, kg_id *out)
{
    kg_id ids[8];
    size_t n = 0;
    int rc = kg_resolve(t, o->around, o->type, ids, 8, &n);
    if (rc == KG_NOTFOUND || (!rc && n == 0)) {
        fprintf(stderr, "kg: export: no node named '%s'%s%s in %s\n", o->around,
                o->type ? " of type " : "", o->type ? o->type : "", o->db);
        return 1;
    }
    if (rc) {
        fprintf(stderr, "kg: export: %s: %s\n", o->db, kg_errmsg(kg_txn_db(t)));
        return 1;
    }
    if (n > 1) {
        fprintf(stderr, "kg: export: '%s' names %zu nodes:", o->around, n);
        for (size_t i = 0; i < n && i < 8; i++) {
            kg_node nd;
            if (kg_node_get(t, ids[i], &nd) == KG_OK)
                fprintf(stderr, "%s %s (%s)", i ? "," : "", nd.name, nd.type);
        }
        fputs("\nhint: choose one with --type TYPE\n", stderr);
        return 1;
    }
    *out = ids[0];
    return 0;
}

/* Does directory dir (n bytes of it) hold a database (data.mdb or lock.mdb)? */
static int db_dir(const char *dir, size_t n)
{
    kgl_buf p = {0};
    struct stat st;
    kgl_buf_printf(&p, "%.*s/data.mdb", (int)n, n ? dir : ".");
    int yes = stat(p.p, &st) == 0;
    p.len = 0;
    kgl_buf_printf(&p, "%.*s/lock.mdb", (int)n, n ? dir : ".");
    yes |= stat(p.p, &st) == 0;
    kgl_buf_free(&p);
    return yes;
}

/* --output never goes into a database directory (a typo such as
** --output DB/data.mdb would truncate the database): 1 and the error printed
** when it would. A csv export writes into the directory `path` itself. */
static int output_in_db(const char *path, int isdir)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (slash && n == 0) n = 1; /* "/x": the root */
    if (db_dir(slash ? path : "", n) || (isdir && db_dir(path, strlen(path)))) {
        fprintf(stderr,
                "kg: export: will not write '%s': %s is a database directory (it holds data.mdb or "
                "lock.mdb); choose another place\n",
                path,
                isdir && db_dir(path, strlen(path)) ? path
                : n                                 ? "its directory"
                                                    : "the current directory");
        return 1;
    }
    return 0;
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) fprintf(stderr, "kg: export: cannot write '%s': %s\n", path, strerror(errno));
    return f;
}

/* Close (or flush stdout) and report a write error naming the file. */
static int close_out(FILE *f, const char *path)
{
    int bad = ferror(f);
    if (f == stdout)
        bad |= fflush(f) != 0;
    else
        bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "kg: export: error writing '%s': %s\n", path ? path : "standard output",
                strerror(errno ? errno : EIO));
        return 1;
    }
    return 0;
}

static int write_csv_dir(kg_txn *t, const sel *s, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "kg: export: cannot create directory '%s': %s\n", dir, strerror(errno));
        return 1;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "kg: export: '%s' is not a directory (csv writes nodes.csv and relationships.csv "
                "there)\n",
                dir);
        return 1;
    }
    kgl_buf p = {0};
    int bad = 0;
    kgl_buf_printf(&p, "%s/nodes.csv", dir);
    FILE *f = open_out(p.p);
    if (f)
        write_csv_nodes(f, t, s), bad |= close_out(f, p.p);
    else
        bad = 1;
    p.len = 0;
    kgl_buf_printf(&p, "%s/relationships.csv", dir);
    f = bad ? NULL : open_out(p.p);
    if (f)
        write_csv_edges(f, t, s), bad |= close_out(f, p.p);
    else
        bad = 1;
    kgl_buf_free(&p);
    return bad;
}

int kg_cli_export(int argc, char **argv)
{
    opts o;
    int status = parse_args(argc, argv, &o);
    if (status) return status;
    if (o.output && output_in_db(o.output, !strcmp(o.format, "csv") && !strcmp(o.what, "graph")))
        return 1;
    kg_db *db = NULL;
    if (kg_open(o.db, KG_OPEN_READONLY, NULL, &db) != KG_OK) {
        const char *msg = db ? kg_errmsg(db) : "cannot open";
        if (strstr(msg, o.db))
            fprintf(stderr, "kg: export: %s\n", msg); /* already names the path */
        else
            fprintf(stderr, "kg: export: %s: %s\n", o.db, msg);
        kg_close(db);
        return 1;
    }
    kg_txn *t = NULL;
    sel s;
    memset(&s, 0, sizeof s);
    kg_id start = 0;
    int rc = kg_begin(db, KG_TXN_READ, &t);
    if (!rc && o.around && resolve_around(t, &o, &start)) status = 1;
    if (!rc && !status) rc = o.around ? select_around(t, start, o.depth, &s) : select_all(t, &s);
    if (rc) {
        /* an iterator's failure may leave no message on the handle: its code then */
        fprintf(stderr, "kg: export: %s: %s\n", o.db,
                strcmp(kg_errmsg(db), "not an error") ? kg_errmsg(db) : kg_errstr(rc));
        status = 1;
    }
    if (!status) {
        if (!strcmp(o.format, "csv") && !strcmp(o.what, "graph")) {
            status = write_csv_dir(t, &s, o.output);
        } else {
            FILE *f = o.output ? open_out(o.output) : stdout;
            if (!f) {
                status = 1;
            } else {
                if (!strcmp(o.what, "facts"))
                    write_facts(f, t, &s, o.format, o.ids);
                else if (!strcmp(o.what, "dump"))
                    write_dump(f, t, &s);
                else if (!strcmp(o.what, "nodes") && !strcmp(o.format, "csv"))
                    write_csv_nodes(f, t, &s);
                else if (!strcmp(o.what, "edges") && !strcmp(o.format, "csv"))
                    write_csv_edges(f, t, &s);
                else if (!strcmp(o.format, "jsonl"))
                    write_jsonl(f, t, &s, strcmp(o.what, "edges") != 0,
                                strcmp(o.what, "nodes") != 0);
                else if (!strcmp(o.format, "graphml"))
                    write_graphml(f, t, &s);
                else
                    write_dot(f, t, &s, o.around, o.depth, start);
                status = close_out(f, o.output);
            }
        }
    }
    if (!status && export_failed) {
        fprintf(stderr,
                "kg: export: %s: reading the database failed part-way (%s): the output "
                "is incomplete%s; run kg check\n",
                o.db, kg_errmsg(db), o.output ? " and was removed" : "");
        if (o.output && !(!strcmp(o.format, "csv") && !strcmp(o.what, "graph"))) unlink(o.output);
        status = 1;
    }
    free(s.nodes.v), free(s.edges.v);
    kg_abort(t);
    kg_close(db);
    return status;
}
