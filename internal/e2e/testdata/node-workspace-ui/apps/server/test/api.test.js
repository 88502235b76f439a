const assert = require("node:assert");
const test = require("node:test");

test("the server names its harbour", () => {
  assert.match(require("node:fs").readFileSync(require.resolve("../server.js"), "utf8"), /Saltcombe/);
});
