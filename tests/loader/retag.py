#!/usr/bin/env python3
"""retag.py -- keep the marks of tests/loader/*.test in step with the loader.

Runs BUILD/tests/loader_cases.t --status and rewrites the mark of every line
whose outcome flipped:

    +  fails  -> ?        ?  passes -> +      (wanted fact)
    -  fails  -> ?-       ?- passes -> -      (known false positive)
    !  fails  -> ?!       ?! passes -> !      (entity)
    !- fails  -> ?!-      ?!- passes -> !-
    !1 fails  -> ?!1      ?!1 passes -> !1

A '-' line is never deleted or reworded: a must-not that fails becomes a
known false positive ('?-'), listed with --fp. Usage:

    tests/loader/retag.py [--dry-run] [--promote-only] [--fp] [BUILD] [FILE-WORD...]

BUILD defaults to build. --promote-only turns passing TODO lines into real
ones and leaves failing lines alone (for a loader change that should only add).
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    dry = "--dry-run" in argv
    promote_only = "--promote-only" in argv
    list_fp = "--fp" in argv
    args = [a for a in argv if not a.startswith("--")]
    build = "build"
    if args and os.path.isdir(args[0]):
        build = args.pop(0)
    prog = os.path.join(build, "tests", "loader_cases.t")
    out = subprocess.run([prog, "--status"] + args, capture_output=True, text=True)
    if out.stderr:
        sys.stderr.write(out.stderr)
        return 1
    flips = {}
    fps = []
    for row in out.stdout.splitlines():
        f, line, src, ok = row.split("\t")
        m = re.match(r"(\?)?(!-|!1|!|\+|-)?", src)
        todo, mark = bool(m.group(1)), m.group(2) or "+"
        ok = ok == "1"
        if mark in ("-", "!-") and not ok and (todo or not promote_only):
            fps.append("%s:%s ?%s" % (f, line, src.lstrip("?")))
        if todo and ok:
            new = mark
        elif not todo and not ok and not promote_only:
            new = "?" if mark == "+" else "?" + mark
        else:
            continue
        flips.setdefault(f, []).append((int(line), src, new))
    for f, changes in sorted(flips.items()):
        path = os.path.join(HERE, f)
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        for line, src, new in changes:
            old = lines[line - 1]
            m = re.match(r"(\s*)(\?)?(!-|!1|!|\+|-)?(\s.*)$", old)
            if not m:
                sys.stderr.write("%s:%d: cannot retag '%s'\n" % (f, line, old))
                continue
            lines[line - 1] = m.group(1) + new + m.group(4)
            print("%s:%d: %s -> %s" % (f, line, src, lines[line - 1].strip()))
        if not dry:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines))
    if list_fp:
        print("known false positives (?-, ?!-): %d" % len(fps))
        for x in fps:
            print("  " + x)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
