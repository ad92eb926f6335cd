/*
** fuzz_db.c -- temporary databases for the fuzz targets (tests layer): one
** directory per process under $TMPDIR, removed by kg_fuzz_cleanup().
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz_db.h"

static char root[256];

const char *kg_fuzz_dir(void)
{
    if (!root[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(root, sizeof root, "%s/kg-fuzz-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(root)) {
            perror("kg fuzz: mkdtemp");
            abort();
        }
    }
    return root;
}

void kg_fuzz_cleanup(void)
{
    if (!root[0]) return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd)) fprintf(stderr, "kg fuzz: cannot remove %s\n", root);
    root[0] = 0;
}

int kg_fuzz_copy(const char *from, const char *to)
{
    char a[512], b[512];
    static const char *const files[] = {"data.mdb"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(a, sizeof a, "%s/%s", from, files[i]);
        snprintf(b, sizeof b, "%s/%s", to, files[i]);
        FILE *in = fopen(a, "rb"), *out = fopen(b, "wb");
        if (!in || !out) {
            if (in) fclose(in);
            if (out) fclose(out);
            return -1;
        }
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, n, out);
        fclose(in);
        if (fclose(out)) return -1;
    }
    return 0;
}
