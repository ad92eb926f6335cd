/*
** ast.c -- syntax tree nodes of the query language: allocation, construction,
** kgq_free, kgq_dump (the S-expression format documented in ast.h) and kind
** names (grammar layer). The parser itself is in parser.y.
**
** Invariants:
** (1) Every node the parser builds is a kgq_inode: the public kgq_node first,
**     then its subtree depth, so a kgq_node * from the parser may be freed
**     with plain free() and nodes built by others are still freed correctly.
** (2) kgq_free never recurses and never allocates: it threads a to-do stack
**     through the str field of nodes whose string it has already freed.
** (3) kgq_dump recurses once per tree level; the parser's depth limit (at most
**     KGQ_DEPTH_CAP) bounds that.
*/
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgq_int.h"

/* ---- allocation with a failure hook for tests ------------------------- */

static long kgq_fail_countdown = -1; /* allocations left before failing; <0 never */

void kgq__fail_after(long n)
{
    kgq_fail_countdown = n;
}

static int kgq_should_fail(void)
{
    if (kgq_fail_countdown < 0) return 0;
    if (kgq_fail_countdown == 0) return 1; /* stays at 0: every later allocation fails too */
    kgq_fail_countdown--;
    return 0;
}

void *kgq_malloc(size_t n)
{
    if (kgq_should_fail()) return NULL;
    return malloc(n ? n : 1);
}

void *kgq_realloc(void *p, size_t n)
{
    if (kgq_should_fail()) return NULL;
    return realloc(p, n ? n : 1);
}

void kgq_mfree(void *p)
{
    free(p);
}

char *kgq_strndup(const char *s, size_t n)
{
    char *d = kgq_malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* ---- nodes ------------------------------------------------------------ */

typedef struct kgq_inode {
    kgq_node n;     /* the public node; must stay first (invariant 1) */
    unsigned depth; /* height of this subtree, 1 for a leaf */
} kgq_inode;

kgq_node *kgq_node_new(kgq_kind kind, kgq_loc loc)
{
    kgq_inode *in = kgq_malloc(sizeof *in);
    if (!in) return NULL;
    memset(in, 0, sizeof *in);
    in->n.kind = kind;
    in->n.start = loc.start;
    in->n.end = loc.end;
    in->depth = 1;
    return &in->n;
}

unsigned kgq_node_depth(const kgq_node *n)
{
    return n ? ((const kgq_inode *)n)->depth : 0;
}

int kgq_node_add(kgq_node *n, kgq_node *kid)
{
    if (n->nkids == n->cap) {
        int cap = n->cap ? n->cap * 2 : 4;
        kgq_node **k = kgq_realloc(n->kids, (size_t)cap * sizeof *k);
        if (!k) {
            kgq_free(kid);
            return -2;
        }
        n->kids = k;
        n->cap = cap;
    }
    n->kids[n->nkids++] = kid;
    if (kgq_node_depth(kid) + 1 > ((kgq_inode *)n)->depth)
        ((kgq_inode *)n)->depth = kgq_node_depth(kid) + 1;
    return 0;
}

void kgq_free(kgq_node *n)
{
    kgq_node *todo; /* stack linked through str (invariant 2) */
    if (!n) return;
    free(n->str);
    n->str = NULL;
    todo = n;
    while (todo) {
        kgq_node *x = todo;
        todo = (kgq_node *)(void *)x->str;
        for (int i = 0; i < x->nkids; i++) {
            kgq_node *k = x->kids[i];
            if (!k) continue;
            free(k->str);
            k->str = (char *)(void *)todo;
            todo = k;
        }
        free(x->kids);
        free(x);
    }
}

/* ---- errors ------------------------------------------------------------ */

void kgq_set_error(kgq_ctx *ctx, kgq_loc loc, const char *fmt, ...)
{
    va_list ap;
    if (ctx->rc) return; /* the first error is the one the user needs */
    ctx->rc = -1;
    ctx->err->start = loc.start;
    ctx->err->end = loc.end;
    va_start(ap, fmt);
    vsnprintf(ctx->err->msg, sizeof ctx->err->msg, fmt, ap);
    va_end(ap);
}

void kgq_set_oom(kgq_ctx *ctx)
{
    ctx->oom = 1;
    if (ctx->rc == 0) ctx->rc = -2;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned cp;
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf)
        k = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        k = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        k = 4, cp = c & 0x07;
    else
        return 0;
    if (n < k) return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return k;
}

void kgq_quote(char *out, size_t cap, const char *s, size_t n)
{
    const size_t max_shown = 40; /* bytes of the source shown before "..." */
    size_t o = 0, i = 0;
    if (cap < 16) {
        if (cap) out[0] = 0;
        return;
    }
    out[o++] = '\'';
    while (i < n && i < max_shown && o + 8 < cap) {
        unsigned char c = (unsigned char)s[i];
        size_t k = utf8_len((const unsigned char *)s + i, n - i);
        if (c < 0x20 || c == 0x7f || k == 0) {
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
            i++;
        } else {
            if (o + k + 8 >= cap) break;
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        }
    }
    if (i < n && o + 5 < cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o++] = '\'';
    out[o] = 0;
}

/* ---- names ------------------------------------------------------------- */

static const char *const kind_names[] = {
    [KGQ_QUERY] = "QUERY",     [KGQ_SHOW] = "SHOW",       [KGQ_DESCRIBE] = "DESCRIBE",
    [KGQ_ALIAS] = "ALIAS",     [KGQ_MATCH] = "MATCH",     [KGQ_WHERE] = "WHERE",
    [KGQ_WITH] = "WITH",       [KGQ_RETURN] = "RETURN",   [KGQ_UNWIND] = "UNWIND",
    [KGQ_CREATE] = "CREATE",   [KGQ_MERGE] = "MERGE",     [KGQ_SET] = "SET",
    [KGQ_SETITEM] = "SETITEM", [KGQ_DELETE] = "DELETE",   [KGQ_PATTERN] = "PATTERN",
    [KGQ_NODEPAT] = "NODEPAT", [KGQ_RELPAT] = "RELPAT",   [KGQ_LABEL] = "LABEL",
    [KGQ_RANGE] = "RANGE",     [KGQ_MAP] = "MAP",         [KGQ_PAIR] = "PAIR",
    [KGQ_PROJ] = "PROJ",       [KGQ_STAR] = "STAR",       [KGQ_ORDER] = "ORDER",
    [KGQ_SORTKEY] = "SORTKEY", [KGQ_SKIP] = "SKIP",       [KGQ_LIMIT] = "LIMIT",
    [KGQ_NULL] = "NULL",       [KGQ_BOOL] = "BOOL",       [KGQ_INT] = "INT",
    [KGQ_FLOAT] = "FLOAT",     [KGQ_STRING] = "STRING",   [KGQ_DATE] = "DATE",
    [KGQ_PARAM] = "PARAM",     [KGQ_VAR] = "VAR",         [KGQ_PROP] = "PROP",
    [KGQ_LIST] = "LIST",       [KGQ_MAPLIT] = "MAPLIT",   [KGQ_BINOP] = "BINOP",
    [KGQ_UNOP] = "UNOP",       [KGQ_ISNULL] = "ISNULL",   [KGQ_CALL] = "CALL",
    [KGQ_INDEX] = "INDEX",     [KGQ_CASE] = "CASE",       [KGQ_LISTCOMP] = "LISTCOMP",
    [KGQ_QUANT] = "QUANT",     [KGQ_SLICE] = "SLICE",     [KGQ_HASLABEL] = "HASLABEL",
    [KGQ_UNION] = "UNION",     [KGQ_PATPRED] = "PATPRED", [KGQ_REMOVE] = "REMOVE",
};

const char *kgq_kind_name(kgq_kind k)
{
    if ((int)k <= 0 || (size_t)k >= sizeof kind_names / sizeof kind_names[0] || !kind_names[k])
        return "?";
    return kind_names[k];
}

static const char *const op_names[] = {
    [KGQ_OP_OR] = "OR",         [KGQ_OP_AND] = "AND",   [KGQ_OP_XOR] = "XOR",
    [KGQ_OP_NOT] = "NOT",       [KGQ_OP_EQ] = "=",      [KGQ_OP_NE] = "<>",
    [KGQ_OP_LT] = "<",          [KGQ_OP_LE] = "<=",     [KGQ_OP_GT] = ">",
    [KGQ_OP_GE] = ">=",         [KGQ_OP_IN] = "IN",     [KGQ_OP_CONTAINS] = "CONTAINS",
    [KGQ_OP_STARTS] = "STARTS", [KGQ_OP_ENDS] = "ENDS", [KGQ_OP_ADD] = "+",
    [KGQ_OP_SUB] = "-",         [KGQ_OP_MUL] = "*",     [KGQ_OP_DIV] = "/",
    [KGQ_OP_MOD] = "%",         [KGQ_OP_NEG] = "-",     [KGQ_OP_POW] = "^",
};

/* Flag words in bit order (bit i is 1u << i). */
static const char *const flag_names[] = {"EXPLAIN", "PROFILE",  "OPTIONAL",    "DISTINCT",
                                         "DETACH",  "SHORTEST", "ALLSHORTEST", "DESC",
                                         "NOT",     "ELSE",     "SIMPLE",      "ALL"};

/* ---- dump -------------------------------------------------------------- */

typedef struct sbuf {
    char *p;    /* bytes so far, NUL-terminated when ok */
    size_t n;   /* bytes used */
    size_t cap; /* bytes allocated */
    int oom;    /* an allocation failed; p is freed and NULL */
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = kgq_realloc(b->p, cap);
        if (!p) {
            free(b->p);
            b->p = NULL;
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void sb_quoted(sbuf *b, const char *s, size_t n)
{
    sb_add(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            sb_add(b, "\\\"", 2);
            break;
        case '\\':
            sb_add(b, "\\\\", 2);
            break;
        case '\n':
            sb_add(b, "\\n", 2);
            break;
        case '\t':
            sb_add(b, "\\t", 2);
            break;
        case '\r':
            sb_add(b, "\\r", 2);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                sb_printf(b, "\\x%02X", c);
            else
                sb_add(b, (const char *)&c, 1);
        }
    }
    sb_add(b, "\"", 1);
}

/* Names print bare when they look like identifiers (hyphens allowed, as in
** member-of) and cannot be mistaken for a flag word or "_"; else quoted. */
static void sb_name(sbuf *b, const char *s, size_t n)
{
    int bare =
        n > 0 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_');
    for (size_t i = 0; bare && i < n; i++) {
        char c = s[i];
        bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    }
    if (bare && n == 1 && s[0] == '_') bare = 0;
    for (size_t f = 0; bare && f < sizeof flag_names / sizeof flag_names[0]; f++)
        if (strlen(flag_names[f]) == n && strncasecmp(flag_names[f], s, n) == 0) bare = 0;
    if (bare)
        sb_add(b, s, n);
    else
        sb_quoted(b, s, n);
}

/* Shortest decimal that reads back as the same double; always has a '.' or
** an exponent so a FLOAT never looks like an INT. */
static void sb_double(sbuf *b, double d)
{
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) break;
    }
    /* whole numbers print as 1000.0, not 1e+03, up to where %f stays short */
    if (strchr(tmp, 'e') && d > -1e15 && d < 1e15 &&
        d == (double)(long long)d) /* range first: the cast is UB outside */
        snprintf(tmp, sizeof tmp, "%.1f", d);
    if (!strpbrk(tmp, ".eEni")) strcat(tmp, ".0");
    sb_puts(b, tmp);
}

static void dump_node(sbuf *b, const kgq_node *n)
{
    if (!n) {
        sb_puts(b, "()");
        return;
    }
    sb_add(b, "(", 1);
    sb_puts(b, kgq_kind_name(n->kind));
    if ((n->kind == KGQ_BINOP || n->kind == KGQ_UNOP) && n->op > 0 &&
        n->op < (int)(sizeof op_names / sizeof op_names[0])) {
        sb_add(b, " ", 1);
        sb_puts(b, op_names[n->op]);
    } else if (n->kind == KGQ_QUANT && n->op >= KGQ_Q_ALL && n->op <= KGQ_Q_SINGLE) {
        static const char *const q[] = {"", " all", " any", " none", " single"};
        sb_puts(b, q[n->op]);
    } else if (n->kind == KGQ_SETITEM && n->op) {
        sb_puts(b, n->op == KGQ_SET_ALL ? " =" : " +=");
    } else if (n->kind == KGQ_RELPAT) {
        sb_puts(b, n->op == KGQ_DIR_OUT ? " out" : n->op == KGQ_DIR_IN ? " in" : " both");
    }
    for (unsigned f = 0; f < sizeof flag_names / sizeof flag_names[0]; f++)
        if (n->flags & (1u << f)) {
            sb_add(b, " ", 1);
            sb_puts(b, flag_names[f]);
        }
    switch (n->kind) {
    case KGQ_SHOW:
        sb_puts(b, n->i == KGQ_SHOW_TYPES ? " TYPES" : " RELATIONS");
        break;
    case KGQ_BOOL:
        sb_puts(b, n->i ? " true" : " false");
        break;
    case KGQ_INT:
        sb_printf(b, " %lld", (long long)n->i);
        break;
    case KGQ_FLOAT:
        sb_add(b, " ", 1);
        sb_double(b, n->f);
        break;
    case KGQ_STRING:
        sb_add(b, " ", 1);
        sb_quoted(b, n->str ? n->str : "", n->str ? n->len : 0);
        break;
    case KGQ_DATE:
        sb_add(b, " ", 1);
        sb_puts(b, n->str ? n->str : "");
        break;
    case KGQ_LISTCOMP:
    case KGQ_SLICE:
        if (n->str) {
            sb_add(b, " ", 1);
            sb_name(b, n->str, strlen(n->str));
        }
        if (n->i) sb_printf(b, " %lld", (long long)n->i);
        break;
    case KGQ_SET:
        if (n->i) sb_puts(b, n->i == KGQ_ON_CREATE ? " ONCREATE" : " ONMATCH");
        break;
    case KGQ_RANGE:
        if (n->i < 0)
            sb_puts(b, " _");
        else
            sb_printf(b, " %lld", (long long)n->i);
        if (n->i2 < 0)
            sb_puts(b, " _");
        else
            sb_printf(b, " %lld", (long long)n->i2);
        break;
    default:
        if (n->str) {
            sb_add(b, " ", 1);
            sb_name(b, n->str, n->len ? n->len : strlen(n->str));
        }
    }
    for (int i = 0; i < n->nkids; i++) {
        sb_add(b, " ", 1);
        dump_node(b, n->kids[i]);
    }
    sb_add(b, ")", 1);
}

char *kgq_dump(const kgq_node *n)
{
    sbuf b = {0};
    dump_node(&b, n);
    if (b.oom) return NULL;
    return b.p;
}
