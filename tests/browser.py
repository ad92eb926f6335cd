"""browser.py -- kg serve's page in a real browser (run by tests/browser.sh).

Headless Chromium, driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), opens
shareable links to a server on examples/corpus: a #q= link (the table, the
graph), an #entity= link by an alias (the card: type, aliases, relations
grouped with their support, evidence with document, date and sentence, the
timeline), a #q= link with an error (its position marked in the query
text) and #docs. Each step waits for the page's own promise (window.kgRoute)
or the load event, never for a time. The screenshot of the explorer for the
README is taken on the way: written to $KG_SCREENSHOT, else
$KG_BUILD/explorer.png.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import urllib.parse

KG = os.environ["KG_BIN"]
SRC = os.environ["KG_SRC"]
CHROMIUM = os.environ["KG_CHROMIUM"]
SHOT = os.environ.get("KG_SCREENSHOT") or os.path.join(os.environ.get("KG_BUILD", "."), "explorer.png")

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:40]:
            print("#   " + line)
    sys.stdout.flush()
    return cond


class Browser:
    """Chromium with the DevTools protocol on a pipe; one page, one session."""

    def __init__(self, profile):
        cmd_r, self.cmd_w = os.pipe()
        self.ev_r, ev_w = os.pipe()

        def fds():
            os.dup2(cmd_r, 3)
            os.dup2(ev_w, 4)

        self.p = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--disable-component-update", "--hide-scrollbars", "--force-color-profile=srgb",
             "--window-size=1400,1000", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(ev_w)
        self.buf = b""
        self.id = 0
        self.events = []
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = [t for t in targets if t["type"] == "page"][0]
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)

    def _read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.ev_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, **params):
        self.id += 1
        msg = {"id": self.id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method):
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    del self.events[: i + 1]
                    return m
            self.events.append(self._read())

    def open(self, url):
        """Load url afresh (from about:blank, so a #fragment change loads too)."""
        for u in ("about:blank", url):
            self.events = []
            self.call("Page.navigate", url=u)
            self.wait_event("Page.loadEventFired")

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr[:60], r["exceptionDetails"]))
        return r["result"].get("value")

    def settle(self):
        """Wait for the page's current route to have rendered."""
        return self.js("Promise.resolve(window.kgRoute).then(() => true)")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.p.wait()


tmp = tempfile.mkdtemp(prefix="kg-browser.")
server = None
server_err = None
browser = None
try:
    db = os.path.join(tmp, "news.kg")
    subprocess.run([KG, "load", db, os.path.join(SRC, "examples", "corpus"), "--quiet"], check=True)
    server_err = open(os.path.join(tmp, "serve.err"), "w+")
    server = subprocess.Popen([KG, "serve", db, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=server_err, text=True)
    url = server.stdout.readline().strip()
    ok(url.startswith("http://127.0.0.1:") and "?token=" in url, "kg serve prints its URL with a token", url)
    base = url.split("/?token=")[0]
    browser = Browser(os.path.join(tmp, "profile"))

    def table():
        return browser.js("JSON.stringify([...document.querySelectorAll('#table tbody tr')]"
                          ".map(tr => [...tr.cells].map(td => td.textContent)))")

    # ---- a #q= link, opened with the token: the redirect keeps the fragment
    q = ("MATCH (a)-[r:killed]->(v) RETURN a.name AS killer, v.name AS victim, r.count AS docs "
         "ORDER BY docs DESC, killer")
    browser.open(url + "#" + urllib.parse.urlencode({"q": q}, quote_via=urllib.parse.quote))
    browser.settle()
    ok(browser.js("location.search") == "", "the token left the address bar (a cookie now)")
    ok(browser.js("document.getElementById('query-text').value") == q, "the link's query is in the box")
    rows = json.loads(table())
    ok(rows == [["United States", "Abu Mahdi al-Muhandis", "2"], ["United States", "Qasem Soleimani", "2"],
                ["Donald Trump", "Qasem Soleimani", "1"], ["United States Armed Forces", "Abu Mahdi al-Muhandis", "1"]],
       "the table holds the query's rows", rows)
    ok(browser.js("document.getElementById('result-info').textContent") == "4 rows", "and says how many")

    # rows with nodes and relations: drawn as a graph
    q2 = 'MATCH (a)-[r]->(b {name: "Qasem Soleimani"}) RETURN a, r, b'
    browser.open(base + "/#" + urllib.parse.urlencode({"q": q2}, quote_via=urllib.parse.quote))
    browser.settle()
    names = json.loads(browser.js("JSON.stringify([...document.querySelectorAll('#graph .node text')].map(t => t.textContent).sort())"))
    ok("Qasem Soleimani" in names and "Donald Trump" in names and "United States" in names,
       "nodes of the rows are drawn", names)
    labels = json.loads(browser.js("JSON.stringify([...document.querySelectorAll('#graph .link text')].map(t => t.textContent))"))
    ok("killed" in labels, "edges are labelled by relation", labels)
    links = json.loads(browser.js("JSON.stringify([...document.querySelectorAll('#table a.node')].map(a => a.getAttribute('href')))"))
    ok(any("entity=Qasem+Soleimani" in h and "type=person" in h for h in links), "nodes in the table link to their card", links[:4])

    # a click on a node grows the graph by its neighbours
    before = browser.js("document.querySelectorAll('#graph .node').length")
    browser.js("""new Promise(done => {
        const n = [...document.querySelectorAll('#graph .node')].find(g => g.querySelector('text').textContent === 'Donald Trump');
        window.addEventListener('hashchange', () => done(window.kgRoute), {once: true});
        n.dispatchEvent(new MouseEvent('click', {bubbles: true}));
    })""")
    browser.settle()
    after_names = json.loads(browser.js("JSON.stringify([...document.querySelectorAll('#graph .node text')].map(t => t.textContent))"))
    ok(len(after_names) > before and "United States" in after_names,
       "a click on a node adds its neighbours (%d -> %d nodes)" % (before, len(after_names)), after_names)
    ok(browser.js("document.querySelector('#card h2').firstChild.textContent") == "Donald Trump",
       "and opens its card")

    # ---- an #entity= link by an alias: the card with its evidence
    browser.open(base + "/#entity=Suleimani")
    browser.settle()
    card = browser.js("document.getElementById('card').innerText")
    ok(browser.js("document.querySelector('#card h2').firstChild.textContent") == "Qasem Soleimani",
       "#entity=Suleimani opens Qasem Soleimani's card (the alias resolves)", card)
    ok(browser.js("document.querySelector('#card h2 .type').textContent") == "person", "with its type")
    ok("Soleimani" in browser.js("document.querySelector('#card .aliases').textContent"), "and its aliases")
    groups = json.loads(browser.js("JSON.stringify([...document.querySelectorAll('#card details.relgroup')].map(d => d.dataset.dir + ' ' + d.dataset.rel + ' ' + d.querySelector('summary .count').textContent))"))
    ok("in killed 2 · 3 documents" in groups, "relations grouped by direction and relation, with their support", groups)
    ev = json.loads(browser.js("""JSON.stringify([...document.querySelectorAll('#card details.relgroup[data-rel=killed] details.fact')].map(d => ({
        who: d.querySelector('summary a').textContent,
        ev: [...d.querySelectorAll('li.evidence')].map(li => li.textContent)})))"""))
    us = [f for f in ev if f["who"] == "United States"]
    ok(us and len(us[0]["ev"]) >= 2
       and any("A US drone strike killed Qasem Soleimani" in e and "03-soleimani-killed.md" in e and "2020-01-03" in e for e in us[0]["ev"])
       and any("08-sadr-march.md" in e and "2020-01-24" in e for e in us[0]["ev"]),
       "each fact's evidence: sentence, document and date", ev)
    dots = browser.js("document.querySelectorAll('#card #timeline circle.fact').length")
    ok(dots >= 5, "a timeline of its facts by date (%s dots)" % dots)
    men = browser.js("document.getElementById('card').innerText")
    ok("Documents that name it" in men and "03-soleimani-killed.md" in men, "the documents that name it")

    # the screenshot for the README: a neighbourhood drawn and a card open
    browser.open(base + "/#" + urllib.parse.urlencode({"q": "MATCH (a)-[r:killed|attacked]->(b) RETURN a, r, b"},
                                                      quote_via=urllib.parse.quote))
    browser.settle()
    browser.js("""new Promise(done => {
        window.addEventListener('hashchange', () => done(window.kgRoute), {once: true});
        location.hash = '#entity=Qasem%20Soleimani&type=person';
    })""")
    browser.settle()
    shot = browser.call("Page.captureScreenshot", format="png")
    with open(SHOT, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    ok(os.path.getsize(SHOT) > 10000, "screenshot written (%s)" % os.path.basename(SHOT))

    # ---- an error: the message, its position marked in the text
    bad = "MATCH (a)-[:killed]->(b) RETURN lenght(a)"
    browser.open(base + "/#" + urllib.parse.urlencode({"q": bad}, quote_via=urllib.parse.quote))
    browser.settle()
    ok(browser.js("document.querySelector('#query-mark mark') && document.querySelector('#query-mark mark').textContent") == "lenght",
       "an error's position is marked in the query text")
    ok("did you mean 'length'" in browser.js("document.getElementById('query-error').textContent"), "with the message")
    # the same, after a multi-byte character: the byte offset becomes the right character
    bad2 = 'MATCH (a {name: "Ḥezbollah"})-[:killed]->(b) RETURN lenght(a)'
    browser.open(base + "/#" + urllib.parse.urlencode({"q": bad2}, quote_via=urllib.parse.quote))
    browser.settle()
    ok(browser.js("document.querySelector('#query-mark mark') && document.querySelector('#query-mark mark').textContent") == "lenght",
       "the position is right after non-ASCII text")

    # an unknown relation: no rows, and the warning shown
    browser.open(base + "/#" + urllib.parse.urlencode({"q": "MATCH (a)-[:kiled]->(b) RETURN a"}, quote_via=urllib.parse.quote))
    browser.settle()
    ok("did you mean 'killed'" in browser.js("document.getElementById('query-error').textContent")
       and browser.js("document.getElementById('query-error').className") == "warning"
       and browser.js("document.getElementById('result-info').textContent") == "0 rows",
       "an unknown relation: 0 rows and the warning saying why")

    # ---- documents: dates and the facts each gave
    browser.open(base + "/#docs")
    browser.settle()
    docs = json.loads(browser.js("JSON.stringify([...document.querySelectorAll('#doctable tbody tr')].map(tr => [...tr.cells].map(td => td.textContent)))"))
    ok(len(docs) == 14 and docs[0][0] == "01-k1-rocket-attack.md" and docs[0][1] == "2019-12-28" and int(docs[0][3]) > 0,
       "#docs lists the 14 documents with their dates and fact counts", docs[:2])
    href = browser.js("document.querySelector('#doctable tbody tr:nth-child(3) a').getAttribute('href')")
    browser.open(base + "/" + href)
    browser.settle()
    rows = json.loads(table())
    ok(rows and any(r[0] == "United States" and r[1] == "killed" and r[2] == "Qasem Soleimani" for r in rows),
       "a document's link lists the facts it gave", rows[:3])

    # ---- a page without the token is refused
    browser.call("Network.enable")
    browser.call("Network.clearBrowserCookies")
    browser.open(base + "/")
    ok("needs the token" in browser.js("document.body.innerText"), "without the cookie the page is refused")
except Exception:
    ok(False, "the test ran to its end", traceback.format_exc())
finally:
    if browser:
        browser.close()
    if server:
        server.terminate()
        server.wait()
        server_err.seek(0)
        ok(server.returncode == 0, "kg serve stops cleanly on SIGTERM", server_err.read()[-3000:])
    shutil.rmtree(tmp, ignore_errors=True)

print("1..%d" % n)
sys.exit(1 if failed else 0)
