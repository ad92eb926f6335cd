/*
** fuzz_extract.c -- fuzz target (3): the loader's text pipeline as kg load
** runs it: kgl_check_text, then (on text it accepts) kgl_extract and the TSV
** rendering of the result.
*/
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "kgl.h"

static kgl_lex *lexicon(void)
{
    static kgl_lex *lx;
    if (!lx) {
        char err[512];
        lx = kgl_lex_default(err, sizeof err);
        if (!lx || kgl_lex_finish(lx, err, sizeof err)) {
            fprintf(stderr, "fuzz_extract: lexicon: %s\n", err);
            abort();
        }
    }
    return lx;
}

int kg_fuzz_extract(const uint8_t *data, size_t size)
{
    char why[256];
    if (kgl_check_text((const char *)data, size, why, sizeof why)) return 0;
    kgl_result *r = kgl_extract(lexicon(), (const char *)data, size);
    if (!r) return 0;
    kgl_buf out = {0};
    kgl_result_tsv(r, "fuzz.txt", &out);
    kgl_buf_free(&out);
    kgl_result_free(r);
    return 0;
}

KG_FUZZ_MAIN(kg_fuzz_extract)
