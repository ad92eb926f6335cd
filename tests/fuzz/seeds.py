#!/usr/bin/env python3
"""seeds.py -- (re)write the seed files of tests/fuzz/corpus/ from the test data
of the other layers: grammar cases (parse), query cases (query, parse), the
loader's sample story and fact files (extract, facts). Seed names start with
'seed-'; findings are named 'crash-*', 'leak-*', 'timeout-*' etc. by libFuzzer
and are never touched here."""
import glob, hashlib, os, re

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.normpath(os.path.join(here, '..', '..'))

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(here, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    name = 'seed-' + hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

for f in sorted(glob.glob(os.path.join(src, 'tests/grammar/*.txt'))):
    for line in open(f, encoding='utf-8'):
        if line.startswith('query: '):
            put('parse', line[7:].rstrip('\n'))

for f in sorted(glob.glob(os.path.join(src, 'tests/query/*.test'))):
    text = open(f, encoding='utf-8').read()
    for case in re.split(r'^=== .*$', text, flags=re.M)[1:]:
        q = case.split('\n---')[0].strip()
        q = '\n'.join(l for l in q.split('\n') if not l.startswith('params:'))
        if q:
            put('query', q)
            put('parse', q)

# the project's own texts only (the articles of ../shared/corpus are other
# authors' work and stay out of the repository)
for f in ['tests/loader/story.txt'] + sorted(glob.glob(os.path.join(src, 'examples/corpus/*.md')))[:4]:
    p = os.path.join(src, f)
    if os.path.exists(p):
        put('extract', open(p, 'rb').read()[:8192])
put('extract', 'Kata\'ib Hezbollah attacked Camp Taji on Monday, the Pentagon said.\n')
put('extract', '<html><title>T</title><p>By Ann Smith</p><p>January 5, 2020</p><p>“We will respond,” Esper said.</p></html>')

for f in ['tests/loader/facts.tsv', 'tests/loader/facts.jsonl']:
    put('facts', open(os.path.join(src, f), 'rb').read())
