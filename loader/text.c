/*
** text.c -- reading and cleaning documents (kgl layer): UTF-8 checks, markup
** removal (markdown-flavoured web text, simple HTML), boilerplate, title,
** author and date lines, dated sections, sentences and tokens with byte
** offsets into the cleaned text that kg stores as the document text.
*/
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kgl.h"

int kgl_check_text(const char *raw, size_t len, char *why, size_t whylen)
{
    size_t i = 0, blank = 1;
    if (len == 0) {
        snprintf(why, whylen, "empty file");
        return -1;
    }
    for (size_t k = 0; k < len; k++) {
        if (raw[k] == 0) {
            snprintf(why, whylen, "binary file (NUL byte at offset %zu)", k);
            return -1;
        }
        if (!isspace((unsigned char)raw[k])) blank = 0;
    }
    while (i < len) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)raw + i, len - i, &c);
        if (k <= 0) {
            snprintf(why, whylen, "invalid UTF-8 at byte %zu", i);
            return -1;
        }
        if (c < 32 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
            snprintf(why, whylen, "binary file (control byte 0x%02x at offset %zu)", (unsigned)c,
                     i);
            return -1;
        }
        i += k;
    }
    if (blank) {
        snprintf(why, whylen, "empty file (only white space)");
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- dates */
/* Day number of y-m-d through the engine (kg_date_parse): KG_NODATE for an
** impossible day (30 February) or a year outside 0000..9999. */
static int32_t day_of(int y, int m, int d)
{
    char buf[16];
    int32_t days;
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return KG_NODATE;
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return kg_date_parse(buf, 10, &days) == KG_OK ? days : KG_NODATE;
}

static const char *months[] = {"january",   "february", "march",    "april",
                               "may",       "june",     "july",     "august",
                               "september", "october",  "november", "december"};

static int month_of(const char *w, size_t n)
{
    for (int i = 0; i < 12; i++) {
        size_t ml = strlen(months[i]);
        if (n == ml && !strncasecmp(w, months[i], n)) return i + 1;
        if (n == 3 && !strncasecmp(w, months[i], 3)) return i + 1;
        if (n == 4 && i == 8 && !strncasecmp(w, "sept", 4)) return 9;
    }
    return 0;
}

/* Find the first date in s: "January 5, 2020", "5 February 2019", "2020-01-05". */
int32_t kgl_date_find(const char *s, size_t n)
{
    const char *w[64];
    size_t wl[64];
    int nw = 0;
    for (size_t i = 0; i < n && nw < 64;) {
        if (isalnum((unsigned char)s[i])) {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)s[j]) ||
                             (s[j] == '-' && j + 1 < n && isdigit((unsigned char)s[j + 1]))))
                j++;
            w[nw] = s + i;
            wl[nw++] = j - i;
            i = j;
        } else
            i++;
    }
    for (int i = 0; i < nw; i++) {
        int y, d;
        int32_t iso;
        if (wl[i] == 10 && kg_date_parse(w[i], 10, &iso) == KG_OK) return iso;
        int mo = month_of(w[i], wl[i]);
        if (mo && i + 2 < nw && wl[i + 2] == 4 && wl[i + 1] <= 2 &&
            isdigit((unsigned char)*w[i + 1]) && isdigit((unsigned char)*w[i + 2])) {
            d = atoi(w[i + 1]);
            y = atoi(w[i + 2]);
            if ((iso = day_of(y, mo, d)) != KG_NODATE) return iso;
        }
        if (mo && i >= 1 && i + 1 < nw && wl[i - 1] <= 2 && isdigit((unsigned char)*w[i - 1]) &&
            wl[i + 1] == 4 && isdigit((unsigned char)*w[i + 1])) {
            d = atoi(w[i - 1]);
            y = atoi(w[i + 1]);
            if ((iso = day_of(y, mo, d)) != KG_NODATE) return iso;
        }
    }
    return KG_NODATE;
}

/* Number of words in a line (for "is this line only a date?"). */
static int word_count(const char *s, size_t n)
{
    int c = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        int a = !isspace((unsigned char)s[i]);
        if (a && !in) c++;
        in = a;
    }
    return c;
}

/* ---------------------------------------------------------------- HTML to text */
static void html_entity(kgl_buf *o, const char **pp, const char *end)
{
    const char *p = *pp;
    static const struct {
        const char *n;
        const char *v;
    } ents[] = {{"&amp;", "&"},
                {"&lt;", "<"},
                {"&gt;", ">"},
                {"&quot;", "\""},
                {"&#39;", "'"},
                {"&apos;", "'"},
                {"&nbsp;", " "},
                {"&rsquo;", "\xE2\x80\x99"},
                {"&lsquo;", "\xE2\x80\x98"},
                {"&ldquo;", "\xE2\x80\x9C"},
                {"&rdquo;", "\xE2\x80\x9D"},
                {"&mdash;", "\xE2\x80\x94"},
                {"&ndash;", "\xE2\x80\x93"}};
    for (size_t i = 0; i < sizeof ents / sizeof *ents; i++) {
        size_t l = strlen(ents[i].n);
        if ((size_t)(end - p) >= l && !strncasecmp(p, ents[i].n, l)) {
            kgl_buf_puts(o, ents[i].v);
            *pp = p + l;
            return;
        }
    }
    if (end - p > 3 && p[1] == '#') {
        char *e;
        long v = p[2] == 'x' || p[2] == 'X' ? strtol(p + 3, &e, 16) : strtol(p + 2, &e, 10);
        if (e < end && *e == ';' && v > 0 && v < 0x110000) {
            utf8proc_uint8_t u[4];
            utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)v, u);
            kgl_buf_put(o, (char *)u, k);
            *pp = e + 1;
            return;
        }
    }
    kgl_buf_putc(o, '&');
    *pp = p + 1;
}

static int looks_html(const char *s, size_t n)
{
    size_t lim = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 3 < lim; i++)
        if (s[i] == '<' &&
            (!strncasecmp(s + i + 1, "html", 4 <= lim - i - 1 ? 4 : 0) ||
             !strncasecmp(s + i + 1, "p>", 2) || !strncasecmp(s + i + 1, "p ", 2) ||
             !strncasecmp(s + i + 1, "body", 4) || !strncasecmp(s + i + 1, "div", 3) ||
             !strncasecmp(s + i + 1, "!doctype", 8) || !strncasecmp(s + i + 1, "h1", 2)))
            return 1;
    return 0;
}

/* Convert simple HTML to lines of text: block tags become line breaks,
** <title> becomes a "# " heading, script/style are dropped. */
static char *html_to_text(const char *s, size_t n, size_t *outlen)
{
    kgl_buf o = {0};
    const char *p = s, *end = s + n;
    while (p < end) {
        if (*p == '<') {
            const char *q = memchr(p, '>', end - p);
            if (!q) break;
            char name[16];
            size_t k = 0;
            const char *t = p + 1;
            int closing = 0;
            if (*t == '/') closing = 1, t++;
            while (t < q && k < 15 && isalnum((unsigned char)*t))
                name[k++] = tolower((unsigned char)*t++);
            name[k] = 0;
            if (!closing && (!strcmp(name, "script") || !strcmp(name, "style"))) {
                char close[24];
                snprintf(close, sizeof close, "</%s", name);
                const char *r = q;
                while (r < end && strncasecmp(r, close, strlen(close)))
                    r++;
                const char *r2 = r < end ? memchr(r, '>', end - r) : NULL;
                p = r2 ? r2 + 1 : end;
                continue;
            }
            if (!strcmp(name, "title") && !closing)
                kgl_buf_puts(&o, "\n# ");
            else if (!strcmp(name, "h1") && !closing)
                kgl_buf_puts(&o, "\n# ");
            else if (!strcmp(name, "p") || !strcmp(name, "br") || !strcmp(name, "div") ||
                     !strcmp(name, "li") || !strcmp(name, "tr") || !strcmp(name, "title") ||
                     (name[0] == 'h' && isdigit((unsigned char)name[1])) ||
                     !strcmp(name, "blockquote"))
                kgl_buf_puts(&o, "\n\n");
            p = q + 1;
        } else if (*p == '&') {
            html_entity(&o, &p, end);
        } else if (*p == '\n' || *p == '\r' || *p == '\t') {
            kgl_buf_putc(&o, ' ');
            p++;
        } else
            kgl_buf_putc(&o, *p++);
    }
    if (!o.p) kgl_buf_put(&o, "", 0);
    *outlen = o.len;
    return o.p;
}

/* ---------------------------------------------------------------- markdown inline */
/* Remove inline markup from one line: [text](url) -> text, ![alt](url) -> "",
** emphasis markers, strike-through, backslash escapes. Link text is cleaned
** by the same rules (links nest); a '[' is a link when its matching ']' (the
** brackets nest, escaped ones counted too) is followed by '(' and a ')' comes
** after it, all inside the link text around it, if any.
**
** Linear time and no recursion, for hostile input (200,000 nested links
** overflowed the stack; a line of '[' took time quadratic in its length): a
** first pass matches brackets with a stack and gives each ']' followed by
** '(' the first ')' after it; the second writes the text, entering and
** leaving link texts with an explicit stack of their bounds. Memory is
** proportional to the brackets of the line. */

typedef struct link_pair {
    uint32_t open;  /* offset of the '[' */
    uint32_t close; /* its matching ']' */
    uint32_t paren; /* the first ')' after a '(' right after close; NO_PAREN if none */
} link_pair;
#define NO_PAREN UINT32_MAX

typedef struct link_text {
    uint32_t start, end, paren; /* the text's first byte, its ']', the url's ')' */
} link_text;

static int pair_cmp(const void *a, const void *b)
{
    uint32_t x = ((const link_pair *)a)->open, y = ((const link_pair *)b)->open;
    return x < y ? -1 : x > y;
}

static void inline_clean(kgl_buf *o, const char *s, size_t n)
{
    link_pair *pairs = NULL;
    size_t np = 0, cap = 0;
    if (n < NO_PAREN && memchr(s, '[', n)) {
        uint32_t *open = NULL, *wait = NULL; /* unmatched '[' offsets; pairs waiting for ')' */
        size_t no = 0, capo = 0, nw = 0, capw = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '[') {
                if (no == capo)
                    capo = capo ? 2 * capo : 64, open = kgl_xrealloc(open, capo * sizeof *open);
                open[no++] = (uint32_t)i;
            } else if (s[i] == ']' && no) {
                if (np == cap)
                    cap = cap ? 2 * cap : 64, pairs = kgl_xrealloc(pairs, cap * sizeof *pairs);
                pairs[np] = (link_pair){open[--no], (uint32_t)i, NO_PAREN};
                if (i + 1 < n && s[i + 1] == '(') {
                    if (nw == capw)
                        capw = capw ? 2 * capw : 64, wait = kgl_xrealloc(wait, capw * sizeof *wait);
                    wait[nw++] = (uint32_t)np;
                }
                np++;
            } else if (s[i] == ')') {
                while (nw)
                    pairs[wait[--nw]].paren = (uint32_t)i;
            }
        }
        free(open);
        free(wait);
        if (np) qsort(pairs, np, sizeof *pairs, pair_cmp); /* by '[': the second pass's order */
    }
    link_text *st = NULL;
    size_t ns = 0, caps = 0, next = 0;
    size_t start = 0, end = n; /* the text being cleaned: the line, or the innermost link text */
    for (size_t i = 0; i < n;) {
        if (ns && i == end) { /* the ']' of a link text: leave it and skip its url */
            i = st[--ns].paren + 1;
            start = ns ? st[ns - 1].start : 0, end = ns ? st[ns - 1].end : n;
            continue;
        }
        char c = s[i];
        if (c == '\\' && i + 1 < end && ispunct((unsigned char)s[i + 1])) {
            kgl_buf_putc(o, s[i + 1]);
            i += 2;
        } else if ((c == '!' && i + 1 < end && s[i + 1] == '[') || c == '[') {
            size_t b = c == '!' ? i + 1 : i;
            while (next < np && pairs[next].open < b)
                next++;
            const link_pair *lp = next < np && pairs[next].open == b ? &pairs[next] : NULL;
            if (lp && lp->close + 1 < end && s[lp->close + 1] == '(' && lp->paren < end) {
                if (c == '!') { /* an image: nothing of it */
                    i = lp->paren + 1;
                    continue;
                }
                if (ns == caps)
                    caps = caps ? 2 * caps : 16, st = kgl_xrealloc(st, caps * sizeof *st);
                st[ns++] = (link_text){(uint32_t)(b + 1), lp->close, lp->paren};
                start = b + 1, end = lp->close;
                i = b + 1;
                continue;
            }
            kgl_buf_putc(o, c);
            i++;
        } else if (c == '*' || (c == '_' && i + 1 < end && s[i + 1] == '_') ||
                   (c == '~' && i + 1 < end && s[i + 1] == '~')) {
            /* emphasis marker: drop a run of them unless it stands alone between spaces */
            size_t j = i;
            while (j < end && s[j] == c)
                j++;
            int before = i > start && !isspace((unsigned char)s[i - 1]);
            int after = j < end && !isspace((unsigned char)s[j]);
            if (!before && !after && c == '*') kgl_buf_put(o, s + i, j - i);
            i = j;
        } else {
            kgl_buf_putc(o, c);
            i++;
        }
    }
    free(st);
    free(pairs);
}

static int starts_ci(const char *norm, const char *prefix)
{
    return !strncmp(norm, prefix, strlen(prefix));
}

static int in_list(char **list, int n, const char *norm)
{
    for (int i = 0; i < n; i++)
        if (starts_ci(norm, list[i])) return 1;
    return 0;
}

static int ends_with_stopword(const char *s, size_t n)
{
    static const char *sw[] = {"in",   "of", "the", "to",   "and",   "a",  "an",
                               "at",   "on", "for", "from", "with",  "by", "while",
                               "that", "or", "but", "its",  "their", NULL};
    size_t e = n;
    while (e && isspace((unsigned char)s[e - 1]))
        e--;
    size_t b = e;
    while (b && isalpha((unsigned char)s[b - 1]))
        b--;
    if (b == e) return 0;
    for (int i = 0; sw[i]; i++)
        if (strlen(sw[i]) == e - b && !strncmp(s + b, sw[i], e - b)) return 1;
    return 0;
}

/* ---------------------------------------------------------------- tokens and sentences */
static const char *abbrevs[] = {
    "u.s",  "u.k",  "u.n",  "gen",    "lt",      "col", "brig", "maj",    "sgt",  "capt",
    "mr",   "mrs",  "ms",   "dr",     "st",      "jan", "feb",  "mar",    "apr",  "aug",
    "sept", "sep",  "oct",  "nov",    "dec",     "no",  "vol",  "rep",    "sen",  "gov",
    "adm",  "vs",   "e.g",  "i.e",    "jr",      "sr",  "inc",  "co",     "corp", "a.m",
    "p.m",  "cmdr", "prof", "rev",    "messrs",  "ft",  "mt",   "sheikh", "amb",  "cpl",
    "pvt",  "cdr",  "gens", "lt.gen", "maj.gen", NULL};

static int is_abbrev(const char *s, size_t n)
{
    char w[16];
    if (n == 0 || n >= sizeof w) return 0;
    for (size_t i = 0; i < n; i++)
        w[i] = tolower((unsigned char)s[i]);
    w[n] = 0;
    if (n == 1 && isalpha((unsigned char)w[0])) return 1; /* initials: J. */
    for (int i = 0; abbrevs[i]; i++)
        if (!strcmp(w, abbrevs[i])) return 1;
    /* dotted acronyms U.S.A */
    int dots = 0;
    for (size_t i = 0; i < n; i++)
        dots += w[i] == '.';
    return dots >= 1 && n <= 6;
}

static int is_letter_at(const char *s, size_t n, size_t i, size_t *k)
{
    int32_t c;
    utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &c);
    if (l <= 0) {
        *k = 1;
        return 0;
    }
    *k = l;
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat == UTF8PROC_CATEGORY_ND);
}

static int is_apos(const char *s, size_t n, size_t i)
{
    return s[i] == '\'' || (i + 2 < n && (unsigned char)s[i] == 0xE2 &&
                            (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] == 0x99));
}

static void add_tok(kgl_doc *d, int *cap, uint32_t s, uint32_t e, int punct, int glued, int poss)
{
    if (d->ntok == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        d->tok = kgl_xrealloc(d->tok, *cap * sizeof *d->tok);
    }
    kgl_tok *t = &d->tok[d->ntok++];
    memset(t, 0, sizeof *t);
    t->s = s;
    t->e = e;
    t->punct = punct;
    t->glued = glued;
    t->poss = poss;
    if (poss)
        t->norm = kgl_strndup("s", 1);
    else if (punct)
        t->norm = kgl_strndup(d->text + s, e - s);
    else {
        t->norm = kgl_norm(d->text + s, e - s);
        int letters = 0, upper = 0;
        for (uint32_t i = s; i < e;) {
            int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)d->text + i, e - i, &c);
            if (k <= 0) break;
            utf8proc_category_t cat = utf8proc_category(c);
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
                if (!letters) t->cap = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
                letters++;
                upper += cat == UTF8PROC_CATEGORY_LU;
            }
            i += k;
        }
        t->upper = letters >= 2 && upper == letters;
    }
}

/* Tokenise text[s, e) (one paragraph). */
static void tokenize(kgl_doc *d, int *cap, size_t s, size_t e)
{
    const char *x = d->text;
    size_t i = s;
    int glued = 0;
    while (i < e) {
        size_t k;
        if (isspace((unsigned char)x[i])) {
            i++;
            glued = 0;
            continue;
        }
        if (is_letter_at(x, e, i, &k)) {
            size_t j = i + k;
            for (;;) {
                if (j >= e) break;
                if (is_letter_at(x, e, j, &k)) {
                    j += k;
                    continue;
                }
                /* internal apostrophe followed by a letter, but not possessive 's */
                if (is_apos(x, e, j)) {
                    size_t al = x[j] == '\'' ? 1 : 3, k2;
                    if (j + al < e && is_letter_at(x, e, j + al, &k2)) {
                        int poss = (x[j + al] == 's' || x[j + al] == 'S') &&
                                   (j + al + 1 >= e || !is_letter_at(x, e, j + al + 1, &k2));
                        if (poss) break;
                        j += al;
                        continue;
                    }
                    break;
                }
                /* digits with , or . inside: 5,200 / 3.5 */
                if ((x[j] == ',' || x[j] == '.') && j + 1 < e && isdigit((unsigned char)x[j + 1]) &&
                    isdigit((unsigned char)x[j - 1])) {
                    j++;
                    continue;
                }
                /* U.S. style: period followed by a letter then period */
                if (x[j] == '.' && j + 1 < e && isalpha((unsigned char)x[j + 1]) && j + 2 <= e &&
                    (j + 2 == e || x[j + 2] == '.' || !isalpha((unsigned char)x[j + 2])) &&
                    j - i <= 2) {
                    j += 2;
                    continue;
                }
                break;
            }
            /* abbreviation period belongs to the word */
            if (j < e && x[j] == '.' && is_abbrev(x + i, j - i)) j++;
            add_tok(d, cap, i, j, 0, glued, 0);
            glued = 0;
            i = j;
            /* possessive */
            if (i < e && is_apos(x, e, i)) {
                size_t al = x[i] == '\'' ? 1 : 3, k2;
                if (i + al < e && (x[i + al] == 's' || x[i + al] == 'S') &&
                    (i + al + 1 >= e || !is_letter_at(x, e, i + al + 1, &k2))) {
                    add_tok(d, cap, i, i + al + 1, 0, 0, 1);
                    i += al + 1;
                }
            }
            if (i < e && (x[i] == '-') && i + 1 < e && is_letter_at(x, e, i + 1, &k)) {
                glued = 1;
                i++;
            }
            continue;
        }
        /* punctuation: one code point; a no-break or other Unicode space separates words */
        int32_t c;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)x + i, e - i, &c);
        if (l <= 0) l = 1;
        if (l > 1 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS) {
            i += l;
            glued = 0;
            continue;
        }
        add_tok(d, cap, i, i + l, 1, 0, 0);
        glued = 0;
        i += l;
    }
}

static int is_close_quote(const kgl_tok *t, const char *x)
{
    const char *p = x + t->s;
    size_t n = t->e - t->s;
    return (n == 1 && (*p == '"' || *p == ')' || *p == '\'')) ||
           (n == 3 && (!memcmp(p, "\xE2\x80\x9D", 3) || !memcmp(p, "\xE2\x80\x99", 3)));
}

static int is_open_quote(const kgl_tok *t, const char *x)
{
    const char *p = x + t->s;
    size_t n = t->e - t->s;
    return (n == 1 && (*p == '"' || *p == '(' || *p == '\'')) ||
           (n == 3 && (!memcmp(p, "\xE2\x80\x9C", 3) || !memcmp(p, "\xE2\x80\x98", 3)));
}

static int speech_word(const char *w)
{
    static const char *sv[] = {"said",     "asked",     "told",        "added",     "wrote",
                               "says",     "asks",      "noted",       "argued",    "warned",
                               "stressed", "concluded", "highlighted", "explained", "he",
                               "she",      "they",      "the",         NULL};
    for (int i = 0; sv[i]; i++)
        if (!strcmp(w, sv[i])) return 1;
    return 0;
}

static void push_sentence(kgl_doc *d, int para, int section, int t0, int t1, int *cap)
{
    if (*cap == d->nsent) {
        *cap = *cap ? *cap * 2 : 256;
        d->sent = kgl_xrealloc(d->sent, *cap * sizeof *d->sent);
    }
    d->sent[d->nsent++] = (kgl_sent){d->tok[t0].s, d->tok[t1 - 1].e, t0, t1, para, section};
}

/* Cut [*start, ...) while the tokens up to i run past KGL_MAX_SENTENCE bytes:
** after the last , ; : in the second half of the window, else before token i
** (never inside a hyphenated word or before a possessive). Linear: each cut
** looks back over at most one window. */
static void cut_long(kgl_doc *d, int para, int section, int *start, int i, int *cap)
{
    while (i > *start && d->tok[i].e - d->tok[*start].s > KGL_MAX_SENTENCE) {
        int j = i;
        for (int k = i - 1; k > *start && d->tok[k].s - d->tok[*start].s >= KGL_MAX_SENTENCE / 2;
             k--) {
            char ch = d->text[d->tok[k].s];
            if (d->tok[k].punct && d->tok[k].e - d->tok[k].s == 1 &&
                (ch == ',' || ch == ';' || ch == ':')) {
                j = k + 1;
                break;
            }
        }
        while (j > *start + 1 && (d->tok[j].glued || d->tok[j].poss))
            j--;
        push_sentence(d, para, section, *start, j, cap);
        *start = j;
    }
}

static void split_sentences(kgl_doc *d, int para, int section, int t0, int t1, int *cap)
{
    int start = t0;
    for (int i = t0; i < t1; i++) {
        cut_long(d, para, section, &start, i, cap);
        kgl_tok *t = &d->tok[i];
        if (!t->punct) continue;
        char c = d->text[t->s];
        if (!(c == '.' || c == '!' || c == '?') || t->e - t->s != 1) continue;
        int j = i + 1;
        /* a straight quote closes only when it touches the stop ('advanced."'); after a
        ** space it opens the next sentence ('advanced. "They are ...') */
        while (j < t1 && d->tok[j].punct && is_close_quote(&d->tok[j], d->text) &&
               !(d->text[d->tok[j].s] == '"' && d->tok[j].s > d->tok[j - 1].e))
            j++;
        /* citation marks after the full stop: "... control.[14][15] Other agencies" */
        while (j + 2 < t1 && d->text[d->tok[j].s] == '[' && d->tok[j].e - d->tok[j].s == 1 &&
               isdigit((unsigned char)d->text[d->tok[j + 1].s]) && d->text[d->tok[j + 2].s] == ']')
            j += 3;
        if (j >= t1) break;
        kgl_tok *n = &d->tok[j];
        int ok = n->cap || isdigit((unsigned char)d->text[n->s]) || is_open_quote(n, d->text);
        if (!ok) continue;
        /* "?” Kovalik asked" - the attribution continues the sentence */
        if (j > i + 1 && (c == '?' || c == '!')) {
            int hit = 0;
            for (int k = j; k < t1 && k < j + 4; k++)
                if (speech_word(d->tok[k].norm) && k > j) hit = 1;
            if (hit) continue;
        }
        cut_long(d, para, section, &start, j - 1, cap);
        push_sentence(d, para, section, start, j, cap);
        start = j;
    }
    if (start < t1) {
        cut_long(d, para, section, &start, t1 - 1, cap);
        push_sentence(d, para, section, start, t1, cap);
    }
}

/* ---------------------------------------------------------------- the cleaner */
typedef struct para {
    size_t s, e; /* span in cleaned text */
    int section; /* section index */
} para;

kgl_doc *kgl_doc_parse(const kgl_lex *lx, const char *raw, size_t len)
{
    kgl_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->date = KG_NODATE;
    char *html = NULL;
    if (looks_html(raw, len)) {
        html = html_to_text(raw, len, &len);
        raw = html;
    }
    kgl_buf out = {0};
    para *paras = NULL;
    int npara = 0, cappara = 0;
    kgl_section *secs = NULL;
    int nsec = 0, capsec = 0;
    int skipping = 0, seen_body = 0, section = 0;
    size_t sec_start = 0;
    kgl_buf line = {0};
    const char *p = raw, *end = raw + len;
    int prev_open = 0; /* last paragraph may continue on the next line */
    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        const char *le = nl ? nl : end;
        line.len = 0;
        inline_clean(&line, p, le - p);
        if (!line.p) kgl_buf_put(&line, "", 0);
        p = nl ? nl + 1 : end;
        /* trim */
        char *ls = line.p;
        size_t ll = line.len;
        while (ll && isspace((unsigned char)*ls))
            ls++, ll--;
        while (ll && isspace((unsigned char)ls[ll - 1]))
            ll--;
        if (!ll) continue;
        int heading = 0;
        if (*ls == '#') {
            while (ll && *ls == '#')
                ls++, ll--;
            while (ll && isspace((unsigned char)*ls))
                ls++, ll--;
            heading = 1;
            if (!ll) continue;
        }
        char *nrm = kgl_line_norm(ls, ll);
        int wc = word_count(ls, ll), is_title = 0;
        int32_t dt = wc <= 8 ? kgl_date_find(ls, ll) : KG_NODATE;
        /* a line that is only a date closes a dated post (blog layout) */
        if (dt != KG_NODATE && wc <= 4 && seen_body) {
            if (capsec == nsec) {
                capsec = capsec ? capsec * 2 : 8;
                secs = kgl_xrealloc(secs, capsec * sizeof *secs);
            }
            secs[nsec++] = (kgl_section){(uint32_t)sec_start, (uint32_t)out.len, dt};
            sec_start = out.len;
            section++;
            skipping = 0;
            prev_open = 0;
            free(nrm);
            continue;
        }
        if (!*nrm || !strcmp(ls, "---") || !strcmp(ls, "***") ||
            (ll == 1 && ispunct((unsigned char)*ls))) {
            prev_open = 0;
            free(nrm);
            continue;
        }
        if (skipping || in_list(lx->boiler, lx->nboiler, nrm)) {
            free(nrm);
            continue;
        }
        if (in_list(lx->cutoff, lx->ncutoff, nrm)) {
            skipping = 1;
            free(nrm);
            continue;
        }
        /* byline */
        if (!d->author && !strncmp(nrm, "by ", 3) && wc <= 6) {
            d->author = kgl_strndup(ls + 3, ll - 3);
            free(nrm);
            continue;
        }
        /* date line near the top: "Global Research, February 07, 2019" */
        if (dt != KG_NODATE && wc <= 7 && !seen_body) {
            if (d->date == KG_NODATE) d->date = dt;
            free(nrm);
            continue;
        }
        /* category lines of blogs: "a | b | c |" */
        if (ll && ls[ll - 1] == '|') {
            free(nrm);
            continue;
        }
        /* title: first heading, or the first short line without final punctuation */
        if (!d->title && !seen_body) {
            char lc = ls[ll - 1];
            int quoted = ll >= 3 && !memcmp(ls + ll - 3, "\xE2\x80\x9D", 3);
            if (heading ||
                (wc <= 25 && lc != '.' && lc != '"' && lc != ':' && !quoted && p < end)) {
                /* the headline is also text: its own paragraph, read like the body
                ** ("US says X", "Russia's invasion of Ukraine") */
                d->title = kgl_strndup(ls, ll);
                heading = is_title = 1;
            }
        }
        free(nrm);
        if (heading) {
            /* headings inside the body are their own paragraph */
            prev_open = 0;
        }
        seen_body |= !is_title; /* date and byline lines may follow the headline */
        int join = 0;
        if (prev_open && npara) {
            int lower = islower((unsigned char)*ls);
            /* a line that ends in a comma stops mid-sentence: "... as X thinks,\nMoscow ..." */
            int comma =
                paras[npara - 1].e > paras[npara - 1].s && out.p[paras[npara - 1].e - 1] == ',';
            if (lower || comma ||
                ends_with_stopword(out.p + paras[npara - 1].s,
                                   paras[npara - 1].e - paras[npara - 1].s))
                join = 1;
        }
        if (join) {
            kgl_buf_putc(&out, ' ');
            kgl_buf_put(&out, ls, ll);
            paras[npara - 1].e = out.len;
        } else {
            if (out.len) kgl_buf_putc(&out, '\n');
            if (cappara == npara) {
                cappara = cappara ? cappara * 2 : 64;
                paras = kgl_xrealloc(paras, cappara * sizeof *paras);
            }
            paras[npara].s = out.len;
            kgl_buf_put(&out, ls, ll);
            paras[npara].e = out.len;
            paras[npara].section = section;
            npara++;
        }
        char lc = ls[ll - 1];
        prev_open = !heading && !(lc == '.' || lc == '!' || lc == '?' || lc == ':' || lc == '"' ||
                                  (ll >= 3 && !memcmp(ls + ll - 3, "\xE2\x80\x9D", 3)));
    }
    kgl_buf_free(&line);
    free(html);
    if (!out.p) kgl_buf_put(&out, "", 0);
    if (sec_start < out.len || nsec == 0) {
        if (capsec == nsec) {
            capsec = capsec ? capsec * 2 : 8;
            secs = kgl_xrealloc(secs, capsec * sizeof *secs);
        }
        secs[nsec++] = (kgl_section){(uint32_t)sec_start, (uint32_t)out.len, d->date};
    }
    if (d->date == KG_NODATE)
        for (int i = 0; i < nsec; i++)
            if (secs[i].date != KG_NODATE) {
                d->date = secs[i].date;
                break;
            }
    for (int i = 0; i < nsec; i++)
        if (secs[i].date == KG_NODATE) secs[i].date = d->date;
    d->text = out.p;
    d->len = out.len;
    d->sec = secs;
    d->nsec = nsec;
    int tcap = 0, scap = 0;
    for (int i = 0; i < npara; i++) {
        int t0 = d->ntok;
        tokenize(d, &tcap, paras[i].s, paras[i].e);
        /* section of a paragraph: by offset */
        int sec = 0;
        for (int k = 0; k < nsec; k++)
            if (paras[i].s >= secs[k].s) sec = k;
        split_sentences(d, i, sec, t0, d->ntok, &scap);
    }
    for (int i = 0; i < d->nsent; i++)
        d->tok[d->sent[i].t0].sent0 = 1;
    free(paras);
    return d;
}

void kgl_doc_free(kgl_doc *d)
{
    if (!d) return;
    for (int i = 0; i < d->ntok; i++)
        free(d->tok[i].norm);
    free(d->tok);
    free(d->sent);
    free(d->sec);
    free(d->text);
    free(d->title);
    free(d->author);
    free(d);
}
