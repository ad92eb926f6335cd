/*
** mem.c -- the engine's memory helpers (engine layer): one growth rule for
** arrays (KG_GROW), one arena for everything a statement's plan allocates
** (kg_arena) and one hash index (kg_itab). Contracts in internal.h.
*/
#include "internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- growth */

void *kg_grow_array(void *p, size_t *cap, size_t need, size_t size, size_t init)
{
    size_t n = *cap ? *cap : init ? init : 1;
    while (n < need) {
        if (n > SIZE_MAX / 2) return NULL;
        n *= 2;
    }
    if (size && n > SIZE_MAX / size) return NULL;
    void *q = realloc(p, n * size > 0 ? n * size : 1);
    if (!q) return NULL;
    *cap = n;
    return q;
}

/* ---------------------------------------------------------------- arena */

#define ARENA_BLOCK 4096 /* bytes of an ordinary block's data */

struct kg_arena_block {
    struct kg_arena_block *next; /* the block allocated before */
    size_t used, size;           /* bytes of data used and held */
    alignas(max_align_t) unsigned char data[];
};

void *kg_arena_alloc(kg_arena *a, size_t n)
{
    const size_t al = alignof(max_align_t);
    n = n ? (n + al - 1) / al * al : al;
    struct kg_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK; /* a large item: a block of its own */
        if (!(b = malloc(sizeof *b + size))) {
            a->oom = 1;
            return NULL;
        }
        b->used = 0, b->size = size;
        if (size == n && a->head) { /* keep the current block for the small items to come */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void *kg_arena_grow(kg_arena *a, void *p, size_t oldn, size_t newn)
{
    assert(p || !oldn);
    if (newn <= oldn) return p;
    void *q = kg_arena_alloc(a, newn);
    if (q && oldn) memcpy(q, p, oldn);
    return q;
}

char *kg_arena_strndup(kg_arena *a, const char *s, size_t n)
{
    char *d = kg_arena_alloc(a, n + 1);
    if (d) memcpy(d, s, n);
    return d;
}

void kg_arena_free(kg_arena *a)
{
    for (struct kg_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
    a->oom = 0;
}

/* ---------------------------------------------------------------- hash index */

int kg_itab_grow(kg_itab *t, uint64_t (*rehash)(void *ctx, uint32_t i), void *ctx)
{
    size_t cap = t->cap ? t->cap * 2 : t->min ? t->min : 64;
    uint32_t *n = calloc(cap, sizeof *n);
    if (!n) return KG_NOMEM;
    for (size_t j = 0; j < t->cap; j++)
        if (t->t[j]) {
            size_t q = rehash(ctx, t->t[j] - 1) & (cap - 1);
            while (n[q])
                q = (q + 1) & (cap - 1);
            n[q] = t->t[j];
        }
    free(t->t);
    t->t = n, t->cap = cap;
    return KG_OK;
}

void kg_itab_clear(kg_itab *t)
{
    if (t->n) memset(t->t, 0, t->cap * sizeof *t->t);
    t->n = 0;
}

void kg_itab_free(kg_itab *t)
{
    free(t->t);
    t->t = NULL, t->cap = t->n = 0;
}
