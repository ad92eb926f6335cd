/*
** fuzz.h -- the four fuzz targets of kg (tests layer). Each kg_fuzz_* takes
** arbitrary bytes and must return without crashing, leaking or tripping a
** sanitizer. Built into libFuzzer binaries (KG_FUZZ, clang) and into the
** corpus replay test fuzz_replay.t (any compiler).
*/
#ifndef KG_FUZZ_H
#define KG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int kg_fuzz_parse(const uint8_t *data, size_t size);   /* kgq_parse + kgq_dump */
int kg_fuzz_query(const uint8_t *data, size_t size);   /* kg_prepare/step on a fixture */
int kg_fuzz_extract(const uint8_t *data, size_t size); /* kgl_check_text + kgl_extract */
int kg_fuzz_facts(const uint8_t *data,
                  size_t size); /* kgl_facts_parse (TSV and JSONL) + kgl_write */
void kg_fuzz_cleanup(void);     /* remove temporary databases */

/* One libFuzzer entry point per binary: fuzz_<target>.c is compiled with
** -DKG_FUZZ_ENTRY=kg_fuzz_<target> and -DKG_LIBFUZZER. */
#ifdef KG_LIBFUZZER
#include <stdlib.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#define KG_FUZZ_MAIN(fn)                                                                           \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        static int registered;                                                                     \
        if (!registered) registered = 1, atexit(kg_fuzz_cleanup);                                  \
        return fn(data, size);                                                                     \
    }
#else
#define KG_FUZZ_MAIN(fn)
#endif

#endif
