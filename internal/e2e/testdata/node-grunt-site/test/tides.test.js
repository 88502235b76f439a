const test = require("node:test");
const assert = require("node:assert");
const { tides } = require("../src/node/index.js");

test("two harbours", () => assert.strictEqual(tides.length, 2));
