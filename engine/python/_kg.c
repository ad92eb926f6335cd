/*
** _kg.c -- kg._kg, the C half of the Python package kg (engine/python/kg):
** a database handle and statements over libkg's API (kg.h), rows turned into
** Python values here in C, a batch at a time (fetch(n)), so a row costs no
** Python-level call per value. The DB-API shape, the exceptions and the
** node, relationship and path objects are in kg/__init__.py, which hands
** this module two callables at import (_kg.init): make_error(code, message,
** offset) builds the exception to raise, decode(type, json) turns the JSON of
** a node, relationship, path, list or map (kg_column_json, the values `kg
** query --format json` prints) into Python objects.
**
** A handle is used by one thread at a time (kg.h); the Python layer checks
** the thread as sqlite3 does. The GIL is released while a statement is
** prepared and during its first step (where a write, a sort or an
** aggregation does its work), not for the later steps, which are short.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>

#include "kg.h"

#include <string.h>

static PyObject *make_error; /* callable(code, message, offset) -> exception */
static PyObject *decode;     /* callable(type, json text) -> value */
static PyObject *encode;     /* callable(value) -> JSON text, for list and map parameters */

/* Set the Python exception for result code rc with db's message; base is
** added to kg_erroffset (the statement's start in the text given). */
static PyObject *fail_at(kg_db *db, int rc, const char *msg, long base)
{
    if (PyErr_Occurred()) return NULL;
    if (!make_error) {
        PyErr_SetString(PyExc_RuntimeError, msg ? msg : kg_errstr(rc));
        return NULL;
    }
    PyObject *e =
        PyObject_CallFunction(make_error, "isl", rc,
                              msg  ? msg
                              : db ? kg_errmsg(db)
                                   : kg_errstr(rc),
                              msg || !db || kg_erroffset(db) < 0 ? -1L : kg_erroffset(db) + base);
    if (e) {
        PyErr_SetObject((PyObject *)Py_TYPE(e), e);
        Py_DECREF(e);
    }
    return NULL;
}

static PyObject *fail(kg_db *db, int rc, const char *msg)
{
    return fail_at(db, rc, msg, 0);
}

/* ---------------------------------------------------------------- Db */

typedef struct Stmt Stmt;

typedef struct {
    PyObject_HEAD kg_db *db;
    Stmt *stmts;               /* its statements with a kg_stmt, which kg_close would free */
    unsigned long long writes; /* statements run that write (kg_stmt_readonly 0) */
} Db;

struct Stmt {
    PyObject_HEAD Db *owner;
    Stmt *next, **prevp; /* in owner->stmts while st is set */
    kg_stmt *st;
    int ncols;
    int row_ready;  /* a row is current and not yet fetched */
    PyObject *kept; /* rows read ahead (keep_rows), served first; or NULL */
    Py_ssize_t kept_at;
    int done; /* stepped to the end (st finalized) */
    PyObject *columns;
    PyObject *warning; /* kg_stmt_warning as text, or None */
};

static PyTypeObject DbType, StmtType;

static void forget_stmts(Db *self);

static void db_dealloc(Db *self)
{
    forget_stmts(self);
    kg_close(self->db);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int db_init(Db *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"path", "flags", NULL};
    const char *path;
    unsigned flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s|I", names, &path, &flags)) return -1;
    kg_db *db = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS rc = kg_open(path, flags, NULL, &db);
    Py_END_ALLOW_THREADS if (rc)
    {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", db ? kg_errmsg(db) : kg_errstr(rc));
        kg_close(db);
        fail(NULL, rc, msg);
        return -1;
    }
    kg_close(self->db);
    self->db = db;
    return 0;
}

static int need_open(Db *self)
{
    if (self->db) return 0;
    fail(NULL, KG_MISUSE, "the connection is closed");
    return -1;
}

static PyObject *db_close(Db *self, PyObject *unused)
{
    forget_stmts(self);
    kg_close(self->db);
    self->db = NULL;
    Py_RETURN_NONE;
}

static PyObject *db_interrupt(Db *self, PyObject *unused)
{
    if (self->db) kg_interrupt(self->db);
    Py_RETURN_NONE;
}

static PyObject *db_set_limits(Db *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"max_seconds", "max_memory", "max_rows", "max_path_length", NULL};
    kg_limits l = {0};
    unsigned long long rows = 0, mem = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|dKKI", names, &l.max_seconds, &mem, &rows,
                                     &l.max_path_length))
        return NULL;
    if (need_open(self)) return NULL;
    l.max_memory = (size_t)mem;
    l.max_rows = rows;
    kg_set_limits(self->db, &l);
    Py_RETURN_NONE;
}

/* days since 1970-01-01 to a civil date (H. Hinnant's algorithm) */
static void civil(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Bind $name to a Python value. */
static int bind_one(Db *self, kg_stmt *st, const char *name, PyObject *v)
{
    int rc;
    if (v == Py_None)
        rc = kg_bind_null(st, name);
    else if (PyBool_Check(v))
        rc = kg_bind_json(st, name, v == Py_True ? "true " : "false ", -1);
    else if (PyLong_Check(v)) {
        int over;
        long long i = PyLong_AsLongLongAndOverflow(v, &over);
        if (over) {
            fail(NULL, KG_RANGE, "an integer parameter does not fit in 64 bits");
            return -1;
        }
        rc = kg_bind_int(st, name, i);
    } else if (PyFloat_Check(v))
        rc = kg_bind_double(st, name, PyFloat_AS_DOUBLE(v));
    else if (PyUnicode_Check(v)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(v, &n);
        if (!s) return -1;
        rc = kg_bind_text(st, name, s, (long)n);
    } else if (PyDate_Check(v) && !PyDateTime_Check(v))
        rc = kg_bind_date(st, name,
                          (int32_t)days_from_civil(PyDateTime_GET_YEAR(v), PyDateTime_GET_MONTH(v),
                                                   PyDateTime_GET_DAY(v)));
    else {
        /* lists, tuples, maps: as JSON, through the library's own reading */
        PyObject *j = encode ? PyObject_CallFunctionObjArgs(encode, v, NULL) : NULL;
        if (!j) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "unsupported parameter type");
            return -1;
        }
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(j, &n);
        rc = s ? kg_bind_json(st, name, s, (long)n) : KG_NOMEM;
        Py_DECREF(j);
        if (!s) return -1;
    }
    if (rc) {
        fail(self->db, rc, NULL);
        return -1;
    }
    return 0;
}

static int bind_all(Db *self, kg_stmt *st, PyObject *params)
{
    for (int i = 0; i < kg_param_count(st); i++) {
        const char *pn = kg_param_name(st, i);
        PyObject *v = params && params != Py_None ? PyMapping_GetItemString(params, pn) : NULL;
        if (!v) {
            PyErr_Clear();
            char msg[300];
            snprintf(msg, sizeof msg, "parameter $%s is not given", pn);
            fail(NULL, KG_MISUSE, msg);
            return -1;
        }
        int r = bind_one(self, st, pn, v);
        Py_DECREF(v);
        if (r) return -1;
    }
    return 0;
}

/* Only blanks and comments left? */
static int blank(const char *s)
{
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';')
            s++;
        if (s[0] == '/' && s[1] == '/') {
            while (*s && *s != '\n')
                s++;
            continue;
        }
        return *s == 0;
    }
}

static void stmt_finish(Stmt *s)
{
    if (s->st) {
        kg_finalize(s->st);
        s->st = NULL;
        *s->prevp = s->next;
        if (s->next) s->next->prevp = s->prevp;
    }
    s->row_ready = 0;
    s->done = 1;
}

/* Finalize every statement of the handle (before kg_close, which would free
** them under the Stmt objects' feet). */
static void forget_stmts(Db *self)
{
    while (self->stmts)
        stmt_finish(self->stmts);
}

static PyObject *fetch_rows(Stmt *s, Py_ssize_t want);

/* A statement that writes cannot start while another statement of the handle
** holds its read transaction (kg_step): the other statements' rows left are
** read now (the state they were reading, as they would have given them) and
** kept for their fetches, and the statements finalized. */
static int keep_rows(Db *self)
{
    while (self->stmts) {
        Stmt *o = self->stmts;
        PyObject *rest = fetch_rows(o, -1); /* kept rows first, then the statement's */
        if (!rest) return -1;
        Py_XSETREF(o->kept, rest);
        o->kept_at = 0;
        stmt_finish(o); /* fetch_rows finished it unless an error came */
    }
    return 0;
}

/* execute(query, params) -> Stmt: every statement but the last is run to its
** end; the last one is prepared, bound and stepped once, so that a write is
** done and an error raised here, as sqlite3's execute does. */
static PyObject *db_execute(Db *self, PyObject *args)
{
    const char *q;
    PyObject *params = Py_None;
    if (!PyArg_ParseTuple(args, "s|O", &q, &params)) return NULL;
    if (need_open(self)) return NULL;
    const char *q0 = q; /* error offsets count from here */
    for (;;) {
        kg_stmt *st = NULL;
        const char *tail = NULL;
        int rc;
        Py_BEGIN_ALLOW_THREADS rc = kg_prepare(self->db, q, -1, &st, &tail);
        Py_END_ALLOW_THREADS if (rc) return fail_at(self->db, rc, NULL, (long)(q - q0));
        if (st && bind_all(self, st, params)) {
            kg_finalize(st);
            return NULL;
        }
        if (st && !kg_stmt_readonly(st)) {
            self->writes++;
            if (keep_rows(self)) {
                kg_finalize(st);
                return NULL;
            }
        }
        if (st && tail && !blank(tail)) {
            /* not the last statement: run it through */
            Py_BEGIN_ALLOW_THREADS while ((rc = kg_step(st)) == KG_ROW);
            Py_END_ALLOW_THREADS if (rc != KG_DONE)
            {
                fail_at(self->db, rc, NULL, (long)(q - q0));
                kg_finalize(st);
                return NULL;
            }
            kg_finalize(st);
            q = tail;
            continue;
        }
        Stmt *s = PyObject_New(Stmt, &StmtType);
        if (!s) {
            kg_finalize(st);
            return NULL;
        }
        Py_INCREF(self);
        s->owner = self;
        s->st = st;
        s->next = NULL;
        s->prevp = &s->next;
        if (st) {
            s->next = self->stmts;
            if (s->next) s->next->prevp = &s->next;
            s->prevp = &self->stmts;
            self->stmts = s;
        }
        s->ncols = st ? kg_column_count(st) : 0;
        s->row_ready = 0;
        s->kept = NULL;
        s->kept_at = 0;
        s->done = st == NULL;
        s->warning = NULL;
        s->columns = PyTuple_New(s->ncols);
        if (!s->columns) {
            Py_DECREF(s);
            return NULL;
        }
        for (int i = 0; i < s->ncols; i++) {
            PyObject *n = PyUnicode_FromString(kg_column_name(st, i));
            if (!n) {
                Py_DECREF(s);
                return NULL;
            }
            PyTuple_SET_ITEM(s->columns, i, n);
        }
        const char *warn = st ? kg_stmt_warning(st) : NULL;
        s->warning = warn ? PyUnicode_FromString(warn) : Py_NewRef(Py_None);
        if (!s->warning) {
            Py_DECREF(s);
            return NULL;
        }
        if (st) {
            Py_BEGIN_ALLOW_THREADS rc = kg_step(st);
            Py_END_ALLOW_THREADS if (rc == KG_ROW) s->row_ready = 1;
            else if (rc == KG_DONE) stmt_finish(s);
            else
            {
                fail_at(self->db, rc, NULL, (long)(q - q0));
                stmt_finish(s);
                Py_DECREF(s);
                return NULL;
            }
        }
        return (PyObject *)s;
    }
}

static PyMethodDef db_methods[] = {
    {"close", (PyCFunction)db_close, METH_NOARGS, "close the handle"},
    {"execute", (PyCFunction)db_execute, METH_VARARGS, "execute(query, params) -> statement"},
    {"interrupt", (PyCFunction)db_interrupt, METH_NOARGS, "stop running statements (kg_interrupt)"},
    {"set_limits", (PyCFunction)(void (*)(void))db_set_limits, METH_VARARGS | METH_KEYWORDS,
     "set_limits(max_seconds, max_memory, max_rows, max_path_length); 0 keeps a value"},
    {NULL, NULL, 0, NULL}};

static PyObject *db_writes(Db *self, void *unused)
{
    return PyLong_FromUnsignedLongLong(self->writes);
}

static PyGetSetDef db_getset[] = {
    {"writes", (getter)db_writes, NULL, "statements run that write", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject DbType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "kg._kg.Db",
    .tp_basicsize = sizeof(Db),
    .tp_dealloc = (destructor)db_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Db(path, flags): an open kg database (kg_open)",
    .tp_methods = db_methods,
    .tp_getset = db_getset,
    .tp_init = (initproc)db_init,
    .tp_new = PyType_GenericNew,
};

/* ---------------------------------------------------------------- Stmt */

static void stmt_dealloc(Stmt *s)
{
    stmt_finish(s);
    Py_XDECREF(s->kept);
    Py_XDECREF(s->columns);
    Py_XDECREF(s->warning);
    Py_XDECREF(s->owner);
    PyObject_Free(s);
}

/* Column i of the current row as a Python value. */
static PyObject *value(Stmt *s, int i)
{
    kg_stmt *st = s->st;
    kg_type t = kg_column_type(st, i);
    switch (t) {
    case KG_NULL:
        Py_RETURN_NONE;
    case KG_INT:
        return PyLong_FromLongLong(kg_column_int(st, i));
    case KG_FLOAT:
        return PyFloat_FromDouble(kg_column_double(st, i));
    case KG_BOOL:
        return PyBool_FromLong((long)kg_column_int(st, i));
    case KG_TEXT: {
        size_t n;
        const char *p = kg_column_text(st, i, &n);
        return PyUnicode_DecodeUTF8(p ? p : "", p ? (Py_ssize_t)n : 0, "replace");
    }
    case KG_DATE: {
        int y, m, d;
        civil(kg_column_int(st, i), &y, &m, &d);
        return PyDate_FromDate(y, m, d);
    }
    default: {
        size_t n;
        const char *p = kg_column_json(st, i, &n);
        if (!p) return fail(s->owner->db, KG_NOMEM, NULL);
        if (!decode) return PyUnicode_DecodeUTF8(p, (Py_ssize_t)n, "replace");
        PyObject *j = PyUnicode_DecodeUTF8(p, (Py_ssize_t)n, "replace");
        if (!j) return NULL;
        PyObject *v = PyObject_CallFunction(decode, "iO", (int)t, j);
        Py_DECREF(j);
        return v;
    }
    }
}

/* Up to `want` rows (tuples; want < 0: every row left): the kept ones, then
** the statement's. */
static PyObject *fetch_rows(Stmt *s, Py_ssize_t want)
{
    PyObject *out;
    if (s->kept) {
        Py_ssize_t have = PyList_GET_SIZE(s->kept) - s->kept_at;
        Py_ssize_t k = want < 0 || want > have ? have : want;
        out = PyList_GetSlice(s->kept, s->kept_at, s->kept_at + k);
        if (!out) return NULL;
        s->kept_at += k;
        if (s->kept_at == PyList_GET_SIZE(s->kept)) Py_CLEAR(s->kept);
    } else if (!(out = PyList_New(0)))
        return NULL;
    while (want < 0 || PyList_GET_SIZE(out) < want) {
        if (!s->row_ready) {
            if (s->done) break;
            int rc = kg_step(s->st);
            if (rc == KG_DONE) {
                stmt_finish(s);
                break;
            }
            if (rc != KG_ROW) {
                fail(s->owner->db, rc, NULL);
                stmt_finish(s);
                Py_DECREF(out);
                return NULL;
            }
            s->row_ready = 1;
        }
        PyObject *row = PyTuple_New(s->ncols);
        if (!row) goto bad;
        for (int i = 0; i < s->ncols; i++) {
            PyObject *v = value(s, i);
            if (!v) {
                Py_DECREF(row);
                goto bad;
            }
            PyTuple_SET_ITEM(row, i, v);
        }
        s->row_ready = 0;
        int r = PyList_Append(out, row);
        Py_DECREF(row);
        if (r) goto bad;
    }
    return out;
bad:
    Py_DECREF(out);
    return NULL;
}

/* fetch(n) -> list of up to n rows (tuples); n < 0: every row left. */
static PyObject *stmt_fetch(Stmt *s, PyObject *args)
{
    Py_ssize_t want = -1;
    if (!PyArg_ParseTuple(args, "|n", &want)) return NULL;
    return fetch_rows(s, want);
}

static PyObject *stmt_close(Stmt *s, PyObject *unused)
{
    if (s->st) stmt_finish(s);
    Py_RETURN_NONE;
}

static PyObject *stmt_columns(Stmt *s, void *unused)
{
    Py_INCREF(s->columns);
    return s->columns;
}

static PyObject *stmt_warning(Stmt *s, void *unused)
{
    return Py_NewRef(s->warning ? s->warning : Py_None);
}

static PyObject *stmt_done(Stmt *s, void *unused)
{
    return PyBool_FromLong(s->done && !s->row_ready && !s->kept);
}

static PyMethodDef stmt_methods[] = {
    {"fetch", (PyCFunction)stmt_fetch, METH_VARARGS, "fetch(n=-1) -> list of row tuples"},
    {"close", (PyCFunction)stmt_close, METH_NOARGS, "finalize the statement"},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef stmt_getset[] = {
    {"columns", (getter)stmt_columns, NULL, "column names", NULL},
    {"done", (getter)stmt_done, NULL, "no row left", NULL},
    {"warning", (getter)stmt_warning, NULL, "kg_stmt_warning, or None", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject StmtType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "kg._kg.Stmt",
    .tp_basicsize = sizeof(Stmt),
    .tp_dealloc = (destructor)stmt_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a running statement (Db.execute)",
    .tp_methods = stmt_methods,
    .tp_getset = stmt_getset,
};

/* ---------------------------------------------------------------- module */

static PyObject *mod_init(PyObject *m, PyObject *args)
{
    PyObject *e, *d, *j;
    if (!PyArg_ParseTuple(args, "OOO", &e, &d, &j)) return NULL;
    Py_XSETREF(make_error, Py_NewRef(e));
    Py_XSETREF(decode, Py_NewRef(d));
    Py_XSETREF(encode, Py_NewRef(j));
    Py_RETURN_NONE;
}

static PyObject *mod_version(PyObject *m, PyObject *unused)
{
    return PyUnicode_FromString(kg_version());
}

static PyMethodDef mod_methods[] = {
    {"init", mod_init, METH_VARARGS, "init(make_error, decode, encode)"},
    {"version", mod_version, METH_NOARGS, "the library's version"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, .m_name = "kg._kg",
                                    .m_doc = "libkg for the kg package (engine/python)",
                                    .m_size = -1, .m_methods = mod_methods};

PyMODINIT_FUNC PyInit__kg(void)
{
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) return NULL;
    if (PyType_Ready(&DbType) < 0 || PyType_Ready(&StmtType) < 0) return NULL;
    PyObject *m = PyModule_Create(&moddef);
    if (!m) return NULL;
    Py_INCREF(&DbType);
    if (PyModule_AddObject(m, "Db", (PyObject *)&DbType) < 0) {
        Py_DECREF(&DbType);
        Py_DECREF(m);
        return NULL;
    }
    PyModule_AddIntConstant(m, "OPEN_CREATE", KG_OPEN_CREATE);
    PyModule_AddIntConstant(m, "OPEN_READONLY", KG_OPEN_READONLY);
    return m;
}
