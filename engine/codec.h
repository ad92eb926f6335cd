/*
** codec.h -- byte encodings of the storage tables' keys and values, shared
** by store.c and bulk.c (storage layer; store.c's header comment has the
** table layout). Integers are big-endian, so LMDB's byte order of keys is
** their numeric order. Not installed, not API.
**
** The evidence row and edges record encoders are store.c's own
** (kg_store_evid_encode, kg_store_edge_encode in internal.h).
*/
#ifndef KG_CODEC_H
#define KG_CODEC_H

#include <stdint.h>

static inline void kg_put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static inline void kg_put_u64(unsigned char *p, uint64_t v)
{
    kg_put_u32(p, (uint32_t)(v >> 32)), kg_put_u32(p + 4, (uint32_t)v);
}

static inline uint32_t kg_get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t kg_get_u64(const unsigned char *p)
{
    return (uint64_t)kg_get_u32(p) << 32 | kg_get_u32(p + 4);
}

/* Keys of one id (nodes, edges, evidence, aliases, doc_edges, claims): u64. */
#define KG_ID_KEY 8

/* out and in: key u64 node + u32 rel, value u64 the other node + u64 edge
** id (its top bit KG_ADJ_HIDDEN for a hidden relation, and from format 7 the
** relation's count above the id: kg_adj_edge, internal.h); DUPSORT DUPFIXED. */
#define KG_ADJ_KEY 12
#define KG_ADJ_VAL 16

static inline void kg_adj_key(unsigned char k[KG_ADJ_KEY], uint64_t node, uint32_t rel)
{
    kg_put_u64(k, node), kg_put_u32(k + 8, rel);
}

static inline void kg_adj_val(unsigned char v[KG_ADJ_VAL], uint64_t other, uint64_t edge)
{
    kg_put_u64(v, other), kg_put_u64(v + 8, edge);
}

/* nodes: value u32 type + the name's bytes. by_type: key u32 type, value
** u64 node (DUPSORT DUPFIXED). */
#define KG_NODE_REC_HEAD 4
#define KG_TYPE_KEY 4

/* indeg: key u32 rel + u64 ~count + u64 node (the count complemented, so
** that a cursor walks a relation's nodes by count descending), no value. */
#define KG_INDEG_KEY 20

static inline void kg_indeg_key(unsigned char k[KG_INDEG_KEY], uint32_t rel, uint64_t count,
                                uint64_t node)
{
    kg_put_u32(k, rel), kg_put_u64(k + 4, ~count), kg_put_u64(k + 12, node);
}

#endif
