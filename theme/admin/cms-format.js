/* The YAML format of the editing interface: Decap CMS's own (decap-cms-core
   src/formats/yaml.ts: yaml 1.x, the same package and calls), with one change on saving.
   Decap writes YAML 1.2, where `no`, `on`, `y` or `1:20` are text and stay unquoted;
   the project reads YAML 1.1 (catalogue/records/yamlsafe.py), where they are a yes/no or a
   number. So every text that YAML 1.1 would read as something else, or that holds a tab
   (which PyYAML refuses unquoted), is written in double quotes; dates (2026-10-12) stay unquoted, since the project keeps them as text. Held to
   the project's reader by tests/editorial/test_cms_roundtrip.py. */
import { YAML } from "./yaml/index.js";

const TEXT = "tag:yaml.org,2002:str";
const KEPT_AS_TEXT = /^\d{4}-\d{2}-\d{2}$/;  // the project reads a date as it is written
const yaml11Document = new YAML.Document({ version: "1.1" });
yaml11Document.setSchema();
const yaml11 = yaml11Document.schema.tags.filter(
  (tag) => tag.default && tag.tag !== TEXT && tag.test
);

function readsAsOther(text) {
  if (text.includes("\t")) return true;  // PyYAML refuses a tab in an unquoted value
  if (KEPT_AS_TEXT.test(text)) return false;
  return yaml11.some((tag) => tag.test.test(text));
}

function quoteAmbiguous(node) {
  if (!node) return;
  if (node.items) {
    for (const item of node.items) {
      if (item && "value" in item && item.key !== undefined) quoteAmbiguous(item.value);
      else quoteAmbiguous(item);
    }
  } else if (typeof node.value === "string" && readsAsOther(node.value)) {
    node.type = "QUOTE_DOUBLE";
  }
}

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

function addComments(items, comments, prefix = "") {
  items.forEach((item) => {
    if (item.key !== undefined) {
      const itemKey = item.key.toString();
      const key = prefix ? `${prefix}.${itemKey}` : itemKey;
      if (comments[key]) {
        item.commentBefore = ` ${comments[key].split("\\n").join("\n ")}`;
      }
      if (Array.isArray(item.value?.items)) addComments(item.value.items, comments, key);
    }
  });
}

export const format = {
  fromFile(content) {
    if (content && content.trim().endsWith("---")) content = content.trim().slice(0, -3);
    const doc = YAML.parseDocument(content, { prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new Error(`YAML parsing error:\n${doc.errors.map((e) => e.message).join("\n")}`);
    }
    return doc.toJSON();
  },
  toFile(data, sortedKeys = [], comments = {}) {
    const contents = YAML.createNode(data);
    addComments(contents.items, comments);
    contents.items.sort(sortKeys(sortedKeys, (item) => item.key?.toString()));
    quoteAmbiguous(contents);
    const doc = new YAML.Document();
    doc.contents = contents;
    return doc.toString();
  },
};
