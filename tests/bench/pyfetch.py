"""pyfetch.py -- rows per second fetched into Python: the kg package beside
Python's sqlite3 module on the same data (issue 18). Prints figures; it is a
benchmark, not a test.

    PYTHONPATH=BUILD/python python3 tests/bench/pyfetch.py [--rows 100000] [--runs 5] [--kg BUILD/engine/kg]

The data: ROWS entities of one type and ROWS relations between them
(item i -next-> item i+1), loaded into kg from a fact file by `kg load`;
the same rows, read back from kg, written into an SQLite table of entities
(id, name, type) and one of relations (src, rel, dst, count) with an index
on the entities' id. Two fetches of ROWS rows x 3 columns, each timed as
execute + fetchall, the median of RUNS runs after one warm-up:
  entities:  MATCH (n:place) RETURN id(n), n.name, n.type
             SELECT id, name, type FROM entity
  relations: MATCH (a:place)-[r:next]->(b) RETURN a.name, b.name, r.count
             SELECT a.name, b.name, r.count FROM rel r JOIN entity a ON a.id = r.src
                                                       JOIN entity b ON b.id = r.dst
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import kg

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=100000)
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--kg", default=os.environ.get("KG_PROGRAM") or shutil.which("kg"))
args = ap.parse_args()
if not args.kg:
    sys.exit("pyfetch: the kg program is needed to load the data (--kg PATH)")

tmp = tempfile.mkdtemp(prefix="kg-pyfetch.")
try:
    facts = os.path.join(tmp, "items.tsv")
    with open(facts, "w") as f:
        f.write("subject\tsubject_type\trelation\tobject\tobject_type\n")
        for i in range(args.rows):
            f.write("item %d\tplace\tnext\titem %d\tplace\n" % (i, (i + 1) % args.rows))
    db = os.path.join(tmp, "items.kg")
    subprocess.run([args.kg, "load", db, facts, "--quiet"], check=True)
    conn = kg.connect(db, readonly=True)

    lite = sqlite3.connect(os.path.join(tmp, "items.sqlite"))
    lite.execute("CREATE TABLE entity (id INTEGER PRIMARY KEY, name TEXT, type TEXT)")
    lite.execute("CREATE TABLE rel (src INTEGER, rel TEXT, dst INTEGER, count INTEGER)")
    lite.executemany("INSERT INTO entity VALUES (?, ?, ?)",
                     conn.execute("MATCH (n:place) RETURN id(n), n.name, n.type"))
    lite.executemany("INSERT INTO rel VALUES (?, ?, ?, ?)",
                     conn.execute("MATCH (a:place)-[r:next]->(b) RETURN id(a), type(r), id(b), r.count"))
    lite.commit()

    work = [
        ("entities", "MATCH (n:place) RETURN id(n), n.name, n.type",
         "SELECT id, name, type FROM entity"),
        ("relations", "MATCH (a:place)-[r:next]->(b) RETURN a.name, b.name, r.count",
         "SELECT a.name, b.name, r.count FROM rel r JOIN entity a ON a.id = r.src JOIN entity b ON b.id = r.dst"),
    ]

    def median_time(run):
        run()
        ts = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            n = len(run())
            ts.append(time.perf_counter() - t0)
        return statistics.median(ts), n

    print("pyfetch: %d rows x 3 columns into Python, median of %d runs (kg %s, SQLite %s, Python %s)"
          % (args.rows, args.runs, kg.version(), sqlite3.sqlite_version, sys.version.split()[0]))
    print("%-10s %12s %12s %12s %12s %9s" % ("fetch", "kg s", "kg rows/s", "sqlite3 s", "sqlite3 rows/s", "kg/sqlite"))
    for name, kq, sq in work:
        tk, nk = median_time(lambda: conn.execute(kq).fetchall())
        ts, ns = median_time(lambda: lite.execute(sq).fetchall())
        if nk != args.rows or ns != args.rows:
            sys.exit("pyfetch: %s: kg gave %d rows, sqlite3 %d, expected %d" % (name, nk, ns, args.rows))
        print("%-10s %12.4f %12.0f %12.4f %14.0f %9.2f" % (name, tk, nk / tk, ts, ns / ts, tk / ts))
    conn.close()
    lite.close()
finally:
    shutil.rmtree(tmp, ignore_errors=True)
