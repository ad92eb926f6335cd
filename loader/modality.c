/*
** modality.c -- extraction: how the text states a fact (kglx_*, see extract.h).
** The sentence's hearsay ("according to X", "reportedly"), the scope of an act
** (denied, claimed, reported, or nothing for questions, conditions, threats and
** doubt), modals and "decision to" before a verb, and emitting facts with their
** modality, claimant and confidence; a denied act becomes the denier's `denied`
** to an event naming it.
*/
#include <stdio.h>
#include <ctype.h>
#include <string.h>

#include "kgl.h"
#include "extract.h"

/* ---------------------------------------------------------------- modality */
/* "his decision to V", "X's decision to V", "made the decision to V", "ordered
** troops to V": the act was decided and done; the one who decided, or -1. "to"
** is at token k. */
int kglx_decided_by(ctx *c, int k)
{
    int d = k - 1;
    if (d < c->s->t0 || !in_set(c, "decisionnoun", d)) return -1;
    int p = d - 1;
    while (p >= c->s->t0 && (in_set(c, "skipadj", p) || is_w(c, p, "bold") || is_w(c, p, "final")))
        p--;
    if (p >= c->s->t0 && (is_w(c, p, "his") || is_w(c, p, "her")))
        return kglx_resolve_pronoun(c, p);
    if (p >= c->s->t0 && TOK(p).poss && p - 1 >= c->s->t0 && c->mid[p - 1] >= 0)
        return c->m[c->mid[p - 1]].ent;
    if (p >= c->s->t0 && is_w(c, p, "the") && p - 1 >= c->s->t0 &&
        (is_w(c, p - 1, "made") || is_w(c, p - 1, "took"))) {
        int subj[1];
        if (kglx_subject_of(c, p - 1, KGL_T_ACTOR, subj, 1) > 0) return subj[0];
    }
    return -1;
}

/* "went on to say", "proceeded to attack": the act happened, nothing is intended */
static int went_on_to(ctx *c, int to)
{
    int k = to - 1;
    if (k > c->s->t0 && is_w(c, k, "on")) k--;
    if (k < c->s->t0) return 0;
    const char *w = NORM(k);
    if (k == to - 2)
        return !strcmp(w, "went") || !strcmp(w, "goes") || !strcmp(w, "go") ||
               !strcmp(w, "going") || !strcmp(w, "gone");
    return !strcmp(w, "proceeded") || !strcmp(w, "proceeds");
}

int kglx_modal_before(ctx *c, int v)
{
    for (int k = v - 1; k >= c->s->t0 && k >= v - 4; k--) {
        if (TOK(k).punct && strcmp(NORM(k), "’") && strcmp(NORM(k), "'")) return 0;
        if (c->mid[k] >= 0) return 0;
        if (in_set(c, "negation", k) || in_set(c, "modal", k)) return 1;
        if (is_w(c, k, "to") && k == v - 1 && kglx_decided_by(c, k) < 0 &&
            !(k > c->s->t0 && in_set(c, "attacknoun", k - 1)) && !went_on_to(c, k))
            return 1; /* "threatened to attack"; but "an offensive to recapture X" happened */
    }
    /* "threatened to attack": to + verb handled above */
    return 0;
}

void kglx_emit(ctx *c, int subj, const char *rel, int obj, const kgl_rule *ru, const char *rid)
{
    float conf = ru ? ru->conf : 0.7f;
    if (c->mod == KGL_MOD_REPORTED) conf *= 0.85f;
    if (c->mod == KGL_MOD_CLAIMED) conf *= 0.5f;
    int f =
        kgl_result_fact(c->r, subj, rel, obj, c->s->s, c->s->e, c->date, conf, ru ? ru->id : rid);
    if (f >= 0 && c->r->fact[f].modality == KGL_MOD_ASSERTED && strcmp(rel, "denied")) {
        c->r->fact[f].modality = c->mod;
        c->r->fact[f].claimant = c->claimant;
    } else if (f >= 0 && !strcmp(rel, "denied")) {
        c->r->fact[f].modality = KGL_MOD_ASSERTED; /* the denial itself is what the text asserts */
        kglx_note_speaker(c, subj);                /* a denial is speech: "He said" after it */
    }
}

/* Hearsay of a whole sentence: "according to X", "reportedly", "…, sources
** said." Sets c->smod and c->sclaimant. */
void kglx_sentence_modality(ctx *c)
{
    const kgl_sent *s = c->s;
    c->smod = KGL_MOD_ASSERTED, c->sclaimant = -1;
    for (int k = s->t0; k < s->t1; k++) {
        if (c->inq[k] >= 0) continue;
        if (is_w(c, k, "according") && is_w(c, k + 1, "to")) {
            c->smod = KGL_MOD_REPORTED;
            for (int q = k + 2; q < s->t1 && q < k + 11 && !is_clause_end(c, q) && !is_p(c, q, ",");
                 q++)
                if (c->mid[q] >= 0 &&
                    c->m[c->mid[q]].tb == KGL_T_PERSON) { /* the person the titles name */
                    c->sclaimant = c->m[c->mid[q]].ent;
                    return;
                }
            for (int q = k + 2; q < s->t1 && q < k + 6; q++)
                if (c->mid[q] >= 0 && (c->m[c->mid[q]].tb & KGL_T_ACTOR) &&
                    !kglx_is_modifier(c, &c->m[c->mid[q]])) {
                    c->sclaimant = c->m[c->mid[q]].ent;
                    break;
                }
            return;
        }
        if (in_set(c, "hedge", k)) c->smod = KGL_MOD_REPORTED;
        /* "it is rumoured that", "X is said to have", "are believed to be" */
        if (in_set(c, "be", k) && in_set(c, "hearsayverb", k + 1) &&
            (is_w(c, k + 2, "that") || is_w(c, k + 2, "to")))
            c->smod = KGL_MOD_REPORTED;
        /* "…, sources said." / "…, officials said." with nobody named */
        if (in_set(c, "anonymous", k) && k + 1 < s->t1 &&
            kglx_rule_at(c, KGL_R_SPEECH, k + 1, NULL, NULL) &&
            (k + 2 >= s->t1 || is_clause_end(c, k + 2) || is_p(c, k + 2, ",")))
            c->smod = KGL_MOD_REPORTED;
    }
}

/* Whether a "that" (outside quotes) stands in the sentence before token k. */
static int that_before(ctx *c, int k)
{
    for (int q = c->s->t0; q < k; q++)
        if (is_w(c, q, "that") && c->inq[q] < 0) return 1;
    return 0;
}

/* The scope of the act whose verb or noun is at token v: KGL_MOD_* (with the
** denier, claimant or source in *who), or -1 when the act is not to be stored
** (a question, a condition, a threat or plan). */
int kglx_act_scope(ctx *c, int v, int *who)
{
    const kgl_sent *s = c->s;
    *who = -1;
    int last = s->t1 - 1;
    while (last > s->t0 && (is_any_quote(c, last) || is_p(c, last, ")")))
        last--;
    if (is_p(c, last, "?")) return -1;
    int first = s->t0;
    while (first < s->t1 && TOK(first).punct)
        first++;
    if (in_set(c, "conditional", first)) return -1; /* "If Israel attacks Iran, ..." */
    if (in_set(c, "nonenoun", first))
        return -1; /* "No US troops are deployed in X", "None of ..." */
    for (int k = s->t0; k < v; k++) {
        /* "no evidence that Iran supplied the drones that struck Erbil", "it is unclear whether X"
         */
        if (in_set(c, "doubtword", k) && c->inq[k] < 0) return -1;
        if ((is_w(c, k, "no") || is_w(c, k, "little") || is_w(c, k, "not")) &&
            in_set(c, "evidencenoun", k + 1))
            return -1;
        if (k > first &&
            (is_w(c, k, "whether") ||
             (is_w(c, k, "if") && !is_w(c, k - 1, "as") && !is_w(c, k - 1, "even"))) &&
            c->inq[k] < 0)
            return -1; /* "asked whether X attacked Y", "... if X attacks" */
    }
    int rel = -1; /* a relative word between the trigger and v: "rejects X, which attacked Y" */
    for (int k = v - 1; k >= s->t0; k--) {
        if (is_p(c, k, ";")) break;
        if ((c->inq[k] >= 0) != (c->inq[v] >= 0)) {
            /* a quote of a few words ("“imminent” attacks") is part of the sentence; a longer one
             * is someone's words */
            int qi = c->inq[k] >= 0 ? c->inq[k] : c->inq[v];
            if (c->q[qi].t1 - c->q[qi].t0 > 3) break;
        }
        if (TOK(k).punct || c->mid[k] >= 0) continue;
        if ((is_w(c, k, "after") || is_w(c, k, "following") || is_w(c, k, "amid")) &&
            c->inq[k] < 0 && c->inq[v] < 0 && !that_before(c, k))
            break; /* "declared a curfew after air strikes on X": a time the
                      main clause takes for given, in no one's claim or threat */
        if (in_set(c, "relword", k) && rel < 0 && !in_set(c, "subordinator", k)) {
            /* "that" right after a claim or denial word opens its clause; any other
            ** relative word closes the scope of what stands before it */
            int p = k - 1;
            /* "claimed in a statement on Tuesday that": words of time and setting between */
            while (p > s->t0 &&
                   (TOK(p).punct || in_set(c, "adverb", p) || in_set(c, "timeword", p) ||
                    in_set(c, "month", p) || in_set(c, "speechtitle", p) || in_set(c, "det", p) ||
                    is_w(c, p, "on") || is_w(c, p, "in") || is_w(c, p, "last") ||
                    is_w(c, p, "earlier") || is_w(c, p, "early") || is_w(c, p, "late") ||
                    isdigit((unsigned char)c->d->text[TOK(p).s])) &&
                   c->mid[p] < 0)
                p--;
            if (!(is_w(c, k, "that") &&
                  (in_set(c, "claimverb", p) || in_set(c, "claimnoun", p) ||
                   in_set(c, "denyword", p) || kglx_rule_at(c, KGL_R_DENY, p, NULL, NULL) ||
                   kglx_rule_at(c, KGL_R_SPEECH, p, NULL, NULL) || in_set(c, "findverb", p) ||
                   is_w(c, p, "and") || is_w(c, p, "or")))) /* "said that A and that B" */
                rel = k;
        }
        if (rel >= 0 && k < rel) break;
        int subj[1];
        if (kglx_rule_at(c, KGL_R_DENY, k, NULL, NULL) || in_set(c, "denyword", k)) {
            if (kglx_subject_of(c, k, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
            return KGL_MOD_DENIED;
        }
        if (in_set(c, "claimverb", k) || in_set(c, "accuseword", k) || in_set(c, "claimnoun", k)) {
            /* "rejected claims that ...", "dismissed reports that ...": a denial */
            int d = k - 1;
            while (d > s->t0 && (in_set(c, "det", d) || in_set(c, "skipadj", d)))
                d--;
            if (d >= s->t0 &&
                (in_set(c, "denyword", d) || kglx_rule_at(c, KGL_R_DENY, d, NULL, NULL))) {
                if (kglx_subject_of(c, d, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
                return KGL_MOD_DENIED;
            }
            if (in_set(c, "claimnoun", k) && !in_set(c, "claimverb", k))
                continue; /* "a report on X" */
            if (kglx_subject_of(c, k, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
            return KGL_MOD_CLAIMED;
        }
        if (in_set(c, "threat", k)) return -1;
        const kgl_rule *ru = NULL;
        if ((kglx_rule_at(c, KGL_R_SPEECH, k, &ru, NULL) && strcmp(NORM(k), "according")) ||
            (in_set(c, "findverb", k) && is_w(c, k + 1, "that"))) {
            /* "X said (that) Y attacked Z", "a report by X found that ...": reported by X */
            if (kglx_subject_of(c, k, KGL_T_ACTOR, subj, 1) > 0) *who = subj[0];
            return KGL_MOD_REPORTED;
        }
    }
    /* "Y attacked Z, X said." (also "…, X said, adding that …": a participle of
    ** saying goes on with what X said) */
    for (int k = v + 1; k < s->t1; k++) {
        if (!is_p(c, k, ",")) continue;
        int q = k + 1, named = -1;
        while (q < s->t1 && q < k + 8 && !TOK(q).punct &&
               !kglx_rule_at(c, KGL_R_SPEECH, q, NULL, NULL)) {
            if (c->mid[q] >= 0 && !c->m[c->mid[q]].adj && named < 0) named = c->m[c->mid[q]].ent;
            q++;
        }
        if (q < s->t1 && q > k + 1 && kglx_rule_at(c, KGL_R_SPEECH, q, NULL, NULL) &&
            strcmp(NORM(q), "according")) {
            int e = q + 1;
            while (e < s->t1 && (in_set(c, "adverb", e) || in_set(c, "timeword", e)))
                e++;
            if (e >= s->t1 || is_clause_end(c, e) ||
                (is_p(c, e, ",") && e + 1 < s->t1 && in_set(c, "speechpart", e + 1))) {
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
void kglx_emit_denied_act(ctx *c, int denier, int actor, const char *rel, int obj)
{
    if (denier < 0 || obj < 0) return;
    const char *noun = !strcmp(rel, "attacked") ? "attack on"
                       : !strcmp(rel, "killed") ? "killing of"
                                                : NULL;
    if (!noun) return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s", noun, c->r->ent[obj].name);
    int ev = kgl_result_entity(c->r, "event", buf, strlen(buf));
    int save = c->mod, savec = c->claimant;
    c->mod = KGL_MOD_ASSERTED;
    kglx_emit(c, denier, "denied", ev, NULL, "deny.act");
    /* the act itself, as denied by the denier: hidden from plain patterns, and
    ** contested when another source states it (r.contested) */
    if (actor >= 0 && actor != obj) {
        c->mod = KGL_MOD_DENIED, c->claimant = denier;
        kglx_emit(c, actor, rel, obj, NULL, "deny.act");
    }
    c->mod = save, c->claimant = savec;
}
