/*
** extract.h -- internal interface of the extraction core, shared by its files
** (kglx_* prefix; not part of kgl.h): the per-document context, mentions and
** quotes, token tests within the current sentence, and the functions one stage
** calls in another. extract.c: driver, results, rule forms; mentions.c;
** args.c: argument finding; modality.c; frames.c: relation frames; speech.c:
** statements and attribution.
*/
#ifndef KGL_EXTRACT_H
#define KGL_EXTRACT_H

#include <string.h>

#include "kgl.h"

typedef struct mention {
    int t0, t1;     /* token range */
    int ent;        /* result entity */
    int adj;        /* demonym ("Iraqi") */
    unsigned tb;    /* type bit */
    unsigned flags; /* dictionary flags */
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
    mention *m;
    int nm, capm;
    int *mid; /* token -> mention or -1 */
    int *inq; /* token -> quote index or -1 */
    quote *q;
    int nq, capq;
    int last_speaker;     /* entity of the last attributed statement */
    int last_person;      /* entity of the last person mention */
    int speaker_para;     /* paragraph of the last attribution */
    int person_since;     /* a person was named since the last attribution */
    int last_person_para; /* paragraph of last_person */
    int prev_subj;        /* the actor opening the previous sentence (kglx_sentence_subject) */
    int prev_subj_para;   /* its paragraph */
    int prev_subj_plural; /* named by a plural noun ("Chadian authorities") */
    /* titles and role nouns seen with a person in this post ("General X",
    ** "X, the foreign minister"): "the general said" resolves to the last
    ** person seen with that word, and to nobody when there is none */
    const char **role_w;
    int *role_e;
    int *role_c; /* the nation or organisation of the title ("Iraqi Foreign Minister X"), -1 */
    int nrole, caprole;
    /* modality of the facts being emitted (KGL_MOD_*) and their claimant:
    ** the sentence's (hearsay markers) unless a frame sets its own */
    int mod, claimant, smod, sclaimant;
    int turn;       /* speaker of the current transcript turn ("MR. X: ..."), -1 none */
    int doc_turn;   /* the speaker a headline names ("Remarks by X"): kept across dated sections */
    int last_event; /* the last event named in this post ("the Douma attacks"): "denied
                       responsibility" */
    int officials_org; /* the organisation of "ORG officials" in this post, -1 none, -2 the
                          officials of more than one: a later bare "officials said" */
    /* a lede's statement by someone described, not named ("A member of the X committee
    ** said ..."): the person the next sentence introduces as a speaker said it */
    int lede_stmt[4], nlede, lede_org;
    const kgl_sent *lede_s;
    int stmt_src;           /* who issued the statement named last ("a PMU statement", "a
                               statement from X"), -1 none, -2 someone unnamed */
    const kgl_sent *stmt_s; /* its sentence: "The statement said" in the next one */
    int group[8], ngroup; /* the last coordinated subjects ("X, Y and Z carried out ..."): "they" */
    const kgl_sent *group_s; /* their sentence */
    /* short names bound to full names in this document */
    char **sn;
    int *sn_ent;
    int nsn, capsn;
    kgl_hidx snidx; /* short name -> index in sn */
    /* skeletons of the result's entities (cue_mentions in mentions.c joins same-skeleton names) */
    char **skel;
    int nskel, capskel;
    kgl_hidx skidx;    /* (type, skeleton) -> last entity with them */
    const kgl_sent *s; /* current sentence */
    kgl_hidx formidx;  /* first word of a rule form -> rule * 256 + form (kglx_rule_at looks up, not
                          scans) */
    char **lemma;      /* token -> its verb lemma, computed on first use ("" when none) */
    int32_t date;      /* current section date */
} ctx;

/* ---------------------------------------------------------------- token helpers */
#define TOK(i) (c->d->tok[(i)])
#define NORM(i) (c->d->tok[(i)].norm)

static inline int in_set(ctx *c, const char *set, int i)
{
    return i >= c->s->t0 && i < c->s->t1 && !TOK(i).punct && kgl_lex_in(c->lx, set, NORM(i));
}

static inline int is_p(ctx *c, int i, const char *p)
{
    return i >= c->s->t0 && i < c->s->t1 && TOK(i).punct && !strcmp(NORM(i), p);
}

static inline int is_w(ctx *c, int i, const char *w)
{
    return i >= c->s->t0 && i < c->s->t1 && !TOK(i).punct && !strcmp(NORM(i), w);
}

static inline int is_quote_mark(ctx *c, int i)
{
    if (i < c->s->t0 || i >= c->s->t1 || !TOK(i).punct) return 0;
    const char *p = c->d->text + TOK(i).s;
    size_t n = TOK(i).e - TOK(i).s;
    return (n == 1 && *p == '"') ||
           (n == 3 && (!memcmp(p, "\xE2\x80\x9C", 3) || !memcmp(p, "\xE2\x80\x9D", 3)));
}

/* a quote mark of either kind, single ones included (‘Task Force Iraq’) */
static inline int is_any_quote(ctx *c, int i)
{
    if (is_quote_mark(c, i)) return 1;
    if (i < c->s->t0 || i >= c->s->t1 || !TOK(i).punct) return 0;
    const char *p = c->d->text + TOK(i).s;
    size_t n = TOK(i).e - TOK(i).s;
    return (n == 1 && *p == '\'') ||
           (n == 3 && (!memcmp(p, "\xE2\x80\x98", 3) || !memcmp(p, "\xE2\x80\x99", 3)));
}

static inline int is_clause_end(ctx *c, int i)
{
    if (i >= c->s->t1) return 1;
    if (!TOK(i).punct) return 0;
    const char *n = NORM(i);
    return !strcmp(n, ".") || !strcmp(n, ";") || !strcmp(n, ":") || !strcmp(n, "?") ||
           !strcmp(n, "!");
}

static inline unsigned tbit(const char *type)
{
    return kgl_type_bit(type);
}

static inline int is_prep(ctx *c, int i)
{
    return in_set(c, "prep", i);
}

/* ---------------------------------------------------------------- rule forms (extract.c) */
/* Tokens a form of a rule of kind `kind` (0: any) takes at token i, the longest
** form winning; 0 when none. Sets *rule and *form (either may be NULL). */
int kglx_rule_at(ctx *c, int kind, int i, const kgl_rule **rule, const kgl_form **form);
/* A verb of any verb-like rule kind (verb, speech, passive, deny, vote) starts at token i. */
int kglx_any_verb_at(ctx *c, int i);

/* ---------------------------------------------------------------- mentions (mentions.c) */
/* The mentions of the current sentence (dictionary, cue words, events, anaphors). */
void kglx_mentions(ctx *c);
void kglx_add_mention(ctx *c, int t0, int t1, int ent, int adj, unsigned flags);
int kglx_find_short(ctx *c, const char *norm); /* entity bound to a short name, or -1 */
void kglx_clear_short(ctx *c);                 /* a new post: forget the short names */
int kglx_same_skeleton(ctx *c, const char *type, const char *sk);
void kglx_person_short_names(ctx *c, int t0, int t1, int ent);
int kglx_dict_entity(ctx *c, const char *name,
                     unsigned *flags); /* a dictionary organisation, or -1 */
const char *kglx_demonym_of(ctx *c, int entry, char *buf, size_t len);
int kglx_armed_forces(ctx *c, const char *const *names, int n, const char *make, unsigned *flags);
int kglx_demonym_forces(ctx *c, const char *dem, int t, unsigned *flags);
size_t kglx_title_case(const char *x, size_t n, char *buf, size_t len);
int kglx_appos_noun(ctx *c, int t, const char *set);

/* ---------------------------------------------------------------- argument finding (args.c) */
int kglx_past_verb(ctx *c, int t);
void kglx_list_subject(ctx *c);
int kglx_sentence_subject(ctx *c);
void kglx_note_subject(ctx *c);
void kglx_note_sources(ctx *c);
int kglx_is_modifier(ctx *c, const mention *m);
int kglx_object_from(ctx *c, int t, int window, unsigned types, int allow_mod);
int kglx_subject_of(ctx *c, int v, unsigned types, int *out, int cap);
int kglx_coordinated(ctx *c, int mi, unsigned types, int *out, int cap);
int kglx_resolve_pronoun(ctx *c, int i);
void kglx_note_role(ctx *c, int ent, int tok);
int kglx_role_antecedent_org(ctx *c, int k);
int kglx_role_person(ctx *c, int k, int nation);
void kglx_remember_group(ctx *c, const int *subj, int n);

/* ---------------------------------------------------------------- modality (modality.c) */
void kglx_sentence_modality(ctx *c);
int kglx_act_scope(ctx *c, int v, int *who);
int kglx_modal_before(ctx *c, int v);
int kglx_decided_by(ctx *c, int k);
/* Add the fact subj rel obj for the current sentence with the current modality
** and claimant (c->mod, c->claimant; a `denied` fact is asserted), the rule's id
** and confidence (rid and 0.7 without a rule), lower when reported or claimed. */
void kglx_emit(ctx *c, int subj, const char *rel, int obj, const kgl_rule *ru, const char *rid);
void kglx_emit_denied_act(ctx *c, int denier, int actor, const char *rel, int obj);

/* ---------------------------------------------------------------- relation frames (frames.c) */
/* The relation frames of the current sentence; facts get c->mod and c->claimant
** (the sentence's) unless a frame finds its own. */
void kglx_frames(ctx *c);

/* ---------------------------------------------------------------- statements (speech.c) */
void kglx_find_quotes(ctx *c, int t0, int t1); /* quotes of tokens [t0, t1): c->q, c->inq */
int kglx_make_statement(ctx *c, uint32_t s,
                        uint32_t e); /* statement entity of bytes [s, e), or -1 */
void kglx_statements(ctx *c);
void kglx_note_speaker(ctx *c, int speaker); /* the last speaker is now speaker */
int kglx_dateline_end(ctx *c);               /* the first token after a dateline ("KYIV - ") */

#endif
