/*
** facts.c -- curated fact files (kgl layer): TSV with a header line naming
** the columns, or JSON Lines with the same keys, one fact per line:
**   subject, subject_type, relation, object, object_type  (required)
**   sentence, date, confidence, rule                       (optional evidence)
**   modality, claimant, claimant_type, event_date          (optional, format 5)
** Other columns are ignored: `kg export DB facts` writes a file of this form
** (doc, subject_id, object_id, ...), so an export loads back. The evidence
** span of a fact is its sentence within its line when the line holds the
** sentence as written, else the line (the file is the document text), so
** every curated fact points back at where it was entered.
** kgl_facts_parse builds a kgl_result for kgl_write; kgl_facts_load streams
** the lines straight into a kg_bulk load (large files: no per-fact search).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

enum {
    F_SUBJ,
    F_STYPE,
    F_REL,
    F_OBJ,
    F_OTYPE,
    F_SENT,
    F_DATE,
    F_CONF,
    F_RULE,
    F_MOD,
    F_CLAIM,
    F_CTYPE,
    F_EVENT,
    F_N
};
static const char *fnames[F_N] = {
    "subject",    "subject_type", "relation", "object",   "object_type",   "sentence",  "date",
    "confidence", "rule",         "modality", "claimant", "claimant_type", "event_date"};

static int field_of(const char *name, size_t n)
{
    char buf[64];
    while (n && isspace((unsigned char)*name))
        name++, n--;
    while (n && isspace((unsigned char)name[n - 1]))
        n--;
    if (n >= sizeof buf) return -1;
    for (size_t i = 0; i < n; i++)
        buf[i] = name[i] == ' ' || name[i] == '-' ? '_' : tolower((unsigned char)name[i]);
    buf[n] = 0;
    for (int i = 0; i < F_N; i++)
        if (!strcmp(buf, fnames[i])) return i;
    if (!strcmp(buf, "subj")) return F_SUBJ;
    if (!strcmp(buf, "obj")) return F_OBJ;
    if (!strcmp(buf, "rel") || !strcmp(buf, "predicate")) return F_REL;
    if (!strcmp(buf, "evidence")) return F_SENT;
    return -1;
}

/* JSON Lines (RFC 8259, one flat object per line). A string is decoded
** exactly: the escapes \" \\ \/ \b \f \n \r \t and \uXXXX (a surrogate pair
** is one character); \u0000, an unpaired surrogate, any other escape and a raw
** control character are refused with the reason. The five required keys
** take strings only; "confidence" also a number; null is "absent" for the
** optional keys; other keys are read and ignored. Nothing but blanks may
** follow the closing brace. */

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Four hex digits at s[i..i+3] as a code unit, or -1. */
static long hex4(const char *s, size_t i, size_t n)
{
    if (i + 4 > n) return -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[i + k]);
        if (h < 0) return -1;
        v = v << 4 | h;
    }
    return v;
}

static void put_utf8(kgl_buf *b, unsigned long v)
{
    char u[4];
    int k = 0;
    if (v < 0x80)
        u[k++] = (char)v;
    else if (v < 0x800)
        u[k++] = (char)(0xC0 | v >> 6), u[k++] = (char)(0x80 | (v & 63));
    else if (v < 0x10000)
        u[k++] = (char)(0xE0 | v >> 12), u[k++] = (char)(0x80 | ((v >> 6) & 63)),
        u[k++] = (char)(0x80 | (v & 63));
    else
        u[k++] = (char)(0xF0 | v >> 18), u[k++] = (char)(0x80 | ((v >> 12) & 63)),
        u[k++] = (char)(0x80 | ((v >> 6) & 63)), u[k++] = (char)(0x80 | (v & 63));
    kgl_buf_put(b, u, k);
}

/* The string starting after the opening quote at s[*i]; *i ends after the
** closing quote. 0, or -1 with the reason in err. */
static int json_string(const char *s, size_t n, size_t *i, kgl_buf *out, char *err, size_t errlen)
{
    size_t j = *i;
    kgl_buf_put(out, "", 0); /* "" is a value, not NULL */
    while (j < n && s[j] != '"') {
        unsigned char c = (unsigned char)s[j];
        if (c < 0x20)
            return snprintf(err, errlen,
                            "JSON: control character 0x%02X in a string at character %zu "
                            "(write it as an escape)",
                            c, j + 1),
                   -1;
        if (c != '\\') {
            kgl_buf_putc(out, (char)c);
            j++;
            continue;
        }
        if (j + 1 >= n) break;
        char e = s[j + 1];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            kgl_buf_putc(out, to[simple - "\"\\/bfnrt"]);
            j += 2;
            continue;
        }
        if (e != 'u')
            return snprintf(err, errlen, "JSON: invalid escape '\\%c' at character %zu", e, j + 1),
                   -1;
        long v = hex4(s, j + 2, n);
        if (v < 0)
            return snprintf(err, errlen, "JSON: '\\u' needs four hex digits at character %zu",
                            j + 1),
                   -1;
        if (v == 0)
            return snprintf(err, errlen, "JSON: '\\u0000' (a NUL character) at character %zu",
                            j + 1),
                   -1;
        size_t at = j;
        j += 6;
        if (v >= 0xDC00 && v <= 0xDFFF)
            return snprintf(err, errlen, "JSON: unpaired surrogate '\\u%04lX' at character %zu", v,
                            at + 1),
                   -1;
        if (v >= 0xD800 && v <= 0xDBFF) {
            long lo = j + 1 < n && s[j] == '\\' && s[j + 1] == 'u' ? hex4(s, j + 2, n) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return snprintf(err, errlen, "JSON: unpaired surrogate '\\u%04lX' at character %zu",
                                v, at + 1),
                       -1;
            v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
            j += 6;
        }
        put_utf8(out, (unsigned long)v);
    }
    if (j >= n)
        return snprintf(err, errlen, "JSON: unterminated string at character %zu", j + 1), -1;
    *i = j + 1;
    return 0;
}

/* A JSON number at s[i..j)? */
static int json_number(const char *s, size_t i, size_t j)
{
    if (i < j && s[i] == '-') i++;
    if (i >= j || !isdigit((unsigned char)s[i])) return 0;
    if (s[i] == '0')
        i++;
    else
        while (i < j && isdigit((unsigned char)s[i]))
            i++;
    if (i < j && s[i] == '.') {
        if (++i >= j || !isdigit((unsigned char)s[i])) return 0;
        while (i < j && isdigit((unsigned char)s[i]))
            i++;
    }
    if (i < j && (s[i] == 'e' || s[i] == 'E')) {
        if (++i < j && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= j || !isdigit((unsigned char)s[i])) return 0;
        while (i < j && isdigit((unsigned char)s[i]))
            i++;
    }
    return i == j;
}

/* Parse one flat JSON object into vals[] (strings, malloc'ed). */
static int json_line(const char *s, size_t n, char *vals[F_N], char *err, size_t errlen)
{
    size_t i = 0;
#define WS()                                                                                       \
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))                 \
    i++
    WS();
    if (i >= n || s[i] != '{')
        return snprintf(err, errlen, "JSON: expected a JSON object at character %zu", i + 1), -1;
    i++;
    WS();
    if (i < n && s[i] == '}') goto end;
    for (;;) {
        kgl_buf key = {0}, val = {0};
        WS();
        if (i >= n || s[i] != '"')
            return snprintf(err, errlen, "JSON: expected a key string at character %zu", i + 1), -1;
        i++;
        if (json_string(s, n, &i, &key, err, errlen)) return kgl_buf_free(&key), -1;
        WS();
        if (i >= n || s[i] != ':') {
            kgl_buf_free(&key);
            return snprintf(err, errlen, "JSON: expected ':' at character %zu", i + 1), -1;
        }
        i++;
        WS();
        int f = field_of(key.p, key.len);
        kgl_buf_free(&key);
        size_t at = i;
        int isnull = 0;
        if (i < n && s[i] == '"') {
            i++;
            if (json_string(s, n, &i, &val, err, errlen)) return kgl_buf_free(&val), -1;
        } else {
            size_t j = i;
            while (j < n && s[j] != ',' && s[j] != '}' && s[j] != ' ' && s[j] != '\t' &&
                   s[j] != '\r')
                j++;
            int num = json_number(s, i, j);
            isnull = j - i == 4 && !memcmp(s + i, "null", 4);
            int lit = isnull || (j - i == 4 && !memcmp(s + i, "true", 4)) ||
                      (j - i == 5 && !memcmp(s + i, "false", 5));
            if (!num && !lit) {
                if (j == i)
                    return snprintf(err, errlen, "JSON: expected a value at character %zu", i + 1),
                           -1;
                return snprintf(err, errlen,
                                "JSON: '%.*s' is not a JSON value (strings are quoted; "
                                "objects and arrays are not read) at character %zu",
                                (int)(j - i > 20 ? 20 : j - i), s + i, i + 1),
                       -1;
            }
            if (f >= 0 && !isnull && !(num && f == F_CONF))
                return snprintf(err, errlen, "key '%s' is %.*s, not a string (at character %zu)",
                                fnames[f], (int)(j - i > 20 ? 20 : j - i), s + i, at + 1),
                       -1;
            if (f >= 0 && isnull && f <= F_OTYPE)
                return snprintf(err, errlen, "key '%s' is null, not a string (at character %zu)",
                                fnames[f], at + 1),
                       -1;
            if (num) kgl_buf_put(&val, s + i, j - i);
            i = j;
        }
        if (f >= 0) {
            free(vals[f]);
            vals[f] = isnull ? NULL : val.p;
            if (isnull) kgl_buf_free(&val);
        } else
            kgl_buf_free(&val);
        WS();
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        if (i < n && s[i] == '}') break;
        return snprintf(err, errlen, "JSON: expected ',' or '}' at character %zu", i + 1), -1;
    }
end:
    i++;
    WS();
    if (i < n)
        return snprintf(err, errlen,
                        "JSON: '%.*s' after the object's closing brace at character %zu",
                        (int)(n - i > 20 ? 20 : n - i), s + i, i + 1),
               -1;
    return 0;
#undef WS
}

/* The date column: YYYY-MM-DD (kg_date_parse), else a written date
** ("5 February 2019") as kgl_date_find reads it, which uses the same. */
static int32_t fact_date(const char *s)
{
    int32_t d;
    size_t n = strlen(s);
    if (kg_date_parse(s, n, &d) == KG_OK) return d;
    return kgl_date_find(s, n);
}

/* One parsed fact line: the fields (NUL-terminated), its span, date, confidence. */
typedef int (*fact_fn)(void *ctx, char *vals[F_N], uint32_t ls, uint32_t lend, int32_t date,
                       float conf, char *err, size_t errlen);

/* Trim white space (ASCII and no-break space) off both ends, in place. */
static void trim(char *s)
{
    size_t n = strlen(s), a = 0;
    for (;;) {
        if (a < n && isspace((unsigned char)s[a]))
            a++;
        else if (a + 1 < n && (unsigned char)s[a] == 0xC2 && (unsigned char)s[a + 1] == 0xA0)
            a += 2;
        else
            break;
    }
    for (;;) {
        if (n > a && isspace((unsigned char)s[n - 1]))
            n--;
        else if (n >= a + 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    memmove(s, s + a, n - a);
    s[n - a] = 0;
}

/* Why the fields of one fact are refused, naming the column, or NULL. */
static const char *check_fields(char *vals[F_N], int jsonl, int nfields, int ncol, int32_t *date,
                                float *conf, char *tmp, size_t tl)
{
    for (int i = 0; i <= F_OTYPE; i++) {
        if (vals[i] && *vals[i]) continue;
        if (!vals[i] && jsonl)
            snprintf(tmp, tl, "key '%s' is missing", fnames[i]);
        else if (!vals[i])
            snprintf(tmp, tl, "column '%s' is missing (the line has %d of the header's %d fields)",
                     fnames[i], nfields, ncol);
        else
            snprintf(tmp, tl, "%s '%s' is empty", jsonl ? "key" : "column", fnames[i]);
        return tmp;
    }
    const char *what = jsonl ? "key" : "column";
    for (int i = F_STYPE; i <= F_OTYPE; i += F_OTYPE - F_STYPE) {
        unsigned b = kgl_type_bit(vals[i]);
        if (!b || b == KGL_T_ACTOR) {
            snprintf(
                tmp, tl,
                "%s '%s': unknown type '%.64s' (want person, organisation, country, base, place, "
                "event or statement)",
                what, fnames[i], vals[i]);
            return tmp;
        }
    }
    if (!strcmp(vals[F_REL], KG_MENTION_REL)) {
        snprintf(tmp, tl, "%s 'relation': '%s' is made by loading documents, not a fact", what,
                 KG_MENTION_REL);
        return tmp;
    }
    *date = KG_NODATE;
    if (vals[F_DATE] && *vals[F_DATE]) {
        *date = fact_date(vals[F_DATE]);
        if (*date == KG_NODATE) {
            snprintf(tmp, tl, "%s 'date': '%.64s' is not a date (want YYYY-MM-DD)", what,
                     vals[F_DATE]);
            return tmp;
        }
    }
    uint8_t m;
    if (vals[F_MOD] && *vals[F_MOD] && kg_modality_parse(vals[F_MOD], &m)) {
        snprintf(tmp, tl, "%s 'modality': '%.64s' is not asserted, reported, claimed or denied",
                 what, vals[F_MOD]);
        return tmp;
    }
    if (vals[F_CLAIM] && *vals[F_CLAIM]) {
        unsigned b = vals[F_CTYPE] ? kgl_type_bit(vals[F_CTYPE]) : 0;
        if (!b || b == KGL_T_ACTOR || b == KGL_T_STATEMENT) {
            snprintf(tmp, tl,
                     "%s 'claimant_type': '%.64s' is not the type of a claimant (want person, "
                     "organisation, country, ...)",
                     what, vals[F_CTYPE] ? vals[F_CTYPE] : "");
            return tmp;
        }
    }
    if (vals[F_EVENT] && *vals[F_EVENT] && fact_date(vals[F_EVENT]) == KG_NODATE) {
        snprintf(tmp, tl, "%s 'event_date': '%.64s' is not a date (want YYYY-MM-DD)", what,
                 vals[F_EVENT]);
        return tmp;
    }
    *conf = 1.0f;
    if (vals[F_CONF] && *vals[F_CONF]) {
        char *e;
        *conf = strtof(vals[F_CONF], &e);
        if (*e || !(*conf >= 0 && *conf <= 1)) {
            snprintf(tmp, tl, "%s 'confidence': '%.64s' is not a number from 0 to 1", what,
                     vals[F_CONF]);
            return tmp;
        }
    }
    return NULL;
}

/* Parse the lines of a fact file and call fn for each fact. 0 ok; -1 with
** "line N: reason" in err (fn's own errors get the line number too). TSV
** fields point into a scratch copy of the line (no allocation per field). */
static int facts_each(const char *raw, size_t len, int jsonl, fact_fn fn, void *ctx, char *err,
                      size_t errlen)
{
    int col[32], ncol = 0, lineno = 0, rc = 0;
    const char *p = raw, *end = raw + len;
    char *scratch = NULL;
    size_t scap = 0;
    while (p < end && !rc) {
        const char *nl = memchr(p, '\n', end - p);
        const char *le = nl ? nl : end;
        size_t ll = le - p;
        if (ll && p[ll - 1] == '\r') ll--;
        lineno++;
        uint32_t ls = (uint32_t)(p - raw), lend = (uint32_t)(ls + ll);
        const char *line = p;
        p = nl ? nl + 1 : end;
        size_t k = 0;
        while (k < ll && isspace((unsigned char)line[k]))
            k++;
        if (k == ll || line[k] == '#') continue;
        char *vals[F_N] = {0};
        const char *why = NULL;
        int nfields = 0;
        char tmp[256];
        if (jsonl) {
            if (json_line(line, ll, vals, tmp, sizeof tmp)) {
                snprintf(err, errlen, "line %d: %s", lineno, tmp);
                rc = -1;
                goto next;
            }
        } else if (!ncol) {
            for (size_t a = 0; a <= ll && ncol < 32;) {
                size_t b = a;
                while (b < ll && line[b] != '\t')
                    b++;
                col[ncol++] = field_of(line + a, b - a);
                a = b + 1;
            }
            int have[F_N] = {0};
            for (int i = 0; i < ncol && !rc; i++)
                if (col[i] >= 0 && have[col[i]]++) {
                    snprintf(err, errlen, "line %d: header names column '%s' twice", lineno,
                             fnames[col[i]]);
                    rc = -1;
                }
            if (rc) break;
            for (int i = 0; i <= F_OTYPE; i++)
                if (!have[i]) {
                    snprintf(err, errlen,
                             "line %d: header lacks column '%s' (it needs subject, subject_type, "
                             "relation, object, object_type, separated by tabs)",
                             lineno, fnames[i]);
                    rc = -1;
                    break;
                }
            continue;
        } else {
            if (ll + 1 > scap) {
                scap = ll + 1 < 256 ? 256 : (ll + 1) * 2;
                scratch = kgl_xrealloc(scratch, scap);
            }
            memcpy(scratch, line, ll);
            scratch[ll] = 0;
            int ci = 0;
            for (size_t a = 0; a <= ll && ci < ncol; ci++, nfields++) {
                size_t b = a;
                while (b < ll && scratch[b] != '\t')
                    b++;
                scratch[b] = 0;
                if (col[ci] >= 0) vals[col[ci]] = scratch + a;
                a = b + 1;
            }
        }
        for (int v = 0; v < F_N; v++)
            if (vals[v]) trim(vals[v]); /* "X " and "X" are one name */
        int32_t date;
        float conf;
        why = check_fields(vals, jsonl, nfields, ncol, &date, &conf, tmp, sizeof tmp);
        if (!why && vals[F_SENT] &&
            *vals[F_SENT]) { /* the sentence as written: the evidence span */
            const char *hit = memmem(line, ll, vals[F_SENT], strlen(vals[F_SENT]));
            if (hit) ls = (uint32_t)(hit - raw), lend = ls + (uint32_t)strlen(vals[F_SENT]);
        }
        if (why) {
            snprintf(err, errlen, "line %d: %s", lineno, why);
            rc = -1;
        } else if (fn(ctx, vals, ls, lend, date, conf, tmp, sizeof tmp)) {
            snprintf(err, errlen, "line %d: %s", lineno, tmp);
            rc = -1;
        }
    next:
        if (jsonl)
            for (int v = 0; v < F_N; v++)
                free(vals[v]);
    }
    free(scratch);
    return rc;
}

static int fact_to_result(void *ctx, char *vals[F_N], uint32_t ls, uint32_t lend, int32_t date,
                          float conf, char *err, size_t errlen)
{
    kgl_result *r = ctx;
    int s = kgl_result_entity(r, vals[F_STYPE], vals[F_SUBJ], strlen(vals[F_SUBJ]));
    int o = kgl_result_entity(r, vals[F_OTYPE], vals[F_OBJ], strlen(vals[F_OBJ]));
    kgl_result_alias(r, s, vals[F_SUBJ], strlen(vals[F_SUBJ]));
    kgl_result_alias(r, o, vals[F_OBJ], strlen(vals[F_OBJ]));
    int f = kgl_result_fact(r, s, vals[F_REL], o, ls, lend, date, conf,
                            vals[F_RULE] && *vals[F_RULE] ? vals[F_RULE] : "curated");
    uint8_t m = KG_MOD_ASSERTED;
    if (f >= 0 && vals[F_MOD] && *vals[F_MOD] && !kg_modality_parse(vals[F_MOD], &m))
        r->fact[f].modality = m;
    if (f >= 0 && vals[F_CLAIM] && *vals[F_CLAIM])
        r->fact[f].claimant =
            kgl_result_entity(r, vals[F_CTYPE], vals[F_CLAIM], strlen(vals[F_CLAIM]));
    return 0;
}

int kgl_facts_parse(const char *raw, size_t len, int jsonl, kgl_result **out, char *err,
                    size_t errlen)
{
    kgl_result *r = calloc(1, sizeof *r);
    r->doc = calloc(1, sizeof *r->doc);
    r->doc->text = kgl_strndup(raw, len);
    r->doc->len = len;
    r->doc->date = KG_NODATE;
    if (facts_each(raw, len, jsonl, fact_to_result, r, err, errlen)) {
        kgl_result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

/* ---------------------------------------------------------------- bulk load
** A changed fact file's old version goes when the new one registers; a large
** file's registration is committed before its facts (kg_bulk_*), so every
** line is read and checked first (fact_ok): a file refused for a bad line
** leaves the version loaded before whole. */

static int fact_ok(void *ctx, char *vals[F_N], uint32_t ls, uint32_t lend, int32_t date, float conf,
                   char *err, size_t errlen)
{
    (void)ctx, (void)vals, (void)ls, (void)lend, (void)date, (void)conf, (void)err, (void)errlen;
    return 0;
}

typedef struct bulkctx {
    kg_bulk *b;      /* the load */
    kg_db *db;       /* for the engine's messages */
    kg_id doc;       /* the file's document */
    uint64_t nfacts; /* facts written */
} bulkctx;

static int fact_to_bulk(void *ctx, char *vals[F_N], uint32_t ls, uint32_t lend, int32_t date,
                        float conf, char *err, size_t errlen)
{
    bulkctx *c = ctx;
    kg_id id[2];
    for (int i = 0; i < 2; i++) {
        const char *name = vals[i ? F_OBJ : F_SUBJ], *type = vals[i ? F_OTYPE : F_STYPE];
        int rc = kg_bulk_node(c->b, type, name, strlen(name),
                              strcmp(type, "statement") ? KG_BULK_RESOLVE : 0, &id[i]);
        if (rc)
            return snprintf(err, errlen, "column '%s': %s (%s)", fnames[i ? F_OBJ : F_SUBJ],
                            kg_errmsg(c->db), kg_errstr(rc)),
                   -1;
    }
    const char *rule = vals[F_RULE] && *vals[F_RULE] ? vals[F_RULE] : "curated";
    kg_evidence ev = {c->doc, ls, lend, date, conf, rule, KG_MOD_ASSERTED, 0, 0, 0, 0};
    if (vals[F_MOD] && *vals[F_MOD]) kg_modality_parse(vals[F_MOD], &ev.modality);
    if (vals[F_EVENT] && *vals[F_EVENT]) ev.event_date = fact_date(vals[F_EVENT]);
    if (vals[F_CLAIM] && *vals[F_CLAIM]) {
        int rc = kg_bulk_node(c->b, vals[F_CTYPE], vals[F_CLAIM], strlen(vals[F_CLAIM]),
                              KG_BULK_RESOLVE, &ev.claimant);
        if (rc)
            return snprintf(err, errlen, "column 'claimant': %s (%s)", kg_errmsg(c->db),
                            kg_errstr(rc)),
                   -1;
    }
    int rc = kg_bulk_edge(c->b, id[0], vals[F_REL], id[1], &ev);
    if (rc)
        return snprintf(err, errlen, "column 'relation': %s (%s)", kg_errmsg(c->db), kg_errstr(rc)),
               -1;
    c->nfacts++;
    return 0;
}

int kgl_facts_load(kg_db *db, const char *key, const char *raw, size_t len, int jsonl, int *status,
                   kgl_counts *counts, char *err, size_t errlen)
{
    bulkctx c = {0};
    c.db = db;
    int rc = kg_bulk_begin(db, len, &c.b);
    if (rc) {
        snprintf(err, errlen, "%s", kg_errmsg(db));
        return rc;
    }
    kg_doc info = {0};
    info.key = key, info.date = KG_NODATE, info.text = raw, info.text_len = len;
    int st = 0;
    if ((rc = kg_doc_register(kg_bulk_txn(c.b), &info, &c.doc, &st))) goto fail;
    *status = st;
    if (st == KG_DOC_SAME) {
        kg_bulk_abort(c.b);
        return KG_OK;
    }
    if (facts_each(raw, len, jsonl, fact_ok, NULL, err, errlen) ||
        facts_each(raw, len, jsonl, fact_to_bulk, &c, err, errlen)) {
        kg_bulk_abort(c.b);
        return KG_INVALID;
    }
    uint64_t nodes = 0;
    rc = kg_bulk_commit(c.b, &nodes, NULL);
    c.b = NULL;
    if (rc) goto fail;
    if (counts) counts->entities += nodes, counts->relations += c.nfacts;
    return KG_OK;
fail:
    snprintf(err, errlen, "%s (%s)", kg_errmsg(db), kg_errstr(rc));
    kg_bulk_abort(c.b);
    return rc;
}
