/*
** main.c -- the kg program: dispatches subcommands (cli layer). Only the cli
** files print or exit; the library never does.
*/
#include "cli.h"
#include "kg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: kg DB [--create] [--timeout S] [--max-memory MIB]   the interactive shell on DB\n"
    "       kg shell DB ...             the same\n"
    "       kg query DB 'QUERY' [--format table|tsv|csv|json|jsonl|line] [--param "
    "NAME=VALUE]...\n"
    "                 [--create] [--timeout S] [--max-memory MIB]\n"
    "       kg load DB PATH... [--source NAME] [--dict FILE] [--rules FILE] [--jobs N] "
    "[--reextract] [--quiet]\n"
    "       kg extract PATH... [--source NAME] [--dict FILE] [--rules FILE] [--jobs N] "
    "[--quiet]\n"
    "                                   the facts as kg load would write them, on stdout\n"
    "       kg export DB [graph|facts|nodes|edges|dump|jsonl|csv|graphml|dot] [--format F]\n"
    "                 [--around NAME [--type T] [--depth N]] [--output PATH]\n"
    "       kg check DB                 verify the database's invariants\n"
    "       kg stats DB                 counts of nodes, relations, documents\n"
    "       kg backup DB FILE [--compact]  a consistent copy while others read and write\n"
    "       kg restore FILE DB          a new database DB from a backup, checked\n"
    "       kg import DUMP DB           a new database DB from kg export DB dump, checked\n"
    "       kg loads DB                 the load generations: number, time, documents, paths\n"
    "       kg watch DB QUERYFILE [--once] [--reset] [--interval S]\n"
    "                                   the saved questions' new rows, after every load\n"
    "       kg curate DB alias|unalias|merge|split|delete|retype|step|list|undo|explain ...\n"
    "       kg serve DB [--port N] [--listen ADDR] [--write] [--page ROWS] [--timeout S]\n"
    "                [--max-memory MB]  the web explorer and JSON API (token printed)\n"
    "       kg --version | --help\n"
    "kg COMMAND --help shows one command's usage; kg(1) has the details.\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
}

/* kg COMMAND --help: the usage lines of that command (its line and the
** indented continuation lines after it). */
static int command_help(const char *cmd)
{
    size_t n = strlen(cmd);
    int in = 0, any = 0;
    for (const char *l = usage_text; *l;) {
        const char *e = strchr(l, '\n');
        const char *t = l;
        if (!strncmp(t, "usage: ", 7)) t += 7;
        while (*t == ' ')
            t++;
        if (!strncmp(t, "kg ", 3))
            in = !strncmp(t + 3, cmd, n) && t[3 + n] == ' ';
        else if (strncmp(l, "       ", 7))
            in = 0;
        if (in && any++)
            printf("%.*s\n", (int)(e - l), l); /* a continuation line, indented */
        else if (in)
            printf("usage: %.*s\n", (int)(e - t), t);
        l = e + 1;
    }
    if (any) printf("(kg(1) has the details)\n");
    return any;
}

static void check_report(const char *msg, void *ctx)
{
    (void)ctx;
    printf("problem: %s\n", msg);
}

int kg_cli_check(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: kg check DB\n");
        return 2;
    }
    kg_db *db;
    int rc = kg_open(argv[1], KG_OPEN_READONLY, NULL, &db);
    if (rc) {
        fprintf(stderr, "kg: %s\n", kg_errmsg(db));
        kg_close(db);
        return 1;
    }
    uint64_t problems = 0;
    rc = kg_check(db, check_report, NULL, &problems);
    if (rc)
        fprintf(stderr, "kg: check failed: %s\n", kg_errmsg(db));
    else if (problems)
        printf("%llu problem(s) found\n", (unsigned long long)problems);
    else
        printf("ok\n");
    kg_close(db);
    return rc || problems ? 1 : 0;
}

static void print_count(const char *name, uint64_t n, void *ctx)
{
    printf("  %-20s %llu\n", name, (unsigned long long)n);
}

int kg_cli_stats(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: kg stats DB\n");
        return 2;
    }
    kg_db *db;
    kg_txn *t = NULL;
    kg_stats s;
    int rc = kg_open(argv[1], KG_OPEN_READONLY, NULL, &db);
    if (!rc) rc = kg_begin(db, KG_TXN_READ, &t);
    if (!rc) rc = kg_stats_get(t, &s);
    if (rc) {
        fprintf(stderr, "kg: %s\n", kg_errmsg(db));
        kg_abort(t);
        kg_close(db);
        return 1;
    }
    printf("nodes      %llu\nrelations  %llu\nevidence   %llu\ndocuments  %llu\naliases    %llu\n"
           "map        %llu bytes (%llu used)\n",
           (unsigned long long)s.nodes, (unsigned long long)s.edges, (unsigned long long)s.evidence,
           (unsigned long long)s.docs, (unsigned long long)s.aliases,
           (unsigned long long)s.map_size, (unsigned long long)s.used_size);
    printf("types:\n");
    kg_type_counts(t, print_count, NULL);
    printf("relations:\n");
    kg_rel_counts(t, print_count, NULL);
    kg_abort(t);
    kg_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("kg %s (format %d)\n", kg_version(), KG_FORMAT_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"shell", kg_cli_shell},   {"query", kg_cli_query},     {"load", kg_cli_load},
                {"export", kg_cli_export}, {"check", kg_cli_check},     {"stats", kg_cli_stats},
                {"backup", kg_cli_backup}, {"restore", kg_cli_restore}, {"loads", kg_cli_loads},
                {"watch", kg_cli_watch},   {"import", kg_cli_import},   {"curate", kg_cli_curate},
                {"serve", kg_cli_serve},   {"extract", kg_cli_extract}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(cmd, cmds[i].name)) {
            for (int k = 2; k < argc; k++) /* kg COMMAND ... --help: never a database named so */
                if ((!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) &&
                    strcmp(cmd, "query") && strcmp(cmd, "shell"))
                    return command_help(cmd) ? 0 : 2;
            return cmds[i].fn(argc - 1, argv + 1);
        }
    if (cmd[0] == '-') {
        fprintf(stderr, "kg: unknown option '%s'\n", cmd);
        usage(stderr);
        return 2;
    }
    /* kg DB: the shell */
    return kg_cli_shell(argc, argv);
}
