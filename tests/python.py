"""python.py -- the Python package kg (engine/python): DB-API behaviour, value
types, parameters, errors, writes and transactions, load, evidence, networkx
and pandas where installed, the benchmark's smoke run (run by
tests/python.sh with PYTHONPATH=BUILD/python, TAP).
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback

import kg

SRC = os.environ["KG_SRC"]
n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()
    return cond


def skip(name, why):
    global n
    n += 1
    print("ok %d - %s # skip %s" % (n, name, why))


def raises(exc, fn, *a, **kw):
    try:
        fn(*a, **kw)
    except exc as e:
        return e
    except Exception as e:  # the wrong kind
        return AssertionError("raised %r" % e)
    return None


tmp = tempfile.mkdtemp(prefix="kg-python.")
try:
    # ---- module
    ok(kg.apilevel == "2.0" and kg.paramstyle == "named" and kg.threadsafety == 1, "PEP 249 module globals")
    ok(issubclass(kg.ProgrammingError, kg.DatabaseError) and issubclass(kg.OperationalError, kg.DatabaseError)
       and issubclass(kg.DatabaseError, kg.Error) and issubclass(kg.Error, Exception), "the exception hierarchy")
    ok(kg.version().count(".") == 2, "kg.version()", kg.version())
    e = raises(kg.OperationalError, kg.connect, os.path.join(tmp, "missing.kg"))
    ok(isinstance(e, kg.OperationalError) and e.code == kg.NOTFOUND, "connect to a missing database: OperationalError", e)

    # ---- load through the package, then read
    db = os.path.join(tmp, "news.kg")
    conn = kg.connect(db, create=True)
    s = conn.load([os.path.join(SRC, "examples", "corpus")])
    ok(s.get("documents") == 14 and s.get("errors") == 0 and s.get("load") == 1 and s.get("relations", 0) > 100,
       "conn.load(paths): the load summary", s)
    s2 = conn.load(os.path.join(SRC, "examples", "corpus"))
    ok(s2.get("documents") == 0 and s2.get("unchanged") == 14 and s2.get("load") == 2, "loading again changes nothing", s2)
    e = raises(kg.OperationalError, conn.load, os.path.join(tmp, "nowhere"))
    ok(isinstance(e, kg.OperationalError), "a failing load raises OperationalError", e)

    # ---- execute, description, fetch*
    q = ("MATCH (a)-[r:killed]->(v) RETURN a.name AS killer, v.name AS victim, r.count AS docs "
         "ORDER BY docs DESC, killer")
    cur = conn.execute(q)
    ok([d[0] for d in cur.description] == ["killer", "victim", "docs"] and all(len(d) == 7 for d in cur.description),
       "description: 7-tuples named by the columns", cur.description)
    first = cur.fetchone()
    ok(first == ("United States", "Abu Mahdi al-Muhandis", 2), "fetchone: a tuple", first)
    two = cur.fetchmany(2)
    ok(len(two) == 2 and two[0] == ("United States", "Qasem Soleimani", 2), "fetchmany(2)", two)
    rest = cur.fetchall()
    ok(rest == [("United States Armed Forces", "Abu Mahdi al-Muhandis", 1)], "fetchall: the rest", rest)
    ok(cur.fetchone() is None and cur.fetchall() == [] and cur.fetchmany(5) == [], "then nothing")
    c3 = conn.cursor()
    c3.arraysize = 3
    ok(len(c3.execute(q).fetchmany()) == 3, "fetchmany() takes arraysize")
    ok([r[0] for r in conn.execute(q)] == ["United States", "United States", "Donald Trump", "United States Armed Forces"],
       "iteration")
    ok(conn.execute(q).fetchall() == [tuple(r) for r in conn.cursor().execute(q)], "conn.execute is cursor().execute")
    want = subprocess.run([os.environ["KG_PROGRAM"], "query", db, q, "--format", "tsv", "--no-headers"],
                          capture_output=True, text=True).stdout
    got = "".join("\t".join(str(x) for x in r) + "\n" for r in conn.execute(q))
    ok(got == want, "the same rows as kg query", (got, want))
    ok(conn.execute("MATCH (a {name: 'Nobody at all'}) RETURN a").fetchall() == [], "no rows")
    c = conn.execute("MATCH (a)-[:kiled]->(b) RETURN a")
    ok(c.fetchall() == [] and "did you mean 'killed'" in (c.warning or "") and conn.execute(q).warning is None,
       "cursor.warning: why a pattern matches nothing (an unknown relation)", c.warning)
    ok(conn.execute("MATCH (a)-[:killed]->(b) RETURN a.name; RETURN 7 AS x").fetchall() == [(7,)],
       "several statements: the last one's rows")

    # ---- values
    row = conn.execute('RETURN 1 AS i, 1.5 AS f, "text" AS s, true AS b, null AS z, date("2020-01-03") AS d, '
                       '[1, "two", null] AS l, {k: 1, m: [true]} AS m').fetchone()
    ok(row == (1, 1.5, "text", True, None, datetime.date(2020, 1, 3), [1, "two", None], {"k": 1, "m": [True]})
       and type(row[0]) is int and type(row[3]) is bool and type(row[5]) is datetime.date,
       "int, float, str, bool, None, datetime.date, list, dict", row)
    a, r, v = conn.execute('MATCH (a {name: "Trump"})-[r:killed]->(v) RETURN a, r, v').fetchone()
    ok(isinstance(a, kg.Node) and a.name == "Donald Trump" and a.type == "person" and a.labels == ("person",)
       and a.properties["name"] == "Donald Trump", "a node: id, type, name, labels, properties", a)
    ok(isinstance(r, kg.Relationship) and r.type == "killed" and r.start == a.id and r.end == v.id and r.count == 1,
       "a relationship: type, start, end, count", r)
    p, ns = conn.execute('MATCH p = shortest (a {name: "Trump"})-[*..6]-(b {name: "Muhandis"}) RETURN p, nodes(p)').fetchone()
    ok(isinstance(p, kg.Path) and [x.name for x in p.nodes] == ["Donald Trump", "United States", "Abu Mahdi al-Muhandis"]
       and [x.type for x in p.relationships] == ["leads", "killed"] and ns == p.nodes,
       "a path: nodes and relationships; a list of nodes", p)
    ok(a == conn.execute('MATCH (a {name: "Donald Trump"}) RETURN a').fetchone()[0] and len({a, a}) == 1,
       "nodes compare and hash by id")
    dates = [d for (d,) in conn.execute("MATCH (d:document) RETURN d.date ORDER BY d.date")]
    ok(len(dates) == 14 and all(isinstance(d, datetime.date) for d in dates) and dates[0] == datetime.date(2019, 12, 28),
       "document dates are datetime.date", dates[:2])
    ok(conn.execute('RETURN "Ḥezbollah — ок" AS s').fetchone() == ("Ḥezbollah — ок",), "UTF-8 text")

    # ---- parameters
    ok(conn.execute("MATCH (a {name: $who})-[:killed]->(v) RETURN v.name ORDER BY v.name", {"who": "Trump"}).fetchall()
       == [("Qasem Soleimani",)], "a named parameter (dict); the alias resolves")
    ok(conn.execute("MATCH (a {name: $who})-[:killed]->(v) RETURN v.name", who="Trump").fetchall() == [("Qasem Soleimani",)],
       "parameters as keywords")
    got = conn.execute("RETURN $i, $f, $s, $b, $z, $d, $l, $m", i=2 ** 40, f=0.25, s="x", b=False, z=None,
                       d=datetime.date(2021, 2, 16), l=[1, "a", [2]], m={"k": "v"}).fetchone()
    ok(got == (2 ** 40, 0.25, "x", False, None, datetime.date(2021, 2, 16), [1, "a", [2]], {"k": "v"}),
       "parameters of every type", got)
    ok(conn.execute("MATCH (a)-[r:killed]->(v) WHERE r.date >= $since RETURN count(*)",
                    since=datetime.date(2020, 1, 1)).fetchone() == (4,), "a date parameter compares with dates")
    e = raises(kg.ProgrammingError, conn.execute, "RETURN $nope")
    ok(isinstance(e, kg.ProgrammingError) and "$nope" in str(e), "a missing parameter: ProgrammingError", e)
    e = raises(kg.ProgrammingError, conn.execute, "RETURN $big", big=2 ** 70)
    ok(isinstance(e, kg.ProgrammingError), "an integer past 64 bits: ProgrammingError", e)

    # ---- errors
    e = raises(kg.ProgrammingError, conn.execute, "MATCH (a)-[:killed]->(b) RETURN lenght(a)")
    ok(isinstance(e, kg.ProgrammingError) and e.code == kg.SEMANTIC and e.position == 32
       and "did you mean 'length'" in e.message, "an unknown function: ProgrammingError with its position", e)
    e = raises(kg.ProgrammingError, conn.execute, "MATCH (p) RETURN p.name; MATCH (q RETURN q")
    ok(isinstance(e, kg.ProgrammingError) and e.code == kg.SYNTAX and e.position == 34,
       "a syntax error in a later statement: its byte position in the whole text", e and e.position)
    e = raises(kg.Error, conn.execute, "MATCH (a)-[*..100]->(b) RETURN a")
    ok(isinstance(e, kg.Error), "a path bound over the cap is an error", e)

    # ---- read-only, limits
    ro = kg.connect(db, readonly=True)
    before = ro.execute("MATCH (n) RETURN count(n)").fetchone()
    e = raises(kg.OperationalError, ro.execute, 'CREATE (x:person {name: "Nobody Newman"})')
    ok(isinstance(e, kg.OperationalError) and e.code == kg.READONLY, "a write on a read-only connection: OperationalError", e)
    ok(ro.execute("MATCH (n) RETURN count(n)").fetchone() == before, "and nothing changed")
    ok(isinstance(raises(kg.OperationalError, ro.load, "x"), kg.OperationalError), "load on a read-only connection")
    ro.set_limits(max_memory=50000)
    e = raises(kg.OperationalError, ro.execute, "MATCH (a), (b) RETURN a.name, b.name ORDER BY a.name, b.name")
    ok(isinstance(e, kg.OperationalError) and e.code == kg.LIMIT, "a query past the memory limit: OperationalError", e)
    ro.interrupt()  # no statement running: the next one runs normally
    ok(ro.execute("RETURN 1").fetchone() == (1,), "interrupt() with nothing running stops nothing")
    ro.close()
    e = raises(kg.ProgrammingError, ro.execute, "RETURN 1")
    ok(isinstance(e, kg.ProgrammingError), "a closed connection: ProgrammingError", e)

    # ---- writes and transactions
    cur = conn.execute('CREATE (x:person {name: "Nobody Newman"}) RETURN x.name')
    ok(cur.fetchall() == [("Nobody Newman",)], "CREATE on a writable connection")
    e = raises(kg.NotSupportedError, conn.rollback)
    ok(isinstance(e, kg.NotSupportedError), "rollback() after a write: NotSupportedError (each statement committed)", e)
    conn.rollback()  # nothing since
    ok(conn.execute('MATCH (x:person {name: "Nobody Newman"}) RETURN count(x)').fetchone() == (1,), "the write stays")
    with conn:
        conn.execute('MATCH (x:person {name: "Nobody Newman"}) SET x.rank = "private"')
    ok(conn.execute('MATCH (x:person {name: "Nobody Newman"}) RETURN x.rank').fetchone() == ("private",),
       "with conn: commits")
    conn.rollback()  # the with block committed
    try:
        with conn:
            conn.execute('MATCH (x:person {name: "Nobody Newman"}) DETACH DELETE x')
            raise KeyError("boom")
    except KeyError:
        pass
    ok(conn.execute('MATCH (x:person {name: "Nobody Newman"}) RETURN count(x)').fetchone() == (0,),
       "with conn: an exception passes through; what ran stays")
    conn.commit()
    e = raises(kg.ProgrammingError, conn.execute, 'CREATE (x:person {name: "Nobody"}) RETURN x.name, $n', {})
    ok(isinstance(e, kg.ProgrammingError) and conn.execute('MATCH (x:person {name: "Nobody"}) RETURN x').fetchall() == [],
       "a statement that fails writes nothing")
    q_people = "MATCH (x:person) RETURN x.name ORDER BY x.name"
    all_people = conn.execute(q_people).fetchall()
    open_cur = conn.execute(q_people)
    head = open_cur.fetchmany(3)
    conn.execute('CREATE (x:person {name: "Second Person"})')
    ok(conn.execute('MATCH (x:person {name: "Second Person"}) RETURN count(x)').fetchone() == (1,),
       "a write while another cursor holds rows runs")
    ok(head + open_cur.fetchall() == all_people,
       "and that cursor still gives the rows of the state it read", (len(head), len(all_people)))
    many = conn.executemany('MERGE (x:person {name: $n})', [{"n": "Third Person"}, {"n": "Fourth Person"}])
    ok(conn.execute('MATCH (x:person) WHERE x.name ENDS WITH " Person" RETURN count(x)').fetchone() == (3,),
       "executemany")

    # ---- a cursor outliving its connection, threads
    c2 = kg.connect(db, readonly=True)
    held = c2.execute("MATCH (n) RETURN n.name")
    held.fetchone()
    c2.close()
    e = raises(kg.ProgrammingError, held.fetchall)
    ok(isinstance(e, kg.ProgrammingError), "a cursor of a closed connection: ProgrammingError, no crash", e)
    res = []
    t = threading.Thread(target=lambda: res.append(raises(kg.ProgrammingError, conn.execute, "RETURN 1")))
    t.start()
    t.join()
    ok(isinstance(res[0], kg.ProgrammingError), "another thread: ProgrammingError (check_same_thread)", res)
    shared = kg.connect(db, readonly=True, check_same_thread=False)
    res = []
    t = threading.Thread(target=lambda: res.append(shared.execute("RETURN 2").fetchone()))
    t.start()
    t.join()
    ok(res == [(2,)], "check_same_thread=False: another thread may use it", res)
    shared.close()

    # ---- evidence, describe
    ev = conn.evidence("United States", "killed", "Suleimani")
    ok(len(ev) >= 2 and all(x["subject"] == "United States" and x["object"] == "Qasem Soleimani" for x in ev)
       and any(x["doc"] == "03-soleimani-killed.md" and x["date"] == datetime.date(2020, 1, 3) for x in ev)
       and any("08-sadr-march.md" == x["doc"] for x in ev) and all("sentence" in x and "modality" in x for x in ev),
       "conn.evidence(subject, relation, object): sentences, documents, dates", ev[:1])
    den = conn.evidence("Kata'ib Hezbollah", "denied")
    ok(den and all(x["modality"] == "asserted" or x["relation"] == "denied" for x in den), "evidence of a relation of any modality", den[:1])
    d = conn.describe("Ayn al-Assad")
    ok(d[:2] == [("name", "Ain al-Asad Air Base", None), ("type", "base", None)], "conn.describe(name)", d[:3])

    # ---- networkx, pandas (Debian's python3-networkx, python3-pandas)
    try:
        import networkx  # noqa: F401
        g = conn.execute("MATCH (a)-[r:attacked]->(b:base) RETURN a, r, b").to_networkx()
        ok(g.number_of_edges() == 6 and g.nodes[[n for n, a in g.nodes(data=True) if a.get("name") == "Iran"][0]]["type"] == "country"
           and all(a["type"] == "attacked" for _, _, a in g.edges(data=True)),
           "to_networkx: nodes with type and name, edges with type", (g.number_of_nodes(), g.number_of_edges()))
        g2 = conn.execute('MATCH p = shortest (a {name: "Trump"})-[*..6]-(b {name: "Muhandis"}) RETURN p').to_networkx()
        ok(g2.number_of_nodes() == 3 and g2.number_of_edges() == 2, "to_networkx from a path")
    except ImportError:
        skip("to_networkx", "networkx is not installed (python3-networkx)")
        skip("to_networkx from a path", "networkx is not installed (python3-networkx)")
    try:
        import pandas  # noqa: F401
        df = conn.execute("MATCH (d:document) RETURN d.name AS doc, d.date AS date ORDER BY date").to_pandas()
        ok(list(df.columns) == ["doc", "date"] and len(df) == 14 and df["date"][0] == datetime.date(2019, 12, 28),
           "to_pandas: a DataFrame with the columns", df.head(2))
    except ImportError:
        skip("to_pandas", "pandas is not installed (python3-pandas)")
    e = raises(kg.ProgrammingError, kg.Cursor(conn).fetchall)
    ok(isinstance(e, kg.ProgrammingError), "fetch before execute: ProgrammingError", e)
    conn.close()

    # ---- the benchmark still runs (its figures are by hand: tests/bench/pyfetch.py)
    p = subprocess.run([sys.executable, os.path.join(SRC, "tests", "bench", "pyfetch.py"), "--rows", "2000",
                        "--runs", "1", "--kg", os.environ["KG_PROGRAM"]], capture_output=True, text=True)
    ok(p.returncode == 0 and "entities" in p.stdout and "relations" in p.stdout,
       "tests/bench/pyfetch.py runs (2000 rows)", p.stdout + p.stderr)
except Exception:
    ok(False, "the test ran to its end", traceback.format_exc())
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("1..%d" % n)
sys.exit(1 if failed else 0)
