// Answer queries in node with the search files exactly as the browser gets them.
//   node search_node.js SUCHE_DIR SEARCH_CORE_JS < {"queries": [...], "raw": [...], "limit": 10}
// Prints {"load_ms", "hits": {query: [[id, score], ...]}, "raw": {query: [[ref, score], ...]},
//         "query_ms": {query: median ms of "repeat" runs}, "plans": {query: clauses}}. "raw" runs lunr's own idx.search() without search-core's
// planning, to compare lunr.js with lunr.py on the same index.
"use strict";
const fs = require("fs");
const path = require("path");

const [dir, corePath] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const read = (name) => fs.readFileSync(path.join(dir, name), "utf8");

const start = process.hrtime.bigint();
const lunr = require(path.resolve(dir, "lunr.js"));
require(path.resolve(dir, "lunr.stemmer.support.js"))(lunr);
require(path.resolve(dir, "lunr.de.js"))(lunr);
const core = require(path.resolve(corePath));
const searcher = core.create(lunr, JSON.parse(read("index.json")), JSON.parse(read("store.json")));
const loadMs = Number(process.hrtime.bigint() - start) / 1e6;

const out = { load_ms: loadMs, hits: {}, raw: {}, query_ms: {}, plans: {} };
const repeat = input.repeat || 1;
for (const q of input.queries || []) {
  let hits = [];
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    hits = searcher.search(q, input.limit || 10);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  out.query_ms[q] = times[Math.floor(times.length / 2)]; // the median: robust to a busy machine
  out.hits[q] = hits.map((h) => [h.id, h.score]);
  out.plans[q] = searcher.plan(q);
}
for (const q of input.raw || []) {
  out.raw[q] = searcher.index.search(q).map((h) => [h.ref, h.score]);
}
process.stdout.write(JSON.stringify(out));
