/*
** grammar.c -- TAP tests of the query parser (tests layer): the data-driven
** cases in the .txt files of tests/grammar/ plus cases built in C (huge nesting, a whole
** script of statements, allocation failures, the node invariants).
**
** Data file format (one case per block, blocks start with "id:"):
**
**     # comment (only at the start of a line)
**     id: match-basic          stable id, printed as the test name
**     query: MATCH (a)         query text; several query lines join with "\n"
**     queryx: \xFF\n           like query, with escapes \xHH \n \t \r \\ \0
**     depth: 4                 max_depth passed to kgq_parse (default 0)
**     dump: (QUERY ...)        expected kgq_dump; "dump: none" = no statement
**     consumed: 12             expected *consumed (optional)
**     error: unexpected ...    expected message (instead of dump)
**     at: 9-15                 expected error span (with error)
**
** Every dump case also checks that each node's span lies inside its
** parent's and inside the text.
**
** Run by hand: grammar.t -e 'MATCH (a) RETURN a' prints the dump or the error;
** grammar.t -i [DEPTH] does the same for standard input.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ast.h"
#include "tap.h"

void kgq__fail_after(long n); /* grammar/ast.c, for allocation-failure tests */

#ifndef KG_SOURCE_DIR
#define KG_SOURCE_DIR "."
#endif

typedef struct gcase {
    char id[128];   /* test name */
    char file[64];  /* data file it came from */
    int line;       /* line of its "id:" */
    char *query;    /* query bytes (may hold NUL) */
    size_t qlen;    /* bytes in query */
    int has_query;  /* a query line was seen */
    unsigned depth; /* max_depth */
    char *dump;     /* expected dump or NULL */
    char *error;    /* expected error or NULL */
    long at_start;  /* expected error span, -1 when not given */
    long at_end;    /* end of that span */
    long consumed;  /* expected *consumed, -1 when not given */
} gcase;

static gcase *cases;
static int ncases, capcases;

static char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (!d) exit(99);
    memcpy(d, s, n + 1);
    return d;
}

static void append_query(gcase *c, const char *s, size_t n)
{
    size_t extra = c->has_query ? 1 : 0;
    char *q = realloc(c->query, c->qlen + extra + n + 1);
    if (!q) exit(99);
    if (extra) q[c->qlen++] = '\n';
    memcpy(q + c->qlen, s, n);
    c->qlen += n;
    q[c->qlen] = 0;
    c->query = q;
    c->has_query = 1;
}

/* Decode \xHH \n \t \r \\ \0 into buf; returns the length. */
static size_t unescape(const char *s, char *buf)
{
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] != '\\' || !s[i + 1]) {
            buf[o++] = s[i];
            continue;
        }
        i++;
        switch (s[i]) {
        case 'n':
            buf[o++] = '\n';
            break;
        case 't':
            buf[o++] = '\t';
            break;
        case 'r':
            buf[o++] = '\r';
            break;
        case '0':
            buf[o++] = '\0';
            break;
        case '\\':
            buf[o++] = '\\';
            break;
        case 'x': {
            unsigned v = 0;
            for (int k = 0; k < 2 && s[i + 1]; k++) {
                char h = s[++i];
                v = v * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            }
            buf[o++] = (char)v;
            break;
        }
        default:
            buf[o++] = '\\';
            buf[o++] = s[i];
        }
    }
    return o;
}

static void load_file(const char *dir, const char *name)
{
    char path[1024], line[65536];
    FILE *f;
    gcase *c = NULL;
    int lineno = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "r"))) {
        diag("cannot open %s", path);
        exit(99);
    }
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        char *v;
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (n == 0 || line[0] == '#') continue;
        v = strchr(line, ':');
        if (!v) {
            diag("%s:%d: no key", name, lineno);
            exit(99);
        }
        *v++ = 0;
        if (*v == ' ') v++;
        if (strcmp(line, "id") == 0) {
            if (ncases == capcases) {
                capcases = capcases ? capcases * 2 : 64;
                cases = realloc(cases, (size_t)capcases * sizeof *cases);
                if (!cases) exit(99);
            }
            c = &cases[ncases++];
            memset(c, 0, sizeof *c);
            snprintf(c->id, sizeof c->id, "%s", v);
            snprintf(c->file, sizeof c->file, "%s", name);
            c->line = lineno;
            c->at_start = c->at_end = c->consumed = -1;
            continue;
        }
        if (!c) {
            diag("%s:%d: key before the first id", name, lineno);
            exit(99);
        }
        if (strcmp(line, "query") == 0) {
            append_query(c, v, strlen(v));
        } else if (strcmp(line, "queryx") == 0) {
            char *buf = malloc(strlen(v) + 1);
            if (!buf) exit(99);
            append_query(c, buf, unescape(v, buf));
            free(buf);
        } else if (strcmp(line, "depth") == 0) {
            c->depth = (unsigned)strtoul(v, NULL, 10);
        } else if (strcmp(line, "dump") == 0) {
            c->dump = xstrdup(v);
        } else if (strcmp(line, "error") == 0) {
            c->error = xstrdup(v);
        } else if (strcmp(line, "at") == 0) {
            if (sscanf(v, "%ld-%ld", &c->at_start, &c->at_end) != 2) {
                diag("%s:%d: bad span", name, lineno);
                exit(99);
            }
        } else if (strcmp(line, "consumed") == 0) {
            c->consumed = strtol(v, NULL, 10);
        } else {
            diag("%s:%d: unknown key '%s'", name, lineno, line);
            exit(99);
        }
    }
    fclose(f);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_all(void)
{
    const char *dir = KG_SOURCE_DIR "/tests/grammar";
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[256];
    int n = 0;
    if (!d) {
        diag("cannot open %s", dir);
        exit(99);
    }
    while ((e = readdir(d)) && n < 256) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    for (int i = 0; i < n; i++) {
        load_file(dir, names[i]);
        free(names[i]);
    }
}

/* Every span inside the text and inside the parent's span. */
static int spans_ok(const kgq_node *n, uint32_t lo, uint32_t hi, char *why, size_t cap)
{
    if (n->start > n->end || n->start < lo || n->end > hi) {
        snprintf(why, cap, "%s span %u-%u outside %u-%u", kgq_kind_name(n->kind),
                 (unsigned)n->start, (unsigned)n->end, (unsigned)lo, (unsigned)hi);
        return 0;
    }
    for (int i = 0; i < n->nkids; i++)
        if (!n->kids[i] || !spans_ok(n->kids[i], n->start, n->end, why, cap)) return 0;
    return 1;
}

static void run_case(const gcase *c)
{
    kgq_node *tree = NULL;
    kgq_error err;
    size_t consumed = 0;
    int rc = kgq_parse(c->query ? c->query : "", c->qlen, c->depth, &tree, &consumed, &err);
    char *dump = NULL, why[200] = "";
    int good = 1;

    if (c->error) {
        good = rc == -1 && !tree && strcmp(err.msg, c->error) == 0 &&
               (c->at_start < 0 || ((long)err.start == c->at_start && (long)err.end == c->at_end));
        ok(good, "%s", c->id);
        if (!good) {
            diag("%s:%d", c->file, c->line);
            diag("     got: rc %d, error '%s' at %u-%u", rc, rc == -1 ? err.msg : "",
                 (unsigned)err.start, (unsigned)err.end);
            diag("expected: error '%s' at %ld-%ld", c->error, c->at_start, c->at_end);
            if (rc == 0 && (dump = kgq_dump(tree))) diag("    dump: %s", dump);
        }
    } else {
        if (rc == 0) dump = tree ? kgq_dump(tree) : xstrdup("none");
        good = rc == 0 && dump && c->dump && strcmp(dump, c->dump) == 0;
        if (good && tree) good = spans_ok(tree, 0, (uint32_t)c->qlen, why, sizeof why);
        if (good && c->consumed >= 0) good = (long)consumed == c->consumed;
        ok(good, "%s", c->id);
        if (!good) {
            diag("%s:%d", c->file, c->line);
            if (rc != 0)
                diag("     got: rc %d, error '%s' at %u-%u", rc, err.msg, (unsigned)err.start,
                     (unsigned)err.end);
            else
                diag("     got: %s (consumed %zu) %s", dump ? dump : "(null)", consumed, why);
            diag("expected: %s (consumed %ld)", c->dump ? c->dump : "(no dump: line)", c->consumed);
        }
    }
    free(dump);
    kgq_free(tree);
}

/* ---- cases built in C --------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* prefix * n + middle + suffix * n, inside "RETURN ". */
static char *nested(const char *prefix, const char *middle, const char *suffix, size_t n,
                    size_t *len)
{
    size_t lp = strlen(prefix), lm = strlen(middle), ls = strlen(suffix);
    size_t total = 7 + n * (lp + ls) + lm, o = 0;
    char *q = malloc(total + 1);
    if (!q) exit(99);
    memcpy(q, "RETURN ", 7);
    o = 7;
    for (size_t i = 0; i < n; i++, o += lp)
        memcpy(q + o, prefix, lp);
    memcpy(q + o, middle, lm);
    o += lm;
    for (size_t i = 0; i < n; i++, o += ls)
        memcpy(q + o, suffix, ls);
    q[o] = 0;
    *len = o;
    return q;
}

static void deep_case(const char *name, const char *prefix, const char *middle, const char *suffix,
                      size_t n, long want_start, long want_end)
{
    size_t len;
    char *q = nested(prefix, middle, suffix, n, &len);
    kgq_node *tree = NULL;
    kgq_error err;
    double t0 = now();
    int rc = kgq_parse(q, len, 0, &tree, NULL, &err);
    double dt = now() - t0;
    int good = rc == -1 && !tree &&
               strcmp(err.msg, "nesting deeper than the limit of 256 levels") == 0 &&
               (want_start < 0 || ((long)err.start == want_start && (long)err.end == want_end));
    ok(good, "%s", name);
    if (!good)
        diag("rc %d, '%s' at %u-%u, %.3fs", rc, err.msg, (unsigned)err.start, (unsigned)err.end,
             dt);
    kgq_free(tree);
    free(q);
}

/* A script of several statements, parsed one after the other as the shell
** does: the design sketch's examples must all parse. */
static void script_case(void)
{
    static const char script[] =
        "MATCH (a:person)-[:killed]->(v) RETURN a.name, v.name;\n"
        "MATCH (p)-[:member-of]->(o {name: \"PMF\"}) RETURN p.name ORDER BY p.name LIMIT 10;\n"
        "MATCH (x)-[:located-at*1..3]->(y:place {name: \"Baghdad\"}) RETURN DISTINCT x.name;\n"
        "MATCH p = shortest (a {name: \"Trump\"})-[*..6]-(b {name: \"Suleimani\"}) RETURN p;\n"
        "MATCH (a)-[r:denied]->(s) RETURN a.name, s.text, r.doc, r.sentence;\n"
        "MATCH (a)-[r:said]->(s) WHERE r.date >= 2020-01-01 AND s.text CONTAINS \"withdraw\" "
        "RETURN a.name, s.text;\n"
        "MATCH (a)-[:attacked]->(b:base) RETURN b.name, count(*) AS n ORDER BY n DESC;\n"
        "CREATE (:person {name: \"Nasr al-Shammari\"}); ALIAS \"Shammari\" FOR \"Nasr "
        "al-Shammari\";\n"
        "EXPLAIN MATCH (a) RETURN a;  SHOW TYPES;  SHOW RELATIONS;  DESCRIBE \"Ain al-Asad\";\n"
        "  // trailing comment\n";
    static const kgq_kind want[] = {KGQ_QUERY, KGQ_QUERY, KGQ_QUERY,   KGQ_QUERY, KGQ_QUERY,
                                    KGQ_QUERY, KGQ_QUERY, KGQ_QUERY,   KGQ_ALIAS, KGQ_QUERY,
                                    KGQ_SHOW,  KGQ_SHOW,  KGQ_DESCRIBE};
    size_t off = 0, len = sizeof script - 1;
    int n = 0, good = 1;
    for (;;) {
        kgq_node *t = NULL;
        kgq_error err;
        size_t used = 0;
        int rc = kgq_parse(script + off, len - off, 0, &t, &used, &err);
        if (rc != 0) {
            diag("statement %d: rc %d: %s at %u", n + 1, rc, err.msg, (unsigned)err.start);
            good = 0;
            break;
        }
        if (!t) break;
        if (n >= (int)(sizeof want / sizeof want[0]) || t->kind != want[n]) {
            diag("statement %d: kind %s", n + 1, kgq_kind_name(t->kind));
            good = 0;
        }
        n++;
        off += used;
        kgq_free(t);
        if (used == 0) {
            good = 0;
            break;
        }
    }
    ok(good && n == (int)(sizeof want / sizeof want[0]),
       "script: the design sketch parses (%d statements)", n);
}

/* Fail the k-th allocation for every k until the parse needs no more: each
** run returns -2 (or succeeds), never crashes, and leaks nothing (ASAN). */
static void oom_case(const char *name, const char *q, int want_rc)
{
    int good = 1, k;
    for (k = 0; k < 100000; k++) {
        kgq_node *t = NULL;
        kgq_error err;
        kgq__fail_after(k);
        int rc = kgq_parse(q, strlen(q), 0, &t, NULL, &err);
        kgq__fail_after(-1);
        kgq_free(t);
        if (rc == want_rc) break;
        if (rc != -2 || t) {
            diag("failing allocation %d: rc %d (%s)", k, rc, err.msg);
            good = 0;
            break;
        }
    }
    ok(good && k > 0, "%s (%d allocation failures survived)", name, k);
}

static void dump_oom_case(void)
{
    kgq_node *t = NULL;
    kgq_error err;
    int rc = kgq_parse("RETURN [1, 2, 3]", 16, 0, &t, NULL, &err);
    kgq__fail_after(0);
    char *d = kgq_dump(t);
    kgq__fail_after(-1);
    ok(rc == 0 && d == NULL, "kgq_dump returns NULL when out of memory");
    free(d);
    kgq_free(t);
}

static void api_case(void)
{
    int good = 1;
    kgq_error err;
    kgq_node *t = (kgq_node *)1;
    char *d;
    kgq_free(NULL);
    for (int k = KGQ_QUERY; k <= KGQ_CASE; k++)
        if (strcmp(kgq_kind_name((kgq_kind)k), "?") == 0) good = 0;
    good = good && strcmp(kgq_kind_name((kgq_kind)0), "?") == 0;
    good = good && kgq_parse(NULL, 0, 0, &t, NULL, &err) == 0 && t == NULL;
    good = good && kgq_parse("RETURN 1", 8, 0, NULL, NULL, &err) == -1;
    good = good && kgq_parse("RETURN", 6, 0, &t, NULL, NULL) == -1 && t == NULL;
    d = kgq_dump(NULL);
    good = good && d && strcmp(d, "()") == 0;
    free(d);
    ok(good, "api: NULL arguments, kind names, dump of NULL");
}

/* Spans point at the text: the PROP of "a.name" covers exactly that. */
static void span_case(void)
{
    const char *q = "MATCH (a:person) WHERE a.name = 'x' RETURN a";
    kgq_node *t = NULL;
    kgq_error err;
    int good = kgq_parse(q, strlen(q), 0, &t, NULL, &err) == 0 && t;
    if (good) {
        const kgq_node *where = t->kids[0]->kids[1];
        const kgq_node *prop = where->kids[0]->kids[0];
        const kgq_node *label = t->kids[0]->kids[0]->kids[0]->kids[0];
        good = where->kind == KGQ_WHERE && prop->kind == KGQ_PROP && prop->start == 23 &&
               prop->end == 29 && label->kind == KGQ_LABEL && label->start == 9 &&
               label->end == 15 && t->start == 0 && t->end == strlen(q);
    }
    ok(good, "spans: node spans cover their text");
    kgq_free(t);
}

/* -e QUERY...: parse each argument; -i [DEPTH]: parse standard input. */
/* One parse of arbitrary bytes: it must succeed with a sane tree or fail with
** a message and a span inside the text; never crash, never -2. */
static int parse_sane(const char *q, size_t len, char *why, size_t cap)
{
    kgq_node *t = NULL;
    kgq_error err;
    size_t used = 0;
    int rc = kgq_parse(q, len, 0, &t, &used, &err), good = 1;
    if (rc == 0) {
        char *d = t ? kgq_dump(t) : NULL;
        good = used <= len && (!t || (d && spans_ok(t, 0, (uint32_t)len, why, cap)));
        free(d);
    } else {
        good = rc == -1 && !t && err.msg[0] && err.start <= err.end && err.end <= len;
        if (!good)
            snprintf(why, cap, "rc %d '%.120s' at %u-%u", rc, err.msg, (unsigned)err.start,
                     (unsigned)err.end);
    }
    kgq_free(t);
    return good;
}

/* Every prefix of every case's query parses or fails cleanly. */
static void prefix_case(void)
{
    int good = 1;
    long runs = 0;
    char why[200] = "";
    for (int i = 0; i < ncases && good; i++)
        for (size_t n = 0; n <= cases[i].qlen && good; n++, runs++)
            if (!parse_sane(cases[i].query ? cases[i].query : "", n, why, sizeof why))
                good = 0, diag("%s cut at %zu: %s", cases[i].id, n, why);
    ok(good, "prefixes: every prefix of every case parses or fails cleanly (%ld runs)", runs);
}

/* Random token soup from a fixed seed, so a failure reproduces. */
static void soup_case(void)
{
    static const char *const toks[] = {"MATCH ",    "RETURN ", "WHERE ",
                                       "WITH ",     "(",       ")",
                                       "[",         "]",       "{",
                                       "}",         ",",       ":",
                                       ";",         ".",       "..",
                                       "|",         "*",       "+",
                                       "-",         "/",       "%",
                                       "=",         "<>",      "<",
                                       ">",         "<=",      "->",
                                       "<-",        "a",       "b ",
                                       "1",         "2.5",     "2020-01-01",
                                       "'s'",       "\"x\"",   "$p",
                                       "NOT ",      "AND ",    "OR ",
                                       "IN ",       "IS ",     "NULL ",
                                       "CASE ",     "WHEN ",   "THEN ",
                                       "ELSE ",     "END ",    "DISTINCT ",
                                       "AS ",       "count",   "shortestPath",
                                       "SHORTEST ", "CREATE ", "SET ",
                                       "DELETE ",   "DETACH ", "ORDER ",
                                       "BY ",       "LIMIT ",  "UNWIND ",
                                       "ALIAS ",    "FOR ",    "SHOW ",
                                       "TYPES ",    "`q`",     "/* c */",
                                       "// c\n",    "\"",      "'",
                                       "\xff",      "#",       " "};
    unsigned long seed = 12345;
    char q[512], why[200] = "";
    int good = 1, runs;
    for (runs = 0; runs < 20000 && good; runs++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        int ntok = (int)(seed >> 33) % 40;
        for (int k = 0; k < ntok; k++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            const char *t = toks[(seed >> 33) % (sizeof toks / sizeof toks[0])];
            size_t tl = strlen(t);
            if (len + tl >= sizeof q) break;
            memcpy(q + len, t, tl);
            len += tl;
        }
        if (!parse_sane(q, len, why, sizeof why)) {
            good = 0;
            diag("run %d: %.*s: %s", runs, (int)len, q, why);
        }
    }
    ok(good, "soup: %d random token sequences parse or fail cleanly", runs);
}

static int manual(int argc, char **argv)
{
    static char in[1 << 20];
    size_t inlen = 0;
    int from_stdin = strcmp(argv[1], "-i") == 0;
    if (from_stdin) inlen = fread(in, 1, sizeof in, stdin);
    for (int i = from_stdin ? 1 : 2; i < argc; i++) {
        kgq_node *t = NULL;
        kgq_error err;
        size_t used = 0;
        unsigned depth = from_stdin && argc > 2 ? (unsigned)atoi(argv[2]) : 0;
        int rc = from_stdin ? kgq_parse(in, inlen, depth, &t, &used, &err)
                            : kgq_parse(argv[i], strlen(argv[i]), 0, &t, &used, &err);
        if (from_stdin) i = argc;
        if (rc == 0) {
            char *d = t ? kgq_dump(t) : NULL;
            printf("%s\nconsumed: %zu\n", d ? d : "none", used);
            free(d);
        } else {
            printf("rc %d: %s\nat: %u-%u\n", rc, err.msg, (unsigned)err.start, (unsigned)err.end);
        }
        kgq_free(t);
    }
    return 0;
}

enum { C_CASES = 16 };

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "-e") == 0 || strcmp(argv[1], "-i") == 0))
        return manual(argc, argv);
    load_all();
    plan(ncases + C_CASES);
    for (int i = 0; i < ncases; i++)
        run_case(&cases[i]);

    /* depth: each fails at the 257th level, quickly, without a crash */
    deep_case("depth: 100000 nested parentheses", "(", "1", ")", 100000, 7 + 256, 7 + 257);
    deep_case("depth: 100000 nested lists", "[", "1", "]", 100000, 7 + 256, 7 + 257);
    deep_case("depth: 100000 nested maps", "{k: ", "1", "}", 100000, 7 + 256 * 4, 7 + 256 * 4 + 1);
    deep_case("depth: 100000 NOTs", "NOT ", "x", "", 100000, -1, -1);
    deep_case("depth: 100000 unary minus", "-", "1", "", 100000, -1, -1);
    deep_case("depth: 100000 additions", "", "1", "+1", 100000, -1, -1);
    deep_case("depth: 100000 nested CASE", "CASE WHEN 1 THEN ", "1", " END", 100000, -1, -1);
    script_case();
    oom_case("oom: a large query",
             "MATCH p = shortest (a:person {name: 'x'})-[r:member-of|leads*1..3 {w: 1}]->(b) "
             "WHERE a.x IN [1, 2.5, 2020-01-01, $p] AND NOT b.y STARTS WITH \"q\\u00e9\" "
             "WITH a, count(DISTINCT b) AS n ORDER BY n DESC SKIP 1 LIMIT 2 "
             "RETURN CASE WHEN n > 1 THEN {k: n} ELSE null END AS c",
             0);
    {
        size_t len;
        char *q = nested("[", "1", "]", 250, &len); /* outgrows bison's first stack */
        oom_case("oom: nesting that grows the parser's stack", q, 0);
        free(q);
    }
    oom_case("oom: an error path", "MATCH (a)-[:x]->(b) RETURN a.name, b.name, (", -1);
    dump_oom_case();
    prefix_case();
    soup_case();
    api_case();
    span_case();
    for (int i = 0; i < ncases; i++) {
        free(cases[i].query);
        free(cases[i].dump);
        free(cases[i].error);
    }
    free(cases);
    return done_testing();
}
