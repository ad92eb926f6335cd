/*
** mention.c -- the mentions of a result (kgl layer): every span of the
** document's text where the extraction recognised an entity by name, kept
** once per (entity, span) in the order found. kgl_write stores each as a row
** of the entity's mentioned-in relation to the document's node
** (kg_mention_add), so an entity in no relation is still in the graph with
** where it was named. Linear: a hash index on (entity, span).
*/
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

int kgl_result_mention(kgl_result *r, int ent, uint32_t s, uint32_t e)
{
    if (ent < 0 || ent >= r->nent || !r->doc || e <= s || e > r->doc->len) return -1;
    if (!strcmp(r->ent[ent].type, "statement")) return 0;
    uint32_t key[3] = {(uint32_t)ent, s, e};
    uint64_t h = kgl_hash(key, sizeof key, 7);
    size_t pos = KGL_HIDX_START;
    for (int i; (i = kgl_hidx_next(&r->midx, h, &pos)) >= 0;)
        if (r->men[i].ent == ent && r->men[i].s == s && r->men[i].e == e) return 0;
    if (r->nmen == r->capmen) {
        r->capmen = r->capmen ? r->capmen * 2 : 64;
        r->men = kgl_xrealloc(r->men, r->capmen * sizeof *r->men);
    }
    r->men[r->nmen] = (kgl_mention){ent, s, e};
    kgl_hidx_put(&r->midx, h, r->nmen++);
    return 0;
}

void kgl_result_mentions_free(kgl_result *r)
{
    free(r->men);
    kgl_hidx_free(&r->midx);
    r->men = NULL, r->nmen = r->capmen = 0;
}
