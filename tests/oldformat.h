/*
** oldformat.h -- turn a database written by this kg into the evidence layout
** of formats 2 and 3 (tests layer): what kg 0.1 wrote, to test the reading of
** older databases and their upgrade (engine/store.c, evid_upgrade) without
** binary files in the repository.
**
** Formats 2 and 3 kept evidence rows of 32 bytes in table `evid` (u64 doc,
** u32 start, u32 end, i32 date, u32 rule, f32 confidence, u32 zero) and had
** no `claims` table; edges records ended with a zero word and out/in entries
** had no hidden mark. Format 4 rows are the same 28 bytes then modality,
** three zero bytes and the claimant: only databases whose rows are all
** asserted without claimant can be turned back, and this checks that.
*/
#ifndef KG_TEST_OLDFORMAT_H
#define KG_TEST_OLDFORMAT_H

#include <lmdb.h>
#include <string.h>

/* Rewrite the evidence of the (closed) database in `path` as format 3 wrote
** it and set its version to `version` (2 or 3). 0 on success, else an LMDB
** code, or -1 when a row is not asserted or has a claimant. */
static int kgt_to_old_format(const char *path, int version)
{
    MDB_env *env;
    MDB_txn *t;
    MDB_dbi meta, nw, old, claims;
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
    if (!rc) rc = mdb_dbi_open(t, "evidence", MDB_DUPSORT | MDB_DUPFIXED, &nw);
    if (!rc) rc = mdb_dbi_open(t, "claims", MDB_DUPSORT | MDB_DUPFIXED, &claims);
    if (!rc) rc = mdb_dbi_open(t, "evid", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &old);
    if (!rc) rc = mdb_cursor_open(t, nw, &c);
    MDB_val k, v;
    for (int g = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data;
        unsigned char row[32] = {0}, zero[12] = {0};
        if (v.mv_size != 40 || memcmp(p + 28, zero, 12)) {
            rc = -1;
            break;
        }
        memcpy(row, p, 28);
        MDB_val k2 = k, v2 = {32, row};
        if ((rc = mdb_put(t, old, &k2, &v2, 0))) break;
    }
    if (c) mdb_cursor_close(c);
    if (!rc) rc = mdb_drop(t, nw, 1);
    if (!rc) rc = mdb_drop(t, claims, 1);
    unsigned char ver[8] = {0, 0, 0, 0, 0, 0, 0, (unsigned char)version};
    MDB_val vk = {7, "version"}, vv = {8, ver};
    if (!rc) rc = mdb_put(t, meta, &vk, &vv, 0);
    if (!rc) rc = mdb_txn_commit(t);
    else mdb_txn_abort(t);
    mdb_env_close(env);
    return rc;
}

#endif
