/*
** curate.c -- `kg curate DB ...` (kg program, cli layer): the analyst's
** corrections as curation steps (kg.h, kg_curate; engine/curate.c), which
** every later kg load re-applies:
**
**   kg curate DB alias ALIAS ENTITY           ENTITY is also called ALIAS
**   kg curate DB unalias ALIAS ENTITY         ... no longer
**   kg curate DB merge FROM INTO              FROM is INTO
**   kg curate DB split ALIAS FROM [INTO]      ALIAS names another entity than FROM
**                                             (INTO: TYPE:NAME, or a TYPE, or nothing:
**                                             ALIAS itself, of FROM's type)
**   kg curate DB delete ENTITY | delete SUBJECT RELATION OBJECT
**   kg curate DB retype ENTITY TYPE | retype SUBJECT RELATION OBJECT NEWRELATION
**   kg curate DB step 'JSON'                  any step, as kg_curate takes it
**   kg curate DB list                         every step: number, active, time, load, step
**   kg curate DB undo N                       reverse step N
**   kg curate DB explain NAME                 why NAME is the entity it is
**
** An entity is a name (resolved as a query does: it must lead to one entity)
** or TYPE:NAME for the entity of that type and canonical name.
*/
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "kg.h"

#define CURATE_USAGE                                                                               \
    "usage: kg curate DB alias ALIAS ENTITY | unalias ALIAS ENTITY | merge FROM INTO\n"            \
    "                    | split ALIAS FROM [INTO] | delete ENTITY | delete SUBJECT RELATION "     \
    "OBJECT\n"                                                                                     \
    "                    | retype ENTITY TYPE | retype SUBJECT RELATION OBJECT NEWRELATION\n"      \
    "                    | step JSON | list | undo N | explain NAME\n"                             \
    "  (an entity is a name, or TYPE:NAME)\n"

typedef struct typelist {
    char names[64][64];
    int n;
} typelist;

static void add_type(const char *name, uint64_t n, void *ctx)
{
    typelist *t = ctx;
    (void)n;
    if (t->n < 64) snprintf(t->names[t->n++], 64, "%s", name);
}

/* An entity argument as JSON: {"type", "name"} for TYPE:NAME with a type the
** database knows, else the name as a string. */
static json_object *entity_arg(const typelist *types, const char *a)
{
    const char *colon = strchr(a, ':');
    for (int i = 0; colon && i < types->n; i++)
        if ((size_t)(colon - a) == strlen(types->names[i]) &&
            !strncmp(a, types->names[i], colon - a)) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "type", json_object_new_string(types->names[i]));
            json_object_object_add(o, "name", json_object_new_string(colon + 1));
            return o;
        }
    return json_object_new_string(a);
}

static json_object *relation_arg(const typelist *types, char **argv)
{
    json_object *r = json_object_new_object();
    json_object_object_add(r, "from", entity_arg(types, argv[0]));
    json_object_object_add(r, "rel", json_object_new_string(argv[1]));
    json_object_object_add(r, "to", entity_arg(types, argv[2]));
    return r;
}

static void print_why(kg_id node, const char *why, void *ctx)
{
    kg_txn *t = ctx;
    kg_node n;
    if (node && kg_node_get(t, node, &n) == KG_OK) {
        char *v = kg_cli_visible(n.name, n.name_len, NULL);
        printf("%s (%s): ", v ? v : "?", n.type);
        free(v);
    }
    printf("%s\n", why);
}

/* A step as listed: without what undo needs. */
static void print_step(const kg_curation *c)
{
    json_object *s = json_tokener_parse(c->step);
    if (s) json_object_object_del(s, "undo"), json_object_object_del(s, "into_aliases");
    char when[24] = "?";
    time_t tt = (time_t)c->time;
    struct tm tm;
    if (gmtime_r(&tt, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    const char *text = s ? json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN) : c->step;
    char *v = kg_cli_visible(text, strlen(text), NULL);
    printf("%llu\t%s\t%s\t%u\t%s\n", (unsigned long long)c->id, c->active ? "active" : "undone",
           when, c->load, v ? v : "");
    free(v);
    json_object_put(s);
}

int kg_cli_curate(int argc, char **argv)
{
    if (argc < 3) {
        fputs(CURATE_USAGE, stderr);
        return 2;
    }
    const char *dbpath = argv[1], *op = argv[2];
    int n = argc - 3;
    char **a = argv + 3;
    int ro = !strcmp(op, "list") || !strcmp(op, "explain");
    kg_db *db;
    if (kg_open(dbpath, ro ? KG_OPEN_READONLY : 0, NULL, &db)) {
        fprintf(stderr, "kg: curate: %s\n", kg_errmsg(db));
        kg_close(db);
        return 1;
    }
    kg_txn *t = NULL;
    int rc = kg_begin(db, ro ? KG_TXN_READ : KG_TXN_WRITE, &t), status = 0;
    if (rc) {
        fprintf(stderr, "kg: curate: %s\n", kg_errmsg(db));
        kg_close(db);
        return 1;
    }
    typelist types = {.n = 0};
    kg_type_counts(t, add_type, &types);
    json_object *step = NULL;
    if (!strcmp(op, "list") && n == 0) {
        kg_curation c;
        uint64_t after = 0;
        printf("step\tstate\ttime\tload\tcuration\n");
        while ((rc = kg_curation_next(t, after, &c)) == KG_OK)
            after = c.id, print_step(&c);
        if (rc == KG_NOTFOUND) rc = KG_OK;
    } else if (!strcmp(op, "explain") && n == 1) {
        rc = kg_explain_name(t, a[0], NULL, print_why, t);
    } else if (!strcmp(op, "undo") && n == 1) {
        char *end;
        unsigned long long id = strtoull(a[0], &end, 10);
        if (*end || !id) {
            fprintf(stderr, "kg: curate: undo wants a step number, not '%s'\n", a[0]);
            status = 2;
        } else if (!(rc = kg_curate_undo(t, id))) {
            kg_curation c;
            if (kg_curation_get(t, id, &c) == KG_OK) print_step(&c);
        }
    } else {
        step = json_object_new_object();
        json_object_object_add(step, "op", json_object_new_string(op));
        if ((!strcmp(op, "alias") || !strcmp(op, "unalias")) && n == 2) {
            json_object_object_add(step, "alias", json_object_new_string(a[0]));
            json_object_object_add(step, "entity", entity_arg(&types, a[1]));
        } else if (!strcmp(op, "merge") && n == 2) {
            json_object_object_add(step, "from", entity_arg(&types, a[0]));
            json_object_object_add(step, "into", entity_arg(&types, a[1]));
        } else if (!strcmp(op, "split") && (n == 2 || n == 3)) {
            json_object_object_add(step, "alias", json_object_new_string(a[0]));
            json_object_object_add(step, "from", entity_arg(&types, a[1]));
            if (n == 3) {
                json_object *into = entity_arg(&types, a[2]);
                if (json_object_is_type(into, json_type_string) && !strchr(a[2], ':')) {
                    /* a type alone: the alias, of that type */
                    json_object_put(into);
                    into = json_object_new_object();
                    json_object_object_add(into, "type", json_object_new_string(a[2]));
                    json_object_object_add(into, "name", json_object_new_string(a[0]));
                }
                json_object_object_add(step, "into", into);
            }
        } else if (!strcmp(op, "delete") && n == 1) {
            json_object_object_add(step, "entity", entity_arg(&types, a[0]));
        } else if (!strcmp(op, "delete") && n == 3) {
            json_object_object_add(step, "relation", relation_arg(&types, a));
        } else if (!strcmp(op, "retype") && n == 2) {
            json_object_object_add(step, "entity", entity_arg(&types, a[0]));
            json_object_object_add(step, "type", json_object_new_string(a[1]));
        } else if (!strcmp(op, "retype") && n == 4) {
            json_object_object_add(step, "relation", relation_arg(&types, a));
            json_object_object_add(step, "rel", json_object_new_string(a[3]));
        } else if (!strcmp(op, "step") && n == 1) {
            json_object_put(step);
            step = NULL;
            uint64_t id;
            if (!(rc = kg_curate(t, a[0], &id)))
                printf("ok: curation step %llu\n", (unsigned long long)id);
        } else {
            fputs(CURATE_USAGE, stderr);
            status = 2;
        }
        if (step && !status) {
            uint64_t id;
            rc = kg_curate(t, json_object_to_json_string_ext(step, JSON_C_TO_STRING_PLAIN), &id);
            if (!rc) printf("ok: curation step %llu (%s)\n", (unsigned long long)id, op);
        }
        json_object_put(step);
    }
    if (!rc && !status && !ro)
        rc = kg_commit(t);
    else
        kg_abort(t);
    if (rc) {
        fprintf(stderr, "kg: curate: %s\n", kg_errmsg(db));
        status = 1;
    }
    kg_close(db);
    return status;
}
