/*
** curate.c -- the curation log (engine layer): an analyst's corrections as
** data that survives reloads (issue 13). A step is applied, recorded in the
** table `curation` (store.c: u64 step -> active flag, time, load, JSON) and
** re-applied after every load (kg load calls kg_curate_apply), so a document
** read again with a better dictionary does not bring back what the analyst
** took out; each step can be undone, and the log explains identities
** (kg_explain_name: EXPLAIN DESCRIBE "name").
**
** Steps name entities by type and canonical name ({"type": T, "name": N}),
** never by id: ids change when a reload makes a deleted node again. The
** operations (kg.h, kg_curate), each idempotent when re-applied:
**   alias    {"alias": A, "entity": E}         E has the name A
**   unalias  {"alias": A, "entity": E}         E has not (its canonical name stays)
**   merge    {"from": E, "into": F}            E's names, properties and relations
**                                              go to F, and E goes
**   split    {"alias": A, "from": E, "into": F} A is F's name, not E's: F is made
**                                              when missing, E's mentions written A
**                                              and its relations whose sentence holds
**                                              A but not E's name go to F
**   delete   {"entity": E} | {"relation": R}   it goes (with its relations)
**   retype   {"entity": E, "type": T}          E becomes of type T (merged into the
**                                              T of its name when there is one)
**            {"relation": R, "rel": N}         R's rows become of relation N
** with R = {"from": E, "rel": name, "to": E}. The first application records in
** the step what undoing it needs ("undo": the entity or rows it removed,
** whether the alias was new, ...); kg_curate_undo reverses it from there and
** marks the step inactive, so it is no longer re-applied.
*/
#include "internal.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef json_object jo;

static const char *jstr(jo *o, const char *key)
{
    jo *v;
    return o && json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static jo *jget(jo *o, const char *key)
{
    jo *v;
    return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static int64_t jint(jo *o, const char *key, int64_t dflt)
{
    jo *v = jget(o, key);
    return v && (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
               ? json_object_get_int64(v)
               : dflt;
}

static jo *ref_new(const char *type, const char *name, size_t len)
{
    jo *r = json_object_new_object();
    json_object_object_add(r, "type", json_object_new_string(type));
    json_object_object_add(r, "name", json_object_new_string_len(name, (int)len));
    return r;
}

/* {type, name} of node id, or NULL. */
static jo *ref_of(kg_txn *t, kg_id id)
{
    kg_node n;
    return id && kg_node_get(t, id, &n) == KG_OK ? ref_new(n.type, n.name, n.name_len) : NULL;
}

/* The node a reference names (exact type and canonical name), 0 when none. */
static kg_id ref_find(kg_txn *t, jo *ref)
{
    const char *type = jstr(ref, "type"), *name = jstr(ref, "name");
    kg_id id;
    return type && name && kg_node_find(t, type, name, &id) == KG_OK ? id : 0;
}

static int ref_same(jo *a, jo *b)
{
    const char *at = jstr(a, "type"), *an = jstr(a, "name"), *bt = jstr(b, "type"),
               *bn = jstr(b, "name");
    return at && an && bt && bn && !strcmp(at, bt) && !strcmp(an, bn);
}

static int has_alias(kg_txn *t, kg_id id, const char *alias)
{
    kg_iter *it;
    const char *a;
    size_t al;
    int has = 0;
    if (kg_aliases(t, id, &it)) return 0;
    while (!has && kg_iter_alias(it, &a, &al) == KG_ROW)
        has = al == strlen(alias) && !memcmp(a, alias, al);
    kg_iter_close(it);
    return has;
}

static int is_canonical(kg_txn *t, kg_id id, const char *name)
{
    kg_node n;
    return kg_node_get(t, id, &n) == KG_OK && n.name_len == strlen(name) &&
           !memcmp(n.name, name, n.name_len);
}

/* ---------------------------------------------------------------- rows */

/* A relation's rows as JSON: doc key, span, dates, confidence, rule,
** modality, claimant reference. */
static jo *rows_of(kg_txn *t, kg_id e)
{
    jo *rows = json_object_new_array();
    kg_iter *it;
    kg_evidence ev;
    if (kg_edge_evidence(t, e, &it)) return rows;
    while (kg_iter_evidence(it, &ev) == KG_ROW) {
        jo *r = json_object_new_object();
        kg_doc d;
        if (ev.doc && kg_doc_get(t, ev.doc, &d) == KG_OK)
            json_object_object_add(r, "doc", json_object_new_string(d.key));
        json_object_object_add(r, "start", json_object_new_int64(ev.start));
        json_object_object_add(r, "end", json_object_new_int64(ev.end));
        json_object_object_add(r, "date", json_object_new_int64(ev.date));
        json_object_object_add(r, "event", json_object_new_int64(ev.event_date));
        json_object_object_add(r, "month", json_object_new_int(ev.event_month));
        json_object_object_add(r, "conf", json_object_new_double(ev.confidence));
        if (ev.rule) json_object_object_add(r, "rule", json_object_new_string(ev.rule));
        json_object_object_add(r, "mod", json_object_new_int(ev.modality));
        if (ev.claimant) {
            jo *c = ref_of(t, ev.claimant);
            if (c) json_object_object_add(r, "claimant", c);
        }
        json_object_array_add(rows, r);
    }
    kg_iter_close(it);
    return rows;
}

/* A row of rows_of back as evidence; 0 when its document or claimant is gone. */
static int row_evidence(kg_txn *t, jo *r, kg_evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    const char *key = jstr(r, "doc");
    if (key && kg_doc_find(t, key, &ev->doc)) return 0;
    ev->start = (uint32_t)jint(r, "start", 0), ev->end = (uint32_t)jint(r, "end", 0);
    ev->date = (int32_t)jint(r, "date", KG_NODATE);
    ev->event_date = (int32_t)jint(r, "event", KG_NODATE);
    ev->event_month = (uint8_t)jint(r, "month", 0);
    jo *c = jget(r, "conf");
    ev->confidence = c ? (float)json_object_get_double(c) : 1.0f;
    ev->rule = jstr(r, "rule");
    ev->modality = (uint8_t)jint(r, "mod", 0);
    jo *cl = jget(r, "claimant");
    if (cl && !(ev->claimant = ref_find(t, cl))) return 0;
    return 1;
}

/* Add rows to (s, rel, d). Mentions go through kg_mention_add. */
static int rows_add(kg_txn *t, kg_id s, const char *rel, kg_id d, jo *rows)
{
    int rc = KG_OK;
    size_t n = rows ? json_object_array_length(rows) : 0;
    for (size_t i = 0; i < n && !rc; i++) {
        kg_evidence ev;
        if (!row_evidence(t, json_object_array_get_idx(rows, i), &ev)) continue;
        if (!strcmp(rel, KG_MENTION_REL))
            rc = ev.doc ? kg_mention_add(t, s, ev.doc, ev.start, ev.end) : KG_OK;
        else
            rc = kg_edge_add(t, s, rel, d, &ev, NULL);
    }
    if (!n && strcmp(rel, KG_MENTION_REL)) rc = kg_edge_add(t, s, rel, d, NULL, NULL);
    return rc;
}

/* The edge (s, rel, d), 0 when none. */
static kg_id edge_find(kg_txn *t, kg_id s, const char *rel, kg_id d)
{
    kg_iter *it;
    kg_id nbr, e, found = 0;
    if (!s || !d || kg_neighbors(t, s, rel, KG_OUT, &it)) return 0;
    while (!found && kg_iter_next(it, &nbr, &e) == KG_ROW)
        if (nbr == d) found = e;
    kg_iter_close(it);
    return found;
}

/* ---------------------------------------------------------------- whole nodes */

/* Everything of node id: type, name, aliases, properties, relations with their rows. */
static jo *snapshot(kg_txn *t, kg_id id)
{
    jo *s = ref_of(t, id);
    if (!s) return NULL;
    jo *al = json_object_new_array(), *props = json_object_new_array(),
       *rels = json_object_new_array();
    kg_iter *it;
    const char *a;
    size_t an;
    if (kg_aliases(t, id, &it) == KG_OK) {
        while (kg_iter_alias(it, &a, &an) == KG_ROW)
            json_object_array_add(al, json_object_new_string_len(a, (int)an));
        kg_iter_close(it);
    }
    const char *key;
    kg_value v;
    if (kg_node_props(t, id, &it) == KG_OK) {
        while (kg_iter_prop(it, &key, &v) == KG_ROW) {
            jo *p = json_object_new_array();
            json_object_array_add(p, json_object_new_string(key));
            json_object_array_add(p, json_object_new_int(v.type));
            if (v.type == KG_TEXT)
                json_object_array_add(p, json_object_new_string_len(v.s, (int)v.len));
            else if (v.type == KG_FLOAT)
                json_object_array_add(p, json_object_new_double(v.f));
            else
                json_object_array_add(p, json_object_new_int64(v.i));
            json_object_array_add(props, p);
        }
        kg_iter_close(it);
    }
    kg_id nbr, e;
    if (kg_neighbors(t, id, NULL, KG_BOTH, &it) == KG_OK) {
        kg_id *edges = NULL;
        size_t n = 0;
        while (kg_iter_next(it, &nbr, &e) == KG_ROW) {
            size_t k = 0;
            while (k < n && edges[k] != e)
                k++; /* a loop comes in both passes: once */
            if (k < n) continue;
            kg_id *p = realloc(edges, (n + 1) * sizeof *p);
            if (!p) break;
            edges = p, edges[n++] = e;
        }
        kg_iter_close(it);
        for (size_t i = 0; i < n; i++) {
            kg_edge ed;
            if (kg_edge_get(t, edges[i], &ed)) continue;
            int out = ed.src == id;
            jo *r = json_object_new_object();
            json_object_object_add(r, "rel", json_object_new_string(ed.rel));
            json_object_object_add(r, "out", json_object_new_boolean(out));
            jo *o = ref_of(t, out ? ed.dst : ed.src);
            if (o) json_object_object_add(r, "other", o);
            json_object_object_add(r, "rows", rows_of(t, edges[i]));
            json_object_array_add(rels, r);
        }
        free(edges);
    }
    json_object_object_add(s, "aliases", al);
    json_object_object_add(s, "props", props);
    json_object_object_add(s, "rels", rels);
    return s;
}

/* Copy a snapshot's names, properties (those `to` has not) and relations to
** node `to` (relations with the snapshot's node itself become loops of `to`). */
static int snapshot_to(kg_txn *t, jo *snap, kg_id to)
{
    int rc = KG_OK;
    jo *al = jget(snap, "aliases"), *props = jget(snap, "props"), *rels = jget(snap, "rels");
    for (size_t i = 0; al && i < json_object_array_length(al) && !rc; i++)
        rc = kg_alias_add(t, to, json_object_get_string(json_object_array_get_idx(al, i)));
    for (size_t i = 0; props && i < json_object_array_length(props) && !rc; i++) {
        jo *p = json_object_array_get_idx(props, i);
        const char *key = json_object_get_string(json_object_array_get_idx(p, 0));
        kg_value v = {(kg_type)json_object_get_int(json_object_array_get_idx(p, 1)), 0, 0, NULL, 0};
        jo *val = json_object_array_get_idx(p, 2);
        kg_value have;
        if (kg_node_get_prop(t, to, key, &have) == KG_OK) continue;
        if (v.type == KG_TEXT)
            v.s = json_object_get_string(val), v.len = (size_t)json_object_get_string_len(val);
        else if (v.type == KG_FLOAT)
            v.f = json_object_get_double(val);
        else
            v.i = json_object_get_int64(val);
        rc = kg_node_set_prop(t, to, key, &v);
    }
    for (size_t i = 0; rels && i < json_object_array_length(rels) && !rc; i++) {
        jo *r = json_object_array_get_idx(rels, i), *other = jget(r, "other");
        kg_id o = ref_same(other, snap) ? to : ref_find(t, other);
        if (!o) continue; /* the other end is gone */
        int out = json_object_get_boolean(jget(r, "out"));
        rc = rows_add(t, out ? to : o, jstr(r, "rel"), out ? o : to, jget(r, "rows"));
    }
    return rc;
}

/* Make the node of a snapshot again (or find it), with all it had. */
static int snapshot_restore(kg_txn *t, jo *snap, kg_id *out)
{
    kg_id id;
    int rc = kg_node_get_or_create(t, jstr(snap, "type"), jstr(snap, "name"), &id, NULL);
    if (!rc) rc = snapshot_to(t, snap, id);
    if (!rc && out) *out = id;
    return rc;
}

/* Node `from` into node `to`: its names, properties, relations; then it goes. */
static int node_move(kg_txn *t, kg_id from, kg_id to, jo **snap_out)
{
    jo *snap = snapshot(t, from);
    if (!snap) return KG_NOTFOUND;
    int rc = kg_node_delete(t, from, 1);
    if (!rc) rc = snapshot_to(t, snap, to);
    if (snap_out && !rc)
        *snap_out = snap;
    else
        json_object_put(snap);
    return rc;
}

/* Remove from node `id`'s relations the rows of a snapshot's relations (what
** a merge moved there), leaving what was there before. */
static int snapshot_unmove(kg_txn *t, jo *snap, kg_id id)
{
    jo *rels = jget(snap, "rels");
    int rc = KG_OK;
    for (size_t i = 0; rels && i < json_object_array_length(rels) && !rc; i++) {
        jo *r = json_object_array_get_idx(rels, i), *other = jget(r, "other"),
           *rows = jget(r, "rows");
        kg_id o = ref_same(other, snap) ? id : ref_find(t, other);
        int out = json_object_get_boolean(jget(r, "out"));
        kg_id e = o ? edge_find(t, out ? id : o, jstr(r, "rel"), out ? o : id) : 0;
        for (size_t k = 0; e && rows && k < json_object_array_length(rows) && !rc; k++) {
            kg_evidence ev;
            if (!row_evidence(t, json_object_array_get_idx(rows, k), &ev)) continue;
            if (!strcmp(jstr(r, "rel"), KG_MENTION_REL)) ev.rule = "mention", ev.confidence = 1.0f;
            rc = kg_store_evid_remove(t, e, &ev);
            if (rc == KG_NOTFOUND) rc = KG_OK;
            if (!edge_find(t, out ? id : o, jstr(r, "rel"), out ? o : id)) break; /* it went */
        }
    }
    return rc;
}

/* ---------------------------------------------------------------- steps */

typedef struct cur {
    kg_txn *t;
    jo *step;  /* the step */
    int first; /* its first application: record what undo needs */
    int changed;
} cur;

static int ap_alias(cur *c, int un)
{
    const char *alias = jstr(c->step, "alias");
    kg_id id = ref_find(c->t, jget(c->step, "entity"));
    if (!id || !alias) return KG_OK;
    int has = has_alias(c->t, id, alias);
    if (c->first) json_object_object_add(c->step, "undo", json_object_new_boolean(un ? has : !has));
    if (!un && !has) return c->changed = 1, kg_alias_add(c->t, id, alias);
    if (un && has && !is_canonical(c->t, id, alias))
        return c->changed = 1, kg_store_alias_remove(c->t, id, alias);
    return KG_OK;
}

static int ap_merge(cur *c)
{
    kg_id f = ref_find(c->t, jget(c->step, "from")), to = ref_find(c->t, jget(c->step, "into"));
    if (!f || !to || f == to) return KG_OK;
    jo *snap = NULL;
    int rc = node_move(c->t, f, to, &snap);
    if (rc) return rc;
    c->changed = 1;
    if (c->first) {
        /* the names `into` had before, to give back only the others on undo */
        jo *before = json_object_new_array();
        kg_iter *it;
        const char *a;
        size_t an;
        json_object_object_add(c->step, "undo", snap);
        json_object_object_add(c->step, "into_aliases", before);
        jo *sal = jget(snap, "aliases");
        if (kg_aliases(c->t, to, &it) == KG_OK) {
            while (kg_iter_alias(it, &a, &an) == KG_ROW) {
                int moved = 0;
                for (size_t i = 0; sal && i < json_object_array_length(sal); i++) {
                    const char *s = json_object_get_string(json_object_array_get_idx(sal, i));
                    moved |= strlen(s) == an && !memcmp(s, a, an);
                }
                if (!moved) json_object_array_add(before, json_object_new_string_len(a, (int)an));
            }
            kg_iter_close(it);
        }
    } else {
        json_object_put(snap);
    }
    return KG_OK;
}

/* Does text hold word-like occurrence of w (not inside a longer word)? */
static int holds(const char *text, size_t n, const char *w)
{
    size_t wl = strlen(w);
    if (!wl) return 0;
    for (const char *p = text; p + wl <= text + n; p++) {
        if (memcmp(p, w, wl)) continue;
        int before =
            p == text || !((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'));
        int after = p + wl == text + n ||
                    !((p[wl] >= 'A' && p[wl] <= 'Z') || (p[wl] >= 'a' && p[wl] <= 'z'));
        if (before && after) return 1;
    }
    return 0;
}

static int ap_split(cur *c)
{
    const char *alias = jstr(c->step, "alias");
    jo *into = jget(c->step, "into");
    kg_id from = ref_find(c->t, jget(c->step, "from"));
    if (!from || !alias || !into) return KG_OK;
    kg_id to = ref_find(c->t, into);
    int made = 0, rc = KG_OK;
    kg_node fn;
    if ((rc = kg_node_get(c->t, from, &fn))) return rc;
    char *fname = strndup(fn.name, fn.name_len);
    if (!fname) return KG_NOMEM;
    if (!to) {
        if ((rc = kg_node_get_or_create(c->t, jstr(into, "type"), jstr(into, "name"), &to, NULL)))
            goto out;
        made = 1;
    }
    if (c->first) json_object_object_add(c->step, "undo", json_object_new_boolean(made));
    if (!has_alias(c->t, to, alias)) c->changed = 1, rc = kg_alias_add(c->t, to, alias);
    if (!rc && has_alias(c->t, from, alias) && !is_canonical(c->t, from, alias))
        c->changed = 1, rc = kg_store_alias_remove(c->t, from, alias);
    /* rows of `from` written with the alias: mentions whose text is it, relations
    ** whose sentence holds it but not the canonical name */
    kg_iter *it = NULL;
    kg_id nbr, e, *edges = NULL;
    size_t n = 0;
    if (!rc && (rc = kg_neighbors(c->t, from, NULL, KG_BOTH, &it)) == KG_OK) {
        while (kg_iter_next(it, &nbr, &e) == KG_ROW) {
            kg_id *p = realloc(edges, (n + 1) * sizeof *p);
            if (!p) break;
            edges = p, edges[n++] = e;
        }
        kg_iter_close(it);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        kg_edge ed;
        if (kg_edge_get(c->t, edges[i], &ed)) continue;
        char rel[256];
        snprintf(rel, sizeof rel, "%s", ed.rel);
        int mention = !strcmp(rel, KG_MENTION_REL);
        jo *rows = rows_of(c->t, edges[i]), *keep = json_object_new_array();
        for (size_t k = 0; k < json_object_array_length(rows); k++) {
            jo *r = json_object_array_get_idx(rows, k);
            kg_evidence ev;
            kg_doc d;
            if (!row_evidence(c->t, r, &ev) || !ev.doc || kg_doc_get(c->t, ev.doc, &d) ||
                ev.end > d.text_len || ev.end <= ev.start)
                continue;
            const char *s = d.text + ev.start;
            size_t sl = ev.end - ev.start;
            int moves = mention ? sl == strlen(alias) && !memcmp(s, alias, sl)
                                : holds(s, sl, alias) && !holds(s, sl, fname);
            if (moves) json_object_array_add(keep, json_object_get(r));
        }
        for (size_t k = 0; k < json_object_array_length(keep) && !rc; k++) {
            kg_evidence ev;
            if (!row_evidence(c->t, json_object_array_get_idx(keep, k), &ev)) continue;
            rc = kg_store_evid_remove(c->t, edges[i], &ev);
            c->changed = 1;
        }
        kg_id s2 = ed.src == from ? to : ed.src, d2 = ed.dst == from ? to : ed.dst;
        if (!rc && json_object_array_length(keep) && s2 != d2)
            rc = rows_add(c->t, s2, rel, d2, keep);
        json_object_put(rows), json_object_put(keep);
    }
    free(edges);
out:
    free(fname);
    return rc;
}

static int ap_delete(cur *c)
{
    jo *ent = jget(c->step, "entity"), *rel = jget(c->step, "relation");
    if (ent) {
        kg_id id = ref_find(c->t, ent);
        if (!id) return KG_OK;
        if (c->first) json_object_object_add(c->step, "undo", snapshot(c->t, id));
        c->changed = 1;
        return kg_node_delete(c->t, id, 1);
    }
    kg_id e = edge_find(c->t, ref_find(c->t, jget(rel, "from")), jstr(rel, "rel"),
                        ref_find(c->t, jget(rel, "to")));
    if (!e) return KG_OK;
    if (c->first) json_object_object_add(c->step, "undo", rows_of(c->t, e));
    c->changed = 1;
    return kg_edge_delete(c->t, e);
}

static int ap_retype(cur *c)
{
    jo *ent = jget(c->step, "entity"), *rel = jget(c->step, "relation");
    if (ent) {
        kg_id id = ref_find(c->t, ent), to;
        const char *type = jstr(c->step, "type");
        if (!id || !type) return KG_OK;
        int rc = kg_node_get_or_create(c->t, type, jstr(ent, "name"), &to, NULL);
        if (rc) return rc;
        c->changed = 1;
        return node_move(c->t, id, to, NULL);
    }
    kg_id s = ref_find(c->t, jget(rel, "from")), d = ref_find(c->t, jget(rel, "to"));
    kg_id e = edge_find(c->t, s, jstr(rel, "rel"), d);
    const char *to = jstr(c->step, "rel");
    if (!e || !to) return KG_OK;
    jo *rows = rows_of(c->t, e);
    int rc = rows_add(c->t, s, to, d, rows);
    json_object_put(rows);
    c->changed = 1;
    return rc ? rc : kg_edge_delete(c->t, e);
}

static int apply(cur *c)
{
    const char *op = jstr(c->step, "op");
    if (!op) return KG_INVALID;
    if (!strcmp(op, "alias")) return ap_alias(c, 0);
    if (!strcmp(op, "unalias")) return ap_alias(c, 1);
    if (!strcmp(op, "merge")) return ap_merge(c);
    if (!strcmp(op, "split")) return ap_split(c);
    if (!strcmp(op, "delete")) return ap_delete(c);
    if (!strcmp(op, "retype")) return ap_retype(c);
    return KG_INVALID;
}

/* ---------------------------------------------------------------- checking a step */

/* A reference given as {"type", "name"} or as a name to resolve (as a query
** does: exact alias, then skeleton; a candidate whose canonical name is the
** name wins; else it must be one). Returns the {type, name} of the node or
** sets the error. */
static jo *ref_resolve(kg_txn *t, jo *given, const char *what, int must, int *rcp)
{
    kg_db *db = kg_txn_db(t);
    *rcp = KG_INVALID;
    if (json_object_is_type(given, json_type_object)) {
        const char *type = jstr(given, "type"), *name = jstr(given, "name");
        if (!type || !name || !*type || !*name) {
            kg_error(db, KG_INVALID, "%s: want {\"type\": ..., \"name\": ...} or a name", what);
            return NULL;
        }
        kg_id id;
        if (must && kg_node_find(t, type, name, &id)) {
            *rcp = KG_NOTFOUND;
            kg_error(db, KG_NOTFOUND, "%s: no %s named '%.200s'", what, type, name);
            return NULL;
        }
        return ref_new(type, name, strlen(name));
    }
    const char *name =
        json_object_is_type(given, json_type_string) ? json_object_get_string(given) : NULL;
    if (!name || !*name) {
        kg_error(db, KG_INVALID, "%s: missing", what);
        return NULL;
    }
    kg_id ids[16];
    size_t n = 0;
    if (kg_resolve(t, name, NULL, ids, 16, &n) || !n) {
        *rcp = KG_NOTFOUND;
        kg_error(db, KG_NOTFOUND, "%s: no entity named '%.200s'", what, name);
        return NULL;
    }
    size_t exact = 0;
    kg_id pick = ids[0];
    for (size_t i = 0; i < n && i < 16; i++)
        if (is_canonical(t, ids[i], name)) exact++, pick = ids[i];
    if (n > 1 && exact != 1) {
        char cands[600] = "";
        for (size_t i = 0; i < n && i < 6; i++) {
            kg_node nd;
            if (kg_node_get(t, ids[i], &nd)) continue;
            snprintf(cands + strlen(cands), sizeof cands - strlen(cands), "%s%s:%.*s",
                     i ? ", " : "", nd.type, (int)(nd.name_len > 80 ? 80 : nd.name_len), nd.name);
        }
        *rcp = KG_AMBIGUOUS;
        kg_error(db, KG_AMBIGUOUS, "%s: '%.200s' is ambiguous (%s): give type:name", what, name,
                 cands);
        return NULL;
    }
    return ref_of(t, pick);
}

/* The step as recorded: references resolved to {type, name}, checked. */
static jo *step_check(kg_txn *t, jo *in, int *rcp)
{
    *rcp = KG_INVALID;
    kg_db *db = kg_txn_db(t);
    const char *op = jstr(in, "op");
    jo *s = json_object_new_object();
    int ok = 1;
    if (!op || (strcmp(op, "alias") && strcmp(op, "unalias") && strcmp(op, "merge") &&
                strcmp(op, "split") && strcmp(op, "delete") && strcmp(op, "retype"))) {
        kg_error(db, KG_INVALID,
                 "curation: \"op\" is one of alias, unalias, merge, split, delete, "
                 "retype");
        json_object_put(s);
        return NULL;
    }
    json_object_object_add(s, "op", json_object_new_string(op));
#define REF(key, must)                                                                             \
    do {                                                                                           \
        jo *r_ = ok ? ref_resolve(t, jget(in, key), key, must, rcp) : NULL;                        \
        if (r_)                                                                                    \
            json_object_object_add(s, key, r_);                                                    \
        else                                                                                       \
            ok = 0;                                                                                \
    } while (0)
#define STR(key)                                                                                   \
    do {                                                                                           \
        const char *v_ = jstr(in, key);                                                            \
        if (ok && (!v_ || !*v_))                                                                   \
            ok = 0, kg_error(db, KG_INVALID, "curation %s: \"%s\" is missing", op, key);           \
        else if (ok)                                                                               \
            json_object_object_add(s, key, json_object_new_string(v_));                            \
    } while (0)
    if (!strcmp(op, "alias") || !strcmp(op, "unalias")) {
        STR("alias");
        REF("entity", 1);
    } else if (!strcmp(op, "merge")) {
        REF("from", 1);
        REF("into", 1);
        if (ok && ref_same(jget(s, "from"), jget(s, "into")))
            ok = 0, kg_error(db, KG_INVALID, "curation merge: an entity into itself");
        if (ok && (!strcmp(jstr(jget(s, "from"), "type"), "document") ||
                   !strcmp(jstr(jget(s, "into"), "type"), "document")))
            ok = 0,
            kg_error(db, KG_INVALID, "curation merge: documents' nodes go with their documents");
    } else if (!strcmp(op, "split")) {
        STR("alias");
        REF("from", 1);
        jo *into = jget(in, "into");
        if (ok && json_object_is_type(into, json_type_object) && jstr(into, "type") &&
            jstr(into, "name"))
            json_object_object_add(s, "into", json_object_get(into));
        else if (ok) { /* a new entity named by the alias, of the type of `from` */
            const char *type = json_object_is_type(into, json_type_string)
                                   ? json_object_get_string(into)
                                   : jstr(jget(s, "from"), "type");
            json_object_object_add(s, "into",
                                   ref_new(type, jstr(s, "alias"), strlen(jstr(s, "alias"))));
        }
        if (ok && ref_same(jget(s, "from"), jget(s, "into")))
            ok = 0, kg_error(db, KG_INVALID, "curation split: into the entity itself");
    } else { /* delete, retype */
        jo *rel = jget(in, "relation");
        if (rel) {
            jo *r = json_object_new_object();
            jo *f = ok ? ref_resolve(t, jget(rel, "from"), "relation's from", 1, rcp) : NULL;
            jo *to = f ? ref_resolve(t, jget(rel, "to"), "relation's to", 1, rcp) : NULL;
            const char *rn = jstr(rel, "rel");
            if (!f || !to)
                ok = 0;
            else if (!rn || !*rn)
                ok = 0,
                kg_error(db, KG_INVALID, "curation %s: the relation's \"rel\" is missing", op);
            else if (!edge_find(t, ref_find(t, f), rn, ref_find(t, to)))
                ok = 0, *rcp = KG_NOTFOUND,
                kg_error(db, KG_NOTFOUND, "curation %s: no relation %s -[%s]-> %s", op,
                         jstr(f, "name"), rn, jstr(to, "name"));
            if (f) json_object_object_add(r, "from", f);
            json_object_object_add(r, "rel", json_object_new_string(rn ? rn : ""));
            if (to) json_object_object_add(r, "to", to);
            json_object_object_add(s, "relation", r);
            if (!strcmp(op, "retype")) STR("rel");
        } else {
            REF("entity", 1);
            if (!strcmp(op, "retype")) STR("type");
            if (ok && !strcmp(jstr(jget(s, "entity"), "type"), "document"))
                ok = 0, kg_error(db, KG_INVALID,
                                 "curation %s: a document's node goes with its "
                                 "document",
                                 op);
        }
    }
#undef REF
#undef STR
    if (!ok) {
        json_object_put(s);
        return NULL;
    }
    return s;
}

/* ---------------------------------------------------------------- API */

int kg_curate(kg_txn *t, const char *step, uint64_t *id)
{
    if (!t || !step) return KG_MISUSE;
    kg_db *db = kg_txn_db(t);
    if (!kg_store_txn_is_write(t))
        return kg_error(db, KG_MISUSE, "curation needs a write transaction");
    json_tokener *tok = json_tokener_new();
    if (!tok) return KG_NOMEM;
    jo *in = json_tokener_parse_ex(tok, step, (int)strlen(step));
    enum json_tokener_error je = json_tokener_get_error(tok);
    json_tokener_free(tok);
    if (!in || je != json_tokener_success || !json_object_is_type(in, json_type_object)) {
        json_object_put(in);
        return kg_error(db, KG_INVALID, "curation step is not a JSON object");
    }
    int crc = KG_INVALID;
    jo *s = step_check(t, in, &crc);
    json_object_put(in);
    if (!s) return crc;
    cur c = {t, s, 1, 0};
    int rc = apply(&c);
    if (!rc) {
        kg_load l;
        uint32_t load = kg_load_get(t, 0, &l) == KG_OK ? l.id : 0;
        rc = kg_store_cur_add(t, 1, (int64_t)time(NULL), load,
                              json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN), id);
    }
    json_object_put(s);
    return rc;
}

static jo *step_parse(const char *json)
{
    jo *s = json_tokener_parse(json);
    if (s && !json_object_is_type(s, json_type_object)) json_object_put(s), s = NULL;
    return s;
}

int kg_curate_apply(kg_txn *t, uint64_t *steps, uint64_t *changed)
{
    uint64_t n = 0, ch = 0, id = 0;
    kg_curation cu;
    int rc;
    while ((rc = kg_curation_next(t, id, &cu)) == KG_OK) {
        id = cu.id;
        if (!cu.active) continue;
        jo *s = step_parse(cu.step);
        if (!s)
            return kg_error(kg_txn_db(t), KG_CORRUPT, "curation step %llu: not JSON",
                            (unsigned long long)id);
        cur c = {t, s, 0, 0};
        rc = apply(&c);
        json_object_put(s);
        if (rc) return rc;
        n++, ch += c.changed;
    }
    if (rc != KG_NOTFOUND) return rc;
    if (steps) *steps = n;
    if (changed) *changed = ch;
    return KG_OK;
}

int kg_curate_undo(kg_txn *t, uint64_t id)
{
    kg_curation cu;
    kg_db *db = kg_txn_db(t);
    int rc = kg_curation_get(t, id, &cu);
    if (rc == KG_NOTFOUND) return kg_error(db, rc, "no curation step %llu", (unsigned long long)id);
    if (rc) return rc;
    if (!cu.active)
        return kg_error(db, KG_INVALID, "curation step %llu is undone already",
                        (unsigned long long)id);
    int64_t when = cu.time;
    uint32_t load = cu.load;
    jo *s = step_parse(cu.step);
    if (!s) return kg_error(db, KG_CORRUPT, "curation step %llu: not JSON", (unsigned long long)id);
    const char *op = jstr(s, "op");
    jo *undo = jget(s, "undo");
    if (!strcmp(op, "alias") || !strcmp(op, "unalias")) {
        kg_id e = ref_find(t, jget(s, "entity"));
        const char *alias = jstr(s, "alias");
        int did = undo && json_object_get_boolean(undo);
        if (e && did && !strcmp(op, "alias") && !is_canonical(t, e, alias))
            rc = kg_store_alias_remove(t, e, alias);
        else if (e && did && !strcmp(op, "unalias"))
            rc = kg_alias_add(t, e, alias);
    } else if (!strcmp(op, "merge")) {
        kg_id into = ref_find(t, jget(s, "into")), back = 0;
        if (undo && into) {
            rc = snapshot_unmove(t, undo, into);
            jo *before = jget(s, "into_aliases"), *sal = jget(undo, "aliases");
            for (size_t i = 0; !rc && sal && i < json_object_array_length(sal); i++) {
                const char *a = json_object_get_string(json_object_array_get_idx(sal, i));
                int kept = 0;
                for (size_t k = 0; before && k < json_object_array_length(before); k++)
                    kept |=
                        !strcmp(a, json_object_get_string(json_object_array_get_idx(before, k)));
                if (!kept && !is_canonical(t, into, a)) rc = kg_store_alias_remove(t, into, a);
                if (rc == KG_NOTFOUND) rc = KG_OK;
            }
            if (!rc) rc = snapshot_restore(t, undo, &back);
        }
    } else if (!strcmp(op, "split")) {
        kg_id from = ref_find(t, jget(s, "from")), to = ref_find(t, jget(s, "into"));
        const char *alias = jstr(s, "alias");
        if (from && to && undo && json_object_get_boolean(undo))
            rc = node_move(t, to, from, NULL);
        else if (from && to)
            rc = kg_store_alias_remove(t, to, alias);
        if (rc == KG_NOTFOUND) rc = KG_OK;
        if (!rc && from) rc = kg_alias_add(t, from, alias);
    } else if (!strcmp(op, "delete")) {
        jo *rel = jget(s, "relation");
        if (undo && rel) {
            kg_id f = ref_find(t, jget(rel, "from")), to = ref_find(t, jget(rel, "to"));
            if (f && to) rc = rows_add(t, f, jstr(rel, "rel"), to, undo);
        } else if (undo) {
            rc = snapshot_restore(t, undo, NULL);
        }
    } else if (!strcmp(op, "retype")) {
        jo *ent = jget(s, "entity"), *rel = jget(s, "relation");
        if (ent) {
            jo *now = ref_new(jstr(s, "type"), jstr(ent, "name"), strlen(jstr(ent, "name")));
            kg_id cur_id = ref_find(t, now), back;
            json_object_put(now);
            if (cur_id &&
                !(rc = kg_node_get_or_create(t, jstr(ent, "type"), jstr(ent, "name"), &back, NULL)))
                rc = node_move(t, cur_id, back, NULL);
        } else {
            kg_id f = ref_find(t, jget(rel, "from")), to = ref_find(t, jget(rel, "to"));
            kg_id e = edge_find(t, f, jstr(s, "rel"), to);
            if (e) {
                jo *rows = rows_of(t, e);
                rc = rows_add(t, f, jstr(rel, "rel"), to, rows);
                json_object_put(rows);
                if (!rc) rc = kg_edge_delete(t, e);
            }
        }
    }
    if (!rc)
        rc = kg_store_cur_set(t, id, 0, when, load,
                              json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN));
    json_object_put(s);
    return rc;
}

/* ---------------------------------------------------------------- explaining an identity */

/* Why does `name` lead to node id? Calls fn once per reason. */
static void explain_node(kg_txn *t, kg_id id, const char *name,
                         void (*fn)(kg_id, const char *, void *), void *ctx)
{
    char *qn = NULL, *qs = NULL, why[1200];
    size_t qnl = 0, qsl = 0;
    kg_names_normalize(name, strlen(name), &qn, &qnl);
    kg_names_skeleton(name, strlen(name), &qs, &qsl);
    kg_node nd;
    if (kg_node_get(t, id, &nd)) goto out;
    char *canon = strndup(nd.name, nd.name_len), type[128];
    snprintf(type, sizeof type, "%s", nd.type);
    if (!canon) goto out;
    /* which of its names matches, exactly (normalised) or by skeleton */
    kg_iter *it;
    const char *a;
    size_t al;
    char *exact = NULL, *skel = NULL;
    if (kg_aliases(t, id, &it) == KG_OK) {
        while (kg_iter_alias(it, &a, &al) == KG_ROW) {
            char *n = NULL, *s = NULL;
            size_t nl = 0, sl = 0;
            if (!exact && !kg_names_normalize(a, al, &n, &nl) && qn && nl == qnl &&
                !memcmp(n, qn, nl))
                exact = strndup(a, al);
            if (!exact && !skel && !kg_names_skeleton(a, al, &s, &sl) && qs && qsl && sl == qsl &&
                !memcmp(s, qs, sl))
                skel = strndup(a, al);
            free(n), free(s);
        }
        kg_iter_close(it);
    }
    const char *via = exact ? exact : skel;
    if (exact && !strcmp(exact, canon))
        snprintf(why, sizeof why, "'%.200s' is its canonical name", exact);
    else if (exact && !strcmp(exact, name))
        snprintf(why, sizeof why, "'%.200s' is one of its names", exact);
    else if (exact)
        snprintf(why, sizeof why, "'%.200s' is its name '%.200s' (the same once normalised)", name,
                 exact);
    else if (skel)
        snprintf(why, sizeof why,
                 "no name is '%.200s'; its transliteration skeleton '%.100s' is that "
                 "of its name '%.200s'",
                 name, qs ? qs : "", skel);
    else
        snprintf(why, sizeof why, "none of its names matches '%.200s'", name);
    fn(id, why, ctx);
    /* where the name it matched came from: curation steps, the texts */
    kg_curation cu;
    uint64_t step = 0;
    int from_step = 0;
    while (via && kg_curation_next(t, step, &cu) == KG_OK) {
        step = cu.id;
        jo *s = step_parse(cu.step);
        if (!s) continue;
        const char *op = jstr(s, "op"), *alias = jstr(s, "alias");
        jo *target = !strcmp(op, "merge")   ? jget(s, "into")
                     : !strcmp(op, "split") ? jget(s, "into")
                                            : jget(s, "entity");
        int mine = target && !strcmp(jstr(target, "type") ? jstr(target, "type") : "", type) &&
                   !strcmp(jstr(target, "name") ? jstr(target, "name") : "", canon);
        const char *fname = jstr(jget(s, "from"), "name");
        if (mine && alias && !strcmp(alias, via) && strcmp(op, "unalias"))
            snprintf(why, sizeof why, "curation step %llu (%s%s) gave it the name '%.200s'",
                     (unsigned long long)cu.id, op, cu.active ? "" : ", undone", via),
                from_step = 1, fn(id, why, ctx);
        else if (mine && !strcmp(op, "merge") && fname)
            snprintf(why, sizeof why, "curation step %llu (merge%s) merged '%.200s' into it",
                     (unsigned long long)cu.id, cu.active ? "" : ", undone", fname),
                from_step |= !strcmp(fname, via), fn(id, why, ctx);
        else if (mine && !strcmp(op, "retype"))
            snprintf(why, sizeof why, "curation step %llu (retype%s) made it a %.60s",
                     (unsigned long long)cu.id, cu.active ? "" : ", undone", jstr(s, "type")),
                fn(id, why, ctx);
        json_object_put(s);
    }
    /* a text that names it so: a mention whose span is the name */
    kg_id nbr, e, doc = 0;
    if (via && !from_step && kg_neighbors(t, id, KG_MENTION_REL, KG_OUT, &it) == KG_OK) {
        while (!doc && kg_iter_next(it, &nbr, &e) == KG_ROW) {
            kg_iter *ei;
            kg_evidence ev;
            if (kg_edge_evidence(t, e, &ei)) continue;
            while (!doc && kg_iter_evidence(ei, &ev) == KG_ROW) {
                kg_doc d;
                if (ev.doc && !kg_doc_get(t, ev.doc, &d) && ev.end <= d.text_len &&
                    ev.end - ev.start == strlen(via) &&
                    !memcmp(d.text + ev.start, via, strlen(via))) {
                    doc = ev.doc;
                    snprintf(why, sizeof why,
                             "the loader read the name '%.200s' in document %.300s "
                             "and its dictionary or the text's cues made it this %s",
                             via, d.key, type);
                }
            }
            kg_iter_close(ei);
        }
        kg_iter_close(it);
        if (doc) fn(id, why, ctx);
    }
    if (via && !from_step && !doc && strcmp(via, canon)) {
        snprintf(why, sizeof why,
                 "the name '%.200s' was added by the loader (a surface form or a "
                 "dictionary alias) or by a query",
                 via);
        fn(id, why, ctx);
    }
    free(exact), free(skel), free(canon);
out:
    free(qn), free(qs);
}

int kg_explain_name(kg_txn *t, const char *name, const char *type,
                    void (*fn)(kg_id node, const char *why, void *ctx), void *ctx)
{
    if (!t || !name || !fn) return KG_MISUSE;
    kg_id ids[16];
    size_t n = 0;
    int rc = kg_resolve(t, name, type, ids, 16, &n);
    if (rc == KG_NOTFOUND) {
        /* a name merged away or taken out by curation says so */
        kg_curation cu;
        uint64_t step = 0;
        int said = 0;
        while (kg_curation_next(t, step, &cu) == KG_OK) {
            step = cu.id;
            jo *s = step_parse(cu.step);
            if (!s) continue;
            jo *ent = jget(s, "entity"), *from = jget(s, "from");
            const char *op = jstr(s, "op");
            const char *nm = ent ? jstr(ent, "name") : from ? jstr(from, "name") : NULL;
            if (nm && !strcmp(nm, name) && (!strcmp(op, "delete") || !strcmp(op, "merge"))) {
                char why[600];
                snprintf(why, sizeof why, "curation step %llu (%s%s) took '%.200s' out",
                         (unsigned long long)cu.id, op, cu.active ? "" : ", undone", name);
                fn(0, why, ctx), said = 1;
            }
            json_object_put(s);
        }
        if (!said) fn(0, "no entity has this name or its skeleton", ctx);
        return KG_OK;
    }
    if (rc) return rc;
    if (n > 1) {
        char why[200];
        snprintf(why, sizeof why,
                 "%zu entities answer to this name: a query must give the type or "
                 "the full name",
                 n);
        fn(0, why, ctx);
    }
    for (size_t i = 0; i < n && i < 16; i++)
        explain_node(t, ids[i], name, fn, ctx);
    return KG_OK;
}

/* ---------------------------------------------------------------- kg check (14) */

/* Does an active step hold? 1 yes, 0 no (why in buf). */
int kg_curation_holds(kg_txn *t, const char *json, char *buf, size_t len)
{
    jo *s = step_parse(json);
    if (!s) return snprintf(buf, len, "not a JSON object"), 0;
    const char *op = jstr(s, "op");
    int ok = 1;
    if (!op)
        ok = 0, snprintf(buf, len, "no op");
    else if (!strcmp(op, "alias") || !strcmp(op, "unalias")) {
        kg_id e = ref_find(t, jget(s, "entity"));
        const char *a = jstr(s, "alias");
        if (!a)
            ok = 0, snprintf(buf, len, "no alias");
        else if (e && (!strcmp(op, "alias")) != has_alias(t, e, a) && !is_canonical(t, e, a))
            ok = 0, snprintf(buf, len, "%s '%.200s' does not hold", op, a);
    } else if (!strcmp(op, "merge")) {
        if (ref_find(t, jget(s, "into")) && ref_find(t, jget(s, "from")))
            ok = 0, snprintf(buf, len, "'%.200s' is there again", jstr(jget(s, "from"), "name"));
    } else if (!strcmp(op, "split")) {
        kg_id f = ref_find(t, jget(s, "from"));
        const char *a = jstr(s, "alias");
        if (f && a && has_alias(t, f, a) && !is_canonical(t, f, a))
            ok = 0, snprintf(buf, len, "'%.200s' is a name of '%.200s' again", a,
                             jstr(jget(s, "from"), "name"));
    } else if (!strcmp(op, "delete") || !strcmp(op, "retype")) {
        jo *ent = jget(s, "entity"), *rel = jget(s, "relation");
        if (ent && ref_find(t, ent) &&
            (strcmp(op, "retype") ||
             strcmp(jstr(s, "type") ? jstr(s, "type") : "", jstr(ent, "type"))))
            ok = 0, snprintf(buf, len, "'%.200s' is there again", jstr(ent, "name"));
        else if (rel && edge_find(t, ref_find(t, jget(rel, "from")), jstr(rel, "rel"),
                                  ref_find(t, jget(rel, "to"))))
            ok = 0, snprintf(buf, len, "the relation is there again");
        else if (!ent && !rel)
            ok = 0, snprintf(buf, len, "neither entity nor relation");
    } else {
        ok = 0, snprintf(buf, len, "unknown op '%.40s'", op);
    }
    json_object_put(s);
    return ok;
}

/* ---------------------------------------------------------------- a query's DELETE */

int kg_curate_delete(kg_txn *t, kg_id id, int edge, int detach)
{
    jo *s = json_object_new_object(), *undo;
    json_object_object_add(s, "op", json_object_new_string("delete"));
    int rc;
    if (edge) {
        kg_edge ed;
        if ((rc = kg_edge_get(t, id, &ed))) {
            json_object_put(s);
            return rc;
        }
        jo *r = json_object_new_object();
        json_object_object_add(r, "from", ref_of(t, ed.src));
        json_object_object_add(r, "rel", json_object_new_string(ed.rel));
        json_object_object_add(r, "to", ref_of(t, ed.dst));
        json_object_object_add(s, "relation", r);
        undo = rows_of(t, id);
        rc = kg_edge_delete(t, id);
    } else {
        jo *ref = ref_of(t, id);
        if (!ref) {
            json_object_put(s);
            return KG_NOTFOUND;
        }
        json_object_object_add(s, "entity", ref);
        undo = snapshot(t, id);
        rc = kg_node_delete(t, id, detach);
    }
    json_object_object_add(s, "undo", undo);
    if (!rc) {
        kg_load l;
        uint32_t load = kg_load_get(t, 0, &l) == KG_OK ? l.id : 0;
        rc = kg_store_cur_add(t, 1, (int64_t)time(NULL), load,
                              json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN), NULL);
    }
    json_object_put(s);
    return rc;
}

/* A query's ALIAS "a" FOR "name" (query.c): the alias as a curation step. */
int kg_curate_alias(kg_txn *t, kg_id id, const char *alias)
{
    jo *ref = ref_of(t, id);
    if (!ref) return KG_NOTFOUND;
    jo *s = json_object_new_object();
    json_object_object_add(s, "op", json_object_new_string("alias"));
    json_object_object_add(s, "alias", json_object_new_string(alias));
    json_object_object_add(s, "entity", ref);
    cur c = {t, s, 1, 0};
    int rc = apply(&c);
    if (!rc) {
        kg_load l;
        uint32_t load = kg_load_get(t, 0, &l) == KG_OK ? l.id : 0;
        rc = kg_store_cur_add(t, 1, (int64_t)time(NULL), load,
                              json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN), NULL);
    }
    json_object_put(s);
    return rc;
}
