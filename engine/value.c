/*
** value.c -- query values (reference-counted text and lists), comparison,
** hashing, text and JSON rendering (engine layer, query engine).
*/
#include "query.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qv qv_text(const char *s, size_t n)
{
    qstr *p = malloc(sizeof *p + n + 1);
    if (!p) return QV_NULL;
    p->refs = 1, p->len = (uint32_t)n;
    if (n) memcpy(p->s, s, n);
    p->s[n] = 0;
    qv v = {KG_TEXT, {.s = p}};
    return v;
}

qv qv_list(uint8_t type, uint32_t n)
{
    qlist *l = malloc(sizeof *l);
    uint32_t m = type == KG_MAP ? 2 * n : n;
    qv *items = calloc(m ? m : 1, sizeof *items);
    if (!l || !items) {
        free(l);
        free(items);
        return QV_NULL;
    }
    l->refs = 1, l->n = n, l->cap = m ? m : 1, l->v = items;
    qv v = {type, {.l = l}};
    return v;
}

int qv_list_push(qv *l, qv v)
{
    qlist *q = l->u.l;
    if (KG_GROW(q->v, q->n, q->cap, 4)) {
        qv_release(v);
        return KG_NOMEM;
    }
    q->v[q->n++] = v;
    return KG_OK;
}

const char *qv_type_name(uint8_t t)
{
    static const char *const names[] = {"null",      "an integer", "a float", "a string",
                                        "a boolean", "a date",     "a node",  "a relation",
                                        "a list",    "a path",     "a map"};
    return t < sizeof names / sizeof names[0] ? names[t] : "a value";
}

qv qv_retain_counted(qv v)
{
    if (v.t == KG_TEXT) {
        assert(v.u.s->refs > 0); /* retaining a released value */
        v.u.s->refs++;
    } else if (qv_counted(v.t)) {
        assert(v.u.l->refs > 0);
        v.u.l->refs++;
    }
    return v;
}

void qv_release_counted(qv v)
{
    if (v.t == KG_TEXT) {
        assert(v.u.s->refs > 0); /* released more often than retained */
        if (--v.u.s->refs == 0) free(v.u.s);
    } else if (qv_counted(v.t)) {
        assert(v.u.l->refs > 0);
        if (--v.u.l->refs == 0) {
            uint32_t m = v.t == KG_MAP ? 2 * v.u.l->n : v.u.l->n;
            for (uint32_t i = 0; i < m; i++)
                qv_release(v.u.l->v[i]);
            free(v.u.l->v);
            free(v.u.l);
        }
    }
}

size_t qv_bytes(const qv *v)
{
    if (v->t == KG_TEXT) return sizeof(qstr) + v->u.s->len + 1;
    if (!qv_counted(v->t)) return 0;
    uint32_t m = v->t == KG_MAP ? 2 * v->u.l->n : v->u.l->n;
    size_t n = sizeof(qlist) + (size_t)m * sizeof(qv);
    for (uint32_t i = 0; i < m; i++)
        n += qv_bytes(&v->u.l->v[i]);
    return n;
}

static int num(const qv *v, double *d)
{
    if (v->t == KG_INT)
        *d = (double)v->u.i;
    else if (v->t == KG_FLOAT)
        *d = v->u.f;
    else
        return 0;
    return 1;
}

/* openCypher's order across types: map < node < relation < list < path <
** date < text < boolean < number < null (NaN after every other number). */
static int type_rank(uint8_t t)
{
    switch (t) {
    case KG_MAP:
        return 1;
    case KG_NODE:
        return 2;
    case KG_EDGE:
        return 3;
    case KG_LIST:
        return 4;
    case KG_PATH:
        return 5;
    case KG_DATE:
        return 6;
    case KG_TEXT:
        return 7;
    case KG_BOOL:
        return 8;
    case KG_INT:
    case KG_FLOAT:
        return 9;
    default:
        return 10; /* null sorts last */
    }
}

int qv_cmp(const qv *a, const qv *b)
{
    int ra = type_rank(a->t), rb = type_rank(b->t);
    if (ra != rb) return ra < rb ? -1 : 1;
    double x = 0, y = 0;
    switch (ra) {
    case 9:
        if (a->t == KG_INT && b->t == KG_INT) return (a->u.i > b->u.i) - (a->u.i < b->u.i);
        if (a->t == KG_INT || b->t == KG_INT) {
            /* an integer and a float: exact, also beyond 2^53 */
            const qv *iv = a->t == KG_INT ? a : b;
            double f = a->t == KG_INT ? b->u.f : a->u.f;
            int s = a->t == KG_INT ? 1 : -1, c;
            if (isnan(f))
                c = -1;
            else if (f >= 9223372036854775808.0)
                c = -1;
            else if (f < -9223372036854775808.0)
                c = 1;
            else {
                double t = trunc(f);
                int64_t ti = (int64_t)t;
                c = iv->u.i < ti ? -1 : iv->u.i > ti ? 1 : f > t ? -1 : f < t ? 1 : 0;
            }
            return s * c;
        }
        num(a, &x), num(b, &y);
        if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);
        return (x > y) - (x < y);
    case 8:
    case 6:
        return (a->u.i > b->u.i) - (a->u.i < b->u.i);
    case 7: {
        uint32_t n = a->u.s->len < b->u.s->len ? a->u.s->len : b->u.s->len;
        int c = memcmp(a->u.s->s, b->u.s->s, n);
        if (c) return c < 0 ? -1 : 1;
        return (a->u.s->len > b->u.s->len) - (a->u.s->len < b->u.s->len);
    }
    case 2:
    case 3:
        return (a->u.id > b->u.id) - (a->u.id < b->u.id);
    case 4:
    case 5:
    case 1: {
        uint32_t na = a->t == KG_MAP ? 2 * a->u.l->n : a->u.l->n;
        uint32_t nb = b->t == KG_MAP ? 2 * b->u.l->n : b->u.l->n;
        for (uint32_t i = 0; i < na && i < nb; i++) {
            int c = qv_cmp(&a->u.l->v[i], &b->u.l->v[i]);
            if (c) return c;
        }
        return (na > nb) - (na < nb);
    }
    default:
        return 0;
    }
}

/* Lists and maps are equal item by item: a null item makes the answer
** unknown unless another item differs ([null] = [1] is null, [null] = [1, 2]
** false). Integers and floats compare exactly (2^53 + 1 <> 2^53 as a float). */
int qv_eq(const qv *a, const qv *b)
{
    if (a->t == KG_NULL || b->t == KG_NULL) return -1;
    if ((a->t == KG_INT || a->t == KG_FLOAT) && (b->t == KG_INT || b->t == KG_FLOAT)) {
        if ((a->t == KG_FLOAT && isnan(a->u.f)) || (b->t == KG_FLOAT && isnan(b->u.f))) return 0;
        return qv_cmp(a, b) == 0;
    }
    if (type_rank(a->t) != type_rank(b->t)) return 0;
    if (a->t == KG_LIST && b->t == KG_LIST) {
        if (a->u.l->n != b->u.l->n) return 0;
        int unknown = 0;
        for (uint32_t i = 0; i < a->u.l->n; i++) {
            int e = qv_eq(&a->u.l->v[i], &b->u.l->v[i]);
            if (e == 0) return 0;
            if (e < 0) unknown = 1;
        }
        return unknown ? -1 : 1;
    }
    if (a->t == KG_MAP && b->t == KG_MAP) {
        if (a->u.l->n != b->u.l->n) return 0;
        int unknown = 0;
        for (uint32_t i = 0; i < a->u.l->n; i++) {
            const qv *k = &a->u.l->v[2 * i], *w = NULL;
            for (uint32_t j = 0; j < b->u.l->n && !w; j++)
                if (qv_cmp(k, &b->u.l->v[2 * j]) == 0) w = &b->u.l->v[2 * j + 1];
            if (!w) return 0;
            int e = qv_eq(&a->u.l->v[2 * i + 1], w);
            if (e == 0) return 0;
            if (e < 0) unknown = 1;
        }
        return unknown ? -1 : 1;
    }
    return qv_cmp(a, b) == 0;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

/* The avalanche of MurmurHash3's fmix64: every input bit reaches every output
** bit. Hash tables index by the low bits, and the hash of a small integer
** (through its double's bits) or of a node id differs in few, high bits. */
static uint64_t fmix(uint64_t h)
{
    h ^= h >> 33, h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33, h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static uint64_t qv_hash_raw(const qv *v);

uint64_t qv_hash(const qv *v)
{
    return fmix(qv_hash_raw(v));
}

static uint64_t qv_hash_raw(const qv *v)
{
    uint64_t h = (uint64_t)type_rank(v->t);
    switch (v->t) {
    case KG_INT: {
        double d = (double)v->u.i;
        if ((int64_t)d == v->u.i) {
            uint64_t bits;
            memcpy(&bits, &d, 8);
            return mix(h, bits);
        }
        return mix(h, (uint64_t)v->u.i);
    }
    case KG_FLOAT: {
        uint64_t bits;
        double d = v->u.f == 0 ? 0 : v->u.f;
        memcpy(&bits, &d, 8);
        return mix(h, bits);
    }
    case KG_BOOL:
    case KG_DATE:
        return mix(h, (uint64_t)v->u.i);
    case KG_NODE:
    case KG_EDGE:
        return mix(h, v->u.id);
    case KG_TEXT: {
        uint64_t x = 1469598103934665603ull;
        for (uint32_t i = 0; i < v->u.s->len; i++)
            x = (x ^ (unsigned char)v->u.s->s[i]) * 1099511628211ull;
        return mix(h, x);
    }
    case KG_LIST:
    case KG_PATH:
    case KG_MAP: {
        uint32_t m = v->t == KG_MAP ? 2 * v->u.l->n : v->u.l->n;
        for (uint32_t i = 0; i < m; i++)
            h = mix(h, qv_hash(&v->u.l->v[i]));
        return h;
    }
    default:
        return h;
    }
}

int qv_truthy(const qv *v)
{
    switch (v->t) {
    case KG_NULL:
        return -1;
    case KG_BOOL:
        return v->u.i != 0;
    default:
        return 1;
    }
}

/* ---------------------------------------------------------------- buffers */

static int qb_grow(qbuf *b, size_t n)
{
    if (b->n + n + 1 <= b->cap) return 1;
    size_t cap = b->cap;
    char *p = kg_grow_array(b->p, &cap, b->n + n + 1, 1, 128); /* KG_GROW's rule */
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->p = p, b->cap = cap;
    return 1;
}

void qb_put(qbuf *b, const void *p, size_t n)
{
    if (!qb_grow(b, n)) return;
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

void qb_puts(qbuf *b, const char *s)
{
    qb_put(b, s, strlen(s));
}

void qb_printf(qbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !qb_grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void qb_json_str(qbuf *b, const char *s, size_t n)
{
    qb_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            qb_put(b, e, 2);
        } else if (c < 0x20) {
            if (c == '\n')
                qb_puts(b, "\\n");
            else if (c == '\t')
                qb_puts(b, "\\t");
            else if (c == '\r')
                qb_puts(b, "\\r");
            else
                qb_printf(b, "\\u%04x", c);
        } else {
            qb_put(b, &s[i], 1);
        }
    }
    qb_put(b, "\"", 1);
}

void qb_free(qbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---------------------------------------------------------------- rendering */

/* A float as text: NaN, Infinity and -Infinity as words; in JSON (json != 0)
** those are null, since JSON has no number for them (every JSON kg writes:
** kg_column_json, kg_query_json, --format json/jsonl, lists and maps). */
static void fmt_float(qbuf *b, double f, int json)
{
    if (json && !isfinite(f)) {
        qb_puts(b, "null");
        return;
    }
    if (isnan(f)) {
        qb_puts(b, "NaN");
        return;
    }
    if (isinf(f)) {
        qb_puts(b, f > 0 ? "Infinity" : "-Infinity");
        return;
    }
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", f);
    if (!strpbrk(tmp, ".eE")) strcat(tmp, ".0");
    qb_puts(b, tmp);
}

static void node_json(kg_exec *ex, kg_id id, qbuf *b)
{
    uint32_t t;
    const char *nm, *tn = "?";
    size_t nl;
    if (kg_store_node(ex->txn, id, &t, &nm, &nl) != KG_OK) {
        qb_printf(b, "{\"id\":%llu}", (unsigned long long)id);
        return;
    }
    kg_store_symname(ex->txn, KG_SYM_TYPE, t, &tn);
    qb_printf(b, "{\"id\":%llu,\"type\":", (unsigned long long)id);
    qb_json_str(b, tn, strlen(tn));
    qb_puts(b, ",\"name\":");
    qb_json_str(b, nm, nl);
    qb_puts(b, "}");
}

static void edge_json(kg_exec *ex, kg_id id, qbuf *b)
{
    kg_id s, d;
    uint32_t r, nev, ndocs;
    const char *rn = "?";
    if (kg_store_edge(ex->txn, id, &s, &r, &d, &nev, &ndocs) != KG_OK) {
        qb_printf(b, "{\"id\":%llu}", (unsigned long long)id);
        return;
    }
    kg_store_symname(ex->txn, KG_SYM_REL, r, &rn);
    qb_printf(b, "{\"id\":%llu,\"type\":", (unsigned long long)id);
    qb_json_str(b, rn, strlen(rn));
    qb_printf(b, ",\"src\":%llu,\"dst\":%llu,\"count\":%u}", (unsigned long long)s,
              (unsigned long long)d, ndocs ? ndocs : nev);
}

int qv_text_out(kg_exec *ex, const qv *v, qbuf *b, int json)
{
    char tmp[16];
    switch (v->t) {
    case KG_NULL:
        qb_puts(b, json ? "null" : "");
        break;
    case KG_BOOL:
        qb_puts(b, v->u.i ? "true" : "false");
        break;
    case KG_INT:
        qb_printf(b, "%lld", (long long)v->u.i);
        break;
    case KG_FLOAT:
        fmt_float(b, v->u.f, json);
        break;
    case KG_DATE:
        kg_date_format((int32_t)v->u.i, tmp);
        if (json)
            qb_json_str(b, tmp, strlen(tmp));
        else
            qb_puts(b, tmp);
        break;
    case KG_TEXT:
        if (json)
            qb_json_str(b, v->u.s->s, v->u.s->len);
        else
            qb_put(b, v->u.s->s, v->u.s->len);
        break;
    case KG_NODE:
        if (json)
            node_json(ex, v->u.id, b);
        else {
            uint32_t t;
            const char *nm;
            size_t nl;
            if (kg_store_node(ex->txn, v->u.id, &t, &nm, &nl) == KG_OK)
                qb_put(b, nm, nl);
            else
                qb_printf(b, "#%llu", (unsigned long long)v->u.id);
        }
        break;
    case KG_EDGE:
        if (json)
            edge_json(ex, v->u.id, b);
        else {
            kg_id s, d;
            uint32_t r, nev, nd;
            const char *rn = "?";
            if (kg_store_edge(ex->txn, v->u.id, &s, &r, &d, &nev, &nd) == KG_OK)
                kg_store_symname(ex->txn, KG_SYM_REL, r, &rn);
            qb_puts(b, rn);
        }
        break;
    case KG_PATH:
        if (!json) {
            /* Alpha -[killed]-> Beta <-[said]- Gamma */
            for (uint32_t i = 0; i < v->u.l->n; i++) {
                const qv *x = &v->u.l->v[i];
                if (x->t == KG_NODE) {
                    qv_text_out(ex, x, b, 0);
                    continue;
                }
                kg_id s, d;
                uint32_t r, nev, nd;
                const char *rn = "?";
                int fwd = 1;
                if (kg_store_edge(ex->txn, x->u.id, &s, &r, &d, &nev, &nd) == KG_OK) {
                    kg_store_symname(ex->txn, KG_SYM_REL, r, &rn);
                    fwd = i == 0 || v->u.l->v[i - 1].u.id == s;
                }
                qb_printf(b, fwd ? " -[%s]-> " : " <-[%s]- ", rn);
            }
            break;
        }
        /* FALLTHROUGH: JSON list */
        __attribute__((fallthrough));
    case KG_LIST:
        qb_puts(b, "[");
        for (uint32_t i = 0; i < v->u.l->n; i++) {
            if (i) qb_puts(b, ",");
            qv_text_out(ex, &v->u.l->v[i], b, 1);
        }
        qb_puts(b, "]");
        break;
    case KG_MAP:
        qb_puts(b, "{");
        for (uint32_t i = 0; i < v->u.l->n; i++) {
            if (i) qb_puts(b, ",");
            const qv *k = &v->u.l->v[2 * i];
            if (k->t == KG_TEXT)
                qb_json_str(b, k->u.s->s, k->u.s->len);
            else
                qb_puts(b, "\"?\"");
            qb_puts(b, ":");
            qv_text_out(ex, &v->u.l->v[2 * i + 1], b, 1);
        }
        qb_puts(b, "}");
        break;
    default:
        break;
    }
    return b->oom ? KG_NOMEM : KG_OK;
}
