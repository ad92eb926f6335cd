/*
** oldformat.h -- turn a database written by this kg into the layout of
** formats 2 to 6 (tests layer): what kg 0.1 and 0.2 wrote, to test the
** reading of older databases and their upgrades (engine/store.c,
** evid_upgrade, upgrade5) without binary files in the repository.
**
** Formats 2 and 3 kept evidence rows of 32 bytes in table `evid` (u64 doc,
** u32 start, u32 end, i32 date, u32 rule, f32 confidence, u32 zero) and had
** no `claims` table; edges records ended with a zero word and out/in entries
** had no hidden mark. Format 4 rows are the same 28 bytes then modality,
** three zero bytes and the claimant (40 bytes); format 5 rows go on with an
** event date and a load generation (48 bytes), documents' records with their
** node, load and fingerprint, and has the tables loads, curation and watch.
** Only databases whose rows have no event date and load 0 (and, for 2 and 3,
** are all asserted without claimant) can be turned back, and this checks
** that. Documents' nodes stay (an upgrade finds them by their key). Format
** 6 differs from 5 in edges records only: 32 bytes up to format 5 (the
** modality in byte 28 from format 4; zero before), varints from 6. Format 7
** adds the table canon (the nodes by exact canonical name) and the count of
** each relation in its out and in entries.
*/
#ifndef KG_TEST_OLDFORMAT_H
#define KG_TEST_OLDFORMAT_H

#include <lmdb.h>
#include <stdlib.h>
#include <string.h>

/* A varint of a format 6 edges record at *p (below end); 0 when malformed. */
static int kgt_varint(const unsigned char **p, const unsigned char *end, unsigned long long *v)
{
    unsigned long long x = 0;
    for (int sh = 0; *p < end && sh < 64; sh += 7) {
        unsigned char b = *(*p)++;
        x |= (unsigned long long)(b & 0x7f) << sh;
        if (!(b & 0x80)) {
            *v = x;
            return 1;
        }
    }
    return 0;
}

static void kgt_put_be(unsigned char *p, unsigned long long v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
}

/* Every edges record back to the 32 bytes of formats 2 to 5 (u64 src, u32
** rel, u64 dst, u32 nev, u32 ndocs, modality and three zero bytes; formats 2
** and 3: a zero word) from format 6 (modality, then varints of src, rel,
** dst, nev, ndocs). */
static int kgt_edges_to_v5(MDB_txn *t, int version)
{
    MDB_dbi edges;
    MDB_cursor *c;
    int rc = mdb_dbi_open(t, "edges", 0, &edges);
    if (!rc) rc = mdb_cursor_open(t, edges, &c);
    if (rc) return rc;
    MDB_val k, v;
    for (int g = mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0 && !rc;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data, *end = p + v.mv_size;
        unsigned long long f[5];
        unsigned char mod = *p++, rec[32] = {0};
        for (int i = 0; i < 5 && !rc; i++)
            if (!kgt_varint(&p, end, &f[i])) rc = -1;
        if (rc || p != end || (version < 4 && mod)) return -1;
        kgt_put_be(rec, f[0], 8), kgt_put_be(rec + 8, f[1], 4), kgt_put_be(rec + 12, f[2], 8);
        kgt_put_be(rec + 20, f[3], 4), kgt_put_be(rec + 24, f[4], 4), rec[28] = mod;
        unsigned char key[8]; /* a copy: a put of another size moves the page's bytes */
        if (k.mv_size != 8) return -1;
        memcpy(key, k.mv_data, 8);
        MDB_val k2 = {8, key}, nv = {32, rec};
        rc = mdb_cursor_put(c, &k2, &nv, MDB_CURRENT);
    }
    mdb_cursor_close(c);
    return rc;
}

/* A packed evidence row of format 6 (engine/store.c, evid_pack) back to the
** 48 bytes of format 5; 0 when malformed. */
static int kgt_unpack_row(const unsigned char *p, size_t size, unsigned char v[48])
{
    const unsigned char *end = p + size;
    static const int off[10] = {8, 12, 16, 20, 24, 28, 29, 32, 40, 44};
    if (size < 12) return 0;
    memset(v, 0, 48);
    memcpy(v, p, 8);
    p += 8;
    for (int f = 0; f < 2; f++) { /* start, end: a byte count, then big-endian bytes */
        int len = *p++;
        if (len > 4 || end - p < len + 2) return 0;
        memcpy(v + off[f] + 4 - len, p, len), p += len;
    }
    unsigned mask = (unsigned)p[0] << 8 | p[1];
    p += 2;
    v[16] = v[40] = 0x80;       /* no date, no event date */
    v[24] = 0x3f, v[25] = 0x80; /* confidence 1.0 */
    for (int f = 2; f < 10; f++) {
        unsigned long long x;
        if (!(mask & 1u << f)) continue;
        if (f == 4) {
            if (end - p < 4) return 0;
            memcpy(v + 24, p, 4), p += 4;
        } else if (f == 5 || f == 6) {
            if (p == end) return 0;
            v[off[f]] = *p++;
        } else if (!kgt_varint(&p, end, &x)) {
            return 0;
        } else {
            kgt_put_be(v + off[f], x, f == 7 ? 8 : 4);
        }
    }
    return p == end;
}

/* Format 6 keeps evidence rows packed in table evrows (DUPSORT); formats 4
** and 5 in `evidence`, 48 bytes each (DUPFIXED). */
static int kgt_evidence_to_v5(MDB_txn *t)
{
    MDB_dbi from, to;
    MDB_cursor *c = NULL;
    int rc = mdb_dbi_open(t, "evrows", MDB_DUPSORT, &from);
    if (!rc) rc = mdb_dbi_open(t, "evidence", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &to);
    if (!rc) rc = mdb_cursor_open(t, from, &c);
    MDB_val k, v;
    for (int g = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0 && !rc;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        unsigned char row[48];
        if (!kgt_unpack_row(v.mv_data, v.mv_size, row)) {
            rc = -1;
            break;
        }
        MDB_val v2 = {48, row};
        rc = mdb_put(t, to, &k, &v2, 0);
    }
    if (c) mdb_cursor_close(c);
    if (!rc) rc = mdb_drop(t, from, 1);
    return rc;
}

/* Format 7 keeps the edge's count (r.count) in bits 40-62 of the edge id of
** every out and in entry, and indeg keys of the sums of those counts (their
** relation's top bit set); up to format 6 the bits are zero and there are no
** such keys. The out and in tables are emptied and filled again. */
static int kgt_adjacency_to_v6(MDB_txn *t)
{
    MDB_dbi indeg;
    MDB_cursor *ic = NULL;
    int rc = mdb_dbi_open(t, "indeg", 0, &indeg);
    if (!rc) rc = mdb_cursor_open(t, indeg, &ic);
    unsigned char top[1] = {0x80}; /* the sums sort after every count key */
    while (!rc) {
        MDB_val ik = {1, top}, iv;
        if (mdb_cursor_get(ic, &ik, &iv, MDB_SET_RANGE)) break;
        rc = mdb_cursor_del(ic, 0);
    }
    if (ic) mdb_cursor_close(ic);
    for (int i = 0; i < 2 && !rc; i++) {
        MDB_dbi dbi;
        MDB_cursor *c = NULL;
        unsigned char(*ents)[28] = NULL;
        size_t n = 0, cap = 0;
        rc = mdb_dbi_open(t, i ? "in" : "out", MDB_DUPSORT | MDB_DUPFIXED, &dbi);
        if (!rc) rc = mdb_cursor_open(t, dbi, &c);
        MDB_val k, v;
        for (int g = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                ents = realloc(ents, cap * sizeof *ents);
            }
            memcpy(ents[n], k.mv_data, 12);
            memcpy(ents[n] + 12, v.mv_data, 16);
            ents[n][21] = ents[n][22] = 0, ents[n][20] &= 0x80; /* the count's bits */
            n++;
        }
        if (c) mdb_cursor_close(c);
        if (!rc) rc = mdb_drop(t, dbi, 0);
        for (size_t j = 0; j < n && !rc; j++) {
            MDB_val k2 = {12, ents[j]}, v2 = {16, ents[j] + 12};
            rc = mdb_put(t, dbi, &k2, &v2, 0);
        }
        free(ents);
    }
    return rc;
}

/* Rewrite the (closed) database in `path` as format `version` (2 to 6)
** wrote it. 0 on success, else an LMDB code, or -1 when a row cannot be
** turned back (see above). */
static int kgt_to_old_format(const char *path, int version)
{
    MDB_env *env;
    MDB_txn *t;
    MDB_dbi meta, nw, old, claims, docs, v5[3];
    MDB_cursor *c = NULL;
    int rc = mdb_env_create(&env);
    if (rc) return rc;
    mdb_env_set_maxdbs(env, 32);
    mdb_env_set_mapsize(env, (size_t)1 << 30); /* room for both tables (sparse file) */
    if ((rc = mdb_env_open(env, path, 0, 0664)) || (rc = mdb_txn_begin(env, NULL, 0, &t))) {
        mdb_env_close(env);
        return rc;
    }
    rc = mdb_dbi_open(t, "meta", 0, &meta);
    MDB_dbi canon; /* format 7: the canonical names' index, dropped (made by the upgrade) */
    int crc = rc ? rc : mdb_dbi_open(t, "canon", 0, &canon);
    if (!rc && !crc) rc = mdb_drop(t, canon, 1);
    if (!rc && !crc) rc = kgt_adjacency_to_v6(t); /* not twice: the count bits are gone */
    if (!rc && version == 6) goto version;
    if (!rc) rc = kgt_edges_to_v5(t, version);
    if (!rc) rc = kgt_evidence_to_v5(t);
    if (!rc && version == 5) goto version;
    if (!rc) rc = mdb_dbi_open(t, "evidence", MDB_DUPSORT | MDB_DUPFIXED, &nw);
    if (!rc) rc = mdb_dbi_open(t, "claims", MDB_DUPSORT | MDB_DUPFIXED, &claims);
    if (!rc) rc = mdb_dbi_open(t, "docs", 0, &docs);
    if (!rc) rc = mdb_dbi_open(t, "loads", 0, &v5[0]);
    if (!rc) rc = mdb_dbi_open(t, "curation", 0, &v5[1]);
    if (!rc) rc = mdb_dbi_open(t, "watch", 0, &v5[2]);
    if (!rc && version < 4)
        rc = mdb_dbi_open(t, "evid", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &old);
    if (!rc) rc = mdb_cursor_open(t, nw, &c);
    /* the rows, shortened (in memory: the table is emptied and filled again for format 4) */
    unsigned char(*rows)[8 + 40] = NULL;
    size_t n = 0, cap = 0;
    const unsigned char v5tail[8] = {0x80, 0, 0, 0, 0, 0, 0, 0}; /* no event date, load 0 */
    MDB_val k, v;
    for (int g = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data;
        unsigned char zero[12] = {0};
        if (v.mv_size != 48 || memcmp(p + 40, v5tail, 8) ||
            (version < 4 && memcmp(p + 28, zero, 12))) {
            rc = -1;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            rows = realloc(rows, cap * sizeof *rows);
        }
        memcpy(rows[n], k.mv_data, 8);
        memcpy(rows[n] + 8, p, 40);
        n++;
    }
    if (c) mdb_cursor_close(c);
    c = NULL;
    if (!rc) rc = mdb_drop(t, nw, version < 4);
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char row[40] = {0};
        memcpy(row, rows[i] + 8, version < 4 ? 28 : 40);
        MDB_val k2 = {8, rows[i]}, v2 = {version < 4 ? 32 : 40, row};
        rc = mdb_put(t, version < 4 ? old : nw, &k2, &v2, 0);
    }
    free(rows);
    if (!rc && version < 4) rc = mdb_drop(t, claims, 1);
    for (int i = 0; i < 3 && !rc; i++)
        rc = mdb_drop(t, v5[i], 1);
    /* documents' records without their format 5 tail (node, load, fingerprint) */
    if (!rc) rc = mdb_cursor_open(t, docs, &c);
    for (int g = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0 && !rc;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data;
        size_t base = 32;
        for (int i = 0; i < 3; i++)
            base += (size_t)p[20 + 4 * i] << 24 | p[21 + 4 * i] << 16 | p[22 + 4 * i] << 8 |
                    p[23 + 4 * i];
        if (v.mv_size > base) {
            unsigned char *cp = malloc(base);
            memcpy(cp, p, base);
            MDB_val v2 = {base, cp};
            rc = mdb_cursor_put(c, &k, &v2, MDB_CURRENT);
            free(cp);
        }
    }
    if (c) mdb_cursor_close(c);
version:;
    unsigned char ver[8] = {0, 0, 0, 0, 0, 0, 0, (unsigned char)version};
    MDB_val vk = {7, "version"}, vv = {8, ver};
    if (!rc) rc = mdb_put(t, meta, &vk, &vv, 0);
    if (!rc)
        rc = mdb_txn_commit(t);
    else
        mdb_txn_abort(t);
    mdb_env_close(env);
    return rc;
}

#endif
