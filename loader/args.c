/*
** args.c -- extraction: argument finding (kglx_*, see extract.h). The mention
** a frame takes as its object, the subject of a verb (apposition chains, a verb
** sharing the subject of an earlier one, relative "who", unnamed subjects,
** coordinated subjects), pronouns and role nouns resolved to an antecedent of
** this post (never guessed), coordinated objects, and the last coordinated
** group ("they").
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"
#include "extract.h"

/* ---------------------------------------------------------------- argument finding */
/* Token t is the past tense or participle of a verb by WordNet ("wounded",
** "began", "left"), and no noun of its own spelling. */
int kglx_past_verb(ctx *c, int t)
{
    const char *w = NORM(t);
    char buf[KGL_LEMMA_MAX];
    const char *l = kgl_lemma(w, KGL_POS_VERB, buf, sizeof buf);
    if (!l || !strcmp(l, w)) return 0;
    size_t n = strlen(w);
    if ((n > 3 && !strcmp(w + n - 3, "ing")) || w[n - 1] == 's')
        return 0;           /* "regarding", "reports": not past */
    char nb[KGL_LEMMA_MAX]; /* irregular pasts that are no nouns: began, left, fought */
    return (n > 2 && !strcmp(w + n - 2, "ed")) || !kgl_lemma(w, KGL_POS_NOUN, nb, sizeof nb);
}

/* A verb's -ing form at t ("fighting", "supporting"; not "including", "according") */
static int participle_ing(ctx *c, int t)
{
    const char *w = NORM(t);
    size_t n = strlen(w);
    char buf[KGL_LEMMA_MAX];
    if (n < 5 || strcmp(w + n - 3, "ing") || in_set(c, "relword", t)) return 0;
    if (!strcmp(w, "including") || !strcmp(w, "following") || !strcmp(w, "according") ||
        !strcmp(w, "during") || !strcmp(w, "regarding") || !strcmp(w, "concerning"))
        return 0;
    const char *l = kgl_lemma(w, KGL_POS_VERB, buf, sizeof buf);
    return l && strcmp(l, w);
}

/* Token t follows a noun phrase, adverbs between: a name or a lower-case word
** that is no determiner, preposition, verb of a frame or time word ("the
** coalition (purportedly) fighting"; not "by the evening", "after fighting"). */
static int after_noun(ctx *c, int t)
{
    if (in_set(c, "timeword", t)) return 0;
    int q = t - 1;
    while (q > c->s->t0 && (in_set(c, "adverb", q) || in_set(c, "hedge", q)))
        q--;
    if (q < c->s->t0 || TOK(q).punct) return 0;
    if (c->mid[q] >= 0) return 1;
    char nb[KGL_LEMMA_MAX];
    return !in_set(c, "det", q) && !is_prep(c, q) && !in_set(c, "be", q) &&
           !in_set(c, "auxverb", q) && kgl_lemma(NORM(q), KGL_POS_NOUN, nb, sizeof nb) != NULL;
}

/* Is mention m only a modifier of a following noun ("US airbase", "PMU head")? */
int kglx_is_modifier(ctx *c, const mention *m)
{
    int t = m->t1;
    if (m->adj) return 1;
    if (t >= c->s->t1) return 0;
    if (TOK(t).poss || TOK(t).glued) return 1;                          /* "Iran's", "US-based" */
    if (in_set(c, "honorific", t) || in_set(c, "service", t)) return 1; /* "U.S. Army Gen. X" */
    if (c->mid[t] >= 0) return 1;
    if (TOK(t).punct || TOK(t).cap) return 0;
    if (in_set(c, "groupnoun", t) || is_prep(c, t) || in_set(c, "conj", t) || in_set(c, "be", t) ||
        in_set(c, "negation", t) || in_set(c, "modal", t) || in_set(c, "relword", t) ||
        in_set(c, "auxverb", t)) /* "Chadian authorities have refused" */
        return 0;
    if (kglx_any_verb_at(c, t)) return 0;
    if (kglx_past_verb(c, t)) return 0; /* "Qamishli wounded four": a verb, not "Qamishli <noun>" */
    /* "the Eastern Ghouta suburb", "Idlib province": the noun says what the place is */
    if ((m->tb & KGL_T_PLACE) && in_set(c, "placenoun", t)) return 0;
    if (in_set(c, "timeword", t) ||
        ((is_w(c, t, "last") || is_w(c, t, "next") || is_w(c, t, "this") || is_w(c, t, "early") ||
          is_w(c, t, "late")) &&
         (in_set(c, "timeword", t + 1) || in_set(c, "month", t + 1))))
        return 0; /* "killed X last spring", "met X this week" */
    /* lower-case word: a noun after the name (US airbase, PMU head) */
    return 1;
}

/* Mention whose tokens start right after skipping determiners/adjectives from t. */
int kglx_object_from(ctx *c, int t, int window, unsigned types, int allow_mod)
{
    int stop_prep = allow_mod == 2, noun = 0;
    if (allow_mod == 2) allow_mod = 0;
    for (int k = t; k < c->s->t1 && k < t + window; k++) {
        if (stop_prep && noun && is_prep(c, k) && !is_w(c, k, "of")) return -1;
        if (c->mid[k] < 0 && !TOK(k).punct && !TOK(k).cap && !in_set(c, "det", k) &&
            !in_set(c, "skipadj", k) && !isdigit((unsigned char)c->d->text[TOK(k).s]))
            noun = 1;
        if (is_clause_end(c, k)) return -1;
        if (c->inq[k] >= 0 && c->inq[t] < 0) return -1;
        int mi = c->mid[k];
        if (mi >= 0 && k > t && is_p(c, k - 1, ",") &&
            kglx_rule_at(c, KGL_R_SPEECH, c->m[mi].t1, NULL, NULL))
            return -1; /* "shelled the market, X said": X is the speaker */
        if (mi >= 0) {
            mention *m = &c->m[mi];
            int possessor = m->t1 < c->s->t1 && TOK(m->t1).poss;
            if ((m->flags & KGL_F_FORCE) && is_w(c, m->t1, "of") && (types & KGL_T_ORG)) {
                /* "the security forces of al-Hashd": the organisation named after "of" */
                int q = m->t1 + 1;
                if (is_w(c, q, "the")) q++;
                if (q < c->s->t1 && c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_ORG &&
                    !c->m[c->mid[q]].adj)
                    return c->mid[q];
            }
            int target = (types & KGL_T_ORG) && (m->tb & (KGL_T_ORG | KGL_T_COUNTRY)) &&
                         (!m->adj || m->tb == KGL_T_ORG) && m->t1 < c->s->t1 &&
                         ((TOK(m->t1).glued && in_set(c, "heldword", m->t1) &&
                           /* "Hamas-run Gaza": the place is the object */
                           !(m->t1 + 1 < c->s->t1 && c->mid[m->t1 + 1] >= 0 &&
                             (c->m[c->mid[m->t1 + 1]].tb & (KGL_T_PLACE | KGL_T_BASE)))) ||
                          (in_set(c, "targetnoun",
                                  m->t1) && /* not "Hamas commander Saleh al-Arouri": a title */
                           !(m->t1 + 1 < c->s->t1 && c->mid[m->t1 + 1] >= 0 &&
                             c->m[c->mid[m->t1 + 1]].tb == KGL_T_PERSON)));
            if ((m->tb & types) && !possessor && (!m->adj || target) &&
                (allow_mod || target || !kglx_is_modifier(c, m)))
                return mi;
            k = m->t1 - 1;
            continue;
        }
        if (TOK(k).punct && strcmp(NORM(k), ",") && strcmp(NORM(k), "(") && strcmp(NORM(k), ")")) {
            if (!is_any_quote(c, k)) return -1;
        }
        /* "X, who leads the junta, has expelled Y": a comma before a finite verb ends the
        ** clause, and the object with it */
        if (is_p(c, k, ",") && k + 1 < c->s->t1 && c->mid[k + 1] < 0 &&
            (in_set(c, "auxverb", k + 1) || in_set(c, "be", k + 1) || in_set(c, "modal", k + 1) ||
             kglx_past_verb(c, k + 1)))
            return -1;
        if (k > t && (in_set(c, "relword", k) ||
                      (!TOK(k).glued && /* "Russian-occupied X": a compound adjective */
                       (kglx_rule_at(c, KGL_R_VERB, k, NULL, NULL) ||
                        kglx_rule_at(c, KGL_R_SPEECH, k, NULL, NULL)))))
            return -1;
    }
    return -1;
}

/* Coordinated mentions after mention mi: ", Y and Z". */
int kglx_coordinated(ctx *c, int mi, unsigned types, int *out, int cap)
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
                if ((m->tb & types) && !m->adj && !poss &&
                    (!kglx_is_modifier(c, m) || m->tb == KGL_T_PERSON)) {
                    found = c->mid[k];
                    break;
                }
                k = m->t1 - 1;
                continue;
            }
            if (is_clause_end(c, k) || is_p(c, k, ",") || in_set(c, "relword", k) ||
                kglx_any_verb_at(c, k))
                break;
            if (TOK(k).punct) break;
        }
        if (found < 0) break;
        out[n++] = found;
        t = c->m[found].t1;
    }
    return n;
}

/* Resolve a pronoun or a role noun phrase ending at token i to a person. */
int kglx_resolve_pronoun(ctx *c, int i)
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

/* The nation (or organisation) of a title whose word is at token tok: a demonym
** among the words of the title before it ("Iraqi Foreign Minister", "the Nigerien
** foreign minister", "his Nigerien counterpart"); -1 when there is none. */
static int title_nation(ctx *c, int tok)
{
    for (int k = tok - 1; k >= c->s->t0 && k >= tok - 5; k--) {
        if (c->mid[k] >= 0) {
            const mention *m = &c->m[c->mid[k]];
            if (m->adj) return m->ent;
            return -1;
        }
        if (TOK(k).punct || in_set(c, "det", k) || is_prep(c, k)) return -1;
    }
    return -1;
}

void kglx_note_role(ctx *c, int ent, int tok)
{
    if (c->nrole == c->caprole) {
        c->caprole = c->caprole ? c->caprole * 2 : 32;
        c->role_w = kgl_xrealloc(c->role_w, c->caprole * sizeof *c->role_w);
        c->role_e = kgl_xrealloc(c->role_e, c->caprole * sizeof *c->role_e);
        c->role_c = kgl_xrealloc(c->role_c, c->caprole * sizeof *c->role_c);
    }
    c->role_w[c->nrole] = NORM(tok);
    c->role_c[c->nrole] = title_nation(c, tok);
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
int kglx_role_antecedent_org(ctx *c, int k)
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
/* Whether person e was seen in this post only with titles of nations other than
** nation ("Iraqi Foreign Minister X" for "the Nigerien foreign minister"). */
static int other_nation(ctx *c, int e, int nation)
{
    if (nation < 0) return 0;
    int other = 0;
    for (int i = 0; i < c->nrole; i++)
        if (c->role_e[i] == e && c->role_c[i] >= 0) {
            if (c->role_c[i] == nation) return 0;
            other = 1;
        }
    return other;
}

/* Whether person e was seen in this post with a title of that nation. */
static int seen_of_nation(ctx *c, int e, int nation)
{
    for (int i = 0; i < c->nrole; i++)
        if (c->role_e[i] == e && c->role_c[i] == nation) return 1;
    return 0;
}

/* The antecedent of a role noun at token k ("the minister", "the Kenyan
** diplomat", "the group"): a person seen with that title (of that nation), a
** dated dictionary role, an organisation named with the word, the issuer of a
** statement, the last speaker; with `named`, only a person seen with the title
** or holding it in the dictionary. */
static int role_antecedent(ctx *c, int k, unsigned types, int nation, int strict, int named)
{
    const char *w = NORM(k);
    /* "the Nigerien foreign minister": a person seen with the title of that nation, or
    ** introduced as that nation's counterpart ("his Nigerien counterpart X"); not the
    ** Chadian minister named before */
    if (types & KGL_T_PERSON)
        for (int i = c->nrole - 1; i >= 0; i--) {
            if (nation >= 0 && !other_nation(c, c->role_e[i], nation) &&
                (!strcmp(c->role_w[i], w) || !strcmp(c->role_w[i], "counterpart")) &&
                c->role_c[i] == nation)
                return c->role_e[i];
            if (!strcmp(c->role_w[i], w) && !other_nation(c, c->role_e[i], nation))
                return c->role_e[i];
        }
    int nat_de = nation >= 0 ? c->r->ent[nation].dict : -1;
    if (types & KGL_T_PERSON) /* a dated dictionary role: "the prime minister" */
        for (int i = c->nm - 1; i >= 0 && i >= c->nm - 200; i--) {
            const mention *m = &c->m[i];
            int de = m->tb == KGL_T_PERSON ? c->r->ent[m->ent].dict : -1;
            if (de < 0 || m->t0 >= k) continue;
            for (int r = 0; r < c->lx->nroles; r++)
                if (c->lx->roles[r].person == de && has_word(c->lx->roles[r].title, w) &&
                    (nation < 0 || c->lx->roles[r].target == nat_de))
                    return m->ent;
        }

    /* "the top Kenyan diplomat", "the Kenyan official": a generic role noun is the one person
    ** of this post seen with a title of that nation, when there is exactly one */
    if ((types & KGL_T_PERSON) && strict && (!strcmp(w, "diplomat") || !strcmp(w, "official"))) {
        int only = -1, many = 0;
        for (int i = 0; i < c->nrole; i++)
            if (c->role_c[i] == nation && c->role_e[i] != only) {
                if (only >= 0) many = 1;
                only = c->role_e[i];
            }
        if (only >= 0 && !many) return only;
    }
    if (named) return -1;
    if (types & KGL_T_ORG) {
        int e = kglx_role_antecedent_org(c, k);
        if (e >= 0) return e;
    }
    /* "In a X statement, the group said", "The statement said" after "a statement from X":
    ** the issuer the sentence or the one before names */
    if (c->stmt_src >= 0 && c->stmt_s->section == c->s->section &&
        (tbit(c->r->ent[c->stmt_src].type) & types) &&
        ((c->stmt_s == c->s && in_set(c, "orgnoun", k)) ||
         (!strcmp(w, "statement") && c->s - c->stmt_s <= 1)))
        return c->stmt_src;
    /* no antecedent named with the word: the last speaker of a compatible type in
    ** this or the previous paragraph ("the top diplomat said", "the statement said") */
    if (c->last_speaker >= 0 && c->s->para - c->speaker_para <= 2) {
        unsigned tb = tbit(c->r->ent[c->last_speaker].type);
        int orgword = in_set(c, "orgnoun", k),
            personword = in_set(c, "personnoun", k) || in_set(c, "rolenoun", k);
        if (is_w(c, k, "statement") ||
            (orgword && tb != KGL_T_PERSON && !in_set(c, "rebelnoun", k)) ||
            (personword && !orgword && tb == KGL_T_PERSON &&
             (strict ? seen_of_nation(c, c->last_speaker, nation)
                     : !other_nation(c, c->last_speaker, nation))))
            if (tb & types) return c->last_speaker;
    }
    return -1;
}

/* The person a role noun at token k names ("the Iraqi prime minister": nation
** Iraq), seen with the title in this post or holding it in the dictionary; -1. */
int kglx_role_person(ctx *c, int k, int nation)
{
    return role_antecedent(c, k, KGL_T_PERSON, nation, nation >= 0, 1);
}

/* A verb coordinated with an earlier one ("X met Y and stressed ...") has the
** subject of the first verb: the first actor of the clause that is not the
** object of a preposition or a possessor. Returns -1 when v is not such a verb. */
static int shared_subject(ctx *c, int v, unsigned types, int *out, int cap)
{
    int a = v - 1;
    while (a >= c->s->t0 && in_set(c, "adverb", a))
        a--;
    /* "X said ..., but mentioned ...": "but" shares the subject of a verb of saying */
    int but = is_w(c, a, "but");
    if (!is_w(c, a, "and") && !but) return -1;
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
        if ((kglx_rule_at(c, KGL_R_SPEECH, k, &r0, NULL) && strcmp(NORM(k), "according")) ||
            in_set(c, "claimverb", k)) {
            if (in_set(c, "speechpart", k)) break;
            int n = kglx_subject_of(c, k, types, out, cap);
            if (n > 0) return n;
            break;
        }
    }
    if (but) return -1;
    { /* "The officials thanked X ... and added": the clause's subject has no name */
        int q = st, nouns = 0;
        while (q < a && in_set(c, "det", q))
            q++;
        for (; q < a && c->mid[q] < 0 && !TOK(q).punct && !TOK(q).cap && !is_prep(c, q) &&
               !kglx_past_verb(c, q) && !kglx_any_verb_at(c, q);
             q++)
            nouns++;
        if (nouns > 0 && q < a && c->mid[q] < 0 && !TOK(q).punct && !TOK(q).cap &&
            (kglx_past_verb(c, q) || kglx_any_verb_at(c, q)))
            return -2;
    }
    for (int k = st; k < a; k++) {
        int mi = c->mid[k];
        if (mi < 0 || c->inq[k] >= 0) continue; /* words inside quotes are not subjects */
        mention *m = &c->m[mi];
        k = m->t1 - 1;
        if (!(m->tb & types) || m->adj) continue;
        /* "US Ambassador X", "Iran's", "PMU officials": a modifier, not the subject */
        int nx = m->t1;
        if (nx < a &&
            (TOK(nx).poss || TOK(nx).cap || c->mid[nx] >= 0 || in_set(c, "groupnoun", nx) ||
             in_set(c, "personnoun", nx) || in_set(c, "rolenoun", nx)))
            continue;
        int p = m->t0 - 1;
        while (p >= st && (in_set(c, "det", p) || in_set(c, "skipadj", p) ||
                           in_set(c, "honorific", p) || (c->mid[p] >= 0 && c->m[c->mid[p]].adj)))
            p--;
        if (p >= st && (is_prep(c, p) || TOK(p).poss)) continue;
        /* the first actor must be followed by a verb before "and": some lower-case word */
        int n = kglx_subject_of(c, m->t1 + 1 < a ? m->t1 + 1 : a, types, out, cap);
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
            if (in_set(c, "personnoun", k) || in_set(c, "rolenoun", k))
                role = 1;
            else if (!TOK(k).punct && !in_set(c, "det", k) && !is_prep(c, k) &&
                     !in_set(c, "skipadj", k) && kglx_any_verb_at(c, k))
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
                                     kglx_rule_at(c, KGL_R_APPOS, k, NULL, NULL) ||
                                     kglx_rule_at(c, KGL_R_TITLE, k, NULL, NULL));
        if (!role) return -1;
    }
    for (int k = st; k < v - 1; k++) {
        int mi = c->mid[k];
        if (mi < 0 || c->inq[k] >= 0) continue;
        mention *m = &c->m[mi];
        k = m->t1 - 1;
        if (!(m->tb & types) || m->adj || !is_p(c, m->t1, ",")) continue;
        int p = m->t0 - 1;
        while (p >= st && (in_set(c, "det", p) || in_set(c, "honorific", p) ||
                           (c->mid[p] >= 0 && c->m[c->mid[p]].adj)))
            p--;
        if (p >= st && (is_prep(c, p) || TOK(p).poss || (c->mid[p] >= 0 && !c->m[c->mid[p]].adj)))
            continue;
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
           (in_set(c, "adverb", k) || in_set(c, "be", k) || in_set(c, "auxverb", k) ||
            in_set(c, "modal", k)))
        k--;
    if (k < c->s->t0 || TOK(k).punct || TOK(k).cap || c->mid[k] >= 0) return 0;
    const char *w = NORM(k);
    /* "government troops recaptured X", "local militias attacked": a force no name gives */
    if (in_set(c, "forcenoun", k) && k > c->s->t0 && !TOK(k - 1).punct && !TOK(k - 1).cap &&
        c->mid[k - 1] < 0 && kgl_is_lemma(NORM(k - 1), KGL_POS_NOUN) && !in_set(c, "det", k - 1))
        return 1;
    if (in_set(c, "groupnoun", k) || in_set(c, "personnoun", k) || in_set(c, "rolenoun", k) ||
        in_set(c, "membernoun", k) || in_set(c, "membernoun2", k) || in_set(c, "forcenoun", k) ||
        in_set(c, "vehiclenoun", k) || in_set(c, "pronoun", k) || in_set(c, "relword", k) ||
        in_set(c, "det", k) || is_prep(c, k) || in_set(c, "conj", k) || in_set(c, "orgnoun", k) ||
        in_set(c, "anonymous", k) || in_set(c, "speechpart", k) || is_w(c, k, "they") ||
        is_w(c, k, "it"))
        return 0;
    char buf[KGL_LEMMA_MAX];
    if (!kgl_lemma(w, KGL_POS_NOUN, buf, sizeof buf)) return 0;
    if (in_set(c, "attacknoun",
               k)) { /* "a Russian missile strike killed X": the attack's actor is its subject */
        for (int q = k - 1; q >= c->s->t0 && q >= k - 4; q--) {
            if (c->mid[q] >= 0) return (c->m[c->mid[q]].tb & KGL_T_ACTOR) ? 0 : 1;
            if (!(in_set(c, "weapon", q) || in_set(c, "skipadj", q))) break;
        }
        return 1; /* "the strike killed X": no actor named */
    }
    /* a noun phrase: a determiner, a glued modifier or a number within the three words before */
    for (int q = k - 1; q >= c->s->t0 && q >= k - 3; q--) {
        if (in_set(c, "det", q) || TOK(q).glued || isdigit((unsigned char)c->d->text[TOK(q).s]))
            return 1;
        if (TOK(q).punct || kglx_any_verb_at(c, q)) return 0;
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

/* "a drone launched by X", "a rocket, fired by X,": token v is a verb of
** sending a weapon (set launchverb) after a weapon or vehicle noun, so X acts
** for the weapon ("a drone launched by X struck Y": X attacked Y). */
static int launched_by(ctx *c, int v)
{
    if (!in_set(c, "launchverb", v)) return 0;
    int k = v - 1;
    if (is_p(c, k, ",")) k--;
    return in_set(c, "vehiclenoun", k) || in_set(c, "weapon", k) || in_set(c, "weaponnoun", k);
}

/* Subject of the verb at token v: the nearest actor mention to the left that is
** not the object of a preposition; pronouns and role nouns resolve to people. */
/* Tokens [a, b) are adverbs and auxiliaries only ("it also said", "they have described";
** not "it was reported"). */
static int only_adverbs(ctx *c, int a, int b)
{
    for (int k = a; k < b; k++)
        if (!in_set(c, "adverb", k) && !in_set(c, "auxverb", k)) return 0;
    return 1;
}

/* Token k is a verb of saying whose clause holds the verb v and opens with a noun
** phrase no name gives ("X said (on Friday) that army aircraft had struck Y"): the
** subject of v is in that clause, never the speaker. A pronoun or possessive
** there ("X said it had struck Y", "its aircraft") may still be the speaker. */
static int speaker_outside(ctx *c, int k, int v)
{
    int n = kglx_rule_at(c, KGL_R_SPEECH, k, NULL, NULL);
    if (!n || k + n >= v || is_p(c, k + n, ",")) return 0; /* "Y, X said, attacked Z" */
    int noun = 0; /* a word of the noun phrase: not "acknowledged (intentionally) carrying out" */
    for (int q = k + n; q < v; q++) {
        if (TOK(q).punct || in_set(c, "pronoun", q) || is_w(c, q, "it") || is_w(c, q, "they") ||
            is_w(c, q, "we") || is_w(c, q, "its") || is_w(c, q, "their") || is_w(c, q, "his") ||
            is_w(c, q, "her") || is_w(c, q, "our"))
            return 0;
        size_t l = strlen(NORM(q));
        noun |= !(is_w(c, q, "that") || in_set(c, "det", q) || is_prep(c, q) ||
                  in_set(c, "adverb", q) || in_set(c, "timeword", q) || in_set(c, "month", q) ||
                  in_set(c, "be", q) || in_set(c, "auxverb", q) || in_set(c, "modal", q) ||
                  in_set(c, "negation", q) || isdigit((unsigned char)c->d->text[TOK(q).s]) ||
                  (l > 4 && !strcmp(NORM(q) + l - 2, "ly")));
    }
    return noun;
}

int kglx_subject_of(ctx *c, int v, unsigned types, int *out, int cap)
{
    int n = 0;
    {
        int sh = shared_subject(c, v, types, out, cap);
        if (sh > 0) return sh;
        if (sh == -2) return 0;
        int ah = apposition_head(c, v, types);
        if (ah >= 0 && cap > 0) {
            out[0] = ah;
            int n = 1;
            /* "A and B, a senior adviser to the governor, said": A speaks too */
            int hm = -1;
            for (int i = c->nm - 1; i >= 0 && hm < 0; i--)
                if (c->m[i].ent == ah && c->m[i].t0 >= c->s->t0 && c->m[i].t1 < v) hm = i;
            if (hm >= 0 && is_w(c, c->m[hm].t0 - 1, "and") && c->m[hm].t0 - 2 >= c->s->t0 &&
                c->mid[c->m[hm].t0 - 2] >= 0 && cap > 1) {
                const mention *a = &c->m[c->mid[c->m[hm].t0 - 2]];
                if (!a->adj && (a->tb & types) && a->tb == c->m[hm].tb && a->ent != ah)
                    out[n++] = a->ent;
            }
            return n;
        }
    }
    { /* "according to General X, who added that ...": the name before a relative "who" */
        int w = v - 1;
        while (w > c->s->t0 && in_set(c, "adverb", w))
            w--;
        if ((is_w(c, w, "who") || is_w(c, w, "which")) && w - 1 >= c->s->t0) {
            int q = w - 1;
            if (is_p(c, q, ",")) q--;
            if (q >= c->s->t0 && c->mid[q] >= 0 && (c->m[c->mid[q]].tb & types) &&
                !c->m[c->mid[q]].adj && cap > 0) {
                out[0] = c->m[c->mid[q]].ent;
                return 1;
            }
        }
    }
    if (unnamed_subject(c, v)) return 0;
    { /* "a grudge against X for having bombarded Y": a gerund after a preposition has no subject we
         can name */
        int g = v - 1;
        if (g >= c->s->t0 && is_w(c, g, "having")) g--;
        size_t vl = strlen(NORM(v));
        /* but "X was responsible for killing Y": X did it */
        int resp = is_w(c, g, "for") && is_w(c, g - 1, "responsible");
        if (g >= c->s->t0 && is_prep(c, g) &&
            (g == v - 2 || (vl > 3 && !strcmp(NORM(v) + vl - 3, "ing"))) && !is_w(c, g, "by") &&
            !resp)
            return 0;
    }
    for (int k = v - 1; k >= c->s->t0; k--) {
        if (is_p(c, k, ";")) break;
        if (is_p(c, k, "\xE2\x80\x94") || is_p(c, k, "\xE2\x80\x93")) {
            /* "X—an Iran-backed group—struck Y": an aside between dashes is skipped */
            int q = k - 1;
            while (q > c->s->t0 && q > k - 20 && !is_p(c, q, NORM(k)))
                q--;
            if (q > c->s->t0 && is_p(c, q, NORM(k))) k = q;
            continue;
        }
        if (is_p(c, k, ",") && (is_w(c, k + 1, "and") || is_w(c, k + 1, "but")) && k + 1 < v) break;
        if (c->inq[k] >= 0 && c->inq[v] < 0) break;
        if (is_quote_mark(c, k) && k < v - 1) break;
        if (c->mid[k] < 0 && speaker_outside(c, k, v)) break;
        int mi = c->mid[k];
        if (mi >= 0) {
            mention *m = &c->m[mi];
            k = m->t0;
            if (m->adj && (m->tb & types) && n < cap) {
                /* "Israeli strikes killed X": a demonym on the attack noun right before the verb
                 * acts */
                int q = m->t1;
                while (q < v && (in_set(c, "weapon", q) || in_set(c, "skipadj", q)))
                    q++;
                if (q == v - 1 && in_set(c, "attacknoun", q)) {
                    out[n++] = m->ent;
                    return n;
                }
            }
            if (!(m->tb & types) || m->adj) continue;
            if (m->t1 < v && TOK(m->t1).glued) continue; /* "Iran-backed groups", "US-led forces" */
            /* object of a preposition? look left over det/adjectives */
            int p = m->t0 - 1;
            while (p >= c->s->t0 &&
                   (in_set(c, "det", p) || (c->mid[p] >= 0 && c->m[c->mid[p]].adj) ||
                    in_set(c, "direction", p) || in_set(c, "honorific", p) ||
                    (is_any_quote(c, p) && !is_quote_mark(c, p))))
                p--; /* "over southern Lebanon", "loyal to President X" are objects of the
                        preposition */
            /* "backed by Kurdish Peshmerga fighters": an adjective no dictionary knows before the
             * name */
            if (p > c->s->t0 && c->mid[p] < 0 && !TOK(p).punct &&
                (demonym_like(c, p) || in_set(c, "skipadj", p)) && is_prep(c, p - 1))
                p--;
            if (p >= c->s->t0 && is_prep(c, p) && !is_w(c, p, "and") &&
                !(is_w(c, p, "of") && p - 1 >= c->s->t0 &&
                  (in_set(c, "membernoun2", p - 1) || in_set(c, "membernoun", p - 1))) &&
                !((is_w(c, p, "by") || is_w(c, p, "from") || is_w(c, p, "of")) &&
                  p - 1 >= c->s->t0 &&
                  (in_set(c, "sourcenoun", p - 1) ||
                   (is_w(c, p, "by") &&
                    (in_set(c, "attacknoun", p - 1) || in_set(c, "actionnoun", p - 1) ||
                     launched_by(c, p - 1))))))
                continue; /* the object of a preposition; but "gunmen of X stormed", "officials of X
                           *said",
                           ** "an inquiry by X confirmed": X acts */
            if (p > c->s->t0 && c->mid[p] < 0 && !TOK(p).punct && !TOK(p).cap &&
                participle_ing(c, p) && after_noun(c, p))
                continue; /* "the coalition fighting the Islamic State entered Iraq": the object
                          ** of a participle after a noun, not the subject */
            if (p >= c->s->t0 && TOK(p).poss &&
                !((m->flags & KGL_F_FORCE) && in_set(c, "forcenoun", m->t1 - 1)) &&
                !(m->tb == KGL_T_ORG && in_set(c, "govnoun", m->t1 - 1)))
                continue; /* "Iran's commander"; but "Putin's forces fired", "Sudan's
                          ** government said": the forces, the government act */
            if (m->t1 < c->s->t1 && TOK(m->t1).poss &&
                !(v - 1 >= c->s->t0 && in_set(c, "relword", v - 1)))
                continue; /* "Iran's commander" */
            out[n++] = m->ent;
            { /* "X and the group he led, (the) Y, were ...": X is a subject too */
                int q = m->t0 - 1;
                if (is_w(c, q, "the")) q--;
                if (is_p(c, q, ",") &&
                    (is_w(c, q - 1, "led") || is_w(c, q - 1, "leads") || is_w(c, q - 1, "headed") ||
                     is_w(c, q - 1, "heads") || is_w(c, q - 1, "commanded") ||
                     is_w(c, q - 1, "commands")) &&
                    (is_w(c, q - 2, "he") || is_w(c, q - 2, "she"))) {
                    int a = q - 3;
                    while (a > c->s->t0 && a > q - 7 && !is_w(c, a, "the") && c->mid[a] < 0 &&
                           !TOK(a).punct)
                        a--;
                    if (is_w(c, a, "the") && is_w(c, a - 1, "and") && a - 2 >= c->s->t0 &&
                        c->mid[a - 2] >= 0 && c->m[c->mid[a - 2]].tb == KGL_T_PERSON && n < cap)
                        out[n++] = c->m[c->mid[a - 2]].ent;
                }
            }
            /* coordinated subjects: "X and Y said", "both X and Y" */
            int q = m->t0 - 1, seen_and = 0;
            while (q > c->s->t0 && in_set(c, "honorific", q))
                q--;                                    /* "the President and Gen. X said" */
            if (q > c->s->t0 && is_w(c, q, "the")) q--; /* "X, Y, and the United Kingdom" */
            while (n < cap && q > c->s->t0) {
                if (is_p(c, q, ")")) {
                    while (q > c->s->t0 && !is_p(c, q, "("))
                        q--;
                    q--;
                    continue;
                }
                if (!(is_w(c, q, "and") || is_p(c, q, ","))) break;
                /* "A, B and C said" is a list; "Leader of Iran, X, said" is an apposition */
                if (is_w(c, q, "and"))
                    seen_and = 1;
                else if (!seen_and)
                    break;
                int r = q - 1;
                if (is_w(c, q, "and") && r > c->s->t0 && is_p(c, r, ",")) r--; /* "X, Y, and Z" */
                if (r >= c->s->t0 && is_p(c, r, ")")) {
                    while (r > c->s->t0 && !is_p(c, r, "("))
                        r--;
                    r--;
                }
                int pobj = 0;
                if (r >= c->s->t0 && c->mid[r] >= 0) {
                    int p2 = c->m[c->mid[r]].t0 - 1;
                    while (p2 >= c->s->t0 && in_set(c, "det", p2))
                        p2--;
                    pobj = p2 >= c->s->t0 && is_prep(c, p2) && !is_w(c, p2, "and");
                }
                if (r >= c->s->t0 && c->mid[r] >= 0 && (c->m[c->mid[r]].tb & types) &&
                    !c->m[c->mid[r]].adj && !pobj) {
                    out[n++] = c->m[c->mid[r]].ent;
                    q = c->m[c->mid[r]].t0 - 1;
                    if (q > c->s->t0 && is_w(c, q, "the")) q--;
                } else
                    break;
            }
            if (n >= 2) kglx_remember_group(c, out, n); /* "X, Y and Z ... . They said" */
            return n;
        }
        if (is_w(c, k, "it") && (types & KGL_T_ORG) && only_adverbs(c, k + 1, v)) {
            /* "The Crescent Vanguard released a video. It said ...": the organisation or
            ** country that is the subject of this or the previous sentence of the paragraph */
            int e = -1;
            if (k > c->s->t0)
                e = kglx_sentence_subject(c);
            else if (c->prev_subj >= 0 && c->prev_subj_para == c->s->para)
                e = c->prev_subj;
            if (e >= 0 && (tbit(c->r->ent[e].type) & (KGL_T_ORG | KGL_T_COUNTRY)) &&
                (tbit(c->r->ent[e].type) & types))
                out[n++] = e;
            return n;
        }
        if (is_w(c, k, "they") && !(c->ngroup >= 2 && c->group_s && c->s - c->group_s <= 2) &&
            k == c->s->t0 && only_adverbs(c, k + 1, v) && c->prev_subj >= 0 &&
            c->prev_subj_plural && c->s->para - c->prev_subj_para <= 1 &&
            (tbit(c->r->ent[c->prev_subj].type) & types & KGL_T_ORG)) {
            /* "Chadian authorities refused to comment. They described ...": the group named
            ** by a plural that opens the sentence before */
            out[n++] = c->prev_subj;
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
            int e = kglx_resolve_pronoun(c, k);
            if (e >= 0) out[n++] = e;
            return n;
        }
        if ((in_set(c, "rolenoun", k) || in_set(c, "personnoun", k) || in_set(c, "orgnoun", k)) &&
            (k > c->s->t0 || in_set(c, "rebelnoun", k))) {
            /* "the top Kenyan diplomat said", "the foreign minister said", "the ministry said":
            ** a determiner before the noun and its modifiers */
            int d = k - 1;
            while (d > c->s->t0 && d > k - 4 && !TOK(d).punct && !TOK(d).cap &&
                   !in_set(c, "det", d) && c->mid[d] < 0 && !kglx_any_verb_at(c, d))
                d--;
            /* "the Chadian minister"; "the ORG official": a person named before, as "the
            ** official" is, not the group (a plural, "ORG officials", is the group) */
            while (d > c->s->t0 && c->mid[d] >= 0 &&
                   (c->m[c->mid[d]].adj ||
                    (c->m[c->mid[d]].t1 == k && c->m[c->mid[d]].tb == KGL_T_ORG &&
                     !in_set(c, "anonymous", k) && !in_set(c, "orgnoun", k) &&
                     !in_set(c, "sourcenoun", k))))
                d = c->m[c->mid[d]].t0 - 1;
            /* "the top Kenyan diplomat": a modifier before the demonym */
            while (d > c->s->t0 && d > k - 5 && c->mid[d] < 0 && in_set(c, "skipadj", d) &&
                   !in_set(c, "det", d))
                d--;
            /* "Rebels denied the claim": a plural group noun needs no determiner */
            int bare = k == c->s->t0 && in_set(c, "rebelnoun", k);
            /* "a top Chadian general" is somebody, not the general named before */
            int indef = is_w(c, d, "a") || is_w(c, d, "an") || is_w(c, d, "another") ||
                        is_w(c, d, "some") || is_w(c, d, "any");
            /* "his office said": the office of a person, not the last group that spoke */
            if (in_set(c, "orgnoun", k) && (is_w(c, d, "his") || is_w(c, d, "her") ||
                                            is_w(c, d, "their") || is_w(c, d, "its")))
                return n;
            if (bare || (in_set(c, "det", d) && !in_set(c, "relword", d) && !indef)) {
                int nation = -1, strict = 0; /* "the Nigerien foreign minister" */
                for (int q = d + 1; q < k; q++)
                    if (c->mid[q] >= 0 && !in_set(c, "orgnoun", k))
                        nation = c->m[c->mid[q]].ent, strict = c->m[c->mid[q]].adj;
                /* a demonym asks for a person seen with a title of that nation: "the Sudanese
                ** foreign minister" is not the UN envoy who spoke last */
                int e = role_antecedent(c, k, types, nation, strict && nation >= 0, 0);
                /* "the ORG spokesman said", nobody named before: the group speaks */
                if (e < 0 && nation >= 0 && !strcmp(c->r->ent[nation].type, "organisation") &&
                    c->mid[k - 1] >= 0 && !c->m[c->mid[k - 1]].adj)
                    e = nation;
                if (e >= 0 && (tbit(c->r->ent[e].type) & types)) out[n++] = e;
                return n;
            }
        }
        if (in_set(c, "anonymous", k)) {
            /* "IRGC officials said", "PMU officials said": the organisation speaks; "officials
            ** said", "Iraqi officials said" name nobody, but a bare "officials said" after
            ** "ORG officials" in the post, and the officials of no other, are ORG's */
            int q = k - 1;
            if (q >= c->s->t0 && c->mid[q] >= 0) {
                const mention *o = &c->m[c->mid[q]];
                if (!o->adj && (o->tb & (KGL_T_ORG | KGL_T_COUNTRY)) && (o->tb & types))
                    out[n++] = o->ent;
            } else if (is_w(c, k, "officials") && c->officials_org >= 0 && (types & KGL_T_ORG) &&
                       (q < c->s->t0 || is_p(c, q, ",") || is_w(c, q, "the")))
                out[n++] = c->officials_org;
            return n;
        }
        if (k < v - 8 && kglx_any_verb_at(c, k)) return 0;
    }
    return n;
}

/* "A, B, and C carried out strikes. They said ...": a list of actors that is the
** subject of a verb no frame reads is still the group "they" names next. */
void kglx_list_subject(ctx *c)
{
    if (c->group_s == c->s) return; /* a frame remembered this sentence's group */
    const kgl_sent *s = c->s;
    for (int k = s->t0; k < s->t1; k++) {
        if (c->mid[k] < 0 || c->inq[k] >= 0) continue;
        int p = c->m[c->mid[k]].t0 - 1;
        if (p >= s->t0 && in_set(c, "det", p)) p--;
        if (p >= s->t0 && (is_prep(c, p) || TOK(p).poss || c->mid[p] >= 0)) {
            k = c->m[c->mid[k]].t1 - 1;
            continue;
        }
        int g[8], n = 0, t = k, end = k;
        for (;;) {
            const mention *m = &c->m[c->mid[t]];
            if (m->adj || !(m->tb & KGL_T_ACTOR) || n == 8) break;
            g[n++] = m->ent;
            t = end = m->t1;
            int sep = 0;
            while (t < s->t1 && (is_p(c, t, ",") || is_w(c, t, "and")))
                t++, sep = 1;
            if (t < s->t1 && is_w(c, t, "the")) t++;
            if (!sep || t >= s->t1 || c->mid[t] < 0) break;
        }
        int v = end;
        while (v < s->t1 && in_set(c, "adverb", v))
            v++;
        if (n >= 2 && v < s->t1 && !TOK(v).punct && !TOK(v).cap && !TOK(v).poss && c->mid[v] < 0 &&
            (kglx_past_verb(c, v) || kglx_any_verb_at(c, v))) {
            kglx_remember_group(c, g, n);
            return;
        }
        k = end > k ? end - 1 : k;
    }
}

/* The issuer of a statement named at token k ("statement", "communique"): X of
** "a X statement", "a statement from / by / of X", "a statement issued by X";
** -1 for "the statement" (one named before), -2 for an issuer not named. */
static int statement_issuer(ctx *c, int k)
{
    int q = k - 1;
    while (q >= c->s->t0 && c->mid[q] < 0 && in_set(c, "skipadj", q) && !TOK(q).cap)
        q--; /* "a separate X statement" */
    if (q >= c->s->t0 && c->mid[q] >= 0 && !c->m[c->mid[q]].adj &&
        (c->m[c->mid[q]].tb & (KGL_T_ORG | KGL_T_PERSON | KGL_T_COUNTRY)))
        return c->m[c->mid[q]].ent;
    int f = k + 1;
    if (is_w(c, f, "issued") || is_w(c, f, "released") || is_w(c, f, "published")) f++;
    if (is_w(c, f, "from") || is_w(c, f, "by") || is_w(c, f, "of")) {
        int mi = kglx_object_from(c, f + 1, 3, KGL_T_ORG | KGL_T_PERSON | KGL_T_COUNTRY, 0);
        return mi >= 0 ? c->m[mi].ent : -2;
    }
    return is_w(c, k - 1, "the") || is_w(c, k - 1, "this") ? -1 : -2;
}

/* Before a sentence's frames: "ORG officials" names the organisation whose
** officials a later bare "officials said" quotes; officials of another name
** ("Iraqi officials", "US officials", "local officials") make that unknown.
** A statement named with its issuer is what "the statement said" quotes in the
** next sentence. */
void kglx_note_sources(ctx *c)
{
    for (int k = c->s->t0; k < c->s->t1; k++) {
        if (c->inq[k] >= 0 || !(is_w(c, k, "statement") || is_w(c, k, "communique"))) continue;
        int e = statement_issuer(c, k);
        if (e != -1) c->stmt_src = e, c->stmt_s = c->s;
    }
    for (int k = c->s->t0; k < c->s->t1 && c->officials_org != -2; k++) {
        if (!is_w(c, k, "officials") || c->inq[k] >= 0) continue;
        int q = k - 1, org = -2, of = k + 1;
        while (q >= c->s->t0 && c->mid[q] < 0 && in_set(c, "skipadj", q) && !TOK(q).cap)
            q--;                 /* "ORG senior officials" */
        if (is_w(c, of, "of")) { /* "officials of the ORG" */
            of += 1 + is_w(c, of + 1, "the");
            if (of < c->s->t1 && c->mid[of] >= 0 && !c->m[c->mid[of]].adj &&
                c->m[c->mid[of]].tb == KGL_T_ORG)
                org = c->m[c->mid[of]].ent;
        } else if (q < c->s->t0 || TOK(q).punct || in_set(c, "det", q))
            continue; /* "officials said", "the officials": no one new */
        else if (c->mid[q] >= 0 && !c->m[c->mid[q]].adj && c->m[c->mid[q]].tb == KGL_T_ORG)
            org = c->m[c->mid[q]].ent;
        c->officials_org = c->officials_org == -1 || c->officials_org == org ? org : -2;
    }
}

/* The actor that opens the sentence as its subject: the first named actor that is no
** modifier ("ORG Commander X") and no object of a preposition; -1. */
static int sentence_subject_m(ctx *c);

int kglx_sentence_subject(ctx *c)
{
    int mi = sentence_subject_m(c);
    return mi >= 0 ? c->m[mi].ent : -1;
}

/* After a sentence: its subject for a following "it" / "they", and whether it is
** named by a plural ("Chadian authorities", "Libyan rebels"). */
void kglx_note_subject(ctx *c)
{
    int mi = sentence_subject_m(c);
    c->prev_subj = mi >= 0 ? c->m[mi].ent : -1;
    c->prev_subj_para = c->s->para;
    c->prev_subj_plural = 0;
    if (mi < 0) return;
    int l = c->m[mi].t1 - 1;
    const char *w = NORM(l);
    size_t n = strlen(w);
    /* a lower-case head in -s ("authorities", "rebels", "forces"; not "-ss", "-us") */
    c->prev_subj_plural = !TOK(l).cap && !TOK(l).poss && n > 3 && w[n - 1] == 's' &&
                          w[n - 2] != 's' && w[n - 2] != 'u';
}

static int sentence_subject_m(ctx *c)
{
    int k0 = c->s->t0;
    /* "In a video on Sunday, X ...", "On Monday, X ...": an opening phrase of a
    ** preposition or a time ends at its comma */
    if (k0 < c->s->t1 && (is_prep(c, k0) || in_set(c, "timeword", k0) || is_w(c, k0, "following") ||
                          in_set(c, "adverb", k0)))
        for (int q = k0 + 1; q < c->s->t1 && q < k0 + 10; q++) {
            if (c->inq[q] >= 0 || is_clause_end(c, q)) break;
            if (is_p(c, q, ",")) {
                k0 = q + 1;
                break;
            }
        }
    for (int k = k0; k < c->s->t1; k++) {
        if (c->inq[k] >= 0 || TOK(k).punct) return -1;
        if (c->mid[k] < 0) {
            if (is_prep(c, k) || kglx_any_verb_at(c, k)) return -1;
            continue;
        }
        const mention *m = &c->m[c->mid[k]];
        if (!(m->tb & KGL_T_ACTOR) || kglx_is_modifier(c, m)) {
            k = m->t1 - 1;
            continue;
        }
        return c->mid[k];
    }
    return -1;
}

void kglx_remember_group(ctx *c, const int *subj, int n)
{
    c->ngroup = n > 8 ? 8 : n;
    memcpy(c->group, subj, c->ngroup * sizeof *subj);
    c->group_s = c->s;
}
