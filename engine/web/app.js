/*
 * app.js -- kg serve's page: query box, table, graph, entity cards, timeline,
 * documents. Talks only to the server's /api/ (POST /api/query, GET
 * /api/search, GET /api/info); every text from the database goes into the
 * page as text (textContent), never as markup. The address bar carries the
 * query or the entity (#q=..., #entity=NAME&type=T, #docs) so a link can be
 * shared, and opening one runs it. window.kgRoute is a promise for the
 * current route's rendering (the browser test waits on it).
 */
"use strict";

const $ = (id) => document.getElementById(id);
const hasD3 = typeof window.d3 !== "undefined";
const PAGE = 200; /* rows asked per answer (the server caps it too) */
const NEIGHBOURS = 25; /* neighbours added per click on a node */

/* ---------------------------------------------------------------- helpers */

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

async function api(path, body) {
  const opt = body === undefined ? {} : {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
  const r = await fetch(path, Object.assign({credentials: "same-origin"}, opt));
  let data;
  try {
    data = await r.json();
  } catch (e) {
    data = {error: {message: "the server answered " + r.status, position: null}};
  }
  if (!r.ok && !data.error) data.error = {message: "the server answered " + r.status, position: null};
  return data;
}

const query = (q, params, offset, limit) =>
  api("/api/query", {query: q, params: params || {}, offset: offset || 0, limit: limit || PAGE});

/* a type name in a pattern: `person` */
const label = (t) => "`" + String(t).replace(/`/g, "") + "`";

const isNode = (v) => v && typeof v === "object" && !Array.isArray(v) && "id" in v && "name" in v && "type" in v && !("src" in v);
const isEdge = (v) => v && typeof v === "object" && !Array.isArray(v) && "src" in v && "dst" in v;

const typeColours = new Map();
const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
function colour(type) {
  if (!typeColours.has(type)) typeColours.set(type, palette[typeColours.size % palette.length]);
  return typeColours.get(type);
}

function entityHref(n) {
  return "#" + new URLSearchParams({entity: n.name, type: n.type}).toString();
}

function nodeLink(n) {
  return el("a", {class: "node", href: entityHref(n), title: n.type}, n.name);
}

function typeBadge(t) {
  const b = el("span", {class: "type", text: t});
  b.style.background = colour(t);
  return b;
}

/* A value as DOM: nodes as links to their card, relations by type, lists
 * and maps as compact JSON, null as nothing. */
function renderValue(v) {
  if (v === null || v === undefined) return document.createTextNode("");
  if (isNode(v)) return nodeLink(v);
  if (isEdge(v)) return el("span", {class: "rel", text: v.type});
  if (Array.isArray(v) && v.length && v.every((x) => isNode(x) || isEdge(x))) {
    const s = el("span");
    v.forEach((x, i) => {
      if (i) s.append(" ");
      s.append(renderValue(x));
    });
    return s;
  }
  if (typeof v === "object") return el("span", {class: "json", text: JSON.stringify(v)});
  return document.createTextNode(String(v));
}

/* ---------------------------------------------------------------- the graph */

const graph = {nodes: new Map(), links: new Map(), page: new Map()};

function addToGraph(v) {
  if (isNode(v)) {
    if (!graph.nodes.has(v.id)) graph.nodes.set(v.id, {id: v.id, name: v.name, type: v.type});
  } else if (isEdge(v)) {
    if (!graph.links.has(v.id)) graph.links.set(v.id, {id: v.id, type: v.type, s: v.src, d: v.dst, count: v.count});
  } else if (Array.isArray(v)) v.forEach(addToGraph);
}

function drawGraph() {
  const svg = $("graph");
  while (svg.firstChild) svg.firstChild.remove();
  $("legend").textContent = "";
  if (!hasD3) {
    svg.append(document.createElementNS("http://www.w3.org/2000/svg", "text"));
    svg.lastChild.setAttribute("x", 10);
    svg.lastChild.setAttribute("y", 20);
    svg.lastChild.textContent = "d3.min.js is not in this build: no drawing";
    return;
  }
  const w = svg.clientWidth || 600, h = svg.clientHeight || 420;
  const nodes = [...graph.nodes.values()];
  const links = [...graph.links.values()].filter((l) => graph.nodes.has(l.s) && graph.nodes.has(l.d))
    .map((l) => Object.assign(l, {source: l.s, target: l.d}));
  if (!nodes.length) return;
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(110))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("collide", d3.forceCollide(28))
    .force("center", d3.forceCenter(w / 2, h / 2))
    .force("x", d3.forceX(w / 2).strength(0.05))
    .force("y", d3.forceY(h / 2).strength(0.08))
    .stop();
  /* a settled layout before the first drawing: the same picture every time */
  for (let i = 0; i < 300; i++) sim.tick();
  const root = d3.select(svg);
  root.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8")
    .attr("refX", 16).attr("refY", 0).attr("markerWidth", 7).attr("markerHeight", 7).attr("orient", "auto")
    .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", "#9aa3b5");
  const g = root.append("g");
  root.call(d3.zoom().scaleExtent([0.2, 4]).on("zoom", () => g.attr("transform", d3.event.transform)));
  const link = g.append("g").selectAll("g").data(links).enter().append("g").attr("class", "link");
  link.append("line").attr("marker-end", "url(#arrow)");
  link.append("text").text((d) => d.type);
  const node = g.append("g").selectAll("g").data(nodes).enter().append("g").attr("class", "node")
    .attr("data-id", (d) => d.id);
  node.append("circle").attr("r", 8).attr("fill", (d) => colour(d.type));
  node.append("title").text((d) => d.type + ": " + d.name);
  node.append("text").attr("x", 11).attr("y", 4).text((d) => (d.name.length > 40 ? d.name.slice(0, 38) + "…" : d.name));
  node.on("click", (d) => {
    location.hash = entityHref(d);
    expand(d);
  });
  node.call(d3.drag()
    .on("start", (d) => { if (!d3.event.active) sim.alphaTarget(0.2).restart(); d.fx = d.x; d.fy = d.y; })
    .on("drag", (d) => { d.fx = d3.event.x; d.fy = d3.event.y; })
    .on("end", (d) => { if (!d3.event.active) sim.alphaTarget(0); d.fx = null; d.fy = null; }));
  const place = () => {
    link.select("line").attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
      .attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
    link.select("text").attr("x", (d) => (d.source.x + d.target.x) / 2).attr("y", (d) => (d.source.y + d.target.y) / 2);
    node.attr("transform", (d) => "translate(" + d.x + "," + d.y + ")");
  };
  place();
  sim.on("tick", place);
  const types = [...new Set(nodes.map((n) => n.type))].sort();
  for (const t of types) $("legend").append(el("span", {}, typeBadge(t)));
}

/* A click on a node: the next NEIGHBOURS of its neighbours (every modality,
 * not the documents that mention it). */
async function expand(n) {
  const offset = graph.page.get(n.id) || 0;
  const q = "MATCH (a:" + label(n.type) + " {name: $name})-[r]-(b) WHERE a.name = $name " +
    "AND r.modality IS NOT NULL AND type(r) <> 'mentioned-in' RETURN a, r, b";
  const res = await query(q, {name: n.name}, offset, NEIGHBOURS);
  if (res.error) return;
  res.rows.forEach((row) => row.forEach(addToGraph));
  graph.page.set(n.id, offset + res.rows.length);
  drawGraph();
}

/* ---------------------------------------------------------------- queries */

let current = null; /* {q, params, offset, columns} of the table shown */

/* The byte offset the server gives, as an index into the JS string. */
function charIndex(s, byteOffset) {
  const enc = new TextEncoder();
  let bytes = 0, i = 0;
  for (const ch of s) {
    if (bytes >= byteOffset) return i;
    bytes += enc.encode(ch).length;
    i += ch.length;
  }
  return s.length;
}

function showError(text, err) {
  const box = $("query-error");
  box.hidden = false;
  box.textContent = err.message;
  const mark = $("query-mark");
  mark.textContent = "";
  if (err.position === null || err.position === undefined) return;
  const at = charIndex(text, err.position);
  const m = /^[\p{L}\p{N}_$-]+/u.exec(text.slice(at));
  const end = at + (m ? m[0].length : 1);
  mark.append(text.slice(0, at), el("mark", {class: "err", text: text.slice(at, end) || " "}), text.slice(end));
  const ta = $("query-text");
  ta.setSelectionRange(at, end);
}

function clearError() {
  $("query-error").hidden = true;
  $("query-error").className = "";
  $("query-mark").textContent = "";
}

function showTable(res, append) {
  const t = $("table");
  if (!append) {
    t.textContent = "";
    const head = el("tr");
    res.columns.forEach((c) => head.append(el("th", {text: c})));
    t.append(el("thead", {}, head), el("tbody"));
  }
  const body = t.tBodies[0];
  for (const row of res.rows) {
    const tr = el("tr");
    row.forEach((v) => tr.append(el("td", {}, renderValue(v))));
    body.append(tr);
  }
  const n = body.rows.length;
  $("result-info").textContent = n + " row" + (n === 1 ? "" : "s") + (res.more ? " (more to fetch)" : "");
  $("more").hidden = !res.more;
}

async function runQuery(q, offset) {
  $("docs").hidden = true;
  $("results").hidden = false;
  if (!offset) clearError();
  const res = await query(q, {}, offset || 0, PAGE);
  if (res.error) {
    showError(q, res.error);
    $("table").textContent = "";
    $("result-info").textContent = "";
    $("more").hidden = true;
    return;
  }
  current = {q, offset: (offset || 0) + res.rows.length};
  showTable(res, !!offset);
  if (res.warning) {
    /* a type or relation the database does not have: say why there are no rows */
    const box = $("query-error");
    box.hidden = false;
    box.className = "warning";
    box.textContent = res.warning;
  }
  let drew = false;
  for (const row of res.rows) for (const v of row) if (isNode(v) || isEdge(v) || Array.isArray(v)) { addToGraph(v); drew = true; }
  if (drew) drawGraph();
}

/* ---------------------------------------------------------------- entity cards */

function modBadge(m) {
  return el("span", {class: "mod mod-" + m, text: m});
}

function evidenceItem(e) {
  const meta = el("div", {class: "ev-meta"}, (e.date || "undated") + " · " + (e.doc || "no document"));
  if (e.modality && e.modality !== "asserted") meta.append(" · ", modBadge(e.modality));
  if (e.claimant) meta.append(" · by " + e.claimant);
  return el("li", {class: "evidence"}, el("div", {class: "sentence", text: e.sentence || ""}), meta);
}

function timeline(facts) {
  const dated = facts.filter((f) => f.date);
  const box = el("div", {id: "timeline-box"});
  if (!dated.length) return box;
  if (!hasD3) {
    const ul = el("ul");
    dated.sort((a, b) => (a.date < b.date ? -1 : 1)).forEach((f) => ul.append(el("li", {text: f.date + " " + f.label})));
    box.append(ul);
    return box;
  }
  const w = Math.max(($("card").clientWidth || 600) - 30, 300), h = 120;
  const svg = d3.select(box).append("svg").attr("id", "timeline").attr("viewBox", "0 0 " + w + " " + h);
  const parse = d3.utcParse("%Y-%m-%d");
  const ds = dated.map((f) => Object.assign({t: parse(f.date)}, f));
  let [lo, hi] = d3.extent(ds, (d) => d.t);
  if (+lo === +hi) { lo = d3.utcDay.offset(lo, -15); hi = d3.utcDay.offset(hi, 15); }
  const x = d3.scaleUtc().domain([lo, hi]).range([20, w - 20]).nice();
  svg.append("g").attr("class", "axis").attr("transform", "translate(0," + (h - 22) + ")").call(d3.axisBottom(x).ticks(6));
  const rels = [...new Set(ds.map((d) => d.rel))].sort();
  const y = d3.scalePoint().domain(rels).range([14, h - 36]).padding(0.5);
  const relColour = d3.scaleOrdinal(d3.schemeTableau10 || palette).domain(rels);
  svg.append("g").selectAll("circle").data(ds).enter().append("circle").attr("class", "fact")
    .attr("cx", (d) => x(d.t)).attr("cy", (d) => y(d.rel)).attr("r", 5).attr("fill", (d) => relColour(d.rel))
    .append("title").text((d) => d.date + " " + d.label + "\n" + (d.sentence || ""));
  svg.append("g").selectAll("text").data(rels).enter().append("text").attr("x", 2).attr("y", (d) => y(d) - 7)
    .attr("font-size", 10).attr("fill", (d) => relColour(d)).text((d) => d);
  return box;
}

async function openCard(name, type) {
  const card = $("card");
  card.hidden = false;
  card.textContent = "";
  if (!type) {
    /* a bare name: what the shell would resolve it to */
    const s = await api("/api/search?q=" + encodeURIComponent(name));
    const exact = (s.matches || []).filter((m) => m.match === "name");
    if (exact.length !== 1) {
      card.append(el("h2", {text: name}), el("p", {text: exact.length ? "This name is ambiguous:" : "No entity has this name; names containing it:"}));
      const ul = el("ul");
      (exact.length ? exact : s.matches || []).forEach((m) => ul.append(el("li", {}, nodeLink(m), typeBadge(m.type))));
      card.append(ul);
      return;
    }
    name = exact[0].name;
    type = exact[0].type;
  }
  const q = "MATCH (a:" + label(type) + " {name: $name}) WHERE a.name = $name " +
    "OPTIONAL MATCH (a)-[r]-(b) WHERE r.modality IS NOT NULL AND type(r) <> 'mentioned-in' " +
    "RETURN a, aliases(a) AS aliases, r, b, evidence(r) AS evidence";
  const [res, men] = await Promise.all([
    query(q, {name}, 0, 5000),
    query("MATCH (a:" + label(type) + " {name: $name})-[m:mentioned-in]->(d) WHERE a.name = $name " +
      "RETURN d.name AS doc, d.date AS date, size(evidence(m)) AS mentions ORDER BY date, doc", {name}, 0, 1000)]);
  if (res.error || !res.rows.length) {
    card.append(el("h2", {text: name}), el("p", {text: res.error ? res.error.message : "No such entity."}));
    return;
  }
  const a = res.rows[0][0];
  addToGraph(a);
  card.dataset.entity = a.name;
  card.append(el("h2", {}, a.name, typeBadge(a.type)));
  const aliases = (res.rows[0][1] || []).filter((x) => x !== a.name);
  if (aliases.length) card.append(el("div", {class: "aliases", text: "also: " + aliases.join(" · ")}));
  /* relations grouped by direction and relation, with their support */
  const groups = {out: new Map(), in: new Map()};
  const facts = [];
  for (const [, , r, b, ev] of res.rows) {
    if (!r) continue;
    const dir = r.src === a.id ? "out" : "in";
    if (!groups[dir].has(r.type)) groups[dir].set(r.type, []);
    groups[dir].get(r.type).push({r, b, ev: ev || []});
    const lbl = (dir === "out" ? r.type + " → " : "← " + r.type + " ") + b.name;
    for (const e of ev || []) facts.push(Object.assign({rel: r.type, label: lbl}, e));
  }
  const few = facts.length <= 8; /* evidence shown open when there is little */
  for (const dir of ["out", "in"]) {
    if (!groups[dir].size) continue;
    card.append(el("h3", {text: dir === "out" ? "Relations out" : "Relations in"}));
    for (const [rel, items] of [...groups[dir].entries()].sort()) {
      const support = items.reduce((s, it) => s + (it.r.count || 0), 0);
      const sec = el("details", {class: "relgroup", "data-rel": rel, "data-dir": dir});
      sec.open = true;
      sec.append(el("summary", {}, el("span", {class: "rel", text: rel}), " ", el("span", {class: "count", text: items.length + " · " + support + " document" + (support === 1 ? "" : "s")})));
      items.sort((x, y) => (y.r.count || 0) - (x.r.count || 0) || (x.b.name < y.b.name ? -1 : 1));
      for (const it of items) {
        const mods = [...new Set(it.ev.map((e) => e.modality))];
        const d = el("details", {class: "fact"});
        d.open = few;
        const sum = el("summary", {}, dir === "out" ? "→ " : "← ", nodeLink(it.b), " ", el("span", {class: "count", text: "(" + it.r.count + ")"}));
        mods.filter((m) => m !== "asserted").forEach((m) => sum.append(" ", modBadge(m)));
        d.append(sum);
        const ul = el("ul", {class: "evidence"});
        it.ev.slice().sort((x, y) => ((x.date || "") < (y.date || "") ? -1 : 1)).forEach((e) => ul.append(evidenceItem(e)));
        d.append(ul);
        sec.append(d);
      }
      card.append(sec);
    }
  }
  if (facts.length) card.append(el("h3", {text: "Timeline"}), timeline(facts));
  if (men.rows && men.rows.length) {
    card.append(el("h3", {text: "Documents that name it"}));
    const ul = el("ul");
    men.rows.forEach(([doc, date, n]) => ul.append(el("li", {}, el("a", {href: docHref(doc)}, doc), " " + (date || "") + " ", el("span", {class: "count", text: n + " mention" + (n === 1 ? "" : "s")}))));
    card.append(ul);
  }
  drawGraph();
}

/* ---------------------------------------------------------------- documents */

const docFacts = "MATCH (a)-[r]->(b) WHERE $doc IN r.docs AND r.modality IS NOT NULL AND type(r) <> 'mentioned-in' " +
  "UNWIND evidence(r) AS e WITH a, r, b, e WHERE e.doc = $doc " +
  "RETURN a, r, b, e.modality AS modality, e.claimant AS claimant, e.date AS date, e.sentence AS sentence";

function docHref(doc) {
  return "#" + new URLSearchParams({q: docFacts.replace(/\$doc/g, JSON.stringify(doc))}).toString();
}

async function showDocs() {
  $("results").hidden = true;
  const box = $("docs");
  box.hidden = false;
  box.textContent = "";
  const res = await query("MATCH (d:document) OPTIONAL MATCH (a)-[r]->(b) WHERE d.name IN r.docs AND " +
    "r.modality IS NOT NULL AND type(r) <> 'mentioned-in' " +
    "RETURN d.name AS document, d.date AS date, d.title AS title, count(r) AS facts ORDER BY date, document", {}, 0, 1000);
  if (res.error) {
    box.append(el("pre", {text: res.error.message}));
    return;
  }
  box.append(el("div", {class: "panel-title", text: res.rows.length + " documents (click one for the facts it gave)"}));
  const t = el("table", {id: "doctable"});
  const head = el("tr");
  res.columns.forEach((c) => head.append(el("th", {text: c})));
  t.append(el("thead", {}, head));
  const body = el("tbody");
  for (const [doc, date, title, facts] of res.rows)
    body.append(el("tr", {}, el("td", {}, el("a", {href: docHref(doc)}, doc)), el("td", {text: date || ""}),
      el("td", {text: title || ""}), el("td", {text: String(facts)})));
  t.append(body);
  box.append(t);
}

/* ---------------------------------------------------------------- search */

async function search(name) {
  const ul = $("search-results");
  ul.textContent = "";
  const s = await api("/api/search?q=" + encodeURIComponent(name));
  const ms = s.matches || [];
  if (!ms.length) ul.append(el("li", {text: "nothing named so"}));
  ms.forEach((m) => ul.append(el("li", {}, nodeLink(m), typeBadge(m.type))));
  ul.hidden = false;
}

/* ---------------------------------------------------------------- routes */

async function route() {
  const h = new URLSearchParams(location.hash.slice(1));
  $("search-results").hidden = true;
  if (h.has("q")) {
    const q = h.get("q");
    $("card").hidden = true;
    $("query-text").value = q;
    await runQuery(q, 0);
  } else if (h.has("entity")) {
    await openCard(h.get("entity"), h.get("type"));
  } else if (location.hash === "#docs") {
    $("card").hidden = true;
    await showDocs();
  }
}

async function info() {
  const i = await api("/api/info");
  if (i.error) return;
  document.title = "kg: " + i.database;
  $("dbinfo").textContent = i.database + " · " + i.nodes + " nodes, " + i.relations + " relations, " +
    i.documents + " documents · " + (i.write ? "writes allowed" : "read-only");
}

$("query").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = $("query-text").value;
  const hash = "#" + new URLSearchParams({q}).toString();
  if (location.hash === hash) window.kgRoute = runQuery(q, 0);
  else location.hash = hash;
});
$("query-text").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) $("run").click();
});
$("query-text").addEventListener("input", clearError);
$("more").addEventListener("click", () => current && runQuery(current.q, current.offset));
$("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const name = $("search-name").value.trim();
  if (name) search(name);
});
$("graph-clear").addEventListener("click", () => {
  graph.nodes.clear();
  graph.links.clear();
  graph.page.clear();
  drawGraph();
});
window.addEventListener("hashchange", () => { window.kgRoute = route(); });
window.kgRoute = Promise.all([info(), route()]);
