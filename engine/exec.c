/*
** exec.c -- the executor: operators pull rows from their children through a
** shared frame of slots (engine layer, query engine). Streaming except where
** the operator must see every row (aggregate, sort, distinct keeps a set,
** writes are eager). Limits on rows, time and memory are checked here.
*/
#include "query.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The direction of an adjacency walk for op: plain patterns walk only the
** relations they see (not those only claimed or denied, QUERY.md "Modality");
** a pattern that names the modality walks every relation. */
#define ADJ_DIR(h, d) ((d) | ((h)->allmod ? 0 : KG_ADJ_VISIBLE))

/* ---------------------------------------------------------------- helpers */

static int run_alloc(kg_exec *ex, qop *op);
static int fed(kg_exec *ex, qop *op, int n);

static int oom(kg_exec *ex)
{
    kg_error(ex->db, KG_NOMEM, "out of memory");
    if (!ex->err) ex->err = KG_NOMEM;
    return -KG_NOMEM;
}

static int fail(kg_exec *ex, int rc)
{
    if (!ex->err) ex->err = rc;
    return -rc;
}

static double now_secs(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The memory limit alone: for operators that hold more with every row
** (the time limit and interrupts are checked every 1024 operator calls by
** kg_exec_next, which every row pulled goes through). */
static int mem_check(kg_exec *ex)
{
    size_t max = ex->db->limits.max_memory;
    if (max && ex->mem > max)
        return kg_error(ex->db, KG_LIMIT,
                        "query needs more than the memory limit of %zu bytes for its rows", max);
    return KG_OK;
}

int kg_exec_check_limits(kg_exec *ex)
{
    kg_limits *l = &ex->db->limits;
    if (atomic_load_explicit(&ex->db->interrupted, memory_order_relaxed))
        return kg_error(ex->db, KG_INTERRUPT, "interrupted");
    if (ex->db->progress && ex->db->progress(ex->db->progressctx))
        return kg_error(ex->db, KG_INTERRUPT, "interrupted by the progress handler");
    if (l->max_seconds > 0) {
        double start = (double)ex->t0.tv_sec + ex->t0.tv_nsec / 1e9;
        if (now_secs() - start > l->max_seconds)
            return kg_error(ex->db, KG_LIMIT, "query ran longer than the limit of %g seconds",
                            l->max_seconds);
    }
    return mem_check(ex);
}

/* Copy the frame into a row (values retained). */
/* The bytes a saved row counts against the memory limit: its slots and the
** text, lists and maps they hold. */
static size_t row_bytes(const kg_exec *ex, const qrow *r)
{
    size_t bytes = ex->nslots * sizeof(qv) + 32;
    for (int i = 0; i < ex->nslots; i++)
        bytes += qv_bytes(&r->v[i]);
    return bytes;
}

static int row_save(kg_exec *ex, qrow *r)
{
    r->v = malloc((ex->nslots ? ex->nslots : 1) * sizeof(qv));
    if (!r->v) return KG_NOMEM;
    for (int i = 0; i < ex->nslots; i++)
        r->v[i] = qv_retain(ex->slots[i]);
    ex->mem += row_bytes(ex, r);
    return KG_OK;
}

/* Put a saved row back into the frame. */
static void row_load(kg_exec *ex, qrow *r)
{
    for (int i = 0; i < ex->nslots; i++)
        qv_set(&ex->slots[i], qv_retain(r->v[i]));
}

static void row_free(kg_exec *ex, qrow *r)
{
    if (!r->v) return;
    for (int i = 0; i < ex->nslots; i++)
        qv_release(r->v[i]);
    free(r->v);
    r->v = NULL;
}

/* Rows held by an operator (Sort, Write): saved with row_save, served once
** each in order. */
typedef struct rows_run {
    int state;  /* 0: input not consumed yet */
    qrow *buf;  /* the rows */
    size_t n;   /* held */
    size_t i;   /* next to serve */
    size_t cap; /* allocated */
} rows_run;

static int rows_push(kg_exec *ex, rows_run *r)
{
    if (KG_GROW(r->buf, r->n, r->cap, 64)) return KG_NOMEM;
    if (row_save(ex, &r->buf[r->n])) return KG_NOMEM;
    r->n++;
    return mem_check(ex);
}

/* The next held row into the frame: 1, or 0 when all were served. */
static int rows_serve(kg_exec *ex, rows_run *r)
{
    if (r->i >= r->n) return 0;
    qrow *row = &r->buf[r->i++];
    row_load(ex, row);
    row_free(ex, row); /* each row is served once */
    return 1;
}

static void rows_reset(kg_exec *ex, qop *op)
{
    rows_run *r = op->run;
    for (size_t i = 0; i < r->n; i++)
        row_free(ex, &r->buf[i]);
    free(r->buf);
}

/* A list of node ids being served (NameSeek, NodeByIdSeek, NodeScan and
** InDegreeScan candidates, VarExpand's breadth-first queue). */
typedef struct idvec {
    kg_id *v;
    size_t n;   /* held */
    size_t i;   /* next to serve */
    size_t cap; /* allocated */
} idvec;

static int idv_push(idvec *d, kg_id id)
{
    if (KG_GROW(d->v, d->n, d->cap, 8)) return KG_NOMEM;
    d->v[d->n++] = id;
    return KG_OK;
}

static inline int rel_ok(const qp_hop *h, uint32_t r)
{
    if (h->nrels <= 1) return 1; /* one relation: the adjacency key filtered it */
    for (int i = 0; i < h->nrels; i++)
        if (h->rels[i] == r) return 1;
    return 0;
}

/* The edge is not used by another relation variable of the same MATCH. */
static inline int edge_free(kg_exec *ex, const qp_hop *h, kg_id e)
{
    for (int i = 0; i < h->nexcl; i++) {
        qv *v = &ex->slots[h->excl[i]];
        if (v->t == KG_EDGE && v->u.id == e) return 0;
    }
    for (int i = 0; i < h->nexclpaths; i++) {
        qv *v = &ex->slots[h->exclpaths[i]];
        if (v->t != KG_LIST) continue;
        for (uint32_t j = 0; j < v->u.l->n; j++)
            if (v->u.l->v[j].u.id == e) return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- tuple set
** A set of value tuples (DISTINCT, grouping): the entries in arrays, found
** through the engine's hash index (kg_itab). */

typedef struct tset {
    qv *vals;       /* k values per entry */
    uint64_t *hash; /* per entry */
    size_t n;       /* entries */
    size_t cap;     /* entries hash holds */
    size_t capv;    /* entries vals holds */
    int k;          /* tuple width */
    kg_itab tab;    /* entry indexes by hash */
} tset;

static uint64_t tuple_hash(const qv *t, int k)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < k; i++)
        h = (h ^ qv_hash(&t[i])) * 1099511628211ull;
    return h;
}

static int tuple_same(const qv *a, const qv *b, int k)
{
    for (int i = 0; i < k; i++)
        if (qv_cmp(&a[i], &b[i]) != 0) return 0;
    return 1;
}

static uint64_t tset_rehash(void *ctx, uint32_t e)
{
    return ((tset *)ctx)->hash[e];
}

/* Find or insert; *idx = entry index, returns 1 when inserted, 0 found, -1 oom.
** Inserted values are retained. */
static int tset_put(tset *s, const qv *t, size_t *idx)
{
    uint64_t h = tuple_hash(t, s->k);
    KG_ITAB_EACH(&s->tab, h, i)
    {
        size_t e = s->tab.t[i] - 1;
        if (s->hash[e] == h && tuple_same(&s->vals[e * s->k], t, s->k)) {
            *idx = e;
            return 0;
        }
    }
    if (!s->tab.min) s->tab.min = 128;
    if (KG_GROWN(s->vals, s->n, s->capv, 64, s->k) || KG_GROW(s->hash, s->n, s->cap, 64) ||
        kg_itab_add(&s->tab, h, s->n, tset_rehash, s))
        return -1;
    size_t e = s->n++;
    for (int i = 0; i < s->k; i++)
        s->vals[e * s->k + i] = qv_retain(t[i]);
    s->hash[e] = h;
    *idx = e;
    return 1;
}

static void tset_free(tset *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n * s->k; i++)
        qv_release(s->vals[i]);
    free(s->vals);
    free(s->hash);
    kg_itab_free(&s->tab);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- dense stamps
** Node ids are dense (a counter), so a visited set can be an array indexed by
** id. The arrays are kept in a small pool on the handle between executions
** (a statement's run state is freed by every kg_reset). */

#define DENSE_MAX ((size_t)1 << 26) /* at most 256 MB of stamps */

/* An array of at least n stamps (or, index set, of n indexes) for exclusive
** use; 0, or -1 (none: use a hash). Arrays of indexes and of stamps are kept
** apart: indexes read as stamps would need clearing. */
static int stamps_take(kg_db *db, size_t n, int index, kg_stamps *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || n > DENSE_MAX) return -1;
    for (int i = db->npool - 1; i >= 0; i--)
        if (db->pool[i].n >= n && db->pool[i].index == index) {
            *out = db->pool[i];
            db->pool[i] = db->pool[--db->npool];
            return 0;
        }
    n += n / 8 + 1024; /* room for nodes created later */
    if (!(out->s = calloc(n, sizeof *out->s))) return -1;
    out->n = n, out->index = index;
    return 0;
}

static void stamps_give(kg_db *db, kg_stamps *st)
{
    if (!st->s) return;
    if (db->npool < KG_STAMP_POOL)
        db->pool[db->npool++] = *st;
    else
        free(st->s);
    memset(st, 0, sizeof *st);
}

/* Start a search: a new stamp value. */
static void stamps_next(kg_stamps *st)
{
    if (st->s && ++st->gen == 0) memset(st->s, 0, st->n * sizeof *st->s), st->gen = 1;
}

/* ---------------------------------------------------------------- var-length */

typedef struct vframe {
    kg_id node; /* node at this depth */
    kg_id edge; /* edge that led here (0 at depth 0) */
    kg_adj adj; /* its neighbours, opened lazily */
    int opened; /* adj is open */
} vframe;

/* VarExpand's run state. */
typedef struct vstate {
    vframe *f; /* stack */
    int sp;    /* frames in use */
    int cap;   /* allocated */
    /* distinct-ends mode (hop.all): breadth-first */
    idvec q;         /* the queue: visited nodes in the order found */
    kg_adj adj;      /* neighbours of the node being expanded */
    kg_itab vis;     /* visited nodes not in dense: indexes into q */
    size_t lvl_end;  /* queue index where the next depth starts */
    int depth;       /* depth of the node being expanded */
    int bopen;       /* adj is open */
    int active;      /* a search is under way */
    int srcdone;     /* the source was emitted */
    kg_id src;       /* the source */
    kg_stamps dense; /* visited stamps indexed by node id below dense.n */
    int densetried;  /* dense was considered */
    kg_db *db;       /* the pool dense goes back to */
} vstate;

static uint64_t vis_hash(kg_id id)
{
    return (id * 0x9e3779b97f4a7c15ull) >> 20;
}

static uint64_t vis_rehash(void *ctx, uint32_t e)
{
    return vis_hash(((vstate *)ctx)->q.v[e]);
}

/* Add id to the visited set and queue it: 1 added, 0 already there, -1 out
** of memory. */
static int vis_add(vstate *v, kg_id id)
{
    if (id < v->dense.n) {
        if (v->dense.s[id] == v->dense.gen) return 0;
        v->dense.s[id] = v->dense.gen;
    } else {
        uint64_t h = vis_hash(id);
        v->vis.min = 1024;
        KG_ITAB_EACH(&v->vis, h, i)
        if (v->q.v[v->vis.t[i] - 1] == id) return 0;
        if (kg_itab_add(&v->vis, h, v->q.n, vis_rehash, v)) return -1;
    }
    return idv_push(&v->q, id) ? -1 : 1; /* at index q.n, as the table says */
}

static int varbfs_start(kg_exec *ex, qop *op, vstate *v);
static int varbfs_more(kg_exec *ex, qop *op, vstate *v, kg_id *id);

/* VarExpand when only the set of end nodes matters (the planner sets hop.all:
** min <= 1, one direction, nothing reads the relationship list): one
** breadth-first search per input row with a visited set, each reachable node
** emitted once. A node at distance 1..max is the end of a shortest path, which
** is relationship-unique; the source itself is an end when a cycle of length
** <= max returns to it, and the shortest such cycle is simple. */
static int varbfs_next(kg_exec *ex, qop *op, vstate *v)
{
    const qp_hop *h = &op->p.hop;
    int rc;
    kg_id id = 0;
    for (;;) {
        if (!v->active && (rc = varbfs_start(ex, op, v)) <= 0) return rc;
        if ((rc = varbfs_more(ex, op, v, &id)) < 0) return rc;
        if (rc) {
            qv_set(&ex->slots[h->slot2], qv_node(id));
            return 1;
        }
    }
}

/* The next input row's search begun (v->active): 1, or 0 at the end of the
** input, < 0 an error. */
static int varbfs_start(kg_exec *ex, qop *op, vstate *v)
{
    const qp_hop *h = &op->p.hop;
    int rc;
    for (;;) {
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        qv *s = &ex->slots[h->slot];
        if (s->t != KG_NODE) continue;
        kg_itab_clear(&v->vis);
        if (!v->densetried) { /* node ids are dense: stamps indexed by id */
            v->densetried = 1;
            v->db = ex->db;
            stamps_take(ex->db, (size_t)kg_store_node_limit(ex->txn), 0, &v->dense);
        }
        stamps_next(&v->dense);
        v->q.n = v->q.i = 0;
        v->src = s->u.id, v->active = 1, v->bopen = 0, v->depth = 0, v->lvl_end = 1;
        if (vis_add(v, v->src) < 0) return oom(ex);
        qv_set(&ex->slots[h->slot3], QV_NULL);
        v->srcdone = 0; /* the source is an end of zero steps: varbfs_more */
        return 1;
    }
}

/* The current search's next end node into *id: 1, or 0 when it has no more
** (v->active is cleared), < 0 an error. */
static int varbfs_more(kg_exec *ex, qop *op, vstate *v, kg_id *id)
{
    const qp_hop *h = &op->p.hop;
    int rc;
    if (h->min == 0 && !v->srcdone) {
        v->srcdone = 1;
        *id = v->src;
        return 1;
    }
    for (;;) {
        if (!v->bopen) {
            if (v->q.i < v->q.n && v->q.i == v->lvl_end) v->depth++, v->lvl_end = v->q.n;
            if (v->q.i >= v->q.n || v->depth >= h->max) {
                kg_store_adj_close(&v->adj);
                v->active = 0;
                return 0;
            }
            if ((rc = kg_store_adj_rewind(ex->txn, &v->adj, v->q.v[v->q.i],
                                          h->nrels == 1 ? h->rels[0] : 0, ADJ_DIR(h, h->dir))))
                return fail(ex, rc);
            v->bopen = 1;
        }
        kg_id nbr, e;
        uint32_t r;
        rc = kg_store_adj_next(&v->adj, &nbr, &e, &r, NULL);
        if (rc == KG_DONE) {
            v->bopen = 0;
            v->q.i++;
            continue;
        }
        if (rc != KG_ROW) return fail(ex, rc);
        if (!rel_ok(h, r)) continue;
        if (nbr == v->src) {
            if (v->srcdone) continue;
            v->srcdone = 1;
        } else {
            int a = vis_add(v, nbr);
            if (a < 0) return oom(ex);
            if (!a) continue;
            ex->mem = v->q.n * (sizeof(kg_id) * 3 + sizeof(uint32_t) * 2);
        }
        *id = nbr;
        return 1;
    }
}

/* The end nodes of a breadth-first VarExpand's search, for an Aggregate that
** counts them (as expand_feed): up to cap, all of one input row, into nodes
** (edges: none, zeros). Returns how many (> 0), 0 at the end of the input,
** < 0 an error. */
static int varbfs_feed(kg_exec *ex, qop *op, kg_id *nodes, kg_id *edges, int cap)
{
    if (run_alloc(ex, op)) return -ex->err;
    vstate *v = op->run;
    int rc, n = 0;
    for (;;) {
        if (!v->active && (rc = varbfs_start(ex, op, v)) <= 0) return rc;
        while (n < cap && (rc = varbfs_more(ex, op, v, &nodes[n])) > 0)
            edges[n++] = 0;
        if (rc < 0) return rc;
        if (n) break; /* the row goes on at the next call while v->active */
    }
    return fed(ex, op, n);
}

static void vstate_clear(vstate *v)
{
    for (int i = 0; i < v->sp; i++)
        if (v->f[i].opened) kg_store_adj_close(&v->f[i].adj);
    v->sp = 0;
}

static int vpush(vstate *v, kg_id node, kg_id edge)
{
    if (KG_GROW(v->f, v->sp, v->cap, 16)) return KG_NOMEM;
    v->f[v->sp++] = (vframe){node, edge, {0}, 0};
    return KG_OK;
}

/* Emit the current stack as a match: bind target and edge list. */
static int vemit(kg_exec *ex, const qp_hop *h, vstate *v)
{
    kg_id dst = v->f[v->sp - 1].node;
    if (h->dst_bound) {
        qv *d = &ex->slots[h->slot2];
        if (d->t != KG_NODE || d->u.id != dst) return 0;
    } else {
        qv_set(&ex->slots[h->slot2], qv_node(dst));
    }
    qv l = qv_list(KG_LIST, (uint32_t)(v->sp - 1));
    if (l.t == KG_NULL) return -1;
    for (int i = 1; i < v->sp; i++)
        l.u.l->v[i - 1] = qv_edge(v->f[i].edge);
    qv_set(&ex->slots[h->slot3], l);
    return 1;
}

/* VarExpand: per input row, the paths of min..max hops from the node in
** hop.slot (depth first, a stack of adjacency cursors), each relationship
** once per path; the end node into slot2, the edge list into slot3. */
static int varexpand_next(kg_exec *ex, qop *op)
{
    vstate *v = op->run;
    const qp_hop *h = &op->p.hop;
    if (h->all) return varbfs_next(ex, op, v);
    for (;;) {
        if (v->sp == 0) {
            int rc = kg_exec_next(ex, op->child);
            if (rc <= 0) return rc;
            qv *s = &ex->slots[h->slot];
            if (s->t != KG_NODE) continue;
            if (vpush(v, s->u.id, 0)) return oom(ex);
            if (h->min == 0) {
                int e = vemit(ex, h, v);
                if (e < 0) return oom(ex);
                if (e) return 1;
            }
            continue;
        }
        vframe *f = &v->f[v->sp - 1];
        if (v->sp - 1 >= h->max) { /* deep enough */
            if (f->opened) kg_store_adj_close(&f->adj);
            v->sp--;
            continue;
        }
        if (!f->opened) {
            int rc = kg_store_adj_open(ex->txn, f->node, h->nrels == 1 ? h->rels[0] : 0,
                                       ADJ_DIR(h, h->dir), &f->adj);
            if (rc) return fail(ex, rc);
            f->opened = 1;
        }
        kg_id nbr, e;
        uint32_t r;
        int d = 0;
        int rc = kg_store_adj_next(&f->adj, &nbr, &e, &r, &d);
        if (rc == KG_DONE) {
            kg_store_adj_close(&f->adj);
            v->sp--;
            continue;
        }
        if (rc != KG_ROW) return fail(ex, rc);
        if (!rel_ok(h, r) || !edge_free(ex, h, e)) continue;
        if (h->dir == KG_BOTH && nbr == f->node && d == KG_IN) continue; /* a loop: once */
        int used = 0;
        for (int i = 1; i < v->sp && !used; i++)
            used = v->f[i].edge == e;
        if (used) continue;
        if (vpush(v, nbr, e)) return oom(ex);
        if (v->sp - 1 >= h->min) {
            int em = vemit(ex, h, v);
            if (em < 0) return oom(ex);
            if (em) return 1;
        }
    }
}

static void varexpand_reset(kg_exec *ex, qop *op)
{
    vstate *v = op->run;
    (void)ex;
    vstate_clear(v);
    free(v->f);
    free(v->q.v);
    kg_store_adj_close(&v->adj);
    kg_itab_free(&v->vis);
    if (v->db) stamps_give(v->db, &v->dense);
}

/* ---------------------------------------------------------------- shortest */

typedef struct bfsnode {
    kg_id id;      /* node */
    int depth;     /* hops from the source */
    int nparents;  /* parents on shortest paths */
    int cap;       /* allocated */
    kg_id *parent; /* parent nodes after the first */
    kg_id *pedge;  /* edges from them */
    kg_id p0, e0;  /* the first parent and edge, inline (no allocation per node) */
} bfsnode;

/* The i-th parent of a node and the edge from it. */
#define BPARENT(n, i) ((i) == 0 ? (n)->p0 : (n)->parent[(i)-1])
#define BPEDGE(n, i) ((i) == 0 ? (n)->e0 : (n)->pedge[(i)-1])

/* The visited nodes of a search, found by id: in dense arrays from the
** handle's pool (seen[id] == gen: visited, at[id] its index in n), which a
** new search empties by a new gen; nodes past the arrays (or all of them when
** the pool gives none) in the search's own hash table (node index + 1 by id,
** int64 slots), not kg_itab: with kg_itab kg-bench W6 (shortest paths at S)
** took 12% longer in three paired runs although callgrind counted 9% fewer
** instructions; left as it was until that is understood. */
typedef struct bfs {
    bfsnode *n;         /* visited nodes */
    size_t nn, cap;     /* count, allocated */
    kg_stamps seen, at; /* dense: visited, and where (bfs_dense) */
    kg_db *db;          /* the pool they go back to */
    int64_t *tab;       /* hash: index + 1 */
    size_t ntab;        /* table size */
    qv *paths;          /* results for the current row */
    size_t npaths, ipaths, cappaths;
    struct bfs *back; /* bidirectional search: the side grown from the target */
    size_t ntabn;     /* entries in tab */
} bfs;

static bfsnode *bfs_get(bfs *b, kg_id id, int create, int *isnew)
{
    if (isnew) *isnew = 0;
    if (id < b->seen.n) {
        if (b->seen.s[id] == b->seen.gen) return &b->n[b->at.s[id]];
        if (!create || KG_GROW(b->n, b->nn, b->cap, 256)) return NULL;
        size_t e = b->nn++;
        b->n[e] = (bfsnode){id, 0, 0, 0, NULL, NULL, 0, 0};
        b->seen.s[id] = b->seen.gen, b->at.s[id] = (uint32_t)e;
        if (isnew) *isnew = 1;
        return &b->n[e];
    }
    if (b->ntab) {
        for (size_t i = (id * 0x9e3779b97f4a7c15ull) & (b->ntab - 1);;
             i = (i + 1) & (b->ntab - 1)) {
            int64_t e = b->tab[i];
            if (!e) break;
            if (b->n[e - 1].id == id) return &b->n[e - 1];
        }
    }
    if (!create) return NULL;
    if (KG_GROW(b->n, b->nn, b->cap, 256)) return NULL;
    if ((b->nn + 1) * 2 > b->ntab) {
        size_t ns = b->ntab ? b->ntab * 2 : 512;
        int64_t *t = calloc(ns, sizeof *t);
        if (!t) return NULL;
        for (size_t e = 0; e < b->nn; e++) {
            size_t i = (b->n[e].id * 0x9e3779b97f4a7c15ull) & (ns - 1);
            while (t[i])
                i = (i + 1) & (ns - 1);
            t[i] = (int64_t)e + 1;
        }
        free(b->tab);
        b->tab = t, b->ntab = ns;
    }
    size_t e = b->nn++;
    b->n[e] = (bfsnode){id, 0, 0, 0, NULL, NULL, 0, 0};
    size_t i = (id * 0x9e3779b97f4a7c15ull) & (b->ntab - 1);
    while (b->tab[i])
        i = (i + 1) & (b->ntab - 1);
    b->tab[i] = (int64_t)e + 1;
    b->ntabn++;
    if (isnew) *isnew = 1;
    return &b->n[e];
}

static int bfs_parent(bfsnode *n, kg_id p, kg_id e)
{
    if (n->nparents == 0) {
        n->p0 = p, n->e0 = e, n->nparents = 1;
        return KG_OK;
    }
    if (n->nparents - 1 == n->cap) {
        int cap = n->cap ? n->cap * 2 : 2;
        kg_id *a = realloc(n->parent, cap * sizeof *a), *b;
        if (!a) return KG_NOMEM;
        n->parent = a;
        if (!(b = realloc(n->pedge, cap * sizeof *b))) return KG_NOMEM;
        n->pedge = b, n->cap = cap;
    }
    n->parent[n->nparents - 1] = p, n->pedge[n->nparents - 1] = e;
    n->nparents++;
    return KG_OK;
}

static void bfs_reset(bfs *b)
{
    for (size_t i = 0; i < b->nn; i++)
        if (b->n[i].cap) free(b->n[i].parent), free(b->n[i].pedge);
    b->nn = 0;
    stamps_next(&b->seen); /* at needs no clearing: seen says which entries hold */
    if (b->tab && b->ntabn) memset(b->tab, 0, b->ntab * sizeof *b->tab);
    b->ntabn = 0;
    for (size_t i = 0; i < b->npaths; i++)
        qv_release(b->paths[i]);
    free(b->paths);
    b->paths = NULL, b->npaths = b->ipaths = b->cappaths = 0;
}

/* Dense arrays for the search's visited nodes, taken from the handle's pool
** once per run state (a node index must fit the at array's u32 entries; the
** hash table serves without them). */
static void bfs_dense(kg_exec *ex, bfs *b)
{
    if (b->seen.s || b->db) return; /* taken, or tried */
    b->db = ex->db;
    size_t n = (size_t)kg_store_node_limit(ex->txn);
    if (stamps_take(ex->db, n, 0, &b->seen)) return;
    if (stamps_take(ex->db, n, 1, &b->at)) {
        stamps_give(ex->db, &b->seen);
        return;
    }
    stamps_next(&b->seen);
}

/* Enumerate the paths from the target back to the source. */
static int bfs_paths(bfs *b, kg_id node, kg_id *stack, int depth, int total, int all)
{
    bfsnode *n = bfs_get(b, node, 0, NULL);
    stack[2 * depth] = node;
    if (n->depth == 0) {
        qv p = qv_list(KG_PATH, (uint32_t)(2 * total + 1));
        if (p.t == KG_NULL) return KG_NOMEM;
        /* stack holds target..source; the path runs source..target */
        for (int i = 0; i <= 2 * total; i++) {
            kg_id v = stack[2 * total - i];
            p.u.l->v[i] = i % 2 ? qv_edge(v) : qv_node(v);
        }
        if (KG_GROW(b->paths, b->npaths, b->cappaths, 4)) {
            qv_release(p);
            return KG_NOMEM;
        }
        b->paths[b->npaths++] = p;
        return KG_OK;
    }
    for (int i = 0; i < n->nparents; i++) {
        stack[2 * depth + 1] = BPEDGE(n, i);
        int rc = bfs_paths(b, BPARENT(n, i), stack, depth + 1, total, all);
        if (rc) return rc;
        if (!all && b->npaths) break;
        n = bfs_get(b, node, 0, NULL); /* the table may have moved */
    }
    return KG_OK;
}

/* Grow one side of a bidirectional search by one level (nodes [*lo, *hi) of
** `me`); a neighbour the other side has seen is a meeting point: keep the one
** giving the shortest total in *meet / *best. */
static int bidi_level(kg_exec *ex, const qp_hop *h, bfs *me, bfs *other, int dir, int d, size_t *lo,
                      size_t *hi, kg_id *meet, int *best)
{
    int isnew;
    kg_adj a = {0}; /* one cursor for the level */
    for (size_t i = *lo; i < *hi; i++) {
        kg_id from = me->n[i].id;
        int rc =
            kg_store_adj_rewind(ex->txn, &a, from, h->nrels == 1 ? h->rels[0] : 0, ADJ_DIR(h, dir));
        if (rc) return rc;
        kg_id nbr, e;
        uint32_t r;
        while ((rc = kg_store_adj_next(&a, &nbr, &e, &r, NULL)) == KG_ROW) {
            if (!rel_ok(h, r)) continue;
            bfsnode *n = bfs_get(me, nbr, 1, &isnew);
            if (!n) {
                kg_store_adj_close(&a);
                return KG_NOMEM;
            }
            if (!isnew) continue;
            n->depth = d;
            if (bfs_parent(n, from, e)) {
                kg_store_adj_close(&a);
                return KG_NOMEM;
            }
            bfsnode *o = bfs_get(other, nbr, 0, NULL);
            if (o && (*best < 0 || d + o->depth < *best)) *best = d + o->depth, *meet = nbr;
        }
        if (rc != KG_DONE) {
            kg_store_adj_close(&a);
            return rc;
        }
    }
    kg_store_adj_close(&a);
    *lo = *hi, *hi = me->nn;
    return KG_OK;
}

/* One shortest path (no lower bound above 1): breadth-first from both ends,
** growing the smaller frontier, so a search touches about the square root of
** what a one-sided search does. */
static int shortest_bidi(kg_exec *ex, const qp_hop *h, bfs *f, kg_id src, kg_id dst)
{
    if (!f->back && !(f->back = calloc(1, sizeof *f->back))) return KG_NOMEM;
    bfs *r = f->back;
    bfs_reset(r);
    bfs_dense(ex, r);
    if (!bfs_get(f, src, 1, NULL) || !bfs_get(r, dst, 1, NULL)) return KG_NOMEM;
    int rdir = h->dir == KG_OUT ? KG_IN : h->dir == KG_IN ? KG_OUT : KG_BOTH;
    size_t flo = 0, fhi = 1, rlo = 0, rhi = 1;
    int df = 0, dr = 0, best = -1, rc;
    kg_id meet = 0;
    while (best < 0 && df + dr < h->max && flo < fhi && rlo < rhi) {
        if (fhi - flo <= rhi - rlo)
            rc = bidi_level(ex, h, f, r, h->dir, ++df, &flo, &fhi, &meet, &best);
        else
            rc = bidi_level(ex, h, r, f, rdir, ++dr, &rlo, &rhi, &meet, &best);
        if (rc) return rc;
        ex->mem = (f->nn + r->nn) * sizeof(bfsnode);
        if (best < 0 && kg_exec_check_limits(ex)) return KG_LIMIT;
    }
    if (best < 0 || best > h->max) return KG_OK;
    qv p = qv_list(KG_PATH, (uint32_t)(2 * best + 1));
    if (p.t == KG_NULL) return KG_NOMEM;
    bfsnode *n = bfs_get(f, meet, 0, NULL);
    int i = 2 * n->depth; /* source side, written from the meeting point backwards */
    p.u.l->v[i] = qv_node(meet);
    while (n->depth > 0) {
        p.u.l->v[i - 1] = qv_edge(n->e0);
        p.u.l->v[i - 2] = qv_node(n->p0);
        i -= 2;
        n = bfs_get(f, n->p0, 0, NULL);
    }
    n = bfs_get(r, meet, 0, NULL);
    i = 2 * (best - n->depth); /* target side, forwards */
    while (n->depth > 0) {
        p.u.l->v[i + 1] = qv_edge(n->e0);
        p.u.l->v[i + 2] = qv_node(n->p0);
        i += 2;
        n = bfs_get(r, n->p0, 0, NULL);
    }
    if (KG_GROW(f->paths, f->npaths, f->cappaths, 4)) {
        qv_release(p);
        return KG_NOMEM;
    }
    f->paths[f->npaths++] = p;
    return KG_OK;
}

static int shortest_run(kg_exec *ex, const qp_hop *h, bfs *b, kg_id src, kg_id dst)
{
    bfs_reset(b);
    bfs_dense(ex, b);
    if (!h->all && h->min <= 1 && src != dst) return shortest_bidi(ex, h, b, src, dst);
    int isnew;
    bfsnode *s = bfs_get(b, src, 1, &isnew);
    if (!s) return KG_NOMEM;
    if (src == dst) {
        if (h->min > 0) return KG_OK;
        kg_id st[1] = {src};
        return bfs_paths(b, src, st, 0, 0, h->all);
    }
    size_t lo = 0, hi = 1; /* frontier: b->n[lo..hi) */
    int found = 0;
    for (int d = 1; d <= h->max && lo < hi && !found; d++) {
        for (size_t i = lo; i < hi; i++) {
            kg_id from = b->n[i].id;
            kg_adj a;
            int rc = kg_store_adj_open(ex->txn, from, h->nrels == 1 ? h->rels[0] : 0,
                                       ADJ_DIR(h, h->dir), &a);
            if (rc) return rc;
            kg_id nbr, e;
            uint32_t r;
            while ((rc = kg_store_adj_next(&a, &nbr, &e, &r, NULL)) == KG_ROW) {
                if (!rel_ok(h, r)) continue;
                bfsnode *n = bfs_get(b, nbr, 1, &isnew);
                if (!n) {
                    kg_store_adj_close(&a);
                    return KG_NOMEM;
                }
                if (isnew) n->depth = d;
                if (n->depth == d) {
                    if ((h->all || n->nparents == 0) && bfs_parent(n, from, e)) {
                        kg_store_adj_close(&a);
                        return KG_NOMEM;
                    }
                    if (nbr == dst) found = 1;
                }
            }
            kg_store_adj_close(&a);
            if (rc != KG_DONE) return rc;
            if (found && !h->all) break;
        }
        lo = hi, hi = b->nn;
        ex->mem = b->nn * sizeof(bfsnode);
        if (!found && kg_exec_check_limits(ex)) return KG_LIMIT;
        if (found && d < h->min) found = 0;
    }
    if (!found) return KG_OK;
    bfsnode *t = bfs_get(b, dst, 0, NULL);
    int total = t->depth;
    kg_id *stack = malloc((2 * total + 1) * sizeof *stack);
    if (!stack) return KG_NOMEM;
    int rc = bfs_paths(b, dst, stack, 0, total, h->all);
    free(stack);
    return rc;
}

/* ShortestPath: per input row, the shortest path (or, hop.all, every
** shortest path) from the node in hop.slot to the node in slot2, within
** min..max hops; the path into pathslot, its edge list into slot3. */
static int shortest_next(kg_exec *ex, qop *op)
{
    bfs *b = op->run;
    const qp_hop *h = &op->p.hop;
    for (;;) {
        if (b->ipaths < b->npaths) {
            qv p = b->paths[b->ipaths++];
            if (h->pathslot >= 0) qv_set(&ex->slots[h->pathslot], qv_retain(p));
            if (h->slot3 >= 0) {
                qv l = qv_list(KG_LIST, p.u.l->n / 2);
                if (l.t == KG_NULL) return oom(ex);
                for (uint32_t i = 0; i < p.u.l->n / 2; i++)
                    l.u.l->v[i] = p.u.l->v[2 * i + 1];
                qv_set(&ex->slots[h->slot3], l);
            }
            return 1;
        }
        int rc = kg_exec_next(ex, op->child);
        if (rc <= 0) return rc;
        qv *s = &ex->slots[h->slot], *d = &ex->slots[h->slot2];
        if (s->t != KG_NODE || d->t != KG_NODE) continue;
        if ((rc = shortest_run(ex, h, b, s->u.id, d->u.id))) {
            if (rc == KG_NOMEM) return oom(ex);
            return fail(ex, rc);
        }
    }
}

static void bfs_free(bfs *b)
{
    bfs_reset(b);
    free(b->n);
    free(b->tab);
    if (b->db) stamps_give(b->db, &b->seen), stamps_give(b->db, &b->at);
}

static void shortest_reset(kg_exec *ex, qop *op)
{
    bfs *b = op->run;
    (void)ex;
    if (b->back) bfs_free(b->back), free(b->back);
    bfs_free(b);
}

/* ---------------------------------------------------------------- aggregation */

typedef struct gstate {
    int64_t count;     /* COUNT */
    double fsum;       /* SUM/AVG as float */
    int64_t isum;      /* SUM of integers */
    int isfloat;       /* a float was summed */
    int n;             /* values seen (AVG) */
    double fsq;        /* sum of squares (STDEV) */
    double pct;        /* percentile (PCONT, PDISC) */
    qv best;           /* MIN/MAX */
    qv list;           /* COLLECT */
    tset *seen;        /* DISTINCT: values other than nodes and edges */
    struct idset *ids; /* DISTINCT: nodes and edges, by id */
} gstate;

/* A set of node and edge ids (key id * 2 + is-edge): DISTINCT over graph
** elements without hashing and comparing qv values. The set of an aggregate
** without grouping keys (its only group) holds nodes in dense stamps indexed
** by id (count(DISTINCT c) over many rows: one array write per row instead
** of probing a growing table); edges and ids past the array in the table. */
typedef struct idset {
    uint64_t *k; /* keys */
    size_t n, cap;
    kg_itab tab;     /* key indexes by hash */
    kg_stamps dense; /* nodes seen, by id (when taken) */
    kg_db *db;       /* the pool dense goes back to */
} idset;

static uint64_t idset_hash(uint64_t key)
{
    return (key * 0x9e3779b97f4a7c15ull) >> 17;
}

static uint64_t idset_rehash(void *ctx, uint32_t e)
{
    return idset_hash(((idset *)ctx)->k[e]);
}

/* 1 added, 0 there already, -1 out of memory */
static int idset_add(idset *s, uint64_t key)
{
    if (!(key & 1) && key / 2 < s->dense.n) { /* a node within the stamps */
        uint32_t *st = &s->dense.s[key / 2];
        if (*st == s->dense.gen) return 0;
        *st = s->dense.gen;
        return 1;
    }
    uint64_t h = idset_hash(key);
    KG_ITAB_EACH(&s->tab, h, i)
    if (s->k[s->tab.t[i] - 1] == key) return 0;
    s->tab.min = 256;
    if (KG_GROW(s->k, s->n, s->cap, 256) || kg_itab_add(&s->tab, h, s->n, idset_rehash, s))
        return -1;
    s->k[s->n++] = key;
    return 1;
}

/* Free a DISTINCT id set (its stamps back to the pool). */
static void idset_free(idset *s)
{
    if (!s) return;
    free(s->k);
    kg_itab_free(&s->tab);
    if (s->db) stamps_give(s->db, &s->dense);
    free(s);
}

/* g's DISTINCT id set, made on first use; `only`: g is the only group (no
** grouping keys), so its nodes may be dense stamps. */
static int idset_open(kg_exec *ex, gstate *g, int only)
{
    if (g->ids) return KG_OK;
    if (!(g->ids = calloc(1, sizeof *g->ids))) return KG_NOMEM;
    if (only && stamps_take(ex->db, (size_t)kg_store_node_limit(ex->txn), 0, &g->ids->dense) == 0) {
        g->ids->db = ex->db;
        stamps_next(&g->ids->dense);
    }
    return KG_OK;
}

/* n matches of the hop below into the state g of a fed aggregate a
** (qp_agg.feed): count(*) and counts without DISTINCT add n, a DISTINCT count
** adds the ids not seen before; collect gathers the nodes or relations (with
** DISTINCT, those not seen before), in the order they come. */
static int agg_feed(kg_exec *ex, const qagg *a, gstate *g, const kg_id *nodes, const kg_id *edges,
                    int n, int only)
{
    int collect = a->fn == AGG_COLLECT;
    if (!collect && (!a->distinct || a->feed == AGG_FEED_ROW)) {
        g->count += n;
        return KG_OK;
    }
    int rc = a->distinct ? idset_open(ex, g, only) : KG_OK;
    if (rc) return rc;
    if (collect && g->list.t == KG_NULL && (g->list = qv_list(KG_LIST, 0)).t == KG_NULL)
        return KG_NOMEM;
    const kg_id *id = a->feed == AGG_FEED_EDGE ? edges : nodes;
    uint64_t edge = a->feed == AGG_FEED_EDGE;
    for (int i = 0; i < n; i++) {
        int ins = a->distinct ? idset_add(g->ids, id[i] * 2 + edge) : 1;
        if (ins < 0) return KG_NOMEM;
        g->count += ins;
        if (!collect || !ins) continue;
        qv v = edge ? qv_edge(id[i]) : qv_node(id[i]);
        ex->mem += sizeof(qv) + qv_bytes(&v);
        if (qv_list_push(&g->list, v)) return KG_NOMEM;
    }
    return KG_OK;
}

/* One row into aggregate a's state g; `only`: g is the only group (no
** grouping keys), so a DISTINCT over nodes may use dense stamps. */
static int agg_step(kg_exec *ex, qagg *a, gstate *g, int only)
{
    if (a->fn == AGG_COUNT_STAR) {
        g->count++;
        return KG_OK;
    }
    qv v;
    int rc = kg_eval(ex, a->arg, &v);
    if (rc) return rc;
    if (v.t == KG_NULL) return KG_OK;
    if (a->distinct && (v.t == KG_NODE || v.t == KG_EDGE)) {
        if ((rc = idset_open(ex, g, only))) {
            qv_release(v);
            return rc;
        }
        int ins = idset_add(g->ids, v.u.id * 2 + (v.t == KG_EDGE));
        if (ins <= 0) {
            qv_release(v);
            return ins < 0 ? KG_NOMEM : KG_OK;
        }
    } else if (a->distinct) {
        if (!g->seen && !(g->seen = calloc(1, sizeof *g->seen))) return KG_NOMEM;
        g->seen->k = 1;
        size_t idx;
        int ins = tset_put(g->seen, &v, &idx);
        if (ins < 0) {
            qv_release(v);
            return KG_NOMEM;
        }
        if (!ins) {
            qv_release(v);
            return KG_OK;
        }
    }
    switch (a->fn) {
    case AGG_COUNT:
        g->count++;
        break;
    case AGG_SUM:
    case AGG_AVG:
        if (v.t == KG_INT) {
            if (__builtin_add_overflow(g->isum, v.u.i, &g->isum)) g->isfloat = 1;
            g->fsum += (double)v.u.i;
        } else if (v.t == KG_FLOAT) {
            g->isfloat = 1;
            g->fsum += v.u.f;
        } else {
            qv_release(v);
            return kg_q_error(ex, KG_SEMANTIC, a->arg->start, a->arg->end,
                              "sum and avg take numbers; count or collect take anything",
                              "%s of a value that is not a number",
                              a->fn == AGG_SUM ? "sum" : "avg");
        }
        g->n++;
        break;
    case AGG_STDEV:
    case AGG_STDEVP:
        if (v.t != KG_INT && v.t != KG_FLOAT) {
            qv_release(v);
            return kg_q_error(ex, KG_SEMANTIC, a->arg->start, a->arg->end, NULL,
                              "stDev of a value that is not a number");
        }
        {
            double d = v.t == KG_INT ? (double)v.u.i : v.u.f;
            g->fsum += d, g->fsq += d * d, g->n++;
        }
        break;
    case AGG_MIN:
    case AGG_MAX: {
        int c = g->best.t == KG_NULL ? 0 : qv_cmp(&v, &g->best);
        if (g->best.t == KG_NULL || (a->fn == AGG_MIN ? c < 0 : c > 0)) {
            qv_set(&g->best, v);
            return KG_OK;
        }
        break;
    }
    case AGG_PCONT:
    case AGG_PDISC: {
        qv p;
        if (v.t != KG_INT && v.t != KG_FLOAT) {
            qv_release(v);
            return kg_q_error(ex, KG_SEMANTIC, a->arg->start, a->arg->end, NULL,
                              "percentile of a value that is not a number");
        }
        if ((rc = kg_eval(ex, a->arg2, &p))) {
            qv_release(v);
            return rc;
        }
        double pv = p.t == KG_INT ? (double)p.u.i : p.t == KG_FLOAT ? p.u.f : -1;
        qv_release(p);
        if (!(pv >= 0 && pv <= 1)) {
            qv_release(v);
            return kg_q_error(ex, KG_SEMANTIC, a->arg2->start, a->arg2->end, NULL,
                              "the percentile is a number from 0 to 1");
        }
        g->pct = pv;
    }
        /* FALLTHROUGH: the values are collected, sorted at the end */
        __attribute__((fallthrough));
    case AGG_COLLECT: {
        if (g->list.t == KG_NULL && (g->list = qv_list(KG_LIST, 0)).t == KG_NULL) {
            qv_release(v);
            return KG_NOMEM;
        }
        ex->mem += sizeof(qv) + qv_bytes(&v);
        if (qv_list_push(&g->list, v)) return KG_NOMEM;
        return KG_OK;
    }
    }
    qv_release(v);
    return KG_OK;
}

static int qv_cmp_qsort(const void *a, const void *b)
{
    return qv_cmp(a, b);
}

static qv agg_result(qagg *a, gstate *g)
{
    switch (a->fn) {
    case AGG_COUNT:
    case AGG_COUNT_STAR:
        return qv_int(g->count);
    case AGG_SUM:
        return g->isfloat ? qv_float(g->fsum) : qv_int(g->isum);
    case AGG_AVG:
        return g->n ? qv_float(g->fsum / g->n) : QV_NULL;
    case AGG_MIN:
    case AGG_MAX:
        return qv_retain(g->best);
    case AGG_COLLECT:
        return g->list.t == KG_NULL ? qv_list(KG_LIST, 0) : qv_retain(g->list);
    case AGG_STDEV:
    case AGG_STDEVP: {
        int n = a->fn == AGG_STDEV ? g->n - 1 : g->n;
        if (n <= 0) return qv_float(0);
        double m = g->fsum / g->n, var = (g->fsq - g->n * m * m) / n;
        return qv_float(var > 0 ? sqrt(var) : 0);
    }
    case AGG_PCONT:
    case AGG_PDISC: {
        if (g->list.t == KG_NULL || !g->list.u.l->n) return QV_NULL;
        qlist *l = g->list.u.l;
        qsort(l->v, l->n, sizeof *l->v, qv_cmp_qsort);
        if (a->fn == AGG_PDISC) {
            double r = g->pct * l->n;
            uint32_t i = r <= 0 ? 0 : (uint32_t)ceil(r) - 1;
            return qv_retain(l->v[i < l->n ? i : l->n - 1]);
        }
        double r = g->pct * (l->n - 1), fl = floor(r);
        uint32_t i = (uint32_t)fl;
        double lo = l->v[i].t == KG_INT ? (double)l->v[i].u.i : l->v[i].u.f;
        if (i + 1 >= l->n) return qv_float(lo);
        double hi = l->v[i + 1].t == KG_INT ? (double)l->v[i + 1].u.i : l->v[i + 1].u.f;
        return qv_float(lo + (hi - lo) * (r - fl));
    }
    }
    return QV_NULL;
}

typedef struct astate {
    tset groups; /* key tuples */
    gstate *g;   /* naggs per group */
    size_t capg; /* allocated groups */
    size_t emit; /* next group to emit */
    size_t last; /* the group of the row before (input clustered by key: no hashing) */
    int done;    /* input consumed */
} astate;

static void aggregate_reset(kg_exec *ex, qop *op)
{
    astate *s = op->run;
    const qp_agg *pa = &op->p.agg;
    (void)ex;
    for (size_t i = 0; i < s->groups.n * pa->naggs; i++) {
        qv_release(s->g[i].best);
        qv_release(s->g[i].list);
        tset_free(s->g[i].seen);
        free(s->g[i].seen);
        idset_free(s->g[i].ids);
    }
    free(s->g);
    tset_free(&s->groups);
}

enum { FEED_MAX = 256 }; /* matches per batch of a fed Aggregate */
static int expand_feed(kg_exec *ex, qop *op, kg_id *nodes, kg_id *edges, int cap);
static int varbfs_feed(kg_exec *ex, qop *op, kg_id *nodes, kg_id *edges, int cap);

/* The next batch of a fed Aggregate's input (qp_agg.feed): the matches of
** the hop under op's Filters (plan.c aggregate_feed) that pass every Filter,
** all of one input row, into nodes/edges, their number in *n (> 0). Each
** Filter sees the input row's slots and the hop's target (and relation)
** set to the match's, as it would in a row. Returns 1, 0 at the end of the
** input, < 0 an error. */
static int feed_batch(kg_exec *ex, qop *op, kg_id *nodes, kg_id *edges, int *n)
{
    qop *f[AGG_FEED_FILTERS], *hop = op->child;
    int nf = 0, rc;
    while (hop->kind == OP_FILTER && nf < AGG_FEED_FILTERS)
        f[nf++] = hop, hop = hop->child;
    const qp_hop *h = &hop->p.hop;
    for (;;) {
        int m = hop->kind == OP_EXPAND ? expand_feed(ex, hop, nodes, edges, FEED_MAX)
                                       : varbfs_feed(ex, hop, nodes, edges, FEED_MAX);
        if (m <= 0) return m;
        if (!nf) {
            *n = m;
            return 1;
        }
        int k = 0;
        for (int i = 0; i < m; i++) {
            int pass = 1;
            if (!h->dst_bound) qv_set(&ex->slots[h->slot2], qv_node(nodes[i]));
            if (hop->kind == OP_EXPAND) qv_set(&ex->slots[h->slot3], qv_edge(edges[i]));
            for (int j = nf - 1; j >= 0 && pass; j--) { /* the lowest Filter first */
                qv v;
                if ((rc = kg_eval(ex, f[j]->p.expr.expr, &v))) return fail(ex, rc);
                pass = qv_truthy(&v) == 1;
                qv_release(v);
                f[j]->rows += (uint64_t)pass;
            }
            if (pass) nodes[k] = nodes[i], edges[k++] = edges[i];
        }
        if (k) {
            *n = k;
            return 1;
        }
    }
}

static int aggregate_next(kg_exec *ex, qop *op)
{
    astate *s = op->run;
    const qp_agg *pa = &op->p.agg;
    s->groups.k = pa->nexprs;
    if (!s->done) {
        qv *key = calloc(pa->nexprs + 1, sizeof *key);
        if (!key) return oom(ex);
        int rc, any = 0, n = 1;
        kg_id nodes[FEED_MAX], edges[FEED_MAX]; /* fed: the matches of one batch */
        while ((rc = pa->feed ? feed_batch(ex, op, nodes, edges, &n)
                              : kg_exec_next(ex, op->child)) > 0) {
            any = 1;
            rc = KG_OK; /* a row arrived; from here rc is a kg result code */
            for (int i = 0; i < pa->nexprs; i++) {
                qv_set(&key[i], QV_NULL);
                if ((rc = kg_eval(ex, pa->exprs[i], &key[i]))) break;
            }
            if (rc) break;
            size_t gi = 0;
            /* no grouping keys: one group, found without hashing; the key of
            ** the row before (rows of one group often come together, as a
            ** hop's rows per node): its group, found without hashing */
            int ins;
            if (pa->nexprs == 0 && s->groups.n)
                ins = 0;
            else if (s->groups.n && s->groups.hash[s->last] == tuple_hash(key, pa->nexprs) &&
                     tuple_same(&s->groups.vals[s->last * pa->nexprs], key, pa->nexprs))
                ins = 0, gi = s->last; /* what tset_put finds, without its table */
            else
                ins = tset_put(&s->groups, key, &gi);
            s->last = gi;
            if (ins < 0) {
                rc = KG_NOMEM;
                break;
            }
            if (ins) {
                if (KG_GROWN(s->g, gi, s->capg, 64, pa->naggs)) {
                    rc = KG_NOMEM;
                    break;
                }
                memset(&s->g[gi * pa->naggs], 0, pa->naggs * sizeof(gstate));
                ex->mem += (pa->nexprs + 1) * sizeof(qv) + pa->naggs * sizeof(gstate);
            }
            for (int i = 0; i < pa->naggs && !rc; i++)
                rc = pa->feed
                         ? agg_feed(ex, &pa->aggs[i], &s->g[gi * pa->naggs + i], nodes, edges, n,
                                    pa->nexprs == 0)
                         : agg_step(ex, &pa->aggs[i], &s->g[gi * pa->naggs + i], pa->nexprs == 0);
            if (rc || (rc = mem_check(ex))) break;
        }
        for (int i = 0; i < pa->nexprs; i++)
            qv_release(key[i]);
        if (rc < 0) {
            free(key);
            return rc;
        }
        if (rc > 0) {
            free(key);
            return rc == KG_NOMEM ? oom(ex) : fail(ex, rc);
        }
        /* no input and no grouping keys: one row (count(*) = 0) */
        if (!any && pa->nexprs == 0) {
            size_t gi;
            if (tset_put(&s->groups, key, &gi) < 0 ||
                !(s->g = calloc(pa->naggs + 1, sizeof(gstate)))) {
                free(key);
                return oom(ex);
            }
            s->capg = 1;
        }
        free(key);
        s->done = 1;
    }
    if (s->emit >= s->groups.n) return 0;
    size_t gi = s->emit++;
    for (int i = 0; i < pa->nexprs; i++)
        qv_set(&ex->slots[pa->slots[i]], qv_retain(s->groups.vals[gi * pa->nexprs + i]));
    for (int i = 0; i < pa->naggs; i++)
        qv_set(&ex->slots[pa->aggslots[i]], agg_result(&pa->aggs[i], &s->g[gi * pa->naggs + i]));
    return 1;
}

/* ---------------------------------------------------------------- sort */

typedef struct sortctx {
    const qp_sort *ps; /* the sort */
    qv *keys;          /* nbuf x nexprs key values */
} sortctx;

/* The order of two rows' sort keys p and q (ps->nexprs each). */
static int keys_cmp(const qp_sort *ps, const qv *p, const qv *q)
{
    for (int x = 0; x < ps->nexprs; x++, p++, q++) {
        /* nulls last in both directions */
        int cmp;
        if (p->t == KG_NULL || q->t == KG_NULL)
            cmp = (p->t == KG_NULL) - (q->t == KG_NULL);
        else
            cmp = ps->desc[x] ? -qv_cmp(p, q) : qv_cmp(p, q);
        if (cmp) return cmp;
    }
    return 0;
}

static int sort_cmp(const void *a, const void *b, void *arg)
{
    sortctx *c = arg;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int k = c->ps->nexprs;
    int cmp = keys_cmp(c->ps, &c->keys[i * k], &c->keys[j * k]);
    return cmp ? cmp : (i > j) - (i < j); /* stable */
}

static int count_value(kg_exec *ex, qx *x, int64_t *n, const char *what);

/* Sort the rows held in rr (keys alongside) and keep the first
** `keep`: the others are freed. KG_OK or KG_NOMEM. The kept rows stay in
** their sorted order, so a later sort of them and newer rows is still
** stable (ties in the order the rows came). */
static int sort_rows(kg_exec *ex, const qp_sort *ps, rows_run *rr, qv *keys, size_t keep)
{
    size_t n = rr->n, k = (size_t)ps->nexprs;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    qrow *sorted = malloc((n + 1) * sizeof *sorted);
    qv *skeys = malloc((n * k + 1) * sizeof *skeys);
    if (!idx || !sorted || !skeys) {
        free(idx), free(sorted), free(skeys);
        return KG_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sortctx c = {ps, keys};
    qsort_r(idx, n, sizeof *idx, sort_cmp, &c);
    if (keep > n) keep = n;
    for (size_t i = 0; i < n; i++) {
        if (i < keep) {
            sorted[i] = rr->buf[idx[i]];
            if (k) memcpy(&skeys[i * k], &keys[idx[i] * k], k * sizeof *keys);
        } else {
            ex->mem -= row_bytes(ex, &rr->buf[idx[i]]);
            row_free(ex, &rr->buf[idx[i]]);
            for (size_t j = 0; j < k; j++)
                qv_release(keys[idx[i] * k + j]);
        }
    }
    if (keep) memcpy(rr->buf, sorted, keep * sizeof *sorted);
    if (keep && k) memcpy(keys, skeys, keep * k * sizeof *keys);
    rr->n = keep;
    free(idx), free(sorted), free(skeys);
    return KG_OK;
}

/* Sort: materialise every input row with its keys (sort.exprs, sort.desc),
** sort, serve. With sort.limit (the LIMIT above, and sort.skip its SKIP) only
** the first skip + limit rows can be served: whenever twice that many are
** held, they are sorted and the rest dropped (top-k), so memory and sorting
** stay proportional to the rows returned, not to the input. Once skip +
** limit rows were kept, a row whose keys do not sort before the last of them
** is dropped as it comes (it would come after every kept row: the sort is
** stable), without being held or sorted. */
static int sort_next(kg_exec *ex, qop *op)
{
    rows_run *rr = op->run;
    const qp_sort *ps = &op->p.sort;
    if (!rr->state) {
        int rc = 0;
        qv *keys = NULL;
        size_t capk = 0, keep = SIZE_MAX;
        if (ps->limit) {
            int64_t l = 0, sk = 0;
            if ((rc = count_value(ex, ps->limit, &l, "LIMIT")) < 0 ||
                (ps->skip && (rc = count_value(ex, ps->skip, &sk, "SKIP")) < 0))
                return rc;
            keep = (uint64_t)l + (uint64_t)sk < (uint64_t)l ? SIZE_MAX : (size_t)(l + sk);
        }
        size_t high = keep < SIZE_MAX / 4 ? 2 * keep + 64 : SIZE_MAX;
        int bar = 0; /* keys[(keep - 1) * nexprs ...] are the last kept row's */
        while ((rc = kg_exec_next(ex, op->child)) > 0) {
            if (KG_GROWN(keys, rr->n, capk, 64, ps->nexprs)) {
                rc = -KG_NOMEM;
                break;
            }
            qv *nk = &keys[rr->n * ps->nexprs];
            for (int i = 0; i < ps->nexprs; i++) {
                nk[i] = QV_NULL;
                if ((rc = kg_eval(ex, ps->exprs[i], &nk[i]))) break;
            }
            if (rc || (bar && keys_cmp(ps, nk, &keys[(keep - 1) * ps->nexprs]) >= 0)) {
                for (int i = 0; i < ps->nexprs; i++)
                    qv_release(nk[i]);
                if (!rc) continue; /* not among the first keep */
                rc = -rc;
                break;
            }
            size_t n0 = rr->n;
            if ((rc = rows_push(ex, rr))) {
                /* a limit error comes after the row was pushed: its keys are
                ** released with the others below */
                if (rr->n == n0)
                    for (int i = 0; i < ps->nexprs; i++)
                        qv_release(keys[n0 * ps->nexprs + i]);
                rc = -rc;
                break;
            }
            if (rr->n >= high) {
                if ((rc = sort_rows(ex, ps, rr, keys, keep))) {
                    rc = -rc;
                    break;
                }
                bar = keep > 0; /* rr->n == keep: the first keep rows, sorted */
            }
        }
        if (rc == 0 && (rc = sort_rows(ex, ps, rr, keys, keep))) rc = -rc;
        for (size_t i = 0; i < rr->n * ps->nexprs; i++)
            qv_release(keys[i]);
        free(keys);
        if (rc < 0) return rc == -KG_NOMEM ? oom(ex) : fail(ex, -rc);
        rr->state = 1;
    }
    return rows_serve(ex, rr);
}

/* ---------------------------------------------------------------- writes */

static int val_to_kg(const qv *v, kg_value *o)
{
    memset(o, 0, sizeof *o);
    switch (v->t) {
    case KG_NULL:
        o->type = KG_NULL;
        return KG_OK;
    case KG_INT:
        o->type = KG_INT, o->i = v->u.i;
        return KG_OK;
    case KG_BOOL:
        o->type = KG_BOOL, o->i = v->u.i;
        return KG_OK;
    case KG_DATE:
        o->type = KG_DATE, o->i = v->u.i;
        return KG_OK;
    case KG_FLOAT:
        o->type = KG_FLOAT, o->f = v->u.f;
        return KG_OK;
    case KG_TEXT:
        o->type = KG_TEXT, o->s = v->u.s->s, o->len = v->u.s->len;
        return KG_OK;
    default:
        return KG_INVALID;
    }
}

/* {modality: WORD, claimant: NAME | node} of a created relation into ev. */
static int rel_modality(kg_exec *ex, qx *props, kg_evidence *ev)
{
    qv m;
    int rc = kg_eval(ex, props, &m);
    if (rc) return rc;
    for (uint32_t j = 0; j < m.u.l->n && !rc; j++) {
        const char *k = m.u.l->v[2 * j].u.s->s;
        qv *v = &m.u.l->v[2 * j + 1];
        if (!strcmp(k, "modality")) {
            if (v->t != KG_TEXT || kg_modality_parse(v->u.s->s, &ev->modality))
                rc = kg_q_error(ex, KG_SEMANTIC, props->start, props->end,
                                "one of 'asserted', 'reported', 'claimed', 'denied'",
                                "a relation's modality must be a modality word");
        } else if (v->t == KG_NODE) {
            ev->claimant = v->u.id;
        } else if (v->t == KG_TEXT) {
            kg_id *ids;
            size_t n;
            if ((rc = kg_q_resolve(ex, v->u.s->s, v->u.s->len, NULL, &ids, &n, props->start,
                                   props->end)))
                break;
            if (n == 0)
                rc = kg_q_error(ex, KG_NOTFOUND, props->start, props->end, NULL,
                                "no entity named '%.100s' for the claimant", v->u.s->s);
            else
                ev->claimant = ids[0];
            free(ids);
        } else if (v->t != KG_NULL) {
            rc = kg_q_error(ex, KG_SEMANTIC, props->start, props->end, NULL,
                            "a claimant is a node or the name of one");
        }
    }
    qv_release(m);
    return rc;
}

/* Does the relation a -rel-> b exist already (MERGE's ON MATCH)? */
static int edge_exists(kg_exec *ex, kg_id a, const char *rel, kg_id b)
{
    uint32_t rid;
    kg_adj adj = {0};
    kg_id nbr, e;
    int found = 0;
    if (kg_store_sym(ex->txn, KG_SYM_REL, rel, 0, &rid)) return 0;
    if (kg_store_adj_open(ex->txn, a, rid, KG_OUT, &adj)) return 0;
    while (!found && kg_store_adj_next(&adj, &nbr, &e, NULL, NULL) == KG_ROW)
        found = nbr == b;
    kg_store_adj_close(&adj);
    return found;
}

/* CREATE or MERGE one pattern; *made: a node or relation was created. */
static int write_pattern(kg_exec *ex, qwrite *w, int *made)
{
    int rc;
    *made = 0;
    for (int i = 0; i < w->nelem; i += 2) {
        if (w->bound[i]) {
            if (ex->slots[w->slot[i]].t != KG_NODE)
                return kg_error(ex->db, KG_SEMANTIC, "cannot %s a relation on a null node",
                                w->kind == KGQ_CREATE ? "create" : "merge");
            continue;
        }
        qv m;
        if ((rc = kg_eval(ex, w->props[i], &m))) return rc;
        qv name = QV_NULL;
        for (uint32_t j = 0; j < m.u.l->n; j++)
            if (!strcmp(m.u.l->v[2 * j].u.s->s, "name")) name = m.u.l->v[2 * j + 1];
        if (name.t != KG_TEXT || name.u.s->len == 0) {
            qv_release(m);
            return kg_q_error(ex, KG_SEMANTIC, w->props[i]->start, w->props[i]->end, NULL,
                              "a node's name must be non-empty text");
        }
        kg_id id;
        int created = 0;
        if (w->kind == KGQ_CREATE &&
            kg_node_find(ex->txn, w->label[i], name.u.s->s, &id) == KG_OK) {
            rc = kg_q_error(ex, KG_EXISTS, w->props[i]->start, w->props[i]->end,
                            "use MERGE to reuse it", "%s '%.200s' already exists", w->label[i],
                            name.u.s->s);
            qv_release(m);
            return rc;
        }
        if ((rc = kg_node_get_or_create(ex->txn, w->label[i], name.u.s->s, &id, &created))) {
            qv_release(m);
            return rc;
        }
        *made |= created;
        for (uint32_t j = 0; j < m.u.l->n && !rc; j++) {
            const char *k = m.u.l->v[2 * j].u.s->s;
            if (!strcmp(k, "name")) continue;
            if (!strcmp(k, "aliases") && m.u.l->v[2 * j + 1].t == KG_LIST) {
                qlist *al = m.u.l->v[2 * j + 1].u.l;
                for (uint32_t a = 0; a < al->n && !rc; a++)
                    if (al->v[a].t == KG_TEXT) rc = kg_alias_add(ex->txn, id, al->v[a].u.s->s);
                continue;
            }
            kg_value kv;
            if (val_to_kg(&m.u.l->v[2 * j + 1], &kv)) {
                rc = kg_q_error(ex, KG_SEMANTIC, w->props[i]->start, w->props[i]->end, NULL,
                                "property '%s' must be a number, text, boolean or date", k);
                break;
            }
            if (created || w->kind == KGQ_CREATE) rc = kg_node_set_prop(ex->txn, id, k, &kv);
        }
        qv_release(m);
        if (rc) return rc;
        qv_set(&ex->slots[w->slot[i]], qv_node(id));
    }
    for (int i = 1; i < w->nelem; i += 2) {
        kg_id a = ex->slots[w->slot[i - 1]].u.id, b = ex->slots[w->slot[i + 1]].u.id, e;
        if (w->dir[i] == KGQ_DIR_IN) {
            kg_id t = a;
            a = b, b = t;
        }
        kg_evidence ev = {0, 0, 0, KG_NODATE, 1.0f, "query", KG_MOD_ASSERTED, 0, 0, 0, 0};
        if (w->props[i] && (rc = rel_modality(ex, w->props[i], &ev))) return rc;
        if (!*made && !edge_exists(ex, a, w->label[i], b)) *made = 1;
        if ((rc = kg_edge_add(ex->txn, a, w->label[i], b, &ev, &e))) return rc;
        qv_set(&ex->slots[w->slot[i]], qv_edge(e));
    }
    return KG_OK;
}

/* SET v = map (mode KGQ_SET_ALL: the properties not in the map are removed)
** or v += map (KGQ_SET_ADD): a null value removes its key; name, type and id
** cannot be set. */
static int set_map(kg_exec *ex, qwrite *w, int i, kg_id id, const qv *m)
{
    int rc = KG_OK;
    if (m->t == KG_NULL && w->setmode[i] == KGQ_SET_ADD) return KG_OK;
    if (m->t != KG_MAP && m->t != KG_NULL)
        return kg_q_error(ex, KG_SEMANTIC, w->exprs[i]->start, w->exprs[i]->end, NULL,
                          "SET %s takes a map, not %s",
                          w->setmode[i] == KGQ_SET_ALL ? "v =" : "v +=", qv_type_name(m->t));
    uint32_t n = m->t == KG_MAP ? m->u.l->n : 0;
    for (uint32_t j = 0; j < n; j++) {
        const char *k = m->u.l->v[2 * j].u.s->s;
        if (!strcmp(k, "name") || !strcmp(k, "type") || !strcmp(k, "id"))
            return kg_q_error(ex, KG_SEMANTIC, w->exprs[i]->start, w->exprs[i]->end, NULL,
                              "property '%s' cannot be set", k);
    }
    if (w->setmode[i] == KGQ_SET_ALL) {
        /* remove what the map does not name: keys first, then the writes */
        kg_iter *it;
        const char *k;
        kg_value pv;
        char **gone = NULL;
        size_t ng = 0, cap = 0;
        if ((rc = kg_node_props(ex->txn, id, &it))) return rc;
        while (!rc && kg_iter_prop(it, &k, &pv) == KG_ROW) {
            int keep = 0;
            for (uint32_t j = 0; j < n && !keep; j++)
                keep = !strcmp(m->u.l->v[2 * j].u.s->s, k);
            if (keep) continue;
            if (KG_GROW(gone, ng, cap, 8) || !(gone[ng] = strdup(k)))
                rc = KG_NOMEM;
            else
                ng++;
        }
        kg_iter_close(it);
        kg_value none = {0};
        none.type = KG_NULL;
        for (size_t j = 0; j < ng; j++) {
            if (!rc) rc = kg_node_set_prop(ex->txn, id, gone[j], &none);
            free(gone[j]);
        }
        free(gone);
        if (rc) return rc == KG_NOMEM ? oom(ex) : rc;
    }
    for (uint32_t j = 0; j < n && !rc; j++) {
        kg_value kv;
        const char *k = m->u.l->v[2 * j].u.s->s;
        if (val_to_kg(&m->u.l->v[2 * j + 1], &kv))
            rc = kg_q_error(ex, KG_SEMANTIC, w->exprs[i]->start, w->exprs[i]->end, NULL,
                            "property '%s' must be a number, text, boolean, date or null", k);
        else
            rc = kg_node_set_prop(ex->txn, id, k, &kv);
    }
    return rc;
}

static int write_row(kg_exec *ex, qwrite *w, int *made)
{
    int rc = KG_OK;
    switch (w->kind) {
    case KGQ_CREATE:
    case KGQ_MERGE:
        return write_pattern(ex, w, made);
    case KGQ_SET:
        if (w->when && (w->when == KGQ_ON_CREATE) != (*made != 0)) return KG_OK;
        for (int i = 0; i < w->nexprs && !rc; i++) {
            qv *t = &ex->slots[w->tslots[i]], v;
            if (t->t != KG_NODE) continue;
            if ((rc = kg_eval(ex, w->exprs[i], &v))) return rc;
            if (w->setmode && w->setmode[i]) {
                rc = set_map(ex, w, i, t->u.id, &v);
                qv_release(v);
                continue;
            }
            kg_value kv;
            if (val_to_kg(&v, &kv))
                rc = kg_q_error(ex, KG_SEMANTIC, w->exprs[i]->start, w->exprs[i]->end, NULL,
                                "property '%s' must be a number, text, boolean, date or null",
                                w->keys[i]);
            else
                rc = kg_node_set_prop(ex->txn, t->u.id, w->keys[i], &kv);
            qv_release(v);
        }
        return rc;
    case KGQ_DELETE:
        for (int i = 0; i < w->nexprs && !rc; i++) {
            qv v;
            if ((rc = kg_eval(ex, w->exprs[i], &v))) return rc;
            if (v.t == KG_EDGE) {
                rc = kg_curate_delete(ex->txn, v.u.id, 1, 0); /* a curation step */
                if (rc == KG_NOTFOUND) rc = KG_OK;            /* already gone with a node */
            } else if (v.t == KG_NODE) {
                rc = kg_curate_delete(ex->txn, v.u.id, 0, w->detach);
                if (rc == KG_NOTFOUND) rc = KG_OK;
                if (rc == KG_EXISTS) {
                    qbuf nb = {0};
                    qv_text_out(ex, &v, &nb, 0);
                    rc = kg_q_error(ex, KG_EXISTS, w->exprs[i]->start, w->exprs[i]->end,
                                    "use DETACH DELETE to delete its relations too",
                                    "cannot delete '%.200s': it still has relations",
                                    nb.p ? nb.p : "?");
                    qb_free(&nb);
                }
            } else if (v.t != KG_NULL) {
                rc = kg_q_error(ex, KG_SEMANTIC, w->exprs[i]->start, w->exprs[i]->end, NULL,
                                "DELETE takes nodes and relations");
            }
            qv_release(v);
        }
        return rc;
    }
    return KG_ERROR;
}

/* Write: run every input row's actions (write.writes) first, holding the
** rows, then serve them (a statement that writes runs eagerly). */
static int write_next(kg_exec *ex, qop *op)
{
    rows_run *rr = op->run;
    const qp_write *pw = &op->p.write;
    if (!rr->state) {
        int rc;
        while ((rc = kg_exec_next(ex, op->child)) > 0) {
            int wrc = KG_OK, made = 0;
            for (int i = 0; i < pw->nwrites && !wrc; i++)
                wrc = write_row(ex, &pw->writes[i], &made);
            if (wrc || (wrc = rows_push(ex, rr))) return wrc == KG_NOMEM ? oom(ex) : fail(ex, wrc);
        }
        if (rc < 0) return rc;
        rr->state = 1;
    }
    return rows_serve(ex, rr);
}

/* ---------------------------------------------------------------- skip, limit, in-degree helpers
 */

/* The value of a SKIP or LIMIT expression: 0, or -rc (an error). */
static int count_value(kg_exec *ex, qx *x, int64_t *n, const char *what)
{
    qv v;
    int rc = kg_eval(ex, x, &v);
    if (rc) return fail(ex, rc);
    if (v.t != KG_INT || v.u.i < 0) {
        qv_release(v);
        kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "%s needs a non-negative integer",
                   what);
        return -KG_SEMANTIC;
    }
    *n = v.u.i;
    return 0;
}

static int pair_cmp(const void *a, const void *b)
{
    const kg_id *x = a, *y = b; /* (node, count): count descending, then node */
    if (x[1] != y[1]) return x[1] > y[1] ? -1 : 1;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The run state of NodeScan and InDegreeScan: a cursor over an index, or
** the candidates gathered from it. */
typedef struct scan_run {
    int state;    /* 0 needs an input row; 1 serving (scan or ids); 2 serving ids (InDegreeScan) */
    kg_scan scan; /* by_type or in-degree cursor */
    idvec ids;    /* in-degree: nodes (NodeScan) or (node, count) pairs (InDegreeScan) */
} scan_run;

static void scan_reset(kg_exec *ex, qop *op)
{
    scan_run *r = op->run;
    (void)ex;
    kg_store_scan_close(&r->scan);
    free(r->ids.v);
}

/* InDegreeScan when the relation has hidden relations (only claimed or
** denied), which the in-degree index counts: the visible in-degree of each
** node it lists (sum: the sum of the visible relations' counts), into d as
** (node, count) pairs, by count descending. */
static int indeg_visible(kg_exec *ex, uint32_t rel, int sum, idvec *d)
{
    kg_scan sc;
    kg_adj a = {0};
    kg_id node, nbr, e;
    uint64_t all;
    d->n = d->i = 0;
    int rc = kg_store_indeg_open(ex->txn, rel, &sc);
    while (!rc && (rc = kg_store_indeg_next(&sc, &node, &all)) == KG_ROW) {
        uint64_t n = 0, any = 0;
        if ((rc = kg_store_adj_rewind(ex->txn, &a, node, rel, KG_IN | KG_ADJ_VISIBLE))) break;
        while ((rc = kg_store_adj_next(&a, &nbr, &e, NULL, NULL)) == KG_ROW) {
            uint32_t c, nev, ndocs;
            any = 1;
            if (!sum)
                n++;
            else if (kg_store_adj_count(ex->txn, e, &c))
                n += c;
            else if ((rc = kg_store_edge(ex->txn, e, NULL, NULL, NULL, &nev, &ndocs)))
                break;
            else
                n += ndocs ? ndocs : nev;
        }
        if (rc != KG_DONE) break;
        rc = KG_OK;
        if (any && (idv_push(d, node) || idv_push(d, n))) rc = KG_NOMEM;
    }
    kg_store_adj_close(&a);
    kg_store_scan_close(&sc);
    if (rc != KG_DONE && rc != KG_OK) return rc;
    if (d->n) qsort(d->v, d->n / 2, 2 * sizeof *d->v, pair_cmp);
    return KG_OK;
}

/* ---------------------------------------------------------------- the simple operators */

/* Once, Argument: one row, then done (the leaf of every pipeline; under an
** Optional the row is the outer row, already in the frame). Union: its
** state says whether the child is done. */
typedef struct once_run {
    int done;
} once_run;

static int once_next(kg_exec *ex, qop *op)
{
    once_run *r = op->run;
    (void)ex;
    if (r->done) return 0;
    r->done = 1;
    return 1;
}

static int id_cmp(const void *a, const void *b)
{
    kg_id x = *(const kg_id *)a, y = *(const kg_id *)b;
    return (x > y) - (x < y);
}

/* Sort d's ids and drop repeats: a list naming one node twice (two names of
** it, an id twice) binds it once, as the filter it replaces would. */
static void ids_unique(idvec *d)
{
    if (d->n < 2) return;
    qsort(d->v, d->n, sizeof *d->v, id_cmp);
    size_t k = 1;
    for (size_t i = 1; i < d->n; i++)
        if (d->v[i] != d->v[k - 1]) d->v[k++] = d->v[i];
    d->n = k;
}

/* The run state of NameSeek and NodeByIdSeek: the candidates of the current
** input row. */
typedef struct ids_run {
    int state; /* 0 before the first input row */
    idvec ids; /* candidates, served in order */
} ids_run;

static void ids_reset(kg_exec *ex, qop *op)
{
    ids_run *r = op->run;
    (void)ex;
    free(r->ids.v);
}

/* The candidates of one name into d (appended). */
static int seek_name(kg_exec *ex, const qp_seek *ps, idvec *d, const qv *name)
{
    if (name->t != KG_TEXT) return KG_OK; /* null or not text: names nothing */
    if (!ps->where) { /* {name: ...}: resolved as kg_q_resolve does (ambiguity is an error) */
        kg_id *ids;
        size_t n;
        int rc = kg_q_resolve(ex, name->u.s->s, name->u.s->len, ps->typename, &ids, &n,
                              ps->expr->start, ps->expr->end);
        for (size_t i = 0; i < n && !rc; i++)
            rc = idv_push(d, ids[i]);
        free(ids);
        return rc;
    }
    /* WHERE v.name = / IN ...: the nodes whose canonical name is exactly it */
    kg_id small[64];
    size_t n = 0;
    int rc =
        kg_store_name_exact(ex->txn, name->u.s->s, name->u.s->len, ps->typename, small, 64, &n);
    if (rc || n > 64) {
        kg_id *all = rc ? NULL : malloc(n * sizeof *all);
        if (!rc && !all) return KG_NOMEM;
        if (!rc && !(rc = kg_store_name_exact(ex->txn, name->u.s->s, name->u.s->len, ps->typename,
                                              all, n, &n)))
            for (size_t i = 0; i < n && !rc; i++)
                rc = idv_push(d, all[i]);
        free(all);
        return rc;
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = idv_push(d, small[i]);
    return rc;
}

/* NameSeek: per input row, evaluate seek.expr to a name, or a list of names
** (`WHERE v.name IN [...]`), and bind seek.slot to each node they name
** (alias index), each node once. A WHERE seek (seek.where) binds the nodes
** whose canonical name is exactly the name: 1, `v.name IN ...`, whose
** conjunct stays in a Filter above; 2, `v.name = ...`, whose conjunct the
** seek answers (plan.c drops it), so a value that is no text, a list
** included, names nothing. A `{name: ...}` seek resolves as kg_q_resolve
** does (ambiguity is an error). */
static int seek_next(kg_exec *ex, qop *op)
{
    ids_run *r = op->run;
    const qp_seek *ps = &op->p.seek;
    int rc;
    for (;;) {
        if (r->state && r->ids.i < r->ids.n) {
            qv_set(&ex->slots[ps->slot], qv_node(r->ids.v[r->ids.i++]));
            return 1;
        }
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        r->state = 1;
        qv name;
        if ((rc = kg_eval(ex, ps->expr, &name))) return fail(ex, rc);
        r->ids.n = r->ids.i = 0;
        if (name.t == KG_LIST && ps->where != 2) {
            for (uint32_t i = 0; i < name.u.l->n && !rc; i++)
                rc = seek_name(ex, ps, &r->ids, &name.u.l->v[i]);
            ids_unique(&r->ids);
        } else {
            rc = seek_name(ex, ps, &r->ids, &name);
        }
        qv_release(name);
        if (rc) return fail(ex, rc);
    }
}

/* NodeByIdSeek: per input row, evaluate seek.expr to a node id, or a list of
** them (`WHERE id(v) IN [...]`), and bind seek.slot to each that is a live
** node (of seek.typename when set), each once. The seek answers `id(v) = x`
** (seek.where 2); an IN stays in the Filter above. */
static int idseek_next(kg_exec *ex, qop *op)
{
    ids_run *r = op->run;
    const qp_seek *ps = &op->p.seek;
    int rc;
    for (;;) {
        while (r->state && r->ids.i < r->ids.n) {
            kg_id id = r->ids.v[r->ids.i++];
            uint32_t t;
            const char *nm, *tn;
            size_t nl;
            if (ps->unread) { /* the Expand above finds no relation of a node that is not */
                qv_set(&ex->slots[ps->slot], qv_node(id));
                return 1;
            }
            rc = kg_store_node(ex->txn, id, &t, &nm, &nl);
            if (rc == KG_NOTFOUND) continue;
            if (rc) return fail(ex, rc);
            if (ps->typename && (kg_store_symname(ex->txn, KG_SYM_TYPE, t, &tn) ||
                                 !kg_type_matches(ps->typename, tn)))
                continue;
            qv_set(&ex->slots[ps->slot], qv_node(id));
            return 1;
        }
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        r->state = 1;
        qv v;
        if ((rc = kg_eval(ex, ps->expr, &v))) return fail(ex, rc);
        r->ids.n = r->ids.i = 0;
        /* `id(v) = [..]` is false for every node: a list seeks only for IN */
        const qv *items = v.t == KG_LIST ? v.u.l->v : &v;
        uint32_t n = v.t == KG_LIST ? (ps->where == 2 ? 0 : v.u.l->n) : 1;
        for (uint32_t i = 0; i < n && !rc; i++) /* = compares 1 and 1.0 equal */
            if (items[i].t == KG_INT && items[i].u.i > 0)
                rc = idv_push(&r->ids, (kg_id)items[i].u.i);
            else if (items[i].t == KG_FLOAT && items[i].u.f >= 1 && items[i].u.f < 0x1p63 &&
                     items[i].u.f == (double)(int64_t)items[i].u.f)
                rc = idv_push(&r->ids, (kg_id)items[i].u.f);
        if (v.t == KG_LIST) ids_unique(&r->ids);
        qv_release(v);
        if (rc) return fail(ex, rc);
    }
}

/* The nodes with relation rel coming in, from the in-degree index, into d
** in id order. KG_OK or an error code. */
static int scan_in(kg_exec *ex, uint32_t rel, idvec *d)
{
    kg_scan sc;
    kg_id id;
    uint64_t n;
    d->n = d->i = 0;
    int rc = kg_store_indeg_open(ex->txn, rel, &sc);
    while (!rc && (rc = kg_store_indeg_next(&sc, &id, &n)) == KG_ROW)
        rc = idv_push(d, id);
    kg_store_scan_close(&sc);
    if (rc != KG_DONE && rc != KG_OK) return rc;
    if (d->n > 1) qsort(d->v, d->n, sizeof *d->v, id_cmp);
    return KG_OK;
}

/* NodeScan: per input row, every node of scan.type (by_type index), or every
** node when scan.type is 0, into scan.slot; none when scan.type is
** UINT32_MAX (a type nothing has). With scan.inrel (a relation id, never 0), the nodes with
*relation
** scan.inrel coming in instead (in-degree index, plan.c in_relation), in id
** order. */
static int scan_next(kg_exec *ex, qop *op)
{
    scan_run *r = op->run;
    const qp_scan *ps = &op->p.scan;
    int rc;
    if (ps->inrel) {
        for (;;) {
            if (r->state == 1 && r->ids.i < r->ids.n) {
                qv_set(&ex->slots[ps->slot], qv_node(r->ids.v[r->ids.i++]));
                return 1;
            }
            if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
            if ((rc = scan_in(ex, ps->inrel, &r->ids))) return fail(ex, rc);
            r->state = 1;
        }
    }
    for (;;) {
        if (r->state == 1) {
            kg_id id;
            rc = kg_store_scan_next(&r->scan, &id);
            if (rc == KG_ROW) {
                qv_set(&ex->slots[ps->slot], qv_node(id));
                return 1;
            }
            kg_store_scan_close(&r->scan);
            r->state = 0;
            if (rc != KG_DONE) return fail(ex, rc);
        }
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        if (ps->type == UINT32_MAX) continue; /* a type nothing has */
        if ((rc = kg_store_scan_open(ex->txn, ps->type, &r->scan))) return fail(ex, rc);
        r->state = 1;
    }
}

/* Expand's run state: the adjacency cursor, kept across input rows. */
typedef struct expand_run {
    int state; /* 1: adj serves the current input row */
    kg_adj adj;
} expand_run;

static void expand_reset(kg_exec *ex, qop *op)
{
    expand_run *r = op->run;
    (void)ex;
    kg_store_adj_close(&r->adj);
}

/* Is the adjacency entry (nbr, e, r, d) a match of hop h from the input row? */
static inline int hop_match(kg_exec *ex, const qp_hop *h, kg_id nbr, kg_id e, uint32_t r, int d)
{
    if (!rel_ok(h, r) || !edge_free(ex, h, e)) return 0;
    /* an undirected hop sees a self-loop as out and as in: once */
    if (h->dir == KG_BOTH && d == KG_IN && ex->slots[h->slot].t == KG_NODE &&
        ex->slots[h->slot].u.id == nbr)
        return 0;
    if (h->dst_bound) {
        const qv *t = &ex->slots[h->slot2];
        if (t->t != KG_NODE || t->u.id != nbr) return 0;
    }
    return 1;
}

/* The Expand's next input row with a node to hop from, its cursor rewound
** there: 1, or 0 at the end of the input, < 0 an error. */
static int expand_input(kg_exec *ex, qop *op)
{
    expand_run *x = op->run;
    const qp_hop *h = &op->p.hop;
    int rc;
    for (;;) {
        if ((rc = kg_exec_next(ex, op->child)) <= 0) {
            /* closed before the statement reports its end: a caller's write
            ** transaction may end right after (kg_exec_reset closes it too) */
            kg_store_adj_close(&x->adj);
            return rc;
        }
        qv *s = &ex->slots[h->slot];
        if (s->t != KG_NODE) continue;
        if ((rc = kg_store_adj_rewind(ex->txn, &x->adj, s->u.id, h->nrels == 1 ? h->rels[0] : 0,
                                      ADJ_DIR(h, h->dir))))
            return fail(ex, rc);
        x->state = 1;
        return 1;
    }
}

/* Expand: per input row, the neighbours of the node in hop.slot over the
** out/in adjacency index (hop.dir, hop.rels) into slot2 and the edge into
** slot3; with hop.dst_bound, only rows whose neighbour is the node already in
** slot2. Skips edges bound by other relation variables of the MATCH
** (relationship uniqueness). With hop.exists, only the first match of each
** input row. The cursor is kept across input rows. */
static int expand_next(kg_exec *ex, qop *op)
{
    expand_run *x = op->run;
    const qp_hop *h = &op->p.hop;
    int rc;
    for (;;) {
        if (x->state == 1) {
            kg_id nbr, e;
            uint32_t r;
            int d = 0;
            while ((rc = kg_store_adj_next(&x->adj, &nbr, &e, &r, &d)) == KG_ROW) {
                if (!hop_match(ex, h, nbr, e, r, d)) continue;
                if (!h->dst_bound) qv_set(&ex->slots[h->slot2], qv_node(nbr));
                qv_set(&ex->slots[h->slot3], qv_edge(e));
                if (h->exists) x->state = 0; /* one match is all the rows above need */
                return 1;
            }
            x->state = 0; /* the cursor stays open for the next input row */
            if (rc != KG_DONE) {
                kg_store_adj_close(&x->adj);
                return fail(ex, rc);
            }
        }
        if ((rc = expand_input(ex, op)) <= 0) return rc;
    }
}

/* The matches of an Expand, for an Aggregate that counts them (plan.c
** aggregate_feed) instead of taking a row each through the slots: up to cap
** of them as ids (nodes[i] the target, edges[i] the relation), all of one
** input row, whose slots stay set for the Aggregate's keys. Returns how many
** (> 0), 0 at the end of the input, < 0 an error. The Expand's rows in
** PROFILE and the statement's limits count the matches as kg_exec_next would. */
static int expand_feed(kg_exec *ex, qop *op, kg_id *nodes, kg_id *edges, int cap)
{
    if (run_alloc(ex, op)) return -ex->err;
    expand_run *x = op->run;
    const qp_hop *h = &op->p.hop;
    int rc, n = 0;
    for (;;) {
        if (x->state == 1) {
            kg_id nbr, e;
            uint32_t r;
            int d = 0;
            rc = KG_ROW;
            while (n < cap && (rc = kg_store_adj_next(&x->adj, &nbr, &e, &r, &d)) == KG_ROW)
                if (hop_match(ex, h, nbr, e, r, d)) nodes[n] = nbr, edges[n++] = e;
            if (rc == KG_ROW) break; /* cap reached: the row goes on next call */
            x->state = 0;
            if (rc != KG_DONE) {
                kg_store_adj_close(&x->adj);
                return fail(ex, rc);
            }
            if (n) break;
        }
        if ((rc = expand_input(ex, op)) <= 0) return rc;
    }
    return fed(ex, op, n);
}

/* Filter: the input rows for which expr.expr is true (null and false drop). */
static int filter_next(kg_exec *ex, qop *op)
{
    int rc;
    for (;;) {
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        qv v;
        if ((rc = kg_eval(ex, op->p.expr.expr, &v))) return fail(ex, rc);
        int t = qv_truthy(&v);
        qv_release(v);
        if (t == 1) return 1;
    }
}

typedef struct optional_run {
    int state;   /* 1: the inner pipeline serves the current input row */
    int matched; /* it produced a row for this input row */
} optional_run;

/* Optional (OPTIONAL MATCH): per input row, every row of the inner pipeline
** (op->inner, whose leaf is an Argument), or the input row once with the
** inner pipeline's slots (optional.clear) nulled when it has none. */
static int optional_next(kg_exec *ex, qop *op)
{
    optional_run *r = op->run;
    const qp_optional *po = &op->p.optional;
    int rc;
    for (;;) {
        if (r->state == 1) {
            rc = kg_exec_next(ex, op->inner);
            if (rc < 0) return rc;
            if (rc > 0) {
                r->matched = 1;
                return 1;
            }
            r->state = 0;
            if (!r->matched) {
                for (int i = 0; i < po->nclear; i++)
                    qv_set(&ex->slots[po->clear[i]], QV_NULL);
                return 1;
            }
        }
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        kg_exec_reset(ex, op->inner);
        r->state = 1, r->matched = 0;
    }
}

/* Union (UNION ALL; UNION adds a Distinct above): every row of op->child,
** then every row of op->inner (the next part of the query, its own Once at
** the leaf and a Project putting its columns in the first part's slots). */
static int union_next(kg_exec *ex, qop *op)
{
    once_run *r = op->run;
    int rc;
    if (!r->done) {
        if ((rc = kg_exec_next(ex, op->child)) != 0) return rc;
        r->done = 1;
    }
    return kg_exec_next(ex, op->inner);
}

/* Project: per input row, evaluate project.exprs into project.slots. */
static int project_next(kg_exec *ex, qop *op)
{
    const qp_project *pp = &op->p.project;
    int rc;
    if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
    for (int i = 0; i < pp->nexprs; i++) {
        qv v;
        if ((rc = kg_eval(ex, pp->exprs[i], &v))) return fail(ex, rc);
        qv_set(&ex->slots[pp->slots[i]], v);
    }
    return 1;
}

/* Distinct: the input rows whose values in project.slots were not seen
** before (its run state is the tuple set). */
static int distinct_next(kg_exec *ex, qop *op)
{
    const qp_project *pp = &op->p.project;
    tset *s = op->run;
    int rc;
    s->k = pp->nexprs;
    qv *t = malloc((pp->nexprs + 1) * sizeof *t);
    if (!t) return oom(ex);
    for (;;) {
        if ((rc = kg_exec_next(ex, op->child)) <= 0) break;
        for (int i = 0; i < pp->nexprs; i++)
            t[i] = ex->slots[pp->slots[i]];
        size_t idx;
        int ins = tset_put(s, t, &idx);
        if (ins < 0) {
            rc = oom(ex);
            break;
        }
        if (ins) {
            ex->mem += pp->nexprs * sizeof(qv) + 16;
            if ((rc = mem_check(ex))) {
                rc = fail(ex, rc);
                break;
            }
            rc = 1;
            break;
        }
    }
    free(t);
    return rc;
}

static void distinct_reset(kg_exec *ex, qop *op)
{
    (void)ex;
    tset_free(op->run);
}

/* Skip and Limit: the count, evaluated once per run. */
typedef struct count_run {
    int state;     /* the count was evaluated */
    int64_t count; /* rows still to drop (Skip) or to pass (Limit) */
} count_run;

/* Skip: drop the first expr.expr rows. */
static int skip_next(kg_exec *ex, qop *op)
{
    count_run *r = op->run;
    int rc;
    if (!r->state) {
        r->state = 1;
        if ((rc = count_value(ex, op->p.expr.expr, &r->count, "SKIP"))) return rc;
        while (r->count > 0) {
            if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
            r->count--;
        }
    }
    return kg_exec_next(ex, op->child);
}

/* Limit: at most expr.expr rows; stops pulling from the child when reached. */
static int limit_next(kg_exec *ex, qop *op)
{
    count_run *r = op->run;
    const qp_expr *pe = &op->p.expr;
    int rc = 0;
    if (!r->state) {
        r->state = 1;
        if ((rc = count_value(ex, pe->expr, &r->count, "LIMIT"))) return rc;
    }
    if (r->count <= 0) {
        /* below a write (expr.drain): pull the rest, so that LIMIT 0 still writes */
        while (pe->drain && (rc = kg_exec_next(ex, op->child)) > 0)
            ;
        return pe->drain && rc < 0 ? rc : 0;
    }
    r->count--;
    return kg_exec_next(ex, op->child);
}

/* Unwind's run state: the list of the current input row. */
typedef struct unwind_run {
    int state; /* 1: list serves the current input row */
    qv list;   /* a KG_LIST (held) */
    int64_t i; /* next item */
} unwind_run;

static void unwind_reset(kg_exec *ex, qop *op)
{
    unwind_run *r = op->run;
    (void)ex;
    if (r->state) qv_release(r->list);
}

/* Unwind: per input row, one row per item of the list expr.expr into
** expr.slot (a non-list value is a list of itself, null is no row). */
static int unwind_next(kg_exec *ex, qop *op)
{
    unwind_run *r = op->run;
    const qp_expr *pe = &op->p.expr;
    int rc;
    for (;;) {
        if (r->state == 1) {
            if (r->i < (int64_t)r->list.u.l->n) {
                qv_set(&ex->slots[pe->slot], qv_retain(r->list.u.l->v[r->i++]));
                return 1;
            }
            qv_release(r->list);
            r->list = QV_NULL;
            r->state = 0;
        }
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        qv v;
        if ((rc = kg_eval(ex, pe->expr, &v))) return fail(ex, rc);
        if (v.t == KG_NULL) continue;
        if (v.t != KG_LIST) { /* a single value unwinds to itself */
            qv l = qv_list(KG_LIST, 1);
            if (l.t == KG_NULL) {
                qv_release(v);
                return oom(ex);
            }
            l.u.l->v[0] = v;
            v = l;
        }
        r->list = v, r->i = 0, r->state = 1;
    }
}

/* Path: build a path value into path.slot from node slots (kinds 0), edge
** slots (1) and edge-list slots of variable-length hops (2, their inner
** nodes are read from the edges). */
static int path_next(kg_exec *ex, qop *op)
{
    const qp_path *pp = &op->p.path;
    int rc;
    if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
    /* count path items: nodes, edges and the edges of edge lists with their nodes */
    uint32_t n = 0;
    for (int i = 0; i < pp->nslots; i++) {
        qv *v = &ex->slots[pp->slots[i]];
        if (pp->kinds[i] == 2)
            n += v->t == KG_LIST ? 2 * v->u.l->n : 0;
        else
            n += 1;
    }
    /* a var-length element contributes its edges and the nodes between:
    ** rebuild by walking the edges from the previous node */
    qv p = qv_list(KG_PATH, n);
    if (p.t == KG_NULL) return oom(ex);
    uint32_t w = 0;
    kg_id prev = 0;
    for (int i = 0; i < pp->nslots; i++) {
        qv *v = &ex->slots[pp->slots[i]];
        if (pp->kinds[i] == 0) {
            if (w && p.u.l->v[w - 1].t == KG_NODE) w--; /* zero-length hop: same node */
            p.u.l->v[w++] = qv_retain(*v);
            prev = v->u.id;
        } else if (pp->kinds[i] == 1) {
            p.u.l->v[w++] = qv_retain(*v);
        } else if (v->t == KG_LIST) {
            for (uint32_t j = 0; j < v->u.l->n; j++) {
                kg_id e = v->u.l->v[j].u.id, s, d;
                uint32_t r, nev, nd;
                p.u.l->v[w++] = qv_edge(e);
                if (j + 1 < v->u.l->n &&
                    kg_store_edge(ex->txn, e, &s, &r, &d, &nev, &nd) == KG_OK) {
                    prev = s == prev ? d : s;
                    p.u.l->v[w++] = qv_node(prev);
                }
            }
        }
    }
    p.u.l->n = w;
    qv_set(&ex->slots[pp->slot], p);
    return 1;
}

/* InDegreeScan (plan.c indeg_rewrite): the groups of an Aggregate over
** ()-[r:R]->(b) by b with count(*) (indeg.sum: sum(r.count)), read from the
** in-degree index: b into indeg.node, the grouping keys indeg.exprs into
** indeg.slots and the count (sum) into indeg.countslot, by it descending
** then node id. When R has hidden
** relations and the pattern does not name a modality, the visible counts
** are computed first (indeg_visible, state 2). */
static int indegree_next(kg_exec *ex, qop *op)
{
    scan_run *r = op->run;
    const qp_indeg *pi = &op->p.indeg;
    int rc;
    for (;;) {
        if (r->state) {
            kg_id id;
            uint64_t n;
            if (r->state == 2 && r->ids.i < r->ids.n) { /* indeg_visible's pairs */
                id = r->ids.v[r->ids.i], n = r->ids.v[r->ids.i + 1];
                r->ids.i += 2;
                rc = KG_ROW;
            } else if (r->state == 2) {
                rc = KG_DONE;
            } else {
                rc = kg_store_indeg_next(&r->scan, &id, &n);
            }
            if (rc == KG_ROW) {
                qv_set(&ex->slots[pi->node], qv_node(id));
                for (int i = 0; i < pi->nexprs; i++) {
                    qv v;
                    if ((rc = kg_eval(ex, pi->exprs[i], &v))) return fail(ex, rc);
                    qv_set(&ex->slots[pi->slots[i]], v);
                }
                qv_set(&ex->slots[pi->countslot], qv_int((int64_t)n));
                return 1;
            }
            kg_store_scan_close(&r->scan);
            r->state = 0;
            if (rc != KG_DONE) return fail(ex, rc);
        }
        if ((rc = kg_exec_next(ex, op->child)) <= 0) return rc;
        if (!pi->allmod && kg_store_rel_hidden(ex->txn, pi->rel)) {
            if ((rc = indeg_visible(ex, pi->rel, pi->sum, &r->ids))) return fail(ex, rc);
            r->state = 2;
            continue;
        }
        uint32_t key = pi->sum ? pi->rel | KG_INDEG_SUM : pi->rel;
        if ((rc = kg_store_indeg_open(ex->txn, key, &r->scan))) return fail(ex, rc);
        r->state = 1;
    }
}

/* ---------------------------------------------------------------- dispatch */

typedef struct no_run {
    char unused;
} no_run;

/* The operator table's functions and run state by kind (KG_OPS, query.h). */
static const struct opvt {
    int (*next)(kg_exec *ex, qop *op);   /* next row: 1, 0 done, -rc */
    void (*reset)(kg_exec *ex, qop *op); /* free what op->run holds, or NULL */
    size_t runsize;                      /* sizeof the run state */
    const char *name;                    /* EXPLAIN name */
} opvt[OP_COUNT] = {
#define X(ID, name, params, run, next, reset) [OP_##ID] = {next, reset, sizeof(run), name},
    KG_OPS(X)
#undef X
};

const char *kg_op_name(int kind)
{
    return kind > OP_NONE && kind < OP_COUNT ? opvt[kind].name : "?";
}

/* n matches a hop handed over as ids (expand_feed, varbfs_feed), counted as
** kg_exec_next counts rows: the hop's PROFILE rows and the statement's ticks,
** whose limits are checked every 1024th. n, or < 0 an error. */
static int fed(kg_exec *ex, qop *op, int n)
{
    uint64_t t = ex->ticks;
    ex->ticks += (uint64_t)n, op->rows += (uint64_t)n;
    int rc = (t >> 10) != (ex->ticks >> 10) ? kg_exec_check_limits(ex) : 0;
    return rc ? fail(ex, rc) : n;
}

/* The operator's run state, zeroed, on its first call: 0, or -1 out of memory. */
static int run_alloc(kg_exec *ex, qop *op)
{
    if (op->run || (op->run = calloc(1, opvt[op->kind].runsize))) return 0;
    oom(ex);
    return -1;
}

int kg_exec_next(kg_exec *ex, qop *op)
{
    assert(op && op->kind > OP_NONE && op->kind < OP_COUNT);
    if (ex->err) return -ex->err;
    if ((++ex->ticks & 1023) == 0) {
        int rc = kg_exec_check_limits(ex);
        if (rc) return fail(ex, rc);
    }
    if (run_alloc(ex, op)) return -ex->err;
    double t0 = ex->profile ? now_secs() : 0;
    int rc = opvt[op->kind].next(ex, op);
    if (ex->profile) op->secs += now_secs() - t0;
    if (rc > 0) op->rows++;
    return rc;
}

/* One operator's run state: what its kind holds is freed, the rest zeroed. */
static void reset_one(kg_exec *ex, qop *op)
{
    assert(op->kind > OP_NONE && op->kind < OP_COUNT);
    if (!op->run) return; /* never ran */
    if (opvt[op->kind].reset) opvt[op->kind].reset(ex, op);
    memset(op->run, 0, opvt[op->kind].runsize);
}

void kg_exec_reset(kg_exec *ex, qop *op)
{
    if (!op) return;
    kg_exec_reset(ex, op->child);
    kg_exec_reset(ex, op->inner);
    reset_one(ex, op);
}

void kg_exec_reset_all(kg_exec *ex, qop **ops, int n)
{
    for (int i = 0; i < n; i++)
        reset_one(ex, ops[i]);
}

void kg_exec_free(qop *op)
{
    if (!op) return;
    free(op->run);
    op->run = NULL;
}
