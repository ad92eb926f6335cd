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

qv qv_int(int64_t i);
qv qv_float(double f);
qv qv_bool(int b);
qv qv_date(int32_t d);
qv qv_node(kg_id id);
qv qv_edge(kg_id id);
qv qv_text(const char *s, size_t n);  /* copies; t == KG_NULL when out of memory */
qv qv_list(uint8_t type, uint32_t n); /* n NULL items; KG_NULL when out of memory */
/* Ownership, the one rule: a qv a function returns or fills in is the
** caller's (retained once): store it, hand it on (qv_set takes it) or
** qv_release it; a qv read from a slot, a list or a parameter is borrowed:
** qv_retain it to keep it. Text, lists, maps and paths are reference
** counted; the other types hold no memory. */
qv qv_retain(qv v);
void qv_release(qv v);
void qv_set(qv *slot, qv v); /* release the old value, take v (already retained) */
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
} qagg;

/* ---------------------------------------------------------------- operators */

/*
** The operators, in one table (ORDER OP: everything indexed by kind is
** generated from it). KG_OPS(X) calls X(ID, "ExplainName", next, reset) once
** per operator kind:
**   ID          OP_<ID> in enum qop_kind
**   ExplainName the operator's name in EXPLAIN and PROFILE rows (query.c)
**   next        int next(kg_exec *, qop *) in exec.c: produce the next row
**               into the frame; 1 row, 0 done, -rc on error (see "Return
**               conventions" in internal.h)
**   reset       void reset(qop *) in exec.c, or NULL: free the kind's run
**               state (op->st); the common state (cursors, ids, counters)
**               is reset by kg_exec_reset for every kind
** Adding an operator: one row here, its two functions in exec.c, and the
** planner rule that creates it in plan.c (HACKING.md).
*/
/* clang-format off */
#define KG_OPS(X)                                                                         \
    X(ONCE, "Once", once_next, NULL)         /* one empty row */                          \
    X(ARG, "Argument", once_next, NULL)      /* the outer row, once (OPTIONAL's leaf) */  \
    X(SEEK, "NameSeek", seek_next, NULL)     /* nodes named by expr, alias index */       \
    X(SCAN, "NodeScan", scan_next, NULL)     /* nodes of a type (by_type) or all nodes */ \
    X(EXPAND, "Expand", expand_next, NULL)   /* one hop over the out/in adjacency */      \
    X(VAREXPAND, "VarExpand", varexpand_next, varexpand_reset) /* min..max hops */        \
    X(SHORTEST, "ShortestPath", shortest_next, shortest_reset) /* BFS between 2 nodes */  \
    X(FILTER, "Filter", filter_next, NULL)   /* rows where expr is true */                \
    X(OPTIONAL, "Optional", optional_next, optional_reset) /* inner per row, or nulls */  \
    X(PROJECT, "Project", project_next, NULL) /* compute exprs into slots */              \
    X(AGGREGATE, "Aggregate", aggregate_next, aggregate_reset) /* group and aggregate */  \
    X(DISTINCT, "Distinct", distinct_next, distinct_reset) /* drop repeated rows */       \
    X(SORT, "Sort", sort_next, NULL)         /* materialise and sort (rows in buf) */     \
    X(SKIP, "Skip", skip_next, NULL)         /* drop the first n */                       \
    X(LIMIT, "Limit", limit_next, NULL)      /* stop after n */                           \
    X(UNWIND, "Unwind", unwind_next, unwind_reset) /* one row per list item */            \
    X(PATH, "Path", path_next, NULL)         /* a path value from node and edge slots */  \
    X(WRITE, "Write", write_next, NULL)      /* CREATE/MERGE/SET/DELETE, eager */         \
    X(INDEGREE, "InDegreeScan", indegree_next, NULL) /* in-degree index (plan.c rule) */ \
    X(IDSEEK, "NodeByIdSeek", idseek_next, NULL) /* nodes by id: WHERE id(v) = / IN */ \
    X(UNION, "Union", union_next, optional_reset) /* child's rows, then inner's */

enum qop_kind {
    OP_NONE = 0, /* not an operator (a zeroed qop) */
#define X(id, name, next, reset) OP_##id,
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

typedef struct qop qop;
struct qop {
    int kind;         /* OP_* */
    qop *child;       /* input */
    qop *inner;       /* OP_OPTIONAL: the inner pipeline */
    char detail[256]; /* EXPLAIN text */
    uint64_t rows;    /* PROFILE: rows produced */
    double secs;      /* PROFILE: time inside, children included */
    int state;        /* 0 = needs input row */
    /* parameters, by kind */
    int slot, slot2, slot3; /* target slots: node, other node, relation/path */
    uint32_t type;          /* OP_SCAN type, 0 = all; UINT32_MAX = none exist */
    char *typename;         /* OP_SEEK: required type, or NULL */
    uint32_t *rels;         /* relation ids (none = any) */
    int nrels;              /* number of rels */
    int dir;                /* KG_OUT / KG_IN / KG_BOTH */
    int dst_bound;          /* OP_EXPAND: target already bound: check instead of bind */
    int *excl;              /* edge slots that must differ (relationship uniqueness) */
    int nexcl;              /* count */
    int *exclpaths;         /* edge-list slots that must not contain the edge */
    int nexclpaths;         /* count */
    int64_t min, max;       /* OP_VAREXPAND, OP_SHORTEST bounds */
    int all;                /* OP_SHORTEST: all shortest paths */
    int allmod;             /* EXPAND, VAREXPAND, SHORTEST: also relations only claimed or
                            ** denied (the pattern names their modality) */
    qx *expr;               /* OP_SEEK name, OP_FILTER predicate, OP_UNWIND list, SKIP/LIMIT */
    qx **exprs;             /* OP_PROJECT / OP_AGGREGATE keys / OP_SORT keys */
    int *slots;             /* their target slots (PROJECT, AGGREGATE keys, DISTINCT, PATH) */
    int *desc;              /* OP_SORT: descending per key */
    qx *limit, *skip;       /* OP_SORT: the LIMIT and SKIP above it (top-k), or NULL */
    int nexprs;             /* count of exprs / slots */
    qagg *aggs;             /* OP_AGGREGATE: aggregates */
    int naggs;              /* count */
    int *aggslots;          /* where each aggregate's value goes */
    int nclear;             /* OP_OPTIONAL: slots the inner pipeline binds (nulled) */
    int *clear;             /* their indexes */
    int *pathkinds;         /* OP_PATH: 0 node slot, 1 edge slot, 2 edge-list slot */
    qwrite *writes;         /* OP_WRITE: actions */
    int nwrites;            /* count */
    /* run-time state */
    kg_adj adj;   /* EXPAND */
    kg_scan scan; /* SCAN */
    kg_id *ids;   /* SEEK candidates, VAREXPAND/SHORTEST scratch */
    size_t nids, iids, capids;
    void *st;  /* kind-specific run state (varexpand stack, shortest results) */
    qrow *buf; /* materialised rows */
    size_t nbuf, ibuf, capbuf;
    int64_t count; /* SKIP/LIMIT counter */
    int matched;   /* OP_OPTIONAL: inner produced a row for this outer row */
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
void kg_exec_reset(qop *op);
const char *kg_op_name(int kind);                /* EXPLAIN name of an OP_* kind (KG_OPS) */
void kg_exec_free_buffers(kg_exec *ex, qop *op); /* rows materialised by op */
int kg_exec_describe_plan(kg_stmt *st, int with_stats);
int kg_exec_check_limits(kg_exec *ex);
/* eval.c */
int kg_eval(kg_exec *ex, qx *x, qv *out); /* KG_OK or an error code (message on db) */
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
