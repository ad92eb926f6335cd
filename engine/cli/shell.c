/*
** shell.c -- the kg shell and `kg query` (cli layer): line editing with
** history saved as you go and tab completion (libedit), multi-line
** statements ending in ';', dot commands, output modes that stream (a table
** takes its column widths from the first rows and fits the terminal),
** parameters, timing, write summaries. Ctrl-C interrupts the running
** statement (kg_interrupt) or, at the prompt, clears the line; it never
** leaves the shell. Output is machine-readable (tsv) when stdout is not a
** terminal unless a format is given.
*/
#include "cli.h"
#include "kg.h"

#include <editline/readline.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

enum { M_TABLE, M_CSV, M_TSV, M_JSON, M_JSONL, M_LINE };
static const char *const mode_names[] = {"table", "csv", "tsv", "json", "jsonl", "line"};

/* Limits of kg query and the shell unless --timeout / .limit say otherwise
** (kg(1)): a runaway query stops instead of running for hours. */
#define DEFAULT_TIMEOUT 60.0
/* Rows a table takes its column widths from before it streams. */
#define TABLE_BATCH 1000

typedef struct param {
    char *name;  /* without '$' */
    char *value; /* text as given; numbers and dates are recognised */
} param;

typedef struct shell {
    kg_db *db;      /* database */
    int mode;       /* M_* */
    int timer;      /* print time per statement */
    int headers;    /* print column names (csv/tsv) */
    int echo;       /* print each statement before running it */
    int bail;       /* stop at the first error */
    int stop;       /* interrupted, or bailed: run no more statements */
    int wrote;      /* a statement wrote since completion last read the names */
    size_t maxrows; /* .limit rows: rows shown per statement, 0 all */
    int maxwidth;   /* table width: -1 the terminal's, 0 unlimited */
    int width[32];  /* .width: fixed column widths, 0 automatic */
    int nwidth;     /* columns .width set */
    FILE *out;      /* .output / .once file, or NULL for stdout */
    int once;       /* out is for the next statement only */
    param *params;  /* .param set / --param */
    int nparams;
    int errors; /* statements that failed */
} shell;

/* ---------------------------------------------------------------- Ctrl-C */

static kg_db *volatile running; /* the handle of the running statement, or NULL */
static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
    kg_db *db = running;
    if (db) kg_interrupt(db);
}

/* SIGINT interrupts the running statement instead of killing the process;
** without SA_RESTART a blocked read returns EINTR, so the prompt sees it. */
static void catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

static int parse_mode(const char *s)
{
    for (int i = 0; i < 6; i++)
        if (!strcmp(s, mode_names[i])) return i;
    return -1;
}

/* ---------------------------------------------------------------- output */

/* Display width of UTF-8 text in terminal columns. */
static size_t text_width(const char *s, size_t n)
{
    size_t w = 0;
    utf8proc_ssize_t i = 0;
    while ((size_t)i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) {
            i++, w++;
            continue;
        }
        int cw = utf8proc_charwidth(c);
        w += cw > 0 ? (size_t)cw : 0;
        i += k;
    }
    return w;
}

static void put_tsv(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\t')
            fputs("\\t", f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c == '\\')
            fputs("\\\\", f);
        else
            fputc(c, f);
    }
}

static void put_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

typedef struct cell {
    char *s;  /* text */
    size_t n; /* bytes */
    size_t w; /* display width */
} cell;

/* Column i of the current row as visible text: control characters of names
** and texts shown as escapes, never sent raw to a terminal. */
static int cell_get(kg_stmt *st, int i, cell *c)
{
    size_t n = 0;
    const char *s = kg_column_type(st, i) == KG_NULL ? "" : kg_column_text(st, i, &n);
    if (!s) s = "", n = 0;
    c->s = kg_cli_visible(s, n, &c->n);
    if (!c->s) return KG_NOMEM;
    c->w = text_width(c->s, c->n);
    return KG_OK;
}

/* Write a cell in `width` columns: padded, or cut with '…' when wider. */
static void put_cell(FILE *f, const cell *c, size_t width, int pad)
{
    if (c->w <= width) {
        fwrite(c->s, 1, c->n, f);
        if (pad)
            for (size_t k = c->w; k < width; k++)
                fputc(' ', f);
        return;
    }
    size_t w = 0;
    utf8proc_ssize_t i = 0;
    while ((size_t)i < c->n) {
        utf8proc_int32_t ch;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)c->s + i,
                                              (utf8proc_ssize_t)(c->n - (size_t)i), &ch);
        if (k <= 0) k = 1, ch = '?';
        int cw = utf8proc_charwidth(ch);
        if (w + (size_t)(cw > 0 ? cw : 0) + 1 > width) break;
        fwrite(c->s + i, 1, (size_t)k, f);
        w += cw > 0 ? (size_t)cw : 0;
        i += k;
    }
    fputs("\xe2\x80\xa6", f); /* … */
    if (pad)
        for (w++; w < width; w++)
            fputc(' ', f);
}

/* The table's width limit: .maxwidth, or the terminal's columns. */
static size_t table_limit(shell *sh, FILE *f)
{
    if (sh->maxwidth >= 0) return (size_t)sh->maxwidth;
    struct winsize ws;
    if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

/* Column widths: .width where set, else the widest of the header and the
** first rows; then the widest columns give way until the table fits. */
static void fit_widths(shell *sh, FILE *f, size_t *w, int nc)
{
    size_t limit = table_limit(sh, f), total = 3 * (size_t)(nc - 1);
    for (int i = 0; i < nc; i++) {
        if (i < sh->nwidth && sh->width[i] > 0) w[i] = (size_t)sh->width[i];
        total += w[i];
    }
    while (limit && total > limit) {
        int widest = -1;
        for (int i = 0; i < nc; i++)
            if (!(i < sh->nwidth && sh->width[i] > 0) && w[i] > 6 &&
                (widest < 0 || w[i] > w[widest]))
                widest = i;
        if (widest < 0) break;
        w[widest]--, total--;
    }
}

static void put_table_row(FILE *f, const cell *c, const size_t *w, int nc)
{
    for (int i = 0; i < nc; i++) {
        if (i) fputs(" | ", f);
        put_cell(f, &c[i], w[i], i + 1 < nc);
    }
    fputc('\n', f);
}

/* A table: the first TABLE_BATCH rows are held to size the columns, the
** rest stream through with those widths, so memory stays bounded. */
static int print_table(shell *sh, kg_stmt *st, FILE *f, size_t *shown, int *cut)
{
    int nc = kg_column_count(st), rc = KG_OK;
    cell *cells = calloc((size_t)nc * (TABLE_BATCH + 1), sizeof *cells);
    size_t *w = calloc((size_t)nc, sizeof *w);
    cell *head = calloc((size_t)nc, sizeof *head);
    size_t nrows = 0;
    if (!cells || !w || !head) {
        free(cells), free(w), free(head);
        return KG_NOMEM;
    }
    for (int i = 0; i < nc; i++) {
        const char *cn = kg_column_name(st, i);
        head[i].s = (char *)cn, head[i].n = strlen(cn), head[i].w = text_width(cn, strlen(cn));
        w[i] = head[i].w;
    }
    while (nrows < TABLE_BATCH && !(sh->maxrows && nrows >= sh->maxrows) &&
           (rc = kg_step(st)) == KG_ROW) {
        for (int i = 0; i < nc; i++) {
            cell *c = &cells[nrows * nc + i];
            if (cell_get(st, i, c)) {
                rc = KG_NOMEM;
                break;
            }
            if (c->w > w[i]) w[i] = c->w;
        }
        if (rc == KG_NOMEM) break;
        nrows++;
    }
    if (rc != KG_ROW && rc != KG_DONE && nrows == 0) { /* an error before any row: no header */
        free(cells), free(w), free(head);
        return rc;
    }
    fit_widths(sh, f, w, nc);
    put_table_row(f, head, w, nc);
    for (int i = 0; i < nc; i++) {
        if (i) fputs("-+-", f);
        for (size_t k = 0; k < w[i]; k++)
            fputc('-', f);
    }
    fputc('\n', f);
    for (size_t r = 0; r < nrows; r++)
        put_table_row(f, &cells[r * nc], w, nc);
    for (size_t i = 0; i < nrows * (size_t)nc; i++)
        free(cells[i].s);
    *shown = nrows;
    /* the rest streams, one row at a time */
    while (rc == KG_ROW && !(sh->maxrows && *shown >= sh->maxrows) &&
           (rc = kg_step(st)) == KG_ROW) {
        for (int i = 0; i < nc && rc == KG_ROW; i++)
            if (cell_get(st, i, &cells[i])) rc = KG_NOMEM;
        if (rc == KG_ROW) put_table_row(f, cells, w, nc), (*shown)++;
        for (int i = 0; i < nc; i++)
            free(cells[i].s), cells[i].s = NULL;
    }
    if (rc == KG_ROW && sh->maxrows && *shown >= sh->maxrows) {
        /* one more row tells whether anything was cut */
        *cut = (rc = kg_step(st)) == KG_ROW;
        if (*cut) rc = KG_DONE;
    }
    free(cells), free(w), free(head);
    return rc;
}

/* Print every row of a statement in the shell's mode, streaming; returns
** kg_step's end code (KG_DONE also when .limit rows cut the output). */
static int print_rows(shell *sh, kg_stmt *st, FILE *f)
{
    int nc = kg_column_count(st), rc;
    size_t shown = 0;
    int cut = 0;
    if (nc == 0) { /* a statement that only writes */
        while ((rc = kg_step(st)) == KG_ROW) {
        }
        return rc;
    }
    if (sh->mode == M_TABLE) {
        rc = print_table(sh, st, f, &shown, &cut);
        if (cut)
            fprintf(f, "(first %zu rows shown: .limit rows 0 shows all)\n", shown);
        else if (rc == KG_DONE)
            fprintf(f, "(%zu row%s)\n", shown, shown == 1 ? "" : "s");
        return rc;
    }
    size_t kw = 0;
    for (int i = 0; i < nc; i++)
        if (strlen(kg_column_name(st, i)) > kw) kw = strlen(kg_column_name(st, i));
    int started = 0;
    while ((rc = kg_step(st)) == KG_ROW || (rc == KG_DONE && !started)) {
        if (!started++) { /* the header once the statement has run, not before an error */
            if ((sh->mode == M_CSV || sh->mode == M_TSV) && sh->headers) {
                for (int i = 0; i < nc; i++) {
                    const char *cn = kg_column_name(st, i);
                    if (i) fputc(sh->mode == M_CSV ? ',' : '\t', f);
                    if (sh->mode == M_CSV)
                        kg_cli_put_csv(f, cn, strlen(cn));
                    else
                        put_tsv(f, cn, strlen(cn));
                }
                fputc('\n', f);
            }
            if (sh->mode == M_JSON) fputc('[', f);
            if (rc == KG_DONE) break;
        }
        if (sh->maxrows && shown >= sh->maxrows) {
            cut = 1, rc = KG_DONE;
            break;
        }
        if (sh->mode == M_JSON || sh->mode == M_JSONL) {
            fputs(sh->mode == M_JSON && shown ? ",\n{" : "{", f);
            for (int i = 0; i < nc; i++) {
                if (i) fputc(',', f);
                put_json_str(f, kg_column_name(st, i));
                fputc(':', f);
                size_t n;
                const char *s = kg_column_json(st, i, &n);
                fwrite(s ? s : "null", 1, s ? n : 4, f);
            }
            fputs(sh->mode == M_JSON ? "}" : "}\n", f);
        } else if (sh->mode == M_LINE) {
            if (shown) fputc('\n', f);
            for (int i = 0; i < nc; i++) {
                cell c;
                if (cell_get(st, i, &c)) return KG_NOMEM;
                fprintf(f, "%*s = %s\n", (int)kw, kg_column_name(st, i), c.s);
                free(c.s);
            }
        } else {
            for (int i = 0; i < nc; i++) {
                size_t n;
                const char *s = kg_column_text(st, i, &n);
                if (i) fputc(sh->mode == M_CSV ? ',' : '\t', f);
                if (!s) continue;
                if (sh->mode == M_CSV)
                    kg_cli_put_csv(f, s, n);
                else
                    put_tsv(f, s, n);
            }
            fputc('\n', f);
        }
        shown++;
    }
    if (sh->mode == M_JSON && started) fputs("]\n", f);
    /* machine-readable output stays clean: the note goes to stderr */
    if (cut) fprintf(stderr, "kg: first %zu rows shown (.limit rows 0 shows all)\n", shown);
    return rc;
}

/* ---------------------------------------------------------------- running */

/* Bind a parameter's value as typed: a quoted string is text (quotes off),
** [..] and {..} are JSON lists and maps, integers, floats and YYYY-MM-DD
** dates are recognised, anything else is text as typed. */
static int bind_value(kg_stmt *st, const char *pn, const char *v)
{
    size_t n = strlen(v);
    char *end;
    int32_t d;
    if (n >= 2 && (v[0] == '[' || v[0] == '{')) return kg_bind_json(st, pn, v, (long)n);
    if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0])
        return kg_bind_text(st, pn, v + 1, (long)n - 2);
    errno = 0; /* ERANGE below must come from this call */
    long long iv = strtoll(v, &end, 10);
    if (*v && !*end && errno != ERANGE) return kg_bind_int(st, pn, iv);
    if (kg_date_parse(v, n, &d) == KG_OK) return kg_bind_date(st, pn, d);
    double dv = strtod(v, &end);
    if (*v && !*end) return kg_bind_double(st, pn, dv);
    return kg_bind_text(st, pn, v, -1);
}

static int bind_params(shell *sh, kg_stmt *st)
{
    for (int i = 0; i < kg_param_count(st); i++) {
        const char *pn = kg_param_name(st, i);
        int j;
        for (j = 0; j < sh->nparams && strcmp(sh->params[j].name, pn); j++) {
        }
        /* left unbound: kg_step says which one, under the query text; an
        ** EXPLAIN runs without values */
        if (j == sh->nparams) continue;
        if (bind_value(st, pn, sh->params[j].value)) {
            fprintf(stderr, "kg: error: %s\n", kg_errmsg(sh->db));
            return 1;
        }
    }
    return 0;
}

static int stats_now(kg_db *db, kg_stats *s)
{
    kg_txn *t;
    if (kg_begin(db, KG_TXN_READ, &t)) return -1;
    int rc = kg_stats_get(t, s);
    kg_abort(t);
    return rc;
}

/* What a write did, as counts of the database before and after it
** ("2 nodes created, 1 relation deleted"); in the human modes only. */
static void write_summary(FILE *f, const kg_stats *a, const kg_stats *b)
{
    struct {
        uint64_t before, after;
        const char *one, *many;
    } k[] = {{a->nodes, b->nodes, "node", "nodes"},
             {a->edges, b->edges, "relation", "relations"},
             {a->evidence, b->evidence, "evidence row", "evidence rows"},
             {a->aliases, b->aliases, "alias", "aliases"}};
    int any = 0;
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        if (k[i].before == k[i].after) continue;
        if (i == 3 && a->nodes != b->nodes) continue; /* a node's own name is an alias row */
        uint64_t d = k[i].after > k[i].before ? k[i].after - k[i].before : k[i].before - k[i].after;
        fprintf(f, "%s%llu %s %s", any++ ? ", " : "", (unsigned long long)d,
                d == 1 ? k[i].one : k[i].many, k[i].after > k[i].before ? "added" : "removed");
    }
    fputs(any ? "\n" : "no nodes, relations, evidence or aliases added or removed\n", f);
}

/* Run every statement in text; errors are reported and counted. Stops early
** when a statement is interrupted (Ctrl-C) or fails under .bail on. */
static int run_text(shell *sh, const char *text, FILE *out)
{
    const char *q = text;
    int failed = 0;
    while (q && *q && !sh->stop) {
        kg_stmt *st;
        const char *tail;
        struct timespec t0, t1;
        FILE *f = sh->out ? sh->out : out;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int rc = kg_prepare(sh->db, q, -1, &st, &tail);
        if (rc) {
            fprintf(stderr, "kg: error: %s\n", kg_errmsg(sh->db));
            failed++;
            if (sh->bail) sh->stop = 1;
            /* skip to after the next ';' so later statements still run */
            const char *semi = strchr(q, ';');
            q = semi ? semi + 1 : NULL;
            continue;
        }
        if (st && kg_stmt_warning(st)) fprintf(stderr, "kg: warning: %s\n", kg_stmt_warning(st));
        if (sh->echo && st) {
            const char *s = q;
            while (s < tail && strchr(" \t\r\n", *s))
                s++;
            fprintf(f, "%.*s\n", (int)(tail - s), s);
        }
        q = tail;
        if (!st) continue;
        if (bind_params(sh, st)) {
            kg_finalize(st);
            failed++;
            if (sh->bail) sh->stop = 1;
            continue;
        }
        if (!kg_stmt_readonly(st)) sh->wrote = 1;
        int summary = !kg_stmt_readonly(st) && kg_column_count(st) == 0 &&
                      (sh->mode == M_TABLE || sh->mode == M_LINE);
        kg_stats before, after;
        if (summary && stats_now(sh->db, &before)) summary = 0;
        running = sh->db;
        rc = print_rows(sh, st, f);
        running = NULL;
        fflush(f);
        if (rc == KG_INTERRUPT) {
            fprintf(stderr, "kg: interrupted%s\n",
                    kg_stmt_readonly(st) ? "" : " (nothing of the statement was stored)");
            failed++;
            sh->stop = 1;
        } else if (rc != KG_DONE) {
            fprintf(stderr, "kg: error: %s\n", kg_errmsg(sh->db));
            failed++;
            if (sh->bail) sh->stop = 1;
        } else if (summary && !stats_now(sh->db, &after)) {
            write_summary(f, &before, &after);
        }
        kg_finalize(st);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (sh->timer)
            fprintf(stderr, "time: %.3f ms\n",
                    (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
        if (sh->once) {
            fclose(sh->out);
            sh->out = NULL, sh->once = 0;
        }
    }
    sh->errors += failed;
    return failed;
}

static int set_param(shell *sh, const char *name, const char *value)
{
    if (*name == '$') name++;
    for (int i = 0; i < sh->nparams; i++)
        if (!strcmp(sh->params[i].name, name)) {
            free(sh->params[i].value);
            sh->params[i].value = strdup(value);
            return 0;
        }
    param *p = realloc(sh->params, (sh->nparams + 1) * sizeof *p);
    if (!p) return 1;
    sh->params = p;
    p[sh->nparams].name = strdup(name);
    p[sh->nparams].value = strdup(value);
    sh->nparams++;
    return 0;
}

static char *read_file(const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 >= cap) {
            char *p = realloc(b, cap *= 2);
            if (!p) {
                free(b);
                b = NULL;
            }
            b = p;
        }
    }
    if (f != stdin) fclose(f);
    if (b) b[n] = 0;
    return b;
}

static const char *help_text =
    "Statements end with ';' and may span lines; Ctrl-C stops a running statement\n"
    "or clears the line; Tab completes keywords, types, relations and commands.\n"
    "Dot commands:\n"
    "  .help                   this text\n"
    "  .mode table|csv|tsv|json|jsonl|line   output format (now: %s)\n"
    "  .headers on|off         column names in csv/tsv\n"
    "  .timer on|off           time each statement\n"
    "  .echo on|off            print each statement before its rows\n"
    "  .bail on|off            stop at the first error\n"
    "  .param set NAME VALUE   bind $NAME: 'text', 12, 1.5, 2020-01-03, [list], {map}\n"
    "  .param list | clear     show or forget parameters\n"
    "  .limit rows N           show at most N rows of each statement (0: all)\n"
    "  .limit path|seconds|memory N   path length, time (s), memory (MiB) of a query\n"
    "  .width N...             column widths of tables (0: automatic)\n"
    "  .maxwidth N             table width (0: unlimited; default: the terminal's)\n"
    "  .output FILE | .output  rows to FILE, or back to the terminal\n"
    "  .once FILE              the next statement's rows to FILE\n"
    "  .read FILE              run the statements in FILE\n"
    "  .schema                 types and relations with their counts\n"
    "  .show                   the current settings\n"
    "  .quit                   leave (also Ctrl-D)\n"
    "Examples:\n"
    "  MATCH (a:person)-[:killed]->(v) RETURN a.name, v.name;\n"
    "  DESCRIBE \"Ain al-Asad\";\n";

static int on_off(const char *s, int *v)
{
    if (!strcmp(s, "on") || !strcmp(s, "1")) return *v = 1, 1;
    if (!strcmp(s, "off") || !strcmp(s, "0")) return *v = 0, 1;
    return 0;
}

static int set_output(shell *sh, const char *path, int once)
{
    if (sh->out) fclose(sh->out);
    sh->out = NULL, sh->once = 0;
    if (!path || !strcmp(path, "stdout")) return 0;
    if (!(sh->out = fopen(path, "w"))) {
        fprintf(stderr, "kg: error: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    sh->once = once;
    return 0;
}

static void show(shell *sh, FILE *out)
{
    kg_limits l;
    kg_get_limits(sh->db, &l);
    fprintf(out,
            "    mode: %s\n headers: %s\n   timer: %s\n    echo: %s\n    bail: %s\n"
            "    rows: %zu%s\nmaxwidth: %d%s\n  output: %s\n seconds: %g%s\n  memory: %zu MiB\n"
            "    path: %u\n",
            mode_names[sh->mode], sh->headers ? "on" : "off", sh->timer ? "on" : "off",
            sh->echo ? "on" : "off", sh->bail ? "on" : "off", sh->maxrows,
            sh->maxrows ? "" : " (all)", sh->maxwidth < 0 ? 0 : sh->maxwidth,
            sh->maxwidth < 0 ? " (the terminal's)"
            : sh->maxwidth   ? ""
                             : " (unlimited)",
            sh->out ? (sh->once ? "a file, for one statement" : "a file") : "stdout", l.max_seconds,
            l.max_seconds > 0 ? "" : " (unlimited)", l.max_memory >> 20, l.max_path_length);
    for (int i = 0; i < sh->nparams; i++)
        fprintf(out, "   param: $%s = %s\n", sh->params[i].name, sh->params[i].value);
}

/* A dot command; returns 1 to quit. */
static int dot(shell *sh, char *line, FILE *out)
{
    char *argv[40];
    int argc = 0;
    char *rest = NULL; /* the line after .param set NAME, as typed */
    for (char *t = strtok(line, " \t"); t && argc < 40; t = strtok(NULL, " \t")) {
        argv[argc++] = t;
        if (argc == 3 && !strcmp(argv[0], ".param") && !strcmp(argv[1], "set")) {
            rest = strtok(NULL, "");
            break;
        }
    }
    if (!argc) return 0;
    const char *c = argv[0];
    int ok = 1;
    if (!strcmp(c, ".quit") || !strcmp(c, ".exit")) return 1;
    if (!strcmp(c, ".help"))
        fprintf(out, help_text, mode_names[sh->mode]);
    else if (!strcmp(c, ".mode") && argc == 2 && parse_mode(argv[1]) >= 0)
        sh->mode = parse_mode(argv[1]);
    else if (!strcmp(c, ".timer") && argc == 2)
        ok = on_off(argv[1], &sh->timer);
    else if (!strcmp(c, ".headers") && argc == 2)
        ok = on_off(argv[1], &sh->headers);
    else if (!strcmp(c, ".echo") && argc == 2)
        ok = on_off(argv[1], &sh->echo);
    else if (!strcmp(c, ".bail") && argc == 2)
        ok = on_off(argv[1], &sh->bail);
    else if (!strcmp(c, ".param") && argc == 3 && !strcmp(argv[1], "set") && rest) {
        while (*rest == ' ' || *rest == '\t')
            rest++;
        size_t n = strlen(rest);
        while (n && (rest[n - 1] == ' ' || rest[n - 1] == '\t'))
            rest[--n] = 0;
        ok = n > 0 && !set_param(sh, argv[2], rest);
    } else if (!strcmp(c, ".param") && argc == 2 && !strcmp(argv[1], "list")) {
        for (int i = 0; i < sh->nparams; i++)
            fprintf(out, "$%s = %s\n", sh->params[i].name, sh->params[i].value);
    } else if (!strcmp(c, ".param") && argc == 2 && !strcmp(argv[1], "clear")) {
        for (int i = 0; i < sh->nparams; i++)
            free(sh->params[i].name), free(sh->params[i].value);
        sh->nparams = 0;
    } else if (!strcmp(c, ".limit") && argc == 3) {
        kg_limits l = {0};
        char *end;
        double v = strtod(argv[2], &end);
        if (*end || v < 0)
            ok = 0;
        else if (!strcmp(argv[1], "rows"))
            sh->maxrows = (size_t)v;
        else if (!strcmp(argv[1], "path") && v >= 1)
            l.max_path_length = (unsigned)v;
        else if (!strcmp(argv[1], "seconds")) {
            /* 0 turns the limit off; kg_set_limits keeps the old value for 0, so "none" is a huge
             * one */
            l.max_seconds = v > 0 ? v : 1e18;
        } else if (!strcmp(argv[1], "memory") && v >= 1)
            l.max_memory = (size_t)v << 20;
        else
            ok = 0;
        kg_set_limits(sh->db, &l);
    } else if (!strcmp(c, ".width")) {
        sh->nwidth = 0;
        for (int i = 1; i < argc && sh->nwidth < 32; i++)
            sh->width[sh->nwidth++] = atoi(argv[i]);
    } else if (!strcmp(c, ".maxwidth") && argc == 2)
        sh->maxwidth = atoi(argv[1]);
    else if (!strcmp(c, ".output") && argc <= 2) {
        if (set_output(sh, argc == 2 ? argv[1] : NULL, 0)) sh->errors++;
    } else if (!strcmp(c, ".once") && argc == 2) {
        if (set_output(sh, argv[1], 1)) sh->errors++;
    } else if (!strcmp(c, ".show"))
        show(sh, out);
    else if (!strcmp(c, ".read") && argc == 2) {
        char *t = read_file(argv[1]);
        if (!t) {
            fprintf(stderr, "kg: error: cannot read %s: %s\n", argv[1], strerror(errno));
            sh->errors++;
        } else {
            run_text(sh, t, out);
            free(t);
        }
    } else if (!strcmp(c, ".schema")) {
        int m = sh->mode;
        if (m != M_TABLE) sh->mode = M_TABLE;
        run_text(sh, "SHOW TYPES; SHOW RELATIONS;", out);
        sh->mode = m;
    } else
        ok = 0;
    if (!ok) {
        fprintf(stderr, "kg: error: unknown or incomplete command '%s' (try .help)\n", c);
        sh->errors++;
    }
    return 0;
}

/* ---------------------------------------------------------------- completion */

static const char *const keywords[] = {
    "MATCH",       "OPTIONAL",    "WHERE",         "RETURN",   "WITH",     "ORDER BY",
    "SKIP",        "LIMIT",       "CREATE",        "MERGE",    "SET",      "DELETE",
    "DETACH",      "REMOVE",      "ALIAS",         "DESCRIBE", "SHOW",     "TYPES",
    "RELATIONS",   "EXPLAIN",     "PROFILE",       "UNWIND",   "DISTINCT", "AS",
    "AND",         "OR",          "NOT",           "XOR",      "IN",       "IS NULL",
    "IS NOT NULL", "STARTS WITH", "ENDS WITH",     "CONTAINS", "CASE",     "WHEN",
    "THEN",        "ELSE",        "END",           "ASC",      "DESC",     "count(",
    "collect(",    "evidence(",   "shortestPath(", NULL};
static const char *const dots[] = {".help",  ".mode",   ".headers", ".timer",    ".echo",   ".bail",
                                   ".param", ".limit",  ".width",   ".maxwidth", ".output", ".once",
                                   ".read",  ".schema", ".show",    ".quit",     NULL};

static char **names; /* types and relations of the database, for completion */
static int nnames;

static void add_name(const char *name, uint64_t count, void *ctx)
{
    (void)count, (void)ctx;
    char **p = realloc(names, (nnames + 1) * sizeof *p);
    if (!p) return;
    names = p;
    if ((names[nnames] = strdup(name))) nnames++;
}

static void load_names(kg_db *db)
{
    for (int i = 0; i < nnames; i++)
        free(names[i]);
    nnames = 0;
    kg_txn *t;
    if (kg_begin(db, KG_TXN_READ, &t)) return;
    kg_type_counts(t, add_name, NULL);
    kg_rel_counts(t, add_name, NULL);
    kg_abort(t);
}

/* The k-th candidate starting with text: dot commands at the start of a
** line, else keywords (in the case typed) and the database's names. */
static char *candidate(const char *text, int state)
{
    static int k, dotted;
    if (!state) k = 0, dotted = text[0] == '.';
    size_t n = strlen(text);
    if (dotted) {
        for (; dots[k]; k++)
            if (!strncmp(dots[k], text, n)) return strdup(dots[k++]);
        return NULL;
    }
    int nk = 0;
    while (keywords[nk])
        nk++;
    for (; k < nk + nnames; k++) {
        const char *w = k < nk ? keywords[k] : names[k - nk];
        if (k < nk ? !strncasecmp(w, text, n) : !strncmp(w, text, n)) {
            char *r = strdup(w);
            if (r && k < nk && n && text[0] >= 'a' && text[0] <= 'z')
                for (char *p = r; *p; p++) /* typed in lower case: complete in lower case */
                    if (*p >= 'A' && *p <= 'Z') *p += 'a' - 'A';
            k++;
            return r;
        }
    }
    return NULL;
}

static char **complete_word(const char *text, int start, int end)
{
    (void)start, (void)end;
    return rl_completion_matches(text, candidate);
}

/* ---------------------------------------------------------------- terminal input */

static char *cb_line;
static int cb_done;

static void on_line(char *line)
{
    cb_line = line, cb_done = 1;
    rl_callback_handler_remove();
}

/* A line from the terminal, or NULL at end of input; *cancelled when Ctrl-C
** abandoned the line being typed. The callback interface lets the wait be a
** poll() that Ctrl-C interrupts, with no jump out of the line editor. */
static char *tty_line(const char *prompt, int *cancelled)
{
    *cancelled = 0;
    got_sigint = 0; /* a Ctrl-C that stopped the last statement is spent */
    cb_line = NULL, cb_done = 0;
    rl_callback_handler_install(prompt, on_line);
    while (!cb_done) {
        struct pollfd p = {STDIN_FILENO, POLLIN, 0};
        int r = poll(&p, 1, -1);
        if (r < 0 && errno == EINTR && got_sigint) {
            got_sigint = 0;
            rl_callback_handler_remove();
            fputs("^C\n", stdout);
            *cancelled = 1;
            return NULL;
        }
        if (r < 0 && errno != EINTR) {
            rl_callback_handler_remove();
            return NULL;
        }
        if (r > 0) rl_callback_read_char();
    }
    return cb_line;
}

/* Does the buffer hold a complete statement (a ';' outside quotes and comments)? */
static int complete(const char *s)
{
    char q = 0;
    int last_semi = 0, any = 0;
    for (; *s; s++) {
        if (q) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == q)
                q = 0;
            continue;
        }
        if (*s == '/' && s[1] == '/') {
            while (*s && *s != '\n')
                s++;
            if (!*s) break;
            continue;
        }
        if (*s == '"' || *s == '\'' || *s == '`')
            q = *s, any = 1, last_semi = 0;
        else if (*s == ';')
            last_semi = 1;
        else if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            any = 1, last_semi = 0;
    }
    return last_semi && any;
}

/* May a missing database at PATH be created? With --create, yes. Without it
** only when PATH's directory exists and is empty: there is no database there
** that a mistyped name could have meant (a directory made for the new
** database, as test runners and scripts do). A mistyped name next to other
** files, or under a directory that does not exist, is an error and creates
** nothing. */
static int may_create(const char *path, int create)
{
    if (create) return 1;
    if (!access(path, F_OK)) return 0; /* exists: kg_open decides what it is */
    char *dir = strdup(path);
    if (!dir) return 0;
    char *slash = strrchr(dir, '/');
    while (slash && slash > dir && slash[1] == 0) { /* "a/b/" */
        *slash = 0;
        slash = strrchr(dir, '/');
    }
    const char *d = !slash ? "." : slash == dir ? "/" : (*slash = 0, dir);
    int empty = 0;
    DIR *dp = opendir(d);
    if (dp) {
        struct dirent *e;
        empty = 1;
        while (empty && (e = readdir(dp)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
        closedir(dp);
    }
    free(dir);
    return empty;
}

/* Open the database read-only or for writing. A missing database is created
** only as may_create() allows, and the creation is said on stderr; otherwise
** a mistyped path is an error, never a new, empty database. */
static int open_db(const char *path, int readonly, int create, kg_db **db)
{
    int missing = access(path, F_OK) != 0;
    create = missing && may_create(path, create);
    int rc = kg_open(path, create ? KG_OPEN_CREATE : readonly ? KG_OPEN_READONLY : 0, NULL, db);
    if (rc) {
        fprintf(stderr, "kg: error: %s%s\n", kg_errmsg(*db),
                rc == KG_NOTFOUND && missing ? " (--create makes a new one)" : "");
        kg_close(*db);
        *db = NULL;
        return rc;
    }
    if (create) fprintf(stderr, "kg: created a new database at %s\n", path);
    kg_cli_test_hook(*db);
    return rc;
}

/* Does the text hold a statement that writes? Each statement is prepared (not
** run) on the read-only handle and asked; one that does not prepare here (it
** names a type an earlier statement creates, say) counts as a write when it
** holds a write keyword, so that the real run reports the real error. */
static int text_writes(kg_db *db, const char *text)
{
    static const char *const w[] = {"CREATE", "MERGE", "SET", "DELETE", "ALIAS", "REMOVE", NULL};
    const char *q = text;
    while (q && *q) {
        kg_stmt *st;
        const char *tail;
        if (kg_prepare(db, q, -1, &st, &tail) != KG_OK) {
            for (int i = 0; w[i]; i++)
                if (strcasestr(q, w[i])) return 1;
            return 0;
        }
        int writes = st && !kg_stmt_readonly(st);
        kg_finalize(st);
        if (writes) return 1;
        q = tail;
    }
    return 0;
}

static void free_shell(shell *sh)
{
    set_output(sh, NULL, 0);
    for (int i = 0; i < sh->nparams; i++)
        free(sh->params[i].name), free(sh->params[i].value);
    free(sh->params);
    kg_close(sh->db);
}

/* The options kg query and the shell share. */
typedef struct open_opts {
    double timeout; /* --timeout SECONDS (0: none) */
    size_t memory;  /* --max-memory MIB, in bytes (0: the library's default) */
    int create;     /* --create */
} open_opts;

/* One of those options at argv[*i]: 1 when it was one (its value taken),
** -1 when its value is bad, 0 when it is something else. */
static int open_option(int argc, char **argv, int *i, open_opts *o)
{
    if (!strcmp(argv[*i], "--create")) return o->create = 1;
    int t = !strcmp(argv[*i], "--timeout");
    if (!t && strcmp(argv[*i], "--max-memory")) return 0;
    char *end = NULL;
    double v = *i + 1 < argc ? strtod(argv[*i + 1], &end) : -1;
    if (!end || end == argv[*i + 1] || *end || v < 0 || (!t && v < 1)) {
        fprintf(stderr, "kg: error: %s takes a number (%s)\n", argv[*i],
                t ? "seconds, 0 for no limit" : "MiB");
        return -1;
    }
    if (t)
        o->timeout = v;
    else
        o->memory = (size_t)v << 20;
    (*i)++;
    return 1;
}

static void apply_limits(kg_db *db, const open_opts *o)
{
    kg_limits l = {0};
    l.max_seconds = o->timeout > 0 ? o->timeout : 1e18; /* 0 keeps the old value: "none" is huge */
    l.max_memory = o->memory;
    kg_set_limits(db, &l);
}

int kg_cli_shell(int argc, char **argv)
{
    const char *dbpath = NULL;
    open_opts o = {DEFAULT_TIMEOUT, 0, 0};
    for (int i = 1; i < argc; i++) {
        int lo = open_option(argc, argv, &i, &o);
        if (lo < 0) return 2;
        if (lo) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: kg [shell] DB [--create] [--timeout SECONDS] [--max-memory MIB]\n"
                   "  the interactive shell on DB; --create makes DB when it does not exist;\n"
                   "  a statement stops after --timeout seconds (default %g, 0: none)\n",
                   DEFAULT_TIMEOUT);
            return 0;
        } else if (!dbpath && argv[i][0] != '-')
            dbpath = argv[i];
        else {
            dbpath = NULL;
            break;
        }
    }
    if (!dbpath) {
        fprintf(stderr, "usage: kg [shell] DB [--create] [--timeout SECONDS] [--max-memory MIB]\n");
        return 2;
    }
    shell sh = {0};
    sh.headers = 1, sh.maxwidth = -1;
    if (open_db(dbpath, 0, o.create, &sh.db)) return 1;
    apply_limits(sh.db, &o);
    catch_sigint();
    int tty = isatty(0);
    sh.mode = isatty(1) ? M_TABLE : M_TSV;
    char hist[4096] = "";
    const char *home = getenv("HOME");
    if (tty) {
        if (home) {
            snprintf(hist, sizeof hist, "%s/.kg_history", home);
            using_history();
            stifle_history(2000);
            read_history(hist);
        }
        load_names(sh.db);
        rl_attempted_completion_function = complete_word;
        printf("kg %s: %s. Statements end with ';'. .help for help.\n", kg_version(), dbpath);
    }
    char *buf = NULL;
    size_t blen = 0;
    int quit = 0;
    while (!quit) {
        char *line;
        if (tty) {
            int cancelled;
            sh.stop = 0; /* an interrupt or .bail ends one input, not the session */
            line = tty_line(blen ? "  ...> " : "kg> ", &cancelled);
            if (cancelled) { /* Ctrl-C at the prompt: forget the statement being typed */
                blen = 0;
                if (buf) buf[0] = 0;
                continue;
            }
        } else {
            size_t cap = 0;
            line = NULL;
            if (sh.stop || getline(&line, &cap, stdin) < 0) {
                free(line);
                line = NULL;
            } else {
                line[strcspn(line, "\n")] = 0;
            }
        }
        if (!line) break;
        char *t = line;
        while (*t == ' ' || *t == '\t' || *t == '\r')
            t++;
        if (!blen && !*t) { /* a blank line between statements is nothing */
            free(line);
            continue;
        }
        if (tty && hist[0] && *t) {
            /* history saved as you go: a crash keeps it; a line repeated
            ** right away is kept once */
            HIST_ENTRY *h =
                history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
            if (!h || !h->line || strcmp(h->line, line)) {
                add_history(line);
                write_history(hist); /* libedit's append_history(1) writes two */
            }
        }
        if (!blen && *t == '.') {
            quit = dot(&sh, t, stdout);
            free(line);
            continue;
        }
        size_t ll = strlen(line);
        char *nb = realloc(buf, blen + ll + 2);
        if (!nb) {
            free(line);
            break;
        }
        buf = nb;
        memcpy(buf + blen, line, ll);
        blen += ll;
        buf[blen++] = '\n';
        buf[blen] = 0;
        free(line);
        if (complete(buf)) {
            run_text(&sh, buf, stdout);
            if (tty && sh.wrote) { /* new types and relations complete too */
                load_names(sh.db);
                sh.wrote = 0;
            }
            blen = 0;
            buf[0] = 0;
        }
    }
    if (blen && !complete(buf) && !sh.stop) {
        /* input ended inside a statement: run what there is */
        for (size_t i = 0; i < blen; i++)
            if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\t') {
                run_text(&sh, buf, stdout);
                break;
            }
    }
    if (tty) putchar('\n');
    free(buf);
    for (int i = 0; i < nnames; i++)
        free(names[i]);
    free(names), names = NULL, nnames = 0;
    int interrupted = got_sigint && !tty;
    free_shell(&sh);
    return interrupted ? 130 : sh.errors ? 1 : 0;
}

int kg_cli_query(int argc, char **argv)
{
    shell sh = {0};
    sh.headers = 1, sh.maxwidth = -1;
    sh.mode = isatty(1) ? M_TABLE : M_TSV;
    const char *dbpath = NULL, *query = NULL;
    int readonly = 1;
    open_opts o = {DEFAULT_TIMEOUT, 0, 0};
    for (int i = 1; i < argc; i++) {
        int lo = open_option(argc, argv, &i, &o);
        if (lo < 0) return 2;
        if (lo) continue;
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            if ((sh.mode = parse_mode(argv[++i])) < 0) {
                fprintf(stderr,
                        "kg: error: unknown format '%s' (table, csv, tsv, json, jsonl, "
                        "line)\n",
                        argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--param") && i + 1 < argc) {
            char *eq = strchr(argv[++i], '=');
            if (!eq) {
                fprintf(stderr, "kg: error: --param takes NAME=VALUE\n");
                return 2;
            }
            *eq = 0;
            set_param(&sh, argv[i], eq + 1);
        } else if (!strcmp(argv[i], "--no-headers")) {
            sh.headers = 0;
        } else if (!strcmp(argv[i], "--write")) {
            readonly = 0;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: kg query DB ['QUERY'|-] [--format table|tsv|csv|json|jsonl|line]\n"
                   "                [--param NAME=VALUE]... [--no-headers] [--create]\n"
                   "                [--timeout SECONDS] [--max-memory MIB]\n"
                   "  runs the statements of QUERY (or stdin) and prints their rows;\n"
                   "  --create makes DB when it does not exist; a statement stops after\n"
                   "  --timeout seconds (default %g, 0: none); Ctrl-C stops it (kg(1))\n",
                   DEFAULT_TIMEOUT);
            return 0;
        } else if (!dbpath) {
            dbpath = argv[i];
        } else if (!query) {
            query = argv[i];
        } else {
            fprintf(stderr, "usage: kg query DB 'QUERY' [--format F] [--param NAME=VALUE]...\n");
            return 2;
        }
    }
    if (!dbpath) {
        fprintf(stderr, "usage: kg query DB 'QUERY' [--format F] [--param NAME=VALUE]...\n"
                        "       (statements are read from stdin when QUERY is - or missing)\n");
        return 2;
    }
    char *text = NULL;
    if (!query || !strcmp(query, "-")) {
        if (!(text = read_file("-"))) {
            fprintf(stderr, "kg: error: cannot read stdin\n");
            free_shell(&sh);
            return 1;
        }
        query = text;
    }
    /* a statement that writes needs a writable handle: open read-only, and
    ** again for writing when the parser says one of the statements writes */
    if (open_db(dbpath, readonly, o.create, &sh.db)) {
        free(text);
        free_shell(&sh);
        return 1;
    }
    if (readonly && text_writes(sh.db, query)) {
        kg_close(sh.db);
        if (open_db(dbpath, 0, 0, &sh.db)) {
            free(text);
            free_shell(&sh);
            return 1;
        }
    }
    apply_limits(sh.db, &o);
    catch_sigint();
    run_text(&sh, query, stdout);
    free(text);
    int interrupted = got_sigint;
    free_shell(&sh);
    return interrupted ? 130 : sh.errors ? 1 : 0;
}
