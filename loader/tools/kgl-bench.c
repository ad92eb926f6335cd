/*
** kgl-bench -- benchmark of the loader's extraction core: reads documents
** (files, or directories read recursively in name order, hidden names
** skipped), then runs kgl_extract with the default lexicon over them again
** and again, in one process on one thread, until at least --mb megabytes
** (10^6 bytes) were processed, and prints throughput figures. It is a
** benchmark, not a test: it prints figures and never fails on speed.
**
** Usage: kgl-bench [--mb N] [--per-doc] PATH...
**   --mb N      bytes to process, in MB (default 50; fractions allowed)
**   --per-doc   also print the 5 slowest documents (microseconds per KB)
**
** Example, from the repository: build/loader/kgl-bench ../shared/corpus/seeds
** ../shared/corpus/dev
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "kgl.h"

typedef struct doc {
    char *path; /* as named on the command line (or found under a directory) */
    char *raw;  /* bytes */
    size_t len; /* byte count */
    double ns;  /* time spent in kgl_extract, all passes */
    long runs;  /* passes over this document */
} doc;

typedef struct bench {
    doc *d;
    size_t nd, capd;
    int errors;  /* unreadable inputs */
    int skipped; /* not text (empty, binary, invalid UTF-8) */
} bench;

static double now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_file(bench *B, const char *path)
{
    size_t len = 0;
    char *raw = kgl_read_file(path, &len);
    if (!raw) {
        fprintf(stderr, "kgl-bench: %s: %s\n", path, strerror(errno));
        B->errors++;
        return;
    }
    char why[256];
    if (kgl_check_text(raw, len, why, sizeof why)) {
        fprintf(stderr, "kgl-bench: %s: %s, skipped\n", path, why);
        free(raw);
        B->skipped++;
        return;
    }
    if (B->nd == B->capd) {
        B->capd = B->capd ? 2 * B->capd : 64;
        B->d = kgl_xrealloc(B->d, B->capd * sizeof *B->d);
    }
    B->d[B->nd++] = (doc){kgl_strndup(path, strlen(path)), raw, len, 0, 0};
}

static void add_path(bench *B, const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "kgl-bench: %s: %s\n", path, strerror(errno));
        B->errors++;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(B, path);
        return;
    }
    if (depth > 64) {
        fprintf(stderr, "kgl-bench: %s: directories nested too deep\n", path);
        B->errors++;
        return;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "kgl-bench: %s: %s\n", path, strerror(errno));
        B->errors++;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        names = kgl_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = kgl_strndup(e->d_name, strlen(e->d_name));
    }
    closedir(dir);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        kgl_buf p = {0};
        kgl_buf_printf(&p, "%s/%s", path, names[i]);
        add_path(B, p.p, depth + 1);
        kgl_buf_free(&p);
        free(names[i]);
    }
    free(names);
}

static int slower(const void *a, const void *b)
{
    const doc *x = *(const doc *const *)a, *y = *(const doc *const *)b;
    double px = x->runs ? x->ns / x->runs / (x->len / 1e3) : 0;
    double py = y->runs ? y->ns / y->runs / (y->len / 1e3) : 0;
    return px < py ? 1 : px > py ? -1 : 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: kgl-bench [--mb N] [--per-doc] PATH...\n"
               "  runs the extraction core (default lexicon) over the documents (files or\n"
               "  directories) repeatedly until N MB (default 50) were processed\n");
}

int main(int argc, char **argv)
{
    double mb = 50;
    int perdoc = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "--per-doc"))
            perdoc = 1;
        else if (!strcmp(argv[i], "--mb") && i + 1 < argc) {
            char *end;
            errno = 0;
            mb = strtod(argv[++i], &end);
            if (errno || end == argv[i] || *end || !(mb > 0) || mb > 1e6) {
                fprintf(stderr, "kgl-bench: --mb %s: a number of megabytes above 0 is needed\n",
                        argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "kgl-bench: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }

    bench B = {0};
    for (; i < argc; i++)
        add_path(&B, argv[i], 0);
    if (B.errors) {
        fprintf(stderr, "kgl-bench: %d input%s could not be read\n", B.errors,
                B.errors == 1 ? "" : "s");
        return 1;
    }
    size_t corpus = 0;
    for (size_t k = 0; k < B.nd; k++)
        corpus += B.d[k].len;
    if (!B.nd || !corpus) {
        fprintf(stderr, "kgl-bench: no documents to run\n");
        return 1;
    }

    /* the lexicon, timed on its own (kg load pays it once per run) */
    char err[1024];
    double lw = now(CLOCK_MONOTONIC), lc = now(CLOCK_PROCESS_CPUTIME_ID);
    kgl_lex *lx = kgl_lex_default(err, sizeof err);
    if (!lx || kgl_lex_finish(lx, err, sizeof err)) {
        fprintf(stderr, "kgl-bench: default lexicon: %s\n", err);
        return 1;
    }
    lw = now(CLOCK_MONOTONIC) - lw, lc = now(CLOCK_PROCESS_CPUTIME_ID) - lc;

    /* whole passes over the documents until the target is reached */
    const double target = mb * 1e6;
    unsigned long long bytes = 0, docs = 0, facts = 0, ents = 0;
    long passes = 0;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    while ((double)bytes < target) {
        for (size_t k = 0; k < B.nd; k++) {
            doc *d = &B.d[k];
            double t = perdoc ? now(CLOCK_MONOTONIC) : 0;
            kgl_result *r = kgl_extract(lx, d->raw, d->len);
            if (!r) {
                fprintf(stderr, "kgl-bench: %s: extraction failed (out of memory)\n", d->path);
                return 1;
            }
            facts += (unsigned long long)r->nfact;
            ents += (unsigned long long)r->nent;
            kgl_result_free(r);
            if (perdoc) d->ns += (now(CLOCK_MONOTONIC) - t) * 1e9;
            d->runs++;
            bytes += d->len;
            docs++;
        }
        passes++;
    }
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mbs = bytes / 1e6;
    printf("kgl-bench: kgl_extract, default lexicon, one thread\n");
    printf("corpus            %zu documents, %zu bytes (%d skipped)\n", B.nd, corpus, B.skipped);
    printf("lexicon build     %.3f s wall, %.3f s CPU\n", lw, lc);
    printf("processed         %llu documents, %llu bytes (%.2f MB, %ld passes)\n", docs, bytes, mbs,
           passes);
    printf("wall              %.3f s\n", wall);
    printf("cpu               %.3f s\n", cpu);
    printf("throughput        %.2f MB/s wall, %.2f MB/s CPU\n", mbs / wall, mbs / cpu);
    printf("documents/s       %.1f wall, %.1f CPU\n", docs / wall, docs / cpu);
    printf("facts/MB          %.1f\n", facts / mbs);
    printf("entities/MB       %.1f\n", ents / mbs);
    printf("peak RSS          %.1f MB\n", ru.ru_maxrss / 1024.0); /* Linux: kilobytes */
    if (perdoc) {
        double total = 0;
        doc **by = kgl_xrealloc(NULL, B.nd * sizeof *by);
        for (size_t k = 0; k < B.nd; k++)
            by[k] = &B.d[k], total += B.d[k].ns;
        qsort(by, B.nd, sizeof *by, slower);
        printf("slowest documents (extraction time per KB of input, mean of %ld passes):\n",
               passes);
        printf("  %10s %8s %7s  %s\n", "us/KB", "bytes", "time%", "document");
        for (size_t k = 0; k < B.nd && k < 5; k++)
            printf("  %10.1f %8zu %6.1f%%  %s\n",
                   by[k]->ns / by[k]->runs / 1e3 / (by[k]->len / 1e3), by[k]->len,
                   total > 0 ? 100 * by[k]->ns / total : 0, by[k]->path);
        free(by);
    }
    for (size_t k = 0; k < B.nd; k++)
        free(B.d[k].path), free(B.d[k].raw);
    free(B.d);
    kgl_lex_free(lx);
    return 0;
}
