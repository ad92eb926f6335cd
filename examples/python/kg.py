"""kg.py -- libkg from Python with only the standard library (ctypes).

    import kg
    db = kg.open("news.kg", lib="build/engine/libkg.so")   # or KG_LIB=... in the environment
    for row in db.query("MATCH (a)-[:attacked]->(b {name: $t}) RETURN a.name", t="Camp Taji"):
        print(row)                    # a tuple of Python values
    print(db.query_json("SHOW RELATIONS"))   # {"columns": [...], "rows": [[...], ...]}
    db.close()

Wraps kg_open/kg_close, kg_prepare, kg_bind_*, kg_step, kg_column_*, kg_finalize
and kg_query_json from engine/kg.h. Values come back as int, float, str, bool,
datetime.date, None, or (lists, maps, paths) decoded JSON. Errors raise
kg.Error with the library's code, message and query byte offset.

The shared library is found, in order, from the `lib` argument, the KG_LIB
environment variable (a file), KG_BUILD (a build directory: engine/libkg.so
under it), then the system's library path (ctypes.util.find_library).
"""
import ctypes
import ctypes.util
import datetime
import json
import os

__all__ = ["open", "Database", "Error", "load_library"]

# Result codes and value types from kg.h.
OK, RANGE, ROW, DONE = 0, 16, 100, 101
OPEN_CREATE, OPEN_READONLY = 0x1, 0x2
NULL, INT, FLOAT, TEXT, BOOL, DATE, NODE, EDGE, LIST, PATH, MAP = range(11)
_EPOCH = datetime.date(1970, 1, 1)


class Error(Exception):
    """A libkg error: .code (kg.h result code), .message, .offset (-1 if none)."""

    def __init__(self, code, message, offset=-1):
        where = " (at byte %d of the query)" % offset if offset >= 0 else ""
        super().__init__("%s%s" % (message, where))
        self.code, self.message, self.offset = code, message, offset


_lib = None


def load_library(path=None):
    """Load libkg once; later calls return the same handle."""
    global _lib
    if _lib is not None:
        return _lib
    candidates = []
    if path:
        candidates.append(path)
    if os.environ.get("KG_LIB"):
        candidates.append(os.environ["KG_LIB"])
    if os.environ.get("KG_BUILD"):
        candidates.append(os.path.join(os.environ["KG_BUILD"], "engine", "libkg.so"))
    found = ctypes.util.find_library("kg")
    if found:
        candidates.append(found)
    if not candidates:
        raise OSError("libkg not found: pass lib=PATH, or set KG_LIB to libkg.so or KG_BUILD to a build directory")
    lib = ctypes.CDLL(candidates[0])
    _declare(lib)
    _lib = lib
    return lib


def _declare(lib):
    c_db, c_st = ctypes.c_void_p, ctypes.c_void_p
    sig = {
        "kg_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_uint, ctypes.c_void_p, ctypes.POINTER(c_db)]),
        "kg_close": (None, [c_db]),
        "kg_errmsg": (ctypes.c_char_p, [c_db]),
        "kg_erroffset": (ctypes.c_long, [c_db]),
        "kg_errstr": (ctypes.c_char_p, [ctypes.c_int]),
        "kg_version": (ctypes.c_char_p, []),
        "kg_prepare": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.c_long, ctypes.POINTER(c_st),
                                      ctypes.POINTER(ctypes.c_void_p)]),
        "kg_bind_null": (ctypes.c_int, [c_st, ctypes.c_char_p]),
        "kg_bind_int": (ctypes.c_int, [c_st, ctypes.c_char_p, ctypes.c_int64]),
        "kg_bind_double": (ctypes.c_int, [c_st, ctypes.c_char_p, ctypes.c_double]),
        "kg_bind_text": (ctypes.c_int, [c_st, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_long]),
        "kg_bind_date": (ctypes.c_int, [c_st, ctypes.c_char_p, ctypes.c_int32]),
        "kg_step": (ctypes.c_int, [c_st]),
        "kg_column_count": (ctypes.c_int, [c_st]),
        "kg_column_name": (ctypes.c_char_p, [c_st, ctypes.c_int]),
        "kg_column_type": (ctypes.c_int, [c_st, ctypes.c_int]),
        "kg_column_int": (ctypes.c_int64, [c_st, ctypes.c_int]),
        "kg_column_double": (ctypes.c_double, [c_st, ctypes.c_int]),
        "kg_column_text": (ctypes.c_void_p, [c_st, ctypes.c_int, ctypes.POINTER(ctypes.c_size_t)]),
        "kg_column_json": (ctypes.c_void_p, [c_st, ctypes.c_int, ctypes.POINTER(ctypes.c_size_t)]),
        "kg_reset": (ctypes.c_int, [c_st]),
        "kg_finalize": (None, [c_st]),
        "kg_query_json": (ctypes.c_int, [c_db, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
        "kg_free": (None, [ctypes.c_void_p]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args


def _text(fn, st, i):
    """Borrowed bytes copied at once (the next column call may reuse them)."""
    n = ctypes.c_size_t(0)
    p = fn(st, i, ctypes.byref(n))
    return ctypes.string_at(p, n.value).decode("utf-8") if p else ""


class Database:
    """An open kg database (a directory). Use as a context manager or close()."""

    def __init__(self, path, readonly=True, create=False, lib=None):
        self._lib = load_library(lib)
        flags = (OPEN_READONLY if readonly else 0) | (OPEN_CREATE if create else 0)
        h = ctypes.c_void_p()
        rc = self._lib.kg_open(os.fsencode(path), flags, None, ctypes.byref(h))
        self._db = h
        if rc != OK:
            msg = self._lib.kg_errmsg(h).decode() if h else self._lib.kg_errstr(rc).decode()
            self.close()
            raise Error(rc, "%s: %s" % (path, msg))

    def close(self):
        if self._db:
            self._lib.kg_close(self._db)
            self._db = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _error(self, rc, shift=0):
        off = self._lib.kg_erroffset(self._db)
        return Error(rc, self._lib.kg_errmsg(self._db).decode(), off + shift if off >= 0 else off)

    def _bind(self, st, name, v):
        lib, key = self._lib, name.encode()
        if v is None:
            rc = lib.kg_bind_null(st, key)
        elif isinstance(v, bool):
            rc = lib.kg_bind_int(st, key, int(v))
        elif isinstance(v, int):
            rc = lib.kg_bind_int(st, key, v)
        elif isinstance(v, float):
            rc = lib.kg_bind_double(st, key, v)
        elif isinstance(v, datetime.date):
            rc = lib.kg_bind_date(st, key, (v - _EPOCH).days)
        else:
            b = str(v).encode("utf-8")
            rc = lib.kg_bind_text(st, key, b, len(b))
        if rc != OK:
            raise Error(rc, "cannot bind $%s: %s" % (name, lib.kg_errstr(rc).decode()))

    def _value(self, st, i):
        lib = self._lib
        t = lib.kg_column_type(st, i)
        if t == NULL:
            return None
        if t == INT:
            return lib.kg_column_int(st, i)
        if t == BOOL:
            return bool(lib.kg_column_int(st, i))
        if t == FLOAT:
            return lib.kg_column_double(st, i)
        if t == DATE:
            return _EPOCH + datetime.timedelta(days=lib.kg_column_int(st, i))
        if t in (LIST, MAP, PATH):
            return json.loads(_text(lib.kg_column_json, st, i))
        return _text(lib.kg_column_text, st, i)  # text, node and relation names

    def query(self, text, **params):
        """Run every statement of `text` with parameters `params` ($name in the
        query); yield the rows of the last statement as tuples of values.
        A parameter no statement uses is ignored."""
        return self._run(text, params, with_columns=False)

    def columns_and_rows(self, text, **params):
        """(column names, list of row tuples) of the last statement of `text`."""
        it = self._run(text, params, with_columns=True)
        cols = next(it)
        return cols, list(it)

    def _run(self, text, params, with_columns):
        """Statements run one at a time, each finalized before the next is
        prepared (a write needs the handle's other statements finished)."""
        lib = self._lib
        buf = ctypes.create_string_buffer(text.encode("utf-8"))
        base = ctypes.addressof(buf)
        pos, end = base, base + len(buf.value)
        pending = None  # the last non-empty statement, run after the loop
        try:
            while pos < end:
                st, tail = ctypes.c_void_p(), ctypes.c_void_p()
                rc = lib.kg_prepare(self._db, ctypes.c_char_p(pos), end - pos, ctypes.byref(st), ctypes.byref(tail))
                if rc != OK:
                    raise self._error(rc, pos - base)  # offsets count from the whole text
                pos = tail.value if tail.value and tail.value > pos else end
                if not st.value:
                    continue
                if pending is not None:  # an earlier statement: run it to the end
                    self._drain(pending)
                    lib.kg_finalize(pending)
                    pending = None
                for name, v in params.items():
                    self._bind_if_used(st, name, v)
                if self._more(pos, end):
                    self._drain(st)
                    lib.kg_finalize(st)
                else:
                    pending = st
            if pending is None:
                return
            n = lib.kg_column_count(pending)
            if with_columns:
                yield tuple(lib.kg_column_name(pending, i).decode() for i in range(n))
            while (rc := lib.kg_step(pending)) == ROW:
                yield tuple(self._value(pending, i) for i in range(n))
            if rc != DONE:
                raise self._error(rc)
        finally:
            if pending is not None:
                lib.kg_finalize(pending)

    def _more(self, pos, end):
        """Is there anything but blanks and comments after `pos`? Asks kg_prepare."""
        if pos >= end:
            return False
        st = ctypes.c_void_p()
        rc = self._lib.kg_prepare(self._db, ctypes.c_char_p(pos), end - pos, ctypes.byref(st), None)
        if st.value:
            self._lib.kg_finalize(st)
        return rc != OK or bool(st.value)

    def _drain(self, st):
        while (rc := self._lib.kg_step(st)) == ROW:
            pass
        if rc != DONE:
            raise self._error(rc)

    def _bind_if_used(self, st, name, v):
        try:
            self._bind(st, name, v)
        except Error as e:
            if e.code != RANGE:  #: this statement does not use the parameter
                raise

    def query_json(self, text, params=None):
        """kg_query_json: run `text` with `params` (a dict) and return the decoded
        {"columns": [...], "rows": [...]} of the last statement."""
        out = ctypes.c_void_p()
        p = json.dumps(params).encode() if params else None
        rc = self._lib.kg_query_json(self._db, text.encode("utf-8"), p, ctypes.byref(out))
        if rc != OK:
            raise self._error(rc)
        try:
            return json.loads(ctypes.string_at(out.value).decode("utf-8"))
        finally:
            self._lib.kg_free(out)


def open(path, readonly=True, create=False, lib=None):
    """Open the database in directory `path` (read-only unless readonly=False)."""
    return Database(path, readonly=readonly, create=create, lib=lib)


def version(lib=None):
    return load_library(lib).kg_version().decode()
