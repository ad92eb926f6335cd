/*
** store.c -- the storage layer of libkg: the graph on LMDB (engine layer,
** prefixes kg_store_ internally and kg_ for the API it implements).
** This is the only file that includes <lmdb.h>; LMDB errors are translated
** here and nowhere else, and MDB_MAP_FULL is handled here (grow and replay).
**
** On-disk format, version 7. Ids are u64, types/relations/keys are u32
** symbols; all integers big-endian so byte order is numeric order.
** Version 7 differs from 6 in a new table, in out/in entries and in indeg.
** Table
** `canon` holds every node under its canonical name as written (cut at
** NAME_KEY_MAX bytes), so `WHERE n.name = $x` (kg_store_name_exact) and
** kg_node_find are one lookup, where they read the names entry of the name's
** normal form and then each candidate's node record (issue 15). Out and in
** entries carry the relation's count (r.count) above the edge id
** (kg_adj_edge), so a query reading r.count of the relations a hop walks
** needs no edges record (kg_store_adj_count; issue 16), and indeg keeps the
** sum of those counts per (node, relation) beside the in-degree, for
** `sum(r.count)` per node (below). A version 6 database
** (or older, after the steps below) is upgraded by its first open for
** writing in a transaction of its own (upgrade7: canon filled from the
** nodes' records in key order, every out/in entry rewritten with its count,
** the sums put in indeg, then the version; a failure leaves version 6);
** opened read-only it is read as it is (kg_store.nocanon: exact names as
** before; counts from records; no sums).
** Version 6 differs from 5 in two tables (issue 16, a smaller store):
** edges records are the modality byte, then varints (7 bits a byte, low
** first) of src, rel, dst, nev and ndocs, 6 to 36 bytes (edge_encode6; 32
** bytes before); evidence rows are packed (evid_pack: 12 bytes for a row
** that names only its document, 48 before) in the new table `evrows`,
** DUPSORT without DUPFIXED, which replaces `evidence`. Code reads and writes
** rows in the 48-byte layout below; evid_cget / evid_put / evid_del convert
** at the table. A version 5 database (or older, after the steps below) is
** upgraded by its first open for writing in a transaction of its own
** (upgrade6: every edges record rewritten, the rows packed into `evrows`
** and `evidence` dropped, then the version; a failure leaves version 5);
** opened read-only it is read as it is (kg_store.format 5, evpack 0).
** At the kit's scale S (../shared/bench: 100k entities, 1M rows, 166,755
** documents) version 6 takes 212 MB against 272 MB: evidence 75 -> 32 MB,
** edges 43 -> 24 MB (tests/bench/README.md has the table of every table).
** Version 5 differs from 4 in documents, mentions and time (issue 13):
** evidence rows are 48 bytes (an event date and a load generation after the
** claimant); every document has a node of type "document" named by its key,
** with the document's properties (kg_doc_register: title, author, date,
** hash, extractor, load, loaded); relation "mentioned-in" (KG_MENTION_REL:
** entity -> document node, one row per mention span) is structural: its
** out/in entries carry the hidden mark whatever its modality; tables
** `loads`, `curation` and `watch` are new. A version 2 to 4 database is
** upgraded by its first open for writing: the steps below up to version 4
** in the open's transaction, then upgrade5 in a transaction of its own
** (rows rewritten in place with no event date and load 0, a node made for
** every document, the version written last, so a failure leaves version 4);
** opened read-only it is read as it is (evsize 40, no document nodes, the
** new tables absent and read as empty: kg_store.nov5).
** Version 4 differs from 3 in evidence (modality and claimant, kg.h): rows
** are 40 bytes in table `evidence` (32 bytes in `evid` before), table
** `claims` is new, edges records keep the relation's modality in their last
** word and out/in entries mark hidden relations in the edge id's top bit
** (both zero, so asserted and visible, in a version 3 database). A version
** 2 or 3 database is upgraded in place in the transaction of its first open
** for writing (skel_upgrade for 2, then evid_upgrade: rows copied into
** `evidence` as asserted without claimant, `evid` dropped, `claims` created;
** a map too small is grown and the open run again); opened read-only it is
** read as it is (kg_store.evsize 32, no claims table: every row asserted).
** A read-only handle on such a database refuses to go on (KG_VERSION) once
** another process has upgraded it.
** Version 3 differs from 2 in the skel keys only: a skeleton keeps every digit
** (engine/names.c), where version 2 collapsed doubled digits and so gave
** "Brigade 4990" and "Brigade 4490" one key. A version 2 database is upgraded
** in place when it is first opened for writing (skel_upgrade, in the open's
** transaction: every alias with a digit gets its version 3 key); opened
** read-only it is read with version 2 skeletons (kg_store.format).
**
**   db        key                               value                           flags
**   meta      ascii name                        bytes (see META_* below)
**   syms      kind byte + name                  u32 symbol id
**   symr      kind byte + u32 id                name
**   counts    kind byte + u32 id                u64 (nodes per type 't', edges per rel 'r')
**   nodes     u64 node                          u32 type + canonical name bytes
**   props     u64 node + u32 key                tag byte + payload (see prop_encode)
**   names     normalised alias (<= 480 bytes)   u64 node                        DUPSORT DUPFIXED
**   skel      skeleton of an alias (<= 480)     u64 node                        DUPSORT DUPFIXED
**   aliases   u64 node                          alias as written (<= 480)       DUPSORT
**   by_type   u32 type                          u64 node                        DUPSORT DUPFIXED
**   out       u64 src + u32 rel                 u64 dst + u64 edge (kg_adj_edge)  DUPSORT DUPFIXED
**   in        u64 dst + u32 rel                 u64 src + u64 edge (kg_adj_edge)  DUPSORT DUPFIXED
**   edges     u64 edge                          u8 modality, varints src rel dst nev ndocs
**                                               (format 6; up to 5: u64 src u32 rel u64 dst
**                                               u32 nev u32 ndocs u8 modality + 3 zero bytes)
**   evrows    u64 edge                          packed evidence row (evid_pack) DUPSORT
**             (formats 4 and 5: table `evidence`, EVID_SIZE rows, DUPSORT DUPFIXED)
**   claims    u64 claimant node                 u64 edge                        DUPSORT DUPFIXED
**   docs      u64 doc                           16-byte hash, i32 date, 3 x u32 lengths, key,
*title, author
**   doc_key   XXH128 of the document key        u64 doc
**   doc_hash  XXH128 of the document text       u64 doc
**   doc_text  u64 doc                           cleaned text (none when empty: read as empty)
**   doc_edges u64 doc                           u64 edge                        DUPSORT DUPFIXED
**   indeg     u32 rel + u64 ~count + u64 node   (empty)
**   loads     u32 generation                    u64 time (s since 1970 UTC), note
**   curation  u64 step                          curation record (see "curation" at the end)
**   watch     16-byte XXH128 of a watched question + 16-byte XXH128 of a row
**                                               u32 generation when first shown
**   canon     canonical name (<= 480 bytes)     u64 node                        DUPSORT DUPFIXED
**
** An evidence row (evid_encode; stored packed from format 6, evid_pack):
** u64 doc, u32 start, u32 end, i32 date (the
** report date), u32 rule symbol, f32 confidence (bits), u8 modality
** (KG_MOD_*), u8 flags (1: the event date stands for its month), 2 zero
** bytes, u64 claimant (0 = none), i32 event date
** (KG_NODATE: none), u32 load generation (0: written outside a load). Document
** first: a document's rows of an edge are adjacent (evid_has_doc seeks
** them). Rows equal in every byte are one row. A document read again
** (KG_DOC_CHANGED, KG_DOC_REREAD) loses its rows first; a row it gives again
** for the same (source, relation, target) takes the lowest load its removed
** rows of that triple had (kg_txn.carry), so "new since load N" (a
** relation's lowest row load above N) is not fooled by re-reading.
** The edge id in out/in values has KG_ADJ_HIDDEN (the top bit) set when the
** relation is hidden from plain patterns: its modality (the lowest modality
** among its rows, asserted < reported < claimed < denied; asserted with no
** rows) is claimed or denied. counts 'h' + rel holds the number of hidden
** relations per relation name (the in-degree shortcut falls back on them).
**
** meta "loading" (u64 document ids) lists the documents of a bulk load that
** committed its document registration early (kg_store_bulk_checkpoint: a large
** fact file's text is written and flushed before its facts are gathered, so the
** text is not held as dirty pages for the whole load) and has not committed
** its facts yet. The final commit of the load deletes the key. A document still
** listed (the load failed or the process died) is registered anew by the next
** kg_doc_register of its key even when its text is the same: a re-run of the
** load replaces it instead of answering KG_DOC_SAME. kg check reports every
** document listed as half-loaded (registered, its facts never committed).
** Documents new to the database with little text registered in a bulk load
** are written with its facts at its final commit, not listed (see "bulk
** writes"): the same records, keys and node as one by one.
**
** indeg holds per-relation in-degree statistics: for every (node, rel) with
** count >= 1 entries in `in` (the in-degree of node for rel) there is exactly
** one key (rel, ~count, node), the count complemented so that a cursor walks
** a relation's nodes by in-degree descending, then by node id ascending. It is
** what `MATCH ()-[:R]->(b) RETURN b, count(*) ORDER BY count(*) DESC LIMIT k`
** reads (the planner's InDegreeScan) instead of scanning every node. From
** format 7 every such (node, rel) also has one key (rel | KG_INDEG_SUM, ~sum,
** node), sum being the sum of the counts (r.count) of those entries, which
** `sum(r.count)` in place of count(*) reads; every write of an in entry
** (adj_pair) moves it by the entry's count.
**
** Invariants (kg_check verifies each one):
**   (1) every out entry (s,r)->(d,e) has its in twin (d,r)->(s,e) and an edges
**       record e = (s,r,d); every edges record has both; all written in one txn.
**   (2) (s,r,d) is unique: at most one edge per triple.
**   (3) every names/skel entry points at a live node, and is derived from an
**       entry of that node's aliases (the canonical name is always an alias).
**   (4) every node is in by_type under its own type, and only there.
**   (5) edges.nev is the number of evid rows of the edge, edges.ndocs the
**       number of distinct documents among them, and nev >= 1 unless the edge
**       was created without evidence (nev == 0 then, and it has no evid rows).
**   (6) every evid row with doc != 0 names a live document whose doc_edges
**       holds the edge, and every doc_edges entry has such an evid row.
**   (7) meta counters equal the counts of nodes, edges, evid rows, docs and
**       alias entries; counts per type and per relation equal theirs.
**   (8) indeg has one key (r, ~c, d) per key (d, r) of `in`, c being its
**       number of duplicates, and (format 7) one key (r | KG_INDEG_SUM, ~s,
**       d), s being the sum of their counts, and nothing else. Every write of `in` (kg_edge_add,
**       edge_remove, and so node deletion and document replacement, and the bulk
**       path) moves the node's indeg key in the same transaction.
**   (9) every evidence row has a modality <= KG_MOD_DENIED and a claimant that
**       is 0 or a live node; claims holds (c, e) exactly when edge e has a row
**       with claimant c != 0.
**  (10) an edges record's modality is the lowest of its rows' (asserted when
**       it has none); its out and in entries carry KG_ADJ_HIDDEN exactly when
**       that is claimed or denied, or the relation is mentioned-in; counts
**       'h' per relation equal the number of such edges.
**  (11) (format 5) every document has one node of type "document" named by
**       its key, and every node of that type is a document's.
**  (12) every mentioned-in edge goes from a node that is no document to a
**       document's node, and each of its rows names that document.
**  (13) every evidence row's load is 0 or a generation in `loads`, and the
**       generations are 1..N without a gap.
**  (14) every curation step is well formed and names live nodes where it
**       must (curation, at the end of this file).
**  (15) (format 7) canon holds one entry per node: its canonical name cut at
**       NAME_KEY_MAX bytes (utf8_cut) to its id, and nothing else.
**  (16) (format 7) every out and in entry carries its edge's count (r.count:
**       documents, else rows, capped at KG_ADJ_COUNT_MAX) above the edge id
**       (kg_adj_edge); no count bits before format 7.
*/
#include "codec.h"
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define NAME_KEY_MAX 480
#define EVID_SIZE KG_EVID_SIZE       /* evidence row, format 5 (internal.h) */
#define EVID_SIZE_V4 40              /* evidence row of format 4 (no event date, no load) */
#define EVID_SIZE_V3 32              /* evid row of formats 2 and 3 (no modality, no claimant) */
#define EDGE_REC_MAX KG_EDGE_REC_MAX /* edges record, format 6 (varints) */
#define EVID_PACK_MAX 60             /* a packed evidence row, format 6 (evid_pack) */
#define MOD_HIDDEN(m) ((m) >= KG_MOD_CLAIMED) /* hidden from plain patterns */
#define MAGIC "kg-graph"
#define DEFAULT_MAP (64u << 20)
#define DEFAULT_MAX ((size_t)1 << 40)
#define JOURNAL_MAX ((size_t)512 << 20)
#define JOURNAL_TEXT ((size_t)4 << 20) /* a bulk load's document text this large: no journal */

enum {
    DB_META,
    DB_SYMS,
    DB_SYMR,
    DB_COUNTS,
    DB_NODES,
    DB_PROPS,
    DB_NAMES,
    DB_SKEL,
    DB_ALIASES,
    DB_BYTYPE,
    DB_OUT,
    DB_IN,
    DB_EDGES,
    DB_EVID,
    DB_DOCS,
    DB_DOCKEY,
    DB_DOCHASH,
    DB_DOCTEXT,
    DB_DOCEDGES,
    DB_INDEG,
    DB_CLAIMS,
    DB_LOADS,
    DB_CURATION,
    DB_WATCH,
    DB_CANON,
    DB_COUNT
};
#define DB_FIRST_V5 DB_LOADS /* tables new in format 5: DB_FIRST_V5 .. DB_FIRST_V7 - 1 */
#define DB_FIRST_V7 DB_CANON /* the table new in format 7 */

static const struct {
    const char *name;
    unsigned flags;
} db_spec[DB_COUNT] = {
    {"meta", 0},
    {"syms", 0},
    {"symr", 0},
    {"counts", 0},
    {"nodes", 0},
    {"props", 0},
    {"names", MDB_DUPSORT | MDB_DUPFIXED},
    {"skel", MDB_DUPSORT | MDB_DUPFIXED},
    {"aliases", MDB_DUPSORT},
    {"by_type", MDB_DUPSORT | MDB_DUPFIXED},
    {"out", MDB_DUPSORT | MDB_DUPFIXED},
    {"in", MDB_DUPSORT | MDB_DUPFIXED},
    {"edges", 0},
    {"evrows", MDB_DUPSORT}, /* format 6; "evidence" (DUPFIXED) before */
    {"docs", 0},
    {"doc_key", 0},
    {"doc_hash", 0},
    {"doc_text", 0},
    {"doc_edges", MDB_DUPSORT | MDB_DUPFIXED},
    {"indeg", 0},
    {"claims", MDB_DUPSORT | MDB_DUPFIXED},
    {"loads", 0},
    {"curation", 0},
    {"watch", 0},
    {"canon", MDB_DUPSORT | MDB_DUPFIXED}, /* format 7 */
};

struct kg_store {
    MDB_env *env;          /* the environment */
    int wlockfd;           /* data.mdb, for the writers' flock (-1: none); see writer_lock */
    MDB_dbi dbi[DB_COUNT]; /* named databases */
    size_t map_max;        /* growth stops here */
    size_t psize;          /* page size */
    int format;            /* format version of the open database (its skeletons) */
    size_t evsize;         /* bytes of its evidence rows: EVID_SIZE, EVID_SIZE_V4, EVID_SIZE_V3 */
    int evpack;            /* format 6: evidence rows packed in table evrows (evid_pack) */
    int noclaims;          /* format < 4, read-only: no claims table (dbi[DB_CLAIMS] unset) */
    int nov5;              /* format < 5, read-only: no loads/curation/watch tables */
    int nocanon;           /* format < 7, read-only: no canon table (dbi[DB_CANON] unset) */
    uint32_t load;         /* the load generation of kg_load_begin, 0 outside a load */
    int64_t loadtime;      /* its time */
    char **symname[4];     /* cache of symbol names by kind index and id (see sym_cache) */
    uint32_t symcap[4];    /* slots in each cache */
};

enum { SLOT_NAME, SLOT_VALUE, SLOT_DOC, NSLOTS };

/* A pending change of a per-type or per-relation count. */
typedef struct count_delta {
    char kind;     /* KG_SYM_TYPE or KG_SYM_REL */
    uint32_t id;   /* symbol */
    int64_t delta; /* change in this transaction */
} count_delta;

/* meta counters, cached in a write transaction and flushed at commit */
enum {
    C_NEXT_NODE,
    C_NEXT_EDGE,
    C_NEXT_DOC,
    C_NEXT_SYM,
    C_NODES,
    C_EDGES,
    C_EVID,
    C_DOCS,
    C_ALIASES,
    C_COUNT
};
static const char *const counter_name[C_COUNT] = {"next_node", "next_edge", "next_doc",
                                                  "next_sym",  "nodes",     "edges",
                                                  "evidence",  "docs",      "aliases"};

struct kg_txn {
    kg_db *db;           /* owner */
    MDB_txn *t;          /* the LMDB transaction */
    int write;           /* write transaction? */
    int statement;       /* opened for a statement (counted in db->nreaders) */
    int failed;          /* a write failed: only abort is possible */
    uint64_t c[C_COUNT]; /* counters (write txns) */
    count_delta *deltas; /* pending per-symbol count changes */
    size_t ndeltas, capdeltas;
    unsigned char *jbuf; /* journal of puts/dels, replayed after a map grow */
    size_t jlen, jcap;
    int jbroken;             /* journal exceeded JOURNAL_MAX: cannot replay */
    int newsyms;             /* symbols created: drop the name cache if this aborts */
    struct bulk_state *bulk; /* bulk-write cursors (kg_store_bulk_start), or NULL */
    uint64_t nops;           /* successful st_put / st_del calls */
    uint64_t docops;         /* of which inside kg_doc_register */
    size_t doctext;          /* bytes of document text registered */
    kg_id pdocs[8];          /* documents registered (first 8) */
    int npdocs;              /* their number (more than 8: no checkpoint) */
    int loading;             /* meta "loading" was written: delete it at commit */
    int mentioning;          /* inside kg_mention_add: mentioned-in may be written */
    int docnode;             /* inside doc_node: a node of type "document" may be made */
    struct carry *carry;     /* (s, r, d) -> lowest load of rows a re-read document lost */
    size_t ncarry, capcarry;
    kg_id carrydoc;     /* the document those rows were of */
    char *slot[NSLOTS]; /* scratch for borrowed strings (see scratch()) */
    size_t slotcap[NSLOTS];
    /* read transactions only: the last node and edge record read, decoded
    ** (LMDB's pointers into the map stay valid until a read transaction
    ** ends; a write transaction never fills these). A query reading n.name
    ** then n.type, or r.count then r.date, searches the table once. */
    kg_id cnode;                  /* node of cntype/cnname, 0 = none */
    uint32_t cntype;              /* its type */
    const char *cnname;           /* its canonical name (not NUL-terminated) */
    size_t cnlen;                 /* its length */
    kg_id cedge;                  /* edge of the fields below, 0 = none */
    kg_id ces, ced;               /* its ends */
    uint32_t cer, cenev, cendocs; /* relation, evidence rows, documents */
    uint8_t cemod;                /* modality */
    kg_id aedge;                  /* the edge an adjacency walk yielded last (format 7) */
    uint32_t acount;              /* its count from the entry (KG_ADJ_COUNT_MAX: unknown) */
    MDB_cursor *shot[DB_COUNT];   /* read transactions: cursors of shot_open, kept */
    MDB_cursor *adjc[2];          /* read transactions: a cursor on out and one on in, lent
                                  ** to the first walk of each per run (adj_cursor), kept */
    unsigned adjlent;             /* bit i: adjc[i] is lent in this run */
    uint64_t stale;               /* shot[db] (bit db) and adjc[i] (bit DB_COUNT + i) to renew
                                  ** before their first use in this run (spare_take) */
};
_Static_assert(DB_COUNT + 2 <= 64, "kg_txn.stale holds a bit per kept cursor");

struct kg_iter {
    kg_txn *txn;     /* owner */
    int kind;        /* ITER_* */
    MDB_cursor *cur; /* cursor */
    kg_adj adj;      /* ITER_NBR */
    kg_scan scan;    /* ITER_NODES */
    kg_id key;       /* ITER_EVID / ITER_ALIAS / ITER_PROPS: the edge or node */
    int state;       /* 0 = not started */
    char *buf;       /* ITER_ALIAS: the alias last returned */
    size_t bufcap;   /* bytes allocated in buf */
};
enum { ITER_NBR = 1, ITER_NODES, ITER_EDGES, ITER_EVID, ITER_ALIAS, ITER_PROPS };

/* ---------------------------------------------------------------- encoding */

static MDB_val mv(const void *p, size_t n)
{
    MDB_val v = {n, (void *)p};
    return v;
}

/* Longest prefix of s no longer than max that ends on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* ---------------------------------------------------------------- errors */

const char *kg_errstr(int rc)
{
    switch (rc) {
#define KG_CASE_(name, value, words)                                                               \
    case value:                                                                                    \
        return words;
        KG_RESULT_CODES(KG_CASE_)
#undef KG_CASE_
    }
    return "unknown result code";
}

int kg_error(kg_db *db, int rc, const char *fmt, ...)
{
    if (!db) return rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

void kg_error_clear(kg_db *db)
{
    if (!db) return;
    strcpy(db->errmsg, "not an error");
    db->erroffset = -1;
}

const char *kg_errmsg(const kg_db *db)
{
    return db ? db->errmsg : "no database handle";
}

long kg_erroffset(const kg_db *db)
{
    return db ? db->erroffset : -1;
}

/* Translate an LMDB or errno code into a kg code with a message. */
static int lmdb_error(kg_db *db, int rc, const char *what)
{
    int kc;
    switch (rc) {
    case 0:
        return KG_OK;
    case MDB_NOTFOUND:
        return KG_NOTFOUND;
    case MDB_KEYEXIST:
        kc = KG_EXISTS;
        break;
    case MDB_MAP_FULL:
        kc = KG_FULL;
        break;
    case MDB_READERS_FULL:
        kc = KG_BUSY;
        break;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
        kc = KG_CORRUPT;
        break;
    case MDB_INVALID:
        kc = KG_NOTADB;
        break;
    case MDB_VERSION_MISMATCH:
        kc = KG_VERSION;
        break;
    case MDB_DBS_FULL:
    case MDB_TXN_FULL:
    case MDB_CURSOR_FULL:
        kc = KG_LIMIT;
        break;
    case MDB_BAD_TXN:
    case MDB_BAD_RSLOT:
    case MDB_BAD_DBI:
        kc = KG_MISUSE;
        break;
    case ENOMEM:
        kc = KG_NOMEM;
        break;
    case EACCES:
    case EPERM:
        kc = KG_PERM;
        break;
    case ENOSPC:
        kc = KG_FULL;
        break;
    case ENOENT:
        kc = KG_NOTFOUND;
        break;
    case EAGAIN:
    case EBUSY:
        kc = KG_BUSY;
        break;
    default:
        kc = rc > 0 && rc < 200 ? KG_IO : KG_ERROR;
        break;
    }
    return kg_error(db, kc, "%s: %s", what, mdb_strerror(rc));
}

/* ---------------------------------------------------------------- journal
** Every put and del of a write transaction is recorded. When LMDB reports
** MDB_MAP_FULL the transaction is aborted, the map doubled, a new write
** transaction begun and, if no other writer committed in between (same
** transaction id), the journal replayed: the caller never sees the grow. */

enum { J_PUT = 1, J_DEL = 2 };

static void journal_add(kg_txn *x, int op, MDB_dbi dbi, const MDB_val *k, const MDB_val *v,
                        unsigned fl)
{
    if (x->jbroken) return;
    size_t need = 1 + 4 * 4 + k->mv_size + (v ? v->mv_size : 0);
    if (x->jlen + need > x->jcap) {
        size_t cap = x->jcap ? x->jcap * 2 : 65536;
        while (cap < x->jlen + need)
            cap *= 2;
        unsigned char *p = cap > JOURNAL_MAX ? NULL : realloc(x->jbuf, cap);
        if (!p) {
            x->jbroken = 1; /* a later MAP_FULL becomes KG_FULL */
            return;
        }
        x->jbuf = p, x->jcap = cap;
    }
    unsigned char *p = x->jbuf + x->jlen;
    *p++ = (unsigned char)op;
    kg_put_u32(p, dbi), kg_put_u32(p + 4, (uint32_t)k->mv_size);
    kg_put_u32(p + 8, v ? (uint32_t)v->mv_size : UINT32_MAX), kg_put_u32(p + 12, fl);
    p += 16;
    memcpy(p, k->mv_data, k->mv_size), p += k->mv_size;
    if (v) memcpy(p, v->mv_data, v->mv_size), p += v->mv_size;
    x->jlen = p - x->jbuf;
}

static int txn_regrow(kg_txn *x);
static int txn_replay(kg_txn *x, size_t want);
static void sym_cache_clear(struct kg_store *s);

static int journal_replay(kg_txn *x)
{
    size_t off = 0;
    while (off < x->jlen) {
        unsigned char *p = x->jbuf + off;
        int op = *p++;
        MDB_dbi dbi = kg_get_u32(p);
        uint32_t kl = kg_get_u32(p + 4), vl = kg_get_u32(p + 8), fl = kg_get_u32(p + 12);
        p += 16;
        MDB_val k = mv(p, kl), v = mv(p + kl, vl == UINT32_MAX ? 0 : vl);
        int rc = op == J_PUT ? mdb_put(x->t, dbi, &k, &v, fl)
                             : mdb_del(x->t, dbi, &k, vl == UINT32_MAX ? NULL : &v);
        if (rc == MDB_KEYEXIST || (op == J_DEL && rc == MDB_NOTFOUND)) rc = 0;
        if (rc) return rc;
        off = (p + kl + (vl == UINT32_MAX ? 0 : vl)) - x->jbuf;
    }
    return 0;
}

/* put with growth; returns an LMDB code (MDB_KEYEXIST passes through) */
static int st_put(kg_txn *x, int db, const void *k, size_t kl, const void *v, size_t vl,
                  unsigned fl)
{
    MDB_dbi dbi = x->db->store->dbi[db];
    MDB_val key = mv(k, kl), val = mv(v, vl);
    for (;;) {
        int rc = mdb_put(x->t, dbi, &key, &val, fl);
        if (rc == 0) journal_add(x, J_PUT, dbi, &key, &val, fl), x->nops++;
        if (rc != MDB_MAP_FULL) return rc;
        if ((rc = txn_regrow(x))) return rc;
    }
}

/* del (v NULL: the key and all its duplicates); MDB_NOTFOUND passes through */
static int st_del(kg_txn *x, int db, const void *k, size_t kl, const void *v, size_t vl)
{
    MDB_dbi dbi = x->db->store->dbi[db];
    MDB_val key = mv(k, kl), val = mv(v, vl);
    for (;;) {
        int rc = mdb_del(x->t, dbi, &key, v ? &val : NULL);
        if (rc == 0) journal_add(x, J_DEL, dbi, &key, v ? &val : NULL, 0), x->nops++;
        if (rc != MDB_MAP_FULL) return rc;
        if ((rc = txn_regrow(x))) return rc;
    }
}

static int st_get(kg_txn *x, int db, const void *k, size_t kl, MDB_val *out)
{
    MDB_val key = mv(k, kl);
    return mdb_get(x->t, x->db->store->dbi[db], &key, out);
}

/* A new cursor *c on `in`, set on d's entries for r (the first in *val): an
** LMDB code (MDB_NOTFOUND: none; the cursor is open unless the open failed,
** *c NULL). The caller closes it. */
static int in_cursor(kg_txn *x, kg_id d, uint32_t r, MDB_cursor **c, MDB_val *val)
{
    unsigned char k[KG_ADJ_KEY];
    kg_adj_key(k, d, r);
    MDB_val key = mv(k, KG_ADJ_KEY);
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_IN], c);
    if (rc) return *c = NULL, rc;
    return mdb_cursor_get(*c, &key, val, MDB_SET);
}

/* Number of `in` duplicates under (d, r): the in-degree of d for r. */
static int in_count(kg_txn *x, kg_id d, uint32_t r, uint64_t *n)
{
    MDB_cursor *c;
    MDB_val val;
    size_t cnt = 0;
    int rc = in_cursor(x, d, r, &c, &val);
    if (!c) return rc;
    if (rc == 0)
        rc = mdb_cursor_count(c, &cnt);
    else if (rc == MDB_NOTFOUND)
        rc = 0;
    mdb_cursor_close(c);
    *n = cnt;
    return rc;
}

/* Move d's indeg key under rk (a relation, or one | KG_INDEG_SUM) from value
** `from` to `to`; had / has: whether the key was there before and is after. */
static int indeg_key_move(kg_txn *x, uint32_t rk, kg_id d, int had, uint64_t from, int has,
                          uint64_t to)
{
    if (had == has && from == to) return 0;
    unsigned char k[KG_INDEG_KEY];
    int rc = 0;
    if (had) {
        kg_indeg_key(k, rk, from, d);
        rc = st_del(x, DB_INDEG, k, KG_INDEG_KEY, NULL, 0);
        if (rc == MDB_NOTFOUND) rc = 0;
    }
    if (!rc && has) {
        kg_indeg_key(k, rk, to, d);
        rc = st_put(x, DB_INDEG, k, KG_INDEG_KEY, "", 0, 0);
    }
    return rc;
}

/* Move d's indeg key for r from count `from` to count `to` (0: none). */
static int indeg_move(kg_txn *x, uint32_t r, kg_id d, uint64_t from, uint64_t to)
{
    return indeg_key_move(x, r, d, from != 0, from, to != 0, to);
}

/* Move d's key of the sum of its in relations' counts for r (r |
** KG_INDEG_SUM) from `from` to `to`; had / has: whether d had in entries
** for r before and has them after (a sum of 0 is a key). */
static int indeg_sum_move(kg_txn *x, uint32_t r, kg_id d, int had, uint64_t from, int has,
                          uint64_t to)
{
    return indeg_key_move(x, r | KG_INDEG_SUM, d, had, from, has, to);
}

/* ---------------------------------------------------------------- map size */

static size_t map_used(struct kg_store *s, size_t *mapsize)
{
    MDB_envinfo info;
    mdb_env_info(s->env, &info);
    if (mapsize) *mapsize = info.me_mapsize;
    return (info.me_last_pgno + 1) * s->psize;
}

/* Grow the map to at least `want` bytes (doubling), if allowed now. */
static int map_grow(kg_db *db, size_t want)
{
    struct kg_store *s = db->store;
    size_t cur;
    map_used(s, &cur);
    if (want <= cur) return 0;
    if (db->nreaders > 0) return MDB_MAP_FULL; /* remapping would pull the map from under them */
    size_t n = cur;
    while (n < want && n < s->map_max)
        n = n * 2 > s->map_max ? s->map_max : n * 2;
    if (n < want) return MDB_MAP_FULL;
    int rc = mdb_env_set_mapsize(s->env, n);
    if (!rc) KG_HOOK(db, "grow");
    return rc;
}

static void bulk_full(kg_txn *x);

/* MDB_MAP_FULL inside write transaction x: grow and replay, or (no journal to
** replay) MDB_MAP_FULL, noted for a bulk load's retry (kg_store_bulk_retry). */
static int txn_regrow(kg_txn *x)
{
    if (x->jbroken) return bulk_full(x), MDB_MAP_FULL;
    return txn_replay(x, 0);
}

/* Abort x's LMDB transaction, grow the map to `want` bytes or at least one
** step (doubling), begin again and replay the journal: x holds what it held.
** EBUSY when another writer committed in between; x is failed on any error. */
static int txn_replay(kg_txn *x, size_t want)
{
    kg_db *db = x->db;
    size_t id = mdb_txn_id(x->t), cur;
    mdb_txn_abort(x->t);
    x->t = NULL;
    map_used(db->store, &cur);
    int rc = map_grow(db, want > cur ? want : cur + 1);
    if (rc) goto fail;
    if ((rc = mdb_txn_begin(db->store->env, NULL, 0, &x->t))) goto fail;
    if (mdb_txn_id(x->t) != id) { /* another writer committed in between */
        mdb_txn_abort(x->t);
        x->t = NULL;
        rc = EBUSY;
        goto fail;
    }
    for (;;) {
        rc = journal_replay(x);
        if (rc != MDB_MAP_FULL) break;
        mdb_txn_abort(x->t);
        x->t = NULL;
        map_used(db->store, &cur);
        if ((rc = map_grow(db, cur + 1))) goto fail;
        if ((rc = mdb_txn_begin(db->store->env, NULL, 0, &x->t))) goto fail;
    }
    if (rc == 0) return 0;
fail:
    x->failed = 1;
    return rc;
}

/* ---------------------------------------------------------------- open/close */

static int meta_get_u64(MDB_txn *t, MDB_dbi dbi, const char *name, uint64_t *v)
{
    MDB_val k = mv(name, strlen(name)), d;
    int rc = mdb_get(t, dbi, &k, &d);
    if (rc) return rc;
    if (d.mv_size != 8) return MDB_CORRUPTED;
    *v = kg_get_u64(d.mv_data);
    return 0;
}

/* Upgrade format 2 to 3 in the write transaction t: the skel keys of aliases
** with a digit. First every version 2 key that differs from its version 3 key
** goes, then every alias with a digit puts its version 3 key (a deleted key
** may also be the unchanged key of another alias: "Brigade 4990" and
** "Brigade 490" both had "brgd 490"). */
static int skel_upgrade(MDB_txn *t, struct kg_store *s)
{
    MDB_cursor *c = NULL;
    int rc = mdb_cursor_open(t, s->dbi[DB_ALIASES], &c);
    for (int pass = 0; pass < 2 && !rc; pass++) {
        MDB_val key, val;
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0 && !rc;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            const char *a = val.mv_data;
            size_t al = val.mv_size, i = 0;
            while (i < al && (a[i] < '0' || a[i] > '9') && (unsigned char)a[i] < 0x80)
                i++;
            if (i == al) continue; /* ASCII without a digit: the same key in both versions */
            char *k2 = NULL, *k3 = NULL;
            size_t l2 = 0, l3 = 0;
            if (kg_names_skeleton_fmt(a, al, 2, &k2, &l2) ||
                kg_names_skeleton_fmt(a, al, 3, &k3, &l3)) {
                free(k2), free(k3);
                continue; /* not a name kg_alias_add would have indexed */
            }
            l2 = utf8_cut(k2, l2, NAME_KEY_MAX), l3 = utf8_cut(k3, l3, NAME_KEY_MAX);
            MDB_val id = {8, key.mv_data};
            if (pass == 0 && l2 && (l2 != l3 || memcmp(k2, k3, l2))) {
                MDB_val k = mv(k2, l2);
                rc = mdb_del(t, s->dbi[DB_SKEL], &k, &id);
                if (rc == MDB_NOTFOUND) rc = 0;
            } else if (pass == 1 && l3) {
                MDB_val k = mv(k3, l3);
                rc = mdb_put(t, s->dbi[DB_SKEL], &k, &id, MDB_NODUPDATA);
                if (rc == MDB_KEYEXIST) rc = 0;
            }
            free(k2), free(k3);
        }
    }
    if (c) mdb_cursor_close(c);
    return rc;
}

/* Upgrade the evidence of format 3 to 4 in the write transaction t: the
** 32-byte rows of `evid` are copied, in key order and so with appends, into
** the new table `evidence` as 40-byte rows with modality asserted and no
** claimant (their first 28 bytes are the same fields at the same offsets,
** and the old last word was always zero, so the order of rows is kept),
** `evid` is dropped and the empty `claims` created. Edge records and
** adjacency entries stay as they are: their new bits are zero, asserted and
** visible. MDB_MAP_FULL when the map cannot hold both tables (kg_open grows
** it and runs again). */
static int evid_upgrade(MDB_txn *t, struct kg_store *s)
{
    MDB_dbi old = s->dbi[DB_EVID], nw, cl;
    unsigned fl = MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED;
    MDB_cursor *c = NULL, *w = NULL;
    int rc = mdb_dbi_open(t, "evidence", fl, &nw); /* the table of formats 4 and 5 */
    if (!rc) rc = mdb_dbi_open(t, db_spec[DB_CLAIMS].name, fl, &cl);
    if (!rc) rc = mdb_cursor_open(t, old, &c);
    if (!rc) rc = mdb_cursor_open(t, nw, &w);
    unsigned char prev[8], row[EVID_SIZE_V4];
    int have = 0;
    MDB_val key, val;
    for (int g = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &key, &val, MDB_FIRST);;
         g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
        if (g) {
            if (g != MDB_NOTFOUND) rc = g;
            break;
        }
        if (key.mv_size != 8 || val.mv_size != EVID_SIZE_V3) {
            rc = MDB_CORRUPTED;
            break;
        }
        int same = have && !memcmp(prev, key.mv_data, 8);
        memcpy(prev, key.mv_data, 8), have = 1;
        memset(row, 0, sizeof row);
        memcpy(row, val.mv_data, 28);
        MDB_val k2 = mv(prev, 8), v2 = mv(row, EVID_SIZE_V4);
        if ((rc = mdb_cursor_put(w, &k2, &v2, same ? MDB_APPENDDUP : MDB_APPEND))) break;
    }
    if (w) mdb_cursor_close(w);
    if (c) mdb_cursor_close(c);
    if (!rc) rc = mdb_drop(t, old, 1);
    if (!rc)
        s->dbi[DB_EVID] = nw, s->dbi[DB_CLAIMS] = cl, s->evsize = EVID_SIZE_V4, s->noclaims = 0;
    return rc;
}

static int dir_state(const char *path, int *exists, int *has_data)
{
    struct stat st;
    *exists = *has_data = 0;
    if (stat(path, &st) != 0) return errno == ENOENT ? 0 : errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    *exists = 1;
    size_t n = strlen(path) + 16;
    char *p = malloc(n);
    if (!p) return ENOMEM;
    snprintf(p, n, "%s/data.mdb", path);
    *has_data = stat(p, &st) == 0;
    free(p);
    return 0;
}

/* May a new database be created in this existing directory? Only when it
** holds nothing, or nothing but an LMDB lock file. */
static int dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d) return 0;
    int empty = 1;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "lock.mdb"))
            empty = 0;
    closedir(d);
    return empty;
}

static int file_size_check(kg_db *db, const char *path, int opened); /* at the end */
static void on_lmdb_assert(MDB_env *env, const char *msg);           /* damage guard */
static int upgrade5(kg_db *db, const char *path);                    /* at the end */
static int upgrade6(kg_db *db, const char *path);                    /* at the end */
static int upgrade7(kg_db *db, const char *path);                    /* at the end */
static void spare_drop(kg_db *db); /* the spare read transaction */
static int spare_keep(kg_txn *x);

int kg_open(const char *path, unsigned flags, const kg_options *opt, kg_db **out)
{
    if (!out) return KG_MISUSE;
    *out = NULL;
    kg_db *db = calloc(1, sizeof *db);
    if (!db) return KG_NOMEM;
    *out = db;
    kg_error_clear(db);
    db->flags = flags;
    db->limits.max_path_length = 16;
    db->limits.max_memory = (size_t)1 << 30;
    db->limits.max_depth = 200;
    if (!path || !*path) return kg_error(db, KG_MISUSE, "no database path given");
    if ((flags & KG_OPEN_CREATE) && (flags & KG_OPEN_READONLY))
        return kg_error(db, KG_MISUSE, "cannot create a database read-only");

    int exists, has_data, rc = dir_state(path, &exists, &has_data);
    if (rc == ENOTDIR)
        return kg_error(db, KG_NOTADB, "%s is a file, not a kg database (a directory)", path);
    if (rc) return lmdb_error(db, rc, path);
    if (!exists) {
        if (!(flags & KG_OPEN_CREATE))
            return kg_error(db, KG_NOTFOUND, "no database at %s (no such directory)", path);
        if (mkdir(path, 0775) != 0 && errno != EEXIST) {
            int e = errno;
            return kg_error(db,
                            e == EACCES   ? KG_PERM
                            : e == ENOENT ? KG_NOTFOUND
                                          : KG_IO,
                            "cannot create directory %s: %s", path, strerror(e));
        }
    } else if (!has_data) {
        if (!(flags & KG_OPEN_CREATE))
            return kg_error(db, KG_NOTFOUND, "no kg database in %s (no data.mdb)", path);
        if (!dir_is_empty(path))
            return kg_error(db, KG_NOTADB,
                            "%s is a directory with other files in it, not a kg database", path);
    }

    if (has_data && (rc = file_size_check(db, path, 0))) return rc;
    struct kg_store *s = calloc(1, sizeof *s);
    if (!s) return kg_error(db, KG_NOMEM, "out of memory");
    s->wlockfd = -1;
    db->store = s;
    s->map_max = opt && opt->map_max ? opt->map_max : DEFAULT_MAX;
    s->psize = (size_t)sysconf(_SC_PAGESIZE);
    size_t initial = opt && opt->map_initial ? opt->map_initial : DEFAULT_MAP;
    if (initial < 65536) initial = 65536;
    unsigned ef = MDB_NOTLS | MDB_NORDAHEAD;
    if (flags & KG_OPEN_READONLY) ef |= MDB_RDONLY;
    if (flags & KG_OPEN_NOSYNC) ef |= MDB_NOSYNC;
    if ((rc = mdb_env_create(&s->env))) return lmdb_error(db, rc, "cannot create environment");
    mdb_env_set_assert(s->env, on_lmdb_assert);
    mdb_env_set_maxdbs(s->env, DB_COUNT + 2);
    mdb_env_set_maxreaders(s->env, opt && opt->max_readers ? opt->max_readers : 126);
    mdb_env_set_mapsize(s->env, initial);
    if ((rc = mdb_env_open(s->env, path, ef, 0664))) {
        int kc = lmdb_error(db, rc, path);
        if (kc == KG_NOTADB)
            kg_error(db, kc, "%s: data.mdb is not an LMDB file: not a kg database", path);
        else if (kc == KG_PERM)
            kg_error(db, kc, "%s: permission denied (%s)", path,
                     flags & KG_OPEN_READONLY ? "a read-only open still needs the lock file"
                                              : "a write open needs write access");
        return kc;
    }
    if ((rc = file_size_check(db, path, 1))) return rc;
    if (!(flags & KG_OPEN_READONLY)) {
        char f[4096];
        snprintf(f, sizeof f, "%s/data.mdb", path);
        s->wlockfd = open(f, O_RDONLY | O_CLOEXEC);
    }
    MDB_envinfo info;
    mdb_env_info(s->env, &info);
    if (info.me_mapsize < initial) mdb_env_set_mapsize(s->env, initial);

    /* open (or create) the named databases, then check magic and version */
    MDB_txn *t;
    int ro = (flags & KG_OPEN_READONLY) != 0, grown = 0;
again: /* after growing the map for an upgrade */
    for (int attempt = 0;; attempt++) {
        rc = mdb_txn_begin(s->env, NULL, ro ? MDB_RDONLY : 0, &t);
        if (rc == MDB_MAP_RESIZED && attempt < 3) {
            mdb_env_set_mapsize(s->env, 0);
            continue;
        }
        break;
    }
    if (rc) return lmdb_error(db, rc, "cannot begin transaction");
    MDB_dbi meta;
    rc = mdb_dbi_open(t, "meta", 0, &meta);
    int fresh = rc == MDB_NOTFOUND;
    if (fresh && has_data) {
        /* An LMDB file with nothing in it is a creation that was interrupted
        ** (killed between mdb_env_open and the first commit), not a foreign
        ** database: create over it, or say that there is no database yet. */
        MDB_dbi main_dbi;
        MDB_stat ms;
        if (!mdb_dbi_open(t, NULL, 0, &main_dbi) && !mdb_stat(t, main_dbi, &ms) &&
            ms.ms_entries == 0)
            has_data = 0;
    }
    if (fresh && (ro || !(flags & KG_OPEN_CREATE) || has_data)) {
        mdb_txn_abort(t);
        return kg_error(db, has_data ? KG_NOTADB : KG_NOTFOUND,
                        has_data ? "%s is an LMDB database but not a kg database"
                                 : "no kg database in %s",
                        path);
    }
    if (rc && !fresh) {
        mdb_txn_abort(t);
        return kg_error(db, rc == MDB_INCOMPATIBLE ? KG_NOTADB : KG_CORRUPT,
                        "%s: cannot open the meta table: %s", path, mdb_strerror(rc));
    }
    s->evsize = EVID_SIZE, s->noclaims = 0, s->nov5 = 0, s->evpack = 1, s->nocanon = 0;
    for (int i = 0; i < DB_COUNT; i++) {
        rc = mdb_dbi_open(t, db_spec[i].name, db_spec[i].flags | (fresh ? MDB_CREATE : 0),
                          &s->dbi[i]);
        if (rc == MDB_NOTFOUND && i == DB_CANON) { /* formats 2 to 6: made by upgrade7 */
            s->nocanon = 1;
            continue;
        }
        if (rc == MDB_NOTFOUND && i == DB_EVID) /* formats 4 and 5: `evidence`, fixed rows */
            rc = mdb_dbi_open(t, "evidence", MDB_DUPSORT | MDB_DUPFIXED, &s->dbi[i]), s->evpack = 0;
        if (rc == MDB_NOTFOUND && i == DB_EVID) { /* formats 2 and 3: `evid`, 32-byte rows */
            rc = mdb_dbi_open(t, "evid", MDB_DUPSORT | MDB_DUPFIXED, &s->dbi[i]);
            s->evsize = EVID_SIZE_V3;
        } else if (rc == MDB_NOTFOUND && i == DB_CLAIMS && s->evsize == EVID_SIZE_V3) {
            s->noclaims = 1; /* no claimants before format 4 */
            continue;
        } else if (rc == MDB_NOTFOUND && i >= DB_FIRST_V5 && i < DB_FIRST_V7) {
            s->nov5 = 1; /* formats 2 to 4: read as empty, made below on a write open */
            continue;
        }
        if (rc) {
            mdb_txn_abort(t);
            return kg_error(db, KG_NOTADB, "%s: table '%s' missing or of the wrong kind (%s)", path,
                            db_spec[i].name, mdb_strerror(rc));
        }
    }
    if (fresh) {
        unsigned char v[8];
        MDB_val k = mv("magic", 5), d = mv(MAGIC, strlen(MAGIC));
        rc = mdb_put(t, s->dbi[DB_META], &k, &d, 0);
        kg_put_u64(v, KG_FORMAT_VERSION);
        k = mv("version", 7), d = mv(v, 8);
        if (!rc) rc = mdb_put(t, s->dbi[DB_META], &k, &d, 0);
        if (!rc)
            rc = mdb_txn_commit(t);
        else
            mdb_txn_abort(t);
        if (rc) return lmdb_error(db, rc, "cannot initialise the database");
        s->format = KG_FORMAT_VERSION;
        return KG_OK;
    }
    MDB_val k = mv("magic", 5), d;
    rc = mdb_get(t, s->dbi[DB_META], &k, &d);
    if (rc || d.mv_size != strlen(MAGIC) || memcmp(d.mv_data, MAGIC, d.mv_size)) {
        mdb_txn_abort(t);
        return kg_error(db, KG_NOTADB, "%s is an LMDB database but not a kg database", path);
    }
    uint64_t ver = 0;
    rc = meta_get_u64(t, s->dbi[DB_META], "version", &ver);
    s->format = (int)ver;
    if (!rc && ver >= 2 && ver <= KG_FORMAT_VERSION && (ver < 4) != (s->evsize == EVID_SIZE_V3)) {
        mdb_txn_abort(t);
        return kg_error(db, KG_CORRUPT,
                        "%s: format version %llu but the evidence table of "
                        "version %s",
                        path, (unsigned long long)ver, ver < 4 ? "4" : "3");
    }
    if (!rc && ver >= 4 && ver <= KG_FORMAT_VERSION && (ver >= 6) != (s->evpack != 0)) {
        mdb_txn_abort(t);
        return kg_error(db, KG_CORRUPT,
                        "%s: format version %llu but the evidence table of version %s", path,
                        (unsigned long long)ver, ver >= 6 ? "4 or 5" : "6");
    }
    if (!rc && ver == 4) s->evsize = EVID_SIZE_V4;
    if (!rc && ver >= 7 && ver <= KG_FORMAT_VERSION && s->nocanon) {
        mdb_txn_abort(t);
        return kg_error(db, KG_CORRUPT, "%s: format version %llu but without the table canon", path,
                        (unsigned long long)ver);
    }
    if (!rc && ver >= 5 && ver <= KG_FORMAT_VERSION && s->nov5) {
        mdb_txn_abort(t);
        return kg_error(db, KG_CORRUPT,
                        "%s: format version %llu but without the tables loads, "
                        "curation and watch",
                        path, (unsigned long long)ver);
    }
    int upgraded = 0;
    if (!rc && (ver == 2 || ver == 3) && !ro) { /* upgrade to 4 (see the top of this file) */
        unsigned char v[8];
        kg_put_u64(v, 4);
        MDB_val vk = mv("version", 7), vd = mv(v, 8);
        int urc = ver == 2 ? skel_upgrade(t, s) : 0;
        if (!urc) urc = evid_upgrade(t, s);
        if (!urc) urc = mdb_put(t, s->dbi[DB_META], &vk, &vd, 0);
        if (urc == MDB_MAP_FULL) {
            mdb_txn_abort(t);
            goto grow;
        }
        if (urc) {
            mdb_txn_abort(t);
            return lmdb_error(db, urc,
                              ver == 2 ? "cannot upgrade the database from format version 2"
                                       : "cannot upgrade the database from format version 3");
        }
        s->format = 4, upgraded = 1;
    }
    if (!rc && ver >= 2 && ver < 5 && !ro && s->nov5) { /* the tables of format 5, empty */
        int urc = 0;
        for (int i = DB_FIRST_V5; i < DB_FIRST_V7 && !urc; i++)
            urc = mdb_dbi_open(t, db_spec[i].name, db_spec[i].flags | MDB_CREATE, &s->dbi[i]);
        if (urc == MDB_MAP_FULL) {
            mdb_txn_abort(t);
            goto grow;
        }
        if (urc) {
            mdb_txn_abort(t);
            return lmdb_error(db, urc, "cannot make the tables of format version 5");
        }
        s->nov5 = 0, upgraded = 1;
    }
    /* commit, even read-only: database handles opened in an aborted
    ** transaction are closed again */
    int crc = mdb_txn_commit(t);
    if (upgraded && crc == MDB_MAP_FULL) goto grow;
    if (!rc && crc) return lmdb_error(db, crc, "cannot open tables");
    if (rc || ver < 2 || ver > KG_FORMAT_VERSION)
        return kg_error(db, KG_VERSION,
                        "%s was written in format version %llu; this kg reads versions 2 to %d%s",
                        path, (unsigned long long)ver, KG_FORMAT_VERSION,
                        ver > KG_FORMAT_VERSION ? " (upgrade kg)" : " (export and reload it)");
    if (s->format == 4 && !ro && (rc = upgrade5(db, path))) return rc; /* own transactions */
    if (s->format == 5 && !ro && (rc = upgrade6(db, path))) return rc;
    if (s->format == 6 && !ro) return upgrade7(db, path);
    return KG_OK;
grow : { /* the upgrade needs a larger map: grow it (no transaction is open) and open again */
    size_t cur;
    map_used(s, &cur);
    size_t want = cur > s->map_max / 2 ? s->map_max : cur * 2;
    if (grown++ >= 24 || want <= cur || mdb_env_set_mapsize(s->env, want))
        return kg_error(db, KG_FULL,
                        "%s: the upgrade to format version 4 does not fit in "
                        "the map (limit %zu bytes)",
                        path, s->map_max);
    goto again;
}
}

void kg_close(kg_db *db)
{
    if (!db) return;
    if (db->txn) kg_abort(db->txn);
    spare_drop(db);
    for (int i = 0; i < db->npool; i++)
        free(db->pool[i].s);
    if (db->store) {
        if (db->store->env) mdb_env_close(db->store->env);
        if (db->store->wlockfd >= 0) close(db->store->wlockfd);
        sym_cache_clear(db->store);
        free(db->store);
    }
    free(db);
}

void kg_set_limits(kg_db *db, const kg_limits *l)
{
    if (!db || !l) return;
    if (l->max_path_length) db->limits.max_path_length = l->max_path_length;
    if (l->max_rows) db->limits.max_rows = l->max_rows;
    if (l->max_seconds > 0) db->limits.max_seconds = l->max_seconds;
    if (l->max_memory) db->limits.max_memory = l->max_memory;
    if (l->max_depth) db->limits.max_depth = l->max_depth;
}

void kg_get_limits(const kg_db *db, kg_limits *out)
{
    if (db && out) *out = db->limits;
}

void kg_interrupt(kg_db *db)
{
    if (db) atomic_store(&db->interrupted, 1);
}

void kg_progress_handler(kg_db *db, int (*fn)(void *ctx), void *ctx)
{
    if (!db) return;
    db->progress = fn;
    db->progressctx = ctx;
}

void kg_set_test_hook(kg_db *db, void (*fn)(const char *point, void *ctx), void *ctx)
{
    if (db) db->hook = fn, db->hookctx = ctx;
}

/* ---------------------------------------------------------------- damage guard */

static _Thread_local jmp_buf *guard;      /* innermost KG_GUARD of this thread */
static _Thread_local char guard_msg[200]; /* LMDB's words for what it met */

jmp_buf **kg_store_guard(void)
{
    return &guard;
}

static void on_lmdb_assert(MDB_env *env, const char *msg)
{
    (void)env;
    if (!guard) return; /* no guard: LMDB aborts, as it always did */
    snprintf(guard_msg, sizeof guard_msg, "%s", msg);
    longjmp(*guard, 1);
}

int kg_store_damaged(kg_db *db)
{
    db->damaged = 1;
    return kg_error(db, KG_CORRUPT,
                    "the database file is damaged (LMDB: %s): nothing more is read or written "
                    "through this handle; run kg check, restore from a backup",
                    guard_msg[0] ? guard_msg : "a damaged page");
}

/* ---------------------------------------------------------------- transactions */

/* Writers of every process also hold an flock on data.mdb while an LMDB
** write transaction is open: taken when one begins, released when it ends
** (and around a bulk load's checkpoints, so other writers get their turn).
** LMDB serialises writers with a mutex in lock.mdb and takes the number of
** the next transaction from that file. When lock.mdb is deleted under a
** running process, the next one makes a new lock file: the two would commit
** beside each other, and even one after the other each would build on the
** last transaction its own lock file knows and write over the other's
** (documents silently gone, kg check clean). data.mdb cannot go away without
** the data, so its flock still serialises them, and stale_base() then sees
** that the transaction does not build on the newest commit: the write is
** refused with KG_BUSY, until every process that had the database open has
** closed it (the next open starts a fresh lock file from the data). Readers
** are not protected: one on a replaced lock file is invisible to writers,
** which may reuse the pages it reads (wrong rows or a crash of that query, no
** loss of stored data). */
static void writer_lock(struct kg_store *s)
{
    if (s->wlockfd >= 0)
        while (flock(s->wlockfd, LOCK_EX) < 0 && errno == EINTR) {
        }
}

static void writer_unlock(struct kg_store *s)
{
    if (s->wlockfd >= 0) flock(s->wlockfd, LOCK_UN);
}

/* Does the write transaction t build on something older than the newest
** commit in data.mdb (a replaced lock file)? Then it is aborted and the
** error set. Under the writer flock no commit can come in between. */
static int stale_base(kg_db *db, MDB_txn **t)
{
    MDB_envinfo in;
    if (mdb_env_info(db->store->env, &in) || mdb_txn_id(*t) == in.me_last_txnid + 1) return KG_OK;
    mdb_txn_abort(*t);
    *t = NULL;
    return kg_error(db, KG_BUSY,
                    "the database's lock.mdb was deleted or replaced while a process had the "
                    "database open: nothing written; writes resume when every process using "
                    "it has closed it");
}

static int txn_start(kg_db *db, int write, MDB_txn **t)
{
    struct kg_store *s = db->store;
    for (int attempt = 0;; attempt++) {
        if (write && db->nreaders == 0) {
            size_t cur, used = map_used(s, &cur);
            if (used > cur / 2) map_grow(db, used * 2 > cur ? used * 2 : cur);
        }
        int rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, t);
        if (rc == MDB_MAP_RESIZED && attempt < 5 && db->nreaders == 0) {
            mdb_env_set_mapsize(s->env, 0); /* another process grew the map */
            continue;
        }
        return rc;
    }
}

/* Read the meta counters into a write transaction's cache. */
static int counters_read(kg_txn *x)
{
    for (int i = 0; i < C_COUNT; i++) {
        int rc = meta_get_u64(x->t, x->db->store->dbi[DB_META], counter_name[i], &x->c[i]);
        if (rc == MDB_NOTFOUND) x->c[i] = i <= C_NEXT_SYM ? 1 : 0, rc = 0;
        if (rc) return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- the spare read transaction
** A statement's read transaction that ends is kept on its handle, reset (it
** holds no snapshot, so writers are never held up by it, and keeps its
** reader slot) with its cursors, and the next read transaction renews it:
** mdb_txn_renew and mdb_cursor_renew instead of mdb_txn_begin and
** mdb_cursor_open, which were a fifth of a name lookup through kg.h. One
** spare per handle; kg_close frees it. */

static void txn_free(kg_txn *x);
static void bulk_state_free(struct bulk_state *b);

/* Keep read transaction x as the handle's spare: 1, or 0 when it is not
** kept (a write, a failure, a spare already kept, a damaged file). */
static int spare_keep(kg_txn *x)
{
    kg_db *db = x->db;
    if (x->write || x->failed || !x->t || db->spare || db->damaged) return 0;
    mdb_txn_reset(x->t);
    if (x->statement)
        db->nreaders--;
    else if (db->txn == x)
        db->txn = NULL;
    /* keep the LMDB handles and the scratch buffers; everything else starts
    ** over (kg_check tallies in deltas; the record caches are of the old
    ** snapshot) */
    kg_txn keep = *x;
    free(x->deltas);
    free(x->jbuf);
    bulk_state_free(x->bulk);
    free(x->carry);
    memset(x, 0, sizeof *x);
    x->db = db, x->t = keep.t;
    memcpy(x->shot, keep.shot, sizeof x->shot);
    memcpy(x->adjc, keep.adjc, sizeof x->adjc);
    for (int i = 0; i < DB_COUNT; i++) /* renewed when used (shot_open, adj_cursor) */
        if (x->shot[i]) x->stale |= (uint64_t)1 << i;
    for (int i = 0; i < 2; i++)
        if (x->adjc[i]) x->stale |= (uint64_t)1 << (DB_COUNT + i);
    memcpy(x->slot, keep.slot, sizeof x->slot);
    memcpy(x->slotcap, keep.slotcap, sizeof x->slotcap);
    db->spare = x;
    return 1;
}

/* The handle's spare renewed on the newest snapshot, or NULL (none, or it
** could not be renewed: it is freed and a new transaction is begun). */
static kg_txn *spare_take(kg_db *db)
{
    kg_txn *x = db->spare;
    if (!x) return NULL;
    db->spare = NULL;
    int rc = mdb_txn_renew(x->t); /* its cursors: when first used */
    if (!rc) return x;
    mdb_txn_abort(x->t);
    txn_free(x);
    return NULL;
}

static void spare_drop(kg_db *db)
{
    kg_txn *x = db->spare;
    if (!x) return;
    db->spare = NULL;
    mdb_txn_abort(x->t);
    txn_free(x);
}

/* A cursor on table db for one lookup that ends before the next starts:
** in a read transaction it is kept with the transaction (and renewed with
** it); a write transaction opens its own. Give it back with shot_close. */
static int shot_open(kg_txn *x, int db, MDB_cursor **c)
{
    if (x->write) return mdb_cursor_open(x->t, x->db->store->dbi[db], c);
    int rc;
    if (!x->shot[db]) {
        if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[db], &x->shot[db]))) return rc;
    } else if (x->stale & ((uint64_t)1 << db)) {
        if ((rc = mdb_cursor_renew(x->t, x->shot[db]))) return rc;
        x->stale &= ~((uint64_t)1 << db);
    }
    *c = x->shot[db];
    return 0;
}

static void shot_close(kg_txn *x, int db, MDB_cursor *c)
{
    if (x->write) mdb_cursor_close(c);
}

static int txn_new(kg_db *db, unsigned flags, int statement, kg_txn **out)
{
    if (!db || !db->store || !db->store->env) return KG_MISUSE;
    if (db->damaged) return kg_store_damaged(db);
    int write = (flags & KG_TXN_WRITE) != 0;
    if (write && (db->flags & KG_OPEN_READONLY))
        return kg_error(db, KG_READONLY, "the database was opened read-only");
    if (!statement && db->txn)
        return kg_error(db, KG_MISUSE, "a transaction is already open on this handle");
    if (write && db->nreaders > 0)
        return kg_error(db, KG_MISUSE, "finish (reset or finalize) open statements first");
    kg_txn *x = write ? NULL : spare_take(db);
    int rc;
    if (x) {
        x->statement = statement;
    } else {
        if (!(x = calloc(1, sizeof *x))) return kg_error(db, KG_NOMEM, "out of memory");
        x->db = db, x->write = write, x->statement = statement;
        if (write) writer_lock(db->store);
        if ((rc = txn_start(db, write, &x->t))) {
            if (write) writer_unlock(db->store);
            free(x);
            return lmdb_error(db, rc, "cannot begin transaction");
        }
    }
    if (write && (rc = stale_base(db, &x->t))) {
        writer_unlock(db->store);
        free(x);
        return rc;
    }
    if (write && (rc = counters_read(x))) {
        mdb_txn_abort(x->t);
        writer_unlock(db->store);
        free(x);
        return lmdb_error(db, rc, "cannot read counters");
    }
    uint64_t ver;
    if (db->store->format < KG_FORMAT_VERSION &&
        !meta_get_u64(x->t, db->store->dbi[DB_META], "version", &ver) &&
        ver != (uint64_t)db->store->format) {
        /* a read-only handle on an older format, upgraded since by another process */
        mdb_txn_abort(x->t);
        x->statement = 0; /* not counted yet */
        txn_free(x);      /* the writer lock, a renewed spare's cursors and buffers */
        return kg_error(db, KG_VERSION,
                        "the database was upgraded to format version %llu by "
                        "another process since it was opened: open it again",
                        (unsigned long long)ver);
    }
    if (statement)
        db->nreaders++;
    else
        db->txn = x;
    *out = x;
    return KG_OK;
}

int kg_begin(kg_db *db, unsigned flags, kg_txn **out)
{
    if (!out) return KG_MISUSE;
    kg_error_clear(db);
    return txn_new(db, flags, 0, out);
}

int kg_store_read_begin(kg_db *db, kg_txn **out)
{
    return txn_new(db, KG_TXN_READ, 1, out);
}

int kg_store_txn_is_write(const kg_txn *txn)
{
    return txn && txn->write;
}

kg_db *kg_txn_db(const kg_txn *txn)
{
    return txn ? txn->db : NULL;
}

static void txn_free(kg_txn *x)
{
    for (int i = 0; i < DB_COUNT; i++)
        if (x->shot[i]) mdb_cursor_close(x->shot[i]);
    for (int i = 0; i < 2; i++)
        if (x->adjc[i]) mdb_cursor_close(x->adjc[i]);
    if (x->write) writer_unlock(x->db->store);
    if (x->statement)
        x->db->nreaders--;
    else if (x->db->txn == x)
        x->db->txn = NULL;
    free(x->deltas);
    free(x->jbuf);
    bulk_state_free(x->bulk); /* its cursors end with the LMDB transaction */
    free(x->carry);
    for (int i = 0; i < NSLOTS; i++)
        free(x->slot[i]);
    free(x);
}

static int flush_counts(kg_txn *x)
{
    unsigned char v[8], k[5];
    for (int i = 0; i < C_COUNT; i++) {
        kg_put_u64(v, x->c[i]);
        int rc = st_put(x, DB_META, counter_name[i], strlen(counter_name[i]), v, 8, 0);
        if (rc) return rc;
    }
    for (size_t i = 0; i < x->ndeltas; i++) {
        if (!x->deltas[i].delta) continue;
        k[0] = (unsigned char)x->deltas[i].kind;
        kg_put_u32(k + 1, x->deltas[i].id);
        MDB_val d;
        uint64_t n = 0;
        if (st_get(x, DB_COUNTS, k, 5, &d) == 0 && d.mv_size == 8) n = kg_get_u64(d.mv_data);
        n += x->deltas[i].delta;
        kg_put_u64(v, n);
        int rc = st_put(x, DB_COUNTS, k, 5, v, 8, 0);
        if (rc) return rc;
    }
    x->ndeltas = 0;
    return 0;
}

/* A short write on a full filesystem can surface as EIO rather than ENOSPC;
** when the database's filesystem has (almost) no space left, say so. */
static int disk_nearly_full(struct kg_store *s)
{
    const char *path;
    struct statvfs v;
    if (mdb_env_get_path(s->env, &path) || statvfs(path, &v)) return 0;
    return (uint64_t)v.f_bavail * v.f_frsize < ((uint64_t)4 << 20);
}

static int bulk_keep(kg_txn *x);

/* Commit x and free it; with kept not NULL (a bulk load's write phase), a map
** found full is left to kg_store_bulk_retry instead when it can grow: x is
** kept, in a transaction that holds nothing, and *kept set. */
static int txn_commit(kg_txn *x, int *kept)
{
    kg_db *db = x->db;
    int rc = 0;
    if (x->failed) {
        if (x->t) mdb_txn_abort(x->t);
        if (x->newsyms) sym_cache_clear(db->store);
        txn_free(x);
        return kg_error(db, KG_ERROR, "transaction failed earlier; rolled back");
    }
    if (x->write && x->loading) {
        rc = st_del(x, DB_META, "loading", 7, NULL, 0);
        if (rc == MDB_NOTFOUND) rc = 0;
    }
    if (x->write && !rc) rc = flush_counts(x);
    if (x->write && !rc) KG_HOOK(db, "commit");
    while (!rc) {
        rc = mdb_txn_commit(x->t);
        x->t = NULL;
        if (rc != MDB_MAP_FULL || !x->write) break;
        /* the commit itself needed pages: grow, replay, commit again */
        if ((rc = mdb_txn_begin(db->store->env, NULL, 0, &x->t))) break;
        rc = txn_regrow(x);
    }
    if (rc == MDB_MAP_FULL && kept && x->t && bulk_keep(x)) {
        *kept = 1;
        return kg_error(db, KG_FULL, "bulk load: the database map is full");
    }
    if (rc && x->t) mdb_txn_abort(x->t);
    if (rc && x->newsyms) sym_cache_clear(db->store);
    txn_free(x);
    if (rc) {
        if (rc == MDB_MAP_FULL)
            return kg_error(db, KG_FULL, "the database map is full (limit %zu bytes)",
                            db->store->map_max);
        if (rc == ENOSPC || (rc == EIO && disk_nearly_full(db->store)))
            return kg_error(db, KG_FULL, "commit failed: disk full; rolled back");
        return lmdb_error(db, rc, "commit failed; rolled back");
    }
    return KG_OK;
}

int kg_commit(kg_txn *x)
{
    return x ? txn_commit(x, NULL) : KG_MISUSE;
}

void kg_abort(kg_txn *x)
{
    if (!x) return;
    if (spare_keep(x)) return;
    if (x->t) mdb_txn_abort(x->t);
    if (x->newsyms) sym_cache_clear(x->db->store);
    txn_free(x);
}

/* Common entry checks. */
static int txn_ok(kg_txn *x, int write)
{
    if (!x || !x->t) return KG_MISUSE;
    if (x->failed) return kg_error(x->db, KG_ERROR, "transaction failed earlier; abort it");
    if (write && !x->write)
        return kg_error(x->db, x->db->flags & KG_OPEN_READONLY ? KG_READONLY : KG_MISUSE,
                        "a write needs a write transaction");
    return KG_OK;
}

/* Map an LMDB code from a write to a kg code; marks the txn failed. */
static int write_error(kg_txn *x, int rc, const char *what)
{
    x->failed = 1;
    if (rc == MDB_MAP_FULL) return kg_error(x->db, KG_FULL, "%s: the database map is full", what);
    if (rc == EBUSY)
        return kg_error(x->db, KG_BUSY,
                        "%s: another writer committed while the map was grown; retry", what);
    return lmdb_error(x->db, rc, what);
}

static void count_add(kg_txn *x, char kind, uint32_t id, int64_t d)
{
    for (size_t i = 0; i < x->ndeltas; i++)
        if (x->deltas[i].kind == kind && x->deltas[i].id == id) {
            x->deltas[i].delta += d;
            return;
        }
    if (x->ndeltas == x->capdeltas) {
        size_t cap = x->capdeltas ? x->capdeltas * 2 : 16;
        count_delta *p = realloc(x->deltas, cap * sizeof *p);
        if (!p) {
            x->failed = 1;
            return;
        }
        x->deltas = p, x->capdeltas = cap;
    }
    x->deltas[x->ndeltas++] = (count_delta){kind, id, d};
}

static uint64_t count_get(kg_txn *x, char kind, uint32_t id)
{
    unsigned char k[5];
    k[0] = (unsigned char)kind;
    kg_put_u32(k + 1, id);
    MDB_val d;
    int64_t n = 0;
    if (st_get(x, DB_COUNTS, k, 5, &d) == 0 && d.mv_size == 8) n = (int64_t)kg_get_u64(d.mv_data);
    for (size_t i = 0; i < x->ndeltas; i++)
        if (x->deltas[i].kind == kind && x->deltas[i].id == id) n += x->deltas[i].delta;
    return n < 0 ? 0 : (uint64_t)n;
}

uint64_t kg_store_type_count(kg_txn *x, uint32_t type)
{
    return count_get(x, KG_SYM_TYPE, type);
}
uint64_t kg_store_rel_count(kg_txn *x, uint32_t rel)
{
    return count_get(x, KG_SYM_REL, rel);
}

/* Copy n bytes into a growable buffer, NUL-terminated (LMDB values are not). */
static const char *copy_into(char **buf, size_t *cap, const void *p, size_t n)
{
    if (*cap < n + 1) {
        size_t c = n + 1 < 64 ? 64 : n + 1;
        char *b = realloc(*buf, c);
        if (!b) return NULL;
        *buf = b, *cap = c;
    }
    memcpy(*buf, p, n);
    (*buf)[n] = 0;
    return *buf;
}

/* Borrowed strings handed out by a transaction live in its scratch slots, one
** per function family, each reused by the next call of that family:
** SLOT_NAME for kg_node_get, SLOT_VALUE for kg_node_get_prop, SLOT_DOC for
** kg_doc_get. Iterators keep their own buffer; symbol names (types,
** relations, rules) come from the store's cache and live until kg_close. */
static const char *scratch(kg_txn *x, int slot, const void *p, size_t n)
{
    return copy_into(&x->slot[slot], &x->slotcap[slot], p, n);
}

/* ---------------------------------------------------------------- symbols */

int kg_store_sym(kg_txn *x, int kind, const char *name, int create, uint32_t *id)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200) return kg_error(x->db, KG_INVALID, "invalid name '%.40s'", name);
    unsigned char k[256];
    k[0] = (unsigned char)kind;
    memcpy(k + 1, name, n);
    MDB_val d;
    int rc = st_get(x, DB_SYMS, k, n + 1, &d);
    if (rc == 0) {
        *id = kg_get_u32(d.mv_data);
        return KG_OK;
    }
    if (rc != MDB_NOTFOUND) return lmdb_error(x->db, rc, "symbol lookup");
    if (!create || !x->write) return KG_NOTFOUND;
    if (!kg_utf8_valid(name, n)) return kg_error(x->db, KG_INVALID, "name is not valid UTF-8");
    if (x->c[C_NEXT_SYM] >= KG_INDEG_SUM) /* indeg's sum keys take the top bit */
        return kg_error(x->db, KG_LIMIT, "no more symbol ids (2^31)");
    uint32_t sid = (uint32_t)x->c[C_NEXT_SYM]++;
    x->newsyms = 1;
    unsigned char v[4], rk[5];
    kg_put_u32(v, sid);
    rk[0] = (unsigned char)kind;
    kg_put_u32(rk + 1, sid);
    if ((rc = st_put(x, DB_SYMS, k, n + 1, v, 4, 0)) ||
        (rc = st_put(x, DB_SYMR, rk, 5, name, n, 0)))
        return write_error(x, rc, "symbol");
    *id = sid;
    return KG_OK;
}

/* Symbol names are immutable once committed, so they are cached on the store
** and handed out as stable pointers (valid until kg_close). A transaction
** that created symbols and then aborts clears the cache, since its ids may be
** given to other names later. */
static int sym_kind_index(int kind)
{
    return kind == KG_SYM_TYPE ? 0 : kind == KG_SYM_REL ? 1 : kind == KG_SYM_KEY ? 2 : 3;
}

static void sym_cache_clear(struct kg_store *s)
{
    for (int k = 0; k < 4; k++) {
        for (uint32_t i = 0; i < s->symcap[k]; i++)
            free(s->symname[k][i]);
        free(s->symname[k]);
        s->symname[k] = NULL, s->symcap[k] = 0;
    }
}

int kg_store_symname(kg_txn *x, int kind, uint32_t id, const char **name)
{
    struct kg_store *st = x->db->store;
    int ki = sym_kind_index(kind);
    *name = NULL; /* also on errors (see kg_store_node) */
    if (id < st->symcap[ki] && st->symname[ki][id]) {
        *name = st->symname[ki][id];
        return KG_OK;
    }
    unsigned char k[5];
    k[0] = (unsigned char)kind;
    kg_put_u32(k + 1, id);
    MDB_val d;
    int rc = st_get(x, DB_SYMR, k, 5, &d);
    if (rc) return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "symbol");
    if (id >= st->symcap[ki]) {
        uint32_t cap = st->symcap[ki] ? st->symcap[ki] : 16;
        while (cap <= id)
            cap *= 2;
        char **p = realloc(st->symname[ki], cap * sizeof *p);
        if (!p) return KG_NOMEM;
        memset(p + st->symcap[ki], 0, (cap - st->symcap[ki]) * sizeof *p);
        st->symname[ki] = p, st->symcap[ki] = cap;
    }
    char *nm = malloc(d.mv_size + 1);
    if (!nm) return KG_NOMEM;
    memcpy(nm, d.mv_data, d.mv_size);
    nm[d.mv_size] = 0;
    st->symname[ki][id] = nm;
    *name = nm;
    return KG_OK;
}

/* ---------------------------------------------------------------- names */

/* Write the names and skeleton entries for `alias` of node `id`. */
static int index_alias(kg_txn *x, kg_id id, const char *alias, size_t len, int add)
{
    char *norm = NULL, *sk = NULL;
    size_t nl, sl;
    int rc = kg_names_normalize(alias, len, &norm, &nl);
    if (rc) return kg_error(x->db, rc, "name is not valid UTF-8");
    unsigned char v[8];
    kg_put_u64(v, id);
    nl = utf8_cut(norm, nl, NAME_KEY_MAX);
    int lrc = 0;
    if (nl > 0) {
        lrc = add ? st_put(x, DB_NAMES, norm, nl, v, 8, MDB_NODUPDATA)
                  : st_del(x, DB_NAMES, norm, nl, v, 8);
        if (lrc == MDB_KEYEXIST || lrc == MDB_NOTFOUND) lrc = 0;
    }
    if (!lrc && kg_names_skeleton_fmt(alias, len, x->db->store->format, &sk, &sl) == 0 && sl > 0) {
        sl = utf8_cut(sk, sl, NAME_KEY_MAX);
        lrc = add ? st_put(x, DB_SKEL, sk, sl, v, 8, MDB_NODUPDATA)
                  : st_del(x, DB_SKEL, sk, sl, v, 8);
        if (lrc == MDB_KEYEXIST || lrc == MDB_NOTFOUND) lrc = 0;
    }
    free(norm);
    free(sk);
    return lrc ? write_error(x, lrc, "alias index") : KG_OK;
}

/* Is this exact alias text recorded for node id? */
static int alias_has(kg_txn *x, kg_id id, const char *alias, size_t len)
{
    unsigned char k[8];
    kg_put_u64(k, id);
    MDB_cursor *c;
    if (mdb_cursor_open(x->t, x->db->store->dbi[DB_ALIASES], &c)) return 0;
    MDB_val key = mv(k, 8), val = mv(alias, len);
    int found = mdb_cursor_get(c, &key, &val, MDB_GET_BOTH) == 0;
    mdb_cursor_close(c);
    return found;
}

int kg_alias_add(kg_txn *x, kg_id id, const char *alias)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!alias) return KG_MISUSE;
    size_t len = strlen(alias);
    while (len && (alias[0] == ' ' || alias[0] == '\t'))
        alias++, len--;
    while (len && (alias[len - 1] == ' ' || alias[len - 1] == '\t'))
        len--;
    if (!len) return kg_error(x->db, KG_INVALID, "empty alias");
    if (!kg_utf8_valid(alias, len)) return kg_error(x->db, KG_INVALID, "alias is not valid UTF-8");
    uint32_t type;
    const char *nm;
    size_t nlen;
    if ((rc = kg_store_node(x, id, &type, &nm, &nlen)))
        return rc == KG_NOTFOUND
                   ? kg_error(x->db, KG_NOTFOUND, "no node %llu", (unsigned long long)id)
                   : rc;
    len = utf8_cut(alias, len, NAME_KEY_MAX);
    if (alias_has(x, id, alias, len)) return KG_OK;
    unsigned char k[8];
    kg_put_u64(k, id);
    if ((rc = st_put(x, DB_ALIASES, k, 8, alias, len, MDB_NODUPDATA)))
        return rc == MDB_KEYEXIST ? KG_OK : write_error(x, rc, "alias");
    x->c[C_ALIASES]++;
    return index_alias(x, id, alias, len, 1);
}

/* Collect node ids under `key` in a DUPFIXED index into a growable array. */
static int collect_ids(kg_txn *x, int db, const char *key, size_t kl, kg_id **ids, size_t *n,
                       size_t *cap)
{
    MDB_cursor *c;
    int rc = shot_open(x, db, &c);
    if (rc) return rc;
    MDB_val k = mv(key, kl), v;
    rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
    while (rc == 0) {
        if (KG_GROW(*ids, *n, *cap, 8)) {
            shot_close(x, db, c);
            return ENOMEM;
        }
        (*ids)[(*n)++] = kg_get_u64(v.mv_data);
        rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP);
    }
    shot_close(x, db, c);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

static int type_ok(kg_txn *x, kg_id id, const char *want)
{
    if (!want) return 1;
    uint32_t t;
    const char *nm, *tn;
    size_t nl;
    if (kg_store_node(x, id, &t, &nm, &nl)) return 0;
    if (kg_store_symname(x, KG_SYM_TYPE, t, &tn)) return 0;
    return kg_type_matches(want, tn);
}

/* canon (format 7) holds one entry per node: its canonical name, cut at
** NAME_KEY_MAX bytes on a UTF-8 boundary, to its id. A name no longer than
** that is its own key, so a hit is an exact match without reading the node;
** a longer one is confirmed by the node's record. Written with the node's
** record and deleted with it; a read-only handle on an older format has no
** such table (nocanon) and answers from names and the nodes' records. */
static int canon_write(kg_txn *x, const char *name, size_t len, kg_id id, int del)
{
    if (x->db->store->nocanon) return 0; /* inside an upgrade to 5 or 6: upgrade7 fills it */
    unsigned char k[8];
    kg_put_u64(k, id);
    size_t kl = utf8_cut(name, len, NAME_KEY_MAX);
    return del ? st_del(x, DB_CANON, name, kl, k, 8) : st_put(x, DB_CANON, name, kl, k, 8, 0);
}

/* The nodes listed under key[0..kl) in table db (canon: the name cut to a
** key; names: its normal form) whose canonical name is exactly
** name[0..len), of type symbol tid (0: any) and matching the type pattern
** `type` (NULL: any), in id order: the first cap into ids, their number in
** *n. A candidate's record is read unless canon's key is the whole name and
** no type is asked. A kg code. */
static int exact_nodes(kg_txn *x, int db, const char *key, size_t kl, const char *name, size_t len,
                       uint32_t tid, const char *type, kg_id *ids, size_t cap, size_t *n)
{
    *n = 0;
    if (!kl) return KG_OK; /* no node has an empty name */
    int whole = db == DB_CANON && kl == len, krc = KG_OK;
    MDB_cursor *c = NULL;
    int rc = shot_open(x, db, &c);
    if (rc) return lmdb_error(x->db, rc, "name lookup");
    MDB_val k = mv(key, kl), v;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY); rc == 0;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
        kg_id id = kg_get_u64(v.mv_data);
        if (!whole || tid || type) {
            uint32_t t;
            const char *nm;
            size_t nl;
            int g = kg_store_node(x, id, &t, &nm, &nl);
            if (g == KG_NOTFOUND) continue;
            if (g) {
                krc = g;
                break;
            }
            if ((tid && t != tid) || nl != len || memcmp(nm, name, len) || !type_ok(x, id, type))
                continue;
        }
        if (*n < cap) ids[*n] = id;
        ++*n;
    }
    shot_close(x, db, c);
    if (krc) return krc;
    return rc == 0 || rc == MDB_NOTFOUND ? KG_OK : lmdb_error(x->db, rc, "name lookup");
}

/* exact_nodes through canon (format 7). */
static int canon_find(kg_txn *x, const char *name, size_t len, uint32_t tid, const char *type,
                      kg_id *ids, size_t cap, size_t *n)
{
    return exact_nodes(x, DB_CANON, name, utf8_cut(name, len, NAME_KEY_MAX), name, len, tid, type,
                       ids, cap, n);
}

int kg_resolve(kg_txn *x, const char *name, const char *type, kg_id *ids, size_t cap, size_t *n)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!name || !n) return KG_MISUSE;
    kg_id *all = NULL;
    size_t cnt = 0, acap = 0;
    for (int pass = 0; pass < 2 && cnt == 0; pass++) {
        char *key = NULL;
        size_t kl;
        rc = pass == 0 ? kg_names_normalize(name, strlen(name), &key, &kl)
                       : kg_names_skeleton_fmt(name, strlen(name), x->db->store->format, &key, &kl);
        if (rc) {
            free(all);
            return kg_error(x->db, rc, "name is not valid UTF-8");
        }
        kl = utf8_cut(key, kl, NAME_KEY_MAX);
        size_t before = cnt;
        if (kl) rc = collect_ids(x, pass == 0 ? DB_NAMES : DB_SKEL, key, kl, &all, &cnt, &acap);
        free(key);
        if (rc) {
            free(all);
            return lmdb_error(x->db, rc, "name lookup");
        }
        /* keep the candidates of the wanted type, sorted and unique */
        size_t w = before;
        for (size_t i = before; i < cnt; i++)
            if (type_ok(x, all[i], type)) all[w++] = all[i];
        cnt = w;
    }
    /* ids come sorted per key (DUPSORT on big-endian ids) */
    size_t w = 0;
    for (size_t i = 0; i < cnt; i++)
        if (w == 0 || all[w - 1] != all[i]) all[w++] = all[i];
    cnt = w;
    for (size_t i = 0; i < cnt && i < cap; i++)
        ids[i] = all[i];
    free(all);
    *n = cnt;
    return cnt ? KG_OK : KG_NOTFOUND;
}

/* The nodes whose canonical name is exactly name[0..len) (byte for byte; no
** alias, no skeleton), of a type matching `type` (NULL: any), in id order:
** the first cap into ids, their number in *n. From format 7 canon lists
** them (canon_find; a node is read only to check its type or a name longer
** than a key). Before, every such node has its canonical name among its
** aliases (invariant 3), so the names entry of the name's normal form lists
** it; each candidate there is read once (its record gives both the name and
** the type). KG_OK, also when none; name not valid UTF-8 names nothing. */
int kg_store_name_exact(kg_txn *x, const char *name, size_t len, const char *type, kg_id *ids,
                        size_t cap, size_t *n)
{
    *n = 0;
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!x->db->store->nocanon) return canon_find(x, name, len, 0, type, ids, cap, n);
    char *key = NULL;
    size_t kl;
    if (kg_names_normalize(name, len, &key, &kl)) return KG_OK;
    rc = exact_nodes(x, DB_NAMES, key, utf8_cut(key, kl, NAME_KEY_MAX), name, len, 0, type, ids,
                     cap, n);
    free(key);
    return rc;
}

/* An iterator of the given kind over one LMDB table of x, keyed by key;
** what names the table in the error if the cursor cannot be opened. */
static int cursor_iter(kg_txn *x, int kind, kg_id key, int db, const char *what, kg_iter **out)
{
    kg_iter *it = calloc(1, sizeof *it);
    if (!it) return KG_NOMEM;
    it->txn = x, it->kind = kind, it->key = key;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[db], &it->cur);
    if (rc) {
        free(it);
        return lmdb_error(x->db, rc, what);
    }
    *out = it;
    return KG_OK;
}

int kg_aliases(kg_txn *x, kg_id id, kg_iter **out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    return cursor_iter(x, ITER_ALIAS, id, DB_ALIASES, "aliases", out);
}

int kg_iter_alias(kg_iter *it, const char **alias, size_t *len)
{
    if (!it || it->kind != ITER_ALIAS) return KG_MISUSE;
    unsigned char k[8];
    kg_put_u64(k, it->key);
    MDB_val key = mv(k, 8), v;
    int rc = mdb_cursor_get(it->cur, &key, &v, it->state ? MDB_NEXT_DUP : MDB_SET_KEY);
    it->state = 1;
    if (rc == MDB_NOTFOUND) return KG_DONE;
    if (rc) return lmdb_error(it->txn->db, rc, "aliases");
    const char *s = copy_into(&it->buf, &it->bufcap, v.mv_data, v.mv_size);
    if (!s) return KG_NOMEM;
    *alias = s;
    if (len) *len = v.mv_size;
    return KG_ROW;
}

/* ---------------------------------------------------------------- nodes */

int kg_store_node(kg_txn *x, kg_id id, uint32_t *type, const char **name, size_t *len)
{
    *type = 0, *name = NULL, *len = 0; /* also on errors: callers' compilers see them set */
    if (id && x->cnode == id) {
        *type = x->cntype, *name = x->cnname, *len = x->cnlen;
        return KG_OK;
    }
    unsigned char k[8];
    kg_put_u64(k, id);
    MDB_val d;
    int rc = st_get(x, DB_NODES, k, 8, &d);
    if (rc) return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "node");
    if (d.mv_size < 4)
        return kg_error(x->db, KG_CORRUPT, "node %llu: bad record", (unsigned long long)id);
    *type = kg_get_u32(d.mv_data);
    *name = (const char *)d.mv_data + 4; /* not NUL-terminated */
    *len = d.mv_size - 4;
    if (!x->write) x->cnode = id, x->cntype = *type, x->cnname = *name, x->cnlen = *len;
    return KG_OK;
}

int kg_node_find(kg_txn *x, const char *type, const char *name, kg_id *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!type || !name) return KG_MISUSE;
    uint32_t tid;
    if ((rc = kg_store_sym(x, KG_SYM_TYPE, type, 0, &tid))) return rc;
    size_t len = strlen(name), n;
    if (!x->db->store->nocanon) {
        if ((rc = canon_find(x, name, len, tid, NULL, out, 1, &n))) return rc;
        return n ? KG_OK : KG_NOTFOUND;
    }
    char *norm;
    size_t nl;
    if ((rc = kg_names_normalize(name, len, &norm, &nl)))
        return kg_error(x->db, rc, "name is not valid UTF-8");
    rc = exact_nodes(x, DB_NAMES, norm, utf8_cut(norm, nl, NAME_KEY_MAX), name, len, tid, NULL, out,
                     1, &n);
    free(norm);
    return rc ? rc : n ? KG_OK : KG_NOTFOUND;
}

int kg_node_get_or_create(kg_txn *x, const char *type, const char *name, kg_id *out, int *created)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!type || !name || !out) return KG_MISUSE;
    size_t len = strlen(name);
    if (!len) return kg_error(x->db, KG_INVALID, "empty name");
    if (!*type) return kg_error(x->db, KG_INVALID, "empty type");
    if (!kg_utf8_valid(name, len)) return kg_error(x->db, KG_INVALID, "name is not valid UTF-8");
    if (len > (1u << 20))
        return kg_error(x->db, KG_LIMIT, "name of %zu bytes is longer than the limit (1 MiB)", len);
    kg_id id;
    rc = kg_node_find(x, type, name, &id);
    if (rc == KG_OK) {
        *out = id;
        if (created) *created = 0;
        return KG_OK;
    }
    if (rc != KG_NOTFOUND) return rc;
    if (!x->docnode && !strcmp(type, "document"))
        return kg_error(x->db, KG_INVALID,
                        "nodes of type 'document' are made by loading "
                        "documents only");
    uint32_t tid;
    if ((rc = kg_store_sym(x, KG_SYM_TYPE, type, 1, &tid))) return rc;
    id = x->c[C_NEXT_NODE]++;
    unsigned char k[8], *v = malloc(4 + len);
    if (!v) return KG_NOMEM;
    kg_put_u64(k, id);
    kg_put_u32(v, tid);
    memcpy(v + 4, name, len);
    rc = st_put(x, DB_NODES, k, 8, v, 4 + len, MDB_NOOVERWRITE);
    free(v);
    unsigned char tk[4];
    kg_put_u32(tk, tid);
    if (!rc) rc = st_put(x, DB_BYTYPE, tk, 4, k, 8, MDB_NODUPDATA);
    if (!rc) rc = canon_write(x, name, len, id, 0);
    if (rc) return write_error(x, rc, "node");
    x->c[C_NODES]++;
    count_add(x, KG_SYM_TYPE, tid, 1);
    if ((rc = kg_alias_add(x, id, name))) return rc;
    *out = id;
    if (created) *created = 1;
    return KG_OK;
}

int kg_node_get(kg_txn *x, kg_id id, kg_node *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    uint32_t t;
    const char *nm, *tn;
    size_t len;
    if ((rc = kg_store_node(x, id, &t, &nm, &len))) return rc;
    if ((rc = kg_store_symname(x, KG_SYM_TYPE, t, &tn))) return rc;
    const char *name = scratch(x, SLOT_NAME, nm, len);
    if (!name) return KG_NOMEM;
    out->id = id, out->type = tn, out->name = name, out->name_len = len;
    return KG_OK;
}

/* ---------------------------------------------------------------- properties */

static int prop_key(kg_txn *x, kg_id id, const char *key, int create, unsigned char k[12])
{
    uint32_t kid;
    int rc = kg_store_sym(x, KG_SYM_KEY, key, create, &kid);
    if (rc) return rc;
    kg_put_u64(k, id);
    kg_put_u32(k + 8, kid);
    return KG_OK;
}

/* A property value as stored (not null): the kg_type byte, then the text's
** bytes, or the integer (also bool and date) as 8 big-endian bytes, or the
** float's 8 bytes; *out malloc'ed, *n its length. */
static int prop_encode(kg_txn *x, const kg_value *val, unsigned char **out, size_t *n)
{
    *n = 9;
    if (val->type == KG_TEXT) {
        if (!kg_utf8_valid(val->s, val->len))
            return kg_error(x->db, KG_INVALID, "property value is not valid UTF-8");
        *n = 1 + val->len;
    }
    unsigned char *v = malloc(*n);
    if (!v) return KG_NOMEM;
    v[0] = (unsigned char)val->type;
    switch (val->type) {
    case KG_INT:
    case KG_BOOL:
    case KG_DATE:
        kg_put_u64(v + 1, (uint64_t)val->i);
        break;
    case KG_FLOAT:
        memcpy(v + 1, &val->f, 8);
        break;
    case KG_TEXT:
        memcpy(v + 1, val->s, val->len);
        break;
    default:
        free(v);
        return kg_error(x->db, KG_INVALID, "unsupported property value type");
    }
    *out = v;
    return KG_OK;
}

int kg_node_set_prop(kg_txn *x, kg_id id, const char *key, const kg_value *val)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!key || !val) return KG_MISUSE;
    if (!strcmp(key, "name") || !strcmp(key, "type") || !strcmp(key, "id"))
        return kg_error(x->db, KG_INVALID, "property '%s' is reserved", key);
    uint32_t t;
    const char *nm;
    size_t nl;
    if ((rc = kg_store_node(x, id, &t, &nm, &nl))) return rc;
    unsigned char k[12];
    if ((rc = prop_key(x, id, key, val->type != KG_NULL, k))) return rc == KG_NOTFOUND ? 0 : rc;
    if (val->type == KG_NULL) {
        rc = st_del(x, DB_PROPS, k, 12, NULL, 0);
        return rc && rc != MDB_NOTFOUND ? write_error(x, rc, "property") : KG_OK;
    }
    unsigned char *v;
    size_t n;
    if ((rc = prop_encode(x, val, &v, &n))) return rc;
    rc = st_put(x, DB_PROPS, k, 12, v, n, 0);
    free(v);
    return rc ? write_error(x, rc, "property") : KG_OK;
}

int kg_node_get_prop(kg_txn *x, kg_id id, const char *key, kg_value *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    unsigned char k[12];
    if ((rc = prop_key(x, id, key, 0, k))) return rc;
    MDB_val d;
    if ((rc = st_get(x, DB_PROPS, k, 12, &d)))
        return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "property");
    const unsigned char *p = d.mv_data;
    memset(out, 0, sizeof *out);
    out->type = (kg_type)p[0];
    if (out->type == KG_TEXT) {
        out->s = scratch(x, SLOT_VALUE, p + 1, d.mv_size - 1);
        out->len = d.mv_size - 1;
        if (!out->s) return KG_NOMEM;
    } else if (out->type == KG_FLOAT) {
        memcpy(&out->f, p + 1, 8);
    } else {
        out->i = (int64_t)kg_get_u64(p + 1);
    }
    return KG_OK;
}

/* ---------------------------------------------------------------- edges */

/* Append v as a varint (7 bits a byte, low first, high bit: more follow). */
static size_t varint_put(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80)
        p[n++] = (unsigned char)(v | 0x80), v >>= 7;
    p[n++] = (unsigned char)v;
    return n;
}

/* Read a varint at *p (below end); 0 when it runs past end or over 64 bits. */
static int varint_get(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    uint64_t x = 0;
    for (int sh = 0; *p < end && sh < 64; sh += 7) {
        unsigned char b = *(*p)++;
        x |= (uint64_t)(b & 0x7f) << sh;
        if (!(b & 0x80)) {
            *v = x;
            return 1;
        }
    }
    return 0;
}

/* The edges record (format 6): the modality byte, then varints of src, rel,
** dst, nev and ndocs (EDGE_REC_MAX bytes at most). Returns its length. */
static size_t edge_encode6(unsigned char v[EDGE_REC_MAX], kg_id s, uint32_t r, kg_id d,
                           uint32_t nev, uint32_t ndocs, uint8_t mod)
{
    size_t n = 0;
    v[n++] = mod;
    n += varint_put(v + n, s), n += varint_put(v + n, r), n += varint_put(v + n, d);
    n += varint_put(v + n, nev), n += varint_put(v + n, ndocs);
    return n;
}

/* The 32-byte edges record of formats 2 to 5: u64 src, u32 rel, u64 dst, u32
** nev, u32 ndocs, the modality byte and three zero bytes. */
static void edge_encode_v5(unsigned char v[32], kg_id s, uint32_t r, kg_id d, uint32_t nev,
                           uint32_t ndocs, uint8_t mod)
{
    kg_put_u64(v, s), kg_put_u32(v + 8, r), kg_put_u64(v + 12, d), kg_put_u32(v + 20, nev);
    kg_put_u32(v + 24, ndocs), kg_put_u32(v + 28, (uint32_t)mod << 24);
}

/* An edges record, decoded. */
typedef struct erec {
    kg_id s, d;             /* ends */
    uint32_t r, nev, ndocs; /* relation, evidence rows, documents */
    uint8_t mod;            /* the relation's modality (lowest of its rows') */
} erec;

/* The edges record in the store's format into v; returns its length. */
static size_t edge_encode(const struct kg_store *st, unsigned char v[EDGE_REC_MAX], kg_id s,
                          uint32_t r, kg_id d, uint32_t nev, uint32_t ndocs, uint8_t mod)
{
    if (st->format >= 6) return edge_encode6(v, s, r, d, nev, ndocs, mod);
    edge_encode_v5(v, s, r, d, nev, ndocs, mod);
    return 32;
}

/* Decode an edges record of the store's format; 0 when it is malformed. */
static int edge_decode(const struct kg_store *st, const void *data, size_t size, erec *o)
{
    const unsigned char *p = data, *end = p + size;
    if (st->format < 6) {
        if (size != 32) return 0;
        o->s = kg_get_u64(p), o->r = kg_get_u32(p + 8), o->d = kg_get_u64(p + 12);
        o->nev = kg_get_u32(p + 20), o->ndocs = kg_get_u32(p + 24), o->mod = p[28];
        return 1;
    }
    uint64_t r, nev, nd;
    if (size < 6 || size > EDGE_REC_MAX) return 0;
    o->mod = *p++;
    if (!varint_get(&p, end, &o->s) || !varint_get(&p, end, &r) || !varint_get(&p, end, &o->d) ||
        !varint_get(&p, end, &nev) || !varint_get(&p, end, &nd) || p != end || r > UINT32_MAX ||
        nev > UINT32_MAX || nd > UINT32_MAX)
        return 0;
    o->r = (uint32_t)r, o->nev = (uint32_t)nev, o->ndocs = (uint32_t)nd;
    return 1;
}

static int edge_get(kg_txn *x, kg_id e, erec *o)
{
    if (e && x->cedge == e) {
        o->s = x->ces, o->d = x->ced, o->r = x->cer, o->nev = x->cenev;
        o->ndocs = x->cendocs, o->mod = x->cemod;
        return KG_OK;
    }
    unsigned char k[8];
    kg_put_u64(k, e);
    MDB_val d;
    int rc = st_get(x, DB_EDGES, k, 8, &d);
    if (rc) return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "edge");
    if (!edge_decode(x->db->store, d.mv_data, d.mv_size, o))
        return kg_error(x->db, KG_CORRUPT, "edge %llu: bad record", (unsigned long long)e);
    if (!x->write) {
        x->cedge = e, x->ces = o->s, x->ced = o->d, x->cer = o->r;
        x->cenev = o->nev, x->cendocs = o->ndocs, x->cemod = o->mod;
    }
    return KG_OK;
}

int kg_store_edge(kg_txn *x, kg_id e, kg_id *src, uint32_t *rel, kg_id *dst, uint32_t *nev,
                  uint32_t *ndocs)
{
    erec r;
    int rc = edge_get(x, e, &r);
    if (rc) return rc;
    if (src) *src = r.s;
    if (rel) *rel = r.r;
    if (dst) *dst = r.d;
    if (nev) *nev = r.nev;
    if (ndocs) *ndocs = r.ndocs;
    return KG_OK;
}

int kg_store_adj_count(kg_txn *x, kg_id e, uint32_t *count)
{
    if (!e || x->aedge != e || x->acount == KG_ADJ_COUNT_MAX) return 0;
    *count = x->acount;
    return 1;
}

int kg_store_adj_counts(const kg_db *db)
{
    return db && db->store && db->store->format >= 7;
}

int kg_store_edge_modality(kg_txn *x, kg_id e, uint8_t *modality)
{
    erec r;
    int rc = edge_get(x, e, &r);
    if (!rc) *modality = r.mod;
    return rc;
}

uint64_t kg_store_rel_hidden(kg_txn *x, uint32_t rel)
{
    return count_get(x, KG_COUNT_HIDDEN, rel);
}

/* Find the edge (s, r, d) through the out index; KG_NOTFOUND if none. */
static int edge_lookup(kg_txn *x, kg_id s, uint32_t r, kg_id d, kg_id *e)
{
    unsigned char k[KG_ADJ_KEY], v[KG_ADJ_VAL];
    kg_adj_key(k, s, r), kg_adj_val(v, d, 0);
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_OUT], &c);
    if (rc) return lmdb_error(x->db, rc, "edge lookup");
    MDB_val key = mv(k, KG_ADJ_KEY), val = mv(v, KG_ADJ_VAL);
    rc = mdb_cursor_get(c, &key, &val, MDB_GET_BOTH_RANGE);
    int found = rc == 0 && kg_get_u64(val.mv_data) == d;
    if (found) *e = kg_get_u64((unsigned char *)val.mv_data + 8) & KG_ADJ_EDGE_MASK;
    mdb_cursor_close(c);
    if (rc && rc != MDB_NOTFOUND) return lmdb_error(x->db, rc, "edge lookup");
    return found ? KG_OK : KG_NOTFOUND;
}

/* Is relation r structural (mentioned-in): hidden from plain patterns
** whatever its modality? Symbol names are cached, so this is cheap. */
static int rel_structural(kg_txn *x, uint32_t r)
{
    const char *n;
    return kg_store_symname(x, KG_SYM_REL, r, &n) == KG_OK && !strcmp(n, KG_MENTION_REL);
}

/* Does an edge of relation r with modality mod carry the hidden mark? */
static int edge_hidden(kg_txn *x, uint32_t r, uint8_t mod)
{
    return MOD_HIDDEN(mod) || rel_structural(x, r);
}

/* The counts (r.count) of d's in entries for r, summed into *sum, and their
** number into *n (format 7: from the entries; one that holds
** KG_ADJ_COUNT_MAX from its edge's record). An LMDB code. */
static int in_sum(kg_txn *x, kg_id d, uint32_t r, uint64_t *sum, uint64_t *n)
{
    *sum = *n = 0;
    MDB_cursor *c;
    MDB_val key, val;
    int rc = in_cursor(x, d, r, &c, &val);
    if (!c) return rc;
    if (!rc) rc = mdb_cursor_get(c, &key, &val, MDB_GET_MULTIPLE);
    while (!rc) {
        for (size_t i = 0; i + KG_ADJ_VAL <= val.mv_size && !rc; i += KG_ADJ_VAL) {
            uint64_t ev = kg_get_u64((unsigned char *)val.mv_data + i + 8);
            uint64_t cnt = ev >> KG_ADJ_EDGE_BITS & KG_ADJ_COUNT_MAX;
            erec o;
            if (cnt == KG_ADJ_COUNT_MAX) {
                int g = edge_get(x, ev & KG_ADJ_EDGE_MASK, &o);
                if (g) rc = g == KG_NOMEM ? ENOMEM : MDB_CORRUPTED;
                cnt = o.ndocs ? o.ndocs : o.nev;
            }
            *sum += cnt, ++*n;
        }
        if (!rc) rc = mdb_cursor_get(c, &key, &val, MDB_NEXT_MULTIPLE);
    }
    mdb_cursor_close(c);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Put (add) or delete the out and in entries of the edge of record o, whose
** id, mark and count are ev (kg_adj_edge), and move the key of the sum of
** the target's in counts (indeg, r | KG_INDEG_SUM) by the edge's count. An
** LMDB code. */
static int adj_pair(kg_txn *x, const erec *o, uint64_t ev, int add)
{
    unsigned char k[KG_ADJ_KEY], v[KG_ADJ_VAL];
    kg_id s = o->s, d = o->d;
    uint32_t r = o->r;
    kg_adj_key(k, s, r), kg_adj_val(v, d, ev);
    int rc = add ? st_put(x, DB_OUT, k, KG_ADJ_KEY, v, KG_ADJ_VAL, MDB_NODUPDATA)
                 : st_del(x, DB_OUT, k, KG_ADJ_KEY, v, KG_ADJ_VAL);
    if (rc) return rc;
    uint64_t sum = 0, n = 0, cnt = o->ndocs ? o->ndocs : o->nev;
    int sums = x->db->store->format >= 7;
    if (sums && (rc = in_sum(x, d, r, &sum, &n))) return rc;
    kg_adj_key(k, d, r), kg_adj_val(v, s, ev);
    rc = add ? st_put(x, DB_IN, k, KG_ADJ_KEY, v, KG_ADJ_VAL, MDB_NODUPDATA)
             : st_del(x, DB_IN, k, KG_ADJ_KEY, v, KG_ADJ_VAL);
    if (rc || !sums) return rc;
    return add ? indeg_sum_move(x, r, d, n > 0, sum, 1, sum + cnt)
               : indeg_sum_move(x, r, d, n > 0, sum, n > 1, sum - cnt);
}

/* The u64 of edge e's out and in entries when its record is o. */
static uint64_t adj_edge(kg_txn *x, const erec *o, kg_id e)
{
    return kg_adj_edge(e, edge_hidden(x, o->r, o->mod), o->nev, o->ndocs);
}

/* Edge e's record goes from `was` to `now` (modality, rows, documents): when
** that changes its hidden mark or its count, its out and in entries are
** written again, and the relation's hidden count follows the mark. The
** caller writes the record. An LMDB code. */
static int edge_adj_sync(kg_txn *x, const erec *was, const erec *now, kg_id e)
{
    uint64_t a = adj_edge(x, was, e), b = adj_edge(x, now, e);
    if (a == b) return 0;
    int rc = adj_pair(x, was, a, 0);
    if (!rc) rc = adj_pair(x, now, b, 1);
    if (!rc && (a ^ b) & KG_ADJ_HIDDEN)
        count_add(x, KG_COUNT_HIDDEN, now->r, b & KG_ADJ_HIDDEN ? 1 : -1);
    return rc;
}

/* ---------------------------------------------------------------- modality */

static const char *const mod_names[] = {"asserted", "reported", "claimed", "denied"};

const char *kg_modality_name(int modality)
{
    return modality >= 0 && modality <= KG_MOD_DENIED ? mod_names[modality] : NULL;
}

int kg_modality_parse(const char *word, uint8_t *modality)
{
    for (int i = 0; word && i <= KG_MOD_DENIED; i++)
        if (!strcmp(word, mod_names[i])) {
            if (modality) *modality = (uint8_t)i;
            return KG_OK;
        }
    return KG_INVALID;
}

/* ---------------------------------------------------------------- evidence rows */

static void evid_encode(unsigned char v[EVID_SIZE], const kg_evidence *ev, uint32_t rule)
{
    uint32_t conf;
    float f = ev->confidence;
    memcpy(&conf, &f, 4);
    kg_put_u64(v, ev->doc), kg_put_u32(v + 8, ev->start), kg_put_u32(v + 12, ev->end);
    kg_put_u32(v + 16, (uint32_t)ev->date), kg_put_u32(v + 20, rule), kg_put_u32(v + 24, conf);
    kg_put_u32(v + 28, (uint32_t)ev->modality << 24 | (uint32_t)(ev->event_month ? 1 : 0) << 16);
    kg_put_u64(v + 32, ev->claimant);
    kg_put_u32(v + 40, (uint32_t)(ev->event_date ? ev->event_date : KG_NODATE));
    kg_put_u32(v + 44, ev->load);
}

/* An evidence row of format 6 (table evrows), packed from the EVID_SIZE
** layout: u64 doc, start and end each as a byte count (0-4) and that many
** big-endian bytes (so rows sort by document, start, end, as the fixed rows
** did: a document's rows of an edge adjacent, in text order), a u16 mask of
** the other fields that differ from their usual value, then those fields in
** row order: date (bit 0x4, else KG_NODATE), rule (0x8), confidence (0x10, 4
** bytes, else 1.0), modality (0x20, 1 byte), flags (0x40, 1 byte), claimant
** (0x80), event date (0x100, else KG_NODATE), load (0x200); the rest are
** varints of their u32 / u64 bits. A row of a bulk fact with only its
** document is 12 bytes. Returns the length. */
static size_t evid_pack(const unsigned char v[EVID_SIZE], unsigned char out[EVID_PACK_MAX])
{
    static const unsigned char one[4] = {0x3f, 0x80, 0, 0}; /* 1.0f, big-endian bits */
    unsigned mask = 0;
    size_t n = 8;
    memcpy(out, v, 8);
    for (int f = 0; f < 2; f++) { /* start, end: ordered */
        uint32_t x = kg_get_u32(v + 8 + 4 * f);
        int len = x > 0xffffff ? 4 : x > 0xffff ? 3 : x > 0xff ? 2 : x ? 1 : 0;
        out[n++] = (unsigned char)len;
        for (int i = len - 1; i >= 0; i--)
            out[n++] = (unsigned char)(x >> 8 * i);
    }
    size_t m = n; /* the mask's place */
    n += 2;
    for (int f = 2; f < 10; f++) {
        switch (f) {
        case 3: { /* rule */
            uint32_t x = kg_get_u32(v + 20);
            if (x) mask |= 1u << f, n += varint_put(out + n, x);
            break;
        }
        case 2:
        case 8: { /* report date, event date */
            uint32_t x = kg_get_u32(v + (f == 2 ? 16 : 40));
            if (x != (uint32_t)KG_NODATE) mask |= 1u << f, n += varint_put(out + n, x);
            break;
        }
        case 4:
            if (memcmp(v + 24, one, 4)) mask |= 1u << f, memcpy(out + n, v + 24, 4), n += 4;
            break;
        case 5:
        case 6: /* modality, flags */
            if (v[28 + f - 5]) mask |= 1u << f, out[n++] = v[28 + f - 5];
            break;
        case 7: {
            uint64_t x = kg_get_u64(v + 32);
            if (x) mask |= 1u << f, n += varint_put(out + n, x);
            break;
        }
        case 9: {
            uint32_t x = kg_get_u32(v + 44);
            if (x) mask |= 1u << f, n += varint_put(out + n, x);
            break;
        }
        }
    }
    out[m] = (unsigned char)(mask >> 8), out[m + 1] = (unsigned char)mask;
    return n;
}

/* evid_pack undone into v; 0 when p is no packed row. */
static int evid_unpack(const unsigned char *p, size_t size, unsigned char v[EVID_SIZE])
{
    const unsigned char *end = p + size;
    if (size < 12 || size > EVID_PACK_MAX) return 0;
    memset(v, 0, EVID_SIZE);
    memcpy(v, p, 8);
    p += 8;
    for (int f = 0; f < 2; f++) {
        int len = *p++;
        if (len > 4 || end - p < len + 2) return 0;
        uint32_t x = 0;
        for (int i = 0; i < len; i++)
            x = x << 8 | *p++;
        kg_put_u32(v + 8 + 4 * f, x);
    }
    unsigned mask = (unsigned)p[0] << 8 | p[1];
    p += 2;
    if (mask & ~0x3fcu) return 0;
    kg_put_u32(v + 16, (uint32_t)KG_NODATE), kg_put_u32(v + 40, (uint32_t)KG_NODATE);
    v[24] = 0x3f, v[25] = 0x80;
    for (int f = 2; f < 10; f++) {
        if (!(mask & 1u << f)) continue;
        uint64_t x;
        if (f == 4) {
            if (end - p < 4) return 0;
            memcpy(v + 24, p, 4), p += 4;
            continue;
        }
        if (f == 5 || f == 6) {
            if (p == end || !*p) return 0;
            v[28 + f - 5] = *p++;
            continue;
        }
        if (!varint_get(&p, end, &x) || (f != 7 && x > UINT32_MAX)) return 0;
        if (f == 7)
            kg_put_u64(v + 32, x);
        else
            kg_put_u32(v + (f == 2 ? 16 : f == 3 ? 20 : f == 8 ? 40 : 44), (uint32_t)x);
    }
    return p == end;
}

/* mdb_cursor_get on the evidence table, the row handed back in the
** EVID_SIZE layout (or as the older format has it, read-only): a format 6
** row is unpacked into buf. A row that does not unpack is MDB_CORRUPTED. */
static int evid_cget(const struct kg_store *s, MDB_cursor *c, MDB_val *k, MDB_val *v,
                     MDB_cursor_op op, unsigned char buf[EVID_SIZE])
{
    int rc = mdb_cursor_get(c, k, v, op);
    if (rc || !s->evpack) return rc;
    if (!evid_unpack(v->mv_data, v->mv_size, buf)) return MDB_CORRUPTED;
    v->mv_data = buf, v->mv_size = EVID_SIZE;
    return 0;
}

/* Put or delete one evidence row (EVID_SIZE layout) of edge key ek, packed
** in format 6. LMDB codes. */
static int evid_put(kg_txn *x, const unsigned char ek[8], const unsigned char *row)
{
    unsigned char p[EVID_PACK_MAX];
    if (!x->db->store->evpack) return st_put(x, DB_EVID, ek, 8, row, EVID_SIZE, MDB_NODUPDATA);
    return st_put(x, DB_EVID, ek, 8, p, evid_pack(row, p), MDB_NODUPDATA);
}

static int evid_del(kg_txn *x, const unsigned char ek[8], const unsigned char *row)
{
    unsigned char p[EVID_PACK_MAX];
    if (!x->db->store->evpack) return st_del(x, DB_EVID, ek, 8, row, EVID_SIZE);
    return st_del(x, DB_EVID, ek, 8, p, evid_pack(row, p));
}

/* A row of `size` bytes: EVID_SIZE, EVID_SIZE_V4 (format 4, read-only: no
** event date, load 0) or EVID_SIZE_V3 (formats 2 and 3, read-only: also
** asserted, no claimant). */
static void evid_decode(const unsigned char *v, size_t size, kg_evidence *ev, uint32_t *rule)
{
    uint32_t conf = kg_get_u32(v + 24);
    memcpy(&ev->confidence, &conf, 4);
    ev->doc = kg_get_u64(v), ev->start = kg_get_u32(v + 8), ev->end = kg_get_u32(v + 12);
    ev->date = (int32_t)kg_get_u32(v + 16);
    *rule = kg_get_u32(v + 20);
    ev->rule = NULL;
    ev->modality = size >= EVID_SIZE_V4 ? v[28] : KG_MOD_ASSERTED;
    ev->claimant = size >= EVID_SIZE_V4 ? kg_get_u64(v + 32) : 0;
    ev->event_date = size >= EVID_SIZE ? (int32_t)kg_get_u32(v + 40) : KG_NODATE;
    ev->load = size >= EVID_SIZE ? kg_get_u32(v + 44) : 0;
    ev->event_month = size >= EVID_SIZE && ev->event_date != KG_NODATE ? v[29] & 1 : 0;
}

/* Does edge e have an evidence row from document doc? */
static int evid_has_doc(kg_txn *x, kg_id e, kg_id doc)
{
    unsigned char k[8], v[EVID_SIZE] = {0};
    kg_put_u64(k, e);
    kg_put_u64(v, doc);
    MDB_cursor *c;
    if (mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &c)) return 0;
    /* packed rows (format 6) are longer than their document: its 8 bytes are
    ** the least row of it */
    struct kg_store *st = x->db->store;
    MDB_val key = mv(k, 8), val = mv(v, st->evpack ? 8 : st->evsize);
    int rc = mdb_cursor_get(c, &key, &val, MDB_GET_BOTH_RANGE);
    int has = rc == 0 && val.mv_size >= 8 && kg_get_u64(val.mv_data) == doc;
    mdb_cursor_close(c);
    return has;
}

/* Walk edge e's rows (format 4): *has when one names claimant c (c != 0), *low
** the lowest modality among them (KG_MOD_ASSERTED when none). Stops as soon
** as neither can change: the claimant found (or none asked) and a row of
** modality `floor` (nothing lower is possible) seen. An LMDB code. */
static int evid_scan(kg_txn *x, kg_id e, kg_id c, uint8_t floor, int *has, uint8_t *low)
{
    unsigned char k[8];
    kg_put_u64(k, e);
    MDB_cursor *cur;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &cur);
    if (rc) return rc;
    MDB_val key = mv(k, 8), val;
    int seen = 0;
    uint8_t m = KG_MOD_DENIED;
    *has = 0;
    unsigned char buf[EVID_SIZE];
    struct kg_store *st = x->db->store;
    for (rc = evid_cget(st, cur, &key, &val, MDB_SET_KEY, buf); rc == 0;
         rc = evid_cget(st, cur, &key, &val, MDB_NEXT_DUP, buf)) {
        const unsigned char *v = val.mv_data;
        if (val.mv_size < EVID_SIZE_V4) continue;
        seen = 1;
        if (v[28] < m) m = v[28];
        if (c && kg_get_u64(v + 32) == c) *has = 1;
        if ((!c || *has) && m <= floor) break;
    }
    mdb_cursor_close(cur);
    if (low) *low = seen ? m : KG_MOD_ASSERTED;
    return rc == MDB_NOTFOUND ? 0 : rc;
}

static int edge_remove(kg_txn *x, kg_id e);

/* Delete rows (nr raw records of edge e, each present) and keep what derives
** from them right: the record's nev, ndocs and modality, the doc_edges and
** claims entries no remaining row supports, the hidden mark and count. An
** edge left without rows goes (edge_remove). A kg code. */
static int evid_drop(kg_txn *x, kg_id e, const unsigned char *rows, size_t nr)
{
    erec r;
    int rc = edge_get(x, e, &r), lowest = 0;
    if (rc) return rc;
    erec was = r; /* what its out and in entries say */
    unsigned char ek[8];
    kg_put_u64(ek, e);
    for (size_t j = 0; j < nr && !rc; j++) {
        rc = evid_del(x, ek, rows + j * EVID_SIZE);
        if (rows[j * EVID_SIZE + 28] == r.mod) lowest = 1;
    }
    if (rc) return write_error(x, rc, "evidence");
    x->c[C_EVID] -= nr;
    r.nev -= nr < r.nev ? (uint32_t)nr : r.nev;
    for (size_t j = 0; j < nr && !rc; j++) {
        const unsigned char *v = rows + j * EVID_SIZE;
        kg_id doc = kg_get_u64(v), c = kg_get_u64(v + 32);
        for (size_t i = 0; i < j; i++) { /* each document and claimant once */
            if (kg_get_u64(rows + i * EVID_SIZE) == doc) doc = 0;
            if (kg_get_u64(rows + i * EVID_SIZE + 32) == c) c = 0;
        }
        if (doc && !evid_has_doc(x, e, doc)) {
            unsigned char dk[8];
            kg_put_u64(dk, doc);
            rc = st_del(x, DB_DOCEDGES, dk, 8, ek, 8);
            if (rc == MDB_NOTFOUND) rc = 0;
            if (r.ndocs) r.ndocs--;
        }
        int has = 0;
        if (!rc && c && !(rc = evid_scan(x, e, c, KG_MOD_ASSERTED, &has, NULL)) && !has) {
            unsigned char ck[8];
            kg_put_u64(ck, c);
            rc = st_del(x, DB_CLAIMS, ck, 8, ek, 8);
            if (rc == MDB_NOTFOUND) rc = 0;
        }
    }
    if (rc) return write_error(x, rc, "evidence");
    if (r.nev == 0) return edge_remove(x, e); /* nothing else supports it */
    if (lowest) { /* a row of the relation's modality went: is there another? */
        int has;
        uint8_t low;
        rc = evid_scan(x, e, 0, r.mod, &has, &low);
        if (!rc) r.mod = low;
    }
    if (!rc) rc = edge_adj_sync(x, &was, &r, e);
    unsigned char rec[EDGE_REC_MAX];
    size_t rl = edge_encode(x->db->store, rec, r.s, r.r, r.d, r.nev, r.ndocs, r.mod);
    if (!rc) rc = st_put(x, DB_EDGES, ek, 8, rec, rl, 0);
    return rc ? write_error(x, rc, "evidence") : KG_OK;
}

/* The lowest load of the rows of (s, r, d) that the document being read
** again lost (doc_unlink), or `load` when it lost none. */
typedef struct carry {
    kg_id s, d;
    uint32_t r, load;
} carry;

static uint32_t carry_load(kg_txn *x, kg_id s, uint32_t r, kg_id d, uint32_t load)
{
    for (size_t i = 0; i < x->ncarry; i++)
        if (x->carry[i].s == s && x->carry[i].r == r && x->carry[i].d == d)
            return x->carry[i].load < load ? x->carry[i].load : load;
    return load;
}

static int carry_add(kg_txn *x, kg_id s, uint32_t r, kg_id d, uint32_t load)
{
    for (size_t i = 0; i < x->ncarry; i++)
        if (x->carry[i].s == s && x->carry[i].r == r && x->carry[i].d == d) {
            if (load < x->carry[i].load) x->carry[i].load = load;
            return KG_OK;
        }
    if (x->ncarry == x->capcarry) {
        size_t cap = x->capcarry ? x->capcarry * 2 : 64;
        carry *p = realloc(x->carry, cap * sizeof *p);
        if (!p) return KG_NOMEM;
        x->carry = p, x->capcarry = cap;
    }
    x->carry[x->ncarry++] = (carry){s, d, r, load};
    return KG_OK;
}

int kg_edge_add(kg_txn *x, kg_id src, const char *rel, kg_id dst, const kg_evidence *ev,
                kg_id *edge)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!rel) return KG_MISUSE;
    if (!x->mentioning && !strcmp(rel, KG_MENTION_REL))
        return kg_error(x->db, KG_INVALID,
                        "relation '%s' is made by loading documents only "
                        "(the mentions of their names)",
                        KG_MENTION_REL);
    uint32_t t, rid;
    const char *nm;
    size_t nl;
    if (kg_store_node(x, src, &t, &nm, &nl))
        return kg_error(x->db, KG_NOTFOUND, "no node %llu", (unsigned long long)src);
    if (kg_store_node(x, dst, &t, &nm, &nl))
        return kg_error(x->db, KG_NOTFOUND, "no node %llu", (unsigned long long)dst);
    if (ev && ev->modality > KG_MOD_DENIED)
        return kg_error(x->db, KG_INVALID, "modality %u is not one of 0 (asserted) to 3 (denied)",
                        (unsigned)ev->modality);
    if (ev && ev->claimant && kg_store_node(x, ev->claimant, &t, &nm, &nl))
        return kg_error(x->db, KG_NOTFOUND, "no node %llu (the claimant)",
                        (unsigned long long)ev->claimant);
    if ((rc = kg_store_sym(x, KG_SYM_REL, rel, 1, &rid))) return rc;
    kg_id e;
    erec r = {src, dst, rid, 0, 0, KG_MOD_ASSERTED}, was;
    unsigned char ek[8], evv[EDGE_REC_MAX];
    rc = edge_lookup(x, src, rid, dst, &e);
    if (rc == KG_NOTFOUND) {
        if (x->c[C_NEXT_EDGE] > KG_ADJ_EDGE_MASK)
            return kg_error(x->db, KG_LIMIT, "no more relation ids (2^%d)", KG_ADJ_EDGE_BITS);
        e = x->c[C_NEXT_EDGE]++;
        r.mod = ev ? ev->modality : KG_MOD_ASSERTED; /* the row below is its first */
        was = r, was.nev = ev ? 1 : 0; /* its entries, written with the count it will have */
        uint64_t indeg = 0;
        if ((rc = adj_pair(x, &was, adj_edge(x, &was, e), 1)) ||
            (rc = in_count(x, dst, rid, &indeg)) ||
            (rc = indeg_move(x, rid, dst, indeg - 1, indeg)))
            return write_error(x, rc, "edge");
        x->c[C_EDGES]++;
        count_add(x, KG_SYM_REL, rid, 1);
        if (edge_hidden(x, rid, r.mod)) count_add(x, KG_COUNT_HIDDEN, rid, 1);
    } else if (rc) {
        return rc;
    } else if ((rc = edge_get(x, e, &r))) {
        return rc;
    } else {
        was = r;
    }
    kg_put_u64(ek, e);
    if (ev) {
        uint32_t rule = 0;
        if (ev->rule && *ev->rule && (rc = kg_store_sym(x, KG_SYM_RULE, ev->rule, 1, &rule)))
            return rc;
        int newdoc = ev->doc && !evid_has_doc(x, e, ev->doc);
        unsigned char v[EVID_SIZE];
        evid_encode(v, ev, rule);
        uint32_t load = x->db->store->load;
        if (ev->doc && ev->doc == x->carrydoc) load = carry_load(x, src, rid, dst, load);
        kg_put_u32(v + 44, load);
        rc = evid_put(x, ek, v);
        if (rc == 0) {
            /* the first row sets the modality, later ones can only lower it */
            uint8_t mod = r.nev == 0 || ev->modality < r.mod ? ev->modality : r.mod;
            r.nev++;
            x->c[C_EVID]++;
            if (newdoc) {
                r.ndocs++;
                unsigned char dk[8];
                kg_put_u64(dk, ev->doc);
                rc = st_put(x, DB_DOCEDGES, dk, 8, ek, 8, MDB_NODUPDATA);
                if (rc == MDB_KEYEXIST) rc = 0;
            }
            if (!rc && ev->claimant) {
                unsigned char ck[8];
                kg_put_u64(ck, ev->claimant);
                rc = st_put(x, DB_CLAIMS, ck, 8, ek, 8, MDB_NODUPDATA);
                if (rc == MDB_KEYEXIST) rc = 0;
            }
            r.mod = mod;
        } else if (rc == MDB_KEYEXIST) {
            rc = 0;
        }
        if (!rc) rc = edge_adj_sync(x, &was, &r, e);
        if (rc) return write_error(x, rc, "evidence");
    }
    size_t rl = edge_encode(x->db->store, evv, src, rid, dst, r.nev, r.ndocs, r.mod);
    if ((rc = st_put(x, DB_EDGES, ek, 8, evv, rl, 0))) return write_error(x, rc, "edge");
    if (edge) *edge = e;
    return KG_OK;
}

int kg_edge_get(kg_txn *x, kg_id id, kg_edge *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    erec r;
    const char *rn;
    if ((rc = edge_get(x, id, &r))) return rc;
    if ((rc = kg_store_symname(x, KG_SYM_REL, r.r, &rn))) return rc;
    out->id = id, out->rel = rn, out->src = r.s, out->dst = r.d;
    out->nevidence = r.nev, out->ndocs = r.ndocs, out->modality = r.mod;
    return KG_OK;
}

/* Remove edge e entirely: adjacency twins, evidence, doc and claim links, record. */
static int edge_remove(kg_txn *x, kg_id e)
{
    erec r;
    int rc = edge_get(x, e, &r);
    if (rc) return rc;
    unsigned char ek[8];
    kg_put_u64(ek, e);
    rc = adj_pair(x, &r, adj_edge(x, &r, e), 0);
    uint64_t indeg = 0;
    if (!rc) rc = in_count(x, r.d, r.r, &indeg);
    if (!rc) rc = indeg_move(x, r.r, r.d, indeg + 1, indeg);
    if (rc) return write_error(x, rc, "edge delete");
    /* evidence rows: collect their documents and claimants first, then
    ** delete (writes may remap) */
    kg_evidence ev;
    uint32_t rule;
    kg_id(*rows)[2] = NULL;
    size_t n = 0;
    MDB_cursor *c;
    if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &c)))
        return write_error(x, rc, "edge delete");
    MDB_val key = mv(ek, 8), val;
    unsigned char buf[EVID_SIZE];
    struct kg_store *st = x->db->store;
    for (rc = evid_cget(st, c, &key, &val, MDB_SET_KEY, buf); rc == 0;
         rc = evid_cget(st, c, &key, &val, MDB_NEXT_DUP, buf)) {
        void *p = realloc(rows, (n + 1) * sizeof *rows);
        if (!p) {
            rc = ENOMEM;
            break;
        }
        rows = p;
        evid_decode(val.mv_data, val.mv_size, &ev, &rule);
        rows[n][0] = ev.doc, rows[n][1] = ev.claimant;
        n++;
    }
    mdb_cursor_close(c);
    if (rc != MDB_NOTFOUND) {
        free(rows);
        return write_error(x, rc, "edge delete");
    }
    rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        for (int w = 0; w < 2 && !rc; w++)
            if (rows[i][w]) {
                unsigned char k[8];
                kg_put_u64(k, rows[i][w]);
                rc = st_del(x, w ? DB_CLAIMS : DB_DOCEDGES, k, 8, ek, 8);
                if (rc == MDB_NOTFOUND) rc = 0;
            }
    free(rows);
    x->c[C_EVID] -= n;
    if (!rc && n) rc = st_del(x, DB_EVID, ek, 8, NULL, 0);
    if (!rc) rc = st_del(x, DB_EDGES, ek, 8, NULL, 0);
    if (rc) return write_error(x, rc, "edge delete");
    x->c[C_EDGES]--;
    count_add(x, KG_SYM_REL, r.r, -1);
    if (edge_hidden(x, r.r, r.mod)) count_add(x, KG_COUNT_HIDDEN, r.r, -1);
    return KG_OK;
}

int kg_edge_delete(kg_txn *x, kg_id id)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    rc = edge_remove(x, id);
    return rc == KG_NOTFOUND
               ? kg_error(x->db, KG_NOTFOUND, "no relation %llu", (unsigned long long)id)
               : rc;
}

/* KG_EXISTS (with the message) when node c is the claimant of evidence rows. */
static int claims_refuse(kg_txn *x, kg_id c)
{
    kg_id *ids = NULL;
    size_t n = 0, cap = 0;
    unsigned char ck[8];
    kg_put_u64(ck, c);
    int rc = collect_ids(x, DB_CLAIMS, (const char *)ck, 8, &ids, &n, &cap);
    free(ids);
    if (rc) return write_error(x, rc, "node delete");
    return n ? kg_error(x->db, KG_EXISTS,
                        "node %llu is the claimant of evidence of %zu relation(s); DETACH DELETE "
                        "deletes that evidence",
                        (unsigned long long)c, n)
             : KG_OK;
}

/* Delete every evidence row naming node c as claimant (evid_drop: a relation
** left without evidence goes). */
static int claims_drop(kg_txn *x, kg_id c)
{
    kg_id *ids = NULL;
    size_t n = 0, cap = 0;
    unsigned char ck[8], (*rows)[EVID_SIZE] = NULL;
    kg_put_u64(ck, c);
    int rc = collect_ids(x, DB_CLAIMS, (const char *)ck, 8, &ids, &n, &cap);
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char ek[8];
        size_t nr = 0;
        kg_put_u64(ek, ids[i]);
        MDB_cursor *cur;
        if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &cur))) break;
        MDB_val key = mv(ek, 8), val;
        unsigned char buf[EVID_SIZE];
        struct kg_store *st = x->db->store;
        for (int g = evid_cget(st, cur, &key, &val, MDB_SET_KEY, buf); g == 0;
             g = evid_cget(st, cur, &key, &val, MDB_NEXT_DUP, buf)) {
            if (val.mv_size != EVID_SIZE || kg_get_u64((unsigned char *)val.mv_data + 32) != c)
                continue;
            void *p = realloc(rows, (nr + 1) * EVID_SIZE);
            if (!p) {
                rc = ENOMEM;
                break;
            }
            rows = p;
            memcpy(rows[nr++], val.mv_data, EVID_SIZE);
        }
        mdb_cursor_close(cur);
        if (rc) break;
        int krc = nr ? evid_drop(x, ids[i], rows[0], nr) : KG_OK;
        if (krc && krc != KG_NOTFOUND) {
            free(ids), free(rows);
            return krc;
        }
    }
    free(ids);
    free(rows);
    if (!rc) {
        rc = st_del(x, DB_CLAIMS, ck, 8, NULL, 0); /* normally gone already */
        if (rc == MDB_NOTFOUND) rc = 0;
    }
    return rc ? write_error(x, rc, "node delete") : KG_OK;
}

int kg_node_delete(kg_txn *x, kg_id id, int detach)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    uint32_t t;
    const char *nm;
    size_t nl;
    if ((rc = kg_store_node(x, id, &t, &nm, &nl)))
        return rc == KG_NOTFOUND ? kg_error(x->db, rc, "no node %llu", (unsigned long long)id) : rc;
    const char *tn;
    if (kg_store_symname(x, KG_SYM_TYPE, t, &tn) == KG_OK && !strcmp(tn, "document"))
        return kg_error(x->db, KG_INVALID,
                        "node %llu is a document's node: it goes with its "
                        "document",
                        (unsigned long long)id);
    /* edges: collect ids first, then delete */
    kg_id *edges = NULL;
    size_t ne = 0, cap = 0;
    kg_adj a;
    kg_id nbr, e;
    uint32_t r;
    int dir;
    if ((rc = kg_store_adj_open(x, id, 0, KG_BOTH, &a))) return rc;
    while ((rc = kg_store_adj_next(&a, &nbr, &e, &r, &dir)) == KG_ROW) {
        if (ne == cap) {
            cap = cap ? cap * 2 : 16;
            kg_id *p = realloc(edges, cap * sizeof *p);
            if (!p) {
                rc = KG_NOMEM;
                break;
            }
            edges = p;
        }
        edges[ne++] = e;
    }
    kg_store_adj_close(&a);
    if (rc != KG_DONE) {
        free(edges);
        return rc;
    }
    if (ne && !detach) {
        free(edges);
        return kg_error(x->db, KG_EXISTS, "node %llu still has %zu relation(s); use DETACH DELETE",
                        (unsigned long long)id, ne);
    }
    if (!detach && (rc = claims_refuse(x, id))) {
        free(edges);
        return rc;
    }
    rc = KG_OK;
    for (size_t i = 0; i < ne && !rc; i++) {
        rc = edge_remove(x, edges[i]);
        if (rc == KG_NOTFOUND) rc = KG_OK; /* a self-loop appears twice */
    }
    free(edges);
    if (!rc) rc = claims_drop(x, id);
    if (rc) return rc;
    /* aliases and their index entries */
    unsigned char k[8];
    kg_put_u64(k, id);
    char **al = NULL;
    size_t na = 0;
    MDB_cursor *c;
    if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_ALIASES], &c)))
        return write_error(x, rc, "node delete");
    MDB_val key = mv(k, 8), val;
    for (int g = mdb_cursor_get(c, &key, &val, MDB_SET_KEY); g == 0;
         g = mdb_cursor_get(c, &key, &val, MDB_NEXT_DUP)) {
        char **p = realloc(al, (na + 1) * sizeof *p);
        char *s = malloc(val.mv_size + 1);
        if (!p || !s) {
            free(s);
            if (p) al = p;
            rc = KG_NOMEM;
            break;
        }
        al = p;
        memcpy(s, val.mv_data, val.mv_size);
        s[val.mv_size] = 0;
        al[na++] = s;
    }
    mdb_cursor_close(c);
    for (size_t i = 0; i < na; i++) {
        if (!rc) rc = index_alias(x, id, al[i], strlen(al[i]), 0);
        free(al[i]);
    }
    free(al);
    if (rc) return rc;
    x->c[C_ALIASES] -= na;
    int lrc = na ? st_del(x, DB_ALIASES, k, 8, NULL, 0) : 0;
    /* properties: keys (id, key) for every key of this node */
    unsigned char(*pk)[12] = NULL;
    size_t np = 0;
    if (!lrc && !(lrc = mdb_cursor_open(x->t, x->db->store->dbi[DB_PROPS], &c))) {
        unsigned char start[12] = {0};
        kg_put_u64(start, id);
        key = mv(start, 12);
        for (int g = mdb_cursor_get(c, &key, &val, MDB_SET_RANGE);
             g == 0 && key.mv_size == 12 && kg_get_u64(key.mv_data) == id;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            void *p = realloc(pk, (np + 1) * 12);
            if (!p) break;
            pk = p;
            memcpy(pk[np++], key.mv_data, 12);
        }
        mdb_cursor_close(c);
    }
    for (size_t i = 0; i < np && !lrc; i++)
        lrc = st_del(x, DB_PROPS, pk[i], 12, NULL, 0);
    free(pk);
    unsigned char tk[4];
    kg_put_u32(tk, t);
    if (!lrc) lrc = st_del(x, DB_BYTYPE, tk, 4, k, 8);
    MDB_val rec;
    if (!lrc) lrc = st_get(x, DB_NODES, k, 8, &rec); /* nm went stale with the writes above */
    if (!lrc && rec.mv_size >= 4) {
        char cn[NAME_KEY_MAX]; /* a copy: the key is not read from the map while it changes */
        size_t cl = utf8_cut((const char *)rec.mv_data + 4, rec.mv_size - 4, NAME_KEY_MAX);
        memcpy(cn, (const char *)rec.mv_data + 4, cl);
        lrc = canon_write(x, cn, cl, id, 1);
    }
    if (!lrc) lrc = st_del(x, DB_NODES, k, 8, NULL, 0);
    if (lrc) return write_error(x, lrc, "node delete");
    x->c[C_NODES]--;
    count_add(x, KG_SYM_TYPE, t, -1);
    return KG_OK;
}

/* ---------------------------------------------------------------- adjacency */

int kg_store_adj_open(kg_txn *x, kg_id node, uint32_t rel, int dir, kg_adj *a)
{
    memset(a, 0, sizeof *a);
    a->txn = x;
    return kg_store_adj_rewind(x, a, node, rel, dir);
}

/* Make a->cur the walk's cursor on out or in (d), opened when first needed: in a read
** transaction, the first walk per run borrows the transaction's own (kept
** with it, so a statement opens none), the others open theirs. */
static int adj_cursor(kg_adj *a, int d)
{
    void **slot = d == KG_IN ? &a->cin : &a->cout;
    if (!*slot) {
        kg_txn *x = a->txn;
        int i = d == KG_IN, rc;
        MDB_dbi dbi = x->db->store->dbi[i ? DB_IN : DB_OUT];
        MDB_cursor *c;
        uint64_t stale = (uint64_t)1 << (DB_COUNT + i);
        if (!x->write && !(x->adjlent & (1u << i))) {
            if (!x->adjc[i]) {
                if ((rc = mdb_cursor_open(x->t, dbi, &x->adjc[i]))) return rc;
            } else if (x->stale & stale) {
                if ((rc = mdb_cursor_renew(x->t, x->adjc[i]))) return rc;
            }
            x->stale &= ~stale;
            x->adjlent |= 1u << i, a->lent |= 1u << i;
            c = x->adjc[i];
        } else if ((rc = mdb_cursor_open(x->t, dbi, &c))) {
            return rc;
        }
        *slot = c;
    }
    a->cur = *slot, a->dir = d;
    return 0;
}

/* Walk another node with the cursor of an open walk of the same direction
** (no cursor open/close per node); otherwise close and open. */
int kg_store_adj_rewind(kg_txn *x, kg_adj *a, kg_id node, uint32_t rel, int dir)
{
    if (a->txn != x) {
        kg_store_adj_close(a);
        memset(a, 0, sizeof *a);
        a->txn = x;
    }
    a->visible = (dir & KG_ADJ_VISIBLE) != 0;
    a->counts = x->db->store->format >= 7 && !x->write; /* see kg_store_adj_count */
    dir &= KG_BOTH;
    a->node = node, a->rel = rel, a->state = 0, a->both = dir == KG_BOTH;
    a->vals = NULL, a->nvals = a->ivals = 0;
    int rc = adj_cursor(a, dir == KG_IN ? KG_IN : KG_OUT);
    return rc ? lmdb_error(x->db, rc, "adjacency") : KG_OK;
}

/* Position on the first key of the pass (state 0) or the next key. */
static int adj_key(kg_adj *a, int first)
{
    MDB_cursor *c = a->cur;
    unsigned char k[KG_ADJ_KEY];
    MDB_val key, val;
    int rc;
    if (first) {
        kg_adj_key(k, a->node, a->rel);
        key = mv(k, KG_ADJ_KEY);
        rc = mdb_cursor_get(c, &key, &val, a->rel ? MDB_SET_KEY : MDB_SET_RANGE);
    } else {
        if (a->rel) return MDB_NOTFOUND;
        rc = mdb_cursor_get(c, &key, &val, MDB_NEXT_NODUP);
    }
    if (rc) return rc;
    if (key.mv_size != 12 || kg_get_u64(key.mv_data) != a->node) return MDB_NOTFOUND;
    a->currel = kg_get_u32((unsigned char *)key.mv_data + 8);
    /* One entry: the value the cursor stands on (MDB_GET_MULTIPLE would
    ** serve a key without duplicates the page of the key before it, when
    ** its walk did not reach that page's end). More: their first page. */
    size_t all;
    if ((rc = mdb_cursor_count(c, &all))) return rc;
    if (all > 1 && (rc = mdb_cursor_get(c, &key, &val, MDB_GET_MULTIPLE))) return rc;
    a->vals = val.mv_data, a->nvals = val.mv_size / 16, a->ivals = 0;
    /* the key's entries past this page: none for most keys, whose entries
    ** are one page, so a read walks on to the next key without asking LMDB
    ** for a next page that is not there; a write may add entries as it
    ** walks: it asks */
    a->more = a->txn->write ? SIZE_MAX : all > a->nvals ? all - a->nvals : 0;
    return 0;
}

int kg_store_adj_next(kg_adj *a, kg_id *nbr, kg_id *edge, uint32_t *rel, int *dir)
{
    for (;;) {
        if (a->state == 2) return KG_DONE;
        if (a->state == 1 && a->ivals < a->nvals) {
            const unsigned char *p = a->vals + a->ivals++ * 16;
            if ((p[8] & 0x80) && a->visible) continue; /* KG_ADJ_HIDDEN: claimed or denied */
            uint64_t ev = kg_get_u64(p + 8);
            *edge = ev & KG_ADJ_EDGE_MASK;
            if (a->counts) { /* the count of the edge last walked (kg_store_adj_count) */
                a->txn->aedge = *edge;
                a->txn->acount = (uint32_t)(ev >> KG_ADJ_EDGE_BITS) & KG_ADJ_COUNT_MAX;
            }
            *nbr = kg_get_u64(p);
            if (rel) *rel = a->currel;
            if (dir) *dir = a->dir;
            return KG_ROW;
        }
        int rc;
        if (a->state == 0) {
            rc = adj_key(a, 1);
            a->state = 1;
        } else {
            MDB_val key, val;
            rc = a->more ? mdb_cursor_get(a->cur, &key, &val, MDB_NEXT_MULTIPLE) : MDB_NOTFOUND;
            if (rc == 0) {
                a->vals = val.mv_data, a->nvals = val.mv_size / 16, a->ivals = 0;
                if (a->more != SIZE_MAX) a->more = a->more > a->nvals ? a->more - a->nvals : 0;
                continue;
            }
            if (rc == MDB_NOTFOUND) rc = adj_key(a, 0);
        }
        if (rc == MDB_NOTFOUND) {
            if (a->both && a->dir == KG_OUT) {
                /* switch to the in pass */
                if (adj_cursor(a, KG_IN)) return KG_ERROR;
                a->state = 0;
                a->nvals = a->ivals = 0;
                continue;
            }
            a->state = 2;
            return KG_DONE;
        }
        if (rc) return rc == MDB_CORRUPTED ? KG_CORRUPT : KG_ERROR;
    }
}

void kg_store_adj_close(kg_adj *a)
{
    if (!a) return;
    /* a borrowed cursor stays with its transaction (which may have ended) */
    if (a->cout && !(a->lent & 1)) mdb_cursor_close(a->cout);
    if (a->cin && !(a->lent & 2)) mdb_cursor_close(a->cin);
    a->cur = a->cout = a->cin = NULL;
    a->lent = 0;
}

int kg_neighbors(kg_txn *x, kg_id node, const char *rel, int dir, kg_iter **out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (dir != KG_OUT && dir != KG_IN && dir != KG_BOTH) return KG_MISUSE;
    uint32_t rid = 0;
    if (rel && (rc = kg_store_sym(x, KG_SYM_REL, rel, 0, &rid))) {
        if (rc != KG_NOTFOUND) return rc;
        rid = UINT32_MAX; /* unknown relation: no neighbours */
    }
    kg_iter *it = calloc(1, sizeof *it);
    if (!it) return KG_NOMEM;
    it->txn = x, it->kind = ITER_NBR;
    if ((rc = kg_store_adj_open(x, node, rid, dir, &it->adj))) {
        free(it);
        return rc;
    }
    *out = it;
    return KG_OK;
}

/* ---------------------------------------------------------------- scans */

int kg_store_scan_open(kg_txn *x, uint32_t type, kg_scan *s)
{
    memset(s, 0, sizeof *s);
    s->type = type;
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[type ? DB_BYTYPE : DB_NODES], &c);
    if (rc) return lmdb_error(x->db, rc, "scan");
    s->cur = c;
    return KG_OK;
}

int kg_store_scan_next(kg_scan *s, kg_id *id)
{
    if (s->state == 2) return KG_DONE;
    MDB_val key, val;
    int rc;
    if (s->type) {
        unsigned char k[4];
        kg_put_u32(k, s->type);
        key = mv(k, 4);
        rc = mdb_cursor_get(s->cur, &key, &val, s->state ? MDB_NEXT_DUP : MDB_SET_KEY);
        if (rc == 0) *id = kg_get_u64(val.mv_data);
    } else {
        rc = mdb_cursor_get(s->cur, &key, &val, s->state ? MDB_NEXT : MDB_FIRST);
        if (rc == 0) *id = kg_get_u64(key.mv_data);
    }
    s->state = 1;
    if (rc == MDB_NOTFOUND) {
        s->state = 2;
        return KG_DONE;
    }
    return rc ? KG_ERROR : KG_ROW;
}

/* In-degree scan of relation `rel` (s->type holds it): nodes by count
** descending, then id ascending. Closed with kg_store_scan_close. */
int kg_store_indeg_open(kg_txn *x, uint32_t rel, kg_scan *s)
{
    memset(s, 0, sizeof *s);
    s->type = rel;
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_INDEG], &c);
    if (rc) return lmdb_error(x->db, rc, "in-degree scan");
    s->cur = c;
    return KG_OK;
}

int kg_store_indeg_next(kg_scan *s, kg_id *node, uint64_t *count)
{
    if (s->state == 2) return KG_DONE;
    MDB_val key, val;
    int rc;
    if (s->state == 0) {
        unsigned char k[4];
        kg_put_u32(k, s->type);
        key = mv(k, 4);
        rc = mdb_cursor_get(s->cur, &key, &val, MDB_SET_RANGE);
    } else {
        rc = mdb_cursor_get(s->cur, &key, &val, MDB_NEXT);
    }
    s->state = 1;
    if (rc == 0 && (key.mv_size != 20 || kg_get_u32(key.mv_data) != s->type)) rc = MDB_NOTFOUND;
    if (rc == MDB_NOTFOUND) {
        s->state = 2;
        return KG_DONE;
    }
    if (rc) return rc == MDB_CORRUPTED ? KG_CORRUPT : KG_ERROR;
    *count = ~kg_get_u64((unsigned char *)key.mv_data + 4);
    *node = kg_get_u64((unsigned char *)key.mv_data + 12);
    return KG_ROW;
}

void kg_store_scan_close(kg_scan *s)
{
    if (s && s->cur) mdb_cursor_close(s->cur);
    if (s) s->cur = NULL;
}

int kg_nodes(kg_txn *x, const char *type, kg_iter **out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    uint32_t tid = 0;
    if (type && (rc = kg_store_sym(x, KG_SYM_TYPE, type, 0, &tid))) {
        if (rc != KG_NOTFOUND) return rc;
        tid = UINT32_MAX;
    }
    kg_iter *it = calloc(1, sizeof *it);
    if (!it) return KG_NOMEM;
    it->txn = x, it->kind = ITER_NODES;
    if ((rc = kg_store_scan_open(x, tid, &it->scan))) {
        free(it);
        return rc;
    }
    *out = it;
    return KG_OK;
}

int kg_edges(kg_txn *x, kg_iter **out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    return cursor_iter(x, ITER_EDGES, 0, DB_EDGES, "edges", out);
}

int kg_iter_next(kg_iter *it, kg_id *a, kg_id *b)
{
    if (!it) return KG_MISUSE;
    kg_id x = 0, y = 0;
    int rc;
    switch (it->kind) {
    case ITER_NBR:
        rc = kg_store_adj_next(&it->adj, &x, &y, NULL, NULL);
        break;
    case ITER_NODES:
        rc = kg_store_scan_next(&it->scan, &x);
        break;
    case ITER_EDGES: {
        MDB_val key, val;
        int g = mdb_cursor_get(it->cur, &key, &val, it->state ? MDB_NEXT : MDB_FIRST);
        it->state = 1;
        if (g == MDB_NOTFOUND) return KG_DONE;
        if (g) return lmdb_error(it->txn->db, g, "edges");
        x = y = kg_get_u64(key.mv_data);
        rc = KG_ROW;
        break;
    }
    default:
        return KG_MISUSE;
    }
    if (rc == KG_ROW) {
        if (a) *a = x;
        if (b) *b = y;
    }
    return rc;
}

int kg_edge_evidence(kg_txn *x, kg_id edge, kg_iter **out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    return cursor_iter(x, ITER_EVID, edge, DB_EVID, "evidence", out);
}

int kg_iter_evidence(kg_iter *it, kg_evidence *ev)
{
    if (!it || it->kind != ITER_EVID) return KG_MISUSE;
    unsigned char k[8];
    kg_put_u64(k, it->key);
    MDB_val key = mv(k, 8), val;
    unsigned char buf[EVID_SIZE];
    int rc = evid_cget(it->txn->db->store, it->cur, &key, &val,
                       it->state ? MDB_NEXT_DUP : MDB_SET_KEY, buf);
    it->state = 1;
    if (rc == MDB_NOTFOUND) return KG_DONE;
    if (rc) return lmdb_error(it->txn->db, rc, "evidence");
    uint32_t rule;
    evid_decode(val.mv_data, val.mv_size, ev, &rule);
    if (rule) {
        const char *rn;
        if (kg_store_symname(it->txn, KG_SYM_RULE, rule, &rn) == 0) ev->rule = rn;
    }
    return KG_ROW;
}

void kg_iter_close(kg_iter *it)
{
    if (!it) return;
    if (it->cur) mdb_cursor_close(it->cur);
    kg_store_adj_close(&it->adj);
    kg_store_scan_close(&it->scan);
    free(it->buf);
    free(it);
}

/* ---------------------------------------------------------------- documents */

static void doc_hash(const char *text, size_t len, unsigned char h[16])
{
    XXH128_hash_t x = XXH3_128bits(text, len);
    kg_put_u64(h, x.high64), kg_put_u64(h + 8, x.low64);
}

/* Remove every evidence row of document doc; delete edges left without any. */
static int doc_unlink(kg_txn *x, kg_id doc)
{
    unsigned char dk[8];
    kg_put_u64(dk, doc);
    kg_id *ids = NULL;
    size_t n = 0, cap = 0;
    int rc = collect_ids(x, DB_DOCEDGES, (const char *)dk, 8, &ids, &n, &cap);
    if (rc) return write_error(x, rc, "document edges");
    x->ncarry = 0, x->carrydoc = doc; /* the loads its rows had, for its rows to come */
    for (size_t i = 0; i < n && !rc; i++) {
        kg_id e = ids[i], s, d;
        uint32_t r, nev, ndocs;
        if ((rc = kg_store_edge(x, e, &s, &r, &d, &nev, &ndocs))) {
            if (rc == KG_NOTFOUND) rc = 0;
            continue;
        }
        /* collect this document's rows of the edge */
        unsigned char ek[8], probe[EVID_SIZE] = {0}, (*rows)[EVID_SIZE] = NULL;
        size_t nr = 0;
        kg_put_u64(ek, e);
        kg_put_u64(probe, doc);
        MDB_cursor *c;
        if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &c))) break;
        struct kg_store *st = x->db->store;
        MDB_val key = mv(ek, 8), val = mv(probe, st->evpack ? 8 : EVID_SIZE);
        unsigned char buf[EVID_SIZE];
        for (int g = evid_cget(st, c, &key, &val, MDB_GET_BOTH_RANGE, buf);
             g == 0 && kg_get_u64(val.mv_data) == doc;
             g = evid_cget(st, c, &key, &val, MDB_NEXT_DUP, buf)) {
            void *p = realloc(rows, (nr + 1) * EVID_SIZE);
            if (!p) {
                rc = ENOMEM;
                break;
            }
            rows = p;
            memcpy(rows[nr++], val.mv_data, EVID_SIZE);
        }
        mdb_cursor_close(c);
        for (size_t j = 0; j < nr && !rc; j++)
            if (carry_add(x, s, r, d, kg_get_u32(rows[j] + 44))) rc = ENOMEM;
        /* the rows go with what derives from them; an edge nothing else
        ** supports goes too (evid_drop) */
        int krc = !rc && nr ? evid_drop(x, e, rows[0], nr) : KG_OK;
        free(rows);
        if (krc) {
            free(ids);
            return krc;
        }
    }
    free(ids);
    if (!rc) {
        rc = st_del(x, DB_DOCEDGES, dk, 8, NULL, 0);
        if (rc == MDB_NOTFOUND) rc = 0;
    }
    return rc > 0 && rc < 1000 ? write_error(x, rc, "document replace") : rc;
}

/* The docs record: 16-byte hash, i32 date, u32 lengths of key, title and
** author, those bytes; format 5 goes on with u64 node, u32 load, u32
** length of the fingerprint and its bytes. */
static unsigned char *doc_rec(const kg_doc *info, const unsigned char h[16], kg_id node,
                              uint32_t load, size_t *len)
{
    const char *key = info->key, *title = info->title ? info->title : "",
               *author = info->author ? info->author : "",
               *fp = info->fingerprint ? info->fingerprint : "";
    size_t kl = strlen(key), tl = strlen(title), al = strlen(author), fl = strlen(fp);
    size_t n = 16 + 4 + 12 + kl + tl + al + 16 + fl;
    unsigned char *v = malloc(n);
    if (!v) return NULL;
    memcpy(v, h, 16);
    kg_put_u32(v + 16, (uint32_t)info->date);
    kg_put_u32(v + 20, kl), kg_put_u32(v + 24, tl), kg_put_u32(v + 28, al);
    memcpy(v + 32, key, kl), memcpy(v + 32 + kl, title, tl), memcpy(v + 32 + kl + tl, author, al);
    unsigned char *t = v + 32 + kl + tl + al;
    kg_put_u64(t, node), kg_put_u32(t + 8, load), kg_put_u32(t + 12, fl), memcpy(t + 16, fp, fl);
    *len = n;
    return v;
}

static int doc_record(kg_txn *x, kg_id id, const kg_doc *info, const unsigned char h[16],
                      kg_id node, uint32_t load)
{
    size_t n;
    unsigned char *v = doc_rec(info, h, node, load, &n), k[8];
    if (!v) return KG_NOMEM;
    kg_put_u64(k, id);
    int rc = st_put(x, DB_DOCS, k, 8, v, n, 0);
    free(v);
    return rc ? write_error(x, rc, "document") : KG_OK;
}

static int bulk_text_room(kg_txn *x, size_t len);

static int doc_write(kg_txn *x, kg_id id, const kg_doc *info, const unsigned char h[16], kg_id node)
{
    const char *key = info->key;
    size_t kl = strlen(key);
    unsigned char k[8];
    kg_put_u64(k, id);
    int rc = doc_record(x, id, info, h, node, x->db->store->load);
    if (rc) return rc;
    if (info->text_len >= JOURNAL_TEXT && x->bulk && !x->jbroken) {
        /* a large text in a bulk load (a whole fact file) is not copied into
        ** the journal: the map is grown for it now, and the journal is
        ** incomplete until the bulk's checkpoint commits it */
        if ((rc = bulk_text_room(x, info->text_len))) return write_error(x, rc, "document");
        x->jbroken = 1;
    }
    /* a document without text has no doc_text entry (read as empty) */
    if (info->text_len)
        rc = st_put(x, DB_DOCTEXT, k, 8, info->text, info->text_len, 0);
    else if ((rc = st_del(x, DB_DOCTEXT, k, 8, NULL, 0)) == MDB_NOTFOUND)
        rc = 0;
    if (!rc) rc = st_put(x, DB_DOCHASH, h, 16, k, 8, 0);
    if (!rc) {
        unsigned char kh[16];
        doc_hash(key, kl, kh);
        rc = st_put(x, DB_DOCKEY, kh, 16, k, 8, 0);
    }
    return rc ? write_error(x, rc, "document") : KG_OK;
}

/* Is doc listed in meta "loading" (its bulk load began but never committed)?
** Then take it out of the list (the caller registers it anew). 1 yes, 0 no,
** or an LMDB error. */
static int loading_take(kg_txn *x, kg_id doc)
{
    MDB_val d;
    int rc = st_get(x, DB_META, "loading", 7, &d);
    if (rc) return rc == MDB_NOTFOUND ? 0 : rc;
    size_t n = d.mv_size / 8, k = 0, hit = 0;
    unsigned char keep[8 * 8];
    for (size_t i = 0; i < n; i++) {
        kg_id id = kg_get_u64((const unsigned char *)d.mv_data + 8 * i);
        if (id == doc)
            hit = 1;
        else if (k < 8)
            kg_put_u64(keep + 8 * k++, id);
    }
    if (!hit) return 0;
    rc = k ? st_put(x, DB_META, "loading", 7, keep, 8 * k, 0)
           : st_del(x, DB_META, "loading", 7, NULL, 0);
    return rc ? rc : 1;
}

#define DOC_TYPE "document" /* the type of documents' nodes */

/* Set (or, for an empty value, remove) a text property. */
static int prop_text(kg_txn *x, kg_id id, const char *key, const char *text)
{
    kg_value v = {KG_NULL, 0, 0, NULL, 0};
    if (text && *text) v.type = KG_TEXT, v.s = text, v.len = strlen(text);
    return kg_node_set_prop(x, id, key, &v);
}

static int prop_int(kg_txn *x, kg_id id, const char *key, kg_type type, int64_t i)
{
    kg_value v = {type, i, 0, NULL, 0};
    return kg_node_set_prop(x, id, key, &v);
}

/* The document's node: *node when set, else found by (document, key) or
** made; its properties follow the document (kg.h, kg_doc_register). */
static int doc_node(kg_txn *x, const kg_doc *info, const unsigned char h[16], kg_id *node)
{
    int rc = KG_OK;
    if (!*node) {
        x->docnode = 1;
        rc = kg_node_get_or_create(x, DOC_TYPE, info->key, node, NULL);
        x->docnode = 0;
        if (rc) return rc;
    }
    char hex[33];
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    struct kg_store *st = x->db->store;
    if ((rc = prop_text(x, *node, "title", info->title)) ||
        (rc = prop_text(x, *node, "author", info->author)) ||
        (rc = info->date == KG_NODATE ? prop_int(x, *node, "date", KG_NULL, 0)
                                      : prop_int(x, *node, "date", KG_DATE, info->date)) ||
        (rc = prop_text(x, *node, "hash", hex)) ||
        (rc = prop_text(x, *node, "extractor", info->fingerprint)) ||
        (rc = prop_int(x, *node, "load", KG_INT, st->load)))
        return rc;
    /* the date of the load, UTC */
    return st->load ? prop_int(x, *node, "loaded", KG_DATE,
                               (int64_t)(st->loadtime / 86400 -
                                         (st->loadtime < 0 && st->loadtime % 86400)))
                    : prop_int(x, *node, "loaded", KG_NULL, 0);
}

static int doc_register(kg_txn *x, const kg_doc *info, kg_id *doc, int *status);
/* documents of a bulk load written at its commit (with the bulk writes, below) */
typedef struct pdoc pdoc;
static pdoc *pdoc_find(struct bulk_state *b, const unsigned char kh[16]);
static int pdoc_defer(const kg_txn *x, const kg_doc *info);
static int pdoc_add(kg_txn *x, const kg_doc *info, const unsigned char h[16],
                    const unsigned char kh[16], kg_id *doc);
static int pdoc_again(kg_txn *x, pdoc *p, const kg_doc *info, const unsigned char h[16], kg_id *doc,
                      int *status);
static int pdoc_get(kg_txn *x, const pdoc *p, kg_doc *out);
static const pdoc *pdoc_of_id(struct bulk_state *b, kg_id id);
static kg_id pdoc_id(const pdoc *p);

int kg_doc_register(kg_txn *x, const kg_doc *info, kg_id *doc, int *status)
{
    uint64_t ops = x ? x->nops : 0;
    int st = 0, rc = doc_register(x, info, doc, &st);
    if (status) *status = st;
    if (rc) return rc;
    x->docops += x->nops - ops;
    if (st != KG_DOC_SAME) {
        x->doctext += info->text_len;
        if (x->npdocs < 8) x->pdocs[x->npdocs] = *doc;
        x->npdocs++;
    }
    return KG_OK;
}

static int doc_register(kg_txn *x, const kg_doc *info, kg_id *doc, int *status)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!info || !info->key || !*info->key)
        return kg_error(x->db, KG_MISUSE, "document key missing");
    if (info->text_len && !info->text) return KG_MISUSE;
    if (info->text_len > UINT32_MAX)
        return kg_error(x->db, KG_LIMIT, "document of %zu bytes is over 4 GiB", info->text_len);
    if (!kg_utf8_valid(info->key, strlen(info->key)))
        return kg_error(x->db, KG_INVALID, "document key is not valid UTF-8");
    unsigned char h[16], kh[16];
    doc_hash(info->text ? info->text : "", info->text_len, h);
    doc_hash(info->key, strlen(info->key), kh);
    pdoc *p = pdoc_find(x->bulk, kh);
    if (p) return pdoc_again(x, p, info, h, doc, status);
    MDB_val d;
    kg_id id;
    rc = st_get(x, DB_DOCKEY, kh, 16, &d);
    if (rc == 0) {
        id = kg_get_u64(d.mv_data);
        unsigned char k[8];
        kg_put_u64(k, id);
        if ((rc = st_get(x, DB_DOCS, k, 8, &d)) || d.mv_size < 32)
            return kg_error(x->db, KG_CORRUPT, "document %llu: record missing",
                            (unsigned long long)id);
        unsigned char old[16];
        memcpy(old, d.mv_data, 16);
        kg_doc was;
        if ((rc = kg_doc_get(x, id, &was))) return rc;
        int pending = loading_take(x, id);
        if (pending < 0 || pending > 1) return write_error(x, pending, "document");
        int same = !pending && !memcmp(old, h, 16);
        int reread = same && ((info->flags & KG_DOC_FORCE) ||
                              (info->fingerprint &&
                               strcmp(info->fingerprint, was.fingerprint ? was.fingerprint : "")));
        if (same && !reread) {
            *doc = id;
            if (status) *status = KG_DOC_SAME;
            return KG_OK;
        }
        kg_id node = was.node;
        if ((rc = doc_unlink(x, id))) return rc;
        rc = st_del(x, DB_DOCHASH, old, 16, NULL, 0);
        if (rc && rc != MDB_NOTFOUND) return write_error(x, rc, "document");
        if ((rc = doc_node(x, info, h, &node)) || (rc = doc_write(x, id, info, h, node))) return rc;
        *doc = id;
        if (status) *status = reread ? KG_DOC_REREAD : KG_DOC_CHANGED;
        return KG_OK;
    }
    if (rc != MDB_NOTFOUND) return lmdb_error(x->db, rc, "document lookup");
    if (pdoc_defer(x, info)) {
        if ((rc = pdoc_add(x, info, h, kh, doc))) return rc;
        if (status) *status = KG_DOC_NEW;
        return KG_OK;
    }
    id = x->c[C_NEXT_DOC]++;
    kg_id node = 0;
    if ((rc = doc_node(x, info, h, &node)) || (rc = doc_write(x, id, info, h, node))) return rc;
    x->c[C_DOCS]++;
    *doc = id;
    if (status) *status = KG_DOC_NEW;
    return KG_OK;
}

int kg_doc_get(kg_txn *x, kg_id id, kg_doc *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    unsigned char k[8];
    kg_put_u64(k, id);
    MDB_val d, t;
    if ((rc = st_get(x, DB_DOCS, k, 8, &d))) {
        const pdoc *p = rc == MDB_NOTFOUND ? pdoc_of_id(x->bulk, id) : NULL;
        if (p) return pdoc_get(x, p, out);
        return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "document");
    }
    const unsigned char *p = d.mv_data;
    uint32_t kl = kg_get_u32(p + 20), tl = kg_get_u32(p + 24), al = kg_get_u32(p + 28), fl = 0;
    size_t base = 32 + (size_t)kl + tl + al;
    const unsigned char *tail = p + base; /* format 5: node, load, fingerprint */
    if (d.mv_size >= base + 16) fl = kg_get_u32(tail + 12);
    if (d.mv_size != base && d.mv_size != base + 16 + (size_t)fl)
        return kg_error(x->db, KG_CORRUPT, "document %llu: bad record", (unsigned long long)id);
    /* one scratch allocation holds key, title, author and fingerprint, NUL-separated */
    char *buf = malloc(kl + tl + al + fl + 4);
    if (!buf) return KG_NOMEM;
    memcpy(buf, p + 32, kl), buf[kl] = 0;
    memcpy(buf + kl + 1, p + 32 + kl, tl), buf[kl + 1 + tl] = 0;
    memcpy(buf + kl + tl + 2, p + 32 + kl + tl, al), buf[kl + tl + 2 + al] = 0;
    if (fl) memcpy(buf + kl + tl + al + 3, tail + 16, fl);
    buf[kl + tl + al + 3 + fl] = 0;
    const char *s = scratch(x, SLOT_DOC, buf, kl + tl + al + fl + 3);
    free(buf);
    if (!s) return KG_NOMEM;
    memset(out, 0, sizeof *out);
    if (d.mv_size > base) {
        out->node = kg_get_u64(tail), out->load = kg_get_u32(tail + 8);
        out->fingerprint = fl ? s + kl + tl + al + 3 : NULL;
    }
    rc = st_get(x, DB_DOCTEXT, k, 8, &t);
    out->id = id;
    out->key = s;
    out->title = tl ? s + kl + 1 : NULL;
    out->author = al ? s + kl + tl + 2 : NULL;
    out->date = (int32_t)kg_get_u32(p + 16);
    out->text = rc == 0 ? t.mv_data : "";
    out->text_len = rc == 0 ? t.mv_size : 0;
    return KG_OK;
}

int kg_doc_find(kg_txn *x, const char *key, kg_id *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    unsigned char kh[16];
    doc_hash(key, strlen(key), kh);
    const pdoc *p = pdoc_find(x->bulk, kh);
    if (p) return *out = pdoc_id(p), KG_OK;
    MDB_val d;
    if ((rc = st_get(x, DB_DOCKEY, kh, 16, &d)))
        return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "document");
    *out = kg_get_u64(d.mv_data);
    return KG_OK;
}

/* ---------------------------------------------------------------- statistics */

int kg_stats_get(kg_txn *x, kg_stats *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    uint64_t c[C_COUNT];
    for (int i = 0; i < C_COUNT; i++) {
        if (x->write)
            c[i] = x->c[i];
        else if (meta_get_u64(x->t, x->db->store->dbi[DB_META], counter_name[i], &c[i]))
            c[i] = 0;
    }
    size_t ms;
    out->used_size = map_used(x->db->store, &ms);
    out->map_size = ms;
    out->nodes = c[C_NODES], out->edges = c[C_EDGES], out->evidence = c[C_EVID];
    out->docs = c[C_DOCS], out->aliases = c[C_ALIASES];
    return KG_OK;
}

static int sym_counts(kg_txn *x, char kind, void (*fn)(const char *, uint64_t, void *), void *ctx)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    MDB_cursor *c;
    if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_SYMS], &c)))
        return lmdb_error(x->db, rc, "symbols");
    unsigned char k0 = (unsigned char)kind;
    MDB_val key = mv(&k0, 1), val;
    char name[256];
    for (rc = mdb_cursor_get(c, &key, &val, MDB_SET_RANGE);
         rc == 0 && ((unsigned char *)key.mv_data)[0] == k0;
         rc = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
        size_t n = key.mv_size - 1 < 255 ? key.mv_size - 1 : 255;
        memcpy(name, (char *)key.mv_data + 1, n);
        name[n] = 0;
        uint64_t cnt = count_get(x, kind, kg_get_u32(val.mv_data));
        if (cnt) fn(name, cnt, ctx);
    }
    mdb_cursor_close(c);
    return rc == MDB_NOTFOUND ? KG_OK : lmdb_error(x->db, rc, "symbols");
}

int kg_type_counts(kg_txn *x, void (*fn)(const char *, uint64_t, void *), void *ctx)
{
    return sym_counts(x, KG_SYM_TYPE, fn, ctx);
}

int kg_rel_counts(kg_txn *x, void (*fn)(const char *, uint64_t, void *), void *ctx)
{
    return sym_counts(x, KG_SYM_REL, fn, ctx);
}

/* ---------------------------------------------------------------- check */

typedef struct checker {
    kg_txn *x;
    void (*report)(const char *, void *);
    void *ctx;
    uint64_t problems;
    uint32_t lastload; /* the last load generation (13) */
} checker;

static void problem(checker *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(checker *k, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    k->problems++;
    if (k->report) k->report(msg, k->ctx);
}

#define ULL(v) ((unsigned long long)(v))

/* (1) (2): walk one adjacency table and check twins and edge records. */
static void check_adjacency(checker *k, int db, uint64_t *nent)
{
    kg_txn *x = k->x;
    MDB_cursor *c;
    if (mdb_cursor_open(x->t, x->db->store->dbi[db], &c)) return;
    MDB_val key, val;
    kg_id lastd = 0, lasts = 0;
    uint32_t lastr = 0;
    int have = 0;
    for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
         g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
        if (key.mv_size != 12 || val.mv_size != 16) {
            problem(k, "%s: entry of wrong size", db_spec[db].name);
            continue;
        }
        (*nent)++;
        kg_id a = kg_get_u64(key.mv_data), b = kg_get_u64(val.mv_data);
        uint32_t r = kg_get_u32((unsigned char *)key.mv_data + 8);
        kg_id ev = kg_get_u64((unsigned char *)val.mv_data + 8), marked = ev & KG_ADJ_HIDDEN,
              e = ev & KG_ADJ_EDGE_MASK;
        kg_id s = db == DB_OUT ? a : b, d = db == DB_OUT ? b : a;
        if (db == DB_OUT && have && lasts == s && lastr == r && lastd == d)
            problem(k, "edge (%llu, %u, %llu) stored twice", ULL(s), r, ULL(d));
        lasts = s, lastr = r, lastd = d, have = 1;
        erec er;
        if (edge_get(x, e, &er) != KG_OK)
            problem(k, "%s entry (%llu -%u-> %llu) names missing edge %llu", db_spec[db].name,
                    ULL(s), r, ULL(d), ULL(e));
        else if (er.s != s || er.r != r || er.d != d)
            problem(k, "%s entry for edge %llu disagrees with its record", db_spec[db].name,
                    ULL(e));
        else if (!marked != !edge_hidden(x, er.r, er.mod)) /* (10) */
            problem(k, "%s entry of edge %llu is %s but its modality is %s", db_spec[db].name,
                    ULL(e), marked ? "hidden" : "visible", mod_names[er.mod & 3]);
        else if (x->db->store->format >= 7 ? ev != adj_edge(x, &er, e) /* (16) */
                                           : (ev & ~KG_ADJ_HIDDEN) != e)
            problem(k, "%s entry of edge %llu says count %llu, its record %u", db_spec[db].name,
                    ULL(e), ULL(ev >> KG_ADJ_EDGE_BITS & KG_ADJ_COUNT_MAX),
                    er.ndocs ? er.ndocs : er.nev);
        /* the twin */
        unsigned char tk[KG_ADJ_KEY], tv[KG_ADJ_VAL];
        kg_adj_key(tk, b, r), kg_adj_val(tv, a, ev);
        MDB_cursor *c2;
        if (mdb_cursor_open(x->t, x->db->store->dbi[db == DB_OUT ? DB_IN : DB_OUT], &c2)) continue;
        MDB_val k2 = mv(tk, KG_ADJ_KEY), v2 = mv(tv, KG_ADJ_VAL);
        if (mdb_cursor_get(c2, &k2, &v2, MDB_GET_BOTH))
            problem(k, "%s entry of edge %llu (%llu -%u-> %llu) has no %s twin", db_spec[db].name,
                    ULL(e), ULL(s), r, ULL(d), db == DB_OUT ? "in" : "out");
        mdb_cursor_close(c2);
        uint32_t t;
        const char *nm;
        size_t nl;
        if (kg_store_node(x, s, &t, &nm, &nl) || kg_store_node(x, d, &t, &nm, &nl))
            problem(k, "edge %llu touches a missing node", ULL(e));
    }
    mdb_cursor_close(c);
}

static kg_id doc_node_of(kg_txn *x, kg_id doc);                        /* at the end */
static void check_mention_ends(checker *k, kg_id e, kg_id s, kg_id d); /* at the end */

static void check_edges(checker *k, uint64_t *nedges, uint64_t *nevid)
{
    kg_txn *x = k->x;
    MDB_cursor *c;
    if (mdb_cursor_open(x->t, x->db->store->dbi[DB_EDGES], &c)) return;
    MDB_val key, val;
    for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
         g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
        (*nedges)++;
        kg_id e = kg_get_u64(key.mv_data), found;
        erec er;
        if (!edge_decode(x->db->store, val.mv_data, val.mv_size, &er)) {
            problem(k, "edge %llu: malformed record of %zu bytes", ULL(e), val.mv_size);
            continue;
        }
        kg_id s = er.s, d = er.d;
        uint32_t r = er.r, nev = er.nev, ndocs = er.ndocs;
        uint8_t mod = er.mod, low = KG_MOD_DENIED;
        if (mod > KG_MOD_DENIED) problem(k, "edge %llu: modality %u out of range", ULL(e), mod);
        if (edge_hidden(x, r, mod)) count_add(x, 'H', r, 1); /* tally, compared in kg_check */
        int mention = rel_structural(x, r);
        if (mention) check_mention_ends(k, e, s, d); /* (12) */
        if (edge_lookup(x, s, r, d, &found) != KG_OK || found != e)
            problem(k, "edge %llu has no out entry", ULL(e));
        /* (5) evidence counts, (6) documents */
        unsigned char ek[8];
        kg_put_u64(ek, e);
        MDB_cursor *c2;
        if (mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &c2)) continue;
        MDB_val k2 = mv(ek, 8), v2;
        uint32_t n = 0, nd = 0;
        kg_id lastdoc = 0;
        unsigned char buf[EVID_SIZE];
        for (int h = mdb_cursor_get(c2, &k2, &v2, MDB_SET_KEY); h == 0;
             h = mdb_cursor_get(c2, &k2, &v2, MDB_NEXT_DUP)) {
            n++;
            kg_evidence ev;
            uint32_t rule;
            if (x->db->store->evpack) { /* format 6: packed */
                if (!evid_unpack(v2.mv_data, v2.mv_size, buf)) {
                    problem(k, "edge %llu: malformed evidence row of %zu bytes", ULL(e),
                            v2.mv_size);
                    continue;
                }
                v2 = mv(buf, EVID_SIZE);
            } else if (v2.mv_size != x->db->store->evsize) {
                problem(k, "edge %llu: evidence row of %zu bytes", ULL(e), v2.mv_size);
                continue;
            }
            kg_id doc = kg_get_u64(v2.mv_data);
            evid_decode(v2.mv_data, v2.mv_size, &ev, &rule); /* (9) */
            if (ev.load > k->lastload)                       /* (13) */
                problem(k, "edge %llu: evidence row of load %u, the last load is %u", ULL(e),
                        ev.load, k->lastload);
            if (mention && (!doc || doc_node_of(x, doc) != d)) /* (12) */
                problem(k, "mention edge %llu: a row of document %llu, not of its target's", ULL(e),
                        ULL(doc));
            if (ev.modality > KG_MOD_DENIED)
                problem(k, "edge %llu: evidence row with modality %u", ULL(e), ev.modality);
            else if (ev.modality < low)
                low = ev.modality;
            if (ev.claimant) {
                uint32_t t;
                const char *nm;
                size_t nl;
                unsigned char ck[8];
                kg_put_u64(ck, ev.claimant);
                MDB_cursor *c3;
                if (kg_store_node(x, ev.claimant, &t, &nm, &nl))
                    problem(k, "evidence of edge %llu names missing claimant %llu", ULL(e),
                            ULL(ev.claimant));
                if (!mdb_cursor_open(x->t, x->db->store->dbi[DB_CLAIMS], &c3)) {
                    MDB_val k3 = mv(ck, 8), v3 = mv(ek, 8);
                    if (mdb_cursor_get(c3, &k3, &v3, MDB_GET_BOTH))
                        problem(k, "claims does not list edge %llu under claimant %llu", ULL(e),
                                ULL(ev.claimant));
                    mdb_cursor_close(c3);
                }
            }
            if (doc && doc != lastdoc) {
                nd++;
                unsigned char dk[8];
                kg_put_u64(dk, doc);
                MDB_val dd;
                if (st_get(x, DB_DOCS, dk, 8, &dd))
                    problem(k, "evidence of edge %llu names missing document %llu", ULL(e),
                            ULL(doc));
                MDB_cursor *c3;
                if (!mdb_cursor_open(x->t, x->db->store->dbi[DB_DOCEDGES], &c3)) {
                    MDB_val k3 = mv(dk, 8), v3 = mv(ek, 8);
                    if (mdb_cursor_get(c3, &k3, &v3, MDB_GET_BOTH))
                        problem(k, "document %llu does not list edge %llu", ULL(doc), ULL(e));
                    mdb_cursor_close(c3);
                }
            }
            lastdoc = doc;
        }
        mdb_cursor_close(c2);
        *nevid += n;
        if (n != nev) problem(k, "edge %llu: %u evidence rows, record says %u", ULL(e), n, nev);
        if (!n) low = KG_MOD_ASSERTED;
        if (low != mod && mod <= KG_MOD_DENIED) /* (10) */
            problem(k, "edge %llu: modality %s, its rows say %s", ULL(e), mod_names[mod],
                    mod_names[low]);
        if (nd != ndocs) problem(k, "edge %llu: %u documents, record says %u", ULL(e), nd, ndocs);
    }
    mdb_cursor_close(c);
}

/* (3) (4): nodes, aliases, names */
static void check_nodes(checker *k, uint64_t *nnodes, uint64_t *naliases)
{
    kg_txn *x = k->x;
    MDB_cursor *c;
    MDB_val key, val;
    if (mdb_cursor_open(x->t, x->db->store->dbi[DB_NODES], &c)) return;
    for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
         g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
        (*nnodes)++;
        kg_id id = kg_get_u64(key.mv_data);
        uint32_t t = kg_get_u32(val.mv_data);
        count_add(x, 'T', t, 1); /* tally, compared below */
        unsigned char tk[4], ik[8];
        kg_put_u32(tk, t), kg_put_u64(ik, id);
        MDB_cursor *c2;
        if (mdb_cursor_open(x->t, x->db->store->dbi[DB_BYTYPE], &c2)) continue;
        MDB_val k2 = mv(tk, 4), v2 = mv(ik, 8);
        if (mdb_cursor_get(c2, &k2, &v2, MDB_GET_BOTH))
            problem(k, "node %llu is missing from the type index", ULL(id));
        mdb_cursor_close(c2);
        /* kg_alias_add trims blanks and cuts at NAME_KEY_MAX: compare the same */
        const char *cn = (char *)val.mv_data + 4;
        size_t cl = val.mv_size - 4;
        while (cl && (cn[0] == ' ' || cn[0] == '\t'))
            cn++, cl--;
        while (cl && (cn[cl - 1] == ' ' || cn[cl - 1] == '\t'))
            cl--;
        if (!alias_has(x, id, cn, utf8_cut(cn, cl, NAME_KEY_MAX)))
            problem(k, "node %llu: canonical name is not among its aliases", ULL(id));
        if (!x->db->store->nocanon && !mdb_cursor_open(x->t, x->db->store->dbi[DB_CANON], &c2)) {
            const char *nm = (const char *)val.mv_data + 4;
            k2 = mv(nm, utf8_cut(nm, val.mv_size - 4, NAME_KEY_MAX)), v2 = mv(ik, 8);
            if (mdb_cursor_get(c2, &k2, &v2, MDB_GET_BOTH)) /* (15) */
                problem(k, "node %llu is missing from the canonical name index", ULL(id));
            mdb_cursor_close(c2);
        }
    }
    mdb_cursor_close(c);
    MDB_stat st; /* (15): and nothing else (each node has one entry, checked above) */
    if (!x->db->store->nocanon && !mdb_stat(x->t, x->db->store->dbi[DB_CANON], &st) &&
        st.ms_entries != *nnodes)
        problem(k, "the canonical name index holds %llu entries for %llu nodes", ULL(st.ms_entries),
                ULL(*nnodes));
    /* every by_type entry is a live node of that type */
    if (!mdb_cursor_open(x->t, x->db->store->dbi[DB_BYTYPE], &c)) {
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            uint32_t t, want = kg_get_u32(key.mv_data);
            const char *nm;
            size_t nl;
            kg_id id = kg_get_u64(val.mv_data);
            if (kg_store_node(x, id, &t, &nm, &nl) || t != want)
                problem(k, "type index lists node %llu under the wrong type or dead", ULL(id));
        }
        mdb_cursor_close(c);
    }
    /* aliases: each indexed under its normalised form */
    if (!mdb_cursor_open(x->t, x->db->store->dbi[DB_ALIASES], &c)) {
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            (*naliases)++;
            kg_id id = kg_get_u64(key.mv_data);
            uint32_t t;
            const char *nm;
            size_t nl;
            if (kg_store_node(x, id, &t, &nm, &nl)) {
                problem(k, "alias of dead node %llu", ULL(id));
                continue;
            }
            char *norm;
            size_t l;
            if (kg_names_normalize(val.mv_data, val.mv_size, &norm, &l)) continue;
            l = utf8_cut(norm, l, NAME_KEY_MAX);
            unsigned char ik[8];
            kg_put_u64(ik, id);
            MDB_cursor *c2;
            if (l && !mdb_cursor_open(x->t, x->db->store->dbi[DB_NAMES], &c2)) {
                MDB_val k2 = mv(norm, l), v2 = mv(ik, 8);
                if (mdb_cursor_get(c2, &k2, &v2, MDB_GET_BOTH))
                    problem(k, "alias '%.60s' of node %llu is not in the name index", norm,
                            ULL(id));
                mdb_cursor_close(c2);
            }
            free(norm);
        }
        mdb_cursor_close(c);
    }
    for (int db = DB_NAMES; db <= DB_SKEL; db++) {
        if (mdb_cursor_open(x->t, x->db->store->dbi[db], &c)) continue;
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            uint32_t t;
            const char *nm;
            size_t nl;
            kg_id id = kg_get_u64(val.mv_data);
            if (kg_store_node(x, id, &t, &nm, &nl))
                problem(k, "%s entry '%.*s' points at dead node %llu", db_spec[db].name,
                        (int)(key.mv_size > 60 ? 60 : key.mv_size), (char *)key.mv_data, ULL(id));
        }
        mdb_cursor_close(c);
    }
}

static uint64_t page_check(checker *k); /* at the end: the walk of the file's pages */
static void check_v5(checker *k);       /* at the end */

int kg_check(kg_db *db, void (*report)(const char *, void *), void *ctx, uint64_t *problems)
{
    if (!db || !problems) return KG_MISUSE;
    kg_error_clear(db);
    kg_txn *x;
    int rc = kg_begin(db, KG_TXN_READ, &x);
    if (rc) return rc;
    checker k = {x, report, ctx, 0, 0};
    if (page_check(&k)) { /* damaged pages: the checks below go through LMDB and would abort */
        *problems = k.problems;
        kg_abort(x);
        return KG_OK;
    }
    check_v5(&k); /* (11), (13), (14): documents' nodes, load generations, curation */
    uint64_t nnodes = 0, naliases = 0, nedges = 0, nevid = 0, nout = 0, nin = 0, ndocs = 0;
    check_nodes(&k, &nnodes, &naliases);
    check_adjacency(&k, DB_OUT, &nout);
    check_adjacency(&k, DB_IN, &nin);
    check_edges(&k, &nedges, &nevid);
    if (nout != nedges || nin != nedges)
        problem(&k, "%llu edges but %llu out and %llu in entries", ULL(nedges), ULL(nout),
                ULL(nin));
    MDB_stat st;
    if (!mdb_stat(x->t, db->store->dbi[DB_DOCS], &st)) ndocs = st.ms_entries;
    /* (6) every doc_edges entry has evidence from that document */
    MDB_cursor *c;
    MDB_val key, val;
    if (!mdb_cursor_open(x->t, db->store->dbi[DB_DOCEDGES], &c)) {
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT))
            if (!evid_has_doc(x, kg_get_u64(val.mv_data), kg_get_u64(key.mv_data)))
                problem(&k, "document %llu lists edge %llu without evidence from it",
                        ULL(kg_get_u64(key.mv_data)), ULL(kg_get_u64(val.mv_data)));
        mdb_cursor_close(c);
    }
    /* (8) in-degree statistics: one indeg key per in key, with its count,
    ** and (format 7) one with the sum of its entries' counts */
    uint64_t nkeys = 0;
    int sums = db->store->format >= 7;
    if (!mdb_cursor_open(x->t, db->store->dbi[DB_IN], &c)) {
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT_NODUP)) {
            size_t cnt = 0;
            if (key.mv_size != 12 || mdb_cursor_count(c, &cnt)) continue;
            nkeys++;
            unsigned char ik[KG_INDEG_KEY];
            kg_id d = kg_get_u64(key.mv_data);
            uint32_t r = kg_get_u32((unsigned char *)key.mv_data + 8);
            kg_indeg_key(ik, r, cnt, d);
            MDB_val dd;
            if (st_get(x, DB_INDEG, ik, KG_INDEG_KEY, &dd))
                problem(&k, "node %llu: in-degree %zu for relation %u is not in indeg", ULL(d), cnt,
                        r);
            uint64_t sum, n;
            if (!sums || in_sum(x, d, r, &sum, &n)) continue;
            kg_indeg_key(ik, r | KG_INDEG_SUM, sum, d);
            if (st_get(x, DB_INDEG, ik, KG_INDEG_KEY, &dd))
                problem(&k, "node %llu: the sum %llu of its relation %u counts is not in indeg",
                        ULL(d), ULL(sum), r);
        }
        mdb_cursor_close(c);
    }
    if (!mdb_stat(x->t, db->store->dbi[DB_INDEG], &st) && st.ms_entries != nkeys * (sums ? 2 : 1))
        problem(&k, "indeg holds %llu entries for %llu (node, relation) pairs", ULL(st.ms_entries),
                ULL(nkeys));
    /* documents whose bulk load committed them but not their facts */
    MDB_val lv;
    if (!st_get(x, DB_META, "loading", 7, &lv)) {
        size_t nl = lv.mv_size / 8;
        kg_id ld[8];
        for (size_t i = 0; i < nl && i < 8; i++)
            ld[i] = kg_get_u64((unsigned char *)lv.mv_data + 8 * i);
        for (size_t i = 0; i < nl && i < 8; i++) {
            kg_doc d;
            problem(&k,
                    "document %llu '%.200s' is half-loaded: its bulk load committed the "
                    "document but not its facts (it failed or was killed, or is still "
                    "running); load the file again",
                    ULL(ld[i]), kg_doc_get(x, ld[i], &d) ? "?" : d.key);
        }
    }
    /* (7) counters */
    uint64_t want[C_COUNT] = {0};
    for (int i = C_NODES; i < C_COUNT; i++)
        if (meta_get_u64(x->t, db->store->dbi[DB_META], counter_name[i], &want[i])) want[i] = 0;
    const struct {
        int c;
        uint64_t got;
    } cmp[] = {{C_NODES, nnodes},
               {C_EDGES, nedges},
               {C_EVID, nevid},
               {C_DOCS, ndocs},
               {C_ALIASES, naliases}};
    for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++)
        if (cmp[i].got != want[cmp[i].c])
            problem(&k, "counter '%s' is %llu but there are %llu", counter_name[cmp[i].c],
                    ULL(want[cmp[i].c]), ULL(cmp[i].got));
    /* (9) every claims entry has a row naming its claimant */
    if (!db->store->noclaims && !mdb_cursor_open(x->t, db->store->dbi[DB_CLAIMS], &c)) {
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            kg_id cl = kg_get_u64(key.mv_data), e = kg_get_u64(val.mv_data);
            int has = 0;
            if (evid_scan(x, e, cl, KG_MOD_ASSERTED, &has, NULL) || !has)
                problem(&k, "claims lists edge %llu under claimant %llu without such a row", ULL(e),
                        ULL(cl));
        }
        mdb_cursor_close(c);
    }
    /* (10) hidden relations per relation name (tallied into 'H' by check_edges) */
    for (size_t i = 0; i < x->ndeltas; i++)
        if (x->deltas[i].kind == 'H' &&
            count_get(x, KG_COUNT_HIDDEN, x->deltas[i].id) != (uint64_t)x->deltas[i].delta)
            problem(&k, "relation %u: %llu hidden edges counted, %llu found", x->deltas[i].id,
                    ULL(count_get(x, KG_COUNT_HIDDEN, x->deltas[i].id)), ULL(x->deltas[i].delta));
    if (!mdb_cursor_open(x->t, db->store->dbi[DB_COUNTS], &c)) {
        unsigned char h0 = KG_COUNT_HIDDEN;
        key = mv(&h0, 1);
        for (int g = mdb_cursor_get(c, &key, &val, MDB_SET_RANGE);
             g == 0 && key.mv_size == 5 && ((unsigned char *)key.mv_data)[0] == h0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            uint32_t r = kg_get_u32((unsigned char *)key.mv_data + 1);
            int tallied = 0;
            for (size_t i = 0; i < x->ndeltas; i++)
                tallied |= x->deltas[i].kind == 'H' && x->deltas[i].id == r;
            if (!tallied && val.mv_size == 8 && kg_get_u64(val.mv_data))
                problem(&k, "relation %u: %llu hidden edges counted, none found", r,
                        ULL(kg_get_u64(val.mv_data)));
        }
        mdb_cursor_close(c);
    }
    /* per-type counts (tallied into 'T' deltas by check_nodes) */
    for (size_t i = 0; i < x->ndeltas; i++)
        if (x->deltas[i].kind == 'T') {
            uint64_t stored = count_get(x, KG_SYM_TYPE, x->deltas[i].id);
            if (stored != (uint64_t)x->deltas[i].delta)
                problem(&k, "type %u count is %llu but there are %llu nodes", x->deltas[i].id,
                        ULL(stored), ULL(x->deltas[i].delta));
        }
    *problems = k.problems;
    kg_abort(x);
    return KG_OK;
}

/* ---------------------------------------------------------------- bulk writes
** For bulk.c: puts that skip the journal and use MDB_APPEND / MDB_APPENDDUP
** while the keys (and, in DUPSORT tables, the values) come in ascending order
** after everything already in the table -- always true of keys made of new ids,
** and of sorted batches written into an empty table. The first key that does
** not sort last turns the table back to ordinary puts.
**
** The map grows during a bulk load as in any write transaction, in two ways.
** Before its commit a bulk transaction writes little (symbols, aliases, large
** documents) through the ordinary journaled puts, so a full map is grown and
** the journal replayed (txn_regrow). A document text of JOURNAL_TEXT bytes or
** more (a whole fact file; bulk.c's CHECKPOINT_TEXT) is not copied into the
** journal: the map is grown for it before it is put (bulk_text_room), and the
** journal is incomplete until the checkpoint commits the text (a fact file's
** load checkpoints right after it). A load that goes on without that
** checkpoint cannot grow any more: a full map ends it with KG_FULL, saying a
** larger size hint would reserve the room. kg_bulk_commit's write phase (between
** kg_store_bulk_write and the commit) writes everything else with bulk puts,
** which are not journaled: when the map is full there, kg_store_bulk_retry
** aborts, grows the map (doubling), replays the journal of what came before the
** phase, puts back the counters the phase had changed, and bulk.c writes the
** phase again from what it still holds in memory. Only a map that cannot grow
** (kg_options.map_max, the disk, statements open on the handle) ends the load,
** with KG_FULL and nothing of it stored.
**
** Documents registered new in a bulk load's transaction (kg_doc_register) with
** at most PEND_TEXT bytes of text are not written at once: their node is one of
** the bulk's new nodes (kg_bulk_docnode: written by bulk.c with the others),
** their records, keys and properties wait in bulk_state and are written sorted
** in the write phase (kg_store_bulk_docs), mostly as appends, where a
** registration one at a time costs about fifteen searches and puts in eight
** tables. Until then kg_doc_find and kg_doc_get see them, and they may be the
** document of kg_bulk_edge's evidence. */

#define PEND_TEXT ((size_t)64 << 10) /* documents with more text are written at once */

/* Room in the map for a text of len bytes and what the transaction wrote so
** far (the journal's length, twice for page overhead), grown when short
** (replaying the journal; see doc_write). An LMDB code. */
static int bulk_text_room(kg_txn *x, size_t len)
{
    size_t cur, used = map_used(x->db->store, &cur);
    size_t want = used + 2 * x->jlen + len + len / 8 + ((size_t)1 << 20);
    return want <= cur ? 0 : txn_replay(x, want);
}

/* A document registered new in a bulk load, written at its commit: key,
** title, author and fingerprint (each NUL-terminated), then the text, back to
** back in bulk_state.arena from `off`. */
typedef struct pdoc {
    kg_id id, node;              /* document and its node */
    unsigned char h[16], kh[16]; /* XXH128 of the text and of the key */
    int32_t date;                /* report date */
    uint32_t kl, tl, al, fl;     /* key, title, author, fingerprint bytes */
    size_t off, xl;              /* where the strings begin; text bytes */
} pdoc;

enum { DP_TITLE, DP_AUTHOR, DP_DATE, DP_HASH, DP_EXTRACTOR, DP_LOAD, DP_LOADED, DP_N };
static const char *const doc_prop[DP_N] = {"title",     "author", "date",  "hash",
                                           "extractor", "load",   "loaded"};

struct bulk_state {
    kg_bulk *owner; /* the bulk load (its new nodes include the documents') */
    struct bulk_cursors {
        MDB_cursor *cur[KG_T_N]; /* one write cursor per table, opened on first use */
        int noappend[KG_T_N];    /* a key did not sort last: ordinary puts from now on */
        unsigned char prev[KG_T_N][NAME_KEY_MAX]; /* the previous key put, for APPENDDUP */
        size_t prevlen[KG_T_N];                   /* its length; 0 = none */
    } w;                                          /* reset whenever the LMDB transaction changes */
    int writing;                                  /* in the write phase (kg_store_bulk_write) */
    int replayable;                               /* the journal before the phase is whole */
    int full;                                     /* a write of the phase found the map full */
    uint64_t c[C_COUNT];                          /* the counters when the phase began */
    count_delta *deltas;                          /* and the count changes */
    size_t ndeltas;                               /* their number */
    pdoc *docs; /* documents waiting for the write phase, in id order */
    size_t ndocs, capdocs;
    char *arena; /* their strings and texts */
    size_t alen, acap;
    kg_itab keys;        /* key hash -> index into docs */
    uint32_t psym[DP_N]; /* the property keys of documents' nodes */
    int psyms;           /* psym is filled */
};

static const int bulk_db[KG_T_N] = {DB_NODES,   DB_NAMES,   DB_SKEL,  DB_ALIASES, DB_BYTYPE,
                                    DB_OUT,     DB_IN,      DB_EDGES, DB_EVID,    DB_DOCEDGES,
                                    DB_INDEG,   DB_CLAIMS,  DB_CANON, DB_DOCS,    DB_DOCKEY,
                                    DB_DOCHASH, DB_DOCTEXT, DB_PROPS};

static void bulk_state_free(struct bulk_state *b)
{
    if (!b) return;
    free(b->deltas), free(b->docs), free(b->arena), kg_itab_free(&b->keys);
    free(b);
}

/* A write of the bulk load's write phase found the map full. */
static void bulk_full(kg_txn *x)
{
    if (x->bulk && x->bulk->writing) x->bulk->full = 1;
}

int kg_store_reserve(kg_db *db, size_t bytes)
{
    if (!db || !db->store) return KG_MISUSE;
    if (db->txn || db->nreaders) return KG_OK; /* cannot remap now; the journal still grows it */
    size_t cur, used = map_used(db->store, &cur);
    int rc = map_grow(db, used + bytes);
    return rc ? lmdb_error(db, rc, "cannot reserve map space") : KG_OK;
}

int kg_store_bulk_start(kg_txn *x, kg_bulk *owner)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!x->bulk && !(x->bulk = calloc(1, sizeof *x->bulk)))
        return kg_error(x->db, KG_NOMEM, "out of memory");
    x->bulk->owner = owner;
    return KG_OK;
}

int kg_store_bulk_write(kg_txn *x)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    struct bulk_state *b = x->bulk;
    if (!b) return KG_MISUSE;
    free(b->deltas);
    b->deltas = NULL, b->ndeltas = 0;
    if (x->ndeltas && !(b->deltas = malloc(x->ndeltas * sizeof *b->deltas)))
        return kg_error(x->db, KG_NOMEM, "out of memory");
    if (x->ndeltas) memcpy(b->deltas, x->deltas, x->ndeltas * sizeof *b->deltas);
    b->ndeltas = x->ndeltas;
    memcpy(b->c, x->c, sizeof b->c);
    b->replayable = !x->jbroken;
    x->jbroken = 1; /* the phase's puts are not journaled: it is written again instead */
    b->writing = 1, b->full = 0;
    return KG_OK;
}

/* Can the write phase of x go back to its beginning after a full map? */
static int bulk_keep(kg_txn *x)
{
    struct bulk_state *b = x->bulk;
    return b && b->writing && b->full && b->replayable;
}

int kg_store_bulk_commit(kg_txn *x, int *ended)
{
    int kept = 0, rc = txn_commit(x, &kept);
    *ended = !kept;
    return rc;
}

int kg_store_bulk_retry(kg_txn *x, int rc)
{
    struct bulk_state *b = x ? x->bulk : NULL;
    if (rc == KG_FULL && b && b->writing && b->full && !b->replayable)
        return kg_error(x->db, KG_FULL,
                        "bulk load: the database map is full and cannot grow in this load "
                        "(a large document of it is not committed yet); a larger size hint "
                        "reserves the room");
    if (rc != KG_FULL || !b || !bulk_keep(x) || !x->t) return rc;
    kg_db *db = x->db;
    int lrc = txn_replay(x, 0); /* grows the map and replays what came before the phase */
    if (lrc == MDB_MAP_FULL)
        return kg_error(db, KG_FULL,
                        db->nreaders ? "bulk load: the database map is full and cannot grow "
                                       "while statements are open on the handle"
                                     : "bulk load: the database map is full (limit %zu bytes)",
                        db->store->map_max);
    if (lrc) return write_error(x, lrc, "bulk load");
    memcpy(x->c, b->c, sizeof x->c);
    if (b->ndeltas > x->capdeltas) { /* x->deltas only grew since */
        x->failed = 1;
        return kg_error(db, KG_ERROR, "bulk load: counts lost");
    }
    if (b->ndeltas) memcpy(x->deltas, b->deltas, b->ndeltas * sizeof *b->deltas);
    x->ndeltas = b->ndeltas;
    memset(&b->w, 0, sizeof b->w); /* the cursors ended with the aborted transaction */
    sym_cache_clear(db->store);    /* a symbol the phase made is gone with it */
    x->failed = 0, b->full = 0;
    kg_error_clear(db);
    return KG_OK;
}

int kg_store_bulk_put(kg_txn *x, int t, const void *k, size_t kl, const void *v, size_t vl)
{
    struct bulk_state *bs = x->bulk;
    if (!bs || t < 0 || t >= KG_T_N) return KG_MISUSE;
    if (t == KG_T_CANON && x->db->store->nocanon) return KG_OK; /* as canon_write */
    MDB_dbi dbi = x->db->store->dbi[bulk_db[t]];
    int dup = (db_spec[bulk_db[t]].flags & MDB_DUPSORT) != 0, rc;
    unsigned char row[EVID_SIZE], packed[EVID_PACK_MAX];
    if (t == KG_T_EVID && vl == EVID_SIZE && x->db->store->load) { /* the row's load */
        memcpy(row, v, EVID_SIZE);
        kg_put_u32(row + 44, x->db->store->load);
        v = row;
    }
    if (t == KG_T_EVID && vl == EVID_SIZE && x->db->store->evpack)
        vl = evid_pack(v, packed), v = packed; /* format 6 */
    struct bulk_cursors *b = &bs->w;
    if (!b->cur[t] && (rc = mdb_cursor_open(x->t, dbi, &b->cur[t])))
        return write_error(x, rc, "bulk write");
    MDB_val key = mv(k, kl), val = mv(v, vl);
    if (!b->noappend[t]) {
        int same = dup && b->prevlen[t] == kl && !memcmp(b->prev[t], k, kl);
        rc = mdb_cursor_put(b->cur[t], &key, &val, same ? MDB_APPENDDUP : MDB_APPEND);
        if (rc == 0) {
            if (kl <= sizeof b->prev[t])
                memcpy(b->prev[t], k, kl), b->prevlen[t] = kl;
            else
                b->prevlen[t] = 0;
            return KG_OK;
        }
        if (rc == MDB_MAP_FULL) bulk_full(x);
        if (rc != MDB_KEYEXIST) return write_error(x, rc, "bulk write");
        b->noappend[t] = 1;
    }
    rc = mdb_cursor_put(b->cur[t], &key, &val, dup ? MDB_NODUPDATA : 0);
    if (rc == MDB_KEYEXIST) rc = 0;
    if (rc == MDB_MAP_FULL) bulk_full(x);
    return rc ? write_error(x, rc, "bulk write") : KG_OK;
}

int kg_store_bulk_checkpoint(kg_txn *x, size_t min_text)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    /* only documents were written so far (with their nodes: counts and symbols
    ** of those are committed here too), at least min_text bytes of them, and
    ** none waits for the commit (its node is one of the bulk's) */
    if (x->npdocs == 0 || x->npdocs > 8 || x->nops != x->docops || x->doctext < min_text ||
        (x->bulk && x->bulk->ndocs))
        return KG_OK;
    unsigned char v[8 * 8];
    for (int i = 0; i < x->npdocs; i++)
        kg_put_u64(v + 8 * i, x->pdocs[i]);
    rc = st_put(x, DB_META, "loading", 7, v, 8 * (size_t)x->npdocs, 0);
    if (!rc) rc = flush_counts(x);
    if (!rc) {
        rc = mdb_txn_commit(x->t);
        x->t = NULL;
        writer_unlock(x->db->store); /* other writers' turn */
    }
    if (!rc) KG_HOOK(x->db, "checkpoint");
    if (!rc) writer_lock(x->db->store);
    if (!rc) rc = txn_start(x->db, 1, &x->t);
    if (!rc && (rc = stale_base(x->db, &x->t))) {
        x->failed = 1;
        return rc;
    }
    /* another writer may have committed in between: its counters, not ours */
    if (!rc) rc = counters_read(x);
    if (rc) {
        if (x->t) mdb_txn_abort(x->t);
        x->t = NULL;
        x->failed = 1;
        return lmdb_error(x->db, rc, "bulk checkpoint");
    }
    x->loading = 1, x->newsyms = 0; /* its symbols are committed */
    x->jlen = 0, x->nops = x->docops = 0, x->npdocs = 0, x->doctext = 0;
    x->jbroken = 0; /* what it lacked (a large text, doc_write) is committed */
    if (x->bulk) memset(&x->bulk->w, 0, sizeof x->bulk->w); /* its cursors ended with the commit */
    free(x->jbuf), x->jbuf = NULL, x->jcap = 0;
    return KG_OK;
}

/* ---- documents registered in a bulk load (see "bulk writes" above) */

static uint64_t pdoc_hash(void *ctx, uint32_t i)
{
    return kg_get_u64(((struct bulk_state *)ctx)->docs[i].kh);
}

/* The waiting document of key hash kh, or NULL. */
static pdoc *pdoc_find(struct bulk_state *b, const unsigned char kh[16])
{
    if (!b || !b->ndocs) return NULL;
    KG_ITAB_EACH(&b->keys, kg_get_u64(kh), i)
    {
        pdoc *p = &b->docs[b->keys.t[i] - 1];
        if (!memcmp(p->kh, kh, 16)) return p;
    }
    return NULL;
}

/* p as kg_doc fields, its strings and text borrowed from s (the arena at
** p->off, or a copy); load: the load generation registering it. */
static void pdoc_info(const pdoc *p, const char *s, uint32_t load, kg_doc *out)
{
    memset(out, 0, sizeof *out);
    out->id = p->id, out->node = p->node, out->date = p->date;
    out->key = s, out->title = p->tl ? s + p->kl + 1 : NULL;
    out->author = p->al ? s + p->kl + p->tl + 2 : NULL;
    out->fingerprint = p->fl ? s + p->kl + p->tl + p->al + 3 : NULL;
    out->text = s + p->kl + p->tl + p->al + p->fl + 4, out->text_len = p->xl;
    out->load = load;
}

/* Store info's strings and text in the arena for p (registered anew). */
static int pdoc_set(kg_txn *x, pdoc *p, const kg_doc *info, const unsigned char h[16])
{
    struct bulk_state *b = x->bulk;
    const char *s[4] = {info->key, info->title ? info->title : "", info->author ? info->author : "",
                        info->fingerprint ? info->fingerprint : ""};
    size_t l[4], n = info->text_len + 4;
    for (int i = 0; i < 4; i++)
        n += l[i] = strlen(s[i]);
    if (l[0] > UINT32_MAX || l[1] > UINT32_MAX || l[2] > UINT32_MAX || l[3] > UINT32_MAX)
        return kg_error(x->db, KG_LIMIT, "document strings over 4 GiB");
    if (b->alen + n > b->acap) {
        size_t cap = b->acap ? b->acap : 65536;
        while (cap < b->alen + n)
            cap *= 2;
        char *a = realloc(b->arena, cap);
        if (!a) return kg_error(x->db, KG_NOMEM, "out of memory");
        b->arena = a, b->acap = cap;
    }
    char *d = b->arena + b->alen;
    p->off = b->alen;
    for (int i = 0; i < 4; i++)
        memcpy(d, s[i], l[i]), d[l[i]] = 0, d += l[i] + 1;
    if (info->text_len) memcpy(d, info->text, info->text_len);
    b->alen += n;
    p->kl = (uint32_t)l[0], p->tl = (uint32_t)l[1], p->al = (uint32_t)l[2], p->fl = (uint32_t)l[3];
    p->xl = info->text_len, p->date = info->date;
    memcpy(p->h, h, 16);
    return KG_OK;
}

/* Register a new document of a bulk load for its write phase: ids now, the
** node among the bulk's new nodes, the rest at kg_store_bulk_docs. */
static int pdoc_add(kg_txn *x, const kg_doc *info, const unsigned char h[16],
                    const unsigned char kh[16], kg_id *doc)
{
    struct bulk_state *b = x->bulk;
    int rc;
    for (int i = 0; i < DP_N && !b->psyms; i++) /* made now: the journal replays them */
        if ((rc = kg_store_sym(x, KG_SYM_KEY, doc_prop[i], 1, &b->psym[i]))) return rc;
    b->psyms = 1;
    if (b->ndocs >= UINT32_MAX - 1) return kg_error(x->db, KG_LIMIT, "too many documents");
    if (b->ndocs == b->capdocs) {
        size_t cap = b->capdocs ? b->capdocs * 2 : 1024;
        pdoc *d = realloc(b->docs, cap * sizeof *d);
        if (!d) return kg_error(x->db, KG_NOMEM, "out of memory");
        b->docs = d, b->capdocs = cap;
    }
    pdoc *p = &b->docs[b->ndocs];
    memset(p, 0, sizeof *p);
    memcpy(p->kh, kh, 16);
    if ((rc = pdoc_set(x, p, info, h))) return rc;
    /* room in the key table first: once the node is made, nothing may fail */
    b->keys.min = 1024;
    if ((b->keys.n + 1) * 2 > b->keys.cap && kg_itab_grow(&b->keys, pdoc_hash, b))
        return kg_error(x->db, KG_NOMEM, "out of memory");
    if ((rc = kg_bulk_docnode(b->owner, info->key, strlen(info->key), &p->node))) return rc;
    kg_itab_add(&b->keys, kg_get_u64(kh), b->ndocs, pdoc_hash, b); /* cannot fail now */
    p->id = x->c[C_NEXT_DOC]++;
    b->ndocs++;
    *doc = p->id;
    return KG_OK;
}

/* A waiting document registered again: KG_DOC_SAME, or its record replaced
** (KG_DOC_CHANGED, KG_DOC_REREAD) as kg_doc_register replaces a stored one. */
static int pdoc_again(kg_txn *x, pdoc *p, const kg_doc *info, const unsigned char h[16], kg_id *doc,
                      int *status)
{
    *doc = p->id;
    struct bulk_state *b = x->bulk;
    const char *was = p->fl ? b->arena + p->off + p->kl + p->tl + p->al + 3 : "";
    int same = !memcmp(p->h, h, 16);
    int reread = same && ((info->flags & KG_DOC_FORCE) ||
                          (info->fingerprint && strcmp(info->fingerprint, was)));
    if (same && !reread) return *status = KG_DOC_SAME, KG_OK;
    *status = reread ? KG_DOC_REREAD : KG_DOC_CHANGED;
    return pdoc_set(x, p, info, h);
}

/* Is info, a document new to the database, to wait for the bulk's commit? */
static int pdoc_defer(const kg_txn *x, const kg_doc *info)
{
    return x->bulk && x->bulk->owner && !x->bulk->writing && info->text_len <= PEND_TEXT;
}

/* The waiting document of id `id` (they are in id order), or NULL. */
static const pdoc *pdoc_of_id(struct bulk_state *b, kg_id id)
{
    size_t lo = 0, hi = b ? b->ndocs : 0;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (b->docs[m].id == id) return &b->docs[m];
        if (b->docs[m].id < id)
            lo = m + 1;
        else
            hi = m;
    }
    return NULL;
}

static kg_id pdoc_id(const pdoc *p)
{
    return p->id;
}

/* kg_doc_get of a waiting document: its strings copied as kg_doc_get's are. */
static int pdoc_get(kg_txn *x, const pdoc *p, kg_doc *out)
{
    struct bulk_state *b = x->bulk;
    size_t sl = p->kl + p->tl + p->al + p->fl + 4;
    const char *s = scratch(x, SLOT_DOC, b->arena + p->off, sl);
    if (!s) return KG_NOMEM;
    pdoc_info(p, s, x->db->store->load, out);
    out->text = b->arena + p->off + sl; /* as a stored text: valid until the next write */
    return KG_OK;
}

/* A doc_key or doc_hash entry of a waiting document, sorted by hash, then
** id (of equal text hashes doc_hash keeps the last registered, as one by one). */
typedef struct hashid {
    unsigned char h[16];
    kg_id id;
} hashid;

static int hashid_cmp(const void *a, const void *b)
{
    const hashid *x = a, *y = b;
    int c = memcmp(x->h, y->h, 16);
    return c ? c : x->id < y->id ? -1 : x->id > y->id;
}

/* Sort and write n entries into doc_key or doc_hash, the last of equal hashes. */
static int hashid_write(kg_txn *x, int table, hashid *s, size_t n)
{
    qsort(s, n, sizeof *s, hashid_cmp);
    int rc = KG_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i + 1 < n && !memcmp(s[i].h, s[i + 1].h, 16)) continue;
        unsigned char k[8];
        kg_put_u64(k, s[i].id);
        rc = kg_store_bulk_put(x, table, s[i].h, 16, k, 8);
    }
    return rc;
}

int kg_store_bulk_docs(kg_txn *x)
{
    struct bulk_state *b = x->bulk;
    if (!b || !b->ndocs) return KG_OK;
    struct kg_store *st = x->db->store;
    /* the properties in key order: the order of their symbols */
    int ord[DP_N];
    for (int i = 0; i < DP_N; i++) {
        int j = i;
        for (; j > 0 && b->psym[ord[j - 1]] > b->psym[i]; j--)
            ord[j] = ord[j - 1];
        ord[j] = i;
    }
    int64_t loaded = st->loadtime / 86400 - (st->loadtime < 0 && st->loadtime % 86400);
    int rc = KG_OK;
    for (size_t i = 0; i < b->ndocs && !rc; i++) {
        const pdoc *p = &b->docs[i];
        kg_doc info;
        pdoc_info(p, b->arena + p->off, st->load, &info);
        unsigned char k[8], pk[12];
        kg_put_u64(k, p->id);
        size_t n;
        unsigned char *rec = doc_rec(&info, p->h, p->node, st->load, &n);
        if (!rec) return KG_NOMEM;
        rc = kg_store_bulk_put(x, KG_T_DOCS, k, 8, rec, n);
        free(rec);
        if (!rc && p->xl) rc = kg_store_bulk_put(x, KG_T_DOCTEXT, k, 8, info.text, p->xl);
        /* the node's properties, as doc_node sets them */
        char hex[33];
        static const char digits[] = "0123456789abcdef";
        for (int j = 0; j < 16; j++)
            hex[2 * j] = digits[p->h[j] >> 4], hex[2 * j + 1] = digits[p->h[j] & 15];
        hex[32] = 0;
        kg_put_u64(pk, p->node);
        for (int q = 0; q < DP_N && !rc; q++) {
            kg_value v = {KG_NULL, 0, 0, NULL, 0};
            switch (ord[q]) {
            case DP_TITLE:
                v.s = info.title;
                break;
            case DP_AUTHOR:
                v.s = info.author;
                break;
            case DP_EXTRACTOR:
                v.s = info.fingerprint;
                break;
            case DP_HASH:
                v.s = hex;
                break;
            case DP_DATE:
                if (p->date != KG_NODATE) v.type = KG_DATE, v.i = p->date;
                break;
            case DP_LOAD:
                v.type = KG_INT, v.i = st->load;
                break;
            case DP_LOADED:
                if (st->load) v.type = KG_DATE, v.i = loaded;
                break;
            }
            if (v.s && *v.s) v.type = KG_TEXT, v.len = strlen(v.s);
            if (v.type == KG_NULL) continue;
            unsigned char *pv;
            if ((rc = prop_encode(x, &v, &pv, &n))) break;
            kg_put_u32(pk + 8, b->psym[ord[q]]);
            rc = kg_store_bulk_put(x, KG_T_PROPS, pk, 12, pv, n);
            free(pv);
        }
    }
    /* doc_key and doc_hash in key order */
    hashid *s = rc ? NULL : malloc(b->ndocs * sizeof *s);
    if (!rc && !s) return kg_error(x->db, KG_NOMEM, "out of memory");
    for (int t = 0; t < 2 && !rc; t++) {
        for (size_t i = 0; i < b->ndocs; i++) {
            memcpy(s[i].h, t ? b->docs[i].h : b->docs[i].kh, 16);
            s[i].id = b->docs[i].id;
        }
        rc = hashid_write(x, t ? KG_T_DOCHASH : KG_T_DOCKEY, s, b->ndocs);
    }
    free(s);
    if (!rc) x->c[C_DOCS] += b->ndocs;
    return rc;
}

uint64_t kg_store_node_limit(kg_txn *x)
{
    if (!x || !x->t) return 0;
    if (x->write) return x->c[C_NEXT_NODE];
    uint64_t v = 0;
    if (meta_get_u64(x->t, x->db->store->dbi[DB_META], "next_node", &v)) return 0;
    return v;
}

uint64_t kg_store_bulk_ids(kg_txn *x, int what, uint64_t n)
{
    int c = what == 'n' ? C_NEXT_NODE : what == 'e' ? C_NEXT_EDGE : C_NEXT_DOC;
    uint64_t first = x->c[c];
    x->c[c] += n;
    return first;
}

void kg_store_bulk_counted(kg_txn *x, uint64_t nodes, uint64_t edges, uint64_t evid,
                           uint64_t aliases)
{
    x->c[C_NODES] += nodes, x->c[C_EDGES] += edges, x->c[C_EVID] += evid;
    x->c[C_ALIASES] += aliases;
}

uint64_t kg_store_bulk_total(kg_txn *x, int what)
{
    return what == 'n' ? x->c[C_NODES] : what == 'e' ? x->c[C_EDGES] : x->c[C_DOCS];
}

void kg_store_count_add(kg_txn *x, int kind, uint32_t id, int64_t d)
{
    count_add(x, (char)kind, id, d);
}

int kg_store_edge_find(kg_txn *x, kg_id s, uint32_t r, kg_id d, kg_id *e)
{
    return edge_lookup(x, s, r, d, e);
}

void kg_store_evid_encode(unsigned char v[EVID_SIZE], const kg_evidence *ev, uint32_t rule)
{
    evid_encode(v, ev, rule);
}

static int packed_cmp(const void *a, const void *b); /* with upgrade6, at the end */

int kg_store_evid_cmp(const unsigned char *a, const unsigned char *b)
{
    unsigned char pa[1 + EVID_PACK_MAX], pb[1 + EVID_PACK_MAX];
    pa[0] = (unsigned char)evid_pack(a, pa + 1), pb[0] = (unsigned char)evid_pack(b, pb + 1);
    return packed_cmp(pa, pb);
}

size_t kg_store_edge_encode(kg_txn *x, unsigned char v[KG_EDGE_REC_MAX], kg_id s, uint32_t r,
                            kg_id d, uint32_t nev, uint32_t ndocs, uint8_t modality)
{
    return edge_encode(x->db->store, v, s, r, d, nev, ndocs, modality);
}

int kg_store_indeg_add(kg_txn *x, kg_id d, uint32_t r, uint64_t added, uint64_t added_sum)
{
    uint64_t now, sum = 0;
    int sums = x->db->store->format >= 7; /* one read of the entries: their number too */
    int rc = sums ? in_sum(x, d, r, &sum, &now) : in_count(x, d, r, &now);
    if (!rc && now >= added) rc = indeg_move(x, r, d, now - added, now);
    if (!rc && sums && now >= added && sum >= added_sum)
        rc = indeg_sum_move(x, r, d, now > added, sum - added_sum, now > 0, sum);
    return rc ? write_error(x, rc, "in-degree") : KG_OK;
}

/* ---------------------------------------------------------------- backup
** kg_backup (kg.h): LMDB's copy of the environment (mdb_env_copyfd2) into a
** new file. The copy reads one snapshot in a read transaction, so readers
** and writers of other handles and processes go on; the plain copy takes the
** writer lock for a moment to read the meta pages (it waits for the write
** transaction in progress to end), the compacting copy never does. The file is
** written under a temporary name in the target's directory, flushed, and
** then linked to its name (link(2) fails instead of replacing a file that
** appeared meanwhile), so `path` is either absent or a whole copy. */

/* The directory part of path ("." when it has none); caller frees. */
static char *path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) memcpy(d, path, n), d[n] = 0;
    return d;
}

/* Does directory dir hold a database (data.mdb or lock.mdb)? */
static int dir_has_db(const char *dir)
{
    static const char *const files[] = {"data.mdb", "lock.mdb"};
    struct stat st;
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(dir) + 10;
        char *p = malloc(n);
        if (!p) return 0;
        snprintf(p, n, "%s/%s", dir, files[i]);
        int yes = lstat(p, &st) == 0;
        free(p);
        if (yes) return 1;
    }
    return 0;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) fsync(fd), close(fd);
}

int kg_backup(kg_db *db, const char *path, unsigned flags)
{
    if (!db) return KG_MISUSE;
    kg_error_clear(db);
    if (!db->store || !db->store->env) return kg_error(db, KG_MISUSE, "the database is not open");
    if (!path || !*path) return kg_error(db, KG_MISUSE, "no backup file given");
    if (flags & ~KG_BACKUP_COMPACT) return kg_error(db, KG_MISUSE, "unknown backup flags");
    if (db->txn && db->txn->write)
        return kg_error(db, KG_MISUSE,
                        "a write transaction is open on this handle: commit or "
                        "abort it first (the copy waits for the writer lock)");
    struct stat st;
    if (lstat(path, &st) == 0)
        return kg_error(db, KG_EXISTS, "%s exists: a backup never replaces a file", path);
    if (errno != ENOENT) return lmdb_error(db, errno, path);
    char *dir = path_dir(path);
    if (!dir) return kg_error(db, KG_NOMEM, "out of memory");
    if (dir_has_db(dir)) {
        kg_error(db, KG_INVALID,
                 "will not write %s: %s is a database directory (it holds "
                 "data.mdb or lock.mdb); choose another place",
                 path, dir);
        free(dir);
        return KG_INVALID;
    }
    size_t tn = strlen(path) + 16;
    char *tmp = malloc(tn);
    if (!tmp) {
        free(dir);
        return kg_error(db, KG_NOMEM, "out of memory");
    }
    snprintf(tmp, tn, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp), rc = 0, kc = KG_OK;
    if (fd < 0) {
        kc = lmdb_error(db, errno, "cannot create the backup file");
        goto out;
    }
    int dfd; /* the copy gets the database file's permissions (mkstemp made it 0600) */
    if (!mdb_env_get_fd(db->store->env, &dfd) && !fstat(dfd, &st)) fchmod(fd, st.st_mode & 0777);
    unsigned cf = flags & KG_BACKUP_COMPACT ? MDB_CP_COMPACT : 0;
    for (int attempt = 0;; attempt++) {
        rc = mdb_env_copyfd2(db->store->env, fd, cf);
        /* another process grew the map past ours: adopt its size, copy again */
        if (rc == MDB_MAP_RESIZED && attempt < 5 && !db->txn && db->nreaders == 0 &&
            !mdb_env_set_mapsize(db->store->env, 0) && !ftruncate(fd, 0) &&
            lseek(fd, 0, SEEK_SET) == 0)
            continue;
        break;
    }
    if (!rc && fsync(fd) != 0) rc = errno;
    if (close(fd) != 0 && !rc) rc = errno;
    if (rc) {
        kc = lmdb_error(db, rc, "backup");
        unlink(tmp);
        goto out;
    }
    if (link(tmp, path) != 0) {
        int e = errno;
        /* a file system without hard links: rename, after checking again */
        if ((e == EPERM || e == EOPNOTSUPP || e == EMLINK) && lstat(path, &st) != 0 &&
            errno == ENOENT && rename(tmp, path) == 0) {
            fsync_dir(dir);
            goto out;
        }
        unlink(tmp);
        kc = e == EEXIST ? kg_error(db, KG_EXISTS,
                                    "%s appeared during the backup: not replaced "
                                    "(the copy was discarded)",
                                    path)
                         : lmdb_error(db, e, path);
        goto out;
    }
    unlink(tmp);
    fsync_dir(dir);
out:
    free(tmp);
    free(dir);
    return kc;
}

/* ---------------------------------------------------------------- property iteration
** kg_node_props / kg_iter_prop (kg.h): the props entries of one node, a
** cursor over the keys (u64 node, u32 key symbol) that start with the node. */

int kg_node_props(kg_txn *x, kg_id id, kg_iter **out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!out) return KG_MISUSE;
    return cursor_iter(x, ITER_PROPS, id, DB_PROPS, "properties", out);
}

int kg_iter_prop(kg_iter *it, const char **key, kg_value *out)
{
    if (!it || it->kind != ITER_PROPS || !key || !out) return KG_MISUSE;
    unsigned char k[8];
    kg_put_u64(k, it->key);
    MDB_val mk = mv(k, 8), d;
    int rc = mdb_cursor_get(it->cur, &mk, &d, it->state ? MDB_NEXT : MDB_SET_RANGE);
    it->state = 1;
    if (rc == MDB_NOTFOUND) return KG_DONE;
    if (rc) return lmdb_error(it->txn->db, rc, "properties");
    if (mk.mv_size != 12 || memcmp(mk.mv_data, k, 8)) return KG_DONE;
    if (d.mv_size < 1 || (((const unsigned char *)d.mv_data)[0] != KG_TEXT && d.mv_size != 9))
        return kg_error(it->txn->db, KG_CORRUPT, "property of node %llu: bad value",
                        (unsigned long long)it->key);
    const char *name;
    if ((rc = kg_store_symname(it->txn, KG_SYM_KEY,
                               kg_get_u32((const unsigned char *)mk.mv_data + 8), &name)))
        return rc;
    const unsigned char *p = d.mv_data;
    memset(out, 0, sizeof *out);
    out->type = (kg_type)p[0];
    if (out->type == KG_TEXT) {
        out->s = copy_into(&it->buf, &it->bufcap, p + 1, d.mv_size - 1);
        out->len = d.mv_size - 1;
        if (!out->s) return KG_NOMEM;
    } else if (out->type == KG_FLOAT) {
        memcpy(&out->f, p + 1, 8);
    } else {
        out->i = (int64_t)kg_get_u64(p + 1);
    }
    *key = name;
    return KG_ROW;
}

/* ---------------------------------------------------------------- damage
** LMDB trusts its pages: a zeroed page, a pointer past the end of the file or
** a node whose sizes run off its page make a cursor abort (an assertion such
** as IS_LEAF) or read outside the map (SIGBUS), and a data.mdb shorter than
** the last page its meta page names crashes the first read of that page.
** Two defences, both reading the file itself (pread), never the map:
**
** file_size_check (every kg_open): the file must reach the end of the last
** page the meta page names (mdb_env_info's me_last_pgno, mdb_env_stat's
** ms_psize); an empty data.mdb is refused before LMDB would make a new
** database over it.
**
** page_check (kg_check, before its other checks): from the meta page of the
** check's own read snapshot, every tree is walked -- the main database, the
** free list and each named table with its duplicate sub-pages and
** sub-databases -- with bounds checks: every page number below the meta's
** page count and inside the file, every page header naming its own number
** and a kind that fits its place (branch, leaf, fixed-size leaf, overflow),
** every node and key inside its page, overflow runs inside the file, keys
** ascending in each page (tables ordered by bytes), leaves all at the
** tree's depth, entry counts equal to the tree's record, no page reached
** twice (free pages included). Damage found there is reported and the other
** checks, which go through LMDB, are skipped (they would abort on it).
**
** What this cannot see (LMDB keeps no checksums of pages): a changed byte
** inside a value or a key that leaves the structure valid (a name, a date, a
** count, an id: the invariant checks of kg_check catch the ids and counts
** they cross-check, not a changed letter of a name or of a document's text),
** an older but intact page written over a newer one, pages that are neither
** used nor free (a leak wastes space, loses nothing), and damage that
** happens while a process has the file open (a file truncated under a
** running process can still crash that process on its next read of a page
** past the new end).
**
** Queries do not walk the pages first (that is kg check's cost). Where LMDB
** itself notices damage by an assertion, the damage guard (on_lmdb_assert,
** kg_store_guard) ends the step with KG_CORRUPT instead of the process. Where
** damage makes LMDB or a decoder follow a bad pointer without an assertion, a
** query can still die of SIGSEGV: one bit of a leaf page's node pointers in
** about two hundred seeded trials did (tests/damage.sh keeps an asserting
** case); kg check reports all of them. */

#define PG_HDR 16 /* page header: u64 pgno, u16 pad, u16 flags, u16 lower, u16 upper */
#define PG_BRANCH 0x01
#define PG_LEAF 0x02
#define PG_OVERFLOW 0x04
#define PG_META 0x08
#define PG_LEAF2 0x20 /* fixed-size keys, packed, no nodes */
#define PG_SUBP 0x40  /* a sub-page inside a node */
#define PG_KINDS (PG_BRANCH | PG_LEAF | PG_OVERFLOW | PG_META | PG_LEAF2)
#define ND_HDR 8        /* node header: u16 lo, u16 hi, u16 flags, u16 ksize */
#define ND_BIGDATA 0x01 /* data on overflow pages: a page number */
#define ND_SUBDATA 0x02 /* data is a tree record (named table or duplicate sub-database) */
#define ND_DUPDATA 0x04 /* data holds duplicates (a sub-page, or a sub-database) */
#define DB_REC                                                                                     \
    48                         /* tree record: u32 pad, u16 flags, u16 depth, u64 branch, leaf,    \
                               ** overflow pages, entries, root */
#define PG_NONE (~(uint64_t)0) /* root of an empty tree */
#define PW_MAXDEPTH 40
#define PW_REPORTS 50 /* damage reports before the rest are only counted */

typedef struct pwalk {
    checker *k;
    int fd;              /* data.mdb */
    size_t psize;        /* page size */
    uint64_t npages;     /* pages of the snapshot: last page + 1 */
    unsigned char *seen; /* bitmap of pages reached */
    uint64_t bad;        /* damage found */
} pwalk;

static uint16_t rd16(const unsigned char *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}
static uint32_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void damage(pwalk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void damage(pwalk *w, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (++w->bad <= PW_REPORTS)
        problem(w->k, "damaged file: %s", msg);
    else
        w->k->problems++;
}

/* Mark pages [pg, pg + n) as reached; 0, or -1 (reported) when one was already. */
static int pw_mark(pwalk *w, uint64_t pg, uint64_t n, const char *what)
{
    for (uint64_t i = pg; i < pg + n; i++) {
        if (w->seen[i >> 3] & (1u << (i & 7))) {
            damage(w, "page %llu (%s) is reached twice", ULL(i), what);
            return -1;
        }
        w->seen[i >> 3] |= (unsigned char)(1u << (i & 7));
    }
    return 0;
}

/* Read page pg into buf (psize bytes); 0, or -1 (reported). */
static int pw_read(pwalk *w, uint64_t pg, unsigned char *buf, const char *what)
{
    if (pg >= w->npages) {
        damage(w, "%s points at page %llu, past the last page (%llu)", what, ULL(pg),
               ULL(w->npages - 1));
        return -1;
    }
    size_t got = 0;
    while (got < w->psize) {
        ssize_t r = pread(w->fd, buf + got, w->psize - got, (off_t)(pg * w->psize + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            damage(w, "%s: page %llu cannot be read (%s)", what, ULL(pg),
                   r < 0 ? strerror(errno) : "past the end of the file");
            return -1;
        }
        got += (size_t)r;
    }
    if (rd64(buf) != pg) {
        damage(w, "%s: page %llu holds the header of page %llu (flags 0x%x)%s", what, ULL(pg),
               ULL(rd64(buf)), rd16(buf + 10),
               rd64(buf) == 0 && rd16(buf + 10) == 0 ? ": zeroed" : "");
        return -1;
    }
    return 0;
}

/* memcmp order of LMDB's default comparison (a shorter key that is a prefix sorts first). */
static int pw_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : al < bl ? -1 : al > bl;
}

typedef struct pw_tree {
    const char *name; /* for messages */
    unsigned flags;   /* MDB_* flags of the tree */
    int dup;          /* a duplicate sub-database (its keys are the values) */
    int leafdepth;    /* depth of the first leaf seen; 0 = none yet */
    uint64_t entries; /* entries counted */
    int freelist;     /* the free list: its values are lists of free pages */
} pw_tree;

static void pw_walk(pwalk *w, pw_tree *t, uint64_t pg, int depth);

/* The data of a node: inline, or on overflow pages (read into *big, freed by the caller). */
static const unsigned char *pw_data(pwalk *w, pw_tree *t, const unsigned char *nd, size_t dsize,
                                    unsigned char **big, uint64_t pg, int need)
{
    uint16_t nflags = rd16(nd + 4), ks = rd16(nd + 6);
    if (!(nflags & ND_BIGDATA)) return nd + ND_HDR + ks;
    uint64_t op = rd64(nd + ND_HDR + ks);
    unsigned char *head = malloc(w->psize);
    if (!head) return NULL;
    if (pw_read(w, op, head, t->name)) {
        free(head);
        return NULL;
    }
    uint32_t n = rd32(head + 12);
    if (!(rd16(head + 10) & PG_OVERFLOW) || n == 0 || op + n > w->npages ||
        (uint64_t)n * w->psize - PG_HDR < dsize) {
        damage(w,
               "%s: overflow page %llu (from page %llu) is not a run of %zu bytes inside "
               "the file (flags 0x%x, %u pages)",
               t->name, ULL(op), ULL(pg), dsize, rd16(head + 10), n);
        free(head);
        return NULL;
    }
    if (pw_mark(w, op, n, t->name)) {
        free(head);
        return NULL;
    }
    if (!need) { /* checked and marked; the bytes are not needed */
        *big = head;
        return head + PG_HDR;
    }
    unsigned char *all = realloc(head, (size_t)n * w->psize);
    if (!all) {
        free(head);
        return NULL;
    }
    for (size_t got = w->psize; got < (size_t)n * w->psize;) {
        ssize_t r =
            pread(w->fd, all + got, (size_t)n * w->psize - got, (off_t)(op * w->psize + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            damage(w, "%s: overflow pages %llu..%llu cannot be read", t->name, ULL(op),
                   ULL(op + n - 1));
            free(all);
            return NULL;
        }
        got += (size_t)r;
    }
    *big = all;
    return all + PG_HDR;
}

/* A tree record (named table or duplicate sub-database) found in a node. */
static void pw_subtree(pwalk *w, pw_tree *parent, const unsigned char *rec, const char *name,
                       int dup, uint64_t pg)
{
    pw_tree t = {name, rd16(rec + 4), dup, 0, 0, 0};
    uint16_t depth = rd16(rec + 6);
    uint64_t entries = rd64(rec + 32), root = rd64(rec + 40), bad = w->bad;
    if (dup) t.flags = parent->flags; /* a sub-database is ordered as its table's values */
    if (root != PG_NONE)
        pw_walk(w, &t, root, 1);
    else if (entries || depth)
        damage(w, "%s (page %llu): an empty tree with %llu entries", name, ULL(pg), ULL(entries));
    if (w->bad != bad) return; /* the counts below would only repeat it */
    if (root != PG_NONE && t.leafdepth && t.leafdepth != depth)
        damage(w, "%s: leaves at depth %d, the record says %u", name, t.leafdepth, depth);
    if (root != PG_NONE && t.entries != entries)
        damage(w, "%s: %llu entries, the record says %llu", name, ULL(t.entries), ULL(entries));
    if (dup) parent->entries += t.entries;
}

/* The nodes of a leaf (or leaf sub-page) p of `size` bytes at page pg. */
static void pw_leaf(pwalk *w, pw_tree *t, const unsigned char *p, size_t size, uint64_t pg, int sub)
{
    uint16_t flags = rd16(p + 10), lower = rd16(p + 12), upper = rd16(p + 14);
    int ordered = !(t->flags & (t->dup ? (MDB_INTEGERDUP | MDB_REVERSEDUP)
                                       : (MDB_INTEGERKEY | MDB_REVERSEKEY)));
    if (flags & PG_LEAF2) {
        size_t ks = rd16(p + 8), n = lower >= PG_HDR ? (lower - PG_HDR) / 2 : 0;
        if (!ks || lower < PG_HDR || PG_HDR + n * ks > size) {
            damage(w, "%s: fixed-size leaf at page %llu has %zu keys of %zu bytes in %zu bytes",
                   t->name, ULL(pg), n, ks, size);
            return;
        }
        for (size_t i = 1; ordered && i < n; i++)
            if (pw_cmp(p + PG_HDR + (i - 1) * ks, ks, p + PG_HDR + i * ks, ks) >= 0) {
                damage(w, "%s: keys out of order at page %llu%s", t->name, ULL(pg),
                       sub ? " (a sub-page)" : "");
                break;
            }
        t->entries += n;
        return;
    }
    if (lower < PG_HDR || lower > upper || upper > size || (lower & 1)) {
        damage(w, "%s: page %llu%s has bounds %u..%u outside its %zu bytes", t->name, ULL(pg),
               sub ? " (a sub-page)" : "", lower, upper, size);
        return;
    }
    size_t n = (lower - PG_HDR) / 2;
    const unsigned char *prev = NULL;
    size_t prevlen = 0;
    for (size_t i = 0; i < n; i++) {
        size_t off = rd16(p + PG_HDR + 2 * i);
        if (off < upper || off + ND_HDR > size) {
            damage(w, "%s: page %llu node %zu at %zu is outside the page", t->name, ULL(pg), i,
                   off);
            return;
        }
        const unsigned char *nd = p + off;
        uint16_t nflags = rd16(nd + 4), ks = rd16(nd + 6);
        size_t dsize = rd16(nd) | (size_t)rd16(nd + 2) << 16;
        size_t inl = nflags & ND_BIGDATA ? 8 : dsize;
        if (off + ND_HDR + ks + inl > size || (nflags & ~(ND_BIGDATA | ND_SUBDATA | ND_DUPDATA)) ||
            (sub && nflags)) {
            damage(w,
                   "%s: page %llu node %zu (flags 0x%x, key %u bytes, data %zu bytes) runs "
                   "off its page",
                   t->name, ULL(pg), i, nflags, ks, dsize);
            return;
        }
        const unsigned char *key = nd + ND_HDR;
        if (ordered && prev && pw_cmp(prev, prevlen, key, ks) >= 0) {
            damage(w, "%s: keys out of order at page %llu%s", t->name, ULL(pg),
                   sub ? " (a sub-page)" : "");
            return;
        }
        prev = key, prevlen = ks;
        if (sub) { /* a duplicate: the key is the value */
            t->entries++;
            continue;
        }
        if (nflags & ND_SUBDATA) {
            if (dsize != DB_REC || (nflags & ND_BIGDATA)) {
                damage(w, "%s: page %llu node %zu: a tree record of %zu bytes", t->name, ULL(pg), i,
                       dsize);
                return;
            }
            char name[80];
            if (nflags & ND_DUPDATA) {
                snprintf(name, sizeof name, "%s (duplicates)", t->name);
                pw_subtree(w, t, key + ks, name, 1, pg);
            } else {
                snprintf(name, sizeof name, "table '%.*s'", ks < 40 ? (int)ks : 40,
                         (const char *)key);
                pw_subtree(w, t, key + ks, name, 0, pg);
                t->entries++;
            }
            continue;
        }
        if (nflags & ND_DUPDATA) { /* a sub-page of duplicates inside the node */
            const unsigned char *sp = key + ks;
            if (dsize < PG_HDR || (nflags & ND_BIGDATA) ||
                (rd16(sp + 10) & (PG_LEAF | PG_SUBP)) != (PG_LEAF | PG_SUBP)) {
                damage(w, "%s: page %llu node %zu: duplicates of %zu bytes that are no sub-page",
                       t->name, ULL(pg), i, dsize);
                return;
            }
            pw_tree d = *t;
            d.dup = 1, d.entries = 0;
            pw_leaf(w, &d, sp, dsize, pg, 1);
            t->entries += d.entries;
            continue;
        }
        t->entries++;
        if ((nflags & ND_BIGDATA) || t->freelist) {
            unsigned char *big = NULL;
            const unsigned char *data = pw_data(w, t, nd, dsize, &big, pg, t->freelist);
            if (data && t->freelist) { /* a list of free pages: u64 count, then the pages */
                uint64_t cnt = dsize >= 8 ? rd64(data) : 0;
                if (dsize < 8 || cnt > (dsize - 8) / 8)
                    damage(w, "free list: page %llu node %zu lists %llu pages in %zu bytes",
                           ULL(pg), i, ULL(cnt), dsize);
                else
                    for (uint64_t j = 0; j < cnt; j++) {
                        uint64_t fp = rd64(data + 8 + 8 * j);
                        if (fp < 2 || fp >= w->npages) {
                            damage(w, "free list: page %llu is no page of the file", ULL(fp));
                            break;
                        }
                        if (pw_mark(w, fp, 1, "free list")) break;
                    }
            }
            free(big);
        }
    }
}

static void pw_walk(pwalk *w, pw_tree *t, uint64_t pg, int depth)
{
    if (depth > PW_MAXDEPTH) {
        damage(w, "%s: deeper than %d levels at page %llu", t->name, PW_MAXDEPTH, ULL(pg));
        return;
    }
    unsigned char *p = malloc(w->psize);
    if (!p) return;
    if (pw_read(w, pg, p, t->name) || pw_mark(w, pg, 1, t->name)) goto out;
    uint16_t kind = rd16(p + 10) & PG_KINDS;
    if (kind == PG_LEAF || kind == (PG_LEAF | PG_LEAF2)) {
        if ((kind & PG_LEAF2) && !(t->dup && (t->flags & MDB_DUPFIXED))) {
            damage(w, "%s: page %llu is a fixed-size leaf in a table without them", t->name,
                   ULL(pg));
            goto out;
        }
        if (!t->leafdepth)
            t->leafdepth = depth;
        else if (t->leafdepth != depth)
            damage(w, "%s: leaf page %llu at depth %d, others at %d", t->name, ULL(pg), depth,
                   t->leafdepth);
        pw_leaf(w, t, p, w->psize, pg, 0);
        goto out;
    }
    if (kind != PG_BRANCH) {
        damage(w, "%s: page %llu should be a branch or a leaf page, its flags are 0x%x", t->name,
               ULL(pg), rd16(p + 10));
        goto out;
    }
    uint16_t lower = rd16(p + 12), upper = rd16(p + 14);
    if (lower < PG_HDR + 2 || lower > upper || upper > w->psize || (lower & 1)) {
        damage(w, "%s: branch page %llu has bounds %u..%u", t->name, ULL(pg), lower, upper);
        goto out;
    }
    size_t n = (lower - PG_HDR) / 2;
    uint64_t *kids = malloc(n * sizeof *kids);
    if (!kids) goto out;
    const unsigned char *prev = NULL;
    size_t prevlen = 0;
    for (size_t i = 0; i < n; i++) {
        size_t off = rd16(p + PG_HDR + 2 * i);
        const unsigned char *nd = p + off;
        if (off < upper || off + ND_HDR > w->psize || off + ND_HDR + rd16(nd + 6) > w->psize) {
            damage(w, "%s: branch page %llu node %zu is outside the page", t->name, ULL(pg), i);
            n = 0;
            break;
        }
        uint16_t ks = rd16(nd + 6);
        if (i > 0 && prev &&
            !(t->flags &
              (t->dup ? (MDB_INTEGERDUP | MDB_REVERSEDUP) : (MDB_INTEGERKEY | MDB_REVERSEKEY))) &&
            pw_cmp(prev, prevlen, nd + ND_HDR, ks) >= 0) {
            damage(w, "%s: keys out of order at branch page %llu", t->name, ULL(pg));
            n = 0;
            break;
        }
        if (i > 0) prev = nd + ND_HDR, prevlen = ks;
        /* the child: the low 48 bits of the node's lo, hi and flags words */
        kids[i] = rd16(nd) | (uint64_t)rd16(nd + 2) << 16 | (uint64_t)rd16(nd + 4) << 32;
    }
    for (size_t i = 0; i < n && w->bad <= PW_REPORTS; i++)
        pw_walk(w, t, kids[i], depth + 1);
    free(kids);
out:
    free(p);
}

/* Walk the pages of the snapshot of k's read transaction; the number of
** damages found (each reported). */
static uint64_t page_check(checker *k)
{
    kg_txn *x = k->x;
    struct kg_store *s = x->db->store;
    pwalk w = {k, -1, 0, 0, NULL, 0};
    MDB_stat st;
    if (mdb_env_get_fd(s->env, &w.fd) || mdb_env_stat(s->env, &st)) return 0;
    w.psize = st.ms_psize;
    unsigned char *m = malloc(2 * w.psize);
    if (!m) return 0;
    /* the meta page of this snapshot: the one whose transaction id is the read
    ** transaction's (another writer may commit meanwhile: read again) */
    const unsigned char *meta = NULL;
    for (int attempt = 0; !meta && attempt < 5; attempt++) {
        if (attempt && (mdb_txn_reset(x->t), mdb_txn_renew(x->t))) break;
        x->cnode = x->cedge = x->aedge = 0; /* a new snapshot: cached records are of the old */
        if (pread(w.fd, m, 2 * w.psize, 0) != (ssize_t)(2 * w.psize)) {
            damage(&w, "the two meta pages cannot be read");
            free(m);
            return w.bad;
        }
        for (int i = 0; i < 2; i++) {
            const unsigned char *mm = m + i * w.psize + PG_HDR;
            if (rd32(mm) == 0xBEEFC0DE && rd64(mm + 128) == (uint64_t)mdb_txn_id(x->t)) meta = mm;
        }
    }
    if (!meta) { /* LMDB opened it, so a meta page was valid then: nothing to say */
        free(m);
        return 0;
    }
    w.npages = rd64(meta + 120) + 1;
    struct stat fs;
    if (fstat(w.fd, &fs) == 0 && (uint64_t)fs.st_size < w.npages * w.psize)
        damage(&w,
               "data.mdb has %llu bytes but its meta page names %llu pages of %zu bytes "
               "(%llu bytes): the file was truncated",
               ULL(fs.st_size), ULL(w.npages), w.psize, ULL(w.npages * w.psize));
    w.seen = calloc((size_t)(w.npages / 8 + 1), 1);
    if (w.seen && !w.bad) {
        pw_mark(&w, 0, 2, "meta");
        pw_tree freet = {"the free list", MDB_INTEGERKEY, 0, 0, 0, 1};
        pw_tree mainx = {"the main table", 0, 0, 0, 0, 0};
        uint16_t fdepth = rd16(meta + 24 + 6), mdepth = rd16(meta + 72 + 6);
        uint64_t froot = rd64(meta + 24 + 40), mroot = rd64(meta + 72 + 40);
        if (froot != PG_NONE) pw_walk(&w, &freet, froot, 1);
        if (mroot != PG_NONE) pw_walk(&w, &mainx, mroot, 1);
        if (froot != PG_NONE && freet.leafdepth && freet.leafdepth != fdepth)
            damage(&w, "the free list: leaves at depth %d, the meta page says %u", freet.leafdepth,
                   fdepth);
        if (mroot != PG_NONE && mainx.leafdepth && mainx.leafdepth != mdepth)
            damage(&w, "the main table: leaves at depth %d, the meta page says %u", mainx.leafdepth,
                   mdepth);
    }
    if (w.bad > PW_REPORTS && k->report) { /* counted already */
        char msg[100];
        snprintf(msg, sizeof msg, "damaged file: %llu more damages not listed",
                 ULL(w.bad - PW_REPORTS));
        k->report(msg, k->ctx);
    }
    free(w.seen);
    free(m);
    return w.bad;
}

/* kg_open's check of the file against its meta page (see "damage" above):
** before LMDB opens it (opened 0), an empty data.mdb is refused; after
** (opened 1), a file shorter than the last page the meta page names. */
static int file_size_check(kg_db *db, const char *path, int opened)
{
    struct stat fs;
    if (!opened) {
        size_t n = strlen(path) + 16;
        char *p = malloc(n);
        if (!p) return kg_error(db, KG_NOMEM, "out of memory");
        snprintf(p, n, "%s/data.mdb", path);
        int empty = stat(p, &fs) == 0 && S_ISREG(fs.st_mode) && fs.st_size == 0;
        free(p);
        if (empty)
            return kg_error(db, KG_CORRUPT,
                            "%s: data.mdb is empty (0 bytes): the database is "
                            "lost (restore it from a backup with kg restore, or remove the "
                            "directory to start a new one)",
                            path);
        return KG_OK;
    }
    struct kg_store *s = db->store;
    MDB_envinfo info;
    MDB_stat st;
    int fd;
    /* the meta page first, the size second: a commit meanwhile only makes the file longer */
    if (mdb_env_info(s->env, &info) || mdb_env_stat(s->env, &st) || mdb_env_get_fd(s->env, &fd) ||
        fstat(fd, &fs))
        return KG_OK;
    uint64_t need = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
    if ((uint64_t)fs.st_size < need)
        return kg_error(db, KG_CORRUPT,
                        "%s: data.mdb is damaged: it has %llu bytes but its meta "
                        "page names %llu pages of %u bytes (%llu bytes): the file was truncated "
                        "(restore it from a backup with kg restore)",
                        path, ULL(fs.st_size), ULL(info.me_last_pgno + 1), st.ms_psize, ULL(need));
    return KG_OK;
}

/* ---------------------------------------------------------------- documents in the graph
** (format 5, issue 13) Every document has a node of type "document" named by
** its key (doc_node, above, made and updated by kg_doc_register; its id is in
** the document's record). Mentions are rows of the structural relation
** mentioned-in from an entity to that node (kg_mention_add). */

/* The node of document doc (0 when it has none: format 4, or no such document). */
static kg_id doc_node_of(kg_txn *x, kg_id doc)
{
    kg_doc d;
    return kg_doc_get(x, doc, &d) == KG_OK ? d.node : 0;
}

static int node_is_document(kg_txn *x, kg_id id)
{
    uint32_t t;
    const char *nm, *tn;
    size_t nl;
    return kg_store_node(x, id, &t, &nm, &nl) == KG_OK &&
           kg_store_symname(x, KG_SYM_TYPE, t, &tn) == KG_OK && !strcmp(tn, DOC_TYPE);
}

int kg_mention_add(kg_txn *x, kg_id node, kg_id doc, uint32_t start, uint32_t end)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    kg_doc d;
    if ((rc = kg_doc_get(x, doc, &d)))
        return rc == KG_NOTFOUND ? kg_error(x->db, rc, "no document %llu", ULL(doc)) : rc;
    if (!d.node) return kg_error(x->db, KG_MISUSE, "document %llu has no node", ULL(doc));
    if (end < start || end > d.text_len)
        return kg_error(x->db, KG_RANGE, "mention %u..%u is outside the document's %zu bytes",
                        start, end, d.text_len);
    uint32_t t;
    const char *nm;
    size_t nl;
    if (kg_store_node(x, node, &t, &nm, &nl))
        return kg_error(x->db, KG_NOTFOUND, "no node %llu", ULL(node));
    if (node_is_document(x, node))
        return kg_error(x->db, KG_INVALID,
                        "node %llu is a document: documents mention no "
                        "documents",
                        ULL(node));
    kg_evidence ev = {doc, start, end, d.date, 1.0f, "mention", KG_MOD_ASSERTED, 0, 0, 0, 0};
    x->mentioning = 1;
    rc = kg_edge_add(x, node, KG_MENTION_REL, d.node, &ev, NULL);
    x->mentioning = 0;
    return rc;
}

/* (12) a mention edge e = (s, mentioned-in, d): s no document, d a document's node. */
static void check_mention_ends(checker *k, kg_id e, kg_id s, kg_id d)
{
    if (node_is_document(k->x, s))
        problem(k, "mention edge %llu starts at document node %llu", ULL(e), ULL(s));
    if (!node_is_document(k->x, d))
        problem(k, "mention edge %llu ends at node %llu, which is no document's", ULL(e), ULL(d));
}

/* ---------------------------------------------------------------- load generations */

static int loads_last(kg_txn *x, uint32_t *last)
{
    *last = 0;
    if (x->db->store->nov5) return KG_OK;
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_LOADS], &c);
    if (rc) return lmdb_error(x->db, rc, "loads");
    MDB_val k, v;
    rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
    if (rc == 0 && k.mv_size == 4) *last = kg_get_u32(k.mv_data);
    mdb_cursor_close(c);
    return rc && rc != MDB_NOTFOUND ? lmdb_error(x->db, rc, "loads") : KG_OK;
}

int kg_load_begin(kg_db *db, int64_t when, const char *note, uint32_t *id)
{
    if (!db || !db->store || !id) return KG_MISUSE;
    kg_txn *x;
    int rc = kg_begin(db, KG_TXN_WRITE, &x);
    if (rc) return rc;
    uint32_t last;
    if ((rc = loads_last(x, &last))) {
        kg_abort(x);
        return rc;
    }
    if (!when) when = (int64_t)time(NULL);
    if (!note) note = "";
    size_t nl = strlen(note);
    if (!kg_utf8_valid(note, nl)) {
        kg_abort(x);
        return kg_error(db, KG_INVALID, "the note of a load is not valid UTF-8");
    }
    unsigned char k[4], *v = malloc(8 + nl);
    if (!v) {
        kg_abort(x);
        return KG_NOMEM;
    }
    kg_put_u32(k, last + 1);
    kg_put_u64(v, (uint64_t)when);
    memcpy(v + 8, note, nl);
    rc = st_put(x, DB_LOADS, k, 4, v, 8 + nl, MDB_NOOVERWRITE);
    free(v);
    if (rc) {
        rc = write_error(x, rc, "load generation");
        kg_abort(x);
        return rc;
    }
    if ((rc = kg_commit(x))) return rc;
    db->store->load = last + 1, db->store->loadtime = when;
    *id = last + 1;
    return KG_OK;
}

void kg_load_end(kg_db *db)
{
    if (db && db->store) db->store->load = 0, db->store->loadtime = 0;
}

int kg_load_get(kg_txn *x, uint32_t id, kg_load *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!out) return KG_MISUSE;
    if (!id && (rc = loads_last(x, &id))) return rc;
    if (!id || x->db->store->nov5) return KG_NOTFOUND;
    unsigned char k[4];
    kg_put_u32(k, id);
    MDB_val v;
    if ((rc = st_get(x, DB_LOADS, k, 4, &v)))
        return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "loads");
    if (v.mv_size < 8) return kg_error(x->db, KG_CORRUPT, "load %u: bad record", id);
    const char *note = scratch(x, SLOT_VALUE, (const char *)v.mv_data + 8, v.mv_size - 8);
    if (!note) return KG_NOMEM;
    out->id = id, out->time = (int64_t)kg_get_u64(v.mv_data), out->note = note;
    return KG_OK;
}

/* ---------------------------------------------------------------- the upgrade to format 5
** In a write transaction of its own, after the open's (which took the
** database to version 4 and made the new tables): every evidence row gets
** its 8 new bytes (no event date, load 0), key by key (the rows of a key are
** read, deleted and written again, so the order of rows is kept), every
** document gets its node and a format 5 record, and the version is written
** last. The map is first grown for the rewrite. */
static int evid_rewrite5(kg_txn *x)
{
    struct kg_store *s = x->db->store;
    unsigned char key[8] = {0}, *rows = NULL, row[EVID_SIZE];
    size_t cap = 0;
    int rc = 0, first = 1;
    for (;;) {
        MDB_cursor *c;
        if ((rc = mdb_cursor_open(x->t, s->dbi[DB_EVID], &c))) break;
        MDB_val k = mv(key, 8), v;
        int g = mdb_cursor_get(c, &k, &v, first ? MDB_FIRST : MDB_SET_RANGE);
        first = 0;
        size_t n = 0;
        if (!g && k.mv_size != 8) g = MDB_CORRUPTED;
        if (!g) memcpy(key, k.mv_data, 8);
        for (; g == 0; g = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
            if (v.mv_size != EVID_SIZE_V4) {
                g = MDB_CORRUPTED;
                break;
            }
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                unsigned char *p = realloc(rows, nc * EVID_SIZE_V4);
                if (!p) {
                    g = ENOMEM;
                    break;
                }
                rows = p, cap = nc;
            }
            memcpy(rows + n++ * EVID_SIZE_V4, v.mv_data, EVID_SIZE_V4);
        }
        mdb_cursor_close(c);
        if (g != MDB_NOTFOUND) {
            rc = g;
            break;
        }
        if (!n) break; /* past the last key */
        if ((rc = st_del(x, DB_EVID, key, 8, NULL, 0))) break;
        for (size_t i = 0; i < n && !rc; i++) {
            memcpy(row, rows + i * EVID_SIZE_V4, EVID_SIZE_V4);
            kg_put_u32(row + 40, (uint32_t)KG_NODATE), kg_put_u32(row + 44, 0);
            rc = st_put(x, DB_EVID, key, 8, row, EVID_SIZE, MDB_NODUPDATA);
        }
        if (rc) break;
        uint64_t next = kg_get_u64(key) + 1;
        if (!next) break;
        kg_put_u64(key, next);
    }
    free(rows);
    return rc;
}

static int docs_upgrade5(kg_txn *x)
{
    kg_id *ids = NULL;
    size_t n = 0, cap = 0;
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_DOCS], &c);
    if (rc) return rc;
    MDB_val k, v;
    for (int g = mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            kg_id *p = realloc(ids, nc * sizeof *p);
            if (!p) {
                rc = ENOMEM;
                break;
            }
            ids = p, cap = nc;
        }
        ids[n++] = kg_get_u64(k.mv_data);
    }
    mdb_cursor_close(c);
    for (size_t i = 0; i < n && !rc; i++) {
        kg_doc d;
        if ((rc = kg_doc_get(x, ids[i], &d))) break;
        unsigned char dk[8], h[16];
        kg_put_u64(dk, ids[i]);
        if ((rc = st_get(x, DB_DOCS, dk, 8, &v))) break;
        memcpy(h, v.mv_data, 16);
        /* copies: the record is written again below */
        char *key = strdup(d.key), *title = d.title ? strdup(d.title) : NULL,
             *author = d.author ? strdup(d.author) : NULL;
        if (!key || (d.title && !title) || (d.author && !author)) rc = KG_NOMEM;
        kg_doc info = {0};
        info.key = key, info.title = title, info.author = author, info.date = d.date;
        kg_id node = 0;
        if (!rc) rc = doc_node(x, &info, h, &node);
        if (!rc) rc = doc_record(x, ids[i], &info, h, node, 0);
        free(key), free(title), free(author);
    }
    free(ids);
    return rc;
}

/* The write transaction of an upgrade, after reserving room for per_node
** bytes a node, per_edge a relation, per_evid an evidence row and per_doc a
** document, and a megabyte (the new records are written while the
** transaction still holds the old ones). */
static int upgrade_begin(kg_db *db, size_t per_node, size_t per_edge, size_t per_evid,
                         size_t per_doc, kg_txn **x)
{
    int rc = kg_begin(db, KG_TXN_WRITE, x);
    if (rc) return rc;
    uint64_t need = (*x)->c[C_NODES] * per_node + (*x)->c[C_EDGES] * per_edge +
                    (*x)->c[C_EVID] * per_evid + (*x)->c[C_DOCS] * per_doc + (1 << 20);
    kg_abort(*x);
    if ((rc = kg_store_reserve(db, (size_t)need))) return rc;
    return kg_begin(db, KG_TXN_WRITE, x);
}

/* The end of an upgrade to format `to`: when rc is 0 the version is written
** and x committed, otherwise x is aborted; the error names the file and both
** versions. KG_OK or that error. */
static int upgrade_end(kg_db *db, kg_txn *x, int rc, int to, const char *path)
{
    if (!rc) {
        unsigned char v[8];
        kg_put_u64(v, (uint64_t)to);
        int lrc = st_put(x, DB_META, "version", 7, v, 8, 0);
        if (lrc) rc = write_error(x, lrc, "version");
    }
    if (!rc)
        rc = kg_commit(x);
    else
        kg_abort(x);
    if (!rc) return KG_OK;
    char msg[KG_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s", kg_errmsg(db));
    return kg_error(db, rc, "%s: cannot upgrade the database from format version %d to %d: %s",
                    path, to - 1, to, msg);
}

static int upgrade5(kg_db *db, const char *path)
{
    struct kg_store *s = db->store;
    kg_txn *x;
    int rc = upgrade_begin(db, 0, 0, 3 * EVID_SIZE, 4096, &x);
    if (rc) return rc;
    s->load = 0;
    int lrc = evid_rewrite5(x);
    if (lrc) rc = lrc > 0 && lrc < 1000 ? write_error(x, lrc, "evidence") : lrc;
    if (!rc) {
        s->evsize = EVID_SIZE; /* for the writes of documents' nodes below */
        lrc = docs_upgrade5(x);
        if (lrc) rc = lrc > 0 && lrc < 1000 ? write_error(x, lrc, "documents") : lrc;
    }
    if ((rc = upgrade_end(db, x, rc, 5, path))) {
        s->evsize = EVID_SIZE_V4;
        return rc;
    }
    s->format = 5;
    return KG_OK;
}

static int packed_cmp(const void *a, const void *b)
{
    const unsigned char *x = a, *y = b; /* length byte, then the packed row */
    int c = memcmp(x + 1, y + 1, x[0] < y[0] ? x[0] : y[0]);
    return c ? c : (int)x[0] - (int)y[0];
}

/* The rows of the fixed-size evidence table `old` (format 5) packed into the
** new table evrows (*nw; evid_pack), in key order and, per key, in LMDB's
** order of the packed rows, so every put is an append; `old` is dropped. An
** LMDB code. */
static int evid_repack6(MDB_txn *t, MDB_dbi old, MDB_dbi *nw)
{
    MDB_cursor *c = NULL, *w = NULL;
    int rc = mdb_dbi_open(t, db_spec[DB_EVID].name, db_spec[DB_EVID].flags | MDB_CREATE, nw);
    if (!rc) rc = mdb_cursor_open(t, old, &c);
    if (!rc) rc = mdb_cursor_open(t, *nw, &w);
    unsigned char(*rows)[1 + EVID_PACK_MAX] = NULL, key[8];
    size_t n = 0, cap = 0;
    MDB_val k, v;
    int g = rc ? rc : mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (!rc && g == 0) {
        if (k.mv_size != 8) {
            rc = MDB_CORRUPTED;
            break;
        }
        memcpy(key, k.mv_data, 8);
        for (n = 0; g == 0; g = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) { /* one edge's rows */
            if (v.mv_size != EVID_SIZE) {
                rc = MDB_CORRUPTED;
                break;
            }
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                void *p = realloc(rows, nc * sizeof *rows);
                if (!p) {
                    rc = ENOMEM;
                    break;
                }
                rows = p, cap = nc;
            }
            rows[n][0] = (unsigned char)evid_pack(v.mv_data, rows[n] + 1);
            n++;
        }
        if (rc || (g && g != MDB_NOTFOUND)) break;
        qsort(rows, n, sizeof *rows, packed_cmp);
        for (size_t i = 0; i < n && !rc; i++) {
            MDB_val k2 = mv(key, 8), v2 = mv(rows[i] + 1, rows[i][0]);
            rc = mdb_cursor_put(w, &k2, &v2, i ? MDB_APPENDDUP : MDB_APPEND);
        }
        g = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP);
    }
    if (!rc && g != MDB_NOTFOUND) rc = g;
    free(rows);
    if (w) mdb_cursor_close(w);
    if (c) mdb_cursor_close(c);
    if (!rc) rc = mdb_drop(t, old, 1);
    return rc;
}

/* Format 5 to 6: every edges record rewritten in the varint layout
** (edge_encode6), the evidence rows packed into the new table evrows
** (evid_repack6), and the version, in one transaction: a failure leaves the
** database as it was, in format 5. */
static int upgrade6(kg_db *db, const char *path)
{
    struct kg_store *s = db->store;
    kg_txn *x;
    int rc = upgrade_begin(db, 0, 2 * 64, 2 * 80, 0, &x);
    if (rc) return rc;
    x->jbroken = 1; /* cursor puts below are not journaled: never replay */
    MDB_cursor *c = NULL;
    int lrc = mdb_cursor_open(x->t, s->dbi[DB_EDGES], &c);
    MDB_val k, v;
    for (int g = lrc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0 && !lrc;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        erec r;
        if (!edge_decode(s, v.mv_data, v.mv_size, &r)) {
            lrc = MDB_CORRUPTED;
            break;
        }
        unsigned char rec[EDGE_REC_MAX], key[8]; /* a copy: the put moves the page's bytes */
        if (k.mv_size != 8) {
            lrc = MDB_CORRUPTED;
            break;
        }
        memcpy(key, k.mv_data, 8);
        MDB_val k2 = mv(key, 8),
                nv = mv(rec, edge_encode6(rec, r.s, r.r, r.d, r.nev, r.ndocs, r.mod));
        lrc = mdb_cursor_put(c, &k2, &nv, MDB_CURRENT);
    }
    if (c) mdb_cursor_close(c);
    if (lrc) rc = write_error(x, lrc, "edges");
    MDB_dbi old = s->dbi[DB_EVID], nw = 0;
    if (!rc && (lrc = evid_repack6(x->t, old, &nw))) rc = write_error(x, lrc, "evidence");
    if (!rc) s->dbi[DB_EVID] = nw, s->evpack = 1;
    if (!rc) s->format = 6; /* the commit writes in the new layout from here */
    if ((rc = upgrade_end(db, x, rc, 6, path))) {
        s->format = 5, s->dbi[DB_EVID] = old, s->evpack = 0;
        return rc;
    }
    return KG_OK;
}

typedef struct canonkey {
    size_t off; /* the name in the arena */
    size_t len; /* its key's bytes (utf8_cut) */
    kg_id id;   /* the node */
} canonkey;

/* The order of two canon keys whose names are in `arena` (qsort_r). */
static int canonkey_cmp(const void *a, const void *b, void *arena)
{
    const canonkey *x = a, *y = b;
    const char *ar = arena;
    int c = memcmp(ar + x->off, ar + y->off, x->len < y->len ? x->len : y->len);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Format 6 to 7, adjacency table db: every entry gets its edge's count
** (kg_adj_edge), key by key: the key's entries are read, deleted and put
** again in the same order (the other node, unique under a key, orders them).
** An LMDB code. */
static int adj_upgrade7(kg_txn *x, int db)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[db], &c);
    if (rc) return rc;
    unsigned char(*vals)[KG_ADJ_VAL] = NULL, key[KG_ADJ_KEY];
    size_t n = 0, cap = 0;
    MDB_val k, v;
    int g = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (!rc && g == 0) {
        if (k.mv_size != KG_ADJ_KEY) {
            rc = MDB_CORRUPTED;
            break;
        }
        memcpy(key, k.mv_data, KG_ADJ_KEY);
        for (n = 0; g == 0 && !rc; g = mdb_cursor_get(c, &k, &v, MDB_NEXT_DUP)) {
            if (v.mv_size != KG_ADJ_VAL) {
                rc = MDB_CORRUPTED;
            } else if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                void *p = realloc(vals, nc * sizeof *vals);
                if (p)
                    vals = p, cap = nc;
                else
                    rc = ENOMEM;
            }
            if (!rc) memcpy(vals[n++], v.mv_data, KG_ADJ_VAL);
        }
        if (!rc && g != MDB_NOTFOUND) rc = g;
        for (size_t i = 0; i < n && !rc; i++) {
            uint64_t ev = kg_get_u64(vals[i] + 8);
            erec r;
            int kc = edge_get(x, ev & KG_ADJ_EDGE_MASK, &r);
            if (kc)
                rc = kc == KG_NOMEM ? ENOMEM : MDB_CORRUPTED;
            else
                kg_put_u64(vals[i] + 8, kg_adj_edge(ev & KG_ADJ_EDGE_MASK,
                                                    (ev & KG_ADJ_HIDDEN) != 0, r.nev, r.ndocs));
        }
        MDB_val k2 = mv(key, KG_ADJ_KEY);
        if (!rc) rc = mdb_cursor_get(c, &k2, &v, MDB_SET);
        if (!rc) rc = mdb_cursor_del(c, MDB_NODUPDATA);
        for (size_t i = 0; i < n && !rc; i++) {
            MDB_val v2 = mv(vals[i], KG_ADJ_VAL);
            k2 = mv(key, KG_ADJ_KEY);
            rc = mdb_cursor_put(c, &k2, &v2, i ? MDB_APPENDDUP : 0);
        }
        k2 = mv(key, KG_ADJ_KEY); /* on to the next key */
        if (!rc) rc = mdb_cursor_get(c, &k2, &v, MDB_SET);
        if (!rc) g = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP);
    }
    if (!rc && g != MDB_NOTFOUND) rc = g;
    free(vals);
    mdb_cursor_close(c);
    return rc;
}

/* Format 6 to 7: the key of the sum of every (node, relation)'s in counts
** in indeg (r | KG_INDEG_SUM), from the in entries with their counts
** (adj_upgrade7 first). An LMDB code. */
static int indeg_sums7(kg_txn *x)
{
    MDB_cursor *c;
    int rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_IN], &c);
    if (rc) return rc;
    MDB_val k, v;
    int g;
    for (g = mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0 && !rc;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT_NODUP)) {
        if (k.mv_size != KG_ADJ_KEY) {
            rc = MDB_CORRUPTED;
            break;
        }
        kg_id d = kg_get_u64(k.mv_data);
        uint32_t r = kg_get_u32((unsigned char *)k.mv_data + 8);
        uint64_t sum, n;
        if (!(rc = in_sum(x, d, r, &sum, &n))) rc = indeg_sum_move(x, r, d, 0, 0, 1, sum);
    }
    if (!rc && g != MDB_NOTFOUND) rc = g;
    mdb_cursor_close(c);
    return rc;
}

/* Format 6 to 7: the table canon made and filled from the nodes' records, in
** key order so that every put is an append; every out and in entry given its
** edge's count (adj_upgrade7); then the version, in one transaction: a
** failure leaves the database as it was, in format 6. */
static int upgrade7(kg_db *db, const char *path)
{
    struct kg_store *s = db->store;
    kg_txn *x;
    int rc = upgrade_begin(db, 2 * 64, 2 * 2 * KG_ADJ_VAL, 0, 0, &x);
    if (rc) return rc;
    x->jbroken = 1; /* cursor puts below are not journaled: never replay */
    MDB_dbi dbi = 0;
    MDB_cursor *c = NULL;
    canonkey *keys = NULL;
    char *arena = NULL;
    size_t n = 0, cap = 0, used = 0, acap = 0;
    int lrc =
        mdb_dbi_open(x->t, db_spec[DB_CANON].name, db_spec[DB_CANON].flags | MDB_CREATE, &dbi);
    if (!lrc) lrc = mdb_cursor_open(x->t, s->dbi[DB_NODES], &c);
    MDB_val k, v;
    for (int g = lrc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); g == 0 && !lrc;
         g = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        if (k.mv_size != 8 || v.mv_size < 4) {
            lrc = MDB_CORRUPTED;
            break;
        }
        const char *nm = (const char *)v.mv_data + 4;
        size_t kl = utf8_cut(nm, v.mv_size - 4, NAME_KEY_MAX);
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 1024;
            void *p = realloc(keys, nc * sizeof *keys);
            if (!p) {
                lrc = ENOMEM;
                break;
            }
            keys = p, cap = nc;
        }
        if (used + kl > acap) {
            size_t nc = acap ? acap * 2 : 65536;
            while (nc < used + kl)
                nc *= 2;
            void *p = realloc(arena, nc);
            if (!p) {
                lrc = ENOMEM;
                break;
            }
            arena = p, acap = nc;
        }
        memcpy(arena + used, nm, kl);
        keys[n++] = (canonkey){used, kl, kg_get_u64(k.mv_data)};
        used += kl;
    }
    if (c) mdb_cursor_close(c), c = NULL;
    if (!lrc && n) qsort_r(keys, n, sizeof *keys, canonkey_cmp, arena);
    if (!lrc) lrc = mdb_cursor_open(x->t, dbi, &c);
    for (size_t i = 0; i < n && !lrc; i++) {
        unsigned char id[8];
        kg_put_u64(id, keys[i].id);
        int same = i && keys[i - 1].len == keys[i].len &&
                   !memcmp(arena + keys[i - 1].off, arena + keys[i].off, keys[i].len);
        MDB_val k2 = mv(arena + keys[i].off, keys[i].len), v2 = mv(id, 8);
        lrc = mdb_cursor_put(c, &k2, &v2, same ? MDB_APPENDDUP : MDB_APPEND);
    }
    if (c) mdb_cursor_close(c);
    free(keys), free(arena);
    if (lrc) rc = write_error(x, lrc, "canonical names");
    if (!rc && ((lrc = adj_upgrade7(x, DB_OUT)) || (lrc = adj_upgrade7(x, DB_IN))))
        rc = write_error(x, lrc, "adjacency");
    if (!rc && (lrc = indeg_sums7(x))) rc = write_error(x, lrc, "in-degree sums");
    if (!rc) s->dbi[DB_CANON] = dbi, s->nocanon = 0, s->format = 7;
    if ((rc = upgrade_end(db, x, rc, 7, path))) {
        s->format = 6, s->nocanon = 1;
        return rc;
    }
    return KG_OK;
}

/* ---------------------------------------------------------------- checks of format 5 */

static void check_v5(checker *k)
{
    kg_txn *x = k->x;
    struct kg_store *s = x->db->store;
    if (loads_last(x, &k->lastload)) problem(k, "the loads table cannot be read");
    if (s->format < 5) return;
    /* (13) generations 1..N */
    MDB_cursor *c;
    MDB_val key, val;
    uint32_t want = 1;
    if (!mdb_cursor_open(x->t, s->dbi[DB_LOADS], &c)) {
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT), want++)
            if (key.mv_size != 4 || kg_get_u32(key.mv_data) != want || val.mv_size < 8) {
                problem(k, "load generations: entry %u is not generation %u of 8+ bytes", want,
                        want);
                break;
            }
        mdb_cursor_close(c);
    }
    /* (11) every document has its node, named by its key */
    uint64_t ndocs = 0;
    if (!mdb_cursor_open(x->t, s->dbi[DB_DOCS], &c)) {
        kg_id *ids = NULL;
        size_t n = 0, cap = 0;
        for (int g = mdb_cursor_get(c, &key, &val, MDB_FIRST); g == 0;
             g = mdb_cursor_get(c, &key, &val, MDB_NEXT)) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                kg_id *p = realloc(ids, nc * sizeof *p);
                if (!p) break;
                ids = p, cap = nc;
            }
            ids[n++] = kg_get_u64(key.mv_data);
        }
        mdb_cursor_close(c);
        for (size_t i = 0; i < n; i++) {
            kg_doc d;
            if (kg_doc_get(x, ids[i], &d)) continue; /* reported elsewhere */
            ndocs++;
            uint32_t t;
            const char *nm;
            size_t nl;
            if (!d.node)
                problem(k, "document %llu '%.200s' has no node", ULL(ids[i]), d.key);
            else if (!node_is_document(x, d.node) || kg_store_node(x, d.node, &t, &nm, &nl) ||
                     nl != strlen(d.key) || memcmp(nm, d.key, nl))
                problem(k,
                        "document %llu '%.200s': node %llu is not a document node named by "
                        "its key",
                        ULL(ids[i]), d.key, ULL(d.node));
        }
        free(ids);
    }
    /* (14) every active curation step holds */
    kg_curation cu;
    uint64_t after = 0;
    while (kg_curation_next(x, after, &cu) == KG_OK) {
        after = cu.id;
        if (!cu.active) continue;
        char *step = strdup(cu.step), why[400];
        if (!step) break;
        if (!kg_curation_holds(x, step, why, sizeof why))
            problem(k, "curation step %llu does not hold: %s (kg load re-applies the steps)",
                    ULL(cu.id), why);
        free(step);
    }
    uint32_t tid;
    if (kg_store_sym(x, KG_SYM_TYPE, DOC_TYPE, 0, &tid) == KG_OK &&
        kg_store_type_count(x, tid) != ndocs)
        problem(k, "%llu nodes of type document for %llu documents",
                ULL(kg_store_type_count(x, tid)), ULL(ndocs));
}

/* ---------------------------------------------------------------- watched questions
** Table watch: XXH128 of a question's text + XXH128 of one of its rows ->
** the load generation (the last one then) when the row was first shown. */

int kg_watch_mark(kg_txn *x, const char *question, const char *row, size_t rowlen, int *seen)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!question || (!row && rowlen) || !seen) return KG_MISUSE;
    unsigned char k[32], v[4];
    doc_hash(question, strlen(question), k);
    doc_hash(row ? row : "", rowlen, k + 16);
    MDB_val d;
    rc = st_get(x, DB_WATCH, k, 32, &d);
    if (rc == 0) {
        *seen = 1;
        return KG_OK;
    }
    if (rc != MDB_NOTFOUND) return lmdb_error(x->db, rc, "watch");
    uint32_t last;
    if ((rc = loads_last(x, &last))) return rc;
    kg_put_u32(v, last);
    if ((rc = st_put(x, DB_WATCH, k, 32, v, 4, 0))) return write_error(x, rc, "watch");
    *seen = 0;
    return KG_OK;
}

int kg_watch_forget(kg_txn *x, const char *question)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    if (!question) return KG_MISUSE;
    unsigned char k[32];
    doc_hash(question, strlen(question), k);
    memset(k + 16, 0, 16);
    for (;;) { /* one key at a time: a cursor would not survive a replayed write */
        MDB_cursor *c;
        if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_WATCH], &c)))
            return lmdb_error(x->db, rc, "watch");
        MDB_val key = mv(k, 32), val;
        rc = mdb_cursor_get(c, &key, &val, MDB_SET_RANGE);
        int mine = rc == 0 && key.mv_size == 32 && !memcmp(key.mv_data, k, 16);
        unsigned char hit[32];
        if (mine) memcpy(hit, key.mv_data, 32);
        mdb_cursor_close(c);
        if (rc && rc != MDB_NOTFOUND) return lmdb_error(x->db, rc, "watch");
        if (!mine) return KG_OK;
        if ((rc = st_del(x, DB_WATCH, hit, 32, NULL, 0))) return write_error(x, rc, "watch");
    }
}

/* ---------------------------------------------------------------- curation
** Table curation (engine/curate.c says what the steps are): u64 step (1, 2,
** ...) -> u8 active, i64 time (s since 1970 UTC), u32 load (the last load
** generation when it was recorded), then the step as JSON text. */

static int cur_put(kg_txn *x, uint64_t id, int active, int64_t when, uint32_t load,
                   const char *json)
{
    size_t jl = strlen(json);
    unsigned char k[8], *v = malloc(13 + jl);
    if (!v) return KG_NOMEM;
    kg_put_u64(k, id);
    v[0] = active ? 1 : 0;
    kg_put_u64(v + 1, (uint64_t)when);
    kg_put_u32(v + 9, load);
    memcpy(v + 13, json, jl);
    int rc = st_put(x, DB_CURATION, k, 8, v, 13 + jl, 0);
    free(v);
    return rc ? write_error(x, rc, "curation") : KG_OK;
}

int kg_store_cur_add(kg_txn *x, int active, int64_t when, uint32_t load, const char *json,
                     uint64_t *id)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    MDB_cursor *c;
    if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_CURATION], &c)))
        return lmdb_error(x->db, rc, "curation");
    MDB_val k, v;
    uint64_t last = 0;
    rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
    if (rc == 0 && k.mv_size == 8) last = kg_get_u64(k.mv_data);
    mdb_cursor_close(c);
    if (rc && rc != MDB_NOTFOUND) return lmdb_error(x->db, rc, "curation");
    if ((rc = cur_put(x, last + 1, active, when, load, json))) return rc;
    if (id) *id = last + 1;
    return KG_OK;
}

int kg_store_cur_set(kg_txn *x, uint64_t id, int active, int64_t when, uint32_t load,
                     const char *json)
{
    int rc = txn_ok(x, 1);
    return rc ? rc : cur_put(x, id, active, when, load, json);
}

static int cur_read(kg_txn *x, const MDB_val *k, const MDB_val *v, kg_curation *out)
{
    if (k->mv_size != 8 || v->mv_size < 13)
        return kg_error(x->db, KG_CORRUPT, "curation: bad record");
    const unsigned char *p = v->mv_data;
    const char *json = scratch(x, SLOT_VALUE, p + 13, v->mv_size - 13);
    if (!json) return KG_NOMEM;
    out->id = kg_get_u64(k->mv_data), out->active = p[0] & 1;
    out->time = (int64_t)kg_get_u64(p + 1), out->load = kg_get_u32(p + 9), out->step = json;
    return KG_OK;
}

int kg_curation_get(kg_txn *x, uint64_t id, kg_curation *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!out) return KG_MISUSE;
    if (x->db->store->nov5) return KG_NOTFOUND;
    unsigned char kb[8];
    kg_put_u64(kb, id);
    MDB_val k = mv(kb, 8), v;
    if ((rc = st_get(x, DB_CURATION, kb, 8, &v)))
        return rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "curation");
    return cur_read(x, &k, &v, out);
}

int kg_curation_next(kg_txn *x, uint64_t after, kg_curation *out)
{
    int rc = txn_ok(x, 0);
    if (rc) return rc;
    if (!out) return KG_MISUSE;
    if (x->db->store->nov5 || after == UINT64_MAX) return KG_NOTFOUND;
    unsigned char kb[8];
    kg_put_u64(kb, after + 1);
    MDB_cursor *c;
    if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_CURATION], &c)))
        return lmdb_error(x->db, rc, "curation");
    MDB_val k = mv(kb, 8), v;
    rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    if (rc == 0)
        rc = cur_read(x, &k, &v, out);
    else
        rc = rc == MDB_NOTFOUND ? KG_NOTFOUND : lmdb_error(x->db, rc, "curation");
    mdb_cursor_close(c);
    return rc;
}

/* Remove alias text `alias` of node id (not its canonical name); the name
** and skeleton index entries go unless another alias of the node has them. */
int kg_store_alias_remove(kg_txn *x, kg_id id, const char *alias)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    uint32_t type;
    const char *nm;
    size_t nl, len = strlen(alias);
    if ((rc = kg_store_node(x, id, &type, &nm, &nl))) return rc;
    if (nl == len && !memcmp(nm, alias, len))
        return kg_error(x->db, KG_INVALID, "'%.200s' is the canonical name of node %llu", alias,
                        ULL(id));
    if (!alias_has(x, id, alias, len)) return KG_NOTFOUND;
    unsigned char k[8];
    kg_put_u64(k, id);
    if ((rc = st_del(x, DB_ALIASES, k, 8, alias, len))) return write_error(x, rc, "alias");
    x->c[C_ALIASES]--;
    if ((rc = index_alias(x, id, alias, len, 0))) return rc;
    /* the other names of the node put back the index entries they share */
    kg_iter *it;
    const char *a;
    size_t al;
    if ((rc = kg_aliases(x, id, &it))) return rc;
    char **names = NULL;
    size_t n = 0;
    while (kg_iter_alias(it, &a, &al) == KG_ROW) {
        char **p = realloc(names, (n + 1) * sizeof *p);
        char *s = p ? malloc(al + 1) : NULL;
        if (!s) {
            if (p) names = p;
            rc = KG_NOMEM;
            break;
        }
        memcpy(s, a, al), s[al] = 0;
        names = p, names[n++] = s;
    }
    kg_iter_close(it);
    for (size_t i = 0; i < n; i++) {
        if (!rc) rc = index_alias(x, id, names[i], strlen(names[i]), 1);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Remove one evidence row of edge e matching row's document, span, rule,
** modality and claimant (the first such); KG_NOTFOUND when none. An edge left
** without rows goes (evid_drop). */
int kg_store_evid_remove(kg_txn *x, kg_id e, const kg_evidence *row)
{
    int rc = txn_ok(x, 1);
    if (rc) return rc;
    uint32_t rule = 0;
    if (row->rule && *row->rule && kg_store_sym(x, KG_SYM_RULE, row->rule, 0, &rule))
        return KG_NOTFOUND;
    unsigned char ek[8], hit[EVID_SIZE];
    kg_put_u64(ek, e);
    MDB_cursor *c;
    if ((rc = mdb_cursor_open(x->t, x->db->store->dbi[DB_EVID], &c)))
        return lmdb_error(x->db, rc, "evidence");
    MDB_val key = mv(ek, 8), val;
    int found = 0;
    unsigned char buf[EVID_SIZE];
    struct kg_store *st = x->db->store;
    for (int g = evid_cget(st, c, &key, &val, MDB_SET_KEY, buf); g == 0 && !found;
         g = evid_cget(st, c, &key, &val, MDB_NEXT_DUP, buf)) {
        kg_evidence ev;
        uint32_t r;
        if (val.mv_size != EVID_SIZE) continue;
        evid_decode(val.mv_data, val.mv_size, &ev, &r);
        if (ev.doc == row->doc && ev.start == row->start && ev.end == row->end && r == rule &&
            ev.modality == row->modality && ev.claimant == row->claimant)
            found = 1, memcpy(hit, val.mv_data, EVID_SIZE);
    }
    mdb_cursor_close(c);
    return found ? evid_drop(x, e, hit, 1) : KG_NOTFOUND;
}
