const assert = require("node:assert");
const fs = require("node:fs");
const test = require("node:test");

test("the notebook starts with its first entry", () => {
  assert.match(fs.readFileSync("data/first.txt", "utf8"), /Saltcombe/);
});
