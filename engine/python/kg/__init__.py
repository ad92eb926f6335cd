"""kg -- the knowledge graph from Python, in the shape of the sqlite3 module.

    import kg
    conn = kg.connect("news.kg", readonly=True)
    cur = conn.execute("MATCH (a)-[r:killed]->(v {name: $v}) RETURN a, r.count, v",
                       {"v": "Suleimani"})
    cur.description          # (('a', None, ...), ('r.count', None, ...), ('v', None, ...))
    for a, docs, v in cur:   # a and v are kg.Node objects
        print(a.name, docs, v.name)
    conn.execute("MATCH (d:document) RETURN d.name, d.date").fetchall()  # dates: datetime.date
    conn.execute("MATCH (a)-[r]->(b) RETURN a, r, b").to_networkx()      # with python3-networkx
    conn.execute("MATCH (d:document) RETURN d.name, d.date").to_pandas() # with python3-pandas
    conn.load(["examples/later"])   # documents, with the load's summary
    conn.close()

DB-API 2.0 (PEP 249) with named parameters ($name in the query, a dict here).
Every statement is its own transaction: one that writes commits whole when
execute() returns or changes nothing (engine/QUERY.md, "Writes"); there is no
transaction spanning statements, so commit() has nothing to do, rollback()
cannot undo a statement that ran (it raises NotSupportedError when a
statement that writes ran since the last commit), and `with conn:` commits
on success and, on an exception, leaves what ran before it.

Values: None, int, float, str, bool, datetime.date; nodes are kg.Node (id,
type, name, labels, properties), relations kg.Relationship (id, type, start,
end, count), paths kg.Path (a tuple of nodes and relationships, .nodes,
.relationships), lists and maps are lists and dicts of such values (inside a
list or map a date is its 'YYYY-MM-DD' text, as in kg query --format json).
Rows cross from C in batches (kg._kg, a C extension over libkg), so a value
costs no Python call.
"""
import datetime as _datetime
import json as _json
import os as _os
import re as _re
import shutil as _shutil
import subprocess as _subprocess
import threading as _threading

from . import _kg

apilevel = "2.0"
threadsafety = 1  # threads may share the module, not connections
paramstyle = "named"  # $name in the text, {"name": value} as parameters

# kg.h result codes
OK, ERROR, NOMEM, NOTFOUND, EXISTS, READONLY, BUSY, CORRUPT, VERSION, NOTADB = range(10)
IO, PERM, FULL, SYNTAX, SEMANTIC, AMBIGUOUS, RANGE, MISUSE, LIMIT, INTERRUPT, INVALID = range(10, 21)
# kg_type codes (kg_column_type)
_NODE, _EDGE, _LIST, _PATH, _MAP = 6, 7, 8, 9, 10


# ---------------------------------------------------------------- exceptions (PEP 249)
class Warning(Exception):  # noqa: A001 (the name PEP 249 gives)
    pass


class Error(Exception):
    """A kg error: .code (kg.h result code), .message, .position (byte offset
    of the error in the query text, or None)."""

    def __init__(self, message, code=ERROR, position=None):
        where = " (at byte %d of the query)" % position if position is not None else ""
        super().__init__(message + where)
        self.message, self.code, self.position = message, code, position


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    """The database, not the query: missing, busy, read-only, full, a limit
    passed, interrupted."""


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    """The query: syntax, meaning, an ambiguous name, a parameter missing."""


class NotSupportedError(DatabaseError):
    pass


_ERRORS = {
    SYNTAX: ProgrammingError, SEMANTIC: ProgrammingError, AMBIGUOUS: ProgrammingError,
    MISUSE: ProgrammingError, RANGE: ProgrammingError, INVALID: ProgrammingError,
    READONLY: OperationalError, BUSY: OperationalError, LIMIT: OperationalError,
    INTERRUPT: OperationalError, NOTFOUND: OperationalError, NOTADB: OperationalError,
    VERSION: OperationalError, PERM: OperationalError, IO: OperationalError,
    FULL: OperationalError, CORRUPT: DatabaseError, EXISTS: IntegrityError, NOMEM: InternalError,
}


def _make_error(code, message, offset):
    return _ERRORS.get(code, DatabaseError)(message, code, offset if offset >= 0 else None)


# ---------------------------------------------------------------- values
class Node:
    """A node: .id, .type, .name; .labels (its type) and .properties, as a
    graph library expects."""

    __slots__ = ("id", "type", "name")

    def __init__(self, id, type, name):
        self.id, self.type, self.name = id, type, name

    @property
    def labels(self):
        return (self.type,)

    @property
    def properties(self):
        return {"name": self.name, "type": self.type}

    def __eq__(self, other):
        return isinstance(other, Node) and other.id == self.id

    def __hash__(self):
        return hash(("node", self.id))

    def __repr__(self):
        return "Node(%d, %r, %r)" % (self.id, self.type, self.name)


class Relationship:
    """A relation: .id, .type (the relation's name), .start and .end (node
    ids), .count (documents supporting it); .properties."""

    __slots__ = ("id", "type", "start", "end", "count")

    def __init__(self, id, type, start, end, count):
        self.id, self.type, self.start, self.end, self.count = id, type, start, end, count

    @property
    def properties(self):
        return {"count": self.count}

    def __eq__(self, other):
        return isinstance(other, Relationship) and other.id == self.id

    def __hash__(self):
        return hash(("rel", self.id))

    def __repr__(self):
        return "Relationship(%d, %r, %d -> %d, count=%d)" % (self.id, self.type, self.start, self.end, self.count)


class Path(tuple):
    """A path: the tuple node, relationship, node, ...; .nodes, .relationships."""

    @property
    def nodes(self):
        return [x for x in self if isinstance(x, Node)]

    @property
    def relationships(self):
        return [x for x in self if isinstance(x, Relationship)]


_NODE_KEYS = frozenset(("id", "type", "name"))
_EDGE_KEYS = frozenset(("id", "type", "src", "dst", "count"))


def _wrap(v):
    if isinstance(v, dict):
        k = v.keys()
        if k == _NODE_KEYS:
            return Node(v["id"], v["type"], v["name"])
        if k == _EDGE_KEYS:
            return Relationship(v["id"], v["type"], v["src"], v["dst"], v["count"])
        return {key: _wrap(x) for key, x in v.items()}
    if isinstance(v, list):
        return [_wrap(x) for x in v]
    return v


def _decode(t, text):
    v = _json.loads(text)
    if t == _NODE:
        return Node(v["id"], v.get("type"), v.get("name"))
    if t == _EDGE:
        return Relationship(v["id"], v.get("type"), v.get("src"), v.get("dst"), v.get("count"))
    if t == _PATH:
        return Path(_wrap(x) for x in v)
    return _wrap(v)


def _encode(v):
    def default(x):
        if isinstance(x, _datetime.date):
            return x.isoformat()
        if isinstance(x, Node):
            return x.name
        raise TypeError("cannot pass %s as a parameter" % type(x).__name__)
    return _json.dumps(v, default=default) + " "


_kg.init(_make_error, _decode, _encode)


# ---------------------------------------------------------------- DB-API
class Cursor:
    """Rows of one statement at a time; iterate, or fetchone/fetchmany/fetchall."""

    arraysize = 1

    def __init__(self, connection):
        self.connection = connection
        self._st = None
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.warning = None  # why a pattern matches nothing: a type or relation not in the database

    def execute(self, query, params=None, **kw):
        """Run query (every statement in it; the rows are the last one's) with
        parameters from a dict and/or keywords. Returns the cursor."""
        self.connection._check()
        if kw:
            params = dict(params or {}, **kw)
        if self._st is not None:
            self._st.close()
        self._st = None
        self.description = None
        self.warning = None
        st = self.connection._db.execute(query, params)
        self._st = st
        self.warning = st.warning
        cols = st.columns
        self.description = tuple((c, None, None, None, None, None, None) for c in cols) if cols else None
        return self

    def executemany(self, query, seq_of_params):
        for p in seq_of_params:
            self.execute(query, p)
            self._st.fetch()
        return self

    def _stmt(self):
        if self._st is None:
            raise ProgrammingError("no statement executed", MISUSE)
        self.connection._check()
        return self._st

    def fetchone(self):
        rows = self._stmt().fetch(1)
        return rows[0] if rows else None

    def fetchmany(self, size=None):
        return self._stmt().fetch(self.arraysize if size is None else size)

    def fetchall(self):
        return self._stmt().fetch(-1)

    def __iter__(self):
        st = self._stmt()
        while True:
            rows = st.fetch(256)
            if not rows:
                return
            yield from rows

    @property
    def columns(self):
        """The column names (the first of each description entry)."""
        return [d[0] for d in self.description or ()]

    def close(self):
        if self._st is not None:
            self._st.close()
        self._st = None

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def to_networkx(self, graph=None):
        """The rows left, as a networkx MultiDiGraph: every node, relationship
        and path in them (nodes keyed by id with type and name; edges keyed by
        the relation's id with type and count). Needs networkx (python3-networkx)."""
        try:
            import networkx as nx
        except ImportError as e:
            raise ImportError("to_networkx needs networkx (Debian: apt install python3-networkx)") from e
        g = nx.MultiDiGraph() if graph is None else graph

        def add(v):
            if isinstance(v, Node):
                g.add_node(v.id, type=v.type, name=v.name)
            elif isinstance(v, Relationship):
                g.add_edge(v.start, v.end, key=v.id, type=v.type, count=v.count)
            elif isinstance(v, (list, tuple)):
                for x in v:
                    add(x)

        for row in self:
            for v in row:
                add(v)
        return g

    def to_pandas(self):
        """The rows left as a pandas DataFrame, one column per result column
        (nodes as kg.Node objects, dates as datetime.date). Needs pandas
        (python3-pandas)."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_pandas needs pandas (Debian: apt install python3-pandas)") from e
        cols = self.columns
        return pd.DataFrame.from_records(self.fetchall(), columns=cols)


class Connection:
    """An open database (kg_open). Use from the thread that opened it unless
    check_same_thread=False (then never from two threads at once)."""

    Error, Warning, InterfaceError, DatabaseError = Error, Warning, InterfaceError, DatabaseError
    DataError, OperationalError, IntegrityError = DataError, OperationalError, IntegrityError
    InternalError, ProgrammingError, NotSupportedError = InternalError, ProgrammingError, NotSupportedError

    def __init__(self, path, readonly=False, create=False, check_same_thread=True):
        flags = (_kg.OPEN_READONLY if readonly else 0) | (_kg.OPEN_CREATE if create and not readonly else 0)
        self.path = _os.fspath(path)
        self.readonly = readonly
        self._db = _kg.Db(self.path, flags)
        self._thread = _threading.get_ident() if check_same_thread else None
        self._committed = 0  # self._db.writes at the last commit or rollback

    def _check(self):
        if self._db is None:
            raise ProgrammingError("the connection is closed", MISUSE)
        if self._thread is not None and self._thread != _threading.get_ident():
            raise ProgrammingError("a connection is used by the thread that made it "
                                   "(connect(..., check_same_thread=False) to share it)", MISUSE)

    def cursor(self):
        self._check()
        return Cursor(self)

    def execute(self, query, params=None, **kw):
        """A new cursor with query executed, as sqlite3's Connection.execute."""
        return self.cursor().execute(query, params, **kw)

    def executemany(self, query, seq_of_params):
        return self.cursor().executemany(query, seq_of_params)

    def commit(self):
        """Nothing to do: every statement commits when it runs."""
        self._check()
        self._committed = self._db.writes

    def rollback(self):
        """kg cannot undo a statement that ran: NotSupportedError when one that
        writes ran since the last commit() or rollback(), else nothing."""
        self._check()
        wrote = self._db.writes - self._committed
        self._committed = self._db.writes
        if wrote:
            raise NotSupportedError("%d statement(s) that write ran since the last commit and "
                                    "committed when they ran: kg cannot roll them back" % wrote, MISUSE)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # sqlite3's shape: commit on success; statements already committed
        # one by one, so an exception leaves what ran before it.
        if exc_type is None:
            self.commit()
        return False

    def close(self):
        if self._db is not None:
            self._db.close()
        self._db = None

    def interrupt(self):
        """Stop the statements running on this connection (another thread may call it)."""
        if self._db is not None:
            self._db.interrupt()

    def set_limits(self, max_seconds=0, max_memory=0, max_rows=0, max_path_length=0):
        """Limits for every statement (kg_set_limits; 0 keeps a value): passing
        one raises OperationalError."""
        self._check()
        self._db.set_limits(max_seconds, max_memory, max_rows, max_path_length)

    # ---- kg's own calls
    def evidence(self, subject, relation=None, object=None):
        """Every evidence row of the relations from `subject` (a name, as
        {name: ...} resolves it), of `relation` (a name, or any) and to
        `object` (a name, or any), every modality: dicts with subject,
        relation, object, doc, date, sentence, modality, claimant, rule,
        confidence, ...; dates as datetime.date."""
        rel = ""
        if relation is not None:
            if not _re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", relation):
                raise ProgrammingError("not a relation name: %r" % relation, INVALID)
            rel = ":`%s`" % relation
        q = ("MATCH (a {name: $s})-[r%s]->(b%s) WHERE r.modality IS NOT NULL "
             "UNWIND evidence(r) AS e RETURN a.name, type(r), b.name, e ORDER BY e.date, e.doc"
             % (rel, " {name: $o}" if object is not None else ""))
        params = {"s": subject}
        if object is not None:
            params["o"] = object
        out = []
        for a, t, b, e in self.execute(q, params):
            row = {"subject": a, "relation": t, "object": b}
            for k, v in e.items():
                row[k] = _date(v) if k in ("date", "reported", "event") else v
            out.append(row)
        return out

    def describe(self, name):
        """DESCRIBE name: (field, value, count) rows."""
        return self.execute("DESCRIBE $name", {"name": name}).fetchall()

    def load(self, paths, source=None, dictionary=None, rules=None, reextract=False, program=None):
        """Load documents and fact files (files or directories) as `kg load`
        does, in a process of its own (the loader is the kg program's): returns
        a dict with documents, unchanged, entities, relations, statements,
        errors, load (the generation) and summary (kg load's lines). Raises
        OperationalError when kg load fails. The program is `program`, else
        KG_PROGRAM, else the kg installed with this package, else kg on PATH."""
        self._check()
        if self.readonly:
            raise OperationalError("the connection is read-only", READONLY)
        if isinstance(paths, (str, bytes, _os.PathLike)):
            paths = [paths]
        kgp = program or _program()
        args = [kgp, "load", self.path] + [_os.fspath(p) for p in paths]
        for flag, v in (("--source", source), ("--dict", dictionary), ("--rules", rules)):
            if v is not None:
                args += [flag, _os.fspath(v)]
        if reextract:
            args.append("--reextract")
        p = _subprocess.run(args, capture_output=True, text=True)
        lines = [ln for ln in (p.stderr + p.stdout).splitlines() if ln.strip()]
        summary = {"summary": lines}
        for ln in lines:
            m = _re.search(r"(\d+) documents loaded.*?, (\d+) unchanged, (\d+) entities, (\d+) relations, "
                           r"(\d+) statements, (\d+) errors.*?\(load (\d+)\)", ln)
            if m:
                keys = ("documents", "unchanged", "entities", "relations", "statements", "errors", "load")
                summary.update(zip(keys, map(int, m.groups())))
        if p.returncode != 0:
            raise OperationalError("kg load failed: " + " / ".join(lines[-3:]), ERROR)
        return summary


def _date(v):
    if isinstance(v, str) and len(v) == 10:
        try:
            return _datetime.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def _program():
    p = _os.environ.get("KG_PROGRAM")
    if p:
        return p
    try:
        from ._paths import KG_PROGRAM
        if _os.access(KG_PROGRAM, _os.X_OK):
            return KG_PROGRAM
    except ImportError:
        pass
    p = _shutil.which("kg")
    if not p:
        raise OperationalError("the kg program is not found (set KG_PROGRAM)", NOTFOUND)
    return p


def connect(path, readonly=False, create=False, check_same_thread=True):
    """Open the database in directory `path`: read-only, or for writing
    (create=True makes a missing one). Raises OperationalError when it cannot."""
    return Connection(path, readonly=readonly, create=create, check_same_thread=check_same_thread)


def version():
    """The version of libkg in the package."""
    return _kg.version()


__all__ = ["connect", "Connection", "Cursor", "Node", "Relationship", "Path", "Error", "Warning",
           "InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
           "InternalError", "ProgrammingError", "NotSupportedError", "apilevel", "threadsafety",
           "paramstyle", "version"]
