const { test } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");

test("the board's stylesheet is compiled", () => {
  assert.match(fs.readFileSync("public/css/board.css", "utf8"), /\.board \.tide/);
});
