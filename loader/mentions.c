/*
** mentions.c -- extraction stage: mentions (kglx_*, see extract.h). Dictionary
** aliases matched longest-first, with the national bodies a country's name or
** demonym names ("Nigerian troops"); names the dictionary lacks, typed by cue
** words (titles, organisation and base words, locative prepositions); acronyms
** a text defines; short names bound to the last full name; events named by a
** place and what happened there; "the coalition" as an organisation named before.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"
#include "extract.h"

static void define_acronym(ctx *c, int t1, int e);

/* ---------------------------------------------------------------- mentions */
/* A mention of ent over tokens t0..t1 whose surface form (the alias the
** entity gets; none for a demonym) is alias[0..alen). */
static void add_mention_as(ctx *c, int t0, int t1, int ent, int adj, unsigned flags,
                           const char *alias, size_t alen)
{
    if (c->nm == c->capm) {
        c->capm = c->capm ? c->capm * 2 : 256;
        c->m = kgl_xrealloc(c->m, c->capm * sizeof *c->m);
    }
    c->m[c->nm] = (mention){t0, t1, ent, adj, tbit(c->r->ent[ent].type), flags};
    for (int t = t0; t < t1; t++)
        c->mid[t] = c->nm;
    c->nm++;
    if (!adj) kgl_result_alias(c->r, ent, alias, alen);
}

void kglx_add_mention(ctx *c, int t0, int t1, int ent, int adj, unsigned flags)
{
    add_mention_as(c, t0, t1, ent, adj, flags, c->d->text + TOK(t0).s, TOK(t1 - 1).e - TOK(t0).s);
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

int kglx_find_short(ctx *c, const char *norm)
{
    uint64_t h = kgl_hash(norm, strlen(norm), 2);
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&c->snidx, h, &pos)) >= 0;)
        if (!strcmp(c->sn[i], norm)) return c->sn_ent[i];
    return -1;
}

void kglx_clear_short(ctx *c)
{
    for (int i = 0; i < c->nsn; i++)
        free(c->sn[i]);
    c->nsn = 0;
    kgl_hidx_clear(&c->snidx);
}

/* The last entity of this type whose name has skeleton sk (non-empty), or -1.
** Skeletons of entities made since the last call are computed first, once. */
int kglx_same_skeleton(ctx *c, const char *type, const char *sk)
{
    for (; c->nskel < c->r->nent; c->nskel++) {
        const kgl_ent *e = &c->r->ent[c->nskel];
        if (c->nskel == c->capskel) {
            c->capskel = c->capskel ? c->capskel * 2 : 64;
            c->skel = kgl_xrealloc(c->skel, c->capskel * sizeof *c->skel);
        }
        c->skel[c->nskel] = NULL;
        if (strcmp(e->type, "person") && strcmp(e->type, "organisation") &&
            strcmp(e->type, "base") && strcmp(e->type, "place"))
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
void kglx_person_short_names(ctx *c, int t0, int t1, int ent)
{
    if (t1 - t0 < 2) return;
    int last = t1 - 1;
    while (last > t0 && (in_set(c, "suffix", last) || TOK(last).punct))
        last--;
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
int kglx_dict_entity(ctx *c, const char *name, unsigned *flags)
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

/* The armed forces of a country: the dictionary's "<name> armed forces" for
** the first of `names` (NULL entries skipped) that has one, else a new
** organisation "<make> Armed Forces" when `make` is not NULL; -1 otherwise.
** *flags (may be NULL) gets the entry's flags, or KGL_F_FORCE for a new one. */
int kglx_armed_forces(ctx *c, const char *const *names, int n, const char *make, unsigned *flags)
{
    char buf[512];
    for (int i = 0; i < n; i++) {
        if (!names[i]) continue;
        snprintf(buf, sizeof buf, "%s armed forces", names[i]);
        int e = kglx_dict_entity(c, buf, flags);
        if (e >= 0) return e;
    }
    if (!make) return -1;
    snprintf(buf, sizeof buf, "%s Armed Forces", make);
    if (flags) *flags = KGL_F_FORCE;
    return kgl_result_entity(c->r, "organisation", buf, strlen(buf));
}

/* The dictionary's entity named by a demonym and the force noun at token t
** ("Kenyan" + "troops": Kenya Defence Forces), or -1. */
int kglx_demonym_forces(ctx *c, const char *dem, int t, unsigned *flags)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s", dem, NORM(t));
    return kglx_dict_entity(c, buf, flags);
}

/* The demonym of dictionary entry `entry` as a surface form ("Nigerian"), or NULL. */
const char *kglx_demonym_of(ctx *c, int entry, char *buf, size_t len)
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
**   forcenoun  "Nigerian troops", "a U.S. Marine"  -> "<Demonym> Armed Forces" (a force),
**              also after a forceadj ("Nigerian security forces")
**   govnoun    "Russian authorities"               -> "Government of <Country>"
**   rebelnoun  "Libyan rebels"                     -> "<Demonym> rebels" (a force)
**   medianoun  "Libyan state television"           -> "<Demonym> state television"
** The dictionary's "<demonym> armed forces", "<country> armed forces" or
** "<demonym> government" wins when it exists. Returns the tokens taken, or 0. */
static int national_body(ctx *c, int t0, int t1, const kgl_alias *al, const kgl_dentry *country)
{
    /* "Israel's military": the name keeps its own mention, the body's starts at its noun */
    int m0 = t1 > t0 && TOK(t1 - 1).poss ? t1 : t0;
    const kgl_sent *s = c->s;
    char buf[512], dem[128];
    int e = -1, n = 0;
    unsigned flags = 0;
    const char *d = al->adj ? NULL : kglx_demonym_of(c, al->entry, dem, sizeof dem);
    if (al->adj) {
        size_t l = TOK(t1 - 1).e - TOK(t0).s;
        if (l >= sizeof dem) return 0;
        snprintf(dem, sizeof dem, "%.*s", (int)l, c->d->text + TOK(t0).s);
        d = dem;
    }
    /* "Ethiopian federal forces", "Pakistani security forces": a word of the state's forces */
    int fa = in_set(c, "forceadj", t1) && t1 + 1 < s->t1 && in_set(c, "forcenoun", t1 + 1);
    if (fa || in_set(c, "forcenoun", t1)) {
        n = fa ? 2 : 1;
        flags = KGL_F_FORCE;
        /* the forces the dictionary names with the demonym: "Ethiopian federal troops" and
        ** "Israel's military" as "Ethiopian troops", "Israeli military" */
        if ((fa || m0 > t0) && d) e = kglx_demonym_forces(c, d, t1 + fa, &flags);
        const char *names[] = {d, country->canon};
        if (e < 0) e = kglx_armed_forces(c, names, 2, d, &flags);
    } else if (in_set(c, "govnoun", t1)) {
        n = 1;
        if (d) snprintf(buf, sizeof buf, "%s government", d), e = kglx_dict_entity(c, buf, &flags);
        if (e < 0)
            snprintf(buf, sizeof buf, "government of %s", country->canon),
                e = kglx_dict_entity(c, buf, &flags);
        if (e < 0) {
            snprintf(buf, sizeof buf, "Government of %s", country->canon);
            e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
        }
    } else if (d && is_w(c, t1, "air") && is_w(c, t1 + 1, "force")) {
        /* "the Nigerian Air Force": the service, a force of its own */
        n = 2;
        flags = KGL_F_FORCE;
        snprintf(buf, sizeof buf, "%s air force", d);
        e = kglx_dict_entity(c, buf, &flags);
        if (e < 0)
            snprintf(buf, sizeof buf, "%s Air Force", d),
                e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    } else if (d && is_w(c, t1, "navy")) {
        n = 1;
        flags = KGL_F_FORCE;
        snprintf(buf, sizeof buf, "%s navy", d);
        e = kglx_dict_entity(c, buf, &flags);
        if (e < 0)
            snprintf(buf, sizeof buf, "%s Navy", d),
                e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    } else if (in_set(c, "vehiclenoun", t1) ||
               ((in_set(c, "weapon", t1) || in_set(c, "skipadj", t1)) &&
                (in_set(c, "vehiclenoun", t1 + 1) ||
                 (in_set(c, "weapon", t1 + 1) && in_set(c, "vehiclenoun", t1 + 2))))) {
        /* "Israeli warplanes", "US jets", "an Iranian ballistic missile": the country acts */
        while (!in_set(c, "vehiclenoun", t1 + n))
            n++;
        n++;
        e = kgl_result_entity(c->r, country->type, country->canon, strlen(country->canon));
        c->r->ent[e].dict = al->entry;
        flags = country->flags;
    } else if (d && al->adj && in_set(c, "rebelnoun", t1)) {
        n = 1;
        flags = KGL_F_FORCE;
        snprintf(buf, sizeof buf, "%s %s", d, NORM(t1));
        e = kglx_dict_entity(c, buf, &flags);
        if (e < 0) e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    } else if (d && al->adj && is_w(c, t1, "state") && t1 + 1 < s->t1 &&
               in_set(c, "medianoun", t1 + 1)) {
        n = 2;
        snprintf(buf, sizeof buf, "%s state %s", d, NORM(t1 + 1));
        e = kglx_dict_entity(c, buf, &flags);
        if (e < 0) e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    }
    if (e < 0) return 0;
    add_mention_as(c, m0, t1 + n, e, 0, flags, c->d->text + TOK(t0).s,
                   TOK(t1 + n - 1).e - TOK(t0).s);
    return n;
}

/* Words of a name, counting the parts of a hyphenated word ("Bashar al-Assad": 3). */
static int words_in(const char *x)
{
    int n = 0, in = 0;
    for (const char *p = x; *p; p++) {
        int sep = *p == ' ' || *p == '-';
        if (!sep && !in) n++;
        in = !sep;
    }
    return n;
}

/* A given name right before token i (past a particle: "Maher al-Assad"): a
** capitalised word that is no title, function word, common noun or verb, and no
** name already found. */
static int given_name_before(ctx *c, int i)
{
    int k = i - 1;
    if (k > c->s->t0 &&
        (is_w(c, k, "al") || is_w(c, k, "el") || is_w(c, k, "bin") || is_w(c, k, "ibn")))
        k--;
    if (k < c->s->t0) return 0;
    if (TOK(k).punct || TOK(k).poss || !TOK(k).cap || TOK(k).upper || c->mid[k] >= 0) return 0;
    if (in_set(c, "firstname", k)) return 1;
    size_t n = strlen(NORM(k));
    if (k == c->s->t0 && n > 2 && !strcmp(NORM(k) + n - 2, "ly")) return 0; /* "Meanwhile" */
    return !(in_set(c, "honorific", k) || in_set(c, "personnoun", k) || in_set(c, "rolenoun", k) ||
             in_set(c, "service", k) || in_set(c, "det", k) || is_prep(c, k) ||
             in_set(c, "conj", k) || in_set(c, "relword", k) || in_set(c, "adverb", k) ||
             in_set(c, "month", k) || in_set(c, "timeword", k) || in_set(c, "direction", k) ||
             in_set(c, "orgsuffix", k) || in_set(c, "placesuffix", k) ||
             kgl_is_lemma(NORM(k), KGL_POS_NOUN) || kgl_is_lemma(NORM(k), KGL_POS_VERB));
}

/* A capitalised name from t1 that ends in an organisation's head word ("Liberation
** Front" in "Ituri Liberation Front", "Liberation Movement" in "Sudan Liberation
** Movement", "Defence Ministry" in "Russian Defence Ministry"): the place, country
** or demonym before it opens the organisation's name, which cue_mentions reads
** whole. Not when the run goes on with "of" or "for". */
static int org_name_follows(ctx *c, int t1)
{
    const kgl_sent *s = c->s;
    int k = t1;
    while (k < s->t1 && k < t1 + 6 && TOK(k).cap && !TOK(k).upper && !TOK(k).punct && !TOK(k).poss)
        k++; /* words in capitals ("IRAQ REPORT") are a heading, not a name */
    if (k == t1 || !in_set(c, "orgsuffix", k - 1)) return 0;
    return !(k + 1 < s->t1 && (is_w(c, k, "of") || is_w(c, k, "for")) && TOK(k + 1).cap);
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
        /* the longest run of words that may be an alias: no longer one is
        ** looked up. A run goes on while some alias starts with its words
        ** and a space (a word before a possessive with its 's', as in the
        ** loop that follows); a run some alias may equal is worth a lookup. */
        int feasible = 0;
        size_t bl = 0;
        for (int l = 1; l <= n; l++) {
            int t = idx[l - 1];
            if (l > 1) buf[bl++] = ' ';
            size_t nl = strlen(NORM(t));
            if (bl + nl + 4 >= sizeof buf) break;
            memcpy(buf + bl, NORM(t), nl);
            bl += nl;
            buf[bl] = 0;
            int ok = kgl_lex_prefix(c->lx, buf, bl), on = ok;
            if (ok) feasible = l;
            if (t + 1 < s->t1 && TOK(t + 1).poss) {
                buf[bl++] = 's', buf[bl] = 0;
                on = kgl_lex_prefix(c->lx, buf, bl);
            }
            if (!on) break;
        }
        for (int l = feasible; l >= 1 && !done; l--) {
            bl = 0;
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
            /* "Maher al-Assad", "Abdelrahim Dagalo": a dictionary person's surname after a
            ** given name the dictionary does not give him is another person of that family */
            if (!strcmp(c->lx->ent[c->lx->al[pick].entry].type, "person") && !c->lx->al[pick].adj &&
                given_name_before(c, i) && words_in(c->lx->ent[c->lx->al[pick].entry].canon) > l)
                continue;
            /* "Ukrainian government forces": the forces, not the alias "Ukrainian government" */
            if (l > 1 && in_set(c, "forceadj", t1 - 1) && t1 < s->t1 && in_set(c, "forcenoun", t1))
                continue;
            const kgl_alias *al = &c->lx->al[pick];
            const kgl_dentry *de = &c->lx->ent[al->entry];
            /* a generated place name inside a person's name ("Mr. Sabah Noori", "Georgia
            ** Smith"): after a title or before another capitalised word, the name wins */
            if ((de->flags & KGL_F_WEAK) && !strcmp(de->type, "place") && !al->adj &&
                ((i > s->t0 && (in_set(c, "honorific", i - 1) || in_set(c, "personnoun", i - 1))) ||
                 (t1 < s->t1 && TOK(t1).cap && !TOK(t1).punct && !in_set(c, "placesuffix", t1) &&
                  c->mid[t1] < 0) ||
                 in_set(c, "firstname", i)))
                continue;
            if (al->adj && !strcmp(de->type, "organisation") && t1 < s->t1 &&
                (in_set(c, "rebelnoun", t1) || in_set(c, "forcenoun", t1) ||
                 in_set(c, "membernoun2", t1) || in_set(c, "groupnoun", t1))) {
                /* "Houthi rebels", "Houthi fighters": the organisation itself */
                int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
                c->r->ent[e].dict = al->entry;
                kglx_add_mention(c, i, t1 + 1, e, 0, de->flags);
                i = t1 + 1;
                done = 1;
                break;
            }
            if (!strcmp(de->type, "country") && !al->adj && t1 + 1 < s->t1 && TOK(t1).poss &&
                (in_set(c, "forcenoun", t1 + 1) || in_set(c, "govnoun", t1 + 1) ||
                 in_set(c, "forceadj", t1 + 1))) {
                /* "Israel's military", "Russia's government": the possessive names them too;
                ** the country keeps its mention */
                int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
                c->r->ent[e].dict = al->entry;
                kglx_add_mention(c, i, t1, e, 0, de->flags);
                int taken = national_body(c, i, t1 + 1, al, de);
                i = t1 + 1 + taken;
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
            /* "Ituri Liberation Front", "Sudan Liberation Movement": a place or country that
            ** opens the name of an organisation the dictionary lacks is part of that name */
            if ((!strcmp(de->type, "country") || (!al->adj && !strcmp(de->type, "place"))) &&
                TOK(i).cap && !TOK(i).upper && org_name_follows(c, t1))
                continue;
            int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
            c->r->ent[e].dict = al->entry;
            kglx_add_mention(c, i, t1, e, al->adj, de->flags);
            if (!al->adj) define_acronym(c, t1, e);
            if (!strcmp(de->type, "person")) {
                kglx_person_short_names(c, i, t1, e);
                /* titles before a known name ("Iraqi Foreign Minister X"): "the minister said"
                 * later */
                for (int k = i - 1; k >= s->t0 && k >= i - 4; k--) {
                    if (in_set(c, "honorific", k) || in_set(c, "personnoun", k) ||
                        in_set(c, "rolenoun", k))
                        kglx_note_role(c, e, k);
                    else if (!(TOK(k).cap || in_set(c, "service", k)) || TOK(k).punct)
                        break;
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
size_t kglx_title_case(const char *x, size_t n, char *buf, size_t len)
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
int kglx_appos_noun(ctx *c, int t, const char *set)
{
    if (!in_set(c, "det", t)) return 0;
    for (int k = t + 1; k < c->s->t1 && k < t + 6; k++) {
        if (in_set(c, set, k)) return 1;
        if (TOK(k).punct && !TOK(k).glued) return 0;
        if (is_prep(c, k) || kglx_any_verb_at(c, k)) return 0;
    }
    return 0;
}

/* A common English word (a WordNet noun, verb or frequent closed-class word):
** such a word alone names nothing ("in Congress", "near Border"). */
static int common_word(ctx *c, int t)
{
    const char *w = NORM(t);
    return kgl_is_lemma(w, KGL_POS_NOUN) || kgl_is_lemma(w, KGL_POS_VERB) || in_set(c, "det", t) ||
           is_prep(c, t) || in_set(c, "conj", t) || in_set(c, "adverb", t) ||
           in_set(c, "relword", t) || in_set(c, "pronoun", t) || in_set(c, "direction", t);
}

/* Token t follows a locative preposition ("in", "near", "outside", "from") or
** "the town / city / village / province of". */
static int after_locative(ctx *c, int t)
{
    int p = t - 1;
    if (p >= c->s->t0 &&
        (is_w(c, p, "nearby") || is_w(c, p, "neighbouring") || is_w(c, p, "neighboring")))
        return 1; /* "airstrikes on nearby Dorvan": only a place is nearby */
    while (p > c->s->t0 && (in_set(c, "direction", p) || is_w(c, p, "the") || is_w(c, p, "nearby")))
        p--;
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

/* "the" before token r0, or before the place or country right before it ("the
** Syria Civil Defence", "the Kurdistan Regional Government"). */
static int the_before(ctx *c, int r0)
{
    if (is_w(c, r0 - 1, "the")) return 1;
    int mi = c->mid[r0 - 1];
    return mi >= 0 && !c->m[mi].adj && (c->m[mi].tb & (KGL_T_PLACE | KGL_T_COUNTRY)) &&
           c->m[mi].t0 > c->s->t0 && is_w(c, c->m[mi].t0 - 1, "the");
}

/* Every word of [r0, r1) is an English noun ("Civil Defence", "Regional Government"). */
static int common_nouns(ctx *c, int r0, int r1)
{
    for (int k = r0; k < r1; k++)
        if (!kgl_is_lemma(NORM(k), KGL_POS_NOUN) || in_set(c, "firstname", k)) return 0;
    return 1;
}

/* A run of names: every token capitalised, not all capitals, and no common
** English word among them ("Ibrahim Toure"; not "Foreign Ministry"). */
static int proper_run(ctx *c, int r0, int r1)
{
    for (int k = r0; k < r1; k++) {
        if (TOK(k).punct || !TOK(k).cap || TOK(k).upper || TOK(k).e - TOK(k).s < 2) return 0;
        /* verbs may be names ("Rustam Beg", "Amir Said"); common nouns are not */
        if (kgl_is_lemma(NORM(k), KGL_POS_NOUN) || in_set(c, "det", k) || is_prep(c, k) ||
            in_set(c, "conj", k) || in_set(c, "adverb", k) || in_set(c, "relword", k) ||
            in_set(c, "pronoun", k) || in_set(c, "direction", k) || in_set(c, "month", k) ||
            in_set(c, "timeword", k) || in_set(c, "honorific", k) || in_set(c, "orgsuffix", k) ||
            in_set(c, "placesuffix", k) || in_set(c, "basesuffix", k))
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
    if (!(is_p(c, t1, "(") && t1 + 2 < c->s->t1 && is_p(c, t1 + 2, ")") && TOK(t1 + 1).upper))
        return;
    if (c->mid[t1 + 1] >= 0) return;
    bind_short(c, NORM(t1 + 1), e);
    kglx_add_mention(c, t1 + 1, t1 + 2, e, 0, 0);
}

/* GCC 12 at -O2 warns (-Wstring-compare) that a compare of `type` with "person"
** below is always false on a path its jump threading makes up (type "place" or
** "event" for a one-word name, which the branches before rule out); the code is
** as it was in extract.c, where the same function gave no warning. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstring-compare"
#endif
/* Names the dictionary lacks: capitalised runs with cue words. */
static void cue_mentions(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1;) {
        if (c->mid[i] >= 0 || TOK(i).punct || TOK(i).poss) {
            i++;
            continue;
        }
        int starts = TOK(i).cap || ((is_w(c, i, "al") || is_w(c, i, "el")) && i + 1 < s->t1 &&
                                    TOK(i + 1).glued && TOK(i + 1).cap);
        if (!starts) {
            i++;
            continue;
        }
        int j = i;
        while (j < s->t1 && c->mid[j] < 0 && !TOK(j).punct && !TOK(j).poss) {
            if (TOK(j).cap || isdigit((unsigned char)c->d->text[TOK(j).s]))
                j++;
            else if ((is_w(c, j, "al") || is_w(c, j, "el") || is_w(c, j, "bin") ||
                      is_w(c, j, "ibn") || is_w(c, j, "of") || is_w(c, j, "for") ||
                      is_w(c, j, "a")) &&
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
        if (j < s->t1 && c->mid[j] < 0 && !TOK(j).cap && in_set(c, "basesuffix", j) && j > i &&
            TOK(j - 1).cap)
            j++;
        /* a middle initial "A." is part of the run: handled (cap token) */
        int r0 = i, r1 = j;
        while (r0 < r1 - 1 &&
               (in_set(c, "det", r0) || (r0 == s->t0 && (in_set(c, "relword", r0) ||
                                                         is_prep(c, r0) || in_set(c, "conj", r0)))))
            r0++; /* "The Varn Brigade", "As Omar Tessaly said", "But Omar Tessaly" at a
                     sentence start */
        /* leading titles are cues, not part of the name: ranks with their service
        ** ("Army Lt. Gen. X", "Air Force Colonel X"), honorifics, role nouns
        ** ("Ambassador X", "Spokesman Mr. X") */
        int titled = 0;
        for (;;) {
            int k = r0;
            while (k < r1 && in_set(c, "service", k))
                k++;
            /* "the General Staff", "General Command": a title before one organisation word
            ** is the organisation's name, not a cue of a person */
            if (k < r1 && (in_set(c, "honorific", k) || in_set(c, "personnoun", k)) &&
                !(k + 2 == r1 && in_set(c, "orgsuffix", k + 1))) {
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
            if ((in_set(c, "honorific", k) || in_set(c, "personnoun", k)) && TOK(k + 1).cap &&
                !(k + 2 == r1 && in_set(c, "orgsuffix", k + 1))) { /* "Chadian General Staff" */
                int all = 1; /* only when what precedes is a modifier, not a name of two words */
                for (int q = r0; q < k; q++)
                    all &= in_set(c, "service", q) || in_set(c, "honorific", q) ||
                           in_set(c, "personnoun", q) || (c->mid[q] >= 0) || q == r0;
                if (!all) break;
                r0 = k + 1, titled = 1;
                break;
            }
        if (titled && r0 < r1 && !TOK(r0).cap) { /* "Secretary of State": a title, not a name */
            i = j;
            continue;
        }
        int before_cue =
            i > s->t0 && (in_set(c, "personnoun", i - 1) || in_set(c, "honorific", i - 1) ||
                          /* "Libya's foreign minister, X" */
                          (is_p(c, i - 1, ",") &&
                           (in_set(c, "personnoun", i - 2) || in_set(c, "rolenoun", i - 2))));
        /* "X, the ROLE ...": an apposition with a role noun names a person */
        int namelike =
            j - i >= 2 || i > s->t0; /* "Moreover, the spokesman said", "On Sunday, the ..." */
        for (int k = i; k < j && namelike; k++)
            namelike = !(is_prep(c, k) || in_set(c, "timeword", k) || in_set(c, "month", k) ||
                         in_set(c, "adverb", k) || in_set(c, "conj", k) || in_set(c, "det", k) ||
                         in_set(c, "relword", k));
        if (!before_cue && namelike && is_p(c, j, ",")) {
            int k = j + 1;
            while (k < s->t1 && k < j + 6 && !in_set(c, "personnoun", k) &&
                   !in_set(c, "rolenoun", k) &&
                   (in_set(c, "det", k) || in_set(c, "skipadj", k) || TOK(k).poss ||
                    (c->mid[k] >= 0 && c->m[c->mid[k]].adj) || TOK(k).cap ||
                    (!TOK(k).punct && !kglx_any_verb_at(c, k) && !is_prep(c, k))))
                k++;
            before_cue = k < s->t1 && k > j + 1 &&
                         (in_set(c, "personnoun", k) || in_set(c, "rolenoun", k)) &&
                         !in_set(c, "membernoun", k) && !is_w(c, k, "statement");
        }
        if (r0 >= r1) {
            i = j;
            continue;
        }
        /* trailing "of" etc. never end a name */
        while (r1 > r0 && TOK(r1 - 1).cap == 0 &&
               !isdigit((unsigned char)c->d->text[TOK(r1 - 1).s]) &&
               !(r1 - 1 > r0 && in_set(c, "basesuffix", r1 - 1)))
            r1--;
        int n = r1 - r0;
        const char *type = NULL;
        int ofrun = 0; /* "Ministry of Defense", "Council for X" */
        for (int k = r0 + 1; k < r1 - 1; k++)
            ofrun |= is_w(c, k, "of") || is_w(c, k, "for");
        int digits = 0; /* "Resolution 2334", not "Resolution Calling for ..." */
        for (int k = r0; k < r1; k++)
            digits |= isdigit((unsigned char)c->d->text[TOK(k).s]);
        if (n >= 2 && ((in_set(c, "eventhead", r0) && (digits || !is_w(c, r0, "resolution"))) ||
                       in_set(c, "eventsuffix", r1 - 1)))
            type = "event";
        else if (n >= 1 && in_set(c, "orgsuffix", r1 - 1) && n >= 2)
            type = "organisation";
        else if (n >= 2 && (in_set(c, "orghead", r0) || (ofrun && in_set(c, "orgsuffix", r0))))
            type = "organisation";
        else if (n >= 2 && (is_w(c, r0, "camp") || in_set(c, "basesuffix", r1 - 1)))
            type = "base";
        else if (n >= 2 && in_set(c, "placesuffix", r1 - 1))
            type = "place";
        else if (n >= 2 && r0 > s->t0 && !TOK(r0 - 1).cap && in_set(c, "outletnoun", r0 - 1))
            type = "organisation"; /* "a local TV station Al-Rafidain", "the daily X" */
        else if (titled || before_cue)
            type = "person";
        else if (n >= 2 && of_members(c, i))
            type = "organisation"; /* "gunmen of the Crescent Vanguard" */
        else if (n >= 2 && n <= 4 && r0 > s->t0 && the_before(c, r0) && r1 < s->t1 &&
                 kglx_any_verb_at(c, r1))
            type =
                "organisation"; /* "the Crescent Vanguard killed", "the Karsh Valley Group said" */
        else if (n >= 2 && n <= 4 && r0 > s->t0 && is_w(c, r0 - 1, "the") && r1 < s->t1 &&
                 TOK(r1).poss)
            type = "organisation"; /* "the Crescent Vanguard's killing of X" */
        else if (is_p(c, j, ",") && kglx_appos_noun(c, j + 1, "basenoun"))
            type = "base"; /* "Tower 22, a U.S. outpost" */
        else if (in_set(c, "firstname", r0) && n >= 2)
            type = "person";
        else if (n >= 2 && n <= 4 && r1 < s->t1 && kglx_rule_at(c, KGL_R_SPEECH, r1, NULL, NULL) &&
                 !common_nouns(c, r0, r1))
            type = "person"; /* not "Civil Defence said": English nouns name no person */
        else if (after_locative(c, r0) && !common_word(c, r1 - 1) && !in_set(c, "month", r1 - 1) &&
                 !in_set(c, "timeword", r1 - 1) &&
                 !in_set(c, "month", r0)) /* "in February 2018" is a date */
            type = "place";               /* "near Tillia", "the town of Dorvan", "in Tal Afar" */
        else if (n >= 2 && n <= 3 && proper_run(c, r0, r1) &&
                 !(r0 == s->t0 && n == 2 && common_word(c, r0)))
            type = "person"; /* "Ibrahim Toure", "Juan Carlos Benitez": no English word, no other
                                cue */
        if (!type) { /* "the Bucha massacre", "Tower 22 drone attack": an event named by a name and
                        what happened */
            int k = r1;
            while (k < s->t1 && k < r1 + 3 && c->mid[k] < 0 && !TOK(k).cap &&
                   in_set(c, "weapon", k))
                k++;
            if (k < s->t1 && c->mid[k] < 0 && !TOK(k).cap && in_set(c, "eventword", k) &&
                !(r0 == s->t0 && n == 1 && common_word(c, r0))) {
                int e =
                    kgl_result_entity(c->r, "event", c->d->text + TOK(r0).s, TOK(k).e - TOK(r0).s);
                kglx_add_mention(c, r0, k + 1, e, 0, 0);
                c->last_event = e;
                i = k + 1;
                continue;
            }
        }
        if (type && n == 1 && !strcmp(type, "place")) {
            int e = kglx_find_short(c, NORM(r0));
            if (e < 0)
                e = kgl_result_entity(c->r, "place", c->d->text + TOK(r0).s, TOK(r0).e - TOK(r0).s);
            kglx_add_mention(c, r0, r1, e, 0, 0);
            i = j;
            continue;
        }
        if (!type && n == 1) {
            int e = kglx_find_short(c, NORM(r0));
            if (e < 0 && r0 + 1 < r1) e = -1;
            /* an acronym the dictionary and the text do not define ("VOA", "CJTF"):
            ** an organisation, unless the sentence is in capitals (a headline, a label) */
            size_t al = TOK(r0).e - TOK(r0).s;
            if (e < 0 && TOK(r0).upper && al >= 2 && al <= 6 && !upper_sentence(c) &&
                !roman(c, r0) && !common_word(c, r0) && !in_set(c, "negation", r0) &&
                !in_set(c, "modal", r0) && r0 >= kglx_dateline_end(c)) { /* not "NOT", "WAR",
                                                        nor the place of a dateline */
                e = kgl_result_entity(c->r, "organisation", c->d->text + TOK(r0).s, al);
                bind_short(c, NORM(r0), e);
            }
            if (e >= 0) {
                kglx_add_mention(c, r0, r0 + 1, e, 0, 0);
                if (!strcmp(c->r->ent[e].type, "person"))
                    c->last_person = e, c->last_person_para = c->s->para;
            }
            i = j;
            continue;
        }
        /* "al-X" short name, also where a cue made it a person ("..., al-Jubouri said") */
        if ((!type || !strcmp(type, "person")) && n == 2 &&
            (is_w(c, r0, "al") || is_w(c, r0, "el"))) {
            char buf[256];
            snprintf(buf, sizeof buf, "al %s", NORM(r0 + 1));
            int e = kglx_find_short(c, buf);
            if (e >= 0) kglx_add_mention(c, r0, r1, e, 0, 0);
            if (e >= 0 || !type) {
                i = j;
                continue;
            }
        }
        if (!type && n >= 2) {
            /* "the Crescent Vanguard official": a name this post typed before by a cue */
            static const char *const seen[] = {"organisation", "person", "base", "place"};
            char *sk = kgl_skel(c->d->text + TOK(r0).s, TOK(r1 - 1).e - TOK(r0).s);
            for (int q = 0; q < 4 && *sk && !type; q++)
                if (kglx_same_skeleton(c, seen[q], sk) >= 0) type = seen[q];
            free(sk);
        }
        if (!type || (n == 1 && strcmp(type, "person"))) {
            i = j;
            continue;
        }
        if (!strcmp(type, "person") && n == 1) {
            /* a bare surname after a title: bind to a known full name if any */
            int e = kglx_find_short(c, NORM(r0));
            if (e >= 0) {
                kglx_add_mention(c, r0, r1, e, 0, 0);
                i = j;
                continue;
            }
        }
        int particles = 0; /* "Mohammed bin Abdulrahman Al Thani": Arabic names run longer */
        for (int k = r0 + 1; k < r1 - 1; k++)
            particles += is_w(c, k, "bin") || is_w(c, k, "ibn") || is_w(c, k, "bint") ||
                         is_w(c, k, "al") || is_w(c, k, "el") || is_w(c, k, "abu") ||
                         is_w(c, k, "abdul") || is_w(c, k, "abdel");
        if (!strcmp(type, "person") && n > 4 && !(particles && n <= 6)) {
            i = j;
            continue;
        }
        const char *ns = c->d->text + TOK(r0).s;
        size_t nl = TOK(r1 - 1).e - TOK(r0).s;
        /* "the Ministry of Defence of Chad": the country the run stopped at is
        ** part of the organisation's name (the country keeps its mention);
        ** cut there, every country's ministry would be one entity */
        int ofcountry = !strcmp(type, "organisation") && r1 == j && j + 1 < s->t1 &&
                        is_w(c, j, "of") && c->mid[j + 1] >= 0 && c->m[c->mid[j + 1]].t0 == j + 1 &&
                        !c->m[c->mid[j + 1]].adj &&
                        !strcmp(c->r->ent[c->m[c->mid[j + 1]].ent].type, "country");
        if (ofcountry) nl = TOK(c->m[c->mid[j + 1]].t1 - 1).e - TOK(r0).s;
        char tc[256];
        int caps = 1;
        for (size_t q = 0; q < nl && caps; q++)
            caps = !islower((unsigned char)ns[q]);
        if (caps && n >= 2 && !strcmp(type, "person") && nl < sizeof tc) /* "MR. JOHN KIRBY:" */
            nl = kglx_title_case(ns, nl, tc, sizeof tc), ns = tc;
        /* same skeleton and type as an entity already seen in this document: same entity */
        char *sk = kgl_skel(ns, nl);
        int e = *sk ? kglx_same_skeleton(c, type, sk) : -1;
        free(sk);
        if (e < 0) e = kgl_result_entity(c->r, type, ns, nl);
        if (ofcountry) /* its alias is the whole name, not the ministry of any country */
            add_mention_as(c, r0, r1, e, 0, 0, ns, nl);
        else
            kglx_add_mention(c, r0, r1, e, 0, 0);
        define_acronym(c, r1, e);
        if (!strcmp(type, "person")) {
            kglx_person_short_names(c, r0, r1, e);
            for (int k = i; k < r0; k++)
                if (in_set(c, "honorific", k) || in_set(c, "personnoun", k))
                    kglx_note_role(c, e, k);
            if (before_cue && i > s->t0 && in_set(c, "personnoun", i - 1))
                kglx_note_role(c, e, i - 1);
            if (before_cue && is_p(c, i - 1, ",") && i - 2 >= s->t0) kglx_note_role(c, e, i - 2);
        }
        i = j;
    }
}
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic pop
#endif

/* "the coalition", "coalition forces": a common noun naming an organisation named
** before in this post whose name holds it (the global coalition ... the coalition). */
static void anaphor_mentions(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1; i++) {
        if (c->mid[i] >= 0 || TOK(i).cap || !in_set(c, "anaphornoun", i)) continue;
        int force = i + 1 < s->t1 && in_set(c, "forcenoun", i + 1) && c->mid[i + 1] < 0;
        if (!force && !is_w(c, i - 1, "the")) continue;
        int e = kglx_role_antecedent_org(c, i);
        if (e < 0) continue;
        kglx_add_mention(c, i, i + 1 + force, e, 0,
                         c->r->ent[e].dict >= 0 ? c->lx->ent[c->r->ent[e].dict].flags : 0);
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
        while (k < s->t1 && k < m->t1 + 3 && !TOK(k).cap && c->mid[k] < 0 &&
               (in_set(c, "weapon", k) || in_set(c, "skipadj", k)))
            k++;
        if (k >= s->t1 || TOK(k).cap || c->mid[k] >= 0 || !in_set(c, "eventword", k)) continue;
        int t0 = m->t0;
        if (t0 > s->t0 && TOK(t0 - 1).cap && !TOK(t0 - 1).punct && c->mid[t0 - 1] < 0 &&
            isdigit((unsigned char)c->d->text[TOK(t0 - 1).s]))
            t0--; /* "the 2018 Douma attack" */
        const char *x = c->d->text + TOK(t0).s;
        int e = kgl_result_entity(c->r, "event", x, TOK(k).e - TOK(t0).s);
        kglx_add_mention(c, t0, k + 1, e, 0, 0);
        c->last_event = e;
    }
}

/* The mentions of the current sentence: dictionary names first, then names
** with cue words, events named by a place, and anaphors ("the coalition"). */
/* "Pro-Assad forces", "anti-government rebels", "pro-Russian separatists": the
** name after pro- or anti- is the side a group takes, never an actor of the
** sentence ("Pro-Assad forces shelled X" is no attack by Assad). Its mention
** is unlinked (no type, no tokens); with a noun of armed people after it the
** whole phrase names an organisation of its own ("Pro-Assad forces"). */
static int side_noun(ctx *c, int t)
{
    return in_set(c, "forcenoun", t) || in_set(c, "groupnoun", t) || in_set(c, "rebelnoun", t) ||
           in_set(c, "membernoun2", t) || is_w(c, t, "separatists") || is_w(c, t, "militias");
}

static void side_mentions(ctx *c, int m0)
{
    const kgl_sent *s = c->s;
    int nm = c->nm;
    for (int mi = m0; mi < nm; mi++) {
        mention *m = &c->m[mi];
        int t0 = m->t0, t1 = m->t1;
        if (t0 - 1 < s->t0 || !TOK(t0).glued ||
            !(is_w(c, t0 - 1, "pro") || is_w(c, t0 - 1, "anti")))
            continue;
        for (int t = t0; t < t1; t++)
            if (c->mid[t] == mi) c->mid[t] = -1;
        m->tb = 0;
        m->t1 = m->t0; /* an empty range: no frame reads it */
        /* the noun after the name, or inside its mention ("Houthi fighters") */
        int g = t1 > t0 + 1 && side_noun(c, t1 - 1)                ? t1 - 1
                : t1 < s->t1 && c->mid[t1] < 0 && side_noun(c, t1) ? t1
                                                                   : -1;
        if (g >= 0) {
            char name[256];
            size_t n = TOK(g).e - TOK(t0 - 1).s;
            if (n >= sizeof name) continue;
            memcpy(name, c->d->text + TOK(t0 - 1).s, n);
            name[n] = 0;
            if (name[0] >= 'a' && name[0] <= 'z') name[0] -= 'a' - 'A';
            int e = kgl_result_entity(c->r, "organisation", name, n);
            kglx_add_mention(c, t0 - 1, g + 1, e, 0, 0);
        }
    }
    /* a name nothing else knows: "Pro-Gadhafi forces" (capitalised: "pro-government
    ** forces" names no group of its own) */
    for (int t = s->t0; t + 2 < s->t1; t++)
        if ((is_w(c, t, "pro") || is_w(c, t, "anti")) && c->mid[t] < 0 && TOK(t + 1).glued &&
            !TOK(t + 1).punct && TOK(t + 1).cap && c->mid[t + 1] < 0 && c->mid[t + 2] < 0 &&
            side_noun(c, t + 2)) {
            char name[256];
            size_t n = TOK(t + 2).e - TOK(t).s;
            if (n >= sizeof name) continue;
            memcpy(name, c->d->text + TOK(t).s, n);
            name[n] = 0;
            if (name[0] >= 'a' && name[0] <= 'z') name[0] -= 'a' - 'A';
            int e = kgl_result_entity(c->r, "organisation", name, n);
            kglx_add_mention(c, t, t + 3, e, 0, 0);
        }
}

/* Counted people of a nation: "hundreds of Americans", "three Iraqis": the
** plural of a country's demonym after a number or a counting word names the
** country (killed, attacked: the schema's victim of a people is its country).
** Without the count ("Americans say") nothing is named. */
static void people_mentions(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int t = s->t0 + 1; t < s->t1; t++) {
        if (TOK(t).punct || !TOK(t).cap) continue;
        const char *w = NORM(t);
        size_t n = strlen(w);
        if (n < 4 || n > 60 || w[n - 1] != 's') continue;
        mention *dm = c->mid[t] >= 0 ? &c->m[c->mid[t]] : NULL;
        /* a plural the dictionary lists as a demonym ("demonym Kenya | Kenyan | Kenyans") */
        if (dm && !(dm->adj && dm->t0 == t && dm->t1 == t + 1 && (dm->tb & KGL_T_COUNTRY)))
            continue;
        int q = t - 1;
        if (is_w(c, q, "of")) q--;
        if (!(q >= s->t0 && !TOK(q).punct &&
              (isdigit((unsigned char)c->d->text[TOK(q).s]) || in_set(c, "numberword", q) ||
               is_w(c, q, "hundreds") || is_w(c, q, "thousands") || is_w(c, q, "dozens") ||
               is_w(c, q, "scores") || is_w(c, q, "millions"))))
            continue;
        if (dm) {
            dm->adj = 0;
            dm->tb |= KGL_T_ORG;
            continue;
        }
        char sg[64];
        memcpy(sg, w, n - 1);
        sg[n - 1] = 0;
        int a = kgl_lex_find(c->lx, sg);
        for (; a >= 0 && a < c->lx->nal && !strcmp(c->lx->al[a].norm, sg); a++) {
            const kgl_alias *al = &c->lx->al[a];
            const kgl_dentry *de = &c->lx->ent[al->entry];
            if (!al->adj || strcmp(de->type, "country")) continue;
            int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
            c->r->ent[e].dict = al->entry;
            kglx_add_mention(c, t, t + 1, e, 0, de->flags);
            /* a people is a victim as an organisation's members are ("killed hundreds of
            ** Americans" -> the country): the mention answers to both types */
            c->m[c->nm - 1].tb |= KGL_T_ORG;
            break;
        }
    }
}

void kglx_mentions(ctx *c)
{
    int m0 = c->nm;
    dict_mentions(c);
    people_mentions(c);
    cue_mentions(c);
    side_mentions(c, m0);
    event_mentions(c, m0);
    anaphor_mentions(c);
}
