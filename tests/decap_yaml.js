// What the web form writes: Decap CMS's own YAML serialiser, run on documents given as JSON.
//
// Decap CMS (decap-cms-core src/formats/yaml.ts, `toFile`, and backend.ts `entryToRaw`) turns the
// entry's data into a node with the `yaml` package it depends on (1.x), sorts the top-level keys in
// the order of the collection's fields, stringifies the document and makes sure it ends in a newline.
// This script does the same, with that `yaml` package.
//
// stdin: JSON [{"data": {...}, "fields": ["id", "name", ...]}, ...]; stdout: JSON [text, ...].
// The yaml version is printed on stderr.
"use strict";
const path = require("path");

const root = process.argv[2] || path.resolve(__dirname, "..");
// package.json pins it as decap-yaml (npm:yaml@1.10.3): the 1.x release decap-cms-core ^1.8.3 resolves to
const yamlDir = path.join(root, "node_modules", "decap-yaml");
const yaml = require(yamlDir);
process.stderr.write(`yaml ${require(path.join(yamlDir, "package.json")).version}\n`);

// decap-cms-core src/formats/helpers.ts
function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    if (idxA > idxB) return 1;
    if (idxA < idxB) return -1;
    return 0;
  };
}

// decap-cms-core src/formats/yaml.ts toFile (no field comments: the form's config has none)
function toFile(data, sortedKeys) {
  const contents = yaml.createNode(data);
  contents.items.sort(sortKeys(sortedKeys, item => item.key && item.key.toString()));
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({ data, fields }) => {
    let content = toFile(data, fields);
    if (content.slice(-1) !== "\n") content += "\n";  // backend.ts entryToRaw
    return content;
  });
  process.stdout.write(JSON.stringify(out));
});
