/*
** stream.c -- the extraction stream (kgl layer): what `kg extract` writes and
** `kg load` reads back, so documents can be extracted on many machines and
** written by one. JSON Lines, one record per line, each line whole in itself
** (streams can be concatenated, split or reordered between documents):
**
**   {"kg":"doc","v":1,"key":K,"extractor":FP,"title":T,"author":A,
**    "date":"YYYY-MM-DD","hash":H,"text":TEXT,
**    "entities":[{"type":T,"name":N,"aliases":[S,...]},...],
**    "facts":[{"subject":N,"subject_type":T,"relation":R,"object":N,
**              "object_type":T,"start":S,"end":E,"sentence":TEXT,"date":D,
**              "event_date":D,"event_month":true,"confidence":C,"rule":ID,
**              "modality":M,"claimant":N,"claimant_type":T},...],
**    "mentions":[[ENTITY,S,E],...]}
**   {"kg":"facts","v":1,"key":K,"format":"tsv"|"jsonl","text":RAW}
**
** A document record is one extraction result (kgl_result) with what kg load
** writes from it: the cleaned text every span points into, its metadata, the
** XXH3-128 hash of the text (checked when read), the fingerprint of the
** extractor, the entities in the order found (surface forms as aliases),
** the facts with the keys of a curated fact file (facts.c) plus their span
** [start, end) in the text, and the mentions ([entity index, start, end]).
** Loading it gives the graph loading the document gives (kgl_write_txn).
** A facts record carries a curated fact file (loaded as kg load loads one).
** Optional keys may be null or absent; "event_month" only when true.
** Output is deterministic: same input, same bytes.
*/
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "kgl.h"

/* ---------------------------------------------------------------- writing */

static void put_str(kgl_buf *o, const char *s, size_t n)
{
    kgl_buf_putc(o, '"');
    size_t run = 0; /* bytes copied as they are, in one put */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        kgl_buf_put(o, s + run, i - run);
        run = i + 1;
        if (c == '"')
            kgl_buf_puts(o, "\\\"");
        else if (c == '\\')
            kgl_buf_puts(o, "\\\\");
        else if (c == '\n')
            kgl_buf_puts(o, "\\n");
        else if (c == '\t')
            kgl_buf_puts(o, "\\t");
        else if (c == '\r')
            kgl_buf_puts(o, "\\r");
        else
            kgl_buf_printf(o, "\\u%04x", c);
    }
    kgl_buf_put(o, s + run, n - run);
    kgl_buf_putc(o, '"');
}

static void put_cstr(kgl_buf *o, const char *s)
{
    if (s)
        put_str(o, s, strlen(s));
    else
        kgl_buf_puts(o, "null");
}

static void put_date(kgl_buf *o, int32_t d)
{
    char day[11];
    if (d == KG_NODATE) {
        kgl_buf_puts(o, "null");
        return;
    }
    kg_date_format(d, day);
    kgl_buf_printf(o, "\"%s\"", day);
}

/* The shortest decimal that reads back as the same float. */
static void put_float(kgl_buf *o, float f)
{
    char b[32];
    for (int p = 1; p <= 9; p++) {
        snprintf(b, sizeof b, "%.*g", p, (double)f);
        if (strtof(b, NULL) == f) break;
    }
    kgl_buf_puts(o, b);
}

static void text_hash(const char *text, size_t len, char hex[33])
{
    XXH128_hash_t x = XXH3_128bits(text, len);
    snprintf(hex, 33, "%016llx%016llx", (unsigned long long)x.high64, (unsigned long long)x.low64);
}

void kgl_stream_doc(kgl_buf *o, const char *key, const char *fingerprint, const kgl_result *r)
{
    const kgl_doc *d = r->doc;
    const char *text = d && d->text ? d->text : "";
    size_t len = d && d->text ? d->len : 0;
    char hex[33];
    text_hash(text, len, hex);
    kgl_buf_puts(o, "{\"kg\":\"doc\",\"v\":1,\"key\":");
    put_cstr(o, key);
    kgl_buf_puts(o, ",\"extractor\":");
    put_cstr(o, fingerprint);
    kgl_buf_puts(o, ",\"title\":");
    put_cstr(o, d ? d->title : NULL);
    kgl_buf_puts(o, ",\"author\":");
    put_cstr(o, d ? d->author : NULL);
    kgl_buf_puts(o, ",\"date\":");
    put_date(o, d ? d->date : KG_NODATE);
    kgl_buf_printf(o, ",\"hash\":\"%s\",\"text\":", hex);
    put_str(o, text, len);
    kgl_buf_puts(o, ",\"entities\":[");
    for (int i = 0; i < r->nent; i++) {
        const kgl_ent *e = &r->ent[i];
        kgl_buf_puts(o, i ? ",{\"type\":" : "{\"type\":");
        put_cstr(o, e->type);
        kgl_buf_puts(o, ",\"name\":");
        put_cstr(o, e->name);
        kgl_buf_puts(o, ",\"aliases\":[");
        for (int a = 0; a < e->nalias; a++) {
            if (a) kgl_buf_putc(o, ',');
            put_cstr(o, e->alias[a]);
        }
        kgl_buf_puts(o, "]}");
    }
    kgl_buf_puts(o, "],\"facts\":[");
    for (int i = 0; i < r->nfact; i++) {
        const kgl_fact *f = &r->fact[i];
        const kgl_ent *s = &r->ent[f->subj], *b = &r->ent[f->obj];
        kgl_buf_puts(o, i ? ",{\"subject\":" : "{\"subject\":");
        put_cstr(o, s->name);
        kgl_buf_puts(o, ",\"subject_type\":");
        put_cstr(o, s->type);
        kgl_buf_puts(o, ",\"relation\":");
        put_cstr(o, f->rel);
        kgl_buf_puts(o, ",\"object\":");
        put_cstr(o, b->name);
        kgl_buf_puts(o, ",\"object_type\":");
        put_cstr(o, b->type);
        kgl_buf_printf(o, ",\"start\":%lu,\"end\":%lu,\"sentence\":", (unsigned long)f->s,
                       (unsigned long)f->e);
        if (f->s <= f->e && f->e <= len)
            put_str(o, text + f->s, f->e - f->s);
        else
            kgl_buf_puts(o, "null");
        kgl_buf_puts(o, ",\"date\":");
        put_date(o, f->date);
        int month = 0;
        int32_t ev = kgl_fact_event(r, f, &month);
        kgl_buf_puts(o, ",\"event_date\":");
        put_date(o, ev);
        if (ev != KG_NODATE && month) kgl_buf_puts(o, ",\"event_month\":true");
        kgl_buf_puts(o, ",\"confidence\":");
        put_float(o, f->conf);
        kgl_buf_puts(o, ",\"rule\":");
        put_cstr(o, f->rule);
        kgl_buf_printf(o, ",\"modality\":\"%s\"", kgl_modality_name(f->modality));
        if (f->claimant >= 0) {
            kgl_buf_puts(o, ",\"claimant\":");
            put_cstr(o, r->ent[f->claimant].name);
            kgl_buf_puts(o, ",\"claimant_type\":");
            put_cstr(o, r->ent[f->claimant].type);
        }
        kgl_buf_putc(o, '}');
    }
    kgl_buf_puts(o, "],\"mentions\":[");
    for (int i = 0; i < r->nmen; i++)
        kgl_buf_printf(o, "%s[%d,%lu,%lu]", i ? "," : "", r->men[i].ent, (unsigned long)r->men[i].s,
                       (unsigned long)r->men[i].e);
    kgl_buf_puts(o, "]}\n");
}

void kgl_stream_facts(kgl_buf *o, const char *key, int jsonl, const char *raw, size_t len)
{
    kgl_buf_puts(o, "{\"kg\":\"facts\",\"v\":1,\"key\":");
    put_cstr(o, key);
    kgl_buf_printf(o, ",\"format\":\"%s\",\"text\":", jsonl ? "jsonl" : "tsv");
    put_str(o, raw, len);
    kgl_buf_puts(o, "}\n");
}

/* ---------------------------------------------------------------- reading */

/* The line as a JSON object, or NULL with the reason in err. */
static json_object *parse_obj(const char *line, size_t n, char *err, size_t errlen)
{
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    if (n > 0x7fffffff) return snprintf(err, errlen, "line longer than 2 GB"), NULL;
    json_tokener *tok = json_tokener_new();
    if (!tok) return snprintf(err, errlen, "out of memory"), NULL;
    json_object *o = json_tokener_parse_ex(tok, line, (int)n);
    enum json_tokener_error je = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (je == json_tokener_continue || je == json_tokener_error_parse_eof ||
        (!o && je == json_tokener_success)) {
        snprintf(err, errlen, "JSON: the line ends inside its object (a cut stream?)");
        return NULL;
    }
    if (je != json_tokener_success) {
        snprintf(err, errlen, "JSON: %s at character %zu", json_tokener_error_desc(je), end + 1);
        json_object_put(o);
        return NULL;
    }
    while (end < n && (line[end] == ' ' || line[end] == '\t'))
        end++;
    if (end < n) {
        snprintf(err, errlen, "JSON: '%.20s' after the object at character %zu", line + end,
                 end + 1);
        json_object_put(o);
        return NULL;
    }
    if (!json_object_is_type(o, json_type_object)) {
        snprintf(err, errlen, "JSON: not an object");
        json_object_put(o);
        return NULL;
    }
    return o;
}

int kgl_stream_is_record(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i >= n || line[i] != '{') return 0;
    char err[8];
    json_object *o = parse_obj(line, n, err, sizeof err), *k;
    int yes =
        o && json_object_object_get_ex(o, "kg", &k) && json_object_is_type(k, json_type_string);
    json_object_put(o);
    return yes;
}

/* A string member: its value (NULL when absent or null), or -1 with the reason. */
static int get_str(json_object *o, const char *key, int need, const char **out, size_t *len,
                   const char *where, char *err, size_t errlen)
{
    json_object *v = NULL;
    *out = NULL;
    if (len) *len = 0;
    if (!json_object_object_get_ex(o, key, &v) || !v) {
        if (!need) return 0;
        return snprintf(err, errlen, "%skey '%s' is missing", where, key), -1;
    }
    if (!json_object_is_type(v, json_type_string))
        return snprintf(err, errlen, "%skey '%s' is not a string", where, key), -1;
    *out = json_object_get_string(v);
    size_t l = (size_t)json_object_get_string_len(v);
    if (strlen(*out) != l)
        return snprintf(err, errlen, "%skey '%s' holds a NUL character", where, key), -1;
    if (need && !l) return snprintf(err, errlen, "%skey '%s' is empty", where, key), -1;
    if (len) *len = l;
    return 0;
}

/* An unsigned integer member below `max`. */
static int get_uint(json_object *o, const char *key, uint64_t max, uint64_t *out, const char *where,
                    char *err, size_t errlen)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return snprintf(err, errlen, "%skey '%s' is missing", where, key), -1;
    if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0 ||
        (uint64_t)json_object_get_int64(v) > max)
        return snprintf(err, errlen, "%skey '%s' is not a whole number from 0 to %llu", where, key,
                        (unsigned long long)max),
               -1;
    *out = (uint64_t)json_object_get_int64(v);
    return 0;
}

static int get_date(json_object *o, const char *key, int32_t *out, const char *where, char *err,
                    size_t errlen)
{
    const char *s;
    size_t n;
    *out = KG_NODATE;
    if (get_str(o, key, 0, &s, &n, where, err, errlen)) return -1;
    if (s && kg_date_parse(s, n, out) != KG_OK)
        return snprintf(err, errlen, "%skey '%s': '%.32s' is not a date (want YYYY-MM-DD)", where,
                        key, s),
               -1;
    return 0;
}

static int type_ok(const char *t)
{
    return kgl_type_bit(t) && kgl_type_bit(t) != KGL_T_ACTOR;
}

/* Entity index of (name, type) in r, which must list it. */
static int find_ent(kgl_result *r, const char *name, const char *type)
{
    int before = r->nent;
    int i = kgl_result_entity(r, type, name, strlen(name));
    if (i < before) return i;
    return -1; /* not listed: kgl_result_entity added it; the caller refuses the record */
}

static int read_doc(json_object *o, kgl_record *rec, char *err, size_t errlen)
{
    const char *s, *text;
    size_t tl;
    if (get_str(o, "key", 1, &s, NULL, "", err, errlen)) return -1;
    rec->key = kgl_strndup(s, strlen(s));
    if (get_str(o, "extractor", 0, &s, NULL, "", err, errlen)) return -1;
    rec->fingerprint = s ? kgl_strndup(s, strlen(s)) : NULL;
    if (get_str(o, "text", 1, &text, &tl, "", err, errlen)) return -1;
    const char *hash;
    if (get_str(o, "hash", 0, &hash, NULL, "", err, errlen)) return -1;
    if (hash) {
        char hex[33];
        text_hash(text, tl, hex);
        if (strcmp(hash, hex))
            return snprintf(err, errlen,
                            "key 'hash': the text's hash is %s, not %.40s (the text was "
                            "changed after it was extracted)",
                            hex, hash),
                   -1;
    }
    kgl_result *r = calloc(1, sizeof *r);
    kgl_doc *d = r ? calloc(1, sizeof *d) : NULL;
    if (!d) return free(r), snprintf(err, errlen, "out of memory"), -1;
    rec->r = r;
    r->doc = d;
    d->text = kgl_strndup(text, tl);
    d->len = tl;
    if (get_str(o, "title", 0, &s, NULL, "", err, errlen)) return -1;
    d->title = s ? kgl_strndup(s, strlen(s)) : NULL;
    if (get_str(o, "author", 0, &s, NULL, "", err, errlen)) return -1;
    d->author = s ? kgl_strndup(s, strlen(s)) : NULL;
    if (get_date(o, "date", &d->date, "", err, errlen)) return -1;

    char where[64];
    json_object *arr;
    if (!json_object_object_get_ex(o, "entities", &arr) ||
        !json_object_is_type(arr, json_type_array))
        return snprintf(err, errlen, "key 'entities' is not an array"), -1;
    size_t ne = json_object_array_length(arr);
    for (size_t i = 0; i < ne; i++) {
        json_object *e = json_object_array_get_idx(arr, i), *al;
        snprintf(where, sizeof where, "entity %zu: ", i + 1);
        if (!json_object_is_type(e, json_type_object))
            return snprintf(err, errlen, "%snot an object", where), -1;
        const char *type, *name;
        if (get_str(e, "type", 1, &type, NULL, where, err, errlen) ||
            get_str(e, "name", 1, &name, NULL, where, err, errlen))
            return -1;
        if (!type_ok(type)) return snprintf(err, errlen, "%sunknown type '%.32s'", where, type), -1;
        int k = kgl_result_entity(r, type, name, strlen(name));
        if (k != r->nent - 1 || (size_t)k != i)
            return snprintf(err, errlen, "%sthe same type and name as entity %d", where, k + 1), -1;
        if (!json_object_object_get_ex(e, "aliases", &al) || !al) continue;
        if (!json_object_is_type(al, json_type_array))
            return snprintf(err, errlen, "%skey 'aliases' is not an array", where), -1;
        size_t na = json_object_array_length(al);
        for (size_t a = 0; a < na; a++) {
            json_object *v = json_object_array_get_idx(al, a);
            if (!json_object_is_type(v, json_type_string) ||
                strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v) ||
                !json_object_get_string_len(v))
                return snprintf(err, errlen, "%salias %zu is not a name", where, a + 1), -1;
            kgl_result_alias(r, k, json_object_get_string(v),
                             (size_t)json_object_get_string_len(v));
        }
    }

    if (!json_object_object_get_ex(o, "facts", &arr) || !json_object_is_type(arr, json_type_array))
        return snprintf(err, errlen, "key 'facts' is not an array"), -1;
    size_t nf = json_object_array_length(arr);
    for (size_t i = 0; i < nf; i++) {
        json_object *f = json_object_array_get_idx(arr, i), *v;
        snprintf(where, sizeof where, "fact %zu: ", i + 1);
        if (!json_object_is_type(f, json_type_object))
            return snprintf(err, errlen, "%snot an object", where), -1;
        const char *sn, *st, *rel, *on, *ot, *sent, *rule, *mod, *cn, *ct;
        size_t sl;
        uint64_t b, e;
        if (get_str(f, "subject", 1, &sn, NULL, where, err, errlen) ||
            get_str(f, "subject_type", 1, &st, NULL, where, err, errlen) ||
            get_str(f, "relation", 1, &rel, NULL, where, err, errlen) ||
            get_str(f, "object", 1, &on, NULL, where, err, errlen) ||
            get_str(f, "object_type", 1, &ot, NULL, where, err, errlen) ||
            get_uint(f, "start", tl, &b, where, err, errlen) ||
            get_uint(f, "end", tl, &e, where, err, errlen) ||
            get_str(f, "sentence", 0, &sent, &sl, where, err, errlen) ||
            get_str(f, "rule", 0, &rule, NULL, where, err, errlen) ||
            get_str(f, "modality", 0, &mod, NULL, where, err, errlen) ||
            get_str(f, "claimant", 0, &cn, NULL, where, err, errlen) ||
            get_str(f, "claimant_type", 0, &ct, NULL, where, err, errlen))
            return -1;
        if (b > e) return snprintf(err, errlen, "%skey 'start' is after key 'end'", where), -1;
        if (sent && (sl != e - b || memcmp(sent, text + b, sl)))
            return snprintf(err, errlen, "%skey 'sentence' is not the text from 'start' to 'end'",
                            where),
                   -1;
        if (!strcmp(rel, KG_MENTION_REL))
            return snprintf(err, errlen, "%skey 'relation': '%s' is made by mentions, not a fact",
                            where, KG_MENTION_REL),
                   -1;
        int si = find_ent(r, sn, st), oi = find_ent(r, on, ot), ci = -1;
        if (si < 0 || oi < 0)
            return snprintf(err, errlen, "%sthe %s is not one of the record's entities", where,
                            si < 0 ? "subject" : "object"),
                   -1;
        if (cn) {
            if (!ct) return snprintf(err, errlen, "%skey 'claimant_type' is missing", where), -1;
            if ((ci = find_ent(r, cn, ct)) < 0)
                return snprintf(err, errlen, "%sthe claimant is not one of the record's entities",
                                where),
                       -1;
        }
        uint8_t m = KG_MOD_ASSERTED;
        if (mod && kg_modality_parse(mod, &m))
            return snprintf(err, errlen,
                            "%skey 'modality': '%.32s' is not asserted, reported, claimed or "
                            "denied",
                            where, mod),
                   -1;
        int32_t date, ev;
        if (get_date(f, "date", &date, where, err, errlen) ||
            get_date(f, "event_date", &ev, where, err, errlen))
            return -1;
        float conf = 1.0f;
        if (json_object_object_get_ex(f, "confidence", &v) && v) {
            if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
                return snprintf(err, errlen, "%skey 'confidence' is not a number", where), -1;
            conf = strtof(json_object_get_string(v), NULL); /* as written: no double rounding */
            if (!(conf >= 0 && conf <= 1))
                return snprintf(err, errlen, "%skey 'confidence' is not from 0 to 1", where), -1;
        }
        int k = kgl_result_fact(r, si, rel, oi, (uint32_t)b, (uint32_t)e, date, conf,
                                rule ? rule : "curated");
        if (k < 0) return snprintf(err, errlen, "%sits subject is its object", where), -1;
        if (k != r->nfact - 1 || (size_t)k != i)
            return snprintf(err, errlen, "%sthe same fact as fact %d", where, k + 1), -1;
        kgl_fact *fk = &r->fact[k];
        fk->modality = m;
        fk->claimant = ci;
        fk->has_event = 1;
        fk->event = ev;
        fk->month = ev != KG_NODATE && json_object_object_get_ex(f, "event_month", &v) &&
                    json_object_get_boolean(v);
    }

    if (!json_object_object_get_ex(o, "mentions", &arr) ||
        !json_object_is_type(arr, json_type_array))
        return snprintf(err, errlen, "key 'mentions' is not an array"), -1;
    size_t nm = json_object_array_length(arr);
    for (size_t i = 0; i < nm; i++) {
        json_object *m = json_object_array_get_idx(arr, i);
        int64_t x[3];
        int good = json_object_is_type(m, json_type_array) && json_object_array_length(m) == 3;
        for (int k = 0; good && k < 3; k++) {
            json_object *v = json_object_array_get_idx(m, k);
            good = json_object_is_type(v, json_type_int);
            x[k] = good ? json_object_get_int64(v) : 0;
        }
        if (!good) return snprintf(err, errlen, "mention %zu: not [entity, start, end]", i + 1), -1;
        if (x[0] < 0 || x[0] >= r->nent || !strcmp(r->ent[x[0]].type, "statement"))
            return snprintf(err, errlen,
                            "mention %zu: entity %lld is not a named entity of the record", i + 1,
                            (long long)x[0] + 1),
                   -1;
        if (x[1] < 0 || x[1] >= x[2] || (uint64_t)x[2] > tl)
            return snprintf(err, errlen, "mention %zu: [%lld, %lld) is not a span of the text",
                            i + 1, (long long)x[1], (long long)x[2]),
                   -1;
        int before = r->nmen;
        kgl_result_mention(r, (int)x[0], (uint32_t)x[1], (uint32_t)x[2]);
        if (r->nmen == before)
            return snprintf(err, errlen, "mention %zu: the same as an earlier one", i + 1), -1;
    }
    return 0;
}

int kgl_stream_parse(const char *line, size_t n, kgl_record *rec, char *err, size_t errlen)
{
    memset(rec, 0, sizeof *rec);
    json_object *o = parse_obj(line, n, err, errlen), *v;
    if (!o) return -1;
    const char *kind;
    int rc = -1;
    if (get_str(o, "kg", 1, &kind, NULL, "", err, errlen)) goto out;
    if (!json_object_object_get_ex(o, "v", &v) || !json_object_is_type(v, json_type_int) ||
        json_object_get_int64(v) != 1) {
        snprintf(err, errlen,
                 "key 'v': not version 1 of kg extract's records (a newer kg wrote it?)");
        goto out;
    }
    if (!strcmp(kind, "doc")) {
        rec->kind = KGL_REC_DOC;
        rc = read_doc(o, rec, err, errlen);
    } else if (!strcmp(kind, "facts")) {
        const char *s, *fmt, *text;
        size_t tl;
        rec->kind = KGL_REC_FACTS;
        if (get_str(o, "key", 1, &s, NULL, "", err, errlen) ||
            get_str(o, "format", 1, &fmt, NULL, "", err, errlen) ||
            get_str(o, "text", 0, &text, &tl, "", err, errlen))
            goto out;
        if (strcmp(fmt, "tsv") && strcmp(fmt, "jsonl")) {
            snprintf(err, errlen, "key 'format': '%.16s' is not tsv or jsonl", fmt);
            goto out;
        }
        rec->key = kgl_strndup(s, strlen(s));
        rec->jsonl = !strcmp(fmt, "jsonl");
        rec->raw = kgl_strndup(text ? text : "", tl);
        rec->len = tl;
        rc = 0;
    } else
        snprintf(err, errlen, "key 'kg': '%.16s' is not a record of kg extract (doc or facts)",
                 kind);
out:
    json_object_put(o);
    if (rc) kgl_record_free(rec);
    return rc;
}

void kgl_record_free(kgl_record *rec)
{
    if (!rec) return;
    kgl_result_free(rec->r);
    free(rec->key);
    free(rec->fingerprint);
    free(rec->raw);
    memset(rec, 0, sizeof *rec);
}
