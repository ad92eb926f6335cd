/*
** facts.c -- curated fact files (kgl layer): TSV with a header line naming
** the columns, or JSON Lines with the same keys, one fact per line:
**   subject, subject_type, relation, object, object_type  (required)
**   sentence, date, confidence, rule                       (optional evidence)
** The evidence span of a fact is its line in the file (the file is the
** document text), so every curated fact points back at where it was entered.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

enum { F_SUBJ, F_STYPE, F_REL, F_OBJ, F_OTYPE, F_SENT, F_DATE, F_CONF, F_RULE, F_N };
static const char *fnames[F_N] = {"subject", "subject_type", "relation", "object", "object_type",
                                  "sentence", "date", "confidence", "rule"};

static int field_of(const char *name, size_t n)
{
    char buf[64];
    if (n >= sizeof buf) return -1;
    for (size_t i = 0; i < n; i++) buf[i] = name[i] == ' ' || name[i] == '-' ? '_' : tolower((unsigned char)name[i]);
    buf[n] = 0;
    for (int i = 0; i < F_N; i++)
        if (!strcmp(buf, fnames[i])) return i;
    if (!strcmp(buf, "subj")) return F_SUBJ;
    if (!strcmp(buf, "obj")) return F_OBJ;
    if (!strcmp(buf, "rel") || !strcmp(buf, "predicate")) return F_REL;
    if (!strcmp(buf, "evidence")) return F_SENT;
    return -1;
}

/* Parse one flat JSON object of string/number values into vals[]. */
static int json_line(const char *s, size_t n, char *vals[F_N], char *err, size_t errlen)
{
    size_t i = 0;
#define WS() while (i < n && isspace((unsigned char)s[i])) i++
    WS();
    if (i >= n || s[i] != '{') return snprintf(err, errlen, "expected a JSON object"), -1;
    i++;
    for (;;) {
        WS();
        if (i < n && s[i] == '}') return 0;
        kgl_buf str[2] = {{0}, {0}};
        for (int part = 0; part < 2; part++) {
            WS();
            if (i < n && s[i] == '"') {
                i++;
                while (i < n && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < n) {
                        i++;
                        char ch = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
                        if (s[i] == 'u' && i + 4 < n) {
                            unsigned v = (unsigned)strtoul((char[5]){s[i + 1], s[i + 2], s[i + 3], s[i + 4], 0}, NULL, 16);
                            char u[4];
                            int k = 0;
                            if (v < 0x80) u[k++] = (char)v;
                            else if (v < 0x800) u[k++] = (char)(0xC0 | v >> 6), u[k++] = (char)(0x80 | (v & 63));
                            else u[k++] = (char)(0xE0 | v >> 12), u[k++] = (char)(0x80 | ((v >> 6) & 63)),
                                 u[k++] = (char)(0x80 | (v & 63));
                            kgl_buf_put(&str[part], u, k);
                            i += 5;
                            continue;
                        }
                        kgl_buf_putc(&str[part], ch);
                        i++;
                    } else
                        kgl_buf_putc(&str[part], s[i++]);
                }
                if (i >= n) {
                    kgl_buf_free(&str[0]), kgl_buf_free(&str[1]);
                    return snprintf(err, errlen, "unterminated string"), -1;
                }
                i++;
            } else if (part == 1) {
                size_t j = i;
                while (j < n && s[j] != ',' && s[j] != '}' && !isspace((unsigned char)s[j])) j++;
                if (j == i) {
                    kgl_buf_free(&str[0]);
                    return snprintf(err, errlen, "expected a value"), -1;
                }
                kgl_buf_put(&str[part], s + i, j - i);
                i = j;
            } else
                return snprintf(err, errlen, "expected a key string"), -1;
            WS();
            if (part == 0) {
                if (i >= n || s[i] != ':') {
                    kgl_buf_free(&str[0]);
                    return snprintf(err, errlen, "expected ':'"), -1;
                }
                i++;
            }
        }
        int f = str[0].p ? field_of(str[0].p, str[0].len) : -1;
        if (f >= 0) {
            free(vals[f]);
            vals[f] = str[1].p ? str[1].p : kgl_strndup("", 0);
        } else
            kgl_buf_free(&str[1]);
        kgl_buf_free(&str[0]);
        WS();
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        if (i < n && s[i] == '}') return 0;
        return snprintf(err, errlen, "expected ',' or '}'"), -1;
    }
#undef WS
}

int kgl_facts_parse(const char *raw, size_t len, int jsonl, kgl_result **out, char *err, size_t errlen)
{
    kgl_result *r = calloc(1, sizeof *r);
    r->doc = calloc(1, sizeof *r->doc);
    r->doc->text = kgl_strndup(raw, len);
    r->doc->len = len;
    r->doc->date = KG_NODATE;
    int col[32], ncol = 0, lineno = 0;
    const char *p = raw, *end = raw + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        const char *le = nl ? nl : end;
        size_t ll = le - p;
        if (ll && p[ll - 1] == '\r') ll--;
        lineno++;
        uint32_t ls = (uint32_t)(p - raw), lend = (uint32_t)(ls + ll);
        const char *line = p;
        p = nl ? nl + 1 : end;
        size_t k = 0;
        while (k < ll && isspace((unsigned char)line[k])) k++;
        if (k == ll || line[k] == '#') continue;
        char *vals[F_N] = {0};
        if (jsonl) {
            if (json_line(line, ll, vals, err, errlen)) {
                char tmp[256];
                snprintf(tmp, sizeof tmp, "%s", err);
                snprintf(err, errlen, "line %d: %s", lineno, tmp);
                for (int v = 0; v < F_N; v++) free(vals[v]); /* fields read before the error */
                goto bad;
            }
        } else if (!ncol) {
            for (size_t a = 0; a <= ll && ncol < 32;) {
                size_t b = a;
                while (b < ll && line[b] != '\t') b++;
                col[ncol++] = field_of(line + a, b - a);
                a = b + 1;
            }
            int have[F_N] = {0};
            for (int i = 0; i < ncol; i++)
                if (col[i] >= 0) have[col[i]] = 1;
            for (int i = 0; i <= F_OTYPE; i++)
                if (!have[i]) {
                    snprintf(err, errlen, "line %d: header lacks column '%s'", lineno, fnames[i]);
                    goto bad;
                }
            continue;
        } else {
            int ci = 0;
            for (size_t a = 0; a <= ll && ci < ncol; ci++) {
                size_t b = a;
                while (b < ll && line[b] != '\t') b++;
                if (col[ci] >= 0) vals[col[ci]] = kgl_strndup(line + a, b - a);
                a = b + 1;
            }
        }
        for (int i = 0; i <= F_OTYPE; i++)
            if (!vals[i] || !*vals[i]) {
                snprintf(err, errlen, "line %d: missing '%s'", lineno, fnames[i]);
                for (int v = 0; v < F_N; v++) free(vals[v]);
                goto bad;
            }
        for (int i = F_STYPE; i <= F_OTYPE; i += F_OTYPE - F_STYPE) {
            unsigned b = kgl_type_bit(vals[i]);
            if (!b || b == KGL_T_ACTOR) {
                snprintf(err, errlen, "line %d: unknown type '%s'", lineno, vals[i]);
                for (int v = 0; v < F_N; v++) free(vals[v]);
                goto bad;
            }
        }
        int32_t date = KG_NODATE;
        if (vals[F_DATE] && *vals[F_DATE]) {
            date = kgl_date_find(vals[F_DATE], strlen(vals[F_DATE]));
            if (date == KG_NODATE) {
                snprintf(err, errlen, "line %d: bad date '%s' (want YYYY-MM-DD)", lineno, vals[F_DATE]);
                for (int v = 0; v < F_N; v++) free(vals[v]);
                goto bad;
            }
        }
        float conf = 1.0f;
        if (vals[F_CONF] && *vals[F_CONF]) {
            char *e;
            conf = strtof(vals[F_CONF], &e);
            if (*e || conf < 0 || conf > 1) {
                snprintf(err, errlen, "line %d: bad confidence '%s'", lineno, vals[F_CONF]);
                for (int v = 0; v < F_N; v++) free(vals[v]);
                goto bad;
            }
        }
        int s = kgl_result_entity(r, vals[F_STYPE], vals[F_SUBJ], strlen(vals[F_SUBJ]));
        int o = kgl_result_entity(r, vals[F_OTYPE], vals[F_OBJ], strlen(vals[F_OBJ]));
        kgl_result_alias(r, s, vals[F_SUBJ], strlen(vals[F_SUBJ]));
        kgl_result_alias(r, o, vals[F_OBJ], strlen(vals[F_OBJ]));
        kgl_result_fact(r, s, vals[F_REL], o, ls, lend, date, conf,
                        vals[F_RULE] && *vals[F_RULE] ? vals[F_RULE] : "curated");
        for (int v = 0; v < F_N; v++) free(vals[v]);
    }
    *out = r;
    return 0;
bad:
    kgl_result_free(r);
    return -1;
}
