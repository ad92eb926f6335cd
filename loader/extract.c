/*
** extract.c -- extraction core of the loader (kgl layer): mentions from the
** dictionary and from capitalised names with cue words, short names bound
** to the last full name, typed relation frames from the rules (active,
** passive, nominal, titles and appositions, prepositional located-at),
** and statements (direct quotes and reported speech) with their speaker.
** Works on one document; needs no database.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

typedef struct mention {
    int t0, t1;      /* token range */
    int ent;         /* result entity */
    int adj;         /* demonym ("Iraqi") */
    unsigned tb;     /* type bit */
    unsigned flags;  /* dictionary flags */
} mention;

typedef struct quote {
    int t0, t1;      /* tokens inside the quote marks */
    int open, close; /* token index of the marks */
    int used;        /* already made into a statement */
} quote;

typedef struct ctx {
    const kgl_lex *lx;
    kgl_result *r;
    kgl_doc *d;
    mention *m; int nm, capm;
    int *mid;              /* token -> mention or -1 */
    int *inq;              /* token -> quote index or -1 */
    quote *q; int nq, capq;
    int last_speaker;      /* entity of the last attributed statement */
    int last_person;       /* entity of the last person mention */
    int speaker_para;      /* paragraph of the last attribution */
    int person_since;      /* a person was named since the last attribution */
    int last_person_para;  /* paragraph of last_person */
    /* titles and role nouns seen with a person in this post ("General X",
    ** "X, the foreign minister"): "the general said" resolves to the last
    ** person seen with that word, and to nobody when there is none */
    const char **role_w; int *role_e; int nrole, caprole;
    /* modality of the facts being emitted (KGL_MOD_*) and their claimant:
    ** the sentence's (hearsay markers) unless a frame sets its own */
    int mod, claimant, smod, sclaimant;
    int turn;              /* speaker of the current transcript turn ("MR. X: ..."), -1 none */
    int doc_turn;          /* the speaker a headline names ("Remarks by X"): kept across dated sections */
    int last_event;        /* the last event named in this post ("the Douma attacks"): "denied responsibility" */
    int group[8], ngroup;  /* the last coordinated subjects ("X, Y and Z carried out ..."): "they" */
    const kgl_sent *group_s; /* their sentence */
    /* short names bound to full names in this document */
    char **sn; int *sn_ent; int nsn, capsn;
    kgl_hidx snidx;        /* short name -> index in sn */
    /* skeletons of the result's entities (cue_mentions joins same-skeleton names) */
    char **skel; int nskel, capskel;
    kgl_hidx skidx;        /* (type, skeleton) -> last entity with them */
    const kgl_sent *s;     /* current sentence */
    kgl_hidx formidx;      /* first word of a rule form -> rule * 256 + form (rule_at looks up, not scans) */
    char **lemma;          /* token -> its verb lemma, computed on first use ("" when none) */
    int32_t date;          /* current section date */
} ctx;

static void note_role(ctx *c, int ent, int tok);
static void define_acronym(ctx *c, int t1, int e);
static int is_prep(ctx *c, int i);
static void remember_group(ctx *c, const int *subj, int n);
static int role_antecedent_org(ctx *c, int k);

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
        if (!strcmp(r->ent[i].type, type) && strlen(r->ent[i].name) == n && !memcmp(r->ent[i].name, name, n))
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
    r->fact[r->nfact] = (kgl_fact){subj, obj, kgl_strndup(rel, strlen(rel)), s, e, date, conf,
                                   kgl_strndup(rule, strlen(rule)), KGL_MOD_ASSERTED, -1};
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
        for (int k = 0; k < r->ent[i].nalias; k++) free(r->ent[i].alias[k]);
        free(r->ent[i].alias), free(r->ent[i].type), free(r->ent[i].name);
    }
    for (int i = 0; i < r->nfact; i++) free(r->fact[i].rel), free(r->fact[i].rule);
    free(r->ent), free(r->fact);
    kgl_hidx_free(&r->eidx), kgl_hidx_free(&r->fidx);
    kgl_doc_free(r->doc);
    free(r);
}

/* ---------------------------------------------------------------- token helpers */
#define TOK(i) (c->d->tok[(i)])
#define NORM(i) (c->d->tok[(i)].norm)
static int in_set(ctx *c, const char *set, int i)
{
    return i >= c->s->t0 && i < c->s->t1 && !TOK(i).punct && kgl_lex_in(c->lx, set, NORM(i));
}
static int is_p(ctx *c, int i, const char *p)
{
    return i >= c->s->t0 && i < c->s->t1 && TOK(i).punct && !strcmp(NORM(i), p);
}
static int is_w(ctx *c, int i, const char *w)
{
    return i >= c->s->t0 && i < c->s->t1 && !TOK(i).punct && !strcmp(NORM(i), w);
}
static int is_quote_mark(ctx *c, int i)
{
    if (i < c->s->t0 || i >= c->s->t1 || !TOK(i).punct) return 0;
    const char *p = c->d->text + TOK(i).s;
    size_t n = TOK(i).e - TOK(i).s;
    return (n == 1 && *p == '"') ||
           (n == 3 && (!memcmp(p, "\xE2\x80\x9C", 3) || !memcmp(p, "\xE2\x80\x9D", 3)));
}
/* a quote mark of either kind, single ones included (‘Task Force Iraq’) */
static int is_any_quote(ctx *c, int i)
{
    if (is_quote_mark(c, i)) return 1;
    if (i < c->s->t0 || i >= c->s->t1 || !TOK(i).punct) return 0;
    const char *p = c->d->text + TOK(i).s;
    size_t n = TOK(i).e - TOK(i).s;
    return (n == 1 && *p == '\'') ||
           (n == 3 && (!memcmp(p, "\xE2\x80\x98", 3) || !memcmp(p, "\xE2\x80\x99", 3)));
}
static int is_clause_end(ctx *c, int i)
{
    if (i >= c->s->t1) return 1;
    if (!TOK(i).punct) return 0;
    const char *n = NORM(i);
    return !strcmp(n, ".") || !strcmp(n, ";") || !strcmp(n, ":") || !strcmp(n, "?") || !strcmp(n, "!");
}

static unsigned tbit(const char *type) { return kgl_type_bit(type); }

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
        while (t < c->s->t1 && TOK(t).poss) t++;
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
        c->lemma[i] = kgl_strndup(l && strcmp(l, NORM(i)) ? l : "", l && strcmp(l, NORM(i)) ? strlen(l) : 0);
    }
    return c->lemma[i];
}

/* Is token i the start of a form of any rule of kind k? Sets *rule, *form.
** Longest form wins; among forms of one length that ask for a preposition
** ("stationed+at", "stationed+in"), the one whose preposition comes first in the
** next few words of the clause; then the earlier rule and form. */
static int rule_at(ctx *c, int kind, int i, const kgl_rule **rule, const kgl_form **form)
{
    int j = i; /* form_at steps over a possessive "'s" before a word */
    while (j < c->s->t1 && j >= c->s->t0 && TOK(j).poss) j++;
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
            int lemma = ru->kind != KGL_R_NOUN && ru->kind != KGL_R_APPOS && ru->kind != KGL_R_TITLE &&
                        ru->kind != KGL_R_PASSIVE;
            int n = form_at(c, fo, i, lemma);
            if (!n) continue;
            int score = n * 16;
            if (fo->prep) {
                int k = i + n, d = 0;
                while (k < c->s->t1 && d < 8 && !is_clause_end(c, k) && !is_w(c, k, fo->prep)) k++, d++;
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

static int any_verb_at(ctx *c, int i)
{
    return rule_at(c, KGL_R_VERB, i, NULL, NULL) || rule_at(c, KGL_R_SPEECH, i, NULL, NULL) ||
           rule_at(c, KGL_R_PASSIVE, i, NULL, NULL) || rule_at(c, KGL_R_DENY, i, NULL, NULL) ||
           rule_at(c, KGL_R_VOTE, i, NULL, NULL);
}

/* ---------------------------------------------------------------- mentions */
static void add_mention(ctx *c, int t0, int t1, int ent, int adj, unsigned flags)
{
    if (c->nm == c->capm) {
        c->capm = c->capm ? c->capm * 2 : 256;
        c->m = kgl_xrealloc(c->m, c->capm * sizeof *c->m);
    }
    c->m[c->nm] = (mention){t0, t1, ent, adj, tbit(c->r->ent[ent].type), flags};
    for (int t = t0; t < t1; t++) c->mid[t] = c->nm;
    c->nm++;
    if (!adj) kgl_result_alias(c->r, ent, c->d->text + TOK(t0).s, TOK(t1 - 1).e - TOK(t0).s);
}

static void bind_short(ctx *c, const char *norm, int ent)
{
    uint64_t h = kgl_hash(norm, strlen(norm), 2);
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&c->snidx, h, &pos)) >= 0;)
        if (!strcmp(c->sn[i], norm)) {
            c->sn_ent[i] = ent;
            return;
        }
    if (c->nsn == c->capsn) {
        c->capsn = c->capsn ? c->capsn * 2 : 32;
        c->sn = kgl_xrealloc(c->sn, c->capsn * sizeof *c->sn);
        c->sn_ent = kgl_xrealloc(c->sn_ent, c->capsn * sizeof *c->sn_ent);
    }
    c->sn[c->nsn] = kgl_strndup(norm, strlen(norm));
    c->sn_ent[c->nsn] = ent;
    kgl_hidx_put(&c->snidx, h, c->nsn++);
}

static int find_short(ctx *c, const char *norm)
{
    uint64_t h = kgl_hash(norm, strlen(norm), 2);
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&c->snidx, h, &pos)) >= 0;)
        if (!strcmp(c->sn[i], norm)) return c->sn_ent[i];
    return -1;
}

static void clear_short(ctx *c)
{
    for (int i = 0; i < c->nsn; i++) free(c->sn[i]);
    c->nsn = 0;
    kgl_hidx_clear(&c->snidx);
}

/* The last entity of this type whose name has skeleton sk (non-empty), or -1.
** Skeletons of entities made since the last call are computed first, once. */
static int same_skeleton(ctx *c, const char *type, const char *sk)
{
    for (; c->nskel < c->r->nent; c->nskel++) {
        const kgl_ent *e = &c->r->ent[c->nskel];
        if (c->nskel == c->capskel) {
            c->capskel = c->capskel ? c->capskel * 2 : 64;
            c->skel = kgl_xrealloc(c->skel, c->capskel * sizeof *c->skel);
        }
        c->skel[c->nskel] = NULL;
        if (strcmp(e->type, "person") && strcmp(e->type, "organisation") && strcmp(e->type, "base") &&
            strcmp(e->type, "place"))
            continue; /* cue_mentions makes only these */
        char *k = kgl_skel(e->name, strlen(e->name));
        if (!*k) {
            free(k);
            continue;
        }
        c->skel[c->nskel] = k;
        uint64_t h = kgl_hash(k, strlen(k), kgl_hash(e->type, strlen(e->type), 3));
        size_t pos = KGL_HIDX_START;
        int found = 0;
        for (int i; (i = kgl_hidx_next(&c->skidx, h, &pos)) >= 0;)
            if (!strcmp(c->r->ent[i].type, e->type) && !strcmp(c->skel[i], k)) {
                kgl_hidx_set(&c->skidx, pos, c->nskel);
                found = 1;
                break;
            }
        if (!found) kgl_hidx_put(&c->skidx, h, c->nskel);
    }
    uint64_t h = kgl_hash(sk, strlen(sk), kgl_hash(type, strlen(type), 3));
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&c->skidx, h, &pos)) >= 0;)
        if (!strcmp(c->r->ent[i].type, type) && !strcmp(c->skel[i], sk)) return i;
    return -1;
}

/* Register the last name of a person (and "al X") as a short name. */
static void person_short_names(ctx *c, int t0, int t1, int ent)
{
    if (t1 - t0 < 2) return;
    int last = t1 - 1;
    while (last > t0 && (in_set(c, "suffix", last) || TOK(last).punct)) last--;
    if (last <= t0) return;
    bind_short(c, NORM(last), ent);
    if (last - 1 > t0 && (is_w(c, last - 1, "al") || is_w(c, last - 1, "el"))) {
        char buf[256];
        snprintf(buf, sizeof buf, "al %s", NORM(last));
        bind_short(c, buf, ent);
    }
}

static int case_ok(ctx *c, const kgl_alias *a, int t0, int t1)
{
    if (a->strict == 2) {
        for (int t = t0; t < t1; t++)
            if (!TOK(t).punct && !TOK(t).poss && !TOK(t).upper &&
                !(TOK(t).cap && TOK(t).e - TOK(t).s <= 2))
                return 0;
        /* "U.S." has letters upper; a lone "US"/"IS" must be upper */
        return 1;
    }
    if (a->strict == 1) return TOK(t0).cap;
    return 1;
}

/* A dictionary entry named by norm, as a result entity (and its flags), or -1. */
static int dict_entity(ctx *c, const char *name, unsigned *flags)
{
    char *k = kgl_norm(name, strlen(name));
    int a = kgl_lex_find(c->lx, k);
    free(k);
    if (a < 0 || c->lx->al[a].adj) return -1;
    const kgl_dentry *de = &c->lx->ent[c->lx->al[a].entry];
    if (strcmp(de->type, "organisation")) return -1;
    int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
    c->r->ent[e].dict = c->lx->al[a].entry;
    if (flags) *flags = de->flags;
    return e;
}

/* The demonym of dictionary entry `entry` as a surface form ("Nigerian"), or NULL. */
static const char *demonym_of(ctx *c, int entry, char *buf, size_t len)
{
    for (int i = 0; i < c->lx->nal; i++)
        if (c->lx->al[i].adj && c->lx->al[i].entry == entry && !strchr(c->lx->al[i].norm, ' ')) {
            const char *w = c->lx->al[i].norm;
            snprintf(buf, len, "%c%s", toupper((unsigned char)w[0]), w + 1);
            return buf;
        }
    return NULL;
}

/* A country's name or demonym [t0, t1) before a noun of its institutions names
** them when the dictionary has no entry of its own:
**   forcenoun  "Nigerian troops", "a U.S. Marine"  -> "<Demonym> Armed Forces" (a force)
**   govnoun    "Russian authorities"               -> "Government of <Country>"
**   rebelnoun  "Libyan rebels"                     -> "<Demonym> rebels" (a force)
**   medianoun  "Libyan state television"           -> "<Demonym> state television"
** The dictionary's "<demonym> armed forces", "<country> armed forces" or
** "<demonym> government" wins when it exists. Returns the tokens taken, or 0. */
static int national_body(ctx *c, int t0, int t1, const kgl_alias *al, const kgl_dentry *country)
{
    const kgl_sent *s = c->s;
    char buf[512], dem[128];
    int e = -1, n = 0;
    unsigned flags = 0;
    const char *d = al->adj ? NULL : demonym_of(c, al->entry, dem, sizeof dem);
    if (al->adj) {
        size_t l = TOK(t1 - 1).e - TOK(t0).s;
        if (l >= sizeof dem) return 0;
        snprintf(dem, sizeof dem, "%.*s", (int)l, c->d->text + TOK(t0).s);
        d = dem;
    }
    if (in_set(c, "forcenoun", t1)) {
        n = 1;
        flags = KGL_F_FORCE;
        if (d) snprintf(buf, sizeof buf, "%s armed forces", d), e = dict_entity(c, buf, &flags);
        if (e < 0) snprintf(buf, sizeof buf, "%s armed forces", country->canon), e = dict_entity(c, buf, &flags);
        if (e < 0 && d) {
            snprintf(buf, sizeof buf, "%s Armed Forces", d);
            e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
        }
    } else if (in_set(c, "govnoun", t1)) {
        n = 1;
        if (d) snprintf(buf, sizeof buf, "%s government", d), e = dict_entity(c, buf, &flags);
        if (e < 0) snprintf(buf, sizeof buf, "government of %s", country->canon), e = dict_entity(c, buf, &flags);
        if (e < 0) {
            snprintf(buf, sizeof buf, "Government of %s", country->canon);
            e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
        }
    } else if (d && is_w(c, t1, "air") && is_w(c, t1 + 1, "force")) {
        /* "the Nigerian Air Force": the service, a force of its own */
        n = 2;
        flags = KGL_F_FORCE;
        snprintf(buf, sizeof buf, "%s air force", d);
        e = dict_entity(c, buf, &flags);
        if (e < 0) snprintf(buf, sizeof buf, "%s Air Force", d), e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    } else if (d && is_w(c, t1, "navy")) {
        n = 1;
        flags = KGL_F_FORCE;
        snprintf(buf, sizeof buf, "%s navy", d);
        e = dict_entity(c, buf, &flags);
        if (e < 0) snprintf(buf, sizeof buf, "%s Navy", d), e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    } else if (in_set(c, "vehiclenoun", t1) || ((in_set(c, "weapon", t1) || in_set(c, "skipadj", t1)) &&
                                                (in_set(c, "vehiclenoun", t1 + 1) ||
                                                 (in_set(c, "weapon", t1 + 1) && in_set(c, "vehiclenoun", t1 + 2))))) {
        /* "Israeli warplanes", "US jets", "an Iranian ballistic missile": the country acts */
        while (!in_set(c, "vehiclenoun", t1 + n)) n++;
        n++;
        e = kgl_result_entity(c->r, country->type, country->canon, strlen(country->canon));
        c->r->ent[e].dict = al->entry;
        flags = country->flags;
    } else if (d && al->adj && in_set(c, "rebelnoun", t1)) {
        n = 1;
        flags = KGL_F_FORCE;
        snprintf(buf, sizeof buf, "%s %s", d, NORM(t1));
        e = dict_entity(c, buf, &flags);
        if (e < 0) e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    } else if (d && al->adj && is_w(c, t1, "state") && t1 + 1 < s->t1 && in_set(c, "medianoun", t1 + 1)) {
        n = 2;
        snprintf(buf, sizeof buf, "%s state %s", d, NORM(t1 + 1));
        e = dict_entity(c, buf, &flags);
        if (e < 0) e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    }
    if (e < 0) return 0;
    add_mention(c, t0, t1 + n, e, 0, flags);
    return n;
}

static void dict_mentions(ctx *c)
{
    const kgl_sent *s = c->s;
    char buf[1024];
    for (int i = s->t0; i < s->t1;) {
        if (TOK(i).punct || TOK(i).poss) {
            i++;
            continue;
        }
        int done = 0;
        int maxl = c->lx->maxtok;
        /* collect up to maxl word tokens (possessive joins its word) */
        int idx[64], n = 0;
        for (int t = i; t < s->t1 && n < maxl && n < 64; t++) {
            if (TOK(t).poss) continue;
            if (TOK(t).punct) break;
            idx[n++] = t;
        }
        for (int l = n; l >= 1 && !done; l--) {
            size_t bl = 0;
            buf[0] = 0;
            for (int k = 0; k < l; k++) {
                int t = idx[k];
                if (k) buf[bl++] = ' ';
                size_t nl = strlen(NORM(t));
                if (bl + nl + 4 >= sizeof buf) break;
                memcpy(buf + bl, NORM(t), nl);
                bl += nl;
                if (k < l - 1 && t + 1 < s->t1 && TOK(t + 1).poss) buf[bl++] = 's';
                buf[bl] = 0;
            }
            int a = kgl_lex_find(c->lx, buf);
            if (a < 0) continue;
            int t1 = idx[l - 1] + 1;
            /* pick the first alias entry that passes the case check, non-adjective first */
            int pick = -1;
            for (int pass = 0; pass < 2 && pick < 0; pass++)
                for (int k = a; k < c->lx->nal && !strcmp(c->lx->al[k].norm, buf); k++)
                    if (c->lx->al[k].adj == pass && case_ok(c, &c->lx->al[k], i, t1)) {
                        pick = k;
                        break;
                    }
            if (pick < 0) continue;
            const kgl_alias *al = &c->lx->al[pick];
            const kgl_dentry *de = &c->lx->ent[al->entry];
            /* a generated place name inside a person's name ("Mr. Sabah Noori", "Georgia
            ** Smith"): after a title or before another capitalised word, the name wins */
            if ((de->flags & KGL_F_WEAK) && !strcmp(de->type, "place") && !al->adj &&
                ((i > s->t0 && (in_set(c, "honorific", i - 1) || in_set(c, "personnoun", i - 1))) ||
                 (t1 < s->t1 && TOK(t1).cap && !TOK(t1).punct && !in_set(c, "placesuffix", t1) && c->mid[t1] < 0) ||
                 in_set(c, "firstname", i)))
                continue;
            if (al->adj && !strcmp(de->type, "organisation") && t1 < s->t1 &&
                (in_set(c, "rebelnoun", t1) || in_set(c, "forcenoun", t1) || in_set(c, "membernoun2", t1) ||
                 in_set(c, "groupnoun", t1))) {
                /* "Houthi rebels", "Houthi fighters": the organisation itself */
                int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
                c->r->ent[e].dict = al->entry;
                add_mention(c, i, t1 + 1, e, 0, de->flags);
                i = t1 + 1;
                done = 1;
                break;
            }
            if (!strcmp(de->type, "country") && t1 < s->t1 && !TOK(t1 - 1).poss) {
                int taken = national_body(c, i, t1, al, de);
                if (taken) {
                    i = t1 + taken;
                    done = 1;
                    break;
                }
            }
            int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
            c->r->ent[e].dict = al->entry;
            add_mention(c, i, t1, e, al->adj, de->flags);
            if (!al->adj) define_acronym(c, t1, e);
            if (!strcmp(de->type, "person")) {
                person_short_names(c, i, t1, e);
                /* titles before a known name ("Iraqi Foreign Minister X"): "the minister said" later */
                for (int k = i - 1; k >= s->t0 && k >= i - 4; k--) {
                    if (in_set(c, "honorific", k) || in_set(c, "personnoun", k) || in_set(c, "rolenoun", k)) note_role(c, e, k);
                    else if (!(TOK(k).cap || in_set(c, "service", k)) || TOK(k).punct) break;
                }
            }
            i = t1;
            done = 1;
        }
        if (!done) i++;
    }
}

/* Title case of a name written in capitals: "MARK T. ESPER" -> "Mark T. Esper",
** "THOMAS-GREENFIELD" -> "Thomas-Greenfield" (ASCII letters; others kept). */
static size_t title_case(const char *x, size_t n, char *buf, size_t len)
{
    size_t bl = 0;
    for (size_t q = 0; q < n && bl + 2 < len; q++) {
        unsigned char ch = (unsigned char)x[q];
        int first = q == 0 || !isalpha((unsigned char)x[q - 1]);
        buf[bl++] = (char)(first ? ch : tolower(ch));
    }
    buf[bl] = 0;
    return bl;
}

/* The words from t are an indefinite or definite description whose head noun
** (after modifiers, within five words) is in set `set`: "a U.S. military outpost". */
static int appos_noun(ctx *c, int t, const char *set)
{
    if (!in_set(c, "det", t)) return 0;
    for (int k = t + 1; k < c->s->t1 && k < t + 6; k++) {
        if (in_set(c, set, k)) return 1;
        if (TOK(k).punct && !TOK(k).glued) return 0;
        if (is_prep(c, k) || any_verb_at(c, k)) return 0;
    }
    return 0;
}

/* A common English word (a WordNet noun, verb or frequent closed-class word):
** such a word alone names nothing ("in Congress", "near Border"). */
static int common_word(ctx *c, int t)
{
    const char *w = NORM(t);
    return kgl_is_lemma(w, KGL_POS_NOUN) || kgl_is_lemma(w, KGL_POS_VERB) || in_set(c, "det", t) || is_prep(c, t) ||
           in_set(c, "conj", t) || in_set(c, "adverb", t) || in_set(c, "relword", t) || in_set(c, "pronoun", t) ||
           in_set(c, "direction", t);
}

/* Token t follows a locative preposition ("in", "near", "outside", "from") or
** "the town / city / village / province of". */
static int after_locative(ctx *c, int t)
{
    int p = t - 1;
    while (p > c->s->t0 && (in_set(c, "direction", p) || is_w(c, p, "the") || is_w(c, p, "nearby"))) p--;
    if (p < c->s->t0) return 0;
    if (in_set(c, "locprep", p)) return 1;
    return is_w(c, p, "of") && p - 1 >= c->s->t0 && in_set(c, "placenoun", p - 1);
}

/* The run at t follows "fighters / gunmen / members of [the]": an organisation. */
static int of_members(ctx *c, int t)
{
    int p = t - 1;
    if (p >= c->s->t0 && is_w(c, p, "the")) p--;
    return p - 1 >= c->s->t0 && is_w(c, p, "of") && in_set(c, "membernoun2", p - 1);
}

/* A run of names: every token capitalised, not all capitals, and no common
** English word among them ("Ibrahim Toure"; not "Foreign Ministry"). */
static int proper_run(ctx *c, int r0, int r1)
{
    for (int k = r0; k < r1; k++) {
        if (TOK(k).punct || !TOK(k).cap || TOK(k).upper || TOK(k).e - TOK(k).s < 2) return 0;
        /* verbs may be names ("Rustam Beg", "Amir Said"); common nouns are not */
        if (kgl_is_lemma(NORM(k), KGL_POS_NOUN) || in_set(c, "det", k) || is_prep(c, k) || in_set(c, "conj", k) ||
            in_set(c, "adverb", k) || in_set(c, "relword", k) || in_set(c, "pronoun", k) || in_set(c, "direction", k) ||
            in_set(c, "month", k) || in_set(c, "timeword", k) || in_set(c, "honorific", k) ||
            in_set(c, "orgsuffix", k) || in_set(c, "placesuffix", k) || in_set(c, "basesuffix", k))
            return 0;
    }
    return 1;
}

/* Most word tokens of the sentence are in capitals (a headline, a transcript label). */
static int upper_sentence(ctx *c)
{
    int w = 0, u = 0;
    for (int k = c->s->t0; k < c->s->t1; k++)
        if (!TOK(k).punct) w++, u += TOK(k).upper;
    return w && u * 2 > w;
}

/* A roman numeral token ("II", "XIV"): not an acronym. */
static int roman(ctx *c, int t)
{
    for (uint32_t k = TOK(t).s; k < TOK(t).e; k++)
        if (!strchr("IVXLC", c->d->text[k])) return 0;
    return 1;
}

/* "Islamic State West Africa Province (ISWAP)": the acronym in brackets right
** after the mention [.., t1) of entity e names it in the rest of the post. */
static void define_acronym(ctx *c, int t1, int e)
{
    if (!(is_p(c, t1, "(") && t1 + 2 < c->s->t1 && is_p(c, t1 + 2, ")") && TOK(t1 + 1).upper)) return;
    if (c->mid[t1 + 1] >= 0) return;
    bind_short(c, NORM(t1 + 1), e);
    add_mention(c, t1 + 1, t1 + 2, e, 0, 0);
}

/* Names the dictionary lacks: capitalised runs with cue words. */
static void cue_mentions(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1;) {
        if (c->mid[i] >= 0 || TOK(i).punct || TOK(i).poss) {
            i++;
            continue;
        }
        int starts = TOK(i).cap || ((is_w(c, i, "al") || is_w(c, i, "el")) && i + 1 < s->t1 && TOK(i + 1).glued &&
                                    TOK(i + 1).cap);
        if (!starts) {
            i++;
            continue;
        }
        int j = i;
        while (j < s->t1 && c->mid[j] < 0 && !TOK(j).punct && !TOK(j).poss) {
            if (TOK(j).cap || isdigit((unsigned char)c->d->text[TOK(j).s])) j++;
            else if ((is_w(c, j, "al") || is_w(c, j, "el") || is_w(c, j, "bin") || is_w(c, j, "ibn") ||
                      is_w(c, j, "of") || is_w(c, j, "for") || is_w(c, j, "a")) &&
                     j + 1 < s->t1 && TOK(j + 1).cap && c->mid[j + 1] < 0)
                j++;
            else
                break;
        }
        if (j == i) { /* "al" before a name already matched: no run, and no progress */
            i++;
            continue;
        }
        /* "Bashur base", "Harir airbase": a lower-case base word after the name is part of it */
        if (j < s->t1 && c->mid[j] < 0 && !TOK(j).cap && in_set(c, "basesuffix", j) && j > i && TOK(j - 1).cap) j++;
        /* a middle initial "A." is part of the run: handled (cap token) */
        int r0 = i, r1 = j;
        while (r0 < r1 - 1 && in_set(c, "det", r0)) r0++; /* "The Varn Brigade" at a sentence start */
        /* leading titles are cues, not part of the name: ranks with their service
        ** ("Army Lt. Gen. X", "Air Force Colonel X"), honorifics, role nouns
        ** ("Ambassador X", "Spokesman Mr. X") */
        int titled = 0;
        for (;;) {
            int k = r0;
            while (k < r1 && in_set(c, "service", k)) k++;
            if (k < r1 && (in_set(c, "honorific", k) || in_set(c, "personnoun", k))) {
                r0 = k + 1, titled = 1;
                continue;
            }
            break;
        }
        /* "Secretary of Defense Mark T. Esper": a title with its one-word office */
        if (titled && r0 + 3 < r1 && (is_w(c, r0, "of") || is_w(c, r0, "for")) && TOK(r0 + 1).cap &&
            TOK(r0 + 2).cap && TOK(r0 + 3).cap)
            r0 += 2;
        /* "Kurdish General X", "Iraqi army spokesman X": a title inside the run */
        for (int k = r1 - 2; k > r0; k--)
            if ((in_set(c, "honorific", k) || in_set(c, "personnoun", k)) && TOK(k + 1).cap) {
                int all = 1; /* only when what precedes is a modifier, not a name of two words */
                for (int q = r0; q < k; q++) all &= in_set(c, "service", q) || in_set(c, "honorific", q) ||
                                                    in_set(c, "personnoun", q) || (c->mid[q] >= 0) || q == r0;
                if (!all) break;
                r0 = k + 1, titled = 1;
                break;
            }
        if (titled && r0 < r1 && !TOK(r0).cap) { /* "Secretary of State": a title, not a name */
            i = j;
            continue;
        }
        int before_cue = i > s->t0 && (in_set(c, "personnoun", i - 1) || in_set(c, "honorific", i - 1) ||
                                       /* "Libya's foreign minister, X" */
                                       (is_p(c, i - 1, ",") && (in_set(c, "personnoun", i - 2) || in_set(c, "rolenoun", i - 2))));
        /* "X, the ROLE ...": an apposition with a role noun names a person */
        int namelike = j - i >= 2 || i > s->t0; /* "Moreover, the spokesman said", "On Sunday, the ..." */
        for (int k = i; k < j && namelike; k++)
            namelike = !(is_prep(c, k) || in_set(c, "timeword", k) || in_set(c, "month", k) || in_set(c, "adverb", k) ||
                         in_set(c, "conj", k) || in_set(c, "det", k) || in_set(c, "relword", k));
        if (!before_cue && namelike && is_p(c, j, ",")) {
            int k = j + 1;
            while (k < s->t1 && k < j + 6 && !in_set(c, "personnoun", k) && !in_set(c, "rolenoun", k) &&
                   (in_set(c, "det", k) || in_set(c, "skipadj", k) || TOK(k).poss || (c->mid[k] >= 0 && c->m[c->mid[k]].adj) ||
                    TOK(k).cap || (!TOK(k).punct && !any_verb_at(c, k) && !is_prep(c, k))))
                k++;
            before_cue = k < s->t1 && k > j + 1 && (in_set(c, "personnoun", k) || in_set(c, "rolenoun", k)) &&
                         !in_set(c, "membernoun", k) && !is_w(c, k, "statement") && !is_w(c, k, "officials");
        }
        if (r0 >= r1) {
            i = j;
            continue;
        }
        /* trailing "of" etc. never end a name */
        while (r1 > r0 && TOK(r1 - 1).cap == 0 && !isdigit((unsigned char)c->d->text[TOK(r1 - 1).s]) &&
               !(r1 - 1 > r0 && in_set(c, "basesuffix", r1 - 1)))
            r1--;
        int n = r1 - r0;
        const char *type = NULL;
        int ofrun = 0; /* "Ministry of Defense", "Council for X" */
        for (int k = r0 + 1; k < r1 - 1; k++) ofrun |= is_w(c, k, "of") || is_w(c, k, "for");
        int digits = 0; /* "Resolution 2334", not "Resolution Calling for ..." */
        for (int k = r0; k < r1; k++) digits |= isdigit((unsigned char)c->d->text[TOK(k).s]);
        if (n >= 2 && ((in_set(c, "eventhead", r0) && (digits || !is_w(c, r0, "resolution"))) ||
                       in_set(c, "eventsuffix", r1 - 1)))
            type = "event";
        else if (n >= 1 && in_set(c, "orgsuffix", r1 - 1) && n >= 2) type = "organisation";
        else if (n >= 2 && (in_set(c, "orghead", r0) || (ofrun && in_set(c, "orgsuffix", r0)))) type = "organisation";
        else if (n >= 2 && (is_w(c, r0, "camp") || in_set(c, "basesuffix", r1 - 1))) type = "base";
        else if (n >= 2 && in_set(c, "placesuffix", r1 - 1)) type = "place";
        else if (titled || before_cue) type = "person";
        else if (n >= 2 && of_members(c, i)) type = "organisation"; /* "gunmen of the Crescent Vanguard" */
        else if (n >= 2 && n <= 4 && r0 > s->t0 && is_w(c, r0 - 1, "the") && r1 < s->t1 && any_verb_at(c, r1))
            type = "organisation"; /* "the Crescent Vanguard killed", "the Karsh Valley Group said" */
        else if (n >= 2 && n <= 4 && r0 > s->t0 && is_w(c, r0 - 1, "the") && r1 < s->t1 && TOK(r1).poss)
            type = "organisation"; /* "the Crescent Vanguard's killing of X" */
        else if (is_p(c, j, ",") && appos_noun(c, j + 1, "basenoun")) type = "base"; /* "Tower 22, a U.S. outpost" */
        else if (in_set(c, "firstname", r0) && n >= 2) type = "person";
        else if (n >= 2 && n <= 4 && r1 < s->t1 && rule_at(c, KGL_R_SPEECH, r1, NULL, NULL)) type = "person";
        else if (after_locative(c, r0) && !common_word(c, r1 - 1) && !in_set(c, "month", r1 - 1) &&
                 !in_set(c, "timeword", r1 - 1))
            type = "place"; /* "near Tillia", "the town of Dorvan", "in Tal Afar" */
        else if (n >= 2 && n <= 3 && proper_run(c, r0, r1) && !(r0 == s->t0 && n == 2 && common_word(c, r0)))
            type = "person"; /* "Ibrahim Toure", "Juan Carlos Benitez": no English word, no other cue */
        if (!type) { /* "the Bucha massacre", "Tower 22 drone attack": an event named by a name and what happened */
            int k = r1;
            while (k < s->t1 && k < r1 + 3 && c->mid[k] < 0 && !TOK(k).cap && in_set(c, "weapon", k)) k++;
            if (k < s->t1 && c->mid[k] < 0 && !TOK(k).cap && in_set(c, "eventword", k) &&
                !(r0 == s->t0 && n == 1 && common_word(c, r0))) {
                int e = kgl_result_entity(c->r, "event", c->d->text + TOK(r0).s, TOK(k).e - TOK(r0).s);
                add_mention(c, r0, k + 1, e, 0, 0);
                c->last_event = e;
                i = k + 1;
                continue;
            }
        }
        if (type && n == 1 && !strcmp(type, "place")) {
            int e = find_short(c, NORM(r0));
            if (e < 0) e = kgl_result_entity(c->r, "place", c->d->text + TOK(r0).s, TOK(r0).e - TOK(r0).s);
            add_mention(c, r0, r1, e, 0, 0);
            i = j;
            continue;
        }
        if (!type && n == 1) {
            int e = find_short(c, NORM(r0));
            if (e < 0 && r0 + 1 < r1) e = -1;
            /* an acronym the dictionary and the text do not define ("VOA", "CJTF"):
            ** an organisation, unless the sentence is in capitals (a headline, a label) */
            size_t al = TOK(r0).e - TOK(r0).s;
            if (e < 0 && TOK(r0).upper && al >= 2 && al <= 6 && !upper_sentence(c) && !roman(c, r0) &&
                !common_word(c, r0) && !in_set(c, "negation", r0) && !in_set(c, "modal", r0)) { /* not "NOT", "WAR" */
                e = kgl_result_entity(c->r, "organisation", c->d->text + TOK(r0).s, al);
                bind_short(c, NORM(r0), e);
            }
            if (e >= 0) {
                add_mention(c, r0, r0 + 1, e, 0, 0);
                if (!strcmp(c->r->ent[e].type, "person")) c->last_person = e, c->last_person_para = c->s->para;
            }
            i = j;
            continue;
        }
        /* "al-X" short name */
        if (!type && n == 2 && (is_w(c, r0, "al") || is_w(c, r0, "el"))) {
            char buf[256];
            snprintf(buf, sizeof buf, "al %s", NORM(r0 + 1));
            int e = find_short(c, buf);
            if (e >= 0) add_mention(c, r0, r1, e, 0, 0);
            i = j;
            continue;
        }
        if (!type || (n == 1 && strcmp(type, "person"))) {
            i = j;
            continue;
        }
        if (!strcmp(type, "person") && n == 1) {
            /* a bare surname after a title: bind to a known full name if any */
            int e = find_short(c, NORM(r0));
            if (e >= 0) {
                add_mention(c, r0, r1, e, 0, 0);
                i = j;
                continue;
            }
        }
        if (!strcmp(type, "person") && n > 4) {
            i = j;
            continue;
        }
        const char *ns = c->d->text + TOK(r0).s;
        size_t nl = TOK(r1 - 1).e - TOK(r0).s;
        char tc[256];
        int caps = 1;
        for (size_t q = 0; q < nl && caps; q++) caps = !islower((unsigned char)ns[q]);
        if (caps && n >= 2 && !strcmp(type, "person") && nl < sizeof tc) /* "MR. JOHN KIRBY:" */
            nl = title_case(ns, nl, tc, sizeof tc), ns = tc;
        /* same skeleton and type as an entity already seen in this document: same entity */
        char *sk = kgl_skel(ns, nl);
        int e = *sk ? same_skeleton(c, type, sk) : -1;
        free(sk);
        if (e < 0) e = kgl_result_entity(c->r, type, ns, nl);
        add_mention(c, r0, r1, e, 0, 0);
        define_acronym(c, r1, e);
        if (!strcmp(type, "person")) {
            person_short_names(c, r0, r1, e);
            for (int k = i; k < r0; k++)
                if (in_set(c, "honorific", k) || in_set(c, "personnoun", k)) note_role(c, e, k);
            if (before_cue && i > s->t0 && in_set(c, "personnoun", i - 1)) note_role(c, e, i - 1);
            if (before_cue && is_p(c, i - 1, ",") && i - 2 >= s->t0) note_role(c, e, i - 2);
        }
        i = j;
    }
}

/* "the coalition", "coalition forces": a common noun naming an organisation named
** before in this post whose name holds it (the global coalition ... the coalition). */
static void anaphor_mentions(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1; i++) {
        if (c->mid[i] >= 0 || TOK(i).cap || !in_set(c, "anaphornoun", i)) continue;
        int force = i + 1 < s->t1 && in_set(c, "forcenoun", i + 1) && c->mid[i + 1] < 0;
        if (!force && !is_w(c, i - 1, "the")) continue;
        int e = role_antecedent_org(c, i);
        if (e < 0) continue;
        add_mention(c, i, i + 1 + force, e, 0, c->r->ent[e].dict >= 0 ? c->lx->ent[c->r->ent[e].dict].flags : 0);
    }
}

/* Events named by a place and what happened there: "the Douma attacks", "the
** Bucha massacre", "the Tower 22 drone attack" (a place or base, weapon words, an
** attack noun). The event replaces the place in the mention map. */
static void event_mentions(ctx *c, int m0)
{
    const kgl_sent *s = c->s;
    int nm = c->nm;
    for (int mi = m0; mi < nm; mi++) {
        const mention *m = &c->m[mi];
        if (!(m->tb & (KGL_T_PLACE | KGL_T_BASE)) || m->adj) continue;
        int k = m->t1;
        while (k < s->t1 && k < m->t1 + 3 && !TOK(k).cap && c->mid[k] < 0 && (in_set(c, "weapon", k) || in_set(c, "skipadj", k)))
            k++;
        if (k >= s->t1 || TOK(k).cap || c->mid[k] >= 0 || !in_set(c, "eventword", k)) continue;
        int t0 = m->t0;
        if (t0 > s->t0 && TOK(t0 - 1).cap && !TOK(t0 - 1).punct && c->mid[t0 - 1] < 0 && isdigit((unsigned char)c->d->text[TOK(t0 - 1).s]))
            t0--; /* "the 2018 Douma attack" */
        const char *x = c->d->text + TOK(t0).s;
        int e = kgl_result_entity(c->r, "event", x, TOK(k).e - TOK(t0).s);
        add_mention(c, t0, k + 1, e, 0, 0);
        c->last_event = e;
    }
}

/* ---------------------------------------------------------------- argument finding */
static int is_prep(ctx *c, int i)
{
    return in_set(c, "prep", i);
}

/* Token t is the past tense or participle of a verb by WordNet ("wounded",
** "began", "left"), and no noun of its own spelling. */
static int past_verb(ctx *c, int t)
{
    const char *w = NORM(t);
    char buf[KGL_LEMMA_MAX];
    const char *l = kgl_lemma(w, KGL_POS_VERB, buf, sizeof buf);
    if (!l || !strcmp(l, w)) return 0;
    size_t n = strlen(w);
    if ((n > 3 && !strcmp(w + n - 3, "ing")) || w[n - 1] == 's') return 0; /* "regarding", "reports": not past */
    char nb[KGL_LEMMA_MAX]; /* irregular pasts that are no nouns: began, left, fought */
    return (n > 2 && !strcmp(w + n - 2, "ed")) || !kgl_lemma(w, KGL_POS_NOUN, nb, sizeof nb);
}

/* Is mention m only a modifier of a following noun ("US airbase", "PMU head")? */
static int is_modifier(ctx *c, const mention *m)
{
    int t = m->t1;
    if (m->adj) return 1;
    if (t >= c->s->t1) return 0;
    if (TOK(t).poss || TOK(t).glued) return 1;                      /* "Iran's", "US-based" */
    if (in_set(c, "honorific", t) || in_set(c, "service", t)) return 1; /* "U.S. Army Gen. X" */
    if (c->mid[t] >= 0) return 1;
    if (TOK(t).punct || TOK(t).cap) return 0;
    if (in_set(c, "groupnoun", t) || is_prep(c, t) || in_set(c, "conj", t) || in_set(c, "be", t) ||
        in_set(c, "negation", t) || in_set(c, "modal", t) || in_set(c, "relword", t))
        return 0;
    if (any_verb_at(c, t)) return 0;
    if (past_verb(c, t)) return 0; /* "Qamishli wounded four": a verb, not "Qamishli <noun>" */
    if (in_set(c, "timeword", t) || ((is_w(c, t, "last") || is_w(c, t, "next") || is_w(c, t, "this") || is_w(c, t, "early") ||
                                      is_w(c, t, "late")) && (in_set(c, "timeword", t + 1) || in_set(c, "month", t + 1))))
        return 0; /* "killed X last spring", "met X this week" */
    /* lower-case word: a noun after the name (US airbase, PMU head) */
    return 1;
}

/* Mention whose tokens start right after skipping determiners/adjectives from t. */
static int object_from(ctx *c, int t, int window, unsigned types, int allow_mod)
{
    int stop_prep = allow_mod == 2, noun = 0;
    if (allow_mod == 2) allow_mod = 0;
    for (int k = t; k < c->s->t1 && k < t + window; k++) {
        if (stop_prep && noun && is_prep(c, k) && !is_w(c, k, "of")) return -1;
        if (c->mid[k] < 0 && !TOK(k).punct && !TOK(k).cap && !in_set(c, "det", k) && !in_set(c, "skipadj", k) &&
            !isdigit((unsigned char)c->d->text[TOK(k).s]))
            noun = 1;
        if (is_clause_end(c, k)) return -1;
        if (c->inq[k] >= 0 && c->inq[t] < 0) return -1;
        int mi = c->mid[k];
        if (mi >= 0) {
            mention *m = &c->m[mi];
            int possessor = m->t1 < c->s->t1 && TOK(m->t1).poss;
            if ((m->flags & KGL_F_FORCE) && is_w(c, m->t1, "of") && (types & KGL_T_ORG)) {
                /* "the security forces of al-Hashd": the organisation named after "of" */
                int q = m->t1 + 1;
                if (is_w(c, q, "the")) q++;
                if (q < c->s->t1 && c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_ORG && !c->m[c->mid[q]].adj) return c->mid[q];
            }
            int target = (types & KGL_T_ORG) && (m->tb & (KGL_T_ORG | KGL_T_COUNTRY)) && (!m->adj || m->tb == KGL_T_ORG) &&
                         m->t1 < c->s->t1 &&
                         ((TOK(m->t1).glued && in_set(c, "heldword", m->t1)) ||
                          (in_set(c, "targetnoun", m->t1) && /* not "Hamas commander Saleh al-Arouri": a title */
                           !(m->t1 + 1 < c->s->t1 && c->mid[m->t1 + 1] >= 0 && c->m[c->mid[m->t1 + 1]].tb == KGL_T_PERSON)));
            if ((m->tb & types) && !possessor && (!m->adj || target) && (allow_mod || target || !is_modifier(c, m))) return mi;
            k = m->t1 - 1;
            continue;
        }
        if (TOK(k).punct && strcmp(NORM(k), ",") && strcmp(NORM(k), "(") && strcmp(NORM(k), ")")) {
            if (!is_any_quote(c, k)) return -1;
        }
        if (k > t && (in_set(c, "relword", k) || rule_at(c, KGL_R_VERB, k, NULL, NULL) ||
                      rule_at(c, KGL_R_SPEECH, k, NULL, NULL)))
            return -1;
    }
    return -1;
}

/* Coordinated mentions after mention mi: ", Y and Z". */
static int coordinated(ctx *c, int mi, unsigned types, int *out, int cap)
{
    int n = 0;
    int t = c->m[mi].t1;
    while (n < cap && t < c->s->t1) {
        if (!(is_p(c, t, ",") || is_w(c, t, "and"))) break;
        int k = t + 1;
        if (is_w(c, k, "and")) k++;
        int lim = k + 9, found = -1;
        for (; k < c->s->t1 && k < lim; k++) {
            if (c->mid[k] >= 0) {
                mention *m = &c->m[c->mid[k]];
                int poss = m->t1 < c->s->t1 && TOK(m->t1).poss;
                if ((m->tb & types) && !m->adj && !poss && (!is_modifier(c, m) || m->tb == KGL_T_PERSON)) {
                    found = c->mid[k];
                    break;
                }
                k = m->t1 - 1;
                continue;
            }
            if (is_clause_end(c, k) || is_p(c, k, ",") || in_set(c, "relword", k) || any_verb_at(c, k)) break;
            if (TOK(k).punct) break;
        }
        if (found < 0) break;
        out[n++] = found;
        t = c->m[found].t1;
    }
    return n;
}

/* Resolve a pronoun or a role noun phrase ending at token i to a person. */
static int resolve_pronoun(ctx *c, int i)
{
    /* a person earlier in this sentence */
    for (int k = i - 1; k >= c->s->t0; k--)
        if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_PERSON) return c->m[c->mid[k]].ent;
    /* else the last speaker of the last two paragraphs (news gives each sentence of a
    ** speaker its own paragraph), or the last person named in this paragraph; no further
    ** (no guessing) */
    if (c->last_speaker >= 0 && !strcmp(c->r->ent[c->last_speaker].type, "person") &&
        c->s->para - c->speaker_para <= 2)
        return c->last_speaker;
    return c->last_person_para == c->s->para ? c->last_person : -1;
}

static void note_role(ctx *c, int ent, int tok)
{
    if (c->nrole == c->caprole) {
        c->caprole = c->caprole ? c->caprole * 2 : 32;
        c->role_w = kgl_xrealloc(c->role_w, c->caprole * sizeof *c->role_w);
        c->role_e = kgl_xrealloc(c->role_e, c->caprole * sizeof *c->role_e);
    }
    c->role_w[c->nrole] = NORM(tok);
    c->role_e[c->nrole++] = ent;
}

/* Does the space-separated text hold the word w as a whole word? */
static int has_word(const char *text, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = text; (p = strstr(p, w)) != NULL; p += wl)
        if ((p == text || p[-1] == ' ') && (p[wl] == 0 || p[wl] == ' ')) return 1;
    return 0;
}

/* An organisation of this post, named before token k, whose name holds the word at k. */
static int role_antecedent_org(ctx *c, int k)
{
    for (int i = c->nm - 1; i >= 0; i--) {
        const mention *m = &c->m[i];
        if (m->tb != KGL_T_ORG || m->adj || m->t0 >= k) continue;
        char *nm = kgl_norm(c->r->ent[m->ent].name, strlen(c->r->ent[m->ent].name));
        int hit = has_word(nm, NORM(k));
        free(nm);
        if (hit) return m->ent;
    }
    return -1;
}

/* The antecedent of a role noun at token k ("the general", "the foreign
** minister", "the ministry"): a person seen with that title in this post, or an
** organisation of this post whose name holds the word; -1 when there is none
** (no guessing). */
static int role_antecedent(ctx *c, int k, unsigned types)
{
    const char *w = NORM(k);
    if (types & KGL_T_PERSON)
        for (int i = c->nrole - 1; i >= 0; i--)
            if (!strcmp(c->role_w[i], w)) return c->role_e[i];
    if (types & KGL_T_PERSON) /* a dated dictionary role: "the prime minister" */
        for (int i = c->nm - 1; i >= 0 && i >= c->nm - 200; i--) {
            const mention *m = &c->m[i];
            int de = m->tb == KGL_T_PERSON ? c->r->ent[m->ent].dict : -1;
            if (de < 0 || m->t0 >= k) continue;
            for (int r = 0; r < c->lx->nroles; r++)
                if (c->lx->roles[r].person == de && has_word(c->lx->roles[r].title, w)) return m->ent;
        }
    if (types & KGL_T_ORG) {
        int e = role_antecedent_org(c, k);
        if (e >= 0) return e;
    }
    /* no antecedent named with the word: the last speaker of a compatible type in
    ** this or the previous paragraph ("the top diplomat said", "the statement said") */
    if (c->last_speaker >= 0 && c->s->para - c->speaker_para <= 2) {
        unsigned tb = tbit(c->r->ent[c->last_speaker].type);
        int orgword = in_set(c, "orgnoun", k), personword = in_set(c, "personnoun", k) || in_set(c, "rolenoun", k);
        if (is_w(c, k, "statement") || (orgword && tb != KGL_T_PERSON) || (personword && !orgword && tb == KGL_T_PERSON))
            if (tb & types) return c->last_speaker;
    }
    return -1;
}

/* Subject of the verb at token v: the nearest actor mention to the left that is
** not the object of a preposition; pronouns and role nouns resolve to people. */
static int subject_of(ctx *c, int v, unsigned types, int *out, int cap);

/* A verb coordinated with an earlier one ("X met Y and stressed ...") has the
** subject of the first verb: the first actor of the clause that is not the
** object of a preposition or a possessor. Returns -1 when v is not such a verb. */
static int shared_subject(ctx *c, int v, unsigned types, int *out, int cap)
{
    int a = v - 1;
    while (a >= c->s->t0 && in_set(c, "adverb", a)) a--;
    if (!is_w(c, a, "and")) return -1;
    /* the clause starts after the last ';' or quote before "and" */
    int st = c->s->t0;
    for (int k = a - 1; k >= c->s->t0; k--)
        if (is_p(c, k, ";")) {
            st = k + 1;
            break;
        }
    /* "X claimed in ... that he had won “...” and claimed Y": the subject of the
    ** last verb of saying or claiming before "and" (outside quotes) */
    for (int k = a - 1; k >= st; k--) {
        if (c->inq[k] >= 0 || TOK(k).punct || c->mid[k] >= 0) continue;
        const kgl_rule *r0 = NULL;
        if ((rule_at(c, KGL_R_SPEECH, k, &r0, NULL) && strcmp(NORM(k), "according")) || in_set(c, "claimverb", k)) {
            if (in_set(c, "speechpart", k)) break;
            int n = subject_of(c, k, types, out, cap);
            if (n > 0) return n;
            break;
        }
    }
    for (int k = st; k < a; k++) {
        int mi = c->mid[k];
        if (mi < 0 || c->inq[k] >= 0) continue; /* words inside quotes are not subjects */
        mention *m = &c->m[mi];
        k = m->t1 - 1;
        if (!(m->tb & types) || m->adj) continue;
        /* "US Ambassador X", "Iran's", "PMU officials": a modifier, not the subject */
        int nx = m->t1;
        if (nx < a && (TOK(nx).poss || TOK(nx).cap || c->mid[nx] >= 0 || in_set(c, "groupnoun", nx) ||
                       in_set(c, "personnoun", nx) || in_set(c, "rolenoun", nx)))
            continue;
        int p = m->t0 - 1;
        while (p >= st && (in_set(c, "det", p) || in_set(c, "skipadj", p) || in_set(c, "honorific", p) ||
                           (c->mid[p] >= 0 && c->m[c->mid[p]].adj)))
            p--;
        if (p >= st && (is_prep(c, p) || TOK(p).poss)) continue;
        /* the first actor must be followed by a verb before "and": some lower-case word */
        int n = subject_of(c, m->t1 + 1 < a ? m->t1 + 1 : a, types, out, cap);
        if (n <= 0) return -1;
        return n;
    }
    return -1;
}

/* "S, the leader of Y, a subdivision of Z, known as W, denied ...": a verb right
** after a comma takes the head of the apposition chain, the first actor of the
** clause that is followed by a comma and is not the object of a preposition.
** Returns the entity or -1. */
static int apposition_head(ctx *c, int v, unsigned types)
{
    if (!is_p(c, v - 1, ",")) {
        /* "X, CJTF spokesman said", "X, army spokesman for the Y Command stated": a role
        ** phrase without the closing comma; the head is the person before its comma */
        int role = 0;
        for (int k = v - 1; k > c->s->t0 && k > v - 12; k--) {
            if (c->inq[k] >= 0 || is_clause_end(c, k) || is_any_quote(c, k)) return -1;
            if (c->mid[k] >= 0) {
                k = c->m[c->mid[k]].t0;
                continue;
            }
            if (in_set(c, "personnoun", k) || in_set(c, "rolenoun", k)) role = 1;
            else if (!TOK(k).punct && !in_set(c, "det", k) && !is_prep(c, k) && !in_set(c, "skipadj", k) &&
                     any_verb_at(c, k))
                return -1;
            if (is_p(c, k, ",")) {
                if (!role || k - 1 < c->s->t0 || c->mid[k - 1] < 0) return -1;
                const mention *m = &c->m[c->mid[k - 1]];
                return m->tb == KGL_T_PERSON && (m->tb & types) ? m->ent : -1;
            }
        }
        return -1;
    }
    int st = c->s->t0;
    for (int k = v - 2; k >= c->s->t0; k--)
        if (is_p(c, k, ";") || (is_quote_mark(c, k) && c->inq[k + 1] < 0 && k + 1 < v)) {
            st = k + 1;
            break;
        }
    int commas = 0, last = -1;
    for (int k = st; k < v - 1; k++)
        if (is_p(c, k, ",")) commas++, last = k;
    if (commas == 0) return -1;
    if (commas == 1) {
        /* "S, X said" is a list or a subject clause, not a chain, unless X is a
        ** role: "S, the commander of Y, said", "S, Iraqi army spokesman, said" */
        int role = 0;
        for (int k = last + 1; k < v - 1 && !role; k++)
            role = c->mid[k] < 0 && (in_set(c, "personnoun", k) || in_set(c, "rolenoun", k) ||
                                     rule_at(c, KGL_R_APPOS, k, NULL, NULL) || rule_at(c, KGL_R_TITLE, k, NULL, NULL));
        if (!role) return -1;
    }
    for (int k = st; k < v - 1; k++) {
        int mi = c->mid[k];
        if (mi < 0 || c->inq[k] >= 0) continue;
        mention *m = &c->m[mi];
        k = m->t1 - 1;
        if (!(m->tb & types) || m->adj || !is_p(c, m->t1, ",")) continue;
        int p = m->t0 - 1;
        while (p >= st && (in_set(c, "det", p) || in_set(c, "honorific", p) || (c->mid[p] >= 0 && c->m[c->mid[p]].adj)))
            p--;
        if (p >= st && (is_prep(c, p) || TOK(p).poss || (c->mid[p] >= 0 && !c->m[c->mid[p]].adj))) continue;
        return m->ent;
    }
    return -1;
}

/* The verb at v has a subject no name gives: a common noun right before it (after
** adverbs and auxiliaries) that is no group, role or person noun ("a company based
** in Japan", "Iran-backed groups launched"): then no actor further left is its subject. */
static int unnamed_subject(ctx *c, int v)
{
    int k = v - 1;
    while (k >= c->s->t0 && !TOK(k).punct && c->mid[k] < 0 &&
           (in_set(c, "adverb", k) || in_set(c, "be", k) || in_set(c, "auxverb", k) || in_set(c, "modal", k)))
        k--;
    if (k < c->s->t0 || TOK(k).punct || TOK(k).cap || c->mid[k] >= 0) return 0;
    const char *w = NORM(k);
    /* "government troops recaptured X", "local militias attacked": a force no name gives */
    if (in_set(c, "forcenoun", k) && k > c->s->t0 && !TOK(k - 1).punct && !TOK(k - 1).cap && c->mid[k - 1] < 0 &&
        kgl_is_lemma(NORM(k - 1), KGL_POS_NOUN) && !in_set(c, "det", k - 1))
        return 1;
    if (in_set(c, "groupnoun", k) || in_set(c, "personnoun", k) || in_set(c, "rolenoun", k) || in_set(c, "membernoun", k) ||
        in_set(c, "membernoun2", k) || in_set(c, "forcenoun", k) || in_set(c, "vehiclenoun", k) || in_set(c, "pronoun", k) ||
        in_set(c, "relword", k) || in_set(c, "det", k) || is_prep(c, k) || in_set(c, "conj", k) || in_set(c, "orgnoun", k) ||
        in_set(c, "anonymous", k) || in_set(c, "speechpart", k) || is_w(c, k, "they") || is_w(c, k, "it"))
        return 0;
    char buf[KGL_LEMMA_MAX];
    if (!kgl_lemma(w, KGL_POS_NOUN, buf, sizeof buf)) return 0;
    if (in_set(c, "attacknoun", k)) { /* "a Russian missile strike killed X": the attack's actor is its subject */
        for (int q = k - 1; q >= c->s->t0 && q >= k - 4; q--) {
            if (c->mid[q] >= 0) return (c->m[c->mid[q]].tb & KGL_T_ACTOR) ? 0 : 1;
            if (!(in_set(c, "weapon", q) || in_set(c, "skipadj", q))) break;
        }
        return 1; /* "the strike killed X": no actor named */
    }
    /* a noun phrase: a determiner, a glued modifier or a number within the three words before */
    for (int q = k - 1; q >= c->s->t0 && q >= k - 3; q--) {
        if (in_set(c, "det", q) || TOK(q).glued || isdigit((unsigned char)c->d->text[TOK(q).s])) return 1;
        if (TOK(q).punct || any_verb_at(c, q)) return 0;
    }
    return 0;
}

/* A capitalised adjective of a people the dictionary does not list ("Kurdish",
** "Yazidi", "Sahrawi"): its suffix; not a title ("General", "Defense"). */
static int demonym_like(ctx *c, int t)
{
    const char *w = NORM(t);
    size_t n = strlen(w);
    if (!TOK(t).cap || n < 5 || in_set(c, "honorific", t)) return 0;
    return !strcmp(w + n - 3, "ish") || !strcmp(w + n - 3, "ian") || !strcmp(w + n - 3, "ese") ||
           (w[n - 1] == 'i' && !kgl_is_lemma(w, KGL_POS_NOUN));
}

static int subject_of(ctx *c, int v, unsigned types, int *out, int cap)
{
    int n = 0;
    {
        int sh = shared_subject(c, v, types, out, cap);
        if (sh > 0) return sh;
        int ah = apposition_head(c, v, types);
        if (ah >= 0 && cap > 0) {
            out[0] = ah;
            return 1;
        }
    }
    { /* "according to General X, who added that ...": the name before a relative "who" */
        int w = v - 1;
        while (w > c->s->t0 && in_set(c, "adverb", w)) w--;
        if ((is_w(c, w, "who") || is_w(c, w, "which")) && w - 1 >= c->s->t0) {
            int q = w - 1;
            if (is_p(c, q, ",")) q--;
            if (q >= c->s->t0 && c->mid[q] >= 0 && (c->m[c->mid[q]].tb & types) && !c->m[c->mid[q]].adj && cap > 0) {
                out[0] = c->m[c->mid[q]].ent;
                return 1;
            }
        }
    }
    if (unnamed_subject(c, v)) return 0;
    { /* "a grudge against X for having bombarded Y": a gerund after a preposition has no subject we can name */
        int g = v - 1;
        if (g >= c->s->t0 && is_w(c, g, "having")) g--;
        size_t vl = strlen(NORM(v));
        if (g >= c->s->t0 && is_prep(c, g) && (g == v - 2 || (vl > 3 && !strcmp(NORM(v) + vl - 3, "ing"))) &&
            !is_w(c, g, "by"))
            return 0;
    }
    for (int k = v - 1; k >= c->s->t0; k--) {
        if (is_p(c, k, ";")) break;
        if (is_p(c, k, ",") && (is_w(c, k + 1, "and") || is_w(c, k + 1, "but")) && k + 1 < v) break;
        if (c->inq[k] >= 0 && c->inq[v] < 0) break;
        if (is_quote_mark(c, k) && k < v - 1) break;
        int mi = c->mid[k];
        if (mi >= 0) {
            mention *m = &c->m[mi];
            k = m->t0;
            if (m->adj && (m->tb & types) && n < cap) {
                /* "Israeli strikes killed X": a demonym on the attack noun right before the verb acts */
                int q = m->t1;
                while (q < v && (in_set(c, "weapon", q) || in_set(c, "skipadj", q))) q++;
                if (q == v - 1 && in_set(c, "attacknoun", q)) {
                    out[n++] = m->ent;
                    return n;
                }
            }
            if (!(m->tb & types) || m->adj) continue;
            if (m->t1 < v && TOK(m->t1).glued) continue; /* "Iran-backed groups", "US-led forces" */
            /* object of a preposition? look left over det/adjectives */
            int p = m->t0 - 1;
            while (p >= c->s->t0 && (in_set(c, "det", p) || (c->mid[p] >= 0 && c->m[c->mid[p]].adj) ||
                                     in_set(c, "direction", p) || in_set(c, "honorific", p) ||
                                     (is_any_quote(c, p) && !is_quote_mark(c, p))))
                p--; /* "over southern Lebanon", "loyal to President X" are objects of the preposition */
            /* "backed by Kurdish Peshmerga fighters": an adjective no dictionary knows before the name */
            if (p > c->s->t0 && c->mid[p] < 0 && !TOK(p).punct && (demonym_like(c, p) || in_set(c, "skipadj", p)) &&
                is_prep(c, p - 1))
                p--;
            if (p >= c->s->t0 && is_prep(c, p) && !is_w(c, p, "and") &&
                !(is_w(c, p, "of") && p - 1 >= c->s->t0 && (in_set(c, "membernoun2", p - 1) || in_set(c, "membernoun", p - 1))) &&
                !((is_w(c, p, "by") || is_w(c, p, "from") || is_w(c, p, "of")) && p - 1 >= c->s->t0 &&
                  (in_set(c, "sourcenoun", p - 1) || (is_w(c, p, "by") && (in_set(c, "attacknoun", p - 1) || in_set(c, "actionnoun", p - 1))))))
                continue; /* the object of a preposition; but "gunmen of X stormed", "officials of X said",
                          ** "an inquiry by X confirmed": X acts */
            if (p >= c->s->t0 && TOK(p).poss) continue;
            if (m->t1 < c->s->t1 && TOK(m->t1).poss && !(v - 1 >= c->s->t0 && in_set(c, "relword", v - 1)))
                continue; /* "Iran's commander" */
            out[n++] = m->ent;
            /* coordinated subjects: "X and Y said", "both X and Y" */
            int q = m->t0 - 1, seen_and = 0;
            if (q > c->s->t0 && is_w(c, q, "the")) q--; /* "X, Y, and the United Kingdom" */
            while (n < cap && q > c->s->t0) {
                if (is_p(c, q, ")")) {
                    while (q > c->s->t0 && !is_p(c, q, "(")) q--;
                    q--;
                    continue;
                }
                if (!(is_w(c, q, "and") || is_p(c, q, ","))) break;
                /* "A, B and C said" is a list; "Leader of Iran, X, said" is an apposition */
                if (is_w(c, q, "and")) seen_and = 1;
                else if (!seen_and) break;
                int r = q - 1;
                if (is_w(c, q, "and") && r > c->s->t0 && is_p(c, r, ",")) r--; /* "X, Y, and Z" */
                if (r >= c->s->t0 && is_p(c, r, ")")) {
                    while (r > c->s->t0 && !is_p(c, r, "(")) r--;
                    r--;
                }
                int pobj = 0;
                if (r >= c->s->t0 && c->mid[r] >= 0) {
                    int p2 = c->m[c->mid[r]].t0 - 1;
                    while (p2 >= c->s->t0 && in_set(c, "det", p2)) p2--;
                    pobj = p2 >= c->s->t0 && is_prep(c, p2) && !is_w(c, p2, "and");
                }
                if (r >= c->s->t0 && c->mid[r] >= 0 && (c->m[c->mid[r]].tb & types) && !c->m[c->mid[r]].adj && !pobj) {
                    out[n++] = c->m[c->mid[r]].ent;
                    q = c->m[c->mid[r]].t0 - 1;
                    if (q > c->s->t0 && is_w(c, q, "the")) q--;
                } else
                    break;
            }
            if (n >= 2) remember_group(c, out, n); /* "X, Y and Z ... . They said" */
            return n;
        }
        if (is_w(c, k, "they") && c->ngroup >= 2 && c->group_s && c->s - c->group_s <= 2) {
            /* "X, Y and Z carried out strikes. They said ...": the group */
            for (int g = 0; g < c->ngroup && n < cap; g++)
                if (tbit(c->r->ent[c->group[g]].type) & types) out[n++] = c->group[g];
            return n;
        }
        if (in_set(c, "pronoun", k)) {
            if (!(types & KGL_T_PERSON)) return 0;
            int e = resolve_pronoun(c, k);
            if (e >= 0) out[n++] = e;
            return n;
        }
        if ((in_set(c, "rolenoun", k) || in_set(c, "personnoun", k) || in_set(c, "orgnoun", k)) &&
            (k > c->s->t0 || in_set(c, "rebelnoun", k))) {
            /* "the top Iraqi diplomat said", "the foreign minister said", "the ministry said":
            ** a determiner before the noun and its modifiers */
            int d = k - 1;
            while (d > c->s->t0 && d > k - 4 && !TOK(d).punct && !TOK(d).cap && !in_set(c, "det", d) &&
                   c->mid[d] < 0 && !any_verb_at(c, d))
                d--;
            while (d > c->s->t0 && c->mid[d] >= 0 && c->m[c->mid[d]].adj) d = c->m[c->mid[d]].t0 - 1;
            /* "Rebels denied the claim": a plural group noun needs no determiner */
            int bare = k == c->s->t0 && in_set(c, "rebelnoun", k);
            if (bare || (in_set(c, "det", d) && !in_set(c, "relword", d))) {
                int e = role_antecedent(c, k, types);
                if (e >= 0 && (tbit(c->r->ent[e].type) & types)) out[n++] = e;
                return n;
            }
        }
        if (in_set(c, "anonymous", k)) {
            /* "IRGC officials said", "PMU officials said": the organisation speaks; "officials
            ** said", "Iraqi officials said" name nobody */
            int q = k - 1;
            if (q >= c->s->t0 && c->mid[q] >= 0) {
                const mention *o = &c->m[c->mid[q]];
                if (!o->adj && (o->tb & (KGL_T_ORG | KGL_T_COUNTRY)) && (o->tb & types)) out[n++] = o->ent;
            }
            return n;
        }
        if (k < v - 8 && any_verb_at(c, k)) return 0;
    }
    return n;
}

/* "his decision to V", "X's decision to V", "made the decision to V", "ordered
** troops to V": the act was decided and done; the one who decided, or -1. "to"
** is at token k. */
static int decided_by(ctx *c, int k)
{
    int d = k - 1;
    if (d < c->s->t0 || !in_set(c, "decisionnoun", d)) return -1;
    int p = d - 1;
    while (p >= c->s->t0 && (in_set(c, "skipadj", p) || is_w(c, p, "bold") || is_w(c, p, "final"))) p--;
    if (p >= c->s->t0 && (is_w(c, p, "his") || is_w(c, p, "her"))) return resolve_pronoun(c, p);
    if (p >= c->s->t0 && TOK(p).poss && p - 1 >= c->s->t0 && c->mid[p - 1] >= 0) return c->m[c->mid[p - 1]].ent;
    if (p >= c->s->t0 && is_w(c, p, "the") && p - 1 >= c->s->t0 && (is_w(c, p - 1, "made") || is_w(c, p - 1, "took"))) {
        int subj[1];
        if (subject_of(c, p - 1, KGL_T_ACTOR, subj, 1) > 0) return subj[0];
    }
    return -1;
}

static int modal_before(ctx *c, int v)
{
    for (int k = v - 1; k >= c->s->t0 && k >= v - 4; k--) {
        if (TOK(k).punct && strcmp(NORM(k), "’") && strcmp(NORM(k), "'")) return 0;
        if (c->mid[k] >= 0) return 0;
        if (in_set(c, "negation", k) || in_set(c, "modal", k)) return 1;
        if (is_w(c, k, "to") && k == v - 1 && decided_by(c, k) < 0 && !(k > c->s->t0 && in_set(c, "attacknoun", k - 1)))
            return 1; /* "threatened to attack"; but "an offensive to recapture X" happened */
    }
    /* "threatened to attack": to + verb handled above */
    return 0;
}

static int be_before(ctx *c, int v)
{
    for (int k = v - 1; k >= c->s->t0 && k >= v - 3; k--) {
        if (in_set(c, "be", k)) return k;
        if (!(in_set(c, "adverb", k) || in_set(c, "negation", k))) return -1;
    }
    return -1;
}

static void emit(ctx *c, int subj, const char *rel, int obj, const kgl_rule *ru, const char *rid)
{
    float conf = ru ? ru->conf : 0.7f;
    if (c->mod == KGL_MOD_REPORTED) conf *= 0.85f;
    if (c->mod == KGL_MOD_CLAIMED) conf *= 0.5f;
    int f = kgl_result_fact(c->r, subj, rel, obj, c->s->s, c->s->e, c->date, conf, ru ? ru->id : rid);
    if (f >= 0 && c->r->fact[f].modality == KGL_MOD_ASSERTED && strcmp(rel, "denied")) {
        c->r->fact[f].modality = c->mod;
        c->r->fact[f].claimant = c->claimant;
    } else if (f >= 0 && !strcmp(rel, "denied")) {
        c->r->fact[f].modality = KGL_MOD_ASSERTED; /* the denial itself is what the text asserts */
    }
}

/* ---------------------------------------------------------------- modality */
/* Hearsay of a whole sentence: "according to X", "reportedly", "…, sources
** said." Sets c->smod and c->sclaimant. */
static int subject_of(ctx *c, int v, unsigned types, int *out, int cap);
static void sentence_modality(ctx *c)
{
    const kgl_sent *s = c->s;
    c->smod = KGL_MOD_ASSERTED, c->sclaimant = -1;
    for (int k = s->t0; k < s->t1; k++) {
        if (c->inq[k] >= 0) continue;
        if (is_w(c, k, "according") && is_w(c, k + 1, "to")) {
            c->smod = KGL_MOD_REPORTED;
            for (int q = k + 2; q < s->t1 && q < k + 11 && !is_clause_end(c, q) && !is_p(c, q, ","); q++)
                if (c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_PERSON) { /* the person the titles name */
                    c->sclaimant = c->m[c->mid[q]].ent;
                    return;
                }
            for (int q = k + 2; q < s->t1 && q < k + 6; q++)
                if (c->mid[q] >= 0 && (c->m[c->mid[q]].tb & KGL_T_ACTOR) && !is_modifier(c, &c->m[c->mid[q]])) {
                    c->sclaimant = c->m[c->mid[q]].ent;
                    break;
                }
            return;
        }
        if (in_set(c, "hedge", k)) c->smod = KGL_MOD_REPORTED;
        /* "it is rumoured that", "X is said to have", "are believed to be" */
        if (in_set(c, "be", k) && in_set(c, "hearsayverb", k + 1) && (is_w(c, k + 2, "that") || is_w(c, k + 2, "to")))
            c->smod = KGL_MOD_REPORTED;
        /* "…, sources said." / "…, officials said." with nobody named */
        if (in_set(c, "anonymous", k) && k + 1 < s->t1 && rule_at(c, KGL_R_SPEECH, k + 1, NULL, NULL) &&
            (k + 2 >= s->t1 || is_clause_end(c, k + 2) || is_p(c, k + 2, ",")))
            c->smod = KGL_MOD_REPORTED;
    }
}

/* The scope of the act whose verb or noun is at token v: KGL_MOD_* (with the
** denier, claimant or source in *who), or -1 when the act is not to be stored
** (a question, a condition, a threat or plan). */
static int act_scope(ctx *c, int v, int *who)
{
    const kgl_sent *s = c->s;
    *who = -1;
    int last = s->t1 - 1;
    while (last > s->t0 && (is_any_quote(c, last) || is_p(c, last, ")"))) last--;
    if (is_p(c, last, "?")) return -1;
    int first = s->t0;
    while (first < s->t1 && TOK(first).punct) first++;
    if (in_set(c, "conditional", first)) return -1; /* "If Israel attacks Iran, ..." */
    if (in_set(c, "nonenoun", first)) return -1;     /* "No US troops are deployed in X", "None of ..." */
    for (int k = s->t0; k < v; k++) {
        /* "no evidence that Iran supplied the drones that struck Erbil", "it is unclear whether X" */
        if (in_set(c, "doubtword", k) && c->inq[k] < 0) return -1;
        if ((is_w(c, k, "no") || is_w(c, k, "little") || is_w(c, k, "not")) && in_set(c, "evidencenoun", k + 1)) return -1;
        if (k > first && (is_w(c, k, "whether") || (is_w(c, k, "if") && !is_w(c, k - 1, "as") && !is_w(c, k - 1, "even"))) &&
            c->inq[k] < 0)
            return -1; /* "asked whether X attacked Y", "... if X attacks" */
    }
    int rel = -1; /* a relative word between the trigger and v: "rejects X, which attacked Y" */
    for (int k = v - 1; k >= s->t0; k--) {
        if (is_p(c, k, ";")) break;
        if ((c->inq[k] >= 0) != (c->inq[v] >= 0)) {
            /* a quote of a few words ("“imminent” attacks") is part of the sentence; a longer one is someone's words */
            int qi = c->inq[k] >= 0 ? c->inq[k] : c->inq[v];
            if (c->q[qi].t1 - c->q[qi].t0 > 3) break;
        }
        if (TOK(k).punct || c->mid[k] >= 0) continue;
        if (in_set(c, "relword", k) && rel < 0 && !in_set(c, "subordinator", k)) {
            /* "that" right after a claim or denial word opens its clause; any other
            ** relative word closes the scope of what stands before it */
            int p = k - 1;
            while (p > s->t0 && (TOK(p).punct || in_set(c, "adverb", p))) p--;
            if (!(is_w(c, k, "that") && (in_set(c, "claimverb", p) || in_set(c, "claimnoun", p) || in_set(c, "denyword", p) ||
                                         rule_at(c, KGL_R_DENY, p, NULL, NULL) || rule_at(c, KGL_R_SPEECH, p, NULL, NULL) ||
                                         in_set(c, "findverb", p) || is_w(c, p, "and") || is_w(c, p, "or")))) /* "said that A and that B" */
                rel = k;
        }
        if (rel >= 0 && k < rel) break;
        int subj[1];
        if (rule_at(c, KGL_R_DENY, k, NULL, NULL) || in_set(c, "denyword", k)) {
            if (subject_of(c, k, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
            return KGL_MOD_DENIED;
        }
        if (in_set(c, "claimverb", k) || in_set(c, "accuseword", k) || in_set(c, "claimnoun", k)) {
            /* "rejected claims that ...", "dismissed reports that ...": a denial */
            int d = k - 1;
            while (d > s->t0 && (in_set(c, "det", d) || in_set(c, "skipadj", d))) d--;
            if (d >= s->t0 && (in_set(c, "denyword", d) || rule_at(c, KGL_R_DENY, d, NULL, NULL))) {
                if (subject_of(c, d, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
                return KGL_MOD_DENIED;
            }
            if (in_set(c, "claimnoun", k) && !in_set(c, "claimverb", k)) continue; /* "a report on X" */
            if (subject_of(c, k, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
            return KGL_MOD_CLAIMED;
        }
        if (in_set(c, "threat", k)) return -1;
        const kgl_rule *ru = NULL;
        if ((rule_at(c, KGL_R_SPEECH, k, &ru, NULL) && strcmp(NORM(k), "according")) ||
            (in_set(c, "findverb", k) && is_w(c, k + 1, "that"))) {
            /* "X said (that) Y attacked Z", "a report by X found that ...": reported by X */
            if (subject_of(c, k, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
            return KGL_MOD_REPORTED;
        }
    }
    /* "Y attacked Z, X said." */
    for (int k = v + 1; k < s->t1; k++) {
        if (!is_p(c, k, ",")) continue;
        int q = k + 1, named = -1;
        while (q < s->t1 && q < k + 8 && !TOK(q).punct && !rule_at(c, KGL_R_SPEECH, q, NULL, NULL)) {
            if (c->mid[q] >= 0 && !c->m[c->mid[q]].adj && named < 0) named = c->m[c->mid[q]].ent;
            q++;
        }
        if (q < s->t1 && q > k + 1 && rule_at(c, KGL_R_SPEECH, q, NULL, NULL) && strcmp(NORM(q), "according")) {
            int e = q + 1;
            while (e < s->t1 && (in_set(c, "adverb", e) || in_set(c, "timeword", e))) e++;
            if (e >= s->t1 || is_clause_end(c, e)) {
                *who = named;
                return KGL_MOD_REPORTED;
            }
        }
    }
    if (c->smod != KGL_MOD_ASSERTED) *who = c->sclaimant;
    return c->smod;
}

/* "Kataib Hezbollah denied attacking Camp Taji": the denier denied the act,
** an event named by it ("attack on Camp Taji", "killing of X"); the act is not
** stored. */
static void emit_denied_act(ctx *c, int denier, int actor, const char *rel, int obj)
{
    if (denier < 0 || obj < 0) return;
    const char *noun = !strcmp(rel, "attacked") ? "attack on" : !strcmp(rel, "killed") ? "killing of" : NULL;
    if (!noun) return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s", noun, c->r->ent[obj].name);
    int ev = kgl_result_entity(c->r, "event", buf, strlen(buf));
    int save = c->mod, savec = c->claimant;
    c->mod = KGL_MOD_ASSERTED;
    emit(c, denier, "denied", ev, NULL, "deny.act");
    /* the act itself, as denied by the denier: hidden from plain patterns, and
    ** contested when another source states it (r.contested) */
    if (actor >= 0 && actor != obj) {
        c->mod = KGL_MOD_DENIED, c->claimant = denier;
        emit(c, actor, rel, obj, NULL, "deny.act");
    }
    c->mod = save, c->claimant = savec;
}

static unsigned obj_types(const char *rel)
{
    if (!strcmp(rel, "located-at")) return KGL_T_BASE | KGL_T_PLACE | KGL_T_COUNTRY;
    if (!strcmp(rel, "killed")) return KGL_T_PERSON | KGL_T_ORG;
    if (!strcmp(rel, "attacked")) return KGL_T_ACTOR | KGL_T_BASE | KGL_T_PLACE;
    if (!strcmp(rel, "member-of")) return KGL_T_ORG;
    if (!strcmp(rel, "leads")) return KGL_T_ORG | KGL_T_COUNTRY;
    if (!strcmp(rel, "denied") || !strcmp(rel, "voted")) return KGL_T_EVENT | KGL_T_STATEMENT;
    return ~0u;
}
static unsigned subj_types(const kgl_rule *ru)
{
    if (ru->subj) return ru->subj;
    if (!strcmp(ru->rel, "located-at")) return KGL_T_ACTOR | KGL_T_BASE;
    if (!strcmp(ru->rel, "member-of") || !strcmp(ru->rel, "leads")) return KGL_T_PERSON;
    return KGL_T_ACTOR;
}

/* ---------------------------------------------------------------- event objects (denied, voted) */
static int make_statement(ctx *c, uint32_t s, uint32_t e);

/* The event a denial is about: "denied (any) responsibility for / involvement
** in / role in NP" -> the event named by NP (a dictionary event inside it, else
** its words without leading determiners and adjectives, up to a comma, a
** relative word or the clause end); "denied responsibility" with no NP -> the
** event named earlier in the sentence, if any. -1 when t is not such a phrase;
** -2 when it is one but names nothing. */
static int denial_object(ctx *c, int t)
{
    while (in_set(c, "det", t)) t++;
    if (!in_set(c, "denialnoun", t)) return -1;
    int p = t + 1;
    if (!(is_prep(c, p) && !is_w(c, p, "to") && !is_w(c, p, "by"))) {
        /* no phrase after it: the event named earlier in this sentence, or in this post */
        for (int k = t - 1; k >= c->s->t0; k--)
            if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_EVENT) return c->m[c->mid[k]].ent;
        return c->last_event >= 0 ? c->last_event : -2;
    }
    int a = p + 1;
    while (a < c->s->t1 && (in_set(c, "det", a) || in_set(c, "skipadj", a)) && !(c->mid[a] >= 0 && !c->m[c->mid[a]].adj))
        a++;
    /* "involvement in the attack": a bare event noun is the event named before in this post */
    if (in_set(c, "eventword", a) && c->mid[a] < 0 && (a + 1 >= c->s->t1 || is_clause_end(c, a + 1) || is_p(c, a + 1, ",")) &&
        c->last_event >= 0)
        return c->last_event;
    int b = a;
    for (; b < c->s->t1; b++) {
        if (is_clause_end(c, b) || is_p(c, b, ",") || is_p(c, b, "(") || is_quote_mark(c, b)) break;
        if (in_set(c, "relword", b) || in_set(c, "conj", b) || in_set(c, "timeword", b)) break;
        if (c->mid[b] >= 0 && c->m[c->mid[b]].tb == KGL_T_EVENT) return c->m[c->mid[b]].ent;
        if (b > a && any_verb_at(c, b) && !is_prep(c, b - 1)) break;
        if (b - a >= 12) break; /* a name, not a clause */
    }
    while (b > a && (is_prep(c, b - 1) || in_set(c, "det", b - 1) || TOK(b - 1).punct)) b--;
    if (b <= a || (b - a < 2 && !in_set(c, "eventnoun", a))) return -2;
    const char *x = c->d->text + TOK(a).s;
    return kgl_result_entity(c->r, "event", x, TOK(b - 1).e - TOK(a).s);
}

/* "denied the claim / the report / these allegations": the last statement of
** this or the two sentences before, by someone other than the denier; -1 when
** there is none (the word itself is never the object). */
static int denied_claim(ctx *c, int t, int subj)
{
    while (in_set(c, "det", t) || in_set(c, "skipadj", t)) t++;
    if (!in_set(c, "claimnoun", t)) return -2;
    if (is_w(c, t + 1, "that")) { /* "denied the reports that CLAUSE": the clause */
        int e = t + 2;
        while (e < c->s->t1 && !is_clause_end(c, e) && !(is_p(c, e, ",") && in_set(c, "speechpart", e + 1))) e++;
        return e > t + 2 ? make_statement(c, TOK(t + 2).s, TOK(e - 1).e) : -1;
    }
    uint32_t lo = c->s > c->d->sent + 2 ? c->s[-2].s : c->d->sent[0].s;
    for (int i = c->r->nfact - 1; i >= 0; i--) {
        const kgl_fact *f = &c->r->fact[i];
        if (f->s < lo) break;
        if (!strcmp(f->rel, "said") && f->subj != subj) return f->obj;
    }
    /* a reported claim without a speaker */
    for (int i = c->r->nent - 1; i >= 0 && i >= c->r->nent - 5; i--)
        if (!strcmp(c->r->ent[i].type, "statement")) return -1;
    return -1;
}

static int event_object(ctx *c, int t, const char *rel, int subj)
{
    if (!strcmp(rel, "denied")) {
        int dc = denied_claim(c, t, subj);
        if (dc != -2) return dc;
        int o = denial_object(c, t);
        if (o != -1) return o < 0 ? -1 : o;
        if (is_w(c, t, "that")) { /* "denied that CLAUSE": the statement denied */
            int e = t + 1;
            while (e < c->s->t1 && !is_clause_end(c, e) && !(is_p(c, e, ",") && in_set(c, "speechpart", e + 1))) e++;
            if (e > t + 1) return make_statement(c, TOK(t + 1).s, TOK(e - 1).e);
            return -1;
        }
    }
    int mi = object_from(c, t, 8, KGL_T_EVENT, 1);
    if (mi >= 0) return c->m[mi].ent;
    for (int k = t; k < c->s->t1 && k < t + 6; k++) {
        if (is_clause_end(c, k) || (k > t && (is_prep(c, k) || in_set(c, "relword", k) || is_w(c, k, "after")))) break;
        if (in_set(c, "eventnoun", k)) { /* the direct object only: not "denies withdrawal after draft letter" */
            if (!strcmp(rel, "voted")) break;
            return kgl_result_entity(c->r, "event", NORM(k), strlen(NORM(k)));
        }
    }
    if (!strcmp(rel, "voted")) {
        /* "vetoed the draft", "adopted the resolution": the last resolution named before, in this document */
        int k = t;
        while (k < c->s->t1 && k < t + 5 && (in_set(c, "det", k) || in_set(c, "skipadj", k) || TOK(k).poss ||
                                            is_w(c, k, "draft") || is_w(c, k, "new")))
            k++;
        int resword = is_w(c, k, "resolution") || is_w(c, k, "draft") || is_w(c, k - 1, "draft");
        /* "a US draft resolution regarding X" names a new text; "the resolution" one named before */
        int fresh = is_w(c, t, "a") || is_w(c, t, "an") || is_prep(c, k + 1) || in_set(c, "speechpart", k + 1);
        if (resword && !fresh)
            for (int i = c->nm - 1; i >= 0; i--) {
                const mention *m = &c->m[i];
                if (m->tb != KGL_T_EVENT || m->t0 >= t) continue;
                char *nm = kgl_norm(c->r->ent[m->ent].name, strlen(c->r->ent[m->ent].name));
                int res = strstr(nm, "resolution") != NULL;
                free(nm);
                if (res) return m->ent;
            }
        /* "vetoed Friday's resolution": an event named by its words */
        if (resword && is_w(c, k, "resolution") && k > t && TOK(k - 1).poss) {
            int a = t;
            while (a < k && in_set(c, "det", a)) a++;
            if (a < k) return kgl_result_entity(c->r, "event", c->d->text + TOK(a).s, TOK(k).e - TOK(a).s);
        }
    }
    if (!strcmp(rel, "voted") && subj >= 0 && (c->r->ent[subj].dict >= 0 && (c->lx->ent[c->r->ent[subj].dict].flags & KGL_F_PARL))) {
        /* the vote of a parliament: its resolution, named after the body */
        char buf[512];
        snprintf(buf, sizeof buf, "%s resolution", c->r->ent[subj].name);
        char *n = kgl_norm(buf, strlen(buf));
        int a = kgl_lex_find(c->lx, n);
        free(n);
        if (a >= 0) {
            const kgl_dentry *de = &c->lx->ent[c->lx->al[a].entry];
            int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
            c->r->ent[e].dict = c->lx->al[a].entry;
            return e;
        }
    }
    if (!strcmp(rel, "voted")) {
        /* an unnamed text voted on: the event its words describe ("a resolution demanding a
        ** ceasefire in Gaza", "a law on mobilisation"); a bare noun ("passed the resolution")
        ** is named after the body that voted ("UN Security Council resolution") */
        int k = t;
        while (k < c->s->t1 && k < t + 8 && !in_set(c, "votenoun", k) && !is_clause_end(c, k) &&
               (c->mid[k] < 0 || is_modifier(c, &c->m[c->mid[k]]))) /* "a US draft resolution" */
            k++;
        if (!in_set(c, "votenoun", k)) {
            /* a voting body approving an unnamed measure: "approved a no-fly zone over Libya" */
            if (subj < 0 || c->r->ent[subj].dict < 0 || !(c->lx->ent[c->r->ent[subj].dict].flags & KGL_F_PARL)) return -1;
            int a = t;
            while (a < c->s->t1 && in_set(c, "det", a)) a++;
            if (a == t) return -1;
            int b = a, words = 0;
            for (; b < c->s->t1 && words < 7; b++, words++)
                if (is_clause_end(c, b) || is_p(c, b, ",") || is_w(c, b, "by") || is_w(c, b, "with") || is_w(c, b, "to") ||
                    is_w(c, b, "after") || is_w(c, b, "before") || is_w(c, b, "during") || in_set(c, "relword", b) ||
                    in_set(c, "timeword", b) || in_set(c, "month", b) || c->inq[b] >= 0 || (b > a && any_verb_at(c, b)) ||
                    (is_w(c, b, "on") && (in_set(c, "timeword", b + 1) || in_set(c, "month", b + 1))))
                    break; /* "a no-fly zone over Libya | to protect civilians", "an embargo on X | after ..." */
            if (b - a < 2 || b - a >= 7) return -1;
            return kgl_result_entity(c->r, "event", c->d->text + TOK(a).s, TOK(b - 1).e - TOK(a).s);
        }
        while (k + 1 < c->s->t1 && in_set(c, "votenoun", k + 1)) k++; /* "draft resolution" */
        int a = k;
        while (a > t && (in_set(c, "skipadj", a - 1) || is_w(c, a - 1, "draft") || TOK(a - 1).glued ||
                         (a > k - 2 && !TOK(a - 1).punct && !TOK(a - 1).cap && !in_set(c, "det", a - 1) &&
                          !is_prep(c, a - 1) && !any_verb_at(c, a - 1) && c->mid[a - 1] < 0)))
            a--; /* "a verbal amendment", "the draft resolution" */
        int b = k + 1, words = 0;
        /* the name is the noun and its complement: "a resolution demanding X", "a motion on Y"
        ** (not a participle: "the verbal amendment | introduced by Russia") */
        if (is_prep(c, b) || in_set(c, "speechpart", b) || (b < c->s->t1 && !TOK(b).punct && !TOK(b).cap &&
                                                              kgl_lemma_of(NORM(b), "demand", KGL_POS_VERB)))
            for (; b < c->s->t1 && words < 8; b++, words++) {
                if (b > k + 1 && !TOK(b).cap && c->mid[b] < 0 && past_verb(c, b)) break; /* "a motion on X | received" */
                if (is_any_quote(c, b) || c->inq[b] >= 0) break;
                if (is_clause_end(c, b) || is_p(c, b, ",") || is_w(c, b, "by") || is_w(c, b, "with") ||
                    in_set(c, "relword", b) || in_set(c, "timeword", b) || in_set(c, "month", b) ||
                    (is_w(c, b, "on") && (in_set(c, "timeword", b + 1) || in_set(c, "month", b + 1))))
                    break;
            }
        else
            b = k + 1;
        char buf[512];
        if (b - a >= 3 || (b - a == 2 && a < k)) {
            size_t n = TOK(b - 1).e - TOK(a).s;
            if (n >= sizeof buf) n = sizeof buf - 1;
            memcpy(buf, c->d->text + TOK(a).s, n);
            buf[n] = 0;
        } else if (subj >= 0)
            snprintf(buf, sizeof buf, "%s %s", c->r->ent[subj].name, NORM(k));
        else
            return -1;
        return kgl_result_entity(c->r, "event", buf, strlen(buf));
    }
    return -1;
}

/* "a Boko Haram attack", "an Israeli airstrike", "a US drone strike", "an IS
** rocket attack": the actor named before an attack noun at t (after a
** determiner and weapon words); -1 when there is none. */
static int attack_agent(ctx *c, int t)
{
    if (!in_set(c, "det", t)) return -1;
    int k = t + 1, agent = -1;
    for (; k < c->s->t1 && k < t + 6; k++) {
        if (c->mid[k] >= 0) {
            const mention *m = &c->m[c->mid[k]];
            if (!(m->tb & KGL_T_ACTOR) || agent >= 0) return -1;
            agent = m->ent;
            k = m->t1 - 1;
            continue;
        }
        if (in_set(c, "weapon", k) || in_set(c, "skipadj", k)) continue;
        break;
    }
    return agent >= 0 && in_set(c, "attacknoun", k) ? agent : -1;
}

static void remember_group(ctx *c, const int *subj, int n)
{
    c->ngroup = n > 8 ? 8 : n;
    memcpy(c->group, subj, c->ngroup * sizeof *subj);
    c->group_s = c->s;
}

/* ---------------------------------------------------------------- verb frames */
static void verb_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    int last_v = -1, last_ns = 0, last_subj[8], last_obj = -1, shared = 0;
    for (int i = s->t0; i < s->t1; i++) {
        shared = 0;
        if (TOK(i).punct || c->mid[i] >= 0) continue;
        const kgl_rule *ru = NULL;
        const kgl_form *fo = NULL;
        int n = 0;
        int kinds[] = {KGL_R_VERB, KGL_R_DENY, KGL_R_VOTE, KGL_R_PASSIVE, KGL_R_NOUN, 0};
        /* a noun with its preposition ("attacks on") wins over the verb reading */
        n = rule_at(c, KGL_R_NOUN, i, &ru, &fo);
        if (n && !(fo->prep && (is_w(c, i + n, fo->prep) || (is_w(c, i + n, "by") && c->mid[i + n + 1] >= 0 &&
                                                              is_w(c, c->m[c->mid[i + n + 1]].t1, fo->prep)))))
            n = 0; /* "attacks on X", "attacks by Y on X" */
        if (!n && (be_before(c, i) >= 0 || is_w(c, i + 1, "by"))) n = rule_at(c, KGL_R_PASSIVE, i, &ru, &fo);
        for (int k = 0; kinds[k] && !n; k++) n = rule_at(c, kinds[k], i, &ru, &fo);
        if (!n) continue;
        if (c->inq[i] >= 0) continue; /* inside a quote: the speaker's claim, not the text's */
        int who = -1, scope = KGL_MOD_ASSERTED;
        if (ru->kind != KGL_R_DENY && ru->kind != KGL_R_VOTE) {
            /* inside "X denied (that) ...", "X claimed ...", a question or a threat */
            scope = act_scope(c, i, &who);
            if (scope < 0) continue;
        } else
            scope = c->smod, who = c->sclaimant;
        c->mod = scope == KGL_MOD_DENIED ? KGL_MOD_ASSERTED : scope;
        c->claimant = who;
        int denier = scope == KGL_MOD_DENIED ? who : -1;
        int after = i + n;
        int subj[8], ns = 0, objs[16], no = 0;
        if (ru->kind == KGL_R_PASSIVE) {
            int b = be_before(c, i);
            int reduced = b < 0 && i > s->t0 && (is_p(c, i - 1, ",") || c->mid[i - 1] >= 0);
            if (b < 0 && !reduced) continue;
            if (modal_before(c, b >= 0 ? b : i)) continue;
            /* agent: by X, or in X's ... */
            int agent = -1;
            for (int k = after; k < s->t1 && k < after + 10; k++) {
                if (is_clause_end(c, k)) break;
                if (is_w(c, k, "by")) {
                    int mi = object_from(c, k + 1, 6, KGL_T_ACTOR, 1);
                    if (mi >= 0) agent = c->m[mi].ent;
                    break;
                }
                if ((is_w(c, k, "in") || is_w(c, k, "during") || is_w(c, k, "from")) && (agent = attack_agent(c, k + 1)) >= 0)
                    break;
                if (is_w(c, k, "in") && k + 1 < s->t1 && c->mid[k + 1] >= 0) {
                    mention *m = &c->m[c->mid[k + 1]];
                    if ((m->tb & KGL_T_ACTOR) && m->t1 < s->t1 && TOK(m->t1).poss) {
                        agent = m->ent;
                        break;
                    }
                }
            }
            if (agent < 0) continue;
            ns = subject_of(c, b >= 0 ? b : i, obj_types(ru->rel), subj, 8);
            for (int k = 0; k < ns; k++)
                if (scope == KGL_MOD_DENIED) emit_denied_act(c, denier, agent, ru->rel, subj[k]);
                else emit(c, agent, ru->rel, subj[k], ru, NULL);
            continue;
        }
        if (ru->kind == KGL_R_NOUN) {
            /* object after the preposition */
            int t = after, by_agent = -1;
            if (fo->prep && is_w(c, t, "by")) { /* "the attacks by X in Y" */
                int am = object_from(c, t + 1, 4, KGL_T_ACTOR, 0);
                if (am >= 0) by_agent = c->m[am].ent, t = c->m[am].t1;
            }
            if (fo->prep) {
                if (!is_w(c, t, fo->prep)) continue;
                t++;
            }
            int mi = object_from(c, t, 6, obj_types(ru->rel), 2), nc = 0, co[6];
            if (mi < 0 && !strcmp(ru->rel, "voted")) { /* "the veto of a draft resolution on X by Y" */
                int ev = event_object(c, t, "voted", -1);
                if (ev < 0) continue;
                objs[no++] = ev;
                int q = t;
                while (q < s->t1 && q < t + 14 && !is_w(c, q, "by") && !is_clause_end(c, q)) q++;
                if (is_w(c, q, "by")) {
                    int am = object_from(c, q + 1, 4, KGL_T_ACTOR, 0);
                    if (am >= 0) {
                        subj[0] = c->m[am].ent;
                        int cb[6], ncb = coordinated(c, am, KGL_T_ACTOR, cb, 6);
                        for (int k = 0; k < ncb && k < 7; k++) subj[1 + k] = c->m[cb[k]].ent;
                        for (int a = 0; a < 1 + ncb && a < 8; a++) emit(c, subj[a], "voted", ev, ru, NULL);
                    }
                }
                continue;
            }
            if (mi < 0) continue;
            objs[no++] = c->m[mi].ent;
            nc = coordinated(c, mi, c->m[mi].tb, co, 6);
            if (!strcmp(ru->rel, "attacked") && (c->m[mi].tb & (KGL_T_PLACE | KGL_T_BASE))) {
                /* "air attacks on Tripoli": the event a later "denied responsibility" refers to */
                int a = i;
                while (a > s->t0 && c->mid[a - 1] < 0 && !TOK(a - 1).punct && (in_set(c, "weapon", a - 1) || in_set(c, "skipadj", a - 1)) &&
                       !in_set(c, "det", a - 1))
                    a--;
                c->last_event = kgl_result_entity(c->r, "event", c->d->text + TOK(a).s, TOK(c->m[mi].t1 - 1).e - TOK(a).s);
            }
            for (int k = 0; k < nc; k++) objs[no++] = c->m[co[k]].ent;
            /* agent: adjacent modifier or possessor (Iran's missile strike, US attacks, Israeli air attacks) */
            int agent = -1;
            for (int k = i - 1; k >= s->t0 && k >= i - 4; k--) {
                if (TOK(k).poss) continue;
                if (c->mid[k] >= 0) {
                    mention *m = &c->m[c->mid[k]];
                    if (m->tb & KGL_T_ACTOR) agent = m->ent;
                    break;
                }
                if (TOK(k).punct || !(in_set(c, "skipadj", k) || in_set(c, "weapon", k))) break;
            }
            { /* "a possible attack by X on Y", "in case of an attack", "the threat of strikes": not done */
                int irrealis = 0;
                for (int k = i - 1; k >= s->t0 && k >= i - 4 && !irrealis; k--) {
                    if (TOK(k).punct || (c->mid[k] >= 0 && !c->m[c->mid[k]].adj)) break;
                    irrealis = in_set(c, "irrealis", k) || (is_w(c, k, "case") && is_w(c, k - 1, "in"));
                }
                if (irrealis) continue;
            }
            if (agent < 0) agent = by_agent;
            if (agent < 0) { /* "the attack on X by Y", "the shelling of X by Y" */
                int q = c->m[mi].t1;
                for (int k = 0; k < nc; k++)
                    if (c->m[co[k]].t1 > q) q = c->m[co[k]].t1;
                if (is_w(c, q, "by")) {
                    int am = object_from(c, q + 1, 5, KGL_T_ACTOR, 0);
                    if (am >= 0) {
                        agent = c->m[am].ent;
                        int cb[6], ncb = coordinated(c, am, KGL_T_ACTOR, cb, 6); /* "by China and Russia" */
                        for (int k = 0; k < ncb && k < 7; k++) subj[1 + k] = c->m[cb[k]].ent;
                        if (ncb) {
                            subj[0] = agent;
                            for (int a = 0; a < 1 + ncb && a < 8; a++)
                                for (int k = 0; k < no; k++)
                                    if (scope == KGL_MOD_DENIED) emit_denied_act(c, denier, subj[a], ru->rel, objs[k]);
                                    else emit(c, subj[a], ru->rel, objs[k], ru, NULL);
                            continue;
                        }
                    }
                }
            }
            int nagent = agent >= 0;
            if (agent >= 0) subj[0] = agent;
            if (agent < 0) {
                /* "X launched attacks on Y", "X, Y and Z carried out a series of strikes on W":
                ** the subjects of the light verb; "X claimed (responsibility for) the attack on
                ** Y / the killing of Z": the claim names the agent */
                for (int k = i - 1; k >= s->t0 && k >= i - 8; k--) {
                    int lv = -1;
                    if (in_set(c, "lightverb", k) || (k >= i - 5 && in_set(c, "claimverb", k))) lv = k;
                    else if (is_w(c, k, "responsibility") && in_set(c, "claimverb", k - 1)) lv = k - 1;
                    if (lv >= 0) {
                        if (!modal_before(c, lv)) nagent = subject_of(c, lv, KGL_T_ACTOR, subj, 8);
                        break;
                    }
                    if (TOK(k).punct || c->mid[k] >= 0) break;
                }
            }
            if (nagent <= 0) continue;
            if (nagent >= 2) remember_group(c, subj, nagent);
            for (int a = 0; a < nagent; a++)
                for (int k = 0; k < no; k++)
                    if (scope == KGL_MOD_DENIED) emit_denied_act(c, denier, subj[a], ru->rel, objs[k]);
                    else emit(c, subj[a], ru->rel, objs[k], ru, NULL);
            continue;
        }
        /* active verbs (verb, deny, vote) */
        if (modal_before(c, i)) continue;
        if (!fo->prep && i > s->t0 && !(is_w(c, i - 1, "to") && decided_by(c, i - 1) >= 0) &&
            ((in_set(c, "det", i - 1) && !in_set(c, "relword", i - 1)) || is_prep(c, i - 1) || in_set(c, "skipadj", i - 1) ||
                                       TOK(i - 1).poss || (c->mid[i - 1] >= 0 && !is_w(c, i - 1, "us"))))
            if (!(c->mid[i - 1] >= 0 && !c->m[c->mid[i - 1]].adj && !TOK(i - 1).poss)) continue; /* a noun: "the killing", "an attack" */
        /* "US drone strike kills X", "US strikes killed X": a verb right after makes this a noun */
        if (!fo->prep && i + 1 < s->t1 && !TOK(i + 1).punct && c->mid[i + 1] < 0 &&
            (any_verb_at(c, i + 1) || past_verb(c, i + 1)))
            continue;
        if (!fo->prep && (is_w(c, after, "on") || is_w(c, after, "of") || is_w(c, after, "against")) &&
            ru->kind == KGL_R_VERB && strcmp(ru->rel, "located-at"))
            continue; /* "attacks on X" is the noun frame */
        int b = be_before(c, i);
        if (!fo->prep && (b >= 0 || is_w(c, after, "by"))) continue; /* passive: other frame */
        unsigned st = subj_types(ru);
        if (ru->kind == KGL_R_VOTE) st = KGL_T_ORG | KGL_T_COUNTRY; /* parliaments, councils, member states */
        ns = 0;
        if (last_v >= 0 && last_ns) {
            int k = i - 1, and = 0;
            for (; k > last_v; k--) {
                if (is_w(c, k, "and")) and = 1;
                if (is_clause_end(c, k) || (c->mid[k] >= 0 && is_w(c, k - 1, "and"))) break;
            }
            if (and && k == last_v && (tbit(c->r->ent[last_subj[0]].type) & st)) {
                ns = last_ns;
                memcpy(subj, last_subj, sizeof subj);
                shared = 1;
            }
        }
        if (!ns && is_w(c, i - 1, "to")) { /* "his decision to assassinate X": the one who decided */
            int dd = decided_by(c, i - 1);
            if (dd >= 0 && (tbit(c->r->ent[dd].type) & st)) subj[0] = dd, ns = 1;
        }
        if (!ns) ns = subject_of(c, i, st, subj, 8);
        if (!ns && is_p(c, i - 1, ",")) {
            /* ", aimed at X", ", killing Y": a participle after a comma acts for the subject of the clause's verb */
            size_t vl = strlen(NORM(i));
            int part = vl > 3 && (!strcmp(NORM(i) + vl - 3, "ing") || !strcmp(NORM(i) + vl - 2, "ed"));
            for (int k = i - 2; part && k >= s->t0; k--)
                if (!TOK(k).punct && c->mid[k] < 0 && c->inq[k] < 0 && any_verb_at(c, k)) {
                    ns = subject_of(c, k, st, subj, 8);
                    break;
                }
        }
        if (ns >= 2) remember_group(c, subj, ns);
        if (ns) {
            last_v = i;
            last_ns = ns;
            memcpy(last_subj, subj, sizeof subj);
        }
        if (!ns) continue;
        if (ru->kind == KGL_R_VOTE) {
            int o = event_object(c, after, "voted", subj[0]);
            for (int k = 0; k < ns && o >= 0; k++) emit(c, subj[k], ru->rel, o, ru, NULL);
            continue;
        }
        if (ru->kind == KGL_R_DENY && c->r->ent[subj[0]].dict >= 0 && (c->lx->ent[c->r->ent[subj[0]].dict].flags & KGL_F_PARL)) {
            /* "the House rejected the war powers resolution": a vote, not a denial */
            int o = event_object(c, after, "voted", subj[0]);
            for (int k = 0; k < ns && o >= 0; k++) emit(c, subj[k], "voted", o, ru, "vote.reject");
            continue;
        }
        if (ru->kind == KGL_R_DENY) {
            int o = event_object(c, after, "denied", subj[0]);
            for (int k = 0; k < ns && o >= 0; k++) emit(c, subj[k], ru->rel, o, ru, NULL);
            continue;
        }
        int t = after;
        if (fo->prep) {
            int k = t;
            while (k < s->t1 && k < t + 10 && !is_w(c, k, fo->prep) && !is_clause_end(c, k) &&
                   (c->mid[k] < 0 || (k > t && is_w(c, k - 1, "from")) || (k > t + 1 && is_w(c, k - 2, "from") && is_w(c, k - 1, "the"))))
                k = c->mid[k] >= 0 ? c->m[c->mid[k]].t1 : k + 1; /* "launched missiles from the Mediterranean Sea into Syria" */
            if (!is_w(c, k, fo->prep)) continue;
            t = k + 1;
        }
        /* "bombed and killed X": the object of the second verb */
        if (!fo->prep && is_w(c, t, "and")) {
            const kgl_rule *r2 = NULL;
            int n2 = rule_at(c, KGL_R_VERB, t + 1, &r2, NULL);
            if (n2) t += 1 + n2;
        }
        int mi = object_from(c, t, 10, obj_types(ru->rel), strcmp(ru->rel, "located-at") ? 2 : 0);
        if (mi < 0 && !strcmp(ru->rel, "attacked")) {
            /* "stormed a school in Kankara", "shelled the market in Dorvan": the place of an unnamed target */
            for (int k = t + 1; k < s->t1 && k < t + 7 && mi < 0; k++) {
                if (is_clause_end(c, k) || is_p(c, k, ",") || (k > t && any_verb_at(c, k)) || c->mid[k] >= 0) break;
                if ((is_w(c, k, "in") || is_w(c, k, "near") || is_w(c, k, "outside")) && k + 1 < s->t1 && c->mid[k + 1] >= 0 &&
                    (c->m[c->mid[k + 1]].tb & (KGL_T_PLACE | KGL_T_BASE)) && !c->m[c->mid[k + 1]].adj)
                    mi = c->mid[k + 1];
            }
        }
        if (mi < 0) continue;
        objs[no++] = c->m[mi].ent;
        /* "attacked PMF troops in Qaim and killed 24 Iraqi soldiers": a counted, generic national force
        ** after a verb sharing the subject is the force the first verb named */
        if (shared && last_obj >= 0 && last_obj != objs[0] && c->m[mi].t0 > t && isdigit((unsigned char)c->d->text[TOK(c->m[mi].t0 - 1).s]) &&
            (c->m[mi].flags & KGL_F_FORCE) && c->r->ent[last_obj].type[0] == 'o')
            objs[0] = last_obj;
        last_obj = objs[0];
        shared = 0;
        int co[6], nc = coordinated(c, mi, c->m[mi].tb, co, 6);
        for (int k = 0; k < nc; k++) objs[no++] = c->m[co[k]].ent;
        /* "based at A within ..., B north of ..., C and D": a list of bases with descriptions */
        if (!strcmp(ru->rel, "located-at") && c->m[mi].tb == KGL_T_BASE)
            for (int k = c->m[mi].t1; k < s->t1 && no < 16; k++) {
                if (is_p(c, k, ";") || is_p(c, k, ".")) break;
                if (c->mid[k] < 0) continue;
                mention *m = &c->m[c->mid[k]];
                k = m->t1 - 1;
                if (m->tb != KGL_T_BASE || m->adj) continue;
                if (!(is_p(c, m->t0 - 1, ",") || is_w(c, m->t0 - 1, "and"))) continue;
                int dup = 0;
                for (int q = 0; q < no; q++) dup |= objs[q] == m->ent;
                if (!dup) objs[no++] = m->ent;
            }
        for (int a = 0; a < ns; a++)
            for (int k = 0; k < no; k++)
                if (scope == KGL_MOD_DENIED) emit_denied_act(c, denier, subj[a], ru->rel, objs[k]);
                else emit(c, subj[a], ru->rel, objs[k], ru, NULL);
    }
}

/* Deaths named by a noun: "his death in an Israeli airstrike", "X's death from a
** US drone strike", "the death of X in a Y attack", "..., resulting in the death of
** X" (the subject of the clause). The victim is the possessor, a pronoun's
** antecedent or the object of "of"; the agent is "by Y", the actor of the attack
** after "in/from/during", or the subject of "resulting in / leading to". */
static void death_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1; i++) {
        if (!in_set(c, "deathnoun", i) || c->inq[i] >= 0 || c->mid[i] >= 0) continue;
        int victim = -1, agent = -1, k = i + 1;
        if (i > s->t0 && TOK(i - 1).poss && i - 2 >= s->t0 && c->mid[i - 2] >= 0 &&
            c->m[c->mid[i - 2]].tb == KGL_T_PERSON)
            victim = c->m[c->mid[i - 2]].ent;
        else if (i > s->t0 && (is_w(c, i - 1, "his") || is_w(c, i - 1, "her")))
            victim = resolve_pronoun(c, i - 1);
        else if (is_w(c, k, "of")) {
            int mi = object_from(c, k + 1, 5, KGL_T_PERSON | KGL_T_ORG, 0);
            if (mi < 0) continue;
            victim = c->m[mi].ent;
            k = c->m[mi].t1;
            while (k < s->t1 && (TOK(k).punct ? is_p(c, k, ",") : 0)) k++;
        }
        if (victim < 0) continue;
        for (int q = k; q < s->t1 && q < k + 3 && agent < 0; q++) {
            if (is_w(c, q, "by")) {
                int mi = object_from(c, q + 1, 5, KGL_T_ACTOR, 0);
                if (mi >= 0) agent = c->m[mi].ent;
                break;
            }
            if (is_w(c, q, "in") || is_w(c, q, "from") || is_w(c, q, "during")) agent = attack_agent(c, q + 1);
        }
        if (agent < 0) { /* "..., resulting in the death of X": the clause's subject */
            int d = i - 1;
            while (d > s->t0 && in_set(c, "det", d)) d--;
            if ((is_w(c, d, "in") && is_w(c, d - 1, "resulting")) || (is_w(c, d, "to") && is_w(c, d - 1, "leading"))) {
                int subj[1];
                if (subject_of(c, d - 1, KGL_T_ACTOR, subj, 1) > 0) agent = subj[0];
            } else if (is_w(c, d, "causing"))  {
                int subj[1];
                if (subject_of(c, d, KGL_T_ACTOR, subj, 1) > 0) agent = subj[0];
            }
        }
        if (agent < 0 || agent == victim) continue;
        int who, scope = act_scope(c, i, &who);
        if (scope < 0) continue;
        c->mod = scope == KGL_MOD_DENIED ? KGL_MOD_ASSERTED : scope, c->claimant = who;
        if (scope == KGL_MOD_DENIED) emit_denied_act(c, who, agent, "killed", victim);
        else emit(c, agent, "killed", victim, NULL, "kill.death");
        c->mod = c->smod, c->claimant = c->sclaimant;
    }
}

/* A military rank before a person: "Iraqi Brig. Gen. X" -> member-of the Iraqi
** armed forces; "Army Gen. X", "Air Force Colonel X" with no country -> the US
** armed forces (the style of English-language news: other countries' officers
** carry their nationality). */
static void rank_membership(ctx *c, const mention *p)
{
    const kgl_sent *s = c->s;
    int k = p->t0 - 1, rank = 0, service = 0;
    while (k >= s->t0 && c->mid[k] < 0 && (in_set(c, "honorific", k) || in_set(c, "service", k))) {
        rank |= in_set(c, "rank", k);
        service |= in_set(c, "service", k);
        k--;
    }
    if (!rank) return;
    int e = -1;
    if (k >= s->t0 && c->mid[k] >= 0 && (c->m[c->mid[k]].tb & KGL_T_COUNTRY)) {
        const mention *cm = &c->m[c->mid[k]];
        char buf[256];
        size_t n = TOK(cm->t1 - 1).e - TOK(cm->t0).s;
        if (n > 120) return;
        snprintf(buf, sizeof buf, "%.*s armed forces", (int)n, c->d->text + TOK(cm->t0).s);
        e = dict_entity(c, buf, NULL);
        if (e < 0 && cm->adj) {
            snprintf(buf, sizeof buf, "%.*s Armed Forces", (int)n, c->d->text + TOK(cm->t0).s);
            e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
        }
    } else if (service && !(k >= s->t0 && c->mid[k] >= 0 && c->m[c->mid[k]].adj))
        e = dict_entity(c, "United States Armed Forces", NULL);
    if (e >= 0) emit(c, p->ent, "member-of", e, NULL, "member.rank");
}

/* The country a person leads by the dictionary's dated roles, or -1. */
static int led_country(ctx *c, int person)
{
    int de = c->r->ent[person].dict;
    if (de < 0) return -1;
    for (int i = 0; i < c->lx->nroles; i++) {
        const kgl_role *ro = &c->lx->roles[i];
        if (ro->person != de || strcmp(ro->rel, "leads") || strcmp(c->lx->ent[ro->target].type, "country")) continue;
        if (c->date != KG_NODATE && ((ro->from != KG_NODATE && c->date < ro->from) || (ro->to != KG_NODATE && c->date > ro->to)))
            continue;
        return ro->target;
    }
    return -1;
}

/* "Vladimir Putin's forces", "the forces of Syrian president Bashar al-Assad",
** "forces loyal to President X": the national armed forces of the country the
** person leads (by the dictionary's dated roles, or the demonym before the
** title), led by the person; the force noun becomes a mention of them. */
static void leader_forces(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1; i++) {
        if (!in_set(c, "forcenoun", i) || c->mid[i] >= 0 || c->inq[i] >= 0) continue;
        int pm = -1, adj = -1, head = 0; /* head: a head-of-state title stands between ("Syrian president X") */
        if (i - 2 >= s->t0 && TOK(i - 1).poss && c->mid[i - 2] >= 0 && c->m[c->mid[i - 2]].tb == KGL_T_PERSON)
            pm = c->mid[i - 2];
        else if ((is_w(c, i + 1, "of") || (is_w(c, i + 1, "loyal") && is_w(c, i + 2, "to")))) {
            int k = i + (is_w(c, i + 1, "of") ? 2 : 3);
            for (int q = k; q < s->t1 && q < k + 5 && pm < 0; q++) {
                if (c->mid[q] >= 0) {
                    const mention *m = &c->m[c->mid[q]];
                    if (m->adj && (m->tb & KGL_T_COUNTRY)) adj = c->mid[q];
                    else if (m->tb == KGL_T_PERSON) pm = c->mid[q];
                    else break;
                    q = m->t1 - 1;
                    continue;
                }
                if (rule_at(c, KGL_R_TITLE, q, NULL, NULL)) head = 1;
                else if (!(in_set(c, "det", q) || in_set(c, "honorific", q) || in_set(c, "skipadj", q)))
                    break;
            }
        }
        if (pm < 0) continue;
        int person = c->m[pm].ent;
        int entry = led_country(c, person);
        if (entry < 0 && adj >= 0 && head) entry = c->r->ent[c->m[adj].ent].dict; /* not "Libyan General X" */
        if (entry < 0) continue;
        char buf[256], dem[128];
        snprintf(buf, sizeof buf, "%s armed forces", c->lx->ent[entry].canon);
        int e = dict_entity(c, buf, NULL);
        const char *d = demonym_of(c, entry, dem, sizeof dem);
        if (e < 0 && d) snprintf(buf, sizeof buf, "%s armed forces", d), e = dict_entity(c, buf, NULL);
        if (e < 0 && d) snprintf(buf, sizeof buf, "%s Armed Forces", d), e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
        if (e < 0) continue;
        add_mention(c, i, i + 1, e, 0, KGL_F_FORCE);
        emit(c, person, "leads", e, NULL, "lead.forces");
    }
}

/* Tallies: "the amendment received 3 votes in favour (Algeria, China, Russia), 11
** abstentions and 1 against (United States)": each member named in the brackets
** voted on the text the clause is about (the first text named in the sentence). */
static void tally_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    int ev = -2;
    for (int i = s->t0; i + 1 < s->t1; i++) {
        int open = -1;
        if ((is_w(c, i, "favour") || is_w(c, i, "favor")) && is_p(c, i + 1, "(")) open = i + 1;
        else if (is_w(c, i, "against") && is_p(c, i + 1, "(") && i > s->t0 && isdigit((unsigned char)c->d->text[TOK(i - 1).s]))
            open = i + 1;
        if (open < 0) continue;
        if (ev == -2) { /* the text voted on: the first vote noun of the sentence */
            ev = -1;
            for (int k = s->t0; k < i && ev < 0; k++)
                if (in_set(c, "votenoun", k) || (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_EVENT)) {
                    if (c->mid[k] >= 0) ev = c->m[c->mid[k]].ent;
                    else {
                        int a = k;
                        while (a > s->t0 && in_set(c, "det", a - 1) == 0 && !TOK(a - 1).punct && c->mid[a - 1] < 0 &&
                               !is_prep(c, a - 1) && a > k - 3)
                            a--;
                        ev = event_object(c, a, "voted", -1);
                    }
                }
        }
        if (ev < 0) return;
        for (int k = open + 1; k < s->t1 && !is_p(c, k, ")"); k++)
            if (c->mid[k] >= 0) {
                const mention *m = &c->m[c->mid[k]];
                if ((m->tb & (KGL_T_COUNTRY | KGL_T_ORG)) && !m->adj) emit(c, m->ent, "voted", ev, NULL, "vote.tally");
                k = m->t1 - 1;
            }
    }
}

/* ---------------------------------------------------------------- titles and appositions */
static int role_target(ctx *c, int person, const char *title)
{
    int de = c->r->ent[person].dict;
    if (de < 0) return -1;
    for (int i = 0; i < c->lx->nroles; i++) {
        const kgl_role *ro = &c->lx->roles[i];
        if (ro->person != de || strcmp(ro->title, title)) continue;
        /* a title named with the person ("President Obama" in 2020) may look
        ** back at a past tenure; only a role that starts after the text is refused
        ** ("Vice President Biden" in 2015 is not "President Biden") */
        if (c->date != KG_NODATE && ro->from != KG_NODATE && c->date < ro->from - 400) continue;
        const kgl_dentry *t = &c->lx->ent[ro->target];
        int e = kgl_result_entity(c->r, t->type, t->canon, strlen(t->canon));
        c->r->ent[e].dict = ro->target;
        return e;
    }
    return -1;
}

/* Title form ending exactly at token `end` (exclusive); returns its start or -1. */
static int title_ending(ctx *c, int end, const kgl_rule **ru, const kgl_form **fo)
{
    for (int st = end - 4 < c->s->t0 ? c->s->t0 : end - 4; st < end; st++) {
        const kgl_rule *r = NULL;
        const kgl_form *f = NULL;
        int n = rule_at(c, KGL_R_TITLE, st, &r, &f);
        const kgl_rule *r2 = NULL;
        const kgl_form *f2 = NULL;
        int n2 = rule_at(c, KGL_R_APPOS, st, &r2, &f2);
        if (n2 > n) n = n2, r = r2, f = f2;
        if (n && st + n == end && !f->prep) {
            *ru = r;
            *fo = f;
            return st;
        }
    }
    return -1;
}

static void title_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int mi = 0; mi < c->nm; mi++) {
        mention *p = &c->m[mi];
        if (p->t0 < s->t0 || p->t1 > s->t1 || p->adj) continue;
        /* (0) a dictionary name that holds its title ("President Trump"): the dated role */
        if (p->tb == KGL_T_PERSON && p->t1 - p->t0 >= 2) {
            const kgl_rule *ru = NULL;
            const kgl_form *fo = NULL;
            int n = rule_at(c, KGL_R_TITLE, p->t0, &ru, &fo);
            if (n && p->t0 + n < p->t1) {
                char title[256] = "";
                for (int t = p->t0; t < p->t0 + n; t++) {
                    if (t > p->t0) strncat(title, " ", sizeof title - strlen(title) - 1);
                    strncat(title, NORM(t), sizeof title - strlen(title) - 1);
                }
                int tg = role_target(c, p->ent, title);
                if (tg >= 0) emit(c, p->ent, ru->rel, tg, ru, NULL);
            }
        }
        /* (1) ORG/COUNTRY [adj] TITLE [honorifics] PERSON */
        if (p->tb == KGL_T_PERSON) {
            int k = p->t0 - 1;
            const kgl_rule *ru = NULL;
            const kgl_form *fo = NULL;
            int ts = -1;
            while (k >= s->t0) {
                ts = title_ending(c, k + 1, &ru, &fo);
                if (ts >= 0) break;
                if (!(in_set(c, "honorific", k) || is_p(c, k, ",") || in_set(c, "skipadj", k))) break;
                k--;
            }
            if (ts >= 0) {
                int q = ts - 1;
                while (q >= s->t0 && (in_set(c, "skipadj", q) || in_set(c, "det", q) || TOK(q).poss)) q--;
                int org = q >= s->t0 ? c->mid[q] : -1;
                int done = 0;
                if (org >= 0) {
                    mention *o = &c->m[org];
                    int ok = ru->kind == KGL_R_TITLE ? (o->tb & (KGL_T_COUNTRY | KGL_T_ORG)) != 0
                                                     : o->tb == KGL_T_ORG; /* "Sadrist leader X" too */
                    if (ok) {
                        emit(c, p->ent, ru->rel, o->ent, ru, NULL);
                        done = 1;
                        /* "Sputnik and RT Editor-in-Chief X" */
                        int a = o->t0 - 1;
                        if (is_w(c, a, "and") && a - 1 >= s->t0 && c->mid[a - 1] >= 0 &&
                            c->m[c->mid[a - 1]].tb == o->tb)
                            emit(c, p->ent, ru->rel, c->m[c->mid[a - 1]].ent, ru, NULL);
                    }
                }
                if (!done) {
                    char title[256] = "";
                    for (int t = ts; t <= k; t++) {
                        if (t > ts) strncat(title, " ", sizeof title - strlen(title) - 1);
                        strncat(title, NORM(t), sizeof title - strlen(title) - 1);
                    }
                    int tg = role_target(c, p->ent, title);
                    if (tg >= 0) emit(c, p->ent, ru->rel, tg, ru, NULL);
                }
            } else if (k >= s->t0 && c->mid[k] >= 0 && k < p->t0 && in_set(c, "honorific", k + 1)) {
                /* "US Army Gen. X": an organisation before a rank */
                mention *o = &c->m[c->mid[k]];
                if (o->tb == KGL_T_ORG && !o->adj) emit(c, p->ent, "member-of", o->ent, NULL, "member.rank");
                else if (o->tb == KGL_T_COUNTRY) rank_membership(c, p);
            } else
                rank_membership(c, p);
        }
        /* (2) X, [the|a] [adj] TITLE of|at|for ORG   /  X is the TITLE of ORG */
        {
            int k = p->t1;
            int copula = 0;
            if (is_p(c, k, "(")) { /* "Popular Mobilization Forces (PMF), a ..." */
                int q = k + 1;
                while (q < s->t1 && q < k + 6 && !is_p(c, q, ")")) q++;
                if (is_p(c, q, ")")) k = q + 1;
            }
            if (is_p(c, k, ",")) k++;
            else if (in_set(c, "be", k)) k++, copula = 1;
            else if (!is_w(c, k, "at") && !is_w(c, k, "of")) goto three;
            int lim = k + 10;
            for (; k < s->t1 && k < lim; k++) {
                const kgl_rule *ru = NULL;
                const kgl_form *fo = NULL;
                int n = rule_at(c, KGL_R_APPOS, k, &ru, &fo);
                const kgl_rule *r2 = NULL;
                const kgl_form *f2 = NULL;
                int n2 = rule_at(c, KGL_R_TITLE, k, &r2, &f2);
                if (n2 > n) n = n2, ru = r2, fo = f2;
                if (n) {
                    unsigned st = subj_types(ru);
                    int atorg = 0;
                    if (!(p->tb & st)) { /* "an official component": a title for other types, read on */
                        k += n - 1;
                        continue;
                    }
                    int t = k + n;
                    if (fo->prep) {
                        if (!is_w(c, t, fo->prep)) {
                            if (!(is_w(c, t, "of") || is_w(c, t, "at") || is_w(c, t, "for"))) {
                                k += n - 1;
                                continue;
                            }
                        }
                        t++;
                    } else if (is_w(c, t, "of") || is_w(c, t, "at") || is_w(c, t, "for"))
                        t++;
                    else if (fo->nw == 1 && (!strcmp(fo->w[0], "at") || !strcmp(fo->w[0], "for")))
                        atorg = 1; /* the form is the preposition: "X at ORG thinks" */
                    else {
                        k += n - 1;
                        continue;
                    }
                    unsigned ot = ru->kind == KGL_R_TITLE ? (KGL_T_COUNTRY | KGL_T_ORG) : KGL_T_ORG;
                    int om = object_from(c, t, 4, ot, atorg);
                    if (om >= 0 && (ru->kind == KGL_R_TITLE || !c->m[om].adj))
                        emit(c, p->ent, ru->rel, c->m[om].ent, ru, NULL);
                    break;
                }
                /* "X, CJTF spokesman", "X, Iraqi army spokesman for the Y": the organisation
                ** before the title */
                if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_ORG && !copula && p->tb == KGL_T_PERSON) {
                    const mention *o = &c->m[c->mid[k]];
                    const kgl_rule *r3 = NULL;
                    const kgl_form *f3 = NULL;
                    int q = o->t1;
                    while (q < s->t1 && in_set(c, "skipadj", q)) q++;
                    int n3 = rule_at(c, KGL_R_APPOS, q, &r3, &f3);
                    if (n3 && !f3->prep && (subj_types(r3) & KGL_T_PERSON) && strcmp(r3->id, "at.appos")) {
                        emit(c, p->ent, r3->rel, o->ent, r3, NULL);
                        /* "X, Iraqi army spokesman for the Joint Military Command": and of that */
                        int f = q + n3;
                        if (is_w(c, f, "for") || is_w(c, f, "of")) {
                            int om2 = object_from(c, f + 1, 4, KGL_T_ORG, 0);
                            if (om2 >= 0 && c->m[om2].ent != o->ent) emit(c, p->ent, r3->rel, c->m[om2].ent, r3, NULL);
                        }
                    }
                }
                /* "X, an Iraqi militia group that is an official component of Y": adjectives
                ** (demonyms) and a relative "that is" may stand before the title */
                if ((c->mid[k] >= 0 && !c->m[c->mid[k]].adj) || is_clause_end(c, k) || is_p(c, k, ",")) break;
                if (c->mid[k] >= 0) {
                    k = c->m[c->mid[k]].t1 - 1;
                    continue;
                }
                if (copula && !(in_set(c, "det", k) || in_set(c, "skipadj", k))) break;
                if (in_set(c, "kinnoun", k)) break; /* "X, the son of the leader of Y": X is the son */
            }
        }
    three:
        /* (3b) "Chairman of the Joint Chiefs of Staff Army Gen. X": TITLE of ORG, ranks, PERSON */
        if (p->tb == KGL_T_PERSON) {
            int q = p->t0 - 1;
            while (q >= s->t0 && c->mid[q] < 0 && (in_set(c, "honorific", q) || in_set(c, "service", q))) q--;
            if (q < p->t0 - 1 && q >= s->t0 && c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_ORG) {
                mention *o = &c->m[c->mid[q]];
                int of = o->t0 - 1;
                while (of >= s->t0 && in_set(c, "det", of)) of--;
                const kgl_rule *ru = NULL;
                const kgl_form *fo = NULL;
                int ts = is_w(c, of, "of") ? title_ending(c, of, &ru, &fo) : -1;
                if (ts >= 0 && ru->kind == KGL_R_APPOS) emit(c, p->ent, ru->rel, o->ent, ru, NULL);
            }
        }
        /* (3) the TITLE of ORG, PERSON */
        if (p->tb == KGL_T_PERSON && p->t0 - 1 > s->t0 && is_p(c, p->t0 - 1, ",")) {
            int q = p->t0 - 2;
            if (q >= s->t0 && c->mid[q] >= 0) {
                mention *o = &c->m[c->mid[q]];
                int of = o->t0 - 1;
                while (of >= s->t0 && in_set(c, "det", of)) of--;
                if (o->tb == KGL_T_ORG && is_w(c, of, "of")) {
                    const kgl_rule *ru = NULL;
                    const kgl_form *fo = NULL;
                    int ts = title_ending(c, of, &ru, &fo);
                    if (ts >= 0 && ru->kind == KGL_R_APPOS) emit(c, p->ent, ru->rel, o->ent, ru, NULL);
                }
            }
        }
    }
}

/* Last word of an entity's canonical name is a unit noun (Force, Committee, Brigade)? */
static int unit_name(ctx *c, const mention *m)
{
    const char *nm = c->r->ent[m->ent].name;
    const char *sp = strrchr(nm, ' ');
    char *w = kgl_norm(sp ? sp + 1 : nm, strlen(sp ? sp + 1 : nm));
    int r = kgl_lex_in(c->lx, "unitnoun", w);
    free(w);
    return r;
}

/* Membership frames between names:
**   ORG officials|members|leaders including X and Y      -> X member-of ORG   (member.including)
**   the UNIT of [COUNTRY's] ORG / ORG's UNIT             -> UNIT member-of ORG (part.of, part.poss)
**   PERSON ... his|her FORCE                             -> PERSON leads FORCE (lead.his) */
static void member_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int mi = 0; mi < c->nm; mi++) {
        mention *o = &c->m[mi];
        if (o->t0 < s->t0 || o->t1 > s->t1 || o->adj) continue;
        if (o->tb == KGL_T_ORG) {
            int t = o->t1;
            if (t < s->t1 && in_set(c, "membernoun", t)) {
                int k = t + 1;
                if (is_p(c, k, ",")) k++;
                if (is_w(c, k, "including") || (is_w(c, k, "such") && is_w(c, k + 1, "as"))) {
                    k += is_w(c, k, "such") ? 2 : 1;
                    int pm = object_from(c, k, 6, KGL_T_PERSON, 1);
                    if (pm >= 0) {
                        emit(c, c->m[pm].ent, "member-of", o->ent, NULL, "member.including");
                        int co[6], nc = coordinated(c, pm, KGL_T_PERSON, co, 6);
                        for (int q = 0; q < nc; q++) emit(c, c->m[co[q]].ent, "member-of", o->ent, NULL, "member.including");
                    }
                }
            }
            if (unit_name(c, o) || ((o->flags & KGL_F_FORCE) && o->t0 > s->t0 && TOK(o->t0 - 1).poss)) {
                /* the UNIT of [the] [COUNTRY's] ORG */
                if (is_w(c, t, "of")) {
                    int k = t + 1;
                    while (k < s->t1 && (in_set(c, "det", k) || TOK(k).poss ||
                                         (c->mid[k] >= 0 && (c->m[c->mid[k]].tb & KGL_T_COUNTRY) &&
                                          (c->m[c->mid[k]].adj || (c->m[c->mid[k]].t1 < s->t1 && TOK(c->m[c->mid[k]].t1).poss))))) {
                        if (c->mid[k] >= 0) k = c->m[c->mid[k]].t1;
                        else k++;
                    }
                    if (k < s->t1 && c->mid[k] >= 0) {
                        mention *p = &c->m[c->mid[k]];
                        if (p->tb == KGL_T_ORG && !p->adj && p->ent != o->ent && !(p->t1 < s->t1 && TOK(p->t1).poss))
                            emit(c, o->ent, "member-of", p->ent, NULL, "part.of");
                    }
                }
                /* ORG's UNIT */
                int q = o->t0 - 1;
                while (q >= s->t0 && in_set(c, "skipadj", q)) q--;
                if (q >= s->t0 && TOK(q).poss) q--;
                else q = -1;
                if (q >= s->t0 && c->mid[q] >= 0) {
                    mention *p = &c->m[c->mid[q]];
                    if (p->tb == KGL_T_ORG && !p->adj && p->ent != o->ent)
                        emit(c, o->ent, "member-of", p->ent, NULL, "part.poss");
                }
            }
            /* PERSON [and|is VERBing] his FORCE */
            if ((o->flags & KGL_F_FORCE) && o->t0 - 1 >= s->t0 && (is_w(c, o->t0 - 1, "his") || is_w(c, o->t0 - 1, "her"))) {
                int subj[2];
                int v = o->t0 - 1;
                int n = 0;
                if (v - 1 >= s->t0 && is_w(c, v - 1, "and") && v - 2 >= s->t0 && c->mid[v - 2] >= 0 &&
                    c->m[c->mid[v - 2]].tb == KGL_T_PERSON)
                    subj[n++] = c->m[c->mid[v - 2]].ent;
                else {
                    /* the subject of the verb before "his": a person only */
                    int w = v - 1;
                    while (w >= s->t0 && !TOK(w).punct && c->mid[w] < 0 && w > v - 4) w--;
                    if (w < v - 1 && w >= s->t0 && c->mid[w] >= 0 && c->m[c->mid[w]].tb == KGL_T_PERSON &&
                        !modal_before(c, v - 1))
                        subj[n++] = c->m[c->mid[w]].ent;
                }
                if (n) emit(c, subj[0], "leads", o->ent, NULL, "lead.his");
            }
        }
    }
}

/* ---------------------------------------------------------------- prepositional located-at */
static void place_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->adj) continue;
        int force = (m->flags & KGL_F_FORCE) != 0;
        int base = m->tb == KGL_T_BASE;
        int org = m->tb == KGL_T_ORG;
        if (!force && !base && !org) continue;
        if (m->t0 > s->t0 && is_w(c, m->t0 - 1, "by")) continue; /* "attacks by Hamas in southern Israel" */
        int t = m->t1;
        while (t < s->t1 && in_set(c, "groupnoun", t)) t++;
        if (!(is_w(c, t, "in") || is_w(c, t, "at") || is_w(c, t, "inside") || (force && is_w(c, t, "on")) ||
              (base && is_w(c, t, "within"))))
            continue;
        if (org && !force && !is_w(c, t, "in")) continue;
        if (t > m->t1 && !force) continue;
        int k = t + 1;
        if (is_w(c, t, "within")) {
            while (k < s->t1 && k < t + 5 && !is_w(c, k, "of")) k++;
            k++;
        }
        unsigned ot = KGL_T_BASE | KGL_T_PLACE | KGL_T_COUNTRY;
        if (base) ot = KGL_T_PLACE | KGL_T_COUNTRY;
        /* skip a country that only qualifies the place: "in Iraq's Anbar province" */
        int om = -1;
        for (int q = k; q < s->t1 && q < k + 5; q++) {
            if (c->mid[q] >= 0) {
                mention *o = &c->m[c->mid[q]];
                if (o->adj || (o->t1 < s->t1 && TOK(o->t1).poss)) {
                    q = o->t1;
                    continue;
                }
                if (o->tb & ot) om = c->mid[q];
                break;
            }
            if (!(in_set(c, "det", q) || in_set(c, "skipadj", q) || in_set(c, "direction", q))) break;
        }
        if (om < 0) continue;
        const char *rid = force ? "locate.prep.force" : base ? "locate.prep.base" : "locate.prep.org";
        /* "U.S. and coalition forces in X": the country before "and" shares the force noun */
        int subjs[2] = {m->ent, -1};
        if (force && m->t0 - 2 >= s->t0 && is_w(c, m->t0 - 1, "and") && c->mid[m->t0 - 2] >= 0) {
            const mention *cm = &c->m[c->mid[m->t0 - 2]];
            if (cm->tb == KGL_T_COUNTRY && t > m->t1 - 1) {
                char buf[256];
                size_t n = TOK(cm->t1 - 1).e - TOK(cm->t0).s;
                if (n < 120) {
                    snprintf(buf, sizeof buf, "%.*s forces", (int)n, c->d->text + TOK(cm->t0).s);
                    subjs[1] = dict_entity(c, buf, NULL);
                }
            }
        }
        /* "in Iraq and Syria": coordinated places */
        int objs2[6], no2 = 0;
        objs2[no2++] = c->m[om].ent;
        {
            int co[5], nc = coordinated(c, om, ot, co, 5);
            for (int q = 0; q < nc && no2 < 6; q++) objs2[no2++] = c->m[co[q]].ent;
        }
        for (int a = 0; a < 2; a++)
            for (int q = 0; q < no2 && subjs[a] >= 0; q++) emit(c, subjs[a], "located-at", objs2[q], NULL, rid);
        /* "Kariz base in Zummar Nineveh": adjacent places */
        mention *o = &c->m[om];
        if (base && o->t1 < s->t1 && c->mid[o->t1] >= 0 && (c->m[c->mid[o->t1]].tb & KGL_T_PLACE))
            emit(c, m->ent, "located-at", c->m[c->mid[o->t1]].ent, NULL, rid);
    }
    /* a name that says where it is ("US Embassy in Baghdad", "Joint Operations Room in
    ** Baghdad"): located-at the place it names, when the dictionary knows it */
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->adj || !(m->tb & (KGL_T_ORG | KGL_T_BASE))) continue;
        for (int k = m->t0 + 1; k < m->t1 - 1; k++) {
            if (!is_w(c, k, "in")) continue;
            const char *x = c->d->text + TOK(k + 1).s;
            char *n = kgl_norm(x, TOK(m->t1 - 1).e - TOK(k + 1).s);
            int a = kgl_lex_find(c->lx, n);
            free(n);
            if (a < 0 || c->lx->al[a].adj) break;
            const kgl_dentry *de = &c->lx->ent[c->lx->al[a].entry];
            if (strcmp(de->type, "place") && strcmp(de->type, "country")) break;
            int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
            c->r->ent[e].dict = c->lx->al[a].entry;
            emit(c, m->ent, "located-at", e, NULL, "locate.name");
            break;
        }
    }
    /* "Ayn al-Assad Airbase close to Baghdad in al-Anbar province": past a "near X" phrase */
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->tb != KGL_T_BASE || m->adj) continue;
        int k = m->t1;
        if (is_w(c, k, "close") && is_w(c, k + 1, "to")) k += 2;
        else if (is_w(c, k, "near")) k++;
        else if (in_set(c, "direction", k) && is_w(c, k + 1, "of")) k += 2;
        else continue;
        if (k >= s->t1 || c->mid[k] < 0) continue;
        k = c->m[c->mid[k]].t1;
        if (!is_w(c, k, "in") || k + 1 >= s->t1) continue;
        int q = k + 1;
        while (q < s->t1 && (in_set(c, "det", q) || in_set(c, "direction", q))) q++;
        if (q < s->t1 && c->mid[q] >= 0 && (c->m[c->mid[q]].tb & (KGL_T_PLACE | KGL_T_COUNTRY)) && !c->m[c->mid[q]].adj)
            emit(c, m->ent, "located-at", c->m[c->mid[q]].ent, NULL, "locate.prep.base");
    }
    /* "X, a U.S. military outpost in Rukban, northeast Jordan": the base is in the
    ** places named after the description */
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->tb != KGL_T_BASE || !is_p(c, m->t1, ",") ||
            !appos_noun(c, m->t1 + 1, "basenoun"))
            continue;
        int k = m->t1 + 2;
        while (k < s->t1 && k < m->t1 + 8 && !is_w(c, k, "in") && !is_p(c, k, ",")) k++;
        if (!is_w(c, k, "in")) continue;
        for (int q = k + 1, n = 0; q < s->t1 && n < 2; q++) {
            if (c->mid[q] >= 0) {
                mention *o = &c->m[c->mid[q]];
                if (!(o->tb & (KGL_T_PLACE | KGL_T_COUNTRY)) || o->adj) break;
                emit(c, m->ent, "located-at", o->ent, NULL, "locate.appos.base");
                n++;
                q = o->t1 - 1;
                continue;
            }
            if (!(is_p(c, q, ",") || in_set(c, "direction", q))) break;
        }
    }
    /* "Lebanon-based X" */
    for (int i = s->t0 + 1; i < s->t1; i++) {
        if (!is_w(c, i, "based") || !TOK(i).glued || c->mid[i - 1] < 0) continue;
        mention *pl = &c->m[c->mid[i - 1]];
        if (!(pl->tb & (KGL_T_PLACE | KGL_T_COUNTRY))) continue;
        for (int k = i + 1; k < s->t1 && k < i + 8; k++) {
            if (c->mid[k] >= 0) {
                mention *o = &c->m[c->mid[k]];
                if (o->tb == KGL_T_ORG && !o->adj) emit(c, o->ent, "located-at", pl->ent, NULL, "locate.based");
                break;
            }
            if (TOK(k).punct && !is_p(c, k, ",")) break;
        }
    }
}

/* ---------------------------------------------------------------- statements */
static void find_quotes(ctx *c, int t0, int t1)
{
    int open = -1;
    int straight = 0;
    for (int i = t0; i < t1; i++) {
        if (!TOK(i).punct) continue;
        const char *p = c->d->text + TOK(i).s;
        size_t n = TOK(i).e - TOK(i).s;
        int isopen = n == 3 && !memcmp(p, "\xE2\x80\x9C", 3);
        int isclose = n == 3 && !memcmp(p, "\xE2\x80\x9D", 3);
        if (n == 1 && *p == '"') {
            if (open < 0) isopen = 1, straight = 1;
            else if (straight) isclose = 1;
        }
        if (isopen && open < 0) {
            open = i;
            straight = n == 1;
        } else if (isopen && open >= 0 && i == open + 1) {
            open = i; /* doubled mark */
        } else if (isclose && open >= 0) {
            if (c->nq == c->capq) {
                c->capq = c->capq ? c->capq * 2 : 32;
                c->q = kgl_xrealloc(c->q, c->capq * sizeof *c->q);
            }
            c->q[c->nq] = (quote){open + 1, i, open, i, 0};
            for (int k = open + 1; k < i; k++) c->inq[k] = c->nq;
            c->nq++;
            open = -1;
        }
    }
}

/* Statement text from bytes [s, e): quote marks removed, white space collapsed,
** trailing commas trimmed. */
static int make_statement(ctx *c, uint32_t s, uint32_t e)
{
    kgl_buf b = {0};
    const char *x = c->d->text;
    int sp = 0;
    for (uint32_t i = s; i < e;) {
        if (e - i >= 3 && (!memcmp(x + i, "\xE2\x80\x9C", 3) || !memcmp(x + i, "\xE2\x80\x9D", 3))) {
            i += 3;
            continue;
        }
        if (x[i] == '"') {
            i++;
            continue;
        }
        if (isspace((unsigned char)x[i])) {
            sp = 1;
            i++;
            continue;
        }
        if (sp && b.len) kgl_buf_putc(&b, ' ');
        sp = 0;
        kgl_buf_putc(&b, x[i++]);
    }
    for (;;) { /* trailing commas, colons and citation marks ("[14][15]") */
        if (b.len && (b.p[b.len - 1] == ',' || b.p[b.len - 1] == ' ' || b.p[b.len - 1] == ':' || b.p[b.len - 1] == ';')) {
            b.p[--b.len] = 0;
            continue;
        }
        size_t k = b.len;
        if (k >= 3 && b.p[k - 1] == ']') {
            size_t q = k - 2;
            while (q > 0 && isdigit((unsigned char)b.p[q])) q--;
            if (b.p[q] == '[' && q < k - 2) {
                b.len = q;
                b.p[b.len] = 0;
                continue;
            }
        }
        break;
    }
    size_t st = 0;
    while (st < b.len && (b.p[st] == ',' || b.p[st] == ' ' || b.p[st] == ':')) st++;
    int words = 0;
    for (size_t i = st; i < b.len; i++) words += (i == st || b.p[i - 1] == ' ') && b.p[i] != ' ';
    int ent = -1;
    if (words >= 2) ent = kgl_result_entity(c->r, "statement", b.p + st, b.len - st);
    kgl_buf_free(&b);
    return ent;
}

static void said(ctx *c, int speaker, int stmt, const char *rule)
{
    if (stmt < 0) return;
    if (speaker >= 0) {
        kgl_result_fact(c->r, speaker, "said", stmt, c->s->s, c->s->e, c->date, 0.8f, rule);
        c->last_speaker = speaker;
        c->speaker_para = c->s->para;
        c->person_since = 0;
    }
}

/* Speaker right after a closing quote: ", X said", ", said X", ", he added". */
static int speaker_after(ctx *c, int t, int *out, int cap, int *verbtok)
{
    const kgl_sent *s = c->s;
    while (t < s->t1 && (is_p(c, t, ",") || TOK(t).punct) && !is_quote_mark(c, t)) {
        if (is_clause_end(c, t) && !is_p(c, t, ",")) {
            if (!(is_p(c, t, "?") || is_p(c, t, "!"))) return 0;
        }
        t++;
    }
    for (int k = t; k < s->t1 && k < t + 25; k++) {
        if (is_quote_mark(c, k) || is_p(c, k, ";") || is_p(c, k, ".")) return 0;
        const kgl_rule *ru = NULL;
        if (rule_at(c, KGL_R_SPEECH, k, &ru, NULL) && !ru->needquote) {
            *verbtok = k;
            int n = 0;
            if (k > t) n = subject_of(c, k, KGL_T_ACTOR, out, cap);
            if (!n) {
                /* "said X", "said U.S. Army Gen. X": a person named in the words after the verb first */
                for (int q = k + 1; q < s->t1 && q < k + 8 && !is_clause_end(c, q) && !is_p(c, q, ","); q++)
                    if (c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_PERSON) {
                        out[n++] = c->m[c->mid[q]].ent;
                        break;
                    }
                int mi = n ? -1 : object_from(c, k + 1, 4, KGL_T_ACTOR, 0);
                if (mi >= 0) out[n++] = c->m[mi].ent;
            }
            return n;
        }
    }
    return 0;
}

/* A transcript speaker label at the start of the sentence ("SECRETARY OF DEFENSE
** MARK T. ESPER:", "MR. KIRBY:", "Q:"): the token of its colon, or -1. */
static int label_colon(ctx *c)
{
    const kgl_sent *s = c->s;
    int words = 0;
    for (int k = s->t0; k < s->t1 && k < s->t0 + 10; k++) {
        if (is_p(c, k, ":")) return words ? k : -1;
        if (TOK(k).punct) {
            if (!is_p(c, k, ".") && !is_p(c, k, "-")) return -1;
            continue;
        }
        const char *x = c->d->text + TOK(k).s;
        size_t n = TOK(k).e - TOK(k).s;
        for (size_t q = 0; q < n; q++)
            if (islower((unsigned char)x[q])) return -1;
        words++;
    }
    return -1;
}

/* The speaker a label names: its last name words (up to two, initials apart)
** after any title, as a person of this post or a new one. -1 for "Q" and the like. */
static int label_speaker(ctx *c, int colon)
{
    const kgl_sent *s = c->s;
    int st = colon, names = 0;
    for (int k = colon - 1; k >= s->t0; k--) {
        if (TOK(k).punct) continue;
        if (in_set(c, "honorific", k) || in_set(c, "personnoun", k) || in_set(c, "prep", k) || names == 2) break;
        if (TOK(k).e - TOK(k).s > 2 || !strchr(c->d->text + TOK(k).s, '.')) names++;
        st = k;
    }
    if (names == 0 || (names == 1 && TOK(st).e - TOK(st).s <= 1)) return -1;
    char buf[256];
    size_t bl = title_case(c->d->text + TOK(st).s, TOK(colon - 1).e - TOK(st).s, buf, sizeof buf);
    char *n = kgl_norm(buf, bl);
    int a = kgl_lex_find(c->lx, n);
    free(n);
    if (a >= 0 && !strcmp(c->lx->ent[c->lx->al[a].entry].type, "person")) {
        const kgl_dentry *de = &c->lx->ent[c->lx->al[a].entry];
        int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
        c->r->ent[e].dict = c->lx->al[a].entry;
        return e;
    }
    int e = find_short(c, NORM(colon - 1));
    if (e >= 0 && !strcmp(c->r->ent[e].type, "person")) return e;
    if (names < 2) return -1; /* "MR. KIRBY:" with no Kirby named before: not enough to name a person */
    char *sk = kgl_skel(buf, bl);
    e = *sk ? same_skeleton(c, "person", sk) : -1;
    free(sk);
    if (e < 0) e = kgl_result_entity(c->r, "person", buf, bl);
    kgl_result_alias(c->r, e, buf, bl);
    person_short_names(c, st, colon, e);
    return e;
}

/* Transcripts: a speaker label opens a turn; each paragraph of the turn is one
** statement of its speaker (the label and any quotes inside are not repeated). */
static void turn_statements(ctx *c)
{
    const kgl_sent *s = c->s;
    if (s > c->d->sent && s[-1].para == s->para) return; /* not the first sentence of its paragraph */
    /* a headline "Remarks / Explanation of Vote / Statement by [Amb.] X": the text is X's speech */
    if (s->para == 0) {
        int speechtitle = 0;
        for (int k = s->t0; k < s->t1; k++) {
            speechtitle |= in_set(c, "speechtitle", k);
            if (speechtitle && is_w(c, k, "by")) {
                int mi = object_from(c, k + 1, 4, KGL_T_PERSON, 1);
                if (mi >= 0) c->turn = c->doc_turn = c->m[mi].ent;
                return;
            }
        }
    }
    /* "— X, ROLE" under a quote paragraph: a pull quote attributed by a dash line */
    const char *d0 = c->d->text + TOK(s->t0).s;
    if (TOK(s->t0).punct && (!memcmp(d0, "\xE2\x80\x94", 3) || !memcmp(d0, "\xE2\x80\x93", 3) || *d0 == '-')) {
        int k = s->t0 + 1;
        if (k < s->t1 && c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_PERSON && s > c->d->sent) {
            int person = c->m[c->mid[k]].ent;
            const kgl_sent *p = s - 1;
            while (p > c->d->sent && p[-1].para == p->para) p--; /* the first sentence of the paragraph before */
            const kgl_sent *save = c->s;
            c->s = p; /* the token tests look within the current sentence */
            int quoted = p->para == s->para - 1 && p->t0 + 1 < p->t1 && c->inq[p->t0 + 1] >= 0 && is_quote_mark(c, p->t0);
            c->s = save;
            if (quoted) {
                const quote *q = &c->q[c->inq[p->t0 + 1]];
                int st = make_statement(c, TOK(q->t0).s, TOK(q->t1 - 1).e);
                said(c, person, st, "say.pullquote");
            }
        }
        return;
    }
    int colon = label_colon(c);
    uint32_t from = s->s;
    if (colon >= 0) {
        c->turn = label_speaker(c, colon);
        from = TOK(colon).e;
    } else if (c->turn < 0 || is_any_quote(c, s->t0))
        return;
    const kgl_sent *e = s;
    while (e + 1 < c->d->sent + c->d->nsent && e[1].para == s->para) e++;
    int words = 0;
    for (int k = colon >= 0 ? colon + 1 : s->t0; k < e->t1 && words < 8; k++) words += !TOK(k).punct;
    if (c->turn < 0 || words < 8) return;
    if (colon < 0) { /* narration in a turn: a caption naming the speaker, "(Source: ...)" */
        if (is_p(c, s->t0, "(") || is_p(c, s->t0, "[")) return;
        for (int k = s->t0; k < e->t1; k++)
            if (c->mid[k] >= 0 && c->m[c->mid[k]].ent == c->turn) return;
    }
    int st = make_statement(c, from, e->e);
    said(c, c->turn, st, "say.turn");
}

/* Does "that" follow right at t (after commas)? */
static int had_that_before(ctx *c, int t)
{
    while (t < c->s->t1 && is_p(c, t, ",")) t++;
    return is_w(c, t, "that");
}

static void statements(ctx *c)
{
    const kgl_sent *s = c->s;
    int sent_speaker = -1;
    turn_statements(c);
    /* 1. direct quotes that start in this sentence (quotes are in text order) */
    int q0 = 0, qn = c->nq;
    while (q0 < qn) {
        int mid = (q0 + qn) / 2;
        if (c->q[mid].open < s->t0) q0 = mid + 1;
        else qn = mid;
    }
    for (int qi = q0; qi < c->nq && c->q[qi].open < s->t1; qi++) {
        quote *q = &c->q[qi];
        if (q->used) continue;
        int words = 0;
        for (int k = q->t0; k < q->t1; k++) words += !TOK(k).punct;
        int spk[8], ns = 0, vt = -1;
        const char *rule = "say.quote.after";
        {
            int emb = 0;
            for (int k = s->t0; k < q->open - 2; k++)
                if (c->inq[k] < 0 && c->mid[k] < 0 && !TOK(k).punct && rule_at(c, KGL_R_SPEECH, k, NULL, NULL) &&
                    strcmp(NORM(k), "according")) {
                    int adj = k + 1;
                    while (adj < q->open && (is_p(c, adj, ",") || is_p(c, adj, ":") || is_w(c, adj, "that"))) adj++;
                    if (adj < q->open) emb = 1;
                }
            if (emb) continue;
        }
        /* "X “requested that ...,” AFP reports": the quote runs on from X's name; X said it */
        if (q->open - 1 >= s->t0 && c->mid[q->open - 1] >= 0 && c->m[c->mid[q->open - 1]].tb == KGL_T_PERSON) {
            spk[ns++] = c->m[c->mid[q->open - 1]].ent;
            rule = "say.quote.name";
        }
        /* after the quote */
        if (!ns && q->close + 1 < c->d->ntok) {
            const kgl_sent *save = c->s;
            /* the attribution may sit in the sentence where the quote ends */
            int lo = 0, hi = c->d->nsent;
            while (lo < hi) { /* the last sentence starting at or before the mark */
                int mid = (lo + hi) / 2;
                if (c->d->sent[mid].t0 <= q->close) lo = mid + 1;
                else hi = mid;
            }
            if (lo > 0 && q->close < c->d->sent[lo - 1].t1) c->s = &c->d->sent[lo - 1];
            ns = speaker_after(c, q->close + 1, spk, 8, &vt);
            c->s = save;
        }
        /* before the quote: X said: "..." / X said, "..." / saying "..." */
        if (!ns) {
            int k = q->open - 1;
            while (k >= s->t0 && (is_p(c, k, ",") || is_p(c, k, ":") || is_w(c, k, "that"))) k--;
            const kgl_rule *ru = NULL;
            for (int st = k; st >= s->t0 && st >= k - 3; st--) {
                int n = rule_at(c, KGL_R_SPEECH, st, &ru, NULL);
                if (n && st + n - 1 >= k - 1) {
                    if (in_set(c, "speechpart", st) && sent_speaker >= 0) spk[ns++] = sent_speaker;
                    else if (in_set(c, "speechpart", st) && c->last_speaker >= 0) spk[ns++] = c->last_speaker;
                    else ns = subject_of(c, st, KGL_T_ACTOR, spk, 8);
                    rule = ru->id;
                    break;
                }
            }
        }
        if (!ns && words < 4) continue; /* scare quotes, titles */
        if (!ns && (vt < s->t0 || vt >= s->t1)) {
            /* a quote paragraph continuing the last speaker's words (not when an attribution in
            ** this sentence names nobody we know: "“…,” the coalition said"; names in later
            ** sentences are not read yet) */
            if (q->open == s->t0 && c->last_speaker >= 0 && !c->person_since &&
                s->para - c->speaker_para <= 2) {
                spk[ns++] = c->last_speaker;
                rule = "say.quote.carry";
            }
        }
        q->used = 1;
        int st = make_statement(c, TOK(q->t0).s, TOK(q->t1 - 1).e);
        for (int k = 0; k < ns; k++) said(c, spk[k], st, rule);
        if (ns) sent_speaker = spk[0];
    }
    /* 2. reported speech: X said (that) ...; participles; according to X */
    for (int i = s->t0; i < s->t1; i++) {
        if (c->inq[i] >= 0 || TOK(i).punct || c->mid[i] >= 0) continue;
        const kgl_rule *ru = NULL;
        int n = rule_at(c, KGL_R_SPEECH, i, &ru, NULL);
        if (n && !strcmp(NORM(i), "according")) {
            int mi = -1; /* "according to Sputnik and RT Editor-in-Chief X": the person the titles name */
            for (int q = i + n; q < s->t1 && q < i + n + 9 && !is_clause_end(c, q) && !is_p(c, q, ","); q++)
                if (c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_PERSON) {
                    mi = c->mid[q];
                    break;
                }
            if (mi < 0) mi = object_from(c, i + n, 5, KGL_T_ACTOR, 0);
            if (mi < 0) continue;
            int anon = 0;
            for (int k = i + n; k < c->m[mi].t0; k++) anon |= in_set(c, "anonymous", k);
            if (anon) continue;
            mention *m = &c->m[mi];
            uint32_t a, b;
            if (i == s->t0) { /* According to X, CLAUSE */
                int k = m->t1;
                while (k < s->t1 && !is_p(c, k, ",")) k++;
                if (k >= s->t1) continue;
                a = TOK(k).e, b = s->e;
            } else {
                a = s->s, b = TOK(i - 1).s;
            }
            if (c->inq[i + n] >= 0) continue;
            int st = make_statement(c, a, b);
            said(c, m->ent, st, ru->id);
            continue;
        }
        if (!n) continue;
        { /* "the five states that border Lake Chad": a plural noun, not a verb of saying */
            char nb[KGL_LEMMA_MAX];
            const char *nl = kgl_lemma(NORM(i), KGL_POS_NOUN, nb, sizeof nb);
            if (nl && strcmp(nl, NORM(i)) && i > s->t0 &&
                (in_set(c, "det", i - 1) || isdigit((unsigned char)c->d->text[TOK(i - 1).s]) || in_set(c, "numberword", i - 1)))
                continue;
        }
        int after = i + n;
        /* "said" right after a closing quote is an attribution handled above */
        int k = i - 1;
        while (k >= s->t0 && !TOK(k).punct && (c->mid[k] >= 0 || in_set(c, "det", k) || in_set(c, "pronoun", k) ||
                                               in_set(c, "rolenoun", k) || in_set(c, "skipadj", k))) {
            if (c->mid[k] >= 0) k = c->m[c->mid[k]].t0 - 1;
            else k--;
        }
        if (k >= s->t0 && (is_quote_mark(c, k) || (is_p(c, k, ",") && is_quote_mark(c, k - 1)))) continue;
        if (k >= s->t0 && is_p(c, k, ",") && k - 1 >= s->t0 && is_quote_mark(c, k - 1)) continue;
        if (modal_before(c, i) && !in_set(c, "speechpart", i)) continue;
        /* final attribution without quotes: "CLAUSE, X said." */
        int rest = after;
        /* "CLAUSE, X told reporters / told the BBC." */
        if (in_set(c, "objspeech", i)) {
            if (is_w(c, rest, "the") && (in_set(c, "audience", rest + 1) || c->mid[rest + 1] >= 0)) rest++;
            if (c->mid[rest] >= 0) rest = c->m[c->mid[rest]].t1;
            else if (in_set(c, "audience", rest)) rest++;
        }
        while (rest < s->t1 && (in_set(c, "adverb", rest) || in_set(c, "timeword", rest))) rest++;
        /* "CLAUSE, X said in a statement / on Tuesday / in an interview with Y." */
        if ((is_w(c, rest, "in") || is_w(c, rest, "on")) && rest + 1 < s->t1) {
            int q = rest + 1, words = 0;
            while (q < s->t1 && !is_clause_end(c, q) && !is_p(c, q, ",") && !is_w(c, q, "that") && c->inq[q] < 0 && words < 6)
                q++, words++;
            if (q >= s->t1 || (is_clause_end(c, q) && !is_p(c, q, ":"))) rest = q;
        }
        int at_end = rest >= s->t1 || (is_clause_end(c, rest) && !(is_p(c, rest, ":") && rest + 1 < s->t1));
        int spk[8], ns = 0;
        if (at_end) {
            if (in_set(c, "speechpart", i)) continue;
            /* the clause is before the comma preceding the speaker */
            int cm = i - 1;
            while (cm > s->t0 && !is_p(c, cm, ",")) cm--;
            if (cm <= s->t0) continue;
            if (c->inq[cm - 1] >= 0 || is_quote_mark(c, cm - 1)) continue;
            /* "“…,” the spokesman, Colonel X, said": the quote is the statement (made above) */
            if (is_quote_mark(c, s->t0) && c->inq[s->t0 + 1] >= 0 && c->q[c->inq[s->t0 + 1]].used) continue;
            /* the speaker stands between that comma and the verb ("…, the coalition said" names
            ** nobody we know: not the last actor of the clause) */
            int named = 0;
            for (int k2 = cm + 1; k2 < i && !named; k2++)
                named = (c->mid[k2] >= 0 && !c->m[c->mid[k2]].adj) || in_set(c, "pronoun", k2) || in_set(c, "rolenoun", k2);
            if (!named) continue;
            { /* the speaker is between the comma and the verb, never in the clause */
                kgl_sent tail = *s;
                tail.t0 = cm + 1;
                c->s = &tail;
                ns = subject_of(c, i, KGL_T_ACTOR, spk, 8);
                c->s = s;
            }
            if (!ns) continue;
            int st = make_statement(c, s->s, TOK(cm).s);
            for (int a = 0; a < ns; a++) said(c, spk[a], st, ru->id);
            continue;
        }
        /* X said [to Y] [that] CLAUSE */
        int t = after;
        if (is_w(c, t, "to") && c->mid[t + 1] >= 0) t = c->m[c->mid[t + 1]].t1;
        if (ru && !strcmp(ru->rel, "said") && c->mid[t] >= 0 && !(c->m[c->mid[t]].tb & KGL_T_STATEMENT) &&
            (is_w(c, i, "told") || is_w(c, i, "asked") || in_set(c, "objspeech", i)))
            t = c->m[c->mid[t]].t1;
        /* "warned rebels to surrender", "urged X to leave": a directive, not a statement */
        if (in_set(c, "objspeech", i) && !had_that_before(c, after)) {
            int q = t;
            while (q < s->t1 && q < t + 12 && !is_w(c, q, "that") && !is_clause_end(c, q) && !is_w(c, q, "to") &&
                   !in_set(c, "be", q) && !in_set(c, "modal", q) && !in_set(c, "auxverb", q))
                q++; /* "told X to leave" (a directive); not "told X the government was unable to ..." */
            int quoted = 0; /* "asked parliament to take “urgent measures”" keeps its quote */
            for (int k2 = t; k2 < s->t1 && !quoted; k2++) quoted = c->inq[k2] >= 0;
            if (is_w(c, q, "to") && q + 1 < s->t1 && c->mid[q + 1] < 0 && !TOK(q + 1).cap && !in_set(c, "det", q + 1) &&
                !quoted)
                continue;
        }
        if (is_w(c, t, "the") && in_set(c, "audience", t + 1)) t += 2;
        else if (in_set(c, "objspeech", i) && in_set(c, "audience", t)) t++;
        else if (in_set(c, "objspeech", i) && c->mid[t] < 0 && (TOK(t).cap || (is_w(c, t, "the") && TOK(t + 1).cap))) {
            /* "told The Guardian the government ...": the outlet is the audience */
            if (is_w(c, t, "the")) t++;
            while (t < s->t1 && TOK(t).cap && !TOK(t).punct) t++;
        }
        int had_that = 0;
        while (t < s->t1 && (is_w(c, t, "that") || is_p(c, t, ",") || is_p(c, t, ":") || in_set(c, "adverb", t) ||
                             in_set(c, "timeword", t)))
            had_that |= is_w(c, t, "that"), t++;
        if (t >= s->t1) continue;
        if (in_set(c, "speechpart", t) && !had_that) continue; /* "X said, describing that ...": the participle's */
        if (is_quote_mark(c, t) && c->inq[t + 1] >= 0 && c->q[c->inq[t + 1]].used) continue;
        if ((in_set(c, "claimverb", i) || in_set(c, "claimnoun", i) || in_set(c, "npverb", i)) && !had_that && c->inq[t] < 0 &&
            !is_quote_mark(c, t)) {
            /* "claimed the attack", "declared itself X", "declared the road closed": an object, not a
            ** clause. Without "that" the clause needs a finite verb ("claimed X is ...") */
            int fin = 0;
            for (int k2 = t; k2 < s->t1 && !fin && !is_clause_end(c, k2) && !is_p(c, k2, ","); k2++)
                fin = in_set(c, "be", k2) || in_set(c, "modal", k2) || in_set(c, "negation", k2) ||
                      in_set(c, "auxverb", k2) ||
                      /* "announced, X conducted a raid": a past verb right after a name */
                      (k2 > t && c->mid[k2] < 0 && !TOK(k2).cap && c->mid[k2 - 1] >= 0 && !c->m[c->mid[k2 - 1]].adj &&
                       past_verb(c, k2));
            if (!fin) continue;
        }
        if (ru->needquote) {
            int hasq = 0;
            for (int k2 = t; k2 < s->t1; k2++) hasq |= c->inq[k2] >= 0;
            if (!hasq) continue;
        }
        /* a noun object without "that" (said nothing, told reporters) is fine; "said in a statement" is not a clause */
        if (!had_that && (is_prep(c, t) && !is_w(c, t, "the"))) {
            /* "said in a statement that ..." */
            int k2 = t;
            while (k2 < s->t1 && !is_w(c, k2, "that") && !is_clause_end(c, k2) && !is_p(c, k2, ",")) k2++;
            if (is_w(c, k2, "that")) t = k2 + 1;
            else if (is_p(c, k2, ",")) t = k2 + 1;
            else continue;
        }
        if (!had_that && in_set(c, "det", t) && !is_quote_mark(c, t)) {
            /* "wrote a letter", "said the words": a short noun phrase is an object, not a clause */
            int w = 0, k2 = t;
            for (; k2 < s->t1 && !is_clause_end(c, k2) && !is_p(c, k2, ","); k2++) w += !TOK(k2).punct;
            if (w <= 3) continue;
        }
        int denial = 0; /* "X rejected claims that CLAUSE": X denied the clause */
        {
            int d = i - 1;
            while (d > s->t0 && (in_set(c, "det", d) || in_set(c, "skipadj", d))) d--;
            denial = (in_set(c, "claimverb", i) || in_set(c, "claimnoun", i)) && d >= s->t0 &&
                     (in_set(c, "denyword", d) || rule_at(c, KGL_R_DENY, d, NULL, NULL));
            if (denial) i = d; /* the denier is the subject of the deny verb */
        }
        if (in_set(c, "speechpart", i) && i > s->t0 && in_set(c, "be", i - 1)) {
            ns = subject_of(c, i - 1, KGL_T_ACTOR, spk, 8); /* "the Pentagon is saying that ..." */
        } else if (in_set(c, "speechpart", i)) {
            if (sent_speaker >= 0) spk[ns++] = sent_speaker;
            else /* "X said, describing that ...": the subject of the verb of saying before */
                for (int k2 = i - 1; k2 >= s->t0 && k2 > i - 4; k2--)
                    if (!TOK(k2).punct && rule_at(c, KGL_R_SPEECH, k2, NULL, NULL)) {
                        ns = subject_of(c, k2, KGL_T_ACTOR, spk, 8);
                        break;
                    }
        } else
            ns = subject_of(c, i, KGL_T_ACTOR, spk, 8);
        /* the clause ends at the sentence end, or before a following ", participle" */
        uint32_t end = s->e;
        for (int k2 = t + 1; k2 < s->t1; k2++) {
            if (c->inq[k2] >= 0) continue;
            if (is_p(c, k2, ",") && k2 + 1 < s->t1 && in_set(c, "speechpart", k2 + 1)) {
                end = TOK(k2).s;
                break;
            }
            /* "..., and added (that) ...": the second verb has its own statement */
            if (is_w(c, k2, "and")) {
                int v2 = k2 + 1;
                while (v2 < s->t1 && in_set(c, "adverb", v2)) v2++;
                const kgl_rule *r2 = NULL;
                if (v2 < s->t1 && rule_at(c, KGL_R_SPEECH, v2, &r2, NULL) && !r2->needquote &&
                    strcmp(NORM(v2), "according")) {
                    end = TOK(is_p(c, k2 - 1, ",") ? k2 - 1 : k2).s;
                    break;
                }
            }
        }
        /* "called the ceasefire “a paper promise” before leaving": a naming verb says only its quote */
        if (in_set(c, "namingverb", i))
            for (int k2 = t; k2 < s->t1; k2++)
                if (c->inq[k2] >= 0) {
                    const quote *q = &c->q[c->inq[k2]];
                    t = q->t0;
                    end = TOK(q->t1 - 1).e;
                    break;
                }
        int st = make_statement(c, TOK(t).s, end);
        /* the quote inside this clause is covered */
        for (int k2 = t; k2 < s->t1; k2++)
            if (c->inq[k2] >= 0 && TOK(k2).s < end) c->q[c->inq[k2]].used = 1;
        if (denial) {
            for (int a = 0; a < ns; a++) emit(c, spk[a], "denied", st, NULL, "deny.claim");
            i = after;
            continue;
        }
        if (ns) {
            for (int a = 0; a < ns; a++) said(c, spk[a], st, ru->id);
            sent_speaker = spk[0];
        }
    }
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
    c->last_speaker = c->last_person = -1;
    c->turn = c->doc_turn = c->last_event = -1;
    c->lemma = calloc(c->d->ntok + 1, sizeof *c->lemma);
    if (!c->lemma) {
        kgl_result_free(r);
        return NULL;
    }
    index_forms(c);
    c->mid = kgl_xrealloc(NULL, (c->d->ntok + 1) * sizeof *c->mid);
    c->inq = kgl_xrealloc(NULL, (c->d->ntok + 1) * sizeof *c->inq);
    for (int i = 0; i <= c->d->ntok; i++) c->mid[i] = c->inq[i] = -1;
    /* quotes per paragraph */
    for (int i = 0; i < c->d->nsent;) {
        int j = i;
        while (j < c->d->nsent && c->d->sent[j].para == c->d->sent[i].para) j++;
        find_quotes(c, c->d->sent[i].t0, c->d->sent[j - 1].t1);
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
            c->last_event = -1;
            clear_short(c); /* (leaked before: fuzz_extract) */
            c->nrole = 0;
        }
        c->date = c->s->section < c->d->nsec ? c->d->sec[c->s->section].date : c->d->date;
        int m0 = c->nm;
        dict_mentions(c);
        cue_mentions(c);
        event_mentions(c, m0);
        anaphor_mentions(c);
        for (int k = m0; k < c->nm; k++)
            if (c->m[k].tb == KGL_T_EVENT) c->last_event = c->m[k].ent;
        /* bind dictionary persons' last names seen as single tokens later */
        for (int k = m0; k < c->nm; k++)
            if (c->m[k].tb == KGL_T_PERSON) {
                if (c->m[k].ent != c->last_speaker) c->person_since = 1;
            }
        sentence_modality(c);
        c->mod = c->smod, c->claimant = c->sclaimant;
        leader_forces(c);
        title_frames(c);
        member_frames(c);
        place_frames(c);
        verb_frames(c);
        c->mod = c->smod, c->claimant = c->sclaimant;
        death_frames(c);
        tally_frames(c);
        statements(c);
        for (int k = m0; k < c->nm; k++)
            if (c->m[k].tb == KGL_T_PERSON) c->last_person = c->m[k].ent, c->last_person_para = c->s->para;
    }
    clear_short(c);
    kgl_hidx_free(&c->snidx), kgl_hidx_free(&c->skidx);
    for (int i = 0; i < c->nskel; i++) free(c->skel[i]);
    free(c->role_w), free(c->role_e);
    for (int i = 0; i <= c->d->ntok; i++) free(c->lemma[i]);
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

static const kgl_result *sort_r;
static int fact_cmp(const void *a, const void *b) { return fact_cmp_key(sort_r, a, b); }

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
    sort_r = r;
    qsort(fs, r->nfact, sizeof *fs, fact_cmp);
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
        if (f->claimant >= 0) put_field(out, r->ent[f->claimant].name, strlen(r->ent[f->claimant].name));
        if (getenv("KGL_RULES")) kgl_buf_printf(out, "\t%s", f->rule);
        kgl_buf_putc(out, '\n');
    }
    free(fs);
}
