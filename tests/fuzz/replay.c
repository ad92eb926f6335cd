/*
** replay.c -- fuzz_replay.t (tests layer): runs every file of
** tests/fuzz/corpus/<target>/ through its target function, without
** libFuzzer, as a TAP test. Seeds and every crash the fuzzers found live
** there, so each finding stays a regression test in the normal (and the
** sanitizer) build. With arguments, `fuzz_replay.t TARGET FILE...` replays
** just those files (to reproduce one finding).
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tap.h"

#ifndef KG_SOURCE_DIR
#define KG_SOURCE_DIR "."
#endif

static const struct {
    const char *name;
    int (*fn)(const uint8_t *, size_t);
} targets[] = {{"parse", kg_fuzz_parse},
               {"query", kg_fuzz_query},
               {"extract", kg_fuzz_extract},
               {"facts", kg_fuzz_facts}};
enum { NTARGETS = sizeof targets / sizeof targets[0] };

static int run_file(int (*fn)(const uint8_t *, size_t), const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, len = 0, n;
    uint8_t *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return -1;
    /* an exact-size copy, so that ASan sees reads past the input's end */
    uint8_t *exact = malloc(len ? len : 1);
    memcpy(exact, buf, len);
    free(buf);
    fn(exact, len);
    free(exact);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    (void)done_testing;
    if (argc >= 3) { /* one target, some files */
        for (int t = 0; t < NTARGETS; t++) {
            if (strcmp(argv[1], targets[t].name)) continue;
            plan(argc - 2);
            for (int i = 2; i < argc; i++)
                ok(run_file(targets[t].fn, argv[i]) == 0, "%s %s", argv[1], argv[i]);
            kg_fuzz_cleanup();
            return tap_failed_ ? 1 : 0;
        }
        fprintf(stderr, "usage: fuzz_replay.t [parse|query|extract|facts FILE...]\n");
        return 2;
    }
    plan(NTARGETS);
    for (int t = 0; t < NTARGETS; t++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", KG_SOURCE_DIR, targets[t].name);
        struct dirent **ents;
        int n = scandir(dir, &ents, NULL, by_name), files = 0, bad = 0;
        for (int i = 0; i < n; i++) {
            if (ents[i]->d_name[0] != '.') {
                char path[2048];
                snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
                if (run_file(targets[t].fn, path))
                    bad++;
                else
                    files++;
            }
            free(ents[i]);
        }
        if (n > 0) free(ents);
        ok(n > 0 && files > 0 && !bad, "%s: %d corpus files replayed", targets[t].name, files);
    }
    kg_fuzz_cleanup();
    return tap_failed_ ? 1 : 0;
}
