/*
** internal.h -- declarations shared by the engine's files (engine layer).
** Not installed, not API. The storage layer (store.c, prefix kg_store_) is the
** only file that includes <lmdb.h>; everything else reaches LMDB through it.
*/
#ifndef KG_INTERNAL_H
#define KG_INTERNAL_H

#include "kg.h"

#include <assert.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KG_ERRMSG_MAX 2048

struct kg_store; /* LMDB environment and named databases (store.c) */

/* Dense stamps indexed by node id (visited sets of the executor's searches):
** a value equal to gen marks "seen in this search"; gen goes up per search. */
typedef struct kg_stamps {
    uint32_t *s; /* stamps */
    size_t n;    /* entries */
    uint32_t gen;
    int index; /* holds indexes, not stamps: only reused as such */
} kg_stamps;
#define KG_STAMP_POOL 6

struct kg_db {
    kg_stamps pool[KG_STAMP_POOL]; /* stamp arrays kept between statements (exec.c) */
    int npool;
    struct kg_store *store;     /* storage; NULL when open failed */
    unsigned flags;             /* KG_OPEN_* */
    kg_txn *txn;                /* the one explicit transaction open on this handle, or NULL */
    kg_txn *spare;              /* a read transaction kept reset for the next read (store.c) */
    int nreaders;               /* statement read transactions open on this handle */
    kg_limits limits;           /* query limits */
    int damaged;                /* LMDB met a damaged page: everything refused (kg_store_guard) */
    atomic_int interrupted;     /* kg_interrupt: the running statements stop */
    int (*progress)(void *ctx); /* kg_progress_handler, or NULL */
    void *progressctx;
    long erroffset;             /* byte offset of the last query error, -1 if none */
    char errmsg[KG_ERRMSG_MAX]; /* words of the last error */
    void (*hook)(const char *point, void *ctx); /* kg_set_test_hook, or NULL */
    void *hookctx;
};

/* LMDB asserts on some damaged pages and then aborts the process. Its assert
** callback jumps instead to the innermost guard of the calling thread (a
** jmp_buf kg_step sets around its work, *kg_store_guard()): the step returns
** KG_CORRUPT and the handle refuses everything after it (its LMDB state is
** no longer trusted; only kg_finalize and kg_close are safe). */
#include <setjmp.h>
jmp_buf **kg_store_guard(void);
int kg_store_damaged(kg_db *db); /* the error for a handle LMDB found damaged */

/* ---------------------------------------------------------------- conventions
**
** Return conventions, one per layer (each function's comment says only
** where it differs):
**   API (kg.h) and storage (store.c, bulk.c, kg_store_*): a KG_* code; KG_OK
**       on success, KG_ROW / KG_DONE from iterators and steps; on failure
**       the handle's message is set (kg_error) before the code is returned.
**   Planner and evaluator (plan.c, eval.c, kg_eval, kg_q_*): KG_OK or a
**       KG_* error code with the message set (kg_q_error puts a caret under
**       the query text).
**   Executor (exec.c, an operator's next function, kg_exec_next): 1 a row
**       is in the frame, 0 no more rows, -rc an error (KG_* code negated,
**       also kept in kg_exec.err so every later call returns it).
**   Grammar (grammar/, kgq_*): 0, -1 syntax error (kgq_error filled), -2
**       out of memory.
**   Loader (loader/, kgl_*): 0, or -1 with the message in the caller's
**       buffer (kgl.h).
** Internal helpers that only find or insert (hash sets) return 1 inserted,
** 0 found, -1 out of memory, and say so.
**
** Preconditions that only a bug can break are assert()ed: on in Debug
** builds (CI's sanitizer build), compiled out in release builds (NDEBUG).
** Conditions that data, queries or the environment can break are checked
** and returned as errors, never asserted.
*/

/* ---------------------------------------------------------------- memory (mem.c)
**
** Growth: KG_GROW(p, n, cap, init) makes room for item n of the array p
** that holds cap items (of sizeof *p bytes), doubling cap (from init when
** 0) with realloc. An int or size_t expression: KG_OK, or KG_NOMEM with p
** and cap unchanged. KG_GROWN(p, n, cap, init, k) is the same for items of k
** elements each (p holds cap * k elements). */
#define KG_GROWN(p, n, cap, init, k)                                                               \
    __extension__({                                                                                \
        int grow_rc_ = KG_OK;                                                                      \
        if ((size_t)(n) >= (size_t)(cap)) {                                                        \
            size_t grow_cap_ = (size_t)(cap);                                                      \
            void *grow_p_ = kg_grow_array((p), &grow_cap_, (size_t)(n) + 1,                        \
                                          sizeof *(p) * (size_t)(k), (init));                      \
            if (grow_p_)                                                                           \
                (p) = grow_p_, (cap) = grow_cap_;                                                  \
            else                                                                                   \
                grow_rc_ = KG_NOMEM;                                                               \
        }                                                                                          \
        grow_rc_;                                                                                  \
    })
#define KG_GROW(p, n, cap, init) KG_GROWN(p, n, cap, init, 1)
/* The reallocation behind KG_GROW: at least `need` items of `size` bytes,
** *cap doubled (init when 0); NULL (p and *cap untouched) when out of memory. */
void *kg_grow_array(void *p, size_t *cap, size_t need, size_t size, size_t init);

/* Arena: everything a statement's plan allocates (operators, expressions,
** their arrays, the planner's scratch) comes from the statement's arena and
** is freed at once by kg_finalize; nothing in it is freed alone. Memory is
** zeroed. An allocation that fails returns NULL and sets the sticky `oom`
** flag, so a sequence of allocations can be checked once at its end (the
** planner checks it before using what it allocated). */
typedef struct kg_arena {
    struct kg_arena_block *head; /* newest block */
    int oom;                     /* an allocation failed (sticky until kg_arena_free) */
} kg_arena;
void *kg_arena_alloc(kg_arena *a, size_t n);
/* A copy of p's first oldn bytes in newn bytes (p itself stays allocated). */
void *kg_arena_grow(kg_arena *a, void *p, size_t oldn, size_t newn);
char *kg_arena_strndup(kg_arena *a, const char *s, size_t n);
void kg_arena_free(kg_arena *a);

/* Hash index: the one hash table of the engine. An open-addressing table
** (linear probing, power-of-two size, at most half full) of entry indexes
** + 1 (0 empty); the entries and their hashes live in the caller's arrays,
** and the caller compares. Probe for hash h:
**     KG_ITAB_EACH(t, h, i) if (same(entry t->t[i] - 1)) ...found...
** then, when not found, kg_itab_add(t, h, index, rehash, ctx), where
** rehash(ctx, k) gives the hash of entry k when the table grows. */
typedef struct kg_itab {
    uint32_t *t;  /* slots: entry index + 1, 0 = empty */
    size_t cap;   /* slots, a power of two (0: none yet) */
    size_t n;     /* entries */
    uint32_t min; /* slots of the first allocation, a power of two (0: 64) */
} kg_itab;
#define KG_ITAB_EACH(tab, h, i)                                                                    \
    for (size_t i = (size_t)(h) & ((tab)->cap - 1); (tab)->cap && (tab)->t[i];                     \
         i = (i + 1) & ((tab)->cap - 1))
/* Double the table (rehashing every entry): KG_OK or KG_NOMEM. */
int kg_itab_grow(kg_itab *t, uint64_t (*rehash)(void *ctx, uint32_t i), void *ctx);
/* Insert entry i of hash h (after a probe found no equal entry): KG_OK or
** KG_NOMEM. Inline: it is on the executor's hot paths (visited sets). */
static inline int kg_itab_add(kg_itab *t, uint64_t h, size_t i,
                              uint64_t (*rehash)(void *ctx, uint32_t i), void *ctx)
{
    assert(i < UINT32_MAX);
    if ((t->n + 1) * 2 > t->cap && kg_itab_grow(t, rehash, ctx)) return KG_NOMEM;
    size_t q = h & (t->cap - 1);
    while (t->t[q])
        q = (q + 1) & (t->cap - 1);
    t->t[q] = (uint32_t)i + 1, t->n++;
    return KG_OK;
}
void kg_itab_clear(kg_itab *t); /* no entries; the slots are kept */
void kg_itab_free(kg_itab *t);

/* Call the test hook (kg_set_test_hook) at a named point. */
#define KG_HOOK(db, point) ((db)->hook ? (db)->hook((point), (db)->hookctx) : (void)0)

/* Set the handle's error message (printf-style) and return rc. */
int kg_error(kg_db *db, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Clear the error state to "not an error". */
void kg_error_clear(kg_db *db);

/* Neighbour walk without allocation: the storage fills one of these; the
** executor steps it with kg_store_adj_next. */
typedef struct kg_adj {
    void *cur;                 /* MDB_cursor * of this pass: cout or cin */
    void *cout, *cin;          /* MDB_cursor * on out and on in, opened when first needed, owned */
    kg_txn *txn;               /* the transaction walked */
    kg_id node;                /* the node whose neighbours are walked */
    uint32_t rel;              /* relation id, 0 = any */
    int dir;                   /* KG_OUT or KG_IN for this pass */
    int both;                  /* KG_BOTH: after the out pass, do the in pass */
    int state;                 /* 0 = not started, 1 = in the middle, 2 = done */
    const unsigned char *vals; /* current page of fixed-size duplicates (MDB_GET_MULTIPLE) */
    size_t nvals, ivals;       /* count and position in vals */
    size_t more;               /* entries of the current key on pages after vals */
    uint32_t currel;           /* relation of the current key */
    int visible;               /* skip hidden relations (claimed or denied: kg.h, QUERY.md) */
    int counts;                /* format 7: entries carry the relation's count (kg_adj_edge) */
    unsigned lent;             /* bit 0 cout, bit 1 cin: the transaction's own (adj_cursor) */
} kg_adj;

/* Or'ed into the direction of kg_store_adj_open/rewind: walk only the
** relations a plain query pattern sees (not those whose modality is claimed
** or denied). Without it a walk yields every relation. */
#define KG_ADJ_VISIBLE 0x100

/* symbol kinds for kg_store_sym */
#define KG_SYM_TYPE 't'
#define KG_SYM_REL 'r'
#define KG_SYM_KEY 'k'
#define KG_SYM_RULE 'u'

/* Look a symbol up (create=0: KG_NOTFOUND if unknown) or create it. */
int kg_store_sym(kg_txn *txn, int kind, const char *name, int create, uint32_t *id);
/* The name of a symbol; borrowed until the transaction ends. */
int kg_store_symname(kg_txn *txn, int kind, uint32_t id, const char **name);

int kg_store_adj_open(kg_txn *txn, kg_id node, uint32_t rel, int dir, kg_adj *a);
/* KG_ROW with *nbr, *edge, *rel and *dir set; KG_DONE at the end. */
int kg_store_adj_next(kg_adj *a, kg_id *nbr, kg_id *edge, uint32_t *rel, int *dir);
void kg_store_adj_close(kg_adj *a);
/* Reuse an open walk's cursor for another node (a must be zeroed or opened). */
int kg_store_adj_rewind(kg_txn *txn, kg_adj *a, kg_id node, uint32_t rel, int dir);

/* A relation's modality (KG_MOD_*, from its edge record). */
int kg_store_edge_modality(kg_txn *txn, kg_id e, uint8_t *modality);
/* Number of hidden relations (modality claimed or denied) of a relation name. */
uint64_t kg_store_rel_hidden(kg_txn *txn, uint32_t rel);
/* Raw edge read: src, rel id, dst, evidence count, distinct documents. */
int kg_store_edge(kg_txn *txn, kg_id e, kg_id *src, uint32_t *rel, kg_id *dst, uint32_t *nev,
                  uint32_t *ndocs);
/* Nodes whose canonical name is exactly name (no alias or skeleton match), of
** a type matching type (NULL: any), in id order: the first cap into ids, how
** many in *n (0: none, still KG_OK). */
int kg_store_name_exact(kg_txn *txn, const char *name, size_t len, const char *type, kg_id *ids,
                        size_t cap, size_t *n);
/* Raw node read: type id and borrowed name. */
int kg_store_node(kg_txn *txn, kg_id id, uint32_t *type, const char **name, size_t *len);
/* Nodes of a type (type 0: all nodes), in id order. */
typedef struct kg_scan {
    void *cur;     /* MDB_cursor *, owned */
    uint32_t type; /* 0 = every node */
    int state;     /* 0 = not started, 1 = running, 2 = done */
} kg_scan;
int kg_store_scan_open(kg_txn *txn, uint32_t type, kg_scan *s);
int kg_store_scan_next(kg_scan *s, kg_id *id); /* KG_ROW / KG_DONE */
void kg_store_scan_close(kg_scan *s);
/* Per-relation in-degree index (store.c, table indeg): the nodes with
** incoming `rel` edges, by count descending then id ascending; close with
** kg_store_scan_close. */
/* rel | KG_INDEG_SUM: the nodes by the sum of their in relations' counts
** (sum(r.count)) instead of by their number (format 7; store.c, indeg). */
#define KG_INDEG_SUM 0x80000000u
int kg_store_indeg_open(kg_txn *txn, uint32_t rel, kg_scan *s);
int kg_store_indeg_next(kg_scan *s, kg_id *node, uint64_t *count); /* KG_ROW / KG_DONE */
/* Number of nodes of a type, or of edges of a relation (0 if unknown). */
uint64_t kg_store_type_count(kg_txn *txn, uint32_t type);
uint64_t kg_store_rel_count(kg_txn *txn, uint32_t rel);
/* Number of nodes whose normalised name is `norm` (for the planner). */
int kg_store_txn_is_write(const kg_txn *txn);

/* Open/close a read transaction for a statement (counted on the handle). */
int kg_store_read_begin(kg_db *db, kg_txn **out);

/* names.c */
int kg_names_normalize(const char *s, size_t len, char **out, size_t *outlen);
int kg_names_skeleton(const char *s, size_t len, char **out, size_t *outlen);
/* The skeleton as format version `format` wrote it (2: doubled digits collapse). */
int kg_names_skeleton_fmt(const char *s, size_t len, int format, char **out, size_t *outlen);
/* Is `type` covered by the query type `want` (itself, or a member of the
** supertype `want`: "actor" covers person, organisation and country)? */
bool kg_type_matches(const char *want, const char *type);
/* The member types of a supertype (NULL-terminated), or NULL when `type` is
** a plain type. The hierarchy is a table in names.c. */
const char *const *kg_supertype(const char *type);
/* Does the string hold valid UTF-8? */
bool kg_utf8_valid(const char *s, size_t len);

/* Bulk writes (store.c, used by bulk.c). Tables a bulk put may name: */
enum {
    KG_T_NODES,
    KG_T_NAMES,
    KG_T_SKEL,
    KG_T_ALIASES,
    KG_T_BYTYPE,
    KG_T_OUT,
    KG_T_IN,
    KG_T_EDGES,
    KG_T_EVID,
    KG_T_DOCEDGES,
    KG_T_INDEG,
    KG_T_CLAIMS,
    KG_T_CANON,
    KG_T_DOCS,
    KG_T_DOCKEY,
    KG_T_DOCHASH,
    KG_T_DOCTEXT,
    KG_T_PROPS,
    KG_T_N
};
/* Grow the map so `bytes` more fit (no transaction may be open on the handle). */
int kg_store_reserve(kg_db *db, size_t bytes);
/* Make a write transaction the bulk load b's: documents registered new in it
** wait for the write phase (kg_store_bulk_docs), their nodes made by
** kg_bulk_docnode. */
int kg_store_bulk_start(kg_txn *txn, kg_bulk *b);
/* bulk.c: a new node of type "document" named by the key (a new document's). */
int kg_bulk_docnode(kg_bulk *b, const char *key, size_t len, kg_id *id);
/* Begin the write phase of a bulk load's commit: the puts from here to the
** commit are not journaled; the counters are kept to go back to. */
int kg_store_bulk_write(kg_txn *txn);
/* After the write phase failed with rc: when the map was full and can grow,
** grow it, go back to the transaction as the phase found it and return KG_OK
** (the caller writes the phase again); otherwise rc, or KG_FULL saying why
** the map cannot grow. */
int kg_store_bulk_retry(kg_txn *txn, int rc);
/* Commit the write phase as kg_commit does; *ended is 0 when the map was
** full and the transaction is kept for kg_store_bulk_retry (KG_FULL), else 1
** (committed, or failed and freed). */
int kg_store_bulk_commit(kg_txn *txn, int *ended);
/* Write the documents waiting for the write phase (not their nodes). */
int kg_store_bulk_docs(kg_txn *txn);
/* Put with MDB_APPEND while keys come in ascending order after the table's
** last key, an ordinary put (existing pairs are kept; in a table without
** duplicates the value replaced) after that. */
int kg_store_bulk_put(kg_txn *txn, int table, const void *k, size_t kl, const void *v, size_t vl);
/* If the transaction so far holds only document registrations of at least
** min_text bytes of text: list them in meta "loading", commit, and go on in a
** new LMDB write transaction (same kg_txn); kg_commit deletes the list. The
** counters (next ids, totals) are read again in the new transaction: other
** writers may have committed in between, and anything the caller derived
** from them before (bulk.c: first_new) must be read again too. */
int kg_store_bulk_checkpoint(kg_txn *txn, size_t min_text);
/* Every node id of the transaction's snapshot is below this (0 unknown). */
uint64_t kg_store_node_limit(kg_txn *txn);
/* Take n fresh ids ('n' nodes, 'e' edges); returns the first. */
uint64_t kg_store_bulk_ids(kg_txn *txn, int what, uint64_t n);
/* Add to the meta counters of live nodes, edges, evidence rows and aliases. */
void kg_store_bulk_counted(kg_txn *txn, uint64_t nodes, uint64_t edges, uint64_t evid,
                           uint64_t aliases);
/* Live nodes ('n'), edges ('e') or documents ('d') as counted in this transaction. */
uint64_t kg_store_bulk_total(kg_txn *txn, int what);
/* Change the per-type ('t'), per-relation ('r') or per-relation hidden
** ('h', KG_COUNT_HIDDEN) count by d. */
void kg_store_count_add(kg_txn *txn, int kind, uint32_t id, int64_t d);
/* The edge (s, r, d), KG_NOTFOUND if none. */
int kg_store_edge_find(kg_txn *txn, kg_id s, uint32_t r, kg_id d, kg_id *e);
/* r.count of edge e without its record when the adjacency walk that yielded
** e last in this read transaction read it from e's entry (format 7): 1 and
** *count, else 0 (read the record: kg_store_edge). */
int kg_store_adj_count(kg_txn *txn, kg_id e, uint32_t *count);
/* Does the open database keep relations' counts in out/in entries (format 7)? */
int kg_store_adj_counts(const kg_db *db);

/* After `added` in entries for (d, r), whose counts sum to added_sum, were
** written by bulk puts: move d's indeg keys from their old count and sum to
** the current ones (ordinary puts). */
int kg_store_indeg_add(kg_txn *txn, kg_id d, uint32_t r, uint64_t added, uint64_t added_sum);

/* The evidence row (KG_EVID_SIZE bytes) and edges record (its length returned) encodings
** of store.c; `modality` is the relation's. A relation whose modality is
** claimed or denied carries KG_ADJ_HIDDEN in the edge id of its out and in
** entries, and counts in KG_COUNT_HIDDEN. */
#define KG_EVID_SIZE 48
#define KG_ADJ_HIDDEN 0x8000000000000000ULL
/* The u64 after the other node in an out or in value (format 7): the edge
** id in the low KG_ADJ_EDGE_BITS bits, the relation's count (`r.count`: its
** documents, else its evidence rows; KG_ADJ_COUNT_MAX stands for that many
** or more, and the edges record says how many) in the bits above, and
** KG_ADJ_HIDDEN on top. Up to format 6 the count bits are zero. */
#define KG_ADJ_EDGE_BITS 40
#define KG_ADJ_EDGE_MASK ((1ULL << KG_ADJ_EDGE_BITS) - 1)
#define KG_ADJ_COUNT_MAX 0x7FFFFFu
static inline uint64_t kg_adj_edge(uint64_t e, int hidden, uint32_t nev, uint32_t ndocs)
{
    uint64_t c = ndocs ? ndocs : nev;
    if (c > KG_ADJ_COUNT_MAX) c = KG_ADJ_COUNT_MAX;
    return e | c << KG_ADJ_EDGE_BITS | (hidden ? KG_ADJ_HIDDEN : 0);
}
#define KG_COUNT_HIDDEN 'h'
void kg_store_evid_encode(unsigned char v[KG_EVID_SIZE], const kg_evidence *ev, uint32_t rule);
/* The order of two evidence rows (KG_EVID_SIZE layout) in the evidence table
** (format 6: that of their packed forms), for writing them in order. */
int kg_store_evid_cmp(const unsigned char *a, const unsigned char *b);
#define KG_EDGE_REC_MAX 36 /* an edges record (format 6: varints) */
size_t kg_store_edge_encode(kg_txn *txn, unsigned char v[KG_EDGE_REC_MAX], kg_id s, uint32_t r,
                            kg_id d, uint32_t nev, uint32_t ndocs, uint8_t modality);

/* Curation storage (store.c, table curation; engine/curate.c uses it). */
int kg_store_cur_add(kg_txn *txn, int active, int64_t when, uint32_t load, const char *json,
                     uint64_t *id);
int kg_store_cur_set(kg_txn *txn, uint64_t id, int active, int64_t when, uint32_t load,
                     const char *json);
/* Remove an alias of a node (not its canonical name); KG_NOTFOUND if it has none such. */
int kg_store_alias_remove(kg_txn *txn, kg_id id, const char *alias);
/* Remove one evidence row of edge e like `row` (document, span, rule, modality,
** claimant); KG_NOTFOUND if none. An edge left without rows is deleted. */
int kg_store_evid_remove(kg_txn *txn, kg_id e, const kg_evidence *row);
/* A query's DELETE (exec.c): delete node or edge id (detach as kg_node_delete)
** and record it as a curation step with what undoing it needs (curate.c). */
int kg_curate_delete(kg_txn *txn, kg_id id, int edge, int detach);
/* A query's ALIAS (query.c): the alias as a curation step (curate.c). */
int kg_curate_alias(kg_txn *txn, kg_id id, const char *alias);
/* Does an active curation step hold in the graph? 1 yes, 0 no with why (curate.c). */
int kg_curation_holds(kg_txn *txn, const char *json, char *why, size_t len);

#endif
