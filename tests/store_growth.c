/*
** store_growth.c -- TAP test: the map starts at 1 MiB and grows by itself
** while more than 1 GiB is written, including transactions larger than the
** map at their start (grown mid-transaction by replaying the journal).
*/
#include "kg.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    plan(8);
    char dir[256], cmd[300];
    snprintf(dir, sizeof dir, "/tmp/kg-growth-test-%d", (int)getpid());
    kg_db *db;
    kg_options opt = {1 << 20, 0, 0};
    is_int(kg_open(dir, KG_OPEN_CREATE | KG_OPEN_NOSYNC, &opt, &db), KG_OK,
           "create with a 1 MiB map");
    size_t chunk = 1 << 20;
    char *text = malloc(chunk);
    for (size_t i = 0; i < chunk; i++)
        text[i] = 'a' + (char)(i % 26);
    int fails = 0, nodes = 0;
    /* the first transaction alone is 16 times the initial map */
    for (int round = 0; round < 12 && !fails; round++) {
        kg_txn *t;
        if (kg_begin(db, KG_TXN_WRITE, &t)) {
            fails++;
            break;
        }
        int per = round == 0 ? 16 : 96;
        for (int i = 0; i < per && !fails; i++) {
            char name[64];
            kg_id id;
            snprintf(name, sizeof name, "Document holder %d-%d", round, i);
            kg_value v = {KG_TEXT, 0, 0, text, chunk};
            if (kg_node_get_or_create(t, "event", name, &id, NULL) ||
                kg_node_set_prop(t, id, "body", &v)) {
                diag("round %d: %s", round, kg_errmsg(db));
                fails++;
            }
            nodes++;
        }
        if (fails)
            kg_abort(t);
        else if (kg_commit(t)) {
            diag("commit %d: %s", round, kg_errmsg(db));
            fails++;
        }
    }
    is_int(fails, 0, "every transaction committed");
    kg_txn *t;
    kg_stats s;
    kg_begin(db, KG_TXN_READ, &t);
    kg_stats_get(t, &s);
    kg_abort(t);
    is_int(s.nodes, nodes, "all nodes counted");
    ok(s.used_size > ((size_t)1 << 30), "more than 1 GiB in use (%llu bytes)",
       (unsigned long long)s.used_size);
    ok(s.map_size >= s.used_size && s.map_size > ((size_t)1 << 30),
       "map grew past 1 GiB (%llu bytes)", (unsigned long long)s.map_size);
    kg_close(db);
    is_int(kg_open(dir, KG_OPEN_READONLY, NULL, &db), KG_OK, "reopen read-only");
    kg_begin(db, KG_TXN_READ, &t);
    kg_id id;
    kg_value v;
    int found = kg_node_find(t, "event", "Document holder 11-95", &id) == KG_OK &&
                kg_node_get_prop(t, id, "body", &v) == KG_OK && v.len == chunk &&
                memcmp(v.s, text, chunk) == 0;
    ok(found, "the last value reads back whole");
    kg_abort(t);
    uint64_t problems = 1;
    kg_check(db, NULL, NULL, &problems);
    is_int(problems, 0, "check is clean");
    kg_close(db);
    free(text);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) diag("could not remove %s", dir);
    return done_testing();
}
