/*
** fuzz_parse.c -- fuzz target (1): the query parser. Every statement of the
** input is parsed with kgq_parse and, when it parses, dumped and freed.
*/
#include <stdlib.h>

#include "ast.h"
#include "fuzz.h"

int kg_fuzz_parse(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t off = 0;
    for (int n = 0; n < 64 && off <= size; n++) {
        kgq_node *tree = NULL;
        kgq_error err;
        size_t used = 0;
        int rc = kgq_parse(text + off, size - off, 200, &tree, &used, &err);
        if (rc != 0) break;
        if (!tree) break;
        free(kgq_dump(tree));
        kgq_free(tree);
        if (used == 0) break; /* no progress: stop rather than loop */
        off += used;
    }
    return 0;
}

KG_FUZZ_MAIN(kg_fuzz_parse)
