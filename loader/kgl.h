/*
** kgl.h -- internal interface of the loader (kgl_* prefix): reading and
** cleaning documents, the dictionary and rules ("lexicon"), extraction of
** entities, relations and statements into an in-memory result, fact files,
** and the writer that puts one result into kg through engine/kg.h only.
*/
#ifndef KGL_H
#define KGL_H

#include <stddef.h>
#include <stdint.h>

#include "kg.h"

/* ---------------------------------------------------------------- small helpers */
typedef struct kgl_buf {
    char *p;    /* bytes, always NUL-terminated when non-NULL */
    size_t len; /* bytes used */
    size_t cap; /* bytes allocated */
} kgl_buf;

void kgl_buf_put(kgl_buf *b, const char *s, size_t n);
void kgl_buf_puts(kgl_buf *b, const char *s);
void kgl_buf_putc(kgl_buf *b, char c);
void kgl_buf_printf(kgl_buf *b, const char *fmt, ...);
void kgl_buf_free(kgl_buf *b);
char *kgl_strndup(const char *s, size_t n);
void *kgl_xrealloc(void *p, size_t n); /* aborts on out of memory: tools only */
/* The whole file at path, NUL-terminated ("" when empty), its length in
** *len (may be NULL); NULL with errno set when it cannot be opened or read.
** malloc'ed. */
char *kgl_read_file(const char *path, size_t *len);

/* A hash index from 64-bit key hashes to ints (>= 0), open addressing. The
** caller keeps the keys and checks equality: kgl_hidx_next walks the values
** stored under hash h (start with *pos = KGL_HIDX_START). Zero-initialised is
** empty. Keeps lookups of entities, facts and names linear in document size. */
typedef struct kgl_hidx {
    uint64_t *h; /* hashes */
    int *v;      /* values, -1 = empty slot */
    size_t cap;  /* slots (power of two) */
    size_t n;    /* used */
} kgl_hidx;
#define KGL_HIDX_START ((size_t)-1)
uint64_t kgl_hash(const void *p, size_t n, uint64_t seed);
int kgl_hidx_next(const kgl_hidx *x, uint64_t h, size_t *pos); /* value or -1 when done */
void kgl_hidx_set(kgl_hidx *x, size_t pos, int v);             /* replace the value found at pos */
void kgl_hidx_put(kgl_hidx *x, uint64_t h, int v);             /* add (after a miss) */
void kgl_hidx_clear(kgl_hidx *x);
void kgl_hidx_free(kgl_hidx *x);

/* Normalised form used for dictionary matching: the engine's kg_normalize
** (one normaliser, issue 14) of the text with the periods of initialisms
** removed, so "U.S." is "us" like "US" (util.c). Caller frees; "" for
** invalid UTF-8. */
char *kgl_norm(const char *s, size_t n);
/* Transliteration skeleton: the engine's kg_skeleton of the same text as
** kgl_norm's. Caller frees; "" when none. */
char *kgl_skel(const char *s, size_t n);
/* A line's form for boilerplate and cutoff prefixes: kgl_norm, with every
** symbol (©, $, +) kept as a word. Caller frees. */
char *kgl_line_norm(const char *s, size_t n);

/* ---------------------------------------------------------------- lexicon */
enum kgl_rule_kind {
    KGL_R_VERB = 1, /* active verb: SUBJ verb [prep] OBJ */
    KGL_R_PASSIVE,  /* be + participle + by AGENT: OBJ is left */
    KGL_R_NOUN,     /* AGENT's noun prep OBJ */
    KGL_R_APPOS,    /* PERSON, title of ORG / ORG title PERSON */
    KGL_R_TITLE,    /* head-of-state title: COUNTRY-adj title PERSON -> leads */
    KGL_R_SPEECH,   /* verbs of saying */
    KGL_R_DENY,     /* verbs of denying: SUBJ verb OBJ(event/statement) */
    KGL_R_VOTE,     /* verbs of voting: PARLIAMENT verb [OBJ] */
    KGL_R_COPULA    /* PERSON is/was the title of ORG */
};

typedef struct kgl_form {
    char **w;   /* normalised words of the form */
    int nw;     /* number of words */
    char *prep; /* required preposition before the object, or NULL */
} kgl_form;

typedef struct kgl_rule {
    int kind;        /* enum kgl_rule_kind */
    char *rel;       /* relation name */
    char *id;        /* stable rule id (goes into evidence) */
    kgl_form *forms; /* word forms */
    int nforms;      /* number of forms */
    float conf;      /* confidence */
    unsigned subj;   /* allowed subject types (KGL_T_* bits); 0 = rule default */
    unsigned obj;    /* allowed object types (KGL_T_* bits); 0 = rule default */
    int needquote;   /* 1: fire only when the clause holds a direct quote */
    char *file;      /* file it came from */
    int line;        /* line in that file */
} kgl_rule;

typedef struct kgl_dentry {
    char *type;     /* person, organisation, country, base, place, event */
    char *canon;    /* canonical name */
    unsigned flags; /* KGL_F_* */
    char *file;     /* origin */
    int line;       /* origin line */
} kgl_dentry;

#define KGL_T_PERSON 0x1u
#define KGL_T_ORG 0x2u
#define KGL_T_COUNTRY 0x4u
#define KGL_T_BASE 0x8u
#define KGL_T_PLACE 0x10u
#define KGL_T_EVENT 0x20u
#define KGL_T_STATEMENT 0x40u
#define KGL_T_ACTOR (KGL_T_PERSON | KGL_T_ORG | KGL_T_COUNTRY)
unsigned kgl_type_bit(const char *type);

#define KGL_F_FORCE 0x1u /* armed force / militia: "X in PLACE" means located-at */
#define KGL_F_PARL 0x2u  /* a parliament (voting body) */
#define KGL_F_WEAK                                                                                 \
    0x4u /* generated entry (+weak): yields to curated entries, see kgl_lex_finish                 \
          */

typedef struct kgl_alias {
    char *norm; /* normalised alias */
    int entry;  /* dictionary entry index */
    int adj;    /* 1: demonym / adjective ("Iraqi") */
    int strict; /* 1: case must match the text (acronyms, capitalised single words) */
    int ntok;   /* tokens in norm */
    int weak; /* 1: from a +weak (generated) line: dropped when a curated alias has the same norm */
} kgl_alias;

typedef struct kgl_role {
    int person;   /* dentry index */
    char *rel;    /* leads / member-of */
    int target;   /* dentry index */
    char *title;  /* normalised title word(s) */
    int32_t from; /* days, KG_NODATE = open */
    int32_t to;   /* days, KG_NODATE = open */
} kgl_role;

typedef struct kgl_set {
    char *name; /* set name */
    char **w;   /* normalised words (may contain spaces) */
    int n;      /* count */
} kgl_set;

typedef struct kgl_lex {
    kgl_dentry *ent;
    int nent, capent; /* dictionary entries */
    kgl_alias *al;
    int nal, capal; /* aliases, sorted by norm after kgl_lex_finish */
    kgl_role *roles;
    int nroles, caproles; /* dated roles */
    kgl_rule *rules;
    int nrules, caprules; /* relation rules */
    kgl_set *sets;
    int nsets, capsets; /* closed-class word sets */
    char **boiler;
    int nboiler, capboiler; /* boilerplate line prefixes (normalised) */
    char **cutoff;
    int ncutoff, capcutoff; /* lines that end the article (normalised prefixes) */
    char **files;
    int nfiles, capfiles; /* file names for messages */
    int maxtok;           /* longest alias in tokens */
    int noprune;          /* an alias has a byte below the space: kgl_lex_prefix says yes */
    kgl_hidx cidx;        /* canonical name -> entries (while files are added) */
    kgl_hidx sidx; /* (set name, word) -> set index * 65536 + word index; by kgl_lex_finish */
    int sidx_sets; /* sets indexed in sidx (0: not built, kgl_lex_in scans) */
} kgl_lex;

/* Create a lexicon with the compiled-in defaults. NULL on a defect in the
** defaults (message in err). */
kgl_lex *kgl_lex_default(char *err, size_t errlen);
/* Add a dictionary or rules file (text). Returns 0, or -1 with "file:line: reason" in err. */
int kgl_lex_add_dict(kgl_lex *lx, const char *file, const char *text, size_t len, char *err,
                     size_t errlen);
int kgl_lex_add_rules(kgl_lex *lx, const char *file, const char *text, size_t len, char *err,
                      size_t errlen);
/* Sort and index after adding files; -1 with reason in err on conflicts.
** Generated entries (+weak) are merged first: a +weak entry that shares a
** name with a curated entry of the same type joins it; then a +weak alias
** is dropped when a curated alias (any type) has the same normalised form, or
** when it names two generated entities. Only curated aliases can conflict. */
int kgl_lex_finish(kgl_lex *lx, char *err, size_t errlen);
void kgl_lex_free(kgl_lex *lx);
/* Is normalised word w in set `name`? */
int kgl_lex_in(const kgl_lex *lx, const char *name, const char *w);
const kgl_set *kgl_lex_set(const kgl_lex *lx, const char *name);
/* First alias index with this norm, or -1. */
int kgl_lex_find(const kgl_lex *lx, const char *norm);
/* Can an alias start with the words of norm: is there one equal to it, or
** one that goes on after it with a space? (A longer run of words that no
** alias starts with needs no lookup.) */
int kgl_lex_prefix(const kgl_lex *lx, const char *norm, size_t len);

/* ---------------------------------------------------------------- lemmas (lemma.c) */
/* English lemmas from WordNet (tables generated at build time by
** loader/tools/gen_tables.py): irregular forms from verb.exc/noun.exc, then
** regular inflection (-s -es -ies, -ed -ing with silent e, doubled final
** consonant, -men, -ves), every candidate checked against the lemmas of
** WordNet's index (single words of letters a-z). Words are normalised
** (kgl_norm: lower case). Thread-safe, no allocation, no set-up. */
#define KGL_POS_NOUN 1
#define KGL_POS_VERB 2
#define KGL_LEMMA_MAX 64 /* longest word or lemma, with its NUL */
/* The most likely lemma of `word` as a `pos` (struck -> strike, striking ->
** strike, fled -> flee, militias -> militia): irregular forms first (found ->
** find), then the word itself when it is a lemma, then regular forms
** (stared -> stare, not star). Writes it into buf and returns buf, or NULL
** when the word is no form of a known lemma (or buflen is too small). */
const char *kgl_lemma(const char *word, int pos, char *buf, size_t buflen);
/* 1 when `lemma` is one of the lemmas `word` can be a form of (found is a
** form of find and of found; wound of wind and of wound). */
int kgl_lemma_of(const char *word, const char *lemma, int pos);
/* 1 when `word` is itself a WordNet lemma of that part of speech. */
int kgl_is_lemma(const char *word, int pos);

/* ---------------------------------------------------------------- documents */
typedef struct kgl_tok {
    uint32_t s, e;       /* byte span in the cleaned text */
    char *norm;          /* normalised form */
    unsigned char cap;   /* first letter upper-case */
    unsigned char upper; /* all letters upper-case (>= 2 letters) */
    unsigned char punct; /* punctuation token */
    unsigned char glued; /* joined to the previous token by a hyphen */
    unsigned char poss;  /* this token is a possessive 's */
    unsigned char sent0; /* first word of its sentence */
} kgl_tok;

/* Longest sentence, in bytes of cleaned text: a longer run (a run-on sentence,
** a text without full stops) is cut at a token boundary, after the last comma,
** semicolon or colon of its second half when there is one. Extraction works
** within a sentence, so this bounds its cost per sentence (linear per document).
** A single token longer than this stays whole. */
#define KGL_MAX_SENTENCE 2000

typedef struct kgl_sent {
    uint32_t s, e; /* byte span */
    int t0, t1;    /* token range [t0, t1) */
    int para;      /* paragraph number */
    int section;   /* section number */
} kgl_sent;

typedef struct kgl_section {
    uint32_t s, e; /* byte span */
    int32_t date;  /* KG_NODATE if unknown */
} kgl_section;

typedef struct kgl_doc {
    char *text;
    size_t len; /* cleaned text (evidence offsets point here) */
    char *title;
    char *author; /* may be NULL */
    int32_t date; /* publication date or KG_NODATE */
    kgl_tok *tok;
    int ntok; /* tokens */
    kgl_sent *sent;
    int nsent; /* sentences */
    kgl_section *sec;
    int nsec; /* sections (dated posts) */
} kgl_doc;

/* Check raw bytes: 0 ok, else -1 and a reason ("empty", "binary", "invalid UTF-8 at byte N"). */
int kgl_check_text(const char *raw, size_t len, char *why, size_t whylen);
/* Clean raw text (markdown-ish web text, HTML, or plain), find metadata,
** sections, sentences and tokens. Returns NULL on out of memory only. */
kgl_doc *kgl_doc_parse(const kgl_lex *lx, const char *raw, size_t len);
void kgl_doc_free(kgl_doc *d);
int32_t kgl_date_find(const char *s, size_t n); /* "January 5, 2020", "5 February 2019", ISO */
/* when.c: the date of the event sentence s (n bytes) tells ("on 8 January",
** "last Friday", "in December 2016", "yesterday"), resolved against the report
** date `report` (days; KG_NODATE: only dates with their year are read), or
** KG_NODATE when it gives none. *month (may be NULL) is 1 when the sentence
** names only a month ("in December 2016": its first day is returned). */
int32_t kgl_event_date(const char *s, size_t n, int32_t report, int *month);

/* ---------------------------------------------------------------- results */
typedef struct kgl_ent {
    char *type; /* entity type */
    char *name; /* canonical name */
    char **alias;
    int nalias, capalias; /* surface forms seen */
    int dict;             /* dictionary entry or -1 */
} kgl_ent;

/* Modality of an extracted fact (issue: facts an analyst can trust). Only
** asserted and reported facts are relations of the graph; a claimed act is
** kept with its claimant; a denied act is never stored as the act (the denier
** gets `denied` to an event naming it); negated and hypothetical acts (threats,
** plans, conditionals, questions, the future) give nothing. */
#define KGL_MOD_ASSERTED 0 /* the document states it */
#define KGL_MOD_REPORTED                                                                           \
    1 /* hearsay the text passes on: "according to X", "reportedly", "X said that" */
#define KGL_MOD_CLAIMED 2 /* a party's claim: "X claimed that", "claimed responsibility for" */
#define KGL_MOD_DENIED 3  /* only for the `denied` relation's own evidence (never the act) */
#if KGL_MOD_ASSERTED != KG_MOD_ASSERTED || KGL_MOD_REPORTED != KG_MOD_REPORTED ||                  \
    KGL_MOD_CLAIMED != KG_MOD_CLAIMED || KGL_MOD_DENIED != KG_MOD_DENIED
#error "the loader's modalities must be the engine's"
#endif
const char *kgl_modality_name(int modality); /* "asserted", "reported", ... */

typedef struct kgl_fact {
    int subj, obj; /* entity indices */
    char *rel;     /* relation */
    uint32_t s, e; /* evidence sentence span */
    int32_t date;  /* section date or KG_NODATE */
    float conf;    /* confidence */
    char *rule;    /* rule id */
    int modality;  /* KGL_MOD_* */
    int claimant;  /* entity: the source of a reported fact, the claimant of a claim; -1 none */
    int has_event; /* 1: event and month are given (a kg extract stream); 0: read from the sentence
                    */
    int32_t event; /* the event date, KG_NODATE none (when has_event) */
    int month;     /* 1: the event date names only a month (when has_event) */
} kgl_fact;

/* A mention: entity `ent` is named at bytes [s, e) of the document's text. */
typedef struct kgl_mention {
    int ent;
    uint32_t s, e;
} kgl_mention;

typedef struct kgl_result {
    kgl_doc *doc; /* the parsed document (owned) */
    kgl_ent *ent;
    int nent, capent;
    kgl_fact *fact;
    int nfact, capfact;
    kgl_hidx eidx, fidx; /* (type, name) -> entity; (subj, rel, obj, span) -> fact */
    kgl_mention *men;
    int nmen, capmen; /* mentions, in the order found, each once (mention.c) */
    kgl_hidx midx;    /* (entity, span) -> mention */
} kgl_result;

/* The event date of fact f (kgl_event_date on its sentence against its
** report date, or the one given with it: has_event); *month as there. */
int32_t kgl_fact_event(const kgl_result *r, const kgl_fact *f, int *month);

/* Extract entities, relations and statements from one document. */
kgl_result *kgl_extract(const kgl_lex *lx, const char *raw, size_t len);
void kgl_result_free(kgl_result *r);
int kgl_result_entity(kgl_result *r, const char *type, const char *name, size_t namelen);
void kgl_result_alias(kgl_result *r, int ent, const char *s, size_t n);
int kgl_result_fact(kgl_result *r, int subj, const char *rel, int obj, uint32_t s, uint32_t e,
                    int32_t date, float conf, const char *rule);
/* mention.c: record that entity ent is named at bytes [s, e) of the document's
** text (once per entity and span; statements are not mentioned). -1 when the
** span is outside the text. kgl_result_alias records the mention of a
** surface form that points into the text. kgl_result_mentions_free frees them
** (kgl_result_free calls it). */
int kgl_result_mention(kgl_result *r, int ent, uint32_t s, uint32_t e);
void kgl_result_mentions_free(kgl_result *r);

/* Curated facts: TSV with a header, or JSON Lines. 0 ok; -1 with
** "line N: reason" in err. The result has no doc text beyond the file. */
int kgl_facts_parse(const char *raw, size_t len, int jsonl, kgl_result **out, char *err,
                    size_t errlen);

/* ---------------------------------------------------------------- writer */
typedef struct kgl_counts {
    uint64_t docs, skipped, entities, relations, statements, errors; /* summary */
    uint64_t reread;   /* of docs: unchanged text read again (another fingerprint, or forced) */
    uint64_t mentions; /* mentions written */
} kgl_counts;

/* Write one result as document `key` inside the write transaction txn (the
** caller commits; kg load --jobs puts several documents in one). *status as
** below; *c (may be NULL) gets this document's counts added, to be taken
** only when txn commits. Returns a kg result code; message in err. */
int kgl_write_txn(kg_txn *txn, const char *key, const char *fingerprint, unsigned flags,
                  kgl_result *r, int *status, kgl_counts *c, char *err, size_t errlen);
/* Write one result as document `key` in one write transaction. *status gets
** KG_DOC_NEW/SAME/CHANGED. Returns a kg result code; message in err. */
int kgl_write(kg_db *db, const char *key, kgl_result *r, int *status, kgl_counts *c, char *err,
              size_t errlen);
/* The same, with the fingerprint of what extracted it (kg_doc.fingerprint,
** NULL for none) and kg_doc.flags (KG_DOC_FORCE): a document whose text is
** unchanged is extracted again (KG_DOC_REREAD) when the fingerprint differs
** from the stored one, or when forced. */
int kgl_write_doc(kg_db *db, const char *key, const char *fingerprint, unsigned flags,
                  kgl_result *r, int *status, kgl_counts *c, char *err, size_t errlen);

/* fingerprint.c: the fingerprint of the extraction (kg_doc.fingerprint): the
** library version, a hash of the loader's sources and of its built-in data,
** and `files` (0 for none), a hash the caller made of its --dict and --rules
** files (kgl_hash over each kind and text in order). Caller frees. */
char *kgl_fingerprint(uint64_t files);

/* Print the result as TSV rows doc subject relation object sentence date. */
void kgl_result_tsv(const kgl_result *r, const char *key, kgl_buf *out);

/* Load a fact file (TSV or JSON Lines, as kgl_facts_parse) as document `key`
** straight into kg through the bulk API (kg_bulk_*): one transaction, names
** matched exactly within the file and resolved against existing nodes as
** kgl_write does. *status gets KG_DOC_NEW/SAME/CHANGED. Returns a kg result
** code; "line N: reason" or the engine's message in err. */
int kgl_facts_load(kg_db *db, const char *key, const char *raw, size_t len, int jsonl, int *status,
                   kgl_counts *c, char *err, size_t errlen);

/* ---------------------------------------------------------------- extraction stream (stream.c) */
/* `kg extract` writes one JSON line per document (a record) and `kg load`
** reads it back: loading a record gives the graph loading the document
** gives. Format at the top of stream.c and in loader/README.md. */
#define KGL_REC_DOC 1   /* an extraction result: key, fingerprint, r */
#define KGL_REC_FACTS 2 /* a curated fact file: key, raw, len, jsonl */
typedef struct kgl_record {
    int kind;          /* KGL_REC_* */
    char *key;         /* document key as written in the record */
    char *fingerprint; /* KGL_REC_DOC: what extracted it (may be NULL) */
    kgl_result *r;     /* KGL_REC_DOC: the result, with the cleaned text */
    char *raw;         /* KGL_REC_FACTS: the fact file's text */
    size_t len;        /* bytes in raw */
    int jsonl;         /* KGL_REC_FACTS: 1 JSON Lines, 0 TSV */
} kgl_record;
/* Append the record of a document (one line, with its newline) to o. */
void kgl_stream_doc(kgl_buf *o, const char *key, const char *fingerprint, const kgl_result *r);
/* Append the record of a curated fact file. */
void kgl_stream_facts(kgl_buf *o, const char *key, int jsonl, const char *raw, size_t len);
/* 1 when the line is a JSON object with a "kg" key (a record, good or bad). */
int kgl_stream_is_record(const char *line, size_t n);
/* Read one record: 0, or -1 with the reason (naming the key) in err. */
int kgl_stream_parse(const char *line, size_t n, kgl_record *rec, char *err, size_t errlen);
void kgl_record_free(kgl_record *rec);

#endif
