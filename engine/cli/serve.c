/*
** serve.c -- kg serve DB: the analyst's desk, a local web explorer (cli
** layer). GNU libmicrohttpd answers on 127.0.0.1 (unless --listen) from one
** polling thread, so the one kg_db handle is used by one thread at a time;
** the page (engine/web/, d3) is compiled into the program (web.h), and the
** JSON API under /api/ runs queries with the library, whose kg_column_json
** gives the values `kg query --format json` prints.
**
** Safe by default (kg(1), SERVE):
**   - a random token, printed once in the URL; every request must carry it
**     (?token= once, which sets a cookie, then the cookie, or
**     "Authorization: Bearer TOKEN"), else 401;
**   - Host must be localhost or the address the client connected to, with
**     the port (DNS rebinding), and Origin, when sent, the same: else 403;
**   - the database is opened read-only unless --write: a write query is
**     refused with 403 and changes nothing;
**   - every query runs under time and memory limits (kg_set_limits) and
**     returns at most one page of rows (offset/limit, "more");
**   - files are answered from the compiled-in table only, never from a path.
** Every statement reads one committed state (its own read transaction), and
** kg load commits one document per transaction, so no answer shows a
** document half loaded by another process.
**
** API:
**   POST /api/query   {"query": Q, "params": {...}, "offset": N, "limit": N}
**                     -> {"columns": [...], "rows": [[...]], "offset", "limit", "more"}
**                     (and "warning": a type or relation the database does not have)
**                     or status 400 (403 for a write when read-only)
**                     {"error": {"message", "position", "code"}}
**   GET /api/search?q=NAME   entities the name resolves to (aliases, skeletons,
**                            as the shell's {name: ...}), then names containing it
**   GET /api/info            database, mode, limits, counts
*/
#include "cli.h"
#include "kg.h"
#include "web.h"

#include <arpa/inet.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>

#define BODY_MAX (1u << 20) /* request bodies larger than this get 413 */

typedef struct server {
    kg_db *db;
    const char *listen; /* the address as given (default 127.0.0.1) */
    unsigned port;      /* the port listened on */
    int write;          /* --write: the database is open for writing */
    long page_max;      /* rows per answer at most (--page) */
    double seconds;     /* per-query time limit */
    size_t memory;      /* per-query memory limit */
    char token[33];     /* 32 hex digits */
    char cookie[32];    /* cookie name: kg_token_PORT (cookies ignore ports) */
} server;

typedef struct buf {
    char *p;
    size_t n, cap;
    int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void printf_(buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string (names of columns, messages); values come from kg_column_json. */
static void put_jstr(buf *b, const char *s)
{
    puts_(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf_(b, "\\%c", *p);
        else if (*p == '\n')
            puts_(b, "\\n");
        else if (*p < 0x20 || *p == 0x7f)
            printf_(b, "\\u%04x", *p);
        else
            put(b, (const char *)p, 1);
    }
    puts_(b, "\"");
}

/* ---------------------------------------------------------------- responses */

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type, buf *b,
                                const char *cookie)
{
    if (b->oom) {
        free(b->p);
        b->p = NULL, b->n = 0, b->oom = 0;
        status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        type = "application/json";
        puts_(b,
              "{\"error\":{\"message\":\"out of memory\",\"position\":null,\"code\":\"nomem\"}}");
        if (b->oom) return MHD_NO;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(b->n, b->p ? b->p : (char *)"", MHD_RESPMEM_MUST_COPY);
    free(b->p);
    b->p = NULL;
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    if (!strncmp(type, "text/html", 9))
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    if (cookie) MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *code,
                                  const char *msg, long position)
{
    buf b = {0};
    puts_(&b, "{\"error\":{\"message\":");
    put_jstr(&b, msg);
    if (position >= 0)
        printf_(&b, ",\"position\":%ld,\"code\":", position);
    else
        puts_(&b, ",\"position\":null,\"code\":");
    put_jstr(&b, code);
    puts_(&b, "}}");
    return send_buf(c, status, "application/json", &b, NULL);
}

/* ---------------------------------------------------------------- checks */

static int same_token(const server *sv, const char *t)
{
    /* compare in constant time */
    if (!t || strlen(t) != 32) return 0;
    unsigned char d = 0;
    for (int i = 0; i < 32; i++)
        d |= (unsigned char)(t[i] ^ sv->token[i]);
    return d == 0;
}

/* Split "host:port", "[v6]:port" or "host" into host and port (0: none). */
static int split_host(const char *h, char *host, size_t cap, unsigned *port)
{
    const char *end, *colon;
    *port = 0;
    if (*h == '[') {
        if (!(end = strchr(h, ']'))) return -1;
        h++;
        colon = end[1] == ':' ? end + 1 : NULL;
        if (end[1] && !colon) return -1;
    } else {
        colon = strrchr(h, ':');
        end = colon ? colon : h + strlen(h);
    }
    if ((size_t)(end - h) >= cap || end == h) return -1;
    memcpy(host, h, end - h);
    host[end - h] = 0;
    if (colon) {
        char *e;
        unsigned long p = strtoul(colon + 1, &e, 10);
        if (*e || !colon[1] || p == 0 || p > 65535) return -1;
        *port = (unsigned)p;
    }
    return 0;
}

/* Is this host (without port) one of ours: localhost, the --listen address,
** or the address of our end of this connection? */
static int our_host(const server *sv, struct MHD_Connection *c, const char *host)
{
    if (!strcasecmp(host, "localhost") || !strcmp(host, sv->listen)) return 1;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci) return 0;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char name[NI_MAXHOST];
    if (getsockname(ci->connect_fd, (struct sockaddr *)&ss, &sl) ||
        getnameinfo((struct sockaddr *)&ss, sl, name, sizeof name, NULL, 0, NI_NUMERICHOST))
        return 0;
    return !strcmp(host, name);
}

/* 0: Host (and Origin, when sent) name this server; else the reason. */
static const char *host_refused(const server *sv, struct MHD_Connection *c)
{
    char host[256];
    unsigned port;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!h || split_host(h, host, sizeof host, &port) || (port ? port : 80) != sv->port ||
        !our_host(sv, c, host))
        return "the Host header does not name this server (localhost or its address, with "
               "the port)";
    const char *o = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (o) {
        if (strncmp(o, "http://", 7) || split_host(o + 7, host, sizeof host, &port) ||
            (port ? port : 80) != sv->port || !our_host(sv, c, host))
            return "the request comes from another site's page (Origin)";
    }
    return NULL;
}

/* 1 when the request carries the token: *from_url when it came as ?token=. */
static int authorised(const server *sv, struct MHD_Connection *c, int *from_url)
{
    *from_url = 0;
    const char *t = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    if (t) return (*from_url = same_token(sv, t));
    if (same_token(sv, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, sv->cookie))) return 1;
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    return a && !strncasecmp(a, "Bearer ", 7) && same_token(sv, a + 7);
}

/* ---------------------------------------------------------------- queries */

static const char *code_word(int rc)
{
    switch (rc) {
    case KG_SYNTAX:
        return "syntax";
    case KG_SEMANTIC:
        return "semantic";
    case KG_AMBIGUOUS:
        return "ambiguous";
    case KG_LIMIT:
        return "limit";
    case KG_READONLY:
        return "readonly";
    case KG_MISUSE:
        return "misuse";
    case KG_INVALID:
        return "invalid";
    case KG_BUSY:
        return "busy";
    case KG_INTERRUPT:
        return "interrupt";
    default:
        return "error";
    }
}

static unsigned code_status(int rc)
{
    switch (rc) {
    case KG_READONLY:
        return MHD_HTTP_FORBIDDEN;
    case KG_BUSY:
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    case KG_NOMEM:
    case KG_IO:
    case KG_CORRUPT:
    case KG_FULL:
    case KG_ERROR:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    default:
        return MHD_HTTP_BAD_REQUEST;
    }
}

/* Bind the statement's parameters from the request's JSON object: each
** value goes to kg_bind_json (numbers, text, booleans, null, lists, maps). */
static int bind_params(kg_db *db, kg_stmt *st, json_object *params, char *err, size_t errcap)
{
    for (int i = 0; i < kg_param_count(st); i++) {
        const char *pn = kg_param_name(st, i);
        json_object *v;
        if (!params || !json_object_object_get_ex(params, pn, &v)) {
            snprintf(err, errcap, "parameter $%s is not given (\"params\": {\"%s\": ...})", pn, pn);
            return KG_MISUSE;
        }
        /* a blank after the value: json-c's tokener takes a bare true, false,
        ** null or number that ends its input for cut short */
        buf t = {0};
        puts_(&t, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
        puts_(&t, " ");
        int rc = t.oom ? KG_NOMEM : kg_bind_json(st, pn, t.p, (long)t.n);
        free(t.p);
        if (rc) {
            snprintf(err, errcap, "parameter $%s: %s", pn, kg_errmsg(db));
            return rc;
        }
    }
    return KG_OK;
}

/* Run every statement of q; the last one's rows from `offset`, at most `limit`
** of them, go into out as {"columns", "rows", "offset", "limit", "more"}.
** On error: the result code, with *msg (kg_errmsg or err) and *pos (byte
** offset in q, or -1). */
static int run_query(server *sv, const char *q, json_object *params, long offset, long limit,
                     buf *out, const char **msg, long *pos, char *err, size_t errcap)
{
    const char *s = q;
    int rc = KG_OK;
    *pos = -1;
    *msg = NULL;
    puts_(out, "{\"columns\":[],\"rows\":[]");
    while (*s) {
        kg_stmt *st;
        const char *tail;
        if ((rc = kg_prepare(sv->db, s, -1, &st, &tail))) {
            long o = kg_erroffset(sv->db);
            *pos = o >= 0 ? o + (long)(s - q) : -1;
            break;
        }
        if (!st) break;
        if ((rc = bind_params(sv->db, st, params, err, errcap))) {
            *msg = err;
            kg_finalize(st);
            break;
        }
        if (!sv->write && !kg_stmt_readonly(st)) {
            /* refused before it runs (the read-only handle would refuse it too) */
            rc = KG_READONLY;
            snprintf(err, errcap,
                     "this server is read-only: the statement writes and was not run, nothing "
                     "was changed (kg serve --write allows writes)");
            *msg = err;
            *pos = (long)(s - q);
            kg_finalize(st);
            break;
        }
        out->n = 0;
        puts_(out, "{\"columns\":[");
        int nc = kg_column_count(st);
        for (int i = 0; i < nc; i++) {
            if (i) puts_(out, ",");
            put_jstr(out, kg_column_name(st, i));
        }
        puts_(out, "],\"rows\":[");
        long seen = 0, sent = 0;
        int more = 0;
        while ((rc = kg_step(st)) == KG_ROW) {
            if (seen++ < offset) continue;
            if (sent == limit) {
                more = 1;
                break;
            }
            puts_(out, sent++ ? ",[" : "[");
            for (int i = 0; i < nc; i++) {
                size_t l;
                const char *v = kg_column_json(st, i, &l);
                if (i) puts_(out, ",");
                put(out, v ? v : "null", v ? l : 4);
            }
            puts_(out, "]");
        }
        printf_(out, "],\"offset\":%ld,\"limit\":%ld,\"more\":%s", offset, limit,
                more ? "true" : "false");
        /* a type or relation the database does not have: no rows, and why */
        const char *warn = kg_stmt_warning(st);
        if (warn) {
            puts_(out, ",\"warning\":");
            put_jstr(out, warn);
        }
        puts_(out, "}");
        if (rc == KG_ROW || rc == KG_DONE) rc = KG_OK;
        if (rc) {
            long o = kg_erroffset(sv->db);
            *pos = o >= 0 ? o + (long)(s - q) : -1;
        }
        kg_finalize(st);
        if (rc) break;
        s = tail;
    }
    if (rc && !*msg) {
        *msg = kg_errmsg(sv->db);
        if (rc == KG_READONLY) {
            snprintf(err, errcap,
                     "this server is read-only: nothing was changed (kg serve --write allows "
                     "writes; %s)",
                     *msg);
            *msg = err;
        }
    }
    return rc;
}

static enum MHD_Result api_query(server *sv, struct MHD_Connection *c, const char *body, size_t len)
{
    json_tokener *tok = json_tokener_new();
    if (!tok) return send_error(c, 500, "nomem", "out of memory", -1);
    json_object *req = json_tokener_parse_ex(tok, body ? body : "", (int)len);
    enum json_tokener_error je = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    char err[512];
    json_object *q = NULL, *params = NULL, *v;
    if (je != json_tokener_success || end != len) {
        snprintf(err, sizeof err, "the request is not JSON (at byte %zu: %s)", end,
                 je == json_tokener_success ? "text after the object"
                                            : json_tokener_error_desc(je));
        json_object_put(req);
        return send_error(c, 400, "json", err, -1);
    }
    if (!json_object_is_type(req, json_type_object) ||
        !json_object_object_get_ex(req, "query", &q) || !json_object_is_type(q, json_type_string)) {
        json_object_put(req);
        return send_error(c, 400, "json",
                          "the request must be {\"query\": \"...\", \"params\": {...}}", -1);
    }
    if (json_object_object_get_ex(req, "params", &params) &&
        !json_object_is_type(params, json_type_object) &&
        !json_object_is_type(params, json_type_null)) {
        json_object_put(req);
        return send_error(c, 400, "json", "\"params\" must be an object", -1);
    }
    long offset = 0, limit = sv->page_max;
    if (json_object_object_get_ex(req, "offset", &v)) offset = (long)json_object_get_int64(v);
    if (json_object_object_get_ex(req, "limit", &v)) limit = (long)json_object_get_int64(v);
    if (offset < 0 || limit < 0) {
        json_object_put(req);
        return send_error(c, 400, "json", "\"offset\" and \"limit\" must not be negative", -1);
    }
    if (limit > sv->page_max) limit = sv->page_max;
    buf b = {0};
    const char *msg;
    long pos;
    int rc = run_query(sv, json_object_get_string(q), params, offset, limit, &b, &msg, &pos, err,
                       sizeof err);
    json_object_put(req);
    if (rc) {
        free(b.p);
        return send_error(c, code_status(rc), code_word(rc), msg, pos);
    }
    return send_buf(c, 200, "application/json", &b, NULL);
}

/* Names: what the shell's {name: ...} resolves to (kg_resolve: aliases, then
** transliteration skeletons), then canonical names that contain the text. */
static enum MHD_Result api_search(server *sv, struct MHD_Connection *c)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
    if (!q || !*q) return send_error(c, 400, "invalid", "search needs ?q=NAME", -1);
    buf b = {0};
    kg_id ids[64], got[128];
    size_t n = 0, ngot = 0;
    kg_txn *t;
    puts_(&b, "{\"matches\":[");
    int rc = kg_begin(sv->db, KG_TXN_READ, &t);
    if (rc) {
        free(b.p);
        return send_error(c, code_status(rc), code_word(rc), kg_errmsg(sv->db), -1);
    }
    rc = kg_resolve(t, q, NULL, ids, 64, &n);
    if (rc == KG_OK)
        for (size_t i = 0; i < n && i < 64; i++) {
            kg_node nd;
            if (kg_node_get(t, ids[i], &nd)) continue;
            printf_(&b, "%s{\"id\":%llu,\"type\":", ngot ? "," : "", (unsigned long long)nd.id);
            put_jstr(&b, nd.type);
            puts_(&b, ",\"name\":");
            put_jstr(&b, nd.name);
            puts_(&b, ",\"match\":\"name\"}");
            got[ngot++] = nd.id;
        }
    kg_abort(t);
    kg_stmt *st;
    rc = kg_prepare(sv->db,
                    "MATCH (n) WHERE toLower(n.name) CONTAINS toLower($q) AND NOT n.type IN "
                    "['document', 'statement'] RETURN id(n), n.type, n.name ORDER BY size(n.name), "
                    "n.name LIMIT 30",
                    -1, &st, NULL);
    if (rc == KG_OK) rc = kg_bind_text(st, "q", q, -1);
    while (rc == KG_OK && kg_step(st) == KG_ROW) {
        kg_id id = (kg_id)kg_column_int(st, 0);
        size_t i;
        for (i = 0; i < ngot && got[i] != id; i++) {
        }
        if (i < ngot || ngot == 128) continue;
        got[ngot++] = id;
        printf_(&b, "%s{\"id\":%llu,\"type\":", ngot > 1 ? "," : "", (unsigned long long)id);
        put_jstr(&b, kg_column_text(st, 1, NULL));
        puts_(&b, ",\"name\":");
        put_jstr(&b, kg_column_text(st, 2, NULL));
        puts_(&b, ",\"match\":\"contains\"}");
    }
    kg_finalize(st);
    puts_(&b, "]}");
    return send_buf(c, 200, "application/json", &b, NULL);
}

static enum MHD_Result api_info(server *sv, struct MHD_Connection *c, const char *dbpath)
{
    buf b = {0};
    kg_txn *t;
    kg_stats s = {0};
    if (kg_begin(sv->db, KG_TXN_READ, &t) == KG_OK) {
        kg_stats_get(t, &s);
        kg_abort(t);
    }
    const char *base = strrchr(dbpath, '/');
    base = base && base[1] ? base + 1 : dbpath;
    puts_(&b, "{\"database\":");
    put_jstr(&b, base);
    printf_(&b, ",\"version\":\"%s\",\"write\":%s", kg_version(), sv->write ? "true" : "false");
    printf_(&b, ",\"page\":%ld,\"seconds\":%g,\"memory\":%zu", sv->page_max, sv->seconds,
            sv->memory);
    printf_(&b, ",\"nodes\":%llu,\"relations\":%llu,\"documents\":%llu}",
            (unsigned long long)s.nodes, (unsigned long long)s.edges, (unsigned long long)s.docs);
    return send_buf(c, 200, "application/json", &b, NULL);
}

/* ---------------------------------------------------------------- the handler */

typedef struct request {
    buf body;
    int too_big;
} request;

static const char *dbpath_;

static enum MHD_Result static_file(struct MHD_Connection *c, const char *url, const char *cookie)
{
    if (!strcmp(url, "/index.html")) url = "/";
    for (const kg_web_file *f = kg_web_files; f->url; f++) {
        if (strcmp(f->url, url)) continue;
        const char *type = !strcmp(url, "/")             ? "text/html; charset=utf-8"
                           : strstr(url, ".js") != NULL  ? "text/javascript; charset=utf-8"
                           : strstr(url, ".css") != NULL ? "text/css; charset=utf-8"
                                                         : "application/octet-stream";
        buf b = {0};
        put(&b, (const char *)f->data, f->size);
        return send_buf(c, 200, type, &b, cookie);
    }
    return send_error(c, 404, "notfound", "no such page", -1);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    server *sv = cls;
    request *r = *con_cls;
    if (!r) {
        if (!(r = calloc(1, sizeof *r))) return MHD_NO;
        *con_cls = r;
        return MHD_YES;
    }
    if (*upload_size) {
        if (r->body.n + *upload_size > BODY_MAX)
            r->too_big = 1;
        else
            put(&r->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    const char *why = host_refused(sv, c);
    if (why) return send_error(c, MHD_HTTP_FORBIDDEN, "host", why, -1);
    int from_url;
    if (!authorised(sv, c, &from_url)) {
        if (strncmp(url, "/api/", 5) && !strcmp(method, "GET")) {
            buf b = {0};
            puts_(&b, "<!doctype html><meta charset=utf-8><title>kg serve</title><p>This page "
                      "needs the token: open the URL <code>kg serve</code> printed.</p>\n");
            return send_buf(c, MHD_HTTP_UNAUTHORIZED, "text/html; charset=utf-8", &b, NULL);
        }
        return send_error(c, MHD_HTTP_UNAUTHORIZED, "token",
                          "this server needs its token (the URL kg serve printed, or "
                          "Authorization: Bearer TOKEN)",
                          -1);
    }
    if (r->too_big) return send_error(c, 413, "toobig", "the request is too large", -1);
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (!strcmp(url, "/api/query")) {
        if (strcmp(method, "POST"))
            return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method", "POST a JSON object", -1);
        return api_query(sv, c, r->body.p, r->body.n);
    }
    if (!get) return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method", "GET only here", -1);
    if (!strcmp(url, "/api/search")) return api_search(sv, c);
    if (!strcmp(url, "/api/info")) return api_info(sv, c, dbpath_);
    if (!strncmp(url, "/api/", 5)) return send_error(c, 404, "notfound", "no such API call", -1);
    char cookie[128];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict", sv->cookie,
             sv->token);
    if (from_url) {
        /* the token leaves the address bar: a cookie from now on (the
        ** browser keeps the #fragment across the redirect) */
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        if (!resp) return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, url);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_FOUND, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    return static_file(c, url, NULL);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    request *r = *con_cls;
    if (r) {
        free(r->body.p);
        free(r);
        *con_cls = NULL;
    }
}

/* ---------------------------------------------------------------- kg serve */

static int usage(void)
{
    fprintf(stderr, "usage: kg serve DB [--port N] [--listen ADDR] [--write] [--page ROWS]\n"
                    "                [--timeout SECONDS] [--max-memory MB]\n");
    return 2;
}

int kg_cli_serve(int argc, char **argv)
{
    server sv = {0};
    sv.listen = "127.0.0.1";
    sv.port = 8470;
    sv.page_max = 1000;
    sv.seconds = 10;
    sv.memory = (size_t)512 << 20;
    const char *dbpath = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(a, "--write"))
            sv.write = 1;
        else if (!strcmp(a, "--listen") && v)
            sv.listen = v, i++;
        else if (!strcmp(a, "--port") && v) {
            unsigned long p = strtoul(v, &end, 10);
            if (*end || !*v || p > 65535) return usage();
            sv.port = (unsigned)p, i++;
        } else if (!strcmp(a, "--page") && v) {
            sv.page_max = strtol(v, &end, 10), i++;
            if (*end || sv.page_max < 1) return usage();
        } else if (!strcmp(a, "--timeout") && v) {
            sv.seconds = strtod(v, &end), i++;
            if (*end || !(sv.seconds > 0)) return usage();
        } else if (!strcmp(a, "--max-memory") && v) {
            double mb = strtod(v, &end);
            i++;
            if (*end || !(mb > 0)) return usage();
            sv.memory = (size_t)(mb * 1048576.0);
        } else if (a[0] != '-' && !dbpath)
            dbpath = a;
        else
            return usage();
    }
    if (!dbpath) return usage();

    /* the address: numeric only (a name could resolve anywhere) */
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(sv.listen, NULL, &hints, &ai) || !ai) {
        fprintf(stderr, "kg: serve: --listen takes a numeric address (127.0.0.1, ::1, 0.0.0.0)\n");
        return 2;
    }
    struct sockaddr_storage sa;
    memcpy(&sa, ai->ai_addr, ai->ai_addrlen);
    int v6 = ai->ai_family == AF_INET6;
    freeaddrinfo(ai);
    if (v6)
        ((struct sockaddr_in6 *)&sa)->sin6_port = htons((uint16_t)sv.port);
    else
        ((struct sockaddr_in *)&sa)->sin_port = htons((uint16_t)sv.port);

    unsigned char rnd[16];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
        fprintf(stderr, "kg: serve: no random bytes for the token\n");
        return 1;
    }
    for (int i = 0; i < 16; i++)
        snprintf(sv.token + 2 * i, 3, "%02x", rnd[i]);

    int rc = kg_open(dbpath, sv.write ? 0 : KG_OPEN_READONLY, NULL, &sv.db);
    if (rc) {
        fprintf(stderr, "kg: error: %s\n", kg_errmsg(sv.db));
        kg_close(sv.db);
        return 1;
    }
    if (sv.write) kg_cli_test_hook(sv.db);
    kg_limits lim = {0};
    lim.max_seconds = sv.seconds;
    lim.max_memory = sv.memory;
    kg_set_limits(sv.db, &lim);
    dbpath_ = dbpath;

    /* SIGINT and SIGTERM are waited for below, by this thread only */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | (v6 ? MHD_USE_IPv6 : 0), (uint16_t)sv.port, NULL, NULL,
        handle, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED,
        completed, NULL, MHD_OPTION_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)60, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "kg: serve: cannot listen on %s port %u (in use? try --port)\n", sv.listen,
                sv.port);
        kg_close(sv.db);
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (di && di->port) sv.port = di->port;
    snprintf(sv.cookie, sizeof sv.cookie, "kg_token_%u", sv.port);
    /* a wildcard address is reached as localhost from this machine */
    const char *show =
        strcmp(sv.listen, "0.0.0.0") && strcmp(sv.listen, "::") ? sv.listen : "localhost";
    printf(v6 && strcmp(show, "localhost") ? "http://[%s]:%u/?token=%s\n"
                                           : "http://%s:%u/?token=%s\n",
           show, sv.port, sv.token);
    fflush(stdout);
    fprintf(stderr, "kg: serving %s%s on %s port %u; open the URL above (Ctrl-C stops)\n", dbpath,
            sv.write ? " (writes allowed)" : " read-only", sv.listen, sv.port);
    int sig;
    sigwait(&sigs, &sig);
    MHD_stop_daemon(d);
    kg_close(sv.db);
    return 0;
}
