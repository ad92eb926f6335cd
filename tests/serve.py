"""serve.py -- kg serve's JSON API and its refusals (run by tests/serve.sh).

Starts `kg serve` on examples/corpus with --port 0 (any free port; the URL
with the token is the first line it prints) and checks: the same rows as
`kg query --format json`; 401 without the token or with a wrong one; 403
for a foreign Host or Origin; a write refused without --write and the
database unchanged, done with --write; malformed requests; query errors with
their position; a query past the memory limit; paging; and 50 concurrent
clients while another process loads documents, the load stopped at exact
points by the test hook (KG_PAUSE_AT, kg(1)), never by waiting: every answer
shows whole documents only.
"""
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback

KG = os.environ["KG_BIN"]
SRC = os.environ["KG_SRC"]
CORPUS = os.path.join(SRC, "examples", "corpus")

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    if cond:
        print("ok %d - %s" % (n, name))
    else:
        failed += 1
        print("not ok %d - %s" % (n, name))
        if detail:
            for line in str(detail).splitlines():
                print("#   " + line)
    sys.stdout.flush()
    return cond


def kg(*args, env=None, check=True):
    p = subprocess.run([KG] + list(args), capture_output=True, text=True, env=env)
    if check and p.returncode:
        raise RuntimeError("kg %s: %s" % (" ".join(args), p.stderr))
    return p


class Server:
    def __init__(self, db, *opts):
        self.p = subprocess.Popen([KG, "serve", db, "--port", "0"] + list(opts),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = self.p.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError("kg serve printed %r: %s" % (url, self.p.stderr.read()))
        self.url = url
        hostport, rest = url[len("http://"):].split("/", 1)
        self.port = int(hostport.split(":")[1])
        self.host = hostport
        self.token = rest.split("token=")[1]

    def request(self, method, path, body=None, headers=None, token=True):
        h = {"Host": self.host}
        if token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def query(self, q, params=None, **extra):
        body = {"query": q}
        if params is not None:
            body["params"] = params
        body.update(extra)
        st, _, data = self.request("POST", "/api/query", json.dumps(body))
        return st, json.loads(data)

    def stop(self):
        """SIGTERM: the server stops cleanly (status 0; under ASan, no error or leak)."""
        self.p.terminate()
        _, err = self.p.communicate()
        ok(self.p.returncode == 0, "kg serve stops cleanly on SIGTERM", err)


def as_api(json_text):
    """kg query --format json (a list of objects) as the API's columns and rows."""
    objs = json.loads(json_text)
    if not objs:
        return []
    return [list(o.values()) for o in objs]


tmp = tempfile.mkdtemp(prefix="kg-serve.")
try:
    db = os.path.join(tmp, "news.kg")
    kg("load", db, CORPUS, "--quiet")
    sv = Server(db)

    # ---- the same rows as kg query --format json
    queries = [
        ("MATCH (a)-[r:killed]->(v) RETURN a.name AS killer, v.name AS victim, r.count AS docs "
         "ORDER BY docs DESC, killer", None),
        ("MATCH (a {name: $n})-[r:killed]->(v) UNWIND evidence(r) AS e "
         "RETURN a, r, v, e.doc, e.date, e.sentence, e ORDER BY e.doc, v.name", {"n": "United States"}),
        ('DESCRIBE "Ayn al-Assad"', None),
        ("MATCH p = shortest (a {name: \"Trump\"})-[*..6]-(b {name: \"Muhandis\"}) "
         "RETURN length(p) AS hops, p, nodes(p)", None),
        ("MATCH (d:document) RETURN d.name, d.date, d.title ORDER BY d.name", None),
    ]
    for q, params in queries:
        args = ["query", db, q, "--format", "json"]
        for k, v in (params or {}).items():
            args += ["--param", "%s=%s" % (k, v)]
        want = as_api(kg(*args).stdout)
        st, got = sv.query(q, params)
        ok(st == 200 and got.get("rows") == want and len(want) > 0,
           "API rows equal kg query --format json: %s" % q[:50],
           "status %d\n got %s\nwant %s" % (st, got, want))
    st, got = sv.query("MATCH (a)-[r:killed]->(v) RETURN a.name AS killer, v.name AS victim")
    ok(got.get("columns") == ["killer", "victim"] and got.get("more") is False
       and got.get("offset") == 0, "columns, offset and more", got)

    # ---- the token
    st, _, data = sv.request("GET", "/api/info", token=False)
    ok(st == 401 and json.loads(data)["error"]["code"] == "token", "no token: 401", data)
    st, _, data = sv.request("POST", "/api/query", '{"query": "SHOW TYPES"}', token=False)
    ok(st == 401, "no token on a query: 401", data)
    st, _, _ = sv.request("GET", "/", token=False)
    ok(st == 401, "no token on the page: 401")
    wrong = ("0" if sv.token[0] != "0" else "1") + sv.token[1:]
    st, _, _ = sv.request("GET", "/api/info", token=False, headers={"Authorization": "Bearer " + wrong})
    ok(st == 401, "wrong token (Bearer): 401")
    st, _, _ = sv.request("GET", "/api/info?token=" + wrong, token=False)
    ok(st == 401, "wrong token (URL): 401")
    st, _, _ = sv.request("GET", "/api/info", token=False,
                          headers={"Cookie": "kg_token_%d=%s" % (sv.port, wrong)})
    ok(st == 401, "wrong token (cookie): 401")
    st, _, _ = sv.request("GET", "/api/info?token=" + sv.token[:-1], token=False)
    ok(st == 401, "short token: 401")
    st, h, _ = sv.request("GET", "/?token=" + sv.token, token=False)
    cookie = h.get("Set-Cookie", "")
    ok(st == 302 and h.get("Location") == "/" and cookie.startswith("kg_token_%d=%s;" % (sv.port, sv.token))
       and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
       "the token in the URL once: a cookie and a redirect without it", h)
    st, h, data = sv.request("GET", "/", token=False, headers={"Cookie": cookie.split(";")[0]})
    ok(st == 200 and b"<html" in data.lower() and "script-src 'self'" in h.get("Content-Security-Policy", ""),
       "then the cookie opens the page", st)
    st, _, data = sv.request("GET", "/api/info?token=" + sv.token, token=False)
    ok(st == 200 and json.loads(data)["write"] is False, "token as URL parameter on the API", data)

    # ---- Host and Origin (DNS rebinding, other sites' pages)
    for host in ["evil.example:%d" % sv.port, "evil.example", "127.0.0.1:%d" % (sv.port + 1 if sv.port < 65535 else 1),
                 "127.0.0.2:%d" % sv.port, "localhost.evil.example:%d" % sv.port]:
        st, _, data = sv.request("GET", "/api/info", headers={"Host": host})
        ok(st == 403 and json.loads(data)["error"]["code"] == "host", "foreign Host %s: 403" % host, data)
    st, _, _ = sv.request("POST", "/api/query", '{"query": "SHOW TYPES"}', headers={"Host": "evil.example:%d" % sv.port})
    ok(st == 403, "foreign Host on a query: 403")
    st, _, _ = sv.request("GET", "/api/info", headers={"Host": "localhost:%d" % sv.port})
    ok(st == 200, "Host localhost:PORT: 200")
    st, _, _ = sv.request("POST", "/api/query", '{"query": "SHOW TYPES"}',
                          headers={"Origin": "http://evil.example"})
    ok(st == 403, "foreign Origin: 403")
    st, _, _ = sv.request("POST", "/api/query", '{"query": "SHOW TYPES"}',
                          headers={"Origin": "http://127.0.0.1:%d" % sv.port})
    ok(st == 200, "our own Origin: 200")

    # ---- static files come from the binary, never from a path
    for path in ["/app.js", "/style.css", "/d3.min.js"]:
        st, h, data = sv.request("GET", path)
        ok(st == 200 and len(data) > 0, "GET %s" % path, st)
    for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/engine/web/app.js", "/CMakeLists.txt"]:
        st, _, data = sv.request("GET", path)
        ok(st == 404 and b"root:" not in data, "GET %s: 404" % path, st)

    # ---- writes without --write: refused, nothing changed
    before = kg("export", db, "dump").stdout
    for q in ['CREATE (x:person {name: "Nobody Newman"})',
              'MATCH (a {name: "Trump"}) SET a.rank = "president"',
              'ALIAS "The Donald" FOR "Trump"',
              'MATCH (a {name: "Esper"}) DETACH DELETE a',
              'MATCH (a) RETURN count(a); CREATE (x:person {name: "Nobody Newman"})']:
        st, got = sv.query(q)
        ok(st == 403 and got["error"]["code"] == "readonly" and "read-only" in got["error"]["message"],
           "write refused without --write: %s" % q[:30], got)
    ok(kg("export", db, "dump").stdout == before, "the database is unchanged (kg export dump)")
    st, got = sv.query('MATCH (x {name: "Nobody Newman"}) RETURN x')
    ok(st == 200 and got["rows"] == [], "the refused node is not there")

    # ---- malformed requests
    for body, why in [("{\"query\": ", "truncated JSON"), ("not json", "not JSON"),
                      ("[1, 2]", "not an object"), ("{}", "no query"), ('{"query": 5}', "query not text"),
                      ('{"query": "SHOW TYPES", "params": [1]}', "params not an object"),
                      ('{"query": "SHOW TYPES"} x', "text after the object"),
                      ('{"query": "SHOW TYPES", "offset": -1}', "negative offset"), ("", "empty body")]:
        st, _, data = sv.request("POST", "/api/query", body)
        e = json.loads(data).get("error", {})
        ok(st == 400 and e.get("code") == "json", "malformed request (%s): 400" % why, data)
    st, _, _ = sv.request("GET", "/api/query")
    ok(st == 405, "GET /api/query: 405")
    st, _, _ = sv.request("POST", "/api/query", "x" * (1 << 21))
    ok(st == 413, "a request over 1 MiB: 413")

    # ---- query errors: message and byte position, as kg_erroffset gives them
    st, got = sv.query("MATCH (a)-[:killed]->(b) RETURN lenght(a)")
    e = got.get("error", {})
    ok(st == 400 and e.get("position") == 32 and e.get("code") == "semantic" and "did you mean 'length'" in e.get("message", ""),
       "unknown function: 400 with its position", got)
    st, got = sv.query("MATCH (a) RETURN a.name; MATCH (b) RETURN b.nme +")
    e = got.get("error", {})
    ok(st == 400 and e.get("code") == "syntax" and e.get("position") is not None and e["position"] > 24,
       "syntax error in a second statement: its position in the whole text", got)
    st, got = sv.query("MATCH (a {name: $who}) RETURN a.name")
    ok(st == 400 and "$who" in got["error"]["message"], "a missing parameter: 400", got)
    st, got = sv.query("MATCH (a)-[:kiled]->(b) RETURN a")
    ok(st == 200 and got["rows"] == [] and "kiled" in got.get("warning", "") and "did you mean 'killed'" in got["warning"],
       "an unknown relation: no rows, and a warning saying why", got)
    st, got = sv.query("MATCH (a)-[:killed]->(b) RETURN a")
    ok(st == 200 and "warning" not in got, "no warning when there is nothing to say", got)
    st, got = sv.query("MATCH (a {name: $who})-[:killed]->(v) RETURN v.name ORDER BY v.name", {"who": "Trump"})
    ok(st == 200 and got["rows"] == [["Qasem Soleimani"]], "parameters bind", got)
    st, got = sv.query("RETURN $l AS l, $m.k AS k, $b AS b, $f AS f", {"l": [1, "two", None], "m": {"k": 3}, "b": True, "f": 1.5})
    ok(st == 200 and got["rows"] == [[[1, "two", None], 3, True, 1.5]], "lists, maps, booleans and floats bind", got)
    st, got = sv.query('MATCH (a {name: "al-Muhandis"}) RETURN a.name')
    ok(st == 200, "an alias resolves", got)

    # ---- paging: a row cap per answer, offset/limit and "more"
    q = "MATCH (d:document) RETURN d.name ORDER BY d.name"
    all_rows = sv.query(q)[1]["rows"]
    st, p1 = sv.query(q, limit=5)
    st2, p2 = sv.query(q, offset=5, limit=5)
    st3, p3 = sv.query(q, offset=10, limit=5)
    ok(len(all_rows) == 14 and p1["rows"] == all_rows[:5] and p1["more"] is True
       and p2["rows"] == all_rows[5:10] and p3["rows"] == all_rows[10:] and p3["more"] is False,
       "pages of 5 rows put together are the whole answer", [p1, p2, p3])
    sv.stop()

    small = Server(db, "--page", "3", "--max-memory", "0.05")
    st, got = small.query(q, limit=100)
    ok(st == 200 and len(got["rows"]) == 3 and got["limit"] == 3 and got["more"] is True,
       "--page caps the rows of one answer", got)
    st, got = small.query("MATCH (a), (b), (c) RETURN a.name, b.name, c.name ORDER BY a.name, b.name, c.name")
    ok(st == 400 and got["error"]["code"] == "limit", "a query past the memory limit: 400 limit", got)
    st, got = small.query("MATCH (a)-[r:killed]->(v) RETURN count(*)")
    ok(st == 200 and got["rows"] == [[4]], "the server answers after a refused query", got)
    small.stop()

    # ---- with --write
    wdb = os.path.join(tmp, "write.kg")
    shutil.copytree(db, wdb)
    w = Server(wdb, "--write")
    st, got = w.query('CREATE (x:person {name: "Nobody Newman"}) RETURN x.name')
    ok(st == 200 and got["rows"] == [["Nobody Newman"]], "--write: CREATE is done", got)
    w.stop()
    out = kg("query", wdb, 'MATCH (x:person {name: "Nobody Newman"}) RETURN x.name').stdout
    ok("Nobody Newman" in out, "and is in the database", out)

    # ---- 50 concurrent clients while another process loads documents
    ldb = os.path.join(tmp, "live.kg")
    kg("load", ldb, os.path.join(CORPUS, "01-k1-rocket-attack.md"), "--quiet")
    live = Server(ldb)
    per_doc = ("MATCH (d:document) OPTIONAL MATCH (e)-[m:mentioned-in]->(d) WITH d, count(m) AS mentions "
               "OPTIONAL MATCH (a)-[r]->(b) WHERE d.name IN r.docs AND r.modality IS NOT NULL "
               "RETURN d.name AS doc, mentions, count(r) AS facts ORDER BY doc")
    full = {r[0]: r[1:] for r in as_api(kg("query", db, per_doc, "--format", "json").stdout)}
    fifo = os.path.join(tmp, "pause")

    def fifty(label):
        answers = [None] * 50
        barrier = threading.Barrier(50)

        def client(i):
            barrier.wait()
            try:
                answers[i] = Server.query(live, per_doc)
            except Exception as e:  # a refused or broken connection is a failure
                answers[i] = (0, {"exception": repr(e)})

        ts = [threading.Thread(target=client, args=(i,)) for i in range(50)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        good = [a for a in answers if a[0] == 200]
        ok(len(good) == 50, "%s: 50 concurrent clients answered" % label,
           [a for a in answers if a[0] != 200][:3])
        first = good[0][1]["rows"] if good else None
        ok(all(a[1]["rows"] == first for a in good), "%s: every answer the same" % label)
        docs = {r[0]: r[1:] for r in (first or [])}
        half = [d for d in docs if docs[d] != full.get(d)]
        ok(first is not None and not half, "%s: every document shown is whole (its mentions and facts as after a full load)" % label,
           "half-loaded: %s" % half)
        return docs

    # (a) stopped inside a document's write transaction, before its commit
    os.mkfifo(fifo)
    env = dict(os.environ, KG_PAUSE_AT="commit:6", KG_PAUSE_FIFO=fifo)
    loader = subprocess.Popen([KG, "load", ldb, CORPUS, "--quiet"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    hold = os.open(fifo, os.O_WRONLY)  # returns when the loader waits at the point
    docs_a = fifty("load paused inside a commit")
    ok(1 <= len(docs_a) < 14, "load paused inside a commit: some documents, not all (%d)" % len(docs_a))
    os.close(hold)
    loader.wait()
    ok(loader.returncode == 0, "the load went on and finished")
    docs_b = fifty("after the load")
    ok(len(docs_b) == 14 and docs_b == full, "after the load: the whole corpus", docs_b)

    # (b) stopped between two documents of a second load into a fresh database
    os.unlink(fifo)
    live.stop()
    ldb2 = os.path.join(tmp, "live2.kg")
    kg("load", ldb2, os.path.join(CORPUS, "02-us-strikes-kataib-hezbollah.md"), "--quiet")
    live = Server(ldb2)
    os.mkfifo(fifo)
    env = dict(os.environ, KG_PAUSE_AT="doc:9", KG_PAUSE_FIFO=fifo)
    loader = subprocess.Popen([KG, "load", ldb2, CORPUS, "--quiet"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    hold = os.open(fifo, os.O_WRONLY)
    docs_c = fifty("load paused between documents")
    ok(1 <= len(docs_c) < 14, "load paused between documents: some documents, not all (%d)" % len(docs_c))
    os.close(hold)
    loader.wait()
    live.stop()
except Exception:
    ok(False, "the test ran to its end", traceback.format_exc())
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("1..%d" % n)
sys.exit(1 if failed else 0)
