#!/usr/bin/env python3
"""example.py -- query a kg database from Python with the kg package.

    PYTHONPATH=build/python python3 examples/python/example.py DB

DB is a database loaded with `kg load DB examples/corpus`. The package is
engine/python (DB-API shape, as Python's sqlite3 module): built into
BUILD/python, installed by `cmake --install` (README.md, "Python").
"""
import datetime
import sys

import kg


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        conn = kg.connect(sys.argv[1], readonly=True)
    except kg.Error as e:
        print("example.py: %s" % e, file=sys.stderr)
        return 1
    print("libkg", kg.version())

    # 1. a parameter, typed values back (dates are datetime.date)
    print("\nWho killed whom since 2020:")
    cur = conn.execute("MATCH (a)-[r:killed]->(v:person) WHERE r.date >= $since "
                       "RETURN a.name, v.name, r.date ORDER BY v.name, a.name",
                       {"since": datetime.date(2020, 1, 1)})
    for killer, victim, date in cur:
        print("  %-28s killed %-24s on %s (%s)" % (killer, victim, date.isoformat(), type(date).__name__))

    # 2. a name through its alias; nodes come back as kg.Node, lists as lists
    cur = conn.execute("MATCH (a)-[r:attacked]->(b:base {name: $base}) RETURN b, collect(a.name) AS attackers",
                       base="Ayn al-Assad")
    print("\n%s: %r" % ([d[0] for d in cur.description], cur.fetchall()))

    # 3. the evidence of a fact
    print("\nUnited States killed Suleimani, according to:")
    for e in conn.evidence("United States", "killed", "Suleimani"):
        print("  %s %s: %s" % (e["date"], e["doc"], e["sentence"]))

    # 4. errors carry the message and the byte offset
    try:
        conn.execute("MATCH (a)-[:killed]->(b) RETURN lenght(a)")
    except kg.ProgrammingError as e:
        print("\n%s at byte %d: %s" % (type(e).__name__, e.position, e.message.splitlines()[0]))
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
