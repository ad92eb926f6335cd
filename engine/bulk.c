/*
** bulk.c -- bulk loading (engine layer, kg_bulk_*): nodes and relations are
** gathered in memory (names in a hash map, relations in one array) and written
** at commit in key order through kg_store_bulk_put, so most puts are LMDB
** appends. The nodes and relations are written in one write transaction: all
** or nothing. Documents registered in the bulk's transaction before its first
** node or relation (a fact file registers itself) are committed first when
** their text is large (CHECKPOINT_TEXT bytes or more; kg_store_bulk_checkpoint):
** the text is then on disk instead of held as dirty pages during the whole
** load, and meta "loading" names the documents until the final commit, so a
** failed load leaves its document marked and a re-run replaces it. Documents
** new to the database with little text wait for the commit instead (store.c,
** "bulk writes"): their nodes are among the bulk's new nodes (kg_bulk_docnode),
** the rest is written by kg_store_bulk_docs.
**
** The map: kg_bulk_begin reserves room from the size hint. kg_bulk_commit's
** write phase (documents, nodes, relations) is one unit: when the map is full
** in it, kg_store_bulk_retry grows the map and takes the transaction back to
** where the phase began, and the phase is written again from what is held
** here. So nothing held is freed or changed in place before the commit: the
** relations stay in their array (sorted once), the in entries are an array of
** their own, an edge written through kg_edge_add is marked (R_OLD), not dropped.
**
** Two cores: kg_bulk_commit makes and sorts the new nodes' name keys and
** sorts the relations (prepare) in a thread of its own while the documents
** and the node records are written in the caller's; write_edges sorts the
** doc_edges pairs in one while it sorts the in entries, then makes and sorts
** the in-degree keys in one while it writes the in entries (job_start,
** job_join; without a thread the work is done where it is joined). The other
** thread only computes on arrays the bulk holds; every LMDB write is the
** caller's thread's. The tables written are the same, byte for byte.
**
** Memory: a relation is a 36-byte record (node references are u32: new nodes
** by their offset from the first new id, nodes older than the bulk through a
** small table; the (document, rule) of its evidence is an index into a table
** of pairs), and an in entry 24 bytes while the in table is written. The names'
** hash table is freed when the commit begins.
**
** The tables written keep every invariant of store.c: a new node gets its
** nodes record, by_type entry, canon entry, canonical name as alias with its
** names and skel entries, and its type count; a new edge its out/in twins, edges record, evid
** rows, doc_edges entries and relation count; meta counters are added in the
** transaction. A relation whose edge already existed before the bulk (only
** possible between two old nodes) goes through kg_edge_add.
*/
#include "codec.h"
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define NOEV UINT32_MAX                   /* bedge.rule: the relation came without evidence */
#define NSYM 64                           /* cached type / relation / rule symbols */
#define CHECKPOINT_TEXT ((size_t)4 << 20) /* commit registered documents first from this size */
#define OLDREF 0x80000000u /* bedge.s/d: index into kg_bulk.old, else offset from first_new */
#define R_OLD 0x80000000u  /* bedge.r: the edge existed before the bulk (written by kg_edge_add) */

typedef struct bnode {
    uint64_t hash; /* XXH3 of the name, seeded with the type id */
    kg_id id;      /* node id */
    size_t off;    /* name in the arena */
    uint32_t len;  /* name bytes */
    uint32_t type; /* type symbol */
} bnode;

typedef struct bedge {
    uint32_t s, d;       /* endpoints (node references, see OLDREF) */
    uint32_t r;          /* relation symbol, | R_OLD when written through the ordinary path */
    uint32_t cx;         /* index of the evidence (doc, rule) pair in kg_bulk.cx */
    uint32_t start, end; /* evidence span */
    int32_t date;        /* evidence date */
    float conf;          /* evidence confidence */
    int32_t event;       /* event date * 2 + 1 when it stands for its month; KG_NODATE: none */
} bedge;

/* kg_evidence's event date and month flag to bedge.event and back. */
static int32_t event_pack(const kg_evidence *ev)
{
    return !ev || !ev->event_date || ev->event_date == KG_NODATE
               ? KG_NODATE
               : ev->event_date * 2 + (ev->event_month ? 1 : 0);
}
static int32_t event_days(int32_t e)
{
    return e == KG_NODATE ? KG_NODATE : (e - (e & 1)) / 2;
}

typedef struct evcx {
    kg_id doc;      /* evidence document */
    uint32_t rule;  /* rule symbol, 0 none, NOEV: no evidence row */
    uint8_t mod;    /* modality (KG_MOD_*) */
    kg_id claimant; /* claimant node, 0 none */
} evcx;

/* A function run beside the caller: in a thread of its own when one can be
** started, else by job_join. Its data is its own until job_join returns. */
typedef struct job {
    int (*fn)(void *); /* the work (NULL: none, or joined) */
    void *arg;
    int rc;      /* fn's result */
    int started; /* in thread t */
    pthread_t t;
} job;

static void *job_main(void *p)
{
    job *j = p;
    j->rc = j->fn(j->arg);
    return NULL;
}

static void job_start(job *j, int (*fn)(void *), void *arg)
{
    j->fn = fn, j->arg = arg, j->rc = 0;
    j->started = pthread_create(&j->t, NULL, job_main, j) == 0;
}

/* Wait for the job (or run it here): its result; 0 for no job. */
static int job_join(job *j)
{
    if (j->started)
        pthread_join(j->t, NULL);
    else if (j->fn)
        j->rc = j->fn(j->arg);
    j->started = 0, j->fn = NULL;
    return j->rc;
}

/* A name key of a new node for names, skel or canon (sorted at commit). */
typedef struct namekey {
    const char *k; /* normalised name or skeleton (malloc'ed), or the name (canon) */
    uint32_t len;  /* bytes */
    kg_id id;      /* node */
} namekey;

typedef struct symc {
    char *name;  /* symbol name (owned) */
    uint32_t id; /* its id */
} symc;

struct kg_bulk {
    kg_db *db;         /* handle */
    kg_txn *txn;       /* the write transaction */
    kg_id first_new;   /* node ids >= this are created by the bulk */
    int had_edges;     /* the database held edges when the bulk began */
    char *arena;       /* node names, back to back */
    size_t alen, acap; /* used and allocated */
    bnode *nodes;      /* every node seen, new ones in id order from nnew0 */
    size_t nnodes, capnodes;
    kg_itab tab;  /* node indexes by hash */
    size_t nnew;  /* nodes created */
    bedge *edges; /* relations gathered */
    size_t nedges, capedges;
    symc sym[3][NSYM]; /* caches: types, relations, rules */
    int nsym[3];
    int checkpointed; /* kg_store_bulk_checkpoint was tried */
    kg_id *old;       /* referenced nodes older than the bulk (OLDREF | index) */
    size_t nold, capold;
    kg_itab oldtab; /* old ids -> index */
    evcx *cx;       /* evidence (doc, rule, modality, claimant) contexts */
    size_t ncx, capcx;
    kg_itab cxtab;    /* pairs -> index */
    uint32_t lastcx;  /* the pair found last */
    int sorted;       /* edges are sorted (a write phase done again does not sort again) */
    size_t ndocnodes; /* of the new nodes, those of documents (kg_bulk_docnode) */
    /* the new nodes' keys of names, skel and canon, made and sorted once,
    ** and the relations sorted, by prepare in a thread beside the write
    ** phase's first writes */
    job prep;
    namekey *nk, *sk, *ck;
    size_t nn, ns, nc;
};

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33, x *= 0xff51afd7ed558ccdULL, x ^= x >> 33, x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

/* Room for `need` items of `size` bytes in *p (KG_GROW's rule, from 1024). */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    void *q = kg_grow_array(*p, cap, need, size, 1024);
    if (!q) return -1;
    *p = q;
    return 0;
}

static int sym(kg_bulk *b, int which, const char *name, uint32_t *id)
{
    static const int kinds[3] = {KG_SYM_TYPE, KG_SYM_REL, KG_SYM_RULE};
    for (int i = 0; i < b->nsym[which]; i++)
        if (!strcmp(b->sym[which][i].name, name)) return *id = b->sym[which][i].id, KG_OK;
    int rc = kg_store_sym(b->txn, kinds[which], name, 1, id);
    if (rc) return rc;
    if (b->nsym[which] < NSYM) {
        char *c = strdup(name);
        if (!c) return KG_NOMEM;
        b->sym[which][b->nsym[which]++] = (symc){c, *id};
    }
    return KG_OK;
}

/* The ids and totals the bulk starts from; read again after a checkpoint
** (another writer may have committed between its two transactions). */
static void bulk_origin(kg_bulk *b)
{
    b->first_new = kg_store_bulk_ids(b->txn, 'n', 0);
    b->had_edges = kg_store_bulk_total(b->txn, 'e') > 0 || kg_store_bulk_ids(b->txn, 'e', 0) > 1;
}

int kg_bulk_begin(kg_db *db, size_t size_hint, kg_bulk **out)
{
    if (!db || !out) return KG_MISUSE;
    kg_error_clear(db);
    /* about 400 bytes of map per 60-byte fact line, with room for page splits
    ** (64 MiB without a hint): growing now spares the commit writing its phase
    ** again after a grow; a map that cannot grow that far is no error yet */
    int rc = kg_store_reserve(db, size_hint ? size_hint * 8 + (1u << 20) : 64u << 20);
    if (rc == KG_FULL)
        kg_error_clear(db);
    else if (rc)
        return rc;
    kg_bulk *b = calloc(1, sizeof *b);
    if (!b) return kg_error(db, KG_NOMEM, "out of memory");
    b->db = db;
    if ((rc = kg_begin(db, KG_TXN_WRITE, &b->txn))) {
        free(b);
        return rc;
    }
    if ((rc = kg_store_bulk_start(b->txn, b))) {
        kg_abort(b->txn);
        free(b);
        return rc;
    }
    bulk_origin(b);
    *out = b;
    return KG_OK;
}

kg_txn *kg_bulk_txn(kg_bulk *b)
{
    return b ? b->txn : NULL;
}

static uint64_t node_hash(void *ctx, uint32_t i)
{
    return ((kg_bulk *)ctx)->nodes[i].hash;
}

/* An existing node for (type, name): exact, then (with KG_BULK_RESOLVE) the
** one candidate of that type the name resolves to. */
static int node_add(kg_bulk *b, const char *type, uint32_t tid, uint64_t h, const char *name,
                    size_t len, unsigned flags, kg_id *out);

static int find_old(kg_bulk *b, const char *type, const char *name, unsigned flags, kg_id *id)
{
    if (b->first_new <= 1) return KG_NOTFOUND;
    int rc = kg_node_find(b->txn, type, name, id);
    if (rc != KG_NOTFOUND || !(flags & KG_BULK_RESOLVE)) return rc;
    kg_id ids[2];
    size_t n = 0;
    rc = kg_resolve(b->txn, name, type, ids, 2, &n);
    if (rc == KG_OK && n == 1 && ids[0] < b->first_new) {
        *id = ids[0];
        return kg_alias_add(b->txn, ids[0], name); /* the name joins as an alias */
    }
    return rc == KG_OK || rc == KG_NOTFOUND ? KG_NOTFOUND : rc;
}

/* Before the first node or relation: commit large documents registered so far. */
static int checkpoint(kg_bulk *b)
{
    if (b->checkpointed) return KG_OK;
    b->checkpointed = 1;
    int rc = kg_store_bulk_checkpoint(b->txn, CHECKPOINT_TEXT);
    /* documents waiting for the commit have nodes among the bulk's (and then
    ** there was no checkpoint): their ids stay */
    if (!rc && !b->nnew) bulk_origin(b);
    return rc;
}

int kg_bulk_node(kg_bulk *b, const char *type, const char *name, size_t len, unsigned flags,
                 kg_id *out)
{
    if (!b || !type || !name || !out) return KG_MISUSE;
    int rc;
    if (!b->checkpointed && (rc = checkpoint(b))) return rc;
    if (!len) return kg_error(b->db, KG_INVALID, "empty name");
    if (!*type) return kg_error(b->db, KG_INVALID, "empty type");
    if (len > (1u << 20))
        return kg_error(b->db, KG_LIMIT, "name of %zu bytes is longer than the limit (1 MiB)", len);
    uint32_t tid;
    rc = sym(b, 0, type, &tid);
    if (rc) return rc;
    uint64_t h = XXH3_64bits_withSeed(name, len, tid);
    KG_ITAB_EACH(&b->tab, h, i)
    {
        bnode *n = &b->nodes[b->tab.t[i] - 1];
        if (n->hash == h && n->type == tid && n->len == len &&
            !memcmp(b->arena + n->off, name, len))
            return *out = n->id, KG_OK;
    }
    if (memchr(name, 0, len) || !kg_utf8_valid(name, len))
        return kg_error(b->db, KG_INVALID, "name is not valid UTF-8");
    return node_add(b, type, tid, h, name, len, flags, out);
}

/* Add the node (type tid, name of len bytes, h its hash) that the table does
** not hold: an existing one (find_old; type NULL: none) or a new one, never
** a new document node (a document's node comes with its document:
** kg_bulk_docnode, type NULL). */
static int node_add(kg_bulk *b, const char *type, uint32_t tid, uint64_t h, const char *name,
                    size_t len, unsigned flags, kg_id *out)
{
    if (grow((void **)&b->arena, &b->acap, b->alen + len + 1, 1) ||
        grow((void **)&b->nodes, &b->capnodes, b->nnodes + 1, sizeof *b->nodes))
        return kg_error(b->db, KG_NOMEM, "out of memory");
    char *nm = b->arena + b->alen;
    memcpy(nm, name, len);
    nm[len] = 0;
    kg_id id;
    int rc = type ? find_old(b, type, nm, flags, &id) : KG_NOTFOUND;
    if (rc == KG_NOTFOUND && type && !strcmp(type, "document")) /* invariant 11 */
        return kg_error(b->db, KG_INVALID,
                        "nodes of type 'document' are made by loading documents only");
    if (rc == KG_NOTFOUND) {
        if (b->nnew >= OLDREF - 1)
            return kg_error(b->db, KG_LIMIT, "more than %u new nodes in one bulk load", OLDREF - 1);
        id = kg_store_bulk_ids(b->txn, 'n', 1);
        b->nnew++;
    } else if (rc) {
        return rc;
    }
    b->tab.min = 4096;
    if (kg_itab_add(&b->tab, h, b->nnodes, node_hash, b))
        return kg_error(b->db, KG_NOMEM, "out of memory");
    b->nodes[b->nnodes++] = (bnode){h, id, b->alen, (uint32_t)len, tid};
    b->alen += len + 1;
    *out = id;
    return KG_OK;
}

/* The node of a document registered new in the bulk's transaction (store.c,
** kg_doc_register): its key is new, so is a document node of that name
** (store.c, invariant 11); it is written with the bulk's other new nodes. */
int kg_bulk_docnode(kg_bulk *b, const char *key, size_t len, kg_id *id)
{
    uint32_t tid;
    int rc = sym(b, 0, "document", &tid);
    if (rc) return rc;
    if ((rc = node_add(b, NULL, tid, XXH3_64bits_withSeed(key, len, tid), key, len, 0, id)))
        return rc;
    b->ndocnodes++;
    return KG_OK;
}

static uint64_t old_hash(void *ctx, uint32_t i)
{
    return mix64(((kg_bulk *)ctx)->old[i]);
}

static uint64_t cx_hash_of(const evcx *c)
{
    return mix64(c->doc * 0x9E3779B97F4A7C15ULL + c->rule + ((uint64_t)c->mod << 32) +
                 c->claimant * 0xC2B2AE3D27D4EB4FULL);
}

static uint64_t cx_hash(void *ctx, uint32_t i)
{
    return cx_hash_of(&((kg_bulk *)ctx)->cx[i]);
}

static int cx_same(const evcx *a, const evcx *b)
{
    return a->doc == b->doc && a->rule == b->rule && a->mod == b->mod && a->claimant == b->claimant;
}

/* The reference of node id (checked to exist) in *ref. */
static int node_ref(kg_bulk *b, kg_id n, kg_id top, uint32_t *ref)
{
    if (n >= b->first_new && n < top) return *ref = (uint32_t)(n - b->first_new), KG_OK;
    if (n == 0 || n >= top)
        return kg_error(b->db, KG_NOTFOUND, "no node %llu", (unsigned long long)n);
    uint64_t h = mix64(n);
    KG_ITAB_EACH(&b->oldtab, h, q)
    if (b->old[b->oldtab.t[q] - 1] == n) return *ref = OLDREF | (b->oldtab.t[q] - 1), KG_OK;
    uint32_t t;
    const char *nm;
    size_t nl;
    if (kg_store_node(b->txn, n, &t, &nm, &nl))
        return kg_error(b->db, KG_NOTFOUND, "no node %llu", (unsigned long long)n);
    if (b->nold >= OLDREF - 1 || grow((void **)&b->old, &b->capold, b->nold + 1, sizeof *b->old) ||
        kg_itab_add(&b->oldtab, h, b->nold, old_hash, b))
        return kg_error(b->db, KG_NOMEM, "out of memory");
    b->old[b->nold] = n;
    *ref = OLDREF | (uint32_t)b->nold++;
    return KG_OK;
}

static kg_id ref_id(const kg_bulk *b, uint32_t ref)
{
    return ref & OLDREF ? b->old[ref & ~OLDREF] : b->first_new + ref;
}

/* The index of the context x (document, rule, modality, claimant) in b->cx,
** added when new; a new context's claimant is checked to exist (below `top`). */
static int cx_ref(kg_bulk *b, const evcx *x, kg_id top, uint32_t *out)
{
    if (b->ncx && cx_same(&b->cx[b->lastcx], x)) return *out = b->lastcx, KG_OK;
    uint64_t h = cx_hash_of(x);
    KG_ITAB_EACH(&b->cxtab, h, q)
    {
        const evcx *c = &b->cx[b->cxtab.t[q] - 1];
        if (cx_same(c, x)) return *out = b->lastcx = b->cxtab.t[q] - 1, KG_OK;
    }
    if (x->mod > KG_MOD_DENIED)
        return kg_error(b->db, KG_INVALID, "modality %u is not one of 0 (asserted) to 3 (denied)",
                        (unsigned)x->mod);
    uint32_t t;
    const char *nm;
    size_t nl;
    if (x->claimant && (x->claimant >= top || (x->claimant < b->first_new &&
                                               kg_store_node(b->txn, x->claimant, &t, &nm, &nl))))
        return kg_error(b->db, KG_NOTFOUND, "no node %llu (the claimant)",
                        (unsigned long long)x->claimant);
    if (b->ncx >= UINT32_MAX - 1 || grow((void **)&b->cx, &b->capcx, b->ncx + 1, sizeof *b->cx) ||
        kg_itab_add(&b->cxtab, h, b->ncx, cx_hash, b))
        return kg_error(b->db, KG_NOMEM, "out of memory");
    b->cx[b->ncx] = *x;
    *out = b->lastcx = (uint32_t)b->ncx++;
    return KG_OK;
}

int kg_bulk_edge(kg_bulk *b, kg_id src, const char *rel, kg_id dst, const kg_evidence *ev)
{
    if (!b || !rel) return KG_MISUSE;
    int rc;
    if (!b->checkpointed && (rc = checkpoint(b))) return rc;
    kg_id top = kg_store_bulk_ids(b->txn, 'n', 0);
    uint32_t s, d, r, rule = NOEV, cx = 0;
    if ((rc = node_ref(b, src, top, &s)) || (rc = node_ref(b, dst, top, &d))) return rc;
    if ((rc = sym(b, 1, rel, &r))) return rc;
    if (ev) {
        rule = 0;
        if (ev->rule && *ev->rule && (rc = sym(b, 2, ev->rule, &rule))) return rc;
    }
    evcx x = {ev ? ev->doc : 0, rule, ev ? ev->modality : 0, ev ? ev->claimant : 0};
    if ((rc = cx_ref(b, &x, top, &cx))) return rc;
    if (grow((void **)&b->edges, &b->capedges, b->nedges + 1, sizeof *b->edges))
        return kg_error(b->db, KG_NOMEM, "out of memory");
    bedge *e = &b->edges[b->nedges++];
    *e = (bedge){s, d, r, cx, 0, 0, KG_NODATE, 0, event_pack(ev)};
    if (ev) e->start = ev->start, e->end = ev->end, e->date = ev->date, e->conf = ev->confidence;
    return KG_OK;
}

/* ---------------------------------------------------------------- commit */

static int namekey_cmp(const void *a, const void *b)
{
    const namekey *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->k, y->k, n);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Longest prefix no longer than max ending on a UTF-8 boundary (as store.c). */
static size_t cut(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* Write sorted keys (one of each) to table. */
static int write_names(kg_bulk *b, int table, const namekey *keys, size_t n)
{
    unsigned char v[KG_ID_KEY];
    for (size_t i = 0; i < n; i++) {
        if (i && namekey_cmp(&keys[i - 1], &keys[i]) == 0) continue;
        kg_put_u64(v, keys[i].id);
        int rc = kg_store_bulk_put(b->txn, table, keys[i].k, keys[i].len, v, KG_ID_KEY);
        if (rc) return rc;
    }
    return KG_OK;
}

/* A new node's alias: its name trimmed, as kg_alias_add does, cut at 480
** bytes; its length (0: none). */
static size_t node_alias(const kg_bulk *b, const bnode *n, const char **an)
{
    const char *a = b->arena + n->off;
    size_t al = n->len;
    while (al && (a[0] == ' ' || a[0] == '\t'))
        a++, al--;
    while (al && (a[al - 1] == ' ' || a[al - 1] == '\t'))
        al--;
    *an = a;
    return cut(a, al, 480);
}

static int edges_sort(kg_bulk *b);

/* The new nodes' keys of names (the alias normalised), skel (its skeleton)
** and canon (the name as written), each array sorted. */
static int names_prepare(kg_bulk *b)
{
    if (!b->nnew) return KG_OK;
    if (!(b->nk = calloc(b->nnew, sizeof *b->nk)) || !(b->sk = calloc(b->nnew, sizeof *b->sk)) ||
        !(b->ck = calloc(b->nnew, sizeof *b->ck)))
        return KG_NOMEM;
    for (size_t i = 0; i < b->nnodes; i++) {
        const bnode *n = &b->nodes[i];
        if (n->id < b->first_new) continue;
        const char *name = b->arena + n->off, *an;
        b->ck[b->nc++] = (namekey){name, (uint32_t)cut(name, n->len, 480), n->id};
        size_t al = node_alias(b, n, &an), l;
        if (!al) continue;
        char *k;
        int rc = kg_names_normalize(an, al, &k, &l);
        if (rc) return rc;
        if ((l = cut(k, l, 480)))
            b->nk[b->nn++] = (namekey){k, (uint32_t)l, n->id};
        else
            free(k);
        if (kg_names_skeleton(an, al, &k, &l) == 0) {
            if ((l = cut(k, l, 480)))
                b->sk[b->ns++] = (namekey){k, (uint32_t)l, n->id};
            else
                free(k);
        }
    }
    if (b->nn) qsort(b->nk, b->nn, sizeof *b->nk, namekey_cmp);
    if (b->ns) qsort(b->sk, b->ns, sizeof *b->sk, namekey_cmp);
    if (b->nc) qsort(b->ck, b->nc, sizeof *b->ck, namekey_cmp);
    return KG_OK;
}

/* What the write phase writes, made ready: pure computation on what the bulk
** holds, run beside the first writes (kg_bulk_commit). */
static int prepare(void *p)
{
    kg_bulk *b = p;
    int rc = names_prepare(b);
    return rc ? rc : edges_sort(b);
}

static int write_nodes(kg_bulk *b)
{
    if (!b->nnew) return KG_OK;
    unsigned char *rec = NULL;
    size_t reccap = 0, naliases = 0;
    int rc = KG_OK;
    for (size_t i = 0; i < b->nnodes && !rc; i++) {
        bnode *n = &b->nodes[i];
        if (n->id < b->first_new) continue;
        const char *an;
        size_t al = node_alias(b, n, &an);
        unsigned char k[KG_ID_KEY], tk[KG_TYPE_KEY];
        kg_put_u64(k, n->id), kg_put_u32(tk, n->type);
        if (grow((void **)&rec, &reccap, KG_NODE_REC_HEAD + n->len, 1)) {
            rc = KG_NOMEM;
            break;
        }
        kg_put_u32(rec, n->type);
        memcpy(rec + KG_NODE_REC_HEAD, b->arena + n->off, n->len);
        if ((rc = kg_store_bulk_put(b->txn, KG_T_NODES, k, KG_ID_KEY, rec,
                                    KG_NODE_REC_HEAD + n->len)) ||
            (rc = kg_store_bulk_put(b->txn, KG_T_BYTYPE, tk, KG_TYPE_KEY, k, KG_ID_KEY)) ||
            (al && (rc = kg_store_bulk_put(b->txn, KG_T_ALIASES, k, KG_ID_KEY, an, al))))
            break;
        kg_store_count_add(b->txn, KG_SYM_TYPE, n->type, 1);
        naliases += al > 0;
    }
    free(rec);
    if (!rc) rc = job_join(&b->prep);
    if (!rc) rc = write_names(b, KG_T_NAMES, b->nk, b->nn);
    if (!rc) rc = write_names(b, KG_T_SKEL, b->sk, b->ns);
    if (!rc) rc = write_names(b, KG_T_CANON, b->ck, b->nc);
    if (!rc) kg_store_bulk_counted(b->txn, b->nnew, 0, 0, naliases);
    return rc;
}

/* ---------------------------------------------------------------- radix sort
** The relation records are sorted by a key packed into 64 bits (each field
** minus its minimum, in as many bits as its range needs): a stable LSD radix
** sort of (key, index) pairs, then the records are permuted in place. When
** the fields need more than 64 bits, qsort with the comparison does it. */

static int bits_of(uint64_t v)
{
    int b = 0;
    while (v)
        b++, v >>= 1;
    return b;
}

/* Stable LSD radix sort of k[] on bits [lo, lo + bits), carrying ix[] along
** when it is not NULL; 0 ok, -1 out of memory. */
static int radix_pairs(uint64_t *k, uint32_t *ix, size_t n, int lo, int bits)
{
    enum { DIG = 11, NB = 1 << DIG };
    uint64_t *k2 = malloc(n * sizeof *k2);
    uint32_t *i2 = ix ? malloc(n * sizeof *i2) : NULL;
    size_t *cnt = malloc(NB * sizeof *cnt);
    if (!k2 || (ix && !i2) || !cnt) {
        free(k2), free(i2), free(cnt);
        return -1;
    }
    for (int sh = lo; sh < lo + bits; sh += DIG) {
        memset(cnt, 0, NB * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(k[i] >> sh) & (NB - 1)]++;
        size_t sum = 0;
        for (int d = 0; d < NB; d++) {
            size_t c = cnt[d];
            cnt[d] = sum, sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t p = cnt[(k[i] >> sh) & (NB - 1)]++;
            k2[p] = k[i];
            if (ix) i2[p] = ix[i];
        }
        memcpy(k, k2, n * sizeof *k);
        if (ix) memcpy(ix, i2, n * sizeof *ix);
    }
    free(k2), free(i2), free(cnt);
    return 0;
}

/* a[j] = old a[ix[j]] for every j, in place (ix is consumed). */
static int permute(void *a, size_t size, uint32_t *ix, size_t n)
{
    unsigned char *base = a, *tmp = malloc(size);
    if (!tmp) return -1;
    for (size_t i = 0; i < n; i++) {
        if (ix[i] == i) continue;
        memcpy(tmp, base + i * size, size);
        size_t j = i;
        while (ix[j] != i) {
            size_t from = ix[j];
            memcpy(base + j * size, base + from * size, size);
            ix[j] = (uint32_t)j;
            j = from;
        }
        memcpy(base + j * size, tmp, size);
        ix[j] = (uint32_t)j;
    }
    free(tmp);
    return 0;
}

/* Sort n records of `size` bytes stably by up to four u64 fields (most
** significant first) read by get(ctx, rec, field); 1 when done, 0 when the
** fields do not fit in 64 bits (or n is small: the caller sorts), -1 out of
** memory. When the key and the record index fit in 64 bits together, the index
** rides in the key's low bits (8 bytes a record instead of 12, doubled). */
static int radix_records(void *a, size_t size, size_t n, int nf, const void *ctx,
                         uint64_t (*get)(const void *, const void *, int))
{
    if (n < 64 || n > UINT32_MAX) return 0;
    uint64_t mn[4], mx[4];
    const unsigned char *base = a;
    for (int f = 0; f < nf; f++)
        mn[f] = UINT64_MAX, mx[f] = 0;
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < nf; f++) {
            uint64_t v = get(ctx, base + i * size, f);
            if (v < mn[f]) mn[f] = v;
            if (v > mx[f]) mx[f] = v;
        }
    int w[4], total = 0, ib = bits_of(n - 1);
    for (int f = 0; f < nf; f++)
        total += w[f] = bits_of(mx[f] - mn[f]);
    if (total > 64) return 0;
    int packed = total + ib <= 64, lo = packed ? ib : 0;
    uint64_t *k = malloc(n * sizeof *k);
    uint32_t *ix = packed ? NULL : malloc(n * sizeof *ix);
    if (!k || (!packed && !ix)) {
        free(k), free(ix);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t key = 0;
        for (int f = 0; f < nf; f++)
            key = (w[f] ? key << w[f] : key) | (get(ctx, base + i * size, f) - mn[f]);
        if (packed)
            k[i] = (total ? key << ib : 0) | i;
        else
            k[i] = key, ix[i] = (uint32_t)i;
    }
    int rc = radix_pairs(k, ix, n, lo, total);
    if (!rc && packed) { /* the indexes, into k's own memory */
        uint32_t *p = (uint32_t *)(void *)k;
        uint64_t mask = ib >= 64 ? UINT64_MAX : ((uint64_t)1 << ib) - 1;
        for (size_t i = 0; i < n; i++)
            p[i] = (uint32_t)(k[i] & mask);
        ix = p, k = NULL;
    }
    free(k);
    if (!rc) rc = permute(a, size, ix, n);
    free(ix);
    return rc ? -1 : 1;
}

static uint64_t bedge_field(const void *ctx, const void *p, int f)
{
    const bedge *e = p;
    return f == 0 ? ref_id(ctx, e->s) : f == 1 ? e->r : ref_id(ctx, e->d);
}

/* (qsort_r, the bulk as context: two threads may sort at once) */
static int edge_cmp(const void *a, const void *b, void *ctx)
{
    const bedge *x = a, *y = b;
    const kg_bulk *k = ctx;
    kg_id xs = ref_id(k, x->s), ys = ref_id(k, y->s);
    if (xs != ys) return xs < ys ? -1 : 1;
    if (x->r != y->r) return x->r < y->r ? -1 : 1;
    kg_id xd = ref_id(k, x->d), yd = ref_id(k, y->d);
    if (xd != yd) return xd < yd ? -1 : 1;
    return 0;
}

/* in-index entry, built in the out pass (in source order): key dst + rel,
** value src + the edge as its adjacency entries carry it (kg_adj_edge); nodes
** as references (OLDREF) */
typedef struct inent {
    uint64_t e;
    uint32_t d, s, r;
    uint32_t cnt; /* the relation's count (r.count) */
} inent;

/* (dst, rel): the entries come in source order, and the sort is stable */
static uint64_t inent_field(const void *ctx, const void *p, int f)
{
    const inent *e = p;
    return f == 0 ? ref_id(ctx, e->d) : e->r;
}

static int in_cmp(const void *a, const void *b, void *ctx)
{
    const inent *x = a, *y = b;
    const kg_bulk *k = ctx;
    kg_id xd = ref_id(k, x->d), yd = ref_id(k, y->d);
    if (xd != yd) return xd < yd ? -1 : 1;
    if (x->r != y->r) return x->r < y->r ? -1 : 1;
    kg_id xs = ref_id(k, x->s), ys = ref_id(k, y->s);
    if (xs != ys) return xs < ys ? -1 : 1;
    return 0;
}

typedef struct docedge {
    kg_id doc, e; /* doc_edges pair */
} docedge;

static int docedge_cmp(const void *a, const void *b)
{
    const docedge *x = a, *y = b;
    if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

/* doc_edges pairs to sort (a job's argument) */
typedef struct docedges {
    docedge *v;
    size_t n;
} docedges;

static uint64_t docedge_field(const void *ctx, const void *p, int f)
{
    (void)ctx, (void)f;
    return ((const docedge *)p)->doc;
}

/* Sort pairs gathered in edge order by (doc, edge): stably by document. */
static int docedges_sort(void *p)
{
    docedges *d = p;
    int sorted = radix_records(d->v, sizeof *d->v, d->n, 1, NULL, docedge_field);
    if (sorted < 0) return KG_NOMEM;
    if (!sorted && d->n) qsort(d->v, d->n, sizeof *d->v, docedge_cmp);
    return KG_OK;
}

/* Rows of one edge in the order of the evidence table (store.c packs them),
** so their puts are appends; equal rows are adjacent, so are a document's. */
static int evrow_cmp(const void *a, const void *b)
{
    return kg_store_evid_cmp(a, b);
}

/* A relation whose edge existed before the bulk: the ordinary path. */
static int add_old(kg_bulk *b, const bedge *g)
{
    const char *rel, *rule = NULL;
    const evcx *c = &b->cx[g->cx];
    int rc = kg_store_symname(b->txn, KG_SYM_REL, g->r & ~R_OLD, &rel);
    if (rc) return rc;
    if (c->rule != NOEV && c->rule && (rc = kg_store_symname(b->txn, KG_SYM_RULE, c->rule, &rule)))
        return rc;
    kg_evidence ev = {c->doc,
                      g->start,
                      g->end,
                      g->date,
                      g->conf,
                      rule,
                      c->mod,
                      c->claimant,
                      event_days(g->event),
                      0,
                      (uint8_t)(g->event != KG_NODATE && (g->event & 1))};
    return kg_edge_add(b->txn, ref_id(b, g->s), rel, ref_id(b, g->d), c->rule == NOEV ? NULL : &ev,
                       NULL);
}

typedef struct degkey {
    unsigned char k[KG_INDEG_KEY]; /* rel, ~count, node */
} degkey;

static int degkey_cmp(const void *a, const void *b)
{
    return memcmp(a, b, KG_INDEG_KEY);
}

/* indeg (store.c, invariant 8): two keys per (dst, rel) group of the sorted
** in entries, its number and the sum of their counts (rel | KG_INDEG_SUM).
** The keys of the bulk's new nodes are made and sorted by indeg_keys (a job:
** it only reads the entries); a node older than the bulk may have had in
** entries already: its keys move through the ordinary path (indeg_old). */
typedef struct degjob {
    const kg_bulk *b;
    const inent *in; /* sorted by (dst, rel) */
    size_t nin;
    degkey *dk; /* the keys made, sorted */
    size_t nk;
} degjob;

/* The end of the (dst, rel) group of sorted in entries that starts at i, the
** sum of its entries' counts into *sum. */
static size_t in_group(const inent *in, size_t nin, size_t i, uint64_t *sum)
{
    size_t k = i + 1;
    *sum = in[i].cnt;
    for (; k < nin && in[k].d == in[i].d && in[k].r == in[i].r; k++)
        *sum += in[k].cnt;
    return k;
}

static int indeg_keys(void *p)
{
    degjob *j = p;
    const kg_bulk *b = j->b;
    const inent *in = j->in;
    size_t ngroups = 0;
    for (size_t i = 0; i < j->nin; i++)
        ngroups += i == 0 || in[i].d != in[i - 1].d || in[i].r != in[i - 1].r;
    if (!(j->dk = malloc((2 * ngroups + 1) * sizeof *j->dk))) return KG_NOMEM;
    for (size_t i = 0, k; i < j->nin; i = k) {
        uint64_t sum;
        k = in_group(in, j->nin, i, &sum);
        kg_id d = ref_id(b, in[i].d);
        if (b->had_edges && d < b->first_new) continue; /* indeg_old */
        kg_indeg_key(j->dk[j->nk++].k, in[i].r, k - i, d);
        kg_indeg_key(j->dk[j->nk++].k, in[i].r | KG_INDEG_SUM, sum, d);
    }
    if (j->nk) qsort(j->dk, j->nk, sizeof *j->dk, degkey_cmp);
    return KG_OK;
}

static int indeg_old(kg_bulk *b, const inent *in, size_t nin)
{
    if (!b->had_edges) return KG_OK;
    int rc = KG_OK;
    for (size_t i = 0, k; i < nin && !rc; i = k) {
        uint64_t sum;
        k = in_group(in, nin, i, &sum);
        kg_id d = ref_id(b, in[i].d);
        if (d < b->first_new) rc = kg_store_indeg_add(b->txn, d, in[i].r, k - i, sum);
    }
    return rc;
}

/* The relations sorted by (source, relation, target), once. */
static int edges_sort(kg_bulk *b)
{
    if (b->sorted || !b->nedges) return KG_OK;
    int sorted = radix_records(b->edges, sizeof *b->edges, b->nedges, 3, b, bedge_field);
    if (sorted < 0) return KG_NOMEM;
    if (!sorted) qsort_r(b->edges, b->nedges, sizeof *b->edges, edge_cmp, b);
    b->sorted = 1;
    return KG_OK;
}

static int write_edges(kg_bulk *b)
{
    size_t n = b->nedges;
    int rc = job_join(&b->prep); /* the relations' sort among it */
    if (rc || (rc = edges_sort(b))) return rc;
    if (!n) return KG_OK;
#define SAME_TRIPLE(x, y) ((x).s == (y).s && (x).r == (y).r && (x).d == (y).d)
    /* pass 1: group, find old edges, count new ones and evidence rows */
    size_t nnew = 0, nin = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && SAME_TRIPLE(b->edges[j], b->edges[i]); j++)
            ;
        bedge *g = &b->edges[i];
        kg_id e;
        if (b->had_edges && (g->s & OLDREF) && (g->d & OLDREF) &&
            kg_store_edge_find(b->txn, ref_id(b, g->s), g->r & ~R_OLD, ref_id(b, g->d), &e) ==
                KG_OK) {
            for (size_t k = i; k < j; k++) {
                int rc = add_old(b, &b->edges[k]);
                if (rc) return rc;
                b->edges[k].r |= R_OLD; /* done: skipped below */
            }
            continue;
        }
        nnew++;
    }
    kg_id e = kg_store_bulk_ids(b->txn, 'e', nnew), e0 = e;
    if (e + nnew - 1 > KG_ADJ_EDGE_MASK)
        return kg_error(b->db, KG_LIMIT, "no more relation ids (2^%d)", KG_ADJ_EDGE_BITS);
    /* doc_edges pairs of the first document seen go straight out (edge ids
    ** ascend); those of other documents are gathered and sorted */
    kg_id maindoc = 0;
    for (size_t i = 0; i < b->ncx && !maindoc; i++)
        if (b->cx[i].rule != NOEV) maindoc = b->cx[i].doc;
    docedge *de = NULL, *ce = NULL; /* ce: claims pairs (claimant, edge) */
    size_t nde = 0, capde = 0, nce = 0, capce = 0;
    unsigned char(*ev)[KG_EVID_SIZE] = NULL;
    size_t capev = 0;
    uint64_t nevid = 0;
    /* pass 2: out, edges, evid in key order; in entries gathered (the relations
    ** stay as they are: a map found full writes the phase again from them) */
    inent *in = malloc((nnew ? nnew : 1) * sizeof *in);
    if (!in) return KG_NOMEM;
    for (size_t i = 0, j; i < n && !rc; i = j) {
        for (j = i + 1; j < n && SAME_TRIPLE(b->edges[j], b->edges[i]); j++)
            ;
        bedge g = b->edges[i];
        if (g.r & R_OLD) continue;
        kg_id gs = ref_id(b, g.s), gd = ref_id(b, g.d);
        unsigned char k[KG_ADJ_KEY], v[KG_ADJ_VAL], ek[KG_ID_KEY], rec[KG_EDGE_REC_MAX];
        size_t m = 0;
        if (grow((void **)&ev, &capev, j - i, KG_EVID_SIZE)) {
            rc = KG_NOMEM;
            break;
        }
        for (size_t q = i; q < j; q++) {
            bedge *x = &b->edges[q];
            const evcx *c = &b->cx[x->cx];
            if (c->rule == NOEV) continue;
            kg_evidence xe = {c->doc,
                              x->start,
                              x->end,
                              x->date,
                              x->conf,
                              NULL,
                              c->mod,
                              c->claimant,
                              event_days(x->event),
                              0,
                              (uint8_t)(x->event != KG_NODATE && (x->event & 1))};
            kg_store_evid_encode(ev[m++], &xe, c->rule);
        }
        if (m > 1) qsort(ev, m, KG_EVID_SIZE, evrow_cmp);
        uint32_t nev = 0, ndocs = 0;
        uint8_t mod = m ? KG_MOD_DENIED : KG_MOD_ASSERTED; /* the lowest of the rows' */
        kg_put_u64(ek, e);
        for (size_t q = 0; q < m && !rc; q++) {
            if (q && !memcmp(ev[q - 1], ev[q], KG_EVID_SIZE)) continue;
            nev++;
            if (ev[q][28] < mod) mod = ev[q][28];
            kg_id cl = 0;
            for (int z = 32; z < 40; z++)
                cl = cl << 8 | ev[q][z];
            if (cl) {
                if (grow((void **)&ce, &capce, nce + 1, sizeof *ce))
                    rc = KG_NOMEM;
                else
                    ce[nce++] = (docedge){cl, e};
            }
            if (!rc) rc = kg_store_bulk_put(b->txn, KG_T_EVID, ek, KG_ID_KEY, ev[q], KG_EVID_SIZE);
            kg_id doc = 0;
            for (int z = 0; z < 8; z++)
                doc = doc << 8 | ev[q][z];
            if (!rc && doc && (nev == 1 || memcmp(ev[q - 1], ev[q], 8))) {
                ndocs++;
                if (doc == maindoc) {
                    rc = kg_store_bulk_put(b->txn, KG_T_DOCEDGES, ev[q], KG_ID_KEY, ek, KG_ID_KEY);
                } else if (grow((void **)&de, &capde, nde + 1, sizeof *de)) {
                    rc = KG_NOMEM;
                } else {
                    de[nde++] = (docedge){doc, e};
                }
            }
        }
        nevid += nev;
        /* a relation only claimed or denied is hidden (store.c, invariant 10);
        ** its entries carry its count (kg_adj_edge) */
        uint64_t ae = kg_adj_edge(e, mod >= KG_MOD_CLAIMED, nev, ndocs);
        kg_adj_key(k, gs, g.r), kg_adj_val(v, gd, ae);
        size_t rl = kg_store_edge_encode(b->txn, rec, gs, g.r, gd, nev, ndocs, mod);
        if (!rc) rc = kg_store_bulk_put(b->txn, KG_T_OUT, k, KG_ADJ_KEY, v, KG_ADJ_VAL);
        if (!rc) rc = kg_store_bulk_put(b->txn, KG_T_EDGES, ek, KG_ID_KEY, rec, rl);
        kg_store_count_add(b->txn, KG_SYM_REL, g.r, 1);
        if (ae & KG_ADJ_HIDDEN) kg_store_count_add(b->txn, KG_COUNT_HIDDEN, g.r, 1);
        in[nin++] = (inent){ae, g.d, g.s, g.r, ndocs ? ndocs : nev};
        e++;
    }
#undef SAME_TRIPLE
    free(ev);
    /* on the other core: the doc_edges pairs are sorted while the in entries
    ** are sorted here, then the in-degree keys made and sorted while the in
    ** entries are written */
    docedges des = {de, nde};
    degjob dj = {b, in, 0, NULL, 0};
    job sortde = {0}, degs = {0};
    if (!rc) job_start(&sortde, docedges_sort, &des);
    if (!rc) {
        int sorted = radix_records(in, sizeof *in, nin, 2, b, inent_field);
        if (sorted < 0)
            rc = KG_NOMEM;
        else if (!sorted)
            qsort_r(in, nin, sizeof *in, in_cmp, b);
    }
    int jrc = job_join(&sortde);
    if (!rc) rc = jrc;
    dj.nin = nin;
    if (!rc) job_start(&degs, indeg_keys, &dj);
    for (size_t i = 0; i < nin && !rc; i++) {
        unsigned char k[KG_ADJ_KEY], v[KG_ADJ_VAL];
        kg_adj_key(k, ref_id(b, in[i].d), in[i].r), kg_adj_val(v, ref_id(b, in[i].s), in[i].e);
        rc = kg_store_bulk_put(b->txn, KG_T_IN, k, KG_ADJ_KEY, v, KG_ADJ_VAL);
    }
    if (!rc) rc = indeg_old(b, in, nin);
    jrc = job_join(&degs);
    if (!rc) rc = jrc;
    for (size_t i = 0; i < dj.nk && !rc; i++)
        rc = kg_store_bulk_put(b->txn, KG_T_INDEG, dj.dk[i].k, KG_INDEG_KEY, "", 0);
    free(dj.dk);
    free(in);
    if (!rc) {
        for (size_t i = 0; i < nde && !rc; i++) {
            unsigned char k[KG_ID_KEY], v[KG_ID_KEY];
            kg_put_u64(k, de[i].doc), kg_put_u64(v, de[i].e);
            rc = kg_store_bulk_put(b->txn, KG_T_DOCEDGES, k, KG_ID_KEY, v, KG_ID_KEY);
        }
    }
    free(de);
    if (!rc && nce) { /* claims: (claimant, edge) once each, in key order */
        qsort(ce, nce, sizeof *ce, docedge_cmp);
        for (size_t i = 0; i < nce && !rc; i++) {
            if (i && ce[i].doc == ce[i - 1].doc && ce[i].e == ce[i - 1].e) continue;
            unsigned char k[KG_ID_KEY], v[KG_ID_KEY];
            kg_put_u64(k, ce[i].doc), kg_put_u64(v, ce[i].e);
            rc = kg_store_bulk_put(b->txn, KG_T_CLAIMS, k, KG_ID_KEY, v, KG_ID_KEY);
        }
    }
    free(ce);
    if (!rc) kg_store_bulk_counted(b->txn, 0, e - e0, nevid, 0);
    return rc;
}

static void bulk_free(kg_bulk *b)
{
    job_join(&b->prep); /* a commit that failed before it needed them */
    for (size_t i = 0; b->nk && i < b->nn; i++)
        free((void *)b->nk[i].k);
    for (size_t i = 0; b->sk && i < b->ns; i++)
        free((void *)b->sk[i].k);
    free(b->nk), free(b->sk), free(b->ck);
    for (int w = 0; w < 3; w++)
        for (int i = 0; i < b->nsym[w]; i++)
            free(b->sym[w][i].name);
    free(b->arena), free(b->nodes), kg_itab_free(&b->tab), free(b->edges);
    free(b->old), kg_itab_free(&b->oldtab), free(b->cx), kg_itab_free(&b->cxtab);
    free(b);
}

int kg_bulk_commit(kg_bulk *b, uint64_t *nodes, uint64_t *edges)
{
    if (!b) return KG_MISUSE;
    uint64_t e0 = kg_store_bulk_total(b->txn, 'e'), nn = b->nnew - b->ndocnodes;
    kg_itab_free(&b->tab); /* the names are found no more */
    /* the name keys are made and sorted, and the relations sorted, on the
    ** other core while the documents and the node records are written here
    ** (write_nodes and write_edges join) */
    if (b->nnew || b->nedges) job_start(&b->prep, prepare, b);
    /* the write phase, its commit included: written again, from what is held
    ** here, after the map grows (kg_store_bulk_retry) */
    int ended = 0, rc = kg_store_bulk_write(b->txn);
    uint64_t ne = 0;
    while (!rc) {
        rc = kg_store_bulk_docs(b->txn);
        if (!rc) rc = write_nodes(b);
        if (!rc) rc = write_edges(b);
        ne = kg_store_bulk_total(b->txn, 'e') - e0;
        if (!rc) rc = kg_store_bulk_commit(b->txn, &ended);
        if (!rc || ended || (rc = kg_store_bulk_retry(b->txn, rc))) break;
    }
    if (!ended) kg_abort(b->txn);
    bulk_free(b);
    if (!rc) {
        if (nodes) *nodes = nn;
        if (edges) *edges = ne;
    }
    return rc;
}

void kg_bulk_abort(kg_bulk *b)
{
    if (!b) return;
    kg_abort(b->txn);
    bulk_free(b);
}
