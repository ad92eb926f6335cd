/*
** loader_threads.c -- TAP tests that extraction is thread-safe and that the
** extraction stream reads back what it wrote (kgl layer). kg load --jobs N
** runs kgl_extract in N threads on one lexicon: here four threads extract the
** example documents again and again, each in its own order, and every result
** (its stream record, which holds everything kg load writes, and its TSV)
** must be byte for byte the one-thread result. A record parsed back
** (kgl_stream_parse) and written again is the same line, and damaged records
** are refused with the key that is wrong. Documents: examples/corpus and
** examples/later (written for the project).
*/
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg.h"
#include "kgl.h"
#include "tap.h"

#define MAXDOCS 64
#define THREADS 4
#define ROUNDS 3

static kgl_lex *lx;
static char *text[MAXDOCS];
static size_t tlen[MAXDOCS];
static char *ref[MAXDOCS], *reftsv[MAXDOCS];
static int ndocs;

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    char *names[MAXDOCS];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAXDOCS)
        if (strstr(e->d_name, ".md")) names[n++] = kgl_strndup(e->d_name, strlen(e->d_name));
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (ndocs < MAXDOCS && (text[ndocs] = kgl_read_file(path, &tlen[ndocs]))) ndocs++;
        free(names[i]);
    }
}

/* The record and the TSV of one document, extracted now. */
static void extract(int i, char **rec, char **tsv)
{
    kgl_result *r = kgl_extract(lx, text[i], tlen[i]);
    kgl_buf o = {0}, t = {0};
    kgl_stream_doc(&o, "doc", "fp", r);
    kgl_result_tsv(r, "doc", &t);
    kgl_buf_put(&t, "", 0);
    kgl_result_free(r);
    *rec = o.p, *tsv = t.p;
}

static void *worker(void *arg)
{
    long id = (long)arg, bad = 0;
    for (int round = 0; round < ROUNDS; round++)
        for (int k = 0; k < ndocs; k++) {
            int i = (int)((k * (id + 1) + id + round) % ndocs); /* each thread its own order */
            char *rec, *tsv;
            extract(i, &rec, &tsv);
            bad += strcmp(rec, ref[i]) != 0 || strcmp(tsv, reftsv[i]) != 0;
            free(rec), free(tsv);
        }
    return (void *)bad;
}

/* Transliteration skeletons of multi-word names, over and over (kgl_skel
** split names with strtok, whose hidden state threads share). */
static const char *const skel_names[] = {"Abu Mahdi al-Muhandis", "Ain al-Asad Air Base",
                                         "Kata'ib Hezbollah Brigade Forty", "Ayn al Assad"};
static char *skel_ref[4];

static void *skel_worker(void *arg)
{
    long bad = 0;
    (void)arg;
    for (int k = 0; k < 20000; k++) {
        char *s = kgl_skel(skel_names[k % 4], strlen(skel_names[k % 4]));
        bad += strcmp(s, skel_ref[k % 4]) != 0;
        free(s);
    }
    return (void *)bad;
}

/* Parse a record; NULL when refused, else the record written again. err gets why. */
static char *reparse(const char *line, char *err, size_t errlen)
{
    kgl_record rec;
    if (kgl_stream_parse(line, strlen(line), &rec, err, errlen)) return NULL;
    kgl_buf o = {0};
    kgl_stream_doc(&o, rec.key, rec.fingerprint, rec.r);
    kgl_record_free(&rec);
    return o.p;
}

/* ref[i] with the first `from` replaced by `to`. */
static char *damaged(int i, const char *from, const char *to)
{
    const char *at = strstr(ref[i], from);
    if (!at) return NULL;
    kgl_buf b = {0};
    kgl_buf_put(&b, ref[i], at - ref[i]);
    kgl_buf_puts(&b, to);
    kgl_buf_puts(&b, at + strlen(from));
    return b.p;
}

int main(void)
{
    char err[1024];
    lx = kgl_lex_default(err, sizeof err);
    if (!lx || kgl_lex_finish(lx, err, sizeof err)) {
        printf("Bail out! lexicon: %s\n", err);
        return 1;
    }
    read_dir(KG_SOURCE_DIR "/examples/corpus");
    read_dir(KG_SOURCE_DIR "/examples/later");
    plan(THREADS + 9);
    ok(ndocs >= 15, "read %d example documents", ndocs);
    for (int i = 0; i < ndocs; i++)
        extract(i, &ref[i], &reftsv[i]);

    pthread_t th[THREADS];
    for (long t = 0; t < THREADS; t++)
        pthread_create(&th[t], NULL, worker, (void *)t);
    for (long t = 0; t < THREADS; t++) {
        void *bad = NULL;
        pthread_join(th[t], &bad);
        ok(bad == NULL, "thread %ld: %d extractions, %ld differ from one thread's", t,
           ROUNDS * ndocs, (long)bad);
    }

    for (int k = 0; k < 4; k++)
        skel_ref[k] = kgl_skel(skel_names[k], strlen(skel_names[k]));
    long skelbad = 0;
    for (long t = 0; t < THREADS; t++)
        pthread_create(&th[t], NULL, skel_worker, (void *)t);
    for (long t = 0; t < THREADS; t++) {
        void *bad = NULL;
        pthread_join(th[t], &bad);
        skelbad += (long)bad;
    }
    ok(skelbad == 0, "%d threads x 20000 skeletons of multi-word names: %ld differ", THREADS,
       skelbad);
    for (int k = 0; k < 4; k++)
        free(skel_ref[k]);

    int same = 0;
    for (int i = 0; i < ndocs; i++) {
        char *again = reparse(ref[i], err, sizeof err);
        same += again && !strcmp(again, ref[i]);
        if (!again) diag("document %d: %s", i, err);
        free(again);
    }
    ok(same == ndocs, "every record read back and written again is the same line (%d of %d)", same,
       ndocs);

    struct {
        const char *from, *to, *want;
    } bad[] = {
        {"\"text\":\"", "\"text\":\"x", "key 'hash': the text's hash is"},
        {"\"start\":", "\"start\":9999999,\"x\":", "key 'start' is not a whole number from 0 to"},
        {"\"subject_type\":\"", "\"subject_type\":\"x",
         "the subject is not one of the record's entities"},
        {"\"modality\":\"asserted\"", "\"modality\":\"maybe\"",
         "key 'modality': 'maybe' is not asserted"},
        {"\"mentions\":[[", "\"mentions\":[[999,", "mention 1: not [entity, start, end]"},
        {"\"v\":1", "\"v\":2", "key 'v': not version 1"},
        {"\"kg\":\"doc\"", "\"kg\":\"other\"", "key 'kg': 'other' is not a record"},
    };
    int refused = 0;
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char *line = damaged(0, bad[k].from, bad[k].to);
        char *again = line ? reparse(line, err, sizeof err) : NULL;
        int good = line && !again && strstr(err, bad[k].want);
        if (!good) diag("damage %zu: %s", k + 1, line ? err : "pattern not in the record");
        refused += good;
        free(line), free(again);
    }
    ok(refused == (int)(sizeof bad / sizeof bad[0]),
       "damaged records are refused, naming the key (%d of %zu)", refused,
       sizeof bad / sizeof bad[0]);

    kgl_record rec;
    ok(kgl_stream_parse("{\"kg\":\"doc\",\"v\":1,\"key\":\"a\"", 28, &rec, err, sizeof err) < 0 &&
           strstr(err, "ends inside its object"),
       "a cut line: %s", err);
    ok(kgl_stream_is_record("{\"kg\":\"doc\"}", 12) &&
           !kgl_stream_is_record("{\"subject\":\"x\"}", 15) &&
           !kgl_stream_is_record("plain text", 10),
       "kgl_stream_is_record tells records from fact lines and text");
    const char *facts =
        "{\"kg\":\"facts\",\"v\":1,\"key\":\"f.tsv\",\"format\":\"tsv\",\"text\":\"a\\tb\\n\"}";
    ok(!kgl_stream_parse(facts, strlen(facts), &rec, err, sizeof err) &&
           rec.kind == KGL_REC_FACTS && rec.len == 4 && !memcmp(rec.raw, "a\tb\n", 4) && !rec.jsonl,
       "a facts record gives the fact file's text");
    kgl_record_free(&rec);
    const char *dup =
        "{\"kg\":\"doc\",\"v\":1,\"key\":\"k\",\"text\":\"Ann met Bo.\",\"entities\":[{\"type\":"
        "\"person\",\"name\":\"Ann\"},{\"type\":\"person\",\"name\":\"Ann\"}],\"facts\":[],"
        "\"mentions\":[]}";
    ok(kgl_stream_parse(dup, strlen(dup), &rec, err, sizeof err) < 0 &&
           strstr(err, "entity 2: the same type and name as entity 1"),
       "an entity listed twice: %s", err);
    const char *min =
        "{\"kg\":\"doc\",\"v\":1,\"key\":\"k\",\"text\":\"Ann met Bo.\",\"entities\":[{\"type\":"
        "\"person\",\"name\":\"Ann\",\"aliases\":[\"Ann\"]},{\"type\":\"person\",\"name\":\"Bo\"}],"
        "\"facts\":[{\"subject\":\"Ann\",\"subject_type\":\"person\",\"relation\":\"met\","
        "\"object\":\"Bo\",\"object_type\":\"person\",\"start\":0,\"end\":11}],"
        "\"mentions\":[[0,0,3],[1,8,10]]}";
    ok(!kgl_stream_parse(min, strlen(min), &rec, err, sizeof err) && rec.r->nent == 2 &&
           rec.r->nfact == 1 && rec.r->nmen == 2 && rec.r->fact[0].conf == 1.0f &&
           !strcmp(rec.r->fact[0].rule, "curated") && rec.r->fact[0].event == KG_NODATE &&
           !rec.fingerprint,
       "a record with only the required keys: confidence 1, rule curated, no dates (%s)",
       rec.r ? "read" : err);
    kgl_record_free(&rec);

    for (int i = 0; i < ndocs; i++)
        free(text[i]), free(ref[i]), free(reftsv[i]);
    kgl_lex_free(lx);
    return done_testing();
}
