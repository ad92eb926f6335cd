/*
** kg.h -- the one public header of libkg, an embedded knowledge-graph engine.
**
** Layout: result codes, handles and flags, then functions grouped by object in
** life-cycle order: database, transaction, nodes, aliases, relations and their
** evidence, documents, checks and statistics, statements (queries), helpers.
**
** Conventions that hold for every function below:
**   - Every fallible function returns an int result code (KG_OK is 0).
**     KG_ROW and KG_DONE are outcomes of kg_step, not errors.
**   - Out-parameters are written only when the function returns KG_OK.
**   - Details of the last error on a database handle are in kg_errmsg(db);
**     for query errors kg_erroffset(db) gives the byte offset in the query.
**   - Pointers marked "borrowed" belong to the library and stay valid until
**     the event named on the prototype. Pointers marked "caller-owned" are
**     released with kg_free(). Input strings are copied in.
**   - The library never prints, exits or aborts. Out of memory is KG_NOMEM.
**   - A kg_db handle and everything opened from it is used by one thread at a
**     time. Several handles (in one or several processes) may open the same
**     database: readers never block the writer, writers take turns.
*/
#ifndef KG_H
#define KG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KG_BUILDING) && defined(__GNUC__)
#define KG_API __attribute__((visibility("default")))
#else
#define KG_API
#endif

#define KG_FORMAT_VERSION 5 /* on-disk format written by this library (it also reads 2 to 4,
                             ** upgrading them on a write open: see kg_open) */

/* ---------------------------------------------------------------- result codes
** X(name, value, words): one table for the enum and for kg_errstr(). */
#define KG_RESULT_CODES(X)                                                          \
    X(KG_OK, 0, "not an error")                                                     \
    X(KG_ERROR, 1, "error")                                                         \
    X(KG_NOMEM, 2, "out of memory")                                                 \
    X(KG_NOTFOUND, 3, "not found")                                                  \
    X(KG_EXISTS, 4, "already exists")                                               \
    X(KG_READONLY, 5, "database is read-only")                                      \
    X(KG_BUSY, 6, "database is busy")                                               \
    X(KG_CORRUPT, 7, "database is corrupt")                                         \
    X(KG_VERSION, 8, "database format version not supported")                       \
    X(KG_NOTADB, 9, "not a kg database")                                            \
    X(KG_IO, 10, "input/output error")                                              \
    X(KG_PERM, 11, "permission denied")                                             \
    X(KG_FULL, 12, "database or disk is full")                                      \
    X(KG_SYNTAX, 13, "syntax error")                                                \
    X(KG_SEMANTIC, 14, "query error")                                               \
    X(KG_AMBIGUOUS, 15, "ambiguous name")                                           \
    X(KG_RANGE, 16, "argument out of range")                                        \
    X(KG_MISUSE, 17, "library used incorrectly")                                    \
    X(KG_LIMIT, 18, "limit exceeded")                                               \
    X(KG_INTERRUPT, 19, "interrupted")                                              \
    X(KG_INVALID, 20, "invalid input")                                              \
    X(KG_ROW, 100, "another row is ready")                                          \
    X(KG_DONE, 101, "no more rows")

#define KG_ENUM_(name, value, words) name = value,
enum kg_result { KG_RESULT_CODES(KG_ENUM_) };
#undef KG_ENUM_

/* The words for a result code; a static string, never NULL. */
KG_API const char *kg_errstr(int rc);

/* ---------------------------------------------------------------- handles */
typedef uint64_t kg_id;          /* node, relation (edge) and document ids; 0 is "none" */
typedef struct kg_db kg_db;      /* an open database */
typedef struct kg_txn kg_txn;    /* a read or write transaction */
typedef struct kg_iter kg_iter;  /* a cursor over neighbours or evidence */
typedef struct kg_stmt kg_stmt;  /* a prepared query */

/* ---------------------------------------------------------------- database */
#define KG_OPEN_CREATE 0x1u   /* create the directory and database if missing */
#define KG_OPEN_READONLY 0x2u /* refuse every write with KG_READONLY */
#define KG_OPEN_NOSYNC 0x4u   /* do not fsync on commit (bulk loads; not crash-durable) */

typedef struct kg_options {
    size_t map_initial;   /* first map size in bytes; 0 = 64 MiB. The map grows by itself. */
    size_t map_max;       /* map never grows past this; 0 = 1 TiB */
    unsigned max_readers; /* concurrent reader slots; 0 = 126 */
} kg_options;

/* Open the database in directory `path`. `opt` may be NULL for defaults.
** On success *out is a new handle, closed with kg_close().
** Errors: KG_NOTFOUND (no such directory and no KG_OPEN_CREATE), KG_NOTADB
** (the directory holds something that is not a kg database), KG_VERSION
** (written by another format version), KG_PERM, KG_IO, KG_NOMEM, KG_CORRUPT
** (data.mdb is empty, or shorter than the last page its meta page names: it
** was truncated; engine/store.c, "damage", says what else is checked and
** what cannot be).
** A database of format version 2 or 3 (kg 0.1: evidence rows without
** modality) or 4 (kg 0.2: no documents in the graph, no event dates) is
** upgraded in place by the first open without KG_OPEN_READONLY, in write
** transactions before kg_open returns: every evidence row becomes asserted,
** without claimant (2, 3), without event date and of load generation 0
** (2 to 4), and every document gets its node (KG_FULL when the map or the
** disk cannot hold the converted rows; the database is left at the last
** version it fully reached). A read-only open reads such a database as it
** is, with the same defaults (no document nodes, no load generations).
** Close the handles of older kg versions before the upgrading open.
** On failure *out is set to NULL unless the handle could be allocated, in
** which case it is still returned so kg_errmsg() can say why; close it. */
KG_API int kg_open(const char *path, unsigned flags, const kg_options *opt, kg_db **out);

/* Close a handle; NULL is accepted. Open transactions and statements of the
** handle are aborted and finalized. */
KG_API void kg_close(kg_db *db);

/* The message of the last error on `db`: borrowed, valid until the next call
** on `db`. Never NULL; "not an error" when the last call succeeded. */
KG_API const char *kg_errmsg(const kg_db *db);

/* Byte offset into the query text of the last query error, or -1. */
KG_API long kg_erroffset(const kg_db *db);

/* Resource limits for queries on this handle; 0 keeps the current value. */
typedef struct kg_limits {
    unsigned max_path_length; /* upper bound of variable-length patterns; default 16 */
    uint64_t max_rows;        /* rows produced by one statement; default unlimited (0) */
    double max_seconds;       /* wall time of one statement; default unlimited (0) */
    size_t max_memory;        /* bytes held by one statement's buffers; default 1 GiB */
    unsigned max_depth;       /* nesting depth of query text; default 200 */
} kg_limits;
KG_API void kg_set_limits(kg_db *db, const kg_limits *lim);
KG_API void kg_get_limits(const kg_db *db, kg_limits *out);

/* ---------------------------------------------------------------- transactions */
#define KG_TXN_READ 0x0u
#define KG_TXN_WRITE 0x1u

/* Begin a transaction. Only one transaction per handle may be open at a time.
** A write transaction commits whole with kg_commit() or leaves no trace with
** kg_abort(). Errors: KG_READONLY, KG_MISUSE (one is already open), KG_BUSY. */
KG_API int kg_begin(kg_db *db, unsigned flags, kg_txn **out);

/* Commit and free the transaction. On error the transaction is aborted and
** freed all the same. KG_FULL when the disk is full. */
KG_API int kg_commit(kg_txn *txn);

/* Abort and free the transaction; NULL is accepted. */
KG_API void kg_abort(kg_txn *txn);

/* The database a transaction belongs to. */
KG_API kg_db *kg_txn_db(const kg_txn *txn);

/* ---------------------------------------------------------------- nodes
** A node has a type (a short word such as "person", "base", "statement"), a
** canonical name, aliases and properties. (type, canonical name) is unique. */
typedef struct kg_node {
    kg_id id;         /* node id */
    const char *type; /* borrowed: type name */
    const char *name; /* borrowed: canonical name, NUL-terminated */
    size_t name_len;  /* bytes in name */
} kg_node;

/* Find the node with this type and exact canonical name, creating it if
** there is none. *created (may be NULL) says which. KG_INVALID for an empty
** or invalid-UTF-8 name or type. */
KG_API int kg_node_get_or_create(kg_txn *txn, const char *type, const char *name, kg_id *out,
                                 int *created);

/* Find the node with this type and exact canonical name; KG_NOTFOUND if none. */
KG_API int kg_node_find(kg_txn *txn, const char *type, const char *name, kg_id *out);

/* Read a node. KG_NOTFOUND for a dead id. out->type is borrowed until
** kg_close; out->name until the next kg_node_get on this transaction or its
** end. */
KG_API int kg_node_get(kg_txn *txn, kg_id id, kg_node *out);

/* Delete a node with its aliases and properties. With detach == 0 a node that
** still has relations, or is the claimant of evidence rows, is refused with
** KG_EXISTS; with detach != 0 its relations are deleted too, and so are the
** evidence rows naming it as claimant (a relation left without evidence
** goes, as when a document is replaced). */
KG_API int kg_node_delete(kg_txn *txn, kg_id id, int detach);

/* Property values. Dates are days since 1970-01-01. */
typedef enum kg_type {
    KG_NULL = 0,
    KG_INT = 1,
    KG_FLOAT = 2,
    KG_TEXT = 3,
    KG_BOOL = 4,
    KG_DATE = 5,
    KG_NODE = 6, /* a node id */
    KG_EDGE = 7, /* a relation id */
    KG_LIST = 8, /* rendered as JSON text by kg_column_text */
    KG_PATH = 9, /* kg_column_text: "A -[rel]-> B <-[rel]- C"; kg_column_json: a list */
    KG_MAP = 10  /* rendered as JSON text by kg_column_text */
} kg_type;

typedef struct kg_value {
    kg_type type; /* KG_NULL, KG_INT, KG_FLOAT, KG_TEXT, KG_BOOL or KG_DATE here */
    int64_t i;    /* KG_INT, KG_BOOL (0/1), KG_DATE (days since 1970-01-01) */
    double f;     /* KG_FLOAT */
    const char *s; /* KG_TEXT: bytes (borrowed on output, copied on input) */
    size_t len;   /* KG_TEXT: bytes in s */
} kg_value;

/* Set (or with KG_NULL remove) a property. "name" and "type" are reserved. */
KG_API int kg_node_set_prop(kg_txn *txn, kg_id id, const char *key, const kg_value *v);
/* Read a property; KG_NOTFOUND if unset. Text is borrowed until the next
** kg_node_get_prop on this transaction or its end. */
KG_API int kg_node_get_prop(kg_txn *txn, kg_id id, const char *key, kg_value *out);

/* ---------------------------------------------------------------- aliases
** Names are matched after normalisation (kg_normalize). One name may point at
** several nodes: they are all kept as candidates, never merged. */

/* Add `alias` as a name of node `id`. Adding an existing alias is KG_OK. */
KG_API int kg_alias_add(kg_txn *txn, kg_id id, const char *alias);

/* Resolve a name to candidate nodes, ids ascending. `type` (NULL for any)
** restricts the candidates; the pseudo-type "actor" covers person,
** organisation and country. Exact normalised matches are returned when there
** are any; otherwise nodes whose transliteration skeleton (kg_skeleton)
** matches. Writes up to `cap` ids into `ids` and the total count in *n.
** KG_NOTFOUND when there is no candidate. */
KG_API int kg_resolve(kg_txn *txn, const char *name, const char *type, kg_id *ids, size_t cap,
                      size_t *n);

/* Iterate over the aliases of a node: kg_iter_alias() returns KG_ROW with the
** next alias (borrowed until the next call on the iterator), KG_DONE at the end. */
KG_API int kg_aliases(kg_txn *txn, kg_id id, kg_iter **out);
KG_API int kg_iter_alias(kg_iter *it, const char **alias, size_t *len);

/* ---------------------------------------------------------------- relations
** A relation (edge) is (src, rel, dst), unique: the same relation read in
** several documents is one edge with several evidence rows.
**
** Every evidence row has a modality, how its source states the relation:
** KG_MOD_ASSERTED (0) as fact; KG_MOD_REPORTED as hearsay ("according to",
** "sources said"; the claimant is the source when one is named);
** KG_MOD_CLAIMED as a party's claim (the claimant is that party);
** KG_MOD_DENIED denied (the claimant denies it). A relation's modality is the
** first of asserted, reported, claimed, denied present among its rows
** (asserted when it has none). A relation whose modality is claimed or
** denied -- every row a claim or a denial -- is hidden from plain query
** patterns (engine/QUERY.md, "Modality"); the C API (kg_neighbors, kg_edges,
** kg_edge_get) sees every relation.
**
** `modality` and `claimant` came with format version 4 (kg 0.2), after the
** older fields: a kg_evidence filled by an initialiser naming the first six
** fields, or zeroed, is asserted without claimant. `event_date` and `load`
** came with format 5 (kg 0.3), after those: zeroed, they are "no event
** date" and "the current load". Code compiled against an older header must
** be rebuilt (the struct grew).
**
** Dates: `date` is the report date (the document's, or its dated post's),
** `event_date` the date of the event when the sentence gives one ("on 8
** January", "last Friday", resolved against the report date by the loader).
** A query's r.date is the event date, else the report date (QUERY.md). */
#define KG_MOD_ASSERTED 0
#define KG_MOD_REPORTED 1
#define KG_MOD_CLAIMED 2
#define KG_MOD_DENIED 3

typedef struct kg_evidence {
    kg_id doc;          /* document id, 0 for none */
    uint32_t start;     /* sentence span: byte offsets into the document text */
    uint32_t end;       /* end offset (exclusive); start == end for none */
    int32_t date;       /* days since 1970-01-01; INT32_MIN for unknown */
    float confidence;   /* 0..1 */
    const char *rule;   /* extraction rule id; borrowed on output, copied on input; may be NULL */
    uint8_t modality;   /* KG_MOD_*, 0 = asserted */
    kg_id claimant;     /* node that claims, reports or denies it; 0 for none */
    int32_t event_date; /* days since 1970-01-01 of the event; input: 0 or KG_NODATE for none
                        ** (so 1970-01-01 cannot be given), output: KG_NODATE for none */
    uint32_t load;      /* output: the load generation the row arrived in (kg_load_begin;
                        ** 0 outside a load); ignored on input */
    uint8_t event_month; /* 1: event_date stands for its whole month ("in December 2016"),
                         ** being that month's first day */
} kg_evidence;

#define KG_NODATE INT32_MIN

/* The word of a modality: "asserted", "reported", "claimed", "denied"; NULL
** when out of range. kg_modality_parse is the reverse (KG_INVALID for any
** other word). */
KG_API const char *kg_modality_name(int modality);
KG_API int kg_modality_parse(const char *word, uint8_t *modality);

/* Add relation src -rel-> dst (creating the edge if new) and, when `ev` is not
** NULL, one evidence row (an identical evidence row -- every field, modality
** and claimant included -- is not added twice). *edge (may be NULL) receives
** the edge id. KG_INVALID for a modality above KG_MOD_DENIED, KG_NOTFOUND for
** a claimant that is not a live node. */
KG_API int kg_edge_add(kg_txn *txn, kg_id src, const char *rel, kg_id dst, const kg_evidence *ev,
                       kg_id *edge);

typedef struct kg_edge {
    kg_id id;          /* edge id */
    kg_id src;         /* source node */
    kg_id dst;         /* destination node */
    const char *rel;   /* borrowed: relation name */
    uint32_t nevidence; /* evidence rows */
    uint32_t ndocs;    /* distinct documents among them */
    uint8_t modality;  /* the relation's modality (KG_MOD_*, see above) */
} kg_edge;

/* Read an edge; out->rel is borrowed until kg_close. */
KG_API int kg_edge_get(kg_txn *txn, kg_id id, kg_edge *out);
/* Delete an edge and its evidence. */
KG_API int kg_edge_delete(kg_txn *txn, kg_id id);

/* Iterate over the evidence rows of an edge, ordered by document id:
** kg_iter_evidence returns KG_ROW per row (ev->rule borrowed until kg_close),
** KG_DONE at the end. */
KG_API int kg_edge_evidence(kg_txn *txn, kg_id edge, kg_iter **out);
KG_API int kg_iter_evidence(kg_iter *it, kg_evidence *ev);

#define KG_OUT 1
#define KG_IN 2
#define KG_BOTH 3

/* Iterate over neighbours of `node` by relation `rel` (NULL: any relation) in
** direction KG_OUT, KG_IN or KG_BOTH. kg_iter_next returns KG_ROW with the next
** (neighbour, edge) pair, in relation order then neighbour id order (KG_BOTH:
** all out-neighbours, then all in-neighbours), and KG_DONE at the end. */
KG_API int kg_neighbors(kg_txn *txn, kg_id node, const char *rel, int dir, kg_iter **out);
KG_API int kg_iter_next(kg_iter *it, kg_id *nbr, kg_id *edge);

/* Iterate over every live node (type NULL) or the nodes of one type, ids
** ascending; and over every live edge, ids ascending. kg_iter_next gives the
** id in *nbr and 0 in *edge for nodes, the edge id in both for edges. */
KG_API int kg_nodes(kg_txn *txn, const char *type, kg_iter **out);
KG_API int kg_edges(kg_txn *txn, kg_iter **out);

/* Close an iterator; NULL is accepted. Iterators end with their transaction. */
KG_API void kg_iter_close(kg_iter *it);

/* ---------------------------------------------------------------- documents */
typedef struct kg_doc {
    kg_id id;           /* document id */
    const char *key;    /* identity (kg load: the path below the loaded directory); the same key replaces */
    const char *title;  /* may be NULL */
    const char *author; /* may be NULL */
    int32_t date;       /* publication date, KG_NODATE if unknown */
    const char *text;   /* the cleaned text that evidence offsets point into */
    size_t text_len;    /* bytes in text */
    /* format 5 (kg 0.3), after the older fields (zeroed: none) */
    const char *fingerprint; /* what extracted it (loader version, dictionary and rules
                              ** files), NULL for none; output: the stored one or NULL */
    unsigned flags;     /* input: KG_DOC_FORCE */
    kg_id node;         /* output: the document's node (type "document", named by the key) */
    uint32_t load;      /* output: the load generation that last registered it, 0 none */
} kg_doc;

#define KG_DOC_NEW 1     /* the key was unknown: registered */
#define KG_DOC_SAME 2    /* same key, same content hash and fingerprint: nothing to do */
#define KG_DOC_CHANGED 3 /* same key, new content: old evidence removed, re-registered */
#define KG_DOC_REREAD 4  /* same key and content, another fingerprint (or KG_DOC_FORCE):
                         ** old evidence removed, re-registered, to be extracted again */
#define KG_DOC_FORCE 0x1u /* kg_doc.flags: KG_DOC_REREAD even when nothing changed */

/* Register a document (idempotent by content hash of `text` and by
** `fingerprint` when one is given). *status says which case applied. On
** KG_DOC_CHANGED and KG_DOC_REREAD every evidence row of the old version is
** removed (its mentions too), and each edge left without evidence is
** deleted; edges another document supports stay; a relation the document
** states again keeps the earliest load generation it had from it. The
** document's node (type "document", named by the key, aliases as for any
** node) is made or updated with the properties title, author, date, hash
** (hex of the text's XXH3-128), extractor (the fingerprint), load and loaded
** (the date of that load). `info->id` and `info->node` are ignored on input. */
KG_API int kg_doc_register(kg_txn *txn, const kg_doc *info, kg_id *doc, int *status);

/* Read a document. key, title and author are borrowed until the next
** kg_doc_get on this transaction or its end; text until the transaction's
** next write or its end. */
KG_API int kg_doc_get(kg_txn *txn, kg_id id, kg_doc *out);
/* Find a document id by key. */
KG_API int kg_doc_find(kg_txn *txn, const char *key, kg_id *out);

/* ---------------------------------------------------------------- mentions
** Every entity the loader recognises in a document is linked to the
** document's node by the relation "mentioned-in" (KG_MENTION_REL), one
** evidence row per mention: the span of the name in the text, the
** document's date, rule "mention". Such relations are structural: hidden
** from plain query patterns (like claimed relations), reached by naming the
** relation, `-[:mentioned-in]->`. kg_edge_add refuses the relation (KG_INVALID);
** kg_mention_add is the one way to write it. */
#define KG_MENTION_REL "mentioned-in"
KG_API int kg_mention_add(kg_txn *txn, kg_id node, kg_id doc, uint32_t start, uint32_t end);

/* ---------------------------------------------------------------- load generations
** Every load is numbered: kg_load_begin records generation N (1, 2, ...)
** with its time (seconds since 1970, UTC; 0 = now) and a note (e.g. the
** command line), in a write transaction of its own (no transaction may be
** open on the handle), and until kg_load_end every evidence row written
** through the handle carries N (kg_evidence.load; documents: kg_doc.load).
** "What is new since load N" is then one query (QUERY.md, r.load).
** kg_load_get reads generation `id`, or the last one when id is 0
** (KG_NOTFOUND when there is none); note is borrowed until the next
** kg_load_get on the transaction or its end. */
typedef struct kg_load {
    uint32_t id;      /* generation */
    int64_t time;     /* seconds since 1970-01-01 UTC */
    const char *note; /* what was loaded (borrowed), never NULL */
} kg_load;
KG_API int kg_load_begin(kg_db *db, int64_t time, const char *note, uint32_t *id);
KG_API void kg_load_end(kg_db *db);
KG_API int kg_load_get(kg_txn *txn, uint32_t id, kg_load *out);

/* Watched questions (kg watch): has row `row` (rowlen bytes, e.g. its
** columns' text) of the question `question` been shown before? In a write
** transaction: *seen is 1 when the pair was marked before, else 0 and the
** pair is marked now (with the last load generation). kg_watch_forget
** unmarks every row of a question. */
KG_API int kg_watch_mark(kg_txn *txn, const char *question, const char *row, size_t rowlen,
                         int *seen);
KG_API int kg_watch_forget(kg_txn *txn, const char *question);

/* ---------------------------------------------------------------- statistics, checks */
typedef struct kg_stats {
    uint64_t nodes;     /* live nodes */
    uint64_t edges;     /* live relations */
    uint64_t evidence;  /* evidence rows */
    uint64_t docs;      /* documents */
    uint64_t aliases;   /* (alias, node) pairs */
    uint64_t map_size;  /* current map size in bytes */
    uint64_t used_size; /* bytes of the map in use */
} kg_stats;
KG_API int kg_stats_get(kg_txn *txn, kg_stats *out);

/* Count per type or relation name: calls fn(name, count, ctx) in name order. */
KG_API int kg_type_counts(kg_txn *txn, void (*fn)(const char *, uint64_t, void *), void *ctx);
KG_API int kg_rel_counts(kg_txn *txn, void (*fn)(const char *, uint64_t, void *), void *ctx);

/* Verify the invariants; calls report(msg, ctx) once per problem found (may be
** NULL) and writes the number of problems to *problems. KG_OK when the check
** ran (whatever it found). The file's pages are walked first with bounds
** checks (messages "damaged file: ..."); when they are damaged the other
** checks, which would trust them, are skipped. */
KG_API int kg_check(kg_db *db, void (*report)(const char *msg, void *ctx), void *ctx,
                    uint64_t *problems);

/* ---------------------------------------------------------------- statements */

/* Compile the first statement of `query` (`len` bytes, or -1 for NUL-terminated).
** *tail (may be NULL) receives the start of the next statement. A string with
** nothing but blanks and comments gives KG_OK and *out == NULL.
** Errors: KG_SYNTAX, KG_SEMANTIC, KG_AMBIGUOUS with kg_errmsg()/kg_erroffset(). */
KG_API int kg_prepare(kg_db *db, const char *query, long len, kg_stmt **out, const char **tail);

/* Bind parameters by name (without the '$'). Copied in. KG_RANGE for a name
** the statement does not use. */
KG_API int kg_bind_null(kg_stmt *st, const char *name);
KG_API int kg_bind_int(kg_stmt *st, const char *name, int64_t v);
KG_API int kg_bind_double(kg_stmt *st, const char *name, double v);
KG_API int kg_bind_text(kg_stmt *st, const char *name, const char *s, long len);
KG_API int kg_bind_date(kg_stmt *st, const char *name, int32_t days);
/* Number of distinct parameters and the name of the i-th (borrowed, until finalize). */
KG_API int kg_param_count(const kg_stmt *st);
KG_API const char *kg_param_name(const kg_stmt *st, int i);

/* Run to the next row: KG_ROW, KG_DONE, or an error code. A statement holds one
** read transaction from its first step until kg_reset/kg_finalize; statements
** that write run in a write transaction that commits before the first row.
** A statement that writes cannot start while another statement of the same
** handle holds its read transaction, nor while kg_begin's transaction is open
** (KG_MISUSE: reset or finalize the others first). */
KG_API int kg_step(kg_stmt *st);

KG_API int kg_column_count(const kg_stmt *st);
KG_API const char *kg_column_name(const kg_stmt *st, int i); /* borrowed until finalize */
KG_API kg_type kg_column_type(kg_stmt *st, int i);
KG_API int64_t kg_column_int(kg_stmt *st, int i);
KG_API double kg_column_double(kg_stmt *st, int i);
/* Text of a value: nodes by canonical name, relations by type, dates as
** YYYY-MM-DD, paths as "A -[rel]-> B", lists and maps as JSON, null as "".
** Borrowed: valid until the next kg_column_text/kg_column_json of the same
** column, or the next step/reset/finalize; each column has its own buffer.
** NULL when there is no current row or i is out of range. *len (may be
** NULL) receives the length. */
KG_API const char *kg_column_text(kg_stmt *st, int i, size_t *len);
/* The value as JSON; borrowed as for kg_column_text. */
KG_API const char *kg_column_json(kg_stmt *st, int i, size_t *len);

/* Back to before the first step; bindings stay. */
KG_API int kg_reset(kg_stmt *st);
/* Free a statement; NULL accepted. */
KG_API void kg_finalize(kg_stmt *st);

/* Explain: is the statement EXPLAIN or PROFILE? Such statements return their
** plan as rows. */

/* One call for scripts: run every statement of `query` with parameters given
** as a JSON object (`params_json` may be NULL) and return the rows of the last
** statement as JSON: {"columns":[...],"rows":[[...],...]}. *out is
** caller-owned (kg_free). On error *out is NULL and kg_errmsg() says why. */
KG_API int kg_query_json(kg_db *db, const char *query, const char *params_json, char **out);

/* ---------------------------------------------------------------- helpers */

/* Free memory the library gave to the caller; NULL accepted. */
KG_API void kg_free(void *p);

/* Normalised form of a name, as used by the alias index: Unicode NFKD,
** marks stripped, case-folded, apostrophes dropped, other punctuation to
** spaces, spaces collapsed. Caller-owned result (kg_free). KG_INVALID for
** invalid UTF-8. */
KG_API int kg_normalize(const char *name, size_t len, char **out);

/* Transliteration skeleton of a name (see engine/names.c): articles dropped,
** digraphs folded, doubled letters collapsed, vowels dropped, digits kept
** (every one: different numbers never share a skeleton). Caller-owned.
** Empty when the name has no skeleton. */
KG_API int kg_skeleton(const char *name, size_t len, char **out);

/* Dates: parse "YYYY-MM-DD" into days since 1970-01-01; format back into a
** buffer of at least 11 bytes. */
KG_API int kg_date_parse(const char *s, size_t len, int32_t *days);
KG_API void kg_date_format(int32_t days, char buf[11]);

/* Library version string, e.g. "0.1.0". */
KG_API const char *kg_version(void);

/* Test hook: fn(point, ctx) is called at named points of the writes on this
** handle, so that crash and concurrency tests can stop a process at an exact
** place instead of after a guessed delay (the kg program's KG_CRASH_AT and
** KG_PAUSE_AT, kg(1)). The points: "commit" (a write transaction is about to
** commit), "checkpoint" (a bulk load has committed its document and not yet
** begun the transaction of its facts; kg_store_bulk_checkpoint), "grow" (the
** map was just grown, before the write that needed it goes on). fn NULL
** removes the hook. The library only calls it; it never stops by itself. */
KG_API void kg_set_test_hook(kg_db *db, void (*fn)(const char *point, void *ctx), void *ctx);

/* ---------------------------------------------------------------- bulk loading
** Many nodes and relations in one write transaction, much faster than
** kg_node_get_or_create + kg_edge_add: names are matched in a hash map and
** everything is written at kg_bulk_commit, sorted, appending where keys sort
** after the existing ones. The result is the same database those calls would
** give with exact names: a node is matched by exact (type, canonical name),
** among the bulk's own nodes and with existing ones (kg_node_find); with
** KG_BULK_RESOLVE an unknown name also joins the one existing node of that
** type it resolves to (kg_resolve), as the loader does. The transaction is
** the handle's one transaction until commit or abort. */
typedef struct kg_bulk kg_bulk;

#define KG_BULK_RESOLVE 0x1u

/* Begin a bulk load. `size_hint` is the expected input size in bytes (e.g. a
** fact file's length; 0 if unknown), used to reserve map space up front.
** Errors as kg_begin. */
KG_API int kg_bulk_begin(kg_db *db, size_t size_hint, kg_bulk **out);
/* The bulk's write transaction (borrowed, until commit/abort), e.g. for
** kg_doc_register before the facts of the document go in. */
KG_API kg_txn *kg_bulk_txn(kg_bulk *b);
/* The node of this type and exact canonical name (`len` bytes), created when
** there is none. The id is final; the node is written at commit. */
KG_API int kg_bulk_node(kg_bulk *b, const char *type, const char *name, size_t len,
                        unsigned flags, kg_id *out);
/* Add src -rel-> dst with one evidence row (`ev` may be NULL), as kg_edge_add. */
KG_API int kg_bulk_edge(kg_bulk *b, kg_id src, const char *rel, kg_id dst,
                        const kg_evidence *ev);
/* Write everything and commit; frees the bulk whatever happens. *nodes and
** *edges (may be NULL) receive the numbers created. */
KG_API int kg_bulk_commit(kg_bulk *b, uint64_t *nodes, uint64_t *edges);
/* Abort and free; NULL accepted. */
KG_API void kg_bulk_abort(kg_bulk *b);

/* ---------------------------------------------------------------- backup
** A consistent copy of the database while other handles and processes read
** and write it: one committed state, as a reader starting now would see it,
** written with LMDB's copy (mdb_env_copyfd2) into the new file `path`. The
** file is a data.mdb: a database directory holding it (and nothing else)
** is that database again (kg(1), `kg restore`, does this and checks it).
** KG_BACKUP_COMPACT leaves out free pages and renumbers the rest (a smaller
** file, more work); without it the copy takes the writer lock for a moment
** to read the meta pages, so it waits for a write transaction in progress
** (of any process) to end, while the compacting copy never waits for
** writers. `path` is written under a temporary name beside it, flushed and
** then linked to its name, so it is absent or whole, never half-written.
** Errors: KG_EXISTS (`path` exists: a backup never replaces a file, nor
** one that appears meanwhile), KG_INVALID (the directory of `path` holds a
** database: data.mdb or lock.mdb), KG_MISUSE (a write transaction is open
** on this handle), KG_IO, KG_PERM, KG_FULL, KG_NOTFOUND (no such
** directory). A read-only handle may back up. */
#define KG_BACKUP_COMPACT 0x1u
KG_API int kg_backup(kg_db *db, const char *path, unsigned flags);

/* ---------------------------------------------------------------- properties of a node
** Iterate over the properties of node `id` (set by kg_node_set_prop, a
** query's SET or CREATE {...}): kg_iter_prop returns KG_ROW with the next
** key (borrowed until kg_close) and value (text borrowed until the next call
** on the iterator), KG_DONE at the end. Keys come in the order their names
** were first used in the database, not by name. A dead id has none. */
KG_API int kg_node_props(kg_txn *txn, kg_id id, kg_iter **out);
KG_API int kg_iter_prop(kg_iter *it, const char **key, kg_value *value);

#ifdef __cplusplus
}
#endif
#endif /* KG_H */
