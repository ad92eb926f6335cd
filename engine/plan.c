/*
** plan.c -- the planner: semantic checks of the AST and the operator tree
** (engine layer, query engine).
**
** A MATCH pattern is planned from its most selective node: a variable bound
** by an earlier clause, else a node named by {name: ...} (alias index), else
** a `WHERE v.name = ...` conjunct (the nodes whose canonical name it is
** exactly, from the names index: the seek answers the conjunct), else
** the type with the fewest nodes (type index), else every node. From there
** the chain is walked right, then left, one adjacency scan per hop. Within
** one MATCH a relation is used at most once per row (relationship
** uniqueness); variable-length hops walk relationship-unique paths.
*/
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct var {
    const char *name; /* variable name (the AST's, or in the arena) */
    int slot;         /* frame slot */
    int kind;         /* V_NODE, V_EDGE, V_EDGES, V_PATH, V_VALUE, V_LISTV, V_SCALAR */
    int hidden;       /* out of scope, still in the list (ORDER BY after WITH) */
} var;
/* V_VALUE: any value (a node perhaps); V_LISTV: a list expression (never a
** node, maybe a list of relations); V_SCALAR: a literal or map (neither) */
enum { V_NODE = 1, V_EDGE, V_EDGES, V_PATH, V_VALUE, V_LISTV, V_SCALAR };

typedef struct planner {
    kg_stmt *st; /* statement being planned */
    kg_exec *ex; /* its execution context (errors) */
    var *vars;   /* variables in scope */
    int nvars, capvars;
    int nslots; /* slots allocated so far */
    qagg *aggs; /* aggregates found while compiling one projection */
    int naggs, capaggs;
    int agg_ok;            /* aggregates allowed in the expression being compiled */
    int in_agg;            /* inside an aggregate's argument */
    const kgq_node *where; /* the WHERE of the MATCH being planned, or NULL */
    /* its AND conjuncts, each filtered as soon as its variables are bound
    ** (place_filters); npend 0 when there are too many to track */
    const kgq_node **pend;
    char *placed;    /* pend[i] has its Filter, or the hop answers it (where_types) */
    int npend;       /* number of conjuncts */
    int match_first; /* the first slot this MATCH declares: lower ones are bound */
    qop *match_base; /* the operator this MATCH's pipeline starts from */
    int match_vars;  /* variables in scope before the MATCH being planned */
    /* ORDER BY and WHERE of a WITH/RETURN: an expression written as one of
    ** the projection's items is that column (ORDER BY a.x after WITH a.x AS
    ** y, count(*) AS n) */
    const kgq_node **subst; /* the items' expressions (NULL entries skipped) */
    const int *subst_slots; /* their columns' slots */
    int nsubst;
} planner;

/* ---------------------------------------------------------------- bookkeeping
** Memory: everything the planner allocates -- operators, expressions, their
** arrays, its own scratch -- comes from the statement's arena (st->arena,
** internal.h) and is freed by kg_finalize at once; nothing here is freed
** alone. An allocation that fails returns NULL and sets the arena's sticky
** oom flag: code that allocates several arrays checks nomem(p) once before
** using them. Operators and expressions are also listed on the statement
** (allops, allx) for the executor's resets and the values they hold. */

static void *palloc(planner *p, size_t n)
{
    return kg_arena_alloc(&p->st->arena, n);
}
#define PALLOC_N(p, n, T) ((T *)palloc((p), (size_t)(n) * sizeof(T)))

/* Grow an arena array of `size`-byte items from n to at least n + 1 items
** (doubling, from init): the array moves; the old copy stays in the arena. */
static void *pgrow(planner *p, void *a, int n, int *cap, size_t size, int init)
{
    if (n < *cap) return a;
    int c = *cap ? *cap * 2 : init;
    void *q = kg_arena_grow(&p->st->arena, a, (size_t)n * size, (size_t)c * size);
    if (q) *cap = c;
    return q;
}

static int nomem(planner *p)
{
    return p->st->arena.oom;
}

static qop *new_op(planner *p, int kind, qop *child)
{
    kg_stmt *st = p->st;
    qop *op = palloc(p, sizeof *op);
    if (!op || KG_GROW(st->allops, st->nallops, st->capallops, 16)) return NULL;
    st->allops[st->nallops++] = op;
    op->kind = kind, op->child = child;
    switch (kind) { /* slots not set are -1 (none) */
    case OP_SEEK:
    case OP_IDSEEK:
        op->p.seek.slot = -1;
        break;
    case OP_SCAN:
        op->p.scan.slot = -1;
        break;
    case OP_EXPAND:
    case OP_VAREXPAND:
    case OP_SHORTEST:
        op->p.hop.slot = op->p.hop.slot2 = op->p.hop.slot3 = op->p.hop.pathslot = -1;
        break;
    case OP_UNWIND:
        op->p.expr.slot = -1;
        break;
    case OP_PATH:
        op->p.path.slot = -1;
        break;
    }
    return op;
}

static qx *new_x(planner *p, int kind, const kgq_node *n)
{
    kg_stmt *st = p->st;
    qx *x = palloc(p, sizeof *x);
    if (!x || KG_GROW(st->allx, st->nallx, st->capallx, 32)) return NULL;
    st->allx[st->nallx++] = x;
    x->kind = kind;
    if (n) x->start = n->start, x->end = n->end;
    return x;
}

static int add_kid(planner *p, qx *x, qx *k)
{
    /* capacity is implicit: 4, then doubled whenever nkids reaches a power of
    ** two, so a list literal of a million items is not quadratic to build */
    int n = x->nkids;
    if (n == 0 || (n >= 4 && !(n & (n - 1)))) {
        if (n > INT32_MAX / 2) return KG_NOMEM;
        qx **a = kg_arena_grow(&p->st->arena, x->kids, (size_t)n * sizeof *a,
                               (size_t)(n ? 2 * n : 4) * sizeof *a);
        if (!a) return KG_NOMEM;
        x->kids = a;
    }
    x->kids[x->nkids++] = k;
    return KG_OK;
}

static int oom(planner *p)
{
    return kg_error(p->ex->db, KG_NOMEM, "out of memory");
}

static int err(planner *p, int rc, const kgq_node *n, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int err(planner *p, int rc, const kgq_node *n, const char *hint, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return kg_q_error(p->ex, rc, n ? n->start : 0, n ? n->end : 0, hint, "%s", msg);
}

static var *lookup(planner *p, const char *name)
{
    for (int i = p->nvars - 1; i >= 0; i--)
        if (!p->vars[i].hidden && !strcmp(p->vars[i].name, name)) return &p->vars[i];
    return NULL;
}

/* Append a variable to the scope (no checks). */
static int scope_add(planner *p, const char *name, int slot, int kind)
{
    if (!(p->vars = pgrow(p, p->vars, p->nvars, &p->capvars, sizeof *p->vars, 16))) return oom(p);
    p->vars[p->nvars++] = (var){name, slot, kind, 0};
    return KG_OK;
}

static int declare(planner *p, const char *name, int kind, int *slot)
{
    *slot = p->nslots++;
    return scope_add(p, name, *slot, kind);
}

/* A fresh slot for an anonymous element. */
static int anon_slot(planner *p)
{
    return p->nslots++;
}

/* Edit distance for "did you mean" hints. */
static int edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 60 || m > 60) return 99;
    int d[61][61];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int c = d[i - 1][j - 1] + ((a[i - 1] | 32) != (b[j - 1] | 32));
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[n][m];
}

typedef struct namelist {
    qbuf all;         /* comma-separated names */
    const char *want; /* the unknown name */
    char best[128];   /* nearest name */
    int bestd;        /* its distance */
} namelist;

static void collect_name(const char *name, uint64_t n, void *ctx)
{
    namelist *nl = ctx;
    qb_printf(&nl->all, "%s%s", nl->all.n ? ", " : "", name);
    int d = edit_distance(nl->want, name);
    if (d < nl->bestd) {
        nl->bestd = d;
        snprintf(nl->best, sizeof nl->best, "%s", name);
    }
}

/* An unknown type or relation in a pattern matches nothing, as in
** openCypher: the statement gets a warning (kg_stmt_warning) naming it, with
** the known ones and a near miss. The first such name is the warning. */
static int unknown_warning(planner *p, const kgq_node *n, int kind)
{
    if (p->st->warning) return KG_OK;
    namelist nl = {{0}, n->str, "", 99};
    if (kind == KG_SYM_REL)
        kg_rel_counts(p->ex->txn, collect_name, &nl);
    else
        kg_type_counts(p->ex->txn, collect_name, &nl);
    int near = nl.bestd <= 2 && (int)strlen(n->str) > nl.bestd;
    qbuf b = {0};
    qb_printf(&b, "no %s '%s' in the database: that pattern matches nothing",
              kind == KG_SYM_REL ? "relation" : "type", n->str);
    size_t line = 1, col = 1;
    for (uint32_t i = 0; i < n->start && p->st->text[i]; i++) {
        if (p->st->text[i] == '\n')
            line++, col = 1;
        else if (((unsigned char)p->st->text[i] & 0xC0) != 0x80)
            col++;
    }
    qb_printf(&b, " (line %zu, column %zu)", line, col);
    if (near) qb_printf(&b, ", did you mean '%s'?", nl.best);
    qb_printf(&b, "; known %s: %s", kind == KG_SYM_REL ? "relations" : "types",
              nl.all.p ? nl.all.p : "none yet");
    qb_free(&nl.all);
    if (b.oom) return oom(p);
    p->st->warning = kg_arena_strndup(&p->st->arena, b.p, b.n);
    qb_free(&b);
    return p->st->warning ? KG_OK : oom(p);
}

/* ---------------------------------------------------------------- expressions */

int kg_q_param(kg_stmt *st, const char *name)
{
    kg_exec *ex = &st->ex;
    kg_arena *a = &st->arena;
    for (int i = 0; i < ex->nparams; i++)
        if (!strcmp(ex->pnames[i], name)) return i;
    size_t n = (size_t)ex->nparams;
    char **pn = kg_arena_grow(a, ex->pnames, n * sizeof *pn, (n + 1) * sizeof *pn);
    qv *pv = kg_arena_grow(a, ex->params, n * sizeof *pv, (n + 1) * sizeof *pv);
    int *pb = kg_arena_grow(a, ex->pbound, n * sizeof *pb, (n + 1) * sizeof *pb);
    char *nm = kg_arena_strndup(a, name, strlen(name));
    if (a->oom) return -1;
    ex->pnames = pn, ex->params = pv, ex->pbound = pb;
    pn[n] = nm, pv[n] = QV_NULL, pb[n] = 0;
    return ex->nparams++;
}

static int compile(planner *p, const kgq_node *n, qx **out);

static int compile_kids(planner *p, const kgq_node *n, qx *x, int from)
{
    for (int i = from; i < n->nkids; i++) {
        qx *k;
        int rc = compile(p, n->kids[i], &k);
        if (rc) return rc;
        if (add_kid(p, x, k)) return oom(p);
    }
    return KG_OK;
}

/* AND, OR, XOR and NOT take booleans (and null): an operand that is a
** literal, list or map of another type is an error when planning (the
** evaluator checks the others). */
static int bool_operands(planner *p, const qx *x, const char *op)
{
    for (int i = 0; i < x->nkids; i++) {
        const qx *k = x->kids[i];
        int t = k->kind == QX_LIT    ? k->lit.t
                : k->kind == QX_LIST ? KG_LIST
                : k->kind == QX_MAP  ? KG_MAP
                                     : KG_NULL;
        if (t != KG_NULL && t != KG_BOOL)
            return kg_q_error(p->ex, KG_SEMANTIC, k->start, k->end, NULL,
                              "%s takes booleans, not %s", op, qv_type_name((uint8_t)t));
    }
    return KG_OK;
}

static int compile(planner *p, const kgq_node *n, qx **out)
{
    qx *x = NULL;
    int rc = KG_OK;
    for (int i = 0; i < p->nsubst && n->kind != KGQ_VAR && n->kind > KGQ_PARAM; i++) {
        const kgq_node *e = p->subst[i];
        const char *t = p->st->text;
        if (e && e->end - e->start == n->end - n->start &&
            !memcmp(t + e->start, t + n->start, n->end - n->start)) {
            if (!(x = new_x(p, QX_SLOT, n))) return oom(p);
            x->slot = p->subst_slots[i];
            *out = x;
            return KG_OK;
        }
    }
    switch (n->kind) {
    case KGQ_NULL:
    case KGQ_BOOL:
    case KGQ_INT:
    case KGQ_FLOAT:
    case KGQ_STRING:
    case KGQ_DATE:
        if (!(x = new_x(p, QX_LIT, n))) return oom(p);
        if (n->kind == KGQ_BOOL)
            x->lit = qv_bool((int)n->i);
        else if (n->kind == KGQ_INT)
            x->lit = qv_int(n->i);
        else if (n->kind == KGQ_FLOAT)
            x->lit = qv_float(n->f);
        else if (n->kind == KGQ_STRING) {
            x->lit = qv_text(n->str ? n->str : "", n->len);
            if (x->lit.t == KG_NULL) return oom(p);
        } else if (n->kind == KGQ_DATE) {
            int32_t d;
            if (kg_date_parse(n->str, strlen(n->str), &d))
                return err(p, KG_SYNTAX, n, "dates are written YYYY-MM-DD", "invalid date '%s'",
                           n->str);
            x->lit = qv_date(d);
        }
        break;
    case KGQ_PARAM: {
        if (!(x = new_x(p, QX_PARAM, n))) return oom(p);
        if ((x->slot = kg_q_param(p->st, n->str)) < 0) return oom(p);
        break;
    }
    case KGQ_VAR: {
        var *v = lookup(p, n->str);
        if (!v) return err(p, KG_SEMANTIC, n, NULL, "unknown variable '%s'", n->str);
        if (!(x = new_x(p, QX_SLOT, n))) return oom(p);
        x->slot = v->slot;
        break;
    }
    case KGQ_PROP:
        if (!(x = new_x(p, QX_PROP, n))) return oom(p);
        x->name = n->str;
        rc = compile_kids(p, n, x, 0);
        break;
    case KGQ_BINOP:
        if (!(x = new_x(p, QX_BIN, n))) return oom(p);
        x->op = n->op;
        rc = compile_kids(p, n, x, 0);
        if (!rc && (n->op == KGQ_OP_AND || n->op == KGQ_OP_OR || n->op == KGQ_OP_XOR))
            rc = bool_operands(p, x,
                               n->op == KGQ_OP_AND  ? "AND"
                               : n->op == KGQ_OP_OR ? "OR"
                                                    : "XOR");
        break;
    case KGQ_UNOP:
        if (!(x = new_x(p, n->op == KGQ_OP_NOT ? QX_NOT : QX_NEG, n))) return oom(p);
        rc = compile_kids(p, n, x, 0);
        if (!rc && n->op == KGQ_OP_NOT) rc = bool_operands(p, x, "NOT");
        break;
    case KGQ_ISNULL:
        if (!(x = new_x(p, QX_ISNULL, n))) return oom(p);
        x->neg = (n->flags & KGQ_F_NOT) != 0;
        rc = compile_kids(p, n, x, 0);
        break;
    case KGQ_LIST:
        if (!(x = new_x(p, QX_LIST, n))) return oom(p);
        if ((rc = compile_kids(p, n, x, 0))) break;
        /* a list of literals is a literal: built once, not once per row */
        int lits = 1;
        for (int i = 0; i < x->nkids && lits; i++)
            lits = x->kids[i]->kind == QX_LIT;
        if (lits) {
            qv l = qv_list(KG_LIST, (uint32_t)x->nkids);
            if (l.t == KG_NULL) return oom(p);
            for (int i = 0; i < x->nkids; i++)
                l.u.l->v[i] = qv_retain(x->kids[i]->lit);
            x->kind = QX_LIT, x->lit = l;
        }
        break;
    case KGQ_MAPLIT:
    case KGQ_MAP:
        if (!(x = new_x(p, QX_MAP, n))) return oom(p);
        for (int i = 0; i < n->nkids && !rc; i++) {
            qx *k = new_x(p, QX_LIT, n->kids[i]), *v;
            if (!k) return oom(p);
            k->lit = qv_text(n->kids[i]->str, strlen(n->kids[i]->str));
            if ((rc = compile(p, n->kids[i]->kids[0], &v))) return rc;
            if (add_kid(p, x, k) || add_kid(p, x, v)) return oom(p);
        }
        break;
    case KGQ_INDEX:
        if (!(x = new_x(p, QX_INDEX, n))) return oom(p);
        rc = compile_kids(p, n, x, 0);
        break;
    case KGQ_CASE:
        if (!(x = new_x(p, QX_CASE, n))) return oom(p);
        x->neg = (n->flags & KGQ_F_HASELSE) != 0;
        x->op = (n->flags & KGQ_F_SIMPLE) != 0;
        rc = compile_kids(p, n, x, 0);
        break;
    case KGQ_LISTCOMP:
    case KGQ_QUANT: {
        /* the list in the outer scope; the predicate and projection see v */
        qx *k;
        if (!(x = new_x(p, n->kind == KGQ_QUANT ? QX_QUANT : QX_COMP, n))) return oom(p);
        x->op = n->op;
        x->neg = n->kind == KGQ_QUANT ? 1 : (int)n->i;
        if ((rc = compile(p, n->kids[0], &k))) return rc;
        if (add_kid(p, x, k)) return oom(p);
        if ((rc = declare(p, n->str, V_VALUE, &x->slot))) return rc;
        int mark = p->nvars - 1;
        rc = compile_kids(p, n, x, 1);
        memmove(p->vars + mark, p->vars + mark + 1, (size_t)(p->nvars - mark - 1) * sizeof(var));
        p->nvars--;
        break;
    }
    case KGQ_SLICE:
        if (!(x = new_x(p, QX_SLICE, n))) return oom(p);
        x->neg = (int)n->i;
        rc = compile_kids(p, n, x, 0);
        break;
    case KGQ_HASLABEL: {
        /* v:A:B is v has type A and v has type B */
        qx *v;
        if ((rc = compile(p, n->kids[0], &v))) return rc;
        for (int i = 1; i < n->nkids; i++) {
            qx *c = new_x(p, QX_ISTYPE, n->kids[i]);
            if (!c || add_kid(p, c, v)) return oom(p);
            c->name = n->kids[i]->str;
            if (!x) {
                x = c;
                continue;
            }
            qx *a = new_x(p, QX_BIN, n);
            if (!a || add_kid(p, a, x) || add_kid(p, a, c)) return oom(p);
            a->op = KGQ_OP_AND;
            x = a;
        }
        break;
    }
    case KGQ_CALL: {
        int fn, agg, mn, mx;
        if (kg_fn_lookup(n->str, &fn, &agg, &mn, &mx)) {
            qbuf names = {0}, hint = {0};
            kg_fn_names(&names);
            /* a near miss first: lenght -> length */
            char best[64] = "";
            int bestd = 99;
            for (const char *f = names.p; f && *f;) {
                size_t l = strcspn(f, ",");
                char one[64];
                snprintf(one, sizeof one, "%.*s", (int)(l < 63 ? l : 63), f);
                int d = edit_distance(n->str, one);
                if (d < bestd) bestd = d, snprintf(best, sizeof best, "%s", one);
                f += l;
                while (*f == ',' || *f == ' ')
                    f++;
            }
            if (bestd <= 2 && (int)strlen(n->str) > bestd)
                qb_printf(&hint, "did you mean '%s'? ", best);
            qb_printf(&hint, "known functions: %s", names.p ? names.p : "");
            rc = err(p, KG_SEMANTIC, n, hint.p, "unknown function '%s'", n->str);
            qb_free(&hint);
            qb_free(&names);
            return rc;
        }
        int star = n->nkids == 1 && n->kids[0]->kind == KGQ_STAR;
        if (star && (!agg || fn != AGG_COUNT))
            return err(p, KG_SEMANTIC, n, NULL, "only count takes *");
        if (!star && (n->nkids < mn || n->nkids > mx))
            return err(p, KG_SEMANTIC, n, NULL, "%s takes %d%s argument%s, not %d", n->str, mn,
                       mx > mn ? " or more" : "", mx > 1 ? "s" : "", n->nkids);
        if (!agg) {
            if (n->flags & KGQ_F_DISTINCT)
                return err(p, KG_SEMANTIC, n, NULL, "DISTINCT only applies to aggregates");
            if (!(x = new_x(p, QX_CALL, n))) return oom(p);
            x->fn = fn;
            x->name = n->str;
            rc = compile_kids(p, n, x, 0);
            break;
        }
        if (!p->agg_ok)
            return err(p, KG_SEMANTIC, n, "aggregates belong in RETURN or WITH",
                       "aggregate %s is not allowed here", n->str);
        if (p->in_agg) return err(p, KG_SEMANTIC, n, NULL, "aggregates cannot be nested");
        if (!(p->aggs = pgrow(p, p->aggs, p->naggs, &p->capaggs, sizeof *p->aggs, 4)))
            return oom(p);
        qagg *a = &p->aggs[p->naggs];
        memset(a, 0, sizeof *a);
        a->fn = star ? AGG_COUNT_STAR : fn;
        a->distinct = (n->flags & KGQ_F_DISTINCT) != 0;
        if (!star) {
            p->in_agg = 1;
            rc = compile(p, n->kids[0], &a->arg);
            if (!rc && n->nkids > 1) rc = compile(p, n->kids[1], &a->arg2);
            p->in_agg = 0;
            if (rc) return rc;
        }
        if (!(x = new_x(p, QX_AGG, n))) return oom(p);
        x->slot = -1 - p->naggs; /* patched to the aggregate's slot by the projection */
        p->naggs++;
        break;
    }
    case KGQ_STAR:
        return err(p, KG_SEMANTIC, n, NULL, "'*' is not a value here");
    default:
        return err(p, KG_SEMANTIC, n, NULL, "unexpected %s in an expression",
                   kgq_kind_name(n->kind));
    }
    if (rc) return rc;
    *out = x;
    return KG_OK;
}

/* A literal or parameter expression usable as a name (no variables). */
static int is_constant(const kgq_node *n)
{
    return n->kind == KGQ_STRING || n->kind == KGQ_PARAM;
}

/* ---------------------------------------------------------------- patterns */

/* Relation ids for a relation pattern's labels; nrels == 0 means any. A
** relation not in the database is left out (with a warning); *none is set
** when every one named is unknown: the hop matches nothing. */
static int rel_ids(planner *p, const kgq_node *r, qp_hop *h, int *none)
{
    int unknown = 0, named = 0;
    *none = 0;
    for (int i = 0; i < r->nkids; i++) {
        const kgq_node *l = r->kids[i];
        if (l->kind != KGQ_LABEL) continue;
        uint32_t id;
        named++;
        int rc = kg_store_sym(p->ex->txn, KG_SYM_REL, l->str, 0, &id);
        if (rc == KG_NOTFOUND) {
            unknown++;
            if ((rc = unknown_warning(p, l, KG_SYM_REL))) return rc;
            continue;
        }
        if (rc) return rc;
        uint32_t *a =
            kg_arena_grow(&p->st->arena, h->rels, h->nrels * sizeof *a, (h->nrels + 1) * sizeof *a);
        if (!a) return oom(p);
        h->rels = a;
        h->rels[h->nrels++] = id;
    }
    *none = named && unknown == named;
    return KG_OK;
}

/* A Filter that lets no row through, for a pattern part naming only
** relations the database does not have. */
static int match_nothing(planner *p, qop **cur, const kgq_node *n)
{
    qop *f = new_op(p, OP_FILTER, *cur);
    qx *x = new_x(p, QX_LIT, n);
    if (!f || !x) return oom(p);
    x->lit = qv_bool(0);
    f->p.expr.expr = x;
    snprintf(f->detail, sizeof f->detail, "no such relation: nothing matches");
    *cur = f;
    return KG_OK;
}

static const kgq_node *find_kid(const kgq_node *n, int kind)
{
    for (int i = 0; i < n->nkids; i++)
        if (n->kids[i]->kind == kind) return n->kids[i];
    return NULL;
}

/* Check the node pattern's labels exist; returns the first label or NULL. */
static int node_labels(planner *p, const kgq_node *np, const char **first, int *nlabels)
{
    *first = NULL, *nlabels = 0;
    for (int i = 0; i < np->nkids; i++) {
        const kgq_node *l = np->kids[i];
        if (l->kind != KGQ_LABEL) continue;
        if (!kg_supertype(l->str)) {
            uint32_t id;
            int rc = kg_store_sym(p->ex->txn, KG_SYM_TYPE, l->str, 0, &id);
            if (rc == KG_NOTFOUND && (rc = unknown_warning(p, l, KG_SYM_TYPE))) return rc;
            if (rc && rc != KG_NOTFOUND) return rc;
        }
        if (!*first) *first = l->str;
        (*nlabels)++;
    }
    return KG_OK;
}

/* Append a filter that node in `slot` has one of the pattern's types. */
static int type_filter(planner *p, qop **cur, const kgq_node *np, int slot)
{
    qx *ors = NULL;
    for (int i = 0; i < np->nkids; i++) {
        const kgq_node *l = np->kids[i];
        if (l->kind != KGQ_LABEL) continue;
        /* istype(slot, label) as a NAMEIS-like call: compare node type */
        qx *v = new_x(p, QX_SLOT, l), *c = new_x(p, QX_ISTYPE, l);
        if (!v || !c) return oom(p);
        v->slot = slot;
        c->name = l->str;
        if (add_kid(p, c, v)) return oom(p);
        if (!ors)
            ors = c;
        else {
            qx *o = new_x(p, QX_BIN, l);
            if (!o) return oom(p);
            o->op = KGQ_OP_OR;
            if (add_kid(p, o, ors) || add_kid(p, o, c)) return oom(p);
            ors = o;
        }
    }
    if (!ors) return KG_OK;
    qop *f = new_op(p, OP_FILTER, *cur);
    if (!f) return oom(p);
    f->p.expr.expr = ors;
    snprintf(f->detail, sizeof f->detail, "type check: %s is ", np->str ? np->str : "_");
    for (int i = 0, k = 0; i < np->nkids; i++)
        if (np->kids[i]->kind == KGQ_LABEL)
            snprintf(f->detail + strlen(f->detail), sizeof f->detail - strlen(f->detail), "%s%s",
                     k++ ? "|" : "", np->kids[i]->str);
    *cur = f;
    return KG_OK;
}

/* Filters for the inline property map of a node pattern (name with alias
** semantics unless it was used for the seek). */
static int prop_filters(planner *p, qop **cur, const kgq_node *np, int slot, int name_done,
                        const char *type)
{
    const kgq_node *map = find_kid(np, KGQ_MAP);
    if (!map) return KG_OK;
    for (int i = 0; i < map->nkids; i++) {
        const kgq_node *pair = map->kids[i];
        if (!strcmp(pair->str, "name") && name_done) continue;
        qx *v = new_x(p, QX_SLOT, pair), *val, *c;
        if (!v) return oom(p);
        v->slot = slot;
        int rc = compile(p, pair->kids[0], &val);
        if (rc) return rc;
        if (!strcmp(pair->str, "name")) {
            if (!(c = new_x(p, QX_NAMEIS, pair))) return oom(p);
            c->name = (char *)type;
            if (add_kid(p, c, v) || add_kid(p, c, val)) return oom(p);
        } else {
            qx *pr = new_x(p, QX_PROP, pair);
            if (!pr || !(c = new_x(p, QX_BIN, pair))) return oom(p);
            pr->name = pair->str;
            c->op = KGQ_OP_EQ;
            if (add_kid(p, pr, v) || add_kid(p, c, pr) || add_kid(p, c, val)) return oom(p);
        }
        qop *f = new_op(p, OP_FILTER, *cur);
        if (!f) return oom(p);
        f->p.expr.expr = c;
        snprintf(f->detail, sizeof f->detail, "property %s", pair->str);
        *cur = f;
    }
    return KG_OK;
}

/* Split WHERE into AND conjuncts: the first max into out, *n counts all. */
static void conjuncts(const kgq_node *w, const kgq_node **out, int *n, int max)
{
    if (w->kind == KGQ_BINOP && w->op == KGQ_OP_AND) {
        conjuncts(w->kids[0], out, n, max);
        conjuncts(w->kids[1], out, n, max);
    } else {
        if (*n < max) out[*n] = w;
        (*n)++;
    }
}

/* ---------------------------------------------------------------- filters as early as possible
** A WHERE conjunct is a Filter right after the operator that binds the last
** of its variables, instead of one Filter after the whole pattern: a row
** that fails it is dropped before the hops after it multiply it. Filters
** commute (each keeps a row when its conjunct is true), so the rows are
** the same; a conjunct holding a pattern, a comprehension or a quantifier
** (variables of its own) stays at the end. */

/* Is slot bound once the operators from cur down to the MATCH's start ran? */
static int slot_bound(planner *p, const qop *cur, int slot)
{
    if (slot < p->match_first) return 1;
    for (const qop *o = cur; o && o != p->match_base; o = o->child) {
        switch (o->kind) {
        case OP_SEEK:
        case OP_IDSEEK:
            if (o->p.seek.slot == slot) return 1;
            break;
        case OP_SCAN:
            if (o->p.scan.slot == slot) return 1;
            break;
        case OP_PATH:
            if (o->p.path.slot == slot) return 1;
            break;
        case OP_EXPAND:
        case OP_VAREXPAND:
            if (o->p.hop.slot2 == slot || o->p.hop.slot3 == slot) return 1;
            break;
        case OP_SHORTEST:
            if (o->p.hop.slot3 == slot || o->p.hop.pathslot == slot) return 1;
            break;
        default:
            break;
        }
    }
    return 0;
}

/* Are the variables of expression n in scope and bound at cur? */
static int vars_bound(planner *p, const qop *cur, const kgq_node *n)
{
    switch (n->kind) {
    case KGQ_VAR: {
        var *v = lookup(p, n->str);
        return v && slot_bound(p, cur, v->slot);
    }
    case KGQ_PATPRED:
    case KGQ_LISTCOMP:
    case KGQ_QUANT:
    case KGQ_PATTERN:
    case KGQ_NODEPAT:
    case KGQ_RELPAT:
        return 0;
    default:
        for (int i = 0; i < n->nkids; i++)
            if (!vars_bound(p, cur, n->kids[i])) return 0;
        return 1;
    }
}

/* A Filter after *cur for each conjunct not yet placed whose variables are
** bound there. */
static int place_filters(planner *p, qop **cur)
{
    for (int i = 0; i < p->npend; i++) {
        if (p->placed[i] || !vars_bound(p, *cur, p->pend[i])) continue;
        qop *f = new_op(p, OP_FILTER, *cur);
        if (!f) return oom(p);
        int rc = compile(p, p->pend[i], &f->p.expr.expr);
        if (rc) return rc;
        snprintf(f->detail, sizeof f->detail, "WHERE, as soon as its variables are bound");
        p->placed[i] = 1;
        *cur = f;
    }
    return KG_OK;
}

/* A list literal of constants, or a parameter (a list when bound). */
static int is_constant_list(const kgq_node *n, int kind)
{
    if (n->kind == KGQ_PARAM) return 1;
    if (n->kind != KGQ_LIST) return 0;
    for (int i = 0; i < n->nkids; i++)
        if (n->kids[i]->kind != kind && n->kids[i]->kind != KGQ_PARAM) return 0;
    return 1;
}

/* Is n `v.name` (key "name") or `id(v)` (key NULL) for variable var? */
static int is_var_key(const kgq_node *n, const char *var, const char *key)
{
    if (key)
        return n->kind == KGQ_PROP && !strcmp(n->str, key) && n->kids[0]->kind == KGQ_VAR &&
               !strcmp(n->kids[0]->str, var);
    return n->kind == KGQ_CALL && n->str && !strcasecmp(n->str, "id") && n->nkids == 1 &&
           !(n->flags & KGQ_F_DISTINCT) && n->kids[0]->kind == KGQ_VAR &&
           !strcmp(n->kids[0]->str, var);
}

/* An index seek written in WHERE, among the conjuncts: `v.name = c`,
** `v.name IN [c, ...]`, `id(v) = c`, `id(v) IN [c, ...]` (c a literal or a
** parameter; the list may be a parameter). Returns the constant or list,
** sets *byid, *in and *at (the conjunct's index); NULL when there is none.
** The conjunct stays in the WHERE filter, except `v.name = c`, which the
** seek answers exactly (plan_start). */
static const kgq_node *where_seek(const kgq_node **cj, int ncj, const char *var, int *byid, int *in,
                                  int *at)
{
    for (int k = 0; k < 2; k++) /* name first: the name index is the cheaper seek to plan */
        for (int i = 0; i < ncj; i++) {
            const kgq_node *c = cj[i];
            const char *key = k ? NULL : "name";
            if (c->kind != KGQ_BINOP) continue;
            *byid = k, *in = c->op == KGQ_OP_IN, *at = i;
            if (c->op == KGQ_OP_IN && is_var_key(c->kids[0], var, key) &&
                is_constant_list(c->kids[1], k ? KGQ_INT : KGQ_STRING))
                return c->kids[1];
            if (c->op != KGQ_OP_EQ) continue;
            for (int s = 0; s < 2; s++) {
                const kgq_node *a = c->kids[s], *b = c->kids[1 - s];
                if (is_var_key(a, var, key) &&
                    (b->kind == KGQ_PARAM || b->kind == (k ? KGQ_INT : KGQ_STRING)))
                    return b;
            }
        }
    return NULL;
}

typedef struct elem {
    const kgq_node *n;     /* KGQ_NODEPAT or KGQ_RELPAT */
    int slot;              /* its slot */
    int bound;             /* bound before this pattern started */
    int kind;              /* V_NODE, V_EDGE, V_EDGES */
    uint32_t inrel;        /* node: a relation of one of its hops that points at it, or 0 */
    const char *inrelname; /* its name */
    uint64_t incount;      /* relations of that kind: at least its nodes with one coming in */
} elem;

/* Nodes of the type (or every node, type NULL): the number a scan visits. */
static uint64_t type_nodes(planner *p, const char *type)
{
    if (type && !kg_supertype(type)) {
        uint32_t id;
        if (kg_store_sym(p->ex->txn, KG_SYM_TYPE, type, 0, &id)) return 0;
        return kg_store_type_count(p->ex->txn, id);
    }
    kg_stats s;
    kg_stats_get(p->ex->txn, &s);
    return s.nodes;
}

/* Is scanning the nodes with e->inrel coming in cheaper than the type index
** (type, one label) or every node (type NULL)? */
static int in_cheaper(planner *p, const elem *e, const char *type)
{
    return e->inrel && e->incount < type_nodes(p, type);
}

/* e->inrel: for node element i of a pattern, one relation of one of its
** hops, single-labelled, one hop long and pointing at it ((a)-[:R]->(e) or
** (e)<-[:R]-(a)), the one with the fewest relations. Every node the pattern
** binds at i has such a relation coming in, so the in-degree index (store.c,
** table indeg), which lists exactly the nodes with R coming in, can start
** the chain there instead of a scan of every node. */
static void in_relation(planner *p, elem *el, int n, int i)
{
    el[i].inrel = 0;
    for (int s = -1; s <= 1; s += 2) {
        int r = i + s;
        if (r < 1 || r >= n - 1) continue;
        const kgq_node *rn = el[r].n;
        if (rn->op != (s < 0 ? KGQ_DIR_OUT : KGQ_DIR_IN) || find_kid(rn, KGQ_RANGE)) continue;
        const kgq_node *label = NULL;
        int nl = 0;
        for (int k = 0; k < rn->nkids; k++)
            if (rn->kids[k]->kind == KGQ_LABEL) label = rn->kids[k], nl++;
        uint32_t id;
        if (nl != 1 || kg_store_sym(p->ex->txn, KG_SYM_REL, label->str, 0, &id)) continue;
        uint64_t c = kg_store_rel_count(p->ex->txn, id);
        if (!el[i].inrel || c < el[i].incount)
            el[i].inrel = id, el[i].inrelname = label->str, el[i].incount = c;
    }
}

/* Plan the start node of a chain. */
static int plan_start(planner *p, qop **cur, elem *e, const kgq_node **cj, int ncj, const char *var)
{
    const char *type;
    int nl, rc;
    if ((rc = node_labels(p, e->n, &type, &nl))) return rc;
    const kgq_node *map = find_kid(e->n, KGQ_MAP), *name = NULL;
    int strict = 0;
    if (map)
        for (int i = 0; i < map->nkids; i++)
            if (!strcmp(map->kids[i]->str, "name") && is_constant(map->kids[i]->kids[0]))
                name = map->kids[i]->kids[0];
    int byid = 0, in = 0, at = -1;
    if (!name && var && (name = where_seek(cj, ncj, var, &byid, &in, &at))) strict = 1;
    /* `v.name = c`: the seek binds exactly the nodes whose canonical name is
    ** c (exec.c, seek_name), so the conjunct needs no Filter; `id(v) = c`
    ** the node whose id equals c (exec.c, idseek_next) */
    int answered = strict && !in && cj == p->pend && at >= 0 && at < p->npend;
    qop *op;
    if (name) {
        if (!(op = new_op(p, byid ? OP_IDSEEK : OP_SEEK, *cur))) return oom(p);
        qp_seek *ps = &op->p.seek;
        if ((rc = compile(p, name, &ps->expr))) return rc;
        ps->typename = nl == 1 ? (char *)type : NULL;
        ps->where = answered ? 2 : strict;
        if (answered) p->placed[at] = 1;
        ps->slot = e->slot;
        const char *form = byid      ? (in ? "WHERE id() IN" : "WHERE id() =")
                           : !strict ? "{name}"
                           : in      ? "WHERE name IN"
                                     : "WHERE name";
        if (byid)
            snprintf(op->detail, sizeof op->detail, "%s: node id (%s%s)", var, form,
                     nl == 1 ? ", type-checked" : "");
        else
            snprintf(op->detail, sizeof op->detail, "%s: name index (%s%s)%s",
                     var ? var : "(anonymous)", form, nl == 1 ? ", type-checked" : "",
                     answered ? ", canonical name exactly"
                     : strict ? ", canonical name exactly, filter follows"
                              : "");
        *cur = op;
        if (nl > 1 && (rc = type_filter(p, cur, e->n, e->slot))) return rc;
        return prop_filters(p, cur, e->n, e->slot, !strict, type);
    }
    if (!(op = new_op(p, OP_SCAN, *cur))) return oom(p);
    qp_scan *sc = &op->p.scan;
    sc->slot = e->slot;
    if (e->inrel && in_cheaper(p, e, nl == 1 ? type : NULL)) {
        /* every node the pattern can bind here has one of these relations
        ** coming in: the in-degree index lists exactly those nodes */
        sc->inrel = e->inrel;
        snprintf(op->detail, sizeof op->detail,
                 "%s: nodes with %s coming in (in-degree index, at most %llu nodes)",
                 var ? var : "(anonymous)", e->inrelname, (unsigned long long)e->incount);
        *cur = op;
        if (nl && (rc = type_filter(p, cur, e->n, e->slot))) return rc;
    } else if (nl == 1 && !kg_supertype(type)) {
        if (kg_store_sym(p->ex->txn, KG_SYM_TYPE, type, 0, &sc->type)) sc->type = UINT32_MAX;
        snprintf(op->detail, sizeof op->detail, "%s: type index (%s, %llu nodes)",
                 var ? var : "(anonymous)", type,
                 (unsigned long long)kg_store_type_count(p->ex->txn, sc->type));
        *cur = op;
    } else {
        sc->type = 0;
        snprintf(op->detail, sizeof op->detail, "%s: all nodes", var ? var : "(anonymous)");
        *cur = op;
        if (nl && (rc = type_filter(p, cur, e->n, e->slot))) return rc;
    }
    return prop_filters(p, cur, e->n, e->slot, 0, nl == 1 ? type : NULL);
}

/* ---------------------------------------------------------------- modality
** A plain relation pattern does not see relations whose modality is claimed
** or denied (every evidence row a claim or a denial: kg.h, QUERY.md
** "Modality"). A pattern sees every relation when it names the modality:
** its property map has `modality` or `claimant` (the only keys a relation
** pattern takes), or the WHERE of its MATCH reads one of the relation
** variable's modality properties. */

static int is_mod_key(const char *k)
{
    return k && (!strcmp(k, "modality") || !strcmp(k, "claimant") || !strcmp(k, "modalities") ||
                 !strcmp(k, "contested"));
}

/* Does expression n read a modality property of relation variable v? */
static int reads_modality(const kgq_node *n, const char *v)
{
    if (!n || !v) return 0;
    if (n->kind == KGQ_PROP && n->nkids == 1 && n->kids[0]->kind == KGQ_VAR && n->kids[0]->str &&
        !strcmp(n->kids[0]->str, v) && is_mod_key(n->str))
        return 1;
    for (int i = 0; i < n->nkids; i++)
        if (reads_modality(n->kids[i], v)) return 1;
    return 0;
}

/* Check the property map of a relation pattern: modality (a modality word)
** and claimant only. */
static int rel_map_check(planner *p, const kgq_node *map, int range)
{
    for (int i = 0; i < map->nkids; i++) {
        const kgq_node *pair = map->kids[i], *v = pair->kids[0];
        if (strcmp(pair->str, "modality") && strcmp(pair->str, "claimant"))
            return err(p, KG_SEMANTIC, pair,
                       "a relation pattern takes {modality: ...} and {claimant: ...}; filter "
                       "other properties with WHERE r.doc = ...",
                       "properties on relation patterns are not supported");
        if (range)
            return err(p, KG_SEMANTIC, pair, "match one hop -[r {modality: ...}]-> instead",
                       "a variable-length relation cannot take a modality or claimant");
        if (!strcmp(pair->str, "modality") && v->kind == KGQ_STRING &&
            kg_modality_parse(v->str ? v->str : "", NULL))
            return err(p, KG_SEMANTIC, v, "one of 'asserted', 'reported', 'claimed', 'denied'",
                       "unknown modality '%.60s'", v->str ? v->str : "");
    }
    return KG_OK;
}

/* Does relation pattern rn name the structural relation mentioned-in (kg.h)?
** Such a hop sees every relation it names, hidden ones included. */
static int names_structural(const kgq_node *rn)
{
    for (int i = 0; i < rn->nkids; i++)
        if (rn->kids[i]->kind == KGQ_LABEL && rn->kids[i]->str &&
            !strcmp(rn->kids[i]->str, KG_MENTION_REL))
            return 1;
    return 0;
}

/* Cost of starting at node element e (lower is better). */
static double start_cost(planner *p, elem *e, const kgq_node **cj, int ncj)
{
    if (e->bound) return 0;
    const kgq_node *map = find_kid(e->n, KGQ_MAP);
    if (map)
        for (int i = 0; i < map->nkids; i++)
            if (!strcmp(map->kids[i]->str, "name") && is_constant(map->kids[i]->kids[0])) return 1;
    int byid, in;
    int at;
    if (e->n->str && where_seek(cj, ncj, e->n->str, &byid, &in, &at)) return byid ? 0.5 : 1.5;
    const char *type = NULL;
    int nl = 0;
    for (int i = 0; i < e->n->nkids; i++)
        if (e->n->kids[i]->kind == KGQ_LABEL) type = e->n->kids[i]->str, nl++;
    if (in_cheaper(p, e, nl == 1 ? type : NULL)) return 2 + (double)e->incount;
    kg_stats s;
    kg_stats_get(p->ex->txn, &s);
    if (nl == 1 && !kg_supertype(type)) {
        uint32_t id;
        if (kg_store_sym(p->ex->txn, KG_SYM_TYPE, type, 0, &id)) return 2;
        return 2 + (double)kg_store_type_count(p->ex->txn, id);
    }
    return 3 + (double)s.nodes;
}

/* hop.min and hop.max of a variable-length range (*, *2, *..6, *1..3): the
** lower bound 1 when not written; no upper bound when not written (as in
** openCypher: relationship uniqueness ends every path, the time, memory and
** row limits and kg_interrupt end a search too long to wait for; a 21-hop
** path was silently missed under the old default of 16); a written upper
** bound over the handle's path limit is an error. */
static int range_bounds(planner *p, const kgq_node *range, qp_hop *h)
{
    unsigned cap = p->ex->db->limits.max_path_length;
    h->min = range->i < 0 ? 1 : range->i;
    h->max = range->i2 < 0 ? INT32_MAX : range->i2;
    if (range->i2 < 0) return KG_OK;
    if (h->max > (int64_t)cap)
        return err(p, KG_LIMIT, range, "raise it with kg_set_limits or .limit path N",
                   "variable-length upper bound %lld is over the limit of %u hops",
                   (long long)h->max, cap);
    return KG_OK;
}

/* Is n `type(v)` for relation variable var? */
static int is_type_of(const kgq_node *n, const char *var)
{
    return n->kind == KGQ_CALL && n->str && !strcasecmp(n->str, "type") && n->nkids == 1 &&
           n->kids[0]->kind == KGQ_VAR && !strcmp(n->kids[0]->str, var);
}

/* Relation types a WHERE conjunct gives relation variable var: `type(r) =
** "R"` or `type(r) IN ["R", ...]` (string literals naming known relations).
** Adds their ids to op->rels and returns 1; 0 when there is no such
** conjunct, or it names a relation not in the database (the filter then
** drops every row, as it should). The hop answers the conjunct: it gets no
** Filter. */
static int where_types(planner *p, const char *var, qp_hop *h)
{
    if (!var) return 0;
    for (int i = 0; i < p->npend; i++) {
        const kgq_node *c = p->pend[i], *lits = NULL;
        if (p->placed[i]) continue;
        if (c->kind != KGQ_BINOP) continue;
        if (c->op == KGQ_OP_IN && is_type_of(c->kids[0], var) && c->kids[1]->kind == KGQ_LIST)
            lits = c->kids[1];
        else if (c->op == KGQ_OP_EQ && is_type_of(c->kids[0], var) &&
                 c->kids[1]->kind == KGQ_STRING)
            lits = c;
        else if (c->op == KGQ_OP_EQ && is_type_of(c->kids[1], var) &&
                 c->kids[0]->kind == KGQ_STRING)
            lits = c;
        if (!lits) continue;
        uint32_t ids[16];
        int n = 0, ok = 1;
        for (int k = 0; k < lits->nkids && ok; k++) {
            const kgq_node *l = lits->kids[k];
            if (lits == c && l->kind != KGQ_STRING) continue; /* the type(r) side */
            ok = l->kind == KGQ_STRING && l->str && n < 16 &&
                 kg_store_sym(p->ex->txn, KG_SYM_REL, l->str, 0, &ids[n]) == KG_OK;
            n++;
        }
        if (!ok || !n) continue;
        uint32_t *a = kg_arena_alloc(&p->st->arena, n * sizeof *a);
        if (!a) return 0;
        memcpy(a, ids, n * sizeof *a);
        h->rels = a, h->nrels = n;
        p->placed[i] = 1; /* the hop yields only these relations: nothing left to check */
        return 1;
    }
    return 0;
}

/* One hop from element `from` over relation element `r` to element `to`;
** reverse: the relation is walked against its written direction. */
static int plan_hop(planner *p, qop **cur, elem *from, elem *r, elem *to, int reverse,
                    int *edgeslots, int *nedge, int *listslots, int *nlist)
{
    const kgq_node *rn = r->n, *range = find_kid(rn, KGQ_RANGE);
    int dir = rn->op == KGQ_DIR_OUT ? KG_OUT : rn->op == KGQ_DIR_IN ? KG_IN : KG_BOTH;
    if (reverse && dir != KG_BOTH) dir = dir == KG_OUT ? KG_IN : KG_OUT;
    const kgq_node *rmap = find_kid(rn, KGQ_MAP);
    const char *type;
    int nl, rc;
    if (rmap && (rc = rel_map_check(p, rmap, range != NULL))) return rc;
    if ((rc = node_labels(p, to->n, &type, &nl))) return rc;
    qop *op = new_op(p, range ? OP_VAREXPAND : OP_EXPAND, *cur);
    if (!op) return oom(p);
    qp_hop *h = &op->p.hop;
    h->allmod = rmap || (!range && reads_modality(p->where, rn->str)) || names_structural(rn);
    int none;
    if ((rc = rel_ids(p, rn, h, &none))) return rc;
    if (none) { /* only relations the database does not have: no input row reaches op */
        qop *below = op->child;
        if ((rc = match_nothing(p, &below, rn))) return rc;
        op->child = below;
    }
    int wtypes = !none && !h->nrels && !range && where_types(p, rn->str, h);
    /* a relation variable bound by an earlier clause: the hop binds a fresh
    ** slot and a Filter below keeps the rows where it is that relation (or
    ** list of relations) */
    int rslot = r->bound ? anon_slot(p) : r->slot;
    h->slot = from->slot, h->slot2 = to->slot, h->slot3 = rslot, h->dir = dir;
    h->dst_bound = to->bound;
    h->excl = PALLOC_N(p, *nedge + 1, int);
    h->exclpaths = PALLOC_N(p, *nlist + 1, int);
    if (nomem(p)) return oom(p);
    memcpy(h->excl, edgeslots, *nedge * sizeof(int));
    memcpy(h->exclpaths, listslots, *nlist * sizeof(int));
    h->nexcl = *nedge, h->nexclpaths = *nlist;
    char rels[160] = "";
    for (int i = 0; i < rn->nkids; i++)
        if (rn->kids[i]->kind == KGQ_LABEL)
            snprintf(rels + strlen(rels), sizeof rels - strlen(rels), "%s%s", rels[0] ? "|" : "",
                     rn->kids[i]->str);
    for (int i = 0; wtypes && i < h->nrels; i++) {
        const char *nm = "?";
        kg_store_symname(p->ex->txn, KG_SYM_REL, h->rels[i], &nm);
        snprintf(rels + strlen(rels), sizeof rels - strlen(rels), "%s%s%s", i ? "|" : "", nm,
                 i + 1 == h->nrels ? " from WHERE type()" : "");
    }
    const char *dn = dir == KG_OUT ? "out" : dir == KG_IN ? "in" : "both";
    if (range) {
        if ((rc = range_bounds(p, range, h))) return rc;
        if (h->min > h->max) { /* *2..1 matches nothing, as in openCypher */
            qop *below = op->child;
            if ((rc = match_nothing(p, &below, range))) return rc;
            op->child = below;
            snprintf(below->detail, sizeof below->detail, "empty range: nothing matches");
        }
        listslots[(*nlist)++] = rslot;
        char hi[24] = "";
        if (h->max != INT32_MAX) snprintf(hi, sizeof hi, "%lld", (long long)h->max);
        snprintf(op->detail, sizeof op->detail, "%s -> %s: %s adjacency, %s*%lld..%s",
                 from->n->str ? from->n->str : "_", to->n->str ? to->n->str : "_", dn,
                 rels[0] ? rels : "any", (long long)h->min, hi);
    } else {
        edgeslots[(*nedge)++] = rslot;
        snprintf(op->detail, sizeof op->detail, "%s -> %s: %s adjacency index (%s)%s%s",
                 from->n->str ? from->n->str : "_", to->n->str ? to->n->str : "_", dn,
                 rels[0] ? rels : "any relation", to->bound ? ", target bound: check" : "",
                 h->allmod ? ", every modality" : "");
    }
    *cur = op;
    if (r->bound) {
        qop *f = new_op(p, OP_FILTER, *cur);
        qx *eq = new_x(p, QX_BIN, rn), *a = new_x(p, QX_SLOT, rn), *b = new_x(p, QX_SLOT, rn);
        if (!f || !eq || !a || !b || add_kid(p, eq, a) || add_kid(p, eq, b)) return oom(p);
        eq->op = KGQ_OP_EQ, a->slot = rslot, b->slot = r->slot;
        f->p.expr.expr = eq;
        snprintf(f->detail, sizeof f->detail, "%s is the bound relation", rn->str);
        *cur = f;
    }
    if (rmap && (rc = prop_filters(p, cur, rn, rslot, 0, NULL))) return rc;
    to->bound = 1;
    if (nl && (rc = type_filter(p, cur, to->n, to->slot))) return rc;
    return prop_filters(p, cur, to->n, to->slot, 0, nl == 1 ? type : NULL);
}

/* Bind the elements of a pattern to slots, declaring new variables. */
static int bind_elems(planner *p, const kgq_node *pat, elem *el, int n)
{
    for (int i = 0; i < n; i++) {
        const kgq_node *k = pat->kids[i];
        el[i].n = k;
        int isrel = k->kind == KGQ_RELPAT;
        int kind = isrel ? (find_kid(k, KGQ_RANGE) ? V_EDGES : V_EDGE) : V_NODE;
        el[i].kind = kind;
        el[i].bound = 0;
        el[i].inrel = 0;
        if (k->str) {
            var *v = lookup(p, k->str);
            if (v) {
                /* a value from WITH or UNWIND may hold a node: checked when running */
                if ((v->kind == V_NODE) != !isrel && !(v->kind == V_VALUE && !isrel))
                    return err(p, KG_SEMANTIC, k, NULL, "variable '%s' is a %s, not a %s", k->str,
                               v->kind == V_NODE                           ? "node"
                               : v->kind == V_LISTV || v->kind == V_SCALAR ? "value"
                                                                           : "relation",
                               isrel ? "relation" : "node");
                if (isrel && (int)(v - p->vars) >= p->match_vars)
                    return err(p, KG_SEMANTIC, k, NULL, "relation variable '%s' used twice",
                               k->str);
                /* bound earlier: a relation for one hop, a list of them for a
                ** variable-length one (a value from WITH may be that list) */
                if (isrel && (kind == V_EDGE
                                  ? v->kind != V_EDGE
                                  : v->kind != V_EDGES && v->kind != V_VALUE && v->kind != V_LISTV))
                    return err(p, KG_SEMANTIC, k, NULL, "variable '%s' is a %s, not %s", k->str,
                               v->kind == V_PATH    ? "path"
                               : v->kind == V_EDGES ? "list of relations"
                                                    : "value",
                               kind == V_EDGE ? "a relation" : "a list of relations");
                el[i].slot = v->slot;
                el[i].bound = 1;
                continue;
            }
            int rc = declare(p, k->str, kind, &el[i].slot);
            if (rc) return rc;
            /* a node variable declared earlier in this same pattern */
            for (int j = 0; j < i; j++)
                if (el[j].n->str && !strcmp(el[j].n->str, k->str)) el[i].slot = el[j].slot;
        } else {
            el[i].slot = anon_slot(p);
        }
    }
    return KG_OK;
}

/* A shortest-path pattern: (a)-[*min..max]-(b) with both ends planned first. */
static int plan_shortest(planner *p, qop **cur, const kgq_node *pat, elem *el, const kgq_node **cj,
                         int ncj)
{
    int rc;
    if (pat->nkids != 3 || !find_kid(pat->kids[1], KGQ_RANGE))
        return err(p, KG_SEMANTIC, pat, "write shortest (a)-[*..6]-(b)",
                   "a shortest path pattern needs two nodes and one variable-length relation");
    for (int i = 0; i < 3; i += 2)
        if (!el[i].bound) {
            if ((rc = plan_start(p, cur, &el[i], cj, ncj, el[i].n->str)) ||
                (rc = place_filters(p, cur)))
                return rc;
            el[i].bound = 1;
        }
    const kgq_node *rn = pat->kids[1], *range = find_kid(rn, KGQ_RANGE);
    if (find_kid(rn, KGQ_MAP) && (rc = rel_map_check(p, find_kid(rn, KGQ_MAP), 1))) return rc;
    qop *op = new_op(p, OP_SHORTEST, *cur);
    if (!op) return oom(p);
    qp_hop *h = &op->p.hop;
    int none;
    if ((rc = rel_ids(p, rn, h, &none))) return rc;
    if (none) { /* only relations the database does not have: no input row reaches op */
        qop *below = op->child;
        if ((rc = match_nothing(p, &below, rn))) return rc;
        op->child = below;
    }
    if ((rc = range_bounds(p, range, h))) return rc;
    h->dir = rn->op == KGQ_DIR_OUT ? KG_OUT : rn->op == KGQ_DIR_IN ? KG_IN : KG_BOTH;
    h->all = (pat->flags & KGQ_F_ALLSHORTEST) != 0;
    h->slot = el[0].slot, h->slot2 = el[2].slot, h->slot3 = el[1].slot;
    int ps = -1;
    if (pat->str) {
        if (lookup(p, pat->str))
            return err(p, KG_SEMANTIC, pat, NULL, "variable '%s' is already bound", pat->str);
        if ((rc = declare(p, pat->str, V_PATH, &ps))) return rc;
    }
    h->pathslot = ps;
    char hi[24] = "";
    if (h->max != INT32_MAX) snprintf(hi, sizeof hi, "%lld", (long long)h->max);
    snprintf(op->detail, sizeof op->detail,
             "%s shortest path%s, breadth-first over the "
             "adjacency index, %lld..%s hops",
             h->all ? "all" : "one", h->all ? "s" : "", (long long)h->min, hi);
    *cur = op;
    return place_filters(p, cur);
}

static int plan_pattern(planner *p, qop **cur, const kgq_node *pat, const kgq_node **cj, int ncj,
                        int *edgeslots, int *nedge, int *listslots, int *nlist)
{
    int n = pat->nkids, rc;
    elem *el = PALLOC_N(p, n, elem);
    if (!el) return oom(p);
    if ((rc = bind_elems(p, pat, el, n))) return rc;
    /* a variable repeated inside the pattern: later occurrences are checks */
    for (int i = 0; i < n; i += 2)
        for (int j = 0; j < i; j += 2)
            if (el[i].slot == el[j].slot) el[i].bound = -1; /* bound once j is */
    if (pat->flags & (KGQ_F_SHORTEST | KGQ_F_ALLSHORTEST))
        return plan_shortest(p, cur, pat, el, cj, ncj);
    for (int i = 0; i < n; i += 2)
        in_relation(p, el, n, i);
    /* the cheapest start node */
    int best = 0;
    double bc = 1e300;
    for (int i = 0; i < n; i += 2) {
        double c = el[i].bound == -1 ? 1e299 : start_cost(p, &el[i], cj, ncj);
        if (c < bc) bc = c, best = i;
    }
    if (el[best].bound == 1) {
        const char *type;
        int nl;
        if ((rc = node_labels(p, el[best].n, &type, &nl))) return rc;
        if (nl && (rc = type_filter(p, cur, el[best].n, el[best].slot))) return rc;
        if ((rc = prop_filters(p, cur, el[best].n, el[best].slot, 0, nl == 1 ? type : NULL)))
            return rc;
    } else if ((rc = plan_start(p, cur, &el[best], cj, ncj, el[best].n->str))) {
        return rc;
    }
    if ((rc = place_filters(p, cur))) return rc;
    el[best].bound = 1;
    for (int i = 0; i < n; i += 2)
        if (el[i].bound == -1 && el[i].slot == el[best].slot) el[i].bound = 1;
    for (int i = best; i + 2 < n; i += 2) {
        if (el[i + 2].bound == -1) el[i + 2].bound = 0;
        for (int j = 0; j <= i; j += 2) /* left of best: not bound yet */
            if (el[j].slot == el[i + 2].slot && el[j].bound == 1) el[i + 2].bound = 1;
        if ((rc = plan_hop(p, cur, &el[i], &el[i + 1], &el[i + 2], 0, edgeslots, nedge, listslots,
                           nlist)) ||
            (rc = place_filters(p, cur)))
            return rc;
    }
    for (int i = best; i - 2 >= 0; i -= 2) {
        if (el[i - 2].bound == -1) el[i - 2].bound = 0;
        for (int j = i; j < n; j += 2)
            if (el[j].slot == el[i - 2].slot && el[j].bound == 1) el[i - 2].bound = 1;
        if ((rc = plan_hop(p, cur, &el[i], &el[i - 1], &el[i - 2], 1, edgeslots, nedge, listslots,
                           nlist)) ||
            (rc = place_filters(p, cur)))
            return rc;
    }
    if (!pat->str) return KG_OK;
    if (lookup(p, pat->str))
        return err(p, KG_SEMANTIC, pat, NULL, "variable '%s' is already bound", pat->str);
    qop *op = new_op(p, OP_PATH, *cur);
    if (!op) return oom(p);
    qp_path *pp = &op->p.path;
    pp->slots = PALLOC_N(p, n, int);
    pp->kinds = PALLOC_N(p, n, int);
    if (nomem(p)) return oom(p);
    for (int i = 0; i < n; i++) {
        pp->slots[i] = el[i].slot;
        pp->kinds[i] = el[i].kind == V_NODE ? 0 : el[i].kind == V_EDGE ? 1 : 2;
    }
    pp->nslots = n;
    if ((rc = declare(p, pat->str, V_PATH, &pp->slot))) return rc;
    snprintf(op->detail, sizeof op->detail, "path %s", pat->str);
    *cur = op;
    return place_filters(p, cur);
}

static int plan_match(planner *p, qop **cur, const kgq_node *m)
{
    const kgq_node *where = find_kid(m, KGQ_WHERE);
    const kgq_node *cj[64];
    int ncj = 0, rc;
    if (where) conjuncts(where->kids[0], cj, &ncj, 64);
    int optional = (m->flags & KGQ_F_OPTIONAL) != 0;
    int first_new = p->nslots;
    qop *outer = *cur, *inner = NULL;
    if (optional) {
        if (!(inner = new_op(p, OP_ARG, NULL))) return oom(p);
        *cur = inner;
    }
    int npat = 0;
    for (int i = 0; i < m->nkids; i++)
        npat += m->kids[i]->kind == KGQ_PATTERN ? m->kids[i]->nkids : 0;
    p->where = where ? where->kids[0] : NULL;
    p->match_vars = p->nvars;
    int *edgeslots = PALLOC_N(p, npat + 1, int), *listslots = PALLOC_N(p, npat + 1, int);
    int nedge = 0, nlist = 0;
    p->pend = cj, p->npend = ncj <= 64 ? ncj : 0;
    p->placed = PALLOC_N(p, 64, char);
    p->match_first = first_new, p->match_base = *cur;
    if (nomem(p)) return oom(p);
    memset(p->placed, 0, 64);
    for (int i = 0; i < m->nkids; i++) {
        if (m->kids[i]->kind != KGQ_PATTERN) continue;
        if ((rc = plan_pattern(p, cur, m->kids[i], cj, ncj, edgeslots, &nedge, listslots, &nlist)))
            break;
    }
    p->where = NULL;
    int npend = p->npend, nplaced = 0;
    p->npend = 0;
    if (rc) return rc;
    for (int i = 0; i < npend; i++)
        nplaced += p->placed[i];
    if (where && !nplaced) { /* one Filter, as written */
        qop *f = new_op(p, OP_FILTER, *cur);
        if (!f) return oom(p);
        if ((rc = compile(p, where->kids[0], &f->p.expr.expr))) return rc;
        snprintf(f->detail, sizeof f->detail, "WHERE");
        *cur = f;
    }
    for (int i = 0; where && nplaced && i < npend; i++) {
        if (p->placed[i]) continue;
        qop *f = new_op(p, OP_FILTER, *cur);
        if (!f) return oom(p);
        if ((rc = compile(p, cj[i], &f->p.expr.expr))) return rc;
        snprintf(f->detail, sizeof f->detail, "WHERE");
        *cur = f;
    }
    if (optional) {
        qop *o = new_op(p, OP_OPTIONAL, outer);
        if (!o) return oom(p);
        o->inner = *cur;
        qp_optional *po = &o->p.optional;
        po->nclear = p->nslots - first_new;
        if (!(po->clear = PALLOC_N(p, po->nclear + 1, int))) return oom(p);
        for (int i = 0; i < po->nclear; i++)
            po->clear[i] = first_new + i;
        snprintf(o->detail, sizeof o->detail,
                 "OPTIONAL MATCH: the row with nulls when nothing "
                 "matches");
        *cur = o;
    }
    return KG_OK;
}

/* ---------------------------------------------------------------- projections
** RETURN and WITH are planned in phases: proj_items (the columns: `*`
** expanded, expressions compiled, names), proj_compute (Aggregate and a
** Project of the aggregated columns, or one Project; Distinct), the columns
** join the scope, proj_order (Sort), proj_page (Skip, Limit), the old
** variables leave the scope, then WITH's WHERE (Filter). */

typedef struct proj {
    const kgq_node *c;                            /* the RETURN or WITH clause */
    const kgq_node *order, *skip, *limit, *where; /* its parts, or NULL */
    int n;                                        /* output columns */
    const kgq_node **items; /* the KGQ_PROJ of column i; NULL for a column from `*` */
    qx **exprs;             /* column expressions */
    char **names;           /* column names (AST or arena) */
    int *isagg;             /* the column's expression holds an aggregate */
    int *kinds;             /* V_* of the column as a variable */
    int *outslots;          /* the column's slot */
    int anyagg;             /* some column aggregates */
} proj;

static int expr_text(planner *p, const kgq_node *n, char **out)
{
    size_t len = n->end > n->start ? n->end - n->start : 0;
    if (!(*out = kg_arena_strndup(&p->st->arena, p->st->text + n->start, len))) return oom(p);
    return KG_OK;
}

/* Patch QX_AGG placeholders (slot -1 - k) to the aggregate slots. */
static void patch_aggs(qx *x, int *aggslots)
{
    if (x->kind == QX_AGG && x->slot < 0) x->slot = aggslots[-1 - x->slot];
    for (int i = 0; i < x->nkids; i++)
        patch_aggs(x->kids[i], aggslots);
}

/* Does x read a row (a variable, an aggregate)? */
static int reads_row(const qx *x)
{
    if (x->kind == QX_SLOT || x->kind == QX_AGG || x->kind == QX_COMP || x->kind == QX_QUANT)
        return 1;
    for (int i = 0; i < x->nkids; i++)
        if (reads_row(x->kids[i])) return 1;
    return 0;
}

/* SKIP and LIMIT take an expression of no variable (evaluated once per run). */
static int eval_count(planner *p, const kgq_node *n, qx **out)
{
    int rc = compile(p, n, out);
    if (rc) return rc;
    if (reads_row(*out))
        return err(p, KG_SEMANTIC, n, NULL,
                   "SKIP and LIMIT take a number, a parameter or an expression of them");
    return KG_OK;
}

/* The columns: `*` expanded into the variables in scope, expressions
** compiled (their aggregates collected in p->aggs), names from AS or the
** expression's text, a slot each. */
static int proj_items(planner *p, proj *pj, int is_return)
{
    const kgq_node *c = pj->c;
    int rc, nitems = 0;
    for (int i = 0; i < c->nkids; i++) {
        int k = c->kids[i]->kind;
        if (k == KGQ_PROJ || k == KGQ_STAR)
            nitems++;
        else if (k == KGQ_ORDER)
            pj->order = c->kids[i];
        else if (k == KGQ_SKIP)
            pj->skip = c->kids[i];
        else if (k == KGQ_LIMIT)
            pj->limit = c->kids[i];
        else if (k == KGQ_WHERE)
            pj->where = c->kids[i];
    }
    /* `*` comes first when present (`RETURN *` or `RETURN *, x AS y`) */
    int star = nitems >= 1 && c->kids[0]->kind == KGQ_STAR, nstar = 0;
    if (star)
        for (int i = 0; i < p->nvars; i++)
            nstar += !p->vars[i].hidden;
    int n = pj->n = nstar + (star ? nitems - 1 : nitems);
    if (n == 0) return err(p, KG_SEMANTIC, c, NULL, "nothing to return: no variables in scope");
    pj->items = PALLOC_N(p, n + 1, const kgq_node *);
    pj->exprs = PALLOC_N(p, n, qx *);
    pj->names = PALLOC_N(p, n, char *);
    pj->isagg = PALLOC_N(p, n, int);
    pj->kinds = PALLOC_N(p, n, int);
    pj->outslots = PALLOC_N(p, n, int);
    if (nomem(p)) return oom(p);
    for (int i = nstar; i < n; i++)
        pj->items[i] = c->kids[i - nstar + (star ? 1 : 0)];
    p->naggs = 0;
    for (int i = 0, k = 0; i < n; i++) {
        if (i < nstar) {
            while (p->vars[k].hidden)
                k++;
            var *v = &p->vars[k++];
            if (!(pj->exprs[i] = new_x(p, QX_SLOT, NULL))) return oom(p);
            pj->exprs[i]->slot = v->slot;
            pj->names[i] = (char *)v->name;
            pj->kinds[i] = v->kind;
            continue;
        }
        const kgq_node *it = pj->items[i], *e = it->kids[0];
        p->agg_ok = 1;
        int before = p->naggs;
        rc = compile(p, e, &pj->exprs[i]);
        p->agg_ok = 0;
        if (rc) return rc;
        pj->isagg[i] = p->naggs > before;
        pj->anyagg |= pj->isagg[i];
        if (it->str)
            pj->names[i] = it->str;
        else if ((rc = expr_text(p, e, &pj->names[i])))
            return rc;
        var *v = e->kind == KGQ_VAR ? lookup(p, e->str) : NULL;
        const qx *cx = pj->exprs[i];
        pj->kinds[i] = v ? v->kind
                       : cx->kind == QX_LIST || cx->kind == QX_COMP ||
                               (cx->kind == QX_LIT && cx->lit.t == KG_LIST)
                           ? V_LISTV
                       : cx->kind == QX_MAP || (cx->kind == QX_LIT && cx->lit.t != KG_NULL)
                           ? V_SCALAR
                           : V_VALUE;
    }
    if (!is_return) /* WITH: the columns are the next clause's variables */
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (!strcmp(pj->names[i], pj->names[j]))
                    return err(p, KG_SEMANTIC, c, "name them with AS", "two columns are named '%s'",
                               pj->names[i]);
    for (int i = 0; i < n; i++)
        pj->outslots[i] = anon_slot(p);
    return KG_OK;
}

/* Aggregate (grouping by the columns without aggregates) and a Project of
** the aggregate-bearing columns after it, or one Project; then Distinct. */
static int proj_compute(planner *p, qop **cur, proj *pj)
{
    int n = pj->n;
    if (pj->anyagg) {
        qop *a = new_op(p, OP_AGGREGATE, *cur);
        if (!a) return oom(p);
        qp_agg *pa = &a->p.agg;
        int nkeys = 0;
        for (int i = 0; i < n; i++)
            nkeys += !pj->isagg[i];
        pa->exprs = PALLOC_N(p, nkeys + 1, qx *);
        pa->slots = PALLOC_N(p, nkeys + 1, int);
        pa->aggs = PALLOC_N(p, p->naggs, qagg);
        pa->aggslots = PALLOC_N(p, p->naggs, int);
        if (nomem(p)) return oom(p);
        for (int i = 0, k = 0; i < n; i++)
            if (!pj->isagg[i]) pa->exprs[k] = pj->exprs[i], pa->slots[k++] = pj->outslots[i];
        pa->nexprs = nkeys;
        memcpy(pa->aggs, p->aggs, p->naggs * sizeof(qagg));
        pa->naggs = p->naggs;
        for (int i = 0; i < p->naggs; i++)
            pa->aggslots[i] = anon_slot(p);
        int distinct = 0;
        for (int i = 0; i < p->naggs; i++)
            distinct |= p->aggs[i].distinct;
        /* exec.c idset: one group's DISTINCT nodes are stamps in an array by id */
        snprintf(a->detail, sizeof a->detail, "group by %d key(s), %d aggregate(s)%s", nkeys,
                 p->naggs, distinct && !nkeys ? ", DISTINCT nodes marked by id" : "");
        *cur = a;
        /* the aggregate-bearing items are computed after grouping */
        qop *pr = new_op(p, OP_PROJECT, *cur);
        int nagg = n - nkeys;
        if (!pr) return oom(p);
        pr->p.project.exprs = PALLOC_N(p, nagg + 1, qx *);
        pr->p.project.slots = PALLOC_N(p, nagg + 1, int);
        if (nomem(p)) return oom(p);
        for (int i = 0, k = 0; i < n; i++)
            if (pj->isagg[i]) {
                patch_aggs(pj->exprs[i], pa->aggslots);
                pr->p.project.exprs[k] = pj->exprs[i], pr->p.project.slots[k++] = pj->outslots[i];
            }
        pr->p.project.nexprs = nagg;
        snprintf(pr->detail, sizeof pr->detail, "aggregate results");
        *cur = pr;
    } else {
        qop *pr = new_op(p, OP_PROJECT, *cur);
        if (!pr) return oom(p);
        pr->p.project.exprs = pj->exprs, pr->p.project.slots = pj->outslots,
        pr->p.project.nexprs = n;
        snprintf(pr->detail, sizeof pr->detail, "%d column(s)", n);
        *cur = pr;
    }
    if (pj->c->flags & KGQ_F_DISTINCT) {
        qop *d = new_op(p, OP_DISTINCT, *cur);
        if (!d) return oom(p);
        d->p.project.slots = pj->outslots, d->p.project.nexprs = n;
        snprintf(d->detail, sizeof d->detail, "hash of %d column(s)", n);
        *cur = d;
    }
    return KG_OK;
}

/* ORDER BY: a Sort. The variables from before the projection (the first
** oldn) stay visible to its keys unless the projection aggregated or was
** DISTINCT; a key written exactly as an unnamed column sorts by that column. */
static int proj_order(planner *p, qop **cur, proj *pj, int oldn)
{
    const kgq_node *order = pj->order;
    int nk = order->nkids, rc;
    if (pj->anyagg || (pj->c->flags & KGQ_F_DISTINCT))
        for (int i = 0; i < oldn; i++)
            p->vars[i].hidden = 1;
    qop *s = new_op(p, OP_SORT, *cur);
    if (!s) return oom(p);
    s->p.sort.exprs = PALLOC_N(p, nk, qx *);
    s->p.sort.desc = PALLOC_N(p, nk, int);
    if (nomem(p)) return oom(p);
    for (int i = 0; i < nk; i++) {
        const kgq_node *ke = order->kids[i]->kids[0];
        s->p.sort.desc[i] = (order->kids[i]->flags & KGQ_F_DESC) != 0;
        char *kt;
        if ((rc = expr_text(p, ke, &kt))) return rc;
        int same = -1;
        for (int j = 0; j < pj->n && same < 0; j++)
            if (pj->items[j] && !pj->items[j]->str && !strcmp(pj->names[j], kt)) same = j;
        if (same < 0) {
            if ((rc = compile(p, ke, &s->p.sort.exprs[i]))) return rc;
        } else {
            if (!(s->p.sort.exprs[i] = new_x(p, QX_SLOT, ke))) return oom(p);
            s->p.sort.exprs[i]->slot = pj->outslots[same];
        }
    }
    s->p.sort.nexprs = nk;
    snprintf(s->detail, sizeof s->detail, "%d key(s)", nk);
    *cur = s;
    return KG_OK;
}

/* SKIP (kind OP_SKIP) or LIMIT (OP_LIMIT) n, when the clause has it. */
static int proj_page(planner *p, qop **cur, const kgq_node *n, int kind)
{
    if (!n) return KG_OK;
    qop *s = new_op(p, kind, *cur);
    if (!s) return oom(p);
    int rc = eval_count(p, n->kids[0], &s->p.expr.expr);
    if (rc) return rc;
    /* a write below runs whole whatever the limit (LIMIT 0 after CREATE creates) */
    s->p.expr.drain = kind == OP_LIMIT && p->st->writes;
    if (kind == OP_LIMIT)
        snprintf(s->detail, sizeof s->detail, "%s",
                 s->p.expr.drain ? "the writes run whole, then at most this many rows"
                                 : "stops pulling rows when reached");
    *cur = s;
    return KG_OK;
}

static int plan_projection(planner *p, qop **cur, const kgq_node *c, int is_return)
{
    proj pj = {.c = c};
    int rc;
    if ((rc = proj_items(p, &pj, is_return)) || (rc = proj_compute(p, cur, &pj))) return rc;
    /* the columns join the scope (ORDER BY sees them, and maybe the old ones) */
    int oldn = p->nvars;
    for (int i = 0; i < pj.n; i++)
        if ((rc = scope_add(p, pj.names[i], pj.outslots[i], pj.kinds[i]))) return rc;
    const kgq_node **subst = PALLOC_N(p, pj.n + 1, const kgq_node *);
    if (!subst) return oom(p);
    for (int i = 0; i < pj.n; i++)
        subst[i] = pj.items[i] ? pj.items[i]->kids[0] : NULL;
    p->subst = subst, p->subst_slots = pj.outslots, p->nsubst = pj.n;
    rc = pj.order ? proj_order(p, cur, &pj, oldn) : KG_OK;
    p->nsubst = 0;
    if (rc) return rc;
    qop *sort = pj.order ? *cur : NULL, *skip = NULL;
    if ((rc = proj_page(p, cur, pj.skip, OP_SKIP))) return rc;
    if (pj.skip) skip = *cur;
    if ((rc = proj_page(p, cur, pj.limit, OP_LIMIT))) return rc;
    if (sort && pj.limit) { /* the sort keeps only the rows the page can return */
        sort->p.sort.limit = (*cur)->p.expr.expr,
        sort->p.sort.skip = skip ? skip->p.expr.expr : NULL;
        size_t l = strlen(sort->detail);
        snprintf(sort->detail + l, sizeof sort->detail - l, ", top %s rows kept",
                 skip ? "SKIP + LIMIT" : "LIMIT");
    }
    if (pj.where) {
        /* WITH's WHERE sees the columns, and the variables from before unless
        ** the projection aggregated or was DISTINCT (as ORDER BY does) */
        if (pj.anyagg || (c->flags & KGQ_F_DISTINCT))
            for (int i = 0; i < oldn; i++)
                p->vars[i].hidden = 1;
        qop *f = new_op(p, OP_FILTER, *cur);
        if (!f) return oom(p);
        p->nsubst = pj.n;
        rc = compile(p, pj.where->kids[0], &f->p.expr.expr);
        p->nsubst = 0;
        if (rc) return rc;
        snprintf(f->detail, sizeof f->detail, "WITH ... WHERE");
        *cur = f;
    }
    /* the old variables leave the scope */
    memmove(p->vars, p->vars + oldn, (p->nvars - oldn) * sizeof(var));
    p->nvars -= oldn;
    if (is_return) {
        p->st->colnames = pj.names;
        p->st->colslots = pj.outslots;
        p->st->ncols = pj.n;
    }
    return KG_OK;
}

/* ---------------------------------------------------------------- writes */

static int plan_write_pattern(planner *p, qwrite *w, const kgq_node *pat)
{
    int n = pat->nkids;
    w->nelem = n;
    w->slot = PALLOC_N(p, n, int);
    w->bound = PALLOC_N(p, n, int);
    w->label = PALLOC_N(p, n, char *);
    w->dir = PALLOC_N(p, n, int);
    w->props = PALLOC_N(p, n, qx *);
    if (nomem(p)) return oom(p);
    if (pat->str) return err(p, KG_SEMANTIC, pat, NULL, "paths cannot be named in CREATE or MERGE");
    for (int i = 0; i < n; i++) {
        const kgq_node *k = pat->kids[i];
        int isrel = k->kind == KGQ_RELPAT, nl = 0;
        for (int j = 0; j < k->nkids; j++)
            if (k->kids[j]->kind == KGQ_LABEL) {
                if (!w->label[i]) w->label[i] = k->kids[j]->str;
                nl++;
            }
        const kgq_node *map = find_kid(k, KGQ_MAP);
        if (isrel) {
            if (find_kid(k, KGQ_RANGE))
                return err(p, KG_SEMANTIC, k, NULL, "a created relation has exactly one hop");
            if (nl != 1)
                return err(p, KG_SEMANTIC, k, "write -[:killed]->",
                           "a created relation needs exactly one type");
            if (k->op == KGQ_DIR_BOTH)
                return err(p, KG_SEMANTIC, k, "write -[:rel]-> or <-[:rel]-",
                           "a created relation needs a direction");
            for (int j = 0; map && j < map->nkids; j++) {
                const kgq_node *pair = map->kids[j];
                if (strcmp(pair->str, "modality") && strcmp(pair->str, "claimant"))
                    return err(p, KG_SEMANTIC, pair, "a relation takes modality and claimant",
                               "relations cannot carry properties");
                if (!strcmp(pair->str, "modality") && pair->kids[0]->kind == KGQ_STRING &&
                    kg_modality_parse(pair->kids[0]->str ? pair->kids[0]->str : "", NULL))
                    return err(p, KG_SEMANTIC, pair->kids[0],
                               "one of 'asserted', 'reported', 'claimed', 'denied'",
                               "unknown modality '%.60s'", pair->kids[0]->str);
            }
            if (map) {
                int rc = compile(p, map, &w->props[i]);
                if (rc) return rc;
            }
            w->dir[i] = k->op;
        }
        var *v = k->str ? lookup(p, k->str) : NULL;
        if (v) {
            if (isrel)
                return err(p, KG_SEMANTIC, k, NULL, "relation variable '%s' is already bound",
                           k->str);
            if (nl || map)
                return err(p, KG_SEMANTIC, k, NULL,
                           "'%s' is already bound: it cannot take a type or properties here",
                           k->str);
            w->slot[i] = v->slot, w->bound[i] = 1;
            continue;
        }
        if (!isrel) {
            if (nl != 1)
                return err(p, KG_SEMANTIC, k, "write (:person {name: \"...\"})",
                           "a new node needs exactly one type");
            const char *const *m = kg_supertype(w->label[i]);
            if (m) {
                char hint[128] = "write";
                for (int j = 0; m[j]; j++)
                    snprintf(hint + strlen(hint), sizeof hint - strlen(hint), "%s%s",
                             !j         ? " "
                             : m[j + 1] ? ", "
                                        : " or ",
                             m[j]);
                return err(p, KG_SEMANTIC, k, hint,
                           "'%s' covers several types; a new node needs one of them", w->label[i]);
            }
            int has_name = 0;
            for (int j = 0; map && j < map->nkids; j++)
                has_name |= !strcmp(map->kids[j]->str, "name");
            if (!has_name)
                return err(p, KG_SEMANTIC, k, "write (:person {name: \"...\"})",
                           "a new node needs a name");
            int rc = compile(p, map, &w->props[i]);
            if (rc) return rc;
        }
        if (k->str) {
            int rc = declare(p, k->str, isrel ? V_EDGE : V_NODE, &w->slot[i]);
            if (rc) return rc;
        } else {
            w->slot[i] = anon_slot(p);
        }
    }
    return KG_OK;
}

/* The items of a SET (or REMOVE, or MERGE's ON CREATE/ON MATCH SET): v.k =
** expr, v = map (every property replaced), v += map (merged). */
static int plan_set(planner *p, qwrite *w, const kgq_node *c)
{
    int rc = KG_OK;
    w->kind = KGQ_SET;
    w->when = (int)c->i;
    w->nexprs = c->nkids;
    w->exprs = PALLOC_N(p, c->nkids, qx *);
    w->keys = PALLOC_N(p, c->nkids, char *);
    w->tslots = PALLOC_N(p, c->nkids, int);
    w->setmode = PALLOC_N(p, c->nkids, int);
    if (nomem(p)) return oom(p);
    for (int i = 0; i < c->nkids && !rc; i++) {
        const kgq_node *it = c->kids[i], *t = it->kids[0];
        const kgq_node *vn = it->op ? t : t->kind == KGQ_PROP ? t->kids[0] : NULL;
        if (!vn || vn->kind != KGQ_VAR)
            return err(p, KG_SEMANTIC, t, NULL, "SET needs variable.property on the left");
        var *v = lookup(p, vn->str);
        if (!v) return err(p, KG_SEMANTIC, vn, NULL, "unknown variable '%s'", vn->str);
        if (v->kind != V_NODE)
            return err(p, KG_SEMANTIC, t, NULL, "only node properties can be set");
        if (!it->op &&
            (!strcmp(t->str, "name") || !strcmp(t->str, "type") || !strcmp(t->str, "id")))
            return err(p, KG_SEMANTIC, t, "add another name with ALIAS \"new\" FOR \"old\"",
                       "property '%s' cannot be set", t->str);
        w->tslots[i] = v->slot, w->keys[i] = it->op ? NULL : t->str, w->setmode[i] = it->op;
        rc = compile(p, it->kids[1], &w->exprs[i]);
    }
    return rc;
}

static int plan_write(planner *p, qop **cur, const kgq_node *c)
{
    qop *op = new_op(p, OP_WRITE, *cur);
    if (!op) return oom(p);
    qp_write *pw = &op->p.write;
    int nw = c->kind == KGQ_CREATE ? c->nkids : c->kind == KGQ_MERGE ? c->nkids : 1;
    if (!(pw->writes = PALLOC_N(p, nw, qwrite))) return oom(p);
    pw->nwrites = nw;
    int rc = KG_OK;
    p->st->writes = 1;
    switch (c->kind) {
    case KGQ_CREATE:
    case KGQ_MERGE:
        for (int i = 0; i < nw && !rc; i++) {
            if (c->kids[i]->kind == KGQ_SET) { /* MERGE ... ON CREATE / ON MATCH SET */
                rc = plan_set(p, &pw->writes[i], c->kids[i]);
                continue;
            }
            pw->writes[i].kind = c->kind;
            rc = plan_write_pattern(p, &pw->writes[i], c->kids[i]);
        }
        snprintf(op->detail, sizeof op->detail, "%s (eager)",
                 c->kind == KGQ_CREATE ? "CREATE" : "MERGE");
        break;
    case KGQ_SET:
        rc = plan_set(p, &pw->writes[0], c);
        snprintf(op->detail, sizeof op->detail, "SET %d item%s (eager)", c->nkids,
                 c->nkids == 1 ? "" : "s");
        break;
    case KGQ_DELETE: {
        qwrite *w = &pw->writes[0];
        w->kind = KGQ_DELETE;
        w->detach = (c->flags & KGQ_F_DETACH) != 0;
        w->nexprs = c->nkids;
        if (!(w->exprs = PALLOC_N(p, c->nkids, qx *))) return oom(p);
        for (int i = 0; i < c->nkids && !rc; i++)
            rc = compile(p, c->kids[i], &w->exprs[i]);
        snprintf(op->detail, sizeof op->detail, "%sDELETE (eager)", w->detach ? "DETACH " : "");
        break;
    }
    default:
        return err(p, KG_SEMANTIC, c, NULL, "unexpected clause");
    }
    *cur = op;
    return rc;
}

/* ---------------------------------------------------------------- entry */

/* ---------------------------------------------------------------- in-degree rule */

/* Is x `slot.count`, a relation's count? */
static int is_count_of(const qx *x, int slot)
{
    return x && x->kind == QX_PROP && x->nkids == 1 && x->kids[0]->kind == QX_SLOT &&
           x->kids[0]->slot == slot && x->name && !strcmp(x->name, "count");
}

/* x is b or id(b) for the node in `slot`: grouping by it groups by node. */
static int is_node_key(const qx *x, int slot)
{
    int fn = 0, agg = 0, mn, mx;
    if (x->kind == QX_SLOT) return x->slot == slot;
    return x->kind == QX_CALL && x->nkids == 1 && x->kids[0]->kind == QX_SLOT &&
           x->kids[0]->slot == slot && kg_fn_lookup("id", &fn, &agg, &mn, &mx) == 0 && x->fn == fn;
}

/* MATCH ()-[r:R]->(b) RETURN b|id(b) ..., count(*) or sum(r.count):
** NodeScan(all) -> Expand(R, out) -> Aggregate becomes one InDegreeScan over
** the indeg table (store.c), which yields the groups by their count (or,
** from format 7, `sums`, the sum of the relations' counts) descending, then
** node id ascending; an ORDER BY count DESC[, b|id(b)] right above then has
** nothing to do and is dropped. */
static qop *indeg_rewrite(qop *root, int sums)
{
    qop *chain[64];
    int n = 0;
    for (qop *o = root; o && n < 64; o = o->child)
        chain[n++] = o;
    for (int i = 0; i + 3 < n; i++) {
        qop *a = chain[i], *e = chain[i + 1], *s = chain[i + 2], *once = chain[i + 3];
        if (a->kind != OP_AGGREGATE || e->kind != OP_EXPAND || s->kind != OP_SCAN ||
            once->kind != OP_ONCE)
            continue;
        const qp_agg *pa = &a->p.agg;
        const qp_hop *eh = &e->p.hop;
        const qp_scan *sp = &s->p.scan;
        const qagg *g = &pa->aggs[0];
        int sum = pa->naggs == 1 && g->fn == AGG_SUM && !g->distinct && sums && eh->slot3 >= 0 &&
                  is_count_of(g->arg, eh->slot3);
        if (sp->type != 0 || eh->slot != sp->slot || eh->nrels != 1 || eh->dst_bound || eh->nexcl ||
            eh->nexclpaths || pa->naggs != 1 || (g->fn != AGG_COUNT_STAR && !sum) || pa->nexprs < 1)
            continue;
        /* from every node out to b, or from the nodes with R coming in (b) back */
        int b;
        if (eh->dir == KG_OUT && !sp->inrel)
            b = eh->slot2;
        else if (eh->dir == KG_IN && sp->inrel == eh->rels[0])
            b = eh->slot;
        else
            continue;
        int ok = 1;
        for (int k = 0; k < pa->nexprs && ok; k++)
            ok = is_node_key(pa->exprs[k], b);
        if (!ok) continue;
        /* the Aggregate becomes the InDegreeScan (its parameters replaced) */
        qp_indeg in = {.rel = eh->rels[0],
                       .allmod = eh->allmod, /* else hidden relations are not counted (exec.c) */
                       .node = b,
                       .exprs = pa->exprs,
                       .slots = pa->slots,
                       .nexprs = pa->nexprs,
                       .countslot = pa->aggslots[0],
                       .sum = sum};
        a->kind = OP_INDEGREE;
        a->p.indeg = in;
        a->child = once;
        char rel[200];
        snprintf(rel, sizeof rel, "%.150s", e->detail);
        snprintf(a->detail, sizeof a->detail, "in-degree index, by %s descending: %.150s",
                 sum ? "sum of the relations' counts" : "count", rel);
        /* Project (aggregate results) then Sort on [count DESC, node key ASC] */
        if (i < 2) return root;
        qop *pr = chain[i - 1], *so = chain[i - 2];
        if (pr->kind != OP_PROJECT || so->kind != OP_SORT || so->p.sort.nexprs < 2 ||
            so->p.sort.nexprs > 2)
            return root;
        const qp_project *pp = &pr->p.project;
        const qx *k0 = so->p.sort.exprs[0], *k1 = so->p.sort.exprs[1];
        int cnt = 0, key = 0;
        for (int j = 0; j < pp->nexprs; j++)
            if (k0->kind == QX_SLOT && pp->slots[j] == k0->slot && pp->exprs[j]->kind == QX_AGG &&
                pp->exprs[j]->slot == in.countslot)
                cnt = 1;
        for (int j = 0; j < in.nexprs; j++)
            if (k1->kind == QX_SLOT && in.slots[j] == k1->slot) key = 1;
        if (!cnt || !key || !so->p.sort.desc[0] || so->p.sort.desc[1]) return root;
        if (i == 2) return pr;
        chain[i - 3]->child = pr;
        return root;
    }
    return root;
}

/* Does expression x read frame slot `slot`? */
static int reads_slot(const qx *x, int slot)
{
    if (!x) return 0;
    if (x->kind == QX_SLOT && x->slot == slot) return 1;
    for (int i = 0; i < x->nkids; i++)
        if (reads_slot(x->kids[i], slot)) return 1;
    return 0;
}

/* Does hop h read slot s (as its source, its bound target, or a relation or
** relation list its relationship uniqueness excludes)? */
static int hop_reads(const qp_hop *h, int s)
{
    if (s < 0) return 0;
    if (h->slot == s || (h->dst_bound && h->slot2 == s)) return 1;
    for (int i = 0; i < h->nexcl; i++)
        if (h->excl[i] == s) return 1;
    for (int i = 0; i < h->nexclpaths; i++)
        if (h->exclpaths[i] == s) return 1;
    return 0;
}

static int reads_either(const qx *x, int a, int b)
{
    return reads_slot(x, a) || (b >= 0 && reads_slot(x, b));
}

/* Do the operators above chain[i] read only distinct values, and neither
** slot a nor slot b (-1: none)? That is: Filters and hops (Expand,
** VarExpand) that read neither, then an Aggregate whose aggregates all see
** distinct values (DISTINCT, or min/max) and whose keys and arguments read
** neither, or a Project under a Distinct that reads neither. Then the rows
** chain[i] produces may come once instead of many times, or with those slots
** unset, and the answer is the same. The number of operators between, or -1. */
static int distinct_above(qop **chain, int i, int a, int b)
{
    int above = i - 1, between = 0;
    for (; above > 0; above--, between++) {
        const qop *o = chain[above];
        if (o->kind == OP_FILTER) {
            if (reads_either(o->p.expr.expr, a, b)) return -1;
        } else if (o->kind == OP_EXPAND || o->kind == OP_VAREXPAND) {
            if (hop_reads(&o->p.hop, a) || hop_reads(&o->p.hop, b)) return -1;
        } else {
            break;
        }
    }
    const qop *c = chain[above];
    if (c->kind == OP_AGGREGATE) {
        const qp_agg *pa = &c->p.agg;
        for (int k = 0; k < pa->naggs; k++) {
            const qagg *g = &pa->aggs[k];
            if (!g->arg || !(g->distinct || g->fn == AGG_MIN || g->fn == AGG_MAX) ||
                reads_either(g->arg, a, b) || reads_either(g->arg2, a, b))
                return -1;
        }
        for (int k = 0; k < pa->nexprs; k++)
            if (reads_either(pa->exprs[k], a, b)) return -1;
        return between;
    }
    if (c->kind == OP_PROJECT && above >= 1 && chain[above - 1]->kind == OP_DISTINCT) {
        for (int k = 0; k < c->p.project.nexprs; k++)
            if (reads_either(c->p.project.exprs[k], a, b)) return -1;
        return between;
    }
    return -1;
}

/* VarExpand (x)-[*0|1..max]->(c) read only as a set of end nodes -- the
** operators above see only distinct values and never the relationship list
** (count(DISTINCT c), collect(DISTINCT c.name), min(c.name), a DISTINCT
** projection; distinct_above) -- runs as a breadth-first search with a
** visited set (exec.c varbfs_next) instead of enumerating every
** relationship-unique path: each end node then comes once instead of once
** per path, which the operators above cannot tell apart. Filters between
** the two (`WHERE c <> x`, `WHERE c.name STARTS WITH ...`) keep the rule when
** they do not read the relationship list: their truth depends on the end
** node and the row it was reached from, not on the path, so they keep or
** drop every path to c alike and the set of end nodes they pass is the same. */
static void varexpand_distinct(qop **chain, int n)
{
    for (int i = 1; i < n; i++) {
        if (chain[i]->kind != OP_VAREXPAND) continue;
        qp_hop *v = &chain[i]->p.hop;
        if (v->min > 1 || v->dir == KG_BOTH || v->dst_bound || v->nexcl || v->nexclpaths) continue;
        int between = distinct_above(chain, i, v->slot3, -1);
        if (between < 0) continue;
        v->all = 1;
        size_t l = strlen(chain[i]->detail);
        snprintf(chain[i]->detail + l, sizeof chain[i]->detail - l,
                 ", distinct end nodes (breadth-first%s)",
                 between ? ", nothing above reads the path" : "");
    }
}

/* Expand to a target and relation nothing reads, under operators that see
** only distinct values (distinct_above) -- `MATCH (p)-[:member-of]->(o),
** (p)-[:killed]->() RETURN count(DISTINCT p)` -- is an existence test: the
** rows it adds for one input row differ only in slots nobody reads, so the
** operators above see the same values from one of them as from all. The
** Expand then stops at its first match per input row (exec.c expand_next,
** hop.exists) instead of enumerating every relation. Not when a later hop's
** relationship uniqueness excludes its relation (another of its relations
** could have passed there: hop_reads). */
static void expand_exists(qop **chain, int n)
{
    for (int i = 1; i < n; i++) {
        if (chain[i]->kind != OP_EXPAND) continue;
        qp_hop *h = &chain[i]->p.hop;
        if (distinct_above(chain, i, h->slot3, h->dst_bound ? -1 : h->slot2) < 0) continue;
        h->exists = 1;
        size_t l = strlen(chain[i]->detail);
        snprintf(chain[i]->detail + l, sizeof chain[i]->detail - l,
                 ", first match per row (only distinct values are read above)");
    }
}

/* Does x read `slot.count` (a relation's count) anywhere? */
static int reads_count(const qx *x, int slot)
{
    if (!x) return 0;
    if (is_count_of(x, slot)) return 1;
    for (int i = 0; i < x->nkids; i++)
        if (reads_count(x->kids[i], slot)) return 1;
    return 0;
}

/* An Expand's relation's count is in the adjacency entry the Expand reads
** (format 7, store.c kg_store_adj_count): `r.count` read by the Filters,
** the projection or the aggregates right above it, before another hop
** walks, costs no lookup of the relation's record, in a read statement
** (writes read the record). EXPLAIN says so. The rule is the store's, for
** every query; this only reports where it holds. */
static void expand_count_note(qop **chain, int n, int counts)
{
    if (!counts) return;
    for (int i = 1; i < n; i++) {
        if (chain[i]->kind != OP_EXPAND || chain[i]->p.hop.slot3 < 0) continue;
        int slot = chain[i]->p.hop.slot3, reads = 0;
        for (int a = i - 1; a >= 0 && !reads; a--) {
            const qop *o = chain[a];
            if (o->kind == OP_FILTER) {
                reads = reads_count(o->p.expr.expr, slot);
            } else if (o->kind == OP_PROJECT) {
                for (int k = 0; k < o->p.project.nexprs && !reads; k++)
                    reads = reads_count(o->p.project.exprs[k], slot);
                break;
            } else if (o->kind == OP_AGGREGATE) {
                for (int k = 0; k < o->p.agg.naggs && !reads; k++)
                    reads = reads_count(o->p.agg.aggs[k].arg, slot);
                for (int k = 0; k < o->p.agg.nexprs && !reads; k++)
                    reads = reads_count(o->p.agg.exprs[k], slot);
                break;
            } else {
                break;
            }
        }
        if (!reads) continue;
        size_t l = strlen(chain[i]->detail);
        snprintf(chain[i]->detail + l, sizeof chain[i]->detail - l,
                 ", its relations' count read from the adjacency");
    }
}

/* An Aggregate above an Expand, or above a breadth-first VarExpand (its ends,
** each once: varexpand_distinct), with at most AGG_FEED_FILTERS Filters
** between, whose aggregates are all count(*), or counts or collects (DISTINCT
** or not) of the hop's target node or relation (a VarExpand: with DISTINCT,
** of its end node), and whose grouping keys read neither: the hop hands over its matches
** as ids, a batch per input row (exec.c feed_batch), the Filters are
** evaluated per match with only the hop's slots set, and the aggregates
** count the ids, instead of a row each through every operator, the key and
** the aggregate's argument evaluated per row. Any such query, whatever comes
** below the hop. EXPLAIN says so on the Aggregate. */
static void aggregate_feed(qop **chain, int n)
{
    for (int i = 0; i + 1 < n; i++) {
        qop *a = chain[i], *e;
        if (a->kind != OP_AGGREGATE) continue;
        int f = i + 1;
        while (f < n && chain[f]->kind == OP_FILTER && f - i <= AGG_FEED_FILTERS)
            f++;
        if (f >= n) continue;
        e = chain[f];
        int bfs = e->kind == OP_VAREXPAND && e->p.hop.all;
        if (!(e->kind == OP_EXPAND && !e->p.hop.exists) && !bfs) continue;
        qp_agg *pa = &a->p.agg;
        const qp_hop *h = &e->p.hop;
        int ok = pa->naggs > 0;
        for (int k = 0; k < pa->naggs && ok; k++) {
            const qagg *g = &pa->aggs[k];
            const qx *x = g->arg;
            int of = (g->fn == AGG_COUNT || g->fn == AGG_COLLECT) && x->kind == QX_SLOT;
            ok = bfs ? of && g->distinct && x->slot == h->slot2
                     : g->fn == AGG_COUNT_STAR ||
                           (of && (x->slot == h->slot2 || x->slot == h->slot3));
        }
        for (int k = 0; k < pa->nexprs && ok; k++)
            ok = !reads_either(pa->exprs[k], h->slot2, h->slot3);
        if (!ok) continue;
        pa->feed = 1;
        for (int k = 0; k < pa->naggs; k++) {
            qagg *g = &pa->aggs[k];
            g->feed = g->fn == AGG_COUNT_STAR    ? AGG_FEED_ROW
                      : g->arg->slot == h->slot2 ? AGG_FEED_NODE
                                                 : AGG_FEED_EDGE;
        }
        size_t l = strlen(a->detail);
        snprintf(a->detail + l, sizeof a->detail - l, ", takes the %s's matches as ids%s",
                 bfs ? "VarExpand" : "Expand", f > i + 1 ? ", the filters per match" : "");
    }
}

/* NodeByIdSeek of a node with no type to check, right under a hop from that
** node that needs a relation (an Expand, a VarExpand of at least one step):
** the seek does not read the node's record to see that the node lives. A
** relation's ends are live nodes (store.c), so an id that names no node has
** no relations and the hop makes no row from it either. EXPLAIN says so. */
static void idseek_unread(qop **chain, int n)
{
    for (int i = 1; i < n; i++) {
        qop *s = chain[i], *e = chain[i - 1];
        if (s->kind != OP_IDSEEK || s->p.seek.typename ||
            !(e->kind == OP_EXPAND || (e->kind == OP_VAREXPAND && e->p.hop.min >= 1)) ||
            e->p.hop.slot != s->p.seek.slot)
            continue;
        s->p.seek.unread = 1;
        size_t l = strlen(s->detail);
        snprintf(s->detail + l, sizeof s->detail - l, ", no record read: the hop finds it");
    }
}

/* The rules that look at a whole pipeline, from its top (root) down its
** children: each operator's rows are what its parent sees. */
static qop *pipeline_rules(qop *root, int counts, int sums)
{
    root = indeg_rewrite(root, sums);
    qop *chain[64];
    int n = 0;
    for (qop *o = root; o && n < 64; o = o->child)
        chain[n++] = o;
    varexpand_distinct(chain, n);
    expand_exists(chain, n);
    aggregate_feed(chain, n);
    idseek_unread(chain, n);
    expand_count_note(chain, n, counts);
    return root;
}

/* The clauses of one query (one part of a UNION) into *out, from a Once
** leaf; *returned: it ends with RETURN. */
static int plan_query(planner *pl, const kgq_node *q, qop **out, int *returned)
{
    kg_stmt *st = pl->st;
    int rc = KG_OK;
    qop *cur = new_op(pl, OP_ONCE, NULL);
    if (!cur) return oom(pl);
    *returned = 0;
    for (int i = 0; i < q->nkids && !rc; i++) {
        const kgq_node *c = q->kids[i];
        if (*returned)
            rc = err(pl, KG_SEMANTIC, c, NULL, "RETURN must be the last clause");
        else
            switch (c->kind) {
            case KGQ_MATCH:
                rc = plan_match(pl, &cur, c);
                break;
            case KGQ_WITH:
                rc = plan_projection(pl, &cur, c, 0);
                break;
            case KGQ_RETURN:
                rc = plan_projection(pl, &cur, c, 1);
                *returned = 1;
                break;
            case KGQ_UNWIND: {
                qop *u = new_op(pl, OP_UNWIND, cur);
                if (!u) {
                    rc = oom(pl);
                    break;
                }
                if ((rc = compile(pl, c->kids[0], &u->p.expr.expr))) break;
                if (lookup(pl, c->str)) {
                    rc = err(pl, KG_SEMANTIC, c, NULL, "variable '%s' is already bound", c->str);
                    break;
                }
                rc = declare(pl, c->str, V_VALUE, &u->p.expr.slot);
                snprintf(u->detail, sizeof u->detail, "UNWIND AS %s", c->str);
                cur = u;
                break;
            }
            case KGQ_CREATE:
            case KGQ_MERGE:
            case KGQ_SET:
            case KGQ_DELETE:
                rc = plan_write(pl, &cur, c);
                break;
            default:
                rc = err(pl, KG_SEMANTIC, c, NULL, "unexpected %s", kgq_kind_name(c->kind));
            }
    }
    if (!rc && !*returned && !st->writes)
        rc = err(pl, KG_SEMANTIC, q, "end the query with RETURN ...",
                 "a query that does not write must return something");
    /* a read statement on a store that keeps counts in its adjacency */
    if (!rc)
        cur = pipeline_rules(cur, !st->writes && kg_store_adj_counts(pl->ex->db),
                             kg_store_adj_counts(pl->ex->db));
    *out = cur;
    return rc;
}

/* q1 UNION [ALL] q2 ...: each part planned alone (its own scope), the same
** column names in the same order; a Union per further part, whose inner
** pipeline ends in a Project into the first part's column slots; UNION
** (not ALL) then drops repeated rows. */
static int plan_union(planner *pl, const kgq_node *u, qop **out)
{
    kg_stmt *st = pl->st;
    int rc, returned;
    if (u->i)
        return err(pl, KG_SEMANTIC, u, "use UNION or UNION ALL throughout",
                   "UNION and UNION ALL cannot be mixed in one query");
    char **names = NULL;
    int *slots = NULL, n = 0;
    qop *cur = NULL;
    for (int k = 0; k < u->nkids; k++) {
        qop *part;
        pl->nvars = 0;
        if ((rc = plan_query(pl, u->kids[k], &part, &returned))) return rc;
        if (!returned)
            return err(pl, KG_SEMANTIC, u->kids[k], NULL, "each part of a UNION ends with RETURN");
        if (k == 0) {
            names = st->colnames, slots = st->colslots, n = st->ncols, cur = part;
            continue;
        }
        int same = st->ncols == n;
        for (int i = 0; same && i < n; i++)
            same = !strcmp(names[i], st->colnames[i]);
        if (!same)
            return err(pl, KG_SEMANTIC, u->kids[k], "name the columns alike with AS",
                       "the parts of a UNION must return the same column names");
        qop *pr = new_op(pl, OP_PROJECT, part), *un = new_op(pl, OP_UNION, cur);
        if (!pr || !un || !(pr->p.project.exprs = PALLOC_N(pl, n + 1, qx *))) return oom(pl);
        for (int i = 0; i < n; i++) {
            if (!(pr->p.project.exprs[i] = new_x(pl, QX_SLOT, NULL))) return oom(pl);
            pr->p.project.exprs[i]->slot = st->colslots[i];
        }
        pr->p.project.slots = slots, pr->p.project.nexprs = n;
        snprintf(pr->detail, sizeof pr->detail, "UNION part %d's columns", k + 1);
        un->inner = pr;
        snprintf(un->detail, sizeof un->detail, "%s: then part %d",
                 u->flags & KGQ_F_ALL ? "UNION ALL" : "UNION", k + 1);
        cur = un;
    }
    st->colnames = names, st->colslots = slots, st->ncols = n;
    if (!(u->flags & KGQ_F_ALL)) {
        qop *d = new_op(pl, OP_DISTINCT, cur);
        if (!d) return oom(pl);
        d->p.project.slots = slots, d->p.project.nexprs = n;
        snprintf(d->detail, sizeof d->detail, "UNION: hash of %d column(s)", n);
        cur = d;
    }
    *out = cur;
    return KG_OK;
}

int kg_plan(kg_stmt *st)
{
    planner pl = {0};
    pl.st = st, pl.ex = &st->ex;
    const kgq_node *q = st->ast;
    int rc, returned;
    qop *cur = NULL;
    st->explain = (q->flags & KGQ_F_EXPLAIN) != 0;
    st->profile = (q->flags & KGQ_F_PROFILE) != 0;
    if (q->kind == KGQ_UNION)
        rc = plan_union(&pl, q, &cur);
    else
        rc = plan_query(&pl, q, &cur, &returned);
    if (!rc && nomem(&pl)) rc = oom(&pl); /* an allocation nothing checked */
    st->root = cur;
    st->ex.nslots = pl.nslots;
    return rc;
}
