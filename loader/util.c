/*
** util.c -- loader helpers (kgl layer): growable buffers, name normalisation
** for dictionary matching, and the transliteration skeleton of LOADER.md.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kgl.h"

void *kgl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("kg: out of memory\n", stderr);
        abort();
    }
    return q;
}

void kgl_buf_put(kgl_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 256;
        while (c < b->len + n + 1)
            c *= 2;
        b->p = kgl_xrealloc(b->p, c);
        b->cap = c;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

char *kgl_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    kgl_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        kgl_buf_put(&b, tmp, n);
    int bad = ferror(f), saved = errno;
    fclose(f);
    if (bad) {
        kgl_buf_free(&b);
        errno = saved ? saved : EIO;
        return NULL;
    }
    if (!b.p) kgl_buf_put(&b, "", 0);
    if (len) *len = b.len;
    return b.p;
}

void kgl_buf_puts(kgl_buf *b, const char *s)
{
    kgl_buf_put(b, s, strlen(s));
}
void kgl_buf_putc(kgl_buf *b, char c)
{
    kgl_buf_put(b, &c, 1);
}

void kgl_buf_printf(kgl_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        kgl_buf_put(b, tmp, n);
        return;
    }
    char *big = kgl_xrealloc(NULL, n + 1);
    va_start(ap, fmt);
    vsnprintf(big, n + 1, fmt, ap);
    va_end(ap);
    kgl_buf_put(b, big, n);
    free(big);
}

void kgl_buf_free(kgl_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *kgl_strndup(const char *s, size_t n)
{
    char *p = kgl_xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Periods of initialisms: "U.S.", "U.N.", "C.I.A." are one word ("us", "un",
** "cia") and match "US", "UN", "CIA". A period goes when it follows a
** one-letter word (a letter after the start, a space, a period or other
** non-alphanumeric byte) and is followed by a letter, or when it closes such
** a chain ("U.S." -- the second period follows "S" after "U."). "Mr. Smith",
** "J. Smith", "3.5" and "example.com" keep theirs (the engine makes them
** spaces). Returns a malloc'ed copy. */
static char *drop_initial_periods(const char *s, size_t n, size_t *outlen)
{
    char *o = kgl_xrealloc(NULL, n + 1);
    size_t w = 0;
#define ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define ALNUM(c) (ALPHA(c) || ((c) >= '0' && (c) <= '9') || (unsigned char)(c) >= 0x80)
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.' && i >= 1 && ALPHA(s[i - 1]) && (i < 2 || !ALNUM(s[i - 2]))) {
            int next_letter = i + 1 < n && ALPHA(s[i + 1]);
            int closes =
                i >= 3 && s[i - 2] == '.' && ALPHA(s[i - 3]) && (i < 4 || !ALNUM(s[i - 4]));
            if (next_letter || closes) continue;
        }
        o[w++] = c;
    }
#undef ALPHA
#undef ALNUM
    o[w] = 0;
    *outlen = w;
    return o;
}

/* The loader's normalised form (kgl.h) is the engine's (kg_normalize,
** engine/names.c: one source of truth, issue 14), applied to the text with
** the periods of initialisms removed (drop_initial_periods). Until 2026-12
** the loader had its own normaliser, which dropped every period and double
** quote and kept symbols; the engine's makes them spaces. What that changes
** here: "3.5" is "3 5", "AT&T" is "at t", a line of bullets only is empty
** (text.c drops it, as it dropped "***" before). Lines are compared with
** the rules' boilerplate in kgl_line_norm's form, which keeps symbols. Invalid
** UTF-8 (which text.c never passes) gives "". Returns a malloc'ed string. */
/* An engine function of names (kg_normalize, kg_skeleton) applied to the
** text with the periods of initialisms removed; "" on error. malloc'ed. */
static char *through_engine(const char *s, size_t n, int (*fn)(const char *, size_t, char **))
{
    size_t m;
    char *t = drop_initial_periods(s, n, &m), *out = NULL;
    int rc = fn(t, m, &out);
    free(t);
    if (rc != KG_OK || !out) {
        kg_free(out);
        return kgl_strndup("", 0);
    }
    char *r = kgl_strndup(out, strlen(out)); /* the loader frees with free() */
    kg_free(out);
    return r;
}

char *kgl_norm(const char *s, size_t n)
{
    return through_engine(s, n, kg_normalize);
}

/* The transliteration skeleton is the engine's (kg_skeleton, engine/names.c)
** of the same text as kgl_norm's. The loader's own copy, until 2026-12,
** differed in two ways: it collapsed doubled digits (the engine's format 2
** rule, which gave "Brigade 4990" and "Brigade 4490" one key) and it
** collapsed letters doubled across a vowel only when adjacent. */
char *kgl_skel(const char *s, size_t n)
{
    return through_engine(s, n, kg_skeleton);
}

/* A line's form for the boilerplate and cutoff prefixes of the rules file
** (text.c): kgl_norm of the text between symbols, and every symbol (Unicode
** categories Sm, Sc, Sk, So: "©", "$", "+") kept as a word of its own, so
** that "cutoff Copyright ©" cuts at a copyright line and not at every line
** that starts with the word. A line of punctuation only ("• • •", "***")
** is empty and text.c drops it. */
char *kgl_line_norm(const char *s, size_t n)
{
    kgl_buf b = {0};
    size_t seg = 0, i = 0;
    while (i <= n) {
        int32_t c = 0;
        utf8proc_ssize_t k = 1;
        int sym = 0;
        if (i < n) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
            if (k <= 0) k = 1;
            utf8proc_category_t cat = c >= 0 ? utf8proc_category(c) : UTF8PROC_CATEGORY_CN;
            sym = cat >= UTF8PROC_CATEGORY_SM && cat <= UTF8PROC_CATEGORY_SO;
        }
        if (i == n || sym) {
            char *w = kgl_norm(s + seg, i - seg);
            if (*w) {
                if (b.len) kgl_buf_putc(&b, ' ');
                kgl_buf_puts(&b, w);
            }
            free(w);
            if (i == n) break;
            if (b.len) kgl_buf_putc(&b, ' ');
            kgl_buf_put(&b, s + i, (size_t)k);
            seg = i + (size_t)k;
        }
        i += (size_t)k;
    }
    if (!b.p) kgl_buf_put(&b, "", 0);
    return b.p;
}

/* ---------------------------------------------------------------- hash index */
uint64_t kgl_hash(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *u = p;
    uint64_t h = seed ^ 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 0x100000001b3ull;
    h ^= h >> 31; /* FNV-1a, then mixed so the low bits spread */
    h *= 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
}

int kgl_hidx_next(const kgl_hidx *x, uint64_t h, size_t *pos)
{
    if (!x->cap) return -1;
    size_t i = *pos == KGL_HIDX_START ? (size_t)h & (x->cap - 1) : (*pos + 1) & (x->cap - 1);
    for (; x->v[i] >= 0; i = (i + 1) & (x->cap - 1))
        if (x->h[i] == h) {
            *pos = i;
            return x->v[i];
        }
    return -1;
}

void kgl_hidx_set(kgl_hidx *x, size_t pos, int v)
{
    x->v[pos] = v;
}

void kgl_hidx_put(kgl_hidx *x, uint64_t h, int v)
{
    if ((x->n + 1) * 2 > x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 64;
        uint64_t *nh = kgl_xrealloc(NULL, ncap * sizeof *nh);
        int *nv = kgl_xrealloc(NULL, ncap * sizeof *nv);
        for (size_t i = 0; i < ncap; i++)
            nv[i] = -1;
        for (size_t i = 0; i < x->cap; i++)
            if (x->v[i] >= 0) {
                size_t j = (size_t)x->h[i] & (ncap - 1);
                while (nv[j] >= 0)
                    j = (j + 1) & (ncap - 1);
                nh[j] = x->h[i], nv[j] = x->v[i];
            }
        free(x->h), free(x->v);
        x->h = nh, x->v = nv, x->cap = ncap;
    }
    size_t j = (size_t)h & (x->cap - 1);
    while (x->v[j] >= 0)
        j = (j + 1) & (x->cap - 1);
    x->h[j] = h, x->v[j] = v;
    x->n++;
}

void kgl_hidx_clear(kgl_hidx *x)
{
    for (size_t i = 0; i < x->cap; i++)
        x->v[i] = -1;
    x->n = 0;
}

void kgl_hidx_free(kgl_hidx *x)
{
    free(x->h), free(x->v);
    memset(x, 0, sizeof *x);
}
