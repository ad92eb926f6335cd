/*
** testhook.c -- the kg program's test hook (cli layer): stops the process at
** an exact point of its writes, for deterministic crash and concurrency tests
** (tests/reliability_crash.sh, tests/reliability_bulkrace.sh). Documented in
** kg(1), ENVIRONMENT:
**   KG_CRASH_AT=POINT:N   at the N-th time POINT is reached, the process kills
**                         itself with SIGKILL (exit status 137 in a shell)
**   KG_PAUSE_AT=POINT:N   at the N-th time, it opens the FIFO named by
**                         KG_PAUSE_FIFO for reading (so it blocks until a
**                         writer opens it) and reads it to end of file
**                         before it goes on
**   KG_SIGINT_AT=POINT:N  at the N-th time, the process sends itself SIGINT
**                         (as Ctrl-C does), for tests of interrupting
** POINT is one of the library's points (kg_set_test_hook: commit, checkpoint,
** grow), the loader's "doc" (before each file `kg load` reads) or
** "progress" (kg_progress_handler: about every thousand steps of a running
** statement). Without
** these variables nothing happens.
*/
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kg.h"

typedef struct stop {
    char point[32]; /* the point's name; empty: not set */
    long n;         /* stop at this occurrence */
    long seen;      /* occurrences so far */
} stop;

static stop crash, pause_, sigint_;
static int parsed;

static void parse(stop *s, const char *var)
{
    const char *v = getenv(var), *colon = v ? strrchr(v, ':') : NULL;
    if (!colon || colon == v || (size_t)(colon - v) >= sizeof s->point) return;
    char *end;
    long n = strtol(colon + 1, &end, 10);
    if (*end || n < 1) return;
    memcpy(s->point, v, colon - v);
    s->point[colon - v] = 0;
    s->n = n;
}

static void parse_all(void)
{
    parsed = 1;
    parse(&crash, "KG_CRASH_AT");
    parse(&pause_, "KG_PAUSE_AT");
    parse(&sigint_, "KG_SIGINT_AT");
}

static int hit(stop *s, const char *point)
{
    return s->point[0] && !strcmp(s->point, point) && ++s->seen == s->n;
}

void kg_cli_point(const char *point)
{
    if (!parsed) parse_all();
    if (hit(&pause_, point)) {
        const char *fifo = getenv("KG_PAUSE_FIFO");
        int fd = fifo ? open(fifo, O_RDONLY) : -1;
        char buf[64];
        if (fd >= 0) {
            while (read(fd, buf, sizeof buf) > 0)
                ;
            close(fd);
        }
    }
    if (hit(&sigint_, point)) raise(SIGINT);
    if (hit(&crash, point)) {
        kill(getpid(), SIGKILL);
        _exit(137);
    }
}

static void hook(const char *point, void *ctx)
{
    (void)ctx;
    kg_cli_point(point);
}

static int progress(void *ctx)
{
    (void)ctx;
    kg_cli_point("progress");
    return 0;
}

void kg_cli_test_hook(kg_db *db)
{
    if (!parsed) parse_all();
    if (db && (crash.point[0] || pause_.point[0] || sigint_.point[0]))
        kg_set_test_hook(db, hook, NULL);
    if (db && sigint_.point[0] && !strcmp(sigint_.point, "progress"))
        kg_progress_handler(db, progress, NULL);
}
