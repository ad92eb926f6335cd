/*
** write.c -- the loader's writer (kgl layer): puts one extraction result into
** kg through engine/kg.h only, in one write transaction per document.
** Invariants: (1) the document is written whole or not at all (any error
** aborts the transaction); (2) kg_doc_register comes first: KG_DOC_SAME
** writes nothing, KG_DOC_CHANGED lets the engine drop the old evidence before
** the new facts go in; (3) an entity joins an existing node only when the
** name resolves to exactly one candidate of the same type (exact alias, then
** transliteration skeleton); ambiguous names get their own node, never a merge;
** (4) statements are nodes of type "statement" named by their text, never aliases;
** (5) every entity the extraction recognised by name is written, in a
** relation or not, with each of its mentions (kg_mention_add: the span of the
** name in the text, a row of its mentioned-in relation to the document's node);
** (6) each fact's row keeps the report date (the section's) and the event
** date its sentence gives (kgl_event_date, when.c), or none.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

/* Facility words are part of the type, not of the name key (LOADER.md). */
static char *strip_facility(const char *name)
{
    static const char *words[] = {" air base", " airbase",   " airfield",
                                  " base",     " air field", NULL};
    char *n = kgl_strndup(name, strlen(name));
    size_t l = strlen(n);
    for (int i = 0; words[i]; i++) {
        size_t wl = strlen(words[i]);
        if (l > wl && !strcasecmp(n + l - wl, words[i])) {
            n[l - wl] = 0;
            break;
        }
    }
    if (!strncasecmp(n, "camp ", 5)) memmove(n, n + 5, strlen(n + 5) + 1);
    return n;
}

static int resolve_one(kg_txn *txn, const char *name, const char *type, kg_id *out)
{
    kg_id ids[4];
    size_t n = 0;
    int rc = kg_resolve(txn, name, type, ids, 4, &n);
    if (rc == KG_OK && n == 1) {
        *out = ids[0];
        return 1;
    }
    return 0;
}

static int entity_node(kg_txn *txn, const kgl_ent *e, kg_id *out, int *created)
{
    *created = 0;
    if (!strcmp(e->type, "statement"))
        return kg_node_get_or_create(txn, "statement", e->name, out, created);
    int rc = kg_node_find(txn, e->type, e->name, out);
    if (rc == KG_OK) return KG_OK;
    if (rc != KG_NOTFOUND) return rc;
    if (resolve_one(txn, e->name, e->type, out)) return KG_OK;
    for (int i = 0; i < e->nalias; i++)
        if (strchr(e->alias[i], ' ') && resolve_one(txn, e->alias[i], e->type, out)) return KG_OK;
    if (!strcmp(e->type, "base")) {
        char *s = strip_facility(e->name);
        int hit = strlen(s) > 3 && strchr(s, ' ') && resolve_one(txn, s, e->type, out);
        free(s);
        if (hit) return KG_OK;
    }
    return kg_node_get_or_create(txn, e->type, e->name, out, created);
}

int kgl_write(kg_db *db, const char *key, kgl_result *r, int *status, kgl_counts *c, char *err,
              size_t errlen)
{
    return kgl_write_doc(db, key, NULL, 0, r, status, c, err, errlen);
}

int32_t kgl_fact_event(const kgl_result *r, const kgl_fact *f, int *month)
{
    *month = 0;
    if (f->has_event) {
        *month = f->month;
        return f->event;
    }
    return r->doc && r->doc->text && f->e <= r->doc->len && f->s < f->e
               ? kgl_event_date(r->doc->text + f->s, f->e - f->s, f->date, month)
               : KG_NODATE;
}

int kgl_write_doc(kg_db *db, const char *key, const char *fingerprint, unsigned flags,
                  kgl_result *r, int *status, kgl_counts *c, char *err, size_t errlen)
{
    kg_txn *txn = NULL;
    int rc = kg_begin(db, KG_TXN_WRITE, &txn);
    if (rc) {
        snprintf(err, errlen, "%s", kg_errmsg(db));
        return rc;
    }
    kgl_counts n = {0};
    rc = kgl_write_txn(txn, key, fingerprint, flags, r, status, &n, err, errlen);
    if (rc || *status == KG_DOC_SAME) {
        kg_abort(txn);
        return rc;
    }
    rc = kg_commit(txn);
    if (rc) {
        snprintf(err, errlen, "%s (%s)", kg_errmsg(db), kg_errstr(rc));
        return rc;
    }
    if (c) {
        c->entities += n.entities, c->statements += n.statements, c->relations += n.relations;
        c->mentions += n.mentions, c->reread += n.reread;
    }
    return KG_OK;
}

int kgl_write_txn(kg_txn *txn, const char *key, const char *fingerprint, unsigned flags,
                  kgl_result *r, int *status, kgl_counts *c, char *err, size_t errlen)
{
    int rc;
    kg_doc info = {0};
    info.key = key;
    info.title = r->doc ? r->doc->title : NULL;
    info.author = r->doc ? r->doc->author : NULL;
    info.date = r->doc ? r->doc->date : KG_NODATE;
    info.text = r->doc && r->doc->text ? r->doc->text : "";
    info.text_len = r->doc && r->doc->text ? r->doc->len : 0;
    info.fingerprint = fingerprint;
    info.flags = flags;
    kg_id doc = 0;
    int st = 0;
    rc = kg_doc_register(txn, &info, &doc, &st);
    if (rc) goto fail;
    *status = st;
    if (st == KG_DOC_SAME) return KG_OK; /* nothing written */
    kg_id *ids = calloc(r->nent ? r->nent : 1, sizeof *ids);
    if (!ids) {
        rc = KG_NOMEM;
        goto fail;
    }
    /* entities that take part in a fact or were named in the text become nodes */
    char *used = calloc(r->nent ? r->nent : 1, 1);
    for (int i = 0; i < r->nfact; i++) {
        used[r->fact[i].subj] = used[r->fact[i].obj] = 1;
        if (r->fact[i].claimant >= 0)
            used[r->fact[i].claimant] = 1; /* the source of a reported or claimed fact */
    }
    for (int i = 0; i < r->nmen; i++)
        used[r->men[i].ent] = 1;
    uint64_t ents = 0, stmts = 0, rels = 0, mens = 0;
    for (int i = 0; i < r->nent && !rc; i++) {
        const kgl_ent *e = &r->ent[i];
        if (!used[i] && strcmp(e->type, "statement")) continue;
        int created = 0;
        rc = entity_node(txn, e, &ids[i], &created);
        if (rc) break;
        if (created) {
            if (!strcmp(e->type, "statement"))
                stmts++;
            else
                ents++;
        }
        if (strcmp(e->type, "statement")) {
            rc = kg_alias_add(txn, ids[i], e->name);
            for (int a = 0; a < e->nalias && !rc; a++)
                rc = kg_alias_add(txn, ids[i], e->alias[a]);
        }
    }
    for (int i = 0; i < r->nfact && !rc; i++) {
        const kgl_fact *f = &r->fact[i];
        /* the loader's modalities are the engine's (KGL_MOD_* == KG_MOD_*) */
        /* a claimant may be the subject itself: "X claimed the attack", "X denied firing" */
        /* the event date the sentence gives, resolved against the report date (when.c) */
        int month = 0;
        int32_t when = kgl_fact_event(r, f, &month);
        kg_evidence ev = {doc,
                          f->s,
                          f->e,
                          f->date,
                          f->conf,
                          f->rule,
                          (uint8_t)f->modality,
                          f->claimant >= 0 ? ids[f->claimant] : 0,
                          when,
                          0,
                          (uint8_t)month};
        kg_id edge;
        rc = kg_edge_add(txn, ids[f->subj], f->rel, ids[f->obj], &ev, &edge);
        rels++;
    }
    for (int i = 0; i < r->nmen && !rc; i++, mens++)
        rc = kg_mention_add(txn, ids[r->men[i].ent], doc, r->men[i].s, r->men[i].e);
    free(ids);
    free(used);
    if (rc) goto fail;
    if (c) {
        c->entities += ents;
        c->statements += stmts;
        c->relations += rels;
        c->mentions += mens;
        if (st == KG_DOC_REREAD) c->reread++;
    }
    return KG_OK;
fail:
    snprintf(err, errlen, "%s (%s)", kg_errmsg(kg_txn_db(txn)), kg_errstr(rc));
    return rc;
}
