/*
** backup.c -- `kg backup` and `kg restore` (kg program, cli layer).
**
**   kg backup DB FILE [--compact]   a consistent copy of DB, taken while other
**                                   processes read and write it (kg_backup)
**   kg restore FILE DB              a new database DB from a backup file
**
** A backup file is a data.mdb. Restoring copies it into a new directory
** beside DB (DB.restore-XXXXXX), opens it read-only, runs kg check's checks
** (kg_check) and only when they pass renames the directory to DB. DB must not
** exist or be an empty directory: a restore never replaces a database.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kg.h"

int kg_cli_backup(int argc, char **argv)
{
    const char *db_path = NULL, *file = NULL;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--compact")) flags |= KG_BACKUP_COMPACT;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "kg: backup: unknown option '%s'\nusage: kg backup DB FILE [--compact]\n",
                    argv[i]);
            return 2;
        } else if (!db_path) db_path = argv[i];
        else if (!file) file = argv[i];
        else db_path = NULL, i = argc; /* too many: usage below */
    }
    if (!db_path || !file) {
        fprintf(stderr, "usage: kg backup DB FILE [--compact]\n");
        return 2;
    }
    kg_db *db;
    int rc = kg_open(db_path, KG_OPEN_READONLY, NULL, &db);
    if (!rc) rc = kg_backup(db, file, flags);
    if (rc) {
        fprintf(stderr, "kg: backup: %s\n", db ? kg_errmsg(db) : kg_errstr(rc));
        kg_close(db);
        return 1;
    }
    kg_close(db);
    struct stat st;
    printf("%s: backup of %s, %lld bytes%s\n", file, db_path,
           stat(file, &st) == 0 ? (long long)st.st_size : -1LL,
           flags & KG_BACKUP_COMPACT ? " (compacted)" : "");
    return 0;
}

/* ---------------------------------------------------------------- restore */

static void report(const char *msg, void *ctx)
{
    (void)ctx;
    printf("problem: %s\n", msg);
}

/* Does dir hold anything (other than . and ..)? 1 yes, 0 no, -1 unreadable. */
static int dir_has_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    int any = 0;
    while (!any && (e = readdir(d)))
        any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return any;
}

/* Copy the file src into the new file dst (flushed); 0 or an errno. */
static int copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY), e = 0;
    if (in < 0) return errno;
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0664);
    if (out < 0) {
        e = errno;
        close(in);
        return e;
    }
    static char buf[1 << 20];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            e = errno;
            break;
        }
        if (n == 0) break;
        for (ssize_t w = 0; w < n;) {
            ssize_t k = write(out, buf + w, (size_t)(n - w));
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) {
                e = errno;
                break;
            }
            w += k;
        }
        if (e) break;
    }
    if (!e && fsync(out) != 0) e = errno;
    if (close(out) != 0 && !e) e = errno;
    close(in);
    return e;
}

/* Remove the restore's temporary directory and what it holds. */
static void remove_tmp(const char *tmp)
{
    static const char *const files[] = {"data.mdb", "lock.mdb"};
    for (int i = 0; i < 2; i++) {
        char *p = malloc(strlen(tmp) + 10);
        if (!p) continue;
        sprintf(p, "%s/%s", tmp, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(tmp);
}

int kg_cli_restore(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: kg restore FILE DB\n");
        return 2;
    }
    const char *file = argv[1];
    struct stat st;
    if (stat(file, &st) != 0) {
        fprintf(stderr, "kg: restore: %s: %s\n", file, strerror(errno));
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "kg: restore: %s is not a file (a backup is the data.mdb file kg backup "
                        "wrote)\n", file);
        return 1;
    }
    /* DB without trailing slashes: its temporary sibling is DB.restore-XXXXXX */
    size_t n = strlen(argv[2]);
    while (n > 1 && argv[2][n - 1] == '/') n--;
    char *dbp = strndup(argv[2], n), *tmp = malloc(n + 32);
    if (!dbp || !tmp) {
        fprintf(stderr, "kg: restore: out of memory\n");
        free(dbp), free(tmp);
        return 1;
    }
    int status = 1;
    kg_db *db = NULL;
    kg_txn *t = NULL;
    char *data = NULL;
    if (lstat(dbp, &st) == 0) {
        int has = S_ISDIR(st.st_mode) ? dir_has_entries(dbp) : 1;
        if (has) {
            fprintf(stderr, "kg: restore: %s exists%s: a restore makes a new database and never "
                            "replaces one (remove it, or restore to another path)\n",
                    dbp, S_ISDIR(st.st_mode) ? " and is not empty" : " and is not a directory");
            goto out;
        }
    } else if (errno != ENOENT) {
        fprintf(stderr, "kg: restore: %s: %s\n", dbp, strerror(errno));
        goto out;
    }
    sprintf(tmp, "%s.restore-XXXXXX", dbp);
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "kg: restore: cannot create a directory beside %s: %s\n", dbp,
                strerror(errno));
        goto out;
    }
    mode_t mask = umask(0); /* mkdtemp made it 0700: a database directory as kg load makes it */
    umask(mask);
    chmod(tmp, 0775 & ~mask);
    data = malloc(strlen(tmp) + 10);
    if (!data) goto fail;
    sprintf(data, "%s/data.mdb", tmp);
    int e = copy_file(file, data);
    if (e) {
        fprintf(stderr, "kg: restore: cannot copy %s: %s\n", file, strerror(e));
        goto fail;
    }
    int rc = kg_open(tmp, KG_OPEN_READONLY, NULL, &db);
    if (rc) {
        /* the message names the temporary directory: say the file instead */
        const char *msg = db ? kg_errmsg(db) : kg_errstr(rc);
        size_t tl = strlen(tmp);
        if (!strncmp(msg, tmp, tl) && !strncmp(msg + tl, ": ", 2)) msg += tl + 2;
        fprintf(stderr, "kg: restore: %s is not a usable backup: %s\n", file, msg);
        goto fail;
    }
    uint64_t problems = 0;
    rc = kg_check(db, report, NULL, &problems);
    if (rc) {
        fprintf(stderr, "kg: restore: the check of %s failed: %s\n", file, kg_errmsg(db));
        goto fail;
    }
    if (problems) {
        printf("%llu problem(s) found\n", (unsigned long long)problems);
        fprintf(stderr, "kg: restore: %s does not check clean: nothing restored\n", file);
        goto fail;
    }
    kg_stats s;
    memset(&s, 0, sizeof s);
    if (!kg_begin(db, KG_TXN_READ, &t)) kg_stats_get(t, &s);
    kg_abort(t);
    kg_close(db);
    db = NULL;
    sprintf(data, "%s/lock.mdb", tmp);
    unlink(data); /* nobody else has it open: the first open makes a new one */
    if (rename(tmp, dbp) != 0) {
        fprintf(stderr, "kg: restore: cannot put the database at %s: %s\n", dbp,
                errno == ENOTEMPTY || errno == EEXIST ? "it was created meanwhile"
                                                      : strerror(errno));
        goto fail;
    }
    char *slash = strrchr(dbp, '/');
    int dfd = slash ? (slash == dbp ? open("/", O_RDONLY | O_DIRECTORY)
                                    : (*slash = 0, open(dbp, O_RDONLY | O_DIRECTORY)))
                    : open(".", O_RDONLY | O_DIRECTORY);
    if (slash) *slash = '/';
    if (dfd >= 0) fsync(dfd), close(dfd);
    printf("ok: restored %s from %s (%llu nodes, %llu relations, %llu documents)\n", dbp, file,
           (unsigned long long)s.nodes, (unsigned long long)s.edges, (unsigned long long)s.docs);
    status = 0;
    goto out;
fail:
    kg_close(db);
    db = NULL;
    remove_tmp(tmp);
out:
    free(data), free(tmp), free(dbp);
    return status;
}
