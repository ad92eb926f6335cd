/*
** eval.c -- expression evaluation, built-in functions, entity name resolution
** and query error messages with a caret (engine layer, query engine).
**
** Nulls propagate as in SQL: a comparison with null is null, AND/OR use
** three-valued logic, WHERE keeps a row only when its predicate is true.
** Text comparison is byte-wise (case-sensitive); use lower() to fold.
*/
#include "query.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---------------------------------------------------------------- errors */

int kg_q_error(kg_exec *ex, int rc, uint32_t start, uint32_t end, const char *hint, const char *fmt,
               ...)
{
    kg_db *db = ex->db;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *t = ex->text ? ex->text : "";
    size_t tl = strlen(t);
    if (start > tl) start = (uint32_t)tl;
    if (end < start) end = start;
    if (end > tl) end = (uint32_t)tl;
    /* an error at the end of the text points just after its last non-blank */
    if (start == end && start == tl)
        while (start > 0 && strchr(" \t\r\n;", t[start - 1]))
            start--, end--;
    /* line and column (1-based, column in characters) */
    size_t line = 1, ls = 0;
    for (size_t i = 0; i < start; i++)
        if (t[i] == '\n') line++, ls = i + 1;
    size_t col = 1;
    for (size_t i = ls; i < start; i++)
        if (((unsigned char)t[i] & 0xC0) != 0x80) col++;
    size_t le = ls;
    while (le < tl && t[le] != '\n')
        le++;
    /* a long line is shown as a window around the error, cut at characters */
    size_t ws = ls, we = le;
    const size_t around = le - ls > 200 ? 80 : SIZE_MAX / 4;
    if (start - ls > around) {
        ws = start - around;
        while (ws < start && ((unsigned char)t[ws] & 0xC0) == 0x80)
            ws++;
    }
    size_t stop = end > start + around ? start + around : end;
    if (stop > le) stop = le; /* a span running past its first line */
    if (we - stop > around) { /* we >= stop: stop <= end <= le */
        we = stop + around;
        while (we > stop && ((unsigned char)t[we] & 0xC0) == 0x80)
            we--;
    }
    qbuf b = {0};
    qb_printf(&b, "%s at line %zu, column %zu\n    %s%.*s%s\n    %s", msg, line, col,
              ws > ls ? "..." : "", (int)(we - ws), t + ws, we < le ? "..." : "",
              ws > ls ? "   " : "");
    for (size_t i = ws; i < start; i++)
        if (((unsigned char)t[i] & 0xC0) != 0x80) qb_puts(&b, t[i] == '\t' ? "\t" : " ");
    size_t carets = 0;
    for (size_t i = start; i < end && i < we; i++)
        if (((unsigned char)t[i] & 0xC0) != 0x80) carets++;
    if (!carets) carets = 1;
    for (size_t i = 0; i < carets; i++)
        qb_puts(&b, "^");
    if (hint && *hint) qb_printf(&b, "\nhint: %s", hint);
    kg_error(db, rc, "%s", b.p ? b.p : msg);
    db->erroffset = (long)start;
    qb_free(&b);
    if (!ex->err) ex->err = rc;
    return rc;
}

/* ---------------------------------------------------------------- names */

int kg_q_resolve(kg_exec *ex, const char *name, size_t len, const char *type, kg_id **ids,
                 size_t *n, uint32_t start, uint32_t end)
{
    *ids = NULL, *n = 0;
    char *z = malloc(len + 1);
    if (!z) return KG_NOMEM;
    memcpy(z, name, len);
    z[len] = 0;
    kg_id small[16];
    size_t cnt = 0;
    int rc = kg_resolve(ex->txn, z, type, small, 16, &cnt);
    if (rc == KG_NOTFOUND) {
        free(z);
        return KG_OK;
    }
    if (rc) {
        free(z);
        return kg_q_error(ex, rc, start, end, NULL, "cannot resolve '%.100s': %s", name,
                          kg_errmsg(ex->db));
    }
    kg_id *all = malloc((cnt ? cnt : 1) * sizeof *all);
    if (!all) {
        free(z);
        return KG_NOMEM;
    }
    if (cnt > 16)
        kg_resolve(ex->txn, z, type, all, cnt, &cnt);
    else
        memcpy(all, small, cnt * sizeof *all);
    if (cnt > 1) {
        /* a candidate whose canonical name is the name itself wins */
        char *qn = NULL;
        size_t ql, exact = 0;
        kg_id pick = 0;
        if (kg_names_normalize(z, len, &qn, &ql) == KG_OK) {
            for (size_t i = 0; i < cnt; i++) {
                uint32_t t;
                const char *nm;
                size_t nl, cl;
                char *cn = NULL;
                if (kg_store_node(ex->txn, all[i], &t, &nm, &nl) == KG_OK &&
                    kg_names_normalize(nm, nl, &cn, &cl) == KG_OK && cl == ql &&
                    !memcmp(cn, qn, cl))
                    exact++, pick = all[i];
                free(cn);
            }
        }
        free(qn);
        if (exact == 1) {
            all[0] = pick;
            cnt = 1;
        } else {
            qbuf b = {0};
            for (size_t i = 0; i < cnt && i < 6; i++) {
                uint32_t t;
                const char *nm, *tn = "?";
                size_t nl;
                if (kg_store_node(ex->txn, all[i], &t, &nm, &nl)) continue;
                kg_store_symname(ex->txn, KG_SYM_TYPE, t, &tn);
                qb_printf(&b, "%s%.*s (%s)", i ? ", " : "", (int)nl, nm, tn);
            }
            if (cnt > 6) qb_printf(&b, ", and %zu more", cnt - 6);
            char hint[700];
            snprintf(hint, sizeof hint, "candidates: %s; give a type or the full name",
                     b.p ? b.p : "");
            qb_free(&b);
            free(all);
            rc = kg_q_error(ex, KG_AMBIGUOUS, start, end, hint, "name '%.100s' is ambiguous", z);
            free(z);
            return rc;
        }
    }
    free(z);
    *ids = all, *n = cnt;
    return KG_OK;
}

/* ---------------------------------------------------------------- helpers */

static int oom(kg_exec *ex)
{
    kg_error(ex->db, KG_NOMEM, "out of memory");
    if (!ex->err) ex->err = KG_NOMEM;
    return KG_NOMEM;
}

static int text_of_node(kg_exec *ex, kg_id id, qv *out)
{
    uint32_t t;
    const char *nm;
    size_t nl;
    if (kg_store_node(ex->txn, id, &t, &nm, &nl) != KG_OK) {
        *out = QV_NULL;
        return KG_OK;
    }
    *out = qv_text(nm, nl);
    return out->t == KG_NULL ? oom(ex) : KG_OK;
}

static int sym_text(kg_exec *ex, int kind, uint32_t id, qv *out)
{
    const char *s;
    if (kg_store_symname(ex->txn, kind, id, &s) != KG_OK) {
        *out = QV_NULL;
        return KG_OK;
    }
    *out = qv_text(s, strlen(s));
    return out->t == KG_NULL ? oom(ex) : KG_OK;
}

/* The evidence rows of an edge as a list of maps {doc, sentence, date, rule,
** confidence, modality, claimant, reported, event, load} (claimant: the
** node's name, or null; date: the event date, else the report date;
** reported: the report date; event: the event date or null; load: the load
** generation the row came in; precision: "day" or "month" for an event date,
** else null). */
static int edge_evidence(kg_exec *ex, kg_id e, qv *out)
{
    kg_iter *it;
    int rc = kg_edge_evidence(ex->txn, e, &it);
    if (rc) return rc;
    qv list = qv_list(KG_LIST, 0);
    if (list.t == KG_NULL) {
        kg_iter_close(it);
        return oom(ex);
    }
    kg_evidence ev;
    while ((rc = kg_iter_evidence(it, &ev)) == KG_ROW) {
        char rule[128];
        snprintf(rule, sizeof rule, "%s", ev.rule ? ev.rule : "");
        qv m = qv_list(KG_MAP, 11);
        if (m.t == KG_NULL) break;
        qv *v = m.u.l->v;
        kg_doc d;
        int have = ev.doc && kg_doc_get(ex->txn, ev.doc, &d) == KG_OK;
        v[0] = qv_text("doc", 3);
        v[1] = have ? qv_text(d.key, strlen(d.key)) : QV_NULL;
        v[2] = qv_text("sentence", 8);
        v[3] = have && ev.end > ev.start && ev.end <= d.text_len
                   ? qv_text(d.text + ev.start, ev.end - ev.start)
                   : QV_NULL;
        v[4] = qv_text("date", 4);
        v[5] = ev.event_date != KG_NODATE ? qv_date(ev.event_date)
               : ev.date == KG_NODATE     ? QV_NULL
                                          : qv_date(ev.date);
        v[6] = qv_text("rule", 4);
        v[7] = rule[0] ? qv_text(rule, strlen(rule)) : QV_NULL;
        v[8] = qv_text("confidence", 10);
        v[9] = qv_float((double)((int)(ev.confidence * 1000 + 0.5)) / 1000);
        const char *mn = kg_modality_name(ev.modality);
        v[10] = qv_text("modality", 8);
        v[11] = mn ? qv_text(mn, strlen(mn)) : QV_NULL;
        v[12] = qv_text("claimant", 8);
        v[13] = QV_NULL;
        if (ev.claimant) text_of_node(ex, ev.claimant, &v[13]);
        v[14] = qv_text("reported", 8);
        v[15] = ev.date == KG_NODATE ? QV_NULL : qv_date(ev.date);
        v[16] = qv_text("event", 5);
        v[17] = ev.event_date == KG_NODATE ? QV_NULL : qv_date(ev.event_date);
        v[18] = qv_text("load", 4);
        v[19] = qv_int(ev.load);
        v[20] = qv_text("precision", 9);
        v[21] = ev.event_date == KG_NODATE ? QV_NULL
                : ev.event_month           ? qv_text("month", 5)
                                           : qv_text("day", 3);
        if (qv_list_push(&list, m)) break;
    }
    kg_iter_close(it);
    if (rc != KG_DONE) {
        qv_release(list);
        return rc == KG_ROW ? oom(ex) : rc;
    }
    *out = list;
    return KG_OK;
}

/* The row a relation shows (edge_prop): the one with the earliest date (the
** event's, else the report's) naming a day, the first in document order
** among equals; else the earliest naming a month ("in December 2016"); with
** no dated row, the first that has a document, else the first. */
static uint32_t shown_row(const qlist *l)
{
    uint32_t best[2] = {UINT32_MAX, UINT32_MAX}, withdoc = UINT32_MAX;
    for (uint32_t i = 0; i < l->n; i++) {
        const qv *v = l->v[i].u.l->v;
        int month = v[21].t == KG_TEXT && v[21].u.s->s[0] == 'm';
        if (v[5].t == KG_DATE &&
            (best[month] == UINT32_MAX || v[5].u.i < l->v[best[month]].u.l->v[5].u.i))
            best[month] = i;
        if (withdoc == UINT32_MAX && v[1].t != KG_NULL) withdoc = i;
    }
    return best[0] != UINT32_MAX   ? best[0]
           : best[1] != UINT32_MAX ? best[1]
           : withdoc != UINT32_MAX ? withdoc
                                   : 0;
}

/* Property of an edge: from the row it shows (doc, sentence, date, rule,
** reported, event: all of one row), or from all of them. */
static int edge_prop(kg_exec *ex, kg_id e, const char *key, qv *out)
{
    kg_id s, d;
    uint32_t r, nev, ndocs, count;
    *out = QV_NULL;
    if (!strcmp(key, "count") && kg_store_adj_count(ex->txn, e, &count))
        return *out = qv_int(count), KG_OK; /* from the hop's adjacency entry */
    if (kg_store_edge(ex->txn, e, &s, &r, &d, &nev, &ndocs) != KG_OK) return KG_OK;
    if (!strcmp(key, "type") || !strcmp(key, "rel")) return sym_text(ex, KG_SYM_REL, r, out);
    if (!strcmp(key, "id")) return *out = qv_int((int64_t)e), KG_OK;
    if (!strcmp(key, "count")) return *out = qv_int(ndocs ? ndocs : nev), KG_OK;
    if (!strcmp(key, "evidence")) return edge_evidence(ex, e, out);
    uint8_t mod = KG_MOD_ASSERTED;
    if (!strcmp(key, "modality")) {
        const char *mn =
            kg_store_edge_modality(ex->txn, e, &mod) == KG_OK ? kg_modality_name(mod) : NULL;
        if (!mn) return KG_OK;
        *out = qv_text(mn, strlen(mn));
        return out->t == KG_NULL ? oom(ex) : KG_OK;
    }
    if (strcmp(key, "doc") && strcmp(key, "sentence") && strcmp(key, "date") &&
        strcmp(key, "rule") && strcmp(key, "confidence") && strcmp(key, "docs") &&
        strcmp(key, "claimant") && strcmp(key, "modalities") && strcmp(key, "contested") &&
        strcmp(key, "reported") && strcmp(key, "event") && strcmp(key, "load"))
        return KG_OK;
    qv list;
    int rc = edge_evidence(ex, e, &list);
    if (rc) return rc;
    qlist *l = list.u.l;
    if (!strcmp(key, "claimant")) {
        /* the first row (document order) of the relation's modality naming one */
        const char *mn =
            kg_store_edge_modality(ex->txn, e, &mod) == KG_OK ? kg_modality_name(mod) : NULL;
        for (uint32_t i = 0; mn && i < l->n; i++) {
            qv *v = l->v[i].u.l->v;
            if (v[13].t == KG_TEXT && v[11].t == KG_TEXT && !strcmp(v[11].u.s->s, mn)) {
                *out = qv_retain(v[13]);
                break;
            }
        }
        qv_release(list);
        return KG_OK;
    }
    if (!strcmp(key, "modalities") || !strcmp(key, "contested")) {
        int seen[KG_MOD_DENIED + 1] = {0}, kinds = 0;
        for (uint32_t i = 0; i < l->n; i++) {
            qv *v = &l->v[i].u.l->v[11];
            uint8_t m;
            if (v->t == KG_TEXT && kg_modality_parse(v->u.s->s, &m) == KG_OK && !seen[m]++) kinds++;
        }
        qv_release(list);
        if (!strcmp(key, "contested")) /* denied, and stated some other way too */
            return *out = qv_bool(seen[KG_MOD_DENIED] && kinds > 1), KG_OK;
        qv o = qv_list(KG_LIST, 0);
        for (int m = 0; m <= KG_MOD_DENIED && o.t != KG_NULL; m++) {
            if (!seen[m]) continue;
            if (qv_list_push(&o, qv_text(kg_modality_name(m), strlen(kg_modality_name(m))))) {
                qv_release(o);
                return oom(ex);
            }
        }
        *out = o;
        return o.t == KG_NULL ? oom(ex) : KG_OK;
    }
    if (!strcmp(key, "docs")) {
        qv o = qv_list(KG_LIST, 0);
        for (uint32_t i = 0; o.t != KG_NULL && i < l->n; i++) {
            qv dv = l->v[i].u.l->v[1];
            if (dv.t == KG_NULL) continue;
            if (o.u.l->n && qv_cmp(&o.u.l->v[o.u.l->n - 1], &dv) == 0) continue;
            if (qv_list_push(&o, qv_retain(dv))) {
                qv_release(o);
                o = QV_NULL;
            }
        }
        qv_release(list);
        *out = o;
        return o.t == KG_NULL ? oom(ex) : KG_OK;
    }
    if (!strcmp(key, "confidence") || !strcmp(key, "load")) {
        /* the highest confidence; the lowest load: when it was first seen */
        int conf = key[0] == 'c', idx = conf ? 9 : 19;
        for (uint32_t i = 0; i < l->n; i++) {
            qv *v = &l->v[i].u.l->v[idx];
            if (out->t == KG_NULL || (conf ? v->u.f > out->u.f : v->u.i < out->u.i)) *out = *v;
        }
        qv_release(list);
        return KG_OK;
    }
    int idx = !strcmp(key, "doc")        ? 1
              : !strcmp(key, "sentence") ? 3
              : !strcmp(key, "date")     ? 5
              : !strcmp(key, "rule")     ? 7
              : !strcmp(key, "reported") ? 15
                                         : 17;
    if (l->n) *out = qv_retain(l->v[shown_row(l)].u.l->v[idx]);
    qv_release(list);
    return KG_OK;
}

static int node_prop(kg_exec *ex, kg_id id, const char *key, qv *out)
{
    uint32_t t;
    const char *nm;
    size_t nl;
    *out = QV_NULL;
    if (kg_store_node(ex->txn, id, &t, &nm, &nl) != KG_OK) return KG_OK;
    if (!strcmp(key, "name") || !strcmp(key, "text")) {
        *out = qv_text(nm, nl);
        return out->t == KG_NULL ? oom(ex) : KG_OK;
    }
    if (!strcmp(key, "type") || !strcmp(key, "label")) return sym_text(ex, KG_SYM_TYPE, t, out);
    if (!strcmp(key, "id")) return *out = qv_int((int64_t)id), KG_OK;
    if (!strcmp(key, "aliases")) {
        kg_iter *it;
        int rc = kg_aliases(ex->txn, id, &it);
        if (rc) return rc;
        qv l = qv_list(KG_LIST, 0);
        const char *a;
        size_t al;
        while (l.t != KG_NULL && kg_iter_alias(it, &a, &al) == KG_ROW)
            if (qv_list_push(&l, qv_text(a, al))) {
                qv_release(l);
                l = QV_NULL;
            }
        kg_iter_close(it);
        *out = l;
        return l.t == KG_NULL ? oom(ex) : KG_OK;
    }
    kg_value v;
    int rc = kg_node_get_prop(ex->txn, id, key, &v);
    if (rc == KG_NOTFOUND) return KG_OK;
    if (rc) return rc;
    switch (v.type) {
    case KG_INT:
        *out = qv_int(v.i);
        break;
    case KG_BOOL:
        *out = qv_bool((int)v.i);
        break;
    case KG_DATE:
        *out = qv_date((int32_t)v.i);
        break;
    case KG_FLOAT:
        *out = qv_float(v.f);
        break;
    case KG_TEXT:
        *out = qv_text(v.s, v.len);
        break;
    default:
        break;
    }
    return KG_OK;
}

/* Coerce text that looks like a date when compared with a date. */
static void date_coerce(qv *a, qv *b)
{
    int32_t d;
    if (a->t == KG_DATE && b->t == KG_TEXT && kg_date_parse(b->u.s->s, b->u.s->len, &d) == 0) {
        qv_release(*b);
        *b = qv_date(d);
    } else if (b->t == KG_DATE && a->t == KG_TEXT &&
               kg_date_parse(a->u.s->s, a->u.s->len, &d) == 0) {
        qv_release(*a);
        *a = qv_date(d);
    }
}

static int comparable(const qv *a, const qv *b)
{
    int na = a->t == KG_INT || a->t == KG_FLOAT, nb = b->t == KG_INT || b->t == KG_FLOAT;
    return (na && nb) || a->t == b->t;
}

/* Lists in <, <=, >, >=: item by item; an item pair with a null or of
** types that do not compare makes the result unknown (2), else -1, 0, 1. */
static int list_cmp3(const qv *a, const qv *b)
{
    uint32_t n = a->u.l->n < b->u.l->n ? a->u.l->n : b->u.l->n;
    for (uint32_t i = 0; i < n; i++) {
        const qv *x = &a->u.l->v[i], *y = &b->u.l->v[i];
        if (x->t == KG_NULL || y->t == KG_NULL || !comparable(x, y)) return 2;
        int c = x->t == KG_LIST ? list_cmp3(x, y) : qv_cmp(x, y);
        if (c) return c;
    }
    return (a->u.l->n > b->u.l->n) - (a->u.l->n < b->u.l->n);
}

static int text_has(const qv *a, const qv *b, int op)
{
    const char *s = a->u.s->s, *p = b->u.s->s;
    size_t sl = a->u.s->len, pl = b->u.s->len;
    if (pl > sl) return 0;
    if (op == KGQ_OP_STARTS) return memcmp(s, p, pl) == 0;
    if (op == KGQ_OP_ENDS) return memcmp(s + sl - pl, p, pl) == 0;
    return pl == 0 || memmem(s, sl, p, pl) != NULL;
}

static int arith(kg_exec *ex, qx *x, qv *a, qv *b, qv *out)
{
    int op = x->op;
    if (a->t == KG_NULL || b->t == KG_NULL) return *out = QV_NULL, KG_OK;
    if (op == KGQ_OP_ADD && (a->t == KG_LIST || b->t == KG_LIST)) {
        /* list + list joins; list + x appends x; x + list prepends it */
        const qv *p = a->t == KG_LIST ? a : NULL, *q = b->t == KG_LIST ? b : NULL;
        uint32_t na = p ? p->u.l->n : 1, nb = q ? q->u.l->n : 1;
        qv l = qv_list(KG_LIST, na + nb);
        if (l.t == KG_NULL) return oom(ex);
        for (uint32_t i = 0; i < na; i++)
            l.u.l->v[i] = qv_retain(p ? p->u.l->v[i] : *a);
        for (uint32_t i = 0; i < nb; i++)
            l.u.l->v[na + i] = qv_retain(q ? q->u.l->v[i] : *b);
        *out = l;
        return KG_OK;
    }
    if (op == KGQ_OP_ADD && (a->t == KG_TEXT || b->t == KG_TEXT)) {
        qbuf buf = {0};
        qv_text_out(ex, a, &buf, 0);
        qv_text_out(ex, b, &buf, 0);
        *out = qv_text(buf.p ? buf.p : "", buf.n);
        qb_free(&buf);
        return out->t == KG_NULL ? oom(ex) : KG_OK;
    }
    if (a->t == KG_DATE && b->t == KG_INT && (op == KGQ_OP_ADD || op == KGQ_OP_SUB))
        return *out = qv_date((int32_t)(a->u.i + (op == KGQ_OP_ADD ? b->u.i : -b->u.i))), KG_OK;
    if (a->t == KG_DATE && b->t == KG_DATE && op == KGQ_OP_SUB)
        return *out = qv_int(a->u.i - b->u.i), KG_OK;
    int ia = a->t == KG_INT, ib = b->t == KG_INT;
    if (!(ia || a->t == KG_FLOAT) || !(ib || b->t == KG_FLOAT))
        return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                          "arithmetic on a value that is not a number");
    if (ia && ib && op != KGQ_OP_POW) {
        int64_t p = a->u.i, q = b->u.i, r;
        switch (op) {
        case KGQ_OP_ADD:
            if (__builtin_add_overflow(p, q, &r)) goto overflow;
            break;
        case KGQ_OP_SUB:
            if (__builtin_sub_overflow(p, q, &r)) goto overflow;
            break;
        case KGQ_OP_MUL:
            if (__builtin_mul_overflow(p, q, &r)) goto overflow;
            break;
        case KGQ_OP_DIV:
        case KGQ_OP_MOD:
            if (q == 0)
                return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "division by zero");
            if (p == INT64_MIN && q == -1) goto overflow;
            r = op == KGQ_OP_DIV ? p / q : p % q;
            break;
        default:
            return KG_ERROR;
        }
        *out = qv_int(r);
        return KG_OK;
    overflow:
        return kg_q_error(ex, KG_RANGE, x->start, x->end, NULL, "integer overflow");
    }
    double p = ia ? (double)a->u.i : a->u.f, q = ib ? (double)b->u.i : b->u.f, r;
    switch (op) {
    case KGQ_OP_ADD:
        r = p + q;
        break;
    case KGQ_OP_SUB:
        r = p - q;
        break;
    case KGQ_OP_MUL:
        r = p * q;
        break;
    case KGQ_OP_DIV:
        r = p / q;
        break;
    case KGQ_OP_MOD:
        r = fmod(p, q);
        break;
    case KGQ_OP_POW: /* always a float, as in openCypher */
        r = pow(p, q);
        break;
    default:
        return KG_ERROR;
    }
    *out = qv_float(r);
    return KG_OK;
}

/* Release v; an error when it is neither a boolean nor null (AND, OR, XOR, NOT). */
static int need_bool(kg_exec *ex, qx *x, qv *v, const char *op)
{
    uint8_t t = v->t;
    qv_release(*v);
    if (t == KG_NULL || t == KG_BOOL) return KG_OK;
    return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "%s takes booleans, not %s", op,
                      qv_type_name(t));
}

static int binop(kg_exec *ex, qx *x, qv *out)
{
    qv a = QV_NULL, b = QV_NULL;
    int rc, op = x->op;
    if (op == KGQ_OP_AND || op == KGQ_OP_OR || op == KGQ_OP_XOR) {
        const char *on = op == KGQ_OP_AND ? "AND" : op == KGQ_OP_OR ? "OR" : "XOR";
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        int ta = qv_truthy(&a);
        if ((rc = need_bool(ex, x->kids[0], &a, on))) return rc;
        if (op == KGQ_OP_AND && ta == 0) return *out = qv_bool(0), KG_OK;
        if (op == KGQ_OP_OR && ta == 1) return *out = qv_bool(1), KG_OK;
        if ((rc = kg_eval(ex, x->kids[1], &b))) return rc;
        int tb = qv_truthy(&b);
        if ((rc = need_bool(ex, x->kids[1], &b, on))) return rc;
        if (op == KGQ_OP_AND)
            *out = tb == 0 ? qv_bool(0) : ta < 0 || tb < 0 ? QV_NULL : qv_bool(1);
        else if (op == KGQ_OP_OR)
            *out = tb == 1 ? qv_bool(1) : ta < 0 || tb < 0 ? QV_NULL : qv_bool(0);
        else
            *out = ta < 0 || tb < 0 ? QV_NULL : qv_bool(ta != tb);
        return KG_OK;
    }
    if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
    if ((rc = kg_eval(ex, x->kids[1], &b))) {
        qv_release(a);
        return rc;
    }
    date_coerce(&a, &b);
    *out = QV_NULL;
    switch (op) {
    case KGQ_OP_EQ:
    case KGQ_OP_NE: {
        int e = qv_eq(&a, &b);
        if (e >= 0) *out = qv_bool(op == KGQ_OP_EQ ? e : !e);
        break;
    }
    case KGQ_OP_LT:
    case KGQ_OP_LE:
    case KGQ_OP_GT:
    case KGQ_OP_GE:
        if ((a.t == KG_FLOAT && isnan(a.u.f)) || (b.t == KG_FLOAT && isnan(b.u.f))) {
            if (comparable(&a, &b)) *out = qv_bool(0); /* NaN is not ordered against numbers */
        } else if (a.t != KG_NULL && b.t != KG_NULL && comparable(&a, &b)) {
            int c = a.t == KG_LIST ? list_cmp3(&a, &b) : qv_cmp(&a, &b);
            if (c == 2) break; /* a null or an incomparable item decides: null */
            *out = qv_bool(op == KGQ_OP_LT   ? c < 0
                           : op == KGQ_OP_LE ? c <= 0
                           : op == KGQ_OP_GT ? c > 0
                                             : c >= 0);
        }
        break;
    case KGQ_OP_IN:
        if (b.t == KG_LIST && a.t != KG_NULL) {
            int found = 0, unknown = 0;
            for (uint32_t i = 0; i < b.u.l->n && !found; i++) {
                int e = qv_eq(&a, &b.u.l->v[i]);
                if (e < 0)
                    unknown = 1;
                else
                    found = e;
            }
            *out = found ? qv_bool(1) : unknown ? QV_NULL : qv_bool(0);
        } else if (b.t != KG_LIST && b.t != KG_NULL) {
            rc = kg_q_error(ex, KG_SEMANTIC, x->kids[1]->start, x->kids[1]->end, NULL,
                            "IN needs a list on its right");
        }
        break;
    case KGQ_OP_CONTAINS:
    case KGQ_OP_STARTS:
    case KGQ_OP_ENDS:
        if (a.t == KG_TEXT && b.t == KG_TEXT) *out = qv_bool(text_has(&a, &b, op));
        break;
    default:
        rc = arith(ex, x, &a, &b, out);
        break;
    }
    qv_release(a);
    qv_release(b);
    return rc;
}

/* [v IN list WHERE pred | proj] (QX_COMP) and all/any/none/single (QX_QUANT):
** v is bound in x->slot for each item in turn. A null list gives null; a
** quantifier over predicates with nulls is null unless the known values
** decide it (all: a false; any: a true; none: a true; single: two trues). */
static int comprehension(kg_exec *ex, qx *x, qv *out)
{
    qv l = QV_NULL, r = QV_NULL;
    int rc = kg_eval(ex, x->kids[0], &l);
    if (rc) return rc;
    *out = QV_NULL;
    if (l.t == KG_NULL) return KG_OK;
    if (l.t != KG_LIST) {
        qv_release(l);
        return kg_q_error(ex, KG_SEMANTIC, x->kids[0]->start, x->kids[0]->end, NULL,
                          "%s needs a list after IN",
                          x->kind == QX_COMP ? "a list comprehension" : "a quantifier");
    }
    if (x->kind == QX_COMP && (r = qv_list(KG_LIST, 0)).t == KG_NULL) {
        qv_release(l);
        return oom(ex);
    }
    uint32_t ntrue = 0, nnull = 0, nfalse = 0;
    int k = 1;
    for (uint32_t i = 0; i < l.u.l->n && !rc; i++) {
        qv_set(&ex->slots[x->slot], qv_retain(l.u.l->v[i]));
        int t = 1;
        k = 1;
        if (x->neg & 1) {
            qv p;
            if ((rc = kg_eval(ex, x->kids[k++], &p))) break;
            t = qv_truthy(&p);
            if (p.t != KG_NULL && p.t != KG_BOOL)
                rc = kg_q_error(ex, KG_SEMANTIC, x->kids[1]->start, x->kids[1]->end, NULL,
                                "WHERE needs a boolean, not %s", qv_type_name(p.t));
            qv_release(p);
            if (rc) break;
        }
        ntrue += t == 1, nnull += t < 0, nfalse += t == 0;
        if (x->kind == QX_QUANT || t != 1) continue;
        qv v;
        if (x->neg & 2) {
            if ((rc = kg_eval(ex, x->kids[k], &v))) break;
        } else {
            v = qv_retain(l.u.l->v[i]);
        }
        if (qv_list_push(&r, v)) rc = oom(ex);
    }
    qv_set(&ex->slots[x->slot], QV_NULL);
    qv_release(l);
    if (rc) {
        qv_release(r);
        return rc;
    }
    if (x->kind == QX_COMP) return *out = r, KG_OK;
    switch (x->op) {
    case KGQ_Q_ALL:
        *out = nfalse ? qv_bool(0) : nnull ? QV_NULL : qv_bool(1);
        break;
    case KGQ_Q_ANY:
        *out = ntrue ? qv_bool(1) : nnull ? QV_NULL : qv_bool(0);
        break;
    case KGQ_Q_NONE:
        *out = ntrue ? qv_bool(0) : nnull ? QV_NULL : qv_bool(1);
        break;
    default: /* single */
        *out = ntrue > 1 ? qv_bool(0) : nnull ? QV_NULL : qv_bool(ntrue == 1);
        break;
    }
    return KG_OK;
}

/* list[from..to]: items from..to-1, negative bounds count from the end,
** bounds outside the list are clipped; a null list or bound gives null. */
static int slice(kg_exec *ex, qx *x, qv *out)
{
    qv l = QV_NULL, b[2] = {QV_NULL, QV_NULL};
    int rc = kg_eval(ex, x->kids[0], &l), k = 1;
    *out = QV_NULL;
    for (int i = 0; i < 2 && !rc; i++)
        if (x->neg & (1 << i)) rc = kg_eval(ex, x->kids[k++], &b[i]);
    int isnull = l.t == KG_NULL || ((x->neg & 1) && b[0].t == KG_NULL) ||
                 ((x->neg & 2) && b[1].t == KG_NULL);
    if (!rc && !isnull) {
        if (l.t != KG_LIST)
            rc = kg_q_error(ex, KG_SEMANTIC, x->kids[0]->start, x->kids[0]->end, NULL,
                            "a slice needs a list");
        for (int i = 0; i < 2 && !rc; i++)
            if ((x->neg & (1 << i)) && b[i].t != KG_INT)
                rc = kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                                "slice bounds are integers");
    }
    if (!rc && !isnull) {
        int64_t n = l.u.l->n, lo = x->neg & 1 ? b[0].u.i : 0, hi = x->neg & 2 ? b[1].u.i : n;
        if (lo < 0) lo += n;
        if (hi < 0) hi += n;
        if (lo < 0) lo = 0;
        if (hi > n) hi = n;
        if (lo > hi) lo = hi;
        qv r = qv_list(KG_LIST, (uint32_t)(hi - lo));
        if (r.t == KG_NULL)
            rc = oom(ex);
        else {
            for (int64_t i = lo; i < hi; i++)
                r.u.l->v[i - lo] = qv_retain(l.u.l->v[i]);
            *out = r;
        }
    }
    qv_release(l);
    qv_release(b[0]);
    qv_release(b[1]);
    return rc;
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ---------------------------------------------------------------- functions
** One C function per built-in scalar function: impl(ex, call, a, out) with
** the first argument already evaluated into *a (never null: a null first
** argument gives null without calling impl) unless the row says FN_LAZY, in
** which case a is NULL and impl evaluates call->kids itself. *out starts as
** null and is what the function returns; *a is released by the caller
** (an impl that hands *a on sets it to null). Returns KG_OK or an error
** code with the message set (kg_q_error, oom). */

static int fn_coalesce(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qv w = QV_NULL;
    for (int i = 0; i < x->nkids; i++) {
        int rc = kg_eval(ex, x->kids[i], &w);
        if (rc) return rc;
        if (w.t != KG_NULL) return *out = w, KG_OK;
    }
    return KG_OK;
}

static int fn_id(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_NODE || a->t == KG_EDGE) *out = qv_int((int64_t)a->u.id);
    return KG_OK;
}

static int fn_type(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_EDGE) return edge_prop(ex, a->u.id, "type", out);
    if (a->t == KG_NODE) return node_prop(ex, a->u.id, "type", out);
    return KG_OK;
}

static int fn_labels(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_NODE) return KG_OK;
    qv t;
    int rc = node_prop(ex, a->u.id, "type", &t);
    if (rc) return rc;
    *out = qv_list(KG_LIST, 1);
    if (out->t == KG_NULL) return oom(ex);
    out->u.l->v[0] = t;
    return KG_OK;
}

static int fn_name(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    return a->t == KG_NODE ? text_of_node(ex, a->u.id, out) : KG_OK;
}

/* nodes (v 0) and relationships (v 1) of a path: every other item; the
** relationships of a variable-length hop's list are the list itself */
static int fn_path_items(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_PATH) {
        qv l = qv_list(KG_LIST, 0);
        for (uint32_t i = v; l.t != KG_NULL && i < a->u.l->n; i += 2)
            if (qv_list_push(&l, qv_retain(a->u.l->v[i]))) {
                qv_release(l);
                return oom(ex);
            }
        if (l.t == KG_NULL) return oom(ex);
        *out = l;
    } else if (a->t == KG_LIST && v == 1) {
        *out = qv_retain(*a);
    }
    return KG_OK;
}

/* length and size: hops of a path, items of a list or map, characters of text */
static int fn_length(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_PATH)
        *out = qv_int(a->u.l->n / 2);
    else if (a->t == KG_LIST || a->t == KG_MAP)
        *out = qv_int(a->u.l->n);
    else if (a->t == KG_TEXT)
        *out = qv_int((int64_t)utf8_chars(a->u.s->s, a->u.s->len));
    return KG_OK;
}

/* lower (v 1) and upper (v 0): ASCII case mapping, other characters kept */
static int fn_case(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_TEXT) return KG_OK;
    *out = qv_text(a->u.s->s, a->u.s->len);
    if (out->t == KG_NULL) return oom(ex);
    for (uint32_t i = 0; i < out->u.s->len; i++) {
        char *c = &out->u.s->s[i];
        if (v && *c >= 'A' && *c <= 'Z') *c += 32;
        if (!v && *c >= 'a' && *c <= 'z') *c -= 32;
    }
    return KG_OK;
}

static int fn_trim(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_TEXT) return KG_OK;
    const char *s = a->u.s->s;
    size_t n = a->u.s->len;
    while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    *out = qv_text(s, n);
    return KG_OK;
}

static int fn_date(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_MAP) {
        /* date({year: 2020, month: 1, day: 3}): month and day default to 1 */
        int64_t f[3] = {0, 1, 1};
        int have = 0;
        static const char *const keys[] = {"year", "month", "day"};
        for (uint32_t i = 0; i < a->u.l->n; i++) {
            const qv *k = &a->u.l->v[2 * i], *w = &a->u.l->v[2 * i + 1];
            int j = 0;
            while (j < 3 && strcmp(k->u.s->s, keys[j]))
                j++;
            if (j == 3 || w->t != KG_INT)
                return kg_q_error(ex, KG_SEMANTIC, x->start, x->end,
                                  "date({year: 2020, month: 1, day: 3})",
                                  "date's map takes integer year, month and day");
            f[j] = w->u.i, have |= 1 << j;
        }
        char b[32];
        int32_t d;
        snprintf(b, sizeof b, "%04lld-%02lld-%02lld", (long long)f[0], (long long)f[1],
                 (long long)f[2]);
        if (!(have & 1) || f[0] < 0 || f[0] > 9999 || kg_date_parse(b, strlen(b), &d))
            return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "no such date: %s", b);
        *out = qv_date(d);
        return KG_OK;
    }
    if (a->t == KG_DATE) {
        *out = *a, *a = QV_NULL;
    } else if (a->t == KG_TEXT) {
        int32_t d;
        if (kg_date_parse(a->u.s->s, a->u.s->len, &d))
            return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, "write dates as YYYY-MM-DD",
                              "'%.40s' is not a date", a->u.s->s);
        *out = qv_date(d);
    }
    return KG_OK;
}

/* load(): the last load generation (0 when nothing was loaded in one). */
static int fn_load(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    kg_load l;
    int rc = kg_load_get(ex->txn, 0, &l);
    if (rc && rc != KG_NOTFOUND) return rc;
    *out = qv_int(rc ? 0 : l.id);
    return KG_OK;
}

/* loaded(n): the date (UTC) of load generation n, null when there is none. */
static int fn_loaded(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    kg_load l;
    if (a->t != KG_INT || a->u.i <= 0 || a->u.i > UINT32_MAX) return KG_OK;
    int rc = kg_load_get(ex->txn, (uint32_t)a->u.i, &l);
    if (rc == KG_NOTFOUND) return KG_OK;
    if (rc) return rc;
    *out = qv_date((int32_t)(l.time / 86400 - (l.time < 0 && l.time % 86400)));
    return KG_OK;
}

static int fn_year(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_DATE) {
        char b[11];
        kg_date_format((int32_t)a->u.i, b);
        *out = qv_int(atoi(b));
    }
    return KG_OK;
}

static int fn_tostring(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qbuf b = {0};
    qv_text_out(ex, a, &b, 0);
    *out = qv_text(b.p ? b.p : "", b.n);
    qb_free(&b);
    return KG_OK;
}

static int fn_tointeger(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_INT)
        *out = *a;
    else if (a->t == KG_FLOAT && fabs(a->u.f) < 9.2e18)
        *out = qv_int((int64_t)a->u.f);
    else if (a->t == KG_TEXT) {
        char *end;
        long long v = strtoll(a->u.s->s, &end, 10);
        if (end != a->u.s->s && !*end) *out = qv_int(v);
    }
    return KG_OK;
}

static int fn_tofloat(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_INT)
        *out = qv_float((double)a->u.i);
    else if (a->t == KG_FLOAT)
        *out = *a;
    else if (a->t == KG_TEXT) {
        char *end;
        double v = strtod(a->u.s->s, &end);
        if (end != a->u.s->s && !*end) *out = qv_float(v);
    }
    return KG_OK;
}

static int fn_abs(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_INT)
        *out = a->u.i == INT64_MIN ? qv_float(9.2233720368547758e18)
                                   : qv_int(a->u.i < 0 ? -a->u.i : a->u.i);
    else if (a->t == KG_FLOAT)
        *out = qv_float(fabs(a->u.f));
    return KG_OK;
}

/* startNode (v 0) and endNode (v 1): the source or target of a relation */
static int fn_edge_end(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_EDGE) return KG_OK;
    kg_id s, d;
    uint32_t r, nev, nd;
    if (kg_store_edge(ex->txn, a->u.id, &s, &r, &d, &nev, &nd) == KG_OK) *out = qv_node(v ? d : s);
    return KG_OK;
}

static int fn_evidence(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    return a->t == KG_EDGE ? edge_evidence(ex, a->u.id, out) : KG_OK;
}

static int fn_aliases(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    return a->t == KG_NODE ? node_prop(ex, a->u.id, "aliases", out) : KG_OK;
}

/* head (v 0) and last (v 1) of a list or path */
static int fn_end_item(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if ((a->t == KG_LIST || a->t == KG_PATH) && a->u.l->n)
        *out = qv_retain(a->u.l->v[v ? a->u.l->n - 1 : 0]);
    return KG_OK;
}

/* substring(text, start[, length]) in characters */
static int fn_substring(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_TEXT) return KG_OK;
    qv s = QV_NULL, n = QV_NULL;
    int rc;
    if ((rc = kg_eval(ex, x->kids[1], &s))) return rc;
    if (x->nkids > 2 && (rc = kg_eval(ex, x->kids[2], &n))) return rc;
    if (s.t != KG_INT || (x->nkids > 2 && n.t != KG_INT)) return KG_OK;
    const char *p = a->u.s->s, *e = p + a->u.s->len;
    int64_t skip = s.u.i < 0 ? 0 : s.u.i, take = x->nkids > 2 ? n.u.i : INT64_MAX;
    while (p < e && skip > 0) {
        p++;
        while (p < e && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
        skip--;
    }
    const char *q = p;
    while (q < e && take > 0) {
        q++;
        while (q < e && ((unsigned char)*q & 0xC0) == 0x80)
            q++;
        take--;
    }
    *out = qv_text(p, (size_t)(q - p));
    return KG_OK;
}

/* ---- numbers: math functions. A non-number is an error, null gives null. */

static int need_number(kg_exec *ex, qx *x, const qv *a, double *d)
{
    if (a->t == KG_INT) return *d = (double)a->u.i, KG_OK;
    if (a->t == KG_FLOAT) return *d = a->u.f, KG_OK;
    return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "%s needs a number, not %s",
                      x->name ? x->name : "this function", qv_type_name(a->t));
}

/* v selects: 0 sqrt, 1 exp, 2 log, 3 log10, 4 sin, 5 cos, 6 tan, 7 asin, 8 acos,
** 9 atan, 10 degrees, 11 radians, 12 cot, 13 haversin: float results */
static int fn_math(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    double d = 0, r;
    int rc = need_number(ex, x, a, &d);
    if (rc) return rc;
    switch (v) {
    case 0:
        r = sqrt(d);
        break;
    case 1:
        r = exp(d);
        break;
    case 2:
        r = log(d);
        break;
    case 3:
        r = log10(d);
        break;
    case 4:
        r = sin(d);
        break;
    case 5:
        r = cos(d);
        break;
    case 6:
        r = tan(d);
        break;
    case 7:
        r = asin(d);
        break;
    case 8:
        r = acos(d);
        break;
    case 9:
        r = atan(d);
        break;
    case 10:
        r = d * 180 / M_PI;
        break;
    case 11:
        r = d * M_PI / 180;
        break;
    case 12:
        r = 1 / tan(d);
        break;
    default:
        r = (1 - cos(d)) / 2;
        break;
    }
    *out = qv_float(r);
    return KG_OK;
}

/* atan2(y, x) */
static int fn_atan2(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qv b;
    double y = 0, xx = 0;
    int rc = need_number(ex, x, a, &y);
    if (rc || (rc = kg_eval(ex, x->kids[1], &b))) return rc;
    if (b.t != KG_NULL && !(rc = need_number(ex, x, &b, &xx))) *out = qv_float(atan2(y, xx));
    qv_release(b);
    return rc;
}

/* ceil (v 0), floor (v 1), round (v 2): a float for a number */
static int fn_round(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    double d = 0;
    int rc = need_number(ex, x, a, &d);
    if (rc) return rc;
    /* round: half away from zero for negatives is -0.5 -> -0.0 in Cypher (half up) */
    *out = qv_float(v == 0 ? ceil(d) : v == 1 ? floor(d) : floor(d + 0.5));
    return KG_OK;
}

/* sign: -1, 0 or 1 as an integer */
static int fn_sign(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    double d = 0;
    int rc = need_number(ex, x, a, &d);
    if (rc) return rc;
    *out = qv_int((d > 0) - (d < 0));
    return KG_OK;
}

/* pi() (v 0), e() (v 1), rand() (v 2): a float in [0, 1) */
static int fn_const(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (v == 0) return *out = qv_float(M_PI), KG_OK;
    if (v == 1) return *out = qv_float(M_E), KG_OK;
    if (!ex->rng)
        ex->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)(uintptr_t)ex ^ 0x9e3779b97f4a7c15ull;
    ex->rng ^= ex->rng << 13, ex->rng ^= ex->rng >> 7, ex->rng ^= ex->rng << 17; /* xorshift64 */
    *out = qv_float((double)(ex->rng >> 11) / 9007199254740992.0);
    return KG_OK;
}

/* range(start, end[, step]): the integers from start to end inclusive */
static int fn_range(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qv b[3] = {qv_retain(*a), QV_NULL, qv_int(1)};
    int rc = KG_OK;
    for (int i = 1; i < x->nkids && !rc; i++)
        rc = kg_eval(ex, x->kids[i], &b[i]);
    for (int i = 0; i < 3 && !rc; i++)
        if (b[i].t != KG_INT)
            rc = kg_q_error(ex, KG_SEMANTIC, x->kids[i < x->nkids ? i : 0]->start,
                            x->kids[i < x->nkids ? i : 0]->end, NULL,
                            "range takes integers, not %s", qv_type_name(b[i].t));
    if (!rc && b[2].u.i == 0)
        rc = kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "range's step cannot be 0");
    if (!rc) {
        int64_t lo = b[0].u.i, hi = b[1].u.i, st = b[2].u.i;
        double nd = st > 0 ? ((double)hi - (double)lo) / (double)st + 1
                           : ((double)lo - (double)hi) / (double)-st + 1;
        if (nd < 0) nd = 0;
        if (nd > 1e8)
            rc = kg_q_error(ex, KG_LIMIT, x->start, x->end, NULL, "range of %.0f items", nd);
        else {
            qv l = qv_list(KG_LIST, (uint32_t)nd);
            if (l.t == KG_NULL) rc = oom(ex);
            for (uint32_t i = 0; !rc && i < (uint32_t)nd; i++)
                l.u.l->v[i] = qv_int(lo + (int64_t)i * st);
            if (!rc) *out = l;
        }
    }
    for (int i = 0; i < 3; i++)
        qv_release(b[i]);
    return rc;
}

/* ---- text and lists */

/* reverse: of a list or of text (by characters) */
static int fn_reverse(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_LIST) {
        uint32_t n = a->u.l->n;
        qv l = qv_list(KG_LIST, n);
        if (l.t == KG_NULL) return oom(ex);
        for (uint32_t i = 0; i < n; i++)
            l.u.l->v[i] = qv_retain(a->u.l->v[n - 1 - i]);
        return *out = l, KG_OK;
    }
    if (a->t != KG_TEXT)
        return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                          "reverse takes a list or a string, not %s", qv_type_name(a->t));
    size_t n = a->u.s->len, o = n;
    qv r = qv_text(a->u.s->s, n);
    if (r.t == KG_NULL) return oom(ex);
    for (size_t i = 0; i < n;) {
        size_t k = 1;
        while (i + k < n && ((unsigned char)a->u.s->s[i + k] & 0xC0) == 0x80)
            k++;
        o -= k;
        memcpy(r.u.s->s + o, a->u.s->s + i, k);
        i += k;
    }
    return *out = r, KG_OK;
}

/* The second argument as text: 0 and *b set, 1 when it is null (result null). */
static int arg_text(kg_exec *ex, qx *x, int i, qv *b, int *isnull)
{
    int rc = kg_eval(ex, x->kids[i], b);
    *isnull = b->t == KG_NULL;
    if (!rc && !*isnull && b->t != KG_TEXT)
        rc = kg_q_error(ex, KG_SEMANTIC, x->kids[i]->start, x->kids[i]->end, NULL,
                        "expecting a string, not %s", qv_type_name(b->t));
    return rc;
}

/* split(text, delimiter) */
static int fn_split(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qv d = QV_NULL;
    int isnull, rc;
    if (a->t != KG_TEXT)
        return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "split takes a string");
    if ((rc = arg_text(ex, x, 1, &d, &isnull)) || isnull) {
        qv_release(d);
        return rc;
    }
    qv l = qv_list(KG_LIST, 0);
    const char *p = a->u.s->s, *e = p + a->u.s->len;
    size_t dl = d.u.s->len;
    while (l.t != KG_NULL && !rc) {
        const char *q = dl ? memmem(p, (size_t)(e - p), d.u.s->s, dl) : (p < e ? p + 1 : NULL);
        if (!dl && p < e)
            while (q < e && ((unsigned char)*q & 0xC0) == 0x80)
                q++;
        if (!q || (!dl && q >= e)) {
            if (dl || p < e) rc = qv_list_push(&l, qv_text(p, (size_t)(e - p)));
            break;
        }
        rc = qv_list_push(&l, qv_text(p, (size_t)(q - p)));
        p = q + dl;
    }
    qv_release(d);
    if (l.t == KG_NULL || rc) {
        qv_release(l);
        return oom(ex);
    }
    return *out = l, KG_OK;
}

/* replace(text, search, replacement) */
static int fn_replace(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qv f = QV_NULL, r = QV_NULL;
    int n1, n2, rc;
    if (a->t != KG_TEXT)
        return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "replace takes strings");
    if (!(rc = arg_text(ex, x, 1, &f, &n1)) && !(rc = arg_text(ex, x, 2, &r, &n2)) && !n1 && !n2) {
        qbuf b = {0};
        const char *p = a->u.s->s, *e = p + a->u.s->len;
        while (p < e) {
            const char *q = f.u.s->len ? memmem(p, (size_t)(e - p), f.u.s->s, f.u.s->len) : NULL;
            if (!q) break;
            qb_put(&b, p, (size_t)(q - p));
            qb_put(&b, r.u.s->s, r.u.s->len);
            p = q + f.u.s->len;
        }
        qb_put(&b, p, (size_t)(e - p));
        *out = qv_text(b.p ? b.p : "", b.n);
        qb_free(&b);
    }
    qv_release(f);
    qv_release(r);
    return rc;
}

/* left (v 0) and right (v 1): the first or last n characters */
static int fn_leftright(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    qv nv = QV_NULL;
    int rc = kg_eval(ex, x->kids[1], &nv);
    if (rc) return rc;
    if (a->t != KG_TEXT || nv.t != KG_INT || nv.u.i < 0) {
        rc = nv.t == KG_NULL && a->t == KG_TEXT
                 ? kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "length is null")
                 : kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                              "expecting a string and a non-negative integer");
        qv_release(nv);
        return rc;
    }
    size_t chars = utf8_chars(a->u.s->s, a->u.s->len), n = (size_t)nv.u.i;
    if (n > chars) n = chars;
    size_t skip = v ? chars - n : 0, i = 0, c = 0, st = 0;
    for (; i < a->u.s->len; i++) {
        if (((unsigned char)a->u.s->s[i] & 0xC0) == 0x80) continue;
        if (c == skip) st = i;
        if (c == skip + n) break;
        c++;
    }
    if (skip >= chars) st = a->u.s->len;
    *out = qv_text(a->u.s->s + st, i - st);
    return KG_OK;
}

/* ltrim (v 1) and rtrim (v 2): blanks off one end */
static int fn_trim1(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_TEXT) return KG_OK;
    const char *s = a->u.s->s;
    size_t n = a->u.s->len;
    while (v == 1 && n && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++, n--;
    while (v == 2 && n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    *out = qv_text(s, n);
    return KG_OK;
}

/* tail: a list without its first item */
static int fn_tail(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_LIST) return KG_OK;
    uint32_t n = a->u.l->n ? a->u.l->n - 1 : 0;
    qv l = qv_list(KG_LIST, n);
    if (l.t == KG_NULL) return oom(ex);
    for (uint32_t i = 0; i < n; i++)
        l.u.l->v[i] = qv_retain(a->u.l->v[i + 1]);
    return *out = l, KG_OK;
}

/* keys: of a map */
static int fn_keys(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t != KG_MAP) return KG_OK;
    qv l = qv_list(KG_LIST, a->u.l->n);
    if (l.t == KG_NULL) return oom(ex);
    for (uint32_t i = 0; i < a->u.l->n; i++)
        l.u.l->v[i] = qv_retain(a->u.l->v[2 * i]);
    return *out = l, KG_OK;
}

/* toBoolean: of a boolean or of the text true/false (any case) */
static int fn_toboolean(kg_exec *ex, qx *x, qv *a, int v, qv *out)
{
    if (a->t == KG_BOOL)
        *out = *a;
    else if (a->t == KG_TEXT) {
        char t[8];
        snprintf(t, sizeof t, "%.7s", a->u.s->s);
        for (char *c = t; *c; c++)
            *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
        if (a->u.s->len == 4 && !strcmp(t, "true")) *out = qv_bool(1);
        if (a->u.s->len == 5 && !strcmp(t, "false")) *out = qv_bool(0);
    } else if (a->t == KG_INT)
        *out = qv_bool(a->u.i != 0);
    else
        return kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                          "toBoolean takes a boolean, string or integer");
    return KG_OK;
}

/*
** The built-in functions, one row each; ORDER: alphabetical by name (the
** hint for an unknown function lists the FN_LISTED rows in table order, and
** tests/query/08-errors.test shows it). X(name, min, max, agg, flags, impl, v):
**   name      as written in queries, matched without regard to case
**   min, max  number of arguments
**   agg       AGG_* for an aggregate (computed by exec.c's Aggregate), else 0
**   flags     FN_LISTED: named in the hint; FN_LAZY: see "functions" above
**   impl      the scalar function's C function (NULL for aggregates)
**   v         passed to impl: one C function serves related rows (lower/upper)
** Adding a function: a row here, its fn_* above, a case in tests/query/
** (HACKING.md). QUERY.md documents each listed row.
*/
#define FN_LISTED 1
#define FN_LAZY 2
/* clang-format off */
#define KG_FUNCS(X)                                                     \
    X("abs", 1, 1, 0, FN_LISTED, fn_abs, 0)                             \
    X("acos", 1, 1, 0, FN_LISTED, fn_math, 8)                           \
    X("aliases", 1, 1, 0, FN_LISTED, fn_aliases, 0)                     \
    X("asin", 1, 1, 0, FN_LISTED, fn_math, 7)                           \
    X("atan", 1, 1, 0, FN_LISTED, fn_math, 9)                           \
    X("atan2", 2, 2, 0, FN_LISTED, fn_atan2, 0)                         \
    X("avg", 1, 1, AGG_AVG, FN_LISTED, NULL, 0)                         \
    X("ceil", 1, 1, 0, FN_LISTED, fn_round, 0)                          \
    X("coalesce", 1, 64, 0, FN_LISTED | FN_LAZY, fn_coalesce, 0)        \
    X("collect", 1, 1, AGG_COLLECT, FN_LISTED, NULL, 0)                 \
    X("cos", 1, 1, 0, FN_LISTED, fn_math, 5)                            \
    X("cot", 1, 1, 0, FN_LISTED, fn_math, 12)                           \
    X("count", 1, 1, AGG_COUNT, FN_LISTED, NULL, 0)                     \
    X("date", 1, 1, 0, FN_LISTED, fn_date, 0)                           \
    X("degrees", 1, 1, 0, FN_LISTED, fn_math, 10)                       \
    X("e", 0, 0, 0, FN_LISTED | FN_LAZY, fn_const, 1)                   \
    X("endNode", 1, 1, 0, FN_LISTED, fn_edge_end, 1)                    \
    X("evidence", 1, 1, 0, FN_LISTED, fn_evidence, 0)                   \
    X("exp", 1, 1, 0, FN_LISTED, fn_math, 1)                            \
    X("floor", 1, 1, 0, FN_LISTED, fn_round, 1)                         \
    X("haversin", 1, 1, 0, FN_LISTED, fn_math, 13)                      \
    X("head", 1, 1, 0, FN_LISTED, fn_end_item, 0)                       \
    X("id", 1, 1, 0, FN_LISTED, fn_id, 0)                               \
    X("keys", 1, 1, 0, FN_LISTED, fn_keys, 0)                           \
    X("labels", 1, 1, 0, FN_LISTED, fn_labels, 0)                       \
    X("last", 1, 1, 0, FN_LISTED, fn_end_item, 1)                       \
    X("left", 2, 2, 0, FN_LISTED, fn_leftright, 0)                      \
    X("length", 1, 1, 0, FN_LISTED, fn_length, 0)                       \
    X("load", 0, 0, 0, FN_LISTED | FN_LAZY, fn_load, 0)                 \
    X("loaded", 1, 1, 0, FN_LISTED, fn_loaded, 0)                       \
    X("log", 1, 1, 0, FN_LISTED, fn_math, 2)                            \
    X("log10", 1, 1, 0, FN_LISTED, fn_math, 3)                          \
    X("lower", 1, 1, 0, FN_LISTED, fn_case, 1)                          \
    X("ltrim", 1, 1, 0, FN_LISTED, fn_trim1, 1)                         \
    X("max", 1, 1, AGG_MAX, FN_LISTED, NULL, 0)                         \
    X("min", 1, 1, AGG_MIN, FN_LISTED, NULL, 0)                         \
    X("name", 1, 1, 0, FN_LISTED, fn_name, 0)                           \
    X("nodes", 1, 1, 0, FN_LISTED, fn_path_items, 0)                    \
    X("percentileCont", 2, 2, AGG_PCONT, FN_LISTED, NULL, 0)            \
    X("percentileDisc", 2, 2, AGG_PDISC, FN_LISTED, NULL, 0)            \
    X("pi", 0, 0, 0, FN_LISTED | FN_LAZY, fn_const, 0)                  \
    X("radians", 1, 1, 0, FN_LISTED, fn_math, 11)                       \
    X("rand", 0, 0, 0, FN_LISTED | FN_LAZY, fn_const, 2)                \
    X("range", 2, 3, 0, FN_LISTED, fn_range, 0)                         \
    X("relationships", 1, 1, 0, FN_LISTED, fn_path_items, 1)            \
    X("rels", 1, 1, 0, 0, fn_path_items, 1)                             \
    X("replace", 3, 3, 0, FN_LISTED, fn_replace, 0)                     \
    X("reverse", 1, 1, 0, FN_LISTED, fn_reverse, 0)                     \
    X("right", 2, 2, 0, FN_LISTED, fn_leftright, 1)                     \
    X("round", 1, 1, 0, FN_LISTED, fn_round, 2)                         \
    X("rtrim", 1, 1, 0, FN_LISTED, fn_trim1, 2)                         \
    X("sign", 1, 1, 0, FN_LISTED, fn_sign, 0)                           \
    X("sin", 1, 1, 0, FN_LISTED, fn_math, 4)                            \
    X("size", 1, 1, 0, FN_LISTED, fn_length, 0)                         \
    X("split", 2, 2, 0, FN_LISTED, fn_split, 0)                         \
    X("sqrt", 1, 1, 0, FN_LISTED, fn_math, 0)                           \
    X("startNode", 1, 1, 0, FN_LISTED, fn_edge_end, 0)                  \
    X("stDev", 1, 1, AGG_STDEV, FN_LISTED, NULL, 0)                     \
    X("stDevP", 1, 1, AGG_STDEVP, FN_LISTED, NULL, 0)                   \
    X("substring", 2, 3, 0, FN_LISTED, fn_substring, 0)                 \
    X("sum", 1, 1, AGG_SUM, FN_LISTED, NULL, 0)                         \
    X("tail", 1, 1, 0, FN_LISTED, fn_tail, 0)                           \
    X("tan", 1, 1, 0, FN_LISTED, fn_math, 6)                            \
    X("toBoolean", 1, 1, 0, FN_LISTED, fn_toboolean, 0)                 \
    X("toFloat", 1, 1, 0, FN_LISTED, fn_tofloat, 0)                     \
    X("toInteger", 1, 1, 0, FN_LISTED, fn_tointeger, 0)                 \
    X("toLower", 1, 1, 0, 0, fn_case, 1)                                \
    X("toString", 1, 1, 0, FN_LISTED, fn_tostring, 0)                   \
    X("toUpper", 1, 1, 0, 0, fn_case, 0)                                \
    X("trim", 1, 1, 0, FN_LISTED, fn_trim, 0)                           \
    X("type", 1, 1, 0, FN_LISTED, fn_type, 0)                           \
    X("upper", 1, 1, 0, FN_LISTED, fn_case, 0)                          \
    X("year", 1, 1, 0, FN_LISTED, fn_year, 0)
/* clang-format on */

typedef int (*fn_impl)(kg_exec *ex, qx *call, qv *a, int v, qv *out);

static const struct fninfo {
    const char *name; /* as listed */
    int min, max;     /* argument counts */
    int agg;          /* AGG_* or 0 */
    int flags;        /* FN_* */
    fn_impl impl;     /* scalar implementation */
    int v;            /* its variant argument */
} fns[] = {
#define X(name, min, max, agg, flags, impl, v) {name, min, max, agg, flags, impl, v},
    KG_FUNCS(X)
#undef X
};
#define NFNS ((int)(sizeof fns / sizeof fns[0]))

/* *fn is the row's index (QX_CALL's x->fn) for a scalar function, the AGG_*
** code for an aggregate (*agg = 1). */
int kg_fn_lookup(const char *name, int *fn, int *agg, int *minargs, int *maxargs)
{
    for (int i = 0; i < NFNS; i++)
        if (!strcasecmp(fns[i].name, name)) {
            *fn = fns[i].agg ? fns[i].agg : i, *agg = fns[i].agg != 0;
            *minargs = fns[i].min, *maxargs = fns[i].max;
            return KG_OK;
        }
    return KG_NOTFOUND;
}

void kg_fn_names(qbuf *b)
{
    int first = 1;
    for (int i = 0; i < NFNS; i++)
        if (fns[i].flags & FN_LISTED) {
            qb_printf(b, "%s%s", first ? "" : ", ", fns[i].name);
            first = 0;
        }
}

static int call(kg_exec *ex, qx *x, qv *out)
{
    assert(x->fn >= 0 && x->fn < NFNS && fns[x->fn].impl);
    const struct fninfo *f = &fns[x->fn];
    qv a = QV_NULL;
    *out = QV_NULL;
    if (f->flags & FN_LAZY) return f->impl(ex, x, NULL, f->v, out);
    int rc = kg_eval(ex, x->kids[0], &a);
    if (rc) return rc;
    if (a.t == KG_NULL) return KG_OK;
    rc = f->impl(ex, x, &a, f->v, out);
    qv_release(a);
    return rc;
}

int kg_eval_expr(kg_exec *ex, qx *x, qv *out)
{
    qv a = QV_NULL, b = QV_NULL;
    int rc = KG_OK;
    *out = QV_NULL;
    switch (x->kind) {
    case QX_LIT:
        *out = qv_retain(x->lit);
        return KG_OK;
    case QX_SLOT:
        *out = qv_retain(ex->slots[x->slot]);
        return KG_OK;
    case QX_AGG:
        *out = qv_retain(ex->slots[x->slot]);
        return KG_OK;
    case QX_PARAM:
        *out = qv_retain(ex->params[x->slot]);
        return KG_OK;
    case QX_ISTYPE: {
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        uint32_t t;
        const char *nm, *tn;
        size_t nl;
        if (a.t == KG_NODE && kg_store_node(ex->txn, a.u.id, &t, &nm, &nl) == KG_OK &&
            kg_store_symname(ex->txn, KG_SYM_TYPE, t, &tn) == KG_OK)
            *out = qv_bool(kg_type_matches(x->name, tn));
        else
            *out = a.t == KG_NULL ? QV_NULL : qv_bool(0);
        qv_release(a);
        return KG_OK;
    }
    case QX_PROP:
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        if (a.t == KG_NODE)
            rc = node_prop(ex, a.u.id, x->name, out);
        else if (a.t == KG_EDGE)
            rc = edge_prop(ex, a.u.id, x->name, out);
        else if (a.t == KG_MAP) {
            for (uint32_t i = 0; i < a.u.l->n; i++) {
                qv *k = &a.u.l->v[2 * i];
                if (k->t == KG_TEXT && !strcmp(k->u.s->s, x->name)) {
                    *out = qv_retain(a.u.l->v[2 * i + 1]);
                    break;
                }
            }
        } else if (a.t != KG_NULL) {
            rc =
                kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                           "property '%s' of a value that is not a node, relation or map", x->name);
        }
        qv_release(a);
        return rc;
    case QX_BIN:
        return binop(ex, x, out);
    case QX_NOT:
    case QX_NEG:
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        if (x->kind == QX_NOT) {
            int t = qv_truthy(&a);
            *out = t < 0 ? QV_NULL : qv_bool(!t);
            return need_bool(ex, x->kids[0], &a, "NOT");
        } else if (a.t == KG_INT) {
            if (a.u.i == INT64_MIN)
                rc = kg_q_error(ex, KG_RANGE, x->start, x->end, NULL, "integer overflow");
            else
                *out = qv_int(-a.u.i);
        } else if (a.t == KG_FLOAT) {
            *out = qv_float(-a.u.f);
        } else if (a.t != KG_NULL) {
            rc = kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL, "minus of a non-number");
        }
        qv_release(a);
        return rc;
    case QX_ISNULL:
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        *out = qv_bool((a.t == KG_NULL) != x->neg);
        qv_release(a);
        return KG_OK;
    case QX_LIST:
    case QX_MAP: {
        uint32_t n = x->kind == QX_MAP ? (uint32_t)x->nkids / 2 : (uint32_t)x->nkids;
        qv l = qv_list(x->kind == QX_MAP ? KG_MAP : KG_LIST, n);
        if (l.t == KG_NULL) return oom(ex);
        for (int i = 0; i < x->nkids; i++)
            if ((rc = kg_eval(ex, x->kids[i], &l.u.l->v[i]))) {
                qv_release(l);
                return rc;
            }
        *out = l;
        return KG_OK;
    }
    case QX_CALL:
        return call(ex, x, out);
    case QX_INDEX:
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        if ((rc = kg_eval(ex, x->kids[1], &b))) {
            qv_release(a);
            return rc;
        }
        if (a.t == KG_NULL || b.t == KG_NULL) {
            /* null */
        } else if ((a.t == KG_LIST || a.t == KG_PATH) && b.t == KG_INT) {
            int64_t i = b.u.i < 0 ? (int64_t)a.u.l->n + b.u.i : b.u.i;
            if (i >= 0 && i < (int64_t)a.u.l->n) *out = qv_retain(a.u.l->v[i]);
        } else if (a.t == KG_MAP && b.t == KG_TEXT) {
            for (uint32_t i = 0; i < a.u.l->n; i++)
                if (qv_eq(&a.u.l->v[2 * i], &b) == 1) *out = qv_retain(a.u.l->v[2 * i + 1]);
        } else if ((a.t == KG_NODE || a.t == KG_EDGE) && b.t == KG_TEXT) {
            /* n["key"]: a property by a computed name */
            rc = a.t == KG_NODE ? node_prop(ex, a.u.id, b.u.s->s, out)
                                : edge_prop(ex, a.u.id, b.u.s->s, out);
        } else {
            rc = kg_q_error(ex, KG_SEMANTIC, x->start, x->end, NULL,
                            "cannot index %s with %s (a list takes an integer, a map or "
                            "node a string)",
                            qv_type_name(a.t), qv_type_name(b.t));
        }
        qv_release(a);
        qv_release(b);
        return rc;
    case QX_CASE: {
        /* simple CASE (op 1): kids[0] is the test, compared with = to each WHEN */
        int first = x->op ? 1 : 0, pairs = (x->nkids - first - x->neg) / 2;
        if (first && (rc = kg_eval(ex, x->kids[0], &b))) return rc;
        for (int i = 0; i < pairs; i++) {
            if ((rc = kg_eval(ex, x->kids[first + 2 * i], &a))) break;
            int t = first ? qv_eq(&b, &a) : qv_truthy(&a);
            qv_release(a);
            if (t == 1) {
                qv_release(b);
                return kg_eval(ex, x->kids[first + 2 * i + 1], out);
            }
        }
        qv_release(b);
        if (rc) return rc;
        if (x->neg) return kg_eval(ex, x->kids[x->nkids - 1], out);
        return KG_OK;
    }
    case QX_COMP:
    case QX_QUANT:
        return comprehension(ex, x, out);
    case QX_SLICE:
        return slice(ex, x, out);
    case QX_NAMEIS: {
        if ((rc = kg_eval(ex, x->kids[0], &a))) return rc;
        if ((rc = kg_eval(ex, x->kids[1], &b))) {
            qv_release(a);
            return rc;
        }
        if (a.t != KG_NODE || b.t != KG_TEXT) {
            *out = a.t == KG_NULL || b.t == KG_NULL ? QV_NULL : qv_bool(0);
            qv_release(a);
            qv_release(b);
            return KG_OK;
        }
        if (x->cache_key.t == KG_NULL || qv_cmp(&x->cache_key, &b) != 0) {
            free(x->cache_ids);
            x->cache_ids = NULL;
            qv_set(&x->cache_key, QV_NULL);
            rc = kg_q_resolve(ex, b.u.s->s, b.u.s->len, x->name, &x->cache_ids, &x->cache_n,
                              x->kids[1]->start, x->kids[1]->end);
            if (rc) {
                qv_release(a);
                qv_release(b);
                return rc;
            }
            x->cache_key = qv_retain(b);
        }
        int found = 0;
        for (size_t i = 0; i < x->cache_n; i++)
            found |= x->cache_ids[i] == a.u.id;
        *out = qv_bool(found);
        qv_release(a);
        qv_release(b);
        return KG_OK;
    }
    default:
        return KG_ERROR;
    }
}
