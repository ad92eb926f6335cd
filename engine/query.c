/*
** query.c -- statements: prepare, bind, step, columns, reset, finalize, the
** one-call JSON form, and the statements that are not pattern queries
** (SHOW, DESCRIBE, ALIAS, EXPLAIN, PROFILE) (engine layer, query engine).
*/
#include "query.h"

#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- pre-computed rows */

static int pre_row(kg_stmt *st, int ncols, const qv *vals)
{
    if (KG_GROW(st->pre, st->npre, st->cappre, 16)) return KG_NOMEM;
    qv *v = malloc((ncols ? ncols : 1) * sizeof *v);
    if (!v) return KG_NOMEM;
    for (int i = 0; i < ncols; i++)
        v[i] = vals[i];
    st->pre[st->npre++].v = v;
    return KG_OK;
}

static int set_columns(kg_stmt *st, int n, const char *const *names)
{
    st->colnames = kg_arena_alloc(&st->arena, n * sizeof(char *));
    st->colslots = NULL;
    for (int i = 0; i < n && st->colnames; i++)
        st->colnames[i] = kg_arena_strndup(&st->arena, names[i], strlen(names[i]));
    if (st->arena.oom) return KG_NOMEM;
    st->ncols = n;
    return KG_OK;
}

static qv text(const char *s)
{
    return qv_text(s, strlen(s));
}

/* ---------------------------------------------------------------- SHOW */

typedef struct countrows {
    kg_stmt *st; /* statement */
    int rc;      /* first error */
} countrows;

static void add_count(const char *name, uint64_t n, void *ctx)
{
    countrows *c = ctx;
    qv row[2] = {text(name), qv_int((int64_t)n)};
    if (!c->rc) c->rc = pre_row(c->st, 2, row);
}

static int run_show(kg_stmt *st)
{
    int types = st->ast->i == KGQ_SHOW_TYPES, rc;
    countrows c = {st, 0};
    rc = types ? kg_type_counts(st->ex.txn, add_count, &c)
               : kg_rel_counts(st->ex.txn, add_count, &c);
    return rc ? rc : c.rc;
}

/* ---------------------------------------------------------------- DESCRIBE */

typedef struct relcount {
    char key[300];   /* "rel|other name" */
    char rel[128];   /* relation */
    char other[160]; /* the node at the other end */
    int dir;         /* KG_OUT / KG_IN */
    int64_t n;       /* relations */
} relcount;

/* DESCRIBE's mention rows: most mentions first, then by name. */
static int mention_cmp(const void *a, const void *b)
{
    const relcount *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return strcmp(x->other, y->other);
}

static int run_describe(kg_stmt *st)
{
    kg_exec *ex = &st->ex;
    int rc;
    const kgq_node *arg = st->ast->kids[0];
    const char *name;
    size_t len;
    if (arg->kind == KGQ_STRING)
        name = arg->str, len = arg->len;
    else if (arg->kind == KGQ_PARAM) {
        int i;
        for (i = 0; i < ex->nparams && strcmp(ex->pnames[i], arg->str); i++) {
        }
        if (i == ex->nparams || ex->params[i].t != KG_TEXT)
            return kg_q_error(ex, KG_SEMANTIC, arg->start, arg->end, NULL,
                              "DESCRIBE needs a text parameter");
        name = ex->params[i].u.s->s, len = ex->params[i].u.s->len;
    } else {
        return kg_q_error(ex, KG_SEMANTIC, arg->start, arg->end, NULL,
                          "DESCRIBE takes a name in quotes or a parameter");
    }
    kg_id *ids;
    size_t n;
    if ((rc = kg_q_resolve(ex, name, len, NULL, &ids, &n, arg->start, arg->end))) return rc;
    if (n == 0) {
        free(ids);
        return kg_q_error(ex, KG_NOTFOUND, arg->start, arg->end, NULL, "no entity named '%.*s'",
                          (int)len, name);
    }
    kg_id id = ids[0];
    free(ids);
    kg_node nd;
    if ((rc = kg_node_get(ex->txn, id, &nd))) return rc;
    char type[128];
    snprintf(type, sizeof type, "%s", nd.type);
    qv r1[3] = {text("name"), qv_text(nd.name, nd.name_len), QV_NULL};
    qv r2[3] = {text("type"), text(type), QV_NULL};
    if ((rc = pre_row(st, 3, r1)) || (rc = pre_row(st, 3, r2))) return rc;
    kg_iter *it;
    if ((rc = kg_aliases(ex->txn, id, &it))) return rc;
    const char *a;
    size_t al;
    while (!rc && kg_iter_alias(it, &a, &al) == KG_ROW) {
        if (al == nd.name_len && !memcmp(a, nd.name, al)) continue;
        qv r[3] = {text("alias"), qv_text(a, al), QV_NULL};
        rc = pre_row(st, 3, r);
    }
    kg_iter_close(it);
    if (rc) return rc;
    /* relations grouped by (direction, relation, other end), documents; then
    ** mentions: the documents naming it (or, for a document, what it names) */
    relcount *rcs = NULL, *mens = NULL;
    size_t nrc = 0, caprc = 0, nmen = 0, capmen = 0;
    kg_id *docs = NULL;
    size_t ndocs = 0, capdocs = 0;
    kg_adj adj;
    if ((rc = kg_store_adj_open(ex->txn, id, 0, KG_BOTH, &adj))) return rc;
    kg_id nbr, e;
    uint32_t rel;
    int dir;
    while (!rc && kg_store_adj_next(&adj, &nbr, &e, &rel, &dir) == KG_ROW) {
        const char *rn = "?";
        uint32_t t;
        const char *nm;
        size_t nl;
        kg_store_symname(ex->txn, KG_SYM_REL, rel, &rn);
        if (kg_store_node(ex->txn, nbr, &t, &nm, &nl)) continue;
        relcount cur = {{0}, {0}, {0}, dir, 1};
        if (!strcmp(rn, KG_MENTION_REL)) { /* one relation per (entity, document) */
            kg_edge ed;
            if (KG_GROW(mens, nmen, capmen, 16)) {
                rc = KG_NOMEM;
                break;
            }
            snprintf(cur.other, sizeof cur.other, "%.*s%s", (int)(nl > 150 ? 150 : nl), nm,
                     nl > 150 ? "..." : "");
            cur.n = kg_edge_get(ex->txn, e, &ed) == KG_OK ? ed.nevidence : 0;
            mens[nmen++] = cur;
            continue;
        }
        uint8_t mod = KG_MOD_ASSERTED;
        kg_store_edge_modality(ex->txn, e, &mod);
        if (mod != KG_MOD_ASSERTED) /* -[attacked {claimed}]-> X */
            snprintf(cur.rel, sizeof cur.rel, "%s {%s}", rn, kg_modality_name(mod));
        else
            snprintf(cur.rel, sizeof cur.rel, "%s", rn);
        snprintf(cur.other, sizeof cur.other, "%.*s%s", (int)(nl > 150 ? 150 : nl), nm,
                 nl > 150 ? "..." : "");
        size_t i;
        for (i = 0; i < nrc; i++)
            if (rcs[i].dir == dir && !strcmp(rcs[i].rel, cur.rel) &&
                !strcmp(rcs[i].other, cur.other))
                break;
        kg_edge ed;
        int64_t cnt = kg_edge_get(ex->txn, e, &ed) == KG_OK && ed.ndocs ? ed.ndocs : 1;
        if (i < nrc)
            rcs[i].n += cnt;
        else {
            if (KG_GROW(rcs, nrc, caprc, 16)) {
                rc = KG_NOMEM;
                break;
            }
            cur.n = cnt;
            rcs[nrc++] = cur;
        }
        kg_iter *ei;
        if (kg_edge_evidence(ex->txn, e, &ei) == KG_OK) {
            kg_evidence ev;
            while (kg_iter_evidence(ei, &ev) == KG_ROW) {
                size_t j;
                for (j = 0; j < ndocs && docs[j] != ev.doc; j++) {
                }
                if (j < ndocs || !ev.doc) continue;
                if (KG_GROW(docs, ndocs, capdocs, 16)) break;
                docs[ndocs++] = ev.doc;
            }
            kg_iter_close(ei);
        }
    }
    kg_store_adj_close(&adj);
    for (size_t i = 0; i < nrc && !rc; i++) {
        char v[400];
        /* "-[killed]-> X" for out, "<-[killed]- X" for in */
        snprintf(v, sizeof v, rcs[i].dir == KG_OUT ? "-[%s]-> %s" : "<-[%s]- %s", rcs[i].rel,
                 rcs[i].other);
        qv r[3] = {text(rcs[i].dir == KG_OUT ? "out" : "in"), text(v), qv_int(rcs[i].n)};
        rc = pre_row(st, 3, r);
    }
    for (size_t i = 0; i < ndocs && !rc; i++) {
        kg_doc d;
        if (kg_doc_get(ex->txn, docs[i], &d)) continue;
        qv r[3] = {text("document"), text(d.key), QV_NULL};
        rc = pre_row(st, 3, r);
    }
    if (nmen > 1) qsort(mens, nmen, sizeof *mens, mention_cmp);
    for (size_t i = 0; i < nmen && !rc; i++) {
        qv r[3] = {text(mens[i].dir == KG_OUT ? "mentioned" : "mentions"), text(mens[i].other),
                   qv_int(mens[i].n)};
        rc = pre_row(st, 3, r);
    }
    free(rcs);
    free(docs);
    free(mens);
    return rc;
}

/* ---------------------------------------------------------------- EXPLAIN DESCRIBE */

typedef struct whyrows {
    kg_stmt *st;
    int rc;
} whyrows;

static void why_row(kg_id node, const char *why, void *ctx)
{
    whyrows *w = ctx;
    kg_node nd;
    char type[128] = "";
    qv r[3] = {QV_NULL, QV_NULL, text(why)};
    if (node && kg_node_get(w->st->ex.txn, node, &nd) == KG_OK) {
        snprintf(type, sizeof type, "%s", nd.type);
        r[0] = qv_text(nd.name, nd.name_len), r[1] = text(type);
    }
    if (!w->rc) w->rc = pre_row(w->st, 3, r);
}

/* Why a name is the entity it is: kg_explain_name's reasons, a row each. */
static int run_identity(kg_stmt *st)
{
    kg_exec *ex = &st->ex;
    const kgq_node *arg = st->ast->kids[0];
    const char *name = NULL;
    if (arg->kind == KGQ_STRING)
        name = arg->str;
    else if (arg->kind == KGQ_PARAM) {
        int i = kg_q_param(st, arg->str);
        if (i >= 0 && ex->params[i].t == KG_TEXT) name = ex->params[i].u.s->s;
    }
    if (!name)
        return kg_q_error(ex, KG_SEMANTIC, arg->start, arg->end, NULL,
                          "DESCRIBE takes a name in quotes or a text parameter");
    whyrows w = {st, 0};
    int rc = kg_explain_name(ex->txn, name, NULL, why_row, &w);
    return rc ? rc : w.rc;
}

/* ---------------------------------------------------------------- ALIAS */

static int text_arg(kg_exec *ex, const kgq_node *n, qv *out)
{
    if (n->kind == KGQ_STRING) {
        *out = qv_text(n->str, n->len);
        return out->t == KG_NULL ? KG_NOMEM : KG_OK;
    }
    if (n->kind == KGQ_PARAM)
        for (int i = 0; i < ex->nparams; i++)
            if (!strcmp(ex->pnames[i], n->str) && ex->params[i].t == KG_TEXT) {
                *out = qv_retain(ex->params[i]);
                return KG_OK;
            }
    return kg_q_error(ex, KG_SEMANTIC, n->start, n->end, NULL, "expected a name in quotes");
}

static int run_alias(kg_stmt *st)
{
    kg_exec *ex = &st->ex;
    const kgq_node *an = st->ast->kids[0], *tn = st->ast->kids[1];
    qv alias, target;
    int rc = text_arg(ex, an, &alias);
    if (rc) return rc;
    if ((rc = text_arg(ex, tn, &target))) {
        qv_release(alias);
        return rc;
    }
    kg_id *ids = NULL;
    size_t n = 0;
    rc = kg_q_resolve(ex, target.u.s->s, target.u.s->len, NULL, &ids, &n, tn->start, tn->end);
    if (!rc && n == 0)
        rc = kg_q_error(ex, KG_NOTFOUND, tn->start, tn->end, "create it first with MERGE",
                        "no entity named '%s'", target.u.s->s);
    if (!rc) rc = kg_curate_alias(ex->txn, ids[0], alias.u.s->s); /* a curation step */
    if (!rc) {
        kg_node nd;
        if (!(rc = kg_node_get(ex->txn, ids[0], &nd))) {
            qv r[2] = {qv_retain(alias), qv_text(nd.name, nd.name_len)};
            rc = pre_row(st, 2, r);
        }
    }
    free(ids);
    qv_release(alias);
    qv_release(target);
    return rc;
}

/* ---------------------------------------------------------------- EXPLAIN */

static int plan_rows(kg_stmt *st, qop *op, int depth, int stats, int *step)
{
    if (!op) return KG_OK;
    /* children first, so the plan reads in execution order */
    int rc = plan_rows(st, op->child, depth, stats, step);
    if (rc) return rc;
    if (op->inner && (rc = plan_rows(st, op->inner, depth + 1, stats, step))) return rc;
    if (op->kind == OP_ARG || op->kind == OP_ONCE) return KG_OK;
    char name[64];
    snprintf(name, sizeof name, "%*s%s", depth * 2, "", kg_op_name(op->kind));
    qv r[5] = {qv_int(++*step), text(name), text(op->detail), QV_NULL, QV_NULL};
    if (stats) {
        r[3] = qv_int((int64_t)op->rows);
        r[4] = qv_float((double)(int64_t)(op->secs * 1e6) / 1000.0);
    }
    return pre_row(st, stats ? 5 : 3, r);
}

int kg_exec_describe_plan(kg_stmt *st, int with_stats)
{
    int step = 0; /* the columns were set by kg_prepare */
    return plan_rows(st, st->root, 0, with_stats, &step);
}

/* ---------------------------------------------------------------- prepare */

int kg_prepare(kg_db *db, const char *query, long len, kg_stmt **out, const char **tail)
{
    if (!db || !query || !out) return KG_MISUSE;
    kg_error_clear(db);
    *out = NULL;
    size_t n = len < 0 ? strlen(query) : (size_t)len;
    kgq_node *ast = NULL;
    size_t consumed = 0;
    kgq_error perr;
    int prc = kgq_parse(query, n, db->limits.max_depth, &ast, &consumed, &perr);
    if (tail) *tail = query + (prc == 0 ? consumed : n);
    if (prc == -2) return kg_error(db, KG_NOMEM, "out of memory");
    kg_stmt *st = calloc(1, sizeof *st);
    if (!st) {
        kgq_free(ast);
        return kg_error(db, KG_NOMEM, "out of memory");
    }
    st->db = db;
    st->len = prc == 0 ? consumed : n;
    st->text = malloc(st->len + 1);
    if (!st->text) {
        free(st);
        kgq_free(ast);
        return kg_error(db, KG_NOMEM, "out of memory");
    }
    memcpy(st->text, query, st->len);
    st->text[st->len] = 0;
    st->ex.db = db;
    st->ex.text = st->text;
    if (prc == -1) {
        char hint[64] = "";
        if (strstr(perr.msg, "nesting"))
            snprintf(hint, sizeof hint, "raise the limit with kg_set_limits");
        int rc = kg_q_error(&st->ex, KG_SYNTAX, perr.start, perr.end, hint, "%s", perr.msg);
        kg_finalize(st);
        return rc;
    }
    if (!ast) { /* blanks and comments only */
        kg_finalize(st);
        return KG_OK;
    }
    st->ast = ast;
    int rc = KG_OK;
    if (ast->kind == KGQ_QUERY || ast->kind == KGQ_UNION) {
        /* plan in a read transaction: names of types and relations are checked */
        if ((rc = kg_store_read_begin(db, &st->ex.txn))) {
            kg_finalize(st);
            return rc;
        }
        rc = kg_plan(st);
        kg_abort(st->ex.txn);
        st->ex.txn = NULL;
        if (rc) {
            kg_finalize(st);
            return rc;
        }
    } else if (ast->kind == KGQ_ALIAS) {
        st->writes = 1;
    }
    /* parameters of SHOW/DESCRIBE/ALIAS statements */
    if (ast->kind == KGQ_DESCRIBE || ast->kind == KGQ_ALIAS) {
        for (int i = 0; i < ast->nkids; i++)
            if (ast->kids[i]->kind == KGQ_PARAM && kg_q_param(st, ast->kids[i]->str) < 0) {
                kg_finalize(st);
                return kg_error(db, KG_NOMEM, "out of memory");
            }
    }
    if (ast->kind == KGQ_SHOW) {
        static const char *const tc[] = {"type", "count"}, *const rc_[] = {"relation", "count"};
        rc = set_columns(st, 2, ast->i == KGQ_SHOW_TYPES ? tc : rc_);
    } else if (ast->kind == KGQ_DESCRIBE) {
        static const char *const cols[] = {"field", "value", "count"};
        rc = set_columns(st, 3, cols);
    } else if (ast->kind == KGQ_ALIAS) {
        static const char *const cols[] = {"alias", "entity"};
        rc = set_columns(st, 2, cols);
    }
    if (rc) {
        kg_finalize(st);
        return kg_error(db, rc, "out of memory");
    }
    if (ast->flags & KGQ_F_EXPLAIN) st->explain = 1;
    if (ast->flags & KGQ_F_PROFILE) st->profile = 1;
    if (st->explain && ast->kind == KGQ_DESCRIBE) {
        /* EXPLAIN DESCRIBE "name": why the name is the entity it is (run_identity) */
        static const char *const cols[] = {"entity", "type", "why"};
        rc = set_columns(st, 3, cols);
    } else if (st->explain || st->profile) {
        static const char *const cols[] = {"step", "operator", "detail", "rows", "ms"};
        /* the plan's columns replace the statement's */
        rc = set_columns(st, st->profile ? 5 : 3, cols);
    }
    if (rc) {
        kg_finalize(st);
        return kg_error(db, rc, "out of memory");
    }
    *out = st;
    return KG_OK;
}

/* ---------------------------------------------------------------- bind */

static int bind(kg_stmt *st, const char *name, qv v)
{
    if (!st || !name) {
        qv_release(v);
        return KG_MISUSE;
    }
    if (*name == '$') name++;
    for (int i = 0; i < st->ex.nparams; i++)
        if (!strcmp(st->ex.pnames[i], name)) {
            qv_set(&st->ex.params[i], v);
            st->ex.pbound[i] = 1;
            return KG_OK;
        }
    qv_release(v);
    return kg_error(st->db, KG_RANGE, "the statement has no parameter $%s", name);
}

int kg_bind_null(kg_stmt *st, const char *name)
{
    return bind(st, name, QV_NULL);
}
int kg_bind_int(kg_stmt *st, const char *name, int64_t v)
{
    return bind(st, name, qv_int(v));
}
int kg_bind_double(kg_stmt *st, const char *name, double v)
{
    return bind(st, name, qv_float(v));
}
int kg_bind_date(kg_stmt *st, const char *name, int32_t days)
{
    return bind(st, name, qv_date(days));
}
int kg_bind_text(kg_stmt *st, const char *name, const char *s, long len)
{
    if (!s) return bind(st, name, QV_NULL);
    size_t n = len < 0 ? strlen(s) : (size_t)len;
    if (!kg_utf8_valid(s, n)) return kg_error(st->db, KG_INVALID, "parameter is not valid UTF-8");
    qv v = qv_text(s, n);
    if (v.t == KG_NULL) return kg_error(st->db, KG_NOMEM, "out of memory");
    return bind(st, name, v);
}

int kg_param_count(const kg_stmt *st)
{
    return st ? st->ex.nparams : 0;
}

const char *kg_param_name(const kg_stmt *st, int i)
{
    return st && i >= 0 && i < st->ex.nparams ? st->ex.pnames[i] : NULL;
}

int kg_stmt_readonly(const kg_stmt *st)
{
    return !st || !st->writes || st->explain;
}

const char *kg_stmt_warning(const kg_stmt *st)
{
    return st ? st->warning : NULL;
}

/* ---------------------------------------------------------------- step */

static void clear_run(kg_stmt *st)
{
    kg_exec *ex = &st->ex;
    kg_exec_reset_all(ex, st->allops, st->nallops);
    for (int i = 0; i < st->nallops; i++)
        st->allops[i]->rows = 0, st->allops[i]->secs = 0;
    for (size_t i = 0; i < st->npre; i++) {
        for (int c = 0; c < st->ncols; c++)
            qv_release(st->pre[i].v[c]);
        free(st->pre[i].v);
    }
    free(st->pre);
    st->pre = NULL, st->npre = st->ipre = st->cappre = 0;
    st->cur = NULL;
    if (ex->slots) /* the frame is kept for the next run (freed by kg_finalize) */
        for (int i = 0; i < ex->nslots; i++)
            qv_set(&ex->slots[i], QV_NULL);
    for (int i = 0; i < st->nallx; i++) {
        qx *x = st->allx[i];
        qv_set(&x->cache_key, QV_NULL);
        free(x->cache_ids);
        x->cache_ids = NULL, x->cache_n = 0;
    }
    if (ex->txn) {
        kg_abort(ex->txn);
        ex->txn = NULL;
    }
    ex->err = 0;
    ex->mem = 0;
    ex->rows_out = 0;
    ex->profile = 0;
    st->started = st->done = 0;
}

/* Run everything now (writes, EXPLAIN, PROFILE, SHOW...), keeping result rows. */
static int run_eager(kg_stmt *st)
{
    kg_exec *ex = &st->ex;
    int rc = KG_OK;
    switch (st->ast->kind) {
    case KGQ_SHOW:
        return st->explain ? KG_OK : run_show(st);
    case KGQ_DESCRIBE:
        return st->explain ? run_identity(st) : run_describe(st);
    case KGQ_ALIAS:
        return st->explain ? KG_OK : run_alias(st);
    default:
        break;
    }
    if (st->explain) return kg_exec_describe_plan(st, 0);
    ex->profile = st->profile;
    int r;
    while ((r = kg_exec_next(ex, st->root)) > 0) {
        if (st->profile) continue;
        qv *row = malloc((st->ncols ? st->ncols : 1) * sizeof *row);
        if (!row) return KG_NOMEM;
        for (int i = 0; i < st->ncols; i++)
            row[i] = qv_retain(ex->slots[st->colslots[i]]);
        if (KG_GROW(st->pre, st->npre, st->cappre, 16)) {
            for (int i = 0; i < st->ncols; i++)
                qv_release(row[i]);
            free(row);
            return KG_NOMEM;
        }
        st->pre[st->npre++].v = row;
    }
    if (r < 0) return -r;
    if (st->profile) rc = kg_exec_describe_plan(st, 1);
    return rc;
}

static int step(kg_stmt *st);

/* kg_step under the damage guard (kg_store_guard): an LMDB assertion on a
** damaged page ends the step with KG_CORRUPT instead of the process. */
int kg_step(kg_stmt *st)
{
    if (!st) return KG_MISUSE;
    if (st->db->damaged) return kg_store_damaged(st->db);
    jmp_buf here, **slot = kg_store_guard(), *outer = *slot;
    if (setjmp(here)) {
        *slot = outer;
        st->done = 1;
        return kg_store_damaged(st->db);
    }
    *slot = &here;
    int rc = step(st);
    *slot = outer;
    return rc;
}

static int step(kg_stmt *st)
{
    kg_db *db = st->db;
    kg_exec *ex = &st->ex;
    if (st->done) return KG_DONE;
    if (!st->started) {
        kg_error_clear(db);
        /* EXPLAIN of a query runs nothing: its parameters need no values */
        int need = !(st->explain && st->ast && st->ast->kind == KGQ_QUERY);
        for (int i = 0; i < ex->nparams && need; i++)
            if (!ex->pbound[i]) {
                /* point at the first use of the parameter in the text */
                uint32_t s0 = 0, s1 = 0;
                for (int k = 0; k < st->nallx; k++)
                    if (st->allx[k]->kind == QX_PARAM && st->allx[k]->slot == i) {
                        s0 = st->allx[k]->start, s1 = st->allx[k]->end;
                        break;
                    }
                if (!s1 && st->ast)
                    for (int k = 0; k < st->ast->nkids; k++)
                        if (st->ast->kids[k]->kind == KGQ_PARAM &&
                            !strcmp(st->ast->kids[k]->str, ex->pnames[i]))
                            s0 = st->ast->kids[k]->start, s1 = st->ast->kids[k]->end;
                kg_q_error(ex, KG_MISUSE, s0, s1,
                           "bind it with kg_bind_*, --param NAME=VALUE or .param set NAME VALUE",
                           "parameter $%s is not bound", ex->pnames[i]);
                ex->err = 0;
                return KG_MISUSE;
            }
        st->started = 1;
        atomic_store(&db->interrupted, 0); /* an interrupt before this statement is not for it */
        clock_gettime(CLOCK_MONOTONIC, &ex->t0);
        if (!ex->slots && !(ex->slots = calloc(ex->nslots ? ex->nslots : 1, sizeof(qv))))
            return kg_error(db, KG_NOMEM, "out of memory");
        int write = st->writes && !st->explain;
        int rc;
        if (write) {
            if (db->txn) return kg_error(db, KG_MISUSE, "a transaction is open on this handle");
            rc = kg_begin(db, KG_TXN_WRITE, &ex->txn);
            if (rc == KG_OK) db->txn = NULL; /* owned by the statement, not the handle */
        } else {
            rc = kg_store_read_begin(db, &ex->txn);
        }
        if (rc) {
            st->done = 1;
            return rc;
        }
        if (write || st->explain || st->profile ||
            (st->ast->kind != KGQ_QUERY && st->ast->kind != KGQ_UNION)) {
            rc = run_eager(st);
            /* close every cursor while its transaction lives: LMDB frees the
            ** cursors of a write transaction when it ends, so closing them
            ** later (kg_reset/kg_finalize) would free them twice */
            kg_exec_reset_all(ex, st->allops, st->nallops);
            if (rc) {
                if (ex->txn) kg_abort(ex->txn);
                ex->txn = NULL;
                st->done = 1;
                if (!strcmp(kg_errmsg(db), "not an error")) kg_error(db, rc, "%s", kg_errstr(rc));
                return rc;
            }
            if (write) {
                /* rows are rendered from the committed state: read again */
                kg_txn *w = ex->txn;
                ex->txn = NULL;
                if ((rc = kg_commit(w))) {
                    st->done = 1;
                    return rc;
                }
                if ((rc = kg_store_read_begin(db, &ex->txn))) {
                    st->done = 1;
                    return rc;
                }
            }
            st->ipre = 0;
            st->cur = NULL;
            st->started = 2; /* rows come from st->pre from now on */
        }
    }
    if (atomic_load_explicit(&db->interrupted, memory_order_relaxed)) {
        st->done = 1;
        return kg_error(db, KG_INTERRUPT, "interrupted");
    }
    if (st->started == 2) {
        if (st->ipre >= st->npre) {
            st->done = 1;
            return KG_DONE;
        }
        st->cur = st->pre[st->ipre++].v;
        return KG_ROW;
    }
    if (db->limits.max_rows && ex->rows_out >= db->limits.max_rows) {
        st->done = 1;
        return kg_error(db, KG_LIMIT, "query returned more than the limit of %llu rows",
                        (unsigned long long)db->limits.max_rows);
    }
    int r = kg_exec_next(ex, st->root);
    if (r > 0) {
        ex->rows_out++;
        return KG_ROW;
    }
    st->done = 1;
    if (r == 0) return KG_DONE;
    if (!strcmp(kg_errmsg(db), "not an error")) kg_error(db, -r, "%s", kg_errstr(-r));
    return -r;
}

/* ---------------------------------------------------------------- columns */

int kg_column_count(const kg_stmt *st)
{
    return st ? st->ncols : 0;
}

const char *kg_column_name(const kg_stmt *st, int i)
{
    return st && i >= 0 && i < st->ncols ? st->colnames[i] : NULL;
}

static qv *column(kg_stmt *st, int i)
{
    if (!st || i < 0 || i >= st->ncols) return NULL;
    if (st->started == 2) return st->cur ? &st->cur[i] : NULL;
    if (!st->started || !st->ex.slots || !st->colslots) return NULL;
    return &st->ex.slots[st->colslots[i]];
}

kg_type kg_column_type(kg_stmt *st, int i)
{
    qv *v = column(st, i);
    return v ? (kg_type)v->t : KG_NULL;
}

int64_t kg_column_int(kg_stmt *st, int i)
{
    qv *v = column(st, i);
    if (!v) return 0;
    switch (v->t) {
    case KG_INT:
    case KG_BOOL:
    case KG_DATE:
        return v->u.i;
    case KG_FLOAT:
        return (int64_t)v->u.f;
    case KG_NODE:
    case KG_EDGE:
        return (int64_t)v->u.id;
    case KG_LIST:
    case KG_PATH:
        return v->u.l->n;
    default:
        return 0;
    }
}

double kg_column_double(kg_stmt *st, int i)
{
    qv *v = column(st, i);
    if (!v) return 0;
    return v->t == KG_FLOAT ? v->u.f : (double)kg_column_int(st, i);
}

static const char *render(kg_stmt *st, int i, size_t *len, int json)
{
    qv *v = column(st, i);
    if (!v) return NULL;
    if (!st->out && !(st->out = calloc(st->ncols, sizeof *st->out))) {
        kg_error(st->db, KG_NOMEM, "out of memory");
        return NULL;
    }
    qbuf *b = &st->out[i];
    b->n = 0;
    if (b->p) b->p[0] = 0;
    if (qv_text_out(&st->ex, v, b, json)) {
        kg_error(st->db, KG_NOMEM, "out of memory");
        return NULL;
    }
    if (!b->p) qb_puts(b, "");
    if (len) *len = b->n;
    return b->p;
}

const char *kg_column_text(kg_stmt *st, int i, size_t *len)
{
    return render(st, i, len, 0);
}

const char *kg_column_json(kg_stmt *st, int i, size_t *len)
{
    return render(st, i, len, 1);
}

int kg_reset(kg_stmt *st)
{
    if (!st) return KG_MISUSE;
    clear_run(st);
    return KG_OK;
}

void kg_finalize(kg_stmt *st)
{
    if (!st) return;
    clear_run(st);
    for (int i = 0; i < st->nallops; i++)
        kg_exec_free(st->allops[i]);
    /* the values the plan holds; everything else of it is in the arena */
    for (int i = 0; i < st->nallx; i++)
        qv_release(st->allx[i]->lit);
    for (int i = 0; i < st->ex.nparams; i++)
        qv_release(st->ex.params[i]);
    free(st->ex.slots);
    free(st->allops);
    free(st->allx);
    for (int i = 0; st->out && i < st->ncols; i++)
        qb_free(&st->out[i]);
    free(st->out);
    kgq_free(st->ast);
    free(st->text);
    kg_arena_free(&st->arena);
    free(st);
}

/* ---------------------------------------------------------------- JSON one-call */

/* A JSON array or object as a kg list or map (items converted the same way). */
static int json_value(json_object *j, qv *out)
{
    *out = QV_NULL;
    switch (json_object_get_type(j)) {
    case json_type_null:
        return KG_OK;
    case json_type_boolean:
        *out = qv_bool(json_object_get_boolean(j));
        return KG_OK;
    case json_type_int:
        *out = qv_int(json_object_get_int64(j));
        return KG_OK;
    case json_type_double:
        *out = qv_float(json_object_get_double(j));
        return KG_OK;
    case json_type_string:
        *out = qv_text(json_object_get_string(j), (size_t)json_object_get_string_len(j));
        return out->t == KG_NULL ? KG_NOMEM : KG_OK;
    case json_type_array: {
        size_t n = json_object_array_length(j);
        qv l = qv_list(KG_LIST, (uint32_t)n);
        if (l.t == KG_NULL) return KG_NOMEM;
        for (size_t i = 0; i < n; i++)
            if (json_value(json_object_array_get_idx(j, i), &l.u.l->v[i])) {
                qv_release(l);
                return KG_NOMEM;
            }
        *out = l;
        return KG_OK;
    }
    case json_type_object: {
        qv m = qv_list(KG_MAP, (uint32_t)json_object_object_length(j));
        if (m.t == KG_NULL) return KG_NOMEM;
        uint32_t i = 0;
        json_object_object_foreach(j, key, val)
        {
            qv *kv = &m.u.l->v[2 * i++];
            if ((kv[0] = qv_text(key, strlen(key))).t == KG_NULL || json_value(val, &kv[1])) {
                qv_release(m);
                return KG_NOMEM;
            }
        }
        *out = m;
        return KG_OK;
    }
    }
    return KG_OK;
}

static int bind_json(kg_stmt *st, const char *name, json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return kg_bind_null(st, name);
    case json_type_boolean:
        return bind(st, name, qv_bool(json_object_get_boolean(v)));
    case json_type_int:
        return kg_bind_int(st, name, json_object_get_int64(v));
    case json_type_double:
        return kg_bind_double(st, name, json_object_get_double(v));
    case json_type_string:
        return kg_bind_text(st, name, json_object_get_string(v), json_object_get_string_len(v));
    default: {
        qv l;
        if (json_value(v, &l)) return kg_error(st->db, KG_NOMEM, "out of memory");
        return bind(st, name, l);
    }
    }
}

int kg_bind_json(kg_stmt *st, const char *name, const char *json, long len)
{
    if (!st || !json) return KG_MISUSE;
    if (len < 0) len = (long)strlen(json);
    if (len > INT_MAX) return kg_error(st->db, KG_RANGE, "parameter $%s: JSON too long", name);
    json_tokener *tok = json_tokener_new();
    if (!tok) return kg_error(st->db, KG_NOMEM, "out of memory");
    json_object *v = json_tokener_parse_ex(tok, json, (int)len);
    enum json_tokener_error je = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (je == json_tokener_continue && !v) { /* a bare number or literal ends only at a delimiter */
        v = json_tokener_parse_ex(tok, " ", 1);
        je = json_tokener_get_error(tok);
        if (je == json_tokener_success) end = (size_t)len; /* all of the text was the value */
    }
    json_tokener_free(tok);
    while (je == json_tokener_success && end < (size_t)len && strchr(" \t\r\n", json[end]))
        end++;
    if (je != json_tokener_success || end != (size_t)len) {
        json_object_put(v);
        return kg_error(st->db, KG_INVALID, "parameter $%s: not one JSON value (%s at byte %zu)",
                        name,
                        je == json_tokener_success    ? "text after it"
                        : je == json_tokener_continue ? "it is cut short"
                                                      : json_tokener_error_desc(je),
                        end);
    }
    int rc = bind_json(st, name, v);
    json_object_put(v);
    return rc;
}

int kg_query_json(kg_db *db, const char *query, const char *params_json, char **out)
{
    if (!db || !query || !out) return KG_MISUSE;
    *out = NULL;
    json_object *params = NULL;
    if (params_json && *params_json) {
        json_tokener *tok = json_tokener_new();
        if (!tok) return kg_error(db, KG_NOMEM, "out of memory");
        params = json_tokener_parse_ex(tok, params_json, (int)strlen(params_json));
        enum json_tokener_error je = json_tokener_get_error(tok);
        size_t off = json_tokener_get_parse_end(tok);
        json_tokener_free(tok);
        if (je != json_tokener_success || !json_object_is_type(params, json_type_object)) {
            json_object_put(params);
            return kg_error(
                db, KG_INVALID, "parameters are not a JSON object (at byte %zu: %s)", off,
                je == json_tokener_success ? "not an object" : json_tokener_error_desc(je));
        }
    }
    const char *q = query;
    qbuf b = {0};
    int rc = KG_OK, any = 0;
    while (*q) {
        kg_stmt *st;
        const char *tail;
        if ((rc = kg_prepare(db, q, -1, &st, &tail))) break;
        if (!st) break;
        for (int i = 0; i < kg_param_count(st) && !rc; i++) {
            const char *pn = kg_param_name(st, i);
            json_object *v;
            if (params && json_object_object_get_ex(params, pn, &v))
                rc = bind_json(st, pn, v);
            else
                rc = kg_error(db, KG_MISUSE, "parameter $%s is not given", pn);
        }
        if (rc) {
            kg_finalize(st);
            break;
        }
        b.n = 0;
        qb_puts(&b, "{\"columns\":[");
        for (int i = 0; i < kg_column_count(st); i++) {
            if (i) qb_puts(&b, ",");
            const char *cn = kg_column_name(st, i);
            qb_json_str(&b, cn, strlen(cn));
        }
        qb_puts(&b, "],\"rows\":[");
        int nrow = 0;
        while ((rc = kg_step(st)) == KG_ROW) {
            qb_puts(&b, nrow++ ? ",[" : "[");
            for (int i = 0; i < kg_column_count(st); i++) {
                size_t l;
                const char *s = kg_column_json(st, i, &l);
                if (i) qb_puts(&b, ",");
                qb_put(&b, s ? s : "null", s ? l : 4);
            }
            qb_puts(&b, "]");
        }
        qb_puts(&b, "]}");
        kg_finalize(st);
        if (rc != KG_DONE) break;
        rc = KG_OK;
        any = 1;
        q = tail;
    }
    json_object_put(params);
    if (rc == KG_OK && !any) qb_puts(&b, "{\"columns\":[],\"rows\":[]}");
    if (rc == KG_OK && b.oom) rc = kg_error(db, KG_NOMEM, "out of memory");
    if (rc) {
        qb_free(&b);
        return rc;
    }
    *out = b.p;
    return KG_OK;
}
