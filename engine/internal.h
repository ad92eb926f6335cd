/*
** internal.h -- declarations shared by the engine's files (engine layer).
** Not installed, not API. The storage layer (store.c, prefix kg_store_) is the
** only file that includes <lmdb.h>; everything else reaches LMDB through it.
*/
#ifndef KG_INTERNAL_H
#define KG_INTERNAL_H

#include "kg.h"

#include <stdarg.h>
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
    int index;   /* holds indexes, not stamps: only reused as such */
} kg_stamps;
#define KG_STAMP_POOL 6

struct kg_db {
    kg_stamps pool[KG_STAMP_POOL]; /* stamp arrays kept between statements (exec.c) */
    int npool;
    struct kg_store *store; /* storage; NULL when open failed */
    unsigned flags;         /* KG_OPEN_* */
    kg_txn *txn;            /* the one explicit transaction open on this handle, or NULL */
    int nreaders;           /* statement read transactions open on this handle */
    kg_limits limits;       /* query limits */
    long erroffset;         /* byte offset of the last query error, -1 if none */
    char errmsg[KG_ERRMSG_MAX]; /* words of the last error */
    void (*hook)(const char *point, void *ctx); /* kg_set_test_hook, or NULL */
    void *hookctx;
};

/* Call the test hook (kg_set_test_hook) at a named point. */
#define KG_HOOK(db, point) ((db)->hook ? (db)->hook((point), (db)->hookctx) : (void)0)

/* Set the handle's error message (printf-style) and return rc. */
int kg_error(kg_db *db, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Clear the error state to "not an error". */
void kg_error_clear(kg_db *db);

/* Neighbour walk without allocation: the storage fills one of these; the
** executor steps it with kg_store_adj_next. */
typedef struct kg_adj {
    void *cur;          /* MDB_cursor * of this pass: cout or cin */
    void *cout, *cin;   /* MDB_cursor * on out and on in, opened when first needed, owned */
    kg_txn *txn;        /* the transaction walked */
    kg_id node;         /* the node whose neighbours are walked */
    uint32_t rel;       /* relation id, 0 = any */
    int dir;            /* KG_OUT or KG_IN for this pass */
    int both;           /* KG_BOTH: after the out pass, do the in pass */
    int state;          /* 0 = not started, 1 = in the middle, 2 = done */
    const unsigned char *vals; /* current page of fixed-size duplicates (MDB_GET_MULTIPLE) */
    size_t nvals, ivals;       /* count and position in vals */
    uint32_t currel;    /* relation of the current key */
    int visible;        /* skip hidden relations (claimed or denied: kg.h, QUERY.md) */
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
/* Raw node read: type id and borrowed name. */
int kg_store_node(kg_txn *txn, kg_id id, uint32_t *type, const char **name, size_t *len);
/* Nodes of a type (type 0: all nodes), in id order. */
typedef struct kg_scan {
    void *cur;       /* MDB_cursor *, owned */
    uint32_t type;   /* 0 = every node */
    int state;       /* 0 = not started, 1 = running, 2 = done */
} kg_scan;
int kg_store_scan_open(kg_txn *txn, uint32_t type, kg_scan *s);
int kg_store_scan_next(kg_scan *s, kg_id *id); /* KG_ROW / KG_DONE */
void kg_store_scan_close(kg_scan *s);
/* Per-relation in-degree index (store.c, table indeg): the nodes with
** incoming `rel` edges, by count descending then id ascending; close with
** kg_store_scan_close. */
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
/* Is `type` covered by the query type `want` ("actor" covers person,
** organisation and country)? */
bool kg_type_matches(const char *want, const char *type);
/* Does the string hold valid UTF-8? */
bool kg_utf8_valid(const char *s, size_t len);

/* Bulk writes (store.c, used by bulk.c). Tables a bulk put may name: */
enum { KG_T_NODES, KG_T_NAMES, KG_T_SKEL, KG_T_ALIASES, KG_T_BYTYPE, KG_T_OUT, KG_T_IN,
       KG_T_EDGES, KG_T_EVID, KG_T_DOCEDGES, KG_T_INDEG, KG_T_CLAIMS, KG_T_N };
/* Grow the map so `bytes` more fit (no transaction may be open on the handle). */
int kg_store_reserve(kg_db *db, size_t bytes);
/* Switch a write transaction to bulk mode: puts below skip the journal. */
int kg_store_bulk_start(kg_txn *txn);
/* Put with MDB_APPEND while keys come in ascending order after the table's
** last key, an ordinary put (existing pairs are kept) after that. */
int kg_store_bulk_put(kg_txn *txn, int table, const void *k, size_t kl, const void *v,
                      size_t vl);
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

/* After `added` in entries for (d, r) were written by bulk puts: move d's
** indeg key from its old count to the current one (ordinary puts). */
int kg_store_indeg_add(kg_txn *txn, kg_id d, uint32_t r, uint64_t added);
/* The indeg key of (r, count, d), for bulk puts into KG_T_INDEG. */
void kg_store_indeg_key(unsigned char k[20], uint32_t r, uint64_t count, kg_id d);

/* The evidence row (KG_EVID_SIZE bytes) and edges record (32 bytes) encodings
** of store.c; `modality` is the relation's. A relation whose modality is
** claimed or denied carries KG_ADJ_HIDDEN in the edge id of its out and in
** entries, and counts in KG_COUNT_HIDDEN. */
#define KG_EVID_SIZE 40
#define KG_ADJ_HIDDEN 0x8000000000000000ULL
#define KG_COUNT_HIDDEN 'h'
void kg_store_evid_encode(unsigned char v[KG_EVID_SIZE], const kg_evidence *ev, uint32_t rule);
void kg_store_edge_encode(unsigned char v[32], kg_id s, uint32_t r, kg_id d, uint32_t nev,
                          uint32_t ndocs, uint8_t modality);

#endif
