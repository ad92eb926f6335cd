/*
** cli.h -- subcommands of the kg program (not part of libkg's API).
** Each takes the arguments after the subcommand name (argv[0] is the
** subcommand) and returns the process exit status: 0 ok, 1 something failed,
** 2 usage error. Only these functions and main() print.
*/
#ifndef KG_CLI_H
#define KG_CLI_H

int kg_cli_shell(int argc, char **argv); /* kg [shell] DB: interactive shell (cli/shell.c) */
int kg_cli_query(int argc,
                 char **argv); /* kg query DB 'Q' [--format F] [--param k=v] (cli/shell.c) */
int kg_cli_check(int argc, char **argv);   /* kg check DB (cli/main.c) */
int kg_cli_stats(int argc, char **argv);   /* kg stats DB (cli/main.c) */
int kg_cli_load(int argc, char **argv);    /* kg load DB PATH... (cli/load.c) */
int kg_cli_extract(int argc, char **argv); /* kg extract PATH...: facts without a DB (cli/load.c) */
int kg_cli_export(int argc, char **argv);  /* kg export DB facts|... (cli/export.c) */
int kg_cli_backup(int argc, char **argv);  /* kg backup DB FILE [--compact] (cli/backup.c) */
int kg_cli_restore(int argc, char **argv); /* kg restore FILE DB (cli/backup.c) */
int kg_cli_loads(int argc, char **argv);   /* kg loads DB (cli/watch.c) */
int kg_cli_watch(int argc, char **argv);   /* kg watch DB QUERYFILE [--once] (cli/watch.c) */
int kg_cli_curate(int argc, char **argv);  /* kg curate DB OP ... (cli/curate.c) */
int kg_cli_import(int argc, char **argv);  /* kg import DUMP DB (cli/backup.c) */
int kg_cli_serve(int argc, char **argv);   /* kg serve DB [--port N] ... (cli/serve.c) */

/* The test hook (cli/testhook.c, kg(1) ENVIRONMENT): KG_CRASH_AT / KG_PAUSE_AT
** stop the process at the N-th time a named point is reached. kg_cli_test_hook
** installs it on a handle that writes; kg_cli_point marks a point of the
** program itself ("doc": before each file or record kg load reads; with
** --jobs N, before each one it writes). */
typedef struct kg_db kg_db;
void kg_cli_test_hook(kg_db *db);
void kg_cli_point(const char *point);

/* s (n bytes) with its control characters made visible (cli/escape.c): \n \t
** \r, other C0 controls and DEL as \xHH, C1 controls as \u00HH; for table
** and line output and kg load's messages. Caller frees; NULL when out of
** memory. *outlen (may be NULL) receives the length. */
#include <stddef.h>
char *kg_cli_visible(const char *s, size_t n, size_t *outlen);

/* Write one CSV field (RFC 4180 quoting) to f (cli/export.c). */
#include <stdio.h>
void kg_cli_put_csv(FILE *f, const char *s, size_t n);

#endif
