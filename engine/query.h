/*
** query.h -- values, compiled expressions, operators and statements of the
** query engine (engine layer, prefix kg_q / q). The planner (plan.c) turns
** the grammar's AST into a tree of operators; the executor (exec.c) pulls
** rows through them; eval.c computes expressions; value.c holds values.
**
** Rows are frames of value slots shared by every operator of a statement:
** an operator that produces a row writes its slots and returns; the ones
** above read them. Materialising operators (sort, aggregate, eager writes)
** copy frames.
*/
#ifndef KG_QUERY_H
#define KG_QUERY_H

#include "ast.h"
#include "internal.h"

#include <time.h>

/* ---------------------------------------------------------------- values */

typedef struct qstr {
    int refs;     /* reference count */
    uint32_t len; /* bytes */
    char s[];     /* NUL-terminated bytes */
} qstr;

struct qv;
typedef struct qlist {
    int refs;     /* reference count */
    uint32_t n;   /* items (a map holds 2n: key, value) */
    uint32_t cap; /* items v has room for (qv_list_push) */
    struct qv *v; /* items */
} qlist;

typedef struct qv {
    uint8_t t; /* kg_type */
    union {
        int64_t i; /* INT, BOOL, DATE */
        double f;  /* FLOAT */
        kg_id id;  /* NODE, EDGE */
        qstr *s;   /* TEXT */
        qlist *l;  /* LIST, PATH (node, edge, node, ...), MAP (key, value, ...) */
    } u;
} qv;

#define QV_NULL ((qv){KG_NULL, {0}})

/* Values of the types that hold no memory (inline: made for every row). */
static inline qv qv_int(int64_t i)
{
    return (qv){KG_INT, {.i = i}};
}
static inline qv qv_float(double f)
{
    return (qv){KG_FLOAT, {.f = f}};
}
static inline qv qv_bool(int b)
{
    return (qv){KG_BOOL, {.i = b != 0}};
}
static inline qv qv_date(int32_t d)
{
    return (qv){KG_DATE, {.i = d}};
}
static inline qv qv_node(kg_id id)
{
    return (qv){KG_NODE, {.id = id}};
}
static inline qv qv_edge(kg_id id)
{
    return (qv){KG_EDGE, {.id = id}};
}
qv qv_text(const char *s, size_t n);  /* copies; t == KG_NULL when out of memory */
qv qv_list(uint8_t type, uint32_t n); /* n NULL items; KG_NULL when out of memory */
/* Append v to list *l (taking v's reference), doubling the room: KG_OK, or
** KG_NOMEM with v released and the list unchanged. */
int qv_list_push(qv *l, qv v);
/* Ownership, the one rule: a qv a function returns or fills in is the
** caller's (retained once): store it, hand it on (qv_set takes it) or
** qv_release it; a qv read from a slot, a list or a parameter is borrowed:
** qv_retain it to keep it. Text, lists, maps and paths are reference
** counted; the other types hold no memory. */
/* Does a value of type t hold counted memory (text, list, path, map)? */
static inline int qv_counted(uint8_t t)
{
    return t == KG_TEXT || t == KG_LIST || t == KG_PATH || t == KG_MAP;
}
qv qv_retain_counted(qv v); /* value.c: the reference counting itself */
void qv_release_counted(qv v);
/* qv_retain, qv_release and qv_set are inline: the executor moves values
** for every row, mostly nodes and edges, which hold nothing to count. */
static inline qv qv_retain(qv v)
{
    return qv_counted(v.t) ? qv_retain_counted(v) : v;
}
static inline void qv_release(qv v)
{
    if (qv_counted(v.t)) qv_release_counted(v);
}
/* Release the old value of *slot, take v (already retained). */
static inline void qv_set(qv *slot, qv v)
{
    qv old = *slot;
    *slot = v;
    qv_release(old);
}
/* Heap bytes a value holds (text, and lists, maps and paths with their
** items), for the memory limit; shared values are counted at every use. */
size_t qv_bytes(const qv *v);
/* Total order for ORDER BY and DISTINCT: null last, then by type, then value. */
int qv_cmp(const qv *a, const qv *b);
/* Equality as in '=': -1 when unknown (a null involved), else 0/1. */
int qv_eq(const qv *a, const qv *b);
uint64_t qv_hash(const qv *v);
int qv_truthy(const qv *v);          /* -1 null, 0 false, 1 true */
const char *qv_type_name(uint8_t t); /* "an integer", "a list", ... for messages */

/* Growable byte buffer for text and JSON output. */
typedef struct qbuf {
    char *p;    /* bytes, NUL-terminated when non-empty */
    size_t n;   /* used */
    size_t cap; /* allocated */
    int oom;    /* an append failed */
} qbuf;
void qb_put(qbuf *b, const void *p, size_t n);
void qb_puts(qbuf *b, const char *s);
void qb_printf(qbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qb_json_str(qbuf *b, const char *s, size_t n);
void qb_free(qbuf *b);

struct kg_exec;
/* Render a value as text (nodes by canonical name) or JSON. */
int qv_text_out(struct kg_exec *ex, const qv *v, qbuf *b, int json);

/* ---------------------------------------------------------------- expressions */

enum qx_kind {
    QX_LIT = 1, /* lit */
    QX_SLOT,    /* slot */
    QX_PARAM,   /* param index */
    QX_PROP,    /* kids[0] . name */
    QX_BIN,     /* op, kids[0], kids[1] */
    QX_NOT,     /* kids[0] */
    QX_NEG,     /* kids[0] */
    QX_ISNULL,  /* kids[0]; neg for IS NOT NULL */
    QX_LIST,    /* kids */
    QX_MAP,     /* kids: key literal, value, ... */
    QX_CALL,    /* fn, kids */
    QX_AGG,     /* aggregate result: agg index (after grouping) */
    QX_INDEX,   /* kids[0][kids[1]] */
    QX_CASE,    /* kids: [test,] when, then, ..., [else]; neg = has else; op 1: simple CASE test */
    QX_NAMEIS,  /* node in kids[0] is the entity named kids[1] (alias-aware); name = type or NULL */
    QX_ISTYPE,  /* node in kids[0] has type `name` ("actor" covers person|organisation|country) */
    QX_COMP,    /* [v IN kids[0] WHERE kids[1] | kids[2]]: v in slot; neg: 1 pred, 2 projection */
    QX_QUANT,   /* all/any/none/single (op KGQ_Q_*)(v IN kids[0] WHERE kids[1]); v in slot */
    QX_SLICE    /* kids[0][kids[1]..kids[2]]: neg: 1 from given, 2 to given (kids in order) */
};

typedef struct qx {
    int kind;            /* QX_* */
    int op;              /* KGQ_OP_* for QX_BIN */
    int slot;            /* QX_SLOT; QX_PARAM index; QX_AGG index */
    int fn;              /* QX_CALL function id */
    int neg;             /* flag, by kind */
    qv lit;              /* QX_LIT */
    char *name;          /* QX_PROP key; QX_NAMEIS type */
    struct qx **kids;    /* operands */
    int nkids;           /* number of operands */
    uint32_t start, end; /* span in the query text */
    /* QX_NAMEIS cache: the name last resolved and its ids */
    qv cache_key;
    kg_id *cache_ids;
    size_t cache_n;
} qx;

/* aggregate functions */
enum {
    AGG_COUNT = 1,
    AGG_COUNT_STAR,
    AGG_COLLECT,
    AGG_MIN,
    AGG_MAX,
    AGG_SUM,
    AGG_AVG,
    AGG_PCONT, /* percentileCont(x, p): interpolated */
    AGG_PDISC, /* percentileDisc(x, p): the nearest value */
    AGG_STDEV, /* sample standard deviation */
    AGG_STDEVP /* population standard deviation */
};

typedef struct qagg {
    int fn;       /* AGG_* */
    int distinct; /* DISTINCT argument */
    qx *arg;      /* argument (NULL for count(*)) */
    qx *arg2;     /* percentileCont/Disc's percentile */
    int feed;     /* under qp_agg.feed: what it counts of each match, AGG_FEED_* */
} qagg;

/* What a fed aggregate (qp_agg.feed) counts of each match of the Expand below:
** the match (count(*), or a count of a value never null in a match), its
** target node, its relation. */
enum { AGG_FEED_ROW, AGG_FEED_NODE, AGG_FEED_EDGE };
#define AGG_FEED_FILTERS 8 /* Filters a fed Aggregate evaluates per match */

/* ---------------------------------------------------------------- operators */

/*
** The operators, in one table (ORDER OP: everything indexed by kind is
** generated from it). KG_OPS(X) calls X(ID, "ExplainName", params, run,
** next, reset) once per operator kind:
**   ID          OP_<ID> in enum qop_kind
**   ExplainName the operator's name in EXPLAIN and PROFILE rows (query.c)
**   params      the member of qop.p that holds its parameters (the qp_*
**               structs below; the planner fills them, exec.c reads them)
**   run         its run state, a struct defined in exec.c next to its code:
**               op->run, allocated zeroed before the first next, zeroed
**               after every reset, freed by kg_exec_free (no_run: none)
**   next        int next(kg_exec *, qop *) in exec.c: produce the next row
**               into the frame; 1 row, 0 done, -rc on error (see "Return
**               conventions" in internal.h)
**   reset       void reset(kg_exec *, qop *) in exec.c, or NULL: free what
**               the run state holds (cursors, rows, sets, lists); the child
**               and inner pipelines are reset by kg_exec_reset itself
** Adding an operator: one row here (and its qp_* struct when no existing one
** fits), its run struct and functions in exec.c, and the planner rule that
** creates it in plan.c (HACKING.md).
*/
/* clang-format off */
#define KG_OPS(X)                                                                                   \
    X(ONCE,      "Once",         none,     once_run,     once_next,      NULL)            /* one empty row */                   \
    X(ARG,       "Argument",     none,     once_run,     once_next,      NULL)            /* the outer row, once (Optional's leaf) */ \
    X(SEEK,      "NameSeek",     seek,     ids_run,      seek_next,      ids_reset)       /* nodes named by expr, alias index */ \
    X(SCAN,      "NodeScan",     scan,     scan_run,     scan_next,      scan_reset)      /* nodes of a type, or all nodes */   \
    X(EXPAND,    "Expand",       hop,      expand_run,   expand_next,    expand_reset)    /* one hop over the out/in adjacency */ \
    X(VAREXPAND, "VarExpand",    hop,      vstate,       varexpand_next, varexpand_reset) /* min..max hops */                   \
    X(SHORTEST,  "ShortestPath", hop,      bfs,          shortest_next,  shortest_reset)  /* BFS between two nodes */           \
    X(FILTER,    "Filter",       expr,     no_run,       filter_next,    NULL)            /* rows where expr is true */         \
    X(OPTIONAL,  "Optional",     optional, optional_run, optional_next,  NULL)            /* inner rows per row, or nulls */    \
    X(PROJECT,   "Project",      project,  no_run,       project_next,   NULL)            /* compute exprs into slots */        \
    X(AGGREGATE, "Aggregate",    agg,      astate,       aggregate_next, aggregate_reset) /* group and aggregate */             \
    X(DISTINCT,  "Distinct",     project,  tset,         distinct_next,  distinct_reset)  /* drop repeated rows */              \
    X(SORT,      "Sort",         sort,     rows_run,     sort_next,      rows_reset)      /* materialise, sort, serve */        \
    X(SKIP,      "Skip",         expr,     count_run,    skip_next,      NULL)            /* drop the first n */                \
    X(LIMIT,     "Limit",        expr,     count_run,    limit_next,     NULL)            /* stop after n */                    \
    X(UNWIND,    "Unwind",       expr,     unwind_run,   unwind_next,    unwind_reset)    /* one row per list item */           \
    X(PATH,      "Path",         path,     no_run,       path_next,      NULL)            /* a path value from slots */         \
    X(WRITE,     "Write",        write,    rows_run,     write_next,     rows_reset)      /* CREATE/MERGE/SET/DELETE, eager */  \
    X(INDEGREE,  "InDegreeScan", indeg,    scan_run,     indegree_next,  scan_reset)      /* in-degree index (plan.c rule) */   \
    X(IDSEEK,    "NodeByIdSeek", seek,     ids_run,      idseek_next,    ids_reset)       /* nodes by id: WHERE id(v) = / IN */ \
    X(UNION,     "Union",        none,     once_run,     union_next,     NULL)            /* child's rows, then inner's */

enum qop_kind {
    OP_NONE = 0, /* not an operator (a zeroed qop) */
#define X(ID, name, params, run, next, reset) OP_##ID,
    KG_OPS(X)
#undef X
    OP_COUNT /* number of kinds + 1 */
};
/* clang-format on */

/* A write action of OP_WRITE. */
typedef struct qwrite {
    int kind;   /* KGQ_CREATE, KGQ_MERGE, KGQ_SET, KGQ_DELETE, KGQ_ALIAS */
    int detach; /* DETACH DELETE */
    /* CREATE/MERGE: elements of one pattern */
    int nelem;    /* node, rel, node, ... */
    int *slot;    /* slot of each element */
    int *bound;   /* element was bound before this clause */
    char **label; /* type or relation name (NULL if none) */
    int *dir;     /* relations: KGQ_DIR_* */
    qx **props;   /* QX_MAP of properties (or NULL) */
    /* SET: target slot, key, value; DELETE: expressions */
    qx **exprs;   /* values */
    char **keys;  /* SET keys */
    int *tslots;  /* SET target slots */
    int *setmode; /* SET: 0 v.k = e, KGQ_SET_ALL v = map, KGQ_SET_ADD v += map */
    int when;     /* SET of a MERGE: KGQ_ON_CREATE / KGQ_ON_MATCH (0: always) */
    int nexprs;   /* number of exprs */
} qwrite;

typedef struct qrow {
    qv *v; /* copied slots */
} qrow;

/* Parameters of each operator kind (qop.p, named in KG_OPS): what the
** planner decided. Slots are frame indexes, -1 for none. */

/* NameSeek, NodeByIdSeek: nodes named by expr (a name, an id, or a list) */
typedef struct qp_seek {
    int slot;       /* the node's slot */
    char *typename; /* required type, or NULL */
    qx *expr;       /* the name or id (or list of them) */
    int where;      /* NameSeek written in WHERE, the nodes whose canonical name is
                    ** exactly it: 1 `v.name IN ...` (its Filter above), 2 `v.name =
                    ** ...` (no Filter: the seek answers it); 0: `{name: ...}`,
                    ** ambiguity is an error. NodeByIdSeek: 1 `id(v) IN ...`, 2
                    ** `id(v) = ...` (no Filter: a list value seeks nothing) */
    int unread;     /* NodeByIdSeek under an Expand from its node: the node's record
                    ** is not read (plan.c idseek_unread) */
} qp_seek;

/* NodeScan: nodes of a type; or, with inrel, the nodes with relation
** inrel coming in (in-degree index) */
typedef struct qp_scan {
    int slot;       /* the node's slot */
    uint32_t type;  /* type id, 0 = all; UINT32_MAX = a type nothing has */
    uint32_t inrel; /* 0, or a relation id (ids start at 1): scan its in-degree index */
} qp_scan;

/* Expand, VarExpand, ShortestPath: hops from the node in slot to slot2 */
typedef struct qp_hop {
    int slot, slot2, slot3; /* source node, target node, relation (Expand) or edge list */
    int pathslot;           /* ShortestPath: the path value's slot, or -1 */
    uint32_t *rels;         /* relation ids (none = any) */
    int nrels;              /* number of rels */
    int dir;                /* KG_OUT / KG_IN / KG_BOTH */
    int dst_bound;          /* target already bound: check instead of bind */
    int *excl;              /* edge slots that must differ (relationship uniqueness) */
    int nexcl;              /* count */
    int *exclpaths;         /* edge-list slots that must not contain the edge */
    int nexclpaths;         /* count */
    int64_t min, max;       /* VarExpand, ShortestPath bounds */
    int all;                /* ShortestPath: all shortest paths; VarExpand: only the set
                            ** of ends matters (breadth-first, plan.c) */
    int allmod;             /* also relations only claimed or denied (the pattern
                            ** names their modality) */
    int exists;             /* Expand: the first match per input row only (plan.c
                            ** expand_exists) */
} qp_hop;

/* Filter, Skip, Limit, Unwind: one expression */
typedef struct qp_expr {
    qx *expr;  /* predicate, count or list */
    int slot;  /* Unwind: the item's slot */
    int drain; /* Limit below a write: pull every row, so LIMIT 0 still writes */
} qp_expr;

/* Optional */
typedef struct qp_optional {
    int *clear; /* slots the inner pipeline binds (nulled when it has no row) */
    int nclear; /* count */
} qp_optional;

/* Project (exprs into slots), Distinct (slots only) */
typedef struct qp_project {
    qx **exprs;
    int *slots;
    int nexprs;
} qp_project;

/* Aggregate: grouping keys exprs into slots, aggregates into aggslots */
typedef struct qp_agg {
    qx **exprs;
    int *slots;
    int nexprs;
    qagg *aggs;
    int *aggslots;
    int naggs;
    int feed; /* the child is an Expand, or a breadth-first VarExpand, under at most
              ** AGG_FEED_FILTERS Filters, that hands over its matches as ids, a batch
              ** per input row (exec.c feed_batch; plan.c aggregate_feed) */
} qp_agg;

/* Sort: keys, directions; the LIMIT and SKIP above it (top-k) or NULL */
typedef struct qp_sort {
    qx **exprs;
    int *desc;
    int nexprs;
    qx *limit, *skip;
} qp_sort;

/* Path: a path value into slot from node (kind 0), edge (1) and edge-list
** (2) slots */
typedef struct qp_path {
    int slot;
    int *slots;
    int *kinds;
    int nslots;
} qp_path;

/* Write */
typedef struct qp_write {
    qwrite *writes;
    int nwrites;
} qp_write;

/* InDegreeScan (plan.c indeg_rewrite of an Aggregate over ()-[:R]->(b) by b
** with count(*)): b into node, grouping keys exprs into slots, the count
** into countslot */
typedef struct qp_indeg {
    uint32_t rel;
    int allmod; /* the pattern names a modality: hidden relations count too */
    int node;   /* b's slot */
    qx **exprs;
    int *slots;
    int nexprs;
    int countslot;
    int sum; /* sum(r.count) of the relations coming in, not their number */
} qp_indeg;

typedef struct qp_none {
    int unused;
} qp_none;

typedef struct qop qop;
struct qop {
    int kind;         /* OP_* */
    qop *child;       /* input */
    qop *inner;       /* Optional, Union: the inner pipeline */
    char detail[256]; /* EXPLAIN text */
    uint64_t rows;    /* PROFILE: rows produced */
    double secs;      /* PROFILE: time inside, children included */
    union {           /* parameters: the member KG_OPS names for the kind */
        qp_none none;
        qp_seek seek;
        qp_scan scan;
        qp_hop hop;
        qp_expr expr;
        qp_optional optional;
        qp_project project;
        qp_agg agg;
        qp_sort sort;
        qp_path path;
        qp_write write;
        qp_indeg indeg;
    } p;
    void *run; /* run state (exec.c), NULL until the kind's first next */
};

/* ---------------------------------------------------------------- statements */

typedef struct kg_exec {
    kg_db *db;          /* handle */
    kg_txn *txn;        /* transaction while running */
    qv *slots;          /* the frame */
    int nslots;         /* its size */
    qv *params;         /* bound parameter values, by index (array in the arena) */
    int *pbound;        /* parameter was bound (arena) */
    char **pnames;      /* parameter names (arena) */
    int nparams;        /* count */
    const char *text;   /* query text (for error positions) */
    uint64_t rows_out;  /* rows returned so far */
    uint64_t ticks;     /* operator calls, for checking limits every 1024th */
    struct timespec t0; /* start of the run (time limit) */
    size_t mem;         /* bytes held by materialised rows */
    int err;            /* first error code, 0 if none */
    int profile;        /* time each operator (PROFILE) */
    uint64_t rng;       /* rand()'s xorshift state, seeded on first use */
} kg_exec;

/* A prepared statement. Memory: what prepare and the planner build (the
** operator tree, expressions, column names, parameter names) lives in
** `arena` and is freed by kg_finalize at once; what a run builds (frame,
** rows, operators' run state) is malloc'ed and freed by kg_reset. */
struct kg_stmt {
    kg_arena arena;    /* the plan's memory (internal.h) */
    kg_db *db;         /* handle */
    char *text;        /* the statement text (own copy) */
    size_t len;        /* its length */
    kgq_node *ast;     /* parse tree */
    kg_exec ex;        /* execution context */
    qop *root;         /* operator tree */
    int writes;        /* statement writes: run eagerly in a write transaction */
    char *warning;     /* kg_stmt_warning: an unknown type or relation (arena), or NULL */
    int explain;       /* EXPLAIN: rows are the plan */
    int profile;       /* PROFILE: run, then rows are the plan with counts */
    int ncols;         /* result columns */
    char **colnames;   /* their names (arena) */
    int *colslots;     /* their slots (arena) */
    int started, done; /* run state */
    qrow *pre;         /* rows computed up front (writes, EXPLAIN, SHOW) */
    size_t npre, ipre, cappre;
    qv *cur;      /* current row when served from pre */
    qbuf *out;    /* kg_column_text/json buffers, one per column */
    qop **allops; /* every operator (for resets), malloc'ed */
    int nallops, capallops;
    qx **allx; /* every expression (for the values they hold), malloc'ed */
    int nallx, capallx;
};

/* plan.c */
int kg_plan(kg_stmt *st);
/* The index of parameter `name` of the statement, added when new; -1 when
** out of memory. */
int kg_q_param(kg_stmt *st, const char *name);
/* exec.c */
int kg_exec_next(kg_exec *ex, qop *op); /* 1 row, 0 done, <0 -kg error code */
/* Free what op and every operator below it (its child and inner pipelines)
** hold of a run (cursors, rows, sets) and zero their run state: the next
** kg_exec_next starts over. */
void kg_exec_reset(kg_exec *ex, qop *op);
/* kg_exec_reset of each of ops[0..n) alone (not its children): every
** operator of a statement once, when each is in the list (kg_stmt.allops). */
void kg_exec_reset_all(kg_exec *ex, qop **ops, int n);
void kg_exec_free(qop *op);       /* op's run state itself (kg_finalize), after a reset */
const char *kg_op_name(int kind); /* EXPLAIN name of an OP_* kind (KG_OPS) */
int kg_exec_describe_plan(kg_stmt *st, int with_stats);
int kg_exec_check_limits(kg_exec *ex);
/* eval.c */
/* Evaluate x into *out (the caller's): KG_OK or an error code (message on
** db). kg_eval is kg_eval_expr without a call for a slot, the expression
** every row evaluates most (aggregate arguments, projections). */
int kg_eval_expr(kg_exec *ex, qx *x, qv *out);
static inline int kg_eval(kg_exec *ex, qx *x, qv *out)
{
    if (x->kind == QX_SLOT) {
        *out = qv_retain(ex->slots[x->slot]);
        return KG_OK;
    }
    return kg_eval_expr(ex, x, out);
}
/* A function by name (any case): KG_OK with its argument counts and, for a
** scalar function, *agg = 0 and *fn its row (QX_CALL's fn); for an
** aggregate *agg = 1 and *fn its AGG_* code. KG_NOTFOUND if unknown. */
int kg_fn_lookup(const char *name, int *fn, int *agg, int *minargs, int *maxargs);
void kg_fn_names(qbuf *b); /* append the listed functions, comma-separated (hints) */
/* Resolve an entity name (alias-aware, type-checked) to node ids. Ambiguity is
** an error (KG_AMBIGUOUS). *ids is malloc'ed. */
int kg_q_resolve(kg_exec *ex, const char *name, size_t len, const char *type, kg_id **ids,
                 size_t *n, uint32_t start, uint32_t end);
/* Set the handle's error with a caret under text[start, end). */
int kg_q_error(kg_exec *ex, int rc, uint32_t start, uint32_t end, const char *hint, const char *fmt,
               ...) __attribute__((format(printf, 6, 7)));

#endif
