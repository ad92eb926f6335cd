/*
** loader_cases.c -- data-driven extraction tests of the loader (tests layer).
** Reads every tests/loader/NAME.test, runs kgl_extract with the default lexicon
** on each case and checks the facts and entities it must and must not give.
** The format is documented here and in loader/README.md, "Extraction tests":
**
**     # comment (a line starting with '#', anywhere)
**     === case name
**     Text of one sentence or a short paragraph (may span lines; a blank line
**     inside the text is a paragraph break).
**     ---
**     + Subject | relation | Object          must be extracted
**     - Subject | relation | Object          must NOT be extracted
**     ? Subject | relation | Object          wanted, not read yet (TAP TODO)
**     ?- Subject | relation | Object         known false positive (TAP TODO)
**     ! type Name                            an entity of this type exists
**     !- Name   or   !- type Name            no such entity
**     !1 type Name / Variant                 exactly one entity answers to
**                                            these names (variants unified)
**     ?! type Name, ?!- Name, ?!1 ...        the same, not met yet (TAP TODO)
**
** Rules:
**  (1) Relations: killed attacked located-at voted denied said member-of
**      leads, or `*` for any. Subject and object may be `*` (anyone).
**      Types: person organisation country base place event statement, or `*`.
**      A name or relation may list alternatives separated by " / " (`Russia /
**      Russian forces`, `killed / attacked`): any of them matches (a `-` line:
**      none may).
**  (2) Names match an entity's canonical name or any of its surface forms
**      (aliases) after kg_normalize (case, accents, apostrophes, hyphens and
**      periods), with spaces and a leading "the" ignored: "U.S." = "US",
**      "Kata'ib" = "Kataib", "al-Qaeda" = "Al Qaeda".
**  (3) Statements and events (the object of `said`, often of `denied`) match
**      when the expected words occur in their text as a run of whole words
**      (after the same normalisation): `+ X | said | the talks would resume`.
**  (4) `@modality` at the end of a fact line (asserted reported claimed denied
**      negated hypothetical) names the modality the fact must carry
**      (kgl_fact.modality, kgl_modality_name), optionally with its claimant or
**      source: `@claimed by Hamas`, `@reported by Reuters` (kgl_fact.claimant).
**      A line without it speaks of plain facts, the ones a plain MATCH
**      returns: asserted or reported. So `- Iran | killed | X` says Iran's
**      killing of X must not be stated as fact, while a claim of it
**      (`+ Iran | killed | X @claimed`) may exist. The loader stores no negated
**      or hypothetical facts, so those two only make sense on `-` lines.
**  (5) One TAP test per expectation line, named "file:line case name: line".
**      `?` lines are TAP TODO: a miss does not fail the run, a pass shows as
**      "TODO passed" (time to make it `+` or `-`). A failure prints the
**      entities and facts actually extracted (KGL_CASES_DIAG=1: for TODO
**      misses too).
**  (6) A malformed line, a case without text or without expectations, or a
**      duplicate case name is one failing test named "file:line: reason".
**
** Arguments: words that select files by substring ("killed", "attrib");
** none runs every file. `--status` prints one tab-separated row per
** expectation (file line mark pass) instead of TAP, for tests/loader/retag.py.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg.h"
#include "kgl.h"
#include "tap.h"

enum { X_FACT = 1, X_NOFACT, X_ENT, X_NOENT, X_ONE, X_ERROR };

static const char *const relations[] = {"killed", "attacked",  "located-at", "voted", "denied",
                                        "said",   "member-of", "leads",      "*",     NULL};
static const char *const types[] = {"person", "organisation", "country", "base", "place",
                                    "event",  "statement",    "*",       NULL};
static const char *const modalities[] = {"asserted", "reported",     "claimed", "denied",
                                         "negated",  "hypothetical", NULL};

typedef struct expect {
    int kind;       /* X_* */
    int todo;       /* 1: line marked '?' */
    int line;       /* line in the file */
    char *src;      /* the line as written (trimmed) */
    char *subj;     /* subject name, "*" for any (facts) */
    char *rel;      /* relation or "*" (facts) */
    char *obj;      /* object name or "*" (facts); entity name (entities) */
    char *type;     /* entity type or "*" (entities) */
    char *modality; /* @modality or NULL */
    char *claimant; /* "by NAME" after @modality, or NULL */
} expect;

typedef struct tcase {
    char *file; /* base name of the .test file */
    char *name; /* text after "=== " */
    int line;   /* line of the === header */
    char *text; /* the sentence(s) */
    expect *x;
    int nx, capx; /* expectations */
} tcase;

typedef struct suite {
    tcase *c;
    int nc, capc; /* cases, in file order */
    expect *err;
    int nerr, caperr; /* parse errors (kind X_ERROR, src = message) */
} suite;

typedef struct filestat {
    char name[128];                                    /* file */
    int cases, lines, pass, todo, todo_pass, fail, fp; /* counts; fp = '?-' lines */
} filestat;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "loader_cases: out of memory\n");
        exit(2);
    }
    return q;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* Trim spaces and tabs at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static int in_list(const char *const *list, const char *w)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(list[i], w)) return 1;
    return 0;
}

static void add_error(suite *st, const char *file, int line, const char *fmt, const char *arg)
{
    if (st->nerr == st->caperr) {
        st->caperr = st->caperr ? 2 * st->caperr : 8;
        st->err = xrealloc(st->err, st->caperr * sizeof *st->err);
    }
    char msg[512], why[384];
    snprintf(why, sizeof why, fmt, arg ? arg : "");
    snprintf(msg, sizeof msg, "%s:%d: %s", file, line, why);
    expect *e = &st->err[st->nerr++];
    memset(e, 0, sizeof *e);
    e->kind = X_ERROR;
    e->line = line;
    e->src = xstrndup(msg, strlen(msg));
}

/* Parse one expectation line (already trimmed, not a comment). 0 ok, else -1
** with a reason in why. */
static int parse_expect(char *s, expect *x, char *why, size_t whylen)
{
    memset(x, 0, sizeof *x);
    x->src = xstrndup(s, strlen(s));
    char *p = s;
    if (*p == '?') x->todo = 1, p++;
    if (p[0] == '!' && p[1] == '-')
        x->kind = X_NOENT, p += 2;
    else if (p[0] == '!' && p[1] == '1')
        x->kind = X_ONE, p += 2;
    else if (p[0] == '!')
        x->kind = X_ENT, p += 1;
    else if (p[0] == '+')
        x->kind = X_FACT, p += 1;
    else if (p[0] == '-')
        x->kind = X_NOFACT, p += 1;
    else if (x->todo && (p[0] == ' ' || p[0] == '\t'))
        x->kind = X_FACT;
    else {
        snprintf(why, whylen, "expected a line starting with + - ? ?- ! !- !1 (got '%.40s')", s);
        return -1;
    }
    if (*p != ' ' && *p != '\t') {
        snprintf(why, whylen, "a space must follow the mark (got '%.40s')", s);
        return -1;
    }
    p = trim(p);
    if (x->kind == X_ENT || x->kind == X_NOENT || x->kind == X_ONE) {
        char *sp = p + strcspn(p, " \t");
        char first[64];
        snprintf(first, sizeof first, "%.*s", (int)(sp - p), p);
        if (in_list(types, first) && *sp) {
            x->type = xstrndup(first, strlen(first));
            p = trim(sp);
        } else if (x->kind != X_NOENT) {
            snprintf(why, whylen,
                     "'!' and '!1' want a type (person organisation country base place event "
                     "statement *) and a name");
            return -1;
        } else
            x->type = xstrndup("*", 1);
        if (!*p) {
            snprintf(why, whylen, "entity line without a name");
            return -1;
        }
        x->obj = xstrndup(p, strlen(p));
        return 0;
    }
    /* fact: S | rel | O [@modality] */
    char *at = strrchr(p, '@');
    if (at && strchr(at, '|') == NULL && (at == p || at[-1] == ' ' || at[-1] == '\t')) {
        char *m = trim(at + 1);
        char *by = strstr(m, " by ");
        if (by) {
            *by = 0;
            char *c = trim(by + 4);
            if (!*c) {
                snprintf(why, whylen, "'@%.20s by' without a name", m);
                return -1;
            }
            x->claimant = xstrndup(c, strlen(c));
        }
        if (!in_list(modalities, m)) {
            snprintf(why, whylen,
                     "unknown modality '@%.40s' (want asserted reported claimed denied negated "
                     "hypothetical)",
                     m);
            return -1;
        }
        x->modality = xstrndup(m, strlen(m));
        *at = 0;
    }
    char *f[3];
    int n = 0;
    for (char *q = p;; n++) {
        char *bar = strchr(q, '|');
        if (n < 3) f[n] = q;
        if (!bar) break;
        *bar = 0;
        q = bar + 1;
    }
    if (n != 2) {
        snprintf(why, whylen, "want 'Subject | relation | Object' (three fields separated by '|')");
        return -1;
    }
    for (int i = 0; i < 3; i++)
        f[i] = trim(f[i]);
    if (!*f[0] || !*f[2]) {
        snprintf(why, whylen, "empty subject or object (use * for any)");
        return -1;
    }
    for (const char *q = f[1]; *q;) {
        while (*q == ' ' || *q == '/')
            q++;
        size_t k = strcspn(q, " /");
        char w[64];
        snprintf(w, sizeof w, "%.*s", (int)k, q);
        if (k && !in_list(relations, w)) {
            snprintf(why, whylen,
                     "unknown relation '%.40s' (want killed attacked located-at voted denied said "
                     "member-of leads *)",
                     w);
            return -1;
        }
        q += k;
    }
    if (!f[1][strspn(f[1], " /")]) {
        snprintf(why, whylen, "empty relation (use * for any)");
        return -1;
    }
    x->subj = xstrndup(f[0], strlen(f[0]));
    x->rel = xstrndup(f[1], strlen(f[1]));
    x->obj = xstrndup(f[2], strlen(f[2]));
    return 0;
}

static void expect_free(expect *x)
{
    free(x->src), free(x->subj), free(x->rel), free(x->obj), free(x->type), free(x->modality),
        free(x->claimant);
}

/* Parse a .test file into cases appended to st. */
static void parse_file(suite *st, const char *file, char *text)
{
    int lineno = 0, section = 0; /* 0 before a case, 1 text, 2 expectations */
    tcase *c = NULL;
    int first = st->nc;
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        char *line = p;
        p = nl ? nl + 1 : NULL;
        lineno++;
        char *t = trim(line);
        if (t[0] == '#') continue;
        if (!strncmp(line, "===", 3)) {
            if (c && !c->nx)
                add_error(st, file, c->line,
                          "case '%s' has no expectations (a '---' line and + - ? ! lines)",
                          c->name);
            if (st->nc == st->capc) {
                st->capc = st->capc ? 2 * st->capc : 64;
                st->c = xrealloc(st->c, st->capc * sizeof *st->c);
            }
            c = &st->c[st->nc++];
            memset(c, 0, sizeof *c);
            c->file = xstrndup(file, strlen(file));
            char *nm = trim(line + 3);
            c->name = xstrndup(nm, strlen(nm));
            c->line = lineno;
            section = 1;
            if (!*nm) add_error(st, file, lineno, "case without a name%s", NULL);
            for (int i = first; i < st->nc - 1; i++)
                if (!strcmp(st->c[i].name, c->name))
                    add_error(st, file, lineno, "duplicate case name '%s'", c->name);
            continue;
        }
        if (!c) {
            if (*t)
                add_error(st, file, lineno, "text before the first '=== case name' line: '%.40s'",
                          t);
            continue;
        }
        if (section == 1 && !strcmp(t, "---")) {
            if (!c->text) add_error(st, file, lineno, "case '%s' has no text", c->name);
            section = 2;
            continue;
        }
        if (section == 1) {
            /* keep the line as written; a blank line is a paragraph break */
            if (!c->text && !*t) continue;
            size_t a = c->text ? strlen(c->text) : 0, b = strlen(line);
            c->text = xrealloc(c->text, a + b + 2);
            memcpy(c->text + a, line, b);
            c->text[a + b] = '\n';
            c->text[a + b + 1] = 0;
            continue;
        }
        if (!*t) continue;
        expect x;
        char why[384];
        if (parse_expect(t, &x, why, sizeof why)) {
            expect_free(&x);
            add_error(st, file, lineno, "%s", why);
            continue;
        }
        x.line = lineno;
        if (c->nx == c->capx) {
            c->capx = c->capx ? 2 * c->capx : 8;
            c->x = xrealloc(c->x, c->capx * sizeof *c->x);
        }
        c->x[c->nx++] = x;
    }
    if (c && !c->nx)
        add_error(st, file, c->line,
                  "case '%s' has no expectations (a '---' line and + - ? ! lines)", c->name);
    if (c && section == 1 && !c->text)
        add_error(st, file, c->line, "case '%s' has no text", c->name);
    /* trailing blank lines of each text */
    for (int i = first; i < st->nc; i++) {
        char *s = st->c[i].text;
        if (!s) continue;
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
            s[--n] = 0;
    }
}

/* ---------------------------------------------------------------- matching */

/* kg_normalize, then a leading "the " dropped; spaced=0 also drops spaces.
** Caller frees. Invalid UTF-8 gives the raw bytes lower-cased. */
static char *norm(const char *s, int spaced)
{
    char *o = NULL;
    char *r;
    if (kg_normalize(s, strlen(s), &o) == KG_OK && o) {
        r = xstrndup(o, strlen(o));
        kg_free(o);
    } else
        r = xstrndup(s, strlen(s));
    char *p = r;
    if (!strncmp(p, "the ", 4)) p += 4;
    char *w = r;
    for (; *p; p++)
        if (spaced || *p != ' ') *w++ = *p;
    *w = 0;
    return r;
}

static int is_text_type(const char *type)
{
    return !strcmp(type, "statement") || !strcmp(type, "event");
}

/* Does entity e answer to `want` (already normalised both ways)? */
static int ent_match(const kgl_result *r, int e, const char *want, const char *want_sp)
{
    const kgl_ent *en = &r->ent[e];
    int text = is_text_type(en->type);
    for (int a = -1; a < en->nalias; a++) {
        const char *s = a < 0 ? en->name : en->alias[a];
        char *n = norm(s, 0);
        int hit = !strcmp(n, want);
        free(n);
        if (!hit && text) {
            /* whole-word run inside the text */
            char *sp = norm(s, 1);
            size_t hl = strlen(sp), wl = strlen(want_sp);
            char *hay = xrealloc(NULL, hl + 3), *needle = xrealloc(NULL, wl + 3);
            snprintf(hay, hl + 3, " %s ", sp);
            snprintf(needle, wl + 3, " %s ", want_sp);
            hit = wl && strstr(hay, needle) != NULL;
            free(hay), free(needle), free(sp);
        }
        if (hit) return 1;
    }
    return 0;
}

static const char *fact_modality(const kgl_fact *f)
{
    return kgl_modality_name(f->modality);
}

/* Does entity e answer to one of the ' / '-separated names in `names`? */
static int ent_match_any(const kgl_result *r, int e, const char *names)
{
    if (!strcmp(names, "*")) return 1;
    char *all = xstrndup(names, strlen(names));
    int hit = 0;
    for (char *p = all; p && !hit;) {
        char *sep = strstr(p, " / ");
        if (sep) *sep = 0;
        char *n = norm(p, 0), *nsp = norm(p, 1);
        hit = !strcmp(trim(p), "*") || ent_match(r, e, n, nsp);
        free(n), free(nsp);
        p = sep ? sep + 3 : NULL;
    }
    free(all);
    return hit;
}

/* Is rel one of the ' / '-separated relations in want (or want "*")? */
static int rel_match(const char *want, const char *rel)
{
    size_t n = strlen(rel);
    for (const char *p = want; *p;) {
        while (*p == ' ' || *p == '/')
            p++;
        size_t k = strcspn(p, " /");
        if ((k == 1 && *p == '*') || (k == n && !strncmp(p, rel, n))) return 1;
        p += k;
    }
    return 0;
}

/* Is there a fact matching x? */
static int fact_found(const kgl_result *r, const expect *x)
{
    for (int i = 0; i < r->nfact; i++) {
        const kgl_fact *f = &r->fact[i];
        if (!rel_match(x->rel, f->rel)) continue;
        const char *m = fact_modality(f);
        if (x->modality) {
            if (strcmp(m, x->modality)) continue;
            if (x->claimant && (f->claimant < 0 || !ent_match_any(r, f->claimant, x->claimant)))
                continue;
        } else if (strcmp(m, "asserted") && strcmp(m, "reported"))
            continue;
        if (ent_match_any(r, f->subj, x->subj) && ent_match_any(r, f->obj, x->obj)) return 1;
    }
    return 0;
}

/* How many entities of x's type answer to x's names? */
static int entity_count(const kgl_result *r, const expect *x)
{
    int n = 0;
    for (int i = 0; i < r->nent; i++)
        n += (!strcmp(x->type, "*") || !strcmp(r->ent[i].type, x->type)) &&
             ent_match_any(r, i, x->obj);
    return n;
}

static void show(const kgl_result *r)
{
    if (!r) {
        diag("  (extraction failed)");
        return;
    }
    for (int i = 0; i < r->nent; i++) {
        kgl_buf b = {0};
        for (int a = 0; a < r->ent[i].nalias; a++) {
            kgl_buf_puts(&b, a ? " | " : "  aliases: ");
            kgl_buf_puts(&b, r->ent[i].alias[a]);
        }
        diag("  entity %s: %s%s", r->ent[i].type, r->ent[i].name, b.p ? b.p : "");
        kgl_buf_free(&b);
    }
    if (!r->nfact) diag("  (no facts)");
    for (int i = 0; i < r->nfact; i++) {
        const kgl_fact *f = &r->fact[i];
        diag("  fact: %s | %s | %s @%s%s%s  [%s]", r->ent[f->subj].name, f->rel,
             r->ent[f->obj].name, fact_modality(f), f->claimant >= 0 ? " by " : "",
             f->claimant >= 0 ? r->ent[f->claimant].name : "", f->rule);
    }
}

/* One TAP line; returns 1 when it counts as a failure. */
static int emit(int pass, int todo, const char *name, const char *todo_why)
{
    printf("%s %d - %s", pass ? "ok" : "not ok", ++tap_n_, name);
    if (todo) printf(" # TODO %s", todo_why);
    printf("\n");
    fflush(stdout);
    if (!pass && !todo) tap_failed_++;
    return !pass && !todo;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static filestat *stat_for(filestat *fs, int *nfs, const char *file)
{
    for (int i = 0; i < *nfs; i++)
        if (!strcmp(fs[i].name, file)) return &fs[i];
    if (*nfs >= 64) return &fs[63];
    filestat *s = &fs[(*nfs)++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", file);
    return s;
}

int main(int argc, char **argv)
{
    int status_mode = 0;
    char **sel = xrealloc(NULL, (argc + 1) * sizeof *sel);
    int nsel = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--status"))
            status_mode = 1;
        else
            sel[nsel++] = argv[i];
    }
    const char *dir = KG_SOURCE_DIR "/tests/loader";
    DIR *d = opendir(dir);
    if (!d) {
        printf("1..1\nnot ok 1 - cannot open %s\n", dir);
        return 1;
    }
    char **files = NULL;
    int nfiles = 0;
    for (struct dirent *de; (de = readdir(d));) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".test")) continue;
        int want = !nsel;
        for (int i = 0; i < nsel; i++)
            want |= strstr(de->d_name, sel[i]) != NULL;
        if (!want) continue;
        files = xrealloc(files, (nfiles + 1) * sizeof *files);
        files[nfiles++] = xstrndup(de->d_name, n);
    }
    closedir(d);
    qsort(files, nfiles, sizeof *files, cmp_str);

    suite st = {0};
    for (int i = 0; i < nfiles; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        char *text = kgl_read_file(path, NULL);
        if (!text) {
            add_error(&st, files[i], 0, "cannot read the file%s", NULL);
            continue;
        }
        parse_file(&st, files[i], text);
        free(text);
    }
    int total = st.nerr + 1;
    for (int i = 0; i < st.nc; i++)
        total += st.c[i].nx;
    if (!status_mode) plan(total);

    char err[512] = "";
    kgl_lex *lx = kgl_lex_default(err, sizeof err);
    int lex_ok = lx && !kgl_lex_finish(lx, err, sizeof err);
    if (!status_mode) ok(lex_ok, "default lexicon loads");
    if (!lex_ok) {
        diag("%s", err);
        kgl_lex_free(lx);
        return 1;
    }
    for (int i = 0; i < st.nerr; i++) {
        if (!status_mode)
            emit(0, 0, st.err[i].src, "");
        else
            fprintf(stderr, "%s\n", st.err[i].src);
    }

    filestat fs[64];
    int nfs = 0;
    int show_todo = getenv("KGL_CASES_DIAG") != NULL;
    for (int i = 0; i < st.nc; i++) {
        tcase *c = &st.c[i];
        filestat *fst = stat_for(fs, &nfs, c->file);
        fst->cases++;
        kgl_result *r = c->text ? kgl_extract(lx, c->text, strlen(c->text)) : NULL;
        for (int k = 0; k < c->nx; k++) {
            expect *x = &c->x[k];
            int found = 0;
            if (r && (x->kind == X_FACT || x->kind == X_NOFACT)) found = fact_found(r, x);
            if (r && (x->kind == X_ENT || x->kind == X_NOENT || x->kind == X_ONE))
                found = entity_count(r, x);
            int pass = r && (x->kind == X_ONE                          ? found == 1
                             : (x->kind == X_FACT || x->kind == X_ENT) ? found
                                                                       : !found);
            int negative = x->kind == X_NOFACT || x->kind == X_NOENT;
            fst->lines++;
            fst->fp += x->todo && negative && !pass;
            if (status_mode) {
                printf("%s\t%d\t%s\t%d\n", c->file, x->line, x->src, pass);
                continue;
            }
            char name[1024];
            snprintf(name, sizeof name, "%s:%d %s: %s", c->file, x->line, c->name, x->src);
            for (char *q = name; *q; q++)
                if (*q == '#') *q = '^'; /* a '#' would start a TAP directive */
            int failed =
                emit(pass, x->todo, name, negative ? "known false positive" : "not read yet");
            if (pass && !x->todo)
                fst->pass++;
            else if (pass)
                fst->todo_pass++;
            else if (x->todo)
                fst->todo++;
            else
                fst->fail++;
            if (failed || (show_todo && !pass)) {
                diag("  text: %s", c->text ? c->text : "");
                show(r);
            }
        }
        kgl_result_free(r);
    }
    if (!status_mode) {
        for (int i = 0; i < nfs; i++)
            diag("%-20s %4d cases %4d lines: %4d pass, %3d TODO (%d of them known false "
                 "positives), %d TODO passed, %d fail",
                 fs[i].name, fs[i].cases, fs[i].lines, fs[i].pass, fs[i].todo, fs[i].fp,
                 fs[i].todo_pass, fs[i].fail);
    }
    for (int i = 0; i < st.nc; i++) {
        for (int k = 0; k < st.c[i].nx; k++)
            expect_free(&st.c[i].x[k]);
        free(st.c[i].x), free(st.c[i].file), free(st.c[i].name), free(st.c[i].text);
    }
    for (int i = 0; i < st.nerr; i++)
        expect_free(&st.err[i]);
    free(st.c), free(st.err);
    for (int i = 0; i < nfiles; i++)
        free(files[i]);
    free(files), free(sel);
    kgl_lex_free(lx);
    return status_mode ? 0 : done_testing();
}
