/*
** ast.h -- the syntax tree of the kg query language (grammar layer, prefix kgq_).
** The parser builds these nodes and nothing else: no storage, no name
** resolution, no semantic checks. The engine walks them to plan a query.
**
** One node shape for every kind: a kind, an operator or flags, a byte span
** into the query text, an optional string, two integers, a double and an
** ordered list of children. The table below says, for each kind, what the
** fields and children mean. "expr" is any expression kind.
*/
#ifndef KGQ_AST_H
#define KGQ_AST_H

#include <stddef.h>
#include <stdint.h>

typedef enum kgq_kind {
    /* statements */
    KGQ_QUERY = 1, /* kids: clauses in order; flags KGQ_F_EXPLAIN / KGQ_F_PROFILE */
    KGQ_SHOW,      /* i: KGQ_SHOW_TYPES or KGQ_SHOW_RELATIONS; flags EXPLAIN/PROFILE ignored */
    KGQ_DESCRIBE,  /* kids[0]: expr (a string literal or parameter) naming the entity */
    KGQ_ALIAS,     /* kids[0]: expr alias, kids[1]: expr target name (ALIAS "x" FOR "y") */

    /* clauses of KGQ_QUERY */
    KGQ_MATCH,   /* flags KGQ_F_OPTIONAL; kids: KGQ_PATTERN..., then optional KGQ_WHERE last */
    KGQ_WHERE,   /* kids[0]: expr */
    KGQ_WITH,    /* flags KGQ_F_DISTINCT; kids: KGQ_PROJ... or KGQ_STAR first, then optional
                    KGQ_ORDER, KGQ_SKIP, KGQ_LIMIT, KGQ_WHERE in this order */
    KGQ_RETURN,  /* as KGQ_WITH, without KGQ_WHERE */
    KGQ_UNWIND,  /* kids[0]: expr; str: variable */
    KGQ_CREATE,  /* kids: KGQ_PATTERN... */
    KGQ_MERGE,   /* kids[0]: KGQ_PATTERN, then KGQ_SET... with i = KGQ_ON_CREATE|KGQ_ON_MATCH */
    KGQ_SET,     /* kids: KGQ_SETITEM... */
    KGQ_SETITEM, /* kids[0]: KGQ_PROP (the target) or KGQ_VAR (op KGQ_SET_ALL/ADD), kids[1]: expr */
    KGQ_DELETE,  /* flags KGQ_F_DETACH; kids: expr... */

    /* parts of clauses */
    KGQ_PATTERN, /* str: path variable or NULL; flags KGQ_F_SHORTEST / KGQ_F_ALLSHORTEST;
                    kids: KGQ_NODEPAT (KGQ_RELPAT KGQ_NODEPAT)* */
    KGQ_NODEPAT, /* str: variable or NULL; kids: KGQ_LABEL... then optional KGQ_MAP */
    KGQ_RELPAT,  /* str: variable or NULL; op: KGQ_DIR_OUT / KGQ_DIR_IN / KGQ_DIR_BOTH;
                    kids: KGQ_LABEL... (alternatives), optional KGQ_RANGE, optional KGQ_MAP */
    KGQ_LABEL,   /* str: type or relation name (may contain '-', e.g. member-of) */
    KGQ_RANGE,   /* variable length: i = min hops, i2 = max hops, -1 when not given
                    ("*" gives -1,-1; "*2" gives 2,2; "*1..3"; "*..6" gives -1,6; "*2.." gives 2,-1)
                  */
    KGQ_MAP,     /* kids: KGQ_PAIR... */
    KGQ_PAIR,    /* str: key; kids[0]: expr */
    KGQ_PROJ,    /* str: alias (AS name) or NULL; kids[0]: expr */
    KGQ_STAR,    /* "*" in RETURN * or count(*) */
    KGQ_ORDER,   /* kids: KGQ_SORTKEY... */
    KGQ_SORTKEY, /* flags KGQ_F_DESC; kids[0]: expr */
    KGQ_SKIP,    /* kids[0]: expr */
    KGQ_LIMIT,   /* kids[0]: expr */

    /* expressions */
    KGQ_NULL,     /* null */
    KGQ_BOOL,     /* i: 0 or 1 */
    KGQ_INT,      /* i */
    KGQ_FLOAT,    /* f */
    KGQ_STRING,   /* str/len: the unescaped bytes */
    KGQ_DATE,     /* str: the literal as written, "YYYY-MM-DD" (engine converts) */
    KGQ_PARAM,    /* str: name without '$' */
    KGQ_VAR,      /* str: name */
    KGQ_PROP,     /* str: key; kids[0]: expr (a.name, r.date, s.text) */
    KGQ_LIST,     /* kids: expr... */
    KGQ_MAPLIT,   /* kids: KGQ_PAIR... ({a: 1} in an expression) */
    KGQ_BINOP,    /* op: KGQ_OP_*; kids[0], kids[1] */
    KGQ_UNOP,     /* op: KGQ_OP_NOT or KGQ_OP_NEG; kids[0] */
    KGQ_ISNULL,   /* flags KGQ_F_NOT for IS NOT NULL; kids[0] */
    KGQ_CALL,     /* str: function name as written; flags KGQ_F_DISTINCT; kids: args
                     (count(*) has one KGQ_STAR kid) */
    KGQ_INDEX,    /* kids[0]: expr, kids[1]: index expr (list[i]) */
    KGQ_CASE,     /* kids: (when, then)* pairs, then optional else expr; i = number of pairs;
                     flags KGQ_F_HASELSE; KGQ_F_SIMPLE: CASE x WHEN v ...: kids[0] is x */
    KGQ_LISTCOMP, /* [v IN list WHERE pred | expr]: str: v; kids[0]: list, then the predicate
                     when i & 1, then the projection when i & 2 */
    KGQ_QUANT,    /* all|any|none|single(v IN list WHERE pred): op: KGQ_Q_*; str: v;
                     kids[0]: list, kids[1]: predicate */
    KGQ_SLICE,    /* list[from..to]: kids[0]: list, then from when i & 1, then to when i & 2 */
    KGQ_HASLABEL, /* v:A:B in an expression: kids[0]: expr, then KGQ_LABEL... (all of them) */
    KGQ_UNION,    /* query UNION [ALL] query ...: kids: KGQ_QUERY...; KGQ_F_ALL for UNION ALL
                     (mixing both is an error for the engine: i = 1 when they were mixed) */
    KGQ_PATPRED,  /* a pattern as a predicate (WHERE (a)-[:T]->(), EXISTS { pattern }):
                     kids[0]: KGQ_PATTERN, optional kids[1]: KGQ_WHERE */
    KGQ_REMOVE    /* unused placeholder: REMOVE v.k is a KGQ_SET of SETITEMs to null */
} kgq_kind;

/* flags */
#define KGQ_F_EXPLAIN 0x01u
#define KGQ_F_PROFILE 0x02u
#define KGQ_F_OPTIONAL 0x04u
#define KGQ_F_DISTINCT 0x08u
#define KGQ_F_DETACH 0x10u
#define KGQ_F_SHORTEST 0x20u
#define KGQ_F_ALLSHORTEST 0x40u
#define KGQ_F_DESC 0x80u
#define KGQ_F_NOT 0x100u
#define KGQ_F_HASELSE 0x200u
#define KGQ_F_SIMPLE 0x400u
#define KGQ_F_ALL 0x800u

/* kgq_parse's max_depth: 0 means KGQ_DEFAULT_DEPTH; larger values are capped
** at 5000 so that recursive walkers of the tree stay within any C stack. */
#define KGQ_DEFAULT_DEPTH 256u

/* KGQ_SHOW.i */
#define KGQ_SHOW_TYPES 1
#define KGQ_SHOW_RELATIONS 2

/* KGQ_RELPAT.op */
#define KGQ_DIR_OUT 1  /* -[...]-> */
#define KGQ_DIR_IN 2   /* <-[...]- */
#define KGQ_DIR_BOTH 3 /* -[...]- */

/* KGQ_QUANT.op */
#define KGQ_Q_ALL 1
#define KGQ_Q_ANY 2
#define KGQ_Q_NONE 3
#define KGQ_Q_SINGLE 4

/* KGQ_SETITEM.op: 0 v.k = expr; KGQ_SET_ALL v = map; KGQ_SET_ADD v += map */
#define KGQ_SET_ALL 1
#define KGQ_SET_ADD 2

/* KGQ_SET.i inside KGQ_MERGE (after its pattern): MERGE ... ON CREATE SET / ON MATCH SET */
#define KGQ_ON_CREATE 1
#define KGQ_ON_MATCH 2

/* KGQ_BINOP.op and KGQ_UNOP.op */
enum kgq_op {
    KGQ_OP_OR = 1,
    KGQ_OP_AND,
    KGQ_OP_XOR,
    KGQ_OP_NOT,
    KGQ_OP_EQ,
    KGQ_OP_NE,
    KGQ_OP_LT,
    KGQ_OP_LE,
    KGQ_OP_GT,
    KGQ_OP_GE,
    KGQ_OP_IN,
    KGQ_OP_CONTAINS,
    KGQ_OP_STARTS,
    KGQ_OP_ENDS,
    KGQ_OP_ADD,
    KGQ_OP_SUB,
    KGQ_OP_MUL,
    KGQ_OP_DIV,
    KGQ_OP_MOD,
    KGQ_OP_NEG,
    KGQ_OP_POW
};

typedef struct kgq_node {
    kgq_kind kind;          /* what this node is */
    int op;                 /* operator or direction, by kind */
    unsigned flags;         /* KGQ_F_* */
    uint32_t start, end;    /* byte span [start, end) in the query text */
    char *str;              /* owned, NUL-terminated; NULL if unused */
    size_t len;             /* bytes in str (strings may hold NUL) */
    int64_t i, i2;          /* integer payloads, by kind */
    double f;               /* KGQ_FLOAT */
    struct kgq_node **kids; /* owned children */
    int nkids;              /* number of children */
    int cap;                /* allocated slots in kids */
} kgq_node;

typedef struct kgq_error {
    uint32_t start, end; /* byte span of the offending text */
    char msg[256];       /* e.g. "unexpected ')', expecting identifier" */
} kgq_error;

/* Parse the first statement of text[0..len). A statement ends at ';' or at the
** end of the text. On success returns 0, *out owns the tree (kgq_free) and
** *consumed is the offset just past the statement and its ';'. When the text
** holds only blanks and comments, returns 0 with *out == NULL. On error returns
** -1 and fills *err; *out is NULL. Returns -2 when out of memory. Nesting
** deeper than max_depth (parentheses, lists, expressions) is an error. */
int kgq_parse(const char *text, size_t len, unsigned max_depth, kgq_node **out, size_t *consumed,
              kgq_error *err);

/* Free a tree; NULL accepted. */
void kgq_free(kgq_node *n);

/* Render a tree as an S-expression, one line, for tests; malloc'ed (free()),
** NULL when out of memory. The format is stable (tests compare it):
**
**   (KIND [op] [FLAGS...] [payload] [kids...])
**
** KIND is kgq_kind_name(kind). op: for BINOP/UNOP the operator (OR AND XOR NOT
** = <> < <= > >= IN CONTAINS STARTS ENDS + - * / %, NEG is written -); for
** RELPAT the direction (out, in, both). FLAGS, upper case, in bit order:
** EXPLAIN PROFILE OPTIONAL DISTINCT DETACH SHORTEST ALLSHORTEST DESC NOT ELSE.
** payload: SHOW TYPES|RELATIONS; BOOL true|false; INT decimal; FLOAT the
** shortest text that reads back exactly, always with '.' or an exponent;
** STRING always in double quotes (\" \\ \n \t \r, other control bytes \xHH);
** DATE as written; RANGE min and max with _ for -1; any other str (variable,
** label, key, alias, function, parameter) bare when it looks like an
** identifier (hyphens allowed) and is not a flag word, else quoted. CASE does
** not print i (it is the number of when/then pairs). A NULL tree is "()".
** Example: MATCH (a:person)-[:killed]->(v) RETURN a.name gives
**   (QUERY (MATCH (PATTERN (NODEPAT a (LABEL person)) (RELPAT out (LABEL killed))
**   (NODEPAT v))) (RETURN (PROJ (PROP name (VAR a)))))   (one line) */
char *kgq_dump(const kgq_node *n);

/* Name of a kind, e.g. "MATCH". */
const char *kgq_kind_name(kgq_kind k);

#endif
