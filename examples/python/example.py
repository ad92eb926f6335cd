#!/usr/bin/env python3
"""example.py -- query a kg database from Python through kg.py (ctypes).

    python3 examples/python/example.py DB [--lib path/to/libkg.so]

DB is a database loaded with `kg load DB examples/corpus`. Without --lib the
library comes from KG_LIB, KG_BUILD or the system (see kg.py).
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kg  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--lib", help="path to libkg.so")
    args = ap.parse_args()
    try:
        with kg.open(args.db, lib=args.lib) as db:
            print("libkg", kg.version())

            # 1. prepare/bind/step/column: a parameter, typed values back
            print("\nWho killed whom (prepared statement):")
            for killer, victim, date in db.query(
                    "MATCH (a)-[r:killed]->(v:person) WHERE r.date >= $since "
                    "RETURN a.name, v.name, r.date ORDER BY v.name, a.name",
                    since=datetime.date(2020, 1, 1)):
                print("  %-28s killed %-24s on %s (%s)" % (killer, victim, date.isoformat(), type(date).__name__))

            # 2. a name through its alias; a list value comes back as a Python list
            cols, rows = db.columns_and_rows(
                "MATCH (a)-[r:attacked]->(b:base {name: $base}) RETURN b.name AS base, collect(a.name) AS attackers",
                base="Ayn al-Assad")
            print("\n%s: %r" % (cols, rows))

            # 3. kg_query_json: one call, parameters as a dict, JSON back
            res = db.query_json("MATCH (p)-[:said]->(s) WHERE p.name = $who RETURN count(s) AS statements",
                                {"who": "Mike Pompeo"})
            print("\nkg_query_json:", res)

            # 4. errors carry the message and the byte offset
            try:
                list(db.query("MATCH (a)-[:kiled]->(b) RETURN a"))
            except kg.Error as e:
                print("\nerror (code %d): %s" % (e.code, e.message.splitlines()[0]))
    except (kg.Error, OSError) as e:
        print("example.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
