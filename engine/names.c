/*
** names.c -- name normalisation, transliteration skeletons, dates and small
** helpers of the public API (engine layer). No storage here.
**
** Normalised form (the alias index key): Unicode NFKD with marks stripped and
** case folded (utf8proc), apostrophes and ayin/hamza marks dropped, every
** other non-alphanumeric character a space, spaces collapsed and trimmed.
** "Kata’ib Hezbollah" -> "kataib hezbollah"; "Ain al-Asad" -> "ain al asad".
**
** Skeleton (the transliteration-variant key), from the normalised tokens:
**   1. drop the article tokens al, el, ul, and a sun-letter article (as, ash,
**      ad, adh, an, ar, at, az, ath) when the next token starts with its consonant;
**   2. abdul, abdel, abdal, abd al, abd el -> abd;
**   3. per token: kh->x gh->q sh/ch->$ th->t dh->z ph->f, q and c->k;
**      doubled letters collapse; vowels, y and w drop; digits stay as they
**      are, every one of them ("Brigade 4990" is "brgd 4990", never the
**      "brgd 490" of "Brigade 4490": different numbers never share a key).
** Tokens that become empty disappear. Ain al-Asad, Ayn al-Assad and Ein
** Al-Assad all give "n sd"; Qasem/Qassem Soleimani/Suleimani give "ksm slmn".
** Databases of format version 2 hold skeletons in which doubled digits
** collapsed too; kg_names_skeleton_fmt(..., 2, ...) still computes those, for
** reading and upgrading such a database (engine/store.c).
*/
#include "internal.h"
#include "kg_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool kg_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) {
            if (c == 0) return false;
            p++;
            continue;
        }
        int n;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0)
            n = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            n = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            n = 3, cp = c & 0x07;
        else
            return false;
        if (e - p <= n) return false;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

static bool is_apostrophe(utf8proc_int32_t c)
{
    return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x02BB ||
           c == 0x02BF || c == 0x02BE || c == 0x00B4 || c == 0x2032;
}

/* ASCII input: NFKD, mark stripping and case folding leave ASCII as it is
** but for A-Z -> a-z, and the alphanumerics are exactly [A-Za-z0-9], so this
** gives the same bytes as the utf8proc path without its allocation and tables. */
static int normalize_ascii(const char *s, size_t len, char **out, size_t *outlen)
{
    char *o = malloc(len + 1);
    if (!o) return KG_NOMEM;
    size_t w = 0;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'' || c == '`') continue;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            space = w > 0;
            continue;
        }
        if (space) o[w++] = ' ';
        space = 0;
        o[w++] = (char)c;
    }
    o[w] = 0;
    *out = o;
    *outlen = w;
    return KG_OK;
}

int kg_names_normalize(const char *s, size_t len, char **out, size_t *outlen)
{
    *out = NULL;
    size_t i = 0;
    while (i < len && (unsigned char)s[i] - 1u < 0x7fu)
        i++; /* bytes 0x01..0x7f */
    if (i == len) return normalize_ascii(s, len, out, outlen);
    if (!kg_utf8_valid(s, len)) return KG_INVALID;
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                                      UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STABLE);
    if (n < 0) return n == UTF8PROC_ERROR_NOMEM ? KG_NOMEM : KG_INVALID;
    char *o = malloc((size_t)n + 1);
    if (!o) {
        free(m);
        return KG_NOMEM;
    }
    size_t w = 0;
    int space = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &c);
        if (k <= 0) break;
        if (is_apostrophe(c)) {
            i += k;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(c);
        int alnum = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (!alnum) {
            space = w > 0;
        } else {
            if (space) o[w++] = ' ';
            space = 0;
            memcpy(o + w, m + i, (size_t)k);
            w += (size_t)k;
        }
        i += k;
    }
    o[w] = 0;
    free(m);
    *out = o;
    *outlen = w;
    return KG_OK;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w';
}

/* Skeleton of one token into o; returns bytes written. collapse_digits: the
** format 2 rule, in which doubled digits collapsed like doubled letters. */
static size_t skel_token(const char *t, size_t n, char *o, int collapse_digits)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i], nx = i + 1 < n ? t[i + 1] : 0, r = c;
        if (nx == 'h' &&
            (c == 'k' || c == 'g' || c == 's' || c == 'c' || c == 't' || c == 'd' || c == 'p')) {
            r = c == 'k'               ? 'x'
                : c == 'g'             ? 'q'
                : c == 's' || c == 'c' ? '$'
                : c == 't'             ? 't'
                : c == 'd'             ? 'z'
                                       : 'f';
            i++;
        } else if (c == 'q' || c == 'c') {
            r = 'k';
        } else if (is_vowel(c)) {
            continue;
        }
        /* doubled letters collapse, doubled digits do not */
        if (w > 0 && o[w - 1] == r && (collapse_digits || r < '0' || r > '9')) continue;
        o[w++] = r;
    }
    return w;
}

int kg_names_skeleton(const char *s, size_t len, char **out, size_t *outlen)
{
    return kg_names_skeleton_fmt(s, len, KG_FORMAT_VERSION, out, outlen);
}

int kg_names_skeleton_fmt(const char *s, size_t len, int format, char **out, size_t *outlen)
{
    char *norm;
    size_t nl;
    int rc = kg_names_normalize(s, len, &norm, &nl);
    if (rc) return rc;
    char *o = malloc(nl + 1);
    if (!o) {
        free(norm);
        return KG_NOMEM;
    }
    /* split into tokens */
    const char *tok[64];
    size_t tl[64], nt = 0;
    for (size_t i = 0; i < nl && nt < 64;) {
        while (i < nl && norm[i] == ' ')
            i++;
        size_t j = i;
        while (j < nl && norm[j] != ' ')
            j++;
        if (j > i) tok[nt] = norm + i, tl[nt++] = j - i;
        i = j;
    }
    size_t w = 0;
    static const char *const sun[] = {"as", "ash", "ad", "adh", "an",
                                      "ar", "at",  "az", "ath", NULL};
    for (size_t i = 0; i < nt; i++) {
        const char *t = tok[i];
        size_t n = tl[i];
#define TOK_IS(lit) (n == sizeof(lit) - 1 && memcmp(t, lit, n) == 0)
        if (TOK_IS("al") || TOK_IS("el") || TOK_IS("ul")) continue;
        int drop = 0;
        for (int k = 0; sun[k] && i + 1 < nt; k++)
            if (n == strlen(sun[k]) && !memcmp(t, sun[k], n) && tok[i + 1][0] == t[1]) drop = 1;
        if (drop) continue;
        if (TOK_IS("abdul") || TOK_IS("abdel") || TOK_IS("abdal") || TOK_IS("abd")) {
            t = "bd", n = 2; /* the skeleton of abd */
            if (i + 1 < nt && ((tl[i + 1] == 2 &&
                                (!memcmp(tok[i + 1], "al", 2) || !memcmp(tok[i + 1], "el", 2)))))
                i++;
        }
#undef TOK_IS
        char buf[256];
        size_t k = n < sizeof buf ? skel_token(t, n, buf, format < 3) : 0;
        if (!k) continue;
        if (w) o[w++] = ' ';
        memcpy(o + w, buf, k);
        w += k;
    }
    o[w] = 0;
    free(norm);
    *out = o;
    *outlen = w;
    return KG_OK;
}

int kg_normalize(const char *name, size_t len, char **out)
{
    if (!name || !out) return KG_MISUSE;
    size_t n;
    return kg_names_normalize(name, len, out, &n);
}

int kg_skeleton(const char *name, size_t len, char **out)
{
    if (!name || !out) return KG_MISUSE;
    size_t n;
    return kg_names_skeleton(name, len, out, &n);
}

/* Query types that stand for several stored types, one row each: a pattern
** (:actor) matches any of its members; no node is stored under the name. */
static const struct {
    const char *name;
    const char *members[4]; /* NULL-terminated */
} supertypes[] = {
    {"actor", {"person", "organisation", "country", NULL}},
};

const char *const *kg_supertype(const char *type)
{
    for (size_t i = 0; type && i < sizeof supertypes / sizeof supertypes[0]; i++)
        if (!strcmp(type, supertypes[i].name)) return supertypes[i].members;
    return NULL;
}

bool kg_type_matches(const char *want, const char *type)
{
    if (!want) return true;
    if (!strcmp(want, type)) return true;
    const char *const *m = kg_supertype(want);
    for (; m && *m; m++)
        if (!strcmp(*m, type)) return true;
    return false;
}

/* ---------------------------------------------------------------- dates
** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
** days-from-civil algorithm). */

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

int kg_date_parse(const char *s, size_t len, int32_t *days)
{
    if (!s || len != 10 || s[4] != '-' || s[7] != '-') return KG_INVALID;
    int v[3] = {0, 0, 0}, pos[3] = {0, 5, 8}, w[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < w[f]; i++) {
            char c = s[pos[f] + i];
            if (c < '0' || c > '9') return KG_INVALID;
            v[f] = v[f] * 10 + (c - '0');
        }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1]) return KG_INVALID;
    int leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[1] == 2 && v[2] == 29 && !leap) return KG_INVALID;
    *days = days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]);
    return KG_OK;
}

void kg_date_format(int32_t z, char buf[11])
{
    if (z == KG_NODATE) {
        strcpy(buf, "");
        return;
    }
    int64_t zz = (int64_t)z + 719468;
    int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
    unsigned doe = (unsigned)(zz - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;
    snprintf(buf, 11, "%04d-%02u-%02u", (int)y, m % 100, d % 100);
}

void kg_free(void *p)
{
    free(p);
}

const char *kg_version(void)
{
    return KG_VERSION_STRING; /* project(VERSION), CMakeLists.txt */
}
