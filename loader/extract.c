/*
** extract.c -- extraction core of the loader (kgl layer): the driver
** (kgl_extract runs the stages over each sentence of one document), the result
** (entities, facts) and its TSV output, and the matching of rule forms every
** stage uses. The stages, sharing extract.h: mentions.c (names from the
** dictionary and from capitalised names with cue words, short names bound to
** the last full name), args.c (subjects and objects), modality.c (how the text
** states a fact), frames.c (typed relation frames from the rules: active,
** passive, nominal, titles and appositions, prepositional located-at) and
** speech.c (statements: direct quotes and reported speech with their speaker).
** Works on one document; needs no database.
*/
#include <stdlib.h>
#include <string.h>

#include "kgl.h"
#include "extract.h"

/* ---------------------------------------------------------------- results */
static uint64_t ent_hash(const char *type, const char *name, size_t n)
{
    return kgl_hash(name, n, kgl_hash(type, strlen(type), 0));
}

int kgl_result_entity(kgl_result *r, const char *type, const char *name, size_t n)
{
    uint64_t h = ent_hash(type, name, n);
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&r->eidx, h, &pos)) >= 0;)
        if (!strcmp(r->ent[i].type, type) && strlen(r->ent[i].name) == n &&
            !memcmp(r->ent[i].name, name, n))
            return i;
    if (r->nent == r->capent) {
        r->capent = r->capent ? r->capent * 2 : 64;
        r->ent = kgl_xrealloc(r->ent, r->capent * sizeof *r->ent);
    }
    kgl_ent *e = &r->ent[r->nent];
    memset(e, 0, sizeof *e);
    e->type = kgl_strndup(type, strlen(type));
    e->name = kgl_strndup(name, n);
    e->dict = -1;
    kgl_hidx_put(&r->eidx, h, r->nent);
    return r->nent++;
}

void kgl_result_alias(kgl_result *r, int ent, const char *s, size_t n)
{
    kgl_ent *e = &r->ent[ent];
    if (!strcmp(e->type, "statement")) return;
    if (r->doc && s >= r->doc->text &&
        s + n <= r->doc->text + r->doc->len) /* a mention (mention.c) */
        kgl_result_mention(r, ent, (uint32_t)(s - r->doc->text), (uint32_t)(s - r->doc->text + n));
    for (int i = 0; i < e->nalias; i++)
        if (strlen(e->alias[i]) == n && !memcmp(e->alias[i], s, n)) return;
    if (e->nalias == e->capalias) {
        e->capalias = e->capalias ? e->capalias * 2 : 4;
        e->alias = kgl_xrealloc(e->alias, e->capalias * sizeof *e->alias);
    }
    e->alias[e->nalias++] = kgl_strndup(s, n);
}

int kgl_result_fact(kgl_result *r, int subj, const char *rel, int obj, uint32_t s, uint32_t e,
                    int32_t date, float conf, const char *rule)
{
    if (subj < 0 || obj < 0 || subj == obj) return -1;
    int32_t key[3] = {subj, obj, (int32_t)s};
    uint64_t h = kgl_hash(rel, strlen(rel), kgl_hash(key, sizeof key, 1));
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&r->fidx, h, &pos)) >= 0;) {
        kgl_fact *f = &r->fact[i];
        if (f->subj == subj && f->obj == obj && !strcmp(f->rel, rel) && f->s == s) return i;
    }
    kgl_hidx_put(&r->fidx, h, r->nfact);
    if (r->nfact == r->capfact) {
        r->capfact = r->capfact ? r->capfact * 2 : 64;
        r->fact = kgl_xrealloc(r->fact, r->capfact * sizeof *r->fact);
    }
    r->fact[r->nfact] = (kgl_fact){subj,
                                   obj,
                                   kgl_strndup(rel, strlen(rel)),
                                   s,
                                   e,
                                   date,
                                   conf,
                                   kgl_strndup(rule, strlen(rule)),
                                   KGL_MOD_ASSERTED,
                                   -1,
                                   0,
                                   KG_NODATE,
                                   0};
    return r->nfact++;
}

const char *kgl_modality_name(int modality)
{
    static const char *const names[] = {"asserted", "reported", "claimed", "denied"};
    return modality >= 0 && modality < 4 ? names[modality] : "asserted";
}

void kgl_result_free(kgl_result *r)
{
    if (!r) return;
    for (int i = 0; i < r->nent; i++) {
        for (int k = 0; k < r->ent[i].nalias; k++)
            free(r->ent[i].alias[k]);
        free(r->ent[i].alias), free(r->ent[i].type), free(r->ent[i].name);
    }
    for (int i = 0; i < r->nfact; i++)
        free(r->fact[i].rel), free(r->fact[i].rule);
    free(r->ent), free(r->fact);
    kgl_hidx_free(&r->eidx), kgl_hidx_free(&r->fidx);
    kgl_result_mentions_free(r);
    kgl_doc_free(r->doc);
    free(r);
}

/* ---------------------------------------------------------------- rule forms */
/* Does token t spell rule word w? Equal words, or, for a one-word verb form
** written as its lemma ("strike"), any inflection of it (struck, strikes,
** striking), by WordNet (kgl_lemma_of). A form written inflected ("killed")
** matches only itself, so passive and noun forms keep their meaning. */
static int word_is(ctx *c, int t, const char *w, int lemma)
{
    const char *n = NORM(t);
    if (!strcmp(n, w)) return 1;
    if (!lemma || n[0] != w[0] || !n[0] || n[1] != w[1]) return 0;
    if (TOK(t).cap && t != c->s->t0) return 0; /* "Sayyed" is a name, not a form of "say" */
    return kgl_lemma_of(n, w, KGL_POS_VERB) && kgl_is_lemma(w, KGL_POS_VERB);
}

/* Does rule form f match at token i? Returns tokens consumed or 0. */
static int form_at(ctx *c, const kgl_form *f, int i, int lemma)
{
    int k = 0, t = i;
    for (; k < f->nw; k++) {
        while (t < c->s->t1 && TOK(t).poss)
            t++;
        if (t >= c->s->t1 || TOK(t).punct || !word_is(c, t, f->w[k], lemma && f->nw == 1)) return 0;
        t++;
    }
    return t - i;
}

static void index_forms(ctx *c)
{
    for (int r = 0; r < c->lx->nrules && r < (1 << 22); r++)
        for (int f = 0; f < c->lx->rules[r].nforms && f < 256; f++) {
            const char *w = c->lx->rules[r].forms[f].w[0];
            kgl_hidx_put(&c->formidx, kgl_hash(w, strlen(w), 5), r * 256 + f);
        }
}

static const char *tok_lemma(ctx *c, int i)
{
    if (!c->lemma[i]) {
        char buf[KGL_LEMMA_MAX];
        const char *l = TOK(i).punct ? NULL : kgl_lemma(NORM(i), KGL_POS_VERB, buf, sizeof buf);
        c->lemma[i] =
            kgl_strndup(l && strcmp(l, NORM(i)) ? l : "", l && strcmp(l, NORM(i)) ? strlen(l) : 0);
    }
    return c->lemma[i];
}

/* Is token i the start of a form of any rule of kind k? Sets *rule, *form.
** Longest form wins; among forms of one length that ask for a preposition
** ("stationed+at", "stationed+in"), the one whose preposition comes first in the
** next few words of the clause; then the earlier rule and form. */
int kglx_rule_at(ctx *c, int kind, int i, const kgl_rule **rule, const kgl_form **form)
{
    int j = i; /* form_at steps over a possessive "'s" before a word */
    while (j < c->s->t1 && j >= c->s->t0 && TOK(j).poss)
        j++;
    if (j < c->s->t0 || j >= c->s->t1 || TOK(j).punct) return 0;
    /* the candidates: forms whose first word is the token or its verb lemma */
    int best = 0, bestscore = 0, bestv = -1;
    for (int pass = 0; pass < 2; pass++) {
        const char *w = pass ? tok_lemma(c, j) : NORM(j);
        if (!*w) continue;
        uint64_t h = kgl_hash(w, strlen(w), 5);
        size_t pos = KGL_HIDX_START;
        for (int v; (v = kgl_hidx_next(&c->formidx, h, &pos)) >= 0;) {
            const kgl_rule *ru = &c->lx->rules[v / 256];
            const kgl_form *fo = &ru->forms[v % 256];
            if (kind && ru->kind != kind) continue;
            if (strcmp(fo->w[0], w)) continue;
            int lemma = ru->kind != KGL_R_NOUN && ru->kind != KGL_R_APPOS &&
                        ru->kind != KGL_R_TITLE && ru->kind != KGL_R_PASSIVE;
            int n = form_at(c, fo, i, lemma);
            if (!n) continue;
            int score = n * 16;
            if (fo->prep) {
                int k = i + n, d = 0;
                while (k < c->s->t1 && d < 8 && !is_clause_end(c, k) && !is_w(c, k, fo->prep))
                    k++, d++;
                score += is_w(c, k, fo->prep) ? 8 - d : -8;
            } else
                score += 4;
            /* as a scan of the rules in file order would: the earlier rule and form win a tie */
            if (score > bestscore || (score == bestscore && v < bestv)) {
                best = n;
                bestscore = score;
                bestv = v;
                if (rule) *rule = ru;
                if (form) *form = fo;
            }
        }
    }
    return best;
}

int kglx_any_verb_at(ctx *c, int i)
{
    return kglx_rule_at(c, KGL_R_VERB, i, NULL, NULL) ||
           kglx_rule_at(c, KGL_R_SPEECH, i, NULL, NULL) ||
           kglx_rule_at(c, KGL_R_PASSIVE, i, NULL, NULL) ||
           kglx_rule_at(c, KGL_R_DENY, i, NULL, NULL) || kglx_rule_at(c, KGL_R_VOTE, i, NULL, NULL);
}

/* ---------------------------------------------------------------- driver */
kgl_result *kgl_extract(const kgl_lex *lx, const char *raw, size_t len)
{
    kgl_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->doc = kgl_doc_parse(lx, raw, len);
    if (!r->doc) {
        free(r);
        return NULL;
    }
    ctx cx = {0}, *c = &cx;
    c->lx = lx;
    c->r = r;
    c->d = r->doc;
    c->last_speaker = c->last_person = c->prev_subj = -1;
    c->turn = c->doc_turn = c->last_event = c->officials_org = c->stmt_src = -1;
    c->lemma = calloc(c->d->ntok + 1, sizeof *c->lemma);
    if (!c->lemma) {
        kgl_result_free(r);
        return NULL;
    }
    index_forms(c);
    c->mid = kgl_xrealloc(NULL, (c->d->ntok + 1) * sizeof *c->mid);
    c->inq = kgl_xrealloc(NULL, (c->d->ntok + 1) * sizeof *c->inq);
    for (int i = 0; i <= c->d->ntok; i++)
        c->mid[i] = c->inq[i] = -1;
    /* quotes per paragraph */
    for (int i = 0; i < c->d->nsent;) {
        int j = i;
        while (j < c->d->nsent && c->d->sent[j].para == c->d->sent[i].para)
            j++;
        kglx_find_quotes(c, c->d->sent[i].t0, c->d->sent[j - 1].t1);
        i = j;
    }
    int cur_section = -1;
    for (int si = 0; si < c->d->nsent; si++) {
        c->s = &c->d->sent[si];
        if (c->s->section != cur_section) {
            /* a new post: speakers do not carry over */
            cur_section = c->s->section;
            c->last_speaker = c->last_person = -1;
            c->turn = c->doc_turn;
            c->last_event = c->officials_org = c->stmt_src = -1;
            c->nlede = 0;
            kglx_clear_short(c); /* (leaked before: fuzz_extract) */
            c->nrole = 0;
        }
        c->date = c->s->section < c->d->nsec ? c->d->sec[c->s->section].date : c->d->date;
        int m0 = c->nm;
        kglx_mentions(c);
        for (int k = m0; k < c->nm; k++)
            if (c->m[k].tb == KGL_T_EVENT) c->last_event = c->m[k].ent;
        /* bind dictionary persons' last names seen as single tokens later */
        for (int k = m0; k < c->nm; k++)
            if (c->m[k].tb == KGL_T_PERSON && c->inq[c->m[k].t0] < 0) {
                /* a person named outside quotes ("Mr. Putin's war" inside a quote is the
                ** speaker's words) */
                if (c->m[k].ent != c->last_speaker) c->person_since = 1;
            }
        kglx_note_sources(c);
        kglx_sentence_modality(c);
        c->mod = c->smod, c->claimant = c->sclaimant;
        kglx_frames(c);
        kglx_list_subject(c);
        kglx_statements(c);
        kglx_note_subject(c);
        for (int k = m0; k < c->nm; k++)
            if (c->m[k].tb == KGL_T_PERSON)
                c->last_person = c->m[k].ent, c->last_person_para = c->s->para;
    }
    kglx_clear_short(c);
    kgl_hidx_free(&c->snidx), kgl_hidx_free(&c->skidx);
    for (int i = 0; i < c->nskel; i++)
        free(c->skel[i]);
    free(c->role_w), free(c->role_e), free(c->role_c);
    for (int i = 0; i <= c->d->ntok; i++)
        free(c->lemma[i]);
    free(c->lemma);
    kgl_hidx_free(&c->formidx);
    free(c->skel), free(c->sn), free(c->sn_ent), free(c->m), free(c->mid), free(c->inq), free(c->q);
    return r;
}

/* ---------------------------------------------------------------- TSV output */
static int fact_cmp_key(const kgl_result *r, const kgl_fact *a, const kgl_fact *b)
{
    int x = strcmp(r->ent[a->subj].name, r->ent[b->subj].name);
    if (x) return x;
    x = strcmp(a->rel, b->rel);
    if (x) return x;
    x = strcmp(r->ent[a->obj].name, r->ent[b->obj].name);
    if (x) return x;
    return (a->s > b->s) - (a->s < b->s);
}

static int fact_cmp(const void *a, const void *b, void *r)
{
    return fact_cmp_key(r, a, b);
}

static void put_field(kgl_buf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        kgl_buf_putc(o, ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch);
    }
}

void kgl_result_tsv(const kgl_result *r, const char *key, kgl_buf *out)
{
    kgl_fact *fs = kgl_xrealloc(NULL, (r->nfact + 1) * sizeof *fs);
    if (r->nfact) memcpy(fs, r->fact, r->nfact * sizeof *fs); /* r->fact is NULL when none */
    qsort_r(fs, r->nfact, sizeof *fs, fact_cmp, (void *)r);   /* no static state: thread-safe */
    for (int i = 0; i < r->nfact; i++) {
        const kgl_fact *f = &fs[i];
        if (i && !fact_cmp_key(r, f, &fs[i - 1])) continue;
        kgl_buf_puts(out, key);
        kgl_buf_putc(out, '\t');
        kgl_buf_puts(out, r->ent[f->subj].name);
        kgl_buf_putc(out, '\t');
        kgl_buf_puts(out, f->rel);
        kgl_buf_putc(out, '\t');
        put_field(out, r->ent[f->obj].name, strlen(r->ent[f->obj].name));
        kgl_buf_putc(out, '\t');
        if (r->doc && f->e > f->s) put_field(out, r->doc->text + f->s, f->e - f->s);
        kgl_buf_putc(out, '\t');
        if (f->date != KG_NODATE) {
            char day[11];
            kg_date_format(f->date, day);
            kgl_buf_puts(out, day);
        }
        kgl_buf_printf(out, "\t%s\t", kgl_modality_name(f->modality));
        if (f->claimant >= 0)
            put_field(out, r->ent[f->claimant].name, strlen(r->ent[f->claimant].name));
        if (getenv("KGL_RULES")) kgl_buf_printf(out, "\t%s", f->rule);
        kgl_buf_putc(out, '\n');
    }
    free(fs);
}
