/*
** speech.c -- extraction: statements and attribution (kglx_*, see extract.h).
** Direct quotes attributed after or before them, reported speech ("X said
** (that) ...", "..., X said.", "according to X", participles), denials of a
** claim, transcript turns, speeches printed under their speaker and pull quotes
** attributed by a dash line.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"
#include "extract.h"

/* ---------------------------------------------------------------- statements */
void kglx_find_quotes(ctx *c, int t0, int t1)
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
            if (open < 0)
                isopen = 1, straight = 1;
            else if (straight)
                isclose = 1;
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
            for (int k = open + 1; k < i; k++)
                c->inq[k] = c->nq;
            c->nq++;
            open = -1;
        }
    }
    /* a curly quote still open at the end of the paragraph runs on into the next one (news
    ** style: the closing mark comes only after the last paragraph of a long quote) */
    if (open >= 0 && !straight && t1 - 1 > open + 3) {
        int end = t1;
        while (end > open + 1 && TOK(end - 1).punct)
            end--;
        if (end - open > 4) {
            if (c->nq == c->capq) {
                c->capq = c->capq ? c->capq * 2 : 32;
                c->q = kgl_xrealloc(c->q, c->capq * sizeof *c->q);
            }
            c->q[c->nq] = (quote){open + 1, end, open, t1 - 1, 0};
            for (int k = open + 1; k < t1 - 1; k++)
                c->inq[k] = c->nq;
            c->nq++;
        }
    }
}

/* Words that are only an attribution: "the statement said", "officials added",
** "he told". */
static int attribution_only(ctx *c, const char *text, size_t n)
{
    char *nm = kgl_norm(text, n), *save = NULL, *w[8];
    int nw = 0, only = 1;
    for (char *p = strtok_r(nm, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
        if (nw == 8) {
            only = 0;
            break;
        }
        w[nw++] = p;
    }
    static const char *const verbs[] = {"said",   "says",  "added",    "adds", "stated",
                                        "states", "noted", "reported", "told", NULL};
    int verb = 0;
    for (int k = 0; only && nw >= 2 && verbs[k]; k++)
        verb |= !strcmp(w[nw - 1], verbs[k]);
    only &= verb;
    for (int k = 0; only && k < nw - 1; k++)
        only &= kgl_lex_in(c->lx, "det", w[k]) || kgl_lex_in(c->lx, "sourcenoun", w[k]) ||
                kgl_lex_in(c->lx, "anonymous", w[k]) || kgl_lex_in(c->lx, "rolenoun", w[k]) ||
                kgl_lex_in(c->lx, "orgnoun", w[k]) || kgl_lex_in(c->lx, "pronoun", w[k]) ||
                !strcmp(w[k], "they") || !strcmp(w[k], "it");
    free(nm);
    return only && nw >= 2;
}

/* Words that claim nothing, which a span holds when an attribution was
** misread: only the attribution, or a free relative clause ("confirmed what
** his prime minister said": the claim is the other's, not in these words). */
static int no_claim(ctx *c, const char *text, size_t n)
{
    return (n >= 5 && !memcmp(text, "what ", 5)) || attribution_only(c, text, n);
}

/* Statement text from bytes [s, e): quote marks removed, white space collapsed,
** trailing commas trimmed. */
/* A statement of at least minw words from the text [s, e); -1 when none. */
static int make_statement_n(ctx *c, uint32_t s, uint32_t e, int minw)
{
    kgl_buf b = {0};
    const char *x = c->d->text;
    int sp = 0;
    for (uint32_t i = s; i < e;) {
        if (e - i >= 3 &&
            (!memcmp(x + i, "\xE2\x80\x9C", 3) || !memcmp(x + i, "\xE2\x80\x9D", 3))) {
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
        if (b.len && (b.p[b.len - 1] == ',' || b.p[b.len - 1] == ' ' || b.p[b.len - 1] == ':' ||
                      b.p[b.len - 1] == ';')) {
            b.p[--b.len] = 0;
            continue;
        }
        size_t k = b.len;
        if (k >= 3 && b.p[k - 1] == ']') {
            size_t q = k - 2;
            while (q > 0 && isdigit((unsigned char)b.p[q]))
                q--;
            if (b.p[q] == '[' && q < k - 2) {
                b.len = q;
                b.p[b.len] = 0;
                continue;
            }
        }
        break;
    }
    /* "..., the statement said.": the attribution that closes the span is no part of it */
    for (size_t k = b.len; k > 1; k--)
        if (b.p[k - 2] == ',' && b.p[k - 1] == ' ') {
            if (attribution_only(c, b.p + k, b.len - k)) b.len = k - 2, b.p[b.len] = 0;
            break;
        }
    size_t st = 0;
    while (st < b.len && (b.p[st] == ',' || b.p[st] == ' ' || b.p[st] == ':'))
        st++;
    int words = 0;
    for (size_t i = st; i < b.len; i++)
        words += (i == st || b.p[i - 1] == ' ') && b.p[i] != ' ';
    int ent = -1;
    if (words >= minw && !no_claim(c, b.p + st, b.len - st))
        ent = kgl_result_entity(c->r, "statement", b.p + st, b.len - st);
    kgl_buf_free(&b);
    return ent;
}

int kglx_make_statement(ctx *c, uint32_t s, uint32_t e)
{
    return make_statement_n(c, s, e, 2);
}

/* A sentence whose statement (stmt, verb of saying at v) has a described speaker and
** names nobody: "A member of the X Committee said ...", "The deputy head of Y says
** ...". Noted for the speaker quoted next; ORG of "of ORG" when the phrase names one
** of several ("a member", "the deputy head"). Further statements of the sentence
** without a speaker ("..., noting that ...") are the same speaker's. */
static void note_lede(ctx *c, int stmt, int v)
{
    const kgl_sent *s = c->s;
    if (c->nlede && c->lede_s == s) {
        if (c->nlede < 4) c->lede_stmt[c->nlede++] = stmt;
        return;
    }
    for (int k = s->t0; k < s->t1; k++)
        if (c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_PERSON && c->inq[k] < 0) return;
    int a = v - 1, role = 0, org = -1, several = 0;
    while (a >= s->t0 && !TOK(a).punct && !in_set(c, "relword", a) && !kglx_any_verb_at(c, a))
        a--;
    a++; /* the phrase before the verb: "(Meanwhile,) a member of the X Committee" */
    if (!(is_w(c, a, "a") || is_w(c, a, "an") || is_w(c, a, "the"))) return;
    several = !is_w(c, a, "the");
    for (int k = a + 1; k < v; k++) {
        if (c->mid[k] >= 0) {
            const mention *m = &c->m[c->mid[k]];
            int p = m->t0 - 1; /* "of (the) ORG", "of Iraq's ORG" */
            if (p > a && TOK(p).poss && c->mid[p - 1] >= 0) p = c->m[c->mid[p - 1]].t0 - 1;
            if (p > a && in_set(c, "det", p)) p--;
            if (is_w(c, p, "of") && m->tb == KGL_T_ORG && !m->adj && org < 0) org = m->ent;
            k = m->t1 - 1;
            continue;
        }
        role |= in_set(c, "rolenoun", k) || in_set(c, "personnoun", k) || is_w(c, k, "member");
        several |= is_w(c, k, "member") || is_w(c, k, "deputy") || is_w(c, k, "vice");
    }
    if (!role) return;
    c->lede_stmt[0] = stmt, c->nlede = 1, c->lede_s = s, c->lede_org = several ? org : -1;
}

/* The next speaker after a lede, introduced there (first named in that sentence)
** and at most a paragraph later: the lede's speaker (rule say.lede) and a member of
** the organisation it named (member.lede). Any speaker ends the lede. */
static void lede_speaker(ctx *c, int speaker)
{
    const kgl_sent *l = c->lede_s;
    int n = c->nlede;
    c->nlede = 0;
    if (!n || l == c->s || c->s->para - l->para > 1 || l->section != c->s->section ||
        strcmp(c->r->ent[speaker].type, "person"))
        return;
    int first = -1;
    for (int i = 0; i < c->nm && first < 0; i++)
        if (c->m[i].ent == speaker) {
            if (c->m[i].t0 < c->s->t0) return; /* named before: not the one introduced */
            first = c->m[i].t0;
        }
    /* "President X said": a title of its own, maybe another office than the lede's */
    int b = first - 1;
    if (b >= c->s->t0 && (in_set(c, "honorific", b) || in_set(c, "personnoun", b) ||
                          in_set(c, "rolenoun", b) || c->mid[b] >= 0))
        return;
    for (int k = 0; k < n; k++)
        kgl_result_fact(c->r, speaker, "said", c->lede_stmt[k], l->s, l->e, c->date, 0.7f,
                        "say.lede");
    if (c->lede_org >= 0)
        kgl_result_fact(c->r, speaker, "member-of", c->lede_org, l->s, l->e, c->date, 0.7f,
                        "member.lede");
}

/* The speaker of this sentence's statement or denial is the last speaker: "he said"
** and a quote without attribution after it go to him. */
void kglx_note_speaker(ctx *c, int speaker)
{
    c->last_speaker = speaker;
    c->speaker_para = c->s->para;
    c->person_since = 0;
}

static void said(ctx *c, int speaker, int stmt, const char *rule)
{
    if (stmt < 0) return;
    if (speaker >= 0) {
        kgl_result_fact(c->r, speaker, "said", stmt, c->s->s, c->s->e, c->date, 0.8f, rule);
        kglx_note_speaker(c, speaker);
        lede_speaker(c, speaker);
    }
}

/* Tokens [a, b) only say when, where or to whom something was said: "on Friday",
** "reporters in Kyiv", "the BBC in an interview" ("X told reporters on Friday: “…”");
** a name only as the audience right after the verb or a place after "in" / "at",
** and never a determiner last. */
static int setting_only(ctx *c, int a, int b)
{
    int said = 0;
    if (b <= a || in_set(c, "det", b - 1)) return 0;
    for (int k = a; k < b; k++) {
        if (c->mid[k] >= 0 && !(c->m[c->mid[k]].tb & KGL_T_STATEMENT) &&
            (k == a || (k == a + 1 && in_set(c, "det", a)) ||
             (k > a && (is_w(c, k - 1, "in") || is_w(c, k - 1, "at")) &&
              (c->m[c->mid[k]].tb & (KGL_T_PLACE | KGL_T_COUNTRY))))) { /* "in Kyiv" */
            k = c->m[c->mid[k]].t1 - 1;
            continue;
        }
        int w = in_set(c, "timeword", k) || in_set(c, "month", k) || in_set(c, "audience", k) ||
                in_set(c, "speechtitle", k) || is_w(c, k, "interview") ||
                isdigit((unsigned char)c->d->text[TOK(k).s]);
        said |= w;
        if (!(w || in_set(c, "det", k) || is_w(c, k, "on") || is_w(c, k, "in") ||
              is_w(c, k, "at") || is_w(c, k, "late") || is_w(c, k, "early") || is_w(c, k, "last") ||
              is_w(c, k, "earlier") || in_set(c, "adverb", k)))
            return 0;
    }
    return said;
}

/* The end of words at t, after a verb of saying, that only say when or how it was
** said ("said on Friday its troops ...", "said last week that", "said earlier this
** month in a statement that"): the clause starts after them. Only where what follows
** opens a clause ("that", a comma, a determiner, a pronoun, a name); t when there are
** none. */
static int setting_end(ctx *c, int t)
{
    const kgl_sent *s = c->s;
    int best = t;
    if (c->mid[t] >= 0) return t; /* a name right after the verb is the clause's subject */
    for (int e = t + 1; e < s->t1 && e <= t + 8; e++) {
        int last = e - 1; /* the phrase ends in a word of time or setting, or a name */
        if (c->inq[last] >= 0 || is_quote_mark(c, last)) break;
        if (!((c->mid[last] >= 0 && c->m[c->mid[last]].t1 == e) || in_set(c, "timeword", last) ||
              in_set(c, "month", last) || in_set(c, "speechtitle", last) ||
              is_w(c, last, "interview") || isdigit((unsigned char)c->d->text[TOK(last).s])))
            continue;
        int n = e; /* what follows opens a clause */
        if (!(is_w(c, n, "that") || is_p(c, n, ",") || in_set(c, "det", n) ||
              in_set(c, "pronoun", n) || is_w(c, n, "it") || is_w(c, n, "they") ||
              is_w(c, n, "we") || (c->mid[n] >= 0 && !c->m[c->mid[n]].adj)))
            continue;
        if (setting_only(c, t, e)) best = e;
    }
    return best;
}

/* The first token after a dateline that opens the sentence ("BOGOTA - ", "GOMA, March 3
** (Newswire) - "): a place in capitals, then only a date, an agency in brackets and
** a dash; the sentence's first token when there is none. */
int kglx_dateline_end(ctx *c)
{
    const kgl_sent *s = c->s;
    int k = s->t0, paren = 0;
    if (!TOK(k).upper || TOK(k).e - TOK(k).s < 3) return s->t0;
    for (; k < s->t1 && k < s->t0 + 12; k++) {
        if (is_p(c, k, "-") || is_p(c, k, "\xE2\x80\x93") || is_p(c, k, "\xE2\x80\x94"))
            return k + 1 < s->t1 && !paren ? k + 1 : s->t0;
        if (is_p(c, k, "("))
            paren = 1;
        else if (is_p(c, k, ")"))
            paren = 0;
        else if (!(paren || TOK(k).upper || is_p(c, k, ",") || in_set(c, "month", k) ||
                   isdigit((unsigned char)c->d->text[TOK(k).s])))
            return s->t0;
    }
    return s->t0;
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
        if (kglx_rule_at(c, KGL_R_SPEECH, k, &ru, NULL) && !ru->needquote) {
            *verbtok = k;
            int n = 0;
            if (k > t) n = kglx_subject_of(c, k, KGL_T_ACTOR, out, cap);
            if (!n) {
                /* "said X", "said U.S. Army Gen. X": a person named in the words after the verb
                 * first */
                for (int q = k + 1;
                     q < s->t1 && q < k + 8 && !is_clause_end(c, q) && !is_p(c, q, ","); q++)
                    if (c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_PERSON) {
                        out[n++] = c->m[c->mid[q]].ent;
                        break;
                    }
                int mi = n ? -1 : kglx_object_from(c, k + 1, 4, KGL_T_ACTOR, 0);
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
        if (in_set(c, "honorific", k) || in_set(c, "personnoun", k) || in_set(c, "prep", k) ||
            names == 2)
            break;
        if (TOK(k).e - TOK(k).s > 2 || !strchr(c->d->text + TOK(k).s, '.')) names++;
        st = k;
    }
    if (names == 0 || (names == 1 && TOK(st).e - TOK(st).s <= 1)) return -1;
    char buf[256];
    size_t bl =
        kglx_title_case(c->d->text + TOK(st).s, TOK(colon - 1).e - TOK(st).s, buf, sizeof buf);
    char *n = kgl_norm(buf, bl);
    int a = kgl_lex_find(c->lx, n);
    free(n);
    if (a >= 0 && !strcmp(c->lx->ent[c->lx->al[a].entry].type, "person")) {
        const kgl_dentry *de = &c->lx->ent[c->lx->al[a].entry];
        int e = kgl_result_entity(c->r, de->type, de->canon, strlen(de->canon));
        c->r->ent[e].dict = c->lx->al[a].entry;
        return e;
    }
    int e = kglx_find_short(c, NORM(colon - 1));
    if (e >= 0 && !strcmp(c->r->ent[e].type, "person")) return e;
    if (names < 2)
        return -1; /* "MR. KIRBY:" with no Kirby named before: not enough to name a person */
    char *sk = kgl_skel(buf, bl);
    e = *sk ? kglx_same_skeleton(c, "person", sk) : -1;
    free(sk);
    if (e < 0) e = kgl_result_entity(c->r, "person", buf, bl);
    kgl_result_alias(c->r, e, buf, bl);
    kglx_person_short_names(c, st, colon, e);
    return e;
}

/* Transcripts: a speaker label opens a turn; each paragraph of the turn is one
** statement of its speaker (the label and any quotes inside are not repeated). */
static void turn_statements(ctx *c)
{
    const kgl_sent *s = c->s;
    if (s > c->d->sent && s[-1].para == s->para)
        return; /* not the first sentence of its paragraph */
    /* a headline "Remarks / Explanation of Vote / Statement by [Amb.] X": the text is X's speech */
    if (s->para == 0) {
        int speechtitle = 0;
        for (int k = s->t0; k < s->t1; k++) {
            speechtitle |= in_set(c, "speechtitle", k);
            if (speechtitle && is_w(c, k, "by")) {
                int mi = kglx_object_from(c, k + 1, 4, KGL_T_PERSON, 1);
                if (mi >= 0) c->turn = c->doc_turn = c->m[mi].ent;
                return;
            }
        }
    }
    /* "— X, ROLE" under a quote paragraph: a pull quote attributed by a dash line */
    const char *d0 = c->d->text + TOK(s->t0).s;
    if (TOK(s->t0).punct &&
        (!memcmp(d0, "\xE2\x80\x94", 3) || !memcmp(d0, "\xE2\x80\x93", 3) || *d0 == '-')) {
        int k = s->t0 + 1;
        if (k < s->t1 && c->mid[k] >= 0 && c->m[c->mid[k]].tb == KGL_T_PERSON && s > c->d->sent) {
            int person = c->m[c->mid[k]].ent;
            const kgl_sent *p = s - 1;
            while (p > c->d->sent && p[-1].para == p->para)
                p--; /* the first sentence of the paragraph before */
            const kgl_sent *save = c->s;
            c->s = p; /* the token tests look within the current sentence */
            int quoted = p->para == s->para - 1 && p->t0 + 1 < p->t1 && c->inq[p->t0 + 1] >= 0 &&
                         is_quote_mark(c, p->t0);
            c->s = save;
            if (quoted) {
                const quote *q = &c->q[c->inq[p->t0 + 1]];
                int st = kglx_make_statement(c, TOK(q->t0).s, TOK(q->t1 - 1).e);
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
    while (e + 1 < c->d->sent + c->d->nsent && e[1].para == s->para)
        e++;
    int words = 0;
    for (int k = colon >= 0 ? colon + 1 : s->t0; k < e->t1 && words < 8; k++)
        words += !TOK(k).punct;
    if (c->turn < 0 || words < 8) return;
    if (colon < 0) { /* narration in a turn: a caption naming the speaker, "(Source: ...)" */
        if (is_p(c, s->t0, "(") || is_p(c, s->t0, "[")) return;
        for (int k = s->t0; k < e->t1; k++)
            if (c->mid[k] >= 0 && c->m[c->mid[k]].ent == c->turn) return;
    }
    int st = kglx_make_statement(c, from, e->e);
    said(c, c->turn, st, "say.turn");
}

/* Whether tokens [t0, t1) hold a verb, so they can state something: a form of
** be, have, do or a modal; a past or participle form of a verb (killed, fled,
** struck: WordNet gives another lemma); a word of a verb, speech, denial or
** vote rule; -s forms only right after a name or pronoun ("Russia controls"),
** -ing forms never, nor a word after a determiner or preposition ("the
** attack sites"). "A map of the front lines" (the caption of a picture) has none. */
static int has_verb(ctx *c, int t0, int t1)
{
    static const int kinds[] = {KGL_R_VERB, KGL_R_PASSIVE, KGL_R_SPEECH, KGL_R_DENY, KGL_R_VOTE};
    for (int k = t0; k < t1; k++) {
        if (TOK(k).punct) continue;
        if (in_set(c, "be", k) || in_set(c, "auxverb", k) || in_set(c, "modal", k) ||
            in_set(c, "negation", k))
            return 1;
        const char *w = NORM(k);
        size_t wl = strlen(w);
        int s_form = wl && w[wl - 1] == 's', ing = wl > 3 && !strcmp(w + wl - 3, "ing");
        if (ing) continue;
        if (k > t0 && (in_set(c, "det", k - 1) || in_set(c, "prep", k - 1))) continue; /* a noun */
        if (s_form && !(k > t0 && (c->mid[k - 1] >= 0 || in_set(c, "pronoun", k - 1)))) continue;
        char vb[KGL_LEMMA_MAX];
        const char *vl = kgl_lemma(w, KGL_POS_VERB, vb, sizeof vb);
        if (vl && strcmp(vl, w)) return 1;
        for (size_t q = 0; q < sizeof kinds / sizeof *kinds; q++)
            if (kglx_rule_at(c, kinds[q], k, NULL, NULL)) return 1;
    }
    return 0;
}

/* Does "that" follow right at t (after commas)? */
static int had_that_before(ctx *c, int t)
{
    while (t < c->s->t1 && is_p(c, t, ","))
        t++;
    return is_w(c, t, "that");
}

void kglx_statements(ctx *c)
{
    const kgl_sent *s = c->s;
    int sent_speaker = -1;
    turn_statements(c);
    /* 1. direct quotes that start in this sentence (quotes are in text order) */
    int q0 = 0, qn = c->nq;
    while (q0 < qn) {
        int mid = (q0 + qn) / 2;
        if (c->q[mid].open < s->t0)
            q0 = mid + 1;
        else
            qn = mid;
    }
    /* a quote that opened in an earlier sentence of the paragraph and closes in this one
    ** was left for this sentence, whose names are now known: "“A. B,” X said" */
    if (q0 > 0 && !c->q[q0 - 1].used && c->q[q0 - 1].close >= s->t0 && c->q[q0 - 1].close < s->t1)
        q0--;
    for (int qi = q0; qi < c->nq && c->q[qi].open < s->t1; qi++) {
        quote *q = &c->q[qi];
        if (q->used) continue;
        /* the sentence where the quote opens (this one unless it was left for this one) */
        const kgl_sent *os = s;
        int later = q->open < s->t0; /* left by its opening sentence for this one */
        if (later)
            while (os > c->d->sent && os->t0 > q->open)
                os--;
        int spans = !later && q->close >= s->t1; /* closes in a later sentence */
        /* 'a statement titled "X"', 'a report entitled "X"': a title, not a claim */
        if (q->open > s->t0 &&
            (is_w(c, q->open - 1, "titled") || is_w(c, q->open - 1, "entitled") ||
             is_w(c, q->open - 1, "headlined") || is_w(c, q->open - 1, "headed"))) {
            q->used = 1;
            continue;
        }
        int words = 0;
        for (int k = q->t0; k < q->t1; k++)
            words += !TOK(k).punct;
        int spk[8], ns = 0, vt = -1;
        const char *rule = "say.quote.after";
        {
            int emb = 0;
            for (int k = s->t0; k < q->open - 2; k++)
                if (c->inq[k] < 0 && c->mid[k] < 0 && !TOK(k).punct &&
                    kglx_rule_at(c, KGL_R_SPEECH, k, NULL, NULL) && strcmp(NORM(k), "according")) {
                    int adj = k + 1, e = q->open;
                    while (adj < q->open &&
                           (is_p(c, adj, ",") || is_p(c, adj, ":") || is_w(c, adj, "that")))
                        adj++;
                    while (e > adj && (is_p(c, e - 1, ",") || is_p(c, e - 1, ":")))
                        e--; /* "said on Monday: “…”": not a quote inside the clause */
                    if (adj < q->open && !setting_only(c, adj, e)) emb = 1;
                }
            if (emb) continue;
        }
        /* "X “requested that ...,” AFP reports": the quote runs on from X's name; X said it */
        if (q->open - 1 >= s->t0 && c->mid[q->open - 1] >= 0 &&
            c->m[c->mid[q->open - 1]].tb == KGL_T_PERSON) {
            spk[ns++] = c->m[c->mid[q->open - 1]].ent;
            rule = "say.quote.name";
        }
        /* after the quote */
        if (!ns && !spans && q->close + 1 < c->d->ntok) {
            const kgl_sent *save = c->s;
            /* the attribution may sit in the sentence where the quote ends */
            int lo = 0, hi = c->d->nsent;
            while (lo < hi) { /* the last sentence starting at or before the mark */
                int mid = (lo + hi) / 2;
                if (c->d->sent[mid].t0 <= q->close)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo > 0 && q->close < c->d->sent[lo - 1].t1) c->s = &c->d->sent[lo - 1];
            ns = speaker_after(c, q->close + 1, spk, 8, &vt);
            c->s = save;
        }
        /* before the quote: X said: "..." / X said, "..." / saying "..." */
        if (!ns) {
            int k = q->open - 1;
            while (k >= s->t0 && (is_p(c, k, ",") || is_p(c, k, ":") || is_w(c, k, "that")))
                k--;
            const kgl_rule *ru = NULL;
            for (int st = k; st >= s->t0 && st >= k - 7; st--) {
                int n = kglx_rule_at(c, KGL_R_SPEECH, st, &ru, NULL);
                if (n && (st + n - 1 >= k - 1 || setting_only(c, st + n, k + 1))) {
                    if (in_set(c, "speechpart", st) && sent_speaker >= 0)
                        spk[ns++] = sent_speaker;
                    else if (in_set(c, "speechpart", st) && c->last_speaker >= 0)
                        spk[ns++] = c->last_speaker;
                    else
                        ns = kglx_subject_of(c, st, KGL_T_ACTOR, spk, 8);
                    rule = ru->id;
                    break;
                }
            }
        }
        /* "X writes:" closing the paragraph before a quote paragraph: X speaks it */
        if (!ns && !later && q->open == s->t0 && s > c->d->sent && s[-1].para < s->para) {
            const kgl_sent *p = s - 1;
            c->s = p; /* the token tests look within the current sentence */
            const kgl_rule *ru = NULL;
            for (int st = p->t1 - 2;
                 is_p(c, p->t1 - 1, ":") && st >= p->t0 && st >= p->t1 - 4 && !ns; st--) {
                int n = kglx_rule_at(c, KGL_R_SPEECH, st, &ru, NULL);
                if (n && st + n >= p->t1 - 2 && !in_set(c, "speechpart", st) && !ru->needquote &&
                    strcmp(NORM(st), "according")) {
                    ns = kglx_subject_of(c, st, KGL_T_ACTOR, spk, 8);
                    rule = "say.quote.colon";
                }
            }
            c->s = s;
        }
        if (!ns && spans) continue;     /* attributed where it closes, once its names are known */
        if (!ns && words < 4) continue; /* scare quotes, titles */
        if (!ns && (vt < s->t0 || vt >= s->t1)) {
            /* a quote paragraph continuing the last speaker's words (not when an attribution in
            ** the sentence where it closes names nobody we know: "“…,” the coalition said") */
            if (q->open == os->t0 && c->last_speaker >= 0 && !c->person_since &&
                os->para - c->speaker_para <= 2) {
                spk[ns++] = c->last_speaker;
                rule = "say.quote.carry";
            }
        }
        q->used = 1;
        int st = kglx_make_statement(c, TOK(q->t0).s, TOK(q->t1 - 1).e);
        for (int k = 0; k < ns; k++)
            said(c, spk[k], st, rule);
        if (ns) sent_speaker = spk[0];
    }
    /* "It was reported, citing a statement from X, that CLAUSE", "CLAUSE, AFP said, citing
    ** X": X is the source of the clause (rule say.citing) */
    for (int a = s->t0 + 1; a < s->t1; a++) {
        if (!is_w(c, a, "citing") || c->inq[a] >= 0 || !is_p(c, a - 1, ",")) continue;
        int mi = kglx_object_from(c, a + 1, 9, KGL_T_ACTOR, 0);
        if (mi < 0) continue;
        int anon = 0;
        for (int k = a + 1; k < c->m[mi].t0; k++)
            anon |= in_set(c, "anonymous", k);
        if (anon) continue;
        int e = c->m[mi].t1; /* the end of the citing phrase: "(JFO)" may follow the name */
        if (is_p(c, e, "(")) {
            while (e < s->t1 && !is_p(c, e, ")"))
                e++;
            e++;
        }
        uint32_t b0 = 0, b1 = 0;
        if (is_p(c, e, ",") && is_w(c, e + 1, "that") && e + 2 < s->t1)
            b0 = TOK(e + 2).s, b1 = s->e; /* ", citing X, that CLAUSE" */
        else if (e >= s->t1 || is_clause_end(c, e)) {
            /* "CLAUSE, citing X": the clause before the comma, without a closing attribution
            ** ("..., AFP said, citing X") */
            int q = a - 1;
            for (int k = a - 2; k > s->t0 && k > a - 6; k--)
                if (is_p(c, k, ",")) {
                    int sp = 0;
                    for (int k2 = k + 1; k2 < a - 1; k2++)
                        sp |= kglx_rule_at(c, KGL_R_SPEECH, k2, NULL, NULL) != 0;
                    if (sp) q = k;
                    break;
                }
            if (q - s->t0 < 4 || c->inq[s->t0] >= 0 || is_quote_mark(c, s->t0)) continue;
            b0 = s->s, b1 = TOK(q).s;
        } else
            continue;
        int st = kglx_make_statement(c, b0, b1);
        said(c, c->m[mi].ent, st, "say.citing");
        break;
    }
    /* "as X thinks, CLAUSE", "as the minister noted, CLAUSE", "CLAUSE, as X put it": X's view */
    for (int a = s->t0; a < s->t1; a++) {
        if (!is_w(c, a, "as") || c->inq[a] >= 0 ||
            (a > s->t0 && !is_p(c, a - 1, ",") && !is_w(c, a - 1, "and") && a != s->t0))
            continue;
        int v = a + 1;
        while (v < s->t1 && v < a + 10 && !TOK(v).punct && c->inq[v] < 0 &&
               !(c->mid[v] < 0 &&
                 (kglx_rule_at(c, KGL_R_SPEECH, v, NULL, NULL) || is_w(c, v, "thinks") ||
                  is_w(c, v, "believes") || is_w(c, v, "thought") || is_w(c, v, "believed"))))
            v = c->mid[v] >= 0 ? c->m[c->mid[v]].t1 : v + 1;
        if (v >= s->t1 || v == a + 1 || TOK(v).punct || c->inq[v] >= 0 ||
            !strcmp(NORM(v), "according"))
            continue;
        int after = v + 1;
        uint32_t b0, b1;
        if (is_p(c, after, ",") && after + 1 < s->t1 && !is_clause_end(c, after + 1)) {
            b0 = TOK(after + 1).s, b1 = s->e; /* "as X thinks, CLAUSE" */
        } else if ((after >= s->t1 || is_clause_end(c, after)) && a > s->t0 + 3 &&
                   is_p(c, a - 1, ",")) {
            b0 = s->s, b1 = TOK(a - 1).s; /* "CLAUSE, as X noted." */
        } else
            continue;
        int spk[4], ns = kglx_subject_of(c, v, KGL_T_ACTOR, spk, 4);
        if (ns <= 0) continue;
        int m0 = -1; /* the speaker is named between "as" and the verb */
        for (int k = a + 1; k < v && m0 < 0; k++)
            if (c->mid[k] >= 0 && c->m[c->mid[k]].ent == spk[0]) m0 = k;
        if (m0 < 0) continue;
        int st = kglx_make_statement(c, b0, b1);
        for (int k = 0; k < ns; k++)
            said(c, spk[k], st, "say.as");
        break;
    }
    /* 2. reported speech: X said (that) ...; participles; according to X */
    for (int i = s->t0; i < s->t1; i++) {
        if (c->inq[i] >= 0 || TOK(i).punct || c->mid[i] >= 0) continue;
        const kgl_rule *ru = NULL;
        int n = kglx_rule_at(c, KGL_R_SPEECH, i, &ru, NULL);
        if (n && !strcmp(NORM(i), "according")) {
            int mi = -1; /* "according to Sputnik and RT Editor-in-Chief X": the person the titles
                            name */
            for (int q = i + n;
                 q < s->t1 && q < i + n + 9 && !is_clause_end(c, q) && !is_p(c, q, ","); q++)
                if (c->mid[q] >= 0 && c->m[c->mid[q]].tb == KGL_T_PERSON) {
                    mi = c->mid[q];
                    break;
                }
            if (mi < 0) mi = kglx_object_from(c, i + n, 5, KGL_T_ACTOR, 0);
            if (mi < 0) continue;
            int anon = 0;
            for (int k = i + n; k < c->m[mi].t0; k++)
                anon |= in_set(c, "anonymous", k);
            if (anon) continue;
            mention *m = &c->m[mi];
            uint32_t a, b;
            if (i == s->t0) { /* According to X, CLAUSE */
                int k = m->t1;
                while (k < s->t1 && !is_p(c, k, ","))
                    k++;
                if (k >= s->t1) continue;
                a = TOK(k).e, b = s->e;
            } else {
                /* "A map of the front, according to X": a caption names no claim */
                if (!has_verb(c, s->t0, i)) continue;
                a = s->s, b = TOK(i - 1).s;
            }
            if (c->inq[i + n] >= 0) continue;
            int st = kglx_make_statement(c, a, b);
            said(c, m->ent, st, ru->id);
            continue;
        }
        if (!n) continue;
        { /* "the five states that border Lake Chad": a plural noun, not a verb of saying */
            char nb[KGL_LEMMA_MAX];
            const char *nl = kgl_lemma(NORM(i), KGL_POS_NOUN, nb, sizeof nb);
            if (nl && strcmp(nl, NORM(i)) && i > s->t0 &&
                (in_set(c, "det", i - 1) || isdigit((unsigned char)c->d->text[TOK(i - 1).s]) ||
                 in_set(c, "numberword", i - 1)))
                continue;
            /* "the Baltic states have asked", "the reports were": a plural noun before a verb */
            if (nl && strcmp(nl, NORM(i)) && i + 1 < s->t1 &&
                (in_set(c, "auxverb", i + 1) || in_set(c, "be", i + 1) ||
                 in_set(c, "modal", i + 1)))
                continue;
        }
        /* "X was said to have ...", "X was told that ...": X is spoken of or to, not a speaker */
        if (i > s->t0 && in_set(c, "be", i - 1) && !in_set(c, "speechpart", i)) continue;
        int after = i + n;
        /* "said" right after a closing quote is an attribution handled above */
        int k = i - 1;
        while (k >= s->t0 && !TOK(k).punct &&
               (c->mid[k] >= 0 || in_set(c, "det", k) || in_set(c, "pronoun", k) ||
                in_set(c, "rolenoun", k) || in_set(c, "skipadj", k))) {
            if (c->mid[k] >= 0)
                k = c->m[c->mid[k]].t0 - 1;
            else
                k--;
        }
        if (k >= s->t0 && (is_quote_mark(c, k) || (is_p(c, k, ",") && is_quote_mark(c, k - 1))))
            continue;
        if (k >= s->t0 && is_p(c, k, ",") && k - 1 >= s->t0 && is_quote_mark(c, k - 1)) continue;
        if (kglx_modal_before(c, i) && !in_set(c, "speechpart", i)) continue;
        /* final attribution without quotes: "CLAUSE, X said." */
        int rest = after;
        /* "CLAUSE, X told reporters / told the BBC." */
        if (in_set(c, "objspeech", i)) {
            if (is_w(c, rest, "the") && (in_set(c, "audience", rest + 1) || c->mid[rest + 1] >= 0))
                rest++;
            if (c->mid[rest] >= 0)
                rest = c->m[c->mid[rest]].t1;
            else if (in_set(c, "audience", rest))
                rest++;
        }
        while (rest < s->t1 && (in_set(c, "adverb", rest) || in_set(c, "timeword", rest)))
            rest++;
        /* "CLAUSE, X said in a statement / on Tuesday / in an interview with Y." */
        if ((is_w(c, rest, "in") || is_w(c, rest, "on")) && rest + 1 < s->t1) {
            int q = rest + 1, words = 0;
            while (q < s->t1 && !is_clause_end(c, q) && !is_p(c, q, ",") && !is_w(c, q, "that") &&
                   c->inq[q] < 0 && words < 6)
                q++, words++;
            if (q >= s->t1 || (is_clause_end(c, q) && !is_p(c, q, ":"))) rest = q;
        }
        int at_end =
            rest >= s->t1 || (is_clause_end(c, rest) && !(is_p(c, rest, ":") && rest + 1 < s->t1));
        int spk[8], ns = 0;
        if (at_end) {
            if (in_set(c, "speechpart", i)) continue;
            /* the clause is before the comma preceding the speaker */
            int cm = i - 1;
            while (cm > s->t0 && !is_p(c, cm, ","))
                cm--;
            if (cm <= s->t0) continue;
            if (c->inq[cm - 1] >= 0 || is_quote_mark(c, cm - 1)) continue;
            /* "“…,” the spokesman, Colonel X, said": the quote is the statement (made above) */
            if (is_quote_mark(c, s->t0) && c->inq[s->t0 + 1] >= 0 && c->q[c->inq[s->t0 + 1]].used)
                continue;
            /* the speaker stands between that comma and the verb ("…, the coalition said" names
            ** nobody we know: not the last actor of the clause) */
            int named = 0;
            for (int k2 = cm + 1; k2 < i && !named; k2++)
                named = (c->mid[k2] >= 0 && !c->m[c->mid[k2]].adj) || in_set(c, "pronoun", k2) ||
                        in_set(c, "rolenoun", k2);
            if (!named) continue;
            { /* the speaker is between the comma and the verb, never in the clause */
                kgl_sent tail = *s;
                tail.t0 = cm + 1;
                c->s = &tail;
                ns = kglx_subject_of(c, i, KGL_T_ACTOR, spk, 8);
                c->s = s;
            }
            if (!ns) continue;
            int st = kglx_make_statement(c, TOK(kglx_dateline_end(c)).s, TOK(cm).s);
            for (int a = 0; a < ns; a++)
                said(c, spk[a], st, ru->id);
            continue;
        }
        /* "CLAUSE, said X." (inverted): X speaks the clause before the comma */
        if (is_p(c, i - 1, ",") && i - 2 > s->t0 && !strcmp(ru->id, "say.verb") &&
            !in_set(c, "namingverb", i)) {
            int q = after;
            while (q < s->t1 && c->mid[q] < 0 &&
                   (in_set(c, "honorific", q) || in_set(c, "det", q) || in_set(c, "rolenoun", q) ||
                    in_set(c, "personnoun", q) || in_set(c, "skipadj", q)))
                q++;
            if (q < s->t1 && c->mid[q] >= 0 && (c->m[c->mid[q]].tb & KGL_T_ACTOR) &&
                !c->m[c->mid[q]].adj) {
                int e = c->m[c->mid[q]].t1;
                if (e >= s->t1 || is_clause_end(c, e) || is_p(c, e, ",")) {
                    if (c->inq[i - 2] < 0 && !is_quote_mark(c, i - 2)) {
                        int st = kglx_make_statement(c, TOK(kglx_dateline_end(c)).s, TOK(i - 1).s);
                        said(c, c->m[c->mid[q]].ent, st, ru->id);
                    }
                    continue;
                }
            }
        }
        /* X said [to Y] [that] CLAUSE */
        int t = after;
        if (is_w(c, t, "to") && c->mid[t + 1] >= 0) t = c->m[c->mid[t + 1]].t1;
        if (ru && !strcmp(ru->rel, "said") && c->mid[t] >= 0 &&
            !(c->m[c->mid[t]].tb & KGL_T_STATEMENT) && in_set(c, "objspeech", i))
            t = c->m[c->mid[t]].t1;
        /* "warned rebels to surrender", "urged X to leave": a directive, not a statement */
        if (in_set(c, "objspeech", i) && !had_that_before(c, after)) {
            int q = t;
            while (q < s->t1 && q < t + 12 && !is_w(c, q, "that") && !is_clause_end(c, q) &&
                   !is_w(c, q, "to") && !in_set(c, "be", q) && !in_set(c, "modal", q) &&
                   !in_set(c, "auxverb", q))
                q++; /* "told X to leave" (a directive); not "told X the government was unable to
                        ..." */
            int quoted = 0; /* "asked parliament to take “urgent measures”" keeps its quote */
            for (int k2 = t; k2 < s->t1 && !quoted; k2++)
                quoted = c->inq[k2] >= 0;
            if (is_w(c, q, "to") && q + 1 < s->t1 && c->mid[q + 1] < 0 && !TOK(q + 1).cap &&
                !in_set(c, "det", q + 1) && !quoted)
                continue;
            /* "asked X to “get the bridge repaired …”", "told X to stay out or “its soldiers
            ** will pay …”": what is said is the quote */
            if (is_w(c, q, "to") && quoted) {
                int k2 = q + 1;
                while (k2 < s->t1 && c->inq[k2] < 0)
                    k2++;
                if (k2 < s->t1 && is_quote_mark(c, k2 - 1)) t = k2 - 1;
            }
        }
        if (is_w(c, t, "the") && in_set(c, "audience", t + 1))
            t += 2;
        else if (in_set(c, "objspeech", i) && in_set(c, "audience", t))
            t++;
        else if (in_set(c, "objspeech", i) && c->mid[t] < 0 &&
                 (TOK(t).cap || (is_w(c, t, "the") && TOK(t + 1).cap))) {
            /* "told The Guardian the government ...": the outlet is the audience */
            if (is_w(c, t, "the")) t++;
            while (t < s->t1 && TOK(t).cap && !TOK(t).punct)
                t++;
        }
        /* "X told parliament in Yerevan.": an addressee and a setting, no clause */
        if (in_set(c, "objspeech", i) && !has_verb(c, t, s->t1)) continue;
        int had_that = 0;
        for (;;) {
            while (t < s->t1 && (is_w(c, t, "that") || is_p(c, t, ",") || is_p(c, t, ":") ||
                                 in_set(c, "adverb", t) || in_set(c, "timeword", t)))
                had_that |= is_w(c, t, "that"), t++;
            /* "said on Friday its troops …", "said last week that …" */
            int se = setting_end(c, t);
            if (se > t) {
                t = se;
                continue;
            }
            /* "said (effectively) that": an adverb in brackets */
            if (is_p(c, t, "(") && t + 2 < s->t1 && is_p(c, t + 2, ")") && !TOK(t + 1).punct &&
                c->mid[t + 1] < 0 && (in_set(c, "adverb", t + 1) || is_w(c, t + 3, "that"))) {
                t += 3;
                continue;
            }
            break;
        }
        if (t >= s->t1) continue;
        if (in_set(c, "speechpart", t) && !had_that)
            continue; /* "X said, describing that ...": the participle's */
        if (is_quote_mark(c, t) && c->inq[t + 1] >= 0 && c->q[c->inq[t + 1]].used) continue;
        if ((in_set(c, "claimverb", i) || in_set(c, "claimnoun", i) || in_set(c, "npverb", i)) &&
            !had_that && c->inq[t] < 0 && !is_quote_mark(c, t)) {
            /* "claimed the attack", "declared itself X", "declared the road closed": an object, not
             *a
             ** clause. Without "that" the clause needs a finite verb ("claimed X is ...") */
            int fin = 0;
            for (int k2 = t; k2 < s->t1 && !fin && !is_clause_end(c, k2) && !is_p(c, k2, ","); k2++)
                fin = in_set(c, "be", k2) || in_set(c, "modal", k2) || in_set(c, "negation", k2) ||
                      in_set(c, "auxverb", k2) ||
                      /* "announced, X conducted a raid": a past verb right after a name */
                      (k2 > t && c->mid[k2] < 0 && !TOK(k2).cap && c->mid[k2 - 1] >= 0 &&
                       !c->m[c->mid[k2 - 1]].adj && kglx_past_verb(c, k2));
            if (!fin) continue;
        }
        if (!had_that && c->inq[t] < 0 && !is_quote_mark(c, t)) {
            /* "acknowledged (intentionally) carrying out X", "admitted firing": a gerund names
            ** an act, it states no clause */
            int g = t;
            while (g < s->t1 && !TOK(g).punct && strlen(NORM(g)) > 4 &&
                   !strcmp(NORM(g) + strlen(NORM(g)) - 2, "ly"))
                g++;
            size_t gl = g < s->t1 && !TOK(g).punct ? strlen(NORM(g)) : 0;
            char vb[KGL_LEMMA_MAX];
            const char *vl = gl > 4 && !strcmp(NORM(g) + gl - 3, "ing")
                                 ? kgl_lemma(NORM(g), KGL_POS_VERB, vb, sizeof vb)
                                 : NULL;
            int ce = g + 1; /* "said fighting continued": a gerund subject of a clause */
            while (ce < s->t1 && !is_clause_end(c, ce) && !is_p(c, ce, ","))
                ce++;
            if (vl && strcmp(vl, NORM(g)) && !has_verb(c, g + 1, ce)) continue;
        }
        int pred0 = -1, pred1 = -1; /* a naming verb's predicate without quotes */
        if (ru->needquote) {
            int hasq = 0;
            for (int k2 = t; k2 < s->t1; k2++)
                hasq |= c->inq[k2] >= 0;
            /* "called the strikes a violation of international law", "described the deal as
            ** a betrayal": the predicate after the object is what the naming verb says */
            if (!hasq && in_set(c, "namingverb", i)) {
                int k2 = t, as = 0;
                /* "described footage and photographs of the dead as fake news": the object may
                ** be any noun phrase before "as" */
                for (int q = t; q < s->t1 && q < t + 10; q++) {
                    if (is_w(c, q, "as") && q > t) {
                        k2 = q, as = 1;
                        break;
                    }
                    if (is_clause_end(c, q) || is_p(c, q, ",") || in_set(c, "relword", q) ||
                        c->inq[q] >= 0)
                        break;
                }
                for (; !as && k2 < s->t1 && k2 < t + 8; k2++) {
                    if (is_w(c, k2, "as")) {
                        as = 1;
                        break;
                    }
                    if (k2 > t && (is_w(c, k2, "a") || is_w(c, k2, "an"))) {
                        if (is_prep(c, k2 - 1)) k2 = s->t1; /* "praised X in a statement" */
                        break;
                    }
                    if (is_clause_end(c, k2) || is_p(c, k2, ",") ||
                        (kglx_any_verb_at(c, k2) && !in_set(c, "det", k2 - 1)) ||
                        (k2 == t && !in_set(c, "det", k2) && c->mid[k2] < 0))
                        k2 = s->t1;
                }
                if (k2 < s->t1 && k2 > t) {
                    pred0 = as ? k2 + 1 : k2;
                    pred1 = pred0;
                    while (pred1 < s->t1 && !is_clause_end(c, pred1) && !is_p(c, pred1, ",") &&
                           !is_w(c, pred1, "and"))
                        pred1++;
                    if (pred1 - pred0 < 2 || c->mid[pred0] >= 0 || TOK(pred0).cap ||
                        TOK(pred0).punct)
                        pred0 = -1; /* a predicate noun phrase, not a name */
                }
            }
            if (!hasq && pred0 < 0) continue;
        }
        /* a noun object without "that" (said nothing, told reporters) is fine; "said in a
         * statement" is not a clause */
        if (!had_that && (is_prep(c, t) && !is_w(c, t, "the"))) {
            /* "said in a statement that ..." */
            int k2 = t;
            while (k2 < s->t1 && !is_w(c, k2, "that") && !is_clause_end(c, k2) && !is_p(c, k2, ","))
                k2++;
            if (is_w(c, k2, "that"))
                t = k2 + 1;
            else if (is_p(c, k2, ","))
                t = k2 + 1;
            else
                continue;
        }
        if (!had_that && in_set(c, "det", t) && !is_quote_mark(c, t)) {
            /* "wrote a letter", "said the words": a short noun phrase is an object, not a clause */
            int w = 0, k2 = t;
            for (; k2 < s->t1 && !is_clause_end(c, k2) && !is_p(c, k2, ","); k2++)
                w += !TOK(k2).punct;
            if (w <= 3) continue;
        }
        int denial = 0; /* "X rejected claims that CLAUSE": X denied the clause */
        {
            int d = i - 1;
            while (d > s->t0 && (in_set(c, "det", d) || in_set(c, "skipadj", d) ||
                                 (c->mid[d] >= 0 && c->m[c->mid[d]].adj)))
                d--; /* "rejected the Israeli claims that" */
            denial = (in_set(c, "claimverb", i) || in_set(c, "claimnoun", i)) && d >= s->t0 &&
                     (in_set(c, "denyword", d) || kglx_rule_at(c, KGL_R_DENY, d, NULL, NULL));
            if (denial) i = d; /* the denier is the subject of the deny verb */
        }
        if (in_set(c, "speechpart", i) && i > s->t0 && in_set(c, "be", i - 1)) {
            ns = kglx_subject_of(c, i - 1, KGL_T_ACTOR, spk,
                                 8); /* "the Pentagon is saying that ..." */
        } else if (in_set(c, "speechpart", i)) {
            if (sent_speaker >= 0)
                spk[ns++] = sent_speaker;
            else { /* "X said, describing that ...": the subject of the verb of saying before */
                int k2 = i - 1;
                for (; k2 >= s->t0; k2--)
                    if (!TOK(k2).punct && c->inq[k2] < 0 && c->mid[k2] < 0 &&
                        kglx_rule_at(c, KGL_R_SPEECH, k2, NULL, NULL))
                        break;
                if (k2 >= s->t0 && k2 > i - 4)
                    ns = kglx_subject_of(c, k2, KGL_T_ACTOR, spk, 8);
                else if (k2 < s->t0 && is_p(c, i - 1, ",") && is_w(c, after, "that")) {
                    /* "X briefed reporters on Y, stressing that ...": the subject of the
                    ** sentence, when it is the actor found */
                    ns = kglx_subject_of(c, i, KGL_T_ACTOR, spk, 8);
                    if (ns > 0 && spk[0] != kglx_sentence_subject(c)) ns = 0;
                }
            }
        } else
            ns = kglx_subject_of(c, i, KGL_T_ACTOR, spk, 8);
        /* the clause ends at the sentence end, or before a following ", participle" */
        uint32_t end = s->e;
        for (int k2 = t + 1; k2 < s->t1; k2++) {
            if (c->inq[k2] >= 0) continue;
            if (is_p(c, k2, ",") && k2 + 1 < s->t1 && in_set(c, "speechpart", k2 + 1)) {
                end = TOK(k2).s;
                break;
            }
            /* "..., and added (that) ...", "..., but mentioned ...": the second verb has its own
            ** statement */
            if (is_w(c, k2, "and") || is_w(c, k2, "but")) {
                int v2 = k2 + 1;
                while (v2 < s->t1 && in_set(c, "adverb", v2))
                    v2++;
                const kgl_rule *r2 = NULL;
                if (v2 < s->t1 && kglx_rule_at(c, KGL_R_SPEECH, v2, &r2, NULL) && !r2->needquote &&
                    strcmp(NORM(v2), "according")) {
                    end = TOK(is_p(c, k2 - 1, ",") ? k2 - 1 : k2).s;
                    break;
                }
            }
        }
        /* "called the ceasefire “a paper promise” before leaving": a naming verb says only its
         * quote */
        if (pred0 >= 0) t = pred0, end = TOK(pred1 - 1).e;
        int minw = 2; /* one quoted word is a statement after a naming verb: 'condemned X as
                         "despicable"' */
        if (in_set(c, "namingverb", i))
            for (int k2 = t; k2 < s->t1; k2++)
                if (c->inq[k2] >= 0) {
                    const quote *q = &c->q[c->inq[k2]];
                    t = q->t0;
                    end = TOK(q->t1 - 1).e;
                    minw = 1;
                    break;
                }
        int st = make_statement_n(c, TOK(t).s, end, minw);
        /* the quote inside this clause is covered */
        for (int k2 = t; k2 < s->t1; k2++)
            if (c->inq[k2] >= 0 && TOK(k2).s < end) c->q[c->inq[k2]].used = 1;
        if (denial) {
            for (int a = 0; a < ns; a++) {
                int dup = 0; /* the deny verb's own frame read the clause already */
                for (int f = c->r->nfact - 1; f >= 0 && c->r->fact[f].s == c->s->s && !dup; f--)
                    dup = c->r->fact[f].subj == spk[a] && !strcmp(c->r->fact[f].rule, "deny.verb");
                if (!dup) kglx_emit(c, spk[a], "denied", st, NULL, "deny.claim");
            }
            i = after;
            continue;
        }
        if (ns) {
            for (int a = 0; a < ns; a++)
                said(c, spk[a], st, ru->id);
            sent_speaker = spk[0];
        } else if (st >= 0)
            note_lede(c, st, i);
    }
}
