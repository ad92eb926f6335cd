/*
** bench.c -- kg-bench (tests layer): a deterministic synthetic news graph,
** loaded into kg (bulk fact-file path) and into SQLite (C API, expert
** indexes), the same seeded workloads W1..W8 run on both and on a hand-written
** reader of kg's own LMDB tables (the physical limit of the design), answers
** compared, times printed. See tests/bench/README.md.
**
** This program includes <lmdb.h> on purpose: the LMDB reference reads kg's
** tables directly, as a yardstick; the library itself never lets LMDB out.
** Each system runs in a child process so that its peak RSS is its own.
*/
#include <errno.h>
#include <lmdb.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kg.h"
#include "kgl.h"

/* ---------------------------------------------------------------- utilities */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "kg-bench: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}
static void *xcalloc(size_t n, size_t s)
{
    void *p = calloc(n ? n : 1, s);
    if (!p) die("out of memory");
    return p;
}
static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static double now(void) /* CPU time of this process: the machine is shared */
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* splitmix64: small, fast, deterministic everywhere */
typedef struct rng {
    uint64_t s;
} rng;
static uint64_t rnext(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double runit(rng *r)
{
    return (rnext(r) >> 11) * (1.0 / 9007199254740992.0);
}
static uint64_t rbelow(rng *r, uint64_t n)
{
    return n ? rnext(r) % n : 0;
}

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* string -> u32 map (open addressing) over strings kept elsewhere */
typedef struct smap {
    uint32_t *slot; /* index + 1, 0 empty */
    uint64_t *hash; /* hash per index */
    size_t cap, n;
    const char **str; /* strings by index (borrowed) */
    uint32_t *len;
    size_t capstr;
} smap;

static int64_t smap_get(const smap *m, const char *s, size_t n, uint64_t h)
{
    if (!m->cap) return -1;
    for (size_t i = h & (m->cap - 1); m->slot[i]; i = (i + 1) & (m->cap - 1)) {
        uint32_t x = m->slot[i] - 1;
        if (m->hash[x] == h && m->len[x] == n && !memcmp(m->str[x], s, n)) return x;
    }
    return -1;
}

static uint32_t smap_add(smap *m, const char *s, size_t n, uint64_t h)
{
    if (m->n == m->capstr) {
        m->capstr = m->capstr ? m->capstr * 2 : 1024;
        m->str = xrealloc(m->str, m->capstr * sizeof *m->str);
        m->len = xrealloc(m->len, m->capstr * sizeof *m->len);
        m->hash = xrealloc(m->hash, m->capstr * sizeof *m->hash);
    }
    uint32_t x = (uint32_t)m->n++;
    m->str[x] = s, m->len[x] = (uint32_t)n, m->hash[x] = h;
    if (m->n * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        free(m->slot);
        m->slot = xcalloc(cap, sizeof *m->slot);
        m->cap = cap;
        for (size_t j = 0; j < m->n; j++) {
            size_t i = m->hash[j] & (cap - 1);
            while (m->slot[i])
                i = (i + 1) & (cap - 1);
            m->slot[i] = (uint32_t)j + 1;
        }
    } else {
        size_t i = h & (m->cap - 1);
        while (m->slot[i])
            i = (i + 1) & (m->cap - 1);
        m->slot[i] = x + 1;
    }
    return x;
}

static void smap_free(smap *m)
{
    free(m->slot), free(m->hash), free(m->str), free(m->len);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- the graph */

enum { T_PERSON, T_ORG, T_COUNTRY, T_BASE, T_PLACE, T_EVENT, NTYPES };
static const char *type_name[NTYPES] = {"person", "organisation", "country",
                                        "base",   "place",        "event"};
static const double type_share[NTYPES] = {0.40, 0.18, 0.02, 0.08, 0.20, 0.12};

#define P (1 << T_PERSON)
#define O (1 << T_ORG)
#define C (1 << T_COUNTRY)
#define B (1 << T_BASE)
#define L (1 << T_PLACE)
#define E (1 << T_EVENT)
static const struct {
    const char *name;
    int src, dst;
    double w;
} rels[] = {
    {"killed", P | O, P, 3},
    {"attacked", O | C, B | L, 6},
    {"located-at", B | O | E, L | C, 10},
    {"member-of", P, O, 12},
    {"leads", P, O | C, 4},
    {"met", P, P, 10},
    {"visited", P, L | C, 8},
    {"allied-with", O | C, O | C, 4},
    {"funds", C | O, O, 4},
    {"condemned", P | O | C, E | O, 6},
    {"attended", P, E, 10},
    {"hosted", C | L, E, 4},
    {"arrested", O | C, P, 3},
    {"denied", P | O, E, 3},
    {"supports", P | O | C, O | P, 8},
    {"based-at", O, B, 3},
};
#undef P
#undef O
#undef C
#undef B
#undef L
#undef E
#define NRELS ((int)(sizeof rels / sizeof rels[0]))
enum { R_KILLED = 0, R_MEMBER = 3 };

typedef struct graph {
    size_t n, m;           /* entities, relations asked for */
    char **name;           /* entity names */
    uint8_t *type;         /* entity types */
    uint32_t *byt[NTYPES]; /* entities per type, in generation order */
    size_t nbyt[NTYPES];
    uint32_t *src, *dst; /* relations (unique triples, no self loops) */
    uint8_t *rel;
    uint32_t *doc;
    char *tsv; /* the fact file */
    size_t tsvlen;
} graph;

static const char *syl[] = {"ka",  "ri",  "mo",  "sa",  "la",  "ne",  "to",  "vi",  "da",  "ru",
                            "hal", "ber", "zan", "mir", "tek", "lo",  "shi", "an",  "el",  "or",
                            "um",  "qa",  "fa",  "gor", "dun", "bel", "ves", "tar", "nim", "pol"};
#define NSYL ((int)(sizeof syl / sizeof syl[0]))

static void word(rng *r, char *out)
{
    int k = 2 + (int)rbelow(r, 2);
    out[0] = 0;
    for (int i = 0; i < k; i++)
        strcat(out, syl[rbelow(r, NSYL)]);
    out[0] = (char)(out[0] - 'a' + 'A');
}

static void make_name(rng *r, int t, int attempt, char *out)
{
    static const char *org[] = {"Brigade",  "Party", "Front", "Movement", "Council",
                                "Ministry", "Bank",  "Corps", "League",   "Union"};
    static const char *place[] = {"Valley",  "Province", "City",   "District",
                                  "Heights", "Port",     "Springs"};
    char a[32], b[32], c[32];
    word(r, a), word(r, b), word(r, c);
    switch (t) {
    case T_PERSON:
        sprintf(out, "%s %s", a, b);
        break;
    case T_ORG:
        sprintf(out, "%s %s %s", a, b, org[rbelow(r, 10)]);
        break;
    case T_COUNTRY:
        sprintf(out, "Republic of %s", a);
        break;
    case T_BASE:
        sprintf(out, rbelow(r, 2) ? "%s Air Base" : "Camp %s", a);
        break;
    case T_PLACE:
        sprintf(out, "%s %s", a, place[rbelow(r, 7)]);
        break;
    default:
        sprintf(out, "%s Summit %d", a, 1990 + (int)rbelow(r, 35));
        break;
    }
    if (attempt > 2) { /* crowded: a third word, then a number */
        size_t l = strlen(out);
        if (attempt < 6)
            sprintf(out + l, " %s", c);
        else
            sprintf(out + l, " %d", attempt);
    }
}

/* index in [0, n) with a power-law skew: small indexes are hubs */
static size_t skewed(rng *r, size_t n, double a)
{
    size_t i = (size_t)(n * pow(runit(r), a));
    return i < n ? i : n - 1;
}

static void gen_graph(graph *g, size_t n, size_t m, uint64_t seed)
{
    rng r = {seed};
    g->n = n, g->m = m;
    g->name = xmalloc(n * sizeof *g->name);
    g->type = xmalloc(n);
    for (int t = 0; t < NTYPES; t++)
        g->byt[t] = xmalloc(n * sizeof(uint32_t)), g->nbyt[t] = 0;
    smap seen = {0};
    char buf[160];
    for (size_t i = 0; i < n; i++) {
        double u = runit(&r), acc = 0;
        int t = NTYPES - 1;
        for (int k = 0; k < NTYPES; k++)
            if (u < (acc += type_share[k])) {
                t = k;
                break;
            }
        for (int attempt = 0;; attempt++) {
            make_name(&r, t, attempt, buf);
            char low[160];
            size_t l = strlen(buf);
            for (size_t j = 0; j <= l; j++)
                low[j] = (char)(buf[j] >= 'A' && buf[j] <= 'Z' ? buf[j] + 32 : buf[j]);
            uint64_t h = hash_str(low, l);
            if (smap_get(&seen, low, l, h) >= 0) continue;
            g->name[i] = strdup(buf);
            char *lc = strdup(low);
            smap_add(&seen, lc, l, h);
            break;
        }
        g->type[i] = (uint8_t)t;
        g->byt[t][g->nbyt[t]++] = (uint32_t)i;
    }
    for (size_t i = 0; i < seen.n; i++)
        free((void *)seen.str[i]);
    smap_free(&seen);
    /* relations: type by weight, endpoints skewed within their types, unique */
    double wsum = 0;
    for (int k = 0; k < NRELS; k++)
        wsum += rels[k].w;
    g->src = xmalloc(m * 4), g->dst = xmalloc(m * 4), g->rel = xmalloc(m), g->doc = xmalloc(m * 4);
    size_t cap = 1;
    while (cap < m * 2)
        cap <<= 1;
    uint64_t *set = xcalloc(cap, 8);
    uint32_t doc = 1;
    for (size_t i = 0; i < m;) {
        double u = runit(&r) * wsum, acc = 0;
        int k = NRELS - 1;
        for (int j = 0; j < NRELS; j++)
            if (u < (acc += rels[j].w)) {
                k = j;
                break;
            }
        int ts[NTYPES], nts = 0, td[NTYPES], ntd = 0;
        for (int t = 0; t < NTYPES; t++) {
            if (rels[k].src >> t & 1) ts[nts++] = t;
            if (rels[k].dst >> t & 1) td[ntd++] = t;
        }
        int st = ts[rbelow(&r, nts)], dt = td[rbelow(&r, ntd)];
        if (!g->nbyt[st] || !g->nbyt[dt]) continue;
        uint32_t s = g->byt[st][skewed(&r, g->nbyt[st], 2.5)];
        uint32_t d = g->byt[dt][skewed(&r, g->nbyt[dt], 1.8)];
        if (s == d) continue;
        uint64_t key = ((uint64_t)s * 64 + k) * 0x100000000ull + d, h = key * 0x9E3779B97F4A7C15ull;
        size_t j = h >> 20 & (cap - 1);
        int dup = 0;
        for (; set[j]; j = (j + 1) & (cap - 1))
            if (set[j] == key + 1) dup = 1;
        if (dup) continue;
        set[j] = key + 1;
        if (rbelow(&r, 8) == 0) doc++; /* about eight relations per news document */
        g->src[i] = s, g->dst[i] = d, g->rel[i] = (uint8_t)k, g->doc[i] = doc;
        i++;
    }
    free(set);
    /* the fact file */
    size_t tcap = m * 96 + 256, tl = 0;
    char *t = xmalloc(tcap);
    tl += sprintf(t, "subject\tsubject_type\trelation\tobject\tobject_type\tsentence\tdate\n");
    for (size_t i = 0; i < m; i++) {
        if (tl + 512 > tcap) t = xrealloc(t, tcap *= 2);
        int days = 17532 + (int)(g->doc[i] % 1500); /* 2018-01-01 + ... */
        time_t tt = (time_t)days * 86400;
        struct tm tm;
        gmtime_r(&tt, &tm);
        tl += sprintf(t + tl, "%s\t%s\t%s\t%s\t%s\tdoc %u\t%04d-%02d-%02d\n", g->name[g->src[i]],
                      type_name[g->type[g->src[i]]], rels[g->rel[i]].name, g->name[g->dst[i]],
                      type_name[g->type[g->dst[i]]], g->doc[i], tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday);
    }
    g->tsv = t, g->tsvlen = tl;
}

/* ---------------------------------------------------------------- workloads */

enum { W1, W2, W3, W4, W5, W6, W7, W8, NW };
static const char *wname[NW] = {"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"};

/* The seeded parameters, chosen once from the generated graph. Entities are
** named by generator index; the loaders number nodes by first appearance in
** the fact file, both the same way, so answers can compare ids. */
typedef struct plan {
    int nq[NW];      /* queries per workload */
    uint32_t *a[NW]; /* first entity (generator index) */
    uint32_t *b[NW]; /* second entity (W6) */
    uint8_t *r[NW];  /* relation (W3) */
    uint32_t *gid;   /* generator index -> loaded id (0: not loaded) */
} plan;

/* Everything gen_graph and make_plan allocated (a clean exit under the
** leak checker of the sanitizer build). */
static void free_bench(graph *g, plan *p)
{
    for (size_t i = 0; g->name && i < g->n; i++)
        free(g->name[i]);
    free(g->name), free(g->type), free(g->src), free(g->dst), free(g->rel), free(g->doc);
    free(g->tsv);
    for (int t = 0; t < NTYPES; t++)
        free(g->byt[t]);
    for (int w = 0; w < NW; w++)
        free(p->a[w]), free(p->b[w]), free(p->r[w]);
    free(p->gid);
}

static void make_plan(plan *p, const graph *g, uint64_t seed, double scale)
{
    int base[NW] = {1, 10000, 10000, 1000, 200, 200, 1000, NRELS};
    for (int w = 0; w < NW; w++) {
        p->nq[w] = w == W8 || w == W1 ? base[w] : (int)(base[w] * scale);
        if (p->nq[w] < 1) p->nq[w] = 1;
        p->a[w] = xcalloc(p->nq[w], 4), p->b[w] = xcalloc(p->nq[w], 4),
        p->r[w] = xcalloc(p->nq[w], 1);
    }
    p->gid = xcalloc(g->n, 4);
    uint32_t next = 1;
    uint8_t *hasout = xcalloc(g->n, 1), *hasmember = xcalloc(g->n, 1);
    for (size_t i = 0; i < g->m; i++) {
        if (!p->gid[g->src[i]]) p->gid[g->src[i]] = next++;
        if (!p->gid[g->dst[i]]) p->gid[g->dst[i]] = next++;
        hasout[g->src[i]] = 1;
        if (g->rel[i] == R_MEMBER) hasmember[g->dst[i]] = 1;
    }
    uint32_t *loaded = xmalloc(g->n * 4), *srcs = xmalloc(g->n * 4), *orgs = xmalloc(g->n * 4);
    size_t nl = 0, ns = 0, no = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (p->gid[i]) loaded[nl++] = (uint32_t)i;
        if (hasout[i]) srcs[ns++] = (uint32_t)i;
        if (hasmember[i]) orgs[no++] = (uint32_t)i;
    }
    for (int w = W2; w < NW; w++) {
        rng r = {seed * 1000003u + (uint64_t)w};
        for (int q = 0; q < p->nq[w]; q++) {
            size_t e = rbelow(&r, g->m);
            switch (w) {
            case W2:
                p->a[w][q] = loaded[rbelow(&r, nl)];
                break;
            case W3:
                p->a[w][q] = g->src[e], p->r[w][q] = g->rel[e];
                break;
            case W4:
            case W5:
                p->a[w][q] = srcs[rbelow(&r, ns)];
                break;
            case W6:
                p->a[w][q] = loaded[rbelow(&r, nl)], p->b[w][q] = loaded[rbelow(&r, nl)];
                break;
            case W7:
                p->a[w][q] = no ? orgs[rbelow(&r, no)] : loaded[0];
                break;
            case W8:
                p->r[w][q] = (uint8_t)q;
                break;
            }
        }
    }
    free(hasout), free(hasmember), free(loaded), free(srcs), free(orgs);
}

/* Results of one system: time and peak RSS per workload, answers per query.
** W8 answers are ten (id, count) pairs per relation folded into one number. */
typedef struct result {
    double secs[NW];  /* median over runs */
    double peak[NW];  /* MB, peak RSS after the workload */
    double alt[NW];   /* second variant (SQLite: recursive CTE / app loop), secs; 0 = none */
    int64_t *ans[NW]; /* one answer per query */
} result;

static int64_t mix(int64_t h, int64_t v)
{
    return (int64_t)(((uint64_t)h ^ (uint64_t)v) * 0x100000001B3ull + 0x9E37ull);
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static double median(double *v, int n)
{
    qsort(v, n, sizeof *v, dcmp);
    return v[n / 2];
}

/* ---------------------------------------------------------------- kg */

typedef struct benv {
    const graph *g;
    const plan *p;
    const char *dir; /* scratch directory */
    int runs;
} benv;

static kg_stmt *kprep(kg_db *db, const char *q)
{
    kg_stmt *st = NULL;
    if (kg_prepare(db, q, -1, &st, NULL) != KG_OK) die("kg: prepare %s: %s", q, kg_errmsg(db));
    return st;
}

/* bind $a (and $b), run, fold the rows: first column ints (and second) */
/* Node ids in answers are compared as the plan numbers entities (by first
** appearance in the fact file, from 1). kg numbers them the same way but may
** give a document node an id first (the fact file's document, registered
** before its facts): the children that read kg's ids subtract this offset,
** measured after the load from the first and the last entity. */
static int64_t idoff;

/* The offset of kg's ids from the plan's, given the kg ids of the entities
** the plan numbers 1 and last; dies when kg numbers them otherwise. */
static void set_idoff(const graph *g, const plan *p, uint64_t (*id_of)(void *, const char *),
                      void *ctx)
{
    size_t first = 0, last = 0;
    uint32_t max = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (p->gid[i] == 1) first = i;
        if (p->gid[i] > max) max = p->gid[i], last = i;
    }
    int64_t a = (int64_t)id_of(ctx, g->name[first]), b = (int64_t)id_of(ctx, g->name[last]);
    idoff = a - 1;
    if (!a || b - (int64_t)max != idoff)
        die("kg numbers entities other than by first appearance (ids %lld and %lld for 1 and %u)",
            (long long)a, (long long)b, max);
}

/* An id of an answer in the plan's numbering (0, none, stays 0). */
static int64_t plan_id(int64_t id)
{
    return id ? id - idoff : 0;
}

static int64_t krun(kg_db *db, kg_stmt *st, const char *a, const char *b, int64_t *rows, int ids)
{
    if (a && kg_bind_text(st, "a", a, -1)) die("kg: bind: %s", kg_errmsg(db));
    if (b && kg_bind_text(st, "b", b, -1)) die("kg: bind: %s", kg_errmsg(db));
    int64_t h = 0, n = 0, rc;
    int nc = kg_column_count(st);
    while ((rc = kg_step(st)) == KG_ROW) {
        n++;
        h += ids ? plan_id(kg_column_int(st, 0)) : kg_column_int(st, 0);
        if (nc > 1) h = mix(h, kg_column_int(st, 1));
    }
    if (rc != KG_DONE) die("kg: step: %s", kg_errmsg(db));
    kg_reset(st);
    if (rows) *rows = n;
    return h;
}

/* One statement per relation: fmt with the relation's name for its %s. */
static void kprep_rels(kg_db *db, const char *fmt, kg_stmt *st[NRELS])
{
    for (int k = 0; k < NRELS; k++) {
        char q[256];
        snprintf(q, sizeof q, fmt, rels[k].name);
        st[k] = kprep(db, q);
    }
}

static void kfinalize_rels(kg_stmt *st[NRELS])
{
    for (int k = 0; k < NRELS; k++)
        kg_finalize(st[k]);
}

static uint64_t kg_id_of(void *ctx, const char *name)
{
    kg_db *db = ctx;
    kg_stmt *st = kprep(db, "MATCH (n {name: $a}) RETURN id(n)");
    uint64_t id = (uint64_t)krun(db, st, name, NULL, NULL, 0);
    kg_finalize(st);
    return id;
}

static void run_kg(const benv *e, result *res)
{
    const graph *g = e->g;
    const plan *p = e->p;
    char path[512];
    snprintf(path, sizeof path, "%s/kg", e->dir);
    double t[NW][8], tw[NW][8] = {{0}};
    for (int run = 0; run < e->runs; run++) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
        if (system(cmd)) die("cannot clear %s", path);
        kg_db *db;
        if (kg_open(path, KG_OPEN_CREATE | KG_OPEN_NOSYNC, NULL, &db))
            die("kg: open: %s", db ? kg_errmsg(db) : "");
        double t0 = now();
        int status;
        kgl_counts cnt = {0};
        char err[512];
        if (kgl_facts_load(db, "bench.tsv", g->tsv, g->tsvlen, 0, &status, &cnt, err, sizeof err))
            die("kg: load: %s", err);
        t[W1][run] = now() - t0;
        res->peak[W1] = peak_mb();
        set_idoff(g, p, kg_id_of, db);
        if (run == 0) {
            res->ans[W1][0] = (int64_t)cnt.relations * 1000003 + (int64_t)cnt.entities;
            uint64_t problems = 0;
            if (g->m <= 200000 && (kg_check(db, NULL, NULL, &problems) || problems))
                die("kg: check after the bulk load found %llu problems",
                    (unsigned long long)problems);
        }
        /* W2 */
        kg_stmt *st = kprep(db, "MATCH (n {name: $a}) RETURN id(n)");
        t0 = now();
        for (int q = 0; q < p->nq[W2]; q++)
            res->ans[W2][q] = krun(db, st, g->name[p->a[W2][q]], NULL, NULL, 1);
        t[W2][run] = now() - t0;
        kg_finalize(st);
        res->peak[W2] = peak_mb();
        /* W3: one statement per relation */
        kg_stmt *s3[NRELS];
        kprep_rels(db, "MATCH (x {name: $a})-[:%s]->(y) RETURN id(y)", s3);
        t0 = now();
        for (int q = 0; q < p->nq[W3]; q++) {
            int64_t n;
            int64_t h = krun(db, s3[p->r[W3][q]], g->name[p->a[W3][q]], NULL, &n, 1);
            res->ans[W3][q] = mix(h, n);
        }
        t[W3][run] = now() - t0;
        kfinalize_rels(s3);
        res->peak[W3] = peak_mb();
        static const char *qs[] = {
            [W4] = "MATCH (x {name: $a})-->()-->(c) RETURN count(DISTINCT c)",
            [W5] = "MATCH (x {name: $a})-[*1..3]->(c) RETURN count(DISTINCT c)",
            [W6] = "MATCH p = shortest (x {name: $a})-[*..6]-(y {name: $b}) RETURN length(p)",
            [W7] =
                "MATCH (p:person)-[:member-of]->(o {name: $a}), (p)-[:killed]->(v) RETURN count(*)",
        };
        for (int w = W4; w <= W7; w++) {
            st = kprep(db, qs[w]);
            t0 = now();
            for (int q = 0; q < p->nq[w]; q++) {
                int64_t n;
                int64_t h =
                    krun(db, st, g->name[p->a[w][q]], w == W6 ? g->name[p->b[w][q]] : NULL, &n, 0);
                res->ans[w][q] = w == W6 && n == 0 ? -1 : h;
            }
            t[w][run] = now() - t0;
            kg_finalize(st);
            res->peak[w] = peak_mb();
        }
        /* W2-W7 written in WHERE (issue 15: the planner seeks what WHERE
        ** names as it seeks what the pattern names): same answers, time in
        ** res->alt */
        static const char *ws[] = {
            [W2] = "MATCH (n) WHERE n.name = $a RETURN id(n)",
            [W4] = "MATCH (x)-->()-->(c) WHERE x.name = $a RETURN count(DISTINCT c)",
            [W5] = "MATCH (x)-[*1..3]->(c) WHERE x.name = $a RETURN count(DISTINCT c)",
            [W6] = "MATCH p = shortest (x)-[*..6]-(y) WHERE x.name = $a AND y.name = $b "
                   "RETURN length(p)",
            [W7] = "MATCH (p:person)-[:member-of]->(o), (p)-[:killed]->(v) WHERE o.name = $a "
                   "RETURN count(*)",
        };
        for (int w = W2; w <= W7; w++) {
            kg_stmt *s3w[NRELS];
            if (w == W3)
                kprep_rels(db,
                           "MATCH (x)-[r]->(y) WHERE x.name = $a AND type(r) = '%s' RETURN id(y)",
                           s3w);
            else
                st = kprep(db, ws[w]);
            t0 = now();
            for (int q = 0; q < p->nq[w]; q++) {
                int64_t n, h;
                if (w == W3) {
                    h = krun(db, s3w[p->r[W3][q]], g->name[p->a[W3][q]], NULL, &n, 1);
                    h = mix(h, n);
                } else {
                    h = krun(db, st, g->name[p->a[w][q]], w == W6 ? g->name[p->b[w][q]] : NULL, &n,
                             w == W2);
                    if (w == W6 && n == 0) h = -1;
                }
                if (h != res->ans[w][q])
                    die("kg: %s written in WHERE answers %lld at query %d, the pattern form %lld",
                        wname[w], (long long)h, q, (long long)res->ans[w][q]);
            }
            tw[w][run] = now() - t0;
            if (w == W3)
                kfinalize_rels(s3w);
            else
                kg_finalize(st);
        }
        /* W8 */
        kg_stmt *s8[NRELS];
        kprep_rels(db,
                   "MATCH ()-[:%s]->(b) RETURN id(b) AS bid, count(*) AS n ORDER BY n DESC, bid "
                   "LIMIT 10",
                   s8);
        t0 = now();
        for (int q = 0; q < p->nq[W8]; q++)
            res->ans[W8][q] = krun(db, s8[p->r[W8][q]], NULL, NULL, NULL, 1);
        t[W8][run] = now() - t0;
        kfinalize_rels(s8);
        res->peak[W8] = peak_mb();
        kg_close(db);
    }
    for (int w = 0; w < NW; w++) {
        res->secs[w] = median(t[w], e->runs);
        res->alt[w] = w >= W2 && w <= W7 ? median(tw[w], e->runs) : 0;
    }
}

/* ---------------------------------------------------------------- SQLite */

static sqlite3_stmt *sprep(sqlite3 *db, const char *q)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
        die("sqlite: prepare %s: %s", q, sqlite3_errmsg(db));
    return st;
}

static void sexec(sqlite3 *db, const char *q)
{
    char *err = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &err) != SQLITE_OK) die("sqlite: %s: %s", q, err);
}

static int64_t srun(sqlite3_stmt *st, int64_t *rows)
{
    int64_t h = 0, n = 0;
    int rc, nc = sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        h += sqlite3_column_int64(st, 0);
        if (nc > 1) h = mix(h, sqlite3_column_int64(st, 1));
    }
    if (rc != SQLITE_DONE) die("sqlite: step: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
    sqlite3_reset(st);
    if (rows) *rows = n;
    return h;
}

/* The expert's load: parse the same fact file, ids from a hash map in first
** appearance order, one transaction, indexes built after the rows. */
static void sqlite_load(sqlite3 *db, const graph *g, int64_t *ans)
{
    sexec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
              "PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=4294967296;"
              "CREATE TABLE entity(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);"
              "CREATE TABLE reltype(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
              "CREATE TABLE rel(src INTEGER NOT NULL, rel INTEGER NOT NULL, dst INTEGER NOT NULL,"
              " doc INTEGER NOT NULL, date TEXT);"
              "BEGIN");
    sqlite3_stmt *ie = sprep(db, "INSERT INTO entity VALUES (?, ?, ?)");
    sqlite3_stmt *ir = sprep(db, "INSERT INTO rel VALUES (?, ?, ?, ?, ?)");
    sqlite3_stmt *it = sprep(db, "INSERT INTO reltype VALUES (?, ?)");
    smap names = {0}, rmap = {0};
    const char *p = g->tsv, *end = g->tsv + g->tsvlen;
    p = memchr(p, '\n', end - p) + 1; /* header */
    int64_t nrel = 0;
    while (p < end) {
        const char *f[8];
        size_t fl[8];
        int nf = 0;
        const char *a = p;
        while (nf < 8) {
            const char *b = a;
            while (b < end && *b != '\t' && *b != '\n')
                b++;
            f[nf] = a, fl[nf++] = b - a;
            if (b >= end || *b == '\n') {
                p = b + 1;
                break;
            }
            a = b + 1;
        }
        int64_t id[2];
        for (int i = 0; i < 2; i++) {
            const char *s = f[i ? 3 : 0];
            size_t n = fl[i ? 3 : 0];
            uint64_t h = hash_str(s, n);
            int64_t x = smap_get(&names, s, n, h);
            if (x < 0) {
                x = smap_add(&names, s, n, h);
                sqlite3_bind_int64(ie, 1, x + 1);
                sqlite3_bind_text(ie, 2, s, (int)n, SQLITE_STATIC);
                sqlite3_bind_text(ie, 3, f[i ? 4 : 1], (int)fl[i ? 4 : 1], SQLITE_STATIC);
                if (sqlite3_step(ie) != SQLITE_DONE) die("sqlite: insert: %s", sqlite3_errmsg(db));
                sqlite3_reset(ie);
            }
            id[i] = x + 1;
        }
        uint64_t h = hash_str(f[2], fl[2]);
        int64_t r = smap_get(&rmap, f[2], fl[2], h);
        if (r < 0) {
            r = smap_add(&rmap, f[2], fl[2], h);
            sqlite3_bind_int64(it, 1, r + 1);
            sqlite3_bind_text(it, 2, f[2], (int)fl[2], SQLITE_STATIC);
            if (sqlite3_step(it) != SQLITE_DONE) die("sqlite: insert: %s", sqlite3_errmsg(db));
            sqlite3_reset(it);
        }
        sqlite3_bind_int64(ir, 1, id[0]);
        sqlite3_bind_int64(ir, 2, r + 1);
        sqlite3_bind_int64(ir, 3, id[1]);
        sqlite3_bind_int64(ir, 4, strtoll(f[5] + 4, NULL, 10));
        sqlite3_bind_text(ir, 5, f[6], (int)fl[6], SQLITE_STATIC);
        if (sqlite3_step(ir) != SQLITE_DONE) die("sqlite: insert: %s", sqlite3_errmsg(db));
        sqlite3_reset(ir);
        nrel++;
    }
    sqlite3_finalize(ie), sqlite3_finalize(ir), sqlite3_finalize(it);
    sexec(db, "CREATE UNIQUE INDEX entity_name ON entity(name);"
              "CREATE INDEX rel_out ON rel(src, rel, dst);"
              "CREATE INDEX rel_in ON rel(dst, rel, src);"
              "COMMIT; ANALYZE");
    if (ans) *ans = nrel * 1000003 + (int64_t)names.n;
    smap_free(&names), smap_free(&rmap);
}

static int64_t sql_id(sqlite3_stmt *byname, const char *name)
{
    sqlite3_bind_text(byname, 1, name, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(byname) == SQLITE_ROW ? sqlite3_column_int64(byname, 0) : 0;
    sqlite3_reset(byname);
    return id;
}

/* growable id set with generation stamps (ids are dense) */
typedef struct stamp {
    uint32_t *s; /* generation per id */
    uint32_t gen;
    size_t cap;
} stamp;
static void stamp_next(stamp *s, size_t n)
{
    if (n > s->cap) {
        s->s = xrealloc(s->s, n * 4);
        memset(s->s + s->cap, 0, (n - s->cap) * 4);
        s->cap = n;
    }
    if (++s->gen == 0) memset(s->s, 0, s->cap * 4), s->gen = 1;
}
static int stamp_put(stamp *s, uint64_t id) /* 1 if new */
{
    if (s->s[id] == s->gen) return 0;
    s->s[id] = s->gen;
    return 1;
}

typedef struct idvec {
    int64_t *v;
    size_t n, cap;
} idvec;
static void iv_push(idvec *v, int64_t x)
{
    if (v->n == v->cap) v->v = xrealloc(v->v, (v->cap = v->cap ? v->cap * 2 : 256) * 8);
    v->v[v->n++] = x;
}

/* neighbours (any relation) through a prepared "SELECT dst FROM rel WHERE src=?" */
static void sql_nbrs(sqlite3_stmt *st, int64_t id, idvec *out)
{
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        iv_push(out, sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
}

static void run_sqlite(const benv *e, result *res)
{
    const graph *g = e->g;
    const plan *p = e->p;
    char path[512];
    snprintf(path, sizeof path, "%s/sqlite.db", e->dir);
    double t[NW][8], alt[NW][8];
    memset(alt, 0, sizeof alt);
    size_t maxid = g->n + 2;
    stamp sa = {0}, sb = {0};
    for (int run = 0; run < e->runs; run++) {
        unlink(path);
        sqlite3 *db;
        if (sqlite3_open(path, &db) != SQLITE_OK) die("sqlite: open %s", path);
        double t0 = now();
        int64_t a1;
        sqlite_load(db, g, &a1);
        t[W1][run] = now() - t0;
        if (run == 0) res->ans[W1][0] = a1;
        res->peak[W1] = peak_mb();
        sqlite3_stmt *byname = sprep(db, "SELECT id FROM entity WHERE name = ?");
        /* W2 */
        t0 = now();
        for (int q = 0; q < p->nq[W2]; q++)
            res->ans[W2][q] = sql_id(byname, g->name[p->a[W2][q]]);
        t[W2][run] = now() - t0;
        res->peak[W2] = peak_mb();
        /* W3 */
        sqlite3_stmt *st =
            sprep(db, "SELECT r.dst FROM rel r WHERE r.src = (SELECT id FROM entity "
                      "WHERE name = ?1) AND r.rel = (SELECT id FROM reltype WHERE name = ?2)");
        t0 = now();
        for (int q = 0; q < p->nq[W3]; q++) {
            sqlite3_bind_text(st, 1, g->name[p->a[W3][q]], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, rels[p->r[W3][q]].name, -1, SQLITE_STATIC);
            int64_t n, h = srun(st, &n);
            res->ans[W3][q] = mix(h, n);
        }
        t[W3][run] = now() - t0;
        sqlite3_finalize(st);
        res->peak[W3] = peak_mb();
        sqlite3_stmt *out = sprep(db, "SELECT dst FROM rel WHERE src = ?");
        sqlite3_stmt *in = sprep(db, "SELECT src FROM rel WHERE dst = ?");
        /* W4: application loop (main figure) and one SQL statement (alt) */
        idvec l1 = {0}, l2 = {0};
        t0 = now();
        for (int q = 0; q < p->nq[W4]; q++) {
            int64_t a = sql_id(byname, g->name[p->a[W4][q]]), n = 0;
            l1.n = 0;
            sql_nbrs(out, a, &l1);
            stamp_next(&sa, maxid);
            for (size_t i = 0; i < l1.n; i++) {
                l2.n = 0;
                sql_nbrs(out, l1.v[i], &l2);
                for (size_t j = 0; j < l2.n; j++)
                    n += stamp_put(&sa, l2.v[j]);
            }
            res->ans[W4][q] = n;
        }
        t[W4][run] = now() - t0;
        st = sprep(db, "SELECT count(DISTINCT r2.dst) FROM rel r1 JOIN rel r2 ON r2.src = r1.dst "
                       "WHERE r1.src = (SELECT id FROM entity WHERE name = ?)");
        t0 = now();
        for (int q = 0; q < p->nq[W4]; q++) {
            sqlite3_bind_text(st, 1, g->name[p->a[W4][q]], -1, SQLITE_STATIC);
            if (srun(st, NULL) != res->ans[W4][q]) die("sqlite: W4 SQL and loop disagree");
        }
        alt[W4][run] = now() - t0;
        sqlite3_finalize(st);
        res->peak[W4] = peak_mb();
        /* W5: BFS loop (main) and recursive CTE (alt, first 20 queries, scaled) */
        t0 = now();
        for (int q = 0; q < p->nq[W5]; q++) {
            int64_t a = sql_id(byname, g->name[p->a[W5][q]]), n = 0, back = 0;
            stamp_next(&sa, maxid);
            l1.n = 0;
            iv_push(&l1, a);
            stamp_put(&sa, a);
            for (int d = 0; d < 3; d++) {
                l2.n = 0;
                for (size_t i = 0; i < l1.n; i++) {
                    size_t before = l2.n;
                    sql_nbrs(out, l1.v[i], &l2);
                    for (size_t j = before; j < l2.n; j++)
                        if (l2.v[j] == a) back = 1;
                }
                l1.n = 0;
                for (size_t j = 0; j < l2.n; j++)
                    if (stamp_put(&sa, l2.v[j])) iv_push(&l1, l2.v[j]), n++;
            }
            res->ans[W5][q] = n + back;
        }
        t[W5][run] = now() - t0;
        st = sprep(
            db, "WITH RECURSIVE reach(id, d) AS (SELECT (SELECT id FROM entity WHERE name = ?), 0 "
                "UNION SELECT r.dst, reach.d + 1 FROM reach JOIN rel r ON r.src = reach.id "
                "WHERE reach.d < 3) SELECT count(DISTINCT id) FROM reach WHERE d > 0");
        int ncte = p->nq[W5] < 20 ? p->nq[W5] : 20;
        t0 = now();
        for (int q = 0; q < ncte; q++) {
            sqlite3_bind_text(st, 1, g->name[p->a[W5][q]], -1, SQLITE_STATIC);
            if (srun(st, NULL) != res->ans[W5][q]) die("sqlite: W5 CTE and loop disagree");
        }
        alt[W5][run] = (now() - t0) * p->nq[W5] / ncte;
        sqlite3_finalize(st);
        res->peak[W5] = peak_mb();
        /* W6: bidirectional BFS, undirected, up to 6 hops */
        t0 = now();
        for (int q = 0; q < p->nq[W6]; q++) {
            int64_t a = sql_id(byname, g->name[p->a[W6][q]]),
                    b = sql_id(byname, g->name[p->b[W6][q]]);
            int64_t found = -1;
            if (a == b) {
                found = -1; /* kg: shortest needs at least one hop; a path to itself is none */
            } else {
                stamp_next(&sa, maxid), stamp_next(&sb, maxid);
                idvec fa = {0}, fb = {0}, nx = {0};
                iv_push(&fa, a), iv_push(&fb, b);
                stamp_put(&sa, a), stamp_put(&sb, b);
                int da = 0, db2 = 0;
                while (found < 0 && da + db2 < 6 && fa.n && fb.n) {
                    int froma = fa.n <= fb.n;
                    idvec *f = froma ? &fa : &fb;
                    stamp *mine = froma ? &sa : &sb, *other = froma ? &sb : &sa;
                    nx.n = 0;
                    for (size_t i = 0; i < f->n && found < 0; i++) {
                        l2.n = 0;
                        sql_nbrs(out, f->v[i], &l2);
                        sql_nbrs(in, f->v[i], &l2);
                        for (size_t j = 0; j < l2.n; j++) {
                            if (other->s[l2.v[j]] == other->gen) {
                                found = da + db2 + 1;
                                break;
                            }
                            if (stamp_put(mine, l2.v[j])) iv_push(&nx, l2.v[j]);
                        }
                    }
                    if (froma)
                        da++;
                    else
                        db2++;
                    idvec tmp = *f;
                    *f = nx, nx = tmp;
                }
                free(fa.v), free(fb.v), free(nx.v);
            }
            res->ans[W6][q] = found;
        }
        t[W6][run] = now() - t0;
        res->peak[W6] = peak_mb();
        /* W7 */
        st = sprep(db,
                   "SELECT count(*) FROM rel m JOIN entity p ON p.id = m.src AND p.type = 'person' "
                   "JOIN rel k ON k.src = m.src AND k.rel = (SELECT id FROM reltype WHERE name = "
                   "'killed') "
                   "WHERE m.dst = (SELECT id FROM entity WHERE name = ?) "
                   "AND m.rel = (SELECT id FROM reltype WHERE name = 'member-of')");
        t0 = now();
        for (int q = 0; q < p->nq[W7]; q++) {
            sqlite3_bind_text(st, 1, g->name[p->a[W7][q]], -1, SQLITE_STATIC);
            res->ans[W7][q] = srun(st, NULL);
        }
        t[W7][run] = now() - t0;
        sqlite3_finalize(st);
        res->peak[W7] = peak_mb();
        /* W8 */
        st =
            sprep(db, "SELECT dst AS b, count(*) AS n FROM rel WHERE rel = (SELECT id FROM reltype "
                      "WHERE name = ?) GROUP BY dst ORDER BY n DESC, b LIMIT 10");
        t0 = now();
        for (int q = 0; q < p->nq[W8]; q++) {
            sqlite3_bind_text(st, 1, rels[p->r[W8][q]].name, -1, SQLITE_STATIC);
            res->ans[W8][q] = srun(st, NULL);
        }
        t[W8][run] = now() - t0;
        sqlite3_finalize(st);
        res->peak[W8] = peak_mb();
        sqlite3_finalize(out), sqlite3_finalize(in), sqlite3_finalize(byname);
        free(l1.v), free(l2.v);
        sqlite3_close(db);
    }
    for (int w = 0; w < NW; w++) {
        res->secs[w] = median(t[w], e->runs);
        res->alt[w] = median(alt[w], e->runs);
    }
    unlink(path);
}

/* ---------------------------------------------------------------- hand-written LMDB */

typedef struct lm {
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi names, out, in, nodes, syms, edges;
    MDB_cursor *cn, *co, *ci, *cnode;
    uint32_t relid[NRELS], person;
} lm;

static uint64_t be64(const void *p)
{
    const unsigned char *c = p;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | c[i];
    return v;
}
static uint32_t be32(const void *p)
{
    const unsigned char *c = p;
    return (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];
}
static void pbe64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--)
        p[i] = (unsigned char)v, v >>= 8;
}
static void pbe32(unsigned char *p, uint32_t v)
{
    p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

static uint32_t lm_sym(lm *m, char kind, const char *name)
{
    char k[256];
    k[0] = kind;
    strcpy(k + 1, name);
    MDB_val key = {strlen(name) + 1, k}, v;
    if (mdb_get(m->txn, m->syms, &key, &v)) return UINT32_MAX;
    return be32(v.mv_data);
}

/* the generator's names are ASCII words: kg's normalised form is lower case */
static uint64_t lm_id(lm *m, const char *name)
{
    char k[256];
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        k[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    MDB_val key = {n, k}, v;
    if (mdb_cursor_get(m->cn, &key, &v, MDB_SET_KEY)) return 0;
    return be64(v.mv_data);
}

/* call fn(ctx, nbr) for out (or in) neighbours of id by rel (0: any) */
#define LM_EACH(m, cur, id, rel, NBR, ...)                                                         \
    do {                                                                                           \
        unsigned char k_[12];                                                                      \
        pbe64(k_, id), pbe32(k_ + 8, rel);                                                         \
        MDB_val key_ = {12, k_}, v_;                                                               \
        int rc_ = mdb_cursor_get(cur, &key_, &v_, (rel) ? MDB_SET_KEY : MDB_SET_RANGE);            \
        while (rc_ == 0 && key_.mv_size == 12 && be64(key_.mv_data) == (id)) {                     \
            int more_ = mdb_cursor_get(cur, &key_, &v_, MDB_GET_MULTIPLE);                         \
            while (more_ == 0) {                                                                   \
                const unsigned char *p_ = v_.mv_data;                                              \
                for (size_t i_ = 0; i_ < v_.mv_size / 16; i_++) {                                  \
                    uint64_t NBR = be64(p_ + 16 * i_);                                             \
                    __VA_ARGS__;                                                                   \
                }                                                                                  \
                more_ = mdb_cursor_get(cur, &key_, &v_, MDB_NEXT_MULTIPLE);                        \
            }                                                                                      \
            if (rel) break;                                                                        \
            rc_ = mdb_cursor_get(cur, &key_, &v_, MDB_NEXT_NODUP);                                 \
        }                                                                                          \
    } while (0)

typedef struct topk {
    uint64_t id, n;
} topk;

static uint64_t lm_id_of(void *ctx, const char *name)
{
    return lm_id(ctx, name);
}

static void run_lmdb(const benv *e, result *res)
{
    const graph *g = e->g;
    const plan *p = e->p;
    char path[512];
    snprintf(path, sizeof path, "%s/kg", e->dir);
    lm m = {0};
    if (mdb_env_create(&m.env) || mdb_env_set_maxdbs(m.env, 32) ||
        mdb_env_open(m.env, path, MDB_RDONLY | MDB_NORDAHEAD, 0664))
        die("lmdb: cannot open %s", path);
    if (mdb_txn_begin(m.env, NULL, MDB_RDONLY, &m.txn)) die("lmdb: txn");
    if (mdb_dbi_open(m.txn, "names", MDB_DUPSORT, &m.names) ||
        mdb_dbi_open(m.txn, "out", MDB_DUPSORT, &m.out) ||
        mdb_dbi_open(m.txn, "in", MDB_DUPSORT, &m.in) ||
        mdb_dbi_open(m.txn, "nodes", 0, &m.nodes) || mdb_dbi_open(m.txn, "syms", 0, &m.syms))
        die("lmdb: tables");
    mdb_cursor_open(m.txn, m.names, &m.cn), mdb_cursor_open(m.txn, m.out, &m.co);
    mdb_cursor_open(m.txn, m.in, &m.ci), mdb_cursor_open(m.txn, m.nodes, &m.cnode);
    for (int k = 0; k < NRELS; k++)
        m.relid[k] = lm_sym(&m, 'r', rels[k].name);
    m.person = lm_sym(&m, 't', "person");
    set_idoff(g, p, lm_id_of, &m);
    size_t maxid = g->n + 2;
    stamp sa = {0}, sb = {0};
    idvec l1 = {0}, l2 = {0};
    double t[NW][8];
    memset(t, 0, sizeof t);
    for (int run = 0; run < e->runs; run++) {
        double t0 = now();
        for (int q = 0; q < p->nq[W2]; q++)
            res->ans[W2][q] = plan_id((int64_t)lm_id(&m, g->name[p->a[W2][q]]));
        t[W2][run] = now() - t0;
        t0 = now();
        for (int q = 0; q < p->nq[W3]; q++) {
            uint64_t a = lm_id(&m, g->name[p->a[W3][q]]);
            int64_t h = 0, n = 0;
            LM_EACH(&m, m.co, a, m.relid[p->r[W3][q]], d, (h += plan_id((int64_t)d), n++));
            res->ans[W3][q] = mix(h, n);
        }
        t[W3][run] = now() - t0;
        t0 = now();
        for (int q = 0; q < p->nq[W4]; q++) {
            uint64_t a = lm_id(&m, g->name[p->a[W4][q]]);
            int64_t n = 0;
            l1.n = 0;
            LM_EACH(&m, m.co, a, 0, d, iv_push(&l1, (int64_t)d));
            stamp_next(&sa, maxid);
            for (size_t i = 0; i < l1.n; i++)
                LM_EACH(&m, m.co, (uint64_t)l1.v[i], 0, d, n += stamp_put(&sa, d));
            res->ans[W4][q] = n;
        }
        t[W4][run] = now() - t0;
        t0 = now();
        for (int q = 0; q < p->nq[W5]; q++) {
            uint64_t a = lm_id(&m, g->name[p->a[W5][q]]);
            int64_t n = 0, back = 0;
            stamp_next(&sa, maxid);
            stamp_put(&sa, a);
            l1.n = 0;
            iv_push(&l1, (int64_t)a);
            for (int dd = 0; dd < 3; dd++) {
                l2.n = 0;
                for (size_t i = 0; i < l1.n; i++)
                    LM_EACH(&m, m.co, (uint64_t)l1.v[i], 0, d, {
                        if (d == a) back = 1;
                        if (stamp_put(&sa, d)) iv_push(&l2, (int64_t)d), n++;
                    });
                idvec tmp = l1;
                l1 = l2, l2 = tmp;
            }
            res->ans[W5][q] = n + back;
        }
        t[W5][run] = now() - t0;
        t0 = now();
        idvec fa = {0}, fb = {0}, nx = {0};
        for (int q = 0; q < p->nq[W6]; q++) {
            uint64_t a = lm_id(&m, g->name[p->a[W6][q]]), b = lm_id(&m, g->name[p->b[W6][q]]);
            int64_t found = -1;
            if (a != b) {
                stamp_next(&sa, maxid), stamp_next(&sb, maxid);
                fa.n = fb.n = 0;
                iv_push(&fa, (int64_t)a), iv_push(&fb, (int64_t)b);
                stamp_put(&sa, a), stamp_put(&sb, b);
                int da = 0, db2 = 0;
                while (found < 0 && da + db2 < 6 && fa.n && fb.n) {
                    int froma = fa.n <= fb.n;
                    idvec *f = froma ? &fa : &fb;
                    stamp *mine = froma ? &sa : &sb, *other = froma ? &sb : &sa;
                    nx.n = 0;
                    for (size_t i = 0; i < f->n && found < 0; i++) {
                        for (int pass = 0; pass < 2 && found < 0; pass++)
                            LM_EACH(&m, pass ? m.ci : m.co, (uint64_t)f->v[i], 0, d, {
                                if (found < 0) {
                                    if (other->s[d] == other->gen)
                                        found = da + db2 + 1;
                                    else if (stamp_put(mine, d))
                                        iv_push(&nx, (int64_t)d);
                                }
                            });
                    }
                    if (froma)
                        da++;
                    else
                        db2++;
                    idvec tmp = *f;
                    *f = nx, nx = tmp;
                }
            }
            res->ans[W6][q] = found;
        }
        free(fa.v), free(fb.v), free(nx.v);
        t[W6][run] = now() - t0;
        t0 = now();
        for (int q = 0; q < p->nq[W7]; q++) {
            uint64_t o = lm_id(&m, g->name[p->a[W7][q]]);
            int64_t n = 0;
            LM_EACH(&m, m.ci, o, m.relid[R_MEMBER], pp, {
                unsigned char nk[8];
                pbe64(nk, pp);
                MDB_val k = {8, nk}, v;
                if (mdb_get(m.txn, m.nodes, &k, &v) == 0 && be32(v.mv_data) == m.person) {
                    unsigned char kk[12];
                    pbe64(kk, pp), pbe32(kk + 8, m.relid[R_KILLED]);
                    MDB_val k2 = {12, kk}, v2;
                    MDB_cursor *c = m.co;
                    if (mdb_cursor_get(c, &k2, &v2, MDB_SET_KEY) == 0) {
                        size_t cnt;
                        mdb_cursor_count(c, &cnt);
                        n += (int64_t)cnt;
                    }
                }
            });
            res->ans[W7][q] = n;
        }
        t[W7][run] = now() - t0;
        /* W8: one pass over the in index per relation, keys with that relation */
        t0 = now();
        for (int q = 0; q < p->nq[W8]; q++) {
            uint32_t r = m.relid[p->r[W8][q]];
            topk top[11];
            int nt = 0;
            MDB_val k, v;
            int rc = mdb_cursor_get(m.ci, &k, &v, MDB_FIRST);
            while (rc == 0) {
                if (be32((unsigned char *)k.mv_data + 8) == r) {
                    size_t cnt;
                    mdb_cursor_count(m.ci, &cnt);
                    uint64_t id = be64(k.mv_data);
                    /* insert keeping (n desc, id asc), 10 best */
                    int pos = nt;
                    while (pos > 0 && (top[pos - 1].n < cnt ||
                                       (top[pos - 1].n == cnt && top[pos - 1].id > id)))
                        pos--;
                    if (pos < 10) {
                        memmove(top + pos + 1, top + pos, (nt - pos) * sizeof *top);
                        top[pos] = (topk){id, cnt};
                        if (nt < 10) nt++;
                    }
                }
                rc = mdb_cursor_get(m.ci, &k, &v, MDB_NEXT_NODUP);
            }
            int64_t h = 0;
            for (int i = 0; i < nt; i++)
                h += plan_id((int64_t)top[i].id), h = mix(h, (int64_t)top[i].n);
            res->ans[W8][q] = h;
        }
        t[W8][run] = now() - t0;
    }
    for (int w = 0; w < NW; w++)
        res->secs[w] = median(t[w], e->runs), res->peak[w] = peak_mb();
    free(l1.v), free(l2.v), free(sa.s), free(sb.s);
    mdb_txn_abort(m.txn);
    mdb_env_close(m.env);
}

/* ---------------------------------------------------------------- driver */

static void result_alloc(result *r, const plan *p)
{
    memset(r, 0, sizeof *r);
    for (int w = 0; w < NW; w++)
        r->ans[w] = xcalloc(p->nq[w], 8);
}

static int wr(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n);
        if (k <= 0) return -1;
        c += k, n -= k;
    }
    return 0;
}
static int rd(int fd, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t k = read(fd, c, n);
        if (k <= 0) return -1;
        c += k, n -= k;
    }
    return 0;
}

/* run fn in a child process; its result comes back through a pipe */
static void in_child(void (*fn)(const benv *, result *), const benv *e, const plan *p, result *out)
{
    int fds[2];
    if (pipe(fds)) die("pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        /* the systems never read the generator's relation arrays (the plan was
        ** made from them): drop them so the child's peak RSS is the system's
        ** own plus the fact file and the names it needs */
        graph *g = (graph *)e->g;
        free(g->src), free(g->dst), free(g->rel), free(g->doc);
        g->src = g->dst = g->doc = NULL, g->rel = NULL;
        result r;
        result_alloc(&r, p);
        fn(e, &r);
        wr(fds[1], r.secs, sizeof r.secs), wr(fds[1], r.peak, sizeof r.peak),
            wr(fds[1], r.alt, sizeof r.alt);
        for (int w = 0; w < NW; w++)
            wr(fds[1], r.ans[w], p->nq[w] * 8);
        _exit(0);
    }
    close(fds[1]);
    result_alloc(out, p);
    int bad = rd(fds[0], out->secs, sizeof out->secs) || rd(fds[0], out->peak, sizeof out->peak) ||
              rd(fds[0], out->alt, sizeof out->alt);
    for (int w = 0; w < NW && !bad; w++)
        bad = rd(fds[0], out->ans[w], p->nq[w] * 8);
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    if (bad || !WIFEXITED(st) || WEXITSTATUS(st)) die("a benchmark child failed");
}

static void usage(void)
{
    fprintf(stderr,
            "usage: kg-bench [--scale S|L|ENTITIES:RELATIONS] [--format text|tsv] [--runs N]\n"
            "                [--seed N] [--dir DIR] [--keep] [--write-tsv FILE]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    size_t n = 100000, m = 1000000;
    int tsv = 0, runs = 1, keep = 0;
    uint64_t seed = 20200103;
    const char *dir = NULL, *tsvout = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--scale") && v) {
            if (!strcmp(v, "S"))
                n = 100000, m = 1000000;
            else if (!strcmp(v, "L"))
                n = 1000000, m = 10000000;
            else if (sscanf(v, "%zu:%zu", &n, &m) != 2 || n < 10 || m < 10)
                usage();
            i++;
        } else if (!strcmp(a, "--format") && v) {
            tsv = !strcmp(v, "tsv");
            i++;
        } else if (!strcmp(a, "--runs") && v) {
            runs = atoi(v);
            if (runs < 1 || runs > 8) usage();
            i++;
        } else if (!strcmp(a, "--seed") && v) {
            seed = strtoull(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--dir") && v) {
            dir = v;
            i++;
        } else if (!strcmp(a, "--write-tsv") && v) {
            tsvout = v;
            i++;
        } else if (!strcmp(a, "--keep")) {
            keep = 1;
        } else
            usage();
    }
    char tmpl[] = "/tmp/kg-bench-XXXXXX";
    if (!dir && !(dir = mkdtemp(tmpl))) die("mkdtemp: %s", strerror(errno));
    mkdir(dir, 0775);
    if (m > n * (n - 1) / 4) die("too many relations for %zu entities", n);
    double t0 = now();
    graph g = {0};
    gen_graph(&g, n, m, seed);
    plan p = {0};
    make_plan(&p, &g, seed, m >= 1000000 ? 1.0 : m >= 100000 ? 0.5 : 0.05);
    if (tsvout) {
        FILE *f = fopen(tsvout, "wb");
        if (!f || fwrite(g.tsv, 1, g.tsvlen, f) != g.tsvlen || fclose(f))
            die("cannot write %s", tsvout);
    }
    if (!tsv)
        fprintf(stderr,
                "kg-bench: %zu entities, %zu relations, fact file %.1f MB, generated in %.2f s\n",
                n, m, g.tsvlen / 1e6, now() - t0);
    benv e = {&g, &p, dir, runs};
    result rk, rs, rl;
    in_child(run_kg, &e, &p, &rk);
    in_child(run_sqlite, &e, &p, &rs);
    in_child(run_lmdb, &e, &p, &rl);
    /* compare answers */
    int bad = 0;
    for (int w = 0; w < NW; w++)
        for (int q = 0; q < p.nq[w]; q++) {
            int lmbad = w != W1 && rl.ans[w][q] != rk.ans[w][q];
            if (rk.ans[w][q] != rs.ans[w][q] || lmbad) {
                if (bad < 10)
                    fprintf(stderr,
                            "kg-bench: MISMATCH %s query %d: kg %lld sqlite %lld lmdb %lld\n",
                            wname[w], q, (long long)rk.ans[w][q], (long long)rs.ans[w][q],
                            (long long)rl.ans[w][q]);
                bad++;
            }
        }
    if (tsv)
        printf("workload\tkg_s\tsqlite_s\tkg_over_sqlite\tlmdb_s\tkg_over_lmdb\tkg_peak_mb\n");
    else
        printf("%-4s %6s %10s %12s %10s %8s %10s %8s %9s  %s\n", "", "ops", "kg s", "kg ops/s",
               "sqlite s", "kg/sql", "lmdb s", "kg/lmdb", "kg MB", "sqlite alt s");
    for (int w = 0; w < NW; w++) {
        double ks = rk.secs[w], ss = rs.secs[w], ls = w == W1 ? 0 : rl.secs[w];
        double ops = w == W1 ? (double)m : p.nq[w];
        if (tsv)
            printf("%s\t%.6f\t%.6f\t%.3f\t%.6f\t%.3f\t%.1f\n", wname[w], ks, ss, ks / ss, ls,
                   ls > 0 ? ks / ls : 0.0, rk.peak[w]);
        else
            printf("%-4s %6.0f %10.4f %12.0f %10.4f %8.3f %10.4f %8.3f %9.1f  %s%.4f\n", wname[w],
                   ops, ks, ops / ks, ss, ks / ss, ls, ls > 0 ? ks / ls : 0.0, rk.peak[w],
                   rs.alt[w] > 0 ? (w == W4 ? "SQL join " : "CTE ") : "", rs.alt[w]);
    }
    /* kg's workloads written in WHERE against the pattern forms above */
    if (tsv)
        printf("workload\tkg_pattern_s\tkg_where_s\twhere_over_pattern\n");
    else
        printf("\nkg, written in WHERE (same answers): %s\n%-4s %10s %10s %8s\n",
               "MATCH (n) WHERE n.name = $a ... against MATCH (n {name: $a}) ...", "", "pattern s",
               "WHERE s", "ratio");
    for (int w = W2; w <= W7; w++)
        printf(tsv ? "%s\t%.6f\t%.6f\t%.3f\n" : "%-4s %10.4f %10.4f %8.3f\n", wname[w], rk.secs[w],
               rk.alt[w], rk.alt[w] / rk.secs[w]);
    if (!tsv) fprintf(stderr, "kg-bench: total %.1f s\n", now() - t0);
    if (!keep) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd)) fprintf(stderr, "kg-bench: could not remove %s\n", dir);
    }
    for (int w = 0; w < NW; w++)
        free(rk.ans[w]), free(rs.ans[w]), free(rl.ans[w]);
    free_bench(&g, &p);
    if (bad) {
        fprintf(stderr, "kg-bench: %d answers differ between kg, SQLite and the LMDB reference\n",
                bad);
        return 1;
    }
    return 0;
}
