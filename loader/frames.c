/*
** frames.c -- extraction: relation frames (kglx_*, see extract.h). Active verbs,
** passives and nouns from the rules with their type signatures; the event
** objects of denials and votes; deaths named by a noun; vote tallies; titles,
** appositions and ranks; a leader's forces; membership; located-at by
** preposition, by a name that says where it is and by apposition.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"
#include "extract.h"

static int be_before(ctx *c, int v)
{
    for (int k = v - 1; k >= c->s->t0 && k >= v - 3; k--) {
        if (in_set(c, "be", k)) return k;
        if (!(in_set(c, "adverb", k) || in_set(c, "negation", k))) return -1;
    }
    return -1;
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

/* the object types of a rule: its obj= or its relation's */
static unsigned rule_obj_types(const kgl_rule *ru)
{
    return ru->obj ? ru->obj : obj_types(ru->rel);
}

static unsigned subj_types(const kgl_rule *ru)
{
    if (ru->subj) return ru->subj;
    if (!strcmp(ru->rel, "located-at")) return KGL_T_ACTOR | KGL_T_BASE;
    if (!strcmp(ru->rel, "member-of") || !strcmp(ru->rel, "leads")) return KGL_T_PERSON;
    return KGL_T_ACTOR;
}

/* ---------------------------------------------------------------- event objects (denied, voted) */
/* The event a denial is about: "denied (any) responsibility for / involvement
** in / role in NP" -> the event named by NP (a dictionary event inside it, else
** its words without leading determiners and adjectives, up to a comma, a
** relative word or the clause end); "denied responsibility" with no NP -> the
** event named earlier in the sentence, if any. -1 when t is not such a phrase;
** -2 when it is one but names nothing. */
static int denial_object(ctx *c, int t)
{
    while (in_set(c, "det", t))
        t++;
    if (!in_set(c, "denialnoun", t)) return -1;
    int p = t + 1;
    if (!(is_prep(c, p) && !is_w(c, p, "to") && !is_w(c, p, "by"))) {
        /* no phrase after it: the event named earlier in this sentence, or in this post */
        for (int k = t - 1; k >= c->s->t0; k--)
            if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_EVENT) return c->m[c->mid[k]].ent;
        return c->last_event >= 0 ? c->last_event : -2;
    }
    int a = p + 1;
    while (a < c->s->t1 && (in_set(c, "det", a) || in_set(c, "skipadj", a)) &&
           !(c->mid[a] >= 0 && !c->m[c->mid[a]].adj))
        a++;
    /* "involvement in the attack": a bare event noun is the event named before in this post */
    if (in_set(c, "eventword", a) && c->mid[a] < 0 &&
        (a + 1 >= c->s->t1 || is_clause_end(c, a + 1) || is_p(c, a + 1, ",")) && c->last_event >= 0)
        return c->last_event;
    int b = a;
    for (; b < c->s->t1; b++) {
        if (is_clause_end(c, b) || is_p(c, b, ",") || is_p(c, b, "(") || is_quote_mark(c, b)) break;
        if (in_set(c, "relword", b) || in_set(c, "conj", b) || in_set(c, "timeword", b)) break;
        if (c->mid[b] >= 0 && c->m[c->mid[b]].tb == KGL_T_EVENT) return c->m[c->mid[b]].ent;
        if (b > a && kglx_any_verb_at(c, b) && !is_prep(c, b - 1)) break;
        if (b - a >= 12) break; /* a name, not a clause */
    }
    while (b > a && (is_prep(c, b - 1) || in_set(c, "det", b - 1) || TOK(b - 1).punct))
        b--;
    if (b <= a || (b - a < 2 && !in_set(c, "eventnoun", a))) return -2;
    const char *x = c->d->text + TOK(a).s;
    return kgl_result_entity(c->r, "event", x, TOK(b - 1).e - TOK(a).s);
}

/* "denied the claim / the report / these allegations": the last statement of
** this or the two sentences before, by someone other than the denier; -1 when
** there is none (the word itself is never the object). */
static int denied_claim(ctx *c, int t, int subj)
{
    while (in_set(c, "det", t) || in_set(c, "skipadj", t) ||
           (c->mid[t] >= 0 && c->m[c->mid[t]].adj)) /* "the Israeli claims" */
        t++;
    if (!in_set(c, "claimnoun", t)) return -2;
    if (is_w(c, t + 1, "that")) { /* "denied the reports that CLAUSE": the clause */
        int e = t + 2;
        while (e < c->s->t1 && !is_clause_end(c, e) &&
               !(is_p(c, e, ",") && in_set(c, "speechpart", e + 1)))
            e++;
        return e > t + 2 ? kglx_make_statement(c, TOK(t + 2).s, TOK(e - 1).e) : -1;
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
            while (e < c->s->t1 && !is_clause_end(c, e) &&
                   !(is_p(c, e, ",") && in_set(c, "speechpart", e + 1)))
                e++;
            if (e > t + 1) return kglx_make_statement(c, TOK(t + 1).s, TOK(e - 1).e);
            return -1;
        }
    }
    int mi = kglx_object_from(c, t, 8, KGL_T_EVENT, 1);
    if (mi >= 0) return c->m[mi].ent;
    for (int k = t; k < c->s->t1 && k < t + 6; k++) {
        if (is_clause_end(c, k) ||
            (k > t && (is_prep(c, k) || in_set(c, "relword", k) || is_w(c, k, "after"))))
            break;
        if (in_set(c, "eventnoun",
                   k)) { /* the direct object only: not "denies withdrawal after draft letter" */
            if (!strcmp(rel, "voted")) break;
            return kgl_result_entity(c->r, "event", NORM(k), strlen(NORM(k)));
        }
    }
    if (!strcmp(rel, "voted")) {
        /* "vetoed the draft", "adopted the resolution": the last resolution named before, in this
         * document */
        int k = t;
        while (
            k < c->s->t1 && k < t + 5 &&
            (in_set(c, "det", k) || in_set(c, "skipadj", k) || TOK(k).poss || is_w(c, k, "draft")))
            k++;
        int resword = is_w(c, k, "resolution") || is_w(c, k, "draft") || is_w(c, k - 1, "draft");
        /* "a US draft resolution regarding X" names a new text; "the resolution" one named before
         */
        int fresh = is_w(c, t, "a") || is_w(c, t, "an") || is_prep(c, k + 1) ||
                    in_set(c, "speechpart", k + 1);
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
            while (a < k && in_set(c, "det", a))
                a++;
            if (a < k)
                return kgl_result_entity(c->r, "event", c->d->text + TOK(a).s, TOK(k).e - TOK(a).s);
        }
    }
    if (!strcmp(rel, "voted") && subj >= 0 &&
        (c->r->ent[subj].dict >= 0 && (c->lx->ent[c->r->ent[subj].dict].flags & KGL_F_PARL))) {
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
        while (
            k < c->s->t1 && k < t + 8 && !in_set(c, "votenoun", k) && !is_clause_end(c, k) &&
            (c->mid[k] < 0 || kglx_is_modifier(c, &c->m[c->mid[k]]))) /* "a US draft resolution" */
            k++;
        if (!in_set(c, "votenoun", k)) {
            /* a voting body approving an unnamed measure: "approved a no-fly zone over Libya" */
            if (subj < 0 || c->r->ent[subj].dict < 0 ||
                !(c->lx->ent[c->r->ent[subj].dict].flags & KGL_F_PARL))
                return -1;
            int a = t;
            while (a < c->s->t1 && in_set(c, "det", a))
                a++;
            if (a == t) return -1;
            int b = a, words = 0;
            for (; b < c->s->t1 && words < 7; b++, words++)
                if (is_clause_end(c, b) || is_p(c, b, ",") || is_w(c, b, "by") ||
                    is_w(c, b, "with") || is_w(c, b, "to") || is_w(c, b, "after") ||
                    is_w(c, b, "before") || is_w(c, b, "during") || in_set(c, "relword", b) ||
                    in_set(c, "timeword", b) || in_set(c, "month", b) || c->inq[b] >= 0 ||
                    (b > a && kglx_any_verb_at(c, b)) ||
                    (is_w(c, b, "on") &&
                     (in_set(c, "timeword", b + 1) || in_set(c, "month", b + 1))))
                    break; /* "a no-fly zone over Libya | to protect civilians", "an embargo on X |
                              after ..." */
            if (b - a < 2 || b - a >= 7) return -1;
            return kgl_result_entity(c->r, "event", c->d->text + TOK(a).s, TOK(b - 1).e - TOK(a).s);
        }
        while (k + 1 < c->s->t1 && in_set(c, "votenoun", k + 1))
            k++; /* "draft resolution" */
        int a = k;
        while (a > t &&
               (in_set(c, "skipadj", a - 1) || is_w(c, a - 1, "draft") || TOK(a - 1).glued ||
                (a > k - 2 && !TOK(a - 1).punct && !TOK(a - 1).cap && !in_set(c, "det", a - 1) &&
                 !is_prep(c, a - 1) && !kglx_any_verb_at(c, a - 1) && c->mid[a - 1] < 0)))
            a--; /* "a verbal amendment", "the draft resolution" */
        int b = k + 1, words = 0;
        /* the name is the noun and its complement: "a resolution demanding X", "a motion on Y"
        ** (not a participle: "the verbal amendment | introduced by Russia") */
        if (is_prep(c, b) || in_set(c, "speechpart", b) ||
            (b < c->s->t1 && !TOK(b).punct && !TOK(b).cap &&
             kgl_lemma_of(NORM(b), "demand", KGL_POS_VERB)))
            for (; b < c->s->t1 && words < 8; b++, words++) {
                if (b > k + 1 && !TOK(b).cap && c->mid[b] < 0 && kglx_past_verb(c, b))
                    break; /* "a motion on X | received" */
                if (is_any_quote(c, b) || c->inq[b] >= 0) break;
                if (is_clause_end(c, b) || is_p(c, b, ",") || is_w(c, b, "by") ||
                    is_w(c, b, "with") || in_set(c, "relword", b) || in_set(c, "timeword", b) ||
                    in_set(c, "month", b) ||
                    (is_w(c, b, "on") &&
                     (in_set(c, "timeword", b + 1) || in_set(c, "month", b + 1))))
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
** rocket attack", "by Russian shelling": the actor named before an attack noun
** at t (after a determiner, or right after "by", and weapon words); -1 when
** there is none. */
/* From token k0 up to token lim, weapon words and adjectives with at most one
** actor named among them: the actor (-1: none; -2: a name that is no actor,
** or a second actor, stands there), *end the token after the run. */
static int actor_run(ctx *c, int k0, int lim, int *end)
{
    int agent = -1, k = k0;
    for (; k < c->s->t1 && k < lim; k++) {
        if (c->mid[k] >= 0) {
            const mention *m = &c->m[c->mid[k]];
            if (!(m->tb & KGL_T_ACTOR) || agent >= 0) return -2;
            agent = m->ent;
            k = m->t1 - 1;
            continue;
        }
        if (in_set(c, "weapon", k) || in_set(c, "skipadj", k)) continue;
        break;
    }
    *end = k;
    return agent;
}

static int attack_agent(ctx *c, int t)
{
    /* "by Russian shelling": after "by", a plural or mass noun needs no determiner */
    int d = in_set(c, "det", t) ? 1 : is_w(c, t - 1, "by") ? 0 : -1;
    if (d < 0) return -1;
    int k, agent = actor_run(c, t + d, t + d + 5, &k);
    return agent >= 0 && in_set(c, "attacknoun", k) ? agent : -1;
}

/* The attack noun at i is the object of the light verb at lv ("launched a wave of
** strikes on"): no preposition between them but "of" after a noun of quantity
** ("a series of"), or "for" after "claimed responsibility"; "launched an investigation
** into the attack on X" names no attacker. */
static int light_object(ctx *c, int lv, int i)
{
    for (int k = lv + 1; k < i; k++)
        if (is_prep(c, k) && !(is_w(c, k, "of") && in_set(c, "quantnoun", k - 1)) &&
            !(is_w(c, k, "for") && is_w(c, k - 1, "responsibility")))
            return 0;
    return 1;
}

/* "stormed a school in Kankara", "shelled the market in Dorvan", "an attack on a
** village in Borno": the place of an unnamed target that starts at token t (a
** mention index), or -1. */
static int target_place(ctx *c, int t)
{
    const kgl_sent *s = c->s;
    for (int k = t + 1; k < s->t1 && k < t + 7; k++) {
        if (is_clause_end(c, k) || is_p(c, k, ",") || kglx_any_verb_at(c, k) || c->mid[k] >= 0)
            break;
        if ((is_w(c, k, "in") || is_w(c, k, "near") || is_w(c, k, "outside")) && k + 1 < s->t1 &&
            c->mid[k + 1] >= 0 && (c->m[c->mid[k + 1]].tb & (KGL_T_PLACE | KGL_T_BASE)) &&
            !c->m[c->mid[k + 1]].adj)
            return c->mid[k + 1];
    }
    return -1;
}

/* The armed forces of entity e when it is a country, named by the force noun at
** token t ("Kenya deployed troops": the dictionary's "Kenyan troops"), else e. */
static int country_forces(ctx *c, int e, int t)
{
    if (tbit(c->r->ent[e].type) != KGL_T_COUNTRY) return e;
    char dem[128];
    int de = c->r->ent[e].dict;
    const char *d = de >= 0 ? kglx_demonym_of(c, de, dem, sizeof dem) : NULL;
    int f = d && t >= 0 ? kglx_demonym_forces(c, d, t, NULL) : -1;
    const char *names[] = {d, c->r->ent[e].name};
    if (f < 0) f = kglx_armed_forces(c, names, 2, d, NULL);
    return f >= 0 ? f : e;
}

/* "The US has about 2,500 troops in Iraq", "Turkey maintains military bases in
** northern Iraq", "France keeps 1,000 soldiers across the Sahel": the holder's
** forces are at the place (rule locate.has); a country's are its armed forces. */
static void held_forces(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int v = s->t0 + 1; v + 2 < s->t1; v++) {
        if (!in_set(c, "holdverb", v) || c->mid[v] >= 0 || c->inq[v] >= 0) continue;
        int k = v + 1;
        char nb[KGL_LEMMA_MAX];
        while (k < s->t1 && c->mid[k] < 0 &&
               (in_set(c, "quantword", k) || in_set(c, "numberword", k) ||
                isdigit((unsigned char)c->d->text[TOK(k).s]) || is_w(c, k, "a") ||
                in_set(c, "skipadj", k) || in_set(c, "weapon", k)))
            k++;
        const char *l = kgl_lemma(NORM(k), KGL_POS_NOUN, nb, sizeof nb);
        int noun = k;
        if (c->mid[k] >= 0 ||
            !(in_set(c, "forcenoun", k) || (l && kgl_lex_in(c->lx, "basenoun", l))))
            continue;
        k++;
        if (!(is_w(c, k, "in") || is_w(c, k, "across") || is_w(c, k, "throughout"))) continue;
        int om = kglx_object_from(c, k + 1, 4, KGL_T_PLACE | KGL_T_BASE | KGL_T_COUNTRY, 0);
        if (om < 0) continue;
        int who = -1, scope = kglx_act_scope(c, v, &who);
        if (scope < 0 || scope == KGL_MOD_DENIED || kglx_modal_before(c, v)) continue;
        int subj[8], ns = kglx_subject_of(c, v, KGL_T_COUNTRY | KGL_T_ORG, subj, 8);
        c->mod = scope, c->claimant = who;
        for (int a = 0; a < ns; a++) {
            int e = country_forces(c, subj[a], in_set(c, "forcenoun", noun) ? noun : -1);
            if (e != c->m[om].ent) kglx_emit(c, e, "located-at", c->m[om].ent, NULL, "locate.has");
        }
        c->mod = c->smod, c->claimant = c->sclaimant;
    }
}

/* ---------------------------------------------------------------- verb frames */
/* "strikes across Ukraine, including in Odesa and Kharkiv": the places the
** "including" names after the object (mention mi, then its coordinated ones
** co[0..nc)) are objects too. Appends to objs (at most cap) and returns the count. */
static int including_objs(ctx *c, int mi, const int *co, int nc, int *objs, int no, int cap)
{
    int end = c->m[mi].t1;
    for (int k = 0; k < nc; k++)
        if (c->m[co[k]].t1 > end) end = c->m[co[k]].t1;
    int k = end;
    /* a time between: "bombed X on Friday, including in Y" */
    if ((is_w(c, k, "on") || is_w(c, k, "in") || is_w(c, k, "last") || is_w(c, k, "this")) &&
        (in_set(c, "timeword", k + 1) || in_set(c, "month", k + 1)))
        k += 2;
    if (!is_p(c, k, ",") || !is_w(c, k + 1, "including")) return no;
    k += 2;
    if (is_w(c, k, "in") || is_w(c, k, "on") || is_w(c, k, "at")) k++;
    if (k >= c->s->t1 || c->mid[k] < 0) return no;
    int im = c->mid[k];
    if (!(c->m[im].tb & (KGL_T_PLACE | KGL_T_BASE)) || c->m[im].adj) return no;
    int ic[6], nic = kglx_coordinated(c, im, c->m[im].tb, ic, 6);
    if (no < cap) objs[no++] = c->m[im].ent;
    for (int q = 0; q < nic && no < cap; q++)
        objs[no++] = c->m[ic[q]].ent;
    return no;
}

static void verb_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    int last_v = -1, last_ns = 0, last_subj[8], last_obj = -1, shared = 0;
    for (int i = s->t0; i < s->t1; i++) {
        shared = 0;
        if (TOK(i).punct) continue;
        /* a name's words are no verbs; but the attack noun that ends an event's name still
        ** heads its frame ("the January attacks by X in Y") */
        if (c->mid[i] >= 0 && !(c->m[c->mid[i]].tb == KGL_T_EVENT && c->m[c->mid[i]].t1 == i + 1 &&
                                in_set(c, "attacknoun", i) && (is_w(c, i + 1, "by"))))
            continue;
        const kgl_rule *ru = NULL;
        const kgl_form *fo = NULL;
        int n = 0;
        int kinds[] = {KGL_R_VERB, KGL_R_DENY, KGL_R_VOTE, KGL_R_PASSIVE, KGL_R_NOUN, 0};
        /* a noun with its preposition ("attacks on") wins over the verb reading */
        n = kglx_rule_at(c, KGL_R_NOUN, i, &ru, &fo);
        if (n && !(fo->prep &&
                   (is_w(c, i + n, fo->prep) || (is_w(c, i + n, "by") && c->mid[i + n + 1] >= 0 &&
                                                 is_w(c, c->m[c->mid[i + n + 1]].t1, fo->prep)))))
            n = 0; /* "attacks on X", "attacks by Y on X" */
        if (!n && (be_before(c, i) >= 0 || is_w(c, i + 1, "by")))
            n = kglx_rule_at(c, KGL_R_PASSIVE, i, &ru, &fo);
        for (int k = 0; kinds[k] && !n; k++)
            n = kglx_rule_at(c, kinds[k], i, &ru, &fo);
        if (!n) continue;
        if (c->inq[i] >= 0) continue; /* inside a quote: the speaker's claim, not the text's */
        /* "ship-based missiles": a compound adjective, not a verb of its own */
        if (TOK(i).glued && ru->kind == KGL_R_VERB && !strcmp(ru->rel, "located-at")) continue;
        int who = -1, scope = KGL_MOD_ASSERTED;
        if (ru->kind != KGL_R_DENY && ru->kind != KGL_R_VOTE) {
            /* inside "X denied (that) ...", "X claimed ...", a question or a threat */
            scope = kglx_act_scope(c, i, &who);
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
            int reduced = b < 0 && i > s->t0 &&
                          (is_p(c, i - 1, ",") || c->mid[i - 1] >= 0 ||
                           /* "X, who died in a Y strike": a form that needs no "be" */
                           (is_w(c, i - 1, "who") && !strcmp(ru->id, "kill.died")));
            if (b < 0 && !reduced) continue;
            if (kglx_modal_before(c, b >= 0 ? b : i)) continue;
            /* agent: by X, or in X's ... */
            int agent = -1;
            for (int k = after; k < s->t1 && k < after + 10; k++) {
                if (is_clause_end(c, k)) break;
                if (is_w(c, k, "by")) {
                    /* "led by the country's senior cleric Grand Ayatollah X": a leader's
                    ** titles come before his name */
                    int win = !strcmp(ru->rel, "leads") ? 10 : 6;
                    int mi = kglx_object_from(c, k + 1, win, KGL_T_ACTOR, 1);
                    if (mi >= 0) agent = c->m[mi].ent;
                    /* "killed by Russian shelling": the actor of the attack noun after "by" */
                    if (mi < 0) agent = attack_agent(c, k + 1);
                    break;
                }
                if ((is_w(c, k, "in") || is_w(c, k, "during") || is_w(c, k, "from")) &&
                    (agent = attack_agent(c, k + 1)) >= 0)
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
            ns = kglx_subject_of(c, b >= 0 ? b : i, rule_obj_types(ru), subj, 8);
            for (int k = 0; k < ns; k++)
                if (scope == KGL_MOD_DENIED)
                    kglx_emit_denied_act(c, denier, agent, ru->rel, subj[k]);
                else
                    kglx_emit(c, agent, ru->rel, subj[k], ru, NULL);
            continue;
        }
        if (ru->kind == KGL_R_NOUN) {
            /* object after the preposition */
            int t = after, by_agent = -1;
            if (fo->prep && is_w(c, t, "by")) { /* "the attacks by X in Y" */
                int am = kglx_object_from(c, t + 1, 4, KGL_T_ACTOR, 0);
                if (am >= 0) by_agent = c->m[am].ent, t = c->m[am].t1;
            }
            if (fo->prep) {
                if (!is_w(c, t, fo->prep)) continue;
                t++;
            }
            int mi = kglx_object_from(c, t, 6, rule_obj_types(ru), 2), nc = 0, co[6];
            if (mi < 0 &&
                !strcmp(ru->rel, "voted")) { /* "the veto of a draft resolution on X by Y" */
                int ev = event_object(c, t, "voted", -1);
                if (ev < 0) continue;
                objs[no++] = ev;
                int q = t;
                while (q < s->t1 && q < t + 14 && !is_w(c, q, "by") && !is_clause_end(c, q))
                    q++;
                if (is_w(c, q, "by")) {
                    int am = kglx_object_from(c, q + 1, 4, KGL_T_ACTOR, 0);
                    if (am >= 0) {
                        subj[0] = c->m[am].ent;
                        int cb[6], ncb = kglx_coordinated(c, am, KGL_T_ACTOR, cb, 6);
                        for (int k = 0; k < ncb && k < 7; k++)
                            subj[1 + k] = c->m[cb[k]].ent;
                        for (int a = 0; a < 1 + ncb && a < 8; a++)
                            kglx_emit(c, subj[a], "voted", ev, ru, NULL);
                    }
                }
                continue;
            }
            /* "an attack on a village in Borno" */
            if (mi < 0 && fo->prep && !strcmp(ru->rel, "attacked")) mi = target_place(c, t);
            if (mi < 0) continue;
            objs[no++] = c->m[mi].ent;
            nc = kglx_coordinated(c, mi, c->m[mi].tb, co, 6);
            if (!strcmp(ru->rel, "attacked") && (c->m[mi].tb & (KGL_T_PLACE | KGL_T_BASE))) {
                /* "air attacks on Tripoli": the event a later "denied responsibility" refers to */
                int a = i;
                while (a > s->t0 && c->mid[a - 1] < 0 && !TOK(a - 1).punct &&
                       (in_set(c, "weapon", a - 1) || in_set(c, "skipadj", a - 1)) &&
                       !in_set(c, "det", a - 1))
                    a--;
                c->last_event = kgl_result_entity(c->r, "event", c->d->text + TOK(a).s,
                                                  TOK(c->m[mi].t1 - 1).e - TOK(a).s);
            }
            for (int k = 0; k < nc; k++)
                objs[no++] = c->m[co[k]].ent;
            if (!strcmp(ru->rel, "attacked")) no = including_objs(c, mi, co, nc, objs, no, 16);
            /* agent: adjacent modifier or possessor (Iran's missile strike, US attacks, Israeli air
             * attacks) */
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
            { /* "a possible attack by X on Y", "in case of an attack", "the threat of strikes": not
                 done */
                int irrealis = 0;
                for (int k = i - 1; k >= s->t0 && k >= i - 4 && !irrealis; k--) {
                    if (TOK(k).punct || (c->mid[k] >= 0 && !c->m[c->mid[k]].adj)) break;
                    irrealis =
                        in_set(c, "irrealis", k) || (is_w(c, k, "case") && is_w(c, k - 1, "in"));
                }
                if (irrealis) continue;
            }
            if (agent < 0) agent = by_agent;
            if (agent < 0) { /* "the attack on X by Y", "the shelling of X by Y" */
                int q = c->m[mi].t1;
                for (int k = 0; k < nc; k++)
                    if (c->m[co[k]].t1 > q) q = c->m[co[k]].t1;
                if (is_w(c, q, "by")) {
                    int am = kglx_object_from(c, q + 1, 5, KGL_T_ACTOR, 0);
                    if (am >= 0) {
                        agent = c->m[am].ent;
                        int cb[6], ncb = kglx_coordinated(c, am, KGL_T_ACTOR, cb,
                                                          6); /* "by China and Russia" */
                        for (int k = 0; k < ncb && k < 7; k++)
                            subj[1 + k] = c->m[cb[k]].ent;
                        if (ncb) {
                            subj[0] = agent;
                            for (int a = 0; a < 1 + ncb && a < 8; a++)
                                for (int k = 0; k < no; k++)
                                    if (scope == KGL_MOD_DENIED)
                                        kglx_emit_denied_act(c, denier, subj[a], ru->rel, objs[k]);
                                    else
                                        kglx_emit(c, subj[a], ru->rel, objs[k], ru, NULL);
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
                    if (in_set(c, "lightverb", k) || (k >= i - 5 && in_set(c, "claimverb", k)))
                        lv = k;
                    else if (is_w(c, k, "responsibility") && in_set(c, "claimverb", k - 1))
                        lv = k - 1;
                    if (lv >= 0) {
                        if (!kglx_modal_before(c, lv) && light_object(c, lv, i))
                            nagent = kglx_subject_of(c, lv, KGL_T_ACTOR, subj, 8);
                        break;
                    }
                    if (TOK(k).punct || c->mid[k] >= 0) break;
                }
            }
            if (nagent <= 0 && agent < 0) {
                /* "killed by Russian forces during the siege of X": the agent of the clause
                ** acts in the noun after "during" */
                int k = i - 1;
                while (k >= s->t0 && k > i - 6 && !is_w(c, k, "during") && c->mid[k] < 0 &&
                       !TOK(k).punct && !in_set(c, "relword", k))
                    k--; /* "during the fight for and occupation of X" */
                if (k > s->t0 && is_w(c, k, "during") && c->mid[k - 1] >= 0) {
                    const mention *am = &c->m[c->mid[k - 1]];
                    int b = am->t0 - 1;
                    if (b >= s->t0 && in_set(c, "det", b)) b--;
                    /* only a violent act before "by" ("the killing of civilians by X", "abuses
                    ** committed by X"); "a report written by X during the siege" is no actor */
                    int violent = 0;
                    for (int q = b - 1; q >= s->t0 && q >= b - 10 && !violent; q--) {
                        if (is_clause_end(c, q) || is_p(c, q, ",")) break;
                        const kgl_rule *r2 = NULL;
                        violent = in_set(c, "deathnoun", q) || in_set(c, "attacknoun", q) ||
                                  is_w(c, q, "committed") || is_w(c, q, "perpetrated") ||
                                  (kglx_rule_at(c, KGL_R_PASSIVE, q, &r2, NULL) &&
                                   (!strcmp(r2->rel, "killed") || !strcmp(r2->rel, "attacked")));
                    }
                    if (violent && b >= s->t0 && is_w(c, b, "by") && (am->tb & KGL_T_ACTOR) &&
                        !am->adj)
                        subj[0] = am->ent, nagent = 1;
                }
            }
            if (nagent <= 0) continue;
            if (nagent >= 2) kglx_remember_group(c, subj, nagent);
            for (int a = 0; a < nagent; a++)
                for (int k = 0; k < no; k++)
                    if (scope == KGL_MOD_DENIED)
                        kglx_emit_denied_act(c, denier, subj[a], ru->rel, objs[k]);
                    else
                        kglx_emit(c, subj[a], ru->rel, objs[k], ru, NULL);
            continue;
        }
        /* active verbs (verb, deny, vote) */
        if (kglx_modal_before(c, i)) continue;
        if (!fo->prep && i > s->t0 && c->mid[i - 1] >= 0 && !TOK(i - 1).poss && TOK(i - 1).cap) {
            /* "a Boko Haram ambush", "an Israeli strike": a name after "a" is a modifier, the
            ** word after it a noun ("an Iranian missile hit X" ends in its own noun) */
            int q = c->m[c->mid[i - 1]].t0 - 1;
            while (q >= s->t0 && c->mid[q] < 0 &&
                   (in_set(c, "skipadj", q) || in_set(c, "weapon", q)))
                q--;
            if (is_w(c, q, "a") || is_w(c, q, "an")) continue;
        }
        if (!fo->prep && i > s->t0 && !(is_w(c, i - 1, "to") && kglx_decided_by(c, i - 1) >= 0) &&
            ((in_set(c, "det", i - 1) && !in_set(c, "relword", i - 1)) ||
             (is_prep(c, i - 1) && !(is_w(c, i - 1, "for") && is_w(c, i - 2, "responsible"))) ||
             in_set(c, "skipadj", i - 1) || TOK(i - 1).poss ||
             (c->mid[i - 1] >= 0 && !is_w(c, i - 1, "us"))))
            if (!(c->mid[i - 1] >= 0 && !c->m[c->mid[i - 1]].adj && !TOK(i - 1).poss))
                continue; /* a noun: "the killing", "an attack" */
        { /* "its jets struck Hezbollah targets in X": an -s form after a name that is itself the
          ** object of a verb or a preposition is a plural noun */
            size_t vl = strlen(NORM(i));
            char nb[KGL_LEMMA_MAX];
            if (!fo->prep && i > s->t0 && vl > 3 && NORM(i)[vl - 1] == 's' && c->mid[i - 1] >= 0 &&
                kgl_lemma(NORM(i), KGL_POS_NOUN, nb, sizeof nb)) {
                int p = c->m[c->mid[i - 1]].t0 - 1;
                while (p >= s->t0 && (in_set(c, "det", p) || in_set(c, "skipadj", p)))
                    p--;
                if (p >= s->t0 && !TOK(p).punct && c->mid[p] < 0 &&
                    (is_prep(c, p) || kglx_past_verb(c, p) ||
                     kglx_rule_at(c, KGL_R_VERB, p, NULL, NULL)))
                    continue;
            }
        }
        /* "US drone strike kills X", "US strikes killed X": a verb right after makes this a noun */
        if (!fo->prep && i + 1 < s->t1 && !TOK(i + 1).punct && c->mid[i + 1] < 0 &&
            (kglx_any_verb_at(c, i + 1) || kglx_past_verb(c, i + 1)))
            continue;
        if (!fo->prep &&
            (is_w(c, after, "on") || is_w(c, after, "of") || is_w(c, after, "against")) &&
            ru->kind == KGL_R_VERB && strcmp(ru->rel, "located-at"))
            continue; /* "attacks on X" is the noun frame */
        int b = be_before(c, i);
        size_t il = strlen(NORM(i));
        if (b >= 0 && il > 4 && !strcmp(NORM(i) + il - 3, "ing"))
            b = -1; /* "are shelling X", "have been attacking X": the progressive is active */
        if (!fo->prep && (b >= 0 || is_w(c, after, "by"))) continue; /* passive: other frame */
        if (fo->prep && is_w(c, after, "by")) continue; /* "operated by a company based in X" */
        unsigned st = subj_types(ru);
        if (ru->kind == KGL_R_VOTE)
            st = KGL_T_ORG | KGL_T_COUNTRY; /* parliaments, councils, member states */
        ns = 0;
        if (last_v >= 0 && last_ns) {
            int k = i - 1, and = 0;
            for (; k > last_v; k--) {
                if (is_w(c, k, "and")) and = 1;
                if (is_clause_end(c, k) || (c->mid[k] >= 0 && is_w(c, k - 1, "and"))) break;
            }
            if (and&&k == last_v && (tbit(c->r->ent[last_subj[0]].type) & st)) {
                ns = last_ns;
                memcpy(subj, last_subj, sizeof subj);
                shared = 1;
            }
        }
        if (!ns &&
            is_w(c, i - 1, "to")) { /* "his decision to assassinate X": the one who decided */
            int dd = kglx_decided_by(c, i - 1);
            if (dd >= 0 && (tbit(c->r->ent[dd].type) & st)) subj[0] = dd, ns = 1;
        }
        if (!ns) ns = kglx_subject_of(c, i, st, subj, 8);
        if (!ns && is_p(c, i - 1, ",")) {
            /* ", aimed at X", ", killing Y": a participle after a comma acts for the subject of the
             * clause's verb */
            size_t vl = strlen(NORM(i));
            int part =
                vl > 3 && (!strcmp(NORM(i) + vl - 3, "ing") || !strcmp(NORM(i) + vl - 2, "ed"));
            for (int k = i - 2; part && k >= s->t0; k--)
                if (!TOK(k).punct && c->mid[k] < 0 && c->inq[k] < 0 && kglx_any_verb_at(c, k)) {
                    ns = kglx_subject_of(c, k, st, subj, 8);
                    break;
                }
        }
        if (ns && !strcmp(ru->rel, "located-at") &&
            ((i - 1 >= s->t0 && in_set(c, "forcenoun", i - 1) && c->mid[i - 1] < 0) ||
             (in_set(c, "forcenoun", after) && c->mid[after] < 0)))
            /* "Kenya has 3,000 troops deployed in Somalia", "Kenya deployed troops in Somalia":
            ** the country's troops are there */
            for (int k = 0; k < ns; k++)
                subj[k] = country_forces(c, subj[k], in_set(c, "forcenoun", after) ? after : i - 1);
        if (ns >= 2) kglx_remember_group(c, subj, ns);
        if (ns) {
            last_v = i;
            last_ns = ns;
            memcpy(last_subj, subj, sizeof subj);
        }
        if (!ns) continue;
        if (ru->kind == KGL_R_VOTE) {
            int o = event_object(c, after, "voted", subj[0]);
            for (int k = 0; k < ns && o >= 0; k++)
                kglx_emit(c, subj[k], ru->rel, o, ru, NULL);
            continue;
        }
        if (ru->kind == KGL_R_DENY && c->r->ent[subj[0]].dict >= 0 &&
            (c->lx->ent[c->r->ent[subj[0]].dict].flags & KGL_F_PARL)) {
            /* "the House rejected the war powers resolution": a vote, not a denial */
            int o = event_object(c, after, "voted", subj[0]);
            for (int k = 0; k < ns && o >= 0; k++)
                kglx_emit(c, subj[k], "voted", o, ru, "vote.reject");
            continue;
        }
        if (ru->kind == KGL_R_DENY) {
            if (fo->prep) { /* "rejected (the) claims": not "rejected a peace deal", a refusal */
                int k = after;
                while (k < s->t1 && k < after + 4 && !in_set(c, "claimnoun", k) &&
                       (in_set(c, "det", k) || in_set(c, "skipadj", k) || c->mid[k] >= 0 ||
                        isdigit((unsigned char)c->d->text[TOK(k).s])))
                    k++;
                if (!(k < s->t1 && (is_w(c, k, fo->prep) || in_set(c, "claimnoun", k)))) continue;
            }
            int o = event_object(c, after, "denied", subj[0]);
            for (int k = 0; k < ns && o >= 0; k++)
                kglx_emit(c, subj[k], ru->rel, o, ru, NULL);
            continue;
        }
        int t = after;
        if (fo->prep) {
            int k = t;
            while (k < s->t1 && k < t + 10 && !is_w(c, k, fo->prep) && !is_clause_end(c, k) &&
                   (c->mid[k] < 0 || (k > t && is_w(c, k - 1, "from")) ||
                    (k > t + 1 && is_w(c, k - 2, "from") && is_w(c, k - 1, "the"))))
                k = c->mid[k] >= 0
                        ? c->m[c->mid[k]].t1
                        : k + 1; /* "launched missiles from the Mediterranean Sea into Syria" */
            if (!is_w(c, k, fo->prep)) continue;
            t = k + 1;
        }
        /* "bombed and killed X": the object of the second verb */
        if (!fo->prep && is_w(c, t, "and")) {
            const kgl_rule *r2 = NULL;
            int n2 = kglx_rule_at(c, KGL_R_VERB, t + 1, &r2, NULL);
            if (n2) t += 1 + n2;
        }
        int mi =
            kglx_object_from(c, t, 10, rule_obj_types(ru),
                             /* "entered talks with X": a direct object ends at a preposition */
                             strcmp(ru->rel, "located-at") || !fo->prep ? 2 : 0);
        if (mi < 0 && !strcmp(ru->rel, "attacked")) mi = target_place(c, t);
        if (mi < 0) continue;
        objs[no++] = c->m[mi].ent;
        /* "attacked PMF troops in Qaim and killed 24 Iraqi soldiers": a counted, generic national
         *force
         ** after a verb sharing the subject is the force the first verb named */
        if (shared && last_obj >= 0 && last_obj != objs[0] && c->m[mi].t0 > t &&
            isdigit((unsigned char)c->d->text[TOK(c->m[mi].t0 - 1).s]) &&
            (c->m[mi].flags & KGL_F_FORCE) && c->r->ent[last_obj].type[0] == 'o')
            objs[0] = last_obj;
        last_obj = objs[0];
        shared = 0;
        int co[6], nc = kglx_coordinated(c, mi, c->m[mi].tb, co, 6);
        for (int k = 0; k < nc; k++)
            objs[no++] = c->m[co[k]].ent;
        if (!strcmp(ru->rel, "attacked")) no = including_objs(c, mi, co, nc, objs, no, 16);
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
                for (int q = 0; q < no; q++)
                    dup |= objs[q] == m->ent;
                if (!dup) objs[no++] = m->ent;
            }
        for (int a = 0; a < ns; a++)
            for (int k = 0; k < no; k++)
                if (scope == KGL_MOD_DENIED)
                    kglx_emit_denied_act(c, denier, subj[a], ru->rel, objs[k]);
                else
                    kglx_emit(c, subj[a], ru->rel, objs[k], ru, NULL);
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
            victim = kglx_resolve_pronoun(c, i - 1);
        else if (is_w(c, k, "of")) {
            int mi = kglx_object_from(c, k + 1, 5, KGL_T_PERSON | KGL_T_ORG, 0);
            if (mi < 0) continue;
            victim = c->m[mi].ent;
            k = c->m[mi].t1;
            while (k < s->t1 && (TOK(k).punct ? is_p(c, k, ",") : 0))
                k++;
        }
        if (victim < 0) continue;
        for (int q = k; q < s->t1 && q < k + 3 && agent < 0; q++) {
            if (is_w(c, q, "by")) {
                int mi = kglx_object_from(c, q + 1, 5, KGL_T_ACTOR, 0);
                agent = mi >= 0 ? c->m[mi].ent : attack_agent(c, q + 1);
                break;
            }
            if (is_w(c, q, "in") || is_w(c, q, "from") || is_w(c, q, "during"))
                agent = attack_agent(c, q + 1);
        }
        if (agent < 0) { /* "..., resulting in the death of X": the clause's subject */
            int d = i - 1;
            while (d > s->t0 && in_set(c, "det", d))
                d--;
            if ((is_w(c, d, "in") && is_w(c, d - 1, "resulting")) ||
                (is_w(c, d, "to") && is_w(c, d - 1, "leading"))) {
                int subj[1];
                if (kglx_subject_of(c, d - 1, KGL_T_ACTOR, subj, 1) > 0) agent = subj[0];
            } else if (is_w(c, d, "causing")) {
                int subj[1];
                if (kglx_subject_of(c, d, KGL_T_ACTOR, subj, 1) > 0) agent = subj[0];
            }
        }
        if (agent < 0 || agent == victim) continue;
        int who, scope = kglx_act_scope(c, i, &who);
        if (scope < 0) continue;
        c->mod = scope == KGL_MOD_DENIED ? KGL_MOD_ASSERTED : scope, c->claimant = who;
        if (scope == KGL_MOD_DENIED)
            kglx_emit_denied_act(c, who, agent, "killed", victim);
        else
            kglx_emit(c, agent, "killed", victim, NULL, "kill.death");
        c->mod = c->smod, c->claimant = c->sclaimant;
    }
}

/* A military rank before a person: "Iraqi Brig. Gen. X" -> member-of the Iraqi
** armed forces; "Army Gen. X", "Air Force Colonel X" with no country -> the US
** armed forces (the style of English-language news: other countries' officers
** carry their nationality). */
static int led_force(ctx *c, int person);

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
        char surface[128];
        size_t n = TOK(cm->t1 - 1).e - TOK(cm->t0).s;
        if (n > 120) return;
        snprintf(surface, sizeof surface, "%.*s", (int)n, c->d->text + TOK(cm->t0).s);
        const char *names[] = {surface};
        e = kglx_armed_forces(c, names, 1, cm->adj ? surface : NULL, NULL);
    } else if (service && !(k >= s->t0 && c->mid[k] >= 0 && c->m[c->mid[k]].adj))
        e = kglx_dict_entity(c, "United States Armed Forces", NULL);
    /* "Libyan General X" where X commands an armed group of his own (dated roles):
    ** the rank is the group's, not the national army's */
    int f = led_force(c, p->ent);
    if (e >= 0 && f >= 0 && c->r->ent[e].dict != f) return;
    if (e >= 0) kglx_emit(c, p->ent, "member-of", e, NULL, "member.rank");
}

/* The dictionary entity of type `type` (with flag `flag`, 0: any) that the
** person leads by the dictionary's dated roles, or -1. */
static int led_entity(ctx *c, int person, const char *type, unsigned flag)
{
    int de = c->r->ent[person].dict;
    if (de < 0) return -1;
    for (int i = 0; i < c->lx->nroles; i++) {
        const kgl_role *ro = &c->lx->roles[i];
        if (ro->person != de || strcmp(ro->rel, "leads") ||
            strcmp(c->lx->ent[ro->target].type, type) ||
            (flag && !(c->lx->ent[ro->target].flags & flag)))
            continue;
        if (c->date != KG_NODATE && ((ro->from != KG_NODATE && c->date < ro->from) ||
                                     (ro->to != KG_NODATE && c->date > ro->to)))
            continue;
        return ro->target;
    }
    return -1;
}

/* The country a person leads by the dictionary's dated roles, or -1. */
static int led_country(ctx *c, int person)
{
    return led_entity(c, person, "country", 0);
}

/* The government of the dictionary's country `entry`: the dictionary's entity
** ("Syrian government", "government of Syria") or "Government of <Country>". */
static int government_of(ctx *c, int entry)
{
    char buf[512], dem[128];
    const char *d = kglx_demonym_of(c, entry, dem, sizeof dem);
    int e = -1;
    if (d) snprintf(buf, sizeof buf, "%s government", d), e = kglx_dict_entity(c, buf, NULL);
    if (e < 0)
        snprintf(buf, sizeof buf, "government of %s", c->lx->ent[entry].canon),
            e = kglx_dict_entity(c, buf, NULL);
    if (e < 0) {
        snprintf(buf, sizeof buf, "Government of %s", c->lx->ent[entry].canon);
        e = kgl_result_entity(c->r, "organisation", buf, strlen(buf));
    }
    return e;
}

/* The armed force (an organisation of the dictionary marked +force) the person
** leads by the dictionary's dated roles, or -1. */
static int led_force(ctx *c, int person)
{
    return led_entity(c, person, "organisation", KGL_F_FORCE);
}

/* "Vladimir Putin's forces", "the forces of Syrian president Bashar al-Assad",
** "forces loyal to President X": the national armed forces of the country the
** person leads (by the dictionary's dated roles, or the demonym before the
** title), led by the person; the force noun becomes a mention of them. */
static void leader_forces(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i < s->t1; i++) {
        /* gov: "the regime of Syrian president X", "the Assad regime", "X's government" */
        int gov = in_set(c, "govnoun", i) && !is_w(c, i, "authorities");
        if (!(in_set(c, "forcenoun", i) || gov) || c->mid[i] >= 0 || c->inq[i] >= 0) continue;
        int pm = -1, adj = -1,
            head = 0; /* head: a head-of-state title stands between ("Syrian president X") */
        if (i - 2 >= s->t0 && TOK(i - 1).poss && c->mid[i - 2] >= 0 &&
            c->m[c->mid[i - 2]].tb == KGL_T_PERSON)
            pm = c->mid[i - 2];
        else if (gov && i - 1 >= s->t0 && c->mid[i - 1] >= 0 &&
                 c->m[c->mid[i - 1]].tb == KGL_T_PERSON)
            pm = c->mid[i - 1];
        else if ((is_w(c, i + 1, "of") || (is_w(c, i + 1, "loyal") && is_w(c, i + 2, "to")))) {
            int k = i + (is_w(c, i + 1, "of") ? 2 : 3);
            for (int q = k; q < s->t1 && q < k + 5 && pm < 0; q++) {
                if (c->mid[q] >= 0) {
                    const mention *m = &c->m[c->mid[q]];
                    if (m->adj && (m->tb & KGL_T_COUNTRY))
                        adj = c->mid[q];
                    else if (m->tb == KGL_T_PERSON)
                        pm = c->mid[q];
                    else
                        break;
                    q = m->t1 - 1;
                    continue;
                }
                if (kglx_rule_at(c, KGL_R_TITLE, q, NULL, NULL))
                    head = 1;
                else if (!(in_set(c, "det", q) || in_set(c, "honorific", q) ||
                           in_set(c, "skipadj", q)))
                    break;
            }
        }
        if (pm < 0) continue;
        int person = c->m[pm].ent;
        int entry = led_country(c, person);
        if (gov) {
            if (entry < 0 && adj >= 0 && head) entry = c->r->ent[c->m[adj].ent].dict;
            if (entry < 0) continue;
            int e = government_of(c, entry);
            if (e < 0) continue;
            kglx_add_mention(c, i, i + 1, e, 0, 0);
            kglx_emit(c, person, "leads", e, NULL, "lead.government");
            continue;
        }
        if (entry < 0) { /* "forces loyal to General Haftar": the armed group the person leads */
            int f = led_force(c, person);
            if (f >= 0) {
                const kgl_dentry *fd = &c->lx->ent[f];
                int e = kgl_result_entity(c->r, fd->type, fd->canon, strlen(fd->canon));
                c->r->ent[e].dict = f;
                kglx_add_mention(c, i, i + 1, e, 0, KGL_F_FORCE);
                kglx_emit(c, person, "leads", e, NULL, "lead.forces");
                continue;
            }
        }
        if (entry < 0 && adj >= 0 && head)
            entry = c->r->ent[c->m[adj].ent].dict; /* not "Libyan General X" */
        if (entry < 0) continue;
        char dem[128];
        const char *d = kglx_demonym_of(c, entry, dem, sizeof dem);
        const char *names[] = {c->lx->ent[entry].canon, d};
        int e = kglx_armed_forces(c, names, 2, d, NULL);
        if (e < 0) continue;
        kglx_add_mention(c, i, i + 1, e, 0, KGL_F_FORCE);
        kglx_emit(c, person, "leads", e, NULL, "lead.forces");
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
        if ((is_w(c, i, "favour") || is_w(c, i, "favor")) && is_p(c, i + 1, "("))
            open = i + 1;
        else if (is_w(c, i, "against") && is_p(c, i + 1, "(") && i > s->t0 &&
                 isdigit((unsigned char)c->d->text[TOK(i - 1).s]))
            open = i + 1;
        if (open < 0) continue;
        if (ev == -2) { /* the text voted on: the first vote noun of the sentence */
            ev = -1;
            for (int k = s->t0; k < i && ev < 0; k++)
                if (in_set(c, "votenoun", k) ||
                    (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_EVENT)) {
                    if (c->mid[k] >= 0)
                        ev = c->m[c->mid[k]].ent;
                    else {
                        int a = k;
                        while (a > s->t0 && in_set(c, "det", a - 1) == 0 && !TOK(a - 1).punct &&
                               c->mid[a - 1] < 0 && !is_prep(c, a - 1) && a > k - 3)
                            a--;
                        ev = event_object(c, a, "voted", -1);
                    }
                }
        }
        if (ev < 0) return;
        for (int k = open + 1; k < s->t1 && !is_p(c, k, ")"); k++)
            if (c->mid[k] >= 0) {
                const mention *m = &c->m[c->mid[k]];
                if ((m->tb & (KGL_T_COUNTRY | KGL_T_ORG)) && !m->adj)
                    kglx_emit(c, m->ent, "voted", ev, NULL, "vote.tally");
                k = m->t1 - 1;
            }
    }
}

/* ---------------------------------------------------------------- titles and appositions */
/* Is the last word of an entity's canonical name in the lexicon's set (unitnoun:
** Force, Committee, Brigade; forcenoun: Forces, Army)? */
static int name_ends_in(ctx *c, const mention *m, const char *set)
{
    const char *nm = c->r->ent[m->ent].name;
    const char *sp = strrchr(nm, ' ');
    char *w = kgl_norm(sp ? sp + 1 : nm, strlen(sp ? sp + 1 : nm));
    int r = kgl_lex_in(c->lx, set, w);
    free(w);
    return r;
}

static int unit_name(ctx *c, const mention *m)
{
    return name_ends_in(c, m, "unitnoun");
}

/* A unit with one commander: a name that ends in a unit or force noun, in the
** dictionary's name or as written ("Quds Force", "Rapid Support Forces", "the
** Myanmar military"); "Hamas" and "the Taliban" have many commanders. */
static int one_commander(ctx *c, const mention *m)
{
    return unit_name(c, m) || in_set(c, "unitnoun", m->t1 - 1) ||
           in_set(c, "forcenoun", m->t1 - 1) || name_ends_in(c, m, "forcenoun");
}

/* An indefinite article before token t, past adjectives and demonyms ("a senior
** Iraqi commander", "an Iranian"): the title names one of several. */
static int indefinite_before(ctx *c, int t)
{
    for (int k = t - 1; k >= c->s->t0 && k >= t - 5; k--) {
        if (is_w(c, k, "a") || is_w(c, k, "an")) return 1;
        if (TOK(k).punct || TOK(k).poss || in_set(c, "det", k) || in_set(c, "prep", k)) return 0;
        if (c->mid[k] >= 0 && !c->m[c->mid[k]].adj) return 0;
        if (c->mid[k] < 0 && TOK(k).cap) return 0;
    }
    return 0;
}

/* A title of the head (rel "leads") that names one of several heads of
** organisation o: an indefinite article before the phrase (`before`: its first
** word after the article) or, at the title token `title`, "commander" of a
** group that is no unit ("Hamas commander X"). Such a person is a member. */
static int one_of_several(ctx *c, const char *rel, int title, const mention *o, int before)
{
    if (strcmp(rel, "leads") || o->tb != KGL_T_ORG) return 0;
    return indefinite_before(c, before) ||
           (in_set(c, "commandtitle", title) && !one_commander(c, o));
}

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
        int n = kglx_rule_at(c, KGL_R_TITLE, st, &r, &f);
        const kgl_rule *r2 = NULL;
        const kgl_form *f2 = NULL;
        int n2 = kglx_rule_at(c, KGL_R_APPOS, st, &r2, &f2);
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
            int n = kglx_rule_at(c, KGL_R_TITLE, p->t0, &ru, &fo);
            if (n && p->t0 + n < p->t1) {
                char title[256] = "";
                for (int t = p->t0; t < p->t0 + n; t++) {
                    if (t > p->t0) strncat(title, " ", sizeof title - strlen(title) - 1);
                    strncat(title, NORM(t), sizeof title - strlen(title) - 1);
                }
                int tg = role_target(c, p->ent, title);
                if (tg >= 0) kglx_emit(c, p->ent, ru->rel, tg, ru, NULL);
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
                if (!(in_set(c, "honorific", k) || is_p(c, k, ",") || in_set(c, "skipadj", k)))
                    break;
                k--;
            }
            if (ts >= 0) {
                int q = ts - 1;
                while (q >= s->t0) {
                    if (in_set(c, "skipadj", q) || in_set(c, "det", q) || TOK(q).poss)
                        q--;
                    else if (is_p(c, q, ")") && q - 2 >= s->t0 && is_p(c, q - 2, "("))
                        q -= 3; /* "Counter Terrorism Service (CTS) spokesman X" */
                    else
                        break;
                }
                int org = q >= s->t0 ? c->mid[q] : -1;
                int done = 0;
                if (org >= 0) {
                    mention *o = &c->m[org];
                    int ok = ru->kind == KGL_R_TITLE
                                 ? (o->tb & (KGL_T_COUNTRY | KGL_T_ORG)) != 0
                                 : o->tb == KGL_T_ORG; /* "Sadrist leader X" too */
                    /* "the deputy ORG head X" is a member of ORG, not its head */
                    int deputy = 0; /* "the deputy ORG head X", "Hamas deputy leader X" */
                    for (int q2 = o->t0 - 1; q2 < ts && !strcmp(ru->rel, "leads"); q2++) {
                        if (q2 < s->t0 || (q2 >= o->t0 && q2 < o->t1)) continue;
                        deputy |= is_w(c, q2, "deputy") || is_w(c, q2, "vice") ||
                                  is_w(c, q2, "assistant");
                    }
                    if (ok && deputy) {
                        kglx_emit(c, p->ent, "member-of", o->ent, NULL, "member.deputy");
                        done = 1;
                    } else if (ok && one_of_several(c, ru->rel, ts, o, o->t0)) {
                        kglx_emit(c, p->ent, "member-of", o->ent, NULL, "member.indef");
                        done = 1;
                    } else if (ok) {
                        kglx_emit(c, p->ent, ru->rel, o->ent, ru, NULL);
                        done = 1;
                        /* "Sputnik and RT Editor-in-Chief X" */
                        int a = o->t0 - 1;
                        if (is_w(c, a, "and") && a - 1 >= s->t0 && c->mid[a - 1] >= 0 &&
                            c->m[c->mid[a - 1]].tb == o->tb)
                            kglx_emit(c, p->ent, ru->rel, c->m[c->mid[a - 1]].ent, ru, NULL);
                    }
                }
                if (!done) {
                    char title[256] = "";
                    for (int t = ts; t <= k; t++) {
                        if (t > ts) strncat(title, " ", sizeof title - strlen(title) - 1);
                        strncat(title, NORM(t), sizeof title - strlen(title) - 1);
                    }
                    int tg = role_target(c, p->ent, title);
                    if (tg >= 0) kglx_emit(c, p->ent, ru->rel, tg, ru, NULL);
                }
                /* "the ministry's spokesman, Iraqi Brig. Gen. X": the rank says more */
                rank_membership(c, p);
            } else if (k >= s->t0 && c->mid[k] >= 0 && k < p->t0 && in_set(c, "honorific", k + 1)) {
                /* "US Army Gen. X": an organisation before a rank */
                mention *o = &c->m[c->mid[k]];
                if (o->tb == KGL_T_ORG && !o->adj)
                    kglx_emit(c, p->ent, "member-of", o->ent, NULL, "member.rank");
                else if (o->tb == KGL_T_COUNTRY)
                    rank_membership(c, p);
            } else
                rank_membership(c, p);
        }
        /* (2) X, [the|a] [adj] TITLE of|at|for ORG   /  X is the TITLE of ORG */
        {
            int k = p->t1;
            int copula = 0;
            if (is_p(c, k, "(")) { /* "Popular Mobilization Forces (PMF), a ..." */
                int q = k + 1;
                while (q < s->t1 && q < k + 6 && !is_p(c, q, ")"))
                    q++;
                if (is_p(c, q, ")")) k = q + 1;
            }
            if (is_p(c, k, ","))
                k++;
            else if (in_set(c, "be", k))
                k++, copula = 1;
            else if (!is_w(c, k, "at") && !is_w(c, k, "of"))
                goto three;
            int lim = k + 10;
            for (; k < s->t1 && k < lim; k++) {
                const kgl_rule *ru = NULL;
                const kgl_form *fo = NULL;
                int n = kglx_rule_at(c, KGL_R_APPOS, k, &ru, &fo);
                const kgl_rule *r2 = NULL;
                const kgl_form *f2 = NULL;
                int n2 = kglx_rule_at(c, KGL_R_TITLE, k, &r2, &f2);
                if (n2 > n) n = n2, ru = r2, fo = f2;
                if (n) {
                    unsigned st = subj_types(ru);
                    int atorg = 0;
                    if (!(p->tb &
                          st)) { /* "an official component": a title for other types, read on */
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
                    } else if (is_w(c, t, "of") || is_w(c, t, "at") || is_w(c, t, "for") ||
                               (is_w(c, t, "in") && indefinite_before(c, k)))
                        t++; /* "X, a commander in the Y": one of its commanders */
                    else if (fo->nw == 1 && (!strcmp(fo->w[0], "at") || !strcmp(fo->w[0], "for")))
                        atorg = 1; /* the form is the preposition: "X at ORG thinks" */
                    else {
                        k += n - 1;
                        continue;
                    }
                    unsigned ot = ru->kind == KGL_R_TITLE ? (KGL_T_COUNTRY | KGL_T_ORG) : KGL_T_ORG;
                    int om = kglx_object_from(c, t, 4, ot, atorg);
                    /* "X, the first vice president of Y", "the deputy head of Y": not its head;
                    ** a member of an organisation */
                    int vice = !strcmp(ru->rel, "leads") && k > s->t0 &&
                               (is_w(c, k - 1, "vice") || is_w(c, k - 1, "deputy") ||
                                is_w(c, k - 1, "assistant"));
                    if (om >= 0 && vice) {
                        if (c->m[om].tb == KGL_T_ORG && !c->m[om].adj)
                            kglx_emit(c, p->ent, "member-of", c->m[om].ent, NULL, "member.deputy");
                    } else if (om >= 0 && !strcmp(ru->rel, "leads") && indefinite_before(c, k)) {
                        /* "X, a senior commander of Y", "X, one of the leaders of Y": one of
                        ** several, a member */
                        if (c->m[om].tb == KGL_T_ORG && !c->m[om].adj)
                            kglx_emit(c, p->ent, "member-of", c->m[om].ent, NULL, "member.indef");
                    } else if (om >= 0 && (ru->kind == KGL_R_TITLE || !c->m[om].adj))
                        kglx_emit(c, p->ent, ru->rel, c->m[om].ent, ru, NULL);
                    break;
                }
                /* "X, CJTF spokesman", "X, Iraqi army spokesman for the Y": the organisation
                ** before the title */
                if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_ORG && !copula &&
                    (p->tb == KGL_T_PERSON || p->tb == KGL_T_ORG)) { /* "JNIM, an al-Qaeda
                                                                         affiliate" */
                    const mention *o = &c->m[c->mid[k]];
                    const kgl_rule *r3 = NULL;
                    const kgl_form *f3 = NULL;
                    int q = o->t1;
                    while (q < s->t1 && in_set(c, "skipadj", q))
                        q++;
                    int n3 = kglx_rule_at(c, KGL_R_APPOS, q, &r3, &f3);
                    if (n3 && !f3->prep && (subj_types(r3) & p->tb) &&
                        c->m[c->mid[k]].ent != p->ent && strcmp(r3->id, "at.appos")) {
                        if (one_of_several(c, r3->rel, q, o, o->t0))
                            kglx_emit(c, p->ent, "member-of", o->ent, NULL, "member.indef");
                        else
                            kglx_emit(c, p->ent, r3->rel, o->ent, r3, NULL);
                        /* "X, Iraqi army spokesman for the Joint Military Command": and of that */
                        int f = q + n3;
                        if (is_w(c, f, "for") || is_w(c, f, "of")) {
                            int om2 = kglx_object_from(c, f + 1, 4, KGL_T_ORG, 0);
                            if (om2 >= 0 && c->m[om2].ent != o->ent)
                                kglx_emit(c, p->ent, r3->rel, c->m[om2].ent, r3, NULL);
                        }
                    }
                }
                /* "X, an Iraqi militia group that is an official component of Y": adjectives
                ** (demonyms) and a relative "that is" may stand before the title */
                if ((c->mid[k] >= 0 && !c->m[c->mid[k]].adj) || is_clause_end(c, k) ||
                    is_p(c, k, ","))
                    break;
                if (c->mid[k] >= 0) {
                    k = c->m[c->mid[k]].t1 - 1;
                    continue;
                }
                if (copula && !(in_set(c, "det", k) || in_set(c, "skipadj", k))) break;
                if (in_set(c, "kinnoun", k))
                    break; /* "X, the son of the leader of Y": X is the son */
            }
        }
    three:
        /* (3b) "Chairman of the Joint Chiefs of Staff Army Gen. X": TITLE of ORG, ranks, PERSON */
        if (p->tb == KGL_T_PERSON) {
            int q = p->t0 - 1;
            while (q >= s->t0 && c->mid[q] < 0 &&
                   (in_set(c, "honorific", q) || in_set(c, "service", q)))
                q--;
            if (q < p->t0 - 1 && q >= s->t0 && c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_ORG) {
                mention *o = &c->m[c->mid[q]];
                int of = o->t0 - 1;
                while (of >= s->t0 && in_set(c, "det", of))
                    of--;
                const kgl_rule *ru = NULL;
                const kgl_form *fo = NULL;
                int ts = is_w(c, of, "of") ? title_ending(c, of, &ru, &fo) : -1;
                if (ts >= 0 && ru->kind == KGL_R_APPOS)
                    kglx_emit(c, p->ent, ru->rel, o->ent, ru, NULL);
            }
        }
        /* (3) the TITLE of ORG, PERSON */
        if (p->tb == KGL_T_PERSON && p->t0 - 1 > s->t0 && is_p(c, p->t0 - 1, ",")) {
            int q = p->t0 - 2;
            if (q >= s->t0 && c->mid[q] >= 0) {
                mention *o = &c->m[c->mid[q]];
                int of = o->t0 - 1;
                while (of >= s->t0 && in_set(c, "det", of))
                    of--;
                if (o->tb == KGL_T_ORG && (is_w(c, of, "of") || is_w(c, of, "for"))) {
                    const kgl_rule *ru = NULL;
                    const kgl_form *fo = NULL;
                    int ts = title_ending(c, of, &ru, &fo);
                    /* "a spokesman for the Israeli military, X"; "a commander of Y, X" is one
                    ** of several */
                    if (ts >= 0 && one_of_several(c, ru->rel, ts, o, ts))
                        kglx_emit(c, p->ent, "member-of", o->ent, NULL, "member.indef");
                    else if (ts >= 0) /* "The leader of the Y, X" too */
                        kglx_emit(c, p->ent, ru->rel, o->ent, ru, NULL);
                }
            }
        }
    }
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
                    int pm = kglx_object_from(c, k, 6, KGL_T_PERSON, 1);
                    if (pm >= 0) {
                        kglx_emit(c, c->m[pm].ent, "member-of", o->ent, NULL, "member.including");
                        int co[6], nc = kglx_coordinated(c, pm, KGL_T_PERSON, co, 6);
                        for (int q = 0; q < nc; q++)
                            kglx_emit(c, c->m[co[q]].ent, "member-of", o->ent, NULL,
                                      "member.including");
                    }
                }
            }
            if (unit_name(c, o) ||
                ((o->flags & KGL_F_FORCE) && o->t0 > s->t0 && TOK(o->t0 - 1).poss)) {
                /* the UNIT of [the] [COUNTRY's] ORG */
                if (is_w(c, t, "of")) {
                    int k = t + 1;
                    while (k < s->t1 &&
                           (in_set(c, "det", k) || TOK(k).poss ||
                            (c->mid[k] >= 0 && (c->m[c->mid[k]].tb & KGL_T_COUNTRY) &&
                             (c->m[c->mid[k]].adj ||
                              (c->m[c->mid[k]].t1 < s->t1 && TOK(c->m[c->mid[k]].t1).poss))))) {
                        if (c->mid[k] >= 0)
                            k = c->m[c->mid[k]].t1;
                        else
                            k++;
                    }
                    if (k < s->t1 && c->mid[k] >= 0) {
                        mention *p = &c->m[c->mid[k]];
                        if (p->tb == KGL_T_ORG && !p->adj && p->ent != o->ent &&
                            !(p->t1 < s->t1 && TOK(p->t1).poss))
                            kglx_emit(c, o->ent, "member-of", p->ent, NULL, "part.of");
                    }
                }
                /* ORG's UNIT */
                int q = o->t0 - 1;
                while (q >= s->t0 && in_set(c, "skipadj", q))
                    q--;
                if (q >= s->t0 && TOK(q).poss)
                    q--;
                else
                    q = -1;
                if (q >= s->t0 && c->mid[q] >= 0) {
                    mention *p = &c->m[c->mid[q]];
                    if (p->tb == KGL_T_ORG && !p->adj && p->ent != o->ent)
                        kglx_emit(c, o->ent, "member-of", p->ent, NULL, "part.poss");
                }
            }
            /* PERSON [and|is VERBing] his FORCE */
            if ((o->flags & KGL_F_FORCE) && o->t0 - 1 >= s->t0 &&
                (is_w(c, o->t0 - 1, "his") || is_w(c, o->t0 - 1, "her"))) {
                int subj[2];
                int v = o->t0 - 1;
                int n = 0;
                if (v - 1 >= s->t0 && is_w(c, v - 1, "and") && v - 2 >= s->t0 &&
                    c->mid[v - 2] >= 0 && c->m[c->mid[v - 2]].tb == KGL_T_PERSON)
                    subj[n++] = c->m[c->mid[v - 2]].ent;
                else {
                    /* the subject of the verb before "his": a person only */
                    int w = v - 1;
                    while (w >= s->t0 && !TOK(w).punct && c->mid[w] < 0 && w > v - 4)
                        w--;
                    if (w < v - 1 && w >= s->t0 && c->mid[w] >= 0 &&
                        c->m[c->mid[w]].tb == KGL_T_PERSON && !kglx_modal_before(c, v - 1))
                        subj[n++] = c->m[c->mid[w]].ent;
                }
                if (n) kglx_emit(c, subj[0], "leads", o->ent, NULL, "lead.his");
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
        if (m->t0 > s->t0 && is_w(c, m->t0 - 1, "by"))
            continue; /* "attacks by Hamas in southern Israel" */
        int t = m->t1;
        while (t < s->t1 && in_set(c, "groupnoun", t))
            t++;
        if (!(is_w(c, t, "in") || is_w(c, t, "at") || is_w(c, t, "inside") ||
              (force && is_w(c, t, "on")) || (base && is_w(c, t, "within"))))
            continue;
        if (org && !force && !is_w(c, t, "in")) continue;
        if (t > m->t1 && !force) continue;
        int k = t + 1;
        if (is_w(c, t, "within")) {
            while (k < s->t1 && k < t + 5 && !is_w(c, k, "of"))
                k++;
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
            if (!(in_set(c, "det", q) || in_set(c, "skipadj", q) || in_set(c, "direction", q)))
                break;
        }
        if (om < 0) continue;
        const char *rid = force  ? "locate.prep.force"
                          : base ? "locate.prep.base"
                                 : "locate.prep.org";
        /* "U.S. and coalition forces in X": the country before "and" shares the force noun */
        int subjs[2] = {m->ent, -1};
        if (force && m->t0 - 2 >= s->t0 && is_w(c, m->t0 - 1, "and") && c->mid[m->t0 - 2] >= 0) {
            const mention *cm = &c->m[c->mid[m->t0 - 2]];
            if (cm->tb == KGL_T_COUNTRY && t > m->t1 - 1) {
                char buf[256];
                size_t n = TOK(cm->t1 - 1).e - TOK(cm->t0).s;
                if (n < 120) {
                    snprintf(buf, sizeof buf, "%.*s forces", (int)n, c->d->text + TOK(cm->t0).s);
                    subjs[1] = kglx_dict_entity(c, buf, NULL);
                }
            }
        }
        /* "in Iraq and Syria": coordinated places */
        int objs2[6], no2 = 0;
        objs2[no2++] = c->m[om].ent;
        {
            int co[5], nc = kglx_coordinated(c, om, ot, co, 5);
            for (int q = 0; q < nc && no2 < 6; q++)
                objs2[no2++] = c->m[co[q]].ent;
        }
        for (int a = 0; a < 2; a++)
            for (int q = 0; q < no2 && subjs[a] >= 0; q++)
                kglx_emit(c, subjs[a], "located-at", objs2[q], NULL, rid);
        /* "Kariz base in Zummar Nineveh": adjacent places */
        mention *o = &c->m[om];
        if (base && o->t1 < s->t1 && c->mid[o->t1] >= 0 && (c->m[c->mid[o->t1]].tb & KGL_T_PLACE))
            kglx_emit(c, m->ent, "located-at", c->m[c->mid[o->t1]].ent, NULL, rid);
    }
    /* "with rebel group X in control of the city", "X, in full control of Y": X holds the place;
    ** "the city" / "the town" is the place that opens the sentence */
    for (int mi = 0; mi < c->nm; mi++) {
        const mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->adj || m->tb != KGL_T_ORG) continue;
        int k = m->t1;
        if (is_p(c, k, ",")) k++;
        if (!is_w(c, k, "in")) continue;
        k++;
        while (k < s->t1 && (is_w(c, k, "full") || is_w(c, k, "effective") || is_w(c, k, "total")))
            k++;
        if (!(is_w(c, k, "control") && is_w(c, k + 1, "of"))) continue;
        k += 2;
        int obj = -1;
        if (is_w(c, k, "the") && in_set(c, "placenoun", k + 1) && !TOK(k + 1).cap &&
            (k + 2 >= s->t1 || TOK(k + 2).punct)) {
            for (int q = s->t0; q < m->t0 && obj < 0; q++)
                if (c->mid[q] >= 0) {
                    const mention *o = &c->m[c->mid[q]];
                    if (o->tb == KGL_T_PLACE && !o->adj) obj = o->ent;
                    break; /* only the name that opens the sentence */
                }
        } else {
            int om = kglx_object_from(c, k, 4, KGL_T_PLACE | KGL_T_BASE, 0);
            if (om >= 0) obj = c->m[om].ent;
        }
        if (obj >= 0) kglx_emit(c, m->ent, "located-at", obj, NULL, "locate.control");
    }
    /* "Houthi-controlled Sanaa", "Russian-occupied Melitopol": the holder is at the place */
    for (int mi = 0; mi < c->nm; mi++) {
        const mention *x = &c->m[mi];
        if (x->t0 < s->t0 || x->t1 + 1 >= s->t1 || !(x->tb & KGL_T_ACTOR)) continue;
        if (!TOK(x->t1).glued || !in_set(c, "heldword", x->t1) || c->mid[x->t1] >= 0) continue;
        int q = x->t1 + 1;
        while (q < s->t1 && c->mid[q] < 0 && in_set(c, "direction", q))
            q++;
        if (q >= s->t1 || c->mid[q] < 0) continue;
        const mention *p = &c->m[c->mid[q]];
        if (p->t0 == q && !p->adj && (p->tb & (KGL_T_PLACE | KGL_T_BASE | KGL_T_COUNTRY)))
            kglx_emit(c, x->ent, "located-at", p->ent, NULL, "locate.held");
    }
    /* "the Green Zone, where the US embassy is located", "Kordan, where the group is based": the
    ** place before a relative "where" holds what its clause puts there */
    for (int w = s->t0 + 1; w < s->t1; w++) {
        if (!is_w(c, w, "where") || c->inq[w] >= 0) continue;
        int p = is_p(c, w - 1, ",") ? w - 2 : w - 1;
        if (p < s->t0 || c->mid[p] < 0) continue;
        const mention *pl = &c->m[c->mid[p]];
        if (pl->adj || pl->t1 != p + 1 || !(pl->tb & (KGL_T_PLACE | KGL_T_BASE | KGL_T_COUNTRY)))
            continue;
        int k = w + 1;
        while (k < s->t1 && in_set(c, "det", k))
            k++;
        if (k >= s->t1 || c->mid[k] < 0) continue;
        const mention *x = &c->m[c->mid[k]];
        if (x->adj || !(x->tb & (KGL_T_ACTOR | KGL_T_BASE)) || x->ent == pl->ent) continue;
        int v = x->t1, be = 0;
        while (v < s->t1 &&
               (in_set(c, "be", v) || in_set(c, "auxverb", v) || in_set(c, "adverb", v)))
            be |= in_set(c, "be", v), v++;
        if (be && in_set(c, "whereverb", v))
            kglx_emit(c, x->ent, "located-at", pl->ent, NULL, "locate.where");
    }
    /* "US and coalition forces in X", "Kenyan and allied troops in X": a demonym or a country's
    ** acronym before "and" shares the force noun of a group no name gives */
    for (int mi = 0; mi < c->nm; mi++) {
        const mention *cm = &c->m[mi];
        if (cm->t0 < s->t0 || cm->t1 > s->t1 || cm->tb != KGL_T_COUNTRY) continue;
        if (!cm->adj && !(cm->t1 - cm->t0 == 1 && TOK(cm->t0).upper)) continue;
        int a = cm->t1, w = a + 1, f = a + 2, t = a + 3;
        if (t >= s->t1 || !is_w(c, a, "and") || c->mid[w] >= 0 || c->mid[f] >= 0 || TOK(w).cap ||
            TOK(w).punct || in_set(c, "det", w) || !in_set(c, "forcenoun", f))
            continue;
        if (!is_w(c, t, "in")) continue;
        int om = -1;
        for (int q = t + 1; q < s->t1 && q < t + 5; q++) {
            if (c->mid[q] >= 0) {
                const mention *o = &c->m[c->mid[q]];
                if (!o->adj && !(o->t1 < s->t1 && TOK(o->t1).poss) &&
                    (o->tb & (KGL_T_BASE | KGL_T_PLACE | KGL_T_COUNTRY)))
                    om = c->mid[q];
                break;
            }
            if (!(in_set(c, "det", q) || in_set(c, "skipadj", q) || in_set(c, "direction", q)))
                break;
        }
        if (om < 0) continue;
        char buf[256];
        size_t n = TOK(cm->t1 - 1).e - TOK(cm->t0).s;
        if (n >= 120) continue;
        snprintf(buf, sizeof buf, "%.*s", (int)n, c->d->text + TOK(cm->t0).s);
        const char *names[] = {buf, c->r->ent[cm->ent].name};
        int e = kglx_armed_forces(c, names, 2, cm->adj ? buf : NULL, NULL);
        if (e < 0) continue;
        int objs[6], no = 0;
        objs[no++] = c->m[om].ent;
        int co[5], nc = kglx_coordinated(c, om, KGL_T_BASE | KGL_T_PLACE | KGL_T_COUNTRY, co, 5);
        for (int q = 0; q < nc && no < 6; q++)
            objs[no++] = c->m[co[q]].ent;
        for (int q = 0; q < no; q++)
            kglx_emit(c, e, "located-at", objs[q], NULL, "locate.prep.force");
    }
    /* a name that says where it is ("US Embassy in Baghdad", "Joint Operations Room in
    ** Baghdad"): located-at the place it names, when the dictionary knows it */
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->adj || !(m->tb & (KGL_T_ORG | KGL_T_BASE)))
            continue;
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
            kglx_emit(c, m->ent, "located-at", e, NULL, "locate.name");
            break;
        }
    }
    /* "Ayn al-Assad Airbase close to Baghdad in al-Anbar province": past a "near X" phrase */
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->tb != KGL_T_BASE || m->adj) continue;
        int k = m->t1;
        if (is_w(c, k, "close") && is_w(c, k + 1, "to"))
            k += 2;
        else if (is_w(c, k, "near"))
            k++;
        else if (in_set(c, "direction", k) && is_w(c, k + 1, "of"))
            k += 2;
        else
            continue;
        if (k >= s->t1 || c->mid[k] < 0) continue;
        k = c->m[c->mid[k]].t1;
        if (!is_w(c, k, "in") || k + 1 >= s->t1) continue;
        int q = k + 1;
        while (q < s->t1 && (in_set(c, "det", q) || in_set(c, "direction", q)))
            q++;
        if (q < s->t1 && c->mid[q] >= 0 && (c->m[c->mid[q]].tb & (KGL_T_PLACE | KGL_T_COUNTRY)) &&
            !c->m[c->mid[q]].adj)
            kglx_emit(c, m->ent, "located-at", c->m[c->mid[q]].ent, NULL, "locate.prep.base");
    }
    /* "X, a U.S. military outpost in Rukban, northeast Jordan": the base is in the
    ** places named after the description */
    for (int mi = 0; mi < c->nm; mi++) {
        mention *m = &c->m[mi];
        if (m->t0 < s->t0 || m->t1 > s->t1 || m->tb != KGL_T_BASE || !is_p(c, m->t1, ",") ||
            !kglx_appos_noun(c, m->t1 + 1, "basenoun"))
            continue;
        int k = m->t1 + 2;
        while (k < s->t1 && k < m->t1 + 8 && !is_w(c, k, "in") && !is_p(c, k, ","))
            k++;
        if (!is_w(c, k, "in")) continue;
        for (int q = k + 1, n = 0; q < s->t1 && n < 2; q++) {
            if (c->mid[q] >= 0) {
                mention *o = &c->m[c->mid[q]];
                if (!(o->tb & (KGL_T_PLACE | KGL_T_COUNTRY)) || o->adj) break;
                kglx_emit(c, m->ent, "located-at", o->ent, NULL, "locate.appos.base");
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
                if (o->tb == KGL_T_ORG && !o->adj)
                    kglx_emit(c, o->ent, "located-at", pl->ent, NULL, "locate.based");
                break;
            }
            if (TOK(k).punct && !is_p(c, k, ",")) break;
        }
    }
}

/* The relation frames of the current sentence. Frames that set a modality of
** their own (verbs, deaths) leave the sentence's for the next. */
/* "X and the group he led, Y", "the movement she heads, Y,": a relative clause
** of leading on a noun of organisations, with the organisation's name in
** apposition after it; the pronoun is the person named before it. */
static void relative_leader(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0 + 1; i + 3 < s->t1; i++) {
        if (!(is_w(c, i, "he") || is_w(c, i, "she"))) continue;
        if (!(is_w(c, i + 1, "led") || is_w(c, i + 1, "leads") || is_w(c, i + 1, "headed") ||
              is_w(c, i + 1, "heads") || is_w(c, i + 1, "commanded") || is_w(c, i + 1, "commands")))
            continue;
        /* the noun before the pronoun: "group", "terrorist group", "the militia" */
        int n = i - 1;
        if (!(in_set(c, "orgnoun", n) || is_w(c, n, "organization") || is_w(c, n, "network") ||
              is_w(c, n, "faction") || is_w(c, n, "force") || is_w(c, n, "forces")))
            continue;
        int k = i + 2;
        if (!is_p(c, k, ",")) continue;
        k++;
        while (k < s->t1 && in_set(c, "det", k))
            k++;
        if (k >= s->t1 || c->mid[k] < 0) continue;
        const mention *o = &c->m[c->mid[k]];
        if (o->tb != KGL_T_ORG || o->adj) continue;
        int person = kglx_resolve_pronoun(c, n);
        if (person < 0) continue;
        kglx_emit(c, person, "leads", o->ent, NULL, "lead.relative");
    }
    /* "X, who led Hamas", "X, who has commanded the Y since 2019" (rule lead.who) */
    for (int w = s->t0 + 1; w + 2 < s->t1; w++) {
        if (!is_w(c, w, "who")) continue;
        int p = is_p(c, w - 1, ",") ? w - 2 : w - 1;
        if (p < s->t0 || c->mid[p] < 0 || c->m[c->mid[p]].tb != KGL_T_PERSON ||
            c->m[c->mid[p]].t1 != p + 1)
            continue;
        int v = w + 1;
        while (v < s->t1 && (in_set(c, "auxverb", v) || in_set(c, "adverb", v)))
            v++;
        if (!(is_w(c, v, "led") || is_w(c, v, "leads") || is_w(c, v, "headed") ||
              is_w(c, v, "heads") || is_w(c, v, "commanded") || is_w(c, v, "commands")))
            continue;
        int k = v + 1;
        while (k < s->t1 && in_set(c, "det", k))
            k++;
        if (k >= s->t1 || c->mid[k] < 0) continue;
        const mention *o = &c->m[c->mid[k]];
        int e = o->t1; /* the name ends its phrase: not "who led a Hamas unit" */
        if (o->t0 != k || o->adj || !(o->tb & (KGL_T_ORG | KGL_T_COUNTRY)) ||
            !(e >= s->t1 || (TOK(e).punct && !TOK(e).glued && !TOK(e).poss) || is_prep(c, e) ||
              in_set(c, "conj", e) || in_set(c, "relword", e) || in_set(c, "timeword", e)))
            continue;
        if (kglx_modal_before(c, v) || in_set(c, "negation", v - 1)) continue;
        kglx_emit(c, c->m[c->mid[p]].ent, "leads", o->ent, NULL, "lead.who");
    }
}

/* "Security Council Resolution 2417, adopted on 24 May, ...", "General Assembly
** Resolution ES-11/1 was adopted": a resolution named after the body that
** passed it; the body voted it when the sentence says it was adopted. */
static void named_resolution(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int mi = 0; mi < c->nm; mi++) {
        const mention *ev = &c->m[mi];
        if (ev->t0 <= s->t0 || ev->t1 > s->t1 || ev->tb != KGL_T_EVENT) continue;
        if (!is_w(c, ev->t0, "resolution")) continue;
        int b = c->mid[ev->t0 - 1];
        if (b < 0 || c->m[b].tb != KGL_T_ORG || c->m[b].adj) continue;
        int k = ev->t1;
        if (is_p(c, k, ",")) k++;
        if (is_w(c, k, "which")) k++;
        if (in_set(c, "be", k)) k++;
        if (!(is_w(c, k, "adopted") || is_w(c, k, "passed") || is_w(c, k, "approved"))) continue;
        kglx_emit(c, c->m[b].ent, "voted", ev->ent, NULL, "vote.named");
    }
}

/* "branches of the X forces took part -- the A, the B and the C",
** "units of the army, including A and B": the organisations the list names
** after the dash, colon or "including" are parts of the organisation named
** after "branches/units/elements/members of" (set membernoun2) before it. A
** possessor in the list ("the X Government's peshmerga") is not listed. */
static void listed_parts(ctx *c)
{
    const kgl_sent *s = c->s;
    int whole = -1, k = s->t0;
    for (; k + 2 < s->t1 && whole < 0; k++) {
        if (!(in_set(c, "membernoun2", k) && is_w(c, k + 1, "of"))) continue;
        int q = k + 2;
        while (q < s->t1 && in_set(c, "det", q))
            q++;
        if (q < s->t1 && c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_ORG && !c->m[c->mid[q]].adj)
            whole = c->mid[q], k = c->m[whole].t1;
    }
    if (whole < 0) return;
    for (; k < s->t1; k++) {
        if (is_p(c, k, ":") || is_w(c, k, "including") ||
            (is_p(c, k, "-") && is_p(c, k + 1, "-")) || is_p(c, k, "\xE2\x80\x94") ||
            is_p(c, k, "\xE2\x80\x93"))
            break;
        if (is_clause_end(c, k) && !is_p(c, k, ",")) return;
    }
    for (; k < s->t1; k++) {
        if (is_clause_end(c, k) && !is_p(c, k, ",") && !is_p(c, k, ":") && !is_p(c, k, "-") &&
            !TOK(k).punct)
            break;
        if (is_p(c, k, ".") || is_p(c, k, ";")) break;
        if (c->mid[k] < 0) continue;
        const mention *m = &c->m[c->mid[k]];
        k = m->t1 - 1;
        if (m->tb != KGL_T_ORG || m->adj || m->ent == c->m[whole].ent) continue;
        if (m->t1 < s->t1 && TOK(m->t1).poss) continue;
        kglx_emit(c, m->ent, "member-of", c->m[whole].ent, NULL, "member.list");
    }
}

/* "Under the command of X, the Y ...", "under the leadership of X, Y": X leads
** the organisation that is the clause's subject after the comma (the first
** organisation named there, "all branches of the Iraqi forces" included). */
static void under_command(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0; i + 4 < s->t1; i++) {
        if (!(is_w(c, i, "under") && is_w(c, i + 1, "the") &&
              (is_w(c, i + 2, "command") || is_w(c, i + 2, "leadership")) && is_w(c, i + 3, "of")))
            continue;
        int k = i + 4, person = -1;
        for (; k < s->t1 && k < i + 12 && person < 0; k++) {
            if (is_p(c, k, ",")) break;
            if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_PERSON) person = c->m[c->mid[k]].ent;
        }
        if (person < 0 && is_w(c, i + 4, "the") && is_p(c, k, ",")) {
            /* "under the command of the Iraqi prime minister, ...": the person with that title */
            int nation = -1, r = k - 1;
            for (int q = i + 5; q < r; q++)
                if (c->mid[q] >= 0 && c->m[c->mid[q]].adj) nation = c->m[c->mid[q]].ent;
            if (in_set(c, "rolenoun", r) && c->mid[r] < 0) person = kglx_role_person(c, r, nation);
        }
        if (person < 0) continue;
        while (k < s->t1 && !is_p(c, k, ","))
            k++;
        int org = -1;
        for (int q = k + 1; q < s->t1 && q < k + 8 && org < 0; q++) {
            if (is_clause_end(c, q) || kglx_any_verb_at(c, q)) break;
            if (c->mid[q] < 0) continue;
            const mention *m = &c->m[c->mid[q]];
            if (m->tb == KGL_T_ORG && !m->adj) org = m->ent;
            q = m->t1 - 1;
        }
        if (org >= 0) kglx_emit(c, person, "leads", org, NULL, "lead.command");
    }
}

/* "X said the letter was a hoax", "X said he thought the report was a ‘fake’", "X called
** the video a fabrication", "X dismissed the report as a hoax": X denied the thing named
** (rule deny.hoax; the words of saying stay X's statement). */
static void hoax_denials(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int h = s->t0 + 3; h < s->t1; h++) {
        if (!in_set(c, "hoaxword", h) || c->mid[h] >= 0) continue;
        /* the noun ends its phrase: not "as fake news" */
        if (h + 1 < s->t1 && !TOK(h + 1).punct && !in_set(c, "conj", h + 1) && !is_prep(c, h + 1))
            continue;
        int k = h - 1;
        while (k > s->t0 && (is_any_quote(c, k) || in_set(c, "hoaxadj", k)))
            k--;
        if (is_w(c, k, "a") || is_w(c, k, "an")) k--;
        while (k > s->t0 && (is_any_quote(c, k) || in_set(c, "hoaxadj", k)))
            k--;
        if (in_set(c, "be", k)) {
            /* NP be HOAX after a verb of saying, and "he thought" / "she believed" */
            int q = k - 1, np0 = -1;
            for (; q >= s->t0 && q > k - 10; q--) {
                if (TOK(q).punct || c->inq[q] >= 0) break;
                if (is_w(c, q, "that") || kglx_rule_at(c, KGL_R_SPEECH, q, NULL, NULL) ||
                    is_w(c, q, "thought") || is_w(c, q, "believed") || is_w(c, q, "thinks") ||
                    is_w(c, q, "believes"))
                    break;
                np0 = q;
            }
            if (np0 < 0 || q < s->t0) continue;
            if (is_w(c, q, "that")) q--;
            if (is_w(c, q, "thought") || is_w(c, q, "believed") || is_w(c, q, "thinks") ||
                is_w(c, q, "believes")) {
                q--; /* "he thought" */
                if (q < s->t0 || !(in_set(c, "pronoun", q) || c->mid[q] >= 0)) continue;
                q = c->mid[q] >= 0 ? c->m[c->mid[q]].t0 - 1 : q - 1;
                if (is_w(c, q, "that")) q--;
            }
            const kgl_rule *ru = NULL;
            if (q < s->t0 || !kglx_rule_at(c, KGL_R_SPEECH, q, &ru, NULL) || ru->needquote ||
                !strcmp(NORM(q), "according"))
                continue;
            int obj = event_object(c, np0, "denied", -1); /* the thing named: [np0, k) */
            if (obj < 0 || kglx_modal_before(c, q)) continue;
            int subj[4], ns = kglx_subject_of(c, q, KGL_T_ACTOR, subj, 4);
            for (int a = 0; a < ns; a++)
                kglx_emit(c, subj[a], "denied", obj, NULL, "deny.hoax");
            continue;
        }
        /* "called / branded the report a hoax", "dismissed the report as a hoax" */
        int as = is_w(c, k, "as");
        int q = as ? k - 1 : k;
        int np0 = -1;
        for (; q >= s->t0 && q > k - 8; q--) {
            if (TOK(q).punct || c->inq[q] >= 0) break;
            if ((as && (is_w(c, q, "dismissed") || is_w(c, q, "dismisses") ||
                        is_w(c, q, "described") || is_w(c, q, "rejected"))) ||
                (!as && (is_w(c, q, "called") || is_w(c, q, "calls") || is_w(c, q, "branded") ||
                         is_w(c, q, "labelled") || is_w(c, q, "labeled") || is_w(c, q, "dubbed"))))
                break;
            np0 = q;
        }
        if (np0 < 0 || q < s->t0 || TOK(q).punct || c->inq[q] >= 0 || q <= k - 8) continue;
        if (kglx_modal_before(c, q)) continue;
        int obj = event_object(c, np0, "denied", -1);
        if (obj < 0) continue;
        int subj[4], ns = kglx_subject_of(c, q, KGL_T_ACTOR, subj, 4);
        for (int a = 0; a < ns; a++)
            kglx_emit(c, subj[a], "denied", obj, NULL, "deny.hoax");
    }
}

/* The actor of an attack noun phrase at t ("US strikes", "a Chadian air raid", "the
** strikes by X"); -1 when t starts none. */
static int strike_actor(ctx *c, int t)
{
    const kgl_sent *s = c->s;
    if (t < s->t1 && in_set(c, "det", t)) t++;
    int k, agent = actor_run(c, t, t + 6, &k);
    if (agent == -2 || !in_set(c, "attacknoun", k)) return -1;
    if (agent >= 0) return agent;
    if (is_w(c, k + 1, "by")) { /* "strikes by X" */
        int mi = kglx_object_from(c, k + 2, 4, KGL_T_ACTOR, 0);
        return mi >= 0 ? c->m[mi].ent : -1;
    }
    return -1;
}

/* "The air force launched airstrikes from the base", "jets flew from Al Udeid": the force
** that sends aircraft or missiles from a base is at that base ("the base" is the last base
** named in the post; rule locate.from) */
static void launch_bases(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0 + 1; i < s->t1; i++) {
        if (!(in_set(c, "launchverb", i) || is_w(c, i, "flew") || is_w(c, i, "flown")) ||
            c->mid[i] >= 0 || c->inq[i] >= 0)
            continue;
        int f = i + 1, base = -1;
        for (; f < s->t1 && f < i + 10; f++) {
            if (is_clause_end(c, f) || is_p(c, f, ",")) break;
            if (!is_w(c, f, "from")) continue;
            int q = f + 1;
            if (is_w(c, q, "the") || is_w(c, q, "its") || is_w(c, q, "their")) q++;
            if (q < s->t1 && c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_BASE &&
                !c->m[c->mid[q]].adj)
                base = c->m[c->mid[q]].ent;
            else if (is_w(c, f + 1, "the") && q < s->t1 && c->mid[q] < 0 &&
                     in_set(c, "basesuffix", q) &&
                     (q + 1 >= s->t1 || TOK(q + 1).punct || !TOK(q + 1).cap)) {
                const kgl_sent *p0 = s; /* "from the base": the last base of this post */
                while (p0 > c->d->sent && p0[-1].section == s->section)
                    p0--;
                for (int k = c->nm - 1; k >= 0 && base < 0; k--)
                    if (c->m[k].tb == KGL_T_BASE && !c->m[k].adj && c->m[k].t0 < f &&
                        c->m[k].t0 >= p0->t0)
                        base = c->m[k].ent;
            }
            break;
        }
        if (base < 0) continue;
        int subj[4], ns = kglx_subject_of(c, i, KGL_T_ORG, subj, 4);
        int who = -1, scope = kglx_act_scope(c, i, &who);
        if (scope < 0 || scope == KGL_MOD_DENIED || kglx_modal_before(c, i)) continue;
        c->mod = scope, c->claimant = who;
        for (int k = 0; k < ns; k++) {
            const mention *sm = NULL;
            for (int q = c->nm - 1; q >= 0 && !sm; q--)
                if (c->m[q].ent == subj[k]) sm = &c->m[q];
            if (sm && (sm->flags & KGL_F_FORCE))
                kglx_emit(c, subj[k], "located-at", base, NULL, "locate.from");
        }
        c->mod = c->smod, c->claimant = c->sclaimant;
    }
}

/* "a parliament's vote", "the parliament's vote on the bill": the body voted (on
** the resolution named after it, or the one the phrase names; rule vote.noun) */
static void vote_nouns(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0 + 2; i < s->t1; i++) {
        if (!is_w(c, i, "vote") || c->mid[i] >= 0 || c->inq[i] >= 0 || !TOK(i - 1).poss) continue;
        if (c->mid[i - 2] < 0) continue;
        const mention *b = &c->m[c->mid[i - 2]];
        int de = c->r->ent[b->ent].dict;
        if (b->adj || de < 0 || !(c->lx->ent[de].flags & KGL_F_PARL)) continue;
        int who = -1, scope = kglx_act_scope(c, i, &who);
        if (scope < 0 || scope == KGL_MOD_DENIED) continue;
        int t = i + 1;
        if (is_w(c, t, "on") || is_w(c, t, "for")) t++;
        int o = event_object(c, t, "voted", b->ent);
        if (o < 0) continue;
        c->mod = scope, c->claimant = who;
        kglx_emit(c, b->ent, "voted", o, NULL, "vote.noun");
        c->mod = c->smod, c->claimant = c->sclaimant;
    }
}

/* "Hezbollah lost 12 fighters in Israeli strikes", "X lost 25 members ... due to US
** strikes": the attacker killed (and attacked) the group (rule kill.loss). */
static void loss_frames(ctx *c)
{
    const kgl_sent *s = c->s;
    for (int i = s->t0 + 1; i < s->t1; i++) {
        if (!(is_w(c, i, "lost") || is_w(c, i, "loses")) || c->inq[i] >= 0) continue;
        int k = i + 1;
        if (is_w(c, k, "at") && is_w(c, k + 1, "least")) k += 2;
        if (!(k < s->t1 &&
              (isdigit((unsigned char)c->d->text[TOK(k).s]) || in_set(c, "numberword", k))))
            continue;
        k++;
        while (k < s->t1 && k < i + 6 && (in_set(c, "numberword", k) || in_set(c, "skipadj", k)))
            k++;
        if (!(in_set(c, "membernoun2", k) || in_set(c, "groupnoun", k) || is_w(c, k, "men")))
            continue;
        int agent = -1;
        for (int q = k + 1; q < s->t1 && q < k + 25 && agent < 0; q++) {
            if (is_p(c, q, ";") || is_clause_end(c, q)) break;
            if (is_w(c, q, "due") && is_w(c, q + 1, "to"))
                agent = strike_actor(c, q + 2);
            else if (is_w(c, q, "in") || is_w(c, q, "from") || is_w(c, q, "after") ||
                     is_w(c, q, "during") || is_w(c, q, "following"))
                agent = strike_actor(c, q + 1);
        }
        if (agent < 0) continue;
        int subj[2];
        if (kglx_subject_of(c, i, KGL_T_ORG, subj, 1) <= 0) continue;
        if (subj[0] == agent) continue;
        int who = -1, scope = kglx_act_scope(c, i, &who);
        if (scope < 0 || scope == KGL_MOD_DENIED) continue;
        c->mod = scope, c->claimant = who;
        kglx_emit(c, agent, "killed", subj[0], NULL, "kill.loss");
        kglx_emit(c, agent, "attacked", subj[0], NULL, "kill.loss");
        c->mod = c->smod, c->claimant = c->sclaimant;
    }
}

/* "the assassination of X, who died alongside Y in the strike": who killed X killed Y
** (rule kill.alongside). f0: the first fact of this sentence. */
static void died_alongside(ctx *c, int f0)
{
    const kgl_sent *s = c->s;
    int nf = c->r->nfact;
    for (int f = f0; f < nf; f++) {
        const kgl_fact *fa = &c->r->fact[f];
        if (strcmp(fa->rel, "killed") || fa->s != s->s) continue;
        int agent = fa->subj, victim = fa->obj, mod = fa->modality, cl = fa->claimant;
        for (int mi = 0; mi < c->nm; mi++) {
            const mention *m = &c->m[mi];
            if (m->t0 < s->t0 || m->t1 > s->t1 || m->ent != victim) continue;
            int k = m->t1;
            if (!(is_p(c, k, ",") && is_w(c, k + 1, "who"))) continue;
            k += 2;
            if (is_w(c, k, "was") && is_w(c, k + 1, "killed"))
                k += 2;
            else if (is_w(c, k, "died"))
                k++;
            else
                continue;
            if (is_w(c, k, "alongside"))
                k++;
            else if ((is_w(c, k, "along") || is_w(c, k, "together")) && is_w(c, k + 1, "with"))
                k += 2;
            else
                continue;
            int om = kglx_object_from(c, k, 4, KGL_T_PERSON | KGL_T_ORG, 0);
            if (om < 0 || c->m[om].ent == agent) continue;
            c->mod = mod, c->claimant = cl;
            kglx_emit(c, agent, "killed", c->m[om].ent, NULL, "kill.alongside");
            c->mod = c->smod, c->claimant = c->sclaimant;
        }
    }
}

void kglx_frames(ctx *c)
{
    int f0 = c->r->nfact;
    under_command(c);
    listed_parts(c);
    relative_leader(c);
    named_resolution(c);
    leader_forces(c);
    title_frames(c);
    member_frames(c);
    place_frames(c);
    held_forces(c);
    verb_frames(c);
    c->mod = c->smod, c->claimant = c->sclaimant;
    death_frames(c);
    tally_frames(c);
    hoax_denials(c);
    loss_frames(c);
    vote_nouns(c);
    launch_bases(c);
    died_alongside(c, f0);
}
