/*
** kgq_int.h -- private to grammar/: the parse context shared by the lexer, the
** parser and the node constructors, and the allocation hooks (grammar layer).
** Nothing outside grammar/ (and its test) includes this file.
*/
#ifndef KGQ_INT_H
#define KGQ_INT_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

/* Hard cap on max_depth: the free, dump and engine walkers recurse at most this
** deep (plus a handful of clause levels), which every C stack survives. */
#define KGQ_DEPTH_CAP 5000u

/* Byte span of a token or a rule: [start, end) into the query text. */
typedef struct kgq_loc {
    uint32_t start; /* first byte */
    uint32_t end;   /* one past the last byte */
} kgq_loc;

/* One parse. Lives on kgq_parse's stack; the scanner's "extra" points here. */
typedef struct kgq_ctx {
    const char *text;   /* the caller's query text (borrowed) */
    char *buf;          /* our copy with two trailing NULs, scanned in place */
    size_t len;         /* bytes in text */
    unsigned max_depth; /* nesting limit after defaulting and capping */
    unsigned depth;     /* open ( [ { not yet closed */
    size_t stack_max;   /* bison stack cap (YYMAXDEPTH), from max_depth */
    int seen_token;     /* a token other than ';' was returned */
    size_t ntokens;     /* tokens returned so far (bounds the parser's stack) */
    int done;           /* the statement's ';' was returned: next token is EOF */
    size_t consumed;    /* offset past the ';' once done */
    int rc;             /* 0, -1 (error in err) or -2 (out of memory) */
    int oom;            /* an allocation failed (even if bison reported it) */
    kgq_error *err;     /* where to write the error (never NULL inside) */
    kgq_node *result;   /* the statement, set by the start rule */
    jmp_buf fatal;      /* flex's YY_FATAL_ERROR lands here (never during yyparse) */
    int jmp_armed;      /* fatal is valid */
} kgq_ctx;

/* Allocation: every byte the grammar owns goes through these, so tests can
** inject failures (kgq__fail_after) and check that nothing leaks. */
void *kgq_malloc(size_t n);
void *kgq_realloc(void *p, size_t n);
void kgq_mfree(void *p);
char *kgq_strndup(const char *s, size_t n);
/* Test hook: make the n-th allocation from now (0 = the next) and all later
** ones fail; negative n turns failures off. Not thread-safe; tests only. */
void kgq__fail_after(long n);

/* Node construction. Nodes are allocated with a hidden depth (see ast.c). */
kgq_node *kgq_node_new(kgq_kind kind, kgq_loc loc);
/* Append kid; on failure frees kid and returns -2. n keeps its own kids. */
int kgq_node_add(kgq_node *n, kgq_node *kid);
/* Depth of the subtree: 1 for a leaf. */
unsigned kgq_node_depth(const kgq_node *n);

/* Errors: format into ctx->err, set ctx->rc = -1 (first error wins). */
void kgq_set_error(kgq_ctx *ctx, kgq_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void kgq_set_oom(kgq_ctx *ctx);
/* Quote bytes for a message: 'text', truncated with "..." when long and with
** control and invalid bytes written as \xHH. Writes at most cap bytes. */
void kgq_quote(char *out, size_t cap, const char *s, size_t n);

/* The standard message for a nesting limit. */
#define KGQ_DEPTH_MSG "nesting deeper than the limit of %u levels"

#endif
