/*
** query.c -- data-driven tests of the query language (tests layer).
**
** Each tests/query/NAME.test file starts with `fixture: NAME`, naming
** tests/query/NAME.kg: statements (in the query language itself) that build
** the graph the cases run against, in a fresh database per file. Then cases:
**
**     === ID: what the case checks
**     QUERY (one or more lines; may hold several statements, the last one's
**            rows are compared)
**     --- rows            expected rows in order (first line: the header)
**     --- rows unordered  expected rows in any order
**     --- error           expected error message, exactly (all lines)
**     --- params          optional, before the expectation: NAME=VALUE lines.
**
** Rows are tab-separated as kg_column_text renders them; null is `null`. A
** statement with a warning (kg_stmt_warning) has a `warning: ...` line first. In
** ordered rows an expected cell `~` matches any text (timings of PROFILE).
** Blank lines at the end of an expectation are ignored. One TAP test per case.
** A fixture may be `none` (an empty database).
**
** A fixture may also have documents: the directories tests/query/NAME.corpus/
** load1, load2, ... are loaded in that order by `kg load DB DIR` (the kg
** program of the build; one load generation each, at times 2023-11-14,
** 2023-11-15, ... through SOURCE_DATE_EPOCH), before NAME.kg runs (which
** may then be absent). A document in two of them has one key: the later
** load replaces it.
*/
#include "kg.h"
#include "tap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct tcase {
    char id[256]; /* ID: description */
    char *query;  /* statement text */
    char *params; /* NAME=VALUE lines */
    char *expect; /* expected text */
    int kind;     /* 0 rows in order, 1 rows any order, 2 error */
    int line;     /* line of the === header */
} tcase;

static char *slurp(const char *path);
static char *run(kg_db *db, const char *query, const char *params, int *failed);

/* Load the documents of fixture NAME (see above) into the database at dbp,
** which must be closed. */
static void load_corpus(const char *dir, const char *fixture, const char *dbp)
{
    for (int i = 1;; i++) {
        char d[1024], cmd[4096];
        snprintf(d, sizeof d, "%s/%s.corpus/load%d", dir, fixture, i);
        struct stat st;
        if (stat(d, &st) || !S_ISDIR(st.st_mode)) break;
        snprintf(cmd, sizeof cmd, "SOURCE_DATE_EPOCH=%d '%s/engine/kg' load '%s' '%s' --quiet",
                 1700000000 + 86400 * (i - 1), KG_BINARY_DIR, dbp, d);
        if (system(cmd)) diag("fixture %s: kg load %s failed", fixture, d);
    }
}

/* A database at dbp with fixture NAME's graph (NULL or "none": empty). */
static kg_db *fixture_db(const char *dir, const char *fixture, const char *dbp)
{
    kg_db *db;
    if (fixture && strcmp(fixture, "none")) load_corpus(dir, fixture, dbp);
    kg_open(dbp, KG_OPEN_CREATE, NULL, &db);
    if (fixture && strcmp(fixture, "none")) {
        char fp[1024], cd[1024];
        snprintf(fp, sizeof fp, "%s/%s.kg", dir, fixture);
        snprintf(cd, sizeof cd, "%s/%s.corpus", dir, fixture);
        struct stat st;
        char *ft = slurp(fp);
        int failed = 0;
        char *r = ft ? run(db, ft, NULL, &failed) : NULL;
        if ((!ft && stat(cd, &st)) || failed)
            diag("fixture %s failed: %s", fixture, r ? r : "cannot read");
        free(r);
        free(ft);
    }
    return db;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(n + 1);
    if (b && fread(b, 1, n, f) != (size_t)n) n = 0;
    if (b) b[n] = 0;
    fclose(f);
    return b;
}

static void append(char **s, const char *line)
{
    size_t a = *s ? strlen(*s) : 0, b = strlen(line);
    *s = realloc(*s, a + b + 2);
    memcpy(*s + a, line, b);
    (*s)[a + b] = '\n';
    (*s)[a + b + 1] = 0;
}

static void chomp(char *s)
{
    if (!s) return;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = 0;
}

/* Parse a .test file into cases; returns the fixture name. */
static char *parse_file(char *text, tcase **cases, int *ncases)
{
    char *fixture = NULL;
    tcase *c = NULL;
    int n = 0, section = 0, lineno = 0; /* 1 query, 2 params, 3 expect */
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        if (!strncmp(line, "fixture: ", 9) && !fixture) {
            fixture = strdup(line + 9);
        } else if (!strncmp(line, "=== ", 4)) {
            c = realloc(c, (n + 1) * sizeof *c);
            memset(&c[n], 0, sizeof *c);
            snprintf(c[n].id, sizeof c[n].id, "%s", line + 4);
            c[n].line = lineno;
            n++;
            section = 1;
        } else if (n && !strncmp(line, "--- params", 10)) {
            section = 2;
        } else if (n && !strncmp(line, "--- rows unordered", 18)) {
            c[n - 1].kind = 1, section = 3;
            append(&c[n - 1].expect, "");
        } else if (n && !strncmp(line, "--- rows", 8)) {
            c[n - 1].kind = 0, section = 3;
            append(&c[n - 1].expect, "");
        } else if (n && !strncmp(line, "--- error", 9)) {
            c[n - 1].kind = 2, section = 3;
            append(&c[n - 1].expect, "");
        } else if (n && section == 1) {
            append(&c[n - 1].query, line);
        } else if (n && section == 2) {
            append(&c[n - 1].params, line);
        } else if (n && section == 3) {
            append(&c[n - 1].expect, line);
        }
    }
    for (int i = 0; i < n; i++) {
        chomp(c[i].expect);
        /* drop the leading newline added when the section opened */
        if (c[i].expect && c[i].expect[0] == '\n')
            memmove(c[i].expect, c[i].expect + 1, strlen(c[i].expect));
    }
    *cases = c;
    *ncases = n;
    return fixture;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lines after the first (the header). */
static void sort_body(char *s)
{
    if (!s) return;
    char *nl = strchr(s, '\n');
    if (!nl) return;
    char *body = strdup(nl + 1), *lines[4096];
    int n = 0;
    for (char *l = strtok(body, "\n"); l && n < 4096; l = strtok(NULL, "\n"))
        lines[n++] = l;
    qsort(lines, n, sizeof *lines, cmp_lines);
    char *w = nl + 1;
    for (int i = 0; i < n; i++) {
        size_t k = strlen(lines[i]);
        memcpy(w, lines[i], k);
        w += k;
        *w++ = i + 1 < n ? '\n' : 0;
    }
    if (!n) *w = 0;
    free(body);
}

/* Does `got` match `want`, where a whole `~` cell in want matches any cell? */
static int rows_match(const char *got, const char *want)
{
    while (*got || *want) {
        if (want[0] == '~' && (want[1] == '\t' || want[1] == '\n' || !want[1])) {
            want++;
            while (*got && *got != '\t' && *got != '\n')
                got++;
            continue;
        }
        if (*got != *want) return 0;
        got++, want++;
    }
    return 1;
}

static int bind_params(kg_stmt *st, const char *params)
{
    if (!params) return KG_OK;
    char *p = strdup(params);
    int rc = KG_OK;
    for (char *l = strtok(p, "\n"); l && !rc; l = strtok(NULL, "\n")) {
        char *eq = strchr(l, '=');
        if (!eq) continue;
        *eq = 0;
        const char *v = eq + 1;
        int found = 0;
        for (int i = 0; i < kg_param_count(st); i++)
            found |= !strcmp(kg_param_name(st, i), l);
        if (!found) continue;
        char *end;
        long long iv = strtoll(v, &end, 10);
        int32_t d;
        if (*v && !*end)
            rc = kg_bind_int(st, l, iv);
        else if (!kg_date_parse(v, strlen(v), &d))
            rc = kg_bind_date(st, l, d);
        else
            rc = kg_bind_text(st, l, v, -1);
    }
    free(p);
    return rc;
}

/* Run all statements; render the last one's rows (or the error). */
static char *run(kg_db *db, const char *query, const char *params, int *failed)
{
    const char *q = query;
    char *out = NULL;
    *failed = 0;
    while (q && *q) {
        kg_stmt *st;
        const char *tail;
        int rc = kg_prepare(db, q, -1, &st, &tail);
        if (rc) {
            *failed = 1;
            free(out);
            return strdup(kg_errmsg(db));
        }
        if (!st) break;
        q = tail;
        free(out);
        out = NULL;
        size_t cap = 0;
        FILE *m = open_memstream(&out, &cap);
        if ((rc = bind_params(st, params))) {
            fclose(m);
            free(out);
            kg_finalize(st);
            *failed = 1;
            return strdup(kg_errmsg(db));
        }
        if (kg_stmt_warning(st)) fprintf(m, "warning: %s\n", kg_stmt_warning(st));
        for (int i = 0; i < kg_column_count(st); i++)
            fprintf(m, "%s%s", i ? "\t" : "", kg_column_name(st, i));
        while ((rc = kg_step(st)) == KG_ROW) {
            fputc('\n', m);
            for (int i = 0; i < kg_column_count(st); i++) {
                size_t n;
                const char *s = kg_column_text(st, i, &n);
                if (i) fputc('\t', m);
                if (kg_column_type(st, i) == KG_NULL)
                    fputs("null", m);
                else
                    fwrite(s, 1, n, m);
            }
        }
        fclose(m);
        kg_finalize(st);
        if (rc != KG_DONE) {
            *failed = 1;
            free(out);
            return strdup(kg_errmsg(db));
        }
    }
    return out ? out : strdup("");
}

/* query.t --regen FILE: print FILE with every expectation replaced by what
** the engine gives now (errors become `--- error`), for writing new cases.
** Every regenerated expectation must be read and checked by hand. */
static int regen(const char *path)
{
    char *text = slurp(path);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    tcase *cases;
    int ncases;
    char *fixture = parse_file(text, &cases, &ncases);
    char tmp[256], qdir[512];
    snprintf(tmp, sizeof tmp, "/tmp/kg-query-regen-%d", (int)getpid());
    snprintf(qdir, sizeof qdir, "%s/tests/query", KG_SOURCE_DIR);
    kg_db *db = fixture_db(qdir, fixture, tmp);
    printf("fixture: %s\n", fixture ? fixture : "none");
    for (int k = 0; k < ncases; k++) {
        tcase *c = &cases[k];
        int failed;
        char *got = run(db, c->query ? c->query : "", c->params, &failed);
        chomp(got);
        if (!failed && c->kind == 1) sort_body(got);
        printf("\n=== %s\n%s", c->id, c->query ? c->query : "");
        if (c->params) printf("--- params\n%s", c->params);
        printf("--- %s\n%s\n", failed ? "error" : c->kind == 1 ? "rows unordered" : "rows", got);
        free(got);
    }
    kg_close(db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    if (system(cmd)) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--regen")) return regen(argv[2]);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/tests/query", KG_SOURCE_DIR);
    struct dirent **ents;
    int nents = scandir(dir, &ents, NULL, alphasort);
    if (nents < 0) {
        printf("1..0 # SKIP no %s\n", dir);
        return 0;
    }
    /* count cases first for the plan */
    int total = 0;
    for (int i = 0; i < nents; i++) {
        const char *nm = ents[i]->d_name;
        size_t l = strlen(nm);
        if (l < 6 || strcmp(nm + l - 5, ".test")) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, nm);
        char *t = slurp(path);
        for (char *p = t; p && (p = strstr(p, "\n=== ")); p++)
            total++;
        if (t && !strncmp(t, "=== ", 4)) total++;
        free(t);
    }
    plan(total);
    char tmp[256];
    snprintf(tmp, sizeof tmp, "/tmp/kg-query-test-%d", (int)getpid());
    mkdir(tmp, 0775);
    for (int i = 0; i < nents; i++) {
        const char *nm = ents[i]->d_name;
        size_t l = strlen(nm);
        if (l < 6 || strcmp(nm + l - 5, ".test")) continue;
        char path[1024], dbp[512];
        snprintf(path, sizeof path, "%s/%s", dir, nm);
        snprintf(dbp, sizeof dbp, "%s/%.*s", tmp, (int)(l - 5), nm);
        char *text = slurp(path);
        tcase *cases;
        int ncases;
        char *fixture = parse_file(text, &cases, &ncases);
        kg_db *db = fixture_db(dir, fixture, dbp);
        for (int k = 0; k < ncases; k++) {
            tcase *c = &cases[k];
            int failed;
            char *got = run(db, c->query ? c->query : "", c->params, &failed);
            chomp(got);
            char *want = c->expect ? c->expect : strdup("");
            if (c->kind == 1) {
                sort_body(got);
                sort_body(want);
            }
            int good = (c->kind == 2) == failed &&
                       (c->kind == 0 ? rows_match(got, want) : !strcmp(got, want));
            ok(good, "%s:%d %s", nm, c->line, c->id);
            if (!good) {
                diag("query:\n%s", c->query ? c->query : "");
                diag("expected%s:\n%s", c->kind == 2 ? " error" : "", want);
                diag("got%s:\n%s", failed ? " error" : "", got);
            }
            free(got);
            free(c->query);
            free(c->params);
            free(want);
        }
        free(cases);
        free(fixture);
        free(text);
        kg_close(db);
    }
    for (int i = 0; i < nents; i++)
        free(ents[i]);
    free(ents);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    if (system(cmd)) diag("cannot remove %s", tmp);
    return done_testing();
}
