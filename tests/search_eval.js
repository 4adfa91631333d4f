/* Runs everyday queries through site_src/assets/bianmin-search.js (the code the site uses) in node.
   node tests/search_eval.js <bianmin-search.json> <bianmin-pinyin.json> <queries.json>
   queries.json: [{"q": ..., "want": [ids]}]. Prints JSON: per query the top five item ids, the query
   shortened as the search shortens it (question shapes removed) and the catalogue words the county's
   synonyms widened it by. */
"use strict";
const fs = require("fs");
const path = require("path");
const { Engine, pieces } = require(path.join(__dirname, "..", "site_src", "assets", "bianmin-search.js"));
const [indexFile, pinyinFile, queryFile] = process.argv.slice(2);
const engine = new Engine(JSON.parse(fs.readFileSync(indexFile, "utf8")), JSON.parse(fs.readFileSync(pinyinFile, "utf8")));
const queries = JSON.parse(fs.readFileSync(queryFile, "utf8"));
const out = queries.map(({ q }) => ({
  q,
  top: engine.search(q).filter(r => r.kind === "item").slice(0, 5).map(r => r.id),
  short: pieces(q).join(""),
  widened: engine.expand(q).extra,
}));
process.stdout.write(JSON.stringify(out));
