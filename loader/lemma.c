/*
** lemma.c -- English lemmas for the loader (kgl layer): a word form to its
** verb or noun lemma (struck -> strike, striking -> strike, militias ->
** militia). The tables come from WordNet (package wordnet-base) through
** loader/tools/gen_tables.py at build time (kgl_lemma_data.c): the lemmas of
** index.verb and index.noun, front-coded in sorted blocks of 16 words (a
** block starts with a full word; each further word is one byte of prefix
** shared with the previous word, plus one, then its other letters and a NUL),
** and the irregular forms of verb.exc and noun.exc, sorted by form. Regular
** inflection is undone here and every candidate is checked against the
** lemmas. API in kgl.h.
*/
#include <stdint.h>
#include <string.h>

#include "kgl.h"

extern const char kgl_lemma_verb_words[], kgl_lemma_noun_words[];
extern const uint32_t kgl_lemma_verb_block[], kgl_lemma_noun_block[];
extern const int kgl_lemma_verb_nblock, kgl_lemma_noun_nblock;
extern const char kgl_lemma_verb_exc[], kgl_lemma_noun_exc[];
extern const uint32_t kgl_lemma_verb_excoff[], kgl_lemma_noun_excoff[];
extern const int kgl_lemma_verb_nexc, kgl_lemma_noun_nexc;

typedef struct table {
    const char *words;
    const uint32_t *block;
    const int *nblock;
    const char *exc;
    const uint32_t *excoff;
    const int *nexc;
} table;

static const table verbs = {kgl_lemma_verb_words, kgl_lemma_verb_block,  &kgl_lemma_verb_nblock,
                            kgl_lemma_verb_exc,   kgl_lemma_verb_excoff, &kgl_lemma_verb_nexc};
static const table nouns = {kgl_lemma_noun_words, kgl_lemma_noun_block,  &kgl_lemma_noun_nblock,
                            kgl_lemma_noun_exc,   kgl_lemma_noun_excoff, &kgl_lemma_noun_nexc};

static const table *table_of(int pos)
{
    return pos == KGL_POS_VERB ? &verbs : pos == KGL_POS_NOUN ? &nouns : NULL;
}

/* Is w (NUL-terminated, < KGL_LEMMA_MAX bytes) a lemma of the table? */
static int has(const table *t, const char *w)
{
    int lo = 0, hi = *t->nblock - 1, b = -1;
    while (lo <= hi) { /* last block whose first word is <= w */
        int mid = (lo + hi) / 2;
        int c = strcmp(t->words + t->block[mid], w);
        if (c == 0) return 1;
        if (c < 0)
            b = mid, lo = mid + 1;
        else
            hi = mid - 1;
    }
    if (b < 0) return 0;
    const char *p = t->words + t->block[b];
    const char *end = b + 1 < *t->nblock ? t->words + t->block[b + 1] : NULL;
    char cur[KGL_LEMMA_MAX];
    size_t n = strlen(p);
    memcpy(cur, p, n + 1);
    p += n + 1;
    while (end ? p < end : *p) {
        size_t k = (unsigned char)*p++ - 1; /* shared prefix */
        size_t s = strlen(p);
        if (k + s >= sizeof cur) return 0; /* cannot happen with the generated tables */
        memcpy(cur + k, p, s + 1);
        p += s + 1;
        int c = strcmp(cur, w);
        if (c == 0) return 1;
        if (c > 0) return 0;
    }
    return 0;
}

/* Index of the first irregular form equal to w, or -1. */
static int exc_first(const table *t, const char *w)
{
    int lo = 0, hi = *t->nexc - 1, hit = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(t->exc + t->excoff[mid], w);
        if (c == 0)
            hit = mid, hi = mid - 1;
        else if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return hit;
}

static const char *exc_lemma(const table *t, int i)
{
    const char *form = t->exc + t->excoff[i];
    return form + strlen(form) + 1;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* consonant-vowel-consonant at the end, last not w/x/y: "star", "hop" (a
** lemma of that shape would double its consonant: starred, hopped) */
static int cvc(const char *s, size_t n)
{
    return n >= 3 && !is_vowel(s[n - 1]) && !strchr("wxy", s[n - 1]) && is_vowel(s[n - 2]) &&
           !is_vowel(s[n - 3]);
}

/* Candidate lemmas, most likely first, without duplicates. */
typedef struct cands {
    char w[8][KGL_LEMMA_MAX];
    int n;
} cands;

static void cand(cands *c, const char *stem, size_t n, const char *add)
{
    size_t a = strlen(add);
    if (c->n == 8 || n == 0 || n + a >= KGL_LEMMA_MAX) return;
    memcpy(c->w[c->n], stem, n);
    memcpy(c->w[c->n] + n, add, a + 1);
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->w[i], c->w[c->n])) return;
    c->n++;
}

static int ends(const char *w, size_t n, const char *suf)
{
    size_t s = strlen(suf);
    return n > s && !memcmp(w + n - s, suf, s);
}

static void regular(const char *w, size_t n, int pos, cands *c)
{
    if (pos == KGL_POS_NOUN) {
        if (ends(w, n, "ies")) cand(c, w, n - 3, "y"); /* countries */
        if (ends(w, n, "ves"))
            cand(c, w, n - 3, "f"), cand(c, w, n - 3, "fe"); /* thieves, knives */
        if (ends(w, n, "ses") || ends(w, n, "xes") || ends(w, n, "zes") || ends(w, n, "ches") ||
            ends(w, n, "shes") || ends(w, n, "oes"))
            cand(c, w, n - 2, "");                       /* buses, boxes, churches, heroes */
        if (ends(w, n, "men")) cand(c, w, n - 3, "man"); /* servicemen */
        if (ends(w, n, "s") && !ends(w, n, "ss")) cand(c, w, n - 1, "");
        return;
    }
    if (ends(w, n, "ies")) cand(c, w, n - 3, "y");                   /* tries */
    if (ends(w, n, "es")) cand(c, w, n - 2, "");                     /* goes, pushes */
    if (ends(w, n, "s") && !ends(w, n, "ss")) cand(c, w, n - 1, ""); /* strikes, kills */
    const char *suf = ends(w, n, "ed") ? "ed" : ends(w, n, "ing") ? "ing" : NULL;
    if (!suf) return;
    size_t s = n - strlen(suf);                                       /* stem length */
    if (suf[0] == 'e' && ends(w, n, "ied")) cand(c, w, n - 3, "y");   /* tried */
    if (suf[0] == 'i' && ends(w, n, "ying")) cand(c, w, n - 4, "ie"); /* dying (also in verb.exc) */
    /* doubled final consonant: stopped, running, controlled; a stem that
    ** ends in ll ss ff zz is tried as it is first (killed, passed) */
    if (s >= 2 && w[s - 1] == w[s - 2] && !is_vowel(w[s - 1])) {
        if (strchr("lsfz", w[s - 1])) cand(c, w, s, "");
        cand(c, w, s - 1, "");
    }
    if (s >= 2 && w[s - 1] == 'k' && w[s - 2] == 'c') cand(c, w, s - 1, ""); /* panicked */
    /* silent e: struck -> strike is irregular, striking -> strike is not;
    ** stared -> stare before star (a CVC stem would have doubled) */
    if (cvc(w, s))
        cand(c, w, s, "e"), cand(c, w, s, "");
    else
        cand(c, w, s, ""), cand(c, w, s, "e");
    if (suf[0] == 'e') cand(c, w, n - 1, ""); /* freed, agreed: free, agree */
}

/* All lemmas of w, most likely first; returns the count. */
static int lemmas(const char *w, int pos, cands *out)
{
    const table *t = table_of(pos);
    out->n = 0;
    size_t n = w ? strlen(w) : 0;
    if (!t || n == 0 || n >= KGL_LEMMA_MAX) return 0;
    for (int i = exc_first(t, w); i >= 0 && i < *t->nexc && !strcmp(t->exc + t->excoff[i], w); i++)
        cand(out, exc_lemma(t, i), strlen(exc_lemma(t, i)), ""); /* found -> find */
    if (has(t, w)) cand(out, w, n, "");
    cands c = {.n = 0};
    regular(w, n, pos, &c);
    for (int i = 0; i < c.n; i++)
        if (has(t, c.w[i])) cand(out, c.w[i], strlen(c.w[i]), "");
    return out->n;
}

const char *kgl_lemma(const char *word, int pos, char *buf, size_t buflen)
{
    cands c;
    if (!lemmas(word, pos, &c)) return NULL;
    size_t n = strlen(c.w[0]);
    if (!buf || n >= buflen) return NULL;
    memcpy(buf, c.w[0], n + 1);
    return buf;
}

int kgl_lemma_of(const char *word, const char *lemma, int pos)
{
    cands c;
    lemmas(word, pos, &c);
    for (int i = 0; i < c.n; i++)
        if (!strcmp(c.w[i], lemma)) return 1;
    return 0;
}

int kgl_is_lemma(const char *word, int pos)
{
    const table *t = table_of(pos);
    return t && word && *word && strlen(word) < KGL_LEMMA_MAX && has(t, word);
}
